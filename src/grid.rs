//! The grid pass: rows of cells as the form grammar reads them.
//!
//! [`crate::layout`] splits each physical line on its own separators, and
//! [`crate::segment`] decides how each stretch of rows is read. This pass
//! settles, for every row, the cells the interpreter sees: words for rows
//! separated by single spaces, labels cut out of cells that hold a label and
//! its value one space apart, spaced cells split where the rows around them
//! start a column, and a merged cell repeated by an export read once. What it
//! decides is visible on its own as a snapshot ([`snapshot`]), one line per
//! row, so a change in how text is cut into cells shows up in review before
//! it reaches any record.

use std::fmt::Write;

use crate::labels::{match_label, Label};
use crate::layout::{Cell, Row};
use crate::record::Layout;
use crate::segment::{is_page_furniture, is_table_rule, modes, split_labelled, words, Mode};

/// The longest label a line wrap may split, in characters.
const WRAPPED_LABEL_CHARS: usize = 16;

/// A label wrapped over two lines: the last cell of one row and the only
/// cell of the next (`总体` / `目标`, `项目效益` / `指标`, `项目资金申请` /
/// `(万元)`), neither a whole label alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrappedLabel {
    /// What the two pieces spell together.
    pub label: Label,
    /// The vocabulary spelling they matched.
    pub spelling: &'static str,
    /// The last row (index) holding a piece of the label; the rows between
    /// hold one piece each.
    pub tail_row: usize,
}

/// How many lines a wrapped label may run on to (a label printed down a
/// merged cell one character per line: `绩` / `效` / `指` / `标`).
const WRAPPED_LABEL_LINES: usize = 4;

/// How many rows above and below a spaced row lend it their column starts.
const NEAR_ROWS: usize = 4;

/// The rows of a text with the reading mode of each and the column starts of
/// the spaced rows around it.
pub struct Grid<'r, 'a> {
    rows: &'r [Row<'a>],
    modes: Vec<Mode>,
    /// Character columns where cells start, per row (spaced rows only).
    starts: Vec<Vec<usize>>,
    /// Scratch: the column starts of the rows near the one being cut.
    near: Vec<usize>,
}

impl<'r, 'a> Grid<'r, 'a> {
    /// Prepares the rows of one text.
    pub fn new(rows: &'r [Row<'a>]) -> Self {
        Grid {
            rows,
            modes: modes(rows),
            starts: column_starts(rows),
            near: Vec::new(),
        }
    }

    /// The physical rows.
    pub fn rows(&self) -> &'r [Row<'a>] {
        self.rows
    }

    /// How row `i` is read.
    pub fn mode(&self, i: usize) -> Mode {
        self.modes.get(i).copied().unwrap_or(Mode::Cells)
    }

    /// The first cell of the next row that holds any text (one cell of
    /// look-ahead, for one-cell-per-line tables).
    pub fn next_text(&self, i: usize) -> Option<&'a str> {
        self.rows
            .get(i + 1..)?
            .iter()
            .find_map(|n| n.filled().next())
            .map(|c| c.text)
    }

    /// Whether row `i`, cut into `cells`, ends with the head of a label
    /// wrapped onto the next non-blank row.
    // fixture: fixtures/grid/wrapped-labels.txt
    pub fn wrapped_label(&self, i: usize, cells: &[Cell<'a>]) -> Option<WrappedLabel> {
        let head = cells.last()?;
        let short = |t: &str| t.chars().count() < WRAPPED_LABEL_CHARS;
        let whole = |t: &str| match_label(t).is_some_and(|m| m.rest.is_empty());
        // Most rows are followed by a row of several cells: ruled out before
        // any label lookup.
        let lone_next = self
            .rows
            .get(i + 1..)?
            .iter()
            .take(3)
            .find(|r| !r.is_blank())
            .is_some_and(|r| r.filled().nth(1).is_none());
        if !lone_next || !short(head.text) || whole(head.text) {
            return None;
        }
        let mut joined = head.text.to_owned();
        let mut j = i;
        for _ in 1..WRAPPED_LABEL_LINES {
            let (k, next) = self
                .rows
                .iter()
                .enumerate()
                .skip(j + 1)
                .take(3)
                .find(|(_, r)| !r.is_blank())?;
            let mut pieces = next.filled();
            let tail = pieces.next()?;
            // A tail that is a label of its own stands alone, except the lone
            // 指标 that ends so many wrapped level names.
            if pieces.next().is_some()
                || (whole(tail.text) && tail.text != "指标")
                || joined.chars().count() + tail.text.chars().count() > WRAPPED_LABEL_CHARS
            {
                return None;
            }
            joined.push_str(tail.text);
            j = k;
            if let Some(m) = match_label(&joined).filter(|m| m.rest.is_empty() && !m.fuzzy) {
                return Some(WrappedLabel {
                    label: m.label,
                    spelling: m.spelling,
                    tail_row: j,
                });
            }
        }
        None
    }

    /// Fills `out` with the cells of row `i` as the interpreter reads them.
    pub fn cells(&mut self, i: usize, out: &mut Vec<Cell<'a>>) {
        out.clear();
        let Some(row) = self.rows.get(i) else {
            return;
        };
        match self.mode(i) {
            // A page number line (`— 1 —`) among single-space rows is one
            // cell, to be dismissed whole, not words.
            // test: tests/grid.rs, page_lines_between_single_space_rows_are_furniture
            Mode::Words if is_page_furniture(row.text.trim()) => out.extend(row.filled()),
            Mode::Words | Mode::Flat => out.extend(row.filled().flat_map(words)),
            _ => {
                let spaced = matches!(row.layout, Some(Layout::Spaces | Layout::CellPerLine));
                if spaced {
                    self.near.clear();
                    let (lo, hi) = (
                        i.saturating_sub(NEAR_ROWS),
                        (i + NEAR_ROWS + 1).min(self.rows.len()),
                    );
                    for (k, s) in self.starts.iter().enumerate().take(hi).skip(lo) {
                        if k != i {
                            self.near.extend_from_slice(s);
                        }
                    }
                }
                for c in row.filled() {
                    match split_labelled(c) {
                        Some(parts) => out.extend(parts),
                        None if spaced => split_at_columns(c, &self.near, out),
                        None => out.push(*c),
                    }
                }
                // A merged cell that an HTML or spreadsheet export repeated in
                // each cell it spans (`项目名称 | 项目名称 | 扶贫综合保险 | 扶贫综合保险`).
                out.dedup_by(|b, a| a.text == b.text && a.text.chars().count() >= 2);
                if spaced {
                    join_spaced_labels(row.text, out);
                }
            }
        }
    }
}

// fixture: fixtures/grid/spaced-labels.txt
/// Joins neighbouring cells of a spaced row that spell a label together
/// (`项目  名称` printed with a gap wide enough to split it): the cell becomes
/// the stretch of the line from the first piece to the second.
fn join_spaced_labels<'a>(line: &'a str, cells: &mut Vec<Cell<'a>>) {
    let whole = |t: &str| match_label(t).is_some_and(|m| m.rest.is_empty());
    let offset = |t: &str| (t.as_ptr() as usize).checked_sub(line.as_ptr() as usize);
    let mut k = 0;
    while k + 1 < cells.len() {
        let (a, b) = (cells[k], cells[k + 1]);
        let short = a.text.chars().count() <= 4 && b.text.chars().count() <= 4;
        let span = match (offset(a.text), offset(b.text)) {
            (Some(x), Some(y)) if short && y >= x => line.get(x..y + b.text.len()),
            _ => None,
        };
        let joins = span.filter(|span| {
            !whole(a.text)
                && !whole(b.text)
                && match_label(span).is_some_and(|m| m.rest.is_empty() && !m.fuzzy)
        });
        match joins {
            Some(span) => {
                cells[k] = Cell { text: span, ..a };
                cells.remove(k + 1);
            }
            None => k += 1,
        }
    }
}

/// The character columns where cells start, for each row of two or more
/// cells separated by runs of spaces (empty for other rows).
fn column_starts(rows: &[Row<'_>]) -> Vec<Vec<usize>> {
    rows.iter()
        .map(|r| {
            if r.layout == Some(Layout::Spaces) && r.filled().nth(1).is_some() {
                r.filled().map(|c| c.col).collect()
            } else {
                Vec::new()
            }
        })
        .collect()
}

/// Splits a spaced cell at a single space where the rows around start a cell
/// in that very column: the extraction left one space between two cells.
/// A cell that as a whole is a label stays whole.
fn split_at_columns<'a>(c: &Cell<'a>, starts: &[usize], out: &mut Vec<Cell<'a>>) {
    let text = c.text;
    if starts.is_empty()
        || !text.contains(' ')
        || text.len() > 300
        || is_page_furniture(text)
        || is_table_rule(text)
        || match_label(text).is_some_and(|m| m.rest.is_empty())
    {
        out.push(*c);
        return;
    }
    let first = out.len();
    let (mut from, mut from_col) = (0usize, c.col);
    let mut prev_space = false;
    let mut col = c.col;
    for (i, ch) in text.char_indices() {
        if prev_space && ch != ' ' && starts.contains(&col) && i > from + 1 {
            out.push(Cell {
                text: text[from..i].trim_end(),
                col: from_col,
                index: c.index + out.len() - first,
                ..*c
            });
            from = i;
            from_col = col;
        }
        prev_space = ch == ' ';
        col += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
    }
    out.push(Cell {
        text: &text[from..],
        col: from_col,
        index: c.index + out.len() - first,
        ..*c
    });
}

/// The grid of a text as plain text, one line per non-blank row: its line
/// number, reading mode, separator family and cells (`┃` between cells,
/// `@col` after cells of spaced rows and indented lone cells). Used by the grid snapshot tests.
pub fn snapshot(text: &str) -> String {
    let mut glued = crate::glued::split(crate::layout::rows(text));
    let rows = std::mem::take(&mut glued.rows);
    let mut grid = Grid::new(&rows);
    let mut out = String::new();
    let mut cells = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        grid.cells(i, &mut cells);
        let mode = match grid.mode(i) {
            Mode::Cells => "cells",
            Mode::Stream => "stream",
            Mode::Words => "words",
            Mode::Flat => "flat",
        };
        let family = row.layout.map_or("-", Layout::as_str);
        let _ = write!(out, "{:>4} {mode:<6} {family:<13}", row.line);
        let spaced = row.layout == Some(Layout::Spaces);
        for (k, c) in cells.iter().enumerate() {
            out.push_str(if k == 0 { " " } else { " ┃ " });
            out.push_str(c.text);
            if spaced || (c.col > 0 && row.layout == Some(Layout::CellPerLine)) {
                let _ = write!(out, "@{}", c.col);
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::rows;

    fn cut(text: &str, line: usize) -> Vec<String> {
        let rows = rows(text);
        let mut grid = Grid::new(&rows);
        let mut out = Vec::new();
        grid.cells(line - 1, &mut out);
        out.iter().map(|c| c.text.to_owned()).collect()
    }

    #[test]
    fn cells_of_each_family() {
        // (text, line, expected cells)
        let table: &[(&str, usize, &[&str])] = &[
            ("项目名称\t某某道路\t主管部门\t某某局", 1, &["项目名称", "某某道路", "主管部门", "某某局"]),
            ("| 项目名称 | 项目名称 | 某某道路 | 某某道路 |", 1, &["项目名称", "某某道路"]),
            ("项目名称 某某道路 主管部门 某某局", 1, &["项目名称", "某某道路", "主管部门", "某某局"]),
            ("项 目 名 称 某某道路", 1, &["项 目 名 称", "某某道路"]),
            (
                "一级指标    二级指标    三级指标    指标值\n产出指标    数量指标    新建道路 ≥12公里\n效益指标    社会效益    通行时间    缩短",
                2,
                &["产出指标", "数量指标", "新建道路 ≥12公里"],
            ),
            (
                "一级指标    二级指标    三级指标    指标值\n产出指标    数量指标    新建道路5条 ≥12公里\n效益指标    社会效益    通行时间    缩短",
                2,
                &["产出指标", "数量指标", "新建道路5条", "≥12公里"],
            ),
        ];
        for (text, line, want) in table {
            assert_eq!(&cut(text, *line), want, "{text}");
        }
    }

    #[test]
    fn a_label_is_never_split_by_the_columns_around_it() {
        // The rows around start a column at 指 of `社会效益 指标` (display column 17), but the
        // cell is a label as a whole; an ordinary cell there is split.
        let starts = [0, 8, 17, 26];
        for (text, pieces) in [("社会效益 指标", 1), ("道路长度 12公里", 2)] {
            let mut out = Vec::new();
            let cell = Cell {
                text,
                line: 2,
                index: 1,
                col: 8,
            };
            split_at_columns(&cell, &starts, &mut out);
            assert_eq!(out.len(), pieces, "{text}: {out:?}");
        }
    }

    #[test]
    fn snapshot_names_mode_family_and_columns() {
        let snap = snapshot(
            "绩效目标申报表\n项目名称\t某某道路\n\n一级指标   二级指标\n产出指标   数量指标\n",
        );
        let lines: Vec<&str> = snap.lines().collect();
        assert_eq!(lines.len(), 4, "{snap}");
        assert!(lines[1].contains("项目名称 ┃ 某某道路"), "{snap}");
        assert!(lines[1].contains("tabs"), "{snap}");
        assert!(lines[3].contains("产出指标@0 ┃ 数量指标@11"), "{snap}");
    }
}
