//! The figures calls against the real server router on a loopback port (SQLite backend in a
//! temporary file), over a small demo province: what the client reads equals what the server
//! computes, each token reads only its own figures, and a failure says what to do without the
//! token in it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use xiaoqi_server::demo::{DemoOptions, seed};
use xiaoqi_server::storage::Storage;
use xiaoqi_server::storage::sqlite::SqliteStorage;
use xiaoqi_sync::{Client, SyncError};

/// The demo province at a small scale (a few hundred graduates a year), its tokens, and the
/// router serving it.
struct Province {
    storage: SqliteStorage,
    url: String,
    province_token: String,
    college_token: String,
    college_code: String,
    _dir: tempfile::TempDir,
}

async fn province() -> Province {
    let dir = tempfile::tempdir().expect("dir");
    let storage = SqliteStorage::open(&dir.path().join("server.db")).expect("storage");
    let report = seed(
        &storage,
        &DemoOptions {
            scale: 0.002,
            ..DemoOptions::default()
        },
        |_, _| {},
    )
    .await
    .expect("demo");
    let college_code = report.colleges[0].code.clone();
    let province_token = storage
        .issue_token(None, None)
        .await
        .expect("province token");
    let college_token = storage
        .issue_token(Some(&college_code), None)
        .await
        .expect("college token");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let app = xiaoqi_server::router(storage.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Province {
        storage,
        url,
        province_token,
        college_token,
        college_code,
        _dir: dir,
    }
}

/// What the server computed, as a client reads it off the wire (serde_json parses floats to
/// the nearest value, not always the very same bits: compare like with like).
fn on_the_wire<T: Serialize + DeserializeOwned>(value: &T) -> T {
    serde_json::from_slice(&serde_json::to_vec(value).expect("json")).expect("parse")
}

#[tokio::test]
async fn the_province_reads_the_same_figures_the_server_computes() {
    let p = province().await;
    let client = Client::new(&p.url, &p.province_token).expect("client");

    let session = client.session().await.expect("session");
    assert_eq!(session.role, xiaoqi_sync::Role::Province);
    assert!(session.college.is_none());

    let all = client.province_figures(None).await.expect("all cohorts");
    assert_eq!(
        all,
        on_the_wire(&p.storage.province_figures(None).await.expect("server"))
    );
    assert_eq!(all.colleges, xiaoqi_server::demo::COLLEGES as u32);
    assert_eq!(all.cohort, None);
    assert!(all.indicators.graduates > 0);
    assert_eq!(
        all.by_cohort.iter().map(|c| c.graduates).sum::<u32>(),
        all.indicators.graduates
    );
    assert_eq!(all.robotics.colleges, 63);
    assert_eq!(all.ai.colleges, 17);

    let cohort = all.by_cohort.last().expect("a cohort").clone();
    let one = client
        .province_figures(Some(cohort.cohort))
        .await
        .expect("one cohort");
    assert_eq!(
        one,
        on_the_wire(
            &p.storage
                .province_figures(Some(cohort.cohort))
                .await
                .expect("server")
        )
    );
    assert_eq!(one.cohort, Some(cohort.cohort));
    assert_eq!(one.indicators.graduates, cohort.graduates);

    // A cohort without graduates: zeros and no rates, not an error.
    let none = client.province_figures(Some(1990)).await.expect("empty");
    assert_eq!(none.indicators.graduates, 0);
    assert_eq!(none.indicators.rates.employment, None);
    assert_eq!(none.colleges, all.colleges);
}

#[tokio::test]
async fn each_token_reads_only_its_own_figures() {
    let p = province().await;
    let college = Client::new(&p.url, &p.college_token).expect("client");
    let province = Client::new(&p.url, &p.province_token).expect("client");

    let err = college
        .province_figures(None)
        .await
        .expect_err("a college reads no province");
    assert!(matches!(err, SyncError::TokenRefused(_)), "{err:?}");
    assert!(err.is_token_refused());
    assert!(!err.to_string().contains(&p.college_token));

    let own = college.college_figures(Some(2025)).await.expect("own");
    assert_eq!(own.college.code, p.college_code);
    let c = p
        .storage
        .colleges()
        .await
        .expect("colleges")
        .into_iter()
        .find(|c| c.code == p.college_code)
        .expect("college");
    assert_eq!(
        own,
        on_the_wire(
            &p.storage
                .college_figures(&c, Some(2025))
                .await
                .expect("server")
        )
    );

    let err = province
        .college_figures(None)
        .await
        .expect_err("the province has no college");
    assert!(matches!(err, SyncError::TokenRefused(_)), "{err:?}");
}

#[tokio::test]
async fn a_revoked_token_or_no_server_says_what_to_do_without_the_token() {
    let p = province().await;
    assert!(
        p.storage
            .revoke_token(&p.province_token)
            .await
            .expect("revoke")
    );
    let revoked = Client::new(&p.url, &p.province_token).expect("client");
    let err = revoked.province_figures(None).await.expect_err("revoked");
    assert!(matches!(err, SyncError::TokenRefused(_)), "{err:?}");
    assert!(!err.to_string().contains(&p.province_token));

    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let offline =
        Client::new(&format!("http://127.0.0.1:{port}"), "xq_secret-token").expect("client");
    let err = offline
        .province_figures(Some(2025))
        .await
        .expect_err("offline");
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err:?}");
    assert!(err.is_transient());
    assert!(!err.to_string().contains("secret-token"), "{err}");
}

#[tokio::test]
async fn a_sync_with_the_provincial_token_changes_nothing() {
    let p = province().await;
    let dir = tempfile::tempdir().expect("dir");
    let mut store = xiaoqi_core::Store::open(&dir.path().join("device.db")).expect("store");
    let before = store.college_id().to_string();
    let client = Client::new(&p.url, &p.province_token).expect("client");
    let err = xiaoqi_sync::sync(&mut store, &client, |_| {})
        .await
        .expect_err("the province syncs no records");
    assert!(matches!(err, SyncError::Province), "{err:?}");
    assert_eq!(store.college_id(), before);
    assert_eq!(store.sync_state().expect("state").bound_college, None);
}
