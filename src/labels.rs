//! The label vocabulary of the form and a tolerant matcher for it.
//!
//! Forms are read by recognising labels, not by trusting column positions: a
//! table maps every known spelling of a label to the field it feeds. The
//! matcher tolerates stray inner spaces (`项 目 名 称`), either punctuation
//! width, a required-field marker (`*联系人`), a `其中:` prefix, a bracketed
//! annotation (`资金情况 (万元)`, `产出指标(40-50)分`) and a trailing colon.
//! A label followed by a colon may carry its content in the same cell
//! (`注: 各地请…`). When nothing matches exactly, a one-character OCR
//! confusion (`负贵人`) is accepted for labels of four or more characters.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char as ch, satisfy};
use nom::combinator::{opt, recognize, rest, verify};
use nom::multi::many0_count;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use crate::normalize::{fold_char, is_space};
use crate::value::parse_amount_like;

/// What a label introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// 项目名称.
    ProjectName,
    /// 项目负责人及电话: name and phone together.
    Leader,
    /// 项目负责人 alone.
    LeaderName,
    /// 联系电话 beside a separate 项目负责人.
    LeaderPhone,
    /// 联系人: the leader's name only when the form names no 项目负责人.
    Contact,
    /// 主管部门.
    Department,
    /// 部门名称 on a 部门整体 form.
    DepartmentName,
    /// 实施单位.
    Implementers,
    /// 资金情况: a section label, possibly carrying the unit.
    Funding,
    /// 年度资金总额.
    FundingTotal,
    /// 财政拨款.
    FundingFiscal,
    /// 其他资金.
    FundingOther,
    /// 中央资金, 市级资金 …: a funding row beyond total/fiscal/other.
    FundingItem,
    /// `单位: 万元`: the unit amounts are written in (a column of units in a table).
    UnitNote,
    /// 总体目标: a section label, or the long-term goal when followed by text.
    GoalSection,
    /// 年度目标.
    GoalAnnual,
    /// 中期目标, 实施期绩效目标 …
    GoalLongTerm,
    /// 绩效指标: the indicator table's section label.
    Table,
    /// 一级指标 column header.
    ColLevel1,
    /// 二级指标 column header.
    ColLevel2,
    /// 三级指标 / 指标内容 column header.
    ColName,
    /// 指标值 column header.
    ColValue,
    /// A column holding the value's unit (计量单位, 度量单位).
    ColUnit,
    /// A column holding the value's comparator (指标性质, 计算符号).
    ColOp,
    /// Another column of the indicator table (备注, 分值, …).
    ColExtra,
    /// 注.
    Note,
    /// A header row the contract has no field for (项目属性, 项目期, …).
    Extra,
    /// 填表人, 审核意见 …: page furniture, never a field.
    Furniture,
}

/// A recognised label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// A header field or column label.
    Field(Field),
    /// A 一级指标 name (canonical spelling).
    Level1(&'static str),
    /// A 二级指标 name (canonical spelling).
    Level2(&'static str),
}

/// One vocabulary entry: a spelling and what it means.
struct Entry {
    spelling: &'static str,
    label: Label,
}

const fn f(spelling: &'static str, field: Field) -> Entry {
    Entry {
        spelling,
        label: Label::Field(field),
    }
}
const fn l1(spelling: &'static str, canonical: &'static str) -> Entry {
    Entry {
        spelling,
        label: Label::Level1(canonical),
    }
}
const fn l2(spelling: &'static str, canonical: &'static str) -> Entry {
    Entry {
        spelling,
        label: Label::Level2(canonical),
    }
}

use Field::*;

/// Every known spelling. Longer spellings of the same stem come first so the
/// first acceptable match is the most specific one.
static VOCABULARY: &[Entry] = &[
    f("项目负责人及联系电话", Leader),
    f("项目负责人及联系方式", Leader),
    f("项目负责人及电话", Leader),
    f("负责人及联系电话", Leader),
    f("负责人及电话", Leader),
    f("项目责任人及联系电话", Leader),
    f("项目责任人及电话", Leader),
    f("项目负责人", LeaderName),
    f("项目责任人", LeaderName),
    f("负责人", LeaderName),
    f("责任人", LeaderName),
    f("联系人", Contact),
    f("联系电话", LeaderPhone),
    f("联系方式", LeaderPhone),
    f("项目(专项)名称", ProjectName),
    f("专项(项目)名称", ProjectName),
    f("二级项目名称", ProjectName),
    f("专项资金名称", ProjectName),
    // The name cell of a central transfer's 区域绩效目标表.
    f("转移支付(项目)名称", ProjectName),
    f("转移支付项目名称", ProjectName),
    f("转移支付名称", ProjectName),
    f("专项名称", ProjectName),
    f("资金名称", ProjectName),
    f("项目支出名称", ProjectName),
    f("项目专项名称", ProjectName),
    f("申报项目名称", ProjectName),
    f("项目名称", ProjectName),
    f("申报项目", ProjectName),
    f("主管部门及代码", Department),
    f("主管部门(单位)名称", Department),
    f("主管部门(单位)名称及预算编码", Department),
    f("主管部门(单位)名称及部门预算编码", Department),
    f("主管部门名称及预算编码", Department),
    f("主管部门及预算编码", Department),
    f("主管预算部门", Department),
    f("主管部门及编码", Department),
    f("区县主管部门", Department),
    f("中央主管部门", Department),
    f("地方主管部门", Department),
    f("省级主管部门", Department),
    f("县级主管部门", Department),
    // fixture: fixtures/tables/department-levels-bracketed.txt
    f("区级主管部门", Department),
    // Transfer forms of provinces with prefectures name each level's bureau.
    // fixture: fixtures/tables/department-levels-bracketed.txt
    f("县(市、区)主管部门", Department),
    f("县(市、区)级主管部门", Department),
    f("县(区)主管部门", Department),
    f("县(市)主管部门", Department),
    f("县区主管部门", Department),
    f("州(市)主管部门", Department),
    f("市(州)主管部门", Department),
    f("地(市)主管部门", Department),
    f("自治区主管部门", Department),
    f("市级主管部门", Department),
    f("下达地方或单位", Department),
    f("业务主管部门", Department),
    // fixture: fixtures/tables/qualified-department-and-total-labels.txt
    // (广东's provincial fund forms)
    f("省级业务主管部门", Department),
    f("归口管理部门", Department),
    f("项目主管部门", Department),
    f("主管部门名称", Department),
    // The department's code printed on a row of its own: no department.
    // fixture: fixtures/tables/department-code-row.txt
    f("主管部门编码", Extra),
    f("主管部门代码", Extra),
    f("主管部门", Department),
    f("预算部门", Department),
    f("申报单位名称", Department),
    f("申报单位", Department),
    f("预算单位名称", Department),
    f("预算单位", Department),
    f("实施部门", Department),
    f("主管单位", Department),
    f("部门(单位)名称", DepartmentName),
    f("部门名称", DepartmentName),
    f("单位名称", Department),
    f("具体实施单位", Implementers),
    f("项目实施单位", Implementers),
    // fixture: fixtures/glued/project-unit-label.txt
    f("项目单位", Extra),
    f("实施单位名称", Implementers),
    f("实施单位", Implementers),
    // The transfer template's unit that spends the money.
    // fixture: fixtures/glued/transfer-fund-user-label.txt
    f("资金使用单位", Implementers),
    f("项目执行单位", Implementers),
    f("执行单位", Implementers),
    f("项目承担单位", Implementers),
    f("承担单位", Implementers),
    f("用款单位", Implementers),
    f("实施主体", Implementers),
    f("项目资金情况", Funding),
    f("年度预算申请", Funding),
    f("项目资金申请", Funding),
    f("资金申请", Funding),
    f("部门预算申请", Funding),
    // fixture: fixtures/tables/funding-dept-heading-titles-row.txt
    f("部门预算资金", Funding),
    f("部门预算", Funding),
    f("年度部门整体支出预算", Funding),
    f("年度预算资金", Funding),
    f("年度预算", Funding),
    // fixture: fixtures/tables/funding-budget-arrangement-unit.txt
    f("年度预算安排", Funding),
    f("预算安排", Funding),
    f("批复金额", Funding),
    f("预算申请", Funding),
    f("资金来源及金额", Funding),
    f("资金情况", Funding),
    // fixture: fixtures/tables/funding-column-titles-amounts-below.txt
    f("总体资金情况", Funding),
    // fixture: fixtures/tables/funding-dept-period-titles-heading.txt
    f("部门总体资金情况", Funding),
    f("年度资金情况", Funding),
    f("项目资金", Funding),
    f("资金来源", Funding),
    f("年度资金总额", FundingTotal),
    // 重庆's 部门(单位)整体绩效目标表.
    // fixture: fixtures/tables/project-goal-label.txt
    f("区级支出预算总量", FundingTotal),
    f("支出预算总量", FundingTotal),
    f("年度预算资金总额", FundingTotal),
    f("项目资金总额", FundingTotal),
    // fixture: fixtures/tables/funding-term-and-year-pairs.txt
    f("年度资金申请总额", FundingTotal),
    f("当年资金总额", FundingTotal),
    f("年度申请资金总额", FundingTotal),
    f("当年年度预算", FundingTotal),
    f("项目当年预算", FundingTotal),
    f("年度预算金额", FundingTotal),
    f("年度金额", FundingTotal),
    f("预算数", FundingTotal),
    f("预算总额", FundingTotal),
    f("单位预算总额", FundingTotal),
    f("部门预算总额", FundingTotal),
    // fixture: fixtures/tables/funding-dept-heading-titles-row.txt
    f("预算支出总额", FundingTotal),
    f("总额", FundingTotal),
    f("年度资金总量", FundingTotal),
    // The sum row of a funding block (`合计 | 1260 | 财政资金 | 1100`).
    // fixture: fixtures/tables/funding-sum-row.txt
    f(FUNDING_SUM_LABEL, FundingTotal),
    f("资金总额", FundingTotal),
    f("下达资金总额", FundingTotal),
    f("项目预算金额", FundingTotal),
    f("项目金额", FundingTotal),
    f("预算申报数", FundingTotal),
    f("资金额度", FundingTotal),
    f("下达中央预算内投资", FundingTotal),
    f("本次下达中央预算内投资", FundingTotal),
    // A 部门整体 form's total spending (`部门整体支出（万元） | 8,500.00`).
    // fixture: fixtures/tables/dept-whole-spending-total.txt
    f("部门整体支出", FundingTotal),
    f("部门整体支出预算", FundingTotal),
    f("当年财政拨款", FundingFiscal),
    f("年度本级预算金额", FundingFiscal),
    f("本级财政资金", FundingFiscal),
    f("本年财政拨款", FundingFiscal),
    f("财政拨款资金", FundingFiscal),
    f("财政拨款小计", FundingFiscal),
    f("财政拨款", FundingFiscal),
    f("上年结转资金", FundingItem),
    f("上年结转", FundingItem),
    f("结转资金", FundingItem),
    f("财政资金", FundingFiscal),
    // A sub-row of the total beside 自有资金 (`一、预算资金:150`).
    // fixture: fixtures/tables/funding-numbered-subrows.txt
    f("预算资金", FundingFiscal),
    f("当年其他资金", FundingOther),
    f("其他资金", FundingOther),
    f("金额单位", UnitNote),
    f("资金单位", UnitNote),
    f("金额", UnitNote),
    f("单位", UnitNote),
    f("中央资金", FundingItem),
    f("省级资金", FundingItem),
    f("市级资金", FundingItem),
    // A region form's money of cities and counties together.
    // fixture: fixtures/tables/city-county-funds.txt
    f("市县资金", FundingItem),
    f("市县配套资金", FundingItem),
    f("区级资金", FundingItem),
    f("县级资金", FundingItem),
    f("上级资金", FundingItem),
    f("该项目支出上级资金", FundingItem),
    f("年度本级预算金额", FundingFiscal),
    f("中央补助安排", FundingItem),
    f("该项目支出上级资金", FundingItem),
    f("上级财政补助资金", FundingItem),
    f("同级财政资金", FundingItem),
    f("本级资金", FundingItem),
    f("上级补助", FundingItem),
    f("中央补助资金", FundingItem),
    f("中央补助", FundingItem),
    f("中央财政补助", FundingItem),
    f("省级财政补助", FundingItem),
    // fixture: fixtures/glued/project-dates-and-levels.txt
    f("省级财政安排", FundingItem),
    f("市级财政安排", FundingItem),
    f("县级财政安排", FundingItem),
    f("省级补助资金", FundingItem),
    f("省级财政资金", FundingItem),
    f("市级财政资金", FundingItem),
    f("县级财政资金", FundingItem),
    f("区级财政资金", FundingItem),
    // fixture: fixtures/tables/funding-scoped-fiscal-grants.txt
    f("中央财政拨款", FundingItem),
    f("省级财政拨款", FundingItem),
    f("市级财政拨款", FundingItem),
    f("县级财政拨款", FundingItem),
    f("区级财政拨款", FundingItem),
    f("省财政拨款", FundingItem),
    f("市财政拨款", FundingItem),
    f("县财政拨款", FundingItem),
    f("区财政拨款", FundingItem),
    f("地方资金", FundingItem),
    f("地方财政资金", FundingItem),
    // Money by government level as transfer and city forms name it.
    // fixture: fixtures/tables/funding-levels-named.txt
    f("中央衔接资金", FundingItem),
    f("中央财政资金", FundingItem),
    f("中央专项资金", FundingItem),
    f("省级衔接资金", FundingItem),
    f("省级专项资金", FundingItem),
    f("省级补助", FundingItem),
    f("市级补助", FundingItem),
    f("县级补助", FundingItem),
    f("区级补助", FundingItem),
    f("省财政资金", FundingItem),
    // A level's money named without 资金 or 拨款 (`其中:中央财政 | 12万元`).
    // fixture: fixtures/tables/funding-levels-bare.txt
    f("中央财政", FundingItem),
    f("省级财政", FundingItem),
    f("市级财政", FundingItem),
    f("县级财政", FundingItem),
    f("区级财政", FundingItem),
    f("上级财政", FundingItem),
    f("本级财政", FundingItem),
    f("上级财政资金", FundingItem),
    f("本级财政资金", FundingItem),
    f("财政补助", FundingFiscal),
    f("市财政资金", FundingItem),
    f("县财政资金", FundingItem),
    f("区财政资金", FundingItem),
    f("自治区财政资金", FundingItem),
    f("自治区资金", FundingItem),
    f("自治区补助", FundingItem),
    f("地方配套资金", FundingItem),
    f("地方配套", FundingItem),
    // fixture: fixtures/tables/funding-matching-levels.txt
    f("省级配套", FundingItem),
    f("市级配套", FundingItem),
    f("县级配套", FundingItem),
    f("区级配套", FundingItem),
    f("本级配套", FundingItem),
    f("省级配套资金", FundingItem),
    f("市级配套资金", FundingItem),
    f("县级配套资金", FundingItem),
    f("区级配套资金", FundingItem),
    f("本级配套资金", FundingItem),
    f("自筹资金", FundingItem),
    f("社会资金", FundingItem),
    f("一般公共预算拨款", FundingItem),
    f("政府性基金预算拨款", FundingItem),
    // The 湖南 department template of 2017 (`公共财政拨款:590`).
    // fixture: fixtures/tables/funding-colon-lines-empty-label.txt
    f("公共财政拨款", FundingItem),
    f("政府性基金拨款", FundingItem),
    f("纳入专户管理的非税收入拨款", FundingItem),
    f("国有资本经营预算拨款", FundingItem),
    f("一般公共预算资金", FundingItem),
    f("一般公共预算", FundingItem),
    f("自有资金小计", FundingItem),
    f("自有资金", FundingItem),
    f("政府性基金", FundingItem),
    f("财政专户管理资金", FundingItem),
    f("单位资金", FundingItem),
    // The rest of the 湖南 template's split (`3、国有资本经营预算`, `1、事业收入`).
    // fixture: fixtures/tables/funding-subtotals-numbered.txt
    f("国有资本经营预算", FundingItem),
    f("事业收入", FundingItem),
    f("经营性收入", FundingItem),
    f("其他收入", FundingItem),
    // A 部门整体 form's budget split by what it pays for.
    // fixture: fixtures/tables/department-budget-by-use.txt
    f("基本支出", FundingItem),
    f("项目支出", FundingItem),
    f("总体目标", GoalSection),
    f("绩效目标", GoalSection),
    f("总体绩效目标", GoalSection),
    f("年度绩效总目标", GoalAnnual),
    f("年度主要目标和成果", GoalAnnual),
    f("年度主要目标", GoalAnnual),
    f("项目年度目标", GoalAnnual),
    f("本年度绩效目标", GoalAnnual),
    f("项目绩效目标", GoalSection),
    f("项目绩效目标描述", GoalSection),
    f("年度总体目标", GoalAnnual),
    // fixture: fixtures/layouts/spaces-goal-label-wrapped-two-lines.txt
    f("年度绩效总目标", GoalAnnual),
    f("年度总体绩效目标", GoalAnnual),
    f("绩效目标总体描述", GoalAnnual),
    f("年度整体绩效目标", GoalAnnual),
    f("部门整体绩效目标", GoalAnnual),
    f("部门年度绩效目标", GoalAnnual),
    f("单位年度绩效目标", GoalAnnual),
    f("部门年度目标", GoalAnnual),
    f("部门总体目标", GoalLongTerm),
    f("部门(单位)整体绩效目标", GoalAnnual),
    f("单位整体绩效目标", GoalAnnual),
    f("整体绩效目标", GoalAnnual),
    f("年度绩效目标", GoalAnnual),
    // fixture: fixtures/tables/goal-label-bracketed-year.txt
    f("预算年度绩效目标", GoalAnnual),
    f("专项年度绩效目标", GoalAnnual),
    // fixture: fixtures/glued/special-fund-goal-labels.txt
    f("专项长期绩效目标", GoalLongTerm),
    f("当年绩效目标", GoalAnnual),
    f("当年度目标", GoalAnnual),
    f("年度目标", GoalAnnual),
    // A one-year form's goal (重庆's 区级一般性项目绩效目标表), not 项目总目标.
    // fixture: fixtures/tables/project-goal-label.txt
    f("项目目标", GoalAnnual),
    f("当年整体绩效目标", GoalAnnual),
    // fixture: fixtures/sheets/department-wide-sheet.txt
    f("部门整体支出年度绩效目标", GoalAnnual),
    f("整体支出年度绩效目标", GoalAnnual),
    f("实施期绩效目标", GoalLongTerm),
    f("项目总体目标", GoalLongTerm),
    f("项目总目标", GoalLongTerm),
    f("总目标", GoalLongTerm),
    f("实施期目标", GoalLongTerm),
    // fixture: fixtures/tables/pipes-term-and-year-halves.txt
    f("实施周期总目标", GoalLongTerm),
    f("实施周期目标", GoalLongTerm),
    f("实施周期绩效目标", GoalLongTerm),
    f("中长期目标", GoalLongTerm),
    f("中期滚动目标", GoalLongTerm),
    f("中期目标", GoalLongTerm),
    // fixture: fixtures/tables/three-year-goal-label.txt
    f("三年总体目标", GoalLongTerm),
    f("中期绩效目标", GoalLongTerm),
    f("长期绩效目标", GoalLongTerm),
    f("长期目标", GoalLongTerm),
    f("年度绩效指标", Table),
    // The headings of a form's two indicator tables, the term's and the year's.
    // fixture: fixtures/tables/term-and-year-tables.txt
    f("本年度绩效指标", Table),
    f("当年绩效指标", Table),
    f("总目标绩效指标", Table),
    f("长期绩效指标", Table),
    f("中期绩效指标", Table),
    f("实施期绩效指标", Table),
    f("绩效项目指标表", Table),
    f("绩效指标表", Table),
    f("部门整体支出绩效指标", Table),
    f("整体支出绩效指标", Table),
    f("项目年度绩效目标衡量指标", Table),
    f("年度绩效目标衡量指标", Table),
    f("绩效指标", Table),
    // A heading over the indicator columns in some templates
    // (`绩效指标 | 保障绩效目标实现措施 | 一级指标 | …`).
    f("保障绩效目标实现措施", Table),
    f("一级指标", ColLevel1),
    f("二级指标", ColLevel2),
    f("三级指标", ColName),
    // A column title cut short by a narrow cell (`绩` / `一级` / `二级指标`).
    // fixture: fixtures/tables/cut-column-titles.txt
    f("一级", ColLevel1),
    f("二级", ColLevel2),
    f("三级", ColName),
    f("一级指标名称", ColLevel1),
    f("二级指标名称", ColLevel2),
    f("三级指标名称", ColName),
    f("指标内容", ColName),
    f("指标值内容", ColExtra),
    f("指标值说明", ColExtra),
    f("指标名称", ColName),
    f("指标值及单位", ColValue),
    f("年度指标值", ColValue),
    // A half-year target beside the full year's: the year's is the value.
    f("全年(程)指标值", ColValue),
    f("全年指标值", ColValue),
    f("半年(程)指标值", ColExtra),
    f("半年指标值", ColExtra),
    // fixture: fixtures/tables/mid-term-value-column.txt
    // A 中期 value beside the year's: the year's is the indicator's value.
    f("中期指标值", ColExtra),
    f("中长期指标值", ColExtra),
    f("实施期指标值", ColExtra),
    f("实施周期指标值", ColExtra),
    // fixture: fixtures/tables/three-year-goal-label.txt
    f("三年总体指标值", ColExtra),
    f("当年度指标值", ColValue),
    // An adjustment form's value as adjusted, beside the value it replaces;
    // an approval form's value as approved, beside the value asked for.
    // fixture: fixtures/tables/adjusted-and-approved-value-columns.txt
    f("调整后指标值", ColValue),
    f("调整后目标值", ColValue),
    f("原指标值", ColExtra),
    f("原目标值", ColExtra),
    f("调整前指标值", ColExtra),
    f("批复指标值", ColValue),
    f("批复目标值", ColValue),
    f("申报指标值", ColExtra),
    f("指标值", ColValue),
    // fixture: fixtures/tables/expected-value-columns.txt
    f("预期值", ColValue),
    // A value column named for this year beside last year's.
    // fixture: fixtures/tables/planned-level-columns.txt
    f("本年度计划水平", ColValue),
    // fixture: fixtures/tables/planned-value-column-title.txt
    f("计划指标值", ColValue),
    f("计划水平", ColValue),
    f("年度数值", ColValue),
    f("目标值", ColValue),
    // The value column named for the year ahead, beside last year's actual
    // one (`预期2023年实现值 | 2022年实际实现值`; see [`dated_column`]).
    f("当年预期实现值", ColValue),
    f("预期实现值", ColValue),
    f("年度目标值", ColValue),
    // A transfer form's value column over one column per receiving place.
    // fixture: fixtures/tables/region-value-columns.txt
    f("区域目标值", ColValue),
    f("区域指标值", ColValue),
    f("预期目标值", ColValue),
    // fixture: fixtures/tables/target-value-column.txt
    f("指标目标值", ColValue),
    f("实际实现值", ColExtra),
    f("备注", ColExtra),
    f("上年度实际水平", ColExtra),
    f("指标内容/计算公式", ColExtra),
    f("评(扣)分标准", ColExtra),
    f("评分标准", ColExtra),
    f("评分细则", ColExtra),
    f("分值", ColExtra),
    f("权重", ColExtra),
    // fixture: fixtures/tables/weight-column.txt
    f("指标权重", ColExtra),
    f("指标解释", ColExtra),
    f("绩效标准", ColExtra),
    // How the target will be met, a column after the value.
    // fixture: fixtures/tables/measures-column-after-value.txt
    f("保障绩效目标实现的措施", ColExtra),
    f("目标实现保障措施", ColExtra),
    f("保障措施", ColExtra),
    f("指标方向性", ColExtra),
    f("计量单位", ColUnit),
    f("度量单位", ColUnit),
    f("指标性质", ColOp),
    // Value columns named with 绩效 before them.
    // fixture: fixtures/tables/performance-prefixed-columns.txt
    f("绩效指标性质", ColOp),
    f("绩效指标值", ColValue),
    f("绩效度量单位", ColUnit),
    f("绩效计量单位", ColUnit),
    f("计算符号", ColOp),
    f("指标方向", ColOp),
    f("指标值类型", ColOp),
    f("指标值说明", ColExtra),
    f("注", Note),
    f("其他需说明的问题", Extra),
    f("其他需要说明的问题", Extra),
    f("其他说明的问题", Extra),
    // fixture: fixtures/tables/remarks-row-other-wordings.txt
    f("其他说明", Extra),
    f("需要说明的情况", Extra),
    f("其他需要说明的情况", Extra),
    f("填报单位", Extra),
    f("编制单位", Extra),
    f("批复单位", Extra),
    f("项目属性", Extra),
    f("项目来源", Extra),
    f("业务股室", Extra),
    f("实施期限", Extra),
    f("起始年度", Extra),
    f("到期年度", Extra),
    f("总金额", Extra),
    f("项目起止时间", Extra),
    f("项目实施进度计划", Extra),
    f("实施进度计划", Extra),
    f("项目实施计划", Extra),
    f("项目期", Extra),
    f("实施期", Extra),
    f("项目分类", Extra),
    f("项目类别", Extra),
    f("科目代码", Extra),
    f("部门职能职责概述", Extra),
    f("部门相应职能职责概述", Extra),
    f("部门职能概述", Extra),
    f("单位职能概述", Extra),
    f("单位职能", Extra),
    f("部门(单位)职责", Extra),
    f("部门职责", Extra),
    // fixture: fixtures/tables/department-duty-labels.txt
    f("部门职能职责", Extra),
    f("部门职能", Extra),
    f("人员编制", Extra),
    f("编制人数", Extra),
    f("实有人数", Extra),
    f("单位职责", Extra),
    f("职能职责", Extra),
    f("项目编码", Extra),
    f("部门预算编码", Extra),
    f("部门编码", Extra),
    f("单位编码", Extra),
    f("部门代码", Extra),
    f("单位代码", Extra),
    f("省级财政部门", Extra),
    f("区县财政部门", Extra),
    f("市级财政部门", Extra),
    f("一级项目名称", Extra),
    // The project's dates, each a label of its own.
    // fixture: fixtures/glued/project-dates-and-levels.txt
    f("项目开始日期", Extra),
    f("项目完成日期", Extra),
    f("项目开始时间", Extra),
    f("项目完成时间", Extra),
    f("项目结束时间", Extra),
    f("项目结束日期", Extra),
    f("项目总投资", Extra),
    f("补助区域", Extra),
    f("项目总预算", Extra),
    f("项目代码", Extra),
    f("项目类型", Extra),
    f("项目级次", Extra),
    f("项目起止年限", Extra),
    f("项目实施期", Extra),
    f("项目支出实施期", Extra),
    f("项目周期", Extra),
    f("实施周期", Extra),
    f("实施地点", Extra),
    // fixture: fixtures/tables/tabs-region-label-after-project-name.txt
    f("建设地点", Extra),
    f("所属领域", Extra),
    f("区域", Extra),
    f("项目地点", Extra),
    f("资金性质", Extra),
    f("资金用途", Extra),
    f("预算科目", Extra),
    f("支出功能分类科目", Extra),
    f("功能分类科目", Extra),
    f("经济分类科目", Extra),
    f("项目概况", Extra),
    // Kept as printed, not as the one-character-off 项目概况.
    // fixture: fixtures/tables/project-summary-labels.txt
    f("项目概述", Extra),
    f("项目简介", Extra),
    f("采购品目", Extra),
    f("项目总体情况", Extra),
    f("项目总体概况", Extra),
    f("概况", Extra),
    // The 甘肃 provincial template's labels.
    // fixture: fixtures/glued/provincial-template-unit-labels.txt
    f("组织实施单位", Extra),
    f("监督管理单位", Extra),
    f("基本情况", Extra),
    f("项目立项必要性", Extra),
    f("立项必要性", Extra),
    f("保证项目实施的制度措施", Extra),
    f("保证项目实施的制度、措施", Extra),
    f("政策依据", Extra),
    f("其他依据", Extra),
    f("需要说明的其他问题", Extra),
    f("项目立项依据", Extra),
    f("专项立项依据", Extra),
    f("立项依据", Extra),
    // The 上海 申报表's header rows, one label and its value per line.
    // fixture: fixtures/glued/label-per-line-header.txt
    f("项目设立的必要性", Extra),
    f("项目设立必要性", Extra),
    f("开始时间", Extra),
    f("结束时间", Extra),
    f("项目实施内容", Extra),
    f("项目主要内容", Extra),
    f("实施内容", Extra),
    f("预算年度", Extra),
    f("年度总体目标完成情况", Extra),
    f("总体目标完成情况", Extra),
    f("目标完成情况", Extra),
    f("实际完成情况", Extra),
    f("完成情况", Extra),
    f("填表人", Furniture),
    f("项目填报人", Furniture),
    f("填报人联系电话", Furniture),
    f("填报人", Furniture),
    f("财政部门审核意见", Furniture),
    f("主管部门审核意见", Furniture),
    f("审核意见", Furniture),
    f("填报日期", Furniture),
    f("填表日期", Furniture),
    f("审核人", Furniture),
    f("财务负责人", Furniture),
    f("单位负责人", Furniture),
    // The approving office's sign-off under a 批复表.
    // fixture: fixtures/tables/approval-sign-off-line.txt
    f("批复部门", Furniture),
    f("批复日期", Furniture),
    f("审批单位", Furniture),
    f("审批日期", Furniture),
    l1("产出指标", "产出指标"),
    l1("效益指标", "效益指标"),
    l1("满意度指标", "满意度指标"),
    // A form's own first levels, kept as written (the contract's decision).
    l1("项目完成指标", "项目完成指标"),
    l1("项目效益指标", "项目效益指标"),
    l1("实施效果指标", "实施效果指标"),
    l1("效果指标", "效果指标"),
    // fixture: fixtures/tables/impact-level1-cell-per-line.txt
    l1("影响力指标", "影响力指标"),
    // The 中央预算内投资 template's second block and its levels.
    // fixture: fixtures/tables/investment-process-levels-cell-per-line.txt
    l1("过程管理指标", "过程管理指标"),
    l2("服务对象满意度指标", "服务对象满意度指标"),
    l2(
        "社会公众或服务对象满意度指标",
        "社会公众或服务对象满意度指标",
    ),
    l2("服务对象满意度", "服务对象满意度指标"),
    l2("数量指标", "数量指标"),
    l2("质量指标", "质量指标"),
    l2("时效指标", "时效指标"),
    l2("经济成本指标", "经济成本指标"),
    l2("社会成本指标", "社会成本指标"),
    l2("生态环境成本指标", "生态环境成本指标"),
    l2("成本指标", "成本指标"),
    l2("经济效益指标", "经济效益指标"),
    l2("社会效益指标", "社会效益指标"),
    l2("生态效益指标", "生态效益指标"),
    l2("环境效益指标", "环境效益指标"),
    l2("可持续影响指标", "可持续影响指标"),
    l2("经济效益", "经济效益指标"),
    l2("社会效益", "社会效益指标"),
    l2("生态效益", "生态效益指标"),
    l2("可持续影响", "可持续影响指标"),
    // The 2016 template's levels: 投入 beside 产出 and 效果, and second
    // levels ending in 目标 for 指标.
    // fixture: fixtures/tables/levels-2016-targets.txt
    l1("投入", "投入"),
    l1("投入指标", "投入指标"),
    l2("数量目标", "数量指标"),
    l2("质量目标", "质量指标"),
    l2("时效目标", "时效指标"),
    l2("成本目标", "成本指标"),
    l2("经济效益目标", "经济效益指标"),
    l2("社会效益目标", "社会效益指标"),
    l2("生态效益目标", "生态效益指标"),
    l2("可持续影响目标", "可持续影响指标"),
    l2("服务对象满意度目标", "服务对象满意度指标"),
    // Levels ending in 值 for 指标 (产出值 / 数量值), a county's template.
    // fixture: fixtures/tables/cell-per-line-levels-ending-zhi.txt
    l1("产出值", "产出指标"),
    l1("效益值", "效益指标"),
    l1("满意度值", "满意度指标"),
    l2("数量值", "数量指标"),
    l2("质量值", "质量指标"),
    l2("时效值", "时效指标"),
    l2("成本值", "成本指标"),
    l2("经济成本值", "经济成本指标"),
    l2("社会成本值", "社会成本指标"),
    l2("生态环境成本值", "生态环境成本指标"),
    l2("经济效益值", "经济效益指标"),
    l2("社会效益值", "社会效益指标"),
    l2("生态效益值", "生态效益指标"),
    l2("可持续影响值", "可持续影响指标"),
    l2("服务对象满意度值", "服务对象满意度指标"),
    // The second level of 影响力指标 in its own template, kept as written.
    // fixture: fixtures/tables/impact-level1-cell-per-line.txt
    l2("长效管理", "长效管理"),
    l2("计划管理指标", "计划管理指标"),
    l2("资金管理指标", "资金管理指标"),
    l2("项目管理指标", "项目管理指标"),
    // The last 二级 of the 以工代赈 template's 过程管理指标.
    // fixture: fixtures/tables/process-levels-cell-per-line.txt
    l2("监督检查指标", "监督检查指标"),
];

/// Every spelling of the vocabulary with the label it reads as, in
/// vocabulary order: for readers that look for labels inside running text.
pub fn spellings() -> impl Iterator<Item = (&'static str, Label)> {
    VOCABULARY.iter().map(|e| (e.spelling, e.label))
}

/// How specific a department label is, most specific first: 主管部门 (and
/// its spellings with 代码/编码/单位名称) before 业务主管部门 before 预算部门
/// before 预算单位 / 申报单位 and the rest.
pub fn department_rank(spelling: &str) -> u8 {
    match spelling {
        "主管部门"
        | "主管部门及代码"
        | "主管部门及编码"
        | "主管部门(单位)名称"
        | "主管部门(单位)名称及预算编码"
        | "主管部门(单位)名称及部门预算编码"
        | "主管预算部门"
        | "区县主管部门"
        | "县级主管部门"
        | "区级主管部门"
        | "县(市、区)主管部门"
        | "县(市、区)级主管部门"
        | "县(区)主管部门"
        | "县(市)主管部门"
        | "县区主管部门" => 0,
        "业务主管部门" => 1,
        "预算部门" | "实施部门" => 2,
        "预算单位"
        | "预算单位名称"
        | "申报单位"
        | "申报单位名称"
        | "市级主管部门"
        | "地方主管部门"
        | "州(市)主管部门"
        | "市(州)主管部门"
        | "地(市)主管部门" => 3,
        // A transfer form names the ministries above the county's own 主管部门.
        "省级主管部门" | "自治区主管部门" => 5,
        "中央主管部门" => 6,
        _ => 4,
    }
}

/// True for cell text left over from a label wrapped or split by the
/// extraction: a lone `指标` (from `经济效益` / `指标`), a score range on its own
/// line (`(40-50)分`), or a lone `其中:`.
pub fn is_label_residue(text: &str) -> bool {
    // Every residue holds 指, 其 or 分: most cells are dismissed without allocating.
    if !text.contains(['指', '其', '分']) {
        return false;
    }
    let compact: String = text
        .chars()
        .filter(|c| !is_space(*c))
        .map(fold_char)
        .collect();
    if matches!(compact.as_str(), "指标" | "其中" | "其中:" | "分") {
        return true;
    }
    // A template's note in the 二级 column (`(数量、质量、成本方面的指标)`),
    // the levels it asks for, not one of them.
    // fixture: fixtures/tables/level-label-notes.txt
    if let Some(inner) = compact.strip_prefix('(').and_then(|c| c.strip_suffix(')')) {
        if inner.contains('、') && inner.ends_with("指标") && !inner.contains(['(', ')']) {
            return true;
        }
    }
    // (40-50)分 / 40-50分 / (20分)
    let inner = compact.trim_start_matches('(').trim_end_matches('分');
    let inner = inner.trim_end_matches(')').trim_end_matches('分');
    !inner.is_empty()
        && compact.contains('分')
        && inner
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '~' | '—' | '－' | '.'))
}

/// Titles of a value column for the whole term, printed before the year's
/// (`中期指标值 | … | 年度指标值`): a 二级/三级 after one starts the year's
/// block printed beside the term's.
pub const TERM_VALUE_TITLES: &[&str] = &[
    "中期指标值",
    "中长期指标值",
    "实施期指标值",
    "实施周期指标值",
    "三年总体指标值",
];

/// Section labels some templates print down a merged cell, a character at a
/// time (`总` … `年度目标` … `绩`): one of their characters alone in its cell
/// of the header is left of that label, not a value.
pub const VERTICAL_SECTION_LABELS: &[&str] = &["总体目标", "绩效指标", "绩效目标"];

/// True for a cell holding one character of a [`VERTICAL_SECTION_LABELS`] label alone.
// fixture: fixtures/tables/pipes-vertical-section-chars.txt
pub fn is_vertical_label_char(text: &str) -> bool {
    let mut chars = text.trim().chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => VERTICAL_SECTION_LABELS.iter().any(|l| l.contains(c)),
        _ => false,
    }
}

/// Labels a laid-out table (`pdftotext -layout`) prints down the merged cell
/// left of a block, a character per row (`总` / `体` / `目` / `标` beside the
/// goals, `绩` / `效` / `指` / `标` beside the indicators). Only a whole one,
/// read down its column, makes its characters label pieces.
pub const LABELS_DOWN_A_COLUMN: &[&str] = &[
    "总体目标",
    "绩效指标",
    "绩效目标",
    "年度目标",
    "中期目标",
    "长期目标",
    "年度绩效目标",
    "年度绩效指标",
    "项目资金",
    "资金情况",
];

/// The 一级指标 of the national templates (成本指标 as a first level in newer ones).
pub const STANDARD_LEVEL1: &[&str] = &["产出指标", "效益指标", "满意度指标", "成本指标"];

/// Whether a level name is one of the templates' own 一级指标, not a form's own
/// label (`实施效果指标`, `项目完成指标`).
pub fn is_standard_level1(name: &str) -> bool {
    STANDARD_LEVEL1.contains(&name)
}

/// fixture: fixtures/tables/ocr-damaged-level1.txt
/// Whether a first-level cell the vocabulary does not know (`效盖指标`) is
/// `parent`, the first level of the known 二级指标 under it, with one
/// character misread: the same length, one character different. Alone such a
/// cell is ambiguous (`效盖指标` is one character from both 效益指标 and a
/// form's own 效果指标); the second level under it settles which.
pub fn is_misread_level1(written: &str, parent: &str) -> bool {
    if match_label(written).is_some_and(|m| m.rest.is_empty() && !m.fuzzy) {
        return false;
    }
    let written: Vec<char> = written
        .chars()
        .filter(|c| !is_space(*c))
        .map(fold_char)
        .collect();
    let parent: Vec<char> = parent.chars().collect();
    written.len() == parent.len()
        && written.iter().zip(&parent).filter(|(a, b)| a != b).count() == 1
}

/// Spellings never cut out of text without separators: inside run-on text
/// they are mostly part of a title (`…绩效目标表`) or the column titles of
/// an allocation table printed before the form (`序号单位项目金额`), not a
/// label of their own.
pub const NOT_IN_UNSEPARATED: &[&str] = &[
    "绩效目标",
    "总体绩效目标",
    "项目绩效目标",
    "项目金额",
    "项目支出",
    "基本支出",
    "部门预算",
    "合计",
    "年度预算",
    "批复金额",
];

/// Endings of header labels the vocabulary does not list (`归口业务科室`,
/// `项目开始日期`, `专项属性`): a short cell ending so, between values in a
/// header row, is a label of its own, not more of the value before it.
pub const LABEL_TAILS: &[&str] = &[
    "科室",
    "部门",
    "单位",
    "日期",
    "时间",
    "属性",
    "额度",
    "名称",
    "类型",
    "分类",
    "类别",
    "用途",
    "方式",
    "代码",
    "编码",
    "电话",
    "负责人",
    "责任人",
    "联系人",
    "地址",
    "期限",
    "周期",
    "级别",
    "性质",
    "依据",
    "来源",
    "采购",
    "区划",
    "账号",
    "审批",
    "概况",
    "概述",
    "文号",
    "计划",
    // fixture: fixtures/tables/pipes-unknown-label-rows.txt
    // (`项目设立必要性 | 保障…`)
    "必要性",
    "可行性",
    "实施情况",
    "及原因",
    // fixture: fixtures/tables/tabs-unknown-label-rows.txt
    // (`项目申请原因 | …`, `以前年度项目绩效情况 | …`)
    "原因",
    "绩效情况",
    // fixture: fixtures/tables/cell-per-line-label-tails.txt
    // (`项目等级` / `二级项目`, `保证项目实施的制度、措施` / …)
    "等级",
    "措施",
    // Amount labels (`部门预算 | 8.00`); only between values, so a 一般公共预算
    // after its label stays a value.
    "预算",
    "资金",
    "金额",
    // A goal label the vocabulary lacks (`三年滚动目标`) is kept under its text.
    "目标",
];

/// Endings of header labels that no organisation or person is named with
/// (`项目开始日期`, `政策依据`, `项目实施计划`): a label-shaped cell ending so
/// is an empty template's next label, never the value of a department,
/// implementer or leader waiting above it.
pub const NOT_A_NAME_TAILS: &[&str] = &[
    "日期", "时间", "名称", "类型", "分类", "类别", "用途", "编码", "代码", "电话", "期限", "依据",
    "文号", "计划", "属性", "性质",
    // fixture: fixtures/layouts/cell-per-line-damaged-column-title.txt
    // A column title of the indicator table with a character lost (`级指标`).
    "指标",
];

/// Whether `text` is a label of an empty template standing where a name was
/// expected: label-shaped and ending in one of [`NOT_A_NAME_TAILS`].
/// A stamp's place left blank (`(盖章)`) is no name either.
pub fn is_not_a_name(text: &str) -> bool {
    let bare = without_annotation(text.trim_end_matches([':', '：']));
    is_blank_seal(text) || (label_sized(bare) && NOT_A_NAME_TAILS.iter().any(|t| bare.ends_with(t)))
}

/// A stamp's place left blank after a label (`申报单位名称:(盖章)`): the
/// label's value is still to come, the stamp is not it.
/// A funding block's sub-row named only `其他` (`三、其他:30`, `其他 | 30`):
/// its amount after the colon, or "" when the amount stands in the next cell.
/// The word alone is the other money only inside a funding block, which the
/// caller knows.
// fixture: fixtures/tables/funding-numbered-subrows.txt
pub fn bare_other(text: &str) -> Option<&str> {
    let t = text.trim();
    let numbered =
        t.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    let t = if numbered.len() < t.len() {
        numbered.strip_prefix(['、', '.', '．'])?
    } else {
        t
    };
    let rest = t.strip_prefix("其他")?.trim_start();
    let rest = match rest.strip_prefix([':', '：']) {
        Some(r) => r.trim(),
        None if rest.is_empty() => rest,
        None => return None,
    };
    (rest.is_empty() || crate::value::parse_amount_like(rest)).then_some(rest)
}

/// Sign-off labels under which an approval's opinion is written: furniture
/// of the form, never its data.
pub const APPROVAL_LABELS: &[&str] = &["财政部门审核意见", "主管部门审核意见", "审核意见"];

/// Header labels that also sign a form off when printed under its table
/// (`填报单位(盖章):某局`): kept in extra there too.
// fixture: fixtures/tables/approval-sign-off-line.txt
pub const SIGN_OFF_EXTRA_LABELS: &[&str] = &["填报单位", "批复单位"];

/// Extra labels whose value is one unit's name (`编制单位(盖章):某局`,
/// `批复单位:某财政局`): it never wraps onto the line below.
pub const UNIT_EXTRA_LABELS: &[&str] = &["填报单位", "编制单位", "批复单位"];

/// Labels of a form's closing row of remarks, printed under its indicator
/// table (`其他说明的问题 | 无`): a header field kept in extra, not the 注.
pub const REMARKS_LABELS: &[&str] = &[
    "其他需说明的问题",
    "其他需要说明的问题",
    "其他说明的问题",
    "其他说明",
    "需要说明的情况",
    "其他需要说明的情况",
];

/// Whether text is a plain sign-off value: a person's name of two to four
/// characters, a phone number, a date or an office's name (`柯明远`,
/// `0739-5123456`, `2024年1月22日`, `南岭市城市管理局`), and nothing run on after it.
pub fn is_sign_off_value(text: &str) -> bool {
    static DATE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\d{4}\s*(年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-./]\d{1,2}[-./]\d{1,2})$")
            .ok()
    });
    let t = text.trim();
    let n = t.chars().count();
    let name = (2..=4).contains(&n) && t.chars().all(crate::normalize::is_ideograph);
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let phone = (7..=20).contains(&n)
        && digits >= 7
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')'));
    let date = DATE.as_ref().is_some_and(|r| r.is_match(t));
    name || phone || date || crate::segment::is_office_name(t)
}

/// A blank signature, stamp or date to fill in (`（签字）`, `年 月 日`).
pub fn is_blank_fill(text: &str) -> bool {
    let bare: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ':' | '：' | '_'))
        .collect();
    bare.is_empty() || bare == "年月日" || is_blank_seal(&bare)
}

/// A short label with nothing after its colon, signed below a form
/// (`审核:`, `复核人：`, `单位负责人签字:`): a blank line to sign, not text
/// of the form, nor the value of an empty label before it.
// fixture: fixtures/tables/footer-empty-label-before-label.txt
pub fn is_unsigned_label(text: &str) -> bool {
    text.trim().strip_suffix([':', '：']).is_some_and(|head| {
        (1..=8).contains(&head.chars().count()) && head.chars().all(crate::normalize::is_ideograph)
    })
}

pub fn is_blank_seal(text: &str) -> bool {
    let seal = text.trim().trim_matches(['(', ')', '（', '）', ' ']);
    crate::regions::SEALS.contains(&seal)
}

/// The indicator table's column titles (一级指标 … 备注): one set for every
/// question of the form "is this label a column of the table?".
pub const COLUMN_FIELDS: &[Field] = &[
    Field::ColLevel1,
    Field::ColLevel2,
    Field::ColName,
    Field::ColValue,
    Field::ColUnit,
    Field::ColOp,
    Field::ColExtra,
];

/// Header fields whose label, right after a form title met inside an
/// indicator table, says the title starts a new form (not a title repeated
/// on a new page of the same form).
pub const FORM_HEAD_FIELDS: &[Field] = &[
    Field::ProjectName,
    Field::DepartmentName,
    Field::Department,
    Field::Leader,
    Field::LeaderName,
    Field::Implementers,
    Field::Funding,
    Field::FundingTotal,
    Field::UnitNote,
    Field::Extra,
];

/// The fields that name what a form is about: its project, or the
/// department of a whole-department form. One of them printed again in a
/// form starts the next form.
pub const SUBJECT_FIELDS: &[Field] = &[Field::ProjectName, Field::DepartmentName];

/// The labels that open a form with no title above them: its subject or its
/// 主管部门.
pub const OPENING_FIELDS: &[Field] =
    &[Field::ProjectName, Field::DepartmentName, Field::Department];

/// The header fields that hold a goal's paragraphs: 年度目标, 中长期目标 and
/// the 总体目标 section label over them.
pub const GOAL_FIELDS: &[Field] = &[Field::GoalAnnual, Field::GoalLongTerm, Field::GoalSection];

/// 一级指标 labels some templates print again as their own 二级 (`满意度指标 |
/// 满意度指标`, `成本指标 | 成本指标`): two such cells side by side are both
/// levels, not one merged cell repeated.
pub const LEVEL1_ALSO_LEVEL2: &[&str] = &["满意度指标", "成本指标"];

/// A 二级 of older templates that newer ones print as a 一级 of its own:
/// read twice in a row, or before another 二级, it is the row's 一级.
pub const LEVEL2_ALSO_LEVEL1: &str = "成本指标";

/// Words that head a funding period column.
pub const ANNUAL_PERIODS: &[&str] = &[
    "年度",
    "当年",
    "本年度",
    "本年",
    "全年",
    "年度资金",
    "当年资金",
];

/// Funding period columns other than the form's own year: the project's
/// whole term and earlier years. An amount under one is an item named with
/// the period first (`实施期资金总额`).
pub const OTHER_PERIODS: &[&str] = &["实施期", "项目期", "中期", "上年", "以前年度"];

/// Government levels money is split by when a form has no 财政拨款 row: a
/// funding item whose label holds one is fiscal money of that level.
pub const GOVERNMENT_LEVELS: &[&str] = &[
    "中央",
    "省级",
    "省财政",
    "自治区",
    "市级",
    "市财政",
    "县级",
    "县财政",
    "区级",
    "区财政",
    "本级",
    "上级",
    "同级",
    "地方",
    // fixture: fixtures/tables/city-county-funds.txt
    "市县",
    "市、县",
];

/// Amount words a period column's title may end with (`实施期资金总额`, `年度金额`).
pub const PERIOD_AMOUNT_ENDINGS: &[&str] = &["资金总额", "资金合计", "金额", "资金"];

/// Header labels that, written with their colon under the indicator table
/// (`联系人：某某`, `联系电话：…`), sign the form off as a 填表人 row does.
pub const SIGN_OFF_FIELDS: &[Field] = &[Field::Contact, Field::LeaderPhone];

/// Headings of an indicator table for the project's whole term, printed before
/// the year's own table ([`YEAR_TABLE_HEADINGS`]).
pub const TERM_TABLE_HEADINGS: &[&str] = &[
    "总目标绩效指标",
    "长期绩效指标",
    "中期绩效指标",
    "实施期绩效指标",
];

/// The words that, over the column titles, make a wrapped table heading the
/// term's (`总目标` / `绩效指标`) or the year's (`本年度` / `绩效指标`).
// fixture: fixtures/tables/spaces-term-table-heading-wrapped.txt
pub const TERM_TABLE_WORDS: &[&str] = &[
    "总目标",
    "长期目标",
    "中期目标",
    "实施期目标",
    "长期",
    "中期",
    "实施期",
];
pub const YEAR_TABLE_WORDS: &[&str] = &["本年度", "年度", "当年", "本年", "年度目标"];

/// The indicator table's heading that names neither the term nor the year.
pub const GENERIC_TABLE_HEADING: &str = "绩效指标";

/// The heading a word printed over a wrapped [`GENERIC_TABLE_HEADING`] makes:
/// the term's table (`总目标`) or the year's (`本年度`).
pub fn table_heading_named_by(word: &str) -> Option<&'static str> {
    if TERM_TABLE_WORDS.contains(&word) {
        TERM_TABLE_HEADINGS.first().copied()
    } else if YEAR_TABLE_WORDS.contains(&word) {
        YEAR_TABLE_HEADINGS.first().copied()
    } else {
        None
    }
}

/// Headings of the year's indicator table.
pub const YEAR_TABLE_HEADINGS: &[&str] = &["年度绩效指标", "本年度绩效指标", "当年绩效指标"];

/// The sum row of a funding block (`合计 | 1260 | 财政资金 | 1100`): the total,
/// read as one only once the form's funding block has begun.
pub const FUNDING_SUM_LABEL: &str = "合计";

/// Unit-of-money labels that, printed just before `合计`, head a funding block
/// (`金额 | 合计 | 2140.3 | 其中:财政拨款 | 2140.3`; `金额(万元) | 合计 | …`).
pub const AMOUNT_HEADINGS: &[&str] = &["金额"];

/// Titles of a funding table's column of row labels, printed beside the
/// funding label over the period columns (`资金情况 | 项目 | 上年度预算安排 |
/// 本年度申请金额`).
pub const FUNDING_LABEL_COLUMN_TITLES: &[&str] = &["项目", "资金来源", "资金项目", "来源"];

/// How a header label the vocabulary does not know may end: such a cell after
/// a value on its row (`项目总预算 48 财政资金预算分类 一般公共预算`) is the
/// next field's label, not more of that value.
pub const UNKNOWN_LABEL_TAILS: &[&str] = &["分类", "代码", "编码", "类型", "类别", "性质", "属性"];

/// Whether `text` reads as a header label of its own (see [`UNKNOWN_LABEL_TAILS`]):
/// short, without a digit, and ending as labels do.
pub fn is_unknown_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '：']);
    (4..=12).contains(&t.chars().count())
        && !t.contains(|c: char| c.is_ascii_digit())
        && UNKNOWN_LABEL_TAILS.iter().any(|w| t.ends_with(w))
}

/// A score alone in a cell (`10分`, `20 分`): the weight of a block, no text.
pub fn is_score_cell(text: &str) -> bool {
    text.trim()
        .strip_suffix('分')
        .is_some_and(|n| !n.trim().is_empty() && n.trim().chars().all(|c| c.is_ascii_digit()))
}

/// Fields that open or fill a form's funding block.
pub const FUNDING_BLOCK_FIELDS: &[Field] = &[
    Field::Funding,
    Field::FundingTotal,
    Field::FundingFiscal,
    Field::FundingOther,
    Field::FundingItem,
];

/// How a fund's name ends when a cell prints it before its amount
/// (`…补助资金(…)60`, `省级财政专项资金12.5万元`).
pub const FUND_SOURCE_ENDINGS: &[&str] = &["资金", "补助", "经费", "拨款", "专项"];

/// How the heading of a template's instructions ends (`…申报表填报说明`).
pub const INSTRUCTION_HEADINGS: &[&str] = &["填报说明", "填表说明"];

/// A heading of the template's instructions, printed after the form: no
/// line of it.
pub fn is_instructions_heading(text: &str) -> bool {
    // Every heading ends in 明 or a colon: most cells stop here.
    if !text.trim_end().ends_with(['明', ':', '：']) {
        return false;
    }
    let t = text.trim().trim_end_matches([':', '：']);
    t.chars().count() <= 40 && INSTRUCTION_HEADINGS.iter().any(|h| t.ends_with(h))
}

/// Words of a title for a department's or unit's whole spending
/// (部门整体支出绩效目标表, 单位整体绩效目标表), not a project's.
pub const WHOLE_SPENDING_TITLES: &[&str] = &["部门整体", "整体支出", "整体绩效"];

/// Whether a form's title names a department's or unit's whole spending
/// (see [`WHOLE_SPENDING_TITLES`]).
pub fn is_whole_spending_title(title: &str) -> bool {
    WHOLE_SPENDING_TITLES.iter().any(|w| title.contains(w))
}

/// Sign-off labels that a whole-spending form prints among its header cells,
/// with a name beside them: there they are header fields (kept in `extra`).
pub const WHOLE_FORM_HEADS: &[&str] = &["单位负责人"];

/// The sections of a budget split after its fiscal part that are not fiscal
/// money (湖南: `(一)财政拨款小计 / (二)自有资金小计 / (三)其他收入`): together
/// they are the form's other money.
pub const NON_FISCAL_SECTIONS: &[&str] = &["自有资金小计", "其他收入"];

/// What a transfer form's template prints for the unit of any county or
/// city (`县(市、区)教育部门`, `各县（市、区）财政局`): no unit's name.
pub const PLACEHOLDER_UNITS: &[&str] = &[
    "县(市、区)",
    "县（市、区）",
    "縣(市、區)",
    "縣（市、區）",
    "市(州)",
    "市（州）",
];

/// Funding rows of money carried over from earlier years: part of the
/// year's total beside 财政拨款 and 其他资金.
pub const CARRY_OVER_LABELS: &[&str] =
    &["上年结转", "上年结余", "结转资金", "结余资金", "结转结余"];

/// Column titles that name the indicator's column in some templates but,
/// beside a 三级指标 column, describe the indicator (`指标内容`).
pub const DESCRIPTION_TITLES: &[&str] = &["指标内容"];

/// Cells that mark a subtotal: a sheet's subtotal row, or a funding row's
/// own amount (`一般公共预算拨款 | 小计 | 260`).
pub const SUBTOTALS: &[&str] = &["小计", "合计", "总计", "合 计", "小 计", "总 计"];

/// A value's closing words that a wrap may put on a line of their own
/// (`2024年11月` / `底前`).
// fixture: fixtures/tables/value-tail-wrapped.txt
pub const VALUE_TAILS: &[&str] = &[
    "底前",
    "月底前",
    "年底前",
    "前",
    "以前",
    "之前",
    "以上",
    "以下",
    "以内",
    "左右",
];

/// Words that make a funding column's title the total when the vocabulary
/// lacks the title (`预算支出总额`, `当年预算`, `合计`).
// fixture: fixtures/tables/funding-column-titles-amounts-below.txt
pub const FUNDING_TOTAL_TITLES: &[&str] = &["合计", "总计", "总额", "当年预算", "预算数"];

/// The kinds of 财政拨款 a 部门整体 budget lists instead of one 财政拨款 row: each
/// is fiscal money, as a government level is.
pub const FISCAL_BUDGET_KINDS: &[&str] =
    &["一般公共预算", "政府性基金", "国有资本经营预算", "公共财政"];

/// Whether a funding item is fiscal money named by its government level
/// (`市财政资金`, `中央补助`) or its kind of budget (`一般公共预算`): a form that
/// splits its money so has fiscal = the sum of such items.
// fixture: fixtures/tables/funding-budget-kinds.txt
pub fn is_fiscal_source(label: &str) -> bool {
    GOVERNMENT_LEVELS.iter().any(|l| label.contains(l))
        || FISCAL_BUDGET_KINDS.iter().any(|k| label.starts_with(k))
}

/// Labels a form may number as sections (`三、年度绩效目标`, `四、年度绩效指标`).
pub const NUMBERED_SECTION_FIELDS: &[Field] = &[
    Field::GoalAnnual,
    Field::GoalLongTerm,
    Field::GoalSection,
    Field::Table,
];

/// The goal fields that take a text themselves (not the 总体目标 section
/// label over them).
pub const GOAL_TEXT_FIELDS: &[Field] = &[Field::GoalAnnual, Field::GoalLongTerm];

/// Section labels: they head other labels (资金情况 over 年度资金总额, 总体目标
/// over 年度目标) and take a value only when no label follows them.
pub const SECTION_FIELDS: &[Field] = &[Field::Funding, Field::GoalSection];

/// Header fields whose value may wrap onto the next line, a row of text
/// alone continuing it.
pub const WRAPPING_FIELDS: &[Field] = &[
    Field::GoalAnnual,
    Field::GoalLongTerm,
    Field::GoalSection,
    Field::Extra,
    Field::ProjectName,
    Field::Implementers,
];

/// Header fields whose values are names (a project's, its units'), never
/// sentences: a wrapped line that reads as a sentence continues no such value.
pub const NAME_FIELDS: &[Field] = &[Field::ProjectName, Field::Implementers];

/// Punctuation that ends or joins a sentence's clauses, never printed in a
/// project's name (a list of units may use `，` between its names).
pub const CLAUSE_MARKS: &[char] = &['，', '。', '；', ';'];

/// The table's columns that name an indicator (its levels and its name),
/// left of the columns of its values.
pub const LEAD_COLUMNS: &[Field] = &[Field::ColLevel1, Field::ColLevel2, Field::ColName];

/// Header fields that hold an amount of money: their label may run on into
/// the amount with no colon (`财政拨款86.4万元`).
pub const AMOUNT_FIELDS: &[Field] = &[
    Field::FundingTotal,
    Field::FundingFiscal,
    Field::FundingOther,
    Field::FundingItem,
];

/// Department labels that name a budget unit (`单位名称`): beside a
/// 部门名称 on a project form, the unit that carries the project out.
pub const UNIT_NAME_LABELS: &[&str] = &["单位名称"];

/// What a form prints in a cell it leaves empty (`-`, `—`, `/`, `无`).
pub const EMPTY_CELL_MARKS: &[&str] = &["—", "-", "–", "/", "无", "——", "－"];

/// The first cell of a table's sum row (`金额合计 | | | 1245.5 | 1243.5 | 2`):
/// a 部门整体 form's task table gives its amounts task by task, and this row
/// the form's own.
pub const SUM_ROW_LABELS: &[&str] = &["金额合计", "资金合计", "预算金额合计", "合计", "总计"];

/// Words of a scoring rule (评分标准) a template prints in an indicator row
/// (`未达指标值酌情扣分`, `完成得满分`).
pub const SCORE_RULE_WORDS: &[&str] = &["扣分", "不得分", "得满分", "计分"];

/// Whether a cell is a scoring rule, not an indicator's name: short, and
/// saying how points are lost or won.
pub fn is_score_rule(text: &str) -> bool {
    text.chars().count() <= 30 && SCORE_RULE_WORDS.iter().any(|w| text.contains(w))
}

/// Titles of a task table's total column under its amount heading
/// (`预算金额` over `总额 | 财政拨款 | 其他资金`, or `小计 | 市财政拨款 | 其他资金`).
pub const TASK_TOTAL_TITLES: &[&str] = &["总额", "小计", "合计", "预算金额", "预算金额(万元)"];

/// Kinds of project a value names, ending in the 项目 that also opens labels
/// (`项目分类其他项目资金用途…`, `项目类型新增项目主管部门…`).
pub const PROJECT_KIND_VALUES: &[&str] = &[
    "新增项目",
    "延续项目",
    "其他项目",
    "业务类项目",
    "一次性项目",
    "经常性项目",
    "常年性项目",
    "专项项目",
];

/// How the indicator table's column titles end, wrapped onto a line of
/// their own under the header row (`指标值` / `说明`, `计量` / `单位`).
pub const HEADER_CELL_ENDINGS: &[&str] = &[
    "说明",
    "描述",
    "单位",
    "指标",
    "名称",
    "标准",
    "性质",
    "权重",
    "指标值",
    "目标值",
    "内容",
    "备注",
    "分值",
    "方向",
];

/// Endings of a title's head wrapped onto the line above the rest of it
/// (`某区民政局2024年项目支出` / `绩效目标表`).
pub const TITLE_HEAD_ENDINGS: &[&str] = &["支出", "项目", "资金"];

/// Words of a title that a wrap may cut in two (`…部门整体支` / `出绩效目标表`):
/// a head ending with the first part of one, over a line starting with the
/// rest, is the title's head too.
pub const TITLE_CUT_WORDS: &[&str] = &["项目支出", "整体支出", "绩效目标", "目标申报表"];

/// True when `head` ends partway into a title word that `tail` finishes.
pub fn cuts_title_word(head: &str, tail: &str) -> bool {
    TITLE_CUT_WORDS.iter().any(|w| {
        w.char_indices()
            .skip(1)
            .any(|(k, _)| head.ends_with(&w[..k]) && tail.starts_with(&w[k..]))
    })
}

/// Titles of a column numbering an indicator table's rows.
pub const SERIAL_TITLES: &[&str] = &["序号", "编号", "序"];

/// Words of an indicator table's column titles whose cells hold a bare
/// number (分值 | 权重(%)): a lone number under a row still short of such a
/// cell is its wrapped tail, not a page number.
pub const NUMBER_COLUMN_WORDS: &[&str] = &["分值", "权重", "分数", "得分", "标准分"];

/// Column titles that open a 部门整体 form's task table (年度主要任务 |
/// 任务名称 | 主要内容 | 预算金额).
pub const TASK_TABLE_TITLES: &[&str] = &["任务名称"];

/// Column titles of a task table's text about each task (年度主要任务 | 任务名称 |
/// 主要内容): a task's text is kept in `extra` under its name.
pub const TASK_CONTENT_TITLES: &[&str] = &[
    "主要内容",
    "任务内容",
    "工作内容",
    "主要工作内容",
    // fixture: fixtures/tables/duty-table-task-titles.txt
    // The 年度履职目标 table (部门职能 | 年度目标任务 | 支出项目名称 | 预算金额).
    "年度目标任务",
];

/// Column titles that open a task table beside a [`TASK_CONTENT_TITLES`]
/// title, a task's name above each row (部门职能 | 年度目标任务 | …).
pub const TASK_NAME_TITLES: &[&str] = &["部门职能", "职能", "履职内容"];

/// Words of an indicator's name that ask for a date (`完成时间`, `资金拨付时限`).
pub const DATE_NAME_WORDS: &[&str] = &["时间", "时限", "日期", "期限"];

/// Whether an indicator's value is a date: a 时效 row, or a name asking for one.
pub fn asks_for_date(level2: Option<&str>, name: Option<&str>) -> bool {
    level2.is_some_and(|l| l.contains("时效"))
        || name.is_some_and(|n| DATE_NAME_WORDS.iter().any(|w| n.contains(w)))
}

/// Task-table headings a department form may print as its goal's label
/// instead, the goal beside it (`年度履职目标 | 完成造林1万亩。`).
// fixture: fixtures/tables/duty-goal-label.txt
pub const DUTY_GOAL_HEADINGS: &[&str] = &["年度履职目标", "年度工作目标"];

/// The headings of a 部门整体 form's task table, printed in its first
/// column (a merged cell) or on a row of their own above it.
pub const TASK_HEADINGS: &[&str] = &[
    "年度主要任务",
    "年度履职目标",
    "年度重点工作任务",
    "部门年度重点工作任务",
    "重点工作任务",
    "主要任务",
];

/// Header fields whose label may be run on into its value with no
/// separator and no colon (`项目名称某某工程`, `主管部门某某局`).
pub const RUN_ON_FIELDS: &[Field] = &[
    Field::ProjectName,
    Field::Department,
    Field::Implementers,
    Field::FundingTotal,
    Field::GoalAnnual,
    Field::GoalLongTerm,
    Field::Extra,
    Field::Furniture,
];

/// What may not follow a label run on into its value: the start of a longer
/// label (`项目名称及编码`) or of a bracketed annotation.
const NOT_AFTER_RUN_ON: &[char] = &['及', '和', '与', '、', '(', '（', '[', '【', '/', ':', '：'];

/// A header cell whose label runs on into its value with no separator
/// (`项目名称某某工程`): the label's end. Only labels of four characters or
/// more of [`RUN_ON_FIELDS`], spelled exactly, followed by two or more
/// characters that are not themselves a label.
pub fn run_on_label(text: &str) -> Option<usize> {
    use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
    static HEADS: std::sync::LazyLock<Option<AhoCorasick>> = std::sync::LazyLock::new(|| {
        let spellings = VOCABULARY.iter().filter(|e| {
            matches!(e.label, Label::Field(f) if RUN_ON_FIELDS.contains(&f))
                && e.spelling.chars().count() >= 4
                && !NOT_IN_UNSEPARATED.contains(&e.spelling)
        });
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(spellings.map(|e| e.spelling))
            .ok()
    });
    // A colon says where a label ends: `申报单位名称:` is one label.
    if text.contains([':', '：']) {
        return None;
    }
    let heads = HEADS.as_ref()?;
    let m = heads.find(Input::new(text).anchored(Anchored::Yes))?;
    let rest = &text[m.end()..];
    // `主管部门名称`: a label's own ending, not its value.
    let tail = LABEL_TAILS.contains(&rest) || is_label_shaped(rest);
    let ok = rest.chars().nth(1).is_some()
        && !tail
        && !rest.starts_with(NOT_AFTER_RUN_ON)
        && match_label(rest).is_none()
        && match_label(text).is_none_or(|l| l.rest.is_empty() && l.fuzzy);
    ok.then_some(m.end())
}

/// Beginnings of header labels that ask a question (`是否政府采购`).
pub const LABEL_HEADS: &[&str] = &["是否"];

/// Whether a cell is shaped like a header label the vocabulary lacks: short,
/// no digits or sentence punctuation, and a label's usual ending or beginning.
pub fn is_label_shaped(text: &str) -> bool {
    let whole = text.trim_end_matches([':', '：']).trim_end();
    let text = without_annotation(whole);
    // fixture: fixtures/tables/unit-annotated-unknown-label.txt
    // A unit in brackets after it (`预算执行率权重(%)`) makes a label too.
    let unit_annotated = text.len() < whole.len()
        && whole
            .get(text.len()..)
            .map(|a| a.trim_matches(['(', ')', '（', '）', ' ']))
            .is_some_and(|a| a == "%" || a == "％" || crate::value::is_unit_word(a));
    label_sized(text)
        && (unit_annotated
            || LABEL_TAILS.iter().any(|t| text.ends_with(t))
            || LABEL_HEADS.iter().any(|h| text.starts_with(h)))
}

/// Three to sixteen characters with no digits or sentence punctuation: the
/// size and make of a header label. A 、 joins two words of one label
/// (`保证项目实施的制度、措施`) but never opens or closes it, nor stands in
/// brackets, as in a place-holder value (`县(市、区)财政部门`).
fn label_sized(text: &str) -> bool {
    let listed = text
        .split_once('、')
        .is_some_and(|(before, _)| before.contains(['(', '（']));
    (3..=16).contains(&text.chars().count())
        && !listed
        && !text.starts_with('、')
        && !text.ends_with('、')
        && !text
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '。' | '，' | ',' | '；' | ';' | '%' | ' '))
}

/// The bracketed annotation at the end of a label's text, without its
/// brackets (`项目申请金额（万元）` → `万元`).
pub fn annotation_of(text: &str) -> Option<&str> {
    let t = text.trim_end().trim_end_matches([':', '：']);
    let body = without_annotation(t);
    let inner = t.get(body.len()..)?.trim();
    let inner = inner
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    (!inner.is_empty()).then_some(inner)
}

/// A label's text without a bracketed annotation at its end
/// (`中期市财政预算(万元)` → `中期市财政预算`).
pub fn without_annotation(text: &str) -> &str {
    let t = text.trim_end();
    if let Some(body) = t.strip_suffix([')', '）']) {
        if let Some(open) = body.rfind(['(', '（']) {
            return body[..open].trim_end();
        }
    }
    t
}

/// Endings of amount labels the vocabulary lacks (`部门预算`, `本年度申请市财政预算资金(万元)`).
const AMOUNT_TAILS: &[&str] = &["预算", "资金", "金额", "预算数"];

/// Beginnings that make an amount label the year's total.
const YEAR_HEADS: &[&str] = &["本年度", "本年", "当年", "年度"];

/// The funding field of a label-shaped cell the vocabulary lacks that names
/// an amount: the total when it names the year's, else an item.
pub fn amount_label(text: &str) -> Option<Field> {
    let body = without_annotation(text.trim_end_matches([':', '：']));
    if !AMOUNT_TAILS.iter().any(|t| body.ends_with(t)) {
        return None;
    }
    Some(if YEAR_HEADS.iter().any(|h| body.starts_with(h)) {
        FundingTotal
    } else {
        FundingItem
    })
}

/// A cell holding a label the vocabulary lacks, its colon and its value
/// (`预算执行率权重：10%`): the label (with its colon) and the value. The label
/// is three to ten characters of words; the value short, with no colon of its own.
pub fn colon_label_and_value(text: &str) -> Option<(&str, &str)> {
    let at = text.find([':', '：'])?;
    let colon = text[at..].chars().next()?.len_utf8();
    let (head, rest) = (&text[..at], text[at + colon..].trim());
    let words = head.chars().all(|c| c.is_alphabetic() && !c.is_ascii());
    let ok = words
        && (3..=10).contains(&head.chars().count())
        && !rest.is_empty()
        && rest.chars().count() <= 30
        && !rest.contains([':', '：', '。']);
    ok.then(|| (&text[..at + colon], rest))
}

/// A budget unit printed as its code and name (`801001-某县某局`,
/// `302005 某镇人民政府`): a header line of templates that head each form so.
// fixture: fixtures/regions/unit-code-line-after-repeated-title.txt
pub fn is_coded_unit(text: &str) -> bool {
    let t = text.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let Some(rest) = t.get(digits..) else {
        return false;
    };
    let name = rest.trim_start_matches(['-', '－', '—', ' ', '　']);
    (3..=12).contains(&digits)
        && name.len() < rest.len()
        && (2..=30).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "()（）".contains(c))
}

/// Whether a cell is a header label the vocabulary lacks, by its colon
/// (`项目经办人:`, `预算执行率权重(%):`): short, no sentence punctuation, and
/// not the lead-in of a list (`主要内容如下:`).
pub fn is_colon_label(text: &str) -> bool {
    let Some(body) = text.strip_suffix([':', '：']) else {
        return false;
    };
    let n = body.chars().count();
    let plain = !body.chars().any(|c| {
        c.is_whitespace() || matches!(c, '。' | '，' | ',' | '；' | ';' | '、' | ':' | '：')
    });
    let digits = body.chars().filter(char::is_ascii_digit).count();
    const LEAD_INS: &[&str] = &["如下", "以下", "包括", "是", "为", "有"];
    (2..=12).contains(&n)
        && plain
        && digits == 0
        && !LEAD_INS.iter().any(|w| body.ends_with(w))
        && body.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod shape_tests {
    use super::*;

    #[test]
    fn bare_other_table() {
        let cases = [
            ("三、其他:30", Some("30")),
            ("其他：12.5", Some("12.5")),
            ("3、其他", Some("")),
            ("其他", Some("")),
            ("其他资金", None),
            ("其他说明的问题", None),
            ("其他:详见附件", None),
        ];
        for (text, want) in cases {
            assert_eq!(bare_other(text), want, "{text}");
        }
    }

    #[test]
    fn annotations() {
        let cases = [
            ("项目申请金额（万元）", Some("万元")),
            ("中期预算(万元):", Some("万元")),
            ("项目申请金额", None),
            ("预算执行率权重(%)", Some("%")),
        ];
        for (text, want) in cases {
            assert_eq!(annotation_of(text), want, "{text}");
        }
    }

    #[test]
    fn label_shaped_cells() {
        let cases = [
            ("归口业务科室", true),
            ("是否政府采购", true),
            ("项目开始日期:", true),
            ("专项属性", true),
            ("三年滚动目标", true),
            ("项目审批", true),
            ("中期市财政预算(万元)", true),
            ("本年度申请市财政预算资金（万元）", true),
            ("公路股", false),
            ("清河镇农业服务中心", false),
            ("2021.10", false),
            ("完成清淤5公里。", false),
            ("单位", false),
            ("预算执行率权重(%)", true),
            ("建设规模（公里）", true),
            ("经常性项目", false),
            ("青石镇（代管）", false),
            ("项目等级", true),
            ("保证项目实施的制度、措施", true),
            ("县(市、区)财政部门", false),
            ("、措施", false),
            ("道路、桥梁", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_label_shaped(text), want, "{text}");
        }
    }

    #[test]
    fn sign_off_values_and_unsigned_labels() {
        for (text, want) in [
            ("柯明远", true),
            ("0739-5123456", true),
            ("2024年1月22日", true),
            ("南岭市城市管理局", true),
            ("完成城区28座公厕改造", false),
            ("柯明远 联系电话", false),
        ] {
            assert_eq!(is_sign_off_value(text), want, "{text}");
        }
        for (text, want) in [
            ("审核:", true),
            ("复核人：", true),
            ("单位负责人签字:", true),
            ("财政部门审核意见：", true),
            ("县人民政府分管负责同志签字:", false),
            ("审核:张三", false),
            ("备注", false),
            ("填报单位(盖章):", false),
        ] {
            assert_eq!(is_unsigned_label(text), want, "{text}");
        }
    }

    #[test]
    fn score_rules() {
        for (text, want) in [
            ("未达指标值酌情扣分", true),
            ("完成得满分，未完成不得分", true),
            ("按比例计分", true),
            ("群众满意度", false),
            ("扣分事项办结率", true),
            (
                "一项未完成扣1分，扣完为止，另有说明见附件评分细则及考核办法",
                false,
            ),
        ] {
            assert_eq!(is_score_rule(text), want, "{text}");
        }
    }

    #[test]
    fn vertical_label_chars() {
        for (text, want) in [
            ("总", true),
            ("绩", true),
            (" 标 ", true),
            ("总体", false),
            ("个", false),
            ("3", false),
            ("", false),
        ] {
            assert_eq!(is_vertical_label_char(text), want, "{text:?}");
        }
    }

    #[test]
    fn amount_labels() {
        let cases = [
            ("部门预算", Some(FundingItem)),
            ("本年度申请市财政预算资金(万元)", Some(FundingTotal)),
            ("当年预算金额:", Some(FundingTotal)),
            ("中期市财政预算(万元)", Some(FundingItem)),
            ("项目总体概况", None),
        ];
        for (text, want) in cases {
            assert_eq!(amount_label(text), want, "{text}");
        }
    }

    #[test]
    fn colon_labels() {
        let cases = [
            ("项目经办人:", true),
            ("预算执行率权重(%):", true),
            ("单位信息：", true),
            ("主要内容如下:", false),
            ("项目经办人", false),
            ("2021年:", false),
            ("完成清淤,加固堤防:", false),
            (":", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_colon_label(text), want, "{text}");
        }
    }

    #[test]
    fn run_on_labels() {
        let cases = [
            ("项目名称示例水源地巡查经费", Some("项目名称")),
            ("主管部门示例县水利局", Some("主管部门")),
            ("项目名称及编码", None),
            ("项目名称", None),
            ("项目名称:示例工程", None),
            ("申报单位名称:(盖章)", None),
            ("主管部门名称", None),
            ("主管部门编码", None),
            ("项目名称扶贫车间建设单位", None),
            ("项目名称(万元)", None),
            ("项目名称X", None),
            ("项目支出绩效目标表", None),
            ("年度绩效目标完成示例巡查。", Some("年度绩效目标")),
            ("项目填报人张三", Some("项目填报人")),
            ("填报人联系电话13800000000", Some("填报人联系电话")),
        ];
        for (text, want) in cases {
            let got = run_on_label(text).map(|end| &text[..end]);
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn short_level2_labels() {
        for (text, want) in [
            ("数量", Some("数量指标")),
            ("时效", Some("时效指标")),
            ("经济成本", Some("经济成本指标")),
            ("成本", Some("成本指标")),
            ("数量指标", None),
            ("满意度", None),
            ("产出", None),
            ("量", None),
            ("道路长度", None),
        ] {
            assert_eq!(short_level2(text), want, "{text}");
        }
    }

    #[test]
    fn level_prefixes() {
        for (text, want) in [
            ("服务对象满", true),
            ("社会效", true),
            ("数量指标", false),
            ("满", false),
            ("道路", false),
        ] {
            assert_eq!(is_level_prefix(text), want, "{text}");
        }
    }
}

/// fixture: fixtures/tables/short-level2-labels.txt
/// The 二级 a cell names when written without its 指标 (`数量` → 数量指标,
/// `经济成本` → 经济成本指标): too short to read as a label anywhere, so asked
/// only where a level stands.
pub fn short_level2(text: &str) -> Option<&'static str> {
    // The 二级 names without their 指标, found once (`数量` → 数量指标).
    static SHORT: std::sync::LazyLock<Vec<(&'static str, &'static str)>> =
        std::sync::LazyLock::new(|| {
            VOCABULARY
                .iter()
                .filter_map(|e| match e.label {
                    Label::Level2(name) if e.spelling == name => {
                        name.strip_suffix("指标").map(|short| (short, name))
                    }
                    _ => None,
                })
                .collect()
        });
    static LONGEST: std::sync::LazyLock<usize> =
        std::sync::LazyLock::new(|| SHORT.iter().map(|(s, _)| s.len()).max().unwrap_or(0));
    let text = text.trim();
    // Most cells are longer than any; one character is no label.
    if text.len() > *LONGEST || text.chars().nth(1).is_none() {
        return None;
    }
    SHORT
        .iter()
        .find(|(short, _)| *short == text)
        .map(|&(_, name)| name)
}

/// Whether text is the start of a level label cut off by a line wrap
/// (`服务对象满` of 服务对象满意度指标): two characters or more, not the whole label.
pub fn is_level_prefix(text: &str) -> bool {
    text.chars().nth(1).is_some()
        && VOCABULARY.iter().any(|e| {
            matches!(e.label, Label::Level1(_) | Label::Level2(_))
                && e.spelling.len() > text.len()
                && e.spelling.starts_with(text)
        })
}

/// 二级指标 the older national template files under 效益指标, where newer
/// ones make 满意度指标 a first level: under a 效益指标 carried down from
/// the rows above (a merged cell) they stay there.
pub const ALSO_UNDER_BENEFIT: &[&str] = &["社会公众或服务对象满意度指标"];

/// Values one character long that are whole answers (`是`, `无`, `优`): any
/// other lone character ending a cut text is the stump of a longer value.
pub const WHOLE_ONE_CHAR_VALUES: &[char] = &[
    '是', '否', '有', '无', '优', '良', '好', '高', '低', '中', '差', '全', '达', '零',
];

/// Whether `c` alone is a whole value (see [`WHOLE_ONE_CHAR_VALUES`]).
pub fn is_whole_one_char_value(c: char) -> bool {
    WHOLE_ONE_CHAR_VALUES.contains(&c)
}

/// The 一级指标 a known 二级指标 belongs to.
pub fn level1_of(level2: &str) -> Option<&'static str> {
    Some(match level2 {
        "数量指标" | "质量指标" | "时效指标" | "成本指标" => "产出指标",
        "经济效益指标" | "社会效益指标" | "生态效益指标" | "环境效益指标" | "可持续影响指标" => {
            "效益指标"
        }
        "服务对象满意度指标" | "社会公众或服务对象满意度指标" => {
            "满意度指标"
        }
        "经济成本指标" | "社会成本指标" | "生态环境成本指标" => "成本指标",
        "长效管理" => "影响力指标",
        "计划管理指标" | "资金管理指标" | "项目管理指标" | "监督检查指标" => {
            "过程管理指标"
        }
        _ => return None,
    })
}

/// A label found at the start of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelMatch<'a> {
    /// What the label means.
    pub label: Label,
    /// The vocabulary spelling it matched.
    pub spelling: &'static str,
    /// The bracketed annotation after the label, without brackets (`万元`).
    pub annotation: Option<&'a str>,
    /// Content after a colon in the same cell (`注: 各地…` → `各地…`), trimmed.
    pub rest: &'a str,
    /// True when matched with a one-character difference.
    pub fuzzy: bool,
}

/// Matches `spelling` at the start of `input`, skipping white space between
/// characters and comparing folded forms.
fn spaced<'a>(spelling: &'static str) -> impl Fn(&'a str) -> IResult<&'a str, &'a str> {
    move |input: &'a str| {
        let mut pos = 0usize;
        let bytes_len = input.len();
        for want in spelling.chars() {
            // skip spaces inside the label (each character decoded once)
            let mut rest = input[pos..].chars();
            let mut next = rest.next();
            while let Some(c) = next {
                if is_space(c) && pos > 0 {
                    pos += c.len_utf8();
                    next = rest.next();
                } else {
                    break;
                }
            }
            match next {
                Some(c) if fold_char(c) == want => pos += c.len_utf8(),
                _ => {
                    return Err(nom::Err::Error(nom::error::Error::new(
                        input,
                        nom::error::ErrorKind::Tag,
                    )))
                }
            }
        }
        debug_assert!(pos <= bytes_len);
        Ok((&input[pos..], &input[..pos]))
    }
}

fn ws(i: &str) -> IResult<&str, &str> {
    take_while(is_space).parse(i)
}

fn colon(i: &str) -> IResult<&str, char> {
    satisfy(|c| matches!(fold_char(c), ':' | ';')).parse(i)
}

/// A required-field or template marker before a label: `*`, `★`, `※`.
fn marker(i: &str) -> IResult<&str, usize> {
    many0_count((
        satisfy(|c| matches!(fold_char(c), '*' | '★' | '※' | '☆')),
        ws,
    ))
    .parse(i)
}

/// `其中:` before a funding breakdown label.
fn among(i: &str) -> IResult<&str, Option<&str>> {
    opt(recognize((tag("其中"), ws, opt(colon), ws))).parse(i)
}

/// An enumerator before a funding row's label (`1.`, `2、`, `(一)`, `①`):
/// stripped for matching, kept in the label as written.
fn enumerator(i: &str) -> IResult<&str, &str> {
    let arabic = recognize((
        take_while1(|c: char| fold_char(c).is_ascii_digit()),
        satisfy(|c| matches!(fold_char(c), '.' | '、' | ',')),
    ));
    let bracketed = recognize((
        satisfy(|c| matches!(fold_char(c), '(')),
        take_while1(|c: char| "一二三四五六七八九十".contains(c) || fold_char(c).is_ascii_digit()),
        satisfy(|c| matches!(fold_char(c), ')')),
    ));
    let chinese = recognize((
        take_while1(|c: char| "一二三四五六七八九十".contains(c)),
        ch('、'),
    ));
    let circled = recognize(satisfy(|c| ('①'..='⑳').contains(&c)));
    recognize((alt((arabic, bracketed, chinese, circled)), ws)).parse(i)
}

/// A text without the outline number a chapter printed before it
/// (`十、部门整体支出绩效目标表`, `（三）项目支出绩效目标表`).
pub fn without_outline_number(text: &str) -> &str {
    match enumerator(text) {
        Ok((rest, _)) if !rest.is_empty() => rest,
        _ => text,
    }
}

/// An indicator's name without the row number a form printed before it
/// (`1. 督查轮次`, `2、督查经费`, `（1）村民满意度`): the number counts rows, it
/// names nothing. A number that starts the name itself (`1.5米宽道路长度`,
/// `2号楼改造面积`) is kept: only one before a Chinese character is dropped.
// fixture: fixtures/tables/numbered-indicator-names.txt
pub fn without_row_number(name: &str) -> &str {
    match enumerator(name) {
        Ok((rest, _))
            if rest
                .chars()
                .next()
                .is_some_and(|c| !c.is_ascii() && !c.is_numeric()) =>
        {
            rest
        }
        _ => name,
    }
}

/// A level label without the score its template gives it (`履职效能（50分）`,
/// `产出指标(40-50)分` → `履职效能`, `产出指标`); the text as it is when it
/// ends in no score.
pub fn without_score(text: &str) -> &str {
    let t = text.trim_end();
    let (t, after) = match t.strip_suffix('分') {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };
    let Some(body) = t.strip_suffix([')', '）']) else {
        return text;
    };
    let Some(open) = body.rfind(['(', '（']) else {
        return text;
    };
    let inner = &body[open..];
    let inner = inner.trim_start_matches(['(', '（']).trim_matches(is_space);
    let (inner, within) = match inner.strip_suffix('分') {
        Some(rest) => (rest.trim_end(), true),
        None => (inner, false),
    };
    let score = inner.chars().any(|c| c.is_ascii_digit())
        && inner
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '~' | '—' | '－' | '.' | ' '));
    let name = body[..open].trim_end();
    if score && (after || within) && !name.is_empty() {
        name
    } else {
        text
    }
}

/// A bracketed annotation, either width: `(万元)`, `（40-50）分`, `[必填]`.
fn annotation(i: &str) -> IResult<&str, &str> {
    let (i, _) = ws(i)?;
    let (i, inner) = alt((
        delimited(
            satisfy(|c| matches!(fold_char(c), '(' | '[')),
            take_while(|c| !matches!(fold_char(c), ')' | ']')),
            satisfy(|c| matches!(fold_char(c), ')' | ']')),
        ),
        delimited(ch('【'), take_while(|c| c != '】'), ch('】')),
        // a score range wrapped onto the next line: `产出指标(40-` / `50)分`
        preceded(
            satisfy(|c| matches!(fold_char(c), '(' | '[')),
            verify(rest, |r: &str| {
                r.chars().count() <= 12 && !r.contains([')', '）', ']'])
            }),
        ),
    ))
    .parse(i)?;
    // a score range may be followed by 分
    let (i, _) = opt((ws, ch('分'))).parse(i)?;
    Ok((i, inner.trim_matches(is_space)))
}

/// Matches one cell against the vocabulary. A label matches when the cell
/// holds nothing else, or when a colon separates it from content.
pub fn match_label(cell: &str) -> Option<LabelMatch<'_>> {
    // The grammar, the grid and the checks after them look the same cell up
    // several times, and a form's labels recur form after form: short cells
    // are remembered per thread by their text (see [`memo`]).
    if cell.is_empty() || cell.len() > memo::KEY {
        return match_label_once(cell);
    }
    if let Some(hit) = memo::get(cell) {
        return hit;
    }
    let found = match_label_once(cell);
    memo::put(cell, found);
    found
}

/// Remembered answers of [`match_label`] for short cells, keyed by their
/// text: a direct-mapped table per thread (a slot holds the last cell that
/// hashed to it), so a hit gives the answer the matcher gave that text.
mod memo {
    use super::{Label, LabelMatch};
    use std::cell::RefCell;

    /// The longest cell remembered, in bytes.
    pub(super) const KEY: usize = 48;
    const SLOTS: usize = 1024;

    /// Where a matched cell's annotation and rest lie in it, and the rest
    /// of its match.
    #[derive(Clone, Copy)]
    struct Hit {
        label: Label,
        spelling: &'static str,
        annotation: Option<(u8, u8)>,
        rest: (u8, u8),
        fuzzy: bool,
    }

    #[derive(Clone, Copy)]
    struct Slot {
        /// The cell's length; 0 for a slot never filled.
        len: u8,
        key: [u8; KEY],
        hit: Option<Hit>,
    }

    thread_local! {
        static TABLE: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
    }

    fn slot_of(cell: &str) -> usize {
        let mut h: u32 = 0x811c_9dc5;
        for &b in cell.as_bytes() {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
        (h ^ (h >> 16)) as usize % SLOTS
    }

    /// Where `part` lies inside `cell`, if it does.
    fn span(cell: &str, part: &str) -> Option<(u8, u8)> {
        let start = (part.as_ptr() as usize).checked_sub(cell.as_ptr() as usize)?;
        let end = start.checked_add(part.len())?;
        (end <= cell.len()).then_some(())?;
        Some((u8::try_from(start).ok()?, u8::try_from(part.len()).ok()?))
    }

    fn piece(cell: &str, (start, len): (u8, u8)) -> Option<&str> {
        let start = usize::from(start);
        cell.get(start..start + usize::from(len))
    }

    /// The remembered answer for `cell` (`Some(None)`: no label).
    pub(super) fn get(cell: &str) -> Option<Option<LabelMatch<'_>>> {
        let hit = TABLE
            .try_with(|t| {
                let t = t.borrow();
                let s = t.get(slot_of(cell))?;
                (usize::from(s.len) == cell.len() && &s.key[..cell.len()] == cell.as_bytes())
                    .then_some(s.hit)
            })
            .ok()??;
        let Some(h) = hit else {
            return Some(None);
        };
        let annotation = match h.annotation {
            Some(a) => Some(piece(cell, a)?),
            None => None,
        };
        Some(Some(LabelMatch {
            label: h.label,
            spelling: h.spelling,
            annotation,
            rest: piece(cell, h.rest)?,
            fuzzy: h.fuzzy,
        }))
    }

    /// Remembers the answer for `cell` (not when its pieces cannot be placed in it).
    pub(super) fn put(cell: &str, found: Option<LabelMatch<'_>>) {
        let Ok(len) = u8::try_from(cell.len()) else {
            return;
        };
        if len == 0 || cell.len() > KEY {
            return;
        }
        let hit = match found {
            None => None,
            Some(m) => {
                let annotation = match m.annotation {
                    Some(a) => match span(cell, a) {
                        Some(s) => Some(s),
                        None => return,
                    },
                    None => None,
                };
                let Some(rest) = span(cell, m.rest) else {
                    return;
                };
                Some(Hit {
                    label: m.label,
                    spelling: m.spelling,
                    annotation,
                    rest,
                    fuzzy: m.fuzzy,
                })
            }
        };
        let mut key = [0u8; KEY];
        key[..cell.len()].copy_from_slice(cell.as_bytes());
        let _ = TABLE.try_with(|t| {
            let mut t = t.borrow_mut();
            if t.is_empty() {
                t.resize(
                    SLOTS,
                    Slot {
                        len: 0,
                        key: [0; KEY],
                        hit: None,
                    },
                );
            }
            if let Some(s) = t.get_mut(slot_of(cell)) {
                *s = Slot { len, key, hit };
            }
        });
    }
}

/// [`match_label`] without its memory.
fn match_label_once(cell: &str) -> Option<LabelMatch<'_>> {
    let (body, _) = marker(cell).ok()?;
    let (body, _) = among(body).ok()?;
    // An enumerator (`1.`, `(一)`, `①`) is stripped only before a funding
    // row's label: `一、项目名称:` heads a paragraph of prose, not a field.
    // fixture: fixtures/tables/numbered-goal-label.txt
    // So is one before a section's label standing alone in its cell
    // (`三、年度绩效目标`, `四、年度绩效指标`).
    if let Ok((rest, _)) = enumerator(body) {
        return match_body(rest).filter(|m| match m.label {
            Label::Field(FundingTotal | FundingFiscal | FundingOther | FundingItem) => true,
            Label::Field(f) => {
                NUMBERED_SECTION_FIELDS.contains(&f) && m.rest.trim().is_empty() && !m.fuzzy
            }
            // fixture: fixtures/tables/numbered-level-cells.txt
            // A level cell numbered as the template's outline (`一、产出指标`,
            // `1.数量指标`) is that level.
            Label::Level1(_) | Label::Level2(_) => m.rest.trim().is_empty() && !m.fuzzy,
        });
    }
    match_body(body)
        .map(amount_note)
        .or_else(|| dated_column(body))
        .or_else(|| level_with_notes(body))
        .or_else(|| goal_with_period(body))
        .or_else(|| holder_goal(body))
}

/// Who a goal label may name before it (`部门长期目标`, `单位中期目标`).
const GOAL_HOLDERS: &[&str] = &["部门(单位)", "部门（单位）", "部门", "单位", "项目"];

/// A goal label after the holder whose goal it is (`部门长期目标`,
/// `单位中期目标`): that goal label.
// fixture: fixtures/tables/goal-label-holder-prefix.txt
fn holder_goal(body: &str) -> Option<LabelMatch<'_>> {
    if body.len() > 64 {
        return None;
    }
    let rest = GOAL_HOLDERS.iter().find_map(|h| body.strip_prefix(h))?;
    let m = match_body(rest)?;
    let goal = matches!(m.label, Label::Field(f) if GOAL_FIELDS.contains(&f));
    (goal && !m.fuzzy).then_some(m)
}

/// A goal label naming its period in brackets inside it (`预算年度（2024年）绩效
/// 目标`): the goal label its text spells without them.
// fixture: fixtures/tables/goal-label-bracketed-year.txt
fn goal_with_period(body: &str) -> Option<LabelMatch<'_>> {
    if body.len() > 64 || !body.contains(['(', '（']) || !body.ends_with("目标") {
        return None;
    }
    let bare = without_brackets(body);
    let m = match_body(&bare)?;
    let goal = matches!(m.label, Label::Field(f) if GOAL_FIELDS.contains(&f));
    (goal && m.rest.is_empty() && !m.fuzzy).then(|| as_whole_cell(&m, body))
}

/// The text outside brackets (nested brackets included).
fn without_brackets(body: &str) -> String {
    let mut bare = String::with_capacity(body.len());
    let mut depth = 0usize;
    for c in body.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    bare
}

/// A level label with notes in brackets inside and after it (`产出(工作量)指标(数量、
/// 质量、成本方面的指标)`): the label its text spells without them.
// fixture: fixtures/tables/level-label-notes.txt
fn level_with_notes(body: &str) -> Option<LabelMatch<'_>> {
    // Every level label ends in 指标: other cells stop here.
    if body.len() > 160 || !body.contains(['(', '（']) || !body.contains("指标") {
        return None;
    }
    let bare = without_brackets(body);
    let m = match_body(&bare)?;
    let level = matches!(m.label, Label::Level1(_) | Label::Level2(_));
    (level && m.rest.is_empty() && !m.fuzzy).then(|| as_whole_cell(&m, body))
}

/// `m`, found in a text made from the cell `body` (brackets or a year left
/// out), as the match of the whole cell: nothing after the label.
fn as_whole_cell<'a>(m: &LabelMatch<'_>, body: &'a str) -> LabelMatch<'a> {
    LabelMatch {
        label: m.label,
        spelling: m.spelling,
        annotation: None,
        rest: body.get(body.len()..).unwrap_or_default(),
        fuzzy: false,
    }
}

/// A column title that names its year (`预期2023年实现值`, `2022年实际实现值`,
/// `2024年度指标值`) is the column title without the year: a sub-header row of
/// such titles heads the value columns, it is not an indicator.
// fixture: fixtures/tables/dated-value-columns.txt
fn dated_column(body: &str) -> Option<LabelMatch<'_>> {
    // Asked of every cell no label matched: column titles are short, so
    // long text is not scanned for a year.
    if body.len() > 64 {
        return None;
    }
    let at = body.find(|c: char| c.is_ascii_digit())?;
    let year = body.get(at..at + 4)?;
    let after = body.get(at + 4..)?.strip_prefix('年')?;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let after = after.strip_prefix('度').unwrap_or(after);
    let title = format!("{}{after}", body.get(..at)?);
    let m = match_body(&title)?;
    let column = matches!(m.label, Label::Field(f) if COLUMN_FIELDS.contains(&f));
    (column && m.rest.is_empty() && !m.fuzzy).then(|| as_whole_cell(&m, body))
}

/// `金额: 45 万元`: a unit note that carries an amount is the total.
fn amount_note(m: LabelMatch<'_>) -> LabelMatch<'_> {
    let amount = m
        .rest
        .trim_start()
        .starts_with(|c: char| fold_char(c).is_ascii_digit());
    if m.label == Label::Field(UnitNote) && amount {
        LabelMatch {
            label: Label::Field(FundingTotal),
            ..m
        }
    } else {
        m
    }
}

/// Matches a cell's text after its markers against the vocabulary.
fn match_body(body: &str) -> Option<LabelMatch<'_>> {
    let mut chars = body.chars();
    let first = fold_char(chars.next()?);
    // The cell's second character past spaces, as `spaced` compares it: a
    // spelling whose second character differs cannot match (checked before
    // running the matcher on each spelling of the bucket).
    let second = chars.find(|&c| !is_space(c)).map(fold_char);
    let index = index();
    if let Some(k) = index.first_bucket(first) {
        for &i in &index.by_first[k].1 {
            let Some(e) = VOCABULARY.get(i) else { continue };
            let mut want = e.spelling.chars();
            want.next();
            if want.next().is_some_and(|w| Some(w) != second) {
                continue;
            }
            if let Some(m) = accept(e, body) {
                return Some(m);
            }
        }
    }
    fuzzy_match(body, index)
}

/// The vocabulary indexed for speed: entries by their first character (a
/// sorted array, searched by bisection), and every spelling as characters
/// bucketed by length (for the edit-distance fallback, which then only looks
/// at spellings one character longer or shorter than the cell).
struct Index {
    /// Every character some spelling uses, sorted: a cell with two or more
    /// characters outside it is no label even at one edit.
    alphabet: Vec<char>,
    by_first: Vec<(char, Vec<usize>)>,
    /// `by_len[n]`: (vocabulary index, characters) of the spellings of n characters.
    by_len: Vec<Vec<(usize, Vec<char>)>>,
    /// `by_edge[n][c]`: positions in `by_len[n]` of the spellings whose first
    /// or last character is `c` (the only ones one edit away from a cell
    /// starting or ending with `c`).
    by_edge: Vec<std::collections::HashMap<char, Vec<usize>>>,
    /// For the characters of the Basic Multilingual Plane: 1 + the position
    /// in `by_first` of the spellings starting with it, 0 for none (one load
    /// instead of a bisection per cell).
    first_table: Vec<u16>,
    /// For the characters of the Basic Multilingual Plane: whether some
    /// spelling uses it, a bit each.
    alphabet_bits: Vec<u64>,
}

impl Index {
    /// The position in `by_first` of the spellings starting with `c`.
    fn first_bucket(&self, c: char) -> Option<usize> {
        match self.first_table.get(c as usize) {
            Some(&k) => (k as usize).checked_sub(1),
            None => self.by_first.binary_search_by_key(&c, |&(f, _)| f).ok(),
        }
    }

    /// True when some spelling uses `c`.
    fn in_alphabet(&self, c: char) -> bool {
        let n = c as usize;
        match self.alphabet_bits.get(n / 64) {
            Some(&w) if n < 0x10000 => w & (1 << (n % 64)) != 0,
            _ => self.alphabet.binary_search(&c).is_ok(),
        }
    }
}

fn index() -> &'static Index {
    static INDEX: std::sync::LazyLock<Index> = std::sync::LazyLock::new(|| {
        let mut by_first: Vec<(char, Vec<usize>)> = Vec::new();
        let mut by_len: Vec<Vec<(usize, Vec<char>)>> = Vec::new();
        for (i, e) in VOCABULARY.iter().enumerate() {
            if let Some(c) = e.spelling.chars().next() {
                match by_first.iter_mut().find(|(f, _)| *f == c) {
                    Some((_, v)) => v.push(i),
                    None => by_first.push((c, vec![i])),
                }
            }
            // A level spelt with 值 for 指标 (`产出值`) is matched as
            // written only: one edit from it is a name (`满意度`, `经济成本`).
            if matches!(e.label, Label::Level1(_) | Label::Level2(_)) && e.spelling.ends_with('值')
            {
                continue;
            }
            let chars: Vec<char> = e.spelling.chars().collect();
            if by_len.len() <= chars.len() {
                by_len.resize_with(chars.len() + 1, Vec::new);
            }
            by_len[chars.len()].push((i, chars));
        }
        by_first.sort_by_key(|&(c, _)| c);
        let mut alphabet: Vec<char> = VOCABULARY.iter().flat_map(|e| e.spelling.chars()).collect();
        alphabet.sort_unstable();
        alphabet.dedup();
        let mut first_table = vec![0u16; 0x10000];
        for (k, (c, _)) in by_first.iter().enumerate() {
            if let (Some(slot), Ok(v)) = (first_table.get_mut(*c as usize), u16::try_from(k + 1)) {
                *slot = v;
            }
        }
        let mut alphabet_bits = vec![0u64; 0x10000 / 64];
        for &c in &alphabet {
            if let Some(w) = alphabet_bits.get_mut(c as usize / 64) {
                *w |= 1 << (c as usize % 64);
            }
        }
        let by_edge = by_len
            .iter()
            .map(|bucket| {
                let mut m: std::collections::HashMap<char, Vec<usize>> =
                    std::collections::HashMap::new();
                for (p, (_, chars)) in bucket.iter().enumerate() {
                    let (Some(&a), Some(&z)) = (chars.first(), chars.last()) else {
                        continue;
                    };
                    m.entry(a).or_default().push(p);
                    if z != a {
                        m.entry(z).or_default().push(p);
                    }
                }
                m
            })
            .collect();
        Index {
            alphabet,
            by_first,
            by_len,
            by_edge,
            first_table,
            alphabet_bits,
        }
    });
    &INDEX
}

fn accept<'a>(entry: &Entry, body: &'a str) -> Option<LabelMatch<'a>> {
    let (after, _) = spaced(entry.spelling)(body).ok()?;
    finish(entry, after, false)
}

/// Accepts what follows a label: an optional annotation, an optional colon,
/// then either nothing or (after a colon) content.
fn finish<'a>(entry: &Entry, after: &'a str, fuzzy: bool) -> Option<LabelMatch<'a>> {
    let (after, annotation) = opt(annotation).parse(after).ok()?;
    let (after, _) = ws(after).ok()?;
    // A required field's mark after its label (`绩效指标值*`).
    let (after, _) = marker(after).ok()?;
    let (after, had_colon) = opt(colon).parse(after).ok()?;
    let rest = after.trim_matches(is_space);
    // fixture: fixtures/regions/amount-run-on.txt
    // An amount label runs on into its amount with no colon (`财政拨款86.4万元`).
    let amount_run_on = matches!(entry.label, Label::Field(f) if AMOUNT_FIELDS.contains(&f))
        && parse_amount_like(rest);
    if !rest.is_empty() && had_colon.is_none() && !amount_run_on {
        return None;
    }
    let rest = if is_blank_seal(rest) { "" } else { rest };
    Some(LabelMatch {
        label: entry.label,
        spelling: entry.spelling,
        annotation,
        rest,
        fuzzy,
    })
}

/// Accepts a cell that differs from a label of four or more characters by one
/// substituted, inserted or dropped character, and holds nothing else but
/// what may follow a label: an annotation in brackets, a colon and content
/// (`资全情况（万元）`, `实施单仿：某县某站`).
// fixture: fixtures/tables/ocr-labels-with-notes.txt
fn fuzzy_match<'a>(body: &'a str, index: &Index) -> Option<LabelMatch<'a>> {
    if let Some(i) = nearest_spelling(body, index) {
        return finish(&VOCABULARY[i], "", true);
    }
    // The label before its annotation or colon (spellings holding brackets,
    // `部门(单位)名称`, were tried whole above): four characters or more and
    // no digit, so that `目标1:` before a numbered goal is no 目标值.
    let head_end = body.find(['(', '（', ':', '：'])?;
    let (head, tail) = body.split_at(head_end);
    let mut chars = head.chars().filter(|c| !is_space(*c));
    if chars.clone().count() < 4 || chars.any(|c| fold_char(c).is_ascii_digit()) {
        return None;
    }
    let i = nearest_spelling(head, index)?;
    finish(&VOCABULARY[i], tail, true)
}

/// The vocabulary entry one edit away from `text` (white space ignored, a
/// trailing colon stripped), when exactly one label is.
fn nearest_spelling(text: &str, index: &Index) -> Option<usize> {
    // Only short, label-like cells are candidates: never free text.
    let mut compact = ['\0'; 20];
    let mut n = 0;
    let mut foreign = 0;
    for c in text.chars().filter(|c| !is_space(*c)) {
        if n == compact.len() {
            return None;
        }
        let c = fold_char(c);
        // fixture: fixtures/tables/placeholder-indicator-names.txt
        // No spelling holds a digit: a cell with one is a numbered name
        // (`指标2`, `目标1`), never a misread label.
        if c.is_ascii_digit() {
            return None;
        }
        if c != ':' && !index.in_alphabet(c) {
            foreign += 1;
            if foreign > 1 {
                return None;
            }
        }
        compact[n] = c;
        n += 1;
    }
    if n < 3 {
        return None;
    }
    // Strip a trailing colon only.
    let core: &[char] = match compact[..n].last() {
        Some(':') => &compact[..n - 1],
        _ => &compact[..n],
    };
    // The first matching spelling in vocabulary order wins; two matches
    // with different labels are too ambiguous to guess.
    let mut found: Option<usize> = None;
    let lengths = core.len().saturating_sub(1).max(3)..=core.len() + 1;
    let (Some(a), Some(z)) = (core.first(), core.last()) else {
        return None;
    };
    for n in lengths {
        let (Some(bucket), Some(edges)) = (index.by_len.get(n), index.by_edge.get(n)) else {
            continue;
        };
        // One edit leaves the first or the last character in place: only the
        // spellings starting or ending like the cell are looked at (a
        // spelling found twice finds the same answer twice).
        let near = [edges.get(a), edges.get(z).filter(|_| z != a)];
        for &p in near.into_iter().flatten().flatten() {
            let Some((i, want)) = bucket.get(p) else {
                continue;
            };
            if want.first() != core.first() && want.last() != core.last() {
                continue;
            }
            if within_one_edit(core, want) && !changes_scope(core, want) {
                match found {
                    Some(prev) if VOCABULARY[prev].label != VOCABULARY[*i].label => return None,
                    Some(prev) if prev < *i => {}
                    _ => found = Some(*i),
                }
            }
        }
    }
    found
}

/// Characters that name an administrative level or a holder (`县级主管部门`,
/// `省级主管部门`, `上级补助资金`, `本级财政资金`): two spellings that differ only
/// in one of these name different things, never an OCR misreading.
// fixture: fixtures/tables/county-department-label.txt
const SCOPE_CHARS: &[char] = &[
    '中', '央', '省', '市', '县', '区', '乡', '镇', '村', '本', '上', '下', '级', '其',
];

/// True when `a` and `b` differ in one character and both characters there
/// are [`SCOPE_CHARS`], or when one holds a [`SCOPE_CHARS`] more.
fn changes_scope(a: &[char], b: &[char]) -> bool {
    if a.len() != b.len() {
        // fixture: fixtures/tables/funding-period-columns-short-row.txt
        // One holder more (`上年度预算安排` against `年度预算安排`) names
        // another thing too.
        let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
        let at = short.iter().zip(long).take_while(|(x, y)| x == y).count();
        return long.get(at).is_some_and(|c| SCOPE_CHARS.contains(c));
    }
    a.iter()
        .zip(b)
        .find(|(x, y)| x != y)
        .is_some_and(|(x, y)| SCOPE_CHARS.contains(x) && SCOPE_CHARS.contains(y))
}

/// True when `a` and `b` differ by at most one substitution, insertion or deletion.
pub(crate) fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix..]
            .iter()
            .skip(1)
            .eq(long[prefix..].iter().skip(1))
    } else {
        short[prefix..].iter().eq(long[prefix + 1..].iter())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn misread_level1_needs_one_substitution_and_an_unknown_cell() {
        use super::is_misread_level1;
        for (written, parent, want) in [
            ("效盖指标", "效益指标", true),
            ("产岀指标", "产出指标", true),
            ("满竟度指标", "满意度指标", true),
            ("效 盖 指 标", "效益指标", true),
            // a form's own first level, spelled as the vocabulary knows it
            ("效果指标", "效益指标", false),
            ("效益指标", "效益指标", false),
            // two characters, or a character more or fewer
            ("效盖指杯", "效益指标", false),
            ("效益类指标", "效益指标", false),
            ("项目效益指标", "效益指标", false),
            ("", "效益指标", false),
        ] {
            assert_eq!(
                is_misread_level1(written, parent),
                want,
                "{written} / {parent}"
            );
        }
    }

    #[test]
    fn index_tables_agree_with_bisection() {
        let index = index();
        for n in 0..0x2_0000u32 {
            let Some(c) = char::from_u32(n) else { continue };
            let want = index.by_first.binary_search_by_key(&c, |&(f, _)| f).ok();
            assert_eq!(index.first_bucket(c), want, "{c:?}");
            assert_eq!(
                index.in_alphabet(c),
                index.alphabet.binary_search(&c).is_ok(),
                "{c:?}"
            );
        }
    }

    use super::*;

    /// label, annotation, rest, fuzzy
    type Expect<'a> = Option<(Label, Option<&'a str>, &'a str, bool)>;

    fn field(cell: &str) -> Expect<'_> {
        match_label(cell).map(|m| (m.label, m.annotation, m.rest, m.fuzzy))
    }

    #[test]
    fn label_table() {
        use Label::Field as F;
        let cases: &[(&str, Expect<'_>)] = &[
            ("项目名称", Some((F(ProjectName), None, "", false))),
            ("项 目 名 称", Some((F(ProjectName), None, "", false))),
            ("项目名称：", Some((F(ProjectName), None, "", false))),
            (
                "项目名称: 某某道路",
                Some((F(ProjectName), None, "某某道路", false)),
            ),
            ("项目(专项)名称", Some((F(ProjectName), None, "", false))),
            (
                "申报单位名称:某市青年服务中心",
                Some((F(Department), None, "某市青年服务中心", false)),
            ),
            (
                "申报单位名称:(盖章)",
                Some((F(Department), None, "", false)),
            ),
            ("项目（专项）名称", Some((F(ProjectName), None, "", false))),
            // A form's own first level, kept as written (not 效益指标 at one edit).
            (
                "效果指标",
                Some((Label::Level1("效果指标"), None, "", false)),
            ),
            ("项目负责人及电话", Some((F(Leader), None, "", false))),
            ("项目责任人", Some((F(LeaderName), None, "", false))),
            ("*联系人", Some((F(Contact), None, "", false))),
            (
                "资金情况 (万元)",
                Some((F(Funding), Some("万元"), "", false)),
            ),
            ("项目资金（元）", Some((F(Funding), Some("元"), "", false))),
            ("年度资金总额:", Some((F(FundingTotal), None, "", false))),
            ("其中: 财政拨款", Some((F(FundingFiscal), None, "", false))),
            ("其中:财政拨款", Some((F(FundingFiscal), None, "", false))),
            ("其他资金", Some((F(FundingOther), None, "", false))),
            ("注: 各地请根据", Some((F(Note), None, "各地请根据", false))),
            ("注:各地", Some((F(Note), None, "各地", false))),
            (
                "产出指标(40-50)分",
                Some((Label::Level1("产出指标"), Some("40-50"), "", false)),
            ),
            (
                "数量指标 (必填硬性指标)",
                Some((Label::Level2("数量指标"), Some("必填硬性指标"), "", false)),
            ),
            (
                "服务对象满意度",
                Some((Label::Level2("服务对象满意度指标"), None, "", false)),
            ),
            ("指标值", Some((F(ColValue), None, "", false))),
            ("绩效指标值*", Some((F(ColValue), None, "", false))),
            ("指标值 * :", Some((F(ColValue), None, "", false))),
            ("预期2024年实现值", Some((F(ColValue), None, "", false))),
            ("2023年实际实现值", Some((F(ColExtra), None, "", false))),
            ("2024年度指标值", Some((F(ColValue), None, "", false))),
            ("当年预期实现值", Some((F(ColValue), None, "", false))),
            (
                "计划指标值(或计划水平)",
                Some((F(ColValue), Some("或计划水平"), "", false)),
            ),
            ("2024年度", None),
            ("2024年项目名称", None),
            ("项目负贵人及电话", Some((F(Leader), None, "", true))),
            ("三级指杯", Some((F(ColName), None, "", true))),
            ("指杯值", Some((F(ColValue), None, "", true))),
            ("计量单位", Some((F(ColUnit), None, "", false))),
            // spellings seen on forms of other districts
            ("项目年度目标", Some((F(GoalAnnual), None, "", false))),
            ("部门年度绩效目标", Some((F(GoalAnnual), None, "", false))),
            ("部门年度目标", Some((F(GoalAnnual), None, "", false))),
            ("部门总体目标", Some((F(GoalLongTerm), None, "", false))),
            ("中期绩效目标", Some((F(GoalLongTerm), None, "", false))),
            ("部门整体支出绩效指标", Some((F(Table), None, "", false))),
            ("年度主要目标和成果", Some((F(GoalAnnual), None, "", false))),
            ("三、年度绩效目标", Some((F(GoalAnnual), None, "", false))),
            ("四、年度绩效指标", Some((F(Table), None, "", false))),
            ("一、项目名称", None),
            (
                "一、产出指标",
                Some((Label::Level1("产出指标"), None, "", false)),
            ),
            (
                "1.数量指标",
                Some((Label::Level2("数量指标"), None, "", false)),
            ),
            (
                "（一）社会效益指标",
                Some((Label::Level2("社会效益指标"), None, "", false)),
            ),
            ("1.数量指标:更新设备", None),
            ("年度总体目标", Some((F(GoalAnnual), None, "", false))),
            ("项目总体目标", Some((F(GoalLongTerm), None, "", false))),
            ("实施期目标", Some((F(GoalLongTerm), None, "", false))),
            ("三年总体目标", Some((F(GoalLongTerm), None, "", false))),
            ("实施周期总目标", Some((F(GoalLongTerm), None, "", false))),
            ("实施期绩效目标", Some((F(GoalLongTerm), None, "", false))),
            ("当年年度预算", Some((F(FundingTotal), None, "", false))),
            ("预算数", Some((F(FundingTotal), None, "", false))),
            ("预算总额", Some((F(FundingTotal), None, "", false))),
            ("年度预算金额", Some((F(FundingTotal), None, "", false))),
            (
                "项目当年预算(万元)",
                Some((F(FundingTotal), Some("万元"), "", false)),
            ),
            (
                "年度本级预算金额",
                Some((F(FundingFiscal), None, "", false)),
            ),
            ("本级财政资金", Some((F(FundingFiscal), None, "", false))),
            (
                "该项目支出上级资金",
                Some((F(FundingItem), None, "", false)),
            ),
            ("上级资金", Some((F(FundingItem), None, "", false))),
            ("其中：1.中央资金", Some((F(FundingItem), None, "", false))),
            ("2.市级资金", Some((F(FundingItem), None, "", false))),
            ("(一)省级资金", Some((F(FundingItem), None, "", false))),
            ("①区级资金", Some((F(FundingItem), None, "", false))),
            ("单位名称", Some((F(Department), None, "", false))),
            ("项目支出名称", Some((F(ProjectName), None, "", false))),
            ("项目(专项)名称", Some((F(ProjectName), None, "", false))),
            ("专项名称", Some((F(ProjectName), None, "", false))),
            ("下达地方或单位", Some((F(Department), None, "", false))),
            ("主管部门(单位)名称", Some((F(Department), None, "", false))),
            ("二级项目名称", Some((F(ProjectName), None, "", false))),
            ("中央主管部门", Some((F(Department), None, "", false))),
            ("地方主管部门", Some((F(Department), None, "", false))),
            ("转移支付名称", Some((F(ProjectName), None, "", false))),
            (
                "转移支付(项目)名称",
                Some((F(ProjectName), None, "", false)),
            ),
            ("区县财政部门", Some((F(Extra), None, "", false))),
            ("一级项目名称", Some((F(Extra), None, "", false))),
            ("中央补助安排", Some((F(FundingItem), None, "", false))),
            ("专项(项目)名称", Some((F(ProjectName), None, "", false))),
            ("主管预算部门", Some((F(Department), None, "", false))),
            (
                "项目预算金额(万元)",
                Some((F(FundingTotal), Some("万元"), "", false)),
            ),
            ("资金额度", Some((F(FundingTotal), None, "", false))),
            ("预算申报数", Some((F(FundingTotal), None, "", false))),
            (
                "下达中央预算内投资(万元)",
                Some((F(FundingTotal), Some("万元"), "", false)),
            ),
            (
                "(一)财政拨款小计",
                Some((F(FundingFiscal), None, "", false)),
            ),
            ("1、一般公共预算", Some((F(FundingItem), None, "", false))),
            ("(二)自有资金小计", Some((F(FundingItem), None, "", false))),
            (
                "项目资金申请(万元)",
                Some((F(Funding), Some("万元"), "", false)),
            ),
            ("金额(万元)", Some((F(UnitNote), Some("万元"), "", false))),
            (
                "金额:45 万元",
                Some((F(FundingTotal), None, "45 万元", false)),
            ),
            ("当年绩效目标", Some((F(GoalAnnual), None, "", false))),
            ("绩 效 目 标", Some((F(GoalSection), None, "", false))),
            ("其他需说明的问题", Some((F(Extra), None, "", false))),
            (
                "主管部门(单位)名称及预算编码",
                Some((F(Department), None, "", false)),
            ),
            ("其中:中央补助", Some((F(FundingItem), None, "", false))),
            ("下达资金总额", Some((F(FundingTotal), None, "", false))),
            ("专项年度绩效目标", Some((F(GoalAnnual), None, "", false))),
            ("项目来源", Some((F(Extra), None, "", false))),
            ("其中:中央财政补助", Some((F(FundingItem), None, "", false))),
            ("用款单位", Some((F(Implementers), None, "", false))),
            ("总体绩效目标", Some((F(GoalSection), None, "", false))),
            ("当年度目标", Some((F(GoalAnnual), None, "", false))),
            ("项目填报人", Some((F(Furniture), None, "", false))),
            ("实施单位名称", Some((F(Implementers), None, "", false))),
            (
                "一级指标名称",
                Some((Label::Field(ColLevel1), None, "", false)),
            ),
            // One character misread, with what may follow a label.
            (
                "资全情况（万元）",
                Some((F(Funding), Some("万元"), "", true)),
            ),
            (
                "实施单仿：某县农技站",
                Some((F(Implementers), None, "某县农技站", true)),
            ),
            (
                "年度日标（2024年）",
                Some((F(GoalAnnual), Some("2024年"), "", true)),
            ),
            // A numbered goal's head is no 目标值; free text after no colon is no label.
            ("目标1:新建道路2公里", None),
            // A numbered name is no misread label (`指标2`, not 指标值).
            ("指标2", None),
            // A goal label after its holder is that goal label.
            ("部门长期目标", Some((F(GoalLongTerm), None, "", false))),
            ("单位中期目标：", Some((F(GoalLongTerm), None, "", false))),
            ("项目年度绩效目标", Some((F(GoalAnnual), None, "", false))),
            // One holder more is another thing, not a misreading.
            ("上年度预算安排", None),
            (
                "年度预算安排（元）",
                Some((F(Funding), Some("元"), "", false)),
            ),
            ("资全情况说明很长", None),
            // free text is never a label
            ("扶贫综合保险", None),
            ("注意事项很多", None),
            ("项目名称很长的一个项目", None),
            ("贫困户知晓率", None),
            ("100%", None),
            ("", None),
        ];
        for (cell, want) in cases {
            assert_eq!(field(cell), *want, "match_label({cell:?})");
        }
    }

    #[test]
    fn coded_unit_table() {
        for (text, want) in [
            ("801001-某县某局", true),
            ("302005 某镇人民政府", true),
            ("801001－某县教育局（本级）", true),
            ("801001", false),
            ("12-某局", false),
            ("2025-2027年期间", false),
            ("801001-某县某局负责全县道路养护，", false),
        ] {
            assert_eq!(is_coded_unit(text), want, "{text}");
        }
    }

    #[test]
    fn title_word_cut_by_a_wrap() {
        for (head, tail, want) in [
            ("某局2025年部门整体支", "出绩效目标表", true),
            ("某县2025年项目支出绩效目", "标表", true),
            ("某县2025年项目支出绩效目标申", "报表", true),
            ("某局2025年部门整体", "支出绩效目标表", true),
            ("某局工作总结", "绩效目标表", false),
        ] {
            assert_eq!(cuts_title_word(head, tail), want, "{head} / {tail}");
        }
    }

    #[test]
    fn residue_table() {
        for t in [
            "指标",
            "其中:",
            "其中：",
            "(40-50)分",
            "（40—50）分",
            "20分",
            "(20分)",
        ] {
            assert!(is_label_residue(t), "{t}");
        }
        for t in ["指标值", "100%", "40-50", "分值说明", "满意度", ""] {
            assert!(!is_label_residue(t), "{t}");
        }
    }

    #[test]
    fn row_numbers_before_indicator_names() {
        for (name, want) in [
            ("1.督查轮次", "督查轮次"),
            ("2、督查经费", "督查经费"),
            ("（1）村民满意度", "村民满意度"),
            ("①受益人数", "受益人数"),
            ("1.5米宽人行道铺设长度", "1.5米宽人行道铺设长度"),
            ("2号楼改造面积", "2号楼改造面积"),
            ("1.", "1."),
            ("新建道路长度", "新建道路长度"),
        ] {
            assert_eq!(super::without_row_number(name), want, "{name}");
        }
    }

    #[test]
    fn level_labels_without_their_scores() {
        let cases = [
            ("履职效能（50分）", "履职效能"),
            ("运行成本(20分)", "运行成本"),
            ("产出指标(40-50)分", "产出指标"),
            ("效益指标（ 30 分）", "效益指标"),
            ("履职效能", "履职效能"),
            ("数量指标(必填)", "数量指标(必填)"),
            ("建设规模(50)", "建设规模(50)"),
            ("（50分）", "（50分）"),
            ("达标率(≥95%)", "达标率(≥95%)"),
        ];
        for (text, want) in cases {
            assert_eq!(without_score(text), want, "{text}");
        }
    }

    #[test]
    fn unknown_labels_and_score_cells() {
        use super::{is_score_cell, is_unknown_label};
        for (text, label) in [
            ("财政资金预算分类", true),
            ("财政资金科目代码:", true),
            ("资产资源类--房屋类", false),
            ("2025年分类", false),
            ("分类", false),
            ("一般公共预算", false),
        ] {
            assert_eq!(is_unknown_label(text), label, "{text}");
        }
        for (text, score) in [
            ("10分", true),
            ("20 分", true),
            ("分", false),
            ("(40-50)分", false),
            ("满分", false),
        ] {
            assert_eq!(is_score_cell(text), score, "{text}");
        }
    }

    #[test]
    fn one_edit() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_one_edit(&c("负贵人"), &c("负责人")));
        assert!(within_one_edit(&c("负人"), &c("负责人")));
        assert!(within_one_edit(&c("负责责人"), &c("负责人")));
        assert!(!within_one_edit(&c("贵贵人"), &c("负责人")));
    }

    #[test]
    fn every_level2_with_a_parent_is_in_the_vocabulary() {
        for e in VOCABULARY {
            if let Label::Level2(canon) = e.label {
                assert!(
                    level1_of(canon).is_some() || canon.contains("满意度"),
                    "{canon} has no 一级指标"
                );
            }
        }
    }
}
