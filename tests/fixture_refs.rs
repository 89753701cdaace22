//! Every fixture the code names where it handles a quirk (`// fixture:
//! fixtures/…`) exists: a renamed or never written fixture is caught here,
//! not by a reader following the reference.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_named_fixture_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    assert!(files.len() > 10, "no sources found under src/");
    let mut named = 0;
    let mut missing = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source is readable");
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.find("fixture: fixtures/") else {
                continue;
            };
            let rest = &line[at + "fixture: ".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '`' && *c != ')')
                .collect();
            let path = path.trim_end_matches(['.', ',', ';']);
            named += 1;
            if !root.join(path).exists() {
                missing.push(format!("{}:{}: {path}", f.display(), i + 1));
            }
        }
    }
    assert!(named > 100, "only {named} fixture references found");
    assert!(
        missing.is_empty(),
        "named fixtures missing:\n{}",
        missing.join("\n")
    );
}
