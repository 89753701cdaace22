//! The grid pass: rows of cells as the form grammar reads them.
//!
//! [`crate::layout`] splits each physical line on its own separators, and
//! [`crate::segment`] decides how each stretch of rows is read. This pass
//! settles, for every row, the cells the interpreter sees: words for rows
//! separated by single spaces, labels cut out of cells that hold a label and
//! its value one space apart, spaced cells split at a single space only where
//! the column grid of their table region (inferred from all its rows, see
//! `Columns`) has a column, and a merged cell repeated by an export read
//! once. What it decides is visible on its own as a snapshot ([`snapshot`]),
//! one line per row and the columns of each spaced region, so a change in how
//! text is cut into cells shows up in review before it reaches any record.

use std::fmt::Write;

use crate::labels::{match_label, Label};
use crate::layout::{Cell, Row};
use crate::normalize::is_letter_spaced;
use crate::record::{Layout, ValueKind};
use crate::segment::{
    is_page_furniture, is_table_rule, is_title, modes, split_labelled, words, year_line, Mode,
};
use crate::value::{is_comparator, is_unit_word, parse_value};

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
    /// The head is the row's first cell, its value beside it (aligned text),
    /// not its last.
    pub at_start: bool,
}

/// The amounts on the row under a row of funding column titles
/// ([`Grid::amounts_below`]).
#[derive(Debug, Clone, Default)]
pub struct AmountsBelow {
    /// Their cell indices.
    pub cells: Vec<usize>,
    /// The row opens with the total's own label (`年度资金总额 | 500 | 450`).
    pub total_label: bool,
}

/// How many lines a wrapped label may run on to (a label printed down a
/// merged cell one character per line: `绩` / `效` / `指` / `标`).
const WRAPPED_LABEL_LINES: usize = 4;

/// The rows of a text with the reading mode of each and the column grid of
/// each stretch of spaced rows.
pub struct Grid<'r, 'a> {
    rows: &'r [Row<'a>],
    modes: Vec<Mode>,
    /// The column grid of every table region laid out with runs of spaces.
    columns: Columns,
    /// Rows whose first cell is one character of a label printed down a column.
    vertical: Vec<Vertical>,
}

impl<'r, 'a> Grid<'r, 'a> {
    /// Prepares the rows of one text.
    pub fn new(rows: &'r [Row<'a>]) -> Self {
        Grid {
            rows,
            modes: modes(rows),
            columns: Columns::infer(rows),
            vertical: labels_down_a_column(rows),
        }
    }

    /// Whether row `i` opens with one character of a label printed down the
    /// merged cell left of its block (see [`labels_down_a_column`]), and
    /// which label when it is the first.
    pub fn vertical_piece(&self, i: usize) -> Vertical {
        self.vertical.get(i).copied().unwrap_or(Vertical::None)
    }

    /// The physical rows.
    pub fn rows(&self) -> &'r [Row<'a>] {
        self.rows
    }

    /// How row `i` is read.
    pub fn mode(&self, i: usize) -> Mode {
        self.modes.get(i).copied().unwrap_or(Mode::Cells)
    }

    /// The next row that holds any text, and its first cell (one cell of
    /// look-ahead, for one-cell-per-line tables).
    pub fn next_text(&self, i: usize) -> Option<(&Row<'a>, &'a str)> {
        self.rows
            .get(i + 1..)?
            .iter()
            .find_map(|n| n.filled().next().map(|c| (n, c.text)))
    }

    /// How many rows from row `i` on, blank rows skipped, hold one amount
    /// each and nothing else (`152.8` / `140` / `12.8`).
    pub fn amount_run(&self, i: usize) -> usize {
        let Some(rest) = self.rows.get(i..) else {
            return 0;
        };
        rest.iter()
            .filter(|r| !r.is_blank())
            .take_while(|r| {
                let mut filled = r.filled();
                matches!((filled.next(), filled.next()), (Some(c), None) if crate::value::parse_amount_like(c.text))
            })
            .count()
    }

    /// The cell indices of the amounts on the row right under row `i`, when
    /// that row holds amounts and nothing else (`| | 500 | 450 | 50 |`): the
    /// values of a row of funding column titles. Asked only of a row opening
    /// with a funding heading.
    // fixture: fixtures/tables/funding-column-titles-amounts-below.txt
    pub fn amounts_below(&self, i: usize) -> AmountsBelow {
        let Some((_, next)) = self.next_filled_row(i, 1) else {
            return AmountsBelow::default();
        };
        let amounts: Vec<usize> = next
            .filled()
            .filter(|c| crate::value::parse_amount_like(c.text))
            .map(|c| c.index)
            .collect();
        // The amounts' row may open with the total's own label (`年度资金总额 |
        // 500 | 450 | 50`).
        // fixture: fixtures/tables/funding-column-titles-total-row.txt
        let total_label = || {
            next.filled()
                .next()
                .and_then(|c| match_label(c.text))
                .is_some_and(|m| {
                    m.label == Label::Field(crate::labels::Field::FundingTotal) && m.rest.is_empty()
                })
        };
        let others = next.filled().count() - amounts.len();
        if amounts.len() >= 2 && (others == 0 || (others == 1 && total_label())) {
            AmountsBelow {
                cells: amounts,
                total_label: others == 1,
            }
        } else {
            AmountsBelow::default()
        }
    }

    /// Whether row `i` is a page's running header or footer printed inside a
    /// table cut by a page break (`某县人民政府网 2024年…公开` above `— 2 —`):
    /// a lone line beside a row of the table, with a page marker on its other
    /// side, or holding a web address or a browser's print stamp
    /// (`http://…/88213.html  1/2`, `2024/4/9 15:37  …`).
    // fixture: fixtures/regions/pipes-page-header-mid-table.txt
    // fixture: fixtures/regions/words-site-lines-inside-table.txt
    pub fn page_margin(&self, i: usize) -> bool {
        let Some(row) = self.rows.get(i) else {
            return false;
        };
        let text = row.text.trim();
        if !(6..=100).contains(&text.chars().count()) {
            return false;
        }
        // A browser's print stamp opens its line, however many words follow.
        if crate::segment::opens_with_print_stamp(text) {
            return true;
        }
        if self.table_row(i) {
            return false;
        }
        // The neighbours first: they rule out nearly every row.
        let marker = |k: usize| {
            self.rows
                .get(k)
                .is_some_and(|r| is_page_furniture(r.text.trim()))
        };
        let before = self.neighbour(i, false);
        let after = self.neighbour(i, true);
        let table = |k: Option<usize>| k.is_some_and(|k| self.table_row(k));
        // A page's metadata (`发布时间：2024-03-18`) between two rows of the
        // table: the page's header, not the end of the form.
        // fixture: fixtures/regions/words-site-lines-inside-table.txt
        if crate::segment::is_site_furniture(text) {
            return table(before) && table(after);
        }
        let opens_site_line = text
            .split_whitespace()
            .next()
            .is_some_and(crate::segment::is_web_address);
        let site_line = text.split_whitespace().any(crate::segment::is_web_address);
        if opens_site_line || site_line && (table(before) || table(after)) {
            return true;
        }
        let between = (before.is_some_and(marker) && table(after))
            || (table(before) && after.is_some_and(marker));
        // A note under the table (`注: 各地请…,…。`) is a sentence or a label's;
        // a running line is one cell, and no list of a value's items.
        let sentence = text.contains([',', '，', '。', ';', '；', ':', '：', '、']);
        between
            && !sentence
            && row.filled().nth(1).is_none()
            && match_label(text).is_none()
            && (text.contains(' ') || crate::segment::written_year(text).is_some())
            && !is_page_furniture(text)
            && !is_title(text)
            && year_line(text).is_none()
    }

    /// The nearest row before (or after) row `i` holding text, a 续表 line
    /// passed over.
    fn neighbour(&self, i: usize, forward: bool) -> Option<usize> {
        let skip = |r: &Row<'_>| {
            let t = r.text.trim();
            t.is_empty() || (t.contains('续') && is_page_furniture(t))
        };
        if forward {
            (i + 1..self.rows.len()).find(|&k| !skip(&self.rows[k]))
        } else {
            (0..i).rev().find(|&k| !skip(&self.rows[k]))
        }
    }

    /// Whether row `k` reads as a row of a table: separated cells, or three
    /// and more of them (words one space apart included).
    fn table_row(&self, k: usize) -> bool {
        let Some(r) = self.rows.get(k) else {
            return false;
        };
        match r.layout {
            Some(Layout::Tabs | Layout::Pipes) => r.filled().nth(1).is_some(),
            _ if r.filled().nth(2).is_some() => true,
            _ => self.mode(k) == Mode::Words && r.text.split_whitespace().nth(2).is_some(),
        }
    }

    /// Whether row `i`, cut into `cells`, ends with the head of a label
    /// wrapped onto the next non-blank row.
    // fixture: fixtures/grid/wrapped-labels.txt
    pub fn wrapped_label(&self, i: usize, cells: &[Cell<'a>]) -> Option<WrappedLabel> {
        self.wrapped_label_at_end(i, cells)
            .or_else(|| self.wrapped_label_at_start(i, cells))
    }

    /// fixture: fixtures/layouts/spaces-label-wrapped-beside-value.txt
    /// Aligned text whose label column is narrow: a label's head opens its
    /// row beside the value (`专项年度    完成全县…`) and its tail stands alone
    /// in the same column on the next line (`绩效目标`), a label of its own
    /// or not. Neither the head nor the row's first cell alone is a label.
    fn wrapped_label_at_start(&self, i: usize, cells: &[Cell<'a>]) -> Option<WrappedLabel> {
        let [head, value, ..] = cells else {
            return None;
        };
        // In space-separated text any short head may be a wrapped label's
        // first line; with real separators only a label whose second line
        // makes it a longer label (`部门职能` / `职责概述`).
        // fixture: fixtures/tables/label-wrapped-into-longer-label.txt
        let spaces = self.rows.get(i)?.layout == Some(Layout::Spaces);
        // The next row's shape first: it rules out most rows before any
        // label lookup or allocation. Beside the tail the value may go on
        // in its own column (`总目标     2.完成…`).
        // fixture: fixtures/layouts/spaces-goal-label-wrapped-two-lines.txt
        let (k, next) = self.next_filled_row(i, 2)?;
        let mut pieces = next.filled();
        let tail = pieces.next()?;
        let beside = pieces.next();
        if beside.is_some_and(|b| b.col.abs_diff(value.col) > 1)
            || pieces.next().is_some()
            || tail.col.abs_diff(head.col) > 1
            || tail.text.chars().count() > 6
            || head.text.chars().count() >= WRAPPED_LABEL_CHARS
        {
            return None;
        }
        let head_label = match_label(head.text);
        if spaces {
            if head_label.is_some() {
                return None;
            }
        } else {
            let exact = |m: &crate::labels::LabelMatch| m.rest.is_empty() && !m.fuzzy;
            if !head_label.is_some_and(|m| exact(&m))
                || !crate::labels::is_label_shaped(tail.text)
                || match_label(tail.text).is_some()
            {
                return None;
            }
        }
        let joined = format!("{}{}", head.text, tail.text);
        let m = match_label(&joined).filter(|m| m.rest.is_empty() && !m.fuzzy)?;
        if !spaces && head_label.is_some_and(|h| h.spelling == m.spelling) {
            return None;
        }
        Some(WrappedLabel {
            label: m.label,
            spelling: m.spelling,
            tail_row: k,
            at_start: true,
        })
    }

    /// The first row after row `i` that holds any text, looking at most
    /// `within` rows ahead, with its index.
    fn next_filled_row(&self, i: usize, within: usize) -> Option<(usize, &Row<'a>)> {
        self.rows
            .iter()
            .enumerate()
            .skip(i + 1)
            .take(within)
            .find(|(_, r)| !r.is_blank())
    }

    fn wrapped_label_at_end(&self, i: usize, cells: &[Cell<'a>]) -> Option<WrappedLabel> {
        let head = cells.last()?;
        let short = |t: &str| t.chars().count() < WRAPPED_LABEL_CHARS;
        let whole = |t: &str| match_label(t).is_some_and(|m| m.rest.is_empty());
        // Most rows are followed by a row of several cells: ruled out before
        // any label lookup.
        let lone_next = self
            .next_filled_row(i, 3)
            .is_some_and(|(_, r)| r.filled().nth(1).is_none());
        if !lone_next || !short(head.text) || whole(head.text) {
            return None;
        }
        let mut joined = head.text.to_owned();
        let mut j = i;
        for _ in 1..WRAPPED_LABEL_LINES {
            let (k, next) = self.next_filled_row(j, 3)?;
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
                    at_start: false,
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
            // cell, to be dismissed whole, not words; so is a line printed
            // with a gap after every character (`绩 效 目 标 表`).
            // test: tests/grid.rs, page_lines_between_single_space_rows_are_furniture
            // fixture: fixtures/regions/letter-spaced-title.txt
            Mode::Words | Mode::Flat
                if is_page_furniture(row.text.trim()) || spaced_whole(row.text.trim()) =>
            {
                out.extend(row.filled())
            }
            Mode::Words | Mode::Flat => out.extend(row.filled().flat_map(words)),
            _ => {
                let spaced = matches!(row.layout, Some(Layout::Spaces | Layout::CellPerLine));
                let columns = if spaced { self.columns.of_row(i) } else { &[] };
                for c in row.filled() {
                    if spaced_whole(c.text) {
                        out.push(*c);
                        continue;
                    }
                    if split_level_path(c, out) {
                        continue;
                    }
                    match split_labelled(c) {
                        Some(parts) => {
                            for p in &parts {
                                cut_damaged_label(p, out);
                            }
                        }
                        None if !columns.is_empty() => split_at_columns(c, columns, out),
                        None => out.push(*c),
                    }
                }
                // A merged cell that an HTML or spreadsheet export repeated in
                // each cell it spans (`项目名称 | 项目名称 | 扶贫综合保险 | 扶贫综合保险`).
                // Two equal values stay two cells: the term's and the year's
                // value columns often agree (`≥95% | ≥95%`).
                // fixture: fixtures/tables/equal-period-values.txt
                // So do two equal values with a number ending a row of the
                // indicator table (`每周2次 | 每周2次`).
                // (Asked only of a row ending in such a pair: most rows hold none.)
                let end = out.len();
                let table_row = || {
                    out.iter().any(|c| {
                        match_label(c.text).is_some_and(|m| {
                            matches!(m.label, Label::Level1(_) | Label::Level2(_))
                                && m.rest.is_empty()
                        })
                    })
                };
                // A text value too (`名称 | 稳步提高 | 稳步提高`), after a name
                // and unless it is a label.
                let text_pair = || {
                    end >= 3
                        && match_label(out[end - 1].text).is_none()
                        && match_label(out[end - 3].text).is_none()
                };
                let keep_last_pair = end >= 2
                    && out[end - 1].text == out[end - 2].text
                    && (out[end - 1].text.contains(|c: char| c.is_ascii_digit()) || text_pair())
                    && table_row();
                let mut k = 1;
                while k < out.len() {
                    let (a, b) = (out[k - 1].text, out[k].text);
                    // fixture: fixtures/tables/pipes-level2-as-level1.txt
                    // `满意度指标 | 满意度指标`: a template whose 二级 repeats its 一级.
                    // fixture: fixtures/tables/level2-words-as-own-level1.txt
                    // `服务对象满意度 | 读者满意度 | 读者满意度 | ≥92%`: a form's
                    // own 一级 (a 二级's words without 指标), its 二级 and a name
                    // that repeats it.
                    let own_level_pair = || {
                        k == 2
                            && !out[0].text.ends_with("指标")
                            && matches!(match_label(out[0].text), Some(m) if matches!(m.label, Label::Level2(_)))
                            && match_label(b).is_none()
                            && out.get(k + 1).is_some_and(|v| starts_like_value(v.text))
                    };
                    let repeat = a == b
                        && a.chars().count() >= 2
                        && !starts_like_value(a)
                        && !crate::labels::LEVEL1_ALSO_LEVEL2.contains(&a)
                        && !(keep_last_pair && k + 1 == end || own_level_pair());
                    if repeat {
                        out.remove(k);
                    } else {
                        k += 1;
                    }
                }
                if spaced {
                    join_spaced_labels(row.text, out);
                }
            }
        }
    }
}

/// How a row's first cell stands to a label printed down a merged cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vertical {
    /// No piece of such a label.
    None,
    /// The label's first character; the label it spells.
    Head(&'static str),
    /// One of its other characters.
    Piece,
}

/// Rows of laid-out text whose first cell is one character of a label
/// printed down a merged cell, a character per row, left of the block it
/// names (`总` / `体` / `目` / `标` beside two goal columns): read down their
/// column, in order, the characters spell one of
/// [`crate::labels::LABELS_DOWN_A_COLUMN`] whole. Rows between them with
/// nothing in that column are allowed, up to [`WRAPPED_LABEL_LINES`] in a row.
// fixture: fixtures/layouts/spaces-side-by-side-goals-wrapped.txt
fn labels_down_a_column(rows: &[Row<'_>]) -> Vec<Vertical> {
    use crate::labels::LABELS_DOWN_A_COLUMN;
    let mut out = vec![Vertical::None; rows.len()];
    // The piece a candidate row opens with: its display column and character.
    // fixture: fixtures/tables/pipes-label-down-first-column.txt
    // In tabs and pipes the column is the cell's index: `绩 | 一级指标 | …`,
    // `效 | 产出指标 | …`.
    let piece = |row: &Row<'_>| -> Option<(usize, char)> {
        let by_index = match row.layout {
            Some(Layout::Spaces | Layout::CellPerLine) => false,
            Some(Layout::Tabs | Layout::Pipes) => true,
            _ => return None,
        };
        let mut filled = row.filled();
        let first = filled.next()?;
        let mut chars = first.text.trim().chars();
        let (Some(ch), None) = (chars.next(), chars.next()) else {
            return None;
        };
        let gap_after = by_index || filled.next().is_none_or(|next| next.col >= first.col + 4);
        let at = if by_index { first.index } else { first.col };
        (gap_after && LABELS_DOWN_A_COLUMN.iter().any(|l| l.contains(ch))).then_some((at, ch))
    };
    // The group read so far: its rows, column and spelling.
    let mut rows_of: Vec<usize> = Vec::new();
    let mut col = 0;
    let mut spelled = String::new();
    let mut last = 0;
    let close = |rows_of: &mut Vec<usize>, spelled: &mut String, out: &mut Vec<Vertical>| {
        if let Some(label) = LABELS_DOWN_A_COLUMN
            .iter()
            .find(|l| **l == spelled.as_str())
        {
            for (k, &r) in rows_of.iter().enumerate() {
                out[r] = if k == 0 {
                    Vertical::Head(label)
                } else {
                    Vertical::Piece
                };
            }
        }
        rows_of.clear();
        spelled.clear();
    };
    for (i, row) in rows.iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        let Some((c, ch)) = piece(row) else {
            if !rows_of.is_empty() && i - last > WRAPPED_LABEL_LINES {
                close(&mut rows_of, &mut spelled, &mut out);
            }
            continue;
        };
        let joins = !rows_of.is_empty() && c.abs_diff(col) <= 1 && i - last <= WRAPPED_LABEL_LINES;
        let mut longer = spelled.clone();
        longer.push(ch);
        let prefix = |s: &str| LABELS_DOWN_A_COLUMN.iter().any(|l| l.starts_with(s));
        if joins && prefix(&longer) {
            spelled = longer;
        } else {
            close(&mut rows_of, &mut spelled, &mut out);
            if !prefix(ch.encode_utf8(&mut [0; 4])) {
                continue;
            }
            spelled.push(ch);
            col = c;
        }
        rows_of.push(i);
        last = i;
    }
    close(&mut rows_of, &mut spelled, &mut out);
    out
}

/// Dashes joining an indicator's levels and name in a list (`产出指标—数量指标—…`).
const PATH_DASHES: &[char] = &['—', '－', '–', '-'];

/// An indicator written as a list entry, its levels and name joined by
/// dashes and its value after a colon (`1.产出指标—数量指标—保洁公厕数量：42座`):
/// pushes one cell for each level, the name and the value, and returns true.
/// The path must open with a level label, a 一级 or a 二级; anything else
/// (a dash inside a name, a range `1-3`) leaves the cell alone.
// fixture: fixtures/tables/level-path-list.txt
fn split_level_path<'a>(c: &Cell<'a>, out: &mut Vec<Cell<'a>>) -> bool {
    let text = c.text;
    // Most cells hold no colon: one byte scan for `:` and the lead byte of `：`.
    let colon = text.bytes().any(|b| b == b':' || b == 0xEF);
    if !colon || !text.contains([':', '：']) || !text.contains(PATH_DASHES) {
        return false;
    }
    // A list number before the path (`1.`, `2、`, `(3)`) is the list's, not the form's.
    let body_at = list_number_len(text);
    let body = &text[body_at..];
    let is_level = |t: &str| {
        matches!(
            match_label(t),
            Some(m) if m.rest.is_empty() && !m.fuzzy && matches!(m.label, Label::Level1(_) | Label::Level2(_))
        )
    };
    let mut parts: Vec<&'a str> = Vec::with_capacity(2);
    let mut from = 0;
    for (i, ch) in body.char_indices() {
        // `——` is one dash: a dash right after the last one cut nothing.
        if i < from || !PATH_DASHES.contains(&ch) || parts.len() == 2 {
            continue;
        }
        let Some(piece) = body.get(from..i).filter(|p| !p.trim().is_empty()) else {
            from = i + ch.len_utf8();
            continue;
        };
        if !is_level(piece.trim()) {
            break;
        }
        parts.push(piece);
        from = i + ch.len_utf8();
    }
    let Some(rest) = body.get(from..).filter(|_| !parts.is_empty()) else {
        return false;
    };
    let rest = rest.trim_start_matches(PATH_DASHES);
    let Some(colon) = rest.find([':', '：']) else {
        return false;
    };
    let name = rest[..colon].trim();
    let value_at = colon + rest[colon..].chars().next().map_or(1, char::len_utf8);
    let value = rest[value_at..].trim();
    if name.is_empty() || value.is_empty() {
        return false;
    }
    let offset = |piece: &str| (piece.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let pieces = parts.iter().map(|p| p.trim()).chain([name, value]);
    for (k, piece) in pieces.enumerate() {
        let before = text.get(..offset(piece)).unwrap_or_default();
        out.push(Cell {
            text: piece,
            index: c.index + k,
            col: c.col + crate::layout::width(before),
            ..*c
        });
    }
    true
}

/// The byte length of a list number opening a text (`1.`, `12、`, `(3)`, `（3）`), else 0.
fn list_number_len(text: &str) -> usize {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return text[digits..]
            .chars()
            .next()
            .filter(|ch| matches!(ch, '.' | '、' | '．'))
            .map_or(0, |ch| digits + ch.len_utf8());
    }
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = text.strip_prefix(open) {
            let n = inner.bytes().take_while(u8::is_ascii_digit).count();
            if n > 0 && inner[n..].starts_with(close) {
                return open.len_utf8() + n + close.len_utf8();
            }
        }
    }
    0
}

/// Pushes a piece of a cell that held labels one space apart, cutting out
/// a header label OCR damaged (`项目负贵人及电话`, matched only fuzzily, so
/// the cut at labels kept it inside the value before it): the words before
/// it, the label, the words after it. A piece that starts with the label, or
/// is a label, stays whole.
// fixture: fixtures/grid/damaged-label.txt
fn cut_damaged_label<'a>(p: &Cell<'a>, out: &mut Vec<Cell<'a>>) {
    // Most pieces hold no damaged label: look before cutting into words (a
    // spaced label, `项 目 名 称`, is one word there and its letters too short).
    let damaged_word = |w: &str| {
        w.chars().nth(3).is_some()
            && match_label(w)
                .is_some_and(|m| m.fuzzy && m.rest.is_empty() && matches!(m.label, Label::Field(_)))
    };
    if !p.text.split([' ', '\u{3000}']).skip(1).any(damaged_word) {
        out.push(*p);
        return;
    }
    let pieces = words(p);
    let Some(at) = pieces
        .iter()
        .skip(1)
        .position(|w| damaged_word(w.text))
        .map(|k| k + 1)
    else {
        out.push(*p);
        return;
    };
    let start = |w: &Cell<'_>| (w.text.as_ptr() as usize).saturating_sub(p.text.as_ptr() as usize);
    let span = |from: &Cell<'a>, to: &Cell<'a>| {
        let (a, b) = (start(from), start(to) + to.text.len());
        p.text.get(a..b).map(|text| Cell { text, ..*from })
    };
    let (first, label) = (&pieces[0], &pieces[at]);
    let before = span(first, &pieces[at - 1]);
    let after = pieces
        .last()
        .filter(|_| at + 1 < pieces.len())
        .and_then(|last| span(&pieces[at + 1], last));
    match before {
        Some(before) => {
            out.push(Cell {
                index: p.index,
                ..before
            });
            out.push(Cell {
                index: p.index + 1,
                ..*label
            });
            if let Some(after) = after {
                out.push(Cell {
                    index: p.index + 2,
                    ..after
                });
            }
        }
        None => out.push(*p),
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

/// Fewest rows of a region that must start a cell at a column before a
/// spaced cell is split there: one or two rows lining up with a space inside
/// another row's text is chance (a goal sentence, a name with a space in it),
/// three rows agreeing is a column.
const MIN_COLUMN_ROWS: usize = 3;

/// The share of a region's rows of cells (numerator, denominator) that must
/// start a cell at a column, on top of [`MIN_COLUMN_ROWS`]: a quarter. A
/// table's name and value columns are started by nearly every row and its
/// level columns by every row that opens a level, while in a long region a
/// handful of rows meeting at one column is chance.
const MIN_COLUMN_SHARE: (usize, usize) = (1, 4);

/// How far, in display columns, a cell may start from its column and still
/// count for it. Characters whose width renderers disagree on (`≥`, `—`,
/// `“`, `①`, `㎡`: one column here, two in a CJK font) shift every cell after
/// them in their row by one.
const COLUMN_SLACK: usize = 1;

/// How many lone cells in a row (blank lines aside) a table region holds
/// before it ends: a wrapped name or value and a level label printed on a
/// line of its own sit inside a table; a longer run is text of its own, or a
/// table printed one cell per line, whose lines start no columns.
const REGION_LONE_RUN: usize = 8;

/// The longest stretch of a spaced cell, in characters, looked up as a
/// label or a value when deciding whether a cut would split one: spaced-out
/// labels (`项 目 负 责 人 及 电 话`) and spaced values (`≥ 1,260 人`) fit.
const SPACED_PIECE_CHARS: usize = 24;

/// A column of a region's grid: a cell starting anywhere in the display
/// columns `lo..=hi` starts in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Column {
    lo: usize,
    hi: usize,
    /// The display column most of its cells start at.
    at: usize,
    /// How many rows start a cell within [`COLUMN_SLACK`] of `at`.
    rows: usize,
}

/// A stretch of rows read as one table region: consecutive rows laid out
/// with runs of spaces, with blank lines and short runs of lone cells among
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Region {
    /// The rows (indices) of the region.
    rows: std::ops::Range<usize>,
    /// How many of them hold two or more cells.
    multi: usize,
    /// How many of those must start a cell at a column for it to count.
    need: usize,
    /// Its columns: a range of [`Columns::columns`].
    columns: std::ops::Range<usize>,
}

/// The column grid of every spaced region of a text, inferred once per text
/// from all the region's rows together: a spaced cell is split only where
/// the table as a whole has a column, never on the evidence of the few rows
/// that happen to stand near it.
#[derive(Debug, Default)]
struct Columns {
    regions: Vec<Region>,
    columns: Vec<Column>,
}

impl Columns {
    /// Finds the spaced regions of `rows` and the columns of each.
    ///
    /// A region starts at a row of two or more cells laid out with runs of
    /// spaces and runs on over blank lines and lone cells; it ends at a form
    /// title or year line (a new form), at a row of another separator family
    /// (tabs, pipes), after more than [`REGION_LONE_RUN`] lone cells in a
    /// row (the run is left out), and before a table's header row (two or
    /// more column labels: `一级指标  二级指标  三级指标  指标值`), so the
    /// header block above a table and the table itself each get their own
    /// grid.
    fn infer(rows: &[Row<'_>]) -> Columns {
        let mut b = RegionBuilder::default();
        for (i, row) in rows.iter().enumerate() {
            match row.layout {
                None => {}
                // fixture: fixtures/grid/spaces-chance-column.txt
                Some(Layout::Spaces) => {
                    let first = row.filled().next().map_or("", |c| c.text);
                    if is_form_start(first) {
                        b.close(i);
                        continue;
                    }
                    if b.multi > 0 && is_table_head(row) {
                        b.close(i);
                    }
                    b.add(i, row);
                }
                Some(Layout::CellPerLine) if b.start.is_some() => {
                    let text = row.filled().next().map_or("", |c| c.text);
                    if is_form_start(text) {
                        b.close(i);
                    } else {
                        b.lone(i);
                    }
                }
                Some(Layout::CellPerLine) => {}
                Some(_) => b.close(i),
            }
        }
        b.close(rows.len());
        b.out
    }

    /// The columns of the region holding row `i` (none outside regions).
    fn of_row(&self, i: usize) -> &[Column] {
        let k = self.regions.partition_point(|r| r.rows.end <= i);
        match self.regions.get(k) {
            Some(r) if r.rows.contains(&i) => self.columns.get(r.columns.clone()).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A form's title or year line: it ends a region whatever its layout.
fn is_form_start(text: &str) -> bool {
    is_title(text) || year_line(text).is_some()
}

/// A table's header row: two or more cells that are indicator column labels.
fn is_table_head(row: &Row<'_>) -> bool {
    row.filled()
        .filter(|c| {
            c.text.chars().count() <= SPACED_PIECE_CHARS
                && match_label(c.text).is_some_and(|m| {
                    m.rest.is_empty()
                        && matches!(m.label, Label::Field(f) if crate::labels::COLUMN_FIELDS.contains(&f))
                })
        })
        .nth(1)
        .is_some()
}

/// Builds [`Columns`] in one pass over a text's rows; its counters are
/// reused from region to region.
#[derive(Default)]
struct RegionBuilder {
    out: Columns,
    /// The first row of the open region.
    start: Option<usize>,
    /// Its rows of two or more cells so far.
    multi: usize,
    /// The first row and the length of the run of lone cells now open.
    lone_from: usize,
    lone: usize,
    /// How many rows of the open region start a cell at each display column.
    counts: Vec<usize>,
    /// Every column counted in the open region, to read and reset `counts`.
    starts: Vec<usize>,
    /// Scratch: the supported display columns of the region being closed.
    supported: Vec<usize>,
}

impl RegionBuilder {
    /// Counts the cell starts of row `i`, a row of two or more cells.
    fn add(&mut self, i: usize, row: &Row<'_>) {
        self.start.get_or_insert(i);
        self.multi += 1;
        self.lone = 0;
        for c in row.filled() {
            if self.counts.len() <= c.col {
                self.counts.resize(c.col + 1, 0);
            }
            if let Some(n) = self.counts.get_mut(c.col) {
                *n += 1;
            }
            self.starts.push(c.col);
        }
    }

    /// Row `i` is a lone cell inside the open region.
    fn lone(&mut self, i: usize) {
        if self.lone == 0 {
            self.lone_from = i;
        }
        self.lone += 1;
        if self.lone > REGION_LONE_RUN {
            self.close(self.lone_from);
        }
    }

    /// How many rows start a cell within [`COLUMN_SLACK`] of display column `x`.
    fn window(&self, x: usize) -> usize {
        let hi = (x + COLUMN_SLACK + 1).min(self.counts.len());
        self.counts
            .get(x.saturating_sub(COLUMN_SLACK)..hi)
            .map_or(0, |w| w.iter().sum())
    }

    /// Ends the open region before row `end` and records its columns.
    fn close(&mut self, end: usize) {
        let Some(start) = self.start.take() else {
            return;
        };
        // fixture: fixtures/grid/spaces-chance-column.txt
        let (num, den) = MIN_COLUMN_SHARE;
        let need = MIN_COLUMN_ROWS.max((self.multi * num).div_ceil(den));
        let from = self.out.columns.len();
        self.starts.sort_unstable();
        self.starts.dedup();
        self.supported.clear();
        for &s in &self.starts {
            for x in s.saturating_sub(COLUMN_SLACK)..=s + COLUMN_SLACK {
                if self.window(x) >= need {
                    self.supported.push(x);
                }
            }
        }
        self.supported.sort_unstable();
        self.supported.dedup();
        for &x in &self.supported {
            let here = self.counts.get(x).copied().unwrap_or(0);
            match self.out.columns[from..].last_mut() {
                Some(c) if c.hi + 1 == x => {
                    c.hi = x;
                    if here > self.counts.get(c.at).copied().unwrap_or(0) {
                        c.at = x;
                    }
                }
                _ => self.out.columns.push(Column {
                    lo: x,
                    hi: x,
                    at: x,
                    rows: 0,
                }),
            }
        }
        for k in from..self.out.columns.len() {
            let at = self.out.columns[k].at;
            self.out.columns[k].rows = self.window(at);
        }
        for &s in &self.starts {
            if let Some(n) = self.counts.get_mut(s) {
                *n = 0;
            }
        }
        self.starts.clear();
        self.out.regions.push(Region {
            rows: start..end.max(start),
            multi: self.multi,
            need,
            columns: from..self.out.columns.len(),
        });
        self.multi = 0;
        self.lone = 0;
    }
}

/// A title or a label printed with a gap after every character
/// (`绩 效 目 标 表`, `项　目　名　称`): one cell, never words. A letter-spaced
/// line holding several labels (`总 体 目 标 年 度 目 标`) is split as any.
// fixture: fixtures/regions/letter-spaced-title.txt
fn spaced_whole(text: &str) -> bool {
    is_letter_spaced(text) && (is_title(text) || match_label(text).is_some())
}

/// Punctuation after which a sentence goes on (`目标1: 新建…`, `…使用, 解决…`):
/// a single space after it is inside a cell of prose, never between cells.
// fixture: fixtures/grid/spaces-goal-text-across-columns.txt
const SENTENCE_GOES_ON: &[char] = &[':', '：', ',', '，', ';', '；', '、'];

/// Splits a spaced cell at a single space where the cell after the space
/// starts in a column of its region's grid: the extraction left one space
/// between two cells. A cell that as a whole is a label or a value stays
/// whole, and no cut falls inside a spaced label or a spaced value.
// fixture: fixtures/grid/spaces-many-rows.txt
fn split_at_columns<'a>(c: &Cell<'a>, columns: &[Column], out: &mut Vec<Cell<'a>>) {
    let text = c.text;
    if !text.contains(' ') || text.len() > 300 || is_page_furniture(text) || is_table_rule(text) {
        out.push(*c);
        return;
    }
    let in_column = |col: usize| columns.iter().any(|k| (k.lo..=k.hi).contains(&col));
    let first = out.len();
    let (mut from, mut from_col) = (0usize, c.col);
    let mut prev_space = false;
    let mut col = c.col;
    for (i, ch) in text.char_indices() {
        if prev_space
            && ch != ' '
            && in_column(col)
            && i > from + 1
            && !text[from..i].trim_end().ends_with(SENTENCE_GOES_ON)
        {
            out.push(Cell {
                text: text[from..i].trim_end(),
                col: from_col,
                ..*c
            });
            from = i;
            from_col = col;
        }
        prev_space = ch == ' ';
        col += crate::layout::width(ch.encode_utf8(&mut [0; 4]));
    }
    out.push(Cell {
        text: &text[from..],
        col: from_col,
        ..*c
    });
    if out.len() - first < 2 {
        return;
    }
    // fixture: fixtures/grid/spaced-values.txt
    if is_whole_label(text) || reads_as_value(text) {
        out.truncate(first);
        out.push(*c);
        return;
    }
    // Undo every cut that would split a spaced label or value: `主 菅 部 门`,
    // `社会 效益指标` before a name, `≥ 99 %`.
    let mut k = first + 1;
    while k < out.len() {
        let (a, b) = (out[k - 1], out[k]);
        let at = (b.text.as_ptr() as usize).checked_sub(text.as_ptr() as usize);
        match (at, joined(text, a.text, b.text)) {
            (Some(at), Some(span)) if cut_splits_a_piece(text, at) => {
                out[k - 1] = Cell { text: span, ..a };
                out.remove(k);
            }
            _ => k += 1,
        }
    }
    for (n, cell) in out.iter_mut().enumerate().skip(first) {
        cell.index = c.index + n - first;
    }
}

/// The stretch of `text` from the start of `a` to the end of `b`, two pieces of it.
fn joined<'a>(text: &'a str, a: &str, b: &str) -> Option<&'a str> {
    let start = (a.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = (b.as_ptr() as usize).checked_sub(text.as_ptr() as usize)? + b.len();
    text.get(start..end)
}

/// True when a cut of `text` at byte `at` (the start of a word) falls inside
/// a label or a value spaced out across it: some stretch from a word before
/// the cut to a word after it (`主 菅` + `部 门`, `社会` + `效益指标`, `≥` +
/// `99 %`), at most [`SPACED_PIECE_CHARS`] long, is one as a whole.
// fixture: fixtures/grid/spaced-values.txt
fn cut_splits_a_piece(text: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..at), text.get(at..)) else {
        return false;
    };
    let word_start = |i: usize| before[..i].is_empty() || before[..i].ends_with(' ');
    let starts = before
        .char_indices()
        .rev()
        .filter(|&(i, ch)| ch != ' ' && word_start(i))
        .map(|(i, _)| i)
        .take(SPACED_PIECE_CHARS);
    for from in starts {
        if before[from..].chars().count() >= SPACED_PIECE_CHARS {
            break;
        }
        let ends = after
            .char_indices()
            .filter(|&(i, ch)| ch == ' ' && !after[..i].ends_with(' '))
            .map(|(i, _)| i)
            .chain(std::iter::once(after.len()));
        for end in ends {
            let Some(span) = text.get(from..at + end) else {
                break;
            };
            if span.chars().count() > SPACED_PIECE_CHARS {
                break;
            }
            if is_whole_label(span) || reads_as_value(span) {
                return true;
            }
        }
    }
    false
}

/// True when `text` as a whole is a label, spaced out or not.
fn is_whole_label(text: &str) -> bool {
    match_label(text).is_some_and(|m| m.rest.is_empty())
}

/// A cell that opens with a digit or a comparator (`95%`, `≥90%`).
fn starts_like_value(text: &str) -> bool {
    text.trim_start().chars().next().is_some_and(|ch| {
        ch.is_ascii_digit() || ('０'..='９').contains(&ch) || "≥≤<>=≧≦＞＜＝".contains(ch)
    })
}

/// True when `text` reads as one value with spaces inside it (`≥ 99 %`,
/// `≤30 万元`, `100 %`, `2023年 12月底前`): it starts with a number or a
/// comparator and, spaces left out, the value grammar reads a quantity, a
/// range or a date from it, with at most a unit word after the number.
fn reads_as_value(text: &str) -> bool {
    let t = text.trim();
    let opens_like_value = starts_like_value(t) || t.split(' ').next().is_some_and(is_comparator);
    if !opens_like_value || t.chars().count() > SPACED_PIECE_CHARS {
        return false;
    }
    let squeezed: String = t.chars().filter(|&ch| ch != ' ').collect();
    let (value, _) = parse_value(&squeezed);
    if value.date.is_some() {
        return true;
    }
    // `100% 正向指标`: a percent and the next cell, not one value.
    if crate::value::is_qualified_percent(&squeezed) {
        return false;
    }
    match value.kind {
        ValueKind::Quantity { unit, .. } | ValueKind::Range { unit, .. } => unit
            .as_deref()
            .is_none_or(|u| u == "%" || is_unit_word(u) || u.chars().count() <= 2),
        ValueKind::Text { .. } => false,
    }
}

/// The grid of a text as plain text, one line per non-blank row: its line
/// number, reading mode, separator family and cells (`┃` between cells,
/// `@col` after cells of spaced rows and indented lone cells); then, for each
/// spaced region with columns, its lines, how many rows of cells it has and
/// must agree on a column, and each column (`@col×rows`, then `(lo-hi)`
/// when its rows start over a wider stretch). Used by the grid
/// snapshot tests.
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
    for r in &grid.columns.regions {
        let cols = grid.columns.columns.get(r.columns.clone()).unwrap_or(&[]);
        if cols.is_empty() {
            continue;
        }
        let line = |i: usize| rows.get(i).map_or(0, |row| row.line);
        // The last row of the region holding text (it may end on blank lines).
        let last = (r.rows.start..r.rows.end)
            .rev()
            .find(|&i| rows.get(i).is_some_and(|row| !row.is_blank()))
            .unwrap_or(r.rows.start);
        let _ = write!(
            out,
            "     columns of lines {}-{} ({} rows of cells, {} to a column):",
            line(r.rows.start),
            line(last),
            r.multi,
            r.need
        );
        for c in cols {
            let _ = write!(out, " @{}×{}", c.at, c.rows);
            // A column whose rows spread wider than the slack around one start.
            if c.hi - c.lo > 2 * COLUMN_SLACK {
                let _ = write!(out, "({}-{})", c.lo, c.hi);
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
    fn amount_runs_count_rows_of_one_amount() {
        let cases: &[(&str, usize, usize)] = &[
            ("财政拨款\n152.8\n140\n\n12.8\n年度目标", 1, 3),
            ("152.8\n140万元\n年度目标", 0, 2),
            ("财政拨款\n152.8\n140", 0, 0),
            ("152.8\t140\n12.8", 0, 0),
            ("152.8", 1, 0),
            // full-width digits, as OCR writes them
            ("财政拨款\n１５２．８\n１４０\n年度目标", 1, 2),
        ];
        for (text, at, want) in cases {
            let rows = rows(text);
            let grid = Grid::new(&rows);
            assert_eq!(grid.amount_run(*at), *want, "{text:?} from row {at}");
        }
    }

    /// A table of five rows whose 指标值 column starts at display column 44;
    /// row 3 is the one under test.
    fn table(row3: &str) -> String {
        [
            "一级指标    二级指标    三级指标            指标值",
            "产出指标    数量指标    新建道路长度        ≥12公里",
            row3,
            "            质量指标    验收合格率          100%",
            "效益指标    社会效益    通行时间            缩短",
        ]
        .join("\n")
    }

    #[test]
    fn level_paths() {
        let cell = |text| Cell {
            text,
            line: 1,
            index: 0,
            col: 0,
        };
        let cases: &[(&str, &[&str])] = &[
            (
                "1.产出指标—数量指标—维护小区数量：18个",
                &["产出指标", "数量指标", "维护小区数量", "18个"],
            ),
            (
                "产出指标——质量指标——亮灯率:≥98%",
                &["产出指标", "质量指标", "亮灯率", "≥98%"],
            ),
            (
                "(4)效益指标-社会效益指标-出行安全：有效保障",
                &["效益指标", "社会效益指标", "出行安全", "有效保障"],
            ),
            (
                "数量指标—培训人次：200人次",
                &["数量指标", "培训人次", "200人次"],
            ),
            // Not a path: no level first, no colon, no value, a range.
            ("培训—考核合格率：≥95%", &[]),
            ("产出指标—数量指标—维护小区数量", &[]),
            ("产出指标—数量指标—维护小区数量：", &[]),
            ("时间：2024年1-3月", &[]),
            ("——：——", &[]),
            ("产出指标—", &[]),
            ("产出指标——:", &[]),
        ];
        for &(text, want) in cases {
            let mut out = Vec::new();
            let split = split_level_path(&cell(text), &mut out);
            let got: Vec<&str> = out.iter().map(|c| c.text).collect();
            assert_eq!(split, !want.is_empty(), "{text}");
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn cells_of_each_family() {
        let supported = table("            数量指标    新建城市主干道路5条 ≥12公里");
        // Only the header row and one more start a cell at 指标值's column.
        let two_rows = "一级指标    二级指标    三级指标    指标值\n产出指标    数量指标    新建道路5条 ≥12公里\n效益指标    社会效益    通行时间    缩短";
        // (text, line, expected cells)
        let table: &[(&str, usize, &[&str])] = &[
            (
                "项目名称\t某某道路\t主管部门\t某某局",
                1,
                &["项目名称", "某某道路", "主管部门", "某某局"],
            ),
            (
                "| 项目名称 | 项目名称 | 某某道路 | 某某道路 |",
                1,
                &["项目名称", "某某道路"],
            ),
            (
                "项目名称 某某道路 主管部门 某某局",
                1,
                &["项目名称", "某某道路", "主管部门", "某某局"],
            ),
            ("项 目 名 称 某某道路", 1, &["项 目 名 称", "某某道路"]),
            (
                supported.as_str(),
                3,
                &["数量指标", "新建城市主干道路5条", "≥12公里"],
            ),
            (
                two_rows,
                2,
                &["产出指标", "数量指标", "新建道路5条 ≥12公里"],
            ),
        ];
        for (text, line, want) in table {
            assert_eq!(&cut(text, *line), want, "{text}");
        }
    }

    fn column(at: usize) -> Column {
        Column {
            lo: at.saturating_sub(COLUMN_SLACK),
            hi: at + COLUMN_SLACK,
            at,
            rows: 5,
        }
    }

    fn split(text: &str, col: usize, columns: &[usize]) -> Vec<String> {
        let columns: Vec<Column> = columns.iter().map(|&c| column(c)).collect();
        let cell = Cell {
            text,
            line: 2,
            index: 1,
            col,
        };
        let mut out = Vec::new();
        split_at_columns(&cell, &columns, &mut out);
        assert!(
            out.iter().enumerate().all(|(k, c)| c.index == 1 + k),
            "{out:?}"
        );
        out.iter().map(|c| c.text.to_owned()).collect()
    }

    #[test]
    fn a_label_is_never_split_by_the_columns_around_it() {
        // The region has a column at 指 of `社会效益 指标` (display column
        // 17), but the cell is a label as a whole; an ordinary cell there is split.
        assert_eq!(
            split("社会效益 指标", 8, &[0, 8, 17, 26]),
            ["社会效益 指标"]
        );
        assert_eq!(
            split("道路长度 12公里", 8, &[0, 8, 17, 26]),
            ["道路长度", "12公里"]
        );
        // A spaced label before a value: the cut inside the label (at 部,
        // column 4) is undone, the one before the value (column 8) kept.
        assert_eq!(
            split("主 菅 部 门 区水务局", 0, &[6, 12]),
            ["主 菅 部 门", "区水务局"]
        );
        // Cuts at 菅 and 部 both fall inside the label.
        assert_eq!(
            split("主 菅 部 门 区水务局", 0, &[3, 6, 12]),
            ["主 菅 部 门", "区水务局"]
        );
        // A level label spaced after its first word, then the name.
        assert_eq!(
            split("社会 效益指标 受益人口", 0, &[5, 14]),
            ["社会 效益指标", "受益人口"]
        );
        assert_eq!(split("二级指 标", 0, &[7]), ["二级指 标"]);
    }

    #[test]
    fn a_spaced_value_is_never_split() {
        for (text, cols) in [
            ("≥ 99 %", &[2, 5][..]),
            ("≤30 万元", &[4]),
            ("100 %", &[4]),
            ("≥ 1,260 人", &[2, 8]),
        ] {
            assert_eq!(split(text, 0, cols), [text], "{text}");
        }
        // After a name, the value is cut off whole, not its unit.
        assert_eq!(
            split("受益人口 ≥ 99 %", 0, &[9, 11, 14]),
            ["受益人口", "≥ 99 %"]
        );
        // A value and the score beside it are two cells.
        assert_eq!(split("≥90% 10", 0, &[5]), ["≥90%", "10"]);
    }

    #[test]
    fn what_reads_as_a_value() {
        for v in [
            "≥ 99 %",
            "≤30 万元",
            "100 %",
            "≥ 12 公里",
            "不低于 90 %",
            "2023年 12月底前",
        ] {
            assert!(reads_as_value(v), "{v}");
        }
        for v in [
            "≥90% 10",
            "新建道路 12公里",
            "12 按合同价执行",
            "100% 正向指标",
            "第 3 季度",
        ] {
            assert!(!reads_as_value(v), "{v}");
        }
    }

    fn regions(text: &str) -> Vec<(std::ops::Range<usize>, Vec<usize>)> {
        let rows = rows(text);
        let c = Columns::infer(&rows);
        c.regions
            .iter()
            .map(|r| {
                (
                    r.rows.clone(),
                    c.columns[r.columns.clone()].iter().map(|k| k.at).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_column_needs_three_rows_and_a_quarter_of_the_region() {
        // Three rows start a cell at column 12, two at column 24.
        let three = "甲乙丙丁    戊己        庚辛\n甲乙丙丁    戊己        庚辛\n甲乙丙丁    戊己甲乙丙丁 庚\n甲乙丙丁甲乙丙丁 戊己";
        assert_eq!(regions(three), [(0..4, vec![0, 12])]);
        // Sixteen rows, only three of them start a cell at column 12: under a quarter.
        let mut many = vec!["甲乙丙丁    戊己"; 3];
        many.extend(["甲乙丙丁甲乙丙丁甲乙  戊己"; 13]);
        assert_eq!(regions(&many.join("\n")), [(0..16, vec![0, 22])]);
        // A cell one column off its column still counts for it.
        let off = "甲乙丙丁    戊己\n甲乙丙丁     戊己\n甲乙丙丁   戊己";
        assert_eq!(regions(off)[0].1, [0, 12]);
    }

    #[test]
    fn regions_end_at_titles_other_families_long_runs_and_table_heads() {
        let text = [
            "项目名称      城东道路改造",                       // 0
            "主管部门      城东区交通局",                       // 1
            "",                                                 // 2
            "年度资金总额  120",                                // 3
            "一级指标      二级指标      三级指标      指标值", // 4: a table head
            "产出指标      数量指标      新建道路长度  12公里", // 5
            "说明",                                             // 6: a lone cell inside
            "效益指标      社会效益      通行时间      缩短",   // 7
            "2024年项目支出绩效目标表",                         // 8: a title
            "项目名称      城西道路改造",                       // 9
            "主管部门\t城西区交通局",                           // 10: tabs
            "项目名称      城北道路改造",                       // 11
        ]
        .join("\n");
        let mut lone = text.clone();
        let got: Vec<_> = regions(&text).into_iter().map(|(r, _)| r).collect();
        assert_eq!(got, [0..4, 4..8, 9..10, 11..12]);
        // Nine lone cells in a row end a region before them.
        for _ in 0..9 {
            lone.push_str("\n说明");
        }
        lone.push_str("\n项目名称      城南道路改造");
        let got: Vec<_> = regions(&lone).into_iter().map(|(r, _)| r).collect();
        assert_eq!(got, [0..4, 4..8, 9..10, 11..12, 21..22]);
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
        let snap = snapshot(&table(
            "            数量指标    新建城市主干道路5条 ≥12公里",
        ));
        assert!(
            snap.ends_with("     columns of lines 1-5 (5 rows of cells, 3 to a column): @0×3 @12×5 @24×5 @44×4\n"),
            "{snap}"
        );
    }
}
