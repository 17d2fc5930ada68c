//! The API in process (router + a real SQLite file): push, pull, retries, gaps, conflicts,
//! duplicates, isolation between colleges, and bad input.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use xiaoqi_protocol::{
    Cursor, Mutation, Op, PullReply, PullRequest, PushReply, PushRequest, RowState,
};
use xiaoqi_server::storage::Storage;
use xiaoqi_server::storage::sqlite::SqliteStorage;

struct Server {
    app: Router,
    _dir: tempfile::TempDir,
    a: String,
    b: String,
    province: String,
    storage: SqliteStorage,
}

async fn server() -> Server {
    let dir = tempfile::tempdir().expect("dir");
    let storage = SqliteStorage::open(&dir.path().join("server.db")).expect("open");
    storage
        .add_college("4401", "广州市工贸技师学院", Some("广州"))
        .await
        .expect("college");
    storage
        .add_college("4419", "东莞技师学院", Some("东莞"))
        .await
        .expect("college");
    let a = storage
        .issue_token(Some("4401"), Some("教务处"))
        .await
        .expect("token");
    let b = storage
        .issue_token(Some("4419"), None)
        .await
        .expect("token");
    let province = storage.issue_token(None, None).await.expect("token");
    Server {
        app: xiaoqi_server::router(storage.clone()),
        _dir: dir,
        a,
        b,
        province,
        storage,
    }
}

async fn call(
    app: &Router,
    token: Option<&str>,
    path: &str,
    body: Option<String>,
) -> (StatusCode, Value) {
    let mut req = Request::builder()
        .uri(path)
        .method(if body.is_some() { "POST" } else { "GET" });
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    req = req.header("content-type", "application/json");
    let res = app
        .clone()
        .oneshot(
            req.body(Body::from(body.unwrap_or_default()))
                .expect("request"),
        )
        .await
        .expect("response");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn graduate(id: u64, row: &str, base: u64, cols: Value) -> Mutation {
    let columns: BTreeMap<String, Value> = serde_json::from_value(cols).expect("columns");
    Mutation {
        id,
        change_id: format!("c-{row}-{id}"),
        table: "graduates".into(),
        row_id: row.into(),
        op: if base == 0 && columns.contains_key("created_at") {
            Op::Insert
        } else {
            Op::Update
        },
        columns,
        base_version: base,
        at: "2026-11-29T10:00:00.000Z".into(),
        user: Some("李老师".into()),
    }
}

fn new_graduate(id: u64, row: &str, student_number: &str) -> Mutation {
    graduate(
        id,
        row,
        0,
        json!({"name": "张三", "student_number": student_number, "cohort": 2025, "program_id": "p1",
               "college_id": "forged", "created_at": "2026-11-29T10:00:00.000Z",
               "updated_at": "2026-11-29T10:00:00.000Z", "deleted_at": null}),
    )
}

async fn push(
    s: &Server,
    token: &str,
    device: &str,
    mutations: Vec<Mutation>,
) -> (StatusCode, Value) {
    let body = serde_json::to_string(&PushRequest {
        device_id: device.into(),
        mutations,
    })
    .expect("json");
    call(&s.app, Some(token), "/v1/push", Some(body)).await
}

async fn pull_all(s: &Server, token: &str) -> Vec<RowState> {
    let mut after = Cursor::default();
    let mut rows = Vec::new();
    loop {
        let body = serde_json::to_string(&PullRequest {
            after: after.clone(),
            limit: 2,
        })
        .expect("json");
        let (status, v) = call(&s.app, Some(token), "/v1/pull", Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        let page: PullReply = serde_json::from_value(v).expect("page");
        rows.extend(page.rows);
        match page.next {
            Some(c) => after = c,
            None => return rows,
        }
    }
}

fn of<'a>(rows: &'a [RowState], table: &str) -> Vec<&'a RowState> {
    rows.iter().filter(|r| r.table == table).collect()
}

#[tokio::test]
async fn a_push_is_pulled_back_whole_and_a_retry_applies_nothing_twice() {
    let s = server().await;
    let (st, v) = call(&s.app, Some(&s.a), "/v1/session", None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["college"]["code"], "4401");
    assert_eq!(v["version"], 1);

    let batch = vec![new_graduate(1, "g1", "S001"), new_graduate(2, "g2", "S002")];
    let (st, v) = push(&s, &s.a, "pc1", batch.clone()).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let reply: PushReply = serde_json::from_value(v).expect("reply");
    assert_eq!((reply.acked, reply.applied, reply.version), (2, 2, 2));

    // The reply was lost: the same batch again changes nothing and acknowledges the same.
    let (_, v) = push(&s, &s.a, "pc1", batch).await;
    let again: PushReply = serde_json::from_value(v).expect("reply");
    assert_eq!((again.acked, again.applied, again.version), (2, 0, 2));

    let rows = pull_all(&s, &s.a).await;
    let grads = of(&rows, "graduates");
    assert_eq!(grads.len(), 2);
    let college_id = of(&rows, "colleges")[0].row_id.clone();
    assert!(
        grads
            .iter()
            .all(|g| g.columns["college_id"] == college_id.as_str()),
        "forged college ignored"
    );
    assert_eq!(
        of(&rows, "colleges")[0].columns["name"],
        "广州市工贸技师学院"
    );
}

#[tokio::test]
async fn a_gap_in_mutation_ids_is_refused_and_nothing_is_applied() {
    let s = server().await;
    let (st, v) = push(&s, &s.a, "pc1", vec![new_graduate(2, "g1", "S001")]).await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["code"], "sync.gap");
    assert!(of(&pull_all(&s, &s.a).await, "graduates").is_empty());
}

#[tokio::test]
async fn two_devices_editing_one_column_keep_the_later_value_and_record_both() {
    let s = server().await;
    push(&s, &s.a, "pc1", vec![new_graduate(1, "g1", "S001")]).await;
    // Both devices hold version 2 of g1 and change the class offline.
    push(
        &s,
        &s.a,
        "pc1",
        vec![graduate(2, "g1", 2, json!({"class_name": "机器人1班"}))],
    )
    .await;
    let (st, v) = push(
        &s,
        &s.a,
        "pc2",
        vec![graduate(1, "g1", 2, json!({"class_name": "机器人2班"}))],
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["conflicts"], 1);
    let rows = pull_all(&s, &s.a).await;
    assert_eq!(of(&rows, "graduates")[0].columns["class_name"], "机器人2班");
    let c = &of(&rows, "sync_conflicts")[0].columns;
    assert_eq!(
        (
            c["kind"].as_str(),
            c["column_name"].as_str(),
            c["kept_value"].as_str(),
            c["lost_value"].as_str()
        ),
        (
            Some("column"),
            Some("class_name"),
            Some("机器人2班"),
            Some("机器人1班")
        )
    );
    assert_eq!(
        (c["kept_device"].as_str(), c["lost_device"].as_str()),
        (Some("pc2"), Some("pc1"))
    );

    // An edit made after seeing the other's value is no conflict.
    let (_, v) = push(
        &s,
        &s.a,
        "pc1",
        vec![graduate(3, "g1", 4, json!({"class_name": "机器人3班"}))],
    )
    .await;
    assert_eq!(v["conflicts"], 0);
}

#[tokio::test]
async fn a_delete_beats_a_concurrent_update_and_the_update_is_recorded() {
    let s = server().await;
    push(&s, &s.a, "pc1", vec![new_graduate(1, "g1", "S001")]).await;
    push(
        &s,
        &s.a,
        "pc1",
        vec![graduate(
            2,
            "g1",
            2,
            json!({"deleted_at": "2026-11-29T11:00:00.000Z"}),
        )],
    )
    .await;
    let (_, v) = push(
        &s,
        &s.a,
        "pc2",
        vec![graduate(1, "g1", 2, json!({"phone": "13800138000"}))],
    )
    .await;
    assert_eq!(v["conflicts"], 1);
    let rows = pull_all(&s, &s.a).await;
    let g = &of(&rows, "graduates")[0].columns;
    assert!(g["deleted_at"].is_string());
    assert!(
        g.get("phone").is_none_or(Value::is_null),
        "the update is not applied"
    );
    assert_eq!(of(&rows, "sync_conflicts")[0].columns["kind"], "delete");
}

#[tokio::test]
async fn the_same_student_number_on_two_devices_is_kept_twice_as_a_duplicate_conflict() {
    let s = server().await;
    push(&s, &s.a, "pc1", vec![new_graduate(1, "g1", "S001")]).await;
    let (st, v) = push(&s, &s.a, "pc2", vec![new_graduate(1, "g2", "S001")]).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["conflicts"], 1);
    let rows = pull_all(&s, &s.a).await;
    assert_eq!(of(&rows, "graduates").len(), 2);
    let c = &of(&rows, "sync_conflicts")[0].columns;
    assert_eq!(
        (
            c["kind"].as_str(),
            c["row_id"].as_str(),
            c["other_row_id"].as_str()
        ),
        (Some("duplicate"), Some("g2"), Some("g1"))
    );
    // Two new rows with one number in one push are a duplicate too.
    let (_, v) = push(
        &s,
        &s.a,
        "pc3",
        vec![new_graduate(1, "g3", "S009"), new_graduate(2, "g4", "S009")],
    )
    .await;
    assert_eq!(v["conflicts"], 1);
}

#[tokio::test]
async fn no_token_reads_or_writes_another_college_and_the_province_reads_no_rows() {
    let s = server().await;
    push(&s, &s.a, "pc1", vec![new_graduate(1, "g1", "S001")]).await;
    // B sees none of A's rows, and writing A's row id lands in B's own college.
    let rows = pull_all(&s, &s.b).await;
    assert!(rows.iter().all(|r| r.table == "colleges"), "{rows:?}");
    push(
        &s,
        &s.b,
        "pcb",
        vec![graduate(1, "g1", 99, json!({"name": "篡改"}))],
    )
    .await;
    let a_rows = pull_all(&s, &s.a).await;
    assert_eq!(of(&a_rows, "graduates")[0].columns["name"], "张三");

    for token in [None, Some("xq_guessed"), Some(s.province.as_str())] {
        let (st, _) = push(
            &s,
            token.unwrap_or(""),
            "pc",
            vec![new_graduate(1, "g9", "S9")],
        )
        .await;
        assert!(
            st == StatusCode::UNAUTHORIZED || st == StatusCode::FORBIDDEN,
            "{token:?}: {st}"
        );
        let body = serde_json::to_string(&PullRequest::default()).expect("json");
        let (st, _) = call(&s.app, token, "/v1/pull", Some(body)).await;
        assert!(
            st == StatusCode::UNAUTHORIZED || st == StatusCode::FORBIDDEN,
            "{token:?}: {st}"
        );
    }
    assert!(s.storage.revoke_token(&s.b).await.expect("revoke"));
    let (st, _) = call(&s.app, Some(&s.b), "/v1/session", None).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_input_gets_a_4xx_with_a_reason_and_changes_nothing() {
    let s = server().await;
    let cases: Vec<(String, StatusCode)> = vec![
        ("{not json".into(), StatusCode::BAD_REQUEST),
        (
            r#"{"device_id": 5, "mutations": []}"#.into(),
            StatusCode::BAD_REQUEST,
        ),
        (
            serde_json::to_string(&PushRequest {
                device_id: "pc".into(),
                mutations: vec![Mutation {
                    table: "sqlite_master".into(),
                    ..new_graduate(1, "x", "S1")
                }],
            })
            .expect("json"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            serde_json::to_string(&PushRequest {
                device_id: "pc".into(),
                mutations: vec![graduate(
                    1,
                    "x",
                    0,
                    json!({"name; DROP TABLE rows; --": "x"}),
                )],
            })
            .expect("json"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "x".repeat(xiaoqi_server::api::MAX_BODY + 10),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    for (body, expected) in cases {
        let (st, v) = call(&s.app, Some(&s.a), "/v1/push", Some(body)).await;
        assert_eq!(st, expected, "{v}");
        assert!(
            v["code"].as_str().is_some_and(|c| c.starts_with("sync.")),
            "{v}"
        );
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    }
    // Invalid UTF-8.
    let res = s
        .app
        .clone()
        .oneshot(
            Request::post("/v1/push")
                .header("authorization", format!("Bearer {}", s.a))
                .header("content-type", "application/json")
                .body(Body::from(vec![b'{', 0xff, 0xfe, b'}']))
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(of(&pull_all(&s, &s.a).await, "graduates").is_empty());
    let (st, _) = call(&s.app, Some(&s.a), "/v1/session", None).await;
    assert_eq!(st, StatusCode::OK, "still serving");
}
