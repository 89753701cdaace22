//! `audit-template-reuse`: forms of different projects with the identical indicator list.

use std::collections::HashMap;

use super::rules::{normalized, MIN_TEMPLATE_INDICATORS};
use super::{Finding, Rule};
use crate::record::Record;

/// How many other forms a finding names before it says "and N more".
const NAMED_FORMS: usize = 5;

/// What an indicator list is compared by: each row's 二级指标, name and target as
/// written, in order (spaces and punctuation ignored). Targets count: the 2021 guide
/// gives core indicators common names, so identical names alone are expected; identical
/// names *and* values across projects are a template filled without thought.
type Signature = Vec<(String, String, String)>;

fn signature(r: &Record) -> Signature {
    r.indicators
        .iter()
        .map(|i| {
            (
                normalized(i.level2.as_deref().unwrap_or("")),
                normalized(i.name.as_deref().unwrap_or("")),
                normalized(i.value.as_ref().map_or("", |v| v.raw.as_str())),
            )
        })
        .collect()
}

/// Which project a form is for: its project name, or its department on a 部门整体 form.
fn project_key(r: &Record) -> Option<String> {
    let name = r.project_name.as_deref().map(normalized);
    match name.filter(|n| !n.is_empty()) {
        Some(n) => Some(n),
        None => r
            .department
            .as_deref()
            .map(normalized)
            .filter(|d| !d.is_empty())
            .map(|d| format!("部门:{d}")),
    }
}

/// How a finding names a form: `b.txt form 0 「平台服务费」`.
fn describe(r: &Record) -> String {
    let title = r
        .project_name
        .as_deref()
        .or(r.department.as_deref())
        .unwrap_or("?");
    format!("{} form {} 「{title}」", r.source.path, r.source.form_index)
}

/// One list of findings per record, in the order given: a form whose indicator list (at
/// least [`MIN_TEMPLATE_INDICATORS`] rows) is identical to that of a form of another
/// project gets one finding naming those forms. Forms of the same project (the same form
/// filed twice) are not reuse.
pub fn template_reuse(records: &[&Record]) -> Vec<Vec<Finding>> {
    let keys: Vec<Option<String>> = records.iter().map(|r| project_key(r)).collect();
    let mut groups: HashMap<Signature, Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.indicators.len() >= MIN_TEMPLATE_INDICATORS && keys[i].is_some() {
            groups.entry(signature(r)).or_default().push(i);
        }
    }
    let mut out = vec![Vec::new(); records.len()];
    for members in groups.values() {
        for &i in members {
            let others: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&j| keys[j] != keys[i])
                .collect();
            if others.is_empty() {
                continue;
            }
            let mut named: Vec<String> = others
                .iter()
                .take(NAMED_FORMS)
                .map(|&j| describe(records[j]))
                .collect();
            if others.len() > NAMED_FORMS {
                named.push(format!("and {} more", others.len() - NAMED_FORMS));
            }
            let r = records[i];
            out[i].push(Finding::new(
                Rule::TemplateReuse,
                r.indicators.first().map(|ind| ind.line),
                format!(
                    "the indicator list ({} indicators, names and targets) is identical to that of another project's form: {}",
                    r.indicators.len(),
                    named.join(", ")
                ),
            ));
        }
    }
    out
}
