//! Placeholder value grammar (replaced by the full grammar).
use crate::diagnostic::Code;
use crate::record::{Number, Value, ValueKind};

/// A note the value grammar raises about a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueNote {
    pub code: Code,
    pub message: String,
}

/// Parses a 指标值 cell.
pub fn parse_value(raw: &str) -> (Value, Vec<ValueNote>) {
    (Value::text(raw.trim()), Vec::new())
}

/// Parses a funding amount.
pub fn parse_amount(raw: &str, target_unit: &str) -> Option<(Value, Vec<ValueNote>)> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let num: String = raw
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let n = num.parse::<f64>().ok()?;
    Some((
        Value {
            raw: raw.to_owned(),
            kind: ValueKind::Quantity {
                op: None,
                number: Number(n),
                unit: Some(target_unit.to_owned()),
            },
            approx: false,
            date: None,
        },
        Vec::new(),
    ))
}

/// Canonical funding unit from an annotation.
pub fn funding_unit(annotation: &str) -> Option<&'static str> {
    match annotation.trim() {
        "万元" => Some("万元"),
        "元" => Some("元"),
        "亿元" => Some("亿元"),
        _ => None,
    }
}
