//! Writes `tests/native_fixtures/files/`: the seed's four forms as .xlsx, .docx, a GBK
//! .html and a PDF whose Chinese font is not embedded; then, with poppler's
//! programs, the same PDF with its fonts embedded (`pdftocairo -pdf`) and a
//! 300 dpi grey scan of its first page (`pdftoppm`, which needs a CJK font
//! such as Debian's fonts-noto-cjk). Run:
//! `cargo run --example make_native_fixtures [DIR]`.

#[path = "../tests/native_fixtures/mod.rs"]
mod native_fixtures;

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "tests/native_fixtures/files".into()),
    );
    std::fs::create_dir_all(&dir).expect("create the output directory");
    native_fixtures::write_xlsx(&dir.join("poverty-2019.xlsx"));
    native_fixtures::write_docx(&dir.join("poverty-2019.docx"));
    native_fixtures::write_html(&dir.join("poverty-2019.html"));
    let pdf = dir.join("poverty-2019.pdf");
    native_fixtures::write_pdf(&pdf);
    let embedded = dir.join("poverty-2019-embedded.pdf");
    let ok = Command::new("pdftocairo")
        .arg("-pdf")
        .arg(&pdf)
        .arg(&embedded)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "pdftocairo failed or is missing (apt-get install poppler-utils): no embedded-font PDF"
        );
    }
    let scan = dir.join("poverty-2019-p1");
    let ok = Command::new("pdftoppm")
        .args([
            "-r",
            "300",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(&pdf)
        .arg(&scan)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "pdftoppm failed or is missing (apt-get install poppler-utils fonts-noto-cjk): no scan"
        );
    }
    println!("wrote {}", dir.display());
}
