//! The generated JSON Schema accepts what serde writes and rejects what it never writes.

use std::collections::BTreeMap;

use jixiao::diagnostic::{Code, Diagnostic};
use jixiao::record::{
    DateValue, FormKind, Funding, FundingItem, Goals, Indicator, Layout, Leader, Op, Record,
    Source, Value, ValueKind, SCHEMA_VERSION,
};
use jixiao::schema::record_schema;
use serde_json::json;

mod common;

use common::{assert_valid, quantity, schema_errors};

fn assert_invalid(json: &serde_json::Value, why: &str) {
    assert!(!schema_errors(json).is_empty(), "schema accepted {why}");
}

fn source() -> Source {
    common::source("fixtures/seed/poverty-2019.txt", 0)
}

fn indicator(name: &str, value: Option<Value>, line: usize) -> Indicator {
    common::indicator("产出指标", "数量指标", name, value, line)
}

/// A record that uses every field and every kind of value.
fn full_record() -> Record {
    let mut approx = quantity("约6.7万元", None, 6.7, Some("万元"));
    approx.approx = true;
    let mut deadline = Value::text("2019年12月底前");
    deadline.date = Some(DateValue {
        iso: "2019-12-31".into(),
        op: Some(Op::Le),
    });
    let list = Value {
        raw: "疾病身故险、意外身故".into(),
        kind: ValueKind::Text {
            items: Some(vec!["疾病身故险".into(), "意外身故".into()]),
        },
        approx: false,
        date: None,
    };
    let range = common::range("90%-100%", 90.0, 100.0, Some("%"));
    let mut with_extra = indicator(
        "补助标准",
        Some(quantity("564元/户", None, 564.0, Some("元/户"))),
        17,
    );
    with_extra.extra.insert("备注".into(), "按户补助".into());
    Record {
        schema_version: SCHEMA_VERSION,
        source: source(),
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
            total: Some(approx),
            fiscal: Some(quantity("6.7万元", None, 6.7, Some("万元"))),
            other: Some(quantity("0", Some(Op::Eq), 0.0, None)),
            items: vec![FundingItem {
                label: "中央资金".into(),
                amount: quantity("3.5万元", None, 3.5, Some("万元")),
            }],
        },
        goals: Goals {
            annual: Some("为全区建档立卡户办理扶贫综合保险。".into()),
            long_term: Some("巩固脱贫成效。".into()),
        },
        indicators: vec![
            indicator(
                "贫困户数",
                Some(quantity("≥340户", Some(Op::Ge), 340.0, Some("户"))),
                15,
            ),
            indicator("险种", Some(list), 16),
            with_extra,
            indicator("完成时间", Some(deadline), 18),
            indicator("满意度", Some(range), 19),
            indicator("培训人次", None, 20),
        ],
        extra: BTreeMap::from([("项目属性".into(), "经常性项目".into())]),
        note: Some("各地请根据实际情况填报。".into()),
        diagnostics: vec![
            Diagnostic::at(Code::Level1Inferred, 15, "inferred 产出指标"),
            Diagnostic::new(Code::EncodingDetected, None, "GB18030"),
        ],
        needs_review: false,
        review_reasons: vec![],
    }
}

/// A record with every optional field null and every list empty.
fn sparse_record() -> Record {
    Record {
        schema_version: SCHEMA_VERSION,
        source: Source {
            layout: Layout::Flat,
            ..source()
        },
        form_kind: FormKind::Department,
        title: None,
        year: None,
        project_name: None,
        leader: Some(Leader::default()),
        department: None,
        implementers: None,
        funding: Funding::default(),
        goals: Goals::default(),
        indicators: vec![Indicator {
            level1: None,
            level2: None,
            name: None,
            value: Some(quantity("100", None, 100.0, None)),
            line: 9,
            line_end: Some(10),
            extra: BTreeMap::new(),
            cell: None,
            page: None,
        }],
        extra: BTreeMap::new(),
        note: None,
        diagnostics: Vec::new(),
        needs_review: true,
        review_reasons: vec![],
    }
}

fn sample() -> serde_json::Value {
    serde_json::to_value(vec![full_record(), sparse_record()]).expect("records serialise")
}

#[test]
fn schema_is_a_draft_2020_12_array_schema() {
    let schema = record_schema();
    assert_eq!(
        schema["$schema"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
    assert_eq!(schema["type"], json!("array"));
    assert!(jsonschema::meta::is_valid(&schema), "not a valid schema");
}

#[test]
fn serialised_records_are_valid() {
    assert_valid(&sample());
    assert_valid(&json!([]));
    let mut no_leader = sparse_record();
    no_leader.leader = None;
    no_leader.funding.other = Some(Value::text("无"));
    assert_valid(&serde_json::to_value(vec![no_leader]).unwrap());
    let mut checked = vec![full_record(), sparse_record()];
    checked.iter_mut().for_each(jixiao::validate::validate);
    assert!(checked[1].diagnostics.len() > 1);
    assert_valid(&serde_json::to_value(checked).unwrap());
}

#[test]
fn unknown_value_kind_is_rejected() {
    let mut doc = sample();
    doc[0]["indicators"][0]["value"]["kind"] = json!("bogus");
    assert_invalid(&doc, "kind bogus");
}

#[test]
fn quantity_without_number_is_rejected() {
    let mut doc = sample();
    doc[0]["indicators"][0]["value"]
        .as_object_mut()
        .map(|v| v.remove("number"));
    assert_invalid(&doc, "a quantity without number");
}

#[test]
fn missing_schema_version_is_rejected() {
    let mut doc = sample();
    doc[1].as_object_mut().map(|r| r.remove("schema_version"));
    assert_invalid(&doc, "a record without schema_version");
}

#[test]
fn always_written_fields_are_required_even_when_null() {
    let mut doc = sample();
    doc[1].as_object_mut().map(|r| r.remove("title"));
    assert_invalid(&doc, "a record without its null title");
    let mut doc = sample();
    doc[1]["indicators"][0]["value"]
        .as_object_mut()
        .map(|v| v.remove("op"));
    assert_invalid(&doc, "a quantity without its null op");
}

/// Turns a valid document into one the schema must reject.
type Breaker = fn(&mut serde_json::Value);

#[test]
fn wrong_types_are_rejected() {
    let cases: [(&str, Breaker); 6] = [
        ("a string year", |d| d[0]["year"] = json!("2019")),
        ("an unknown layout", |d| {
            d[0]["source"]["layout"] = json!("grid")
        }),
        ("an unknown op", |d| {
            d[0]["indicators"][0]["value"]["op"] = json!("≥")
        }),
        ("an unknown code", |d| {
            d[0]["diagnostics"][0]["code"] = json!("nope")
        }),
        ("a string number", |d| {
            d[0]["funding"]["fiscal"]["number"] = json!("6.7")
        }),
        ("a record that is not an object", |d| d[1] = json!("record")),
    ];
    for (why, break_it) in cases {
        let mut doc = sample();
        break_it(&mut doc);
        assert_invalid(&doc, why);
    }
}

/// Every JSON file under `fixtures/` whose top level is an array is a record set
/// (an expected output); each must satisfy the schema, or be the one error
/// line of an input that yields no record.
#[test]
fn fixture_record_sets_are_valid() {
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures"
    ))];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json")
                // Audit reports (docs/audit.md) are arrays of forms' findings, not records.
                && !path.to_string_lossy().ends_with(".audit.expected.json")
            {
                let text = std::fs::read_to_string(&path).expect("fixture is readable");
                let json: serde_json::Value =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
                let error_line = |v: &serde_json::Value| v.get("error") == Some(&json!(true));
                match json.as_array() {
                    // A file that yields no record: its one JSON Lines error line.
                    Some(lines) if lines.iter().any(error_line) => {
                        assert_eq!(lines.len(), 1, "{path:?}");
                        let line: jixiao::record::FileError =
                            serde_json::from_value(lines[0].clone())
                                .unwrap_or_else(|e| panic!("{path:?}: {e}"));
                        assert!(line.error && !line.diagnostics.is_empty(), "{path:?}");
                    }
                    Some(_) => {
                        let errs = schema_errors(&json);
                        assert!(errs.is_empty(), "{path:?}:\n{}", errs.join("\n"));
                    }
                    None => {}
                }
            }
        }
    }
}
