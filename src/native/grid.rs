//! The grid a native reader builds: one owned buffer of cell texts, rows of
//! cells borrowed from it as [`layout::Row`]s, and each cell's native address.
//!
//! Each row is stored as its cells joined by tabs, so a row's `text` and a
//! cell's `col` mean what they mean for tab-separated text; but the cells
//! are cut at the boundaries the reader knows, never by splitting the text.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::grammar::FormDraft;
use crate::layout::{Cell, Row};
use crate::record::{Layout, Record};

/// Rows of cells with their addresses and pages.
#[derive(Debug, Default)]
pub struct Grid {
    buf: String,
    rows: Vec<GridRow>,
    cells: Vec<GridCell>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
struct GridRow {
    span: Range<usize>,
    cells: Range<usize>,
    page: Option<u32>,
}

#[derive(Debug)]
struct GridCell {
    span: Range<usize>,
    col: usize,
    address: Option<Box<str>>,
}

/// One cell handed to [`GridBuilder::row`]: its text and native address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellIn {
    /// The cell's text as the file holds it (cleaned by the builder).
    pub text: String,
    /// `申报表!D11`, `T2R5C3`.
    pub address: Option<String>,
}

impl Grid {
    /// The rows for the interpreter, line `i + 1` for row `i`.
    pub fn rows(&self) -> Vec<Row<'_>> {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let line = i + 1;
                let cells: Vec<Cell<'_>> = self.cells[r.cells.clone()]
                    .iter()
                    .enumerate()
                    .map(|(index, c)| Cell {
                        text: &self.buf[c.span.clone()],
                        line,
                        index,
                        col: c.col,
                    })
                    .collect();
                let filled = cells.iter().filter(|c| !c.text.is_empty()).count();
                let layout = match (filled, cells.len()) {
                    (0, _) => None,
                    (_, 1) => Some(Layout::CellPerLine),
                    _ => Some(Layout::Tabs),
                };
                Row {
                    line,
                    text: &self.buf[r.span.clone()],
                    cells,
                    layout,
                }
            })
            .collect()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the grid has no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The page of a 1-based line, when the reader knows pages.
    pub fn page(&self, line: usize) -> Option<u32> {
        self.rows.get(line.checked_sub(1)?)?.page
    }

    /// What the reader noticed while building the grid.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The address of the cell a slice of the buffer lies in.
    pub(crate) fn address_of(&self, s: &str) -> Option<&str> {
        let base = self.buf.as_ptr() as usize;
        let at = (s.as_ptr() as usize).checked_sub(base)?;
        if at > self.buf.len() {
            return None;
        }
        let i = self.cells.partition_point(|c| c.span.start <= at);
        let cell = self.cells.get(i.checked_sub(1)?)?;
        (at + s.len() <= cell.span.end)
            .then_some(cell.address.as_deref())
            .flatten()
    }

    /// Puts the cell and page of every indicator and header value of a form
    /// on its record, from the cells its draft borrowed.
    pub fn attach(&self, draft: &FormDraft<'_>, record: &mut Record) {
        if draft.indicators.len() == record.indicators.len() {
            for (d, ind) in draft.indicators.iter().zip(record.indicators.iter_mut()) {
                let piece = d.value.first().or(d.name.first());
                ind.cell = piece
                    .and_then(|p| self.address_of(p.text))
                    .map(str::to_owned);
                ind.page = self.page(ind.line);
            }
        }
        for h in &draft.header {
            let address = h.values.iter().find_map(|p| self.address_of(p.text));
            if let Some(a) = address {
                record
                    .source
                    .cells
                    .entry(h.spelling.to_owned())
                    .or_insert_with(|| a.to_owned());
            }
        }
    }
}

/// Builds a [`Grid`] row by row.
#[derive(Debug, Default)]
pub struct GridBuilder {
    grid: Grid,
}

impl GridBuilder {
    /// An empty grid.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a row of cells by position; `None` is an empty cell (a gap a
    /// merged region covers, or nothing). Trailing empty cells are dropped,
    /// as a text line has none after its last tab.
    pub fn row(&mut self, cells: Vec<Option<CellIn>>, page: Option<u32>) {
        match stacked_rows(&cells) {
            Some(rows) => {
                for r in rows {
                    self.one_row(r, page);
                }
            }
            None => self.one_row(cells, page),
        }
    }

    fn one_row(&mut self, cells: Vec<Option<CellIn>>, page: Option<u32>) {
        let g = &mut self.grid;
        let texts: Vec<(String, Option<String>)> = cells
            .into_iter()
            .map(|c| c.map_or((String::new(), None), |c| (clean_cell(&c.text), c.address)))
            .collect();
        let last = texts.iter().rposition(|(t, _)| !t.is_empty());
        let row_start = g.buf.len();
        let first_cell = g.cells.len();
        let mut col = 0usize;
        match last {
            None => g.cells.push(GridCell {
                span: row_start..row_start,
                col: 0,
                address: None,
            }),
            Some(last) => {
                for (i, (text, address)) in texts.into_iter().take(last + 1).enumerate() {
                    if i > 0 {
                        g.buf.push('\t');
                        col += 1;
                    }
                    let start = g.buf.len();
                    g.buf.push_str(&text);
                    g.cells.push(GridCell {
                        span: start..g.buf.len(),
                        col,
                        address: address.map(String::into_boxed_str),
                    });
                    col += text.chars().count();
                }
            }
        }
        g.rows.push(GridRow {
            span: row_start..g.buf.len(),
            cells: first_cell..g.cells.len(),
            page,
        });
        g.buf.push('\n');
    }

    /// Adds a blank row.
    pub fn blank(&mut self, page: Option<u32>) {
        self.row(Vec::new(), page);
    }

    /// Adds a paragraph of text outside any table: its tab-separated parts
    /// are cells.
    pub fn paragraph(&mut self, text: &str, page: Option<u32>) {
        let cells = text
            .split('\t')
            .map(|t| {
                Some(CellIn {
                    text: t.to_owned(),
                    address: None,
                })
            })
            .collect();
        self.row(cells, page);
    }

    /// Rows so far.
    pub fn len(&self) -> usize {
        self.grid.rows.len()
    }

    /// True when no row was added.
    pub fn is_empty(&self) -> bool {
        self.grid.rows.is_empty()
    }

    /// Records a diagnostic at a line of the grid.
    pub fn diagnostic(&mut self, d: Diagnostic) {
        self.grid.diagnostics.push(d);
    }

    /// The finished grid.
    pub fn finish(self) -> Grid {
        self.grid
    }
}

/// A row whose cells stack several rows, one per line of each
/// (`<p>受益学生人数</p><p>覆盖学校数</p>` beside `<p>≥1.9万人</p><p>46所</p>`):
/// one row per line, when two cells or more hold the same number of lines
/// and every line of the last of them reads as a value (a wrapped text does
/// not). A cell of one line stays on the first row, as a merged cell over
/// the others. None when the row stacks nothing.
fn stacked_rows(cells: &[Option<CellIn>]) -> Option<Vec<Vec<Option<CellIn>>>> {
    let lines: Vec<Vec<&str>> = cells
        .iter()
        .map(|c| {
            c.as_ref().map_or_else(Vec::new, |c| {
                c.text
                    .split(['\n', '\r'])
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect()
            })
        })
        .collect();
    let stacked: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].len() > 1).collect();
    let (&first, &last) = (stacked.first()?, stacked.last()?);
    let n = lines[first].len();
    if stacked.len() < 2 || n > 20 || stacked.iter().any(|&i| lines[i].len() != n) {
        return None;
    }
    let values = lines[last].iter().all(|l| {
        let (v, _) = crate::value::parse_value(l);
        !matches!(v.kind, crate::record::ValueKind::Text { .. }) || v.date.is_some()
    });
    if !values {
        return None;
    }
    let rows = (0..n)
        .map(|k| {
            cells
                .iter()
                .zip(&lines)
                .map(|(c, l)| match c {
                    Some(c) if l.len() > 1 => Some(CellIn {
                        text: l[k].to_owned(),
                        address: c.address.clone(),
                    }),
                    Some(c) if k == 0 => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    Some(rows)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// A cell's text on one line: its own line breaks joined (without a space
/// between Chinese characters, with one otherwise), tabs and other white
/// space runs read as one space, the ends trimmed.
pub fn clean_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{b}']) {
        let line = crate::layout::trim_cell(line);
        if line.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (out.chars().last(), line.chars().next()) {
            if !(is_cjk(a) || is_cjk(b)) {
                out.push(' ');
            }
        }
        let mut space = false;
        for c in line.chars() {
            if c == '\t' || c == '\u{a0}' {
                space = true;
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            if !c.is_control() {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(t: &str, a: &str) -> Option<CellIn> {
        Some(CellIn {
            text: t.into(),
            address: Some(a.into()),
        })
    }

    #[test]
    fn rows_hold_cells_gaps_and_addresses() {
        let mut b = GridBuilder::new();
        b.row(
            vec![
                cell("项目名称", "S!A1"),
                None,
                cell("扶贫  保险", "S!C1"),
                None,
            ],
            None,
        );
        b.blank(None);
        b.row(vec![cell("绩效目标申报表", "S!A3")], Some(2));
        let g = b.finish();
        let rows = g.rows();
        assert_eq!(rows.len(), 3);
        let texts: Vec<&str> = rows[0].cells.iter().map(|c| c.text).collect();
        // The double space stays inside the cell: cells are not re-split.
        assert_eq!(texts, ["项目名称", "", "扶贫  保险"]);
        assert_eq!(rows[0].text, "项目名称\t\t扶贫  保险");
        assert_eq!(rows[0].cells[2].col, 6);
        assert_eq!(rows[0].layout, Some(Layout::Tabs));
        assert_eq!(rows[1].layout, None);
        assert_eq!(rows[2].layout, Some(Layout::CellPerLine));
        assert_eq!(g.address_of(rows[0].cells[2].text), Some("S!C1"));
        assert_eq!(g.address_of(&rows[2].cells[0].text[3..]), Some("S!A3"));
        assert_eq!(g.address_of("elsewhere"), None);
        assert_eq!(g.page(3), Some(2));
        assert_eq!(g.page(9), None);
    }

    #[test]
    fn stacked_rows_split_only_when_every_line_is_a_value() {
        let row = |cells: &[&str]| -> Vec<Option<CellIn>> {
            cells
                .iter()
                .map(|t| {
                    Some(CellIn {
                        text: (*t).to_owned(),
                        address: None,
                    })
                })
                .collect()
        };
        let texts = |rows: Option<Vec<Vec<Option<CellIn>>>>| -> Option<Vec<Vec<String>>> {
            rows.map(|rs| {
                rs.into_iter()
                    .map(|r| {
                        r.into_iter()
                            .map(|c| c.map(|c| c.text).unwrap_or_default())
                            .collect()
                    })
                    .collect()
            })
        };
        let two = texts(stacked_rows(&row(&[
            "数量指标",
            "受益学生人数\n覆盖学校数",
            "≥1.9万人\n46所",
        ])));
        assert_eq!(
            two,
            Some(vec![
                vec![
                    "数量指标".to_owned(),
                    "受益学生人数".to_owned(),
                    "≥1.9万人".to_owned()
                ],
                vec![String::new(), "覆盖学校数".to_owned(), "46所".to_owned()],
            ])
        );
        // A wrapped name beside a value and its note: one row.
        assert_eq!(
            stacked_rows(&row(&["学生营养餐\n补助人数", "≥95%\n(抽样)"])),
            None
        );
        // One stacked cell only: one row.
        assert_eq!(
            stacked_rows(&row(&["受益学生人数\n覆盖学校数", "≥1.9万人"])),
            None
        );
    }

    #[test]
    fn cell_text_is_one_line() {
        assert_eq!(clean_cell(" 为全区\n建档立卡户 "), "为全区建档立卡户");
        assert_eq!(clean_cell("Annual\r\ngoal\tone"), "Annual goal one");
        assert_eq!(clean_cell("张 军\u{a0}86928079"), "张 军 86928079");
        assert_eq!(clean_cell("\n\n"), "");
    }
}
