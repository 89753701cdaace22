//! Word documents (.docx): the tables of `word/document.xml` and the
//! paragraphs around them (title, year line, 注), in document order.
//!
//! A cell spanning columns (`w:gridSpan`) puts its text in its first grid
//! column and gaps in the rest; a cell continuing a vertical merge
//! (`w:vMerge` without `restart`) is a gap, as merged cells are in text.

use std::io::{Cursor, Read as _};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::grid::{CellIn, Grid, GridBuilder};
use crate::diagnostic::{Code, Diagnostic};

/// The largest `document.xml` read (a zip bomb stops here).
const MAX_XML: u64 = 256 << 20;

/// Reads a .docx file into a grid.
pub fn read(bytes: &[u8]) -> Result<Grid, Diagnostic> {
    let unreadable = |what: String| {
        Diagnostic::new(
            Code::DocumentUnreadable,
            None,
            format!("cannot read this docx: {what}"),
        )
    };
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|e| unreadable(format!("word/document.xml: {e}")))?;
    let mut raw = Vec::new();
    entry
        .take(MAX_XML)
        .read_to_end(&mut raw)
        .map_err(|e| unreadable(e.to_string()))?;
    let xml = String::from_utf8_lossy(&raw);
    document(&xml).map_err(unreadable)
}

/// One `w:tc` being read.
#[derive(Debug, Default)]
struct Tc {
    text: String,
    span: usize,
    continues: bool,
}

/// One `w:tr` being read.
#[derive(Debug, Default)]
struct Tr {
    before: usize,
    cells: Vec<Tc>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// Where text goes: the current cell of the outer table, or the paragraph.
fn sink<'a>(tables: usize, rows: &'a mut [Tr], para: &'a mut String) -> &'a mut String {
    match rows.last_mut().and_then(|r| r.cells.last_mut()) {
        Some(tc) if tables > 0 => &mut tc.text,
        _ => para,
    }
}

/// Reads the body of `word/document.xml`.
fn document(xml: &str) -> Result<Grid, String> {
    let mut reader = Reader::from_str(xml);
    let mut b = GridBuilder::new();
    // Nesting: tables (the outermost is the one read as a grid), paragraphs,
    // and content to skip (deleted text, fallbacks of alternate content).
    let mut tables = 0usize;
    let mut table_no = 0usize;
    let mut rows: Vec<Tr> = Vec::new();
    let mut in_text = false;
    let mut skip = 0usize;
    let mut para = String::new();
    let mut paras = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("bad XML at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name();
                let name = name.as_ref();
                if skip > 0 {
                    if !empty {
                        skip += 1;
                    }
                    continue;
                }
                match name {
                    "w:del" | "w:delText" | "mc:Fallback" | "w:instrText" if !empty => skip = 1,
                    "w:tbl" if !empty => {
                        tables += 1;
                        if tables == 1 {
                            table_no += 1;
                            rows.clear();
                        }
                    }
                    "w:tr" if tables == 1 && !empty => rows.push(Tr::default()),
                    "w:tr" => sink(tables, &mut rows, &mut para).push('\n'),
                    "w:tc" if tables == 1 && !empty => {
                        if let Some(r) = rows.last_mut() {
                            r.cells.push(Tc {
                                span: 1,
                                ..Tc::default()
                            });
                        }
                    }
                    "w:tc" => sink(tables, &mut rows, &mut para).push(' '),
                    "w:gridBefore" if tables == 1 => {
                        let n = attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0);
                        if let Some(r) = rows.last_mut() {
                            r.before = n.min(64);
                        }
                    }
                    "w:gridSpan" if tables == 1 => {
                        let n: usize = attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        if let Some(tc) = rows.last_mut().and_then(|r| r.cells.last_mut()) {
                            tc.span = n.clamp(1, 64);
                        }
                    }
                    "w:vMerge" if tables == 1 => {
                        let restart = attr(e, "w:val").is_some_and(|v| v == "restart");
                        if let Some(tc) = rows.last_mut().and_then(|r| r.cells.last_mut()) {
                            tc.continues = !restart;
                        }
                    }
                    "w:p" if !empty => paras += 1,
                    "w:t" if !empty => in_text = true,
                    "w:tab" | "w:ptab" => {
                        sink(tables, &mut rows, &mut para).push(if tables > 0 { ' ' } else { '\t' })
                    }
                    "w:br" | "w:cr" => sink(tables, &mut rows, &mut para).push('\n'),
                    "w:noBreakHyphen" => sink(tables, &mut rows, &mut para).push('-'),
                    _ => {}
                }
            }
            Event::End(ref e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "w:t" => in_text = false,
                    "w:p" => {
                        paras = paras.saturating_sub(1);
                        if tables == 0 && paras == 0 {
                            if para.trim().is_empty() {
                                b.blank(None);
                            } else {
                                b.paragraph(&para, None);
                            }
                            para.clear();
                        } else {
                            sink(tables, &mut rows, &mut para).push('\n');
                        }
                    }
                    "w:tbl" => {
                        tables = tables.saturating_sub(1);
                        if tables == 0 {
                            emit(&mut b, table_no, &rows);
                            rows.clear();
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                sink(tables, &mut rows, &mut para).push_str(&t.xml10_content())
            }
            Event::CData(t) if in_text && skip == 0 => {
                sink(tables, &mut rows, &mut para).push_str(&t.xml10_content())
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => entity(&r.xml10_content()),
                };
                sink(tables, &mut rows, &mut para).extend(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !para.trim().is_empty() {
        b.paragraph(&para, None);
    }
    Ok(b.finish())
}

/// Puts a table's rows on the grid: `T{table}R{row}C{column}`, columns
/// counted on the table grid.
fn emit(b: &mut GridBuilder, table: usize, rows: &[Tr]) {
    for (r, tr) in rows.iter().enumerate() {
        let mut cells: Vec<Option<CellIn>> = vec![None; tr.before];
        for tc in &tr.cells {
            let col = cells.len();
            if tc.continues {
                cells.push(None);
            } else {
                cells.push(Some(CellIn {
                    text: tc.text.clone(),
                    address: Some(format!("T{table}R{}C{}", r + 1, col + 1)),
                }));
            }
            cells.extend(std::iter::repeat_n(None, tc.span - 1));
        }
        b.row(cells, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_vertical_merges_become_gaps() {
        let xml = r#"<w:document><w:body>
<w:p><w:r><w:t>绩效目标申报表</w:t></w:r></w:p>
<w:tbl>
<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>项目名称</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>产出指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>数量</w:t></w:r></w:p><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>质量指标</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p><w:r><w:t xml:space="preserve">注: </w:t><w:delText>gone</w:delText></w:r><w:del><w:r><w:t>gone</w:t></w:r></w:del><w:r><w:t>说明</w:t></w:r></w:p>
</w:body></w:document>"#;
        let g = document(xml).unwrap();
        let rows = g.rows();
        let texts: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text).collect())
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["绩效目标申报表"],
                vec!["项目名称", "", "A&B"],
                vec!["产出指标", "数量指标"],
                vec!["", "质量指标"],
                vec!["注: 说明"],
            ]
        );
        assert_eq!(g.address_of(rows[1].cells[2].text), Some("T1R1C3"));
        assert_eq!(g.address_of(rows[3].cells[1].text), Some("T1R3C2"));
    }

    #[test]
    fn broken_archives_are_diagnostics() {
        let d = read(b"PK\x03\x04 not really").unwrap_err();
        assert_eq!(d.code, Code::DocumentUnreadable);
    }
}
