//! The review page and the batch index as static HTML.
//!
//! Everything a reviewer needs is in the markup as written: source lines with
//! their ids, values with their lines, diagnostics, drift. The script only
//! adds behaviour (highlighting, keys, the filter). Every piece of input text
//! goes through [`esc`]; the JSON given to the script through [`script_json`],
//! so nothing in a form can end a tag or run in the page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value as Json;

use super::locate::{locate, IndicatorLines, RecordLines, Span};
use super::{code_counts, counts, worst, Reviewed};
use crate::check::Outcome;
use crate::compare::Difference;
use crate::diagnostic::{Diagnostic, Severity};
use crate::record::{Record, Value, ValueKind};

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON safe inside `<script>`: `<`, `>` and `&` written as `\u` escapes (so
/// `</script>` or `<!--` in a value cannot end or change the element), and the
/// line separators JavaScript once rejected in strings likewise.
pub(crate) fn script_json(v: &Json) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// One row of the index: a file, its counts and why it needs a look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The input path.
    pub path: String,
    /// Link to the file's page (or its section).
    pub href: String,
    /// Records in the file.
    pub records: usize,
    /// Records that need review.
    pub needs_review: usize,
    /// Warning diagnostics.
    pub warnings: usize,
    /// Error diagnostics.
    pub errors: usize,
    /// Why: the records' `review_reasons` when any record needs review, else
    /// the warning and error codes with their counts.
    pub reasons: Vec<String>,
    /// The check status in check mode (`equal`, `drifted`, `missing-expected`, `bad-expected`).
    pub check: Option<&'static str>,
    /// Whether a reviewer should look at it first.
    pub attention: bool,
}

impl IndexEntry {
    /// The index row for a reviewed file linking to `href`.
    pub fn of(r: &Reviewed, href: String) -> IndexEntry {
        let (warnings, errors) = counts(&r.report);
        let mut reasons: Vec<String> = Vec::new();
        for rec in &r.report.records {
            for reason in rec.review_reasons.iter().map(ToString::to_string) {
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
        }
        if reasons.is_empty() {
            let all = r
                .report
                .diagnostics
                .iter()
                .chain(r.report.records.iter().flat_map(|x| x.diagnostics.iter()))
                .filter(|d| d.severity >= Severity::Warning);
            reasons = code_counts(all)
                .into_iter()
                .map(|(code, _, n)| {
                    if n > 1 {
                        format!("{code} ×{n}")
                    } else {
                        code.to_string()
                    }
                })
                .collect();
        }
        IndexEntry {
            path: r.report.path.clone(),
            href,
            records: r.report.records.len(),
            needs_review: r.report.records.iter().filter(|x| x.needs_review).count(),
            warnings,
            errors,
            reasons,
            check: r.check.as_ref().map(|c| status(&c.outcome)),
            attention: r.needs_attention(),
        }
    }
}

fn status(o: &Outcome) -> &'static str {
    match o {
        Outcome::Equal => "equal",
        Outcome::Drifted(_) => "drifted",
        Outcome::MissingExpected => "missing-expected",
        Outcome::BadExpected(_) => "bad-expected",
        Outcome::Unreadable(_) => "unreadable",
    }
}

fn head(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"jixiao review\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    let _ = writeln!(out, "<style>\n{CSS}</style>\n</head>");
}

fn filter_box(out: &mut String) {
    out.push_str(
        "<label class=\"filter\" title=\"hide records that neither need review nor drifted\">\
         <input type=\"checkbox\" id=\"only-review\"> needs review only</label>",
    );
}

fn index_table(out: &mut String, entries: &[IndexEntry]) {
    let check = entries.iter().any(|e| e.check.is_some());
    out.push_str("<table class=\"index\">\n<thead><tr><th scope=\"col\">file</th><th scope=\"col\">records</th><th scope=\"col\">needs review</th><th scope=\"col\">warnings</th><th scope=\"col\">errors</th>");
    if check {
        out.push_str("<th scope=\"col\">check</th>");
    }
    out.push_str("<th scope=\"col\">why</th></tr></thead>\n<tbody>\n");
    // Files needing a look first; input order otherwise.
    let mut order: Vec<&IndexEntry> = entries.iter().collect();
    order.sort_by_key(|e| !e.attention);
    for e in order {
        let _ = write!(
            out,
            "<tr class=\"{}\"><td><a href=\"{}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num{}\">{}</td><td class=\"num{}\">{}</td>",
            if e.attention { "attention" } else { "ok" },
            esc(&e.href),
            esc(&e.path),
            e.records,
            e.needs_review,
            if e.warnings > 0 { " sev-warning" } else { "" },
            e.warnings,
            if e.errors > 0 { " sev-error" } else { "" },
            e.errors,
        );
        if check {
            let s = e.check.unwrap_or("");
            let _ = write!(out, "<td class=\"check-{s}\">{s}</td>");
        }
        out.push_str("<td class=\"why\">");
        for (i, r) in e.reasons.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "<code>{}</code>", esc(r));
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The index page of a directory batch: one row per file, files needing a
/// look first, each linking to its page.
pub fn index_page(entries: &[IndexEntry]) -> String {
    let mut out = String::new();
    head(&mut out, "jixiao review: index");
    let attention = entries.iter().filter(|e| e.attention).count();
    let records: usize = entries.iter().map(|e| e.records).sum();
    out.push_str(
        "<body class=\"index-page\">\n<header class=\"bar\"><strong>jixiao review</strong>",
    );
    let _ = write!(
        out,
        "<span class=\"counts\">{} files · {} records · {} files to look at</span>",
        entries.len(),
        records,
        attention
    );
    filter_box(&mut out);
    out.push_str("</header>\n<main class=\"index-main\">\n");
    index_table(&mut out, entries);
    out.push_str("</main>\n");
    script(&mut out, &serde_json::json!({ "files": [] }));
    out.push_str("</body>\n</html>\n");
    out
}

fn script(out: &mut String, data: &Json) {
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"jixiao-data\">{}</script>",
        script_json(data)
    );
    let _ = writeln!(out, "<script>\n{JS}</script>");
}

/// One page for `files`: a single file's page, or with several files an
/// index at the top and one section per file (their line ids prefixed
/// `f<k>-`). `index_href` links back to a batch index.
pub fn page(files: &[Reviewed], index_href: Option<&str>) -> String {
    let mut out = String::new();
    let title = match files {
        [one] => format!("{} · jixiao review", one.report.path),
        _ => format!("{} files · jixiao review", files.len()),
    };
    head(&mut out, &title);
    out.push_str("<body>\n<header class=\"bar\">");
    if let Some(href) = index_href {
        let _ = write!(out, "<a class=\"up\" href=\"{}\">← index</a>", esc(href));
    }
    out.push_str("<strong>jixiao review</strong>");
    if let [one] = files {
        let _ = write!(out, "<span class=\"path\">{}</span>", esc(&one.report.path));
    }
    let records: usize = files.iter().map(|f| f.report.records.len()).sum();
    let review: usize = files
        .iter()
        .flat_map(|f| &f.report.records)
        .filter(|r| r.needs_review)
        .count();
    let (warnings, errors) = files.iter().fold((0, 0), |(w, e), f| {
        let (a, b) = counts(&f.report);
        (w + a, e + b)
    });
    let _ = write!(
        out,
        "<span class=\"counts\">{records} records · {review} need review · {warnings} warnings · {errors} errors</span>"
    );
    filter_box(&mut out);
    out.push_str(
        "<span class=\"keys\"><kbd>j</kbd>/<kbd>k</kbd> next/previous problem · click a value or a line</span>",
    );
    out.push_str("</header>\n");
    let multi = files.len() > 1;
    if multi {
        out.push_str("<nav class=\"index-main\" aria-label=\"files\">\n");
        let entries: Vec<IndexEntry> = files
            .iter()
            .enumerate()
            .map(|(k, f)| IndexEntry::of(f, format!("#f{k}")))
            .collect();
        index_table(&mut out, &entries);
        out.push_str("</nav>\n");
    }
    let mut data = Vec::with_capacity(files.len());
    for (k, f) in files.iter().enumerate() {
        let prefix = if multi {
            format!("f{k}-")
        } else {
            String::new()
        };
        file_section(&mut out, f, k, &prefix, multi);
        data.push(serde_json::json!({
            "path": f.report.path,
            "prefix": prefix,
            "records": f.report.records,
        }));
    }
    script(&mut out, &serde_json::json!({ "files": data }));
    out.push_str("</body>\n</html>\n");
    out
}

/// Writes a value element: the text, linked to its first line, with its lines
/// as data attributes.
fn value(out: &mut String, prefix: &str, span: Span, text: &str) {
    value_as(out, prefix, span, text, "");
}

/// [`value`] with more classes: `lvl` for levels (carried down from the rows
/// above, so not always printed on their row), `form` for the form's range.
fn value_as(out: &mut String, prefix: &str, span: Span, text: &str, class: &str) {
    let _ = write!(
        out,
        "<a class=\"v{}{}{class}\" href=\"#{prefix}L{}\" data-line=\"{}\"",
        if span.exact { "" } else { " approx" },
        if class.is_empty() { "" } else { " " },
        span.line,
        span.line
    );
    if span.end > span.line {
        let _ = write!(out, " data-line-end=\"{}\"", span.end);
    }
    if !span.exact {
        out.push_str(" title=\"not traced to its cells: the whole form\"");
    }
    let _ = write!(out, ">{}</a>", esc(text));
}

/// A typed value: its raw text as the element, what it was read as beside it.
fn typed_value(out: &mut String, prefix: &str, span: Span, v: &Value) {
    value(out, prefix, span, &v.raw);
    let mut read = match &v.kind {
        ValueKind::Quantity { op, number, unit } => {
            let mut s = String::new();
            if let Some(op) = op {
                let _ = write!(s, "{op} ");
            }
            let _ = write!(s, "{number}");
            if let Some(u) = unit {
                let _ = write!(s, " {u}");
            }
            s
        }
        ValueKind::Range { min, max, unit } => {
            format!(
                "{min}–{max}{}",
                unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()
            )
        }
        ValueKind::Text { items: Some(items) } => format!("list of {}", items.len()),
        ValueKind::Text { items: None } => String::new(),
    };
    if v.approx {
        read.insert_str(0, "≈ ");
    }
    if let Some(d) = &v.date {
        if !read.is_empty() {
            read.push_str(", ");
        }
        if let Some(op) = d.op {
            let _ = write!(read, "{op} ");
        }
        read.push_str(&d.iso);
    }
    if !read.is_empty() {
        let _ = write!(out, " <span class=\"typed\">{}</span>", esc(&read));
    }
}

fn null(out: &mut String) {
    out.push_str("<span class=\"null\">—</span>");
}

fn opt_text(out: &mut String, prefix: &str, span: Span, text: Option<&str>) {
    match text {
        Some(t) => value(out, prefix, span, t),
        None => null(out),
    }
}

fn opt_value(out: &mut String, prefix: &str, span: Span, v: Option<&Value>) {
    match v {
        Some(v) => typed_value(out, prefix, span, v),
        None => null(out),
    }
}

/// A line-number link, for diagnostics and drift rows.
fn line_ref(out: &mut String, prefix: &str, line: Option<usize>) {
    match line {
        Some(n) => {
            let _ = write!(
                out,
                "<a class=\"lineref\" href=\"#{prefix}L{n}\" data-line=\"{n}\">L{n}</a>"
            );
        }
        None => out.push_str("<span class=\"lineref\">—</span>"),
    }
}

fn diagnostics_list(out: &mut String, prefix: &str, ds: &[Diagnostic]) {
    out.push_str("<ul class=\"diags\">\n");
    for d in ds {
        let _ = write!(out, "<li class=\"diag sev-{}\" tabindex=\"-1\"", d.severity);
        if let Some(n) = d.line {
            let _ = write!(out, " data-line=\"{n}\"");
        }
        out.push('>');
        line_ref(out, prefix, d.line);
        let _ = writeln!(
            out,
            " <span class=\"sev\">{}</span> <code>{}</code> <span class=\"msg\">{}</span></li>",
            d.severity,
            d.code,
            esc(&d.message)
        );
    }
    out.push_str("</ul>\n");
}

fn drift_table<'a>(
    out: &mut String,
    prefix: &str,
    diffs: impl IntoIterator<Item = &'a Difference>,
) {
    out.push_str("<table class=\"drift\">\n<thead><tr><th scope=\"col\">line</th><th scope=\"col\">field</th><th scope=\"col\">expected</th><th scope=\"col\">actual</th></tr></thead>\n<tbody>\n");
    for d in diffs {
        out.push_str("<tr class=\"drift-row\" tabindex=\"-1\"");
        if let Some(n) = d.line {
            let _ = write!(out, " data-line=\"{n}\"");
        }
        out.push_str("><td>");
        line_ref(out, prefix, d.line);
        let path = if d.path.is_empty() {
            "(record)"
        } else {
            &d.path
        };
        let show = |v: &Option<Json>| v.as_ref().map_or("(missing)".to_owned(), |v| v.to_string());
        let _ = writeln!(
            out,
            "</td><td><code>{}</code></td><td class=\"exp\">{}</td><td class=\"act\">{}</td></tr>",
            esc(path),
            esc(&show(&d.expected)),
            esc(&show(&d.actual))
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn file_section(out: &mut String, f: &Reviewed, k: usize, prefix: &str, multi: bool) {
    let lines = locate(&f.text, &f.report.records);
    let _ = writeln!(
        out,
        "<section class=\"file{}\" id=\"f{k}\" data-prefix=\"{prefix}\">",
        if f.needs_attention() {
            " attention"
        } else {
            ""
        }
    );
    if multi {
        let _ = writeln!(out, "<h1 class=\"file-title\">{}</h1>", esc(&f.report.path));
    }
    out.push_str("<div class=\"split\">\n<div class=\"pane records\" aria-label=\"records\">\n");
    // Encoding and what the file as a whole said.
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · {} lines · {} records</p>",
        esc(if f.report.encoding.is_empty() {
            "not decoded"
        } else {
            &f.report.encoding
        }),
        crate::layout::lines(&f.text).count(),
        f.report.records.len()
    );
    if !f.report.diagnostics.is_empty() {
        out.push_str("<div class=\"file-diags\"><h2>the file</h2>\n");
        diagnostics_list(out, prefix, &f.report.diagnostics);
        out.push_str("</div>\n");
    }
    if let Some(c) = &f.check {
        check_block(out, f, c, prefix);
    }
    for (i, (r, l)) in f.report.records.iter().zip(&lines).enumerate() {
        let diffs: Vec<&Difference> = match f.check.as_ref().map(|c| &c.outcome) {
            Some(Outcome::Drifted(d)) => d.iter().filter(|d| d.form == Some(i)).collect(),
            _ => Vec::new(),
        };
        record(out, r, l, i, prefix, &diffs);
    }
    out.push_str("</div>\n");
    source(out, f, prefix);
    out.push_str("</div>\n</section>\n");
}

fn check_block(out: &mut String, f: &Reviewed, c: &crate::check::Checked, prefix: &str) {
    let s = status(&c.outcome);
    let _ = write!(out, "<div class=\"check check-{s}\"><h2>check: {s}</h2>");
    let expected = c.case.expected.display().to_string();
    match &c.outcome {
        Outcome::Equal => {
            let _ = write!(
                out,
                "<p>the records equal <code>{}</code></p>",
                esc(&expected)
            );
        }
        Outcome::MissingExpected => {
            let _ = write!(
                out,
                "<p>no expected file <code>{}</code> yet</p>",
                esc(&expected)
            );
        }
        Outcome::BadExpected(e) => {
            let _ = write!(
                out,
                "<p class=\"file-problem\" tabindex=\"-1\">cannot read <code>{}</code>: {}</p>",
                esc(&expected),
                esc(e)
            );
        }
        Outcome::Unreadable(why) => {
            let _ = write!(
                out,
                "<p class=\"file-problem\" tabindex=\"-1\">cannot read the input: {}</p>",
                esc(why)
            );
        }
        Outcome::Drifted(diffs) => {
            let n = f.report.records.len();
            let _ = write!(
                out,
                "<p>{} differences from <code>{}</code>, listed with each record</p>",
                diffs.len(),
                esc(&expected)
            );
            // Differences no shown record holds: records the expected file has
            // beyond the actual ones, or a document that is not an array.
            let orphans: Vec<&Difference> = diffs
                .iter()
                .filter(|d| d.form.is_none_or(|i| i >= n))
                .collect();
            if !orphans.is_empty() {
                drift_table(out, prefix, orphans);
            }
        }
    }
    if c.outcome != Outcome::Equal {
        let _ = write!(
            out,
            "<p>after review, accept it with</p><pre class=\"cmd\"><code>{}</code></pre>",
            esc(&super::bless_command([f.report.path.as_str()]))
        );
    }
    out.push_str("</div>\n");
}

fn record(
    out: &mut String,
    r: &Record,
    l: &RecordLines,
    i: usize,
    prefix: &str,
    diffs: &[&Difference],
) {
    let mut class = String::from("record");
    if r.needs_review {
        class.push_str(" needs-review");
    }
    if !diffs.is_empty() {
        class.push_str(" drifted");
    }
    if r.needs_review || !diffs.is_empty() {
        class.push_str(" attention");
    }
    let _ = writeln!(
        out,
        "<article class=\"{class}\" id=\"{prefix}form{i}\" data-form=\"{i}\">"
    );
    out.push_str("<h2>");
    let _ = write!(out, "<span class=\"idx\">#{}</span> ", i + 1);
    match (&r.project_name, &r.department) {
        (Some(name), _) => value(out, prefix, l.project_name, name),
        (None, Some(dept)) => value(out, prefix, l.department, dept),
        (None, None) => out.push_str("<span class=\"null\">(no name)</span>"),
    }
    if r.needs_review {
        out.push_str(" <span class=\"badge review\">needs review</span>");
    }
    if !diffs.is_empty() {
        out.push_str(" <span class=\"badge drift\">drifted</span>");
    }
    out.push_str("</h2>\n");
    let _ = write!(out, "<p class=\"meta\">");
    value_as(
        out,
        prefix,
        l.form,
        &format!("lines {}–{}", r.source.line_start, r.source.line_end),
        "form",
    );
    let _ = writeln!(
        out,
        " · {} · layout {} · {} indicators</p>",
        match r.form_kind {
            crate::record::FormKind::Project => "project form",
            crate::record::FormKind::Department => "department form",
        },
        r.source.layout.as_str(),
        r.indicators.len()
    );
    if !r.review_reasons.is_empty() {
        // Each reason with the line of the first diagnostic that raised it.
        out.push_str("<ul class=\"reasons\" aria-label=\"why it needs review\">");
        for code in &r.review_reasons {
            out.push_str("<li>");
            let line = r
                .diagnostics
                .iter()
                .find(|d| d.code == *code)
                .and_then(|d| d.line);
            if line.is_some() {
                line_ref(out, prefix, line);
                out.push(' ');
            }
            let _ = write!(out, "<code>{code}</code></li>");
        }
        out.push_str("</ul>\n");
    }
    header_fields(out, r, l, prefix);
    indicators(out, r, &l.indicators, prefix);
    if !diffs.is_empty() {
        out.push_str("<h3>drift from the expected record</h3>\n");
        drift_table(out, prefix, diffs.iter().copied());
    }
    let (warnings, errors) = r
        .diagnostics
        .iter()
        .fold((0, 0), |(w, e), d| match d.severity {
            Severity::Warning => (w + 1, e),
            Severity::Error => (w, e + 1),
            Severity::Info => (w, e),
        });
    if !r.diagnostics.is_empty() {
        let _ = writeln!(
            out,
            "<h3>diagnostics <span class=\"count\">{} · {errors} errors · {warnings} warnings</span></h3>",
            r.diagnostics.len()
        );
        diagnostics_list(out, prefix, &r.diagnostics);
    }
    let _ = writeln!(
        out,
        "<details class=\"json\" data-file-form=\"{i}\"><summary>JSON</summary><pre></pre></details>\n</article>"
    );
}

fn row(out: &mut String, label: &str, key: &str) {
    let _ = write!(
        out,
        "<tr><th scope=\"row\">{label} <span class=\"key\">{key}</span></th><td>"
    );
}

fn header_fields(out: &mut String, r: &Record, l: &RecordLines, prefix: &str) {
    out.push_str("<table class=\"fields\">\n");
    row(out, "标题", "title");
    opt_text(out, prefix, l.title, r.title.as_deref());
    out.push_str("</td></tr>\n");
    row(out, "年度", "year");
    opt_text(
        out,
        prefix,
        l.year,
        r.year.map(|y| y.to_string()).as_deref(),
    );
    out.push_str("</td></tr>\n");
    row(out, "项目名称", "project_name");
    opt_text(out, prefix, l.project_name, r.project_name.as_deref());
    out.push_str("</td></tr>\n");
    row(out, "负责人", "leader");
    match &r.leader {
        Some(leader) => {
            opt_text(out, prefix, l.leader, leader.name.as_deref());
            out.push(' ');
            opt_text(out, prefix, l.leader, leader.phone.as_deref());
        }
        None => null(out),
    }
    out.push_str("</td></tr>\n");
    row(out, "主管部门", "department");
    opt_text(out, prefix, l.department, r.department.as_deref());
    out.push_str("</td></tr>\n");
    row(out, "实施单位", "implementers");
    match &r.implementers {
        Some(units) if !units.is_empty() => {
            for (k, (u, span)) in units.iter().zip(&l.implementers).enumerate() {
                if k > 0 {
                    out.push('、');
                }
                value(out, prefix, *span, u);
            }
        }
        _ => null(out),
    }
    out.push_str("</td></tr>\n");
    let f = &r.funding;
    let _ = write!(
        out,
        "<tr><th scope=\"row\">资金 <span class=\"key\">funding</span> <span class=\"unit\">({})</span></th><td><dl class=\"funding\">",
        esc(&f.unit)
    );
    for (label, span, v) in [
        ("年度资金总额 total", l.funding_total, f.total.as_ref()),
        ("财政拨款 fiscal", l.funding_fiscal, f.fiscal.as_ref()),
        ("其他资金 other", l.funding_other, f.other.as_ref()),
    ] {
        let _ = write!(out, "<dt>{label}</dt><dd>");
        opt_value(out, prefix, span, v);
        out.push_str("</dd>");
    }
    for (item, span) in f.items.iter().zip(&l.funding_items) {
        let _ = write!(out, "<dt>{}</dt><dd>", esc(&item.label));
        typed_value(out, prefix, *span, &item.amount);
        out.push_str("</dd>");
    }
    out.push_str("</dl></td></tr>\n");
    row(out, "年度目标", "goals.annual");
    opt_text(out, prefix, l.goal_annual, r.goals.annual.as_deref());
    out.push_str("</td></tr>\n");
    row(out, "中长期目标", "goals.long_term");
    opt_text(out, prefix, l.goal_long_term, r.goals.long_term.as_deref());
    out.push_str("</td></tr>\n");
    let spans: &BTreeMap<String, Span> = &l.extra;
    for (k, v) in &r.extra {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{} <span class=\"key\">extra</span></th><td>",
            esc(k)
        );
        value(
            out,
            prefix,
            spans.get(k).copied().unwrap_or(Span {
                exact: false,
                ..l.form
            }),
            v,
        );
        out.push_str("</td></tr>\n");
    }
    row(out, "注", "note");
    opt_text(out, prefix, l.note, r.note.as_deref());
    out.push_str("</td></tr>\n</table>\n");
}

fn level(out: &mut String, prefix: &str, span: Span, text: Option<&str>) {
    match text {
        Some(t) => value_as(out, prefix, span, t, "lvl"),
        None => null(out),
    }
}

fn indicators(out: &mut String, r: &Record, lines: &[IndicatorLines], prefix: &str) {
    if r.indicators.is_empty() {
        out.push_str("<p class=\"null\">no indicators</p>\n");
        return;
    }
    out.push_str("<table class=\"indicators\">\n<thead><tr><th scope=\"col\">line</th><th scope=\"col\">一级 <span class=\"key\">level1</span></th><th scope=\"col\">二级 <span class=\"key\">level2</span></th><th scope=\"col\">三级 <span class=\"key\">name</span></th><th scope=\"col\">指标值 <span class=\"key\">value</span></th>");
    let extras = r.indicators.iter().any(|i| !i.extra.is_empty());
    if extras {
        out.push_str("<th scope=\"col\"><span class=\"key\">extra</span></th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (ind, l) in r.indicators.iter().zip(lines) {
        // The row takes the worst severity of the diagnostics on its lines.
        let sev = worst(r.diagnostics.iter().filter(|d| {
            d.line
                .is_some_and(|n| (l.row.line..=l.row.end).contains(&n))
        }));
        match sev {
            Some(s) if s >= Severity::Warning => {
                let _ = write!(out, "<tr class=\"sev-{s}\">");
            }
            _ => out.push_str("<tr>"),
        }
        out.push_str("<td class=\"num\">");
        line_ref(out, prefix, Some(ind.line));
        out.push_str("</td><td>");
        level(out, prefix, l.row, ind.level1.as_deref());
        out.push_str("</td><td>");
        level(out, prefix, l.row, ind.level2.as_deref());
        out.push_str("</td><td>");
        opt_text(out, prefix, l.name, ind.name.as_deref());
        out.push_str("</td><td>");
        opt_value(out, prefix, l.value, ind.value.as_ref());
        if extras {
            out.push_str("</td><td>");
        }
        for (k, v) in &ind.extra {
            let _ = write!(out, "<span class=\"xk\">{}:</span> ", esc(k));
            value(out, prefix, l.extra.get(k).copied().unwrap_or(l.row), v);
            out.push(' ');
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Source lines per block: blocks off screen are not laid out
/// (`content-visibility`), so a page of many thousand lines opens quickly.
const SOURCE_BLOCK: usize = 200;

/// The source pane: one element per line with its id, number and gutter mark.
fn source(out: &mut String, f: &Reviewed, prefix: &str) {
    // Line → diagnostics on it, for the gutter.
    let mut on_line: BTreeMap<usize, Vec<&Diagnostic>> = BTreeMap::new();
    for d in f
        .report
        .diagnostics
        .iter()
        .chain(f.report.records.iter().flat_map(|r| r.diagnostics.iter()))
    {
        if let Some(n) = d.line {
            on_line.entry(n).or_default().push(d);
        }
    }
    let starts: BTreeMap<usize, usize> = f
        .report
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.source.line_start, i))
        .collect();
    let inside = |n: usize| {
        f.report
            .records
            .iter()
            .any(|r| (r.source.line_start..=r.source.line_end).contains(&n))
    };
    out.push_str("<div class=\"pane source\" aria-label=\"source text\">\n");
    if f.format != crate::record::SourceFormat::Text {
        let _ = writeln!(
            out,
            "<p class=\"meta no-text\">a {} file: its rows are read natively, not as text, and are not shown here; line numbers count the rows its reader built</p>",
            f.format.as_str()
        );
    }
    out.push_str("<div class=\"src\">\n");
    for (n, text) in crate::layout::lines(&f.text) {
        // Lines in blocks the browser may skip laying out while off screen.
        if n % SOURCE_BLOCK == 1 {
            if n > 1 {
                out.push_str("</div>\n");
            }
            out.push_str("<div class=\"block\">\n");
        }
        let ds = on_line.get(&n);
        let sev = ds.and_then(|ds| worst(ds.iter().copied()));
        let mut class = String::from("l");
        if let Some(s) = sev {
            let _ = write!(class, " sev-{s}");
        }
        if !inside(n) {
            class.push_str(" outside");
        }
        let _ = write!(
            out,
            "<div class=\"{class}\" id=\"{prefix}L{n}\" data-line=\"{n}\">"
        );
        let _ = write!(out, "<a class=\"n\" href=\"#{prefix}L{n}\">{n}</a>");
        match ds {
            Some(ds) => {
                let title: Vec<String> = ds
                    .iter()
                    .map(|d| format!("{} {}: {}", d.severity, d.code, d.message))
                    .collect();
                let _ = write!(
                    out,
                    "<span class=\"g\" title=\"{}\" aria-label=\"{}\"></span>",
                    // One diagnostic per tooltip line; the element stays on one line.
                    title
                        .iter()
                        .map(|t| esc(t))
                        .collect::<Vec<_>>()
                        .join("&#10;"),
                    esc(&title.join("; "))
                );
            }
            None => out.push_str("<span class=\"g\"></span>"),
        }
        if let Some(i) = starts.get(&n) {
            let _ = write!(out, "<span class=\"fs\">#{}</span>", i + 1);
        }
        let _ = writeln!(out, "<span class=\"t\">{}</span></div>", esc(text));
    }
    if !f.text.is_empty() {
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn script_json_cannot_end_its_element() {
        let v = serde_json::json!({ "name": "</script><script>alert(1)</script><!--", "sep": "a\u{2028}b" });
        let s = script_json(&v);
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        assert!(!s.contains('\u{2028}'));
        // Still the same JSON.
        let back: Json = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
