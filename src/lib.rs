//! jixiao (绩效): turns OCR'd Chinese public-finance forms into typed JSON records.

pub mod diagnostic;
pub mod record;
pub mod value;
