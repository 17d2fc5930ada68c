//! List exports carry the list's filter: several classes of the teachers' view, the agreements'
//! kind and status; personal numbers masked unless asked whole.

use xiaoqi_core::Store;
use xiaoqi_core::export::{ExportFilter, ExportKind, sheet};
use xiaoqi_core::model::{AgreementQuery, AgreementStatus, PlacementQuery};

fn demo() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    xiaoqi_core::demo::seed(&mut s, false).expect("demo");
    s
}

fn column(sheet: &xiaoqi_core::sheet::OutSheet, header: &str) -> Vec<String> {
    let c = sheet
        .headers
        .iter()
        .position(|h| h == header)
        .expect("column");
    sheet.rows.iter().map(|r| r[c].clone()).collect()
}

#[test]
fn placements_export_the_chosen_classes_only() {
    let s = demo();
    let all = s
        .placements(&PlacementQuery {
            cohort: Some(2024),
            ..Default::default()
        })
        .expect("placements")
        .items;
    let mut classes: Vec<String> = all.iter().filter_map(|p| p.class_name.clone()).collect();
    classes.sort();
    classes.dedup();
    let chosen: Vec<String> = classes.iter().take(2).cloned().collect();
    let out = sheet(
        &s,
        ExportKind::Placements,
        &ExportFilter {
            cohort: Some(2024),
            class_names: Some(chosen.clone()),
            ..Default::default()
        },
        false,
    )
    .expect("export");
    let expected = all
        .iter()
        .filter(|p| p.class_name.as_ref().is_some_and(|c| chosen.contains(c)))
        .count();
    assert!(expected > 0);
    assert_eq!(out.rows.len(), expected);
    assert!(column(&out, "班级").iter().all(|c| chosen.contains(c)));
}

#[test]
fn agreements_export_with_the_lists_kind_and_status() {
    let s = demo();
    let signed = s
        .agreements(&AgreementQuery {
            status: Some(AgreementStatus::Active),
            ..Default::default()
        })
        .expect("agreements");
    let out = sheet(
        &s,
        ExportKind::Agreements,
        &ExportFilter {
            status: Some(AgreementStatus::Active),
            ..Default::default()
        },
        false,
    )
    .expect("export");
    assert!(!signed.is_empty());
    assert_eq!(out.rows.len(), signed.len());
    assert!(column(&out, "状态").iter().all(|v| v == "履行中"));
}

#[test]
fn graduates_are_masked_unless_whole() {
    let s = demo();
    let masked = sheet(&s, ExportKind::Graduates, &ExportFilter::default(), false).expect("export");
    let whole = sheet(&s, ExportKind::Graduates, &ExportFilter::default(), true).expect("export");
    let (m, w) = (column(&masked, "身份证号"), column(&whole, "身份证号"));
    assert!(m.iter().filter(|v| !v.is_empty()).all(|v| v.contains('*')));
    assert!(
        w.iter()
            .filter(|v| !v.is_empty())
            .all(|v| !v.contains('*') && v.len() == 18)
    );
    assert!(
        column(&masked, "手机号码")
            .iter()
            .filter(|v| !v.is_empty())
            .all(|v| v.contains('*'))
    );
}
