//! Forms written in traditional characters (Big5 archives, mirrors that
//! republish mainland pages in 繁體, sometimes with the pinyin of a page's
//! ruby annotations left after each character: `績效目標(biāo)表`).
//!
//! The parser knows one vocabulary, in simplified characters. Rather than
//! spell every label twice, a traditional text is read through a folded copy:
//! each character mapped to its simplified form one for one (so lines and
//! cells keep their shape) and the ruby pinyin dropped. The record then gives
//! its free text as the source wrote it, by mapping each simplified character
//! back to what this text wrote for it ([`Folded::restore`]); names from the
//! vocabulary (levels, column headers, units) stay in the simplified form
//! every import sees.

use crate::record::{Record, Value};
use crate::FileReport;
use std::collections::HashMap;

/// Characters nearly every traditional form holds (指標, 目標, 項目) and no
/// simplified text uses: a text without one of them is not folded, which
/// keeps the check off the hot path of ordinary files.
const MARKERS: [char; 2] = ['標', '項'];

/// The text the parser reads for `text` when it holds traditional characters
/// or ruby pinyin: each character folded to its simplified form one for one,
/// the pinyin dropped, lines kept. None when nothing would change (nearly
/// every text). Folding depends on each character and its neighbours only,
/// so a text read in pieces folds as it does whole.
// fixture: fixtures/script/traditional.txt, fixtures/script/ruby-pinyin.txt
pub fn fold(text: &str) -> Option<String> {
    if !MARKERS.iter().any(|&m| text.contains(m)) {
        return None;
    }
    let plain = strip_pinyin(text);
    let folded = fast2s::convert(&plain);
    // The conversion maps three-byte characters to three-byte characters;
    // anything else would move the cells, so such text is read as it is.
    (folded.len() == plain.len() && folded != text).then_some(folded)
}

/// `text` without the ruby pinyin after its characters.
fn strip_pinyin(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        plain.push(c);
        rest = &rest[c.len_utf8()..];
        if let Some(len) = crate::normalize::is_cjk(c)
            .then(|| annotation(rest))
            .flatten()
        {
            rest = &rest[len..];
        }
    }
    plain
}

/// The length of ruby pinyin at the start of `rest`: `(biāo)`, letters with
/// at least one tone mark between ASCII brackets.
fn annotation(rest: &str) -> Option<usize> {
    const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
    let inner = rest.strip_prefix('(')?;
    let end = inner.find(')')?;
    let syllable = &inner[..end];
    let letters = syllable.chars().count();
    let pinyin = (1..=6).contains(&letters)
        && syllable
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == 'ü' || TONED.contains(c))
        && syllable.chars().any(|c| TONED.contains(c));
    pinyin.then_some(end + 2)
}

/// Gives the records of `report`, parsed from the folding of `original`
/// (whose first line is line `first_line` of the file), their free text back
/// as the source wrote it: titles, names, goals, values as written, notes and
/// the text of extra columns. Levels, column headers, units and funding
/// labels stay simplified (they are the vocabulary's names), and so do
/// diagnostics, which quote the text as it was read. Each record's
/// characters come back as its own lines wrote them.
pub fn restore(report: &mut FileReport, original: &str, first_line: usize) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(original.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for r in &mut report.records {
        let line = |n: usize| {
            n.checked_sub(first_line)
                .and_then(|k| starts.get(k))
                .copied()
        };
        let from = line(r.source.line_start).unwrap_or(0);
        let to = line(r.source.line_end + 1).unwrap_or(original.len());
        if let Some(lines) = original.get(from..to.max(from)) {
            Back::of(lines).record(r);
        }
    }
}

/// For each simplified character, what a stretch of the source wrote where
/// it stood most often (a traditional character, with its pinyin if any).
struct Back(HashMap<char, String>);

impl Back {
    fn of(original: &str) -> Back {
        let folded = fast2s::convert(&strip_pinyin(original));
        let mut seen: HashMap<char, HashMap<&str, usize>> = HashMap::new();
        let mut rest = original;
        for f in folded.chars() {
            let Some(c) = rest.chars().next() else { break };
            let mut len = c.len_utf8();
            if let Some(n) = crate::normalize::is_cjk(c)
                .then(|| annotation(&rest[len..]))
                .flatten()
            {
                len += n;
            }
            if crate::normalize::is_cjk(c) {
                *seen.entry(f).or_default().entry(&rest[..len]).or_default() += 1;
            }
            rest = &rest[len..];
        }
        let back = seen
            .into_iter()
            .filter_map(|(f, wrote)| {
                let (most, _) = wrote
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))?;
                (most.chars().ne(std::iter::once(f))).then(|| (f, most.to_owned()))
            })
            .collect();
        Back(back)
    }

    fn record(&self, r: &mut Record) {
        if self.0.is_empty() {
            return;
        }
        let s = |t: &mut Option<String>| {
            if let Some(t) = t {
                self.text(t);
            }
        };
        s(&mut r.title);
        s(&mut r.project_name);
        s(&mut r.department);
        if let Some(leader) = &mut r.leader {
            s(&mut leader.name);
        }
        for i in r.implementers.iter_mut().flatten() {
            self.text(i);
        }
        for v in [
            &mut r.funding.total,
            &mut r.funding.fiscal,
            &mut r.funding.other,
        ]
        .into_iter()
        .flatten()
        {
            self.value(v);
        }
        for item in &mut r.funding.items {
            self.value(&mut item.amount);
        }
        s(&mut r.goals.annual);
        s(&mut r.goals.long_term);
        for i in &mut r.indicators {
            s(&mut i.name);
            if let Some(v) = &mut i.value {
                self.value(v);
            }
            i.extra.values_mut().for_each(|t| self.text(t));
        }
        r.extra.values_mut().for_each(|t| self.text(t));
        s(&mut r.note);
    }

    fn value(&self, v: &mut Value) {
        self.text(&mut v.raw);
    }

    /// Maps each character of `t` back to what the source wrote for it.
    fn text(&self, t: &mut String) {
        if !t.chars().any(|c| self.0.contains_key(&c)) {
            return;
        }
        let mut out = String::with_capacity(t.len() + t.len() / 2);
        for c in t.chars() {
            match self.0.get(&c) {
                Some(wrote) => out.push_str(wrote),
                None => out.push(c),
            }
        }
        *t = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotation_table() {
        for (rest, want) in [
            ("(biāo)表", Some(7)),
            ("(qū)價", Some(5)),
            ("(zhǔn)", Some(7)),
            ("(萬元)", None),
            ("(a)", None),
            ("(de)", None),
            ("(單位)", None),
            ("biāo)", None),
            ("(biāo", None),
        ] {
            assert_eq!(annotation(rest), want, "{rest}");
        }
    }

    #[test]
    fn text_without_traditional_characters_is_not_folded() {
        let text = "2024年项目支出绩效目标申报表\n项目名称\t标准件厂技术改造补助\n";
        assert!(fold(text).is_none());
    }

    #[test]
    fn a_simplified_text_quoting_a_traditional_name_keeps_its_own_characters() {
        let text = "2024年项目支出绩效目标申报表\n项目名称\t标准件厂技术改造补助\n\
                    年度目标\t支持標準件廠完成生产线改造。\n\
                    一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t改造生产线数量\t2条\n";
        let folded = fold(text).expect("the quoted name folds");
        assert!(folded.contains("支持标准件厂完成"));
        let back = Back::of(text);
        let mut name = "标准件厂技术改造补助".to_owned();
        back.text(&mut name);
        assert_eq!(name, "标准件厂技术改造补助");
    }

    #[test]
    fn traditional_text_folds_one_for_one_and_comes_back() {
        let text = "績效目標申報表\n項目名稱\t鄉村道路維護\n一級指標\t產出指標\n";
        let folded = fold(text).expect("traditional text folds");
        assert_eq!(
            folded,
            "绩效目标申报表\n项目名称\t乡村道路维护\n一级指标\t产出指标\n"
        );
        let mut name = "乡村道路维护".to_owned();
        Back::of(text).text(&mut name);
        assert_eq!(name, "鄉村道路維護");
    }

    #[test]
    fn ruby_pinyin_is_dropped_and_given_back() {
        let text = "績效目標(biāo)表\n指標(biāo)\t縣區(qū)道路\n目標(biāo)\n";
        let folded = fold(text).expect("annotated text folds");
        assert_eq!(folded, "绩效目标表\n指标\t县区道路\n目标\n");
        let mut name = "县区道路".to_owned();
        Back::of(text).text(&mut name);
        assert_eq!(name, "縣區(qū)道路");
    }
}
