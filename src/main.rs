fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let r = jixiao::parse_text(&path, &text, "UTF-8");
    println!(
        "{}",
        serde_json::to_string_pretty(&r.records).unwrap_or_default()
    );
    for d in r.diagnostics {
        eprintln!("{d}");
    }
}
