//! Regions: the parts of a text that are not a target form's own lines.
//!
//! Before the grammar reads the rows, this stage sets apart a cover page
//! printed before a form (`申 报 项 目 名 称：…`, `编报单位（印章）：…`), a table
//! of contents listing 绩效目标表 titles with page numbers, and a budget
//! summary table (收入支出预算总表, 一般公共预算支出表). The grammar reads what is
//! left, so none of these opens a form or joins a field. After it, a text of
//! running prose that held no form is named as a report.
//!
//! Every line set apart is accounted for: a cover's lines are page furniture
//! with a diagnostic each, a table of contents or budget table is one
//! `not-a-target-form` diagnostic over its lines.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Code, Diagnostic};
use crate::grammar::{self, Document, LineUse};
use crate::labels::{match_label, Field, Label, SUBJECT_FIELDS};
use crate::layout::Row;
use crate::normalize::{clean, fold_char, is_space};
use crate::record::Record;
use crate::segment::{
    is_approval_cell, is_page_furniture, is_table_rule, is_title, running_headers, year_line,
};

/// Labels printed only on a cover page, never in a form's header rows: the
/// unit that compiled the file and the date it was compiled or sent.
pub const COVER_LABELS: &[&str] = &[
    "编报单位",
    "编报部门",
    "编报日期",
    "编制单位",
    "编制日期",
    "报送单位",
    "报送日期",
    "申报日期",
];

/// The seal a cover label calls for (`编报单位（印章）`): a label so annotated
/// marks a cover page as surely as a cover label does.
pub const SEALS: &[&str] = &["印章", "盖章", "公章", "签章"];

/// Header fields a cover page may print too: they fill the form's fields when
/// the form leaves them empty.
const COVER_FIELDS: &[Field] = &[
    Field::ProjectName,
    Field::Leader,
    Field::LeaderName,
    Field::LeaderPhone,
    Field::Contact,
    Field::Department,
];

/// Headings of a table of contents.
pub const CONTENTS_HEADINGS: &[&str] = &["目录", "目次"];

/// Column headers of a table of contents printed as a table.
pub const CONTENTS_COLUMNS: &[&str] = &["序号", "名称", "表名", "文件名称", "页码", "页次", "目录"];

/// Words naming a budget summary table (收入支出预算总表, 一般公共预算支出表,
/// 部门收支总表): tables of amounts by budget subject, not target forms.
pub const BUDGET_TABLES: &[&str] = &[
    "预算总表",
    "收支总表",
    "收入总表",
    "支出总表",
    "收入预算表",
    "支出预算表",
    "预算收入表",
    "预算支出表",
    "基本支出表",
    "决算总表",
    "收入决算表",
    "支出决算表",
    "三公经费",
    "“三公”经费",
    "采购预算表",
    "项目支出表",
    // fixture: fixtures/regions/purchase-service-table-after-form.txt
    "购买服务预算表",
    "资产占用情况表",
    "资产配置表",
    "运行经费预算表",
    "经费支出表",
];

/// Words naming a funds allocation table (`…专项资金安排表`): amounts by town
/// or project, with a 项目名称 column, printed beside the target forms.
pub const ALLOCATION_TABLES: &[&str] = &[
    "资金安排表",
    "资金分配表",
    "分配方案表",
    "分配明细表",
    "安排明细表",
    "项目安排表",
    "资金计划表",
];

/// How the title of a list of the forms that follow ends (`项目绩效目标汇总表`).
const SUMMARY_TABLES: &[&str] = &["汇总表", "一览表"];

/// Words of a budget document's heading above its first table (`某局部门预算公开表`).
pub const BUDGET_HEADINGS: &[&str] = &["预算公开", "决算公开", "部门预算", "部门决算"];

/// Words of a notice's own title (`关于公开…预算表的通知`): never a table's title.
const NOTICE_WORDS: &[&str] = &["关于", "通知", "公告", "的说明"];

/// What a cover page printed, to fill the form that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// First line of the cover.
    pub first: usize,
    /// Last line of the cover.
    pub last: usize,
    /// The cover's fields, in order.
    pub fields: Vec<CoverField>,
}

/// One field of a cover page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverField {
    /// The label as the record's `extra` names it (`编报单位`), without seal or colon.
    pub label: String,
    /// The header field the label feeds, when it is one the form has.
    pub field: Option<Field>,
    /// The value, cleaned.
    pub value: String,
    /// Line of the value.
    pub line: usize,
}

/// What a part of the text set apart is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cover,
    Contents,
    Budget,
    Allocation,
}

/// A stretch of rows set apart before the grammar reads the rest.
#[derive(Debug, Clone, Copy)]
struct Part {
    kind: Kind,
    /// Index of the first row.
    start: usize,
    /// Index one past the last row.
    end: usize,
    /// Entries listed (contents) or tables met (budget).
    count: usize,
}

/// Reads all forms of a text from its rows, with the parts that are not a
/// form set apart first. This is what every reader of a whole text calls.
pub fn read<'a>(rows: &[Row<'a>]) -> Document<'a> {
    let mut doc = read_part(rows, running_headers(rows), true);
    prose_report(&mut doc, rows);
    doc
}

/// Reads the forms of rows that may be one stretch of a larger text (see
/// [`grammar::read_part`]), with the parts that are not a form set apart
/// first. Running headers are those of all the rows, parts included, so a
/// stretch reads as the whole text does.
pub fn read_part<'a>(
    rows: &[Row<'a>],
    running: HashMap<&'a str, usize>,
    track_lines: bool,
) -> Document<'a> {
    let mut parts = contents(rows);
    parts.extend(budget_tables(rows, &parts));
    parts.extend(covers(rows, &parts));
    parts.sort_by_key(|p| p.start);
    if parts.is_empty() {
        let mut doc = grammar::read_part(rows, running, track_lines);
        self_evaluations(&mut doc, rows);
        return doc;
    }
    let kept: Vec<Row<'a>> = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| !parts.iter().any(|p| (p.start..p.end).contains(i)))
        .map(|(_, r)| r.clone())
        .collect();
    let mut doc = grammar::read_part(&kept, running, track_lines);
    if track_lines {
        let lines = rows.last().map_or(0, |r| r.line);
        if doc.line_use.len() < lines {
            doc.line_use.resize(lines, None);
        }
    }
    for part in &parts {
        set_apart(&mut doc, rows, part);
    }
    self_evaluations(&mut doc, rows);
    doc
}

/// Words of a self-evaluation's indicator columns (实际完成值, 得分, 偏差原因):
/// a table that scores what was done, not one that sets targets.
pub const SELF_EVALUATION_COLUMNS: &[&str] = &["完成值", "得分", "偏差原因", "执行数", "执行率"];

/// Words of an indicator table's header row (`一级指标`, `指标值`).
const TABLE_HEADS: &[&str] = &["一级指标", "二级指标", "三级指标", "指标值"];

/// Words of a funding block's header row (`全年预算数 | 全年执行数 | 执行率`):
/// with two self-evaluation columns it compares what was spent to the budget.
const FUNDING_HEADS: &[&str] = &["预算数"];

/// Drops the forms whose indicator table or funding block heads two
/// self-evaluation columns or more: a 绩效自评表 whose title is missing is
/// still no target form.
fn self_evaluations(doc: &mut Document<'_>, rows: &[Row<'_>]) {
    // fixture: fixtures/not-a-form/self-evaluation-untitled.txt
    // fixture: fixtures/not-a-form/self-evaluation-untitled-spaces.txt
    // fixture: fixtures/not-a-form/self-evaluation-untitled-funding.txt
    let heads: Vec<usize> = rows
        .iter()
        .filter(|r| {
            // Every table head holds 指标 (a test checks it): one search for most rows.
            (r.text.contains("指标") && TABLE_HEADS.iter().any(|w| r.text.contains(w))
                || FUNDING_HEADS.iter().any(|w| r.text.contains(w)))
                && SELF_EVALUATION_COLUMNS
                    .iter()
                    .filter(|w| r.text.contains(*w))
                    .count()
                    >= 2
        })
        .map(|r| r.line)
        .collect();
    if heads.is_empty() {
        return;
    }
    let scored = |f: &grammar::FormDraft<'_>| {
        heads
            .iter()
            .any(|l| (f.line_start..=f.line_end).contains(l))
    };
    if !doc.forms.iter().any(scored) {
        return;
    }
    let (dropped, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut doc.forms)
        .into_iter()
        .partition(|f| scored(f));
    doc.forms = kept;
    for mut f in dropped {
        let (first, last) = (f.line_start, f.line_end);
        for slot in doc
            .line_use
            .iter_mut()
            .take(last)
            .skip(first.saturating_sub(1))
        {
            if *slot != Some(LineUse::Blank) {
                *slot = Some(LineUse::Foreign);
            }
        }
        // What was said of text before it stays said; what was said of its
        // own lines gives way to the one diagnostic that names them all.
        doc.stray.extend(
            f.diagnostics
                .drain(..)
                .filter(|d| d.line.is_none_or(|l| !(first..=last).contains(&l))),
        );
        doc.stray.push(Diagnostic::at(
            Code::NotATargetForm,
            first,
            format!(
                "lines {first}–{last} hold a 绩效自评表 (self-evaluation form: its indicator table scores what was done, with 实际完成值 / 得分 columns), not a 绩效目标 target form; no record was made of them"
            ),
        ));
    }
}

/// Accounts for a part's lines and reports it.
fn set_apart(doc: &mut Document<'_>, rows: &[Row<'_>], part: &Part) {
    let span = &rows[part.start..part.end];
    let (first, last) = match (
        span.iter().find(|r| !r.is_blank()),
        span.iter().rev().find(|r| !r.is_blank()),
    ) {
        (Some(a), Some(b)) => (a.line, b.line),
        _ => return,
    };
    let mut mark = |line: usize, use_: LineUse| {
        if let Some(slot) = line.checked_sub(1).and_then(|i| doc.line_use.get_mut(i)) {
            *slot = Some(use_);
        }
    };
    for r in span {
        mark(
            r.line,
            match (r.is_blank(), part.kind) {
                (true, _) => LineUse::Blank,
                (false, Kind::Cover) => LineUse::Furniture,
                (false, _) => LineUse::Foreign,
            },
        );
    }
    match part.kind {
        Kind::Cover => {
            let fields = span.iter().fold(Vec::new(), |mut acc, r| {
                cover_fields(r, &mut acc, span);
                acc
            });
            let diagnostics: Vec<Diagnostic> = span
                .iter()
                .filter(|r| !r.is_blank())
                .map(|r| {
                    Diagnostic::at(
                        Code::PageFurniture,
                        r.line,
                        format!(
                            "skipped the cover page before the form: {}",
                            r.text.trim()
                        ),
                    )
                })
                .collect();
            // A cover belongs to the form after it: its lines are reported there.
            match doc.forms.iter_mut().find(|f| f.line_start > last) {
                Some(f) => {
                    f.diagnostics.extend(diagnostics);
                    f.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
                }
                None => doc.stray.extend(diagnostics),
            }
            doc.covers.push(Cover {
                first,
                last,
                fields,
            });
        }
        Kind::Contents => doc.stray.push(Diagnostic::at(
            Code::NotATargetForm,
            first,
            format!(
                "lines {first}–{last} are a table of contents ({} entries listing 绩效目标 tables with page numbers), not a 绩效目标 target form; no record was made of them",
                part.count
            ),
        )),
        Kind::Allocation => doc.stray.push(Diagnostic::at(
            Code::NotATargetForm,
            first,
            format!(
                "lines {first}–{last} hold a funds allocation table (amounts by town or project, such as 资金安排表), not a 绩效目标 target form; no record was made of them"
            ),
        )),
        Kind::Budget => doc.stray.push(Diagnostic::at(
            Code::NotATargetForm,
            first,
            format!(
                "lines {first}–{last} hold a budget summary table ({} table{} of amounts by budget subject, such as 收入支出预算总表), not a 绩效目标 target form; no record was made of them",
                part.count,
                if part.count == 1 { "" } else { "s" }
            ),
        )),
    }
}

/// A cell's text without spaces, full width folded.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !is_space(*c))
        .map(fold_char)
        .collect()
}

/// `compact(text).starts_with(word)`, without building the compact text.
fn compact_starts(text: &str, word: &str) -> bool {
    let mut c = text.chars().filter(|c| !is_space(*c)).map(fold_char);
    word.chars().all(|w| c.next() == Some(w))
}

/// `compact(text) == word`, without building the compact text.
fn compact_is(text: &str, word: &str) -> bool {
    // A plain word is its own compact form, and compacting never lengthens a
    // text (it drops spaces and folds three-byte full-width forms to ASCII):
    // a shorter text cannot match, and one as long matches only as itself.
    if crate::normalize::is_plain(word) {
        match text.len().cmp(&word.len()) {
            std::cmp::Ordering::Less => return false,
            std::cmp::Ordering::Equal => return text == word,
            std::cmp::Ordering::Greater => {}
        }
    }
    text.chars()
        .filter(|c| !is_space(*c))
        .map(fold_char)
        .eq(word.chars())
}

/// `words.iter().any(|w| compact_is(text, w))`, the text's first compact
/// character read once: only the words starting with it are compared.
fn compact_is_any(text: &str, words: &[&str]) -> bool {
    let first = text.chars().find(|c| !is_space(*c)).map(fold_char);
    words
        .iter()
        .any(|w| w.chars().next() == first && compact_is(text, w))
}

/// The only filled cell of a row, if it has exactly one.
fn single<'r>(row: &'r Row<'_>) -> Option<&'r str> {
    let mut filled = row.filled();
    match (filled.next(), filled.next()) {
        (Some(c), None) => Some(c.text),
        _ => None,
    }
}

/// A line's one cell, or its second after a table's number in a cell of its
/// own (`| 表7 | 项目支出预算表 |`).
// fixture: fixtures/regions/numbered-budget-tables-before-form.txt
fn numbered_title<'r>(row: &'r Row<'_>) -> Option<&'r str> {
    static TABLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^附?表\s*[\d一二三四五六七八九十]+(?:[-—－]\d+)?$")
            .unwrap_or_else(|e| panic!("table number regex: {e}"))
    });
    let mut filled = row.filled();
    match (filled.next(), filled.next(), filled.next()) {
        (Some(c), None, None) => Some(c.text),
        (Some(n), Some(c), None)
            if n.text.trim_start().starts_with(['表', '附'])
                && TABLE_NUMBER.is_match(n.text.trim()) =>
        {
            Some(c.text)
        }
        _ => None,
    }
}

/// A row of column titles opened by a subject label (`项目名称 | 项目类别 |
/// 合计`): a budget table's own header, no form's first row.
fn column_titles(row: &Row<'_>) -> bool {
    let mut filled = row.filled();
    let opens = filled.by_ref().any(|c| {
        match_label(c.text)
            .is_some_and(|m| matches!(m.label, Label::Field(f) if SUBJECT_FIELDS.contains(&f)))
    });
    // fixture: fixtures/regions/purchase-service-table-after-form.txt
    // Or the row ends with the table's amount column (`项目名称 | 服务内容 |
    // 金额（万元）`), which no form's first row does.
    let amount_last = || {
        row.filled().last().is_some_and(|c| {
            let t = c.text.trim();
            AMOUNT_COLUMN_ENDINGS.iter().any(|e| t.ends_with(e))
        })
    };
    opens
        && (filled.next().is_some_and(|c| {
            match_label(c.text).is_some() || crate::labels::is_label_shaped(c.text)
        }) || amount_last())
}

/// Endings of a budget table's amount column title (`金额（万元）`, `合计`).
const AMOUNT_COLUMN_ENDINGS: &[&str] = &["(万元)", "（万元）", "(元)", "（元）", "金额", "合计"];

/// A column title or level label of an indicator table (`一级指标`, `三级指标`).
fn is_indicator_column(text: &str) -> bool {
    match_label(text).is_some_and(|m| {
        matches!(
            m.label,
            Label::Level1(_)
                | Label::Level2(_)
                | Label::Field(Field::ColLevel1 | Field::ColLevel2 | Field::ColName)
        )
    })
}

/// A list of the forms that follow, titled as one (`一、项目绩效目标汇总表`):
/// its rows are the projects' names and sums, not a form.
// test: regions::tests::a_summary_list_is_no_form_but_a_summary_sheet_is
fn is_summary_title(row: &Row<'_>) -> bool {
    numbered_title(row).is_some_and(|t| {
        // Every summary title ends in 表: most rows stop before the compact copy.
        if t.chars().rev().find(|c| !is_space(*c)) != Some('表') {
            return false;
        }
        let c = compact(t);
        t.chars().count() <= 40
            && SUMMARY_TABLES.iter().any(|w| c.ends_with(w))
            && !NOTICE_WORDS.iter().any(|w| c.contains(w))
    })
}

// ---- table of contents -------------------------------------------------

/// A line of a table of contents: an enumerator, a title naming a 绩效 table,
/// a dotted leader or a gap, and a page number.
static CONTENTS_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]{1,3}[、.]|\d{1,3}[.、)]|\(\d{1,3}\))?(.{2,80}?)(?:[.…·⋯•_\-—]{2,}|\s{1,})\s*(?:第\s*)?(\d{1,4})\s*页?$",
    )
    .unwrap_or_else(|e| panic!("contents regex: {e}"))
});

/// How a row reads in a table of contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContentsRow {
    Heading,
    Entry,
    Other,
}

fn contents_row(row: &Row<'_>) -> ContentsRow {
    // `目  录`, spaced so widely that its characters are cells of their own.
    // Twelve characters take at most 48 bytes: longer lines are not counted.
    if row.text.len() <= 48
        && row.text.chars().count() <= 12
        && compact_is_any(row.text, CONTENTS_HEADINGS)
    {
        return ContentsRow::Heading;
    }
    if let Some(text) = single(row) {
        // fixture: fixtures/not-a-form/table-of-contents.txt
        if crate::substr::has_char(text, '绩') && text.chars().count() <= 100 {
            let folded: String = text.trim().chars().map(fold_char).collect();
            if let Some(caps) = CONTENTS_ENTRY.captures(&folded) {
                let title = caps.get(1).map_or("", |m| m.as_str());
                if title.contains("绩效") && title.contains('表') {
                    return ContentsRow::Entry;
                }
            }
        }
        return ContentsRow::Other;
    }
    // fixture: fixtures/not-a-form/table-of-contents-pipes.txt
    // (The filled cells are walked again rather than collected: a row's cells
    // in a fresh Vec were an allocation per row.)
    let filled = row.filled().count();
    if filled <= 6
        && row
            .filled()
            .all(|c| compact_is_any(c.text, CONTENTS_COLUMNS))
    {
        return ContentsRow::Heading;
    }
    let page = row.filled().last().is_some_and(|c| {
        (1..=4).contains(&c.text.len()) && c.text.bytes().all(|b| b.is_ascii_digit())
    });
    // The cells are searched for a title last: most rows end in no page number.
    let titled = || {
        row.filled()
            .any(|c| crate::substr::has(c.text, "绩效") && crate::substr::has_char(c.text, '表'))
    };
    if filled <= 4 && page && titled() {
        ContentsRow::Entry
    } else {
        ContentsRow::Other
    }
}

/// Tables of contents: runs of entries (with their heading), three entries
/// or more, or two under a 目录 heading.
fn contents(rows: &[Row<'_>]) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let first = contents_row(&rows[i]);
        if first == ContentsRow::Other || rows[i].is_blank() {
            i += 1;
            continue;
        }
        let (start, mut end, mut entries) = (i, i + 1, usize::from(first == ContentsRow::Entry));
        let mut headed = first == ContentsRow::Heading;
        let mut j = i + 1;
        while j < rows.len() {
            let row = &rows[j];
            if row.is_blank() || row.filled().all(|c| is_table_rule(c.text)) {
                j += 1;
                continue;
            }
            match contents_row(row) {
                ContentsRow::Entry => {
                    entries += 1;
                    end = j + 1;
                }
                ContentsRow::Heading if entries == 0 => {
                    headed = true;
                    end = j + 1;
                }
                _ => break,
            }
            j += 1;
        }
        if entries >= 3 || (headed && entries >= 2) {
            parts.push(Part {
                kind: Kind::Contents,
                start,
                end,
                count: entries,
            });
        }
        i = end.max(i + 1);
    }
    parts
}

// ---- budget summary tables ---------------------------------------------

/// A line naming a budget summary table.
fn is_budget_title(row: &Row<'_>) -> bool {
    is_budget_line(row, BUDGET_TABLES)
}

/// A short line, no form's or notice's title, holding one of these words and 表.
fn is_budget_line(row: &Row<'_>, words: &[&str]) -> bool {
    let Some(text) = numbered_title(row) else {
        return false;
    };
    if text.chars().count() > 40 || !crate::substr::has_char(text, '表') {
        return false;
    }
    let c = compact(text);
    !c.contains("绩效")
        && !NOTICE_WORDS.iter().any(|w| c.contains(w))
        && words.iter().any(|w| c.contains(w))
}

/// A row that starts a target form: its title, its year line, or a 项目名称
/// or 部门名称 label as printed (no OCR tolerance: `科目名称` is a budget column).
fn starts_form(row: &Row<'_>) -> bool {
    row.filled().any(|c| {
        is_title(c.text)
            || match_label(c.text).is_some_and(|m| {
                !m.fuzzy && matches!(m.label, Label::Field(f) if SUBJECT_FIELDS.contains(&f))
            })
    }) || single(row).is_some_and(|t| year_line(t).is_some())
}

/// A row that ends a funds allocation table: the next form's title or year
/// line, or the page marker of the next attachment (`附件2`). Its own
/// 项目名称 column does not.
fn ends_allocation(row: &Row<'_>) -> bool {
    single(row).is_some_and(|t| {
        is_title(t) || year_line(t).is_some() || (t.starts_with('附') && is_page_furniture(t))
    })
}

/// Budget summary and funds allocation tables: from a table's title to the
/// next form, or the end.
fn budget_tables(rows: &[Row<'_>], taken: &[Part]) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let free = |i: usize| !taken.iter().any(|p| (p.start..p.end).contains(&i));
    let mut i = 0;
    while i < rows.len() {
        let allocation = free(i) && is_budget_line(&rows[i], ALLOCATION_TABLES);
        if !free(i) || !(allocation || is_budget_title(&rows[i]) || is_summary_title(&rows[i])) {
            i += 1;
            continue;
        }
        // fixture: fixtures/not-a-form/budget-summary.txt
        // fixture: fixtures/regions/notice-allocation-table.txt
        let (start, mut count) = (i, 1);
        let mut end = i + 1;
        // A budget table's own 项目名称 column (项目支出预算表) ends nothing.
        let ends = |r: &Row<'_>| {
            if allocation {
                ends_allocation(r)
            } else {
                ends_allocation(r) || (starts_form(r) && !column_titles(r))
            }
        };
        while end < rows.len() && free(end) && !ends(&rows[end]) {
            count += usize::from(is_budget_title(&rows[end]));
            end += 1;
        }
        // A title with no table under it is an entry in a list of attachments;
        // a summary with indicator columns is a many-project sheet of targets.
        let indicator_columns = || {
            rows[i + 1..end]
                .iter()
                .any(|r| r.filled().any(|c| is_indicator_column(c.text)))
        };
        let summary = is_summary_title(&rows[i]);
        if rows[i + 1..end].iter().filter(|r| !r.is_blank()).count() < 2
            || (summary && indicator_columns())
        {
            i += 1;
            continue;
        }
        // A document heading right above the first table (`…部门预算公开表`) goes with it.
        let start = match start.checked_sub(1) {
            Some(k) if free(k) && is_budget_line(&rows[k], BUDGET_HEADINGS) => k,
            _ => start,
        };
        parts.push(Part {
            kind: if allocation {
                Kind::Allocation
            } else {
                Kind::Budget
            },
            start,
            end,
            count,
        });
        i = end;
    }
    parts
}

// ---- cover pages -------------------------------------------------------

/// How a cover reads a cell: its label, the field it feeds, the value in the
/// same cell, and whether the label is one only a cover prints.
struct CoverCell {
    label: String,
    field: Option<Field>,
    value: Option<String>,
    sure: bool,
}

/// Reads a cell as a cover's `label：value`.
fn cover_cell(text: &str) -> Option<CoverCell> {
    if text.chars().count() > 80 || is_approval_cell(text) {
        return None;
    }
    if let Some(label) = COVER_LABELS.iter().find(|l| compact_starts(text, l)) {
        let c = compact(text);
        let rest = &c[label.len()..];
        let (rest, _) = strip_seal(rest);
        let value = rest.trim_start_matches(':').trim();
        return Some(CoverCell {
            label: (*label).to_owned(),
            field: None,
            value: (!value.is_empty()).then(|| clean(value)),
            sure: true,
        });
    }
    let m = match_label(text).filter(|m| !m.fuzzy)?;
    let Label::Field(field) = m.label else {
        return None;
    };
    if !COVER_FIELDS.contains(&field) {
        return None;
    }
    let sealed = m
        .annotation
        .is_some_and(|a| SEALS.iter().any(|s| a.contains(s)));
    let value = m.rest.trim();
    Some(CoverCell {
        label: m.spelling.to_owned(),
        field: Some(field),
        value: (!value.is_empty()).then(|| clean(value)),
        sure: sealed,
    })
}

/// Strips a seal annotation (`(印章)`) from the start of a label's rest.
fn strip_seal(rest: &str) -> (&str, bool) {
    let Some(inner) = rest.strip_prefix('(') else {
        return (rest, false);
    };
    match inner.split_once(')') {
        Some((seal, after)) if SEALS.contains(&seal) => (after, true),
        _ => (rest, false),
    }
}

/// How a row reads on a cover page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CoverRow {
    /// Labels with their values; `open` when the last label waits for a value on the next line.
    Labels {
        sure: bool,
        open: bool,
    },
    /// A lone text: a value when the row above left a label open.
    Text,
    /// The issuer's signature (`某县财政局制`).
    Signature,
    Other,
}

fn cover_row(row: &Row<'_>) -> CoverRow {
    let cells: Vec<&str> = row.filled().map(|c| c.text).collect();
    match cells.as_slice() {
        [] => CoverRow::Other,
        [one] => match cover_cell(one) {
            Some(c) => CoverRow::Labels {
                sure: c.sure,
                open: c.value.is_none(),
            },
            None if is_signature(one) => CoverRow::Signature,
            None if one.chars().count() <= 40 && !is_title(one) && year_line(one).is_none() => {
                CoverRow::Text
            }
            None => CoverRow::Other,
        },
        // A cover printed as a two-cell table row: `项目名称 | 某某工程`.
        [label, value] => match cover_cell(label) {
            Some(c) if c.value.is_none() && cover_cell(value).is_none() => CoverRow::Labels {
                sure: c.sure,
                open: false,
            },
            _ => CoverRow::Other,
        },
        _ => CoverRow::Other,
    }
}

/// The issuer's line at the foot of a cover (`某县财政局制`).
fn is_signature(text: &str) -> bool {
    // It ends in 制: other cells are dismissed without building the compact text.
    if text.chars().rev().find(|c| !is_space(*c)) != Some('制') {
        return false;
    }
    let c = compact(text);
    c.ends_with('制')
        && c.chars().count() <= 30
        && ["局", "厅", "部", "委", "办", "府"]
            .iter()
            .any(|w| c.contains(w))
}

/// Cover pages: a block of cover labels and their values holding at least
/// one label only a cover prints (编报单位, a seal), directly followed by the
/// form's own title or year line, and either holding a 项目名称 or headed by
/// a title. The cover's title goes with it.
fn covers(rows: &[Row<'_>], taken: &[Part]) -> Vec<Part> {
    let free = |i: usize| !taken.iter().any(|p| (p.start..p.end).contains(&i));
    let mut parts: Vec<Part> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let anchor = free(i)
            && rows[i].text.contains(['编', '报', '章'])
            && matches!(cover_row(&rows[i]), CoverRow::Labels { sure: true, .. });
        if !anchor {
            i += 1;
            continue;
        }
        // fixture: fixtures/regions/cover-page.txt
        // Down: labels, the values of labels left open, the signature.
        let mut open = matches!(cover_row(&rows[i]), CoverRow::Labels { open: true, .. });
        let mut end = i + 1;
        let mut j = i + 1;
        while j < rows.len() && free(j) {
            if rows[j].is_blank() {
                j += 1;
                continue;
            }
            match cover_row(&rows[j]) {
                CoverRow::Labels { open: o, .. } => open = o,
                CoverRow::Text if open => open = false,
                CoverRow::Signature => open = false,
                _ => break,
            }
            end = j + 1;
            j += 1;
        }
        // The form's own head follows the cover.
        let next = (end..rows.len()).find(|&k| !rows[k].is_blank());
        let headed_form = next.is_some_and(|k| {
            single(&rows[k]).is_some_and(|t| is_title(t) || year_line(t).is_some())
        });
        // Up: labels, values under labels, and the cover's title (which ends it).
        let mut start = i;
        let mut titled = false;
        let mut k = i;
        while k > 0 && free(k - 1) {
            let row = &rows[k - 1];
            if row.is_blank() {
                k -= 1;
                continue;
            }
            match cover_row(row) {
                CoverRow::Labels { .. } => start = k - 1,
                // fixture: fixtures/regions/cover-page-pipes.txt
                CoverRow::Text => {
                    let above = (0..k - 1).rev().find(|&a| !rows[a].is_blank());
                    match above.map(|a| (a, cover_row(&rows[a]))) {
                        Some((a, CoverRow::Labels { open: true, .. })) if free(a) => {
                            start = a;
                            k = a;
                            continue;
                        }
                        _ => break,
                    }
                }
                _ if single(row).is_some_and(is_title) => {
                    start = k - 1;
                    titled = true;
                    break;
                }
                _ => break,
            }
            k -= 1;
        }
        let named = (start..end).any(|r| {
            matches!(
                rows[r].filled().next().and_then(|c| cover_cell(c.text)),
                Some(CoverCell {
                    field: Some(Field::ProjectName),
                    ..
                })
            )
        });
        if headed_form && (named || titled) {
            parts.push(Part {
                kind: Kind::Cover,
                start,
                end,
                count: 0,
            });
        }
        i = end;
    }
    parts
}

/// The fields of one cover row, with a value left for the next line taken from it.
fn cover_fields(row: &Row<'_>, out: &mut Vec<CoverField>, span: &[Row<'_>]) {
    let cells: Vec<&str> = row.filled().map(|c| c.text).collect();
    let Some(cell) = cells.first().and_then(|t| cover_cell(t)) else {
        return;
    };
    let value = cell.value.or_else(|| match cells.get(1) {
        Some(v) => Some(clean(v)),
        // The value on the next non-blank line, when that line is no label.
        None => span
            .iter()
            .skip_while(|r| r.line <= row.line)
            .find(|r| !r.is_blank())
            .and_then(single)
            .filter(|t| cover_cell(t).is_none() && !is_signature(t))
            .map(clean),
    });
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        out.push(CoverField {
            label: cell.label,
            field: cell.field,
            value,
            line: row.line,
        });
    }
}

/// Fills each form's empty header fields from the cover printed before it:
/// the project name, the leader and the department when the form leaves them
/// empty; a cover's own labels (编报单位, 编报日期) go to `extra`.
pub fn apply_covers(covers: &[Cover], records: &mut [Record]) {
    for cover in covers {
        // fixture: fixtures/regions/cover-page-pipes.txt
        let Some(r) = records
            .iter_mut()
            .find(|r| r.source.line_start > cover.last)
        else {
            continue;
        };
        for f in &cover.fields {
            match f.field {
                Some(Field::ProjectName) if r.project_name.is_none() => {
                    r.project_name = Some(f.value.clone());
                }
                Some(Field::Department) if r.department.is_none() => {
                    r.department = Some(f.value.clone());
                }
                Some(Field::LeaderName | Field::Leader | Field::Contact) => {
                    let leader = r.leader.get_or_insert_with(Default::default);
                    if leader.name.is_none() {
                        leader.name = Some(f.value.clone());
                    }
                }
                Some(_) => {}
                None => {
                    r.extra
                        .entry(f.label.clone())
                        .or_insert_with(|| f.value.clone());
                }
            }
        }
    }
}

// ---- prose reports -----------------------------------------------------

/// A text that held no form and reads as paragraphs of running prose about
/// 绩效 (a report or an explanation of targets) is named as such.
fn prose_report(doc: &mut Document<'_>, rows: &[Row<'_>]) {
    if !doc.forms.is_empty() || doc.stray.iter().any(|d| d.code == Code::NotATargetForm) {
        return;
    }
    let filled: Vec<&Row<'_>> = rows.iter().filter(|r| !r.is_blank()).collect();
    let sentences = filled
        .iter()
        .filter(|r| {
            single(r).is_some_and(|t| {
                t.chars().count() >= 25
                    && (t.trim_end().ends_with('。')
                        || t.matches(['，', '。', '；', ',']).count() >= 2)
            })
        })
        .count();
    let about = filled.iter().any(|r| r.text.contains("绩效"));
    // fixture: fixtures/not-a-form/prose-report.txt
    if about && sentences >= 3 && sentences * 2 >= filled.len() {
        let (first, last) = match (filled.first(), filled.last()) {
            (Some(a), Some(b)) => (a.line, b.line),
            _ => return,
        };
        doc.stray.push(Diagnostic::at(
            Code::NotATargetForm,
            first,
            format!(
                "lines {first}–{last} are a prose report ({sentences} paragraphs of running text), not a 绩效目标 target form with an indicator table; no record was made of them"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(text: &str) -> Vec<Row<'_>> {
        crate::layout::rows(text)
    }

    #[test]
    fn contents_entries_need_a_page_number_and_a_table_title() {
        for (line, want) in [
            (
                "二、2023年某区道路养护项目绩效目标表……………3",
                ContentsRow::Entry,
            ),
            (
                "3.某镇项目支出绩效目标表（河道保洁）.......12",
                ContentsRow::Entry,
            ),
            ("某镇项目支出绩效目标表 4", ContentsRow::Entry),
            ("目  录", ContentsRow::Heading),
            ("附件：1.某镇农村公路养护项目绩效目标表", ContentsRow::Other),
            ("2023年项目支出绩效目标表", ContentsRow::Other),
            ("| 2 | 某镇项目支出绩效目标表 | 5 |", ContentsRow::Entry),
            ("| 序号 | 名称 | 页码 |", ContentsRow::Heading),
            ("| 产出指标 | 数量指标 | 新建道路 | 3 |", ContentsRow::Other),
        ] {
            let rows = rows_of(line);
            assert_eq!(contents_row(&rows[0]), want, "{line}");
        }
    }

    #[test]
    fn two_attachment_lines_are_no_table_of_contents() {
        let text = "附件：1.甲镇项目绩效目标表\n2.乙镇项目绩效目标表 2\n";
        assert!(contents(&rows_of(text)).is_empty());
        let text = "目录\n甲镇项目绩效目标表……1\n乙镇项目绩效目标表……2\n";
        let parts = contents(&rows_of(text));
        assert_eq!(parts.len(), 1);
        assert_eq!((parts[0].start, parts[0].end, parts[0].count), (0, 3, 2));
    }

    #[test]
    fn budget_titles_are_not_target_form_titles() {
        for (line, want) in [
            ("收入支出预算总表", true),
            ("2022年一般公共预算支出表", true),
            ("部门收支总表", true),
            ("项目支出绩效目标表", false),
            ("关于公开2022年部门预算总表的通知", false),
            ("项目名称\t收入支出预算总表", false),
            ("| 表7 | 项目支出预算表 | | |", true),
            ("| 附表3-1 | 政府采购预算表 |", true),
            ("| 表9 | 项目支出绩效目标表 |", false),
        ] {
            assert_eq!(is_budget_title(&rows_of(line)[0]), want, "{line}");
        }
    }

    #[test]
    fn a_summary_list_is_no_form_but_a_summary_sheet_is() {
        let list = "附件2：某局2025年项目支出绩效目标表\n一、项目绩效目标汇总表\n序号\t项目名称\t预算金额（万元）\t年度绩效目标\n1\t甲工程\t24.00\t完成甲\n二、项目绩效目标明细\n项目名称\t甲工程\t项目负责人及电话\t某某\n";
        let parts = budget_tables(&rows_of(list), &[]);
        assert_eq!(parts.len(), 1);
        assert_eq!(
            (parts[0].kind, parts[0].start, parts[0].end),
            (Kind::Budget, 1, 5)
        );
        let sheet = "2020年区级项目支出绩效目标汇总表\n序号\t项目名称\t资金总额\t一级指标\t二级指标\t三级指标\t指标值\n1\t甲工程\t320\t产出指标\t数量指标\t长度\t4公里\n";
        assert!(budget_tables(&rows_of(sheet), &[]).is_empty());
    }

    #[test]
    fn a_budget_table_runs_past_its_own_project_column() {
        let text = "| 表7 | 项目支出预算表 |\n| 项目名称 | 项目类别 | 合计 |\n| 甲工程 | 专项业务类 | 12 |\n| 项目名称 | 甲工程 |\n| 主管部门 | 某局 |\n";
        let parts = budget_tables(&rows_of(text), &[]);
        // The column titles are the table's; a 项目名称 row with its value opens the form.
        assert_eq!(parts.len(), 1);
        assert_eq!(
            (parts[0].kind, parts[0].start, parts[0].end),
            (Kind::Budget, 0, 3)
        );
    }

    #[test]
    fn an_allocation_table_runs_past_its_project_column_to_the_next_attachment() {
        let text = "附件：1.甲资金安排表\n2.甲资金绩效目标表\n附件1\n甲资金安排表\n| 序号 | 项目名称 | 金额 |\n| 1 | 乙村灌渠 | 12 |\n附件2\n甲资金绩效目标表\n";
        let parts = budget_tables(&rows_of(text), &[]);
        // The attachment list's entry is no table; the table stops at 附件2.
        assert_eq!(parts.len(), 1);
        assert_eq!(
            (parts[0].kind, parts[0].start, parts[0].end),
            (Kind::Allocation, 3, 6)
        );
    }

    #[test]
    fn cover_cells_read_spaced_labels_and_seals() {
        let c = cover_cell("编报单位（印章）：青山镇人民政府").expect("a cover label");
        assert_eq!(
            (c.label.as_str(), c.value.as_deref(), c.sure),
            ("编报单位", Some("青山镇人民政府"), true)
        );
        let c = cover_cell("申 报 项 目 名 称：某某工程").expect("a project name");
        assert_eq!(c.field, Some(Field::ProjectName));
        assert_eq!(c.value.as_deref(), Some("某某工程"));
        assert!(!c.sure);
        assert!(cover_cell("财政部门审核意见（盖章）").is_none());
        assert!(cover_cell("年度目标：建成冷库1座").is_none());
    }

    #[test]
    fn a_sealed_label_under_the_title_is_no_cover() {
        // 填报单位（盖章） under the form's own title, then its table: one form.
        let text = "项目支出绩效目标表\n申报单位（盖章）：甲局\n项目名称\t乙工程\t主管部门\t甲局\n";
        assert!(covers(&rows_of(text), &[]).is_empty());
    }

    #[test]
    fn compact_tests_answer_as_the_compact_text() {
        let texts = [
            "",
            "目 录",
            "目　录",
            "编 报 单 位：甲局",
            "编报单位（盖章）",
            "编报",
            "编报单位",
            " 目录 ",
            "序号",
            "序 号",
            "序号 ",
            "编报单位（",
            "编报单位(",
            "序号１",
            "页码页码",
            "ab",
            "页",
        ];
        let words = ["", "目录", "编报单位", "编报", "编报单位（", "序号", "页码"];
        for t in texts {
            for w in words {
                assert_eq!(
                    compact_starts(t, w),
                    compact(t).starts_with(w),
                    "{t:?} {w:?}"
                );
                assert_eq!(compact_is(t, w), compact(t) == w, "{t:?} {w:?}");
            }
            assert_eq!(
                compact_is_any(t, &words),
                words.iter().any(|w| compact(t) == *w),
                "{t:?}"
            );
            for w in words {
                assert_eq!(compact_is_any(t, &[w]), compact(t) == w, "{t:?} {w:?}");
            }
        }
    }

    #[test]
    fn every_table_head_holds_the_word_searched_first() {
        // `self_evaluations` looks for the table heads only in rows holding 指标.
        assert!(TABLE_HEADS.iter().all(|w| w.contains("指标")));
    }
}
