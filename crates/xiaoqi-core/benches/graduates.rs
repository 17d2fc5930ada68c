//! Graduate list speed with 50,000 graduates in a real SQLite file: a filtered, sorted 50-row
//! page and a pinyin-initials search through the store, each beside a hand-written prepared
//! statement over the same rows. Prints p50/p95 first (the yardstick), then runs
//! criterion. `make bench` runs it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use xiaoqi_core::Store;
use xiaoqi_core::model::{GraduateQuery, GraduateSort};

const PER_CLASS: usize = 1_283; // 13 classes × 3 cohorts × 1,283 ≈ 50,000 graduates

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("bench.db")).expect("open");
    let summary = xiaoqi_core::demo::seed_sized(&mut store, false, PER_CLASS).expect("seed");
    eprintln!("fixture: {} graduates in a SQLite file", summary.graduates);
    Fixture { _dir: dir, store }
}

fn page_query() -> GraduateQuery {
    GraduateQuery {
        cohort: Some(2024),
        sort: GraduateSort::Name,
        offset: Some(100),
        limit: Some(50),
        ..Default::default()
    }
}

fn search_query() -> GraduateQuery {
    GraduateQuery {
        search: Some("zs".into()),
        limit: Some(50),
        ..Default::default()
    }
}

const PLAIN_PAGE: &str = "SELECT g.id, g.name, g.gender, g.student_number, g.id_number, g.phone, g.program_id, p.name,
        g.cohort, g.class_name, g.homeroom_teacher, g.skill_level, g.notes, g.created_at, g.updated_at
    FROM graduates g JOIN programs p ON p.id = g.program_id
    WHERE g.college_id = ?1 AND g.deleted_at IS NULL AND g.cohort = ?2
    ORDER BY g.name_pinyin, g.student_number LIMIT 50 OFFSET 100";

const PLAIN_SEARCH: &str = "SELECT g.id, g.name, g.gender, g.student_number, g.id_number, g.phone, g.program_id, p.name,
        g.cohort, g.class_name, g.homeroom_teacher, g.skill_level, g.notes, g.created_at, g.updated_at
    FROM graduates g JOIN programs p ON p.id = g.program_id
    WHERE g.college_id = ?1 AND g.deleted_at IS NULL AND g.name_initials >= ?2 AND g.name_initials < ?3
    ORDER BY g.name_pinyin, g.student_number LIMIT 50";

fn plain_rows(stmt: &mut rusqlite::CachedStatement<'_>, params: impl rusqlite::Params) -> usize {
    let rows = stmt
        .query_map(params, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(7)?,
            ))
        })
        .expect("query");
    rows.count()
}

fn percentiles(mut f: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..50 {
        f();
    }
    let mut samples: Vec<Duration> = (0..1_000)
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
    let college = s.college_id().to_string();
    let conn = s.connection();
    let store_page = || black_box(s.graduates(&page_query()).expect("page"));
    let store_search = || black_box(s.graduates(&search_query()).expect("search"));
    let lines = [
        (
            "page (cohort filter, name sort, 50 rows) — store",
            percentiles(|| drop(store_page())),
        ),
        (
            "page, total not yet cached (new filter) — store",
            percentiles(|| {
                s.clear_caches();
                drop(store_page())
            }),
        ),
        (
            "page — plain prepared statement",
            percentiles(|| {
                let mut stmt = conn.prepare_cached(PLAIN_PAGE).expect("prepare");
                black_box(plain_rows(&mut stmt, (&college, 2024)));
            }),
        ),
        (
            "search \"zs\" (pinyin initials, 50 rows) — store",
            percentiles(|| drop(store_search())),
        ),
        (
            "search, total not yet cached — store",
            percentiles(|| {
                s.clear_caches();
                drop(store_search())
            }),
        ),
        (
            "search — plain prepared statement",
            percentiles(|| {
                let mut stmt = conn.prepare_cached(PLAIN_SEARCH).expect("prepare");
                black_box(plain_rows(&mut stmt, (&college, "zs", "zt")));
            }),
        ),
    ];
    println!(
        "\n{:<55} {:>10} {:>10}",
        "graduate list, 50,000 graduates", "p50", "p95"
    );
    for (name, (p50, p95)) in &lines {
        println!(
            "{name:<55} {:>8.3}ms {:>8.3}ms",
            p50.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3
        );
    }
    let ratio = |a: usize, b: usize| lines[a].1.1.as_secs_f64() / lines[b].1.1.as_secs_f64();
    println!(
        "p95 ratio store/plain: page {:.2}× ({:.2}× uncached), search {:.2}× ({:.2}× uncached)\n",
        ratio(0, 2),
        ratio(1, 2),
        ratio(3, 5),
        ratio(4, 5)
    );
}

fn main() {
    let fx = fixture();
    report(&fx);
    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(3));
    let s = &fx.store;
    c.bench_function("graduates/page_filter_sort", |b| {
        b.iter(|| s.graduates(&page_query()).expect("page"))
    });
    c.bench_function("graduates/search_initials", |b| {
        b.iter(|| s.graduates(&search_query()).expect("search"))
    });
    c.final_summary();
}
