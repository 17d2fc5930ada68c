//! Store round trips: programs and graduates as a person creates, edits and deletes them.

mod common;

use common::{graduate_input, program};
use xiaoqi_core::model::{GraduateInput, GraduateQuery, GraduateSort, ProgramInput, SortOrder};
use xiaoqi_core::{CoreError, Store};

fn field_codes(e: &CoreError) -> Vec<String> {
    e.fields().iter().map(|f| f.code.clone()).collect()
}

#[test]
fn a_program_round_trips_and_its_name_is_unique() {
    let mut s = Store::open_in_memory().expect("store");
    let p = program(&mut s, "工业机器人应用与维护");
    assert_eq!(s.program(&p.id).expect("by id"), p);
    assert_eq!(s.program("工业机器人应用与维护").expect("by name").id, p.id);
    let dup = s
        .create_program(&ProgramInput {
            name: Some(" 工业机器人应用与维护 ".into()),
            ..p_input()
        })
        .expect_err("duplicate");
    assert_eq!(field_codes(&dup), ["name.duplicate"]);
    let changed = s
        .update_program(
            &p.id,
            &ProgramInput {
                length_years: Some(5),
                department: Some("".into()),
                ..Default::default()
            },
        )
        .expect("update");
    assert_eq!(changed.length_years, 5);
    assert_eq!(changed.department, None);
    assert_eq!(changed.name, p.name);
    s.delete_program(&p.id).expect("delete");
    assert!(s.programs().expect("list").is_empty());
    // The name is free again once the program is deleted.
    program(&mut s, "工业机器人应用与维护");
}

fn p_input() -> ProgramInput {
    ProgramInput {
        name: Some("x".into()),
        code: None,
        level: Some(xiaoqi_core::model::TrainingLevel::Advanced),
        length_years: Some(3),
        department: None,
        ..Default::default()
    }
}

#[test]
fn a_program_with_graduates_cannot_be_deleted() {
    let mut s = Store::open_in_memory().expect("store");
    let p = program(&mut s, "数控加工");
    s.create_graduate(&graduate_input("张三", "2021001", "数控加工"))
        .expect("graduate");
    let e = s.delete_program(&p.id).expect_err("in use");
    assert_eq!(field_codes(&e), ["program.in_use"]);
    assert_eq!(s.programs().expect("list")[0].graduates, 1);
}

#[test]
fn a_graduate_round_trips_with_normalised_numbers() {
    let mut s = Store::open_in_memory().expect("store");
    program(&mut s, "人工智能技术应用");
    let g = s
        .create_graduate(&GraduateInput {
            id_number: Some(" １１０１０５１９４９１２３１００２ｘ".into()),
            phone: Some("138 1234 5678".into()),
            gender: Some(xiaoqi_core::model::Gender::Female),
            class_name: Some("2020级人工智能1班".into()),
            ..graduate_input("李晓明", "ai-2025-01", "人工智能技术应用")
        })
        .expect("create");
    assert_eq!(g.id_number.as_deref(), Some("11010519491231002X"));
    assert_eq!(g.phone.as_deref(), Some("13812345678"));
    assert_eq!(g.student_number, "AI-2025-01");
    assert_eq!(g.program, "人工智能技术应用");
    assert_eq!(s.graduate(&g.id).expect("get"), g);
    assert_eq!(
        s.graduate("AI-2025-01").expect("by student number").id,
        g.id
    );

    let edited = s
        .update_graduate(
            &g.id,
            &GraduateInput {
                name: Some("李晓敏".into()),
                phone: Some("".into()),
                ..Default::default()
            },
        )
        .expect("update");
    assert_eq!(edited.name, "李晓敏");
    assert_eq!(edited.phone, None);
    assert_eq!(edited.id_number, g.id_number);
    let found = s
        .graduates(&GraduateQuery {
            search: Some("lxm".into()),
            ..Default::default()
        })
        .expect("search");
    assert_eq!(found.total, 1, "pinyin keys follow the new name");

    s.delete_graduate(&g.id).expect("delete");
    assert!(matches!(s.graduate(&g.id), Err(CoreError::NotFound { .. })));
    assert_eq!(
        s.graduates(&GraduateQuery::default()).expect("list").total,
        0
    );
}

#[test]
fn bad_graduates_are_refused_with_the_field_and_nothing_is_saved() {
    let mut s = Store::open_in_memory().expect("store");
    program(&mut s, "汽车维修");
    s.create_graduate(&GraduateInput {
        id_number: Some("11010519491231002X".into()),
        ..graduate_input("张三", "2021001", "汽车维修")
    })
    .expect("first");
    let before = s.pending_changes().expect("pending");
    let cases: Vec<(GraduateInput, &str)> = vec![
        (
            GraduateInput {
                id_number: Some("110105194912310021".into()),
                ..graduate_input("李四", "2021002", "汽车维修")
            },
            "id_number.check_digit",
        ),
        (
            graduate_input("李四", "2021002", "不存在的专业"),
            "program.unknown",
        ),
        (
            graduate_input("李四", "2021001", "汽车维修"),
            "student_number.duplicate",
        ),
        (
            GraduateInput {
                id_number: Some("11010519491231002x".into()),
                ..graduate_input("李四", "2021002", "汽车维修")
            },
            "id_number.duplicate",
        ),
        (
            GraduateInput {
                cohort: Some(1800),
                ..graduate_input("李四", "2021002", "汽车维修")
            },
            "cohort.range",
        ),
        (
            GraduateInput {
                phone: Some("12345".into()),
                ..graduate_input("李四", "2021002", "汽车维修")
            },
            "phone.format",
        ),
        (
            GraduateInput {
                name: Some("  ".into()),
                ..graduate_input("", "2021002", "汽车维修")
            },
            "name.required",
        ),
        (
            GraduateInput {
                id_number: Some("4.41900200501011E+17".into()),
                ..graduate_input("李四", "2021002", "汽车维修")
            },
            "id_number.scientific_notation",
        ),
    ];
    for (input, code) in cases {
        let e = s.create_graduate(&input).expect_err(code);
        assert_eq!(field_codes(&e), [code]);
        assert!(
            e.to_string()
                .contains(code.split('.').next().unwrap_or_default()),
            "{e}"
        );
    }
    assert_eq!(
        s.graduates(&GraduateQuery::default()).expect("list").total,
        1
    );
    assert_eq!(
        s.pending_changes().expect("pending"),
        before,
        "a refused write leaves no outbox entry"
    );
    // An update that would take another graduate's student number is refused too.
    let other = s
        .create_graduate(&graduate_input("王五", "2021003", "汽车维修"))
        .expect("other");
    let e = s
        .update_graduate(
            &other.id,
            &GraduateInput {
                student_number: Some("2021001".into()),
                ..Default::default()
            },
        )
        .expect_err("dup");
    assert_eq!(field_codes(&e), ["student_number.duplicate"]);
    assert_eq!(
        s.graduate(&other.id).expect("kept").student_number,
        "2021003"
    );
}

#[test]
fn search_finds_by_name_pinyin_and_numbers() {
    let mut s = Store::open_in_memory().expect("store");
    program(&mut s, "机电一体化技术");
    s.create_graduate(&GraduateInput {
        id_number: Some("11010519491231002X".into()),
        ..graduate_input("张三", "2021001", "机电一体化技术")
    })
    .expect("a");
    s.create_graduate(&graduate_input("赵帅", "2021002", "机电一体化技术"))
        .expect("b");
    s.create_graduate(&graduate_input("张珊珊", "2022001", "机电一体化技术"))
        .expect("c");
    let names = |q: &str| -> Vec<String> {
        s.graduates(&GraduateQuery {
            search: Some(q.into()),
            ..Default::default()
        })
        .expect("search")
        .items
        .into_iter()
        .map(|g| g.name)
        .collect()
    };
    // Initials and pinyin match as prefixes, so typing narrows the list step by step.
    assert_eq!(names("zs"), ["张三", "张珊珊", "赵帅"]);
    assert_eq!(names("ZS"), ["张三", "张珊珊", "赵帅"]);
    assert_eq!(names("zhangsan"), ["张三"]);
    assert_eq!(names("zhangs"), ["张三", "张珊珊"]);
    assert_eq!(names("zhangshan"), ["张珊珊"]);
    assert_eq!(names("zss"), ["张珊珊"]);
    assert_eq!(names("张"), ["张三", "张珊珊"]);
    assert_eq!(names("珊"), ["张珊珊"]);
    assert_eq!(names("2022"), ["张珊珊"]);
    assert_eq!(names("2021002"), ["赵帅"]);
    assert_eq!(names("11010519491231002x"), ["张三"]);
    assert_eq!(names("110105"), ["张三"]);
    assert!(names("wangwu").is_empty());
}

#[test]
fn lists_are_filtered_sorted_and_paged_in_sql() {
    let mut s = Store::open_in_memory().expect("store");
    program(&mut s, "模具制造");
    program(&mut s, "汽车维修");
    for (i, name) in ["王芳", "艾伦", "周杰", "陈晨", "白雪"].iter().enumerate() {
        let mut g = graduate_input(
            name,
            &format!("S{i}"),
            if i % 2 == 0 {
                "模具制造"
            } else {
                "汽车维修"
            },
        );
        g.cohort = Some(2023 + (i as i32 % 2));
        g.class_name = Some(format!("{}班", i % 2 + 1));
        s.create_graduate(&g).expect("graduate");
    }
    let page = |q: GraduateQuery| -> (u32, Vec<String>) {
        let p = s.graduates(&q).expect("page");
        (p.total, p.items.into_iter().map(|g| g.name).collect())
    };
    assert_eq!(
        page(GraduateQuery::default()).1,
        ["艾伦", "白雪", "陈晨", "王芳", "周杰"],
        "by pinyin"
    );
    assert_eq!(
        page(GraduateQuery {
            order: SortOrder::Desc,
            limit: Some(2),
            offset: Some(1),
            ..Default::default()
        }),
        (5, vec!["王芳".to_string(), "陈晨".to_string()])
    );
    assert_eq!(
        page(GraduateQuery {
            cohort: Some(2024),
            ..Default::default()
        }),
        (2, vec!["艾伦".into(), "陈晨".into()])
    );
    assert_eq!(
        page(GraduateQuery {
            program: Some("模具制造".into()),
            ..Default::default()
        })
        .0,
        3
    );
    assert_eq!(
        page(GraduateQuery {
            class_name: Some("2班".into()),
            sort: GraduateSort::StudentNumber,
            ..Default::default()
        })
        .1,
        ["艾伦", "陈晨"]
    );
    assert_eq!(
        page(GraduateQuery {
            sort: GraduateSort::StudentNumber,
            order: SortOrder::Desc,
            limit: Some(1),
            ..Default::default()
        })
        .1,
        ["白雪"]
    );
    // Totals come from the trigger-kept counts when no search is given: each filter combination.
    assert_eq!(
        page(GraduateQuery {
            cohort: Some(2023),
            class_name: Some("1班".into()),
            limit: Some(1),
            ..Default::default()
        })
        .0,
        3
    );
    assert_eq!(
        page(GraduateQuery {
            program: Some("汽车维修".into()),
            cohort: Some(2024),
            ..Default::default()
        })
        .0,
        2
    );
    assert_eq!(
        page(GraduateQuery {
            program: Some("汽车维修".into()),
            cohort: Some(2023),
            ..Default::default()
        })
        .0,
        0
    );
    assert_eq!(
        page(GraduateQuery {
            search: Some("chen".into()),
            cohort: Some(2024),
            ..Default::default()
        }),
        (1, vec!["陈晨".into()])
    );
    let facets = s.graduate_facets().expect("facets");
    assert_eq!(facets.cohorts, [2024, 2023]);
    assert_eq!(facets.classes, ["1班", "2班"]);
}

#[test]
fn a_deleted_graduates_student_number_can_be_used_again() {
    let mut s = Store::open_in_memory().expect("store");
    program(&mut s, "汽车维修");
    let g = s
        .create_graduate(&graduate_input("张三", "2021001", "汽车维修"))
        .expect("a");
    s.delete_graduate(&g.id).expect("delete");
    let again = s
        .create_graduate(&graduate_input("张三", "2021001", "汽车维修"))
        .expect("again");
    assert_ne!(again.id, g.id);
}

#[test]
fn the_college_profile_is_made_once_and_editable() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("x.db");
    let id = {
        let mut s = Store::open(&path).expect("open");
        let c = s
            .update_college(&xiaoqi_core::model::CollegeInput {
                name: Some("东莞市技师学院".into()),
                city: Some("东莞市".into()),
                ..Default::default()
            })
            .expect("update");
        assert_eq!(c.name, "东莞市技师学院");
        c.id
    };
    let s = Store::open(&path).expect("reopen");
    assert_eq!(s.college().expect("college").id, id);
    assert_eq!(s.college_id(), id);
}

#[test]
fn list_totals_follow_writes_from_this_and_other_connections() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shared.db");
    let mut app = Store::open(&path).expect("app");
    program(&mut app, "汽车维修");
    app.create_graduate(&graduate_input("张三", "2021001", "汽车维修"))
        .expect("a");
    let total = |s: &Store| {
        s.graduates(&GraduateQuery {
            limit: Some(1),
            ..Default::default()
        })
        .expect("page")
        .total
    };
    assert_eq!(total(&app), 1);
    app.create_graduate(&graduate_input("李四", "2021002", "汽车维修"))
        .expect("b");
    assert_eq!(total(&app), 2, "own write");
    let mut cli = Store::open(&path).expect("cli");
    cli.create_graduate(&graduate_input("王五", "2021003", "汽车维修"))
        .expect("c");
    assert_eq!(
        total(&app),
        3,
        "a write from another connection (the CLI) is seen"
    );
    cli.delete_graduate("2021001").expect("delete");
    assert_eq!(total(&app), 2);
}
