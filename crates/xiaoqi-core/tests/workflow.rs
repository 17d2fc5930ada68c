//! The graduation season's workflow rules: placements with history and warnings, employers
//! without duplicates and with a lossless merge, agreements through their lifecycle, job fairs
//! from application to signing.

mod common;

use xiaoqi_core::model::*;
use xiaoqi_core::{CoreError, Store, change, outbox};

fn field_codes(e: &CoreError) -> Vec<String> {
    e.fields().iter().map(|f| f.code.clone()).collect()
}

/// A store with one program (with in-field rules) and three graduates of class 机器人1班.
fn setup() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    s.create_program(&ProgramInput {
        name: Some("工业机器人应用与维护".into()),
        level: Some(TrainingLevel::Advanced),
        length_years: Some(3),
        industries: Some(vec!["制造业".into()]),
        position_keywords: Some(vec!["机器人".into(), "运维".into()]),
        ..Default::default()
    })
    .expect("program");
    for (name, number) in [("张三", "S001"), ("李四", "S002"), ("王芳", "S003")] {
        s.create_graduate(&GraduateInput {
            class_name: Some("机器人1班".into()),
            ..common::graduate_input(name, number, "工业机器人应用与维护")
        })
        .expect("graduate");
    }
    s
}

fn employer(s: &mut Store, name: &str, code: Option<&str>) -> Employer {
    s.create_employer(&EmployerInput {
        name: Some(name.into()),
        credit_code: code.map(Into::into),
        industry: Some("C".into()),
        city: Some("东莞市".into()),
        ..Default::default()
    })
    .expect("employer")
}

fn placement(graduate: &str, code: &str, employer: Option<&str>) -> PlacementInput {
    PlacementInput {
        graduate: Some(graduate.into()),
        destination_code: Some(code.into()),
        employer: employer.map(Into::into),
        ..Default::default()
    }
}

/// Replaying the outbox onto an empty database gives exactly the same records.
fn assert_replays(s: &Store) {
    let mut replica = xiaoqi_core::db::open_in_memory().expect("replica");
    let tx = replica.transaction().expect("tx");
    for entry in outbox::entries(s.connection()).expect("entries") {
        change::apply(&tx, &entry.change).expect("apply");
    }
    tx.commit().expect("commit");
    assert_eq!(common::dump(s.connection()), common::dump(&replica));
}

#[test]
fn the_shipped_code_list_is_loaded_and_a_newer_one_can_be_added() {
    let mut s = Store::open_in_memory().expect("store");
    let codes = s.destination_codes(None).expect("codes");
    assert_eq!(codes.len(), 17);
    assert_eq!(codes[0].code, "10");
    let c12 = codes.iter().find(|c| c.code == "12").expect("12");
    assert!(c12.wage_rule && c12.employed);
    assert!(!codes.iter().find(|c| c.code == "70").expect("70").employed);

    let mut newer: CodeList =
        serde_json::from_str(xiaoqi_core::store::BUILTIN_CODE_LIST).expect("builtin");
    newer.version = "2024-粤".into();
    newer.codes.push(DestinationCode {
        code: "90".into(),
        name: "省定其他".into(),
        group: "灵活就业".into(),
        employed: true,
        wage_rule: true,
        needs_employer: false,
    });
    let info = s.load_code_list(&newer).expect("load");
    assert_eq!(info.codes, 18);
    // The same list again is fine; the same version with other codes is not.
    s.load_code_list(&newer).expect("reload");
    newer.codes.pop();
    let e = s.load_code_list(&newer).expect_err("changed");
    assert_eq!(field_codes(&e), ["version.exists"]);
    // The college switches; new placements then use the newer list.
    let college = s
        .update_college(&CollegeInput {
            code_list: Some("2024-粤".into()),
            ..Default::default()
        })
        .expect("switch");
    assert_eq!(college.code_list, "2024-粤");
    let e = s
        .update_college(&CollegeInput {
            code_list: Some("1999".into()),
            ..Default::default()
        })
        .expect_err("unknown list");
    assert_eq!(field_codes(&e), ["code_list.unknown"]);
}

#[test]
fn recording_a_new_destination_keeps_the_old_one_as_history() {
    let mut s = setup();
    employer(
        &mut s,
        "东莞市大族机器人有限公司",
        Some("914403001922038216"),
    );
    let first = s
        .record_placement(&PlacementInput {
            position_title: Some("机器人运维工程师".into()),
            salary: Some(5200),
            ..placement("S001", "11", Some("东莞市大族机器人有限公司"))
        })
        .expect("first");
    assert!(first.current);
    assert_eq!(first.destination, "签劳动合同形式就业");
    assert_eq!(first.destination_group, "协议和合同就业");
    // The industry and city come from the employer; the rule proposes in-field.
    assert_eq!(first.industry.as_deref(), Some("C"));
    assert_eq!(first.city.as_deref(), Some("东莞市"));
    assert_eq!(first.in_field, Some(true));
    assert_eq!(first.in_field_rule, Some(true));

    let second = s
        .record_placement(&placement("S001", "801", None))
        .expect("second");
    let all = s
        .placements(&PlacementQuery {
            graduate_id: Some(second.graduate_id.clone()),
            include_history: true,
            ..Default::default()
        })
        .expect("history");
    assert_eq!(all.total, 2);
    assert!(!s.placement(&first.id).expect("old").current);
    let current = s.placements(&PlacementQuery::default()).expect("current");
    assert_eq!(current.total, 1);
    assert_eq!(current.items[0].id, second.id);

    // Deleting the mistaken new one makes the earlier destination current again.
    s.delete_placement(&second.id).expect("delete");
    assert!(s.placement(&first.id).expect("restored").current);
    assert_replays(&s);
}

#[test]
fn placements_refuse_bad_input_and_save_nothing() {
    let mut s = setup();
    let before = s.pending_changes().expect("pending");
    let cases: Vec<(PlacementInput, &str)> = vec![
        (placement("S999", "11", None), "graduate.unknown"),
        (placement("S001", "99", None), "destination_code.unknown"),
        (placement("S001", "11", None), "employer.required"),
        (
            placement("S001", "11", Some("不存在的公司")),
            "employer.unknown",
        ),
        (
            PlacementInput {
                salary: Some(-1),
                ..placement("S001", "76", None)
            },
            "salary.range",
        ),
        (
            PlacementInput {
                start_date: Some("2025-02-30".into()),
                ..placement("S001", "76", None)
            },
            "start_date.date",
        ),
    ];
    for (input, code) in cases {
        let e = s.record_placement(&input).expect_err(code);
        assert!(field_codes(&e).contains(&code.to_string()), "{code}: {e}");
    }
    assert_eq!(s.pending_changes().expect("pending"), before);
    assert_eq!(
        s.placements(&PlacementQuery::default())
            .expect("list")
            .total,
        0
    );
}

#[test]
fn wage_and_evidence_rules_warn_without_blocking() {
    let mut s = setup();
    s.update_college(&CollegeInput {
        min_wage: Some(2300),
        ..Default::default()
    })
    .expect("min wage");
    let low = s
        .record_placement(&PlacementInput {
            salary: Some(1800),
            ..placement("S001", "76", None)
        })
        .expect("saved with a warning");
    let codes: Vec<&str> = low.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["placement.wage_below_minimum"]);
    employer(&mut s, "东莞市智造科技有限公司", None);
    let missing = s
        .record_placement(&placement("S002", "12", Some("东莞市智造科技有限公司")))
        .expect("saved");
    assert_eq!(missing.warnings[0].code, "placement.wage_missing");
    let fine = s
        .record_placement(&PlacementInput {
            salary: Some(2300),
            ..placement("S003", "76", None)
        })
        .expect("saved");
    assert!(fine.warnings.is_empty());

    // An internship certificate alone is not proof; evidence is stored once by content hash.
    let dir = tempfile::tempdir().expect("dir");
    let mut s2 = Store::open(&dir.path().join("x.db")).expect("file store");
    s2.create_program(&ProgramInput {
        name: Some("数控加工".into()),
        level: Some(TrainingLevel::Advanced),
        length_years: Some(3),
        ..Default::default()
    })
    .expect("program");
    s2.create_graduate(&common::graduate_input("赵六", "S010", "数控加工"))
        .expect("graduate");
    let p = s2
        .record_placement(&placement("S010", "76", None))
        .expect("placement");
    let file = dir.path().join("实习证明.pdf");
    std::fs::write(&file, b"%PDF-1.4 internship").expect("file");
    let p = s2
        .attach_evidence(&p.id, &file, EvidenceKind::Internship)
        .expect("attach");
    assert!(
        p.warnings
            .iter()
            .any(|w| w.code == "placement.internship_only")
    );
    let stored = s2.evidence_dir().expect("dir").join(&p.evidence[0].sha256);
    assert_eq!(
        std::fs::read(&stored).expect("stored"),
        b"%PDF-1.4 internship"
    );
    let again = dir.path().join("copy.pdf");
    std::fs::copy(&file, &again).expect("copy");
    let p = s2
        .attach_evidence(&p.id, &again, EvidenceKind::Internship)
        .expect("same content");
    assert_eq!(p.evidence.len(), 1, "same content is listed once");
    let contract = dir.path().join("劳动合同.pdf");
    std::fs::write(&contract, b"%PDF-1.4 contract").expect("file");
    let p = s2
        .attach_evidence(&p.id, &contract, EvidenceKind::LabourContract)
        .expect("contract");
    assert!(
        !p.warnings
            .iter()
            .any(|w| w.code == "placement.internship_only")
    );
    assert_eq!(
        std::fs::read_dir(s2.evidence_dir().expect("dir"))
            .expect("ls")
            .count(),
        2
    );
}

#[test]
fn verification_records_who_and_when_and_can_be_undone() {
    let mut s = setup();
    let p = s
        .record_placement(&placement("S001", "75", None))
        .expect("p");
    assert!(p.verified_at.is_none());
    let p = s
        .update_placement(
            &p.id,
            &PlacementInput {
                verified_by: Some("陈老师".into()),
                ..Default::default()
            },
        )
        .expect("verify");
    assert_eq!(p.verified_by.as_deref(), Some("陈老师"));
    assert!(p.verified_at.is_some());
    let e = s
        .update_placement(
            &p.id,
            &PlacementInput {
                graduate: Some("S002".into()),
                ..Default::default()
            },
        )
        .expect_err("other graduate");
    assert_eq!(field_codes(&e), ["graduate.fixed"]);
    let p = s
        .update_placement(
            &p.id,
            &PlacementInput {
                verified_by: Some(String::new()),
                ..Default::default()
            },
        )
        .expect("unverify");
    assert!(p.verified_at.is_none() && p.verified_by.is_none());
}

#[test]
fn the_class_view_counts_what_teachers_see() {
    let mut s = setup();
    employer(&mut s, "拓斯达科技", None);
    s.record_placement(&placement("S001", "11", Some("拓斯达科技")))
        .expect("p1");
    let p2 = s
        .record_placement(&placement("S002", "70", None))
        .expect("p2");
    s.update_placement(
        &p2.id,
        &PlacementInput {
            verified_by: Some("陈老师".into()),
            ..Default::default()
        },
    )
    .expect("verify");
    let v = s.class_view(2025, "机器人1班").expect("view");
    assert_eq!((v.total, v.recorded, v.employed, v.verified), (3, 2, 1, 1));
    let by_number: Vec<(&str, DestinationStatus)> = v
        .members
        .iter()
        .map(|m| (m.student_number.as_str(), m.status))
        .collect();
    assert_eq!(
        by_number,
        [
            ("S001", DestinationStatus::Unverified),
            ("S002", DestinationStatus::Verified),
            ("S003", DestinationStatus::None)
        ]
    );
    assert_eq!(v.members[0].employer.as_deref(), Some("拓斯达科技"));
    assert!(
        s.class_view(2024, "机器人1班")
            .expect("other cohort")
            .members
            .is_empty()
    );
}

#[test]
fn employers_are_kept_free_of_duplicates() {
    let mut s = setup();
    let huawei = employer(&mut s, "华为技术有限公司", Some("914403001922038216"));
    // The same credit code: never saved twice, even when warnings are accepted.
    let e = s
        .create_employer(&EmployerInput {
            name: Some("另一个名字".into()),
            credit_code: Some("９１４４０３００１９２２０３８２１６".into()),
            accept_warnings: Some(true),
            ..Default::default()
        })
        .expect_err("same code");
    assert_eq!(field_codes(&e), ["credit_code.duplicate"]);
    assert_eq!(e.fields()[0].params["id"], huawei.id);
    // A near-identical name: a warning, saved once accepted.
    let input = EmployerInput {
        name: Some("广东省东莞市华为技术股份有限公司".into()),
        ..Default::default()
    };
    let e = s.create_employer(&input).expect_err("similar name");
    assert_eq!(field_codes(&e), ["name.possible_duplicate"]);
    let dups = s
        .employer_duplicates(Some("华为技术（东莞）"), None, None)
        .expect("check");
    assert_eq!(dups.len(), 1);
    assert_eq!(dups[0].reason, "name");
    let second = s
        .create_employer(&EmployerInput {
            accept_warnings: Some(true),
            ..input
        })
        .expect("accepted");
    // Editing other fields of the accepted duplicate needs no new consent.
    s.update_employer(
        &second.id,
        &EmployerInput {
            city: Some("东莞市".into()),
            ..Default::default()
        },
    )
    .expect("edit");
    // A failed check digit is saved only with the warning accepted, and stays visible.
    let pilot = EmployerInput {
        name: Some("试点地区老企业".into()),
        credit_code: Some("91350100M000100Y44".into()),
        ..Default::default()
    };
    let e = s.create_employer(&pilot).expect_err("check digit");
    assert_eq!(field_codes(&e), ["credit_code.check_digit"]);
    let saved = s
        .create_employer(&EmployerInput {
            accept_warnings: Some(true),
            ..pilot
        })
        .expect("accepted");
    assert!(!saved.credit_code_ok);
    let e = s
        .create_employer(&EmployerInput {
            name: Some("短码公司".into()),
            credit_code: Some("91350100M00".into()),
            accept_warnings: Some(true),
            ..Default::default()
        })
        .expect_err("length");
    assert_eq!(field_codes(&e), ["credit_code.length"]);
}

#[test]
fn a_merge_moves_everything_and_loses_nothing() {
    let mut s = setup();
    let keep = employer(&mut s, "松山湖机器人研究院有限公司", None);
    let drop = s
        .create_employer(&EmployerInput {
            name: Some("松山湖机器人研究院".into()),
            credit_code: Some("91350100M000100Y43".into()),
            size: Some(EmployerSize::Medium),
            contacts: Some(vec![Contact {
                name: "李经理".into(),
                phone: Some("13812345678".into()),
                ..Default::default()
            }]),
            tags: Some(vec!["机器人".into()]),
            notes: Some("2024 年来校招聘".into()),
            accept_warnings: Some(true),
            ..Default::default()
        })
        .expect("near duplicate");
    let p = s
        .record_placement(&placement("S001", "11", Some(&drop.id)))
        .expect("placement");
    let a = s
        .create_agreement(&AgreementInput {
            kind: Some(AgreementKind::Cooperation),
            employer_id: Some(drop.id.clone()),
            ..Default::default()
        })
        .expect("agreement");
    let fair = s
        .create_fair(&FairInput {
            name: Some("春季双选会".into()),
            start_date: Some("2025-05-07".into()),
            end_date: Some("2025-05-21".into()),
            mode: Some(FairMode::Hybrid),
            ..Default::default()
        })
        .expect("fair");
    // Both employers at the same fair: the dropped one's entry goes, its positions move.
    s.add_fair_employer(&FairEmployerInput {
        fair_id: Some(fair.id.clone()),
        employer_id: Some(keep.id.clone()),
        booth: Some("A01".into()),
        ..Default::default()
    })
    .expect("keep at fair");
    let pos = s
        .create_position(&PositionInput {
            fair_id: Some(fair.id.clone()),
            employer_id: Some(drop.id.clone()),
            title: Some("机器人调试员".into()),
            headcount: Some(5),
            ..Default::default()
        })
        .expect("position");
    let app = s
        .create_application(&ApplicationInput {
            position_id: Some(pos.id.clone()),
            graduate: Some("S002".into()),
            ..Default::default()
        })
        .expect("application");

    let e = s.delete_employer(&drop.id).expect_err("in use");
    assert_eq!(field_codes(&e), ["employer.in_use"]);

    let report = s.merge_employers(&keep.id, &drop.id).expect("merge");
    assert_eq!(
        (
            report.placements,
            report.positions,
            report.applications,
            report.agreements,
            report.fair_entries
        ),
        (1, 1, 1, 1, 1)
    );
    assert_eq!(
        s.placement(&p.id).expect("p").employer_id.as_deref(),
        Some(keep.id.as_str())
    );
    assert_eq!(
        s.agreement(&a.id).expect("a").employer_id.as_deref(),
        Some(keep.id.as_str())
    );
    assert_eq!(s.position(&pos.id).expect("pos").employer_id, keep.id);
    assert_eq!(s.application(&app.id).expect("app").employer_id, keep.id);
    assert_eq!(s.fair_employers(&fair.id).expect("fe").len(), 1);
    assert!(matches!(
        s.employer(&drop.id),
        Err(CoreError::NotFound { .. })
    ));
    let kept = s.employer(&keep.id).expect("kept");
    assert_eq!(kept.credit_code.as_deref(), Some("91350100M000100Y43"));
    assert_eq!(kept.size, Some(EmployerSize::Medium));
    assert_eq!(kept.contacts.len(), 1);
    assert_eq!(kept.tags, ["机器人"]);
    let notes = kept.notes.expect("notes");
    assert!(notes.contains("2024 年来校招聘") && notes.contains("松山湖机器人研究院"));
    assert_eq!((kept.placements, kept.agreements), (1, 1));
    let e = s.merge_employers(&keep.id, &keep.id).expect_err("same");
    assert_eq!(field_codes(&e), ["drop.same"]);
    assert_replays(&s);
}

#[test]
fn agreements_move_only_by_allowed_steps_and_lock_once_signed() {
    let mut s = setup();
    s.update_college(&CollegeInput {
        code: Some("G4419001".into()),
        ..Default::default()
    })
    .expect("code");
    employer(&mut s, "大疆创新科技有限公司", None);
    let a = s
        .create_agreement(&AgreementInput {
            kind: Some(AgreementKind::OrderClass),
            employer: Some("大疆创新科技有限公司".into()),
            programs: Some(vec!["工业机器人应用与维护".into()]),
            start_date: Some("2025-09-01".into()),
            end_date: Some("2028-08-31".into()),
            ..Default::default()
        })
        .expect("create");
    let year = xiaoqi_core::clock::current_year();
    assert_eq!(a.number, format!("G4419001-{year}-001"));
    assert_eq!(a.status, AgreementStatus::Draft);
    assert_eq!(a.title, "大疆创新科技有限公司订单班/冠名班");
    assert_eq!(a.clauses, templates::clauses(AgreementKind::OrderClass));
    assert_eq!(a.program_names, ["工业机器人应用与维护"]);

    let step = |to: AgreementStatus| AdvanceInput {
        to,
        by: "王主任".into(),
        note: None,
    };
    let e = s
        .advance_agreement(&a.id, &step(AgreementStatus::Signed))
        .expect_err("skip");
    assert_eq!(field_codes(&e), ["to.invalid_step"]);
    s.advance_agreement(&a.number, &step(AgreementStatus::InReview))
        .expect("review");
    // Signing needs the signatories of both sides.
    let e = s
        .advance_agreement(&a.id, &step(AgreementStatus::Signed))
        .expect_err("no signatories");
    assert_eq!(
        field_codes(&e),
        ["signatories.required", "signatories.required"]
    );
    s.update_agreement(
        &a.id,
        &AgreementInput {
            signatories: Some(vec![
                Signatory {
                    side: Side::College,
                    name: "李校长".into(),
                    title: Some("校长".into()),
                },
                Signatory {
                    side: Side::Partner,
                    name: "周总".into(),
                    title: None,
                },
            ]),
            ..Default::default()
        },
    )
    .expect("signatories");
    let signed = s
        .advance_agreement(&a.id, &step(AgreementStatus::Signed))
        .expect("sign");
    assert_eq!(signed.status, AgreementStatus::Signed);
    let steps: Vec<(&str, &str)> = signed
        .history
        .iter()
        .map(|h| (h.status.as_str(), h.by.as_str()))
        .collect();
    assert_eq!(steps, [("审核中", "王主任"), ("已签署", "王主任")]);
    // Signed: the text is locked, notes are not, and it cannot be deleted.
    let e = s
        .update_agreement(
            &a.id,
            &AgreementInput {
                title: Some("改名".into()),
                ..Default::default()
            },
        )
        .expect_err("locked");
    assert_eq!(field_codes(&e), ["status.locked"]);
    s.update_agreement(
        &a.id,
        &AgreementInput {
            notes: Some("原件存档于就业办".into()),
            ..Default::default()
        },
    )
    .expect("notes");
    assert_eq!(
        field_codes(&s.delete_agreement(&a.id).expect_err("locked")),
        ["status.locked"]
    );
    s.advance_agreement(&a.id, &step(AgreementStatus::Active))
        .expect("active");
    s.advance_agreement(&a.id, &step(AgreementStatus::Terminated))
        .expect("terminated");
    let e = s
        .advance_agreement(&a.id, &step(AgreementStatus::Active))
        .expect_err("final");
    assert_eq!(field_codes(&e), ["to.invalid_step"]);
}

#[test]
fn agreements_refuse_bad_parties_and_dates() {
    let mut s = setup();
    employer(&mut s, "某公司", None);
    let bad: Vec<(AgreementInput, &str)> = vec![
        (
            AgreementInput {
                kind: Some(AgreementKind::Research),
                employer: Some("某公司".into()),
                ..Default::default()
            },
            "institution.required",
        ),
        (
            AgreementInput {
                kind: Some(AgreementKind::Cooperation),
                ..Default::default()
            },
            "employer.required",
        ),
        (
            AgreementInput {
                kind: Some(AgreementKind::Cooperation),
                employer: Some("某公司".into()),
                start_date: Some("2026-01-01".into()),
                end_date: Some("2025-12-31".into()),
                ..Default::default()
            },
            "end_date.before_start",
        ),
        (
            AgreementInput {
                kind: Some(AgreementKind::Cooperation),
                employer: Some("某公司".into()),
                programs: Some(vec!["不存在的专业".into()]),
                ..Default::default()
            },
            "programs.unknown",
        ),
    ];
    for (input, code) in bad {
        let e = s.create_agreement(&input).expect_err(code);
        assert!(field_codes(&e).contains(&code.to_string()), "{code}: {e}");
    }
    assert!(
        s.agreements(&AgreementQuery::default())
            .expect("list")
            .is_empty()
    );
    // An update cannot move the end before the stored start.
    let a = s
        .create_agreement(&AgreementInput {
            kind: Some(AgreementKind::Cooperation),
            employer: Some("某公司".into()),
            start_date: Some("2026-01-01".into()),
            ..Default::default()
        })
        .expect("ok");
    let e = s
        .update_agreement(
            &a.id,
            &AgreementInput {
                end_date: Some("2025-01-01".into()),
                ..Default::default()
            },
        )
        .expect_err("before stored start");
    assert_eq!(field_codes(&e), ["end_date.before_start"]);
}

#[test]
fn a_signing_creates_exactly_one_placement_and_cannot_happen_twice() {
    let mut s = setup();
    employer(&mut s, "拓斯达科技", None);
    let fair = s
        .create_fair(&FairInput {
            name: Some("AI与机器人双选会".into()),
            start_date: Some("2025-05-07".into()),
            end_date: Some("2025-05-07".into()),
            mode: Some(FairMode::OnSite),
            ..Default::default()
        })
        .expect("fair");
    let pos = s
        .create_position(&PositionInput {
            fair_id: Some(fair.id.clone()),
            employer: Some("拓斯达科技".into()),
            title: Some("机器人运维".into()),
            headcount: Some(3),
            programs: Some(vec!["工业机器人应用与维护".into()]),
            salary_min: Some(4500),
            salary_max: Some(6500),
            ..Default::default()
        })
        .expect("position");
    assert_eq!(
        s.fair_employers(&fair.id).expect("joined").len(),
        1,
        "the employer joins the fair"
    );
    let app = s
        .create_application(&ApplicationInput {
            position_id: Some(pos.id.clone()),
            graduate: Some("S001".into()),
            ..Default::default()
        })
        .expect("apply");
    let e = s
        .create_application(&ApplicationInput {
            position_id: Some(pos.id.clone()),
            graduate: Some("S001".into()),
            ..Default::default()
        })
        .expect_err("twice");
    assert_eq!(field_codes(&e), ["graduate.duplicate"]);
    let moved = s
        .update_application(
            &app.id,
            &ApplicationInput {
                status: Some(ApplicationStatus::Intention),
                ..Default::default()
            },
        )
        .expect("intention");
    assert_eq!(moved.status, ApplicationStatus::Intention);
    let e = s
        .update_application(
            &app.id,
            &ApplicationInput {
                status: Some(ApplicationStatus::Applied),
                ..Default::default()
            },
        )
        .expect_err("backwards");
    assert_eq!(field_codes(&e), ["status.invalid_step"]);
    let e = s
        .update_application(
            &app.id,
            &ApplicationInput {
                status: Some(ApplicationStatus::Signed),
                ..Default::default()
            },
        )
        .expect_err("sign needs a destination");
    assert_eq!(field_codes(&e), ["status.invalid_step"]);

    let signed = s
        .sign_application(
            &app.id,
            &PlacementInput {
                destination_code: Some("11".into()),
                salary: Some(5800),
                ..Default::default()
            },
        )
        .expect("sign");
    assert_eq!(signed.status, ApplicationStatus::Signed);
    let placements = s
        .placements(&PlacementQuery::default())
        .expect("placements");
    assert_eq!(placements.total, 1);
    let p = &placements.items[0];
    assert_eq!(Some(&p.id), signed.placement_id.as_ref());
    assert_eq!(p.employer.as_deref(), Some("拓斯达科技"));
    assert_eq!(p.position_title.as_deref(), Some("机器人运维"));
    assert_eq!(p.salary, Some(5800));
    let e = s
        .sign_application(
            &app.id,
            &PlacementInput {
                destination_code: Some("11".into()),
                ..Default::default()
            },
        )
        .expect_err("second signing");
    assert_eq!(field_codes(&e), ["status.already_signed"]);
    assert_eq!(
        s.placements(&PlacementQuery::default())
            .expect("still one")
            .total,
        1
    );
    assert_eq!(
        field_codes(&s.delete_placement(&p.id).expect_err("from signing")),
        ["placement.from_signing"]
    );
    assert_eq!(
        field_codes(&s.delete_application(&app.id).expect_err("signed")),
        ["status.signed"]
    );

    // A failed signing (unknown code) changes nothing.
    let app2 = s
        .create_application(&ApplicationInput {
            position_id: Some(pos.id.clone()),
            graduate: Some("S002".into()),
            status: Some(ApplicationStatus::Interviewed),
            ..Default::default()
        })
        .expect("apply 2");
    let before = s.pending_changes().expect("pending");
    s.sign_application(
        &app2.id,
        &PlacementInput {
            destination_code: Some("99".into()),
            ..Default::default()
        },
    )
    .expect_err("bad code");
    assert_eq!(s.pending_changes().expect("pending"), before);
    assert_eq!(
        s.application(&app2.id).expect("a2").status,
        ApplicationStatus::Interviewed
    );

    let f = s.fair(&fair.id).expect("fair");
    assert_eq!(
        (
            f.figures.employers,
            f.figures.positions,
            f.figures.headcount
        ),
        (1, 1, 3)
    );
    assert_eq!(
        (f.figures.resumes, f.figures.intentions, f.figures.signings),
        (2, 1, 1)
    );
    let by_program = s.fair_program_figures(&fair.id).expect("by program");
    assert_eq!(by_program.len(), 1);
    assert_eq!(by_program[0].program, "工业机器人应用与维护");
    assert_eq!(
        (
            by_program[0].positions,
            by_program[0].headcount,
            by_program[0].resumes
        ),
        (1, 3, 2)
    );

    // The class view shows the signed graduate's destination.
    let v = s.class_view(2025, "机器人1班").expect("view");
    assert_eq!(v.members[0].employer.as_deref(), Some("拓斯达科技"));
    let ledger = s.ledger(Some("拓斯达科技"), None).expect("ledger");
    assert_eq!(
        (
            ledger.positions,
            ledger.resumes,
            ledger.signings,
            ledger.placements.len()
        ),
        (1, 2, 1, 1)
    );
    assert_replays(&s);
}

#[test]
fn the_home_page_lists_what_needs_attention() {
    let mut s = setup();
    employer(&mut s, "某公司", None);
    let soon = xiaoqi_core::clock::today_plus(30);
    let later = xiaoqi_core::clock::today_plus(200);
    for end in [&soon, &later] {
        let a = s
            .create_agreement(&AgreementInput {
                kind: Some(AgreementKind::Cooperation),
                employer: Some("某公司".into()),
                start_date: Some("2024-01-01".into()),
                end_date: Some(end.clone()),
                signatories: Some(vec![
                    Signatory {
                        side: Side::College,
                        name: "甲".into(),
                        title: None,
                    },
                    Signatory {
                        side: Side::Partner,
                        name: "乙".into(),
                        title: None,
                    },
                ]),
                ..Default::default()
            })
            .expect("agreement");
        for to in [
            AgreementStatus::InReview,
            AgreementStatus::Signed,
            AgreementStatus::Active,
        ] {
            s.advance_agreement(
                &a.id,
                &AdvanceInput {
                    to,
                    by: "王主任".into(),
                    note: None,
                },
            )
            .expect("step");
        }
    }
    s.record_placement(&placement("S001", "75", None))
        .expect("p");
    let home = s.attention().expect("attention");
    assert_eq!(home.cohort, Some(2025));
    assert_eq!(
        (
            home.cohort_graduates,
            home.without_destination,
            home.unverified
        ),
        (3, 2, 1)
    );
    assert_eq!(home.expiring.len(), 1);
    assert_eq!(home.expiring[0].end_date.as_deref(), Some(soon.as_str()));
    assert_eq!(home.expiring[0].days_left, Some(30));
}

#[test]
fn deleting_things_that_others_point_to_is_refused_with_the_reason() {
    let mut s = setup();
    let fair = s
        .create_fair(&FairInput {
            name: Some("秋季双选会".into()),
            start_date: Some("2025-10-10".into()),
            end_date: Some("2025-10-09".into()),
            mode: Some(FairMode::Online),
            ..Default::default()
        })
        .expect_err("end before start");
    assert_eq!(field_codes(&fair), ["end_date.before_start"]);
    let fair = s
        .create_fair(&FairInput {
            name: Some("秋季双选会".into()),
            start_date: Some("2025-10-10".into()),
            end_date: Some("2025-10-10".into()),
            mode: Some(FairMode::Online),
            ..Default::default()
        })
        .expect("fair");
    employer(&mut s, "某公司", None);
    let pos = s
        .create_position(&PositionInput {
            fair_id: Some(fair.id.clone()),
            employer: Some("某公司".into()),
            title: Some("操作工".into()),
            headcount: Some(10),
            ..Default::default()
        })
        .expect("position");
    assert_eq!(
        field_codes(&s.delete_fair(&fair.id).expect_err("fair")),
        ["fair.in_use"]
    );
    let e = s
        .create_position(&PositionInput {
            fair_id: Some(fair.id.clone()),
            employer: Some("某公司".into()),
            title: Some("操作工".into()),
            headcount: Some(10),
            salary_min: Some(6000),
            salary_max: Some(5000),
            ..Default::default()
        })
        .expect_err("salary range");
    assert_eq!(field_codes(&e), ["salary_max.below_min"]);
    s.create_application(&ApplicationInput {
        position_id: Some(pos.id.clone()),
        graduate: Some("S003".into()),
        ..Default::default()
    })
    .expect("app");
    assert_eq!(
        field_codes(&s.delete_position(&pos.id).expect_err("position")),
        ["position.in_use"]
    );
}
