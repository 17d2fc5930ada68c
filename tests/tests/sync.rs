//! Sync against a real `xiaoqi-server` process on loopback, driven through the `xiaoqi` CLI as an
//! office's PCs would: exit codes and untouched data when the server is out of reach or the token
//! is wrong, two PCs editing one graduate, and the faults a real network and real power cuts
//! bring (a lost request, a lost reply, the server killed mid-push, the client killed mid-pull,
//! duplicated and reordered requests, clocks days apart). Each ends with nothing lost and
//! nothing duplicated. Needs `cargo build -p xiaoqi-server -p xiaoqi-cli`.

mod syncing;

use serde_json::{Value, json};
use syncing::{
    Fault, Proxy, Server, assert_same, dump, ok, outbox_len, scalar, sync, synced, xiaoqi,
};
use xiaoqi_protocol::{Mutation, Op, PullRequest, PushRequest};

fn graduate_json(student_number: &str, name: &str) -> String {
    json!({"name": name, "student_number": student_number, "program": "工业机器人应用与维护",
           "cohort": 2025, "class_name": "机器人1班", "phone": "13800138000"})
    .to_string()
}

/// A device with a program and one graduate; returns the graduate's id.
fn device_with_graduate(db: &std::path::Path) -> String {
    ok(
        db,
        &[
            "programs",
            "add",
            "--json",
            r#"{"name":"工业机器人应用与维护","level":"高级工","length_years":3}"#,
        ],
    );
    ok(
        db,
        &[
            "graduates",
            "add",
            "--json",
            &graduate_json("2022010101", "张三"),
        ],
    )
    .trim()
    .to_string()
}

#[test]
fn out_of_reach_or_refused_sync_changes_nothing_and_says_so_by_exit_code() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&dir.path().join("server"));
    let token_a = server.college("4401", "广州市技师学院");
    let token_b = server.college("4402", "深圳技师学院");
    let province = server.admin(&["token", "issue", "--province"]);
    let db = dir.path().join("a.db");
    device_with_graduate(&db);
    let before = dump(&db);
    let waiting = outbox_len(&db);

    let nobody = format!("http://127.0.0.1:{}", xiaoqi_tests::free_port());
    for (url, token, code) in [
        (nobody.as_str(), token_a.as_str(), 3),
        (server.url().as_str(), "xq_0000000000000000", 4),
        (server.url().as_str(), province.as_str(), 4),
    ] {
        let out = xiaoqi(&db, &["sync", "--server", url, "--token", token]);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{url} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("错误："), "{err}");
        assert!(
            !err.contains(token) || token.len() < 20,
            "the token is never printed: {err}"
        );
        assert_eq!(dump(&db), before, "local data untouched");
        assert_eq!(outbox_len(&db), waiting, "nothing dropped from the outbox");
        assert_eq!(
            scalar(&db, "SELECT value FROM meta WHERE key = 'sync_college'"),
            None
        );
    }

    let report = synced(&db, &server.url(), &token_a);
    assert_eq!(report["bound"], json!(true));
    assert_eq!(report["college"]["code"], json!("4401"));
    assert_eq!(
        report["pushed"].as_i64(),
        Some(waiting - 1),
        "all but the replaced profile insert"
    );
    assert_eq!(outbox_len(&db), 0);
    let bound = dump(&db);
    // Bound to 4401: 4402's token is refused and changes nothing.
    let out = xiaoqi(
        &db,
        &["sync", "--server", &server.url(), "--token", &token_b],
    );
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("另一所学校"));
    assert_eq!(dump(&db), bound);
    // A second device of 4402 sees none of 4401's records.
    let other = dir.path().join("b.db");
    let report = synced(&other, &server.url(), &token_b);
    assert_eq!(
        report["pulled"],
        json!(1),
        "only its own college profile: {report}"
    );
}

#[test]
fn two_pcs_edit_one_graduate_offline_and_both_end_with_the_same_record_and_the_conflict() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&dir.path().join("server"));
    let token = server.college("4401", "广州市技师学院");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let g = device_with_graduate(&a);
    synced(&a, &server.url(), &token);
    synced(&b, &server.url(), &token);
    assert_same(&dump(&a), &dump(&b), "after the first sync");

    // Offline: both change the class; A also writes a note, B the phone.
    ok(
        &a,
        &[
            "graduates",
            "update",
            &g,
            "--json",
            r#"{"class_name":"机器人2班","notes":"已回访"}"#,
        ],
    );
    ok(
        &b,
        &[
            "graduates",
            "update",
            &g,
            "--json",
            r#"{"class_name":"机器人3班","phone":"13912345678"}"#,
        ],
    );
    synced(&a, &server.url(), &token);
    let report = synced(&b, &server.url(), &token);
    assert_eq!(report["conflicts"], json!(1), "{report}");
    synced(&a, &server.url(), &token);
    let (da, db) = (dump(&a), dump(&b));
    assert_same(&da, &db, "after both synced");
    let row = &da[&("graduates".to_string(), g.clone())];
    assert_eq!(row["class_name"], json!("机器人3班"), "the later push wins");
    assert_eq!(row["notes"], json!("已回访"), "A's other edit is kept");
    assert_eq!(row["phone"], json!("13912345678"), "B's other edit is kept");

    let list = |db: &std::path::Path| -> Vec<Value> {
        serde_json::from_str(&ok(db, &["conflicts", "list", "--json"])).expect("json")
    };
    for (db, local, remote) in [
        (&a, "机器人2班", "机器人3班"),
        (&b, "机器人3班", "机器人2班"),
    ] {
        let l = list(db);
        assert_eq!(l.len(), 1, "{l:?}");
        assert_eq!(l[0]["column"], json!("class_name"));
        assert_eq!(l[0]["local"]["value"], json!(local));
        assert_eq!(l[0]["remote"]["value"], json!(remote));
        assert_eq!(l[0]["record"], json!("张三（2022010101）"));
    }
    // On A, the person keeps A's value; it syncs to B like any edit.
    let id = list(&a)[0]["id"].as_str().expect("id").to_string();
    ok(&a, &["conflicts", "resolve", &id, "--keep", "local"]);
    synced(&a, &server.url(), &token);
    synced(&b, &server.url(), &token);
    let (da, db) = (dump(&a), dump(&b));
    assert_same(&da, &db, "after the resolution synced");
    assert_eq!(
        da[&("graduates".to_string(), g.clone())]["class_name"],
        json!("机器人2班")
    );
    let l = list(&b);
    assert!(l[0]["resolved_at"].is_string(), "{l:?}");
    assert_eq!(l[0]["resolution"], json!("lost"));
    let out = xiaoqi(&b, &["conflicts", "resolve", &id, "--keep", "remote"]);
    assert_eq!(out.status.code(), Some(1), "resolved once is enough");
}

#[test]
fn the_same_student_entered_on_two_pcs_is_kept_twice_until_someone_chooses() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&dir.path().join("server"));
    let token = server.college("4401", "广州市技师学院");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    device_with_graduate(&a);
    synced(&a, &server.url(), &token);
    synced(&b, &server.url(), &token);
    ok(
        &a,
        &[
            "graduates",
            "add",
            "--json",
            &graduate_json("2022010199", "李四"),
        ],
    );
    ok(
        &b,
        &[
            "graduates",
            "add",
            "--json",
            &graduate_json("2022010199", "李四"),
        ],
    );
    synced(&a, &server.url(), &token);
    let report = synced(&b, &server.url(), &token);
    assert_eq!(
        report["conflicts"],
        json!(1),
        "a duplicate, not a refused batch: {report}"
    );
    synced(&a, &server.url(), &token);
    assert_same(&dump(&a), &dump(&b), "both rows on both PCs");
    let l: Vec<Value> =
        serde_json::from_str(&ok(&b, &["conflicts", "list", "--json"])).expect("json");
    assert_eq!(l[0]["kind"], json!("duplicate"));
    let id = l[0]["id"].as_str().expect("id").to_string();
    ok(&b, &["conflicts", "resolve", &id, "--keep", "local"]);
    synced(&b, &server.url(), &token);
    synced(&a, &server.url(), &token);
    assert_same(&dump(&a), &dump(&b), "after the choice");
    let found: Value = serde_json::from_str(&ok(
        &a,
        &["graduates", "list", "--search", "2022010199", "--json"],
    ))
    .expect("json");
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
}

/// A device with the demo college's records: a few thousand changes waiting.
fn demo_device(db: &std::path::Path) {
    ok(db, &["demo"]);
}

#[test]
fn a_lost_request_a_lost_reply_and_replayed_pushes_lose_and_duplicate_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&dir.path().join("server"));
    let token = server.college("4401", "广州市技师学院");
    let proxy = Proxy::start(server.port);
    let a = dir.path().join("a.db");
    demo_device(&a);
    let waiting = outbox_len(&a);

    proxy.fail_next_push(Fault::LoseRequest);
    assert_eq!(
        sync(&a, &proxy.url(), &token).0,
        3,
        "a lost request: out of reach"
    );
    assert_eq!(
        outbox_len(&a),
        waiting - 1,
        "only the replaced profile insert left the outbox"
    );
    proxy.fail_next_push(Fault::LoseReply);
    assert_eq!(
        sync(&a, &proxy.url(), &token).0,
        3,
        "a lost reply: out of reach"
    );
    assert_eq!(outbox_len(&a), waiting - 1, "unacknowledged changes stay");
    // The server applied that first batch; the retry sends the same ids and it skips them.
    let report = synced(&a, &proxy.url(), &token);
    assert_eq!(report["pushed"].as_i64(), Some(waiting - 1), "{report}");
    assert_eq!(report["conflicts"], json!(0), "a retry is not a conflict");
    assert_eq!(outbox_len(&a), 0);

    // Every push body seen, sent again out of order: nothing new is applied.
    let bodies = proxy.pushes.lock().expect("pushes").clone();
    assert!(bodies.len() >= 3, "{}", bodies.len());
    let client = xiaoqi_sync::Client::new(&server.url(), &token).expect("client");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    let before = rt
        .block_on(client.pull(&PullRequest {
            after: Default::default(),
            limit: 5000,
        }))
        .expect("pull");
    for body in bodies.iter().rev().chain(bodies.iter()) {
        let request: PushRequest = serde_json::from_slice(body).expect("a push body");
        let reply = rt.block_on(client.push(&request)).expect("replayed push");
        assert_eq!((reply.applied, reply.conflicts), (0, 0));
    }
    let after = rt
        .block_on(client.pull(&PullRequest {
            after: Default::default(),
            limit: 5000,
        }))
        .expect("pull");
    assert_eq!(after.version, before.version, "no version for nothing");
    assert_eq!(after.rows, before.rows);

    let fresh = dir.path().join("fresh.db");
    synced(&fresh, &server.url(), &token);
    assert_same(
        &dump(&a),
        &dump(&fresh),
        "a new PC gets exactly the first one's records",
    );
}

#[test]
fn the_server_killed_mid_push_and_the_client_killed_mid_pull_lose_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut server = Server::start(&dir.path().join("server"));
    let token = server.college("4401", "广州市技师学院");
    let a = dir.path().join("a.db");
    demo_device(&a);

    // The first of two pushes is acknowledged; the server dies (SIGKILL) during the second.
    let mut child = std::process::Command::new(syncing::cli_bin())
        .arg("--db")
        .arg(&a)
        .args(["sync", "--server", &server.url(), "--token", &token])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("sync starts");
    xiaoqi_tests::poll(std::time::Duration::from_secs(60), "the first push", || {
        scalar(&a, "SELECT value FROM meta WHERE key = 'sync_acked'").is_some()
    })
    .expect("first push acknowledged");
    server.kill();
    let status = child.wait().expect("sync ends");
    assert!(matches!(status.code(), Some(0 | 3)), "{status}");
    server.restart();
    synced(&a, &server.url(), &token);
    assert_eq!(outbox_len(&a), 0);

    // A new PC pulls in small pages and is killed after the first pages; it picks up from its
    // cursor and ends with the same records.
    let fresh = dir.path().join("fresh.db");
    let mut child = std::process::Command::new(syncing::cli_bin())
        .arg("--db")
        .arg(&fresh)
        .args([
            "sync",
            "--server",
            &server.url(),
            "--token",
            &token,
            "--page",
            "200",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("sync starts");
    xiaoqi_tests::poll(std::time::Duration::from_secs(60), "a pulled page", || {
        scalar(&fresh, "SELECT value FROM meta WHERE key = 'sync_cursor'").is_some()
    })
    .expect("a page applied");
    let _ = child.kill();
    let _ = child.wait();
    let cursor = scalar(&fresh, "SELECT value FROM meta WHERE key = 'sync_cursor'");
    let report = synced(&fresh, &server.url(), &token);
    assert!(
        report["pulled"].as_u64().unwrap_or(0) > 0,
        "the rest came: {report} after {cursor:?}"
    );
    assert_same(&dump(&a), &dump(&fresh), "after the interrupted pull");
}

fn mutation(id: u64, row: &str, base: u64, at: &str, name: &str) -> Mutation {
    Mutation {
        id,
        change_id: format!("{row}-{id}-{at}"),
        table: "programs".into(),
        row_id: row.into(),
        op: if base == 0 && id == 1 {
            Op::Insert
        } else {
            Op::Update
        },
        columns: serde_json::from_value(json!({"name": name, "updated_at": at})).expect("columns"),
        base_version: base,
        at: at.into(),
        user: None,
    }
}

#[test]
fn clocks_days_apart_decide_nothing_the_server_order_does() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&dir.path().join("server"));
    let token = server.college("4401", "广州市技师学院");
    let client = xiaoqi_sync::Client::new(&server.url(), &token).expect("client");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    let push = |device: &str, m: Mutation| {
        rt.block_on(client.push(&PushRequest {
            device_id: device.into(),
            mutations: vec![m],
        }))
        .expect("push")
    };
    let row = "01900000-0000-7000-8000-00000000abcd";
    let mut insert = mutation(1, row, 0, "2026-11-29T08:00:00.000Z", "数控技术应用");
    insert.columns.extend(
        serde_json::from_value::<std::collections::BTreeMap<String, Value>>(
            json!({"level": "高级工", "length_years": 3, "created_at": "2026-11-29T08:00:00.000Z", "deleted_at": null}),
        )
        .expect("columns"),
    );
    let v1 = push("pc-fast", insert).version;
    // The PC whose clock runs five days ahead edits first; the one a week behind edits after,
    // both from v1: the later push wins although its clock says it is older.
    push(
        "pc-fast",
        mutation(2, row, v1, "2026-12-04T08:00:00.000Z", "数控加工（快钟）"),
    );
    let reply = push(
        "pc-slow",
        mutation(1, row, v1, "2026-11-22T08:00:00.000Z", "数控加工（慢钟）"),
    );
    assert_eq!(reply.conflicts, 1);
    let rows = rt
        .block_on(client.pull(&PullRequest {
            after: Default::default(),
            limit: 5000,
        }))
        .expect("pull")
        .rows;
    let program = rows.iter().find(|r| r.row_id == row).expect("program");
    assert_eq!(program.columns["name"], json!("数控加工（慢钟）"));
    let conflict = rows
        .iter()
        .find(|r| r.table == "sync_conflicts")
        .expect("conflict");
    assert_eq!(conflict.columns["lost_value"], json!("数控加工（快钟）"));
    assert_eq!(
        conflict.columns["lost_at"],
        json!("2026-12-04T08:00:00.000Z"),
        "clocks are shown, not used"
    );
    // A third PC that has seen it all edits with a clock years behind: no conflict, it wins.
    let latest = program.version;
    let reply = push(
        "pc-old",
        mutation(1, row, latest, "2019-01-01T00:00:00.000Z", "数控技术"),
    );
    assert_eq!(reply.conflicts, 0);
}

/// A backup restored on a synced PC: the PC syncs on as a new device, so the edit made after the
/// restore reaches the server (with the old device id the server would have skipped it as
/// already applied, and the PC dropped it at the acknowledgement), and what the server received
/// after the backup comes back down.
#[test]
fn a_restored_backup_syncs_on_without_losing_the_edits_made_after_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let server = Server::start(&dir.path().join("server"));
    let token = server.college("4401", "广州市技师学院");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let g = device_with_graduate(&a);
    synced(&a, &server.url(), &token);
    let backup = dir.path().join("a-backup.db");
    ok(&a, &["backup", &backup.display().to_string()]);
    let device = scalar(&a, "SELECT value FROM meta WHERE key = 'sync_device'");

    // After the backup: an edit and a new graduate, synced.
    ok(
        &a,
        &[
            "graduates",
            "update",
            &g,
            "--json",
            r#"{"class_name":"机器人2班"}"#,
        ],
    );
    ok(
        &a,
        &[
            "graduates",
            "add",
            "--json",
            &graduate_json("2022010102", "李四"),
        ],
    );
    synced(&a, &server.url(), &token);

    // The backup comes back; the PC has a new device id and sends its first edit since.
    let said = ok(&a, &["restore", &backup.display().to_string()]);
    assert!(said.contains("新的设备身份"), "{said}");
    assert_ne!(
        scalar(&a, "SELECT value FROM meta WHERE key = 'sync_device'"),
        device
    );
    ok(
        &a,
        &[
            "graduates",
            "add",
            "--json",
            &graduate_json("2022010103", "王五"),
        ],
    );
    let report = synced(&a, &server.url(), &token);
    assert_eq!(report["pushed"], json!(1), "{report}");
    assert_eq!(outbox_len(&a), 0);

    // A second PC sees all three graduates and the edit; the restored PC has them back too.
    synced(&b, &server.url(), &token);
    let (da, db) = (dump(&a), dump(&b));
    assert_same(&da, &db, "the restored PC and another one");
    let names: std::collections::BTreeSet<String> = da
        .iter()
        .filter(|((t, _), _)| t == "graduates")
        .filter_map(|(_, row)| row["name"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        names,
        ["张三", "李四", "王五"]
            .map(String::from)
            .into_iter()
            .collect()
    );
    assert_eq!(
        da[&("graduates".to_string(), g)]["class_name"],
        json!("机器人2班"),
        "the edit made after the backup came back from the server"
    );
}
