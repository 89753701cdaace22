//! Regression checks: inputs beside their reviewed expected records.
//!
//! A case is an input file `X.txt` with `X.expected.json` beside it. Checking
//! parses the input and compares the records with the expected ones by JSON
//! path ([`crate::compare`]); blessing writes the expected file from the
//! current output. The project's own golden tests run through this module.
//!
//! An expected file holds what JSON Lines output gives for the input, as a
//! JSON array: its records, or, for a file that yields none, its one error
//! line (`{"error": true, …, "diagnostics": […]}`), so the reason a file
//! fails is pinned too. Blessing never writes through a symbolic link, never
//! for an input it cannot read, and replaces the file whole.

use std::path::{Path, PathBuf};

use crate::batch::{collect_inputs, parse_input, Input};
use crate::compare::{compare, Difference};
use crate::diagnostic::Code;
use crate::output::json::file_error;
use crate::output::replace::Pending;
use crate::{FileReport, Options};

/// One input and where its expected records live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The input file.
    pub input: PathBuf,
    /// `X.expected.json` beside it.
    pub expected: PathBuf,
}

/// The expected-file path for an input: `dir/X.txt` → `dir/X.expected.json`.
pub fn expected_path(input: &Path) -> PathBuf {
    input.with_extension("expected.json")
}

/// Finds the cases under `paths`: every file jixiao reads by its extension
/// (or every file matching `glob`), sorted, each paired with its expected
/// path whether or not it exists.
pub fn find_cases(paths: &[PathBuf], glob: Option<&globset::GlobMatcher>) -> Vec<Case> {
    collect_inputs(paths, glob)
        .into_iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(Case {
                expected: expected_path(&p),
                input: p,
            }),
            Input::Stdin | Input::Unlisted { .. } => None,
        })
        .collect()
}

/// The result of checking one case.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The records equal the expected ones.
    Equal,
    /// The records differ; every difference by path.
    Drifted(Vec<Difference>),
    /// There is no expected file yet.
    MissingExpected,
    /// The expected file cannot be read as JSON.
    BadExpected(String),
    /// The input itself cannot be read (missing, not a regular file, too large).
    Unreadable(String),
}

/// What checking one case found, with the current output for blessing.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The case.
    pub case: Case,
    /// How it compared.
    pub outcome: Outcome,
    /// The current records as written to expected files.
    pub actual: String,
}

/// What an expected file holds for a report: its records, or its error line
/// when it yields no record.
pub fn expected_value(report: &FileReport) -> serde_json::Value {
    let value = if report.records.is_empty() {
        serde_json::to_value([file_error(report)])
    } else {
        serde_json::to_value(&report.records)
    };
    value.unwrap_or_default()
}

/// The canonical text of an expected file: [`expected_value`] as a pretty JSON array.
pub fn render(report: &FileReport) -> String {
    // Serialised from the types, not the Value, to keep the output's key order.
    let text = if report.records.is_empty() {
        serde_json::to_string_pretty(&[file_error(report)])
    } else {
        serde_json::to_string_pretty(&report.records)
    };
    let mut s = text.unwrap_or_else(|_| "[]".to_owned());
    s.push('\n');
    s
}

/// Why the input could not be read at all, when that is what the report says.
fn read_failure(report: &FileReport) -> Option<String> {
    if !report.records.is_empty() {
        return None;
    }
    report
        .diagnostics
        .iter()
        .find(|d| matches!(d.code, Code::Unreadable | Code::NotAFile | Code::TooLarge))
        .map(|d| format!("{}: {}", d.code, d.message))
}

/// Parses a case's input and compares it with its expected file, skipping the
/// object keys named in `ignore`.
pub fn check_case(case: &Case, options: &Options, ignore: &[String]) -> Checked {
    let report = parse_input(&Input::File(case.input.clone()), options);
    let actual = render(&report);
    if let Some(why) = read_failure(&report) {
        return Checked {
            case: case.clone(),
            outcome: Outcome::Unreadable(why),
            actual,
        };
    }
    let outcome = match std::fs::read_to_string(&case.expected) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Outcome::MissingExpected,
        Err(e) => Outcome::BadExpected(e.to_string()),
        Ok(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            Err(e) => Outcome::BadExpected(format!("{}: {e}", case.expected.display())),
            Ok(expected) => {
                let diffs = compare(&expected, &expected_value(&report), ignore);
                if diffs.is_empty() {
                    Outcome::Equal
                } else {
                    Outcome::Drifted(diffs)
                }
            }
        },
    };
    Checked {
        case: case.clone(),
        outcome,
        actual,
    }
}

/// Writes the expected file of a checked case from its current output,
/// replacing it whole. Refused when the input could not be read (its output
/// says nothing about the parser) and when the expected path is a symbolic
/// link (it could point anywhere outside the fixture's folder).
pub fn bless(checked: &Checked) -> std::io::Result<()> {
    if let Outcome::Unreadable(why) = &checked.outcome {
        return Err(std::io::Error::other(format!(
            "the input {} cannot be read ({why}); nothing to bless",
            checked.case.input.display()
        )));
    }
    let expected = &checked.case.expected;
    if std::fs::symlink_metadata(expected).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other(format!(
            "{} is a symbolic link; refusing to write through it",
            expected.display()
        )));
    }
    let (pending, mut file) = Pending::create(expected)?;
    std::io::Write::write_all(&mut file, checked.actual.as_bytes())?;
    drop(file);
    pending.commit()
}

/// A line diff from the expected file as it is on disk to the current
/// output, to show before blessing replaces a file that could not be compared
/// field by field (not JSON). Empty when the file cannot be read.
pub fn text_diff(checked: &Checked) -> String {
    let old = std::fs::read(&checked.case.expected)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    similar::TextDiff::from_lines(&old, &checked.actual)
        .unified_diff()
        .context_radius(2)
        .header(&checked.case.expected.display().to_string(), "new")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_path_sits_beside_the_input() {
        assert_eq!(
            expected_path(Path::new("fixtures/seed/a.txt")),
            PathBuf::from("fixtures/seed/a.expected.json")
        );
    }

    #[test]
    fn check_then_bless_then_check() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("f.txt");
        std::fs::write(&input, "绩效目标申报表\n项目名称\t甲\n").unwrap();
        let cases = find_cases(&[dir.path().to_path_buf()], None);
        assert_eq!(cases.len(), 1);
        let c = check_case(&cases[0], &Options::default(), &[]);
        assert_eq!(c.outcome, Outcome::MissingExpected);
        bless(&c).unwrap();
        let c = check_case(&cases[0], &Options::default(), &[]);
        assert_eq!(c.outcome, Outcome::Equal);
        std::fs::write(&input, "绩效目标申报表\n项目名称\t乙\n").unwrap();
        let c = check_case(&cases[0], &Options::default(), &[]);
        match c.outcome {
            Outcome::Drifted(d) => {
                assert_eq!(d.len(), 1);
                assert_eq!(d[0].path, "project_name");
            }
            other => panic!("expected drift, got {other:?}"),
        }
    }
}
