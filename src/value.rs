//! The grammar for cell values: 指标值 cells and funding amounts.
//!
//! A cell is read as a quantity (`≥340户`), a range (`90%-100%`) or text, and text that
//! names a date or deadline (`2019年12月底前`) carries that date. The grammar scans the
//! borrowed cell with nom combinators and allocates only to build the returned [`Value`].
//!
//! Choices the contract leaves open, made here:
//! - `/`, `无`, `-` and an empty cell are text (they say "nothing", not a number);
//!   [`parse_amount`] reads `-`, `—`, `无`, `/` as 0.
//! - `(含)` after a value marks an inclusive bound and is dropped (`100%（含）` is 100 %);
//!   `以上(不含)` / `以下(不含)` are `>` / `<`.
//! - `≥95%且≤100%` (a lower and an upper bound joined by 且, 并且, a comma or nothing) is
//!   the range 95–100 %; whether the bounds were strict is not kept.
//! - A range whose first bound exceeds its second is text.
//! - `300余人`, `300多人` are `> 300 人`.
//! - A leading `二` right before a digit is OCR of `=`: `二100` is `= 100`, with an
//!   `ocr-digit` note.
//! - Dates: `2019年12月底前` → 2019-12-31 `<=`; `2019年底`, `2019年12月` → the year's or
//!   month's end with no op; `2019-12-31`, `2019.12.31`, `2019/12/31` are dates too. A bare
//!   `2019年` is the quantity 2019 年 (as each bound of `2018年-2019年` is), and a date with
//!   no year (`12月底前`) is plain text here: the record takes it in the form's year
//!   ([`deadline_in_year`]), but for a recurring one (`每年12月底前`).
//! - A period `2023.07-2024.01` or `2019年1月-12月` is text whose date is the period's end
//!   with `<=` (the work is due by then); it is not a numeric range.
//! - Spaces between the comparator, the number, the unit and the parts of a date are not
//!   significant (`≥ 1,260 公里`, `2024 年 12 月 31 日前`, as PDF text prints them); a
//!   space between two digits is, so `3 5` is text and never 35.

use nom::bytes::complete::{tag, take_while, take_while_m_n};
use nom::combinator::{eof, not, opt};
use nom::sequence::terminated;
use nom::{IResult, Parser};

use crate::diagnostic::Code;
use crate::record::{DateValue, Number, Op, Value, ValueKind};

/// A note the value grammar raises about a cell (e.g. an OCR letter read as a digit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueNote {
    /// The diagnostic code the note maps to.
    pub code: Code,
    /// A human message naming what was read.
    pub message: String,
}

type Err<'a> = nom::error::Error<&'a str>;
type Res<'a, T> = IResult<&'a str, T, Err<'a>>;

/// Comparators written before the number, in every spelling OCR produces.
const PREFIX_OPS: &[(&str, Op)] = &[
    ("大于或等于", Op::Ge),
    ("大于等于", Op::Ge),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("至少", Op::Ge),
    ("≥", Op::Ge),
    ("≧", Op::Ge),
    ("⩾", Op::Ge),
    (">=", Op::Ge),
    ("＞＝", Op::Ge),
    (">＝", Op::Ge),
    ("＞=", Op::Ge),
    ("=>", Op::Ge),
    // fixture: fixtures/tables/split-comparators.txt
    // Two-character comparators that extraction split with a space, or
    // printed with the = twice (`> =3200人`, `≥=90%`).
    ("> =", Op::Ge),
    ("＞ ＝", Op::Ge),
    ("> ＝", Op::Ge),
    ("＞ =", Op::Ge),
    ("≥=", Op::Ge),
    ("≥＝", Op::Ge),
    ("小于或等于", Op::Le),
    ("小于等于", Op::Le),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不大于", Op::Le),
    ("不多于", Op::Le),
    ("最多", Op::Le),
    ("≤", Op::Le),
    ("≦", Op::Le),
    ("⩽", Op::Le),
    ("<=", Op::Le),
    ("＜＝", Op::Le),
    ("<＝", Op::Le),
    ("＜=", Op::Le),
    ("=<", Op::Le),
    ("< =", Op::Le),
    ("＜ ＝", Op::Le),
    ("< ＝", Op::Le),
    ("＜ =", Op::Le),
    ("≤=", Op::Le),
    ("≤＝", Op::Le),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("超过", Op::Gt),
    ("多于", Op::Gt),
    (">", Op::Gt),
    ("＞", Op::Gt),
    ("小于", Op::Lt),
    ("低于", Op::Lt),
    ("少于", Op::Lt),
    ("不足", Op::Lt),
    ("<", Op::Lt),
    ("＜", Op::Lt),
    ("等于", Op::Eq),
    ("==", Op::Eq),
    ("=", Op::Eq),
    ("＝", Op::Eq),
];

/// True when a whole cell is a comparator and nothing else (`≥`, `>=`, `不低于`):
/// the content of a 计算符号 / 指标性质 column.
pub fn is_comparator(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty() && PREFIX_OPS.iter().any(|(s, _)| *s == t)
}

/// fixture: fixtures/tables/words-comparator-words.txt
/// True when a word opens with a comparator spelt in words (`大于等于600亩`,
/// `不低于90%`, `不超过`): the word alone or followed by a number.
pub fn starts_with_comparator_word(word: &str) -> bool {
    PREFIX_OPS.iter().any(|(w, _)| {
        word.strip_prefix(w).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_none_or(|c| crate::normalize::fold_char(c).is_ascii_digit())
        }) && w.chars().all(crate::normalize::is_ideograph)
    })
}

/// True when a cell is only an amount (`8,827,620.53`, `66万元`): digits with
/// thousands separators and a decimal point, an optional money unit.
pub fn parse_amount_like(cell: &str) -> bool {
    let t = cell.trim();
    let t = t
        .strip_suffix("万元")
        .or_else(|| t.strip_suffix('元'))
        .unwrap_or(t);
    // Full-width digits (`１２０`) are digits, as OCR writes them.
    let mut chars = t.chars().map(crate::normalize::fold_char);
    chars.clone().any(|c| c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
}

/// Unit words a 计量单位 column holds, alone or joined by `/` (`元/人`).
const UNIT_WORDS: &[&str] = &[
    "%",
    "％",
    "‰",
    "百分比",
    "百分率",
    "个",
    "人",
    "人次",
    "户",
    "户次",
    "次",
    "万元",
    "元",
    "亿元",
    "千元",
    "米",
    "公里",
    "千米",
    "平方米",
    "平米",
    "㎡",
    "m²",
    "㎥",
    "m³",
    "㎞",
    "立方米",
    "亩",
    "公顷",
    "吨",
    "千克",
    "公斤",
    "座",
    "台",
    "套",
    "件",
    "所",
    "家",
    "项",
    "天",
    "日",
    "月",
    "个月",
    "年",
    "周",
    "小时",
    "分钟",
    "册",
    "场",
    "场次",
    "期",
    "批",
    "辆",
    "棵",
    "株",
    "间",
    "处",
    "张",
    "份",
    "篇",
    "条",
    "本",
    "名",
    "位",
    "只",
    "头",
    "部",
    "块",
    "盏",
    "宗",
    "类",
    "门",
    "节",
    "课时",
    "学时",
    "班",
    "组",
    "支",
    "架",
    "艘",
    "眼",
    "口",
    "段",
    "片",
    "根",
    "匹",
    "羽",
    "箱",
    "包",
    "袋",
    "床",
    "分",
    "元/人",
    "卷",
    // fixture: fixtures/tables/unit-per-page-column.txt
    "页",
    "村",
    "校",
    "例",
    "起",
    "单",
    "剂",
    "趟",
    "轮",
    "栋",
    "幢",
    "人日",
    "个次",
    "千瓦",
    "千瓦时",
    "平方公里",
    "百分点",
    "个百分点",
    "km",
    "m",
    "m2",
    "m²",
    "m3",
    "t",
    "kg",
    "h",
    "d",
];

/// True when a whole cell is a unit column's content (`米`, `%`, `万元`,
/// `元/人·年`): unit words alone or joined by `/`.
pub fn is_unit_word(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty()
        && t.chars().count() <= 8
        && t.split(['/', '／', '·']).all(|part| {
            // `万人次`, `万亩`: a unit word counted in tens of thousands.
            let part = part.trim();
            let bare = part.trim_start_matches(['万', '千', '百', '亿']);
            in_unit_words(part) || (bare.len() < part.len() && in_unit_words(bare))
        })
}

/// True when `word` is one of [`UNIT_WORDS`]: a bisection of the words sorted
/// once, where a scan of the list compared the cell with each word (this is
/// asked of most table cells).
fn in_unit_words(word: &str) -> bool {
    /// A word of at most 15 bytes as one number: its bytes, then its length.
    fn key(w: &str) -> Option<u128> {
        let mut k = [0u8; 16];
        k.get_mut(..w.len())?.copy_from_slice(w.as_bytes());
        k[15] = u8::try_from(w.len()).ok().filter(|&n| n < 16)?;
        Some(u128::from_le_bytes(k))
    }
    // The words as sorted numbers: a bisection compares numbers, not strings.
    static KEYS: std::sync::LazyLock<(Vec<u128>, Vec<&'static str>)> =
        std::sync::LazyLock::new(|| {
            let mut keys = Vec::new();
            let mut long = Vec::new();
            for &w in UNIT_WORDS {
                match key(w) {
                    Some(k) => keys.push(k),
                    None => long.push(w),
                }
            }
            keys.sort_unstable();
            (keys, long)
        });
    match key(word) {
        Some(k) => KEYS.0.binary_search(&k).is_ok(),
        None => KEYS.1.contains(&word),
    }
}

/// What a word written after the value means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Post {
    /// A comparator (`以上`, `以内`).
    Op(Op),
    /// `(含)`: the bound is inclusive.
    Inclusive,
    /// `(不含)`: the bound is strict.
    Exclusive,
    /// `左右`: approximate.
    Approx,
    /// `期间`, `之间`: marks a span, not a unit.
    Span,
    /// `完成`, `达标`: a verb after the target, not a unit (`100%完成`).
    Verb,
}

/// Words written after the number and unit.
const POSTFIXES: &[(&str, Post)] = &[
    ("及以上", Post::Op(Op::Ge)),
    ("以上", Post::Op(Op::Ge)),
    ("及以下", Post::Op(Op::Le)),
    ("以下", Post::Op(Op::Le)),
    ("以内", Post::Op(Op::Le)),
    ("之内", Post::Op(Op::Le)),
    ("内", Post::Op(Op::Le)),
    ("(含)", Post::Inclusive),
    ("（含）", Post::Inclusive),
    ("(不含)", Post::Exclusive),
    ("（不含）", Post::Exclusive),
    ("左右", Post::Approx),
    ("上下", Post::Approx),
    ("期间", Post::Span),
    ("之间", Post::Span),
    ("完成", Post::Verb),
    ("达标", Post::Verb),
    ("到位", Post::Verb),
    ("覆盖", Post::Verb),
];

/// Words before the number that mark it approximate.
const APPROX_PREFIXES: &[(&str, ())] = &[("大约", ()), ("约为", ()), ("约", ())];

/// Words between the number and the unit meaning "more than" (`300余人`).
const MORE: &[(&str, Op)] = &[("余", Op::Gt), ("多", Op::Gt)];

/// Separators between the bounds of a range.
const RANGE_SEPS: &[(&str, ())] = &[
    ("——", ()),
    ("--", ()),
    ("—", ()),
    ("–", ()),
    ("-", ()),
    ("－", ()),
    ("−", ()),
    ("~", ()),
    ("～", ()),
    ("〜", ()),
    ("至", ()),
    ("到", ()),
];

/// Words joining a lower and an upper bound (`≥95%且≤100%`).
const BOUND_JOINERS: &[(&str, ())] = &[
    ("并且", ()),
    ("而且", ()),
    ("且", ()),
    ("并", ()),
    (",", ()),
    ("，", ()),
    ("、", ()),
    (";", ()),
    ("；", ()),
    ("&", ()),
];

/// Characters that never occur in a unit: they mark a clause, so a cell holding one after
/// its number is text.
const UNIT_DENY: &str = "的是在和与或并且等前后底完成达到提高降低增减于从至到为及以之其中每各被把对将就都也还已未无非不没需应要可能会率";

/// Units a Chinese-numeral count may carry (`两次`, `十二个月`); elsewhere a numeral is a word.
const CN_UNITS: &[&str] = &[
    "年", "个月", "月", "周", "天", "日", "小时", "季度", "次", "人次", "个", "人", "户", "项",
    "名", "家", "所", "套", "台", "辆", "座", "处", "条", "批", "篇", "份", "轮", "届", "种", "类",
    "元", "万元", "亿元", "亩", "公里", "米", "间", "栋", "门", "场",
];

/// Money units and their factor in 元.
const MONEY_UNITS: &[(&str, f64)] = &[
    ("元", 1.0),
    ("千元", 1e3),
    ("万元", 1e4),
    ("万", 1e4),
    ("百万元", 1e6),
    ("亿元", 1e8),
    ("亿", 1e8),
];

/// The canonical funding units.
const FUNDING_UNITS: &[&str] = &["元", "万元", "亿元"];

/// Cells that say "no money" in a funding cell.
const ZERO_AMOUNTS: &[&str] = &["-", "－", "—", "——", "–", "--", "−", "无", "/", "／"];

/// Words after a date meaning "by then".
const DEADLINES: &[(&str, ())] = &[
    ("之前", ()),
    ("以前", ()),
    ("为止", ()),
    ("前", ()),
    ("止", ()),
    ("内", ()),
];

/// Words after a year (`2024年…`) that make it the whole year, due by its end.
const YEAR_WITHIN: &[(&str, ())] = &[("全年", ()), ("度", ()), ("内", ())];

/// Parts of a year after it (`2025年上半年`, `2025年第三季度`, `2025年Q1`),
/// each with the month it ends in: due by that month's end.
// fixture: fixtures/tables/deadline-year-parts.txt
const YEAR_PARTS: &[(&str, u32)] = &[
    ("上半年", 6),
    ("下半年", 12),
    ("第一季度", 3),
    ("第二季度", 6),
    ("第三季度", 9),
    ("第四季度", 12),
    ("一季度", 3),
    ("二季度", 6),
    ("三季度", 9),
    ("四季度", 12),
    ("Q1", 3),
    ("Q2", 6),
    ("Q3", 9),
    ("Q4", 12),
];

/// Words before a date; the 截至 family makes it a deadline.
const DATE_PREFIXES: &[(&str, bool)] = &[
    ("截至到", true),
    ("截止到", true),
    ("截至", true),
    ("截止", true),
    ("于", false),
    ("在", false),
    // a comparator assembled from its own column: `≤` `2023年12月`
    ("≤", true),
    ("<=", true),
    ("＜＝", true),
    ("=", false),
];

/// Verbs that may follow a deadline (`2019年12月底前完成`).
const DATE_VERBS: &[(&str, ())] = &[
    ("全部完成", ()),
    ("实施完毕", ()),
    ("发放到位", ()),
    ("拨付到位", ()),
    ("完成", ()),
    ("完工", ()),
    ("竣工", ()),
    ("到位", ()),
    ("发放", ()),
    ("拨付", ()),
    ("支付", ()),
    ("验收", ()),
];

/// Punctuation tolerated at the end of a numeric cell.
const TRAILING_PUNCT: &[(&str, ())] = &[
    ("。", ()),
    ("；", ()),
    (";", ()),
    ("，", ()),
    (",", ()),
    (".", ()),
];

/// The longest word of `table` that starts `i`, with its meaning.
fn word<'a, T: Copy>(table: &[(&str, T)], i: &'a str) -> Res<'a, T> {
    let mut best: Option<(&'a str, usize, T)> = None;
    let b = i.as_bytes();
    for &(w, v) in table {
        // The word's first and last bytes against the text's first: most
        // words of a table are ruled out without comparing them whole.
        let wb = w.as_bytes();
        let (Some(&first), Some(&last)) = (wb.first(), wb.last()) else {
            if let Some(rest) = i.strip_prefix(w) {
                if best.is_none() {
                    best = Some((rest, 0, v));
                }
            }
            continue;
        };
        if b.first() != Some(&first) || b.get(wb.len() - 1) != Some(&last) {
            continue;
        }
        if let Some(rest) = i.strip_prefix(w) {
            let better = match best {
                Some((_, n, _)) => w.len() > n,
                None => true,
            };
            if better {
                best = Some((rest, w.len(), v));
            }
        }
    }
    match best {
        Some((rest, _, v)) => Ok((rest, v)),
        None => Err(nom::Err::Error(Err::new(i, nom::error::ErrorKind::Tag))),
    }
}

fn ws(i: &str) -> Res<'_, &str> {
    take_while(char::is_whitespace).parse(i)
}

/// `p` after optional white space: spaces between the words of a value are not
/// significant (`2019 年 12 月底 前` is `2019年12月底前`).
fn spaced<'a, T>(
    p: impl Parser<&'a str, Output = T, Error = Err<'a>>,
) -> impl Parser<&'a str, Output = T, Error = Err<'a>> {
    (ws, p).map(|(_, t)| t)
}

fn lit<'a>(s: &'static str) -> impl Parser<&'a str, Output = &'a str, Error = Err<'a>> {
    tag(s)
}

fn fail<T>(i: &str) -> Res<'_, T> {
    Err(nom::Err::Error(Err::new(i, nom::error::ErrorKind::Verify)))
}

/// Whitespace, optional trailing punctuation, then the end of the cell.
fn cell_end(i: &str) -> Res<'_, ()> {
    let (i, _) = ws(i)?;
    let (i, _) = opt(|i| word(TRAILING_PUNCT, i)).parse(i)?;
    let (i, _) = ws(i)?;
    let (i, _) = eof(i)?;
    Ok((i, ()))
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2018}'..='\u{201F}')
}

/// An ASCII or full-width decimal digit.
fn is_any_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A letter OCR confuses with a digit.
fn is_confusable(c: char) -> bool {
    matches!(c, 'O' | 'o' | 'l' | 'I' | '|')
}

/// The ASCII digit a digit or digit-like letter stands for.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - 0xFF10 + '0' as u32),
        'O' | 'o' => Some('0'),
        'l' | 'I' | '|' => Some('1'),
        _ => None,
    }
}

fn digits_value(s: &str) -> u32 {
    s.chars().filter_map(ascii_digit).fold(0u32, |n, d| {
        n.saturating_mul(10).saturating_add(d as u32 - '0' as u32)
    })
}

/// A number read from a cell; `ocr` when a letter in it was read as a digit.
#[derive(Debug, Clone, Copy)]
struct Num<'a> {
    value: f64,
    token: &'a str,
    ocr: bool,
}

/// Whether `c` counts as a digit at this point of a numeric run: `l`/`I` only when a digit
/// follows, `O`/`o` never first unless a decimal point follows.
fn digit_here(c: char, next: Option<char>, first: bool) -> bool {
    if is_any_digit(c) {
        return true;
    }
    let next_digitish = next.is_some_and(|n| is_any_digit(n) || is_confusable(n));
    match c {
        'l' | 'I' => next_digitish,
        '|' => !first || next_digitish,
        'O' | 'o' => !first || matches!(next, Some('.' | '．')),
        _ => false,
    }
}

/// An Arabic number: sign, digits of either width, thousands separators, a decimal point of
/// either width, and OCR letters inside the digit run.
fn number(i: &str) -> Res<'_, Num<'_>> {
    // Sign: only right before a real digit.
    let mut base = 0usize;
    let mut sign = i.chars();
    if let (Some(c), Some(d)) = (sign.next(), sign.next()) {
        if matches!(c, '-' | '－' | '−') && is_any_digit(d) {
            base = c.len_utf8();
        }
    }
    let rest = i.get(base..).unwrap_or("");
    let mut cs = rest.char_indices().peekable();
    let mut end = base;
    let mut real = false;
    let mut ocr = false;
    let mut digits = 0usize;
    let mut in_frac = false;
    let mut decimal_comma = None;
    let mut spaced = false;
    while let Some((idx, c)) = cs.next() {
        let next = cs.peek().map(|&(_, n)| n);
        if digit_here(c, next, digits == 0) {
            real |= is_any_digit(c);
            ocr |= is_confusable(c);
            digits += 1;
            end = base + idx + c.len_utf8();
            continue;
        }
        if !in_frac && digits > 0 && matches!(c, ',' | '，') {
            // A thousands separator: exactly three digits follow.
            let mut group = rest.get(idx + c.len_utf8()..).unwrap_or("").chars();
            let digitish = |d: Option<char>| d.is_some_and(|d| is_any_digit(d) || is_confusable(d));
            let three = (0..3).all(|_| digitish(group.next()));
            if three && !digitish(group.next()) {
                continue;
            }
            // fixture: fixtures/tables/ocr-decimal-comma.txt
            // One or two digits after it, then a unit: a decimal point OCR
            // read as a comma (`≤18,5万元`), reported as a misread digit.
            let after = rest.get(idx + c.len_utf8()..).unwrap_or("");
            let frac = after.chars().take_while(char::is_ascii_digit).count();
            let unit_next = after[frac..].starts_with(|u: char| is_cjk(u) || u == '%');
            if (1..=2).contains(&frac) && unit_next {
                in_frac = true;
                ocr = true;
                decimal_comma = Some(base + idx);
                continue;
            }
            break;
        }
        // fixture: fixtures/tables/space-thousands-separator.txt
        // A space between groups of three digits, a unit right after the
        // last (`≥3 600户`, `10 000 000元`): one number. Two numbers a space
        // apart (`120 120`) have no unit after them.
        if !in_frac
            && c == ' '
            && (spaced
                || (1..=3).contains(&digits)
                    && spaced_groups_then_unit(rest.get(idx..).unwrap_or("")))
        {
            spaced = true;
            continue;
        }
        if !in_frac && digits > 0 && matches!(c, '.' | '．') {
            if next.is_some_and(|n| is_any_digit(n) || matches!(n, 'O' | 'o' | 'l' | 'I')) {
                in_frac = true;
                continue;
            }
            break;
        }
        break;
    }
    if digits == 0 || !real {
        return fail(i);
    }
    let Some((token, tail)) = i.split_at_checked(end) else {
        return fail(i);
    };
    let plain = token
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    let value = if plain {
        token.parse::<f64>().ok()
    } else {
        let mut s = String::with_capacity(token.len());
        for (at, c) in token.char_indices() {
            match c {
                '-' | '－' | '−' => s.push('-'),
                '.' | '．' => s.push('.'),
                ',' | '，' if decimal_comma == Some(at) => s.push('.'),
                ',' | '，' => {}
                c => s.extend(ascii_digit(c)),
            }
        }
        s.parse::<f64>().ok()
    };
    match value {
        Some(value) if value.is_finite() => Ok((tail, Num { value, token, ocr })),
        _ => fail(i),
    }
}

/// Whether `text` is one or more groups of a space and three ASCII digits,
/// followed at once by a unit (a CJK character or `%`).
fn spaced_groups_then_unit(text: &str) -> bool {
    let mut rest = text;
    let mut groups = 0;
    while let Some(after) = rest.strip_prefix(' ') {
        let three = after
            .get(..3)
            .is_some_and(|g| g.bytes().all(|b| b.is_ascii_digit()));
        let Some(next) = after.get(3..).filter(|_| three) else {
            return false;
        };
        rest = next;
        groups += 1;
    }
    groups > 0 && rest.starts_with(|u: char| is_cjk(u) || u == '%')
}

const CN_DIGITS: &[(char, u64)] = &[
    ('零', 0),
    ('〇', 0),
    ('一', 1),
    ('二', 2),
    ('两', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
    ('九', 9),
];

fn cn_digit(c: char) -> Option<u64> {
    CN_DIGITS.iter().find(|&&(d, _)| d == c).map(|&(_, v)| v)
}

fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿')
}

/// A Chinese numeral (`十二`, `两`, `一百零五`); it must start with a digit or 十.
fn cn_number(i: &str) -> Res<'_, f64> {
    let (rest, s) = take_while(is_cn_numeral).parse(i)?;
    let first = s.chars().next();
    if !first.is_some_and(|c| cn_digit(c).is_some() || c == '十') {
        return fail(i);
    }
    let (mut total, mut section, mut num) = (0u64, 0u64, 0u64);
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            num = d;
            continue;
        }
        match c {
            '万' => {
                total = total.saturating_add(section.saturating_add(num).saturating_mul(10_000));
                (section, num) = (0, 0);
            }
            '亿' => {
                total = total
                    .saturating_add(section)
                    .saturating_add(num)
                    .saturating_mul(100_000_000);
                (section, num) = (0, 0);
            }
            _ => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                section = section.saturating_add(num.max(1).saturating_mul(unit));
                num = 0;
            }
        }
    }
    Ok((
        rest,
        total.saturating_add(section).saturating_add(num) as f64,
    ))
}

/// A character that may name the head in a per-head form (`每生`, `每户`).
fn per_char(c: char) -> bool {
    is_cjk(c) && c != '每' && !is_cn_numeral(c) && !UNIT_DENY.contains(c)
}

/// `每户`, `每人每年`: the head (and period) a per-head amount is counted by.
fn per_head(i: &str) -> Res<'_, (&str, Option<&str>)> {
    let (i, _) = lit("每").parse(i)?;
    let (i, a) = take_while_m_n(1, 3, per_char).parse(i)?;
    let (i, b) = opt((lit("每"), take_while_m_n(1, 3, per_char)).map(|(_, b)| b)).parse(i)?;
    Ok((i, (a, b)))
}

/// A character that may appear in a unit; digits only after a letter (`m2`).
fn unit_char(c: char, prev: Option<char>) -> bool {
    if UNIT_DENY.contains(c) {
        return false;
    }
    is_cjk(c)
        || c.is_ascii_alphabetic()
        || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
        // fixture: fixtures/tables/year-span-values.txt
        || "%％‰/／·•・²³℃°㎡㎥㎞㎏".contains(c)
        || c.is_whitespace()
        || (c.is_ascii_digit() && prev.is_some_and(|p| p.is_ascii_alphabetic()))
}

/// fixture: fixtures/tables/rate-per-base-values.txt
/// The base of a rate after its slash (`≤10/10万`, `5/万人`, `例/10万人`):
/// digits right after `/` and followed by a unit word's character are part
/// of the unit, as `3/5` (a fraction) is not.
fn per_base(here: &str, prev: Option<char>) -> Option<usize> {
    if !prev.is_some_and(|p| matches!(p, '/' | '／')) {
        return None;
    }
    let rest = here.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = here.len() - rest.len();
    (digits > 0 && rest.starts_with(is_cjk)).then_some(digits)
}

/// The unit written after a number: a run of unit characters up to a postfix word.
fn unit_run(i: &str) -> Res<'_, &str> {
    // `百分率` is a unit though `率` ends no other.
    if let Some(w) = PERCENT_WORDS.iter().find(|w| i.starts_with(**w)) {
        return Ok((&i[w.len()..], &i[..w.len()]));
    }
    let mut end = 0;
    let mut prev = None;
    let mut base_end = 0;
    for (idx, c) in i.char_indices() {
        let here = i.get(idx..).unwrap_or("");
        if idx >= base_end {
            if let Some(n) = per_base(here, prev) {
                base_end = idx + n;
            } else if word(POSTFIXES, here).is_ok() || !unit_char(c, prev) {
                break;
            }
        }
        end = idx + c.len_utf8();
        prev = Some(c);
    }
    // fixture: fixtures/tables/rate-per-base-values.txt
    // A measure word's alternative in brackets after it (`台(套)`, `只（个）`).
    // `(含)` after a unit is a postfix word, no measure word.
    let after = i.get(end..).unwrap_or("");
    if prev.is_some_and(is_cjk) && word(POSTFIXES, after).is_err() {
        end += bracketed_alternative(after);
    }
    match i.split_at_checked(end) {
        Some((unit, rest)) => Ok((rest, unit)),
        None => fail(i),
    }
}

/// The length of a bracketed measure word (`(套)`, `（个）`: one or two
/// ideographs) at the start of `text`, else 0.
fn bracketed_alternative(text: &str) -> usize {
    let Some(inner) = text.strip_prefix(['(', '（']) else {
        return 0;
    };
    let Some(close) = inner.find([')', '）']) else {
        return 0;
    };
    let word = &inner[..close];
    let n = word.chars().count();
    if (1..=2).contains(&n) && word.chars().all(is_cjk) {
        let close_len = inner[close..].chars().next().map_or(1, char::len_utf8);
        text.len() - inner.len() + close + close_len
    } else {
        0
    }
}

/// What the postfix words of a value say.
#[derive(Debug, Clone, Copy, Default)]
struct Posts {
    op: Option<Op>,
    inclusive: bool,
    exclusive: bool,
    approx: bool,
    span: bool,
}

fn postfixes(mut i: &str) -> Res<'_, Posts> {
    let mut p = Posts::default();
    for _ in 0..4 {
        let (r, _) = ws(i)?;
        let Ok((r, post)) = word(POSTFIXES, r) else {
            break;
        };
        match post {
            Post::Op(op) => p.op = p.op.or(Some(op)),
            Post::Inclusive => p.inclusive = true,
            Post::Exclusive => p.exclusive = true,
            Post::Approx => p.approx = true,
            Post::Span => p.span = true,
            Post::Verb => {}
        }
        i = r;
    }
    if p.exclusive {
        p.op = p.op.map(|op| match op {
            Op::Ge => Op::Gt,
            Op::Le => Op::Lt,
            op => op,
        });
    }
    Ok((i, p))
}

/// A comparator before the number, or `二` right before a digit (OCR of `=`).
fn prefix_op(i: &str) -> Res<'_, (Op, bool)> {
    if let Ok((r, op)) = word(PREFIX_OPS, i) {
        return Ok((r, (op, false)));
    }
    let (r, _) = lit("二").parse(i)?;
    if r.chars().next().is_some_and(is_any_digit) {
        Ok((r, (Op::Eq, true)))
    } else {
        fail(i)
    }
}

/// How the number of a quantity was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    Arabic,
    Chinese,
    Percent,
}

/// One quantity as scanned, before its unit is cleaned.
#[derive(Debug, Clone, Copy)]
struct Qty<'a> {
    op: Option<Op>,
    number: f64,
    unit: &'a str,
    per: Option<(&'a str, Option<&'a str>)>,
    written: Written,
    approx: bool,
    ocr: Option<Num<'a>>,
    eq_ocr: bool,
}

fn arabic(i: &str) -> Res<'_, (f64, Written, Option<Num<'_>>)> {
    let (r, n) = number(i)?;
    Ok((r, (n.value, Written::Arabic, n.ocr.then_some(n))))
}

fn percent_words(i: &str) -> Res<'_, (f64, Written, Option<Num<'_>>)> {
    let (i, _) = (lit("百分之"), ws).parse(i)?;
    if let Ok((r, (n, _, ocr))) = arabic(i) {
        return Ok((r, (n, Written::Percent, ocr)));
    }
    let (r, n) = cn_number(i)?;
    Ok((r, (n, Written::Percent, None)))
}

/// A quantity: approx marker, comparator, per-head, number, unit and postfix words.
fn qty(i: &str) -> Res<'_, Qty<'_>> {
    let (i, _) = ws(i)?;
    let (i, a1) = opt(|i| word(APPROX_PREFIXES, i)).parse(i)?;
    let (i, _) = ws(i)?;
    let (i, op) = opt(prefix_op).parse(i)?;
    let (i, _) = ws(i)?;
    let (i, a2) = opt(|i| word(APPROX_PREFIXES, i)).parse(i)?;
    let (i, per) = opt(per_head).parse(i)?;
    let (i, _) = ws(i)?;
    let (i, (number, written, ocr)) = if per.is_some() {
        arabic(i)?
    } else if let Ok(r) = percent_words(i) {
        r
    } else if let Ok(r) = arabic(i) {
        r
    } else {
        let (r, n) = cn_number(i)?;
        (r, (n, Written::Chinese, None))
    };
    let (i, _) = ws(i)?;
    let (i, more) = opt(|i| word(MORE, i)).parse(i)?;
    let (i, unit) = unit_run(i)?;
    let (i, posts) = postfixes(i)?;
    let q = Qty {
        op: op.map(|(op, _)| op).or(more).or(posts.op),
        number,
        unit,
        per,
        written,
        approx: a1.is_some() || a2.is_some() || posts.approx,
        ocr,
        eq_ocr: op.is_some_and(|(_, ocr)| ocr),
    };
    Ok((i, q))
}

/// A unit run that is a percent followed by words (`%合格`).
fn percent_then_words(unit: &str) -> bool {
    unit.strip_prefix('%')
        .is_some_and(|rest| rest.starts_with(is_cjk))
}

/// Whether a cell is a percent followed by words that qualify it
/// (`≥98%合格`): read as that percent, though the words are no unit.
pub fn is_qualified_percent(text: &str) -> bool {
    qty(text.trim()).is_ok_and(|(_, q)| {
        q.written == Written::Arabic && q.per.is_none() && percent_then_words(&clean_unit(q.unit))
    })
}

/// The cleaned unit of a quantity, `Some(None)` when it has none, `None` when what follows
/// the number is not a unit.
fn qty_unit(q: &Qty<'_>) -> Option<Option<String>> {
    let base = clean_unit(q.unit);
    let unit = match (q.written, q.per) {
        (Written::Percent, _) => return base.is_empty().then(|| Some("%".to_owned())),
        (Written::Chinese, _) => {
            return CN_UNITS.contains(&base.as_str()).then_some(Some(base));
        }
        (Written::Arabic, Some((a, b))) => {
            if base.is_empty() {
                return None;
            }
            match b {
                Some(b) => format!("{base}/{a}·{b}"),
                None => format!("{base}/{a}"),
            }
        }
        // fixture: fixtures/tables/percent-then-words.txt
        // `100%全覆盖`, `≥98%合格`: words after a percent qualify it; the
        // unit is the percent (the words stay in `raw`).
        (Written::Arabic, None) if percent_then_words(&base) => {
            return Some(Some("%".to_owned()));
        }
        (Written::Arabic, None) => base,
    };
    if unit.is_empty() {
        return Some(None);
    }
    valid_unit(&unit).then_some(Some(unit))
}

/// A unit is short: at most 8 characters, each `/` part 1–5 characters. A
/// rate's unit may be its base alone (`/10万` of `≤12/10万`).
fn valid_unit(unit: &str) -> bool {
    let parts = unit
        .strip_prefix('/')
        .filter(|base| base.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(unit);
    unit.chars().count() <= 8
        && parts
            .split('/')
            .all(|part| (1..=5).contains(&part.chars().count()))
}

/// Folds full-width ASCII, drops white space and spells the middle dot one way.
fn clean_unit(s: &str) -> String {
    // Allocated once at the most it can take (no character grows).
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().filter(|c| !c.is_whitespace()).map(|c| match c {
        '•' | '・' => '·',
        c => fold_width(c),
    }));
    // fixture: fixtures/tables/ocr-border-marks.txt
    // A table rule read as a letter after the unit (`公里I`, `%l`, `元一`).
    while let Some(last) = out.chars().next_back() {
        let before = out[..out.len() - last.len_utf8()].chars().next_back();
        let rule = matches!(last, 'I' | 'l' | '|' | '丨' | '｜' | '一');
        if !(rule && before.is_some_and(|b| is_cjk(b) || b == '%')) {
            break;
        }
        out.truncate(out.len() - last.len_utf8());
    }
    // fixture: fixtures/tables/unit-words-percent.txt
    if PERCENT_WORDS.contains(&out.as_str()) {
        return "%".to_owned();
    }
    out
}

/// Units that count whole things: a number of them has no fraction.
const COUNT_UNITS: &[&str] = &[
    "个", "人", "人次", "户", "次", "座", "所", "家", "台", "辆", "件", "份", "册", "株", "棵",
    "头", "只", "批", "场", "项", "套", "处", "名", "篇", "期", "间", "盏", "块", "张",
];

/// The number of a count written with a point before three digits
/// (`≥1.200个`): OCR's reading of a thousands separator, as no count has a
/// fraction of three places.
fn thousands_point<'r>(raw: &'r str, kind: &ValueKind) -> Option<&'r str> {
    let ValueKind::Quantity {
        unit: Some(unit), ..
    } = kind
    else {
        return None;
    };
    if !COUNT_UNITS.contains(&unit.as_str()) {
        return None;
    }
    let point = raw.find('.')?;
    let start = raw[..point]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i)?;
    let frac = raw[point + 1..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(raw.len() - point - 1);
    (frac == 3).then(|| &raw[start..point + 1 + frac])
}

/// Units as OCR misreads a character of them (人 as 入, 元 as 兀, 里 as 星,
/// 年 as 午, 万 as 方), with their right spelling.
const OCR_UNITS: &[(&str, &str)] = &[
    ("入", "人"),
    ("入次", "人次"),
    ("兀", "元"),
    ("万兀", "万元"),
    ("方元", "万元"),
    ("公星", "公里"),
    ("午", "年"),
];

/// A percent written as a word in a unit cell (`=95百分比`): the unit is `%`.
const PERCENT_WORDS: &[&str] = &["百分比", "百分率"];

fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// Cleans cell text the way record text fields are: widths folded, white space collapsed,
/// spaces touching CJK text removed.
fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    let touches = |c: char| is_cjk(c) || is_cjk_punct(c);
    for c in s.chars().map(fold_width) {
        if c.is_whitespace() {
            pending = true;
            continue;
        }
        if pending && out.chars().next_back().is_some_and(|p| !touches(p)) && !touches(c) {
            out.push(' ');
        }
        pending = false;
        out.push(c);
    }
    out
}

/// The items of a text that is a list separated by `、` or `;`; None for a sentence.
fn list_items(raw: &str) -> Option<Vec<String>> {
    let body = raw.strip_suffix('。').unwrap_or(raw);
    if !body.contains(['、', ';', '；']) {
        return None;
    }
    let mut prev = None;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let sentence = match c {
            '。' | '，' | '！' | '？' | '!' | '?' | '：' | ':' => true,
            ',' => !(prev.is_some_and(is_any_digit) && next.is_some_and(is_any_digit)),
            _ => false,
        };
        if sentence {
            return None;
        }
        prev = Some(c);
    }
    let items: Vec<String> = body
        .split(['、', ';', '；'])
        .map(clean_text)
        .filter(|s| !s.is_empty())
        .collect();
    (items.len() >= 2).then_some(items)
}

/// What a cell reads as, before notes are written.
struct Reading<'a> {
    kind: ValueKind,
    approx: bool,
    ocr: [Option<Num<'a>>; 2],
    eq_ocr: bool,
}

/// A whole cell that is one quantity.
fn quantity_cell(i: &str) -> Option<Reading<'_>> {
    let (_, (q, _)) = (qty, cell_end).parse(i).ok()?;
    let unit = qty_unit(&q)?;
    Some(Reading {
        kind: ValueKind::Quantity {
            op: q.op,
            number: Number(q.number),
            unit,
        },
        approx: q.approx,
        ocr: [q.ocr, None],
        eq_ocr: q.eq_ocr,
    })
}

/// The unit shared by two bounds: equal, or written on one side only.
fn shared_unit(a: Option<String>, b: Option<String>) -> Option<Option<String>> {
    match (a, b) {
        (Some(a), Some(b)) => (a == b).then_some(Some(a)),
        (a, b) => Some(a.or(b)),
    }
}

fn range_kind(min: f64, max: f64, unit: Option<String>) -> Option<ValueKind> {
    (min <= max).then_some(ValueKind::Range {
        min: Number(min),
        max: Number(max),
        unit,
    })
}

/// A whole cell that is a range: `2018-2019期间`, `90%-100%`, `2018至2019年`.
fn range_cell(i: &str) -> Option<Reading<'_>> {
    // A range holds one of [`RANGE_SEPS`]: a cell holding no first character
    // of one (most values) is no range, whatever else it holds.
    static SEP_STARTS: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
        RANGE_SEPS
            .iter()
            .filter_map(|(w, _)| w.chars().next())
            .collect()
    });
    if !i.chars().any(|c| SEP_STARTS.contains(&c)) {
        return None;
    }
    let (i, _) = ws(i).ok()?;
    let (i, approx) = opt(|i| word(APPROX_PREFIXES, i)).parse(i).ok()?;
    let (i, _) = ws(i).ok()?;
    let (i, a) = number(i).ok()?;
    let (i, _) = ws(i).ok()?;
    let (i, ua) = unit_run(i).ok()?;
    let (i, _) = ws(i).ok()?;
    let (i, _) = word(RANGE_SEPS, i).ok()?;
    let (i, _) = ws(i).ok()?;
    let (i, b) = number(i).ok()?;
    let (i, _) = ws(i).ok()?;
    let (i, ub) = unit_run(i).ok()?;
    let (i, posts) = postfixes(i).ok()?;
    cell_end(i).ok()?;
    if posts.op.is_some() {
        return None;
    }
    let ua = clean_unit(ua);
    let ub = clean_unit(ub);
    // Months named at both ends (`4月-10月`, `3月至4月`) are a period of the
    // calendar, April to October, not a number of months between 4 and 10.
    if ua == "月" && ub == "月" {
        return None;
    }
    let some = |u: String| (!u.is_empty()).then_some(u);
    let unit = shared_unit(some(ua), some(ub))?;
    if unit.as_deref().is_some_and(|u| !valid_unit(u)) {
        return None;
    }
    Some(Reading {
        kind: range_kind(a.value, b.value, unit)?,
        approx: approx.is_some() || posts.approx,
        ocr: [a.ocr.then_some(a), b.ocr.then_some(b)],
        eq_ocr: false,
    })
}

/// A lower and an upper bound in one cell (`≥95%且≤100%`): the range between them.
fn bounds_cell(i: &str) -> Option<Reading<'_>> {
    let (_, (a, _, _, _, b, _)) = (qty, ws, opt(|i| word(BOUND_JOINERS, i)), ws, qty, cell_end)
        .parse(i)
        .ok()?;
    let lower = |op| matches!(op, Some(Op::Ge | Op::Gt));
    let upper = |op| matches!(op, Some(Op::Le | Op::Lt));
    let (lo, hi) = if lower(a.op) && upper(b.op) {
        (a, b)
    } else if upper(a.op) && lower(b.op) {
        (b, a)
    } else {
        return None;
    };
    let unit = shared_unit(qty_unit(&lo)?, qty_unit(&hi)?)?;
    Some(Reading {
        kind: range_kind(lo.number, hi.number, unit)?,
        approx: lo.approx || hi.approx,
        ocr: [lo.ocr, hi.ocr],
        eq_ocr: lo.eq_ocr || hi.eq_ocr,
    })
}

/// A date as written: year, and month and day when given.
#[derive(Debug, Clone, Copy)]
struct Ymd {
    y: i32,
    m: Option<u32>,
    d: Option<u32>,
    /// Month written after a `.`: alone, `2019.12` is a number, not a date.
    dotted: bool,
}

/// One or two digits of either width, not followed by another digit.
fn small(i: &str) -> Res<'_, u32> {
    terminated(
        take_while_m_n(1, 2, is_any_digit),
        not(take_while_m_n(1, 1, is_any_digit)),
    )
    .map(digits_value)
    .parse(i)
}

fn month(i: &str) -> Res<'_, u32> {
    let (r, m) = small(i)?;
    if (1..=12).contains(&m) {
        Ok((r, m))
    } else {
        fail(i)
    }
}

fn day(i: &str) -> Res<'_, u32> {
    let (r, d) = small(i)?;
    if (1..=31).contains(&d) {
        Ok((r, d))
    } else {
        fail(i)
    }
}

fn year4(i: &str) -> Res<'_, i32> {
    let (r, y) = terminated(
        take_while_m_n(4, 4, is_any_digit),
        not(take_while_m_n(1, 1, is_any_digit)),
    )
    .map(digits_value)
    .parse(i)?;
    if (1900..=2199).contains(&y) {
        Ok((r, y as i32))
    } else {
        fail(i)
    }
}

/// `2019年`, `2019年12月`, `2019年6月30日`, `2019-12-31`, `2019.12`, `2019/12/31`.
/// Around 年, 月 and 日 spaces may stand (`2019 年 6 月 30 日`); a number
/// split by a space is never one month or day.
fn date_expr(i: &str) -> Res<'_, Ymd> {
    let (i, y) = year4(i)?;
    let mut ymd = Ymd {
        y,
        m: None,
        d: None,
        dotted: false,
    };
    if let Ok((r, _)) = (ws, lit("年")).parse(i) {
        let Ok((r, m)) = (ws, month, ws, lit("月")).map(|t| t.1).parse(r) else {
            return Ok((r, ymd));
        };
        ymd.m = Some(m);
        let day_mark = |i| word(&[("日", ()), ("号", ())], i);
        return match (ws, day, ws, day_mark).map(|t| t.1).parse(r) {
            Ok((r, d)) => Ok((r, Ymd { d: Some(d), ..ymd })),
            Err(_) => Ok((r, ymd)),
        };
    }
    let (r, sep) = word(
        &[("-", '-'), ("/", '/'), (".", '.'), ("．", '.'), ("－", '-')],
        i,
    )?;
    let (r, m) = month(r)?;
    ymd.m = Some(m);
    if let Some(after) = after_sep(r, sep) {
        if let Ok((r2, d)) = day(after) {
            return Ok((r2, Ymd { d: Some(d), ..ymd }));
        }
    }
    ymd.dotted = sep == '.';
    Ok((r, ymd))
}

/// The input after its first character when that is `sep` (of either width).
fn after_sep(i: &str, sep: char) -> Option<&str> {
    let c = i.chars().next()?;
    let folded = match c {
        '．' => '.',
        '－' => '-',
        c => c,
    };
    if folded == sep {
        i.get(c.len_utf8()..)
    } else {
        None
    }
}

fn end_mark(i: &str) -> Res<'_, ()> {
    // `2025年年底前`: the year's end written with 年 again.
    if let Ok(r) = word(&[("底", ()), ("末", ()), ("年底", ()), ("年末", ())], i) {
        return Ok(r);
    }
    // fixture: fixtures/tables/ocr-month-end.txt
    // OCR reads 末 as 未: so read where nothing but `前` follows (`11月未`,
    // `11月未前`), never before a verb (`11月未完成`).
    let Some(rest) = i.strip_prefix('未') else {
        return fail(i);
    };
    if rest.is_empty() || ["前", "之前", "以前"].iter().any(|p| rest.starts_with(p)) {
        Ok((rest, ()))
    } else {
        fail(i)
    }
}

/// A spreadsheet's serial date (1900 system, day 25569 is 1970-01-01) as
/// `YYYY-MM-DD`; None outside the days spreadsheets count.
pub fn serial_date(serial: f64) -> Option<String> {
    if !(1.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64 - 25569;
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Gregorian date of a day count from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DD` for the date, or the month's or year's end when the day is not given.
fn iso(ymd: Ymd) -> Option<String> {
    let m = ymd.m.unwrap_or(12);
    let last = days_in_month(ymd.y, m);
    let d = ymd.d.unwrap_or(last);
    (d <= last).then(|| format!("{:04}-{:02}-{:02}", ymd.y, m, d))
}

/// The end of a period after its separator: a date, or a month of the start's year.
fn period_end(i: &str, start: Ymd) -> Res<'_, Ymd> {
    let (i, _) = ws(i)?;
    let (i, _) = word(RANGE_SEPS, i)?;
    let (i, _) = ws(i)?;
    if let Ok(r) = date_expr(i) {
        return Ok(r);
    }
    let (i, m) = terminated(month, opt((ws, lit("月")))).parse(i)?;
    let (i, d) = opt((ws, day, ws, lit("日")).map(|t| t.1)).parse(i)?;
    Ok((
        i,
        Ymd {
            y: start.y,
            m: Some(m),
            d,
            dotted: false,
        },
    ))
}

/// A cell that names a date or deadline (`2019年12月底前`, `2023.07-2024.01`).
fn date_cell(i: &str) -> Option<DateValue> {
    let (i, prefix) = opt(|i| word(DATE_PREFIXES, i)).parse(i).ok()?;
    let (i, _) = ws(i).ok()?;
    let (i, start) = date_expr(i).ok()?;
    let (i, start_end) = opt(spaced(end_mark)).parse(i).ok()?;
    let verbs_then_end = |i| -> Option<()> {
        let (i, _) = opt(spaced(|i| word(DATE_VERBS, i))).parse(i).ok()?;
        cell_end(i).ok().map(|_| ())
    };
    if let Ok((r, end)) = period_end(i, start) {
        let (r, _) = opt(spaced(end_mark)).parse(r).ok()?;
        let (r, _) = opt(spaced(|i| word(&[("期间", ()), ("之间", ())], i)))
            .parse(r)
            .ok()?;
        if verbs_then_end(r).is_some() && (start.m.is_some() || end.m.is_some()) {
            return Some(DateValue {
                iso: iso(end)?,
                op: Some(Op::Le),
            });
        }
    }
    // fixture: fixtures/tables/year-span-values.txt
    // A year as a span (`2024年全年`, `2024年度`, `2024年内`): by its end.
    let (i, within) = if start.m.is_none() && start_end.is_none() {
        opt(|i| word(YEAR_WITHIN, i)).parse(i).ok()?
    } else {
        (i, None)
    };
    let mut start = start;
    let (i, within) = match (within, start.m, start_end) {
        (None, None, None) => match word(YEAR_PARTS, i) {
            Ok((r, month)) => {
                start.m = Some(month);
                (r, Some(()))
            }
            Err(_) => (i, None),
        },
        _ => (i, within),
    };
    let before = i;
    let (i, deadline) = opt(spaced(|i| word(DEADLINES, i))).parse(i).ok()?;
    if verbs_then_end(i).is_none() {
        // fixture: fixtures/tables/deadline-opening-a-sentence.txt
        // A dated deadline opening a sentence (`2025年9月底前完成设备安装
        // 调试。`): the sentence says what is done by then.
        let by = before
            .get(..before.len() - i.len())
            .is_some_and(|w| w.trim().ends_with('前'));
        if !(by && start.m.is_some() && i.chars().count() <= 40) {
            return None;
        }
    }
    let deadline = deadline.or(within);
    // fixture: fixtures/tables/bare-year-deadline.txt
    // A year alone (`2025年`) is due within it, as `2025年度` is: never a
    // quantity of 2025 years.
    let bare_year = start.m.is_none()
        && !start.dotted
        && start_end.is_none()
        && prefix.is_none()
        && cell_end(i).is_ok()
        && (1990..=2100).contains(&start.y);
    let deadline = deadline.or(bare_year.then_some(()));
    let marked = start_end.is_some() || deadline.is_some();
    if (start.m.is_none() || (start.dotted && start.d.is_none())) && !marked {
        return None;
    }
    let le = deadline.is_some() || prefix == Some(true);
    Some(DateValue {
        iso: iso(start)?,
        op: le.then_some(Op::Le),
    })
}

fn ocr_note(n: &Num<'_>) -> ValueNote {
    ValueNote {
        code: Code::OcrDigit,
        message: format!("read `{}` as the number {}", n.token, n.value),
    }
}

/// A unit written before the comparator (`%=99百分比`, `个≥4`): the rest is read
/// as the value, and the leading unit is used only when the rest names none.
fn unit_first_cell(i: &str) -> Option<Reading<'_>> {
    let split = i.char_indices().find(|&(_, c)| {
        matches!(
            c,
            '≥' | '≤' | '>' | '<' | '=' | '≧' | '≦' | '＞' | '＜' | '＝'
        )
    })?;
    let (unit, rest) = i.split_at(split.0);
    let unit = unit.trim();
    const LEADING_UNITS: &[&str] = &[
        "个", "元", "万元", "人", "人次", "户", "次", "项", "米", "公里", "亩", "台", "套", "所",
        "家", "天", "年", "月", "个月", "吨", "座", "处", "条", "株", "间", "辆", "场", "期", "篇",
        "件",
    ];
    let symbolic =
        !unit.is_empty() && unit.chars().all(|c| !is_cjk(c)) && unit.chars().count() <= 4;
    if !(symbolic || LEADING_UNITS.contains(&unit)) || !valid_unit(unit) {
        return None;
    }
    let mut r = quantity_cell(rest.trim())?;
    if let ValueKind::Quantity { unit: u @ None, .. } = &mut r.kind {
        *u = Some(clean_unit(unit));
    }
    Some(r)
}

/// A value followed by a note in brackets (`≥90%（抽样调查）`,
/// `12个月(2019年1-12月)`): the value before the note is read; the note stays
/// in `raw` only.
fn noted_cell(i: &str) -> Option<Reading<'_>> {
    let body = i.strip_suffix(')').or_else(|| i.strip_suffix('）'))?;
    let open = body.rfind(['(', '（'])?;
    let head = body[..open].trim_end();
    if head.is_empty() {
        return None;
    }
    range_cell(head)
        .or_else(|| quantity_cell(head))
        .or_else(|| bounds_cell(head))
}

/// Words of aim written before a target (`控制在5.5%以内`, `达到95%以上`,
/// `保持在98%`): they say no comparator themselves.
const AIM_WORDS: &[&str] = &["控制在", "保持在", "稳定在", "维持在", "达到"];

/// A target after a word of aim (see [`AIM_WORDS`]): the target is read as
/// if printed alone; its comparator, if any, is the one written with it.
// fixture: fixtures/tables/aim-word-values.txt
fn aimed_cell(i: &str) -> Option<Reading<'_>> {
    let rest = AIM_WORDS
        .iter()
        .find_map(|w| i.strip_prefix(w))?
        .trim_start();
    // fixture: fixtures/tables/cost-target-with-subject.txt
    // What the target bounds may come between (`控制在预算18.6万元以内`).
    let rest = BOUND_SUBJECTS
        .iter()
        .find_map(|s| rest.strip_prefix(s))
        .map_or(rest, str::trim_start);
    range_cell(rest)
        .or_else(|| quantity_cell(rest))
        .or_else(|| bounds_cell(rest))
        .or_else(|| noted_cell(rest))
}

/// What a cost target bounds, printed with its number (`总成本≤18.6万元`,
/// `不超过预算18.6万元`, `控制在预算18.6万元以内`), longest first.
const BOUND_SUBJECTS: &[&str] = &[
    "预算金额",
    "预算总额",
    "项目总成本",
    "总预算",
    "总成本",
    "预算",
    "成本",
    "总额",
];

/// A target printed with what it bounds, before the comparator
/// (`总成本≤18.6万元`, `成本控制在18.6万元以内`) or after it
/// (`不超过预算18.6万元`): read as the target alone.
// fixture: fixtures/tables/cost-target-with-subject.txt
fn subject_cell(i: &str) -> Option<Reading<'_>> {
    if let Some(rest) = BOUND_SUBJECTS.iter().find_map(|s| i.strip_prefix(s)) {
        let rest = rest.trim_start();
        if word(PREFIX_OPS, rest).is_ok() {
            return range_cell(rest)
                .or_else(|| quantity_cell(rest))
                .or_else(|| bounds_cell(rest));
        }
        return aimed_cell(rest);
    }
    let (after, op) = word(PREFIX_OPS, i).ok()?;
    let rest = BOUND_SUBJECTS
        .iter()
        .find_map(|s| after.trim_start().strip_prefix(s))?
        .trim_start();
    let mut r = quantity_cell(rest)?;
    match &mut r.kind {
        ValueKind::Quantity { op: o @ None, .. } => *o = Some(op),
        ValueKind::Quantity { op: Some(o), .. } if *o == op => {}
        _ => return None,
    }
    Some(r)
}

/// False when no reading of `text` can be a quantity or a range: every number
/// the value grammar reads has a digit of either width (Arabic, OCR letters
/// only beside one) or starts with a Chinese digit or 十.
pub fn may_hold_number(text: &str) -> bool {
    text.chars()
        .any(|c| is_any_digit(c) || cn_digit(c).is_some() || c == '十')
}

/// The date a deadline naming no year gives in `year`, the form's budget
/// year: `6月30日前`, `12月底前`, `十二月底前`, `年底前`; `次年1月底前` in the
/// year after. A recurring one (`每年12月底前`) names no date.
pub fn deadline_in_year(raw: &str, year: i32) -> Option<DateValue> {
    const MONTHS: [&str; 12] = [
        "十二", "十一", "十", "九", "八", "七", "六", "五", "四", "三", "二", "一",
    ];
    let t = raw.trim();
    let (year, rest) = match t.strip_prefix("次年") {
        Some(rest) => (year.checked_add(1)?, rest),
        None => (year, t.strip_prefix("当年").unwrap_or(t)),
    };
    let written = if rest.starts_with('年') {
        // `年底前`: the year's end.
        format!("{year}{rest}")
    } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        if !rest[digits..].starts_with('月') || digits > 2 {
            return None;
        }
        format!("{year}年{rest}")
    } else {
        // `十二月底前`: the month in Chinese numerals.
        let (k, m) = MONTHS
            .iter()
            .enumerate()
            .find(|(_, m)| rest.strip_prefix(**m).is_some_and(|r| r.starts_with('月')))?;
        format!("{year}年{}{}", 12 - k, &rest[m.len()..])
    };
    let (v, _) = parse_value(&written);
    let date = v.date?;
    // Only a deadline or a day: a bare month (`6月`) may count months.
    (date.op.is_some() || rest.contains('日')).then_some(date)
}

/// A year and a month written with a dot and nothing else (`2025.10`,
/// `2025.9`): a date only where the row asks for one (a 时效 indicator), as
/// the same text elsewhere is a number.
// fixture: fixtures/tables/deadline-year-parts.txt
pub fn dotted_month(raw: &str) -> Option<DateValue> {
    let (i, ymd) = date_expr(raw.trim()).ok()?;
    cell_end(i).ok()?;
    (ymd.dotted && ymd.d.is_none()).then_some(())?;
    Some(DateValue {
        iso: iso(ymd)?,
        op: None,
    })
}

/// A percent as OCR misreads it: `%` read as `9/6` or after a stray point
/// (`≥95.%`), letters in its number (`lOO%`, `≥9B%`). The cell spelt right
/// (`100%`, `≥95%`, `≥98%`), when its number is at most 100; None when
/// nothing is misread.
pub fn ocr_percent(raw: &str) -> Option<String> {
    let t = raw.trim();
    let (body, misread_sign) = if let Some(b) = t.strip_suffix("9/6") {
        (b, true)
    } else {
        let b = t.strip_suffix(['%', '％'])?;
        match b.strip_suffix(['.', '．']) {
            Some(b) => (b, true),
            None => (b, false),
        }
    };
    let numeric = |c: char| c.is_ascii_digit() || "lIOoBS.．".contains(c);
    let start = body
        .char_indices()
        .rev()
        .take_while(|&(_, c)| numeric(c))
        .last()
        .map(|(i, _)| i)?;
    let (prefix, run) = body.split_at(start);
    if prefix.ends_with(|c: char| c.is_ascii_alphanumeric())
        || !run.contains(|c: char| c.is_ascii_digit()) && run.chars().count() < 2
    {
        return None;
    }
    // The letters `number` reads as digits, and `B`, `S` beside them.
    let digits: String = run
        .chars()
        .map(|c| {
            ascii_digit(c).unwrap_or(match c {
                'B' => '8',
                'S' => '5',
                '．' => '.',
                c => c,
            })
        })
        .collect();
    let letters = digits != run;
    let number: f64 = digits.parse().ok()?;
    if !(letters || misread_sign) || digits.starts_with('.') || number > 100.0 {
        return None;
    }
    Some(format!("{prefix}{digits}%"))
}

/// Parses a 指标值 cell. `raw` in the result is the input trimmed.
pub fn parse_value(raw: &str) -> (Value, Vec<ValueNote>) {
    let raw = raw.trim();
    let mut value = Value::text(raw);
    let mut notes = Vec::new();
    if raw.is_empty() {
        return (value, notes);
    }
    if let Some(date) = date_cell(raw) {
        value.date = Some(date);
        return (value, notes);
    }
    // Every reading below starts from a number: a text without a digit or a
    // Chinese numeral is text, whatever else it holds.
    let reading = may_hold_number(raw)
        .then(|| {
            range_cell(raw)
                .or_else(|| quantity_cell(raw))
                .or_else(|| bounds_cell(raw))
                .or_else(|| unit_first_cell(raw))
                .or_else(|| noted_cell(raw))
                .or_else(|| aimed_cell(raw))
                .or_else(|| subject_cell(raw))
        })
        .flatten();
    // fixture: fixtures/tables/ocr-percent-spellings.txt
    let letters_in_unit = |r: &Reading<'_>| {
        matches!(&r.kind, ValueKind::Quantity { unit: Some(u), .. }
            if u.contains('%') && u.chars().any(|c| c.is_ascii_alphabetic()))
    };
    if reading.as_ref().is_none_or(letters_in_unit) {
        if let Some(fixed) = ocr_percent(raw) {
            if let Some(r) = quantity_cell(&fixed) {
                notes.push(ValueNote {
                    code: Code::OcrDigit,
                    message: format!("read `{raw}` as `{fixed}`"),
                });
                value.kind = r.kind;
                value.approx = r.approx;
                return (value, notes);
            }
        }
    }
    match reading {
        Some(r) => {
            if r.eq_ocr {
                notes.push(ValueNote {
                    code: Code::OcrDigit,
                    message: "read `二` before a number as `=`".to_owned(),
                });
            }
            notes.extend(r.ocr.iter().flatten().map(ocr_note));
            // fixture: fixtures/tables/ocr-thousands-point.txt
            if let Some(point) = thousands_point(raw, &r.kind) {
                notes.push(ValueNote {
                    code: Code::OcrSuspect,
                    message: format!(
                        "value {raw:?} may be misread: `{point}` counts whole things, perhaps a thousands separator read as a point"
                    ),
                });
            }
            let mut r = r;
            // fixture: fixtures/tables/ocr-month-end.txt
            if let ValueKind::Quantity { unit: Some(u), .. } = &mut r.kind {
                if let Some(&(_, right)) = OCR_UNITS.iter().find(|(misread, _)| misread == u) {
                    notes.push(ValueNote {
                        code: Code::OcrDigit,
                        message: format!("read the unit `{u}` as `{right}`"),
                    });
                    *u = right.to_owned();
                }
            }
            value.kind = r.kind;
            value.approx = r.approx;
        }
        None => {
            value.kind = ValueKind::Text {
                items: list_items(raw),
            };
        }
    }
    (value, notes)
}

fn money_factor(unit: &str) -> Option<f64> {
    MONEY_UNITS
        .iter()
        .find(|&&(u, _)| u == unit)
        .map(|&(_, f)| f)
}

/// `n` in unit `from` expressed in unit `to`, rounded to 12 significant digits so that
/// `6.7万元` is exactly 67000 元.
fn rescale(n: f64, from: f64, to: f64) -> f64 {
    if from == to || n == 0.0 {
        return n;
    }
    let x = n * from / to;
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// The one amount with a money unit inside a text (`合计6.7万元`); None for none or several.
fn embedded_amount(raw: &str) -> Option<(f64, f64, Option<Num<'_>>)> {
    const EMBEDDED: &[(&str, f64)] = &[
        ("元", 1.0),
        ("千元", 1e3),
        ("万元", 1e4),
        ("百万元", 1e6),
        ("亿元", 1e8),
    ];
    let mut found = None;
    let mut count = 0;
    let mut prev: Option<char> = None;
    for (idx, c) in raw.char_indices() {
        let starts = is_any_digit(c)
            && !prev.is_some_and(|p| is_any_digit(p) || matches!(p, '.' | '．' | ',' | '，'));
        prev = Some(c);
        if !starts {
            continue;
        }
        let Ok((r, n)) = number(raw.get(idx..).unwrap_or("")) else {
            continue;
        };
        let r = r.trim_start();
        if let Ok((_, f)) = word(EMBEDDED, r) {
            count += 1;
            found = Some((n.value, f, n.ocr.then_some(n)));
        }
    }
    if count == 1 {
        found
    } else {
        None
    }
}

/// Parses a funding amount and expresses its number in `target_unit` (one of 元, 万元, 亿元;
/// anything else is treated as 万元). The returned value is a quantity whose `unit` is
/// `target_unit` (e.g. `3万` under 万元 → 3 万元; `30000元` under 万元 → 3 万元; `0.5亿元` → 5000 万元;
/// a bare `6.7` → 6.7 in target_unit; `0`, `-`, `—`, `0.00` → 0). Thousands separators `3,309,840.00`.
/// Returns None for an empty cell. Text that holds no amount → a text value.
pub fn parse_amount(raw: &str, target_unit: &str) -> Option<(Value, Vec<ValueNote>)> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let target = FUNDING_UNITS
        .iter()
        .copied()
        .find(|&u| u == target_unit.trim())
        .unwrap_or("万元");
    let tf = money_factor(target).unwrap_or(1e4);
    let in_target = |n: f64, unit: Option<&str>| -> Option<f64> {
        let f = match unit {
            None => tf,
            Some(u) => money_factor(u)?,
        };
        Some(rescale(n, f, tf))
    };
    let quantity = |op, n: f64| ValueKind::Quantity {
        op,
        number: Number(n),
        unit: Some(target.to_owned()),
    };
    if ZERO_AMOUNTS.contains(&raw) {
        let mut v = Value::text(raw);
        v.kind = quantity(None, 0.0);
        return Some((v, Vec::new()));
    }
    let (mut v, notes) = parse_value(raw);
    let kind = match &v.kind {
        ValueKind::Quantity { op, number, unit } => {
            in_target(number.0, unit.as_deref()).map(|n| quantity(*op, n))
        }
        ValueKind::Range { min, max, unit } => {
            match (
                in_target(min.0, unit.as_deref()),
                in_target(max.0, unit.as_deref()),
            ) {
                (Some(a), Some(b)) => Some(ValueKind::Range {
                    min: Number(a),
                    max: Number(b),
                    unit: Some(target.to_owned()),
                }),
                _ => None,
            }
        }
        ValueKind::Text { .. } => {
            if let Some((n, f, ocr)) = embedded_amount(raw) {
                let mut v = Value::text(raw);
                v.kind = quantity(None, rescale(n, f, tf));
                let notes = ocr.iter().map(ocr_note).collect();
                return Some((v, notes));
            }
            return Some((v, notes));
        }
    };
    match kind {
        Some(kind) => {
            v.kind = kind;
            Some((v, notes))
        }
        None => Some((Value::text(raw), Vec::new())),
    }
}

/// A unit word on its own (`万元`, `单位：元`, `人民币万元`).
fn unit_word(s: &str) -> Option<&'static str> {
    let s = s.trim();
    let s = s.strip_prefix("单位").unwrap_or(s);
    let s = s.trim_start_matches([':', '：', ' ', '\u{3000}']);
    let s = s.strip_prefix("人民币").unwrap_or(s).trim();
    match s {
        "元" => Some("元"),
        "万元" | "万" => Some("万元"),
        "亿元" | "亿" => Some("亿元"),
        _ => None,
    }
}

/// Parses a unit word written in a label annotation such as `资金情况 (万元)`, `项目资金(元)`:
/// returns the canonical unit ("元", "万元", "亿元") or None.
pub fn funding_unit(annotation: &str) -> Option<&'static str> {
    const BRACKETS: &[(char, char)] = &[('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')];
    for (idx, c) in annotation.char_indices() {
        let Some(&(_, close)) = BRACKETS.iter().find(|&&(open, _)| open == c) else {
            continue;
        };
        let inner = annotation.get(idx + c.len_utf8()..).unwrap_or("");
        if let Some(unit) = inner.split(close).next().and_then(unit_word) {
            return Some(unit);
        }
    }
    if let Some((_, after)) = annotation.split_once("单位") {
        let end = after
            .char_indices()
            .find(|&(_, c)| !(":： 人民币元万亿".contains(c) || c == '\u{3000}'))
            .map_or(after.len(), |(i, _)| i);
        if let Some(unit) = after.get(..end).and_then(unit_word) {
            return Some(unit);
        }
    }
    let tail = annotation.trim();
    if tail.ends_with("亿元") {
        Some("亿元")
    } else if tail.ends_with("万元") {
        Some("万元")
    } else {
        unit_word(tail)
    }
}

/// The value of one Chinese numeral character used in list numbering (`一` … `十`).
pub fn chinese_digit(c: char) -> Option<u32> {
    "一二三四五六七八九十"
        .chars()
        .position(|d| d == c)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A list number written in Chinese numerals, 1 to 99 (`三`, `十二`, `二十`, `二十三`).
pub fn chinese_number(text: &str) -> Option<u32> {
    let digits: Vec<u32> = text.chars().map(chinese_digit).collect::<Option<_>>()?;
    match digits.as_slice() {
        [d] => Some(*d),
        [10, d] if *d < 10 => Some(10 + d),
        [t, 10] if *t < 10 => Some(t * 10),
        [t, 10, d] if *t < 10 && *d < 10 => Some(t * 10 + d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The readers `parse_value` skips for text without a number find nothing
    /// in such text: every value cell of the fixtures, and those cells with
    /// their digits spelled out in letters, brackets and comparators around.
    #[test]
    fn unit_words_table() {
        for (cell, want) in [
            ("米", true),
            ("卷", true),
            ("万人次", true),
            ("万亩", true),
            ("元/人·年", true),
            ("千元", true),
            ("万", false),
            ("完成", false),
            ("30000", false),
            ("万人次以上", false),
        ] {
            assert_eq!(is_unit_word(cell), want, "{cell}");
        }
    }

    #[test]
    fn text_without_a_number_reads_as_no_quantity() {
        fn cells(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    cells(&p, out);
                } else if p.extension().is_some_and(|x| x == "txt") {
                    let text = std::fs::read_to_string(&p).unwrap_or_default();
                    for row in crate::layout::rows(&text) {
                        out.extend(row.filled().map(|c| c.text.to_owned()));
                    }
                }
            }
        }
        let mut all = Vec::new();
        cells(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut all,
        );
        let spelled: Vec<String> = all
            .iter()
            .map(|c| {
                c.chars()
                    .map(|ch| match ch {
                        '0'..='9' | '０'..='９' => 'O',
                        '一' | '二' | '三' | '十' => '百',
                        c => c,
                    })
                    .collect()
            })
            .collect();
        let extra = [
            "≥O%",
            "百分之百",
            "百分之",
            "约百",
            "每户元",
            "万元≥",
            "个≥l",
            "lO",
            "OO%",
            "(约)",
            "≥好（抽样）",
            "较上年提高",
            "全部",
            "百千万亿",
            "万元≥百",
            "%=满",
            "≤≥",
            "零",
        ];
        let mut checked = 0;
        for c in all.iter().chain(&spelled).map(String::as_str).chain(extra) {
            let c = c.trim();
            if c.is_empty() || may_hold_number(c) {
                continue;
            }
            checked += 1;
            assert!(range_cell(c).is_none(), "{c:?}");
            assert!(quantity_cell(c).is_none(), "{c:?}");
            assert!(bounds_cell(c).is_none(), "{c:?}");
            assert!(unit_first_cell(c).is_none(), "{c:?}");
            assert!(noted_cell(c).is_none(), "{c:?}");
        }
        assert!(checked > 1000, "{checked}");
        // And text with a number still reads as one.
        assert!(may_hold_number("≥95%") && may_hold_number("十二个") && may_hold_number("两所"));
        assert!(may_hold_number("５吨") && !may_hold_number("优良"));
    }

    /// What a case expects: kind, approx, date, and whether an `ocr-digit` note is raised.
    #[derive(Debug, Clone, PartialEq)]
    struct Exp {
        kind: ValueKind,
        approx: bool,
        date: Option<DateValue>,
        ocr: bool,
    }

    impl Exp {
        fn approx(mut self) -> Self {
            self.approx = true;
            self
        }
        fn ocr(mut self) -> Self {
            self.ocr = true;
            self
        }
    }

    fn exp(kind: ValueKind) -> Exp {
        Exp {
            kind,
            approx: false,
            date: None,
            ocr: false,
        }
    }

    fn op(s: &str) -> Option<Op> {
        PREFIX_OPS.iter().find(|&&(w, _)| w == s).map(|&(_, op)| op)
    }

    fn unit(u: &str) -> Option<String> {
        (!u.is_empty()).then(|| u.to_owned())
    }

    /// A quantity: op spelled in ASCII ("" for none), number, unit ("" for none).
    fn q(o: &str, n: f64, u: &str) -> Exp {
        exp(ValueKind::Quantity {
            op: op(o),
            number: Number(n),
            unit: unit(u),
        })
    }

    fn r(min: f64, max: f64, u: Option<&str>) -> Exp {
        exp(ValueKind::Range {
            min: Number(min),
            max: Number(max),
            unit: u.map(str::to_owned),
        })
    }

    fn t(items: Option<&[&str]>) -> Exp {
        exp(ValueKind::Text {
            items: items.map(|xs| xs.iter().map(|s| (*s).to_owned()).collect()),
        })
    }

    /// Text naming a date; `le` when it is a deadline.
    fn d(iso: &str, le: bool) -> Exp {
        Exp {
            date: Some(DateValue {
                iso: iso.to_owned(),
                op: le.then_some(Op::Le),
            }),
            ..t(None)
        }
    }

    fn cases() -> Vec<(&'static str, Exp)> {
        vec![
            // Comparators in every spelling.
            ("≥340户", q(">=", 340., "户")),
            ("≧340户", q(">=", 340., "户")),
            ("> =3200人", q(">=", 3200., "人")),
            ("＞ ＝90%", q(">=", 90., "%")),
            ("≥=90%", q(">=", 90., "%")),
            ("< =5%", q("<=", 5., "%")),
            // Thousands separated by a space, a unit right after.
            ("≥3 600户", q(">=", 3600., "户")),
            ("≥12 500 000元", q(">=", 12_500_000., "元")),
            (">=340户", q(">=", 340., "户")),
            ("＞＝340户", q(">=", 340., "户")),
            ("大于等于340户", q(">=", 340., "户")),
            ("不低于95%", q(">=", 95., "%")),
            ("不少于10人", q(">=", 10., "人")),
            ("≤5%", q("<=", 5., "%")),
            ("≦5%", q("<=", 5., "%")),
            ("<=5%", q("<=", 5., "%")),
            ("＜＝5％", q("<=", 5., "%")),
            ("小于等于5%", q("<=", 5., "%")),
            ("不高于3%", q("<=", 3., "%")),
            ("不超过5天", q("<=", 5., "天")),
            (">90%", q(">", 90., "%")),
            ("＞90%", q(">", 90., "%")),
            ("大于90%", q(">", 90., "%")),
            ("高于90%", q(">", 90., "%")),
            ("<1%", q("<", 1., "%")),
            ("＜1%", q("<", 1., "%")),
            ("小于1%", q("<", 1., "%")),
            ("低于1%", q("<", 1., "%")),
            ("=100%", q("=", 100., "%")),
            ("＝100%", q("=", 100., "%")),
            ("等于100%", q("=", 100., "%")),
            ("≥ 99 %", q(">=", 99., "%")),
            ("＞＝99％", q(">=", 99., "%")),
            (">=99％", q(">=", 99., "%")),
            ("≥ 340 户", q(">=", 340., "户")),
            // Postfix comparators and approximation.
            ("340户以上", q(">=", 340., "户")),
            ("340户及以上", q(">=", 340., "户")),
            ("5%以内", q("<=", 5., "%")),
            ("控制在5.5%以内", q("<=", 5.5, "%")),
            ("达到95%以上", q(">=", 95., "%")),
            ("保持在98%", q("", 98., "%")),
            ("控制在预算范围内", t(None)),
            ("5%以下", q("<=", 5., "%")),
            ("30天内", q("<=", 30., "天")),
            ("95%以上（不含）", q(">", 95., "%")),
            ("约100人", q("", 100., "人").approx()),
            ("100人左右", q("", 100., "人").approx()),
            ("约 6.7 万元", q("", 6.7, "万元").approx()),
            ("300余人", q(">", 300., "人")),
            // Numbers.
            ("100%", q("", 100., "%")),
            ("３４０户", q("", 340., "户")),
            ("1,200人", q("", 1200., "人")),
            ("1，200人", q("", 1200., "人")),
            ("3,309,840.00", q("", 3309840., "")),
            ("6.7", q("", 6.7, "")),
            ("6．7万元", q("", 6.7, "万元")),
            ("-5%", q("", -5., "%")),
            ("0", q("", 0., "")),
            ("0.5", q("", 0.5, "")),
            ("2019", q("", 2019., "")),
            ("2019.12", q("", 2019.12, "")),
            ("1O0%", q("", 100., "%").ocr()),
            ("l00%", q("", 100., "%").ocr()),
            ("3OOO元", q("", 3000., "元").ocr()),
            ("1o0%", q("", 100., "%").ocr()),
            ("|00%", q("", 100., "%").ocr()),
            ("二100", q("=", 100., "").ocr()),
            ("O", t(None)),
            ("lOO", t(None)),
            ("O2O模式", t(None)),
            // Chinese numerals.
            ("一年", q("", 1., "年")),
            ("两次", q("", 2., "次")),
            ("十二个月", q("", 12., "个月")),
            ("三年以上", q(">=", 3., "年")),
            ("不少于两次", q(">=", 2., "次")),
            ("一百零五人", q("", 105., "人")),
            ("百分之九十", q("", 90., "%")),
            ("每年一次", t(None)),
            ("一般", t(None)),
            ("一次性", t(None)),
            // Units.
            ("564元/户", q("", 564., "元/户")),
            ("≤12/10万", q("<=", 12., "/10万")),
            ("≤150/10万人", q("<=", 150., "/10万人")),
            ("≥32台(套)", q(">=", 32., "台(套)")),
            ("1200只（个）", q("", 1200., "只(个)")),
            ("30天(含)", q("", 30., "天")),
            ("每生3000元", q("", 3000., "元/生")),
            ("每户564元", q("", 564., "元/户")),
            ("每人每年600元", q("", 600., "元/人·年")),
            ("600元/人·年", q("", 600., "元/人·年")),
            ("12个月", q("", 12., "个月")),
            ("10项", q("", 10., "项")),
            ("500人次", q("", 500., "人次")),
            ("=100百分比", q("=", 100., "%")),
            ("%=99百分比", q("=", 99., "%")),
            ("15百分率", q("", 15., "%")),
            // A decimal point OCR read as a comma, before a unit.
            ("≤18,5万元", q("<=", 18.5, "万元").ocr()),
            ("1,200个", q("", 1200., "个")),
            ("100%完成", q("", 100., "%")),
            ("≥90%（抽样调查）", q(">=", 90., "%")),
            ("12个月(2019年1-12月)", q("", 12., "个月")),
            ("≥95%（含95%）", q(">=", 95., "%")),
            ("100%（全覆盖）", q("", 100., "%")),
            ("(含)", t(None)),
            ("≥95%达标", q(">=", 95., "%")),
            // Words after a percent qualify it (fixture: fixtures/tables/percent-then-words.txt).
            ("100%全覆盖", q("", 100., "%")),
            ("≥98%合格", q(">=", 98., "%")),
            ("100%按时发放", q("", 100., "%")),
            ("100%/年", q("", 100., "%/年")),
            ("≤2023年12月", d("2023-12-31", true)),
            // Parts of a year, and the year's end written with 年 again.
            ("2025年上半年", d("2025-06-30", true)),
            ("2025年下半年", d("2025-12-31", true)),
            ("2025年第三季度", d("2025-09-30", true)),
            ("2025年一季度", d("2025-03-31", true)),
            ("2025年Q2", d("2025-06-30", true)),
            ("2025年年底前", d("2025-12-31", true)),
            ("2025年年末", d("2025-12-31", false)),
            // A dotted year and month alone is a number here; a 时效 row makes it a date.
            ("2025.10", q("", 2025.1, "")),
            ("%≥95", q(">=", 95., "%")),
            ("个>=4", q(">=", 4., "个")),
            ("1.2亿元", q("", 1.2, "亿元")),
            ("30000元", q("", 30000., "元")),
            ("20 km", q("", 20., "km")),
            ("100m2", q("", 100., "m2")),
            ("100%（含）", q("", 100., "%")),
            ("100%(含)", q("", 100., "%")),
            ("100%。", q("", 100., "%")),
            // Ranges.
            ("2018-2019期间", r(2018., 2019., None)),
            ("2018年-2019年", r(2018., 2019., Some("年"))),
            ("2018至2019年", r(2018., 2019., Some("年"))),
            ("2018~2019", r(2018., 2019., None)),
            ("2018～2019", r(2018., 2019., None)),
            ("90%-100%", r(90., 100., Some("%"))),
            ("90%—100%", r(90., 100., Some("%"))),
            ("1—3月", r(1., 3., Some("月"))),
            ("3-5年", r(3., 5., Some("年"))),
            ("5-10万元", r(5., 10., Some("万元"))),
            ("约2-3天", r(2., 3., Some("天")).approx()),
            ("90%-100%之间", r(90., 100., Some("%"))),
            ("100-90%", t(None)),
            ("1万-2万元", t(None)),
            ("≥95%且≤100%", r(95., 100., Some("%"))),
            ("≥95%，≤100%", r(95., 100., Some("%"))),
            ("≤100%且≥95%", r(95., 100., Some("%"))),
            ("≥95且≤100%", r(95., 100., Some("%"))),
            // Dates and deadlines.
            ("2019年12月底前", d("2019-12-31", true)),
            // OCR's 未 for 末, never before a verb.
            ("2024年11月未", d("2024-11-30", false)),
            ("2024年11月未前", d("2024-11-30", true)),
            ("2024年11月未完成", t(None)),
            ("2019年6月30日前", d("2019-06-30", true)),
            ("2019年底", d("2019-12-31", false)),
            ("2023年底", d("2023-12-31", false)),
            ("2019年12月底", d("2019-12-31", false)),
            ("2019年12月", d("2019-12-31", false)),
            ("2020年2月底前", d("2020-02-29", true)),
            ("2019年12月31日之前", d("2019-12-31", true)),
            ("2019年前", d("2019-12-31", true)),
            ("2019年12月底前完成", d("2019-12-31", true)),
            // A cost target printed with what it bounds.
            ("总成本≤18.6万元", q("<=", 18.6, "万元")),
            ("不超过预算18.6万元", q("<=", 18.6, "万元")),
            ("控制在预算18.6万元以内", q("<=", 18.6, "万元")),
            ("成本控制在18.6万元以内", q("<=", 18.6, "万元")),
            ("成本控制合理", t(None)),
            // A deadline opening a sentence.
            ("2025年9月底前完成设备安装调试。", d("2025-09-30", true)),
            ("2025年9月前建成并投入使用", d("2025-09-30", true)),
            ("2025年9月开展培训", t(None)),
            ("截至2019年12月31日", d("2019-12-31", true)),
            ("2019-12-31", d("2019-12-31", false)),
            ("2019.12.31前", d("2019-12-31", true)),
            ("2019/6/1", d("2019-06-01", false)),
            ("2023.07-2024.01", d("2024-01-31", true)),
            ("2019年1月-12月", d("2019-12-31", true)),
            ("2019年1月至2020年6月", d("2020-06-30", true)),
            ("2019年2月30日", t(None)),
            // A year alone is due within it, never a quantity of years.
            ("2019年", d("2019-12-31", true)),
            ("≥260万㎡", q(">=", 260., "万㎡")),
            ("1200㎡", q("", 1200., "㎡")),
            ("2024年全年", d("2024-12-31", true)),
            ("2024年度", d("2024-12-31", true)),
            ("3年", q("", 3., "年")),
            ("2024年内", d("2024-12-31", true)),
            ("2024年度内完成", d("2024-12-31", true)),
            ("每年12月底前", t(None)),
            ("12月底前", t(None)),
            ("4月-10月", t(None)),
            ("3月至4月", t(None)),
            ("3-6个月", r(3., 6., Some("个月"))),
            // Text.
            ("", t(None)),
            ("/", t(None)),
            ("无", t(None)),
            ("-", t(None)),
            ("有所提高", t(None)),
            ("显著", t(None)),
            ("达标", t(None)),
            ("合格", t(None)),
            (
                "全区建档立卡贫困户子女在我省技工院校就读并拥有全日制学籍的学生。",
                t(None),
            ),
            ("完成100%", t(None)),
            ("3个贫困村脱贫摘帽", t(None)),
            ("5人3户", t(None)),
            (
                "疾病身故险、意外身故、伤残险、意外伤害住院医疗、重大疾病、家庭财产保险",
                t(Some(&[
                    "疾病身故险",
                    "意外身故",
                    "伤残险",
                    "意外伤害住院医疗",
                    "重大疾病",
                    "家庭财产保险",
                ])),
            ),
            (
                "大屏幕、音响会议系统、扶贫热线系统等; 各帮扶单位后台管理系统及扶贫干部APP",
                t(Some(&[
                    "大屏幕",
                    "音响会议系统",
                    "扶贫热线系统等",
                    "各帮扶单位后台管理系统及扶贫干部APP",
                ])),
            ),
            ("道路；桥梁；", t(Some(&["道路", "桥梁"]))),
            ("Ａ 类、 B 类", t(Some(&["A类", "B类"]))),
            ("提高收入、改善生活，促进发展。", t(None)),
            ("、", t(None)),
            ("5人/次", q("", 5., "人/次")),
            ("100分", q("", 100., "分")),
            ("≥95%（含）", q(">=", 95., "%")),
            ("1.5-2.5万元", r(1.5, 2.5, Some("万元"))),
            ("满意度≥90%", t(None)),
            ("95%-100%以上", t(None)),
            ("2019年度", d("2019-12-31", true)),
            ("1,2", t(None)),
            ("5.", q("", 5., "")),
        ]
    }

    #[test]
    fn comparator_words_open_values() {
        for (word, want) in [
            ("大于等于600亩", true),
            ("不低于90%", true),
            ("不超过", true),
            ("小于１２小时", true),
            ("≥90%", false),
            ("大于预期", false),
            ("不足之处", false),
            ("等于", true),
            ("村民满意度", false),
        ] {
            assert_eq!(starts_with_comparator_word(word), want, "{word}");
        }
    }

    #[test]
    fn value_table() {
        let mut failures = Vec::new();
        let cases = cases();
        assert!(cases.len() >= 110, "{} cases", cases.len());
        for (input, want) in cases {
            let (v, notes) = parse_value(input);
            assert_eq!(v.raw, input.trim());
            let got = Exp {
                kind: v.kind.clone(),
                approx: v.approx,
                date: v.date.clone(),
                ocr: notes.iter().any(|n| n.code == Code::OcrDigit),
            };
            if got != want {
                failures.push(format!("{input:?}\n   got  {got:?}\n   want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// What a reading says, `raw` aside: kind, approx, date and the note codes.
    fn reading(input: &str) -> (ValueKind, bool, Option<DateValue>, Vec<Code>) {
        let (v, notes) = parse_value(input);
        let codes = notes.iter().map(|n| n.code).collect();
        (v.kind, v.approx, v.date, codes)
    }

    /// Spaces between the comparator, number, unit and date parts, as PDF text
    /// and space-aligned tables print them, read as the unspaced value does,
    /// and `raw` keeps the spaces.
    #[test]
    fn spaced_values_read_as_unspaced() {
        let cases = [
            // Dates and deadlines.
            ("2019 年 12 月底前", "2019年12月底前"),
            ("2024 年 12 月 31 日前", "2024年12月31日前"),
            ("2023年 12月底前", "2023年12月底前"),
            ("2019 年 12 月", "2019年12月"),
            ("2019 年 12 月 31 日", "2019年12月31日"),
            ("2019年6月 30 日前", "2019年6月30日前"),
            ("2019 年底", "2019年底"),
            ("2019 年 底", "2019年底"),
            ("2019 年前", "2019年前"),
            ("2019 年 12 月底 前", "2019年12月底前"),
            ("2019 年 12 月底前 完成", "2019年12月底前完成"),
            ("2019年12月31日 之前", "2019年12月31日之前"),
            ("截至 2019 年 12 月 31 日", "截至2019年12月31日"),
            ("≤ 2023 年 12 月", "≤2023年12月"),
            ("2019 年 1 月 - 12 月", "2019年1月-12月"),
            ("2019 年 1 月至 2020 年 6 月", "2019年1月至2020年6月"),
            ("2023.07 - 2024.01", "2023.07-2024.01"),
            ("2019 年", "2019年"),
            ("2018 年 - 2019 年", "2018年-2019年"),
            ("2019 年 2 月 30 日", "2019年2月30日"),
            ("每年 12 月底前", "每年12月底前"),
            // Quantities.
            ("≥ 1,260 公里", "≥1,260公里"),
            ("≥ 1，260 公里", "≥1，260公里"),
            ("100 %", "100%"),
            ("≤ 30 万元", "≤30万元"),
            ("≥ 340 户", "≥340户"),
            ("340 户 以上", "340户以上"),
            ("95 % 以上 （不含）", "95%以上（不含）"),
            ("约 100 人", "约100人"),
            ("≥约 100 人", "≥约100人"),
            ("100 人 左右", "100人左右"),
            ("300 余 人", "300余人"),
            ("每户 564 元", "每户564元"),
            ("百分之 九十", "百分之九十"),
            ("十二 个月", "十二个月"),
            ("1O0 %", "1O0%"),
            ("% = 99 百分比", "%=99百分比"),
            ("≥ 90 % （抽样调查）", "≥90%（抽样调查）"),
            // Ranges.
            ("90 % - 100 %", "90%-100%"),
            ("5 - 10 万元", "5-10万元"),
            ("≥ 95 % 且 ≤ 100 %", "≥95%且≤100%"),
        ];
        let mut failures = Vec::new();
        for (spaced, unspaced) in cases {
            let (v, _) = parse_value(spaced);
            assert_eq!(v.raw, spaced);
            let (got, want) = (reading(spaced), reading(unspaced));
            if got != want {
                failures.push(format!("{spaced:?}\n   got  {got:?}\n   want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // The cases cover dates, not only quantities.
        assert_eq!(
            reading("2024 年 12 月 31 日前").2,
            Some(DateValue {
                iso: "2024-12-31".to_owned(),
                op: Some(Op::Le),
            })
        );
    }

    /// A space between two digits separates two numbers: the grammar never
    /// joins them into one (`3 5` is not 35), in a quantity or in a date.
    #[test]
    fn spaces_between_digits_join_no_number() {
        for input in [
            "3 5",
            "3 5 人",
            "≥ 3 5 %",
            "1 260 公里",
            "6 . 7 万元",
            "20 19年12月底前",
            "2019 12 月底前",
            "2019年 1 2 月",
            "2019年12月3 1日",
            "2019 年 1 2 月底前",
            "百分之 九 十",
        ] {
            let (v, _) = parse_value(input);
            assert_eq!(v.raw, input);
            assert!(
                matches!(v.kind, ValueKind::Text { .. }) && v.date.is_none(),
                "{input:?} read as {:?}, date {:?}",
                v.kind,
                v.date
            );
        }
        // A month whose digits are split reads as the year alone, never December.
        let (v, _) = parse_value("2019年1 2月前");
        assert_ne!(v.date.map(|d| d.iso).as_deref(), Some("2019-12-31"));
    }

    #[test]
    fn dotted_month_table() {
        let cases = [
            ("2025.10", Some("2025-10-31")),
            ("2025.9", Some("2025-09-30")),
            (" 2024.02 ", Some("2024-02-29")),
            ("2025.13", None),
            ("2025.10.15", None),
            ("2025年10月", None),
            ("2025.10万元", None),
            ("12.5", None),
        ];
        for (raw, want) in cases {
            let got = dotted_month(raw).map(|d| d.iso);
            assert_eq!(got.as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn deadline_in_year_table() {
        let cases = [
            ("6月30日前", Some(("2025-06-30", true))),
            ("12月底前", Some(("2025-12-31", true))),
            ("十二月底前", Some(("2025-12-31", true))),
            ("年底前", Some(("2025-12-31", true))),
            ("次年1月底前", Some(("2026-01-31", true))),
            ("9月底前完成", Some(("2025-09-30", true))),
            ("10月15日", Some(("2025-10-15", false))),
            ("每年12月底前", None),
            ("6月", None),
            ("3个月", None),
            ("123月", None),
            ("有所提高", None),
        ];
        for (raw, want) in cases {
            let got = deadline_in_year(raw, 2025).map(|d| (d.iso, d.op.is_some()));
            let want = want.map(|(iso, op)| (iso.to_owned(), op));
            assert_eq!(got, want, "{raw}");
        }
    }

    #[test]
    fn raw_is_trimmed_input() {
        let (v, _) = parse_value("  ≥340户 \t");
        assert_eq!(v.raw, "≥340户");
        assert_eq!(v.number(), Some(340.0));
    }

    #[test]
    fn ocr_note_names_the_token() {
        let (_, notes) = parse_value("1O0%");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].message.contains("1O0"), "{}", notes[0].message);
    }

    #[test]
    fn a_percent_ocr_misread_is_read_and_noted() {
        // (cell, the percent read, or None when it stays as it was read)
        type Percent = Option<(Option<Op>, f64)>;
        let cases: &[(&str, Percent)] = &[
            ("1009/6", Some((None, 100.0))),
            ("≥959/6", Some((Some(Op::Ge), 95.0))),
            ("lOO%", Some((None, 100.0))),
            ("≥95.%", Some((Some(Op::Ge), 95.0))),
            ("≥9B%", Some((Some(Op::Ge), 98.0))),
            ("9S%", Some((None, 95.0))),
            // Nothing misread, or no percent: left alone.
            ("≥95%", None),
            ("2019/6", None),
            ("GB9/6", None),
            ("1509/6", None),
        ];
        for &(cell, want) in cases {
            let (v, notes) = parse_value(cell);
            let noted = notes.iter().any(|n| n.code == Code::OcrDigit);
            match want {
                Some((op, n)) => {
                    assert!(
                        matches!(&v.kind, ValueKind::Quantity { op: o, number, unit: Some(u) }
                            if *o == op && number.0 == n && u == "%"),
                        "{cell}: {:?}",
                        v.kind
                    );
                    assert!(noted, "{cell}: not noted");
                }
                None => assert!(
                    ocr_percent(cell).is_none() && !noted,
                    "{cell}: {:?}",
                    v.kind
                ),
            }
        }
    }

    #[test]
    fn a_count_with_three_places_is_suspect() {
        // (cell, whether a thousands separator read as a point is suspected)
        let cases = [
            ("≥1.200个", true),
            ("3.250人次", true),
            ("1.2个", false),
            ("1.200万元", false),
            ("1.250公里", false),
            ("1,200个", false),
        ];
        for (cell, suspect) in cases {
            let (_, notes) = parse_value(cell);
            assert_eq!(
                notes.iter().any(|n| n.code == Code::OcrSuspect),
                suspect,
                "{cell}"
            );
        }
    }

    type Amount = (Option<Op>, f64, Option<String>);

    fn amount(raw: &str, target: &str) -> Option<Amount> {
        let (v, _) = parse_amount(raw, target)?;
        match v.kind {
            ValueKind::Quantity { op, number, unit } => Some((op, number.0, unit)),
            _ => None,
        }
    }

    #[test]
    fn amount_table() {
        let wan = Some("万元".to_owned());
        let yuan = Some("元".to_owned());
        let yi = Some("亿元".to_owned());
        let cases: &[(&str, &str, Option<Amount>)] = &[
            ("3万", "万元", Some((None, 3., wan.clone()))),
            ("30000元", "万元", Some((None, 3., wan.clone()))),
            ("0.5亿元", "万元", Some((None, 5000., wan.clone()))),
            ("6.7", "万元", Some((None, 6.7, wan.clone()))),
            ("6.7万元", "万元", Some((None, 6.7, wan.clone()))),
            ("6.7万元", "元", Some((None, 67000., yuan.clone()))),
            ("6.7", "元", Some((None, 6.7, yuan.clone()))),
            ("0", "万元", Some((None, 0., wan.clone()))),
            ("-", "万元", Some((None, 0., wan.clone()))),
            ("—", "万元", Some((None, 0., wan.clone()))),
            ("0.00", "万元", Some((None, 0., wan.clone()))),
            ("无", "万元", Some((None, 0., wan.clone()))),
            ("3,309,840.00", "元", Some((None, 3309840., yuan.clone()))),
            ("3,309,840.00元", "万元", Some((None, 330.984, wan.clone()))),
            ("1234.5678元", "万元", Some((None, 0.12345678, wan.clone()))),
            ("5000万元", "亿元", Some((None, 0.5, yi.clone()))),
            ("6.7万元", "千元", Some((None, 6.7, wan.clone()))),
            ("6.7", "", Some((None, 6.7, wan.clone()))),
            ("合计6.7万元", "万元", Some((None, 6.7, wan.clone()))),
            ("３万元", "万元", Some((None, 3., wan.clone()))),
            ("有所提高", "万元", None),
            ("中央3万元、省级2万元", "万元", None),
            ("10人", "万元", None),
        ];
        for (raw, target, want) in cases {
            assert_eq!(&amount(raw, target), want, "{raw} in {target}");
        }
        assert_eq!(parse_amount("", "万元"), None);
        assert_eq!(parse_amount("   ", "万元"), None);
        let (v, _) = parse_amount("有所提高", "万元").unwrap();
        assert_eq!(v, Value::text("有所提高"));
        let (v, _) = parse_amount(" 3万 ", "万元").unwrap();
        assert_eq!(v.raw, "3万");
        let (v, _) = parse_amount("5-10万元", "元").unwrap();
        assert_eq!(
            v.kind,
            ValueKind::Range {
                min: Number(50000.),
                max: Number(100000.),
                unit: yuan
            }
        );
    }

    #[test]
    fn funding_unit_table() {
        let cases = [
            ("资金情况 (万元)", Some("万元")),
            ("资金情况（万元）", Some("万元")),
            ("项目资金(元)", Some("元")),
            ("项目资金（亿元）", Some("亿元")),
            ("资金情况【单位：万元】", Some("万元")),
            ("单位：元", Some("元")),
            ("单位:万元", Some("万元")),
            ("资金（人民币万元）", Some("万元")),
            ("资金总额（万）", Some("万元")),
            ("资金情况万元", Some("万元")),
            ("元", Some("元")),
            ("资金情况", None),
            ("多元投入", None),
            ("资金情况（千元）", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(funding_unit(input), want, "{input}");
        }
    }

    #[test]
    fn chinese_list_numbers() {
        let cases = [
            ("一", Some(1)),
            ("九", Some(9)),
            ("十", Some(10)),
            ("十二", Some(12)),
            ("二十", Some(20)),
            ("二十三", Some(23)),
            ("十十", None),
            ("一二", None),
            ("", None),
            ("1", None),
        ];
        for (input, want) in cases {
            assert_eq!(chinese_number(input), want, "{input}");
        }
    }
}
