//! Deterministic degradations of a clean form text: the damage OCR, PDF
//! extraction and legacy encodings do to real files, one pure function each.
#![allow(dead_code)]

/// A small seeded xorshift64* generator, so every degraded copy is reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (zero is remapped, xorshift has no zero state).
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A degraded text and what a test needs to know about the damage.
#[derive(Debug, Clone)]
pub struct Sample {
    /// The text so far.
    pub text: String,
    /// Lines inserted that are not part of any form (compared trimmed, controls removed).
    pub inserted: Vec<String>,
    /// Indices of forms whose title line was removed.
    pub untitled: Vec<usize>,
}

impl Sample {
    /// A sample holding the clean text.
    pub fn new(text: &str) -> Self {
        Sample {
            text: text.to_owned(),
            inserted: Vec::new(),
            untitled: Vec::new(),
        }
    }

    /// Applies `f` to every line (split on `\n`), keeping the line structure.
    fn map_lines(&mut self, mut f: impl FnMut(&str) -> String) {
        self.text = self
            .text
            .split('\n')
            .map(&mut f)
            .collect::<Vec<_>>()
            .join("\n");
    }

    /// Replaces the text by the lines `f` returns for the current lines.
    fn edit_lines(&mut self, f: impl FnOnce(Vec<String>) -> Vec<String>) {
        let lines = self.text.split('\n').map(str::to_owned).collect();
        self.text = f(lines).join("\n");
    }

    /// The 1-based numbers of lines of `text` (split as the parser does) that
    /// are one of the inserted lines.
    pub fn inserted_lines(&self, text: &str) -> Vec<(usize, String)> {
        split_lines(text)
            .into_iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let norm: String = l.chars().filter(|c| !c.is_control()).collect();
                let norm = norm.trim();
                self.inserted
                    .iter()
                    .any(|s| s == norm)
                    .then(|| (i + 1, norm.to_owned()))
            })
            .collect()
    }
}

/// Splits on `\r\n`, `\n` or a lone `\r`, like the parser's line reader.
pub fn split_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\n', '\r']) {
        out.push(&rest[..i]);
        let brk = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + brk..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The title line every seed form starts with.
pub const TITLE: &str = "绩效目标申报表";

/// Encodes a whole text to bytes.
pub type Encoder = fn(&str) -> Vec<u8>;

/// What a degradation does.
#[derive(Clone, Copy)]
pub enum Kind {
    /// Rewrites the text.
    Text(fn(&mut Sample, &mut Rng)),
    /// Encodes the final text to bytes; the string is the encoding the parser should report.
    Bytes(Encoder, &'static str),
}

/// One named degradation.
#[derive(Clone, Copy)]
pub struct Degradation {
    /// The name tests and messages use.
    pub name: &'static str,
    /// When it runs in a combination: lower stages first.
    pub stage: u8,
    /// At most one degradation of a group goes into a combination.
    pub group: &'static str,
    /// The transformation.
    pub kind: Kind,
}

/// Every degradation whose degraded copy must parse to the clean records.
pub const ALL: &[Degradation] = &[
    Degradation {
        name: "wrap_goal",
        stage: 0,
        group: "wrap_goal",
        kind: Kind::Text(wrap_goal),
    },
    Degradation {
        name: "wrap_indicator_name",
        stage: 0,
        group: "wrap_name",
        kind: Kind::Text(wrap_indicator_name),
    },
    Degradation {
        name: "wrap_list_value",
        stage: 0,
        group: "wrap_value",
        kind: Kind::Text(wrap_list_value),
    },
    Degradation {
        name: "title_removed",
        stage: 1,
        group: "title",
        kind: Kind::Text(remove_title),
    },
    Degradation {
        name: "blank_lines_between_forms_removed",
        stage: 1,
        group: "blank",
        kind: Kind::Text(remove_blank_between_forms),
    },
    Degradation {
        name: "page_furniture",
        stage: 2,
        group: "furniture",
        kind: Kind::Text(page_furniture),
    },
    Degradation {
        name: "running_header",
        stage: 2,
        group: "header",
        kind: Kind::Text(running_header),
    },
    Degradation {
        name: "ocr_label_confusion",
        stage: 3,
        group: "ocr",
        kind: Kind::Text(ocr_label_confusion),
    },
    Degradation {
        name: "name_value_one_space",
        stage: 3,
        group: "one_space",
        kind: Kind::Text(name_value_one_space),
    },
    Degradation {
        name: "label_value_one_space",
        stage: 3,
        group: "one_space_label",
        kind: Kind::Text(label_value_one_space),
    },
    Degradation {
        name: "title_ocr",
        stage: 3,
        group: "title_ocr",
        kind: Kind::Text(title_ocr),
    },
    Degradation {
        name: "label_inner_spaces",
        stage: 3,
        group: "label_spaces",
        kind: Kind::Text(label_inner_spaces),
    },
    Degradation {
        name: "fullwidth_punctuation",
        stage: 3,
        group: "fullwidth",
        kind: Kind::Text(fullwidth_punctuation),
    },
    Degradation {
        name: "tabs_to_pipes",
        stage: 4,
        group: "tabs",
        kind: Kind::Text(tabs_to_pipes),
    },
    Degradation {
        name: "tabs_to_spaces",
        stage: 4,
        group: "tabs",
        kind: Kind::Text(tabs_to_spaces),
    },
    Degradation {
        name: "tabs_to_spaces_some_lines",
        stage: 4,
        group: "tabs",
        kind: Kind::Text(tabs_to_spaces_some_lines),
    },
    Degradation {
        name: "spaced_labels_space_runs",
        stage: 4,
        group: "tabs",
        kind: Kind::Text(spaced_labels_space_runs),
    },
    Degradation {
        name: "spaced_labels_single_spaces",
        stage: 4,
        group: "tabs",
        kind: Kind::Text(spaced_labels_single_spaces),
    },
    Degradation {
        name: "spaced_labels_mixed_spaces",
        stage: 4,
        group: "tabs",
        kind: Kind::Text(spaced_labels_mixed_spaces),
    },
    Degradation {
        name: "trailing_whitespace",
        stage: 5,
        group: "trailing",
        kind: Kind::Text(trailing_whitespace),
    },
    Degradation {
        name: "form_feeds",
        stage: 5,
        group: "form_feed",
        kind: Kind::Text(form_feeds),
    },
    Degradation {
        name: "control_chars",
        stage: 6,
        group: "controls",
        kind: Kind::Text(control_chars),
    },
    Degradation {
        name: "crlf",
        stage: 7,
        group: "eol",
        kind: Kind::Text(crlf),
    },
    Degradation {
        name: "lone_cr",
        stage: 7,
        group: "eol",
        kind: Kind::Text(lone_cr),
    },
    Degradation {
        name: "utf8_bom",
        stage: 8,
        group: "encoding",
        kind: Kind::Bytes(utf8_bom, "UTF-8"),
    },
    Degradation {
        name: "utf16le_bom",
        stage: 8,
        group: "encoding",
        kind: Kind::Bytes(utf16le_bom, "UTF-16LE"),
    },
    Degradation {
        name: "utf16be_bom",
        stage: 8,
        group: "encoding",
        kind: Kind::Bytes(utf16be_bom, "UTF-16BE"),
    },
    Degradation {
        name: "utf16le_no_bom",
        stage: 8,
        group: "encoding",
        kind: Kind::Bytes(utf16le_no_bom, "UTF-16LE"),
    },
    Degradation {
        name: "gb18030",
        stage: 8,
        group: "encoding",
        kind: Kind::Bytes(gb18030, "GB18030"),
    },
    Degradation {
        name: "spaced_values_space_runs",
        stage: 4,
        group: "tabs",
        kind: Kind::Text(spaced_values_space_runs),
    },
];

/// Looks a degradation up by name.
pub fn by_name(name: &str) -> Degradation {
    *ALL.iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no degradation named {name}"))
}

/// A degraded copy: its bytes, the encoding the parser should report, and the sample.
pub struct Degraded {
    /// A name made of the degradations applied, in order.
    pub name: String,
    /// The bytes to parse.
    pub bytes: Vec<u8>,
    /// The encoding the parser should report.
    pub encoding: &'static str,
    /// The degraded text before encoding, and the damage made.
    pub sample: Sample,
}

/// Applies degradations in stage order to `clean`, with a generator seeded by `seed`.
pub fn apply(clean: &str, degradations: &[Degradation], seed: u64) -> Degraded {
    let mut ds = degradations.to_vec();
    ds.sort_by_key(|d| d.stage);
    let name = ds.iter().map(|d| d.name).collect::<Vec<_>>().join("+");
    let mut rng = Rng::new(seed);
    let mut sample = Sample::new(clean);
    let mut encode: Option<(Encoder, &'static str)> = None;
    for d in &ds {
        match d.kind {
            Kind::Text(f) => f(&mut sample, &mut rng),
            Kind::Bytes(f, enc) => encode = Some((f, enc)),
        }
    }
    let (bytes, encoding) = match encode {
        Some((f, enc)) => (f(&sample.text), enc),
        None => (sample.text.clone().into_bytes(), "UTF-8"),
    };
    Degraded {
        name,
        bytes,
        encoding,
        sample,
    }
}

/// Degradations that together give a shape the parser does not read yet: kept
/// out of the random combinations, and checked to still fail so a fixed gap
/// is noticed and taken off the list.
pub struct KnownGap {
    /// The degradations that together fail.
    pub degradations: &'static [&'static str],
    /// The generator seed the failure was seen with.
    pub seed: u64,
    /// The shape that is misread.
    pub shape: &'static str,
    /// A made-up minimal example of the shape and what goes wrong.
    pub example: &'static str,
}

/// Shapes in space-separated rows the parser misreads today.
pub const KNOWN_GAPS: &[KnownGap] = &[];

/// True when `chosen` holds every degradation of some known gap.
fn holds_known_gap(chosen: &[Degradation]) -> bool {
    KNOWN_GAPS.iter().any(|g| {
        g.degradations
            .iter()
            .all(|name| chosen.iter().any(|d| d.name == *name))
    })
}

/// How many degradations, from the start of [`ALL`], the first
/// [`FIRST_WIDE`] combinations draw from. Drawing those from more would
/// redraw every fixed combination, so the degradations after them are drawn
/// by the later combinations only.
pub const COMBINED: usize = 29;

/// The first combination that draws from all of [`ALL`]; each from here on
/// holds one of the degradations after [`COMBINED`] (spaced values), so that
/// they meet the others.
pub const FIRST_WIDE: u64 = 30;

/// The `n`th random combination: two to five degradations from distinct
/// groups, never all the degradations of a known gap.
pub fn combination(n: u64) -> Vec<Degradation> {
    let mut rng = Rng::new(0xC0DE_0000 + n);
    let want = rng.between(2, 5);
    let mut chosen: Vec<Degradation> = Vec::new();
    let pool = if n >= FIRST_WIDE {
        chosen.push(*rng.pick(&ALL[COMBINED..]));
        ALL
    } else {
        &ALL[..COMBINED]
    };
    while chosen.len() < want {
        let d = *rng.pick(pool);
        if chosen.iter().all(|c| c.group != d.group) {
            chosen.push(d);
            if holds_known_gap(&chosen) {
                chosen.pop();
            }
        }
    }
    chosen.sort_by_key(|d| d.stage);
    chosen
}

// ---- encodings and bytes ----

fn utf8_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend_from_slice(text.as_bytes());
    out
}

/// UTF-16 code units of `text` as bytes, with or without a BOM.
pub fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom
        .then_some(0xFEFFu16)
        .into_iter()
        .chain(text.encode_utf16());
    units
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

fn utf16le_bom(text: &str) -> Vec<u8> {
    utf16(text, false, true)
}

fn utf16be_bom(text: &str) -> Vec<u8> {
    utf16(text, true, true)
}

fn utf16le_no_bom(text: &str) -> Vec<u8> {
    utf16(text, false, false)
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable, "GB18030 maps every character");
    bytes.into_owned()
}

fn crlf(s: &mut Sample, _: &mut Rng) {
    s.text = s.text.replace('\n', "\r\n");
}

fn lone_cr(s: &mut Sample, _: &mut Rng) {
    s.text = s.text.replace('\n', "\r");
}

/// Appends spaces, tabs and ideographic spaces to about half of the lines.
fn trailing_whitespace(s: &mut Sample, rng: &mut Rng) {
    s.map_lines(|l| {
        let mut l = l.to_owned();
        if rng.chance(0.5) {
            for _ in 0..rng.between(1, 4) {
                l.push(*rng.pick(&[' ', '\t', '\u{3000}']));
            }
        }
        l
    });
}

/// Sprinkles NUL and other C0 controls and DEL between characters.
fn control_chars(s: &mut Sample, rng: &mut Rng) {
    const CONTROLS: &[char] = &['\0', '\0', '\u{1}', '\u{7}', '\u{8}', '\u{1B}', '\u{7F}'];
    let mut out = String::with_capacity(s.text.len() + 64);
    for c in s.text.chars() {
        if rng.chance(0.01) {
            out.push(*rng.pick(CONTROLS));
        }
        out.push(c);
    }
    s.text = out;
}

/// A form feed at the start of each form's title line but the first (pdftotext's page break).
fn form_feeds(s: &mut Sample, _: &mut Rng) {
    let mut seen = 0;
    s.map_lines(|l| {
        if l.trim() == TITLE {
            seen += 1;
            if seen > 1 {
                return format!("\u{C}{l}");
            }
        }
        l.to_owned()
    });
}

// ---- layout ----

/// Every tab becomes a run of two to four spaces, on every line.
fn tabs_to_spaces(s: &mut Sample, rng: &mut Rng) {
    s.map_lines(|l| spaces_for_tabs(l, rng));
}

/// Every tab-separated line becomes a pipe row ending in ` |` (a flattened
/// HTML table): `项目名称 | 扶贫综合保险 | … |`.
fn tabs_to_pipes(s: &mut Sample, _rng: &mut Rng) {
    s.map_lines(|l| {
        if l.contains('\t') {
            let mut out: Vec<&str> = l.split('\t').collect();
            while out.last().is_some_and(|c| c.trim().is_empty()) && out.len() > 1 {
                out.pop();
            }
            format!("{} |", out.join(" | "))
        } else {
            l.to_owned()
        }
    });
}

/// Tabs become runs of spaces on about half of the lines only.
fn tabs_to_spaces_some_lines(s: &mut Sample, rng: &mut Rng) {
    s.map_lines(|l| {
        if rng.chance(0.5) {
            spaces_for_tabs(l, rng)
        } else {
            l.to_owned()
        }
    });
}

fn spaces_for_tabs(line: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    for c in line.chars() {
        if c == '\t' {
            out.push_str(&" ".repeat(rng.between(2, 4)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Swaps ASCII and full-width `:`, `(`, `)`, `,`, `%` in both directions, about half of each.
fn fullwidth_punctuation(s: &mut Sample, rng: &mut Rng) {
    const PAIRS: &[(char, char)] = &[
        (':', '：'),
        ('(', '（'),
        (')', '）'),
        (',', '，'),
        ('%', '％'),
    ];
    s.text = s
        .text
        .chars()
        .map(|c| {
            let other = PAIRS.iter().find_map(|&(a, b)| {
                if c == a {
                    Some(b)
                } else if c == b {
                    Some(a)
                } else {
                    None
                }
            });
            match other {
                Some(o) if rng.chance(0.5) => o,
                _ => c,
            }
        })
        .collect();
}

/// Labels whose cells get spaces between their characters.
const SPACED_LABELS: &[&str] = &[
    "项目名称",
    "主管部门",
    "实施单位",
    "年度目标",
    "绩效指标",
    "一级指标",
];

/// Spaces out label cells (`项 目 名 称`): every 项目名称 and 主管部门, others at random.
fn label_inner_spaces(s: &mut Sample, rng: &mut Rng) {
    s.map_lines(|l| {
        l.split('\t')
            .map(|cell| {
                let always = matches!(cell, "项目名称" | "主管部门");
                if SPACED_LABELS.contains(&cell) && (always || rng.chance(0.5)) {
                    cell.chars().map(String::from).collect::<Vec<_>>().join(" ")
                } else {
                    cell.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\t")
    });
}

/// Labels a space-separated row always prints with spaces between their characters.
pub const ROW_SPACED_ALWAYS: &[&str] = &["项目名称", "主管部门", "一级指标", "年度目标"];

/// Labels a space-separated row prints spaced out about half of the time.
const ROW_SPACED_SOMETIMES: &[&str] = &[
    "实施单位",
    "总体目标",
    "绩效指标",
    "二级指标",
    "三级指标",
    "指标值",
    "其他资金",
];

/// A label with a space between each two characters (`项 目 名 称`).
pub fn spaced(label: &str) -> String {
    label
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cells of a tab-separated line, each label of [`ROW_SPACED_ALWAYS`]
/// spaced out and each of [`ROW_SPACED_SOMETIMES`] at random.
fn cells_with_spaced_labels(line: &str, rng: &mut Rng) -> Vec<String> {
    line.split('\t')
        .map(|cell| {
            let sometimes = ROW_SPACED_SOMETIMES.contains(&cell) && rng.chance(0.5);
            if ROW_SPACED_ALWAYS.contains(&cell) || sometimes {
                spaced(cell)
            } else {
                cell.to_owned()
            }
        })
        .collect()
}

/// The index of the last cell of `cells` holding text.
fn last_filled(cells: &[String]) -> Option<usize> {
    cells.iter().rposition(|c| !c.trim().is_empty())
}

/// Lays tab-separated lines out as `pdftotext -layout` does: each cell starts
/// at its column's display position, columns as wide as their widest cell
/// (a line's last cell runs on and widens nothing) plus a gap of two.
/// `single(row, boundary)` says which cell boundaries get one space instead.
fn lay_out_columns(s: &mut Sample, rng: &mut Rng, single: impl FnMut(&[String], usize) -> bool) {
    lay_out_cells(s, rng, cells_with_spaced_labels, single);
}

/// [`lay_out_columns`] with the cells of each tab-separated line given by `cells_of`.
fn lay_out_cells(
    s: &mut Sample,
    rng: &mut Rng,
    cells_of: fn(&str, &mut Rng) -> Vec<String>,
    mut single: impl FnMut(&[String], usize) -> bool,
) {
    let rows: Vec<Option<Vec<String>>> = s
        .text
        .split('\n')
        .map(|l| l.contains('\t').then(|| cells_of(l, rng)))
        .collect();
    let mut widths: Vec<usize> = Vec::new();
    for cells in rows.iter().flatten() {
        let last = last_filled(cells).unwrap_or(0);
        for (j, c) in cells.iter().enumerate().take(last) {
            if widths.len() <= j {
                widths.resize(j + 1, 0);
            }
            widths[j] = widths[j].max(unicode_width::UnicodeWidthStr::width(c.as_str()));
        }
    }
    let mut starts = vec![0usize];
    for w in &widths {
        let prev = starts.last().copied().unwrap_or(0);
        starts.push(if *w == 0 { prev } else { prev + w + 2 });
    }
    let lines: Vec<String> = s.text.split('\n').map(str::to_owned).collect();
    s.text = lines
        .iter()
        .zip(&rows)
        .map(|(l, row)| {
            let Some(cells) = row else {
                return l.clone();
            };
            let mut out = String::new();
            let mut filled = 0usize;
            for (j, c) in cells.iter().enumerate() {
                if c.trim().is_empty() {
                    continue;
                }
                let width = unicode_width::UnicodeWidthStr::width(out.as_str());
                if filled > 0 && single(cells, j) {
                    out.push(' ');
                } else {
                    let at = starts.get(j).copied().unwrap_or(width + 2);
                    let min = if filled > 0 { 2 } else { 0 };
                    out.push_str(&" ".repeat(at.saturating_sub(width).max(min)));
                }
                out.push_str(c);
                filled += 1;
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n");
}

/// Spaced labels (`项 目 名 称`) in rows whose cells are aligned in columns
/// by runs of spaces, merged cells left blank.
fn spaced_labels_space_runs(s: &mut Sample, rng: &mut Rng) {
    lay_out_columns(s, rng, |_, _| false);
}

/// Spaced labels in rows whose cells are one space apart, empty cells dropped:
/// `项 目 名 称 扶贫综合保险 项目负责人及电话 张 军 86928079`.
fn spaced_labels_single_spaces(s: &mut Sample, rng: &mut Rng) {
    s.map_lines(|l| {
        if !l.contains('\t') {
            return l.to_owned();
        }
        cells_with_spaced_labels(l, rng)
            .into_iter()
            .filter(|c| !c.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    });
}

/// Spaced labels in column-aligned rows where the cell after a label, or an
/// indicator's value after its name, is only one space away on every other
/// such row (`主 管 部 门 区财政局      实施单位  …`).
fn spaced_labels_mixed_spaces(s: &mut Sample, rng: &mut Rng) {
    let mut k = 0usize;
    lay_out_columns(s, rng, |cells, j| {
        let Some(before) = cells[..j].iter().rev().find(|c| !c.trim().is_empty()) else {
            return false;
        };
        let squeezed: String = before.chars().filter(|c| *c != ' ').collect();
        let after_label = ROW_SPACED_ALWAYS.contains(&squeezed.as_str())
            || ROW_SPACED_SOMETIMES.contains(&squeezed.as_str())
            || matches!(squeezed.as_str(), "项目负责人及电话" | "实施单位");
        let value_after_name = last_filled(cells) == Some(j)
            && cells.first().is_some_and(|c| c.is_empty())
            && !after_label;
        if after_label || value_after_name {
            k += 1;
            k % 2 == 1
        } else {
            false
        }
    });
}

/// A quantity cell with a space between its comparator, number and unit
/// (`≥340户` → `≥ 340 户`, `100%` → `100 %`, `1年` → `1 年`), or a date with a
/// space between each number and the word after it (`2019年12月底前` →
/// `2019 年 12 月底前`); None for other cells: text and amounts of money
/// (`6.7万元`, read by the funding grammar, not the value grammar).
pub fn spaced_value(cell: &str) -> Option<String> {
    if let Some(date) = spaced_date(cell) {
        return Some(date);
    }
    let (op, rest) = ["≥", "≤", ">=", "<=", ">", "<", "="]
        .iter()
        .find_map(|o| cell.strip_prefix(*o).map(|r| (*o, r)))
        .unwrap_or(("", cell));
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, unit) = rest.split_at(end);
    let unit_ok = unit.chars().count() <= 2
        && !unit.contains(|c: char| c.is_ascii_digit())
        && !unit.contains('元');
    if number.is_empty() || !unit_ok || (op.is_empty() && unit.is_empty()) {
        return None;
    }
    let mut out = String::new();
    for part in [op, number, unit] {
        if !part.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    Some(out)
}

/// A date cell `2019年12月[31日]` and the words after it, spaced out as PDF
/// text prints it: `2019 年 12 月 31 日前`. None when the cell does not start
/// with a year, a month and the words 年 and 月, or has a digit after its date.
fn spaced_date(cell: &str) -> Option<String> {
    // Runs of digits and of other characters, in order.
    let mut runs: Vec<String> = Vec::new();
    for c in cell.chars() {
        match runs.last_mut() {
            Some(last) if last.ends_with(|p: char| p.is_ascii_digit()) == c.is_ascii_digit() => {
                last.push(c);
            }
            _ => runs.push(c.to_string()),
        }
    }
    let digits = |r: &String| r.chars().all(|c| c.is_ascii_digit());
    let shape = match runs.as_slice() {
        [y, nian, m, yue, ..] => {
            y.len() == 4
                && digits(y)
                && nian == "年"
                && m.len() <= 2
                && digits(m)
                && yue.starts_with('月')
        }
        _ => false,
    };
    let tail = match runs.as_slice() {
        [_, _, _, yue, d, ri, rest @ ..] if yue == "月" && digits(d) && ri.starts_with('日') => {
            d.len() <= 2 && rest.is_empty()
        }
        [_, _, _, _, rest @ ..] => rest.is_empty(),
        _ => false,
    };
    (shape && tail).then(|| runs.join(" "))
}

/// The cells of a tab-separated line as [`cells_with_spaced_labels`] gives
/// them, each quantity spaced out by [`spaced_value`].
fn cells_with_spaced_values(line: &str, rng: &mut Rng) -> Vec<String> {
    cells_with_spaced_labels(line, rng)
        .into_iter()
        .map(|c| spaced_value(&c).unwrap_or(c))
        .collect()
}

/// Spaced labels and spaced values (`≥ 340 户`, `100 %`, `2019 年 12 月底前`) in rows whose cells
/// are aligned in columns by runs of spaces, the values right-aligned as
/// tables print numbers: the words of one value then start where other rows'
/// values start, and the column grid must not cut a value there.
fn spaced_values_space_runs(s: &mut Sample, rng: &mut Rng) {
    lay_out_cells(s, rng, cells_with_spaced_values, |_, _| false);
    right_align_values(s);
}

/// Moves each spaced value that ends a line to the right, so that the
/// values starting in one column all end where the widest of them ends.
fn right_align_values(s: &mut Sample) {
    let width = |t: &str| unicode_width::UnicodeWidthStr::width(t);
    // (line, byte where the value starts, its display column, its width)
    let mut values = Vec::new();
    for (i, line) in s.text.split('\n').enumerate() {
        let Some(at) = line.rfind("  ").map(|k| k + 2) else {
            continue;
        };
        let cell = line[at..].trim_start_matches(' ');
        let at = line.len() - cell.len();
        let squeezed: String = cell.chars().filter(|c| *c != ' ').collect();
        if cell.contains(' ') && spaced_value(&squeezed).as_deref() == Some(cell) {
            values.push((i, at, width(&line[..at]), width(cell)));
        }
    }
    let mut lines: Vec<String> = s.text.split('\n').map(str::to_owned).collect();
    for &(i, at, col, w) in &values {
        let widest = values
            .iter()
            .filter(|v| v.2 == col)
            .map(|v| v.3)
            .max()
            .unwrap_or(w);
        if let Some(line) = lines.get_mut(i) {
            line.insert_str(at, &" ".repeat(widest - w));
        }
    }
    s.text = lines.join("\n");
}

/// Spaces out, in text already laid out with spaces, every label of
/// [`ROW_SPACED_ALWAYS`] and [`ROW_SPACED_SOMETIMES`] that stands as a whole
/// cell; the run of spaces after it gives up the added width where it can, so
/// the columns after it stay aligned, and keeps at least two spaces.
pub fn space_out_labels(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let mut out = String::new();
            let mut rest = line;
            while !rest.is_empty() {
                let at_cell = out.is_empty() || out.ends_with(' ');
                let label = ROW_SPACED_ALWAYS
                    .iter()
                    .chain(ROW_SPACED_SOMETIMES)
                    .filter(|l| rest.starts_with(**l))
                    .max_by_key(|l| l.len());
                let whole = label.filter(|l| {
                    let after = &rest[l.len()..];
                    at_cell && (after.is_empty() || after.starts_with(' '))
                });
                let Some(label) = whole else {
                    let c = rest.chars().next().unwrap_or(' ');
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                    continue;
                };
                out.push_str(&spaced(label));
                rest = &rest[label.len()..];
                let run = rest.len() - rest.trim_start_matches(' ').len();
                let added = label.chars().count() - 1;
                if run >= 2 && !rest[run..].is_empty() {
                    let keep = run.saturating_sub(added).max(2);
                    out.push_str(&" ".repeat(keep));
                    rest = &rest[run..];
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One-character OCR confusions in labels.
const CONFUSIONS: &[(&str, &str)] = &[
    ("项目负责人及电话", "项目负贵人及电话"),
    ("指标值", "指杯值"),
    ("三级指标", "三级指杯"),
    ("主管部门", "主管部闩"),
    ("产出指标", "产出指杯"),
    ("实施单位", "实施单住"),
    ("满意度指标", "满意度指枟"),
    ("质量指标", "质量指柝"),
];

/// Each form gets every fourth confusion (form 1 the 1st, 5th, …), so every kind occurs.
fn ocr_label_confusion(s: &mut Sample, _rng: &mut Rng) {
    let mut form = 0usize;
    s.map_lines(|l| {
        if l.trim() == TITLE {
            form += 1;
        }
        let mine: Vec<(&str, &str)> = CONFUSIONS
            .iter()
            .enumerate()
            .filter(|(k, _)| k % 4 == form.saturating_sub(1) % 4)
            .map(|(_, c)| *c)
            .collect();
        l.split('\t')
            .map(|cell| {
                mine.iter()
                    .find(|(from, _)| cell == *from)
                    .map_or(cell, |(_, to)| to)
            })
            .collect::<Vec<_>>()
            .join("\t")
    });
}

/// Leaves one space instead of a cell break between an indicator's name and
/// its value on every other table row (`受益群众满意度 ≥90%`).
fn name_value_one_space(s: &mut Sample, _rng: &mut Rng) {
    let mut in_table = false;
    let mut k = 0usize;
    s.map_lines(|l| {
        if l.starts_with("绩效指标") {
            in_table = true;
            return l.to_owned();
        }
        if l.starts_with('注') || l.trim() == TITLE {
            in_table = false;
        }
        let filled: Vec<usize> = l
            .split('\t')
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .map(|(i, _)| i)
            .collect();
        if !in_table || filled.len() < 2 {
            return l.to_owned();
        }
        k += 1;
        if k.is_multiple_of(2) {
            return l.to_owned();
        }
        let (a, b) = (filled[filled.len() - 2], filled[filled.len() - 1]);
        let cells: Vec<&str> = l.split('\t').collect();
        let mut out: Vec<String> = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            if i == a {
                out.push(format!("{} {}", c, cells[b]));
            } else if i > a && i <= b {
                continue;
            } else {
                out.push((*c).to_owned());
            }
        }
        out.join("\t")
    });
}

/// Leaves one space instead of a cell break between a header label and its
/// value (`项目名称 扶贫综合保险`).
fn label_value_one_space(s: &mut Sample, _rng: &mut Rng) {
    const LABELS: &[&str] = &["项目名称", "项目负责人及电话", "主管部门", "实施单位"];
    s.map_lines(|l| {
        let cells: Vec<&str> = l.split('\t').collect();
        let mut out: Vec<String> = Vec::new();
        let mut i = 0;
        while i < cells.len() {
            let next = (i + 1..cells.len()).find(|&k| !cells[k].trim().is_empty());
            match next {
                Some(k) if LABELS.contains(&cells[i]) => {
                    out.push(format!("{} {}", cells[i], cells[k]));
                    i = k + 1;
                }
                _ => {
                    out.push(cells[i].to_owned());
                    i += 1;
                }
            }
        }
        out.join("\t")
    });
}

/// Damages one character of every title line (`绩效目杯申报表`).
fn title_ocr(s: &mut Sample, _rng: &mut Rng) {
    s.map_lines(|l| {
        if l.trim() == TITLE {
            l.replace("目标", "目杯")
        } else {
            l.to_owned()
        }
    });
}

/// Breaks a cell's text every 27–33 characters, never inside a run of ASCII letters and digits.
fn chunks(text: &str, rng: &mut Rng) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    while chars.len() - start > 33 {
        let mut end = start + rng.between(27, 33);
        while end < chars.len()
            && chars[end - 1].is_ascii_alphanumeric()
            && chars[end].is_ascii_alphanumeric()
        {
            end += 1;
        }
        if end >= chars.len() {
            break;
        }
        out.push(chars[start..end].iter().collect());
        start = end;
    }
    out.push(chars[start..].iter().collect());
    out
}

/// The leading tabs of a line.
fn indent(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches('\t').len()]
}

/// Wraps each 年度目标 paragraph: the line below the 年度目标 label becomes
/// several lines, each continuation indented by the same tabs.
pub fn wrap_goal(s: &mut Sample, rng: &mut Rng) {
    s.edit_lines(|lines| {
        let mut out = Vec::new();
        let mut after_label = false;
        for l in lines {
            if after_label && l.starts_with('\t') && l.trim().chars().count() > 40 {
                let ind = indent(&l).to_owned();
                let body = l.trim_start_matches('\t');
                let text = body.trim_end_matches('\t');
                let tail = &body[text.len()..];
                let parts = chunks(text, rng);
                let n = parts.len();
                for (i, p) in parts.into_iter().enumerate() {
                    let end = if i + 1 == n { tail } else { "" };
                    out.push(format!("{ind}{p}{end}"));
                }
            } else {
                out.push(l.clone());
            }
            after_label = l.split('\t').any(|c| c == "年度目标");
        }
        out
    });
}

/// Wraps a long cell of the indicator table: the row keeps the cell's first
/// part and its other cells; a new row holds the rest in the same column.
fn wrap_cell(s: &mut Sample, column: usize, min_chars: usize) {
    s.edit_lines(|lines| {
        let mut out = Vec::new();
        let mut in_table = false;
        for l in lines {
            let cells: Vec<&str> = l.split('\t').collect();
            if cells.first() == Some(&"绩效指标") {
                in_table = true;
            } else if l.starts_with("注") || l.trim() == TITLE {
                in_table = false;
            }
            let target = if in_table && cells.first() == Some(&"") {
                // Table rows with leading empty cells: the name is the 4th cell,
                // the value the first non-empty cell after it.
                match column {
                    3 => (cells.len() > 3).then_some(3),
                    _ => cells
                        .iter()
                        .enumerate()
                        .skip(4)
                        .find(|(_, c)| !c.is_empty())
                        .map(|(i, _)| i),
                }
            } else {
                None
            };
            match target {
                Some(i) if cells[i].chars().count() >= min_chars => {
                    let chars: Vec<char> = cells[i].chars().collect();
                    let cut = if column == 3 {
                        chars.len() / 2
                    } else {
                        // Break after a list separator near the middle.
                        let mid = chars.len() / 2;
                        (mid..chars.len())
                            .find(|&k| matches!(chars[k - 1], '、' | ';' | '；'))
                            .unwrap_or(mid)
                    };
                    let head: String = chars[..cut].iter().collect();
                    let rest: String = chars[cut..].iter().collect();
                    let mut first = cells.clone();
                    first[i] = &head;
                    out.push(first.join("\t"));
                    let cont: Vec<&str> = (0..cells.len())
                        .map(|k| if k == i { rest.as_str() } else { "" })
                        .collect();
                    out.push(cont.join("\t"));
                }
                _ => out.push(l.clone()),
            }
        }
        out
    });
}

/// Wraps long indicator names (14 or more characters) onto a second row.
fn wrap_indicator_name(s: &mut Sample, _: &mut Rng) {
    wrap_cell(s, 3, 14);
}

/// Wraps long indicator values (30 or more characters: the lists) onto a second row.
fn wrap_list_value(s: &mut Sample, _: &mut Rng) {
    wrap_cell(s, 4, 30);
}

/// Removes the title line of one form other than the first.
fn remove_title(s: &mut Sample, rng: &mut Rng) {
    let forms = s.text.split('\n').filter(|l| l.trim() == TITLE).count();
    if forms < 2 {
        return;
    }
    let victim = rng.between(1, forms - 1);
    s.untitled.push(victim);
    let mut seen = 0;
    s.edit_lines(|lines| {
        lines
            .into_iter()
            .filter(|l| {
                if l.trim() == TITLE {
                    seen += 1;
                    return seen - 1 != victim;
                }
                true
            })
            .collect()
    });
}

/// Removes the blank lines between one form's 注 and the next form's title.
fn remove_blank_between_forms(s: &mut Sample, _: &mut Rng) {
    s.edit_lines(|lines| {
        let mut out: Vec<String> = Vec::new();
        let mut after_note = false;
        for l in lines {
            if l.starts_with("注") {
                after_note = true;
            } else if after_note && l.trim().is_empty() {
                continue;
            } else {
                after_note = false;
            }
            out.push(l);
        }
        out
    });
}

/// Non-blank line indices where an inserted line can go: before a line that
/// is not the first of the text, with at least one inside an indicator table.
fn insertion_points(lines: &[String], rng: &mut Rng, count: usize) -> Vec<usize> {
    let mut table_rows = Vec::new();
    let mut others = Vec::new();
    let mut in_table = false;
    let mut seen_first = false;
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("绩效指标") {
            in_table = true;
            continue;
        }
        if l.trim().is_empty() || l.starts_with("注") {
            in_table = false;
        }
        if !seen_first {
            seen_first = !l.trim().is_empty();
            continue;
        }
        if in_table {
            table_rows.push(i);
        } else if !l.trim().is_empty() {
            others.push(i);
        }
    }
    let mut points = vec![*rng.pick(&table_rows), *rng.pick(&table_rows)];
    while points.len() < count {
        points.push(*rng.pick(&others));
    }
    points.sort_unstable();
    points.dedup();
    points
}

/// Inserts page numbers in the four common styles between rows, some inside indicator tables.
fn page_furniture(s: &mut Sample, rng: &mut Rng) {
    let mut lines: Vec<String> = s.text.split('\n').map(str::to_owned).collect();
    let points = insertion_points(&lines, rng, 5);
    let total = points.len() + 1;
    for (k, &at) in points.iter().enumerate().rev() {
        let page = k + 1;
        let mark = match k % 4 {
            0 => format!("— {page} —"),
            1 => format!("- {page} -"),
            2 => format!("第 {page} 页 共 {total} 页"),
            _ => format!("{page}/{total}"),
        };
        s.inserted.push(mark.clone());
        lines.insert(at, mark);
    }
    s.text = lines.join("\n");
}

/// The running header of the volume the forms were printed in.
pub const RUNNING_HEADER: &str = "2019年区级项目绩效目标汇编";

/// Repeats a running header line at three page breaks, one inside an indicator table.
fn running_header(s: &mut Sample, rng: &mut Rng) {
    let mut lines: Vec<String> = s.text.split('\n').map(str::to_owned).collect();
    let points = insertion_points(&lines, rng, 3);
    for &at in points.iter().rev() {
        lines.insert(at, RUNNING_HEADER.to_owned());
    }
    s.inserted.push(RUNNING_HEADER.to_owned());
    s.text = lines.join("\n");
}

// ---- truncation ----

/// Where a truncated copy ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// Lines kept whole (1-based count).
    pub full_lines: usize,
    /// The number of the line kept only in part, when the cut is inside a line.
    pub partial_line: Option<usize>,
}

/// Keeps the first `n` lines of `text`.
pub fn cut_after_line(text: &str, n: usize) -> (String, Cut) {
    let kept: Vec<&str> = text.split('\n').take(n).collect();
    (
        kept.join("\n") + "\n",
        Cut {
            full_lines: n,
            partial_line: None,
        },
    )
}

/// Keeps the first `n` lines and the first `chars` characters of line `n + 1`.
pub fn cut_inside_line(text: &str, n: usize, chars: usize) -> (String, Cut) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = lines[..n].join("\n");
    let part: String = lines[n].chars().take(chars).collect();
    if n > 0 {
        out.push('\n');
    }
    out.push_str(&part);
    let partial = !part.trim().is_empty();
    (
        out,
        Cut {
            full_lines: n,
            partial_line: partial.then_some(n + 1),
        },
    )
}

/// A degraded copy whose damage changes what one form says: the parser cannot restore it,
/// so the form's record must be flagged for review.
#[derive(Debug, Clone)]
pub struct Corrupted {
    /// What was done, for messages.
    pub name: String,
    /// The 0-based index of the form the damage is in.
    pub form: usize,
    /// The damaged text.
    pub text: String,
}

/// What OCR makes of a `≥` in front of a number: `二`, a bracket, a letter, a bare `>`.
pub const COMPARATOR_JUNK: &[&str] = &["二", "》", "z", ">", "2"];

/// Cover-page and neighbouring-cell text that a bad extraction glues onto a project name.
pub const COVER_GLUE: &[&str] = &[
    " 编报单位（印章）：区财政局",
    "（印章）",
    " 项目负责人：张军",
    " 13912345678",
    " 二〇一九年度区级财政专项资金项目支出绩效目标申报材料汇编 区财政局编印 二〇一九年三月 \
     本册收录全区各部门报送的项目支出绩效目标申报表共计四十二份 供审核使用",
];

/// The 0-based index of the form `offset` lies in (forms start at each title line).
fn form_at(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |before| before.matches(TITLE).count().saturating_sub(1))
}

/// Every meaning-changing copy of `text`: each `≥` before a digit in a cell replaced by each
/// piece of [`COMPARATOR_JUNK`], each `≥99%` mirrored to `%66z` (OCR of a flipped scan), and
/// each 项目名称 cell glued to each piece of [`COVER_GLUE`].
pub fn corruptions(text: &str) -> Vec<Corrupted> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices('≥') {
        let after = &text[at + '≥'.len_utf8()..];
        if !after.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let form = form_at(text, at);
        for junk in COMPARATOR_JUNK {
            out.push(Corrupted {
                name: format!("≥ at byte {at} read as {junk:?}"),
                form,
                text: format!("{}{junk}{after}", &text[..at]),
            });
        }
        if let Some(rest) = after.strip_prefix("99%") {
            out.push(Corrupted {
                name: format!("≥99% at byte {at} mirrored to %66z"),
                form,
                text: format!("{}%66z{rest}", &text[..at]),
            });
        }
    }
    let label = "项目名称";
    for (at, _) in text.match_indices(label) {
        // The name is the first non-empty cell after the label.
        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        let line = &text[at..line_end];
        let Some((cell_start, cell)) = line
            .split('\t')
            .scan(0usize, |pos, c| {
                let start = *pos;
                *pos += c.len() + 1;
                Some((start, c))
            })
            .skip(1)
            .find(|(_, c)| !c.trim().is_empty())
        else {
            continue;
        };
        let end = at + cell_start + cell.len();
        let form = form_at(text, at);
        for glue in COVER_GLUE {
            out.push(Corrupted {
                name: format!("项目名称 of form {form} glued to {glue:?}"),
                form,
                text: format!("{}{glue}{}", &text[..end], &text[end..]),
            });
        }
    }
    out
}

/// Removes every white space from a text, as OCR of a PDF and some document
/// sites do: tabs and spaces always, line breaks too unless `keep_lines`
/// (then each table row stays on its own line). Not in [`ALL`]: the cells run
/// together, so the copy parses to the clean records only where names and
/// values can be told apart (tests/glued.rs).
pub fn remove_white_space(text: &str, keep_lines: bool) -> String {
    text.chars()
        .filter(|&c| !c.is_whitespace() || (keep_lines && matches!(c, '\n' | '\r')))
        .collect()
}
