//! Semantic checks on a parsed record.
//!
//! Parsing decides what the text says; these rules decide whether what it says
//! is plausible (totals that add up, percentages within range, a known 二级指标
//! under the right 一级指标). Each rule adds diagnostics with a stable code and
//! never changes the record's data.

use crate::diagnostic::{Code, Diagnostic};
use crate::record::{FormKind, Funding, Record, Value, ValueKind};

/// Adds semantic diagnostics to a record and recomputes `needs_review` and
/// `review_reasons` from its diagnostics (see [`crate::trust`]).
///
/// A diagnostic whose code and line the record already carries is not added
/// again, so running this twice gives the same record as running it once.
pub fn validate(record: &mut Record) {
    let mut found = Vec::new();
    check_funding(record, &mut found);
    check_funding_text(record, &mut found);
    check_funding_magnitude(record, &mut found);
    check_percent(record, &mut found);
    check_empty_values(record, &mut found);
    check_duplicates(record, &mut found);
    check_level2(record, &mut found);
    check_year(record, &mut found);
    check_phone(record, &mut found);
    check_implementers(record, &mut found);
    check_indicators(record, &mut found);
    check_note(record, &mut found);

    add_new(record, found);
    crate::trust::settle(record);
}

/// Adds the diagnostics a run of checks found, except those whose code and line the record
/// already carries: running the checks again adds nothing.
pub(crate) fn add_new(record: &mut Record, found: Vec<Diagnostic>) {
    if found.is_empty() {
        return;
    }
    // Sorted and searched by bisection: a record carries few diagnostics,
    // where hashing each key cost more than the search.
    let mut existing: Vec<(Code, Option<usize>)> = record
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line))
        .collect();
    existing.sort_unstable();
    record.diagnostics.extend(
        found
            .into_iter()
            .filter(|d| existing.binary_search(&(d.code, d.line)).is_err()),
    );
}

/// Whether the record's diagnostics call for review: any code the trust layer's table
/// classifies as review-raising (every `error`, and the warnings that say a field may be
/// wrong). Missing essentials are diagnostics once [`crate::trust::assess`] has run.
pub fn needs_review(record: &Record) -> bool {
    !crate::trust::review_reasons(record).is_empty()
}

/// Whether a field is absent or only white space.
pub(crate) fn is_blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// The line header-level diagnostics point at.
pub(crate) fn header_line(record: &Record) -> usize {
    record.source.line_start
}

/// Whether two amounts are equal but for rounding: they differ by at most 0.005 of the
/// unit or 0.1 % of the larger.
pub(crate) fn amounts_agree(a: f64, b: f64) -> bool {
    let diff = (a - b).abs();
    diff <= 0.005 || diff <= 0.001 * a.abs().max(b.abs())
}

/// 年度资金总额, 财政拨款 and 其他资金 as numbers, when their sum can be checked: the total
/// and 财政拨款 are numbers, and 其他资金 is absent, a number, or text `other_is_none`
/// takes for "nothing" (0). Any other text cannot be summed.
pub(crate) fn funding_parts(
    f: &Funding,
    other_is_none: impl Fn(&str) -> bool,
) -> Option<(f64, f64, f64)> {
    let total = f.total.as_ref().and_then(Value::number)?;
    let fiscal = f.fiscal.as_ref().and_then(Value::number)?;
    let other = match &f.other {
        None => 0.0,
        Some(v) => match v.number() {
            Some(n) => n,
            None if other_is_none(&v.raw) => 0.0,
            None => return None,
        },
    };
    Some((total, fiscal, other))
}

/// An amount field holding text with no amount (`按收入性质分 按支出性质分` read as the
/// total): a label or heading taken for the value. A written-out "none" (`无`, `—`) is no
/// such text.
fn check_funding_text(record: &Record, out: &mut Vec<Diagnostic>) {
    let f = &record.funding;
    for (label, v) in [
        ("年度资金总额", &f.total),
        ("财政拨款", &f.fiscal),
        ("其他资金", &f.other),
    ] {
        let Some(v) = v else { continue };
        if v.number().is_none() && !is_nil_text(&v.raw) {
            out.push(Diagnostic::at(
                Code::ValueKindOdd,
                header_line(record),
                format!("{label} holds no amount: {}", v.raw),
            ));
        }
    }
}

/// 年度资金总额 must equal 财政拨款 + 其他资金 within rounding.
fn check_funding(record: &Record, out: &mut Vec<Diagnostic>) {
    let f = &record.funding;
    // A written-out "none" counts as 0; any other text cannot be summed.
    let Some((total, fiscal, other)) = funding_parts(f, is_nil_text) else {
        return;
    };
    let sum = fiscal + other;
    // A form that prints only a fiscal part said to be one (`其中:当年市级
    // 财政资金`) and no 其他资金 line gives a part of the total, not its
    // breakdown.
    // fixture: fixtures/layouts/header-project-amount.txt
    let said_part = f.items.iter().any(|i| {
        i.label.starts_with("其中") && i.amount.number().is_some_and(|n| amounts_agree(n, fiscal))
    });
    let part_only = f.other.is_none() && fiscal < total && said_part;
    // fixture: fixtures/tables/transfer-name-label.txt
    // A transfer form's parts are items (其中:中央财政补助 read as the fiscal
    // part, 地方资金): with no 其他资金, items that add up to the total and
    // hold the fiscal amount are its breakdown.
    // fixture: fixtures/layouts/funding-period-amount-titles.txt
    // Amounts of another period (`实施期中央补助`) are no part of the year's.
    let annual_items = || {
        f.items.iter().filter(|i| {
            !crate::labels::OTHER_PERIODS
                .iter()
                .any(|p| i.label.starts_with(p))
        })
    };
    let items_sum: f64 = annual_items().filter_map(|i| i.amount.number()).sum();
    let items_make_total = f.other.is_none()
        && amounts_agree(total, items_sum)
        && annual_items().any(|i| i.amount.number().is_some_and(|n| amounts_agree(n, fiscal)));
    // fixture: fixtures/tables/planned-level-columns.txt
    // A 部门整体 budget's 财政拨款 with its other sources as items (财政专户
    // 管理资金, 单位资金) and no 其他资金 row: together they make the total.
    // So do items naming fiscal money by level or budget kind, summed as the
    // fiscal amount, beside the form's other sources (单位资金).
    // fixture: fixtures/tables/funding-budget-kinds.txt
    let fiscal_sources: f64 = annual_items()
        .filter(|i| crate::labels::is_fiscal_source(&i.label))
        .filter_map(|i| i.amount.number())
        .sum();
    let fiscal_and_items = f.other.is_none()
        && !f.items.is_empty()
        && (amounts_agree(total, fiscal + items_sum)
            || (amounts_agree(total, items_sum) && amounts_agree(fiscal, fiscal_sources)));
    // fixture: fixtures/tables/funding-carry-over.txt
    // Money carried over from last year (`上年结转 | 3.00`) is part of the
    // total beside 财政拨款 and 其他资金.
    // (Among all items: 上年结转 begins like a last year's column but is
    // money of this year's budget.)
    let carried: f64 = f
        .items
        .iter()
        .filter(|i| {
            crate::labels::CARRY_OVER_LABELS
                .iter()
                .any(|c| i.label.starts_with(c))
        })
        .filter_map(|i| i.amount.number())
        .sum();
    let with_carried = carried > 0.0 && amounts_agree(total, sum + carried);
    if amounts_agree(total, sum)
        || part_only
        || items_make_total
        || fiscal_and_items
        || with_carried
    {
        return;
    }
    out.push(Diagnostic::at(
        Code::FundingMismatch,
        header_line(record),
        format!(
            "年度资金总额 {total} differs from 财政拨款 {fiscal} + 其他资金 {other} = {sum} ({})",
            f.unit
        ),
    ));
}

/// 万元 at or above which a project's total is taken for an amount in 元
/// (1,000,000 万元 = 100 亿元).
const IMPLAUSIBLE_WAN_YUAN: f64 = 1_000_000.0;

/// A total read in 万元 that no single project or department reaches: the
/// form most likely gives 元 and names no unit.
fn check_funding_magnitude(record: &Record, out: &mut Vec<Diagnostic>) {
    let f = &record.funding;
    let Some(total) = f.total.as_ref().and_then(Value::number) else {
        return;
    };
    if f.unit == "万元" && total >= IMPLAUSIBLE_WAN_YUAN {
        out.push(Diagnostic::at(
            Code::FundingMagnitude,
            header_line(record),
            format!(
                "年度资金总额 {total} 万元 would be {} 亿元; the amount is most likely in 元",
                total / 10_000.0
            ),
        ));
    }
}

/// Text that means "nothing" in a funding cell.
fn is_nil_text(raw: &str) -> bool {
    matches!(raw.trim(), "" | "无" | "-" | "—" | "——" | "/" | "／")
}

/// Words that make a rate a change or a return (增长率, 增幅, 提高…%, 收益率), which may
/// legitimately exceed 100 %.
pub const UNBOUNDED_RATE_WORDS: &[&str] = &[
    "增长",
    "增幅",
    "增加",
    "增速",
    "提高",
    "提升",
    "上升",
    "下降",
    "降低",
    "减少",
    "同比",
    "环比",
    "比上年",
    "较上年",
    "较去年",
    "收益",
    "回报",
    "投入产出",
    "利润",
    "超额",
    "倍",
];

/// Whether an indicator's name says it is a rate of change or a return, so a target above
/// 100 % is plausible (both `percent-over-100` and `audit-percent-over-100` exempt it).
pub fn may_exceed_100(name: &str) -> bool {
    crate::substr::has_any(name, UNBOUNDED_RATE_WORDS)
}

/// A rate or satisfaction above 100 % is almost always a misread number; a rate of change
/// ([`may_exceed_100`]) is not bounded.
fn check_percent(record: &Record, out: &mut Vec<Diagnostic>) {
    for ind in &record.indicators {
        let Some(name) = ind.name.as_deref() else {
            continue;
        };
        if !(crate::substr::has_char(name, '率') || crate::substr::has(name, "满意度")) {
            continue;
        }
        if let Some(Value {
            kind: ValueKind::Quantity { number, unit, .. },
            ..
        }) = &ind.value
        {
            // A bare number under a rate's name is its percent (`≥9596`, a
            // `%` read as `96`). Rates of change may exceed 100 %: looked up
            // only for values that do.
            let percent = unit.as_deref().is_none_or(|u| u == "%");
            if percent && number.0 > 100.0 && !may_exceed_100(name) {
                let read = if unit.is_some() {
                    ""
                } else {
                    " (no unit: a rate)"
                };
                out.push(Diagnostic::at(
                    Code::PercentOver100,
                    ind.line,
                    format!("{name}: {number}%{read} is above 100%"),
                ));
            }
        }
    }
}

/// A named indicator without a target value cannot be assessed, nor one
/// whose value is the template's unit or comparator left unfilled (`公里`,
/// `≥ %`).
fn check_empty_values(record: &Record, out: &mut Vec<Diagnostic>) {
    for ind in &record.indicators {
        let Some(name) = ind.name.as_deref().filter(|n| !n.trim().is_empty()) else {
            continue;
        };
        match &ind.value {
            None => out.push(Diagnostic::at(
                Code::EmptyValue,
                ind.line,
                format!("{name} has no value"),
            )),
            // test: validate::tests::template_values_left_unfilled
            Some(v) if unfilled(&v.raw) => out.push(Diagnostic::at(
                Code::EmptyValue,
                ind.line,
                format!(
                    "{name} has no value: only the template's {} is printed",
                    v.raw.trim()
                ),
            )),
            Some(_) => {}
        }
    }
}

/// A value holding a comparator or a unit and nothing else.
fn unfilled(raw: &str) -> bool {
    // A value holding a digit is filled: most values stop here.
    if raw.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let rest = raw
        .trim()
        .trim_start_matches(|c: char| "≥≤≧≦><＞＜=＝".contains(c) || c.is_whitespace());
    !raw.trim().is_empty() && (rest.is_empty() || crate::value::is_unit_word(rest))
}

/// An indicator's (一级指标, 二级指标) pair.
type Group<'a> = (Option<&'a str>, Option<&'a str>);

/// The same name twice in one (一级, 二级) group is usually a row read twice.
fn check_duplicates(record: &Record, out: &mut Vec<Diagnostic>) {
    // Every named indicator keyed by its group and name, in order: sorted,
    // the repeats of a key follow its first occurrence (no hashing).
    let mut keyed: Vec<(Group<'_>, &str, usize)> = record
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(i, ind)| {
            let name = ind.name.as_deref().filter(|n| !n.trim().is_empty())?;
            Some(((ind.level1.as_deref(), ind.level2.as_deref()), name, i))
        })
        .collect();
    keyed.sort_unstable();
    // (position of the repeat, line of the first occurrence), reported in the indicators' order.
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    for w in keyed.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        if let [(_, _, first), rest @ ..] = w {
            let line = record.indicators[*first].line;
            repeats.extend(rest.iter().map(|&(_, _, i)| (i, line)));
        }
    }
    repeats.sort_unstable();
    for (i, first) in repeats {
        let ind = &record.indicators[i];
        let name = ind.name.as_deref().unwrap_or_default();
        out.push(Diagnostic::at(
            Code::DuplicateIndicator,
            ind.line,
            format!("{name} already appears in this group at line {first}"),
        ));
    }
}

/// The 一级指标 labels the canonical table knows.
const KNOWN_LEVEL1: &[&str] = &["产出指标", "效益指标", "满意度指标", "成本指标"];

/// The 一级指标 labels a known 二级指标 may stand under.
fn allowed_level1(level2: &str) -> Option<&'static [&'static str]> {
    Some(match level2 {
        "数量指标" | "质量指标" | "时效指标" => &["产出指标"],
        "成本指标" => &["产出指标", "成本指标"],
        "经济效益指标" | "社会效益指标" | "生态效益指标" | "可持续影响指标" => {
            &["效益指标"]
        }
        "服务对象满意度指标" => &["满意度指标"],
        "经济成本指标" | "社会成本指标" | "生态环境成本指标" => &["成本指标"],
        _ => return None,
    })
}

/// A known 二级指标 under a known but different 一级指标 suggests a misplaced row.
fn check_level2(record: &Record, out: &mut Vec<Diagnostic>) {
    for ind in &record.indicators {
        let (Some(l1), Some(l2)) = (ind.level1.as_deref(), ind.level2.as_deref()) else {
            continue;
        };
        if !KNOWN_LEVEL1.contains(&l1) {
            continue;
        }
        if let Some(allowed) = allowed_level1(l2) {
            if !allowed.contains(&l1) {
                out.push(Diagnostic::at(
                    Code::Level2Mismatch,
                    ind.line,
                    format!(
                        "二级指标 {l2} under 一级指标 {l1}; expected {}",
                        allowed.join(" or ")
                    ),
                ));
            }
        }
    }
}

/// The budget year must be present and plausible.
fn check_year(record: &Record, out: &mut Vec<Diagnostic>) {
    match record.year {
        None => out.push(Diagnostic::at(
            Code::YearMissing,
            header_line(record),
            "the form shows no budget year",
        )),
        Some(y) if !(1990..=2100).contains(&y) => out.push(Diagnostic::at(
            Code::YearOutOfRange,
            header_line(record),
            format!("year {y} is outside 1990–2100"),
        )),
        Some(_) => {}
    }
}

/// A phone of the wrong length is usually a misread or a merged cell.
fn check_phone(record: &Record, out: &mut Vec<Diagnostic>) {
    let Some(phone) = record.leader.as_ref().and_then(|l| l.phone.as_deref()) else {
        return;
    };
    let digits: Vec<char> = phone.chars().filter(|&c| c != '-').collect();
    let ok = digits.iter().all(char::is_ascii_digit) && (7..=12).contains(&digits.len());
    if !ok {
        out.push(Diagnostic::at(
            Code::PhoneInvalid,
            header_line(record),
            format!("leader phone {phone:?} is not 7–12 digits"),
        ));
    }
}

/// A project form names the units that carry the project out.
fn check_implementers(record: &Record, out: &mut Vec<Diagnostic>) {
    if record.form_kind != FormKind::Project {
        return;
    }
    if record.implementers.as_ref().is_none_or(Vec::is_empty) {
        out.push(Diagnostic::at(
            Code::NoImplementers,
            header_line(record),
            "the form names no 实施单位",
        ));
    }
}

/// A target form without indicators has nothing to assess.
fn check_indicators(record: &Record, out: &mut Vec<Diagnostic>) {
    if record.indicators.is_empty() {
        out.push(Diagnostic::at(
            Code::NoIndicators,
            header_line(record),
            "the form has no indicator rows",
        ));
    }
}

/// Most forms end with a 注 paragraph; its absence hints at a cut-off scan.
fn check_note(record: &Record, out: &mut Vec<Diagnostic>) {
    if is_blank(record.note.as_deref()) {
        out.push(Diagnostic::at(
            Code::NoteMissing,
            header_line(record),
            "the form has no 注 paragraph",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::record::{Indicator, Leader, Number, Op};
    use crate::testing::{indicator, project};

    fn qty(raw: &str, number: f64, unit: Option<&str>) -> Value {
        crate::testing::qty(raw, None, number, unit)
    }

    fn ind(l1: &str, l2: &str, name: &str, value: Option<Value>, line: usize) -> Indicator {
        indicator(l1, l2, name, value, line)
    }

    /// A clean project record that passes every rule; tests change one thing.
    fn clean() -> Record {
        let mut r = project(
            28,
            vec![
                ind(
                    "产出指标",
                    "数量指标",
                    "贫困户数",
                    Some(qty("≥340户", 340.0, Some("户"))),
                    15,
                ),
                ind(
                    "满意度指标",
                    "服务对象满意度指标",
                    "群众满意度",
                    Some(qty("95%", 95.0, Some("%"))),
                    20,
                ),
            ],
        );
        r.year = Some(2019);
        r.project_name = Some("扶贫综合保险".into());
        r.leader = Some(Leader {
            name: Some("张军".into()),
            phone: Some("86928079".into()),
        });
        r.department = Some("区财政局".into());
        r.implementers = Some(vec!["区扶贫办".into()]);
        r.funding = Funding {
            total: Some(qty("6.7万元", 6.7, Some("万元"))),
            fiscal: Some(qty("6.7万元", 6.7, Some("万元"))),
            ..Funding::default()
        };
        r.note = Some("注".into());
        r.needs_review = true;
        r
    }

    fn codes(r: &Record) -> Vec<(Code, Option<usize>)> {
        r.diagnostics.iter().map(|d| (d.code, d.line)).collect()
    }

    /// Validates, then runs the trust layer as the pipeline does.
    fn validated(mut r: Record) -> Record {
        validate(&mut r);
        crate::trust::assess(&mut r);
        r
    }

    fn has(r: &Record, code: Code) -> bool {
        r.diagnostics.iter().any(|d| d.code == code)
    }

    #[test]
    fn clean_record_has_no_diagnostics() {
        let r = validated(clean());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(!r.needs_review);
    }

    #[test]
    fn funding_magnitude() {
        // (total, unit, flagged)
        let cases = [
            (2_800_000.0, "万元", true),
            (999_999.0, "万元", false),
            (2_800_000.0, "元", false),
        ];
        for (n, unit, want) in cases {
            let mut r = clean();
            r.funding.unit = unit.into();
            r.funding.total = Some(qty(&n.to_string(), n, Some(unit)));
            r.funding.fiscal = Some(qty(&n.to_string(), n, Some(unit)));
            let r = validated(r);
            assert_eq!(has(&r, Code::FundingMagnitude), want, "{n} {unit}");
            assert_eq!(r.needs_review, want, "{n} {unit}");
        }
    }

    #[test]
    fn amount_fields_holding_no_amount() {
        for (total, other, want) in [
            ("按收入性质分 按支出性质分", None, true),
            ("6.7万元", Some("无"), false),
            ("6.7万元", Some("——"), false),
            ("6.7万元", Some("见附表"), true),
        ] {
            let mut r = clean();
            if want && other.is_none() {
                r.funding.total = Some(Value::text(total));
            }
            r.funding.other = other.map(Value::text);
            let r = validated(r);
            assert_eq!(has(&r, Code::ValueKindOdd), want, "{total:?} {other:?}");
            assert_eq!(r.needs_review, want, "{total:?} {other:?}");
        }
    }

    #[test]
    fn funding_mismatch() {
        let mut r = clean();
        r.funding.total = Some(qty("7万元", 7.0, Some("万元")));
        let r = validated(r);
        assert_eq!(codes(&r), vec![(Code::FundingMismatch, Some(3))]);
        assert!(r.needs_review, "an amount may be misread");
        assert_eq!(r.review_reasons, vec![Code::FundingMismatch]);
    }

    #[test]
    fn funding_within_tolerance_or_with_other() {
        let mut r = clean();
        r.funding.total = Some(qty("6.704", 6.704, None));
        assert!(!has(&validated(r), Code::FundingMismatch));

        let mut r = clean();
        r.funding.total = Some(qty("1000.9", 1000.9, None));
        r.funding.fiscal = Some(qty("1000", 1000.0, None));
        assert!(!has(&validated(r), Code::FundingMismatch), "0.1% relative");

        let mut r = clean();
        r.funding.total = Some(qty("10", 10.0, None));
        r.funding.fiscal = Some(qty("7", 7.0, None));
        r.funding.other = Some(qty("3", 3.0, None));
        assert!(!has(&validated(r), Code::FundingMismatch));

        let mut r = clean();
        r.funding.total = Some(qty("10", 10.0, None));
        r.funding.fiscal = Some(qty("7", 7.0, None));
        r.funding.items = vec![crate::record::FundingItem {
            label: "其中:当年市级财政资金".into(),
            amount: qty("7", 7.0, None),
        }];
        assert!(
            !has(&validated(r), Code::FundingMismatch),
            "a part said to be one, and no 其他资金"
        );

        let item = |label: &str, n: f64| crate::record::FundingItem {
            label: label.into(),
            amount: qty(&n.to_string(), n, None),
        };
        let mut r = clean();
        r.funding.total = Some(qty("18", 18.0, None));
        r.funding.fiscal = Some(qty("15", 15.0, None));
        r.funding.items = vec![item("中央财政补助", 15.0), item("地方资金", 3.0)];
        assert!(
            !has(&validated(r), Code::FundingMismatch),
            "items holding the fiscal part add up to the total"
        );
        let mut r = clean();
        r.funding.total = Some(qty("18", 18.0, None));
        r.funding.fiscal = Some(qty("15", 15.0, None));
        r.funding.items = vec![item("中央财政补助", 15.0), item("地方资金", 2.0)];
        assert!(
            has(&validated(r), Code::FundingMismatch),
            "items that do not add up to the total"
        );

        let mut r = clean();
        r.funding.fiscal = Some(Value::text("见附件"));
        assert!(
            !has(&validated(r), Code::FundingMismatch),
            "text is not summed"
        );
    }

    #[test]
    fn percent_over_100() {
        let mut r = clean();
        r.indicators[1].value = Some(qty("950%", 950.0, Some("%")));
        assert_eq!(codes(&validated(r)), vec![(Code::PercentOver100, Some(20))]);
    }

    #[test]
    fn percent_over_100_only_for_rates() {
        let mut r = clean();
        r.indicators[0].value = Some(qty("150%", 150.0, Some("%")));
        r.indicators[1].value = Some(qty("100%", 100.0, Some("%")));
        assert!(!has(&validated(r), Code::PercentOver100));
    }

    #[test]
    fn percent_over_100_spares_rates_of_change() {
        // (indicator name, value, whether percent-over-100 fires)
        let cases: &[(&str, f64, bool)] = &[
            ("群众满意度", 120.0, true),
            ("工程验收合格率", 105.0, true),
            ("覆盖率", 100.5, true),
            ("灌溉面积增长率", 150.0, false),
            ("销售收入增幅", 230.0, false),
            ("农户收入提高率", 120.0, false),
            ("产量同比增长率", 300.0, false),
            ("投资收益率", 140.0, false),
            ("发病率下降率", 101.0, false),
            ("灌溉面积增长率", 100.0, false),
            ("群众满意度", 100.0, false),
        ];
        // A bare number under a rate's name is read as its percent.
        let bare: &[(&str, f64, bool)] = &[
            ("群众满意度", 9596.0, true),
            ("群众满意度", 95.0, false),
            ("农户收入提高率", 120.0, false),
        ];
        for &(name, n, fires) in bare {
            let mut r = clean();
            r.indicators[1].name = Some(name.into());
            r.indicators[1].value = Some(qty(&format!("≥{n}"), n, None));
            assert_eq!(
                has(&validated(r), Code::PercentOver100),
                fires,
                "{name} ≥{n}"
            );
        }
        for &(name, n, fires) in cases {
            let mut r = clean();
            r.indicators[1].name = Some(name.into());
            r.indicators[1].value = Some(qty(&format!("{n}%"), n, Some("%")));
            assert_eq!(
                has(&validated(r), Code::PercentOver100),
                fires,
                "{name} {n}%"
            );
        }
    }

    #[test]
    fn empty_value() {
        let mut r = clean();
        r.indicators[0].value = None;
        assert_eq!(codes(&validated(r)), vec![(Code::EmptyValue, Some(15))]);
    }

    #[test]
    fn template_values_left_unfilled() {
        // (value as printed, flagged)
        for (raw, want) in [
            ("公里", true),
            ("≧ %", true),
            ("≥", true),
            ("万人次", true),
            ("≥90%", false),
            ("明显改善", false),
            ("是", false),
            ("12个", false),
        ] {
            assert_eq!(unfilled(raw), want, "{raw}");
        }
    }

    #[test]
    fn empty_value_needs_a_name() {
        let mut r = clean();
        r.indicators[0].value = None;
        r.indicators[0].name = None;
        assert!(!has(&validated(r), Code::EmptyValue));
    }

    #[test]
    fn duplicate_indicator_at_second_line() {
        let mut r = clean();
        let mut dup = r.indicators[0].clone();
        dup.line = 16;
        r.indicators.push(dup);
        assert_eq!(
            codes(&validated(r)),
            vec![(Code::DuplicateIndicator, Some(16))]
        );
    }

    #[test]
    fn same_name_in_other_group_is_no_duplicate() {
        let mut r = clean();
        let mut other = r.indicators[0].clone();
        other.level2 = Some("质量指标".into());
        other.line = 16;
        r.indicators.push(other);
        assert!(!has(&validated(r), Code::DuplicateIndicator));
    }

    #[test]
    fn level2_mismatch() {
        let mut r = clean();
        r.indicators[0].level1 = Some("效益指标".into());
        assert_eq!(codes(&validated(r)), vec![(Code::Level2Mismatch, Some(15))]);
    }

    #[test]
    fn level2_plausible_or_unknown() {
        let cases = [
            ("产出指标", "成本指标"),
            ("成本指标", "成本指标"),
            ("成本指标", "经济成本指标"),
            ("效益指标", "可持续影响指标"),
            ("效益指标", "环境效益指标"),
            ("其他指标", "数量指标"),
        ];
        for (l1, l2) in cases {
            let mut r = clean();
            r.indicators[0].level1 = Some(l1.into());
            r.indicators[0].level2 = Some(l2.into());
            assert!(!has(&validated(r), Code::Level2Mismatch), "{l1}/{l2}");
        }
    }

    #[test]
    fn year_missing_and_out_of_range() {
        let mut r = clean();
        r.year = None;
        assert_eq!(codes(&validated(r)), vec![(Code::YearMissing, Some(3))]);
        let mut r = clean();
        r.year = Some(2919);
        assert_eq!(codes(&validated(r)), vec![(Code::YearOutOfRange, Some(3))]);
        for y in [1990, 2100] {
            let mut r = clean();
            r.year = Some(y);
            assert!(validated(r).diagnostics.is_empty(), "{y}");
        }
    }

    #[test]
    fn phone_invalid() {
        for phone in ["123", "8692807912345", "8692a079", ""] {
            let mut r = clean();
            r.leader = Some(Leader {
                name: None,
                phone: Some(phone.into()),
            });
            assert_eq!(
                codes(&validated(r)),
                vec![(Code::PhoneInvalid, Some(3))],
                "{phone}"
            );
        }
    }

    #[test]
    fn phone_valid_or_absent() {
        for phone in [Some("029-86928079"), Some("13912345678"), None] {
            let mut r = clean();
            r.leader = Some(Leader {
                name: Some("张军".into()),
                phone: phone.map(Into::into),
            });
            assert!(!has(&validated(r), Code::PhoneInvalid), "{phone:?}");
        }
    }

    #[test]
    fn no_implementers() {
        for imp in [None, Some(vec![])] {
            let mut r = clean();
            r.implementers = imp;
            assert_eq!(codes(&validated(r)), vec![(Code::NoImplementers, Some(3))]);
        }
    }

    #[test]
    fn department_form_needs_no_implementers_or_project_name() {
        let mut r = clean();
        r.form_kind = FormKind::Department;
        r.implementers = None;
        r.project_name = None;
        let r = validated(r);
        assert!(r.diagnostics.is_empty());
        assert!(!r.needs_review);
    }

    #[test]
    fn no_indicators_is_an_error() {
        let mut r = clean();
        r.indicators.clear();
        let r = validated(r);
        assert_eq!(codes(&r), vec![(Code::NoIndicators, Some(3))]);
        assert_eq!(r.diagnostics[0].severity, Severity::Error);
        assert!(r.needs_review);
    }

    #[test]
    fn note_missing_is_info() {
        let mut r = clean();
        r.note = None;
        let r = validated(r);
        assert_eq!(codes(&r), vec![(Code::NoteMissing, Some(3))]);
        assert_eq!(r.diagnostics[0].severity, Severity::Info);
        assert!(!r.needs_review);
    }

    #[test]
    fn validate_is_idempotent() {
        let mut r = clean();
        r.year = None;
        r.note = None;
        r.indicators[0].value = None;
        let mut dup = r.indicators[0].clone();
        dup.line = 15;
        r.indicators.push(dup);
        validate(&mut r);
        let once = r.clone();
        validate(&mut r);
        assert_eq!(r, once);
        // Both empty values on line 15 are kept: one run does not dedupe itself.
        let empties = once
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::EmptyValue)
            .count();
        assert_eq!(empties, 2);
    }

    #[test]
    fn existing_diagnostic_is_not_repeated() {
        let mut r = clean();
        r.year = None;
        r.diagnostics
            .push(Diagnostic::at(Code::YearMissing, 3, "from the parser"));
        validate(&mut r);
        assert_eq!(codes(&r), vec![(Code::YearMissing, Some(3))]);
        assert_eq!(r.diagnostics[0].message, "from the parser");
    }

    #[test]
    fn needs_review_for_missing_essentials() {
        let r = validated(clean());
        assert!(!needs_review(&r));

        let mut r = clean();
        r.project_name = None;
        assert!(needs_review(&validated(r)));

        let mut r = clean();
        r.funding.total = None;
        assert!(needs_review(&validated(r)));

        let mut r = clean();
        r.diagnostics
            .push(Diagnostic::new(Code::FormTruncated, None, "cut"));
        assert!(needs_review(&r));
    }

    #[test]
    fn ops_do_not_matter_for_percent() {
        let mut r = clean();
        r.indicators[1].value = Some(Value {
            raw: "≥101%".into(),
            kind: ValueKind::Quantity {
                op: Some(Op::Ge),
                number: Number(101.0),
                unit: Some("%".into()),
            },
            approx: false,
            date: None,
        });
        assert!(has(&validated(r), Code::PercentOver100));
    }
}
