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
        match rest.find(['\n', '\r']) {
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

/// Trims white space, control characters and BOMs from both ends of a cell.
pub fn trim_cell(s: &str) -> &str {
    s.trim_matches(crate::normalize::is_space)
}

/// Splits one line into a row of cells by the separator the line uses.
pub fn split_row(line: usize, text: &str) -> Row<'_> {
    let mut cells = Vec::new();
    let trimmed = trim_cell(text);
    let layout = if trimmed.is_empty() {
        None
    } else if text.contains('\t') {
        push_cells(&mut cells, line, text.split('\t'));
        Some(Layout::Tabs)
    } else if let Some(pieces) = pipe_pieces(trimmed) {
        push_cells(&mut cells, line, pieces.into_iter());
        Some(Layout::Pipes)
    } else {
        let pieces = split_spaces(trimmed);
        let n = pieces.len();
        push_cells(&mut cells, line, pieces.into_iter());
        Some(if n > 1 {
            Layout::Spaces
        } else {
            Layout::CellPerLine
        })
    };
    if layout.is_none() {
        cells.push(Cell {
            text: "",
            line,
            index: 0,
        });
    }
    Row {
        line,
        text,
        cells,
        layout,
    }
}

fn push_cells<'a>(out: &mut Vec<Cell<'a>>, line: usize, pieces: impl Iterator<Item = &'a str>) {
    for (index, p) in pieces.enumerate() {
        out.push(Cell {
            text: trim_cell(p),
            line,
            index,
        });
    }
}

/// A line is pipe-separated when it has a `|` that is not inside text, e.g.
/// `项目名称 | 某某道路 |` or a bare `|` cell.
fn pipe_pieces(trimmed: &str) -> Option<Vec<&str>> {
    if !(trimmed.starts_with('|') || trimmed.ends_with('|') || trimmed.contains(" | ")) {
        return None;
    }
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').collect())
}

/// Splits on runs of two or more spaces (or any ideographic space), the way
/// `pdftotext -layout` and OCR engines separate cells.
fn split_spaces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let sep = c == '\u{3000}'
            || (c == ' ' && matches!(chars.peek(), Some((_, n)) if *n == ' ' || *n == '\u{3000}'));
        if sep {
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if n == ' ' || n == '\u{3000}' {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if i > start {
                out.push(&s[start..i]);
            }
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Splits a whole text into rows.
pub fn rows(text: &str) -> Vec<Row<'_>> {
    lines(text).map(|(no, l)| split_row(no, l)).collect()
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
    }

    fn texts<'a>(row: &Row<'a>) -> Vec<&'a str> {
        row.cells.iter().map(|c| c.text).collect()
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
