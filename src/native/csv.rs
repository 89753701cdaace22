//! Comma-separated exports of a sheet (.csv): one grid row per record, a
//! quoted cell kept whole (its commas and line breaks are the cell's), each
//! cell addressed `R5C3`.
//!
//! The bytes are decoded by jixiao's own decoder first: spreadsheet programs
//! in Chinese locales save CSV as GBK as often as UTF-8.

use super::grid::{CellIn, Grid, GridBuilder};
use crate::diagnostic::{Code, Diagnostic};
use crate::Options;

/// Separators a sheet export may use, the most frequent in the first lines winning.
const DELIMITERS: &[u8] = b",;\t";

/// How much of the text decides the separator.
const SNIFF_BYTES: usize = 8192;

/// Reads a CSV file into a grid; also returns the encoding it was decoded with.
pub fn read(bytes: &[u8], options: &Options) -> Result<(Grid, String), Diagnostic> {
    let decoded = crate::decode::decode(bytes, options.encoding)?;
    let text: &str = &decoded.text;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut b = GridBuilder::new();
    for (r, record) in reader.records().enumerate() {
        match record {
            Ok(record) => {
                let cells = record
                    .iter()
                    .enumerate()
                    .map(|(c, text)| {
                        (!text.trim().is_empty()).then(|| CellIn {
                            text: text.to_owned(),
                            address: Some(format!("R{}C{}", r + 1, c + 1)),
                        })
                    })
                    .collect();
                b.row(cells, None);
            }
            // A record the reader cannot take (bytes that are no UTF-8 after
            // decoding cannot occur; an unbalanced quote ends the file) is
            // reported, and the rows read so far are kept.
            Err(e) => {
                b.diagnostic(Diagnostic::new(
                    Code::DocumentUnreadable,
                    None,
                    format!("the CSV stops being readable at record {}: {e}", r + 1),
                ));
                break;
            }
        }
    }
    // The decoder's notes name lines of the file's text, not rows of the grid.
    for mut d in decoded.diagnostics {
        d.line = None;
        b.diagnostic(d);
    }
    Ok((b.finish(), decoded.encoding.to_owned()))
}

/// The separator the first lines use most, outside quotes; a comma when none.
fn delimiter(text: &str) -> u8 {
    let head = &text.as_bytes()[..text.len().min(SNIFF_BYTES)];
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for &byte in head {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(k) = DELIMITERS.iter().position(|&d| d == byte) {
                counts[k] += 1;
            }
        }
    }
    let best = (0..DELIMITERS.len()).max_by_key(|&k| (counts[k], usize::MAX - k));
    best.filter(|&k| counts[k] > 0)
        .map_or(b',', |k| DELIMITERS[k])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        let cases = [
            ("项目名称,某工程,主管部门,某局\n", b','),
            ("项目名称;某工程;主管部门;某局\n", b';'),
            ("项目名称\t某工程\t主管部门\t某局\n", b'\t'),
            (
                "\"年度目标\",\"完成A;完成B;完成C\"\n一级指标,二级指标\n",
                b',',
            ),
            ("项目支出绩效目标表\n", b','),
        ];
        for (text, want) in cases {
            assert_eq!(delimiter(text), want, "{text}");
        }
    }

    #[test]
    fn quoted_cells_stay_whole_and_carry_addresses() {
        let text =
            "一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,助餐人次,\"≥20,000人次\"\n";
        let (grid, encoding) = read(text.as_bytes(), &Options::default()).expect("readable");
        assert_eq!(encoding, "UTF-8");
        let rows = grid.rows();
        assert_eq!(rows.len(), 2);
        let cells: Vec<&str> = rows[1].cells.iter().map(|c| c.text).collect();
        assert_eq!(
            cells,
            vec!["产出指标", "数量指标", "助餐人次", "≥20,000人次"]
        );
    }

    #[test]
    fn gbk_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("项目名称,社区养老服务补助\n");
        let (grid, encoding) = read(&bytes, &Options::default()).expect("readable");
        assert_ne!(encoding, "UTF-8");
        let rows = grid.rows();
        assert_eq!(
            rows[0].cells.iter().map(|c| c.text).collect::<Vec<_>>(),
            vec!["项目名称", "社区养老服务补助"]
        );
    }
}
