//! The server's edges, on SQLite: rate limits per token, HTTPS with a certificate made here, the
//! OpenAPI document as a client fetches it, and the document's ranges and lengths kept by the
//! server (what schemathesis, `scripts/schemathesis.sh`, found).

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use xiaoqi_protocol::Role;
use xiaoqi_server::api::Options;
use xiaoqi_server::limit::RateLimit;
use xiaoqi_server::serve::{self, Tls};
use xiaoqi_server::storage::Storage;
use xiaoqi_server::storage::sqlite::SqliteStorage;

async fn storage_with_tokens() -> (SqliteStorage, String, String) {
    let storage = SqliteStorage::open_in_memory().expect("storage");
    storage
        .add_college("4401", "广州市工贸技师学院", Some("广州"))
        .await
        .expect("college");
    let a = storage
        .issue_token(Some("4401"), None)
        .await
        .expect("token");
    let b = storage
        .issue_token(Some("4401"), None)
        .await
        .expect("token");
    (storage, a, b)
}

async fn get(
    app: &axum::Router,
    token: Option<&str>,
    path: &str,
) -> (StatusCode, Option<String>, Value) {
    let mut req = Request::builder().uri(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let retry = res
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        retry,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_burst_beyond_the_limit_is_refused_429_and_other_tokens_are_not() {
    let (storage, a, b) = storage_with_tokens().await;
    let app = xiaoqi_server::router_with(
        storage,
        Options {
            rate_limit: Some(RateLimit {
                per_second: 0.01,
                burst: 5,
            }),
        },
    );
    for i in 0..5 {
        let (st, _, v) = get(&app, Some(&a), "/v1/session").await;
        assert_eq!(st, StatusCode::OK, "request {i}: {v}");
    }
    let (st, retry, v) = get(&app, Some(&a), "/v1/session").await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(v["code"], "sync.rate_limited");
    assert!(
        v["message"]
            .as_str()
            .is_some_and(|m| m.contains("秒后再试")),
        "{v}"
    );
    let seconds: u64 = retry.expect("Retry-After").parse().expect("seconds");
    assert!((1..=100).contains(&seconds), "{seconds}");
    // The same token stays limited on every route; another token and no token are not.
    let (st, _, _) = get(&app, Some(&a), "/v1/college/figures").await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    let (st, _, v) = get(&app, Some(&b), "/v1/session").await;
    assert_eq!(st, StatusCode::OK, "{v}");
    for _ in 0..10 {
        let (st, _, _) = get(&app, None, "/health").await;
        assert_eq!(st, StatusCode::OK);
    }
}

#[tokio::test]
async fn the_openapi_document_parses_and_lists_every_endpoint() {
    let (storage, _, _) = storage_with_tokens().await;
    let app = xiaoqi_server::router(storage);
    let (st, _, doc) = get(&app, None, "/v1/openapi.json").await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/health", "get"),
        ("/v1/openapi.json", "get"),
        ("/v1/session", "get"),
        ("/v1/push", "post"),
        ("/v1/pull", "post"),
        ("/v1/college/figures", "get"),
        ("/v1/province/figures", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path}"
        );
    }
    assert_eq!(paths.len(), 7);
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for s in [
        "PushRequest",
        "Mutation",
        "PullReply",
        "ProvinceFigures",
        "CollegeFigures",
        "ApiError",
    ] {
        assert!(schemas.contains_key(s), "{s}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    let cohort = &doc["paths"]["/v1/province/figures"]["get"]["parameters"][0];
    assert_eq!(
        (&cohort["name"], &cohort["in"]),
        (&Value::from("cohort"), &Value::from("query"))
    );
}

async fn post(app: &axum::Router, token: &str, path: &str, body: &Value) -> (StatusCode, Value) {
    let res = app
        .clone()
        .oneshot(
            Request::builder()
                .method("POST")
                .uri(path)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
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

/// Found by schemathesis: the document gave every `u32` as `int32` (at most 2^31 - 1) while the
/// server takes any `u32`, so a pull of `limit: 2147483648` was "invalid" yet answered 200.
#[tokio::test]
async fn the_document_gives_a_u32_its_whole_range_and_the_server_takes_it() {
    let (storage, a, _) = storage_with_tokens().await;
    let app = xiaoqi_server::router(storage);
    let (_, _, doc) = get(&app, None, "/v1/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    for (schema, field) in [("PullRequest", "limit"), ("Cursor", "rank")] {
        let f = &schemas[schema]["properties"][field];
        assert_eq!(f["format"], "int64", "{schema}.{field}: {f}");
        assert_eq!(f["maximum"], 4294967295u64, "{schema}.{field}: {f}");
    }
    let text = doc.to_string();
    assert!(!text.contains(r#""format":"int32","minimum":0"#), "{text}");
    let (st, v) = post(
        &app,
        &a,
        "/v1/pull",
        &serde_json::json!({"after": {"version": 0, "rank": 4294967295u32, "row_id": ""}, "limit": 2147483648u32}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

/// Found by schemathesis' boundary values: versions and change numbers are `int64` in the
/// document and in both databases, but the server took any `u64` and wrapped what passed
/// `i64::MAX` to a negative number (a pull "after" version 2^63 started over from the first
/// row). It now refuses them, 400, and writes nothing.
#[tokio::test]
async fn counters_past_i64_are_refused_400_and_write_nothing() {
    let (storage, a, _) = storage_with_tokens().await;
    let app = xiaoqi_server::router(storage);
    let past = i64::MAX as u64 + 1;
    let (_, _, before) = get(&app, Some(&a), "/v1/session").await;
    let (st, v) = post(
        &app,
        &a,
        "/v1/pull",
        &serde_json::json!({"after": {"version": past, "rank": 0, "row_id": ""}, "limit": 10}),
    )
    .await;
    assert_eq!(
        (st, &v["code"]),
        (StatusCode::BAD_REQUEST, &Value::from("sync.bad_request")),
        "{v}"
    );
    let mutation = |id: u64, base_version: u64| {
        serde_json::json!({
            "id": id, "change_id": "0197be22-2c02-7e9b-a629-a5310427692e", "table": "programs",
            "row_id": "0197be22-2c02-7e9b-a629-a5310427692f", "op": "insert",
            "columns": {"name": "工业机器人技术"}, "base_version": base_version,
            "at": "2025-06-30T00:00:00.000Z", "user": null,
        })
    };
    for m in [mutation(past, 0), mutation(1, u64::MAX)] {
        let body = serde_json::json!({"device_id": "pc-1", "mutations": [m]});
        let (st, v) = post(&app, &a, "/v1/push", &body).await;
        assert_eq!(
            (st, &v["code"]),
            (StatusCode::BAD_REQUEST, &Value::from("sync.bad_request")),
            "{v}"
        );
    }
    let (st, _, session) = get(&app, Some(&a), "/v1/session").await;
    assert_eq!(
        (st, &session["version"]),
        (StatusCode::OK, &before["version"])
    );
    // The largest value the document allows is still taken.
    let (st, v) = post(
        &app,
        &a,
        "/v1/pull",
        &serde_json::json!({"after": {"version": i64::MAX, "rank": 0, "row_id": ""}, "limit": 10}),
    )
    .await;
    assert_eq!(
        (st, &v["rows"]),
        (StatusCode::OK, &Value::Array(vec![])),
        "{v}"
    );
}

/// The device id is 1 to 64 characters as the document now says (`minLength`, `maxLength`),
/// counted in characters as JSON Schema counts them, not in UTF-8 bytes.
#[tokio::test]
async fn a_device_id_is_1_to_64_characters_as_the_document_says() {
    let (storage, a, _) = storage_with_tokens().await;
    let app = xiaoqi_server::router(storage);
    let (_, _, doc) = get(&app, None, "/v1/openapi.json").await;
    let id = &doc["components"]["schemas"]["PushRequest"]["properties"]["device_id"];
    assert_eq!(
        (&id["minLength"], &id["maxLength"]),
        (&Value::from(1), &Value::from(64)),
        "{}",
        doc["components"]["schemas"]["PushRequest"]
    );
    for (device, status) in [
        ("设".repeat(64), StatusCode::OK),
        ("设".repeat(65), StatusCode::BAD_REQUEST),
        (String::new(), StatusCode::BAD_REQUEST),
        ("pc\0".to_string(), StatusCode::BAD_REQUEST),
    ] {
        let body = serde_json::json!({"device_id": device, "mutations": []});
        let (st, v) = post(&app, &a, "/v1/push", &body).await;
        assert_eq!(st, status, "{} characters: {v}", device.chars().count());
    }
}

fn self_signed() -> Tls {
    let c = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).expect("certificate");
    Tls {
        cert_pem: c.cert.pem().into_bytes(),
        key_pem: c.signing_key.serialize_pem().into_bytes(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_serves_the_api_to_a_client_that_trusts_the_certificate() {
    let (storage, a, _) = storage_with_tokens().await;
    let tls = self_signed();
    let listener = serve::bind("127.0.0.1:0".parse().expect("addr")).expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve::serve(
        listener,
        xiaoqi_server::router(storage),
        Some(tls.clone()),
        async {
            let _ = stopped.await;
        },
    ));
    let url = format!("https://localhost:{port}");

    let client =
        xiaoqi_sync::Client::with_root_certificate(&url, &a, Some(&tls.cert_pem)).expect("client");
    let session = client.session().await.expect("session over https");
    assert_eq!(session.role, Role::College);
    assert_eq!(session.college.map(|c| c.code).as_deref(), Some("4401"));

    // The sync client has installed ring as the process's provider.
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&tls.cert_pem).expect("pem"))
        .build()
        .expect("client");
    let health = http
        .get(format!("{url}/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    assert_eq!(health.text().await.expect("text"), "ok");

    // A client that does not trust the certificate gets no answer, nor does plain HTTP.
    let untrusting = xiaoqi_sync::Client::new(&url, &a).expect("client");
    assert!(untrusting.session().await.is_err());
    let plain = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/health"))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    assert!(
        plain
            .map(|r| r.status() != reqwest::StatusCode::OK)
            .unwrap_or(true)
    );

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(15), server)
        .await
        .expect("stops")
        .expect("task")
        .expect("served");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_takes_a_certificate_and_key_from_files() {
    let dir = tempfile::tempdir().expect("dir");
    let tls = self_signed();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, &tls.cert_pem).expect("cert");
    std::fs::write(&key, &tls.key_pem).expect("key");
    let bin = env!("CARGO_BIN_EXE_xiaoqi-server");
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .arg("--data")
            .arg(&data)
            .args(args)
            .env_remove("XIAOQI_DATABASE_URL")
            .output()
            .expect("run")
    };
    assert!(
        run(&[
            "college",
            "add",
            "--code",
            "4401",
            "--name",
            "广州市工贸技师学院"
        ])
        .status
        .success()
    );
    let out = run(&["token", "issue", "--college", "4401"]);
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    // A certificate without its key is a usage error.
    let out = run(&["serve", "--tls-cert", cert.to_str().expect("path")]);
    assert!(!out.status.success());

    let mut child = tokio::process::Command::new(bin)
        .arg("--data")
        .arg(&data)
        .args(["serve", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .env("XIAOQI_LOG", "warn")
        .env_remove("XIAOQI_DATABASE_URL")
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("serve");
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(child.stderr.take().expect("stderr")).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("in time")
        .expect("read")
        .expect("a line");
    let addr = line
        .rsplit("https://")
        .next()
        .expect("address")
        .trim()
        .to_string();
    let port = addr.rsplit(':').next().expect("port");
    let client = xiaoqi_sync::Client::with_root_certificate(
        &format!("https://localhost:{port}"),
        &token,
        Some(&tls.cert_pem),
    )
    .expect("client");
    let session = client.session().await.expect("session over https");
    assert_eq!(session.college.map(|c| c.code).as_deref(), Some("4401"));
    child.start_kill().expect("kill");
    let _ = child.wait().await;
}
