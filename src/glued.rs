//! Text with no separators: cells run together, a row per line or a whole
//! form (or several) on one line.
//!
//! OCR of a PDF and some document sites lose every tab and space, so the
//! separator-based [`crate::layout`] stage sees one cell per line. This
//! reader finds the cells again and hands the interpreter ordinary
//! [`Row`]s of borrowed substrings, so everything downstream is shared:
//!
//! - a **lexer** finds the vocabulary's labels (and form titles) inside the
//!   line with an Aho-Corasick automaton, leftmost-longest, plus a
//!   one-character OCR substitution inside spellings of five or more
//!   characters (`项目负贵人及电话`), checked around an exact half of the spelling;
//! - labels are taken only where they can stand: in a goal paragraph only
//!   the labels that end one, in a 注 only a new form, in the indicator table
//!   only table labels; one- and two-character labels only before a colon;
//! - each header label makes a row `label | value`, a run of column labels a
//!   row, each 一级/二级 group a row `levels | name | value`, further
//!   indicators of the group rows `name | value`;
//! - inside an indicator the name ends where a value begins ([`name_value`]):
//!   a comparator, a digit, `%=`, `二` before a digit, a date, a word such as
//!   不低于 or 每; a text value is split off only when it is a known verdict
//!   (较小, 有所提高, …) ending the text. Otherwise the whole text stays the name
//!   and a `glued-name-value` warning says so.
//!
//! Only lines detected as glued are rewritten (see [`split`]); every other
//! row passes through untouched, so other layouts read exactly as before.
//! Every step is linear in the line's length: one automaton pass, a bounded
//! walk around each hit, and name/value splitting only of short stretches.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use crate::diagnostic::{Code, Diagnostic};
use crate::labels::{
    match_label, spellings, Field, Label, FUNDING_BLOCK_FIELDS, GOAL_FIELDS, NOT_IN_UNSEPARATED,
    SUBJECT_FIELDS,
};
use crate::layout::{Cell, Row};
use crate::normalize::{fold_char, is_space};
use crate::record::{Layout, Record};

/// What a lexer hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Label(Label),
    /// The end of a form title (`绩效目标申报表`); its start is found by walking back.
    Title,
}

/// Title endings. `年度绩效目标表` is listed so that it wins over the label
/// `年度绩效目标` that starts at the same place.
const TITLES: &[&str] = &[
    "绩效目标申报汇总表",
    "绩效目标申报表",
    "绩效目标审核表",
    "绩效目标批复表",
    "绩效目标汇总表",
    "绩效目标一览表",
    "绩效目标表",
    "年度绩效目标申报表",
    "年度绩效目标表",
    // So are a whole-spending form's, over the goal labels inside them
    // (`部门整体支出绩效目标`).
    // fixture: fixtures/glued/department-title-issuer-year.txt
    "部门整体支出绩效目标申报表",
    "部门整体支出绩效目标表",
    "部门整体绩效目标申报表",
    "部门整体绩效目标表",
    "单位整体支出绩效目标表",
    "单位整体绩效目标表",
    "整体支出绩效目标表",
    "整体绩效目标表",
    // A self-evaluation's title is cut out too, so the grammar sees it whole
    // and names the text as not a target form.
    "绩效目标自评表",
    "绩效自评表",
];

/// The automata over every spelling.
struct Lexicon {
    /// Every spelling (both bracket widths) and title ending, leftmost-longest.
    exact: AhoCorasick,
    exact_kind: Vec<Kind>,
    /// Halves of the spellings eligible for a one-character substitution.
    halves: AhoCorasick,
    /// For each half: (entry, is the left half).
    half_of: Vec<Vec<(usize, bool)>>,
    /// Spellings eligible for a substitution, as characters.
    fuzzy: Vec<(Vec<char>, Kind)>,
}

/// Spellings with their ASCII brackets and colons also written full width.
fn widths(s: &str) -> Vec<String> {
    let wide: String = s
        .chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            _ => c,
        })
        .collect();
    if wide == s {
        vec![s.to_owned()]
    } else {
        vec![s.to_owned(), wide]
    }
}

fn lexicon() -> Option<&'static Lexicon> {
    static LEXICON: LazyLock<Option<Lexicon>> = LazyLock::new(|| {
        let mut patterns: Vec<String> = Vec::new();
        let mut exact_kind = Vec::new();
        let mut fuzzy: Vec<(Vec<char>, Kind)> = Vec::new();
        let entries = spellings()
            .filter(|(s, _)| !NOT_IN_UNSEPARATED.contains(s))
            .map(|(s, l)| (s, Kind::Label(l)))
            .chain(TITLES.iter().map(|t| (*t, Kind::Title)));
        for (spelling, kind) in entries {
            for p in widths(spelling) {
                patterns.push(p);
                exact_kind.push(kind);
            }
            let chars: Vec<char> = spelling.chars().collect();
            if chars.len() >= 5 && chars.iter().all(|c| c.is_alphabetic()) {
                fuzzy.push((chars, kind));
            }
        }
        let exact = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        let mut half_index: HashMap<String, usize> = HashMap::new();
        let mut half_of: Vec<Vec<(usize, bool)>> = Vec::new();
        for (i, (chars, _)) in fuzzy.iter().enumerate() {
            let m = chars.len() / 2;
            for (half, left) in [(&chars[..m], true), (&chars[m..], false)] {
                let key: String = half.iter().collect();
                let next = half_index.len();
                let k = *half_index.entry(key).or_insert(next);
                if k == half_of.len() {
                    half_of.push(Vec::new());
                }
                half_of[k].push((i, left));
            }
        }
        let mut half_patterns = vec![String::new(); half_index.len()];
        for (s, k) in half_index {
            half_patterns[k] = s;
        }
        let halves = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&half_patterns)
            .ok()?;
        Some(Lexicon {
            exact,
            exact_kind,
            halves,
            half_of,
            fuzzy,
        })
    });
    LEXICON.as_ref()
}

/// A label or title found in a line: byte range and meaning.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    kind: Kind,
    chars: usize,
}

/// Every label and title in `s`, left to right, not overlapping: exact
/// matches first, then one-substitution matches where no exact one stands.
fn hits(lex: &Lexicon, s: &str) -> Vec<Hit> {
    let mut out: Vec<Hit> = lex
        .exact
        .find_iter(s)
        .map(|m| Hit {
            start: m.start(),
            end: m.end(),
            kind: lex.exact_kind[m.pattern().as_usize()],
            chars: s[m.start()..m.end()].chars().count(),
        })
        .collect();
    for k in 0..out.len() {
        let floor = k
            .checked_sub(1)
            .and_then(|p| out.get(p))
            .map_or(0, |p| p.end);
        let ceiling = out.get(k + 1).map_or(s.len(), |n| n.start);
        if let Some(h) = out
            .get(k)
            .and_then(|h| past_value_tail(lex, s, *h, floor, ceiling))
        {
            out[k] = h;
        }
    }
    let mut fuzzy: Vec<Hit> = Vec::new();
    for m in lex.halves.find_overlapping_iter(s) {
        let Some(cands) = lex.half_of.get(m.pattern().as_usize()) else {
            continue;
        };
        for &(i, left) in cands {
            let Some((want, kind)) = lex.fuzzy.get(i) else {
                continue;
            };
            if let Some((a, b)) = substituted(s, m.start(), m.end(), want, left) {
                fuzzy.push(Hit {
                    start: a,
                    end: b,
                    kind: *kind,
                    chars: want.len(),
                });
            }
        }
    }
    if fuzzy.is_empty() {
        return out;
    }
    // Keep a fuzzy hit only where it overlaps no exact hit and no earlier fuzzy one.
    out.extend(fuzzy);
    out.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut kept: Vec<Hit> = Vec::with_capacity(out.len());
    for h in out {
        match kept.last() {
            Some(last) if h.start < last.end => {}
            _ => kept.push(h),
        }
    }
    kept
}

/// fixture: fixtures/glued/project-kind-value-before-label.txt
/// A label starting with 项目 whose 项目 ends a kind of project before it
/// (`其他项目资金用途`: not 项目资金 but 资金用途): the label that starts
/// after the 项目, when one does and it ends before the next label.
fn past_value_tail(lex: &Lexicon, s: &str, h: Hit, floor: usize, ceiling: usize) -> Option<Hit> {
    const TAIL: &str = "项目";
    let before = s.get(floor..h.start)?;
    let tail_at = h.start + TAIL.len();
    if !s.get(h.start..)?.starts_with(TAIL)
        || !crate::labels::PROJECT_KIND_VALUES
            .iter()
            .filter_map(|v| v.strip_suffix(TAIL))
            .any(|head| before.ends_with(head))
    {
        return None;
    }
    let m = lex.exact.find(s.get(tail_at..ceiling)?)?;
    (m.start() == 0).then(|| Hit {
        start: tail_at,
        end: tail_at + m.end(),
        kind: lex.exact_kind[m.pattern().as_usize()],
        chars: s[tail_at..tail_at + m.end()].chars().count(),
    })
}

/// Checks that the text around an exact half `[hs, he)` spells `want` with
/// exactly one inner character substituted (never the first or last, which
/// keep a fuzzy hit from eating a neighbour's character), and returns its range.
fn substituted(s: &str, hs: usize, he: usize, want: &[char], left: bool) -> Option<(usize, usize)> {
    let m = want.len() / 2;
    // The other half's characters with their byte offsets, and where it starts in `want`.
    let (got, offset): (Vec<(usize, char)>, usize) = if left {
        let tail = s.get(he..)?;
        let got = tail
            .char_indices()
            .take(want.len() - m)
            .map(|(i, c)| (he + i, c))
            .collect();
        (got, m)
    } else {
        let before = s.get(..hs)?;
        let mut got: Vec<(usize, char)> = before.char_indices().rev().take(m).collect();
        got.reverse();
        (got, 0)
    };
    let other = if left { &want[m..] } else { &want[..m] };
    if got.len() != other.len() {
        return None;
    }
    let mut bad = 0usize;
    for (k, (&(_, g), w)) in got.iter().zip(other).enumerate() {
        if fold_char(g) == *w {
            continue;
        }
        let at = offset + k;
        if bad > 0 || at == 0 || at + 1 == want.len() || !g.is_alphabetic() {
            return None;
        }
        bad += 1;
    }
    if bad != 1 {
        return None;
    }
    if left {
        let end = got.last().map_or(he, |&(i, c)| i + c.len_utf8());
        Some((hs, end))
    } else {
        Some((got.first().map_or(hs, |&(i, _)| i), he))
    }
}

/// Where the lexer stands, which decides the labels it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Header,
    /// Inside a goal paragraph: only a label that ends one.
    Paragraph,
    /// Inside the indicator table.
    Table,
    /// Inside the 注: only a new form.
    Note,
}

fn is_table_label(l: Label) -> bool {
    match l {
        Label::Level1(_) | Label::Level2(_) | Label::Field(Field::Table) => true,
        Label::Field(f) => crate::labels::COLUMN_FIELDS.contains(&f),
    }
}

fn is_colon(c: char) -> bool {
    matches!(fold_char(c), ':')
}

/// Words that make the label word after them part of a sentence: verbs that
/// govern it (`确保年度绩效目标如期实现`, `对照绩效目标表做好监控`), and 已,
/// which only ever comes before a verb (`已申报项目可行性评估`: 申报 is that verb).
// fixture: fixtures/glued/label-after-adverb.txt
const SENTENCE_VERBS: &[&str] = &["确保", "对照", "按照", "根据", "围绕", "参照", "已"];

/// A token of a glued line: a byte range and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Label(Label),
    Title,
    /// A year line (`（2021年度）`) or, after a title, a unit line
    /// (`（单位：万元）`): a cell of its own.
    Aside,
    /// The 注 with its text, one cell.
    Note,
    Text,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    a: usize,
    b: usize,
    tok: Tok,
}

/// A bracketed unit line right after a title (`（单位：万元）`).
static UNIT_AFTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^\s*[(（]\s*(金额|资金)?单位\s*[:：]?\s*(人民币)?(万元|元|亿元)\s*[)）]").ok()
});

static YEAR_AFTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s*[(（]\s*\d{4}\s*年度?\s*[)）]").ok());

static YEAR_END: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[(（]\s*\d{4}\s*年度?\s*[)）]$").ok());

/// Lexes one line into tokens, carrying the state from line to line.
fn tokens(lex: &Lexicon, s: &str, state: &mut State) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut last_end = 0usize;
    let found = hits(lex, s);
    // Whether the line's funding block has begun (资金情况, 年度资金总额, …).
    let mut funding_seen = false;
    let mut i = 0;
    while i < found.len() {
        let h = found[i];
        i += 1;
        if h.start < last_end {
            continue;
        }
        let after = s[h.end..].chars().next();
        let colon_after = after.is_some_and(is_colon);
        // fixture: fixtures/glued/label-in-sentence.txt
        // A label word followed by a comma or a full stop is a sentence's
        // word (`请将资金拨付申报单位,并…`): a label's value never starts so.
        // fixture: fixtures/not-a-form/notice-addressee-department.txt
        // So is a label right after a verb that governs it (`确保年度绩效目标如期实现`).
        let in_sentence = after.is_some_and(|c| matches!(c, ',' | '，' | '。' | '、' | ';' | '；'))
            || SENTENCE_VERBS
                .iter()
                .any(|v| s[last_end..h.start].ends_with(v));
        // fixture: fixtures/glued/funding-word-in-name.txt
        // A fund's name inside a project's name or title
        // (`2023年第二批交通项目市级补助资金绩效目标表`) is followed by words
        // and no amount before the next label, or, before the line's funding
        // block, by no amount at all: a funding row's label is followed by
        // its amount, a colon, a blank or the next label.
        let in_name =
            matches!(h.kind, Kind::Label(Label::Field(Field::FundingItem))) && !colon_after && {
                let next = found[i..]
                    .iter()
                    .find(|n| n.start >= h.end)
                    .map_or(s.len(), |n| n.start);
                let stretch = s[h.end..next].trim_matches(is_space);
                let digit = |t: &str| t.chars().any(|c| fold_char(c).is_ascii_digit());
                let words = !stretch.is_empty()
                    && !digit(stretch)
                    && !crate::labels::EMPTY_CELL_MARKS.contains(&stretch);
                words || (!funding_seen && !digit(stretch))
            };
        let accept = match h.kind {
            Kind::Label(_) if in_name => false,
            // fixture: fixtures/not-a-form/title-in-sentence.txt
            // `根据…整体绩效目标表,在产出指标方面,要求…`: a title named by a
            // sentence, not a form's.
            Kind::Title => !is_list_entry(s, last_end, h.start) && !in_sentence,
            Kind::Label(_) if in_sentence => false,
            // fixture: fixtures/glued/attachment-list.txt
            // A level or column label inside an open bracket is a word of a
            // name (`天然林保护(公益林生态效益补偿)`), never the table's.
            Kind::Label(l) if is_table_label(l) && in_open_bracket(&s[last_end..h.start]) => false,
            // fixture: fixtures/glued/goal-names-a-level.txt
            // A goal's clause naming a level (`…运行,服务对象满意度保持在90%以上。`)
            // goes on after a comma; the table opens after a sentence's end.
            Kind::Label(Label::Level1(_) | Label::Level2(_))
                if *state == State::Paragraph
                    && s[..h.start]
                        .chars()
                        .next_back()
                        .is_some_and(|c| matches!(fold_char(c), ',' | '、' | ';')) =>
            {
                false
            }
            Kind::Label(l) => {
                let short_ok = h.chars > 2 || colon_after;
                let note_ok = !matches!(l, Label::Field(Field::Note)) || colon_after;
                short_ok
                    && note_ok
                    && match *state {
                        State::Header => true,
                        State::Note => {
                            matches!(l, Label::Field(f) if SUBJECT_FIELDS.contains(&f))
                        }
                        State::Paragraph => {
                            is_table_label(l)
                                // fixture: fixtures/glued/special-fund-goal-labels.txt
                                // A line opened by a funding label holding an
                                // amount (`资金情况年度资金总额85`) is the funding
                                // block after the goal, not more of it.
                                || (h.start == 0
                                    && matches!(l, Label::Field(f) if FUNDING_BLOCK_FIELDS.contains(&f))
                                    && s.bytes().any(|b| b.is_ascii_digit()))
                                || matches!(
                                    l,
                                    Label::Field(
                                        Field::GoalAnnual
                                            | Field::GoalLongTerm
                                            | Field::GoalSection
                                            | Field::Note
                                            | Field::ProjectName
                                            | Field::DepartmentName
                                    )
                                )
                        }
                        State::Table => {
                            is_table_label(l)
                                || matches!(
                                    l,
                                    Label::Field(
                                        Field::Note
                                            | Field::ProjectName
                                            | Field::DepartmentName
                                            | Field::Furniture
                                    )
                                )
                        }
                    }
            }
        };
        if !accept {
            continue;
        }
        let (mut a, mut b) = (h.start, h.end);
        match h.kind {
            Kind::Title => {
                a = title_start(s, last_end, a);
                *state = State::Header;
            }
            Kind::Label(l) => {
                a = label_start(s, last_end, a);
                b = label_end(s, b);
                funding_seen |= matches!(l, Label::Field(f) if FUNDING_BLOCK_FIELDS.contains(&f) && f != Field::FundingItem);
                *state = match l {
                    Label::Field(f) if GOAL_FIELDS.contains(&f) => State::Paragraph,
                    Label::Field(Field::Note) => State::Note,
                    Label::Field(f) if SUBJECT_FIELDS.contains(&f) => State::Header,
                    l if is_table_label(l) => State::Table,
                    _ if *state == State::Paragraph => State::Paragraph,
                    _ => *state,
                };
            }
        }
        push_text(s, last_end, a, &mut out);
        let tok = match h.kind {
            Kind::Title => Tok::Title,
            Kind::Label(Label::Field(Field::Note)) => Tok::Note,
            Kind::Label(l) => Tok::Label(l),
        };
        out.push(Span { a, b, tok });
        last_end = b;
        if tok == Tok::Title {
            // fixture: fixtures/glued/title-year-unit.txt
            // The year and the unit line written after the title
            // (`…目标表（2024年度）（单位：万元）`) are cells of their own.
            for after in [&YEAR_AFTER, &UNIT_AFTER] {
                if let Some(m) = after.as_ref().and_then(|r| r.find(&s[last_end..])) {
                    out.push(Span {
                        a: last_end,
                        b: last_end + m.end(),
                        tok: Tok::Aside,
                    });
                    last_end += m.end();
                }
            }
        }
    }
    push_text(s, last_end, s.len(), &mut out);
    out
}

/// Pushes the trimmed text of `s[a..b]` as a text token, when not empty.
fn push_text(s: &str, a: usize, b: usize, out: &mut Vec<Span>) {
    let Some(raw) = s.get(a..b) else { return };
    let t = raw.trim_matches(is_space);
    if t.is_empty() {
        return;
    }
    let off = t.as_ptr() as usize - s.as_ptr() as usize;
    // A year line run into the text before it (`…（2024年度）`) is a cell of its own.
    let year = YEAR_END
        .as_ref()
        .and_then(|r| r.find(t))
        .filter(|m| m.start() > 0);
    let cut = year.map_or(t.len(), |m| m.start());
    out.push(Span {
        a: off,
        b: off + cut,
        tok: Tok::Text,
    });
    if cut < t.len() {
        out.push(Span {
            a: off + cut,
            b: off + t.len(),
            tok: Tok::Aside,
        });
    }
}

/// A label's start, moved back over a `其中:` or a required-field marker
/// written right before it.
fn label_start(s: &str, floor: usize, a: usize) -> usize {
    let before = &s[floor..a];
    for p in ["其中:", "其中：", "其中"] {
        if before.ends_with(p) {
            return a - p.len();
        }
    }
    let markers: usize = before
        .chars()
        .rev()
        .take_while(|c| matches!(fold_char(*c), '*' | '★' | '※' | '☆'))
        .map(char::len_utf8)
        .sum();
    a - markers
}

/// A label's end, moved on over a bracketed annotation (`(万元)`) and a colon.
fn label_end(s: &str, b: usize) -> usize {
    let mut end = b;
    let rest = &s[b..];
    let mut it = rest.char_indices();
    if let Some((_, c)) = it.next() {
        if matches!(fold_char(c), '(' | '[') {
            for (k, (i, c)) in it.enumerate() {
                if k > 12 {
                    break;
                }
                if matches!(fold_char(c), ')' | ']') {
                    end = b + i + c.len_utf8();
                    break;
                }
            }
        }
    }
    if let Some(c) = s[end..].chars().next() {
        if is_colon(c) {
            end += c.len_utf8();
        }
    }
    end
}

/// True when `before` leaves a bracket open: more `(` than `)` since the
/// last token.
fn in_open_bracket(before: &str) -> bool {
    let mut depth = 0i32;
    for c in before.chars() {
        match fold_char(c) {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    depth > 0
}

/// fixture: fixtures/glued/attachment-list.txt
/// True when the title ending at `a` is an entry in a notice's list of
/// attachments (`附件:1.…安排表2.专项资金绩效目标表`): numbered `2.` right
/// before it, where the form itself is headed `附件2:` or nothing.
fn is_list_entry(s: &str, floor: usize, a: usize) -> bool {
    let start = title_start(s, floor, a);
    let mut before = s[floor..start].chars().rev();
    match (before.next(), before.next()) {
        (Some('.' | '．' | '、'), Some(d)) if fold_char(d).is_ascii_digit() => {
            before.find(|c| !fold_char(*c).is_ascii_digit()) != Some('件')
        }
        _ => false,
    }
}

/// A title's start: walked back from its ending over the words before it
/// (`项目支出`, `2022年市直部门预算`, `专项资金(第一批)区域`), at most
/// [`TITLE_WORDS`] characters, stopping at punctuation other than a closed
/// bracket, a comparator or `%` (the end of the previous form's last value).
/// A year before the title takes its four digits, no more (`附件22023年`).
fn title_start(s: &str, floor: usize, a: usize) -> usize {
    let before = &s[floor..a];
    let mut start = a;
    let mut n = 0;
    let mut digits: Option<usize> = None;
    let mut bracket = false;
    for (i, c) in before.char_indices().rev() {
        if n >= TITLE_WORDS {
            break;
        }
        let f = fold_char(c);
        if let Some(d) = digits {
            if f.is_ascii_digit() && d < 4 {
                digits = Some(d + 1);
                start = floor + i;
                n += 1;
                continue;
            }
            break;
        }
        // A bracketed group inside the title (`(第一批)`), read back to its opening.
        if bracket {
            if f == '(' {
                bracket = false;
            }
            n += 1;
            continue;
        }
        if f == ')' {
            bracket = true;
            n += 1;
            continue;
        }
        let word = c.is_alphabetic() && !matches!(c, '。' | '，' | '、' | '；' | '：');
        if f.is_ascii_digit() {
            // a year before the title (`2022年…`): only right before `年`
            if s[floor + i + c.len_utf8()..].starts_with('年') {
                digits = Some(1);
                start = floor + i;
                n += 1;
                continue;
            }
            break;
        }
        if !word {
            break;
        }
        start = floor + i;
        n += 1;
    }
    // fixture: fixtures/glued/unit-word-before-next-title.txt
    // Right after a number, the previous form's last value may end in a unit
    // word of two characters or more (`=96百分比`, `=860平方米`): the longest
    // such word is no part of the title (a one-character unit may be the
    // title's own first word: `项目…`).
    let after_number = s[floor..start]
        .chars()
        .next_back()
        .is_some_and(|c| fold_char(c).is_ascii_digit());
    if after_number {
        let rest = &s[start..a];
        let unit = rest
            .char_indices()
            .skip(2)
            .take(5)
            .map(|(i, _)| i)
            .chain(std::iter::once(rest.len()))
            .filter(|&end| end < rest.len() && crate::value::is_unit_word(&rest[..end]))
            .max();
        if let Some(end) = unit {
            start += end;
        }
    }
    start
}

/// How far back a title's words may reach, in characters.
const TITLE_WORDS: usize = 40;

/// One indicator found in a glued stretch: name and value byte ranges
/// relative to the stretch, and whether the value could not be told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ind {
    name: (usize, usize),
    value: Option<(usize, usize)>,
    unsplit: bool,
}

/// Stretches longer than this are not split into indicators: prose, not a row.
const MAX_STRETCH: usize = 1200;

/// Verdicts that end an indicator's text: the value of a 效益 or 满意度 row
/// written as words.
const VERDICTS: &[&str] = &[
    "持续提升",
    "持续提高",
    "持续改善",
    "有所提高",
    "有所提升",
    "有所改善",
    "有所增加",
    "明显改善",
    "明显提高",
    "明显提升",
    "显著提高",
    "显著提升",
    "显著改善",
    "逐步提高",
    "不断提高",
    "有效保障",
    "有效提升",
    "有效提高",
    "有效改善",
    "得到保障",
    "得到改善",
    "得到提升",
    "稳步提升",
    "大幅提升",
    "较小",
    "较大",
    "较好",
    "显著",
    "明显",
    "良好",
    "优良",
    "优秀",
    "达标",
    "合格",
    "长期",
    "稳定",
    "有效",
    "及时",
];

/// Words that start a value before its number (`不低于95%`).
/// Values written as words that hold no number and may sit amid glued
/// indicator text (`成本控制率不超预算` + the next name): each is a whole value.
// fixture: fixtures/glued/explanation-after-name.txt
const WORD_VALUES: &[&str] = &["不超过预算", "不超预算"];

/// The word value starting `s`, unless a rate's name goes on (`不超预算率`).
fn word_value_at(s: &str) -> Option<&'static str> {
    WORD_VALUES
        .iter()
        .find(|w| {
            s.strip_prefix(**w)
                .is_some_and(|rest| !rest.starts_with('率'))
        })
        .copied()
}

const WORD_OPS: &[&str] = &[
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "不大于",
    "不小于",
    "大于",
    "小于",
    "高于",
    "低于",
    "达到",
];

/// Unit words after a number, longest first where one is a prefix of another.
const UNITS: &[&str] = &[
    "百分比",
    "平方米",
    "平方公里",
    "立方米",
    "万平方米",
    "个百分点",
    "个工作日",
    "个自然日",
    "个小时",
    "个月",
    "人次",
    "户次",
    "万人",
    "万元",
    "亿元",
    "千元",
    "公里",
    "千米",
    "小时",
    // fixture: fixtures/glued/units-minutes-and-sets.txt
    "分钟",
    "台套",
    "微克",
    "毫克",
    "千克",
    "公斤",
    "公顷",
    "课时",
    "工作日",
    "期间",
    "季度",
    "个",
    "人",
    "户",
    "项",
    "次",
    "亩",
    "座",
    "所",
    "台",
    "套",
    "家",
    "天",
    "日",
    "年",
    "月",
    "周",
    "名",
    "处",
    "条",
    "批",
    "篇",
    "份",
    "场",
    "间",
    "辆",
    "吨",
    "株",
    "米",
    "件",
    "期",
    "元",
    "万",
    "册",
    "张",
    "只",
    "头",
    "棵",
    "km",
    "m",
    "%",
    "％",
    "‰",
];

const AFTER_UNIT: &[&str] = &["及以上", "以上", "以下", "以内", "左右"];

static DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:\d{4}\s*[-—~～至到]\s*\d{4}\s*年?(?:期间|年度)?",
        r"|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末|初|上旬|中旬|下旬|年底|年末)?",
        r"(?:之前|以前|为止|前|止)?(?:全部完成|完成|完工|竣工|到位)?)"
    ))
    .ok()
});

fn is_digit(c: char) -> bool {
    fold_char(c).is_ascii_digit()
}

fn is_op(c: char) -> bool {
    matches!(fold_char(c), '≥' | '≤' | '>' | '<' | '=' | '≧' | '≦')
}

/// Where a value begins in `seg` at or after byte `from`, if anywhere.
fn value_start(seg: &str, from: usize) -> Option<usize> {
    let mut prev: Option<char> = seg[..from].chars().next_back();
    let mut it = seg[from..].char_indices().peekable();
    while let Some((k, c)) = it.next() {
        let i = from + k;
        let next = it.peek().map(|&(_, n)| n);
        let starts = is_op(c)
            || (c == '%' || c == '％') && next.is_some_and(is_op)
            || c == '二' && next.is_some_and(is_digit)
            || (is_digit(c) && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.'))
            || WORD_OPS
                .iter()
                .any(|w| seg[i..].strip_prefix(w).is_some_and(starts_number))
            || (c == '每' && every_then_number(&seg[i + c.len_utf8()..]))
            || word_value_at(&seg[i..]).is_some();
        if starts {
            return Some(i);
        }
        prev = Some(c);
    }
    None
}

/// True when `s` starts with a comparator or a digit.
fn starts_number(s: &str) -> bool {
    s.chars().next().is_some_and(|c| is_digit(c) || is_op(c))
}

/// `每生3000元`: after 每, at most three characters then a number.
fn every_then_number(s: &str) -> bool {
    s.chars()
        .take(4)
        .position(is_digit)
        .is_some_and(|p| p >= 1 && s.chars().take(p).all(|c| c.is_alphabetic()))
}

/// Where the value starting at `v` ends: a date, or comparators, a number,
/// a unit and what may follow a unit (`以上`, a bracketed note).
fn value_end(seg: &str, v: usize) -> usize {
    let rest = &seg[v..];
    if let Some(m) = DATE.as_ref().and_then(|r| r.find(rest)) {
        if m.end() > 4 {
            return v + m.end();
        }
    }
    if let Some(w) = word_value_at(rest) {
        return v + w.len();
    }
    let mut p = v;
    if let Some(w) = WORD_OPS.iter().find(|w| seg[p..].starts_with(*w)) {
        p += w.len();
    }
    if seg[p..].starts_with('每') {
        p += '每'.len_utf8();
        while let Some(c) = seg[p..].chars().next() {
            if is_digit(c) || !c.is_alphabetic() {
                break;
            }
            p += c.len_utf8();
        }
    }
    while let Some(c) = seg[p..].chars().next() {
        let ocr_eq = c == '二' && seg[p + c.len_utf8()..].chars().next().is_some_and(is_digit);
        if is_op(c) || c == '%' || c == '％' || ocr_eq {
            p += c.len_utf8();
        } else {
            break;
        }
    }
    let number_start = p;
    while let Some(c) = seg[p..].chars().next() {
        let f = fold_char(c);
        let inner = matches!(f, '.' | ',' | '-' | '~') || c == '～' || c == '—';
        if f.is_ascii_digit()
            || (inner
                && p > number_start
                && seg[p + c.len_utf8()..].chars().next().is_some_and(is_digit))
        {
            p += c.len_utf8();
        } else {
            break;
        }
    }
    if p == number_start {
        return p;
    }
    if let Some(u) = unit_at(&seg[p..]) {
        p += u;
        if let Some(c) = seg[p..].chars().next() {
            if matches!(fold_char(c), '/') {
                let q = p + c.len_utf8();
                match unit_at(&seg[q..]) {
                    Some(u) => p = q + u,
                    None => {
                        if let Some(c2) = seg[q..].chars().next().filter(|c| c.is_alphabetic()) {
                            p = q + c2.len_utf8();
                        }
                    }
                }
            }
        }
    }
    // fixture: fixtures/glued/range-with-units.txt
    // A range whose upper bound repeats the unit (`90%-95%`, `15%~20%`,
    // `3天至5天`) is one value: the bound after the separator is read too.
    if let Some(c) = seg[p..]
        .chars()
        .next()
        .filter(|c| RANGE_SEPARATORS.contains(c))
    {
        let q = p + c.len_utf8();
        if seg[q..].chars().next().is_some_and(is_digit) {
            p = value_end(seg, q).max(p);
        }
    }
    if let Some(w) = AFTER_UNIT.iter().find(|w| seg[p..].starts_with(*w)) {
        p += w.len();
    }
    // a bracketed note after the value: `≥90%（抽样调查）`
    if let Some(c) = seg[p..]
        .chars()
        .next()
        .filter(|c| matches!(fold_char(*c), '('))
    {
        let inner = &seg[p + c.len_utf8()..];
        if let Some((i, close)) = inner
            .char_indices()
            .take(20)
            .find(|(_, c)| matches!(fold_char(*c), ')'))
        {
            p += c.len_utf8() + i + close.len_utf8();
        }
    }
    p
}

/// What stands between the bounds of a range written with both units.
const RANGE_SEPARATORS: &[char] = &['-', '~', '～', '—', '－', '至'];

fn unit_at(s: &str) -> Option<usize> {
    UNITS
        .iter()
        .filter(|u| s.starts_with(*u))
        .map(|u| u.len())
        .max()
}

/// Whether the value found at `seg[v..e]` is digits alone with words going
/// on right after them: a number inside a name, not the name's value.
fn number_inside_name(seg: &str, v: usize, e: usize) -> bool {
    let digits = seg[v..e].chars().all(is_digit);
    let next = seg[e..].chars().next();
    digits
        && next.is_some_and(|c| c.is_alphabetic() && c != '每')
        && word_value_at(&seg[e..]).is_none()
        && !WORD_OPS.iter().any(|w| seg[e..].starts_with(w))
}

/// True when `s` holds nothing but punctuation.
fn only_punct(s: &str) -> bool {
    s.chars()
        .all(|c| !c.is_alphanumeric() || matches!(c, '。' | '，' | '、' | '；'))
}

/// Splits a glued stretch of indicator text into (name, value) pairs: the
/// name ends where a value begins; the value ends after its number and unit
/// (or date), where the next name begins. A tail with no value is split off
/// a verdict that ends it, else kept whole as a name with no value.
fn indicators(seg: &str) -> Vec<Ind> {
    if seg.len() > MAX_STRETCH {
        return vec![Ind {
            name: (0, seg.len()),
            value: None,
            unsplit: true,
        }];
    }
    let mut out: Vec<Ind> = Vec::new();
    let mut pos = 0usize;
    while pos < seg.len() {
        // A name has at least one character before its value.
        let mut from = pos + seg[pos..].chars().next().map_or(0, char::len_utf8);
        let found = loop {
            let Some(v) = value_start(seg, from) else {
                break None;
            };
            let e = value_end(seg, v).max(v + 1).min(seg.len());
            let e = (e..=seg.len())
                .find(|&e| seg.is_char_boundary(e))
                .unwrap_or(seg.len());
            // fixture: fixtures/glued/digits-inside-name.txt
            // A bare number the name goes on after (`改造农村4类重点对象危房户数35户`,
            // `新建村级5G基站数量12个`) is part of the name when a value follows.
            if number_inside_name(seg, v, e) && value_start(seg, e).is_some() {
                from = e;
                continue;
            }
            break Some((v, e));
        };
        match found {
            Some((v, e)) => {
                // A list or a sentence in the name: a text value before it
                // that nothing told apart from it.
                let listed = seg[pos..v].contains(['、', '；', ';', '。']);
                out.push(Ind {
                    name: (pos, v),
                    value: Some((v, e)),
                    unsplit: listed,
                });
                pos = e;
            }
            None => {
                let tail = &seg[pos..];
                // Punctuation, or a unit the list does not know (`微克`),
                // after the last value belongs to it.
                let short =
                    tail.chars().count() <= 2 && out.last().is_some_and(|l| l.value.is_some());
                if only_punct(tail) || short {
                    if let Some(last) = out.last_mut() {
                        if let Some(v) = last.value.as_mut() {
                            v.1 = seg.len();
                        }
                    }
                    break;
                }
                let verdict = VERDICTS
                    .iter()
                    .filter(|w| tail.ends_with(*w))
                    .max_by_key(|w| w.len())
                    .filter(|w| tail[..tail.len() - w.len()].chars().count() >= 2);
                match verdict {
                    Some(w) => {
                        let cut = seg.len() - w.len();
                        out.push(Ind {
                            name: (pos, cut),
                            value: Some((cut, seg.len())),
                            unsplit: false,
                        });
                    }
                    None => out.push(Ind {
                        name: (pos, seg.len()),
                        value: None,
                        unsplit: true,
                    }),
                }
                break;
            }
        }
    }
    out
}

/// The name/value split of a glued stretch of indicator text, for tests and
/// tools: each indicator's name and value (None when they could not be told apart).
pub fn name_value(seg: &str) -> Vec<(&str, Option<&str>)> {
    indicators(seg)
        .into_iter()
        .map(|i| {
            (
                seg[i.name.0..i.name.1].trim_matches(is_space),
                i.value.map(|(a, b)| seg[a..b].trim_matches(is_space)),
            )
        })
        .collect()
}

/// What the glued reader made of a text.
#[derive(Debug, Clone, Default)]
pub struct Split<'a> {
    /// The rows, glued lines replaced by the rows found in them.
    pub rows: Vec<Row<'a>>,
    /// Lines read as glued, ascending.
    pub lines: Vec<usize>,
    /// Indicator text kept whole as a name: (line, text).
    pub unsplit: Vec<(usize, &'a str)>,
    /// The first of `unsplit` not yet put on a record.
    next: usize,
}

/// How a line reads to the detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    None,
    /// Starts with a label run together with its value.
    Maybe,
    /// Starts with a label run together with text and holds another, or holds
    /// four or more labels: certainly glued.
    Sure,
}

fn evidence(lex: &Lexicon, row: &Row<'_>) -> Evidence {
    let mut filled = row.filled();
    let (Some(cell), None) = (filled.next(), filled.next()) else {
        return Evidence::None;
    };
    if row.layout != Some(Layout::CellPerLine) || cell.text.chars().nth(3).is_none() {
        return Evidence::None;
    }
    // A label cell (`注:…`), or a line the word reader takes (labels as words).
    if match_label(cell.text).is_some() || crate::segment::word_row(cell.text).is_some() {
        return Evidence::None;
    }
    let mut state = State::Header;
    let toks = tokens(lex, cell.text, &mut state);
    let labels = toks.iter().filter(|t| t.tok != Tok::Text).count();
    // Places where a label touches its neighbour with no space between.
    let joints = toks
        .windows(2)
        .filter(|w| w[0].b == w[1].a && (w[0].tok != Tok::Text || w[1].tok != Tok::Text))
        .count();
    let starts_with_label = toks.first().is_some_and(|t| t.a == 0 && t.tok != Tok::Text);
    let glued_start = starts_with_label && toks.get(1).is_some_and(|n| n.a == toks[0].b);
    if joints >= 2 && (starts_with_label || labels >= 4) {
        Evidence::Sure
    } else if glued_start {
        Evidence::Maybe
    } else {
        Evidence::None
    }
}

/// True when a row is certainly glued (the test [`split`] applies to every
/// row before it reads a text as glued), so a text read in stretches can
/// tell whether the whole text is.
pub fn is_glued_row(row: &Row<'_>) -> bool {
    lexicon().is_some_and(|lex| evidence(lex, row) == Evidence::Sure)
}

/// Finds the glued lines of a text and replaces each by the rows found in
/// it. A text is read as glued only when some line certainly is (a label run
/// together with its value and another label, or four labels on a line);
/// then lines that start with a label run together with its value, and
/// lines of text inside the indicator table, are split too. Every other
/// row is passed through unchanged.
pub fn split(rows: Vec<Row<'_>>) -> Split<'_> {
    let Some(lex) = lexicon() else {
        return Split {
            rows,
            ..Split::default()
        };
    };
    let ev: Vec<Evidence> = rows.iter().map(|r| evidence(lex, r)).collect();
    if !ev.contains(&Evidence::Sure) {
        return Split {
            rows,
            ..Split::default()
        };
    }
    let mut out = Split {
        rows: Vec::with_capacity(rows.len()),
        ..Split::default()
    };
    let mut state = State::Header;
    let mut levels = Levels::default();
    for (row, e) in rows.into_iter().zip(ev) {
        let single = {
            let mut f = row.filled();
            match (f.next(), f.next()) {
                (Some(c), None) if row.layout == Some(Layout::CellPerLine) => Some(*c),
                _ => None,
            }
        };
        let Some(cell) = single else {
            out.rows.push(row);
            continue;
        };
        let is_title_or_year =
            crate::segment::is_title(cell.text) || crate::segment::year_line(cell.text).is_some();
        if is_title_or_year {
            state = State::Header;
            levels = Levels::default();
            out.rows.push(row);
            continue;
        }
        let mut st = state;
        let toks = tokens(lex, cell.text, &mut st);
        let has_label = toks.iter().any(|t| t.tok != Tok::Text);
        let table_text = state == State::Table && !has_label && match_label(cell.text).is_none();
        if e == Evidence::None && !table_text {
            // A plain line: a goal paragraph, a value on its own line. Labels
            // the line holds as a whole still move the state.
            if let Some(m) = match_label(cell.text) {
                state = match m.label {
                    Label::Field(f) if GOAL_FIELDS.contains(&f) => State::Paragraph,
                    Label::Field(Field::Note) => State::Note,
                    l if is_table_label(l) => State::Table,
                    _ => State::Header,
                };
            }
            out.rows.push(row);
            continue;
        }
        state = st;
        out.lines.push(row.line);
        let before = out.rows.len();
        let mut b = Builder {
            line: row.line,
            text: row.text,
            cell,
            rows: &mut out.rows,
            unsplit: &mut out.unsplit,
            levels: &mut levels,
            cur: Vec::new(),
            group: Group::None,
            cols: Cols::new(cell.text),
        };
        b.build(&toks);
        if out.rows.len() == before {
            out.rows.push(row);
        }
    }
    out
}

/// Where a name's repetition starts, when the text is a name followed by an
/// explanation that ends with the same name (`技术服务次数` + `对企业技术服务次数`):
/// the longest such name of four characters or more, at most half the text.
fn repeated_name(text: &str) -> Option<usize> {
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).skip(4).collect();
    bounds
        .into_iter()
        .rev()
        .filter(|&k| k * 2 <= text.len())
        .find(|&k| text.ends_with(&text[..k]))
}

/// Words that open an indicator's explanation (`反映…情况`), never its name.
const EXPLANATION_STARTS: &[&str] = &["反映"];

/// Where an explanation run on after a name starts (`修复工程数量` +
/// `反映修复工程开展情况`): at an explanation word after two or more
/// characters of name, so the 指标解释 or 绩效标准 column gets its own cell.
// fixture: fixtures/glued/explanation-after-name.txt
fn explanation_start(text: &str) -> Option<usize> {
    EXPLANATION_STARTS
        .iter()
        .filter_map(|w| text.find(w))
        .min()
        .filter(|&k| text[..k].chars().count() >= 2)
}

/// The 一级 and 二级 label cells in force, repeated before a name that has no value.
#[derive(Debug, Clone, Copy, Default)]
struct Levels<'a> {
    level1: Option<Cell<'a>>,
    level2: Option<Cell<'a>>,
    /// The last indicator read has a name and no value yet.
    name_open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    None,
    Header,
    Cols,
    Level1,
    Level2,
}

/// Character columns of byte offsets, counted forward only (linear).
struct Cols<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> Cols<'a> {
    fn new(text: &'a str) -> Self {
        Cols {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The display column of `byte`; moves forward, so a run of calls in
    /// order costs one pass over the text.
    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            let back = self
                .text
                .get(byte..self.byte)
                .map_or(0, crate::layout::width);
            return self.chars.saturating_sub(back);
        }
        self.chars += self
            .text
            .get(self.byte..byte)
            .map_or(0, crate::layout::width);
        self.byte = byte;
        self.chars
    }
}

struct Builder<'a, 'b> {
    line: usize,
    text: &'a str,
    /// The line's one cell, whose text the spans index.
    cell: Cell<'a>,
    rows: &'b mut Vec<Row<'a>>,
    unsplit: &'b mut Vec<(usize, &'a str)>,
    levels: &'b mut Levels<'a>,
    cur: Vec<Cell<'a>>,
    group: Group,
    cols: Cols<'a>,
}

impl<'a> Builder<'a, '_> {
    fn cell(&mut self, a: usize, b: usize) -> Cell<'a> {
        let s = self.cell.text;
        let text = s.get(a..b).unwrap_or("").trim_matches(is_space);
        let a = if text.is_empty() {
            a
        } else {
            text.as_ptr() as usize - s.as_ptr() as usize
        };
        let col = self.cell.col + self.cols.at(a);
        Cell {
            text,
            line: self.line,
            index: 0,
            col,
        }
    }

    fn flush(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        let mut cells = std::mem::take(&mut self.cur);
        for (i, c) in cells.iter_mut().enumerate() {
            c.index = i;
        }
        let layout = if cells.len() > 1 {
            Layout::Tabs
        } else {
            Layout::CellPerLine
        };
        // The row's text is the stretch of the line its cells cover, not the
        // whole line: the interpreter looks at a row's text once per row, and
        // a line may hold a thousand forms.
        let base = self.cell.text.as_ptr() as usize;
        let inside = cells.iter().filter_map(|c| {
            let a = (c.text.as_ptr() as usize).checked_sub(base)?;
            (a + c.text.len() <= self.cell.text.len()).then_some((a, a + c.text.len()))
        });
        let (lo, hi) = inside.fold((usize::MAX, 0), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)));
        let text = self.cell.text.get(lo..hi).unwrap_or(self.text);
        self.rows.push(Row {
            line: self.line,
            text,
            cells,
            layout: Some(layout),
        });
        self.group = Group::None;
    }

    fn build(&mut self, toks: &[Span]) {
        let mut k = 0;
        while k < toks.len() {
            let t = toks[k];
            k += 1;
            match t.tok {
                Tok::Title | Tok::Aside => {
                    self.flush();
                    *self.levels = Levels::default();
                    let c = self.cell(t.a, t.b);
                    self.cur.push(c);
                    self.flush();
                }
                Tok::Note => {
                    self.flush();
                    // The 注 and its text are one cell (`注:各地…`).
                    let end = match toks.get(k) {
                        Some(n) if n.tok == Tok::Text => {
                            k += 1;
                            n.b
                        }
                        _ => t.b,
                    };
                    let c = self.cell(t.a, end);
                    self.cur.push(c);
                    self.flush();
                }
                // fixture: fixtures/glued/name-spells-level2.txt
                // A 二级 spelt without its 指标 right after that 二级's own label
                // is the indicator's name: it and the text run on after it are
                // read as text.
                Tok::Label(Label::Level2(name)) if self.names_level2(name, t) => {
                    let b = match toks.get(k) {
                        Some(n) if n.tok == Tok::Text && n.a == t.b => {
                            k += 1;
                            n.b
                        }
                        _ => t.b,
                    };
                    self.text_token(t.a, b);
                }
                Tok::Label(l) => {
                    let c = self.cell(t.a, t.b);
                    match l {
                        Label::Level1(_) => {
                            self.flush();
                            self.levels.level1 = Some(c);
                            self.levels.level2 = None;
                            self.cur.push(c);
                            self.group = Group::Level1;
                        }
                        Label::Level2(_) => {
                            if self.group != Group::Level1 {
                                self.flush();
                            }
                            self.levels.level2 = Some(c);
                            self.cur.push(c);
                            self.group = Group::Level2;
                        }
                        l if is_table_label(l) => {
                            if self.group != Group::Cols {
                                self.flush();
                            }
                            self.cur.push(c);
                            self.group = Group::Cols;
                        }
                        _ => {
                            if self.group != Group::Header || !self.cur.iter().all(|c| !is_label(c))
                            {
                                self.flush();
                            }
                            self.cur.push(c);
                            self.group = Group::Header;
                        }
                    }
                }
                Tok::Text => {
                    let (a, mut b) = (t.a, t.b);
                    // `二级` run into the value before `项目名称`: a cell of its own.
                    let mut prefix = None;
                    if let Some(n) = toks.get(k) {
                        if matches!(n.tok, Tok::Label(_)) && n.a == b {
                            if let Some(p) = level_prefix(&self.cell.text[a..b]) {
                                prefix = Some(b - p);
                                b -= p;
                            }
                        }
                    }
                    if b > a {
                        self.text_token(a, b);
                    }
                    if let Some(p) = prefix {
                        self.flush();
                        let c = self.cell(p, t.b);
                        self.cur.push(c);
                        self.group = Group::Header;
                    }
                }
            }
        }
        self.flush();
    }

    /// Whether the 二级 label at `t`, matched as `name`, follows that same
    /// 二级's label with nothing between and is written without 指标.
    fn names_level2(&self, name: &str, t: Span) -> bool {
        let text = &self.cell.text[t.a..t.b];
        let after = self.group == Group::Level2
            && self.levels.level2.is_some_and(|l| {
                self.cur.last().is_some_and(|c| c.text == l.text)
                    && matches!(match_label(l.text).map(|m| m.label), Some(Label::Level2(n)) if n == name)
            });
        after && text != name && !text.ends_with("指标")
    }

    fn text_token(&mut self, a: usize, b: usize) {
        match self.group {
            Group::Level1 | Group::Level2 => {
                let seg = &self.cell.text[a..b];
                let found = indicators(seg);
                // fixture: fixtures/tables/glued-value-next-line.txt
                // A bare value on the line after a name without one is that
                // name's value: a row of its own, read as the row above wrapped.
                let bare_value = seg.chars().count() <= 16
                    && seg.starts_with(|c: char| {
                        fold_char(c).is_ascii_digit() || matches!(c, '≥' | '≤' | '>' | '<' | '=')
                    })
                    && crate::value::parse_value(seg).0.number().is_some();
                if bare_value && std::mem::take(&mut self.levels.name_open) {
                    // The name above was not left unsplit after all.
                    if self.unsplit.last().is_some_and(|&(l, _)| l < self.line) {
                        self.unsplit.pop();
                    }
                    let c = self.cell(a, b);
                    self.cur.push(c);
                    self.group = Group::Level2;
                    return self.flush();
                }
                for (n, ind) in found.iter().enumerate() {
                    let name = self.cell(a + ind.name.0, a + ind.name.1);
                    if n > 0 {
                        self.flush();
                    }
                    // Page furniture after the table (`扫一扫在手机打开当前页`,
                    // `附件:`) is said as furniture by the reader: no name,
                    // and no levels carried before it.
                    // fixture: fixtures/glued/site-footer-after-glued-table.txt
                    let furniture = crate::segment::is_site_furniture(name.text)
                        || crate::segment::is_page_furniture(name.text);
                    if ind.value.is_none() && self.cur.is_empty() && !furniture {
                        // A name alone would be read as the previous name wrapped.
                        let Levels { level1, level2, .. } = *self.levels;
                        self.cur.extend(level1);
                        self.cur.extend(level2);
                    }
                    if ind.unsplit && !furniture {
                        self.unsplit.push((self.line, name.text));
                    }
                    // fixture: fixtures/tables/glued-value-next-line.txt
                    // A name run into a 指标解释 that repeats it (`培育品种数量`
                    // + `培育品种数量`) is the name and its explanation; with
                    // its value on a later line only an exact repeat is cut
                    // (the grid reads it once), else the explanation would be
                    // taken for the value.
                    let cut = repeated_name(name.text)
                        .filter(|&k| ind.value.is_some() || name.text.len() == 2 * k)
                        .or_else(|| explanation_start(name.text));
                    match cut {
                        Some(k) => {
                            let (head, tail) = (
                                self.cell(a + ind.name.0, a + ind.name.0 + k),
                                self.cell(a + ind.name.0 + k, a + ind.name.1),
                            );
                            self.cur.push(head);
                            self.cur.push(tail);
                        }
                        None => self.cur.push(name),
                    }
                    if let Some((va, vb)) = ind.value {
                        let v = self.cell(a + va, a + vb);
                        self.cur.push(v);
                    }
                    self.levels.name_open = ind.value.is_none();
                    self.group = Group::Level2;
                }
                self.flush();
            }
            Group::None => {
                // Text inside the table on a line of its own: indicators too.
                if self.levels.level1.is_some() || self.levels.level2.is_some() {
                    self.group = Group::Level2;
                    // A name with no levels before it on its line.
                    return self.text_token(a, b);
                }
                let c = self.cell(a, b);
                self.cur.push(c);
                self.flush();
            }
            Group::Header | Group::Cols => {
                let c = self.cell(a, b);
                self.cur.push(c);
                self.flush();
            }
        }
    }
}

fn is_label(c: &Cell<'_>) -> bool {
    match_label(c.text).is_some()
}

/// The byte length of a `一级`/`二级` (with at most one stray character, `一*级`)
/// ending `text`, when the text holds more than that.
fn level_prefix(text: &str) -> Option<usize> {
    let mut it = text.char_indices().rev();
    let (ji, j) = it.next()?;
    if j != '级' {
        return None;
    }
    let (mut i, mut c) = it.next()?;
    if !matches!(c, '一' | '二' | '三' | '1' | '2' | '3') {
        (i, c) = it.next()?;
        if !matches!(c, '一' | '二' | '三' | '1' | '2' | '3') {
            return None;
        }
    }
    let _ = ji;
    Some(text.len() - i)
}

impl Split<'_> {
    /// Puts the glued reader's findings on one record, called for each
    /// record in source order before it is validated: the `flat` layout when
    /// it was read from glued lines (they had no separators), and a
    /// `glued-name-value` warning for each of its indicators kept whole as a
    /// name. Both lists are in source order, so one cursor over them and a
    /// bounded look-ahead over the record's indicators keep this linear.
    pub fn record(&mut self, r: &mut Record) {
        if self.lines.is_empty() {
            return;
        }
        let (lo, hi) = (r.source.line_start, r.source.line_end);
        let k = self.lines.partition_point(|&l| l < lo);
        if self.lines.get(k).is_some_and(|&l| l <= hi) {
            r.source.layout = Layout::Flat;
        }
        let mut from = 0usize;
        while let Some(&(line, text)) = self.unsplit.get(self.next) {
            if line > hi {
                break;
            }
            match find_indicator(r, from, line, text) {
                Some(n) => from = n + 1,
                // Merged into another name by the interpreter, when one of
                // the next few is this record's; else on a later form of
                // the same line (or told in `leftovers`).
                None if line >= lo => {
                    let later = self.unsplit[self.next + 1..]
                        .iter()
                        .take(4)
                        .any(|&(l, t)| find_indicator(r, from, l, t).is_some());
                    if !later {
                        break;
                    }
                }
                None => {}
            }
            r.diagnostics.push(unsplit_diagnostic(line, text));
            self.next += 1;
        }
    }

    /// Warnings for indicator text kept whole that no record claimed in
    /// [`Split::record`]: put on the last record holding their line, whose
    /// review status is then settled again.
    pub fn leftovers(&mut self, records: &mut [Record]) {
        while let Some(&(line, text)) = self.unsplit.get(self.next) {
            self.next += 1;
            let target = records
                .iter()
                .rposition(|r| r.source.line_start <= line)
                .or_else(|| (!records.is_empty()).then_some(0));
            if let Some(r) = target.and_then(|i| records.get_mut(i)) {
                r.diagnostics.push(unsplit_diagnostic(line, text));
                r.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
                crate::trust::settle(r);
            }
        }
    }
}

/// The index of the record's indicator (from `from`, looking at most 64 on)
/// on `line` named `text`.
fn find_indicator(r: &Record, from: usize, line: usize, text: &str) -> Option<usize> {
    let name = crate::normalize::clean(text);
    r.indicators
        .iter()
        .enumerate()
        .skip(from)
        .take(64)
        .find(|(_, i)| i.line == line && i.name.as_deref() == Some(name.as_str()))
        .map(|(n, _)| n)
}

fn unsplit_diagnostic(line: usize, text: &str) -> Diagnostic {
    Diagnostic::at(
        Code::GluedUnsplit,
        line,
        format!(
            "no boundary found between an indicator's name and its value in text with no separators; kept as the name: {text}"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names() {
        let cases = [
            ("培育品种数量培育品种数量", Some("培育品种数量")),
            ("技术服务次数对企业技术服务次数", Some("技术服务次数")),
            ("运转率运转率", None),
            ("开展技术培训场次", None),
            ("消化利用秸秆数量建立秸秆利用点", None),
        ];
        for (text, want) in cases {
            assert_eq!(repeated_name(text).map(|k| &text[..k]), want, "{text}");
        }
    }

    #[test]
    fn explanations_after_names() {
        let cases = [
            ("修复工程数量反映修复工程开展情况", Some("修复工程数量")),
            ("巡检次数反映巡检情况", Some("巡检次数")),
            ("反映巡检情况", None),
            ("次反映", None),
            ("开展技术培训场次", None),
        ];
        for (text, want) in cases {
            assert_eq!(explanation_start(text).map(|k| &text[..k]), want, "{text}");
        }
    }

    #[test]
    fn name_value_boundary_table() {
        type Want<'a> = &'a [(&'a str, Option<&'a str>)];
        let cases: &[(&str, Want<'_>)] = &[
            ("清淤长度≥5公里", &[("清淤长度", Some("≥5公里"))]),
            ("清淤长度=5公里", &[("清淤长度", Some("=5公里"))]),
            ("验收合格率=100%", &[("验收合格率", Some("=100%"))]),
            (
                "验收合格率=100百分比",
                &[("验收合格率", Some("=100百分比"))],
            ),
            (
                "受益群众满意度%=95百分比",
                &[("受益群众满意度", Some("%=95百分比"))],
            ),
            ("群众满意度=%95", &[("群众满意度", Some("=%95"))]),
            ("群众满意度二95%", &[("群众满意度", Some("二95%"))]),
            (
                "完成H期2024年10月底前",
                &[("完成H期", Some("2024年10月底前"))],
            ),
            (
                "补助时限2018-2019期间",
                &[("补助时限", Some("2018-2019期间"))],
            ),
            ("费用标准564元/户", &[("费用标准", Some("564元/户"))]),
            ("使用时限12个月", &[("使用时限", Some("12个月"))]),
            ("补助标准每生3000元", &[("补助标准", Some("每生3000元"))]),
            ("达标率不低于95%", &[("达标率", Some("不低于95%"))]),
            (
                "平台包括的产品数≥8项平台使用的人数≥340人",
                &[
                    ("平台包括的产品数", Some("≥8项")),
                    ("平台使用的人数", Some("≥340人")),
                ],
            ),
            ("对生态影响较小", &[("对生态影响", Some("较小"))]),
            (
                "成本控制不超预算能耗下降率≥5%",
                &[("成本控制", Some("不超预算")), ("能耗下降率", Some("≥5%"))],
            ),
            ("不超预算率100%", &[("不超预算率", Some("100%"))]),
            ("服务水平持续提升", &[("服务水平", Some("持续提升"))]),
            (
                "堤防安全度汛有效保障",
                &[("堤防安全度汛", Some("有效保障"))],
            ),
            (
                "群众出行条件得到改善",
                &[("群众出行条件", Some("得到改善"))],
            ),
            (
                "提高帮扶成效有所提高",
                &[("提高帮扶成效", Some("有所提高"))],
            ),
            ("PM2.5浓度≤35微克", &[("PM2.5浓度", Some("≤35微克"))]),
            // A range with its unit on both bounds is one value.
            (
                "路面完好率90%-95%养护长度46公里",
                &[
                    ("路面完好率", Some("90%-95%")),
                    ("养护长度", Some("46公里")),
                ],
            ),
            ("时间缩短15%~20%", &[("时间缩短", Some("15%~20%"))]),
            ("办结时限3天至5天", &[("办结时限", Some("3天至5天"))]),
            // A number inside a name, a value after it.
            (
                "改造农村4类重点对象危房户数35户",
                &[("改造农村4类重点对象危房户数", Some("35户"))],
            ),
            (
                "新建村级5G基站数量12个",
                &[("新建村级5G基站数量", Some("12个"))],
            ),
            // no boundary: the whole text is the name
            (
                "平台使用范围全区各帮扶部门",
                &[("平台使用范围全区各帮扶部门", None)],
            ),
            ("补助时间每年一次", &[("补助时间每年一次", None)]),
            ("良好", &[("良好", None)]),
        ];
        for (seg, want) in cases {
            assert_eq!(name_value(seg).as_slice(), *want, "{seg}");
        }
    }

    #[test]
    fn verdicts_split_only_at_the_end() {
        // 合格 inside the name is no value.
        assert_eq!(name_value("验收合格情况"), vec![("验收合格情况", None)]);
    }

    fn lex(s: &str) -> Vec<(&str, Tok)> {
        let lex = lexicon().expect("lexicon builds");
        let mut st = State::Header;
        tokens(lex, s, &mut st)
            .into_iter()
            .map(|t| (&s[t.a..t.b], t.tok))
            .collect()
    }

    #[test]
    fn labels_are_found_inside_a_line() {
        let got = lex("项目名称某某渠道维修项目负责人及电话李某13900000000");
        let texts: Vec<&str> = got.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            texts,
            [
                "项目名称",
                "某某渠道维修",
                "项目负责人及电话",
                "李某13900000000"
            ]
        );
        // one OCR substitution inside a long spelling
        let got = lex("项目负贵人及电话李某13900000000");
        assert_eq!(got[0].0, "项目负贵人及电话");
        assert!(matches!(got[0].1, Tok::Label(Label::Field(Field::Leader))));
        // annotation and colon stay with their label, 其中 before it
        let got = lex("资金情况(万元)年度资金总额:6.7万元其中:财政拨款6.7万元");
        let texts: Vec<&str> = got.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            texts,
            [
                "资金情况(万元)",
                "年度资金总额:",
                "6.7万元",
                "其中:财政拨款",
                "6.7万元"
            ]
        );
        // a kind of project keeps its 项目 before a label that could take it
        for (line, want) in [
            (
                "项目分类其他项目资金用途业务类项目主管部门某局",
                &[
                    "项目分类",
                    "其他项目",
                    "资金用途",
                    "业务类项目",
                    "主管部门",
                    "某局",
                ][..],
            ),
            (
                "项目类型新增项目主管部门某局",
                &["项目类型", "新增项目", "主管部门", "某局"][..],
            ),
            // no kind before it: the label keeps its 项目
            (
                "填报单位某局项目主管部门某厅",
                &["填报单位", "某局", "项目主管部门", "某厅"][..],
            ),
        ] {
            let got = lex(line);
            let texts: Vec<&str> = got.iter().map(|(t, _)| *t).collect();
            assert_eq!(texts, want, "{line}");
        }
        // a title's words before its ending, and the year after it
        let got = lex("…2022年项目支出绩效目标表(2022年度)项目名称某某项目");
        let texts: Vec<&str> = got.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            texts,
            [
                "…",
                "2022年项目支出绩效目标表",
                "(2022年度)",
                "项目名称",
                "某某项目"
            ]
        );
        // 注 only before a colon; a 注 swallows labels up to a new form
        let got = lex("注:从上述绩效指标中选择项目名称某某");
        let texts: Vec<&str> = got.iter().map(|(t, _)| *t).collect();
        assert_eq!(texts, ["注:", "从上述绩效指标中选择", "项目名称", "某某"]);
        let got = lex("关注度项目名称某某");
        assert_eq!(got[0].0, "关注度");
    }

    #[test]
    fn level_prefixes() {
        assert_eq!(level_prefix("某某项目二级"), Some("二级".len()));
        assert_eq!(level_prefix("…一*级"), Some("一*级".len()));
        assert_eq!(level_prefix("某某项目"), None);
        assert_eq!(level_prefix("高级"), None);
    }
}
