//! `jixiao audit`, `parse --audit` and the `audit_findings` table, end to end.

use std::path::Path;

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::Value;

const SEED: &str = "fixtures/seed/poverty-2019.txt";
const EXPECTED: &str = "fixtures/audit/poverty-2019.audit.expected.json";
const REUSE: &str = "fixtures/audit/template-reuse";

fn jixiao(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_readable_report_has_the_finding_and_the_counts_by_principle() {
    let (code, out, _) = jixiao(&["audit", "-q", SEED]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("form 3 「平台服务费」 (lines 78-102): 1 finding (完整性 0, 相关性 1, 适当性 0, 可行性 0)"),
        "{out}"
    );
    assert!(
        out.contains(
            "  line 98: warning[audit-vague-target] 相关性: 「提高各帮扶单位和个人帮扶成效」"
        ),
        "{out}"
    );
    assert!(out.contains("form 0 「扶贫综合保险」 (lines 3-28): no findings; 11 of 12 indicators (92%) are quantified"), "{out}");
    assert_eq!(
        out.lines().last(),
        Some("4 forms audited, 1 finding: 完整性 0, 相关性 1, 适当性 0, 可行性 0 (0 errors, 1 warning)")
    );
}

#[test]
fn json_is_the_reviewed_report() {
    let (code, out, _) = jixiao(&["audit", "-q", "--format", "json", SEED]);
    assert_eq!(code, Some(0));
    let got: Value = serde_json::from_str(&out).unwrap();
    let want: Value = serde_json::from_str(&std::fs::read_to_string(EXPECTED).unwrap()).unwrap();
    assert_eq!(got, want);
}

#[test]
fn csv_has_one_row_per_finding() {
    let (code, out, _) = jixiao(&["audit", "-q", "--format", "csv", "--excel", SEED]);
    assert_eq!(code, Some(0));
    let body = out.strip_prefix('\u{FEFF}').expect("--excel writes a BOM");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "path",
            "form_index",
            "year",
            "project_name",
            "code",
            "principle",
            "severity",
            "line",
            "message"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "3");
    assert_eq!(&rows[0][3], "平台服务费");
    assert_eq!(&rows[0][4], "audit-vague-target");
    assert_eq!(&rows[0][5], "相关性");
    assert_eq!(&rows[0][7], "98");
}

#[test]
fn a_batch_names_the_forms_a_template_was_reused_in() {
    let (code, out, _) = jixiao(&["audit", "-q", "--format", "json", REUSE]);
    assert_eq!(code, Some(0));
    let forms: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(forms.len(), 3);
    let codes = |i: usize| -> Vec<String> {
        forms[i]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes(0), ["audit-template-reuse"]);
    assert_eq!(codes(1), ["audit-template-reuse"]);
    assert!(codes(2).is_empty());
    let message = forms[0]["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("template-reuse/b.txt form 0 「胜利村灌渠修缮」"),
        "{message}"
    );
}

/// Removes `audit` from every record of a parse output.
fn without_audit(mut records: Vec<Value>) -> Vec<Value> {
    for r in &mut records {
        r.as_object_mut().unwrap().remove("audit");
    }
    records
}

#[test]
fn parse_audit_adds_findings_and_changes_nothing_else() {
    let (code, plain, _) = jixiao(&["parse", "-q", SEED]);
    assert_eq!(code, Some(0));
    let plain: Vec<Value> = serde_json::from_str(&plain).unwrap();
    assert!(plain.iter().all(|r| r.get("audit").is_none()));

    let (code, audited, _) = jixiao(&["parse", "-q", "--audit", SEED]);
    assert_eq!(code, Some(0));
    let audited: Vec<Value> = serde_json::from_str(&audited).unwrap();
    let findings: Vec<usize> = audited
        .iter()
        .map(|r| r["audit"].as_array().unwrap().len())
        .collect();
    assert_eq!(findings, [0, 0, 0, 1]);
    assert_eq!(audited[3]["audit"][0]["code"], "audit-vague-target");
    assert_eq!(audited[3]["audit"][0]["line"], 98);
    assert_eq!(without_audit(audited), plain);

    // JSON Lines too, with the same records.
    let (_, lines, _) = jixiao(&["parse", "-q", "--audit", "--format", "jsonl", SEED]);
    let lines: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[3]["audit"][0]["code"], "audit-vague-target");
    assert_eq!(without_audit(lines), plain);
}

#[test]
fn parse_audit_refuses_csv() {
    let (code, _, err) = jixiao(&["parse", "--audit", "--format", "csv", SEED]);
    assert_eq!(code, Some(2));
    assert!(err.contains("jixiao audit --format csv"), "{err}");
}

/// The seed's key in `source_files.path`: `jixiao import` stores canonical paths.
fn seed_key() -> String {
    std::fs::canonicalize(SEED).unwrap().display().to_string()
}

fn findings_in(db: &Path) -> Vec<(String, String, Option<i64>)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT s.path, a.code, a.line FROM audit_findings a
             JOIN forms f ON f.id = a.form_id JOIN source_files s ON s.id = a.source_file_id
             ORDER BY s.path, f.form_index, a.line",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn import_writes_findings_and_recomputes_template_reuse() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("forms.sqlite");
    let db_arg = db.to_str().unwrap();
    let (code, _, err) = jixiao(&["import", "-q", "--db", db_arg, SEED]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        findings_in(&db),
        [(seed_key(), "audit-vague-target".to_owned(), Some(98))]
    );
    // Again: unchanged, nothing rewritten.
    jixiao(&["import", "-q", "--db", db_arg, SEED]);
    assert_eq!(findings_in(&db).len(), 1);

    // Two projects with one indicator list, imported in separate runs.
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::copy(format!("{REUSE}/a.txt"), &a).unwrap();
    jixiao(&["import", "-q", "--db", db_arg, a.to_str().unwrap()]);
    assert_eq!(findings_in(&db).len(), 1, "one form alone is no reuse");
    std::fs::copy(format!("{REUSE}/b.txt"), &b).unwrap();
    jixiao(&["import", "-q", "--db", db_arg, b.to_str().unwrap()]);
    let reuse: Vec<_> = findings_in(&db)
        .into_iter()
        .filter(|f| f.1 == "audit-template-reuse")
        .collect();
    assert_eq!(reuse.len(), 2, "{reuse:?}");

    // b changes its targets: the reuse is gone from both forms.
    std::fs::copy(format!("{REUSE}/c.txt"), &b).unwrap();
    jixiao(&["import", "-q", "--db", db_arg, b.to_str().unwrap()]);
    assert!(findings_in(&db)
        .iter()
        .all(|f| f.1 != "audit-template-reuse"));
}

#[test]
fn a_version_1_database_gets_the_findings_of_the_forms_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("forms.sqlite");
    let db_arg = db.to_str().unwrap();
    jixiao(&["import", "-q", "--db", db_arg, SEED]);
    {
        // Back to schema version 1: no findings table, no parse keys.
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(
            "DROP TABLE audit_findings;
             DROP TABLE review_reasons;
             ALTER TABLE source_files DROP COLUMN given_path;
             ALTER TABLE source_files DROP COLUMN parse_key;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    // Opening migrates and backfills; the file (with no parse key) is imported again.
    let (code, _, err) = jixiao(&["import", "-q", "--db", db_arg, SEED]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        findings_in(&db),
        [(seed_key(), "audit-vague-target".to_owned(), Some(98))]
    );
    let conn = Connection::open(&db).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4);
}

#[test]
fn audit_help_names_the_doc() {
    let (code, out, _) = jixiao(&["help", "audit"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("docs/audit.md"), "{out}");
}

#[test]
fn parse_audit_with_review_only_writes_the_same_queue() {
    let dir = "fixtures/audit";
    let (_, queue, _) = jixiao(&["parse", "-q", "--review-only", dir]);
    let queue: Vec<Value> = serde_json::from_str(&queue).unwrap();
    // The form without funding lacks its total: it needs review.
    assert!(queue.iter().any(|r| r["project_name"] == "柳河渠修缮"));
    let (_, audited, _) = jixiao(&["parse", "-q", "--audit", "--review-only", dir]);
    let audited: Vec<Value> = serde_json::from_str(&audited).unwrap();
    let funding = audited
        .iter()
        .find(|r| r["project_name"] == "柳河渠修缮")
        .unwrap();
    assert_eq!(funding["audit"][0]["code"], "audit-missing-funding");
    assert_eq!(without_audit(audited), queue);
}
