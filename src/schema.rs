//! The JSON Schema of the output, generated from the record types.
//!
//! Generating it from the same types serde writes keeps the schema and the
//! output from drifting apart; importers validate against it.

use schemars::generate::SchemaSettings;

use crate::record::Record;

/// The JSON Schema (draft 2020-12) of an array of records, generated with schemars from the record types.
pub fn record_schema() -> serde_json::Value {
    // The schema describes what serde writes: fields that are always written
    // (nullable ones included) are required, skipped-when-empty ones are not.
    let generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Vec<Record>>();
    schema.insert(
        "title".to_owned(),
        "jixiao records (schema_version 1)".into(),
    );
    schema.to_value()
}
