//! The JSON Schemas of the output, generated from the types serde writes.
//!
//! Generating them from the same types serde writes keeps each schema and its
//! output from drifting apart; importers validate against them.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;

use crate::audit::report::{AuditedRecord, FormReport};
use crate::record::Record;

/// The JSON Schema (draft 2020-12) of an array of records, generated with schemars from the record types.
pub fn record_schema() -> serde_json::Value {
    array_schema::<Record>("jixiao records (schema_version 1)")
}

/// The JSON Schema of what `jixiao audit --format json` writes: an array with one report
/// per form (its source, project name, share of quantified indicators and findings).
pub fn audit_schema() -> serde_json::Value {
    array_schema::<FormReport<'static>>("jixiao audit reports")
}

/// The JSON Schema of what `jixiao parse --audit` writes: an array of records, each with
/// its findings added as `audit`.
pub fn audited_record_schema() -> serde_json::Value {
    array_schema::<AuditedRecord<'static>>("jixiao records with audit findings (schema_version 1)")
}

/// The draft 2020-12 schema of an array of `T`, titled `title`.
fn array_schema<T: JsonSchema>(title: &str) -> serde_json::Value {
    // The schema describes what serde writes: fields that are always written
    // (nullable ones included) are required, skipped-when-empty ones are not.
    let generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Vec<T>>();
    schema.insert("title".to_owned(), title.into());
    schema.to_value()
}
