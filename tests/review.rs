//! `needs_review` on real-shaped input: every golden fixture that is a whole form is trusted,
//! and degraded copies of the seed whose damage changes a value's meaning are flagged.

mod common;
mod degraders;

use std::path::PathBuf;

use jixiao::diagnostic::Code;
use jixiao::record::Record;
use jixiao::Options;

/// Codes a golden fragment may be flagged with: it is cut from a form to exercise one layout,
/// so it lacks whole header blocks. Nothing else may flag a golden.
const FRAGMENT_REASONS: &[Code] = &[
    Code::ProjectNameMissing,
    Code::FundingTotalMissing,
    Code::DepartmentMissing,
];

fn golden_records() -> Vec<(PathBuf, Record)> {
    let cases = jixiao::check::find_cases(&[PathBuf::from("fixtures")], None);
    assert!(!cases.is_empty(), "no fixtures found");
    let mut out = Vec::new();
    for case in cases {
        let bytes = std::fs::read(&case.input).expect("fixture is readable");
        let path = case.input.to_string_lossy().into_owned();
        let report = jixiao::parse_bytes(&path, &bytes, &Options::default());
        out.extend(report.records.into_iter().map(|r| (case.input.clone(), r)));
    }
    out
}

/// A whole form: the header blocks a fragment leaves out are all there.
fn whole(r: &Record) -> bool {
    let project = r.form_kind == jixiao::record::FormKind::Project;
    (!project || (r.project_name.is_some() && r.department.is_some()))
        && r.funding.total.is_some()
        && !r.indicators.is_empty()
}

#[test]
fn whole_golden_forms_are_not_flagged_and_fragments_only_for_what_they_lack() {
    let mut problems = Vec::new();
    let mut whole_forms = 0;
    for (path, r) in golden_records() {
        let form = format!("{} form {}", path.display(), r.source.form_index);
        assert_eq!(r.needs_review, !r.review_reasons.is_empty(), "{form}");
        if whole(&r) {
            whole_forms += 1;
            if r.needs_review {
                problems.push(format!("{form}: flagged for {:?}", r.review_reasons));
            }
        } else if let Some(c) = r
            .review_reasons
            .iter()
            .find(|c| !FRAGMENT_REASONS.contains(c))
        {
            problems.push(format!("{form} (a fragment): flagged for {c}"));
        }
    }
    assert!(whole_forms >= 25, "only {whole_forms} whole forms");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
