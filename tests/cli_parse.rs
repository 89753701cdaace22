//! `jixiao parse` end to end, through the built binary.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = "fixtures/seed/poverty-2019.txt";
const EXPECTED: &str = "fixtures/seed/poverty-2019.expected.json";

fn jixiao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
}

fn expected() -> Vec<Value> {
    let text = std::fs::read_to_string(EXPECTED).unwrap();
    match serde_json::from_str(&text).unwrap() {
        Value::Array(records) => records,
        other => panic!("the expected file is not an array: {other}"),
    }
}

/// The expected records as they read when parsed from `path`.
fn expected_at(path: &str) -> Vec<Value> {
    let mut records = expected();
    for r in &mut records {
        r["source"]["path"] = Value::from(path);
    }
    records
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn indicators(records: &[Value]) -> usize {
    records
        .iter()
        .map(|r| r["indicators"].as_array().unwrap().len())
        .sum()
}

/// Every diagnostic (file-level and per record) of the given severity.
fn count_severity(lines: &[Value], severity: &str) -> usize {
    lines
        .iter()
        .flat_map(|l| l["diagnostics"].as_array().unwrap())
        .filter(|d| d["severity"] == severity)
        .count()
}

#[test]
fn seed_as_json_equals_the_expected_file() {
    let out = jixiao().args(["parse", SEED]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got, Value::Array(expected()));
}

#[test]
fn seed_as_json_lines_has_one_record_per_line() {
    let out = jixiao()
        .args(["parse", "--format", "jsonl", SEED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 4);
    assert_eq!(json_lines(&text), expected());
}

#[test]
fn output_file_gets_what_stdout_would() {
    let dir = tempfile::tempdir().unwrap();
    for (format, ext) in [("json", "json"), ("jsonl", "jsonl"), ("csv", "csv")] {
        let path = dir.path().join(format!("out.{ext}"));
        let to_file = jixiao()
            .args(["parse", "--quiet", "--format", format, "-o"])
            .arg(&path)
            .arg(SEED)
            .output()
            .unwrap();
        assert_eq!(to_file.status.code(), Some(0), "{}", stderr(&to_file));
        assert!(to_file.stdout.is_empty(), "{format}: stdout not empty");
        let to_stdout = jixiao()
            .args(["parse", "--quiet", "--format", format, SEED])
            .output()
            .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), to_stdout.stdout, "{format}");
    }
}

#[test]
fn output_dash_is_stdout_not_a_file_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::canonicalize(SEED).unwrap();
    let dashed = jixiao()
        .current_dir(dir.path())
        .args(["parse", "--quiet", "--format", "jsonl", "-o", "-"])
        .arg(&seed)
        .output()
        .unwrap();
    assert_eq!(dashed.status.code(), Some(0), "{}", stderr(&dashed));
    assert!(!dir.path().join("-").exists(), "a file named - was written");
    let plain = jixiao()
        .current_dir(dir.path())
        .args(["parse", "--quiet", "--format", "jsonl"])
        .arg(&seed)
        .output()
        .unwrap();
    assert!(!dashed.stdout.is_empty());
    assert_eq!(dashed.stdout, plain.stdout);
}

/// A directory of good, broken, binary, empty and GB18030 files, with a subdirectory.
fn mixed_dir(root: &Path) {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let dir = root.join("in");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("good.txt"), &seed).unwrap();
    std::fs::write(dir.join("sub/nested.txt"), &seed).unwrap();
    std::fs::write(
        dir.join("broken.txt"),
        "这份文件只有一段说明文字，没有任何表格。\nIt is prose, not a form.\n",
    )
    .unwrap();
    // Binary bytes no native reader claims (a PNG would go to OCR).
    let mut png = b"\0\0\0\rIHDR".to_vec();
    let mut x: u32 = 0x2545_f491;
    for _ in 0..512 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        png.push(x.to_le_bytes()[0]);
    }
    std::fs::write(dir.join("binary.bin"), png).unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    let (gb, _, had_errors) = encoding_rs::GB18030.encode(&seed);
    assert!(!had_errors);
    assert!(
        std::str::from_utf8(&gb).is_err(),
        "the copy must not be UTF-8"
    );
    std::fs::write(dir.join("gbk.txt"), &gb).unwrap();
}

/// Sorted path order of the mixed directory, with what each file should yield.
const MIXED: &[(&str, Option<&str>)] = &[
    ("in/binary.bin", Some("binary-file")),
    ("in/broken.txt", Some("no-form-found")),
    ("in/empty.txt", Some("empty-file")),
    ("in/gbk.txt", None),
    ("in/good.txt", None),
    ("in/sub/nested.txt", None),
];

fn without_encoding(mut records: Vec<Value>) -> Vec<Value> {
    for r in &mut records {
        r["source"]
            .as_object_mut()
            .unwrap()
            .remove("encoding")
            .unwrap();
    }
    records
}

#[test]
fn a_directory_with_bad_files_yields_every_record_and_one_error_line_per_bad_file() {
    let root = tempfile::tempdir().unwrap();
    mixed_dir(root.path());
    let out = jixiao()
        .current_dir(root.path())
        // Every file, not only the `.txt` ones a walk takes by default.
        .args(["parse", "--format", "jsonl", "--glob", "*", "in"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&stdout(&out));
    let err = stderr(&out);

    let mut want = Vec::new();
    for (path, bad) in MIXED {
        match bad {
            Some(code) => want.push(serde_json::json!({"error_for": path, "code": code})),
            None => want.extend(expected_at(path)),
        }
    }
    assert_eq!(lines.len(), want.len());
    let mut detected = 0;
    for (got, want) in lines.iter().zip(&want) {
        if let Some(path) = want.get("error_for") {
            assert_eq!(got["error"], true, "{got}");
            assert_eq!(got["source"]["path"], *path);
            let codes: Vec<&Value> = got["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| &d["code"])
                .collect();
            assert!(codes.contains(&&want["code"]), "{path}: {codes:?}");
            let named = format!(
                "{}: error[{}]",
                path.as_str().unwrap(),
                want["code"].as_str().unwrap()
            );
            assert!(err.contains(&named), "stderr lacks {named:?}:\n{err}");
        } else if got["source"]["path"] == "in/gbk.txt" {
            // Detected, not forced: the record says so in an info diagnostic.
            assert_eq!(got["source"]["encoding"], "GB18030");
            let mut got = got.clone();
            let diagnostics = got["diagnostics"].as_array_mut().unwrap();
            let before = diagnostics.len();
            diagnostics.retain(|d| d["code"] != "encoding-detected");
            detected += before - diagnostics.len();
            assert_eq!(
                without_encoding(vec![got]),
                without_encoding(vec![want.clone()])
            );
        } else {
            assert_eq!(got, want);
        }
    }

    assert_eq!(
        detected, 1,
        "one encoding-detected diagnostic for in/gbk.txt"
    );

    let records: Vec<Value> = lines
        .iter()
        .filter(|l| l.get("error").is_none())
        .cloned()
        .collect();
    let summary = format!(
        "6 files (3 failed), {} forms, {} indicators, {} warnings, {} errors, ",
        3 * expected().len(),
        3 * indicators(&expected()),
        count_severity(&lines, "warning"),
        count_severity(&lines, "error"),
    );
    assert_eq!(records.len(), 12);
    assert!(err.contains(&summary), "no {summary:?} in:\n{err}");

    // --quiet drops the summary, not the errors.
    let quiet = jixiao()
        .current_dir(root.path())
        .args(["parse", "--quiet", "--format", "jsonl", "--glob", "*", "in"])
        .output()
        .unwrap();
    assert_eq!(quiet.status.code(), Some(1));
    assert_eq!(quiet.stdout, out.stdout);
    let quiet_err = stderr(&quiet);
    assert!(!quiet_err.contains(" files ("), "{quiet_err}");
    for (path, code) in MIXED.iter().filter_map(|(p, c)| c.map(|c| (p, c))) {
        assert!(
            quiet_err.contains(&format!("{path}: error[{code}]")),
            "{quiet_err}"
        );
    }
}

#[test]
fn glob_filters_directory_inputs() {
    let root = tempfile::tempdir().unwrap();
    mixed_dir(root.path());
    let out = jixiao()
        .current_dir(root.path())
        .args(["parse", "--format", "jsonl", "--glob", "*.txt", "in"])
        .output()
        .unwrap();
    let lines = json_lines(&stdout(&out));
    let paths: Vec<&str> = lines
        .iter()
        .map(|l| l["source"]["path"].as_str().unwrap())
        .collect();
    assert!(!paths.contains(&"in/binary.bin"));
    assert!(
        stderr(&out).contains("5 files (2 failed)"),
        "{}",
        stderr(&out)
    );
    // Without --glob a walk takes the extensions jixiao reads: the same files.
    let default = jixiao()
        .current_dir(root.path())
        .args(["parse", "--format", "jsonl", "in"])
        .output()
        .unwrap();
    assert_eq!(default.stdout, out.stdout);
    let mut dedup = paths.clone();
    dedup.dedup();
    assert_eq!(
        dedup,
        [
            "in/broken.txt",
            "in/empty.txt",
            "in/gbk.txt",
            "in/good.txt",
            "in/sub/nested.txt"
        ]
    );
}

#[test]
fn output_order_does_not_depend_on_jobs() {
    let root = tempfile::tempdir().unwrap();
    mixed_dir(root.path());
    for format in ["json", "jsonl", "csv"] {
        let run = |jobs: &str| {
            jixiao()
                .current_dir(root.path())
                .args(["parse", "--quiet", "--format", format, "--jobs", jobs, "in"])
                .output()
                .unwrap()
                .stdout
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("2"), "{format}");
    }
}

#[test]
fn dash_reads_standard_input() {
    let out = jixiao()
        .args(["parse", "-"])
        .write_stdin(std::fs::read(SEED).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got, Value::Array(expected_at("-")));
}

#[test]
fn unknown_encoding_is_a_usage_error() {
    let out = jixiao()
        .args(["parse", "--encoding", "nope", SEED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_path_fails_and_is_named() {
    let out = jixiao()
        .args(["parse", "no/such/dir/form.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no/such/dir/form.txt: error[unreadable-file]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_mentions_examples_and_exit_codes() {
    for args in [&["--help"][..], &["parse", "--help"]] {
        let out = jixiao().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(text.contains("xamples"), "{args:?}:\n{text}");
        assert!(text.contains("Exit codes"), "{args:?}:\n{text}");
        for code in ["0 ", "1 ", "2 usage", "130 interrupted"] {
            assert!(text.contains(code), "{args:?} lacks {code:?}:\n{text}");
        }
    }
    let parse_help = stdout(&jixiao().args(["parse", "--help"]).output().unwrap());
    assert!(
        parse_help.contains("jixiao parse --format jsonl"),
        "{parse_help}"
    );
}

#[test]
fn forced_gbk_reads_the_gb18030_copy_like_the_utf8_seed() {
    let root = tempfile::tempdir().unwrap();
    mixed_dir(root.path());
    let out = jixiao()
        .current_dir(root.path())
        .args(["parse", "--encoding", "gbk", "in/gbk.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        without_encoding(got),
        without_encoding(expected_at("in/gbk.txt"))
    );
}

#[test]
fn strict_fails_on_the_seed_warning() {
    let warnings: Vec<String> = expected()
        .iter()
        .flat_map(|r| r["diagnostics"].as_array().unwrap().clone())
        .filter(|d| d["severity"] == "warning")
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(warnings, ["level1-inferred"]);
    let lenient = jixiao().args(["parse", SEED]).output().unwrap();
    assert_eq!(lenient.status.code(), Some(0));
    let strict = jixiao().args(["parse", "--strict", SEED]).output().unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(strict.stdout, lenient.stdout);
}
