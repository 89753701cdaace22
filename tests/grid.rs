//! Grid snapshots: every `fixtures/grid/X.txt` against its reviewed `X.grid`,
//! the cells the grid pass cuts each row into (see `jixiao::grid::snapshot`).
//!
//! A drift fails with a line diff. To accept new output after reviewing it,
//! run `JIXIAO_BLESS=1 cargo test --test grid`: snapshots are never rewritten
//! silently.

use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(Path::new("fixtures/grid"))
        .expect("fixtures/grid exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    out.sort();
    out
}

#[test]
fn grid_snapshots_match() {
    let bless = std::env::var_os("JIXIAO_BLESS").is_some_and(|v| v == "1");
    let cases = cases();
    assert!(cases.len() >= 8, "one grid fixture per separator family");
    let mut failures = Vec::new();
    for input in &cases {
        let text = std::fs::read_to_string(input).expect("fixture is UTF-8");
        let actual = jixiao::grid::snapshot(&text);
        let snap = input.with_extension("grid");
        let expected = std::fs::read_to_string(&snap).ok();
        if expected.as_deref() == Some(actual.as_str()) {
            continue;
        }
        if bless {
            std::fs::write(&snap, &actual).expect("write snapshot");
            eprintln!("blessed {}", snap.display());
            continue;
        }
        match expected {
            None => failures.push(format!(
                "{}: no snapshot; review the output and bless it",
                input.display()
            )),
            Some(expected) => {
                let diff = similar::TextDiff::from_lines(&expected, &actual)
                    .unified_diff()
                    .context_radius(1)
                    .header("expected", "actual")
                    .to_string();
                failures.push(format!("{} drifted:\n{diff}", snap.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} grid snapshots differ (JIXIAO_BLESS=1 cargo test --test grid to accept after review):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Every non-blank line of a fixture has a row in its snapshot: the grid
/// drops no text.
#[test]
fn every_text_line_has_a_grid_row() {
    for input in cases() {
        let text = std::fs::read_to_string(&input).expect("fixture is UTF-8");
        let snap = jixiao::grid::snapshot(&text);
        let rows: Vec<usize> = snap
            .lines()
            .filter_map(|l| l.split_whitespace().next()?.parse().ok())
            .collect();
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() && !line.chars().all(|c| c == '|' || c.is_whitespace()) {
                assert!(
                    rows.contains(&(i + 1)),
                    "{}:{} has no grid row",
                    input.display(),
                    i + 1
                );
            }
        }
    }
}

/// A page number and a running header between rows of a table whose cells
/// are one space apart are page furniture, not words of the row above.
#[test]
fn page_lines_between_single_space_rows_are_furniture() {
    let text = "绩效目标申报表\n项目名称 某某道路\n一级指标 二级指标 三级指标 指标值\n\
                产出指标 质量指标 工程验收合格率 100%\n2020年区级项目绩效目标汇编\n\
                产出指标 时效指标 项目完成时间 2020年10月底前\n— 2 —\n\
                效益指标 社会效益指标 受益人口 1000人\n2020年区级项目绩效目标汇编\n\
                满意度指标 服务对象满意度指标 群众满意度 ≥90%\n";
    let report = jixiao::parse_text("page-lines.txt", text, "UTF-8");
    let r = &report.records[0];
    let names: Vec<&str> = r
        .indicators
        .iter()
        .filter_map(|i| i.name.as_deref())
        .collect();
    assert_eq!(
        names,
        ["工程验收合格率", "项目完成时间", "受益人口", "群众满意度"]
    );
    let furniture: Vec<usize> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == jixiao::diagnostic::Code::PageFurniture)
        .filter_map(|d| d.line)
        .collect();
    assert_eq!(furniture, [5, 7, 9]);
}

/// A table read one cell per line, followed closely by a form in tabs (so its
/// last rows are read as cells), keeps its levels: a header printed one cell
/// per line gives no column positions to place cells by.
#[test]
fn one_cell_per_line_table_before_a_tab_form_keeps_its_levels() {
    let first = "绩效目标申报表\n项目名称\n甲项目\n绩效指标\n一级指标\n二级指标\n三级指标\n指标值\n备注\n\
                 产出指标\n数量指标\n改造户数\n54户\n按户补助\n验收合格率\n100%\n效益指标\n社会效益指标\n\
                 受益人数\n≥74人\n满意度\n≥90%\n注:x\n\n";
    let second = "绩效目标申报表\n项目名称\t乙项目\t\t\n主管部门\t某局\t实施单位\t某办\n\
                  绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\
                  \t产出指标\t数量指标\t购买保险户数\t≥89户\n\
                  \t\t质量指标\t购买保险的完成率\t100%\n\t\t\t保险使用的范围\t疾病身故险\n\
                  \t\t\t保险后续工作完成回访\t100%\n\t\t时效指标\t保险购买完成及时率\t100%\n\
                  \t\t成本指标\t每户保险费\t64元\n\t效益指标\t社会效益指标\t保险使用率\t100%\n\
                  \t\t\t贫困户知晓率\t100%\n\t\t可持续影响指标\t享受保险的年限\t6年\n\
                  \t满意度指标\t服务对象满意度指标\t受益群众满意度\t≥90%\n";
    let report = jixiao::parse_text("two.txt", &format!("{first}{second}"), "UTF-8");
    let r = &report.records[0];
    let rows: Vec<(Option<&str>, Option<&str>, Option<&str>)> = r
        .indicators
        .iter()
        .map(|i| (i.level1.as_deref(), i.level2.as_deref(), i.name.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (Some("产出指标"), Some("数量指标"), Some("改造户数")),
            (Some("产出指标"), Some("数量指标"), Some("验收合格率")),
            (Some("效益指标"), Some("社会效益指标"), Some("受益人数")),
            (Some("效益指标"), Some("社会效益指标"), Some("满意度")),
        ]
    );
    assert_eq!(report.records[1].indicators.len(), 10);
}
