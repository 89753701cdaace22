//! Character-level normalisation shared by every stage.
//!
//! Two jobs: [`clean`] turns a cell's text into the record's clean text (the
//! contract's last section), and [`fold_char`] gives the comparison form of a
//! character for label matching (full width folded, OCR-neutral punctuation).

/// Folds a full-width ASCII character (U+FF01–U+FF5E) or the ideographic space
/// to its half-width form, as NFKC does for that block; other characters pass.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// True for characters treated as white space inside a cell (ASCII and
/// Unicode spaces, the ideographic space, form feeds and other controls).
///
/// The set is `c.is_whitespace() || c.is_control()` and the zero-width
/// characters of [`is_zero_width`], spelled out as code points so the hot path needs no Unicode table
/// (a test checks it against that definition for every character).
#[inline]
pub fn is_space(c: char) -> bool {
    matches!(
        c as u32,
        0..=0x20
            | 0x7F..=0xA0
            | 0x1680
            | 0x2000..=0x200D
            | 0x2028
            | 0x2029
            | 0x202F
            | 0x205F
            | 0x2060
            | 0x3000
            | 0xFEFF
    )
}

/// True for the CJK unified ideographs of the basic block (U+4E00–U+9FFF):
/// the characters a letter-spaced label or a comparator word is made of.
#[inline]
pub fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// True for CJK ideographs, CJK punctuation and other full-width symbols: a
/// space touching one of these is an extraction artefact.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'      // radicals
        | '\u{3000}'..='\u{303F}'    // CJK symbols and punctuation (、。《》「」)
        | '\u{3040}'..='\u{30FF}'    // kana (OCR sometimes emits them)
        | '\u{3100}'..='\u{31BF}'
        | '\u{3200}'..='\u{9FFF}'    // enclosed CJK, ext. A, unified ideographs
        | '\u{F900}'..='\u{FAFF}'    // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'    // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}'    // full/half-width forms left after folding
        | '\u{20000}'..='\u{3FFFF}'  // supplementary ideographs
        | '\u{2018}'..='\u{201F}'    // “ ” ‘ ’ as used in Chinese text
        | '\u{2026}'                 // …
        | '\u{2014}'                 // —
        | '\u{00B7}'                 // ·
    )
}

/// Cleans cell text for the record: line breaks joined, full-width ASCII
/// folded, white space collapsed, and spaces touching CJK removed.
///
/// ```
/// use jixiao::normalize::clean;
/// assert_eq!(clean("张 军"), "张军");
/// assert_eq!(clean("资金情况 (万元)"), "资金情况(万元)");
/// assert_eq!(clean("Wi-Fi  AP"), "Wi-Fi AP");
/// assert_eq!(clean("ＡＢＣ１２３"), "ABC123");
/// assert_eq!(clean("Wi\u{200B}Fi AP"), "WiFi AP");
/// assert_eq!(clean("助餐\u{200B}服务\u{2060}"), "助餐服务");
/// assert_eq!(clean("丨东川县水务局 |"), "东川县水务局");
/// ```
pub fn clean(s: &str) -> String {
    let s = trim_border_marks(s);
    // Plain text holds no white space, control or full-width form: such text
    // is its own clean form.
    if is_plain(s) {
        return s.to_owned();
    }
    clean_chars(s)
}

/// Table rules OCR reads as characters at a cell's edge (`柳湾村饮水管网改造 |`,
/// `丨东川县水务局`): never part of a cell's text there.
const BORDER_MARKS: &[char] = &['|', '丨', '｜'];

// fixture: fixtures/tables/ocr-border-marks.txt
/// A cell's text without the table rules OCR left at its edges: border marks,
/// and a bracket that opens or closes nothing inside the cell (`[工程完工时间`).
pub fn trim_border_marks(s: &str) -> &str {
    // Most cells end in neither: answered from their two end characters.
    let edge = |c: char| {
        BORDER_MARKS.contains(&c) || c.is_whitespace() || c == '[' || c == ']' || c == '*'
    };
    if !s.chars().next().is_some_and(edge) && !s.chars().next_back().is_some_and(edge) {
        return s;
    }
    let mut t = s;
    loop {
        let len = t.len();
        t = t.trim_matches(|c: char| BORDER_MARKS.contains(&c) || c.is_whitespace());
        if let Some(rest) = t.strip_prefix('[').filter(|r| !r.contains(']')) {
            t = rest;
        }
        if let Some(rest) = t.strip_suffix(']').filter(|r| !r.contains('[')) {
            t = rest;
        }
        // fixture: fixtures/regions/markdown-bold-title.txt
        // Markdown's bold around a whole cell (`**2024年项目支出绩效目标表**`).
        if let Some(inner) = t.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
            t = inner;
        }
        if t.len() == len {
            return t;
        }
    }
}

// fixture: fixtures/tables/zero-width-spaces.txt
/// Zero-width characters web pages leave in text (U+200B–U+200D, the word
/// joiner U+2060, the byte order mark U+FEFF): white space at a cell's ends
/// and between cells, nothing inside a cell's clean text.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// True when every character of `s` is printable ASCII (no space) or in
/// U+4000–U+9FFF (lead bytes E4–E9): text with no white space, control,
/// full-width form or ideographic space, which cleaning, folding and
/// compacting all leave as it is. Read by bytes, without decoding.
#[inline]
pub fn is_plain(s: &str) -> bool {
    s.bytes().all(is_plain_byte)
}

/// A byte of [`is_plain`] text: printable ASCII but the space, a
/// continuation byte, or the lead byte of a character in U+4000–U+9FFF.
#[inline]
fn is_plain_byte(b: u8) -> bool {
    matches!(b, 0x21..=0x7E | 0x80..=0xBF | 0xE4..=0xE9)
}

/// Text printed with a gap after every character (`项　目　名　称`,
/// `绩 效 目 标 表`, `2 0 2 4 年`): two characters or more, each alone
/// between gaps of one to three spaces, all of them ideographs, digits or
/// brackets and at least two ideographs; a year or a bracketed note may be
/// written whole at its ends. Such a line is one cell, not a row of cells.
pub fn is_letter_spaced(text: &str) -> bool {
    // Two characters with no gap between them at the start (most text): a
    // word, settled without trimming the text's end or walking it, unless
    // they begin a year written whole.
    let text_start = text.trim_start_matches(is_space);
    let mut start = text_start.chars();
    let first = start.next();
    if first.is_some()
        && start.next().is_some_and(|c| !is_space(c))
        && !(first.is_some_and(|c| c.is_ascii_digit()) && whole_year_prefix(text_start) > 0)
        && first != Some('#')
    {
        return false;
    }
    letter_spaced_walk(text)
}

/// fixture: fixtures/regions/letter-spaced-title-year-whole.txt
/// The length in bytes of a year written whole (`2025年度`, `2025年`) at the
/// start of `text`: a title whose words alone are letter-spaced (`2025年度项
/// 目 支 出 绩 效 目 标 表`) is still letter-spaced. 0 when there is none.
fn whole_year_prefix(text: &str) -> usize {
    let b = text.as_bytes();
    if b.len() < 7 || !b[..4].iter().all(u8::is_ascii_digit) {
        return 0;
    }
    let Some(rest) = text[4..].strip_prefix('年') else {
        return 0;
    };
    let rest = rest.strip_prefix('度').unwrap_or(rest);
    text.len() - rest.len()
}

/// fixture: fixtures/regions/letter-spaced-title-year-whole.txt
/// Where a bracketed note written whole ends `text` (`…目 标 表(2024年度)`,
/// `…表（一级项目）`): a title letter-spaced but for its note is still
/// letter-spaced. `text.len()` when there is none.
fn whole_bracket_suffix(text: &str) -> usize {
    let Some(body) = text.strip_suffix([')', '）']) else {
        return text.len();
    };
    match body.rfind(['(', '（']) {
        Some(open) if !body[open..].contains(is_space) => open,
        _ => text.len(),
    }
}

/// A bracket standing alone between gaps in a letter-spaced line (`（ 一 级
/// 项 目 ）`).
fn is_bracket(c: char) -> bool {
    matches!(c, '(' | ')' | '（' | '）')
}

/// [`is_letter_spaced`] character by character (what its shortcut stands for).
fn letter_spaced_walk(text: &str) -> bool {
    let mut chars = 0;
    let mut ideographs = 0;
    let mut gap = 0;
    let mut prev_char = false;
    let text = text.trim_matches(is_space);
    // fixture: fixtures/tables/markdown-spaced-heading.txt
    // A Markdown heading's marks (`## 项 目 …`) are not its text.
    let text = match text.trim_start_matches('#') {
        rest if rest.len() < text.len() && rest.starts_with(is_space) => {
            rest.trim_start_matches(is_space)
        }
        _ => text,
    };
    let (from, to) = (whole_year_prefix(text), whole_bracket_suffix(text));
    for c in text.get(from..to).unwrap_or("").chars() {
        if is_space(c) {
            gap += 1;
            if gap > 3 {
                return false;
            }
            prev_char = false;
            continue;
        }
        // Two characters with no gap between them: a word, not letter-spaced.
        if prev_char {
            return false;
        }
        if is_ideograph(c) {
            ideographs += 1;
        } else if !c.is_ascii_digit() && !is_bracket(c) {
            return false;
        }
        chars += 1;
        gap = 0;
        prev_char = true;
    }
    chars >= 2 && ideographs >= 2
}

/// Clean text being written: a space seen is written only once the next
/// character shows it does not touch an ideograph.
struct Cleaned {
    out: String,
    pending_space: bool,
    prev: Option<char>,
}

impl Cleaned {
    fn new(capacity: usize) -> Self {
        Cleaned {
            out: String::with_capacity(capacity),
            pending_space: false,
            prev: None,
        }
    }

    /// Writes the space waiting before `next`, unless it touches an ideograph.
    fn space_before(&mut self, next: char) {
        if self.pending_space {
            if !(self.prev.is_some_and(is_cjk) || is_cjk(next)) {
                self.out.push(' ');
            }
            self.pending_space = false;
        }
    }

    /// One character, already folded.
    fn push(&mut self, c: char) {
        if is_zero_width(c) {
            return;
        }
        if is_space(c) {
            self.pending_space |= self.prev.is_some();
            return;
        }
        self.space_before(c);
        self.out.push(c);
        self.prev = Some(c);
    }

    /// A run of plain characters (see [`is_plain`]), copied whole.
    fn push_plain(&mut self, run: &str, first: char, last: char) {
        self.space_before(first);
        self.out.push_str(run);
        self.prev = Some(last);
    }
}

/// [`clean`] of text that is not plain: runs of plain characters (see
/// [`is_plain`], which cleaning leaves as they are) are copied whole, and
/// the characters between them are cleaned one by one, as
/// [`clean_by_char`] cleans every character.
fn clean_chars(s: &str) -> String {
    let mut cleaned = Cleaned::new(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        // A run ends before a byte that is no plain byte: ASCII, or a lead
        // byte outside E4–E9, so at a character boundary.
        let run_len = rest
            .bytes()
            .position(|b| !is_plain_byte(b))
            .unwrap_or(rest.len());
        if let (Some(run), Some(after)) = (rest.get(..run_len), rest.get(run_len..)) {
            if let (Some(first), Some(last)) = (run.chars().next(), run.chars().next_back()) {
                cleaned.push_plain(run, first, last);
                rest = after;
                continue;
            }
        }
        let mut chars = rest.chars();
        let Some(raw) = chars.next() else { break };
        rest = chars.as_str();
        cleaned.push(fold_char(raw));
    }
    cleaned.out
}

/// The text without its white space (`项 目 名 称` → `项目名称`), borrowed
/// when it holds none, as most cells do.
pub fn without_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_space) {
        text.chars()
            .filter(|c| !is_space(*c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// [`clean`] character by character: what [`clean`] and [`clean_chars`]
/// compute, kept for the tests that compare them.
#[cfg(test)]
fn clean_by_char(s: &str) -> String {
    let mut cleaned = Cleaned::new(s.len());
    for c in s.chars() {
        cleaned.push(fold_char(c));
    }
    cleaned.out
}

/// Joins the pieces of a cell wrapped over several lines, then cleans it.
pub fn clean_joined<'a>(pieces: impl IntoIterator<Item = &'a str>) -> String {
    let mut joined = String::new();
    for p in pieces {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(p);
    }
    clean(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_table() {
        let cases = [
            ("张 军", "张军"),
            ("扶贫综合保险: 为全区", "扶贫综合保险:为全区"),
            ("资金情况 (万元)", "资金情况(万元)"),
            ("Wi-Fi AP", "Wi-Fi AP"),
            ("  a   b  ", "a b"),
            ("ＡＢＣ", "ABC"),
            ("（万元）", "(万元)"),
            ("全\u{3000}区", "全区"),
            ("填报 (可结合", "填报(可结合"),
            ("保险), 减轻", "保险),减轻"),
            ("line\none", "line one"),
            ("扶贫\n办", "扶贫办"),
            ("“扶贫综合保险” 每户", "“扶贫综合保险”每户"),
            ("APP 系统", "APP系统"),
            ("", ""),
            ("   ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "clean({input:?})");
        }
    }

    #[test]
    fn plain_is_printable_ascii_or_ideograph_range() {
        for n in 0..0x11000_u32 {
            let Some(c) = char::from_u32(n) else { continue };
            let want = ('!'..='~').contains(&c) || ('\u{4000}'..='\u{9FFF}').contains(&c);
            let s = c.to_string();
            assert_eq!(is_plain(&s), want, "U+{n:04X}");
            assert_eq!(is_plain(&format!("扶{s}a")), want, "U+{n:04X}");
            if want {
                // What plain text promises: no space to drop, nothing to fold.
                assert!(!is_space(c) && fold_char(c) == c, "U+{n:04X}");
            }
        }
        assert!(is_plain(""));
    }

    #[test]
    fn clean_shortcut_is_clean_chars() {
        let samples = [
            "项目名称",
            "扶贫综合保险",
            "≥95%",
            "A级",
            "PM2.5",
            "万元",
            "1,234.5万元",
            "张 军",
            "全\u{3000}区",
            "ＡＢＣ",
            "（万元）",
            "、",
            "“扶贫”",
            "\u{FEFF}a",
            "a\u{85}b",
            "x\u{7F}",
            "\u{4000}\u{9FFF}",
            "",
            "—",
            "…",
            "《办法》",
            "㐀",
            "龥",
        ];
        // `clean` first trims the table rules at the text's edges.
        for s in samples {
            assert_eq!(clean(s), clean_by_char(trim_border_marks(s)), "{s:?}");
            assert_eq!(clean_chars(s), clean_by_char(s), "{s:?}");
        }
        // Every character below U+10000, alone, between ideographs, and
        // beside spaces, plain runs and other characters.
        for n in 0..0x10000_u32 {
            let Some(c) = char::from_u32(n) else { continue };
            for s in [
                c.to_string(),
                format!("扶{c}贫"),
                format!("a{c}"),
                format!("扶贫 {c} ab"),
                format!("ab {c}{c} 扶贫 "),
                format!(" {c}\u{3000}a，b {c}"),
                format!("x\u{200B} {c}\t\u{FF21}扶"),
            ] {
                assert_eq!(
                    clean(&s),
                    clean_by_char(trim_border_marks(&s)),
                    "U+{n:04X} {s:?}"
                );
            }
        }
    }

    #[test]
    fn is_space_is_white_space_controls_and_bom() {
        for n in 0..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(n) else { continue };
            let want = c.is_whitespace() || c.is_control() || c == '\u{FEFF}' || is_zero_width(c);
            assert_eq!(is_space(c), want, "U+{n:04X}");
        }
    }

    #[test]
    fn letter_spaced_shortcut_is_the_walk() {
        let parts = [
            "项", "目", "1", "a", " ", "  ", "\u{3000}", "\t", "    ", "\u{200B}",
        ];
        // Every string of up to five parts.
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| parts.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
            texts.sort();
            texts.dedup();
        }
        for t in &texts {
            assert_eq!(is_letter_spaced(t), letter_spaced_walk(t), "{t:?}");
        }
    }

    #[test]
    fn letter_spaced_table() {
        for (text, want) in [
            ("项\u{3000}目\u{3000}名\u{3000}称", true),
            ("备  注", true),
            ("绩 效 目 标 申 报 表", true),
            ("2 0 2 4 年 度", true),
            ("  单 位  ", true),
            ("项目 名称", false),
            ("1 2 3", false),
            ("是", false),
            ("产 出 A", false),
            ("项    目", false),
            ("项\t目", true),
            // a year written whole before letter-spaced words
            ("2025年度项 目 支 出 绩 效 目 标 表", true),
            ("2025年 绩 效 目 标 表", true),
            ("2025年度项目支出", false),
            ("2025年度", false),
            ("2025年 12 月", false),
            ("2025 年 度", false),
            // brackets alone between gaps, or a bracketed note written whole
            ("项 目 支 出 绩 效 目 标 表 （ 一 级 项 目 ）", true),
            ("项 目 支 出 绩 效 目 标 表（2024年度）", true),
            ("部 门 预 算 表(2023年度)", true),
            ("项目支出绩效目标表（2024年度）", false),
            ("（2024年度）", false),
            ("表（2024 年度）", false),
            ("( 1 )", false),
            // a Markdown heading's marks
            ("## 项 目 支 出 绩 效 目 标 表（2024年度）", true),
            ("##项 目", false),
            ("# 项目支出", false),
        ] {
            assert_eq!(is_letter_spaced(text), want, "{text:?}");
        }
    }

    #[test]
    fn fold_char_folds_only_the_fullwidth_block() {
        assert_eq!(fold_char('％'), '%');
        assert_eq!(fold_char('：'), ':');
        assert_eq!(fold_char('～'), '~');
        assert_eq!(fold_char('、'), '、');
        assert_eq!(fold_char('“'), '“');
    }
}
