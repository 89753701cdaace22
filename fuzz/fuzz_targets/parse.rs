//! Arbitrary bytes through the whole parser: decode, cells, grammar, values,
//! records, validation and JSON output. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = jixiao::parse_bytes("fuzz.txt", data, &jixiao::Options::default());
    let mut w =
        jixiao::output::json::JsonWriter::new(Vec::new(), jixiao::output::json::JsonFormat::Lines)
            .expect("writing to a Vec");
    w.write_report(&report).expect("writing to a Vec");
});
