//! Segmentation: which rows make forms, and how each row's cells are read.
//!
//! Before the grammar reads a text, this stage looks at its rows as a whole:
//! where a form title, a year line or page furniture stands, which lines are
//! running headers repeated per page, whether a stretch of rows has real
//! cells, one cell per line or cells separated by single spaces, and whether
//! a header row heads a sheet of many projects. The grammar then reads each
//! row in the mode chosen here.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::labels::{match_label, Field, Label};
use crate::layout::{Cell, Row};
use crate::normalize::is_space;

/// Lone cells in a row at least this long are one cell per line, even among
/// rows of cells.
const LONE_RUN: usize = 8;

/// How a row's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Rows of real cells (tabs, runs of spaces, pipes).
    Cells,
    /// One cell per line, no row structure.
    Stream,
    /// Cells separated by single spaces, a row per line.
    Words,
    /// A whole form (or several) on one line.
    Flat,
}

// fixture: fixtures/regions/long-title.txt (a long project name before 绩效目标表)
// fixture: fixtures/regions/title-word-order.txt (绩效项目申报表)
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{4}\s*年度?)?.{0,40}绩效(?:目标(?:申报|审核|审批|批复|调整|调整申请|汇总|申报汇总|申报明细|一览|公开)?|年度|项目申报)表(?:[(（][^)）]{1,20}[)）])?$",
    )
    .unwrap_or_else(|e| panic!("title regex: {e}"))
});
static YEAR_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（]?\s*([0-9]{4})\s*[)）]?\s*年度?\s*[)）]?$")
        .unwrap_or_else(|e| panic!("year regex: {e}"))
});
/// Page numbers and page markers, a whole cell each.
const FURNITURE_PATTERN: &str = concat!(
    // fixture: fixtures/tables/page-marker-horizontal-bar.txt (`― 2―`)
    r"^(?:[-—–－―]+\s*\d{1,4}\s*[-—–－―]+",
    // fixture: fixtures/layouts/spaces-bare-page-number.txt
    r"|[·•]\s*\d{1,4}\s*[·•]",
    r"|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?",
    r"|\d{1,4}\s*/\s*\d{1,4}",
    r"|共\s*\d{1,4}\s*页(?:\s*[,，]?\s*第\s*\d{1,4}\s*页)?",
    // A table continued on the next page (`续表`, `（续表2）`, `续上表`);
    // fixture: fixtures/tables/continued-table-marker.txt
    r"|[(（]?续上?表\s*[0-9一二三四五六七八九十]{0,3}[)）]?[:：]?",
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?",
    r"|附[件表]\s*[0-9一二三四五六七八九十]{0,3}[:：]?",
    // A table's number printed above its title (`表九`, `表3-1`);
    // fixture: fixtures/regions/table-number-per-form.txt
    r"|表\s*[0-9一二三四五六七八九十]{1,3}(?:\s*[-—－]\s*\d{1,2})?[:：]?)$"
);
/// [`FURNITURE_PATTERN`] as written (`\d` any Unicode decimal digit).
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(FURNITURE_PATTERN).unwrap_or_else(|e| panic!("furniture regex: {e}"))
});
/// [`FURNITURE_PATTERN`] with `\d` narrowed to ASCII and full-width digits:
/// it answers as [`FURNITURE`] for any text whose digits are all of those
/// (see [`is_page_furniture`]), and builds in a fraction of the time (the
/// Unicode digit class, repeated, is most of that regex's automaton: 9 M
/// instructions to build, against 2.3 M).
static FURNITURE_NARROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&FURNITURE_PATTERN.replace(r"\d", "[0-9０-９]"))
        .unwrap_or_else(|e| panic!("furniture regex: {e}"))
});

/// True when a text holds a decimal digit other than ASCII and full-width
/// ones (`٣`, `३`): only then can [`FURNITURE`] and [`FURNITURE_NARROW`]
/// differ. (`is_numeric` also takes other numerals in: such a text goes to
/// the full regex, which answers right for any text.)
fn has_other_digit(text: &str) -> bool {
    // ASCII and the ideographs (U+4000–U+9FFF, no numerals among them) are
    // settled without the Unicode table `is_numeric` looks up.
    !text.is_ascii()
        && text.chars().any(|c| {
            !c.is_ascii()
                && !('\u{4000}'..='\u{9FFF}').contains(&c)
                && !('０'..='９').contains(&c)
                && c.is_numeric()
        })
}

/// How every [`FURNITURE_PATTERN`] opens, besides a digit: a cell opening
/// otherwise is no page furniture, asked without the regex.
const PAGE_MARK_STARTS: &[char] = &[
    '-', '—', '–', '－', '―', '·', '•', '第', '共', 'P', 'p', '附', '表', '续', '(', '（',
];

/// True when a cell is a page number or page marker (`— 3 —`, `第 2 页 共 5 页`,
/// `3/5`, `续表`).
pub fn is_page_furniture(text: &str) -> bool {
    let first = text.chars().next().unwrap_or(' ');
    // The one pattern that starts with a digit is a page `3/5`: a cell
    // starting with a digit (a value, most often) without a `/` is none.
    if first.is_ascii_digit() {
        let Some((page, of)) = text.split_once('/') else {
            return false;
        };
        // fixture: fixtures/tables/ocr-percent-spellings.txt
        // A page is at most the count of pages (`1009/6` is a percent misread).
        let n = |s: &str| s.trim().parse::<u32>().ok();
        if let (Some(page), Some(of)) = (n(page), n(of)) {
            if page > of {
                return false;
            }
        }
    }
    (first.is_ascii_digit() || PAGE_MARK_STARTS.contains(&first))
        && text.len() <= 40
        && if has_other_digit(text) {
            FURNITURE.is_match(text)
        } else {
            FURNITURE_NARROW.is_match(text)
        }
}

/// True for a ruling drawn with characters (`|---|---|`, `+----+`, `────`):
/// table borders the extraction kept as text.
pub fn is_table_rule(text: &str) -> bool {
    // Rule characters are ASCII, — or box drawing: most cells end here, before being counted.
    text.chars()
        .next()
        .is_some_and(|c| c.is_ascii() || c == '—' || ('\u{2500}'..='\u{257F}').contains(&c))
        && text.chars().count() >= 3
        && text.chars().all(|c| {
            matches!(
                c,
                '-' | '—'
                    | '─'
                    | '━'
                    | '═'
                    | '='
                    | '+'
                    | '|'
                    | ':'
                    | '_'
                    | ' '
                    | '┼'
                    | '┬'
                    | '┴'
                    | '├'
                    | '┤'
                    | '┌'
                    | '┐'
                    | '└'
                    | '┘'
                    | '│'
            )
        })
}

/// The one year a page heading gives the forms under it: a heading-sized
/// line naming a 绩效目标 table (`附件:某区2022年项目支出绩效目标表`,
/// `某局2023年整体绩效目标申报.pdf`) with exactly one year written `YYYY年`.
// fixture: fixtures/regions/heading-year.txt
pub fn heading_year(text: &str) -> Option<i32> {
    let sentence = text.contains([',', '，', '。', ';', '；']);
    // fixture: fixtures/regions/budget-disclosure-heading-year.txt
    // So does the heading of the budget disclosure the forms are printed in
    // (`某市水务局2025年部门预算公开`).
    // fixture: fixtures/regions/notice-heading-year.txt
    // So does the notice sending the forms out (`关于下达2025年…资金的通知`).
    let t = text.trim();
    let notice = t.starts_with("关于") && t.ends_with("通知") && t.contains("下达");
    let names_forms = text.contains("绩效目标")
        || notice
        || BUDGET_DISCLOSURE_HEADINGS
            .iter()
            .any(|w| text.trim_end().ends_with(w));
    if sentence || text.chars().count() > HEADING_CHARS || !names_forms {
        return None;
    }
    written_year(text)
}

/// How the heading of a budget disclosure, the document target forms are
/// published in, ends (`…2025年部门预算公开`, `…2025年度单位预算`).
const BUDGET_DISCLOSURE_HEADINGS: &[&str] = &[
    "部门预算",
    "部门预算公开",
    "单位预算",
    "单位预算公开",
    "部门预算信息公开",
    "预算公开说明",
];

/// The one year a text writes as `YYYY年` (several mentions of it count once);
/// None when it writes none or several. Of a term's years (`2024-2026年`)
/// it is the first, the budget year the term starts in.
// fixture: fixtures/regions/term-years-inside-title.txt
pub fn written_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().map(crate::normalize::fold_char).collect();
    let year_at = |at: usize| -> Option<i32> {
        let w = chars.get(at..at + 4)?;
        let digits: String = w.iter().collect();
        w.iter()
            .all(char::is_ascii_digit)
            .then(|| digits.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    };
    // `2024-2026年`, `2024年至2026年`: the year before the dash.
    let term_start = |end: usize| -> Option<i32> {
        let mut at = end.checked_sub(1)?;
        if !TERM_DASHES.contains(chars.get(at)?) {
            return None;
        }
        if chars.get(at.checked_sub(1)?) == Some(&'年') {
            at -= 1;
        }
        year_at(at.checked_sub(4)?)
    };
    let mut years = (0..chars.len().saturating_sub(4)).filter_map(|at| {
        (chars.get(at + 4) == Some(&'年'))
            .then(|| year_at(at).map(|y| term_start(at).unwrap_or(y)))
            .flatten()
    });
    let year = years.next()?;
    years.all(|y| y == year).then_some(year)
}

/// What joins the first and last year of a term (`2024-2026年`).
const TERM_DASHES: &[char] = &['-', '—', '－', '~', '～', '至', '到'];

/// The most characters of a page heading; a longer line is a sentence.
const HEADING_CHARS: usize = 80;

/// Reads a year line such as `（2019年度）`.
pub fn year_line(text: &str) -> Option<i32> {
    if text.len() > 30 {
        return None;
    }
    if !crate::substr::has_char(text, '年') {
        // fixture: fixtures/regions/ocr-year-word.txt
        // OCR reads 年 of `（2024年度）` as 午: read as 年 (the reader
        // reports it). Asked only of a line ending as a year line does.
        let closes = text.trim_end_matches(is_space).ends_with(['度', ')', '）']);
        if closes && crate::substr::has(text, OCR_YEAR_WORD) {
            return year_line(&text.replace(OCR_YEAR_WORD, "年度"));
        }
        return None;
    }
    // The line ends in 年, 年度 or a bracket: other cells holding 年 (`2021年12月底前`)
    // are dismissed without building the compact text.
    let last = text
        .chars()
        .rev()
        .find(|c| !is_space(*c))
        .map(crate::normalize::fold_char);
    if !matches!(last, Some('年' | '度' | ')' | '）')) {
        return None;
    }
    // Spaces inside the brackets and full-width digits (`（２０２０年度）`)
    // do not change the year.
    let compact: String = text
        .chars()
        .filter(|c| !is_space(*c))
        .map(crate::normalize::fold_char)
        .collect();
    if let Some(caps) = YEAR_LINE.captures(&compact) {
        return caps.get(1)?.as_str().parse().ok();
    }
    // fixture: fixtures/tables/ocr-letter-in-year-line.txt
    // OCR reads a digit of the year as a letter (`(2O24年度)`, `(2Ol9年)`):
    // with at least two real digits the letters are read as the digits they
    // resemble; the reader reports it (`ocr-digit`).
    if !compact.contains(OCR_YEAR_LETTERS) {
        return None;
    }
    let folded: String = compact.chars().map(ocr_year_digit).collect();
    let caps = YEAR_LINE.captures(&folded)?;
    let year = caps.get(1)?;
    // The same characters as written: folding keeps one character for one.
    let from = folded.get(..year.start())?.chars().count();
    let real = compact.chars().skip(from).take(4);
    (real.filter(char::is_ascii_digit).count() >= 2)
        .then(|| year.as_str().parse().ok())
        .flatten()
}

/// How OCR reads the `年度` of a year line (`（2024午度）`).
pub const OCR_YEAR_WORD: &str = "午度";

/// Letters OCR gives for the digits of a year: `O`/`o`/`〇` for 0, `l`/`I` for 1.
pub const OCR_YEAR_LETTERS: [char; 5] = ['O', 'o', '〇', 'l', 'I'];

/// The digit an OCR letter of a year stands for; other characters pass.
fn ocr_year_digit(c: char) -> char {
    match c {
        'O' | 'o' | '〇' => '0',
        'l' | 'I' => '1',
        _ => c,
    }
}

/// Title endings of templates that do not say 绩效.
const UNSCORED_TITLES: &[&str] = &["支出目标申报表", "支出目标表"];

/// How a department's or unit's whole-spending form may end its title with
/// no 表 (`2026年部门整体绩效目标`).
pub const WHOLE_SPENDING_TITLE_ENDINGS: &[&str] = &[
    "部门整体绩效目标",
    "部门整体支出绩效目标",
    "单位整体绩效目标",
    "单位整体支出绩效目标",
];

/// True when a cell looks like a form title (`2023年项目支出绩效目标申报表`).
pub fn is_title(text: &str) -> bool {
    if text.len() > 180 {
        return false;
    }
    // Templates that leave 绩效 out of their title (`项目支出目标申报表`).
    // fixture: fixtures/regions/site-footer-after-table.txt
    if !crate::substr::has_char(text, '绩') {
        // Asked of every cell: most hold no 表 and stop here.
        if !crate::substr::has_char(text, '表') {
            return false;
        }
        let compact = crate::normalize::without_spaces(text);
        return compact.chars().count() <= 30
            && UNSCORED_TITLES.iter().any(|t| compact.ends_with(t));
    }
    // Most cells hold no space: their compact text is the text itself.
    let compact = crate::normalize::without_spaces(text);
    // fixture: fixtures/regions/letter-spaced-title.txt
    if (crate::substr::has(&compact, "目标")
        || crate::substr::has(&compact, "绩效年度表")
        || crate::substr::has(&compact, "绩效项目申报表"))
        && crate::substr::has_char(&compact, '表')
        && TITLE.is_match(&compact)
    {
        return true;
    }
    let chars: Vec<char> = compact.chars().collect();
    // fixture: fixtures/regions/whole-spending-title-without-biao.txt
    // A budget system's 部门整体 form titled without its 表
    // (`2026年部门整体绩效目标`): a year and nothing else before it, since
    // the words alone are the goal's label and a unit's name before them is
    // a value (`某馆2025年部门整体绩效目标`).
    let bare = compact
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches("年度")
        .trim_start_matches('年');
    if bare.len() + "2026年".len() <= compact.len() && WHOLE_SPENDING_TITLE_ENDINGS.contains(&bare)
    {
        return true;
    }
    // An OCR-damaged title (`绩效目杯申报表`, `绩效目标申报衰`): its ending is
    // one character away from a title's.
    // Titles hold no punctuation but brackets: `四、绩效目标:` is a heading.
    let punctuated = chars.iter().any(|&c| {
        matches!(
            crate::normalize::fold_char(c),
            ':' | '、' | ',' | '。' | ';' | '.'
        )
    });
    if chars.len() > 30 || punctuated {
        return false;
    }
    ["绩效目标申报表", "绩效目标表"].iter().any(|t| {
        let want: Vec<char> = t.chars().collect();
        let n = want.len().min(chars.len());
        chars.len() >= want.len()
            && crate::labels::within_one_edit(&chars[chars.len() - n..], &want)
    })
}

/// How the web pages that publish forms begin their own lines: article
/// metadata, navigation, sharing and comment widgets. Never a form's text.
pub const SITE_FURNITURE: &[&str] = &[
    "发布时间",
    "发布日期",
    "发布机构",
    "发文机关",
    "来源：",
    "来源:",
    "信息来源",
    "文章来源",
    // fixture: fixtures/regions/document-site-source-footer.txt
    // A document site's footer naming where the text came from.
    "本文来源",
    "本文链接",
    "本文地址",
    "原文链接",
    "原文地址",
    "转载请",
    "作者：",
    "作者:",
    "阅读次数",
    "浏览次数",
    "浏览量",
    "点击数",
    "点击量",
    "访问量",
    "归档时间",
    "索引号",
    "生成日期",
    "成文日期",
    "公文时效",
    "主题分类",
    "责任编辑",
    "扫一扫",
    "【字体",
    "[字体",
    "字体：",
    "字体:",
    "[打印]",
    "【打印】",
    "[关闭]",
    "[下载]",
    "【下载】",
    "【关闭】",
    "打印本页",
    "关闭窗口",
    // fixture: fixtures/regions/site-links-after-table.txt
    "【打印本页】",
    "【关闭窗口】",
    "[打印本页]",
    "[关闭窗口]",
    "附件下载",
    "上一篇",
    "下一篇",
    "相关链接",
    "相关解读",
    "相关文章",
    "相关阅读",
    "分享到",
    "全部留言",
    "我要留言",
    "当前位置",
    "您当前的位置",
    "您的位置",
    "![](",
    "- 评论",
    "- 有用",
    "- 全部留言",
    "网站地图",
    "版权所有",
    "主办单位",
    "ICP备",
    "网站标识码",
    // fixture: fixtures/regions/site-footer-after-table.txt
    "内容保障",
    "网站监督电话",
    "技术支持：",
    "技术支持:",
    // fixture: fixtures/regions/document-tail-after-table.txt
    // An official document's tail: who else receives it.
    "抄送：",
    "抄送:",
    "抄报：",
    "抄报:",
    // fixture: fixtures/regions/policy-page-footer-after-table.txt
    // A policy page's tail under its document.
    "如果您对该政策文件有疑问",
    "标签:",
    "标签：",
    // fixture: fixtures/regions/flat-document-site-footer.txt
    // A document-sharing site's prompts under a preview.
    "下载文档",
    "还剩",
    "继续阅读",
    // fixture: fixtures/regions/publicity-mark-after-table.txt
    // How far it is made public (`（此件主动公开）`, `(此件不予公开)`).
    "（此件",
    "(此件",
];

/// What a government site's footer holds anywhere in its line (`吉ICP备00000000号`,
/// `政府网站标识码:2201000000`): never a form's text.
const SITE_FOOTER_MARKS: &[&str] = &["ICP备", "网站标识码", "公网安备", "网站监督电话"];

/// Whether a word is a web address (`http://…`, `www.…`): a page's running
/// line, never a form's cell.
pub fn is_web_address(word: &str) -> bool {
    let w = word.trim_start_matches(['(', '（', '<']);
    ["http://", "https://", "www."]
        .iter()
        .any(|p| w.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
        && w.len() > 8
}

/// Whether a line opens with the date and time a browser prints in a page's
/// margin (`2024/4/9 15:37`, `2024-04-09 15:37`).
pub fn opens_with_print_stamp(text: &str) -> bool {
    // Most lines are dismissed by their first character.
    if !text.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let mut words = text.split_whitespace();
    let (Some(date), Some(time)) = (words.next(), words.next()) else {
        return false;
    };
    // How many parts of one to four digits `s` splits into; 0 if any is not.
    let parts = |s: &str, sep: &[char]| {
        let mut n = 0;
        for p in s.split(sep) {
            if !(1..=4).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
                return 0;
            }
            n += 1;
        }
        n
    };
    date.split(['/', '-']).next().is_some_and(|y| y.len() == 4)
        && parts(date, &['/', '-']) == 3
        && (2..=3).contains(&parts(time, &[':']))
}

/// Web page furniture that is furniture only as a whole cell.
const SITE_FURNITURE_WHOLE: &[&str] = &[
    "评论",
    "有用",
    "有用()",
    "打印",
    "关闭",
    "【打印】【关闭】",
    // An official document's issue line, read after its date
    // (`2024年4月12日印发`, see `after_date_stamp`).
    "印发",
    // The rest of a site's metadata table (`名称 | … | 文号 | 〔〕号 |
    // 有效性 | … | 来源 | 某局`), under its 索引号 and 发布机构.
    // fixture: fixtures/regions/site-metadata-table-under-title.txt
    "名称",
    "文号",
    "有效性",
    "来源",
    // fixture: fixtures/regions/policy-page-footer-after-table.txt
    "文件下载",
    "政策咨询",
];

/// True when a cell is a web page's own furniture (`发布时间：…`,
/// `扫一扫在手机打开当前页`, `[打印]`), not a line of the form.
pub fn is_site_furniture(text: &str) -> bool {
    /// The characters furniture starts with, each with the furniture that
    /// starts with it (and whether it must be the whole cell): most cells are
    /// dismissed by their first character, and the others are compared only
    /// with the furniture sharing it.
    type Group = (char, Vec<(&'static str, bool)>);
    static FIRST: LazyLock<Vec<Group>> = LazyLock::new(|| {
        let mut v: Vec<Group> = Vec::new();
        let all = SITE_FURNITURE
            .iter()
            .map(|p| (*p, false))
            .chain(SITE_FURNITURE_WHOLE.iter().map(|p| (*p, true)));
        for (p, whole) in all {
            let Some(c) = p.chars().next() else { continue };
            match v.iter_mut().find(|(f, _)| *f == c) {
                Some((_, ps)) => ps.push((p, whole)),
                None => v.push((c, vec![(p, whole)])),
            }
        }
        v.sort_unstable_by_key(|(c, _)| *c);
        v
    });
    // A Markdown bullet (`- 扫一扫…`) before the furniture is part of it.
    let t = text.trim_start_matches([' ', '|', '-', '*', '·']);
    let Some(first) = t.chars().next() else {
        return false;
    };
    // A metadata label printed with a gap after every character (`索 引 号`).
    if t.len() <= 30 && t.contains(' ') && crate::normalize::is_letter_spaced(t) {
        let compact = crate::normalize::without_spaces(t);
        if compact != t {
            return is_site_furniture(&compact);
        }
    }
    FIRST
        .binary_search_by_key(&first, |(c, _)| *c)
        .ok()
        .and_then(|i| FIRST.get(i))
        .is_some_and(|(_, furniture)| {
            furniture
                .iter()
                .any(|&(p, whole)| if whole { t == p } else { t.starts_with(p) })
        })
        || is_attached_file(t)
        || after_date_stamp(t).is_some_and(is_site_furniture)
        || site_footer(t)
}

/// Page metadata words that also open indicator names (`信息来源可靠性`,
/// `浏览次数增长率`, `发布时间及时率`).
const METRIC_FURNITURE: &[&str] = &[
    "信息来源",
    "浏览次数",
    "浏览量",
    "点击量",
    "点击数",
    "访问量",
    "阅读次数",
    "发布时间",
];

/// Whether a cell opening with a page metadata word runs on into a longer
/// word (`信息来源可靠性`): an indicator's name inside a table, where the
/// page's metadata follows its word with a colon, a space or a digit.
// fixture: fixtures/tables/flat-metric-names.txt
pub fn names_a_metric(text: &str) -> bool {
    METRIC_FURNITURE.iter().any(|w| {
        text.strip_prefix(w)
            .and_then(|rest| rest.chars().next())
            .is_some_and(crate::normalize::is_ideograph)
    })
}

/// A cell holding one of [`SITE_FOOTER_MARKS`]. Asked of every cell: each
/// mark holds `网` or starts with `ICP`, so most cells are dismissed by one
/// scan for those.
fn site_footer(t: &str) -> bool {
    (9..160).contains(&t.len())
        && (crate::substr::has_char(t, '网') || crate::substr::has_char(t, 'I'))
        && SITE_FOOTER_MARKS.iter().any(|m| t.contains(m))
}

/// The rest of a line that opens with a page's date stamp (`2022-04-06 09:15来源:…`,
/// `2023年05月08日 浏览次数`): article metadata printed after its date.
// fixture: fixtures/regions/headline-then-form.txt
fn after_date_stamp(t: &str) -> Option<&str> {
    // A stamp and a furniture word take ten bytes at least: values stop here.
    if t.len() < 10 || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = t.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '-' | ':' | '/' | '.' | ' ' | '年' | '月' | '日')
    });
    // A year, month and day at least (`2022-4-6`): a number alone is no stamp.
    let stamp = t.len() - rest.len();
    let digits = t.get(..stamp)?.bytes().filter(u8::is_ascii_digit).count();
    (digits >= 6 && !rest.is_empty()).then_some(rest)
}

/// Office file extensions a page's attachment link ends with.
const ATTACHMENT_EXTENSIONS: &[&str] = &[
    ".xls", ".xlsx", ".doc", ".docx", ".pdf", ".wps", ".et", ".zip", ".rar",
];

/// A line that is an attachment's file name (`2023年重点项目绩效目标表.xls`):
/// a link on the page, not a line of the form.
// fixture: fixtures/regions/site-links-after-table.txt
fn is_attached_file(t: &str) -> bool {
    let t = t.trim_end();
    // Asked of every cell: most end in no ASCII letter and stop here.
    t.as_bytes().last().is_some_and(u8::is_ascii_alphabetic)
        && ATTACHMENT_EXTENSIONS.iter().any(|e| {
            t.len() > e.len()
                && t.get(t.len() - e.len()..)
                    .is_some_and(|end| end.eq_ignore_ascii_case(e))
        })
        && !t.contains(['\t', '|'])
        && t.chars().count() <= 80
}

/// True for the cell of an approval or sign-off block under the form
/// (`财政部门支出股室初审意见 (盖章)`, `主管部门审核意见`, `单位负责人签字：`):
/// the form's table ends there.
pub fn is_approval_cell(text: &str) -> bool {
    // Every approval cell holds 意见, or a stamp and a blank date ending in
    // 日: most cells are dismissed without allocating.
    let opinion = crate::substr::has_char(text, '意') && crate::substr::has_char(text, '见');
    if !opinion && !text.trim_end().ends_with('日') {
        return false;
    }
    let compact: String = text.chars().filter(|c| !is_space(*c)).take(40).collect();
    if compact.chars().count() > 30 {
        return false;
    }
    // `财政资金管理科室(盖章) 年 月 日`: a stamp and a blank date to fill in.
    // fixture: fixtures/tables/approval-stamp-date.txt
    let stamp = ["盖章", "签字", "签章"].iter().any(|w| compact.contains(w));
    if stamp && compact.ends_with("年月日") {
        return true;
    }
    if !opinion {
        return false;
    }
    let body = compact
        .trim_end_matches([':', '：'])
        .trim_end_matches(['(', '（'])
        .trim_end_matches("(盖章)")
        .trim_end_matches("（盖章）")
        .trim_end_matches([':', '：']);
    // `申报单位名称:(盖章)` is a header label whose value is a stamp: only
    // an 意见 is signed off below the table.
    let signed = ["盖章", "签字", "签章"].iter().any(|w| {
        body.ends_with(w)
            || compact.ends_with(&format!("{w})"))
            || compact.ends_with(&format!("{w}）"))
    });
    (body.ends_with("意见") && body.chars().count() >= 4) || (signed && body.contains("意见"))
}

/// An office's name and the date it signed on (`某县农业农村局2024年5月8日`),
/// or the date alone: the sign-off under a form, never an indicator.
pub fn is_dated_sign_off(text: &str) -> bool {
    static DATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\D{0,30}?)\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
            .unwrap_or_else(|e| panic!("dated sign-off regex: {e}"))
    });
    DATED.captures(text.trim()).is_some_and(|c| {
        let office = c.get(1).map_or("", |m| m.as_str());
        office.is_empty() || OFFICE_ENDINGS.iter().any(|e| office.ends_with(e))
    })
}

/// A line naming an office alone (`青川市农业农村局`), as it signs a form
/// above the date: short, no digits, ending as an office's name does.
pub fn is_office_name(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 30
        && !t.contains(|c: char| c.is_ascii_digit() || matches!(c, ':' | '：' | '，' | ',' | '。'))
        && OFFICE_ENDINGS.iter().any(|e| t.ends_with(e))
}

/// Whether an office's name opens with its place (`某县`, `青川市`, `白沙镇`):
/// a signing office, where a bare `…中心` may be an indicator's name.
pub fn names_a_place(text: &str) -> bool {
    text.trim()
        .char_indices()
        .skip(1)
        .take(8)
        .any(|(_, c)| PLACE_MARKS.contains(&c))
}

/// The characters that end a place's name (`省`, `市`, `县`, `区`, `镇`, `乡`).
const PLACE_MARKS: &[char] = &['省', '市', '县', '区', '镇', '乡'];

/// How the name of an office that signs a form ends.
const OFFICE_ENDINGS: &[&str] = &[
    "局",
    "委",
    "政府",
    "办公室",
    "中心",
    "站",
    "所",
    "院",
    "厅",
    "处",
    "部门",
    "单位",
    "馆",
    "联合会",
    "委员会",
    "协会",
    "公司",
    "学校",
    "大队",
];

/// Words one of a budget disclosure's other tables names itself by.
const DISCLOSURE_TABLE_WORDS: &[&str] = &[
    "预算", "决算", "收支", "收入", "支出", "采购", "三公", "资产", "经费", "拨款",
];

/// fixture: fixtures/regions/disclosure-table-after-form.txt
/// The title of another table of a budget disclosure printed after the form
/// (`政府采购预算明细表`, `部门收支总表`, `“三公”经费支出预算表（单位：万元）`):
/// no 绩效 or 目标 in it, a table's name, no sentence.
pub fn is_disclosure_table_title(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '：']);
    let t = match t.rfind(['(', '（']) {
        Some(at) if t.ends_with([')', '）']) => t[..at].trim_end(),
        _ => t,
    };
    let t = crate::labels::without_outline_number(t);
    (5..=30).contains(&t.chars().count())
        && t.ends_with('表')
        && !t.contains("绩效")
        && !t.contains("目标")
        && !t.contains(['，', '。', '；', ',', ';', ' '])
        && DISCLOSURE_TABLE_WORDS.iter().any(|w| t.contains(w))
}

/// A text that is not a fillable target form: a self-evaluation or a report.
pub fn other_form_kind(text: &str) -> Option<&'static str> {
    // Every marker holds 评: most cells are dismissed without building the compact text.
    if !crate::substr::has_char(text, '评') {
        return None;
    }
    let compact: String = text.chars().filter(|c| !is_space(*c)).take(60).collect();
    // fixture: fixtures/regions/goal-names-evaluation-report.txt
    // A title ends in its kind, a bracketed year or note at most after it; a
    // sentence that names a report (`形成耕地质量评价报告1份。`) is no title.
    let titled = |marker: &str| {
        compact.match_indices(marker).any(|(at, _)| {
            // `评价报告 | 1份`: a row's name, not the kind of a titled text.
            if at == 0 {
                return false;
            }
            let after = &compact[at + marker.len()..];
            let after = after.trim_end_matches([':', '：']);
            after.is_empty()
                || ((after.starts_with(['(', '（']) && after.ends_with([')', '）']))
                    && !after.contains(['，', '。', '；']))
        })
    };
    if titled("自评表") || titled("自评报告") {
        Some("a 绩效自评表 (self-evaluation form)")
    } else if titled("评价报告") {
        Some("a 绩效评价报告 (evaluation report)")
    } else {
        None
    }
}

/// Lone lines of 6–40 characters that occur more than once in a text whose
/// rows have several cells, and read as no label, title or sentence: headers
/// and footers repeated per page.
pub fn running_headers<'a>(rows: &[Row<'a>]) -> HashMap<&'a str, usize> {
    let mut counts: HashMap<&'a str, usize> = HashMap::new();
    let mut multi = 0usize;
    let mut single = 0usize;
    for (i, row) in rows.iter().enumerate() {
        // The rows one line without separators was cut into count as that
        // one line, as the stream's facts (read before the cutting) count it:
        // a lone line, of several cells when it holds a space.
        let same_line = |j: Option<usize>| {
            j.and_then(|j| rows.get(j))
                .is_some_and(|r| r.line == row.line)
        };
        if same_line(i.checked_sub(1)) {
            continue;
        }
        if same_line(Some(i + 1)) {
            let spaced = rows[i..]
                .iter()
                .take_while(|r| r.line == row.line)
                .any(|r| r.text.trim().contains(' '));
            if spaced {
                multi += 1;
            } else {
                single += 1;
            }
            continue;
        }
        let mut filled = row.filled();
        match (filled.next(), filled.next()) {
            // test: tests/grid.rs, page_lines_between_single_space_rows_are_furniture
            // A row of words one space apart is a row of several cells.
            (Some(c), None) if c.text.trim().contains(' ') => multi += 1,
            // A cell wrapped over lines and joined (`layout::join_terminated_cells`)
            // counts as the lines it holds, as the stream's facts count them.
            (Some(c), None) => {
                for piece in c.text.split('\n').map(str::trim) {
                    single += 1;
                    // A header is a short lone line, not a cell of a tab or pipe
                    // row and not a sentence (a goal repeated by similar forms).
                    let chars = piece.chars().count();
                    if (6..=40).contains(&chars)
                        && row.cells.len() == 1
                        && !piece.ends_with(['。', '.', ';', '；', ','])
                        && match_label(piece).is_none()
                        && !is_title(piece)
                        && year_line(piece).is_none()
                        && !piece.contains(' ')
                    {
                        *counts.entry(piece).or_default() += 1;
                    }
                }
            }
            (Some(_), Some(_)) => multi += 1,
            _ => {}
        }
    }
    // In one-cell-per-line text, repeated cells are names and values, not headers.
    if multi < single {
        return HashMap::new();
    }
    counts.retain(|_, n| *n >= 2);
    counts
}

/// Chooses the reading mode of each row. Rows of several cells are read as
/// cells. A single cell that starts with a label and a space (or holds three
/// labels) is words, and so is any single cell with spaces among such rows; a
/// cell holding a whole form is flat. Other single cells are a stream where
/// the rows around them have no cell structure, else cells.
pub fn modes(rows: &[Row<'_>]) -> Vec<Mode> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Class {
        Blank,
        Multi,
        Flat,
        WordSure,
        WordMaybe,
        Single,
    }
    let classes: Vec<Class> = rows
        .iter()
        .map(|r| {
            let mut filled = r.filled();
            match (filled.next(), filled.next()) {
                (None, _) => Class::Blank,
                // fixture: fixtures/glued/words-line-one-double-space.txt
                // A whole form in words one space apart, one gap of two
                // spaces among them: still the form on one line.
                (Some(a), Some(b))
                    if r.filled().nth(3).is_none()
                        && r.text.len() > 120
                        && (a.text.contains(' ') || b.text.contains(' '))
                        && r.text.bytes().filter(|&b| b == b' ').count() >= 8
                        && word_row(r.text.trim()).is_some_and(|labels| labels >= 8) =>
                {
                    Class::Flat
                }
                (Some(_), Some(_)) => Class::Multi,
                (Some(c), None) => match word_row(c.text) {
                    Some(labels) if labels >= 8 => Class::Flat,
                    Some(_) => Class::WordSure,
                    None if c.text.contains([' ', '\u{3000}']) => Class::WordMaybe,
                    None => Class::Single,
                },
            }
        })
        .collect();
    let nonblank: Vec<usize> = (0..rows.len())
        .filter(|&i| classes[i] != Class::Blank)
        .collect();
    let count = |lo: usize, hi: usize, want: Class| {
        nonblank[lo..hi]
            .iter()
            .filter(|&&i| classes[i] == want)
            .count()
    };
    // How long the run of lone cells each non-blank row stands in is: a
    // long run is a table printed one cell per line, whatever is near it.
    let mut run = vec![0usize; nonblank.len()];
    let mut start = 0;
    for k in 0..=nonblank.len() {
        let single = nonblank
            .get(k)
            .is_some_and(|&i| classes[i] == Class::Single);
        if !single {
            for r in &mut run[start..k] {
                *r = k - start;
            }
            start = k + 1;
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut k = 0usize;
    for (i, class) in classes.iter().enumerate() {
        while k < nonblank.len() && nonblank[k] < i {
            k += 1;
        }
        let near = |r: usize| (k.saturating_sub(r), (k + r + 1).min(nonblank.len()));
        let mode = match class {
            Class::Blank | Class::Multi => Mode::Cells,
            Class::Flat => Mode::Flat,
            Class::WordSure => Mode::Words,
            Class::WordMaybe | Class::Single => {
                let (lo, hi) = near(6);
                let sure = count(lo, hi, Class::WordSure);
                if *class == Class::WordMaybe && sure >= 2 && sure >= count(lo, hi, Class::Multi) {
                    Mode::Words
                } else if *class == Class::Single && run.get(k).is_some_and(|&n| n >= LONE_RUN) {
                    // test: tests/grid.rs, one_cell_per_line_table_before_a_tab_form_keeps_its_levels
                    Mode::Stream
                } else {
                    let (lo, hi) = near(20);
                    let multi = count(lo, hi, Class::Multi) + count(lo, hi, Class::WordSure);
                    if multi * 5 >= hi - lo {
                        Mode::Cells
                    } else {
                        Mode::Stream
                    }
                }
            }
        };
        out.push(mode);
    }
    out
}

/// A single cell holding several cells separated by single spaces: it starts
/// with a label followed by a space, or holds three or more labels. Returns
/// how many labels (and titles) its words hold.
pub fn word_row(text: &str) -> Option<usize> {
    if !text.contains([' ', '\u{3000}']) {
        return None;
    }
    let mut words = text.split([' ', '\u{3000}']).filter(|w| !w.is_empty());
    let first_is_label = words.next().is_some_and(|w| {
        match_label(w)
            .is_some_and(|m| !matches!(m.label, Label::Field(Field::Note)) && m.rest.is_empty())
    });
    let labels = text
        .split([' ', '\u{3000}'])
        .filter(|w| !w.is_empty() && (match_label(w).is_some() || is_title(w)))
        .count();
    (first_is_label || labels >= 3).then_some(labels)
}

/// Splits a cell into its words (on single spaces), re-joining words that
/// together spell a label (`项 目 名 称`).
pub fn words<'a>(cell: &Cell<'a>) -> Vec<Cell<'a>> {
    let text = cell.text;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    // fixture: fixtures/grid/single-spaces.txt
    // Template residue keeps its spaces inside its brackets (`户数( ≥**户 )`).
    let mut bracket_end = 0usize;
    for (i, c) in text.char_indices() {
        if matches!(c, '(' | '（') && i >= bracket_end {
            bracket_end = short_bracket_end(&text[i..]).map_or(0, |n| i + n);
        }
        if (c == ' ' || c == '\u{3000}') && i < bracket_end && start.is_some() {
            continue;
        }
        if c == ' ' || c == '\u{3000}' {
            if let Some(s) = start.take() {
                spans.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    // fixture: fixtures/grid/words-year-bracket-glued-to-label.txt
    // A year in brackets ends its word (`绩效目标申报表(2024年度)项目名称`):
    // the title and its year, then the label run on after them.
    static YEAR_BRACKET: LazyLock<Regex> = LazyLock::new(|| {
        // ASCII digits and spaces only: Unicode classes would make the
        // automaton many times the size, built once a run.
        Regex::new(r"[(（][ 　]*[0-9]{4}[ 　]*年度?[ 　]*[)）]")
            .unwrap_or_else(|e| panic!("year bracket regex: {e}"))
    });
    if text.contains(['(', '（']) && text.contains('年') {
        let mut cut = Vec::with_capacity(spans.len() + 1);
        for &(a, b) in &spans {
            let span = &text[a..b];
            let found = span
                .contains('年')
                .then(|| YEAR_BRACKET.find(span))
                .flatten();
            match found {
                Some(m) if a + m.end() < b => {
                    cut.push((a, a + m.end()));
                    cut.push((a + m.end(), b));
                }
                _ => cut.push((a, b)),
            }
        }
        spans = cut;
    }
    let mut out = Vec::with_capacity(spans.len());
    let mut i = 0;
    // Character columns are counted as we go, not from the start each time.
    let (mut counted_bytes, mut counted_chars) = (0usize, 0usize);
    while i < spans.len() {
        // A label spelled with spaces between its characters: join short words.
        let mut joined = None;
        if spans[i].1 - spans[i].0 <= 6 {
            for n in (2..=8.min(spans.len() - i)).rev() {
                let (a, b) = (spans[i].0, spans[i + n - 1].1);
                if spans[i..i + n].iter().all(|(x, y)| y - x <= 6)
                    && match_label(&text[a..b]).is_some_and(|m| m.rest.is_empty() && !m.fuzzy)
                {
                    joined = Some((n, a, b));
                    break;
                }
            }
        }
        // fixture: fixtures/tables/words-level-split-by-space.txt
        // A level label cut in two by one space (`效果指 标`, `服务对象
        // 满意度指标`): two words of any short length that together spell a
        // 一级 or 二级 label are that label.
        if joined.is_none() && i + 1 < spans.len() {
            let (a, b) = (spans[i].0, spans[i + 1].1);
            let short = spans[i].1 - spans[i].0 <= 24 && spans[i + 1].1 - spans[i + 1].0 <= 15;
            let level = short
                && match_label(&text[a..b]).is_some_and(|m| {
                    m.rest.is_empty()
                        && !m.fuzzy
                        && matches!(m.label, Label::Level1(_) | Label::Level2(_))
                });
            if level {
                joined = Some((2, a, b));
            }
        }
        let (n, a, b) = joined.unwrap_or((1, spans[i].0, spans[i].1));
        counted_chars += crate::layout::width(&text[counted_bytes..a]);
        counted_bytes = a;
        out.push(Cell {
            text: &text[a..b],
            line: cell.line,
            index: cell.index + out.len(),
            col: cell.col + counted_chars,
        });
        i += n;
    }
    out
}

/// The byte length of a short bracketed group at the start of `text`
/// (`( ≥**% )`, at most 16 characters), None when it does not close soon.
fn short_bracket_end(text: &str) -> Option<usize> {
    text.char_indices()
        .skip(1)
        .take(16)
        .find(|(_, c)| matches!(c, ')' | '）' | '(' | '（'))
        .filter(|(_, c)| matches!(c, ')' | '）'))
        .map(|(i, c)| i + c.len_utf8())
}

/// Splits a cell in which labels and their values are left one space apart
/// (`项目名称 扶贫综合保险`, `产出指标 数量指标 新建道路长度`): the labels become
/// cells of their own, and the words between them are joined back into one
/// cell. A cell that is a label as a whole, or holds no label word, is kept.
pub fn split_labelled<'a>(cell: &Cell<'a>) -> Option<Vec<Cell<'a>>> {
    let text = cell.text;
    if !text.contains([' ', '\u{3000}']) || match_label(text).is_some() {
        return None;
    }
    let pieces = words(cell);
    let is_label =
        |c: &Cell<'_>| match_label(c.text).is_some_and(|m| m.rest.is_empty() && !m.fuzzy);
    if pieces.len() < 2 || !pieces.iter().any(is_label) {
        return None;
    }
    let start_of = |c: &Cell<'_>| c.text.as_ptr() as usize - text.as_ptr() as usize;
    let mut out: Vec<Cell<'a>> = Vec::with_capacity(pieces.len());
    let mut run: Option<(usize, usize, usize)> = None; // (start, end, col) of joined words
    let flush = |run: &mut Option<(usize, usize, usize)>, out: &mut Vec<Cell<'a>>| {
        if let Some((a, b, col)) = run.take() {
            out.push(Cell {
                text: &text[a..b],
                line: cell.line,
                index: cell.index + out.len(),
                col,
            });
        }
    };
    for p in &pieces {
        let a = start_of(p);
        let b = a + p.text.len();
        if is_label(p) {
            flush(&mut run, &mut out);
            out.push(Cell {
                index: cell.index + out.len(),
                ..*p
            });
        } else {
            run = Some(match run {
                Some((start, _, col)) => (start, b, col),
                None => (a, b, p.col),
            });
        }
    }
    flush(&mut run, &mut out);
    Some(out)
}

/// A header row naming at least two header fields and two indicator columns:
/// the head of a sheet listing many projects.
pub fn is_sheet_header(row: &Row<'_>) -> bool {
    let (mut fields, mut columns) = (0, 0);
    for c in row.filled() {
        match match_label(c.text).map(|m| m.label) {
            Some(Label::Field(
                Field::ProjectName
                | Field::Department
                | Field::Implementers
                | Field::FundingTotal
                | Field::FundingFiscal
                | Field::GoalAnnual
                | Field::Leader
                | Field::LeaderName,
            )) => fields += 1,
            Some(Label::Field(
                Field::ColLevel1 | Field::ColLevel2 | Field::ColName | Field::ColValue,
            )) => columns += 1,
            _ => {}
        }
    }
    fields >= 2 && columns >= 2
}

/// The first line that writes targets as prose: a 二级指标 label followed by a
/// colon and its targets in the same cell (`数量指标:补助苗木>=17600株;…`).
pub fn prose_targets(rows: &[Row<'_>]) -> Option<usize> {
    rows.iter().find_map(|r| {
        r.filled()
            .any(|c| {
                match_label(c.text).is_some_and(|m| {
                    matches!(m.label, Label::Level1(_) | Label::Level2(_)) && !m.rest.is_empty()
                })
            })
            .then_some(r.line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_sign_offs() {
        let table = [
            ("梧山县农业农村局2024年5月8日", true),
            ("2024年5月8日", true),
            ("某县财政局 2023 年 12 月 1 日", true),
            ("完成时间2024年5月8日", false),
            ("群众满意度", false),
            ("2024年12月31日前", false),
        ];
        for (text, want) in table {
            assert_eq!(is_dated_sign_off(text), want, "{text}");
        }
    }

    #[test]
    fn office_names() {
        let table = [
            ("青川市农业农村局", true),
            ("某县人民政府办公室", true),
            ("青溪县交通运输局", true),
            ("青溪县残疾人联合会", true),
            ("北泉县档案馆", true),
            ("召开座谈会", false),
            ("群众满意度", false),
            ("联系人:冯立川", false),
            ("2024年5月8日", false),
            ("培训覆盖率达到100%的局", false),
        ];
        for (text, want) in table {
            assert_eq!(is_office_name(text), want, "{text}");
        }
        for (text, want) in [
            ("某县生态环境局", true),
            ("青川市农业农村局", true),
            ("白沙镇人民政府", true),
            ("建成文化服务中心", false),
            ("县文化馆", false),
        ] {
            assert_eq!(names_a_place(text), want, "{text}");
        }
    }

    #[test]
    fn disclosure_table_titles() {
        for (text, want) in [
            ("政府采购预算明细表", true),
            ("部门收支总表", true),
            ("“三公”经费支出预算表（单位：万元）", true),
            ("表九：政府性基金预算支出表", true),
            ("九、国有资产占用情况表", true),
            ("项目支出绩效目标表", false),
            ("项目支出目标表", false),
            ("按时编制部门预算表", true),
            ("完成预算编制，报送预算表", false),
            ("预算表", false),
        ] {
            assert_eq!(is_disclosure_table_title(text), want, "{text}");
        }
    }

    #[test]
    fn other_form_kinds_are_read_from_titles() {
        // (text, is another kind of form)
        let table = [
            ("2023年度项目支出绩效自评表", true),
            ("部门整体支出绩效自评报告", true),
            ("城区道路养护项目绩效评价报告", true),
            ("某项目绩效评价报告（2023年度）", true),
            ("项目支出绩效自评表:", true),
            // sentences and names that mention a report
            ("形成年度耕地质量评价报告1份。", false),
            (
                "本部门按要求开展了整体支出绩效自评，评价报告见附件。",
                false,
            ),
            ("评价报告", false),
            ("完成评价报告（初稿）并报送", false),
            ("项目支出绩效目标表", false),
        ];
        for (text, other) in table {
            assert_eq!(other_form_kind(text).is_some(), other, "{text}");
        }
    }

    #[test]
    fn site_furniture_by_first_character_is_the_plain_search() {
        let plain = |text: &str| {
            let t = text.trim_start_matches([' ', '|', '-', '*', '·']);
            !t.is_empty()
                && (SITE_FURNITURE.iter().any(|p| t.starts_with(p))
                    || SITE_FURNITURE_WHOLE.contains(&t)
                    || ((9..160).contains(&t.len())
                        && SITE_FOOTER_MARKS.iter().any(|m| t.contains(m))))
        };
        let mut texts: Vec<String> = [
            "",
            " ",
            "-",
            "项目名称",
            "主管部门",
            "评论区",
            "有用的",
            "/a",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for p in SITE_FURNITURE.iter().chain(SITE_FURNITURE_WHOLE) {
            for t in [
                p.to_string(),
                format!("{p}：某某"),
                format!("- {p}"),
                format!("| * {p}"),
                format!("x{p}"),
                p.chars().take(1).collect(),
                p.chars().skip(1).collect(),
            ] {
                texts.push(t);
            }
        }
        for t in &texts {
            assert_eq!(is_site_furniture(t), plain(t), "{t:?}");
        }
        assert!(is_site_furniture("发布时间：2023-01-01"));
        // Metadata labels printed letter-spaced; a label of the form is none.
        for (t, furniture) in [
            ("索 引 号", true),
            ("有 效 性", true),
            ("名 称", true),
            ("项 目 名 称", false),
            ("名 称 很 长", false),
        ] {
            assert_eq!(is_site_furniture(t), furniture, "{t:?}");
        }
        // A site footer's marks anywhere in the cell.
        for (t, furniture) in [
            ("吉ICP备00000000号", true),
            ("某某省公网安备 22010000000000号", true),
            ("政府网站标识码:2201000000", true),
            ("内容保障 | 公务邮箱", true),
            ("网站建设完成率", false),
            ("保障内容", false),
        ] {
            assert_eq!(is_site_furniture(t), furniture, "{t:?}");
        }
        // Metadata after the article's date stamp; a figure before text is not one.
        for (t, furniture) in [
            ("2022-04-06 09:15来源:某某镇人民政府字号:[大 中 小]", true),
            ("2023年05月08日 浏览次数:12", true),
            ("2023/5/8 发布机构:某某局", true),
            ("2022-04-06", false),
            ("2022-04-06 09:15 项目名称 道路养护", false),
            ("100 来源:", false),
            ("2022年12月底前完成", false),
        ] {
            assert_eq!(is_site_furniture(t), furniture, "{t:?}");
        }
        assert!(is_site_furniture("关闭"));
        assert!(!is_site_furniture("关闭窗"));
    }

    #[test]
    fn narrow_furniture_regex_answers_as_the_full_one() {
        assert!(!FURNITURE_NARROW.as_str().contains(r"\d"));
        let digits = ['3', '１', '٣', '३', '〇', '²', 'Ⅲ', '五'];
        let shapes = [
            "— D —",
            "-D-",
            "第 D 页",
            "第D页，共DD页",
            "D/D",
            "DD / DDD",
            "共D页第D页",
            "Page D of D",
            "附件D：",
            "表D-D",
            "表三",
            "续表D",
            "（续表D）",
            "续上表",
            "共 D 页",
            "(D)",
            "DDDDD/D",
            "D",
            "第D章",
        ];
        for shape in shapes {
            for a in digits {
                for b in digits {
                    let mut n = 0;
                    let t: String = shape
                        .chars()
                        .map(|c| match c {
                            'D' => {
                                n += 1;
                                if n % 2 == 1 {
                                    a
                                } else {
                                    b
                                }
                            }
                            c => c,
                        })
                        .collect();
                    let want = FURNITURE.is_match(&t);
                    if !has_other_digit(&t) {
                        assert_eq!(FURNITURE_NARROW.is_match(&t), want, "{t:?}");
                    }
                    let first = t.chars().next().unwrap_or(' ');
                    let gated = first.is_ascii_digit() || PAGE_MARK_STARTS.contains(&first);
                    assert_eq!(is_page_furniture(&t), gated && want, "{t:?}");
                }
            }
        }
        assert!(is_page_furniture("·15·") && is_page_furniture("• 3 •"));
        assert!(!is_page_furniture("·"));
        assert!(is_page_furniture("第 3 页"));
        assert!(is_page_furniture("第 ٣ 页"));
        assert!(is_page_furniture("第１页"));
        assert!(has_other_digit("第 ٣ 页") && !has_other_digit("第１页"));
        // What its shortcut rests on.
        assert!(('\u{4000}'..='\u{9FFF}').all(|c| !c.is_numeric()));
    }

    #[test]
    fn page_furniture_digit_shortcut_keeps_pages() {
        for t in ["3/5", "12 / 40", "1/1"] {
            assert!(is_page_furniture(t), "{t}");
        }
        for t in ["35", "100%", "3-5", "2023年"] {
            assert!(!is_page_furniture(t), "{t}");
            assert!(!FURNITURE.is_match(t), "{t}");
        }
        // A page past the count is no page (`1009/6`, a percent misread).
        for t in ["1009/6", "6/5"] {
            assert!(!is_page_furniture(t), "{t}");
        }
    }

    #[test]
    fn web_addresses_and_print_stamps() {
        for (word, want) in [
            ("http://qh.gov.cn/c/88213.html", true),
            ("www.fenglin.gov.cn", true),
            ("HTTPS://X.GOV.CN/a", true),
            ("www.", false),
            ("网址", false),
            ("2024/4/9", false),
        ] {
            assert_eq!(is_web_address(word), want, "{word}");
        }
        for (line, want) in [
            (
                "2024/4/9 15:37   2024年项目支出绩效目标表-某县人民政府",
                true,
            ),
            ("2024-04-09 15:37:02 某县人民政府", true),
            ("2024/4/9 完成", false),
            ("2024年4月9日 15:37", false),
            ("产出指标 数量指标 15:30", false),
        ] {
            assert_eq!(opens_with_print_stamp(line), want, "{line}");
        }
    }

    #[test]
    fn heading_years() {
        let cases = [
            ("附件:某县2024年农村公厕管护补助资金绩效目标表", Some(2024)),
            ("某局2023年整体绩效目标申报.pdf", Some(2023)),
            ("某局整体支出绩效目标.pdf", None),
            ("2024年3月12日", None),
            // A term's years: the first, the budget year the term starts in.
            ("某县2023年至2025年绩效目标表", Some(2023)),
            ("某区2024-2026年中期财政规划项目绩效目标表", Some(2024)),
            ("某区2024—2026年度绩效目标表", Some(2024)),
            ("某县2023年和2025年绩效目标表", None),
            ("某县2023年绩效目标表(2023年)", Some(2023)),
            ("某县2023年绩效目标执行情况,2023年", None),
            // The heading of the budget disclosure the forms are printed in.
            ("某市水务局2025年部门预算公开", Some(2025)),
            ("某县教育局2025年度部门预算", Some(2025)),
            ("2025年部门预算编制工作方案", None),
            ("关于下达2025年垦区冷链设施补助资金的通知", Some(2025)),
            ("关于印发2025年工作要点的通知", None),
            ("根据《关于下达2022年资金的通知》要求,请你单位按照项目批复做好绩效目标管理工作,确保资金安全、规范、有效使用,充分发挥资金效益,按时报送绩效自评材料。", None),
        ];
        for (text, want) in cases {
            assert_eq!(heading_year(text), want, "{text}");
        }
    }

    #[test]
    fn page_furniture_table() {
        for t in [
            "— 3 —",
            "― 2―",
            "- 3 -",
            "第 2 页 共 5 页",
            "第2页",
            "3/5",
            "共5页第2页",
            "Page 2 of 5",
            "附件1",
            "附表2:",
            "表九",
            "表3-1",
            "共 3 页",
            "续表",
            "（续表2）",
            "续上表",
            "续表：",
        ] {
            assert!(is_page_furniture(t), "{t}");
        }
        for t in [
            "100%",
            "2018-2019",
            "3户",
            "附件清单很长的一段话",
            "第一批",
            "表彰人数",
            "表",
            "续表明",
            "(3)",
            "续建工程",
            "共3项",
        ] {
            assert!(!is_page_furniture(t), "{t}");
        }
        for t in ["---", ":---:", "+-----+----+", "────────", "|---|---|"] {
            assert!(is_table_rule(t), "{t}");
        }
        for t in ["-", "--", "3-5", "—"] {
            assert!(!is_table_rule(t), "{t}");
        }
    }

    #[test]
    fn approval_cell_table() {
        for (cell, want) in [
            ("财政部门支出股室初审意见 (盖章)", true),
            ("主管部门审核意见", true),
            ("财政资金管理科室(盖章) 年 月 日", true),
            ("单位负责人(签字)  年  月  日", true),
            ("申报单位名称:(盖章)", false),
            ("印章管理规范率", false),
            ("完成时间 2023年12月31日", false),
            ("签订合同数量", false),
        ] {
            assert_eq!(is_approval_cell(cell), want, "{cell}");
        }
    }

    #[test]
    fn title_table() {
        for t in [
            "绩效目标申报表",
            "2023年项目支出绩效目标申报表",
            "项目支出绩效目标表",
            "项目支出绩效目标审批表",
            "2025年度预算项目绩效目标公开表",
            "绩效目标申报表(基础设施建设类)",
            "绩效目标申报表(基础设施建设类)",
            "2020年区级项目支出绩效目标汇总表",
            "部门整体支出绩效目标申报表",
            "绩效目杯申报表",
            "绩 效 目 标 申 报 表",
            "项目支出目标申报表",
            "某某幼儿园项目支出目标申报表",
            "项目支出绩效目标调整表",
            "项目绩效目标调整申请表",
            "2026年部门整体绩效目标",
            "2025年度单位整体支出绩效目标",
            "绩效项目申报表",
            "2022年绩效项目申报表",
        ] {
            assert!(is_title(t), "{t}");
        }
        for t in [
            "四、绩效目标:",
            "绩效指标",
            "注:绩效目标申报表由主管部门填报,也可自行增加或适当调整内容。",
            "项目名称",
            "关于报送项目支出目标申报表的通知",
            "支出目标",
            // the goal's label, and a value ending in its words
            "部门整体绩效目标",
            "南岭市科技馆2025年部门整体绩效目标",
            "项目申报表",
        ] {
            assert!(!is_title(t), "{t}");
        }
    }

    #[test]
    fn metric_names_table() {
        let cases = [
            ("信息来源可靠性", true),
            ("浏览次数增长率", true),
            ("发布时间及时率", true),
            ("信息来源：县政府办", false),
            ("浏览次数 1234", false),
            ("发布时间2024-05-06", false),
            ("浏览次数", false),
        ];
        for (t, want) in cases {
            assert_eq!(names_a_metric(t), want, "{t}");
        }
    }

    #[test]
    fn year_line_table() {
        let cases = [
            ("（2019年度）", Some(2019)),
            ("(2021年)", Some(2021)),
            ("2022年度", Some(2022)),
            ("(   2023年度)", Some(2023)),
            ("(  2024  年度)", Some(2024)),
            ("（２０２０年度）", Some(2020)),
            ("(2020)年度", Some(2020)),
            ("2020", None),
            ("(2O24年度)", Some(2024)),
            ("（2Ol9年）", Some(2019)),
            ("(2〇23年度)", Some(2023)),
            ("（2024午度）", Some(2024)),
            ("午度目标", None),
            ("(OOOO年度)", None),
            ("(2OOO年度)", None),
            ("(Io年度)", None),
            ("2019年12月底前", None),
            ("年度目标", None),
        ];
        for (t, want) in cases {
            assert_eq!(year_line(t), want, "{t}");
        }
    }

    fn rows_of(text: &str) -> Vec<Row<'_>> {
        crate::layout::rows(text)
    }

    #[test]
    fn labels_one_space_from_their_values_are_split() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("项目名称 扶贫综合保险", Some(&["项目名称", "扶贫综合保险"])),
            (
                "产出指标 数量指标 新建道路 长度",
                Some(&["产出指标", "数量指标", "新建道路 长度"]),
            ),
            ("项 目 名 称 甲 乙", Some(&["项 目 名 称", "甲 乙"])),
            ("资金情况 (万元)", None),
            ("其中: 财政拨款", None),
            ("张 军 86928079", None),
            ("扶贫综合保险: 为全区", None),
        ];
        for (text, want) in cases {
            let cell = Cell {
                text,
                line: 1,
                index: 0,
                col: 0,
            };
            let got = split_labelled(&cell).map(|v| v.iter().map(|c| c.text).collect::<Vec<_>>());
            assert_eq!(got.as_deref(), *want, "{text}");
        }
    }

    #[test]
    fn modes_follow_the_rows_around() {
        let tabs = "项目名称\t甲\n为全区 建档立卡户办理保险\n年度资金总额\t3万";
        let m = modes(&rows_of(tabs));
        assert_eq!(m, [Mode::Cells, Mode::Cells, Mode::Cells]);
        let stream = "项目名称\n甲\n主管部门\n乙局\n实施单位\n丙办";
        assert!(modes(&rows_of(stream)).iter().all(|m| *m == Mode::Stream));
        let words = "项目名称 甲 项目负责人及电话 李四 13800000000\n产出指标 数量指标 新建道路长度 >=12公里";
        assert_eq!(modes(&rows_of(words)), [Mode::Words, Mode::Words]);
    }

    /// The rows one unseparated line was cut into count as that one line:
    /// three single cells of line 4 are one lone line, so the page header
    /// around them still outnumbers no row of cells.
    #[test]
    fn running_headers_count_a_cut_line_once() {
        let text = "某县财政局信息公开专栏\n项目名称\t甲\n主管部门\t乙\nX\n某县财政局信息公开专栏\n一级指标\t二级指标";
        let mut rows = rows_of(text);
        let cut: Vec<Row<'_>> = rows_of("项目名称\n南沟渠修缮\n主管部门")
            .into_iter()
            .map(|mut r| {
                r.line = 4;
                r
            })
            .collect();
        rows.splice(3..4, cut);
        let headers = running_headers(&rows);
        assert_eq!(headers.get("某县财政局信息公开专栏"), Some(&2));
        // Counted as three lines, the cut line would outnumber the rows of
        // cells and the text would read as one cell per line.
        rows[4].line = 5;
        rows[5].line = 6;
        assert!(running_headers(&rows).is_empty());
    }
}
