//! `jixiao check` end to end: drift detection, `--ignore`, the JSON report and blessing.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const INPUT: &str = "fixtures/seed/poverty-2019.txt";
const EXPECTED: &str = "fixtures/seed/poverty-2019.expected.json";

/// `jixiao` run in `dir`, where the copied fixtures keep their relative paths.
fn jixiao(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.current_dir(dir);
    cmd
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = jixiao(dir).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// A temporary directory holding the seed and its expected file at their usual paths.
fn seed_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("fixtures/seed")).unwrap();
    for f in [INPUT, EXPECTED] {
        std::fs::copy(f, dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn drift_is_reported_ignored_blessed_and_gone() {
    let dir = seed_copy();
    let root = dir.path();
    let (code, out) = run(root, &["check", "fixtures"]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out, "1 files: 1 equal, 0 drifted, 0 missing expected\n");

    // Edit one number of the expected file by hand.
    let path = root.join(EXPECTED);
    let mut expected: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let indicator = &mut expected[1]["indicators"][4];
    let line = indicator["line"].as_u64().unwrap();
    let number = &mut indicator["value"]["number"];
    assert_eq!(*number, 564);
    *number = serde_json::json!(56.4);
    std::fs::write(&path, serde_json::to_string_pretty(&expected).unwrap()).unwrap();

    let (code, out) = run(root, &["check", "fixtures"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        out,
        format!(
            "{INPUT}: drifted\n  form 1 indicators[4].value.number: expected 56.4, got 564 (line {line})\n\
             1 files: 0 equal, 1 drifted, 0 missing expected\n"
        )
    );

    let (code, out) = run(root, &["check", "--ignore", "number", "fixtures"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("1 equal"), "{out}");

    let (code, out) = run(root, &["check", "--format", "json", "fixtures"]);
    assert_eq!(code, Some(1));
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["drifted"], 1);
    assert_eq!(report["equal"], 0);
    let diffs = &report["cases"][0]["differences"];
    assert_eq!(diffs.as_array().unwrap().len(), 1);
    assert_eq!(diffs[0]["path"], "indicators[4].value.number");
    assert_eq!(diffs[0]["expected"], 56.4);
    assert_eq!(diffs[0]["actual"], 564);
    assert_eq!(diffs[0]["line"], line);

    let (code, out) = run(root, &["check", "--bless", "fixtures"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("form 1 indicators[4].value.number: expected 56.4, got 564"),
        "{out}"
    );
    assert!(out.contains(&format!("blessed {EXPECTED}")), "{out}");
    let blessed: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(EXPECTED).unwrap()).unwrap();
    assert_eq!(blessed, original);

    let (code, out) = run(root, &["check", "fixtures"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("1 equal"), "{out}");
}

#[test]
fn a_missing_expected_file_fails_until_blessed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("new")).unwrap();
    std::fs::copy(INPUT, root.join("new/form.txt")).unwrap();

    let (code, out) = run(root, &["check", "new"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("new/form.txt: no expected file"), "{out}");
    assert!(out.contains("1 missing expected"), "{out}");
    assert!(!root.join("new/form.expected.json").exists());

    let (code, out) = run(root, &["check", "--bless", "new"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("1 blessed"), "{out}");
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("new/form.expected.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(written.as_array().unwrap().len(), 4);
    assert_eq!(written[0]["source"]["path"], "new/form.txt");

    let (code, out) = run(root, &["check", "new"]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out, "1 files: 1 equal, 0 drifted, 0 missing expected\n");
}
