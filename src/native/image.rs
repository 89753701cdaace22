//! Scanned pages (.png, .jpg, .tif) through `tesseract -l chi_sim` TSV output:
//! words with boxes and confidences, clustered into lines by their vertical
//! centres and into cells by the gaps between them, then laid out as text
//! with each cell at the column its left edge stands at, the way
//! `pdftotext -layout` lays out a PDF. Every word read with a confidence below
//! [`MIN_CONFIDENCE`] is an `ocr-low-confidence` warning at its line.

use super::program::{run, TempDir};
use super::PagedText;
use crate::diagnostic::{Code, Diagnostic};

/// The Debian packages that bring tesseract and its Simplified Chinese model.
pub const PACKAGES: &str = "tesseract-ocr and tesseract-ocr-chi-sim";

/// Words read with less confidence (0–100) than this are flagged for review.
pub const MIN_CONFIDENCE: f64 = 80.0;

/// A gap wider than this many character heights separates two cells.
const CELL_GAP: f64 = 1.0;

/// One word of tesseract's TSV output.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// 1-based page.
    pub page: u32,
    /// Left edge, pixels.
    pub left: f64,
    /// Top edge, pixels.
    pub top: f64,
    /// Width, pixels.
    pub width: f64,
    /// Height, pixels.
    pub height: f64,
    /// Confidence, 0–100.
    pub conf: f64,
    /// The text.
    pub text: String,
}

/// Reads a scanned page by OCR.
pub fn read(path: &str, bytes: &[u8]) -> Result<PagedText, Diagnostic> {
    let dir = TempDir::new()?;
    let ext = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("png");
    let input = dir.write(&format!("input.{ext}"), bytes)?;
    let args = [
        input.as_os_str(),
        "stdout".as_ref(),
        "-l".as_ref(),
        "chi_sim".as_ref(),
        "--psm".as_ref(),
        "3".as_ref(),
        "-c".as_ref(),
        "preserve_interword_spaces=1".as_ref(),
        "tsv".as_ref(),
    ];
    let out = run("tesseract", &args, PACKAGES).map_err(|d| {
        if d.message.contains("chi_sim") {
            Diagnostic::new(
                Code::ProgramMissing,
                None,
                format!("tesseract has no chi_sim model: install tesseract-ocr-chi-sim (Debian: apt-get install tesseract-ocr-chi-sim); {}", d.message),
            )
        } else {
            d
        }
    })?;
    let words = parse_tsv(&String::from_utf8_lossy(&out.stdout));
    if words.is_empty() {
        return Err(Diagnostic::new(
            Code::DocumentUnreadable,
            None,
            "OCR found no text on the page",
        ));
    }
    Ok(lay_out(&words))
}

/// The words (level 5 rows with text) of tesseract's TSV output.
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    tsv.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 12 || f[0] != "5" {
                return None;
            }
            let num = |i: usize| f[i].trim().parse::<f64>().ok();
            // A table rule read as a bar is not text.
            let text = f[11..]
                .join("\t")
                .trim()
                .trim_matches('|')
                .trim()
                .to_owned();
            if text.is_empty() {
                return None;
            }
            Some(Word {
                page: f[1].trim().parse().ok()?,
                left: num(6)?,
                top: num(7)?,
                width: num(8)?,
                height: num(9)?,
                conf: num(10)?,
                text,
            })
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(1.0).max(1.0)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Lays words out as text: a line per cluster of vertical centres, a blank
/// line where rows stand far apart, cells at the columns their left edges
/// stand at (one column per character height), at least two spaces apart.
pub fn lay_out(words: &[Word]) -> PagedText {
    let mut out = PagedText::default();
    let mut pages: Vec<u32> = words.iter().map(|w| w.page).collect();
    pages.dedup();
    pages.sort_unstable();
    pages.dedup();
    for page in pages {
        let mut ws: Vec<&Word> = words.iter().filter(|w| w.page == page).collect();
        let h = median(ws.iter().map(|w| w.height).collect());
        ws.sort_by(|a, b| (a.top + a.height / 2.0).total_cmp(&(b.top + b.height / 2.0)));
        // Lines: words whose centres lie within half a character height.
        let mut lines: Vec<(f64, Vec<&Word>)> = Vec::new();
        for w in ws {
            let cy = w.top + w.height / 2.0;
            match lines.last_mut() {
                Some((y, line)) if (cy - *y).abs() <= h * 0.5 => {
                    line.push(w);
                    *y = line.iter().map(|w| w.top + w.height / 2.0).sum::<f64>()
                        / line.len() as f64;
                }
                _ => lines.push((cy, vec![w])),
            }
        }
        let mut prev_y: Option<f64> = None;
        for (y, mut line) in lines {
            if prev_y.is_some_and(|p| y - p > h * 2.2) {
                out.text.push('\n');
                out.pages.push(page);
            }
            prev_y = Some(y);
            line.sort_by(|a, b| a.left.total_cmp(&b.left));
            let line_no = out.pages.len() + 1;
            let mut text = String::new();
            let mut width = 0usize;
            let mut prev_right: Option<f64> = None;
            for w in line {
                let gap = prev_right.map(|r| w.left - r);
                if gap.is_none_or(|g| g > h * CELL_GAP) {
                    let col = (w.left / h).round().max(0.0) as usize;
                    let col = if width == 0 { col } else { col.max(width + 2) };
                    text.extend(std::iter::repeat_n(' ', col - width));
                    width = col;
                } else if let (Some(a), Some(b)) = (text.chars().last(), w.text.chars().next()) {
                    if !(is_cjk(a) || is_cjk(b)) {
                        text.push(' ');
                        width += 1;
                    }
                }
                text.push_str(&w.text);
                width += w.text.chars().count();
                prev_right = Some(w.left + w.width);
                if w.conf < MIN_CONFIDENCE {
                    out.diagnostics.push(Diagnostic::at(
                        Code::OcrLowConfidence,
                        line_no,
                        format!(
                            "OCR read {:?} with confidence {:.0} (below {MIN_CONFIDENCE}): check it against the scan",
                            w.text, w.conf
                        ),
                    ));
                }
            }
            out.text.push_str(&text);
            out.text.push('\n');
            out.pages.push(page);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(left: f64, top: f64, text: &str, conf: f64) -> String {
        format!(
            "5\t1\t1\t1\t1\t1\t{left}\t{top}\t{}\t40\t{conf}\t{text}",
            40 * text.chars().count()
        )
    }

    #[test]
    fn words_become_cells_at_their_columns() {
        let tsv = [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext".to_owned(),
            "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t".to_owned(),
            word(0.0, 100.0, "项目", 95.0),
            word(84.0, 102.0, "名称", 96.0),
            word(400.0, 98.0, "扶贫", 91.0),
            word(484.0, 100.0, "保险", 42.0),
            word(0.0, 300.0, "注", 90.0),
        ]
        .join("\n");
        let words = parse_tsv(&tsv);
        assert_eq!(words.len(), 5);
        let p = lay_out(&words);
        assert_eq!(p.text, "项目名称      扶贫保险\n\n注\n");
        assert_eq!(p.pages, [1, 1, 1]);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].code, Code::OcrLowConfidence);
        assert_eq!(p.diagnostics[0].line, Some(1));
        assert!(p.diagnostics[0].message.contains("保险"));
    }
}
