//! Writers that turn records into formats other systems import.

pub mod csv;
