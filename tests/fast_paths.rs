//! The shortcuts taken for speed give the answers of the full rules they skip:
//! `layout::width` against `unicode_width`, and `labels::match_label` (which
//! remembers short cells) against itself on fresh text, cell by cell, over
//! every fixture and over cells made to collide in its table; and
//! `substr::has` (a short cell's bytes tested before comparing) against
//! `str::contains`.

use std::path::Path;

use jixiao::labels::match_label;
use jixiao::layout::{self, width};
use unicode_width::UnicodeWidthStr;

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[(self.next() as usize) % from.len()]
    }
}

#[test]
fn width_is_unicode_width_for_every_character() {
    for n in 0..=0x2_FFFFu32 {
        let Some(c) = char::from_u32(n) else { continue };
        let s = c.to_string();
        assert_eq!(width(&s), s.width(), "U+{n:04X}");
    }
}

#[test]
fn width_is_unicode_width_in_context() {
    // The characters of the fast path (ASCII, tabs, ideographs, CJK punctuation,
    // full-width forms, ≤ ≥) next to characters whose
    // width depends on their neighbours: combining marks, variation
    // selectors, joiners, emoji, controls, full-width forms.
    let alphabet = [
        'a',
        'Z',
        '1',
        ' ',
        '~',
        '(',
        '项',
        '目',
        '一',
        '龥',
        '\u{4E00}',
        '\u{9FFF}',
        '\t',
        '\r',
        '\n',
        '\u{0}',
        '\u{7F}',
        '\u{300}',
        '\u{338}',
        '\u{FE0E}',
        '\u{FE0F}',
        '\u{200D}',
        '\u{20E3}',
        '\u{1F600}',
        '\u{1F3FB}',
        '\u{2764}',
        '#',
        '*',
        '\u{3000}',
        '（',
        '：',
        '\u{FF10}',
        '\u{A4FC}',
        '\u{A4F8}',
        '\u{644}',
        '\u{627}',
        '\u{5D0}',
        '\u{17D2}',
        '\u{1A17}',
        '\u{2D7F}',
        '\u{10A3F}',
        'é',
        'Ω',
        '\u{AD}',
        '\u{1100}',
        '\u{1160}',
        '\u{11A8}',
        '≥',
        '≤',
        '—',
        '‘',
        '’',
        '“',
        '”',
        '、',
        '。',
        '《',
        '】',
        '！',
        '～',
        '\u{FF60}',
        '\u{FF61}',
        '\u{3004}',
        '\u{3007}',
        '\u{3012}',
        '\u{2266}',
    ];
    let mut g = Lcg(0x5eed);
    for _ in 0..200_000 {
        let len = 1 + (g.next() as usize) % 8;
        let s: String = (0..len).map(|_| g.pick(&alphabet)).collect();
        assert_eq!(width(&s), s.width(), "{s:?}");
    }
}

/// Every cell of every fixture text.
fn fixture_cells() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "txt") {
                if let Ok(text) = std::fs::read_to_string(&p) {
                    for row in layout::rows(&text) {
                        out.extend(row.filled().map(|c| c.text.to_owned()));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut out,
    );
    out
}

/// A match as offsets into its cell, so answers for copies of a cell compare.
type Piece = Result<(usize, usize), String>;

fn placed(cell: &str) -> Option<(String, &'static str, Option<Piece>, Piece, bool)> {
    // A piece inside the cell by its place, any other (a constant) by its text.
    let at = |part: &str| {
        let start = (part.as_ptr() as usize).wrapping_sub(cell.as_ptr() as usize);
        if start
            .checked_add(part.len())
            .is_some_and(|end| end <= cell.len())
        {
            Ok((start, part.len()))
        } else {
            Err(part.to_owned())
        }
    };
    match_label(cell).map(|m| {
        (
            format!("{:?}", m.label),
            m.spelling,
            m.annotation.map(at),
            at(m.rest),
            m.fuzzy,
        )
    })
}

#[test]
fn remembered_labels_are_the_labels_found() {
    let mut seen = std::collections::HashSet::new();
    let cells: Vec<String> = fixture_cells()
        .into_iter()
        .filter(|c| seen.insert(c.clone()))
        .collect();
    assert!(cells.len() > 1000, "{} cells", cells.len());
    // On a fresh thread each text is asked once, so each answer is computed; copies of
    // the text asked later (in other buffers, after other cells may have
    // taken its slot) must get the same answer placed in their own text.
    let first: Vec<_> = std::thread::spawn({
        let cells = cells.clone();
        move || cells.iter().map(|c| placed(c)).collect::<Vec<_>>()
    })
    .join()
    .expect("thread");
    assert!(first.iter().filter(|m| m.is_some()).count() > 100);
    std::thread::spawn(move || {
        for round in 0..3 {
            for (c, want) in cells.iter().zip(&first) {
                let copy = c.to_string();
                assert_eq!(&placed(&copy), want, "{c:?} (round {round})");
                // A label cell inside a longer text (a different key) is not confused with it.
                let longer = format!("{c}x");
                let _ = placed(&longer);
            }
        }
    })
    .join()
    .expect("thread");
}

#[test]
fn remembered_labels_survive_collisions() {
    // Many distinct short cells, labels and not, asked twice in rounds: every
    // slot of the table is overwritten many times over.
    let heads = [
        "项目名称",
        "主管部门",
        "年度目标",
        "数量指标",
        "注",
        "其中",
        "实施单位",
    ];
    let tails = ["", ":", "：", "(万元)", "：甲乙", " ", "x", "（说明）"];
    let mut cells = Vec::new();
    // Each text once (the first thread must compute every answer).
    for i in 0..(heads.len() * tails.len()) {
        let h = heads[i % heads.len()];
        let t = tails[(i / heads.len()) % tails.len()];
        cells.push(format!("{h}{t}"));
    }
    cells.extend((0..3000).map(|i| format!("值{i}")));
    let first: Vec<_> = std::thread::spawn({
        let cells = cells.clone();
        move || cells.iter().map(|c| placed(c)).collect::<Vec<_>>()
    })
    .join()
    .expect("thread");
    for (c, want) in cells.iter().zip(&first) {
        assert_eq!(&placed(&c.clone()), want, "{c:?}");
        assert_eq!(&placed(c), want, "{c:?}");
    }
}

/// Cells of a line split on runs of two or more spaces or an ideographic
/// space, walking its characters: what `layout::split_row` gives for a line
/// without tabs or pipes.
fn spaced_cells(line: &str) -> Vec<&str> {
    let trim = layout::trim_cell;
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = line.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c != ' ' && c != '\u{3000}' {
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut run = 1;
        while let Some(&(j, n)) = it.peek() {
            if n != ' ' && n != '\u{3000}' {
                break;
            }
            end = j + n.len_utf8();
            run += 1;
            it.next();
        }
        if run >= 2 || c == '\u{3000}' {
            if !trim(&line[start..i]).is_empty() {
                out.push(trim(&line[start..i]));
            }
            start = end;
        }
    }
    if !trim(&line[start..]).is_empty() {
        out.push(trim(&line[start..]));
    }
    out
}

#[test]
fn spaced_rows_split_as_walking_their_characters() {
    // U+3001 、 and U+3042 あ share the ideographic space's first byte (E3).
    let alphabet = [
        " ", " ", "  ", "\u{3000}", "、", "\u{3042}", "\u{3080}", "项目", "名称", "a", "1", "。",
        "（", "）", "\u{E380}", "\u{0380}",
    ];
    let mut g = Lcg(0x51de);
    for _ in 0..100_000 {
        let len = 1 + (g.next() as usize) % 10;
        let line: String = (0..len).map(|_| g.pick(&alphabet)).collect();
        if line.contains('年') {
            continue;
        }
        let row = layout::split_row(1, &line);
        let got: Vec<&str> = row.filled().map(|c| c.text).collect();
        assert_eq!(got, spaced_cells(&line), "{line:?}");
    }
}

/// `substr::has` and `has_char` (which test a short cell's bytes before
/// comparing) answer as `str::contains` for every fixture cell, its pieces and
/// random strings, with the words and characters the parser looks for and
/// with pieces of the cells themselves.
#[test]
fn short_substring_tests_answer_as_contains() {
    use jixiao::substr::{has, has_any, has_char};
    let words = [
        "绩效",
        "目标",
        "绩效年度表",
        "满意度",
        "数量",
        "成本",
        "时效",
        "盖章",
        "自评表",
        "评价报告",
        "增长率",
        "年 月",
        "%",
        "ab",
        "",
    ];
    let chars = [
        '绩', '表', '意', '见', '评', '年', '率', 'a', '%', ' ', '≥', '😀',
    ];
    let cells = fixture_cells();
    let mut rng = Lcg(19);
    let alphabet = ['绩', '效', '表', '年', '度', 'a', 'b', ' ', '%', '😀', '率'];
    let random: Vec<String> = (0..20_000)
        .map(|_| {
            let n = (rng.next() % 24) as usize;
            (0..n).map(|_| rng.pick(&alphabet)).collect()
        })
        .collect();
    for hay in cells.iter().chain(&random) {
        for w in words {
            assert_eq!(has(hay, w), hay.contains(w), "{hay:?} {w:?}");
        }
        assert_eq!(
            has_any(hay, &words[..4]),
            words[..4].iter().any(|w| hay.contains(w))
        );
        for c in chars {
            assert_eq!(has_char(hay, c), hay.contains(c), "{hay:?} {c:?}");
        }
        // Pieces of the cell itself: found at the start, the end and inside.
        let ends: Vec<usize> = hay
            .char_indices()
            .map(|(i, _)| i)
            .chain([hay.len()])
            .collect();
        for (k, &a) in ends.iter().enumerate().step_by(3) {
            for &b in ends[k..].iter().take(6) {
                assert!(has(hay, &hay[a..b]), "{hay:?} {a}..{b}");
                for other in random.iter().take(3) {
                    let w = format!("{}{other}", &hay[a..b]);
                    assert_eq!(has(hay, &w), hay.contains(w.as_str()), "{hay:?} {w:?}");
                }
            }
        }
    }
}

/// `segment::is_table_rule` dismisses a cell by its first character before
/// counting it: the answers are the full rule's (three characters or more,
/// every one a rule character) for every character three times over, and for
/// rules with another character put first.
#[test]
fn table_rules_are_dismissed_by_their_first_character_as_by_the_full_rule() {
    use jixiao::segment::is_table_rule;
    const RULE: &str = "-—─━═=+|:_ ┼┬┴├┤┌┐└┘│";
    let full = |t: &str| t.chars().count() >= 3 && t.chars().all(|c| RULE.contains(c));
    for n in 0..=0x2_FFFFu32 {
        let Some(c) = char::from_u32(n) else { continue };
        for t in [c.to_string().repeat(3), format!("{c}---"), format!("{c}")] {
            assert_eq!(is_table_rule(&t), full(&t), "U+{n:04X} in {t:?}");
        }
    }
    for t in ["", "--", "|---|---|", "+----+", "────", "—— 绩效", " : "] {
        assert_eq!(is_table_rule(t), full(t), "{t:?}");
    }
}
