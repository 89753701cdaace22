//! `jixiao import` end to end: the seed in SQLite, re-import, replacement and failed files.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::Value;

const SEED_DIR: &str = "fixtures/seed/";
const SEED: &str = "fixtures/seed/poverty-2019.txt";
const EXPECTED: &str = "fixtures/seed/poverty-2019.expected.json";

fn expected() -> Vec<Value> {
    serde_json::from_str(&std::fs::read_to_string(EXPECTED).unwrap()).unwrap()
}

fn import(db: &Path, paths: &[&Path]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("import")
        .arg("--db")
        .arg(db)
        .args(paths)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Rows in source_files, forms, indicators and diagnostics.
fn counts(conn: &Connection) -> [i64; 4] {
    ["source_files", "forms", "indicators", "diagnostics"]
        .map(|t| count(conn, &format!("SELECT count(*) FROM {t}")))
}

fn diagnostics_in(records: &[Value]) -> i64 {
    records
        .iter()
        .map(|r| r["diagnostics"].as_array().unwrap().len() as i64)
        .sum()
}

fn indicators_in(records: &[Value]) -> i64 {
    records
        .iter()
        .map(|r| r["indicators"].as_array().unwrap().len() as i64)
        .sum()
}

#[test]
fn the_seed_answers_questions_in_sql() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    let (code, err) = import(&db, &[Path::new(SEED_DIR)]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("1 inserted"), "{err}");

    let records = expected();
    let conn = Connection::open(&db).unwrap();

    let mut per_level1: BTreeMap<String, i64> = BTreeMap::new();
    for r in &records {
        for ind in r["indicators"].as_array().unwrap() {
            *per_level1
                .entry(ind["level1"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    let mut stmt = conn
        .prepare("SELECT level1, count(*) FROM indicators GROUP BY level1")
        .unwrap();
    let got: BTreeMap<String, i64> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got, per_level1);

    let mut per_department: BTreeMap<String, f64> = BTreeMap::new();
    for r in &records {
        *per_department
            .entry(r["department"].as_str().unwrap().to_owned())
            .or_default() += r["funding"]["total"]["number"].as_f64().unwrap();
    }
    let mut stmt = conn
        .prepare("SELECT department, sum(funding_total) FROM forms GROUP BY department")
        .unwrap();
    let got: BTreeMap<String, f64> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got.len(), per_department.len());
    for (dept, total) in &per_department {
        assert!(
            (got[dept] - total).abs() < 1e-9,
            "{dept}: {} vs {total}",
            got[dept]
        );
    }

    let with_errors = records
        .iter()
        .filter(|r| {
            r["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["severity"] == "error")
        })
        .count() as i64;
    let got = count(
        &conn,
        "SELECT count(DISTINCT form_id) FROM diagnostics WHERE severity = 'error'",
    );
    assert_eq!(got, with_errors);

    let before = counts(&conn);
    assert_eq!(
        before,
        [
            1,
            records.len() as i64,
            indicators_in(&records),
            diagnostics_in(&records)
        ]
    );

    let (code, err) = import(&db, &[Path::new(SEED_DIR)]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("1 unchanged"), "{err}");
    assert_eq!(counts(&Connection::open(&db).unwrap()), before);
}

#[test]
fn a_changed_file_replaces_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let file = input.join("seed.txt");
    let seed = std::fs::read_to_string(SEED).unwrap();
    std::fs::write(&file, &seed).unwrap();
    let db = dir.path().join("db.sqlite");
    let (code, err) = import(&db, &[&input]);
    assert_eq!(code, Some(0), "{err}");

    // Keep the first three forms only.
    let fourth = seed.match_indices("绩效目标申报表").nth(3).unwrap().0;
    std::fs::write(&file, &seed[..fourth]).unwrap();
    let (code, err) = import(&db, &[&input]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("1 replaced"), "{err}");

    let first_three = &expected()[..3];
    let conn = Connection::open(&db).unwrap();
    assert_eq!(
        counts(&conn),
        [
            1,
            3,
            indicators_in(first_three),
            diagnostics_in(first_three)
        ]
    );
    // Nothing is left of the old rows.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM indicators WHERE form_id NOT IN (SELECT id FROM forms)"
        ),
        0
    );
    let total: f64 = conn
        .query_row("SELECT sum(funding_total) FROM forms", [], |r| r.get(0))
        .unwrap();
    let want: f64 = first_three
        .iter()
        .map(|r| r["funding"]["total"]["number"].as_f64().unwrap())
        .sum();
    assert!((total - want).abs() < 1e-9, "{total} vs {want}");
}

#[test]
fn a_bad_file_is_recorded_as_failed_and_the_import_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a-broken.txt"), "只是一段说明文字，没有表格。\n").unwrap();
    std::fs::copy(SEED, input.join("b-seed.txt")).unwrap();
    let db = dir.path().join("db.sqlite");
    let (code, err) = import(&db, &[&input]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("a-broken.txt: error[no-form-found]"), "{err}");

    let conn = Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare("SELECT path, status, error FROM source_files ORDER BY path")
        .unwrap();
    let rows: Vec<(String, String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].0.ends_with("a-broken.txt"));
    assert_eq!(rows[0].1, "failed");
    assert!(
        rows[0].2.as_deref().unwrap().starts_with("no-form-found: "),
        "{:?}",
        rows[0].2
    );
    assert!(rows[1].0.ends_with("b-seed.txt"));
    assert_eq!((rows[1].1.as_str(), rows[1].2.as_deref()), ("ok", None));
    let records = expected();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM forms"),
        records.len() as i64
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM indicators"),
        indicators_in(&records)
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM diagnostics WHERE form_id IS NULL AND code = 'no-form-found'"
        ),
        1
    );
}

#[test]
fn a_database_in_a_missing_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no/such/dir/db.sqlite");
    let (code, err) = import(&db, &[Path::new(SEED)]);
    assert_ne!(code, Some(0));
    let parent = db.parent().unwrap().display().to_string();
    assert_eq!(
        err.trim_end(),
        format!(
            "jixiao: cannot create database {}: directory {parent} does not exist",
            db.display()
        )
    );
    assert!(!db.exists());
}

#[test]
fn the_readme_query_output_is_what_the_seed_gives() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let block = readme
        .split("GROUP BY level1 ORDER BY indicators DESC'\n")
        .nth(1)
        .expect("the README shows the indicators-per-level1 query");
    let shown: Vec<&str> = block
        .lines()
        .take_while(|l| !l.starts_with("```"))
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("forms.sqlite");
    let (code, err) = import(&db, &[Path::new(SEED_DIR)]);
    assert_eq!(code, Some(0), "{err}");
    let conn = Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT level1, count(*) AS indicators FROM indicators GROUP BY level1 \
             ORDER BY indicators DESC",
        )
        .unwrap();
    let got: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "{}|{}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(shown, got);
}
