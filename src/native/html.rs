//! Web pages (.html, .htm): tables with `rowspan`/`colspan`, and the text
//! around them, in document order.
//!
//! The bytes are decoded by jixiao's own decoder first (sites serve GBK as
//! often as UTF-8, and not always with a truthful `<meta charset>`), then
//! parsed as browsers do. Tables are laid out on a grid by the HTML table
//! algorithm: a cell covered by a span from above or the left is a gap.

use scraper::{ElementRef, Html, Node};

use super::grid::{CellIn, Grid, GridBuilder};
use crate::diagnostic::Diagnostic;
use crate::Options;

/// The widest span honoured (wider ones are treated as this wide).
const MAX_SPAN: usize = 64;

/// Reads a web page into a grid; also returns the encoding it was decoded with.
pub fn read(bytes: &[u8], options: &Options) -> Result<(Grid, String), Diagnostic> {
    let declared = options.encoding.or_else(|| meta_charset(bytes));
    let decoded = crate::decode::decode(bytes, declared)?;
    let html = Html::parse_document(&decoded.text);
    let mut walk = Walk {
        b: GridBuilder::new(),
        para: String::new(),
        tables: 0,
    };
    walk.element(html.root_element());
    walk.flush();
    let mut b = walk.b;
    // The decoder's notes name lines of the page's source, not of the grid.
    for mut d in decoded.diagnostics {
        d.line = None;
        b.diagnostic(d);
    }
    Ok((b.finish(), decoded.encoding.to_owned()))
}

/// The encoding a page declares in its first bytes (`<meta charset=gbk>`,
/// `content="text/html; charset=gb2312"`), when encoding_rs knows the label.
fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head: Vec<u8> = bytes[..bytes.len().min(4096)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let at = head.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

struct Walk {
    b: GridBuilder,
    para: String,
    tables: usize,
}

/// Elements whose content is never shown.
const HIDDEN: &[&str] = &[
    "head", "script", "style", "noscript", "template", "title", "select", "option",
];

/// Elements that start and end a line of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "center"
            | "blockquote"
            | "pre"
            | "form"
            | "caption"
            | "tr"
            | "body"
            | "hr"
            | "main"
            | "nav"
            | "aside"
    )
}

/// Whether an element is hidden from the page's reader (`style="display:
/// none"`, `hidden`): a draft row or a template's spare row, never the form's.
fn is_hidden(el: ElementRef<'_>) -> bool {
    let v = el.value();
    v.attr("hidden").is_some()
        || v.attr("style").is_some_and(|st| {
            let compact: String = st
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            compact.contains("display:none") || compact.contains("visibility:hidden")
        })
}

impl Walk {
    fn flush(&mut self) {
        for line in self.para.split('\n') {
            if !line.trim().is_empty() {
                self.b.paragraph(line, None);
            }
        }
        self.para.clear();
    }

    fn element(&mut self, el: ElementRef<'_>) {
        let name = el.value().name();
        if HIDDEN.contains(&name) || is_hidden(el) {
            return;
        }
        if name == "table" {
            self.flush();
            // Tested by `a_caption_is_read_before_its_table`.
            // A table's caption (its form's title and year) is a line above it.
            for caption in el
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|e| e.value().name() == "caption" && !is_hidden(*e))
            {
                let mut text = String::new();
                cell_text(caption, &mut text);
                self.para.push_str(&text);
                self.flush();
            }
            self.tables += 1;
            table(&mut self.b, self.tables, el);
            return;
        }
        if name == "br" {
            self.para.push('\n');
            return;
        }
        let block = is_block(name);
        if block {
            self.para.push('\n');
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => push_text(&mut self.para, t),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.element(e);
                    }
                }
                _ => {}
            }
        }
        if block {
            self.para.push('\n');
        }
    }
}

/// Appends text with HTML white space collapsed to single spaces.
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// A cell's text: line breaks at `<br>` and block elements, nested tables
/// flattened.
fn cell_text(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => push_text(out, t),
            Node::Element(e) => {
                let name = e.name();
                if HIDDEN.contains(&name) || ElementRef::wrap(child).is_some_and(is_hidden) {
                    continue;
                }
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = is_block(name) || matches!(name, "table" | "td" | "th");
                if let Some(child) = ElementRef::wrap(child) {
                    cell_text(child, out);
                }
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// The rows of a table (directly, or in its thead/tbody/tfoot), not those
/// of tables nested in its cells.
fn table_rows(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|e| e.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

/// Whether a cell spanning rows holds a value each row takes (a number, a
/// percent, a range or a date), not a label.
fn shares_value(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && !t.contains('\n') && {
        let (v, _) = crate::value::parse_value(t);
        !matches!(v.kind, crate::record::ValueKind::Text { .. }) || v.date.is_some()
    }
}

fn span(el: ElementRef<'_>, name: &str) -> Option<usize> {
    el.value().attr(name)?.trim().parse().ok()
}

/// Lays a table out on the grid: `T{table}R{row}C{column}`.
fn table(b: &mut GridBuilder, t: usize, el: ElementRef<'_>) {
    let rows: Vec<ElementRef<'_>> = table_rows(el)
        .into_iter()
        .filter(|tr| !is_hidden(*tr))
        .collect();
    // Rows still covered in each column by a rowspan from above.
    let mut covered: Vec<usize> = Vec::new();
    // The value a rowspan from above gives the rows it covers, by column.
    let mut shared: Vec<Option<CellIn>> = Vec::new();
    for (r, tr) in rows.iter().enumerate() {
        let left = rows.len() - r;
        let active: Vec<bool> = covered.iter().map(|&n| n > 0).collect();
        let mut cells: Vec<Option<CellIn>> = Vec::new();
        let is_active = |c: usize| active.get(c).copied().unwrap_or(false);
        let tds: Vec<ElementRef<'_>> = tr
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| matches!(e.value().name(), "td" | "th"))
            .collect();
        for (k, &td) in tds.iter().enumerate() {
            while is_active(cells.len()) {
                cells.push(shared.get(cells.len()).cloned().flatten());
            }
            let col = cells.len();
            let colspan = span(td, "colspan").unwrap_or(1).clamp(1, MAX_SPAN);
            let rowspan = match span(td, "rowspan") {
                Some(0) => left,
                Some(n) => n.clamp(1, left),
                None => 1,
            };
            let mut text = String::new();
            cell_text(td, &mut text);
            let cell = CellIn {
                text,
                address: Some(format!("T{t}R{}C{}", r + 1, col + 1)),
            };
            if covered.len() < col + colspan {
                covered.resize(col + colspan, 0);
                shared.resize(col + colspan, None);
            }
            // Tested by `a_value_spanning_rows_is_each_rows_value`.
            // One value over several rows, the last cell of its row
            // (`<td rowspan=2>100%</td>` beside two names), is each row's
            // value; a label, or a project's amount before its indicators,
            // spanning rows is printed once, as text leaves a merged cell.
            let last = k + 1 == tds.len();
            shared[col] = (rowspan > 1 && last && shares_value(&cell.text)).then(|| cell.clone());
            cells.push(Some(cell));
            cells.extend(std::iter::repeat_n(None, colspan - 1));
            for c in &mut covered[col..col + colspan] {
                *c = rowspan;
            }
        }
        // Covered columns after the row's last cell.
        while cells.len() < covered.len() {
            let c = cells.len();
            cells.push(if is_active(c) {
                shared.get(c).cloned().flatten()
            } else {
                None
            });
        }
        b.row(cells, None);
        for c in &mut covered {
            *c = c.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(g: &Grid) -> Vec<Vec<String>> {
        g.rows()
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.to_owned()).collect())
            .collect()
    }

    #[test]
    fn declared_charsets_are_honoured() {
        let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
        let page =
            gbk("<html><head><meta charset=\"gb2312\"></head><body><p>项目名称</p></body></html>");
        assert_eq!(meta_charset(&page).map(|e| e.name()), Some("GBK"));
        let (g, enc) = read(&page, &Options::default()).unwrap();
        assert_eq!(enc, "GBK");
        assert!(g.diagnostics().is_empty());
        assert_eq!(g.rows()[0].cells[0].text, "项目名称");
        assert_eq!(meta_charset(b"<html><body>"), None);
    }

    #[test]
    fn a_value_spanning_rows_is_each_rows_value() {
        let page = "<html><body><table>
<tr><td rowspan=2>时效指标</td><td>检测结果报送及时率</td><td rowspan=2>100%</td></tr>
<tr><td>不合格产品处置及时率</td></tr>
<tr><td rowspan=2>年度预算</td><td>资金总额</td><td>80</td></tr>
<tr><td>财政拨款</td><td>80</td></tr>
</table></body></html>";
        let (g, _) = read(page.as_bytes(), &Options::default()).unwrap();
        assert_eq!(
            texts(&g),
            vec![
                vec!["时效指标", "检测结果报送及时率", "100%"],
                vec!["", "不合格产品处置及时率", "100%"],
                vec!["年度预算", "资金总额", "80"],
                vec!["", "财政拨款", "80"],
            ]
        );
    }

    #[test]
    fn a_caption_is_read_before_its_table() {
        let page = "<html><body><table><caption>项目支出绩效目标表<br>（2025年度）</caption>
<tr><td>项目名称</td><td>湿地公园生态修复</td></tr></table></body></html>";
        let (g, _) = read(page.as_bytes(), &Options::default()).unwrap();
        assert_eq!(
            texts(&g),
            vec![
                vec!["项目支出绩效目标表"],
                vec!["（2025年度）"],
                vec!["项目名称", "湿地公园生态修复"]
            ]
        );
    }

    #[test]
    fn hidden_rows_and_cells_are_not_read() {
        let page = "<html><body><table>
<tr><td>修复湿地面积</td><td>46公顷</td></tr>
<tr style=\"display: none\"><td>草稿行请删除</td><td>99%</td></tr>
<tr hidden><td>备用行</td><td>1</td></tr>
<tr><td>湿地植被覆盖率<span style=\"DISPLAY:NONE\">旧值</span></td><td>≥65%</td></tr>
</table><div style=\"display:none\">隐藏的说明</div></body></html>";
        let (g, _) = read(page.as_bytes(), &Options::default()).unwrap();
        assert_eq!(
            texts(&g),
            vec![
                vec!["修复湿地面积", "46公顷"],
                vec!["湿地植被覆盖率", "≥65%"]
            ]
        );
    }

    #[test]
    fn spans_become_gaps_in_the_right_columns() {
        let page = "<html><head><title>x</title></head><body><h1>绩效目标申报表</h1>
<table><tbody>
<tr><td rowspan=2>绩效指标</td><td colspan=2>一级 指标</td><td>指标值</td></tr>
<tr><td>产出指标</td><td>数量<br>指标</td><td>≥340户</td></tr>
<tr><td>a</td><td rowspan=0>b</td><td>c</td></tr>
<tr><td>d</td><td>e</td></tr>
</tbody></table><p>注:&nbsp;说明</p></body></html>";
        let (g, enc) = read(page.as_bytes(), &Options::default()).unwrap();
        assert_eq!(enc, "UTF-8");
        assert_eq!(
            texts(&g),
            vec![
                vec!["绩效目标申报表"],
                vec!["绩效指标", "一级 指标", "", "指标值"],
                vec!["", "产出指标", "数量指标", "≥340户"],
                vec!["a", "b", "c"],
                vec!["d", "", "e"],
                vec!["注: 说明"],
            ]
        );
        let rows = g.rows();
        assert_eq!(g.address_of(rows[2].cells[3].text), Some("T1R2C4"));
        assert_eq!(g.address_of(rows[4].cells[2].text), Some("T1R4C3"));
    }
}
