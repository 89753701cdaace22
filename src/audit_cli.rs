//! `jixiao audit` and `jixiao parse --audit`: the whole batch is parsed first, because
//! template reuse compares every form with every other, then audited and written.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use clap::{Args, ValueEnum};
use jixiao::audit::report::{self, AuditedRecord, FindingCsvWriter, FormReport};
use jixiao::audit::{audit_batch, FormAudit};
use jixiao::batch;
use jixiao::output::json::file_error;
use jixiao::record::Record;
use jixiao::FileReport;

use super::{
    inputs, interrupt_flag, io_fatal, open_output, options, pool, refuse_output_over_input, usage,
    Fatal, Format, InputArgs, ParseArgs, Progress, Tally, EXIT_INTERRUPTED,
};

pub(crate) const AUDIT_EXAMPLES: &str = "\
Examples:
  jixiao audit fixtures/seed/
  jixiao audit --format json -o findings.json fixtures/layouts/
  jixiao audit --format csv --excel -o findings.csv fixtures/
  jixiao parse --audit fixtures/seed/ > records-with-findings.json

The rules, their codes and the review principle each belongs to (完整性, 相关性, 适当性,
可行性) are in docs/audit.md. Findings are about what the form says, not about how it was
read: they never set needs_review.

Exit codes: 0 every file was read and audited (findings or not); 1 a file could not be read,
held no form or produced an error diagnostic; 2 usage error; 130 interrupted.";

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuditFormat {
    /// A readable report per form, with counts by principle.
    Text,
    /// One JSON array: per form its source, project and findings.
    Json,
    /// One row per finding.
    Csv,
}

#[derive(Args)]
pub(crate) struct AuditArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = AuditFormat::Text)]
    format: AuditFormat,
    /// Write to this file instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// With --format csv: start with a UTF-8 BOM so spreadsheet programs show Chinese text.
    #[arg(long)]
    excel: bool,
}

/// What parsing the batch gave.
struct Parsed {
    reports: Vec<FileReport>,
    tally: Tally,
    interrupted: bool,
}

/// Parses every input (in parallel, kept in input order), printing errors as `parse` does.
fn parse_all(input: &InputArgs, output: Option<&PathBuf>) -> Result<Parsed, Fatal> {
    let opts = options(input.encoding.as_deref(), input.max_file_size)?;
    pool(input.jobs)?;
    let inputs = inputs(input)?;
    refuse_output_over_input(output, &inputs)?;
    let stop = interrupt_flag();
    let mut progress = Progress::new(inputs.len(), input.quiet);
    let mut reports = Vec::with_capacity(inputs.len());
    batch::run(&inputs, &opts, &stop, |report| {
        progress.see(&report);
        reports.push(report);
        true
    });
    let (tally, started) = progress.finish();
    if !input.quiet {
        eprintln!("{}", tally.summary(started.elapsed()));
    }
    Ok(Parsed {
        reports,
        tally,
        interrupted: stop.load(Ordering::SeqCst),
    })
}

/// Writes the output with `write`, then puts an output file in place, unless the batch
/// was interrupted (the file is then left as it was).
fn emit(
    output: Option<&PathBuf>,
    parsed: &Parsed,
    write: impl FnOnce(&mut Box<dyn Write>) -> io::Result<()>,
) -> Result<(), Fatal> {
    let (mut out, pending) = open_output(output)?;
    match write(&mut out).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not an error of ours.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(io_fatal(e)),
        _ => {}
    }
    drop(out);
    if let Some(p) = pending.filter(|_| !parsed.interrupted) {
        p.commit().map_err(io_fatal)?;
    }
    Ok(())
}

/// The exit code after a batch: interrupted, failed or clean.
fn exit_code(p: &Parsed, strict: bool) -> u8 {
    if p.interrupted {
        eprintln!("jixiao: interrupted after {} files", p.tally.files);
        return EXIT_INTERRUPTED;
    }
    p.tally.exit_code(strict)
}

/// `jixiao audit`.
pub(crate) fn audit(args: AuditArgs) -> Result<u8, Fatal> {
    if args.excel && args.format != AuditFormat::Csv {
        return Err(usage("--excel only applies to --format csv"));
    }
    let parsed = parse_all(&args.input, args.output.as_ref())?;
    let records: Vec<&Record> = parsed.reports.iter().flat_map(|r| &r.records).collect();
    let audits = audit_batch(&records);
    emit(args.output.as_ref(), &parsed, |out| match args.format {
        AuditFormat::Text => write_text(out, &records, &audits),
        AuditFormat::Json => {
            let forms: Vec<FormReport<'_>> = records
                .iter()
                .zip(&audits)
                .map(|(r, a)| FormReport::new(r, a))
                .collect();
            serde_json::to_writer_pretty(&mut *out, &forms)?;
            writeln!(out)
        }
        AuditFormat::Csv => write_csv(out, &records, &audits, args.excel),
    })?;
    Ok(exit_code(&parsed, false))
}

fn write_text(out: &mut impl Write, records: &[&Record], audits: &[FormAudit]) -> io::Result<()> {
    let mut tally = report::Tally::default();
    for (r, a) in records.iter().zip(audits) {
        report::write_text(out, r, a)?;
        tally.add(a);
    }
    if !records.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", tally.summary())?;
    out.flush()
}

fn write_csv(
    out: &mut Box<dyn Write>,
    records: &[&Record],
    audits: &[FormAudit],
    excel: bool,
) -> io::Result<()> {
    let mut w = FindingCsvWriter::new(out, excel).map_err(io::Error::other)?;
    for (r, a) in records.iter().zip(audits) {
        w.write_form(r, a).map_err(io::Error::other)?;
    }
    w.into_inner().map_err(io::Error::other).map(drop)
}

/// `jixiao parse --audit`: the records as `parse` writes them, each with `audit` added.
pub(crate) fn parse_audited(args: ParseArgs) -> Result<u8, Fatal> {
    if args.excel {
        return Err(usage("--excel only applies to --format csv"));
    }
    if args.format == Format::Csv {
        return Err(usage(
            "--audit adds findings to JSON records; for findings as CSV run `jixiao audit --format csv`",
        ));
    }
    let parsed = parse_all(&args.input, args.output.as_ref())?;
    let records: Vec<&Record> = parsed.reports.iter().flat_map(|r| &r.records).collect();
    let audits = audit_batch(&records);
    emit(args.output.as_ref(), &parsed, |out| {
        write_audited(out, &parsed.reports, &audits, args.format, args.review_only)
    })?;
    Ok(exit_code(&parsed, args.strict))
}

/// JSON as `parse` writes it (the same array layout, the same error lines in JSON Lines,
/// with `review_only` only the records that need review), with `audit` added to each
/// record. Template reuse was found across every record, written or not.
fn write_audited(
    out: &mut impl Write,
    reports: &[FileReport],
    audits: &[FormAudit],
    format: Format,
    review_only: bool,
) -> io::Result<()> {
    let lines = format == Format::Jsonl;
    let mut audits = audits.iter();
    let mut written = 0;
    if !lines {
        out.write_all(b"[")?;
    }
    for report in reports {
        if report.records.is_empty() && lines {
            serde_json::to_writer(&mut *out, &file_error(report))?;
            out.write_all(b"\n")?;
        }
        for record in &report.records {
            let audit = audits.next().map_or(&[][..], |a| &a.findings[..]);
            if review_only && !record.needs_review {
                continue;
            }
            let item = AuditedRecord { record, audit };
            if lines {
                serde_json::to_writer(&mut *out, &item)?;
                out.write_all(b"\n")?;
            } else {
                out.write_all(if written == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut *out, &item)?;
            }
            written += 1;
        }
    }
    if !lines {
        out.write_all(if written == 0 { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()
}
