//! `jixiao parse --format csv` on the seed, read back and compared with the expected records.

use std::collections::BTreeMap;

use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = "fixtures/seed/poverty-2019.txt";
const EXPECTED: &str = "fixtures/seed/poverty-2019.expected.json";

fn csv_of_seed(excel: bool) -> Vec<u8> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.args(["parse", "--quiet", "--format", "csv"]);
    if excel {
        cmd.arg("--excel");
    }
    let out = cmd.arg(SEED).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    out.stdout
}

/// A JSON scalar as a CSV cell: null empty, numbers spelled as in the JSON.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The row the CSV should hold for one indicator of one record.
fn expected_row(r: &Value, ind: &Value) -> BTreeMap<String, String> {
    let v = &ind["value"];
    let quantity = v["kind"] == "quantity";
    let funding = |k: &str| {
        let a = &r["funding"][k];
        if a["kind"] == "quantity" {
            cell(&a["number"])
        } else {
            String::new()
        }
    };
    let implementers = r["implementers"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap())
                .collect::<Vec<_>>()
                .join("、")
        })
        .unwrap_or_default();
    let only = |yes: bool, key: &str| if yes { cell(&v[key]) } else { String::new() };
    [
        ("path", cell(&r["source"]["path"])),
        ("form_index", cell(&r["source"]["form_index"])),
        ("year", cell(&r["year"])),
        ("project_name", cell(&r["project_name"])),
        ("leader_name", cell(&r["leader"]["name"])),
        ("leader_phone", cell(&r["leader"]["phone"])),
        ("department", cell(&r["department"])),
        ("implementers", implementers),
        ("funding_unit", cell(&r["funding"]["unit"])),
        ("funding_total", funding("total")),
        ("funding_fiscal", funding("fiscal")),
        ("funding_other", funding("other")),
        ("needs_review", cell(&r["needs_review"])),
        (
            "review_reasons",
            r["review_reasons"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(";")
                })
                .unwrap_or_default(),
        ),
        ("level1", cell(&ind["level1"])),
        ("level2", cell(&ind["level2"])),
        ("name", cell(&ind["name"])),
        ("raw", cell(&v["raw"])),
        ("kind", cell(&v["kind"])),
        ("op", only(quantity, "op")),
        ("number", only(quantity, "number")),
        ("unit", only(v["kind"] != "text", "unit")),
        ("min", only(v["kind"] == "range", "min")),
        ("max", only(v["kind"] == "range", "max")),
        ("line", cell(&ind["line"])),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

#[test]
fn one_row_per_indicator_equal_to_the_json_fields() {
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(EXPECTED).unwrap()).unwrap();
    let want: Vec<BTreeMap<String, String>> = expected
        .iter()
        .flat_map(|r| {
            r["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |ind| expected_row(r, ind))
        })
        .collect();
    assert_eq!(want.len(), 41);

    let bytes = csv_of_seed(false);
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let mut want_header: Vec<&String> = want[0].keys().collect();
    let mut got_header: Vec<&String> = header.iter().collect();
    want_header.sort();
    got_header.sort();
    assert_eq!(got_header, want_header);

    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|row| {
            header
                .iter()
                .cloned()
                .zip(row.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), want.len());
    for (i, (got, want)) in rows.iter().zip(&want).enumerate() {
        assert_eq!(got, want, "row {}", i + 1);
    }
}

#[test]
fn excel_output_is_the_same_after_a_bom() {
    let plain = csv_of_seed(false);
    let excel = csv_of_seed(true);
    assert!(excel.starts_with(b"\xEF\xBB\xBF"));
    assert!(!plain.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(&excel[3..], &plain[..]);
}
