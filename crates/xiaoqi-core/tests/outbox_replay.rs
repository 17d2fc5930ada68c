//! The outbox is complete: replaying it onto an empty database reproduces the records exactly.

mod common;

use proptest::prelude::*;
use xiaoqi_core::model::*;
use xiaoqi_core::{Store, change, outbox};

#[derive(Debug, Clone)]
enum Step {
    AddProgram(u8),
    EditProgram(u8, u8),
    DeleteProgram(u8),
    AddGraduate {
        program: u8,
        name: u8,
        number: u8,
        id: Option<u8>,
    },
    EditGraduate {
        who: u8,
        name: Option<u8>,
        number: Option<u8>,
        class: Option<u8>,
        program: Option<u8>,
    },
    DeleteGraduate(u8),
    EditCollege(u8),
    EditInstitution(u8),
    AddEmployer(u8),
    MergeEmployers(u8, u8),
    RecordPlacement {
        who: u8,
        code: u8,
        employer: u8,
    },
    DeletePlacement(u8),
    AddAgreement(u8),
    AdvanceAgreement(u8, u8),
    AddPosition(u8),
    Apply {
        position: u8,
        who: u8,
    },
    Sign(u8),
}

const EMPLOYERS: [&str; 4] = [
    "大族机器人有限公司",
    "大族机器人股份有限公司",
    "拓斯达科技",
    "华为技术有限公司",
];
const CODES: [&str; 4] = ["11", "76", "801", "70"];

const PROGRAMS: [&str; 4] = [
    "工业机器人应用与维护",
    "人工智能技术应用",
    "数控加工",
    "汽车维修",
];
const NAMES: [&str; 6] = ["张三", "李四", "王芳", "欧阳娜娜", "曾小贤", "赵帅"];
const IDS: [&str; 3] = [
    "11010519491231002X",
    "440106200001011233",
    "441900200502290000",
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..4).prop_map(Step::AddProgram),
        (0u8..4, 0u8..6).prop_map(|(a, b)| Step::EditProgram(a, b)),
        (0u8..4).prop_map(Step::DeleteProgram),
        (0u8..4, 0u8..6, 0u8..12, proptest::option::of(0u8..3)).prop_map(
            |(program, name, number, id)| Step::AddGraduate {
                program,
                name,
                number,
                id
            }
        ),
        (
            0u8..12,
            proptest::option::of(0u8..6),
            proptest::option::of(0u8..12),
            proptest::option::of(0u8..3),
            proptest::option::of(0u8..4)
        )
            .prop_map(|(who, name, number, class, program)| Step::EditGraduate {
                who,
                name,
                number,
                class,
                program
            }),
        (0u8..12).prop_map(Step::DeleteGraduate),
        (0u8..3).prop_map(Step::EditCollege),
        (0u8..3).prop_map(Step::EditInstitution),
        (0u8..4).prop_map(Step::AddEmployer),
        (0u8..4, 0u8..4).prop_map(|(a, b)| Step::MergeEmployers(a, b)),
        (0u8..12, 0u8..4, 0u8..4).prop_map(|(who, code, employer)| Step::RecordPlacement {
            who,
            code,
            employer
        }),
        (0u8..12).prop_map(Step::DeletePlacement),
        (0u8..4).prop_map(Step::AddAgreement),
        (0u8..4, 0u8..6).prop_map(|(a, to)| Step::AdvanceAgreement(a, to)),
        (0u8..4).prop_map(Step::AddPosition),
        (0u8..4, 0u8..12).prop_map(|(position, who)| Step::Apply { position, who }),
        (0u8..8).prop_map(Step::Sign),
    ]
}

fn run(store: &mut Store, step: &Step) {
    // Refused steps (duplicates, programs in use, unknown programs) are part of the test:
    // a refused write must leave nothing in the outbox.
    let _ = match step {
        Step::AddProgram(p) => store
            .create_program(&ProgramInput {
                name: Some(PROGRAMS[*p as usize].into()),
                code: Some(format!("01{p:02}-4")),
                level: Some(TrainingLevel::Advanced),
                length_years: Some(3),
                department: None,
                ..Default::default()
            })
            .map(drop),
        Step::EditProgram(p, y) => store
            .update_program(
                PROGRAMS[*p as usize],
                &ProgramInput {
                    length_years: Some(y % 6 + 1),
                    department: Some(format!("系{y}")),
                    ..Default::default()
                },
            )
            .map(drop),
        Step::DeleteProgram(p) => store.delete_program(PROGRAMS[*p as usize]),
        Step::AddGraduate {
            program,
            name,
            number,
            id,
        } => store
            .create_graduate(&GraduateInput {
                name: Some(NAMES[*name as usize].into()),
                gender: Some(if name % 2 == 0 {
                    Gender::Male
                } else {
                    Gender::Female
                }),
                student_number: Some(format!("S{number:03}")),
                id_number: id.map(|i| IDS[i as usize].to_string()),
                program: Some(PROGRAMS[*program as usize].into()),
                cohort: Some(2023 + i32::from(*number % 3)),
                ..Default::default()
            })
            .map(drop),
        Step::EditGraduate {
            who,
            name,
            number,
            class,
            program,
        } => store
            .update_graduate(
                &format!("S{who:03}"),
                &GraduateInput {
                    name: name.map(|n| NAMES[n as usize].to_string()),
                    student_number: number.map(|n| format!("S{n:03}")),
                    class_name: class.map(|c| {
                        if c == 0 {
                            String::new()
                        } else {
                            format!("{c}班")
                        }
                    }),
                    program: program.map(|p| PROGRAMS[p as usize].to_string()),
                    ..Default::default()
                },
            )
            .map(drop),
        Step::DeleteGraduate(who) => store.delete_graduate(&format!("S{who:03}")),
        Step::EditCollege(n) => store
            .update_college(&xiaoqi_core::model::CollegeInput {
                name: Some(format!("学院{n}")),
                // The party details an agreement prints, set and cleared.
                credit_code: Some(if *n == 0 {
                    String::new()
                } else {
                    "12441900MB2C517308".into()
                }),
                address: Some(format!("东莞市学府路{n}号")),
                contacts: Some(vec![Contact {
                    name: format!("联系人{n}"),
                    phone: Some(format!("0769-2289610{n}")),
                    ..Default::default()
                }]),
                ..Default::default()
            })
            .map(drop),
        Step::EditInstitution(n) => {
            // A valid code, one failing its check digit (accepted), none.
            let input = InstitutionInput {
                name: Some("松山湖材料实验室".into()),
                kind: Some(InstitutionKind::ResearchCenter),
                credit_code: Some(
                    ["12441900MB0F38162X", "91350100M000100Y44", ""][*n as usize].into(),
                ),
                address: Some(format!("东莞市大学路{n}号")),
                accept_warnings: Some(*n == 1),
                ..Default::default()
            };
            match store.institution_id_by_name("松山湖材料实验室") {
                Ok(Some(id)) => store.update_institution(&id, &input).map(drop),
                _ => store.create_institution(&input).map(drop),
            }
        }
        Step::AddEmployer(e) => store
            .create_employer(&EmployerInput {
                name: Some(EMPLOYERS[*e as usize].into()),
                accept_warnings: Some(true),
                ..Default::default()
            })
            .map(drop),
        Step::MergeEmployers(a, b) => {
            let list = store
                .employers(&Default::default())
                .expect("employers")
                .items;
            match (list.get(*a as usize), list.get(*b as usize)) {
                (Some(k), Some(d)) => store.merge_employers(&k.id, &d.id).map(drop),
                _ => Ok(()),
            }
        }
        Step::RecordPlacement {
            who,
            code,
            employer,
        } => {
            let list = store
                .employers(&Default::default())
                .expect("employers")
                .items;
            store
                .record_placement(&PlacementInput {
                    graduate: Some(format!("S{who:03}")),
                    destination_code: Some(CODES[*code as usize].into()),
                    employer_id: list.get(*employer as usize).map(|e| e.id.clone()),
                    salary: Some(4000 + i32::from(*who)),
                    ..Default::default()
                })
                .map(drop)
        }
        Step::DeletePlacement(who) => {
            let id = store.graduate(&format!("S{who:03}")).ok().and_then(|g| {
                store
                    .placements(&PlacementQuery {
                        graduate_id: Some(g.id),
                        ..Default::default()
                    })
                    .ok()
                    .and_then(|p| p.items.first().map(|p| p.id.clone()))
            });
            id.map_or(Ok(()), |id| store.delete_placement(&id))
        }
        Step::AddAgreement(e) => {
            let list = store
                .employers(&Default::default())
                .expect("employers")
                .items;
            store
                .create_agreement(&AgreementInput {
                    kind: Some(AgreementKind::Cooperation),
                    employer_id: list.get(*e as usize).map(|e| e.id.clone()),
                    ..Default::default()
                })
                .map(drop)
        }
        Step::AdvanceAgreement(a, to) => {
            let list = store.agreements(&Default::default()).expect("agreements");
            match list.get(*a as usize) {
                Some(a) => store
                    .advance_agreement(
                        &a.id,
                        &AdvanceInput {
                            to: AgreementStatus::ALL[*to as usize],
                            by: "王主任".into(),
                            note: None,
                        },
                    )
                    .map(drop),
                None => Ok(()),
            }
        }
        Step::AddPosition(e) => {
            let fair = match store.fairs().expect("fairs").first() {
                Some(f) => f.id.clone(),
                None => {
                    store
                        .create_fair(&FairInput {
                            name: Some("双选会".into()),
                            start_date: Some("2025-05-07".into()),
                            end_date: Some("2025-05-21".into()),
                            mode: Some(FairMode::Hybrid),
                            ..Default::default()
                        })
                        .expect("fair")
                        .id
                }
            };
            let list = store
                .employers(&Default::default())
                .expect("employers")
                .items;
            store
                .create_position(&PositionInput {
                    fair_id: Some(fair),
                    employer_id: list.get(*e as usize).map(|e| e.id.clone()),
                    title: Some("机器人运维".into()),
                    headcount: Some(2),
                    ..Default::default()
                })
                .map(drop)
        }
        Step::Apply { position, who } => {
            let list = store
                .positions(&Default::default())
                .expect("positions")
                .items;
            match list.get(*position as usize) {
                Some(p) => store
                    .create_application(&ApplicationInput {
                        position_id: Some(p.id.clone()),
                        graduate: Some(format!("S{who:03}")),
                        ..Default::default()
                    })
                    .map(drop),
                None => Ok(()),
            }
        }
        Step::Sign(a) => {
            let list = store
                .applications(&Default::default())
                .expect("applications")
                .items;
            match list.get(*a as usize) {
                Some(a) => store
                    .sign_application(
                        &a.id,
                        &PlacementInput {
                            destination_code: Some("11".into()),
                            ..Default::default()
                        },
                    )
                    .map(drop),
                None => Ok(()),
            }
        }
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn replaying_the_outbox_reproduces_every_record(steps in proptest::collection::vec(step(), 1..60)) {
        let mut store = Store::open_in_memory().expect("store");
        for s in &steps {
            run(&mut store, s);
        }
        let mut replica = xiaoqi_core::db::open_in_memory().expect("replica");
        let tx = replica.transaction().expect("tx");
        for entry in outbox::entries(store.connection()).expect("entries") {
            change::apply(&tx, &entry.change).expect("apply");
        }
        tx.commit().expect("commit");
        prop_assert_eq!(common::dump(store.connection()), common::dump(&replica));
        prop_assert!(common::counts_agree(store.connection()), "list totals drifted from the records");
        prop_assert!(common::counts_agree(&replica), "list totals drifted on replay");
        prop_assert!(common::fair_counts_agree(store.connection()), "fair figures drifted from the records");
        prop_assert!(common::fair_counts_agree(&replica), "fair figures drifted on replay");
        prop_assert!(common::facts_agree(store.connection()), "statistics facts drifted from the records");
        prop_assert!(common::facts_agree(&replica), "statistics facts drifted on replay");
        // Every signing points to its own live placement of the same graduate.
        let orphans: i64 = store.connection().query_row(
            "SELECT count(*) FROM applications a LEFT JOIN placements p ON p.id = a.placement_id
             WHERE a.deleted_at IS NULL AND a.status = '已签约' AND (p.id IS NULL OR p.deleted_at IS NOT NULL OR p.graduate_id <> a.graduate_id)",
            [], |r| r.get(0)).expect("orphans");
        prop_assert_eq!(orphans, 0);
        let shared: i64 = store.connection().query_row(
            "SELECT count(*) FROM (SELECT placement_id FROM applications WHERE placement_id IS NOT NULL
             GROUP BY placement_id HAVING count(*) > 1)", [], |r| r.get(0)).expect("shared");
        prop_assert_eq!(shared, 0);
        // Nothing live points to a deleted graduate.
        let dangling: i64 = store.connection().query_row(
            "SELECT (SELECT count(*) FROM placements p JOIN graduates g ON g.id = p.graduate_id
                     WHERE p.deleted_at IS NULL AND g.deleted_at IS NOT NULL)
                  + (SELECT count(*) FROM applications a JOIN graduates g ON g.id = a.graduate_id
                     WHERE a.deleted_at IS NULL AND g.deleted_at IS NOT NULL)", [], |r| r.get(0)).expect("dangling");
        prop_assert_eq!(dangling, 0);
    }
}
