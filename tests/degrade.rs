//! Every degraded copy of the seed (other encodings, spaces for tabs, page
//! furniture, wrapped cells, truncation, …) parses to the seed's records.
//!
//! Each degradation and each of 50 fixed random combinations is its own test,
//! so the list of failures says which damage the parser does not yet survive.

mod common;
mod degraders;

use degraders::{Cut, Degradation, Degraded, Rng};
use jixiao::{compare::compare, FileReport, Options};
use serde_json::Value;

const PATH: &str = "fixtures/seed/poverty-2019.txt";
const SEED: &str = include_str!("../fixtures/seed/poverty-2019.txt");
const EXPECTED: &str = include_str!("../fixtures/seed/poverty-2019.expected.json");

/// Keys that may differ between a degraded copy and the clean seed.
const IGNORE: &[&str] = &[
    "raw",
    "line",
    "line_start",
    "line_end",
    "diagnostics",
    "needs_review",
    "review_reasons",
    "encoding",
    "layout",
];

/// The seed used for every single degradation.
const SINGLE_SEED: u64 = 2019;

fn expected() -> Value {
    serde_json::from_str(EXPECTED).expect("the expected file is JSON")
}

fn ignore() -> Vec<String> {
    IGNORE.iter().map(|s| (*s).to_owned()).collect()
}

fn parse(bytes: &[u8]) -> FileReport {
    jixiao::parse_bytes(PATH, bytes, &Options::default())
}

/// Every diagnostic line of a report, from its records and the file itself.
fn diagnostic_lines(report: &FileReport) -> Vec<usize> {
    report
        .diagnostics
        .iter()
        .chain(report.records.iter().flat_map(|r| r.diagnostics.iter()))
        .filter_map(|d| d.line)
        .collect()
}

/// The differences between `expected` and the report's records, one line each.
fn differences(expected: &Value, report: &FileReport) -> Vec<String> {
    let actual = serde_json::to_value(&report.records).expect("records serialise");
    compare(expected, &actual, &ignore())
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Panics with `name` and the first problem on the first line, the rest below.
fn report_problems(name: &str, problems: &[String]) {
    if let Some((first, rest)) = problems.split_first() {
        let more: Vec<&String> = rest.iter().take(15).collect();
        panic!(
            "{name}: {first}\n{} problem(s) in all:\n{}",
            problems.len(),
            more.iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// Parses a degraded copy and checks records, encoding and that inserted lines are named.
fn check(d: &Degraded) {
    let mut expected = expected();
    for &form in &d.sample.untitled {
        // A form printed without its title has no title to report.
        expected[form]["title"] = Value::Null;
    }
    let report = parse(&d.bytes);
    let mut problems = Vec::new();
    if report.encoding != d.encoding {
        problems.push(format!(
            "encoding: expected {}, got {:?}",
            d.encoding, report.encoding
        ));
    }
    for r in &report.records {
        if r.source.encoding != d.encoding {
            problems.push(format!(
                "form {} source.encoding: expected {}, got {:?}",
                r.source.form_index, d.encoding, r.source.encoding
            ));
            break;
        }
    }
    let diffs = differences(&expected, &report);
    if !diffs.is_empty() {
        problems.push(format!(
            "{} difference(s), first: {}",
            diffs.len(),
            diffs[0]
        ));
        problems.extend(diffs.into_iter().skip(1));
    }
    let actual = serde_json::to_value(&report.records).expect("records serialise");
    let violations = common::schema_errors(&actual);
    if !violations.is_empty() {
        problems.push(format!("schema: {}", violations.join("; ")));
    }
    let named = diagnostic_lines(&report);
    for (line, text) in d.sample.inserted_lines(&d.sample.text) {
        if !named.contains(&line) {
            problems.push(format!(
                "inserted line {line} {text:?} is named in no diagnostic"
            ));
        }
    }
    report_problems(&d.name, &problems);
}

fn run_single(name: &str) {
    let d = degraders::apply(SEED, &[degraders::by_name(name)], SINGLE_SEED);
    check(&d);
}

fn run_combination(n: u64) {
    let ds: Vec<Degradation> = degraders::combination(n);
    let d = degraders::apply(SEED, &ds, 0x5EED_0000 + n);
    let d = Degraded {
        name: format!("combination {n} ({})", d.name),
        ..d
    };
    check(&d);
}

#[test]
fn clean_seed_parses_to_the_expected_records() {
    let report = parse(SEED.as_bytes());
    let mut problems = differences(&expected(), &report);
    if report.encoding != "UTF-8" {
        problems.insert(0, format!("encoding {:?}", report.encoding));
    }
    report_problems("clean", &problems);
}

macro_rules! single {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run_single(stringify!($name));
            }
        )*
        /// The names the macro made a test for.
        const SINGLE_TESTS: &[&str] = &[$(stringify!($name)),*];
    };
}

single!(
    utf8_bom,
    utf16le_bom,
    utf16be_bom,
    utf16le_no_bom,
    gb18030,
    crlf,
    lone_cr,
    trailing_whitespace,
    control_chars,
    form_feeds,
    tabs_to_spaces,
    tabs_to_spaces_some_lines,
    fullwidth_punctuation,
    label_inner_spaces,
    spaced_labels_space_runs,
    spaced_labels_single_spaces,
    spaced_labels_mixed_spaces,
    spaced_values_space_runs,
    wrap_goal,
    wrap_indicator_name,
    wrap_list_value,
    page_furniture,
    running_header,
    ocr_label_confusion,
    title_ocr,
    name_value_one_space,
    label_value_one_space,
    tabs_to_pipes,
    blank_lines_between_forms_removed,
    title_removed,
);

#[test]
fn every_degradation_has_a_test() {
    for d in degraders::ALL {
        assert!(SINGLE_TESTS.contains(&d.name), "no test for {}", d.name);
    }
}

macro_rules! combinations {
    ($($name:ident = $n:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run_combination($n);
            }
        )*
    };
}

combinations!(
    combination_00 = 0,
    combination_01 = 1,
    combination_02 = 2,
    combination_03 = 3,
    combination_04 = 4,
    combination_05 = 5,
    combination_06 = 6,
    combination_07 = 7,
    combination_08 = 8,
    combination_09 = 9,
    combination_10 = 10,
    combination_11 = 11,
    combination_12 = 12,
    combination_13 = 13,
    combination_14 = 14,
    combination_15 = 15,
    combination_16 = 16,
    combination_17 = 17,
    combination_18 = 18,
    combination_19 = 19,
    combination_20 = 20,
    combination_21 = 21,
    combination_22 = 22,
    combination_23 = 23,
    combination_24 = 24,
    combination_25 = 25,
    combination_26 = 26,
    combination_27 = 27,
    combination_28 = 28,
    combination_29 = 29,
    // From here on each combination holds spaced values (FIRST_WIDE).
    combination_30 = 30,
    combination_31 = 31,
    combination_32 = 32,
    combination_33 = 33,
    combination_34 = 34,
    combination_35 = 35,
    combination_36 = 36,
    combination_37 = 37,
    combination_38 = 38,
    combination_39 = 39,
    combination_40 = 40,
    combination_41 = 41,
    combination_42 = 42,
    combination_43 = 43,
    combination_44 = 44,
    combination_45 = 45,
    combination_46 = 46,
    combination_47 = 47,
    combination_48 = 48,
    combination_49 = 49,
);

// ---- truncation ----

/// Where a field of a seed form sits, as lines after the form's title.
const FIELD_LINES: &[(usize, &str)] = &[
    (0, "/title"),
    (2, "/year"),
    (4, "/project_name"),
    (4, "/leader"),
    (5, "/department"),
    (5, "/implementers"),
    (6, "/funding/total"),
    (7, "/funding/fiscal"),
    (8, "/funding/other"),
    (10, "/goals/annual"),
];

/// Lines after the title of the 绩效指标 header row.
const TABLE_OFFSET: usize = 11;

fn line_of(v: &Value, key: &str) -> usize {
    v["source"][key].as_u64().expect("a line number") as usize
}

fn set(v: &mut Value, pointer: &str, new: Value) {
    if let Some(slot) = v.pointer_mut(pointer) {
        *slot = new;
    }
}

/// Checks a truncated copy: whole forms as in the clean seed; the cut form
/// keeps what precedes the cut and says when its table is missing.
fn check_truncated(name: &str, text: &str, cut: Cut) {
    let clean = expected();
    let report = parse(text.as_bytes());
    let actual = serde_json::to_value(&report.records).expect("records serialise");
    let last_full = cut.full_lines;
    let mut want: Vec<Value> = Vec::new();
    let mut problems = Vec::new();
    for form in clean.as_array().expect("an array") {
        let (start, end) = (line_of(form, "line_start"), line_of(form, "line_end"));
        if end <= last_full {
            want.push(form.clone());
            continue;
        }
        if start > last_full {
            break;
        }
        // The form the cut falls in.
        let got = actual.get(want.len()).cloned().unwrap_or(Value::Null);
        let mut partial = form.clone();
        let mut fields: Vec<(usize, String)> = FIELD_LINES
            .iter()
            .map(|&(off, p)| (start + off, p.to_owned()))
            .collect();
        fields.push((end, "/note".to_owned()));
        for (line, pointer) in fields {
            if line <= last_full {
                continue;
            }
            let now = if Some(line) == cut.partial_line {
                // Cut inside this field's line: whatever was read is fine.
                got.pointer(&pointer).cloned().unwrap_or(Value::Null)
            } else {
                Value::Null
            };
            set(&mut partial, &pointer, now);
        }
        let indicators: Vec<Value> = form["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .filter(|i| i["line"].as_u64().is_some_and(|l| l as usize <= last_full))
            .cloned()
            .collect();
        let cut_in_row = form["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .any(|i| i["line"].as_u64().map(|l| l as usize) == cut.partial_line);
        let got_rows = got["indicators"].as_array().map_or(0, Vec::len);
        let mut rows = indicators.clone();
        if cut_in_row && got_rows == indicators.len() + 1 {
            // The row the cut falls in may have been read in part.
            rows.push(got["indicators"][indicators.len()].clone());
        }
        partial["indicators"] = Value::Array(rows);
        want.push(partial);

        let table_gone =
            last_full < start + TABLE_OFFSET && cut.partial_line != Some(start + TABLE_OFFSET);
        if table_gone {
            let has = got["diagnostics"].as_array().is_some_and(|ds| {
                ds.iter()
                    .any(|d| d["code"] == "form-truncated" && d["severity"] == "error")
            });
            if !has {
                problems.push(format!(
                    "form {} is cut before its table but has no form-truncated error",
                    want.len() - 1
                ));
            }
        }
        break;
    }
    let diffs: Vec<String> = compare(&Value::Array(want), &actual, &ignore())
        .iter()
        .map(ToString::to_string)
        .collect();
    if !diffs.is_empty() {
        problems.insert(
            0,
            format!("{} difference(s), first: {}", diffs.len(), diffs[0]),
        );
        problems.extend(diffs.into_iter().skip(1));
    }
    report_problems(name, &problems);
}

#[test]
fn truncated_mid_table_of_form_3() {
    // Lines 67–70 are form 3's first four indicator rows.
    let (text, cut) = degraders::cut_after_line(SEED, 70);
    check_truncated("truncated_mid_table_of_form_3", &text, cut);
}

#[test]
fn truncated_mid_header_of_form_4() {
    // Line 84 is form 4's 资金情况 row: no 财政拨款, goal or table follows.
    let (text, cut) = degraders::cut_after_line(SEED, 84);
    check_truncated("truncated_mid_header_of_form_4", &text, cut);
}

#[test]
fn truncated_inside_a_row() {
    // Line 92 is cut after its name: `⇥⇥质量指标⇥平台验收合格率`.
    let (text, cut) = degraders::cut_inside_line(SEED, 91, 10);
    check_truncated("truncated_inside_a_row", &text, cut);
}

#[test]
fn truncated_at_random_points() {
    let clean = expected();
    let spans: Vec<(usize, usize)> = clean
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| (line_of(f, "line_start"), line_of(f, "line_end")))
        .collect();
    let lines: Vec<&str> = SEED.split('\n').collect();
    let mut rng = Rng::new(0x7A11);
    let mut failures = Vec::new();
    for k in 0..10 {
        let &(start, end) = rng.pick(&spans);
        let line = rng.between(start + 5, end);
        let len = lines[line - 1].chars().count();
        let (text, cut) = if len < 2 || rng.chance(0.4) {
            degraders::cut_after_line(SEED, line)
        } else {
            degraders::cut_inside_line(SEED, line - 1, rng.between(1, len - 1))
        };
        let name = format!("random cut {k} ({cut:?})");
        let outcome = std::panic::catch_unwind(|| check_truncated(&name, &text, cut));
        if let Err(e) = outcome {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "panicked".to_owned());
            failures.push(msg.lines().next().unwrap_or_default().to_owned());
        }
    }
    assert!(
        failures.is_empty(),
        "truncated_at_random_points: {} of 10 cuts fail, first: {}\n{}",
        failures.len(),
        failures[0],
        failures.join("\n")
    );
}

// ---- the generator itself ----

/// Joins continuation lines back: where the degraded text has extra lines,
/// each continuation (minus `indent`) is appended to the line before it.
fn unwrap(original: &str, wrapped: &str) -> String {
    let orig: Vec<&str> = original.split('\n').collect();
    let mut out = Vec::new();
    let mut w = wrapped.split('\n').peekable();
    for o in &orig {
        let mut line = w.next().expect("no line lost").to_owned();
        let ind: String = o.chars().take_while(|&c| c == '\t').collect();
        while line != *o {
            let next = w.next().expect("a continuation");
            assert!(next.starts_with(&ind), "continuation keeps the indent");
            line.push_str(&next[ind.len()..]);
        }
        out.push(line);
    }
    assert!(w.next().is_none(), "no extra lines");
    out.join("\n")
}

#[test]
fn wrapped_goal_joins_back_to_the_original() {
    let d = degraders::apply(SEED, &[degraders::by_name("wrap_goal")], SINGLE_SEED);
    assert!(d.sample.text.lines().count() >= SEED.lines().count() + 15);
    assert_eq!(unwrap(SEED, &d.sample.text), SEED);
    // No goal paragraph is left whole.
    for goal in ["巩固脱贫成效。", "奠定坚实基础。", "脱贫致富一户”的目标。"]
    {
        let line = d.sample.text.lines().find(|l| l.contains(goal)).unwrap();
        assert!(line.trim().chars().count() <= 45, "{line}");
    }
}

#[test]
fn wrapped_cells_keep_every_character() {
    let sorted = |s: &str| {
        let mut v: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        v.sort_unstable();
        v
    };
    for name in ["wrap_indicator_name", "wrap_list_value"] {
        let d = degraders::apply(SEED, &[degraders::by_name(name)], SINGLE_SEED);
        assert!(
            d.sample.text.lines().count() >= SEED.lines().count() + 3,
            "{name}"
        );
        assert_eq!(sorted(&d.sample.text), sorted(SEED), "{name}");
    }
    // A wrapped value's continuation sits in the value's column.
    let d = degraders::apply(SEED, &[degraders::by_name("wrap_list_value")], SINGLE_SEED);
    assert!(d.sample.text.contains("\t\t\t\t\t\t重大疾病、家庭财产保险"));
}

#[test]
fn utf16_bytes_decode_back_to_the_text() {
    for (name, enc) in [
        ("utf16le_bom", encoding_rs::UTF_16LE),
        ("utf16be_bom", encoding_rs::UTF_16BE),
    ] {
        let d = degraders::apply(SEED, &[degraders::by_name(name)], SINGLE_SEED);
        let (text, used, bad) = enc.decode(&d.bytes);
        assert_eq!((text.as_ref(), used, bad), (SEED, enc, false), "{name}");
    }
    let d = degraders::apply(SEED, &[degraders::by_name("utf16le_no_bom")], SINGLE_SEED);
    let (text, bad) = encoding_rs::UTF_16LE.decode_without_bom_handling(&d.bytes);
    assert_eq!((text.as_ref(), bad), (SEED, false));
    assert_ne!(&d.bytes[..2], &[0xFF, 0xFE]);
}

#[test]
fn gb18030_and_bom_bytes_decode_back_to_the_text() {
    let d = degraders::apply(SEED, &[degraders::by_name("gb18030")], SINGLE_SEED);
    let (text, bad) = encoding_rs::GB18030.decode_without_bom_handling(&d.bytes);
    assert_eq!((text.as_ref(), bad), (SEED, false));
    assert!(std::str::from_utf8(&d.bytes).is_err());
    let d = degraders::apply(SEED, &[degraders::by_name("utf8_bom")], SINGLE_SEED);
    assert_eq!(&d.bytes[3..], SEED.as_bytes());
}

#[test]
fn every_degradation_changes_the_text_and_is_reproducible() {
    for d in degraders::ALL {
        let a = degraders::apply(SEED, &[*d], 7);
        let b = degraders::apply(SEED, &[*d], 7);
        assert_eq!(a.bytes, b.bytes, "{} is deterministic", d.name);
        assert_ne!(a.bytes, SEED.as_bytes(), "{} changes the bytes", d.name);
    }
}

#[test]
fn inserted_lines_are_found_again() {
    let d = degraders::apply(SEED, &[degraders::by_name("page_furniture")], SINGLE_SEED);
    let found = d.sample.inserted_lines(&d.sample.text);
    assert_eq!(found.len(), d.sample.inserted.len());
    assert!(found.len() >= 4, "{found:?}");
    // The same lines are found after the other damage too.
    let d = degraders::apply(
        SEED,
        &[
            degraders::by_name("running_header"),
            degraders::by_name("control_chars"),
            degraders::by_name("crlf"),
        ],
        SINGLE_SEED,
    );
    let found = d.sample.inserted_lines(&d.sample.text);
    assert!(found.len() >= 2, "{found:?}");
    assert!(found.iter().all(|(_, t)| t == degraders::RUNNING_HEADER));
}

#[test]
fn layout_degradations_do_what_they_say() {
    let one = |name: &str| degraders::apply(SEED, &[degraders::by_name(name)], SINGLE_SEED);
    assert!(!one("tabs_to_spaces").sample.text.contains('\t'));
    let some = one("tabs_to_spaces_some_lines").sample.text;
    assert!(some.contains('\t') && some.contains("    "));
    let spaced = one("label_inner_spaces").sample.text;
    assert!(spaced.contains("项 目 名 称") && spaced.contains("主 管 部 门"));
    assert!(!spaced.contains("项目名称\t"));
    let ocr = one("ocr_label_confusion").sample.text;
    for wrong in [
        "负贵人",
        "指杯值",
        "三级指杯",
        "主管部闩",
        "产出指杯",
        "实施单住",
        "满意度指枟",
        "质量指柝",
    ] {
        assert!(ocr.contains(wrong), "{wrong}");
    }
    assert_eq!(
        one("title_ocr")
            .sample
            .text
            .matches("绩效目杯申报表")
            .count(),
        4
    );
    let untitled = one("title_removed");
    assert_eq!(untitled.sample.untitled.len(), 1);
    assert_eq!(untitled.sample.text.matches(degraders::TITLE).count(), 3);
    let joined = one("blank_lines_between_forms_removed").sample.text;
    assert_eq!(joined.matches("调整。\n绩效目标申报表").count(), 3);
    let feeds = one("form_feeds").sample.text;
    assert_eq!(feeds.matches("\u{C}绩效目标申报表").count(), 3);
    let full = one("fullwidth_punctuation").sample.text;
    assert!(full.contains('：') && full.contains('％') && full.contains('('));
    assert_ne!(full.matches('（').count(), SEED.matches('（').count());
    let running = one("running_header").sample.text;
    assert!(running.matches(degraders::RUNNING_HEADER).count() >= 2);
    for name in [
        "spaced_labels_space_runs",
        "spaced_labels_single_spaces",
        "spaced_labels_mixed_spaces",
    ] {
        let text = one(name).sample.text;
        assert!(!text.contains('\t'), "{name}: no tab left");
        for label in degraders::ROW_SPACED_ALWAYS {
            let count = text.matches(&degraders::spaced(label)).count();
            assert_eq!(count, SEED.matches(label).count(), "{name}: {label}");
        }
        assert_eq!(
            text.contains("  "),
            name != "spaced_labels_single_spaces",
            "{name}: runs of spaces"
        );
    }
    // Runs of spaces align each table row's value under the header's 指标值.
    let runs = one("spaced_labels_space_runs").sample.text;
    let column = |line: &str, cell: &str| line.find(cell).map(|at| layout_width(&line[..at]));
    let header = runs
        .lines()
        .find(|l| l.contains("指 标 值"))
        .expect("a header");
    let value = runs
        .lines()
        .find(|l| l.contains("保险购买完成及时率"))
        .expect("a row");
    assert_eq!(column(header, "指 标 值"), column(value, "100%"), "{value}");
    // Spaced values, right-aligned: `≥ 99 %` ends where `100 %` ends, so its
    // number starts near where the values `100 %` start.
    let values = one("spaced_values_space_runs").sample.text;
    assert!(values.contains("≥ 340 户") && values.contains("100 %") && values.contains("1 年"));
    assert!(values.contains("6.7万元") && values.contains("194元"));
    let end_of = |value: &str| {
        values
            .lines()
            .find(|l| l.ends_with(value))
            .map(layout_width)
    };
    assert_eq!(end_of("≥ 99 %"), end_of("100 %"));
    // Single spaces and runs in the same row.
    let mixed = one("spaced_labels_mixed_spaces").sample.text;
    assert!(mixed.contains("项 目 名 称 扶贫综合保险  "));
    assert!(mixed
        .lines()
        .any(|l| l.starts_with("主 管 部 门") && l.contains("   ")));
}

fn layout_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Spacing labels out keeps the columns after them where they were.
#[test]
fn spaced_out_labels_keep_the_columns_after_them() {
    let text = "项目名称          城东道路    负责人  刘洋\n一级指标  二级指标  三级指标  指标值\n项目名称 城东道路";
    let spaced = degraders::space_out_labels(text);
    let lines: Vec<&str> = spaced.lines().collect();
    assert_eq!(lines[0], "项 目 名 称       城东道路    负责人  刘洋");
    assert_eq!(lines[1], "一 级 指 标  二 级 指 标  三 级 指 标  指 标 值");
    assert_eq!(lines[2], "项 目 名 称 城东道路");
    assert_eq!(
        layout_width("项目名称          "),
        layout_width("项 目 名 称       ")
    );
}

/// Each spaced-label degradation reads right under twenty generator seeds,
/// so every random choice of which labels to space out is met.
#[test]
fn spaced_labels_read_right_under_many_seeds() {
    for name in [
        "spaced_labels_space_runs",
        "spaced_labels_single_spaces",
        "spaced_labels_mixed_spaces",
        "spaced_values_space_runs",
    ] {
        for seed in 0..20 {
            check(&degraders::apply(SEED, &[degraders::by_name(name)], seed));
        }
    }
}

/// Every known gap still fails; one that reads right must leave the list so the
/// random combinations cover it again.
#[test]
fn known_gaps_still_fail() {
    for gap in degraders::KNOWN_GAPS {
        let ds: Vec<Degradation> = gap
            .degradations
            .iter()
            .map(|n| degraders::by_name(n))
            .collect();
        let d = degraders::apply(SEED, &ds, gap.seed);
        let outcome = std::panic::catch_unwind(|| check(&d));
        assert!(
            outcome.is_err(),
            "{} now reads right ({}): remove it from KNOWN_GAPS",
            d.name,
            gap.shape
        );
    }
}

#[test]
fn combinations_are_reproducible_and_mixed() {
    let names = |n| {
        degraders::combination(n)
            .iter()
            .map(|d| d.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(3), names(3));
    let distinct: std::collections::BTreeSet<Vec<&str>> = (0..50).map(names).collect();
    assert!(distinct.len() >= 40);
    for n in 0..50 {
        let ds = degraders::combination(n);
        assert!((2..=5).contains(&ds.len()));
        // The later degradations are drawn only from FIRST_WIDE on, always then.
        let later = ds.iter().any(|d| {
            degraders::ALL[degraders::COMBINED..]
                .iter()
                .any(|l| l.name == d.name)
        });
        assert_eq!(later, n >= degraders::FIRST_WIDE, "combination {n}");
    }
    // The fixed combinations drawn before spaced values joined stay as drawn.
    for (n, drawn) in DRAWN {
        assert_eq!(
            names(*n),
            *drawn,
            "combination {n} was redrawn: the fixed combinations changed"
        );
    }
}

/// Combinations as they were drawn when the later ones began to draw spaced values.
const DRAWN: &[(u64, &[&str])] = &[
    (
        0,
        &[
            "wrap_list_value",
            "wrap_indicator_name",
            "spaced_labels_mixed_spaces",
        ],
    ),
    (
        29,
        &[
            "wrap_indicator_name",
            "blank_lines_between_forms_removed",
            "title_ocr",
            "utf8_bom",
        ],
    ),
];

/// Every single degradation still exports: 41 CSV rows, and an SQLite import
/// holding 4 forms and 41 indicators.
#[test]
fn degraded_copies_export_to_csv_and_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("degraded.sqlite");
    let mut importer = jixiao::import::Importer::open(&db).expect("open database");
    for (k, d) in degraders::ALL.iter().enumerate() {
        let deg = degraders::apply(SEED, &[*d], SINGLE_SEED);
        let report = parse(&deg.bytes);
        let mut w = jixiao::output::csv::CsvWriter::new(Vec::new(), false).expect("csv header");
        for r in &report.records {
            w.write_record(r).expect("csv row");
        }
        let bytes = w.into_inner().expect("csv flush");
        let rows = csv::Reader::from_reader(bytes.as_slice()).records().count();
        assert_eq!(rows, 41, "{}: CSV rows", d.name);
        let path = format!("degraded-{k}.txt");
        importer
            .import_file(
                &path,
                &deg.bytes,
                Some(&report.encoding),
                &report.records,
                &report.diagnostics,
            )
            .unwrap_or_else(|e| panic!("{}: import: {e}", d.name));
    }
    let conn = importer.connection();
    let files: i64 = conn
        .query_row("SELECT count(*) FROM source_files", [], |r| r.get(0))
        .expect("count files");
    let forms: i64 = conn
        .query_row("SELECT count(*) FROM forms", [], |r| r.get(0))
        .expect("count forms");
    let indicators: i64 = conn
        .query_row("SELECT count(*) FROM indicators", [], |r| r.get(0))
        .expect("count indicators");
    assert_eq!(forms, files * 4);
    assert_eq!(indicators, files * 41);
}

// ---- spaced labels in the space-separated layout fixtures ----

/// Reads a fixture and its expected records, with every label cell spaced out.
fn check_spaced_fixture(path: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let expected_path = path.replace(".txt", ".expected.json");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(&expected_path).unwrap_or_else(|e| panic!("{expected_path}: {e}")),
    )
    .expect("the expected file is JSON");
    let spaced = degraders::space_out_labels(&text);
    assert_ne!(spaced, text, "{path}: no label was spaced out");
    let report = jixiao::parse_bytes(path, spaced.as_bytes(), &Options::default());
    let problems = differences(&expected, &report);
    report_problems(&format!("{path} with spaced labels"), &problems);
}

macro_rules! spaced_fixtures {
    ($($name:ident = $path:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_spaced_fixture($path);
            }
        )*
    };
}

spaced_fixtures!(
    spaced_labels_layouts_spaces_runs = "fixtures/layouts/spaces-runs.txt",
    spaced_labels_layouts_spaces_single = "fixtures/layouts/spaces-single.txt",
    spaced_labels_layouts_spaces_column_alignment = "fixtures/layouts/spaces-column-alignment.txt",
    spaced_labels_layouts_spaces_value_columns = "fixtures/layouts/spaces-value-columns.txt",
    spaced_labels_layouts_pdftotext_centred_levels =
        "fixtures/layouts/pdftotext-centred-levels.txt",
    spaced_labels_layouts_pdftotext_wrapped_rows = "fixtures/layouts/pdftotext-wrapped-rows.txt",
    spaced_labels_layouts_goal_label_centred = "fixtures/layouts/goal-label-centred.txt",
    spaced_labels_layouts_label_split_over_gap = "fixtures/layouts/label-split-over-gap.txt",
    spaced_labels_layouts_year_line_spaced = "fixtures/layouts/year-line-spaced.txt",
    spaced_labels_grid_spaces_runs = "fixtures/grid/spaces-runs.txt",
    spaced_labels_grid_single_spaces = "fixtures/grid/single-spaces.txt",
    spaced_labels_grid_spaces_wrapped = "fixtures/grid/spaces-wrapped.txt",
    spaced_labels_grid_wrapped_labels = "fixtures/grid/wrapped-labels.txt",
);

// ---- spaced values in fixtures with dates ----

/// Dates are spaced out between each number and the word after it; a period
/// or a date followed by another number is left alone.
#[test]
fn spaced_value_spaces_dates_out() {
    for (cell, want) in [
        ("2019年12月底前", Some("2019 年 12 月底前")),
        ("2024年12月31日前", Some("2024 年 12 月 31 日前")),
        ("2019年12月", Some("2019 年 12 月")),
        ("≥340户", Some("≥ 340 户")),
        ("2019年1月-12月", None),
        ("2019年1月至2020年6月", None),
        ("每年12月底前", None),
        ("6.7万元", None),
    ] {
        assert_eq!(degraders::spaced_value(cell).as_deref(), want, "{cell}");
    }
}

/// Tab-separated fixtures whose indicator values include dates
/// (`2022年6月底前`): laid out in runs of spaces with every quantity and date
/// spaced out (`2022 年 6 月底前`), each reads to its expected records.
#[test]
fn spaced_dates_read_as_the_unspaced_dates() {
    let spaced_value = degraders::by_name("spaced_values_space_runs");
    for (path, date) in [
        (
            "fixtures/audit/deadline-outside-period.txt",
            "2022 年 6 月底前",
        ),
        ("fixtures/layouts/goals-midterm.txt", "2021 年 11 月底前"),
        ("fixtures/layouts/table-2021.txt", "2021 年 12 月底前"),
        ("fixtures/layouts/funding-yuan.txt", "2020 年 12 月 31 日前"),
        ("fixtures/audit/cost-mismatch.txt", "2021 年 6 月底前"),
    ] {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let expected_path = path.replace(".txt", ".expected.json");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{expected_path}: {e}")),
        )
        .expect("the expected file is JSON");
        let d = degraders::apply(&text, &[spaced_value], SINGLE_SEED);
        assert!(d.sample.text.contains(date), "{path}: no date spaced out");
        let report = jixiao::parse_bytes(path, &d.bytes, &Options::default());
        let problems = differences(&expected, &report);
        report_problems(&format!("{path} with spaced values"), &problems);
    }
}
