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
/// has no 注 it was cut inside its table.
pub(crate) fn mark_cut_form(last: &mut Record) {
    let cut = last.note.is_none()
        && !last
            .diagnostics
            .iter()
            .any(|d| d.code == Code::FormTruncated);
    if cut {
        last.diagnostics.push(Diagnostic::at(
            Code::FormTruncated,
            last.source.line_end,
            "the file ends inside this form: every other form of the file ends with its 注, this one stops in its indicator table",
        ));
    }
}

/// fixture: fixtures/tables/cut-last-row.txt
/// A text that ends without a line break on its last form's last indicator
/// row (`last_line`), before any 注, was cut there: the row may be incomplete.
pub(crate) fn mark_cut_last_row(records: &mut [Record], last_line: usize) {
    let Some(r) = records.last_mut() else {
        return;
    };
    let table_end = r
        .indicators
        .iter()
        .map(|i| i.line_end.unwrap_or(i.line))
        .max();
    let said = r.diagnostics.iter().any(|d| d.code == Code::FormTruncated);
    if table_end == Some(last_line) && r.note.is_none() && !said {
        // fixture: fixtures/tables/cut-last-row-no-value.txt
        // A row cut before its value (often the next form's title, cut
        // mid-word) holds no indicator: its text goes into the diagnostic.
        let bare = r.indicators.last().is_some_and(|i| {
            i.line_end.unwrap_or(i.line) == last_line && i.value.is_none() && i.extra.is_empty()
        });
        let message = match bare.then(|| r.indicators.pop()).flatten() {
            Some(cut) => {
                let lines = cut.line..=last_line;
                r.diagnostics
                    .retain(|d| !d.line.is_some_and(|l| lines.contains(&l)) || d.code != Code::EmptyValue);
                format!(
                    "the text ends without a line break before this row's value: the cut row is not read as an indicator: {}",
                    cut.name.as_deref().unwrap_or_default()
                )
            }
            None => "the text ends without a line break in this row of the indicator table: the row may be cut"
                .to_string(),
        };
        r.diagnostics
            .push(Diagnostic::at(Code::FormTruncated, last_line, message));
        r.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
        trust::settle(r);
    }
}

/// The last line of a text that ends without a line break, else None.
pub(crate) fn unended_last_line(text: &str, first_line: usize) -> Option<usize> {
    let ended = text.is_empty() || text.ends_with(['\n', '\r']);
    (!ended).then(|| first_line + text.bytes().filter(|&b| b == b'\n').count())
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
    if let Some(line) = unended_last_line(text, 1) {
        mark_cut_last_row(&mut report.records, line);
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
