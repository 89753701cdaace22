//! Many-project sheets read through the column map: shapes a golden cannot
//! hold because the form they make rightly needs review.

use jixiao::diagnostic::Code;
use jixiao::Options;

/// A sheet whose rows carry a cell beyond the last column, with and
/// without their level cells and project columns.
const SURPLUS: &str = "\
| 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 权重 |
| 某县石桥镇人民政府 | 路灯维修 | 80,000.00 | 修复损坏路灯 | 产出指标 | 数量指标 | 修复路灯数 | ≥ | 120 | 盏 | 20 | 按月统计 |
| 质量指标 | 维修合格率 | ≥ | 95 | % | 20 | 抽查 |
| 亮灯率 | ≥ | 98 | % | 10 | 夜间巡查 |
";

#[test]
fn a_surplus_cell_at_a_rows_end_is_reported_and_moves_nothing() {
    // test: src/columns.rs, align_sheet (surplus cells at the row's end)
    let report = jixiao::parse_bytes("surplus.txt", SURPLUS.as_bytes(), &Options::default());
    assert_eq!(report.records.len(), 1);
    let r = &report.records[0];
    assert_eq!(r.project_name.as_deref(), Some("路灯维修"));
    #[allow(clippy::type_complexity)]
    let rows: Vec<(Option<&str>, Option<&str>, Option<&str>, &str, Option<&str>)> = r
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.as_deref(),
                i.level2.as_deref(),
                i.name.as_deref(),
                i.value.as_ref().map_or("", |v| v.raw.as_str()),
                i.extra.get("权重").map(|s| s.as_str()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                Some("产出指标"),
                Some("数量指标"),
                Some("修复路灯数"),
                "≥ 120 盏",
                Some("20")
            ),
            (
                Some("产出指标"),
                Some("质量指标"),
                Some("维修合格率"),
                "≥ 95 %",
                Some("20")
            ),
            (
                Some("产出指标"),
                Some("质量指标"),
                Some("亮灯率"),
                "≥ 98 %",
                Some("10")
            ),
        ]
    );
    let unplaced: Vec<(usize, &str)> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnplacedLine)
        .map(|d| (d.line.unwrap_or(0), d.message.as_str()))
        .collect();
    let surplus: Vec<(usize, &str)> = vec![(2, "按月统计"), (3, "抽查"), (4, "夜间巡查")];
    assert_eq!(unplaced.len(), surplus.len(), "{unplaced:?}");
    for ((line, message), (want_line, text)) in unplaced.iter().zip(&surplus) {
        assert_eq!(line, want_line);
        assert!(message.ends_with(text), "{message}");
    }
    assert!(r.needs_review);
}
