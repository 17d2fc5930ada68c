//! The outbox is complete: replaying it onto an empty database reproduces the records exactly.

mod common;

use proptest::prelude::*;
use xiaoqi_core::model::{Gender, GraduateInput, ProgramInput, TrainingLevel};
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
}

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
                ..Default::default()
            })
            .map(drop),
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
    }
}
