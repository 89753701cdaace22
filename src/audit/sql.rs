//! Audit findings in the import database's `audit_findings` table.
//!
//! Per-form findings are written with their form, in the file's transaction; template
//! reuse compares forms across the whole database, so it is recomputed after an import
//! that changed something ([`refresh_template_reuse`]).

use rusqlite::{params, Connection, Transaction};

use super::{audit_record, template_reuse, Finding, Rule};
use crate::record::Record;

/// Inserts findings for one form.
pub fn insert_findings(
    tx: &Transaction<'_>,
    file_id: i64,
    form_id: i64,
    findings: &[Finding],
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO audit_findings (source_file_id, form_id, code, principle, severity, line, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for f in findings {
        stmt.execute(params![
            file_id,
            form_id,
            f.code.as_str(),
            f.principle.as_str(),
            f.severity.as_str(),
            f.line.and_then(|l| i64::try_from(l).ok()),
            f.message,
        ])?;
    }
    Ok(())
}

/// Every form of the database as (file id, form id, record), read back from `record_json`;
/// a row whose JSON no longer reads as a record is skipped.
fn stored_forms(conn: &Connection) -> rusqlite::Result<Vec<(i64, i64, Record)>> {
    let mut stmt = conn.prepare("SELECT source_file_id, id, record_json FROM forms ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut forms = Vec::new();
    for row in rows {
        let (file, form, json) = row?;
        if let Ok(record) = serde_json::from_str::<Record>(&json) {
            forms.push((file, form, record));
        }
    }
    Ok(forms)
}

/// Replaces every `audit-template-reuse` finding with those of the forms now stored.
pub fn refresh_template_reuse(tx: &Transaction<'_>) -> rusqlite::Result<usize> {
    let forms = stored_forms(tx)?;
    let records: Vec<&Record> = forms.iter().map(|(_, _, r)| r).collect();
    tx.execute(
        "DELETE FROM audit_findings WHERE code = ?1",
        [Rule::TemplateReuse.as_str()],
    )?;
    let mut n = 0;
    for ((file, form, _), findings) in forms.iter().zip(template_reuse(&records)) {
        insert_findings(tx, *file, *form, &findings)?;
        n += findings.len();
    }
    Ok(n)
}

/// Computes the findings of every stored form (used when the table is first created).
pub fn backfill(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM audit_findings", [])?;
    for (file, form, record) in stored_forms(tx)? {
        insert_findings(tx, file, form, &audit_record(&record).findings)?;
    }
    refresh_template_reuse(tx).map(drop)
}
