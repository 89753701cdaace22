//! jixiao (绩效): turns OCR'd Chinese public-finance forms into typed JSON records.
//!
//! The pipeline, one module per stage: [`decode`] bytes → text; [`layout`]
//! text → rows of cells; [`regions`] sets apart what is not a form (a cover
//! page, a table of contents, a budget table); [`segment`] decides how each
//! stretch of rows is read;
//! [`grammar`] rows → form drafts, recognising [`labels`]; [`build`] drafts →
//! [`record`]s with typed [`value`]s; then [`validate`] and [`trust`]. [`output`] writes
//! JSON, JSON Lines and CSV, [`import`] SQLite; [`batch`] runs many files;
//! [`review`] writes HTML pages that show each record beside its source.
//!
//! ```
//! let text = "绩效目标申报表\n项目名称\t某某道路\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\t产出指标\t数量指标\t新建道路长度\t≥12公里\n";
//! let report = jixiao::parse_text("roads.txt", text, "UTF-8");
//! assert_eq!(report.records.len(), 1);
//! assert_eq!(report.records[0].project_name.as_deref(), Some("某某道路"));
//! ```

pub mod audit;
pub mod batch;
pub mod build;
pub mod check;
pub mod columns;
pub mod compare;
pub mod decode;
pub mod diagnostic;
pub mod glued;
pub mod grammar;
pub mod grid;
pub mod import;
pub mod labels;
pub mod layout;
pub mod native;
pub mod normalize;
pub mod output;
pub mod record;
pub mod regions;
pub mod review;
pub mod schema;
pub mod script;
pub mod segment;
pub mod shard;
pub mod spark;
pub mod stream;
pub mod substr;
#[cfg(test)]
mod testing;
pub mod trust;
pub mod validate;
pub mod value;

use diagnostic::{Code, Diagnostic};
use record::Record;

/// What parsing one file produced.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as given.
    pub path: String,
    /// The encoding the bytes were decoded with (empty when undecodable).
    pub encoding: String,
    /// One record per form, in source order.
    pub records: Vec<Record>,
    /// Diagnostics about the file as a whole when it yields no record
    /// (unreadable, empty, binary, no form found).
    pub diagnostics: Vec<Diagnostic>,
    /// The file's size in bytes.
    pub bytes: usize,
}

impl FileReport {
    /// The report of a file that yields no record: `diagnostic` says why (unreadable,
    /// undecodable, a format that cannot be read); `bytes` is how many were read.
    pub fn failed(path: impl Into<String>, diagnostic: Diagnostic, bytes: usize) -> Self {
        FileReport {
            path: path.into(),
            encoding: String::new(),
            records: Vec::new(),
            diagnostics: vec![diagnostic],
            bytes,
        }
    }

    /// True when the file or any of its records has an error diagnostic.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .chain(self.records.iter().flat_map(|r| r.diagnostics.iter()))
            .any(|d| d.severity == diagnostic::Severity::Error)
    }
}

/// Options for reading files.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Decode with this encoding instead of detecting one.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Files larger than this many bytes are not read (a `file-too-large`
    /// error), so one huge or endless input cannot exhaust memory.
    pub max_file_size: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            encoding: None,
            max_file_size: batch::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Decodes and parses one file's bytes. Never fails: a file that cannot be
/// decoded or holds no form yields a report with no records and a diagnostic.
pub fn parse_bytes(path: &str, bytes: &[u8], options: &Options) -> FileReport {
    // Spreadsheets, Word documents, web pages, PDFs and scans have readers of their own.
    if let Some(report) = native::parse(path, bytes, options) {
        return report;
    }
    match decode::decode(bytes, options.encoding) {
        Ok(decoded) => {
            let mut report = parse_text(path, &decoded.text, decoded.encoding);
            report.bytes = bytes.len();
            attach(&mut report, decoded.diagnostics);
            report
        }
        Err(d) => FileReport::failed(path, d, bytes.len()),
    }
}

/// Puts file-level diagnostics (the decoder's, and text outside every form
/// such as a 自评表 after a form) on the form whose lines hold them, else on
/// the last form before their line, else on the first form; on the file
/// only when there is no form. So the JSON of a file's records carries
/// everything found in the file.
pub(crate) fn attach(report: &mut FileReport, diagnostics: Vec<Diagnostic>) {
    for d in diagnostics {
        let records = &report.records;
        let target = d
            .line
            .and_then(|l| {
                records
                    .iter()
                    .position(|r| (r.source.line_start..=r.source.line_end).contains(&l))
                    .or_else(|| records.iter().rposition(|r| r.source.line_start <= l))
            })
            .or_else(|| (!records.is_empty()).then_some(0));
        match target.and_then(|i| report.records.get_mut(i)) {
            Some(r) => {
                r.diagnostics.push(d);
                r.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
                trust::settle(r);
            }
            None => report.diagnostics.push(d),
        }
    }
}

/// When every form of a file but the last ends with its 注 and the last has
/// its table but no 注, the file was cut inside that form's table.
fn mark_cut_last_form(records: &mut [Record]) {
    let Some((last, before)) = records.split_last_mut() else {
        return;
    };
    if !before.is_empty() && before.iter().all(|r| r.note.is_some()) {
        mark_cut_form(last);
    }
}

/// The last form of a file whose other forms all end with their 注: when it
/// has no 注 it was cut inside its table, unless the page's prose or the
/// template's 填报说明 closed it.
// fixture: fixtures/regions/second-form-closed-by-instructions.txt
pub(crate) fn mark_cut_form(last: &mut Record) {
    let cut = last.note.is_none()
        && !last
            .diagnostics
            .iter()
            .any(|d| matches!(d.code, Code::FormTruncated | Code::TextAfterForm));
    if cut {
        last.diagnostics.push(Diagnostic::at(
            Code::FormTruncated,
            last.source.line_end,
            "the file ends inside this form: every other form of the file ends with its 注, this one stops in its indicator table",
        ));
    }
}

/// Where a text's last non-blank line is, and whether the text stops on it
/// without a line break (an excerpt cut mid-row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextEnd {
    /// 1-based number of the last line holding any text.
    pub line: usize,
    /// True when no line break follows that line.
    pub unended: bool,
}

/// The [`TextEnd`] of `text` whose first line is `first_line`; None for a
/// text with nothing but blanks.
pub(crate) fn text_end(text: &str, first_line: usize) -> Option<TextEnd> {
    let kept = text.trim_end();
    // Line breaks counted as `layout::lines` counts them: `\n`, `\r\n` and a
    // lone `\r` (old Mac text) end a line each.
    let bytes = kept.as_bytes();
    let returns = substr::count_byte(bytes, b'\r');
    let crlf = if returns == 0 {
        0
    } else {
        bytes.windows(2).filter(|w| w == b"\r\n").count()
    };
    let breaks = substr::count_byte(bytes, b'\n') + returns - crlf;
    (!kept.is_empty()).then(|| TextEnd {
        line: first_line + breaks,
        unended: !text.ends_with(['\n', '\r']),
    })
}

/// fixture: fixtures/tables/cut-last-row.txt
/// test: tests::a_cut_last_row_is_found_with_lone_cr_line_breaks
/// A form whose indicator table runs to the text's last line, before any 注,
/// was cut there. Without a closing line break the last row may be
/// incomplete; a last row that never got its value (no value, or only a
/// comparator, or one stray character of a cut one) is not an indicator:
/// its text goes into the `form-truncated` diagnostic.
pub(crate) fn mark_cut_last_row(records: &mut [Record], end: TextEnd) {
    let Some(r) = records.last_mut() else {
        return;
    };
    let last_line = end.line;
    let table_end = r.indicators.iter().map(record::Indicator::last_line).max();
    let said = r.diagnostics.iter().any(|d| d.code == Code::FormTruncated);
    if table_end != Some(last_line) || r.note.is_some() || said {
        return;
    }
    // fixture: fixtures/tables/cut-last-row-no-value.txt
    // fixture: fixtures/tables/cut-last-row-comparator.txt
    // fixture: fixtures/tables/cut-last-row-stump.txt
    let cut_row = r.indicators.last().is_some_and(|i| {
        i.last_line() == last_line
            && match &i.value {
                None => i.extra.is_empty(),
                Some(v) => value_cut(&v.raw, end.unended),
            }
    });
    let message = match cut_row.then(|| r.indicators.pop()).flatten() {
        // fixture: fixtures/tables/sign-off-date-after-table.txt
        // The issuing office and its date under the table (`某县农业农村局`
        // / `2024年5月8日`) sign the form off: no cut row.
        Some(cut)
            if cut.value.is_none()
                && cut.name.as_deref().is_some_and(segment::is_dated_sign_off) =>
        {
            let lines = cut.line..=last_line;
            r.diagnostics
                .retain(|d| !d.line.is_some_and(|l| lines.contains(&l)) || !CUT_ROW_SAYS.contains(&d.code));
            let text = cut.name.unwrap_or_default();
            r.diagnostics.push(Diagnostic::at(
                Code::PageFurniture,
                cut.line,
                format!("skipped the sign-off under the table: {text}"),
            ));
            r.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
            trust::settle(r);
            return;
        }
        Some(cut) => {
            let lines = cut.line..=last_line;
            r.diagnostics
                .retain(|d| !d.line.is_some_and(|l| lines.contains(&l)) || !CUT_ROW_SAYS.contains(&d.code));
            let name = cut.name.unwrap_or_default();
            let text = match cut.value {
                Some(v) => format!("{name} {}", v.raw),
                None => name,
            };
            format!("the text stops in this row before its value is whole: the cut row is not read as an indicator: {text}")
        }
        None if end.unended => {
            "the text ends without a line break in this row of the indicator table: the row may be cut"
                .to_string()
        }
        None => return,
    };
    r.diagnostics
        .push(Diagnostic::at(Code::FormTruncated, last_line, message));
    r.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
    trust::settle(r);
}

/// What was said of a cut row that goes with it: its empty or odd value.
const CUT_ROW_SAYS: &[Code] = &[
    Code::EmptyValue,
    Code::IndicatorNameSuspect,
    Code::ValueKindOdd,
];

/// Whether the value of a text's last row is the stump of a cut one: only a
/// comparator (`≥`), or, in a text stopping mid-line, one character that is
/// no whole answer (`减` of 减少).
fn value_cut(raw: &str, unended: bool) -> bool {
    let t = raw.trim();
    if t.is_empty() || value::is_comparator(t) {
        return true;
    }
    let mut chars = t.chars();
    let one = chars.next().filter(|_| chars.next().is_none());
    unended && one.is_some_and(|c| !c.is_ascii() && !labels::is_whole_one_char_value(c))
}

/// Parses decoded text into records.
pub fn parse_text(path: &str, text: &str, encoding: &str) -> FileReport {
    // A text in traditional characters is read through its simplified copy.
    if let Some(folded) = script::fold(text) {
        let mut report = parse_text_as_is(path, &folded, encoding);
        script::restore(&mut report, text, 1);
        return report;
    }
    parse_text_as_is(path, text, encoding)
}

/// [`parse_text`] for text in the vocabulary's own script.
fn parse_text_as_is(path: &str, text: &str, encoding: &str) -> FileReport {
    // The rows go as soon as the drafts are read, and each draft as soon as
    // its record is built: peak memory holds one stage at a time.
    // Text with no separators gets its cells back first (a no-op elsewhere).
    let mut glued = glued::split(layout::rows(text));
    let doc = regions::read(&std::mem::take(&mut glued.rows));
    let mut report = parse_document(path, doc, encoding, |_, r| glued.record(r));
    if let Some(end) = text_end(text, 1) {
        mark_cut_last_row(&mut report.records, end);
    }
    glued.leftovers(&mut report.records);
    report.bytes = text.len();
    report
}

/// Whether a built record is a blank template or a fragment of one; if so its
/// diagnostics (what was said about its lines stays said) and one naming its
/// lines go to `out`: `not-a-target-form` for a blank template, page
/// furniture for a lone row of column titles (the head of some other table,
/// such as an allocation table before the form). A form that is not there
/// was not cut either: its `form-truncated` goes with it.
// fixture: fixtures/glued/attachment-list.txt
pub(crate) fn set_aside_blank(r: &mut Record, out: &mut Vec<Diagnostic>) -> bool {
    let (code, what) = if build::is_lone_title_row(r) {
        (
            Code::PageFurniture,
            "a row of column titles (no title, no year, no indicator, one header field at most)",
        )
    } else if build::is_blank_template(r) {
        (
            Code::NotATargetForm,
            "a blank form template (no project name, no funding, no filled indicator)",
        )
    } else {
        return false;
    };
    out.extend(
        r.diagnostics
            .drain(..)
            .filter(|d| d.code != Code::FormTruncated),
    );
    out.push(Diagnostic::at(
        code,
        r.source.line_start,
        format!(
            "lines {}–{} are {what}; no record was made",
            r.source.line_start, r.source.line_end
        ),
    ));
    true
}

/// Builds and validates the records of forms already read from rows of
/// cells. `each` sees every form's draft beside its freshly built record
/// (before validation): the native readers use it to attach cell provenance.
pub fn parse_document<'a>(
    path: &str,
    doc: grammar::Document<'a>,
    encoding: &str,
    mut each: impl FnMut(&grammar::FormDraft<'a>, &mut Record),
) -> FileReport {
    let origin = build::Origin { path, encoding };
    let covers = doc.covers;
    let mut records: Vec<Record> = doc
        .forms
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut r = build::build(&f, origin, i);
            each(&f, &mut r);
            r
        })
        .collect();
    // fixture: fixtures/not-a-form/blank-template.txt
    // A blank template or a fragment of one is not a form: no record, a
    // diagnostic naming what it is.
    let mut blank = Vec::new();
    records.retain_mut(|r| !set_aside_blank(r, &mut blank));
    for (i, r) in records.iter_mut().enumerate() {
        r.source.form_index = i;
    }
    // fixture: fixtures/regions/cover-page-pipes.txt
    regions::apply_covers(&covers, &mut records);
    mark_cut_last_form(&mut records);
    for r in &mut records {
        validate::validate(r);
        trust::assess(r);
        r.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
    }
    let mut stray = doc.stray;
    stray.append(&mut blank);
    let explained = stray.iter().any(|d| d.code == Code::NotATargetForm);
    if records.is_empty() && !explained {
        stray.insert(
            0,
            Diagnostic::new(
                Code::NoForm,
                None,
                "no 绩效目标 form found: no title line and no 项目名称 or 部门名称 label",
            ),
        );
    }
    let mut report = FileReport {
        path: path.to_owned(),
        encoding: encoding.to_owned(),
        records,
        diagnostics: Vec::new(),
        bytes: 0,
    };
    attach(&mut report, stray);
    report
}

#[cfg(test)]
mod cut_end_tests {
    use super::*;

    #[test]
    fn text_end_finds_the_last_line_holding_text() {
        let cases: &[(&str, Option<(usize, bool)>)] = &[
            ("", None),
            ("\n \n", None),
            ("a", Some((1, true))),
            ("a\n", Some((1, false))),
            ("a\nb\n\n  \n", Some((2, false))),
            ("a\r\nb", Some((2, true))),
            ("a\rb\r", Some((2, false))),
            ("a\r\rb\r\n", Some((3, false))),
            ("a\nb  ", Some((2, true))),
        ];
        for (text, want) in cases {
            let got = text_end(text, 1).map(|e| (e.line, e.unended));
            assert_eq!(got, *want, "{text:?}");
        }
        assert_eq!(text_end("x\ny", 10).map(|e| e.line), Some(11));
    }

    /// Old Mac text, each line ended by a lone `\r`: the table's last row,
    /// cut after its comparator, is found on the text's last line.
    #[test]
    fn a_cut_last_row_is_found_with_lone_cr_line_breaks() {
        let text = "项目支出绩效目标表\r项目名称\t北坡村机耕道硬化\r\
                    一级指标\t二级指标\t三级指标\t指标值\r\
                    产出指标\t数量指标\t硬化机耕道长度\t≥2.1公里\r\
                    满意度指标\t服务对象满意度指标\t农户满意度\t≥\r";
        let report = parse_text("cr.txt", text, "UTF-8");
        let r = &report.records[0];
        let names: Vec<_> = r.indicators.iter().map(|i| i.name.as_deref()).collect();
        assert_eq!(names, [Some("硬化机耕道长度")]);
        let cut = r.diagnostics.iter().find(|d| d.code == Code::FormTruncated);
        assert_eq!(cut.map(|d| d.line), Some(Some(5)));
    }

    #[test]
    fn a_value_cut_is_a_lone_comparator_or_a_stray_character() {
        let cases: &[(&str, bool, bool)] = &[
            // (value, text stops without a line break, cut)
            ("≥", false, true),
            ("不低于", false, true),
            ("", false, true),
            ("减", true, true),
            ("减", false, false),
            ("是", true, false),
            ("无", true, false),
            ("1", true, false),
            ("≥90%", true, false),
            ("减少", true, false),
        ];
        for (raw, unended, cut) in cases {
            assert_eq!(value_cut(raw, *unended), *cut, "{raw:?} unended={unended}");
        }
    }

    fn last_values(text: &str) -> Vec<Option<String>> {
        let report = parse_text("t.txt", text, "UTF-8");
        report.records[0]
            .indicators
            .iter()
            .map(|i| i.value.as_ref().map(|v| v.raw.clone()))
            .collect()
    }

    const FORM: &str = "2024年度项目支出绩效目标表\n项目名称\t北坡林地防火巡护\n主管部门\t某县林业站\n项目资金（万元）\t年度资金总额\t12\n年度绩效目标\t完成北坡林地全年防火巡护。\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t巡护天数\t≥300天\n\t时效指标\t巡护记录按时上报\t";

    #[test]
    fn a_whole_one_character_answer_at_a_cut_end_is_kept() {
        let values = last_values(&format!("{FORM}是"));
        assert_eq!(values.last(), Some(&Some("是".to_string())));
        assert_eq!(values.len(), 2);
    }

    #[test]
    fn a_stump_or_a_lone_comparator_at_the_end_is_no_indicator() {
        for end in ["及", "≥\n", "≥\n\n", "\n"] {
            let text = format!("{FORM}{end}");
            let report = parse_text("t.txt", &text, "UTF-8");
            let r = &report.records[0];
            assert_eq!(r.indicators.len(), 1, "{end:?}");
            assert!(
                r.diagnostics.iter().any(
                    |d| d.code == Code::FormTruncated && d.message.contains("巡护记录按时上报")
                ),
                "{end:?}: {:?}",
                r.diagnostics
            );
        }
    }

    #[test]
    fn a_whole_last_row_ending_the_text_stays() {
        let values = last_values(&format!("{FORM}按月上报\n"));
        assert_eq!(values.len(), 2);
        let report = parse_text("t.txt", &format!("{FORM}按月上报\n"), "UTF-8");
        assert!(!report.records[0]
            .diagnostics
            .iter()
            .any(|d| d.code == Code::FormTruncated));
    }
}
