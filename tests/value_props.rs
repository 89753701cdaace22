//! Properties of the value grammar: it never panics, keeps `raw`, and reads numbers exactly.

use jixiao::record::ValueKind;
use jixiao::value::{parse_amount, parse_value};
use proptest::prelude::*;

fn quantity(input: &str) -> Option<(f64, Option<String>)> {
    match parse_value(input).0.kind {
        ValueKind::Quantity { number, unit, .. } => Some((number.0, unit)),
        _ => None,
    }
}

/// Cells built from the characters the grammar cares about, to reach deep paths.
fn cellish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[0-9０-９.,，．Ool|I≥≤<>=＝％%户元万亿年月日底前至~—\\-、;；约左右以上内含()（）每生两十一二 ]{0,24}",
    )
    .expect("valid regex")
}

proptest! {
    #[test]
    fn never_panics_and_keeps_raw(s in any::<String>()) {
        let (v, _) = parse_value(&s);
        prop_assert_eq!(v.raw, s.trim());
        if let Some((a, _)) = parse_amount(&s, "万元") {
            prop_assert_eq!(a.raw, s.trim());
        }
    }

    #[test]
    fn never_panics_on_cell_like_text(s in cellish()) {
        let (v, _) = parse_value(&s);
        prop_assert_eq!(v.raw, s.trim());
        let _ = parse_amount(&s, "元");
    }

    #[test]
    fn finite_floats_read_back(n in any::<f64>().prop_filter("finite", |n| n.is_finite())) {
        prop_assert_eq!(quantity(&format!("{n}")), Some((n, None)));
        prop_assert_eq!(quantity(&format!("{n}%")), Some((n, Some("%".to_owned()))));
        prop_assert_eq!(quantity(&format!("{n}户")), Some((n, Some("户".to_owned()))));
    }

    #[test]
    fn integers_read_back(n in any::<i64>()) {
        let f = n as f64;
        prop_assert_eq!(quantity(&format!("{n}")), Some((f, None)));
        prop_assert_eq!(quantity(&format!("{n}%")), Some((f, Some("%".to_owned()))));
        prop_assert_eq!(quantity(&format!("{n}户")), Some((f, Some("户".to_owned()))));
    }
}
