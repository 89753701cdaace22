//! Hostile input through the built binary: every input named and counted,
//! no output written over an input, no blocked read, no raw control
//! characters on the terminal.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = "fixtures/seed/poverty-2019.txt";

/// Long enough for any honest run on a loaded machine; a hang fails instead of blocking CI.
const HANG: Duration = Duration::from_secs(120);

fn jixiao(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.current_dir(dir).timeout(HANG);
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    text(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The seed copied to `dir/name`.
fn seed_at(dir: &Path, name: &str) {
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED),
        dir.join(name),
    )
    .unwrap();
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Defect: a dangling link, a link loop and a FIFO met in a directory walk
/// were printed (or not) but not counted, not in JSON Lines, not imported.
#[cfg(unix)]
#[test]
fn what_a_directory_walk_cannot_read_is_named_counted_and_written() {
    let root = tempfile::tempdir().unwrap();
    let d = root.path().join("d");
    std::fs::create_dir(&d).unwrap();
    seed_at(&d, "a.txt");
    std::os::unix::fs::symlink("nowhere.txt", d.join("b-dangling.txt")).unwrap();
    std::os::unix::fs::symlink("..", d.join("c-loop")).unwrap();
    mkfifo(&d.join("d-fifo.txt"));

    let out = jixiao(root.path())
        .args(["parse", "--format", "jsonl", "d"])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines = json_lines(&out.stdout);
    let failures: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["error"] == true)
        .map(|l| {
            (
                l["source"]["path"].as_str().unwrap(),
                l["diagnostics"][0]["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        failures,
        [
            ("d/b-dangling.txt", "unreadable-file"),
            ("d/c-loop", "unreadable-file"),
            ("d/d-fifo.txt", "not-a-regular-file"),
        ]
    );
    for (path, code) in &failures {
        assert!(err.contains(&format!("{path}: error[{code}]")), "{err}");
    }
    assert!(err.contains("4 files (3 failed)"), "{err}");

    let db = root.path().join("forms.sqlite");
    let out = jixiao(root.path())
        .args(["import", "--db"])
        .arg(&db)
        .arg("d")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let failed: i64 = conn
        .query_row(
            "SELECT count(*) FROM source_files WHERE status = 'failed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(failed, 3);
}

/// Defect: `-o v.txt v.txt` replaced the input with `[]` and exited 0.
#[test]
fn an_output_that_is_an_input_is_refused_and_nothing_is_touched() {
    let root = tempfile::tempdir().unwrap();
    seed_at(root.path(), "v.txt");
    let before = std::fs::read(root.path().join("v.txt")).unwrap();
    for args in [
        &["parse", "-o", "v.txt", "v.txt"][..],
        &["parse", "--format", "csv", "-o", "./v.txt", "v.txt"],
        // Met in a walk of the current directory.
        &["parse", "-o", "v.txt", "."],
    ] {
        let out = jixiao(root.path()).args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("also an input"),
            "{}",
            text(&out.stderr)
        );
        assert_eq!(std::fs::read(root.path().join("v.txt")).unwrap(), before);
    }
    let names: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["v.txt"], "no temporary file is left behind");
}

/// `--excel` means nothing without `--format csv`: a usage error, output untouched.
#[test]
fn excel_without_csv_is_a_usage_error() {
    let root = tempfile::tempdir().unwrap();
    seed_at(root.path(), "v.txt");
    std::fs::write(root.path().join("out.json"), "old").unwrap();
    let out = jixiao(root.path())
        .args(["parse", "--excel", "-o", "out.json", "v.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--excel"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(root.path().join("out.json")).unwrap(), b"old");
}

/// Defect: a FIFO named directly blocked forever; `/dev/zero` grew memory without bound.
#[cfg(unix)]
#[test]
fn what_is_not_a_regular_file_is_refused_without_reading() {
    let root = tempfile::tempdir().unwrap();
    mkfifo(&root.path().join("pipe.txt"));
    seed_at(root.path(), "good.txt");
    let out = jixiao(root.path())
        .args([
            "parse",
            "--format",
            "jsonl",
            "pipe.txt",
            "/dev/zero",
            "good.txt",
        ])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("pipe.txt: error[not-a-regular-file]"), "{err}");
    assert!(
        err.contains("/dev/zero: error[not-a-regular-file]"),
        "{err}"
    );
    let lines = json_lines(&out.stdout);
    assert_eq!(
        lines.len(),
        2 + 4,
        "two error lines and the good file's records"
    );
    assert!(err.contains("3 files (2 failed), 4 forms"), "{err}");
}

/// Files over `--max-file-size` fail alone; standard input is bounded too.
#[test]
fn a_file_over_the_size_limit_fails_and_the_batch_goes_on() {
    let root = tempfile::tempdir().unwrap();
    seed_at(root.path(), "a.txt");
    std::fs::write(root.path().join("b.txt"), "绩效目标申报表\n".repeat(20_000)).unwrap();
    let out = jixiao(root.path())
        .args([
            "parse",
            "--format",
            "jsonl",
            "--max-file-size",
            "64K",
            "a.txt",
            "b.txt",
        ])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("b.txt: error[file-too-large]"), "{err}");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[4]["diagnostics"][0]["code"], "file-too-large");

    let out = jixiao(root.path())
        .args(["parse", "--max-file-size", "1K", "-"])
        .write_stdin(vec![b'x'; 4096])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("-: error[file-too-large]"));

    let out = jixiao(root.path())
        .args(["parse", "--max-file-size", "lots", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// True once the process catches SIGINT (its Ctrl-C handler is installed).
#[cfg(target_os = "linux")]
fn catches_sigint(pid: u32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigCgt:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << (2 - 1)) != 0)
}

/// Defect: Ctrl-C did nothing while standard input blocked. And an
/// interrupted run leaves the old output file as it was.
#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_ends_a_blocked_read_of_standard_input() {
    use std::process::Stdio;
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("out.json"), "old").unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .current_dir(root.path())
        .args(["parse", "-o", "out.json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The pipe stays open and empty: the read blocks.
    let _stdin = child.stdin.take();
    let deadline = std::time::Instant::now() + HANG;
    while !catches_sigint(child.id()) {
        assert!(std::time::Instant::now() < deadline, "no Ctrl-C handler");
        std::thread::sleep(Duration::from_millis(20));
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("still blocked after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    let names: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["out.json"], "no temporary file is left behind");
    assert_eq!(std::fs::read(root.path().join("out.json")).unwrap(), b"old");
}

/// Defect: file names with escape sequences and newlines went raw to stderr.
#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped_on_stderr() {
    let root = tempfile::tempdir().unwrap();
    let name = "e\u{1b}[31mvil\nname.txt";
    std::fs::write(root.path().join(name), "no form here\n").unwrap();
    let out = jixiao(root.path())
        .args(["parse", "--format", "jsonl", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(!err.contains('\u{1b}'), "raw escape on stderr: {err:?}");
    assert!(
        err.contains("./e\\u{1b}[31mvil\\nname.txt: error[no-form-found]"),
        "{err}"
    );
    // JSON keeps the name exactly.
    let lines = json_lines(&out.stdout);
    assert_eq!(lines[0]["source"]["path"], format!("./{name}"));
}

/// Rows of a CSV output, header first.
fn csv_rows(out: &[u8]) -> Vec<Vec<String>> {
    let body = out.strip_prefix("\u{feff}".as_bytes()).unwrap_or(out);
    csv::Reader::from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Defect: a project name or indicator starting with `=` or `@` went verbatim
/// into the CSV, so a spreadsheet ran it as a formula.
#[test]
fn excel_csv_neutralises_formula_cells() {
    let root = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap();
    let hostile = seed
        .replacen(
            "项目名称\t\t扶贫综合保险",
            "项目名称\t\t=HYPERLINK(\"http://example.invalid\",\"点击\")",
            1,
        )
        .replacen("购买保险的完成率", "@SUM(A1:A9)", 1);
    assert_ne!(hostile, seed);
    std::fs::write(root.path().join("f.txt"), hostile).unwrap();
    let run = |excel: bool| {
        let mut cmd = jixiao(root.path());
        cmd.args(["parse", "--quiet", "--format", "csv"]);
        if excel {
            cmd.arg("--excel");
        }
        let out = cmd.arg("f.txt").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        csv_rows(&out.stdout)
    };
    let columns = jixiao::output::csv::COLUMNS;
    let project = columns.iter().position(|c| *c == "project_name").unwrap();
    let name = columns.iter().position(|c| *c == "name").unwrap();
    let number = columns.iter().position(|c| *c == "number").unwrap();

    let excel = run(true);
    assert_eq!(
        excel[0][project],
        "'=HYPERLINK(\"http://example.invalid\",\"点击\")"
    );
    assert!(excel.iter().any(|r| r[name] == "'@SUM(A1:A9)"));
    // Every cell that starts like a formula is neutralised, numbers aside.
    for row in &excel {
        for cell in row {
            let formula =
                cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
            assert!(!formula, "{cell:?} would run as a formula");
        }
    }
    assert!(excel
        .iter()
        .all(|r| r[number].is_empty() || r[number].parse::<f64>().is_ok()));

    // Without --excel the data stay verbatim.
    let plain = run(false);
    assert_eq!(
        plain[0][project],
        "=HYPERLINK(\"http://example.invalid\",\"点击\")"
    );
    assert!(plain.iter().any(|r| r[name] == "@SUM(A1:A9)"));
}

/// Defect: a `not-a-target-form` found after a form (a 自评表 behind a
/// target form) reached only stderr and the exit code, not the JSON.
#[test]
fn a_self_evaluation_after_a_form_is_in_the_json() {
    let root = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let form = std::fs::read_to_string(fixtures.join("layouts/table-2021.txt")).unwrap();
    let foreign = std::fs::read_to_string(fixtures.join("not-a-form/self-evaluation.txt")).unwrap();
    std::fs::write(root.path().join("both.txt"), format!("{form}\n\n{foreign}")).unwrap();
    let foreign_line = form.lines().count() + 3;
    for format in ["json", "jsonl"] {
        let out = jixiao(root.path())
            .args(["parse", "--quiet", "--format", format, "both.txt"])
            .output()
            .unwrap();
        let err = text(&out.stderr);
        // The form is whole: the 自评表 after it is a note on the file, not an
        // error of the form, so the run succeeds.
        assert_eq!(out.status.code(), Some(0), "{err}");
        let records: Vec<Value> = match format {
            "json" => serde_json::from_slice(&out.stdout).unwrap(),
            _ => json_lines(&out.stdout),
        };
        assert!(!records.is_empty());
        assert!(records.iter().all(|r| r.get("error").is_none()));
        let carried: Vec<&Value> = records
            .iter()
            .flat_map(|r| r["diagnostics"].as_array().unwrap())
            .filter(|d| d["code"] == "not-a-target-form")
            .collect();
        assert_eq!(carried.len(), 1, "{format}");
        assert_eq!(carried[0]["line"], foreign_line);
        assert_eq!(carried[0]["severity"], "info");
        // It sits on the form it follows; the 自评表 is no fault of that
        // form, whose own lines are whole, so the form stays trusted.
        let last = records.last().unwrap();
        assert!(last["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "not-a-target-form"));
        assert_eq!(last["needs_review"], false);
    }
}

/// Defect: `check --bless` wrote through a symlinked expected file (outside
/// the fixture folder), replaced a non-JSON expected file without showing
/// what it held, blessed `[]` for an input that does not exist, and a
/// blessed binary file checked "equal" whatever its file-level error became.
#[cfg(unix)]
#[test]
fn bless_stays_in_its_folder_shows_what_it_replaces_and_pins_file_errors() {
    let root = tempfile::tempdir().unwrap();
    let fx = root.path().join("fx");
    std::fs::create_dir(&fx).unwrap();
    let outside = root.path().join("outside.json");
    std::fs::write(&outside, "keep me").unwrap();
    seed_at(&fx, "a.txt");
    std::os::unix::fs::symlink(&outside, fx.join("a.expected.json")).unwrap();
    let out = jixiao(root.path())
        .args(["check", "--bless", "fx/a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("symbolic link"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");

    // Not JSON: the old lines are shown before they are replaced.
    seed_at(&fx, "b.txt");
    std::fs::write(fx.join("b.expected.json"), "hand-edited, not json\n").unwrap();
    let out = jixiao(root.path())
        .args(["check", "--bless", "fx/b.txt"])
        .output()
        .unwrap();
    let shown = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    let removed = shown.find("-hand-edited, not json").expect(&shown);
    let blessed = shown.find("blessed fx/b.expected.json").expect(&shown);
    assert!(removed < blessed, "{shown}");
    let records: Vec<Value> =
        serde_json::from_slice(&std::fs::read(fx.join("b.expected.json")).unwrap()).unwrap();
    assert_eq!(records.len(), 4);

    // A missing input is not blessed.
    let out = jixiao(root.path())
        .args(["check", "--bless", "fx/missing.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!fx.join("missing.expected.json").exists());

    // A binary file's error is pinned: becoming an empty file is a drift.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..=255u8).cycle().take(600));
    std::fs::write(fx.join("c.txt"), &png).unwrap();
    let bless = jixiao(root.path())
        .args(["check", "--bless", "fx/c.txt"])
        .output()
        .unwrap();
    assert_eq!(bless.status.code(), Some(0));
    let check = jixiao(root.path())
        .args(["check", "fx/c.txt"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    std::fs::write(fx.join("c.txt"), b"").unwrap();
    let check = jixiao(root.path())
        .args(["check", "fx/c.txt"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stdout));
    assert!(
        text(&check.stdout).contains("empty-file"),
        "{}",
        text(&check.stdout)
    );
}

fn import(dir: &Path, db: &Path, args: &[&str]) -> std::process::Output {
    jixiao(dir)
        .args(["import", "--db"])
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Defect: a re-import skipped a file whose bytes were unchanged even when
/// another `--encoding` changed its records, and `d`, `./d` and the absolute
/// path of `d` each inserted the files again.
#[test]
fn import_skips_only_what_would_parse_the_same_and_keys_files_by_canonical_path() {
    let root = tempfile::tempdir().unwrap();
    let d = root.path().join("d");
    std::fs::create_dir(&d).unwrap();
    seed_at(&d, "seed.txt");
    let db = root.path().join("forms.sqlite");

    // Read as UTF-16 the seed is no form: the file is imported as failed.
    let out = import(root.path(), &db, &["--encoding", "utf-16le", "d"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(count(&db, "SELECT count(*) FROM forms"), 0);
    // Same bytes, detected encoding: the records differ, so the file is parsed again.
    let out = import(root.path(), &db, &["d"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("1 replaced"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM forms"), 4);

    let absolute = d.canonicalize().unwrap();
    for arg in ["./d", absolute.to_str().unwrap(), "d/../d"] {
        let out = import(root.path(), &db, &[arg]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{arg}: {err}");
        assert!(
            err.contains("0 inserted, 0 replaced, 1 unchanged"),
            "{arg}: {err}"
        );
    }
    assert_eq!(count(&db, "SELECT count(*) FROM source_files"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM forms"), 4);
    let (path, given): (String, String) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT path, given_path FROM source_files", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(Path::new(&path), absolute.join("seed.txt"));
    assert_eq!(given, "d/seed.txt");
}

/// A losing concurrent import says that nothing was imported.
#[test]
fn an_import_into_a_locked_database_says_what_it_did() {
    let root = tempfile::tempdir().unwrap();
    seed_at(root.path(), "seed.txt");
    let db = root.path().join("forms.sqlite");
    assert_eq!(
        import(root.path(), &db, &["seed.txt"]).status.code(),
        Some(0)
    );
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = import(root.path(), &db, &["seed.txt"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("locked") && err.contains("nothing was imported"),
        "{err}"
    );
    holder.execute_batch("ROLLBACK").unwrap();
}
