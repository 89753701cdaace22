//! Lines and cells: decoded text → rows of borrowed cells, each with its line.
//!
//! This stage knows separators, not labels. Each physical line becomes a row;
//! its cells are found by the line's own separator (tabs, `|` pipes, or runs
//! of two or more spaces). Empty cells are kept: later stages may use them as
//! hints, but never trust column positions.

use crate::record::Layout;

/// A cell: trimmed text borrowed from the source, with its 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'a> {
    /// The trimmed text (may be empty).
    pub text: &'a str,
    /// 1-based line in the decoded text.
    pub line: usize,
    /// Position of the cell within its row (0-based, counting empty cells).
    pub index: usize,
    /// Display column where the text starts in its line, a CJK character
    /// counting two (for aligning
    /// space-separated rows, where indices are not stable).
    pub col: usize,
}

impl Cell<'_> {
    /// The line the cell ends on (see [`end_line`]).
    pub fn end_line(&self) -> usize {
        end_line(self.line, self.text)
    }
}

/// The line text starting on `line` ends on: that line, or a later one when
/// the text holds line breaks (a spreadsheet's quoted cell, see
/// [`join_quoted_cells`]).
pub fn end_line(line: usize, text: &str) -> usize {
    line + crate::substr::count_byte(text.as_bytes(), b'\n')
}

/// The display width of text: a CJK or full-width character takes two
/// columns, as in the fixed-width layouts (`pdftotext -layout`) that align
/// cells by padding with spaces.
pub fn width(text: &str) -> usize {
    // Printable ASCII, tabs, dashes, Chinese quotation marks and ≤ ≥ are one column, CJK unified
    // ideographs, the common CJK punctuation and full-width forms two,
    // whatever surrounds them; any other character sends the whole text to
    // the full rules. Read by bytes: every character of these sets is ASCII
    // or three bytes long (U+0800–U+FFFF).
    let b = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        match x {
            0x20..=0x7E | b'\t' => {
                n += 1;
                i += 1;
                continue;
            }
            // U+5000–U+9FFF: CJK unified ideographs.
            0xE5..=0xE9 => {
                n += 2;
                i += 3;
                continue;
            }
            _ => {}
        }
        let (0xE0..=0xEF, Some(&y), Some(&z)) = (x, b.get(i + 1), b.get(i + 2)) else {
            return unicode_width::UnicodeWidthStr::width(text);
        };
        let c = (u32::from(x & 0x0F) << 12) | (u32::from(y & 0x3F) << 6) | u32::from(z & 0x3F);
        n += match c {
            0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2264 | 0x2265 => 1,
            0x4E00..=0x9FFF | 0x3001..=0x3003 | 0x3008..=0x3011 | 0xFF01..=0xFF60 => 2,
            _ => return unicode_width::UnicodeWidthStr::width(text),
        };
        i += 3;
    }
    n
}

/// A physical line split into cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// 1-based line number.
    pub line: usize,
    /// The whole line, untrimmed (without its line break).
    pub text: &'a str,
    /// The cells of the line, empty ones included.
    pub cells: Vec<Cell<'a>>,
    /// The separator family this line used; None for a blank line.
    pub layout: Option<Layout>,
}

impl<'a> Row<'a> {
    /// True when the line holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.is_empty())
    }

    /// The non-empty cells, in order.
    pub fn filled(&self) -> impl Iterator<Item = &Cell<'a>> + '_ {
        self.cells.iter().filter(|c| !c.text.is_empty())
    }
}

/// Splits text into physical lines on `\n`, `\r\n` or a lone `\r`, yielding
/// each line (without its break) and its 1-based number.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut rest = text;
    let mut no = 0usize;
    let mut done = text.is_empty();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        no += 1;
        // Both breaks are ASCII: a byte search finds them at character boundaries.
        match line_break(rest.as_bytes()) {
            Some(i) => {
                let line = &rest[..i];
                let brk = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + brk..];
                if rest.is_empty() {
                    done = true;
                }
                Some((no, line))
            }
            None => {
                done = true;
                Some((no, rest))
            }
        }
    })
}

/// The offset of the first `\n` or `\r` in `bytes`.
fn line_break(bytes: &[u8]) -> Option<usize> {
    find_either(bytes, b'\n', b'\r')
}

/// The offset of the first byte of `bytes` equal to `x` or `y`, read eight
/// bytes at a time: a word's bytes equal to either are flagged by the classic
/// zero-byte test (exact for the lowest flagged byte, the one wanted).
fn find_either(bytes: &[u8], x: u8, y: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(Ok(word)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
        let v = u64::from_le_bytes(word);
        let a = v ^ (LO * u64::from(x));
        let b = v ^ (LO * u64::from(y));
        let zero = (a.wrapping_sub(LO) & !a | b.wrapping_sub(LO) & !b) & HI;
        if zero != 0 {
            return Some(i + (zero.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let k = bytes.get(i..)?.iter().position(|&b| b == x || b == y)?;
    Some(i + k)
}

/// Trims white space, control characters and BOMs from both ends of a cell.
pub fn trim_cell(s: &str) -> &str {
    use crate::normalize::is_space;
    // An end that is printable ASCII or a character U+4000–U+9FFF (lead
    // byte E4–E9, three bytes) is no white space: that end needs no trimming.
    let b = s.as_bytes();
    let plain_start = matches!(b.first(), Some(0x21..=0x7E | 0xE4..=0xE9));
    let plain_end = match b.last() {
        Some(0x21..=0x7E) => true,
        Some(_) => matches!(b.get(b.len().wrapping_sub(3)), Some(0xE4..=0xE9)),
        None => false,
    };
    match (plain_start, plain_end) {
        (true, true) => s,
        (true, false) => s.trim_end_matches(is_space),
        (false, true) => s.trim_start_matches(is_space),
        (false, false) => s.trim_matches(is_space),
    }
}

/// Splits one line into a row of cells by the separator the line uses: tabs
/// (and runs of spaces inside tab-separated cells), pipes, or runs of spaces.
pub fn split_row(line: usize, text: &str) -> Row<'_> {
    split_row_in(line, text, PipeStyle::Delimited)
}

/// How pipes mark cells in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipeStyle {
    /// `| a | b |`: a pipe before and after every cell (Markdown).
    Delimited,
    /// `a | b |`: a pipe ends every cell, so a leading `|` ends an empty cell.
    Terminated,
}

/// The pipe style of a whole text: terminated when some pipe row with text
/// starts with a cell rather than a pipe.
pub fn pipe_style(text: &str) -> PipeStyle {
    let terminated = lines(text).any(|(_, l)| {
        let t = trim_cell(l);
        !t.starts_with('|')
            && t.ends_with('|')
            && t.len() > 1
            && !l
                .trim_end_matches(crate::normalize::is_space)
                .contains('\t')
    });
    if terminated {
        PipeStyle::Terminated
    } else {
        PipeStyle::Delimited
    }
}

thread_local! {
    /// The cell spans of the row being split, reused from row to row: every
    /// line of a text is split once or more, and a fresh buffer per row was
    /// an allocation and a free per line.
    static SPANS: std::cell::RefCell<Vec<(usize, usize)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Splits one line into a row of cells, reading pipes in the given style.
pub fn split_row_in(line: usize, text: &str, style: PipeStyle) -> Row<'_> {
    split_spanned(line, text, style, None)
}

/// [`split_row_in`] for a pass that reads only the cells' text and the rows'
/// layout: the cells are put in `cells` (cleared first, so one buffer serves
/// row after row) and every cell's `col` is 0 (no width is counted).
pub fn split_row_texts<'a>(text: &'a str, style: PipeStyle, cells: Vec<Cell<'a>>) -> Row<'a> {
    split_spanned(0, text, style, Some(cells))
}

/// [`split_with`] with the thread's span buffer.
fn split_spanned<'a>(
    line: usize,
    text: &'a str,
    style: PipeStyle,
    cells: Option<Vec<Cell<'a>>>,
) -> Row<'a> {
    SPANS.with(|spans| match spans.try_borrow_mut() {
        Ok(mut spans) => {
            spans.clear();
            split_with(line, text, style, &mut spans, cells)
        }
        // Only if splitting a row ever split another: a buffer of its own.
        Err(_) => split_with(line, text, style, &mut Vec::with_capacity(16), cells),
    })
}

/// [`split_row_in`] with `spans` (empty) as the buffer for the cell spans.
fn split_with<'a>(
    line: usize,
    text: &'a str,
    style: PipeStyle,
    spans: &mut Vec<(usize, usize)>,
    reuse: Option<Vec<Cell<'a>>>,
) -> Row<'a> {
    let trimmed = trim_cell(text);
    // fixture: fixtures/layouts/year-line-spaced.txt
    // A year line spaced out inside its brackets (`(   2023年度)`) is one cell.
    let spaced_year = trimmed.len() <= 40
        && trimmed.contains(' ')
        && trimmed.contains('年')
        && crate::segment::year_line(trimmed).is_some();
    // fixture: fixtures/regions/letter-spaced-title.txt
    // A label or title printed with a gap after every character
    // (`项　目　名　称`) is one cell, not one cell per character.
    // (Its cheapest tests first: most lines fail the letter-spacing one at
    // their second character, and tabs and pipes are looked for by bytes.)
    let letter_spaced = !spaced_year
        && trimmed.len() <= 120
        && crate::normalize::is_letter_spaced(trimmed)
        && !trimmed.bytes().any(|b| b == b'\t' || b == b'|');
    let layout = if trimmed.is_empty() {
        None
    } else if spaced_year || letter_spaced {
        let base = trimmed.as_ptr() as usize - text.as_ptr() as usize;
        spans.push((base, base + trimmed.len()));
        Some(Layout::CellPerLine)
    } else if text
        .as_bytes()
        .get(..trimmed.as_ptr() as usize - text.as_ptr() as usize + trimmed.len())
        .is_some_and(|b| b.contains(&b'\t'))
    {
        // (The text up to the end of `trimmed` is the text without its
        // trailing white space: a tab there separates cells.)
        // Tabs after the last cell are trailing white space, not separators.
        let b = text.as_bytes();
        let mut start = 0;
        loop {
            let end = b
                .get(start..)
                .and_then(|r| find_either(r, b'\t', b'\t'))
                .map_or(b.len(), |k| start + k);
            space_spans(text, start, end, spans, true);
            if end >= b.len() {
                break;
            }
            start = end + 1;
        }
        Some(Layout::Tabs)
    } else if is_pipe_row(trimmed) {
        let base = trimmed.as_ptr() as usize - text.as_ptr() as usize;
        let lead = style == PipeStyle::Delimited && trimmed.starts_with('|');
        let inner_start = base + usize::from(lead);
        let inner_end =
            base + trimmed.len() - usize::from(trimmed.len() > 1 && trimmed.ends_with('|'));
        let mut start = inner_start;
        for piece in text[inner_start..inner_end.max(inner_start)].split('|') {
            spans.push((start, start + piece.len()));
            start += piece.len() + 1;
        }
        Some(Layout::Pipes)
    } else {
        space_spans(text, 0, text.len(), spans, false);
        Some(if spans.len() > 1 {
            Layout::Spaces
        } else {
            Layout::CellPerLine
        })
    };
    let cols = reuse.is_none();
    let mut cells = match reuse {
        Some(mut cells) => {
            cells.clear();
            cells
        }
        None => Vec::with_capacity(spans.len().max(1)),
    };
    let mut col = 0usize;
    let mut counted = 0usize;
    for (index, &(a, b)) in spans.iter().enumerate() {
        let raw = &text[a..b];
        let t = trim_cell(raw);
        if cols {
            let t_start = a + (t.as_ptr() as usize - raw.as_ptr() as usize).min(raw.len());
            col += width(&text[counted..t_start.max(counted)]);
            counted = t_start.max(counted);
        }
        cells.push(Cell {
            text: t,
            line,
            index,
            col,
        });
    }
    if cells.is_empty() {
        cells.push(Cell {
            text: "",
            line,
            index: 0,
            col: 0,
        });
    }
    Row {
        line,
        text,
        cells,
        layout,
    }
}

/// A line is pipe-separated when it has a `|` at either end or between
/// spaced cells: `项目名称 | 某某道路 |`, or a bare `|` blank cell.
fn is_pipe_row(trimmed: &str) -> bool {
    trimmed.starts_with('|') || trimmed.ends_with('|') || trimmed.contains(" | ")
}

/// Pushes the spans of `text[from..to]` separated by runs of two or more
/// spaces (or an ideographic space). Within a tab cell (`keep_empty`), an
/// empty cell is still pushed so positions are kept.
fn space_spans(
    text: &str,
    from: usize,
    to: usize,
    out: &mut Vec<(usize, usize)>,
    keep_empty: bool,
) {
    let seg = &text.as_bytes()[from..to];
    // No space and no ideographic space: one span, the whole piece (kept
    // even when empty, as the search below would keep it).
    if keep_empty && find_either(seg, b' ', 0xE3).is_none() {
        out.push((from, to));
        return;
    }
    // A tab cell printed with a gap after every character (`项　目　名　称`).
    if keep_empty && crate::normalize::is_letter_spaced(&text[from..to]) {
        out.push((from, to));
        return;
    }
    let first_span = out.len();
    let mut start = from;
    let mut pushed = false;
    // The gaps, ' ' and U+3000 (E3 80 80), found by their bytes: a space is
    // ASCII and E3 only starts a character, so every gap found starts at a
    // character boundary, as a walk over the characters would find it.
    let gap_at = |i: usize| -> usize {
        match seg.get(i..) {
            Some([b' ', ..]) => 1,
            Some([0xE3, 0x80, 0x80, ..]) => 3,
            _ => 0,
        }
    };
    let mut i = 0;
    while let Some(k) = seg.get(i..).and_then(|r| find_either(r, b' ', 0xE3)) {
        i += k;
        let first = gap_at(i);
        if first == 0 {
            i += 1;
            continue;
        }
        let gap_start = from + i;
        let ideographic = first == 3;
        i += first;
        let mut gap_end = from + i;
        let mut run = 1;
        loop {
            let n = gap_at(i);
            if n == 0 {
                break;
            }
            i += n;
            gap_end = from + i;
            run += 1;
        }
        let wide = run >= 2 || ideographic;
        if wide {
            if !trim_cell(&text[start..gap_start]).is_empty() {
                out.push((start, gap_start));
                pushed = true;
            }
            start = gap_end;
        }
    }
    if !trim_cell(&text[start..to]).is_empty() {
        out.push((start, to));
        pushed = true;
    }
    if keep_empty && !pushed {
        out.push((from, to));
    }
    join_letter_spaced(text, out, first_span);
}

/// Joins spans `out[from..]` that are single ideographs one narrow gap apart
/// (one ideographic space or two spaces at most): a label printed with a gap
/// after every character (`项　目　名　称    城东道路改造`) is one cell.
// fixture: fixtures/regions/letter-spaced-title.txt
fn join_letter_spaced(text: &str, out: &mut Vec<(usize, usize)>, from: usize) {
    let single = |&(a, b): &(usize, usize)| {
        let mut chars = trim_cell(&text[a..b]).chars();
        chars.next().is_some_and(crate::normalize::is_ideograph) && chars.next().is_none()
    };
    let narrow = |end: usize, start: usize| width(&text[end..start]) <= 2;
    let mut i = from;
    while i + 1 < out.len() {
        let mut j = i;
        while j + 1 < out.len()
            && single(&out[j])
            && single(&out[j + 1])
            && narrow(out[j].1, out[j + 1].0)
        {
            j += 1;
        }
        if j > i {
            out[i].1 = out[j].1;
            out.drain(i + 1..=j);
        }
        i += 1;
    }
}

/// Splits a whole text into rows.
pub fn rows(text: &str) -> Vec<Row<'_>> {
    let style = if text.contains('|') {
        pipe_style(text)
    } else {
        PipeStyle::Delimited
    };
    // One allocation for the rows: a line per line break, and one after the last.
    let mut out = Vec::with_capacity(
        crate::substr::count_byte(text.as_bytes(), b'\n')
            + crate::substr::count_byte(text.as_bytes(), b'\r')
            + 1,
    );
    out.extend(lines(text).map(|(no, l)| split_row_in(no, l, style)));
    join_quoted_cells(&mut out, text);
    join_terminated_cells(&mut out, text, style);
    out
}

/// The most lines a quoted cell is followed over.
const QUOTED_CELL_LINES: usize = 30;

/// fixture: fixtures/layouts/tabs-quoted-multiline-cells.txt
/// A spreadsheet copied as tab-separated text quotes a cell holding a line
/// break (`…⇥"送戏下乡120场，` / `乡镇文化站免费开放"⇥85.00`): the cell is
/// joined back into the row it opens, its text the source between the quotes
/// (the line breaks inside it are a wrapped cell's), and the cells after its
/// closing quote go on that row (each keeping its own line). The lines it ran
/// over are left without cells, their text now in those cells. `rows` are the rows of `text`, in order.
pub fn join_quoted_cells<'a>(rows: &mut [Row<'a>], text: &'a str) {
    let offset = |s: &str| (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize);
    let unclosed = |s: &str| s.bytes().filter(|&b| b == b'"').count() % 2 == 1;
    let mut i = 0;
    while i < rows.len() {
        // Only the last filled cell of a tab row can open one: a test of its
        // first byte, not a search of the text.
        let last = match rows[i].layout {
            Some(Layout::Tabs) => rows[i].cells.iter().rposition(|c| !c.text.is_empty()),
            _ => None,
        };
        let open = match last {
            Some(k)
                if rows[i].cells[k].text.starts_with('"') && unclosed(rows[i].cells[k].text) =>
            {
                k
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // The line that closes the quote: its first cell ends in the
        // closing quote; the lines between hold one cell each.
        let close = (i + 1..rows.len().min(i + 1 + QUOTED_CELL_LINES))
            .take_while(|&j| {
                let cells = &rows[j].cells;
                cells.first().is_some_and(|c| unclosed(c.text)) || cells.len() <= 1
            })
            .find(|&j| {
                rows[j]
                    .cells
                    .first()
                    .is_some_and(|c| c.text.ends_with('"') && unclosed(c.text))
            });
        let Some(j) = close else {
            i += 1;
            continue;
        };
        let (Some(last), Some(start)) = (rows[j].cells.first(), offset(rows[i].cells[open].text))
        else {
            i += 1;
            continue;
        };
        let joined = offset(last.text)
            .map(|end| end + last.text.len())
            .and_then(|end| text.get(start + 1..end - 1));
        let Some(joined) = joined else {
            i += 1;
            continue;
        };
        let index = rows[i].cells[open].index;
        rows[i].cells[open].text = joined.trim();
        let after: Vec<Cell<'a>> = rows[j].cells.drain(..).skip(1).collect();
        // They keep their own line: a value is found where it is printed.
        for (k, mut c) in after.into_iter().enumerate() {
            c.index = index + 1 + k;
            rows[i].cells.push(c);
        }
        for r in &mut rows[i + 1..=j] {
            r.cells.clear();
            r.layout = None;
        }
        i = j + 1;
    }
}

/// The most lines one terminated cell is wrapped over.
const WRAPPED_CELL_LINES: usize = 6;

/// fixture: fixtures/tables/cell-per-line-terminated-wrapped-value.txt
/// One cell per line with a pipe ending every cell (`活动完成时间 |`): a line
/// without its pipe is a cell wrapped onto the next line (`2024年2月至` /
/// `2024年12月 |`), so the lines up to the pipe are one cell, starting on its
/// first line and standing where its pipe is; the lines before are left
/// without cells. Only between two such cells, never over a title or a page
/// marker (`附件2` / `…绩效目标表` above `项目名称 |`).
pub fn join_terminated_cells<'a>(rows: &mut [Row<'a>], text: &'a str, style: PipeStyle) {
    if style != PipeStyle::Terminated {
        return;
    }
    let offset = |s: &str| (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize);
    let lone = |r: &Row<'_>| r.filled().nth(1).is_none() && !r.is_blank();
    let open = |r: &Row<'_>| {
        r.layout != Some(Layout::Pipes)
            && lone(r)
            && !r.text.contains('|')
            && r.filled().next().is_some_and(|c| {
                !crate::segment::is_title(c.text)
                    && !crate::segment::is_page_furniture(c.text)
                    && crate::segment::year_line(c.text).is_none()
            })
    };
    let closing = |r: &Row<'_>| {
        r.layout == Some(Layout::Pipes) && lone(r) && r.text.trim_end().ends_with('|')
    };
    let mut i = 1;
    while i < rows.len() {
        let after_cell = rows[i - 1].layout == Some(Layout::Pipes) && !rows[i - 1].is_blank();
        if !(after_cell && open(&rows[i])) {
            i += 1;
            continue;
        }
        let end = (i + 1..rows.len().min(i + 1 + WRAPPED_CELL_LINES))
            .take_while(|&j| open(&rows[j]) || closing(&rows[j]))
            .find(|&j| closing(&rows[j]));
        let Some(j) = end else {
            i += 1;
            continue;
        };
        let first = rows[i].filled().next().map(|c| c.text);
        let last = rows[j].filled().next().map(|c| c.text);
        let joined = match (first.and_then(offset), last) {
            (Some(start), Some(last)) => offset(last)
                .map(|at| at + last.len())
                .and_then(|end| text.get(start..end)),
            _ => None,
        };
        let Some(joined) = joined else {
            i += 1;
            continue;
        };
        let line = rows[i].line;
        if let Some(c) = rows[j].cells.iter_mut().find(|c| !c.text.is_empty()) {
            c.text = joined;
            c.line = line;
        }
        for r in &mut rows[i..j] {
            r.cells.clear();
            r.layout = None;
        }
        i = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_of_every_kind() {
        let got: Vec<_> = lines("a\nb\r\nc\rd").collect();
        assert_eq!(got, vec![(1, "a"), (2, "b"), (3, "c"), (4, "d")]);
        let got: Vec<_> = lines("a\n\nb\n").collect();
        assert_eq!(got, vec![(1, "a"), (2, ""), (3, "b")]);
        assert_eq!(lines("").count(), 0);
        // Breaks at every place of lines longer than the search's 32-byte blocks.
        for n in 0..80 {
            for brk in ["\n", "\r\n", "\r"] {
                let a = "扶".repeat(n / 3) + &"a".repeat(n % 3);
                let text = format!("{a}{brk}{a}b{brk}");
                let got: Vec<_> = lines(&text).collect();
                assert_eq!(got, vec![(1, a.as_str()), (2, format!("{a}b").as_str())]);
            }
        }
    }

    fn texts<'a>(row: &Row<'a>) -> Vec<&'a str> {
        row.cells.iter().map(|c| c.text).collect()
    }

    #[test]
    fn trim_cell_shortcut_is_trim_matches() {
        // Every character below U+10000 at either end, beside ASCII and ideographs.
        for n in 0..0x10000_u32 {
            let Some(c) = char::from_u32(n) else { continue };
            for s in [
                c.to_string(),
                format!("{c}扶"),
                format!("扶{c}"),
                format!("{c}a{c}"),
                format!(" {c}"),
                format!("{c} "),
            ] {
                assert_eq!(
                    trim_cell(&s),
                    s.trim_matches(crate::normalize::is_space),
                    "U+{n:04X}"
                );
            }
        }
    }

    #[test]
    fn text_rows_are_rows_without_columns() {
        let lines = [
            "项目名称\t扶贫\t\t",
            "项目名称   扶贫  张 军",
            "| a | b |",
            "  资金情况 (万元) ",
            "   ",
            "(   2023年度)",
        ];
        let mut buf = Vec::new();
        for style in [PipeStyle::Delimited, PipeStyle::Terminated] {
            for l in lines {
                let want = split_row_in(0, l, style);
                let got = split_row_texts(l, style, std::mem::take(&mut buf));
                let strip = |cells: &[Cell<'static>]| -> Vec<(&'static str, usize)> {
                    cells.iter().map(|c| (c.text, c.index)).collect()
                };
                assert_eq!(strip(&got.cells), strip(&want.cells), "{l:?}");
                assert_eq!((got.layout, got.text), (want.layout, want.text), "{l:?}");
                assert!(got.cells.iter().all(|c| c.col == 0 && c.line == 0));
                buf = got.cells;
            }
        }
    }

    #[test]
    fn find_either_finds_the_first_of_two_bytes() {
        let bytes: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
        for (x, y) in [
            (b'\n', b'\r'),
            (b' ', 0xE3),
            (b'\t', b'\t'),
            (0, 0xFF),
            (0x80, 0x7F),
        ] {
            for from in 0..300 {
                let s = &bytes[from..];
                let want = s.iter().position(|&b| b == x || b == y);
                assert_eq!(find_either(s, x, y), want, "{x} {y} {from}");
                let none: Vec<u8> = s.iter().copied().filter(|&b| b != x && b != y).collect();
                assert_eq!(find_either(&none, x, y), None);
            }
        }
    }

    #[test]
    fn cells_know_their_columns() {
        let row = split_row(1, "项目名称   扶贫  张 军");
        let cols: Vec<usize> = row.cells.iter().map(|c| c.col).collect();
        assert_eq!(cols, [0, 11, 17]);
    }

    #[test]
    fn split_row_table() {
        let cases: &[(&str, &[&str], Option<Layout>)] = &[
            ("a\t\tb\t", &["a", "", "b", ""], Some(Layout::Tabs)),
            (
                "\t产出指标\t数量指标",
                &["", "产出指标", "数量指标"],
                Some(Layout::Tabs),
            ),
            (
                "项目名称   扶贫  张 军",
                &["项目名称", "扶贫", "张 军"],
                Some(Layout::Spaces),
            ),
            (
                "项目名称\u{3000}扶贫",
                &["项目名称", "扶贫"],
                Some(Layout::Spaces),
            ),
            (
                "项目名称 | 某某道路 |",
                &["项目名称", "某某道路"],
                Some(Layout::Pipes),
            ),
            ("|", &[""], Some(Layout::Pipes)),
            (
                "  资金情况 (万元) ",
                &["资金情况 (万元)"],
                Some(Layout::CellPerLine),
            ),
            ("   ", &[""], None),
        ];
        for (line, want, layout) in cases {
            let row = split_row(1, line);
            assert_eq!(texts(&row), *want, "{line:?}");
            assert_eq!(row.layout, *layout, "{line:?}");
        }
    }
}
