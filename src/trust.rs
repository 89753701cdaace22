//! The trust layer: decides which records a person must check before they are imported.
//!
//! [`assess`] runs after [`crate::validate`] on each record. It looks for signs that a field
//! the record reports may be wrong — a value unlike its neighbours, characters no value uses,
//! OCR confusions, an indicator name that is a label, header text glued to another field,
//! funding that does not add up, a table whose rows did not line up — and adds one diagnostic
//! per sign, with a stable code and a line. Then [`settle`] sets `review_reasons` (the codes
//! that call for review, weightiest first) and `needs_review` from every diagnostic the record
//! carries, using the one classification table [`review_class`].
//!
//! Choices made here (each documented in `docs/diagnostics.md`):
//! - a form that prints no year (`year-missing`) is fine; a form whose year is implausible is not;
//! - a form with no department is flagged only when it has project fields (`department-missing`):
//!   every project form template prints a 主管部门, so a missing one was most likely lost;
//! - unplaced lines and page furniture count only inside the indicator table, where they may
//!   split or swallow a row; elsewhere they are informational;
//! - every `error` on a record makes it need review, as the record format says; an error about
//!   lines outside the record (a 自评表 after the form) is a note on the file, kept as `info`;
//! - a form cut before its indicator table ([`cut_before_table`]) is not flagged for a
//!   department the cut explains.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Code, Diagnostic};
use crate::labels::{match_label, Field, Label};
use crate::record::{FormKind, Indicator, Record, Value, ValueKind};
use crate::validate::{add_new, amounts_agree, header_line, is_blank};

/// How a diagnostic code bears on `needs_review`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    /// The record needs review; the weight orders `review_reasons` (higher first).
    Raise(u8),
    /// The record needs review when the diagnostic's line lies inside the indicator table.
    InTable(u8),
    /// The record needs review when the diagnostic's line lies inside the record's own
    /// lines: a 自评表 or table of contents elsewhere in the file is no fault of this form.
    InForm(u8),
    /// Informational: the record is still trusted.
    Never,
}

/// The one table that says which diagnostic codes make a record need review.
///
/// Every code is listed (no wildcard), so a new code cannot be added without deciding.
pub fn review_class(code: Code) -> Review {
    use Review::*;
    match code {
        // The record is incomplete or not a form at all.
        Code::Unreadable
        | Code::NotAFile
        | Code::TooLarge
        | Code::EmptyFile
        | Code::BinaryFile
        | Code::NoForm
        | Code::ProgramMissing
        | Code::DocumentUnreadable
        | Code::PdfNoText
        | Code::FormatUnsupported => Raise(100),
        // fixture: fixtures/regions/form-and-toc.txt
        Code::NotATargetForm => InForm(100),
        // fixture: fixtures/regions/headline-then-form.txt
        // A page headline, blank template or allocation table before the form ends
        // before any table of its own; its truncation is reported on the next form but is
        // no fault of it.
        Code::FormTruncated => InForm(98),
        Code::NoIndicators => Raise(97),
        Code::ProjectNameMissing => Raise(96),
        Code::FundingTotalMissing => Raise(95),
        // A field holds text that is not what the form printed.
        Code::ReplacementChar => Raise(90),
        Code::MalformedBytes => Raise(89),
        Code::HeaderGlued => Raise(88),
        Code::GluedUnsplit => Raise(83),
        Code::ValueOddChars => Raise(87),
        Code::OcrSuspect => Raise(86),
        Code::OcrLowConfidence => Raise(86),
        Code::OcrDigit => Raise(85),
        Code::ValueKindOdd => Raise(84),
        Code::UnitConflict => Raise(84),
        Code::DateSerial => Raise(84),
        Code::FundingMismatch => Raise(80),
        Code::FundingMagnitude => Raise(79),
        Code::FundingItemsExceed => Raise(79),
        Code::FundingColumnsUnread => Raise(78),
        Code::RowMisaligned | Code::LabelUnplaced => Raise(75),
        Code::Level2Unknown => Raise(74),
        Code::Level2Mismatch => Raise(73),
        Code::IndicatorNameSuspect => Raise(72),
        Code::PercentOver100 => Raise(70),
        Code::DuplicateIndicator => Raise(69),
        Code::EmptyValue => Raise(68),
        Code::FurnitureInTable => Raise(64),
        Code::FieldConflict => Raise(60),
        Code::HeaderTooLong => Raise(59),
        Code::DepartmentMissing => Raise(58),
        Code::GoalLost => Raise(57),
        Code::GoalsMerged => Raise(57),
        Code::YearOutOfRange => Raise(55),
        Code::PhoneInvalid => Raise(54),
        Code::UnplacedLine => InTable(50),
        // Read tolerantly, inferred from the vocabulary, or simply absent from the form.
        Code::EncodingDetected
        | Code::ControlChars
        | Code::PageFurniture
        | Code::TextAfterForm
        | Code::LabelFuzzy
        | Code::Level1Inferred
        | Code::LabelOnlyRow
        | Code::SubtotalRow
        | Code::DuplicateField
        | Code::YearMissing
        | Code::YearFromHeading
        | Code::YearOcr
        | Code::NoImplementers
        | Code::NoteMissing => Never,
    }
}

/// Adds the trust diagnostics to a record, then sets `review_reasons` and `needs_review`.
///
/// Like [`crate::validate::validate`], running it twice gives the same record as running it once.
pub fn assess(record: &mut Record) {
    let mut found = Vec::new();
    check_essentials(record, &mut found);
    check_replacement_chars(record, &mut found);
    check_value_chars(record, &mut found);
    check_date_serials(record, &mut found);
    check_ocr(record, &mut found);
    check_kind_odd(record, &mut found);
    check_names(record, &mut found);
    check_level2(record, &mut found);
    check_rows(record, &mut found);
    check_header(record, &mut found);
    check_field_conflicts(record, &mut found);
    check_funding_items(record, &mut found);
    check_table_furniture(record, &mut found);

    // One sign per code and line, however many fields on that line show it.
    let mut seen = HashSet::new();
    found.retain(|d| seen.insert((d.code, d.line)));
    add_new(record, found);
    record.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
    settle(record);
}

/// Sets `review_reasons` and `needs_review` from the diagnostics the record carries.
///
/// An error of the [`Review::InForm`] class about lines outside the record (a 自评表 or
/// table of contents after the form, a headline cut before it) is a note on the rest of the
/// file, not a fault of this record: it is kept as `info`, so that every `error` a record
/// carries makes it need review, as the record format says.
pub fn settle(record: &mut Record) {
    let own = record.source.line_start..=record.source.line_end;
    for d in &mut record.diagnostics {
        let outside = d.line.is_some_and(|l| !own.contains(&l));
        if outside && matches!(review_class(d.code), Review::InForm(_)) {
            d.severity = crate::diagnostic::Severity::Info;
        }
    }
    record.review_reasons = review_reasons(record);
    record.needs_review = !record.review_reasons.is_empty();
}

/// The distinct codes among the record's diagnostics that call for review, weightiest first
/// (codes of equal weight in the order they first occur).
pub fn review_reasons(record: &Record) -> Vec<Code> {
    let table = table_lines(record);
    let own = record.source.line_start..=record.source.line_end;
    let cut = cut_before_table(record);
    let mut reasons: Vec<(u8, usize, Code)> = Vec::new();
    for (i, d) in record.diagnostics.iter().enumerate() {
        if cut && explained_by_cut(record, d.code) {
            continue;
        }
        let weight = match review_class(d.code) {
            Review::Raise(w) => w,
            Review::InTable(w) if d.line.is_some_and(|l| table.contains(&l)) => w,
            Review::InForm(w) if d.line.is_none_or(|l| own.contains(&l)) => w,
            Review::InTable(_) | Review::InForm(_) | Review::Never => continue,
        };
        if !reasons.iter().any(|&(_, _, c)| c == d.code) {
            reasons.push((weight, i, d.code));
        }
    }
    reasons.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    reasons.into_iter().map(|(_, _, c)| c).collect()
}

/// fixture: fixtures/regions/excerpt-ends-in-header.txt
/// A form that ends before its indicator table: the record has no indicator rows and reports
/// its own `form-truncated` (within its lines). Such a record is a header only (a web page
/// excerpt, a scan whose table pages are missing); its errors make it need review, as any
/// record missing its indicators does, but a department it never reached is not a misread.
///
/// Text without line structure (`flat`) is the exception: there the form's end is where the
/// parser stopped recognising it, so a table run into the text may have been missed.
///
/// So is a form holding lines the parser could not place: text went on past the last field
/// read, and a table there may have been missed (`一级 | 二级 | 三级` headers it did not know).
pub fn cut_before_table(record: &Record) -> bool {
    let own = record.source.line_start..=record.source.line_end;
    let in_own = |d: &Diagnostic| d.line.is_none_or(|l| own.contains(&l));
    record.indicators.is_empty()
        && record.source.layout != crate::record::Layout::Flat
        && record
            .diagnostics
            .iter()
            .any(|d| d.code == Code::FormTruncated && in_own(d))
        && !record
            .diagnostics
            .iter()
            .any(|d| d.code == Code::UnplacedLine && in_own(d))
}

/// Whether a code on a record [cut before its table](cut_before_table) is explained by the
/// cut itself rather than by a misread, so it does not raise review there.
///
/// Only a missing department is, and only when nothing printed after it on the form was read:
/// every template prints 主管部门 before the funding block and the funding block before the
/// goals, so a department missing beside a funding amount or a goal was lost, not cut off.
/// The cut's own errors (`form-truncated`, `no-indicators`) and a missing total are what the
/// record format names as needing review.
fn explained_by_cut(record: &Record, code: Code) -> bool {
    let f = &record.funding;
    let goal = record.goals.annual.is_some() || record.goals.long_term.is_some();
    let funding =
        f.total.is_some() || f.fiscal.is_some() || f.other.is_some() || !f.items.is_empty();
    code == Code::DepartmentMissing && !funding && !goal
}

/// The lines of the indicator table: from its first row to the last line of its last row.
fn table_lines(record: &Record) -> std::ops::RangeInclusive<usize> {
    let first = record.indicators.iter().map(|i| i.line).min();
    let last = record
        .indicators
        .iter()
        .map(|i| i.line.max(i.line_end.unwrap_or(i.line)))
        .max();
    match (first, last) {
        (Some(a), Some(b)) => a..=b,
        #[allow(clippy::reversed_empty_ranges)]
        _ => 1..=0,
    }
}

/// The fields without which a record cannot be used at all.
fn check_essentials(record: &Record, out: &mut Vec<Diagnostic>) {
    if record.form_kind == FormKind::Project && is_blank(record.project_name.as_deref()) {
        out.push(Diagnostic::at(
            Code::ProjectNameMissing,
            header_line(record),
            "the form shows no 项目名称",
        ));
    }
    if record.funding.total.is_none() {
        out.push(Diagnostic::at(
            Code::FundingTotalMissing,
            header_line(record),
            "the form shows no 年度资金总额",
        ));
    }
    if record.form_kind == FormKind::Project && is_blank(record.department.as_deref()) {
        out.push(Diagnostic::at(
            Code::DepartmentMissing,
            header_line(record),
            "the form shows no 主管部门",
        ));
    }
    // fixture: fixtures/tables/cell-per-line-cut-goal-label.txt
    // Every form prints a goal: none read while header text fitted no field
    // means it is most likely among that text (a cut or unknown label).
    let table_start = record.indicators.iter().map(|i| i.line).min();
    let sentence = |t: &str| {
        t.ends_with(['。', '.'])
            || t.contains(['，', ',', '；', ';', '、'])
            || t.chars().count() >= 20
    };
    let unplaced_in_header = record.diagnostics.iter().any(|d| {
        d.code == Code::UnplacedLine
            && d.line.is_some_and(|l| table_start.is_none_or(|t| l < t))
            && d.message
                .strip_prefix(crate::grammar::UNPLACED)
                .is_some_and(sentence)
    });
    // fixture: fixtures/tables/words-unknown-header-label.txt
    // So is a goal kept under a label the vocabulary lacks (`部门整体绩效目标`).
    let goal_in_extra = record.extra.keys().any(|k| k.ends_with("目标"));
    if record.goals.annual.is_none()
        && record.goals.long_term.is_none()
        && (unplaced_in_header || goal_in_extra)
    {
        out.push(Diagnostic::at(
            Code::GoalLost,
            header_line(record),
            if unplaced_in_header {
                "the form shows no goal, and header text fitted no field: the goal may be among it"
            } else {
                "the form shows no goal, and a label the vocabulary lacks holds a goal: the goal may be there"
            },
        ));
    }
}

/// A field's name for messages, put together only when a message needs it
/// (`funding.total`, `extra 备注`): a prefix and the rest.
#[derive(Debug, Clone, Copy)]
struct Name<'a>(&'static str, &'a str);

impl std::fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)?;
        f.write_str(self.1)
    }
}

/// Every text field of the record with the line it was read from and a name for messages.
fn text_fields<'a>(record: &'a Record) -> Vec<(usize, Name<'a>, &'a str)> {
    let h = header_line(record);
    let mut v: Vec<(usize, Name<'a>, &str)> = Vec::new();
    fn put<'a>(
        v: &mut Vec<(usize, Name<'a>, &'a str)>,
        line: usize,
        what: Name<'a>,
        s: Option<&'a str>,
    ) {
        if let Some(s) = s {
            v.push((line, what, s));
        }
    }
    let mut push = |line: usize, what: Name<'a>, s: Option<&'a str>| put(&mut v, line, what, s);
    push(h, Name("title", ""), record.title.as_deref());
    push(h, Name("project_name", ""), record.project_name.as_deref());
    push(h, Name("department", ""), record.department.as_deref());
    if let Some(l) = &record.leader {
        push(h, Name("leader.name", ""), l.name.as_deref());
        push(h, Name("leader.phone", ""), l.phone.as_deref());
    }
    for u in record.implementers.iter().flatten() {
        push(h, Name("implementers", ""), Some(u));
    }
    let f = &record.funding;
    for (what, val) in [
        ("total", &f.total),
        ("fiscal", &f.fiscal),
        ("other", &f.other),
    ] {
        push(
            h,
            Name("funding.", what),
            val.as_ref().map(|v| v.raw.as_str()),
        );
    }
    for item in &f.items {
        push(h, Name("funding item ", &item.label), Some(&item.label));
        push(
            h,
            Name("funding item ", &item.label),
            Some(&item.amount.raw),
        );
    }
    push(h, Name("goals.annual", ""), record.goals.annual.as_deref());
    push(
        h,
        Name("goals.long_term", ""),
        record.goals.long_term.as_deref(),
    );
    for (k, val) in &record.extra {
        push(h, Name("extra ", k), Some(val));
    }
    for ind in &record.indicators {
        let l = ind.line;
        push(l, Name("indicator level1", ""), ind.level1.as_deref());
        push(l, Name("indicator level2", ""), ind.level2.as_deref());
        push(l, Name("indicator name", ""), ind.name.as_deref());
        push(
            l,
            Name("indicator value", ""),
            ind.value.as_ref().map(|v| v.raw.as_str()),
        );
        for (k, val) in &ind.extra {
            push(l, Name("indicator ", k), Some(val));
        }
    }
    push(
        record.source.line_end,
        Name("note", ""),
        record.note.as_deref(),
    );
    v
}

/// U+FFFD anywhere in a field: bytes were lost, the text is not what the form printed.
fn check_replacement_chars(record: &Record, out: &mut Vec<Diagnostic>) {
    for (line, what, s) in text_fields(record) {
        // U+FFFD is EF BF BD: three bytes compared in place (most fields are
        // short, where a substring search costs more than the scan).
        if s.as_bytes().windows(3).any(|w| w == "\u{FFFD}".as_bytes()) {
            out.push(Diagnostic::at(
                Code::ReplacementChar,
                line,
                format!("{what} holds U+FFFD (lost bytes): {s}"),
            ));
        }
    }
}

/// Every value of the record (indicator values and funding amounts) with its line.
fn values(record: &Record) -> Vec<(usize, &Value)> {
    let h = header_line(record);
    let f = &record.funding;
    let mut v: Vec<(usize, &Value)> = [&f.total, &f.fiscal, &f.other]
        .into_iter()
        .flatten()
        .map(|x| (h, x))
        .collect();
    v.extend(f.items.iter().map(|i| (h, &i.amount)));
    v.extend(
        record
            .indicators
            .iter()
            .filter_map(|i| i.value.as_ref().map(|x| (i.line, x))),
    );
    v
}

/// ASCII letter runs that real values use next to a number: units and well-known abbreviations.
const VALUE_WORDS: &[&str] = &[
    "km", "m", "cm", "mm", "kg", "g", "mg", "t", "L", "ml", "mL", "h", "d", "s", "min", "kW",
    "kWh", "kwh", "KW", "MW", "MWh", "kV", "KV", "kVA", "Mbps", "M", "G", "GB", "TB", "MB", "A",
    "AA", "AAA", "AAAA", "AAAAA", "PM", "COD", "BOD", "pH", "GDP", "B", "C", "D", "H", "K", "N",
    "Q", "T", "V", "W", "ha", "x", "X", "Hz", "dB", "ppm", "mu", "CO", "SO", "NO", "NH", "ISO",
    "IPv", "GB/T",
];

/// Characters no real value uses, or uses only in balanced pairs: why the value looks damaged.
pub fn odd_chars(raw: &str) -> Option<String> {
    if plainly_fine(raw) {
        return None;
    }
    odd_chars_checked(raw)
}

/// [`odd_chars`] without its shortcut.
fn odd_chars_checked(raw: &str) -> Option<String> {
    let chars: Vec<char> = raw.chars().map(crate::normalize::fold_char).collect();
    // Mojibake, private-use glyphs and box drawing never occur in a typed value.
    if let Some(c) = chars.iter().find(|&&c| {
        matches!(c,
            '\u{00C0}'..='\u{024F}' | '\u{2500}'..='\u{259F}' | '\u{E000}'..='\u{F8FF}'
            | '\u{00A4}' | '\u{00A6}' | '\u{00AC}' | '\u{00AF}')
    }) {
        return Some(format!("{c:?} is not a character values use"));
    }
    // Brackets must pair up.
    let mut depth = 0i32;
    for &c in &chars {
        match c {
            '(' | '[' | '【' | '〔' | '《' => depth += 1,
            ')' | ']' | '】' | '〕' | '》' => {
                depth -= 1;
                if depth < 0 {
                    return Some(format!("{c:?} closes no bracket"));
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        return Some("a bracket is never closed".into());
    }
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        // `%` ends a number: a letter or digit right after it is junk (`%66z`).
        if matches!(c, '%' | '‰') && next.is_some_and(|n| n.is_ascii_alphanumeric()) {
            return Some(format!("{c:?} is followed by {:?}", next.unwrap_or(' ')));
        }
        if matches!(c, '|' | '\\' | '_' | '^' | '`' | '@' | '$' | '{' | '}') {
            return Some(format!("{c:?} is not a character values use"));
        }
    }
    // A run of ASCII letters touching a digit must be a unit or a known abbreviation.
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphabetic() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let touches_digit = (start > 0 && chars[start - 1].is_ascii_digit())
            || chars.get(i).is_some_and(char::is_ascii_digit);
        // O, l and I beside a digit are reported as OCR confusions, not here.
        let ocr_letter = word.chars().all(|c| matches!(c, 'O' | 'l' | 'I'));
        if touches_digit && !ocr_letter && !VALUE_WORDS.contains(&word.as_str()) {
            return Some(format!("{word:?} touches a digit and is no unit"));
        }
    }
    None
}

/// True when every character of the value (folded) is one [`odd_chars`] never
/// objects to: digits (not right after `%`), ideographs, comparison glyphs and
/// plain punctuation, with no letter or bracket. Such a value (most are) needs
/// none of its checks.
fn plainly_fine(raw: &str) -> bool {
    let mut after_percent = false;
    for c in raw.chars().map(crate::normalize::fold_char) {
        let ok = match c {
            '0'..='9' => !after_percent,
            '.' | ',' | ' ' | '-' | '~' | '+' | '/' | ':' | '=' | '<' | '>' | '%' | '‰' => true,
            '\u{4E00}'..='\u{9FFF}' | '≥' | '≤' | '≧' | '≦' | '、' | '。' | '·' | '“' | '”' => {
                true
            }
            _ => false,
        };
        if !ok {
            return false;
        }
        after_percent = matches!(c, '%' | '‰');
    }
    true
}

/// Values with characters no value uses (`%66z`, `]年`).
fn check_value_chars(record: &Record, out: &mut Vec<Diagnostic>) {
    for (line, v) in values(record) {
        if let Some(why) = odd_chars(&v.raw) {
            out.push(Diagnostic::at(
                Code::ValueOddChars,
                line,
                format!("value {:?} looks damaged: {why}", v.raw),
            ));
        }
    }
}

/// Whether the raw text writes the `≥`/`≤` glyph family.
fn writes_glyph(raw: &str, glyphs: &[char]) -> bool {
    raw.contains(glyphs)
}

/// Whether the raw value starts with a bare `>` (or `<`) not followed by `=`,
/// a space between them or not (`> =90%` is split, not bare).
// fixture: fixtures/tables/split-comparators.txt
fn bare_comparator(raw: &str, bare: &[char]) -> bool {
    let mut cs = raw
        .trim_start()
        .chars()
        .filter(|c| !crate::normalize::is_space(*c));
    match (cs.next(), cs.next()) {
        (Some(c), next) => bare.contains(&c) && !matches!(next, Some('=' | '＝')),
        _ => false,
    }
}

/// OCR confusions the value grammar does not report: `二` before a digit, a bare `>` where
/// the form elsewhere writes `≥`, a digit beside a letter O, l or I.
fn check_ocr(record: &Record, out: &mut Vec<Diagnostic>) {
    let vals = values(record);
    let any_ge = vals
        .iter()
        .any(|(_, v)| writes_glyph(&v.raw, &['≥', '≧', '⩾']));
    let any_le = vals
        .iter()
        .any(|(_, v)| writes_glyph(&v.raw, &['≤', '≦', '⩽']));
    // The value grammar already names the confusions it read through (`ocr-digit`).
    let noted: HashSet<Option<usize>> = record
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::OcrDigit)
        .map(|d| d.line)
        .collect();
    for (line, v) in vals {
        if noted.contains(&Some(line)) {
            continue;
        }
        let raw = v.raw.as_str();
        // The confusions below need an `O`, `l`, `I` or `二`: a value with none
        // of them (most) is not walked character by character.
        let confusable = raw.bytes().any(|b| matches!(b, b'O' | b'l' | b'I'))
            || crate::substr::has_char(raw, '二');
        let chars: Vec<char> = if confusable {
            raw.chars().collect()
        } else {
            Vec::new()
        };
        let mut why = None;
        for (i, &c) in chars.iter().enumerate() {
            let next = chars.get(i + 1).copied();
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            if c == '二' && next.is_some_and(|n| n.is_ascii_digit()) {
                why = Some("`二` before a digit is usually an OCR reading of `=` or `≥`".into());
                break;
            }
            // A lone O, l or I beside a digit; inside a letter run it is a word (`CO2`, `ISO9001`).
            let lone = !prev.is_some_and(|p| p.is_ascii_alphabetic())
                && !next.is_some_and(|n| n.is_ascii_alphabetic());
            if matches!(c, 'O' | 'l' | 'I')
                && lone
                && (next.is_some_and(|n| n.is_ascii_digit())
                    || prev.is_some_and(|p| p.is_ascii_digit()))
            {
                why = Some(format!("the letter {c:?} beside a digit"));
                break;
            }
        }
        // `2 90%`: a lone 2 and a space before the number, `≥` read as a digit.
        if why.is_none() && lone_two_before_number(raw) {
            why = Some("a lone `2` before a number is usually an OCR reading of `≥`".into());
        }
        if why.is_none() && any_ge && bare_comparator(raw, &['>', '＞']) {
            why = Some("a bare `>` where the form elsewhere writes `≥`".into());
        }
        if why.is_none() && any_le && bare_comparator(raw, &['<', '＜']) {
            why = Some("a bare `<` where the form elsewhere writes `≤`".into());
        }
        if let Some(why) = why {
            out.push(Diagnostic::at(
                Code::OcrSuspect,
                line,
                format!("value {raw:?} may be misread: {why}"),
            ));
        }
    }
}

/// `2 90%`: the digit 2, white space, then a number.
fn lone_two_before_number(raw: &str) -> bool {
    let Some(rest) = raw.strip_prefix('2') else {
        return false;
    };
    let after = rest.trim_start_matches(crate::normalize::is_space);
    after.len() < rest.len() && after.starts_with(|c: char| c.is_ascii_digit())
}

/// fixture: fixtures/tables/date-serial-value.txt
/// A 时效 value that is a bare whole number in the range of a spreadsheet's
/// date serials for 2000–2049 (`44,895`, 2022-11-30): a date cell exported
/// as its number, not a count.
fn check_date_serials(record: &Record, out: &mut Vec<Diagnostic>) {
    for ind in &record.indicators {
        let timely = || {
            ind.level2.as_deref().is_some_and(|l| l.contains("时效"))
                || ["时间", "日期", "时限"]
                    .iter()
                    .any(|w| ind.name.as_deref().is_some_and(|n| n.contains(w)))
        };
        let Some(v) = ind.value.as_ref() else {
            continue;
        };
        let serial = match &v.kind {
            ValueKind::Quantity { number, unit, .. } => {
                let n = number.0;
                let no_unit = unit
                    .as_deref()
                    .is_none_or(|u| u.chars().all(|c| c.is_ascii_digit() || c == ','));
                (no_unit && n.fract() == 0.0 && (36_526.0..=54_788.0).contains(&n)).then_some(n)
            }
            _ => None,
        };
        if let Some(n) = serial.filter(|_| timely()) {
            let when = crate::value::serial_date(n).map_or_else(String::new, |d| format!(" ({d})"));
            out.push(Diagnostic::at(
                Code::DateSerial,
                ind.line,
                format!(
                    "value {:?} of {} reads as a spreadsheet date serial{when}",
                    v.raw,
                    ind.name.as_deref().unwrap_or("")
                ),
            ));
        }
    }
}

/// The 二级指标 groups whose values are normally quantities.
fn quantity_group(level2: Option<&str>) -> bool {
    level2.is_some_and(|l| crate::substr::has_any(l, &["数量", "成本", "时效"]))
}

/// Text that names a date or a time of year rather than a damaged number (`12月底前`, `第四季度`).
fn date_like(v: &Value) -> bool {
    if v.date.is_some() {
        return true;
    }
    let chars: Vec<char> = v.raw.chars().collect();
    chars.iter().enumerate().all(|(i, c)| {
        !c.is_ascii_digit()
            || chars[i + 1..]
                .iter()
                .find(|n| !n.is_ascii_digit() && !n.is_whitespace())
                .is_some_and(|n| matches!(n, '年' | '月' | '日' | '号' | '季' | '.' | '-' | '/'))
    })
}

/// A text value holding digits in a 数量/成本/时效 group whose other values are all numbers,
/// or a percent in any group that still reads as text: a number the grammar could not read,
/// so the value's number is lost.
fn check_kind_odd(record: &Record, out: &mut Vec<Diagnostic>) {
    // fixture: fixtures/tables/percent-unreadable.txt
    // A value of nothing but digits, a percent sign, comparators and spaces
    // that still reads as text (`>=9 0%`, a space OCR put inside the number)
    // is a number lost, in any group.
    let percent_marks = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '%' | '％' | '.' | ' ' | '≥' | '≤' | '>' | '<' | '=' | '＞' | '＜' | '＝'
            )
    };
    for ind in &record.indicators {
        let Some(v) = &ind.value else { continue };
        let raw = v.raw.trim();
        if matches!(v.kind, ValueKind::Text { .. })
            && raw.contains(['%', '％'])
            && raw.chars().any(|c| c.is_ascii_digit())
            && raw.chars().all(percent_marks)
        {
            out.push(Diagnostic::at(
                Code::ValueKindOdd,
                ind.line,
                format!("value {raw:?} is a percent the grammar could not read as a number"),
            ));
        }
    }
    // Only a text value holding a digit in a quantity group can be odd: most records have none.
    let suspect = |ind: &Indicator| {
        ind.value.as_ref().is_some_and(|v| {
            matches!(v.kind, ValueKind::Text { .. })
                && v.raw
                    .chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        }) && quantity_group(ind.level2.as_deref())
    };
    if !record.indicators.iter().any(suspect) {
        return;
    }
    let mut groups: HashMap<(Option<&str>, Option<&str>), Vec<&Indicator>> = HashMap::new();
    for ind in &record.indicators {
        groups
            .entry((ind.level1.as_deref(), ind.level2.as_deref()))
            .or_default()
            .push(ind);
    }
    for ((_, l2), members) in &groups {
        if !quantity_group(*l2) {
            continue;
        }
        for ind in members {
            let Some(v) = &ind.value else { continue };
            if !matches!(v.kind, ValueKind::Text { .. }) || date_like(v) {
                continue;
            }
            if !v
                .raw
                .chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            {
                continue;
            }
            let others: Vec<&Value> = members
                .iter()
                .filter(|o| o.line != ind.line)
                .filter_map(|o| o.value.as_ref())
                .collect();
            let all_numbers = !others.is_empty()
                && others.iter().all(|o| {
                    matches!(o.kind, ValueKind::Quantity { .. } | ValueKind::Range { .. })
                });
            if all_numbers {
                out.push(Diagnostic::at(
                    Code::ValueKindOdd,
                    ind.line,
                    format!(
                        "value {:?} is text among the quantities of {}",
                        v.raw,
                        l2.unwrap_or("")
                    ),
                ));
            }
        }
    }
}

/// A satisfaction name spelled like the level it sits under (`服务对象满意度`
/// under 服务对象满意度指标 or 满意度指标) is the usual satisfaction row, not a
/// label misread as a name.
fn names_its_own_level(label: Label, ind: &crate::record::Indicator) -> bool {
    let Label::Level2(canonical) = label else {
        return false;
    };
    // fixture: fixtures/tables/name-column-holds-level2.txt
    // A table that prints the 二级 label under 指标名称 and describes the
    // target in a column of its own: the label is the row's name.
    let described = ind.extra.values().any(|t| t.chars().count() > 2);
    if ind.level2.as_deref() == Some(canonical) && described {
        return true;
    }
    if crate::labels::level1_of(canonical) != Some("满意度指标") {
        return false;
    }
    let levels = [ind.level1.as_deref(), ind.level2.as_deref()];
    levels.contains(&Some(canonical))
        || crate::labels::level1_of(canonical).is_some_and(|l1| levels.contains(&Some(l1)))
}

/// An indicator name of one or two characters, or one that is a form label.
fn check_names(record: &Record, out: &mut Vec<Diagnostic>) {
    for ind in &record.indicators {
        let Some(name) = ind.name.as_deref() else {
            continue;
        };
        // Counted up to three, all the test below needs; the CJK test first,
        // as it needs no Unicode table (the same characters pass either way).
        let letters = name
            .chars()
            .filter(|c| crate::normalize::is_cjk(*c) || c.is_alphanumeric())
            .take(3)
            .count();
        // fixture: tests/tables.rs (a list of indicators run into one name)
        // Rows run together hold the first levels of the rows after the first.
        // A 二级 label holding one (生态效益指标) is a label, checked below.
        let a_level = || {
            matches!(
                match_label(name),
                Some(m) if matches!(m.label, Label::Level1(_) | Label::Level2(_))
            )
        };
        let level1_inside = crate::labels::STANDARD_LEVEL1
            .iter()
            .find(|l| crate::substr::has(name, l) && !name.starts_with(*l))
            .filter(|_| !a_level());
        let why = if (1..=2).contains(&letters) {
            Some(format!("the name {name:?} is only {letters} character(s)"))
        } else if longer_than_any("indicator.name", name) {
            Some(format!(
                "the name {name:?} is longer than any indicator's: rows may have run together"
            ))
        } else if let Some(l) = level1_inside {
            Some(format!(
                "the name {name:?} holds the first level {l}: rows may have run together"
            ))
        } else if holds_target(name) {
            // fixture: fixtures/tables/header-cell-wrapped.txt
            Some(format!(
                "the name {name:?} holds a comparator and a number: the row's cells may have run into it"
            ))
        } else {
            match match_label(name) {
                // Header rows the contract keeps in `extra` (项目实施期) and funding rows
                // (中央资金) are also real indicator names; the other labels are not.
                Some(m)
                    if !m.fuzzy
                        && m.rest.is_empty()
                        && !matches!(m.label, Label::Field(Field::Extra | Field::FundingItem))
                        && !names_its_own_level(m.label, ind) =>
                {
                    Some(format!(
                        "the name {name:?} is the form label {}",
                        m.spelling
                    ))
                }
                _ => None,
            }
        };
        if let Some(why) = why {
            out.push(Diagnostic::at(Code::IndicatorNameSuspect, ind.line, why));
        }
    }
}

/// Whether a name holds a comparator before a number (`预算执行率10%=100`): a
/// row glued whole, its target run into its name.
fn holds_target(name: &str) -> bool {
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        let comparator = matches!(c, '=' | '＝' | '≥' | '≤' | '>' | '<' | '＞' | '＜');
        if comparator && chars.peek().is_some_and(|n| n.is_ascii_digit()) {
            return true;
        }
    }
    false
}

/// A 二级指标 that is no label of the vocabulary and does not end in 指标: a name or a
/// value read into the label column. Under a 一级 the vocabulary lacks too
/// (`履职效能 / 部门履职`, `影响力指标 / 长效管理`) it is the form's own scheme of
/// levels, read by its columns, not a misplaced name.
fn check_level2<'r>(record: &'r Record, out: &mut Vec<Diagnostic>) {
    // A table repeats its few labels row after row: each is looked up once,
    // for the level it names.
    let mut looked: Vec<(&'r str, Option<Label>)> = Vec::new();
    let mut level = |label: &'r str| match looked.iter().find(|(t, _)| *t == label) {
        Some(&(_, k)) => k,
        None => {
            let k = match_label(label)
                .filter(|m| m.rest.is_empty())
                .map(|m| m.label)
                .filter(|l| matches!(l, Label::Level1(_) | Label::Level2(_)));
            looked.push((label, k));
            k
        }
    };
    for ind in &record.indicators {
        let Some(l2) = ind.level2.as_deref() else {
            continue;
        };
        // fixture: fixtures/tables/levels-unknown-by-index.txt
        // fixture: fixtures/tables/level2-words-as-own-level1.txt
        // (A 二级's words heading the form's own 一级: `服务对象满意度 / 读者服务`.)
        let own_scheme = ind
            .level1
            .as_deref()
            .is_some_and(|l1| !matches!(level(l1), Some(Label::Level1(_))));
        if level(l2).is_none() && !l2.ends_with("指标") && !own_scheme {
            out.push(Diagnostic::at(
                Code::Level2Unknown,
                ind.line,
                format!("二级指标 {l2:?} is not a label of the vocabulary"),
            ));
        }
    }
}

/// Rows whose cells did not land in their columns: a value without a name, or a name that
/// reads as a number.
fn check_rows(record: &Record, out: &mut Vec<Diagnostic>) {
    for ind in &record.indicators {
        let name = ind.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let why = match (name, &ind.value) {
            (None, Some(v)) => Some(format!("value {:?} has no indicator name", v.raw)),
            // A name without a digit or a Chinese numeral never reads as a value.
            (Some(n), _) if !crate::value::may_hold_number(n) => None,
            (Some(n), _) => {
                let (parsed, _) = crate::value::parse_value(n);
                matches!(
                    parsed.kind,
                    ValueKind::Quantity { .. } | ValueKind::Range { .. }
                )
                .then(|| format!("the name {n:?} reads as a value"))
            }
            (None, None) => None,
        };
        if let Some(why) = why {
            out.push(Diagnostic::at(Code::RowMisaligned, ind.line, why));
        }
    }
}

/// Words that belong to another field or to a cover page, never inside a header value.
const GLUE_MARKERS: &[&str] = &[
    "编报单位",
    "申报单位(",
    "印章",
    "盖章",
    "负责人",
    "联系电话",
    "联系人",
    "填报日期",
    "填表人",
    "项目名称",
    "主管部门",
    "实施单位",
    "资金情况",
    "年度资金总额",
    "申报表",
    "目标表",
    "年度目标",
    "绩效指标",
    "年月日",
];

/// [`GLUE_MARKERS`] as one automaton: every marker a text holds, in one pass.
static GLUE: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(GLUE_MARKERS).ok());

/// The first of [`GLUE_MARKERS`] (in their order) that `text` holds.
fn glue_marker(text: &str) -> Option<&'static str> {
    match GLUE.as_ref() {
        Some(ac) => ac
            .find_overlapping_iter(text)
            .map(|m| m.pattern().as_usize())
            .min()
            .and_then(|i| GLUE_MARKERS.get(i).copied()),
        None => GLUE_MARKERS.iter().find(|m| text.contains(**m)).copied(),
    }
}

/// A phone number inside text: a mobile number, or an area code and a local number.
fn phone_in(text: &str) -> Option<String> {
    // No digit, no number (and no allocation for most fields).
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '-') {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let mobile = digits.len() == 11 && digits.starts_with('1') && !run.contains('-');
        let landline =
            run.starts_with('0') && run.contains('-') && (10..=12).contains(&digits.len());
        let local = !run.contains('-') && (7..=8).contains(&digits.len());
        let in_code = start > 0 && matches!(chars[start - 1], '[' | '(' | '（' | '【');
        if (mobile || landline || local) && !in_code {
            return Some(run);
        }
    }
    None
}

/// The longest a real value of each header field runs, in characters.
const MAX_LEN: &[(&str, usize)] = &[
    ("project_name", 64),
    ("department", 48),
    ("implementers", 48),
    ("leader.name", 12),
    ("title", 48),
    ("indicator.name", 60),
];

/// Whether `text` runs longer than any real value of the header field
/// `what` (`project_name`, `department`, …), white space not counted.
pub fn longer_than_any(what: &str, text: &str) -> bool {
    MAX_LEN
        .iter()
        .find(|(w, _)| *w == what)
        // No more bytes than the limit: no more characters either.
        .is_some_and(|&(_, max)| {
            text.len() > max && text.chars().filter(|c| !c.is_whitespace()).count() > max
        })
}

/// Header text that looks like two fields glued, or longer than any real one of its kind.
fn check_header(record: &Record, out: &mut Vec<Diagnostic>) {
    let h = header_line(record);
    let mut fields: Vec<(&str, &str)> = Vec::new();
    if let Some(p) = record.project_name.as_deref() {
        fields.push(("project_name", p));
    }
    if let Some(d) = record.department.as_deref() {
        fields.push(("department", d));
    }
    for u in record.implementers.iter().flatten() {
        fields.push(("implementers", u));
    }
    if let Some(n) = record.leader.as_ref().and_then(|l| l.name.as_deref()) {
        fields.push(("leader.name", n));
    }
    if let Some(t) = record.title.as_deref() {
        fields.push(("title", t));
    }
    for (what, text) in fields {
        let mut compact = String::with_capacity(text.len());
        compact.extend(text.chars().filter(|c| !c.is_whitespace()));
        let marker = if what == "title" {
            None
        } else {
            glue_marker(&compact)
        };
        let glued = if let Some(m) = marker {
            Some(format!("it holds {m}"))
        } else if what == "leader.name" && compact.chars().any(|c| c.is_ascii_digit()) {
            Some("a name holds digits".to_owned())
        } else if what != "title" {
            phone_in(&compact).map(|p| format!("it holds the phone number {p}"))
        } else {
            None
        };
        if let Some(why) = glued {
            out.push(Diagnostic::at(
                Code::HeaderGlued,
                h,
                format!("{what} {text:?} looks like two fields glued: {why}"),
            ));
            continue;
        }
        let len = compact.chars().count();
        if let Some(&(_, max)) = MAX_LEN.iter().find(|(w, _)| *w == what) {
            if len > max {
                out.push(Diagnostic::at(
                    Code::HeaderTooLong,
                    h,
                    format!("{what} runs {len} characters, more than any real one ({max})"),
                ));
            }
        }
    }
}

/// A header label printed twice with a different value the second time: the first was kept,
/// and which one is right is unknown.
fn check_field_conflicts(record: &Record, out: &mut Vec<Diagnostic>) {
    // Only a printed-twice diagnostic can conflict: most records have none.
    if !record
        .diagnostics
        .iter()
        .any(|d| d.code == Code::DuplicateField)
    {
        return;
    }
    let mut known: Vec<String> = Vec::new();
    known.extend(record.project_name.clone());
    known.extend(record.department.clone());
    known.extend(record.title.clone());
    if let Some(l) = &record.leader {
        known.extend(l.name.clone());
        known.extend(l.phone.clone());
        if let (Some(n), Some(p)) = (&l.name, &l.phone) {
            known.push(format!("{n}{p}"));
            known.push(format!("{n} {p}"));
        }
    }
    if let Some(units) = &record.implementers {
        known.push(units.join("、"));
        known.extend(units.iter().cloned());
    }
    let compact = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let known: HashSet<String> = known.iter().map(|s| compact(s)).collect();
    for d in &record.diagnostics {
        if d.code != Code::DuplicateField {
            continue;
        }
        // The message names the second value in brackets: `项目名称 appears again (X); …`.
        let second = d
            .message
            .split_once(" appears again (")
            .and_then(|(_, rest)| rest.rsplit_once("); the first value was kept"))
            .map(|(v, _)| compact(v));
        let differs = second.is_some_and(|v| {
            !known.contains(&v)
                && !known
                    .iter()
                    .any(|k| !k.is_empty() && v.contains(k.as_str()))
        });
        if differs {
            out.push(Diagnostic::new(
                Code::FieldConflict,
                d.line,
                format!(
                    "a header field is printed twice with different values: {}",
                    d.message
                ),
            ));
        }
    }
}

/// Funding item labels that name another period or a total, not a share of the year's money.
const PERIOD_WORDS: &[&str] = &[
    "实施期",
    "中期",
    "累计",
    "总额",
    "合计",
    "总计",
    "全部",
    "以前年度",
    "上年",
    "上一年",
    "下年",
    "往年",
    "项目总",
];

/// An item labelled as the total or the fiscal row itself (`财政资金`, `其中:财政拨款`)
/// beside the year's: another period's copy of that row, not a share of the year's money. A
/// government level (`本级财政资金`) is a share.
// fixture: fixtures/tables/funding-term-and-year-pairs.txt
fn slot_copy(label: &str) -> bool {
    match_label(label).is_some_and(|m| {
        matches!(
            m.label,
            Label::Field(Field::FundingTotal | Field::FundingFiscal)
        ) && m.rest.trim().is_empty()
    }) && !crate::labels::GOVERNMENT_LEVELS
        .iter()
        .any(|l| label.contains(l))
}

/// fixture: fixtures/tables/funding-year-columns-with-sum.txt
/// An item of another year's column (`2024年财政拨款` on a 2025 form).
fn another_year(label: &str, year: Option<i32>) -> bool {
    let Some(y) = label
        .get(..4)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
    else {
        return false;
    };
    label[4..].starts_with('年') && y.parse::<i32>().ok() != year
}

/// Funding items whose amounts add up to more than the year's total.
///
/// Items of another period are left out, and an item equal to the sum of the items right after
/// it (a sub-total over its breakdown) is counted once. Items that add up to the total close a
/// breakdown: the total broken down again (by source, then by use or by task) starts anew.
// fixture: fixtures/tables/duty-table-task-titles.txt
fn check_funding_items(record: &Record, out: &mut Vec<Diagnostic>) {
    let f = &record.funding;
    let Some(total) = f.total.as_ref().and_then(Value::number) else {
        return;
    };
    let amounts: Vec<f64> = f
        .items
        .iter()
        .filter(|i| !PERIOD_WORDS.iter().any(|w| i.label.contains(w)) && !slot_copy(&i.label))
        .filter(|i| !another_year(&i.label, record.year))
        .filter_map(|i| i.amount.number())
        .collect();
    if amounts.is_empty() {
        return;
    }
    let mut sum = 0.0;
    for (i, &a) in amounts.iter().enumerate() {
        let mut run = 0.0;
        let mut subtotal = false;
        for &b in &amounts[i + 1..] {
            run += b;
            if amounts_agree(run, a) {
                subtotal = true;
                break;
            }
        }
        if subtotal {
            continue;
        }
        sum += a;
        if sum > total && !amounts_agree(sum, total) {
            break;
        }
        if amounts_agree(sum, total) && i + 1 < amounts.len() {
            sum = 0.0;
        }
    }
    if sum > total && !amounts_agree(sum, total) {
        out.push(Diagnostic::at(
            Code::FundingItemsExceed,
            header_line(record),
            format!(
                "the funding items add up to {sum}, more than 年度资金总额 {total} ({})",
                f.unit
            ),
        ));
    }
}

/// Page furniture inside the indicator table: a page break there may split or drop a row.
fn check_table_furniture(record: &Record, out: &mut Vec<Diagnostic>) {
    // A table on one line (text without separators) holds no page break:
    // what was skipped on that line lies before or after the form.
    // fixture: fixtures/glued/label-in-sentence.txt
    let table = table_lines(record);
    if table.start() == table.end() {
        return;
    }
    for d in &record.diagnostics {
        if d.code == Code::PageFurniture
            && d.line
                .is_some_and(|l| table.contains(&l) && !between_whole_rows(record, l))
        {
            out.push(Diagnostic::new(
                Code::FurnitureInTable,
                d.line,
                format!("page furniture inside the indicator table: {}", d.message),
            ));
        }
    }
}

/// fixture: fixtures/tables/continued-table-marker.txt
/// Whether page furniture at `line` falls between two whole indicator rows:
/// neither spans it, and the rows right before and after it each have a name
/// and a value. Such a page break split nothing.
fn between_whole_rows(record: &Record, line: usize) -> bool {
    let whole = |i: &Indicator| {
        i.name.as_deref().is_some_and(|n| !n.is_empty())
            && i.value.as_ref().is_some_and(|v| !v.raw.is_empty())
    };
    let inds = &record.indicators;
    if inds.iter().any(|i| i.line <= line && line <= i.last_line()) {
        return false;
    }
    let before = inds
        .iter()
        .filter(|i| i.last_line() < line)
        .max_by_key(|i| i.last_line());
    let after = inds.iter().filter(|i| i.line > line).min_by_key(|i| i.line);
    before.is_some_and(whole) && after.is_some_and(whole)
}

#[cfg(test)]
mod tests {
    #[test]
    fn plainly_fine_values_have_no_odd_chars() {
        // Every string of up to three characters from an alphabet mixing the
        // shortcut's characters with those the checks object to.
        let alphabet: Vec<char> =
            "0 9.,%‰≥≤、·“”/:=<>+-~公里个年是（）()[]】《》|_aZkmOlI％５ｍ\u{E000}\u{00C0}\u{2500}"
                .chars()
                .collect();
        let mut strings = vec![String::new()];
        for _ in 0..3 {
            let mut next = Vec::new();
            for s in &strings {
                for &c in &alphabet {
                    next.push(format!("{s}{c}"));
                }
            }
            strings.extend(next);
        }
        for s in &strings {
            if super::plainly_fine(s) {
                assert_eq!(super::odd_chars_checked(s), None, "{s:?}");
            }
        }
    }

    #[test]
    fn header_lengths() {
        assert!(!longer_than_any("project_name", "乡村道路日常养护"));
        assert!(longer_than_any("project_name", &"某".repeat(65)));
        assert!(!longer_than_any("project_name", &"某 ".repeat(64)));
        assert!(longer_than_any("department", &"某".repeat(49)));
        assert!(!longer_than_any("no such field", &"某".repeat(500)));
    }

    use super::*;
    use crate::diagnostic::Severity;
    use crate::record::{Funding, FundingItem, Goals, Leader, Op};
    use crate::testing::{indicator, project, qty};

    /// A value as the grammar reads it.
    fn val(raw: &str) -> Value {
        crate::value::parse_value(raw).0
    }

    fn ind(l1: &str, l2: &str, name: &str, raw: &str, line: usize) -> Indicator {
        indicator(l1, l2, name, Some(val(raw)), line)
    }

    /// A clean project record no signal fires on; each test changes one thing.
    fn clean() -> Record {
        let mut r = project(
            30,
            vec![
                ind("产出指标", "数量指标", "改造水厂数量", "≥3处", 15),
                ind("产出指标", "数量指标", "新铺管网长度", "≥12公里", 16),
                ind("产出指标", "质量指标", "工程验收合格率", "100%", 17),
                ind("产出指标", "时效指标", "完工时间", "2021年12月底前", 18),
                ind("产出指标", "时效指标", "资金拨付及时率", "≥95%", 19),
                ind("产出指标", "成本指标", "户均改造成本", "≤0.3万元", 20),
                ind(
                    "效益指标",
                    "社会效益指标",
                    "饮水安全保障人数",
                    "≥4200人",
                    21,
                ),
                ind("效益指标", "可持续影响指标", "工程运行年限", "≥15年", 22),
                ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", 23),
            ],
        );
        r.year = Some(2021);
        r.project_name = Some("石桥镇饮水安全巩固提升".into());
        r.leader = Some(Leader {
            name: Some("周明".into()),
            phone: Some("13912340000".into()),
        });
        r.department = Some("石桥县水利局".into());
        r.implementers = Some(vec!["石桥县水务站".into()]);
        r.funding = Funding {
            total: Some(qty("120万元", None, 120.0, Some("万元"))),
            fiscal: Some(qty("100万元", None, 100.0, Some("万元"))),
            other: Some(qty("20万元", None, 20.0, Some("万元"))),
            ..Funding::default()
        };
        r.goals = Goals {
            annual: Some("完成3处水厂改造,保障4200人饮水安全。".into()),
            long_term: None,
        };
        r.note = Some("注:各地可根据实际情况填报。".into());
        r
    }

    fn assessed(mut r: Record) -> Record {
        crate::validate::validate(&mut r);
        assess(&mut r);
        r
    }

    fn codes(r: &Record) -> Vec<Code> {
        r.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn clean_record_is_trusted() {
        let r = assessed(clean());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(!r.needs_review);
        assert!(r.review_reasons.is_empty());
    }

    /// One change to the clean record, the code it must raise (or None: nothing may fire).
    type Case = (&'static str, fn(&mut Record), Option<Code>);

    fn set_value(r: &mut Record, line: usize, raw: &str) {
        if let Some(i) = r.indicators.iter_mut().find(|i| i.line == line) {
            i.value = Some(val(raw));
        }
    }

    fn set_levels(r: &mut Record, line: usize, level1: &str, level2: &str) {
        if let Some(i) = r.indicators.iter_mut().find(|i| i.line == line) {
            i.level1 = Some(level1.into());
            i.level2 = Some(level2.into());
        }
    }

    fn set_name(r: &mut Record, line: usize, name: &str) {
        if let Some(i) = r.indicators.iter_mut().find(|i| i.line == line) {
            i.name = Some(name.into());
        }
    }

    const CASES: &[Case] = &[
        // value of another kind than its neighbours
        (
            "digits in text among quantities",
            |r| set_value(r, 16, "约12公里左右吧"),
            Some(Code::ValueKindOdd),
        ),
        (
            "a date among quantities",
            |r| set_value(r, 19, "12月底前"),
            None,
        ),
        (
            "words among quantities",
            |r| set_value(r, 16, "按计划完成"),
            None,
        ),
        (
            "text in a quality group",
            |r| set_value(r, 17, "达到国家标准"),
            None,
        ),
        // characters no value uses
        (
            "percent then letters",
            |r| set_value(r, 23, "%66z"),
            Some(Code::ValueOddChars),
        ),
        (
            "unpaired bracket",
            |r| set_value(r, 18, "2021]年"),
            Some(Code::ValueOddChars),
        ),
        ("a unit in letters", |r| set_value(r, 16, "≥12km"), None),
        (
            "a known abbreviation",
            |r| set_value(r, 21, "PM2.5浓度≤35"),
            None,
        ),
        ("paired brackets", |r| set_value(r, 17, "100%(含)"), None),
        (
            "chemical formulas",
            |r| set_value(r, 21, "CO2排放≤50t,NH3-N≤5mg/L"),
            None,
        ),
        (
            "a standard number",
            |r| set_value(r, 17, "符合ISO9001及GB/T 50300-2013"),
            None,
        ),
        (
            "a building number",
            |r| set_value(r, 17, "1#楼验收合格"),
            None,
        ),
        (
            "letter l before digits",
            |r| set_value(r, 17, "l00%"),
            Some(Code::OcrSuspect),
        ),
        (
            "mojibake",
            |r| set_value(r, 23, "â‰¥90%"),
            Some(Code::ValueOddChars),
        ),
        (
            "a spreadsheet date serial in a 时效 row",
            |r| set_value(r, 19, "44895"),
            Some(Code::DateSerial),
        ),
        (
            "a count of that size in a 数量 row",
            |r| set_value(r, 15, "45000"),
            None,
        ),
        // OCR confusions
        (
            "a lone 2 before a number",
            |r| set_value(r, 23, "2 90%"),
            Some(Code::OcrSuspect),
        ),
        (
            "二 before a number",
            |r| set_value(r, 23, "二90%"),
            Some(Code::OcrSuspect),
        ),
        (
            "bare > among ≥",
            |r| set_value(r, 23, ">90%"),
            Some(Code::OcrSuspect),
        ),
        (
            "letter O beside a digit",
            |r| set_value(r, 15, "≥3O处"),
            Some(Code::OcrSuspect),
        ),
        (
            "U+FFFD in a name",
            |r| r.project_name = Some("石桥镇饮水\u{FFFD}全".into()),
            Some(Code::ReplacementChar),
        ),
        (
            "= where the form writes ≥",
            |r| set_value(r, 17, "=100%"),
            None,
        ),
        // indicator names
        (
            "a one-character name",
            |r| set_name(r, 16, "长"),
            Some(Code::IndicatorNameSuspect),
        ),
        (
            "a label as a name",
            |r| set_name(r, 16, "数量指标"),
            Some(Code::IndicatorNameSuspect),
        ),
        (
            "a column header as a name",
            |r| set_name(r, 16, "指标值"),
            Some(Code::IndicatorNameSuspect),
        ),
        (
            "a three-character name",
            |r| set_name(r, 16, "管网长"),
            None,
        ),
        (
            "a satisfaction label named under its own level",
            |r| {
                set_levels(r, 16, "满意度指标", "服务对象满意度指标");
                set_name(r, 16, "服务对象满意度");
            },
            None,
        ),
        (
            "a satisfaction label named under an output level",
            |r| set_name(r, 16, "服务对象满意度"),
            Some(Code::IndicatorNameSuspect),
        ),
        (
            "a header-row label as a name",
            |r| set_name(r, 16, "项目实施期"),
            None,
        ),
        // header text glued or too long
        (
            "cover page in the name",
            |r| r.project_name = Some("石桥镇饮水安全巩固提升编报单位(印章)".into()),
            Some(Code::HeaderGlued),
        ),
        (
            "leader label in the name",
            |r| r.project_name = Some("石桥镇饮水安全项目负责人".into()),
            Some(Code::HeaderGlued),
        ),
        (
            "a phone in the department",
            |r| r.department = Some("石桥县水利局13912340000".into()),
            Some(Code::HeaderGlued),
        ),
        (
            "digits in a leader name",
            |r| {
                r.leader = Some(Leader {
                    name: Some("周明139".into()),
                    phone: None,
                })
            },
            Some(Code::HeaderGlued),
        ),
        (
            "a department code",
            |r| r.department = Some("[610001]石桥县水利局".into()),
            None,
        ),
        (
            "a year in the name",
            |r| r.project_name = Some("2021年石桥镇饮水安全巩固提升".into()),
            None,
        ),
        (
            "a name too long",
            |r| r.project_name = Some("石桥镇饮水安全巩固提升".repeat(6)),
            Some(Code::HeaderTooLong),
        ),
        // funding
        (
            "total ≠ fiscal + other",
            |r| r.funding.total = Some(qty("150", None, 150.0, None)),
            Some(Code::FundingMismatch),
        ),
        (
            "items above the total",
            |r| {
                r.funding.items = vec![
                    FundingItem {
                        label: "中央资金".into(),
                        amount: qty("100", None, 100.0, None),
                    },
                    FundingItem {
                        label: "市级资金".into(),
                        amount: qty("50", None, 50.0, None),
                    },
                ]
            },
            Some(Code::FundingItemsExceed),
        ),
        (
            "a sub-total over its breakdown",
            |r| {
                r.funding.items = vec![
                    FundingItem {
                        label: "上级资金".into(),
                        amount: qty("100", None, 100.0, None),
                    },
                    FundingItem {
                        label: "中央资金".into(),
                        amount: qty("60", None, 60.0, None),
                    },
                    FundingItem {
                        label: "省级资金".into(),
                        amount: qty("40", None, 40.0, None),
                    },
                ]
            },
            None,
        ),
        (
            "the total broken down twice (by source, then by task)",
            |r| r.funding.items = twice_broken_down(50.0),
            None,
        ),
        (
            "a second breakdown above the total",
            |r| r.funding.items = twice_broken_down(60.0),
            Some(Code::FundingItemsExceed),
        ),
        (
            "another period's total",
            |r| {
                r.funding.items = vec![FundingItem {
                    label: "实施期资金总额".into(),
                    amount: qty("500", None, 500.0, None),
                }]
            },
            None,
        ),
        // rows and labels
        (
            "a value without a name",
            |r| r.indicators[1].name = None,
            Some(Code::RowMisaligned),
        ),
        (
            "a name that reads as a value",
            |r| set_name(r, 16, "≥12公里"),
            Some(Code::RowMisaligned),
        ),
        (
            "a row glued whole into its name",
            |r| set_name(r, 16, "预算执行率10%=100"),
            Some(Code::IndicatorNameSuspect),
        ),
        (
            "a name with a number but no comparator before it",
            |r| set_name(r, 16, "PM2.5年均浓度"),
            None,
        ),
        (
            "a name in the 二级 column",
            |r| r.indicators[1].level2 = Some("新铺管网".into()),
            Some(Code::Level2Unknown),
        ),
        (
            "a 二级 label as written",
            |r| r.indicators[1].level2 = Some("社会公众满意度指标".into()),
            None,
        ),
        (
            "a 二级 of the form's own scheme, under its own 一级",
            |r| {
                r.indicators[1].level1 = Some("履职效能".into());
                r.indicators[1].level2 = Some("部门履职".into());
            },
            None,
        ),
        (
            "a name in the 二级 column under a known 一级",
            |r| {
                r.indicators[1].level1 = Some("产出指标".into());
                r.indicators[1].level2 = Some("部门履职".into());
            },
            Some(Code::Level2Unknown),
        ),
        // essentials and header fields
        (
            "no department",
            |r| r.department = None,
            Some(Code::DepartmentMissing),
        ),
        ("no year", |r| r.year = None, None),
        (
            "no goal, header text unplaced",
            |r| {
                r.goals.annual = None;
                r.goals.long_term = None;
                r.diagnostics.push(Diagnostic::at(
                    Code::UnplacedLine,
                    2,
                    "text fits no field of the form: 完成示例道路养护10公里。",
                ));
            },
            Some(Code::GoalLost),
        ),
        (
            "no goal, a goal under an unknown label",
            |r| {
                r.goals.annual = None;
                r.goals.long_term = None;
                r.extra
                    .insert("三年滚动目标".into(), "完成示例道路养护30公里。".into());
            },
            Some(Code::GoalLost),
        ),
        (
            "a goal, and another under an unknown label",
            |r| {
                r.extra
                    .insert("三年滚动目标".into(), "完成示例道路养护30公里。".into());
            },
            None,
        ),
        (
            "no goal, a funding label unplaced",
            |r| {
                r.goals.annual = None;
                r.goals.long_term = None;
                r.diagnostics.push(Diagnostic::at(
                    Code::UnplacedLine,
                    2,
                    "text fits no field of the form: 年度预算安排(万元)",
                ));
            },
            None,
        ),
        (
            "no goal, nothing unplaced",
            |r| {
                r.goals.annual = None;
                r.goals.long_term = None;
            },
            None,
        ),
        // validate's codes that say a field may be wrong
        (
            "a year out of range",
            |r| r.year = Some(2921),
            Some(Code::YearOutOfRange),
        ),
        (
            "a short phone",
            |r| {
                r.leader = Some(Leader {
                    name: Some("周明".into()),
                    phone: Some("869280".into()),
                })
            },
            Some(Code::PhoneInvalid),
        ),
        (
            "a rate above 100%",
            |r| set_value(r, 23, "950%"),
            Some(Code::PercentOver100),
        ),
        (
            "a named row without a value",
            |r| r.indicators[1].value = None,
            Some(Code::EmptyValue),
        ),
        (
            "a row read twice",
            |r| {
                let mut d = r.indicators[1].clone();
                d.line = 24;
                r.indicators.push(d);
            },
            Some(Code::DuplicateIndicator),
        ),
        (
            "a 二级 under the wrong 一级",
            |r| r.indicators[6].level2 = Some("数量指标".into()),
            Some(Code::Level2Mismatch),
        ),
        ("no implementers", |r| r.implementers = None, None),
        ("no note", |r| r.note = None, None),
        (
            "no project name",
            |r| r.project_name = None,
            Some(Code::ProjectNameMissing),
        ),
        (
            "no total",
            |r| {
                r.funding.total = None;
            },
            Some(Code::FundingTotalMissing),
        ),
    ];

    /// The total of 120 broken down by source (100 + 20), then by task (70 + `last`).
    fn twice_broken_down(last: f64) -> Vec<FundingItem> {
        [
            ("中央资金", 100.0),
            ("市级资金", 20.0),
            ("道路养护", 70.0),
            ("路灯维修", last),
        ]
        .into_iter()
        .map(|(label, n)| FundingItem {
            label: label.into(),
            amount: qty(&n.to_string(), None, n, None),
        })
        .collect()
    }

    #[test]
    fn each_signal_fires_on_its_case_and_not_on_its_twin() {
        let mut failures = Vec::new();
        for (what, change, want) in CASES {
            let mut r = clean();
            change(&mut r);
            let r = assessed(r);
            let reasons = &r.review_reasons;
            let ok = match want {
                Some(code) => reasons.contains(code) && r.needs_review,
                None => reasons.is_empty() && !r.needs_review,
            };
            if !ok {
                failures.push(format!(
                    "{what}: want {want:?}, got {reasons:?} {:?}",
                    codes(&r)
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn bare_comparator_alone_is_fine() {
        let mut r = clean();
        for i in &mut r.indicators {
            if let Some(v) = &i.value {
                let raw = v.raw.replace('≥', ">");
                i.value = Some(val(&raw));
            }
        }
        let r = assessed(r);
        assert!(!r.needs_review, "{:?}", r.diagnostics);
    }

    #[test]
    fn unplaced_line_raises_only_inside_the_table() {
        let mut r = clean();
        r.diagnostics
            .push(Diagnostic::at(Code::UnplacedLine, 8, "（盖章）"));
        let r = assessed(r);
        assert!(!r.needs_review, "{:?}", r.review_reasons);

        let mut r = clean();
        r.diagnostics
            .push(Diagnostic::at(Code::UnplacedLine, 17, "培训"));
        assert_eq!(assessed(r).review_reasons, vec![Code::UnplacedLine]);
    }

    #[test]
    fn furniture_inside_the_table_is_flagged_at_its_line() {
        let mut r = clean();
        r.diagnostics
            .push(Diagnostic::at(Code::PageFurniture, 19, "第 2 页"));
        r.diagnostics
            .push(Diagnostic::at(Code::PageFurniture, 29, "第 3 页"));
        let r = assessed(r);
        let found: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::FurnitureInTable)
            .map(|d| d.line)
            .collect();
        assert_eq!(found, vec![Some(19)]);
        assert_eq!(r.review_reasons, vec![Code::FurnitureInTable]);
    }

    #[test]
    fn furniture_between_whole_rows_is_not_flagged() {
        // Rows on lines 15–19 and 21–23: line 20 lies between two whole rows.
        let mut r = clean();
        for i in &mut r.indicators[5..] {
            i.line += 1;
        }
        r.diagnostics
            .push(Diagnostic::at(Code::PageFurniture, 20, "第 2 页"));
        assert!(!assessed(r.clone()).needs_review);
        // The row before the break has no value yet: the break may split it.
        r.indicators[4].value = None;
        let reasons = assessed(r.clone()).review_reasons;
        assert!(reasons.contains(&Code::FurnitureInTable), "{reasons:?}");
        // A row spanning the break (its name wrapped over it).
        r.indicators[4].value = Some(qty("≥95%", Some(Op::Ge), 95.0, Some("%")));
        r.indicators[4].line_end = Some(21);
        assert_eq!(assessed(r).review_reasons, vec![Code::FurnitureInTable]);
    }

    #[test]
    fn a_repeated_field_is_flagged_only_when_its_values_differ() {
        let same = "项目名称 appears again (石桥镇饮水安全巩固提升); the first value was kept";
        let mut r = clean();
        r.diagnostics
            .push(Diagnostic::at(Code::DuplicateField, 9, same));
        assert!(!assessed(r).needs_review);

        let other = "项目名称 appears again (石桥镇污水管网); the first value was kept";
        let mut r = clean();
        r.diagnostics
            .push(Diagnostic::at(Code::DuplicateField, 9, other));
        assert_eq!(assessed(r).review_reasons, vec![Code::FieldConflict]);
    }

    #[test]
    fn reasons_are_ordered_by_weight_and_listed_once() {
        let mut r = clean();
        set_name(&mut r, 16, "长");
        set_name(&mut r, 17, "率");
        set_value(&mut r, 23, "%66z");
        r.funding.total = None;
        let r = assessed(r);
        assert_eq!(
            r.review_reasons,
            vec![
                Code::FundingTotalMissing,
                Code::ValueOddChars,
                Code::IndicatorNameSuspect
            ]
        );
    }

    #[test]
    fn assess_is_idempotent() {
        let mut r = clean();
        set_value(&mut r, 23, "%66z");
        r.department = None;
        let once = assessed(r);
        let mut twice = once.clone();
        assess(&mut twice);
        assert_eq!(twice, once);
    }

    /// A record read from lines 3–30 that carries exactly `diags` (code, line) and nothing the
    /// trust checks would add; `header` fills the funding total and the goal when true.
    fn carrying(indicators: bool, header: bool, diags: &[(Code, usize)]) -> Record {
        let mut r = clean();
        if !indicators {
            r.indicators.clear();
        }
        if !header {
            r.funding = Funding::default();
            r.goals = Goals::default();
        }
        r.diagnostics = diags
            .iter()
            .map(|&(c, l)| Diagnostic::at(c, l, "test"))
            .collect();
        r
    }

    /// One record shape, the diagnostics it carries and the reasons they must give.
    type CutCase = (
        &'static str,
        bool,
        bool,
        crate::record::Layout,
        &'static [(Code, usize)],
        &'static [Code],
    );

    #[test]
    fn a_form_cut_before_its_table_is_reviewed_for_the_cut_but_not_a_department_never_reached() {
        use crate::record::Layout::{Flat, Spaces, Tabs};
        use Code::*;
        const T: &[CutCase] = &[
            // (what, indicators, funding and goal read, layout, diagnostics, reasons)
            (
                "cut inside the table: the last row may be cut",
                true,
                true,
                Tabs,
                &[(FormTruncated, 30)],
                &[FormTruncated],
            ),
            (
                "a truncation before the record's lines belongs to another region",
                true,
                true,
                Tabs,
                &[(FormTruncated, 2)],
                &[],
            ),
            (
                "header only, cut before the table: its errors raise review",
                false,
                true,
                Tabs,
                &[(NoIndicators, 3), (FormTruncated, 30)],
                &[FormTruncated, NoIndicators],
            ),
            (
                "header only in spaced text",
                false,
                true,
                Spaces,
                &[(NoIndicators, 3), (FormTruncated, 30)],
                &[FormTruncated, NoIndicators],
            ),
            (
                "no rows though the form goes on",
                false,
                true,
                Tabs,
                &[(NoIndicators, 3)],
                &[NoIndicators],
            ),
            (
                "the only truncation is another region's",
                false,
                true,
                Tabs,
                &[(NoIndicators, 3), (FormTruncated, 2)],
                &[NoIndicators],
            ),
            (
                "cut after the name: the department was never printed, the total is missing",
                false,
                false,
                Tabs,
                &[
                    (NoIndicators, 3),
                    (DepartmentMissing, 3),
                    (FundingTotalMissing, 3),
                    (FormTruncated, 30),
                ],
                &[FormTruncated, NoIndicators, FundingTotalMissing],
            ),
            (
                "no department beside a funding block and a goal: it was lost",
                false,
                true,
                Tabs,
                &[
                    (NoIndicators, 3),
                    (DepartmentMissing, 3),
                    (FormTruncated, 30),
                ],
                &[FormTruncated, NoIndicators, DepartmentMissing],
            ),
            (
                "in text without line structure the form's end is only where reading stopped",
                false,
                false,
                Flat,
                &[
                    (NoIndicators, 3),
                    (DepartmentMissing, 3),
                    (FormTruncated, 30),
                ],
                &[FormTruncated, NoIndicators, DepartmentMissing],
            ),
            (
                "with lines it could not place, the form went on past what was read",
                false,
                false,
                Tabs,
                &[
                    (NoIndicators, 3),
                    (DepartmentMissing, 3),
                    (UnplacedLine, 20),
                    (FormTruncated, 30),
                ],
                &[FormTruncated, NoIndicators, DepartmentMissing],
            ),
            (
                "an unplaced line of another region does not count",
                false,
                false,
                Tabs,
                &[
                    (NoIndicators, 3),
                    (DepartmentMissing, 3),
                    (UnplacedLine, 2),
                    (FormTruncated, 30),
                ],
                &[FormTruncated, NoIndicators],
            ),
            (
                "a department missing from a whole form still raises",
                true,
                true,
                Tabs,
                &[(DepartmentMissing, 3)],
                &[DepartmentMissing],
            ),
            (
                "a glued header field on a cut form raises too",
                false,
                true,
                Tabs,
                &[(NoIndicators, 3), (HeaderGlued, 3), (FormTruncated, 30)],
                &[FormTruncated, NoIndicators, HeaderGlued],
            ),
        ];
        for &(what, indicators, header, layout, diags, want) in T {
            let mut r = carrying(indicators, header, diags);
            r.source.layout = layout;
            assert_eq!(review_reasons(&r), want, "{what}");
        }
    }

    #[test]
    fn an_error_outside_the_record_is_kept_as_a_note_and_one_inside_raises() {
        let mut r = carrying(true, true, &[(Code::NotATargetForm, 2)]);
        settle(&mut r);
        assert_eq!(r.diagnostics[0].severity, Severity::Info);
        assert!(!r.needs_review);
        let mut r = carrying(true, true, &[(Code::NotATargetForm, 5)]);
        settle(&mut r);
        assert_eq!(r.diagnostics[0].severity, Severity::Error);
        assert_eq!(r.review_reasons, vec![Code::NotATargetForm]);
    }

    #[test]
    fn every_review_raising_code_is_at_least_a_warning() {
        for &code in Code::ALL {
            if review_class(code) != Review::Never {
                assert!(
                    code.severity() >= Severity::Warning,
                    "{code} would be hidden"
                );
            }
        }
    }

    #[test]
    fn every_error_raises_review() {
        for &code in Code::ALL {
            // An error about another part of the file (a 自评表 beside the
            // form) raises review on a record only inside that record's lines.
            if code.severity() == Severity::Error {
                assert!(
                    matches!(review_class(code), Review::Raise(_) | Review::InForm(_)),
                    "{code}"
                );
            }
        }
    }
}
