//! Audit checks: reads a record as the finance bureau's reviewer does.
//!
//! Validation ([`crate::validate`]) asks whether the text was read right; the audit asks
//! whether what the form says would pass review under the principles of
//! 财预〔2015〕88号 (完整性, 相关性, 适当性, 可行性) and the 2021 guide on core indicators
//! (财预〔2021〕101号): every part present, indicators quantified, money and targets that
//! fit each other, nothing copied without thought. It works on [`Record`]s only and never
//! changes them: a finding is not an extraction error and never sets `needs_review`.
//!
//! Every rule has a stable code ([`Rule`]), documented with its principle and a worked
//! example in `docs/audit.md`.

pub mod report;
mod reuse;
mod rules;
pub mod sql;

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::record::Record;

pub use reuse::template_reuse;

/// The review principles of 财预〔2015〕88号 a finding is filed under.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Principle {
    /// 完整性: the target's content is complete, clear and explicit.
    #[serde(rename = "完整性")]
    Completeness,
    /// 相关性: indicators relate to the goal and are broken down and quantified.
    #[serde(rename = "相关性")]
    Relevance,
    /// 适当性: the money and the targets fit each other.
    #[serde(rename = "适当性")]
    Fitness,
    /// 可行性: the targets were reckoned properly and can be met as stated.
    #[serde(rename = "可行性")]
    Feasibility,
}

impl Principle {
    /// All principles, in the order 88号 lists them.
    pub const ALL: &'static [Principle] = &[
        Principle::Completeness,
        Principle::Relevance,
        Principle::Fitness,
        Principle::Feasibility,
    ];

    /// The principle's Chinese name, as written in findings.
    pub fn as_str(self) -> &'static str {
        match self {
            Principle::Completeness => "完整性",
            Principle::Relevance => "相关性",
            Principle::Fitness => "适当性",
            Principle::Feasibility => "可行性",
        }
    }
}

impl fmt::Display for Principle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $principle:ident, $sev:ident; )*) => {
        /// Every audit rule, with its stable code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum Rule {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
        }

        impl Rule {
            /// All rules, in declaration order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable kebab-case code.
            pub fn as_str(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The review principle the rule belongs to.
            pub fn principle(self) -> Principle {
                match self { $(Rule::$variant => Principle::$principle,)* }
            }

            /// The severity the rule's findings carry.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* }
            }
        }
    };
}

rules! {
    /// 产出, 效益 or 满意度 (and 成本 on the 2022+ template) has no indicator.
    MissingLevel1 = "audit-missing-level1", Completeness, Warning;
    /// 产出 lacks one of 数量, 质量, 时效.
    MissingLevel2 = "audit-missing-level2", Completeness, Warning;
    /// The form states no goal.
    MissingGoal = "audit-missing-goal", Completeness, Warning;
    /// The form states no funding.
    MissingFunding = "audit-missing-funding", Completeness, Warning;
    /// A 数量 or 成本 indicator has no number.
    NoNumber = "audit-no-number", Relevance, Warning;
    /// A target only says things will improve.
    VagueTarget = "audit-vague-target", Relevance, Warning;
    /// A cost indicator (unit cost × quantity, or a total) does not fit the funding.
    CostMismatch = "audit-cost-mismatch", Fitness, Warning;
    /// 财政拨款 + 其他资金 ≠ 年度资金总额.
    FundingSum = "audit-funding-sum", Feasibility, Error;
    /// A rate that cannot exceed 100 % is set above it.
    PercentOver100 = "audit-percent-over-100", Feasibility, Error;
    /// A deadline falls outside the form's year or project period.
    DeadlineOutsidePeriod = "audit-deadline-outside-period", Feasibility, Warning;
    /// The same indicator appears twice in one form.
    DuplicateIndicator = "audit-duplicate-indicator", Relevance, Warning;
    /// Another project's form in the batch has the identical indicator list.
    TemplateReuse = "audit-template-reuse", Relevance, Warning;
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a reviewer would query on a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// The rule's stable code.
    pub code: Rule,
    /// The review principle, as the rule defines it.
    pub principle: Principle,
    /// The severity, as the rule defines it.
    pub severity: Severity,
    /// The 1-based source line the finding is about; null for the form as a whole.
    pub line: Option<usize>,
    /// What is wrong, with the numbers that show it.
    pub message: String,
}

impl Finding {
    /// A finding of `rule`, its principle and severity taken from the rule.
    pub fn new(rule: Rule, line: Option<usize>, message: impl Into<String>) -> Self {
        Finding {
            code: rule,
            principle: rule.principle(),
            severity: rule.severity(),
            line,
            message: message.into(),
        }
    }
}

/// How many of a form's indicators carry a measurable target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quantified {
    /// All indicators of the form.
    pub indicators: usize,
    /// Those whose value is a quantity, a range or a date.
    pub quantified: usize,
}

impl Quantified {
    /// The share of quantified indicators, 0 to 1 (1 for a form with no indicators).
    pub fn share(self) -> f64 {
        if self.indicators == 0 {
            1.0
        } else {
            self.quantified as f64 / self.indicators as f64
        }
    }

    /// `8 of 11 indicators (73%) are quantified`.
    pub fn describe(self) -> String {
        format!(
            "{} of {} indicators ({:.0}%) are quantified",
            self.quantified,
            self.indicators,
            self.share() * 100.0
        )
    }
}

/// [`Quantified`] as it is written: the counts and the share, rounded to three decimals (a
/// share, not a measurement). Serialising through this one struct keeps the output and its
/// JSON Schema ([`crate::schema::audit_schema`]) the same shape.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Quantified")]
struct QuantifiedOut {
    /// All indicators of the form.
    indicators: usize,
    /// Those whose value is a quantity, a range or a date.
    quantified: usize,
    /// `quantified / indicators`, 0 to 1 (1 for a form with no indicators).
    share: f64,
}

impl From<Quantified> for QuantifiedOut {
    fn from(q: Quantified) -> Self {
        QuantifiedOut {
            indicators: q.indicators,
            quantified: q.quantified,
            share: (q.share() * 1000.0).round() / 1000.0,
        }
    }
}

impl Serialize for Quantified {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        QuantifiedOut::from(*self).serialize(s)
    }
}

impl JsonSchema for Quantified {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        QuantifiedOut::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        QuantifiedOut::json_schema(generator)
    }
}

/// The audit of one form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormAudit {
    /// The share of quantified indicators.
    pub quantified: Quantified,
    /// The findings, in line order (form-level findings first).
    pub findings: Vec<Finding>,
}

/// Audits one form on its own: every rule but [`Rule::TemplateReuse`], which needs a batch.
pub fn audit_record(record: &Record) -> FormAudit {
    let mut findings = rules::check(record);
    sort(&mut findings);
    FormAudit {
        quantified: rules::quantified(record),
        findings,
    }
}

/// Audits a batch of forms: each on its own, plus template reuse across them.
/// The result is in the order of `records`.
pub fn audit_batch(records: &[&Record]) -> Vec<FormAudit> {
    let reuse = template_reuse(records);
    records
        .iter()
        .zip(reuse)
        .map(|(r, extra)| {
            let mut a = audit_record(r);
            a.findings.extend(extra);
            sort(&mut a.findings);
            a
        })
        .collect()
}

/// Form-level findings (no line) first, then by line; the rule order breaks ties.
fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (f.line, f.code));
}
