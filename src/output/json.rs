//! JSON and JSON Lines writers that stream records as files finish.
//!
//! JSON is one array of records (pretty-printed); JSON Lines is one compact
//! record per line, plus one [`FileError`] line for each file that yields no
//! record, so a consumer sees every input.

use std::io::{self, Write};

use crate::record::{ErrorSource, FileError, SCHEMA_VERSION};
use crate::FileReport;

/// The JSON output shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonFormat {
    /// One JSON array of records.
    Array,
    /// One record per line.
    Lines,
}

/// Streams reports to a writer as JSON or JSON Lines.
pub struct JsonWriter<W: Write> {
    out: W,
    format: JsonFormat,
    written: usize,
}

/// A file's records serialised ahead of writing, one buffer per record (or
/// per error line), so the work can run on the thread that parsed the file.
#[derive(Debug, Clone, Default)]
pub struct Serialized {
    parts: Vec<Vec<u8>>,
}

/// Serialises a report for a [`JsonWriter`] of the given format.
pub fn serialize(report: &FileReport, format: JsonFormat) -> io::Result<Serialized> {
    let mut parts = Vec::with_capacity(report.records.len().max(1));
    for r in &report.records {
        let mut buf = Vec::with_capacity(4096);
        match format {
            JsonFormat::Array => serde_json::to_writer_pretty(&mut buf, r)?,
            JsonFormat::Lines => {
                serde_json::to_writer(&mut buf, r)?;
                buf.push(b'\n');
            }
        }
        parts.push(buf);
    }
    if report.records.is_empty() && format == JsonFormat::Lines {
        let mut buf = serde_json::to_vec(&file_error(report))?;
        buf.push(b'\n');
        parts.push(buf);
    }
    Ok(Serialized { parts })
}

impl<W: Write> JsonWriter<W> {
    /// Starts the output (the array's `[` for JSON).
    pub fn new(mut out: W, format: JsonFormat) -> io::Result<Self> {
        if format == JsonFormat::Array {
            out.write_all(b"[")?;
        }
        Ok(JsonWriter {
            out,
            format,
            written: 0,
        })
    }

    /// Writes a file's records; in JSON Lines a file without records becomes
    /// an error line. Each line is written whole.
    pub fn write_report(&mut self, report: &FileReport) -> io::Result<()> {
        let serialized = serialize(report, self.format)?;
        self.write_serialized(&serialized)
    }

    /// Writes a report serialised ahead of time (see [`serialize`]).
    pub fn write_serialized(&mut self, s: &Serialized) -> io::Result<()> {
        for part in &s.parts {
            if self.format == JsonFormat::Array {
                self.out
                    .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
            }
            self.out.write_all(part)?;
            self.written += 1;
        }
        Ok(())
    }

    /// Ends the output (the array's `]`), flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == JsonFormat::Array {
            self.out
                .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }

    /// Flushes what was written so far.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The JSON Lines error line for a file that yielded no record.
pub fn file_error(report: &FileReport) -> FileError {
    FileError {
        schema_version: SCHEMA_VERSION,
        error: true,
        source: ErrorSource {
            path: report.path.clone(),
            encoding: (!report.encoding.is_empty()).then(|| report.encoding.clone()),
        },
        diagnostics: report.diagnostics.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str) -> FileReport {
        crate::parse_text("t.txt", text, "UTF-8")
    }

    #[test]
    fn array_and_lines_hold_the_same_records() {
        let good = report("绩效目标申报表\n项目名称\t甲\n");
        let bad = report("nothing here");
        let mut w = JsonWriter::new(Vec::new(), JsonFormat::Array).unwrap();
        w.write_report(&good).unwrap();
        w.write_report(&bad).unwrap();
        let arr: serde_json::Value = serde_json::from_slice(&w.finish().unwrap()).unwrap();
        assert_eq!(arr.as_array().unwrap().len(), 1);

        let mut w = JsonWriter::new(Vec::new(), JsonFormat::Lines).unwrap();
        w.write_report(&good).unwrap();
        w.write_report(&bad).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], arr[0]);
        assert_eq!(lines[1]["error"], true);
        assert_eq!(lines[1]["source"]["path"], "t.txt");
        assert_eq!(lines[1]["diagnostics"][0]["code"], "no-form-found");
    }

    #[test]
    fn empty_array_is_valid_json() {
        let w = JsonWriter::new(Vec::new(), JsonFormat::Array).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&w.finish().unwrap()).unwrap();
        assert_eq!(v, serde_json::json!([]));
    }
}
