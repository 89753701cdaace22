//! The `jixiao` Python module: the parser's records as Python dicts.
//!
//! Records cross into Python through their serde shape (`pythonize`), so a
//! dict holds exactly what `jixiao parse` writes as JSON. Parsing runs with
//! the GIL released; `parse_files` parses on a rayon pool.

use std::io;
use std::path::PathBuf;

use jixiao::batch::{self, Input};
use jixiao::diagnostic::{Code, Diagnostic, Severity};
use jixiao::output::json::{file_error, JsonFormat, JsonWriter};
use jixiao::{FileReport, Options};
use pyo3::exceptions::{PyLookupError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyList;
use rayon::prelude::*;

pyo3::create_exception!(
    jixiao,
    ParseError,
    PyValueError,
    "A file that yields no record: undecodable, empty, binary, or holding no 绩效目标 form. \
     `path` is the file's name and `diagnostics` the diagnostics that say why, as dicts."
);

/// Decoding options from an encoding label (`gbk`, `utf-16le`, …); an
/// unknown label is a `LookupError`, as for Python's own codecs.
fn options(encoding: Option<&str>) -> PyResult<Options> {
    let encoding = match encoding {
        None => None,
        Some(label) => Some(jixiao::decode::encoding_for_label(label).ok_or_else(|| {
            PyLookupError::new_err(format!(
                "unknown encoding: {label:?} (try gbk, gb18030, utf-8, utf-16le)"
            ))
        })?),
    };
    Ok(Options {
        encoding,
        ..Options::default()
    })
}

fn to_py<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(PyErr::from)
}

/// The `ParseError` for a report without records, naming the file and its
/// first error diagnostic, with every diagnostic attached.
fn parse_error(py: Python<'_>, report: &FileReport) -> PyErr {
    let first = report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .or_else(|| report.diagnostics.first());
    let message = match first {
        Some(d) => describe(&report.path, d),
        None => format!("{}: no record", report.path),
    };
    let err = ParseError::new_err(message);
    let value = err.value(py);
    let attached = to_py(py, &report.diagnostics).and_then(|diagnostics| {
        value.setattr("path", &report.path)?;
        value.setattr("diagnostics", diagnostics)
    });
    match attached {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// `path:line: error[code]: message`, as the CLI prints it.
fn describe(path: &str, d: &Diagnostic) -> String {
    match d.line {
        Some(line) => format!("{path}:{line}: {}[{}]: {}", d.severity, d.code, d.message),
        None => format!("{path}: {}[{}]: {}", d.severity, d.code, d.message),
    }
}

/// A report's records as a list of dicts, or `ParseError` when it has none.
fn records<'py>(py: Python<'py>, report: &FileReport) -> PyResult<Bound<'py, PyList>> {
    if report.records.is_empty() {
        return Err(parse_error(py, report));
    }
    let list = PyList::empty(py);
    for r in &report.records {
        list.append(to_py(py, r)?)?;
    }
    Ok(list)
}

/// Parses one file's bytes (detecting the encoding unless `encoding` names
/// one) into a list of records, one dict per form. Diagnostics stay in the
/// records; a file that yields no record raises `ParseError`.
#[pyfunction]
#[pyo3(signature = (name, data, encoding = None))]
fn parse_bytes<'py>(
    py: Python<'py>,
    name: &str,
    data: &[u8],
    encoding: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let opts = options(encoding)?;
    let report = py.detach(|| jixiao::parse_bytes(name, data, &opts));
    records(py, &report)
}

/// Parses already decoded text (recorded as UTF-8), like `parse_bytes` on
/// its UTF-8 encoding.
#[pyfunction]
fn parse_text<'py>(py: Python<'py>, name: &str, text: &str) -> PyResult<Bound<'py, PyList>> {
    let opts = options(Some("utf-8"))?;
    let report = py.detach(|| jixiao::parse_bytes(name, text.as_bytes(), &opts));
    records(py, &report)
}

/// Parses one file's bytes into JSON Lines text exactly as
/// `jixiao parse --format jsonl` writes it for that file: one line per record,
/// or one error line (`"error": true`) when the file yields none. Never
/// raises for the file's content, so a batch job keeps every input.
#[pyfunction]
#[pyo3(signature = (name, data, encoding = None))]
fn parse_bytes_jsonl(
    py: Python<'_>,
    name: &str,
    data: &[u8],
    encoding: Option<&str>,
) -> PyResult<String> {
    let opts = options(encoding)?;
    py.detach(|| {
        let report = jixiao::parse_bytes(name, data, &opts);
        let mut w = JsonWriter::new(Vec::new(), JsonFormat::Lines)?;
        w.write_report(&report)?;
        String::from_utf8(w.finish()?).map_err(io::Error::other)
    })
    .map_err(|e| PyRuntimeError::new_err(format!("{name}: cannot serialise: {e}")))
}

/// Codes of the file-level diagnostics that say a file could not be read.
const READ_FAILURES: &[Code] = &[Code::Unreadable, Code::NotAFile, Code::TooLarge];

/// An `OSError` naming the file, for a report whose file could not be read;
/// its subclass follows the errno, as `open` raises (`FileNotFoundError`, …).
fn read_error(input: &Input, report: &FileReport) -> Option<PyErr> {
    let d = report
        .diagnostics
        .iter()
        .find(|d| READ_FAILURES.contains(&d.code))?;
    let errno = match input {
        Input::File(p) => std::fs::metadata(p).err().and_then(|e| e.raw_os_error()),
        Input::Stdin | Input::Unlisted { .. } => None,
    };
    Some(PyOSError::new_err((
        errno,
        describe(&report.path, d),
        report.path.clone(),
    )))
}

/// Parses files (directories are read recursively, in sorted order, keeping
/// the files the CLI reads, by extension, or the names that match `glob`) in
/// parallel on `jobs` threads
/// (default: all cores), with the GIL released. Returns the records of every
/// file in input order, one dict per form.
///
/// With `errors="raise"` (the default) the first file in input order that
/// cannot be read raises `OSError` (e.g. `FileNotFoundError`) with its
/// `filename`, and one that yields no record raises `ParseError`. With
/// `errors="include"` such a file is represented by its error dict
/// (`"error": True`), so the list equals `jixiao parse --format jsonl` line
/// for line.
#[pyfunction]
#[pyo3(signature = (paths, jobs = None, encoding = None, glob = None, errors = "raise"))]
fn parse_files<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    jobs: Option<usize>,
    encoding: Option<&str>,
    glob: Option<&str>,
    errors: &str,
) -> PyResult<Bound<'py, PyList>> {
    let include = match errors {
        "raise" => false,
        "include" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors must be \"raise\" or \"include\", not {other:?}"
            )))
        }
    };
    let opts = options(encoding)?;
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(PyValueError::new_err(
            "\"-\" (standard input) is not a file: read it and call parse_bytes",
        ));
    }
    let matcher = glob
        .map(|g| {
            globset::Glob::new(g)
                .map(|g| g.compile_matcher())
                .map_err(|e| PyValueError::new_err(format!("bad glob {g:?}: {e}")))
        })
        .transpose()?;
    let pool = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}")))?,
        ),
        None => None,
    };
    // The CLI's own reading, so a file that cannot be read is the same error line.
    let (inputs, reports) = py.detach(|| {
        let inputs = batch::collect_inputs(&paths, matcher.as_ref());
        let parse_all = || -> Vec<FileReport> {
            inputs
                .par_iter()
                .map(|input| batch::parse_input(input, &opts))
                .collect()
        };
        let reports = match &pool {
            Some(pool) => pool.install(parse_all),
            None => parse_all(),
        };
        (inputs, reports)
    });
    let list = PyList::empty(py);
    for (input, report) in inputs.iter().zip(&reports) {
        if report.records.is_empty() {
            if include {
                list.append(to_py(py, &file_error(report))?)?;
                continue;
            }
            return Err(read_error(input, report).unwrap_or_else(|| parse_error(py, report)));
        }
        for r in &report.records {
            list.append(to_py(py, r)?)?;
        }
    }
    Ok(list)
}

/// The JSON Schema (draft 2020-12) of a list of records, as `jixiao schema` prints it.
#[pyfunction]
fn schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &jixiao::schema::record_schema())
}

/// The Spark schema of one record, as `jixiao schema --format spark` prints
/// it: pass it to `pyspark.sql.types.StructType.fromJson`.
#[pyfunction]
fn spark_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let schema =
        jixiao::spark::record_spark_schema().map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    to_py(py, &schema)
}

/// Turns OCR'd Chinese public-finance forms (绩效目标申报表) into typed records.
#[pymodule(name = "jixiao")]
fn jixiao_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("ParseError", m.py().get_type::<ParseError>())?;
    m.add_function(wrap_pyfunction!(parse_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(parse_text, m)?)?;
    m.add_function(wrap_pyfunction!(parse_bytes_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(parse_files, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(spark_schema, m)?)?;
    Ok(())
}
