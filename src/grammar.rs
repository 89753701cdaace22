//! The form grammar: rows of cells → form drafts of borrowed text.
//!
//! Forms are segmented and read in one pass over the rows. Every non-empty
//! cell is classified by the label vocabulary ([`crate::labels`]); labels
//! drive a small state machine (preamble → header → indicator table → note)
//! and text cells become the values of the labels before them. Nothing here
//! allocates text: drafts hold `&str` slices of the source with their lines,
//! and every cell that lands nowhere becomes a diagnostic, so no line of the
//! input is silently dropped.

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Code, Diagnostic};
use crate::labels::{level1_of, match_label, Field, Label, LabelMatch};
use crate::layout::{Cell, Row};
use crate::record::Layout;

/// A piece of source text with its 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The trimmed cell text.
    pub text: &'a str,
    /// 1-based line.
    pub line: usize,
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
    /// The label as written (for `extra` keys and funding item labels).
    pub label: &'a str,
    /// The vocabulary spelling it matched.
    pub spelling: &'static str,
    /// A bracketed annotation on the label (`万元`).
    pub annotation: Option<&'a str>,
    /// Line of the label.
    pub line: usize,
    /// The value's cells, in reading order (several when wrapped or split).
    pub values: Vec<Piece<'a>>,
}

/// A column of the indicator table beyond the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column<'a> {
    /// What the column header means.
    pub field: Field,
    /// The header as written.
    pub header: &'a str,
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
    /// Other columns: header → cell.
    pub extra: Vec<(&'a str, Piece<'a>)>,
    /// Line of the row.
    pub line: usize,
}

/// Everything read of one form, as borrowed text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormDraft<'a> {
    /// The title line.
    pub title: Option<Piece<'a>>,
    /// The year from a `（2019年度）` line.
    pub year: Option<(i32, usize)>,
    /// Header labels with their values, in source order.
    pub header: Vec<HeaderField<'a>>,
    /// Indicator table columns after the name, from the table's header row.
    pub columns: Vec<Column<'a>>,
    /// Indicator rows.
    pub indicators: Vec<IndicatorDraft<'a>>,
    /// The 注 paragraph's pieces.
    pub note: Vec<Piece<'a>>,
    /// First line of the form.
    pub line_start: usize,
    /// Last line of the form.
    pub line_end: usize,
    /// Rows with two or more cells, by separator: tabs, spaces, pipes.
    pub separators: [usize; 3],
    /// Whether the indicator table was reached.
    pub saw_table: bool,
    /// Diagnostics raised while reading the form.
    pub diagnostics: Vec<Diagnostic>,
}

impl FormDraft<'_> {
    /// How the form's cells were separated.
    pub fn layout(&self) -> Layout {
        let [tabs, spaces, pipes] = self.separators;
        match (tabs > 0, spaces > 0, pipes > 0) {
            (false, false, false) => Layout::CellPerLine,
            (true, false, false) => Layout::Tabs,
            (false, true, false) => Layout::Spaces,
            (false, false, true) => Layout::Pipes,
            _ => Layout::Mixed,
        }
    }

    fn has(&self, field: Field) -> bool {
        self.header.iter().any(|h| h.field == field)
    }

    fn is_empty(&self) -> bool {
        self.header.is_empty() && self.indicators.is_empty() && self.note.is_empty()
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Preamble,
    Header,
    Table,
    After,
}

/// A classified non-empty cell.
#[derive(Debug, Clone, Copy)]
enum Tok<'a> {
    Label(LabelMatch<'a>, Cell<'a>),
    Text(Cell<'a>),
}

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{4}\s*年度?)?.{0,20}绩效目标(?:申报)?(?:表|审核表)(?:[(（][^)）]{1,20}[)）])?$",
    )
    .unwrap_or_else(|e| panic!("title regex: {e}"))
});
static YEAR_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（]?\s*(\d{4})\s*年度?\s*[)）]?$").unwrap_or_else(|e| panic!("year regex: {e}"))
});
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]",
        r"|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?",
        r"|\d{1,4}\s*/\s*\d{1,4}",
        r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页",
        r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
    ))
    .unwrap_or_else(|e| panic!("furniture regex: {e}"))
});

/// True when a single cell is a page number or page marker.
pub fn is_page_furniture(text: &str) -> bool {
    FURNITURE.is_match(text)
}

/// Reads a year line such as `（2019年度）`.
pub fn year_line(text: &str) -> Option<i32> {
    let caps = YEAR_LINE.captures(text)?;
    caps.get(1)?.as_str().parse().ok()
}

/// True when a cell looks like a form title.
pub fn is_title(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !crate::normalize::is_space(*c))
        .collect();
    TITLE.is_match(&compact)
}

/// Whether `text`, found on a row below a label, can be that label's value:
/// an amount label takes only amount-like text, a name only a short one.
fn plausible(field: Field, text: &str) -> bool {
    let chars = text.chars().count();
    match field {
        Field::FundingTotal | Field::FundingFiscal | Field::FundingOther | Field::FundingItem => {
            chars <= 40
                && (text
                    .chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
                    || matches!(text, "-" | "—" | "/" | "无"))
        }
        Field::Leader | Field::LeaderName | Field::LeaderPhone => chars <= 40,
        Field::ProjectName | Field::Department | Field::DepartmentName => chars <= 120,
        _ => true,
    }
}

struct Reader<'a> {
    doc: Document<'a>,
    form: Option<FormDraft<'a>>,
    state: State,
    /// Header labels awaiting a value on the next row (indices into `form.header`).
    pending: Vec<usize>,
    /// The header field that received the last text, for wrapped continuations.
    last_filled: Option<usize>,
    /// Lines outside any form, reported once the first form exists.
    preamble: Vec<Diagnostic>,
    level1: Option<&'a str>,
    level2: Option<&'a str>,
    /// Whether the previous row was the note (a wrapped note continues).
    after_note_row: bool,
}

/// Reads all forms of a text from its rows.
pub fn read<'a>(rows: &[Row<'a>]) -> Document<'a> {
    let mut r = Reader {
        doc: Document {
            line_use: vec![None; rows.last().map_or(0, |r| r.line)],
            ..Document::default()
        },
        form: None,
        state: State::Preamble,
        pending: Vec::new(),
        last_filled: None,
        preamble: Vec::new(),
        level1: None,
        level2: None,
        after_note_row: false,
    };
    for row in rows {
        r.row(row);
    }
    r.close_form();
    if r.doc.forms.is_empty() {
        r.doc.stray.append(&mut r.preamble);
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

    fn diag(&mut self, d: Diagnostic) {
        match self.form.as_mut() {
            Some(f) => f.diagnostics.push(d),
            None => self.preamble.push(d),
        }
    }

    fn unplaced(&mut self, cell: &Cell<'a>) {
        self.mark(cell.line, LineUse::Diagnosed);
        let d = Diagnostic::at(
            Code::UnplacedLine,
            cell.line,
            format!("text fits no field of the form: {}", cell.text),
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
        self.state = State::Header;
        self.pending.clear();
        self.last_filled = None;
        self.level1 = None;
        self.level2 = None;
        self.after_note_row = false;
    }

    fn close_form(&mut self) {
        if let Some(f) = self.form.take() {
            self.doc.forms.push(f);
        }
    }

    fn count_separator(&mut self, row: &Row<'a>) {
        if row.filled().count() < 2 {
            return;
        }
        let slot = match row.layout {
            Some(Layout::Tabs) => 0,
            Some(Layout::Spaces) => 1,
            Some(Layout::Pipes) => 2,
            _ => return,
        };
        if let Some(f) = self.form.as_mut() {
            f.separators[slot] += 1;
        }
    }

    fn row(&mut self, row: &Row<'a>) {
        if row.is_blank() {
            self.mark(row.line, LineUse::Blank);
            self.after_note_row = false;
            return;
        }
        let filled: Vec<Cell<'a>> = row.filled().copied().collect();

        // Rows of a single cell may be a title, a year line or page furniture.
        if let [only] = filled.as_slice() {
            if is_page_furniture(only.text) {
                self.furniture(only, "page number");
                return;
            }
            if is_title(only.text) {
                self.title(only);
                return;
            }
            if let Some(year) = year_line(only.text) {
                self.year(only, year);
                return;
            }
        }

        let toks: Vec<Tok<'a>> = filled
            .iter()
            .map(|c| match match_label(c.text) {
                Some(m) if self.accepts(&m) => Tok::Label(m, *c),
                _ => Tok::Text(*c),
            })
            .collect();

        // A header label that opens a new project starts a new form when the
        // current one already has its own (a form whose title is missing).
        if let Some(Tok::Label(m, c)) = toks.first() {
            if self.starts_new_form(m) {
                self.open_form(c.line);
            }
        }
        if self.form.is_none() {
            // Text before any form: remembered and reported on the first form.
            for c in &filled {
                self.unplaced(c);
            }
            return;
        }
        self.count_separator(row);
        self.touch(row.line);
        for t in &toks {
            if let Tok::Label(m, c) = t {
                if m.fuzzy {
                    let d = Diagnostic::at(
                        Code::LabelFuzzy,
                        c.line,
                        format!("read label {} as {}", c.text, m.spelling),
                    );
                    self.diag(d);
                }
            }
        }
        match self.state {
            State::Preamble | State::Header => self.header_row(&toks),
            State::Table => self.table_row(&toks),
            State::After => self.after_row(&toks),
        }
    }

    /// Fuzzy label matches are trusted only where such a label can stand.
    fn accepts(&self, m: &LabelMatch<'a>) -> bool {
        if !m.fuzzy {
            return true;
        }
        match self.state {
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
                    )
            ),
            _ => matches!(m.label, Label::Field(_)),
        }
    }

    fn starts_new_form(&self, m: &LabelMatch<'a>) -> bool {
        let Some(form) = self.form.as_ref() else {
            return matches!(
                m.label,
                Label::Field(Field::ProjectName | Field::DepartmentName | Field::Department)
            );
        };
        match m.label {
            Label::Field(f @ (Field::ProjectName | Field::DepartmentName)) => form.has(f),
            Label::Field(Field::Department) => {
                form.has(Field::Department) && matches!(self.state, State::Table | State::After)
            }
            _ => false,
        }
    }

    fn title(&mut self, cell: &Cell<'a>) {
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
    }

    fn year(&mut self, cell: &Cell<'a>, year: i32) {
        let open_new = match &self.form {
            None => true,
            Some(f) => f.year.is_some() || matches!(self.state, State::Table | State::After),
        };
        if open_new {
            self.open_form(cell.line);
        }
        self.mark(cell.line, LineUse::Field);
        self.touch(cell.line);
        if let Some(f) = self.form.as_mut() {
            f.year = Some((year, cell.line));
        }
    }

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
        });
        let idx = f.header.len() - 1;
        if !m.rest.is_empty() {
            f.header[idx].values.push(Piece {
                text: m.rest,
                line: c.line,
            });
            self.mark(c.line, LineUse::Field);
        }
        Some(idx)
    }

    fn give(&mut self, idx: usize, c: &Cell<'a>) {
        self.mark(c.line, LineUse::Field);
        if let Some(h) = self.form.as_mut().and_then(|f| f.header.get_mut(idx)) {
            h.values.push(c.into());
        }
        self.last_filled = Some(idx);
    }

    fn header_row(&mut self, toks: &[Tok<'a>]) {
        self.state = State::Header;
        let starts_with_label = matches!(toks.first(), Some(Tok::Label(..)));
        let mut pending = std::mem::take(&mut self.pending);
        if starts_with_label {
            pending.clear();
        }
        let lead_texts = toks
            .iter()
            .take_while(|t| matches!(t, Tok::Text(_)))
            .count();
        let mut row_labels: Vec<usize> = Vec::new();
        let mut current: Option<usize> = None;
        let mut i = 0;
        // Leading texts go to labels left waiting by the rows above: the
        // innermost (rightmost) labels first, since outer ones are sections.
        if lead_texts > 0 {
            let lead: Vec<Cell<'a>> = toks[..lead_texts]
                .iter()
                .filter_map(|t| match t {
                    Tok::Text(c) => Some(*c),
                    Tok::Label(..) => None,
                })
                .collect();
            if pending.is_empty() {
                match self.continuation_target() {
                    Some(idx) => lead.iter().for_each(|c| self.give(idx, c)),
                    None => lead.iter().for_each(|c| self.unplaced(c)),
                }
            } else {
                // Only waiting labels whose value this text could be.
                let mut targets: Vec<usize> = pending.clone();
                let skip = targets.len().saturating_sub(lead.len());
                targets.drain(..skip);
                for (k, c) in lead.iter().enumerate() {
                    let idx = targets.get(k.min(targets.len().saturating_sub(1))).copied();
                    let field = idx
                        .and_then(|i| self.form.as_ref()?.header.get(i))
                        .map(|h| h.field);
                    match (idx, field) {
                        (Some(idx), Some(f)) if plausible(f, c.text) => self.give(idx, c),
                        _ => self.unplaced(c),
                    }
                }
            }
            i = lead_texts;
        }
        while i < toks.len() {
            match toks[i] {
                Tok::Label(m, c) => match m.label {
                    Label::Field(
                        Field::Table
                        | Field::ColLevel1
                        | Field::ColLevel2
                        | Field::ColName
                        | Field::ColValue,
                    )
                    | Label::Level1(_)
                    | Label::Level2(_) => {
                        self.state = State::Table;
                        self.pending.clear();
                        self.table_row(&toks[i..]);
                        return;
                    }
                    Label::Field(Field::Note) => {
                        self.note_start(&toks[i..]);
                        return;
                    }
                    Label::Field(Field::Furniture) => {
                        // 填表人 and approval rows: the rest of the row goes with it.
                        for t in &toks[i..] {
                            let (Tok::Label(_, c) | Tok::Text(c)) = t;
                            self.furniture(c, "form-filler or approval row");
                        }
                        return;
                    }
                    Label::Field(field) => {
                        if let Some(idx) = self.push_header(&m, &c, field) {
                            if !m.rest.is_empty() {
                                self.last_filled = Some(idx);
                            }
                            row_labels.push(idx);
                            current = Some(idx);
                        }
                    }
                },
                Tok::Text(c) => match current {
                    Some(idx) => self.give(idx, &c),
                    None => self.unplaced(&c),
                },
            }
            i += 1;
        }
        // Labels left without a value wait for the next row, except section
        // labels directly followed by another label (资金情况, 总体目标).
        let Some(form) = self.form.as_ref() else {
            return;
        };
        for (k, &idx) in row_labels.iter().enumerate() {
            let Some(h) = form.header.get(idx) else {
                continue;
            };
            if !h.values.is_empty() {
                continue;
            }
            // No text came between this label and the next one in the row.
            let followed_by_label = k + 1 < row_labels.len();
            let section = matches!(h.field, Field::Funding | Field::GoalSection);
            if section && followed_by_label {
                continue;
            }
            self.pending.push(idx);
        }
    }

    /// The field a text-only row continues: a goal or an extra header paragraph
    /// wrapped onto the next line.
    fn continuation_target(&self) -> Option<usize> {
        let idx = self.last_filled?;
        let h = self.form.as_ref()?.header.get(idx)?;
        matches!(
            h.field,
            Field::GoalAnnual | Field::GoalLongTerm | Field::GoalSection | Field::Extra
        )
        .then_some(idx)
    }

    fn note_start(&mut self, toks: &[Tok<'a>]) {
        self.state = State::After;
        self.after_note_row = true;
        for t in toks {
            match t {
                Tok::Label(m, c) if matches!(m.label, Label::Field(Field::Note)) => {
                    self.mark(c.line, LineUse::Label);
                    if !m.rest.is_empty() {
                        self.mark(c.line, LineUse::Field);
                        if let Some(f) = self.form.as_mut() {
                            f.note.push(Piece {
                                text: m.rest,
                                line: c.line,
                            });
                        }
                    }
                }
                Tok::Label(_, c) | Tok::Text(c) => {
                    self.mark(c.line, LineUse::Field);
                    if let Some(f) = self.form.as_mut() {
                        f.note.push(c.into());
                    }
                }
            }
        }
    }

    fn after_row(&mut self, toks: &[Tok<'a>]) {
        if let Some(Tok::Label(m, _)) = toks.first() {
            if matches!(m.label, Label::Field(Field::Note)) {
                self.note_start(toks);
                return;
            }
        }
        let all_text = toks.iter().all(|t| matches!(t, Tok::Text(_)));
        for t in toks {
            let (Tok::Label(_, c) | Tok::Text(c)) = t;
            if self.after_note_row && all_text {
                // the note paragraph wrapped onto this line
                self.mark(c.line, LineUse::Field);
                if let Some(f) = self.form.as_mut() {
                    f.note.push(c.into());
                }
            } else if matches!(t, Tok::Label(m, _) if matches!(m.label, Label::Field(Field::Furniture)))
            {
                self.furniture(c, "form-filler or approval row");
            } else {
                self.unplaced(c);
            }
        }
    }

    fn table_row(&mut self, toks: &[Tok<'a>]) {
        let line = toks.first().map_or(0, |t| {
            let (Tok::Label(_, c) | Tok::Text(c)) = t;
            c.line
        });
        self.touch(line);
        // A table header row: record the columns after the name.
        let is_header = toks.iter().any(|t| {
            matches!(t, Tok::Label(m, _) if matches!(m.label, Label::Field(
                Field::ColLevel1 | Field::ColLevel2 | Field::ColName | Field::ColValue
            )))
        });
        if is_header {
            self.table_header(toks);
            return;
        }
        let mut levels: Vec<(&'a str, bool, Cell<'a>)> = Vec::new(); // (name, is_level1, cell)
        let mut texts: Vec<Cell<'a>> = Vec::new();
        for (k, t) in toks.iter().enumerate() {
            match t {
                Tok::Label(m, c) => match m.label {
                    Label::Level1(name) => levels.push((name, true, *c)),
                    Label::Level2(name) => levels.push((name, false, *c)),
                    Label::Field(Field::Note) => {
                        self.finish_row(line, &levels, &texts);
                        self.note_start(&toks[k..]);
                        return;
                    }
                    Label::Field(Field::Table) => self.mark(c.line, LineUse::Label),
                    Label::Field(Field::Furniture) => {
                        self.furniture(c, "form-filler or approval row")
                    }
                    // Any other label inside the table is read as text.
                    Label::Field(_) => texts.push(*c),
                },
                Tok::Text(c) => texts.push(*c),
            }
        }
        self.finish_row(line, &levels, &texts);
    }

    fn table_header(&mut self, toks: &[Tok<'a>]) {
        let mut cols = Vec::new();
        let mut after_name = false;
        for t in toks {
            match t {
                Tok::Label(m, c) => {
                    self.mark(c.line, LineUse::Label);
                    match m.label {
                        Label::Field(Field::ColName) => after_name = true,
                        Label::Field(f @ (Field::ColValue | Field::ColExtra)) => {
                            after_name = true;
                            cols.push(Column {
                                field: f,
                                header: c.text,
                            });
                        }
                        _ => {}
                    }
                }
                Tok::Text(c) if after_name => {
                    // An unknown column header: kept as an extra column.
                    self.mark(c.line, LineUse::Label);
                    cols.push(Column {
                        field: Field::ColExtra,
                        header: c.text,
                    });
                }
                Tok::Text(c) => self.unplaced(c),
            }
        }
        if let Some(f) = self.form.as_mut() {
            f.saw_table = true;
            f.columns = cols;
        }
    }

    fn finish_row(
        &mut self,
        line: usize,
        levels: &[(&'a str, bool, Cell<'a>)],
        texts: &[Cell<'a>],
    ) {
        if levels.is_empty() && texts.is_empty() {
            return;
        }
        if let Some(f) = self.form.as_mut() {
            f.saw_table = true;
        }
        // Two level labels in one row: the first is the 一级 (成本指标 as a
        // first level in newer templates).
        let mut row_l1: Option<(&'a str, Cell<'a>)> = None;
        let mut row_l2: Option<(&'a str, Cell<'a>)> = None;
        for &(name, is_l1, c) in levels {
            self.mark(c.line, LineUse::Label);
            if is_l1 || (row_l2.is_some() && row_l1.is_none()) {
                if !is_l1 {
                    // the earlier level-2 label was really the 一级
                    row_l1 = row_l2.take();
                    row_l2 = Some((name, c));
                } else {
                    row_l1 = Some((name, c));
                }
            } else {
                row_l2 = Some((name, c));
            }
        }
        if let Some((l1, _)) = row_l1 {
            self.level1 = Some(l1);
            self.level2 = None;
        }
        if let Some((l2, c)) = row_l2 {
            self.level2 = Some(l2);
            if row_l1.is_none() {
                if let Some(parent) = level1_of(l2) {
                    if self.level1 != Some(parent) && !(l2 == "成本指标" && self.level1.is_none())
                    {
                        let d = Diagnostic::at(
                            Code::Level1Inferred,
                            c.line,
                            format!(
                                "二级指标 {l2} has no 一级指标 cell; inferred {parent} from the label"
                            ),
                        );
                        self.diag(d);
                        self.level1 = Some(parent);
                    }
                }
            }
        }
        if texts.is_empty() {
            let names: Vec<&str> = levels.iter().map(|l| l.0).collect();
            let d = Diagnostic::at(
                Code::LabelOnlyRow,
                line,
                format!(
                    "row holds only labels ({}); not an indicator",
                    names.join(", ")
                ),
            );
            self.diag(d);
            return;
        }
        let columns = self
            .form
            .as_ref()
            .map(|f| f.columns.clone())
            .unwrap_or_default();
        let mut ind = IndicatorDraft {
            level1: self.level1,
            level2: self.level2,
            name: vec![(&texts[0]).into()],
            value: Vec::new(),
            extra: Vec::new(),
            line,
        };
        self.mark(texts[0].line, LineUse::Field);
        // Cells after the name fill the columns after the name, in order.
        for (k, c) in texts[1..].iter().enumerate() {
            match columns.get(k) {
                Some(col) if col.field != Field::ColValue => {
                    self.mark(c.line, LineUse::Field);
                    ind.extra.push((col.header, c.into()));
                }
                None if k > 0 => self.unplaced(c),
                _ => {
                    self.mark(c.line, LineUse::Field);
                    ind.value.push(c.into());
                }
            }
        }
        if let Some(f) = self.form.as_mut() {
            f.indicators.push(ind);
        }
    }
}
