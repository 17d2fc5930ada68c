//! The importer on real files: every header synonym, every rejection reason, GBK and
//! UTF-8-with-BOM CSV, an .xlsx whose ID cells are numbers, re-import idempotence, and the
//! strict and dry-run modes.

mod common;

use std::path::Path;

use rust_xlsxwriter::Workbook;
use xiaoqi_core::Store;
use xiaoqi_core::import::{ImportKind, ImportOptions, ImportReport, import_file, import_table};
use xiaoqi_core::model::{EmployerInput, GraduateQuery};
use xiaoqi_core::sheet::read_csv;
use xiaoqi_core::validate::id_number::id_check_char;

const PROGRAM: &str = "工业机器人应用与维护";

/// A valid ID number born on 2005-01-01 with sequence `seq`.
fn id(seq: u32) -> String {
    let first17 = format!("44010620050101{seq:03}");
    format!("{first17}{}", id_check_char(first17.as_bytes()))
}

/// The same number with a wrong check character.
fn bad_id(seq: u32) -> String {
    let good = id(seq);
    let last = good.chars().last().unwrap_or('0');
    let wrong = if last == '1' { '2' } else { '1' };
    format!("{}{wrong}", &good[..17])
}

fn store() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    common::program(&mut s, PROGRAM);
    s
}

fn run(s: &mut Store, kind: ImportKind, csv: &str) -> ImportReport {
    run_with(s, kind, csv, ImportOptions::default())
}

fn run_with(s: &mut Store, kind: ImportKind, csv: &str, options: ImportOptions) -> ImportReport {
    let table = read_csv(csv.as_bytes()).expect("csv");
    let report = import_table(s, kind, &table, options, &mut |_, _| {}).expect("import runs");
    assert_translated(&report);
    report
}

/// The app says each reason in the person's language: every problem's code has a message in
/// both of the app's languages, and the values the message names come with it.
fn assert_translated(report: &ImportReport) {
    for locale in ["zh-CN", "en-US"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../ui/src/locales/{locale}/fieldError.json"));
        let messages: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("locale file")).expect("json");
        for r in &report.rejected {
            assert!(!r.problems.is_empty(), "{r:?}");
            for p in &r.problems {
                let message = p
                    .code
                    .split('.')
                    .try_fold(&messages, |v, k| v.get(k))
                    .and_then(|v| v.as_str())
                    .unwrap_or_else(|| panic!("{locale} has no message for {:?} ({r:?})", p.code));
                for name in message
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split('}').next())
                {
                    assert!(
                        p.params.contains_key(name),
                        "{locale} {:?} names {{{name}}}, not among {:?}",
                        p.code,
                        p.params
                    );
                }
            }
        }
    }
}

fn graduates(s: &Store) -> Vec<xiaoqi_core::model::Graduate> {
    s.graduates(&GraduateQuery::default()).expect("list").items
}

/// One rejected row: (row, column, reason contains).
fn assert_rejected(report: &ImportReport, row: u32, column: &str, reason: &str) {
    let r = report
        .rejected
        .iter()
        .find(|r| r.row == row)
        .unwrap_or_else(|| panic!("row {row} not rejected: {report:?}"));
    assert_eq!(r.column, column, "{r:?}");
    assert!(r.reason.contains(reason), "{r:?} should say {reason}");
}

#[test]
fn every_graduate_header_synonym_is_understood() {
    let synonyms: &[(&str, &[&str])] = &[
        ("name", &["姓名", "学生姓名", "毕业生姓名", " 姓 名 "]),
        ("student_number", &["学号", "学籍号", "学号*"]),
        (
            "id_number",
            &[
                "身份证号",
                "身份证号码",
                "证件号码",
                "证件号",
                "身份证",
                "公民身份号码",
            ],
        ),
        (
            "phone",
            &["手机", "手机号", "手机号码", "联系电话", "电话", "联系方式"],
        ),
        ("program", &["专业", "专业名称", "所学专业"]),
        (
            "cohort",
            &["毕业年份", "届别", "毕业届别", "届", "毕业年度", "毕业年"],
        ),
        ("class_name", &["班级", "班级名称", "所在班级"]),
        ("homeroom_teacher", &["班主任", "班主任姓名"]),
        ("gender", &["性别"]),
    ];
    let width = synonyms.iter().map(|(_, h)| h.len()).max().unwrap_or(0);
    for i in 0..width {
        let mut s = store();
        let pick = |field: &str| {
            let list = synonyms.iter().find(|(f, _)| *f == field).expect("field").1;
            list[i % list.len()]
        };
        let csv = format!(
            "{},{},{},{},{},{},{},{},{}\n张三,S001,{},13800138000,{PROGRAM},2025届,机器人1班,李老师,男\n",
            pick("name"),
            pick("student_number"),
            pick("id_number"),
            pick("phone"),
            pick("program"),
            pick("cohort"),
            pick("class_name"),
            pick("homeroom_teacher"),
            pick("gender"),
            id(1)
        );
        let report = run(&mut s, ImportKind::Graduates, &csv);
        assert_eq!(report.inserted, 1, "headers set {i}: {report:?}");
        let g = &graduates(&s)[0];
        assert_eq!(
            (
                g.name.as_str(),
                g.id_number.as_deref(),
                g.phone.as_deref(),
                g.cohort,
                g.class_name.as_deref(),
                g.homeroom_teacher.as_deref(),
                g.gender.map(|x| x.as_str()),
            ),
            (
                "张三",
                Some(id(1).as_str()),
                Some("13800138000"),
                2025,
                Some("机器人1班"),
                Some("李老师"),
                Some("男")
            ),
            "headers set {i}"
        );
    }
}

#[test]
fn full_width_headers_and_values_are_folded_and_normalised() {
    let mut s = store();
    let lower_x_id = {
        // An ID whose check character is X, typed in lowercase and full width.
        let mut seq = 0;
        loop {
            let v = id(seq);
            if v.ends_with('X') {
                break v;
            }
            seq += 1;
        }
    };
    let typed: String = lower_x_id
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            'X' => 'ｘ',
            other => other,
        })
        .collect();
    let csv =
        format!("姓名,学号,身份证号,专业,届别\n 李四 ,ｓ００２ ,{typed},{PROGRAM},２０２５\n");
    let report = run(&mut s, ImportKind::Graduates, &csv);
    assert_eq!(report.inserted, 1, "{report:?}");
    let g = &graduates(&s)[0];
    assert_eq!(g.name, "李四");
    assert_eq!(g.student_number, "S002");
    assert_eq!(g.id_number.as_deref(), Some(lower_x_id.as_str()));
}

#[test]
fn each_bad_graduate_row_is_rejected_with_its_excel_row_column_and_reason() {
    let mut s = store();
    let csv = format!(
        "姓名,学号,身份证号码,专业,毕业年份,性别,技能等级\n\
         张三,S001,{},{PROGRAM},2025,男,中级工\n\
         ,S002,{},{PROGRAM},2025,男,\n\
         王五,S003,{},{PROGRAM},2025,男,\n\
         \n\
         赵六,S004,4.41900200501011E+17,{PROGRAM},2025,女,\n\
         钱七,S005,{},不存在的专业,2025,女,\n\
         孙八,S001,{},{PROGRAM},2025,男,\n\
         周九,S006,{},{PROGRAM},2025,男,\n\
         吴十,S007,{},{PROGRAM},二〇二五,男,\n\
         郑一,S008,{},{PROGRAM},2025,未知,\n\
         冯二,S009,{},{PROGRAM},2025,男,特级\n",
        id(1),
        id(2),
        bad_id(3),
        id(5),
        id(6),
        id(1),
        id(7),
        id(8),
        id(9),
    );
    let report = run(&mut s, ImportKind::Graduates, &csv);
    assert_eq!(report.inserted, 1, "{report:?}");
    assert_rejected(&report, 3, "姓名", "请填写姓名");
    assert_rejected(&report, 4, "身份证号码", "校验");
    // Row 5 is blank and skipped; Excel still numbers the rows after it.
    assert_rejected(&report, 6, "身份证号码", "4.41900200501011E+17");
    assert_rejected(&report, 6, "身份证号码", "丢失");
    assert_rejected(&report, 7, "专业", "不存在的专业");
    assert_rejected(&report, 8, "学号", "第 2 行");
    assert_rejected(&report, 9, "身份证号码", "第 2 行");
    assert_rejected(&report, 10, "毕业年份", "四位年份");
    assert_rejected(&report, 11, "性别", "男");
    assert_rejected(&report, 12, "技能等级", "高级技师");
    assert_eq!(report.rejected.len(), 9);
    // The rejected values are reported as the file has them.
    let r = report.rejected.iter().find(|r| r.row == 7).expect("row 7");
    assert_eq!(r.value, "不存在的专业");
    assert_eq!(graduates(&s).len(), 1);
}

#[test]
fn a_row_with_several_problems_names_them_all() {
    let mut s = store();
    let csv = format!(
        "姓名,学号,身份证号,专业,毕业年份\n,S001,{},{PROGRAM},1800\n",
        bad_id(1)
    );
    let report = run(&mut s, ImportKind::Graduates, &csv);
    assert_eq!(report.rejected.len(), 1);
    let r = &report.rejected[0];
    assert!(r.problems.len() >= 3, "{r:?}");
    assert!(r.reason.contains("另："), "{r:?}");
}

#[test]
fn a_file_without_the_key_column_is_refused_as_a_whole() {
    let mut s = store();
    let table = read_csv("姓名,专业\n张三,数控\n".as_bytes()).expect("csv");
    let err = import_table(
        &mut s,
        ImportKind::Graduates,
        &table,
        ImportOptions::default(),
        &mut |_, _| {},
    )
    .expect_err("no 学号 column");
    assert!(err.to_string().contains("学号"), "{err}");
    assert!(graduates(&s).is_empty());
}

#[test]
fn reimporting_changes_nothing_and_an_edited_file_updates() {
    let mut s = store();
    let csv = format!(
        "姓名,学号,身份证号,手机号码,专业,毕业年份,班级\n\
         张三,S001,{},13800138000,{PROGRAM},2025,机器人1班\n\
         李四,S002,{},,{PROGRAM},2025,机器人1班\n",
        id(1),
        id(2)
    );
    let first = run(&mut s, ImportKind::Graduates, &csv);
    assert_eq!((first.inserted, first.updated, first.unchanged), (2, 0, 0));
    let pending = s.pending_changes().expect("pending");
    let again = run(&mut s, ImportKind::Graduates, &csv);
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(
        s.pending_changes().expect("pending"),
        pending,
        "no change recorded"
    );
    let edited = csv.replace("机器人1班\n李四", "机器人2班\n李四");
    let third = run(&mut s, ImportKind::Graduates, &edited);
    assert_eq!((third.inserted, third.updated, third.unchanged), (0, 1, 1));
    let all = graduates(&s);
    assert_eq!(all.len(), 2);
    let zhang = all
        .iter()
        .find(|g| g.student_number == "S001")
        .expect("S001");
    assert_eq!(zhang.class_name.as_deref(), Some("机器人2班"));
    // An empty cell left the phone as it was.
    let edited_phone = edited.replace("13800138000", "");
    run(&mut s, ImportKind::Graduates, &edited_phone);
    assert_eq!(
        s.graduate("S001").expect("S001").phone.as_deref(),
        Some("13800138000")
    );
}

#[test]
fn strict_keeps_nothing_when_a_row_is_bad_and_dry_run_keeps_nothing_at_all() {
    let mut s = store();
    let pending = s.pending_changes().expect("pending");
    let csv = format!(
        "姓名,学号,身份证号,专业,毕业年份\n张三,S001,{},{PROGRAM},2025\n李四,S002,{},{PROGRAM},2025\n",
        id(1),
        bad_id(2)
    );
    let strict = run_with(
        &mut s,
        ImportKind::Graduates,
        &csv,
        ImportOptions {
            strict: true,
            dry_run: false,
        },
    );
    assert_eq!((strict.inserted, strict.rejected.len()), (0, 1));
    assert!(graduates(&s).is_empty());
    let dry = run_with(
        &mut s,
        ImportKind::Graduates,
        &csv,
        ImportOptions {
            strict: false,
            dry_run: true,
        },
    );
    assert_eq!(
        (dry.inserted, dry.rejected.len()),
        (1, 1),
        "what it would do"
    );
    assert!(graduates(&s).is_empty());
    assert_eq!(s.pending_changes().expect("pending"), pending);
    let real = run(&mut s, ImportKind::Graduates, &csv);
    assert_eq!(real.inserted, 1);
    assert_eq!(graduates(&s).len(), 1);
}

#[test]
fn an_exported_masked_file_imports_back_unchanged() {
    let mut s = store();
    let csv = format!(
        "姓名,学号,身份证号,手机号码,专业,毕业年份\n张三,S001,{},13800138000,{PROGRAM},2025\n",
        id(1)
    );
    run(&mut s, ImportKind::Graduates, &csv);
    let masked = csv
        .replace(
            &id(1),
            &xiaoqi_core::validate::id_number::mask_id_number(&id(1)),
        )
        .replace("13800138000", "138****8000");
    let report = run(&mut s, ImportKind::Graduates, &masked);
    assert_eq!(
        (report.unchanged, report.rejected.len()),
        (1, 0),
        "{report:?}"
    );
    // A masked number that is not the stored one's is refused, never saved.
    let other = masked.replace("S001", "S002");
    let report = run(&mut s, ImportKind::Graduates, &other);
    assert_rejected(&report, 2, "身份证号", "遮盖");
}

#[test]
fn programs_import_with_synonyms_and_reject_bad_levels() {
    let mut s = Store::open_in_memory().expect("store");
    let csv = "专业,代码,层次,学制（年）,系部,对口行业\n\
               数控加工,0126-4,高级工,3年,智能制造系,C、制造业\n\
               模具制造,0127-4,特级工,3,智能制造系,\n\
               汽车维修,0701-4,中级工,十,,\n";
    let report = run(&mut s, ImportKind::Programs, csv);
    assert_eq!(report.inserted, 1, "{report:?}");
    assert_rejected(&report, 3, "层次", "中级工");
    assert_rejected(&report, 4, "学制（年）", "年数");
    let p = s.program("数控加工").expect("program");
    assert_eq!(
        (p.length_years, p.industries.clone()),
        (3, vec!["C".to_string()])
    );
    let again = run(&mut s, ImportKind::Programs, csv);
    assert_eq!((again.inserted, again.unchanged), (0, 1));
}

#[test]
fn employers_match_by_credit_code_then_name_and_refuse_near_duplicates() {
    let mut s = Store::open_in_memory().expect("store");
    let csv = "单位名称,统一社会信用代码,单位性质,所属行业,所在城市\n\
               深圳市腾讯计算机系统有限公司,914403001922038216,民营企业,信息传输、软件和信息技术服务业,深圳市\n\
               东莞松湖智能装备有限公司,,外资企业,C,东莞\n\
               东莞松湖智能装备有限公司（分公司）,,国有企业,C,东莞\n\
               某某公司,91350100M000100Y44,其他企业,C,\n\
               某某二公司,,不知道,C,\n";
    let report = run(&mut s, ImportKind::Employers, csv);
    assert_eq!(report.inserted, 2, "{report:?}");
    assert_rejected(&report, 4, "单位名称", "可能与已有单位");
    assert_rejected(&report, 5, "统一社会信用代码", "校验");
    assert_rejected(&report, 6, "单位性质", "");
    let t = s.employer("914403001922038216").expect("by code");
    assert_eq!(
        (t.employer_type.as_deref(), t.industry.as_deref()),
        (Some("39"), Some("I"))
    );
    let d = s.employer("东莞松湖智能装备有限公司").expect("by name");
    assert_eq!(d.employer_type.as_deref(), Some("32"));
    // Renamed in the file: matched by its credit code, so the name is updated, not duplicated.
    let renamed = "单位名称,统一社会信用代码\n腾讯科技（深圳）有限公司,914403001922038216\n";
    let report = run(&mut s, ImportKind::Employers, renamed);
    assert_eq!(report.updated, 1, "{report:?}");
    assert_eq!(
        s.employer("914403001922038216").expect("code").name,
        "腾讯科技（深圳）有限公司"
    );
    // A code added to an employer known by name only.
    let with_code = "单位名称,统一社会信用代码\n东莞松湖智能装备有限公司,91350100M000100Y43\n";
    let report = run(&mut s, ImportKind::Employers, with_code);
    assert_eq!(report.updated, 1, "{report:?}");
    assert_eq!(
        s.employers(&Default::default()).expect("list").items.len(),
        2
    );
}

fn placement_setup() -> Store {
    let mut s = store();
    let csv = format!(
        "姓名,学号,身份证号,专业,毕业年份\n张三,S001,{},{PROGRAM},2025\n李四,S002,{},{PROGRAM},2025\n王五,S003,{},{PROGRAM},2025\n赵六,S004,{},{PROGRAM},2025\n钱七,S005,{},{PROGRAM},2025\n",
        id(1),
        id(2),
        id(3),
        id(4),
        id(5)
    );
    run(&mut s, ImportKind::Graduates, &csv);
    s.create_employer(&EmployerInput {
        name: Some("东莞松湖智能装备有限公司".into()),
        credit_code: Some("914403001922038216".into()),
        ..Default::default()
    })
    .expect("employer");
    s
}

#[test]
fn placements_need_an_employer_for_10_11_12_271_and_name_existing_records() {
    let mut s = placement_setup();
    let csv = "学号,姓名,毕业去向代码,单位名称,统一社会信用代码,岗位,起薪（元/月）,是否对口\n\
               S001,张三,11,东莞松湖智能装备有限公司,,机器人运维,5800,是\n\
               S002,李四,10,,,,,\n\
               S003,王五,12,,,,4000,\n\
               S004,赵六,271,,,,,\n\
               S009,无名,11,东莞松湖智能装备有限公司,,,,\n\
               S005,张三,70,,,,,\n";
    let report = run(&mut s, ImportKind::Placements, csv);
    assert_eq!(report.inserted, 1, "{report:?}");
    assert_rejected(&report, 3, "单位名称", "需要填写单位名称");
    assert_rejected(&report, 4, "单位名称", "需要填写单位名称");
    assert_rejected(&report, 5, "单位名称", "需要填写单位名称");
    assert_rejected(&report, 6, "学号", "没有学号为 S009");
    assert_rejected(&report, 7, "姓名", "不符");
    let unknown = "学号,毕业去向代码,单位名称,统一社会信用代码\n\
                   S002,11,不存在的公司,\n\
                   S003,11,,914403001922038210\n\
                   S004,99,,\n";
    let report = run(&mut s, ImportKind::Placements, unknown);
    assert_eq!(report.inserted, 0, "{report:?}");
    assert_rejected(&report, 2, "单位名称", "不存在的公司");
    assert_rejected(&report, 3, "统一社会信用代码", "校验");
    assert_rejected(&report, 4, "毕业去向代码", "99");
    let p = s
        .placement(
            &s.current_placement_id(&s.graduate("S001").expect("g").id)
                .expect("q")
                .expect("p"),
        )
        .expect("placement");
    assert_eq!(
        (p.salary, p.in_field, p.position_title.as_deref()),
        (Some(5800), Some(true), Some("机器人运维"))
    );
}

#[test]
fn placements_by_name_or_code_76_75_and_further_study_need_no_employer() {
    let mut s = placement_setup();
    let csv = "学号,毕业去向,统一社会信用代码,月薪,专业对口\n\
               S001,11 签劳动合同形式就业,914403001922038216,6000,否\n\
               S002,自由职业,,3000,\n\
               S003,75,,,\n\
               S004,801,,,\n";
    let report = run(&mut s, ImportKind::Placements, csv);
    assert_eq!(report.inserted, 4, "{report:?}");
    let first = s
        .placement(
            &s.current_placement_id(&s.graduate("S001").expect("g").id)
                .expect("q")
                .expect("p"),
        )
        .expect("placement");
    assert_eq!(first.employer.as_deref(), Some("东莞松湖智能装备有限公司"));
    assert_eq!(first.destination_code, "11");
    let code_76 = s
        .placement(
            &s.current_placement_id(&s.graduate("S002").expect("g").id)
                .expect("q")
                .expect("p"),
        )
        .expect("placement");
    assert_eq!(code_76.destination_code, "76");
    // The same file again changes nothing; a new destination for S004 keeps the old one as history.
    let again = run(&mut s, ImportKind::Placements, csv);
    assert_eq!((again.unchanged, again.rejected.len()), (4, 0), "{again:?}");
    let moved = "学号,毕业去向代码,单位名称\nS004,11,东莞松湖智能装备有限公司\n";
    let report = run(&mut s, ImportKind::Placements, moved);
    assert_eq!(report.updated, 1, "{report:?}");
    let history = s
        .placements(&xiaoqi_core::model::PlacementQuery {
            graduate_id: Some(s.graduate("S004").expect("g").id),
            include_history: true,
            ..Default::default()
        })
        .expect("history");
    assert_eq!(history.items.len(), 2);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn gbk_and_utf8_bom_csv_files_both_import() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!(
        "姓名,学号,身份证号,专业,毕业年份,班级\r\n张三,S001,{},{PROGRAM},2025,机器人1班\r\n",
        id(1)
    );
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(
        text.replace("S001", "S002")
            .replace(&id(1), &id(2))
            .as_bytes(),
    );
    for (name, bytes, number) in [("gbk.csv", gbk.to_vec(), "S001"), ("bom.csv", bom, "S002")] {
        let mut s = store();
        let path = write(dir.path(), name, &bytes);
        let report = import_file(
            &mut s,
            ImportKind::Graduates,
            &path,
            ImportOptions::default(),
            &mut |_, _| {},
        )
        .expect("import");
        assert_eq!(report.inserted, 1, "{name}: {report:?}");
        let g = s.graduate(number).expect("graduate");
        assert_eq!(
            (g.name.as_str(), g.class_name.as_deref()),
            ("张三", Some("机器人1班")),
            "{name}"
        );
    }
}

#[test]
fn an_xlsx_whose_id_cells_are_numbers_names_the_lost_digits() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("毕业生.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["姓名", "学号", "身份证号", "专业", "毕业年份"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    // Row 2: the ID typed into a General cell, as Excel keeps it: a number.
    ws.write_string(1, 0, "张三").expect("cell");
    ws.write_number(1, 1, 2_021_001.0).expect("cell");
    ws.write_number(1, 2, 441_900_200_501_011_000.0)
        .expect("cell");
    ws.write_string(1, 3, PROGRAM).expect("cell");
    ws.write_number(1, 4, 2025.0).expect("cell");
    // Row 3: the same graduate's ID kept as text.
    ws.write_string(2, 0, "李四").expect("cell");
    ws.write_number(2, 1, 2_021_002.0).expect("cell");
    ws.write_string(2, 2, id(2)).expect("cell");
    ws.write_string(2, 3, PROGRAM).expect("cell");
    ws.write_number(2, 4, 2025.0).expect("cell");
    book.save(&path).expect("save");
    let mut s = store();
    let report = import_file(
        &mut s,
        ImportKind::Graduates,
        &path,
        ImportOptions::default(),
        &mut |_, _| {},
    )
    .expect("import");
    assert_eq!(report.inserted, 1, "{report:?}");
    assert_rejected(&report, 2, "身份证号", "4.41900200501011E+17");
    assert_eq!(report.rejected[0].value, "4.41900200501011E+17");
    // A student number stored as a number reads back whole.
    assert_eq!(s.graduate("2021002").expect("graduate").name, "李四");
}

#[test]
fn unreadable_files_are_refused_before_anything_is_touched() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = store();
    let fake = write(dir.path(), "not.xlsx", b"this is not a workbook");
    let err = import_file(
        &mut s,
        ImportKind::Graduates,
        &fake,
        ImportOptions::default(),
        &mut |_, _| {},
    )
    .expect_err("not a workbook");
    assert_eq!(err.code(), "error.file");
    let binary = write(dir.path(), "bad.csv", &[0xFF, 0xFE, 0x00, 0xD8, 0x00]);
    let err = import_file(
        &mut s,
        ImportKind::Graduates,
        &binary,
        ImportOptions::default(),
        &mut |_, _| {},
    )
    .expect_err("bad bytes");
    assert_eq!(err.code(), "error.file");
    let missing = dir.path().join("missing.csv");
    assert!(
        import_file(
            &mut s,
            ImportKind::Graduates,
            &missing,
            ImportOptions::default(),
            &mut |_, _| {}
        )
        .is_err()
    );
    assert!(graduates(&s).is_empty());
}

#[test]
fn the_template_of_each_kind_imports_as_its_own_headers() {
    let dir = tempfile::tempdir().expect("dir");
    for kind in ImportKind::ALL {
        let path = dir.path().join(format!("{}.xlsx", kind.as_str()));
        xiaoqi_core::sheet::write_xlsx(&path, &xiaoqi_core::import::template_xlsx(kind))
            .expect("template");
        let table = xiaoqi_core::sheet::read_table(&path).expect("read back");
        let headers: Vec<String> = table.rows[0].cells.iter().map(|c| c.display()).collect();
        let labels: Vec<&str> = kind.columns().iter().map(|c| c.label).collect();
        assert_eq!(headers, labels, "{kind:?}");
        let mut s = store();
        let report = import_table(
            &mut s,
            kind,
            &table,
            ImportOptions::default(),
            &mut |_, _| {},
        )
        .expect("an empty template imports nothing");
        assert_eq!(report, ImportReport::default());
    }
}
