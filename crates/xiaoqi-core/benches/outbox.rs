//! What the outbox costs a local write: the same graduate rows written (a) by a plain prepared
//! INSERT of the same columns (the floor), (b) by `change::apply` alone and (c) by `change::apply`
//! plus its outbox entry — the store's path, the one sync relies on. Each write is its own
//! transaction, as a saved form is; then the same in one transaction of 10,000 (an import).
//! The issue asks (c) ≤ 1.5 × (a). Prints the figures, then runs criterion. `make bench` runs it.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use criterion::Criterion;
use rusqlite::Connection;
use serde_json::{Value, json};
use xiaoqi_core::change::{self, Change, Op};
use xiaoqi_core::search::PinyinKeys;
use xiaoqi_core::{Store, outbox};

const ROWS: usize = 10_000;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    college: String,
    program: String,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("outbox.db")).expect("open");
    let program = store
        .create_program(&xiaoqi_core::model::ProgramInput {
            name: Some("工业机器人应用与维护".into()),
            level: Some(xiaoqi_core::model::TrainingLevel::Advanced),
            length_years: Some(3),
            ..Default::default()
        })
        .expect("program")
        .id;
    let college = store.college_id().to_string();
    Fixture {
        _dir: dir,
        store,
        college,
        program,
    }
}

fn columns(f: &Fixture, i: usize) -> BTreeMap<String, Value> {
    serde_json::from_value(json!({
        "college_id": f.college, "name": format!("学生{i}"), "student_number": format!("S{i:07}"),
        "program_id": f.program, "cohort": 2025, "class_name": format!("2025届{}班", i % 40),
        "phone": format!("138{i:08}"), "created_at": "2026-11-29T08:00:00.000Z",
        "updated_at": "2026-11-29T08:00:00.000Z", "deleted_at": null
    }))
    .expect("columns")
}

/// Writes `ROWS` rows starting at `from` (`per_tx`: a transaction per row, else one for all)
/// and returns the time per row.
fn run(f: &Fixture, from: usize, per_tx: bool, write: &dyn Fn(&Connection, usize)) -> Duration {
    let conn = f.store.connection();
    let t = Instant::now();
    if !per_tx {
        conn.execute_batch("BEGIN").expect("begin");
    }
    for i in from..from + ROWS {
        if per_tx {
            conn.execute_batch("BEGIN").expect("begin");
        }
        write(conn, i);
        if per_tx {
            conn.execute_batch("COMMIT").expect("commit");
        }
    }
    if !per_tx {
        conn.execute_batch("COMMIT").expect("commit");
    }
    t.elapsed() / ROWS as u32
}

fn main() {
    let f = fixture();
    let plain = |conn: &Connection, i: usize| {
        let c = columns(&f, i);
        let keys = PinyinKeys::of(c["name"].as_str().unwrap_or_default());
        conn.prepare_cached(
            "INSERT INTO graduates (id, college_id, name, student_number, program_id, cohort, class_name, phone, \
             created_at, updated_at, deleted_at, name_initials, name_pinyin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .expect("prepare")
        .execute(rusqlite::params![
            format!("plain-{i}"), c["college_id"].as_str(), c["name"].as_str(), c["student_number"].as_str(),
            c["program_id"].as_str(), 2025, c["class_name"].as_str(), c["phone"].as_str(),
            c["created_at"].as_str(), c["updated_at"].as_str(), Option::<String>::None, keys.initials, keys.full
        ])
        .expect("insert");
    };
    let change = |i: usize| Change {
        table: "graduates".into(),
        row_id: format!("change-{i}"),
        op: Op::Insert,
        columns: columns(&f, i),
    };
    let apply = |conn: &Connection, i: usize| change::apply(conn, &change(i)).expect("apply");
    let with_outbox = |conn: &Connection, i: usize| {
        let c = change(i);
        change::apply(conn, &c).expect("apply");
        outbox::append(conn, &c, None).expect("outbox");
    };
    // What Store::write does since users and the audit log: the outbox entry carries the
    // actor's name, and an audit entry (hash-chained) names the record and its columns.
    let actor = xiaoqi_core::model::Actor::system();
    let with_audit = |conn: &Connection, i: usize| {
        let c = change(i);
        change::apply(conn, &c).expect("apply");
        outbox::append(conn, &c, Some(&actor.name)).expect("outbox");
        let fields = c.columns.keys().cloned();
        let event = xiaoqi_core::audit::Event::new(xiaoqi_core::audit::Action::Insert)
            .record(&c.table, &c.row_id)
            .fields(fields);
        xiaoqi_core::audit::append(conn, &actor, &event).expect("audit");
    };
    let mut offset = 0;
    let mut next = || {
        offset += ROWS;
        offset
    };
    for (label, per_tx) in [
        ("a transaction per write", true),
        ("10,000 writes in one transaction", false),
    ] {
        // Interleaved rounds, the median of each: the machine's noise hits all three alike.
        let mut times: [Vec<Duration>; 4] = Default::default();
        for _ in 0..5 {
            times[0].push(run(&f, next(), per_tx, &plain));
            times[1].push(run(&f, next(), per_tx, &apply));
            times[2].push(run(&f, next(), per_tx, &with_outbox));
            times[3].push(run(&f, next(), per_tx, &with_audit));
        }
        let median = |v: &mut Vec<Duration>| {
            v.sort();
            v[v.len() / 2]
        };
        let [a, b, c, d] = &mut times;
        let (a, b, c, d) = (median(a), median(b), median(c), median(d));
        println!(
            "{label}: plain INSERT {:.1} µs, change::apply {:.1} µs, apply + outbox {:.1} µs = {:.2}× plain (issue: ≤ 1.5×), + audit entry {:.1} µs = {:.2}× plain",
            a.as_secs_f64() * 1e6,
            b.as_secs_f64() * 1e6,
            c.as_secs_f64() * 1e6,
            c.as_secs_f64() / a.as_secs_f64(),
            d.as_secs_f64() * 1e6,
            d.as_secs_f64() / a.as_secs_f64()
        );
    }
    let mut c = Criterion::default().configure_from_args().sample_size(20);
    let mut i = 10_000_000;
    c.bench_function("write with outbox entry (own transaction)", |b| {
        b.iter(|| {
            i += 1;
            let conn = f.store.connection();
            conn.execute_batch("BEGIN").expect("begin");
            with_outbox(conn, i);
            conn.execute_batch("COMMIT").expect("commit");
        })
    });
    c.final_summary();
}
