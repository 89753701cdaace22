//! The `jixiao` command line: a thin layer over the library.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jixiao::batch::{self, Input};
use jixiao::check::{self, Outcome};
use jixiao::diagnostic::{Code, Diagnostic, Severity};
use jixiao::output::csv::CsvWriter;
use jixiao::output::json::{serialize, JsonFormat, JsonWriter};
use jixiao::output::replace::Pending;
use jixiao::output::terminal::escape;
use jixiao::{FileReport, Options};

mod audit_cli;

/// Prints a line on stdout; a closed pipe (`| head`) ends the program quietly.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("jixiao: cannot write output: {e}");
            std::process::exit(i32::from(EXIT_FAILED));
        }
    }};
}

/// Exit code: every file parsed without an error diagnostic.
const EXIT_OK: u8 = 0;
/// Exit code: some file failed, produced an error diagnostic, or drifted.
const EXIT_FAILED: u8 = 1;
/// Exit code: the command line was wrong (clap uses it too).
const EXIT_USAGE: u8 = 2;
/// Exit code: interrupted by Ctrl-C; what was written is whole lines.
const EXIT_INTERRUPTED: u8 = 130;

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "Turn OCR'd 绩效目标申报表 (performance target forms) into typed, validated JSON records",
    after_help = "Exit codes: 0 all parsed clean; 1 a file failed, produced an error diagnostic \
                  (or, with --strict, a warning) or a check drifted; 2 usage error; 130 interrupted.\n\n\
                  Run `jixiao help parse` for examples."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse forms into records (JSON, JSON Lines or CSV).
    #[command(after_help = PARSE_EXAMPLES)]
    Parse(ParseArgs),
    /// Compare inputs with their reviewed `X.expected.json` files, or bless them.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Import records into an SQLite database (one transaction per file).
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// Print the JSON Schema (draft 2020-12) of the output records (or of the audit output), or their Spark schema.
    Schema(SchemaArgs),
    /// Write static HTML review pages: each record beside its source, every value linked to its line.
    #[command(after_help = REVIEW_EXAMPLES)]
    Review(ReviewArgs),
    /// Audit forms as a budget reviewer does: completeness, quantified targets, money that fits.
    #[command(after_help = audit_cli::AUDIT_EXAMPLES)]
    Audit(audit_cli::AuditArgs),
}

const REVIEW_EXAMPLES: &str = "\
Examples:
  jixiao review -o review.html fixtures/seed/poverty-2019.txt
  jixiao review -o pages/ fixtures/layouts/
  jixiao review --check -o drift.html fixtures/

A page is one self-contained HTML file (no network): the source lines on one side, the
records on the other; click a value to see its line, a line to see its values; j/k jump
between problems. With -o DIR/ (a path ending in / or an existing directory) it writes
DIR/index.html and one page per file. --check compares each X.txt with X.expected.json
and shows the drift with the `jixiao check --bless` command that accepts it.

Exit codes: 0 pages written; 1 a page could not be written, or with --check a file drifted
or has no expected file; 2 usage error; 130 interrupted.";

#[derive(Args)]
struct ReviewArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The page to write, or a directory (ending in `/`) for an index and one page per file.
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
    /// Compare with X.expected.json beside each input and show the drift.
    #[arg(long)]
    check: bool,
}

const PARSE_EXAMPLES: &str = "\
Examples:
  jixiao parse fixtures/seed/poverty-2019.txt
  jixiao parse --format jsonl -o records.jsonl fixtures/
  jixiao parse --glob '*.txt' --jobs 2 fixtures/layouts/ > records.json
  iconv -t GB18030 fixtures/seed/poverty-2019.txt > gb.txt && jixiao parse --encoding gbk gb.txt
  jixiao parse --format csv --excel -o indicators.csv fixtures/seed/
  cat fixtures/seed/poverty-2019.txt | jixiao parse -
  find fixtures -name '*.txt' | jixiao parse --files-from - --format jsonl
  find fixtures -name '*.txt' > all.txt
  jixiao parse --files-from all.txt --shard 2/8 --format jsonl -o part-2.jsonl

--shard I/N (0-based) keeps the files whose index in the sorted, de-duplicated input list
(paths, directories expanded, and --files-from entries) is I mod N: N workers given the same
list and I = 0..N-1 parse every file exactly once. A shard with no files writes an empty
output and exits 0.

Each form becomes one record (see docs/record-format in the README). In JSON Lines mode a
file that yields no record becomes one line {\"error\": true, \"source\": {...}, \"diagnostics\": [...]}.
Errors and warnings are also printed on stderr as `path:line: warning[code]: message` (-q: errors
only); the summary says how many forms need review and why. --review-only writes only those.

Exit codes: 0 every file parsed without an error diagnostic (an empty shard included); 1 a
file could not be read, held no form or produced an error diagnostic (with --strict, also a
warning), the --files-from list could not be read, or no input was found at all; 2 usage error
(a bad --shard, `-` both as the list and as an input); 130 interrupted.";

const CHECK_EXAMPLES: &str = "\
Examples:
  jixiao check fixtures/
  jixiao check --ignore raw,diagnostics fixtures/layouts/
  jixiao check --bless fixtures/seed/poverty-2019.txt
  jixiao check --format json fixtures/ > report.json

Every X.txt under the paths is parsed and compared with X.expected.json beside it, field by
field (`form 2 indicators[4].value.number: expected 564, got 56.4 (line 46)`). Run it from the
directory the expected files were blessed in: `source.path` is compared too.";

const IMPORT_EXAMPLES: &str = "\
Examples:
  jixiao import --db forms.sqlite fixtures/seed/
  sqlite3 forms.sqlite 'SELECT level1, count(*) FROM indicators GROUP BY level1'

Importing a file again with the same content changes nothing; a changed file replaces its rows.";

#[derive(Args)]
struct InputArgs {
    /// Files, directories (read recursively) or `-` for standard input.
    #[arg(required_unless_present = "files_from", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Also read the paths listed in this file, one per line (`-`: the list comes on standard input).
    #[arg(long, value_name = "LIST")]
    files_from: Option<PathBuf>,
    /// Only shard I of N (0-based): the files whose index in the sorted input list is I mod N.
    #[arg(long, value_name = "I/N")]
    shard: Option<jixiao::shard::Shard>,
    /// Only files whose name matches this glob, inside directories.
    #[arg(long, value_name = "GLOB")]
    glob: Option<String>,
    /// Decode every file with this encoding instead of detecting it (gbk, gb18030, utf-16le, …).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Parse this many files at once (default: all cores).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// No progress bar, warnings or summary on stderr (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    /// Files larger than this are not read (a `file-too-large` error; the batch goes on).
    /// Bytes, or with a K, M or G suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    max_file_size: u64,
}

/// A size in bytes: `4096`, `64K`, `512M`, `1G` (powers of 1024; a trailing `B`/`iB` is allowed).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t
        .strip_suffix("iB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(t);
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 10),
        Some((i, 'm' | 'M')) => (&t[..i], 20),
        Some((i, 'g' | 'G')) => (&t[..i], 30),
        _ => (t, 0),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1u64 << shift))
        .ok_or_else(|| format!("{s:?} is not a size (try 4096, 64K, 512M or 1G)"))
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One JSON array of records.
    Json,
    /// One record per line; files without records as error lines.
    Jsonl,
    /// One row per indicator with the form's fields repeated.
    Csv,
}

#[derive(Args)]
struct ParseArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// With --format csv: start with a UTF-8 BOM so spreadsheet programs show Chinese text.
    #[arg(long)]
    excel: bool,
    /// Exit 1 on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
    /// Write only the records that need review (and files that yield no record): a reviewer's queue.
    #[arg(long)]
    review_only: bool,
    /// Add each form's audit findings to its record as `audit` (JSON and JSON Lines; see docs/audit.md).
    #[arg(long)]
    audit: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// Lines for humans.
    Text,
    /// One JSON document for CI systems.
    Json,
}

#[derive(Args)]
struct CheckArgs {
    /// Fixture files or directories.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write (or update) the expected files from the current output and list what changed.
    #[arg(long)]
    bless: bool,
    /// Object keys to leave out of the comparison, comma-separated (e.g. raw,diagnostics,line).
    #[arg(long, value_delimiter = ',', value_name = "KEYS")]
    ignore: Vec<String>,
    /// Only files whose name matches this glob (default `*.txt`).
    #[arg(long, value_name = "GLOB")]
    glob: Option<String>,
    /// Decode every file with this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaFormat {
    /// JSON Schema (draft 2020-12) of an array of records.
    JsonSchema,
    /// Spark StructType JSON of one record (`StructType.fromJson` in PySpark).
    Spark,
    /// JSON Schema of `jixiao audit --format json`: an array of per-form audit reports.
    Audit,
    /// JSON Schema of `jixiao parse --audit`: records, each with its findings as `audit`.
    AuditedRecords,
}

#[derive(Args)]
struct SchemaArgs {
    /// Which schema to print.
    #[arg(long, value_enum, default_value_t = SchemaFormat::JsonSchema)]
    format: SchemaFormat,
}

#[derive(Args)]
struct ImportArgs {
    /// The SQLite database (created if missing).
    #[arg(long, value_name = "PATH")]
    db: PathBuf,
    #[command(flatten)]
    input: InputArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Parse(a) => parse(a),
        Command::Check(a) => run_check(a),
        Command::Import(a) => import(a),
        Command::Schema(a) => schema(a),
        Command::Review(a) => review(a),
        Command::Audit(a) => audit_cli::audit(a),
    };
    ExitCode::from(code.unwrap_or_else(|e| {
        eprintln!("jixiao: {e}");
        e.code
    }))
}

/// A failure of the command itself, with its exit code.
#[derive(Debug)]
struct Fatal {
    message: String,
    code: u8,
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn usage(message: impl Into<String>) -> Fatal {
    Fatal {
        message: message.into(),
        code: EXIT_USAGE,
    }
}

fn failed(message: impl Into<String>) -> Fatal {
    Fatal {
        message: message.into(),
        code: EXIT_FAILED,
    }
}

fn options(encoding: Option<&str>, max_file_size: u64) -> Result<Options, Fatal> {
    let encoding = match encoding {
        None => None,
        Some(name) => Some(jixiao::decode::encoding_for_label(name).ok_or_else(|| {
            usage(format!(
                "unknown encoding {name:?} (try gbk, gb18030, utf-8, utf-16le)"
            ))
        })?),
    };
    Ok(Options {
        encoding,
        max_file_size,
    })
}

fn glob(pattern: Option<&str>) -> Result<Option<globset::GlobMatcher>, Fatal> {
    pattern
        .map(|p| {
            globset::Glob::new(p)
                .map(|g| g.compile_matcher())
                .map_err(|e| usage(format!("bad --glob {p:?}: {e}")))
        })
        .transpose()
}

fn pool(jobs: Option<usize>) -> Result<(), Fatal> {
    if let Some(n) = jobs {
        if n == 0 {
            return Err(usage("--jobs must be at least 1"));
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| failed(format!("cannot start {n} workers: {e}")))?;
    }
    Ok(())
}

/// Sets a flag on Ctrl-C so a batch stops between files with whole output lines.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = Arc::clone(&flag);
    // If a handler cannot be set, Ctrl-C simply ends the process as usual.
    let _ = ctrlc::set_handler(move || f.store(true, Ordering::SeqCst));
    flag
}

/// Counts for the end-of-batch summary.
#[derive(Default)]
struct Tally {
    files: usize,
    failed_files: usize,
    forms: usize,
    indicators: usize,
    warnings: usize,
    errors: usize,
    bytes: usize,
    /// Records with `needs_review`.
    review: usize,
    /// How many records each review reason flagged.
    reasons: std::collections::BTreeMap<Code, usize>,
}

impl Tally {
    fn add(&mut self, r: &FileReport) {
        self.files += 1;
        self.bytes += r.bytes;
        self.forms += r.records.len();
        if r.records.is_empty() {
            self.failed_files += 1;
        }
        for rec in &r.records {
            self.indicators += rec.indicators.len();
            if rec.needs_review {
                self.review += 1;
            }
            for &code in &rec.review_reasons {
                *self.reasons.entry(code).or_default() += 1;
            }
        }
        for d in all_diagnostics(r) {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => {}
            }
        }
    }

    /// Counts one piece of a file's records (see `jixiao::stream::run_map`);
    /// the file itself once, with its last piece.
    fn add_piece(&mut self, r: &FileReport, last: bool) {
        let (files, failed) = (self.files, self.failed_files);
        self.add(r);
        if !last {
            (self.files, self.failed_files) = (files, failed);
        }
    }

    fn summary(&self, elapsed: std::time::Duration) -> String {
        let secs = elapsed.as_secs_f64();
        let mbps = if secs > 0.0 {
            self.bytes as f64 / 1e6 / secs
        } else {
            0.0
        };
        format!(
            "{} files ({} failed), {} forms, {} indicators, {} warnings, {} errors, {:.1} MB in {:.2}s ({:.1} MB/s)",
            self.files,
            self.failed_files,
            self.forms,
            self.indicators,
            self.warnings,
            self.errors,
            self.bytes as f64 / 1e6,
            secs,
            mbps
        ) + &self.review_summary()
    }

    /// A second summary line: how many records need review and the reasons that flag most.
    fn review_summary(&self) -> String {
        if self.review == 0 {
            return format!("\n0 of {} forms need review", self.forms);
        }
        let mut top: Vec<(&Code, &usize)> = self.reasons.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = top
            .iter()
            .take(5)
            .map(|(c, n)| format!("{c} ×{n}"))
            .collect();
        format!(
            "\n{} of {} forms need review; top reasons: {}",
            self.review,
            self.forms,
            top.join(", ")
        )
    }
}

impl Tally {
    /// The exit code of a batch that ran to its end: failed when a file failed or a record
    /// has an error (with `strict`, also a warning).
    fn exit_code(&self, strict: bool) -> u8 {
        let bad = self.errors > 0 || self.failed_files > 0 || (strict && self.warnings > 0);
        if bad {
            EXIT_FAILED
        } else {
            EXIT_OK
        }
    }
}

/// What every batch command shows while it runs: each report's diagnostics on stderr, a
/// progress bar on a terminal, and the counts for the closing summary.
struct Progress {
    tally: Tally,
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
    started: Instant,
}

impl Progress {
    /// Starts the clock and, on a terminal, a bar of `total` files.
    fn new(total: usize, quiet: bool) -> Self {
        Progress {
            tally: Tally::default(),
            bar: progress_bar(total, quiet),
            quiet,
            started: Instant::now(),
        }
    }

    /// Counts one file's report and prints its diagnostics.
    fn see(&mut self, report: &FileReport) {
        self.tally.add(report);
        print_diagnostics(report, self.quiet, &mut io::stderr().lock());
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }

    /// Counts one piece of a file's records (see `jixiao::stream::run_map`)
    /// and prints its diagnostics; the file itself counts with its last piece.
    fn see_piece(&mut self, report: &FileReport, last: bool) {
        self.tally.add_piece(report, last);
        print_diagnostics(report, self.quiet, &mut io::stderr().lock());
        if let Some(b) = self.bar.as_ref().filter(|_| last) {
            b.inc(1);
        }
    }

    /// Clears the bar; the counts, and when the batch started (for the summary line).
    fn finish(self) -> (Tally, Instant) {
        if let Some(b) = self.bar {
            b.finish_and_clear();
        }
        (self.tally, self.started)
    }
}

/// Refuses an output file that is also one of the inputs, whether it was named, listed or
/// met in a walk: writing it would destroy the input before it is read.
fn refuse_output_over_input(output: Option<&PathBuf>, inputs: &[Input]) -> Result<(), Fatal> {
    let Some(out) = output.and_then(|p| std::fs::canonicalize(p).ok()) else {
        return Ok(());
    };
    let clash = inputs.iter().find_map(|i| match i {
        Input::File(p) => std::fs::canonicalize(p)
            .ok()
            .filter(|c| *c == out)
            .map(|_| p),
        Input::Stdin | Input::Unlisted { .. } => None,
    });
    match clash {
        Some(p) => Err(usage(format!(
            "the output {} is also an input; refusing to write over it",
            escape(&p.display().to_string())
        ))),
        None => Ok(()),
    }
}

fn all_diagnostics(r: &FileReport) -> impl Iterator<Item = &Diagnostic> {
    r.diagnostics
        .iter()
        .chain(r.records.iter().flat_map(|rec| rec.diagnostics.iter()))
}

/// Prints a report's error diagnostics, and its warnings unless `quiet`, as
/// `path:line: severity[code]: message`, control characters in the path and message escaped.
fn print_diagnostics(r: &FileReport, quiet: bool, err: &mut impl Write) {
    let path = escape(&r.path);
    let shown = |d: &&Diagnostic| {
        d.severity == Severity::Error || (!quiet && d.severity == Severity::Warning)
    };
    for d in all_diagnostics(r).filter(shown) {
        let message = escape(&d.message);
        let _ = match d.line {
            Some(l) => writeln!(err, "{path}:{l}: {}[{}]: {message}", d.severity, d.code),
            None => writeln!(err, "{path}: {}[{}]: {message}", d.severity, d.code),
        };
    }
}

fn progress_bar(total: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || total <= 3 || !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} files ({per_sec}) eta {eta} {wide_msg}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

enum Sink {
    Json(JsonWriter<Box<dyn Write>>),
    Csv(Box<CsvWriter<Box<dyn Write>>>),
}

impl Sink {
    /// Writes a report's records (with `review_only`, those that need review).
    fn write(&mut self, r: &FileReport, review_only: bool) -> io::Result<()> {
        match self {
            Sink::Json(w) => match review_queue(r, review_only) {
                Some(q) => w.write_report(&q),
                None => Ok(()),
            },
            Sink::Csv(w) => r
                .records
                .iter()
                .filter(|rec| !review_only || rec.needs_review)
                .try_for_each(|rec| w.write_record(rec))
                .map_err(io::Error::other),
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Sink::Json(w) => w.finish().map(drop),
            Sink::Csv(w) => (*w).into_inner().map(drop).map_err(io::Error::other),
        }
    }
}

/// What `--review-only` writes for a report: the records that need review, the report
/// unchanged when it yields no record (a failed file needs a person too), nothing when every
/// record is trusted.
fn review_queue(r: &FileReport, review_only: bool) -> Option<Cow<'_, FileReport>> {
    if !review_only || r.records.is_empty() {
        return Some(Cow::Borrowed(r));
    }
    let records: Vec<_> = r
        .records
        .iter()
        .filter(|x| x.needs_review)
        .cloned()
        .collect();
    (!records.is_empty()).then(|| {
        Cow::Owned(FileReport {
            path: r.path.clone(),
            encoding: r.encoding.clone(),
            records,
            diagnostics: r.diagnostics.clone(),
            bytes: r.bytes,
        })
    })
}

/// The output writer, and for a file the pending replacement to commit once
/// the output is complete (an interrupted run leaves the old file in place).
/// `-` names standard output, as it does for most command-line tools.
fn open_output(path: Option<&PathBuf>) -> Result<(Box<dyn Write>, Option<Pending>), Fatal> {
    Ok(match path.filter(|p| p.as_os_str() != "-") {
        Some(p) => {
            let (pending, file) = Pending::create(p).map_err(|e| {
                failed(format!(
                    "cannot write {}: {e}",
                    escape(&p.display().to_string())
                ))
            })?;
            (
                Box::new(io::BufWriter::with_capacity(1 << 16, file)),
                Some(pending),
            )
        }
        None => (
            Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout().lock())),
            None,
        ),
    })
}

fn inputs(args: &InputArgs) -> Result<Vec<Input>, Fatal> {
    let matcher = glob(args.glob.as_deref())?;
    let mut paths = args.paths.clone();
    if let Some(list) = &args.files_from {
        paths.extend(files_from(list, &args.paths)?);
    }
    if args.shard.is_some() && paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(usage(
            "--shard splits a list of files; standard input (`-`) cannot be sharded",
        ));
    }
    let inputs = batch::collect_inputs(&paths, matcher.as_ref());
    if inputs.is_empty() {
        return Err(failed("no input files found"));
    }
    // An empty shard is not a failure: N workers over fewer than N files.
    Ok(match args.shard {
        Some(shard) => shard.select(inputs),
        None => inputs,
    })
}

/// The paths listed in `--files-from LIST` (`-` reads the list from stdin).
fn files_from(list: &PathBuf, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
    let from_stdin = list.as_os_str() == "-";
    if from_stdin && paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(usage(
            "`--files-from -` reads the list from standard input, which cannot also be an input `-`",
        ));
    }
    let read = if from_stdin {
        jixiao::shard::read_list(io::stdin().lock())
    } else {
        std::fs::File::open(list).and_then(jixiao::shard::read_list)
    };
    let listed =
        read.map_err(|e| failed(format!("cannot read --files-from {}: {e}", list.display())))?;
    if listed.iter().any(|p| p.as_os_str() == "-") {
        return Err(usage(format!(
            "--files-from {}: a list names files; `-` (standard input) cannot be one of them",
            list.display()
        )));
    }
    Ok(listed)
}

fn parse(args: ParseArgs) -> Result<u8, Fatal> {
    if args.audit {
        return audit_cli::parse_audited(args);
    }
    let opts = options(args.input.encoding.as_deref(), args.input.max_file_size)?;
    if args.excel && args.format != Format::Csv {
        return Err(usage("--excel only applies to --format csv"));
    }
    pool(args.input.jobs)?;
    let inputs = inputs(&args.input)?;
    refuse_output_over_input(args.output.as_ref(), &inputs)?;
    let stop = interrupt_flag();
    let (out, pending) = open_output(args.output.as_ref())?;
    let mut sink = match args.format {
        Format::Json => Sink::Json(JsonWriter::new(out, JsonFormat::Array).map_err(io_fatal)?),
        Format::Jsonl => Sink::Json(JsonWriter::new(out, JsonFormat::Lines).map_err(io_fatal)?),
        Format::Csv => Sink::Csv(Box::new(
            CsvWriter::new(out, args.excel).map_err(|e| failed(e.to_string()))?,
        )),
    };
    let mut progress = Progress::new(inputs.len(), args.input.quiet);
    let mut write_error = None;
    // JSON is serialised on the worker that parsed the file; CSV in order here.
    let json_format = match args.format {
        Format::Json => Some(JsonFormat::Array),
        Format::Jsonl => Some(JsonFormat::Lines),
        Format::Csv => None,
    };
    let review_only = args.review_only;
    let prepare = |report: FileReport| {
        let serialized = json_format.map(|f| match review_queue(&report, review_only) {
            Some(q) => serialize(&q, f),
            None => Ok(Default::default()),
        });
        (report, serialized)
    };
    // A large text file is read in regions on the pool and written as its records come.
    jixiao::stream::run_map(
        &inputs,
        &opts,
        &stop,
        prepare,
        |(report, serialized), last| {
            progress.see_piece(&report, last);
            let written = match (&mut sink, serialized) {
                (Sink::Json(w), Some(s)) => s.and_then(|s| w.write_serialized(&s)),
                (sink, _) => sink.write(&report, review_only),
            };
            match written {
                Ok(()) => true,
                Err(e) => {
                    write_error = Some(e);
                    false
                }
            }
        },
    );
    let (tally, started) = progress.finish();
    if let Some(e) = write_error {
        // A closed pipe (`| head`) is not an error of ours.
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Ok(EXIT_OK);
        }
        return Err(io_fatal(e));
    }
    sink.finish().map_err(io_fatal)?;
    if !args.input.quiet {
        eprintln!("{}", tally.summary(started.elapsed()));
    }
    if stop.load(Ordering::SeqCst) {
        let kept = pending.map(|p| {
            format!(
                "; {} was left as it was",
                escape(&p.dest().display().to_string())
            )
        });
        eprintln!(
            "jixiao: interrupted after {} files{}",
            tally.files,
            kept.unwrap_or_default()
        );
        return Ok(EXIT_INTERRUPTED);
    }
    if let Some(p) = pending {
        p.commit().map_err(io_fatal)?;
    }
    Ok(tally.exit_code(args.strict))
}

fn io_fatal(e: io::Error) -> Fatal {
    failed(format!("cannot write output: {e}"))
}

fn schema(args: SchemaArgs) -> Result<u8, Fatal> {
    let schema = match args.format {
        SchemaFormat::JsonSchema => jixiao::schema::record_schema(),
        SchemaFormat::Spark => {
            jixiao::spark::record_spark_schema().map_err(|e| failed(e.to_string()))?
        }
        SchemaFormat::Audit => jixiao::schema::audit_schema(),
        SchemaFormat::AuditedRecords => jixiao::schema::audited_record_schema(),
    };
    let text = serde_json::to_string_pretty(&schema).map_err(|e| failed(e.to_string()))?;
    out!("{text}");
    Ok(EXIT_OK)
}

fn run_check(args: CheckArgs) -> Result<u8, Fatal> {
    let opts = options(
        args.encoding.as_deref(),
        jixiao::batch::DEFAULT_MAX_FILE_SIZE,
    )?;
    let matcher = glob(args.glob.as_deref())?;
    let cases = check::find_cases(&args.paths, matcher.as_ref());
    if cases.is_empty() {
        return Err(failed("no fixture inputs found"));
    }
    let (mut equal, mut drifted, mut missing, mut blessed) = (0, 0, 0, 0);
    // Inputs that cannot be read, and expected files bless refused to write.
    let (mut unreadable, mut refused) = (0, 0);
    let mut json_cases = Vec::new();
    for case in &cases {
        let checked = check::check_case(case, &opts, &args.ignore);
        let input = case.input.display().to_string();
        // Shown on a terminal with its control characters escaped; JSON keeps it as is.
        let shown = escape(&input);
        let (status, diffs) = match &checked.outcome {
            Outcome::Equal => {
                equal += 1;
                ("equal", Vec::new())
            }
            Outcome::Drifted(d) => {
                drifted += 1;
                ("drifted", d.clone())
            }
            Outcome::MissingExpected => {
                missing += 1;
                ("missing-expected", Vec::new())
            }
            Outcome::BadExpected(e) => {
                eprintln!("{shown}: error: cannot read expected file: {}", escape(e));
                drifted += 1;
                ("bad-expected", Vec::new())
            }
            Outcome::Unreadable(why) => {
                eprintln!("{shown}: error: {}", escape(why));
                unreadable += 1;
                ("unreadable", Vec::new())
            }
        };
        if args.format == CheckFormat::Text {
            match status {
                "equal" => {}
                "missing-expected" => {
                    out!(
                        "{shown}: no expected file ({})",
                        escape(&case.expected.display().to_string())
                    )
                }
                _ => {
                    out!("{shown}: {status}");
                    for d in &diffs {
                        out!("  {d}");
                    }
                    if args.bless && status == "bad-expected" {
                        // Not comparable field by field: show the lines it replaces.
                        for line in check::text_diff(&checked).lines() {
                            out!("  {}", escape(line));
                        }
                    }
                }
            }
        }
        let mut status = status;
        if args.bless && status != "equal" {
            let expected = escape(&case.expected.display().to_string()).into_owned();
            match check::bless(&checked) {
                Ok(()) => {
                    blessed += 1;
                    if args.format == CheckFormat::Text {
                        out!("  blessed {expected} ({} changes)", diffs.len().max(1));
                    }
                }
                Err(e) => {
                    eprintln!("{shown}: error: not blessed: {}", escape(&e.to_string()));
                    refused += 1;
                    status = "refused";
                }
            }
        }
        json_cases.push(serde_json::json!({
            "input": input,
            "expected": case.expected.display().to_string(),
            "status": status,
            "differences": diffs,
        }));
    }
    let summary = format!(
        "{} files: {} equal, {} drifted, {} missing expected{}{}{}",
        cases.len(),
        equal,
        drifted,
        missing,
        if unreadable > 0 {
            format!(", {unreadable} unreadable")
        } else {
            String::new()
        },
        if args.bless {
            format!(", {blessed} blessed")
        } else {
            String::new()
        },
        if refused > 0 {
            format!(", {refused} refused")
        } else {
            String::new()
        }
    );
    if args.format == CheckFormat::Json {
        let doc = serde_json::json!({
            "files": cases.len(), "equal": equal, "drifted": drifted,
            "missing_expected": missing, "unreadable": unreadable, "blessed": blessed,
            "refused": refused, "cases": json_cases,
        });
        out!(
            "{}",
            serde_json::to_string_pretty(&doc).map_err(|e| failed(e.to_string()))?
        );
    } else {
        out!("{summary}");
    }
    let bad = (!args.bless && (drifted > 0 || missing > 0)) || unreadable > 0 || refused > 0;
    Ok(if bad { EXIT_FAILED } else { EXIT_OK })
}

fn import(args: ImportArgs) -> Result<u8, Fatal> {
    use jixiao::import::{BatchImport, ImportError, Importer};
    let opts = options(args.input.encoding.as_deref(), args.input.max_file_size)?;
    pool(args.input.jobs)?;
    if args.input.paths.iter().any(|p| p.as_os_str() == "-") {
        // A file's row is keyed by its path and content hash; stdin has neither.
        return Err(usage(
            "import reads files and directories, not `-` (standard input)",
        ));
    }
    let inputs = inputs(&args.input)?;
    if let Some(parent) = args.db.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(failed(format!(
                "cannot create database {}: directory {} does not exist",
                args.db.display(),
                parent.display()
            )));
        }
    }
    let mut importer = Importer::open(&args.db).map_err(|e| match e {
        ImportError::Locked | ImportError::ReadOnly => Fatal {
            message: format!("{}: {e}; nothing was imported", args.db.display()),
            code: EXIT_FAILED,
        },
        // The message already names the database.
        open @ ImportError::Open { .. } => failed(open.to_string()),
        other => failed(format!("{}: {other}", args.db.display())),
    })?;
    // A file is skipped as unchanged only if it would be parsed the same way.
    importer.set_parse_key(format!(
        "{}; encoding={}; max-file-size={}",
        jixiao::import::default_parse_key(),
        opts.encoding.map_or("detect", |e| e.name()),
        opts.max_file_size
    ));
    let stop = interrupt_flag();
    let mut progress = Progress::new(inputs.len(), args.input.quiet);
    // Parsing runs in parallel; the importer is the single writer, in input order.
    let done = importer.import_inputs(&inputs, &opts, &stop, |report| progress.see(report));
    let BatchImport {
        inserted,
        replaced,
        unchanged,
        failed: failed_files,
        error,
    } = done;
    let fatal = error.map(|e| failed(format!("{}: {e}", args.db.display())));
    let (tally, started) = progress.finish();
    // Template reuse compares forms across the database: recompute it when forms changed.
    if fatal.is_none() && inserted + replaced + failed_files > 0 {
        importer
            .refresh_audit()
            .map_err(|e| failed(format!("{}: {e}", args.db.display())))?;
    }
    // The summary comes first, also when the import stopped on an error (a
    // database another import holds locked): it says what was committed.
    if !args.input.quiet || fatal.is_some() {
        eprintln!(
            "{}; database: {inserted} inserted, {replaced} replaced, {unchanged} unchanged",
            tally.summary(started.elapsed())
        );
    }
    if let Some(f) = fatal {
        return Err(f);
    }
    if stop.load(Ordering::SeqCst) {
        eprintln!(
            "jixiao: interrupted after {} files; the database holds every file imported before",
            tally.files
        );
        return Ok(EXIT_INTERRUPTED);
    }
    Ok(tally.exit_code(false))
}

fn review(args: ReviewArgs) -> Result<u8, Fatal> {
    use jixiao::review::{self, Target};
    let opts = options(args.input.encoding.as_deref(), args.input.max_file_size)?;
    pool(args.input.jobs)?;
    let inputs = if args.check {
        // As `check` does: fixture inputs only, never their expected files.
        let matcher = glob(args.input.glob.as_deref())?;
        let cases = check::find_cases(&args.input.paths, matcher.as_ref());
        if cases.is_empty() {
            return Err(failed("no fixture inputs found"));
        }
        cases.into_iter().map(|c| Input::File(c.input)).collect()
    } else {
        inputs(&args.input)?
    };
    let target = Target::from_path(&args.output);
    let stop = interrupt_flag();
    let summary = review::write(&inputs, &target, &opts, args.check, &stop)
        .map_err(|e| failed(format!("cannot write {}: {e}", args.output.display())))?;
    if !args.input.quiet {
        let first = summary.pages.first().map(|p| p.display().to_string());
        eprintln!(
            "{} files, {} records ({} need review), {} pages written{}",
            summary.files,
            summary.records,
            summary.needs_review,
            summary.pages.len(),
            first.map(|p| format!(": {p}")).unwrap_or_default()
        );
    }
    if let Some(cmd) = summary.bless_command() {
        out!(
            "{} drifted, {} without expected file; after review, accept with:",
            summary.drifted.len(),
            summary.missing_expected.len()
        );
        out!("  {cmd}");
    }
    if summary.interrupted {
        return Ok(EXIT_INTERRUPTED);
    }
    let drift = !summary.drifted.is_empty() || !summary.missing_expected.is_empty();
    Ok(if drift { EXIT_FAILED } else { EXIT_OK })
}
