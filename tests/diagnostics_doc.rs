//! `docs/diagnostics.md` documents exactly the codes the crate can emit.

use std::collections::BTreeSet;

use jixiao::diagnostic::Code;

/// The backquoted first cell of every table row after the header.
fn documented_codes(doc: &str) -> Vec<String> {
    doc.lines()
        .filter_map(|line| line.trim().strip_prefix('|'))
        .filter_map(|rest| rest.split('|').next())
        .map(str::trim)
        .filter_map(|cell| cell.strip_prefix('`')?.strip_suffix('`'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn doc_table_lists_every_code_once() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
        .expect("docs/diagnostics.md is readable");
    let listed = documented_codes(&doc);
    let documented: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
    assert_eq!(documented.len(), listed.len(), "a code is listed twice");

    let known: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let undocumented: Vec<_> = known.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&known).collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from the doc: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "doc lists codes the crate lacks: {unknown:?}"
    );
}

#[test]
fn doc_table_severities_match_the_codes() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
        .expect("docs/diagnostics.md is readable");
    for code in Code::ALL {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", code.as_str())))
            .unwrap_or_else(|| panic!("no row for {code}"));
        let severity = row.split('|').nth(2).map(str::trim);
        assert_eq!(severity, Some(code.severity().as_str()), "{code}");
    }
}
