//! Review pages: each record beside its source text, every value one click
//! from the line it was read from.
//!
//! A page is one self-contained static HTML file (no network, no external
//! script, style or font): the source lines as elements `id="L<n>"`, the
//! records with every value an element carrying `data-line` (and
//! `data-line-end`), diagnostics per record and in the source gutter, and with
//! `--check` the drift from the reviewed expected records. For a batch,
//! [`write`] writes an index and one page per file.

mod html;
pub mod locate;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::batch::{read_input, Input};
use crate::check::{self, Case, Checked, Outcome};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::record::SourceFormat;
use crate::{parse_bytes, FileReport, Options};

pub use html::{index_page, page};

/// One file ready to be shown: its records, its decoded text and, when
/// checking, how it compares with its expected records.
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// What parsing the file produced.
    pub report: FileReport,
    /// The decoded text (empty when the file could not be read or decoded).
    pub text: String,
    /// The comparison with `X.expected.json`, in check mode.
    pub check: Option<Checked>,
    /// The file's format: only text files have their lines shown; the
    /// native readers' rows (spreadsheets, documents, PDFs) are not text here.
    pub format: SourceFormat,
}

impl Reviewed {
    /// True when the file yields no record, a record needs review, or the
    /// check found drift or no expected file: what a reviewer looks at first.
    pub fn needs_attention(&self) -> bool {
        self.report.records.is_empty()
            || self.report.records.iter().any(|r| r.needs_review)
            || self.drifted()
    }

    /// True when the check found the records differ from the expected ones,
    /// or there are none to compare with.
    pub fn drifted(&self) -> bool {
        self.check
            .as_ref()
            .is_some_and(|c| c.outcome != Outcome::Equal)
    }
}

/// Reads, decodes and parses one input for review; with `check`, compares it
/// with the expected file beside it (standard input has none).
pub fn review_input(input: &Input, options: &Options, check: bool) -> Reviewed {
    let path = input.display();
    // The same reading rules as every command: size limit, regular files only.
    let bytes = match read_input(input, options.max_file_size, &AtomicBool::new(false)) {
        Ok(bytes) => bytes,
        Err(d) => {
            return Reviewed {
                report: FileReport::failed(path, d, 0),
                text: String::new(),
                check: None,
                format: SourceFormat::Text,
            }
        }
    };
    let format = crate::native::sniff(&path, &bytes);
    let report = parse_bytes(&path, &bytes, options);
    let text = match format {
        SourceFormat::Text => crate::decode::decode(&bytes, options.encoding)
            .map(|d| d.text.into_owned())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let check = match (check, input) {
        (true, Input::File(p)) => Some(check::check_case(
            &Case {
                input: p.clone(),
                expected: check::expected_path(p),
            },
            options,
            &[],
        )),
        _ => None,
    };
    Reviewed {
        report,
        text,
        check,
        format,
    }
}

/// Where pages go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One page holding every file.
    Page(PathBuf),
    /// `index.html` plus one page per file in this directory.
    Dir(PathBuf),
}

impl Target {
    /// A directory when the path ends in a separator or is an existing
    /// directory; else one page.
    pub fn from_path(path: &Path) -> Target {
        let s = path.as_os_str().to_string_lossy();
        if s.ends_with('/') || s.ends_with(std::path::MAIN_SEPARATOR) || path.is_dir() {
            Target::Dir(path.to_path_buf())
        } else {
            Target::Page(path.to_path_buf())
        }
    }
}

/// What [`write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files reviewed.
    pub files: usize,
    /// Records shown.
    pub records: usize,
    /// Records that need review.
    pub needs_review: usize,
    /// Files without any record.
    pub failed_files: usize,
    /// Inputs whose records differ from their expected file (check mode).
    pub drifted: Vec<String>,
    /// Inputs without an expected file (check mode).
    pub missing_expected: Vec<String>,
    /// The pages written, index first in a directory.
    pub pages: Vec<PathBuf>,
    /// True when Ctrl-C stopped the batch (pages written so far are whole).
    pub interrupted: bool,
}

impl Summary {
    fn add(&mut self, r: &Reviewed) {
        self.files += 1;
        self.records += r.report.records.len();
        self.needs_review += r.report.records.iter().filter(|x| x.needs_review).count();
        if r.report.records.is_empty() {
            self.failed_files += 1;
        }
        if let Some(c) = &r.check {
            match c.outcome {
                // Counted as a failed file; there is nothing to bless.
                Outcome::Equal | Outcome::Unreadable(_) => {}
                Outcome::MissingExpected => self.missing_expected.push(r.report.path.clone()),
                Outcome::Drifted(_) | Outcome::BadExpected(_) => {
                    self.drifted.push(r.report.path.clone())
                }
            }
        }
    }

    /// The command that accepts the drift shown, when there is any.
    pub fn bless_command(&self) -> Option<String> {
        let paths: Vec<&String> = self.drifted.iter().chain(&self.missing_expected).collect();
        (!paths.is_empty()).then(|| bless_command(paths.into_iter().map(String::as_str)))
    }
}

/// `jixiao check --bless PATH…` with each path quoted for a POSIX shell.
pub fn bless_command<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut cmd = "jixiao check --bless".to_owned();
    for p in paths {
        cmd.push(' ');
        cmd.push_str(&shell_quote(p));
    }
    cmd
}

/// Quotes a word for a POSIX shell when it needs it.
fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ',' | ':'));
    if plain {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// How many files are reviewed together in a directory batch before their
/// pages are written: memory holds one chunk of texts and pages.
const CHUNK: usize = 32;

/// The page file name for the `k`-th (0-based) input: a number that keeps the
/// input order and names unique, and the file's name made safe for any file
/// system.
pub fn page_name(k: usize, path: &str) -> String {
    let base = match Path::new(path).file_name() {
        Some(n) if path != "-" => n.to_string_lossy().into_owned(),
        _ => "stdin".to_owned(),
    };
    let safe: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    format!("{:04}-{safe}.html", k + 1)
}

/// Reviews `inputs` and writes the page(s) to `target`. Files are parsed in
/// parallel on the current rayon pool; in a directory each page is written as
/// soon as its file is read, so memory does not grow with the batch.
pub fn write(
    inputs: &[Input],
    target: &Target,
    options: &Options,
    check: bool,
    stop: &AtomicBool,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    match target {
        Target::Page(path) => {
            let mut files = Vec::with_capacity(inputs.len());
            for input in inputs {
                if stop.load(Ordering::Relaxed) {
                    summary.interrupted = true;
                    break;
                }
                files.push(review_input(input, options, check));
            }
            files.iter().for_each(|r| summary.add(r));
            std::fs::write(path, page(&files, None))?;
            summary.pages.push(path.clone());
        }
        Target::Dir(dir) => {
            std::fs::create_dir_all(dir)?;
            let mut entries = Vec::with_capacity(inputs.len());
            let numbered: Vec<(usize, &Input)> = inputs.iter().enumerate().collect();
            for chunk in numbered.chunks(CHUNK) {
                if stop.load(Ordering::Relaxed) {
                    summary.interrupted = true;
                    break;
                }
                let done: Vec<io::Result<(html::IndexEntry, Reviewed)>> = chunk
                    .par_iter()
                    .map(|(k, input)| {
                        let r = review_input(input, options, check);
                        let name = page_name(*k, &r.report.path);
                        std::fs::write(
                            dir.join(&name),
                            page(std::slice::from_ref(&r), Some("index.html")),
                        )?;
                        let entry = html::IndexEntry::of(&r, name);
                        // Only what the summary needs is kept: no text, no records.
                        let light = Reviewed {
                            text: String::new(),
                            ..r
                        };
                        Ok((entry, light))
                    })
                    .collect();
                for item in done {
                    let (entry, r) = item?;
                    summary.add(&r);
                    summary.pages.push(dir.join(&entry.href));
                    entries.push(entry);
                }
            }
            let index = dir.join("index.html");
            std::fs::write(&index, index_page(&entries))?;
            summary.pages.insert(0, index);
        }
    }
    Ok(summary)
}

/// The worst severity among diagnostics, if any.
fn worst<'a>(ds: impl IntoIterator<Item = &'a Diagnostic>) -> Option<Severity> {
    ds.into_iter().map(|d| d.severity).max()
}

/// Counts of warnings and errors in a file (its own and its records').
fn counts(r: &FileReport) -> (usize, usize) {
    let all = r
        .diagnostics
        .iter()
        .chain(r.records.iter().flat_map(|x| x.diagnostics.iter()));
    let (mut warnings, mut errors) = (0, 0);
    for d in all {
        match d.severity {
            Severity::Warning => warnings += 1,
            Severity::Error => errors += 1,
            Severity::Info => {}
        }
    }
    (warnings, errors)
}

/// Codes are stable; the page lists them with their counts.
fn code_counts<'a>(ds: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<(Code, Severity, usize)> {
    let mut out: Vec<(Code, Severity, usize)> = Vec::new();
    for d in ds {
        match out.iter_mut().find(|(c, _, _)| *c == d.code) {
            Some(e) => e.2 += 1,
            None => out.push((d.code, d.severity, 1)),
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_are_numbered_and_safe() {
        assert_eq!(
            page_name(0, "fixtures/seed/poverty-2019.txt"),
            "0001-poverty-2019.txt.html"
        );
        assert_eq!(page_name(11, "a/b c<d>.txt"), "0012-b_c_d_.txt.html");
        assert_eq!(page_name(1, "-"), "0002-stdin.html");
        assert_eq!(page_name(2, "扶贫/表 1.txt"), "0003-表_1.txt.html");
    }

    #[test]
    fn bless_command_quotes_what_a_shell_would_split() {
        assert_eq!(
            bless_command(["fixtures/a.txt", "my dir/it's.txt"]),
            r"jixiao check --bless fixtures/a.txt 'my dir/it'\''s.txt'"
        );
    }

    #[test]
    fn target_is_a_directory_when_the_path_says_so() {
        assert_eq!(
            Target::from_path(Path::new("out/")),
            Target::Dir(PathBuf::from("out/"))
        );
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Target::from_path(dir.path()),
            Target::Dir(dir.path().to_path_buf())
        );
        assert_eq!(
            Target::from_path(Path::new("review.html")),
            Target::Page(PathBuf::from("review.html"))
        );
    }
}
