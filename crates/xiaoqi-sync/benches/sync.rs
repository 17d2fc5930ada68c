//! Sync at scale over loopback HTTP against the real server router (SQLite backend, a file):
//! - the first sync of a college with 50,000 graduates and 60,000 placements into an empty
//!   device, end to end (rows/s; the issue asks ≥ 50,000);
//! - a sync round trip with 100 waiting edits (p50/p95; ≤ 100 ms);
//! - 150 devices of 150 colleges each pushing 1,000 edits at once, 100 per push: total edits/s
//!   (≥ 20,000) and the p99 push latency (≤ 1 s).
//!
//! Prints its figures, then runs criterion on the round trip. `make bench` runs it.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::Criterion;
use serde_json::json;
use xiaoqi_core::Store;
use xiaoqi_core::model::{
    EmployerInput, GraduateInput, PlacementInput, ProgramInput, TrainingLevel,
};
use xiaoqi_protocol::{Mutation, Op, PushRequest};
use xiaoqi_server::storage::Storage;
use xiaoqi_server::storage::sqlite::SqliteStorage;
use xiaoqi_sync::Client;

/// The allocator the app, the CLI and the server use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GRADUATES: usize = 50_000;
const PLACEMENTS: usize = 60_000;
const DEVICES: usize = 150;
const EDITS: usize = 1_000;
const PER_PUSH: usize = 100;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Serves the router on a loopback port; returns its address.
fn serve(rt: &tokio::runtime::Runtime, storage: SqliteStorage) -> String {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    rt.spawn(async move {
        let _ = axum::serve(listener, xiaoqi_server::router(storage)).await;
    });
    url
}

/// A college device with 50,000 graduates and 60,000 placements (10,000 graduates with a
/// second, later destination).
fn source(path: &Path) -> Store {
    let mut store = Store::open(path).expect("open");
    let programs = [
        "工业机器人应用与维护",
        "人工智能技术应用",
        "数控加工",
        "机电一体化技术",
        "电气自动化设备安装与维修",
    ];
    let mut graduates = Vec::with_capacity(GRADUATES);
    let mut employers = Vec::new();
    store
        .atomically(|s| {
            for p in programs {
                s.create_program(&ProgramInput {
                    name: Some(p.into()),
                    level: Some(TrainingLevel::Advanced),
                    length_years: Some(3),
                    ..Default::default()
                })?;
            }
            for i in 0..300 {
                employers.push(
                    s.create_employer(&EmployerInput {
                        name: Some(format!("广州第{i}智能制造有限公司")),
                        industry: Some("C".into()),
                        city: Some("广州市".into()),
                        accept_warnings: Some(true),
                        ..Default::default()
                    })?
                    .id,
                );
            }
            for i in 0..GRADUATES {
                let cohort = 2016 + (i % 10) as i32;
                graduates.push(
                    s.create_graduate(&GraduateInput {
                        name: Some(format!("学生{i}")),
                        student_number: Some(format!("S{i:06}")),
                        program: Some(programs[i % programs.len()].into()),
                        cohort: Some(cohort),
                        class_name: Some(format!("{cohort}届{}班", i % 40)),
                        phone: Some(format!("138{i:08}")),
                        ..Default::default()
                    })?
                    .id,
                );
            }
            for i in 0..PLACEMENTS {
                let code = ["11", "10", "12", "76"][i % 4];
                s.record_placement(&PlacementInput {
                    graduate_id: Some(graduates[i % GRADUATES].clone()),
                    destination_code: Some(code.into()),
                    employer_id: Some(employers[i % employers.len()].clone()),
                    position_title: Some("机器人运维".into()),
                    salary: Some(4000 + (i % 30) as i32 * 100),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .expect("fixture");
    store
}

fn first_sync(rt: &tokio::runtime::Runtime, url: &str, token: &str, dir: &Path) {
    let client = Client::new(url, token).expect("client");
    let mut rates = Vec::new();
    for i in 0..3 {
        let mut device = Store::open(&dir.join(format!("fresh{i}.db"))).expect("open");
        let t = Instant::now();
        let report = rt
            .block_on(xiaoqi_sync::sync(&mut device, &client, |_| {}))
            .expect("first sync");
        let took = t.elapsed();
        let rate = report.pulled as f64 / took.as_secs_f64();
        println!(
            "first sync into an empty device: {} rows in {:.2} s = {:.0} rows/s",
            report.pulled,
            took.as_secs_f64(),
            rate
        );
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "first sync, median of 3: {:.0} rows/s (issue: ≥ 50,000)",
        rates[1]
    );
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

/// 100 edits waiting, then one sync (push, then pull them back).
fn round_trip(
    rt: &tokio::runtime::Runtime,
    client: &Client,
    device: &mut Store,
    round: usize,
) -> Duration {
    let ids: Vec<String> = device
        .connection()
        .prepare("SELECT id FROM graduates ORDER BY id LIMIT 100")
        .expect("select")
        .query_map([], |r| r.get(0))
        .expect("ids")
        .collect::<Result<_, _>>()
        .expect("ids");
    device
        .atomically(|s| {
            for id in &ids {
                s.update_graduate(
                    id,
                    &GraduateInput {
                        notes: Some(format!("回访第{round}轮")),
                        ..Default::default()
                    },
                )?;
            }
            Ok(())
        })
        .expect("edits");
    let t = Instant::now();
    let report = rt
        .block_on(xiaoqi_sync::sync(device, client, |_| {}))
        .expect("sync");
    let took = t.elapsed();
    assert_eq!(report.pushed, 100);
    took
}

fn load(rt: &tokio::runtime::Runtime) {
    let dir = tempfile::tempdir().expect("dir");
    let storage = SqliteStorage::open(&dir.path().join("server.db")).expect("storage");
    let mut tokens = Vec::new();
    for c in 0..DEVICES {
        let code = format!("C{c:03}");
        rt.block_on(storage.add_college(&code, &format!("第{c}技师学院"), None))
            .expect("college");
        tokens.push(
            rt.block_on(storage.issue_token(Some(&code), None))
                .expect("token"),
        );
    }
    let url = serve(rt, storage);
    let started = Instant::now();
    let tasks: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(d, token)| {
            let url = url.clone();
            rt.spawn(async move {
                let client = Client::new(&url, &token).expect("client");
                let device = format!("device-{d}");
                let mut latencies = Vec::new();
                for batch in 0..EDITS / PER_PUSH {
                    let mutations: Vec<Mutation> = (0..PER_PUSH)
                        .map(|k| {
                            let n = batch * PER_PUSH + k;
                            Mutation {
                                id: n as u64 + 1,
                                change_id: format!("{d}-{n}"),
                                table: "graduates".into(),
                                row_id: format!("01900000-0000-7000-8000-{d:04}{n:08}"),
                                op: Op::Insert,
                                columns: serde_json::from_value(json!({
                                    "name": format!("学生{n}"), "student_number": format!("S{d:03}{n:05}"),
                                    "program_id": "p", "cohort": 2025, "class_name": "1班",
                                    "phone": format!("139{n:08}"),
                                    "created_at": "2026-11-29T08:00:00.000Z", "updated_at": "2026-11-29T08:00:00.000Z",
                                    "deleted_at": null
                                }))
                                .expect("columns"),
                                base_version: 0,
                                at: "2026-11-29T08:00:00.000Z".into(),
                                user: None,
                            }
                        })
                        .collect();
                    let t = Instant::now();
                    let reply = client
                        .push(&PushRequest { device_id: device.clone(), mutations })
                        .await
                        .expect("push accepted");
                    latencies.push(t.elapsed());
                    assert_eq!(reply.acked as usize, (batch + 1) * PER_PUSH);
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = tasks
        .into_iter()
        .flat_map(|t| rt.block_on(t).expect("device task"))
        .collect();
    let took = started.elapsed();
    latencies.sort();
    println!(
        "{DEVICES} devices × {EDITS} edits ({PER_PUSH} per push) at once: all accepted in {:.2} s = {:.0} edits/s (issue: ≥ 20,000); push latency p50 {:.0} ms, p99 {:.0} ms (issue: ≤ 1,000)",
        took.as_secs_f64(),
        (DEVICES * EDITS) as f64 / took.as_secs_f64(),
        percentile(&latencies, 50).as_secs_f64() * 1e3,
        percentile(&latencies, 99).as_secs_f64() * 1e3,
    );
}

fn main() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("dir");
    let storage = SqliteStorage::open(&dir.path().join("server.db")).expect("storage");
    rt.block_on(storage.add_college("4401", "广州市技师学院", Some("广州")))
        .expect("college");
    let token = rt
        .block_on(storage.issue_token(Some("4401"), None))
        .expect("token");
    let url = serve(&rt, storage);

    let t = Instant::now();
    let mut device = source(&dir.path().join("source.db"));
    println!(
        "fixture: {GRADUATES} graduates, {PLACEMENTS} placements in {:.1?}",
        t.elapsed()
    );
    let client = Client::new(&url, &token).expect("client");
    let t = Instant::now();
    let report = rt
        .block_on(xiaoqi_sync::sync(&mut device, &client, |_| {}))
        .expect("push all");
    println!(
        "pushing them: {} changes in {:.2} s = {:.0} changes/s",
        report.pushed,
        t.elapsed().as_secs_f64(),
        report.pushed as f64 / t.elapsed().as_secs_f64()
    );

    first_sync(&rt, &url, &token, dir.path());

    let mut samples: Vec<Duration> = (0..30)
        .map(|r| round_trip(&rt, &client, &mut device, r))
        .collect();
    samples.sort();
    println!(
        "sync round trip with 100 waiting edits: p50 {:.1} ms, p95 {:.1} ms (issue: ≤ 100 ms)",
        percentile(&samples, 50).as_secs_f64() * 1e3,
        percentile(&samples, 95).as_secs_f64() * 1e3
    );

    load(&rt);

    let mut c = Criterion::default().configure_from_args().sample_size(10);
    let mut round = 100;
    c.bench_function("sync round trip, 100 edits", |b| {
        b.iter(|| {
            round += 1;
            round_trip(&rt, &client, &mut device, round)
        })
    });
    c.final_summary();
}
