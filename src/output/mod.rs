//! Writers: records out as JSON, JSON Lines and CSV.

pub mod csv;
pub mod json;
pub mod replace;
pub mod terminal;
