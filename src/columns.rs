//! Which column of the indicator table a cell belongs to: one answer for
//! every separator family and for many-project sheets.
//!
//! A table's header row gives its columns after the name (comparator, value,
//! unit, 备注 …). A body row is aligned to them by what each cell *is* — a
//! comparator, a unit word, anything else — not by its index alone: an
//! export that drops merged leading cells and pads the row's end keeps the
//! row as wide as the header, so positions lie, while cell shapes do not.

use crate::grammar::Column;
use crate::labels::{match_label, Field, Label, LEVEL2_ALSO_LEVEL1};
use crate::layout::Cell;
use crate::value::{is_comparator, is_unit_word, parse_amount_like};

/// What a cell looks like, for aligning it to a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A comparator alone (`≥`, `>=`, `不低于`), or what a 指标性质 column
    /// holds instead (`定性`, `正向`).
    Comparator,
    /// A unit word alone (`米`, `%`, `万元`).
    Unit,
    /// Anything else: a number, a value, a sentence.
    Other,
}

/// Words a 指标性质 column holds instead of a comparator.
pub const NATURE_WORDS: &[&str] = &[
    "定性",
    "定量",
    "正向",
    "反向",
    "正向指标",
    "反向指标",
    "中性",
    "中性指标",
];

/// The shape of a cell's text.
pub fn shape(text: &str) -> Shape {
    if is_comparator(text) || NATURE_WORDS.contains(&text.trim()) {
        Shape::Comparator
    } else if is_unit_word(text) {
        Shape::Unit
    } else {
        Shape::Other
    }
}

/// Whether a cell of this shape can sit in a column of this kind: only a
/// comparator goes under 计算符号, only a unit word under 计量单位, and a
/// comparator or a unit word alone is never a value or a remark.
fn fits(field: Field, shape: Shape) -> bool {
    match field {
        Field::ColOp => shape == Shape::Comparator,
        Field::ColUnit => shape == Shape::Unit,
        Field::ColExtra => true,
        _ => shape == Shape::Other,
    }
}

/// Whether a cell holding `text` can sit in a column of this kind, a unit
/// word the unit list lacks allowed under 度量单位.
pub fn fits_text(field: Field, text: &str) -> bool {
    fits(field, shape(text)) || (field == Field::ColUnit && unit_sized(text))
}

/// A word the unit list lacks that a 度量单位 column may still hold where the
/// row keeps its positions (`间数`, `批次`): one to four letters, no digit.
// fixture: fixtures/tables/unit-word-unlisted.txt
fn unit_sized(text: &str) -> bool {
    let text = text.trim();
    (1..=4).contains(&text.chars().count()) && text.chars().all(char::is_alphabetic)
}

/// Aligns the cells after an indicator's name to the table's columns.
///
/// When the row is as wide as the header (`positional`) and every cell sits
/// under a column that fits its shape, the cells keep their positions (an
/// optional column left empty stays empty). Otherwise see [`align_shapes`].
/// Returns one column per cell; None for a cell beyond the last column.
pub fn align<'a>(
    cells: &[Cell<'a>],
    columns: &[Column<'a>],
    positional: bool,
) -> Vec<Option<Column<'a>>> {
    if positional {
        let by_index: Vec<Option<Column<'a>>> = cells
            .iter()
            .map(|c| columns.iter().find(|col| col.index == c.index).copied())
            .collect();
        let consistent = by_index
            .iter()
            .zip(cells)
            .all(|(col, c)| col.is_some_and(|col| fits_text(col.field, c.text)));
        if consistent {
            return by_index;
        }
    }
    let shapes: Vec<Shape> = cells.iter().map(|c| shape(c.text)).collect();
    align_shapes(&shapes, columns)
}

/// Aligns cells of the given shapes, in order, to the columns: the value
/// column is never left empty while a cell could fill it, so when there are
/// fewer cells than columns the optional columns before the value (指标解释)
/// are dropped first; then the cells fill the columns in order, skipping a
/// column a cell cannot fill while enough columns remain for the cells after it.
pub fn align_shapes<'a>(shapes: &[Shape], columns: &[Column<'a>]) -> Vec<Option<Column<'a>>> {
    let mut usable: Vec<Column<'a>> = columns.to_vec();
    let mut deficit = columns.len().saturating_sub(shapes.len());
    if let Some(value_at) = usable.iter().position(|c| c.field == Field::ColValue) {
        let mut k = 0;
        let mut at = value_at;
        while k < at && deficit > 0 {
            if usable[k].field == Field::ColExtra {
                usable.remove(k);
                at -= 1;
                deficit -= 1;
            } else {
                k += 1;
            }
        }
    }
    let mut out = Vec::with_capacity(shapes.len());
    let mut next = 0usize;
    for (i, &s) in shapes.iter().enumerate() {
        let left_after = shapes.len() - i - 1;
        while next < usable.len()
            && !fits(usable[next].field, s)
            && usable.len() - next - 1 > left_after
        {
            next += 1;
        }
        out.push(usable.get(next).copied());
        next += 1;
    }
    out
}

/// One cell per line: whether a word the unit list lacks (`人数`, `间数`)
/// is the cell of the unit column that comes next (`from`), because a
/// comparator or a value follows it (`20` / `人数` / `≥` / `80`).
// fixture: fixtures/tables/cell-per-line-unlisted-unit.txt
/// `s` is the text's [`shape`], found once by the caller.
pub fn unlisted_unit_next(
    columns: &[Column<'_>],
    from: usize,
    text: &str,
    s: Shape,
    followed_by_value: bool,
) -> bool {
    followed_by_value
        && columns
            .get(from)
            .is_some_and(|col| col.field == Field::ColUnit)
        && s == Shape::Other
        && unit_sized(text)
}

/// One cell per line: the column at or after `from` that a cell of shape `s`
/// fits, the value column never skipped; `from` itself when none fits (the
/// cell is read where it stands).
pub fn next_fitting(columns: &[Column<'_>], from: usize, s: Shape) -> usize {
    let mut k = from;
    while let Some(col) = columns.get(k) {
        if fits(col.field, s) {
            return k;
        }
        // Only an optional column is left empty: 计算符号, 单位, 备注.
        if col.field == Field::ColValue {
            break;
        }
        k += 1;
    }
    from
}

/// How far (in characters) a spaced cell may sit from its header and still
/// be read as under it.
const LEAD_SLACK: usize = 3;

/// Which of the leading columns — 一级指标, 二级指标, the indicator name —
/// a cell sits in, so that the column, not the vocabulary, decides what a
/// level-looking cell is (`实施效果指标 | 产出指标 | …`: 产出指标 is the 二级).
///
/// `lead` holds the header's leading columns. A row as wide as the header
/// whose last cell sits at or beyond the value column (`positional`) is read
/// by index; a spaced row by the nearest header within [`LEAD_SLACK`]
/// characters, when no other header is nearly as near. Otherwise None: the
/// row gives no reliable position (merged cells dropped, words, streams).
pub fn lead_column(
    cell: &Cell<'_>,
    lead: &[Column<'_>],
    positional: bool,
    spaced: bool,
) -> Option<Field> {
    if positional {
        return lead.iter().find(|c| c.index == cell.index).map(|c| c.field);
    }
    // Headers too close to tell apart place nothing.
    let apart = lead.iter().enumerate().all(|(i, a)| {
        lead[i + 1..]
            .iter()
            .all(|b| a.col.abs_diff(b.col) > LEAD_SLACK)
    });
    if !spaced || !apart {
        return None;
    }
    let mut near: Vec<(usize, Field)> = lead
        .iter()
        .map(|c| (c.col.abs_diff(cell.col), c.field))
        .collect();
    near.sort_by_key(|n| n.0);
    match near.as_slice() {
        [(d, field), rest @ ..]
            if *d <= LEAD_SLACK && rest.first().is_none_or(|(d2, _)| *d2 >= d + 4) =>
        {
            Some(*field)
        }
        _ => None,
    }
}

/// Whether a cell stands under a level column of the header: by its index,
/// or in aligned text by its display column.
pub fn in_level_column(cell: &Cell<'_>, lead: &[Column<'_>], spaced: bool) -> bool {
    lead.iter().any(|col| {
        matches!(col.field, Field::ColLevel1 | Field::ColLevel2)
            && if spaced {
                col.col.abs_diff(cell.col) <= LEAD_SLACK
            } else {
                col.index == cell.index
            }
    })
}

/// Whether a row keeps the header's columns cell for cell: its name column
/// holds a name (not a comparator, a unit or a number) and every filled cell
/// after it fits the column above it. A row that lost its merged leading
/// cells and was padded at its end to the header's width fails here.
// fixture: fixtures/tables/levels-unknown-by-index.txt
///
/// Cells are found under a header by their index, or in aligned text
/// (`spaced`, where empty cells leave no index) by their display column
/// within [`LEAD_SLACK`] of the header's.
pub fn keeps_columns(
    cells: &[Cell<'_>],
    lead: &[Column<'_>],
    columns: &[Column<'_>],
    spaced: bool,
) -> bool {
    // In aligned text a column runs from its title to the next title: a
    // title centred over its column, its cells printed from the column's
    // left edge, sits right of them by more than the slack.
    // fixture: fixtures/layouts/spaces-own-levels-shifted.txt
    let next_title = |col: &Column<'_>| {
        lead.iter()
            .chain(columns)
            .map(|c| c.col)
            .filter(|&c| c > col.col)
            .min()
    };
    let under = |col: &Column<'_>| -> Option<&str> {
        let cell = if spaced {
            let end = next_title(col).map_or(usize::MAX, |n| n.saturating_sub(LEAD_SLACK));
            cells.iter().find(|c| {
                !c.text.trim().is_empty()
                    && c.col + LEAD_SLACK >= col.col
                    && (c.col < end || c.col.abs_diff(col.col) <= LEAD_SLACK)
            })
        } else {
            cells.get(col.index)
        };
        cell.map(|c| c.text.trim()).filter(|t| !t.is_empty())
    };
    let Some(name) = lead.iter().find(|c| c.field == Field::ColName) else {
        return false;
    };
    let Some(text) = under(name) else {
        return false;
    };
    // A digit or a comparator first (`≥90`): the first character read in place.
    let value_like = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || is_comparator(&text[..c.len_utf8()]));
    if shape(text) != Shape::Other || parse_amount_like(text) || value_like {
        return false;
    }
    // A known level label under the other level's column says the row moved,
    // but for a 二级's words heading a form's own 一级 with a text beside it
    // (`服务对象满意度 | 读者满意度`).
    let level2_text = lead
        .iter()
        .find(|c| c.field == Field::ColLevel2)
        .and_then(under)
        .is_some_and(|t| level_of(t).is_none());
    let levels_in_place = lead.iter().all(|col| {
        let Some(t) = under(col) else {
            return true;
        };
        let level = if col.field == Field::ColLevel1 {
            level_printed(t)
        } else {
            level_of(t)
        };
        match (col.field, level) {
            (_, None)
            | (Field::ColLevel1, Some(Label::Level1(_)))
            | (Field::ColLevel2, Some(Label::Level2(_))) => true,
            (Field::ColLevel1, Some(Label::Level2(name))) => {
                name != LEVEL2_ALSO_LEVEL1 && !t.ends_with("指标") && level2_text
            }
            _ => false,
        }
    });
    let valued = levels_in_place
        && columns
            .iter()
            .any(|col| col.field == Field::ColValue && under(col).is_some());
    valued
        && columns
            .iter()
            .all(|col| under(col).is_none_or(|t| fits_text(col.field, t)))
}

/// The header fields whose cells are sums of money (预算数, 财政资金 …): in a
/// sheet they take an amount, and an amount in a sheet row belongs to them.
pub const AMOUNT_FIELDS: &[Field] = &[
    Field::FundingTotal,
    Field::FundingFiscal,
    Field::FundingOther,
    Field::FundingItem,
];

/// What a project column of a many-project sheet takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectKind {
    /// 项目名称: a filled cell starts the next project.
    Key,
    /// A sum of money ([`AMOUNT_FIELDS`]).
    Amount,
    /// Any other field of the project (单位名称, 项目类别, 年度目标 …).
    Text,
}

/// Where a column of a many-project sheet sits in a row: the project's own
/// fields come first, then the levels, the indicator's name, and the table's
/// columns after the name.
#[derive(Debug, Clone, Copy)]
pub enum SheetPlace<'a> {
    /// A field of the project, read on the row that starts it.
    Project(ProjectKind),
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标, the indicator's name.
    Name,
    /// A column after the name (计算符号, 指标值, 单位, 权重 …), aligned as
    /// in any table.
    After(Column<'a>),
}

/// Whether a cell is a level label of the vocabulary, and which.
fn level_of(text: &str) -> Option<Label> {
    level_match(text).map(|m| m.label)
}

/// A level label as printed, not one read within an edit of it: a form's
/// own 一级 (`社会效应`) near a template's 二级 says nothing of the row.
fn level_printed(text: &str) -> Option<Label> {
    level_match(text).filter(|m| !m.fuzzy).map(|m| m.label)
}

fn level_match(text: &str) -> Option<crate::labels::LabelMatch<'_>> {
    match_label(text).filter(|m| matches!(m.label, Label::Level1(_) | Label::Level2(_)))
}

/// What a cell left of the name looks like, looked up once per cell rather
/// than once per column it is tried under.
#[derive(Debug, Clone, Copy)]
struct Looks {
    /// Neither a comparator nor a unit word.
    other: bool,
    /// A bare amount or number.
    amount: bool,
}

impl Looks {
    fn of(text: &str) -> Looks {
        Looks {
            other: shape(text) == Shape::Other,
            amount: parse_amount_like(text),
        }
    }

    /// Whether the cell could be an indicator's name: not a comparator, a
    /// unit word or a bare number.
    fn name_shaped(&self) -> bool {
        self.other && !self.amount
    }
}

/// How well a cell left of the name fits a column: a large penalty for a
/// cell the column cannot hold, a bonus for a filled level column (a row
/// without a level label is more often a continuation row with levels
/// outside the vocabulary than a project row) and for a filled 项目名称.
fn lead_score(looks: &Looks, place: &SheetPlace<'_>) -> i32 {
    const MISFIT: i32 = -100;
    let Looks { amount, other, .. } = *looks;
    match place {
        SheetPlace::Project(ProjectKind::Key) if other && !amount => 10,
        SheetPlace::Project(ProjectKind::Amount) if amount => 0,
        // A code of digits (项目编码) may stand in a text column, rarely.
        SheetPlace::Project(ProjectKind::Text) if amount => -5,
        SheetPlace::Project(ProjectKind::Text) => 0,
        SheetPlace::Level1 | SheetPlace::Level2 if other && !amount => 20,
        _ => MISFIT,
    }
}

/// What joining a cell to the text column of the cell before it costs: a
/// words row splits a text with a space in it (a goal) into several cells,
/// but a column of its own is the better reading while one fits.
const JOIN: i32 = -3;

/// Places the cells left of a row's name in the columns `places` (indices
/// into the sheet's columns, in order), keeping their order: the reading
/// with the best [`lead_score`] sum, the earliest columns on a tie. A cell
/// may continue a text column the cell before it went to (at a [`JOIN`]
/// cost); when even so the cells outnumber the columns, those at the row's
/// start get none.
// fixture: fixtures/sheets/words-gaps.txt
// A project whose 项目单位 and 项目类别 are merged with the project above
// (`水质监测经费 90,000.00 完成水质季度监测。 产出指标 …`): its name goes under
// 项目名称, its amount under 预算数, the gaps stay where the cells fit none.
// fixture: fixtures/sheets/words-spaced-goals.txt
// A goal written with a space in it (`完成水质 季度监测。`) is one goal.
fn place_lead(
    cells: &[Looks],
    places: &[usize],
    sheet: &[(usize, SheetPlace<'_>)],
    out: &mut [Option<usize>],
) {
    const NONE: i32 = i32::MIN / 4;
    let k = places.len();
    let text = |j: usize| matches!(sheet[places[j]].1, SheetPlace::Project(ProjectKind::Text));
    // best[(i, j, open)]: the best sum placing cells i.. in columns j..,
    // `open` when cell i - 1 went to column j - 1 (cell i may continue it).
    let solve = |cells: &[Looks]| -> Vec<i32> {
        let m = cells.len();
        let at = |i: usize, j: usize, open: usize| (i * (k + 1) + j) * 2 + open;
        let mut best = vec![NONE; (m + 1) * (k + 1) * 2];
        for j in 0..=k {
            best[at(m, j, 0)] = 0;
            best[at(m, j, 1)] = 0;
        }
        for i in (0..m).rev() {
            for j in (0..=k).rev() {
                for open in 0..2 {
                    let mut b = NONE;
                    if j < k {
                        let place = lead_score(&cells[i], &sheet[places[j]].1)
                            .saturating_add(best[at(i + 1, j + 1, 1)]);
                        b = b.max(place).max(best[at(i, j + 1, 0)]);
                    }
                    if open == 1 && j > 0 && text(j - 1) {
                        b = b.max(JOIN.saturating_add(best[at(i + 1, j, 1)]));
                    }
                    best[at(i, j, open)] = b.max(NONE);
                }
            }
        }
        best
    };
    let mut from = 0;
    let mut best = solve(cells);
    if best[0] <= NONE / 2 {
        // More cells than the columns can take: the row's first ones get none.
        from = cells.len().saturating_sub(k);
        best = solve(&cells[from..]);
    }
    let cells = &cells[from..];
    let out = &mut out[from..];
    let m = cells.len();
    let at = |i: usize, j: usize, open: usize| (i * (k + 1) + j) * 2 + open;
    let (mut i, mut j, mut open) = (0, 0, 0);
    while i < m {
        let want = best[at(i, j, open)];
        if want <= NONE / 2 {
            break;
        }
        if j < k
            && lead_score(&cells[i], &sheet[places[j]].1).saturating_add(best[at(i + 1, j + 1, 1)])
                == want
        {
            out[i] = Some(places[j]);
            (i, j, open) = (i + 1, j + 1, 1);
        } else if j < k && best[at(i, j + 1, 0)] == want {
            (j, open) = (j + 1, 0);
        } else if open == 1 && j > 0 && text(j - 1) {
            out[i] = Some(places[j - 1]);
            i += 1;
        } else {
            break;
        }
    }
}

/// Aligns the filled cells of a many-project sheet's row to the sheet's
/// columns (`sheet`: header index and place of each), the same way a
/// table's rows are aligned to its header: returns, per cell, the position
/// of its column in `sheet`, None for a cell under no column.
///
/// A row lacks the cells merged with the rows above — the project's columns
/// on a project's later rows, the levels on an indicator's — and an export
/// may drop empty cells anywhere. So the row is read from its name: the
/// first level label says where the levels and the name are (two level
/// labels side by side are the 一级 and the 二级); a row with none starts
/// with its name, the cell before as many cells as the columns after the
/// name can take. The cells after the name are aligned by
/// [`align`] (by position when `by_index` and their positions fit); the
/// cells before it fill the columns before the name by [`lead_score`], by
/// position when they already sit under columns they fit.
// fixture: fixtures/sheets/tabs-dropped-cells.txt
// fixture: fixtures/sheets/spaces-merged-blank.txt
// The same sheet with its merged cells dropped (tabs) and left blank (runs
// of spaces) reads the same.
pub fn align_sheet<'a>(
    cells: &[Cell<'a>],
    sheet: &[(usize, SheetPlace<'a>)],
    by_index: bool,
) -> Vec<Option<usize>> {
    let mut out = vec![None; cells.len()];
    let is = |k: &usize, want: fn(&SheetPlace<'_>) -> bool| want(&sheet[*k].1);
    let all: Vec<usize> = (0..sheet.len()).collect();
    let Some(name_k) = all
        .iter()
        .copied()
        .find(|k| is(k, |p| matches!(p, SheetPlace::Name)))
    else {
        // No name column: each cell under the header of its index.
        for (slot, c) in out.iter_mut().zip(cells) {
            *slot = sheet.iter().position(|(index, _)| *index == c.index);
        }
        return out;
    };
    let levels: Vec<usize> = all[..name_k]
        .iter()
        .copied()
        .filter(|k| is(k, |p| matches!(p, SheetPlace::Level1 | SheetPlace::Level2)))
        .collect();
    let n = cells.len();
    // Where the name is, and which level columns the cells before it fill.
    let anchor = cells.iter().position(|c| level_of(c.text).is_some());
    let (name_at, level_places): (usize, Vec<usize>) = match anchor {
        Some(a) => {
            let pair = cells.get(a + 1).is_some_and(|c| level_of(c.text).is_some());
            let want_level1 = pair || matches!(level_of(cells[a].text), Some(Label::Level1(_)));
            let first = levels
                .iter()
                .position(|k| {
                    let level1 = matches!(sheet[*k].1, SheetPlace::Level1);
                    level1 == want_level1
                })
                .unwrap_or(0);
            let mut from = levels[first.min(levels.len())..].to_vec();
            let name_at = a + from.len();
            // fixture: fixtures/sheets/continuation-shapes.txt
            // fixture: fixtures/sheets/own-level1.txt
            // A row whose first level label is its 二级 starts at the 二级
            // column; the name follows the last level column. A cell right
            // before a lone 二级 is its 一级 written outside the vocabulary
            // (`工程建设指标 | 数量指标`): a 二级 never opens a project without
            // its 一级, and a later row's project cells are merged away.
            let level1 = first
                .checked_sub(1)
                .map(|k| levels[k])
                .filter(|k| matches!(sheet[*k].1, SheetPlace::Level1));
            if let (Some(k), Some(before), false) = (level1, a.checked_sub(1), want_level1) {
                let c = &cells[before];
                let here = if by_index {
                    let shift = sheet[from[0]].0 as isize - cells[a].index as isize;
                    c.index as isize + shift == sheet[k].0 as isize
                } else {
                    Looks::of(c.text).name_shaped() && c.text.chars().count() <= 16
                };
                if here {
                    from.insert(0, k);
                }
            }
            (name_at, from)
        }
        None => {
            let after = sheet.len() - name_k - 1;
            let mut p = n.saturating_sub(1) - after.min(n.saturating_sub(1));
            // test: tests/sheets.rs, a_surplus_cell_at_a_rows_end_is_reported_and_moves_nothing
            // Surplus cells at the row's end do not push the name right.
            while p > 0 && !Looks::of(cells[p].text).name_shaped() {
                p -= 1;
            }
            // A row that keeps its empty cells has its name under the name's header.
            let positioned = cells
                .iter()
                .position(|c| c.index == sheet[name_k].0 && Looks::of(c.text).name_shaped());
            if let Some(at) = positioned.filter(|_| by_index) {
                p = at;
            }
            let before = p.min(levels.len());
            (p, levels[levels.len() - before..].to_vec())
        }
    };
    let name_at = name_at.min(n);
    // The levels, right before the name.
    let level_from = name_at - level_places.len().min(name_at);
    for (slot, k) in out[level_from..name_at].iter_mut().zip(&level_places) {
        *slot = Some(*k);
    }
    // The project's columns, before the levels.
    let projects: Vec<usize> = all[..name_k]
        .iter()
        .copied()
        .filter(|k| is(k, |p| matches!(p, SheetPlace::Project(_))))
        .collect();
    let looks: Vec<Looks> = cells[..level_from]
        .iter()
        .map(|c| Looks::of(c.text))
        .collect();
    let in_place: Option<Vec<usize>> = cells[..level_from]
        .iter()
        .zip(&looks)
        .map(|(c, l)| {
            projects
                .iter()
                .copied()
                .find(|k| sheet[*k].0 == c.index)
                .filter(|k| lead_score(l, &sheet[*k].1) >= 0)
        })
        .collect();
    match in_place {
        Some(ks) if by_index => {
            for (slot, k) in out.iter_mut().zip(ks) {
                *slot = Some(k);
            }
        }
        _ => place_lead(&looks, &projects, sheet, &mut out[..level_from]),
    }
    let Some(name) = cells.get(name_at) else {
        return out;
    };
    out[name_at] = Some(name_k);
    // The columns after the name, as in any table; positions count from
    // the name's column.
    let after: Vec<(usize, Column<'a>)> = all[name_k + 1..]
        .iter()
        .filter_map(|k| match sheet[*k].1 {
            SheetPlace::After(col) => Some((*k, col)),
            _ => None,
        })
        .collect();
    let shift = sheet[name_k].0 as isize - name.index as isize;
    let tail: Vec<Cell<'a>> = cells[name_at + 1..]
        .iter()
        .map(|c| Cell {
            index: (c.index as isize + shift).max(0) as usize,
            ..*c
        })
        .collect();
    let columns: Vec<Column<'a>> = after.iter().map(|(_, c)| *c).collect();
    let aligned = align(&tail, &columns, by_index);
    for (slot, col) in out[name_at + 1..].iter_mut().zip(aligned) {
        *slot = col.and_then(|col| {
            after
                .iter()
                .find(|(_, c)| c.index == col.index)
                .map(|(k, _)| *k)
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(field: Field, header: &'static str, index: usize) -> Column<'static> {
        Column {
            field,
            header,
            index,
            col: 0,
        }
    }

    fn cells(texts: &[(&'static str, usize)]) -> Vec<Cell<'static>> {
        texts
            .iter()
            .map(|&(text, index)| Cell {
                text,
                line: 1,
                index,
                col: 0,
            })
            .collect()
    }

    #[test]
    fn rows_that_keep_their_columns() {
        let lead = [
            col(Field::ColLevel1, "一级指标", 0),
            col(Field::ColLevel2, "二级指标", 1),
            col(Field::ColName, "三级指标", 2),
        ];
        let columns = [
            col(Field::ColValue, "指标值", 3),
            col(Field::ColUnit, "单位", 4),
        ];
        // (row cells, keeps its columns)
        let table: &[(&[&str], bool)] = &[
            (&["履职效能", "部门履职", "活动场次", "120", "场"], true),
            (&["", "重点工作", "站点建成数", "12", ""], true),
            // lost its merged cells and was padded at its end
            (&["维护步道", "≥", "800", "米", ""], false),
            // the name column holds a number, the value column nothing
            (&["", "质量指标", "98", "", ""], false),
            // a 二级 label under the 一级 column: the row moved left
            (
                &["可持续影响指标", "保险年限", "保险年限", "1", "年"],
                false,
            ),
            // a unit word where the value belongs
            (&["", "数量指标", "新建道路", "公里", ""], false),
        ];
        for (row, want) in table {
            let texts: Vec<(&'static str, usize)> =
                row.iter().enumerate().map(|(i, t)| (*t, i)).collect();
            assert_eq!(
                keeps_columns(&cells(&texts), &lead, &columns, false),
                *want,
                "{row:?}"
            );
        }
    }

    fn headers(got: &[Option<Column<'_>>]) -> Vec<&'static str> {
        got.iter()
            .map(|c| {
                c.map_or("-", |c| match c.field {
                    Field::ColOp => "op",
                    Field::ColUnit => "unit",
                    Field::ColValue => "value",
                    _ => "extra",
                })
            })
            .collect()
    }

    #[test]
    fn alignment_table() {
        // fixture: fixtures/tables/pipes-merged-leading.txt
        let op_value_unit_note = vec![
            col(Field::ColOp, "计算符号", 3),
            col(Field::ColValue, "目标值", 4),
            col(Field::ColUnit, "度量单位", 5),
            col(Field::ColExtra, "说明", 6),
        ];
        let value_score_note = vec![
            col(Field::ColValue, "指标值", 3),
            col(Field::ColExtra, "分值", 4),
            col(Field::ColExtra, "指标解释", 5),
        ];
        let note_value = vec![
            col(Field::ColExtra, "指标解释", 3),
            col(Field::ColValue, "目标值", 4),
        ];
        #[allow(clippy::type_complexity)]
        let cases: &[(&[Column<'static>], &[(&str, usize)], bool, &[&str])] = &[
            // A full row keeps its positions.
            (
                &op_value_unit_note,
                &[("=", 3), ("4", 4), ("座", 5), ("合理", 6)],
                true,
                &["op", "value", "unit", "extra"],
            ),
            // Leading merged cells dropped, padding moved to the end: the
            // row is as wide as the header but shifted by two.
            (
                &op_value_unit_note,
                &[("≥", 1), ("800", 2), ("米", 3), ("合理", 4)],
                true,
                &["op", "value", "unit", "extra"],
            ),
            // No comparator: the number skips the 计算符号 column.
            (
                &op_value_unit_note,
                &[("800", 1), ("米", 2), ("合理", 3)],
                false,
                &["value", "unit", "extra"],
            ),
            // An empty comparator cell kept in place.
            (
                &op_value_unit_note,
                &[("95", 4), ("%", 5), ("合理", 6)],
                true,
                &["value", "unit", "extra"],
            ),
            // A value holding its own unit, then a remark.
            (
                &op_value_unit_note,
                &[("≥95%", 1), ("合理", 2)],
                false,
                &["value", "extra"],
            ),
            // A remark column before the value, left empty: the value still
            // goes under the value column.
            (&note_value, &[("100%", 1)], false, &["value"]),
            (
                &note_value,
                &[("100%(历史标准)", 1), ("100%", 2)],
                false,
                &["extra", "value"],
            ),
            // Extra columns after the value.
            (
                &value_score_note,
                &[("≤30万元", 1), ("10", 2), ("按合同价", 3)],
                false,
                &["value", "extra", "extra"],
            ),
            // More cells than columns: the surplus has no column.
            (
                &value_score_note,
                &[("a", 1), ("b", 2), ("c", 3), ("d", 4)],
                false,
                &["value", "extra", "extra", "-"],
            ),
        ];
        for (columns, texts, positional, want) in cases {
            let got = align(&cells(texts), columns, *positional);
            assert_eq!(headers(&got), *want, "{texts:?}");
        }
    }

    #[test]
    fn sheet_rows_align_to_the_sheet_columns() {
        // fixture: fixtures/sheets/continuation-shapes.txt
        let project = |kind| SheetPlace::Project(kind);
        let after = |field, header, index| SheetPlace::After(col(field, header, index));
        let sheet: Vec<(usize, SheetPlace<'static>)> = vec![
            (0, project(ProjectKind::Text)),
            (1, project(ProjectKind::Key)),
            (2, project(ProjectKind::Text)),
            (3, project(ProjectKind::Amount)),
            (4, project(ProjectKind::Text)),
            (5, SheetPlace::Level1),
            (6, SheetPlace::Level2),
            (7, SheetPlace::Name),
            (8, after(Field::ColOp, "指标性质", 8)),
            (9, after(Field::ColValue, "指标值", 9)),
            (10, after(Field::ColUnit, "度量单位", 10)),
            (11, after(Field::ColExtra, "权重", 11)),
        ];
        let names = [
            "单位",
            "项目",
            "类别",
            "预算",
            "目标",
            "一级",
            "二级",
            "名称",
            "性质",
            "值",
            "单位词",
            "权重",
        ];
        // Cells as a pipe export leaves them: dropped cells shift the rest left.
        let row = |texts: &[&'static str]| -> Vec<(&'static str, usize)> {
            texts.iter().enumerate().map(|(i, t)| (*t, i)).collect()
        };
        #[allow(clippy::type_complexity)]
        let cases: Vec<(Vec<(&str, usize)>, bool, &[&str])> = vec![
            // A project's first row, whole.
            (
                row(&[
                    "某镇人民政府",
                    "乡道养护",
                    "一般项目",
                    "520,000.00",
                    "完成养护",
                    "产出指标",
                    "数量指标",
                    "养护里程",
                    "≥",
                    "45",
                    "公里",
                    "20",
                ]),
                true,
                &[
                    "单位",
                    "项目",
                    "类别",
                    "预算",
                    "目标",
                    "一级",
                    "二级",
                    "名称",
                    "性质",
                    "值",
                    "单位词",
                    "权重",
                ],
            ),
            // Project columns and 一级 merged: the row starts at its 二级.
            (
                row(&["质量指标", "路面完好率", "≥", "92", "%", "15"]),
                true,
                &["二级", "名称", "性质", "值", "单位词", "权重"],
            ),
            // 成本指标 beside its 二级: the first is the 一级 column's.
            (
                row(&[
                    "成本指标",
                    "经济成本指标",
                    "养护成本",
                    "≤",
                    "11,500",
                    "元",
                    "10",
                ]),
                true,
                &["一级", "二级", "名称", "性质", "值", "单位词", "权重"],
            ),
            // Levels merged too: the row starts with its name.
            (
                row(&["材料成本", "≤", "3,000", "元", "5"]),
                true,
                &["名称", "性质", "值", "单位词", "权重"],
            ),
            // A surplus cell at the end has no column and moves nothing.
            (
                row(&["投诉办结率", "≥", "98", "%", "5", "电话回访"]),
                true,
                &["名称", "性质", "值", "单位词", "权重", "-"],
            ),
            // A new project whose 单位名称 and 项目类别 are merged with the project above.
            (
                row(&[
                    "危桥排查",
                    "60,000.00",
                    "排查危桥",
                    "产出指标",
                    "数量指标",
                    "排查座数",
                    "=",
                    "12",
                    "座",
                    "20",
                ]),
                true,
                &[
                    "项目",
                    "预算",
                    "目标",
                    "一级",
                    "二级",
                    "名称",
                    "性质",
                    "值",
                    "单位词",
                    "权重",
                ],
            ),
            // A row that keeps its empty cells keeps its positions: no 项目名称 here.
            (
                vec![
                    ("某镇人民政府", 0),
                    ("100.00", 3),
                    ("补充目标", 4),
                    ("产出指标", 5),
                    ("数量指标", 6),
                    ("补植株数", 7),
                    ("500", 9),
                ],
                true,
                &["单位", "预算", "目标", "一级", "二级", "名称", "值"],
            ),
            // A 一级 outside the vocabulary before a 二级 of it.
            (
                row(&["工程建设指标", "数量指标", "修缮亭台", "=", "4", "座", "10"]),
                true,
                &["一级", "二级", "名称", "性质", "值", "单位词", "权重"],
            ),
            (
                row(&["工程建设指标", "数量指标", "修缮亭台", "=", "4", "座", "10"]),
                false,
                &["一级", "二级", "名称", "性质", "值", "单位词", "权重"],
            ),
            // A row that keeps its empty cells: an empty 一级 cell between a
            // project's goal and its 二级 leaves the goal where it is.
            (
                vec![
                    ("补充目标", 4),
                    ("数量指标", 6),
                    ("补植株数", 7),
                    ("500", 9),
                ],
                true,
                &["目标", "二级", "名称", "值"],
            ),
            // Levels outside the vocabulary, no level label to go by.
            (
                row(&["自编一级", "自编二级", "自编名称", "≥", "5", "个", "10"]),
                true,
                &["一级", "二级", "名称", "性质", "值", "单位词", "权重"],
            ),
            // Words: a value without its unit goes under the value column.
            (
                row(&["巡护覆盖率", "正向", "100", "10"]),
                false,
                &["名称", "性质", "值", "权重"],
            ),
        ];
        for (texts, by_index, want) in &cases {
            let got = align_sheet(&cells(texts), &sheet, *by_index);
            let got: Vec<&str> = got.iter().map(|k| k.map_or("-", |k| names[k])).collect();
            assert_eq!(got, *want, "{texts:?}");
        }
    }

    #[test]
    fn shapes() {
        for (text, want) in [
            ("≥", Shape::Comparator),
            (">=", Shape::Comparator),
            ("不低于", Shape::Comparator),
            ("定性", Shape::Comparator),
            ("米", Shape::Unit),
            ("%", Shape::Unit),
            ("万元", Shape::Unit),
            ("百分比", Shape::Unit),
            ("800", Shape::Other),
            ("≥95%", Shape::Other),
            ("按合同价格执行到位", Shape::Other),
        ] {
            assert_eq!(shape(text), want, "{text}");
        }
    }
}
