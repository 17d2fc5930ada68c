//! One suite, both backends: every test in `conformance!` runs against SQLite (a file in a
//! temporary directory) and PostgreSQL (a fresh database per test, dropped at the end), driving
//! `xiaoqi_server::router(storage)` in process — push, pull, retries, gaps, conflicts,
//! duplicates, isolation between colleges, bad input, paging, big batches, concurrent pushes,
//! the admin commands, the figures (equal to the college app's own statistics: xiaoqi-core is a
//! dev-dependency for that) and the demo province. The `postgres_only` tests check what only PostgreSQL has: row-level
//! security, pushes of different colleges running in parallel, concurrent schema set-up.
//!
//! PostgreSQL is `XIAOQI_TEST_PG` (default `postgres://postgres@127.0.0.1:5432/postgres`, a user
//! that may create databases). When it cannot be reached the PostgreSQL tests print
//! `skipped: …` and pass, unless `CI` is set: then they fail.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tokio_postgres::NoTls;
use tower::ServiceExt;
use xiaoqi_protocol::College;
use xiaoqi_protocol::figures::{CollegeFigures, ProvinceFigures};
use xiaoqi_protocol::indicators::{
    AGREEMENT_IN_FORCE, FairFigures, INSTITUTION_KEY, RESEARCH_EMPLOYER_TYPE,
};
use xiaoqi_protocol::{
    Cursor, Mutation, Op, PullReply, PullRequest, PushReply, PushRequest, Role, RowState,
};
use xiaoqi_server::storage::postgres::PostgresStorage;
use xiaoqi_server::storage::sqlite::SqliteStorage;
use xiaoqi_server::storage::{Storage, StorageError};

// ---- the two backends ----------------------------------------------------------------------

/// A server with two colleges (4401 广州, 4419 东莞), a token for each and the province's.
struct Server<S> {
    app: Router,
    a: String,
    b: String,
    province: String,
    storage: S,
    /// Which backend, for messages.
    backend: &'static str,
    /// The flags that point the `xiaoqi-server` binary at this backend.
    cli: Vec<String>,
    /// The PostgreSQL database's address (none on SQLite).
    pg_url: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

async fn server<S: Storage + Clone>(
    storage: S,
    backend: &'static str,
    cli: Vec<String>,
    pg_url: Option<String>,
    dir: Option<tempfile::TempDir>,
) -> Server<S> {
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
        a,
        b,
        province,
        storage,
        backend,
        cli,
        pg_url,
        _dir: dir,
    }
}

async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(Server<SqliteStorage>) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("dir");
    let storage = SqliteStorage::open(&dir.path().join("server.db")).expect("open");
    let cli = vec!["--data".to_string(), dir.path().display().to_string()];
    test(server(storage, "sqlite", cli, None, Some(dir)).await).await;
}

const PG_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn pg_admin_url() -> String {
    std::env::var("XIAOQI_TEST_PG")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| PG_DEFAULT.to_string())
}

/// `url` naming another database.
fn with_dbname(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let authority = rest.split_once('/').map_or(rest, |(a, _)| a);
    match query {
        Some(q) => format!("{scheme}://{authority}/{name}?{q}"),
        None => format!("{scheme}://{authority}/{name}"),
    }
}

async fn pg_connect(url: &str) -> Result<tokio_postgres::Client, tokio_postgres::Error> {
    let mut config: tokio_postgres::Config = url.parse()?;
    config.connect_timeout(Duration::from_secs(5));
    let (client, connection) = config.connect(NoTls).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// An error and its causes (tokio-postgres keeps the reason in the source).
fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message = format!("{message}: {s}");
        source = s.source();
    }
    message
}

/// A database of its own for one test.
struct PgDb {
    admin: tokio_postgres::Client,
    name: String,
    url: String,
}

impl PgDb {
    /// None (after saying so) when PostgreSQL cannot be reached outside CI.
    async fn create() -> Option<Self> {
        let admin_url = pg_admin_url();
        let admin = match pg_connect(&admin_url).await {
            Ok(c) => c,
            Err(e) if std::env::var_os("CI").is_some() => panic!(
                "PostgreSQL not reachable at {admin_url}: {}. CI is set, so the PostgreSQL half \
                 of the conformance suite must run: start PostgreSQL or point XIAOQI_TEST_PG at one",
                chain(&e)
            ),
            Err(e) => {
                eprintln!(
                    "skipped: PostgreSQL not reachable at {admin_url} ({})",
                    chain(&e)
                );
                return None;
            }
        };
        let name = format!("xiaoqi_test_{}", uuid::Uuid::now_v7().simple());
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name} at {admin_url}: {e}"));
        Some(Self {
            url: with_dbname(&admin_url, &name),
            admin,
            name,
        })
    }

    async fn drop_database(self) {
        self.admin
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .await
            .unwrap_or_else(|e| panic!("DROP DATABASE {}: {e}", self.name));
    }
}

/// Runs `test` on a fresh PostgreSQL database and drops the database afterwards, also when the
/// test failed.
async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(Server<PostgresStorage>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(db) = PgDb::create().await else {
        return;
    };
    let url = db.url.clone();
    let outcome = tokio::spawn(async move {
        let storage = PostgresStorage::connect(&url)
            .await
            .expect("open PostgreSQL");
        let cli = vec!["--database".to_string(), url.clone()];
        let s = server(storage.clone(), "postgres", cli, Some(url), None).await;
        test(s).await;
        storage.close();
    })
    .await;
    db.drop_database().await;
    if let Err(e) = outcome {
        match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("{e}"),
        }
    }
}

/// Instantiates every listed test once per backend: `sqlite::name` and `postgres::name`.
macro_rules! conformance {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::on_sqlite(super::$test).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    super::on_postgres(super::$test).await;
                }
            )*
        }
    };
}

conformance!(
    a_push_is_pulled_back_whole_and_a_retry_applies_nothing_twice,
    a_gap_in_mutation_ids_is_refused_and_nothing_is_applied,
    two_devices_editing_one_column_keep_the_later_value_and_record_both,
    a_delete_beats_a_concurrent_update_and_the_update_is_recorded,
    the_same_student_number_on_two_devices_is_kept_twice_as_a_duplicate_conflict,
    a_row_that_leaves_a_key_or_is_deleted_frees_it,
    no_token_reads_or_writes_another_college_and_the_province_reads_no_rows,
    bad_input_gets_a_4xx_with_a_reason_and_changes_nothing,
    administration_refuses_a_taken_code_and_an_unknown_college,
    a_pull_walks_every_row_once_by_version_rank_and_id_bytes,
    a_push_of_5000_mutations_and_a_pull_page_of_5000_rows_stay_fast,
    eight_concurrent_pushes_of_one_college_each_take_the_next_version,
    the_admin_commands_work_on_this_backend,
    a_duplicate_conflict_names_the_writers_of_both_rows,
    figures_are_read_by_their_own_tokens_and_add_up,
    a_colleges_figures_on_the_server_equal_its_apps_statistics,
    the_demo_province_has_the_articles_figures_and_seeds_once,
    the_figures_and_demo_commands_work_on_this_backend,
);

// ---- helpers -------------------------------------------------------------------------------

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

async fn push_via(
    app: &Router,
    token: &str,
    device: &str,
    mutations: Vec<Mutation>,
) -> (StatusCode, Value) {
    let body = serde_json::to_string(&PushRequest {
        device_id: device.into(),
        mutations,
    })
    .expect("json");
    call(app, Some(token), "/v1/push", Some(body)).await
}

async fn push<S>(
    s: &Server<S>,
    token: &str,
    device: &str,
    mutations: Vec<Mutation>,
) -> (StatusCode, Value) {
    push_via(&s.app, token, device, mutations).await
}

fn reply(st: StatusCode, v: Value) -> PushReply {
    assert_eq!(st, StatusCode::OK, "{v}");
    serde_json::from_value(v).expect("reply")
}

async fn pull_page<S>(s: &Server<S>, token: &str, after: Cursor, limit: u32) -> PullReply {
    let body = serde_json::to_string(&PullRequest { after, limit }).expect("json");
    let (status, v) = call(&s.app, Some(token), "/v1/pull", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    serde_json::from_value(v).expect("page")
}

async fn pull_all_by<S>(s: &Server<S>, token: &str, limit: u32) -> Vec<RowState> {
    let mut after = Cursor::default();
    let mut rows = Vec::new();
    loop {
        let page = pull_page(s, token, after, limit).await;
        rows.extend(page.rows);
        match page.next {
            Some(c) => after = c,
            None => return rows,
        }
    }
}

async fn pull_all<S>(s: &Server<S>, token: &str) -> Vec<RowState> {
    pull_all_by(s, token, 2).await
}

fn of<'a>(rows: &'a [RowState], table: &str) -> Vec<&'a RowState> {
    rows.iter().filter(|r| r.table == table).collect()
}

async fn college_id<S>(s: &Server<S>, token: &str) -> String {
    let (st, v) = call(&s.app, Some(token), "/v1/session", None).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["college"]["id"].as_str().expect("college id").to_string()
}

// ---- the suite -----------------------------------------------------------------------------

async fn a_push_is_pulled_back_whole_and_a_retry_applies_nothing_twice<S: Storage>(s: Server<S>) {
    let (st, v) = call(&s.app, Some(&s.a), "/v1/session", None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["college"]["code"], "4401");
    assert_eq!(v["version"], 1);

    let batch = vec![new_graduate(1, "g1", "S001"), new_graduate(2, "g2", "S002")];
    let (st, v) = push(&s, &s.a, "pc1", batch.clone()).await;
    let r = reply(st, v);
    assert_eq!((r.acked, r.applied, r.version), (2, 2, 2));

    // The reply was lost: the same batch again changes nothing and acknowledges the same.
    let (st, v) = push(&s, &s.a, "pc1", batch).await;
    let again = reply(st, v);
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
    // Every column comes back as it was sent, numbers as numbers.
    assert_eq!(grads[0].columns["cohort"], 2025);
    assert_eq!(grads[0].columns["deleted_at"], Value::Null);
}

async fn a_gap_in_mutation_ids_is_refused_and_nothing_is_applied<S: Storage>(s: Server<S>) {
    let (st, v) = push(&s, &s.a, "pc1", vec![new_graduate(2, "g1", "S001")]).await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["code"], "sync.gap");
    assert!(of(&pull_all(&s, &s.a).await, "graduates").is_empty());
    // A batch that starts right but has a hole later is refused whole too.
    let (st, _) = push(
        &s,
        &s.a,
        "pc1",
        vec![new_graduate(1, "g1", "S001"), new_graduate(3, "g3", "S003")],
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(of(&pull_all(&s, &s.a).await, "graduates").is_empty());
    let (st, v) = call(&s.app, Some(&s.a), "/v1/session", None).await;
    assert_eq!((st, &v["version"]), (StatusCode::OK, &json!(1)));
}

async fn two_devices_editing_one_column_keep_the_later_value_and_record_both<S: Storage>(
    s: Server<S>,
) {
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

async fn a_delete_beats_a_concurrent_update_and_the_update_is_recorded<S: Storage>(s: Server<S>) {
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

async fn the_same_student_number_on_two_devices_is_kept_twice_as_a_duplicate_conflict<
    S: Storage,
>(
    s: Server<S>,
) {
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
    // Another college may use the same number.
    let (_, v) = push(&s, &s.b, "pcb", vec![new_graduate(1, "g1", "S001")]).await;
    assert_eq!(v["conflicts"], 0);
}

async fn a_row_that_leaves_a_key_or_is_deleted_frees_it<S: Storage>(s: Server<S>) {
    let (st, v) = push(
        &s,
        &s.a,
        "pc1",
        vec![new_graduate(1, "g1", "S001"), new_graduate(2, "g2", "S002")],
    )
    .await;
    reply(st, v);
    // g1 takes another number, g2 is deleted: both numbers are free again.
    let (st, v) = push(
        &s,
        &s.a,
        "pc1",
        vec![
            graduate(3, "g1", 2, json!({"student_number": "S003"})),
            graduate(
                4,
                "g2",
                2,
                json!({"deleted_at": "2026-11-29T11:00:00.000Z"}),
            ),
        ],
    )
    .await;
    assert_eq!(reply(st, v).conflicts, 0);
    let (st, v) = push(
        &s,
        &s.a,
        "pc2",
        vec![new_graduate(1, "g8", "S001"), new_graduate(2, "g9", "S002")],
    )
    .await;
    assert_eq!(reply(st, v).conflicts, 0, "freed numbers are no duplicates");
    // The number g1 moved to is taken.
    let (st, v) = push(&s, &s.a, "pc2", vec![new_graduate(3, "g7", "S003")]).await;
    assert_eq!(reply(st, v).conflicts, 1);
    let rows = pull_all(&s, &s.a).await;
    let c = &of(&rows, "sync_conflicts")[0].columns;
    assert_eq!(
        (c["row_id"].as_str(), c["other_row_id"].as_str()),
        (Some("g7"), Some("g1"))
    );
}

async fn no_token_reads_or_writes_another_college_and_the_province_reads_no_rows<S: Storage>(
    s: Server<S>,
) {
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
    let b_rows = pull_all(&s, &s.b).await;
    assert_eq!(of(&b_rows, "graduates")[0].columns["name"], "篡改");

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

async fn bad_input_gets_a_4xx_with_a_reason_and_changes_nothing<S: Storage>(s: Server<S>) {
    let body = |device: &str, mutations: Vec<Mutation>| {
        serde_json::to_string(&PushRequest {
            device_id: device.into(),
            mutations,
        })
        .expect("json")
    };
    let cases: Vec<(String, StatusCode)> = vec![
        ("{not json".into(), StatusCode::BAD_REQUEST),
        (
            r#"{"device_id": 5, "mutations": []}"#.into(),
            StatusCode::BAD_REQUEST,
        ),
        (
            body(
                "pc",
                vec![Mutation {
                    table: "sqlite_master".into(),
                    ..new_graduate(1, "x", "S1")
                }],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            body(
                "pc",
                vec![graduate(
                    1,
                    "x",
                    0,
                    json!({"name; DROP TABLE rows; --": "x"}),
                )],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // No backend can keep a NUL character, so none accepts one.
        (
            body(
                "pc",
                vec![graduate(1, "x", 0, json!({"name": "张\u{0}三"}))],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            body("pc", vec![new_graduate(1, "x\u{0}", "S1")]),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            body("p\u{0}c", vec![new_graduate(1, "x", "S1")]),
            StatusCode::BAD_REQUEST,
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
    let (st, v) = call(&s.app, Some(&s.a), "/v1/session", None).await;
    assert_eq!(st, StatusCode::OK, "still serving");
    assert_eq!(v["version"], 1, "nothing applied");
}

async fn administration_refuses_a_taken_code_and_an_unknown_college<S: Storage>(s: Server<S>) {
    let err = s
        .storage
        .add_college("4401", "另一所学院", None)
        .await
        .expect_err("the code is taken");
    assert!(matches!(err, StorageError::Conflict(_)), "{err}");
    assert!(err.to_string().contains("广州市工贸技师学院"), "{err}");
    let err = s
        .storage
        .issue_token(Some("9999"), None)
        .await
        .expect_err("no such college");
    assert!(matches!(err, StorageError::NotFound(_)), "{err}");

    // Names are trimmed and an empty city is none.
    let c = s
        .storage
        .add_college(" 4406 ", " 佛山技师学院 ", Some("  "))
        .await
        .expect("college");
    assert_eq!(
        (c.code.as_str(), c.name.as_str(), c.city),
        ("4406", "佛山技师学院", None)
    );
    assert_eq!(s.storage.version(&c.id).await.expect("version"), 1);

    let a = s
        .storage
        .authenticate(&s.a)
        .await
        .expect("authenticate")
        .expect("live token");
    assert_eq!(a.role, Role::College);
    let college = a.college.expect("college");
    assert_eq!(
        (college.code.as_str(), college.city.as_deref()),
        ("4401", Some("广州"))
    );
    let p = s
        .storage
        .authenticate(&s.province)
        .await
        .expect("authenticate")
        .expect("live token");
    assert_eq!((p.role, p.college), (Role::Province, None));
    assert_eq!(
        s.storage
            .authenticate("xq_nope")
            .await
            .expect("authenticate"),
        None
    );
    let (st, v) = call(&s.app, Some(&s.province), "/v1/session", None).await;
    assert_eq!(
        (st, &v["role"], &v["version"]),
        (StatusCode::OK, &json!("province"), &json!(0))
    );

    let t = s
        .storage
        .issue_token(Some("4406"), Some("招就办"))
        .await
        .expect("token");
    assert!(s.storage.revoke_token(&t).await.expect("revoke"));
    assert!(
        !s.storage.revoke_token(&t).await.expect("revoke"),
        "already revoked"
    );
    assert!(!s.storage.revoke_token("xq_nope").await.expect("revoke"));
    assert_eq!(
        s.storage.authenticate(&t).await.expect("authenticate"),
        None
    );
}

async fn a_pull_walks_every_row_once_by_version_rank_and_id_bytes<S: Storage>(s: Server<S>) {
    // Version 2: five graduates whose ids sort differently by bytes and by language rules, and a
    // program (a parent table: it ranks before graduates although pushed after them).
    let mut batch: Vec<Mutation> = ["a1", "B2", "_x", "é", "Z"]
        .iter()
        .enumerate()
        .map(|(i, id)| new_graduate(i as u64 + 1, id, &format!("S{i}")))
        .collect();
    batch.push(Mutation {
        id: 6,
        change_id: "c-p1".into(),
        table: "programs".into(),
        row_id: "p1".into(),
        op: Op::Insert,
        columns: serde_json::from_value(
            json!({"name": "工业机器人", "created_at": "2026-11-29T10:00:00.000Z"}),
        )
        .expect("columns"),
        base_version: 0,
        at: "2026-11-29T10:00:00.000Z".into(),
        user: None,
    });
    let (st, v) = push(&s, &s.a, "pc1", batch).await;
    assert_eq!(reply(st, v).version, 2);
    // Version 3: B2 changes, so it moves to the end.
    let (st, v) = push(
        &s,
        &s.a,
        "pc1",
        vec![graduate(7, "B2", 2, json!({"class_name": "机器人1班"}))],
    )
    .await;
    assert_eq!(reply(st, v).version, 3);
    let college = college_id(&s, &s.a).await;

    let expected: Vec<(u64, &str, &str)> = vec![
        (1, "colleges", college.as_str()),
        (2, "programs", "p1"),
        (2, "graduates", "Z"),
        (2, "graduates", "_x"),
        (2, "graduates", "a1"),
        (2, "graduates", "é"),
        (3, "graduates", "B2"),
    ];
    // One row a page; a limit of 0 still returns one.
    let mut after = Cursor::default();
    let mut walked = Vec::new();
    for (i, limit) in std::iter::once(0).chain(std::iter::repeat(1)).enumerate() {
        let page = pull_page(&s, &s.a, after.clone(), limit).await;
        assert_eq!(page.version, 3);
        assert_eq!(page.rows.len(), 1, "page {i}");
        assert_eq!(page.remaining as usize, expected.len() - i - 1, "page {i}");
        let r = &page.rows[0];
        walked.push((r.version, r.table.clone(), r.row_id.clone()));
        match page.next {
            Some(c) => {
                assert_eq!(
                    (c.version, c.row_id.as_str()),
                    (r.version, r.row_id.as_str())
                );
                after = c;
            }
            None => break,
        }
    }
    let walked: Vec<(u64, &str, &str)> = walked
        .iter()
        .map(|(v, t, id)| (*v, t.as_str(), id.as_str()))
        .collect();
    assert_eq!(walked, expected);

    // Past the end: nothing, and no next page.
    let last = Cursor {
        version: 3,
        rank: xiaoqi_protocol::tables::rank("graduates").expect("rank") as u32,
        row_id: "B2".into(),
    };
    let page = pull_page(&s, &s.a, last, 100).await;
    assert_eq!((page.rows.len(), page.next, page.remaining), (0, None, 0));
    // After version 2: only what version 3 changed.
    let page = pull_page(
        &s,
        &s.a,
        Cursor {
            version: 2,
            rank: u32::MAX,
            row_id: String::new(),
        },
        100,
    )
    .await;
    let ids: Vec<&str> = page.rows.iter().map(|r| r.row_id.as_str()).collect();
    assert_eq!(ids, ["B2"]);
}

async fn a_push_of_5000_mutations_and_a_pull_page_of_5000_rows_stay_fast<S: Storage>(s: Server<S>) {
    let n = xiaoqi_protocol::MAX_PUSH as u64;
    let batch: Vec<Mutation> = (1..=n)
        .map(|i| new_graduate(i, &format!("g{i:05}"), &format!("S{i:05}")))
        .collect();
    let t = Instant::now();
    let (st, v) = push(&s, &s.a, "pc1", batch).await;
    let inserted = t.elapsed();
    let r = reply(st, v);
    assert_eq!((r.applied, r.conflicts, r.version), (n as u32, 0, 2));

    // The same rows again: every one is loaded, merged and rewritten, every key checked.
    let batch: Vec<Mutation> = (1..=n)
        .map(|i| {
            graduate(
                n + i,
                &format!("g{i:05}"),
                2,
                json!({"class_name": "机器人1班", "student_number": format!("T{i:05}")}),
            )
        })
        .collect();
    let t = Instant::now();
    let (st, v) = push(&s, &s.a, "pc1", batch).await;
    let updated = t.elapsed();
    let r = reply(st, v);
    assert_eq!((r.applied, r.conflicts, r.version), (n as u32, 0, 3));

    let t = Instant::now();
    let page = pull_page(&s, &s.a, Cursor::default(), xiaoqi_protocol::MAX_PAGE).await;
    let pulled = t.elapsed();
    assert_eq!(page.rows.len(), xiaoqi_protocol::MAX_PAGE as usize);
    assert_eq!(page.remaining, 1, "the college's own row came first");
    assert_eq!(page.rows[1].columns["class_name"], "机器人1班");
    eprintln!(
        "{}: push of {n} new rows {inserted:?}, of {n} updates {updated:?}, pull of a page of {} {pulled:?}",
        s.backend,
        xiaoqi_protocol::MAX_PAGE
    );
    // Generous bounds for a debug build on a busy two-core machine: each takes well under a
    // second when the machine is idle; the printed times are the measure.
    for (what, took) in [("push", inserted), ("update", updated), ("pull", pulled)] {
        assert!(took < Duration::from_secs(20), "{what} took {took:?}");
    }
}

async fn eight_concurrent_pushes_of_one_college_each_take_the_next_version<S: Storage>(
    s: Server<S>,
) {
    // Eight devices push at once; each also enters one shared student number, so a push that did
    // not see the ones before it would miss a duplicate.
    let mut tasks = Vec::new();
    for d in 0..8u64 {
        let app = s.app.clone();
        let token = s.a.clone();
        tasks.push(tokio::spawn(async move {
            let mut batch: Vec<Mutation> = (1..=50)
                .map(|k| new_graduate(k, &format!("g{d}-{k:02}"), &format!("S{d}-{k:02}")))
                .collect();
            batch.push(new_graduate(51, &format!("shared-{d}"), "S-SHARED"));
            push_via(&app, &token, &format!("pc{d}"), batch).await
        }));
    }
    let mut versions = Vec::new();
    let mut conflicts = 0;
    for t in tasks {
        let (st, v) = t.await.expect("task");
        let r = reply(st, v);
        assert_eq!((r.acked, r.applied), (51, 51));
        versions.push(r.version);
        conflicts += r.conflicts;
    }
    versions.sort_unstable();
    assert_eq!(versions, (2..=9).collect::<Vec<u64>>());
    assert_eq!(
        conflicts, 7,
        "each push after the first sees the shared number taken"
    );
    let rows = pull_all_by(&s, &s.a, 1000).await;
    assert_eq!(of(&rows, "graduates").len(), 8 * 51);
    assert_eq!(of(&rows, "sync_conflicts").len(), 7);
    assert!(rows.iter().all(|r| (1..=9).contains(&r.version)));
    let (_, v) = call(&s.app, Some(&s.a), "/v1/session", None).await;
    assert_eq!(v["version"], 9);
}

async fn the_admin_commands_work_on_this_backend<S: Storage>(s: Server<S>) {
    let bin = env!("CARGO_BIN_EXE_xiaoqi-server");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(&s.cli)
            .args(args)
            .env_remove("XIAOQI_DATABASE_URL")
            .env_remove("XIAOQI_SERVER_DATA")
            .env("XIAOQI_LOG", "warn")
            .output()
            .expect("run xiaoqi-server");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )
    };
    let (ok, id, err) = run(&[
        "college",
        "add",
        "--code",
        "4406",
        "--name",
        "佛山技师学院",
        "--city",
        "佛山",
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&["college", "add", "--code", "4401", "--name", "重名"]);
    assert!(!ok && err.contains("已属于"), "{err}");

    let (ok, token, err) = run(&["token", "issue", "--college", "4406", "--label", "招就办"]);
    assert!(ok && token.starts_with("xq_"), "{token} {err}");
    let p = s
        .storage
        .authenticate(&token)
        .await
        .expect("authenticate")
        .expect("the issued token is live");
    assert_eq!(
        p.college.map(|c| (c.id, c.code)),
        Some((id.clone(), "4406".into()))
    );
    let (st, v) = call(&s.app, Some(&token), "/v1/session", None).await;
    assert_eq!(
        (st, &v["college"]["name"]),
        (StatusCode::OK, &json!("佛山技师学院"))
    );

    let (ok, province, err) = run(&["token", "issue", "--province"]);
    assert!(ok, "{err}");
    let p = s
        .storage
        .authenticate(&province)
        .await
        .expect("authenticate");
    assert_eq!(p.map(|p| p.role), Some(Role::Province));

    let (ok, _, err) = run(&["token", "issue", "--college", "9999"]);
    assert!(!ok && err.contains("没有代码为 9999 的学校"), "{err}");

    let (ok, _, err) = run(&["token", "revoke", &token]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&["token", "revoke", &token]);
    assert!(!ok && err.contains("没有这个有效的令牌"), "{err}");
    let (st, _) = call(&s.app, Some(&token), "/v1/session", None).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);

    // A database address that is neither is refused, not silently replaced by SQLite.
    let out = std::process::Command::new(bin)
        .args([
            "--database",
            "mysql://root@127.0.0.1/xiaoqi",
            "college",
            "add",
        ])
        .args(["--code", "1", "--name", "x"])
        .output()
        .expect("run xiaoqi-server");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("postgres://"));
}

async fn a_duplicate_conflict_names_the_writers_of_both_rows<S: Storage>(s: Server<S>) {
    let mut first = new_graduate(1, "g1", "S001");
    first.user = Some("甲老师".into());
    first.at = "2026-11-29T09:00:00.000Z".into();
    push(&s, &s.a, "pcA", vec![first]).await;
    let mut second = new_graduate(1, "g2", "S001");
    second.user = Some("乙老师".into());
    second.at = "2026-11-29T10:30:00.000Z".into();
    let (st, v) = push(&s, &s.a, "pcB", vec![second]).await;
    assert_eq!(reply(st, v).conflicts, 1);
    let rows = pull_all(&s, &s.a).await;
    let c = &of(&rows, "sync_conflicts")[0].columns;
    assert_eq!(
        (
            c["row_id"].as_str(),
            c["kept_device"].as_str(),
            c["kept_user"].as_str(),
            c["kept_at"].as_str()
        ),
        (
            Some("g2"),
            Some("pcB"),
            Some("乙老师"),
            Some("2026-11-29T10:30:00.000Z")
        )
    );
    assert_eq!(
        (
            c["other_row_id"].as_str(),
            c["lost_device"].as_str(),
            c["lost_user"].as_str(),
            c["lost_at"].as_str()
        ),
        (
            Some("g1"),
            Some("pcA"),
            Some("甲老师"),
            Some("2026-11-29T09:00:00.000Z")
        )
    );
    // Two rows of one push: both writers are that device, the other row's edit time its own.
    let mut a = new_graduate(1, "g3", "S009");
    a.at = "2026-11-29T11:00:00.000Z".into();
    let mut b = new_graduate(2, "g4", "S009");
    b.at = "2026-11-29T11:05:00.000Z".into();
    let (st, v) = push(&s, &s.a, "pcC", vec![a, b]).await;
    assert_eq!(reply(st, v).conflicts, 1);
    let rows = pull_all(&s, &s.a).await;
    let c = of(&rows, "sync_conflicts")
        .into_iter()
        .map(|r| &r.columns)
        .find(|c| c["kept_value"] == "S009")
        .expect("the second conflict");
    assert_eq!(
        (
            c["row_id"].as_str(),
            c["other_row_id"].as_str(),
            c["kept_at"].as_str(),
            c["lost_at"].as_str(),
            c["lost_device"].as_str()
        ),
        (
            Some("g4"),
            Some("g3"),
            Some("2026-11-29T11:05:00.000Z"),
            Some("2026-11-29T11:00:00.000Z"),
            Some("pcC")
        )
    );
}

/// A mutation inserting a row of `table` with `columns`.
fn insert(id: u64, table: &str, row: &str, cols: Value) -> Mutation {
    let mut columns: BTreeMap<String, Value> = serde_json::from_value(cols).expect("columns");
    columns.insert("deleted_at".into(), Value::Null);
    Mutation {
        id,
        change_id: format!("c-{row}-{id}"),
        table: table.into(),
        row_id: row.into(),
        op: Op::Insert,
        columns,
        base_version: 0,
        at: "2026-11-29T10:00:00.000Z".into(),
        user: None,
    }
}

async fn figures_are_read_by_their_own_tokens_and_add_up<S: Storage>(s: Server<S>) {
    let college = |k: u64, prefix: &str| {
        vec![
            insert(
                1,
                "programs",
                &format!("{prefix}p1"),
                json!({"name": "工业机器人应用与维护"}),
            ),
            insert(
                2,
                "programs",
                &format!("{prefix}p2"),
                json!({"name": "人工智能技术应用"}),
            ),
            insert(
                3,
                "graduates",
                &format!("{prefix}g1"),
                json!({"program_id": format!("{prefix}p1"), "cohort": 2025, "skill_level": "技师",
                       "id_number": "11010519491231002X", "phone": "13800138000"}),
            ),
            insert(
                4,
                "graduates",
                &format!("{prefix}g2"),
                json!({"program_id": format!("{prefix}p2"), "cohort": 2025}),
            ),
            insert(
                5,
                "graduates",
                &format!("{prefix}g3"),
                json!({"program_id": format!("{prefix}p2"), "cohort": 2024}),
            ),
            insert(
                6,
                "placements",
                &format!("{prefix}x1"),
                json!({"graduate_id": format!("{prefix}g1"), "code_list": "2021",
                       "destination_code": "11", "salary": 5000 + k * 1000, "in_field": true,
                       "city": "广东省广州市", "superseded_at": null}),
            ),
            insert(
                7,
                "placements",
                &format!("{prefix}x2"),
                json!({"graduate_id": format!("{prefix}g3"), "code_list": "2021",
                       "destination_code": "801", "superseded_at": null}),
            ),
            insert(
                8,
                "agreements",
                &format!("{prefix}a1"),
                json!({"kind": "技研合作协议", "status": "已签署"}),
            ),
        ]
    };
    let (st, v) = push(&s, &s.a, "pc", college(0, "a")).await;
    reply(st, v);
    let (st, v) = push(&s, &s.b, "pc", college(1, "b")).await;
    reply(st, v);

    let (st, v) = call(&s.app, Some(&s.a), "/v1/college/figures", None).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let a: CollegeFigures = serde_json::from_value(v).expect("college figures");
    assert_eq!(a.college.code, "4401");
    assert_eq!(a.indicators.graduates, 3);
    assert_eq!(a.indicators.counts.employed, 1);
    assert_eq!(a.indicators.counts.further_study, 1);
    assert_eq!(a.indicators.counts.local, 1, "广东省广州市 is 广州");
    assert_eq!(a.indicators.rates.employment, Some(1.0 / 3.0));
    assert_eq!(a.indicators.mean_salary, Some(5000.0));
    assert_eq!((a.robotics.programs, a.robotics.graduates), (1, 1));
    assert_eq!((a.ai.programs, a.ai.graduates), (1, 2));
    assert_eq!(
        a.by_cohort
            .iter()
            .map(|c| (c.cohort, c.graduates))
            .collect::<Vec<_>>(),
        [(2024, 1), (2025, 2)]
    );
    let research = a
        .agreements
        .iter()
        .find(|k| k.kind == "技研合作协议")
        .expect("kind");
    assert_eq!((research.total, research.in_force), (1, 1));

    let (st, v) = call(&s.app, Some(&s.a), "/v1/college/figures?cohort=2025", None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["graduates"], 2);
    assert_eq!(v["cohort"], 2025);
    let text = v.to_string();
    assert!(
        !text.contains("11010519491231002X") && !text.contains("13800138000"),
        "no row leaks"
    );

    // Only the province reads the province; the province reads no college's figures.
    for (token, path, want) in [
        (
            Some(s.a.as_str()),
            "/v1/province/figures",
            StatusCode::FORBIDDEN,
        ),
        (
            Some(s.province.as_str()),
            "/v1/college/figures",
            StatusCode::FORBIDDEN,
        ),
        (None, "/v1/province/figures", StatusCode::UNAUTHORIZED),
        (None, "/v1/college/figures", StatusCode::UNAUTHORIZED),
        (
            Some(s.province.as_str()),
            "/v1/province/figures?cohort=二〇二五",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (st, v) = call(&s.app, token, path, None).await;
        assert_eq!(st, want, "{path}: {v}");
        assert!(v["code"].is_string(), "{v}");
    }
    let (st, v) = call(&s.app, Some(&s.province), "/v1/province/figures", None).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let p: ProvinceFigures = serde_json::from_value(v).expect("province figures");
    assert_eq!(p.colleges, 2);
    assert_eq!(p.indicators.graduates, 6);
    assert_eq!(p.indicators.counts.employed, 2);
    assert_eq!(
        p.indicators.rates.employment,
        Some(2.0 / 6.0),
        "from the sums"
    );
    assert_eq!(p.indicators.mean_salary, Some(5500.0));
    assert_eq!(
        p.indicators.counts.local, 1,
        "东莞's graduate works in 广州"
    );
    assert_eq!(
        (p.robotics.colleges, p.ai.colleges, p.ai.graduates),
        (2, 2, 4)
    );
    assert_eq!(
        p.by_college
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>(),
        ["4401", "4419"]
    );
    let ai = p
        .by_program
        .iter()
        .find(|x| x.program == "人工智能技术应用")
        .expect("program");
    assert_eq!((ai.colleges, ai.indicators.graduates), (2, 4));
    assert_eq!(
        p.agreements
            .iter()
            .find(|k| k.kind == "技研合作协议")
            .map(|k| k.total),
        Some(2)
    );
    let (_, v) = call(
        &s.app,
        Some(&s.province),
        "/v1/province/figures?cohort=2024",
        None,
    )
    .await;
    assert_eq!(
        (&v["graduates"], &v["counts"]["further_study"]),
        (&json!(2), &json!(2))
    );
}

/// Pushes a core store's whole outbox as its device would.
async fn push_store<S: Storage>(storage: &S, college: &College, store: &mut xiaoqi_core::Store) {
    store.bind_college(college).expect("bind");
    let device = store.device_id().expect("device");
    loop {
        let mutations = store.outgoing(xiaoqi_protocol::MAX_PUSH).expect("outbox");
        if mutations.is_empty() {
            return;
        }
        let reply = storage
            .push(&college.id, &device, mutations)
            .await
            .expect("push");
        store.acknowledge(reply.acked).expect("acknowledge");
    }
}

/// The rates as JSON numbers: serde_json (without its `float_roundtrip` feature) may read a
/// float back one unit in the last place off, so figures that went through JSON are compared
/// to 12 decimals; figures straight from the storage are compared exactly.
fn rounded(r: &xiaoqi_protocol::indicators::Rates) -> Value {
    let v = serde_json::to_value(r).expect("json");
    let round = |x: &Value| {
        x.as_f64()
            .map_or(Value::Null, |f| json!((f * 1e12).round() / 1e12))
    };
    Value::Object(
        v.as_object()
            .expect("object")
            .iter()
            .map(|(k, x)| (k.clone(), round(x)))
            .collect(),
    )
}

/// Every float of a JSON value rounded to 12 decimals (see [`rounded`]).
fn floats_rounded(v: Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            json!((n.as_f64().unwrap_or_default() * 1e12).round() / 1e12)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(floats_rounded).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, floats_rounded(v))).collect())
        }
        other => other,
    }
}

/// Asserts that the server's figures of a college are the statistics its app computes.
fn assert_same_as_core(server: &CollegeFigures, store: &xiaoqi_core::Store, cohort: Option<i32>) {
    let report = store.employment_report(cohort, None).expect("report");
    let ours = &server.indicators;
    assert_eq!(ours.graduates, report.graduates, "graduates {cohort:?}");
    assert_eq!(ours.counts, report.counts, "counts {cohort:?}");
    assert_eq!(
        rounded(&ours.rates),
        rounded(&report.rates),
        "rates {cohort:?}"
    );
    assert_eq!(
        (ours.salary_count, ours.mean_salary),
        (report.salary.count, report.salary.mean),
        "salary {cohort:?}"
    );
    assert_eq!(server.coverage.code_lists.join(","), report.code_list);
    assert_eq!(server.coverage.unknown_codes, 0);
    let theirs: Vec<_> = report
        .by_program
        .iter()
        .map(|p| {
            (
                &p.program_id,
                &p.program,
                p.graduates,
                &p.counts,
                rounded(&p.rates),
                p.salary.count,
                p.salary.mean,
            )
        })
        .collect();
    let mine: Vec<_> = server
        .programs
        .iter()
        .map(|p| {
            let i = &p.indicators;
            (
                &p.program_id,
                &p.program,
                i.graduates,
                &i.counts,
                rounded(&i.rates),
                i.salary_count,
                i.mean_salary,
            )
        })
        .collect();
    assert_eq!(mine, theirs, "by program {cohort:?}");
    let research: u32 = report
        .distributions
        .employer_type
        .iter()
        .filter(|s| s.key == INSTITUTION_KEY || s.key == RESEARCH_EMPLOYER_TYPE)
        .map(|s| s.count)
        .sum();
    assert_eq!(server.research.graduates, research, "research {cohort:?}");
    let field = |word: &str| -> u32 {
        report
            .by_program
            .iter()
            .filter(|p| p.program.contains(word))
            .map(|p| p.graduates)
            .sum()
    };
    assert_eq!(server.robotics.graduates, field("机器人"));
    assert_eq!(server.ai.graduates, field("人工智能"));

    // Fairs and agreements are not cohort-bound.
    let fairs = store.fairs().expect("fairs");
    let mut totals = FairFigures::default();
    for f in &fairs {
        totals.merge(&store.fair_figures(&f.id).expect("figures"));
    }
    assert_eq!(
        (server.fairs as usize, &server.fair_totals),
        (fairs.len(), &totals)
    );
    let agreements = store
        .agreements(&xiaoqi_core::model::AgreementQuery::default())
        .expect("agreements");
    for k in &server.agreements {
        let of_kind: Vec<_> = agreements
            .iter()
            .filter(|a| a.kind.as_str() == k.kind)
            .collect();
        let in_force = of_kind
            .iter()
            .filter(|a| AGREEMENT_IN_FORCE.contains(&a.status.as_str()))
            .count();
        assert_eq!(
            (k.total as usize, k.in_force as usize),
            (of_kind.len(), in_force),
            "{}",
            k.kind
        );
    }
    let listed: u32 = server.agreements.iter().map(|k| k.total).sum();
    assert_eq!(listed as usize, agreements.len());
}

async fn a_colleges_figures_on_the_server_equal_its_apps_statistics<S: Storage>(s: Server<S>) {
    let college = s
        .storage
        .authenticate(&s.a)
        .await
        .expect("authenticate")
        .and_then(|p| p.college)
        .expect("college");
    let dir = tempfile::tempdir().expect("dir");
    let mut store = xiaoqi_core::Store::open(&dir.path().join("college.db")).expect("store");
    xiaoqi_core::demo::seed(&mut store, false).expect("demo college");
    push_store(&s.storage, &college, &mut store).await;
    assert_eq!(store.pending_changes().expect("pending"), 0);

    for cohort in [None, Some(2023), Some(2024), Some(2025), Some(1999)] {
        let path = match cohort {
            Some(c) => format!("/v1/college/figures?cohort={c}"),
            None => "/v1/college/figures".to_string(),
        };
        let (st, v) = call(&s.app, Some(&s.a), &path, None).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        let server: CollegeFigures = serde_json::from_value(v).expect("figures");
        assert_same_as_core(&server, &store, cohort);
    }
    // Straight from the storage (no JSON between), the rates are the very same numbers.
    for cohort in [None, Some(2025)] {
        let server = s
            .storage
            .college_figures(&college, cohort)
            .await
            .expect("figures");
        let report = store.employment_report(cohort, None).expect("report");
        assert_eq!(server.indicators.rates, report.rates);
        let rates: Vec<_> = server
            .programs
            .iter()
            .map(|p| &p.indicators.rates)
            .collect();
        assert_eq!(
            rates,
            report
                .by_program
                .iter()
                .map(|p| &p.rates)
                .collect::<Vec<_>>()
        );
    }
    // The demo college has research placements, a fair with signings, every agreement kind.
    let all = s
        .storage
        .college_figures(&college, None)
        .await
        .expect("figures");
    assert!(all.research.graduates > 0);
    assert!(all.fair_totals.signings > 0 && all.fair_totals.intentions > all.fair_totals.signings);
    assert!(all.agreements.iter().all(|k| k.total > 0));
    assert!(all.indicators.counts.local > 0);
    let by_cohort: Vec<(i32, u32)> = all
        .by_cohort
        .iter()
        .map(|c| (c.cohort, c.graduates))
        .collect();
    let expected: Vec<(i32, u32)> = xiaoqi_core::demo::COHORTS
        .iter()
        .map(|c| {
            (
                *c,
                store
                    .employment_report(Some(*c), None)
                    .expect("report")
                    .graduates,
            )
        })
        .collect();
    assert_eq!(by_cohort, expected);

    // The province's figures of one college are that college's.
    let p = s
        .storage
        .province_figures(Some(2024))
        .await
        .expect("province");
    let line = p
        .by_college
        .iter()
        .find(|c| c.code == "4401")
        .expect("line");
    assert_eq!(
        line.indicators,
        s.storage
            .college_figures(&college, Some(2024))
            .await
            .expect("figures")
            .indicators
    );
}

async fn the_demo_province_has_the_articles_figures_and_seeds_once<S: Storage>(s: Server<S>) {
    use xiaoqi_server::demo::{self, DemoOptions};
    let opts = DemoOptions {
        scale: 0.005,
        ..DemoOptions::default()
    };
    let report = demo::seed(&s.storage, &opts, |_, _| {})
        .await
        .expect("demo");
    assert_eq!(
        (report.colleges.len(), report.added),
        (demo::COLLEGES, demo::COLLEGES)
    );
    assert_eq!(report.applied, report.mutations);
    let again = demo::seed(&s.storage, &opts, |_, _| {})
        .await
        .expect("again");
    assert_eq!(
        (again.added, again.applied, again.mutations),
        (0, 0, report.mutations)
    );

    let p = s.storage.province_figures(None).await.expect("province");
    assert_eq!(
        p.colleges as usize,
        demo::COLLEGES + 2,
        "and the suite's two"
    );
    assert_eq!(
        (p.robotics.colleges as usize, p.ai.colleges as usize),
        (demo::ROBOTICS_COLLEGES, demo::AI_COLLEGES)
    );
    let graduates = (demo::GRADUATES_PER_YEAR * opts.scale).round() as u32;
    assert_eq!(
        p.by_cohort
            .iter()
            .map(|c| (c.cohort, c.graduates))
            .collect::<Vec<_>>(),
        demo::COHORTS.map(|c| (c, graduates))
    );
    let f = &p.fair_totals;
    assert_eq!(
        (p.fairs as usize, f.employers, f.headcount),
        (
            demo::FAIR_COLLEGES,
            demo::FAIR_EMPLOYERS,
            demo::FAIR_HEADCOUNT
        )
    );
    assert!(
        f.resumes > 0 && f.intentions > f.signings && f.signings > 0,
        "{f:?}"
    );
    assert_eq!(p.research.colleges as usize, demo::RESEARCH_COLLEGES);
    let kinds: BTreeMap<&str, u32> = p
        .agreements
        .iter()
        .map(|k| (k.kind.as_str(), k.total))
        .collect();
    assert_eq!(kinds["技研合作协议"], 7);
    assert!(kinds["校企合作协议"] >= 10 && kinds["共建人才培养基地"] >= 1);
    assert_eq!(p.coverage.unknown_codes, 0);
    assert!(p.indicators.rates.employment.is_some_and(|r| r > 0.7));

    // A demo college is valid for a device: pulled into an empty app database, its statistics
    // are the server's figures.
    let host = report
        .colleges
        .iter()
        .find(|c| c.name.starts_with("东莞市技师学院"))
        .expect("host")
        .clone();
    let dir = tempfile::tempdir().expect("dir");
    let mut store = xiaoqi_core::Store::open(&dir.path().join("device.db")).expect("store");
    store.bind_college(&host).expect("bind");
    let mut after = Cursor::default();
    loop {
        let page = s.storage.pull(&host.id, after, 2000).await.expect("pull");
        store.apply_pulled(&page.rows).expect("apply");
        match page.next {
            Some(c) => after = c,
            None => break,
        }
    }
    let server = s
        .storage
        .college_figures(&host, None)
        .await
        .expect("figures");
    assert!(
        server.fairs == 1 && server.fair_totals.resumes > 0,
        "{:?}",
        server.fair_totals
    );
    assert!(
        server
            .agreements
            .iter()
            .any(|k| k.kind == "共建人才培养基地" && k.total > 0)
    );
    for cohort in [None, Some(2024), Some(2025)] {
        let server = s
            .storage
            .college_figures(&host, cohort)
            .await
            .expect("figures");
        assert_same_as_core(&server, &store, cohort);
    }

    // A demo code held by another college is refused, and nothing is written.
    let clash = xiaoqi_server::demo::plan(&opts)
        .last()
        .expect("spec")
        .code
        .clone();
    let dir2 = tempfile::tempdir().expect("dir");
    let other = SqliteStorage::open(&dir2.path().join("server.db")).expect("open");
    other
        .add_college(&clash, "真实的学校", None)
        .await
        .expect("college");
    let e = demo::seed(&other, &opts, |_, _| {})
        .await
        .expect_err("refused");
    assert!(e.to_string().contains("真实的学校"), "{e}");
    assert_eq!(other.colleges().await.expect("colleges").len(), 1);
}

async fn the_figures_and_demo_commands_work_on_this_backend<S: Storage>(s: Server<S>) {
    let bin = env!("CARGO_BIN_EXE_xiaoqi-server");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(&s.cli)
            .args(args)
            .env_remove("XIAOQI_DATABASE_URL")
            .env_remove("XIAOQI_SERVER_DATA")
            .env("XIAOQI_LOG", "warn")
            .output()
            .expect("run xiaoqi-server");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )
    };
    let (ok, out, err) = run(&["demo", "--scale", "0.002", "--tokens"]);
    assert!(ok, "{err}");
    assert!(err.contains("已写入演示省份"), "{err}");
    let tokens: Value = serde_json::from_str(&out).expect("tokens as JSON");
    let colleges = tokens["colleges"].as_array().expect("colleges");
    assert_eq!(colleges.len(), xiaoqi_server::demo::COLLEGES);
    let first = &colleges[0];
    let p = s
        .storage
        .authenticate(first["token"].as_str().expect("token"))
        .await
        .expect("authenticate")
        .expect("live");
    assert_eq!(
        p.college.map(|c| c.code),
        first["code"].as_str().map(str::to_string)
    );
    let province = tokens["province"].as_str().expect("province token");
    let (st, v) = call(&s.app, Some(province), "/v1/province/figures", None).await;
    assert_eq!(st, StatusCode::OK, "{v}");

    // Again: nothing new is written; the codes are listed.
    let (ok, out, err) = run(&["demo", "--scale", "0.002"]);
    assert!(ok && err.contains("没有重复写入"), "{err}");
    assert_eq!(out.lines().count(), xiaoqi_server::demo::COLLEGES);

    let (ok, out, err) = run(&["figures", "--json"]);
    assert!(ok, "{err}");
    let figures: ProvinceFigures = serde_json::from_str(&out).expect("figures");
    let stored = s.storage.province_figures(None).await.expect("figures");
    assert_eq!(
        floats_rounded(serde_json::from_str(&out).expect("json")),
        floats_rounded(serde_json::to_value(&stored).expect("json"))
    );
    assert_eq!(figures.colleges as usize, xiaoqi_server::demo::COLLEGES + 2);
    let (ok, out, err) = run(&["figures", "--cohort", "2025"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("全省 150 所学校，2025 届"), "{out}");
    assert!(
        out.contains("就业率") && out.contains("双选会 67 场"),
        "{out}"
    );
    let code = first["code"].as_str().expect("code");
    let (ok, out, err) = run(&["figures", "--college", code, "--json"]);
    assert!(ok, "{err}");
    let college: CollegeFigures = serde_json::from_str(&out).expect("college figures");
    assert_eq!(college.college.code, code);
    let (ok, _, err) = run(&["figures", "--college", "0000"]);
    assert!(!ok && err.contains("没有代码为 0000 的学校"), "{err}");
}

// ---- PostgreSQL only -----------------------------------------------------------------------

mod postgres_only {
    use super::*;

    /// A transaction scoped as the storage scopes a college's (the app role, the college set).
    async fn scoped<'c>(
        client: &'c mut tokio_postgres::Client,
        college: &str,
    ) -> tokio_postgres::Transaction<'c> {
        let tx = client.transaction().await.expect("begin");
        tx.batch_execute("SET LOCAL ROLE xiaoqi_app")
            .await
            .expect("role");
        tx.execute(
            "SELECT set_config('xiaoqi.college_id', $1, true)",
            &[&college],
        )
        .await
        .expect("scope");
        tx
    }

    fn message(e: &tokio_postgres::Error) -> String {
        e.as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_default()
    }

    async fn count(tx: &tokio_postgres::Transaction<'_>, sql: &str) -> i64 {
        tx.query_one(sql, &[]).await.expect(sql).get(0)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn row_level_security_confines_a_college_transaction_to_its_college() {
        on_postgres(|s| async move {
            let (st, v) = push(
                &s,
                &s.a,
                "pc1",
                vec![
                    new_graduate(1, "g1", "S001"),
                    new_graduate(2, "g2", "S002"),
                    new_graduate(3, "g3", "S003"),
                ],
            )
            .await;
            reply(st, v);
            let (st, v) = push(
                &s,
                &s.b,
                "pcb",
                vec![new_graduate(1, "g1", "S001"), new_graduate(2, "g2", "S002")],
            )
            .await;
            reply(st, v);
            let a = college_id(&s, &s.a).await;
            let b = college_id(&s, &s.b).await;
            let url = s.pg_url.clone().expect("url");
            let mut c = pg_connect(&url).await.expect("connect");

            // The connecting user (a superuser here) sees both colleges.
            let all = c
                .query_one("SELECT count(*) FROM rows", &[])
                .await
                .expect("count")
                .get::<_, i64>(0);
            assert_eq!(all, 2 + 3 + 2);

            // Scoped to A, a query without any WHERE sees A's rows only.
            let tx = scoped(&mut c, &a).await;
            assert_eq!(count(&tx, "SELECT count(*) FROM rows").await, 1 + 3);
            assert_eq!(count(&tx, "SELECT count(*) FROM colleges").await, 1);
            assert_eq!(
                count(&tx, "SELECT count(*) FROM devices").await,
                2,
                "server and pc1"
            );
            assert_eq!(count(&tx, "SELECT count(*) FROM row_keys").await, 3);
            assert_eq!(
                count(&tx, "SELECT count(DISTINCT college_id) FROM changes").await,
                1
            );
            let n = tx
                .execute(
                    "UPDATE rows SET version = version WHERE college_id = $1",
                    &[&b],
                )
                .await
                .expect("update");
            assert_eq!(n, 0, "B's rows are not there to update");
            tx.rollback().await.expect("rollback");

            // Nor can A's transaction write a row of B's, or read the tokens at all.
            let tx = scoped(&mut c, &a).await;
            let e = tx
                .execute(
                    "INSERT INTO rows (college_id, table_name, row_id, version, rank, columns, meta)
                     VALUES ($1, 'graduates', 'planted', 1, 2, '{}', '{}')",
                    &[&b],
                )
                .await
                .expect_err("a row of another college");
            assert!(message(&e).contains("row-level security"), "{e:?}");
            tx.rollback().await.expect("rollback");
            let tx = scoped(&mut c, &a).await;
            let e = tx
                .query_one("SELECT count(*) FROM tokens", &[])
                .await
                .expect_err("tokens are the administrator's");
            assert!(message(&e).contains("permission denied"), "{e:?}");
            tx.rollback().await.expect("rollback");

            // The role without a college sees nothing.
            let tx = c.transaction().await.expect("begin");
            tx.batch_execute("SET LOCAL ROLE xiaoqi_app")
                .await
                .expect("role");
            assert_eq!(count(&tx, "SELECT count(*) FROM rows").await, 0);
            tx.rollback().await.expect("rollback");

            // And the storage's own scoping does the same.
            let sql = "SELECT count(*) FROM rows";
            assert_eq!(s.storage.scoped_count(&a, sql).await.expect("count"), 4);
            assert_eq!(s.storage.scoped_count(&b, sql).await.expect("count"), 3);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pushes_of_two_colleges_run_in_parallel_while_one_colleges_wait_in_turn() {
        on_postgres(|s| async move {
            let a = college_id(&s, &s.a).await;
            let url = s.pg_url.clone().expect("url");
            // Another transaction holds college A, as a long push of A would.
            let mut holder = pg_connect(&url).await.expect("connect");
            let tx = holder.transaction().await.expect("begin");
            tx.execute(
                "SELECT version FROM colleges WHERE id = $1 FOR UPDATE",
                &[&a],
            )
            .await
            .expect("lock A");

            let app = s.app.clone();
            let token = s.a.clone();
            let push_a = tokio::spawn(async move {
                push_via(&app, &token, "pc1", vec![new_graduate(1, "g1", "S001")]).await
            });
            // Wait until A's push is queued behind the lock.
            let watcher = pg_connect(&url).await.expect("connect");
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let waiting: i64 = watcher
                    .query_one(
                        "SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock'",
                        &[],
                    )
                    .await
                    .expect("activity")
                    .get(0);
                if waiting >= 1 {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "A's push never waited for the lock"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }

            // B's push goes through meanwhile.
            let (st, v) = tokio::time::timeout(
                Duration::from_secs(10),
                push(&s, &s.b, "pcb", vec![new_graduate(1, "g1", "S001")]),
            )
            .await
            .expect("B's push is not held up by A's");
            assert_eq!(reply(st, v).version, 2);
            let (st, v) = call(&s.app, Some(&s.b), "/v1/session", None).await;
            assert_eq!((st, &v["version"]), (StatusCode::OK, &json!(2)));
            assert!(!push_a.is_finished(), "A's push waits for A's transaction");

            // Once A is free, A's push applies on top of what held it.
            tx.rollback().await.expect("rollback");
            let (st, v) = tokio::time::timeout(Duration::from_secs(10), push_a)
                .await
                .expect("A's push finishes once A is free")
                .expect("task");
            assert_eq!(reply(st, v).version, 2);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn servers_opening_one_database_at_once_both_start_and_keep_its_data() {
        on_postgres(|s| async move {
            let url = s.pg_url.clone().expect("url");
            push(&s, &s.a, "pc1", vec![new_graduate(1, "g1", "S001")]).await;
            let (one, two) = tokio::join!(
                PostgresStorage::connect(&url),
                PostgresStorage::connect(&url)
            );
            let (one, two) = (one.expect("first"), two.expect("second"));
            for storage in [one, two] {
                let p = storage
                    .authenticate(&s.a)
                    .await
                    .expect("authenticate")
                    .expect("live token");
                let id = p.college.expect("college").id;
                assert_eq!(storage.version(&id).await.expect("version"), 2);
                storage.close();
            }
        })
        .await;
    }

    #[test]
    fn a_test_database_address_keeps_everything_but_the_name() {
        assert_eq!(
            with_dbname("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_dbname("postgresql://u:p@h/db?sslmode=disable", "x"),
            "postgresql://u:p@h/x?sslmode=disable"
        );
        assert_eq!(with_dbname("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
