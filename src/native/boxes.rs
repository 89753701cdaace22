//! Word boxes to a grid of cells, for PDFs (`pdftotext -tsv`) and scans:
//! words are put into pieces along their lines, a cell wrapped over several
//! lines is joined back into one cell, cells are grouped into rows by their
//! vertical alignment and into columns by their left edges, and a label a
//! table prints centred over the rows it spans is moved to the first of
//! them — the grid a spreadsheet or a Word table gives, merged text in its
//! region's first cell.

use super::grid::{CellIn, Grid, GridBuilder};
use crate::diagnostic::{Code, Diagnostic};

/// One word with its box (page units: points or pixels, y growing down).
#[derive(Debug, Clone, PartialEq)]
pub struct WordBox {
    /// 1-based page.
    pub page: u32,
    /// The layout block the producer put the word in (flow and block, or
    /// tesseract's block and paragraph): words of different blocks are
    /// never one cell.
    pub block: (u32, u32),
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The text.
    pub text: String,
}

/// The level-5 (word) rows of a TSV in the layout tesseract and
/// `pdftotext -tsv` share: level, page, two block numbers, line, word,
/// left, top, width, height, confidence, text. Returns each word with its
/// confidence.
pub fn parse_tsv(tsv: &str) -> Vec<(WordBox, f64)> {
    tsv.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 12 || f[0] != "5" {
                return None;
            }
            let num = |i: usize| f[i].trim().parse::<f64>().ok();
            let int = |i: usize| f[i].trim().parse::<u32>().ok();
            let text = f[11..].join(" ").trim().to_owned();
            if text.is_empty() {
                return None;
            }
            Some((
                WordBox {
                    page: int(1)?,
                    block: (int(2)?, int(3)?),
                    left: num(6)?,
                    top: num(7)?,
                    width: num(8)?.max(0.0),
                    height: num(9)?.max(0.0),
                    text,
                },
                num(10)?,
            ))
        })
        .collect()
}

/// A cell being assembled: its box, its text, and where it ends up.
#[derive(Debug, Clone)]
struct Piece {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    /// Height of one of its lines.
    h: f64,
    block: (u32, u32),
    text: String,
    /// Indices of the words it holds.
    words: Vec<usize>,
    /// Moved from the row it is printed in to the first row it spans.
    moved: bool,
    /// A label printed centred over rows this cell's row may be one of,
    /// which could not be placed.
    unplaced: Option<String>,
}

impl Piece {
    fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A cell of the finished grid: its text, the words it holds (indices into
/// the input) and its column.
#[derive(Debug, Clone)]
pub struct PlacedCell {
    /// The cell's text.
    pub text: String,
    /// Indices of its words in the input slice.
    pub words: Vec<usize>,
    /// Column (0-based, by left edge, page-wide).
    pub col: usize,
    /// A label printed centred over rows this row may be one of, which
    /// could not be placed (see `label-unplaced`).
    pub unplaced: Option<String>,
}

/// One row of the grid, with its page; empty rows stand for the space
/// between paragraphs or tables.
#[derive(Debug, Clone, Default)]
pub struct PlacedRow {
    /// 1-based page.
    pub page: u32,
    /// Its cells, left to right.
    pub cells: Vec<PlacedCell>,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x2018..=0x201F)
}

/// Joins two lines of one cell: nothing between Chinese characters, a
/// space between other words.
fn join_lines(a: &mut String, b: &str) {
    if let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) {
        if !(is_cjk(x) || is_cjk(y)) {
            a.push(' ');
        }
    }
    a.push_str(b);
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(1.0).max(0.1)
}

/// Lays word boxes out as rows of cells, page by page.
pub fn rows(words: &[WordBox]) -> Vec<PlacedRow> {
    let mut pages: Vec<u32> = words.iter().map(|w| w.page).collect();
    pages.sort_unstable();
    pages.dedup();
    let mut out = Vec::new();
    for page in pages {
        let on_page: Vec<usize> = (0..words.len())
            .filter(|&i| words[i].page == page)
            .collect();
        let mut rows = page_rows(words, &on_page);
        if !out.is_empty() {
            out.push(PlacedRow {
                page,
                cells: Vec::new(),
            });
        }
        for r in &mut rows {
            r.page = page;
        }
        out.extend(rows);
    }
    out
}

/// Builds the grid of [`rows`]: row `i` is line `i + 1`, as a reader's
/// diagnostics expect.
pub fn grid(rows: Vec<PlacedRow>, diagnostics: Vec<Diagnostic>) -> Grid {
    let mut b = GridBuilder::new();
    for d in diagnostics {
        b.diagnostic(d);
    }
    let mut page = 0;
    let mut row_on_page = 0;
    for row in rows {
        if row.page != page {
            page = row.page;
            row_on_page = 0;
        }
        row_on_page += 1;
        let line = b.len() + 1;
        if let Some(label) = row.cells.iter().find_map(|c| c.unplaced.as_ref()) {
            b.diagnostic(Diagnostic::at(
                Code::LabelUnplaced,
                line,
                format!(
                    "{label:?} is printed centred over several rows, and no run of rows it stands centred on was found: this row may belong under it; check its labels on page {page}"
                ),
            ));
        }
        let width = row.cells.iter().map(|c| c.col + 1).max().unwrap_or(0);
        let mut cells: Vec<Option<CellIn>> = vec![None; width];
        for c in row.cells {
            if let Some(slot) = cells.get_mut(c.col) {
                *slot = Some(CellIn {
                    address: Some(format!("P{page}R{row_on_page}C{}", c.col + 1)),
                    text: c.text,
                });
            }
        }
        b.row(cells, Some(row.page));
    }
    b.finish()
}

/// The pieces of a page: words along a line, in one block and close
/// together, make one piece.
fn pieces(words: &[WordBox], on_page: &[usize], h: f64) -> Vec<Piece> {
    let mut order = on_page.to_vec();
    order.sort_by(|&a, &b| {
        let ca = words[a].top + words[a].height / 2.0;
        let cb = words[b].top + words[b].height / 2.0;
        ca.total_cmp(&cb)
    });
    // Lines: words whose vertical centres lie within half a line height.
    let mut lines: Vec<(f64, Vec<usize>)> = Vec::new();
    for i in order {
        let w = &words[i];
        let cy = w.top + w.height / 2.0;
        match lines.last_mut() {
            Some((y, line)) if (cy - *y).abs() <= h * 0.5 => {
                line.push(i);
                *y = line
                    .iter()
                    .map(|&j| words[j].top + words[j].height / 2.0)
                    .sum::<f64>()
                    / line.len() as f64;
            }
            _ => lines.push((cy, vec![i])),
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    for (_, mut line) in lines {
        line.sort_by(|&a, &b| words[a].left.total_cmp(&words[b].left));
        let mut current: Option<Piece> = None;
        for i in line {
            let w = &words[i];
            let wh = w.height.max(h * 0.5);
            if let Some(p) = current.as_mut() {
                let gap = w.left - p.x1;
                if p.block == w.block && gap <= wh.max(p.h) * 1.5 {
                    // A gap narrower than a space (a fifth of the line's
                    // height) is glyph spacing; Chinese needs no spaces.
                    let cjk = p.text.chars().last().is_some_and(is_cjk)
                        && w.text.chars().next().is_some_and(is_cjk);
                    if gap > wh * 0.2 && !cjk {
                        p.text.push(' ');
                    }
                    p.text.push_str(&w.text);
                    p.x1 = p.x1.max(w.left + w.width);
                    p.y0 = p.y0.min(w.top);
                    p.y1 = p.y1.max(w.top + w.height);
                    p.words.push(i);
                    continue;
                }
            }
            if let Some(p) = current.take() {
                out.push(p);
            }
            current = Some(Piece {
                x0: w.left,
                x1: w.left + w.width,
                y0: w.top,
                y1: w.top + w.height,
                h: wh,
                block: w.block,
                text: w.text.clone(),
                words: vec![i],
                moved: false,
                unplaced: None,
            });
        }
        out.extend(current);
    }
    // A piece's extent and height are its words' medians: one glyph read
    // with a box twice as tall (an OCR artefact) does not stretch it.
    for p in &mut out {
        let mut tops: Vec<f64> = p.words.iter().map(|&i| words[i].top).collect();
        let mut bottoms: Vec<f64> = p
            .words
            .iter()
            .map(|&i| words[i].top + words[i].height)
            .collect();
        tops.sort_by(f64::total_cmp);
        bottoms.sort_by(f64::total_cmp);
        // The upper median of the tops, the lower of the bottoms.
        if let (Some(&t), Some(&b)) = (
            tops.get(tops.len() / 2),
            bottoms.get((bottoms.len() - 1) / 2),
        ) {
            if b > t {
                p.y0 = t;
                p.y1 = b;
                p.h = (b - t).max(h * 0.5);
            }
        }
    }
    out
}

/// Joins each piece that continues the cell above it: the next line of a
/// wrapped cell, in the same layout block, starts (or is centred) where the
/// cell does, at about the same size, closer below it than a line's height.
fn join_wrapped(mut pieces: Vec<Piece>) -> Vec<Piece> {
    pieces.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut cells: Vec<Piece> = Vec::new();
    for p in pieces {
        let tol = p.h * 0.5;
        let above = cells
            .iter_mut()
            .filter(|c| {
                let gap = p.y0 - c.y1;
                let size = (p.h / c.h - 1.0).abs() < 0.2;
                let overlap = p.x1.min(c.x1) > p.x0.max(c.x0);
                let aligned = (p.x0 - c.x0).abs() < tol
                    || ((p.x0 + p.x1) / 2.0 - (c.x0 + c.x1) / 2.0).abs() < tol;
                c.block == p.block
                    && size
                    && overlap
                    && aligned
                    && gap > -0.3 * p.h
                    && gap < 0.7 * p.h
            })
            .max_by(|a, b| a.y1.total_cmp(&b.y1));
        match above {
            Some(c) => {
                join_lines(&mut c.text, &p.text);
                c.x0 = c.x0.min(p.x0);
                c.x1 = c.x1.max(p.x1);
                c.y1 = c.y1.max(p.y1);
                c.words.extend(p.words);
            }
            None => cells.push(p),
        }
    }
    cells
}

/// A row being assembled: its cells (indices into the page's cells).
#[derive(Debug, Clone, Default)]
struct RowAt {
    cells: Vec<usize>,
}

/// The top of a row: of its cells printed in it (not of those moved into it).
fn row_top(cells: &[Piece], r: &RowAt) -> f64 {
    let top = r
        .cells
        .iter()
        .filter(|&&i| !cells[i].moved)
        .map(|&i| cells[i].y0)
        .fold(f64::INFINITY, f64::min);
    if top.is_finite() {
        top
    } else {
        r.cells
            .iter()
            .map(|&i| cells[i].y0)
            .fold(f64::INFINITY, f64::min)
    }
}

/// The bottom of a row, as [`row_top`].
fn row_bottom(cells: &[Piece], r: &RowAt) -> f64 {
    let bottom = r
        .cells
        .iter()
        .filter(|&&i| !cells[i].moved)
        .map(|&i| cells[i].y1)
        .fold(f64::NEG_INFINITY, f64::max);
    if bottom.is_finite() {
        bottom
    } else {
        r.cells
            .iter()
            .map(|&i| cells[i].y1)
            .fold(f64::NEG_INFINITY, f64::max)
    }
}

fn page_rows(words: &[WordBox], on_page: &[usize]) -> Vec<PlacedRow> {
    let h = median(on_page.iter().map(|&i| words[i].height).collect());
    let cells = join_wrapped(pieces(words, on_page, h));
    // Columns: clusters of left edges.
    let mut lefts: Vec<f64> = cells.iter().map(|c| c.x0).collect();
    lefts.sort_by(f64::total_cmp);
    let mut starts: Vec<(f64, usize)> = Vec::new();
    for x in lefts {
        match starts.last_mut() {
            Some((s, n)) if x - *s / *n as f64 <= h * 0.5 => {
                *s += x;
                *n += 1;
            }
            _ => starts.push((x, 1)),
        }
    }
    let starts: Vec<f64> = starts.iter().map(|(s, n)| s / *n as f64).collect();
    let col_of = |x: f64| {
        starts
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map_or(0, |(i, _)| i)
    };
    let cols: Vec<usize> = cells.iter().map(|c| col_of(c.x0)).collect();
    // Rows: cells aligned with one another by centre, top or bottom.
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|&a, &b| cells[a].cy().total_cmp(&cells[b].cy()));
    let mut rows: Vec<RowAt> = Vec::new();
    for i in order {
        let c = &cells[i];
        let tol = c.h * 0.3;
        let found = rows.iter().rposition(|r| {
            r.cells.iter().any(|&j| {
                let d = &cells[j];
                cols[j] != cols[i]
                    && ((c.cy() - d.cy()).abs() <= c.h * 0.25
                        || (c.y0 - d.y0).abs() <= tol
                        || (c.y1 - d.y1).abs() <= tol)
            })
        });
        match found {
            Some(r) => rows[r].cells.push(i),
            None => rows.push(RowAt { cells: vec![i] }),
        }
    }
    rows.sort_by(|a, b| row_top(&cells, a).total_cmp(&row_top(&cells, b)));
    let mut cells = cells;
    let rows = place_spans(&mut cells, &cols, rows, h);
    // Out: rows in order, a blank row where rows stand far apart.
    let mut out = Vec::new();
    let mut prev_bottom: Option<f64> = None;
    for r in rows {
        if r.cells.is_empty() {
            continue;
        }
        let top = row_top(&cells, &r);
        if prev_bottom.is_some_and(|b| top - b > h * 1.6) {
            out.push(PlacedRow::default());
        }
        prev_bottom =
            Some(prev_bottom.map_or(row_bottom(&cells, &r), |b| b.max(row_bottom(&cells, &r))));
        let mut placed: Vec<PlacedCell> = Vec::new();
        let mut ids = r.cells.clone();
        ids.sort_by(|&a, &b| cells[a].x0.total_cmp(&cells[b].x0));
        for i in ids {
            match placed.iter_mut().find(|p| p.col == cols[i]) {
                Some(p) => {
                    p.text.push(' ');
                    p.text.push_str(&cells[i].text);
                    p.words.extend(cells[i].words.iter().copied());
                    p.unplaced = p.unplaced.take().or(cells[i].unplaced.clone());
                }
                None => placed.push(PlacedCell {
                    text: cells[i].text.clone(),
                    words: cells[i].words.clone(),
                    col: cols[i],
                    unplaced: cells[i].unplaced.clone(),
                }),
            }
        }
        out.push(PlacedRow {
            page: 0,
            cells: placed,
        });
    }
    out
}

/// Moves each cell a table prints centred over several rows to the first
/// of them. Column by column from the left, a cell's region starts right
/// after the region of the cell above it in its column; it is moved when
/// rows from there down can be found it stands centred on, none of them
/// holding a cell further left but the first. Cells that fit no such
/// region stay where they are.
fn place_spans(cells: &mut [Piece], cols: &[usize], mut rows: Vec<RowAt>, h: f64) -> Vec<RowAt> {
    let ncols = cols.iter().copied().max().map_or(0, |m| m + 1);
    for k in 0..ncols {
        rows.retain(|r| !r.cells.is_empty());
        // The rows' extents before this column's cells move.
        let tops: Vec<f64> = rows.iter().map(|r| row_top(cells, r)).collect();
        let bottoms: Vec<f64> = rows.iter().map(|r| row_bottom(cells, r)).collect();
        let n = rows.len();
        // Half the space between rows in a table: how far a row's region
        // reaches beyond its text where the next row stands far off.
        let pad = median(
            (1..n)
                .map(|i| (tops[i] - bottoms[i - 1]) / 2.0)
                .filter(|g| *g > 0.0 && *g < h * 1.5)
                .collect(),
        )
        .min(h);
        // The region's edges, rows from `s` to `e`; `skip` is a row that
        // holds only the cell being placed, not a row of the table.
        // A row holding one cell further left, which found no region of
        // its own, is a label between rows, not a row of the table.
        let lone: Vec<bool> = rows
            .iter()
            .map(|r| matches!(r.cells[..], [i] if cols[i] < k))
            .collect();
        let prev =
            |s: usize, skip: Option<usize>| (0..s).rev().find(|&x| Some(x) != skip && !lone[x]);
        let after =
            |e: usize, skip: Option<usize>| (e + 1..n).find(|&x| Some(x) != skip && !lone[x]);
        let upper = |s: usize, skip: Option<usize>| match prev(s, skip) {
            None => tops[s] - pad,
            Some(p) => ((bottoms[p] + tops[s]) / 2.0).max(tops[s] - pad),
        };
        let lower = |e: usize, skip: Option<usize>| match after(e, skip) {
            None => bottoms[e] + pad,
            Some(a) => ((bottoms[e] + tops[a]) / 2.0).min(bottoms[e] + pad),
        };
        let left_of = |r: usize| !lone[r] && rows[r].cells.iter().any(|&i| cols[i] < k);
        let in_col: Vec<(usize, usize)> = (0..n)
            .flat_map(|r| {
                rows[r]
                    .cells
                    .iter()
                    .filter(|&&i| cols[i] == k)
                    .map(move |&i| (r, i))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut free = 0usize;
        let mut moves: Vec<(usize, usize, usize)> = Vec::new();
        let mut unplaced: Vec<(usize, usize, usize)> = Vec::new();
        for (n_at, &(r, i)) in in_col.iter().enumerate() {
            let next = in_col.get(n_at + 1).map_or(n, |&(r2, _)| r2);
            let cy = cells[i].cy();
            let mut end = r;
            // The first cell of a column (a header) stays where it is.
            if n_at > 0 && free < r {
                // The region [free, e] the cell stands centred on, if any:
                // no row in it holds a cell further left but the first.
                let alone = (rows[r].cells.len() == 1).then_some(r);
                let found = (free..next)
                    .filter(|&e| Some(e) != alone && !lone[e])
                    .take_while(|&e| e == free || e == r || !left_of(e))
                    .find(|&e| {
                        let mid = (upper(free, alone) + lower(e, alone)) / 2.0;
                        (mid - cy).abs() <= (h * 0.3).max(1.0)
                    });
                match found {
                    Some(e) => {
                        moves.push((i, r, free));
                        end = e;
                    }
                    // Rows printed further left break every region the
                    // cell stands centred on: the rows of the first such
                    // region may be its, and are flagged.
                    None => {
                        let region = (free..r).find_map(|s| {
                            (r..next)
                                .filter(|&e| Some(e) != alone && !lone[e])
                                .find_map(|e| {
                                    let mid = (upper(s, alone) + lower(e, alone)) / 2.0;
                                    ((mid - cy).abs() <= (h * 0.3).max(1.0)).then_some((s, e))
                                })
                        });
                        if let Some((s, e)) = region {
                            unplaced.push((i, s, e + 1));
                        }
                    }
                }
            }
            free = end.max(r) + 1;
        }
        for (label, from, to) in unplaced {
            let text = cells[label].text.clone();
            for row in rows.iter().take(to).skip(from) {
                for &c in &row.cells {
                    if c != label && cells[c].unplaced.is_none() {
                        cells[c].unplaced = Some(text.clone());
                    }
                }
            }
        }
        for (i, from, to) in moves {
            rows[from].cells.retain(|&x| x != i);
            rows[to].cells.push(i);
            cells[i].moved = true;
        }
    }
    rows.retain(|r| !r.cells.is_empty());
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(block: u32, left: f64, top: f64, text: &str) -> WordBox {
        WordBox {
            page: 1,
            block: (block, 0),
            left,
            top,
            width: 8.0 * text.chars().count() as f64,
            height: 8.0,
            text: text.to_owned(),
        }
    }

    fn texts(rows: &[PlacedRow]) -> Vec<Vec<(usize, String)>> {
        rows.iter()
            .map(|r| r.cells.iter().map(|c| (c.col, c.text.clone())).collect())
            .collect()
    }

    #[test]
    fn wrapped_cells_join_and_centred_labels_move_to_their_first_row() {
        // 一级 label centred over two rows; the first row's name wraps.
        let words = vec![
            w(1, 10.0, 10.0, "一级指标"),
            w(2, 60.0, 10.0, "三级指标"),
            w(3, 120.0, 10.0, "指标值"),
            w(4, 60.0, 26.0, "购买保险的"),
            w(4, 60.0, 36.5, "户数"),
            w(5, 120.0, 31.25, "≥340户"),
            w(6, 10.0, 39.25, "产出指标"),
            w(7, 60.0, 52.5, "完成率"),
            w(8, 120.0, 52.5, "100%"),
        ];
        let rows = rows(&words);
        assert_eq!(
            texts(&rows),
            [
                vec![
                    (0, "一级指标".to_owned()),
                    (1, "三级指标".to_owned()),
                    (2, "指标值".to_owned())
                ],
                vec![
                    (0, "产出指标".to_owned()),
                    (1, "购买保险的户数".to_owned()),
                    (2, "≥340户".to_owned())
                ],
                vec![(1, "完成率".to_owned()), (2, "100%".to_owned())],
            ]
        );
    }

    #[test]
    fn any_boxes_lay_out_without_panicking_and_keep_every_word() {
        // A small linear congruential generator: boxes anywhere, of any size
        // (zero-height rules, overlapping cells, words on top of each other).
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |m: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % m
        };
        for _ in 0..200 {
            let n = next(60) as usize;
            let words: Vec<WordBox> = (0..n)
                .map(|_| WordBox {
                    page: 1 + next(2) as u32,
                    block: (next(4) as u32, 0),
                    left: next(600) as f64,
                    top: next(400) as f64,
                    width: next(80) as f64,
                    height: next(20) as f64,
                    text: ["一", "指标", "100%", "-"][next(4) as usize].to_owned(),
                })
                .collect();
            let rows = rows(&words);
            let mut held: Vec<usize> = rows
                .iter()
                .flat_map(|r| r.cells.iter().flat_map(|c| c.words.iter().copied()))
                .collect();
            held.sort_unstable();
            assert_eq!(held, (0..n).collect::<Vec<_>>());
            let _ = grid(rows, Vec::new());
        }
    }

    #[test]
    fn tsv_rows_of_either_program_parse() {
        let tsv = "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t842\t595\t-1\t###PAGE###\n\
                   5\t1\t2\t0\t0\t0\t39.00\t90.96\t32.00\t8.00\t100\t项目名称\n\
                   5\t2\t3\t1\t0\t1\t40\t90\t10\t8\t57.5\t \n";
        let words = parse_tsv(tsv);
        assert_eq!(words.len(), 1);
        assert_eq!(words[0].0.text, "项目名称");
        assert_eq!(words[0].0.block, (2, 0));
        assert_eq!(words[0].1, 100.0);
    }
}
