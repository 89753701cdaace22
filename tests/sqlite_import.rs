//! SQLite import: hand-built records go in, SQL answers come out.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use jixiao::diagnostic::{Code, Diagnostic};
use jixiao::import::{FileImport, ImportError, Importer};
use jixiao::record::*;

mod common;
use common::{indicator, quantity, record};

fn qty(n: f64) -> Option<Value> {
    Some(quantity(&format!("{n}"), None, n, None))
}

fn form(path: &str, index: usize, department: &str, total: f64, inds: &[(&str, &str)]) -> Record {
    let indicators = inds
        .iter()
        .enumerate()
        .map(|(i, (l1, name))| indicator(l1, "数量指标", name, qty(i as f64), 10 + i))
        .collect();
    let mut r = record(path, index, indicators);
    r.department = Some(department.into());
    r.funding.total = Some(quantity(&format!("{total}万元"), None, total, Some("万元")));
    r
}

/// File a.txt: two forms, the second with an error diagnostic.
fn file_a() -> Vec<Record> {
    let mut f0 = form(
        "a.txt",
        0,
        "区财政局",
        6.7,
        &[
            ("产出指标", "户数"),
            ("产出指标", "人数"),
            ("效益指标", "收入"),
            ("满意度指标", "满意度"),
        ],
    );
    f0.diagnostics = vec![Diagnostic::at(Code::Level1Inferred, 12, "inferred")];
    let mut f1 = form("a.txt", 1, "区教育局", 100.0, &[("产出指标", "学校数")]);
    f1.diagnostics = vec![Diagnostic::at(Code::FormTruncated, 40, "ends early")];
    f1.needs_review = true;
    vec![f0, f1]
}

/// File b.txt: one form.
fn file_b() -> Vec<Record> {
    vec![form(
        "b.txt",
        0,
        "区财政局",
        3.3,
        &[("产出指标", "道路"), ("效益指标", "通行")],
    )]
}

fn setup(dir: &Path) -> Importer {
    let mut imp = Importer::open(&dir.join("forms.sqlite")).unwrap();
    let a = imp.import_file("a.txt", b"content a", Some("UTF-8"), &file_a(), &[]);
    assert_eq!(a.unwrap(), FileImport::Inserted { forms: 2 });
    let b = imp.import_file("b.txt", b"content b", Some("GB18030"), &file_b(), &[]);
    assert_eq!(b.unwrap(), FileImport::Inserted { forms: 1 });
    imp
}

fn count(imp: &Importer, table: &str) -> i64 {
    imp.connection()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn counts(imp: &Importer) -> [i64; 4] {
    ["source_files", "forms", "indicators", "diagnostics"].map(|t| count(imp, t))
}

fn pairs<T: rusqlite::types::FromSql>(imp: &Importer, sql: &str) -> Vec<(String, T)> {
    let mut stmt = imp.connection().prepare(sql).unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows
}

#[test]
fn sql_answers_questions_about_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let imp = setup(dir.path());

    let per_level1: Vec<(String, i64)> = pairs(
        &imp,
        "SELECT level1, count(*) FROM indicators GROUP BY level1 ORDER BY level1",
    );
    let want: BTreeMap<&str, i64> = [("产出指标", 4), ("效益指标", 2), ("满意度指标", 1)].into();
    let got: BTreeMap<&str, i64> = per_level1.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(got, want);

    let funding: Vec<(String, f64)> = pairs(
        &imp,
        "SELECT department, sum(funding_total) FROM forms GROUP BY department ORDER BY department",
    );
    assert_eq!(funding.len(), 2);
    for (dept, total) in funding {
        let want = if dept == "区财政局" { 10.0 } else { 100.0 };
        assert!((total - want).abs() < 1e-9, "{dept}: {total}");
    }

    let with_error: Vec<(String, i64)> = pairs(
        &imp,
        "SELECT DISTINCT s.path, f.form_index FROM forms f
         JOIN source_files s ON s.id = f.source_file_id
         JOIN diagnostics d ON d.form_id = f.id
         WHERE d.severity = 'error'",
    );
    assert_eq!(with_error, vec![("a.txt".to_owned(), 1)]);

    // The stored JSON is the record itself.
    let json: String = imp
        .connection()
        .query_row(
            "SELECT record_json FROM forms WHERE department = '区教育局'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let back: Record = serde_json::from_str(&json).unwrap();
    assert_eq!(back, file_a()[1]);

    let enc: Vec<(String, String)> = pairs(
        &imp,
        "SELECT path, encoding FROM source_files WHERE status = 'ok' ORDER BY path",
    );
    assert_eq!(
        enc,
        vec![
            ("a.txt".to_owned(), "UTF-8".to_owned()),
            ("b.txt".to_owned(), "GB18030".to_owned())
        ]
    );
}

#[test]
fn value_columns_follow_the_value_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut imp = Importer::open(&dir.path().join("db")).unwrap();
    let range = common::range("90%-100%", 90.0, 100.0, Some("%"));
    let r = record(
        "v.txt",
        0,
        vec![
            indicator(
                "产出指标",
                "数量指标",
                "户数",
                Some(quantity("≥340户", Some(Op::Ge), 340.0, Some("户"))),
                15,
            ),
            indicator("效益指标", "社会效益指标", "比例", Some(range), 16),
            indicator(
                "效益指标",
                "社会效益指标",
                "提高",
                Some(Value::text("有所提高")),
                17,
            ),
            indicator("满意度指标", "服务对象满意度指标", "满意度", None, 18),
        ],
    );
    imp.import_file("v.txt", b"v", None, &[r], &[]).unwrap();
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<f64>,
        Option<String>,
        Option<f64>,
        Option<f64>,
        i64,
        Option<String>,
    );
    let mut stmt = imp
        .connection()
        .prepare(
            "SELECT name, kind, op, number, unit, min, max, line, raw FROM indicators ORDER BY position",
        )
        .unwrap();
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let s = |v: &str| Some(v.to_owned());
    assert_eq!(
        rows,
        vec![
            (
                "户数".into(),
                s("quantity"),
                s(">="),
                Some(340.0),
                s("户"),
                None,
                None,
                15,
                s("≥340户")
            ),
            (
                "比例".into(),
                s("range"),
                None,
                None,
                s("%"),
                Some(90.0),
                Some(100.0),
                16,
                s("90%-100%")
            ),
            (
                "提高".into(),
                s("text"),
                None,
                None,
                None,
                None,
                None,
                17,
                s("有所提高")
            ),
            (
                "满意度".into(),
                None,
                None,
                None,
                None,
                None,
                None,
                18,
                None
            ),
        ]
    );
    let enc: String = imp
        .connection()
        .query_row("SELECT encoding FROM source_files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(enc, "UTF-8", "falls back to the record's encoding");
}

#[test]
fn same_content_again_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut imp = setup(dir.path());
    let before = counts(&imp);
    let stamp = |imp: &Importer| -> Vec<(String, String)> {
        pairs(
            imp,
            "SELECT path, imported_at FROM source_files ORDER BY path",
        )
    };
    let stamps = stamp(&imp);
    let again = imp.import_file("a.txt", b"content a", Some("UTF-8"), &file_a(), &[]);
    assert_eq!(again.unwrap(), FileImport::Unchanged);
    assert_eq!(counts(&imp), before);
    assert_eq!(before, [2, 3, 7, 2]);
    assert_eq!(stamp(&imp), stamps);
}

#[test]
fn changed_content_replaces_the_old_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut imp = setup(dir.path());
    let new = vec![form("a.txt", 0, "区卫健委", 5.0, &[("效益指标", "就诊")])];
    let res = imp.import_file("a.txt", b"content a, edited", Some("UTF-8"), &new, &[]);
    assert_eq!(res.unwrap(), FileImport::Replaced { forms: 1 });
    // b.txt's 1 form, 2 indicators remain; a.txt now has 1 form, 1 indicator, no diagnostics.
    assert_eq!(counts(&imp), [2, 2, 3, 0]);
    let depts: Vec<(String, i64)> = pairs(
        &imp,
        "SELECT department, count(*) FROM forms GROUP BY department ORDER BY department",
    );
    let depts: BTreeMap<String, i64> = depts.into_iter().collect();
    assert_eq!(depts.get("区卫健委"), Some(&1));
    assert_eq!(depts.get("区教育局"), None);
    // Nothing is left pointing at the deleted rows.
    let orphans: i64 = imp
        .connection()
        .query_row(
            "SELECT (SELECT count(*) FROM indicators WHERE form_id NOT IN (SELECT id FROM forms))
                  + (SELECT count(*) FROM forms WHERE source_file_id NOT IN (SELECT id FROM source_files))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn a_failed_file_is_recorded_with_its_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let mut imp = setup(dir.path());
    let diag = Diagnostic::new(Code::BinaryFile, None, "looks like binary data");
    let res = imp.import_file("bad.bin", &[0, 159, 146, 150], None, &[], &[diag]);
    assert_eq!(res.unwrap(), FileImport::Failed);
    let (status, error): (String, String) = imp
        .connection()
        .query_row(
            "SELECT status, error FROM source_files WHERE path = 'bad.bin'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "failed");
    assert!(error.contains("binary-file"), "{error}");
    let diags: Vec<(String, String)> = pairs(
        &imp,
        "SELECT d.code, d.severity FROM diagnostics d
         JOIN source_files s ON s.id = d.source_file_id
         WHERE s.path = 'bad.bin' AND d.form_id IS NULL",
    );
    assert_eq!(diags, vec![("binary-file".to_owned(), "error".to_owned())]);
    let ok_error: Option<String> = imp
        .connection()
        .query_row(
            "SELECT error FROM source_files WHERE path = 'a.txt'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ok_error, None);
}

#[test]
fn a_path_in_a_missing_directory_is_an_open_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-dir").join("forms.sqlite");
    let err = Importer::open(&path).err().expect("must fail");
    assert!(matches!(err, ImportError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-dir"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.sqlite");
    std::fs::write(
        &path,
        "this is not an SQLite database, just some text".repeat(100),
    )
    .unwrap();
    assert!(Importer::open(&path).is_err());
}

#[test]
fn a_locked_database_fails_clearly_and_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.sqlite");
    let mut imp = setup(dir.path());

    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();

    let start = Instant::now();
    let err = Importer::open(&path)
        .err()
        .expect("open must fail while locked");
    assert!(matches!(err, ImportError::Locked), "{err:?}");
    assert!(err.to_string().contains("locked"), "{err}");
    let err = imp
        .import_file("c.txt", b"c", None, &file_b(), &[])
        .unwrap_err();
    assert!(matches!(err, ImportError::Locked), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(30));

    other.execute_batch("ROLLBACK").unwrap();
    let res = imp.import_file("c.txt", b"c", None, &file_b(), &[]);
    assert_eq!(res.unwrap(), FileImport::Inserted { forms: 1 });
}

#[test]
fn an_interrupted_import_keeps_exactly_the_files_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.sqlite");
    let mut imp = Importer::open(&path).unwrap();
    for i in 0..3 {
        let name = format!("f{i}.txt");
        let recs = vec![form(&name, 0, "区财政局", 1.0, &[("产出指标", "户数")])];
        let res = imp.import_file(&name, name.as_bytes(), None, &recs, &[]);
        assert_eq!(res.unwrap(), FileImport::Inserted { forms: 1 });
    }
    imp.fail_after_forms(1);
    let recs = vec![
        form("f3.txt", 0, "区财政局", 1.0, &[("产出指标", "户数")]),
        form("f3.txt", 1, "区财政局", 1.0, &[("产出指标", "户数")]),
    ];
    let err = imp
        .import_file("f3.txt", b"f3", None, &recs, &[])
        .unwrap_err();
    assert!(matches!(err, ImportError::Injected), "{err:?}");
    drop(imp);

    let mut imp = Importer::open(&path).unwrap();
    let paths: Vec<(String, String)> =
        pairs(&imp, "SELECT path, status FROM source_files ORDER BY path");
    let paths: Vec<&str> = paths.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["f0.txt", "f1.txt", "f2.txt"]);
    assert_eq!(counts(&imp), [3, 3, 3, 0]);
    let check: String = imp
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    // The file imports in full when tried again.
    let res = imp.import_file("f3.txt", b"f3", None, &recs, &[]);
    assert_eq!(res.unwrap(), FileImport::Inserted { forms: 2 });
}

#[test]
fn a_read_only_database_is_refused_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.sqlite");
    drop(setup(dir.path()));
    // File permissions do not bind root, so open it read-only through an SQLite URI.
    let uri = format!("file:{}?mode=ro", path.display());
    let err = Importer::open(Path::new(&uri)).err().expect("must fail");
    assert!(matches!(err, ImportError::ReadOnly), "{err:?}");
}

/// Each form's review reasons as stored: (path, form_index, position, code), in order.
fn stored_reasons(imp: &Importer) -> Vec<(String, i64, i64, String)> {
    let mut stmt = imp
        .connection()
        .prepare(
            "SELECT s.path, f.form_index, r.position, r.code FROM review_reasons r
             JOIN forms f ON f.id = r.form_id
             JOIN source_files s ON s.id = f.source_file_id
             ORDER BY s.path, f.form_index, r.position",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// file_a with reasons on its second form, weightiest first as the trust layer orders them.
fn file_a_with_reasons() -> Vec<Record> {
    let mut forms = file_a();
    forms[1].review_reasons = vec![Code::FormTruncated, Code::FundingMismatch];
    forms
}

#[test]
fn review_reasons_read_back_in_order_and_go_with_their_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut imp = Importer::open(&dir.path().join("forms.sqlite")).unwrap();
    let res = imp.import_file("a.txt", b"a", None, &file_a_with_reasons(), &[]);
    assert_eq!(res.unwrap(), FileImport::Inserted { forms: 2 });
    let want = |path: &str, pos: i64, code: Code| (path.to_owned(), 1, pos, code.to_string());
    assert_eq!(
        stored_reasons(&imp),
        [
            want("a.txt", 0, Code::FormTruncated),
            want("a.txt", 1, Code::FundingMismatch)
        ]
    );
    // The column agrees with the record kept beside it.
    let json: String = imp
        .connection()
        .query_row(
            "SELECT json_extract(record_json, '$.review_reasons') FROM forms WHERE form_index = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(json, r#"["form-truncated","funding-mismatch"]"#);
    // Replacing the file replaces its reasons: none are left behind.
    let res = imp.import_file("a.txt", b"a, edited", None, &file_b(), &[]);
    assert_eq!(res.unwrap(), FileImport::Replaced { forms: 1 });
    assert_eq!(stored_reasons(&imp), []);
}

#[test]
fn a_version_3_database_gets_the_review_reasons_of_the_forms_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forms.sqlite");
    let mut imp = Importer::open(&path).unwrap();
    imp.import_file("a.txt", b"a", None, &file_a_with_reasons(), &[])
        .unwrap();
    let before = stored_reasons(&imp);
    assert_eq!(before.len(), 2);
    imp.connection()
        .execute_batch("DROP TABLE review_reasons; PRAGMA user_version = 3;")
        .unwrap();
    drop(imp);
    let imp = Importer::open(&path).unwrap();
    assert_eq!(stored_reasons(&imp), before);
}
