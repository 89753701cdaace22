//! Spreadsheets (.xlsx, .xls, .ods) through calamine: every non-empty sheet
//! in workbook order, one grid row per sheet row, merged regions read once.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Dimensions, Reader, Sheets, StyleRange};

use super::grid::{CellIn, Grid, GridBuilder};
use crate::diagnostic::{Code, Diagnostic};
use crate::record::SourceFormat;

/// Sheet rows above the first used cell are kept as blank rows (so a sheet's
/// row numbers are its lines) when there are at most this many.
const MAX_LEADING_BLANKS: u32 = 200;

/// Reads every sheet of a workbook into one grid.
pub fn read(bytes: &[u8], format: SourceFormat) -> Result<Grid, Diagnostic> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Diagnostic::new(
            Code::DocumentUnreadable,
            None,
            format!("cannot read this {} workbook: {e}", format.as_str()),
        )
    };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = book.sheet_names();
    let mut b = GridBuilder::new();
    for name in names {
        let range = match book.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                b.diagnostic(Diagnostic::new(
                    Code::DocumentUnreadable,
                    None,
                    format!("sheet {name} skipped: {e}"),
                ));
                continue;
            }
        };
        let Some((row0, col0)) = range.start() else {
            continue;
        };
        let merges = merged(&mut book, &name);
        let styles = styles(&mut book, &name);
        if !b.is_empty() {
            b.blank(None);
        }
        if row0 <= MAX_LEADING_BLANKS {
            for _ in 0..row0 {
                b.blank(None);
            }
        }
        let label = sheet_label(&name);
        for (r, row) in range.rows().enumerate() {
            let sheet_row = row0 + r as u32;
            let mut cells: Vec<Option<CellIn>> = Vec::with_capacity(col0 as usize + row.len());
            cells.resize(col0 as usize, None);
            for (c, data) in row.iter().enumerate() {
                let sheet_col = col0 + c as u32;
                let covered = merges.iter().any(|m| {
                    (m.start.0..=m.end.0).contains(&sheet_row)
                        && (m.start.1..=m.end.1).contains(&sheet_col)
                        && (m.start.0, m.start.1) != (sheet_row, sheet_col)
                });
                let text = if covered {
                    String::new()
                } else {
                    let percent = styles
                        .as_ref()
                        .and_then(|s| s.get((sheet_row, sheet_col)))
                        .and_then(|s| s.number_format.as_ref())
                        .is_some_and(|f| is_percent(&f.format_code));
                    match data {
                        Data::Float(f) if percent => percent_text(*f),
                        Data::Int(i) if percent => percent_text(*i as f64),
                        _ => text(data),
                    }
                };
                cells.push((!text.is_empty()).then(|| CellIn {
                    text,
                    address: Some(format!(
                        "{label}!{}{}",
                        column_name(sheet_col),
                        sheet_row + 1
                    )),
                }));
            }
            b.row(cells, None);
        }
    }
    Ok(b.finish())
}

/// The merged regions of a sheet, where the format records them.
fn merged(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        // An ods covered cell is read empty; xlsb records none calamine reads.
        _ => Vec::new(),
    }
}

/// The cell styles of an xlsx sheet (number formats among them); other
/// formats give none.
fn styles(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Option<StyleRange> {
    match book {
        Sheets::Xlsx(x) => x.worksheet_style(name).ok(),
        _ => None,
    }
}

/// True when a number format shows its number as a percentage: a `%`
/// outside quoted text and escapes (`0%`, `0.00%`, not `0"%"`).
fn is_percent(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A fraction stored under a percent format as the form shows it: 0.95 is
/// `95%` (its digits kept, not rounded to the format's places).
fn percent_text(f: f64) -> String {
    let n = number(f * 100.0);
    if n.is_empty() {
        n
    } else {
        format!("{n}%")
    }
}

/// A sheet name as a cell reference writes it: quoted when it holds spaces
/// or punctuation.
fn sheet_label(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_name(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell's value as text: numbers as written (`6.7`, `340`), dates as
/// `YYYY-MM-DD`, errors and empties as nothing.
fn text(data: &Data) -> String {
    match data {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_datetime() => serial_date(d.as_f64()),
        Data::DateTime(d) => number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// A float as a person would write it: no `.0` on whole numbers, and the
/// binary noise of a sum (`0.30000000000000004`) rounded away.
fn number(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let s = format!("{f}");
    if s.len() > 12 {
        let r = format!("{f:.10}");
        r.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// An Excel serial date (1900 system) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    crate::value::serial_date(serial).unwrap_or_else(|| number(serial))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_print_as_written() {
        assert_eq!(number(6.7), "6.7");
        assert_eq!(number(340.0), "340");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(serial_date(43830.0), "2019-12-31");
        assert_eq!(serial_date(25569.0), "1970-01-01");
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(sheet_label("申报表"), "申报表");
        assert_eq!(sheet_label("My sheet"), "'My sheet'");
        assert!(is_percent("0%") && is_percent("0.00%") && is_percent("#,##0.0%;[Red]-0%"));
        assert!(!is_percent("0\"%\"") && !is_percent("0\\%") && !is_percent("General"));
        assert_eq!(percent_text(0.95), "95%");
        assert_eq!(percent_text(0.9955), "99.55%");
        assert_eq!(percent_text(1.0), "100%");
    }
}
