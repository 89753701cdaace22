//! The source lines of every value a review page shows.
//!
//! The record contract gives lines for indicator rows (`line`, `line_end`) and
//! for the form (`source.line_start`/`line_end`); the header fields carry none.
//! The page reads the text again with the parser's own grammar and takes each
//! value's lines from the cells it was built from (drafts map one-to-one onto
//! records), narrowed by searching the value's text in those lines. A value no
//! cell accounts for falls back to a text search in the form, then to the
//! whole form, marked inexact.

use std::collections::BTreeMap;

use crate::grammar::{FormDraft, HeaderField, IndicatorDraft, Piece};
use crate::labels::Field;
use crate::normalize::{clean, fold_char, is_space};
use crate::record::{Indicator, Record};

/// The lines a displayed value was read from: 1-based, `end >= line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First line.
    pub line: usize,
    /// Last line (equal to `line` for a one-line value).
    pub end: usize,
    /// False when the value could not be traced to its cells and the span is
    /// the whole form (the page marks such values).
    pub exact: bool,
}

impl Span {
    /// A span of exact lines, in either order.
    pub fn new(a: usize, b: usize) -> Span {
        Span {
            line: a.min(b),
            end: a.max(b),
            exact: true,
        }
    }
}

/// The lines of an indicator row's cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorLines {
    /// The whole row (`line`..`line_end` of the record); levels point here.
    pub row: Span,
    /// The name's cells.
    pub name: Span,
    /// The value's cells (with the comparator and unit columns when split).
    pub value: Span,
    /// Extra columns by the record's key.
    pub extra: BTreeMap<String, Span>,
}

/// The lines of every value of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLines {
    /// The whole form.
    pub form: Span,
    /// The title line.
    pub title: Span,
    /// The year line (or the title's line when the year is printed in it).
    pub year: Span,
    /// 项目名称.
    pub project_name: Span,
    /// 项目负责人及电话 (with 联系电话 when separate).
    pub leader: Span,
    /// 主管部门.
    pub department: Span,
    /// Each implementer, in record order.
    pub implementers: Vec<Span>,
    /// 年度资金总额.
    pub funding_total: Span,
    /// 财政拨款.
    pub funding_fiscal: Span,
    /// 其他资金.
    pub funding_other: Span,
    /// Each funding item, in record order.
    pub funding_items: Vec<Span>,
    /// 年度目标.
    pub goal_annual: Span,
    /// The longer-term goal.
    pub goal_long_term: Span,
    /// 注.
    pub note: Span,
    /// Header extras by the record's key.
    pub extra: BTreeMap<String, Span>,
    /// One per indicator, in record order.
    pub indicators: Vec<IndicatorLines>,
}

/// The comparison form of text: full width folded, white space dropped.
fn key(s: &str) -> String {
    s.chars().map(fold_char).filter(|c| !is_space(*c)).collect()
}

/// The widest span searched for a text wrapped over several lines.
const MAX_WRAP_SPAN: usize = 400;

/// Text search over the source lines in their comparison form.
struct Finder {
    /// `keys[n - 1]` is line n's comparison form.
    keys: Vec<String>,
}

impl Finder {
    fn new(text: &str) -> Finder {
        Finder {
            keys: crate::layout::lines(text).map(|(_, l)| key(l)).collect(),
        }
    }

    /// The lines holding `needle` within `within`: the line holding all of it,
    /// else the lines holding its start and its end (a value wrapped over
    /// lines). None when the text is not there.
    fn find(&self, needle: &str, within: Span) -> Option<Span> {
        let needle = key(needle);
        if needle.is_empty() {
            return None;
        }
        let first = within.line.max(1);
        let last = within.end.min(self.keys.len());
        if first > last {
            return None;
        }
        let lines = || (first..=last).filter_map(|n| Some((n, self.keys.get(n - 1)?)));
        if let Some((n, _)) = lines().find(|(_, k)| k.contains(&needle)) {
            return Some(Span::new(n, n));
        }
        // Wrapped: the lines from the first that completes the text, back to
        // the last that still starts it. Only in spans a form's size, as the
        // joined text grows with the span.
        if last - first > MAX_WRAP_SPAN {
            return None;
        }
        let joined = |a: usize, b: usize| -> String {
            (a..=b)
                .filter_map(|n| self.keys.get(n - 1).map(String::as_str))
                .collect()
        };
        let whole = |a: usize, b: usize| joined(a, b).contains(&needle);
        // A label printed between its pieces (a value centred around its
        // label): its characters in order.
        let in_order = |a: usize, b: usize| {
            let hay = joined(a, b);
            let mut rest = hay.chars();
            needle.chars().all(|c| rest.any(|h| h == c))
        };
        let fits: &dyn Fn(usize, usize) -> bool = if whole(first, last) {
            &whole
        } else {
            &in_order
        };
        let end = (first..=last).find(|&e| fits(first, e))?;
        let start = (first..=end).rev().find(|&s| fits(s, end))?;
        Some(Span::new(start, end))
    }
}

/// The lines of a header field: its label and its value cells.
fn header_span(h: &HeaderField<'_>) -> Span {
    let mut span = Span::new(h.line, h.line);
    if let Some(s) = pieces_span(&h.values) {
        span = s;
    }
    span
}

/// The lines of some pieces of text, when there are any.
fn pieces_span<'a>(pieces: impl IntoIterator<Item = &'a Piece<'a>>) -> Option<Span> {
    let mut it = pieces.into_iter().map(|p| (p.line, p.end_line()));
    let first = it.next()?;
    let (lo, hi) = it.fold(first, |(lo, hi), (a, b)| (lo.min(a), hi.max(b)));
    Some(Span::new(lo, hi))
}

/// Locates values of one record.
struct Locator<'f, 'd> {
    finder: &'f Finder,
    draft: Option<&'f FormDraft<'d>>,
    form: Span,
}

impl Locator<'_, '_> {
    /// The spans of the header fields of these kinds that hold a value.
    fn headers(&self, fields: &[Field]) -> Vec<Span> {
        self.draft
            .map(|d| {
                d.header
                    .iter()
                    .filter(|h| fields.contains(&h.field) && !h.values.is_empty())
                    .map(header_span)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Where `text` was read: searched in the candidate spans first, then in
    /// the whole form; else the first candidate; else the whole form, inexact.
    fn locate(&self, text: Option<&str>, candidates: &[Span]) -> Span {
        if let Some(text) = text {
            for c in candidates {
                if let Some(s) = self.finder.find(text, *c) {
                    return s;
                }
            }
            if let Some(s) = self.finder.find(text, self.form) {
                return s;
            }
        }
        candidates.first().copied().unwrap_or(Span {
            exact: false,
            ..self.form
        })
    }

    /// A field read from header cells of these kinds.
    fn field(&self, text: Option<&str>, fields: &[Field]) -> Span {
        self.locate(text, &self.headers(fields))
    }
}

/// The lines of every displayed value of each record of one file. `text` is
/// the decoded text the records were parsed from.
pub fn locate(text: &str, records: &[Record]) -> Vec<RecordLines> {
    let finder = Finder::new(text);
    let rows = crate::layout::rows(text);
    let doc = crate::regions::read(&rows);
    // Records are built one per draft, in order; anything else means the text
    // is not the one parsed, and only searches are used.
    let drafts = (doc.forms.len() == records.len()).then_some(&doc.forms);
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let draft = drafts.and_then(|d| d.get(i));
            record_lines(&finder, draft, r)
        })
        .collect()
}

fn record_lines(finder: &Finder, draft: Option<&FormDraft<'_>>, r: &Record) -> RecordLines {
    let form = Span::new(r.source.line_start, r.source.line_end);
    let loc = Locator {
        finder,
        draft,
        form,
    };
    let title_line = draft
        .and_then(|d| d.title)
        .map(|p| Span::new(p.line, p.line));
    let title = title_line.unwrap_or_else(|| loc.locate(r.title.as_deref(), &[]));
    let year = draft
        .and_then(|d| d.year)
        .map(|(_, l)| Span::new(l, l))
        .or(title_line)
        .unwrap_or_else(|| loc.locate(r.year.map(|y| y.to_string()).as_deref(), &[]));
    let leader_text = r
        .leader
        .as_ref()
        .and_then(|l| l.name.as_deref().or(l.phone.as_deref()));
    let leader_fields = [
        Field::Leader,
        Field::LeaderName,
        Field::LeaderPhone,
        Field::Contact,
    ];
    let leader = {
        let spans = loc.headers(&leader_fields);
        match spans.split_first() {
            // Name and phone in separate cells: from the first to the last.
            Some((first, rest)) if spans.len() > 1 => rest.iter().fold(*first, |a, b| {
                Span::new(a.line.min(b.line), a.end.max(b.end))
            }),
            _ => loc.locate(leader_text, &spans),
        }
    };
    let funding_fields = [
        Field::FundingTotal,
        Field::FundingFiscal,
        Field::FundingOther,
        Field::FundingItem,
        Field::Funding,
    ];
    let raw = |v: Option<&crate::record::Value>| v.map(|v| v.raw.clone());
    let amount = |v: Option<&crate::record::Value>, field: Field| {
        let mut candidates = loc.headers(&[field]);
        candidates.extend(loc.headers(&funding_fields));
        let raw = raw(v);
        // A sum of the form's parts (`400 + 220`, fiscal from government
        // levels) spans the lines of its parts.
        match raw.as_deref().map(|t| t.split(" + ").collect::<Vec<_>>()) {
            Some(parts) if parts.len() > 1 => parts
                .iter()
                .map(|p| loc.locate(Some(p), &candidates))
                .reduce(|a, b| Span {
                    exact: a.exact && b.exact,
                    ..Span::new(a.line.min(b.line), a.end.max(b.end))
                })
                .unwrap_or(form),
            _ => loc.locate(raw.as_deref(), &candidates),
        }
    };
    let funding = &r.funding;
    let item_candidates = loc.headers(&funding_fields);
    let funding_items = funding
        .items
        .iter()
        .map(|item| {
            // The label's line first: the amount is on it or after it.
            let label = loc.locate(Some(&item.label), &item_candidates);
            let after = Span::new(label.line, label.line.saturating_add(3).min(form.end));
            let mut candidates = vec![after];
            candidates.extend(item_candidates.iter().copied());
            loc.locate(Some(&item.amount.raw), &candidates)
        })
        .collect();
    let implementer_spans = loc.headers(&[Field::Implementers]);
    let implementers = r
        .implementers
        .iter()
        .flatten()
        .map(|u| loc.locate(Some(u), &implementer_spans))
        .collect();
    let extra = r
        .extra
        .iter()
        .map(|(k, v)| {
            let candidates: Vec<Span> = draft
                .map(|d| {
                    d.header
                        .iter()
                        .filter(|h| {
                            let name = if h.spelling.is_empty() {
                                h.label
                            } else {
                                h.spelling
                            };
                            clean(name) == *k || clean(h.label) == *k
                        })
                        .map(header_span)
                        .collect()
                })
                .unwrap_or_default();
            (k.clone(), loc.locate(Some(v), &candidates))
        })
        .collect();
    let note = draft
        .and_then(|d| pieces_span(&d.note))
        .unwrap_or_else(|| loc.locate(r.note.as_deref(), &[]));
    let indicators = r
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| indicator_lines(ind, draft.and_then(|d| d.indicators.get(i))))
        .collect();
    RecordLines {
        form,
        title,
        year,
        project_name: loc.field(r.project_name.as_deref(), &[Field::ProjectName]),
        leader,
        department: loc.field(
            r.department.as_deref(),
            &[Field::Department, Field::DepartmentName],
        ),
        implementers,
        funding_total: amount(funding.total.as_ref(), Field::FundingTotal),
        funding_fiscal: amount(funding.fiscal.as_ref(), Field::FundingFiscal),
        funding_other: amount(funding.other.as_ref(), Field::FundingOther),
        funding_items,
        goal_annual: loc.field(r.goals.annual.as_deref(), &[Field::GoalAnnual]),
        goal_long_term: loc.field(
            r.goals.long_term.as_deref(),
            &[Field::GoalLongTerm, Field::GoalSection],
        ),
        note,
        extra,
        indicators,
    }
}

/// The lines of an indicator's cells: from its draft when there is one, else
/// the row's lines from the record.
fn indicator_lines(ind: &Indicator, draft: Option<&IndicatorDraft<'_>>) -> IndicatorLines {
    let row = Span::new(ind.line, ind.last_line());
    let Some(d) = draft.filter(|d| d.line == ind.line) else {
        return IndicatorLines {
            row,
            name: row,
            value: row,
            extra: ind.extra.keys().map(|k| (k.clone(), row)).collect(),
        };
    };
    let value_pieces = d.value.iter().chain(d.op.iter()).chain(d.unit.iter());
    let extra = ind
        .extra
        .keys()
        .map(|k| {
            let span = pieces_span(
                d.extra
                    .iter()
                    .filter(|(h, _)| clean(h) == *k)
                    .map(|(_, p)| p),
            );
            (k.clone(), span.unwrap_or(row))
        })
        .collect();
    IndicatorLines {
        row,
        name: pieces_span(&d.name).unwrap_or(row),
        value: pieces_span(value_pieces).unwrap_or(row),
        extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &str = "绩效目标申报表\n（2019年度）\n项目名称\t某某道路\t项目负责人及电话\t张 军 86928079\n主管部门\t区交通局\t实施单位\t区公路站、镇政府\n资金情况(万元)\t年度资金总额:\t30万元\n\t其中: 财政拨款\t30万元\n\t其他资金\t0\n年度目标\t改造道路,\n\t方便群众出行。\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\t产出指标\t数量指标\t新建道路长度\t≥12公里\n\t\t质量指标\t验收合格率\t100%\n注:各地请根据实际情况填报。\n";

    fn lines_of(text: &str) -> (Vec<Record>, Vec<RecordLines>) {
        let report = crate::parse_text("t.txt", text, "UTF-8");
        let lines = locate(text, &report.records);
        (report.records, lines)
    }

    #[test]
    fn header_values_point_at_their_cells() {
        let (records, lines) = lines_of(FORM);
        assert_eq!(records.len(), 1);
        let l = &lines[0];
        assert_eq!(l.title, Span::new(1, 1));
        assert_eq!(l.year, Span::new(2, 2));
        assert_eq!(l.project_name, Span::new(3, 3));
        assert_eq!(l.leader, Span::new(3, 3));
        assert_eq!(l.department, Span::new(4, 4));
        assert_eq!(l.implementers, vec![Span::new(4, 4), Span::new(4, 4)]);
        // 30万元 is printed on lines 5 and 6: each amount keeps its own row.
        assert_eq!(l.funding_total, Span::new(5, 5));
        assert_eq!(l.funding_fiscal, Span::new(6, 6));
        assert_eq!(l.funding_other, Span::new(7, 7));
        assert_eq!(l.goal_annual, Span::new(8, 9));
        assert_eq!(l.note, Span::new(13, 13));
        let ind: Vec<(usize, usize)> = l
            .indicators
            .iter()
            .map(|i| (i.value.line, i.value.end))
            .collect();
        assert_eq!(ind, [(11, 11), (12, 12)]);
    }

    #[test]
    fn a_wrapped_value_spans_its_lines() {
        let f = Finder::new("甲\n改造道路,\n方便群众出行。\n乙");
        assert_eq!(
            f.find("改造道路,方便群众出行。", Span::new(1, 4)),
            Some(Span::new(2, 3))
        );
        assert_eq!(f.find("不在这里的文字", Span::new(1, 4)), None);
        // Outside the span nothing is found.
        assert_eq!(f.find("乙", Span::new(1, 3)), None);
    }

    #[test]
    fn a_value_wrapped_around_its_label_spans_its_pieces() {
        // fixture: fixtures/layouts/spaces-implementers-label-centred.txt
        let f = Finder::new("甲\n某县服务站、某县\n实施单位 植保站、某县\n检测中心\n乙");
        assert_eq!(f.find("某县植保站", Span::new(1, 5)), Some(Span::new(2, 3)));
        assert_eq!(
            f.find("某县检测中心", Span::new(1, 5)),
            Some(Span::new(3, 4))
        );
        assert_eq!(f.find("某县水利局", Span::new(1, 5)), None);
    }

    #[test]
    fn text_that_is_nowhere_falls_back_to_the_form_inexactly() {
        let (mut records, _) = lines_of(FORM);
        records[0].project_name = Some("完全不同的名字".into());
        // A text with a different line count: drafts are not used.
        let l = locate("x\n", &records);
        assert!(!l[0].project_name.exact);
        assert_eq!(
            (l[0].project_name.line, l[0].project_name.end),
            (records[0].source.line_start, records[0].source.line_end)
        );
    }
}
