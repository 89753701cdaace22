//! Bytes to UTF-8 text: encoding detection, replacement of malformed bytes and
//! removal of control characters.
//!
//! Archives of OCR'd forms come as UTF-8, UTF-16 (with or without BOM) and
//! GB18030/GBK, sometimes cut in the middle of a character by an interrupted
//! copy. Decoding never fails on a readable text file: what could not be read
//! becomes U+FFFD and a diagnostic. Only empty files and binary data are errors.
//!
//! Detection rules, in order:
//!
//! 1. A forced encoding (`--encoding`) is used as is; a BOM of that same
//!    encoding is stripped.
//! 2. A BOM (UTF-8, UTF-16LE, UTF-16BE) decides the encoding and is stripped.
//! 3. Bytes that are valid UTF-8, valid except for an incomplete sequence at the
//!    very end (a cut file), or valid except for at most one malformed sequence
//!    per twenty multi-byte characters are UTF-8.
//! 4. Otherwise `chardetng` guesses a legacy encoding from the first 256 KiB,
//!    up to their last ASCII byte (so a cut final character does not sway the
//!    guess); GBK is read as its superset GB18030.
//! 5. UTF-16 without BOM is considered only when the bytes hold a NUL (every
//!    form has ASCII newlines or digits, whose UTF-16 code units hold a NUL
//!    byte). The first 256 KiB are then decoded both as UTF-16LE and UTF-16BE; the
//!    better of the two wins over the choice of rules 3–4 when at least 85 % of
//!    its characters are plausible in a form (ASCII printable or white space,
//!    CJK ideographs, CJK and general punctuation, full-width forms) and that
//!    share is higher than in the rule 3–4 decoding of those bytes. Unpaired
//!    surrogates decode to U+FFFD and count against a candidate, as do NULs and
//!    other control characters.
//!
//! A file is binary when it starts with the signature of a common binary format
//! (PNG, JPEG, GIF, PDF, ZIP, gzip, ELF, …) and is not clean UTF-8, or when in the
//! chosen decoding more than 5 % of the characters (and more than 8) are
//! control characters or replaced malformed bytes, or more than half are.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};

use crate::diagnostic::{Code, Diagnostic};

/// Text decoded from a file's bytes, with what was learnt on the way.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text: borrowed when the input was clean UTF-8 without BOM and needed no cleaning.
    pub text: Cow<'a, str>,
    /// The encoding used, by its WHATWG name as encoding_rs spells it ("UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "GBK", "Big5", …).
    pub encoding: &'static str,
    /// Info/warning diagnostics (malformed bytes with their 1-based line in `text`, detection, removed control characters).
    pub diagnostics: Vec<Diagnostic>,
}

/// Share of a UTF-16 decoding, in per mille, that must be plausible form text.
const UTF16_MIN_PERMILLE: u64 = 850;

/// Bytes from the start of a file that encoding detection looks at: plenty
/// for a form, and it keeps detection cost flat for large files.
const SAMPLE_LEN: usize = 256 * 1024;

/// Share of suspicious characters, in percent, above which a file is binary.
const BINARY_PERCENT: usize = 5;

/// Suspicious characters a file may hold whatever its length before it can be binary.
const BINARY_MIN_COUNT: usize = 8;

/// Decodes `bytes`; `forced` overrides detection (the CLI's `--encoding NAME`).
/// Err only for an empty (or whitespace-only) file (`Code::EmptyFile`) or binary data (`Code::BinaryFile`).
pub fn decode<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> Result<Decoded<'a>, Diagnostic> {
    if bytes.is_empty() {
        return Err(Diagnostic::new(
            Code::EmptyFile,
            None,
            "the file is empty (0 bytes)",
        ));
    }

    // Fast path: clean UTF-8 is borrowed after one validation and one scan.
    if forced.is_none() || forced == Some(UTF_8) {
        if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
            if !s.starts_with('\u{FEFF}') && first_to_clean(s.as_bytes(), true).is_none() {
                if s.trim().is_empty() {
                    return Err(whitespace_only());
                }
                return Ok(Decoded {
                    text: Cow::Borrowed(s),
                    encoding: UTF_8.name(),
                    diagnostics: Vec::new(),
                });
            }
        }
    }

    if let Some(kind) = binary_signature(bytes) {
        return Err(Diagnostic::new(
            Code::BinaryFile,
            None,
            format!("the file looks like binary data ({kind} signature)"),
        ));
    }

    let picked = pick(bytes, forced);
    let encoding = display_name(picked.encoding);
    let mut diagnostics = Vec::new();
    if let Some(reason) = picked.detected {
        diagnostics.push(detected_diagnostic(encoding, reason));
    }

    let text = picked.text;
    let malformed = picked.malformed;
    // Lines are counted before control removal, which keeps line breaks, so
    // they are lines of the returned text.
    let malformed_lines = malformed_diagnostics(&text, &malformed, encoding);
    let (text, controls) = match first_control(text.as_bytes()) {
        None => (text, None),
        Some(first) => {
            let line = lines_at(&text, std::iter::once(first))
                .first()
                .copied()
                .unwrap_or(1);
            let first_char = text.get(first..).and_then(|s| s.chars().next());
            let (clean, count) = strip_controls(&text, first);
            (Cow::Owned(clean), Some((line, count, first_char)))
        }
    };
    let removed = controls.map_or(0, |(_, count, _)| count);
    let text = nbsp_as_space(text);

    // Binary: too many control characters or replaced bytes for a text file.
    let bad = malformed.len() + removed;
    if bad > 0 {
        let chars = text.chars().count() + removed;
        if let Some(d) = too_many_bad(bad, chars, encoding) {
            return Err(d);
        }
    }

    if text.trim().is_empty() {
        return Err(whitespace_only());
    }

    diagnostics.extend(malformed_lines);
    if let Some((line, count, first_char)) = controls {
        diagnostics.push(controls_diagnostic(line, count, first_char));
    }

    Ok(Decoded {
        text,
        encoding,
        diagnostics,
    })
}

/// Looks up an encoding by a user-supplied label (`gbk`, `GB18030`, `utf-16le`, `utf8`, …).
pub fn encoding_for_label(label: &str) -> Option<&'static encoding_rs::Encoding> {
    let label = label.trim();
    if let Some(enc) = Encoding::for_label_no_replacement(label.as_bytes()) {
        return Some(enc);
    }
    // A few spellings common on the command line that WHATWG does not list.
    let folded: String = label
        .chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    match folded.as_str() {
        "utf16" | "utf16le" => Some(UTF_16LE),
        "utf16be" => Some(UTF_16BE),
        "gb18030" => Some(GB18030),
        "cp936" | "gbk" => Some(GBK),
        "big5" | "cp950" => Some(encoding_rs::BIG5),
        _ => None,
    }
    .filter(|enc| *enc != REPLACEMENT)
}

/// The name reported for `enc`: encoding_rs's WHATWG name, with gb18030 in the
/// upper case the forms' archives and their users write.
fn display_name(enc: &'static Encoding) -> &'static str {
    if enc == GB18030 {
        "GB18030"
    } else {
        enc.name()
    }
}

fn whitespace_only() -> Diagnostic {
    Diagnostic::new(Code::EmptyFile, None, "the file holds only white space")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A malformed byte sequence replaced by U+FFFD at `offset` of the decoded text.
#[derive(Debug, Clone, Copy)]
struct Malformed {
    offset: usize,
    bytes: usize,
}

/// A decoding of the whole input in one encoding.
struct Candidate<'a> {
    text: Cow<'a, str>,
    encoding: &'static Encoding,
    malformed: Vec<Malformed>,
    /// Why the encoding was guessed; None when declared (BOM, forced) or valid UTF-8.
    detected: Option<&'static str>,
}

/// Chooses the encoding by the rules in the module documentation and decodes.
fn pick<'a>(bytes: &'a [u8], forced: Option<&'static Encoding>) -> Candidate<'a> {
    let sample = bytes.get(..SAMPLE_LEN).unwrap_or(bytes);
    let plan = Plan::new(
        sample,
        bytes.len(),
        forced,
        || matches!(utf8_verdict(bytes), Utf8::Yes),
        || bytes.contains(&0),
    );
    decode_as(
        plan.encoding,
        bytes.get(plan.skip..).unwrap_or_default(),
        plan.detected,
    )
}

/// How a file's bytes are decoded: the encoding [`decode`] picks for them,
/// how many bytes of byte order mark to skip, and why the encoding was
/// guessed. Made from the file's start and two facts of the whole file, so a
/// file read in pieces ([`StreamDecoder`]) is decoded as [`decode`] decodes it
/// whole.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    encoding: &'static Encoding,
    skip: usize,
    detected: Option<&'static str>,
}

impl Plan {
    /// The plan for a file of `len` bytes whose first bytes are `sample` (its
    /// first [`SAMPLE_BYTES`], or all of it), for a forced encoding or none,
    /// by the rules of the module documentation. `utf8`: whether the whole
    /// file is read as UTF-8 (see [`Utf8Scan`]); `nul`: whether it holds a NUL
    /// byte. Both are asked only when neither a forced encoding nor a byte
    /// order mark decides.
    pub fn new(
        sample: &[u8],
        len: usize,
        forced: Option<&'static Encoding>,
        utf8: impl FnOnce() -> bool,
        nul: impl FnOnce() -> bool,
    ) -> Plan {
        if let Some(enc) = forced {
            let skip = match Encoding::for_bom(sample) {
                Some((bom_enc, bom_len)) if bom_enc == enc => bom_len,
                _ => 0,
            };
            return Plan {
                encoding: enc,
                skip,
                detected: None,
            };
        }
        if let Some((enc, bom_len)) = Encoding::for_bom(sample) {
            return Plan {
                encoding: enc,
                skip: bom_len,
                detected: None,
            };
        }

        let (mut encoding, mut detected) = if utf8() {
            (UTF_8, None)
        } else {
            (
                guess_legacy(sample),
                Some("no BOM and not UTF-8; guessed from the byte statistics"),
            )
        };

        // UTF-16 without BOM, judged on a sample; only the winner decodes it all.
        if len >= 2 && nul() {
            let score = |enc| plausible_permille(&decode_as(enc, sample, None).text);
            let (score_le, score_be) = (score(UTF_16LE), score(UTF_16BE));
            let (utf16, best) = if score_be > score_le {
                (UTF_16BE, score_be)
            } else {
                (UTF_16LE, score_le)
            };
            if best >= UTF16_MIN_PERMILLE && best > score(encoding) {
                encoding = utf16;
                detected = Some("no BOM; the NUL bytes follow the UTF-16 pattern");
            }
        }
        Plan {
            encoding,
            skip: 0,
            detected,
        }
    }

    /// Whether neither a forced encoding nor a byte order mark decides, so
    /// [`Plan::new`] needs the whole file's UTF-8 verdict and NUL test.
    pub fn needs_scan(sample: &[u8], forced: Option<&'static Encoding>) -> bool {
        forced.is_none() && Encoding::for_bom(sample).is_none()
    }

    /// The name the records give the encoding.
    pub fn encoding_name(&self) -> &'static str {
        display_name(self.encoding)
    }
}

/// Bytes from the start of a file a [`Plan`] needs.
pub const SAMPLE_BYTES: usize = SAMPLE_LEN;

/// Whether bytes without BOM are read as UTF-8.
enum Utf8 {
    Yes,
    No,
}

/// UTF-8 when valid, valid but for an incomplete final sequence, or with at most
/// one malformed sequence per twenty valid multi-byte characters (decided early
/// once more than 64 malformed sequences outnumber that share).
fn utf8_verdict(bytes: &[u8]) -> Utf8 {
    let mut scan = Utf8Scan::default();
    scan.feed(bytes, 0, true);
    if scan.is_utf8() {
        Utf8::Yes
    } else {
        Utf8::No
    }
}

/// Rule 3 (is the file UTF-8?) over a file fed piece by piece, with the
/// verdict [`decode`] reaches on the whole file.
#[derive(Debug, Default)]
pub struct Utf8Scan {
    malformed: usize,
    multibyte: usize,
    verdict: Option<bool>,
}

impl Utf8Scan {
    /// Feeds the next bytes of the file; `after`: how many bytes of the file
    /// follow them, `last` when none do. Returns how many bytes at the end
    /// could not be judged yet (a character cut by the end of the piece):
    /// feed them again at the start of the next piece.
    pub fn feed(&mut self, bytes: &[u8], after: usize, last: bool) -> usize {
        if self.verdict.is_some() {
            return 0;
        }
        let mut rest = bytes;
        loop {
            match simdutf8::compat::from_utf8(rest) {
                Ok(_) => {
                    self.multibyte += count_leads(rest);
                    break;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    self.multibyte += count_leads(rest.get(..valid).unwrap_or_default());
                    match e.error_len() {
                        None if !last => return rest.len() - valid,
                        // Incomplete sequence at the very end: a cut file.
                        None => {
                            if self.malformed == 0 {
                                self.verdict = Some(true);
                                return 0;
                            }
                            self.malformed += 1;
                            break;
                        }
                        Some(len) => {
                            self.malformed += 1;
                            rest = rest.get(valid + len..).unwrap_or_default();
                            // Enough evidence, or too many errors even if every
                            // remaining byte led a valid character.
                            if (self.malformed > 64 && self.malformed * 20 > self.multibyte)
                                || self.malformed * 20 > self.multibyte + rest.len() + after
                            {
                                self.verdict = Some(false);
                                return 0;
                            }
                        }
                    }
                }
            }
        }
        if last {
            self.verdict = Some(self.malformed * 20 <= self.multibyte);
        }
        0
    }

    /// Whether the verdict is in before the last piece (the rest of the file
    /// cannot change it).
    pub fn decided(&self) -> bool {
        self.verdict.is_some()
    }

    /// The verdict: the file is read as UTF-8. Meaningful once the last
    /// piece was fed, or [`Utf8Scan::decided`].
    pub fn is_utf8(&self) -> bool {
        self.verdict.unwrap_or(false)
    }
}

/// Decodes a file fed piece by piece as [`decode`] decodes it whole: the
/// same text, encoding, diagnostics and errors, holding only the piece in
/// hand (a character cut between two pieces is carried by the decoder).
/// What it learns on the way (malformed bytes and their lines, removed
/// control characters) is kept as counts and per line, not as text.
pub struct StreamDecoder {
    plan: Plan,
    decoder: encoding_rs::Decoder,
    /// Bytes of byte order mark still to skip.
    skip: usize,
    /// Offsets of the malformed sequences in the piece's text, and their lengths.
    local: Vec<(usize, usize)>,
    /// The 1-based line of the text's next byte, a pending `\r` not counted.
    line: usize,
    /// The text so far ends with `\r`: a line break unless `\n` follows.
    cr: bool,
    /// Bytes decoded so far, control characters included.
    len: usize,
    /// Malformed sequences per line: (line, bytes, sequences).
    malformed: Vec<(usize, usize, usize)>,
    /// Malformed sequences in all.
    malformed_count: usize,
    /// Where the last replacement character ends in the decoded text.
    malformed_end: usize,
    /// Control characters removed, and the line and character of the first.
    removed: usize,
    first_control: Option<(usize, Option<char>)>,
    /// Characters of the text handed out (control characters removed).
    chars: usize,
    /// Nothing but white space handed out so far.
    blank: bool,
    /// The string decoded text passes through (see [`decode_into`]).
    scratch: String,
}

impl StreamDecoder {
    /// A decoder for a file read by `plan`.
    pub fn new(plan: Plan) -> StreamDecoder {
        StreamDecoder {
            plan,
            decoder: plan.encoding.new_decoder_without_bom_handling(),
            skip: plan.skip,
            local: Vec::new(),
            line: 1,
            cr: false,
            len: 0,
            malformed: Vec::new(),
            malformed_count: 0,
            malformed_end: 0,
            removed: 0,
            first_control: None,
            chars: 0,
            blank: true,
            scratch: String::new(),
        }
    }

    /// Decodes the next bytes of the file (`last`: the file ends after them;
    /// the final call must say so, even with no bytes) and appends their text,
    /// without removed control characters, to `out`.
    pub fn feed(&mut self, bytes: &[u8], last: bool, out: &mut String) {
        let k = self.skip.min(bytes.len());
        self.skip -= k;
        let bytes = bytes.get(k..).unwrap_or_default();
        self.local.clear();
        // Decoded straight after what `out` holds; control characters are
        // taken out of that stretch afterwards (rare: only then a copy).
        let start = out.len();
        let mut pos = 0usize;
        loop {
            let rest = bytes.get(pos..).unwrap_or_default();
            let (result, read) = decode_into(&mut self.decoder, rest, out, &mut self.scratch, last);
            pos += read;
            match result {
                DecoderResult::InputEmpty | DecoderResult::OutputFull => break,
                DecoderResult::Malformed(bad, _) => {
                    self.local.push((out.len() - start, usize::from(bad)));
                    out.push('\u{FFFD}');
                }
            }
        }
        let text = out.get(start..).unwrap_or_default();
        // Lines of the malformed sequences and of the file's first control
        // character, in the order they come.
        let control = first_control(text.as_bytes());
        let want = control.filter(|_| self.first_control.is_none());
        let bytes = text.as_bytes();
        let mut at = 0usize;
        for i in 0..=self.local.len() {
            let next = self.local.get(i).copied();
            if let Some(c) = want {
                if self.first_control.is_none() && next.is_none_or(|(o, _)| c < o) {
                    self.count_lines(bytes.get(at..c).unwrap_or_default());
                    at = c;
                    let ch = text.get(c..).and_then(|s| s.chars().next());
                    let line = self.line + usize::from(self.cr);
                    self.first_control = Some((line, ch));
                }
            }
            let Some((offset, bad)) = next else { break };
            self.count_lines(bytes.get(at..offset).unwrap_or_default());
            at = offset;
            let line = self.line + usize::from(self.cr);
            match self.malformed.last_mut() {
                Some((l, b, n)) if *l == line => {
                    *b += bad;
                    *n += 1;
                }
                _ => self.malformed.push((line, bad, 1)),
            }
            self.malformed_count += 1;
            self.malformed_end = self.len + offset + '\u{FFFD}'.len_utf8();
        }
        self.count_lines(bytes.get(at..).unwrap_or_default());
        self.len += bytes.len();
        if let Some(first) = control {
            let piece = out.split_off(start);
            let (clean, count) = strip_controls(&piece, first);
            self.removed += count;
            out.push_str(&clean);
        }
        if let Some(Cow::Owned(spaced)) = out.get(start..).map(|t| nbsp_as_space(Cow::Borrowed(t)))
        {
            out.truncate(start);
            out.push_str(&spaced);
        }
        let added = out.get(start..).unwrap_or_default();
        self.chars += added.bytes().filter(|&b| (b as i8) >= -0x40).count();
        if self.blank && !added.trim().is_empty() {
            self.blank = false;
        }
    }

    /// Counts the line breaks of `bytes`, the text's next stretch, as
    /// [`lines_at`] does: `\n`, `\r\n` and a lone `\r`.
    fn count_lines(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if std::mem::take(&mut self.cr) && b != b'\n' {
                self.line += 1;
            }
            match b {
                b'\n' => self.line += 1,
                b'\r' => self.cr = true,
                _ => {}
            }
        }
    }

    /// The plan the file is decoded by.
    pub fn plan(&self) -> Plan {
        self.plan
    }

    /// Whether a file starting with `sample` starts with the signature of a
    /// binary format, which [`decode`] refuses unless the file is clean UTF-8.
    pub fn binary_start(sample: &[u8]) -> bool {
        binary_signature(sample).is_some()
    }

    /// After the last piece: the diagnostics [`decode`] gives the whole file,
    /// or the error it returns (binary data, nothing but white space).
    pub fn finish(&self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let encoding = self.plan.encoding_name();
        let bad = self.malformed_count + self.removed;
        if bad > 0 {
            if let Some(d) = too_many_bad(bad, self.chars + self.removed, encoding) {
                return Err(d);
            }
        }
        if self.blank {
            return Err(whitespace_only());
        }
        let mut diagnostics = Vec::new();
        if let Some(reason) = self.plan.detected {
            diagnostics.push(detected_diagnostic(encoding, reason));
        }
        let n = self.malformed.len();
        for (i, &(line, bytes, chars)) in self.malformed.iter().enumerate() {
            let at_end = i + 1 == n && self.malformed_end == self.len;
            diagnostics.push(malformed_diagnostic(line, bytes, chars, at_end, encoding));
        }
        if let Some((line, c)) = self.first_control {
            diagnostics.push(controls_diagnostic(line, self.removed, c));
        }
        Ok(diagnostics)
    }
}

/// Number of UTF-8 lead bytes of multi-byte characters.
fn count_leads(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from(b >= 0xC0)).sum()
}

/// The legacy encoding chardetng guesses; GBK is read as its superset GB18030.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    // The start of the file up to its last ASCII byte, so that a character cut
    // at the end does not disqualify the right encoding; all of the start if
    // that leaves no non-ASCII byte to judge by.
    let start = bytes.get(..SAMPLE_LEN).unwrap_or(bytes);
    let sample = match start.iter().rposition(|&b| b < 0x80) {
        Some(i) if start[..i].iter().any(|&b| b >= 0x80) => &start[..=i],
        _ => start,
    };
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    let enc = detector.guess(None, Utf8Detection::Allow);
    if enc == GBK {
        GB18030
    } else {
        enc
    }
}

/// Decodes all of `body` in `enc`, replacing malformed sequences by U+FFFD and
/// recording where; valid UTF-8 is borrowed.
fn decode_as<'a>(
    enc: &'static Encoding,
    body: &'a [u8],
    detected: Option<&'static str>,
) -> Candidate<'a> {
    if enc == UTF_8 {
        if let Ok(s) = simdutf8::basic::from_utf8(body) {
            return Candidate {
                text: Cow::Borrowed(s),
                encoding: enc,
                malformed: Vec::new(),
                detected,
            };
        }
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    // Room for two-byte characters becoming three; the string grows past it if need be.
    let mut out = String::with_capacity(body.len().saturating_add(body.len() / 2));
    let mut scratch = String::new();
    let mut malformed = Vec::new();
    let mut pos = 0usize;
    loop {
        let rest = body.get(pos..).unwrap_or_default();
        let (result, read) = decode_into(&mut decoder, rest, &mut out, &mut scratch, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty | DecoderResult::OutputFull => break,
            DecoderResult::Malformed(bad, _) => {
                malformed.push(Malformed {
                    offset: out.len(),
                    bytes: usize::from(bad),
                });
                out.push('\u{FFFD}');
            }
        }
    }
    Candidate {
        text: Cow::Owned(out),
        encoding: enc,
        malformed,
        detected,
    }
}

/// Decodes `src` with `decoder` onto the end of `out` up to its end or its
/// first malformed sequence, as `decode_to_string_without_replacement` does
/// (what it returns, and how many bytes it read), but through `scratch`, a
/// string of [`SCRATCH_BYTES`]: encoding_rs writes to every memory page of a
/// string's spare capacity before decoding into it, and the capacity it asks
/// for is three times the input for GB18030, so decoding straight into the
/// text kept two to four times the text resident.
fn decode_into(
    decoder: &mut encoding_rs::Decoder,
    src: &[u8],
    out: &mut String,
    scratch: &mut String,
    last: bool,
) -> (DecoderResult, usize) {
    let mut pos = 0usize;
    loop {
        let rest = src.get(pos..).unwrap_or_default();
        scratch.clear();
        scratch.reserve_exact(SCRATCH_BYTES);
        let (result, read) = decoder.decode_to_string_without_replacement(rest, scratch, last);
        pos += read;
        out.push_str(scratch);
        if result != DecoderResult::OutputFull {
            return (result, pos);
        }
    }
}

/// The size of the string [`decode_into`] decodes through.
const SCRATCH_BYTES: usize = 16 << 10;

/// Per mille of characters plausible in a Chinese form: ASCII printable and
/// white space, CJK ideographs and punctuation, full-width forms.
fn plausible_permille(text: &str) -> u64 {
    let mut total = 0u64;
    let mut good = 0u64;
    for c in text.chars() {
        total += 1;
        let plausible = matches!(c,
            '\t' | '\n' | '\r' | '\x0C' | ' '..='~'
            | '\u{00B7}' | '\u{00D7}'
            | '\u{2000}'..='\u{206F}'
            | '\u{2160}'..='\u{217F}'
            | '\u{2460}'..='\u{24FF}'
            | '\u{25A0}'..='\u{25FF}'
            | '\u{3000}'..='\u{303F}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF00}'..='\u{FFEF}');
        if plausible {
            good += 1;
        }
    }
    (good * 1000).checked_div(total).unwrap_or(0)
}

/// Whether `c` is removed: C0 controls but tab, line feed, form feed and
/// carriage return; DEL; C1 controls.
fn is_removed_control(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0B' | '\x0E'..='\x1F' | '\x7F'..='\u{9F}')
}

/// Bytes that are, or start, a removed control character in UTF-8 (0xC2 only
/// when followed by 0x80..=0x9F).
const CONTROL_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0A | 0x0C | 0x0D);
        b += 1;
    }
    table[0x7F] = true;
    table[0xC2] = true;
    table
};

/// Byte offset of the first removed control character in UTF-8 `bytes`.
fn first_control(bytes: &[u8]) -> Option<usize> {
    first_to_clean(bytes, false)
}

/// Byte offset of the first removed control character in UTF-8 `bytes`, or
/// with `nbsp` of the first no-break space (U+00A0, which the decoder writes
/// as a space): clean text has neither.
fn first_to_clean(bytes: &[u8], nbsp: bool) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = next_control_byte(bytes, from) {
        match bytes.get(at) {
            Some(0xC2) => match bytes.get(at + 1) {
                Some(0x80..=0x9F) => return Some(at),
                Some(0xA0) if nbsp => return Some(at),
                _ => from = at + 1,
            },
            _ => return Some(at),
        }
    }
    None
}

/// fixture: fixtures/layouts/nbsp-gaps.txt
/// `text` with every no-break space (U+00A0) written as a space: text copied
/// from a web page pads its columns with runs of them, which must read as the
/// gaps they are, and inside a cell one is white space like any other.
fn nbsp_as_space(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains('\u{A0}') {
        Cow::Owned(text.replace('\u{A0}', " "))
    } else {
        text
    }
}

/// Byte offset of the first byte at or after `from` that [`CONTROL_BYTE`]
/// marks. Blocks of 32 bytes with none are passed by comparisons the
/// compiler runs side by side; the block holding one is searched byte by byte.
fn next_control_byte(bytes: &[u8], mut from: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    while let Some(block) = bytes.get(from..from + BLOCK) {
        let marked = block.iter().fold(false, |any, &b| {
            any | ((b < 0x20) & (b != 0x09) & (b != 0x0A) & (b != 0x0C) & (b != 0x0D))
                | (b == 0x7F)
                | (b == 0xC2)
        });
        if marked {
            break;
        }
        from += BLOCK;
    }
    let i = bytes
        .get(from..)?
        .iter()
        .position(|&b| CONTROL_BYTE[usize::from(b)])?;
    Some(from + i)
}

/// `text` without removed control characters (the first at byte `first`), and how many were removed.
fn strip_controls(text: &str, first: usize) -> (String, usize) {
    let (head, tail) = match (text.get(..first), text.get(first..)) {
        (Some(head), Some(tail)) => (head, tail),
        _ => ("", text),
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(head);
    let mut count = 0;
    for c in tail.chars() {
        if is_removed_control(c) {
            count += 1;
        } else {
            out.push(c);
        }
    }
    (out, count)
}

/// 1-based line numbers of ascending byte `offsets` in `text`; lines end at
/// `\n`, `\r\n` or a lone `\r`.
fn lines_at(text: &str, offsets: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut pos = 0;
    let mut lines = Vec::new();
    for offset in offsets {
        let end = offset.min(bytes.len());
        if end > pos {
            for (i, &b) in bytes[pos..end].iter().enumerate() {
                match b {
                    b'\n' => line += 1,
                    b'\r' if bytes.get(pos + i + 1) != Some(&b'\n') => line += 1,
                    _ => {}
                }
            }
            pos = end;
        }
        lines.push(line);
    }
    lines
}

/// One malformed-bytes warning per line holding replaced sequences.
fn malformed_diagnostics(text: &str, malformed: &[Malformed], encoding: &str) -> Vec<Diagnostic> {
    let lines = lines_at(text, malformed.iter().map(|m| m.offset));
    let mut out = Vec::new();
    let mut i = 0;
    while i < malformed.len() {
        let line = lines[i];
        let mut bytes = 0;
        let mut chars = 0;
        let mut at_end = false;
        while i < malformed.len() && lines[i] == line {
            bytes += malformed[i].bytes;
            chars += 1;
            at_end = malformed[i].offset + '\u{FFFD}'.len_utf8() == text.len();
            i += 1;
        }
        out.push(malformed_diagnostic(line, bytes, chars, at_end, encoding));
    }
    out
}

/// The warning for the malformed sequences of one line: `bytes` bytes
/// replaced by `chars` U+FFFD, the last of them ending the text when `at_end`.
fn malformed_diagnostic(
    line: usize,
    bytes: usize,
    chars: usize,
    at_end: bool,
    encoding: &str,
) -> Diagnostic {
    let tail = if at_end {
        "; the file ends inside a character"
    } else {
        ""
    };
    Diagnostic::at(
        Code::MalformedBytes,
        line,
        format!(
            "{bytes} byte{} not valid in {encoding} replaced by {chars} U+FFFD{tail}",
            plural(bytes)
        ),
    )
}

/// The note that the encoding was guessed, and why.
fn detected_diagnostic(encoding: &str, reason: &str) -> Diagnostic {
    Diagnostic::new(
        Code::EncodingDetected,
        None,
        format!("encoding detected as {encoding} ({reason})"),
    )
}

/// The warning for `count` removed control characters, the first on `line`.
fn controls_diagnostic(line: usize, count: usize, first_char: Option<char>) -> Diagnostic {
    let first = first_char.map_or(String::new(), |c| format!(", the first U+{:04X}", c as u32));
    Diagnostic::at(
        Code::ControlChars,
        line,
        format!("removed {count} control character{}{first}", plural(count)),
    )
}

/// The binary-file error when `bad` control characters and malformed bytes
/// among `chars` characters are too many for a text file.
fn too_many_bad(bad: usize, chars: usize, encoding: &str) -> Option<Diagnostic> {
    if (bad > BINARY_MIN_COUNT && bad * 100 > chars * BINARY_PERCENT) || bad * 2 > chars {
        let percent = bad * 100 / chars.max(1);
        return Some(Diagnostic::new(
            Code::BinaryFile,
            None,
            format!(
                "the file looks like binary data ({bad} of {chars} characters, {percent} %, \
                 are control characters or malformed bytes in {encoding})"
            ),
        ));
    }
    None
}

/// The format whose signature starts `bytes`, for common binary formats.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"PK\x05\x06", "ZIP archive"),
        (b"\x1F\x8B", "gzip data"),
        (b"\x7FELF", "ELF executable"),
        (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
        (b"Rar!\x1A\x07", "RAR archive"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "OLE2 (legacy Office) document",
        ),
        (b"\xFD7zXZ\x00", "xz data"),
        (b"\x28\xB5\x2F\xFD", "zstd data"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_search_by_blocks_is_the_byte_search() {
        let naive = |b: &[u8]| -> Option<usize> {
            (0..b.len()).find(|&i| match b[i] {
                0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
                x => CONTROL_BYTE[usize::from(x)],
            })
        };
        // Each odd byte at each place of texts of up to 100 bytes (blocks of
        // 32, a remainder), among tabs, line breaks and other characters.
        let odd: [&[u8]; 7] = [
            b"\x01",
            b"\x0B",
            b"\x7F",
            b"\xC2\x85",
            b"\xC2\xB7",
            b"\x1F",
            b"\x00",
        ];
        for len in [0usize, 1, 31, 32, 33, 64, 70, 100] {
            let base: Vec<u8> = "扶\t贫a\n\x0C\r".bytes().cycle().take(len).collect();
            assert_eq!(first_control(&base), naive(&base));
            for o in odd {
                for at in 0..=len {
                    let mut b = base.clone();
                    b.splice(at..at, o.iter().copied());
                    assert_eq!(first_control(&b), naive(&b), "{b:?}");
                }
            }
        }
    }

    /// A short form in simplified Chinese, as the archives hold it.
    const FORM: &str = "绩效目标申报表\n（2023年度）\n项目名称\t扶贫综合保险\n主管部门\t县财政局\n\
        实施单位\t县农业农村局\n项目资金（万元）\t年度资金总额：120\n\
        年度目标\t为全县建档立卡贫困户提供综合保险保障，降低因病因灾返贫风险。\n\
        一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t参保人数\t≥5000人\n\
        效益指标\t社会效益指标\t群众满意度\t≥90%\n";

    /// The same form in traditional characters, for Big5.
    const FORM_BIG5: &str =
        "績效目標申報表\n（2023年度）\n項目名稱\t扶貧綜合保險\n主管部門\t縣財政局\n\
        實施單位\t縣農業農村局\n項目資金（萬元）\t年度資金總額：120\n\
        年度目標\t為全縣建檔立卡貧困戶提供綜合保險保障，降低因病因災返貧風險。\n\
        一級指標\t二級指標\t三級指標\t指標值\n產出指標\t數量指標\t參保人數\t5000人\n";

    const SHORT: &str = "绩效目标申报表\n项目名称\t扶贫综合保险\n";

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        for unit in units {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&pair);
        }
        out
    }

    fn encode(enc: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = enc.encode(text);
        assert!(!unmappable, "sample not encodable in {}", enc.name());
        bytes.into_owned()
    }

    fn codes(d: &Decoded<'_>) -> Vec<Code> {
        d.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn encodings_are_read_and_named() {
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(FORM.as_bytes());
        // (case, bytes, encoding, text, whether the encoding was guessed)
        let cases: Vec<(&str, Vec<u8>, &str, &str, bool)> = vec![
            ("utf-8", FORM.as_bytes().to_vec(), "UTF-8", FORM, false),
            ("utf-8 bom", with_bom, "UTF-8", FORM, false),
            (
                "utf-16le bom",
                utf16(FORM, false, true),
                "UTF-16LE",
                FORM,
                false,
            ),
            (
                "utf-16be bom",
                utf16(FORM, true, true),
                "UTF-16BE",
                FORM,
                false,
            ),
            (
                "utf-16le",
                utf16(FORM, false, false),
                "UTF-16LE",
                FORM,
                true,
            ),
            ("utf-16be", utf16(FORM, true, false), "UTF-16BE", FORM, true),
            (
                "utf-16le short",
                utf16(SHORT, false, false),
                "UTF-16LE",
                SHORT,
                true,
            ),
            (
                "utf-16be short",
                utf16(SHORT, true, false),
                "UTF-16BE",
                SHORT,
                true,
            ),
            ("gb18030", encode(GB18030, FORM), "GB18030", FORM, true),
            ("gbk", encode(GBK, FORM), "GB18030", FORM, true),
            (
                "big5",
                encode(encoding_rs::BIG5, FORM_BIG5),
                "Big5",
                FORM_BIG5,
                true,
            ),
        ];
        for (case, bytes, encoding, text, guessed) in cases {
            let d = decode(&bytes, None).unwrap_or_else(|e| panic!("{case}: {e}"));
            assert_eq!(d.encoding, encoding, "{case}");
            assert_eq!(d.text, text, "{case}");
            let expected = if guessed {
                vec![Code::EncodingDetected]
            } else {
                vec![]
            };
            assert_eq!(codes(&d), expected, "{case}: {:?}", d.diagnostics);
            if guessed {
                assert!(d.diagnostics[0].message.contains(encoding), "{case}");
                assert_eq!(d.diagnostics[0].line, None, "{case}");
            }
        }
    }

    #[test]
    fn clean_utf8_is_borrowed() {
        let d = decode(FORM.as_bytes(), None).unwrap();
        assert!(matches!(d.text, Cow::Borrowed(_)));
        let d = decode("a\u{85}b c".as_bytes(), None).unwrap();
        assert!(
            matches!(d.text, Cow::Owned(_)),
            "C1 control must be removed"
        );
        assert_eq!(d.text, "ab c");
    }

    #[test]
    fn malformed_byte_is_reported_on_its_line() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice("绩效目标申报表\r\n项目名称\t扶贫综合保险\r\n主管".as_bytes());
        bytes.push(0xFF);
        bytes.extend_from_slice("部门\t县财政局\n实施单位\t县农业农村局\n".as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(
            d.text,
            "绩效目标申报表\r\n项目名称\t扶贫综合保险\r\n主管\u{FFFD}部门\t县财政局\n实施单位\t县农业农村局\n"
        );
        assert_eq!(codes(&d), vec![Code::MalformedBytes]);
        assert_eq!(d.diagnostics[0].line, Some(3));
        assert!(
            d.diagnostics[0].message.contains("1 byte "),
            "{}",
            d.diagnostics[0]
        );
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let mut bytes = b"a\rb\r\nc\n".to_vec();
        bytes.extend_from_slice("项目名称扶贫综合保险".repeat(4).as_bytes());
        bytes.extend_from_slice(b"\xFF\xFE");
        bytes.extend_from_slice("名称\n".as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(codes(&d), vec![Code::MalformedBytes]);
        assert_eq!(d.diagnostics[0].line, Some(4));
        assert!(
            d.diagnostics[0].message.contains("2 bytes"),
            "{}",
            d.diagnostics[0]
        );
        assert!(
            d.diagnostics[0].message.contains("2 U+FFFD"),
            "{}",
            d.diagnostics[0]
        );
    }

    #[test]
    fn truncated_tails_stay_in_their_encoding() {
        let lines = FORM.lines().count();
        let utf8 = FORM.as_bytes();
        let mut cut_utf8 = utf8.to_vec();
        cut_utf8.extend_from_slice(&"绩".as_bytes()[..2]);
        let mut cut_gb = encode(GB18030, FORM);
        cut_gb.push(encode(GB18030, "绩")[0]);
        // Cut after a non-ASCII character, so the last line holds some of both.
        let mut cut_gb_mid = encode(GB18030, &format!("{FORM}注：结束"));
        cut_gb_mid.pop();
        let mut odd_le = utf16(FORM, false, false);
        odd_le.push(0x7E);
        let mut odd_be_bom = utf16(FORM, true, true);
        odd_be_bom.push(0x7E);
        let cases: Vec<(&str, Vec<u8>, &str, usize)> = vec![
            ("utf-8", cut_utf8, "UTF-8", lines + 1),
            ("gb18030 lone lead", cut_gb, "GB18030", lines + 1),
            ("gb18030 mid line", cut_gb_mid, "GB18030", lines + 1),
            ("utf-16le odd", odd_le, "UTF-16LE", lines + 1),
            ("utf-16be bom odd", odd_be_bom, "UTF-16BE", lines + 1),
        ];
        for (case, bytes, encoding, line) in cases {
            let d = decode(&bytes, None).unwrap_or_else(|e| panic!("{case}: {e}"));
            assert_eq!(d.encoding, encoding, "{case}");
            assert!(d.text.ends_with('\u{FFFD}'), "{case}: {:?}", d.text);
            assert_eq!(d.text.matches('\u{FFFD}').count(), 1, "{case}");
            let warnings: Vec<_> = d
                .diagnostics
                .iter()
                .filter(|d| d.code == Code::MalformedBytes)
                .collect();
            assert_eq!(warnings.len(), 1, "{case}: {:?}", d.diagnostics);
            assert_eq!(warnings[0].line, Some(line), "{case}");
            assert!(warnings[0].message.contains("ends inside"), "{case}");
        }
    }

    /// fixture: fixtures/layouts/nbsp-gaps.txt
    #[test]
    fn no_break_spaces_are_spaces() {
        let text = "项目名称\u{A0}\u{A0}\u{A0}北岭\u{A0}村道\u{A0}\n主管部门\t县\x01交通局\u{A0}\n";
        let d = decode(text.as_bytes(), None).unwrap();
        assert_eq!(d.text, "项目名称   北岭 村道 \n主管部门\t县交通局 \n");
        assert_eq!(d.encoding, "UTF-8");
        // Only the control character is reported; a no-break space is white space.
        assert_eq!(codes(&d), vec![Code::ControlChars]);
        assert!(
            d.diagnostics[0].message.contains("removed 1 "),
            "{}",
            d.diagnostics[0]
        );
        let d = decode("甲\u{A0}\u{A0}乙\n".as_bytes(), None).unwrap();
        assert_eq!(d.text, "甲  乙\n");
        assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
        // Text with none is borrowed as it is.
        let d = decode("甲  乙·\n".as_bytes(), None).unwrap();
        assert!(matches!(d.text, Cow::Borrowed(_)));
    }

    #[test]
    fn control_characters_are_removed_once() {
        let text = "绩效目标申报表\n项目名称\t扶贫\0综合保险\r\n\x0C主管部门\t县财政局\x01\x7F\n\
                    实施单位\t县农业农村局\n年度目标\t降低因病因灾返贫风险\n";
        let d = decode(text.as_bytes(), None).unwrap();
        assert_eq!(
            d.text,
            "绩效目标申报表\n项目名称\t扶贫综合保险\r\n\x0C主管部门\t县财政局\n\
             实施单位\t县农业农村局\n年度目标\t降低因病因灾返贫风险\n"
        );
        assert_eq!(codes(&d), vec![Code::ControlChars]);
        assert_eq!(d.diagnostics[0].line, Some(2));
        assert!(
            d.diagnostics[0].message.contains("removed 3 "),
            "{}",
            d.diagnostics[0]
        );
        assert!(
            d.diagnostics[0].message.contains("U+0000"),
            "{}",
            d.diagnostics[0]
        );
    }

    #[test]
    fn empty_and_binary_files_are_errors() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(noise(4096, 7));
        let mut elf = b"\x7FELF\x02\x01\x01\0".to_vec();
        elf.extend(noise(512, 3));
        let mut zeros = FORM.as_bytes().to_vec();
        zeros.extend_from_slice(&[0u8; 4096]);
        let cases: Vec<(&str, Vec<u8>, Code)> = vec![
            ("empty", Vec::new(), Code::EmptyFile),
            ("spaces", b" \n\t\r\n  ".to_vec(), Code::EmptyFile),
            (
                "ideographic space",
                "\u{3000}\n".as_bytes().to_vec(),
                Code::EmptyFile,
            ),
            ("utf-16 spaces", utf16(" \n ", false, true), Code::EmptyFile),
            ("png", png, Code::BinaryFile),
            ("elf", elf, Code::BinaryFile),
            ("noise", noise(8192, 11), Code::BinaryFile),
            ("text then zeros", zeros, Code::BinaryFile),
            ("one nul", vec![0], Code::BinaryFile),
        ];
        for (case, bytes, code) in cases {
            match decode(&bytes, None) {
                Ok(d) => panic!("{case}: decoded as {} {:?}", d.encoding, d.text),
                Err(e) => {
                    assert_eq!(e.code, code, "{case}: {e}");
                    assert_eq!(e.line, None, "{case}");
                }
            }
        }
    }

    /// Deterministic pseudo-random bytes (xorshift).
    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn stray_nul_does_not_make_utf16() {
        // Pairs of lowercase ASCII letters read as UTF-16 are CJK ideographs.
        let text = "this is a plain line of lowercase words\0 and more of them here\n";
        let d = decode(text.as_bytes(), None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, text.replace('\0', ""));
        assert_eq!(codes(&d), vec![Code::ControlChars]);
    }

    #[test]
    fn ascii_utf16_without_bom() {
        let text = "Project name\tRural insurance\nYear\t2023\n";
        for big_endian in [false, true] {
            let bytes = utf16(text, big_endian, false);
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.encoding, if big_endian { "UTF-16BE" } else { "UTF-16LE" });
            assert_eq!(d.text, text);
        }
    }

    #[test]
    fn large_files_are_judged_on_their_start() {
        let big = FORM.repeat(SAMPLE_LEN / FORM.len() + 64);
        let mut gb = encode(GB18030, &big);
        gb.push(0xBC);
        let d = decode(&gb, None).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text.strip_suffix('\u{FFFD}'), Some(big.as_str()));
        let be = utf16(&big, true, false);
        let d = decode(&be, None).unwrap();
        assert_eq!(d.encoding, "UTF-16BE");
        assert_eq!(d.text, big);
    }

    #[test]
    fn forced_encoding_overrides_detection() {
        let gb = encode(GB18030, FORM);
        let d = decode(&gb, encoding_for_label("gbk")).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert_eq!(d.text, FORM);
        assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);

        let d = decode(FORM.as_bytes(), encoding_for_label("gb18030")).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_ne!(d.text, FORM);

        let le = utf16(FORM, false, true);
        let d = decode(&le, encoding_for_label("utf-16le")).unwrap();
        assert_eq!(d.text, FORM, "BOM of the forced encoding is stripped");
    }

    #[test]
    fn labels() {
        let cases: &[(&str, Option<&str>)] = &[
            ("gbk", Some("GBK")),
            ("GB18030", Some("gb18030")),
            ("utf-16le", Some("UTF-16LE")),
            ("UTF-16BE", Some("UTF-16BE")),
            ("utf16le", Some("UTF-16LE")),
            ("UTF-8", Some("UTF-8")),
            ("utf8", Some("UTF-8")),
            (" big5 ", Some("Big5")),
            ("cp936", Some("GBK")),
            ("hz-gb-2312", None),
            ("klingon", None),
            ("", None),
        ];
        for &(label, name) in cases {
            assert_eq!(encoding_for_label(label).map(|e| e.name()), name, "{label}");
        }
    }

    /// Decodes `bytes` as a file read in pieces of `piece` bytes: the UTF-8
    /// verdict and the decoder fed piece by piece, a cut character carried.
    fn decode_in_pieces(
        bytes: &[u8],
        forced: Option<&'static Encoding>,
        piece: usize,
    ) -> Result<(String, &'static str, Vec<Diagnostic>), Diagnostic> {
        let sample = bytes.get(..SAMPLE_BYTES).unwrap_or(bytes);
        let scan = || {
            let mut scan = Utf8Scan::default();
            let mut buf: Vec<u8> = Vec::new();
            let mut end = 0;
            while !scan.decided() {
                let to = (end + piece).min(bytes.len());
                buf.extend_from_slice(&bytes[end..to]);
                end = to;
                let keep = scan.feed(&buf, bytes.len() - end, end == bytes.len());
                if end == bytes.len() {
                    break;
                }
                buf.drain(..buf.len() - keep);
            }
            scan.is_utf8()
        };
        let plan = Plan::new(sample, bytes.len(), forced, scan, || bytes.contains(&0));
        let mut d = StreamDecoder::new(plan);
        let mut out = String::new();
        for chunk in bytes.chunks(piece) {
            d.feed(chunk, false, &mut out);
        }
        d.feed(&[], true, &mut out);
        d.finish().map(|diags| (out, plan.encoding_name(), diags))
    }

    /// A file decoded in pieces of any size reads as the whole file decodes:
    /// the same text, encoding, diagnostics (lines of malformed bytes and of
    /// the first control character across `\r\n` and lone `\r`, a character
    /// cut at the end) and errors.
    #[test]
    fn a_file_decoded_in_pieces_reads_as_decoded_whole() {
        let gb = encode(GB18030, FORM);
        let mut damaged = gb.clone();
        damaged.insert(40, 0xFF);
        damaged.insert(90, 0x07);
        damaged.insert(91, 0xFF);
        damaged.extend_from_slice(b"\r\n\x01\r");
        damaged.extend_from_slice(&gb);
        damaged.push(0xB0); // a character cut at the end
        let crlf = FORM
            .replace('\n', "\r\n")
            .replace("项目名称", "\r项目\x02名称");
        let mut utf8_bad = crlf.clone().into_bytes();
        utf8_bad.insert(3, 0xC3);
        utf8_bad.extend_from_slice(&[0xE4, 0xB8]);
        let mut bom_controls = b"\xEF\xBB\xBF".to_vec();
        bom_controls.extend_from_slice(b"\x07\x1B");
        bom_controls.extend_from_slice(crlf.as_bytes());
        let mut binary = FORM.as_bytes().to_vec();
        binary.extend(std::iter::repeat_n(0x01u8, 200));
        let long_gb = encode(GB18030, &FORM.repeat(40));
        let cases: Vec<(&str, Vec<u8>, Option<&'static Encoding>)> = vec![
            ("gb18030", gb.clone(), None),
            ("gb18030 damaged", damaged.clone(), None),
            ("gb18030 forced gbk", damaged, Some(GBK)),
            ("gb18030 long", long_gb, None),
            ("utf-8 crlf and controls", crlf.clone().into_bytes(), None),
            ("utf-8 malformed", utf8_bad, None),
            ("utf-8 bom controls", bom_controls, None),
            ("utf-16le", utf16(&crlf, false, false), None),
            ("utf-16be bom", utf16(FORM, true, true), None),
            ("utf-16le forced", utf16(FORM, false, true), Some(UTF_16LE)),
            ("big5", encode(encoding_rs::BIG5, FORM_BIG5), None),
            ("binary", binary, None),
            ("blank", b" \r\n\t".to_vec(), Some(GB18030)),
            (
                "utf-8 no-break spaces",
                FORM.replace('\t', "\u{A0}\u{A0}\u{A0}").into_bytes(),
                None,
            ),
            (
                "utf-8 no-break spaces and controls",
                crlf.replace('\t', "\u{A0}\u{A0}").into_bytes(),
                None,
            ),
            (
                "gb18030 no-break spaces",
                encode(GB18030, &FORM.replace('\t', "\u{A0}\u{A0}")),
                None,
            ),
        ];
        for (name, bytes, forced) in &cases {
            let want =
                decode(bytes, *forced).map(|d| (d.text.into_owned(), d.encoding, d.diagnostics));
            for piece in [1, 2, 3, 5, 64, 1 << 20] {
                let got = decode_in_pieces(bytes, *forced, piece);
                assert_eq!(got, want, "{name}, pieces of {piece}");
            }
        }
    }
}
