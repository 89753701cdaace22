//! CSV export: rows read back with the `csv` crate equal the record fields.

use std::collections::BTreeMap;

use jixiao::diagnostic::{Code, Diagnostic};
use jixiao::output::csv::{CsvWriter, COLUMNS};
use jixiao::record::*;

mod common;
use common::{indicator, quantity, record};

fn sample() -> Vec<Record> {
    let range = common::range("90%-100%", 90.0, 100.0, Some("%"));
    let first = record(
        "a.txt",
        0,
        vec![
            indicator(
                "产出指标",
                "数量指标",
                "贫困户数",
                Some(quantity("≥340户", Some(Op::Ge), 340.0, Some("户"))),
                15,
            ),
            indicator("效益指标", "社会效益指标", "满意度", Some(range), 16),
            indicator(
                "效益指标",
                "可持续影响指标",
                "长效机制,\"含引号\"\n第二行",
                Some(Value::text("有所提高")),
                17,
            ),
            indicator("满意度指标", "服务对象满意度指标", "群众满意度", None, 18),
        ],
    );
    let mut empty = record("a.txt", 1, vec![]);
    empty.year = None;
    empty.leader = None;
    empty.implementers = None;
    empty.funding.total = None;
    empty.funding.other = Some(quantity("0", None, 0.0, None));
    empty.needs_review = true;
    empty.review_reasons = vec![Code::NoIndicators, Code::FundingTotalMissing];
    empty.diagnostics = vec![Diagnostic::new(
        Code::NoIndicators,
        None,
        "no indicator rows",
    )];
    vec![first, empty]
}

fn write(records: &[Record], excel: bool) -> Vec<u8> {
    let mut w = CsvWriter::new(Vec::new(), excel).unwrap();
    for r in records {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

fn read(bytes: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut rdr = csv::Reader::from_reader(bytes);
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = rdr
        .records()
        .map(|row| {
            let row = row.unwrap();
            header
                .iter()
                .cloned()
                .zip(row.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn num(n: Number) -> String {
    serde_json::to_string(&n).unwrap()
}

/// The expected cell for each column of one row, built from the record.
fn expected(r: &Record, ind: Option<&Indicator>) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        m.insert(k.to_owned(), v);
    };
    put("path", r.source.path.clone());
    put("form_index", r.source.form_index.to_string());
    put("year", r.year.map(|y| y.to_string()).unwrap_or_default());
    put("project_name", opt(&r.project_name));
    put(
        "leader_name",
        r.leader.as_ref().map(|l| opt(&l.name)).unwrap_or_default(),
    );
    put(
        "leader_phone",
        r.leader.as_ref().map(|l| opt(&l.phone)).unwrap_or_default(),
    );
    put("department", opt(&r.department));
    put(
        "implementers",
        r.implementers
            .as_ref()
            .map(|v| v.join("、"))
            .unwrap_or_default(),
    );
    put("funding_unit", r.funding.unit.clone());
    let amount = |v: &Option<Value>| {
        v.as_ref()
            .and_then(Value::number)
            .map(|n| num(Number(n)))
            .unwrap_or_default()
    };
    put("funding_total", amount(&r.funding.total));
    put("funding_fiscal", amount(&r.funding.fiscal));
    put("funding_other", amount(&r.funding.other));
    put("needs_review", r.needs_review.to_string());
    put(
        "review_reasons",
        r.review_reasons
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(";"),
    );
    for k in [
        "level1", "level2", "name", "raw", "kind", "op", "number", "unit", "min", "max", "line",
    ] {
        put(k, String::new());
    }
    if let Some(ind) = ind {
        put("level1", opt(&ind.level1));
        put("level2", opt(&ind.level2));
        put("name", opt(&ind.name));
        put("line", ind.line.to_string());
        if let Some(v) = &ind.value {
            put("raw", v.raw.clone());
            match &v.kind {
                ValueKind::Quantity { op, number, unit } => {
                    put("kind", "quantity".into());
                    put("op", op.map(|o| o.as_str().to_owned()).unwrap_or_default());
                    put("number", num(*number));
                    put("unit", opt(unit));
                }
                ValueKind::Range { min, max, unit } => {
                    put("kind", "range".into());
                    put("min", num(*min));
                    put("max", num(*max));
                    put("unit", opt(unit));
                }
                ValueKind::Text { .. } => put("kind", "text".into()),
            }
        }
    }
    m
}

#[test]
fn rows_equal_record_fields() {
    let records = sample();
    let (header, rows) = read(&write(&records, false));
    assert_eq!(header, COLUMNS);
    let mut want = Vec::new();
    for r in &records {
        if r.indicators.is_empty() {
            want.push(expected(r, None));
        }
        for ind in &r.indicators {
            want.push(expected(r, Some(ind)));
        }
    }
    assert_eq!(
        rows.len(),
        5,
        "four indicator rows and one row for the empty form"
    );
    assert_eq!(rows, want);
}

#[test]
fn spot_checks() {
    let (_, rows) = read(&write(&sample(), false));
    assert_eq!(rows[0]["number"], "340");
    assert_eq!(rows[0]["op"], ">=");
    assert_eq!(rows[0]["funding_total"], "6.7");
    assert_eq!(rows[0]["funding_fiscal"], "6");
    assert_eq!(rows[0]["funding_other"], "");
    assert_eq!(rows[0]["implementers"], "区扶贫办、人寿高陵支行");
    assert_eq!(
        (rows[1]["min"].as_str(), rows[1]["max"].as_str()),
        ("90", "100")
    );
    assert_eq!(rows[2]["kind"], "text");
    assert_eq!(rows[3]["raw"], "");
    assert_eq!(rows[3]["kind"], "");
    assert_eq!(rows[3]["line"], "18");
    assert_eq!(rows[4]["form_index"], "1");
    assert_eq!(rows[4]["funding_other"], "0");
    assert_eq!(rows[4]["name"], "");
}

#[test]
fn excel_adds_exactly_a_bom() {
    let plain = write(&sample(), false);
    let excel = write(&sample(), true);
    let bom = "\u{FEFF}".as_bytes();
    assert!(!plain.starts_with(bom));
    assert_eq!(&excel[..bom.len()], bom);
    assert_eq!(&excel[bom.len()..], &plain[..]);
}

#[test]
fn header_only_when_no_records() {
    let out = String::from_utf8(write(&[], false)).unwrap();
    assert_eq!(out.trim_end(), COLUMNS.join(","));
}
