//! Golden tests: every `fixtures/**/X.txt` against its reviewed `X.expected.json`.
//!
//! A drift fails with a field-by-field report and a line diff. To accept new
//! output after reviewing it, run `JIXIAO_BLESS=1 cargo test --test golden`
//! (or `jixiao check --bless fixtures`): expected files are never rewritten
//! silently.

mod common;

use std::path::PathBuf;

use jixiao::check::{self, Outcome};
use jixiao::Options;

fn fixtures() -> PathBuf {
    PathBuf::from("fixtures")
}

#[test]
fn fixtures_match_their_expected_records() {
    let bless = std::env::var_os("JIXIAO_BLESS").is_some_and(|v| v == "1");
    let cases = check::find_cases(&[fixtures()], None);
    assert!(!cases.is_empty(), "no fixtures found under fixtures/");
    let mut failures = Vec::new();
    for case in &cases {
        let checked = check::check_case(case, &Options::default(), &[]);
        let actual: serde_json::Value =
            serde_json::from_str(&checked.actual).expect("output is JSON");
        // Records follow the record schema; a file without records is one error line.
        let is_error_line = |v: &serde_json::Value| v.get("error") == Some(&true.into());
        let elements = actual.as_array().expect("an array");
        if elements.iter().any(is_error_line) {
            assert_eq!(elements.len(), 1, "{}", case.input.display());
        } else {
            common::assert_valid(&actual);
        }
        match &checked.outcome {
            Outcome::Equal => {}
            _ if bless => {
                check::bless(&checked).expect("write expected file");
                eprintln!("blessed {}", case.expected.display());
            }
            Outcome::MissingExpected => failures.push(format!(
                "{}: no expected file; review the output and bless it",
                case.input.display()
            )),
            Outcome::BadExpected(e) | Outcome::Unreadable(e) => {
                failures.push(format!("{}: {e}", case.input.display()))
            }
            Outcome::Drifted(diffs) => {
                let expected = std::fs::read_to_string(&case.expected).unwrap_or_default();
                let diff = similar::TextDiff::from_lines(&expected, &checked.actual)
                    .unified_diff()
                    .context_radius(2)
                    .header("expected", "actual")
                    .to_string();
                let fields: Vec<String> = diffs.iter().map(|d| format!("  {d}")).collect();
                failures.push(format!(
                    "{} drifted:\n{}\n{diff}",
                    case.input.display(),
                    fields.join("\n")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ (JIXIAO_BLESS=1 cargo test --test golden to accept after review):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
