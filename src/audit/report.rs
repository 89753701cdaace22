//! Audit output: a readable report, JSON per form, CSV with one row per finding, and
//! records with their findings attached (`parse --audit`).

use std::collections::BTreeMap;
use std::io::{self, Write};

use schemars::JsonSchema;
use serde::Serialize;

use super::{FormAudit, Principle, Quantified};
use crate::diagnostic::Severity;
use crate::record::{Record, Source};

use super::Finding;

/// One form's audit as `jixiao audit --format json` prints it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FormReport<'a> {
    /// Where the form was read.
    pub source: &'a Source,
    /// 0-based index of the form within its file.
    pub form_index: usize,
    /// 项目名称, null on a department form.
    pub project_name: Option<&'a str>,
    /// The share of quantified indicators.
    pub quantified: Quantified,
    /// The findings, form-level first, then by line.
    pub findings: &'a [Finding],
}

impl<'a> FormReport<'a> {
    /// The report of `record` audited as `audit`.
    pub fn new(record: &'a Record, audit: &'a FormAudit) -> Self {
        FormReport {
            source: &record.source,
            form_index: record.source.form_index,
            project_name: record.project_name.as_deref(),
            quantified: audit.quantified,
            findings: &audit.findings,
        }
    }
}

/// A record with its findings added as `audit` (what `parse --audit` writes); every
/// other field is the record's own.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AuditedRecord<'a> {
    /// The record, unchanged.
    #[serde(flatten)]
    pub record: &'a Record,
    /// The form's findings.
    pub audit: &'a [Finding],
}

/// Counts of findings by principle and severity, for summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Forms audited.
    pub forms: usize,
    /// Findings per principle.
    pub by_principle: BTreeMap<Principle, usize>,
    /// Findings per severity.
    pub by_severity: BTreeMap<Severity, usize>,
}

impl Tally {
    /// Counts one form's findings.
    pub fn add(&mut self, audit: &FormAudit) {
        self.forms += 1;
        for f in &audit.findings {
            *self.by_principle.entry(f.principle).or_default() += 1;
            *self.by_severity.entry(f.severity).or_default() += 1;
        }
    }

    /// All findings counted.
    pub fn findings(&self) -> usize {
        self.by_principle.values().sum()
    }

    /// `完整性 0, 相关性 1, 适当性 0, 可行性 0`: every principle, zeros included.
    pub fn principles(&self) -> String {
        Principle::ALL
            .iter()
            .map(|p| format!("{p} {}", self.by_principle.get(p).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The closing line of the readable report.
    pub fn summary(&self) -> String {
        let n = self.findings();
        let count = |s, word: &str| {
            let k = self.by_severity.get(&s).copied().unwrap_or(0);
            format!("{k} {word}{}", if k == 1 { "" } else { "s" })
        };
        format!(
            "{} audited, {}: {} ({}, {})",
            plural(self.forms, "form"),
            plural(n, "finding"),
            self.principles(),
            count(Severity::Error, "error"),
            count(Severity::Warning, "warning"),
        )
    }
}

/// `1 finding`, `2 findings`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Writes one form's section of the readable report.
pub fn write_text(out: &mut impl Write, record: &Record, audit: &FormAudit) -> io::Result<()> {
    let title = record
        .project_name
        .as_deref()
        .or(record.department.as_deref())
        .unwrap_or("(no project name)");
    let mut tally = Tally::default();
    tally.add(audit);
    let n = audit.findings.len();
    let counts = if n == 0 {
        "no findings".to_owned()
    } else {
        format!("{} ({})", plural(n, "finding"), tally.principles())
    };
    writeln!(
        out,
        "{} form {} 「{title}」 (lines {}-{}): {counts}; {}",
        record.source.path,
        record.source.form_index,
        record.source.line_start,
        record.source.line_end,
        audit.quantified.describe(),
    )?;
    for f in &audit.findings {
        let at = f
            .line
            .map_or_else(|| "form".to_owned(), |l| format!("line {l}"));
        writeln!(
            out,
            "  {at}: {}[{}] {}: {}",
            f.severity, f.code, f.principle, f.message
        )?;
    }
    Ok(())
}

/// The columns of the findings CSV, in order (documented in docs/audit.md).
pub const CSV_COLUMNS: &[&str] = &[
    "path",
    "form_index",
    "year",
    "project_name",
    "code",
    "principle",
    "severity",
    "line",
    "message",
];

/// Writes findings as CSV, one row per finding (forms without findings add no row).
pub struct FindingCsvWriter<W: Write> {
    inner: ::csv::Writer<W>,
}

impl<W: Write> FindingCsvWriter<W> {
    /// Writes the UTF-8 BOM when `excel` is true (as the indicator CSV does), then the header.
    pub fn new(mut w: W, excel: bool) -> Result<Self, ::csv::Error> {
        if excel {
            w.write_all("\u{FEFF}".as_bytes())?;
        }
        let mut inner = ::csv::Writer::from_writer(w);
        inner.write_record(CSV_COLUMNS)?;
        Ok(FindingCsvWriter { inner })
    }

    /// Writes one row per finding of the form.
    pub fn write_form(&mut self, record: &Record, audit: &FormAudit) -> Result<(), ::csv::Error> {
        for f in &audit.findings {
            self.inner.write_record([
                record.source.path.as_str(),
                &record.source.form_index.to_string(),
                &record.year.map(|y| y.to_string()).unwrap_or_default(),
                record.project_name.as_deref().unwrap_or(""),
                f.code.as_str(),
                f.principle.as_str(),
                f.severity.as_str(),
                &f.line.map(|l| l.to_string()).unwrap_or_default(),
                &f.message,
            ])?;
        }
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> Result<W, ::csv::Error> {
        self.inner
            .into_inner()
            .map_err(|e| ::csv::Error::from(e.into_error()))
    }
}
