//! Excel in and out and the official statistics at scale, in real SQLite files:
//! - importing a 10,000-row graduate .xlsx end to end, beside calamine's parse of the same file
//!   plus a plain prepared-statement insert of its rows into the same table (the floor);
//! - the employment indicators of a 5,000-graduate cohort and of all 50,000 graduates;
//! - exporting 50,000 graduates to .xlsx.
//!
//! Prints p50/p95 first (the yardstick), then runs criterion. `make bench` runs it.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::Criterion;
use rust_xlsxwriter::Workbook;
use xiaoqi_core::Store;
use xiaoqi_core::export::{ExportFilter, ExportKind};
use xiaoqi_core::import::{ImportKind, ImportOptions, import_file};
use xiaoqi_core::model::*;
use xiaoqi_core::sheet::read_table;
use xiaoqi_core::validate::id_number::id_check_char;

const PROGRAMS: [&str; 5] = [
    "工业机器人应用与维护",
    "人工智能技术应用",
    "数控加工",
    "机电一体化技术",
    "电气自动化设备安装与维修",
];
const COHORTS: i32 = 10;
const GRADUATES: usize = 50_000;
const IMPORT_ROWS: usize = 10_000;
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
];
const GIVEN: [&str; 10] = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰"];

/// A valid, unique ID number for `i` < 100,000.
fn id_number(i: usize) -> String {
    let first17 = format!("4419{:02}20050101{:03}", (i / 1000) % 100, i % 1000);
    format!("{first17}{}", id_check_char(first17.as_bytes()))
}

fn name(i: usize) -> String {
    format!(
        "{}{}{}",
        SURNAMES[i % SURNAMES.len()],
        GIVEN[(i / 12) % GIVEN.len()],
        GIVEN[(i / 120) % GIVEN.len()]
    )
}

fn with_programs(path: &Path) -> Store {
    let mut store = Store::open(path).expect("open");
    for p in PROGRAMS {
        store
            .create_program(&ProgramInput {
                name: Some(p.into()),
                level: Some(TrainingLevel::Advanced),
                length_years: Some(3),
                ..Default::default()
            })
            .expect("program");
    }
    store
}

/// 50,000 graduates in 10 cohorts of 5,000, 80 % with a destination.
fn statistics_fixture(dir: &Path) -> Store {
    let started = Instant::now();
    let mut store = with_programs(&dir.join("stats.db"));
    store
        .update_college(&CollegeInput {
            city: Some("东莞市".into()),
            min_wage: Some(2300),
            ..Default::default()
        })
        .expect("college");
    store
        .atomically(|s| {
            for i in 0..200 {
                s.create_employer(&EmployerInput {
                    name: Some(format!("东莞市第{i}精密制造有限公司")),
                    industry: Some(["C", "I", "E", "F"][i % 4].into()),
                    employer_type: Some(["39", "31", "32"][i % 3].into()),
                    city: Some(["东莞市", "深圳市", "广州市"][i % 3].into()),
                    accept_warnings: Some(true),
                    ..Default::default()
                })?;
            }
            for i in 0..GRADUATES {
                s.create_graduate(&GraduateInput {
                    name: Some(name(i)),
                    student_number: Some(format!("S{i:06}")),
                    program: Some(PROGRAMS[i % PROGRAMS.len()].into()),
                    cohort: Some(2016 + (i % COHORTS as usize) as i32),
                    class_name: Some(format!("{}班", i % 40)),
                    skill_level: (i % 3 != 0).then_some(SkillLevel::Level4),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .expect("graduates");
    let employers: Vec<String> = store
        .employers(&PartnerQuery::default())
        .expect("employers")
        .items
        .into_iter()
        .map(|e| e.id)
        .collect();
    let graduates: Vec<String> = store
        .graduates(&GraduateQuery::default())
        .expect("graduates")
        .items
        .into_iter()
        .map(|g| g.id)
        .collect();
    store
        .atomically(|s| {
            for (i, g) in graduates.iter().enumerate() {
                if i % 5 == 4 {
                    continue;
                }
                let code = ["11", "10", "12", "76", "75", "801", "70", "72", "11", "46"][i % 10];
                let employed_at = matches!(code, "10" | "11" | "12");
                s.record_placement(&PlacementInput {
                    graduate_id: Some(g.clone()),
                    destination_code: Some(code.into()),
                    employer_id: employed_at.then(|| employers[i % employers.len()].clone()),
                    salary: employed_at.then_some(3000 + (i % 60) as i32 * 100),
                    in_field: employed_at.then_some(i % 3 != 0),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .expect("placements");
    eprintln!(
        "fixture: 50,000 graduates, 40,000 placements in {:.1?}",
        started.elapsed()
    );
    store
}

/// A 10,000-row graduate workbook as a career office would fill it in.
fn import_file_fixture(dir: &Path) -> PathBuf {
    let path = dir.join("毕业生.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let headers = [
        "姓名",
        "性别",
        "学号",
        "身份证号",
        "手机号码",
        "专业",
        "毕业年份",
        "班级",
        "班主任",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for i in 0..IMPORT_ROWS {
        let r = (i + 1) as u32;
        ws.write_string(r, 0, name(i)).expect("cell");
        ws.write_string(r, 1, if i % 2 == 0 { "男" } else { "女" })
            .expect("cell");
        ws.write_string(r, 2, format!("2025{i:06}")).expect("cell");
        ws.write_string(r, 3, id_number(i)).expect("cell");
        ws.write_string(r, 4, format!("138{:08}", i)).expect("cell");
        ws.write_string(r, 5, PROGRAMS[i % PROGRAMS.len()])
            .expect("cell");
        ws.write_number(r, 6, 2025.0).expect("cell");
        ws.write_string(r, 7, format!("2022级{}班", i % 40))
            .expect("cell");
        ws.write_string(r, 8, "陈老师").expect("cell");
    }
    book.save(&path).expect("save");
    path
}

/// The floor: calamine's parse of the file and a plain prepared-statement insert of its rows
/// into the same `graduates` table (its indexes and triggers), in one transaction — what the
/// import does without checking, matching or recording changes.
fn plain_import(file: &Path, db: &Path) -> usize {
    let table = read_table(file).expect("read");
    let mut conn = rusqlite::Connection::open(db).expect("open");
    // The settings the store's connection uses.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32000;",
    )
    .expect("pragmas");
    let college: String = conn
        .query_row("SELECT id FROM colleges", [], |r| r.get(0))
        .expect("college");
    let programs: std::collections::HashMap<String, String> = conn
        .prepare("SELECT name, id FROM programs")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("programs")
        .collect::<rusqlite::Result<_>>()
        .expect("programs");
    let now = xiaoqi_core::clock::now();
    let tx = conn.transaction().expect("tx");
    {
        let mut stmt = tx
            .prepare(
                "INSERT INTO graduates (id, college_id, name, gender, student_number, id_number, phone,
                    program_id, cohort, class_name, homeroom_teacher, created_at, updated_at,
                    name_initials, name_pinyin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14)",
            )
            .expect("prepare");
        for row in &table.rows[1..] {
            let v: Vec<String> = (0..9).map(|c| row.cell(c).display()).collect();
            // The same index content as the app stores: the name's search keys too.
            let keys = xiaoqi_core::search::PinyinKeys::of(&v[0]);
            stmt.execute(rusqlite::params![
                xiaoqi_core::clock::new_id(),
                college,
                v[0],
                v[1],
                v[2],
                v[3],
                v[4],
                programs[&v[5]],
                v[6].parse::<i64>().expect("cohort"),
                v[7],
                v[8],
                now,
                keys.initials,
                keys.full
            ])
            .expect("insert");
        }
    }
    tx.commit().expect("commit");
    table.rows.len() - 1
}

fn percentiles(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    f();
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    samples.sort();
    (
        samples[samples.len() / 2],
        samples[(samples.len() * 95 / 100).min(samples.len() - 1)],
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let dir = tempfile::tempdir().expect("dir");
    let file = import_file_fixture(dir.path());

    // Import: each run on a new database holding the programs (made outside the timing).
    let mut n = 0;
    let mut import_samples = Vec::new();
    let mut plain_samples = Vec::new();
    for run in 0..8 {
        let mut store = with_programs(&dir.path().join(format!("import{run}.db")));
        let t = Instant::now();
        let report = import_file(
            &mut store,
            ImportKind::Graduates,
            &file,
            ImportOptions::default(),
            &mut |_, _| {},
        )
        .expect("import");
        import_samples.push(t.elapsed());
        assert_eq!(
            (report.inserted as usize, report.rejected.len()),
            (IMPORT_ROWS, 0),
            "{:?}",
            report.rejected.first()
        );
        let plain_db = dir.path().join(format!("plain{run}.db"));
        drop(with_programs(&plain_db));
        let t = Instant::now();
        n += plain_import(&file, &plain_db);
        plain_samples.push(t.elapsed());
    }
    assert_eq!(n, IMPORT_ROWS * 8);
    import_samples.sort();
    plain_samples.sort();
    let (imp, plain) = (
        import_samples[import_samples.len() / 2],
        plain_samples[plain_samples.len() / 2],
    );
    println!(
        "\nimport of a 10,000-row graduate .xlsx (median of 8 runs, each into a new database)"
    );
    println!(
        "  xiaoqi import, end to end     {:>8.1} ms  (slowest {:.1} ms)",
        ms(imp),
        ms(import_samples[7])
    );
    println!(
        "  calamine parse + plain insert {:>8.1} ms  (same table, indexes and triggers)",
        ms(plain)
    );
    println!(
        "  ratio                         {:>8.2}×",
        imp.as_secs_f64() / plain.as_secs_f64()
    );

    let store = statistics_fixture(dir.path());
    let (c50, c95) = percentiles(200, || {
        black_box(store.employment_report(Some(2020), None).expect("report"));
    });
    let (a50, a95) = percentiles(50, || {
        black_box(store.employment_report(None, None).expect("report"));
    });
    println!("\nemployment indicators                 p50        p95");
    println!(
        "  one cohort, 5,000 graduates   {:>8.2} ms {:>8.2} ms",
        ms(c50),
        ms(c95)
    );
    println!(
        "  all 50,000 graduates          {:>8.2} ms {:>8.2} ms",
        ms(a50),
        ms(a95)
    );

    let out = dir.path().join("export.xlsx");
    let (e50, e95) = percentiles(5, || {
        let rows = xiaoqi_core::export::export(
            &store,
            ExportKind::Graduates,
            &ExportFilter::default(),
            false,
            &out,
            None,
        )
        .expect("export");
        assert_eq!(rows as usize, GRADUATES);
    });
    println!(
        "\nexport of 50,000 graduates to .xlsx: p50 {:.0} ms, p95 {:.0} ms\n",
        ms(e50),
        ms(e95)
    );

    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(3));
    c.bench_function("statistics/cohort_5000", |b| {
        b.iter(|| store.employment_report(Some(2020), None).expect("report"))
    });
    c.bench_function("statistics/all_50000", |b| {
        b.iter(|| store.employment_report(None, None).expect("report"))
    });
    c.final_summary();
}
