//! Diagnostics are data: a severity, a stable code, a message and a line.
//!
//! The library never prints; the CLI renders diagnostics for humans and the
//! record carries them for machines. Codes are stable kebab-case strings that
//! importers may match on; `docs/diagnostics.md` documents each one.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was read in a tolerant way; the value is still trusted.
    Info,
    /// Something was recovered or guessed; a reviewer should look.
    Warning,
    /// Something could not be read; the record is incomplete.
    Error,
}

impl Severity {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $sev:ident; )*) => {
        /// Every diagnostic the crate can emit, with its stable code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
        }

        impl Code {
            /// All codes, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case code.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity this code is emitted with.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }
        }
    };
}

codes! {
    /// The file could not be read from disk.
    Unreadable = "unreadable-file", Error;
    /// The path is a FIFO, socket, device or directory, not a regular file.
    NotAFile = "not-a-regular-file", Error;
    /// The file is larger than the size limit and was not read.
    TooLarge = "file-too-large", Error;
    /// The file holds no bytes, or only white space.
    EmptyFile = "empty-file", Error;
    /// The file looks like binary data, not text.
    BinaryFile = "binary-file", Error;
    /// Bytes that are not valid in the detected encoding were replaced by U+FFFD.
    MalformedBytes = "malformed-bytes", Warning;
    /// The encoding was guessed from the bytes, not declared by a BOM.
    EncodingDetected = "encoding-detected", Info;
    /// Control characters (NUL and others) were removed from the text.
    ControlChars = "control-chars", Info;
    /// No form title or form label was found in the text.
    NoForm = "no-form-found", Error;
    /// The text is a form, but not a 绩效目标 target form (prose targets, a 自评表).
    NotATargetForm = "not-a-target-form", Error;
    /// The form ends before its indicator table or 注 (an interrupted file).
    FormTruncated = "form-truncated", Error;
    /// A line (or cell) that fits nowhere in the form; its text is in the message.
    UnplacedLine = "unplaced-line", Warning;
    /// Page numbers, running headers and other page furniture that was skipped.
    PageFurniture = "page-furniture", Info;
    /// The page's prose or the template's 填报说明 after the indicator table, skipped: the form ended there.
    TextAfterForm = "text-after-form", Info;
    /// A label read with a one-character OCR confusion or other tolerance.
    LabelFuzzy = "label-fuzzy", Info;
    /// A 二级指标 without its 一级指标: the 一级 was inferred from the label.
    Level1Inferred = "level1-inferred", Warning;
    /// A digit-like letter inside a number (`1O0%`), or `二` before one, was read through an OCR confusion.
    OcrDigit = "ocr-digit", Warning;
    /// A row of the indicator table that holds only labels.
    LabelOnlyRow = "label-only-row", Info;
    /// A 小计/合计 row of a many-project sheet: sums, not a project.
    SubtotalRow = "subtotal-row", Info;
    /// A header label appears twice in one form; the first value was kept.
    DuplicateField = "duplicate-field", Warning;
    /// 年度资金总额 differs from 财政拨款 + 其他资金.
    FundingMismatch = "funding-mismatch", Warning;
    /// A 年度资金总额 read in 万元 that is a hundred million 万元 or more:
    /// most likely an amount in 元 on a form that names no unit.
    FundingMagnitude = "funding-magnitude", Warning;
    /// A percentage above 100 where the name says 率 or 满意度.
    PercentOver100 = "percent-over-100", Warning;
    /// An indicator with a name but no value.
    EmptyValue = "empty-value", Warning;
    /// The same indicator name twice within one 二级指标 group.
    DuplicateIndicator = "duplicate-indicator", Warning;
    /// A 二级指标 under an implausible 一级指标.
    Level2Mismatch = "level2-mismatch", Warning;
    /// The form shows no year.
    YearMissing = "year-missing", Warning;
    /// The form prints no year; the year is read from the page heading above it.
    YearFromHeading = "year-from-heading", Info;
    /// The year line holds a letter OCR gives for a digit (`(2O24年度)`): it was read as that digit.
    YearOcr = "year-ocr", Info;
    /// The year is outside 1990–2100.
    YearOutOfRange = "year-out-of-range", Warning;
    /// The leader's phone is not 7–12 digits.
    PhoneInvalid = "phone-invalid", Warning;
    /// The form names no 实施单位.
    NoImplementers = "no-implementers", Warning;
    /// The form has no indicator rows at all.
    NoIndicators = "no-indicators", Error;
    /// The form has no 注 paragraph.
    NoteMissing = "note-missing", Info;
    /// A project form shows no 项目名称.
    ProjectNameMissing = "project-name-missing", Warning;
    /// The form shows no 年度资金总额.
    FundingTotalMissing = "funding-total-missing", Warning;
    /// A project form shows no 主管部门.
    DepartmentMissing = "department-missing", Warning;
    /// No goal was read while header text stayed unplaced: the goal is likely among it.
    GoalLost = "goal-lost", Warning;
    /// Two goal labels side by side over one text that could not be cut into a
    /// goal each: the whole text is kept as the annual goal.
    GoalsMerged = "goals-merged", Warning;
    /// A field holds U+FFFD: bytes were lost there.
    ReplacementChar = "replacement-char", Warning;
    /// A value holds characters no value uses (`%66z`, `]年`).
    ValueOddChars = "value-odd-chars", Warning;
    /// A value that reads like an OCR confusion (`二99%`, a bare `>` among `≥`, `1O0`).
    OcrSuspect = "ocr-suspect", Warning;
    /// A text value with digits among the quantities of a 数量/成本/时效 group.
    ValueKindOdd = "value-kind-odd", Warning;
    /// A value cell names a unit of its own that the row's unit column contradicts (`31.6万元` under `%`).
    UnitConflict = "unit-conflict", Warning;
    /// A 时效 value that reads as a spreadsheet's date serial (`44,895` for 2022-11-30).
    DateSerial = "date-serial", Warning;
    /// An indicator name of one or two characters, or one that is a form label.
    IndicatorNameSuspect = "indicator-name-suspect", Warning;
    /// A 二级指标 outside the label vocabulary.
    Level2Unknown = "level2-unknown", Warning;
    /// A table row whose cells did not land in their columns.
    RowMisaligned = "row-misaligned", Warning;
    /// Header text that looks like two fields glued together.
    HeaderGlued = "header-glued", Warning;
    /// In text with no separators, an indicator whose name and value run together
    /// with no visible boundary: the whole text was kept as the name.
    GluedUnsplit = "glued-name-value", Warning;
    /// A header field longer than any real one of its kind.
    HeaderTooLong = "header-too-long", Warning;
    /// A header label printed twice with different values.
    FieldConflict = "field-conflict", Warning;
    /// Funding items that add up to more than 年度资金总额.
    FundingItemsExceed = "funding-items-exceed", Warning;
    /// A funding row holding two or more amounts besides its own, or one
    /// different amount right beside it, in columns no title names: which
    /// column is the year's was a guess.
    FundingColumnsUnread = "funding-columns-unread", Warning;
    /// Page furniture inside the indicator table.
    FurnitureInTable = "furniture-in-table", Warning;
    /// A program needed to read the file (pdftotext, tesseract, soffice) is not installed.
    ProgramMissing = "program-missing", Error;
    /// A spreadsheet, Word document, PDF or image could not be opened or read.
    DocumentUnreadable = "document-unreadable", Error;
    /// A PDF has no text layer (a scan saved as PDF).
    PdfNoText = "pdf-no-text", Error;
    /// OCR read a word of a scan with low confidence: it may be misread.
    OcrLowConfidence = "ocr-low-confidence", Warning;
    /// A PDF's or scan's label printed centred over several rows that could
    /// not be matched to them: the rows it may belong to carry this warning.
    LabelUnplaced = "label-unplaced", Warning;
    /// The file's format needs a reader this build was compiled without.
    FormatUnsupported = "format-unsupported", Error;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing the parser recovered from or could not place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// 1-based line in the decoded source; null for whole-file diagnostics.
    pub line: Option<usize>,
    /// What happened, for humans.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity.
    pub fn new(code: Code, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            line,
            message: message.into(),
        }
    }

    /// A diagnostic at a line.
    pub fn at(code: Code, line: usize, message: impl Into<String>) -> Self {
        Self::new(code, Some(line), message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(
                f,
                "{}[{}] line {}: {}",
                self.severity, self.code, l, self.message
            ),
            None => write!(f, "{}[{}]: {}", self.severity, self.code, self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch.is_ascii_digit()));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{s}\""));
        }
    }

    #[test]
    fn diagnostic_serialises_in_contract_shape() {
        let d = Diagnostic::at(Code::Level1Inferred, 72, "m");
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(
            json,
            r#"{"severity":"warning","code":"level1-inferred","line":72,"message":"m"}"#
        );
    }
}
