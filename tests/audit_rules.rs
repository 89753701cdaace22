//! Every audit rule against made-up forms under `fixtures/audit/`: in each file the first
//! forms trip the rule (and nothing else), the last ones must not trip anything.

use jixiao::audit::{audit_batch, audit_record, Rule};
use jixiao::record::Record;

/// A finding expected on a form: its rule, its line, and a text the line must hold
/// (so the line points at the right row of the source).
type Expect = (Rule, Option<usize>, &'static str);

fn records(path: &str) -> (String, Vec<Record>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let report = jixiao::parse_bytes(path, &bytes, &jixiao::Options::default());
    let text = String::from_utf8(bytes).expect("fixtures are UTF-8");
    (text, report.records)
}

/// Audits every form of `file` on its own and compares with `expected` (one list per form).
fn check(file: &str, expected: &[&[Expect]]) {
    let path = format!("fixtures/audit/{file}");
    let (text, records) = records(&path);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(records.len(), expected.len(), "{path}: forms");
    for (record, want) in records.iter().zip(expected) {
        let form = record.source.form_index;
        let got: Vec<(Rule, Option<usize>)> = audit_record(record)
            .findings
            .iter()
            .map(|f| (f.code, f.line))
            .collect();
        let want_codes: Vec<(Rule, Option<usize>)> =
            want.iter().map(|(r, l, _)| (*r, *l)).collect();
        assert_eq!(got, want_codes, "{path} form {form}");
        for (rule, line, holds) in *want {
            if let Some(l) = line {
                let source = lines.get(l - 1).copied().unwrap_or("");
                assert!(
                    source.contains(holds),
                    "{path} form {form} {rule}: line {l} is {source:?}, expected it to hold {holds:?}"
                );
            }
        }
    }
}

#[test]
fn missing_level1() {
    check(
        "missing-level1.txt",
        &[
            &[(Rule::MissingLevel1, Some(13), "修缮灌渠长度")],
            &[(Rule::MissingLevel1, Some(34), "修缮灌渠长度")],
            &[],
        ],
    );
    let (_, records) = records("fixtures/audit/missing-level1.txt");
    let message = |i: usize| audit_record(&records[i]).findings[0].message.clone();
    assert!(message(0).contains("no 满意度指标"), "{}", message(0));
    assert!(message(1).contains("no 成本指标"), "{}", message(1));
}

#[test]
fn missing_level2() {
    check(
        "missing-level2.txt",
        &[&[(Rule::MissingLevel2, Some(13), "修缮灌渠长度")], &[]],
    );
    let (_, records) = records("fixtures/audit/missing-level2.txt");
    let finding = &audit_record(&records[0]).findings[0];
    assert!(
        finding.message.contains("no 时效指标"),
        "{}",
        finding.message
    );
}

#[test]
fn missing_goal() {
    check("missing-goal.txt", &[&[(Rule::MissingGoal, None, "")], &[]]);
}

#[test]
fn missing_funding() {
    check(
        "missing-funding.txt",
        &[&[(Rule::MissingFunding, None, "")], &[]],
    );
}

#[test]
fn no_number() {
    check(
        "no-number.txt",
        &[&[(Rule::NoNumber, Some(13), "若干")], &[]],
    );
}

#[test]
fn vague_target_with_the_share_of_quantified_indicators() {
    check(
        "vague-target.txt",
        &[&[(Rule::VagueTarget, Some(18), "明显改善")], &[]],
    );
    let (_, records) = records("fixtures/audit/vague-target.txt");
    let audit = audit_record(&records[0]);
    assert_eq!(
        (audit.quantified.quantified, audit.quantified.indicators),
        (7, 8)
    );
    assert!(
        audit.findings[0]
            .message
            .contains("7 of 8 indicators (88%)"),
        "{}",
        audit.findings[0].message
    );
}

#[test]
fn cost_mismatch() {
    check(
        "cost-mismatch.txt",
        &[
            // ≤25万元/公里 × 21公里 = 525万元 against 315万元.
            &[(Rule::CostMismatch, Some(16), "每公里修缮成本")],
            // A total of 72万元, the only cost, against 120万元.
            &[(Rule::CostMismatch, Some(38), "工程总费用")],
            // 15万元/公里 × 23公里 = 345万元, the funding exactly.
            &[],
            // 194元 × 340户 = 6.6万元 against 6.7万元: within the tolerance.
            &[],
        ],
    );
    let (_, records) = records("fixtures/audit/cost-mismatch.txt");
    let over = &audit_record(&records[0]).findings[0].message;
    assert!(
        over.contains("= 525万元") && over.contains("167%"),
        "{over}"
    );
    let under = &audit_record(&records[1]).findings[0].message;
    assert!(under.contains("only 60%"), "{under}");
}

#[test]
fn funding_sum() {
    check("funding-sum.txt", &[&[(Rule::FundingSum, None, "")], &[]]);
    let (_, records) = records("fixtures/audit/funding-sum.txt");
    let f = &audit_record(&records[0]).findings[0];
    assert!(
        f.message.contains("= 110万元") && f.message.contains("120万元"),
        "{}",
        f.message
    );
}

#[test]
fn percent_over_100_but_not_a_growth_rate() {
    check(
        "percent-over-100.txt",
        &[&[(Rule::PercentOver100, Some(14), "105%")], &[]],
    );
    // The passing form does set a growth rate above 100 %.
    let text = std::fs::read_to_string("fixtures/audit/percent-over-100.txt").unwrap();
    assert!(text.contains("灌溉面积增长率\t≥120%"));
}

#[test]
fn deadline_outside_the_year_unless_the_period_covers_it() {
    check(
        "deadline-outside-period.txt",
        &[
            &[(Rule::DeadlineOutsidePeriod, Some(15), "2022年6月底前")],
            &[],
            // The same deadline with 项目期 2021-2022年.
            &[],
        ],
    );
}

#[test]
fn duplicate_indicator() {
    check(
        "duplicate-indicator.txt",
        &[&[(Rule::DuplicateIndicator, Some(18), "受益农户数")], &[]],
    );
    let (_, records) = records("fixtures/audit/duplicate-indicator.txt");
    let f = &audit_record(&records[0]).findings[0];
    assert!(f.message.contains("first at line 17"), "{}", f.message);
}

#[test]
fn template_reuse_across_a_batch_names_the_other_forms() {
    let dir = "fixtures/audit/template-reuse";
    let (_, a) = records(&format!("{dir}/a.txt"));
    let (_, b) = records(&format!("{dir}/b.txt"));
    let (_, c) = records(&format!("{dir}/c.txt"));
    let batch: Vec<&Record> = a.iter().chain(&b).chain(&c).collect();
    let audits = audit_batch(&batch);
    let reuse = |i: usize| -> Vec<&str> {
        audits[i]
            .findings
            .iter()
            .filter(|f| f.code == Rule::TemplateReuse)
            .map(|f| f.message.as_str())
            .collect()
    };
    assert_eq!(reuse(0).len(), 1);
    assert!(
        reuse(0)[0].contains("b.txt form 0 「胜利村灌渠修缮」"),
        "{:?}",
        reuse(0)
    );
    assert_eq!(reuse(1).len(), 1);
    assert!(
        reuse(1)[0].contains("a.txt form 0 「前进村灌渠修缮」"),
        "{:?}",
        reuse(1)
    );
    // Same names, other targets: filled in for its own project.
    assert!(reuse(2).is_empty(), "{:?}", reuse(2));
    // Nothing else is found on these forms.
    for a in &audits {
        assert!(
            a.findings.iter().all(|f| f.code == Rule::TemplateReuse),
            "{:?}",
            a.findings
        );
    }
    // Alone, no form is a reuse.
    assert!(audit_batch(&[&a[0]])[0].findings.is_empty());
}

#[test]
fn the_same_project_filed_twice_is_not_template_reuse() {
    let (_, a) = records("fixtures/audit/template-reuse/a.txt");
    let mut again = a[0].clone();
    again.source.path = "elsewhere/a-copy.txt".into();
    let audits = audit_batch(&[&a[0], &again]);
    assert!(
        audits.iter().all(|a| a.findings.is_empty()),
        "{:?}",
        audits[0].findings
    );
}

#[test]
fn every_rule_has_a_fixture_that_trips_it() {
    let mut tripped = std::collections::BTreeSet::new();
    let files = std::fs::read_dir("fixtures/audit").unwrap();
    let mut batch = Vec::new();
    for entry in files {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            batch.extend(records(path.to_str().unwrap()).1);
        }
    }
    for dir_file in ["a.txt", "b.txt"] {
        batch.extend(records(&format!("fixtures/audit/template-reuse/{dir_file}")).1);
    }
    let refs: Vec<&Record> = batch.iter().collect();
    for audit in audit_batch(&refs) {
        tripped.extend(audit.findings.iter().map(|f| f.code));
    }
    let missing: Vec<_> = Rule::ALL.iter().filter(|r| !tripped.contains(r)).collect();
    assert!(missing.is_empty(), "rules no fixture trips: {missing:?}");
}

#[test]
fn findings_never_change_the_record() {
    let (_, records) = records("fixtures/audit/missing-funding.txt");
    for r in &records {
        let before = r.clone();
        let _ = audit_record(r);
        assert_eq!(*r, before);
    }
    // needs_review comes from extraction alone: the form without funding lacks its total,
    // the complete form with findings elsewhere does not need review.
    assert!(records[0].needs_review);
    let (_, vague) = self::records("fixtures/audit/vague-target.txt");
    assert!(!audit_record(&vague[0]).findings.is_empty());
    assert!(!vague[0].needs_review);
}
