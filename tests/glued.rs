//! Text with no separators: the seed and a layout fixture with every white
//! space removed (tests/degraders `remove_white_space`), and the OCR-damaged
//! one-line fixture of fixtures/glued/.

mod degraders;

use jixiao::diagnostic::Code;
use jixiao::record::{Layout, Record, ValueKind};
use jixiao::Options;

const SEED: &str = include_str!("../fixtures/seed/poverty-2019.txt");

fn parse(path: &str, text: &str) -> Vec<Record> {
    jixiao::parse_bytes(path, text.as_bytes(), &Options::default()).records
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// (level1, level2, name, raw value), white space removed.
type Row = (String, String, String, String);

fn rows(r: &Record) -> Vec<Row> {
    r.indicators
        .iter()
        .map(|i| {
            (
                i.level1.clone().unwrap_or_default(),
                i.level2.clone().unwrap_or_default(),
                squeeze(i.name.as_deref().unwrap_or("")),
                squeeze(i.value.as_ref().map_or("", |v| v.raw.as_str())),
            )
        })
        .collect()
}

fn is_text(r: &Record, k: usize) -> bool {
    r.indicators[k]
        .value
        .as_ref()
        .is_none_or(|v| matches!(v.kind, ValueKind::Text { .. }) && v.date.is_none())
}

/// The glued copy gives the clean copy's forms with the same header fields;
/// every clean indicator comes out whole or is named in a `glued-name-value`
/// warning; and every indicator with a number or date whose row before it
/// also ends in one (so nothing ambiguous runs into its name) comes out whole.
fn check_glued(name: &str, clean: &[Record], glued: &[Record]) {
    assert_eq!(glued.len(), clean.len(), "{name}: forms");
    for (c, g) in clean.iter().zip(glued) {
        let form = format!("{name} form {}", c.source.form_index);
        assert_eq!(g.source.layout, Layout::Flat, "{form}");
        assert_eq!(g.year, c.year, "{form}");
        assert_eq!(g.project_name, c.project_name, "{form}");
        assert_eq!(g.department, c.department, "{form}");
        assert_eq!(
            g.implementers
                .as_ref()
                .map(|v| v.iter().map(|s| squeeze(s)).collect::<Vec<_>>()),
            c.implementers
                .as_ref()
                .map(|v| v.iter().map(|s| squeeze(s)).collect::<Vec<_>>()),
            "{form}"
        );
        assert_eq!(
            g.leader.as_ref().and_then(|l| l.phone.clone()),
            c.leader.as_ref().and_then(|l| l.phone.clone()),
            "{form}"
        );
        let raw = |r: &Record| r.funding.total.as_ref().map(|v| squeeze(&v.raw));
        assert_eq!(raw(g), raw(c), "{form}");
        assert_eq!(
            g.goals.annual.as_deref().map(squeeze),
            c.goals.annual.as_deref().map(squeeze),
            "{form}"
        );
        assert_eq!(
            g.note.as_deref().map(squeeze),
            c.note.as_deref().map(squeeze),
            "{form}"
        );
        let got = rows(g);
        let warned: Vec<&str> = g
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::GluedUnsplit)
            .map(|d| d.message.as_str())
            .collect();
        for (k, want) in rows(c).iter().enumerate() {
            let whole = got.contains(want);
            let named = warned.iter().any(|m| m.contains(want.2.as_str()));
            assert!(
                whole || named,
                "{form}: {want:?} neither read whole nor named in a warning; got {got:?}"
            );
            let separable = !is_text(c, k) && (k == 0 || !is_text(c, k - 1));
            if separable {
                assert!(
                    whole,
                    "{form}: {want:?} is separable but came out as {got:?}"
                );
            }
        }
        if !warned.is_empty() {
            assert!(g.needs_review, "{form}: warned but not flagged");
        }
    }
}

#[test]
fn seed_on_one_line_gives_its_four_forms() {
    let clean = parse("seed.txt", SEED);
    let glued = parse("seed.txt", &degraders::remove_white_space(SEED, false));
    assert_eq!(clean.len(), 4);
    check_glued("seed on one line", &clean, &glued);
}

#[test]
fn seed_with_a_row_per_line_gives_its_four_forms() {
    let clean = parse("seed.txt", SEED);
    let glued = parse("seed.txt", &degraders::remove_white_space(SEED, true));
    check_glued("seed a row per line", &clean, &glued);
    // The line numbers are the clean text's: the lines are still there.
    for (c, g) in clean.iter().zip(&glued) {
        let lines = |r: &Record| r.indicators.iter().map(|i| i.line).collect::<Vec<_>>();
        let want = lines(c);
        assert!(!lines(g).is_empty());
        assert!(lines(g).iter().all(|l| want.contains(l)), "{:?}", lines(g));
    }
}

#[test]
fn a_flat_layout_fixture_without_spaces_gives_its_forms() {
    let text = include_str!("../fixtures/layouts/flat-two-forms.txt");
    let clean = parse("flat.txt", text);
    let glued = parse("flat.txt", &degraders::remove_white_space(text, false));
    assert_eq!(clean.len(), 2);
    check_glued("flat-two-forms without spaces", &clean, &glued);
}

#[test]
fn damaged_one_line_forms_are_flagged_for_what_is_wrong() {
    let text = include_str!("../fixtures/glued/two-forms-one-line.txt");
    let records = parse("fixtures/glued/two-forms-one-line.txt", text);
    let names: Vec<Option<&str>> = records.iter().map(|r| r.project_name.as_deref()).collect();
    assert_eq!(names, [Some("乡村水利设施维护"), Some("南坪社区道路硬化")]);
    // A verdict glued to its name is split off; one in the middle is not.
    let first = &records[0];
    assert!(first
        .indicators
        .iter()
        .any(|i| i.name.as_deref() == Some("对生态影响")
            && i.value.as_ref().is_some_and(|v| v.raw == "较小")));
    let second = &records[1];
    let unsplit: Vec<&str> = second
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::GluedUnsplit)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unsplit.len(), 1, "{unsplit:?}");
    assert!(unsplit[0].ends_with("通行条件明显改善出行便利程度方便群众出行"));
    assert!(second.review_reasons.contains(&Code::GluedUnsplit));
    // The second 项目名称 (of the 二级项目) is in the first form, not a form of its own.
    assert!(first.review_reasons.contains(&Code::FieldConflict));
}

#[test]
fn tabbed_and_spaced_texts_are_not_touched() {
    // The seed as it is reads with its tabs: no glued line, no flat layout.
    for r in parse("seed.txt", SEED) {
        assert_eq!(r.source.layout, Layout::Tabs);
    }
    let split = jixiao::glued::split(jixiao::layout::rows(SEED));
    assert!(split.lines.is_empty());
}

#[test]
fn hostile_glued_lines_never_panic() {
    let unit = degraders::remove_white_space(SEED, false);
    let cases = [
        "项目名称".repeat(2000),
        "产出指标数量指标".repeat(500) + &"≥".repeat(3000),
        "绩效目标申报表".repeat(300),
        "项目名称甲主管部门乙".to_owned() + &"1".repeat(5000),
        unit.chars().rev().collect::<String>(),
        unit.chars().step_by(2).collect::<String>(),
        "注:".repeat(1000) + "项目名称甲主管部门乙",
        "项目负贵人及电话负贵人及电话(((((((".repeat(200),
    ];
    for text in &cases {
        let _ = parse("hostile.txt", text);
    }
    // Every cut of the one-line seed on a character boundary.
    let chars: Vec<(usize, char)> = unit.char_indices().collect();
    for &(i, _) in chars.iter().step_by(7) {
        let _ = parse("cut.txt", &unit[..i]);
        let _ = parse("cut.txt", &unit[i..]);
    }
}
