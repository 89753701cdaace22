//! Compares an expected and an actual set of records by JSON path.
//!
//! Golden and regression checks need more than "the files differ": each
//! difference names the form, the path inside the record and the source line,
//! so a reviewer can jump straight to the text that changed.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

/// One difference between an expected and an actual record set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// Index of the record in the top-level array; none when the documents are not arrays.
    pub form: Option<usize>,
    /// Path inside the record, like `indicators[4].value.number`; empty for the record itself.
    pub path: String,
    /// The expected value; none when the actual document has a key or element the expected lacks.
    pub expected: Option<Value>,
    /// The actual value; none when it is missing.
    pub actual: Option<Value>,
    /// The nearest enclosing `line` (an indicator's), else the record's `source.line_start`.
    pub line: Option<usize>,
}

/// Compares two JSON documents (arrays of records), skipping any object key named in `ignore`
/// (e.g. "raw", "diagnostics", "line", "line_start"), and returns every difference by path.
pub fn compare(expected: &Value, actual: &Value, ignore: &[String]) -> Vec<Difference> {
    let mut out = Vec::new();
    match (expected, actual) {
        (Value::Array(exp), Value::Array(act)) => {
            for i in 0..exp.len().max(act.len()) {
                let (e, a) = (exp.get(i), act.get(i));
                let line = a.and_then(record_line).or_else(|| e.and_then(record_line));
                let mut walker = Walker {
                    form: Some(i),
                    ignore,
                    out: &mut out,
                };
                walker.walk(e, a, &mut String::new(), line);
            }
        }
        _ => {
            let line = record_line(actual).or_else(|| record_line(expected));
            let mut walker = Walker {
                form: None,
                ignore,
                out: &mut out,
            };
            walker.walk(Some(expected), Some(actual), &mut String::new(), line);
        }
    }
    out
}

/// A record's `source.line_start`, when it has one.
fn record_line(record: &Value) -> Option<usize> {
    as_line(record.get("source")?.get("line_start")?)
}

fn as_line(v: &Value) -> Option<usize> {
    v.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// The `line` field of an object, when it is a number.
fn object_line(v: Option<&Value>) -> Option<usize> {
    v?.as_object()?.get("line").and_then(as_line)
}

struct Walker<'a> {
    form: Option<usize>,
    ignore: &'a [String],
    out: &'a mut Vec<Difference>,
}

impl Walker<'_> {
    fn walk(
        &mut self,
        exp: Option<&Value>,
        act: Option<&Value>,
        path: &mut String,
        line: Option<usize>,
    ) {
        let line = object_line(act).or_else(|| object_line(exp)).or(line);
        match (exp, act) {
            (Some(Value::Object(e)), Some(Value::Object(a))) => self.objects(e, a, path, line),
            (Some(Value::Array(e)), Some(Value::Array(a))) => {
                for i in 0..e.len().max(a.len()) {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    self.walk(e.get(i), a.get(i), path, line);
                    path.truncate(len);
                }
            }
            (Some(e), Some(a)) if same_scalar(e, a) => {}
            (None, None) => {}
            _ => self.out.push(Difference {
                form: self.form,
                path: path.clone(),
                expected: exp.cloned(),
                actual: act.cloned(),
                line,
            }),
        }
    }

    fn objects(
        &mut self,
        e: &Map<String, Value>,
        a: &Map<String, Value>,
        path: &mut String,
        line: Option<usize>,
    ) {
        let keys = e.keys().chain(a.keys().filter(|k| !e.contains_key(*k)));
        for key in keys {
            if self.ignore.iter().any(|i| i == key) {
                continue;
            }
            let len = path.len();
            push_key(path, key);
            self.walk(e.get(key), a.get(key), path, line);
            path.truncate(len);
        }
    }
}

/// Equality for JSON leaves (and mismatched kinds), with numbers compared by value.
fn same_scalar(e: &Value, a: &Value) -> bool {
    match (e, a) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        _ => e == a,
    }
}

/// Appends `.key`, or `["key"]` when the key would make the path ambiguous.
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && !key
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '"' | '\\') || c.is_whitespace());
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&Value::String(key.to_owned()).to_string());
        path.push(']');
    }
}

/// How long a rendered value may get before it is cut.
const MAX_RENDERED: usize = 80;

/// Compact JSON, cut to about [`MAX_RENDERED`] characters.
fn render(v: Option<&Value>) -> String {
    let Some(v) = v else {
        return "(missing)".to_owned();
    };
    let s = v.to_string();
    if s.chars().count() <= MAX_RENDERED {
        return s;
    }
    let mut cut: String = s.chars().take(MAX_RENDERED - 1).collect();
    cut.push('…');
    cut
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.form, self.path.is_empty()) {
            (Some(form), true) => write!(f, "form {form}")?,
            (Some(form), false) => write!(f, "form {form} {}", self.path)?,
            (None, true) => f.write_str("(document)")?,
            (None, false) => f.write_str(&self.path)?,
        }
        write!(
            f,
            ": expected {}, got {}",
            render(self.expected.as_ref()),
            render(self.actual.as_ref())
        )?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(number: Value) -> Value {
        json!({
            "schema_version": 1,
            "source": { "path": "a.txt", "line_start": 3, "line_end": 50 },
            "project_name": "扶贫综合保险",
            "funding": { "total": { "raw": "6.7万元", "number": 6.7 } },
            "indicators": [
                { "name": "户数", "value": { "raw": "≥340户", "number": 340 }, "line": 15 },
                { "name": "补助", "value": { "raw": "564元/户", "number": number }, "line": 46 }
            ],
            "diagnostics": [ { "code": "note-missing", "line": 3 } ]
        })
    }

    fn ignore(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| (*k).to_owned()).collect()
    }

    #[test]
    fn equal_documents_have_no_differences() {
        let a = json!([record(json!(564)), record(json!(1))]);
        assert!(compare(&a, &a.clone(), &[]).is_empty());
    }

    #[test]
    fn numbers_compare_by_value() {
        let e = json!([record(json!(340))]);
        let a = json!([record(json!(340.0))]);
        assert!(compare(&e, &a, &[]).is_empty());
    }

    #[test]
    fn changed_number_names_form_path_and_line() {
        let e = json!([record(json!(1)), record(json!(564))]);
        let a = json!([record(json!(1)), record(json!(56.4))]);
        let d = compare(&e, &a, &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0],
            Difference {
                form: Some(1),
                path: "indicators[1].value.number".into(),
                expected: Some(json!(564)),
                actual: Some(json!(56.4)),
                line: Some(46),
            }
        );
        assert_eq!(
            d[0].to_string(),
            "form 1 indicators[1].value.number: expected 564, got 56.4 (line 46)"
        );
    }

    #[test]
    fn changed_string_outside_indicators_takes_record_line() {
        let e = json!([record(json!(1))]);
        let mut a = e.clone();
        a[0]["project_name"] = json!("扶贫保险");
        let d = compare(&e, &a, &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].to_string(),
            "form 0 project_name: expected \"扶贫综合保险\", got \"扶贫保险\" (line 3)"
        );
    }

    #[test]
    fn missing_key_is_reported() {
        let e = json!([record(json!(1))]);
        let mut a = e.clone();
        a[0]["funding"]["total"]
            .as_object_mut()
            .map(|o| o.remove("number"));
        let d = compare(&e, &a, &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "funding.total.number");
        assert_eq!(d[0].actual, None);
        assert_eq!(
            d[0].to_string(),
            "form 0 funding.total.number: expected 6.7, got (missing) (line 3)"
        );
    }

    #[test]
    fn extra_array_element_is_reported_compactly() {
        let e = json!([record(json!(1))]);
        let mut a = e.clone();
        let long = "很长的指标名称".repeat(10);
        if let Some(v) = a[0]["indicators"].as_array_mut() {
            v.push(json!({ "name": long, "value": null, "line": 47 }));
        }
        let d = compare(&e, &a, &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "indicators[2]");
        assert_eq!(d[0].expected, None);
        assert_eq!(d[0].line, Some(47));
        let s = d[0].to_string();
        assert!(
            s.starts_with("form 0 indicators[2]: expected (missing), got {"),
            "{s}"
        );
        assert!(s.ends_with("… (line 47)"), "{s}");
        assert!(s.chars().count() < 140, "{s}");
    }

    #[test]
    fn extra_record_is_reported() {
        let e = json!([record(json!(1))]);
        let a = json!([record(json!(1)), record(json!(2))]);
        let d = compare(&e, &a, &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].form, d[0].path.as_str(), d[0].line),
            (Some(1), "", Some(3))
        );
    }

    #[test]
    fn ignored_keys_are_skipped_at_any_depth() {
        let e = json!([record(json!(1))]);
        let mut a = e.clone();
        a[0]["indicators"][0]["value"]["raw"] = json!("340户");
        a[0]["funding"]["total"]["raw"] = json!("6.7");
        a[0]["diagnostics"] = json!([]);
        a[0]["indicators"][1]["line"] = json!(99);
        assert!(compare(&e, &a, &ignore(&["raw", "diagnostics", "line"])).is_empty());
        assert_eq!(compare(&e, &a, &ignore(&["raw", "diagnostics"])).len(), 1);
        assert_eq!(compare(&e, &a, &[]).len(), 4);
    }

    #[test]
    fn line_attribution_prefers_actual_then_expected() {
        let e = json!([record(json!(564))]);
        let mut a = record(json!(56.4));
        a["indicators"][1]["line"] = json!(48);
        let d = compare(&e, &json!([a]), &ignore(&["line"]));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(48));

        let mut a = record(json!(56.4));
        a["indicators"][1]["line"] = Value::Null;
        let d = compare(&e, &json!([a]), &ignore(&["line"]));
        assert_eq!(d[0].line, Some(46));
    }

    #[test]
    fn type_change_and_odd_keys() {
        let e = json!([{ "extra": { "项目 属性": "经常性", "a.b": 1 } }]);
        let a = json!([{ "extra": { "项目 属性": null, "a.b": "1" } }]);
        let mut d: Vec<String> = compare(&e, &a, &[])
            .iter()
            .map(ToString::to_string)
            .collect();
        d.sort();
        assert_eq!(
            d,
            vec![
                "form 0 extra[\"a.b\"]: expected 1, got \"1\"",
                "form 0 extra[\"项目 属性\"]: expected \"经常性\", got null",
            ]
        );
    }

    #[test]
    fn non_array_documents_compare_as_one() {
        let d = compare(&json!({ "a": 1 }), &json!({ "a": 2 }), &[]);
        assert_eq!(d[0].to_string(), "a: expected 1, got 2");
        let d = compare(&json!(1), &json!([]), &[]);
        assert_eq!(d[0].to_string(), "(document): expected 1, got []");
    }
}
