//! The Spark schema (`jixiao schema --format spark`) holds every golden record:
//! each key has a field of a matching type, non-nullable fields are never null.

use serde_json::Value;

/// Checks `value` against a Spark data type; pushes what does not fit.
fn conforms(value: &Value, ty: &Value, nullable: bool, path: &str, errors: &mut Vec<String>) {
    if value.is_null() {
        if !nullable {
            errors.push(format!("{path}: null in a non-nullable field"));
        }
        return;
    }
    let ok = match ty {
        Value::String(name) => match name.as_str() {
            "string" => value.is_string(),
            "long" => value.is_i64() || value.is_u64(),
            // Whole numbers print without a fraction; Spark reads them as doubles.
            "double" => value.is_number(),
            "boolean" => value.is_boolean(),
            other => {
                errors.push(format!("{path}: unexpected Spark type {other}"));
                return;
            }
        },
        Value::Object(t) => match t["type"].as_str() {
            Some("struct") => {
                let Some(obj) = value.as_object() else {
                    errors.push(format!("{path}: expected an object, got {value}"));
                    return;
                };
                let fields = t["fields"].as_array().unwrap();
                for key in obj.keys() {
                    if !fields.iter().any(|f| f["name"] == key.as_str()) {
                        errors.push(format!("{path}.{key}: no such field in the schema"));
                    }
                }
                for f in fields {
                    let name = f["name"].as_str().unwrap();
                    let nullable = f["nullable"].as_bool().unwrap();
                    let v = obj.get(name).unwrap_or(&Value::Null);
                    conforms(v, &f["type"], nullable, &format!("{path}.{name}"), errors);
                }
                true
            }
            Some("array") => {
                let Some(items) = value.as_array() else {
                    errors.push(format!("{path}: expected an array, got {value}"));
                    return;
                };
                let contains_null = t["containsNull"].as_bool().unwrap();
                for (i, item) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    conforms(item, &t["elementType"], contains_null, &p, errors);
                }
                true
            }
            Some("map") => {
                let Some(obj) = value.as_object() else {
                    errors.push(format!("{path}: expected an object, got {value}"));
                    return;
                };
                let contains_null = t["valueContainsNull"].as_bool().unwrap();
                for (k, v) in obj {
                    let p = format!("{path}{{{k}}}");
                    conforms(v, &t["valueType"], contains_null, &p, errors);
                }
                true
            }
            other => {
                errors.push(format!("{path}: unexpected Spark type {other:?}"));
                return;
            }
        },
        other => {
            errors.push(format!("{path}: malformed Spark type {other}"));
            return;
        }
    };
    if !ok {
        errors.push(format!("{path}: {value} does not fit {ty}"));
    }
}

fn expected_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            expected_files(&p, out);
        } else if let Some(stem) = p.to_string_lossy().strip_suffix(".expected.json") {
            // Golden records sit beside their X.txt; other expected files are other reports.
            if std::path::Path::new(&format!("{stem}.txt")).is_file() {
                out.push(p);
            }
        }
    }
}

#[test]
fn every_golden_record_fits_the_spark_schema() {
    let schema = jixiao::spark::record_spark_schema().unwrap();
    let mut files = Vec::new();
    expected_files(std::path::Path::new("fixtures"), &mut files);
    let mut records = 0;
    let mut errors = Vec::new();
    for f in &files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for (i, r) in v.as_array().unwrap().iter().enumerate() {
            // A file that yields no form is kept as its error line, not a record.
            if r["error"] == true {
                continue;
            }
            let path = format!("{}[{i}]", f.display());
            conforms(r, &schema, false, &path, &mut errors);
            records += 1;
        }
    }
    assert!(records > 30, "only {records} golden records found");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_checker_rejects_what_does_not_fit() {
    let schema = jixiao::spark::record_spark_schema().unwrap();
    let text = std::fs::read_to_string("fixtures/seed/poverty-2019.expected.json").unwrap();
    let mut record = serde_json::from_str::<Value>(&text).unwrap()[0].clone();
    record["year"] = Value::from(2019.5);
    record["source"]["path"] = Value::Null;
    record["surprise"] = Value::from(1);
    let mut errors = Vec::new();
    conforms(&record, &schema, false, "r", &mut errors);
    assert_eq!(errors.len(), 3, "{errors:?}");
}

#[test]
fn the_cli_prints_the_same_spark_schema() {
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["schema", "--format", "spark"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, jixiao::spark::record_spark_schema().unwrap());
}
