//! `jixiao parse` and needs_review: warnings on stderr, the review summary, `--review-only`.

use assert_cmd::Command;
use serde_json::Value;

fn jixiao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
}

/// A whole made-up form; `value` is the 群众满意度 cell.
fn form(value: &str) -> String {
    format!(
        "绩效目标申报表\n（2021年度）\n项目名称\t石桥镇饮水安全巩固提升\n主管部门\t石桥县水利局\t实施单位\t石桥县水务站\n\
         项目负责人及电话\t周明 13912340000\n资金情况（万元）\t年度资金总额\t120\n\t其中：财政拨款\t120\n\t其他资金\t\n\
         年度目标\t完成3处水厂改造。\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\
         \t产出指标\t数量指标\t改造水厂数量\t≥3处\n\t\t\t新铺管网长度\t≥12公里\n\
         \t满意度指标\t服务对象满意度指标\t群众满意度\t{value}\n注：各地可根据实际情况填报。\n"
    )
}

fn dir_with(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn warnings_are_listed_on_stderr_unless_quiet() {
    let dir = dir_with(&[("bad.txt", form("%66z"))]);
    let out = jixiao()
        .current_dir(dir.path())
        .args(["parse", "bad.txt"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.txt:13: warning[value-odd-chars]: "),
        "{err}"
    );
    assert!(
        err.contains("1 of 1 forms need review; top reasons: value-odd-chars ×1"),
        "{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings alone do not fail without --strict"
    );

    let quiet = jixiao()
        .current_dir(dir.path())
        .args(["parse", "-q", "bad.txt"])
        .output()
        .unwrap();
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );

    let strict = jixiao()
        .current_dir(dir.path())
        .args(["parse", "-q", "--strict", "bad.txt"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn review_only_writes_the_flagged_records() {
    let dir = dir_with(&[
        ("a-good.txt", form("≥90%")),
        ("b-bad.txt", form("二90%")),
        ("c-empty.txt", String::new()),
    ]);
    let all = jixiao()
        .current_dir(dir.path())
        .args(["parse", "-q", "-f", "jsonl", "."])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(all.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["needs_review"], false, "{}", lines[0]);
    assert_eq!(lines[0]["review_reasons"], serde_json::json!([]));
    assert_eq!(lines[1]["needs_review"], true);

    let queue = jixiao()
        .current_dir(dir.path())
        .args(["parse", "-q", "-f", "jsonl", "--review-only", "."])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(queue.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = lines
        .iter()
        .map(|l| l["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./b-bad.txt", "./c-empty.txt"]);
    assert_eq!(lines[0]["review_reasons"][0], "ocr-digit");

    let csv = jixiao()
        .current_dir(dir.path())
        .args(["parse", "-q", "-f", "csv", "--review-only", "."])
        .output()
        .unwrap();
    let text = String::from_utf8(csv.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |k: &str| header.iter().position(|h| h == k).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "one row per indicator of the flagged form");
    for row in &rows {
        assert_eq!(&row[at("path")], "./b-bad.txt");
        assert_eq!(&row[at("needs_review")], "true");
        assert_eq!(&row[at("review_reasons")], "ocr-digit");
    }
}
