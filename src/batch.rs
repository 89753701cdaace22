//! Batches: many files parsed in parallel, delivered in input order.
//!
//! Inputs are files, directories (walked recursively in sorted order, with an
//! optional glob) and `-` for standard input. Files are parsed on a rayon pool
//! in chunks, and each chunk's reports are handed to the caller in input
//! order, so memory grows with the chunk, not with the batch.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use globset::GlobMatcher;
use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::{parse_bytes, FileReport, Options};

/// One file to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// The path as shown in records and messages (`-` for stdin).
    pub fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_owned(),
        }
    }
}

/// A path given on the command line that could not be listed.
#[derive(Debug)]
pub struct InputError {
    /// The path as given.
    pub path: String,
    /// What went wrong.
    pub error: std::io::Error,
}

/// Expands command-line paths into files: directories recursively in sorted
/// order (filtered by `glob` when given), files as they are, `-` as stdin.
pub fn collect_inputs(
    paths: &[PathBuf],
    glob: Option<&GlobMatcher>,
) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let walker = walkdir::WalkDir::new(p)
                    .follow_links(true)
                    .sort_by_file_name();
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() => {
                            let keep = glob
                                .is_none_or(|g| g.is_match(e.file_name()) || g.is_match(e.path()));
                            if keep && !is_expected_file(e.path()) {
                                inputs.push(Input::File(e.into_path()));
                            }
                        }
                        Ok(_) => {}
                        Err(err) => errors.push(InputError {
                            path: err.path().map_or_else(
                                || p.display().to_string(),
                                |q| q.display().to_string(),
                            ),
                            error: err
                                .into_io_error()
                                .unwrap_or_else(|| std::io::Error::other("directory loop")),
                        }),
                    }
                }
            }
            // A file, or a path that fails later with a readable error.
            _ => inputs.push(Input::File(p.clone())),
        }
    }
    (inputs, errors)
}

/// Expected-output files beside fixtures are never inputs.
fn is_expected_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".expected.json"))
}

/// Reads and parses one input; I/O failures become an `unreadable-file` report.
pub fn parse_input(input: &Input, options: &Options) -> FileReport {
    let path = input.display();
    let bytes = match input {
        Input::File(p) => std::fs::read(p),
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map(|_| buf)
        }
    };
    match bytes {
        Ok(bytes) => parse_bytes(&path, &bytes, options),
        Err(e) => FileReport {
            path: path.clone(),
            encoding: String::new(),
            records: Vec::new(),
            diagnostics: vec![Diagnostic::new(
                Code::Unreadable,
                None,
                format!("cannot read {path}: {e}"),
            )],
            bytes: 0,
        },
    }
}

/// How many files are parsed together before their reports are delivered.
pub const CHUNK: usize = 64;

/// How many input bytes are parsed together before their reports are
/// delivered (but always as many files as there are threads): a report holds
/// several times its file's size, so a chunk of 64 large files would hold
/// hundreds of megabytes at once.
pub const CHUNK_BYTES: u64 = 4 << 20;

/// The size of an input on disk (0 for stdin or when unknown).
fn input_size(input: &Input) -> u64 {
    match input {
        Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        Input::Stdin => 0,
    }
}

/// Parses `inputs` on the current rayon pool and calls `sink` with each
/// report in input order. Stops early (between chunks) when `stop` is set or
/// `sink` returns false. Files are parsed in chunks of at most [`CHUNK`]
/// files and about [`CHUNK_BYTES`], so memory grows with the largest files,
/// not with the batch.
pub fn run(
    inputs: &[Input],
    options: &Options,
    stop: &AtomicBool,
    sink: impl FnMut(FileReport) -> bool,
) {
    run_map(inputs, options, stop, |r| r, sink);
}

/// Like [`run`], with `map` applied to each report on the worker that parsed
/// it (to serialise output in parallel); `sink` gets the results in order.
pub fn run_map<T: Send>(
    inputs: &[Input],
    options: &Options,
    stop: &AtomicBool,
    map: impl Fn(FileReport) -> T + Sync,
    mut sink: impl FnMut(T) -> bool,
) {
    let threads = rayon::current_num_threads();
    let mut rest = inputs;
    while !rest.is_empty() {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let mut n = 0;
        let mut bytes = 0u64;
        while n < rest.len().min(CHUNK) && (n < threads || bytes < CHUNK_BYTES) {
            bytes += input_size(&rest[n]);
            n += 1;
        }
        let (chunk, tail) = rest.split_at(n);
        rest = tail;
        let done: Vec<T> = chunk
            .par_iter()
            .map(|input| map(parse_input(input, options)))
            .collect();
        for item in done {
            if stop.load(Ordering::Relaxed) || !sink(item) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_walked_in_sorted_order_with_glob() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", "c.csv", "a.expected.json"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/d.txt"), "x").unwrap();
        let glob = globset::Glob::new("*.txt").unwrap().compile_matcher();
        let (inputs, errors) = collect_inputs(&[dir.path().to_path_buf()], Some(&glob));
        assert!(errors.is_empty());
        let names: Vec<String> = inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p.strip_prefix(dir.path()).unwrap().display().to_string(),
                Input::Stdin => "-".into(),
            })
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "sub/d.txt"]);
    }

    #[test]
    fn unreadable_file_is_a_report_not_a_failure() {
        let r = parse_input(
            &Input::File("/nonexistent/x.txt".into()),
            &Options::default(),
        );
        assert!(r.records.is_empty());
        assert_eq!(r.diagnostics[0].code, Code::Unreadable);
        assert!(r.diagnostics[0].message.contains("/nonexistent/x.txt"));
    }

    #[test]
    fn run_delivers_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        for i in 0..150 {
            let p = dir.path().join(format!("{i:03}.txt"));
            std::fs::write(&p, format!("绩效目标申报表\n项目名称\tP{i}\n")).unwrap();
            inputs.push(Input::File(p));
        }
        let mut seen = Vec::new();
        run(&inputs, &Options::default(), &AtomicBool::new(false), |r| {
            seen.push(r.records[0].project_name.clone().unwrap());
            true
        });
        let want: Vec<String> = (0..150).map(|i| format!("P{i}")).collect();
        assert_eq!(seen, want);
    }
}
