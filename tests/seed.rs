//! The seed's four forms: counts, and the no-line-dropped guarantee.

use jixiao::grammar::{self, LineUse};
use jixiao::layout;

const SEED: &str = include_str!("../fixtures/seed/poverty-2019.txt");

#[test]
fn seed_has_four_forms_and_41_indicators() {
    let report = jixiao::parse_text("seed.txt", SEED, "UTF-8");
    let counts: Vec<usize> = report.records.iter().map(|r| r.indicators.len()).collect();
    assert_eq!(counts, [12, 10, 8, 11]);
    let lines: Vec<(usize, usize)> = report
        .records
        .iter()
        .map(|r| (r.source.line_start, r.source.line_end))
        .collect();
    assert_eq!(lines, [(3, 28), (30, 53), (55, 76), (78, 102)]);
}

#[test]
fn every_seed_line_is_accounted_for() {
    let rows = layout::rows(SEED);
    let doc = grammar::read(&rows);
    assert_eq!(doc.line_use.len(), SEED.lines().count());
    for row in &rows {
        let used = doc.line_use[row.line - 1];
        if row.is_blank() {
            assert_eq!(used, Some(LineUse::Blank), "line {}", row.line);
        } else {
            // In the clean seed every non-blank line is a label or lands in a field.
            assert!(
                matches!(used, Some(LineUse::Label | LineUse::Field)),
                "line {} ({:?}) was {used:?}",
                row.line,
                row.text
            );
        }
    }
}

#[test]
fn a_stray_line_is_named_in_a_diagnostic() {
    // A line of text that belongs to no field, inserted between header and table.
    let text = SEED.replacen(
        "总体目标\t年度目标",
        "这一行不属于任何字段\n总体目标\t年度目标",
        1,
    );
    let rows = layout::rows(&text);
    let doc = grammar::read(&rows);
    let line = text
        .lines()
        .position(|l| l.starts_with("这一行"))
        .map(|i| i + 1)
        .unwrap();
    assert_eq!(doc.line_use[line - 1], Some(LineUse::Diagnosed));
    let report = jixiao::parse_text("seed.txt", &text, "UTF-8");
    let d = report.records[0]
        .diagnostics
        .iter()
        .find(|d| d.line == Some(line))
        .expect("a diagnostic names the stray line");
    assert_eq!(d.code.as_str(), "unplaced-line");
    assert!(d.message.contains("这一行不属于任何字段"));
    // and nothing else of the form changed
    let clean = jixiao::parse_text("seed.txt", SEED, "UTF-8");
    assert_eq!(
        report.records[0].indicators.len(),
        clean.records[0].indicators.len()
    );
    assert_eq!(report.records[0].goals, clean.records[0].goals);
}

#[test]
fn a_file_cut_inside_the_last_table_flags_that_form() {
    // Keep the first 95 lines: form 4 stops in its indicator table.
    let cut: String = SEED.lines().take(95).collect::<Vec<_>>().join("\n");
    let report = jixiao::parse_text("seed.txt", &cut, "UTF-8");
    assert_eq!(report.records.len(), 4);
    let last = &report.records[3];
    assert_eq!(last.indicators.len(), 6);
    assert!(last.needs_review);
    assert!(last
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "form-truncated"));
    // the complete forms are untouched
    assert!(report.records[..3].iter().all(|r| r
        .diagnostics
        .iter()
        .all(|d| d.code.as_str() != "form-truncated")));
}

/// The seed rewritten in each separator family must read to the same records
/// (ignoring raw text, lines, diagnostics and the layout name).
#[test]
fn the_seed_reads_the_same_in_every_separator_family() {
    let cells = |l: &str| -> Vec<String> {
        l.split('\t')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let lines: Vec<&str> = SEED.split('\n').collect();
    let families: Vec<(&str, String)> = vec![
        ("runs of spaces", SEED.replace('\t', "   ")),
        (
            "single spaces",
            lines
                .iter()
                .map(|l| cells(l).join(" "))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (
            "pipes",
            lines
                .iter()
                .map(|l| {
                    if l.trim().is_empty() {
                        String::new()
                    } else {
                        format!("{} |", l.split('\t').collect::<Vec<_>>().join(" | "))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (
            "a Markdown table with rules",
            lines
                .iter()
                .flat_map(|l| {
                    if l.trim().is_empty() {
                        return vec![String::new()];
                    }
                    let cells: Vec<&str> = l.split('\t').collect();
                    let mut out = vec![format!("| {} |", cells.join(" | "))];
                    if l.starts_with("绩效指标") {
                        out.push(format!("|{}", "---|".repeat(cells.len())));
                    }
                    out
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (
            "merged cells repeated in every cell they span",
            lines
                .iter()
                .map(|l| {
                    if l.trim().is_empty() {
                        return String::new();
                    }
                    let mut prev = "";
                    let cells: Vec<&str> = l
                        .split('\t')
                        .map(|c| {
                            let out = if c.is_empty() { prev } else { c };
                            prev = c;
                            out
                        })
                        .collect();
                    format!("{} |", cells.join(" | "))
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (
            "one cell per line",
            lines
                .iter()
                .flat_map(|l| cells(l))
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        (
            "one cell per line, no blank lines",
            lines
                .iter()
                .flat_map(|l| cells(l))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (
            "no line structure",
            lines
                .iter()
                .flat_map(|l| cells(l))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    ];
    let ignore: Vec<String> = [
        "raw",
        "line",
        "line_start",
        "line_end",
        "diagnostics",
        "layout",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let clean =
        serde_json::to_value(jixiao::parse_text("seed.txt", SEED, "UTF-8").records).unwrap();
    for (family, text) in families {
        let got =
            serde_json::to_value(jixiao::parse_text("seed.txt", &text, "UTF-8").records).unwrap();
        let diffs = jixiao::compare::compare(&clean, &got, &ignore);
        assert!(
            diffs.is_empty(),
            "{family}: {} differences, first: {}",
            diffs.len(),
            diffs[0]
        );
    }
}

#[test]
fn a_title_repeated_on_a_new_page_inside_a_table_continues_the_form() {
    let mut lines: Vec<&str> = SEED.split('\n').collect();
    // A page break in form 1's table: page number, then the title printed again.
    lines.splice(18..18, ["— 1 —", "绩效目标申报表"]);
    let text = lines.join("\n");
    let report = jixiao::parse_text("seed.txt", &text, "UTF-8");
    let counts: Vec<usize> = report.records.iter().map(|r| r.indicators.len()).collect();
    assert_eq!(counts, [12, 10, 8, 11]);
    let d = report.records[0]
        .diagnostics
        .iter()
        .find(|d| d.line == Some(20))
        .expect("the repeated title is named");
    assert_eq!(d.code.as_str(), "page-furniture");
}

#[test]
fn a_year_as_an_indicator_value_does_not_start_a_form() {
    // `1年` → `2020年` and `2019年度`: values that look like year lines.
    let text = SEED
        .replacen(
            "贫困户享受综合保险的年限\t\t\t1年",
            "贫困户享受综合保险的年限\t\t\t2020年",
            1,
        )
        .replacen("音箱网络使用时限\t12个月", "音箱网络使用时限\t2019年度", 1)
        .replacen("信号接收率\t≥99%", "信号接收率\t3/5", 1);
    let report = jixiao::parse_text("seed.txt", &text, "UTF-8");
    let counts: Vec<usize> = report.records.iter().map(|r| r.indicators.len()).collect();
    assert_eq!(counts, [12, 10, 8, 11]);
    let years: Vec<Option<i32>> = report.records.iter().map(|r| r.year).collect();
    assert_eq!(years, [Some(2019); 4]);
    // `3/5` in a row is a value, not a page number
    let v = report.records[1].indicators[1]
        .value
        .as_ref()
        .map(|v| v.raw.as_str());
    assert_eq!(v, Some("3/5"));
}
