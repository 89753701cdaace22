//! `jixiao parse --files-from` and `--shard I/N` end to end, through the built binary.

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn jixiao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
}

/// Every bundled fixture input, in the order the walk lists them.
fn fixture_files() -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["fixtures/seed", "fixtures/layouts", "fixtures/not-a-form"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "txt") {
                files.push(p.display().to_string());
            }
        }
    }
    assert!(files.len() > 10, "the fixtures are missing: {files:?}");
    files
}

/// Runs `parse --format jsonl` with the list on stdin; returns the exit code
/// and each output line's (path, form index, whole line).
fn run(list: &[String], extra: &[&str]) -> (i32, Vec<(String, i64, Value)>) {
    let mut stdin = list.join("\n");
    stdin.push('\n');
    let out = jixiao()
        .args(["parse", "-q", "--format", "jsonl", "--files-from", "-"])
        .args(extra)
        .write_stdin(stdin)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines = text
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            let path = v["source"]["path"].as_str().unwrap().to_owned();
            let index = v["source"]["form_index"].as_i64().unwrap_or(-1);
            (path, index, v)
        })
        .collect();
    (out.status.code().unwrap(), lines)
}

fn paths(lines: &[(String, i64, Value)]) -> BTreeSet<String> {
    lines.iter().map(|(p, _, _)| p.clone()).collect()
}

#[test]
fn files_from_stdin_parses_the_listed_files_like_paths_do() {
    let files = fixture_files();
    let (code, from_list) = run(&files, &[]);
    let out = jixiao()
        .args(["parse", "-q", "--format", "jsonl"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(code));
    let direct: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let listed: Vec<Value> = from_list.into_iter().map(|(_, _, v)| v).collect();
    assert_eq!(listed, direct);
    // Every listed file is represented, by records or an error line.
    let seen: BTreeSet<String> = listed
        .iter()
        .map(|v| v["source"]["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, files.iter().cloned().collect());
}

#[test]
fn shards_are_disjoint_their_union_is_the_whole_and_they_are_stable() {
    let files = fixture_files();
    let (_, whole) = run(&files, &[]);
    let mut reversed = files.clone();
    reversed.reverse();
    // A file listed twice is parsed once.
    let mut doubled = files.clone();
    doubled.push(files[0].clone());
    let n = 4;
    let mut union = Vec::new();
    let mut seen = BTreeSet::new();
    for i in 0..n {
        let shard = format!("{i}/{n}");
        let (_, part) = run(&files, &["--shard", &shard]);
        assert!(!part.is_empty(), "shard {shard} is empty");
        // Stable: the same shard again, from the list in another order or
        // with a repeated entry, holds the same lines.
        assert_eq!(run(&files, &["--shard", &shard]).1, part, "{shard} again");
        assert_eq!(
            run(&reversed, &["--shard", &shard]).1,
            part,
            "{shard} reversed"
        );
        assert_eq!(
            run(&doubled, &["--shard", &shard]).1,
            part,
            "{shard} doubled"
        );
        for p in paths(&part) {
            assert!(seen.insert(p.clone()), "{p} is in two shards");
        }
        union.extend(part);
    }
    assert_eq!(seen, paths(&whole));
    let key = |l: &(String, i64, Value)| (l.0.clone(), l.1);
    union.sort_by_key(key);
    let mut whole_sorted = whole;
    whole_sorted.sort_by_key(key);
    assert_eq!(union, whole_sorted);
}

#[test]
fn a_shard_takes_every_nth_file_of_the_sorted_list() {
    let mut files = fixture_files();
    files.sort();
    let (_, part) = run(&files, &["--shard", "1/3"]);
    let want: BTreeSet<String> = files.iter().skip(1).step_by(3).cloned().collect();
    assert_eq!(paths(&part), want);
}

#[test]
fn an_empty_shard_writes_an_empty_array_and_succeeds() {
    let out = jixiao()
        .args([
            "parse",
            "-q",
            "--shard",
            "5/8",
            "fixtures/seed/poverty-2019.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn files_from_a_file_is_added_to_the_paths() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    // CRLF line ends and blank lines, as lists written on Windows come.
    std::fs::write(&list, "\r\nfixtures/layouts/pipes-rows.txt\r\n\r\n").unwrap();
    let out = jixiao()
        .args(["parse", "-q", "--format", "jsonl", "--files-from"])
        .arg(&list)
        .arg("fixtures/seed/poverty-2019.txt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let paths: BTreeSet<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["source"]["path"].as_str().unwrap().to_owned()
        })
        .collect();
    let want: BTreeSet<String> = [
        "fixtures/layouts/pipes-rows.txt",
        "fixtures/seed/poverty-2019.txt",
    ]
    .map(String::from)
    .into();
    assert_eq!(paths, want);
}

#[test]
fn bad_shards_and_lists_exit_with_their_codes() {
    let seed = "fixtures/seed/poverty-2019.txt";
    for (args, code, message) in [
        (vec!["--shard", "3/3", seed], 2, "must be below N"),
        (vec!["--shard", "0/0", seed], 2, "at least 1"),
        (vec!["--shard", "one/two", seed], 2, "expected I/N"),
        (vec!["--shard", "0/2", "-"], 2, "cannot be sharded"),
        (vec!["--files-from", "-", "-"], 2, "cannot also be an input"),
        (
            vec!["--files-from", "/nonexistent/list.txt"],
            1,
            "/nonexistent/list.txt",
        ),
    ] {
        let out = jixiao()
            .arg("parse")
            .args(&args)
            .write_stdin("")
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    // `-` inside a list is refused; so is an empty list (no input at all).
    for (list, code) in [("-\n", 2), ("\n\n", 1)] {
        let out = jixiao()
            .args(["parse", "--files-from", "-"])
            .write_stdin(list)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{list:?}");
    }
    let missing = PathBuf::from("fixtures/none-such.txt");
    let out = jixiao()
        .args(["parse", "-q", "--format", "jsonl", "--files-from", "-"])
        .write_stdin(format!("{}\n", missing.display()))
        .output()
        .unwrap();
    // A listed file that cannot be read is an error line, as a path would be.
    assert_eq!(out.status.code(), Some(1));
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["diagnostics"][0]["code"], "unreadable-file");
}
