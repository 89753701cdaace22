//! Placeholder decoder (replaced by the full decoder).
use std::borrow::Cow;

use crate::diagnostic::{Code, Diagnostic};

/// Text decoded from a file's bytes.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes bytes.
pub fn decode<'a>(
    bytes: &'a [u8],
    _forced: Option<&'static encoding_rs::Encoding>,
) -> Result<Decoded<'a>, Diagnostic> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::new(Code::EmptyFile, None, "empty"));
    }
    Ok(Decoded {
        text: String::from_utf8_lossy(bytes),
        encoding: "UTF-8",
        diagnostics: Vec::new(),
    })
}

/// Looks up an encoding label.
pub fn encoding_for_label(label: &str) -> Option<&'static encoding_rs::Encoding> {
    encoding_rs::Encoding::for_label(label.as_bytes())
}
