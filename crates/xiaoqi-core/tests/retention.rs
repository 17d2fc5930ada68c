//! Retention: old cohorts' personal fields cleared, their anonymous statistics unchanged.

use xiaoqi_core::audit::AuditQuery;
use xiaoqi_core::model::{EvidenceKind, GraduateQuery, PlacementQuery, Role, UserInput};
use xiaoqi_core::store::PURGED_NAME;
use xiaoqi_core::{CoreError, Store};

fn cohort(s: &Store, year: i32) -> Vec<xiaoqi_core::model::Graduate> {
    s.graduates(&GraduateQuery {
        cohort: Some(year),
        limit: Some(10_000),
        ..Default::default()
    })
    .expect("list")
    .items
}

#[test]
fn old_cohorts_lose_their_personal_fields_and_keep_their_figures() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = Store::open(&dir.path().join("xiaoqi.db")).expect("store");
    xiaoqi_core::demo::seed(&mut s, false).expect("demo");
    let facets = s.graduate_facets().expect("facets");
    let oldest = *facets.cohorts.iter().min().expect("cohorts");
    let newest = *facets.cohorts.iter().max().expect("cohorts");
    assert!(oldest < newest);
    // Keep `years` so that exactly the oldest cohort is past it.
    let years = u32::try_from(xiaoqi_core::clock::current_year() - oldest).expect("years");
    // An evidence file on one of the oldest cohort's placements.
    let placement = s
        .placements(&PlacementQuery {
            cohort: Some(oldest),
            limit: Some(1),
            ..Default::default()
        })
        .expect("placements")
        .items
        .remove(0);
    s.attach_evidence_bytes(
        &placement.id,
        "劳动合同.pdf",
        b"%PDF-1.4 contract",
        EvidenceKind::LabourContract,
    )
    .expect("evidence");
    let evidence_files = || std::fs::read_dir(dir.path().join("evidence")).map_or(0, |d| d.count());
    assert_eq!(evidence_files(), 1);

    let before_old = s.employment_report(Some(oldest), None).expect("report");
    let before_new = cohort(&s, newest);
    let pending = s.pending_changes().expect("pending");

    // A dry run counts and changes nothing.
    let dry = s.purge_personal_data(Some(years), true).expect("dry run");
    assert_eq!(dry.graduates as usize, cohort(&s, oldest).len());
    assert!(dry.placements >= 1);
    assert_eq!(s.pending_changes().expect("pending"), pending);
    assert!(cohort(&s, oldest).iter().any(|g| g.id_number.is_some()));

    let report = s.purge_personal_data(Some(years), false).expect("purge");
    assert_eq!(
        (report.graduates, report.up_to_cohort),
        (dry.graduates, oldest)
    );
    assert_eq!(report.files, 1);
    assert_eq!(evidence_files(), 0);
    for g in cohort(&s, oldest) {
        assert_eq!(g.name, PURGED_NAME);
        assert!(
            g.id_number.is_none() && g.phone.is_none() && g.notes.is_none(),
            "{g:?}"
        );
    }
    assert_eq!(cohort(&s, newest), before_new, "younger cohorts untouched");
    assert_eq!(
        s.employment_report(Some(oldest), None).expect("report"),
        before_old,
        "the anonymous figures are the same"
    );
    // The clearing syncs like any edit, and is in the audit log.
    assert!(s.pending_changes().expect("pending") > pending);
    let (purges, _) = s
        .audit_entries(&AuditQuery {
            action: Some("purge".into()),
            ..Default::default()
        })
        .expect("log");
    assert_eq!(purges.len(), 1);
    // Nothing is left to clear the second time.
    let again = s.purge_personal_data(Some(years), false).expect("again");
    assert_eq!((again.graduates, again.placements), (0, 0));
}

#[test]
fn only_administrators_set_retention_and_purge() {
    let mut s = Store::open_in_memory().expect("store");
    assert!(matches!(
        s.purge_personal_data(None, false),
        Err(CoreError::Invalid(_))
    ));
    s.set_retention_years(Some(5)).expect("set");
    assert_eq!(s.retention_years().expect("years"), Some(5));
    assert!(s.set_retention_years(Some(0)).is_err());
    s.create_first_admin(&UserInput {
        username: Some("chen".into()),
        display_name: Some("陈思远".into()),
        password: Some("admin-password".into()),
        ..Default::default()
    })
    .expect("admin");
    s.add_user(&UserInput {
        username: Some("zhao".into()),
        display_name: Some("赵干事".into()),
        role: Some(Role::Staff),
        password: Some("zhao-password".into()),
        ..Default::default()
    })
    .expect("staff");
    s.sign_out("user").expect("out");
    s.sign_in("zhao", "zhao-password").expect("staff");
    assert!(matches!(
        s.purge_personal_data(None, false),
        Err(CoreError::Forbidden { .. })
    ));
    assert!(matches!(
        s.set_retention_years(None),
        Err(CoreError::Forbidden { .. })
    ));
    assert_eq!(s.retention_years().expect("years"), Some(5));
}
