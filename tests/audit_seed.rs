//! The seed's four forms audited: the reviewed report in
//! `fixtures/audit/poverty-2019.audit.expected.json`, and the facts it rests on checked
//! one by one.

use jixiao::audit::report::FormReport;
use jixiao::audit::{audit_batch, audit_record, Rule};
use jixiao::record::{Number, Record, ValueKind};

const SEED: &str = "fixtures/seed/poverty-2019.txt";
const EXPECTED: &str = "fixtures/audit/poverty-2019.audit.expected.json";

fn seed() -> Vec<Record> {
    let bytes = std::fs::read(SEED).unwrap();
    jixiao::parse_bytes(SEED, &bytes, &jixiao::Options::default()).records
}

#[test]
fn the_seed_report_matches_the_reviewed_one() {
    let records = seed();
    let refs: Vec<&Record> = records.iter().collect();
    let audits = audit_batch(&refs);
    let forms: Vec<FormReport<'_>> = refs
        .iter()
        .zip(&audits)
        .map(|(r, a)| FormReport::new(r, a))
        .collect();
    let got = serde_json::to_value(&forms).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(EXPECTED).unwrap()).unwrap();
    assert_eq!(got, want);
}

#[test]
fn only_the_platform_fee_form_has_a_finding_its_vague_target() {
    let records = seed();
    let refs: Vec<&Record> = records.iter().collect();
    let audits = audit_batch(&refs);
    for audit in &audits[..3] {
        assert!(audit.findings.is_empty(), "{:?}", audit.findings);
    }
    assert_eq!(records[3].project_name.as_deref(), Some("平台服务费"));
    let findings = &audits[3].findings;
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].code, Rule::VagueTarget);
    assert_eq!(findings[0].line, Some(98));
    // Line 98 of the seed: 提高各帮扶单位和个人帮扶成效 ⇥ 有所提高.
    let text = std::fs::read_to_string(SEED).unwrap();
    let line = text.lines().nth(97).unwrap();
    assert!(line.contains("有所提高"), "{line}");
    assert!(findings[0].message.contains("8 of 11 indicators (73%)"));
}

#[test]
fn quantified_shares_per_form() {
    // Text targets: form 0 the insurance list (line 17); form 2 补助范围 and 每年一次
    // (lines 68, 70); form 3 the service list, 全区各帮扶部门 and 有所提高 (93, 94, 98).
    let shares: Vec<(usize, usize)> = seed()
        .iter()
        .map(|r| {
            let q = audit_record(r).quantified;
            (q.quantified, q.indicators)
        })
        .collect();
    assert_eq!(shares, vec![(11, 12), (10, 10), (6, 8), (8, 11)]);
}

/// Scales a record's funding total and fiscal amounts.
fn scale_funding(r: &mut Record, factor: f64) {
    for v in [r.funding.total.as_mut(), r.funding.fiscal.as_mut()]
        .into_iter()
        .flatten()
    {
        if let ValueKind::Quantity { number, .. } = &mut v.kind {
            *number = Number(number.0 * factor);
        }
    }
}

#[test]
fn forms_one_to_four_are_consistent_in_cost_and_the_rule_does_apply_to_them() {
    // The costs: 194元 × 340户 = 6.6万 (6.7万); 564元/户 × 156户 = 8.8万 (8.8万);
    // 3000元/生 × 10人 = 3万 (3万); 平台使用费用 42万 (42万).
    let cost_lines = [20, 46, 71, 96];
    for (mut r, line) in seed().into_iter().zip(cost_lines) {
        let consistent = audit_record(&r);
        assert!(
            !consistent
                .findings
                .iter()
                .any(|f| f.code == Rule::CostMismatch),
            "form {}: {:?}",
            r.source.form_index,
            consistent.findings
        );
        // Half the money: the same cost now exceeds it, and is reported at its row.
        scale_funding(&mut r, 0.5);
        let findings = audit_record(&r).findings;
        let mismatch: Vec<_> = findings
            .iter()
            .filter(|f| f.code == Rule::CostMismatch)
            .collect();
        assert_eq!(
            mismatch.len(),
            1,
            "form {}: {findings:?}",
            r.source.form_index
        );
        assert_eq!(mismatch[0].line, Some(line));
    }
}

#[test]
fn the_first_form_is_within_the_tolerance_by_the_numbers() {
    // 194 × 340 = 65 960 元 against 67 000 元: 1.6 % apart, well inside 10 %.
    let r = &seed()[0];
    let cost = r.indicators.iter().find(|i| i.line == 20).unwrap();
    let households = r.indicators.iter().find(|i| i.line == 15).unwrap();
    let product = cost.value.as_ref().and_then(|v| v.number()).unwrap()
        * households.value.as_ref().and_then(|v| v.number()).unwrap();
    let funding = r.funding.total.as_ref().and_then(|v| v.number()).unwrap() * 1e4;
    assert_eq!(product, 65_960.0);
    assert!((1.0 - product / funding).abs() < 0.02);
}
