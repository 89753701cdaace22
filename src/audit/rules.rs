//! The per-form audit rules. Each reads the record and pushes [`Finding`]s; none changes it.

use std::collections::HashMap;

use super::{Finding, Quantified, Rule};
use crate::record::{Indicator, Op, Record, Value, ValueKind};

/// From this budget year the 2021 guide (财预〔2021〕101号) puts 成本指标 in the template
/// as a 一级指标 of its own, so a form without any cost indicator is incomplete.
pub const COST_TEMPLATE_FROM_YEAR: i32 = 2022;

/// The 一级指标 every form holds, with the words that recognise them.
const REQUIRED_LEVEL1: &[(&str, &str)] = &[
    ("产出指标", "产出"),
    ("效益指标", "效益"),
    ("满意度指标", "满意"),
];

/// The 二级指标 every 产出指标 holds, with the words that recognise them.
const REQUIRED_OUTPUT_LEVEL2: &[(&str, &str)] = &[
    ("数量指标", "数量"),
    ("质量指标", "质量"),
    ("时效指标", "时效"),
];

/// Phrases that say a thing will get better without saying by how much.
pub const VAGUE_PHRASES: &[&str] = &[
    "有所提高",
    "有所提升",
    "有所改善",
    "有所增加",
    "有所增强",
    "有所下降",
    "有所降低",
    "有所减少",
    "明显改善",
    "明显提高",
    "明显提升",
    "明显增强",
    "明显增加",
    "明显下降",
    "显著提高",
    "显著提升",
    "显著改善",
    "显著增强",
    "进一步提升",
    "进一步提高",
    "进一步改善",
    "进一步完善",
    "进一步加强",
    "进一步增强",
    "逐步完善",
    "逐步提高",
    "逐步提升",
    "逐步改善",
    "不断提高",
    "不断提升",
    "不断完善",
    "持续提升",
    "持续改善",
    "稳步提升",
    "稳步提高",
    "大幅提升",
    "大幅提高",
    "得到提升",
    "得到提高",
    "得到改善",
    "效果明显",
    "成效明显",
    "效果显著",
    "成效显著",
    "较好",
    "良好",
    "提高",
    "提升",
    "改善",
];

/// Words in an indicator's name that make it a rate bounded by 100 %.
pub const BOUNDED_RATE_WORDS: &[&str] = &["率", "满意度", "比例", "占比", "覆盖面"];

/// Units that mean per cent.
const PERCENT_UNITS: &[&str] = &["%", "百分比", "百分点"];

/// Money units and their factor in 元.
pub const MONEY_UNITS: &[(&str, f64)] = &[
    ("亿元", 1e8),
    ("亿", 1e8),
    ("万元", 1e4),
    ("万", 1e4),
    ("千元", 1e3),
    ("元", 1.0),
];

/// Units a unit cost may be counted per (`每户`, `元/公里`), longest first so `人次`
/// wins over `人`.
pub const COUNT_UNITS: &[&str] = &[
    "平方米",
    "立方米",
    "公里",
    "公顷",
    "人次",
    "户",
    "人",
    "生",
    "名",
    "位",
    "所",
    "个",
    "套",
    "台",
    "辆",
    "座",
    "处",
    "条",
    "亩",
    "米",
    "次",
    "项",
    "家",
    "间",
    "栋",
    "吨",
    "株",
    "只",
    "头",
    "场",
    "件",
    "册",
    "份",
    "村",
    "校",
    "班",
    "床",
    "盏",
    "口",
    "眼",
    "块",
];

/// Words in a cost indicator's name that make it a unit cost even when the unit it is
/// per cannot be read (`每平米造价`): such a cost is not compared with the funding.
pub const UNIT_COST_MARKERS: &[&str] = &["每", "均", "单价", "标准", "单位"];

/// Counting units that mean the same thing: a student (生, 名, 位) is a person.
const UNIT_SYNONYMS: &[(&str, &str)] = &[("生", "人"), ("名", "人"), ("位", "人")];

/// How far a unit cost × its quantity, or a total cost, may be from the funding before
/// it is a finding: quantities are bounds (`≥340户`), unit costs are averages or
/// standards, and funding carries small overheads, none of which moves the product by
/// a tenth. See docs/audit.md.
pub const COST_TOLERANCE: f64 = 0.10;

/// Extra-field labels that state the project's period (`项目期: 2021-2023年`).
pub const PERIOD_KEYS: &[&str] = &["项目期", "实施期", "项目周期", "实施周期", "起止", "执行期"];

/// Years outside this span are not dates but other numbers.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// The smallest indicator list a shared template is recognised by.
pub const MIN_TEMPLATE_INDICATORS: usize = 3;

/// Runs every per-form rule.
pub fn check(r: &Record) -> Vec<Finding> {
    let mut out = Vec::new();
    missing_levels(r, &mut out);
    missing_goal_and_funding(r, &mut out);
    no_number(r, &mut out);
    vague_targets(r, &mut out);
    cost_mismatch(r, &mut out);
    funding_sum(r, &mut out);
    percent_over_100(r, &mut out);
    deadlines(r, &mut out);
    duplicates(r, &mut out);
    out
}

/// How many indicators carry a quantity, a range or a date.
pub fn quantified(r: &Record) -> Quantified {
    Quantified {
        indicators: r.indicators.len(),
        quantified: r.indicators.iter().filter(|i| is_quantified(i)).count(),
    }
}

fn is_quantified(ind: &Indicator) -> bool {
    ind.value.as_ref().is_some_and(|v| match v.kind {
        ValueKind::Quantity { .. } | ValueKind::Range { .. } => true,
        ValueKind::Text { .. } => v.date.is_some(),
    })
}

fn level1(ind: &Indicator) -> &str {
    ind.level1.as_deref().unwrap_or("")
}

fn level2(ind: &Indicator) -> &str {
    ind.level2.as_deref().unwrap_or("")
}

fn name(ind: &Indicator) -> &str {
    ind.name.as_deref().unwrap_or("")
}

/// Whether the indicator stands under 产出: by its 一级, or by a 数量/质量/时效 二级 when
/// the 一级 is missing.
fn is_output(ind: &Indicator) -> bool {
    if ind.level1.is_some() {
        return level1(ind).contains("产出");
    }
    REQUIRED_OUTPUT_LEVEL2
        .iter()
        .any(|(_, w)| level2(ind).contains(w))
}

/// Whether the indicator is a cost indicator (a 成本 一级 or 二级).
fn is_cost(ind: &Indicator) -> bool {
    level1(ind).contains("成本") || level2(ind).contains("成本")
}

fn has_level1(r: &Record, word: &str) -> bool {
    r.indicators
        .iter()
        .any(|i| level1(i).contains(word) || (i.level1.is_none() && level2(i).contains(word)))
}

/// `audit-missing-level1` and `audit-missing-level2`.
fn missing_levels(r: &Record, out: &mut Vec<Finding>) {
    let table_line = r.indicators.first().map(|i| i.line);
    for (label, word) in REQUIRED_LEVEL1 {
        let present = match *word {
            "产出" => r.indicators.iter().any(is_output),
            // 效益 二级 labels (社会效益指标) carry the word; 可持续影响 does not.
            "效益" => {
                has_level1(r, word) || r.indicators.iter().any(|i| level2(i).contains("影响"))
            }
            _ => has_level1(r, word),
        };
        if !present {
            out.push(Finding::new(
                Rule::MissingLevel1,
                table_line,
                format!("no {label}: the form sets no indicator under 一级指标 {label}"),
            ));
        }
    }
    let cost_required = r.year.is_some_and(|y| y >= COST_TEMPLATE_FROM_YEAR);
    if cost_required && !r.indicators.iter().any(is_cost) {
        out.push(Finding::new(
            Rule::MissingLevel1,
            table_line,
            format!(
                "no 成本指标: forms from {COST_TEMPLATE_FROM_YEAR} on set cost indicators (财预〔2021〕101号), this {} form has none",
                r.year.unwrap_or_default()
            ),
        ));
    }
    let outputs: Vec<&Indicator> = r.indicators.iter().filter(|i| is_output(i)).collect();
    let Some(first) = outputs.first() else {
        return;
    };
    for (label, word) in REQUIRED_OUTPUT_LEVEL2 {
        if !outputs.iter().any(|i| level2(i).contains(word)) {
            out.push(Finding::new(
                Rule::MissingLevel2,
                Some(first.line),
                format!("产出指标 has no {label}: it should state 数量, 质量 and 时效"),
            ));
        }
    }
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// `audit-missing-goal` and `audit-missing-funding`.
fn missing_goal_and_funding(r: &Record, out: &mut Vec<Finding>) {
    if blank(r.goals.annual.as_deref()) && blank(r.goals.long_term.as_deref()) {
        out.push(Finding::new(
            Rule::MissingGoal,
            None,
            "the form states no 年度目标 (nor a longer-term goal)",
        ));
    }
    let f = &r.funding;
    if f.total.is_none() && f.fiscal.is_none() && f.items.is_empty() {
        out.push(Finding::new(
            Rule::MissingFunding,
            None,
            "the form states no funding: 年度资金总额 and 财政拨款 are empty",
        ));
    }
}

fn has_digit(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// `audit-no-number`: a 数量 or 成本 indicator must say how many or how much.
fn no_number(r: &Record, out: &mut Vec<Finding>) {
    for ind in &r.indicators {
        if !(level2(ind).contains("数量") || is_cost(ind)) {
            continue;
        }
        let kind = if is_cost(ind) { "成本" } else { "数量" };
        let what = match &ind.value {
            None => "has no target value".to_owned(),
            Some(
                v @ Value {
                    kind: ValueKind::Text { .. },
                    ..
                },
            ) if !has_digit(&v.raw) && v.date.is_none() => {
                format!("has the target 「{}」 with no number", v.raw)
            }
            Some(_) => continue,
        };
        out.push(Finding::new(
            Rule::NoNumber,
            Some(ind.line),
            format!(
                "{kind} indicator 「{}」 {what}: a {kind} indicator must be quantified",
                name(ind)
            ),
        ));
    }
}

/// `audit-vague-target`: a text target that only says things will improve.
fn vague_targets(r: &Record, out: &mut Vec<Finding>) {
    let share = quantified(r);
    for ind in &r.indicators {
        let Some(v) = &ind.value else { continue };
        if !matches!(v.kind, ValueKind::Text { .. }) || v.date.is_some() || has_digit(&v.raw) {
            continue;
        }
        let Some(phrase) = VAGUE_PHRASES.iter().find(|p| v.raw.contains(**p)) else {
            continue;
        };
        out.push(Finding::new(
            Rule::VagueTarget,
            Some(ind.line),
            format!(
                "「{}」: the target 「{}」 only says things will improve ({phrase}), not by how much; {}",
                name(ind),
                v.raw,
                share.describe()
            ),
        ));
    }
}

/// The factor in 元 of a money unit.
fn money_factor(unit: &str) -> Option<f64> {
    MONEY_UNITS
        .iter()
        .find(|(u, _)| *u == unit)
        .map(|(_, f)| *f)
}

/// The count unit right after `marker` (`每户` → 户) or right before it (`户均` → 户).
fn count_unit_near(text: &str, marker: &str, after: bool) -> Option<&'static str> {
    text.match_indices(marker).find_map(|(i, _)| {
        if after {
            let rest = &text[i + marker.len()..];
            COUNT_UNITS.iter().find(|u| rest.starts_with(**u)).copied()
        } else {
            let head = &text[..i];
            COUNT_UNITS.iter().find(|u| head.ends_with(**u)).copied()
        }
    })
}

/// A count unit in its canonical spelling (`生` → `人`).
fn canonical_count(unit: &str) -> &str {
    UNIT_SYNONYMS
        .iter()
        .find(|(u, _)| *u == unit)
        .map_or(unit, |(_, c)| c)
}

/// A cost indicator's money: the amount in 元 and, for a unit cost, what it is per.
struct Cost<'a> {
    ind: &'a Indicator,
    yuan: f64,
    per: Option<&'a str>,
}

/// The number and unit of an indicator whose value is a quantity with a unit.
fn number_and_unit(ind: &Indicator) -> Option<(f64, &str)> {
    match &ind.value {
        Some(Value {
            kind:
                ValueKind::Quantity {
                    number,
                    unit: Some(unit),
                    ..
                },
            ..
        }) => Some((number.0, unit.as_str())),
        _ => None,
    }
}

fn cost_of(ind: &Indicator) -> Option<Cost<'_>> {
    let (number, unit) = number_and_unit(ind)?;
    let (money, per) = match unit.split_once('/') {
        Some((m, p)) => (m, Some(p)),
        None => (unit, None),
    };
    let yuan = number * money_factor(money)?;
    let per = match per {
        // `元/人/月` or `元/人·年` is a rate over time, not reckoned here.
        Some(p) => Some(COUNT_UNITS.iter().find(|u| **u == p).copied()?),
        None => {
            let n = name(ind);
            let per = count_unit_near(n, "每", true).or_else(|| count_unit_near(n, "均", false));
            if per.is_none() && UNIT_COST_MARKERS.iter().any(|m| n.contains(m)) {
                return None;
            }
            per
        }
    };
    Some(Cost { ind, yuan, per })
}

/// A 数量 indicator's count in the canonical unit (`1.2万人` → 12000 人).
fn count_of(ind: &Indicator) -> Option<(f64, &str)> {
    if !level2(ind).contains("数量") {
        return None;
    }
    let (number, unit) = number_and_unit(ind)?;
    match unit.strip_prefix('万') {
        Some(u) if !u.is_empty() && u != "元" => Some((number * 1e4, canonical_count(u))),
        _ => Some((number, canonical_count(unit))),
    }
}

/// A number spelled briefly: at most two decimals, no trailing zeros.
fn brief(n: f64) -> String {
    let s = format!("{n:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The decimals printed in a number's shortest form (`6.7` → 1).
fn decimals(n: f64) -> i32 {
    let s = format!("{n}");
    s.split_once('.').map_or(0, |(_, d)| d.len() as i32)
}

/// `audit-cost-mismatch`: unit cost × quantity (or a total cost) against the funding.
fn cost_mismatch(r: &Record, out: &mut Vec<Finding>) {
    let f = &r.funding;
    let Some(amount) = f.total.as_ref().or(f.fiscal.as_ref()) else {
        return;
    };
    let (Some(funding), Some(factor)) = (amount.number(), money_factor(&f.unit)) else {
        return;
    };
    if funding <= 0.0 {
        return;
    }
    let funding_yuan = funding * factor;
    // A funding amount printed as `3万` may stand for 2.5–3.5万: that rounding is
    // tolerated too where it is coarser than the tolerance.
    let rounding = 0.5 * 10f64.powi(-decimals(funding)) / funding;
    let tolerance = COST_TOLERANCE.max(rounding);
    let costs: Vec<Cost<'_>> = r
        .indicators
        .iter()
        .filter(|i| is_cost(i))
        .filter_map(cost_of)
        .collect();
    let single = costs.len() == 1;
    let counts: Vec<(&Indicator, f64, &str)> = r
        .indicators
        .iter()
        .filter_map(|i| count_of(i).map(|(n, u)| (i, n, u)))
        .collect();
    let show = |yuan: f64| format!("{}{}", brief(yuan / factor), f.unit);
    // A cost that matches one part of a funding breakdown (`道路400万元`) pays for that part.
    let fits_an_item = |amount: f64| {
        f.items
            .iter()
            .filter_map(|i| i.amount.number())
            .any(|n| n > 0.0 && (amount / n - 1.0).abs() <= tolerance)
    };
    for cost in &costs {
        // The implied amount and how it was reckoned.
        let (implied, how) = match cost.per {
            None => (cost.yuan, String::new()),
            Some(per) => {
                let per = canonical_count(per);
                // Of several matching quantities, the one that fits the money best.
                let best = counts
                    .iter()
                    .filter(|(_, _, u)| *u == per)
                    .map(|(i, n, _)| (*i, cost.yuan * n))
                    .min_by(|a, b| {
                        let ka = (a.1 / funding_yuan).ln().abs();
                        let kb = (b.1 / funding_yuan).ln().abs();
                        ka.total_cmp(&kb)
                    });
                let Some((qty, implied)) = best else { continue };
                let raw = qty.value.as_ref().map_or("", |v| v.raw.as_str());
                (
                    implied,
                    format!(" × {raw} (「{}」, line {})", name(qty), qty.line),
                )
            }
        };
        let ratio = implied / funding_yuan;
        let raw = cost.ind.value.as_ref().map_or("", |v| v.raw.as_str());
        let head = format!(
            "「{}」 {raw}{how} = {} against funding of {}{}",
            name(cost.ind),
            show(implied),
            brief(funding),
            f.unit,
        );
        if ratio > 1.0 + tolerance {
            out.push(Finding::new(
                Rule::CostMismatch,
                Some(cost.ind.line),
                format!(
                    "{head}: {:.0}% of the money, more than it can pay for (tolerance {:.0}%)",
                    ratio * 100.0,
                    tolerance * 100.0
                ),
            ));
        } else if single && ratio < 1.0 - tolerance && !fits_an_item(implied / factor) {
            out.push(Finding::new(
                Rule::CostMismatch,
                Some(cost.ind.line),
                format!(
                    "{head}: only {:.0}% of the money, and no other cost indicator accounts for the rest (tolerance {:.0}%)",
                    ratio * 100.0,
                    tolerance * 100.0
                ),
            ));
        }
    }
}

/// `audit-funding-sum`: 财政拨款 + 其他资金 must make 年度资金总额 (the rounding
/// `validate`'s `funding-mismatch` allows: 0.005 or 0.1 %).
fn funding_sum(r: &Record, out: &mut Vec<Finding>) {
    let f = &r.funding;
    // 其他资金 written as words without a number (无, 见附件) counts as nothing.
    let Some((total, fiscal, other)) = crate::validate::funding_parts(f, |raw| !has_digit(raw))
    else {
        return;
    };
    let sum = fiscal + other;
    if crate::validate::amounts_agree(total, sum) {
        return;
    }
    out.push(Finding::new(
        Rule::FundingSum,
        None,
        format!(
            "财政拨款 {} + 其他资金 {} = {}{u}, but 年度资金总额 is {}{u}",
            brief(fiscal),
            brief(other),
            brief(sum),
            brief(total),
            u = f.unit
        ),
    ));
}

fn is_bounded_rate(name: &str) -> bool {
    BOUNDED_RATE_WORDS.iter().any(|w| name.contains(w)) && !crate::validate::may_exceed_100(name)
}

/// `audit-percent-over-100`: a completion, coverage or satisfaction rate above 100 %.
fn percent_over_100(r: &Record, out: &mut Vec<Finding>) {
    for ind in &r.indicators {
        if !is_bounded_rate(name(ind)) {
            continue;
        }
        let Some(v) = &ind.value else { continue };
        let is_pct = |u: &Option<String>| {
            u.as_deref()
                .is_some_and(|u| PERCENT_UNITS.contains(&u.trim()))
        };
        let over = match &v.kind {
            ValueKind::Quantity { op, number, unit } if is_pct(unit) => match op {
                Some(Op::Le | Op::Lt) => false,
                Some(Op::Gt) => number.0 >= 100.0,
                _ => number.0 > 100.0,
            },
            ValueKind::Range { max, unit, .. } if is_pct(unit) => max.0 > 100.0,
            _ => false,
        };
        if over {
            out.push(Finding::new(
                Rule::PercentOver100,
                Some(ind.line),
                format!(
                    "「{}」 is a rate that cannot pass 100%, but its target is {}",
                    name(ind),
                    v.raw
                ),
            ));
        }
    }
}

/// Four-digit years in a text.
fn years_in(text: &str) -> Vec<i32> {
    let mut years = Vec::new();
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if digits.len() == 4 {
            if let Ok(y) = digits.parse::<i32>() {
                if YEARS.contains(&y) {
                    years.push(y);
                }
            }
        }
        digits.clear();
    }
    years
}

/// The years the form's targets must be met in: the project period where the form
/// states one, else the budget year.
fn period(r: &Record) -> Option<(i32, i32, String)> {
    let stated: Vec<i32> = r
        .extra
        .iter()
        .filter(|(k, _)| PERIOD_KEYS.iter().any(|p| k.contains(p)))
        .flat_map(|(_, v)| years_in(v))
        .collect();
    if let (Some(min), Some(max)) = (stated.iter().min(), stated.iter().max()) {
        let start = r.year.map_or(*min, |y| y.min(*min));
        let end = r.year.map_or(*max, |y| y.max(*max));
        return Some((start, end, format!("the project period {start}–{end}")));
    }
    r.year.map(|y| (y, y, format!("the form's year {y}")))
}

/// The year a 时效 target is due, and how the value says it.
fn due_year(ind: &Indicator) -> Option<i32> {
    let v = ind.value.as_ref()?;
    if let Some(d) = &v.date {
        return d.iso.get(..4)?.parse().ok();
    }
    if !level2(ind).contains("时效") {
        return None;
    }
    let year = |n: f64| {
        let y = n as i32;
        (n.fract() == 0.0 && YEARS.contains(&y)).then_some(y)
    };
    let year_unit = |u: &Option<String>| u.as_deref().is_none_or(|u| u == "年");
    match &v.kind {
        // A span of years is due at its end: a 2018–2019 school year on a 2019 form is due in 2019.
        ValueKind::Range { min, max, unit } if year_unit(unit) => year(min.0).and(year(max.0)),
        ValueKind::Quantity { number, unit, .. } if year_unit(unit) => year(number.0),
        _ => None,
    }
}

/// `audit-deadline-outside-period`.
fn deadlines(r: &Record, out: &mut Vec<Finding>) {
    let Some((start, end, what)) = period(r) else {
        return;
    };
    for ind in &r.indicators {
        let Some(due) = due_year(ind) else { continue };
        if (start..=end).contains(&due) {
            continue;
        }
        let raw = ind.value.as_ref().map_or("", |v| v.raw.as_str());
        let when = if due < start { "before" } else { "after" };
        out.push(Finding::new(
            Rule::DeadlineOutsidePeriod,
            Some(ind.line),
            format!(
                "「{}」 is due {raw} ({due}), {when} {what}: an annual target must be met within it",
                name(ind)
            ),
        ));
    }
}

/// An indicator name compared without spaces, quotes, brackets or markers (`★`, `*`).
pub fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .filter(|c| !"“”‘’《》（）【】〔〕★☆※、，。：；！？·—…".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `audit-duplicate-indicator`: the same name twice anywhere in the form.
fn duplicates(r: &Record, out: &mut Vec<Finding>) {
    let mut seen: HashMap<String, &Indicator> = HashMap::new();
    for ind in &r.indicators {
        let key = normalized(name(ind));
        if key.is_empty() {
            continue;
        }
        match seen.get(&key) {
            Some(first) => {
                let same = first.value.as_ref().map(|v| v.raw.as_str())
                    == ind.value.as_ref().map(|v| v.raw.as_str());
                out.push(Finding::new(
                    Rule::DuplicateIndicator,
                    Some(ind.line),
                    format!(
                        "「{}」 appears again (first at line {}{}): one indicator counted twice leaves another aspect of the goal unmeasured",
                        name(ind),
                        first.line,
                        if same { ", with the same target" } else { "" }
                    ),
                ));
            }
            None => {
                seen.insert(key, ind);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_found_in_text() {
        assert_eq!(years_in("2021-2023年"), vec![2021, 2023]);
        assert_eq!(years_in("3年"), Vec::<i32>::new());
        assert_eq!(years_in("12345"), Vec::<i32>::new());
    }

    #[test]
    fn count_units_near_markers() {
        assert_eq!(
            count_unit_near("“扶贫综合保险”每户保险费", "每", true),
            Some("户")
        );
        assert_eq!(count_unit_near("每公里建设成本", "每", true), Some("公里"));
        assert_eq!(count_unit_near("生均公用经费", "均", false), Some("生"));
        assert_eq!(count_unit_near("平台使用费用", "每", true), None);
        assert_eq!(count_unit_near("每人次补助", "每", true), Some("人次"));
    }

    #[test]
    fn names_compare_without_punctuation() {
        assert_eq!(normalized("“扶贫 综合”保险"), normalized("扶贫综合保险"));
        assert_eq!(normalized("★补助株数"), "补助株数");
    }

    #[test]
    fn brief_numbers() {
        assert_eq!(brief(6.596), "6.6");
        assert_eq!(brief(42.0), "42");
        assert_eq!(decimals(6.7), 1);
        assert_eq!(decimals(3.0), 0);
    }

    #[test]
    fn growth_rates_are_not_bounded() {
        assert!(is_bounded_rate("受益群众满意度"));
        assert!(is_bounded_rate("验收合格率"));
        assert!(!is_bounded_rate("销售收入增长率"));
        assert!(!is_bounded_rate("新增就业人数"));
    }
}
