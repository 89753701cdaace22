//! Hand-built records for unit tests: the one skeleton of a clean project form that the
//! validation and trust tests fill in and then change one thing at a time.

use std::collections::BTreeMap;

use crate::record::{
    FormKind, Funding, Goals, Indicator, Layout, Number, Op, Record, Source, Value, ValueKind,
    SCHEMA_VERSION,
};

/// A quantity as the value grammar writes it.
pub(crate) fn qty(raw: &str, op: Option<Op>, number: f64, unit: Option<&str>) -> Value {
    Value {
        raw: raw.into(),
        kind: ValueKind::Quantity {
            op,
            number: Number(number),
            unit: unit.map(Into::into),
        },
        approx: false,
        date: None,
    }
}

/// An indicator row on `line`.
pub(crate) fn indicator(
    level1: &str,
    level2: &str,
    name: &str,
    value: Option<Value>,
    line: usize,
) -> Indicator {
    Indicator {
        level1: Some(level1.into()),
        level2: Some(level2.into()),
        name: Some(name.into()),
        value,
        line,
        line_end: None,
        extra: BTreeMap::new(),
        cell: None,
        page: None,
    }
}

/// A project form read from lines 3 to `line_end` of `a.txt` with `indicators`, a title and
/// nothing else: tests set the header, funding and note they need.
pub(crate) fn project(line_end: usize, indicators: Vec<Indicator>) -> Record {
    Record {
        schema_version: SCHEMA_VERSION,
        source: Source {
            path: "a.txt".into(),
            encoding: "UTF-8".into(),
            form_index: 0,
            line_start: 3,
            line_end,
            layout: Layout::Tabs,
            format: Default::default(),
            cells: Default::default(),
            page: None,
        },
        form_kind: FormKind::Project,
        title: Some("绩效目标申报表".into()),
        year: None,
        project_name: None,
        leader: None,
        department: None,
        implementers: None,
        funding: Funding::default(),
        goals: Goals::default(),
        indicators,
        extra: BTreeMap::new(),
        note: None,
        diagnostics: Vec::new(),
        needs_review: false,
        review_reasons: Vec::new(),
    }
}
