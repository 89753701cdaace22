//! Indicator tables whose rows break the header's width: shapes a golden
//! cannot hold because the form they make rightly needs review.

use jixiao::diagnostic::Code;
use jixiao::Options;

/// A table whose first row carries a cell beyond the header's last column.
const SURPLUS: &str = "\
项目支出绩效目标表
(2025年度)
项目名称 | 乡村公路养护 |
主管部门 | 某县交通运输局 |
年度资金总额 | 60 |
年度目标 | 完成乡村公路日常养护 |
一级指标 | 二级指标 | 三级指标 | 计算符号 | 目标值 | 计量单位 | 权重 |
产出指标 | 数量指标 | 养护里程 | ≥ | 45 | 公里 | 20 | 抽样调查 |
产出指标 | 质量指标 | 路面完好率 | ≥ | 90 | % | 20 |
满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥ | 90 | % | 10 |
";

#[test]
fn a_cell_beyond_the_last_column_is_reported_and_moves_nothing() {
    // test: src/grammar.rs, finish_cells_row (cells beyond the last column)
    let report = jixiao::parse_bytes("surplus.txt", SURPLUS.as_bytes(), &Options::default());
    assert_eq!(report.records.len(), 1);
    let r = &report.records[0];
    let rows: Vec<(Option<&str>, &str, Option<&str>)> = r
        .indicators
        .iter()
        .map(|i| {
            (
                i.name.as_deref(),
                i.value.as_ref().map_or("", |v| v.raw.as_str()),
                i.extra.get("权重").map(|s| s.as_str()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (Some("养护里程"), "≥ 45 公里", Some("20")),
            (Some("路面完好率"), "≥ 90 %", Some("20")),
            (Some("沿线群众满意度"), "≥ 90 %", Some("10")),
        ]
    );
    let unplaced: Vec<(Option<usize>, &str)> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnplacedLine)
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(unplaced.len(), 1, "{unplaced:?}");
    assert_eq!(unplaced[0].0, Some(8));
    assert!(unplaced[0].1.ends_with("抽样调查"), "{unplaced:?}");
    assert!(r.needs_review);
}

/// One cell per line, no level columns: a 定性 row whose unit and value
/// cells are blank (`|`), then the next row.
const BLANK_VALUE: &str = "\
项目支出绩效目标表 |
(2025年度) |
项目名称 |
集镇环境提升 |
年度资金总额 |
52.4 |
绩效指标 |
指标 |
指标权重 |
计量单位 |
指标性质 |
指标值 |
集镇面貌改善 |
25 |
|
定性 |
|
清理沟渠长度 |
30 |
公里 |
≥ |
18 |
";

#[test]
fn a_row_with_a_blank_value_ends_before_the_next_name() {
    // test: src/grammar.rs, stream_text (a cell followed by a value starts the next row)
    let report = jixiao::parse_bytes("blank.txt", BLANK_VALUE.as_bytes(), &Options::default());
    assert_eq!(report.records.len(), 1);
    let rows: Vec<(Option<&str>, &str)> = report.records[0]
        .indicators
        .iter()
        .map(|i| {
            (
                i.name.as_deref(),
                i.value.as_ref().map_or("", |v| v.raw.as_str()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (Some("集镇面貌改善"), ""),
            (Some("清理沟渠长度"), "公里 ≥ 18")
        ]
    );
    assert!(report.records[0]
        .diagnostics
        .iter()
        .any(|d| d.code == Code::EmptyValue && d.line == Some(13)));
}
