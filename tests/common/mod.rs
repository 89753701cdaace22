//! Shared by the integration tests: hand-built records, and records checked against the generated JSON Schema.
#![allow(dead_code)]

use std::collections::BTreeMap;

use jixiao::record::*;

pub fn quantity(raw: &str, op: Option<Op>, number: f64, unit: Option<&str>) -> Value {
    Value {
        raw: raw.into(),
        kind: ValueKind::Quantity {
            op,
            number: Number(number),
            unit: unit.map(Into::into),
        },
        approx: false,
        date: None,
    }
}

pub fn range(raw: &str, min: f64, max: f64, unit: Option<&str>) -> Value {
    Value {
        raw: raw.into(),
        kind: ValueKind::Range {
            min: Number(min),
            max: Number(max),
            unit: unit.map(Into::into),
        },
        approx: false,
        date: None,
    }
}

pub fn indicator(
    level1: &str,
    level2: &str,
    name: &str,
    value: Option<Value>,
    line: usize,
) -> Indicator {
    Indicator {
        level1: Some(level1.into()),
        level2: Some(level2.into()),
        name: Some(name.into()),
        value,
        line,
        line_end: None,
        extra: BTreeMap::new(),
        cell: None,
        page: None,
    }
}

/// Where a hand-built form was read: lines 3–28 of `path`, tab-separated UTF-8.
pub fn source(path: &str, form_index: usize) -> Source {
    Source {
        path: path.into(),
        encoding: "UTF-8".into(),
        form_index,
        line_start: 3,
        line_end: 28,
        layout: Layout::Tabs,
        format: Default::default(),
        cells: Default::default(),
        page: None,
    }
}

pub fn record(path: &str, form_index: usize, indicators: Vec<Indicator>) -> Record {
    Record {
        schema_version: SCHEMA_VERSION,
        source: source(path, form_index),
        form_kind: FormKind::Project,
        title: Some("绩效目标申报表".into()),
        year: Some(2019),
        project_name: Some("扶贫综合保险".into()),
        leader: Some(Leader {
            name: Some("张军".into()),
            phone: Some("86928079".into()),
        }),
        department: Some("区财政局".into()),
        implementers: Some(vec!["区扶贫办".into(), "人寿高陵支行".into()]),
        funding: Funding {
            unit: "万元".into(),
            total: Some(quantity("6.7万元", None, 6.7, Some("万元"))),
            fiscal: Some(quantity("6万元", None, 6.0, Some("万元"))),
            other: None,
            items: vec![],
        },
        goals: Goals::default(),
        indicators,
        extra: BTreeMap::new(),
        note: None,
        diagnostics: vec![],
        needs_review: false,
        review_reasons: vec![],
    }
}

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
