//! Prints the grid of a text file as the grid snapshot tests see it: each
//! row's cells and each spaced region's columns (`cargo run --example grid FILE`).
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: grid FILE");
        std::process::exit(2);
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => print!("{}", jixiao::grid::snapshot(&text)),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
