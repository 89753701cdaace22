//! Which column of the indicator table a cell belongs to: one answer for
//! every separator family and for many-project sheets.
//!
//! A table's header row gives its columns after the name (comparator, value,
//! unit, 备注 …). A body row is aligned to them by what each cell *is* — a
//! comparator, a unit word, anything else — not by its index alone: an
//! export that drops merged leading cells and pads the row's end keeps the
//! row as wide as the header, so positions lie, while cell shapes do not.

use crate::grammar::Column;
use crate::labels::Field;
use crate::layout::Cell;
use crate::value::{is_comparator, is_unit_word};

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
            .all(|(col, c)| col.is_some_and(|col| fits(col.field, shape(c.text))));
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

/// One cell per line: the column at or after `from` that a cell of this
/// text's shape fits, the value column never skipped; `from` itself when none
/// fits (the cell is read where it stands).
pub fn next_fitting(columns: &[Column<'_>], from: usize, text: &str) -> usize {
    let s = shape(text);
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
