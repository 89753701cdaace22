//! Indicator tables whose rows break the header's width: shapes a golden
//! cannot hold because the form they make rightly needs review.

use jixiao::diagnostic::Code;
use jixiao::record::ValueKind;
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

/// One cell per line with blank lines between cells: the goal's label is
/// lost, so its sentence follows the empty 地方资金 amount.
const GOAL_AFTER_EMPTY_AMOUNT: &str = "\
2023年农村公路安保工程补助资金绩效目标表

项目名称

农村公路安保工程补助资金

省级主管部门

某省交通运输厅

资金情况(万元)

下达资金总额

58

其中:中央财政补助

58

地方资金



在全县农村公路急弯陡坡路段完善安全防护设施,降低事故风险。



一级指标

二级指标

三级指标

指标值

产出指标

数量指标

安保工程里程

≥40公里
";

#[test]
fn a_sentence_after_an_empty_amount_is_no_amount_and_flags_the_lost_goal() {
    // test: src/grammar.rs, plausible (an amount label takes amount-like text only)
    let report = jixiao::parse_bytes(
        "goal-after-amount.txt",
        GOAL_AFTER_EMPTY_AMOUNT.as_bytes(),
        &Options::default(),
    );
    assert_eq!(report.records.len(), 1);
    let r = &report.records[0];
    assert!(!r.extra.contains_key("地方资金"), "{:?}", r.extra);
    assert!(r.funding.items.iter().all(|i| i.label != "地方资金"));
    let unplaced: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnplacedLine)
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        unplaced.iter().any(|m| m.ends_with("降低事故风险。")),
        "{unplaced:?}"
    );
    assert!(
        r.review_reasons.contains(&Code::GoalLost),
        "{:?}",
        r.review_reasons
    );
    assert_eq!(r.indicators.len(), 1);
}

/// Indicators written as a numbered list, levels and name joined by `>`
/// (a joiner the grid does not split, unlike dashes: see
/// fixtures/tables/level-path-list.txt) and the value after a colon: the
/// rows run together into one name.
const DASHED_LIST: &str = "\
2024年项目支出绩效目标表
项目名称：城区公厕保洁服务    主管部门：某区城市管理局
实施单位：某区环卫所    项目负责人：陈某
年度资金总额：48万元    其中财政拨款：48万元
年度目标：完成城区42座公厕日常保洁，保持公厕整洁卫生。
绩效指标：
1.产出指标>数量指标>保洁公厕数量：42座
2.产出指标>质量指标>保洁达标率：≥95%
3.效益指标>社会效益指标>市民如厕环境：明显改善
4.满意度指标>服务对象满意度指标>市民满意度：≥90%
";

#[test]
fn rows_run_together_into_one_name_flag_the_record() {
    // test: src/trust.rs, check_names (a name holding a first level, or too long)
    let report = jixiao::parse_bytes("dashed.txt", DASHED_LIST.as_bytes(), &Options::default());
    assert_eq!(report.records.len(), 1);
    let r = &report.records[0];
    assert!(r.needs_review, "{:?}", r.diagnostics);
    assert!(
        r.review_reasons.contains(&Code::IndicatorNameSuspect),
        "{:?}",
        r.review_reasons
    );
}

/// A unit column whose cell contradicts the unit the value cell names itself.
const UNIT_CONFLICT: &str = "\
| 项目支出绩效目标表 | | | | |
| （2024年度） | | | | |
| 项目名称 | 乡镇价格监测点运行经费 | | | |
| 主管部门 | 南坪县发展和改革局 | | | |
| 实施单位 | 南坪县价格监测中心 | | | |
| 年度资金总额（万元） | 24.8 | | | |
| 财政拨款 | 24.8 | | | |
| 年度目标 | 保障12个乡镇价格监测点全年运行。 | | | |
| 一级指标 | 二级指标 | 三级指标 | 指标值 | 计量单位 |
| 产出指标 | 数量指标 | 价格监测点数量 | 12 | 个 |
| | 成本指标 | 监测点运行经费 | 24.8万元 | % |
| | 质量指标 | 价格数据上报准确率 | ≥98% | % |
| | 数量指标 | 新增监测品种 | 3万 | 种 |
| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90 | 百分比 |
";

#[test]
fn a_value_naming_its_own_unit_against_the_unit_column_is_flagged() {
    // test: src/build.rs, assembled_value (a value's own unit against the unit column)
    let report = jixiao::parse_bytes("unit.txt", UNIT_CONFLICT.as_bytes(), &Options::default());
    assert_eq!(report.records.len(), 1);
    let r = &report.records[0];
    let units: Vec<Option<&str>> = r
        .indicators
        .iter()
        .map(|i| match i.value.as_ref().map(|v| &v.kind) {
            Some(ValueKind::Quantity { unit, .. }) => unit.as_deref(),
            _ => None,
        })
        .collect();
    assert_eq!(
        units,
        [
            Some("个"),
            Some("万元"),
            Some("%"),
            Some("万种"),
            // A percent written as a word is the unit %.
            Some("%")
        ]
    );
    let conflicts: Vec<Option<usize>> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnitConflict)
        .map(|d| d.line)
        .collect();
    assert_eq!(conflicts, [Some(11)], "only the 万元 row under % conflicts");
    assert!(r.needs_review);
    assert_eq!(r.review_reasons, [Code::UnitConflict]);
}
