//! Every example in `jixiao help <command>` runs verbatim in a copy of the
//! repository's fixtures: no placeholder path, no usage error.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// The commands whose help has an `Examples:` section.
const COMMANDS: &[&str] = &["parse", "check", "import", "review", "audit"];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The example lines of a command's help (wide enough not to wrap).
fn examples(command: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .env("COLUMNS", "1000")
        .args(["help", command])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    help.lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_owned())
        .collect()
}

fn available(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_help_example_runs_verbatim_on_the_bundled_fixtures() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &root.path().join("fixtures"),
    );
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_jixiao")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for command in COMMANDS {
        let lines = examples(command);
        assert!(!lines.is_empty(), "`jixiao help {command}` has no examples");
        for line in lines {
            let program = line.split_whitespace().next().unwrap();
            if program != "jixiao" && !available(program) {
                eprintln!("skipped (no {program}): {line}");
                continue;
            }
            let out = Command::new("sh")
                .current_dir(root.path())
                .env("PATH", &path)
                .args(["-c", &line])
                .timeout(Duration::from_secs(300))
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            // 1 is an honest result on fixtures/ (its not-a-form files fail by design).
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{line}: exit {:?}\n{err}",
                out.status.code()
            );
            for sign in [
                "No such file",
                "unreadable-file",
                "no input files found",
                "Usage:",
            ] {
                assert!(!err.contains(sign), "{line}: {sign}\n{err}");
            }
            ran += 1;
        }
    }
    assert!(ran >= 15, "only {ran} examples ran");
}

/// The README's first command, run as the built binary: a newcomer sees a
/// summary, not a screenful of JSON, and gets the records in a file.
#[test]
fn the_readme_first_command_writes_records_and_prints_a_summary() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let first = readme
        .lines()
        .skip_while(|l| *l != "```sh")
        .nth(1)
        .expect("a first sh block");
    let args = first
        .strip_prefix("cargo run --release -- ")
        .expect("the first command runs jixiao through cargo");
    let args: Vec<&str> = args.split('#').next().unwrap().split_whitespace().collect();
    let root = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &root.path().join("fixtures"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .current_dir(root.path())
        .args(&args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{first}\n{err}");
    assert!(
        out.stdout.is_empty(),
        "the records go to a file, not the terminal"
    );
    assert!(err.lines().count() <= 5, "{err}");
    assert!(err.contains("1 files (0 failed), 4 forms"), "{err}");
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(root.path().join("records.json")).unwrap()).unwrap();
    assert_eq!(records.len(), 4);
}
