//! The graduation season at scale, in a real SQLite file: 50,000 graduates in classes of 40,
//! 60,000 placements, 3,000 employers, and 20 fairs × 500 positions × 10,000 applications.
//! Measures a teacher's class view, a fair's funnel figures and the employer duplicate check on
//! save, printing p50/p95 first (the yardstick), then running criterion. `make bench`
//! runs it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use xiaoqi_core::Store;
use xiaoqi_core::model::*;

const COHORTS: [i32; 3] = [2023, 2024, 2025];
const CLASS_SIZE: usize = 40;
const GRADUATES: usize = 50_000;
const EMPLOYERS: usize = 3_000;
const PLACEMENTS: usize = 60_000;
const FAIRS: usize = 20;
const POSITIONS_PER_FAIR: usize = 500;
const APPLICATIONS_PER_FAIR: usize = 10_000;

const CITIES: [&str; 10] = [
    "东莞", "广州", "深圳", "佛山", "中山", "珠海", "惠州", "江门", "肇庆", "清远",
];
const WORDS: [&str; 20] = [
    "智造",
    "精密",
    "机器人",
    "数控",
    "智能",
    "自动化",
    "电子",
    "新能源",
    "视觉",
    "云联",
    "光电",
    "模具",
    "汽车",
    "物流",
    "信息",
    "数据",
    "芯片",
    "材料",
    "装备",
    "传感",
];
const TAILS: [&str; 15] = [
    "科技", "技术", "装备", "工业", "实业", "制造", "电气", "网络", "软件", "设备", "机械", "动力",
    "系统", "工程", "控制",
];

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    class: (i32, String),
    fair: String,
}

fn employer_name(i: usize) -> String {
    format!(
        "{}市{}{}{}有限公司",
        CITIES[i % CITIES.len()],
        WORDS[(i / CITIES.len()) % WORDS.len()],
        TAILS[(i / (CITIES.len() * WORDS.len())) % TAILS.len()],
        if i >= 3_000 {
            format!("{}号", i)
        } else {
            String::new()
        }
    )
}

fn fixture() -> Fixture {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("season.db")).expect("open");
    store
        .atomically(|s| {
            let programs = [
                "工业机器人应用与维护",
                "人工智能技术应用",
                "数控加工",
                "机电一体化技术",
                "电气自动化设备安装与维修",
            ];
            for p in programs {
                s.create_program(&ProgramInput {
                    name: Some(p.into()),
                    level: Some(TrainingLevel::Advanced),
                    length_years: Some(3),
                    industries: Some(vec!["C".into()]),
                    position_keywords: Some(vec!["机器人".into(), "数控".into()]),
                    ..Default::default()
                })?;
            }
            for i in 0..GRADUATES {
                let cohort = COHORTS[i % COHORTS.len()];
                let class = i / (CLASS_SIZE * COHORTS.len());
                s.create_graduate(&GraduateInput {
                    name: Some(format!("学生{i}")),
                    student_number: Some(format!("S{i:06}")),
                    program: Some(programs[class % programs.len()].into()),
                    cohort: Some(cohort),
                    class_name: Some(format!("{cohort}届{class}班")),
                    ..Default::default()
                })?;
            }
            for i in 0..EMPLOYERS {
                s.create_employer(&EmployerInput {
                    name: Some(employer_name(i)),
                    industry: Some(if i % 3 == 0 { "I" } else { "C" }.into()),
                    city: Some(format!("{}市", CITIES[i % CITIES.len()])),
                    accept_warnings: Some(true),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .expect("graduates and employers");
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
    // 60,000 placements: every graduate one destination, 10,000 of them a second (history).
    store
        .atomically(|s| {
            for i in 0..PLACEMENTS {
                let g = &graduates[i % graduates.len()];
                let code = ["11", "10", "12", "76", "70"][i % 5];
                s.record_placement(&PlacementInput {
                    graduate_id: Some(g.clone()),
                    destination_code: Some(code.into()),
                    employer_id: (code != "70").then(|| employers[i % employers.len()].clone()),
                    position_title: Some("机器人运维".into()),
                    salary: Some(3000 + (i % 50) as i32 * 100),
                    verified_by: (i % 3 == 0).then(|| "陈老师".into()),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .expect("placements");
    // 20 fairs × 500 positions × 10,000 applications.
    let mut fair_ids = Vec::new();
    for f in 0..FAIRS {
        let fair = store
            .create_fair(&FairInput {
                name: Some(format!("双选会{f}")),
                start_date: Some("2025-05-07".into()),
                end_date: Some("2025-05-21".into()),
                mode: Some(FairMode::Hybrid),
                ..Default::default()
            })
            .expect("fair");
        store
            .atomically(|s| {
                let mut positions = Vec::new();
                for p in 0..POSITIONS_PER_FAIR {
                    positions.push(
                        s.create_position(&PositionInput {
                            fair_id: Some(fair.id.clone()),
                            employer_id: Some(employers[(f * 131 + p) % employers.len()].clone()),
                            title: Some(format!("岗位{p}")),
                            headcount: Some(5),
                            programs: Some(vec!["工业机器人应用与维护".into()]),
                            ..Default::default()
                        })?
                        .id,
                    );
                }
                for a in 0..APPLICATIONS_PER_FAIR {
                    let status = [
                        ApplicationStatus::Applied,
                        ApplicationStatus::Interviewed,
                        ApplicationStatus::Intention,
                        ApplicationStatus::Declined,
                    ][a % 4];
                    s.create_application(&ApplicationInput {
                        position_id: Some(positions[a % positions.len()].clone()),
                        graduate_id: Some(graduates[(f * 977 + a * 7) % graduates.len()].clone()),
                        status: Some(status),
                        ..Default::default()
                    })?;
                }
                Ok(())
            })
            .expect("positions and applications");
        fair_ids.push(fair.id);
    }
    let counts: Vec<i64> = [
        "graduates",
        "placements",
        "employers",
        "fairs",
        "positions",
        "applications",
    ]
    .iter()
    .map(|t| {
        store
            .connection()
            .query_row(
                &format!("SELECT count(*) FROM {t} WHERE deleted_at IS NULL"),
                [],
                |r| r.get(0),
            )
            .expect("count")
    })
    .collect();
    eprintln!(
        "fixture in {:.0} s: {} graduates, {} placements, {} employers, {} fairs, {} positions, {} applications",
        started.elapsed().as_secs_f64(),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        counts[5]
    );
    Fixture {
        _dir: dir,
        store,
        class: (2024, "2024届300班".into()),
        fair: fair_ids[FAIRS / 2].clone(),
    }
}

fn percentiles(mut f: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..30 {
        f();
    }
    let mut samples: Vec<Duration> = (0..500)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    samples.sort();
    (
        samples[samples.len() / 2],
        samples[samples.len() * 95 / 100],
    )
}

fn report(fx: &Fixture) {
    let s = &fx.store;
    let (cohort, class) = &fx.class;
    let view = s.class_view(*cohort, class).expect("class");
    assert_eq!(
        view.total as usize, CLASS_SIZE,
        "the measured class has {} graduates",
        view.total
    );
    let lines = [
        (
            "teacher's class view (40 graduates)",
            percentiles(|| drop(black_box(s.class_view(*cohort, class).expect("class")))),
        ),
        (
            "fair funnel figures (10,000 applications)",
            percentiles(|| {
                black_box(s.fair_figures(&fx.fair).expect("figures"));
            }),
        ),
        (
            "fair figures by program",
            percentiles(|| {
                drop(black_box(
                    s.fair_program_figures(&fx.fair).expect("by program"),
                ))
            }),
        ),
        (
            "employer duplicate check on save (3,000 employers)",
            percentiles(|| {
                drop(black_box(
                    s.employer_duplicates(
                        Some("东莞市智造科技股份有限公司"),
                        Some("914419000000000000"),
                        None,
                    )
                    .expect("duplicates"),
                ))
            }),
        ),
    ];
    println!(
        "\n{:<55} {:>10} {:>10}",
        "graduation season at scale", "p50", "p95"
    );
    for (name, (p50, p95)) in &lines {
        println!(
            "{name:<55} {:>8.3}ms {:>8.3}ms",
            p50.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3
        );
    }
    println!();
}

fn main() {
    let fx = fixture();
    report(&fx);
    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(3));
    let s = &fx.store;
    let (cohort, class) = &fx.class;
    c.bench_function("season/class_view", |b| {
        b.iter(|| s.class_view(*cohort, class).expect("class"))
    });
    c.bench_function("season/fair_figures", |b| {
        b.iter(|| s.fair_figures(&fx.fair).expect("figures"))
    });
    c.bench_function("season/employer_duplicates", |b| {
        b.iter(|| {
            s.employer_duplicates(Some("东莞市智造科技股份有限公司"), None, None)
                .expect("dups")
        })
    });
    c.final_summary();
}
