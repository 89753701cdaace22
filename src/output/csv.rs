//! CSV export: one row per indicator, with the form's fields repeated on each row.
//!
//! The columns are listed in [`COLUMNS`] and documented in `docs/csv.md`.

use std::io::Write;

use crate::record::{Indicator, Number, Record, Value, ValueKind};

/// The CSV columns, in order (documented in docs/csv.md).
pub const COLUMNS: &[&str] = &[
    "path",
    "form_index",
    "year",
    "project_name",
    "leader_name",
    "leader_phone",
    "department",
    "implementers",
    "funding_unit",
    "funding_total",
    "funding_fiscal",
    "funding_other",
    "needs_review",
    "review_reasons",
    "level1",
    "level2",
    "name",
    "raw",
    "kind",
    "op",
    "number",
    "unit",
    "min",
    "max",
    "line",
];

/// The byte order mark Excel needs to read a CSV file as UTF-8.
const BOM: &[u8] = "\u{FEFF}".as_bytes();

/// A streaming CSV writer: the header row on creation, then one row per indicator.
pub struct CsvWriter<W: Write> {
    inner: ::csv::Writer<W>,
    /// Written for spreadsheet programs: formula-like cells are neutralised.
    excel: bool,
}

impl<W: Write> CsvWriter<W> {
    /// Writes the UTF-8 BOM when `excel` is true, then the header row. With
    /// `excel`, every cell a spreadsheet would run as a formula is written
    /// with a leading `'` (see [`neutralise`]).
    pub fn new(mut w: W, excel: bool) -> Result<Self, ::csv::Error> {
        if excel {
            w.write_all(BOM)?;
        }
        let mut inner = ::csv::Writer::from_writer(w);
        inner.write_record(COLUMNS)?;
        Ok(CsvWriter { inner, excel })
    }

    /// Writes one row per indicator of `r`, or one row with empty indicator columns when it has none.
    pub fn write_record(&mut self, r: &Record) -> Result<(), ::csv::Error> {
        let mut form = form_fields(r);
        if self.excel {
            form.iter_mut().for_each(neutralise);
        }
        if r.indicators.is_empty() {
            let mut row = form;
            row.resize(row.len() + INDICATOR_COLUMNS, String::new());
            return self.inner.write_record(&row);
        }
        for ind in &r.indicators {
            let mut row = form.clone();
            row.extend(indicator_fields(ind).into_iter().map(|mut cell| {
                if self.excel {
                    neutralise(&mut cell);
                }
                cell
            }));
            self.inner.write_record(&row)?;
        }
        Ok(())
    }

    /// Flushes the CSV buffer and returns the underlying writer.
    pub fn into_inner(self) -> Result<W, ::csv::Error> {
        self.inner
            .into_inner()
            .map_err(|e| ::csv::Error::from(e.into_error()))
    }
}

/// Makes a cell inert in a spreadsheet (OWASP CSV injection): a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
/// `'`, so `=HYPERLINK(…)` shows as text instead of running. A plain number
/// (`-5`, `+3.5`) is left alone: it is not a formula.
pub fn neutralise(cell: &mut String) {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        cell.insert(0, '\'');
    }
}

/// True for a finite decimal number and nothing else (`-5`, `+3.5`, `-1e3`).
fn is_plain_number(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// How many of [`COLUMNS`] describe the indicator (level1 … line).
const INDICATOR_COLUMNS: usize = 11;

fn form_fields(r: &Record) -> Vec<String> {
    let leader = r.leader.as_ref();
    vec![
        r.source.path.clone(),
        r.source.form_index.to_string(),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
        opt(&r.project_name),
        leader.map(|l| opt(&l.name)).unwrap_or_default(),
        leader.map(|l| opt(&l.phone)).unwrap_or_default(),
        opt(&r.department),
        r.implementers
            .as_ref()
            .map(|v| v.join("、"))
            .unwrap_or_default(),
        r.funding.unit.clone(),
        amount(r.funding.total.as_ref()),
        amount(r.funding.fiscal.as_ref()),
        amount(r.funding.other.as_ref()),
        r.needs_review.to_string(),
        r.review_reasons
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(";"),
    ]
}

fn indicator_fields(ind: &Indicator) -> Vec<String> {
    let mut row = vec![opt(&ind.level1), opt(&ind.level2), opt(&ind.name)];
    let (raw, kind, op, number, unit, min, max) = match &ind.value {
        None => Default::default(),
        Some(v) => {
            let raw = v.raw.clone();
            match &v.kind {
                ValueKind::Quantity { op, number, unit } => (
                    raw,
                    "quantity".to_owned(),
                    op.map(|o| o.as_str().to_owned()).unwrap_or_default(),
                    num(*number),
                    opt(unit),
                    String::new(),
                    String::new(),
                ),
                ValueKind::Range { min, max, unit } => (
                    raw,
                    "range".to_owned(),
                    String::new(),
                    String::new(),
                    opt(unit),
                    num(*min),
                    num(*max),
                ),
                ValueKind::Text { .. } => (
                    raw,
                    "text".to_owned(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ),
            }
        }
    };
    row.extend([raw, kind, op, number, unit, min, max, ind.line.to_string()]);
    row
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// A funding amount's number, empty when the amount is null or not a quantity.
fn amount(v: Option<&Value>) -> String {
    v.and_then(Value::number)
        .map(|n| num(Number(n)))
        .unwrap_or_default()
}

/// A number spelled as in the JSON output (`340`, not `340.0`); empty when not finite.
pub(crate) fn num(n: Number) -> String {
    if !n.0.is_finite() {
        return String::new();
    }
    serde_json::to_string(&n).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicator_columns_match_the_header() {
        assert_eq!(COLUMNS[COLUMNS.len() - INDICATOR_COLUMNS], "level1");
    }

    #[test]
    fn formula_cells_are_neutralised_and_numbers_kept() {
        for (cell, want) in [
            (
                "=HYPERLINK(\"http://x\",\"a\")",
                "'=HYPERLINK(\"http://x\",\"a\")",
            ),
            ("+1+1", "'+1+1"),
            ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-5", "-5"),
            ("+3.5", "+3.5"),
            ("-", "'-"),
            ("≥340户", "≥340户"),
            ("", ""),
        ] {
            let mut c = cell.to_owned();
            neutralise(&mut c);
            assert_eq!(c, want, "{cell:?}");
        }
    }

    #[test]
    fn numbers_print_like_json() {
        assert_eq!(num(Number(340.0)), "340");
        assert_eq!(num(Number(6.7)), "6.7");
        assert_eq!(num(Number(f64::NAN)), "");
    }
}
