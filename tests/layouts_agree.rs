//! The same form read from four extractions agrees: every tab-separated
//! fixture is rewritten with pipes (`| a | b |`), one cell per line and
//! columns aligned with spaces, and
//! each rewrite must give the same header fields and indicators as the
//! original. Cell-per-line text loses empty cells, so a few fixtures whose
//! reading rests on an empty cell are listed, with why, and skipped there.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// Fixtures whose one-cell-per-line rewrite cannot say what the tabs say.
const CELL_PER_LINE_CANNOT: &[(&str, &str)] = &[
    (
        "tables/short-level2-beside-own-level1.txt",
        "level labels outside the vocabulary are known by their column, which one cell per line loses",
    ),
    (
        "tables/numbered-level-rows.txt",
        "a row's last, optional cell before a level's own row may as well be a next name with no value",
    ),
    (
        "regions/purchase-service-table-after-form.txt",
        "a budget table's header is told from a form's first row by the cells it shares a line with",
    ),
    (
        "tables/header-cell-wrapped.txt",
        "a header cell wrapped onto a line of its own is one more cell when every cell has a line",
    ),
    (
        "tables/tabs-value-sentence-wrapped-unseparated.txt",
        "a value's cell wrapped onto a line of its own is one more cell when every cell has a line",
    ),
    (
        "tables/levels-unknown-by-index.txt",
        "level labels outside the vocabulary are known by their column, which one cell per line loses",
    ),
    (
        "tables/two-row-header-value-parts.txt",
        "a header's second row names the parts under a spanning title by their cells' indices, \
         which one cell per line loses",
    ),
    (
        "tables/cost-level1-in-level1-column.txt",
        "成本指标 is a first level by its column with the 二级 cell beside it empty, which one \
         cell per line loses",
    ),
    (
        "regions/transfer-forms-per-region.txt",
        "the subject printed again opens the next form by the label and new value on the row \
         after it, which one cell per line splits over two lines",
    ),
    (
        "tables/serial-number-column.txt",
        "a 序号 column's numbers are told from names by standing first on their row, which one \
         cell per line loses",
    ),
    (
        "tables/measures-column-after-value.txt",
        "a text under a column after the value may as well be the next row's name when every \
         cell has a line of its own",
    ),
    (
        "tables/levels-2016-targets.txt",
        "the 2016 template's bare 产出 and 效果 level cells and its 绩效目标内容 name title are \
         known by their columns, which one cell per line loses",
    ),
    (
        "tables/task-table-sum-row-split.txt",
        "a task table's amounts are placed under its titles by their cells in a row; one cell \
         per line runs a task's name, text and amounts together",
    ),
    (
        "tables/funding-columns-unread.txt",
        "amounts under titles the reader does not know stand in no column when every cell \
         has a line: they run on into the text after them",
    ),
    (
        "tables/place-titled-value-column.txt",
        "a place's name is the value column's title as the header row's last cell, which one \
         cell per line does not show",
    ),
    (
        "tables/level2-as-written-spaced.txt",
        "level labels outside the vocabulary are known by their column, which one cell per line loses",
    ),
    (
        "tables/own-level1-with-score.txt",
        "level labels outside the vocabulary are known by their column, which one cell per line loses",
    ),
    (
        "tables/levels-own-scheme-near-known.txt",
        "a 二级 of the form's own scheme near a known label is kept as written only by its column",
    ),
    (
        "tables/level2-words-as-own-level1.txt",
        "a 二级's words heading the form's own 一级 are known by their column only",
    ),
    (
        "tables/planned-level-columns.txt",
        "the last row's text column after its value (指标内容/计算公式) is read as a row of its own",
    ),
    (
        "layouts/goals-progress-column.txt",
        "the goal sits under 年度总体目标, not under the empty 完成情况 beside it",
    ),
    (
        "layouts/levels-as-written.txt",
        "a 二级 outside the vocabulary is known by its column only",
    ),
    (
        "layouts/table-2021.txt",
        "a weight annotation wrapped into the next row's empty cells",
    ),
    (
        "layouts/wrapped-value-beside-label.txt",
        "the wrapped end of the project name is known by its column only",
    ),
    (
        "layouts/wide-table.txt",
        "several forms side by side as columns of one sheet",
    ),
    (
        "sheets/tabs-dropped-cells.txt",
        "a sheet whose cells are told apart by position only",
    ),
    (
        "tables/ocr-damaged-level1.txt",
        "its second form's 一级 and 二级 are both outside the vocabulary, known by their columns only",
    ),
    (
        "tables/task-table-heading-row.txt",
        "a task table's cells (任务名称 | 项目名称 | …) are told apart by their columns only",
    ),
    (
        "tables/task-table-sum-row.txt",
        "a task table's amounts are told apart by their columns only",
    ),
    (
        "tables/levels-by-column.txt",
        "a form's own 一级 is known by its column only",
    ),
    (
        "tables/satisfaction-under-benefit.txt",
        "the empty 一级 cell is what keeps 满意度 under 效益",
    ),
    (
        "tables/funding-period-titles-year-first.txt",
        "the period titles' row opens with an empty cell: one cell per line loses it and \
         the amounts under the titles shift",
    ),
    (
        "tables/funding-column-titles-total-row.txt",
        "funding titles over amounts are told apart by the row they share; one cell per \
         line makes titles, the total's label and amounts one run, taken in order",
    ),
    (
        "tables/region-value-columns.txt",
        "a value column per place is known by the cell index of its place's name under \
         the value title; one cell per line leaves no index",
    ),
];

/// Fixtures whose rewrite in aligned spaces cannot say what the tabs say.
const SPACES_CANNOT: &[(&str, &str)] = &[
    (
        "tables/two-row-header-value-parts.txt",
        "a header's second row names the parts under a spanning title by their cells' indices, \
         which aligned text does not keep",
    ),
    (
        "tables/cost-level1-in-level1-column.txt",
        "成本指标 is a first level by its column with the 二级 cell beside it empty, which \
         aligned text does not write",
    ),
    (
        "tables/place-titled-value-column.txt",
        "a place's name is read as the value column's title only where a cell's column is its \
         index (tabs and pipes): unseparated text glues two places' names into one such cell",
    ),
    (
        "tables/satisfaction-under-benefit.txt",
        "the empty 一级 cell is what keeps 满意度 under 效益",
    ),
    (
        "tables/funding-period-titles-year-first.txt",
        "period titles (年度资金总额 | 实施期资金总额) are told from a label and its value by \
         the empty cell before them, which aligned text does not write",
    ),
    (
        "tables/funding-column-titles-total-row.txt",
        "funding titles over their amounts are matched cell by cell, by index, which \
         aligned text does not keep",
    ),
    (
        "tables/region-value-columns.txt",
        "a value column per place is matched by cell index, which aligned text does not keep",
    ),
];

/// Fixtures of a shape only tab-separated text has: no rewrite applies.
const TABS_ONLY: &[(&str, &str)] = &[(
    "layouts/tabs-quoted-multiline-cells.txt",
    "a spreadsheet copied as tab-separated text quotes a cell with a line break; pipes, \
     one cell per line and aligned text never write such quotes",
)];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

/// Tab-separated fixtures of at least five tab rows and no pipes.
fn tab_fixtures() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    walk(Path::new("fixtures"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let tabbed = text.lines().filter(|l| l.contains('\t')).count();
            let name = p
                .strip_prefix("fixtures")
                .ok()?
                .to_string_lossy()
                .into_owned();
            let tabs_only = TABS_ONLY.iter().any(|(f, _)| *f == name);
            (tabbed >= 5 && !text.contains('|') && !tabs_only).then_some((name, text))
        })
        .collect()
}

fn pipes(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.contains('\t') {
                format!("| {} |\n", l.split('\t').collect::<Vec<_>>().join(" | "))
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// Columns aligned with spaces by display width, three spaces apart, as a
/// PDF's text layout prints them.
fn spaces(text: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let mut widths: Vec<usize> = Vec::new();
    for r in rows.iter().filter(|r| r.len() > 1) {
        for (i, c) in r.iter().enumerate() {
            if widths.len() <= i {
                widths.push(0);
            }
            widths[i] = widths[i].max(c.width());
        }
    }
    rows.iter()
        .map(|r| {
            let mut line = String::new();
            for (i, c) in r.iter().enumerate() {
                line.push_str(c);
                if i + 1 < r.len() {
                    let pad = widths.get(i).copied().unwrap_or(0) - c.width() + 3;
                    line.push_str(&" ".repeat(pad));
                }
            }
            format!("{}\n", line.trim_end())
        })
        .collect()
}

fn cell_per_line(text: &str) -> String {
    text.lines()
        .flat_map(|l| l.split('\t'))
        .filter(|c| !c.trim().is_empty())
        .map(|c| format!("{c}\n"))
        .collect()
}

/// What must agree: the header fields and every indicator's levels, name
/// and value as written.
fn reading(name: &str, text: &str) -> Vec<Value> {
    let report = jixiao::parse_text(name, text, "UTF-8");
    report
        .records
        .iter()
        .map(|r| {
            let r = serde_json::to_value(r).expect("a record serialises");
            let indicators: Vec<Value> = r["indicators"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|i| json!([i["level1"], i["level2"], i["name"], i["value"]["raw"]]))
                        .collect()
                })
                .unwrap_or_default();
            json!({
                "project_name": r["project_name"],
                "department": r["department"],
                "implementers": r["implementers"],
                "year": r["year"],
                "total": r["funding"]["total"]["number"],
                "fiscal": r["funding"]["fiscal"]["number"],
                "goal": r["goals"]["annual"],
                "indicators": indicators,
            })
        })
        .collect()
}

#[test]
fn tab_fixtures_read_the_same_with_pipes_and_one_cell_per_line() {
    let fixtures = tab_fixtures();
    assert!(fixtures.len() > 30, "only {} tab fixtures", fixtures.len());
    let mut differ = Vec::new();
    for (name, text) in &fixtures {
        let want = reading(name, text);
        if want.is_empty() {
            continue;
        }
        let cannot = CELL_PER_LINE_CANNOT.iter().any(|(f, _)| f == name);
        let mut rewrites = vec![("pipes", pipes(text))];
        if !cannot {
            rewrites.push(("one cell per line", cell_per_line(text)));
        }
        if !SPACES_CANNOT.iter().any(|(f, _)| f == name) {
            rewrites.push(("aligned spaces", spaces(text)));
        }
        for (how, rewritten) in rewrites {
            let got = reading(name, &rewritten);
            if got != want {
                differ.push(format!(
                    "{name} with {how}:\n  tabs: {}\n  {how}: {}",
                    serde_json::to_string(&want).unwrap_or_default(),
                    serde_json::to_string(&got).unwrap_or_default()
                ));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn the_skip_list_names_fixtures_that_exist() {
    for (name, why) in CELL_PER_LINE_CANNOT
        .iter()
        .chain(SPACES_CANNOT)
        .chain(TABS_ONLY)
    {
        assert!(
            Path::new("fixtures").join(name).exists(),
            "{name} ({why}) is no fixture"
        );
    }
}
