//! Checks shared by the integration tests: records against the generated JSON Schema.

use jixiao::schema::record_schema;

/// The schema's complaints about a document, one line each, with the path of each.
pub fn schema_errors(json: &serde_json::Value) -> Vec<String> {
    let schema = record_schema();
    let validator = jsonschema::draft202012::new(&schema).expect("the generated schema compiles");
    validator
        .iter_errors(json)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

/// Asserts that a document (an array of records) satisfies the generated schema.
pub fn assert_valid(json: &serde_json::Value) {
    let errs = schema_errors(json);
    assert!(errs.is_empty(), "schema violations:\n{}", errs.join("\n"));
}
