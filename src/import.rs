//! SQLite import: source files, forms, indicators, review reasons and diagnostics as tables.
//!
//! Each file is imported in one transaction, so an interrupted import leaves the
//! database holding exactly the files imported before it. The schema is in
//! `migrations/` and documented in `docs/sqlite.md`.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use rusqlite::{
    params, Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior,
};
use sha2::{Digest, Sha256};

use crate::batch::Input;
use crate::diagnostic::{Diagnostic, Severity};
use crate::record::{Record, Value, ValueKind};
use crate::{FileReport, Options};

/// The migrations, in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/001_init.sql"),
    include_str!("../migrations/002_audit_findings.sql"),
    include_str!("../migrations/003_parse_key.sql"),
    include_str!("../migrations/004_review_reasons.sql"),
];

/// The schema version that adds `audit_findings`; reaching it audits the forms already stored.
const AUDIT_FINDINGS_VERSION: i64 = 2;

/// The parse key of an importer that was given none: this jixiao's version.
pub fn default_parse_key() -> String {
    format!("jixiao {}", env!("CARGO_PKG_VERSION"))
}

/// One file to import: where it is, and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct FileSource<'a> {
    /// The key of the file's row: its canonical path, so `d/f.txt`,
    /// `./d/f.txt` and `/abs/d/f.txt` are one file.
    pub path: &'a str,
    /// The path as given, kept in `given_path`.
    pub given_path: &'a str,
    /// The file's bytes (hashed to detect a changed file).
    pub content: &'a [u8],
    /// The encoding the bytes were decoded with, when known.
    pub encoding: Option<&'a str>,
}

/// What [`Importer::import_inputs`] did: how many files each outcome had, and the
/// database error that stopped it, if one did.
#[derive(Debug, Default)]
pub struct BatchImport {
    /// Files whose path was new.
    pub inserted: usize,
    /// Files whose content or parse key changed.
    pub replaced: usize,
    /// Files imported before with the same content and parse key.
    pub unchanged: usize,
    /// Files that yielded no form.
    pub failed: usize,
    /// The error that stopped the import; the files counted were committed before it.
    pub error: Option<ImportError>,
}

/// How long to wait for another connection's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// What happened to one file during an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileImport {
    /// The path was new; its forms were inserted.
    Inserted {
        /// How many forms were inserted.
        forms: usize,
    },
    /// The path was imported before with the same content and the same parse
    /// key; nothing was written.
    Unchanged,
    /// The path was imported before with other content or another parse key;
    /// its old rows were replaced.
    Replaced {
        /// How many forms were inserted in place of the old ones.
        forms: usize,
    },
    /// The file yielded no forms; it was recorded with status `failed` and its diagnostics.
    Failed,
}

/// Why an import could not be done.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The database file could not be opened or created.
    #[error("cannot open database {}: {source}", path.display())]
    Open {
        /// The database path.
        path: PathBuf,
        /// What SQLite reported.
        source: rusqlite::Error,
    },
    /// Another connection holds a lock on the database and did not release it in time.
    #[error("database is locked by another process (gave up after {} s)", BUSY_TIMEOUT.as_secs())]
    Locked,
    /// The database cannot be written (read-only file, directory or medium).
    #[error("database is read-only")]
    ReadOnly,
    /// The database was written by a newer version with a schema this one does not know.
    #[error("database schema version {found} is newer than the supported version {supported}")]
    SchemaTooNew {
        /// The database's `user_version`.
        found: i64,
        /// The newest schema version this crate knows.
        supported: i64,
    },
    /// A record could not be serialised to JSON.
    #[error("cannot serialise record: {0}")]
    Json(#[from] serde_json::Error),
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A failure injected by [`Importer::fail_after_forms`].
    #[doc(hidden)]
    #[error("import interrupted (injected failure)")]
    Injected,
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => ImportError::Locked,
            Some(ErrorCode::ReadOnly) => ImportError::ReadOnly,
            _ => ImportError::Sqlite(e),
        }
    }
}

/// A connection to an import database.
pub struct Importer {
    conn: Connection,
    /// What decides how files are parsed besides their bytes (see [`Importer::set_parse_key`]).
    parse_key: String,
    /// Forms left to insert before the injected failure, when one is set.
    fail_after: Option<usize>,
}

impl Importer {
    /// Opens (creating if needed) the database and applies the migration; a locked or read-only database is an error.
    pub fn open(path: &Path) -> Result<Self, ImportError> {
        let open_err = |source| ImportError::Open {
            path: path.to_owned(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(ImportError::ReadOnly);
        }
        let mut importer = Importer {
            conn,
            parse_key: default_parse_key(),
            fail_after: None,
        };
        importer.migrate()?;
        Ok(importer)
    }

    /// Brings the schema up to date, each migration in its own transaction.
    fn migrate(&mut self) -> Result<(), ImportError> {
        let supported = MIGRATIONS.len() as i64;
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version > supported {
                return Err(ImportError::SchemaTooNew {
                    found: version,
                    supported,
                });
            }
            let Some(sql) = usize::try_from(version)
                .ok()
                .and_then(|v| MIGRATIONS.get(v))
            else {
                return Ok(());
            };
            tx.execute_batch(sql)?;
            if version + 1 == AUDIT_FINDINGS_VERSION {
                crate::audit::sql::backfill(&tx)?;
            }
            tx.pragma_update(None, "user_version", version + 1)?;
            tx.commit()?;
        }
    }

    /// The underlying connection, for queries over the imported data.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Recomputes the `audit-template-reuse` findings across every stored form; call it
    /// after a batch that inserted or replaced files. Returns how many there are.
    pub fn refresh_audit(&mut self) -> Result<usize, ImportError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = crate::audit::sql::refresh_template_reuse(&tx)?;
        tx.commit()?;
        Ok(n)
    }

    /// Sets the parse key stored with every file imported from now on: the
    /// jixiao version and every option that changes records (an encoding
    /// override, a size limit). A file is skipped as unchanged only when its
    /// bytes and its parse key both equal the stored ones.
    pub fn set_parse_key(&mut self, key: impl Into<String>) {
        self.parse_key = key.into();
    }

    /// Makes the import fail, rolling back its file, when it is about to insert form `n + 1` from now.
    #[doc(hidden)]
    pub fn fail_after_forms(&mut self, n: usize) {
        self.fail_after = Some(n);
    }

    /// Imports one file's records in ONE transaction: source file row (path, content hash, encoding, imported_at, status/error), forms, indicators, diagnostics.
    ///
    /// Same path, same content hash and same parse key (see [`Importer::set_parse_key`]) as
    /// already imported → `Unchanged` (nothing written); same path, another hash or parse key
    /// → the old rows are deleted (cascade) and replaced. A file
    /// with no records is stored as a failed source row with `file_diagnostics`, and
    /// `Failed` is returned. When `encoding` is `None`, the first record's encoding is stored.
    pub fn import_file(
        &mut self,
        path: &str,
        content: &[u8],
        encoding: Option<&str>,
        records: &[Record],
        file_diagnostics: &[Diagnostic],
    ) -> Result<FileImport, ImportError> {
        let source = FileSource {
            path,
            given_path: path,
            content,
            encoding,
        };
        self.import_source(&source, records, file_diagnostics)
    }

    /// Imports one file as [`Importer::import_file`] does, keyed by
    /// `source.path` (canonical) with `source.given_path` kept beside it. A row
    /// imported before schema version 3 under the given path is replaced.
    pub fn import_source(
        &mut self,
        source: &FileSource<'_>,
        records: &[Record],
        file_diagnostics: &[Diagnostic],
    ) -> Result<FileImport, ImportError> {
        let hash = content_hash(source.content);
        self.import_hashed(source, &hash, records, file_diagnostics)
    }

    /// Parses `inputs` in parallel and imports each file, in input order, as
    /// [`Importer::import_source`] does: keyed by its canonical path (`d`, `./d` and
    /// `/abs/d` are the same files), with the content hash of the very bytes that were
    /// parsed, so each file is read once. A file that could not be read (refused as too
    /// large, not a regular file, unreadable) is keyed by a hash of its path instead.
    ///
    /// `seen` is called with each report before it is imported (progress, diagnostics).
    /// The import stops at the first database error, which is returned with the counts of
    /// the files imported before it, or when `stop` is set.
    pub fn import_inputs(
        &mut self,
        inputs: &[Input],
        options: &Options,
        stop: &AtomicBool,
        mut seen: impl FnMut(&FileReport),
    ) -> BatchImport {
        let mut done = BatchImport::default();
        // Hashing and canonicalising run on the worker that read and parsed the file.
        let prepare = |report: FileReport, bytes: Option<&[u8]>| {
            let hash = content_hash(bytes.unwrap_or(report.path.as_bytes()));
            let canonical = std::fs::canonicalize(&report.path)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| report.path.clone());
            (report, hash, canonical)
        };
        crate::batch::run_map_bytes(
            inputs,
            options,
            stop,
            prepare,
            |(report, hash, canonical)| {
                seen(&report);
                let source = FileSource {
                    path: &canonical,
                    given_path: &report.path,
                    content: &[],
                    encoding: (!report.encoding.is_empty()).then_some(report.encoding.as_str()),
                };
                match self.import_hashed(&source, &hash, &report.records, &report.diagnostics) {
                    Ok(FileImport::Inserted { .. }) => done.inserted += 1,
                    Ok(FileImport::Replaced { .. }) => done.replaced += 1,
                    Ok(FileImport::Unchanged) => done.unchanged += 1,
                    Ok(FileImport::Failed) => done.failed += 1,
                    Err(e) => {
                        done.error = Some(e);
                        return false;
                    }
                }
                true
            },
        );
        done
    }

    /// [`Importer::import_source`] with the content hash already computed (`source.content`
    /// is not used).
    fn import_hashed(
        &mut self,
        source: &FileSource<'_>,
        hash: &str,
        records: &[Record],
        file_diagnostics: &[Diagnostic],
    ) -> Result<FileImport, ImportError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<(i64, String, Option<String>)> = tx
            .query_row(
                "SELECT id, content_hash, parse_key FROM source_files
                 WHERE path = ?1 OR (parse_key IS NULL AND path = ?2)
                 ORDER BY path = ?1 DESC LIMIT 1",
                [source.path, source.given_path],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((id, old_hash, old_key)) = &existing {
            if old_hash == hash && old_key.as_deref() == Some(self.parse_key.as_str()) {
                return Ok(FileImport::Unchanged);
            }
            tx.execute("DELETE FROM source_files WHERE id = ?1", [id])?;
        }

        let encoding = source
            .encoding
            .or_else(|| records.first().map(|r| r.source.encoding.as_str()));
        let failed = records.is_empty();
        let error = failed.then(|| failure_message(file_diagnostics));
        tx.execute(
            "INSERT INTO source_files (path, content_hash, encoding, imported_at, status, error,
                 given_path, parse_key)
             VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4, ?5, ?6, ?7)",
            params![
                source.path,
                hash,
                encoding,
                if failed { "failed" } else { "ok" },
                error,
                source.given_path,
                self.parse_key,
            ],
        )?;
        let file_id = tx.last_insert_rowid();
        insert_diagnostics(&tx, file_id, None, file_diagnostics)?;
        for record in records {
            if self.fail_after == Some(0) {
                self.fail_after = None;
                return Err(ImportError::Injected);
            }
            if let Some(left) = self.fail_after.as_mut() {
                *left -= 1;
            }
            insert_form(&tx, file_id, record)?;
        }
        tx.commit()?;

        let forms = records.len();
        Ok(match (failed, existing) {
            (true, _) => FileImport::Failed,
            (false, None) => FileImport::Inserted { forms },
            (false, Some(_)) => FileImport::Replaced { forms },
        })
    }
}

/// The SHA-256 of `content` as lowercase hex.
fn content_hash(content: &[u8]) -> String {
    Sha256::digest(content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `error` column of a failed file: its first error diagnostic, else its first diagnostic.
fn failure_message(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .or_else(|| diagnostics.first())
        .map(|d| format!("{}: {}", d.code, d.message))
        .unwrap_or_else(|| "no forms found".to_owned())
}

/// A count or line number as an SQLite integer.
fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A funding amount's number, null when the amount is null or not a quantity.
fn amount(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::number)
}

fn insert_form(tx: &Transaction<'_>, file_id: i64, r: &Record) -> Result<(), ImportError> {
    let leader = r.leader.as_ref();
    tx.execute(
        "INSERT INTO forms (source_file_id, form_index, form_kind, title, year, project_name,
             leader_name, leader_phone, department, implementers, funding_unit, funding_total,
             funding_fiscal, funding_other, goal_annual, goal_long_term, note, needs_review,
             line_start, line_end, layout, record_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21, ?22)",
        params![
            file_id,
            int(r.source.form_index),
            form_kind(r),
            r.title,
            r.year,
            r.project_name,
            leader.and_then(|l| l.name.as_deref()),
            leader.and_then(|l| l.phone.as_deref()),
            r.department,
            r.implementers.as_ref().map(|v| v.join("、")),
            r.funding.unit,
            amount(r.funding.total.as_ref()),
            amount(r.funding.fiscal.as_ref()),
            amount(r.funding.other.as_ref()),
            r.goals.annual,
            r.goals.long_term,
            r.note,
            r.needs_review,
            int(r.source.line_start),
            int(r.source.line_end),
            r.source.layout.as_str(),
            serde_json::to_string(r)?,
        ],
    )?;
    let form_id = tx.last_insert_rowid();

    let mut stmt = tx.prepare_cached(
        "INSERT INTO indicators (form_id, position, level1, level2, name, raw, kind, op, number,
             unit, min, max, line, value_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (position, ind) in r.indicators.iter().enumerate() {
        let v = ind.value.as_ref();
        let (kind, op, number, unit, min, max) = match v.map(|v| &v.kind) {
            None => (None, None, None, None, None, None),
            Some(ValueKind::Quantity { op, number, unit }) => (
                Some("quantity"),
                op.map(|o| o.as_str()),
                Some(number.0),
                unit.as_deref(),
                None,
                None,
            ),
            Some(ValueKind::Range { min, max, unit }) => (
                Some("range"),
                None,
                None,
                unit.as_deref(),
                Some(min.0),
                Some(max.0),
            ),
            Some(ValueKind::Text { .. }) => (Some("text"), None, None, None, None, None),
        };
        let value_json = v.map(serde_json::to_string).transpose()?;
        stmt.execute(params![
            form_id,
            int(position),
            ind.level1,
            ind.level2,
            ind.name,
            v.map(|v| v.raw.as_str()),
            kind,
            op,
            number,
            unit,
            min,
            max,
            int(ind.line),
            value_json,
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO review_reasons (form_id, position, code) VALUES (?1, ?2, ?3)",
    )?;
    for (position, code) in r.review_reasons.iter().enumerate() {
        stmt.execute(params![form_id, int(position), code.as_str()])?;
    }
    insert_diagnostics(tx, file_id, Some(form_id), &r.diagnostics)?;
    let audit = crate::audit::audit_record(r);
    crate::audit::sql::insert_findings(tx, file_id, form_id, &audit.findings)?;
    Ok(())
}

fn form_kind(r: &Record) -> &'static str {
    match r.form_kind {
        crate::record::FormKind::Project => "project",
        crate::record::FormKind::Department => "department",
    }
}

fn insert_diagnostics(
    tx: &Transaction<'_>,
    file_id: i64,
    form_id: Option<i64>,
    diagnostics: &[Diagnostic],
) -> Result<(), ImportError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO diagnostics (source_file_id, form_id, severity, code, line, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for d in diagnostics {
        stmt.execute(params![
            file_id,
            form_id,
            d.severity.as_str(),
            d.code.as_str(),
            d.line.map(int),
            d.message,
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_lowercase_hex_sha256() {
        assert_eq!(
            content_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// The stored content hash of each file, by path.
    fn hashes(imp: &Importer) -> std::collections::BTreeMap<String, String> {
        let mut stmt = imp
            .conn
            .prepare("SELECT path, content_hash FROM source_files")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_batch_import_reads_each_file_once_and_hashes_what_it_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let dir = std::fs::canonicalize(dir.path()).unwrap();
        let (a, b, big) = (dir.join("a.txt"), dir.join("b.txt"), dir.join("big.txt"));
        std::fs::write(&a, "绩效目标申报表\n项目名称\t甲\n").unwrap();
        std::fs::write(&b, "绩效目标申报表\n项目名称\t乙\n").unwrap();
        std::fs::write(&big, "绩效目标申报表\n项目名称\t丙\n".repeat(10)).unwrap();
        let options = Options {
            max_file_size: 100,
            ..Options::default()
        };
        let inputs = crate::batch::collect_inputs(std::slice::from_ref(&dir), None);
        let db = tempfile::tempdir().unwrap();
        let mut imp = Importer::open(&db.path().join("db.sqlite")).unwrap();
        let stop = AtomicBool::new(false);
        let mut seen = Vec::new();
        let done = imp.import_inputs(&inputs, &options, &stop, |r| seen.push(r.path.clone()));
        assert!(done.error.is_none(), "{:?}", done.error);
        assert_eq!((done.inserted, done.failed, done.unchanged), (2, 1, 0));
        assert_eq!(seen.len(), 3);

        let key = |p: &Path| p.display().to_string();
        let stored = hashes(&imp);
        for p in [&a, &b] {
            assert_eq!(crate::batch::reads::count(p), 1, "{}", p.display());
            let bytes = std::fs::read(p).unwrap();
            assert_eq!(stored[&key(p)], content_hash(&bytes));
        }
        // A file over the size limit is never opened: it is keyed by its path.
        assert_eq!(crate::batch::reads::count(&big), 0);
        assert_eq!(stored[&key(&big)], content_hash(key(&big).as_bytes()));

        // Again: every file unchanged, each read once more.
        let done = imp.import_inputs(&inputs, &options, &stop, |_| {});
        assert_eq!((done.inserted, done.failed, done.unchanged), (0, 0, 3));
        assert_eq!(crate::batch::reads::count(&a), 2);
        assert_eq!(crate::batch::reads::count(&big), 0);
    }

    #[test]
    fn migrations_apply_to_a_fresh_database() {
        let dir = tempfile::tempdir().unwrap();
        let imp = Importer::open(&dir.path().join("db.sqlite")).unwrap();
        let v: i64 = imp
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        drop(imp);
        // Reopening applies nothing twice.
        Importer::open(&dir.path().join("db.sqlite")).unwrap();
    }
}
