//! Large texts read region by region: the records of a whole-text parse,
//! byte for byte, with the regions of one file parsed in parallel on the
//! rayon pool and handed on in pieces as they are done, so memory holds the
//! text and a few regions' records, not every record of the file.
//!
//! The grammar reads a text as a whole, and a few of its analyses look
//! across rows. Those that depend on the whole text (the pipe style, whether
//! the text is glued, its running headers) are computed first in one pass
//! over its lines (in parallel over line-aligned chunks) and handed to each
//! region. Those that look a few rows away (the reading mode of a row looks
//! 20 non-blank rows each way, spaced rows the columns of the 4 rows around)
//! decide where a text may be cut: only at a lone title line after a blank
//! line, at least [`REGION_BYTES`] into a region, where every row within 20
//! non-blank rows reads the same cut and whole, and after a line starting
//! with 注 since the last title. A cut is kept only when the parse shows the
//! form before it reached its 注 and ends at the region's last non-blank
//! line, and the title at the cut opened the next form; otherwise the two
//! regions are parsed again as one. Rows keep their line numbers in the
//! whole text; form indices are counted across regions; the file's last form
//! is checked for a cut table as in [`crate::parse_text`].
//!
//! Texts read as glued and texts too small to cut are parsed whole. Text
//! decoded from another encoding (or cleaned by the decoder) is cut like
//! clean UTF-8, the decoder's diagnostics put on the records the whole parse
//! puts them on; a file of [`WINDOWED_BYTES`] or more is then decoded window
//! by window (see [`parse_file_windows`]), so neither its bytes nor its text
//! are held whole. Standard input is read whole, then cut the same way.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::batch::{self, Input};
use crate::diagnostic::Diagnostic;
use crate::layout::{self, PipeStyle, Row};
use crate::record::Record;
use crate::{build, decode, glued, labels, native, segment, trust, validate};
use crate::{FileReport, Options};

/// Regions hold at least this many bytes of text; texts shorter than twice
/// this are parsed whole. Smaller regions hold fewer records in flight (one
/// region per thread, plus the one carried); of 64, 128, 256 and 512 KiB,
/// 256 KiB ran the fewest instructions, with a third less peak RSS than 512
/// KiB (BENCHMARKS.md, "Smaller regions").
pub const REGION_BYTES: usize = 256 << 10;

/// Non-blank rows looked at on each side of a cut: the reading mode of a row
/// depends on the 20 non-blank rows on each side of it, so rows up to 20 away
/// from the cut depend on rows up to 40 away.
const CONTEXT: usize = 41;

/// How many rows on each side spaced rows look at for their columns.
const NEAR_ROWS: usize = 4;

/// How far before a region's target end the search for a cut starts reading
/// rows, so the rows before the first candidate are known.
const LOOK_BACK: usize = 16 << 10;

/// What the whole text decides for every region: its pipe style, whether
/// some line is glued, and the lone lines that may be running headers.
#[derive(Debug, Default)]
pub struct Facts {
    style: Option<PipeStyle>,
    glued: bool,
    multi: usize,
    single: usize,
    /// Hashes of lone lines that pass every running-header test → how often
    /// they occur (the strings need not be kept: a region finds its own).
    counts: HashMap<u64, u32, BuildHasherDefault<IdHasher>>,
}

/// The identity hash for keys that are already hashes.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A 64-bit FNV-1a hash with a final mix: stable across runs and platforms.
fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The tests of [`segment::running_headers`] that need no label lookup.
fn cheap_candidate(row: &Row<'_>, text: &str) -> bool {
    row.cells.len() == 1 && cheap_text(text)
}

/// The tests of [`cheap_candidate`] on the text alone: any cell holding
/// such a text is a running header once the text is one.
fn cheap_text(text: &str) -> bool {
    // The cheapest tests first (the same tests, in another order).
    (6..=160).contains(&text.len())
        && !text.as_bytes().contains(&b' ')
        && !text.ends_with(['。', '.', ';', '；', ','])
        && (6..=40).contains(&text.chars().count())
}

/// The tests of [`segment::running_headers`] that look labels up.
fn costly_candidate(text: &str) -> bool {
    labels::match_label(text).is_none()
        && !segment::is_title(text)
        && segment::year_line(text).is_none()
}

/// The single filled cell of a row, if it has exactly one.
fn lone<'a>(row: &Row<'a>) -> Option<&'a str> {
    let mut filled = row.filled();
    match (filled.next(), filled.next()) {
        (Some(c), None) => Some(c.text),
        _ => None,
    }
}

impl Facts {
    /// The facts of a whole text, computed in parallel over line-aligned
    /// chunks; chunks left once `stop` is set are skipped (the caller stops).
    pub fn of(text: &str, stop: &AtomicBool) -> Facts {
        let style = if text.contains('|') {
            layout::pipe_style(text)
        } else {
            PipeStyle::Delimited
        };
        let mut all = Facts::gather(text, style, stop);
        all.finish();
        all
    }

    /// What `text` adds to the facts of a text read in `style`, not yet
    /// [finished](Facts::finish).
    fn gather(text: &str, style: PipeStyle, stop: &AtomicBool) -> Facts {
        let chunks = line_chunks(text, REGION_BYTES);
        let parts: Vec<Facts> = chunks
            .par_iter()
            .map(|c| {
                if stop.load(Ordering::Relaxed) {
                    Facts::default()
                } else {
                    Facts::of_lines(c, style)
                }
            })
            .collect();
        let mut all = Facts {
            style: Some(style),
            ..Facts::default()
        };
        for p in parts {
            all.merge(p);
        }
        all
    }

    fn merge(&mut self, p: Facts) {
        self.glued |= p.glued;
        self.multi += p.multi;
        self.single += p.single;
        if self.counts.is_empty() {
            self.counts = p.counts;
        } else {
            for (h, n) in p.counts {
                *self.counts.entry(h).or_default() += n;
            }
        }
    }

    /// Keeps the lines counted twice or more: the running headers.
    fn finish(&mut self) {
        self.counts.retain(|_, n| *n >= 2);
        self.counts.shrink_to_fit();
    }

    fn of_lines(text: &str, style: PipeStyle) -> Facts {
        let mut f = Facts::default();
        // The facts read only the cells' text and the rows' layout: one cell
        // buffer for every line, and no column widths.
        let mut cells = Vec::new();
        for (_, line) in layout::lines(text) {
            let row = layout::split_row_texts(line, style, std::mem::take(&mut cells));
            if !f.glued && glued::is_glued_row(&row) {
                f.glued = true;
            }
            let (first, second) = {
                let mut filled = row.filled();
                (filled.next().copied(), filled.next().copied())
            };
            match (first, second) {
                // As in `segment::running_headers`: a row of words one space
                // apart is a row of several cells.
                (Some(c), None) if c.text.trim().contains(' ') => f.multi += 1,
                (Some(c), None) => {
                    f.single += 1;
                    if cheap_candidate(&row, c.text) && costly_candidate(c.text) {
                        *f.counts.entry(hash(c.text)).or_default() += 1;
                    }
                }
                (Some(_), Some(_)) => f.multi += 1,
                _ => {}
            }
            cells = row.cells;
        }
        f
    }

    fn style(&self) -> PipeStyle {
        self.style.unwrap_or(PipeStyle::Delimited)
    }

    /// The running headers of the whole text among a region's rows, as
    /// [`segment::running_headers`] of the whole text would name them.
    fn headers<'a>(&self, rows: &[Row<'a>]) -> HashMap<&'a str, usize> {
        let mut out = HashMap::new();
        if self.multi < self.single || self.counts.is_empty() {
            return out;
        }
        // The grammar looks every cell up, whatever its row.
        for c in rows.iter().flat_map(|r| r.filled()) {
            if cheap_text(c.text) {
                if let Some(&n) = self.counts.get(&hash(c.text)) {
                    out.insert(c.text, n as usize);
                }
            }
        }
        out
    }
}

/// Splits a text into pieces of about `size` bytes, each ending after a `\n`.
fn line_chunks(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > size {
        let cut = rest.as_bytes()[size..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| size + i + 1);
        let (a, b) = rest.split_at(cut);
        out.push(a);
        rest = b;
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// A stretch of the text parsed on its own: `[from, to)` in bytes, its first
/// line's 1-based number, and its parse once done.
struct Region {
    from: usize,
    to: usize,
    line: usize,
    parsed: Option<Parsed>,
}

/// What a region's parse produced, before the file-level steps.
struct Parsed {
    /// Built, not yet validated.
    records: Vec<Record>,
    stray: Vec<Diagnostic>,
    /// The first form's first line and its title's line.
    first: Option<(usize, Option<usize>)>,
    /// The last form reached its 注 and ends at the region's last non-blank line.
    ends_whole: bool,
}

fn parse_region(path: &str, encoding: &str, text: &str, region: &Region, facts: &Facts) -> Parsed {
    let shift = region.line - 1;
    let mut last_nonblank = 0;
    let part = &text[region.from..region.to];
    // One allocation for the region's rows: a line per line break, and one after the last.
    let breaks = crate::substr::count_byte(part.as_bytes(), b'\n')
        + crate::substr::count_byte(part.as_bytes(), b'\r');
    let mut rows: Vec<Row<'_>> = Vec::with_capacity(breaks + 1);
    rows.extend(layout::lines(part).map(|(no, l)| {
        let row = layout::split_row_in(no + shift, l, facts.style());
        if !row.is_blank() {
            last_nonblank = row.line;
        }
        row
    }));
    layout::join_quoted_cells(&mut rows, part);
    layout::join_terminated_cells(&mut rows, part, facts.style());
    let running = facts.headers(&rows);
    let mut doc = crate::regions::read_part(&rows, running, false);
    let covers = std::mem::take(&mut doc.covers);
    drop(rows);
    let origin = build::Origin { path, encoding };
    let mut built: Vec<(Record, Option<usize>, bool)> = doc
        .forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let title = f.title.map(|t| t.line);
            let ends = !f.note.is_empty() && f.line_end == last_nonblank;
            (build::build(f, origin, i), title, ends)
        })
        .collect();
    // The last form, template or not, ends the region: else text after it
    // would be read with the next region's first form.
    let ends_whole = built.last().is_some_and(|b| b.2);
    // A blank template is no record: what was said of it goes on a record
    // by its lines, as `parse_document` does.
    let mut blank = Vec::new();
    built.retain_mut(|(r, _, _)| !crate::set_aside_blank(r, &mut blank));
    let first = built.first().map(|(r, t, _)| (r.source.line_start, *t));
    let mut records: Vec<Record> = built.into_iter().map(|(r, _, _)| r).collect();
    for (i, r) in records.iter_mut().enumerate() {
        r.source.form_index = i;
    }
    // As `parse_document` does: a cover fills the form after it.
    crate::regions::apply_covers(&covers, &mut records);
    let mut stray = doc.stray;
    stray.append(&mut blank);
    Parsed {
        records,
        stray,
        first,
        ends_whole,
    }
}

/// Finds where the region starting at `from` (line `line`) ends: the next
/// cut at or after `from + region_bytes` (see the module documentation), as
/// a byte offset and its line number, or the end of the text.
fn next_cut(
    text: &str,
    from: usize,
    line: usize,
    region_bytes: usize,
    style: PipeStyle,
) -> (usize, usize) {
    let end = (text.len(), 0);
    let target = from.saturating_add(region_bytes);
    if target >= text.len() || text.len() - target < region_bytes / 2 {
        return end;
    }
    // Start reading rows a little before the target, at a line start.
    let mut start = target.saturating_sub(LOOK_BACK).max(from);
    if start > from {
        match text.as_bytes()[start..target]
            .iter()
            .position(|&b| b == b'\n')
        {
            Some(i) => start += i + 1,
            None => start = from,
        }
    }
    let no = line + layout::lines(&text[from..start]).count();
    let base = text.as_ptr() as usize;
    let mut ring: std::collections::VecDeque<usize> =
        std::collections::VecDeque::with_capacity(CONTEXT + 1);
    let mut prev_blank = false;
    let mut noted = false;
    // Only the cells' text is read here: one cell buffer, no column widths.
    let mut cells = Vec::new();
    for (k, l) in layout::lines(&text[start..]) {
        let offset = l.as_ptr() as usize - base;
        let row = layout::split_row_texts(l, style, std::mem::take(&mut cells));
        let blank = row.is_blank();
        let text_here = lone(&row);
        let title = !blank && row.cells.len() == 1 && text_here.is_some_and(segment::is_title);
        cells = row.cells;
        if title {
            if offset >= target
                && prev_blank
                && noted
                && ring.len() == CONTEXT
                && ring
                    .front()
                    .is_some_and(|&f| seam_reads_the_same(text, style, f, offset))
            {
                return (offset, no + k - 1);
            }
            noted = false;
        } else if !blank && layout::trim_cell(l).starts_with('注') {
            noted = true;
        }
        if !blank {
            if ring.len() == CONTEXT {
                ring.pop_front();
            }
            ring.push_back(offset);
        }
        prev_blank = blank;
    }
    end
}

/// True when the rows around a cut at `at` read the same in the whole text
/// and in the regions on either side: the same reading mode for every row
/// within 20 non-blank rows of it, and no spaced cell within 4 rows whose
/// neighbouring columns lie across it. `from` is the offset of the row
/// [`CONTEXT`] non-blank rows before the cut.
fn seam_reads_the_same(text: &str, style: PipeStyle, from: usize, at: usize) -> bool {
    let before: Vec<Row<'_>> = layout::lines(&text[from..at])
        .map(|(no, l)| layout::split_row_in(no, l, style))
        .collect();
    let mut after = Vec::new();
    let mut nonblank = 0;
    for (no, l) in layout::lines(&text[at..]) {
        let row = layout::split_row_in(no, l, style);
        if !row.is_blank() {
            nonblank += 1;
        }
        after.push(row);
        if nonblank == CONTEXT {
            break;
        }
    }
    let mut joined = before.clone();
    joined.extend(after.iter().cloned());
    let whole = segment::modes(&joined);
    let (whole_before, whole_after) = whole.split_at(before.len());
    let cut_before = segment::modes(&before);
    let cut_after = segment::modes(&after);
    let mut seen = 0;
    for (i, row) in before.iter().enumerate() {
        if !row.is_blank() {
            seen += 1;
        }
        if seen > 20 && whole_before[i] != cut_before[i] {
            return false;
        }
    }
    let mut seen = 0;
    for (i, row) in after.iter().enumerate() {
        if seen > 20 {
            break;
        }
        if !row.is_blank() {
            seen += 1;
        }
        if whole_after[i] != cut_after[i] {
            return false;
        }
    }
    // Spaced rows: a cell with a space near the cut must not see columns across it.
    let has_starts = |r: &Row<'_>| {
        r.layout == Some(crate::record::Layout::Spaces) && r.filled().nth(1).is_some()
    };
    let sensitive = |r: &Row<'_>| r.filled().any(|c| c.text.contains(' '));
    let tail = &before[before.len().saturating_sub(NEAR_ROWS)..];
    let head = &after[..after.len().min(NEAR_ROWS)];
    let starts_before = tail.iter().any(has_starts);
    let starts_after = head.iter().any(has_starts);
    !(starts_after && tail.iter().any(sensitive) || starts_before && head.iter().any(sensitive))
}

/// Why a run over a text ended early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// `stop` was set (Ctrl-C).
    Interrupted,
    /// The sink asked to stop.
    Sink,
}

/// Parses decoded text into the records [`crate::parse_text`] makes of it,
/// handing them to `sink` in pieces (each a report holding the next records
/// in order; the last piece says so, and carries the file's size `bytes`)
/// after `map` has run on each piece on the pool. Regions of at least
/// `region_bytes` are parsed in parallel.
/// Checks `stop` between rounds of regions.
#[allow(clippy::too_many_arguments)]
pub fn parse_text_pieces<T: Send>(
    path: &str,
    text: &str,
    encoding: &str,
    bytes: usize,
    region_bytes: usize,
    stop: &AtomicBool,
    map: &(impl Fn(FileReport) -> T + Sync),
    sink: &mut impl FnMut(T, bool) -> bool,
) -> Result<(), Stopped> {
    parse_decoded_pieces(
        path,
        text,
        encoding,
        bytes,
        Vec::new(),
        region_bytes,
        stop,
        map,
        sink,
    )
}

/// Like [`parse_text_pieces`], for text decoded from a file whose decoding
/// said something (`decoded`: an encoding detected, malformed bytes, control
/// characters removed): each of those goes on the record [`crate::parse_bytes`]
/// would put it on, in the piece that holds that record, so the output is
/// the whole parse's.
#[allow(clippy::too_many_arguments)]
pub fn parse_decoded_pieces<T: Send>(
    path: &str,
    text: &str,
    encoding: &str,
    bytes: usize,
    decoded: Vec<Diagnostic>,
    region_bytes: usize,
    stop: &AtomicBool,
    map: &(impl Fn(FileReport) -> T + Sync),
    sink: &mut impl FnMut(T, bool) -> bool,
) -> Result<(), Stopped> {
    // A text in traditional characters is read through its simplified copy
    // (as [`crate::parse_text`] reads it), each piece given back its script.
    let pieces = Pieces {
        path,
        encoding,
        bytes,
        region_bytes,
    };
    let Some(folded) = crate::script::fold(text) else {
        return pieces.parse(text, decoded, stop, map, sink);
    };
    let restored = |mut report: FileReport| {
        crate::script::restore(&mut report, text, 1);
        map(report)
    };
    pieces.parse(&folded, decoded, stop, &restored, sink)
}

/// What [`parse_decoded_pieces`] knows of the file whose text it parses.
struct Pieces<'p> {
    path: &'p str,
    encoding: &'p str,
    bytes: usize,
    region_bytes: usize,
}

impl Pieces<'_> {
    /// [`parse_decoded_pieces`] for text in the vocabulary's own script.
    fn parse<T: Send>(
        &self,
        text: &str,
        decoded: Vec<Diagnostic>,
        stop: &AtomicBool,
        map: &(impl Fn(FileReport) -> T + Sync),
        sink: &mut impl FnMut(T, bool) -> bool,
    ) -> Result<(), Stopped> {
        let Pieces {
            path,
            encoding,
            bytes,
            region_bytes,
        } = *self;
        let whole = |sink: &mut dyn FnMut(T, bool) -> bool, decoded: Vec<Diagnostic>| {
            let mut report = crate::parse_text(path, text, encoding);
            report.bytes = bytes;
            crate::attach(&mut report, decoded);
            if sink(map(report), true) {
                Ok(())
            } else {
                Err(Stopped::Sink)
            }
        };
        let region_bytes = region_bytes.max(1);
        if text.len() < region_bytes.saturating_mul(2) {
            return whole(sink, decoded);
        }
        let facts = Facts::of(text, stop);
        if stop.load(Ordering::Relaxed) {
            return Err(Stopped::Interrupted);
        }
        if facts.glued {
            return whole(sink, decoded);
        }
        let mut run = Run::new(path, encoding, bytes, region_bytes, &facts);
        run.decoded = decoded;
        match run.text(text, 1, false, stop, map, sink)? {
            Some(_) => Ok(()),
            None => whole(sink, std::mem::take(&mut run.decoded)),
        }
    }
}

/// The state of one file's region parse, kept across the windows of a file
/// read in windows.
struct Run<'r> {
    path: &'r str,
    encoding: &'r str,
    bytes: usize,
    region_bytes: usize,
    facts: &'r Facts,
    /// Records handed on so far.
    index: usize,
    /// Every record handed on so far reached its 注.
    all_noted: bool,
    /// Nothing was handed on yet.
    first_round: bool,
    /// The decoder's diagnostics not yet put on a record, in their order.
    decoded: Vec<Diagnostic>,
    /// The file ends without a line break: its last line.
    end: Option<crate::TextEnd>,
}

impl<'r> Run<'r> {
    fn new(
        path: &'r str,
        encoding: &'r str,
        bytes: usize,
        region_bytes: usize,
        facts: &'r Facts,
    ) -> Self {
        Run {
            path,
            encoding,
            bytes,
            region_bytes,
            facts,
            index: 0,
            all_noted: true,
            first_round: true,
            decoded: Vec::new(),
            end: None,
        }
    }

    /// Parses `text`, whose first line is line `line0` of the file, and
    /// hands on its records. With `more` the file goes on after `text`: the
    /// stretch after the last cut that held is not parsed, and its offset
    /// and line are returned (the caller reads on and calls again from
    /// there). `Ok(None)` when the text is the whole file and holds no cut
    /// (nothing was handed on: parse it whole).
    #[allow(clippy::too_many_arguments)]
    fn text<T: Send>(
        &mut self,
        text: &str,
        line0: usize,
        more: bool,
        stop: &AtomicBool,
        map: &(impl Fn(FileReport) -> T + Sync),
        sink: &mut impl FnMut(T, bool) -> bool,
    ) -> Result<Option<(usize, usize)>, Stopped> {
        let (path, encoding) = (self.path, self.encoding);
        let style = self.facts.style();
        let threads = rayon::current_num_threads().max(1);
        // New regions parsed per round: one per thread, so each is busy and no
        // more regions' records are held than are parsed at once (the region
        // carried from the round before is already parsed). At least two
        // regions a round, so the first round hands one on.
        let mut carry: Option<Region> = None;
        let mut pos = 0usize;
        let mut line = line0;
        loop {
            if stop.load(Ordering::Relaxed) {
                return Err(Stopped::Interrupted);
            }
            let mut regions: Vec<Region> = carry.take().into_iter().collect();
            let per_round = (regions.len() + threads).max(2);
            let mut hit_end = false;
            while regions.len() < per_round && pos < text.len() {
                let (to, next_line) = next_cut(text, pos, line, self.region_bytes, style);
                if to >= text.len() && more {
                    // The region may go on in the next window.
                    hit_end = true;
                    break;
                }
                regions.push(Region {
                    from: pos,
                    to,
                    line,
                    parsed: None,
                });
                pos = to;
                line = next_line;
            }
            let at_end = pos >= text.len() && !more;
            if at_end {
                self.end = crate::text_end(text, line0);
            }
            if hit_end && regions.len() < 2 {
                // Nothing that can be handed on yet: read on from the first region kept.
                return Ok(Some(
                    regions.first().map_or((pos, line), |r| (r.from, r.line)),
                ));
            }
            if self.first_round && at_end && regions.len() == 1 {
                return Ok(None);
            }
            // Parse, then join the regions on either side of every cut that did not hold.
            loop {
                let facts = self.facts;
                regions
                    .par_iter_mut()
                    .filter(|r| r.parsed.is_none())
                    .for_each(|r| {
                        let p = parse_region(path, encoding, text, r, facts);
                        r.parsed = Some(p);
                    });
                let mut bad = (1..regions.len())
                    .filter(|&k| !cut_holds(&regions[k - 1], &regions[k]))
                    .peekable();
                // The file's first region must hold a form, or text before it
                // would be reported on the next region's first form.
                let empty_first = self.first_round
                    && regions.len() > 1
                    && regions[0]
                        .parsed
                        .as_ref()
                        .is_some_and(|p| p.first.is_none());
                let bad: Vec<usize> = if empty_first {
                    vec![1]
                } else if bad.peek().is_some() {
                    bad.collect()
                } else {
                    break;
                };
                for &k in bad.iter().rev() {
                    let gone = regions.remove(k);
                    regions[k - 1].to = gone.to;
                    regions[k - 1].parsed = None;
                }
            }
            if self.first_round && at_end && regions.len() == 1 {
                return Ok(None);
            }
            if hit_end && regions.len() < 2 {
                return Ok(Some(
                    regions.first().map_or((pos, line), |r| (r.from, r.line)),
                ));
            }
            self.first_round = false;
            // The last region waits for the next round, which may join it.
            let keep = if at_end { None } else { regions.pop() };
            // The lines handed on end where the kept region (or the text) starts.
            let upto = keep
                .as_ref()
                .map_or(if at_end { None } else { Some(line) }, |r| Some(r.line));
            self.hand_on(regions, at_end, upto, map, sink)?;
            if at_end {
                return Ok(Some((text.len(), line)));
            }
            if hit_end {
                return Ok(Some(keep.map_or((pos, line), |r| (r.from, r.line))));
            }
            carry = keep;
        }
    }

    /// Validates the records of parsed regions and hands them on in order,
    /// one piece per region; at the end of the file, the last form is
    /// checked for a cut table first.
    /// `upto`: the first line not handed on (None at the end of the file).
    fn hand_on<T: Send>(
        &mut self,
        regions: Vec<Region>,
        at_end: bool,
        upto: Option<usize>,
        map: &(impl Fn(FileReport) -> T + Sync),
        sink: &mut impl FnMut(T, bool) -> bool,
    ) -> Result<(), Stopped> {
        let mut parts: Vec<(Vec<Record>, Vec<Diagnostic>, Vec<Diagnostic>)> =
            Vec::with_capacity(regions.len());
        let mut starts: Vec<usize> = Vec::with_capacity(regions.len());
        for r in regions {
            let Some(p) = r.parsed else { continue };
            let mut records = p.records;
            for rec in &mut records {
                rec.source.form_index += self.index;
            }
            // The decoder's diagnostics without a line go on the file's first record.
            let first_records = self.index == 0 && !records.is_empty();
            self.index += records.len();
            starts.push(r.line);
            let mut own = Vec::new();
            if first_records {
                own.extend(self.decoded.extract_if(.., |d| d.line.is_none()));
            }
            parts.push((records, p.stray, own));
        }
        // A decoder's diagnostic at line l goes to the piece whose region holds l (the
        // first piece for a line before it), as `attach` over the whole file would place it.
        if !self.decoded.is_empty() && !parts.is_empty() {
            let here = |l: usize| upto.is_none_or(|u| l < u);
            let mut i = 0;
            while i < self.decoded.len() {
                match self.decoded[i].line {
                    Some(l) if here(l) => {
                        let k = starts.iter().rposition(|&s| s <= l).unwrap_or(0);
                        let d = self.decoded.remove(i);
                        parts[k].2.push(d);
                    }
                    _ => i += 1,
                }
            }
        }
        if at_end {
            // The file's last form: cut inside its table when every other ends with its 注.
            let mut before_noted = self.all_noted;
            let n = parts.len();
            for (k, (rs, _, _)) in parts.iter_mut().enumerate() {
                let m = rs.len();
                for (i, r) in rs.iter_mut().enumerate() {
                    let last = k + 1 == n && i + 1 == m;
                    if last && self.index > 1 && before_noted {
                        crate::mark_cut_form(r);
                    }
                    before_noted &= r.note.is_some();
                }
            }
        }
        for (rs, _, _) in &parts {
            self.all_noted &= rs.iter().all(|r| r.note.is_some());
        }
        let count = parts.len();
        let (path, encoding, bytes) = (self.path, self.encoding, self.bytes);
        let end = self.end.filter(|_| at_end);
        let done: Vec<T> = parts
            .into_par_iter()
            .enumerate()
            .map(|(i, (mut records, stray, decoded))| {
                for r in &mut records {
                    validate::validate(r);
                    trust::assess(r);
                    r.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
                }
                if let Some(end) = end.filter(|_| i + 1 == count) {
                    crate::mark_cut_last_row(&mut records, end);
                }
                let mut report = FileReport {
                    path: path.to_owned(),
                    encoding: encoding.to_owned(),
                    records,
                    diagnostics: Vec::new(),
                    // Only the last piece carries the file's size, so a tally counts it once.
                    bytes: if at_end && i + 1 == count { bytes } else { 0 },
                };
                crate::attach(&mut report, stray);
                crate::attach(&mut report, decoded);
                map(report)
            })
            .collect();
        for (i, item) in done.into_iter().enumerate() {
            let last = at_end && i + 1 == count;
            if !sink(item, last) {
                return Err(Stopped::Sink);
            }
        }
        Ok(())
    }
}

/// True when the cut between two parsed regions holds: the form before it
/// reached its 注 and ends at its region's last non-blank line, and the
/// title at the cut opened the next form.
fn cut_holds(before: &Region, after: &Region) -> bool {
    let ended = before.parsed.as_ref().is_some_and(|p| p.ends_whole);
    let opened = after
        .parsed
        .as_ref()
        .and_then(|p| p.first)
        .is_some_and(|(start, title)| start == after.line && title == Some(after.line));
    // A diagnostic with no line goes to the file's first record, not the region's.
    let lined = after
        .parsed
        .as_ref()
        .is_some_and(|p| p.stray.iter().all(|d| d.line.is_some()));
    ended && opened && lined
}

/// Parses one input like [`batch::parse_input_until`], handing its records to
/// `sink` in pieces: a text file of at least twice [`REGION_BYTES`] is read
/// in regions on the pool (see [`parse_text_pieces`]); any other input is
/// one piece.
pub fn parse_input_pieces<T: Send>(
    input: &Input,
    options: &Options,
    stop: &AtomicBool,
    map: &(impl Fn(FileReport) -> T + Sync),
    sink: &mut impl FnMut(T, bool) -> bool,
) -> Result<(), Stopped> {
    let path = input.display();
    if let Input::File(p) = input {
        let size = std::fs::metadata(p).map_or(0, |m| m.len());
        if size >= WINDOWED_BYTES as u64 && size <= options.max_file_size {
            let sizes = (WINDOW_BYTES, REGION_BYTES);
            if let Some(done) = parse_file_windows(p, &path, options, sizes, stop, map, sink) {
                return done;
            }
            if stop.load(Ordering::Relaxed) {
                return Err(Stopped::Interrupted);
            }
        }
    }
    let bytes = match batch::read_input(input, options.max_file_size, stop) {
        Ok(b) => b,
        Err(d) => {
            let report = FileReport {
                path,
                encoding: String::new(),
                records: Vec::new(),
                diagnostics: vec![d],
                bytes: 0,
            };
            return if sink(map(report), true) {
                Ok(())
            } else {
                Err(Stopped::Sink)
            };
        }
    };
    let one = |sink: &mut dyn FnMut(T, bool) -> bool, report: FileReport| {
        if sink(map(report), true) {
            Ok(())
        } else {
            Err(Stopped::Sink)
        }
    };
    if bytes.len() < REGION_BYTES * 2
        || native::sniff(&path, &bytes) != crate::record::SourceFormat::Text
    {
        return one(sink, crate::parse_bytes(&path, &bytes, options));
    }
    let size = bytes.len();
    match decode::decode(&bytes, options.encoding) {
        Ok(decode::Decoded {
            text,
            encoding,
            diagnostics,
        }) => {
            // Text decoded from another encoding (or cleaned) is a copy: the bytes can go.
            let text = match text {
                std::borrow::Cow::Owned(t) => {
                    drop(bytes);
                    std::borrow::Cow::Owned(t)
                }
                borrowed => borrowed,
            };
            parse_decoded_pieces(
                &path,
                &text,
                encoding,
                size,
                diagnostics,
                REGION_BYTES,
                stop,
                map,
                sink,
            )
        }
        Err(_) => one(sink, crate::parse_bytes(&path, &bytes, options)),
    }
}

/// Like [`batch::run_map`], but a large text file is read in regions on the
/// pool (see [`parse_input_pieces`]) and its records reach `sink` in pieces
/// as they are done: `sink(item, last)` gets every piece of a file in order,
/// `last` set on the file's final one. Other files are parsed in parallel in
/// chunks as [`batch::run_map`] does. Stops when `stop` is set (checked
/// between chunks and between rounds of regions) or `sink` returns false.
pub fn run_map<T: Send>(
    inputs: &[Input],
    options: &Options,
    stop: &AtomicBool,
    map: impl Fn(FileReport) -> T + Sync,
    mut sink: impl FnMut(T, bool) -> bool,
) {
    let threads = rayon::current_num_threads();
    // Standard input has no size before it is read: it is read on its own, in
    // regions when it turns out large.
    let large = |i: &Input| match i {
        Input::File(p) => {
            std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() >= (REGION_BYTES * 2) as u64)
        }
        Input::Stdin => true,
        Input::Unlisted { .. } => false,
    };
    let size = |i: &Input| match i {
        Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        Input::Stdin | Input::Unlisted { .. } => 0,
    };
    let mut rest = inputs;
    while let Some(first) = rest.first() {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        if large(first) {
            rest = &rest[1..];
            if parse_input_pieces(first, options, stop, &map, &mut sink).is_err() {
                return;
            }
            continue;
        }
        let mut n = 0;
        let mut bytes = 0u64;
        while n < rest.len().min(batch::CHUNK)
            && (n < threads || bytes < batch::CHUNK_BYTES)
            && !large(&rest[n])
        {
            bytes += size(&rest[n]);
            n += 1;
        }
        let (chunk, tail) = rest.split_at(n);
        rest = tail;
        let done: Vec<T> = chunk
            .par_iter()
            .map(|input| map(batch::parse_input_until(input, options, stop)))
            .collect();
        for item in done {
            if stop.load(Ordering::Relaxed) || !sink(item, true) {
                return;
            }
        }
    }
}

/// Text files at least this large are read in windows (twice: once for the
/// whole text's facts, once to parse; a file that is not clean UTF-8 once
/// more before, for its encoding), so memory holds a window and the regions
/// in flight, not the file.
pub const WINDOWED_BYTES: usize = 64 << 20;

/// How much a window reads at a time.
const WINDOW_BYTES: usize = 8 << 20;

/// Reads a file in windows ending at line breaks: `each(window, last)`.
/// `None` (nothing read further) when `each` returns false or a read fails.
/// `keep` says how many bytes at the end of the window the next window
/// starts with (what `each` could not finish).
fn windows(
    path: &std::path::Path,
    window_bytes: usize,
    stop: &AtomicBool,
    mut each: impl FnMut(&[u8], bool) -> Option<usize>,
) -> Option<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let window_bytes = window_bytes.max(1);
    let mut buf: Vec<u8> = Vec::with_capacity(window_bytes + (1 << 16));
    let mut eof = false;
    loop {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let want = buf.len() + window_bytes;
        while !eof && buf.len() < want {
            let from = buf.len();
            buf.resize(want, 0);
            match file.read(&mut buf[from..]) {
                Ok(0) => {
                    buf.truncate(from);
                    eof = true;
                }
                Ok(n) => buf.truncate(from + n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(from),
                Err(_) => return None,
            }
        }
        if cut_window(&mut buf, eof, &mut each)? {
            return Some(());
        }
    }
}

/// A window loop's buffer: the file's bytes ([`windows`]) or its decoded
/// text ([`decoded_windows`]), so both cut and drain it alike.
trait WindowBuf: AsRef<[u8]> + std::ops::Index<std::ops::RangeTo<usize>> {
    /// Drops the first `n` bytes (up to a line start).
    fn drop_front(&mut self, n: usize);
}

impl WindowBuf for Vec<u8> {
    fn drop_front(&mut self, n: usize) {
        self.drain(..n);
    }
}

impl WindowBuf for String {
    fn drop_front(&mut self, n: usize) {
        self.drain(..n);
    }
}

/// Hands `each` the window in `buf`: up to its last line break, or all of it
/// once the file ended (`eof`); then drops what was handed on but the bytes
/// at its end `each` keeps for the next window. `Some(true)` when the file
/// is done, `Some(false)` to read on (also when `buf` holds no line break
/// yet), `None` when `each` stops.
fn cut_window<B: WindowBuf>(
    buf: &mut B,
    eof: bool,
    each: &mut impl FnMut(&B::Output, bool) -> Option<usize>,
) -> Option<bool> {
    let end = if eof {
        buf.as_ref().len()
    } else {
        match buf.as_ref().iter().rposition(|&b| b == b'\n') {
            Some(i) => i + 1,
            None => return Some(false),
        }
    };
    let keep = each(&buf[..end], eof)?;
    if eof {
        return Some(true);
    }
    buf.drop_front(end - keep.min(end));
    Some(false)
}

/// Parses a large file read in windows of `sizes.0` bytes and regions of
/// `sizes.1`, when it is text that is not glued: clean UTF-8 text (what
/// [`decode::decode`] would borrow as it is) is read as it is; any other text
/// (GB18030, GBK, UTF-16, a byte order mark, malformed bytes, control
/// characters) is decoded window by window as [`decode::decode`] decodes it
/// whole (see [`decode::StreamDecoder`]), the decoder's diagnostics put on the
/// records the whole parse puts them on. `None` (nothing handed on)
/// otherwise, to be read whole. Public for tests, which use small windows.
pub fn parse_file_windows<T: Send>(
    file: &std::path::Path,
    path: &str,
    options: &Options,
    sizes: (usize, usize),
    stop: &AtomicBool,
    map: &(impl Fn(FileReport) -> T + Sync),
    sink: &mut impl FnMut(T, bool) -> bool,
) -> Option<Result<(), Stopped>> {
    let size = std::fs::metadata(file).ok()?.len() as usize;
    let (window_bytes, region_bytes) = sizes;
    if options.encoding.is_none_or(|e| e == encoding_rs::UTF_8) {
        // Pass 1: the text is clean UTF-8, its pipe style and facts.
        if let Some((facts, terminated)) =
            pass_one(file, path, window_bytes, PipeStyle::Delimited, stop)
        {
            let facts = settle(facts, terminated, |style| {
                Some(pass_one(file, path, window_bytes, style, stop)?.0)
            })?;
            // Pass 2: regions, window by window.
            let encoding = encoding_rs::UTF_8.name();
            let mut run = Run::new(path, encoding, size, region_bytes, &facts);
            let mut step = Step::new(&mut run);
            let read = windows(file, window_bytes, stop, |w, last| {
                let text = simdutf8::basic::from_utf8(w).ok()?;
                step.window(text, last, stop, map, sink)
            });
            return Some(step.outcome(read));
        }
        if stop.load(Ordering::Relaxed) {
            return None;
        }
    }
    decoded_file_windows(
        file,
        path,
        options,
        (size, window_bytes, region_bytes),
        stop,
        map,
        sink,
    )
}

/// The facts of pass one made final: read `again` with the terminated pipe
/// style when the first reading found rows ending in `|`. None when that
/// reading fails or the text is unseparated (such text is read whole).
fn settle(
    facts: Facts,
    terminated: bool,
    again: impl FnOnce(PipeStyle) -> Option<Facts>,
) -> Option<Facts> {
    let (mut facts, style) = if terminated {
        (again(PipeStyle::Terminated)?, PipeStyle::Terminated)
    } else {
        (facts, PipeStyle::Delimited)
    };
    facts.style = Some(style);
    facts.finish();
    (!facts.glued).then_some(facts)
}

/// [`parse_file_windows`] for text that is not clean UTF-8: `sizes` are the
/// file's, the window's and the regions'. Reads the file three or four
/// times: its bytes once for the whole file's UTF-8 verdict and NUL test
/// (only when no forced encoding or byte order mark decides), then its
/// decoded text once (twice for the terminated pipe style) for the facts and
/// the decoder's diagnostics, and once to parse.
fn decoded_file_windows<T: Send>(
    file: &std::path::Path,
    path: &str,
    options: &Options,
    sizes: (usize, usize, usize),
    stop: &AtomicBool,
    map: &(impl Fn(FileReport) -> T + Sync),
    sink: &mut impl FnMut(T, bool) -> bool,
) -> Option<Result<(), Stopped>> {
    use std::io::Read;
    let (size, window_bytes, region_bytes) = sizes;
    let mut sample = Vec::with_capacity(decode::SAMPLE_BYTES);
    std::fs::File::open(file)
        .ok()?
        .take(decode::SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)
        .ok()?;
    // A spreadsheet, document, image or web page, binary data or an empty
    // file is read whole, where its reader or error is.
    if sample.is_empty()
        || native::sniff(path, &sample) != crate::record::SourceFormat::Text
        || decode::StreamDecoder::binary_start(&sample)
    {
        return None;
    }
    let forced = options.encoding;
    let plan = if decode::Plan::needs_scan(&sample, forced) {
        let (utf8, nul) = scan_bytes(file, window_bytes, size, stop)?;
        decode::Plan::new(&sample, size, forced, || utf8, || nul)
    } else {
        decode::Plan::new(&sample, size, forced, || false, || false)
    };
    let (facts, terminated, decoded) =
        pass_one_decoded(file, window_bytes, PipeStyle::Delimited, plan, stop)?;
    // Binary data or nothing but white space: the whole parse says so.
    let decoded = decoded.ok()?;
    let facts = settle(facts, terminated, |style| {
        Some(pass_one_decoded(file, window_bytes, style, plan, stop)?.0)
    })?;
    let mut run = Run::new(path, plan.encoding_name(), size, region_bytes, &facts);
    run.decoded = decoded;
    let mut step = Step::new(&mut run);
    let mut decoder = decode::StreamDecoder::new(plan);
    let read = decoded_windows(file, window_bytes, stop, &mut decoder, |text, last| {
        step.window(text, last, stop, map, sink)
    });
    Some(step.outcome(read))
}

/// The parse of a file read in windows, one window at a time: where the next
/// window's text starts, and how the run ended.
struct Step<'s, 'r> {
    run: &'s mut Run<'r>,
    /// The file's line the next window starts with.
    line0: usize,
    outcome: Result<(), Stopped>,
}

impl<'s, 'r> Step<'s, 'r> {
    fn new(run: &'s mut Run<'r>) -> Self {
        Step {
            run,
            line0: 1,
            outcome: Ok(()),
        }
    }

    /// Parses the window `text` (`last`: the file ends with it) and hands on
    /// what it can; returns how many bytes at its end the next window starts
    /// with, `None` to stop reading.
    fn window<T: Send>(
        &mut self,
        text: &str,
        last: bool,
        stop: &AtomicBool,
        map: &(impl Fn(FileReport) -> T + Sync),
        sink: &mut impl FnMut(T, bool) -> bool,
    ) -> Option<usize> {
        // A window in traditional characters is read through its folding
        // (as the whole text would be), its records given back their text.
        let folded = crate::script::fold(text);
        let first = self.line0;
        let restored = |mut report: FileReport| {
            if folded.is_some() {
                crate::script::restore(&mut report, text, first);
            }
            map(report)
        };
        match self.run.text(
            folded.as_deref().unwrap_or(text),
            self.line0,
            !last,
            stop,
            &restored,
            sink,
        ) {
            Ok(Some((offset, line))) => {
                // The folding may be shorter: the next window starts at the
                // same line of the source.
                // A run that reached the end of the text says line 0.
                let offset = match (&folded, line.checked_sub(first)) {
                    (Some(_), Some(k)) if line > 0 => line_start(text, k),
                    (Some(_), _) => text.len(),
                    (None, _) => offset,
                };
                self.line0 = line;
                Some(text.len() - offset)
            }
            Ok(None) => {
                let run = &mut *self.run;
                let mut report = crate::parse_text(run.path, text, run.encoding);
                report.bytes = run.bytes;
                crate::attach(&mut report, std::mem::take(&mut run.decoded));
                if !sink(map(report), true) {
                    self.outcome = Err(Stopped::Sink);
                }
                Some(0)
            }
            Err(e) => {
                self.outcome = Err(e);
                None
            }
        }
    }

    /// How the run ended, given what reading the windows returned.
    fn outcome(self, read: Option<()>) -> Result<(), Stopped> {
        if read.is_none() && self.outcome.is_ok() {
            // A read failed after records were handed on, or Ctrl-C.
            return Err(Stopped::Interrupted);
        }
        self.outcome
    }
}

/// Reads a file's bytes once, in pieces of `window_bytes`: whether it is
/// UTF-8 by [`decode`]'s rule (see [`decode::Utf8Scan`]) and whether it holds
/// a NUL byte. `None` when a read fails or `stop` is set.
fn scan_bytes(
    file: &std::path::Path,
    window_bytes: usize,
    size: usize,
    stop: &AtomicBool,
) -> Option<(bool, bool)> {
    let mut file = std::fs::File::open(file).ok()?;
    let mut scan = decode::Utf8Scan::default();
    let mut nul = false;
    let mut buf = vec![0u8; window_bytes.max(8)];
    // Bytes at the start of `buf` carried from the last piece, and the file
    // offset `buf` starts at.
    let (mut carry, mut offset) = (0usize, 0usize);
    loop {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let (n, eof) = fill(&mut file, &mut buf, carry)?;
        nul |= buf[carry..n].contains(&0);
        if !scan.decided() {
            let keep = scan.feed(&buf[..n], size.saturating_sub(offset + n), eof);
            buf.copy_within(n - keep..n, 0);
            offset += n - keep;
            carry = keep;
        } else {
            offset += n;
            carry = 0;
        }
        if eof || (nul && scan.decided()) {
            return Some((scan.is_utf8(), nul));
        }
    }
}

/// Fills `buf` from `file` after its first `from` bytes, up to its length or
/// the end of the file: how many bytes `buf` holds, and whether the file
/// ended. `None` when a read fails.
fn fill(file: &mut std::fs::File, buf: &mut [u8], from: usize) -> Option<(usize, bool)> {
    use std::io::Read;
    let mut n = from;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => return Some((n, true)),
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some((n, false))
}

/// How many bytes of a file that is not clean UTF-8 are read and decoded at a time.
const RAW_PIECE_BYTES: usize = 1 << 20;

/// Reads a file decoded by `decoder` in windows of about `window_bytes` of
/// its text (more when a window holds no line break), ending at line breaks:
/// `each(window, last)` returns how many bytes at the window's end the next
/// window starts with, as for [`windows`]. Memory holds one piece of bytes
/// (at most [`RAW_PIECE_BYTES`]) and one window of text. `None` when `each` returns `None`, a read
/// fails or `stop` is set.
fn decoded_windows(
    file: &std::path::Path,
    window_bytes: usize,
    stop: &AtomicBool,
    decoder: &mut decode::StreamDecoder,
    mut each: impl FnMut(&str, bool) -> Option<usize>,
) -> Option<()> {
    let mut file = std::fs::File::open(file).ok()?;
    let window_bytes = window_bytes.max(1);
    // The bytes are read and decoded a piece at a time until the window's
    // text is full, so they are not held beside it.
    let mut raw = vec![0u8; window_bytes.min(RAW_PIECE_BYTES)];
    let mut text = String::new();
    let mut eof = false;
    loop {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let want = text.len() + window_bytes;
        while !eof && text.len() < want {
            let (n, end) = fill(&mut file, &mut raw, 0)?;
            eof = end;
            decoder.feed(&raw[..n], eof, &mut text);
        }
        if cut_window(&mut text, eof, &mut each)? {
            return Some(());
        }
    }
}

/// The facts of a file decoded by `plan`, read in windows, in `style`;
/// whether some window has pipes in the terminated style; and what decoding
/// the whole file says (its diagnostics, or the error the whole parse
/// reports). `None` when a read fails or `stop` is set.
fn pass_one_decoded(
    file: &std::path::Path,
    window_bytes: usize,
    style: PipeStyle,
    plan: decode::Plan,
    stop: &AtomicBool,
) -> Option<(Facts, bool, Result<Vec<Diagnostic>, Diagnostic>)> {
    let mut terminated = false;
    let mut facts = Facts::default();
    let mut decoder = decode::StreamDecoder::new(plan);
    decoded_windows(file, window_bytes, stop, &mut decoder, |text, _| {
        terminated |= text.contains('|') && layout::pipe_style(text) == PipeStyle::Terminated;
        let folded = crate::script::fold(text);
        facts.merge(Facts::gather(
            folded.as_deref().unwrap_or(text),
            style,
            stop,
        ));
        Some(0)
    })?;
    (!stop.load(Ordering::Relaxed)).then(|| (facts, terminated, decoder.finish()))
}

/// The byte offset of line `k` (0-based) of `text`; its length past the end.
fn line_start(text: &str, k: usize) -> usize {
    match k.checked_sub(1) {
        None => 0,
        Some(k) => text
            .match_indices('\n')
            .nth(k)
            .map_or(text.len(), |(i, _)| i + 1),
    }
}

/// The facts of a file read in windows in `style`, and whether some window
/// has pipes in the terminated style; `None` when the file is not clean
/// UTF-8 text, a read fails or `stop` is set.
fn pass_one(
    file: &std::path::Path,
    path: &str,
    window_bytes: usize,
    style: PipeStyle,
    stop: &AtomicBool,
) -> Option<(Facts, bool)> {
    let mut clean = true;
    let mut first = true;
    let mut terminated = false;
    let mut facts = Facts::default();
    windows(file, window_bytes, stop, |w, _| {
        let text = first_window_ok(w, path, &mut first)
            .then(|| clean_text(w))
            .flatten();
        let Some(text) = text else {
            clean = false;
            return None;
        };
        terminated |= text.contains('|') && layout::pipe_style(text) == PipeStyle::Terminated;
        let folded = crate::script::fold(text);
        facts.merge(Facts::gather(
            folded.as_deref().unwrap_or(text),
            style,
            stop,
        ));
        Some(0)
    })?;
    (clean && !stop.load(Ordering::Relaxed)).then_some((facts, terminated))
}

/// The first window starts as a text file does (no byte order mark, not a
/// spreadsheet, document or image).
fn first_window_ok(w: &[u8], path: &str, first: &mut bool) -> bool {
    if !std::mem::take(first) {
        return true;
    }
    !w.starts_with(&[0xEF, 0xBB, 0xBF])
        && native::sniff(path, w) == crate::record::SourceFormat::Text
}

/// A window's text when [`decode::decode`] would take it as it is.
fn clean_text(w: &[u8]) -> Option<&str> {
    let text = simdutf8::basic::from_utf8(w).ok()?;
    match decode::decode(w, None) {
        Ok(d) if d.diagnostics.is_empty() && matches!(d.text, std::borrow::Cow::Borrowed(_)) => {
            Some(text)
        }
        _ => None,
    }
}
