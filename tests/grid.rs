//! Grid snapshots: every `fixtures/grid/X.txt` against its reviewed `X.grid`,
//! the cells the grid pass cuts each row into (see `jixiao::grid::snapshot`).
//!
//! A drift fails with a line diff. To accept new output after reviewing it,
//! run `JIXIAO_BLESS=1 cargo test --test grid`: snapshots are never rewritten
//! silently.

use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(Path::new("fixtures/grid"))
        .expect("fixtures/grid exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    out.sort();
    out
}

#[test]
fn grid_snapshots_match() {
    let bless = std::env::var_os("JIXIAO_BLESS").is_some_and(|v| v == "1");
    let cases = cases();
    assert!(cases.len() >= 8, "one grid fixture per separator family");
    let mut failures = Vec::new();
    for input in &cases {
        let text = std::fs::read_to_string(input).expect("fixture is UTF-8");
        let actual = jixiao::grid::snapshot(&text);
        let snap = input.with_extension("grid");
        let expected = std::fs::read_to_string(&snap).ok();
        if expected.as_deref() == Some(actual.as_str()) {
            continue;
        }
        if bless {
            std::fs::write(&snap, &actual).expect("write snapshot");
            eprintln!("blessed {}", snap.display());
            continue;
        }
        match expected {
            None => failures.push(format!(
                "{}: no snapshot; review the output and bless it",
                input.display()
            )),
            Some(expected) => {
                let diff = similar::TextDiff::from_lines(&expected, &actual)
                    .unified_diff()
                    .context_radius(1)
                    .header("expected", "actual")
                    .to_string();
                failures.push(format!("{} drifted:\n{diff}", snap.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} grid snapshots differ (JIXIAO_BLESS=1 cargo test --test grid to accept after review):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Every non-blank line of a fixture has a row in its snapshot: the grid
/// drops no text.
#[test]
fn every_text_line_has_a_grid_row() {
    for input in cases() {
        let text = std::fs::read_to_string(&input).expect("fixture is UTF-8");
        let snap = jixiao::grid::snapshot(&text);
        let rows: Vec<usize> = snap
            .lines()
            .filter_map(|l| l.split_whitespace().next()?.parse().ok())
            .collect();
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() && !line.chars().all(|c| c == '|' || c.is_whitespace()) {
                assert!(
                    rows.contains(&(i + 1)),
                    "{}:{} has no grid row",
                    input.display(),
                    i + 1
                );
            }
        }
    }
}
