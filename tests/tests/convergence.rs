//! Convergence (proptest): 2–5 devices over 1–2 colleges run random create/update/delete
//! scripts of programs and graduates, resolve conflicts now and then, and push and pull in
//! random interleavings against a real server (the router on a loopback socket, SQLite backend).
//! After every device syncs twice: each device of a college holds exactly the server's records
//! for that college, and every acknowledged edit is in the final state, in a conflict record, or
//! was overwritten by an edit made with knowledge of it (the same device, or one that had pulled
//! it). Cases: `XIAOQI_CONVERGENCE_CASES` (default 500).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;
use xiaoqi_core::Store;
use xiaoqi_core::model::{GraduateInput, ProgramInput, TrainingLevel};
use xiaoqi_core::replica::Keep;
use xiaoqi_protocol::{Mutation, PullRequest, PushRequest, RowState, tables};
use xiaoqi_server::storage::Storage;
use xiaoqi_server::storage::sqlite::SqliteStorage;
use xiaoqi_sync::Client;

const PROGRAMS: [&str; 3] = ["工业机器人应用与维护", "人工智能技术应用", "数控加工"];
const CLASSES: [&str; 3] = ["1班", "2班", "3班"];

#[derive(Debug, Clone)]
enum Step {
    AddProgram {
        device: usize,
        name: usize,
    },
    EditProgram {
        device: usize,
        pick: usize,
        department: usize,
    },
    DeleteProgram {
        device: usize,
        pick: usize,
    },
    AddGraduate {
        device: usize,
        number: usize,
        program: usize,
    },
    EditGraduate {
        device: usize,
        pick: usize,
        field: usize,
        value: usize,
    },
    DeleteGraduate {
        device: usize,
        pick: usize,
    },
    Resolve {
        device: usize,
        pick: usize,
        local: bool,
    },
    Push {
        device: usize,
    },
    Pull {
        device: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let d = 0usize..5;
    prop_oneof![
        1 => (d.clone(), 0usize..3).prop_map(|(device, name)| Step::AddProgram { device, name }),
        1 => (d.clone(), 0usize..8, 0usize..3).prop_map(|(device, pick, department)| Step::EditProgram { device, pick, department }),
        1 => (d.clone(), 0usize..8).prop_map(|(device, pick)| Step::DeleteProgram { device, pick }),
        3 => (d.clone(), 0usize..6, 0usize..3).prop_map(|(device, number, program)| Step::AddGraduate { device, number, program }),
        6 => (d.clone(), 0usize..16, 0usize..3, 0usize..3).prop_map(|(device, pick, field, value)| Step::EditGraduate { device, pick, field, value }),
        1 => (d.clone(), 0usize..16).prop_map(|(device, pick)| Step::DeleteGraduate { device, pick }),
        1 => (d.clone(), 0usize..8, any::<bool>()).prop_map(|(device, pick, local)| Step::Resolve { device, pick, local }),
        3 => d.clone().prop_map(|device| Step::Push { device }),
        3 => d.prop_map(|device| Step::Pull { device }),
    ]
}

#[derive(Debug, Clone)]
struct Script {
    devices: usize,
    colleges: usize,
    steps: Vec<Step>,
}

fn script() -> impl Strategy<Value = Script> {
    (
        2usize..=5,
        1usize..=2,
        prop::collection::vec(step(), 10..80),
    )
        .prop_map(|(devices, colleges, steps)| Script {
            devices,
            colleges: colleges.min(devices),
            steps,
        })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

/// An acknowledged edit: what was sent, and the server version of the push that applied it.
struct Acked {
    device: usize,
    mutation: Mutation,
    version: u64,
}

struct Device {
    store: Store,
    client: Client,
    college: usize,
    bound: bool,
}

struct World {
    devices: Vec<Device>,
    acked: Vec<Acked>,
    server: tokio::task::JoinHandle<()>,
}

fn live_ids(store: &Store, table: &str) -> Vec<String> {
    let sql = format!("SELECT id FROM {table} WHERE deleted_at IS NULL ORDER BY id");
    let mut stmt = store.connection().prepare(&sql).expect("select");
    stmt.query_map([], |r| r.get(0))
        .expect("ids")
        .collect::<Result<_, _>>()
        .expect("ids")
}

impl World {
    fn new(script: &Script) -> World {
        let rt = runtime();
        let storage = SqliteStorage::open_in_memory().expect("storage");
        let mut tokens = Vec::new();
        for c in 0..script.colleges {
            rt.block_on(storage.add_college(&format!("44{c:02}"), &format!("第{c}技师学院"), None))
                .expect("college");
            tokens.push(
                rt.block_on(storage.issue_token(Some(&format!("44{c:02}")), None))
                    .expect("token"),
            );
        }
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let server = rt.spawn(async move {
            let _ = axum::serve(listener, xiaoqi_server::router(storage)).await;
        });
        let devices = (0..script.devices)
            .map(|i| {
                let college = i % script.colleges;
                Device {
                    store: Store::open_in_memory().expect("store"),
                    client: Client::new(&url, &tokens[college]).expect("client"),
                    college,
                    bound: false,
                }
            })
            .collect();
        World {
            devices,
            acked: Vec::new(),
            server,
        }
    }

    fn bind(&mut self, d: usize) {
        let dev = &mut self.devices[d];
        if dev.bound {
            return;
        }
        let session = runtime().block_on(dev.client.session()).expect("session");
        dev.store
            .bind_college(&session.college.expect("a college token"))
            .expect("bind");
        dev.bound = true;
    }

    fn push(&mut self, d: usize) {
        self.bind(d);
        let dev = &mut self.devices[d];
        let before = dev.store.sync_acked().expect("acked");
        let mutations = dev.store.outgoing(5000).expect("outgoing");
        if mutations.is_empty() {
            return;
        }
        let reply = runtime()
            .block_on(dev.client.push(&PushRequest {
                device_id: dev.store.device_id().expect("device"),
                mutations: mutations.clone(),
            }))
            .expect("push");
        for m in mutations {
            if m.id > before && m.id <= reply.acked {
                self.acked.push(Acked {
                    device: d,
                    mutation: m,
                    version: reply.version,
                });
            }
        }
        dev.store.acknowledge(reply.acked).expect("ack");
    }

    fn pull(&mut self, d: usize) {
        self.bind(d);
        let dev = &mut self.devices[d];
        let mut after = dev.store.sync_cursor().expect("cursor");
        loop {
            let page = runtime()
                .block_on(dev.client.pull(&PullRequest {
                    after: after.clone(),
                    limit: 7,
                }))
                .expect("pull");
            dev.store.apply_pulled(&page.rows).expect("apply");
            match page.next {
                Some(next) => after = next,
                None => break,
            }
        }
    }

    fn run(&mut self, step: &Step) {
        let n = self.devices.len();
        // Refusals by the device's own checks (a duplicate name here, a program in use) are
        // what a person would see; the script goes on.
        match *step {
            Step::AddProgram { device, name } => {
                let _ = self.devices[device % n]
                    .store
                    .create_program(&ProgramInput {
                        name: Some(PROGRAMS[name].into()),
                        level: Some(TrainingLevel::Advanced),
                        length_years: Some(3),
                        ..Default::default()
                    });
            }
            Step::EditProgram {
                device,
                pick,
                department,
            } => {
                let s = &mut self.devices[device % n].store;
                if let Some(id) = nth(&live_ids(s, "programs"), pick) {
                    let _ = s.update_program(
                        &id,
                        &ProgramInput {
                            department: Some(format!("系{department}")),
                            ..Default::default()
                        },
                    );
                }
            }
            Step::DeleteProgram { device, pick } => {
                let s = &mut self.devices[device % n].store;
                if let Some(id) = nth(&live_ids(s, "programs"), pick) {
                    let _ = s.delete_program(&id);
                }
            }
            Step::AddGraduate {
                device,
                number,
                program,
            } => {
                let s = &mut self.devices[device % n].store;
                if let Some(program_id) = nth(&live_ids(s, "programs"), program) {
                    let _ = s.create_graduate(&GraduateInput {
                        name: Some(format!("学生{number}")),
                        student_number: Some(format!("20220101{number:02}")),
                        program_id: Some(program_id),
                        cohort: Some(2025),
                        class_name: Some(CLASSES[number % 3].into()),
                        ..Default::default()
                    });
                }
            }
            Step::EditGraduate {
                device,
                pick,
                field,
                value,
            } => {
                let s = &mut self.devices[device % n].store;
                if let Some(id) = nth(&live_ids(s, "graduates"), pick) {
                    let mut input = GraduateInput::default();
                    match field {
                        0 => input.class_name = Some(CLASSES[value].into()),
                        1 => input.phone = Some(format!("1380013800{value}")),
                        _ => input.notes = Some(format!("备注{value}-{device}")),
                    }
                    let _ = s.update_graduate(&id, &input);
                }
            }
            Step::DeleteGraduate { device, pick } => {
                let s = &mut self.devices[device % n].store;
                if let Some(id) = nth(&live_ids(s, "graduates"), pick) {
                    let _ = s.delete_graduate(&id);
                }
            }
            Step::Resolve {
                device,
                pick,
                local,
            } => {
                let s = &mut self.devices[device % n].store;
                let open: Vec<String> = s
                    .conflicts(false)
                    .expect("conflicts")
                    .into_iter()
                    .filter(|c| c.resolved_at.is_none())
                    .map(|c| c.id)
                    .collect();
                if let Some(id) = nth(&open, pick) {
                    let keep = if local { Keep::Local } else { Keep::Remote };
                    let _ = s.resolve_conflict(&id, keep);
                }
            }
            Step::Push { device } => self.push(device % n),
            Step::Pull { device } => self.pull(device % n),
        }
    }

    /// The server's rows of a college, as a device would hold them.
    fn server_rows(&self, college: usize) -> Vec<RowState> {
        let dev = self
            .devices
            .iter()
            .find(|d| d.college == college)
            .expect("a device");
        let mut rows = Vec::new();
        let mut after = Default::default();
        loop {
            let page = runtime()
                .block_on(dev.client.pull(&PullRequest { after, limit: 5000 }))
                .expect("pull");
            rows.extend(page.rows);
            match page.next {
                Some(next) => after = next,
                None => break,
            }
        }
        rows
    }
}

impl Drop for World {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn nth(ids: &[String], pick: usize) -> Option<String> {
    (!ids.is_empty()).then(|| ids[pick % ids.len()].clone())
}

type Records = BTreeMap<(String, String), BTreeMap<String, Value>>;

fn normal(v: Value) -> Value {
    match v {
        Value::Bool(b) => Value::from(i64::from(b)),
        other => other,
    }
}

fn device_records(store: &Store) -> Records {
    let mut out = Records::new();
    for t in tables::TABLES {
        let sql = format!("SELECT id, {} FROM {}", t.columns.join(", "), t.name);
        let mut stmt = store.connection().prepare(&sql).expect("select");
        let mut rows = stmt.query([]).expect("rows");
        while let Some(r) = rows.next().expect("row") {
            let mut cols = BTreeMap::new();
            for (i, c) in t.columns.iter().enumerate() {
                let v: rusqlite::types::Value = r.get(i + 1).expect("value");
                cols.insert(
                    c.to_string(),
                    match v {
                        rusqlite::types::Value::Null => Value::Null,
                        rusqlite::types::Value::Integer(n) => Value::from(n),
                        rusqlite::types::Value::Real(f) => Value::from(f),
                        rusqlite::types::Value::Text(s) => Value::from(s),
                        rusqlite::types::Value::Blob(_) => Value::Null,
                    },
                );
            }
            out.insert((t.name.to_string(), r.get(0).expect("id")), cols);
        }
    }
    out
}

fn server_records(rows: &[RowState]) -> Records {
    rows.iter()
        .map(|r| {
            let def = tables::table(&r.table).expect("synced table");
            let cols = def
                .columns
                .iter()
                .map(|c| {
                    (
                        c.to_string(),
                        normal(r.columns.get(*c).cloned().unwrap_or(Value::Null)),
                    )
                })
                .collect();
            ((r.table.clone(), r.row_id.clone()), cols)
        })
        .collect()
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Every acknowledged edit is in the final state, in a conflict record, or overwritten by an
/// edit made with knowledge of it.
fn check_nothing_lost(
    world: &World,
    college: usize,
    finals: &Records,
) -> Result<(), TestCaseError> {
    let conflicts: Vec<&BTreeMap<String, Value>> = finals
        .iter()
        .filter(|((t, _), _)| t == "sync_conflicts")
        .map(|(_, v)| v)
        .collect();
    let of_college = |a: &&Acked| world.devices[a.device].college == college;
    let acked: Vec<&Acked> = world.acked.iter().filter(of_college).collect();
    for a in &acked {
        let m = &a.mutation;
        if m.table == "sync_conflicts" || m.table == "colleges" {
            continue;
        }
        let Some(row) = finals.get(&(m.table.clone(), m.row_id.clone())) else {
            return Err(TestCaseError::fail(format!(
                "acknowledged row missing on the server: {m:?}"
            )));
        };
        for (col, value) in &m.columns {
            if matches!(
                col.as_str(),
                "updated_at" | "created_at" | "college_id" | "deleted_at"
            ) {
                continue;
            }
            if row.get(col).map(|v| normal(v.clone())) == Some(normal(value.clone())) {
                continue;
            }
            // Overwritten later by an edit that knew of it: the same device, or one that had
            // pulled the version this edit made.
            // Or by a device that had written this very value itself after it (it agreed, then
            // changed its own mind).
            let after = |x: &Acked, y: &Acked| {
                x.version > y.version
                    || (x.version == y.version
                        && x.device == y.device
                        && x.mutation.id > y.mutation.id)
            };
            let sets =
                |x: &Acked| x.mutation.row_id == m.row_id && x.mutation.columns.contains_key(col);
            let superseded = acked.iter().any(|b| {
                let deletes = b.mutation.row_id == m.row_id
                    && b.mutation
                        .columns
                        .get("deleted_at")
                        .is_some_and(|v| !v.is_null());
                let informed = b.device == a.device
                    || b.mutation.base_version >= a.version
                    || acked.iter().any(|c| {
                        c.device == b.device
                            && sets(c)
                            && c.mutation.columns.get(col) == Some(value)
                            && after(c, a)
                            && !after(c, b)
                    });
                after(b, a) && (sets(b) || deletes) && informed
            });
            if superseded {
                continue;
            }
            let text = as_text(value);
            let recorded = conflicts.iter().any(|c| {
                c.get("row_id").and_then(Value::as_str) == Some(m.row_id.as_str())
                    && (c.get("kind").and_then(Value::as_str) == Some("delete")
                        || (c.get("column_name").and_then(Value::as_str) == Some(col.as_str())
                            && (c.get("lost_value").and_then(as_text) == text
                                || c.get("kept_value").and_then(as_text) == text)))
            });
            // A row deleted since: its values went with it (a concurrent delete is a conflict
            // above; an informed one is a person's decision).
            let deleted = row.get("deleted_at").is_some_and(|v| !v.is_null());
            prop_assert!(
                recorded || deleted,
                "edit lost without a trace: {col} = {value} of {} {} (device {}, version {}); final {:?}",
                m.table,
                m.row_id,
                a.device,
                a.version,
                row.get(col)
            );
        }
    }
    Ok(())
}

fn converge(script: Script) -> Result<(), TestCaseError> {
    let mut world = World::new(&script);
    // Each college starts from a program its first device made and every device pulled; from
    // there on, anything goes.
    for d in 0..script.colleges {
        world.run(&Step::AddProgram { device: d, name: 0 });
        world.push(d);
    }
    for d in 0..world.devices.len() {
        world.pull(d);
    }
    for s in &script.steps {
        world.run(s);
    }
    for _ in 0..2 {
        for d in 0..world.devices.len() {
            world.push(d);
            world.pull(d);
        }
    }
    // And once through the client's own sync: nothing left to move.
    for d in 0..world.devices.len() {
        let dev = &mut world.devices[d];
        let report = runtime()
            .block_on(xiaoqi_sync::sync(&mut dev.store, &dev.client, |_| {}))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(report.pushed, 0);
        prop_assert_eq!(report.pulled, 0);
    }
    for college in 0..script.colleges {
        let finals = server_records(&world.server_rows(college));
        for dev in world.devices.iter().filter(|d| d.college == college) {
            let mine = device_records(&dev.store);
            prop_assert_eq!(
                &mine,
                &finals,
                "a device of college {} differs from the server",
                college
            );
        }
        check_nothing_lost(&world, college, &finals)?;
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("XIAOQI_CONVERGENCE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_device_of_a_college_ends_with_the_servers_records_and_nothing_lost(s in script()) {
        converge(s)?;
    }
}
