//! Text for a terminal: file names and messages with their control
//! characters escaped.
//!
//! A file name can hold escape sequences or line breaks; printed raw on
//! stderr they would drive the terminal or break `path:line:` parsing, so
//! every line the CLI prints about a file goes through [`escape`].

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for the characters [`escape`] rewrites: C0 and C1 controls, DEL, and
/// the invisible marks that reorder text on screen (bidirectional overrides).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every control character written as an escape: `\n`, `\r`, `\t`,
/// else `\u{1b}`. Everything else, Chinese text included, is unchanged.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_text_is_kept() {
        assert_eq!(escape("scans/表1.txt"), "scans/表1.txt");
        assert!(matches!(escape("a.txt"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}[31mred\n.txt"), "a\\u{1b}[31mred\\n.txt");
        assert_eq!(escape("x\u{202E}txt.exe"), "x\\u{202e}txt.exe");
        assert_eq!(escape("\u{7f}\u{9b}\t"), "\\u{7f}\\u{9b}\\t");
    }
}
