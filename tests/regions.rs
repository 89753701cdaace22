//! Regions: every line of the region and not-a-form fixtures is accounted
//! for, and the page around a form never reaches a record's fields.

use std::path::{Path, PathBuf};

use jixiao::diagnostic::Code;
use jixiao::layout;
use jixiao::record::Record;

/// The `.txt` fixtures of one folder, sorted.
fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new("fixtures").join(dir))
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// The `lines A–B` a not-a-form diagnostic names.
fn range(message: &str) -> Option<(usize, usize)> {
    let rest = message.strip_prefix("lines ")?;
    let (a, rest) = rest.split_once('–')?;
    let b: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((a.parse().ok()?, b.parse().ok()?))
}

fn within(r: &Record, line: usize) -> bool {
    (r.source.line_start..=r.source.line_end).contains(&line)
}

#[test]
fn every_line_outside_a_form_is_named_as_furniture_or_as_not_a_form() {
    let mut checked = 0;
    for path in fixtures("regions")
        .into_iter()
        .chain(fixtures("not-a-form"))
    {
        let text = std::fs::read_to_string(&path).expect("fixture text");
        let name = path.display().to_string();
        let rows = jixiao::glued::split(layout::rows(&text)).rows;
        let doc = jixiao::regions::read(&rows);
        let report = jixiao::parse_text(&name, &text, "UTF-8");
        let diagnostics: Vec<_> = report
            .diagnostics
            .iter()
            .chain(report.records.iter().flat_map(|r| r.diagnostics.iter()))
            .collect();
        for row in rows.iter().filter(|r| !r.is_blank()) {
            let line = row.line;
            let used = doc.line_use.get(line - 1).copied().flatten();
            assert!(used.is_some(), "{name}:{line} ({:?}) has no use", row.text);
            if report.records.iter().any(|r| within(r, line)) {
                continue;
            }
            let named = diagnostics.iter().any(|d| {
                matches!(d.code, Code::PageFurniture | Code::TextAfterForm) && d.line == Some(line)
            });
            // A part that is not a form (or a row of column titles set aside
            // as furniture): one diagnostic names its lines.
            let in_part = diagnostics.iter().any(|d| {
                matches!(d.code, Code::NotATargetForm | Code::PageFurniture)
                    && range(&d.message).is_some_and(|(a, b)| (a..=b).contains(&line))
            });
            assert!(
                named || in_part,
                "{name}:{line} ({:?}) lies outside every form but no furniture or not-a-form diagnostic names it ({used:?})",
                row.text
            );
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "only {checked} lines outside forms were checked"
    );
}

/// Words of page furniture, covers and non-forms that no field may hold.
const PAGE_WORDS: &[&str] = &[
    "编报",
    "印章",
    "索引号",
    "发布",
    "生成日期",
    "公文时效",
    "扫一扫",
    "打印",
    "上一篇",
    "下一篇",
    "![](",
    "目录",
    "……",
    "预算总表",
    "财政局制",
];

#[test]
fn no_field_holds_page_text() {
    for path in fixtures("regions") {
        let text = std::fs::read_to_string(&path).expect("fixture text");
        let report = jixiao::parse_text("f.txt", &text, "UTF-8");
        assert!(!report.records.is_empty(), "{}", path.display());
        for r in &report.records {
            let mut fields: Vec<&str> = [&r.title, &r.project_name, &r.department, &r.note]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            fields.extend(r.implementers.iter().flatten().map(String::as_str));
            fields.extend(r.leader.iter().flat_map(|l| l.name.as_deref()));
            fields.extend(r.goals.annual.as_deref());
            for i in &r.indicators {
                fields.extend(i.name.as_deref());
                fields.extend(i.value.as_ref().map(|v| v.raw.as_str()));
            }
            for f in fields {
                assert!(
                    !PAGE_WORDS.iter().any(|w| f.contains(w)),
                    "{}: a field holds page text: {f}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn a_cover_fills_only_what_the_form_leaves_empty() {
    let text = std::fs::read_to_string("fixtures/regions/cover-page-pipes.txt").expect("fixture");
    let report = jixiao::parse_text("c.txt", &text, "UTF-8");
    assert_eq!(report.records.len(), 1);
    let r = &report.records[0];
    // The form's 项目名称 cell is empty: the cover's name fills it.
    assert_eq!(r.project_name.as_deref(), Some("白沙村农田水利设施修缮"));
    // The form's own leader stays.
    assert_eq!(
        r.leader.as_ref().and_then(|l| l.name.as_deref()),
        Some("郑某")
    );
    assert_eq!(
        r.extra.get("编报单位").map(String::as_str),
        Some("白沙乡人民政府")
    );
    // The same cover before a form that names its own project changes nothing of it.
    let own = text.replacen("| 项目名称 | |", "| 项目名称 | 白沙村渠道维修 |", 1);
    let report = jixiao::parse_text("c.txt", &own, "UTF-8");
    assert_eq!(
        report.records[0].project_name.as_deref(),
        Some("白沙村渠道维修")
    );
}

#[test]
fn a_cover_before_the_second_form_goes_with_it() {
    let form = std::fs::read_to_string("fixtures/regions/cover-page-pipes.txt").expect("fixture");
    let first = "项目支出绩效目标申报表\n| 项目名称 | 甲村道路 | 主管部门 | 某县交通运输局 |\n| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n| 产出指标 | 数量指标 | 道路长度 | 2公里 |\n注：本表由实施单位填报。\n";
    let text = format!("{first}{form}");
    let report = jixiao::parse_text("c.txt", &text, "UTF-8");
    let names: Vec<_> = report
        .records
        .iter()
        .map(|r| r.project_name.as_deref())
        .collect();
    assert_eq!(names, [Some("甲村道路"), Some("白沙村农田水利设施修缮")]);
    assert!(report.records[0].extra.is_empty());
    let second = &report.records[1];
    assert_eq!(
        second.extra.get("编报日期").map(String::as_str),
        Some("2021年4月6日")
    );
    // The cover's lines are reported on the form they introduce.
    let cover_line = first.lines().count() + 3;
    assert!(second
        .diagnostics
        .iter()
        .any(|d| d.code == Code::PageFurniture && d.line == Some(cover_line)));
}
