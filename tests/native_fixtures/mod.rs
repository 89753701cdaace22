//! Writes the seed's four forms as a workbook, a Word document, a GBK web
//! page and a PDF whose Chinese font is not embedded, the way bureaus lay
//! such forms out: labels and values in merged cells, the 一级/二级 columns
//! merged down over their rows, title and notes around each table.
//!
//! Used by the native-reader tests (written afresh into a temporary
//! directory) and by `examples/make_native_fixtures.rs` (into
//! `tests/native_fixtures/files/`, where the PDF is also rendered to a 300 dpi scan).

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

/// The seed text.
pub const SEED: &str = include_str!("../../fixtures/seed/poverty-2019.txt");

/// One form of the seed: paragraphs before the table, the table, paragraphs after.
#[derive(Debug, Clone)]
pub struct Form {
    pub before: Vec<String>,
    pub table: Vec<Vec<String>>,
    pub after: Vec<String>,
}

/// A merged region: first row and column, how many rows and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

/// The seed split into forms: single-cell lines are paragraphs, runs of
/// tab-separated lines the table.
pub fn forms() -> Vec<Form> {
    let mut forms: Vec<Form> = Vec::new();
    for line in SEED.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim() == "绩效目标申报表" {
            forms.push(Form {
                before: Vec::new(),
                table: Vec::new(),
                after: Vec::new(),
            });
        }
        let Some(form) = forms.last_mut() else {
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        if line.contains('\t') {
            let mut cells: Vec<String> = line.split('\t').map(|c| c.trim().to_owned()).collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            form.table.push(cells);
        } else if form.table.is_empty() {
            form.before.push(line.trim().to_owned());
        } else {
            form.after.push(line.trim().to_owned());
        }
    }
    for f in &mut forms {
        let width = f.table.iter().map(Vec::len).max().unwrap_or(1);
        for row in &mut f.table {
            row.resize(width, String::new());
        }
    }
    forms
}

/// The merged regions a form's table is drawn with: each filled cell spans
/// the empty cells to its right, and a cell of the first three columns
/// spans the empty cells below it, as 绩效指标, 一级 and 二级 cells do.
pub fn merges(table: &[Vec<String>]) -> Vec<Merge> {
    let rows = table.len();
    let cols = table.first().map_or(0, Vec::len);
    let mut taken = vec![vec![false; cols]; rows];
    let mut out = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if taken[r][c] || table[r][c].is_empty() {
                continue;
            }
            let mut w = 1;
            while c + w < cols && table[r][c + w].is_empty() && !taken[r][c + w] {
                w += 1;
            }
            let mut h = 1;
            if w == 1 && c <= 2 {
                while r + h < rows && table[r + h][c].is_empty() && !taken[r + h][c] {
                    h += 1;
                }
            }
            for row in taken.iter_mut().skip(r).take(h) {
                for t in row.iter_mut().skip(c).take(w) {
                    *t = true;
                }
            }
            if w > 1 || h > 1 {
                out.push(Merge {
                    row: r,
                    col: c,
                    rows: h,
                    cols: w,
                });
            }
        }
    }
    out
}

/// The merge starting at a cell, if any.
fn merge_at(merges: &[Merge], r: usize, c: usize) -> Option<Merge> {
    merges.iter().copied().find(|m| m.row == r && m.col == c)
}

/// True when a cell is covered by a merge that starts elsewhere.
fn covered(merges: &[Merge], r: usize, c: usize) -> bool {
    merges.iter().any(|m| {
        (m.row..m.row + m.rows).contains(&r)
            && (m.col..m.col + m.cols).contains(&c)
            && (m.row, m.col) != (r, c)
    })
}

/// The workbook: one sheet per form (申报表1 …), title and year merged across
/// the table's width above it, the 注 below it.
pub fn write_xlsx(path: &Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let plain = Format::new();
    for (i, form) in forms().iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet
            .set_name(format!("申报表{}", i + 1))
            .expect("sheet name");
        let width = form.table[0].len() as u16;
        let mut row = 0u32;
        let paragraph = |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, text: &str| {
            sheet
                .merge_range(row, 0, row, width - 1, text, &plain)
                .expect("merge");
        };
        for p in &form.before {
            paragraph(sheet, row, p);
            row += 1;
        }
        let merges = merges(&form.table);
        for (r, cells) in form.table.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                let (sr, sc) = (row + r as u32, c as u16);
                if let Some(m) = merge_at(&merges, r, c) {
                    sheet
                        .merge_range(
                            sr,
                            sc,
                            sr + m.rows as u32 - 1,
                            sc + m.cols as u16 - 1,
                            text,
                            &plain,
                        )
                        .expect("merge");
                } else if !text.is_empty() && !covered(&merges, r, c) {
                    sheet.write_string(sr, sc, text).expect("write");
                }
            }
        }
        row += form.table.len() as u32 + 1;
        for p in &form.after {
            paragraph(sheet, row, p);
            row += 1;
        }
    }
    book.save(path).expect("save xlsx");
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn w_paragraph(text: &str) -> String {
    format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        xml_escape(text)
    )
}

/// The Word document: per form, the title and year paragraphs, the table
/// (`w:gridSpan` across, `w:vMerge` down), the 注 paragraph.
pub fn write_docx(path: &Path) {
    let mut body = String::new();
    for form in forms() {
        for p in &form.before {
            body.push_str(&w_paragraph(p));
        }
        let merges = merges(&form.table);
        let width = form.table[0].len();
        body.push_str("<w:tbl><w:tblGrid>");
        for _ in 0..width {
            body.push_str("<w:gridCol w:w=\"1200\"/>");
        }
        body.push_str("</w:tblGrid>");
        for (r, cells) in form.table.iter().enumerate() {
            body.push_str("<w:tr>");
            let mut c = 0;
            while c < width {
                // A cell covered from above continues its vertical merge.
                let above = merges
                    .iter()
                    .find(|m| m.row < r && r < m.row + m.rows && m.col == c);
                let (span, text, vmerge) = if let Some(m) = above {
                    (m.cols, String::new(), "<w:vMerge/>")
                } else if let Some(m) = merge_at(&merges, r, c) {
                    let v = if m.rows > 1 {
                        "<w:vMerge w:val=\"restart\"/>"
                    } else {
                        ""
                    };
                    (m.cols, cells[c].clone(), v)
                } else {
                    (1, cells[c].clone(), "")
                };
                let grid_span = if span > 1 {
                    format!("<w:gridSpan w:val=\"{span}\"/>")
                } else {
                    String::new()
                };
                body.push_str(&format!(
                    "<w:tc><w:tcPr>{grid_span}{vmerge}</w:tcPr>{}</w:tc>",
                    w_paragraph(&text)
                ));
                c += span;
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
        for p in &form.after {
            body.push_str(&w_paragraph(p));
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let file = std::fs::File::create(path).expect("create docx");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in [
        ("[Content_Types].xml", content_types.to_owned()),
        ("_rels/.rels", rels.to_owned()),
        ("word/document.xml", document),
    ] {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish");
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The web page, encoded in GBK as many bureau sites serve it: per form a
/// heading, the year, the table (`rowspan`/`colspan`), the 注.
pub fn write_html(path: &Path) {
    let mut page = String::from(
        "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"><title>绩效目标公开</title>\n<style>td { border: 1px solid #000; }</style></head>\n<body>\n",
    );
    for form in forms() {
        for (i, p) in form.before.iter().enumerate() {
            let tag = if i == 0 { "h2" } else { "p" };
            page.push_str(&format!(
                "<{tag} align=\"center\">{}</{tag}>\n",
                html_escape(p)
            ));
        }
        let merges = merges(&form.table);
        page.push_str("<table cellspacing=\"0\">\n<tbody>\n");
        for (r, cells) in form.table.iter().enumerate() {
            page.push_str("<tr>");
            for (c, text) in cells.iter().enumerate() {
                if covered(&merges, r, c) {
                    continue;
                }
                let mut attrs = String::new();
                if let Some(m) = merge_at(&merges, r, c) {
                    if m.rows > 1 {
                        attrs.push_str(&format!(" rowspan=\"{}\"", m.rows));
                    }
                    if m.cols > 1 {
                        attrs.push_str(&format!(" colspan=\"{}\"", m.cols));
                    }
                }
                let body = if text.is_empty() {
                    "&nbsp;".to_owned()
                } else {
                    html_escape(text)
                };
                page.push_str(&format!("<td{attrs}>{body}</td>"));
            }
            page.push_str("</tr>\n");
        }
        page.push_str("</tbody>\n</table>\n");
        for p in &form.after {
            page.push_str(&format!("<p>{}</p>\n", html_escape(p)));
        }
    }
    page.push_str("</body></html>\n");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&page);
    assert!(!unmappable, "the seed is all GBK text");
    std::fs::write(path, bytes).expect("write html");
}

/// PDF page size (A4 landscape, points) and margins.
const PAGE_W: f64 = 842.0;
const PAGE_H: f64 = 595.0;
const MARGIN: f64 = 36.0;
const FONT: f64 = 8.0;
const LEADING: f64 = 10.5;

/// A character's width in ems: ASCII half, Chinese whole.
fn em(c: char) -> f64 {
    if c.is_ascii() {
        0.5
    } else {
        1.0
    }
}

/// A text's width in points.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(em).sum::<f64>() * size
}

/// Splits text into lines of at most `width` points.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0.0;
    for c in text.chars() {
        let w = em(c) * size;
        if used + w > width && !lines.last().is_some_and(String::is_empty) {
            lines.push(String::new());
            used = 0.0;
        }
        used += w;
        if let Some(l) = lines.last_mut() {
            l.push(c);
        }
    }
    lines
}

/// A string as UCS-2 big-endian hex for the UniGB-UCS2-H encoding.
fn ucs2(text: &str) -> String {
    text.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

fn show(out: &mut String, x: f64, y: f64, size: f64, text: &str) {
    out.push_str(&format!(
        "BT /F1 {size} Tf {x:.1} {y:.1} Td <{}> Tj ET\n",
        ucs2(text)
    ));
}

/// The column widths of a table: each column as wide as its widest unmerged
/// cell (within limits), scaled to the page.
fn column_widths(table: &[Vec<String>], merges: &[Merge]) -> Vec<f64> {
    let cols = table[0].len();
    let mut w = vec![30.0f64; cols];
    for (r, cells) in table.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            let spans = merge_at(merges, r, c).is_some_and(|m| m.cols > 1);
            if !spans && !covered(merges, r, c) {
                let want = text_width(text, FONT) + 8.0;
                w[c] = w[c].max(want.min(260.0));
            }
        }
    }
    let total: f64 = w.iter().sum();
    let scale = (PAGE_W - 2.0 * MARGIN) / total;
    w.iter().map(|x| x * scale).collect()
}

/// One page: a form's paragraphs and its ruled table, text in a CJK font the
/// PDF names but does not embed (STSong-Light, UniGB-UCS2-H).
fn pdf_page(form: &Form) -> String {
    let mut out = String::new();
    let mut y = PAGE_H - MARGIN;
    let full = PAGE_W - 2.0 * MARGIN;
    for (i, p) in form.before.iter().enumerate() {
        let size = if i == 0 { 16.0 } else { 11.0 };
        let w = text_width(p, size);
        y -= size + 6.0;
        show(&mut out, (PAGE_W - w) / 2.0, y, size, p);
    }
    y -= 12.0;
    let merges = merges(&form.table);
    let widths = column_widths(&form.table, &merges);
    let xs: Vec<f64> = std::iter::once(MARGIN)
        .chain(widths.iter().scan(MARGIN, |x, w| {
            *x += w;
            Some(*x)
        }))
        .collect();
    // Row heights from the wrapped text of the cells that start in each row.
    let rows = form.table.len();
    let mut heights = vec![LEADING + 6.0; rows];
    let mut wrapped: Vec<(usize, usize, Merge, Vec<String>)> = Vec::new();
    for (r, cells) in form.table.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            if text.is_empty() || covered(&merges, r, c) {
                continue;
            }
            let m = merge_at(&merges, r, c).unwrap_or(Merge {
                row: r,
                col: c,
                rows: 1,
                cols: 1,
            });
            let width = xs[c + m.cols] - xs[c] - 6.0;
            let lines = wrap(text, width, FONT);
            if m.rows == 1 {
                heights[r] = heights[r].max(lines.len() as f64 * LEADING + 6.0);
            }
            wrapped.push((r, c, m, lines));
        }
    }
    let tops: Vec<f64> = std::iter::once(y)
        .chain(heights.iter().scan(y, |y, h| {
            *y -= h;
            Some(*y)
        }))
        .collect();
    for (r, c, m, lines) in &wrapped {
        let top = tops[*r];
        let bottom = tops[r + m.rows];
        let block = lines.len() as f64 * LEADING;
        // Vertically centred in the (merged) cell, as office programs print.
        let mut baseline = top - ((top - bottom) - block) / 2.0 - FONT;
        for line in lines {
            show(&mut out, xs[*c] + 3.0, baseline, FONT, line);
            baseline -= LEADING;
        }
    }
    // Rules: every cell's box, merged cells drawn as one box.
    out.push_str("0.5 w\n");
    for r in 0..rows {
        for c in 0..widths.len() {
            if covered(&merges, r, c) {
                continue;
            }
            let m = merge_at(&merges, r, c).unwrap_or(Merge {
                row: r,
                col: c,
                rows: 1,
                cols: 1,
            });
            let (x0, x1) = (xs[c], xs[c + m.cols]);
            let (y0, y1) = (tops[r + m.rows], tops[r]);
            out.push_str(&format!(
                "{x0:.1} {y0:.1} {:.1} {:.1} re S\n",
                x1 - x0,
                y1 - y0
            ));
        }
    }
    let mut y = tops[rows] - 8.0;
    for p in &form.after {
        for line in wrap(p, full, FONT) {
            y -= LEADING;
            show(&mut out, MARGIN, y, FONT, &line);
        }
    }
    out
}

/// The PDF: one page per form, its Chinese font named but not embedded, as
/// many exported forms are (the reader needs poppler-data's CMaps).
pub fn write_pdf(path: &Path) {
    let forms = forms();
    let n = forms.len();
    // Objects: 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, then
    // a page and its content stream per form.
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 6 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>".to_owned(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>".to_owned(),
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_owned(),
    ];
    for (i, form) in forms.iter().enumerate() {
        let content = pdf_page(form);
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            7 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for off in offsets {
        pdf.push_str(&format!("{off:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    std::fs::write(path, pdf).expect("write pdf");
}
