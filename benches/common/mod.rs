//! Benchmark corpora generated from the fixtures: never committed, written
//! where asked (a temporary directory for the benches, `/tmp` for the
//! `make_corpus` example).
//!
//! Each copy of a fixture is varied so no two forms are identical: every
//! ASCII digit is shifted by a per-copy amount (years, amounts, phone numbers
//! and indicator values change) and surnames are rotated, so the parser
//! meets different names and values throughout.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Surnames rotated per copy (none of them occurs in a label).
const SURNAMES: &[char] = &['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '吴', '周'];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The seed fixture's text.
pub fn seed() -> String {
    std::fs::read_to_string(fixtures().join("seed/poverty-2019.txt")).expect("seed fixture")
}

/// The first form of the seed: its text up to the second title.
pub fn first_form() -> String {
    let seed = seed();
    let title = "绩效目标申报表";
    let first = seed.find(title).expect("a title");
    let second = seed[first + title.len()..]
        .find(title)
        .map_or(seed.len(), |i| first + title.len() + i);
    seed[..second].to_owned()
}

/// The seed and every layout fixture, in a fixed order.
pub fn templates() -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures().join("layouts"))
        .expect("fixtures/layouts")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut out = vec![seed()];
    out.extend(
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("fixture")),
    );
    out
}

/// Copy `i` of a template: digits shifted by a per-copy amount, surnames rotated.
pub fn variant(template: &str, i: usize) -> String {
    let shift = (i % 9 + 1) as u8;
    let turn = i % SURNAMES.len();
    template
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from(b'0' + (c as u8 - b'0' + shift) % 10),
            _ => match SURNAMES.iter().position(|&s| s == c) {
                Some(k) => SURNAMES[(k + turn) % SURNAMES.len()],
                None => c,
            },
        })
        .collect()
}

/// About `bytes` of text: varied copies of the templates, mixed in turn
/// (the seed every other copy), separated by blank lines. `start` offsets
/// the copy numbers so different files differ.
pub fn text_of_size(templates: &[String], bytes: usize, start: usize) -> String {
    let mut out = String::with_capacity(bytes + 64 * 1024);
    let mut i = start;
    while out.len() < bytes {
        let t = if i.is_multiple_of(2) {
            &templates[0]
        } else {
            &templates[1 + (i / 2) % (templates.len() - 1)]
        };
        out.push_str(&variant(t, i));
        out.push_str("\n\n");
        i += 1;
    }
    out
}

/// Writes `files` files of about `bytes` each under `dir` (created), in
/// subdirectories of 1000; returns the total size written.
pub fn write_dir(dir: &Path, files: usize, bytes: usize) -> u64 {
    let templates = templates();
    let mut total = 0u64;
    for f in 0..files {
        let sub = dir.join(format!("{:03}", f / 1000));
        if f.is_multiple_of(1000) {
            std::fs::create_dir_all(&sub).expect("create corpus dir");
        }
        let text = text_of_size(&templates, bytes, f * 7);
        total += text.len() as u64;
        std::fs::write(sub.join(format!("{f:06}.txt")), text).expect("write corpus file");
    }
    total
}
