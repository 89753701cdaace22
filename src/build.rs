//! Building records: form drafts of borrowed text → owned, typed records.
//!
//! This is where text is allocated: cells are cleaned, values typed by the
//! value grammar, the leader split into name and phone, the implementers into
//! units, and funding amounts expressed in the form's unit.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Code, Diagnostic};
use crate::grammar::{FormDraft, HeaderField, IndicatorDraft, Piece};
use crate::labels::{department_rank, Field, Label, UNIT_NAME_LABELS};
use crate::normalize::{clean, clean_joined};
use crate::record::{
    FormKind, Funding, FundingItem, Goals, Indicator, Leader, Record, Source, SourceFormat, Value,
    ValueKind, SCHEMA_VERSION,
};
use crate::value::{funding_unit, parse_amount, parse_value, ValueNote};

/// What opens a phone's extension (`转8012`, `分机8012`).
const PHONE_EXTENSION_MARKS: &[&str] = &["转", "分机"];
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]?\+?\d[\d\-－—()（） ]{5,}\d").unwrap_or_else(|e| panic!("phone regex: {e}"))
});
/// The year in brackets ending a title (`（2019年度）`); of a term's years
/// (`（2024—2026年）`, a 中期 form), the first: the budget year it is made in.
// fixture: fixtures/tables/value-columns-per-year.txt
static TITLE_YEAR_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((\d{4})\s*(?:年度?|(?:年\s*)?[-—－~～至到]\s*\d{4}\s*年度?)\)$")
        .unwrap_or_else(|e| panic!("title year suffix regex: {e}"))
});
/// A year printed inside a title (`某市2021年市直部门预算项目支出绩效目标表`);
/// of a term's years (`2024-2026年中期…`), the first.
// fixture: fixtures/regions/term-years-inside-title.txt
static TITLE_YEAR_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*(?:年?\s*[-—－~～至到]\s*(?:19|20)\d{2}\s*)?年")
        .unwrap_or_else(|e| panic!("title inner year regex: {e}"))
});
static TITLE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    // fixture: fixtures/regions/letter-spaced-title-year-whole.txt
    // The year's digits may be letter-spaced (`2 0 2 5 年度项目…`).
    Regex::new(r"^(\d) ?(\d) ?(\d) ?(\d)\s*年度?\s*")
        .unwrap_or_else(|e| panic!("title year regex: {e}"))
});

/// Where the form came from, for the record's `source`.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'s> {
    /// The path as given.
    pub path: &'s str,
    /// The encoding the text was decoded with.
    pub encoding: &'s str,
}

/// Builds one record from a form draft.
pub fn build(draft: &FormDraft<'_>, origin: Origin<'_>, form_index: usize) -> Record {
    let mut diagnostics = draft.diagnostics.clone();
    let (title, title_year) = title(draft);
    let year = draft.year.map(|(y, _)| y).or(title_year);

    let mut project_name = None;
    let mut leader: Option<Leader> = None;
    let mut department = None;
    let mut implementers = None;
    let mut goals = Goals::default();
    let mut section_goal = false;
    let mut extra = BTreeMap::new();
    let mut form_kind = FormKind::Project;
    let mut funding = Funding {
        unit: funding_unit_of(&draft.header).to_owned(),
        ..Funding::default()
    };

    // fixture: fixtures/regions/competing-departments.txt
    // When a form prints several department labels, the most specific one
    // with a value is the department; the others go to `extra`.
    // (Its position in the header: two labels may share a line, `省级主管部门
    // 某省农业农村厅 县级主管部门 某县农业农村局`.)
    let department_label = draft
        .header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.field == Field::Department && !h.values.is_empty())
        .min_by_key(|(_, h)| (is_placeholder(h), department_rank(h.spelling)))
        .map(|(i, _)| i);
    // fixture: fixtures/tables/project-form-department-and-unit.txt
    // 部门名称 on a form that names its project is the department of a
    // project form (市级部门预算项目绩效目标表), not a 部门整体 form; its
    // 单位名称 beside it is the budget unit that carries the project out.
    let has_project = draft
        .header
        .iter()
        .any(|h| h.field == Field::ProjectName && !h.values.is_empty());
    // fixture: fixtures/regions/contact-row-whole-unit.txt
    // So is a form titled for a unit's whole spending (单位整体支出绩效目标表)
    // whatever label names the unit (单位名称, 预算单位).
    let titled_whole = title
        .as_deref()
        .is_some_and(crate::labels::is_whole_spending_title);
    let whole_department = (draft.has_field(Field::DepartmentName) || titled_whole) && !has_project;
    let unit_implements = draft.has_field(Field::DepartmentName)
        && has_project
        && !draft.has_field(Field::Implementers);
    let slots = term_and_year_slots(draft);
    for (i, h) in draft.header.iter().enumerate() {
        let text = || clean_pieces(&h.values);
        let has_value = !h.values.is_empty();
        if let Some(&(_, slot)) = slots.iter().find(|&&(k, _)| k == i) {
            // The term's row keeps its label as printed (`项目总额`), not
            // the spelling of the year's it was matched to.
            let printed = HeaderField {
                spelling: "",
                ..h.clone()
            };
            let h = if slot == Slot::Item { &printed } else { h };
            funding_row(&mut funding, slot, h, draft, &mut diagnostics);
            continue;
        }
        match h.field {
            Field::ProjectName => {
                set_once(&mut project_name, has_value.then(text), h, &mut diagnostics)
            }
            Field::DepartmentName => {
                if !has_project {
                    form_kind = FormKind::Department;
                }
                set_once(&mut department, has_value.then(text), h, &mut diagnostics);
            }
            Field::Department if unit_implements && UNIT_NAME_LABELS.contains(&h.spelling) => {
                if has_value && implementers.is_none() {
                    implementers = Some(split_units(&text()));
                }
            }
            Field::Department
                if department_label.is_some_and(|k| k != i)
                    && (department_rank(h.spelling) > 0 || is_placeholder(h)) =>
            {
                if has_value {
                    extra.insert(clean(h.spelling), text());
                }
            }
            Field::Department => {
                set_once(&mut department, has_value.then(text), h, &mut diagnostics)
            }
            // A 部门整体 form's 联系人 and 联系电话 name whom to call about the
            // form, not a project leader.
            Field::Contact | Field::LeaderPhone if whole_department => {
                if has_value {
                    extra.insert(clean(h.spelling), text());
                }
            }
            Field::Leader => {
                let l = split_leader(&text());
                merge_leader(&mut leader, l);
            }
            // fixture: fixtures/tables/leader-name-and-phone-under-name-label.txt
            // A name label's cell holding the phone too (`项目负责人 | 冉某 135…`).
            Field::LeaderName => {
                let t = has_value.then(text);
                let l = t
                    .as_deref()
                    .map(split_leader)
                    .filter(|l| l.name.is_some() && l.phone.is_some())
                    .unwrap_or_else(|| Leader {
                        name: t.as_deref().map(|t| clean(t).replace(' ', "")),
                        phone: None,
                    });
                merge_leader(&mut leader, l);
            }
            Field::Contact => {
                let named = draft
                    .header
                    .iter()
                    .any(|o| matches!(o.field, Field::Leader | Field::LeaderName));
                if named {
                    if has_value {
                        extra.insert(clean(h.spelling), text());
                    }
                } else if leader.as_ref().is_some_and(|l| l.name.is_some()) {
                    // fixture: fixtures/tables/second-contact-pair.txt
                    // A second 联系人 (the unit's, beside the department's)
                    // is no second leader: kept in extra.
                    if has_value {
                        keep_extra(&mut extra, h.spelling, text());
                    }
                } else {
                    let name = has_value.then(|| clean(&text()).replace(' ', ""));
                    merge_leader(&mut leader, Leader { name, phone: None });
                }
            }
            Field::LeaderPhone if leader.as_ref().is_some_and(|l| l.phone.is_some()) => {
                if has_value {
                    keep_extra(&mut extra, h.spelling, text());
                }
            }
            Field::LeaderPhone => {
                let phone = has_value.then(|| phone_digits(&text())).flatten();
                merge_leader(&mut leader, Leader { name: None, phone });
            }
            Field::Implementers => {
                if implementers.is_none() {
                    implementers = Some(split_units(&text()));
                }
            }
            Field::FundingTotal => {
                funding_row(&mut funding, Slot::Total, h, draft, &mut diagnostics)
            }
            Field::FundingFiscal => {
                funding_row(&mut funding, Slot::Fiscal, h, draft, &mut diagnostics)
            }
            Field::FundingOther => {
                funding_row(&mut funding, Slot::Other, h, draft, &mut diagnostics)
            }
            Field::FundingItem => funding_row(&mut funding, Slot::Item, h, draft, &mut diagnostics),
            Field::GoalAnnual => {
                if goals.annual.is_none() && has_value {
                    goals.annual = Some(text());
                }
            }
            Field::GoalLongTerm | Field::GoalSection => {
                if goals.long_term.is_none() && has_value {
                    goals.long_term = Some(text());
                    section_goal = h.field == Field::GoalSection;
                }
            }
            Field::UnitNote => {
                let is_unit = h
                    .values
                    .first()
                    .and_then(|p| funding_unit(p.text))
                    .is_some();
                if has_value && !is_unit {
                    extra.insert(clean(h.spelling), text());
                }
            }
            // A header cell left empty (an unused 完成情况 column) adds no key.
            Field::Extra if has_value => {
                let key = if h.spelling.is_empty() {
                    h.label.trim_end_matches([':', '：'])
                } else {
                    h.spelling
                };
                // A task's name wrapped onto the line below ends in its tail.
                let key = match h.tail {
                    Some(tail) => clean(&format!("{key}{tail}")),
                    None => clean(key),
                };
                extra.insert(key, text());
            }
            Field::Extra => {}
            // fixture: fixtures/tables/adjusted-and-approved-value-columns.txt
            // The funding block's heading holding the amount itself, with no
            // total under it (`批复金额(万元) | 3612.70`): that amount is the total.
            Field::Funding
                if has_value
                    && crate::value::parse_amount_like(&text())
                    && !draft.header.iter().any(|o| o.field == Field::FundingTotal) =>
            {
                funding_row(&mut funding, Slot::Total, h, draft, &mut diagnostics)
            }
            // Section labels carry no value of their own; should one hold text
            // (a column label read in the header), it is kept, never dropped.
            Field::Funding
            | Field::Table
            | Field::ColLevel1
            | Field::ColLevel2
            | Field::ColName
            | Field::ColValue
            | Field::ColUnit
            | Field::ColOp
            | Field::ColExtra
            | Field::Note => {
                if has_value {
                    extra.insert(clean(h.label), text());
                }
            }
            // A sign-off cell (`填报人`, `联系电话`) under its label as spelled.
            Field::Furniture => {
                if has_value {
                    extra.insert(clean(h.spelling), text());
                }
            }
        }
    }

    fiscal_from_levels(&mut funding, draft);
    fiscal_from_total_label(&mut funding, draft);
    total_from_parts(&mut funding);
    other_from_sections(&mut funding);
    // fixture: fixtures/regions/transfer-form-departments.txt
    // A form whose only goal is printed under 总体目标 (a transfer form, a
    // one-year project) states its year's goal there: it is the annual goal.
    if section_goal && goals.annual.is_none() {
        goals.annual = goals.long_term.take();
    }
    // fixture: fixtures/tables/duty-goal-label.txt
    // A department form that heads its goal with its task table's heading
    // (`年度履职目标 | 完成造林1万亩。`) and prints no other goal: the text is
    // the year's goal.
    if goals.annual.is_none() {
        let key = crate::labels::DUTY_GOAL_HEADINGS
            .iter()
            .find(|k| extra.get(**k).is_some_and(|v| v.chars().count() >= 6));
        if let Some(k) = key {
            goals.annual = extra.remove(*k);
        }
    }

    let mut indicators: Vec<Indicator> = draft
        .indicators
        .iter()
        .map(|d| indicator(d, &mut diagnostics))
        .collect();
    // fixture: fixtures/tables/region-value-columns.txt
    // One value column per place: the first place's values are the
    // indicators' own, and kept under its name beside the other places'.
    if let Some(place) = draft.value_place {
        let place = clean(place);
        for ind in &mut indicators {
            if let Some(v) = &ind.value {
                ind.extra
                    .entry(place.clone())
                    .or_insert_with(|| clean(&v.raw));
            }
        }
    }
    let indicators = year_table_only(draft, indicators, &mut extra);

    let note = (!draft.note.is_empty()).then(|| clean_pieces(&draft.note));

    if !draft.saw_table {
        diagnostics.push(Diagnostic::at(
            Code::FormTruncated,
            draft.line_end,
            "the form ends before its indicator table",
        ));
    }

    // fixture: fixtures/layouts/department-title-only.txt
    // A form titled for a department's whole spending (部门整体支出绩效目标表)
    // that names no project is a department form, whatever label names the
    // department (预算部门, 主管部门).
    if form_kind == FormKind::Project && project_name.is_none() && titled_whole {
        form_kind = FormKind::Department;
    }
    // A form with no year line or year in its title may say 预算年度: 2020.
    let year = year.or_else(|| {
        let text = extra.get("预算年度")?;
        let digits: String = text.chars().filter(char::is_ascii_digit).take(4).collect();
        digits.parse().ok().filter(|y| (1990..=2100).contains(y))
    });
    let mut record = Record {
        schema_version: SCHEMA_VERSION,
        source: Source {
            path: origin.path.to_owned(),
            encoding: origin.encoding.to_owned(),
            form_index,
            line_start: draft.line_start,
            line_end: draft.line_end,
            layout: draft.layout(),
            format: SourceFormat::Text,
            cells: BTreeMap::new(),
            page: None,
        },
        form_kind,
        title,
        year,
        project_name,
        leader,
        department,
        implementers,
        funding,
        goals,
        indicators,
        extra,
        note,
        diagnostics,
        needs_review: false,
        review_reasons: Vec::new(),
    };
    drop_goal_echoes(&mut record);
    deadlines_in_year(&mut record);
    record.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
    record
}

/// fixture: fixtures/tables/deadline-without-year.txt
/// A deadline that names no year (`6月30日前`, `年底前`, `次年1月底前`) falls
/// in the form's budget year (or the year after): its value gets that date.
fn deadlines_in_year(record: &mut Record) {
    let Some(year) = record.year else {
        return;
    };
    for v in record
        .indicators
        .iter_mut()
        .filter_map(|i| i.value.as_mut())
    {
        if v.date.is_none() && matches!(v.kind, ValueKind::Text { .. }) {
            v.date = crate::value::deadline_in_year(&v.raw, year);
        }
    }
}

/// The shortest row text (in characters) taken for a repeated goal.
const GOAL_ECHO_CHARS: usize = 10;

// fixture: fixtures/tables/goal-repeated-in-table.txt
/// Drops indicator rows whose name and value together spell the start of a
/// goal: a spreadsheet preview prints a wrapped goal cell again inside the
/// table (`主要用于示例修缮、宣` / `传等支出`). The row's text is reported.
fn drop_goal_echoes(record: &mut Record) {
    let compact = |t: &str| {
        let mut out = String::with_capacity(t.len());
        out.extend(t.chars().filter(|c| !c.is_whitespace()));
        out
    };
    let goals: Vec<String> = [&record.goals.annual, &record.goals.long_term]
        .into_iter()
        .flatten()
        .map(|g| compact(g))
        .collect();
    if goals.is_empty() {
        return;
    }
    let mut echoes = Vec::new();
    record.indicators.retain(|i| {
        // A row's target restates its goal often (`新建蓄水池 2座`): only a
        // row whose "value" is words, no number, is a goal cut in two.
        if i.value.as_ref().is_some_and(|v| v.number().is_some()) {
            return true;
        }
        // The row's text without white space, compared character by
        // character: a copy is made only for the message.
        let name = i.name.as_deref().unwrap_or("");
        let raw = i.value.as_ref().map_or("", |v| v.raw.as_str());
        let row = || {
            name.chars()
                .chain(raw.chars())
                .filter(|c| !c.is_whitespace())
        };
        let echo = row().nth(GOAL_ECHO_CHARS - 1).is_some()
            && goals.iter().any(|g| {
                let mut goal = g.chars();
                row().all(|c| goal.next() == Some(c))
            });
        if echo {
            let text: String = row().collect();
            echoes.push(Diagnostic::at(
                Code::DuplicateField,
                i.line,
                format!("the goal is printed again inside the indicator table, not an indicator: {text}"),
            ));
        }
        !echo
    });
    record.diagnostics.append(&mut echoes);
}

fn set_once(
    slot: &mut Option<String>,
    value: Option<String>,
    h: &HeaderField<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match (slot.as_ref(), value) {
        (None, v) => *slot = v,
        (Some(_), Some(v)) => diagnostics.push(Diagnostic::at(
            Code::DuplicateField,
            h.line,
            format!(
                "{} appears again ({v}); the first value was kept",
                h.spelling
            ),
        )),
        (Some(_), None) => {}
    }
}

/// The form's title without its year, and the year printed in it.
fn title(draft: &FormDraft<'_>) -> (Option<String>, Option<i32>) {
    match draft.title {
        Some(piece) => match draft.title_head {
            Some(head) => split_title(&format!("{}{}", head.text, piece.text)),
            None => split_title(piece.text),
        },
        None => (None, None),
    }
}

/// A title without the number of its table in the document before it
/// (`表14：项目支出绩效目标表`, `附表3-1 …`, `表十三 …`).
fn without_table_number(text: &str) -> &str {
    let Some(rest) = text
        .strip_prefix("附表")
        .or_else(|| text.strip_prefix('表'))
    else {
        return text;
    };
    let numeral = |c: char| {
        c.is_ascii_digit()
            || "一二三四五六七八九十".contains(c)
            || matches!(c, '-' | '－' | '—' | '.')
    };
    let after = rest.trim_start_matches(numeral);
    if after.len() == rest.len() {
        return text;
    }
    let after = after.trim_start_matches([':', '：', '、', ' ', '　']);
    if after.is_empty() {
        text
    } else {
        after
    }
}

/// A printed title → the title without its year, and the year it prints
/// (`2023年项目支出绩效目标申报表`, `绩效目标申报表（2019年度）`).
fn split_title(text: &str) -> (Option<String>, Option<i32>) {
    // A heading of a Markdown export (`## 项目支出绩效目标表`, `**…**`) keeps
    // its words, not its marks.
    let text = text.trim().trim_start_matches('#').trim_matches('*');
    // A template's sample marked as such (`样例:项目支出绩效目标申报表`) is
    // titled without the mark.
    let text = TITLE_SAMPLE_MARKS
        .iter()
        .find_map(|m| text.strip_prefix(m))
        .map_or(text, |rest| rest.trim_start_matches([':', '：', ' ']));
    // fixture: fixtures/regions/chapter-numbered-title.txt
    // A chapter's outline number before the title (`十、`) is no part of it.
    let text = crate::labels::without_outline_number(text);
    // fixture: fixtures/regions/table-number-before-title.txt
    // So is the table's number in its document (`表14：`, `附表3-1 `).
    let text = without_table_number(text);
    // fixture: fixtures/regions/letter-spaced-title.txt
    // A title printed with a gap after every character, digits of its year
    // included (`2 0 2 0 年 绩 效 …`), is read without its gaps.
    let mut cleaned = if crate::normalize::is_letter_spaced(text) {
        clean(&text.replace(crate::normalize::is_space, ""))
    } else {
        clean(text)
    };
    let mut bracket_year = None;
    if let Some(c) = TITLE_YEAR_SUFFIX.captures(&cleaned) {
        bracket_year = c.get(1).and_then(|m| m.as_str().parse().ok());
        let start = c.get(0).map_or(cleaned.len(), |m| m.start());
        cleaned.truncate(start);
    }
    let (title, year) = title_and_leading_year(restore_title(&cleaned));
    // fixture: fixtures/regions/title-issuer-and-year.txt
    // A year inside the title is read last. The title is what follows it:
    // the issuer before it (`青山县林业局2024年部门整体支出绩效目标表`) is the
    // form's department or place, not its title.
    let inner = title.as_deref().and_then(|t| {
        let c = TITLE_YEAR_INSIDE.captures(t)?;
        let y: i32 = c.get(1)?.as_str().parse().ok()?;
        let rest = t.get(c.get(0)?.end()..)?;
        let rest = rest.strip_prefix('度').unwrap_or(rest).trim_start();
        Some((y, rest.ends_with('表').then(|| rest.to_owned())))
    });
    let year = year.or(bracket_year).or(inner.as_ref().map(|(y, _)| *y));
    let title = inner.and_then(|(_, rest)| rest).or(title);
    (title, year)
}

/// Words that mark a title as a template's sample (`样例:`, `示例：`).
const TITLE_SAMPLE_MARKS: &[&str] = &["样例", "示例", "样表", "范例"];

fn title_and_leading_year(cleaned: String) -> (Option<String>, Option<i32>) {
    match TITLE_YEAR.captures(&cleaned) {
        Some(c) => {
            let digits: String = (1..=4)
                .filter_map(|i| c.get(i))
                .map(|m| m.as_str())
                .collect();
            let year = digits.parse().ok();
            let end = c.get(0).map_or(0, |m| m.end());
            (Some(cleaned[end..].to_owned()), year)
        }
        None => (Some(cleaned), None),
    }
}

/// A title whose ending OCR damaged by one character (`绩效目杯申报表`) gets
/// its printed ending back; other titles pass unchanged.
fn restore_title(title: &str) -> String {
    // A whole-spending title printed without its 表 is kept as printed.
    if crate::segment::WHOLE_SPENDING_TITLE_ENDINGS
        .iter()
        .any(|t| title.ends_with(t))
    {
        return title.to_owned();
    }
    let chars: Vec<char> = title.chars().collect();
    for canon in ["绩效目标申报表", "绩效目标表"] {
        let want: Vec<char> = canon.chars().collect();
        if chars.ends_with(&want) {
            return restore_title_head(&chars[..chars.len() - want.len()], canon);
        }
        for n in [want.len(), want.len() + 1, want.len().saturating_sub(1)] {
            if n <= chars.len()
                && n > 0
                && crate::labels::within_one_edit(&chars[chars.len() - n..], &want)
            {
                return restore_title_head(&chars[..chars.len() - n], canon);
            }
        }
    }
    title.to_owned()
}

/// The words before a title's ending (`绩效目标表`) with an OCR confusion in
/// `部门整体支出` restored (`部门整休支出`), the ending after them.
fn restore_title_head(head: &[char], ending: &str) -> String {
    const WHOLE: &str = "部门整体支出";
    let want: Vec<char> = WHOLE.chars().collect();
    let mut out = String::new();
    match head.len().checked_sub(want.len()) {
        Some(at) if crate::labels::within_one_edit(&head[at..], &want) => {
            out.extend(&head[..at]);
            out.push_str(WHOLE);
        }
        _ => out.extend(head),
    }
    out.push_str(ending);
    out
}

/// The unit a unit note's value states (`万元`, `（万元）`, `单位：元`); a
/// column title that names its own unit (`单价（元）` beside a 单位 column of a
/// budget-detail table) states none for the form's amounts.
// fixture: fixtures/tables/budget-detail-unit-price.txt
fn stated_unit(text: &str) -> Option<&'static str> {
    let t = text.trim();
    let head = t.split(['(', '（', '[', '【']).next().unwrap_or(t);
    let states = head.is_empty()
        || head.contains("单位")
        || crate::value::is_unit_word(t)
        || ["万元", "元", "亿元"].contains(&t.trim_start_matches("人民币"));
    states.then(|| funding_unit(t)).flatten()
}

/// The unit amounts are written in: from `资金情况 (万元)` or an amount label's
/// own annotation; 万元 when the form does not say.
fn funding_unit_of(header: &[HeaderField<'_>]) -> &'static str {
    let noted = header
        .iter()
        .filter(|h| h.field == Field::UnitNote)
        .find_map(|h| h.values.first().and_then(|p| stated_unit(p.text)));
    if let Some(unit) = noted {
        return unit;
    }
    header
        .iter()
        .filter(|h| {
            matches!(
                h.field,
                Field::Funding | Field::FundingTotal | Field::FundingFiscal | Field::FundingOther
            )
        })
        .find_map(|h| h.annotation.and_then(funding_unit))
        .unwrap_or("万元")
}

/// Which funding amount a row holds.
/// fixture: fixtures/tables/term-and-year-tables.txt
/// A form printing the term's indicator table and then the year's (`长期绩效指标`
/// … `年度绩效指标` …): the indicators are the year's, as every other field of
/// the record is; the term's rows are kept in `extra` under their heading as
/// printed, one `一级/二级/三级: 指标值` entry each, joined with `; `.
fn year_table_only(
    draft: &FormDraft<'_>,
    indicators: Vec<Indicator>,
    extra: &mut BTreeMap<String, String>,
) -> Vec<Indicator> {
    let headings = &draft.table_headings;
    let is_term = |s: &str| crate::labels::TERM_TABLE_HEADINGS.contains(&s);
    let is_year = |s: &str| crate::labels::YEAR_TABLE_HEADINGS.contains(&s);
    let term_and_year = headings.iter().any(|h| is_term(h.spelling))
        && headings.iter().any(|h| is_year(h.spelling));
    if !term_and_year {
        return indicators;
    }
    // The heading row `k` sits under: the last one read before it.
    let under = |k: usize| headings.iter().rev().find(|h| h.rows_before <= k);
    let year_rows = (0..indicators.len())
        .filter(|&k| under(k).is_some_and(|h| is_year(h.spelling)))
        .count();
    if year_rows == 0 {
        return indicators;
    }
    let mut kept = Vec::with_capacity(year_rows);
    let mut term: Vec<(String, Vec<String>)> = Vec::new();
    for (k, ind) in indicators.into_iter().enumerate() {
        match under(k).filter(|h| is_term(h.spelling)) {
            Some(h) => {
                let path: Vec<&str> = [
                    ind.level1.as_deref(),
                    ind.level2.as_deref(),
                    ind.name.as_deref(),
                ]
                .into_iter()
                .flatten()
                .collect();
                let value = ind.value.as_ref().map_or("", |v| v.raw.as_str());
                let entry = format!("{}: {}", path.join("/"), clean(value));
                let key = clean(h.text);
                match term.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, v)) => v.push(entry),
                    None => term.push((key, vec![entry])),
                }
            }
            None => kept.push(ind),
        }
    }
    for (key, entries) in term {
        extra.insert(key, entries.join("; "));
    }
    kept
}

/// fixture: fixtures/tables/funding-term-and-year-pairs.txt
/// Funding rows of the project's whole term printed beside the year's, each
/// with its own label (`项目资金总额: | 1720 | 年度资金申请总额 | 860`,
/// `项目总额 2600 | 当年金额 900`): when, of the form's totals (or of its
/// fiscal rows), some name the year and others do not, the year's fill the
/// slot and the others are items. The header positions whose slot changes.
fn term_and_year_slots(draft: &FormDraft<'_>) -> Vec<(usize, Slot)> {
    let mut out = Vec::new();
    let amount = |h: &HeaderField<'_>| {
        h.values.iter().any(|p| {
            p.text
                .starts_with(|c: char| crate::normalize::fold_char(c).is_ascii_digit())
        })
    };
    // fixture: fixtures/tables/funding-term-and-year-other.txt
    // (`其他资金 | 60万元` beside `当年其他资金 | 20万元`.)
    for (field, slot) in [
        (Field::FundingTotal, Slot::Total),
        (Field::FundingFiscal, Slot::Fiscal),
        (Field::FundingOther, Slot::Other),
    ] {
        let rows: Vec<(usize, &HeaderField<'_>)> = draft
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| amount(h))
            .filter(|(_, h)| {
                h.field == field
                    || (slot == Slot::Total && h.field == Field::FundingItem && year_total(h))
                    || (h.field == Field::FundingItem && year_row_of(h, field))
            })
            .collect();
        let year = label_names_the_year;
        if rows.iter().any(|r| year(r.1)) && rows.iter().any(|r| !year(r.1)) {
            for &(i, h) in &rows {
                match (year(h), h.field == field) {
                    (false, _) => out.push((i, Slot::Item)),
                    (true, false) => out.push((i, slot)),
                    (true, true) => {}
                }
            }
        }
    }
    out
}

/// Whether a funding row's label names the form's year (`年度资金申请总额`,
/// `当年财政拨款`, `本年度预算`), not the project's term or a past year.
fn label_names_the_year(h: &HeaderField<'_>) -> bool {
    let label = crate::normalize::without_spaces(h.label);
    let label = label
        .trim_start_matches("其中")
        .trim_start_matches([':', '：']);
    crate::labels::ANNUAL_PERIODS
        .iter()
        .any(|p| label.starts_with(p))
}

/// An item row that is the year's row of `field` (`当年其他资金` beside
/// `其他资金`): its label names the year, and the rest is that field's label.
fn year_row_of(h: &HeaderField<'_>, field: Field) -> bool {
    let label = crate::normalize::without_spaces(h.label);
    let label = label
        .trim_start_matches("其中")
        .trim_start_matches([':', '：']);
    label_names_the_year(h)
        && crate::labels::ANNUAL_PERIODS
            .iter()
            .filter_map(|p| label.strip_prefix(p))
            .any(|rest| {
                crate::labels::match_label(rest).is_some_and(|m| {
                    m.label == Label::Field(field) && m.rest.is_empty() && !m.fuzzy
                })
            })
}

/// An item row that is the year's total (`当年金额`, `年度金额`); one said to be
/// a part (`其中:当年市级财政资金`) is not.
fn year_total(h: &HeaderField<'_>) -> bool {
    let label = crate::normalize::without_spaces(crate::labels::without_annotation(h.label));
    !label.starts_with("其中")
        && label_names_the_year(h)
        && crate::labels::PERIOD_AMOUNT_ENDINGS
            .iter()
            .any(|e| label.ends_with(e))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Total,
    Fiscal,
    Other,
    Item,
}

/// Reads one funding row into `funding`. When the block has period columns
/// (`实施期 | 年度`), the year's cell fills the slot and the other periods become
/// items (`实施期资金总额`); a bracketed breakdown in a cell becomes items too.
fn funding_row(
    funding: &mut Funding,
    slot: Slot,
    h: &HeaderField<'_>,
    draft: &FormDraft<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let unit = funding.unit.clone();
    let periods = &draft.funding_periods;
    let by_period = periods.len() >= 2 && h.values.len() == periods.len();
    // The form's year (its title read again) is asked only of a block with periods.
    let annual = if periods.is_empty() {
        0
    } else {
        annual_column(periods, form_year(draft))
    };
    let cells: Vec<(Option<&str>, &[Piece<'_>])> = if by_period {
        periods
            .iter()
            .zip(&h.values)
            .map(|(p, v)| (Some(*p), std::slice::from_ref(v)))
            .collect()
    } else if let Some(split) = sum_row_split(slot, h, &unit) {
        // fixture: fixtures/tables/task-table-sum-row-split.txt
        // A task table's sum row under 总额 | 财政拨款 | 其他资金 (`合计 |
        // 700 | 660 | 40`): the year's total and its two parts.
        for (target, (k, value)) in [&mut funding.total, &mut funding.fiscal, &mut funding.other]
            .into_iter()
            .zip(split)
        {
            let line = h.values.get(k).map_or(h.line, |p| p.line);
            match target {
                None => *target = Some(value),
                Some(_) => diagnostics.push(Diagnostic::at(
                    Code::UnplacedLine,
                    line,
                    format!(
                        "{} row holds more than its amount: {}",
                        h.spelling, value.raw
                    ),
                )),
            }
        }
        return;
    } else if h.values.len() > 1 {
        // Several cells and no period columns: the first amount is the row's;
        // the other cells are reported, never dropped.
        let is_amount =
            |p: &Piece<'_>| parse_amount(p.text, &unit).is_some_and(|(v, _)| v.number().is_some());
        // fixture: fixtures/tables/funding-period-columns-short-row.txt
        // Fewer cells than period columns (`其他资金 | —— | —— | 0`, two
        // marks read as one cell) when this year's column is the last: the
        // last cell is this year's.
        let last_is_annual = periods.len() > h.values.len() && annual + 1 == periods.len();
        let first = match h.values.last() {
            Some(p) if last_is_annual && is_amount(p) => Some(h.values.len() - 1),
            _ => h.values.iter().position(is_amount),
        };
        match first {
            Some(i) => {
                // fixture: fixtures/tables/funding-budget-kind-subtotals.txt
                // (`一般公共预算拨款 | 小计 | 260`: the word says what the amount is.)
                let placeholder = |t: &str| {
                    crate::labels::EMPTY_CELL_MARKS.contains(&t)
                        || crate::labels::SUBTOTALS.contains(&t)
                };
                // fixture: fixtures/tables/funding-columns-unread.txt
                // Two amounts or more beside the one read, under no title the
                // reader knows: the year's column was a guess.
                let number =
                    |p: &Piece<'_>| parse_amount(p.text, &unit).and_then(|(v, _)| v.number());
                let read = number(&h.values[i]);
                let others: Vec<Option<f64>> = h
                    .values
                    .iter()
                    .enumerate()
                    .filter(|&(k, p)| k != i && !placeholder(p.text) && is_amount(p))
                    .map(|(_, p)| number(p))
                    .collect();
                let extra_amounts = others.len();
                // fixture: fixtures/tables/funding-glued-period-heading.txt
                // One other amount right beside the one read, and different,
                // is as much a guess (`1080 | 360` under titles not read); an
                // amount after a label of its own (`执行率分值 | 10`) is not.
                let beside = h
                    .values
                    .get(i + 1..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|p| placeholder(p.text) || is_amount(p))
                    .filter(|p| !placeholder(p.text))
                    .any(|p| number(p) != read);
                if extra_amounts >= 2 || (extra_amounts == 1 && beside) {
                    diagnostics.push(Diagnostic::at(
                        Code::FundingColumnsUnread,
                        h.line,
                        format!(
                            "{} row holds {} more amounts in columns no title names; {} was read as the year's",
                            h.spelling,
                            extra_amounts,
                            h.values[i].text.trim()
                        ),
                    ));
                }
                for p in h
                    .values
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != i)
                    .map(|(_, p)| p)
                {
                    if placeholder(p.text) {
                        continue;
                    }
                    diagnostics.push(Diagnostic::at(
                        Code::UnplacedLine,
                        p.line,
                        format!("{} row holds more than its amount: {}", h.spelling, p.text),
                    ));
                }
                vec![(None, std::slice::from_ref(&h.values[i]))]
            }
            None => vec![(None, &h.values[..])],
        }
    } else {
        vec![(None, &h.values[..])]
    };
    for (k, (period, pieces)) in cells.into_iter().enumerate() {
        let raw = raw_of(pieces);
        let line = pieces.first().map_or(h.line, |p| p.line);
        let Some((value, breakdown)) = funding_cell(&raw, &unit, line, diagnostics) else {
            continue;
        };
        let target = match slot {
            Slot::Total => &mut funding.total,
            Slot::Fiscal => &mut funding.fiscal,
            Slot::Other => &mut funding.other,
            Slot::Item => &mut None,
        };
        match period.filter(|_| k != annual) {
            Some(p) => funding.items.push(FundingItem {
                label: clean(&format!("{p}{}", without_year_head(&item_label(h)))),
                amount: value,
            }),
            None if slot == Slot::Item || target.is_some() => funding.items.push(FundingItem {
                label: item_label(h),
                amount: value,
            }),
            None => *target = Some(value),
        }
        // The same breakdown printed under 年度资金总额 and again under 财政拨款
        // is one set of items.
        for item in breakdown {
            let repeated = funding
                .items
                .iter()
                .any(|i| i.label == item.label && i.amount == item.amount);
            if !repeated {
                funding.items.push(item);
            }
        }
    }
}

/// A sum row (`合计`) read as the total with three amounts, the first the
/// sum of the other two: the total, the fiscal part and the other money, in
/// the order a task table's columns print them (总额 | 财政拨款 | 其他资金),
/// each with the index of its cell.
fn sum_row_split(slot: Slot, h: &HeaderField<'_>, unit: &str) -> Option<[(usize, Value); 3]> {
    let sum_label = crate::labels::SUM_ROW_LABELS.contains(&h.spelling)
        || crate::labels::SUM_ROW_LABELS
            .contains(&crate::normalize::without_spaces(h.label.trim()).as_ref());
    if slot != Slot::Total || !sum_label || h.values.len() != 3 {
        return None;
    }
    let amount = |k: usize| {
        let p = h.values.get(k)?;
        let (mut v, _) = parse_amount(p.text, unit)?;
        v.number()?;
        v.raw = p.text.trim().to_owned();
        Some((k, v))
    };
    let split = [amount(0)?, amount(1)?, amount(2)?];
    let [a, b, c] = [&split[0].1, &split[1].1, &split[2].1].map(|v| v.number().unwrap_or(f64::NAN));
    crate::validate::amounts_agree(a, b + c).then_some(split)
}

/// The form's year as the record gives it: its year line, else its title's.
fn form_year(draft: &FormDraft<'_>) -> Option<i32> {
    draft.year.map(|(y, _)| y).or_else(|| title(draft).1)
}

/// fixture: fixtures/tables/funding-year-columns-with-sum.txt
/// Which period column is the form's year: the one titled with its year
/// (`2024年 | 2025年` on a 2025 form), else one the vocabulary calls the
/// year's (`年度`, `本年度申请资金`), else the last that is no sum or the
/// project's whole term (`2024年 | 2025年 | 合计`, `实施期合计`).
fn annual_column(periods: &[&str], year: Option<i32>) -> usize {
    let names_year = |p: &str| {
        year.is_some_and(|y| {
            let t = crate::normalize::without_spaces(p);
            t.strip_prefix(y.to_string().as_str())
                .is_some_and(|rest| rest.starts_with('年'))
        })
    };
    let sum_or_term = |p: &str| {
        let t = crate::normalize::without_spaces(p);
        crate::labels::SUBTOTALS.contains(&t.as_ref())
            || crate::labels::OTHER_PERIODS
                .iter()
                .any(|o| t.starts_with(o))
    };
    periods
        .iter()
        .position(|p| names_year(p))
        .or_else(|| {
            periods
                .iter()
                .position(|p| crate::grammar::is_annual_period(p))
        })
        .or_else(|| periods.iter().rposition(|p| !sum_or_term(p)))
        .unwrap_or(periods.len().saturating_sub(1))
}

/// Endings of labels that name what a cell holds (`主管部门名称`, `单位编码`):
/// a value never ends so.
const NAME_LABEL_ENDINGS: &[&str] = &["名称", "编码", "代码"];

/// fixture: fixtures/not-a-form/blank-template-labels-as-values.txt
/// True for a record read from a blank form template or a fragment of one:
/// a project form with no project name, department, funding total or annual
/// goal, and fewer than two indicators whose value holds a number.
pub fn is_blank_template(r: &Record) -> bool {
    // `________`, `目标1：……`, `指标1:` are a template's blanks, and so is
    // text holding a blank line to write on (`项目单位(印章):_________`).
    let placeholder = |t: &str| {
        t.chars()
            .all(|c| "_＿□…. -*—:：、目标指标".contains(c) || c.is_ascii_digit())
            || t.contains("___")
            || t.contains("＿＿＿")
    };
    // A label read as a value (`主管部门编码 | 主管部门名称` in an empty template) fills nothing.
    let label = |t: &str| {
        crate::labels::match_label(t).is_some() || NAME_LABEL_ENDINGS.iter().any(|e| t.ends_with(e))
    };
    let filled_in = |t: Option<&str>| t.is_some_and(|t| !placeholder(t) && !label(t));
    // A "name" longer than any real one is the run-on text of some other table.
    let named = filled_in(
        r.project_name
            .as_deref()
            .filter(|p| !crate::trust::longer_than_any("project_name", p)),
    );
    let filled = r
        .indicators
        .iter()
        .filter(|i| {
            i.value.as_ref().is_some_and(|v| {
                matches!(
                    &v.kind,
                    ValueKind::Quantity { unit: Some(_), .. }
                        | ValueKind::Quantity { op: Some(_), .. }
                ) || (v.number().is_some() && v.raw.chars().count() > 2)
            })
        })
        .count();
    // A total with no number (`细 5、 6、 …`) is the template's text run on.
    let total = r
        .funding
        .total
        .as_ref()
        .is_some_and(|v| v.number().is_some());
    // A goal of a few characters (`六、项目总体`) is a template's section heading.
    let goal = r
        .goals
        .annual
        .as_deref()
        .filter(|g| g.chars().count() > SECTION_HEADING_CHARS);
    r.form_kind == FormKind::Project
        && !named
        && !total
        // A department is a unit's name, never shaped like a label (`单位性质`),
        // a run of labels (`项目资金申请(万元)项目绩效目标`) or a sentence.
        && !filled_in(r.department.as_deref().filter(|d| could_name_a_unit(d)))
        && !filled_in(goal)
        && filled < 2
}

/// The most characters of a template's section heading read as a goal
/// (`六、项目总体`); a goal really written out is longer.
const SECTION_HEADING_CHARS: usize = 6;

/// Whether a department's text could be a unit's name: short, not shaped
/// like a label, no money unit and no sentence punctuation.
// fixture: fixtures/not-a-form/blank-template-label-run.txt
fn could_name_a_unit(text: &str) -> bool {
    !crate::trust::longer_than_any("department", text)
        && !crate::labels::is_label_shaped(text)
        // `项目单位(印章):_________`: a template's blank to fill in.
        && !text.contains(['_', '＿'])
        && !text.contains("万元")
        && !text.contains([',', '，', '。', '《', '》', '“', '”', ';', '；'])
}

/// fixture: fixtures/not-a-form/column-titles-row.txt
/// True for a record made from a row of column titles alone (`项目名称 |
/// 资金计划 | 资金到位情况` above a table of another kind): no title, no year,
/// no indicator, and at most one header field filled.
pub fn is_lone_title_row(r: &Record) -> bool {
    let filled = [
        // A "name" longer than any real one is the rest of that table run on.
        r.project_name
            .as_deref()
            .is_some_and(|p| !crate::trust::longer_than_any("project_name", p)),
        r.department.is_some(),
        r.implementers.as_ref().is_some_and(|i| !i.is_empty()),
        r.funding.total.is_some() || r.funding.fiscal.is_some(),
        r.goals.annual.is_some() || r.goals.long_term.is_some(),
        r.leader.is_some(),
    ];
    // A year read from the page heading above is not the row's own.
    let own_year = r.year.is_some()
        && !r
            .diagnostics
            .iter()
            .any(|d| d.code == crate::diagnostic::Code::YearFromHeading);
    r.title.is_none()
        && !own_year
        && r.indicators.is_empty()
        && filled.iter().filter(|&&f| f).count() <= 1
}

/// fixture: fixtures/regions/placeholder-county-department.txt
/// Whether a header value is the template's placeholder for a unit of any
/// county (`县(市、区)教育部门`), printed where a transfer form leaves the
/// county's department to each county: no department of this form.
fn is_placeholder(h: &HeaderField<'_>) -> bool {
    // Every placeholder holds a bracket: most values hold none and stop here.
    h.values.iter().any(|p| {
        p.text.contains(['(', '（'])
            && crate::labels::PLACEHOLDER_UNITS
                .iter()
                .any(|w| crate::normalize::without_spaces(p.text).contains(w))
    })
}

/// Money beyond the fiscal part listed as items: when the fiscal part and
/// those items make the total, the other money is their sum. The items are a
/// budget's non-fiscal sections (`(二)自有资金小计`, `(三)其他收入`), or else
/// every item that is no fiscal source (`单位资金`, `财政专户管理资金`).
// fixture: fixtures/tables/funding-subtotals-numbered.txt
// fixture: fixtures/tables/funding-budget-kinds.txt
fn other_from_sections(funding: &mut Funding) {
    if funding.other.is_some() {
        return;
    }
    let number = |v: Option<&Value>| v.and_then(Value::number);
    let (Some(total), Some(fiscal)) = (
        number(funding.total.as_ref()),
        number(funding.fiscal.as_ref()),
    ) else {
        return;
    };
    let makes_total = |parts: &[&FundingItem]| -> Option<f64> {
        let sum = parts
            .iter()
            .map(|i| i.amount.number())
            .sum::<Option<f64>>()?;
        (!parts.is_empty() && (fiscal + sum - total).abs() <= 0.005).then_some(sum)
    };
    let named: Vec<&FundingItem> = funding
        .items
        .iter()
        .filter(|i| crate::labels::NON_FISCAL_SECTIONS.contains(&i.label.as_str()))
        .collect();
    let rest: Vec<&FundingItem> = funding
        .items
        .iter()
        .filter(|i| !crate::labels::is_fiscal_source(&i.label))
        .collect();
    let Some((sections, sum)) = makes_total(&named)
        .map(|sum| (named, sum))
        .or_else(|| makes_total(&rest).map(|sum| (rest, sum)))
    else {
        return;
    };
    if let Some(other) = summed(&sections, sum) {
        funding.other = Some(other);
    }
}

/// Items' amounts as one value: their texts joined `a + b`, their sum its
/// number (no comparator).
fn summed(items: &[&FundingItem], sum: f64) -> Option<Value> {
    let mut value = items.first()?.amount.clone();
    value.raw = items
        .iter()
        .map(|i| i.amount.raw.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    if let ValueKind::Quantity { number, op, .. } = &mut value.kind {
        number.0 = (sum * 1e6).round() / 1e6;
        *op = None;
    }
    Some(value)
}

/// fixture: fixtures/tables/funding-levels.txt
/// A form that splits government money by level (中央/省级/市级/本级/上级 …)
/// and prints no 财政拨款 row: `fiscal` is the sum of the levels, each level
/// an item; `total`, when the form prints none, is that sum plus `other`.
fn fiscal_from_levels(funding: &mut Funding, draft: &FormDraft<'_>) {
    let is_level = crate::labels::is_fiscal_source;
    let plain_fiscal = draft
        .header
        .iter()
        .any(|h| h.field == Field::FundingFiscal && !is_level(h.spelling));
    if plain_fiscal {
        return;
    }
    // A 本级 row read as fiscal is one level among the others. (A fiscal
    // amount no row gave, a task table's sum row split, stays.)
    // fixture: fixtures/tables/task-table-sum-row-split.txt
    let fiscal_row = draft
        .header
        .iter()
        .find(|h| h.field == Field::FundingFiscal);
    if let Some(h) = fiscal_row {
        if let Some(v) = funding.fiscal.take() {
            funding.items.insert(
                0,
                FundingItem {
                    label: item_label(h),
                    amount: v,
                },
            );
        }
    }
    // Items of another period column (`上年度安排资金县级资金`, `实施期…`)
    // are not this year's money.
    let other_period = |label: &str| {
        draft
            .funding_periods
            .iter()
            .filter(|p| !crate::grammar::is_annual_period(p))
            .any(|p| label.starts_with(&clean(p)))
            || crate::labels::OTHER_PERIODS
                .iter()
                .any(|p| label.starts_with(p))
    };
    let levels: Vec<&FundingItem> = funding
        .items
        .iter()
        .filter(|i| is_level(&i.label) && !other_period(&i.label))
        .collect();
    if levels.is_empty() {
        return;
    }
    let Some(sum) = levels
        .iter()
        .map(|i| i.amount.number())
        .sum::<Option<f64>>()
    else {
        return;
    };
    let Some(fiscal) = summed(&levels, sum) else {
        return;
    };
    if funding.total.is_none() {
        funding.total = Some(fiscal_plus_other(&fiscal, sum, funding.other.as_ref()));
    }
    funding.fiscal = Some(fiscal);
}

/// The total of a form that prints none: its fiscal amount `sum` plus
/// 其他资金, in the fiscal value's shape; its `raw` joins the two texts
/// `a + b` (as [`summed`] does) when 其他资金 adds anything, so that raw and
/// number never disagree.
fn fiscal_plus_other(fiscal: &Value, sum: f64, other: Option<&Value>) -> Value {
    let mut total = fiscal.clone();
    let added = other.filter(|o| o.number().is_some_and(|n| n != 0.0));
    if let Some(o) = added {
        total.raw = format!("{} + {}", fiscal.raw, o.raw);
    }
    let other = added.and_then(Value::number).unwrap_or(0.0);
    if let ValueKind::Quantity { number, op, .. } = &mut total.kind {
        number.0 = ((sum + other) * 1e6).round() / 1e6;
        *op = None;
    }
    total
}

/// fixture: fixtures/tables/funding-total-names-fiscal.txt
/// A total whose label says it is fiscal money (`本年度申请区财政预算资金`),
/// on a form printing no 财政拨款 or 其他资金 row and no items: the fiscal
/// amount too.
fn fiscal_from_total_label(funding: &mut Funding, draft: &FormDraft<'_>) {
    if funding.fiscal.is_some()
        || funding.other.is_some()
        || !funding.items.is_empty()
        || funding.total.as_ref().and_then(Value::number).is_none()
    {
        return;
    }
    let fiscal_total = draft.header.iter().any(|h| {
        h.field == Field::FundingTotal && !h.values.is_empty() && h.label.contains("财政")
    });
    let parts = draft.header.iter().any(|h| {
        matches!(
            h.field,
            Field::FundingFiscal | Field::FundingOther | Field::FundingItem
        )
    });
    if fiscal_total && !parts {
        funding.fiscal = funding.total.clone();
    }
}

/// fixture: fixtures/tables/funding-total-blank.txt
/// A form that leaves 资金总额 blank (or prints none) but fills 财政拨款: the
/// total is 财政拨款 plus 其他资金, as for a form split by government level.
fn total_from_parts(funding: &mut Funding) {
    if funding.total.is_some() {
        return;
    }
    let Some(fiscal) = funding.fiscal.as_ref() else {
        return;
    };
    let Some(sum) = fiscal.number().filter(|n| *n > 0.0) else {
        return;
    };
    funding.total = Some(fiscal_plus_other(fiscal, sum, funding.other.as_ref()));
}

/// Reads a funding cell: its amount, and the items of a bracketed breakdown
/// (`854万(道路400万元,桥梁295万元)`). An amount the extraction repeated
/// (`854万854万`) is read once. `raw` stays the whole cell.
/// fixture: fixtures/tables/funding-breakdown-thousands.txt
/// The parts of a bracketed breakdown (`其中:道路400万元,桥梁120万元`), split
/// at its commas, semicolons and 、 but not at a comma grouping an amount's
/// digits (`7,956,000元`).
fn breakdown_parts(text: &str) -> Vec<&str> {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let split = match c {
            '、' | ';' | '；' => true,
            ',' | '，' => {
                let before = text[..i].chars().next_back().is_some_and(is_digit);
                let mut after = text[i + c.len_utf8()..].chars();
                let group = after.by_ref().take(3).filter(|&d| is_digit(d)).count() == 3
                    && !after.next().is_some_and(is_digit);
                !(before && group)
            }
            _ => false,
        };
        if split {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

fn funding_cell(
    raw: &str,
    unit: &str,
    line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Value, Vec<FundingItem>)> {
    let trimmed = raw.trim();
    let (head, inner) = match trimmed.find(['(', '（']) {
        Some(i) if trimmed.ends_with([')', '）']) && i > 0 => {
            let close = trimmed.len() - trimmed.chars().last().map_or(1, char::len_utf8);
            let open_len = trimmed[i..].chars().next().map_or(1, char::len_utf8);
            (&trimmed[..i], Some(&trimmed[i + open_len..close]))
        }
        _ => (trimmed, None),
    };
    let (mut value, notes) = match parse_amount(head, unit) {
        Some((v, n)) if !matches!(v.kind, ValueKind::Text { .. }) => (v, n),
        other => match repeated_half(head).and_then(|h| parse_amount(h, unit)) {
            Some(found) => found,
            None => other.or_else(|| parse_amount(trimmed, unit))?,
        },
    };
    note_diagnostics(notes, line, diagnostics);
    let mut items = Vec::new();
    // fixture: fixtures/tables/funding-source-before-amount.txt
    if matches!(value.kind, ValueKind::Text { .. }) {
        if let Some((name, amount)) = source_then_amount(trimmed) {
            if let Some((v, n)) = parse_amount(amount, unit).filter(|(v, _)| v.number().is_some()) {
                note_diagnostics(n, line, diagnostics);
                value = v;
                items.push(FundingItem {
                    label: clean(name),
                    amount: Value {
                        raw: trimmed.to_owned(),
                        ..value.clone()
                    },
                });
            }
        }
    }
    value.raw = trimmed.to_owned();
    for part in inner.into_iter().flat_map(breakdown_parts) {
        let part = part.trim();
        let Some(at) = part.find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
        else {
            continue;
        };
        if let Some((amount, notes)) = parse_amount(&part[at..], unit) {
            note_diagnostics(notes, line, diagnostics);
            // `其中:` opens the breakdown; it is no part of its first label.
            let label = part[..at]
                .trim_end_matches([':', '：'])
                .trim_start_matches("其中")
                .trim_start_matches([':', '：']);
            items.push(FundingItem {
                label: clean(label),
                amount,
            });
        }
    }
    Some((value, items))
}

/// A fund source named before its amount in one cell (`中央衔接推进乡村振兴补助
/// 资金(少数民族发展任务)60`): the name and the amount, when the name ends as a
/// fund's name does ([`crate::labels::FUND_SOURCE_ENDINGS`], or a bracket).
fn source_then_amount(t: &str) -> Option<(&str, &str)> {
    let body = t.trim_end_matches("万元").trim_end_matches(['万', '元']);
    let start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()?
        .0;
    let (name, amount) = (t.get(..start)?, t.get(start..)?);
    let named = name.chars().count() >= 4
        && (name.ends_with([')', '）'])
            || crate::labels::FUND_SOURCE_ENDINGS
                .iter()
                .any(|e| name.ends_with(e)));
    named.then_some((name, amount))
}

/// A row label without the year it names (`年度资金总额` → `资金总额`), for
/// the label of another period's amount (`实施期资金总额`).
fn without_year_head(label: &str) -> &str {
    crate::labels::ANNUAL_PERIODS
        .iter()
        .filter_map(|p| label.strip_prefix(p))
        .filter(|rest| !rest.is_empty())
        .max_by_key(|rest| rest.len())
        .unwrap_or(label)
}

/// The label of a funding item: its vocabulary spelling, or the label as
/// written rejoined with the part the export split off (`市县财政资` + `金`).
fn item_label(h: &HeaderField<'_>) -> String {
    if h.spelling.is_empty() {
        let label = format!("{}{}", h.label, h.tail.unwrap_or(""));
        clean(crate::labels::without_annotation(&label).trim_end_matches([':', '：']))
    } else {
        clean(h.spelling)
    }
}

/// `854万854万` → `854万`: a cell whose two halves are the same text.
fn repeated_half(s: &str) -> Option<&str> {
    let s = s.trim();
    let half = s.len() / 2;
    (s.len().is_multiple_of(2) && s.is_char_boundary(half) && s[..half] == s[half..])
        .then(|| &s[..half])
}

/// The pieces of a cell wrapped over several lines, joined and cleaned as
/// [`clean_joined`] does; a cell of one piece (most are) is cleaned as it
/// is, without a joined copy first.
fn clean_pieces(pieces: &[Piece<'_>]) -> String {
    match pieces {
        [one] => clean(one.text),
        _ => clean_joined(pieces.iter().map(|p| p.text)),
    }
}

/// A value's text as the source holds it: pieces on one line (words of a
/// row) joined with a space, pieces on further lines with a line break. A
/// value of one piece (most are) is borrowed.
/// fixture: fixtures/tables/words-zero-width-after-value.txt
/// A value's text as printed, its pieces joined by a space (same line) or a
/// line break, each without the white space at its ends: a zero-width space
/// left after a value in text cut at single spaces is none of its text.
fn raw_of<'a>(pieces: &[Piece<'a>]) -> Cow<'a, str> {
    let text = |p: &Piece<'a>| p.text.trim_matches(crate::normalize::is_space);
    if let [one] = pieces {
        return Cow::Borrowed(text(one));
    }
    let mut raw = String::new();
    let mut line = None;
    for p in pieces {
        if !raw.is_empty() {
            raw.push(if line == Some(p.line) { ' ' } else { '\n' });
        }
        raw.push_str(text(p));
        line = Some(p.line);
    }
    Cow::Owned(raw)
}

fn note_diagnostics(notes: Vec<ValueNote>, line: usize, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.extend(
        notes
            .into_iter()
            .map(|n| Diagnostic::at(n.code, line, n.message)),
    );
}

fn indicator(d: &IndicatorDraft<'_>, diagnostics: &mut Vec<Diagnostic>) -> Indicator {
    let name = (!d.name.is_empty())
        .then(|| clean_pieces(&d.name))
        .map(|n| match crate::labels::without_row_number(&n) {
            rest if rest.len() < n.len() => rest.to_owned(),
            _ => n,
        });
    let mut extra = BTreeMap::new();
    let mut value = (!d.value.is_empty() || d.op.is_some() || d.unit.is_some())
        .then(|| assembled_value(d, &mut extra, diagnostics));
    // `造林面积(亩) | 8000`: a bare number takes the unit its name ends with.
    if let (
        Some(Value {
            kind: ValueKind::Quantity {
                unit: unit @ None, ..
            },
            ..
        }),
        Some(n),
    ) = (value.as_mut(), name.as_deref())
    {
        *unit = unit_in_name(n);
    }
    // `时效指标 | 完成时间 | 2025.10`: a year and month, not the number 2025.1.
    if let Some(v) = value.as_mut().filter(|v| {
        matches!(
            v.kind,
            ValueKind::Quantity {
                op: None,
                unit: None,
                ..
            }
        ) && crate::labels::asks_for_date(d.level2, name.as_deref())
    }) {
        if let Some(date) = crate::value::dotted_month(&v.raw) {
            *v = Value::text(std::mem::take(&mut v.raw));
            v.date = Some(date);
        }
    }
    for (header, piece) in &d.extra {
        // fixture: fixtures/tables/required-marks-in-column-titles.txt
        // A column title's required-field mark (`权重*`, `★指标方向性`) is no
        // part of its name, as it is none of a header label's.
        let key = header.trim_matches(|c: char| {
            matches!(crate::normalize::fold_char(c), '*' | '★' | '※' | '☆') || c.is_whitespace()
        });
        extra
            .entry(clean(key))
            .and_modify(|t: &mut String| {
                t.push(' ');
                t.push_str(&clean(piece.text));
            })
            .or_insert_with(|| clean(piece.text));
    }
    Indicator {
        // fixture: fixtures/tables/level2-as-written-spaced.txt
        // A level outside the vocabulary is kept as written, but clean like
        // every text field (`社会、经济、生态效益 指标` → `…效益指标`).
        level1: d.level1.map(clean),
        level2: d.level2.map(clean),
        name,
        value,
        line: d.line,
        // The contract gives every row its last line, `line` itself when the
        // row is on one line.
        line_end: Some(d.last_line.max(d.line)),
        cell: None,
        page: None,
        extra,
    }
}

/// The unit a name ends with in brackets: `造林面积(亩)` → `亩`.
fn unit_in_name(name: &str) -> Option<String> {
    let body = name.trim_end().strip_suffix(')')?;
    let open = body.rfind('(')?;
    // Template residue (`(≥**%)`, `( ≥**个 )`) gives the unit, never the
    // comparator: the blank the filler wrote the target into is `**`.
    let inner = body[open + 1..].trim();
    let unit = match inner.find("**") {
        Some(at)
            if inner[..at]
                .chars()
                .all(|c| matches!(c, '≥' | '≤' | '>' | '<' | '=' | ' ')) =>
        {
            inner[at + 2..].trim()
        }
        _ => inner,
    };
    // A note in brackets (`(含续建)`) is no unit: a listed unit word, or
    // one or two characters.
    let n = unit.chars().count();
    let short = (1..=2).contains(&n) || ((3..=4).contains(&n) && crate::value::is_unit_word(unit));
    let plain = !unit
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '*' | '≥' | '≤' | '>' | '<' | '='));
    (short && plain).then(|| unit.to_owned())
}

/// The value of a row: its value cell, or the value assembled from the
/// comparator, number and unit columns it is split over (`= | 3500 | 米`),
/// `raw` joining those cells in reading order with one space.
fn assembled_value(
    d: &IndicatorDraft<'_>,
    extra: &mut BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Value {
    let value_raw = raw_of(&d.value);
    if d.op.is_none() && d.unit.is_none() {
        let (v, notes) = parse_value(&value_raw);
        note_diagnostics(notes, d.line, diagnostics);
        return v;
    }
    // A 指标性质 column may hold 定量/正向 rather than a comparator: keep it aside.
    let op = d.op.filter(|p| {
        let (v, _) = parse_value(&format!("{}1", p.text));
        matches!(v.kind, ValueKind::Quantity { op: Some(_), .. })
    });
    if let Some(p) = d.op.filter(|_| op.is_none()) {
        extra.insert("指标性质".to_owned(), clean(p.text));
    }
    let unit_text = d.unit.map_or("", |p| p.text);
    // A value cell that already ends with the unit column's unit (`≥95%`
    // under 单位 `%`): the unit column repeats it and stays out of `raw`.
    let repeated_unit =
        !unit_text.trim().is_empty() && value_raw.trim_end().ends_with(unit_text.trim());
    let mut cells: Vec<Piece<'_>> = d.value.clone();
    cells.extend(op);
    cells.extend(d.unit.filter(|_| !repeated_unit));
    cells.sort_by_key(|p| (p.line, p.text.as_ptr() as usize));
    let raw = cells.iter().map(|p| p.text).collect::<Vec<_>>().join(" ");
    // The unit is repeated in the value cell sometimes (`3500米` under 米).
    let mut unit_needed = !value_raw.trim_end().ends_with(unit_text.trim());
    // test: tests/tables.rs, a_value_naming_its_own_unit_against_the_unit_column_is_flagged
    // A value cell naming a unit of its own that the unit column contradicts
    // (`31.6万元` under `%`): the value's unit is kept and the conflict said.
    let column = unit_text.trim();
    if unit_needed && !column.is_empty() {
        let percent = |u: &str| matches!(u, "%" | "％" | "百分比" | "百分率");
        // A magnitude before the column's unit (`3万 | 亩`) is no unit of its own.
        let agrees = |own: &str| {
            ["万", "千", "百", "亿", "十"].contains(&own)
                || (percent(own) && percent(column))
                || own.starts_with(column)
                || column.starts_with(own)
        };
        let (alone, _) = parse_value(&value_raw);
        if let ValueKind::Quantity {
            unit: Some(own), ..
        } = &alone.kind
        {
            if !agrees(own) {
                unit_needed = false;
                diagnostics.push(Diagnostic::at(
                    Code::UnitConflict,
                    d.line,
                    format!(
                        "the value {} names its unit {own}, the unit column {column}",
                        value_raw.trim()
                    ),
                ));
            }
        }
    }
    let compact = format!(
        "{}{}{}",
        op.map_or("", |p| p.text),
        value_raw,
        if unit_needed { unit_text } else { "" }
    );
    let (mut v, notes) = parse_value(&compact);
    note_diagnostics(notes, d.line, diagnostics);
    v.raw = raw;
    v
}

/// Keeps a header cell in extra under its label; a label printed twice keeps
/// both values, in order (`罗小琴；韦海明`).
fn keep_extra(extra: &mut BTreeMap<String, String>, label: &str, value: String) {
    match extra.entry(clean(label)) {
        std::collections::btree_map::Entry::Occupied(mut e) => {
            let v = e.get_mut();
            v.push('；');
            v.push_str(&value);
        }
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(value);
        }
    }
}

fn merge_leader(slot: &mut Option<Leader>, l: Leader) {
    let cur = slot.get_or_insert_with(Leader::default);
    if cur.name.is_none() {
        cur.name = l.name;
    }
    if cur.phone.is_none() {
        cur.phone = l.phone;
    }
}

/// Splits `张 军 86928079` (or `王五13800000000`) into a name and a phone.
pub fn split_leader(text: &str) -> Leader {
    let found = PHONE.find_iter(text).last();
    let (name_part, phone) = match found {
        Some(m) => {
            // The extension after the number goes with it.
            let after = &text[m.end()..];
            let ext = PHONE_EXTENSION_MARKS
                .iter()
                .find_map(|m| after.strip_prefix(m))
                .map_or(after, |e| {
                    e.trim_start_matches(|c: char| c.is_ascii_digit())
                });
            // fixture: fixtures/tables/phone-ocr-first-digit.txt
            // OCR reads a phone's first `0` as `O` and a mobile's first `1`
            // as `l`: the letter before the digits is that digit.
            let before = &text[..m.start()];
            let first = before.chars().next_back().and_then(|c| {
                let digit = ocr_first_phone_digit(c, m.as_str())?;
                let head = &before[..before.len() - c.len_utf8()];
                (!head.ends_with(|p: char| p.is_ascii_alphanumeric())).then_some((head, digit))
            });
            let (before, phone) = match first {
                Some((head, digit)) => (head, phone_digits(&format!("{digit}{}", m.as_str()))),
                None => (before, phone_digits(m.as_str())),
            };
            let mut rest = String::with_capacity(text.len());
            rest.push_str(before);
            rest.push(' ');
            rest.push_str(ext);
            (rest, phone)
        }
        None => (text.to_owned(), None),
    };
    let name = clean(&name_part)
        .trim_matches(|c: char| matches!(c, ':' | '/' | ',' | '、' | '-' | ' '))
        .replace(' ', "");
    Leader {
        name: (!name.is_empty()).then_some(name),
        phone,
    }
}

/// The digit OCR misread as the letter `c` right before a phone's other
/// digits: `O` before an area code's rest (`O913-5527716`), `l` or `I`
/// before a mobile's other ten digits (`l3912345678`).
fn ocr_first_phone_digit(c: char, rest: &str) -> Option<char> {
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let area = rest
        .find(['-', '－', '—'])
        .is_some_and(|dash| (2..=3).contains(&rest[..dash].chars().count()));
    match c {
        'O' | 'o' if area && !digits.starts_with('0') => Some('0'),
        'l' | 'I'
            if digits.len() == 10 && digits.starts_with(['3', '4', '5', '6', '7', '8', '9']) =>
        {
            Some('1')
        }
        _ => None,
    }
}

/// Keeps the digits and `-` of a phone number; None when it has fewer than
/// five digits.
fn phone_digits(text: &str) -> Option<String> {
    // fixture: fixtures/tables/phone-ocr-first-digit.txt
    // A phone alone in its cell, its first digit misread (`O913-5527716`).
    let text = text.trim();
    let text = match text.chars().next() {
        Some(c) => match ocr_first_phone_digit(c, &text[c.len_utf8()..]) {
            Some(d) => &format!("{d}{}", &text[c.len_utf8()..]),
            None => text,
        },
        None => text,
    };
    // fixture: fixtures/tables/phone-extension.txt
    // An extension after the number (`0738-3321456转8012`, `分机 8012`) is
    // no part of the digits to dial.
    let text = PHONE_EXTENSION_MARKS
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .map_or(text, |at| &text[..at]);
    let phone: String = text
        .chars()
        .map(crate::normalize::fold_char)
        .filter_map(|c| match c {
            '0'..='9' | '-' => Some(c),
            '－' | '—' => Some('-'),
            _ => None,
        })
        .collect();
    let phone = phone.trim_matches('-').to_owned();
    (phone.chars().filter(char::is_ascii_digit).count() >= 5).then_some(phone)
}

/// Endings of Chinese unit names: a word ending in one of these names an
/// organisation, so `甲局及乙办` is two units while `甲及乙` is not.
const UNIT_SUFFIXES: &[&str] = &[
    "局", "办", "委", "院", "所", "站", "中心", "公司", "街办", "政府", "部", "厅", "会", "队",
    "处", "科", "室", "校", "学校", "医院", "支行", "分行", "银行", "集团", "镇", "街道", "乡",
    "村", "社区", "馆", "台", "社", "署", "团", "场", "厂", "司",
];

/// What joins two whole unit names besides the list separators: `及`, and
/// the marks OCR reads `、` as (`.` `．` `` ` `` `·`).
// fixture: fixtures/tables/ocr-unit-list-marks.txt
const UNIT_JOINS: &[char] = &['及', '.', '．', '`', '·'];

fn is_unit_name(s: &str) -> bool {
    s.chars().count() >= 2 && UNIT_SUFFIXES.iter().any(|suf| s.ends_with(suf))
}

/// Splits 实施单位 into units on `、 , ， / ; ；`, and on `及` where both sides
/// are whole unit names.
pub fn split_units(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // A separator inside brackets lists places within one unit's name
    // (`各县(市、区)卫生健康局`), not units.
    let mut depth = 0usize;
    let parts = text.split(|c: char| {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth == 0 && matches!(c, '、' | ',' | '，' | '/' | ';' | '；')
    });
    for part in parts {
        let part = clean(part);
        if part.is_empty() {
            continue;
        }
        let pieces: Vec<&str> = part.split(UNIT_JOINS).collect();
        if pieces.len() > 1 && pieces.iter().all(|p| is_unit_name(p)) {
            out.extend(pieces.into_iter().map(str::to_owned));
        } else {
            out.push(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakdown_parts_keep_grouped_digits() {
        let cases: &[(&str, &[&str])] = &[
            (
                "其中:道路400万元,桥梁120万元",
                &["其中:道路400万元", "桥梁120万元"],
            ),
            (
                "一般公共预算7,956,000元，政府性基金500,000元",
                &["一般公共预算7,956,000元", "政府性基金500,000元"],
            ),
            (
                "拨款７,９５６,０００元、其他２００,０００元",
                &["拨款７,９５６,０００元", "其他２００,０００元"],
            ),
            ("道路1,20万元,桥梁3", &["道路1", "20万元", "桥梁3"]),
            ("中央1,2345元", &["中央1", "2345元"]),
            ("甲100;乙200；丙300", &["甲100", "乙200", "丙300"]),
        ];
        for (text, want) in cases {
            assert_eq!(breakdown_parts(text), *want, "{text}");
        }
    }

    #[test]
    fn stated_unit_table() {
        let cases = [
            ("万元", Some("万元")),
            ("元", Some("元")),
            ("（万元）", Some("万元")),
            ("单位：元", Some("元")),
            ("人民币万元", Some("万元")),
            // A column title naming its own unit states none for the form.
            ("单价（元）", None),
            ("金额（万元）", None),
            ("测算依据", None),
        ];
        for (text, want) in cases {
            assert_eq!(stated_unit(text), want, "{text}");
        }
    }

    #[test]
    fn leader_table() {
        let cases = [
            ("张 军 86928079", Some("张军"), Some("86928079")),
            ("王五13800000000", Some("王五"), Some("13800000000")),
            ("李四", Some("李四"), None),
            ("029-86928079", None, Some("029-86928079")),
            ("赵六 029-8692 8079", Some("赵六"), Some("029-86928079")),
            ("钱七:13912345678", Some("钱七"), Some("13912345678")),
            (
                "孙八 0738-3321456转8012",
                Some("孙八"),
                Some("0738-3321456"),
            ),
            ("", None, None),
            // OCR read the first digit as a letter.
            ("韩 立 O913-5527716", Some("韩立"), Some("0913-5527716")),
            ("韩立l3912345678", Some("韩立"), Some("13912345678")),
            ("O913-5527716", None, Some("0913-5527716")),
            // A letter that is no misread digit stays with the name.
            ("TomO913-5527716", Some("TomO"), Some("913-5527716")),
            ("韩立l2345678", Some("韩立l"), Some("2345678")),
        ];
        for (text, name, phone) in cases {
            let l = split_leader(text);
            assert_eq!(l.name.as_deref(), name, "name of {text:?}");
            assert_eq!(l.phone.as_deref(), phone, "phone of {text:?}");
        }
    }

    #[test]
    fn title_table() {
        let cases = [
            ("绩效目标申报表", "绩效目标申报表", None),
            (
                "2023年项目支出绩效目标申报表",
                "项目支出绩效目标申报表",
                Some(2023),
            ),
            (
                "2022年度 部门整体支出绩效目标申报表",
                "部门整体支出绩效目标申报表",
                Some(2022),
            ),
            ("绩效目标申报表（2019年度）", "绩效目标申报表", Some(2019)),
            (
                "东岭市2021年市直部门预算项目支出绩效目标表",
                "市直部门预算项目支出绩效目标表",
                Some(2021),
            ),
            (
                "青山县林业局2024年度部门整体支出绩效目标表",
                "部门整体支出绩效目标表",
                Some(2024),
            ),
            // Not a title's ending after the year: kept whole.
            (
                "某县2024年绩效目标情况说明",
                "某县2024年绩效目标情况说明",
                Some(2024),
            ),
            (
                "绩效目标申报表(基础设施建设类)",
                "绩效目标申报表(基础设施建设类)",
                None,
            ),
            ("绩效目杯申报表", "绩效目标申报表", None),
            (
                "部门整休支出绩效目标申报表",
                "部门整体支出绩效目标申报表",
                None,
            ),
            ("项目支出绩效目标表", "项目支出绩效目标表", None),
            (
                "样例：项目支出绩效目标申报表",
                "项目支出绩效目标申报表",
                None,
            ),
            (
                "## 项目支出绩效目标表（2024年度）",
                "项目支出绩效目标表",
                Some(2024),
            ),
            ("**项目支出绩效目标表**", "项目支出绩效目标表", None),
        ];
        for (text, want, year) in cases {
            assert_eq!(split_title(text), (Some(want.to_owned()), year), "{text}");
        }
    }

    #[test]
    fn damaged_titles_are_restored() {
        let cases = [
            ("绩效目杯申报表", "绩效目标申报表"),
            (
                "2023年项目支出绩效目标申报衰",
                "2023年项目支出绩效目标申报表",
            ),
            ("项目支出绩效目标表", "项目支出绩效目标表"),
            (
                "绩效目标申报表(基础设施建设类)",
                "绩效目标申报表(基础设施建设类)",
            ),
        ];
        for (damaged, want) in cases {
            assert_eq!(restore_title(damaged), want, "{damaged}");
        }
    }

    #[test]
    fn unit_in_name_table() {
        let cases = [
            ("造林面积(亩)", Some("亩")),
            ("道路长度(公里)", Some("公里")),
            ("新建景点数量( ≥**个)", Some("个")),
            ("苗木成活率(≥**%)", Some("%")),
            ("旅游区居民满意度(≥**%) ", Some("%")),
            ("补助标准(≤**元/亩)", Some("元/亩")),
            ("新建景点数量(≥12个)", None),
            ("补助(2019年)", None),
            ("建设项目个数(含续建)", None),
            ("培训人数(万人次)", Some("万人次")),
            ("受益人口数", None),
        ];
        for (name, want) in cases {
            assert_eq!(unit_in_name(name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn source_then_amount_table() {
        for (cell, want) in [
            (
                "中央衔接推进乡村振兴补助资金(少数民族发展任务)60",
                Some(("中央衔接推进乡村振兴补助资金(少数民族发展任务)", "60")),
            ),
            (
                "省级财政专项资金12.5万元",
                Some(("省级财政专项资金", "12.5万元")),
            ),
            ("60", None),
            ("完成3座", None),
            ("第2批", None),
        ] {
            assert_eq!(source_then_amount(cell), want, "{cell}");
        }
    }

    #[test]
    fn units_table() {
        let cases: &[(&str, &[&str])] = &[
            ("区扶贫办、人寿高陵支行", &["区扶贫办", "人寿高陵支行"]),
            (
                "区人社局、区扶贫办、区教育局及各街办",
                &["区人社局", "区扶贫办", "区教育局", "各街办"],
            ),
            (
                "区扶贫办、区电信局、西安网算数据科技有限公司",
                &["区扶贫办", "区电信局", "西安网算数据科技有限公司"],
            ),
            ("农户及合作社", &["农户及合作社"]),
            ("甲局, 乙办；丙所", &["甲局", "乙办", "丙所"]),
            ("、、", &[]),
            (
                "各县(市、区)卫生健康局、市疾控中心",
                &["各县(市、区)卫生健康局", "市疾控中心"],
            ),
            ("各县（市、区）教育局", &["各县(市、区)教育局"]),
            // `、` read by OCR as a point or a backtick, between whole unit names.
            (
                "东川县供水站.柳湾镇人民政府",
                &["东川县供水站", "柳湾镇人民政府"],
            ),
            ("甲局`乙办", &["甲局", "乙办"]),
            ("北塬县5.12地震纪念馆", &["北塬县5.12地震纪念馆"]),
        ];
        for (text, want) in cases {
            assert_eq!(split_units(text), *want, "{text:?}");
        }
    }
}
