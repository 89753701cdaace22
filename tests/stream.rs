//! Region-by-region parsing (`jixiao::stream`) gives the very output of a
//! whole-text parse: on every fixture, on the concatenation of all of them,
//! on concatenations in pseudo-random order and on generated benchmark
//! corpora, with regions made small so the text is cut wherever the rules
//! allow; and the command line writes the same bytes for a large file as the
//! whole parse does, with one job and with two.

#[path = "../benches/common/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use assert_cmd::Command;
use jixiao::diagnostic::Code;
use jixiao::output::json::{serialize, JsonFormat, JsonWriter, Serialized};
use jixiao::FileReport;

fn fixture_texts() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![PathBuf::from("fixtures")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("fixtures dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                let bytes = std::fs::read(&p).expect("fixture");
                if let Ok(d) = jixiao::decode::decode(&bytes, None) {
                    out.push((p, d.text.into_owned()));
                }
            }
        }
    }
    out.sort();
    out
}

/// Everything the command line writes for a report: its JSON Lines, and its
/// file-level diagnostics and size.
/// The fixtures with no glued line, one after another, a blank line apart.
fn unglued_fixtures(texts: &[(PathBuf, String)]) -> String {
    texts
        .iter()
        .filter(|(_, t)| {
            !jixiao::layout::rows(t)
                .iter()
                .any(jixiao::glued::is_glued_row)
        })
        .map(|(_, t)| format!("{t}\n\n"))
        .collect()
}

fn output(parts: &[(Serialized, String)]) -> String {
    let mut w = JsonWriter::new(Vec::new(), JsonFormat::Lines).expect("writer");
    let mut tail = String::new();
    for (s, t) in parts {
        w.write_serialized(s).expect("write");
        tail.push_str(t);
    }
    let mut out = String::from_utf8(w.finish().expect("finish")).expect("utf-8");
    out.push_str(&tail);
    out
}

fn prepare(r: FileReport) -> (Serialized, String) {
    let s = serialize(&r, JsonFormat::Lines).expect("serialise");
    let t = format!(
        "{}{}",
        if r.diagnostics.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&r.diagnostics).expect("diagnostics")
        },
        if r.bytes > 0 {
            format!(" {} bytes\n", r.bytes)
        } else {
            String::new()
        }
    );
    (s, t)
}

/// Parses `text` whole and in regions of `region_bytes`; panics where the
/// outputs differ; returns how many pieces the region parse handed on.
fn assert_same(name: &str, text: &str, region_bytes: usize) -> usize {
    let mut whole = jixiao::parse_text(name, text, "UTF-8");
    whole.bytes = text.len();
    let a = output(&[prepare(whole)]);
    let mut parts = Vec::new();
    let mut lasts = Vec::new();
    let stop = AtomicBool::new(false);
    jixiao::stream::parse_text_pieces(
        name,
        text,
        "UTF-8",
        text.len(),
        region_bytes,
        &stop,
        &prepare,
        &mut |p, last| {
            parts.push(p);
            lasts.push(last);
            true
        },
    )
    .expect("not stopped");
    assert_eq!(
        lasts.iter().filter(|l| **l).count(),
        1,
        "{name}: one last piece"
    );
    assert_eq!(
        lasts.last(),
        Some(&true),
        "{name}: the last piece comes last"
    );
    let b = output(&parts);
    if a != b {
        let line = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        let (x, y) = (
            a.lines().nth(line).unwrap_or(""),
            b.lines().nth(line).unwrap_or(""),
        );
        // Show the differing lines from a little before where they part.
        let at = x
            .char_indices()
            .zip(y.chars())
            .find(|((_, p), q)| p != q)
            .map_or(0, |((i, _), _)| i);
        let back = |s: &str| {
            let mut i = at.saturating_sub(300).min(s.len());
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (from_x, from_y) = (back(x), back(y));
        panic!(
            "{name}: region parse differs from the whole parse at output line {line}\nwhole: …{}\ncut:   …{}",
            &x[from_x..],
            &y[from_y..]
        );
    }
    parts.len()
}

/// A small deterministic generator (no dependency needed for a shuffle).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn every_fixture_reads_the_same_cut_and_whole() {
    for (p, text) in fixture_texts() {
        // Each fixture alone, and three copies of it.
        let name = p.display().to_string();
        assert_same(&name, &text, 1);
        assert_same(&name, &format!("{text}\n\n{text}\n\n{text}"), 1);
    }
}

#[test]
fn all_fixtures_in_one_text_read_the_same_cut_and_whole() {
    let texts = fixture_texts();
    let all: String = texts.iter().map(|(_, t)| format!("{t}\n\n")).collect();
    // Glued text makes the whole text glued, read whole.
    assert_eq!(assert_same("all fixtures", &all, 1), 1);
    let unglued = unglued_fixtures(&texts);
    let pieces = assert_same("all unglued fixtures", &unglued, 1);
    assert!(
        pieces > 10,
        "the unglued fixtures were cut into {pieces} pieces"
    );
    let twice = format!("{unglued}{unglued}");
    assert_same("all unglued fixtures twice", &twice, 2000);
}

#[test]
fn a_text_cut_inside_its_last_row_reads_the_same_cut_and_whole() {
    let texts = fixture_texts();
    let unglued = unglued_fixtures(&texts);
    let cut = std::fs::read_to_string("fixtures/tables/cut-last-row.txt").expect("fixture");
    assert!(!cut.ends_with('\n'), "the fixture ends inside its last row");
    let text = format!("{unglued}{cut}");
    let whole = jixiao::parse_text("cut", &text, "UTF-8");
    let last = whole.records.last().expect("records");
    assert!(
        last.review_reasons.contains(&Code::FormTruncated),
        "{:?}",
        last.review_reasons
    );
    assert!(assert_same("fixtures then a cut form", &text, 1) > 10);
}

#[test]
fn concatenations_of_fixtures_read_the_same_cut_and_whole() {
    let texts = fixture_texts();
    // Glued text makes a whole text glued, read whole: every other round
    // draws from the fixtures that are not, so some rounds can be cut.
    let unglued: Vec<&(PathBuf, String)> = texts
        .iter()
        .filter(|(_, t)| {
            !jixiao::layout::rows(t)
                .iter()
                .any(jixiao::glued::is_glued_row)
        })
        .collect();
    let mut rng = Lcg(19);
    let mut cut = 0;
    for round in 0..40 {
        let n = 2 + rng.next(6);
        let mut text = String::new();
        for _ in 0..n {
            let (_, t) = if round % 2 == 0 {
                &texts[rng.next(texts.len())]
            } else {
                unglued[rng.next(unglued.len())]
            };
            text.push_str(t);
            // Forms end in every way: blank lines, one line break, none.
            text.push_str(["\n\n", "\n", "", "\n\n\n"][rng.next(4)]);
        }
        let pieces = assert_same(&format!("round {round}"), &text, 1 + rng.next(2000));
        cut += usize::from(pieces > 1);
    }
    assert!(cut > 0, "no concatenation was ever cut");
}

#[test]
fn generated_corpora_read_the_same_cut_and_whole() {
    // Every layout mixed, and copies of the seed alone.
    let text = corpus::text_of_size(&corpus::templates(), 600_000, 3);
    let pieces = assert_same("corpus", &text, 40_000);
    assert!(pieces >= 5, "the mixed corpus was cut into {pieces} pieces");
    let seed = corpus::seed();
    let text = corpus::text_of_size(&[seed.clone(), seed], 400_000, 5);
    let pieces = assert_same("seed corpus", &text, 20_000);
    assert!(pieces >= 5, "the seed corpus was cut into {pieces} pieces");
}

#[test]
fn a_stop_ends_the_run_before_any_piece() {
    let text = corpus::text_of_size(&corpus::templates(), 200_000, 1);
    let stop = AtomicBool::new(true);
    let mut pieces = 0;
    let got = jixiao::stream::parse_text_pieces(
        "t.txt",
        &text,
        "UTF-8",
        text.len(),
        10_000,
        &stop,
        &prepare,
        &mut |_, _| {
            pieces += 1;
            true
        },
    );
    assert_eq!(got, Err(jixiao::stream::Stopped::Interrupted));
    assert_eq!(pieces, 0);
}

/// The command line on a file large enough to be read in regions writes
/// what the whole parse of the file writes, with one job and with two.
#[test]
fn the_command_line_streams_a_large_file_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let texts = fixture_texts();
    let all: String = texts.iter().map(|(_, t)| format!("{t}\n\n")).collect();
    let mut big = corpus::text_of_size(&corpus::templates(), 1_500_000, 2);
    big.push_str(&all);
    big.push_str(&corpus::text_of_size(&corpus::templates(), 700_000, 9));
    assert!(big.len() >= jixiao::stream::REGION_BYTES * 2);
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &big).expect("write");
    let name = path.display().to_string();
    let whole = jixiao::parse_bytes(&name, big.as_bytes(), &jixiao::Options::default());
    let mut w = JsonWriter::new(Vec::new(), JsonFormat::Lines).expect("writer");
    w.write_report(&whole).expect("write");
    let want = w.finish().expect("finish");
    assert!(whole.records.len() > 100);
    for jobs in ["1", "2"] {
        let out = Command::cargo_bin("jixiao")
            .expect("binary")
            .args(["parse", "-q", "-j", jobs, "--format", "jsonl"])
            .arg(&path)
            .output()
            .expect("run");
        assert!(
            out.stdout == want,
            "-j{jobs}: the output differs from the whole parse"
        );
    }
}

/// A file read in small windows (regions cut inside each, the stretch after
/// a window's last cut read again with the next) gives the whole parse's
/// output. The fixtures hold lines in the terminated pipe style
/// (`项目名称 | 某某道路 |`), so the facts are gathered a second time in that style.
#[test]
fn a_file_read_in_windows_reads_the_same_as_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let texts = fixture_texts();
    let unglued = unglued_fixtures(&texts);
    let mut big = corpus::text_of_size(&corpus::templates(), 300_000, 4);
    big.push_str(&unglued);
    big.push_str(&corpus::text_of_size(&corpus::templates(), 200_000, 11));
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &big).expect("write");
    let name = path.display().to_string();
    let mut whole = jixiao::parse_bytes(&name, big.as_bytes(), &jixiao::Options::default());
    whole.bytes = big.len();
    let want = output(&[prepare(whole)]);
    for (window, region) in [(60_000, 8_000), (200_000, 30_000), (1_000, 500)] {
        let mut parts = Vec::new();
        let stop = AtomicBool::new(false);
        let done = jixiao::stream::parse_file_windows(
            &path,
            &name,
            &jixiao::Options::default(),
            (window, region),
            &stop,
            &prepare,
            &mut |p, _| {
                parts.push(p);
                true
            },
        );
        assert_eq!(done, Some(Ok(())), "window {window}");
        assert!(parts.len() > 5, "window {window}: {} pieces", parts.len());
        assert!(
            output(&parts) == want,
            "window {window}, regions {region}: the output differs from the whole parse"
        );
    }
}

/// In a batch, a file read in regions and a larger file over
/// `--max-file-size` between two others: the large one is refused with a
/// `file-too-large` error naming the limit, every other file is parsed, and
/// the output keeps the input order.
#[test]
fn a_file_over_the_limit_is_refused_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = corpus::text_of_size(&corpus::templates(), 1_200_000, 3);
    let huge = corpus::text_of_size(&corpus::templates(), 2_500_000, 5);
    let seed = corpus::seed();
    std::fs::write(dir.path().join("a.txt"), &seed).expect("write");
    std::fs::write(dir.path().join("b-big.txt"), &big).expect("write");
    std::fs::write(dir.path().join("c-huge.txt"), &huge).expect("write");
    std::fs::write(dir.path().join("d.txt"), &seed).expect("write");
    let out = Command::cargo_bin("jixiao")
        .expect("binary")
        .args([
            "parse",
            "-q",
            "-j2",
            "--format",
            "jsonl",
            "--max-file-size",
            "2000000",
        ])
        .arg(dir.path())
        .output()
        .expect("run");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        stderr.contains("c-huge.txt: error[file-too-large]") && stderr.contains("2000000 bytes"),
        "{stderr}"
    );
    let files: Vec<String> = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            let path = v["source"]["path"].as_str().unwrap_or_default().to_owned();
            path.rsplit('/').next().unwrap_or_default().to_owned()
        })
        .collect();
    let mut order = files.clone();
    order.dedup();
    assert_eq!(order, ["a.txt", "b-big.txt", "c-huge.txt", "d.txt"]);
    let whole = jixiao::parse_text("b", &big, "UTF-8");
    let big_lines = files.iter().filter(|f| *f == "b-big.txt").count();
    assert_eq!(big_lines, whole.records.len());
    assert_eq!(out.status.code(), Some(1));
}

/// A large text in GB18030 with a few malformed bytes and a control
/// character: its decoding says so (encoding detected without a line,
/// malformed bytes and a removed control character with theirs), and each of
/// those diagnostics lands on the record the whole parse puts it on, whether
/// the text is cut into many small regions or read by the command line's
/// path for large files.
fn gb18030_corpus() -> Vec<u8> {
    let texts = fixture_texts();
    let unglued = unglued_fixtures(&texts);
    let mut text = corpus::text_of_size(&corpus::templates(), 900_000, 6);
    text.push_str(&unglued);
    text.push_str(&corpus::text_of_size(&corpus::templates(), 600_000, 12));
    let (encoded, _, _) = encoding_rs::GB18030.encode(&text);
    let mut bytes = encoded.into_owned();
    // Damage a few places, on line starts so no character is split: a byte
    // GB18030 never starts a character with, and a bell.
    let starts: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .collect();
    for (k, at) in [starts.len() / 7, starts.len() / 3, starts.len() * 5 / 6]
        .into_iter()
        .enumerate()
    {
        if let Some(&i) = starts.get(at) {
            bytes.insert(i, if k == 1 { 0x07 } else { 0xFF });
        }
    }
    bytes
}

#[test]
fn a_decoded_text_reads_the_same_cut_and_whole() {
    let bytes = gb18030_corpus();
    let name = "gb.txt";
    let whole = jixiao::parse_bytes(name, &bytes, &jixiao::Options::default());
    assert_eq!(whole.encoding, "GB18030");
    let codes: Vec<String> = whole
        .records
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| format!("{:?}", d.code))
        .collect();
    for code in ["EncodingDetected", "MalformedBytes", "ControlChars"] {
        assert!(codes.iter().any(|c| c == code), "{code} on no record");
    }
    let want = output(&[prepare(whole)]);
    let decoded = jixiao::decode::decode(&bytes, None).expect("decodes");
    for region in [20_000, 150_000] {
        let mut parts = Vec::new();
        let stop = AtomicBool::new(false);
        jixiao::stream::parse_decoded_pieces(
            name,
            &decoded.text,
            decoded.encoding,
            bytes.len(),
            decoded.diagnostics.clone(),
            region,
            &stop,
            &prepare,
            &mut |p, _| {
                parts.push(p);
                true
            },
        )
        .expect("not stopped");
        assert!(parts.len() > 5, "regions {region}: {} pieces", parts.len());
        assert!(
            output(&parts) == want,
            "regions {region}: the output differs from the whole parse"
        );
    }
    // The command line's path for a large file (regions of REGION_BYTES).
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, &bytes).expect("write");
    let shown = path.display().to_string();
    let mut whole = jixiao::parse_bytes(&shown, &bytes, &jixiao::Options::default());
    whole.bytes = bytes.len();
    let want = output(&[prepare(whole)]);
    let mut parts = Vec::new();
    let stop = AtomicBool::new(false);
    jixiao::stream::parse_input_pieces(
        &jixiao::batch::Input::File(path.clone()),
        &jixiao::Options::default(),
        &stop,
        &prepare,
        &mut |p, _| {
            parts.push(p);
            true
        },
    )
    .expect("not stopped");
    assert!(parts.len() > 1, "{} pieces", parts.len());
    assert!(output(&parts) == want, "the large-file path differs");
}

/// A large file that is not clean UTF-8 is decoded window by window: the
/// GB18030 text with malformed bytes and a control character (read in
/// windows of odd sizes, so reads end inside two-byte characters and the
/// decoder carries them), the same with GBK forced, and a UTF-16LE copy with
/// a byte order mark, each give the whole parse's output, their decoder's
/// diagnostics on the same records.
#[test]
fn a_decoded_file_read_in_windows_reads_the_same_as_whole() {
    let gb = gb18030_corpus();
    let text = jixiao::decode::decode(&gb, None)
        .expect("decodes")
        .text
        .into_owned();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let gbk = jixiao::Options {
        encoding: Some(encoding_rs::GBK),
        ..jixiao::Options::default()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        ("gb.txt", &gb, jixiao::Options::default()),
        ("gbk.txt", &gb, gbk),
        ("utf16.txt", &utf16, jixiao::Options::default()),
    ];
    for (file, bytes, options) in cases {
        let path = dir.path().join(file);
        std::fs::write(&path, bytes).expect("write");
        let name = path.display().to_string();
        let mut whole = jixiao::parse_bytes(&name, bytes, &options);
        whole.bytes = bytes.len();
        assert!(!whole.records.is_empty(), "{file}: no record");
        let want = output(&[prepare(whole)]);
        // Odd window sizes on the GB18030 file; one size on the others.
        let sizes: &[(usize, usize)] = if file == "gb.txt" {
            &[(60_001, 8_000), (200_003, 30_000), (7_777, 3_000)]
        } else {
            &[(60_001, 8_000)]
        };
        for &(window, region) in sizes {
            let mut parts = Vec::new();
            let stop = AtomicBool::new(false);
            let done = jixiao::stream::parse_file_windows(
                &path,
                &name,
                &options,
                (window, region),
                &stop,
                &prepare,
                &mut |p, _| {
                    parts.push(p);
                    true
                },
            );
            assert_eq!(done, Some(Ok(())), "{file}, window {window}");
            assert!(
                parts.len() > 5,
                "{file}, window {window}: {} pieces",
                parts.len()
            );
            assert!(
                output(&parts) == want,
                "{file}, window {window}, regions {region}: the output differs from the whole parse"
            );
        }
    }
}

/// A large text on standard input is read in regions and writes what the
/// whole parse of it writes, with one job and with two; so does a small one.
#[test]
fn standard_input_streams_byte_for_byte() {
    let texts = fixture_texts();
    let all: String = texts.iter().map(|(_, t)| format!("{t}\n\n")).collect();
    let mut big = corpus::text_of_size(&corpus::templates(), 1_300_000, 7);
    big.push_str(&all);
    let small = corpus::seed();
    for text in [&big, &small] {
        let whole = jixiao::parse_bytes("-", text.as_bytes(), &jixiao::Options::default());
        let mut w = JsonWriter::new(Vec::new(), JsonFormat::Lines).expect("writer");
        w.write_report(&whole).expect("write");
        let want = w.finish().expect("finish");
        for jobs in ["1", "2"] {
            let out = Command::cargo_bin("jixiao")
                .expect("binary")
                .args(["parse", "-q", "-j", jobs, "--format", "jsonl", "-"])
                .write_stdin(text.as_bytes())
                .output()
                .expect("run");
            assert!(
                out.stdout == want,
                "-j{jobs}, {} bytes: the output differs from the whole parse",
                text.len()
            );
        }
    }
}
