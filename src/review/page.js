// jixiao review: behaviour over the static page. Values and lines are linked
// both ways through data-line/data-line-end and the ids L<n> (prefixed per
// file when a page holds several); nothing here builds content from input
// except the JSON view, which uses textContent.
(function () {
  'use strict';
  var dataEl = document.getElementById('jixiao-data');
  var data = { files: [] };
  try { data = JSON.parse(dataEl ? dataEl.textContent : '{"files":[]}'); } catch (e) { /* page still works */ }
  var marked = [];
  var wide = window.matchMedia ? window.matchMedia('(min-width: 861px)') : { matches: true };

  function clear() {
    marked.forEach(function (el) {
      el.classList.remove('highlight');
      el.removeAttribute('aria-current');
    });
    marked = [];
  }
  function mark(el) {
    el.classList.add('highlight');
    el.setAttribute('aria-current', 'true');
    marked.push(el);
  }
  function fileOf(el) { return el.closest('section.file'); }
  function prefixOf(el) {
    var f = fileOf(el);
    return f ? (f.getAttribute('data-prefix') || '') : '';
  }
  function range(el) {
    var a = parseInt(el.getAttribute('data-line'), 10);
    var b = parseInt(el.getAttribute('data-line-end') || a, 10);
    return [a, b];
  }
  function setHash(id) {
    try { history.replaceState(null, '', '#' + id); } catch (e) { /* file: URLs may refuse */ }
  }

  // A value (or diagnostic, or drift row) → its source lines.
  function showLines(el) {
    var p = prefixOf(el), r = range(el), first = null;
    if (isNaN(r[0])) return;
    clear();
    if (el.classList.contains('v')) mark(el);
    for (var n = r[0]; n <= r[1]; n++) {
      var line = document.getElementById(p + 'L' + n);
      if (line) { mark(line); first = first || line; }
    }
    if (first) {
      first.scrollIntoView({ block: 'center' });
      setHash(first.id);
    }
  }

  // A source line → the values read from it.
  function showValues(line, scroll) {
    var n = parseInt(line.getAttribute('data-line'), 10), f = fileOf(line), first = null;
    clear();
    mark(line);
    if (!f) return;
    f.querySelectorAll('.records .v[data-line]:not(.form)').forEach(function (v) {
      var r = range(v);
      if (r[0] <= n && n <= r[1]) { mark(v); first = first || v; }
    });
    setHash(line.id);
    if (first && scroll && wide.matches) first.scrollIntoView({ block: 'nearest' });
  }

  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    if (t.closest('summary, details.json pre, .cmd, input, label')) return;
    var inRecords = t.closest('.records');
    if (inRecords) {
      var v = t.closest('.v[data-line], .lineref[data-line], .diag[data-line], .drift-row[data-line]');
      if (!v) return;
      e.preventDefault();
      anchor = v;
      if (current && current !== v.closest('.diag, .drift-row')) {
        current.classList.remove('current-problem');
        current = null;
      }
      showLines(v);
      return;
    }
    var line = t.closest('.src .l');
    if (line) {
      e.preventDefault();
      showValues(line, true);
    }
  });

  // Keys: j/n next problem, k/p previous, Escape clears.
  var current = null;
  var anchor = null;
  function problems() {
    var all = document.querySelectorAll(
      '.diag.sev-error, .diag.sev-warning, .drift-row, .file-problem');
    return Array.prototype.filter.call(all, function (el) { return el.offsetParent !== null; });
  }
  function go(step) {
    var list = problems();
    if (!list.length) return;
    var i = current ? list.indexOf(current) : -1;
    var next;
    if (i < 0 && anchor) {
      // From the last thing clicked: the nearest problem after (or before) it.
      var after = list.filter(function (el) {
        return anchor.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      var before = list.filter(function (el) { return after.indexOf(el) < 0 && el !== anchor; });
      next = step > 0 ? (after[0] || list[0]) : (before[before.length - 1] || list[list.length - 1]);
    } else if (i < 0) {
      next = step > 0 ? list[0] : list[list.length - 1];
    } else {
      next = list[(i + step + list.length) % list.length];
    }
    if (current) current.classList.remove('current-problem');
    current = next;
    current.classList.add('current-problem');
    if (current.hasAttribute('data-line')) showLines(current);
    current.scrollIntoView({ block: 'nearest' });
    current.focus({ preventScroll: true });
  }
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t instanceof Element && t.closest('input, textarea, select, [contenteditable]')) return;
    if (e.key === 'j' || e.key === 'n') { go(1); e.preventDefault(); }
    else if (e.key === 'k' || e.key === 'p') { go(-1); e.preventDefault(); }
    else if (e.key === 'Escape') { clear(); }
  });

  // The filter: records (and index rows) that need review only.
  var box = document.getElementById('only-review');
  function applyFilter() { document.body.classList.toggle('only-review', !!(box && box.checked)); }
  if (box) { box.addEventListener('change', applyFilter); applyFilter(); }

  // The record's JSON, shown on demand from the embedded data.
  document.querySelectorAll('details.json').forEach(function (d) {
    d.addEventListener('toggle', function () {
      var pre = d.querySelector('pre');
      if (!d.open || !pre || pre.textContent) return;
      var f = fileOf(d), k = f ? parseInt((f.id || 'f0').slice(1), 10) : 0;
      var i = parseInt(d.getAttribute('data-file-form'), 10);
      var file = data.files[k];
      if (file && file.records[i]) pre.textContent = JSON.stringify(file.records[i], null, 2);
    });
  });

  // Opened at #L<n>: show that line and its values.
  var m = /^#((?:f\d+-)?L\d+)$/.exec(location.hash);
  if (m) {
    var start = document.getElementById(m[1]);
    if (start && start.classList.contains('l')) {
      showValues(start, false);
      start.scrollIntoView({ block: 'center' });
    }
  }
})();
