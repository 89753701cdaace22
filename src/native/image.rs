//! Scanned pages (.png, .jpg, .tif) through `tesseract -l chi_sim` TSV output:
//! words with boxes and confidences, made into a grid of cells by
//! [`super::boxes`] as a PDF's words are (wrapped cells joined, labels
//! centred over several rows moved to the first). Every word read with a
//! confidence below [`MIN_CONFIDENCE`] is an `ocr-low-confidence` warning at
//! the line of its cell.

use super::boxes::{self, PlacedRow, WordBox};
use super::program::{run, TempDir};
use super::Read;
use crate::diagnostic::{Code, Diagnostic};

/// The Debian packages that bring tesseract and its Simplified Chinese model.
pub const PACKAGES: &str = "tesseract-ocr and tesseract-ocr-chi-sim";

/// Words read with less confidence (0–100) than this are flagged for review.
pub const MIN_CONFIDENCE: f64 = 80.0;

/// Reads a scanned page by OCR.
pub fn read(path: &str, bytes: &[u8]) -> Result<Read, Diagnostic> {
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
    let (words, confidences) = words(&String::from_utf8_lossy(&out.stdout));
    if words.is_empty() {
        return Err(Diagnostic::new(
            Code::DocumentUnreadable,
            None,
            "OCR found no text on the page",
        ));
    }
    let rows = boxes::rows(&words);
    let diagnostics = flag(&rows, &words, &confidences);
    Ok(Read::Grid(boxes::grid(rows, diagnostics)))
}

/// The words of tesseract's TSV and their confidences. A table rule read
/// as a bar is not text; tesseract's paragraphs are not cells, so the
/// block alone groups words.
pub fn words(tsv: &str) -> (Vec<WordBox>, Vec<f64>) {
    boxes::parse_tsv(tsv)
        .into_iter()
        .filter_map(|(mut w, conf)| {
            w.text = w.text.trim().trim_matches('|').trim().to_owned();
            w.block.1 = 0;
            (!w.text.is_empty()).then_some((w, conf))
        })
        .unzip()
}

/// What makes a cell's text read like an OCR confusion, if anything: a
/// bracket or bar that forms do not print, a bracket left open, or a
/// bracket, letter or bare comparator beside a digit (`34(户`, `]年`,
/// `1O0%`, `>99%` for `≥99%`).
pub fn confusion(text: &str) -> Option<&'static str> {
    if text.contains(['[', ']', '{', '}', '|']) {
        return Some("a bracket or bar forms do not print");
    }
    let opens = text.matches(['(', '（']).count();
    let closes = text.matches([')', '）']).count();
    if opens != closes {
        return Some("a bracket left open or never opened");
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !c.is_ascii_digit() {
            continue;
        }
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let after = chars.get(i + 1);
        if before.is_some_and(|b| matches!(b, 'O' | 'o' | 'l' | 'I' | ')' | '）'))
            || after.is_some_and(|a| matches!(a, 'O' | 'o' | 'l' | 'I' | '(' | '（'))
        {
            return Some("a letter or bracket beside a digit");
        }
        if before.is_some_and(|b| matches!(b, '>' | '<')) {
            return Some("a bare > or < before a number (OCR often reads ≥ and ≤ so)");
        }
    }
    None
}

/// Warnings at the line of every cell holding a word read with less than
/// [`MIN_CONFIDENCE`] (`ocr-low-confidence`), a mark far flatter than the
/// text (a table rule read as `一` or `-`), or text that reads like an OCR
/// confusion (both `ocr-suspect`).
pub fn flag(rows: &[PlacedRow], words: &[WordBox], confidences: &[f64]) -> Vec<Diagnostic> {
    let mut heights: Vec<f64> = words.iter().map(|w| w.height).collect();
    heights.sort_by(f64::total_cmp);
    let h = heights.get(heights.len() / 2).copied().unwrap_or(0.0);
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        for cell in &row.cells {
            let flat: Vec<&str> = cell
                .words
                .iter()
                .filter_map(|&w| words.get(w))
                .filter(|w| w.height < h * 0.3)
                .map(|w| w.text.as_str())
                .collect();
            let reason = if flat.is_empty() {
                confusion(&cell.text).map(str::to_owned)
            } else {
                Some(format!(
                    "{flat:?}, far flatter than the text (a table rule?)"
                ))
            };
            if let Some(reason) = reason {
                out.push(Diagnostic::at(
                    Code::OcrSuspect,
                    i + 1,
                    format!(
                        "OCR read {:?}, with {reason}: check it against the scan",
                        cell.text
                    ),
                ));
            }
            let doubtful: Vec<String> = cell
                .words
                .iter()
                .filter(|&&w| confidences.get(w).is_some_and(|&c| c < MIN_CONFIDENCE))
                .filter_map(|&w| {
                    let c = confidences.get(w)?;
                    Some(format!("{:?} ({c:.0})", words.get(w)?.text))
                })
                .collect();
            if !doubtful.is_empty() {
                out.push(Diagnostic::at(
                    Code::OcrLowConfidence,
                    i + 1,
                    format!(
                        "OCR was unsure of {} in {:?} (confidence below {MIN_CONFIDENCE}): check it against the scan",
                        doubtful.join(", "),
                        cell.text
                    ),
                ));
            }
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
    fn words_become_cells_and_doubtful_words_are_flagged_at_their_line() {
        let tsv = [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext".to_owned(),
            "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t".to_owned(),
            word(0.0, 100.0, "项目", 95.0),
            word(84.0, 100.0, "名称", 96.0),
            word(300.0, 100.0, "|", 30.0),
            word(400.0, 100.0, "扶贫", 91.0),
            word(484.0, 100.0, "保险", 42.0),
            word(0.0, 300.0, "注", 90.0),
        ]
        .join("\n");
        let (words, conf) = words(&tsv);
        assert_eq!(words.len(), 5);
        let rows = boxes::rows(&words);
        let texts: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec!["项目名称", "扶贫保险"], vec![], vec!["注"]]);
        let d = flag(&rows, &words, &conf);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::OcrLowConfidence);
        assert_eq!(d[0].line, Some(1));
        assert!(d[0].message.contains("保险"));
    }

    #[test]
    fn confusions_are_named() {
        for bad in [">34(户", "]年", "1O0%", ">99%", "扶贫(综合", "a|b"] {
            assert!(confusion(bad).is_some(), "{bad}");
        }
        for good in [
            "≥340户",
            "100%",
            "(2019年度)",
            "564元/户",
            "2018-2019期间",
            "疾病身故险、意外身故",
        ] {
            assert_eq!(confusion(good), None, "{good}");
        }
    }
}
