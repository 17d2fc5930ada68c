//! The device side of sync without a server: what goes up, what comes down, binding, conflicts.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use xiaoqi_protocol::{College, Op, RowState};

use super::Keep;
use crate::Store;
use crate::model::{GraduateInput, ProgramInput};

fn college(id: &str) -> College {
    College {
        id: id.into(),
        code: "4401".into(),
        name: "广州市技师学院".into(),
        city: Some("广州".into()),
    }
}

fn store_with_graduate() -> (Store, String) {
    let mut s = Store::open_in_memory().expect("store");
    s.create_program(&ProgramInput {
        name: Some("工业机器人应用与维护".into()),
        level: Some(crate::model::TrainingLevel::Advanced),
        length_years: Some(3),
        ..Default::default()
    })
    .expect("program");
    let g = s
        .create_graduate(&GraduateInput {
            name: Some("张三".into()),
            student_number: Some("2022010101".into()),
            program: Some("工业机器人应用与维护".into()),
            cohort: Some(2025),
            class_name: Some("机器人1班".into()),
            phone: Some("13800138000".into()),
            ..Default::default()
        })
        .expect("graduate");
    (s, g.id)
}

fn columns(s: &Store, table: &str, id: &str) -> BTreeMap<String, Value> {
    let def = crate::schema::table(table).expect("table");
    let sql = format!(
        "SELECT {} FROM {table} WHERE id = ?1",
        def.columns.join(", ")
    );
    s.conn
        .query_row(&sql, [id], |r| {
            let mut out = BTreeMap::new();
            for (i, c) in def.columns.iter().enumerate() {
                let v: rusqlite::types::Value = r.get(i)?;
                out.insert(
                    c.to_string(),
                    match v {
                        rusqlite::types::Value::Null => Value::Null,
                        rusqlite::types::Value::Integer(n) => Value::from(n),
                        rusqlite::types::Value::Real(f) => Value::from(f),
                        rusqlite::types::Value::Text(t) => Value::from(t),
                        rusqlite::types::Value::Blob(_) => Value::Null,
                    },
                );
            }
            Ok(out)
        })
        .expect("row")
}

fn outbox_len(s: &Store) -> i64 {
    s.pending_changes().expect("pending")
}

#[test]
fn mutations_are_numbered_after_the_last_acknowledged_and_a_retry_sends_the_same_ids() {
    let (mut s, _) = store_with_graduate();
    let first = s.outgoing(100).expect("outgoing");
    assert_eq!(first.len() as i64, outbox_len(&s));
    assert_eq!(
        first.iter().map(|m| m.id).collect::<Vec<_>>(),
        (1..=first.len() as u64).collect::<Vec<_>>()
    );
    assert!(first.iter().all(|m| m.base_version == 0));
    // A lost reply: the same batch again.
    assert_eq!(s.outgoing(100).expect("retry"), first);
    // The server holds the first two.
    assert_eq!(s.acknowledge(2).expect("ack"), 2);
    let rest = s.outgoing(100).expect("rest");
    assert_eq!(rest.first().map(|m| m.id), Some(3));
    assert_eq!(
        rest.first().map(|m| &m.change_id),
        first.get(2).map(|m| &m.change_id)
    );
    // Acknowledging more than was ever sent, or less than before, is refused and drops nothing.
    assert!(s.acknowledge(1).is_err());
    assert!(s.acknowledge(2 + rest.len() as u64 + 1).is_err());
    assert_eq!(outbox_len(&s), rest.len() as i64);
}

#[test]
fn binding_moves_every_record_and_waiting_change_to_the_servers_college() {
    let (mut s, g) = store_with_graduate();
    let old = s.college_id().to_string();
    let server = college("01900000-0000-7000-8000-000000000001");
    assert!(s.bind_college(&server).expect("bind"));
    assert_eq!(s.college_id(), server.id);
    assert_eq!(columns(&s, "graduates", &g)["college_id"], json!(server.id));
    let profile = s.college().expect("profile");
    assert_eq!(
        (profile.id.as_str(), profile.name.as_str()),
        (server.id.as_str(), "广州市技师学院")
    );
    for m in s.outgoing(100).expect("outgoing") {
        assert_ne!(m.row_id, old, "{m:?}");
        if let Some(c) = m.columns.get("college_id") {
            assert_eq!(c, &json!(server.id), "{m:?}");
        }
    }
    // The statistics still count the graduate (derived rows moved along).
    let n: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM graduate_facts WHERE college_id = ?1",
            [&server.id],
            |r| r.get(0),
        )
        .expect("facts");
    assert_eq!(n, 1);
    // Binding again to the same college is a no-op; another college is refused.
    assert!(!s.bind_college(&server).expect("again"));
    let err = s
        .bind_college(&college("01900000-0000-7000-8000-000000000002"))
        .expect_err("other college");
    assert!(err.to_string().contains("另一所学校"), "{err}");
    assert_eq!(s.college_id(), server.id);
}

fn pulled(table: &str, id: &str, version: u64, columns: Value) -> RowState {
    RowState {
        table: table.into(),
        row_id: id.into(),
        version,
        columns: serde_json::from_value(columns).expect("columns"),
    }
}

#[test]
fn a_pulled_page_lands_whole_without_outbox_entries_and_spares_unsent_edits() {
    let (mut s, g) = store_with_graduate();
    let server = college("01900000-0000-7000-8000-000000000001");
    s.bind_college(&server).expect("bind");
    let n = s.outgoing(100).expect("outgoing").len() as u64;
    s.acknowledge(n).expect("ack");
    // An unsent local edit of the phone.
    s.update_graduate(
        &g,
        &GraduateInput {
            phone: Some("13900139000".into()),
            ..Default::default()
        },
    )
    .expect("edit");
    assert_eq!(outbox_len(&s), 1);
    let mut row = columns(&s, "graduates", &g);
    row.insert("phone".into(), json!("13700137000"));
    row.insert("class_name".into(), json!("机器人2班"));
    row.insert("name".into(), json!("张叁"));
    let program = row["program_id"].clone();
    let new_id = "01900000-0000-7000-8000-0000000000aa";
    let page = vec![
        pulled("graduates", &g, 7, serde_json::to_value(&row).expect("row")),
        pulled(
            "graduates",
            new_id,
            7,
            json!({"college_id": server.id, "name": "李四", "student_number": "2022010102",
                   "program_id": program, "cohort": 2025, "class_name": "机器人1班",
                   "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
                   "deleted_at": null}),
        ),
    ];
    assert_eq!(s.apply_pulled(&page).expect("apply"), 2);
    let now = columns(&s, "graduates", &g);
    assert_eq!(now["phone"], json!("13900139000"), "the unsent edit stays");
    assert_eq!(now["class_name"], json!("机器人2班"));
    assert_eq!(s.graduate(&g).expect("g").name, "张叁");
    assert_eq!(s.graduate("2022010102").expect("new").name, "李四");
    assert_eq!(outbox_len(&s), 1, "pulled rows make no outbox entries");
    let cursor = s.sync_cursor().expect("cursor");
    assert_eq!((cursor.version, cursor.row_id.as_str()), (7, new_id));
    // The next local edit of the row carries the version it was made on.
    s.update_graduate(
        &g,
        &GraduateInput {
            notes: Some("已回访".into()),
            ..Default::default()
        },
    )
    .expect("edit");
    let last = s.outgoing(100).expect("outgoing").pop().expect("one");
    assert_eq!((last.op, last.base_version), (Op::Update, 7));
    // A page of new rows then a known one: the known one is updated after its insert is refused.
    let mut again = columns(&s, "graduates", &g);
    again.insert("class_name".into(), json!("机器人5班"));
    let third = "01900000-0000-7000-8000-0000000000ab";
    let mut fresh = serde_json::to_value(&page[1].columns).expect("row");
    fresh["student_number"] = json!("2022010103");
    fresh["name"] = json!("王五");
    s.apply_pulled(&[
        pulled("graduates", third, 8, fresh),
        pulled(
            "graduates",
            &g,
            8,
            serde_json::to_value(&again).expect("row"),
        ),
    ])
    .expect("apply");
    assert_eq!(s.graduate("2022010103").expect("third").name, "王五");
    assert_eq!(
        s.graduate(&g).expect("g").class_name.as_deref(),
        Some("机器人5班")
    );
    // Pinyin search keys were rebuilt from the pulled name.
    let hits = s.conn.query_row(
        "SELECT count(*) FROM graduates WHERE name_initials = 'ls'",
        [],
        |r| r.get::<_, i64>(0),
    );
    assert_eq!(hits.expect("initials"), 1);
}

#[test]
fn a_hostile_page_is_refused_whole() {
    let (mut s, g) = store_with_graduate();
    let server = college("01900000-0000-7000-8000-000000000001");
    s.bind_college(&server).expect("bind");
    let before = columns(&s, "graduates", &g);
    let mut row = before.clone();
    row.insert("name".into(), json!("改过的名字"));
    let good = pulled("graduates", &g, 3, serde_json::to_value(&row).expect("row"));
    for bad in [
        pulled("sqlite_master", "x", 3, json!({"college_id": server.id})),
        pulled(
            "graduates",
            &g,
            3,
            json!({"college_id": server.id, "name); DROP TABLE graduates; --": "x"}),
        ),
        pulled(
            "graduates",
            &g,
            3,
            json!({"college_id": "someone-else", "name": "x"}),
        ),
        pulled(
            "graduates",
            &g,
            3,
            json!({"college_id": server.id, "name": {"nested": true}}),
        ),
    ] {
        let err = s.apply_pulled(&[good.clone(), bad]).expect_err("refused");
        assert!(err.is_invalid_data(), "{err}");
        assert_eq!(
            columns(&s, "graduates", &g),
            before,
            "nothing of the page landed"
        );
        assert_eq!(s.sync_cursor().expect("cursor").version, 0);
    }
}

#[allow(clippy::too_many_arguments)]
fn conflict_row(
    server: &College,
    id: &str,
    kind: &str,
    row_id: &str,
    column: Option<&str>,
    kept: (&str, &str),
    lost: (&str, &str),
    other: Option<&str>,
) -> RowState {
    pulled(
        "sync_conflicts",
        id,
        9,
        json!({"college_id": server.id, "kind": kind, "table_name": "graduates", "row_id": row_id,
               "column_name": column, "other_row_id": other,
               "kept_value": kept.0, "kept_device": kept.1, "kept_user": "王老师", "kept_at": "2026-11-29T08:00:00Z",
               "lost_value": lost.0, "lost_device": lost.1, "lost_user": "李老师", "lost_at": "2026-11-29T07:00:00Z",
               "resolved_at": null, "resolved_by": null, "resolution": null,
               "created_at": "2026-11-29T08:00:01Z", "updated_at": "2026-11-29T08:00:01Z", "deleted_at": null}),
    )
}

#[test]
fn keeping_this_devices_value_writes_it_back_and_records_the_resolution() {
    let (mut s, g) = store_with_graduate();
    let server = college("01900000-0000-7000-8000-000000000001");
    s.bind_college(&server).expect("bind");
    let me = s.device_id().expect("device");
    let n = s.outgoing(100).expect("outgoing").len() as u64;
    s.acknowledge(n).expect("ack");
    // Another PC's class name won on the server; this device's was lost.
    let mut row = columns(&s, "graduates", &g);
    row.insert("class_name".into(), json!("机器人3班"));
    s.apply_pulled(&[
        pulled("graduates", &g, 9, serde_json::to_value(&row).expect("row")),
        conflict_row(
            &server,
            "c1",
            "column",
            &g,
            Some("class_name"),
            ("机器人3班", "pc-2"),
            ("机器人2班", &me),
            None,
        ),
    ])
    .expect("apply");
    let list = s.conflicts(false).expect("list");
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c.local.value.as_deref(), Some("机器人2班"));
    assert_eq!(c.remote.value.as_deref(), Some("机器人3班"));
    assert!(c.remote.current && !c.local.current);
    assert_eq!(c.record.as_deref(), Some("张三（2022010101）"));
    assert_eq!(s.sync_state().expect("state").open_conflicts, 1);

    s.resolve_conflict("c1", Keep::Local).expect("resolve");
    assert_eq!(
        s.graduate(&g).expect("g").class_name.as_deref(),
        Some("机器人2班")
    );
    let out = s.outgoing(100).expect("outgoing");
    assert_eq!(
        out.len(),
        2,
        "the record's edit and the conflict's resolution go up"
    );
    assert_eq!(out[0].columns["class_name"], json!("机器人2班"));
    assert_eq!(out[1].table, "sync_conflicts");
    assert_eq!(out[1].columns["resolution"], json!("lost"));
    assert_eq!(s.sync_state().expect("state").open_conflicts, 0);
    assert!(
        s.resolve_conflict("c1", Keep::Remote).is_err(),
        "resolved once"
    );
}

#[test]
fn conflict_values_of_personal_numbers_are_masked_unless_revealed() {
    let (mut s, g) = store_with_graduate();
    let server = college("01900000-0000-7000-8000-000000000001");
    s.bind_college(&server).expect("bind");
    s.apply_pulled(&[conflict_row(
        &server,
        "c2",
        "column",
        &g,
        Some("phone"),
        ("13800138000", "pc-2"),
        ("13912345678", "pc-3"),
        None,
    )])
    .expect("apply");
    let masked = &s.conflicts(false).expect("list")[0];
    assert_eq!(masked.local.value.as_deref(), Some("138****8000"));
    assert_eq!(masked.remote.value.as_deref(), Some("139****5678"));
    let revealed = &s.conflicts(true).expect("list")[0];
    assert_eq!(revealed.remote.value.as_deref(), Some("13912345678"));
}

#[test]
fn keeping_one_of_two_duplicates_moves_what_pointed_at_the_other_and_deletes_it() {
    let (mut s, g) = store_with_graduate();
    let server = college("01900000-0000-7000-8000-000000000001");
    s.bind_college(&server).expect("bind");
    let me = s.device_id().expect("device");
    // The same student entered on another PC, with a placement there.
    let mut row = columns(&s, "graduates", &g);
    row.insert("phone".into(), Value::Null);
    let twin = "01900000-0000-7000-8000-0000000000bb";
    let placement = "01900000-0000-7000-8000-0000000000cc";
    s.apply_pulled(&[
        pulled(
            "graduates",
            twin,
            9,
            serde_json::to_value(&row).expect("row"),
        ),
        pulled(
            "placements",
            placement,
            9,
            json!({"college_id": server.id, "graduate_id": twin, "destination_code": "11",
                   "code_list": "2021", "created_at": "2026-01-01T00:00:00Z",
                   "updated_at": "2026-01-01T00:00:00Z", "deleted_at": null}),
        ),
        conflict_row(
            &server,
            "c3",
            "duplicate",
            twin,
            Some("student_number"),
            ("2022010101", "pc-2"),
            ("", &me),
            Some(&g),
        ),
    ])
    .expect("apply");
    let c = &s.conflicts(false).expect("list")[0];
    assert_eq!(c.kind, "duplicate");
    s.resolve_conflict("c3", Keep::Local).expect("resolve");
    assert!(s.graduate(twin).is_err(), "the other PC's copy is deleted");
    let moved: String = s
        .conn
        .query_row(
            "SELECT graduate_id FROM placements WHERE id = ?1",
            [placement],
            |r| r.get(0),
        )
        .expect("placement");
    assert_eq!(moved, g);
}

#[test]
fn the_tokens_role_is_remembered_until_another_token_is_saved() {
    let mut s = Store::open_in_memory().expect("store");
    s.set_sync_settings("http://127.0.0.1:8787", Some("xq_province"), None)
        .expect("settings");
    assert_eq!(s.sync_state().expect("state").role, None);
    s.set_sync_role(Some(xiaoqi_protocol::Role::Province))
        .expect("role");
    assert_eq!(
        s.sync_state().expect("state").role.as_deref(),
        Some("province")
    );
    // Saving the same token again, or only the address, keeps it.
    s.set_sync_settings("http://127.0.0.1:8788", Some("xq_province"), None)
        .expect("settings");
    assert_eq!(
        s.sync_state().expect("state").role.as_deref(),
        Some("province")
    );
    s.set_sync_settings("http://127.0.0.1:8788", Some("xq_college"), None)
        .expect("settings");
    assert_eq!(s.sync_state().expect("state").role, None);
}
