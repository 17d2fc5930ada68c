//! The server's logs say what happened to each request and never whose data it carried: a push
//! with an ID number and a phone number, a pull, figures and a refused request are logged with
//! their route, status, latency, college and device, and neither number (nor the token, nor a
//! name) appears in the output. Its own test binary: it installs the global subscriber.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;
use tower::ServiceExt;
use xiaoqi_protocol::{Mutation, Op, PullRequest, PushRequest};
use xiaoqi_server::storage::Storage;
use xiaoqi_server::storage::sqlite::SqliteStorage;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

const ID_NUMBER: &str = "11010519491231002X";
const PHONE: &str = "13912345678";
const NAME: &str = "欧阳晓燕";

#[tokio::test]
async fn a_push_with_personal_data_leaves_none_of_it_in_the_logs() {
    let text = Captured::default();
    let json = Captured::default();
    {
        use tracing_subscriber::layer::SubscriberExt;
        let (t, j) = (text.clone(), json.clone());
        let subscriber = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_writer(move || t.clone()),
            )
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_writer(move || j.clone()),
            )
            .with(tracing_subscriber::filter::LevelFilter::TRACE);
        tracing::subscriber::set_global_default(subscriber).expect("subscriber");
    }

    let storage = SqliteStorage::open_in_memory().expect("storage");
    storage
        .add_college("4401", "广州市工贸技师学院", Some("广州"))
        .await
        .expect("college");
    let token = storage
        .issue_token(Some("4401"), None)
        .await
        .expect("token");
    let province = storage.issue_token(None, None).await.expect("token");
    let app = xiaoqi_server::router(storage.clone());
    let send = |method: &str, path: &str, token: &str, body: String| {
        let app = app.clone();
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("request");
        async move { app.oneshot(req).await.expect("response").status() }
    };

    let mutation = Mutation {
        id: 1,
        change_id: "c1".into(),
        table: "graduates".into(),
        row_id: "g1".into(),
        op: Op::Insert,
        columns: serde_json::from_value(json!({
            "name": NAME, "id_number": ID_NUMBER, "phone": PHONE, "student_number": "2022010101",
            "cohort": 2025, "program_id": "p1", "deleted_at": null
        }))
        .expect("columns"),
        base_version: 0,
        at: "2026-11-29T10:00:00.000Z".into(),
        user: Some("梁老师".into()),
    };
    let push = serde_json::to_string(&PushRequest {
        device_id: "pc-office-1".into(),
        mutations: vec![mutation.clone()],
    })
    .expect("json");
    assert_eq!(send("POST", "/v1/push", &token, push).await, StatusCode::OK);
    let pull = serde_json::to_string(&PullRequest {
        limit: 100,
        ..Default::default()
    })
    .expect("json");
    assert_eq!(send("POST", "/v1/pull", &token, pull).await, StatusCode::OK);
    assert_eq!(
        send("GET", "/v1/college/figures", &token, String::new()).await,
        StatusCode::OK
    );
    assert_eq!(
        send("GET", "/v1/province/figures", &province, String::new()).await,
        StatusCode::OK
    );
    // Refused requests carrying the numbers: an unknown column, broken JSON, a bad token.
    let mut bad = mutation;
    bad.id = 2;
    bad.columns.insert("身份证".into(), json!(ID_NUMBER));
    let refused = serde_json::to_string(&PushRequest {
        device_id: "pc-office-1".into(),
        mutations: vec![bad],
    })
    .expect("json");
    assert_eq!(
        send("POST", "/v1/push", &token, refused).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let broken = format!(r#"{{"device_id": "pc", "mutations": [{{"phone": "{PHONE}""#);
    assert_eq!(
        send("POST", "/v1/push", &token, broken).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        send("GET", "/v1/session", PHONE, String::new()).await,
        StatusCode::UNAUTHORIZED
    );

    for (format, out) in [("text", text.text()), ("json", json.text())] {
        for secret in [
            ID_NUMBER,
            PHONE,
            NAME,
            token.as_str(),
            province.as_str(),
            "梁老师",
        ] {
            assert!(!out.contains(secret), "{format} log holds {secret}:\n{out}");
        }
        for seen in [
            "/v1/push",
            "/v1/pull",
            "/v1/college/figures",
            "/v1/province/figures",
            "pc-office-1",
            "latency_ms",
        ] {
            assert!(out.contains(seen), "{format} log lacks {seen}:\n{out}");
        }
    }
    let college_id = storage.colleges().await.expect("colleges")[0].id.clone();
    let out = text.text();
    assert!(out.contains(&format!("college_id={college_id}")), "{out}");
    for status in ["status=200", "status=422", "status=400", "status=401"] {
        assert!(out.contains(status), "{status}:\n{out}");
    }
    // One JSON object a line, the request's fields in its span.
    let line = json
        .text()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .find(|v| v["fields"]["message"] == "push")
        .expect("the push event");
    assert_eq!(line["span"]["route"], "/v1/push");
    assert_eq!(line["span"]["device_id"], "pc-office-1");
    assert_eq!(line["fields"]["applied"], 1);
}
