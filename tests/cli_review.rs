//! `jixiao review` end to end: the page is self-contained, holds every source
//! line with its id and every value with the line it was read from, keeps
//! hostile text as text, writes an index and a page per file for a batch, and
//! shows the drift with the command that accepts it.

use std::path::Path;

use assert_cmd::Command;
use jixiao::layout::lines;
use jixiao::normalize::fold_char;
use regex::Regex;

fn jixiao(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.current_dir(dir);
    cmd
}

/// Runs `jixiao review -q ARGS` in the repository and returns the exit code and stdout.
fn review_in(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = jixiao(dir)
        .arg("review")
        .arg("-q")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The page for one file, written to a temporary directory.
fn page_for(input: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("page.html");
    let (code, _) = review_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["-o", out.to_str().unwrap(), input.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{}", input.display());
    std::fs::read_to_string(out).unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Text in comparison form: full width folded, white space dropped.
fn key(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A displayed value: its classes, lines and text.
#[derive(Debug)]
struct Shown {
    class: String,
    line: usize,
    end: usize,
    text: String,
}

fn values(page: &str) -> Vec<Shown> {
    let re = Regex::new(
        r##"<a class="(v[^"]*)" href="#L(\d+)" data-line="(\d+)"(?: data-line-end="(\d+)")?[^>]*>([^<]*)</a>"##,
    )
    .unwrap();
    re.captures_iter(page)
        .map(|c| {
            assert_eq!(&c[2], &c[3], "href and data-line agree");
            let line: usize = c[3].parse().unwrap();
            Shown {
                class: c[1].to_owned(),
                line,
                end: c.get(4).map_or(line, |m| m.as_str().parse().unwrap()),
                text: unescape(&c[5]),
            }
        })
        .collect()
}

/// Asserts the page is one self-contained file: nothing is loaded from
/// anywhere, no font, style or script from outside.
fn assert_self_contained(page: &str) {
    let attr =
        Regex::new(r##"(?i)\b(src|href|action|srcset|poster|data)\s*=\s*"([^"]*)""##).unwrap();
    for c in attr.captures_iter(page) {
        let url = &c[2];
        let lower = url.to_ascii_lowercase();
        assert!(
            !lower.starts_with("http:")
                && !lower.starts_with("https:")
                && !lower.starts_with("//")
                && !lower.starts_with("ftp:"),
            "external {}: {url}",
            &c[1]
        );
    }
    for needle in [
        "<link",
        "@import",
        "@font-face",
        "url(",
        "<iframe",
        " src=\"",
    ] {
        assert!(!page.contains(needle), "page holds {needle}");
    }
    assert_eq!(
        page.matches("<script").count(),
        2,
        "only the page's own scripts"
    );
}

/// The checks every page must pass against the text it shows.
fn assert_page_matches_source(input: &Path) {
    let page = page_for(input);
    assert_self_contained(&page);
    let bytes = std::fs::read(input).unwrap();
    let text = jixiao::decode::decode(&bytes, None)
        .unwrap()
        .text
        .into_owned();
    let source: Vec<&str> = lines(&text).map(|(_, l)| l).collect();
    // Every source line, once, with its id and its text.
    let line_re = Regex::new(
        r##"<div class="l[^"]*" id="L(\d+)" data-line="(\d+)">.*?<span class="t">(.*?)</span></div>"##,
    )
    .unwrap();
    let shown: Vec<(usize, String)> = line_re
        .captures_iter(&page)
        .map(|c| {
            assert_eq!(&c[1], &c[2]);
            (c[1].parse().unwrap(), unescape(&c[3]))
        })
        .collect();
    assert_eq!(shown.len(), source.len(), "{}", input.display());
    for (i, (n, t)) in shown.iter().enumerate() {
        assert_eq!(*n, i + 1);
        assert_eq!(t, source[i], "{} line {n}", input.display());
    }
    // Every value points at lines that hold its text (levels and the
    // form's range excepted: levels are carried down from rows above).
    let vs = values(&page);
    assert!(!vs.is_empty());
    for v in &vs {
        assert!(
            v.line >= 1 && v.end >= v.line && v.end <= source.len(),
            "{v:?}"
        );
        assert!(
            !v.class.contains("approx"),
            "{}: value not traced to its cells: {v:?}",
            input.display()
        );
        if v.class.contains("lvl") || v.class.contains("form") {
            continue;
        }
        let held = key(&source[v.line - 1..v.end].concat());
        // A sum of parts (`400 + 220`) holds each part's characters.
        let want = key(&v.text.replace(" + ", ""));
        // A value wrapped over lines may have a label printed between its
        // pieces, one assembled from columns has separators between them: its
        // characters are there in order, starting on its first line and
        // ending on its last.
        let holds = held.contains(&want) || {
            let mut rest = held.chars();
            want.chars().all(|c| rest.any(|h| h == c))
                && want
                    .chars()
                    .next()
                    .is_some_and(|c| key(source[v.line - 1]).contains(c))
                && want
                    .chars()
                    .last()
                    .is_some_and(|c| key(source[v.end - 1]).contains(c))
        };
        assert!(
            holds,
            "{}: {:?} is not on lines {}..={}",
            input.display(),
            v.text,
            v.line,
            v.end
        );
    }
    // Every indicator's value and name is there, pointing into its row.
    let report = jixiao::parse_bytes(&input.display().to_string(), &bytes, &Default::default());
    for r in &report.records {
        for ind in &r.indicators {
            let row = ind.line..=ind.line_end.unwrap_or(ind.line);
            for text in [
                ind.value.as_ref().map(|v| v.raw.as_str()),
                ind.name.as_deref(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(
                    vs.iter()
                        .any(|v| v.text == text && row.contains(&v.line) && row.contains(&v.end)),
                    "{}: {text:?} of the row at line {} is not shown with its line",
                    input.display(),
                    ind.line
                );
            }
        }
    }
}

#[test]
fn seed_page_holds_every_line_and_every_value_with_its_line() {
    assert_page_matches_source(Path::new("fixtures/seed/poverty-2019.txt"));
    let page = page_for(Path::new("fixtures/seed/poverty-2019.txt"));
    let vs = values(&page);
    let v = vs.iter().find(|v| v.text == "≥340户").unwrap();
    assert_eq!((v.line, v.end), (15, 15));
    let name = vs.iter().find(|v| v.text == "扶贫综合保险").unwrap();
    assert_eq!(name.line, 7);
    let fiscal: Vec<usize> = vs
        .iter()
        .filter(|v| v.text == "6.7万元")
        .map(|v| v.line)
        .collect();
    assert_eq!(fiscal[..2], [9, 10], "total and fiscal keep their own rows");
    // The warning of the seed is in the gutter of its line and in its record.
    assert!(page.contains(r##"<div class="l sev-warning" id="L72" data-line="72">"##));
    assert!(page.contains(r##"<li class="diag sev-warning" tabindex="-1" data-line="72">"##));
}

#[test]
fn every_layout_fixture_page_matches_its_source() {
    let mut n = 0;
    for entry in std::fs::read_dir("fixtures/layouts").unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            assert_page_matches_source(&p);
            n += 1;
        }
    }
    assert!(n >= 20, "{n} fixtures");
}

#[test]
fn hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hostile.txt");
    std::fs::write(
        &input,
        "绩效目标申报表\n项目名称\t<script>alert(1)</script>\n主管部门\t\"><img src=x onerror=alert(2)>\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\t产出指标\t数量指标\t</script><!--户数\t≥340户\n",
    )
    .unwrap();
    let page = page_for(&input);
    assert_self_contained(&page);
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!page.contains("<img"));
    assert!(!page.contains("<!--"));
    // The page's two scripts open and close; no value can close one early.
    assert_eq!(page.matches("</script>").count(), 2);
    let data_start = page
        .find(r##"<script type="application/json" id="jixiao-data">"##)
        .unwrap();
    let data = &page[data_start..];
    let json = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        v["files"][0]["records"][0]["project_name"],
        "<script>alert(1)</script>"
    );
    let vs = values(&page);
    assert!(vs
        .iter()
        .any(|v| v.text == "<script>alert(1)</script>" && v.line == 2));
}

#[test]
fn a_batch_gets_an_index_and_a_page_per_file() {
    let out = tempfile::tempdir().unwrap();
    let dir = format!("{}/", out.path().join("pages").display());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, _) = review_in(
        root,
        &[
            "-o",
            &dir,
            "--glob",
            "*.txt",
            "fixtures/seed",
            "fixtures/layouts",
            "fixtures/not-a-form",
        ],
    );
    // Pages are written; files that hold no form are listed, not fatal.
    assert_eq!(code, Some(0));
    let index = std::fs::read_to_string(out.path().join("pages/index.html")).unwrap();
    assert_self_contained(&index);
    let link =
        Regex::new(r##"<tr class="(attention|ok)"><td><a href="([^"]+)">([^<]+)</a>"##).unwrap();
    let rows: Vec<(String, String, String)> = link
        .captures_iter(&index)
        .map(|c| (c[1].to_owned(), c[2].to_owned(), unescape(&c[3])))
        .collect();
    let inputs = ["fixtures/seed", "fixtures/layouts", "fixtures/not-a-form"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert_eq!(rows.len(), inputs);
    // Files needing a look come first.
    let first_ok = rows.iter().position(|r| r.0 == "ok").unwrap_or(rows.len());
    assert!(rows[first_ok..].iter().all(|r| r.0 == "ok"));
    assert!(rows[..first_ok].iter().any(|r| r.2.contains("not-a-form")));
    for (_, href, path) in &rows {
        let page = std::fs::read_to_string(out.path().join("pages").join(href)).unwrap();
        assert!(
            page.contains(&format!("<span class=\"path\">{path}</span>")),
            "{href}"
        );
        assert!(page.contains(r##"<a class="up" href="index.html">"##));
    }
}

#[test]
fn check_shows_the_drift_and_the_bless_command() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("fixtures/seed")).unwrap();
    std::fs::copy(
        "fixtures/seed/poverty-2019.txt",
        root.join("fixtures/seed/poverty-2019.txt"),
    )
    .unwrap();
    let expected = std::fs::read_to_string("fixtures/seed/poverty-2019.expected.json").unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&expected).unwrap();
    v[0]["indicators"][0]["value"]["number"] = serde_json::json!(34);
    std::fs::write(
        root.join("fixtures/seed/poverty-2019.expected.json"),
        serde_json::to_string_pretty(&v).unwrap(),
    )
    .unwrap();
    let (code, stdout) = review_in(root, &["--check", "-o", "drift.html", "fixtures"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("jixiao check --bless fixtures/seed/poverty-2019.txt"),
        "{stdout}"
    );
    let page = std::fs::read_to_string(root.join("drift.html")).unwrap();
    assert!(page.contains("check: drifted"));
    assert!(page.contains(
        r##"<tr class="drift-row" tabindex="-1" data-line="15"><td><a class="lineref" href="#L15" data-line="15">L15</a></td><td><code>indicators[0].value.number</code></td><td class="exp">34</td><td class="act">340</td></tr>"##
    ), "drift row");
    assert!(page.contains("jixiao check --bless fixtures/seed/poverty-2019.txt</code></pre>"));
    // Once blessed, the same review shows no drift and exits 0.
    jixiao(root)
        .args(["check", "--bless", "fixtures"])
        .assert()
        .success();
    let (code, stdout) = review_in(root, &["--check", "-o", "drift.html", "fixtures"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(std::fs::read_to_string(root.join("drift.html"))
        .unwrap()
        .contains("check: equal"));
}

#[test]
fn a_native_file_shows_its_records_and_no_text_view_of_its_bytes() {
    let page = page_for(Path::new("tests/native_fixtures/files/poverty-2019.xlsx"));
    assert_self_contained(&page);
    assert!(page.contains("a xlsx file: its rows are read natively"));
    assert!(
        !page.contains("id=\"L1\""),
        "no source lines from the zip bytes"
    );
    assert!(values(&page).iter().any(|v| v.text == "≥340户"));
}
