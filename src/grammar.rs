//! The form grammar: rows of cells → form drafts of borrowed text.
//!
//! Forms are read in one pass over a stream of tokens. Every
//! non-empty cell is classified by the label vocabulary ([`crate::labels`]);
//! labels drive a small state machine (header → indicator table → note), text
//! cells become the values of the labels before them, and a title, a year line
//! or a repeated 项目名称 starts a new form.
//!
//! Rows are read in the mode [`crate::segment`] chose for their stretch of text:
//! - **cells**: rows of real cells (tabs, runs of spaces, pipes); a table row
//!   is levels + name + value columns, merged cells carried down;
//! - **stream**: one cell per line, no row structure; a table is a stream of
//!   level labels, names and values;
//! - **words** and **flat**: cells separated by single spaces, or a whole form
//!   on one line; cells are words, and a table's names and values are told
//!   apart by the value grammar.
//!
//! Nothing here allocates text: drafts hold `&str` slices of the source with
//! their lines, and every cell that lands nowhere becomes a diagnostic, so no
//! line of the input is silently dropped.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::grid::{Grid, WrappedLabel};
use crate::labels::{
    is_label_residue, is_label_shaped, is_level_prefix, is_misread_level1, is_standard_level1,
    is_vertical_label_char, level1_of, match_label, without_score, Field, Label, LabelMatch,
    ALSO_UNDER_BENEFIT, AMOUNT_FIELDS, ANNUAL_PERIODS, CLAUSE_MARKS, FUNDING_BLOCK_FIELDS,
    FUNDING_SUM_LABEL, GOAL_FIELDS, GOAL_TEXT_FIELDS, LEAD_COLUMNS, LEVEL2_ALSO_LEVEL1,
    NAME_FIELDS, OPENING_FIELDS, OTHER_PERIODS, PERIOD_AMOUNT_ENDINGS, REMARKS_LABELS,
    SECTION_FIELDS, SIGN_OFF_FIELDS, SUBJECT_FIELDS, SUM_ROW_LABELS, TASK_CONTENT_TITLES,
    TASK_HEADINGS, TASK_NAME_TITLES, TASK_TABLE_TITLES, UNIT_EXTRA_LABELS, WRAPPING_FIELDS,
};
use crate::layout::{Cell, Row};
use crate::normalize::is_space;
use crate::record::Layout;
use crate::segment::{
    is_approval_cell, is_page_furniture, is_sheet_header, is_site_furniture, is_table_rule,
    is_title, other_form_kind, prose_targets, running_headers, year_line, Mode, OCR_YEAR_LETTERS,
    OCR_YEAR_WORD,
};

/// A piece of source text with its 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The trimmed cell text.
    pub text: &'a str,
    /// 1-based line.
    pub line: usize,
}

impl Piece<'_> {
    /// The line the piece ends on (see [`crate::layout::end_line`]).
    pub fn end_line(&self) -> usize {
        crate::layout::end_line(self.line, self.text)
    }
}

impl<'a> From<&Cell<'a>> for Piece<'a> {
    fn from(c: &Cell<'a>) -> Self {
        Piece {
            text: c.text,
            line: c.line,
        }
    }
}

/// A header label and the cells that hold its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderField<'a> {
    /// What the label introduces.
    pub field: Field,
    /// The label as written.
    pub label: &'a str,
    /// The vocabulary spelling it matched.
    pub spelling: &'static str,
    /// A bracketed annotation on the label (`万元`).
    pub annotation: Option<&'a str>,
    /// Line of the label.
    pub line: usize,
    /// The value's cells, in reading order (several when wrapped or split).
    pub values: Vec<Piece<'a>>,
    /// The end of a label the extraction printed after its number
    /// (`市县财政资 | 1,000,000 | 金`).
    pub tail: Option<&'a str>,
}

/// A column of the indicator table beyond the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column<'a> {
    /// What the column header means.
    pub field: Field,
    /// The header as written.
    pub header: &'a str,
    /// Position of the header cell in its row.
    pub index: usize,
    /// Character column of the header cell (for spaced rows).
    pub col: usize,
}

/// One row of the indicator table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorDraft<'a> {
    /// The 一级指标 in force for the row.
    pub level1: Option<&'a str>,
    /// The 二级指标 in force for the row.
    pub level2: Option<&'a str>,
    /// The name's cells.
    pub name: Vec<Piece<'a>>,
    /// The value's cells.
    pub value: Vec<Piece<'a>>,
    /// The comparator cell when the value is split over columns.
    pub op: Option<Piece<'a>>,
    /// The unit cell when the value is split over columns.
    pub unit: Option<Piece<'a>>,
    /// Other columns: header → cell.
    pub extra: Vec<(&'a str, Piece<'a>)>,
    /// Line of the row (its first line when wrapped).
    pub line: usize,
    /// Last line holding a piece of the row.
    pub last_line: usize,
    /// Where the name and value cells sat (index, column), for wrapped rows.
    name_at: (usize, usize),
    /// How many columns after the name the row has reached.
    cells: usize,
    /// The separator the row's line used.
    layout: Option<Layout>,
    /// The row's line itself holds a tab or a pipe (glued text cut into
    /// cells holds none).
    separated: bool,
    /// The row's levels were carried down from rows above, not written in it.
    carried: bool,
    value_at: Option<(usize, usize)>,
}

/// A heading over an indicator table (`长期绩效指标`, `年度绩效指标`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableHeading<'a> {
    /// How many indicator rows were read before it: the rows after it are its.
    pub rows_before: usize,
    /// The vocabulary spelling it matched.
    pub spelling: &'static str,
    /// The heading as printed.
    pub text: &'a str,
}

/// Everything read of one form, as borrowed text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormDraft<'a> {
    /// The title line.
    pub title: Option<Piece<'a>>,
    /// The line above the title holding its head, when the title wrapped
    /// (`某区民政局2024年项目支出` / `绩效目标表`).
    pub title_head: Option<Piece<'a>>,
    /// The year from a `（2019年度）` line.
    pub year: Option<(i32, usize)>,
    /// Header labels with their values, in source order.
    pub header: Vec<HeaderField<'a>>,
    /// Indicator table columns after the name, from the table's header row.
    pub columns: Vec<Column<'a>>,
    /// The header row's leading columns: 一级指标, 二级指标 and the name.
    pub lead: Vec<Column<'a>>,
    /// Index of the first column of a second 二级/三级/指标值 block printed
    /// beside the first (中期 | 年度 side by side).
    pub second_half: Option<usize>,
    /// Period columns of the funding block (`实施期`, `年度`), in order.
    pub funding_periods: Vec<&'a str>,
    /// The place the value column is titled with when the table gives one
    /// value column per place (`区域目标值` over `甲区 | 乙区`): the first
    /// place's, whose values are the indicators' own.
    pub value_place: Option<&'a str>,
    /// Headings over the indicator tables (`长期绩效指标`, `年度绩效指标`).
    pub table_headings: Vec<TableHeading<'a>>,
    /// Indicator rows.
    pub indicators: Vec<IndicatorDraft<'a>>,
    /// The 注 paragraph's pieces.
    pub note: Vec<Piece<'a>>,
    /// First line of the form.
    pub line_start: usize,
    /// Last line of the form.
    pub line_end: usize,
    /// Cells read, by the separator family of their row: tabs, spaces,
    /// pipes, single cells, words, flat.
    pub separators: [usize; 6],
    /// Whether the indicator table was reached.
    pub saw_table: bool,
    /// Diagnostics raised while reading the form.
    pub diagnostics: Vec<Diagnostic>,
}

impl FormDraft<'_> {
    /// How the form's cells were separated.
    pub fn layout(&self) -> Layout {
        let [tabs, spaces, pipes, single, words, flat] = self.separators;
        let total = tabs + spaces + pipes + single + words + flat;
        // A family that holds nearly every cell names the layout; single
        // cells (titles, wrapped lines) go with any family.
        let families = [
            (tabs, Layout::Tabs),
            (spaces + words, Layout::Spaces),
            (pipes, Layout::Pipes),
            (flat, Layout::Flat),
        ];
        let present: Vec<&(usize, Layout)> = families.iter().filter(|(n, _)| *n > 0).collect();
        match present.as_slice() {
            [] => Layout::CellPerLine,
            [(_, layout)] if single * 2 <= total || *layout == Layout::Flat => *layout,
            [_] => Layout::CellPerLine,
            _ => {
                let (best, layout) = families
                    .iter()
                    .max_by_key(|(n, _)| *n)
                    .copied()
                    .unwrap_or((0, Layout::Mixed));
                if best * 10 >= total * 9 {
                    layout
                } else {
                    Layout::Mixed
                }
            }
        }
    }

    /// Whether the form prints a header label of this field.
    pub fn has_field(&self, field: Field) -> bool {
        self.header.iter().any(|h| h.field == field)
    }

    fn is_empty(&self) -> bool {
        self.header.is_empty() && self.indicators.is_empty() && self.note.is_empty()
    }

    /// Whether the form is a department's or unit's whole spending: titled
    /// so (单位整体支出绩效目标表) or naming its 部门名称.
    fn whole_spending(&self) -> bool {
        self.has_field(Field::DepartmentName)
            || self
                .title
                .is_some_and(|t| crate::labels::is_whole_spending_title(t.text))
    }
}

/// What became of a line, for the no-line-dropped guarantee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineUse {
    /// Nothing but white space.
    Blank,
    /// Skipped as page furniture, with a diagnostic.
    Furniture,
    /// Named in a diagnostic (unplaced text).
    Diagnosed,
    /// Holds only labels (and empty cells).
    Label,
    /// Holds a value that landed in a field.
    Field,
    /// Inside a form that is not a target form, named by a `not-a-target-form` error.
    Foreign,
}

/// The result of reading a whole text.
#[derive(Debug, Clone, Default)]
pub struct Document<'a> {
    /// The forms found, in order.
    pub forms: Vec<FormDraft<'a>>,
    /// Diagnostics about text outside every form (only when there is no form).
    pub stray: Vec<Diagnostic>,
    /// What became of each line (index = line − 1); None only if a line was never seen.
    pub line_use: Vec<Option<LineUse>>,
    /// Cover pages set apart before the rows were read (see [`crate::regions`]).
    pub covers: Vec<crate::regions::Cover>,
}

/// One cell per line with pipes: the blank lines that end a row (`|||`) and
/// open the next one with an empty first cell (`|`, a merged 一级 cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum PipeRow {
    /// Neither: the line before was a cell.
    #[default]
    Open,
    /// `|||` on this line ended a row.
    Ended(usize),
    /// `|` on this line, right after an end, is the next row's empty first cell.
    Gap(usize),
}

impl PipeRow {
    /// The same state, carried past an empty line so the next line still follows it.
    fn past(self, line: usize) -> Self {
        match self {
            PipeRow::Open => PipeRow::Open,
            PipeRow::Ended(_) => PipeRow::Ended(line),
            PipeRow::Gap(_) => PipeRow::Gap(line),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    /// Title, year and header fields.
    #[default]
    Header,
    /// The indicator table.
    Table,
    /// After the table: the 注 paragraph.
    After,
    /// The form's region has ended (an approval block, the web page's own
    /// furniture): text until the next form is furniture, not the form's.
    Closed,
}

/// A classified non-empty cell.
#[derive(Debug, Clone, Copy)]
enum Kind<'a> {
    Label(LabelMatch<'a>),
    Text,
    Title,
    Year(i32),
    Furniture(&'static str),
    Residue,
    /// The title of a form that is not a target form (a 自评表).
    Foreign(&'static str),
    /// An approval or sign-off cell (`…审核意见 (盖章)`): the table ends.
    Approval,
    /// A numbered sentence or a part heading on a line of its own after the
    /// table (`2.部门绩效评价结果。`, `第三部分`): the page's prose resumes.
    Prose,
}

/// A cell that is a unit line in brackets (`（单位：万元）`, `(金额单位:元)`):
/// its inner text and the unit-note label it opens with.
fn bracketed_unit_note(text: &str) -> Option<(&str, LabelMatch<'_>)> {
    let inner = text
        .strip_prefix(['(', '（'])?
        .strip_suffix([')', '）'])?
        .trim();
    // fixture: fixtures/tables/funding-label-down-column-unit.txt
    // A unit alone in brackets (`（万元）`): the last piece of a funding label
    // printed down its cell (`年度` / `预算` / `安排` / `（万元）`) says the
    // unit of its amounts.
    if crate::value::funding_unit(text) == Some(inner) {
        let m = LabelMatch {
            label: Label::Field(Field::UnitNote),
            spelling: "单位",
            rest: inner,
            ..UNKNOWN_LABEL
        };
        return Some((inner, m));
    }
    let m = match_label(inner)?;
    (m.label == Label::Field(Field::UnitNote) && crate::value::funding_unit(inner).is_some())
        .then_some((inner, m))
}

/// What a web page's own furniture is called in diagnostics.
const SITE: &str = "web page furniture";
/// What a 填表人 or approval row is called in diagnostics.
const FILLER: &str = "form-filler or approval row";
/// What prose after the indicator table is called in diagnostics.
const PROSE: &str = "the page's prose after the indicator table";
/// What a funding label naming fiscal grants ends with (`市财政拨款`).
const FISCAL_GRANT: &str = "财政拨款";

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    kind: Kind<'a>,
    cell: Cell<'a>,
}

impl Tok<'_> {
    /// A field's label with nothing after it in its cell: the next cell on
    /// its row may be its value.
    fn bare_field_label(&self) -> bool {
        matches!(self.kind, Kind::Label(m) if m.rest.is_empty() && matches!(m.label, Label::Field(_)))
    }
}

/// The header values one row gave, by column (see
/// [`Reader::column_continuation`]).
#[derive(Default)]
struct ValueColumns {
    /// The row's line.
    line: usize,
    cells: Vec<ValueColumn>,
}

/// Where one header value sat on its row, and the field it went to.
struct ValueColumn {
    /// Its cell index (tabs, pipes).
    index: usize,
    /// Its display columns (aligned spaces, one cell per line): from its
    /// first, up to its end, and where the label before it on its row ends.
    col: usize,
    end_col: usize,
    label_end: usize,
    /// The header field (an index into `form.header`).
    field: usize,
}

/// The reading state of one form: made new when a form opens, so nothing
/// read in one form can leak into the next.
#[derive(Default)]
struct FormCtx<'a> {
    /// The start of a level label wrapped onto the next line, in its column.
    level_fragment: Option<(Field, Cell<'a>)>,
    /// Words: a lone name text whose end opens the next line before its
    /// value (see `Reader::name_head_before_value`).
    name_head: Option<Cell<'a>>,
    /// One cell per line with pipes: a row just ended by `|||`, or opened
    /// with an empty first cell `|` right after such an end.
    pipe_row: PipeRow,
    /// The last line read as standing under a table of tabs or pipes, not
    /// in it (see `Reader::stray_under_table`).
    stray_line: Option<usize>,
    state: State,
    /// Header labels awaiting a value on the next row (indices into `form.header`).
    pending: Vec<usize>,
    /// The line of the latest funding period title read.
    period_line: Option<usize>,
    /// One cell per line: the line of the latest cell of a sum row.
    sum_row_line: Option<usize>,
    /// The line of a row of funding column titles over their amounts
    /// (see `Reader::funding_column_titles`).
    funding_titles_line: Option<usize>,
    /// The header field that received the last text, for wrapped continuations.
    last_filled: Option<usize>,
    /// The header values of the latest row that gave any, by column. A text
    /// in such a column on the next row holding text continues that field
    /// (a wrapped cell).
    value_columns: ValueColumns,
    /// The row before `value_columns` when `value_columns` is the row being
    /// read: its second wrapped cell still continues the row above.
    above_columns: ValueColumns,
    level1: Option<&'a str>,
    level2: Option<&'a str>,
    /// Table: the header row's width, empty cells included.
    header_width: usize,
    /// Table: the line of the header row (or of its last wrapped line).
    header_line: usize,
    /// Table: the line of a header's second row naming the parts of a title
    /// spanning them (see `column`).
    sub_header_line: Option<usize>,
    /// Table: the index of a 序号 column before the levels, when the header
    /// row opens with one (see `serial_cell`).
    serial_index: Option<usize>,
    /// Note: the previous row held the note, so a text row continues it.
    note_open: bool,
    /// After the table: the remarks field whose label opened the rows below
    /// (see `open_remarks`); texts go to it until another label.
    remarks: Option<usize>,
    /// One cell per line: the subject's value whose label a continued page
    /// repeated, skipped when it comes on the next line.
    repeated_subject: Option<&'a str>,
    /// Table: the current row (or, in stream mode, run) is the header row.
    header_row_open: bool,
    /// Stream and words modes: line of the level label that opens the next
    /// indicator's logical row.
    logical_start: Option<usize>,
    /// Header text lines just above that fitted nowhere (see `adopt_orphans`).
    orphans: Vec<Cell<'a>>,
    /// The previous non-blank line ended with `|`.
    prev_piped: bool,
    /// The current line lacks the `|` the line above had: the next runs on.
    run_on_next: bool,
    /// One cell per line ended by ` |`: the line above lacked its `|`, so
    /// its cell runs on into this line.
    cell_runs_on: bool,
    /// Header: inside a 部门整体 form's task table (see `Reader::task_row`).
    tasks: Option<TaskTable<'a>>,
    /// Table: the latest 二级 label's first row below it (an index into the
    /// form's indicators) and how many rows of its cell stand above it.
    level2_anchor: Option<(usize, usize)>,
}

/// A 部门整体 form's task table (年度主要任务 | 任务名称 | 主要内容 | 预算金额,
/// then 总额 | 财政拨款 | 其他资金): its amount columns, once their titles are read.
#[derive(Default)]
struct TaskTable<'a> {
    /// Each amount column.
    amounts: Vec<AmountColumn<'a>>,
    /// A task or sum row has been read: no more column titles come.
    rows_read: bool,
    /// The title of the column of text about each task (主要内容): with it the
    /// table is read even without amount columns.
    content: Option<Cell<'a>>,
    /// The last task read, which a wrapped line below continues.
    last: Option<TaskRead<'a>>,
    /// How many titles the row that opened it held.
    titles: usize,
}

/// A task row as read: its name cell, and the header fields its amount (a
/// funding item) and its text (an `extra` entry) went to.
#[derive(Clone, Copy)]
struct TaskRead<'a> {
    name: Cell<'a>,
    item: Option<usize>,
    text: Option<usize>,
}

/// A task table's amount column: its title cell, and the funding field and
/// spelling it stands for.
type AmountColumn<'a> = (Cell<'a>, Field, &'static str);

impl<'a> TaskTable<'a> {
    /// The amount column each of a row's cells sits in. A row ending in as
    /// many amounts as there are amount columns gives them in order (aligned
    /// text whose columns have drifted included); otherwise each cell goes
    /// by its place, and a column two cells claim takes neither.
    fn place(&self, cells: &[Cell<'a>], by_index: bool) -> Vec<Option<AmountColumn<'a>>> {
        let n = self.amounts.len();
        let trailing = cells
            .iter()
            .rev()
            .take_while(|c| crate::value::parse_amount_like(c.text))
            .count();
        if trailing == n && cells.len() > n {
            let lead = cells.len() - n;
            return (0..cells.len())
                .map(|i| {
                    i.checked_sub(lead)
                        .and_then(|k| self.amounts.get(k).copied())
                })
                .collect();
        }
        let mut places: Vec<_> = cells.iter().map(|c| self.column_of(c, by_index)).collect();
        let claimed = |t: &Cell<'a>, places: &[Option<AmountColumn<'a>>]| {
            places
                .iter()
                .flatten()
                .filter(|(o, _, _)| o.line == t.line && o.index == t.index && o.col == t.col)
                .count()
        };
        let twice: Vec<bool> = places
            .iter()
            .map(|p| p.is_some_and(|(t, _, _)| claimed(&t, &places) > 1))
            .collect();
        for (p, twice) in places.iter_mut().zip(twice) {
            if twice {
                *p = None;
            }
        }
        places
    }

    /// The amount column a cell of a row below sits in: the same cell index
    /// with tabs or pipes, the same display column with aligned spaces.
    fn column_of(&self, c: &Cell<'a>, by_index: bool) -> Option<AmountColumn<'a>> {
        if by_index {
            return self
                .amounts
                .iter()
                .copied()
                .find(|(t, _, _)| t.index == c.index);
        }
        // Aligned text: the title whose span the cell overlaps, nearest by centre
        // (amounts are often right-aligned under a wider title).
        let span = |x: &Cell<'a>| (x.col, x.col + crate::layout::width(x.text));
        let (a, b) = span(c);
        self.amounts
            .iter()
            .copied()
            .filter(|(t, _, _)| {
                let (ta, tb) = span(t);
                a <= tb && ta <= b
            })
            .min_by_key(|(t, _, _)| {
                let (ta, tb) = span(t);
                (ta + tb).abs_diff(a + b)
            })
    }
}

/// The row being read: its shape, fixed when it starts, and what it has
/// given so far. Made new for each row, so nothing of one row reaches the next.
#[derive(Default)]
struct RowCtx<'a> {
    /// Its cells after a funding heading title the amounts on the row under
    /// them (see `Reader::funding_column_titles`): none is a period column.
    funding_titles: bool,
    /// Some cell of the row starts with a digit, other than a period column's title.
    holds_number: bool,
    /// Its labels end in colons and each has an empty cell of its own after it.
    labels_left_empty: bool,
    /// The row's text, trimmed.
    text: &'a str,
    /// Total cells, empty ones included.
    width: usize,
    /// The whole line, untrimmed.
    raw: &'a str,
    /// Index of the last non-empty cell.
    last_index: usize,
    /// Index and display column of the first non-empty cell.
    first_index: usize,
    first_col: usize,
    /// The display column where the row's latest label cell ends (aligned
    /// text): a header value's wrapped end starts right of it.
    label_end: usize,
    /// The row holds a single cell.
    single: bool,
    /// Table (cells): every cell sits under the header column that fits it
    /// (see [`crate::columns::keeps_columns`]).
    keeps_columns: bool,
    /// The separator family it counts for (see `Reader::separator_slot`).
    slot: usize,
    /// The separator the line itself used.
    layout: Option<Layout>,
    /// How many labels the row holds in all.
    labels_total: usize,
    /// How many texts (cells neither label nor residue) it holds in all.
    texts_total: usize,
    /// Whether a label has been seen so far.
    has_label: bool,
    /// The rest of the row is a 填表人 or approval row.
    furniture: bool,
    /// Table: the row carried a level label.
    had_level: bool,
    /// Table: the row's only level label is a 一级.
    only_level1: bool,
    /// Table (cells): the row's 二级 label as printed.
    level2_cell: Option<Cell<'a>>,
    /// Table (words): the row continues the list value left open above it.
    continues_list: bool,
    /// What the row gave the form being read.
    part: RowPart<'a>,
}

impl RowCtx<'_> {
    /// The line holds no tab and no pipe, not even at its ends.
    fn unseparated(&self) -> bool {
        !self.raw.bytes().any(|b| b == b'\t' || b == b'|')
    }
}

/// What a row has given the form being read; a form opening mid-row takes
/// the rest of the row with a fresh one.
#[derive(Default)]
struct RowPart<'a> {
    /// Header labels seen in the row.
    labels: Vec<usize>,
    /// The header label the next text of this row belongs to.
    current: Option<usize>,
    /// The previous token of the table was a level label (and which).
    prev_level: Option<(bool, &'a str)>,
    /// Where in the form's diagnostics the `level1-inferred` of this row's
    /// last 二级 label went: withdrawn when that label proves to be the row's
    /// first level (成本指标 before another 二级).
    inferred: Option<usize>,
    /// Table: texts of the row (cells mode).
    texts: Vec<Cell<'a>>,
}

struct Reader<'a> {
    /// What belongs to the form being read, created afresh for each form.
    ctx: FormCtx<'a>,
    doc: Document<'a>,
    form: Option<FormDraft<'a>>,
    mode: Mode,
    /// What is known of the row being read, made new for each row.
    row: RowCtx<'a>,
    /// Lines before the first form, reported on it.
    preamble: Vec<Diagnostic>,
    /// Table: an indicator still taking cells (stream and words modes).
    open: Option<IndicatorDraft<'a>>,
    /// Single-cell texts that repeat across pages (running headers).
    running: HashMap<&'a str, usize>,
    /// A sheet listing many projects in one table, while its rows last.
    sheet: Option<Sheet<'a>>,
    /// Inside a form that is not a target form: what it is, first and last line.
    foreign: Option<(&'static str, usize, usize)>,
    /// The current row's classified cells (a buffer kept across rows).
    toks: Vec<Tok<'a>>,
    /// A title met inside an indicator table, until the next cell tells
    /// whether it starts a form or repeats the title on a new page.
    held_title: Option<Cell<'a>>,
    /// The year printed with a held title that repeats the open form's own
    /// title and year (see `resolve_held_title`).
    held_year: Option<(Cell<'a>, i32)>,
    /// The first cell of the next non-blank row.
    next_text: Option<&'a str>,
    /// The whole line of the next non-blank row.
    next_line: Option<&'a str>,
    /// The first cell of the non-blank row before.
    prev_text: Option<&'a str>,
    /// Several amount labels waiting: how many rows of one amount each
    /// start at the current row (see `give_pending`); 0 otherwise.
    amount_run: usize,
    /// The cell indices of the amounts on the row under a funding heading's
    /// row, when it holds nothing else ([`Grid::amounts_below`]).
    amounts_below: crate::grid::AmountsBelow,
    /// The current row ends with the head of a label wrapped onto a later row.
    wrapped: Option<WrappedLabel>,
    /// The line holding the end of a wrapped label, read as part of it.
    wrapped_tail: Option<usize>,
    /// The current row opens with one character of a label printed down a
    /// column (see [`crate::grid::Grid::vertical_piece`]).
    vertical_piece: crate::grid::Vertical,
    /// The row is a page's running header or footer inside a table
    /// ([`Grid::page_margin`]).
    page_margin: bool,
    /// The line of the last row holding text before the current one (blank
    /// lines between rows are no rows).
    line_above: usize,
    /// The year (and its line) of a title just skipped as a headline, for a
    /// sub-title right below it that prints none.
    headline_year: Option<(i32, usize)>,
    /// The year (and its line) of the last page heading before the first
    /// form that names a 绩效目标 table, for a first form that prints none.
    heading_year: Option<(i32, usize)>,
}

/// What a column of a many-project sheet holds.
#[derive(Debug, Clone, Copy)]
enum SheetCol<'a> {
    Header(Field, &'a str, &'static str),
    Level1,
    Level2,
    Name,
    Value,
    Column(Column<'a>),
}

/// A many-project sheet: one header row naming header fields and indicator
/// columns, then rows where a filled 项目名称 cell starts the next project.
#[derive(Debug, Clone)]
struct Sheet<'a> {
    columns: Vec<(usize, SheetCol<'a>)>,
    /// Where each of `columns` sits in a row, for aligning rows to them
    /// ([`crate::columns::align_sheet`]).
    places: Vec<(usize, crate::columns::SheetPlace<'a>)>,
    /// Title, year and header rows above the sheet, given to every project.
    template: FormDraft<'a>,
    /// Its rows are words one space apart: each word is a cell.
    words: bool,
}

impl Sheet<'_> {
    /// Whether a column of the sheet holds `field`.
    fn starts_by(&self, field: Field) -> bool {
        self.columns
            .iter()
            .any(|(_, col)| matches!(col, SheetCol::Header(f, ..) if *f == field))
    }
}

/// A row of words one space apart as a row of cells, one per word.
fn word_row<'a>(row: &Row<'a>, words: &[Cell<'a>]) -> Row<'a> {
    Row {
        line: row.line,
        text: row.text,
        cells: words
            .iter()
            .enumerate()
            .map(|(index, c)| Cell { index, ..*c })
            .collect(),
        layout: row.layout,
    }
}

/// Whether a cell alone under the table's header row is the end of a header
/// cell wrapped onto its own line (`及文字描述）`, `说明`): it closes a
/// bracket it did not open, or ends as column titles do.
fn is_header_cell_tail(text: &str) -> bool {
    let closes = |open: char, close: char| text.matches(close).count() > text.matches(open).count();
    let title_end = crate::labels::HEADER_CELL_ENDINGS
        .iter()
        .any(|e| text.ends_with(e));
    text.chars().count() <= 16
        && !text.chars().any(|c| c.is_ascii_digit())
        && (closes('(', ')') || closes('（', '）') || title_end)
}

/// The text of a cell's pieces, joined.
fn pieces_text(pieces: &[Piece<'_>]) -> String {
    pieces.iter().map(|p| p.text).collect()
}

/// How an `unplaced-line` message begins; the line's text follows.
pub const UNPLACED: &str = "text fits no field of the form: ";

/// A year line's bracket with its year taken out: `( 年度)`, `（年度）`.
fn is_empty_year_bracket(text: &str) -> bool {
    const FORMS: &[&str] = &["(年度)", "（年度）", "(年度）", "（年度)", "(年)", "（年）"];
    // Asked of every text cell's row: short rows only, compared without a copy.
    text.len() <= 40
        && FORMS
            .iter()
            .any(|f| text.chars().filter(|c| !c.is_whitespace()).eq(f.chars()))
}

/// What an export leaves of the label 年度目标 when it cuts it.
const CUT_GOAL_LABELS: &[&str] = &["年度", "年度目"];

/// A header label the vocabulary lacks, kept in `extra` under its own text.
const UNKNOWN_LABEL: LabelMatch<'static> = LabelMatch {
    label: Label::Field(Field::Extra),
    spelling: "",
    annotation: None,
    rest: "",
    fuzzy: false,
};

/// The `extra` keys of a 中期 block's name and value beside the 年度 block.
const LONG_TERM_KEYS: &[&str] = &["中期三级指标", "中期指标值"];

/// Reads all forms of a text from its rows.
pub fn read<'a>(rows: &[Row<'a>]) -> Document<'a> {
    read_part(rows, running_headers(rows), true)
}

/// Reads the forms of rows that are one stretch of a larger text
/// ([`crate::stream`]): `running` holds the running headers of the whole
/// text among these rows, and `line_use` is kept only when `track_lines`
/// (a stretch's rows keep their line numbers in the whole text).
pub fn read_part<'a>(
    rows: &[Row<'a>],
    running: HashMap<&'a str, usize>,
    track_lines: bool,
) -> Document<'a> {
    let mut grid = Grid::new(rows);
    let lines = if track_lines {
        rows.last().map_or(0, |r| r.line)
    } else {
        0
    };
    let mut r = Reader {
        ctx: FormCtx::default(),
        doc: Document {
            line_use: vec![None; lines],
            ..Document::default()
        },
        form: None,
        mode: Mode::Cells,
        row: RowCtx::default(),
        preamble: Vec::new(),
        open: None,
        running,
        sheet: None,
        foreign: None,
        toks: Vec::new(),
        held_title: None,
        held_year: None,
        headline_year: None,
        heading_year: None,
        next_text: None,
        next_line: None,
        prev_text: None,
        amount_run: 0,
        amounts_below: crate::grid::AmountsBelow::default(),
        wrapped: None,
        wrapped_tail: None,
        vertical_piece: crate::grid::Vertical::None,
        page_margin: false,
        line_above: 0,
    };
    let mut cells = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if i > 0 && !rows[i - 1].is_blank() {
            r.line_above = rows[i - 1].line;
        }
        // Stream mode looks one cell ahead to tell a name from an optional column.
        let next = grid.next_text(i);
        r.next_text = next.map(|(_, t)| t);
        r.next_line = next.map(|(n, _)| n.text);
        // The row before holding any text: kept from row to row.
        if let Some(c) = i
            .checked_sub(1)
            .and_then(|k| rows.get(k))
            .and_then(|p| p.filled().next())
        {
            r.prev_text = Some(c.text);
        }
        r.amount_run = if r.amounts_waiting() > 1 {
            grid.amount_run(i)
        } else {
            0
        };
        grid.cells(i, &mut cells);
        r.wrapped = grid.wrapped_label(i, &cells);
        r.amounts_below = match row.filled().next().and_then(|c| match_label(c.text)) {
            Some(m) if m.label == Label::Field(Field::Funding) => grid.amounts_below(i),
            _ => crate::grid::AmountsBelow::default(),
        };
        r.vertical_piece = grid.vertical_piece(i);
        r.page_margin = grid.page_margin(i);
        r.row(row, grid.mode(i), &cells);
        if let Some(w) = r.wrapped {
            r.wrapped_tail = rows.get(w.tail_row).map(|t| t.line);
        }
    }
    r.resolve_held_title(None);
    r.close_form();
    r.foreign_end();
    if let Some(last) = r.doc.forms.last_mut() {
        last.diagnostics.append(&mut r.preamble);
    }
    if r.doc.forms.is_empty() {
        r.doc.stray.append(&mut r.preamble);
        if let Some(line) = prose_targets(rows) {
            r.doc.stray.push(Diagnostic::at(
                Code::NotATargetForm,
                line,
                "the targets are written as prose (数量指标:… ;…), not as a 绩效目标 form with an indicator table; no record was made",
            ));
        }
    }
    r.doc
}

impl<'a> Reader<'a> {
    fn mark(&mut self, line: usize, use_: LineUse) {
        if let Some(slot) = line
            .checked_sub(1)
            .and_then(|i| self.doc.line_use.get_mut(i))
        {
            *slot = Some(slot.map_or(use_, |u| u.max(use_)));
        }
    }

    /// Sets what became of a line, replacing what an earlier reading said.
    fn mark_over(&mut self, line: usize, use_: LineUse) {
        if let Some(slot) = line
            .checked_sub(1)
            .and_then(|i| self.doc.line_use.get_mut(i))
        {
            *slot = Some(use_);
        }
    }

    fn diag(&mut self, d: Diagnostic) {
        // Outside any form: text after a form is reported on it, text before
        // the first form on the form that follows.
        match self.form.as_mut().or(self.doc.forms.last_mut()) {
            Some(f) => f.diagnostics.push(d),
            None => self.preamble.push(d),
        }
    }

    fn unplaced(&mut self, cell: &Cell<'a>) {
        self.mark(cell.line, LineUse::Diagnosed);
        let d = Diagnostic::at(
            Code::UnplacedLine,
            cell.line,
            format!("{UNPLACED}{}", cell.text),
        );
        self.diag(d);
    }

    fn furniture(&mut self, cell: &Cell<'a>, what: &str) {
        self.mark(cell.line, LineUse::Furniture);
        let d = Diagnostic::at(
            Code::PageFurniture,
            cell.line,
            format!("skipped {what}: {}", cell.text),
        );
        self.diag(d);
    }

    fn touch(&mut self, line: usize) {
        if let Some(f) = self.form.as_mut() {
            if f.line_start == 0 {
                f.line_start = line;
            }
            f.line_end = f.line_end.max(line);
        }
    }

    fn open_form(&mut self, line: usize) {
        self.close_form();
        let mut f = FormDraft {
            line_start: line,
            line_end: line,
            ..FormDraft::default()
        };
        // Text before the first form is reported on it, so nothing is lost.
        f.diagnostics.append(&mut self.preamble);
        self.form = Some(f);
        self.ctx = FormCtx::default();
        // The rest of the row being read when the form opens is the new form's.
        self.row.part = RowPart::default();
    }

    fn close_form(&mut self) {
        self.flush_open();
        if let Some(mut f) = self.form.take() {
            // fixture: fixtures/regions/page-headline.txt
            // A title (and year) with no header field, indicator or 注 under
            // it is a page headline, an attachment list entry or a table of
            // contents line: furniture, never a record.
            if f.header.is_empty() && f.indicators.is_empty() && f.note.is_empty() {
                // Its text stood outside every form: page furniture, not a
                // line the form failed to place.
                for d in &mut f.diagnostics {
                    if d.code == Code::UnplacedLine {
                        d.code = Code::PageFurniture;
                        d.severity = Code::PageFurniture.severity();
                        d.message = d.message.replace(
                            "text fits no field of the form",
                            "skipped text outside any form",
                        );
                        if let Some(line) = d.line {
                            self.mark_over(line, LineUse::Furniture);
                        }
                    }
                }
                self.preamble.append(&mut f.diagnostics);
                let lines = f
                    .title
                    .map(|t| t.line)
                    .into_iter()
                    .chain(f.year.map(|y| y.1));
                for line in lines {
                    self.mark_over(line, LineUse::Furniture);
                }
                if let Some(t) = f.title {
                    if let Some(year) = crate::segment::heading_year(t.text) {
                        self.heading_year = Some((year, t.line));
                    }
                    self.preamble.push(Diagnostic::at(
                        Code::PageFurniture,
                        t.line,
                        format!("skipped a title with no form under it (a page headline or a list of attachments): {}", t.text),
                    ));
                }
                self.headline_year = f.year.filter(|_| f.title.is_some());
                if let Some((year, line)) = f.year.filter(|y| f.title.is_none_or(|t| t.line != y.1))
                {
                    self.preamble.push(Diagnostic::at(
                        Code::PageFurniture,
                        line,
                        format!("skipped a year line ({year}) with no form under it"),
                    ));
                }
                return;
            }
            // fixture: fixtures/regions/headline-year-subtitle.txt
            // `项目支出绩效目标表` / `(2024年)` / `2.某项目-2024绩效目标表`: the
            // sub-title is the form's, the year printed under the headline too.
            let headline_year = self.headline_year.take();
            if f.year.is_none() {
                f.year = headline_year.filter(|&(_, line)| f.line_start <= line + 2);
            }
            let heading_year = self.heading_year.take();
            if let Some(heading) = heading_year.filter(|_| self.doc.forms.is_empty()) {
                year_from_heading(&mut f, heading);
            }
            // fixture: fixtures/regions/forms-under-one-title.txt
            // Forms one per project under one title (`2022年项目支出绩效目标表`
            // / form / form …): a form printing neither title nor year of its
            // own is the title's (one printing its year lost only its title).
            if f.title.is_none() && f.year.is_none() {
                // A department's form and a project's never share a title.
                let same_kind = |p: &FormDraft<'_>| {
                    p.has_field(Field::ProjectName) == f.has_field(Field::ProjectName)
                };
                if let Some(prev) = self
                    .doc
                    .forms
                    .last()
                    .filter(|p| p.title.is_some() && same_kind(p))
                {
                    f.title = prev.title;
                    f.year = prev.year;
                } else if let Some((year, line)) = self.doc.forms.last().and_then(|p| p.year) {
                    // fixture: fixtures/regions/project-after-department-form.txt
                    // An untitled form right after another kind's form (a
                    // project under a 部门整体 form) is of the same budget year.
                    f.year = Some((year, line));
                    f.diagnostics.push(Diagnostic::at(
                        Code::YearFromHeading,
                        f.line_start,
                        format!("the form prints no year; {year} is read from the form above it (line {line})"),
                    ));
                }
            }
            refile_satisfaction(&mut f);
            fill_leading_level1(&mut f);
            rebalance_goals(&mut f);
            centre_numbered_paragraphs(&mut f);
            centre_header_values(&mut f);
            self.doc.forms.push(f);
        }
    }

    /// Whether a cell that opens like web page furniture is an indicator's
    /// name inside the table (`浏览次数 | ≥50万次` after a level cell or
    /// under empty level cells, `信息来源可靠性`): page metadata opens its
    /// own line and ends its word.
    // fixture: fixtures/tables/site-words-as-indicator-names.txt
    fn names_in_table(&self, cell: &Cell<'a>) -> bool {
        self.ctx.state == State::Table
            && self
                .form
                .as_ref()
                .is_some_and(|f| !f.indicators.is_empty() || self.open.is_some())
            && (crate::segment::names_a_metric(cell.text)
                || match self.mode {
                    // A cell of a glued line placed in its column starts the line.
                    Mode::Cells => cell.index > 0 && cell.col > 0,
                    Mode::Words => cell.col > 0,
                    Mode::Flat | Mode::Stream => false,
                })
    }

    /// What a cell is, in the reader's state, after the cell before it on
    /// its row (`prev`).
    fn classify(&self, mut cell: Cell<'a>, prev: Option<&Tok<'a>>) -> Tok<'a> {
        // The cell before is a field's label with nothing after it in its cell.
        let after_bare_label = prev.is_some_and(Tok::bare_field_label);
        // fixture: fixtures/tables/ocr-border-marks.txt
        // A table rule OCR left at a cell's edge (`丨 满意度指标`) is no part
        // of the cell: its label is matched, its value read without it.
        let trimmed = crate::normalize::trim_border_marks(cell.text);
        if !trimmed.is_empty() && trimmed.len() != cell.text.len() {
            cell.text = trimmed;
        }
        let text = cell.text;
        // `3/5` is a page number only on a line of its own; in a row it is a value.
        let kind = if self.bare_page_number(text) {
            // fixture: fixtures/layouts/spaces-bare-page-number.txt
            Kind::Furniture(PAGE_MARKER)
        } else if self.vertical_piece != crate::grid::Vertical::None
            && cell.col == self.row.first_col
        {
            // fixture: fixtures/layouts/spaces-side-by-side-goals-wrapped.txt
            // fixture: fixtures/tables/pipes-label-down-first-column.txt
            // The first character of a goal's label printed down its cell,
            // with no goal label waiting above, is that label; the others
            // are pieces of it.
            match self.vertical_goal_label() {
                Some(m) => Kind::Label(m),
                None => Kind::Residue,
            }
        } else if is_page_furniture(text) && (self.row.single || !text.contains('/')) {
            Kind::Furniture(PAGE_MARKER)
        } else if is_table_rule(text) {
            Kind::Furniture("table rule")
        } else if self.sum_row_cell(text) {
            Kind::Furniture(SUM_ROW)
        } else if self.goal_label_period(text) {
            Kind::Furniture(GOAL_PERIOD)
        } else if is_site_furniture(text) && !self.names_in_table(&cell) {
            Kind::Furniture(SITE)
        } else if matches!(self.ctx.state, State::Table | State::After) && is_approval_cell(text) {
            Kind::Approval
        } else if self.ctx.state == State::Table && self.row.single && self.signs_off(text) {
            // fixture: fixtures/tables/tabs-sign-off-under-table.txt
            // fixture: fixtures/layouts/spaces-sign-off-under-table.txt
            Kind::Approval
        } else if let Some(what) = other_form_kind(text).filter(|_| text.chars().count() <= 40) {
            // fixture: fixtures/regions/self-evaluation-after-target-numbered.txt
            // Asked before prose: a chapter's numbered title
            // (`十四、2024年度部门整体支出绩效自评表`) under a table opens that form.
            Kind::Foreign(what)
        } else if matches!(self.ctx.state, State::Table | State::After)
            && ((self.row.single && self.mode != Mode::Stream) || self.mode == Mode::Flat)
            && crate::segment::is_disclosure_table_title(text)
        {
            // fixture: fixtures/regions/disclosure-table-after-form.txt
            // fixture: fixtures/regions/flat-disclosure-table-after-form.txt
            // (In text read as one line, the title is a cell amid the line.)
            Kind::Foreign("another table of the budget disclosure")
        } else if self.ctx.state == State::Table
            && (self.row.single || (self.mode == Mode::Words && !self.row.text.contains(' ')))
            && (is_prose_line(text) || self.heads_next_form(text))
        {
            Kind::Prose
        } else if matches!(self.ctx.state, State::Table | State::After)
            && crate::labels::is_instructions_heading(text)
        {
            // fixture: fixtures/regions/filling-instructions-after-form.txt
            // The template's 填报说明 printed after the form ends it.
            Kind::Prose
        } else if self.ctx.state == State::Table
            && self.row.layout == Some(Layout::Spaces)
            && cell.index == self.row.first_index
            && is_part_heading(text)
        {
            // fixture: fixtures/regions/document-tail-after-table.txt
            // `第三部分  2024年部门预算情况说明`: a chapter heading and its
            // title, two cells apart, end the table.
            Kind::Prose
        } else if let Some(m) = match_label(text).filter(|m| {
            self.accepts(m)
                && !(m.fuzzy
                    && (is_title(text)
                        || self.past_name_column(&cell)
                        || self.numbered_goal(text)
                        || self.own_level1_near_level2(m, &cell)))
        }) {
            Kind::Label(m)
        } else if let Some((inner, m)) = bracketed_unit_note(text) {
            // fixture: fixtures/regions/bracketed-unit-line.txt
            // `（单位：元）` under the title: the unit line, read without its brackets.
            cell.text = inner;
            Kind::Label(m)
        } else if is_title(text)
            && (self.row.single
                || matches!(self.mode, Mode::Words | Mode::Flat)
                || self.ctx.state != State::Table
                // fixture: fixtures/regions/numbered-title-after-table.txt
                // The next form's title after its table number (`表4 | 2023年
                // 项目支出绩效目标表`), the row's last cell under a table.
                || (cell.index == self.row.last_index
                    && prev.is_some_and(|p| matches!(p.kind, Kind::Furniture(PAGE_MARKER)))))
            // fixture: fixtures/regions/metadata-row-names-form.txt
            // A page's metadata row naming the document after the unit that
            // published it (`名称: | 某乡2024年部门整体支出绩效目标表 | 文号:`):
            // a value there; the bare title after `标题:` is the form's.
            && !(prev.is_some_and(|p| p.cell.text.trim_end().ends_with([':', '：']))
                && names_unit_and_year(text))
        {
            Kind::Title
        } else if let Some(y) =
            year_line(text).filter(|_| self.year_line_here(text, &cell, after_bare_label))
        {
            Kind::Year(y)
        } else if let Some(y) = self.split_year(text) {
            Kind::Year(y)
        } else if is_empty_year_bracket(self.row.text) {
            Kind::Residue
        } else if self.mode != Mode::Words && self.running.contains_key(text) {
            // A running header is a line's whole cell: a word of a row of
            // words (`质量指标 工程验收合格率 100%`) is none, whatever its text.
            Kind::Furniture("running header")
        } else if self.serial_cell(&cell)
            || (self.ctx.state == State::Table
                && ((is_label_residue(text) && !self.score_under_its_column(&cell))
                    || self.is_level_tail(&cell)))
            || (self.ctx.state == State::Header && matches!(text, "其中" | "其中:" | "其中："))
            || (self.ctx.state == State::Header && self.row.single && is_vertical_label_char(text))
            || (self.ctx.state == State::Header && self.row.single && self.task_heading_piece(text))
        {
            Kind::Residue
        } else {
            Kind::Text
        };
        Tok { kind, cell }
    }

    /// The goal label a row's first cell begins printing down its merged
    /// cell (`总` of `总`/`体`/`目`/`标`), where no goal label above waits for
    /// the text beside it (`中期目标 | 年度目标` over two goal columns).
    fn vertical_goal_label(&self) -> Option<LabelMatch<'static>> {
        let crate::grid::Vertical::Head(word) = self.vertical_piece else {
            return None;
        };
        let f = self.form.as_ref()?;
        let goal_waits = self.ctx.pending.iter().any(|&i| {
            f.header
                .get(i)
                .is_some_and(|h| GOAL_FIELDS.contains(&h.field))
        });
        if self.ctx.state != State::Header || goal_waits {
            return None;
        }
        match_label(word).filter(|m| matches!(m.label, Label::Field(f) if GOAL_FIELDS.contains(&f)))
    }

    /// fixture: fixtures/tables/duty-table-heading-down-a-column.txt
    /// A piece of a task table's heading printed a word per line down its
    /// merged cell (`年度` / `履职` / `目标`): with the line before or after
    /// it, part of the heading, not more of the goal above.
    fn task_heading_piece(&self, text: &str) -> bool {
        if text.chars().count() > 3 {
            return false;
        }
        let joined = |a: &str, b: &str| {
            TASK_HEADINGS
                .iter()
                .any(|h| h.contains(text) && h.contains(&format!("{a}{b}")))
        };
        self.next_text
            .is_some_and(|n| n.chars().count() <= 3 && joined(text, n))
            || self
                .prev_text
                .is_some_and(|p| p.chars().count() <= 3 && joined(p, text))
    }

    /// A page number printed bare (`14`) on a line of its own inside a table
    /// of rows, where the next page opens with the table's header again or a
    /// title: no part of the row above.
    fn bare_page_number(&self, text: &str) -> bool {
        let digits = (1..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
        let page_opens = |next: &str| {
            is_title(next)
                || is_page_furniture(next)
                || match_label(next).is_some_and(|m| {
                    m.rest.is_empty()
                        && matches!(m.label, Label::Field(f) if crate::labels::COLUMN_FIELDS.contains(&f))
                })
        };
        // fixture: fixtures/tables/words-bare-page-number.txt
        // The table may also go on with no header on the new page: a row of
        // several cells or words after the number shows it is no wrapped tail.
        // Unless the row above still lacks a cell such a number fills.
        let row_goes_on = |line: &str| line.split_whitespace().nth(1).is_some();
        digits
            && self.ctx.state == State::Table
            && self.row.single
            && self.mode == Mode::Cells
            && (self.next_text.is_some_and(page_opens)
                || (self.next_line.is_some_and(row_goes_on) && !self.row_above_takes_a_number()))
    }

    /// The indicator row above still lacks its value or a number column's
    /// cell (分值, 权重; see [`crate::labels::NUMBER_COLUMN_WORDS`]).
    fn row_above_takes_a_number(&self) -> bool {
        let Some(form) = self.form.as_ref() else {
            return true;
        };
        let Some(above) = self.open.as_ref().or(form.indicators.last()) else {
            return true;
        };
        above.value.is_empty()
            || form.columns.iter().any(|c| {
                crate::labels::NUMBER_COLUMN_WORDS
                    .iter()
                    .any(|w| c.header.contains(w))
                    && !above.extra.iter().any(|(h, _)| *h == c.header)
            })
    }

    /// A line of its own under a table of rows that signs the form off: the
    /// issuing office's name over its date (`青川市农业农村局` / `2025年10月23日`),
    /// or the date, with or without the office before it. It is no
    /// wrapped part of the last indicator's name.
    /// One cell per line, where a name and its value are two such lines, it
    /// takes an office named with its place (`某县…局`) over a bare date; a
    /// laid-out line (indented) is read as in a table of rows.
    fn signs_off(&self, text: &str) -> bool {
        use crate::segment::{is_dated_sign_off, is_office_name, names_a_place};
        let stream = self.mode == Mode::Stream && self.row.first_col == 0;
        let bare_date = |t: &str| is_dated_sign_off(t) && !is_office_name(t);
        if stream {
            return is_office_name(text)
                && names_a_place(text)
                && self.next_text.is_some_and(bare_date);
        }
        is_dated_sign_off(text)
            || (is_office_name(text) && self.next_text.is_some_and(is_dated_sign_off))
    }

    /// Whether a label names the form's subject (项目名称) with the value the
    /// form has for it already.
    fn repeats_subject(&self, label: &Tok<'a>, value: &str) -> bool {
        let Kind::Label(m) = label.kind else {
            return false;
        };
        let Label::Field(field) = m.label else {
            return false;
        };
        if !m.rest.is_empty() || !SUBJECT_FIELDS.contains(&field) {
            return false;
        }
        self.form.as_ref().is_some_and(|f| {
            f.header
                .iter()
                .find(|h| h.field == field)
                .and_then(|h| h.values.first())
                .is_some_and(|p| p.text.trim() == value.trim())
        }) && !self.next_row_restates_otherwise()
    }

    /// fixture: fixtures/regions/transfer-forms-per-region.txt
    /// Whether the next row prints a label the open form has read with
    /// another value (`区域名称 | 乙市` under a form of 甲市): the subject
    /// printed again above it opens the next form (one per region of one
    /// transfer), not the same form's next page.
    fn next_row_restates_otherwise(&self) -> bool {
        let Some(line) = self.next_line else {
            return false;
        };
        let separated = line.contains(['\t', '|']);
        let mut cells: Box<dyn Iterator<Item = &str>> = if separated {
            Box::new(
                line.split(['\t', '|'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty()),
            )
        } else {
            Box::new(line.split_whitespace())
        };
        let (Some(label), Some(value)) = (cells.next(), cells.next()) else {
            return false;
        };
        self.form.as_ref().is_some_and(|f| {
            f.header
                .iter()
                .find(|h| h.label.trim() == label)
                .and_then(|h| h.values.first())
                .is_some_and(|p| p.text.trim() != value)
        })
    }

    /// A numbered heading on a line of its own right before the next form's
    /// 项目名称 (`（二）特种设备安全监察`): the next project's heading, not
    /// the end of the last row's name.
    // fixture: fixtures/regions/document-tail-after-table.txt
    fn heads_next_form(&self, text: &str) -> bool {
        is_numbered_heading(text)
            && !is_title(text)
            && self
                .next_text
                .and_then(match_label)
                .is_some_and(|m| m.rest.is_empty() && self.starts_new_form(&m))
    }

    /// fixture: fixtures/layouts/cell-per-line-numbered-goals.txt
    /// `目标1:` opening a numbered goal under its goal label, read as a
    /// misspelt 目标值: a digit is no misread character of a label there
    /// (elsewhere, numbered rows `目标1`, with no colon, may open a table
    /// whose own column titles are unknown).
    fn numbered_goal(&self, text: &str) -> bool {
        self.ctx.state == State::Header
            && text.ends_with([':', '：'])
            && text.bytes().any(|b| b.is_ascii_digit())
            && self.goal_awaits_text()
    }

    /// The tail of a level label wrapped onto the next line (`服务对象满意` /
    /// `度指标`): a short text ending the 一级 or 二级 label in force.
    fn is_level_tail(&self, cell: &Cell<'a>) -> bool {
        let text = cell.text;
        let n = text.chars().count();
        // fixture: fixtures/layouts/spaces-level2-last-char-wrapped.txt
        // One character (`社会效益指` / `标`) only under a level column: in
        // the name's it may end a name (`水质达` / `标`).
        let placed = n >= 2
            || matches!(
                self.lead_place(cell),
                Some((Field::ColLevel1 | Field::ColLevel2, _))
            );
        (1..=4).contains(&n)
            && placed
            && [self.ctx.level2, self.ctx.level1]
                .into_iter()
                .flatten()
                .any(|l| l.ends_with(text) && l != text)
    }

    /// A year cell is the form's year line when it stands alone on its row,
    /// or is bracketed (`（2019年度）`), or says 年度 in the header: a value such
    /// as `2020年` in a table row is not.
    // fixture: fixtures/tables/split-year-line.txt
    /// A year on a line of its own whose bracket follows on the next line
    /// (`2015` / `( 年度)`: the filled-in year extracted apart from the
    /// template's text).
    fn split_year(&self, text: &str) -> Option<i32> {
        let year: i32 = text.trim().parse().ok()?;
        let bracket_next = self.next_text.is_some_and(is_empty_year_bracket);
        (self.row.single && bracket_next && (1990..=2100).contains(&year)).then_some(year)
    }

    /// Whether the text of this row may continue or fill a goal: a goal
    /// label waits for its value, or a goal took the last text.
    fn goal_awaits_text(&self) -> bool {
        let Some(f) = self.form.as_ref() else {
            return false;
        };
        let is_goal = |i: &usize| {
            f.header
                .get(*i)
                .is_some_and(|h| GOAL_FIELDS.contains(&h.field))
        };
        self.ctx.pending.iter().any(is_goal) || self.ctx.last_filled.as_ref().is_some_and(is_goal)
    }

    /// The row's cells as its tabs and pipes split them, trimmed (asked only
    /// of the few cells a period title may be).
    fn raw_cells(&self) -> impl Iterator<Item = &'a str> {
        self.row.raw.split(['\t', '|']).map(str::trim)
    }

    fn year_line_here(&self, text: &str, cell: &Cell<'a>, after_bare_label: bool) -> bool {
        // fixture: fixtures/tables/cell-per-line-year-values.txt
        // A year under a label awaiting its value (`完成时间` / `2025年`) is
        // that label's value, not the year line of a new form.
        let awaited = self.ctx.state == State::Header
            && self.form.is_some()
            && !self.ctx.pending.is_empty()
            && !text.starts_with(['(', '（']);
        // So is one under an indicator's name awaiting its value (`环卫补贴发放时间` / `2025年度`).
        // fixture: fixtures/tables/year-span-values.txt
        let value_awaited = self.ctx.state == State::Table
            && !text.starts_with(['(', '（'])
            && self
                .open
                .as_ref()
                .is_some_and(|i| i.value.is_empty() && !i.name.is_empty());
        // fixture: fixtures/tables/year-value-beside-label.txt
        // A bare `2024年度` right after a label still waiting for its value
        // (`项目起止时间 | 2024年度`) is that value, not the year line of a new
        // form; after a filled label (`编制单位：某局 | 2024年度`) it is the year.
        // fixture: fixtures/tables/words-year-value-beside-label.txt
        // The same in a row of words and in text with no line breaks.
        let opens_row = cell.index == self.row.first_index || !after_bare_label;
        // fixture: fixtures/tables/funding-year-columns-with-sum.txt
        // Nor is a year among other years on a row of column titles
        // (`资金来源 | 2024年度 | 2025年度`).
        let among_periods = || {
            self.mode == Mode::Cells && self.raw_cells().filter(|t| is_period(t)).nth(1).is_some()
        };
        !awaited
            && !value_awaited
            && !among_periods()
            && (self.row.single
                || text.starts_with(['(', '（'])
                || (text.ends_with("年度") && self.ctx.state == State::Header && opens_row))
    }

    /// fixture: fixtures/tables/score-sum-row.txt
    /// One cell per line: a sum label closing the table (`合计`) before a
    /// number, and the numbers after it, are the sum row, no indicator.
    fn sum_row_cell(&self, text: &str) -> bool {
        if self.mode != Mode::Stream || self.ctx.state != State::Table || self.open.is_some() {
            return false;
        }
        if crate::labels::SUM_ROW_LABELS.contains(&text.trim()) {
            return self.next_text.is_some_and(opens_with_digit);
        }
        self.ctx.sum_row_line == Some(self.line_above) && opens_with_digit(text)
    }

    /// Fuzzy label matches are trusted only where such a label can stand.
    /// A table cell right of the name column: a value or a remark, which a
    /// label only resembles (`持续影响` under 指标值 is no 可持续影响).
    // fixture: fixtures/tables/pipes-shifted-padded-row.txt
    /// fixture: fixtures/tables/serial-number-column.txt
    /// A 序号 column before the indicator table's levels: its title on the
    /// header row, and the row numbers under it, are no part of any name
    /// (the row's own line keeps its place).
    fn serial_cell(&self, cell: &Cell<'a>) -> bool {
        if self.mode != Mode::Cells || cell.index != self.row.first_index {
            return false;
        }
        let t = cell.text.trim();
        if crate::labels::SERIAL_TITLES.contains(&t) {
            return self.row.text.contains("一级指标") || self.row.text.contains("三级指标");
        }
        self.ctx.state == State::Table
            && self.ctx.serial_index == Some(cell.index)
            && (1..=3).contains(&t.len())
            && t.bytes().all(|b| b.is_ascii_digit())
    }

    /// fixture: fixtures/tables/score-cells-with-fen.txt
    /// A score written with its 分 (`15分`) past the name, in a table with a
    /// 分值 or 权重 column: that column's value, not a level label's score
    /// left over from a wrap.
    fn score_under_its_column(&self, cell: &Cell<'a>) -> bool {
        crate::labels::is_score_cell(cell.text)
            && self.past_name_column(cell)
            && self.form.as_ref().is_some_and(|f| {
                f.columns.iter().any(|col| {
                    col.field == Field::ColExtra
                        && crate::labels::NUMBER_COLUMN_WORDS
                            .iter()
                            .any(|w| col.header.contains(w))
                })
            })
    }

    fn past_name_column(&self, cell: &Cell<'a>) -> bool {
        self.ctx.state == State::Table
            && self.mode == Mode::Cells
            && self.form.as_ref().is_some_and(|f| {
                f.lead
                    .iter()
                    .find(|c| c.field == Field::ColName)
                    .is_some_and(|name| cell.index > name.index)
            })
    }

    /// Whether the open form's funding block has begun: a funding label or
    /// period title read.
    /// fixture: fixtures/tables/amount-heading-sum-row.txt
    /// A bare `金额` just before `合计` on its row (`金额 | 合计 | 2140.3 |
    /// 其中:财政拨款 | 2140.3`) heads the funding block, as `资金情况` does,
    /// rather than naming the unit of money: it is re-filed so, and the
    /// `合计` after it is the total.
    fn amount_heading_before(&mut self, c: &Cell<'a>) -> bool {
        let Some(h) = self.form.as_mut().and_then(|f| f.header.last_mut()) else {
            return false;
        };
        let heading = h.field == Field::UnitNote
            && h.line == c.line
            && h.values.is_empty()
            && crate::labels::AMOUNT_HEADINGS.contains(&h.spelling);
        if heading {
            h.field = Field::Funding;
        }
        heading
    }

    fn in_funding_block(&self) -> bool {
        self.form.as_ref().is_some_and(|f| {
            !f.funding_periods.is_empty()
                || f.header
                    .iter()
                    .any(|h| FUNDING_BLOCK_FIELDS.contains(&h.field))
        })
    }

    fn accepts(&self, m: &LabelMatch<'a>) -> bool {
        if !m.fuzzy {
            return true;
        }
        match self.ctx.state {
            State::Table => matches!(
                m.label,
                Label::Level1(_)
                    | Label::Level2(_)
                    | Label::Field(
                        Field::ColLevel1
                            | Field::ColLevel2
                            | Field::ColName
                            | Field::ColValue
                            | Field::Table
                            | Field::Note
                    )
            ),
            _ => matches!(m.label, Label::Field(_)),
        }
    }

    fn row(&mut self, row: &Row<'a>, mode: Mode, cells: &[Cell<'a>]) {
        if row.is_blank() {
            self.mark(row.line, LineUse::Blank);
            // A blank line ends the note, unless only its label has been read
            // (one cell per line with blank lines between).
            // fixture: fixtures/tables/funding-total-blank.txt
            if self.form.as_ref().is_none_or(|f| !f.note.is_empty()) {
                self.ctx.note_open = false;
            }
            // fixture: fixtures/tables/pipes-blank-between-lines.txt
            // An empty line between pipe lines (text with a blank line after
            // every line) neither ends nor opens a row: the state moves past it.
            if row.text.trim_matches(is_space).is_empty() {
                self.ctx.pipe_row = self.ctx.pipe_row.past(row.line);
                return;
            }
            // `|||` ends a row of one-cell-per-line pipes: part of the form.
            if row.layout == Some(Layout::Pipes)
                && self.form.is_some()
                && self.ctx.state != State::After
            {
                self.mark(row.line, LineUse::Label);
                self.touch(row.line);
                // fixture: fixtures/tables/pipes-satisfaction-under-benefit.txt
                // A lone `|` opening a row is its empty first cell.
                // fixture: fixtures/tables/pipes-zero-width-after-pipe.txt
                // (Zero-width spaces a web page left after the pipes are white space.)
                self.ctx.pipe_row = match (self.ctx.pipe_row, row.text.trim_matches(is_space)) {
                    (PipeRow::Ended(l), "|") if l + 1 == row.line => PipeRow::Gap(row.line),
                    (_, t) if t.len() >= 2 && t.bytes().all(|b| b == b'|') => {
                        PipeRow::Ended(row.line)
                    }
                    _ => PipeRow::Open,
                };
            }
            return;
        }
        // A ruling line (`|---|---|`, `+----+`): one diagnostic for the line.
        if row.filled().all(|c| is_table_rule(c.text)) {
            let cell = Cell {
                text: row.text.trim(),
                line: row.line,
                index: 0,
                col: 0,
            };
            return self.furniture(&cell, "table rule");
        }
        if row.text.contains('\u{c}') {
            let d = Diagnostic::at(Code::PageFurniture, row.line, "page break (form feed)");
            self.diag(d);
        }
        self.mode = mode;
        // fixture: fixtures/tables/pipes-cell-run-on.txt
        // One cell per line closed by ` |`: a line that lacks its `|` among
        // such lines is a cell wrapped onto the next line.
        let piped = row.text.trim_end().ends_with('|');
        self.ctx.cell_runs_on = self.ctx.run_on_next;
        self.ctx.run_on_next = mode == Mode::Stream && !piped && self.ctx.prev_piped;
        self.ctx.prev_piped = piped;
        let multi = row.filled().nth(1).is_some();
        let words_sheet = self.sheet.as_ref().is_some_and(|s| s.words);
        if self.sheet.is_some() {
            if multi && mode == Mode::Cells && !words_sheet {
                return self.sheet_row(row);
            }
            // fixture: fixtures/tables/sheet-words.txt
            // A sheet in words one space apart: each word is a cell; a lone
            // word is the end of the row above wrapped onto its own line.
            if words_sheet && mode == Mode::Words && cells.len() >= 2 {
                return self.sheet_row(&word_row(row, cells));
            }
            if let (true, [c]) = (words_sheet, cells) {
                if match_label(c.text).is_none() && !is_title(c.text) {
                    return self.sheet_continuation(c);
                }
            }
            self.sheet = None;
        } else if let Some(titles) = (matches!(mode, Mode::Words | Mode::Flat)
            && self.ctx.state != State::Table
            && cells.len() >= 4
            // Column titles only, not a whole form on one line.
            && cells.iter().filter(|c| match_label(c.text).is_none()).count() <= 1)
            .then(|| word_row(row, cells))
            .filter(is_sheet_header)
        {
            self.start_sheet(&titles);
            if let Some(s) = self.sheet.as_mut() {
                s.words = true;
            }
            return;
        } else if multi
            && mode == Mode::Cells
            && self.ctx.state != State::Table
            && row.filled().nth(3).is_some()
            && is_sheet_header(row)
        {
            return self.start_sheet(row);
        }
        self.row = RowCtx {
            text: row.text.trim(),
            width: row.cells.len(),
            raw: row.text,
            last_index: row.filled().last().map_or(0, |c| c.index),
            first_index: row.filled().next().map_or(0, |c| c.index),
            first_col: row.filled().next().map_or(0, |c| c.col),
            single: row.filled().nth(1).is_none() && !matches!(mode, Mode::Words | Mode::Flat),
            // Asked only of rows that may hold a level the vocabulary lacks.
            keeps_columns: mode == Mode::Cells
                && self.ctx.state == State::Table
                && self.form.as_ref().is_some_and(|f| {
                    let spaced = row.layout == Some(Layout::Spaces);
                    // Aligned text: the cells as the grid split them, one
                    // space apart where the table has a column.
                    // fixture: fixtures/layouts/spaces-own-levels-shifted.txt
                    let read = if spaced { cells } else { &row.cells };
                    read.iter().filter(|c| !c.text.is_empty()).take(2).any(|c| {
                        crate::columns::in_level_column(c, &f.lead, spaced)
                            && !c.text.ends_with("指标")
                            && is_level_written(without_score(c.text))
                            && match_label(c.text).is_none_or(|m| m.fuzzy)
                    }) && crate::columns::keeps_columns(read, &f.lead, &f.columns, spaced)
                }),
            slot: Self::separator_slot(row, mode),
            layout: row.layout,
            ..RowCtx::default()
        };
        // The token buffer is reused from row to row rather than allocated per row.
        let mut toks = std::mem::take(&mut self.toks);
        toks.clear();
        for c in cells {
            let t = self.classify(*c, toks.last());
            toks.push(t);
        }
        // fixture: fixtures/tables/pipes-shifted-padded-row.txt
        // A short row naming the unit of money (`某单位 | 单位:万元`) inside a
        // table heads the next form's page: never an indicator.
        let unit_line = self.ctx.state == State::Table
            && self.held_title.is_none()
            && mode == Mode::Cells
            && toks.len() <= 3
            && toks.iter().any(|t| {
                matches!(t.kind, Kind::Label(m) if m.label == Label::Field(Field::UnitNote))
            })
            && !toks
                .iter()
                .any(|t| matches!(t.kind, Kind::Label(m) if matches!(m.label, Label::Level1(_) | Label::Level2(_))));
        if unit_line {
            for t in &toks {
                self.furniture(&t.cell, "unit line between tables");
            }
            self.toks = toks;
            return;
        }
        if mode == Mode::Cells && self.ctx.state == State::Header && self.form.is_some() {
            if let Some(rest) = self.split_funding_label(&toks) {
                toks.clear();
                toks.extend(rest);
            }
            self.period_pairs(&mut toks);
        }
        // fixture: fixtures/grid/wrapped-labels.txt
        // A label wrapped over two lines is read at its head; its tail is
        // part of it.
        if let Some(w) = self.wrapped {
            let head = if w.at_start {
                toks.first_mut()
            } else {
                toks.last_mut()
            };
            if let Some(t) = head {
                t.kind = Kind::Label(LabelMatch {
                    label: w.label,
                    spelling: w.spelling,
                    annotation: None,
                    rest: "",
                    fuzzy: false,
                });
            }
        }
        if let Some(last) = self.wrapped_tail {
            if row.line >= last {
                self.wrapped_tail = None;
            }
            // The tail opens its row; beside it the value may go on.
            if let Some(t) = toks.first_mut() {
                t.kind = Kind::Residue;
            }
        }
        // fixture: fixtures/tables/run-on-header-labels.txt
        // A header label run on into its value with no separator
        // (`项目名称某某工程`) is two cells.
        if self.ctx.state == State::Header && mode != Mode::Flat {
            split_run_on_labels(&mut toks);
            // fixture: fixtures/tables/words-colon-labels.txt
            // A short cell ending in a colon is a label, known or not: it
            // ends the value before it (`主管部门: 某局 项目经办人:`).
            // Not inside a goal, whose paragraphs are often headed so
            // (`扶贫综合保险: 为全区…`), unless shaped like a header label.
            // fixture: fixtures/tables/pipes-status-labels-after-goal.txt
            // (`已实施情况:` under the goal.)
            let mut in_goal = self.goal_awaits_text();
            for t in toks.iter_mut() {
                if let Kind::Label(m) = t.kind {
                    in_goal = GOAL_FIELDS.iter().any(|&f| m.label == Label::Field(f));
                } else if matches!(t.kind, Kind::Text)
                    && (!in_goal || is_label_shaped(t.cell.text))
                    && crate::labels::is_colon_label(t.cell.text)
                {
                    t.kind = Kind::Label(UNKNOWN_LABEL);
                } else if matches!(t.kind, Kind::Text)
                    && !in_goal
                    && self.ctx.state == State::Header
                    && matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes))
                {
                    // fixture: fixtures/tables/unknown-label-and-value-one-cell.txt
                    // A label the vocabulary lacks and its value in one cell
                    // (`预算执行率权重：10%`), as known labels are written.
                    if let Some((head, rest)) = crate::labels::colon_label_and_value(t.cell.text) {
                        t.cell.text = head;
                        t.kind = Kind::Label(LabelMatch {
                            rest,
                            ..UNKNOWN_LABEL
                        });
                    }
                }
            }
        }
        if matches!(mode, Mode::Words | Mode::Flat) {
            mark_split_page_markers(&mut toks);
        }
        if self.ctx.state == State::Table && mode != Mode::Stream {
            mark_short_level2(&mut toks);
        }
        // One cell per line: a name must follow on the next line, and the
        // same 二级 just read names no level again (`质量指标` / `质量`).
        if self.ctx.state == State::Table && mode == Mode::Stream {
            let name_next = self.next_text.is_some_and(|n| {
                match_label(n).is_none()
                    && !crate::value::parse_amount_like(n)
                    && !n.starts_with(|c: char| {
                        crate::value::is_comparator(c.encode_utf8(&mut [0; 4]))
                    })
            });
            if let [t] = toks.as_mut_slice() {
                let repeated = |name| self.row.part.prev_level == Some((false, name));
                if name_next && !crate::labels::short_level2(t.cell.text).is_some_and(repeated) {
                    mark_short_level2(std::slice::from_mut(t));
                }
            }
        }
        // fixture: fixtures/tables/short-name-near-label.txt
        // A three-character cell one edit from a label, right after a label
        // in the header, is that label's value (`项目名称 | 项目甲`, not 项目期).
        if self.ctx.state == State::Header {
            // One cell per line: the label waits on the line above.
            if let [t] = toks.as_mut_slice() {
                let short_fuzzy =
                    matches!(t.kind, Kind::Label(m) if m.fuzzy) && t.cell.text.chars().count() <= 3;
                if mode == Mode::Stream && short_fuzzy && !self.ctx.pending.is_empty() {
                    t.kind = Kind::Text;
                }
            }
            for k in 1..toks.len() {
                let header_field = |m: &LabelMatch<'_>| matches!(m.label, Label::Field(f) if !crate::labels::COLUMN_FIELDS.contains(&f));
                let short_fuzzy = matches!(toks[k].kind, Kind::Label(m) if m.fuzzy && header_field(&m))
                    && toks[k].cell.text.chars().count() <= 3;
                let after_label = matches!(toks[k - 1].kind,
                    Kind::Label(m) if !m.fuzzy && m.rest.is_empty() && header_field(&m));
                if short_fuzzy && after_label {
                    toks[k].kind = Kind::Text;
                }
            }
        }
        // Labels waiting above take this row's values one each; cells beyond
        // them may hold labels of their own.
        let beyond_pending = toks.len() > self.ctx.pending.len() + 1;
        // fixture: fixtures/tables/words-unknown-header-label.txt
        // So in words one space apart (`归口科室 (06)市容科` under `项目类别 …`).
        let words_header = mode == Mode::Words && !self.goal_awaits_text();
        if (mode == Mode::Cells || words_header)
            && self.ctx.state == State::Header
            && beyond_pending
        {
            mark_unknown_labels(&mut toks, !self.ctx.pending.is_empty());
        }
        // One cell per line: a label-shaped cell whose next cell is a plain
        // value is a label the vocabulary lacks (`项目来源` / `本级申报项目`).
        if mode == Mode::Stream && self.ctx.state == State::Header && self.ctx.pending.is_empty() {
            let next_is_value = self
                .next_text
                .is_some_and(|n| !is_label_shaped(n) && match_label(n).is_none() && !is_title(n));
            // fixture: fixtures/tables/cell-per-line-cut-goal-label.txt
            // `年度` / a sentence: the export cut the label 年度目标.
            let sentence_next = self
                .next_text
                .is_some_and(|n| n.chars().count() >= 8 && n.ends_with(['。', '.', ';', '；']));
            // fixture: fixtures/layouts/cell-per-line-year-budget.txt
            // An amount label before an amount feeds the funding (`当年预算` / `36.5`).
            let amount_next = self.next_text.is_some_and(crate::value::parse_amount_like);
            // fixture: fixtures/tables/cell-per-line-funding-heading.txt
            // A total's label over the total's own label (`项目金额(万元)` /
            // `年度资金总额` / `42.60`) heads the funding block.
            let funding_next = self.next_text.and_then(match_label).is_some_and(|n| {
                n.rest.is_empty()
                    && matches!(
                        n.label,
                        Label::Field(Field::FundingTotal | Field::FundingFiscal)
                    )
            });
            if let [t] = toks.as_mut_slice() {
                if let Kind::Label(m) = &mut t.kind {
                    if m.label == Label::Field(Field::FundingTotal)
                        && funding_next
                        && !self.in_funding_block()
                    {
                        m.label = Label::Field(Field::Funding);
                    }
                }
                if matches!(t.kind, Kind::Text) && next_is_value && is_label_shaped(t.cell.text) {
                    t.kind = match crate::labels::amount_label(t.cell.text) {
                        Some(field) if amount_next => Kind::Label(LabelMatch {
                            label: Label::Field(field),
                            ..UNKNOWN_LABEL
                        }),
                        _ => Kind::Label(UNKNOWN_LABEL),
                    };
                } else if matches!(t.kind, Kind::Text)
                    && funding_next
                    && is_label_shaped(t.cell.text)
                    && crate::labels::amount_label(t.cell.text).is_some()
                {
                    // fixture: fixtures/tables/cell-per-line-label-tails.txt
                    // An amount label the vocabulary lacks over the total's
                    // own label (`项目申请金额（万元）` / `合计` / `86.40`)
                    // heads the funding block.
                    t.kind = Kind::Label(LabelMatch {
                        label: Label::Field(Field::Funding),
                        annotation: crate::labels::annotation_of(t.cell.text),
                        ..UNKNOWN_LABEL
                    });
                } else if matches!(t.kind, Kind::Text)
                    && sentence_next
                    && CUT_GOAL_LABELS.contains(&t.cell.text.trim_end_matches([':', '：']))
                {
                    t.kind = Kind::Label(LabelMatch {
                        label: Label::Field(Field::GoalAnnual),
                        spelling: "年度目标",
                        annotation: None,
                        rest: "",
                        fuzzy: false,
                    });
                }
            }
        }
        funding_heading_before_label(&mut toks);
        self.total_label_under_titles(&mut toks);
        self.funding_column_titles(&mut toks);
        if self.region_value_columns(&toks) {
            self.toks = toks;
            return;
        }
        // fixture: fixtures/regions/continued-page-repeats-name.txt
        // A page the table continues on (`续表`) repeats the project's name
        // row: the same name again is no new form.
        // fixture: fixtures/tables/running-header-page-number.txt
        // A page's running header printed beside its page number
        // (`某单位2024年单位预算        第 10 页`) is furniture as a whole.
        // fixture: fixtures/regions/words-running-footer-page-number.txt
        // Words one space apart too (`某市文旅局 2024年部门预算 — 12 —`): a
        // page marker split into words is one, and a year may lead a word.
        let markers = toks
            .iter()
            .filter(|t| matches!(t.kind, Kind::Furniture(PAGE_MARKER)))
            .count();
        let page_row = markers > 0
            && toks.len() - markers <= 2
            && toks.iter().all(|t| match t.kind {
                Kind::Furniture(PAGE_MARKER) => true,
                // A year may open a word of a running header (`2024年部门预算`).
                Kind::Furniture(_) | Kind::Text => {
                    !opens_with_digit(t.cell.text) || opens_with_year(t.cell.text)
                }
                _ => false,
            });
        // fixture: fixtures/regions/pipes-page-header-mid-table.txt
        // So is a site's or document's running line beside a page marker
        // inside a table.
        let page_row = page_row && matches!(mode, Mode::Cells | Mode::Words);
        if (page_row || self.page_margin) && self.form.is_some() {
            let site = toks.iter().all(|t| matches!(t.kind, Kind::Furniture(SITE)));
            for t in &toks {
                self.furniture(&t.cell, if site { SITE } else { PAGE_MARKER });
            }
            self.toks = toks;
            return;
        }
        let repeated = match (mode, toks.as_slice()) {
            (Mode::Cells, [label, value]) => self.repeats_subject(label, value.cell.text),
            (Mode::Stream, [t]) => {
                self.ctx.repeated_subject == Some(t.cell.text)
                    || self
                        .next_text
                        .is_some_and(|value| self.repeats_subject(t, value))
            }
            _ => false,
        };
        self.ctx.repeated_subject = None;
        if repeated && self.ctx.state == State::Table && self.held_title.is_none() {
            for t in &toks {
                self.furniture(&t.cell, CONTINUED_PAGE);
            }
            if let (Mode::Stream, [label]) = (mode, toks.as_slice()) {
                if matches!(label.kind, Kind::Label(_)) {
                    self.ctx.repeated_subject = self.next_text;
                }
            }
            self.toks = toks;
            return;
        }
        // fixture: fixtures/tables/words-duty-table.txt
        // (A row of words ending in its amount reads as one of cells.)
        let task_row = self.ctx.state == State::Header
            && match mode {
                Mode::Cells => self.task_row(row, &toks),
                Mode::Words => {
                    (self.ctx.tasks.is_some()
                        || cells.iter().any(|c| {
                            TASK_TABLE_TITLES.contains(&c.text)
                                || TASK_NAME_TITLES.contains(&c.text)
                        }))
                        && self.task_row(&word_row(row, cells), &toks)
                }
                _ => false,
            };
        if task_row {
            self.toks = toks;
            return;
        }
        self.start_row(&toks);
        for t in &mut toks {
            // A flat line moves from header to table and form to form within
            // itself: a cell whose label was matched with an OCR confusion is
            // classified again in the state it is reached in.
            // So is a page metadata word, which may name an indicator once
            // the table is reached (`信息来源可靠性`).
            if mode == Mode::Flat && matches!(t.kind, Kind::Text | Kind::Furniture(SITE)) {
                *t = self.classify(t.cell, None);
            }
            self.token(t);
        }
        self.end_row(row.line);
        self.toks = toks;
    }

    /// Which separator family a row's tokens count for: tabs, spaces, pipes,
    /// single cells, words (single spaces), flat.
    fn separator_slot(row: &Row<'a>, mode: Mode) -> usize {
        match mode {
            Mode::Words => 4,
            Mode::Flat => 5,
            _ if row.filled().nth(1).is_none() && row.layout != Some(Layout::Pipes) => 3,
            _ => match row.layout {
                Some(Layout::Tabs) => 0,
                Some(Layout::Spaces) => 1,
                Some(Layout::Pipes) => 2,
                _ => 3,
            },
        }
    }

    fn start_row(&mut self, toks: &[Tok<'a>]) {
        self.row.labels_total = toks
            .iter()
            .filter(|t| matches!(t.kind, Kind::Label(_)))
            .count();
        self.row.texts_total = toks.iter().filter(|t| matches!(t.kind, Kind::Text)).count();
        // A period column's title (`2025年预算数`) is no number.
        self.row.holds_number = toks.iter().any(|t| {
            opens_with_digit(t.cell.text)
                && !(crate::substr::has_char(t.cell.text, '年') && is_period(t.cell.text))
        });
        // fixture: fixtures/tables/colon-labels-left-empty.txt
        // Tabs or pipes: labels ending in a colon, each followed by its own
        // empty cell (`事业收入： | | 经营性收入： |`), were left empty on
        // their row; they wait for no value below.
        let labels: Vec<&Tok<'a>> = toks
            .iter()
            .filter(|t| matches!(t.kind, Kind::Label(_)))
            .collect();
        let width = self.row.width;
        self.row.labels_left_empty = matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes))
            && labels.len() >= 2
            && labels.iter().all(|t| {
                let next = toks
                    .iter()
                    .map(|n| n.cell.index)
                    .find(|&i| i > t.cell.index)
                    .unwrap_or(width);
                t.cell.text.ends_with([':', '：']) && next > t.cell.index + 1
            });
        // fixture: fixtures/tables/pipes-wrapped-header-halves.txt
        // A header row wrapped over several lines goes on while its lines
        // hold column titles only.
        let header_goes_on = self.ctx.header_row_open
            && toks.iter().all(|t| {
                matches!(
                    t.kind,
                    Kind::Label(LabelMatch {
                        label: Label::Field(f),
                        ..
                    }) if crate::labels::COLUMN_FIELDS.contains(&f)
                )
            });
        if self.mode == Mode::Cells && !header_goes_on {
            self.ctx.header_row_open = false;
        }
        // A row that starts with a label closes labels left waiting above,
        // except a goal label below goal labels (see `end_header_row`).
        if let Some(Kind::Label(m)) = toks.first().map(|t| t.kind) {
            // (A 总体目标 section over them too: see `section_under_goal_labels`.)
            let goal_row = matches!(m.label, Label::Field(f) if GOAL_TEXT_FIELDS.contains(&f) || f == Field::GoalSection);
            let goals_wait = self.form.as_ref().is_some_and(|f| {
                !self.ctx.pending.is_empty()
                    && self.ctx.pending.iter().all(|&i| {
                        f.header
                            .get(i)
                            .is_some_and(|h| GOAL_FIELDS.contains(&h.field))
                    })
            });
            // fixture: fixtures/layouts/cell-per-line-amounts-fifo.txt
            // And an amount label below amount labels or their section.
            let amount_row = matches!(m.label, Label::Field(f) if AMOUNT_FIELDS.contains(&f));
            let amounts_wait = !self.ctx.pending.is_empty()
                && self.ctx.pending.iter().all(|&i| {
                    self.header_field(i).is_some_and(|h| {
                        AMOUNT_FIELDS.contains(&h.field) || h.field == Field::Funding
                    })
                });
            // And a period title below the funding label (`资金情况` / `实施期`).
            let period_row = toks.first().is_some_and(|t| is_period(t.cell.text))
                && self
                    .ctx
                    .pending
                    .last()
                    .is_some_and(|&i| self.is_empty_funding(i));
            // And a budget kind under a label kept in extra (`资金性质` /
            // `一般公共预算`): its value (see `header_token`).
            let kind_row = match (toks.first(), self.ctx.pending.last()) {
                (Some(t), Some(&i)) => self.budget_kind_of(i, t.cell.text),
                _ => false,
            };
            let kept =
                (goal_row && goals_wait) || (amount_row && amounts_wait) || period_row || kind_row;
            if !kept {
                self.ctx.pending.clear();
            }
        }
    }

    /// Decides a title held inside a table: a header label or year line after
    /// it starts a new form at the title; anything else continues the table,
    /// and the title was page furniture.
    /// True when `next` is held with the title (see below): the caller reads
    /// no more of it.
    fn resolve_held_title(&mut self, next: Option<&Tok<'a>>) -> bool {
        let Some(held) = self.held_title.take() else {
            return false;
        };
        let year_held = self.held_year.take();
        // fixture: fixtures/tables/words-title-repeated-mid-table.txt
        // The open form's own title and year printed together again inside
        // its table (words one space apart keep them on one line): the token
        // after them decides, as after a title alone. Forms one per project
        // print the same title and year, and a header label follows theirs.
        if let (None, Some(t)) = (year_held, next) {
            if let Kind::Year(y) = t.kind {
                let repeats = self.form.as_ref().is_some_and(|f| {
                    f.year.is_some_and(|(fy, _)| fy == y)
                        && f.title.is_some_and(|title| title.text == held.text)
                });
                if repeats {
                    self.held_title = Some(held);
                    self.held_year = Some((t.cell, y));
                    return true;
                }
            }
        }
        // fixture: fixtures/regions/title-repeated-before-project-overview.txt
        // The open form's own title again before its table, then a header
        // label it has not read yet (`项目概况`): its next page goes on.
        let goes_on = |m: &LabelMatch<'_>| {
            self.form.as_ref().is_some_and(|f| {
                f.indicators.is_empty()
                    && f.title.is_some_and(|t| t.text == held.text)
                    && !f.header.iter().any(|h| {
                        Label::Field(h.field) == m.label
                            && (h.field != Field::Extra || h.spelling == m.spelling)
                    })
            })
        };
        let starts_form = next.is_some_and(|t| match t.kind {
            Kind::Year(_) => year_held.is_none(),
            Kind::Label(m) => {
                matches!(m.label, Label::Field(f) if crate::labels::FORM_HEAD_FIELDS.contains(&f))
                    && !goes_on(&m)
            }
            // fixture: fixtures/regions/table-number-per-form.txt
            // `编制单位:`: a header label the vocabulary lacks, by its colon.
            // fixture: fixtures/regions/unit-code-line-after-repeated-title.txt
            // Or the budget unit's code and name that head each form.
            Kind::Text => {
                crate::labels::is_colon_label(t.cell.text)
                    || crate::labels::is_coded_unit(t.cell.text)
            }
            _ => false,
        });
        if starts_form {
            self.new_title(&held);
            if let Some((c, y)) = year_held {
                self.year(&c, y);
            }
        } else {
            self.furniture(&held, "form title repeated on a new page");
            if let Some((c, _)) = year_held {
                self.furniture(&c, "form year repeated on a new page");
            }
        }
        false
    }

    fn token(&mut self, t: &Tok<'a>) {
        if matches!(t.kind, Kind::Residue)
            && crate::labels::SERIAL_TITLES.contains(&t.cell.text.trim())
        {
            self.ctx.serial_index = Some(t.cell.index);
        }
        // fixture: fixtures/tables/funding-sum-row.txt
        // `合计` is the total only inside a form's funding block (the cells
        // before it on its row included): above a form it sums an
        // allocation table, which is no form. A 二级 of the form's own scheme
        // near a known label is text too (see [`Self::own_scheme_level2`]).
        if let Kind::Label(m) = t.kind {
            if (m.spelling == FUNDING_SUM_LABEL
                && !self.in_funding_block()
                && !self.amount_heading_before(&t.cell))
                || self.own_scheme_level2(&m, &t.cell)
            {
                let text = Tok {
                    kind: Kind::Text,
                    cell: t.cell,
                };
                return self.token(&text);
            }
        }
        // fixture: fixtures/tables/funding-numbered-subrows.txt
        // `其他` alone inside the funding block is the other money (`三、其他:30`).
        if matches!(t.kind, Kind::Text)
            && self.ctx.state == State::Header
            && self.in_funding_block()
        {
            if let Some(rest) = crate::labels::bare_other(t.cell.text) {
                let other = Tok {
                    kind: Kind::Label(LabelMatch {
                        label: Label::Field(Field::FundingOther),
                        spelling: "其他",
                        rest,
                        ..UNKNOWN_LABEL
                    }),
                    cell: t.cell,
                };
                return self.token(&other);
            }
        }
        // fixture: fixtures/regions/unit-head-in-whole-form-header.txt
        // A 单位负责人 among the header cells of a unit's whole-spending form
        // (`单位负责人 | 某某 | 联系人 | 某某 | 联系电话 | …`) is one of them,
        // kept in extra: no signature under a filled-in form.
        if let Kind::Label(m) = t.kind {
            if m.label == Label::Field(Field::Furniture)
                && crate::labels::WHOLE_FORM_HEADS.contains(&m.spelling)
                && self.ctx.state == State::Header
                && self.form.as_ref().is_some_and(|f| f.whole_spending())
            {
                let head = Tok {
                    kind: Kind::Label(LabelMatch {
                        label: Label::Field(Field::Extra),
                        ..m
                    }),
                    cell: t.cell,
                };
                return self.token(&head);
            }
        }
        // fixture: fixtures/tables/task-table-heading-row.txt
        // A task table's heading on a row of its own (`部门年度重点工作任务`)
        // is no wrapped end of the goal above it.
        if self.row.single
            && self.ctx.state == State::Header
            && self.form.is_some()
            && TASK_HEADINGS.contains(&t.cell.text)
        {
            self.touch(t.cell.line);
            self.mark(t.cell.line, LineUse::Label);
            return;
        }
        let c = &t.cell;
        if self.held_title.is_some()
            && !matches!(t.kind, Kind::Furniture(_))
            && self.resolve_held_title(Some(t))
        {
            return;
        }
        match t.kind {
            Kind::Furniture(what) => {
                // fixture: fixtures/regions/site-furniture-after-form.txt
                // A form of a title alone is not ended by a page's metadata
                // printed between its title and its table.
                // fixture: fixtures/regions/site-furniture-under-title.txt
                if what == SITE && self.form.as_ref().is_some_and(|f| !f.is_empty()) {
                    self.close_region();
                }
                // A metadata row (`索引号 | 000123 | 发布机构 | 某局`) is furniture to its end.
                if what == SITE && !self.row.single {
                    if self.row.furniture {
                        return self.mark(c.line, LineUse::Furniture);
                    }
                    return self.furniture_row(c, SITE);
                }
                if what == SUM_ROW {
                    self.ctx.sum_row_line = Some(c.line);
                }
                return self.furniture(c, what);
            }
            Kind::Approval => {
                // fixture: fixtures/regions/approval-block.txt
                self.close_region();
                return self.furniture_row(c, FILLER);
            }
            Kind::Prose => {
                // fixture: fixtures/tables/prose-after-table.txt
                self.close_region();
                return self.furniture_row(c, PROSE);
            }
            Kind::Foreign(what) => return self.foreign_start(c, what),
            Kind::Title => {
                self.foreign_end();
                return self.title(c);
            }
            _ if self.foreign.is_some() => {
                self.mark(c.line, LineUse::Foreign);
                if let Some(f) = self.foreign.as_mut() {
                    f.2 = c.line;
                }
                return;
            }
            Kind::Year(y) => return self.year(c, y),
            Kind::Label(m) if self.starts_new_form(&m) => self.open_form(c.line),
            _ => {}
        }
        if self.row.furniture {
            // The rest of a 填表人 or approval row goes with it.
            if !(self.mode == Mode::Flat && matches!(t.kind, Kind::Label(_))) {
                self.mark(c.line, LineUse::Furniture);
                return;
            }
            self.row.furniture = false;
        }
        // 填表人 and approval rows are furniture wherever they stand; the
        // state handlers below never see them.
        if let Kind::Label(m) = t.kind {
            // fixture: fixtures/regions/contact-row-after-table.txt
            // A contact line under the table (`联系人：某某 | 联系电话：…`)
            // signs the form off like a 填表人 row.
            // fixture: fixtures/regions/filling-unit-after-table.txt
            // So does the unit that filled it in (`填报单位(盖章):某局`).
            let sign_off = matches!(self.ctx.state, State::Table | State::After)
                && (matches!(m.label, Label::Field(f) if SIGN_OFF_FIELDS.contains(&f))
                    || crate::labels::SIGN_OFF_EXTRA_LABELS.contains(&m.spelling))
                && c.text.contains([':', '：']);
            if matches!(m.label, Label::Field(Field::Furniture)) || sign_off {
                if self.ctx.state == State::Table {
                    self.flush_open();
                    self.ctx.state = State::After;
                }
                // fixture: fixtures/regions/filling-instructions-after-form.txt
                // The form is signed off: the note above is closed, and the
                // template's 填报说明 below it is no more of it.
                self.ctx.note_open = false;
                // fixture: fixtures/regions/sign-off-values-in-extra.txt
                // Who filled the form in and how to reach them (`填报人 | 某某`,
                // `联系人：某某 | 联系电话：…`) are the form's own cells, kept
                // in extra; an approval's opinion and a blank signature or
                // date to fill in stay furniture.
                // A value in the label's own cell must be a plain name, phone
                // or date: glued text cannot say where a longer one ends.
                let delimited = if m.rest.is_empty() {
                    self.mode != Mode::Flat
                } else {
                    crate::labels::is_sign_off_value(m.rest)
                };
                // A second 联系电话 (the filler's, under the contact's) is not the form's.
                let repeated = self.form.as_ref().is_some_and(|f| {
                    f.header
                        .iter()
                        .any(|h| h.spelling == m.spelling && !h.values.is_empty())
                });
                if self.form.is_some()
                    && self.ctx.state != State::Closed
                    && delimited
                    && !repeated
                    && !crate::labels::APPROVAL_LABELS.contains(&m.spelling)
                {
                    self.touch(c.line);
                    // Kept as a sign-off field: its value never wraps onto the
                    // lines below, and build keeps it in extra.
                    let kept = LabelMatch {
                        label: Label::Field(Field::Furniture),
                        ..m
                    };
                    if self.ctx.state == State::Header && m.rest.is_empty() {
                        let t = Tok {
                            kind: Kind::Label(kept),
                            cell: t.cell,
                        };
                        return self.header_token(&t);
                    }
                    let idx = self.push_header(&kept, c, Field::Furniture);
                    // A value in the label's cell is whole: nothing below continues it.
                    if m.rest.is_empty() {
                        self.row.part.current = idx;
                    } else if self.ctx.last_filled == idx {
                        self.ctx.last_filled = None;
                    }
                    return;
                }
                return self.furniture_row(c, FILLER);
            }
        }
        if self.ctx.state == State::Closed
            && self.form.is_some()
            && !matches!(t.kind, Kind::Label(_))
        {
            return self.furniture(c, "text after the form");
        }
        if self.form.is_none() {
            if !self.doc.forms.is_empty() {
                return self.unplaced(c);
            }
            // Cover pages and page titles before the first form.
            if let Some(year) = crate::segment::heading_year(c.text) {
                self.heading_year = Some((year, c.line));
            }
            // fixture: fixtures/regions/title-wrapped-after-year.txt
            // A title wrapped after its year (`…推进项目)2024年` / `中央预算内
            // 投资计划绩效目标表`): the line before the title ends in the year.
            let title_next = self.next_text.is_some_and(is_title);
            if let Some(year) = ends_with_year(c.text).filter(|_| title_next) {
                self.heading_year = Some((year, c.line));
            }
            return self.furniture(c, "text before the form title");
        }
        self.touch(c.line);
        if let Some(f) = self.form.as_mut() {
            f.separators[self.row.slot] += 1;
        }
        if let Kind::Label(m) = t.kind {
            self.row.label_end = c.col + crate::layout::width(c.text);
            if m.fuzzy {
                let d = Diagnostic::at(
                    Code::LabelFuzzy,
                    c.line,
                    format!("read label {} as {}", c.text, m.spelling),
                );
                self.diag(d);
            }
        }
        match self.ctx.state {
            State::Header => self.header_token(t),
            State::Table => self.table_token(t),
            State::After | State::Closed => self.after_token(t),
        }
    }

    /// A 填表人 or approval row: the cell and the rest of its row are one
    /// furniture diagnostic.
    fn furniture_row(&mut self, c: &Cell<'a>, what: &str) {
        self.row.furniture = true;
        let from = (c.text.as_ptr() as usize).saturating_sub(self.row.text.as_ptr() as usize);
        let text = self.row.text.get(from..).unwrap_or(c.text);
        let text: Vec<&str> = text.split_whitespace().collect();
        self.mark(c.line, LineUse::Furniture);
        // Prose or instructions under the table close the form: a code of its
        // own tells a form that ended there from one cut at a page marker.
        let code = if what == PROSE {
            Code::TextAfterForm
        } else {
            Code::PageFurniture
        };
        let d = Diagnostic::at(code, c.line, format!("skipped {what}: {}", text.join(" ")));
        self.diag(d);
    }

    /// The form's region ends: its open row is finished and what follows
    /// until the next form is furniture.
    fn close_region(&mut self) {
        if self.ctx.state == State::Table && self.mode == Mode::Cells {
            let line = self.row.part.texts.first().map_or(0, |c| c.line);
            if line > 0 {
                self.finish_cells_row(line);
            }
        }
        self.flush_open();
        self.ctx.state = State::Closed;
        self.ctx.note_open = false;
    }

    fn end_row(&mut self, line: usize) {
        match self.ctx.state {
            State::Header => self.end_header_row(),
            State::Table => match self.mode {
                Mode::Cells => self.finish_cells_row(line),
                Mode::Words | Mode::Flat => self.flush_open(),
                Mode::Stream => {}
            },
            State::After | State::Closed => {}
        }
        // A name head the next row did not take is said, not lost.
        if let Some(head) = self.ctx.name_head.filter(|h| h.line < line) {
            self.ctx.name_head = None;
            self.unplaced(&head);
        }
    }

    fn starts_new_form(&self, m: &LabelMatch<'a>) -> bool {
        let Some(form) = self.form.as_ref() else {
            return matches!(m.label, Label::Field(f) if OPENING_FIELDS.contains(&f));
        };
        match m.label {
            Label::Field(f) if SUBJECT_FIELDS.contains(&f) => {
                (form.has_field(f)
                    && (self.ctx.state != State::Header || form.has_field(Field::Department)))
                    // fixture: fixtures/regions/project-after-department-form.txt
                    // A 项目名称 under a 部门整体 form's indicators opens the
                    // project form that follows it, title or none.
                    || (self.ctx.state == State::Table
                        && !form.indicators.is_empty()
                        && m.rest.is_empty()
                        && SUBJECT_FIELDS.iter().any(|&s| form.has_field(s)))
            }
            Label::Field(Field::Department) => {
                form.has_field(Field::Department) && self.ctx.state != State::Header
            }
            _ => false,
        }
    }

    fn title(&mut self, cell: &Cell<'a>) {
        // A title inside an indicator table may be the same form's title
        // printed again on a new page: decided by what follows it.
        let in_table = self.ctx.state == State::Table
            && self
                .form
                .as_ref()
                .is_some_and(|f| !f.indicators.is_empty() && f.note.is_empty());
        // fixture: fixtures/regions/title-repeated-before-table.txt
        // So may the open form's own title printed again at the top of the
        // page that holds its table, before any indicator was read.
        let repeated = self.form.as_ref().is_some_and(|f| {
            f.indicators.is_empty() && !f.is_empty() && f.title.is_some_and(|t| t.text == cell.text)
        });
        if in_table || repeated {
            self.held_title = Some(*cell);
            return;
        }
        self.new_title(cell);
    }

    fn new_title(&mut self, cell: &Cell<'a>) {
        let reuse = self
            .form
            .as_ref()
            .is_some_and(|f| f.is_empty() && f.title.is_none());
        if !reuse {
            self.open_form(cell.line);
        }
        self.mark(cell.line, LineUse::Field);
        self.touch(cell.line);
        if let Some(f) = self.form.as_mut() {
            f.title = Some(cell.into());
        }
        self.wrapped_title_head(cell);
    }

    /// fixture: fixtures/regions/title-wrapped-year-on-first-line.txt
    /// A title wrapped over two lines, its head on the line above left as
    /// text before the form (`某区民政局2024年项目支出` / `绩效目标表`): the
    /// head is the title's, with the year it names.
    fn wrapped_title_head(&mut self, cell: &Cell<'a>) {
        let Some(head) = self.prev_text else {
            return;
        };
        let above = self.line_above;
        if above + 1 != cell.line
            || cell.text.chars().count() > 8
            || !(crate::labels::TITLE_HEAD_ENDINGS
                .iter()
                .any(|e| head.trim_end().ends_with(e))
                // fixture: fixtures/regions/title-wrapped-mid-word.txt
                || crate::labels::cuts_title_word(head.trim_end(), cell.text.trim()))
            || is_title(head)
            || !is_title(&format!("{head}{}", cell.text.trim()))
        {
            return;
        }
        let Some(f) = self.form.as_mut() else {
            return;
        };
        // Only text read before the form, reported on it, is taken.
        if !f.diagnostics.iter().any(|d| d.line == Some(above)) {
            return;
        }
        f.diagnostics.retain(|d| d.line != Some(above));
        f.title_head = Some(Piece {
            text: head.trim(),
            line: above,
        });
        f.line_start = f.line_start.min(above);
        self.mark_over(above, LineUse::Field);
    }

    fn year(&mut self, cell: &Cell<'a>, year: i32) {
        let open_new = match &self.form {
            None => true,
            Some(f) => f.year.is_some() || self.ctx.state != State::Header,
        };
        if open_new {
            self.open_form(cell.line);
        }
        self.mark(cell.line, LineUse::Field);
        self.touch(cell.line);
        if let Some(f) = self.form.as_mut() {
            f.year = Some((year, cell.line));
        }
        if cell.text.contains(OCR_YEAR_LETTERS) || crate::substr::has(cell.text, OCR_YEAR_WORD) {
            let d = Diagnostic::at(
                Code::YearOcr,
                cell.line,
                format!("read `{}` as the year {year}", cell.text.trim()),
            );
            self.diag(d);
        }
    }

    // ---- header -------------------------------------------------------

    fn push_header(&mut self, m: &LabelMatch<'a>, c: &Cell<'a>, field: Field) -> Option<usize> {
        self.mark(c.line, LineUse::Label);
        let f = self.form.as_mut()?;
        f.header.push(HeaderField {
            field,
            label: c.text,
            spelling: m.spelling,
            annotation: m.annotation,
            line: c.line,
            values: Vec::new(),
            tail: None,
        });
        let idx = f.header.len() - 1;
        if !m.rest.is_empty() {
            f.header[idx].values.push(Piece {
                text: m.rest,
                line: c.line,
            });
            self.mark(c.line, LineUse::Field);
            self.ctx.last_filled = Some(idx);
        }
        Some(idx)
    }

    fn give(&mut self, idx: usize, c: &Cell<'a>) {
        self.mark(c.line, LineUse::Field);
        if let Some(h) = self.form.as_mut().and_then(|f| f.header.get_mut(idx)) {
            let piece = match label_rest(h, c.text) {
                Some("") => None,
                Some(rest) => Some(Piece {
                    text: rest,
                    line: c.line,
                }),
                None => Some(c.into()),
            };
            h.values.extend(piece);
        }
        self.ctx.last_filled = Some(idx);
        let columns = &mut self.ctx.value_columns;
        if columns.line != c.line {
            let fresh = ValueColumns {
                line: c.line,
                cells: Vec::new(),
            };
            self.ctx.above_columns = std::mem::replace(columns, fresh);
        }
        columns.cells.push(ValueColumn {
            index: c.index,
            col: c.col,
            end_col: c.col + crate::layout::width(c.text),
            label_end: self.row.label_end,
            field: idx,
        });
    }

    /// fixture: fixtures/tables/task-table-sum-row.txt
    /// A 部门整体 form's task table, read row by row; true when this row was
    /// one of it. Its title row (任务名称) opens it and the titles of its
    /// amount columns (总额, 财政拨款, 其他资金) place them; each task row gives
    /// the task's 总额 as a funding item named by the task; its sum row
    /// (`金额合计`) gives the form's amounts. A row opening with another label
    /// ends it. A task's other cells (主要内容, its own 财政拨款) stay unplaced
    /// lines.
    fn task_row(&mut self, row: &Row<'a>, toks: &[Tok<'a>]) -> bool {
        // The row's cells as split: a title holding a label (`年度目标任务`)
        // is one title, though its label was read apart.
        let titled = |titles: &[&str]| row.filled().any(|c| titles.contains(&c.text));
        let opens =
            titled(TASK_TABLE_TITLES) || (titled(TASK_NAME_TITLES) && titled(TASK_CONTENT_TITLES));
        if opens && self.ctx.tasks.is_none() {
            self.ctx.tasks = Some(TaskTable {
                content: row
                    .filled()
                    .find(|c| TASK_CONTENT_TITLES.contains(&c.text))
                    .copied(),
                titles: row.filled().count(),
                ..TaskTable::default()
            });
        }
        let Some(mut tasks) = self.ctx.tasks.take() else {
            return false;
        };
        let amount_title = |t: &Tok<'a>| match t.kind {
            // fixture: fixtures/tables/pipes-task-table-subtotal-column.txt
            _ if crate::labels::TASK_TOTAL_TITLES.contains(&t.cell.text) => {
                Some((t.cell, Field::FundingTotal, "总额"))
            }
            // A grant of one level (`市财政拨款`) is the table's 财政拨款 column.
            Kind::Label(LabelMatch {
                label: Label::Field(Field::FundingItem),
                spelling,
                rest: "",
                ..
            }) if spelling.ends_with(FISCAL_GRANT) => {
                Some((t.cell, Field::FundingFiscal, FISCAL_GRANT))
            }
            Kind::Label(LabelMatch {
                label: Label::Field(f),
                spelling,
                rest: "",
                ..
            }) if AMOUNT_FIELDS.contains(&f) => Some((t.cell, f, spelling)),
            _ => None,
        };
        let mut titles: Vec<AmountColumn<'a>> = toks.iter().filter_map(amount_title).collect();
        // fixture: fixtures/tables/words-duty-table.txt
        // Words one space apart sit under the titles by their order when a
        // row holds as many words as the titles are.
        let by_index = matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes))
            || (self.mode == Mode::Words && row.filled().count() == tasks.titles);
        let first = toks.first();
        let title_row = !tasks.rows_read && !titles.is_empty() && titles.len() == toks.len();
        if opens || title_row {
            // The title rows: every cell a column title. Titles under a title
            // spanning them (`预算金额` over `总额 | 财政拨款 | 其他资金`) replace it.
            if title_row {
                // fixture: fixtures/tables/pipes-task-table-subtotal-column.txt
                // Titles an export wrote from the row's first cell (the
                // merged cells left of them dropped) stand under the title
                // spanning them: they start at its cell.
                let spanning = tasks
                    .amounts
                    .iter()
                    .filter(|(_, f, _)| titles.iter().any(|(_, g, _)| g == f))
                    .map(|(c, _, _)| c.index)
                    .min();
                let first = titles.first().map(|(c, _, _)| c.index);
                if let (true, Some(at), Some(first)) = (by_index, spanning, first) {
                    if first < at {
                        for (c, _, _) in &mut titles {
                            c.index += at - first;
                        }
                    }
                }
                tasks
                    .amounts
                    .retain(|(_, f, _)| !titles.iter().any(|(_, g, _)| g == f));
            }
            tasks.amounts.extend(titles);
            for t in toks {
                self.mark(t.cell.line, LineUse::Label);
            }
        } else if first.is_some_and(|t| matches!(t.kind, Kind::Label(_)))
            || (tasks.amounts.is_empty() && tasks.content.is_none())
            // fixture: fixtures/tables/task-table-then-funding-titles.txt
            // A row of amount titles after the tasks (`年度…整体支出预算 |
            // 资金总额 | 财政拨款 | 其他资金`, their amounts below) heads the
            // funding block, not one more task.
            || (tasks.rows_read && titles.len() >= 2 && titles.len() + 1 >= toks.len())
        {
            // Another label: the table has ended (or never placed its amounts).
            return false;
        } else if first.is_some_and(|t| SUM_ROW_LABELS.contains(&t.cell.text)) {
            // The row's cells as split, before the grid read an amount
            // repeated in the next column (`510 | 510`) as one merged cell.
            self.mark(toks[0].cell.line, LineUse::Label);
            tasks.rows_read = true;
            let cells: Vec<Cell<'a>> = row.filled().copied().collect();
            let places = tasks.place(&cells, by_index);
            for (c, place) in cells.iter().zip(places).skip(1) {
                match place {
                    Some((title, field, spelling)) => {
                        let m = LabelMatch {
                            label: Label::Field(field),
                            spelling,
                            ..UNKNOWN_LABEL
                        };
                        if let Some(idx) = self.push_header(&m, &title, field) {
                            self.give(idx, c);
                        }
                    }
                    None => self.unplaced(c),
                }
            }
        } else {
            // A task: its name, its 总额 as a funding item, and its text
            // (主要内容) in `extra` under its name.
            let mut task: Option<Cell<'a>> = None;
            // Whether the task's amount has been read (its name labels it).
            let mut priced = false;
            let mut item = None;
            let mut text: Vec<Cell<'a>> = Vec::new();
            tasks.rows_read = true;
            let mut cells: Vec<Cell<'a>> = row.filled().copied().collect();
            let places = tasks.place(&cells, by_index);
            // fixture: fixtures/layouts/spaces-task-table-wrapped.txt
            // A line with no amount under a table of amounts is the last
            // task's cells wrapped: its name and its text go on.
            let wrapped = !tasks.amounts.is_empty()
                && places.iter().all(Option::is_none)
                && !cells
                    .iter()
                    .any(|c| crate::value::parse_amount_like(c.text));
            // fixture: fixtures/layouts/spaces-task-table-heading-beside-task.txt
            // The table's heading printed beside its first task (a merged
            // cell centred there) names no task.
            let least = if wrapped { 1 } else { 2 };
            if cells.len() > least && TASK_HEADINGS.contains(&cells[0].text) {
                self.mark(cells[0].line, LineUse::Label);
                cells.remove(0);
            }
            if let (true, Some(last)) = (wrapped, tasks.last) {
                self.continue_task(last, &cells, by_index);
                self.ctx.tasks = Some(tasks);
                return true;
            }
            let places = tasks.place(&cells, by_index);
            for (c, place) in cells.iter().zip(places) {
                match place {
                    Some((_, Field::FundingTotal, _)) if !priced => {
                        let Some(t) = task else {
                            self.unplaced(c);
                            continue;
                        };
                        priced = true;
                        let m = LabelMatch {
                            label: Label::Field(Field::FundingItem),
                            ..UNKNOWN_LABEL
                        };
                        item = self.push_header(&m, &t, Field::FundingItem);
                        if let Some(idx) = item {
                            self.give(idx, c);
                        }
                    }
                    None if task.is_none() => task = Some(*c),
                    None if tasks.content.is_some() => text.push(*c),
                    _ => self.unplaced(c),
                }
            }
            // fixture: fixtures/tables/task-table-heading-row.txt
            // With tabs or pipes, of several cells of text the one under the
            // text's title is the task's text (a 项目名称 column beside it is not).
            if let (true, true, Some(title)) = (by_index, text.len() > 1, tasks.content) {
                if text.iter().any(|c| c.index == title.index) {
                    for c in text.iter().filter(|c| c.index != title.index) {
                        self.unplaced(c);
                    }
                    text.retain(|c| c.index == title.index);
                }
            }
            let mut text_at = None;
            match task {
                Some(t) if !text.is_empty() => {
                    text_at = self.push_header(&UNKNOWN_LABEL, &t, Field::Extra);
                    if let Some(idx) = text_at {
                        for c in &text {
                            self.give(idx, c);
                        }
                    }
                }
                _ => {
                    if let (false, Some(t)) = (priced, task) {
                        self.unplaced(&t);
                    }
                    for c in &text {
                        self.unplaced(c);
                    }
                }
            }
            tasks.last = task.map(|name| TaskRead {
                name,
                item,
                text: text_at,
            });
        }
        self.ctx.tasks = Some(tasks);
        true
    }

    /// A task's cells wrapped onto a line of their own: a cell in the name's
    /// column (its cell index with tabs or pipes, its display column with
    /// aligned spaces) ends the task's name, as the tail of the labels its
    /// amount and text went under; any other cell goes on with its text.
    fn continue_task(&mut self, last: TaskRead<'a>, cells: &[Cell<'a>], by_index: bool) {
        for c in cells {
            let in_name_column = if by_index {
                c.index == last.name.index
            } else {
                c.col.abs_diff(last.name.col) <= 1
            };
            let tail_free = |this: &Self, idx: Option<usize>| {
                idx.and_then(|i| this.form.as_ref()?.header.get(i))
                    .is_none_or(|h| h.tail.is_none())
            };
            if in_name_column
                && (last.item.is_some() || last.text.is_some())
                && tail_free(self, last.item)
                && tail_free(self, last.text)
            {
                self.mark(c.line, LineUse::Label);
                if let Some(f) = self.form.as_mut() {
                    for i in [last.item, last.text].into_iter().flatten() {
                        if let Some(h) = f.header.get_mut(i) {
                            h.tail = Some(c.text);
                        }
                    }
                }
            } else if let (false, Some(idx)) = (in_name_column, last.text) {
                self.give(idx, c);
            } else {
                self.unplaced(c);
            }
        }
    }

    /// fixture: fixtures/layouts/wrapped-value-beside-label.txt
    /// The header field whose value, on the row above (blank lines skipped), sat in this
    /// cell's column (its cell index with tabs or pipes, its display column
    /// with aligned spaces): the cell is that value wrapped (`项目名称 |
    /// 北岭社区养老 | 项目负责人 | 王某` / ` | 驿站运营`), even when another field
    /// was filled after it on that row. The row's label column is empty: a
    /// row of unknown labels and their values continues nothing.
    fn column_continuation(&self, c: &Cell<'a>) -> Option<usize> {
        // An indented line of aligned text holding one cell reads as one
        // cell per line.
        let by_index = match self.row.layout {
            Some(Layout::Tabs | Layout::Pipes) if self.row.first_index > 0 => true,
            Some(Layout::Spaces | Layout::CellPerLine) if self.row.first_col > 0 => false,
            _ => return None,
        };
        // fixture: fixtures/layouts/wrapped-value-beside-label.txt (blank
        // lines between rows, as some PDF text has, change nothing)
        // fixture: fixtures/layouts/spaces-side-by-side-goals-wrapped.txt
        // A row that has already continued one value keeps reading the row
        // above for its next cells.
        let columns = if self.ctx.value_columns.line == c.line {
            &self.ctx.above_columns
        } else {
            &self.ctx.value_columns
        };
        if columns.line != self.line_above {
            return None;
        }
        let idx = columns
            .cells
            .iter()
            .find(|v| {
                if by_index {
                    v.index == c.index
                } else {
                    // fixture: fixtures/layouts/spaces-wrapped-value-shifted.txt
                    // Aligned text: the wrapped line starts in the value's
                    // column, or (a centred cell, a shifted line) overlaps
                    // the value and starts right of the label before it or
                    // no further left than half the value's width.
                    let start_near = v.col.abs_diff(c.col) <= 1;
                    let overlaps = c.col < v.end_col
                        && c.col + crate::layout::width(c.text) > v.col
                        && (c.col > v.label_end
                            || v.col.saturating_sub(c.col) <= (v.end_col - v.col) / 2);
                    start_near || overlaps
                }
            })?
            .field;
        let h = self.header_field(idx)?;
        wraps(h).then_some(idx)
    }

    /// A period column header beside the funding label (`实施期`, `年度`).
    fn funding_period(&mut self, c: &Cell<'a>) -> bool {
        // fixture: fixtures/layouts/cell-per-line-funding-periods.txt
        // One cell per line, the period titles follow the funding label on
        // lines of their own.
        let under_funding = self
            .row
            .part
            .current
            .is_some_and(|i| self.is_empty_funding(i))
            || (self.mode == Mode::Stream
                && self.row.single
                && self
                    .ctx
                    .pending
                    .last()
                    .is_some_and(|&i| self.is_empty_funding(i)));
        if !under_funding {
            return false;
        }
        // fixture: fixtures/tables/funding-numbered-year-columns.txt
        // The title of the labels' column (`资金情况 | 项目 | 2024年预算数 |
        // 2025年预算数`) names no period and is no value of the section.
        if !self.row.holds_number
            // fixture: fixtures/tables/funding-year-columns-spaced-title.txt
            // Centred with a gap (`项 目`) as Word prints a two-character title.
            && crate::labels::FUNDING_LABEL_COLUMN_TITLES
                .contains(&crate::normalize::without_spaces(c.text.trim()).as_ref())
        {
            self.mark(c.line, LineUse::Label);
            return true;
        }
        // Period titles left one space apart in one cell (`上年度安排资金
        // 本年度申请资金`) are one column each.
        let words = || c.text.split_whitespace();
        let several = words().nth(1).is_some() && words().all(is_period);
        // fixture: fixtures/layouts/funding-period-amount-titles.txt
        // In a row of titles without amounts, a period named with its amount
        // (`实施期资金总额 | 年度资金总额`, `实施期金额 | 年度金额`) is that
        // period; a title that is also an amount's own label (年度资金总额)
        // only after another period title on its line.
        // fixture: fixtures/tables/funding-year-columns-with-sum.txt
        // One cell per line, the titles of two columns or more and then an
        // amount label with its amount on the next line (`2024年 / 2025年 /
        // 年度资金总额 / 1,480`): the label opens the first row.
        let stream_row_label = |periods: usize| {
            self.mode == Mode::Stream
                && periods >= 2
                && self.next_text.is_some_and(opens_with_digit)
        };
        let after_period = self.form.as_ref().is_some_and(|f| {
            !f.funding_periods.is_empty()
                && (self.ctx.period_line == Some(c.line)
                    || (self.mode == Mode::Stream
                        && self.ctx.period_line == Some(self.line_above)
                        && !stream_row_label(f.funding_periods.len())))
        });
        // fixture: fixtures/tables/funding-period-titles-year-first.txt
        // Or before one: `年度资金总额 | 实施期资金总额` over the amounts.
        let before_period = || {
            self.mode == Mode::Cells
                && self
                    .raw_cells()
                    .any(|t| t != c.text.trim() && period_stem(t).is_some())
        };
        let stem = period_stem(c.text).filter(|_| {
            !self.row.holds_number
                && (after_period
                    || before_period()
                    || match_label(c.text).is_none_or(|m| !m.rest.is_empty() || m.fuzzy))
        });
        // fixture: fixtures/tables/total-label-beside-amount.txt
        // A period title row holds no amounts: `总额 | 120.00` is the total.
        let titles_row = !(self.mode == Mode::Cells && self.row.holds_number);
        // fixture: fixtures/tables/funding-year-columns-with-sum.txt
        // A sum column after the periods on their line (`2024年 | 2025年 | 合计`).
        let sum_column = after_period && crate::labels::SUBTOTALS.contains(&c.text.trim());
        if !(titles_row && (is_period(c.text) || several || sum_column)) && stem.is_none() {
            return false;
        }
        self.mark(c.line, LineUse::Label);
        self.ctx.period_line = Some(c.line);
        if let Some(f) = self.form.as_mut() {
            if several {
                f.funding_periods.extend(words());
            } else {
                f.funding_periods.push(stem.unwrap_or(c.text));
            }
        }
        true
    }

    fn header_token(&mut self, t: &Tok<'a>) {
        let c = &t.cell;
        if matches!(t.kind, Kind::Text | Kind::Label(_))
            && !self.row.funding_titles
            && self.funding_period(c)
        {
            return;
        }
        // fixture: fixtures/layouts/spaces-unknown-label-after-value.txt
        // fixture: fixtures/tables/budget-kind-after-extra-label.txt
        // A budget kind right after a label kept in extra, known or not
        // (`财政资金预算分类 一般公共预算`, `资金性质 | 一般公共预算`), is
        // that label's value, not a funding row.
        // Opening its row (one cell per line, a label per row of glued
        // text), it is the value of the label waiting on the row above.
        let awaiting = self.row.part.current.or_else(|| {
            (c.index == self.row.first_index)
                .then(|| self.ctx.pending.last().copied())
                .flatten()
        });
        if let (Kind::Label(m), Some(idx)) = (t.kind, awaiting) {
            let near = self
                .header_field(idx)
                .is_some_and(|h| h.line == c.line || h.line + 1 == c.line);
            if near && m.rest.is_empty() && self.budget_kind_of(idx, c.text) {
                return self.give(idx, c);
            }
        }
        match t.kind {
            Kind::Label(m) => match m.label {
                Label::Field(
                    Field::Table
                    | Field::ColLevel1
                    | Field::ColLevel2
                    | Field::ColName
                    | Field::ColValue
                    | Field::ColUnit
                    | Field::ColOp,
                )
                | Label::Level1(_)
                | Label::Level2(_) => {
                    self.ctx.state = State::Table;
                    self.ctx.pending.clear();
                    self.table_token(t);
                }
                Label::Field(Field::Note) => {
                    self.ctx.state = State::After;
                    self.after_token(t);
                }
                Label::Field(Field::GoalSection) if self.section_under_goal_labels(c) => {
                    self.mark(c.line, LineUse::Label);
                }
                Label::Field(field) => {
                    self.row.has_label = true;
                    if let Some(idx) = self.push_header(&m, c, field) {
                        self.row.part.labels.push(idx);
                        self.row.part.current = Some(idx);
                        let paragraph = matches!(
                            field,
                            Field::GoalAnnual
                                | Field::GoalLongTerm
                                | Field::GoalSection
                                | Field::Extra
                        );
                        // fixture: fixtures/layouts/spaces-project-name-label-centred.txt
                        // Aligned text: a name wrapped in its merged cell is
                        // centred too, its lines above right of the label.
                        let label_end = c.col + crate::layout::width(c.text);
                        let name = NAME_FIELDS.contains(&field)
                            && self.row.layout == Some(Layout::Spaces)
                            && self.ctx.orphans.iter().all(|o| o.col >= label_end);
                        if (paragraph || name) && !self.ctx.orphans.is_empty() {
                            self.adopt_orphans(idx, c.line);
                        }
                    }
                    self.ctx.orphans.clear();
                }
            },
            Kind::Residue => {
                // `(万元)` split from its label in word mode, or a lone `其中:`.
                self.mark(c.line, LineUse::Label);
            }
            Kind::Text if self.funding_annotation(c) => {}
            Kind::Text => {
                if let Some(idx) = self.row.part.current {
                    if self.annotation_of(idx, c) {
                        return;
                    }
                    // fixture: fixtures/layouts/empty-template-fields.txt
                    // An empty template's next label (`项目分类 | 申报属性`) is
                    // no value of the label before it.
                    let label_here = self.form.as_ref().is_some_and(|f| {
                        f.header
                            .get(idx)
                            .is_some_and(|h| h.values.is_empty() && !plausible(h.field, c.text))
                    }) && crate::labels::is_not_a_name(c.text);
                    if label_here {
                        self.row.part.current = None;
                        return self.unplaced(c);
                    }
                    // fixture: fixtures/layouts/spaces-unknown-label-after-value.txt
                    // A label the vocabulary does not know, after this field's
                    // value on its row, opens a field of its own in `extra`.
                    let filled_here = self
                        .header_field(idx)
                        .is_some_and(|h| h.values.iter().any(|p| p.line == c.line));
                    if filled_here && crate::labels::is_unknown_label(c.text) {
                        let label = c.text.trim_end_matches([':', '：']);
                        let cell = Cell { text: label, ..*c };
                        self.row.part.current =
                            self.push_header(&UNKNOWN_LABEL, &cell, Field::Extra);
                        return;
                    }
                    if self.side_by_side_goals(idx, c) || self.goals_waiting_above(idx, c) {
                        return;
                    }
                    self.give(idx, c);
                } else if !self.row.has_label
                    && !self.ctx.pending.is_empty()
                    && !self.heading_before_labels(c)
                {
                    if self.label_tail(c) {
                        return;
                    }
                    self.give_pending(c);
                } else if let Some(idx) = self.period_amount_target(c) {
                    self.give(idx, c);
                } else {
                    // An empty template's label continues no value and is no orphan.
                    let loose = self.row.labels_total == 0 && !crate::labels::is_not_a_name(c.text);
                    // fixture: fixtures/layouts/spaces-name-wrap-beside-right-pair.txt
                    // Aligned text: a row's first cell, in the column of the
                    // value above it, continues that value though labels
                    // follow it on its row (a name wrapped beside `联系电话 …`).
                    let leading = self.row.layout == Some(Layout::Spaces)
                        && c.index == self.row.first_index
                        && self.row.part.labels.is_empty()
                        && !crate::labels::is_not_a_name(c.text);
                    let target = match self.column_continuation(c) {
                        Some(idx) if loose || leading => Some(idx),
                        _ => self.continuation_target().filter(|_| loose),
                    };
                    match target {
                        Some(idx) => self.give(idx, c),
                        None => {
                            self.unplaced(c);
                            // A block's score alone (`10分`) begins no paragraph.
                            if loose && !crate::labels::is_score_cell(c.text) {
                                // Perhaps the first line of a paragraph whose label is
                                // printed lower, in the middle of its merged cell.
                                self.ctx.orphans.push(*c);
                            }
                        }
                    }
                }
            }
            Kind::Furniture(_)
            | Kind::Approval
            | Kind::Prose
            | Kind::Title
            | Kind::Year(_)
            | Kind::Foreign(_) => {}
        }
    }

    /// fixture: fixtures/layouts/funding-period-label-pairs.txt
    /// Funding printed as two label/amount pairs a row, the term's left of
    /// the year's (`实施期资金总额 | 3600 | 年度资金总额 | 1200`, then
    /// `其中：财政拨款 | 3600 | 其中：财政拨款 | 1200`): read as period
    /// columns, each row one label with the term's amount and the year's, so
    /// the year's fills the form and the term's becomes an item
    /// (`实施期资金总额`). The first pair names the periods, as does a row of
    /// the period titles alone.
    fn period_pairs(&mut self, toks: &mut Vec<Tok<'a>>) {
        let amount = |t: &Tok<'a>| {
            matches!(t.kind, Kind::Text)
                && crate::value::parse_amount(t.cell.text, "万元")
                    .is_some_and(|(v, _)| v.number().is_some())
        };
        let amount_label = |t: &Tok<'a>| match t.kind {
            Kind::Label(m) => match m.label {
                Label::Field(f) if AMOUNT_FIELDS.contains(&f) => Some(f),
                _ => None,
            },
            _ => None,
        };
        let Some(f) = self.form.as_mut() else {
            return;
        };
        // fixture: fixtures/layouts/funding-period-titles-above-label.txt
        // The period columns' titles on a row of their own above the funding
        // label (laid-out text centres that label lower down its block).
        if f.funding_periods.is_empty() {
            let titles: Vec<&'a str> = toks
                .iter()
                .map_while(|t| period_stem(t.cell.text))
                .collect();
            if toks.len() >= 2
                && titles.len() == toks.len()
                && titles.iter().any(|p| is_annual_period(p))
            {
                f.funding_periods = titles;
                for t in toks.drain(..) {
                    self.mark(t.cell.line, LineUse::Label);
                }
                return;
            }
            // The first pair: a term's amount title, its amount, then the
            // year's total label.
            let Some(k) = toks.windows(3).position(|w| {
                matches!(w[0].kind, Kind::Text)
                    && period_stem(w[0].cell.text).is_some_and(|p| !is_annual_period(p))
                    && amount(&w[1])
                    && amount_label(&w[2]) == Some(Field::FundingTotal)
            }) else {
                return;
            };
            let (Some(term), Some(year)) = (
                period_stem(toks[k].cell.text),
                period_stem(toks[k + 2].cell.text).filter(|p| is_annual_period(p)),
            ) else {
                return;
            };
            f.funding_periods = vec![term, year];
            let title = toks.remove(k);
            let term_amount = toks.remove(k);
            toks.insert(k + 1, term_amount);
            self.mark(title.cell.line, LineUse::Label);
            return;
        }
        if f.funding_periods.len() != 2 {
            return;
        }
        // A later pair: the same label twice; the second is dropped, its
        // amount following the first's.
        let Some(a) = toks.iter().position(|t| amount_label(t).is_some()) else {
            return;
        };
        let field = amount_label(&toks[a]);
        let Some(b) = toks
            .iter()
            .skip(a + 1)
            .position(|t| amount_label(t) == field)
            .map(|k| k + a + 1)
        else {
            return;
        };
        // Both amounts written, or neither; a term's amount beside a blank
        // year's cell is left as it is.
        let left = toks[a + 1..b].iter().filter(|t| amount(t)).count();
        let right = toks.get(b + 1).is_some_and(amount);
        if left == 1 && !right {
            return;
        }
        let second = toks.remove(b);
        self.mark(second.cell.line, LineUse::Label);
    }

    /// A funding row whose label the export split around its amount
    /// (`市县财政资 | 1,000,000 | 金`, spreadsheet cells spilling over): the
    /// two parts rejoin into a funding item with that amount. Returns the
    /// row's other tokens when it applies.
    fn split_funding_label(&mut self, toks: &[Tok<'a>]) -> Option<Vec<Tok<'a>>> {
        let at = toks.windows(3).position(|w| {
            let (head, amount, tail) = (&w[0].cell, &w[1].cell, &w[2].cell);
            let joined = || format!("{}{}", head.text, tail.text);
            matches!(
                (w[0].kind, w[1].kind, w[2].kind),
                (Kind::Text, Kind::Text, Kind::Text)
            ) && (1..=2).contains(&tail.text.chars().count())
                && head.text.chars().count() <= 10
                && amount.text.chars().any(|c| c.is_ascii_digit())
                && crate::value::parse_amount(amount.text, "万元")
                    .is_some_and(|(v, _)| v.number().is_some())
                && ["资金", "拨款", "经费", "收入"]
                    .iter()
                    .any(|e| joined().ends_with(e))
        })?;
        let (head, amount, tail) = (toks[at].cell, toks[at + 1].cell, toks[at + 2].cell);
        self.mark(head.line, LineUse::Label);
        self.mark(tail.line, LineUse::Label);
        self.mark(amount.line, LineUse::Field);
        self.touch(head.line);
        let d = Diagnostic::at(
            Code::LabelFuzzy,
            head.line,
            format!(
                "read the label split around its amount ({} … {}) as {}{}",
                head.text, tail.text, head.text, tail.text
            ),
        );
        self.diag(d);
        if let Some(f) = self.form.as_mut() {
            f.header.push(HeaderField {
                field: Field::FundingItem,
                label: head.text,
                spelling: "",
                annotation: None,
                line: head.line,
                values: vec![(&amount).into()],
                tail: Some(tail.text),
            });
        }
        let mut rest: Vec<Tok<'a>> = toks[..at].to_vec();
        rest.extend_from_slice(&toks[at + 3..]);
        Some(rest)
    }

    /// A paragraph label printed in the middle of its cell (`年度目标` beside
    /// the second line of the goal): the text-only lines just above it, that
    /// fitted nowhere, are the paragraph's first lines.
    fn adopt_orphans(&mut self, idx: usize, label_line: usize) {
        let orphans = std::mem::take(&mut self.ctx.orphans);
        // The run of orphan lines that ends on the line just above the label.
        let mut start = orphans.len();
        let mut earliest = label_line;
        // Aligned text: a line between them (blank, as double-spaced PDF
        // text has) keeps the run.
        let gap = if self.row.layout == Some(Layout::Spaces) {
            2
        } else {
            1
        };
        while start > 0 {
            let line = orphans[start - 1].line;
            if line + gap >= earliest {
                start -= 1;
                earliest = line;
            } else {
                break;
            }
        }
        let adopted = &orphans[start..];
        // A paragraph's first lines hold one cell each; a line of several
        // cells is a row of column titles, not part of the paragraph.
        let one_per_line = adopted.windows(2).all(|w| w[0].line != w[1].line);
        if adopted.is_empty() || !one_per_line {
            return;
        }
        let lines: Vec<usize> = adopted.iter().map(|o| o.line).collect();
        if let Some(f) = self.form.as_mut() {
            f.diagnostics.retain(|d| {
                !(d.code == Code::UnplacedLine && d.line.is_some_and(|l| lines.contains(&l)))
            });
            if let Some(h) = f.header.get_mut(idx) {
                let pieces: Vec<Piece<'a>> = adopted.iter().map(Piece::from).collect();
                h.values.splice(0..0, pieces);
            }
        }
        for l in lines {
            if let Some(slot) = l.checked_sub(1).and_then(|i| self.doc.line_use.get_mut(i)) {
                *slot = Some(LineUse::Field);
            }
        }
    }

    /// In word mode a label's bracketed annotation is a word of its own
    /// (`资金情况 (万元)`): it belongs to the label, not its value.
    fn annotation_of(&mut self, idx: usize, c: &Cell<'a>) -> bool {
        let Some(h) = self.form.as_mut().and_then(|f| f.header.get_mut(idx)) else {
            return false;
        };
        let t = c.text;
        let bracketed = (t.starts_with('(') || t.starts_with('（'))
            && (t.ends_with(')') || t.ends_with('）'))
            && t.chars().count() <= 8;
        if h.values.is_empty() && h.annotation.is_none() && bracketed {
            let inner = t
                .trim_start_matches(['(', '（'])
                .trim_end_matches([')', '）'])
                .trim();
            h.annotation = Some(inner);
            self.mark(c.line, LineUse::Label);
            return true;
        }
        false
    }

    /// `项目资金` / `（万元）`: a bracketed unit wrapped below the funding label
    /// is that label's annotation.
    fn funding_annotation(&mut self, c: &Cell<'a>) -> bool {
        let t = c.text;
        let bracketed =
            (t.starts_with('(') || t.starts_with('（')) && (t.ends_with(')') || t.ends_with('）'));
        if !bracketed || t.chars().count() > 6 {
            return false;
        }
        let inner = t
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .trim();
        if crate::value::funding_unit(inner).is_none() {
            return false;
        }
        let Some(h) = self.form.as_mut().and_then(|f| {
            f.header
                .iter_mut()
                .rev()
                .find(|h| h.field == Field::Funding)
        }) else {
            return false;
        };
        if h.annotation.is_some() {
            return false;
        }
        h.annotation = Some(inner);
        self.mark(c.line, LineUse::Label);
        true
    }

    /// fixture: fixtures/glued/side-by-side-goals-run-together.txt
    /// Two goal labels printed side by side with nothing between them
    /// (`长期目标年度目标…`, a table's header row glued to its value row):
    /// the text after the second holds both goals, one sentence each, in the
    /// labels' order. True when it was so given.
    fn side_by_side_goals(&mut self, idx: usize, c: &Cell<'a>) -> bool {
        // (Glued text is cut into a row per label: the label before is the
        // header field read just before, on the same line.)
        let (Some(&last), Some(prev)) = (self.row.part.labels.last(), idx.checked_sub(1)) else {
            return false;
        };
        let goal = |i: usize| self.header_field(i).filter(|h| unfilled_goal(h));
        let (Some(a), Some(b)) = (goal(prev), goal(idx)) else {
            return false;
        };
        if last != idx || a.field == b.field || a.line != c.line || b.line != c.line {
            return false;
        }
        if self.give_two_goals(prev, idx, c) {
            return true;
        }
        // fixture: fixtures/glued/side-by-side-goals-unsplit.txt
        self.diag(Diagnostic::at(
            Code::GoalsMerged,
            c.line,
            "two goal labels side by side over one text with no full stop between the goals; the whole text is kept as the annual goal",
        ));
        false
    }

    /// Gives the two sentences of `c` to the goals `a` and `b`, in order,
    /// when it holds exactly two, each ending in its full stop.
    fn give_two_goals(&mut self, a: usize, b: usize, c: &Cell<'a>) -> bool {
        let text = c.text.trim_end();
        let Some(stop) = text.find('。') else {
            return false;
        };
        let cut = stop + '。'.len_utf8();
        let (first, second) = text.split_at(cut);
        let gap = second.len() - second.trim_start().len();
        let second = second.trim_start();
        if first.chars().count() < 4
            || second.chars().count() < 4
            || !second.ends_with('。')
            || second.matches('。').count() != 1
        {
            return false;
        }
        let second = Cell {
            text: second,
            col: c.col + crate::layout::width(first) + gap,
            ..*c
        };
        self.give(a, &Cell { text: first, ..*c });
        self.give(b, &second);
        true
    }

    /// fixture: fixtures/tables/pipes-two-goal-columns-one-cell.txt
    /// Two goal labels side by side waiting on the row above (`中期目标 |
    /// 年度目标`), and a row heading (`总体目标`) before one cell that holds
    /// both goals, a sentence each: the sentences go to the waiting labels.
    fn goals_waiting_above(&mut self, idx: usize, c: &Cell<'a>) -> bool {
        let Some(f) = self.form.as_ref() else {
            return false;
        };
        let goal = |i: usize| f.header.get(i).filter(|h| unfilled_goal(h));
        let heading = f.header.get(idx).is_some_and(|h| {
            h.line == c.line && h.values.is_empty() && GOAL_FIELDS.contains(&h.field)
        });
        let waiting: Vec<usize> = self
            .ctx
            .pending
            .iter()
            .copied()
            .filter(|&i| i != idx && goal(i).is_some_and(|h| h.line < c.line))
            .collect();
        let [a, b] = waiting[..] else {
            return false;
        };
        let differ = goal(a).map(|h| h.field) != goal(b).map(|h| h.field);
        if !heading || !differ || !self.give_two_goals(a, b, c) {
            return false;
        }
        self.ctx.pending.retain(|&i| i != a && i != b);
        true
    }

    /// Gives a text at the start of a row to the labels left waiting by the
    /// rows above: the innermost (rightmost) ones first, since outer ones are
    /// sections, and only to a label whose value this text could be.
    fn give_pending(&mut self, c: &Cell<'a>) {
        // fixture: fixtures/tables/funding-total-blank.txt
        // fixture: fixtures/layouts/cell-per-line-amounts-fifo.txt
        // Amount labels waiting in order take the amounts below them in
        // order; fewer amounts than labels go to the innermost labels.
        let waiting = self.amounts_waiting();
        if self.row.single && waiting > self.amount_run && self.amount_run > 0 {
            let mut skip = waiting - self.amount_run;
            let form = self.form.as_ref();
            self.ctx.pending.retain(|&i| {
                let amount = form
                    .and_then(|f| f.header.get(i))
                    .is_some_and(|h| AMOUNT_FIELDS.contains(&h.field));
                let keep = !(amount && skip > 0);
                if !keep {
                    skip -= 1;
                }
                keep
            });
        }
        let Some(form) = self.form.as_ref() else {
            return self.unplaced(c);
        };
        let target = self.ctx.pending.iter().position(|&i| {
            form.header
                .get(i)
                .is_some_and(|h| plausible(h.field, c.text))
        });
        match target {
            Some(k) => {
                let idx = self.ctx.pending[k];
                // Later texts of this row go to the labels after this one.
                self.ctx.pending.drain(..=k);
                self.give(idx, c);
                self.row.part.current = None;
                if self.ctx.pending.is_empty() {
                    // Further texts of the row continue this value.
                    self.row.part.current = Some(idx);
                }
            }
            None => {
                // fixture: fixtures/layouts/empty-template-fields.txt
                // The next label of an empty template: the labels above it
                // were left empty and take nothing below it.
                if crate::labels::is_not_a_name(c.text) {
                    self.ctx.pending.clear();
                }
                self.unplaced(c);
                // Laid out, perhaps the first line of a paragraph whose
                // label is printed lower, in the middle of its merged cell.
                let laid_out =
                    matches!(self.row.layout, Some(Layout::Spaces | Layout::CellPerLine))
                        && self.row.first_col > 0;
                if self.row.single && laid_out {
                    self.ctx.orphans.push(*c);
                }
            }
        }
    }

    /// fixture: fixtures/layouts/cell-per-line-funding-periods.txt
    /// One cell per line under period titles (`实施期` / `年度`): an amount
    /// on the line after an amount label's first is that label's next
    /// period's, up to one per period.
    fn period_amount_target(&self, c: &Cell<'a>) -> Option<usize> {
        // An amount, perhaps with its breakdown (`854万(道路400万元,…)`).
        let amount = c
            .text
            .starts_with(|ch: char| crate::normalize::fold_char(ch).is_ascii_digit());
        if self.mode != Mode::Stream || !amount {
            return None;
        }
        let idx = self.ctx.last_filled?;
        let h = self.header_field(idx)?;
        let periods = self.form.as_ref()?.funding_periods.len();
        let more =
            AMOUNT_FIELDS.contains(&h.field) && !h.values.is_empty() && h.values.len() < periods;
        more.then_some(idx)
    }

    /// fixture: fixtures/tables/funding-column-titles-amounts-below.txt
    /// A funding heading whose row names the columns of the amounts under
    /// them (`资金情况 | 预算支出总额 | 财政拨款 | 其他资金` over `| 500 | 450 |
    /// 50`): every title there is a funding label, each taking the amount
    /// under it. A title the vocabulary lacks is the total when it names one
    /// (`当年预算`, `合计`), else an item under its own name (`政府性基金预算`).
    fn funding_column_titles(&mut self, toks: &mut [Tok<'a>]) {
        let aligned = matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes));
        let line = toks.first().map(|t| t.cell.line);
        let [heading, titles @ ..] = toks else {
            return;
        };
        let heading =
            matches!(heading.kind, Kind::Label(m) if m.label == Label::Field(Field::Funding));
        if !aligned || !heading || titles.len() < 2 || self.mode != Mode::Cells {
            return;
        }
        let amount_label = |t: &Tok<'_>| matches!(t.kind, Kind::Label(m) if matches!(m.label, Label::Field(f) if AMOUNT_FIELDS.contains(&f)));
        // A title read as a funding heading (`年度预算数`, fuzzily 年度预算)
        // is one more column's title here.
        let heading_title = |t: &Tok<'_>| matches!(t.kind, Kind::Label(m) if m.label == Label::Field(Field::Funding));
        let title_like = |t: &Tok<'_>| {
            (matches!(t.kind, Kind::Text) || heading_title(t))
                && (2..=12).contains(&t.cell.text.chars().count())
                && !t.cell.text.contains(|c: char| c.is_ascii_digit())
        };
        let under = titles.iter().map(|t| t.cell.index).eq(self
            .amounts_below
            .cells
            .iter()
            .copied());
        // Period titles over a labelled row (`年度资金总额 | 实施期资金总额` over
        // `资金总额 | 520 | 1380`) are the period columns' (see `funding_period`).
        let periods = self.amounts_below.total_label
            && titles
                .iter()
                .any(|t| is_period(t.cell.text) || period_stem(t.cell.text).is_some());
        if periods {
            return;
        }
        if !under
            || !titles.iter().any(amount_label)
            || !titles.iter().all(|t| amount_label(t) || title_like(t))
        {
            return;
        }
        self.row.funding_titles = true;
        self.ctx.funding_titles_line = line;
        for t in titles.iter_mut().filter(|t| title_like(t)) {
            let total = crate::labels::FUNDING_TOTAL_TITLES
                .iter()
                .any(|w| t.cell.text.contains(w));
            // The total is read as the vocabulary's own total column (`合计`);
            // an item keeps its printed name.
            t.kind = Kind::Label(if total {
                LabelMatch {
                    label: Label::Field(Field::FundingTotal),
                    spelling: "合计",
                    ..UNKNOWN_LABEL
                }
            } else {
                LabelMatch {
                    label: Label::Field(Field::FundingItem),
                    ..UNKNOWN_LABEL
                }
            });
        }
    }

    /// fixture: fixtures/tables/region-value-columns.txt
    /// A row of place names right under the column titles, from the value
    /// column on (`指标值` over `东岚区 | 北峰县`): one value column per place,
    /// as transfer forms print a target for each receiving county. The first
    /// place's is the value; each other place's is kept in the indicator's
    /// extra under the place's name. True when the row was such names.
    fn region_value_columns(&mut self, toks: &[Tok<'a>]) -> bool {
        let aligned = matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes));
        if !aligned
            || self.mode != Mode::Cells
            || self.ctx.state != State::Table
            || self.ctx.header_line != self.line_above
            || toks.len() < 2
        {
            return false;
        }
        let Some(form) = self.form.as_ref() else {
            return false;
        };
        if !form.indicators.is_empty() {
            return false;
        }
        let Some(value_at) = form
            .columns
            .iter()
            .find(|col| col.field == Field::ColValue)
            .map(|col| col.index)
        else {
            return false;
        };
        let names = toks.iter().all(|t| {
            matches!(t.kind, Kind::Text)
                && crate::segment::names_a_place(t.cell.text)
                && t.cell.text.chars().count() <= 10
                && t.cell.index >= value_at
        });
        if !names || toks.first().map(|t| t.cell.index) != Some(value_at) {
            return false;
        }
        if let Some(f) = self.form.as_mut() {
            f.value_place = toks.first().map(|t| t.cell.text);
            f.columns.retain(|col| col.index <= value_at);
            for t in &toks[1..] {
                f.columns.push(Column {
                    field: Field::ColExtra,
                    header: t.cell.text,
                    index: t.cell.index,
                    col: t.cell.col,
                });
            }
        }
        for t in toks {
            self.mark(t.cell.line, LineUse::Label);
        }
        if let Some(t) = toks.first() {
            self.ctx.header_line = t.cell.line;
        }
        true
    }

    /// fixture: fixtures/tables/funding-column-titles-total-row.txt
    /// The amounts under a row of funding column titles opened by the
    /// total's own label (`年度资金总额 | 500 | 450 | 50`): the label names the
    /// row, and the amounts are the titles'.
    fn total_label_under_titles(&self, toks: &mut [Tok<'a>]) {
        if self.ctx.funding_titles_line != Some(self.line_above) {
            return;
        }
        if let [first, rest @ ..] = toks {
            let total = matches!(first.kind, Kind::Label(m) if m.label == Label::Field(Field::FundingTotal));
            if total
                && rest
                    .iter()
                    .all(|t| crate::value::parse_amount_like(t.cell.text))
            {
                first.kind = Kind::Residue;
            }
        }
    }

    /// How many amount labels wait for their amounts.
    fn amounts_waiting(&self) -> usize {
        self.ctx
            .pending
            .iter()
            .filter(|&&i| {
                self.header_field(i)
                    .is_some_and(|h| AMOUNT_FIELDS.contains(&h.field))
            })
            .count()
    }

    /// The open form's header field `i` (an index of `pending`, `current` or
    /// `last_filled`).
    /// Whether `text` is a budget kind (`一般公共预算`) given as the value of
    /// header field `i`, a label kept in extra still without one (`资金性质`).
    fn budget_kind_of(&self, i: usize, text: &str) -> bool {
        crate::labels::FISCAL_BUDGET_KINDS.contains(&text.trim())
            && self
                .header_field(i)
                .is_some_and(|h| h.field == Field::Extra && h.values.is_empty())
    }

    /// fixture: fixtures/tables/goal-label-period-wrapped.txt
    /// A goal label's period printed on the line under it, alone in brackets
    /// (`总体绩效目标` / `(2025-2027年期间)`): a piece of the label, as the
    /// same period inside it is, not of the goal.
    fn goal_label_period(&self, text: &str) -> bool {
        self.row.single
            && is_bracketed_period(text)
            && self
                .ctx
                .last_filled
                .and_then(|i| self.header_field(i))
                .is_some_and(|h| {
                    crate::labels::GOAL_FIELDS.contains(&h.field)
                        && (h.line == self.line_above
                            || h.values.last().is_some_and(|p| p.line == self.line_above))
                })
    }

    fn header_field(&self, i: usize) -> Option<&HeaderField<'a>> {
        self.form.as_ref()?.header.get(i)
    }

    /// Whether header field `i` is a funding label still without a value.
    fn is_empty_funding(&self, i: usize) -> bool {
        self.header_field(i)
            .is_some_and(|h| h.field == Field::Funding && h.values.is_empty())
    }

    /// fixture: fixtures/layouts/cell-per-line-goals-fifo.txt
    /// The end of a label wrapped onto the next line (`主管部门` / `及编码`):
    /// the waiting label and this text together spell a label of the same
    /// field. The text is part of the label, not its value.
    fn label_tail(&mut self, c: &Cell<'a>) -> bool {
        if c.text.chars().count() > 6 {
            return false;
        }
        let Some(h) = self.ctx.pending.last().and_then(|&i| self.header_field(i)) else {
            return false;
        };
        let joined = format!("{}{}", h.label.trim_end_matches([':', '：']), c.text);
        let same = match_label(&joined).is_some_and(|m| {
            m.label == Label::Field(h.field)
                && m.spelling.chars().count() > h.spelling.chars().count()
        });
        if same {
            self.mark(c.line, LineUse::Label);
        }
        same
    }

    fn end_header_row(&mut self) {
        // Labels left without a value wait for the next row, except section
        // labels directly followed by another label (资金情况, 总体目标).
        let Some(form) = self.form.as_ref() else {
            return;
        };
        // fixture: fixtures/layouts/empty-template-fields.txt
        // A row of labels left empty ends the value above it: a text below
        // is none of that value's wrapped lines.
        let empty_labels = self.row.has_label
            && self
                .row
                .part
                .labels
                .iter()
                .all(|&i| form.header.get(i).is_none_or(|h| h.values.is_empty()));
        if empty_labels {
            self.ctx.last_filled = None;
        }
        let mut waiting = Vec::new();
        for (k, &idx) in self.row.part.labels.iter().enumerate() {
            if self.row.labels_left_empty {
                break;
            }
            let Some(h) = form.header.get(idx) else {
                continue;
            };
            // Aligned text: a centred label that took only its value's lines
            // above it waits for the lines below.
            let centred = self.row.layout == Some(Layout::Spaces);
            if h.values.iter().any(|p| !centred || p.line >= h.line) {
                continue;
            }
            let followed_by_label = k + 1 < self.row.part.labels.len();
            if SECTION_FIELDS.contains(&h.field) && followed_by_label {
                continue;
            }
            waiting.push(idx);
        }
        let goal = |idx: &usize, sections: bool| {
            form.header.get(*idx).is_some_and(|h| {
                GOAL_TEXT_FIELDS.contains(&h.field) || (sections && h.field == Field::GoalSection)
            })
        };
        // fixture: fixtures/layouts/cell-per-line-goals-fifo.txt
        // Goal labels on lines of their own, one after another (`中期目标` /
        // `年度目标` / text / text), take the texts below them in order; a
        // 总体目标 section label before them takes none.
        // fixture: fixtures/layouts/cell-per-line-amounts-fifo.txt
        // So do amount labels (`年度资金总额` / `财政拨款` / `其他资金` /
        // amounts): a 项目资金 section label before them takes none.
        let amount = |idx: &usize, sections: bool| {
            form.header.get(*idx).is_some_and(|h| {
                AMOUNT_FIELDS.contains(&h.field) || (sections && h.field == Field::Funding)
            })
        };
        let fifo = |of: &dyn Fn(&usize, bool) -> bool| {
            !waiting.is_empty()
                && waiting.iter().all(|i| of(i, false))
                && !self.ctx.pending.is_empty()
                && self.ctx.pending.iter().all(|i| of(i, true))
        };
        if fifo(&goal) {
            self.ctx.pending.retain(|i| goal(i, false));
            self.ctx.pending.extend(waiting);
        } else if fifo(&amount) {
            self.ctx.pending.retain(|i| amount(i, false));
            self.ctx.pending.extend(waiting);
        } else if !waiting.is_empty() {
            // When more labels wait than texts come, the innermost take them.
            self.ctx.pending = waiting;
        } else if self.row.has_label {
            self.ctx.pending.clear();
        }
    }

    /// fixture: fixtures/layouts/goal-section-under-goal-labels.txt
    /// A 总体目标 section label opening a row under goal labels left empty on
    /// the row above (`中期目标 | 年度目标` / `总体目标 | text | text`): it
    /// heads the row, and the texts after it are the waiting labels', in order.
    /// With fewer texts than labels on its row (an excerpt cut inside the
    /// row) the section takes them, as it would with no labels above.
    fn section_under_goal_labels(&self, c: &Cell<'a>) -> bool {
        let first = self.row.part.labels.is_empty() && c.index == self.row.first_index;
        first
            && self.ctx.pending.len() >= 2
            && (self.mode != Mode::Cells || self.row.texts_total >= self.ctx.pending.len())
            && self.ctx.pending.iter().all(|&i| {
                self.header_field(i)
                    .is_some_and(|h| GOAL_TEXT_FIELDS.contains(&h.field) && h.values.is_empty())
            })
    }

    /// fixture: fixtures/layouts/spaces-empty-labels-above-section-heading.txt
    /// Text without tabs or pipes: a row's first cell followed by labels with
    /// their values (`项目基本情况 项目名称 某项目`) is a section heading
    /// printed beside them, no value of the labels left empty on the row above
    /// (`填报单位(盖章):   单位负责人:`). (Tabs and pipes keep a value's
    /// column, and a value wrapped there does start such a row.)
    fn heading_before_labels(&self, c: &Cell<'a>) -> bool {
        !matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes))
            && c.index == self.row.first_index
            && self.row.labels_total > 0
            && self.row.texts_total > self.row.labels_total
    }

    /// The field a text-only row continues: a goal or an extra header paragraph
    /// wrapped onto the next line.
    fn continuation_target(&self) -> Option<usize> {
        let idx = self.ctx.last_filled?;
        let h = self.header_field(idx)?;
        wraps(h).then_some(idx)
    }

    // ---- note and after -----------------------------------------------

    fn after_token(&mut self, t: &Tok<'a>) {
        let c = &t.cell;
        match t.kind {
            Kind::Label(m) if REMARKS_LABELS.contains(&m.spelling) && !self.ctx.note_open => {
                self.open_remarks(&m, c);
            }
            Kind::Label(m) if matches!(m.label, Label::Field(Field::Note)) => {
                self.flush_open();
                self.ctx.state = State::After;
                self.ctx.remarks = None;
                self.ctx.note_open = true;
                self.mark(c.line, LineUse::Label);
                if !m.rest.is_empty() {
                    self.push_note(Piece {
                        text: m.rest,
                        line: c.line,
                    });
                }
            }
            Kind::Text | Kind::Label(_) | Kind::Residue if self.ctx.note_open => {
                self.push_note(c.into());
            }
            // A blank signature or date to fill in (`（签字）`, `年 月 日`).
            // fixture: fixtures/regions/filling-unit-after-table.txt
            // So is a label left unsigned (`审核:`).
            Kind::Text
                if (self.row.part.current.is_some() && crate::labels::is_blank_fill(c.text))
                    || crate::labels::is_unsigned_label(c.text) =>
            {
                self.furniture(c, FILLER);
            }
            // The text of a labelled row after the table (see `row_after_table`).
            Kind::Text if self.row.part.current.is_some() => {
                if let Some(idx) = self.row.part.current {
                    self.give(idx, c);
                }
            }
            Kind::Text if self.ctx.remarks.is_some() => {
                if let Some(idx) = self.ctx.remarks {
                    self.give(idx, c);
                }
            }
            Kind::Residue => self.mark(c.line, LineUse::Label),
            _ => self.unplaced(c),
        }
    }

    // fixture: fixtures/tables/remarks-row-after-table.txt
    /// A closing row of remarks under the table (`其他说明的问题 | 无`): the
    /// table ends, and the label's text (beside it or on the lines below) is
    /// kept in extra, not read as an indicator or the 注.
    fn open_remarks(&mut self, m: &LabelMatch<'a>, c: &Cell<'a>) {
        self.flush_open();
        self.ctx.state = State::After;
        self.ctx.remarks = self.push_header(m, c, Field::Extra);
        self.row.part.current = self.ctx.remarks;
    }

    /// Whether a label cell opens a row of its own below the indicator table:
    /// the row's first cell and its only label, with indicators read and a
    /// text after it. (A heading beside a level label, `绩效指标 经济效益指标
    /// …` in a row of aligned text, is the table's own.)
    fn row_after_table(&self, c: &Cell<'a>) -> bool {
        self.mode == Mode::Cells
            && c.index == self.row.first_index
            && self.row.labels_total == 1
            && self.row.texts_total >= 1
            && self.form.as_ref().is_some_and(|f| !f.indicators.is_empty())
    }

    fn push_note(&mut self, p: Piece<'a>) {
        self.mark(p.line, LineUse::Field);
        self.touch(p.line);
        if let Some(f) = self.form.as_mut() {
            f.note.push(p);
        }
    }

    // ---- indicator table ----------------------------------------------

    fn table_token(&mut self, t: &Tok<'a>) {
        let c = &t.cell;
        // fixture: fixtures/tables/levels-glued.txt
        // A table rule OCR missed glues a 一级 to its 二级 (`效益指标社会效益指标`),
        // and in aligned text to the name after it too: read as the cells they were.
        if let Some(pieces) = glued_levels(c.text) {
            let mut col = c.col;
            for (k, text) in pieces.into_iter().enumerate() {
                let cell = Cell { text, col, ..*c };
                col += crate::layout::width(text);
                let kind = match match_label(text) {
                    Some(m) if k < 2 => Kind::Label(m),
                    _ => Kind::Text,
                };
                self.table_token(&Tok { kind, cell });
            }
            return;
        }
        // fixture: fixtures/tables/levels-by-column.txt
        // The column decides what a level-looking cell is: a level label in
        // the name column is a name, a 一级 label in the 二级 column under a
        // form's own 一级 (`实施效果指标 | 产出指标`) is the 二级, and a level
        // outside the vocabulary in a level column is that level as written.
        let (lead, by_index) = self.level_place(c);
        match (t.kind, lead) {
            (Kind::Label(m), Some(Field::ColName))
                if matches!(m.label, Label::Level1(_) | Label::Level2(_)) =>
            {
                return self.table_text(c);
            }
            (Kind::Label(m), Some(Field::ColLevel2))
                if matches!(m.label, Label::Level1(_))
                    && self.ctx.level1.is_some_and(|l| !is_standard_level1(l)) =>
            {
                self.mark(c.line, LineUse::Label);
                self.ctx.level2 = Some(c.text);
                self.row.part.prev_level = Some((false, c.text));
                self.row.had_level = true;
                self.row.only_level1 = false;
                return;
            }
            // fixture: fixtures/tables/level2-words-as-own-level1.txt
            // A 二级's words in the 一级 column, a text in the 二级 column
            // beside them (`服务对象满意度 | 读者满意度`), head the form's own
            // 一级 as written, never a 二级 under the 一级 above.
            (Kind::Label(m), Some(Field::ColLevel1))
                if by_index
                    && matches!(m.label, Label::Level2(l) if l != LEVEL2_ALSO_LEVEL1)
                    && self.ctx.level1.is_some_and(|l| !is_standard_level1(l)) =>
            {
                self.mark(c.line, LineUse::Label);
                self.set_level_cell(Field::ColLevel1, without_score(c.text));
                return;
            }
            // fixture: fixtures/grid/spaces-wrapped.txt
            // The end of a level label wrapped onto the next line, under it.
            (_, Some(place)) if self.join_level_fragment(place, c) => return,
            (Kind::Text, Some(place @ (Field::ColLevel1 | Field::ColLevel2)))
                if is_level_prefix(c.text) =>
            {
                // A level column never holds a name: this is the start of a
                // level label wrapped over two lines.
                self.mark(c.line, LineUse::Label);
                self.ctx.level_fragment = Some((place, *c));
                self.set_level_cell(place, c.text);
                return;
            }
            // fixture: fixtures/tables/levels-unknown-by-index.txt
            // A row as wide as the header places each cell by its index: a
            // short text in a level column is a level the vocabulary lacks
            // (`履职效能 | 部门履职 | 群众性文体活动场次 | ≥120场次`).
            // fixture: fixtures/tables/own-level1-with-score.txt
            // Its template's score after it (`履职效能（50分）`) is no part of it.
            (Kind::Text, Some(place @ (Field::ColLevel1 | Field::ColLevel2)))
                if is_unknown_level(without_score(c.text))
                    || (by_index && is_level_written(without_score(c.text))) =>
            {
                self.mark(c.line, LineUse::Label);
                self.set_level_cell(place, without_score(c.text));
                return;
            }
            _ => {}
        }
        match t.kind {
            Kind::Label(m) => match m.label {
                // fixture: fixtures/grid/wrapped-labels.txt
                // A 一级 written again in the 二级 column (`满意度指标 满意度指标
                // 受助群众满意度 ≥90%`) is the row's 二级 too.
                Label::Level1(name)
                    if self.row.part.prev_level == Some((true, name))
                        || (self.mode == Mode::Stream
                            && self.ctx.level1 == Some(name)
                            && self.ctx.level2.is_none()
                            && self.ctx.logical_start.is_some()) =>
                {
                    self.mark(c.line, LineUse::Label);
                    self.ctx.level2 = Some(name);
                    self.row.part.prev_level = Some((false, name));
                    self.row.only_level1 = false;
                }
                // fixture: fixtures/tables/own-level1-over-template-levels.txt
                // One cell per line under a 一级 of the form's own
                // (`实施效果指标`): a template 一级 right after it, or where
                // such a 二级 stood, is its 二级 (`产出指标`, `效益指标`).
                Label::Level1(name)
                    if self.mode == Mode::Stream
                        && self.ctx.level1.is_some_and(|l| !is_standard_level1(l))
                        && self.ctx.level2.is_none_or(is_standard_level1) =>
                {
                    self.mark(c.line, LineUse::Label);
                    self.flush_stream();
                    self.ctx.level2 = Some(name);
                    self.row.part.prev_level = Some((false, name));
                    self.row.had_level = true;
                    self.row.only_level1 = false;
                }
                Label::Level1(name) => {
                    self.mark(c.line, LineUse::Label);
                    self.flush_stream();
                    if !self.keeps_level2(name) {
                        self.ctx.level2 = None;
                    }
                    self.ctx.level1 = Some(name);
                    self.row.part.prev_level = Some((true, name));
                    self.row.had_level = true;
                    self.row.only_level1 = true;
                    if self.mode != Mode::Cells {
                        self.ctx.logical_start.get_or_insert(c.line);
                    }
                }
                // fixture: fixtures/tables/name-spells-level2.txt
                // fixture: fixtures/tables/cell-per-line-name-spells-level2.txt
                // A 二级 spelt without its 指标 right after that 二级's own
                // label (`服务对象满意度指标 | 服务对象满意度 | ≥90%`) is the
                // indicator's name, not the label repeated.
                Label::Level2(name) if self.names_level2(name, c) => self.table_text(c),
                // fixture: fixtures/tables/cost-level1-in-level1-column.txt
                // 成本指标 in the 一级 column, its 二级 cell left empty (tabs,
                // pipes): the form's own first level, as newer templates print
                // it, not a 二级 under the level above.
                Label::Level2(name)
                    if name == LEVEL2_ALSO_LEVEL1
                        && self.mode == Mode::Cells
                        && self.in_level1_column(c) =>
                {
                    self.mark(c.line, LineUse::Label);
                    self.ctx.level2 = None;
                    self.ctx.level1 = Some(name);
                    self.row.part.prev_level = Some((true, name));
                    self.row.had_level = true;
                    self.row.only_level1 = true;
                }
                Label::Level2(name) => {
                    self.mark(c.line, LineUse::Label);
                    self.second_row_on_line(c);
                    self.flush_stream();
                    self.retract_misread_level1(name);
                    let gap = matches!(self.ctx.pipe_row, PipeRow::Gap(l) if l + 1 == c.line);
                    let gap = gap || self.past_level1(c);
                    self.set_level2(name, c.line, gap);
                    self.centre_level2();
                    self.row.level2_cell = Some(*c);
                    self.row.had_level = true;
                    self.row.only_level1 = false;
                    if self.mode != Mode::Cells {
                        self.ctx.logical_start.get_or_insert(c.line);
                    }
                }
                Label::Field(Field::Note) => {
                    if self.mode == Mode::Cells {
                        self.finish_cells_row(c.line);
                    }
                    self.after_token(t);
                }
                Label::Field(Field::Extra) if REMARKS_LABELS.contains(&m.spelling) => {
                    if self.mode == Mode::Cells {
                        self.finish_cells_row(c.line);
                    }
                    self.open_remarks(&m, c);
                }
                // fixture: fixtures/tables/measures-row-after-table.txt
                // A table heading opening a row below the indicators
                // (`保障绩效目标实现措施 | 落实巡查台账`) is a row of its own
                // after the table: its text is kept under its label, not
                // run into the last indicator.
                // fixture: fixtures/tables/measures-column-after-value.txt
                // The same words as a title after the value column on the
                // header row (`… | 当年预期实现值 | 保障绩效目标实现措施`):
                // a column of the table.
                Label::Field(Field::Table) if self.title_after_value(c) => {
                    self.column(Field::ColExtra, c);
                }
                Label::Field(Field::Table) if self.row_after_table(c) => {
                    self.flush_open();
                    self.ctx.state = State::After;
                    if let Some(idx) = self.push_header(&m, c, Field::Extra) {
                        self.row.part.current = Some(idx);
                    }
                }
                Label::Field(Field::Table) => {
                    self.mark(c.line, LineUse::Label);
                    // A heading between two tables ends the row before it.
                    if self.mode != Mode::Cells {
                        self.flush_open();
                    }
                    // fixture: fixtures/tables/spaces-term-table-heading-wrapped.txt
                    // A heading wrapped over two lines, its first word over
                    // the column titles (`总目标 | 一级指标 …` / `绩效指标 | 产出指标
                    // …`): the word names the table, the term's or the year's.
                    let named = self
                        .prev_text
                        .filter(|_| m.spelling == crate::labels::GENERIC_TABLE_HEADING)
                        .and_then(|w| crate::labels::table_heading_named_by(w.trim()));
                    let (spelling, text) = named.map_or((m.spelling, c.text), |h| (h, h));
                    if let Some(f) = self.form.as_mut() {
                        f.table_headings.push(TableHeading {
                            rows_before: f.indicators.len(),
                            spelling,
                            text,
                        });
                    }
                }
                Label::Field(
                    f @ (Field::ColLevel1
                    | Field::ColLevel2
                    | Field::ColName
                    | Field::ColValue
                    | Field::ColUnit
                    | Field::ColOp
                    | Field::ColExtra),
                ) => self.column(f, c),
                Label::Field(Field::UnitNote) if m.rest.is_empty() && self.ctx.header_row_open => {
                    self.column(Field::ColUnit, c)
                }
                // Any other label inside the table is read as text.
                Label::Field(_) => self.table_text(c),
            },
            Kind::Residue => self.mark(c.line, LineUse::Label),
            Kind::Text => {
                // Text right after the column headers names another column.
                if self.in_header_row() && self.mode == Mode::Cells {
                    // fixture: fixtures/tables/place-titled-value-column.txt
                    // The last title a place's name (`… | 指标方向 | 松溪县`) with
                    // no 指标值 title before it: the place's targets are the values.
                    let no_value = self
                        .form
                        .as_ref()
                        .is_some_and(|f| !f.columns.iter().any(|col| col.field == Field::ColValue));
                    let place = matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes))
                        && c.index == self.row.last_index
                        && c.text.chars().count() <= 8
                        && c.text
                            .trim_end()
                            .ends_with(['省', '市', '县', '区', '旗', '镇', '乡']);
                    let field = if no_value && place {
                        Field::ColValue
                    } else {
                        Field::ColExtra
                    };
                    self.column(field, c);
                } else {
                    self.table_text(c);
                }
            }
            Kind::Furniture(_)
            | Kind::Approval
            | Kind::Prose
            | Kind::Title
            | Kind::Year(_)
            | Kind::Foreign(_) => {}
        }
    }

    // fixture: fixtures/tables/two-rows-one-line.txt
    /// A level label after a value on the row's line, in a table of one block
    /// (`…| 新增入户水表数量 | ≥1,200个 | | 质量指标 | 工程验收合格率 | 100%`):
    /// OCR read two rows onto one line, and the label opens the second.
    fn second_row_on_line(&mut self, c: &Cell<'a>) {
        let one_block = self.form.as_ref().is_some_and(|f| f.second_half.is_none());
        let texts = &self.row.part.texts;
        let valued = texts.len() >= 2 && texts.last().is_some_and(|v| starts_value(v.text));
        if self.mode == Mode::Cells && one_block && valued {
            self.finish_cells_row(c.line);
        }
    }

    /// Sets the level a level column's cell names, as written.
    /// A 一级 printed in the middle of its merged cell keeps the 二级
    /// carried from above when that 二级 belongs to it: one of its own, or
    /// (aligned text) one the vocabulary lacks above the table's first 一级.
    // fixture: fixtures/layouts/spaces-own-levels-centred.txt
    fn keeps_level2(&self, level1: &str) -> bool {
        match self.ctx.level2.map(level1_of) {
            Some(Some(l)) => l == level1,
            Some(None) => self.ctx.level1.is_none() && self.row.layout == Some(Layout::Spaces),
            None => true,
        }
    }

    fn set_level_cell(&mut self, place: Field, text: &'a str) {
        if place == Field::ColLevel1 {
            if !self.keeps_level2(text) {
                self.ctx.level2 = None;
            }
            self.ctx.level1 = Some(text);
            self.row.part.prev_level = Some((true, text));
            self.row.only_level1 = true;
        } else {
            // fixture: fixtures/tables/short-level2-beside-own-level1.txt
            // A template's 二级 written without its 指标 (`数量`) is that 二级,
            // as it is on the rows below.
            let text = crate::labels::short_level2(text).unwrap_or(text);
            self.ctx.level2 = Some(text);
            self.row.part.prev_level = Some((false, text));
            self.row.only_level1 = false;
            // fixture: fixtures/layouts/spaces-own-levels-centred.txt
            // A 二级 the vocabulary lacks is centred in its merged cell as
            // the template's are.
            self.centre_level2();
        }
        self.row.had_level = true;
    }

    /// Joins the cell to a level label begun on the line above in the same
    /// column (`服务对象满` / `意度指标`) when together they spell a known
    /// level; the rows read under the fragment take the whole label.
    fn join_level_fragment(&mut self, place: Field, c: &Cell<'a>) -> bool {
        let Some((at, first)) = self.ctx.level_fragment else {
            return false;
        };
        if at != place || c.line != first.line + 1 || !self.row.single {
            return false;
        }
        let joined = format!("{}{}", first.text, c.text);
        let level = match match_label(&joined) {
            Some(m) if m.rest.is_empty() => match m.label {
                Label::Level1(name) | Label::Level2(name) => name,
                Label::Field(_) => return false,
            },
            _ => return false,
        };
        self.ctx.level_fragment = None;
        self.mark(c.line, LineUse::Label);
        if let Some(f) = self.form.as_mut() {
            for ind in f.indicators.iter_mut().filter(|i| i.line >= first.line) {
                let slot = if place == Field::ColLevel1 {
                    &mut ind.level1
                } else {
                    &mut ind.level2
                };
                if *slot == Some(first.text) {
                    *slot = Some(level);
                }
            }
        }
        if place == Field::ColLevel1 {
            self.ctx.level1 = Some(level);
        } else {
            self.ctx.level2 = Some(level);
        }
        true
    }

    /// Which leading column (一级, 二级, name) a table cell sits in, when
    /// its row says so reliably (see [`crate::columns::lead_column`]), and
    /// whether the row placed it by its index (a row as wide as the header
    /// reaching the value column), the surest reading there is.
    fn lead_place(&self, c: &Cell<'a>) -> Option<(Field, bool)> {
        if self.mode != Mode::Cells || self.ctx.header_row_open {
            return None;
        }
        let f = self.form.as_ref()?;
        // A header read one cell per line gives no positions to go by.
        if f.lead.len() < 2 {
            return None;
        }
        let value_index = f
            .columns
            .iter()
            .find(|col| col.field == Field::ColValue)
            .map(|col| col.index)?;
        let by_index = matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes));
        let positional = by_index
            && !self.row.single
            && self.row.width == self.ctx.header_width
            && self.row.last_index >= value_index;
        // A lone cell indented by spaces keeps its column too.
        let spaced = matches!(self.row.layout, Some(Layout::Spaces | Layout::CellPerLine))
            && (!self.row.single || c.col > 0);
        crate::columns::lead_column(c, &f.lead, positional, spaced).map(|field| (field, positional))
    }

    /// The leading column a table cell sits in (see [`Self::lead_place`]),
    /// and whether its row keeps the header's columns so surely that a short
    /// text there is a level as written (see [`crate::columns::keeps_columns`]).
    /// Whether a cell stands in the 一级指标 column by its index, in a row as
    /// wide as the header (tabs, pipes) whose next cell, the 二级's, is
    /// empty in place (a pipes row shifted left and padded at its end has
    /// none: fixtures/tables/pipes-shifted-padded-row.txt).
    fn in_level1_column(&self, c: &Cell<'a>) -> bool {
        let mut after = self.raw_cells().skip_while(|t| *t != c.text.trim()).skip(1);
        matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes))
            && after.next() == Some("")
            && self.row.width == self.ctx.header_width
            && self.form.as_ref().is_some_and(|f| {
                f.lead
                    .iter()
                    .any(|col| col.field == Field::ColLevel1 && col.index == c.index)
            })
    }

    fn level_place(&self, c: &Cell<'a>) -> (Option<Field>, bool) {
        let lead = self.lead_place(c);
        let by_index = self.row.keeps_columns
            && lead
                .is_some_and(|(_, by_index)| by_index || self.row.layout == Some(Layout::Spaces));
        (lead.map(|(field, _)| field), by_index)
    }

    /// fixture: fixtures/layouts/spaces-own-levels-shifted.txt
    /// Whether a 二级 read fuzzily stands in the 一级 column of a row keeping
    /// the header's columns: a 一级 of the form's own (`社会效应` beside
    /// `社会效益`), written so, not the 二级 misread.
    fn own_level1_near_level2(&self, m: &LabelMatch<'a>, c: &Cell<'a>) -> bool {
        matches!(m.label, Label::Level2(_))
            && self.ctx.state == State::Table
            && is_level_written(without_score(c.text))
            && self.level_place(c) == (Some(Field::ColLevel1), true)
    }

    /// fixture: fixtures/tables/levels-own-scheme-near-known.txt
    /// Whether a label read fuzzily is a 二级 of the form's own scheme, as
    /// written: under a 一级 outside the templates' (`履职效能`), in the 二级
    /// column of a row keeping the header's columns, `社会效应` is that form's
    /// label, not 社会效益指标 misread.
    fn own_scheme_level2(&self, m: &LabelMatch<'a>, c: &Cell<'a>) -> bool {
        m.fuzzy
            && matches!(m.label, Label::Level2(_))
            && self.ctx.state == State::Table
            && self.ctx.level1.is_some_and(|l| !is_standard_level1(l))
            && is_level_written(without_score(c.text))
            && self.level_place(c) == (Some(Field::ColLevel2), true)
    }

    /// Whether a 二级 label stands past the 一级指标 column, that column's
    /// merged cell left empty before it: by index in tabs and pipes (a
    /// leading 绩效指标 column is not the 一级's), by display column in
    /// spaced rows.
    fn past_level1(&self, c: &Cell<'a>) -> bool {
        let level1 = self
            .form
            .as_ref()
            .and_then(|f| f.lead.iter().find(|col| col.field == Field::ColLevel1));
        match self.row.layout {
            // fixture: fixtures/tables/level2-in-level1-column.txt
            Some(Layout::Tabs | Layout::Pipes) => c.index > level1.map_or(0, |col| col.index),
            // fixture: fixtures/tables/spaces-satisfaction-under-benefit.txt
            // A first cell right of the 一级指标 header (tabs turned into
            // spaces) left that column empty, as a leading tab does.
            Some(Layout::Spaces) if c.index == self.row.first_index => {
                level1.is_some_and(|col| c.col >= col.col + 2)
            }
            _ => c.index > 0,
        }
    }

    /// Whether `c` stands on the indicator table's header row after its
    /// value column's title.
    fn title_after_value(&self, c: &Cell<'a>) -> bool {
        self.ctx.header_row_open
            && self.ctx.header_line == c.line
            && self.form.as_ref().is_some_and(|f| {
                f.columns
                    .iter()
                    .any(|col| col.field == Field::ColValue && col.index < c.index)
            })
    }

    fn in_header_row(&self) -> bool {
        self.ctx.header_row_open && self.row.part.texts.is_empty()
    }

    fn column(&mut self, field: Field, c: &Cell<'a>) {
        self.mark(c.line, LineUse::Label);
        self.flush_stream();
        let width = self.row.width;
        // fixture: fixtures/tables/two-row-header-value-parts.txt
        // A header of two rows whose first spans a title over parts on the
        // second (`指标值` over `指标性质 | 目标值 | 度量单位`): each part is a
        // column, the spanning title no more. Only where a cell's column is
        // its index.
        let sub_header = matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes))
            && self.mode == Mode::Cells
            && self.ctx.header_row_open
            && (c.line != self.ctx.header_line || self.ctx.sub_header_line == Some(c.line))
            && !LEAD_COLUMNS.contains(&field);
        // fixture: fixtures/tables/description-column-after-name.txt
        // `三级指标 | … | 指标值 | 度量单位 | 指标内容`: beside the table's own
        // name column, a description's title is a column of its own.
        let described = field == Field::ColName
            && crate::labels::DESCRIPTION_TITLES.contains(&c.text.trim())
            && self.form.as_ref().is_some_and(|f| {
                f.lead
                    .iter()
                    .any(|col| col.field == Field::ColName && col.header != c.text)
            });
        let field = if described { Field::ColExtra } else { field };
        if let Some(f) = self.form.as_mut() {
            f.saw_table = true;
            if field == Field::ColLevel1 || (field == Field::ColName && !self.ctx.header_row_open) {
                f.columns.clear();
                f.lead.clear();
                f.second_half = None;
            }
            // fixture: fixtures/tables/side-by-side-halves.txt
            // A second 二级/三级 after the value column starts the 年度 block
            // printed beside the 中期 one; its columns repeat the first's.
            // fixture: fixtures/tables/pipes-term-and-year-halves.txt
            // So does one after a value column for the whole term (`实施周期指标值`).
            let term_value = |col: &Column<'_>| {
                crate::labels::TERM_VALUE_TITLES
                    .iter()
                    .any(|t| col.header.starts_with(t))
            };
            let repeats = matches!(field, Field::ColLevel2 | Field::ColName)
                && f.columns
                    .iter()
                    .any(|col| col.field == Field::ColValue || term_value(col));
            if repeats && f.second_half.is_none() {
                f.second_half = Some(c.index);
                // The year's block is read through the term's columns: its
                // value column is the value.
                for col in f.columns.iter_mut().filter(|col| term_value(col)) {
                    col.field = Field::ColValue;
                }
            }
            if f.second_half.is_some() {
                self.ctx.header_row_open = true;
                self.ctx.header_width = width;
                self.ctx.header_line = c.line;
                return;
            }
            let column = Column {
                field,
                header: c.text,
                index: c.index,
                col: c.col,
            };
            if sub_header {
                if let Some(spanning) = f.columns.iter_mut().find(|col| col.index == c.index) {
                    *spanning = column;
                } else {
                    f.columns.push(column);
                }
                f.columns.sort_by_key(|col| col.index);
                self.ctx.sub_header_line = Some(c.line);
                self.ctx.header_row_open = true;
                self.ctx.header_width = self.ctx.header_width.max(width);
                self.ctx.header_line = c.line;
                return;
            }
            // fixture: fixtures/tables/value-and-annual-value-columns.txt
            // A second value column naming the year (`指标值 | 年度指标值`)
            // is the value; the first is kept under its header.
            let earlier_value = f
                .columns
                .iter()
                .position(|col| col.field == Field::ColValue);
            match earlier_value {
                // fixture: fixtures/tables/value-columns-per-year.txt
                // Value columns for the years of a term, each dated
                // (`2024年指标值 | 2025年指标值 | 2026年指标值`): the first
                // year's is the value, the others are kept under their headers.
                Some(k)
                    if field == Field::ColValue
                        && dated_title(c.text)
                        && f.columns.get(k).is_some_and(|e| dated_title(e.header)) =>
                {
                    f.columns.push(Column {
                        field: Field::ColExtra,
                        ..column
                    });
                }
                Some(k) if field == Field::ColValue && names_the_year(c.text) => {
                    if let Some(earlier) = f.columns.get_mut(k) {
                        earlier.field = Field::ColExtra;
                    }
                    f.columns.push(column);
                }
                _ if LEAD_COLUMNS.contains(&field) => f.lead.push(column),
                _ => f.columns.push(column),
            }
        }
        self.ctx.header_row_open = true;
        self.ctx.header_width = width;
        self.ctx.header_line = c.line;
    }

    /// Whether a cell matching 二级 `name` is the indicator's name spelt like
    /// it: written without 指标 right after that 二级's own label, on its row
    /// or, one cell per line, on the line above with no name read since.
    fn names_level2(&self, name: &str, c: &Cell<'a>) -> bool {
        let after_label = self.row.part.prev_level == Some((false, name))
            || (self.mode == Mode::Stream
                && self.open.is_none()
                && self.ctx.level2 == Some(name)
                && self.ctx.logical_start.is_some());
        after_label && c.text != name && !c.text.ends_with("指标")
    }

    /// `after_gap`: the row holds an empty cell before the label, the 一级
    /// column's merged cell from above.
    fn set_level2(&mut self, name: &'a str, line: usize, after_gap: bool) {
        if let Some(parent) = level1_of(name) {
            self.repair_misread_level1(parent, line);
        }
        match self.row.part.prev_level {
            // Two level-2 labels in a row: the first was the 一级 (成本指标 as a
            // first level in newer templates).
            // The same 二级 twice is one label an export repeated over its
            // merged cells (`质量指标 质量指标 覆盖率 100%`).
            // fixture: fixtures/tables/pipes-level2-as-level1.txt
            // (`成本指标 | 成本指标`: the 一级 and its own 二级.)
            Some((false, first)) if first == name && first != LEVEL2_ALSO_LEVEL1 => return,
            Some((false, first)) if first == LEVEL2_ALSO_LEVEL1 => {
                // The 成本指标 read as a 二级 was this row's first level: what
                // was inferred for it no longer holds.
                if let (Some(i), Some(f)) = (self.row.part.inferred.take(), self.form.as_mut()) {
                    if i < f.diagnostics.len() {
                        f.diagnostics.remove(i);
                    }
                }
                self.ctx.level1 = Some(first);
                self.ctx.level2 = Some(name);
                self.row.part.prev_level = Some((false, name));
                return;
            }
            Some((true, _)) => {
                self.ctx.level2 = Some(name);
                self.row.part.prev_level = Some((false, name));
                return;
            }
            Some((false, _)) | None => {}
        }
        self.ctx.level2 = Some(name);
        self.row.part.prev_level = Some((false, name));
        self.row.part.inferred = None;
        if let Some(parent) = level1_of(name) {
            // A form's own first level (`项目完成指标`) holds the template's
            // second levels as they are; a second level of another own
            // scheme's first level (`资金管理指标` under `过程管理指标`) opens it.
            // fixture: fixtures/tables/investment-process-levels-cell-per-line.txt
            let own = self.ctx.level1.is_some_and(|l| !is_standard_level1(l))
                && is_standard_level1(parent);
            let fine = own
                || self.ctx.level1 == Some(parent)
                || (name == "成本指标" && self.ctx.level1.is_none())
                // 成本指标 under 成本指标 as a first level
                || (name == "成本指标" && self.ctx.level1 == Some("成本指标"))
                // fixture: fixtures/tables/satisfaction-under-benefit.txt
                || (after_gap
                    && self.ctx.level1 == Some("效益指标")
                    && ALSO_UNDER_BENEFIT.contains(&name));
            if !fine {
                let d = Diagnostic::at(
                    Code::Level1Inferred,
                    line,
                    format!(
                        "二级指标 {name} has no 一级指标 cell; inferred {parent} from the label"
                    ),
                );
                self.row.part.inferred = self.form.as_ref().map(|f| f.diagnostics.len());
                self.diag(d);
                self.ctx.level1 = Some(parent);
            }
        }
    }

    /// fixture: fixtures/tables/ocr-damaged-level1.txt
    /// A first level one character from `parent`, the first level of the
    /// known 二级指标 just read (`效盖指标` over `社会效益指标`), is `parent`
    /// misread: it is read as `parent`, on the rows already read under it too.
    fn repair_misread_level1(&mut self, parent: &'static str, line: usize) {
        let Some(written) = self.ctx.level1 else {
            return;
        };
        if written == parent || !is_misread_level1(written, parent) {
            return;
        }
        self.ctx.level1 = Some(parent);
        if self.row.part.prev_level == Some((true, written)) {
            self.row.part.prev_level = Some((true, parent));
        }
        if let Some(f) = self.form.as_mut() {
            for ind in f
                .indicators
                .iter_mut()
                .filter(|i| i.level1 == Some(written))
            {
                ind.level1 = Some(parent);
            }
        }
        self.misread_level1_diag(written, parent, line, "under it");
    }

    /// The info that a cell was read as the 一级 `parent` it misspells.
    fn misread_level1_diag(&mut self, written: &str, parent: &str, line: usize, place: &str) {
        let d = Diagnostic::at(
            Code::LabelFuzzy,
            line,
            format!("read 一级指标 {written} as {parent}, the 一级指标 of the 二级指标 {place}"),
        );
        self.diag(d);
    }

    /// fixture: fixtures/tables/cell-per-line-ocr-damaged-level1.txt
    /// One cell per line: a lone cell just read as an indicator with no
    /// value, one character from the 一级 of the 二级 that follows it
    /// (`效盖指标` / `社会效益指标`), was that 一级 misread. It is withdrawn
    /// from the indicators and read as the 一级.
    fn retract_misread_level1(&mut self, level2: &str) {
        if self.mode != Mode::Stream {
            return;
        }
        let Some(parent) = level1_of(level2) else {
            return;
        };
        let Some(f) = self.form.as_mut() else {
            return;
        };
        let misread = f
            .indicators
            .last()
            .and_then(|last| match last.name.as_slice() {
                [piece]
                    if last.value.is_empty()
                        && last.op.is_none()
                        && last.unit.is_none()
                        && last.extra.is_empty()
                        && is_misread_level1(piece.text, parent) =>
                {
                    Some(*piece)
                }
                _ => None,
            });
        let Some(piece) = misread else {
            return;
        };
        f.indicators.pop();
        self.mark(piece.line, LineUse::Label);
        self.ctx.level1 = Some(parent);
        self.ctx.level2 = None;
        self.row.part.prev_level = Some((true, parent));
        self.misread_level1_diag(piece.text, parent, piece.line, "after it");
    }

    fn table_text(&mut self, c: &Cell<'a>) {
        self.ctx.header_row_open = false;
        if let Some(f) = self.form.as_mut() {
            f.saw_table = true;
        }
        match self.mode {
            Mode::Cells => self.row.part.texts.push(*c),
            Mode::Stream => self.stream_text(c),
            Mode::Words | Mode::Flat => self.word_text(c),
        }
        self.row.part.prev_level = None;
    }

    fn new_indicator(&mut self, c: &Cell<'a>) -> IndicatorDraft<'a> {
        // fixture: fixtures/tables/stream-satisfaction-name.txt
        // In stream and words modes a logical row opened by level labels has
        // its levels written, even when they stand on lines of their own.
        let carried =
            !self.row.had_level && (self.mode == Mode::Cells || self.ctx.logical_start.is_none());
        // In stream and words modes the logical row starts at its level labels.
        let line = match self.mode {
            Mode::Cells => c.line,
            _ => self.ctx.logical_start.take().unwrap_or(c.line).min(c.line),
        };
        IndicatorDraft {
            level1: self.ctx.level1,
            level2: self.ctx.level2,
            name: vec![c.into()],
            value: Vec::new(),
            op: None,
            unit: None,
            extra: Vec::new(),
            line,
            last_line: c.end_line(),
            name_at: (c.index, c.col),
            value_at: None,
            cells: 0,
            layout: self.row.layout,
            separated: !self.row.unseparated(),
            carried,
        }
    }

    /// Stream mode: a name, then one cell for each column after it.
    fn stream_text(&mut self, c: &Cell<'a>) {
        self.mark(c.line, LineUse::Field);
        if std::mem::take(&mut self.ctx.cell_runs_on) {
            if let Some(ind) = self.open.as_mut() {
                let into = if ind.value.is_empty() {
                    &mut ind.name
                } else {
                    &mut ind.value
                };
                into.push(c.into());
                ind.last_line = ind.last_line.max(c.line);
                return;
            }
        }
        let columns = self
            .form
            .as_ref()
            .map(|f| f.columns.clone())
            .unwrap_or_default();
        let slots = columns.len().max(1);
        // After its value, a cell followed by a value is the next row's name,
        // not an optional column left empty (备注) of this row.
        let next_is_value = self.next_text.is_some_and(starts_value);
        // fixture: fixtures/tables/weight-column.txt
        // Before the value, such a cell fills a column the value comes after
        // (`20` / `处` / `≥` / `15` under 指标权重 | 计量单位 | 指标性质 | 指标值).
        // A unit word or comparator that fits such a column still to fill
        // before the value is that column's cell; any other cell followed by
        // a value starts the next row, also of a row whose value is blank.
        // fixture: fixtures/tables/no-level-columns.txt
        let value_at = columns.iter().position(|c| c.field == Field::ColValue);
        let shape = crate::columns::shape(c.text);
        let fits_before_value = |ind: &IndicatorDraft<'a>| {
            ind.value.is_empty()
                && shape != crate::columns::Shape::Other
                && value_at.is_some_and(|v| {
                    columns.get(ind.cells..v).is_some_and(|cols| {
                        cols.iter().any(|col| match col.field {
                            Field::ColUnit => shape == crate::columns::Shape::Unit,
                            Field::ColOp => shape == crate::columns::Shape::Comparator,
                            _ => false,
                        })
                    })
                })
        };
        // fixture: fixtures/tables/cell-per-line-unlisted-unit.txt
        let before_value = self.next_text.is_some_and(|n| {
            starts_value(n) || crate::columns::shape(n) == crate::columns::Shape::Comparator
        });
        let unlisted_unit = |ind: &IndicatorDraft<'a>| {
            ind.value.is_empty()
                && crate::columns::unlisted_unit_next(
                    &columns,
                    ind.cells,
                    c.text,
                    shape,
                    before_value,
                )
        };
        // fixture: fixtures/tables/cell-per-line-unit-after-value.txt
        // Right after the value, a unit word under the 度量单位 column that
        // follows it is this row's unit (`12` / `台` / `20` under 指标值 |
        // 度量单位 | 权重): a name is never a bare unit word.
        let unit_after_value = |ind: &IndicatorDraft<'a>| {
            !ind.value.is_empty()
                && shape == crate::columns::Shape::Unit
                && columns
                    .get(ind.cells)
                    .is_some_and(|col| col.field == Field::ColUnit)
        };
        let starts_row = |ind: &IndicatorDraft<'a>| {
            ind.cells >= 1
                && !fits_before_value(ind)
                && !unlisted_unit(ind)
                && !unit_after_value(ind)
                && next_is_value
                && !starts_value(c.text)
                && match_label(c.text).is_none()
        };
        // fixture: fixtures/tables/cell-per-line-empty-unit-mark.txt
        // A mark for an empty 单位 or 计算符号 cell before the value (`-` /
        // `2023年6月底前`) fills that column and is no value.
        let empty_mark = crate::labels::EMPTY_CELL_MARKS.contains(&c.text) && next_is_value;
        if let Some(ind) = self
            .open
            .as_mut()
            .filter(|i| empty_mark && i.value.is_empty())
        {
            let optional = value_at.and_then(|v| {
                (ind.cells..v).find(|&k| {
                    columns
                        .get(k)
                        .is_some_and(|col| matches!(col.field, Field::ColUnit | Field::ColOp))
                })
            });
            if let Some(k) = optional {
                ind.cells = k + 1;
                ind.last_line = ind.last_line.max(c.line);
                self.mark(c.line, LineUse::Label);
                return;
            }
        }
        match self.open.as_mut() {
            Some(ind) if ind.cells < slots && !starts_row(ind) => {
                // fixture: fixtures/tables/cell-per-line-op-unit-columns.txt
                // The cell goes under the next column its shape fits (a
                // comparator under 计算符号, a unit word under 单位), leaving
                // a column it cannot fill empty while later columns remain.
                let at = if unlisted_unit(ind) {
                    ind.cells
                } else {
                    crate::columns::next_fitting(&columns, ind.cells, shape)
                };
                assign(ind, columns.get(at).copied(), c);
                ind.cells = ind.cells.max(at + 1);
                if ind.cells >= slots {
                    self.flush_open();
                }
            }
            _ => {
                self.flush_open();
                self.open = Some(self.new_indicator(c));
            }
        }
    }

    /// Words mode: words gather into a name until a word that starts a value;
    /// a value takes the words that continue it (`≥ 99 %`).
    fn word_text(&mut self, c: &Cell<'a>) {
        self.mark(c.line, LineUse::Field);
        // fixture: fixtures/tables/words-list-value-wrapped.txt
        // A row of words under a value left open on a list mark
        // (`大屏幕、会议系统、` / `视频监控系统、热线系统等; 后台管理系统`),
        // with no level label before its words, is that value wrapped.
        if self.open.is_none() && !self.row.had_level && !self.row.continues_list {
            self.row.continues_list = self.form.as_ref().is_some_and(|f| {
                f.indicators.last().is_some_and(|prev| {
                    prev.last_line == self.line_above
                        && prev
                            .value
                            .last()
                            .is_some_and(|v| v.text.ends_with(LIST_MARKS))
                })
            }) && self.row.part.texts.is_empty();
        }
        if self.row.continues_list {
            if let Some(prev) = self.form.as_mut().and_then(|f| f.indicators.last_mut()) {
                prev.value.push(c.into());
                prev.last_line = c.line;
                return;
            }
        }
        let Some(ind) = self.open.as_mut() else {
            let mut ind = self.new_indicator(c);
            if let Some(head) = self.ctx.name_head.take() {
                ind.name.insert(0, (&head).into());
                ind.line = ind.line.min(head.line);
            }
            self.open = Some(ind);
            return;
        };
        if ind.value.is_empty() {
            // fixture: fixtures/tables/words-template-residue.txt
            // A name whose bracket is still open (`*游客满意度( ≥**% )`) takes
            // the words up to its closing bracket, values or not.
            let open_bracket = ind.name.iter().map(|p| bracket_depth(p.text)).sum::<i32>() > 0;
            if starts_value(c.text) && !open_bracket {
                ind.value.push(c.into());
            } else {
                ind.name.push(c.into());
            }
            return;
        }
        // In a row of words the value runs to the row's end; in flat text it
        // runs while the words continue it.
        let continues = self.mode == Mode::Words
            || ind
                .value
                .last()
                .is_some_and(|last| continues_value(last.text, c.text));
        if continues {
            ind.value.push(c.into());
        } else {
            self.flush_open();
            self.open = Some(self.new_indicator(c));
        }
    }

    fn flush_stream(&mut self) {
        if self.mode != Mode::Cells {
            self.flush_open();
        }
    }

    /// Closes the indicator still taking cells. In words mode a name of several
    /// words with no value-like word gives its last word as the value.
    fn flush_open(&mut self) {
        let Some(mut ind) = self.open.take() else {
            return;
        };
        if matches!(self.mode, Mode::Words | Mode::Flat)
            && ind.value.is_empty()
            && ind.name.len() > 1
        {
            if let Some(last) = ind.name.pop() {
                ind.value.push(last);
            }
        }
        if self.mode == Mode::Words {
            self.spread_name_words(&mut ind);
            self.spread_words(&mut ind);
        }
        self.push_indicator(ind);
    }

    /// fixture: fixtures/tables/words-explanation-before-value.txt
    /// A row of words whose table has text columns between the name and the
    /// value (`三级指标 指标解释 目标值`): a name of exactly one word more than
    /// there are such columns is one word, and its other words are theirs.
    /// Any other count leaves the name whole (which words belong together is
    /// a guess).
    fn spread_name_words(&self, ind: &mut IndicatorDraft<'a>) {
        // The columns right of the name (the name's own is among the lead).
        let columns: &[Column<'a>] = self.form.as_ref().map_or(&[], |f| &f.columns);
        let Some(value) = columns.iter().position(|c| c.field == Field::ColValue) else {
            return;
        };
        let between = &columns[..value];
        if between.is_empty()
            || ind.value.is_empty()
            || ind.name.len() != between.len() + 1
            || !between.iter().all(|c| c.field == Field::ColExtra)
        {
            return;
        }
        for (piece, column) in ind.name.split_off(1).into_iter().zip(between) {
            ind.extra.push((column.header, piece));
        }
    }

    /// fixture: fixtures/tables/words-extra-columns.txt, fixtures/tables/words-note-before-value.txt
    /// A row of words whose table has several columns after the name (分值,
    /// 指标解释, 计量单位): the words after the name are grouped into cells —
    /// a value runs while its words continue it (`≥ 90 %`) — and the cells
    /// are aligned to the columns like any other row's.
    fn spread_words(&self, ind: &mut IndicatorDraft<'a>) {
        let columns: &[Column<'a>] = self.form.as_ref().map_or(&[], |f| &f.columns);
        if columns.len() < 2 || ind.value.len() < 2 {
            return;
        }
        let mut groups: Vec<Vec<Piece<'a>>> = Vec::new();
        for p in ind.value.drain(..) {
            let joins = groups.last().and_then(|g| g.last()).is_some_and(|last| {
                continues_value(last.text, p.text)
                    && (!ends_with_digit(last.text) || crate::value::is_unit_word(p.text))
            });
            match groups.last_mut() {
                Some(g) if joins => g.push(p),
                _ => groups.push(vec![p]),
            }
        }
        // More cells than columns: which words belong together is a guess;
        // the value keeps them all, as in a table without such columns.
        if groups.len() > columns.len() || groups.len() < 2 {
            ind.value = groups.into_iter().flatten().collect();
            return;
        }
        let shapes: Vec<crate::columns::Shape> = groups
            .iter()
            .map(|g| {
                let text: String = g.iter().map(|p| p.text).collect::<Vec<_>>().join(" ");
                crate::columns::shape(&text)
            })
            .collect();
        let aligned = crate::columns::align_shapes(&shapes, columns);
        // Cells beyond the last column join the last column's cell.
        let mut last_col = None;
        for (g, col) in groups.into_iter().zip(aligned) {
            let col = col.or(last_col);
            for p in g {
                let cell = Cell {
                    text: p.text,
                    line: p.line,
                    index: 0,
                    col: 0,
                };
                assign(ind, col, &cell);
            }
            last_col = col;
        }
    }

    fn push_indicator(&mut self, mut ind: IndicatorDraft<'a>) {
        self.touch(ind.last_line);
        let by_cells = self.mode == Mode::Cells;
        if let Some(f) = self.form.as_mut() {
            f.saw_table = true;
            // fixture: fixtures/tables/cell-per-line-halves.txt
            // One cell per line with 中期 and 年度 blocks side by side: the
            // same name again right after its 中期 value is its 年度 half.
            let same_row = |prev: &IndicatorDraft<'a>| {
                prev.level2 == ind.level2 && pieces_text(&prev.name) == pieces_text(&ind.name)
            };
            if f.second_half.is_some() && !by_cells && f.indicators.last().is_some_and(same_row) {
                if let Some(long_term) = f.indicators.pop() {
                    let annual: Vec<&str> = ind.value.iter().map(|p| p.text).collect();
                    let mid: Vec<&str> = long_term.value.iter().map(|p| p.text).collect();
                    if annual != mid {
                        for p in long_term.value {
                            ind.extra.push((LONG_TERM_KEYS[1], p));
                        }
                    }
                    ind.line = long_term.line;
                }
            }
            f.indicators.push(ind);
        }
    }

    /// fixture: fixtures/layouts/spaces-level2-centred-between-rows.txt
    /// fixture: fixtures/layouts/spaces-level2-centred-in-block.txt
    /// Laid-out text prints a 二级 on the middle line of its merged cell, so
    /// rows of its cell stand above it. Rows just above it with no 二级 (the
    /// table's first block) are its. A 二级 alone on its line between rows
    /// takes the rows carried down from the label before past that label's
    /// own half: a centred label has as many rows of its cell below it as
    /// above it. (A label on a row of an even block may sit on either middle
    /// row, so rows are moved to it only from a line of its own.)
    fn centre_level2(&mut self) {
        let laid_out = match self.row.layout {
            Some(Layout::Spaces) => true,
            Some(Layout::CellPerLine) => self.row.first_col > 0,
            _ => false,
        };
        if !laid_out || self.mode != Mode::Cells {
            return;
        }
        let (Some(level2), level1) = (self.ctx.level2, self.ctx.level1) else {
            return;
        };
        let own_line = self.row.single;
        let ctx = &mut self.ctx;
        let Some(f) = self.form.as_mut() else {
            return;
        };
        // fixture: fixtures/tables/numbered-level-rows.txt
        // A table with no 二级 column prints its levels as rows of their own
        // above their rows (`（一）数量指标`): no merged cell to centre in.
        if !f.lead.is_empty() && !f.lead.iter().any(|c| c.field == Field::ColLevel2) {
            return;
        }
        let inds = &mut f.indicators;
        let n = inds.len();
        let mut k = n;
        while k > 0
            && inds[k - 1].level2.is_none()
            && inds[k - 1].level1.is_none_or(|l| Some(l) == level1)
        {
            k -= 1;
        }
        if k == n && own_line {
            // A label alone on its line stands between rows of its cell:
            // the rows above it past the label before's own half are its.
            // The label before keeps as many rows below it as it has above.
            if let Some((first_below, above)) = ctx.level2_anchor {
                let from = (first_below + above).min(n);
                if inds[from..].iter().all(|i| i.carried) {
                    k = from;
                }
            }
        }
        // Where this label's rows below it start, and how many it has above.
        ctx.level2_anchor = Some((n + usize::from(!own_line), n - k));
        for ind in &mut inds[k..] {
            ind.level2 = Some(level2);
            ind.level1 = level1.or(ind.level1);
        }
    }

    /// Cells mode, at the end of a table row: a row of levels only is a
    /// label-only row; one text under a row is a wrapped cell; else the first
    /// text is the name and the rest fill the columns after it.
    fn finish_cells_row(&mut self, line: usize) {
        let texts = std::mem::take(&mut self.row.part.texts);
        // The header row stays open for a next line of column titles (see `start_row`).
        if self.ctx.header_row_open {
            return;
        }
        if texts.is_empty() {
            if self.row.had_level {
                let last = self.ctx.level2.or(self.ctx.level1).unwrap_or("");
                let d = Diagnostic::at(
                    Code::LabelOnlyRow,
                    line,
                    format!("row holds only labels (ends with {last}); not an indicator"),
                );
                self.diag(d);
            }
            return;
        }
        // A row of several cells may be one of the table's, its separators
        // lost to spaces, and so may a name and its value one space apart;
        // not one opened by a chapter heading.
        let one_line = || {
            let chapter = texts.first().is_some_and(|c| {
                c.text
                    .split([' ', '\u{3000}'])
                    .next()
                    .is_some_and(is_part_heading)
            });
            match texts.as_slice() {
                _ if chapter => true,
                [only] => self.row.single && split_name_value(only).is_none(),
                _ => false,
            }
        };
        if !self.row.had_level
            && self.row.labels_total == 0
            && texts.first().is_some_and(|c| self.stray_under_table(c))
            && one_line()
        {
            self.ctx.stray_line = Some(line);
            for c in &texts {
                self.unplaced(c);
            }
            return;
        }
        // A name and its value that the extraction left one space apart
        // (`受益群众满意度 ≥90%`) are two cells.
        let texts = match texts.as_slice() {
            [only] => split_name_value(only).map_or(texts, |(n, v)| vec![n, v]),
            _ => texts,
        };
        // fixture: fixtures/tables/score-sum-row.txt
        // A sum row closing the table (`合计 | | | | 100`, the scores' total)
        // is no indicator.
        let sum_row = !self.row.had_level
            && texts.len() >= 2
            && crate::labels::SUM_ROW_LABELS.contains(&texts[0].text.trim())
            && texts[1..].iter().all(|c| opens_with_digit(c.text));
        if sum_row {
            for c in &texts {
                self.furniture(c, SUM_ROW);
            }
            return;
        }
        let (texts, long_term) = self.pick_half(texts);
        // A level label outside the vocabulary (`社会公众满意度指标`) heads a row
        // that holds more cells than a name and its columns: kept as written.
        let slots = 1 + self.form.as_ref().map_or(1, |f| f.columns.len().max(1));
        let mut texts = texts;
        // test: tests/seed.rs, merged cells repeated in every cell they span
        // A value an export repeated in the empty cells after it, past the
        // table's last column, is one merged cell (equal values within the
        // columns are the columns' own: `≥95% | ≥95%` under 中期 | 年度).
        while texts.len() > slots
            && texts.len() >= 2
            && texts[texts.len() - 1].text == texts[texts.len() - 2].text
        {
            if let Some(dup) = texts.pop() {
                self.mark(dup.line, LineUse::Field);
            }
        }
        while texts.len() > slots && is_unknown_level(texts[0].text) {
            let label = texts.remove(0);
            self.mark(label.line, LineUse::Label);
            // Before another level, or before a 二级 label this row holds, it is the 一级.
            let row_level2 = self.row.had_level && !self.row.only_level1;
            let as_level1 = (texts.len() > slots && is_unknown_level(texts[0].text)) || row_level2;
            if as_level1 {
                self.ctx.level1 = Some(label.text);
                if !row_level2 {
                    self.ctx.level2 = None;
                }
            } else {
                self.ctx.level2 = Some(label.text);
            }
            self.row.had_level = true;
        }
        // fixture: fixtures/tables/pipes-level-row-score-rule.txt
        // A template row that names its levels and prints only the scoring
        // rule of the block (`效益指标 | 经济效益指标 | 未达指标值酌情扣分`)
        // holds no indicator.
        if let ([only], true) = (texts.as_slice(), self.row.had_level) {
            if crate::labels::is_score_rule(only.text) {
                self.mark(only.line, LineUse::Label);
                let d = Diagnostic::at(
                    Code::LabelOnlyRow,
                    line,
                    format!(
                        "row holds only labels and a scoring rule ({}); not an indicator",
                        only.text
                    ),
                );
                self.diag(d);
                return;
            }
        }
        // The header row's own cells wrapped onto the next line
        // (`指标值（包含数字` / `及文字描述）`) before any indicator.
        // fixture: fixtures/tables/header-cell-wrapped.txt
        // Only a header cell's tail: a bracket closed, or a column title's
        // ending; an indicator's name (`预算执行率10%=100`, a row glued
        // whole) is read as a row.
        let no_indicators = self.form.as_ref().is_some_and(|f| f.indicators.is_empty());
        if texts.len() == 1
            && !self.row.had_level
            && no_indicators
            && line == self.ctx.header_line + 1
            && is_header_cell_tail(texts[0].text)
        {
            self.mark(texts[0].line, LineUse::Label);
            self.ctx.header_line = line;
            return;
        }
        // A row holding one text beside a 一级 printed mid-cell can still be
        // the wrapped end of the row above.
        let levels_allow = !self.row.had_level || self.row.only_level1;
        if texts.len() == 1 && levels_allow && self.continue_previous(&texts[0]) {
            return;
        }
        let columns = self
            .form
            .as_ref()
            .map(|f| f.columns.clone())
            .unwrap_or_default();
        // fixture: fixtures/tables/name-column-holds-level2.txt
        // A table with a name column and no 二级指标 column whose rows print
        // their 二级 label under the name (`指标类型 | 指标名称 | 指标值 | 指标描述`
        // / `产出指标 | 数量指标 | 120万平方米 | …`): the label is the row's name,
        // and its texts are the columns after it.
        let lead_lacks_level2 = self.form.as_ref().is_some_and(|f| {
            f.lead.iter().any(|c| c.field == Field::ColName)
                && !f.lead.iter().any(|c| c.field == Field::ColLevel2)
        });
        if let Some(l2) = self
            .row
            .level2_cell
            .filter(|_| lead_lacks_level2 && texts.len() <= columns.len())
        {
            texts.insert(0, l2);
        }
        let mut ind = self.new_indicator(&texts[0]);
        ind.line = line;
        self.mark(texts[0].line, LineUse::Field);
        let rest = &texts[1..];
        // Surplus cells before the columns belong to the name, unless the
        // cell after the name is a comparator, a unit or a number: then the
        // row holds a cell beyond the last column, reported, never a value.
        // test: tests/tables.rs
        let width = columns.len().max(1);
        let value_next = rest.first().is_some_and(|c| {
            crate::columns::shape(c.text) != crate::columns::Shape::Other
                || c.text
                    .trim_start()
                    .starts_with(|ch: char| ch.is_ascii_digit())
        });
        let (rest, beyond) = if value_next && rest.len() > width {
            rest.split_at(width)
        } else {
            let surplus = rest.len().saturating_sub(width);
            for c in &rest[..surplus] {
                ind.name.push(c.into());
            }
            (&rest[surplus..], &[][..])
        };
        for c in beyond {
            self.unplaced(c);
        }
        // A spaced row with empty cells: each cell goes under the header
        // nearest its column, when that reading is unambiguous.
        let aligned = (self.row.layout == Some(Layout::Spaces) && rest.len() < columns.len())
            .then(|| align_to_headers(rest, &columns))
            .flatten()
            .map(|cols| cols.into_iter().map(Some).collect())
            .unwrap_or_else(|| {
                // When the row has exactly the header's cells they keep their
                // positions, unless a cell's shape says the row was shifted.
                let positional = self.row.width == self.ctx.header_width && !columns.is_empty();
                // fixture: fixtures/tables/pipes-shifted-padded-row.txt
                // A row that lost its merged 一级 cell and was padded at its
                // end to the header's width starts left of its columns: its
                // 二级 label says by how much.
                let shift = self.row.level2_cell.map_or(0, |l2| {
                    self.form
                        .as_ref()
                        .and_then(|f| f.lead.iter().find(|c| c.field == Field::ColLevel2))
                        .map_or(0, |col| col.index.saturating_sub(l2.index))
                });
                if positional && shift > 0 {
                    let moved: Vec<Cell<'a>> = rest
                        .iter()
                        .map(|c| Cell {
                            index: c.index + shift,
                            ..*c
                        })
                        .collect();
                    crate::columns::align(&moved, &columns, true)
                } else {
                    crate::columns::align(rest, &columns, positional)
                }
            });
        for (c, col) in rest.iter().zip(aligned) {
            self.mark(c.line, LineUse::Field);
            assign(&mut ind, col, c);
        }
        // The 中期 half, when it says something else than the 年度 half.
        let annual: Vec<&str> = texts.iter().map(|c| c.text).collect();
        for (k, c) in long_term.iter().enumerate() {
            self.mark(c.line, LineUse::Field);
            if annual.get(k) != Some(&c.text) {
                let key = LONG_TERM_KEYS.get(k).copied().unwrap_or("中期");
                ind.extra.push((key, c.into()));
            }
        }
        self.push_indicator(ind);
    }

    /// Splits a row of a table with 中期 and 年度 blocks side by side into
    /// its 年度 cells (the indicator) and its 中期 cells; a row with one block
    /// filled is that block.
    fn pick_half(&self, texts: Vec<Cell<'a>>) -> (Vec<Cell<'a>>, Vec<Cell<'a>>) {
        let Some(at) = self.form.as_ref().and_then(|f| f.second_half) else {
            return (texts, Vec::new());
        };
        let positional = self.row.width == self.ctx.header_width
            && matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes));
        if positional {
            let k = texts.iter().position(|c| c.index >= at);
            return match k {
                Some(k) if k > 0 => {
                    let mut left = texts;
                    let right = left.split_off(k);
                    (right, left)
                }
                _ => (texts, Vec::new()),
            };
        }
        // fixture: fixtures/tables/pipes-wrapped-header-halves.txt
        // Without positions: two blocks of equal length that start with the
        // same cell, after the level cells they share.
        let n = texts.len();
        let lead = (0..n.saturating_sub(3)).find(|&i| {
            (n - i).is_multiple_of(2) && {
                let half = (n - i) / 2;
                half >= 2 && texts[i].text == texts[i + half].text
            }
        });
        let lead = lead.or_else(|| (n >= 4 && n.is_multiple_of(2)).then_some(0));
        match lead {
            Some(i) => {
                let mut left = texts;
                let right = left.split_off(i + (n - i) / 2);
                let shared: Vec<Cell<'a>> = left.drain(..i).collect();
                (shared.into_iter().chain(right).collect(), left)
            }
            None => (texts, Vec::new()),
        }
    }

    /// A row holding one text and nothing else continues the indicator above
    /// it when the text sits under its name or value cell, or when it cannot
    /// stand alone. Returns false when the text starts a new indicator.
    /// fixture: fixtures/tables/words-name-wrapped-before-value.txt
    /// Words one space apart: a lone text under a row that has its value,
    /// when the next line opens with a short word and then a value
    /// (`基础养老金按时足额发` / `放率 100%`), is the head of the next row's
    /// name, wrapped before the value, not more of the row above.
    fn name_head_before_value(&self, c: &Cell<'a>) -> bool {
        let prev_has_value = self
            .form
            .as_ref()
            .and_then(|f| f.indicators.last())
            .is_some_and(|p| !p.value.is_empty());
        let Some(next) = self.next_text else {
            return false;
        };
        let mut words = next.split([' ', '\u{3000}']).filter(|w| !w.is_empty());
        let (Some(tail), Some(value)) = (words.next(), words.next()) else {
            return false;
        };
        prev_has_value
            && c.text.chars().count() >= 4
            && !starts_value(c.text)
            && match_label(c.text).is_none()
            && tail.chars().count() <= 3
            && !starts_value(tail)
            && match_label(tail).is_none()
            && starts_value(value)
    }

    // fixture: fixtures/tables/pipes-line-after-table.txt
    // fixture: fixtures/tables/pipes-lines-after-table-blank.txt
    // fixture: fixtures/tables/tabs-value-sentence-wrapped-unseparated.txt
    /// A line of text with no tab or pipe under a row of tabs or pipes that
    /// has its value (a signature, `说明:`, the page's next section, after
    /// blank lines or not), or under such a line: no wrapped cell of that
    /// row, whose cells wrap within their separators, and no row of its own.
    fn stray_under_table(&self, c: &Cell<'a>) -> bool {
        let Some(prev) = self.form.as_ref().and_then(|f| f.indicators.last()) else {
            return false;
        };
        let above = self
            .ctx
            .stray_line
            .map_or(prev.last_line, |l| l.max(prev.last_line));
        prev.separated
            && self.row.unseparated()
            && c.line > above
            && !prev.value.is_empty()
            // A sentence left open goes on on the very next line.
            && !(c.line == prev.last_line + 1
                && prev.value.last().is_some_and(|v| unfinished_sentence(v.text)))
            && !prev
                .value
                .last()
                .is_some_and(|v| v.text.ends_with(LIST_MARKS))
    }

    fn continue_previous(&mut self, c: &Cell<'a>) -> bool {
        if self.name_head_before_value(c) {
            self.mark(c.line, LineUse::Field);
            self.touch(c.line);
            self.ctx.name_head = Some(*c);
            return true;
        }
        let by_index = matches!(self.row.layout, Some(Layout::Tabs | Layout::Pipes));
        let Some(f) = self.form.as_mut() else {
            return false;
        };
        // fixture: fixtures/tables/words-wrapped-score.txt
        // A lone number under a row that has its value fills the first
        // column after the value the row left empty (分值, 权重 wrapped
        // onto a line of their own).
        let Some(prev) = f.indicators.last_mut() else {
            return false;
        };
        if c.line != prev.last_line + 1 {
            return false;
        }
        let number = crate::value::parse_value(c.text).0.number().is_some()
            && c.text.chars().all(|ch| ch.is_ascii_digit() || ch == '.');
        let empty_col = (number && !prev.value.is_empty())
            .then(|| {
                f.columns
                    .iter()
                    .skip_while(|col| col.field != Field::ColValue)
                    .skip(1)
                    .filter(|col| col.field == Field::ColExtra)
                    .find(|col| !prev.extra.iter().any(|(h, _)| *h == col.header))
            })
            .flatten();
        if let Some(col) = empty_col {
            prev.extra.push((col.header, c.into()));
            prev.last_line = c.line;
            self.mark(c.line, LineUse::Field);
            self.touch(c.line);
            return true;
        }
        // A list value left open, or a list continued, goes on in the value.
        let list_goes_on = prev
            .value
            .last()
            .is_some_and(|v| v.text.ends_with(LIST_MARKS))
            || c.text.starts_with(['、', ';', '；']);
        // Otherwise the text joins the cell it sits under: tab and pipe cells
        // keep their positions, spaced cells their columns (the nearer wins).
        // Without a decisive position, a long sentence left unfinished goes on.
        let sentence_goes_on = prev
            .value
            .last()
            .is_some_and(|v| unfinished_sentence(v.text));
        let sentence_ends = sentence_goes_on && c.text.ends_with(['。', '.']);
        // Positions only compare between rows of one separator family.
        let same_family = prev.layout == self.row.layout
            || (prev.layout == Some(Layout::Spaces)
                && self.row.layout == Some(Layout::CellPerLine));
        // fixture: fixtures/tables/value-tail-wrapped.txt
        // A value's last word wrapped on to a line of its own (`2024年11月` /
        // `底前`, `90%` / `以上`) goes on in the value.
        let value_tail = crate::labels::VALUE_TAILS.contains(&c.text.trim())
            && prev
                .value
                .last()
                .is_some_and(|v| v.text.contains(|ch: char| ch.is_ascii_digit()));
        let to_value = if list_goes_on || sentence_ends || value_tail || prev.value.is_empty() {
            true
        } else if let Some(value_at) = prev.value_at.filter(|_| same_family) {
            if by_index {
                value_at.0 == c.index && prev.name_at.0 != c.index
            } else {
                let (dv, dn) = (value_at.1.abs_diff(c.col), prev.name_at.1.abs_diff(c.col));
                if dv <= 2 && dn > 4 {
                    true
                } else if dn <= 2 && dv > 4 {
                    false
                } else {
                    sentence_goes_on
                }
            }
        } else {
            sentence_goes_on
        };
        if to_value {
            prev.value.push(c.into());
        } else {
            prev.name.push(c.into());
        }
        prev.last_line = c.line;
        let line = c.line;
        self.mark(line, LineUse::Field);
        self.touch(line);
        true
    }
}

// fixture: fixtures/tables/cell-per-line-goal-paragraphs.txt
/// `中期目标` / `年度目标` / paragraphs: the first paragraph went to the
/// 中期 goal and the rest to the 年度 one (first in, first out). When the
/// 年度 paragraphs restart the 中期 goal's heading or numbering (`经济普查:` …
/// `经济普查:`, `1.` … `1.`), the paragraphs before the restart are the 中期 goal's.
fn rebalance_goals(form: &mut FormDraft<'_>) {
    let find = |field: Field| {
        form.header
            .iter()
            .position(|h| h.field == field && !h.values.is_empty())
    };
    let (Some(long), Some(annual)) = (find(Field::GoalLongTerm), find(Field::GoalAnnual)) else {
        return;
    };
    let (long_h, annual_h) = (&form.header[long], &form.header[annual]);
    // Both labels stood above every paragraph.
    let labels_first =
        long_h.line < annual_h.line && long_h.values.iter().all(|p| p.line > annual_h.line);
    let Some(head) = long_h.values.first().and_then(|p| paragraph_key(p.text)) else {
        return;
    };
    let restart = annual_h
        .values
        .iter()
        .position(|p| paragraph_key(p.text) == Some(head))
        .filter(|&j| j > 0);
    if let (true, Some(j)) = (labels_first, restart) {
        let moved: Vec<Piece<'_>> = form.header[annual].values.drain(..j).collect();
        form.header[long].values.extend(moved);
    }
}

// fixture: fixtures/layouts/spaces-centred-labels-numbered-paragraphs.txt
/// Laid-out text prints a label on the middle line of its merged cell, so the
/// lines of a paragraph above the label ran on into the field before it
/// (`（三）负责…` / `目标1：…` / `年度绩效目标  目标2：…`). A last line of that
/// field that numbers the series the next label's value goes on
/// (`目标1` before `目标2`), and goes on none of its own field's, moves to it.
fn centre_numbered_paragraphs(form: &mut FormDraft<'_>) {
    for g in 1..form.header.len() {
        let (head, tail) = form.header.split_at_mut(g);
        let (f, next) = (&mut head[g - 1], &mut tail[0]);
        if !WRAPPING_FIELDS.contains(&f.field) || !WRAPPING_FIELDS.contains(&next.field) {
            continue;
        }
        while let (Some(last), Some(first)) = (f.values.last(), next.values.first()) {
            let own = f.values.len() >= 2
                && follows_in_series(f.values[f.values.len() - 2].text, last.text);
            let beside =
                first.line == next.line && last.line < next.line && next.line - last.line <= 2;
            if own || !beside || !follows_in_series(last.text, first.text) {
                break;
            }
            if let Some(moved) = f.values.pop() {
                next.values.insert(0, moved);
            }
        }
    }
}

// fixture: fixtures/layouts/spaces-header-label-centred-after-pair.txt
// fixture: fixtures/layouts/spaces-header-label-centred-after-name.txt
// fixture: fixtures/layouts/spaces-implementers-label-centred.txt
/// Laid-out text prints a label on the middle line of its merged cell, so the
/// lines of its value above the label ran on into the name before it. Lines
/// below a name's own line move to the next field, whose label sits beside a
/// line of its value, when they cannot be that name: a sentence after a
/// project's or its units' names (`…运营，为辖区…提供` before `年度目标`), or a
/// list of units after the project's name, the implementers' lines running on
/// below their label as far as above it.
fn centre_header_values(form: &mut FormDraft<'_>) {
    for g in 1..form.header.len() {
        let (head, tail) = form.header.split_at_mut(g);
        let (f, next) = (&mut head[g - 1], &mut tail[0]);
        if !NAME_FIELDS.contains(&f.field) || !WRAPPING_FIELDS.contains(&next.field) {
            continue;
        }
        let beside_label = |h: &HeaderField<'_>| h.values.first().is_some_and(|p| p.line == h.line);
        if !beside_label(f) || !beside_label(next) {
            continue;
        }
        // The name's lines between its label and the next label (blank
        // lines between them change nothing).
        let mut from = f.values.len();
        while from > 1 && f.values[from - 1].line > f.line && f.values[from - 1].line < next.line {
            from -= 1;
        }
        let above = &f.values[from..];
        if above.is_empty() {
            continue;
        }
        let below = next.values.iter().filter(|p| p.line > next.line).count();
        let sentence = |p: &Piece<'_>| {
            p.text.contains(CLAUSE_MARKS)
                && !(f.field == Field::Implementers && names_units(p.text))
        };
        let moves = if NAME_FIELDS.contains(&next.field) {
            // A centred cell has as many lines below its label as above it.
            next.field == Field::Implementers
                && f.field == Field::ProjectName
                && below >= 1
                && above.len() <= below + 1
                && above.iter().all(|p| names_units(p.text))
        } else {
            above.iter().all(sentence)
        };
        if moves {
            let moved: Vec<Piece<'_>> = f.values.drain(from..).collect();
            next.values.splice(0..0, moved);
        }
    }
}

/// Whether a line lists units by name (`某县农田建设服务中心、某县`): one of its
/// parts is an office's name.
fn names_units(text: &str) -> bool {
    text.split(['、', '，', ',', ';', '；'])
        .any(crate::segment::is_office_name)
}

/// A 一级 and a 二级 label glued in one cell, and the name glued after them
/// (`效益指标社会效益指标受益村民人数`): the pieces, each label matched whole.
fn glued_levels(text: &str) -> Option<Vec<&str>> {
    // Two labels of four characters at the least (`产出指标数量指标`).
    if text.len() < "产出指标数量指标".len() || !crate::substr::has(text, "指标") {
        return None;
    }
    let exact = |t: &str| {
        match_label(t)
            .filter(|m| m.rest.is_empty() && !m.fuzzy)
            .map(|m| m.label)
    };
    let cut = |t: &str| t.find("指标").map(|i| i + "指标".len());
    let one = cut(text)?;
    let (level1, rest) = text.split_at(one);
    if !matches!(exact(level1)?, Label::Level1(_)) {
        return None;
    }
    let two = cut(rest)?;
    let (level2, name) = rest.split_at(two);
    if !matches!(exact(level2)?, Label::Level2(_)) {
        return None;
    }
    let mut pieces = vec![level1, level2];
    if !name.trim().is_empty() {
        pieces.push(name.trim());
    }
    Some(pieces)
}

/// Whether a header field's value may wrap onto the next line: a
/// [wrapping field](WRAPPING_FIELDS), but for the one unit's name an extra
/// label gives (`编制单位(盖章):某局`), which a line below never continues.
// fixture: fixtures/regions/compiling-unit-over-section-heading.txt
fn wraps(h: &HeaderField<'_>) -> bool {
    WRAPPING_FIELDS.contains(&h.field) && !UNIT_EXTRA_LABELS.contains(&h.spelling)
}

/// Whether paragraph `b` is numbered right after paragraph `a` in one series
/// (`目标1` → `目标2`, `（一）` → `（二）`, `1.` → `2.`).
fn follows_in_series(a: &str, b: &str) -> bool {
    matches!((series_mark(a), series_mark(b)), (Some((ka, na)), Some((kb, nb))) if ka == kb && nb == na + 1)
}

/// What may follow a paragraph's number (`1.`, `九、`, `（三）`, `目标2：`).
const SERIES_MARK_ENDS: &[char] = &['.', '．', '、', ')', '）', ':', '：', ' '];

/// The number opening a paragraph within its first few characters, with
/// what stands before it and the character after it (`目标2：` → ((`目标`, `：`), 2)).
fn series_mark(text: &str) -> Option<((&str, char), u32)> {
    let t = text.trim_start();
    let start = t
        .char_indices()
        .take(4)
        .find(|&(_, c)| c.is_ascii_digit() || crate::value::chinese_digit(c).is_some())
        .map(|(i, _)| i)?;
    let rest = &t[start..];
    let len = rest
        .find(|c: char| !(c.is_ascii_digit() || crate::value::chinese_digit(c).is_some()))
        .unwrap_or(rest.len());
    let digits = &rest[..len];
    let after = rest[len..]
        .chars()
        .next()
        .filter(|c| SERIES_MARK_ENDS.contains(c) && digits.chars().count() <= 2)?;
    let number = if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        crate::value::chinese_number(digits)?
    };
    Some(((&t[..start], after), number))
}

/// What heads a goal paragraph: its number (`1.`, `1、`, `(1)`) or a short
/// heading before a colon (`经济普查:`).
fn paragraph_key(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    if digits > 0 && t[digits..].starts_with(['.', '、', '．']) {
        return t.get(..digits);
    }
    if let Some(inner) = t.strip_prefix(['(', '（']) {
        let end = inner.find([')', '）'])?;
        return inner.get(..end).filter(|k| k.chars().count() <= 3);
    }
    let colon = t.find([':', '：'])?;
    t.get(..colon)
        .filter(|k| (2..=8).contains(&k.chars().count()))
}

/// The first form of a text that prints no year takes the year of the page
/// heading above it (`附件:某区2022年项目支出绩效目标表`), unless its title
/// writes a year. A project named with that year (`2025年开展…`) is of it too.
// fixture: fixtures/regions/heading-year.txt
// fixture: fixtures/regions/heading-year-named-project.txt
fn year_from_heading(f: &mut FormDraft<'_>, (year, line): (i32, usize)) {
    let written = crate::segment::written_year;
    let titled = f.title.is_some_and(|t| written(t.text).is_some());
    if f.year.is_some() || titled {
        return;
    }
    f.year = Some((year, line));
    f.diagnostics.push(Diagnostic::at(
        Code::YearFromHeading,
        f.line_start,
        format!("the form prints no year; {year} is read from the page heading at line {line}"),
    ));
}

/// A satisfaction row whose level label the extraction printed below it (a
/// merged cell centred over two rows) was carried the previous 一级 down: when
/// the next row is a 满意度 row with its own labels, it takes those instead.
fn refile_satisfaction(form: &mut FormDraft<'_>) {
    let n = form.indicators.len();
    for i in (0..n.saturating_sub(1)).rev() {
        let (head, tail) = form.indicators.split_at_mut(i + 1);
        let (ind, next) = (&mut head[i], &tail[0]);
        let satisfaction = |l: Option<&str>| l.is_some_and(|l| l.contains("满意度"));
        let named = ind.name.iter().any(|p| p.text.contains("满意"));
        if ind.carried && named && !satisfaction(ind.level1) && satisfaction(next.level1) {
            ind.level1 = next.level1;
            ind.level2 = next.level2;
            form.diagnostics.push(Diagnostic::at(
                Code::Level1Inferred,
                ind.line,
                format!(
                    "satisfaction row filed under {}, the 一级指标 of the rows below it",
                    next.level1.unwrap_or("")
                ),
            ));
        }
    }
}

/// fixture: fixtures/tables/pipes-leading-rows-without-levels.txt
/// Rows at the top of the table whose merged level cells the extraction
/// dropped, before any level label: when the first level the table prints
/// is in the 产出指标 block, they belong to it (every template opens with
/// 产出); their 二级 stays unknown.
/// So do rows above it under the same 二级 as its first row (a 一级 printed
/// lower in its merged cell than the 二级 beside it).
fn fill_leading_level1(form: &mut FormDraft<'_>) {
    let Some(first) = form.indicators.iter().position(|i| i.level1.is_some()) else {
        return;
    };
    let (level1, level2) = (form.indicators[first].level1, form.indicators[first].level2);
    let opens = level1 == Some("产出指标");
    if first == 0 || !(opens || level2.is_some()) {
        return;
    }
    for ind in &mut form.indicators[..first] {
        let message = if opens && ind.level2.is_none() {
            "row above the table's first level label filed under 产出指标, the block every table opens with".to_owned()
        } else if level2.is_some() && ind.level2 == level2 {
            format!(
                "row above the table's first 一级 filed under {}, the 一级 of the same 二级 below",
                level1.unwrap_or_default()
            )
        } else {
            continue;
        };
        ind.level1 = level1;
        form.diagnostics
            .push(Diagnostic::at(Code::Level1Inferred, ind.line, message));
    }
}

/// fixture: fixtures/layouts/label-split-over-gap.txt
/// The end of a label the extraction cut off over a gap and printed before
/// the value (`年度主要目标     和成果 新建…`): when the label and the value's
/// first word spell a longer label of the same field, the value is the rest.
fn label_rest<'a>(h: &HeaderField<'_>, text: &'a str) -> Option<&'a str> {
    if !h.values.is_empty() {
        return None;
    }
    let head = h.label.trim_end_matches([':', '：']);
    let word_end = text.find(is_space).unwrap_or(text.len());
    let tail = &text[..word_end];
    if tail.chars().count() > 4 {
        return None;
    }
    let joined = format!("{head}{tail}");
    let m = match_label(&joined)?;
    (m.label == Label::Field(h.field)
        && m.rest.is_empty()
        && m.spelling.chars().count() > h.spelling.chars().count())
    .then(|| text[word_end..].trim_start_matches(is_space))
}

/// A cell that may be a level label written as the form wants it, once its
/// column says it stands in a level column: a short phrase, no number, no
/// sentence (`履职效能`, `部门履职`).
fn is_level_written(text: &str) -> bool {
    let n = text.chars().count();
    (2..=12).contains(&n)
        && !text.chars().any(|c| {
            crate::normalize::fold_char(c).is_ascii_digit()
                || matches!(
                    c,
                    '≥' | '≤' | '>' | '<' | '=' | '%' | '。' | '，' | ',' | '；' | ';'
                )
        })
}

/// A short cell ending in 指标 that the vocabulary does not know: a level
/// label written the form's own way.
fn is_unknown_level(text: &str) -> bool {
    let n = text.chars().count();
    // A list of kinds (`社会、经济、生态效益指标`) is a level too.
    let number_like = text.starts_with(|c: char| {
        crate::normalize::fold_char(c).is_ascii_digit() || matches!(c, '≥' | '≤' | '>' | '<' | '=')
    });
    (4..=16).contains(&n) && text.ends_with("指标") && !number_like
}

/// A line of the page's own prose: a part or chapter heading (`第三部分`,
/// `第二章`), or a numbered sentence (`2.部门绩效评价结果。`, `（三）…。`).
/// Indicator names are numbered too (`1.新建道路长度`), but never end a
/// sentence.
pub fn is_prose_line(text: &str) -> bool {
    use regex::Regex;
    use std::sync::LazyLock;
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^第[一二三四五六七八九十\d]{1,3}(?:部分|章|节)")
            .unwrap_or_else(|e| panic!("part heading regex: {e}"))
    });
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}、)\S")
            .unwrap_or_else(|e| panic!("numbered line regex: {e}"))
    });
    // fixture: fixtures/tables/words-section-heading-after-table.txt
    // A numbered section heading after a table (`（二）重点项目绩效目标`).
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}、)\S{2,20}(?:目标|情况|说明|指标|解释|附表|附件)$")
            .unwrap_or_else(|e| panic!("section heading regex: {e}"))
    });
    let t = text.trim();
    let n = t.chars().count();
    let heading_start = t.starts_with([
        '（', '(', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
    ]);
    (PART.is_match(t) && n <= 16)
        || (NUMBERED.is_match(t) && n >= 6 && t.ends_with(['。', '；', ';']))
        || (heading_start && n <= 32 && HEADING.is_match(t) && !is_level_cell(t))
}

/// A cell holding one level label and nothing else, numbered or not
/// (`一、产出指标`, `（一）数量指标`): a row of the indicator table, no heading.
// fixture: fixtures/tables/numbered-level-rows.txt
fn is_level_cell(text: &str) -> bool {
    match_label(text).is_some_and(|m| {
        matches!(m.label, Label::Level1(_) | Label::Level2(_)) && m.rest.trim().is_empty()
    })
}

/// Whether a title-like text names a unit before its year
/// (`某乡人民政府2024年部门整体支出绩效目标表`), not the bare title.
fn names_unit_and_year(text: &str) -> bool {
    text.char_indices().any(|(i, c)| {
        i > 0
            && c.is_ascii_digit()
            && text.get(i..).is_some_and(|t| {
                t.len() > 4
                    && t.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                    && t[4..].starts_with('年')
            })
    })
}

/// A value left unfinished: a sentence of eight characters or more with no
/// closing stop, not a number or target; its cell may wrap onto the next line.
fn unfinished_sentence(text: &str) -> bool {
    text.chars().count() >= 8 && !text.ends_with(['。', '.', ')', '）']) && !starts_value(text)
}

fn is_part_heading(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('第')
        && t.chars().count() <= 5
        && ["部分", "章", "节"].iter().any(|end| t.ends_with(end))
        && is_prose_line(t)
}

/// A short heading opened by a numbering (`（二）特种设备安全监察`, `三、…`,
/// `2.…`), no sentence.
fn is_numbered_heading(text: &str) -> bool {
    use regex::Regex;
    // Every numbering opens with a bracket, a numeral or a digit.
    let opens = text
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || "（(一二三四五六七八九十".contains(c));
    if !opens {
        return false;
    }
    use std::sync::LazyLock;
    static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])\S")
            .unwrap_or_else(|e| panic!("numbering regex: {e}"))
    });
    let t = text.trim();
    (4..=40).contains(&t.chars().count())
        && !t.ends_with(['。', '；', ';', '，', ','])
        && NUMBERING.is_match(t)
}

/// fixture: fixtures/tables/funding-heading-amount-word.txt
/// An amount label with a unit in brackets that opens its row right before
/// another amount label (`预算资金（万元） | 资金总额 | 486.30`) heads the
/// funding block: the amounts are the labels' after it.
fn funding_heading_before_label(toks: &mut [Tok<'_>]) {
    let amount = |t: &Tok<'_>| match t.kind {
        Kind::Label(m) => matches!(m.label, Label::Field(f) if AMOUNT_FIELDS.contains(&f)),
        _ => false,
    };
    if let [first, second, ..] = toks {
        if let Kind::Label(m) = &mut first.kind {
            let heading = matches!(
                m.label,
                Label::Field(Field::FundingTotal | Field::FundingFiscal)
            ) && m.rest.is_empty()
                && m.annotation
                    .is_some_and(|a| crate::value::is_unit_word(a.trim()))
                && amount(second);
            if heading {
                m.label = Label::Field(Field::Funding);
            }
        }
    }
}

/// A cell opening with an ASCII digit (an amount, a score, a count).
fn opens_with_digit(text: &str) -> bool {
    text.trim_start().starts_with(|c: char| c.is_ascii_digit())
}

/// The year a text ends with, written `YYYY年` (`…整县推进项目)2024年`).
fn ends_with_year(text: &str) -> Option<i32> {
    let t = text.trim_end().strip_suffix('年')?;
    let digits = t.get(t.len().checked_sub(4)?..)?;
    let year: i32 = digits.parse().ok()?;
    let before = t[..t.len() - 4].chars().next_back();
    ((1990..=2100).contains(&year) && !before.is_some_and(|c| c.is_ascii_digit())).then_some(year)
}

/// Whether a cell opens with a year written `YYYY年` (`2024年部门预算`).
fn opens_with_year(text: &str) -> bool {
    let t = text.trim_start();
    t.get(..4)
        .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
        && t.get(4..).is_some_and(|rest| rest.starts_with('年'))
}

/// What a project's name row repeated on a continued page is called in its
/// diagnostics.
const CONTINUED_PAGE: &str = "project name repeated on a continued page";

/// What a page number (and a running header beside it) is called in its
/// diagnostics.
const PAGE_MARKER: &str = "page marker";

/// What a sum row closing the table is called in its diagnostics.
const SUM_ROW: &str = "sum row under the table";

/// What a goal label's period printed under it is called in its diagnostics.
const GOAL_PERIOD: &str = "the goal label's period, printed under it";

/// A period alone in brackets (`(2025-2027年期间)`, `（2025—2027年）`).
fn is_bracketed_period(text: &str) -> bool {
    let Some(inner) = text
        .trim()
        .strip_prefix(['(', '（'])
        .and_then(|t| t.strip_suffix([')', '）']))
    else {
        return false;
    };
    let compact = crate::normalize::without_spaces(inner);
    let t = compact
        .trim_end_matches("期间")
        .trim_end_matches('度')
        .trim_end_matches('年');
    let Some((from, to)) = t.split_once(['-', '—', '–', '~', '～', '至', '－']) else {
        return false;
    };
    let year = |y: &str| {
        let y = y.trim_end_matches('年');
        y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())
    };
    year(from) && year(to)
}

/// True when a cell names a funding period column (`实施期`, `年度`, `当年`,
/// `上年度安排资金`).
pub fn is_period(text: &str) -> bool {
    // Every period below is ten characters or fewer past its spaces and
    // colons: a longer cell is dismissed after eleven, without a compact copy.
    if text
        .chars()
        .filter(|c| !is_space(*c) && !matches!(c, ':' | '：'))
        .nth(10)
        .is_some()
    {
        return false;
    }
    // A cell without spaces (most) is its own compact text.
    let compact = crate::normalize::without_spaces(text);
    let compact = compact.trim_end_matches([':', '：']);
    ANNUAL_PERIODS.contains(&compact)
        || year_amount(compact).is_some()
        || numbered_year_amount(compact)
        || bare_year(compact)
        || term_sum(compact)
        || OTHER_PERIODS.contains(&compact)
        || matches!(compact, "实施期资金" | "总额")
}

/// A long-term or annual goal label that has no value yet.
fn unfilled_goal(h: &HeaderField<'_>) -> bool {
    matches!(h.field, Field::GoalAnnual | Field::GoalLongTerm) && h.values.is_empty()
}

/// A column title opening with a year (`2025年指标值`).
fn dated_title(text: &str) -> bool {
    let t = text.trim();
    t.len() > 4 && t.as_bytes()[..4].iter().all(u8::is_ascii_digit) && t[4..].starts_with('年')
}

/// A column title that names the form's own year (`年度指标值`,
/// `2024年度指标值`, `全年指标值`, `当年指标值`).
fn names_the_year(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_ascii_digit() || is_space(c));
    t.contains("年度") || ANNUAL_PERIODS.iter().any(|p| t.starts_with(p))
}

/// The period a column title names with its amount (`实施期资金总额` →
/// `实施期`, `年度金额` → `年度`), if it does.
fn period_stem(text: &str) -> Option<&str> {
    let t = text.trim().trim_end_matches([':', '：']);
    PERIOD_AMOUNT_ENDINGS
        .iter()
        .filter_map(|e| t.strip_suffix(e))
        .find(|stem| !stem.is_empty() && is_period(stem))
}

/// True when a period column is the form's own year (`年度`, `当年`,
/// `本年度申请资金`), not the project's whole term or a past year.
pub fn is_annual_period(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !is_space(*c)).collect();
    ANNUAL_PERIODS.contains(&compact.as_str()) || year_amount(&compact) == Some(true)
}

/// Words an amount column's title ends with (`本年度申请资金`, `2025年预算数`).
const YEAR_AMOUNT_ENDINGS: &[&str] = &["资金", "金额", "预算", "预算数", "数", "安排", "执行"];

/// fixture: fixtures/tables/funding-numbered-year-columns.txt
/// An amount column named by a year's number (`2024年预算数`, `2025年度预算
/// 金额`). Which of them is the form's own is left to the reader of the
/// columns: the last, as years are printed in order.
fn numbered_year_amount(compact: &str) -> bool {
    let Some(rest) = compact.get(4..).and_then(|r| r.strip_prefix('年')) else {
        return false;
    };
    let rest = rest.strip_prefix('度').unwrap_or(rest);
    compact.as_bytes().iter().take(4).all(u8::is_ascii_digit)
        && !rest.is_empty()
        && YEAR_AMOUNT_ENDINGS.iter().any(|a| rest.ends_with(a))
}

/// fixture: fixtures/tables/funding-year-columns-with-sum.txt
/// A column titled by a year alone (`2024年`, `2025年度`), as a funding
/// block prints the years of a project's term side by side.
fn bare_year(compact: &str) -> bool {
    let rest = compact.get(4..).unwrap_or("");
    compact.as_bytes().iter().take(4).all(u8::is_ascii_digit)
        && compact.len() > 4
        && matches!(rest, "年" | "年度")
}

/// fixture: fixtures/tables/funding-term-sum-column.txt
/// The sum over the project's term (`实施期合计`, `项目期总计`).
fn term_sum(compact: &str) -> bool {
    OTHER_PERIODS
        .iter()
        .filter_map(|p| compact.strip_prefix(p))
        .any(|rest| matches!(rest, "合计" | "总计"))
}

/// An amount column named by its year (`本年度申请资金`, `上年度安排资金`,
/// `当年预算数`): Some(true) for this year's, Some(false) for an earlier one.
// fixture: fixtures/layouts/funding-year-columns.txt
fn year_amount(compact: &str) -> Option<bool> {
    const THIS: &[&str] = &["本年", "当年"];
    const EARLIER: &[&str] = &["上年", "以前年度", "上一年"];
    let amount =
        compact.chars().count() <= 10 && YEAR_AMOUNT_ENDINGS.iter().any(|a| compact.ends_with(a));
    if !amount {
        return None;
    }
    if THIS.iter().any(|p| compact.starts_with(p)) {
        Some(true)
    } else if EARLIER.iter().any(|p| compact.starts_with(p)) {
        Some(false)
    } else {
        None
    }
}

/// Puts a cell after the name into the column it sits under.
fn assign<'a>(ind: &mut IndicatorDraft<'a>, col: Option<Column<'a>>, c: &Cell<'a>) {
    ind.cells += 1;
    ind.last_line = ind.last_line.max(c.end_line());
    match col.map(|col| (col.field, col.header)) {
        Some((Field::ColUnit, _)) => ind.unit = Some(c.into()),
        // fixture: fixtures/tables/words-colon-labels.txt
        // A 指标性质 column beside a 计算符号 one: its 正向/定量 is kept by its header.
        Some((Field::ColOp, header)) if crate::columns::NATURE_WORDS.contains(&c.text.trim()) => {
            ind.extra.push((header, c.into()))
        }
        Some((Field::ColOp, _)) => ind.op = Some(c.into()),
        Some((Field::ColExtra, header)) => ind.extra.push((header, c.into())),
        _ => {
            if ind.value.is_empty() {
                ind.value_at = Some((c.index, c.col));
            }
            ind.value.push(c.into());
        }
    }
}

/// Whether `text`, found on a row below a label, can be that label's value:
/// an amount label takes only amount-like text, a name only a short one.
fn plausible(field: Field, text: &str) -> bool {
    let chars = text.chars().count();
    match field {
        // fixture: fixtures/layouts/spaces-empty-other-funds-before-goal.txt
        // A sentence that mentions a number (`为辖区60周岁以上老年人提供`) is
        // no amount: a long text must open with its number.
        Field::FundingTotal | Field::FundingFiscal | Field::FundingOther | Field::FundingItem => {
            let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
            chars <= 60
                && ((text.chars().any(digit) && (chars <= 20 || text.starts_with(digit)))
                    || matches!(text, "-" | "—" | "/" | "无"))
        }
        // fixture: fixtures/layouts/empty-template-fields.txt
        Field::Leader | Field::LeaderName | Field::LeaderPhone | Field::Contact => {
            chars <= 40 && !crate::labels::is_not_a_name(text)
        }
        Field::Department | Field::DepartmentName | Field::Implementers => {
            chars <= 120 && !crate::labels::is_not_a_name(text)
        }
        Field::ProjectName => chars <= 120,
        Field::Extra => !crate::labels::is_not_a_name(text),
        _ => true,
    }
}

/// Maps each cell to the header nearest its column: distinct headers, in
/// order, each within six characters. None when the reading is ambiguous.
fn align_to_headers<'a>(cells: &[Cell<'a>], columns: &[Column<'a>]) -> Option<Vec<Column<'a>>> {
    let mut out: Vec<Column<'a>> = Vec::with_capacity(cells.len());
    let mut last: Option<usize> = None;
    for c in cells {
        // fixture: fixtures/tables/spaces-weight-between-headers.txt
        // Of two headers as near, the one the cell's shape fits; a cell
        // nearest a header its shape cannot fill (a number under 度量单位,
        // `定性` under 指标值) says the row's positions lie: it is aligned
        // by shapes instead.
        let (k, col) = columns.iter().enumerate().min_by_key(|(_, col)| {
            let misfit = !crate::columns::fits_text(col.field, c.text);
            (col.col.abs_diff(c.col), misfit)
        })?;
        if col.col.abs_diff(c.col) > 6
            || last.is_some_and(|l| k <= l)
            || !crate::columns::fits_text(col.field, c.text)
        {
            return None;
        }
        last = Some(k);
        out.push(*col);
    }
    Some(out)
}

/// A page number printed inside text read word by word, its parts split by
/// spaces (`— 5 —`, `第 6 页 共 6 页`, `共 6 页 第 6 页`): those words are
/// one page marker, never an indicator's name and value.
// fixture: fixtures/tables/flat-split-page-markers.txt
fn mark_split_page_markers(toks: &mut [Tok<'_>]) {
    fn text<'a>(toks: &[Tok<'a>], k: usize) -> &'a str {
        toks.get(k).map_or("", |t| t.cell.text)
    }
    let number = |t: &str| (1..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    let dash = |t: &str| matches!(t, "—" | "-" | "－" | "–" | "――" | "―");
    // `第 N 页` or `共 N 页` at k: its length in words.
    let page = |toks: &[Tok<'_>], k: usize| {
        (matches!(text(toks, k), "第" | "共")
            && number(text(toks, k + 1))
            && text(toks, k + 2) == "页")
            .then_some(3)
    };
    let mut k = 0;
    while k < toks.len() {
        let len = if dash(text(toks, k)) && number(text(toks, k + 1)) && dash(text(toks, k + 2)) {
            3
        } else if let Some(n) = page(toks, k) {
            n + page(toks, k + n).unwrap_or(0)
        } else {
            0
        };
        if len == 0 {
            k += 1;
            continue;
        }
        for t in &mut toks[k..k + len] {
            t.kind = Kind::Furniture(PAGE_MARKER);
        }
        k += len;
    }
}

// fixture: fixtures/tables/unknown-header-labels.txt
/// fixture: fixtures/tables/short-level2-labels.txt
/// A 二级 written without its 指标 (`数量`, `经济成本`) opening a table row,
/// or right after the row's 一级, is that level when a name follows it
/// (`产出指标 数量 高标准农田建设面积 ≥1.5万亩`). A lone cell (one per line)
/// is asked by the caller whether a name follows.
fn mark_short_level2(toks: &mut [Tok<'_>]) {
    let lone = toks.len() == 1;
    for k in 0..toks.len() {
        let opens = k == 0
            || matches!(toks[k - 1].kind, Kind::Label(m) if m.rest.is_empty()
                && (matches!(m.label, Label::Level1(_)) || m.label == Label::Level2(LEVEL2_ALSO_LEVEL1)));
        let name_next = lone
            || toks
                .get(k + 1)
                .is_some_and(|t| matches!(t.kind, Kind::Text));
        if !opens || !name_next || !matches!(toks[k].kind, Kind::Text) {
            continue;
        }
        if let Some(name) = crate::labels::short_level2(toks[k].cell.text) {
            toks[k].kind = Kind::Label(LabelMatch {
                label: Label::Level2(name),
                spelling: name,
                ..UNKNOWN_LABEL
            });
        }
    }
}

/// Header cells the vocabulary lacks but that stand where a label stands —
/// first in a row of label/value pairs, or right after a value and before
/// another value (`主管部门 | 某局 | 归口业务科室 | 公路股`) — become labels kept
/// in `extra` under their text, so they never run on into the value before.
/// Splits each text cell whose header label runs on into its value
/// (see [`labels::run_on_label`]) into the label and the value.
fn split_run_on_labels(toks: &mut Vec<Tok<'_>>) {
    let mut k = 0;
    while k < toks.len() {
        let t = toks[k];
        let end = matches!(t.kind, Kind::Text)
            .then(|| crate::labels::run_on_label(t.cell.text))
            .flatten();
        let split = end.and_then(|end| {
            let (label, value) = (t.cell.text.get(..end)?, t.cell.text.get(end..)?);
            Some((match_label(label)?, label, value))
        });
        if let Some((m, label, value)) = split {
            let head = Cell {
                text: label,
                ..t.cell
            };
            let tail = Cell {
                text: value,
                col: t.cell.col + crate::layout::width(label),
                ..t.cell
            };
            toks[k] = Tok {
                kind: Kind::Label(m),
                cell: head,
            };
            toks.insert(
                k + 1,
                Tok {
                    kind: Kind::Text,
                    cell: tail,
                },
            );
            k += 1;
        }
        k += 1;
    }
}

/// Marks label-shaped text cells between values as labels the vocabulary
/// lacks; an amount label before an amount feeds the funding.
/// `first_is_value`: a label waiting above takes the row's first cell.
fn mark_unknown_labels(toks: &mut [Tok<'_>], first_is_value: bool) {
    for i in 0..toks.len() {
        let (prev, next) = (
            i.checked_sub(1).map(|p| toks[p].kind),
            toks.get(i + 1).map(|t| t.kind),
        );
        let after_value = match prev {
            None => true,
            Some(Kind::Text) => i >= 2 || first_is_value || !matches!(toks[0].kind, Kind::Text),
            _ => false,
        };
        let before_value = matches!(next, Some(Kind::Text))
            && toks
                .get(i + 1)
                .is_some_and(|n| !is_label_shaped(n.cell.text));
        if matches!(toks[i].kind, Kind::Text)
            && after_value
            && before_value
            && is_label_shaped(toks[i].cell.text)
        {
            // fixture: fixtures/tables/pipes-wrapped-header-halves.txt
            // An amount label before an amount feeds the funding.
            let amount = toks
                .get(i + 1)
                .is_some_and(|n| crate::value::parse_amount_like(n.cell.text));
            toks[i].kind = match crate::labels::amount_label(toks[i].cell.text) {
                Some(field) if amount => Kind::Label(LabelMatch {
                    label: Label::Field(field),
                    ..UNKNOWN_LABEL
                }),
                _ => Kind::Label(UNKNOWN_LABEL),
            };
        }
    }
}

/// Splits `name value` left one space apart by the extraction: at the first
/// space after which a value begins (`受益群众满意度 ≥90%`, a list, a sentence),
/// else at the only space (`平台使用范围 全区各帮扶部门`).
fn split_name_value<'a>(c: &Cell<'a>) -> Option<(Cell<'a>, Cell<'a>)> {
    let text = c.text;
    // Only a short cell can be a name and a value; prose is left whole.
    if text.len() > 300 {
        return None;
    }
    let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).take(16).collect();
    let value_at = |at: usize| {
        let value = text[at + 1..].trim();
        let first = value.split(' ').next().unwrap_or("");
        let (v, _) = crate::value::parse_value(value);
        starts_value(first)
            || !matches!(v.kind, crate::record::ValueKind::Text { .. })
            || v.date.is_some()
    };
    let at = spaces
        .iter()
        .copied()
        .find(|&at| value_at(at))
        .or(match spaces.as_slice() {
            [only] => Some(*only),
            _ => None,
        })?;
    let (name, value) = (text[..at].trim_end(), text[at + 1..].trim());
    if name.chars().count() < 2 || value.is_empty() || starts_value(name) {
        return None;
    }
    let value_col = c.col + crate::layout::width(&text[..at + 1]);
    Some((
        Cell { text: name, ..*c },
        Cell {
            text: value,
            index: c.index + 1,
            col: value_col,
            ..*c
        },
    ))
}

/// A word that begins a value: a comparator, a digit, or a whole value.
fn starts_value(word: &str) -> bool {
    let first = word.chars().next().unwrap_or(' ');
    let folded = crate::normalize::fold_char(first);
    if folded.is_ascii_digit() || ('０'..='９').contains(&first) {
        return true;
    }
    if matches!(folded, '≥' | '≤' | '>' | '<' | '=' | '≧' | '≦' | '约') {
        return true;
    }
    // fixture: fixtures/tables/words-comparator-words.txt
    if crate::value::starts_with_comparator_word(word) {
        return true;
    }
    // fixture: fixtures/tables/ocr-percent-spellings.txt (`lOO%`)
    if crate::value::ocr_percent(word).is_some() {
        return true;
    }
    // Text values: a list, a sentence, or a word that only ever is a value.
    if word.contains(['、', ';', '；']) || word.ends_with('。') {
        return true;
    }
    const TEXT_VALUES: &[&str] = &[
        "有所提高",
        "有所提升",
        "有所改善",
        "明显改善",
        "显著改善",
        "显著提升",
        "持续提升",
        "持续改善",
        "逐步改善",
        "逐步提升",
        "进一步提升",
        "进一步提高",
        "不断提高",
        "不断提升",
        "有效改善",
        "有效提升",
        "得到改善",
        "较小",
        "较好",
        "优良",
        "明显提高",
        "显著提高",
        "逐步提高",
        "显著",
        "明显",
        "达标",
        "合格",
        "良好",
        "优秀",
        "有效",
        "持续",
        "长期",
        "稳定",
        "提高",
        "提升",
        "及时",
        "是",
        "否",
        "无",
    ];
    // What a 指标性质 column holds (`正向`, `定性`) starts the cells after a name.
    if TEXT_VALUES.contains(&word) || crate::columns::NATURE_WORDS.contains(&word) {
        return true;
    }
    const WORD_OPS: &[&str] = &[
        "大于",
        "小于",
        "不低于",
        "不少于",
        "不高于",
        "不超过",
        "等于",
        "高于",
        "低于",
        "每",
    ];
    if WORD_OPS.iter().any(|w| word.starts_with(w)) {
        let (v, _) = crate::value::parse_value(word);
        return !matches!(v.kind, crate::record::ValueKind::Text { .. });
    }
    false
}

/// Whether a piece of text ends in a digit (either width).
fn ends_with_digit(text: &str) -> bool {
    text.chars()
        .last()
        .is_some_and(|c| crate::normalize::fold_char(c).is_ascii_digit())
}

/// Opening minus closing brackets in a piece of text.
fn bracket_depth(text: &str) -> i32 {
    text.chars()
        .map(|c| match c {
            '(' | '（' | '[' | '【' => 1,
            ')' | '）' | ']' | '】' => -1,
            _ => 0,
        })
        .sum()
}

/// Whether `next` continues a value ending in `last` (`≥` `99` `%`).
fn continues_value(last: &str, next: &str) -> bool {
    let ends_op = last.ends_with(['≥', '≤', '>', '<', '=', '≧', '≦']) || last.ends_with("于");
    if ends_op {
        return true;
    }
    let last_digit = last
        .chars()
        .last()
        .is_some_and(|c| crate::normalize::fold_char(c).is_ascii_digit());
    let unit_like = next.chars().count() <= 3
        && !next
            .chars()
            .any(|c| crate::normalize::fold_char(c).is_ascii_digit());
    let list_goes_on =
        last.ends_with(['、', ';', '；', ',', '，']) || next.starts_with(['、', ';', '；']);
    (last_digit && unit_like && match_label(next).is_none()) || list_goes_on
}

impl<'a> Reader<'a> {
    fn start_sheet(&mut self, row: &Row<'a>) {
        // What the text above the sheet said (title, year, 单位) is every project's.
        let template = match self.form.take() {
            Some(mut f) if !f.has_field(Field::ProjectName) && f.indicators.is_empty() => {
                // Its diagnostics go to the first project (or the file if none follows).
                self.preamble.append(&mut f.diagnostics);
                f
            }
            other => {
                self.form = other;
                self.close_form();
                FormDraft::default()
            }
        };
        let mut columns = Vec::new();
        for c in row.filled() {
            let col = match match_label(c.text).map(|m| (m.label, m.spelling)) {
                Some((Label::Field(Field::ColLevel1), _)) => SheetCol::Level1,
                Some((Label::Field(Field::ColLevel2), _)) => SheetCol::Level2,
                Some((Label::Field(Field::ColName), _)) => SheetCol::Name,
                Some((Label::Field(Field::ColValue), _)) => SheetCol::Value,
                Some((Label::Field(f @ (Field::ColUnit | Field::ColOp | Field::ColExtra)), _)) => {
                    SheetCol::Column(Column {
                        field: f,
                        header: c.text,
                        index: c.index,
                        col: c.col,
                    })
                }
                Some((Label::Field(f), spelling)) => SheetCol::Header(f, c.text, spelling),
                _ => SheetCol::Header(Field::Extra, c.text, ""),
            };
            columns.push((c.index, col));
        }
        self.mark(row.line, LineUse::Label);
        let places = sheet_places(&columns);
        self.sheet = Some(Sheet {
            columns,
            places,
            template,
            words: false,
        });
    }

    /// A lone word under a row of a words sheet: the value of the indicator
    /// above when it has none; a number, the first extra column after the
    /// value it left empty (a wrapped 分值); else a cell under no column.
    fn sheet_continuation(&mut self, c: &Cell<'a>) {
        let extras: Vec<&'a str> = self.sheet.as_ref().map_or(Vec::new(), |s| {
            s.columns
                .iter()
                .skip_while(|(_, col)| !matches!(col, SheetCol::Value))
                .filter_map(|(_, col)| match col {
                    SheetCol::Column(column) if column.field == Field::ColExtra => {
                        Some(column.header)
                    }
                    _ => None,
                })
                .collect()
        });
        let number = c.text.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            && c.text.starts_with(|ch: char| ch.is_ascii_digit());
        let prev = self.form.as_mut().and_then(|f| f.indicators.last_mut());
        match prev {
            Some(prev) if prev.value.is_empty() => {
                prev.value.push(c.into());
                prev.last_line = prev.last_line.max(c.line);
            }
            Some(prev) if number => {
                let Some(&header) = extras
                    .iter()
                    .find(|h| !prev.extra.iter().any(|(e, _)| e == *h))
                else {
                    return self.unplaced(c);
                };
                prev.extra.push((header, c.into()));
                prev.last_line = prev.last_line.max(c.line);
            }
            _ => return self.unplaced(c),
        }
        self.mark(c.line, LineUse::Field);
        self.touch(c.line);
    }

    /// A 小计/合计 row of a sheet: sums, not a project; one diagnostic.
    fn subtotal_row(&mut self, row: &Row<'a>) {
        let text: Vec<&str> = row.filled().map(|c| c.text).collect();
        self.mark(row.line, LineUse::Diagnosed);
        let d = Diagnostic::at(
            Code::SubtotalRow,
            row.line,
            format!("subtotal row, not a project: {}", text.join(" ")),
        );
        self.diag(d);
    }

    fn sheet_row(&mut self, row: &Row<'a>) {
        let Some(sheet) = self.sheet.clone() else {
            return;
        };
        let filled: Vec<Cell<'a>> = row.filled().copied().collect();
        let first = filled.first().map_or("", |c| c.text);
        // fixture: fixtures/tables/sheet-continuation-rows.txt
        // A department's subtotal row (`820-某部门 | 8,000.00`) sums its projects.
        if crate::labels::SUBTOTALS.contains(&first) || is_sheet_subtotal(&filled, &sheet.places) {
            return self.subtotal_row(row);
        }
        // fixture: fixtures/tables/sheet-continuation-rows.txt
        // fixture: fixtures/sheets/continuation-shapes.txt
        // fixture: fixtures/sheets/words-gaps.txt
        // Rows after a project's first row lack the cells its merged project
        // columns spanned, and an indicator's later rows its level cells: each
        // cell goes under the column the sheet's column map aligns it to,
        // as in any table.
        let placed = crate::columns::align_sheet(&filled, &sheet.places, !sheet.words);
        let mut under: Vec<Option<Cell<'a>>> = vec![None; sheet.columns.len()];
        // Further cells of a text column (a goal a words row split at a space).
        let mut more: Vec<(usize, Cell<'a>)> = Vec::new();
        let mut stray: Vec<Cell<'a>> = Vec::new();
        for (c, k) in filled.iter().zip(placed) {
            match k.map(|k| (k, under.get_mut(k))) {
                Some((_, Some(slot @ None))) => *slot = Some(*c),
                Some((k, Some(Some(_)))) => more.push((k, *c)),
                _ => stray.push(*c),
            }
        }
        // Only a header field takes several cells; any other column's are reported.
        more.retain(|(k, c)| {
            let header = matches!(sheet.columns.get(*k), Some((_, SheetCol::Header(..))));
            if !header {
                stray.push(*c);
            }
            header
        });
        // fixture: fixtures/sheets/department-wide-sheet.txt
        // A sheet of units' whole spending (预算单位 | 预算金额 | … | 一级指标 …)
        // has no 项目名称 column: a filled unit cell starts the next form.
        let starter = if sheet.starts_by(Field::ProjectName) {
            Field::ProjectName
        } else if sheet.starts_by(Field::DepartmentName) {
            Field::DepartmentName
        } else {
            Field::Department
        };
        let project_cell = sheet
            .columns
            .iter()
            .zip(&under)
            .find(|((_, col), _)| matches!(col, SheetCol::Header(f, ..) if *f == starter))
            .and_then(|(_, c)| *c);
        // A "project name" that is an amount is a subtotal's.
        if project_cell.is_some_and(|c| crate::value::parse_amount_like(c.text)) {
            return self.subtotal_row(row);
        }
        let starts_project = project_cell.is_some();
        if starts_project {
            self.close_form();
            let mut f = sheet.template.clone();
            // A project column left empty on a project's first row is a cell
            // merged with the project above (one 单位名称 over many projects).
            if let Some(prev) = self.doc.forms.last() {
                for ((_, col), c) in sheet.columns.iter().zip(&under) {
                    if let SheetCol::Header(field, label, _) = col {
                        if c.is_none() {
                            f.header.extend(
                                prev.header
                                    .iter()
                                    .filter(|h| h.field == *field && h.label == *label)
                                    .cloned(),
                            );
                        }
                    }
                }
            }
            f.diagnostics.append(&mut self.preamble);
            f.line_start = row.line;
            f.line_end = row.line;
            f.saw_table = true;
            self.form = Some(f);
            self.ctx.level1 = None;
            self.ctx.level2 = None;
        }
        if self.form.is_none() {
            for c in row.filled() {
                self.unplaced(c);
            }
            return;
        }
        self.touch(row.line);
        if let Some(f) = self.form.as_mut() {
            f.separators[Self::separator_slot(row, Mode::Cells)] += row.filled().count();
        }
        // Cells under no column of the sheet are reported, never dropped.
        for c in &stray {
            self.unplaced(c);
        }
        // fixture: fixtures/sheets/continuation-shapes.txt
        // Two level cells side by side are the 一级 and the 二级 as the
        // columns say (`成本指标 | 经济成本指标`), whatever the vocabulary
        // calls them; a lone one is the level the vocabulary names.
        let level_pair = sheet
            .columns
            .iter()
            .zip(&under)
            .filter(|((_, col), c)| {
                matches!(col, SheetCol::Level1 | SheetCol::Level2) && c.is_some()
            })
            .count()
            >= 2;
        let mut ind: Option<IndicatorDraft<'a>> = None;
        let mut value_cells: Vec<(Option<Column<'a>>, Cell<'a>)> = Vec::new();
        for (k, ((_, col), c)) in sheet.columns.iter().zip(&under).enumerate() {
            let Some(c) = c else { continue };
            let more_here = more.iter().filter(|(at, _)| *at == k).map(|(_, c)| c);
            match *col {
                SheetCol::Header(field, label, spelling) => {
                    if starts_project {
                        self.mark(c.line, LineUse::Field);
                        if let Some(f) = self.form.as_mut() {
                            f.header.push(HeaderField {
                                field,
                                label,
                                spelling,
                                annotation: None,
                                line: c.line,
                                values: std::iter::once(c)
                                    .chain(more_here)
                                    .map(Piece::from)
                                    .collect(),
                                tail: None,
                            });
                        }
                    } else {
                        self.unplaced(c);
                        for m in more_here {
                            self.unplaced(m);
                        }
                    }
                }
                SheetCol::Level1 | SheetCol::Level2 => {
                    self.mark(c.line, LineUse::Label);
                    let in_level1 = matches!(col, SheetCol::Level1);
                    match match_label(c.text).map(|m| m.label) {
                        Some(Label::Level2(name)) if level_pair && in_level1 => {
                            self.ctx.level1 = Some(name);
                            self.ctx.level2 = None;
                        }
                        Some(Label::Level1(name)) if level_pair && !in_level1 => {
                            self.ctx.level2 = Some(name);
                        }
                        Some(Label::Level1(name)) => {
                            self.ctx.level1 = Some(name);
                            self.ctx.level2 = None;
                        }
                        Some(Label::Level2(name)) => {
                            self.row.part.prev_level = None;
                            self.set_level2(name, c.line, !in_level1);
                        }
                        _ => {
                            // A level written outside the vocabulary is kept as written.
                            if in_level1 {
                                self.ctx.level1 = Some(c.text);
                            } else {
                                self.ctx.level2 = Some(c.text);
                            }
                        }
                    }
                }
                SheetCol::Name => {
                    self.mark(c.line, LineUse::Field);
                    let mut draft = self.new_indicator(c);
                    draft.line = row.line;
                    ind = Some(draft);
                }
                SheetCol::Value => value_cells.push((None, *c)),
                SheetCol::Column(column) => value_cells.push((Some(column), *c)),
            }
        }
        if ind.is_none() && !value_cells.is_empty() {
            if let Some((_, c)) = value_cells.first() {
                let mut draft = self.new_indicator(c);
                draft.name.clear();
                draft.line = row.line;
                ind = Some(draft);
            }
        }
        if let Some(mut ind) = ind {
            ind.level1 = self.ctx.level1;
            ind.level2 = self.ctx.level2;
            for (col, c) in &value_cells {
                self.mark(c.line, LineUse::Field);
                assign(&mut ind, *col, c);
            }
            self.push_indicator(ind);
        }
    }
}

/// Where each column of a sheet sits in a row: the project's fields before
/// the levels, the indicator's name, and the table's columns after it (a
/// header field after the name is kept under its header, like 备注).
fn sheet_places<'a>(
    columns: &[(usize, SheetCol<'a>)],
) -> Vec<(usize, crate::columns::SheetPlace<'a>)> {
    use crate::columns::{ProjectKind, SheetPlace, AMOUNT_FIELDS};
    let name_at = columns
        .iter()
        .position(|(_, c)| matches!(c, SheetCol::Name))
        .unwrap_or(columns.len());
    let after = |field: Field, header: &'a str, index: usize| {
        SheetPlace::After(Column {
            field,
            header,
            index,
            col: 0,
        })
    };
    columns
        .iter()
        .enumerate()
        .map(|(k, &(index, col))| {
            let place = match col {
                SheetCol::Level1 => SheetPlace::Level1,
                SheetCol::Level2 => SheetPlace::Level2,
                SheetCol::Name => SheetPlace::Name,
                SheetCol::Value => after(Field::ColValue, "", index),
                SheetCol::Column(column) if k > name_at => SheetPlace::After(column),
                SheetCol::Header(_, label, _) if k > name_at => {
                    after(Field::ColExtra, label, index)
                }
                SheetCol::Header(Field::ProjectName, ..) => SheetPlace::Project(ProjectKind::Key),
                SheetCol::Header(field, ..) if AMOUNT_FIELDS.contains(&field) => {
                    SheetPlace::Project(ProjectKind::Amount)
                }
                SheetCol::Header(..) | SheetCol::Column(_) => {
                    SheetPlace::Project(ProjectKind::Text)
                }
            };
            (index, place)
        })
        .collect()
}

/// Whether a sheet row is a department's subtotal (`820-某部门 | 8,000.00`):
/// no level label, a text, then only sums of money, no more cells than the
/// project's columns.
fn is_sheet_subtotal(
    cells: &[Cell<'_>],
    places: &[(usize, crate::columns::SheetPlace<'_>)],
) -> bool {
    use crate::columns::SheetPlace;
    let money = |t: &str| {
        let t = t.trim();
        let cents = t
            .rsplit_once('.')
            .is_some_and(|(_, d)| d.len() == 2 && d.chars().all(|c| c.is_ascii_digit()));
        crate::value::parse_amount_like(t) && (t.contains([',', '，', '元']) || cents)
    };
    let projects = places
        .iter()
        .filter(|(_, p)| matches!(p, SheetPlace::Project(_)))
        .count();
    match cells {
        [first, rest @ ..] if !rest.is_empty() && cells.len() <= projects => {
            !crate::value::parse_amount_like(first.text)
                && match_label(first.text).is_none()
                && rest.iter().all(|c| money(c.text))
        }
        _ => false,
    }
}

/// Marks that leave a list value open at the end of a line: what follows
/// on the next line goes on in the value.
const LIST_MARKS: &[char] = &['、', ',', '，', ';', '；'];

impl<'a> Reader<'a> {
    /// A 绩效自评表 or other non-target form begins: nothing of it becomes a
    /// record until the next target form's title.
    fn foreign_start(&mut self, c: &Cell<'a>, what: &'static str) {
        self.foreign_end();
        self.close_form();
        self.sheet = None;
        self.mark(c.line, LineUse::Foreign);
        self.foreign = Some((what, c.line, c.line));
    }

    fn foreign_end(&mut self) {
        if let Some((what, first, last)) = self.foreign.take() {
            self.doc.stray.push(Diagnostic::at(
                Code::NotATargetForm,
                first,
                format!(
                    "lines {first}–{last} hold {what}, not a 绩效目标 target form; no record was made of them"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_period_table() {
        for (text, want) in [
            ("(2025-2027年期间)", true),
            ("（2025—2027年）", true),
            ("(2025年-2027年)", true),
            ("( 2025 - 2027 年度 )", true),
            ("(2025年度)", false),
            ("(单位：万元)", false),
            ("2025-2027年期间", false),
        ] {
            assert_eq!(is_bracketed_period(text), want, "{text}");
        }
    }

    /// Which amount column each cell of a task-table row goes to: in order
    /// when the row ends in one amount per column, else by place, and a
    /// column two cells claim takes neither.
    #[test]
    fn task_table_places_amounts() {
        let cell = |text, index, col| Cell {
            text,
            line: 1,
            index,
            col,
        };
        let table = TaskTable {
            amounts: vec![
                (cell("总额", 3, 40), Field::FundingTotal, "总额"),
                (cell("财政拨款", 4, 50), Field::FundingFiscal, "财政拨款"),
                (cell("其他资金", 5, 60), Field::FundingOther, "其他资金"),
            ],
            ..TaskTable::default()
        };
        let fields = |cells: &[Cell<'static>], by_index| -> Vec<Option<Field>> {
            table
                .place(cells, by_index)
                .into_iter()
                .map(|p| p.map(|(_, f, _)| f))
                .collect()
        };
        use Field::{FundingFiscal as Fi, FundingOther as O, FundingTotal as T};
        type Case = (&'static str, Vec<Cell<'static>>, bool, Vec<Option<Field>>);
        let cases: &[Case] = &[
            (
                "one amount per column, drifted: in order",
                vec![
                    cell("合计", 0, 0),
                    cell("9", 1, 7),
                    cell("8", 2, 12),
                    cell("1", 3, 20),
                ],
                false,
                vec![None, Some(T), Some(Fi), Some(O)],
            ),
            (
                "an empty column: by index",
                vec![cell("任务", 1, 4), cell("9", 3, 40), cell("9", 4, 50)],
                true,
                vec![None, Some(T), Some(Fi)],
            ),
            (
                "two cells in one column: neither",
                vec![cell("任务", 0, 4), cell("9", 1, 40), cell("8", 2, 41)],
                false,
                vec![None, None, None],
            ),
        ];
        for (what, cells, by_index, want) in cases {
            assert_eq!(&fields(cells, *by_index), want, "{what}");
        }
    }

    /// `is_period` dismisses cells of more than ten characters past spaces
    /// and colons: every period it accepts is shorter.
    #[test]
    fn periods_are_short() {
        for p in ANNUAL_PERIODS {
            assert!(p.chars().count() <= 10 && is_period(p), "{p}");
        }
        for t in [
            "本年度申请资金：",
            "上 年 度 安 排 资 金",
            "实施期::::::::::::",
            "以前年度",
        ] {
            assert!(is_period(t), "{t}");
        }
        for t in ["本年度申请资金预算数预算", "年度目标：完成全部建设任务"]
        {
            assert!(!is_period(t), "{t}");
        }
    }

    /// A header value wrapped in its own column is still found with a blank
    /// line after every row (as some PDF text prints them).
    #[test]
    fn a_wrapped_value_beside_a_label_survives_blank_lines() {
        let text = include_str!("../fixtures/layouts/wrapped-value-beside-label.txt");
        for spaced in [false, true] {
            let text = if spaced {
                text.replace('\n', "\n\n")
            } else {
                text.to_owned()
            };
            let report = crate::parse_text("t.txt", &text, "utf-8");
            let name = report.records[0].project_name.as_deref();
            assert_eq!(
                name,
                Some("南塘社区日间照料中心运营补助"),
                "blank lines: {spaced}"
            );
        }
    }

    /// A 成本指标 first read as a 二级 (inferring 产出指标) and then found to be
    /// its row's first level withdraws that inference, and only that one.
    #[test]
    fn cost_first_level_withdraws_its_inference() {
        let text = "项目名称\t示例渠道修缮\n\
                    一级指标\t二级指标\t三级指标\t指标值\n\
                    \t社会效益指标\t受益农户数\t≥600户\n\
                    \t成本指标\t经济成本指标\t每公里成本\t≤15万元\n\
                    \t\t质量指标\t验收合格率\t100%\n";
        let report = crate::parse_text("t.txt", text, "utf-8");
        let r = &report.records[0];
        let inferred: Vec<Option<usize>> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::Level1Inferred)
            .map(|d| d.line)
            .collect();
        // 社会效益指标 (line 3) and 质量指标 (line 5) have no 一级 cell; the
        // 成本指标 of line 4, first read as a 二级 not under 效益指标, is one.
        assert_eq!(inferred, [Some(3), Some(5)]);
        let levels: Vec<_> = r
            .indicators
            .iter()
            .map(|i| (i.level1.as_deref(), i.level2.as_deref()))
            .collect();
        assert_eq!(
            levels,
            [
                (Some("效益指标"), Some("社会效益指标")),
                (Some("成本指标"), Some("经济成本指标")),
                (Some("产出指标"), Some("质量指标")),
            ]
        );
    }

    #[test]
    fn titles_naming_a_unit_and_year() {
        for (text, want) in [
            ("东溪县花溪乡人民政府2024年部门整体支出绩效目标表", true),
            ("某馆2025年度项目支出绩效目标表", true),
            ("2024年部门整体支出绩效目标表", false),
            ("项目支出绩效目标申报表", false),
            ("某局202年项目支出绩效目标表", false),
        ] {
            assert_eq!(names_unit_and_year(text), want, "{text}");
        }
    }

    #[test]
    fn headings_before_a_form_or_after_a_table() {
        // (text, numbered heading, part heading)
        let table = [
            ("（二）特种设备安全监察", true, false),
            ("三、农村饮水工程维修", true, false),
            ("2.城区绿化养护", true, false),
            ("第三部分", false, true),
            ("第二章", false, true),
            ("（一）完成道路养护12公里。", false, false),
            ("群众满意度", false, false),
            ("≥90%", false, false),
            ("第三部分收支预算总表说明", false, false),
        ];
        for (text, numbered, part) in table {
            assert_eq!(is_numbered_heading(text), numbered, "{text}");
            assert_eq!(is_part_heading(text), part, "{text}");
        }
    }

    #[test]
    fn prose_line_table() {
        for (text, want) in [
            ("2.部门绩效评价结果。", true),
            ("第三部分", true),
            ("第二章 项目概况", true),
            ("（三）加强预算绩效管理。", true),
            (
                "1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。",
                true,
            ),
            ("十五、名词解释", true),
            ("三、附表", false),
            ("1.新建道路长度", false),
            ("2.群众满意度", false),
            ("明显改善。", false),
            ("第三方评价满意度", false),
            ("2023年12月底前完成", false),
        ] {
            assert_eq!(is_prose_line(text), want, "{text}");
        }
    }

    #[test]
    fn paragraph_keys() {
        let cases = [
            ("1.完成普查登记。", Some("1")),
            ("12、开展培训", Some("12")),
            ("(2)完成验收", Some("2")),
            ("经济普查:全面调查", Some("经济普查")),
            ("完成示例道路养护", None),
            ("2024年完成", None),
        ];
        for (text, want) in cases {
            assert_eq!(paragraph_key(text), want, "{text}");
        }
    }

    #[test]
    fn paragraphs_in_series() {
        let cases = [
            ("目标1：保障运行。", "目标2：派车及时。", true),
            ("（三）负责后勤。", "（四）负责会务。", true),
            ("(三)负责后勤。", "（四）负责会务。", false),
            ("1.完成普查。", "2.完成审核。", true),
            ("1.完成普查。", "3.完成审核。", false),
            ("九、其他", "十、附则", true),
            ("（三）负责后勤。", "目标1：保障运行。", false),
            ("2024年完成验收", "2025年完成验收", false),
            ("完成示例道路养护", "目标2：", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(follows_in_series(a, b), want, "{a} -> {b}");
        }
    }

    #[test]
    fn split_name_value_table() {
        let cases = [
            ("受益群众满意度 ≥90%", Some(("受益群众满意度", "≥90%"))),
            (
                "平台使用范围 全区各帮扶部门",
                Some(("平台使用范围", "全区各帮扶部门")),
            ),
            (
                "清单 大屏幕、音响; 后台系统",
                Some(("清单", "大屏幕、音响; 后台系统")),
            ),
            ("受益 人口 数量", None),
            ("≥90% 满意", None),
        ];
        for (text, want) in cases {
            let cell = Cell {
                text,
                line: 1,
                index: 0,
                col: 0,
            };
            let got = split_name_value(&cell).map(|(n, v)| (n.text, v.text));
            assert_eq!(got, want, "{text}");
        }
    }
}
