//! `docs/audit.md` documents exactly the audit rules, each with its severity and principle.

use std::collections::BTreeSet;

use jixiao::audit::Rule;

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/audit.md"))
        .expect("docs/audit.md is readable")
}

/// The rows of the rules table: `| `code` | severity | principle | … |`.
fn rule_rows(doc: &str) -> Vec<Vec<String>> {
    doc.lines()
        .filter(|l| l.starts_with("| `audit-"))
        .map(|l| l.split('|').map(|c| c.trim().to_owned()).collect())
        .collect()
}

#[test]
fn the_table_lists_every_rule_once_with_its_severity_and_principle() {
    let doc = doc();
    let rows = rule_rows(&doc);
    let listed: Vec<&str> = rows.iter().map(|r| r[1].trim_matches('`')).collect();
    let unique: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "a rule is listed twice");
    let known: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(unique, known, "the table and Rule::ALL differ");
    for rule in Rule::ALL {
        let row = rows
            .iter()
            .find(|r| r[1] == format!("`{}`", rule.as_str()))
            .unwrap();
        assert_eq!(row[2], rule.severity().as_str(), "{rule} severity");
        assert_eq!(row[3], rule.principle().as_str(), "{rule} principle");
    }
}

#[test]
fn every_rule_has_a_section_naming_its_principle() {
    let doc = doc();
    for rule in Rule::ALL {
        let code = format!("`{}`", rule.as_str());
        let heading = doc
            .lines()
            .position(|l| l.starts_with("### ") && l.contains(&code))
            .unwrap_or_else(|| panic!("no section for {rule}"));
        let heading_line = doc.lines().nth(heading).unwrap();
        assert!(
            heading_line.contains(rule.principle().as_str()),
            "{rule}: the heading names its principle"
        );
    }
}
