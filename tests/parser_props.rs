//! Properties of the whole parser: it never panics, and no non-blank line of
//! any input is silently dropped.

use jixiao::grammar::LineUse;
use jixiao::{layout, Options};
use proptest::prelude::*;

const SEED: &str = include_str!("../fixtures/seed/poverty-2019.txt");

/// Words the grammar reacts to: labels, titles, year lines, values, furniture.
const WORDS: &[&str] = &[
    "绩效目标申报表",
    "（2019年度）",
    "(2019年)",
    "项目名称",
    "项 目 名 称",
    "项目负责人及电话",
    "项目负贵人及电话",
    "主管部门",
    "实施单位",
    "部门名称",
    "资金情况 (万元)",
    "年度资金总额:",
    "其中: 财政拨款",
    "其他资金",
    "总体目标",
    "年度目标",
    "中期目标",
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "产出指标",
    "数量指标",
    "效益指标",
    "满意度指标",
    "注:",
    "注",
    "≥340户",
    "100%",
    "１００％",
    "2018-2019期间",
    "6.7万元",
    "— 3 —",
    "第 2 页 共 5 页",
    "3/5",
    "2019年区级项目绩效目标汇编",
    "、",
    ";",
    ":",
    "：",
    "(",
    "）",
];

/// Pieces of text: seed lines, label words, separators and arbitrary characters.
fn piece() -> impl Strategy<Value = String> {
    let lines: Vec<String> = SEED.lines().map(str::to_owned).collect();
    prop_oneof![
        3 => proptest::sample::select(lines),
        3 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        2 => Just("\t".to_owned()),
        1 => Just("\t\t".to_owned()),
        1 => Just("  ".to_owned()),
        1 => Just(" ".to_owned()),
        2 => Just("\n".to_owned()),
        1 => Just("\r\n".to_owned()),
        1 => Just("\r".to_owned()),
        1 => Just("\u{C}".to_owned()),
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{1,12}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
}

/// Whether every non-blank line is used, and every diagnosed or skipped line is named in a diagnostic.
fn check_accounted(text: &str) -> Result<(), TestCaseError> {
    // The rows parse_text reads: glued lines already split into cells.
    let rows = jixiao::glued::split(layout::rows(text)).rows;
    let doc = jixiao::regions::read(&rows);
    let report = jixiao::parse_text("props.txt", text, "UTF-8");
    let named: Vec<usize> = report
        .diagnostics
        .iter()
        .chain(doc.stray.iter())
        .chain(report.records.iter().flat_map(|r| r.diagnostics.iter()))
        .filter_map(|d| d.line)
        .collect();
    for row in &rows {
        if row.is_blank() {
            continue;
        }
        let used = doc.line_use.get(row.line - 1).copied().flatten();
        prop_assert!(
            used.is_some(),
            "line {} ({:?}) has no use",
            row.line,
            row.text
        );
        if matches!(used, Some(LineUse::Diagnosed | LineUse::Furniture)) {
            prop_assert!(
                named.contains(&row.line),
                "line {} ({:?}) is {:?} but no diagnostic names it",
                row.line,
                row.text,
                used
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any bytes parse to a report without panicking.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let report = jixiao::parse_bytes("props.txt", &bytes, &Options::default());
        prop_assert_eq!(report.bytes, bytes.len());
    }

    /// Text built from form vocabulary never panics, whatever the encoding claimed.
    #[test]
    fn form_like_text_never_panics(s in text()) {
        let _ = jixiao::parse_text("props.txt", &s, "UTF-8");
        let _ = jixiao::parse_bytes("props.txt", s.as_bytes(), &Options::default());
        let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let _ = jixiao::parse_bytes("props.txt", &utf16, &Options::default());
    }

    /// Every non-blank line of form-like text is accounted for.
    #[test]
    fn every_line_is_accounted_for(s in text()) {
        check_accounted(&s)?;
    }

    /// The same holds for the seed with random lines deleted, duplicated or swapped.
    #[test]
    fn every_line_of_a_shuffled_seed_is_accounted_for(
        edits in proptest::collection::vec((0usize..102, 0usize..102, 0u8..3), 0..12),
    ) {
        let mut lines: Vec<&str> = SEED.lines().collect();
        for (a, b, op) in edits {
            let (a, b) = (a % lines.len().max(1), b % lines.len().max(1));
            if lines.is_empty() {
                break;
            }
            match op {
                0 => { lines.remove(a); }
                1 => { let l = lines[a]; lines.insert(b, l); }
                _ => lines.swap(a, b),
            }
        }
        check_accounted(&lines.join("\n"))?;
    }
}
