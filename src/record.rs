//! The output contract: one [`Record`] per form.
//!
//! These types know nothing of parsing or I/O. Their serde shape *is* the
//! contract other systems import against (`schema_version` 1): fields may be
//! added, never renamed or dropped.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diagnostic::Diagnostic;

/// The version of the record shape written by this crate.
pub const SCHEMA_VERSION: u32 = 1;

/// One form, as read from one source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Record {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Where in which file the form was read.
    pub source: Source,
    /// Whether this is a project form or a 部门整体 (whole-department) form.
    pub form_kind: FormKind,
    /// The printed title without its year.
    pub title: Option<String>,
    /// The budget year the form is for.
    pub year: Option<i32>,
    /// 项目名称; null on a department form.
    pub project_name: Option<String>,
    /// 项目负责人及电话; null when the form has no such cell.
    pub leader: Option<Leader>,
    /// 主管部门 as written, codes kept.
    pub department: Option<String>,
    /// 实施单位 split into units; null when the form has no such cell.
    pub implementers: Option<Vec<String>>,
    /// 资金情况.
    pub funding: Funding,
    /// 年度目标 and, where the form has one, the longer-term goal.
    pub goals: Goals,
    /// Every row of the 绩效指标 table with a name or a value, in source order.
    pub indicators: Vec<Indicator>,
    /// Header label → cleaned text for header cells the contract has no field for.
    pub extra: BTreeMap<String, String>,
    /// The 注 paragraph.
    pub note: Option<String>,
    /// Everything the parser recovered from or could not place.
    pub diagnostics: Vec<Diagnostic>,
    /// True when a person should check the record before it is trusted (see `review_reasons`).
    pub needs_review: bool,
    /// The diagnostic codes that set `needs_review`, weightiest first; empty when it is false.
    #[serde(default)]
    pub review_reasons: Vec<crate::diagnostic::Code>,
}

/// What a file that yields no record becomes in JSON Lines output: its path,
/// the encoding if one was found, and the diagnostics that say why.
///
/// Importers tell it from a [`Record`] by its `error` field, which is always `true`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FileError {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always true: marks this line as a file error, not a record.
    pub error: bool,
    /// The file.
    pub source: ErrorSource,
    /// Why the file yielded no record.
    pub diagnostics: Vec<Diagnostic>,
}

/// The file a [`FileError`] is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ErrorSource {
    /// The path as given.
    pub path: String,
    /// The encoding, when the bytes could be decoded.
    pub encoding: Option<String>,
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The path as given on the command line (or `-` for stdin).
    pub path: String,
    /// The encoding the bytes were decoded with (`UTF-8`, `GB18030`, `UTF-16LE`, …).
    pub encoding: String,
    /// 0-based index of the form within its file.
    pub form_index: usize,
    /// 1-based first line of the form in the decoded text.
    pub line_start: usize,
    /// 1-based last line of the form in the decoded text.
    pub line_end: usize,
    /// How the form's cells were separated.
    pub layout: Layout,
    /// What kind of file the form was read from.
    #[serde(default)]
    pub format: SourceFormat,
    /// Header label (as the vocabulary spells it) → the cell its value was
    /// read from (`申报表!C4`, `T1R3C2`, `P1R5C6` for a PDF's or scan's page,
    /// row and column); only for native files.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cells: BTreeMap<String, String>,
    /// The page the form starts on, for PDFs and scans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// What kind of file a record was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// Text (any encoding), the OCR output this crate was first written for.
    #[default]
    Text,
    /// An Excel 2007+ workbook.
    Xlsx,
    /// An Excel 97–2003 workbook.
    Xls,
    /// An OpenDocument spreadsheet.
    Ods,
    /// A Word 2007+ document.
    Docx,
    /// A Word 97–2003 document, converted to docx by LibreOffice.
    Doc,
    /// A web page.
    Html,
    /// A PDF, read from its text layer.
    Pdf,
    /// A scanned page (PNG, JPEG, TIFF), read by OCR.
    Image,
    /// A sheet saved as comma-separated text (.csv).
    Csv,
}

impl SourceFormat {
    /// The contract's name for this format.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Xlsx => "xlsx",
            SourceFormat::Xls => "xls",
            SourceFormat::Ods => "ods",
            SourceFormat::Docx => "docx",
            SourceFormat::Doc => "doc",
            SourceFormat::Html => "html",
            SourceFormat::Pdf => "pdf",
            SourceFormat::Image => "image",
            SourceFormat::Csv => "csv",
        }
    }
}

/// How the cells of a form were separated in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Tab-separated cells.
    Tabs,
    /// Cells separated by runs of spaces.
    Spaces,
    /// Cells separated by `|`.
    Pipes,
    /// One cell per line.
    CellPerLine,
    /// No line structure at all.
    Flat,
    /// Several of the above in one form.
    Mixed,
}

impl Layout {
    /// The contract's name for this layout.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Tabs => "tabs",
            Layout::Spaces => "spaces",
            Layout::Pipes => "pipes",
            Layout::CellPerLine => "cell-per-line",
            Layout::Flat => "flat",
            Layout::Mixed => "mixed",
        }
    }
}

/// The kind of form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FormKind {
    /// A 项目支出 form: one project.
    Project,
    /// A 部门整体 form: a whole department, no project.
    Department,
}

/// The project leader and their phone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Leader {
    /// The name with inner spaces removed.
    pub name: Option<String>,
    /// Digits and `-` only.
    pub phone: Option<String>,
}

/// 资金情况: amounts in `unit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Funding {
    /// The unit every amount's `number` is expressed in (`万元` unless the form says otherwise).
    pub unit: String,
    /// 年度资金总额.
    pub total: Option<Value>,
    /// 财政拨款.
    pub fiscal: Option<Value>,
    /// 其他资金: null when empty, a value 0 when it says 0.
    pub other: Option<Value>,
    /// Every funding row or breakdown beyond total/fiscal/other.
    pub items: Vec<FundingItem>,
}

impl Default for Funding {
    fn default() -> Self {
        Funding {
            unit: "万元".to_owned(),
            total: None,
            fiscal: None,
            other: None,
            items: Vec::new(),
        }
    }
}

/// One extra funding row or bracketed breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FundingItem {
    /// The label as cleaned text (`中央资金`, `道路`).
    pub label: String,
    /// The amount, its number in `funding.unit`.
    pub amount: Value,
}

/// The form's goals.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Goals {
    /// 年度目标 text.
    pub annual: Option<String>,
    /// 中期/长期/实施期/总体 goal text, where the form has one beside the annual goal.
    pub long_term: Option<String>,
}

/// One row of the 绩效指标 table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    /// 一级指标 (产出指标, 效益指标, 满意度指标, …).
    pub level1: Option<String>,
    /// 二级指标 in canonical spelling.
    pub level2: Option<String>,
    /// 三级指标: the indicator's name.
    pub name: Option<String>,
    /// 指标值; null when the cell is empty.
    pub value: Option<Value>,
    /// 1-based line of the row in the decoded source.
    pub line: usize,
    /// 1-based last line of the row: the line its cells end on when they wrap
    /// over several lines, else `line`. Always written by the parser; absent
    /// only in records written before it was (read as `line`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_end: Option<usize>,
    /// The cell the value (or, without a value, the name) was read from:
    /// `申报表!D11` in a spreadsheet, `T2R5C3` (table, row, column) in a docx
    /// or html table, `P1R12C5` (page, row, column) in a PDF or scan; absent
    /// for text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// The page of the row, for PDFs and scans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Column header → cleaned text for columns beyond the name and the value.
    pub extra: BTreeMap<String, String>,
}

impl Indicator {
    /// The row's last line: `line_end` when its cells wrap, else `line`.
    pub fn last_line(&self) -> usize {
        self.line_end.unwrap_or(self.line)
    }
}

/// A typed cell value: a target value or a funding amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Value {
    /// The cell's text exactly as in the source (trimmed).
    pub raw: String,
    /// What the text means.
    #[serde(flatten)]
    pub kind: ValueKind,
    /// True when the value is marked approximate (`约`, `左右`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub approx: bool,
    /// For text that names a date or a deadline: the date it names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateValue>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Value {
    /// A plain text value with no list items.
    pub fn text(raw: impl Into<String>) -> Self {
        Value {
            raw: raw.into(),
            kind: ValueKind::Text { items: None },
            approx: false,
            date: None,
        }
    }

    /// The value's number if it is a quantity.
    pub fn number(&self) -> Option<f64> {
        match &self.kind {
            ValueKind::Quantity { number, .. } => Some(number.0),
            _ => None,
        }
    }
}

/// The three kinds of value the contract defines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ValueKind {
    /// A number with an optional comparator and unit: `≥340户`.
    Quantity {
        /// The comparator, null when none is written.
        op: Option<Op>,
        /// The number.
        number: Number,
        /// The unit, cleaned (`%` from `％`).
        unit: Option<String>,
    },
    /// Two numbers: `2018-2019期间`, `90%-100%`.
    Range {
        /// The lower bound.
        min: Number,
        /// The upper bound.
        max: Number,
        /// The unit shared by both bounds.
        unit: Option<String>,
    },
    /// Anything else; `items` only when the text is a list.
    Text {
        /// The list items when the text is separated by `、` or `;`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        items: Option<Vec<String>>,
    },
}

/// A comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Op {
    /// At least.
    #[serde(rename = ">=")]
    Ge,
    /// At most.
    #[serde(rename = "<=")]
    Le,
    /// More than.
    #[serde(rename = ">")]
    Gt,
    /// Less than.
    #[serde(rename = "<")]
    Lt,
    /// Exactly.
    #[serde(rename = "=")]
    Eq,
}

impl Op {
    /// The ASCII spelling the contract uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Eq => "=",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A date or deadline named by a text value (`2019年12月底前`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DateValue {
    /// The date as `YYYY-MM-DD` (a month's or year's end when only those are given).
    pub iso: String,
    /// `<=` for a deadline (前, 之前, 底前), else null.
    pub op: Option<Op>,
}

/// A JSON number that prints whole values without a fraction (`340`, not `340.0`).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, JsonSchema)]
#[schemars(transparent)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        // 2^53: beyond it f64 no longer holds every integer exactly.
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(Number)
    }
}

impl From<f64> for Number {
    fn from(v: f64) -> Self {
        Number(v)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_prints_whole_values_without_fraction() {
        let cases = [
            (340.0, "340"),
            (6.7, "6.7"),
            (-2.0, "-2"),
            (0.0, "0"),
            (1e20, "1e+20"),
        ];
        for (n, want) in cases {
            assert_eq!(serde_json::to_string(&Number(n)).unwrap(), want, "{n}");
        }
    }

    #[test]
    fn quantity_serialises_in_contract_order() {
        let v = Value {
            raw: "≥340户".into(),
            kind: ValueKind::Quantity {
                op: Some(Op::Ge),
                number: Number(340.0),
                unit: Some("户".into()),
            },
            approx: false,
            date: None,
        };
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(
            json,
            r#"{"raw":"≥340户","kind":"quantity","op":">=","number":340,"unit":"户"}"#
        );
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn text_without_items_has_no_items_key() {
        let json = serde_json::to_string(&Value::text("有所提高")).unwrap();
        assert_eq!(json, r#"{"raw":"有所提高","kind":"text"}"#);
    }
}
