//! Properties of decoding: it never panics, and clean UTF-8 comes back unchanged
//! but for its no-break spaces, which come back as spaces.

use jixiao::decode::decode;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any bytes decode to text or to an empty-file or binary-file error, without panicking.
    #[test]
    fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        match decode(&bytes, None) {
            Ok(d) => {
                prop_assert!(!d.text.trim().is_empty());
                prop_assert!(!d.text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')));
            }
            Err(e) => prop_assert!(matches!(
                e.code,
                jixiao::diagnostic::Code::EmptyFile | jixiao::diagnostic::Code::BinaryFile
            )),
        }
    }

    /// Structured bytes near the interesting cases: NULs, UTF-16 units, GB18030 pairs.
    #[test]
    fn never_panics_on_mixed_text(parts in proptest::collection::vec(
        prop_oneof![
            Just(vec![0u8]),
            Just(vec![0xFF, 0xFE]),
            Just(vec![0xFE, 0xFF]),
            Just(vec![0xEF, 0xBB, 0xBF]),
            Just("绩效".as_bytes().to_vec()),
            Just(vec![0xBC, 0xA8]),
            Just(vec![0x81]),
            Just(vec![0xC2, 0x85]),
            Just(b"\r\n".to_vec()),
            Just(b"\x0C".to_vec()),
            "[a-z0-9 ]{0,8}".prop_map(String::into_bytes),
        ],
        0..64,
    )) {
        let bytes = parts.concat();
        let _ = decode(&bytes, None);
        let _ = decode(&bytes, Some(encoding_rs::UTF_16BE));
        let _ = decode(&bytes, Some(encoding_rs::GB18030));
    }

    /// A valid string with no control characters and something besides white
    /// space is returned exactly, as UTF-8, its no-break spaces as spaces.
    #[test]
    fn clean_utf8_round_trips(s in "\\PC{1,200}") {
        prop_assume!(!s.trim().is_empty());
        let d = decode(s.as_bytes(), None).unwrap();
        prop_assert_eq!(d.encoding, "UTF-8");
        let want = s.replace('\u{A0}', " ");
        prop_assert_eq!(d.text.as_ref(), want.as_str());
        prop_assert!(d.diagnostics.is_empty());
    }

    /// The same holds with line breaks, tabs and form feeds mixed in.
    #[test]
    fn clean_utf8_with_layout_round_trips(s in "[\\PC\t\n\r\x0C]{1,200}") {
        prop_assume!(!s.trim().is_empty());
        let d = decode(s.as_bytes(), None).unwrap();
        prop_assert_eq!(d.encoding, "UTF-8");
        let want = s.replace('\u{A0}', " ");
        prop_assert_eq!(d.text.as_ref(), want.as_str());
    }
}
