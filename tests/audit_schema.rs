//! `jixiao schema --format audit` and `--format audited-records` describe what `jixiao audit
//! --format json` and `jixiao parse --audit` write: the output validates, a broken one does not.

use assert_cmd::Command;
use serde_json::{json, Value};

fn stdout(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn errors(schema: &Value, doc: &Value) -> Vec<String> {
    let validator = jsonschema::draft202012::new(schema).expect("the schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

/// The fixtures with findings of several rules, template reuse among them.
const INPUTS: &[&str] = &["fixtures/audit", "fixtures/seed"];

#[test]
fn audit_reports_validate_against_the_audit_schema() {
    let schema = stdout(&["schema", "--format", "audit"]);
    assert_eq!(schema["type"], "array");
    let mut args = vec!["audit", "-q", "--format", "json"];
    args.extend(INPUTS);
    let reports = stdout(&args);
    let forms = reports.as_array().unwrap();
    assert!(forms.len() > 5, "{}", forms.len());
    assert!(
        forms
            .iter()
            .any(|f| !f["findings"].as_array().unwrap().is_empty()),
        "some form has findings"
    );
    assert_eq!(errors(&schema, &reports), Vec::<String>::new());

    // What the audit never writes is refused.
    let mut broken = reports.clone();
    broken[0]["findings"] = json!([{"code": "audit-no-such-rule", "principle": "完整性",
        "severity": "warning", "line": null, "message": "x"}]);
    assert!(!errors(&schema, &broken).is_empty(), "an unknown rule");
    let mut broken = reports.clone();
    broken[0]["quantified"] = json!({"indicators": 3, "quantified": 2});
    assert!(!errors(&schema, &broken).is_empty(), "a share left out");
    let mut broken = reports;
    broken[0]["findings"] = json!([{"code": "audit-funding-sum", "principle": "公平性",
        "severity": "error", "line": 3, "message": "x"}]);
    assert!(!errors(&schema, &broken).is_empty(), "an unknown principle");
}

#[test]
fn audited_records_validate_against_their_schema_and_differ_from_plain_records() {
    let schema = stdout(&["schema", "--format", "audited-records"]);
    let mut args = vec!["parse", "-q", "--audit"];
    args.extend(INPUTS);
    let records = stdout(&args);
    assert!(records.as_array().unwrap().len() > 5);
    assert_eq!(errors(&schema, &records), Vec::<String>::new());

    let mut broken = records.clone();
    broken[0]["audit"] = json!("none");
    assert!(!errors(&schema, &broken).is_empty(), "audit is a list");
    let mut broken = records;
    broken[0].as_object_mut().unwrap().remove("schema_version");
    assert!(
        !errors(&schema, &broken).is_empty(),
        "the record's own fields"
    );

    // The plain record schema and this one are different documents.
    assert_ne!(stdout(&["schema"]), schema);
}
