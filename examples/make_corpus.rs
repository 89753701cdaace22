//! Generates benchmark corpora from the fixtures (see BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example make_corpus -- dir /tmp/corpus-1g 1000 1000000   # 1000 files of ~1 MB
//! cargo run --release --example make_corpus -- file /tmp/corpus-10m.txt 10000000 # one file of ~10 MB
//! ```

#[path = "../benches/common/mod.rs"]
mod common;

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |s: &String| -> usize { s.parse().expect("a number") };
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["dir", dir, _, _] => {
            let total = common::write_dir(Path::new(dir), num(&args[2]), num(&args[3]));
            println!("{dir}: {} files, {total} bytes", args[2]);
        }
        ["file", path, _] => {
            let text = common::text_of_size(&common::templates(), num(&args[2]), 0);
            std::fs::write(path, &text).expect("write corpus file");
            println!("{path}: {} bytes", text.len());
        }
        _ => {
            eprintln!("usage: make_corpus dir DIR FILES BYTES_PER_FILE | file PATH BYTES");
            std::process::exit(2);
        }
    }
}
