//! Native readers: spreadsheets, Word documents, web pages, PDFs and scans.
//!
//! A spreadsheet or a Word table knows its cells and merged regions, so the
//! readers here build the grid the interpreter reads directly — rows of cells,
//! a merged region's text once in its first cell and empty gap cells for the
//! positions it covers, exactly as tab-separated text gives them — instead of
//! flattening the file to text and guessing the table back. A side table
//! keeps each cell's native address (`申报表!D11`, `T2R5C3`, `P1R5C3`) and
//! page, which the records carry as provenance. PDFs (`pdftotext -tsv`) and
//! scans (`tesseract` TSV) are read as word boxes into the same grid: cells
//! by column, wrapped cells joined, labels centred over several rows moved to
//! the first; an old pdftotext without `-tsv` gives laid-out text instead.
//!
//! [`sniff`] tells formats apart by their bytes first (an extension can lie),
//! the extension only settling what the bytes leave open.

#[cfg(feature = "native")]
mod boxes;
mod csv;
#[cfg(feature = "native")]
mod docx;
mod grid;
#[cfg(feature = "native")]
mod html;
#[cfg(feature = "native")]
mod image;
#[cfg(feature = "native")]
mod pdf;
#[cfg(feature = "native")]
mod program;
#[cfg(feature = "native")]
mod sheet;

use std::path::Path;

pub use grid::{Grid, GridBuilder};

use crate::diagnostic::{Code, Diagnostic};
use crate::record::SourceFormat;
use crate::{FileReport, Options};

/// What a reader made of a file: a grid of cells, or laid-out text whose
/// lines carry pages.
#[derive(Debug)]
pub enum Read {
    /// Cells with their addresses (spreadsheets, docx, html).
    Grid(Grid),
    /// Laid-out text (PDFs and scans), parsed as text is.
    Text(PagedText),
}

/// Text laid out by an external program, with the page of every line.
#[derive(Debug, Default)]
pub struct PagedText {
    /// The text, pages separated by line breaks.
    pub text: String,
    /// The page (1-based) of each line: `pages[line - 1]`.
    pub pages: Vec<u32>,
    /// What the reader noticed (low OCR confidence), at lines of `text`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Tells a file's format from its bytes, then from its extension.
pub fn sniff(path: &str, bytes: &[u8]) -> SourceFormat {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if bytes.starts_with(b"PK\x03\x04") {
        if has(b"word/document.xml") {
            return SourceFormat::Docx;
        }
        if has(b"xl/workbook") {
            return SourceFormat::Xlsx;
        }
        if has(b"application/vnd.oasis.opendocument.spreadsheet") {
            return SourceFormat::Ods;
        }
        return match ext.as_str() {
            "docx" => SourceFormat::Docx,
            "ods" => SourceFormat::Ods,
            _ => SourceFormat::Xlsx,
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE2 compound file: Word and Excel name their main stream.
        let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        return match ext.as_str() {
            "doc" => SourceFormat::Doc,
            "xls" => SourceFormat::Xls,
            _ if has(&utf16("WordDocument")) => SourceFormat::Doc,
            _ => SourceFormat::Xls,
        };
    }
    if bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return SourceFormat::Pdf;
    }
    let image = bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*");
    if image {
        return SourceFormat::Image;
    }
    if looks_like_html(bytes, &ext) {
        return SourceFormat::Html;
    }
    // A sheet saved as comma-separated text says so only by its name.
    if ext == "csv" {
        return SourceFormat::Csv;
    }
    SourceFormat::Text
}

/// True when the bytes open like a web page (after a BOM, white space and
/// comments, such as a browser's `<!-- saved from url=… -->`), or open with
/// a tag and hold table markup, or open with a tag in a `.htm(l)` file (a
/// page's fragment: `<p>`, `<div>`, `<h2>`).
// Tested by tests/native.rs `saved_pages_and_fragments_read_as_html`.
fn looks_like_html(bytes: &[u8], ext: &str) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut rest: &[u8] = &lower;
    loop {
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        rest = &rest[start..];
        if !rest.starts_with(b"<!--") {
            break;
        }
        match rest.windows(3).position(|w| w == b"-->") {
            Some(end) => rest = &rest[end + 3..],
            None => break,
        }
    }
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if rest.starts_with(b"<!doctype html")
        || rest.starts_with(b"<html")
        || (rest.starts_with(b"<?xml") && has(b"<html"))
    {
        return true;
    }
    let opens_tag = rest.first() == Some(&b'<') && rest.get(1).is_some_and(u8::is_ascii_alphabetic);
    opens_tag && (has(b"<table") || has(b"<td") || matches!(ext, "htm" | "html" | "xhtml"))
}

/// Parses a file with its native reader; None when it is text (or a format
/// this build reads as text).
pub fn parse(path: &str, bytes: &[u8], options: &Options) -> Option<FileReport> {
    let format = sniff(path, bytes);
    if format == SourceFormat::Text {
        return None;
    }
    // CSV needs no external reader: every build reads it.
    if format == SourceFormat::Csv {
        return Some(match csv::read(bytes, options) {
            Ok((grid, encoding)) => report(path, Read::Grid(grid), format, &encoding, bytes.len()),
            Err(d) => FileReport::failed(path, d, bytes.len()),
        });
    }
    Some(match read(format, path, bytes, options) {
        Ok((read, format, encoding)) => report(path, read, format, &encoding, bytes.len()),
        Err(d) => FileReport::failed(path, d, bytes.len()),
    })
}

/// Runs the reader for `format`: the read, the format the records name (a
/// converted `.doc` stays `doc`) and the encoding to report.
#[cfg(feature = "native")]
fn read(
    format: SourceFormat,
    path: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<(Read, SourceFormat, String), Diagnostic> {
    let utf8 = || "UTF-8".to_owned();
    Ok(match format {
        SourceFormat::Xlsx | SourceFormat::Xls | SourceFormat::Ods => {
            (Read::Grid(sheet::read(bytes, format)?), format, utf8())
        }
        SourceFormat::Docx => (Read::Grid(docx::read(bytes)?), format, utf8()),
        SourceFormat::Doc => {
            let converted = program::doc_to_docx(path, bytes)?;
            (Read::Grid(docx::read(&converted)?), format, utf8())
        }
        SourceFormat::Html => {
            let (grid, encoding) = html::read(bytes, options)?;
            (Read::Grid(grid), format, encoding)
        }
        SourceFormat::Pdf => (pdf::read(bytes)?, format, utf8()),
        SourceFormat::Image => (image::read(path, bytes)?, format, utf8()),
        SourceFormat::Text | SourceFormat::Csv => unreachable_text(),
    })
}

#[cfg(feature = "native")]
fn unreachable_text() -> (Read, SourceFormat, String) {
    (
        Read::Text(PagedText::default()),
        SourceFormat::Text,
        "UTF-8".to_owned(),
    )
}

/// Without the `native` feature every non-text format is a clear error.
#[cfg(not(feature = "native"))]
fn read(
    format: SourceFormat,
    _path: &str,
    _bytes: &[u8],
    _options: &Options,
) -> Result<(Read, SourceFormat, String), Diagnostic> {
    Err(Diagnostic::new(
        Code::FormatUnsupported,
        None,
        format!(
            "this is a {} file, and this jixiao was built without the `native` feature that reads it",
            format.as_str()
        ),
    ))
}

/// Runs the interpreter over what a reader produced and attaches provenance.
pub fn report(
    path: &str,
    read: Read,
    format: SourceFormat,
    encoding: &str,
    bytes: usize,
) -> FileReport {
    let mut report = match read {
        Read::Grid(grid) => {
            let rows = grid.rows();
            let doc = crate::regions::read(&rows);
            drop(rows);
            let mut report = crate::parse_document(path, doc, encoding, |draft, record| {
                grid.attach(draft, record);
            });
            report.records.iter_mut().for_each(|r| {
                r.source.page = grid.page(r.source.line_start);
            });
            crate::attach(&mut report, grid.diagnostics().to_vec());
            report
        }
        Read::Text(paged) => {
            let mut report = crate::parse_text(path, &paged.text, encoding);
            let page = |line: usize| paged.pages.get(line.wrapping_sub(1)).copied();
            for r in &mut report.records {
                r.source.page = page(r.source.line_start);
                for i in &mut r.indicators {
                    i.page = page(i.line);
                }
            }
            crate::attach(&mut report, paged.diagnostics);
            report
        }
    };
    for r in &mut report.records {
        r.source.format = format;
        // A word the OCR was unsure of may be misread: a person should look.
        if r.diagnostics
            .iter()
            .any(|d| d.code == Code::OcrLowConfidence)
        {
            r.needs_review = true;
        }
    }
    report.bytes = bytes;
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_trusts_bytes_over_extensions() {
        let cases: &[(&str, &[u8], SourceFormat)] = &[
            (
                "a.xlsx",
                b"PK\x03\x04....xl/workbook.xml",
                SourceFormat::Xlsx,
            ),
            (
                "a.xls",
                b"PK\x03\x04....word/document.xml",
                SourceFormat::Docx,
            ),
            ("a.pdf", "项目名称\t扶贫".as_bytes(), SourceFormat::Text),
            ("a.txt", b"%PDF-1.4\n", SourceFormat::Pdf),
            ("a.txt", b"\x89PNG\r\n\x1a\n....", SourceFormat::Image),
            ("a.xls", b"<html><body><table>", SourceFormat::Html),
            ("a", b"\xEF\xBB\xBF  <!DOCTYPE HTML>", SourceFormat::Html),
            ("a.txt", "<项目名称>".as_bytes(), SourceFormat::Text),
            // A page a browser saved, and fragments of one.
            (
                "a.htm",
                b"<!-- saved from url=(0040)http://example.org/a -->\n<html>",
                SourceFormat::Html,
            ),
            ("a.html", b"<p>2025\xe5\xb9\xb4</p>", SourceFormat::Html),
            ("a.txt", b"<div><table><tr><td>", SourceFormat::Html),
            ("a.txt", b"<p>no table here</p>", SourceFormat::Text),
            (
                "a.bin",
                &[
                    0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, b'W', 0, b'o', 0,
                ],
                SourceFormat::Xls,
            ),
            (
                "a.doc",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
                SourceFormat::Doc,
            ),
        ];
        for (path, bytes, want) in cases {
            assert_eq!(sniff(path, bytes), *want, "{path}");
        }
    }
}
