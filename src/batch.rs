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

/// The extensions (lowercase, without the dot) of the files jixiao reads
/// when it walks a directory. Files named on the command line are read
/// whatever their name; `--glob` replaces this filter. Besides text, the
/// formats the native readers take ([`crate::native`]).
pub const READ_EXTENSIONS: &[&str] = &[
    "txt", "csv", "xlsx", "xlsm", "xls", "ods", "docx", "doc", "html", "htm", "pdf", "png", "jpg",
    "jpeg", "tif", "tiff",
];

/// The default for [`Options::max_file_size`]: 1 GiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1 << 30;

/// One file to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// An entry met while walking a directory that cannot be listed or
    /// followed (a dangling symbolic link, a symbolic link loop). It is kept
    /// in its place so it is reported, counted and written like any file
    /// that fails to read.
    Unlisted {
        /// The entry's path.
        path: PathBuf,
        /// Why it cannot be read.
        error: String,
    },
}

impl Input {
    /// The path as shown in records and messages (`-` for stdin).
    pub fn display(&self) -> String {
        match self {
            Input::File(p) | Input::Unlisted { path: p, .. } => p.display().to_string(),
            Input::Stdin => "-".to_owned(),
        }
    }
}

/// True when a directory entry is one jixiao reads: its name matches `glob`
/// when one is given, else its extension is one of [`READ_EXTENSIONS`].
pub fn is_wanted(path: &Path, glob: Option<&GlobMatcher>) -> bool {
    match glob {
        Some(g) => path.file_name().is_some_and(|n| g.is_match(n)) || g.is_match(path),
        None => path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| READ_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x))),
    }
}

/// Expands command-line paths into inputs: directories recursively in sorted
/// order (the files [`is_wanted`] by `glob`), files as they are, `-` as stdin.
/// What a walk meets but cannot follow becomes an [`Input::Unlisted`] in its
/// place; a FIFO, socket or device whose name is wanted is kept as a file and
/// refused when read, so every such entry is named and counted.
pub fn collect_inputs(paths: &[PathBuf], glob: Option<&GlobMatcher>) -> Vec<Input> {
    let mut inputs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, glob, &mut inputs),
            // A file, or a path that fails later with a readable error.
            _ => inputs.push(Input::File(p.clone())),
        }
    }
    inputs
}

fn walk(root: &Path, glob: Option<&GlobMatcher>, inputs: &mut Vec<Input>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                if is_wanted(e.path(), glob) && !is_expected_file(e.path()) {
                    inputs.push(Input::File(e.into_path()));
                }
            }
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let error = match err.loop_ancestor() {
                    Some(a) => format!("a symbolic link loop: it leads back to {}", a.display()),
                    None => {
                        // A link to nowhere is only worth naming when its name is wanted.
                        if !is_wanted(&path, glob) || is_expected_file(&path) {
                            continue;
                        }
                        walk_error(&path, err)
                    }
                };
                inputs.push(Input::Unlisted { path, error });
            }
        }
    }
}

/// The message for a walk error that is not a loop.
fn walk_error(path: &Path, err: walkdir::Error) -> String {
    let dangling = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(path).is_err();
    let io = err
        .into_io_error()
        .map_or_else(|| "cannot be listed".to_owned(), |e| e.to_string());
    if dangling {
        format!("a symbolic link that cannot be followed ({io})")
    } else {
        io
    }
}

/// Expected-output files beside fixtures are never inputs.
fn is_expected_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".expected.json"))
}

/// Reads and parses one input; I/O failures become a report with no record
/// and an `unreadable-file`, `not-a-regular-file` or `file-too-large` error.
pub fn parse_input(input: &Input, options: &Options) -> FileReport {
    parse_input_until(input, options, &AtomicBool::new(false))
}

/// Like [`parse_input`], but a read of standard input that blocks gives up
/// when `stop` is set (Ctrl-C while nothing arrives on a pipe or terminal).
pub fn parse_input_until(input: &Input, options: &Options, stop: &AtomicBool) -> FileReport {
    read_and_parse(input, options, stop).0
}

/// Reads one input once and parses it: the report, and the bytes it was parsed from
/// (`None` when the input could not be read, the report then holding why).
fn read_and_parse(
    input: &Input,
    options: &Options,
    stop: &AtomicBool,
) -> (FileReport, Option<Vec<u8>>) {
    let path = input.display();
    match read_input(input, options.max_file_size, stop) {
        Ok(bytes) => (parse_bytes(&path, &bytes, options), Some(bytes)),
        Err(d) => (FileReport::failed(path, d, 0), None),
    }
}

/// The bytes of an input, at most `max` of them; what cannot be read (or is
/// not a regular file, or is larger) is a file-level diagnostic.
pub fn read_input(input: &Input, max: u64, stop: &AtomicBool) -> Result<Vec<u8>, Diagnostic> {
    let path = input.display();
    let unreadable = |e: &dyn std::fmt::Display| {
        Diagnostic::new(Code::Unreadable, None, format!("cannot read {path}: {e}"))
    };
    let too_large = || {
        Diagnostic::new(
            Code::TooLarge,
            None,
            format!(
                "{path} is larger than the limit of {max} bytes (--max-file-size); it was not read"
            ),
        )
    };
    match input {
        Input::Unlisted { error, .. } => Err(unreadable(error)),
        Input::File(p) => {
            // Checked before opening: opening a FIFO blocks until a writer comes.
            let meta = std::fs::metadata(p).map_err(|e| unreadable(&e))?;
            if !meta.is_file() {
                return Err(Diagnostic::new(
                    Code::NotAFile,
                    None,
                    format!(
                        "{path} is {}, not a regular file; jixiao reads files, directories and `-` (standard input)",
                        file_kind(&meta)
                    ),
                ));
            }
            if meta.len() > max {
                return Err(too_large());
            }
            let file = std::fs::File::open(p).map_err(|e| unreadable(&e))?;
            #[cfg(test)]
            reads::note(p);
            let bytes = read_at_most_sized(file, max, meta.len()).map_err(|e| unreadable(&e))?;
            bytes.ok_or_else(too_large)
        }
        Input::Stdin => {
            // Read on its own thread so a blocked read does not outlive Ctrl-C:
            // the reader is abandoned and the batch stops.
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = tx.send(read_at_most(std::io::stdin().lock(), max));
            });
            loop {
                match rx.recv_timeout(std::time::Duration::from_millis(50)) {
                    Ok(read) => return read.map_err(|e| unreadable(&e))?.ok_or_else(too_large),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        if stop.load(Ordering::Relaxed) {
                            return Err(unreadable(&"interrupted"));
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                        return Err(unreadable(&"the reading thread ended"))
                    }
                }
            }
        }
    }
}

/// Reads to the end, or `None` when there are more than `max` bytes.
fn read_at_most(r: impl Read, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    read_at_most_sized(r, max, 0)
}

/// [`read_at_most`] into a buffer sized for `hint` bytes (a file's length),
/// so a whole file is read without growing, and copying, its buffer.
fn read_at_most_sized(r: impl Read, max: u64, hint: u64) -> std::io::Result<Option<Vec<u8>>> {
    let cap = usize::try_from(hint.min(max).saturating_add(1)).unwrap_or(0);
    let mut buf = Vec::with_capacity(cap);
    r.take(max.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= max).then_some(buf))
}

/// What a path that is not a regular file is, for messages.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    "a special file"
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
        Input::Stdin | Input::Unlisted { .. } => 0,
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
    sink: impl FnMut(T) -> bool,
) {
    run_map_bytes(inputs, options, stop, |report, _| map(report), sink);
}

/// Like [`run_map`], with `map` also given the bytes the report was parsed from (`None`
/// when the input could not be read), so a caller that needs them (to hash a file) does
/// not read the file a second time.
pub fn run_map_bytes<T: Send>(
    inputs: &[Input],
    options: &Options,
    stop: &AtomicBool,
    map: impl Fn(FileReport, Option<&[u8]>) -> T + Sync,
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
            .map(|input| {
                let (report, bytes) = read_and_parse(input, options, stop);
                map(report, bytes.as_deref())
            })
            .collect();
        for item in done {
            if stop.load(Ordering::Relaxed) || !sink(item) {
                return;
            }
        }
    }
}

/// How often each file was opened for reading, so tests can show a file is read once.
#[cfg(test)]
pub(crate) mod reads {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    static READS: Mutex<Option<HashMap<PathBuf, usize>>> = Mutex::new(None);

    /// Counts one read of `path`.
    pub(crate) fn note(path: &Path) {
        if let Ok(mut reads) = READS.lock() {
            *reads
                .get_or_insert_with(HashMap::new)
                .entry(path.to_path_buf())
                .or_default() += 1;
        }
    }

    /// How many times `path` was read (tests use paths of their own temporary directory).
    pub(crate) fn count(path: &Path) -> usize {
        READS
            .lock()
            .ok()
            .and_then(|r| r.as_ref().and_then(|m| m.get(path).copied()))
            .unwrap_or(0)
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
        let names = |inputs: Vec<Input>| -> Vec<String> {
            inputs
                .iter()
                .map(|i| match i {
                    Input::File(p) => p.strip_prefix(dir.path()).unwrap().display().to_string(),
                    other => panic!("not a file: {other:?}"),
                })
                .collect()
        };
        let inputs = collect_inputs(&[dir.path().to_path_buf()], Some(&glob));
        assert_eq!(names(inputs), ["a.txt", "b.txt", "sub/d.txt"]);
        // Without a glob, only the extensions jixiao reads (a sheet's .csv
        // among them, README.md not).
        std::fs::write(dir.path().join("e.TXT"), "x").unwrap();
        std::fs::write(dir.path().join("README.md"), "x").unwrap();
        let inputs = collect_inputs(&[dir.path().to_path_buf()], None);
        assert_eq!(
            names(inputs),
            ["a.txt", "b.txt", "c.csv", "e.TXT", "sub/d.txt"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_that_cannot_be_followed_stay_in_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink("nowhere.txt", dir.path().join("b.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere.md", dir.path().join("c.md")).unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("d")).unwrap();
        let inputs = collect_inputs(&[dir.path().to_path_buf()], None);
        assert_eq!(inputs.len(), 3, "{inputs:?}");
        assert_eq!(inputs[0], Input::File(dir.path().join("a.txt")));
        match &inputs[1] {
            Input::Unlisted { path, error } => {
                assert_eq!(path, &dir.path().join("b.txt"));
                assert!(error.contains("symbolic link"), "{error}");
            }
            other => panic!("{other:?}"),
        }
        match &inputs[2] {
            Input::Unlisted { path, error } => {
                assert_eq!(path, &dir.path().join("d"));
                assert!(error.contains("loop"), "{error}");
            }
            other => panic!("{other:?}"),
        }
        let r = parse_input(&inputs[1], &Options::default());
        assert_eq!(r.diagnostics[0].code, Code::Unreadable);
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        std::fs::write(&p, "绩效目标申报表\n项目名称\t甲\n").unwrap();
        let options = Options {
            max_file_size: 10,
            ..Options::default()
        };
        let r = parse_input(&Input::File(p.clone()), &options);
        assert!(r.records.is_empty());
        assert_eq!(r.diagnostics[0].code, Code::TooLarge);
        let r = parse_input(&Input::File(p), &Options::default());
        assert_eq!(r.records.len(), 1);
        assert_eq!(read_at_most(&b"12345"[..], 5).unwrap().unwrap(), b"12345");
        assert!(read_at_most(&b"123456"[..], 5).unwrap().is_none());
        // A size hint (a file's length) neither limits nor lifts the limit.
        let exact = read_at_most_sized(&b"12345"[..], 5, 5).unwrap().unwrap();
        assert_eq!(exact, b"12345");
        assert!(exact.capacity() >= 5);
        assert!(read_at_most_sized(&b"123456"[..], 5, 3).unwrap().is_none());
        assert!(read_at_most_sized(&b"123456"[..], 5, u64::MAX)
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_directory_named_as_a_file_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let r = parse_input(&Input::File(dir.path().to_path_buf()), &Options::default());
        assert_eq!(r.diagnostics[0].code, Code::NotAFile);
        assert!(r.diagnostics[0].message.contains("a directory"));
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
