//! jixiao (绩效): turns OCR'd Chinese public-finance forms into typed JSON records.

pub mod diagnostic;
pub mod import;
pub mod output;
pub mod record;
