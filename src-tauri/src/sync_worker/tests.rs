//! The worker against a small fake of the server's API (session, push, pull over HTTP/1.1): when
//! it syncs, what it tells the UI, and the UI's store after the first sync bound the database.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::{Value, json};
use xiaoqi_core::model::ProgramInput;

use super::*;

const COLLEGE_ID: &str = "0190b5a0-0000-7000-8000-00000000c0de";

/// The fake server: counts requests and answers as a college token would, as the provincial
/// token would, or refuses it.
#[derive(Default)]
struct FakeServer {
    refuse: AtomicBool,
    province: AtomicBool,
    sessions: AtomicUsize,
    pushes: AtomicUsize,
    pulls: AtomicUsize,
    /// Mutations received, all pushes together.
    mutations: AtomicUsize,
}

impl FakeServer {
    fn start() -> (Arc<FakeServer>, String) {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let server = Arc::new(FakeServer::default());
        let shared = Arc::clone(&server);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                shared.answer(stream);
            }
        });
        (server, url)
    }

    fn answer(&self, stream: TcpStream) {
        let mut reader = BufReader::new(stream);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            return;
        }
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() || line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let path = request_line.split_whitespace().nth(1).unwrap_or("");
        let (status, reply) = if self.refuse.load(Ordering::SeqCst) {
            self.sessions.fetch_add(1, Ordering::SeqCst);
            (
                "401 Unauthorized",
                json!({"code": "auth.token", "message": "令牌无效或已吊销"}),
            )
        } else if self.province.load(Ordering::SeqCst) {
            match path {
                "/v1/session" => {
                    self.sessions.fetch_add(1, Ordering::SeqCst);
                    (
                        "200 OK",
                        json!({"role": "province", "college": null, "version": 0}),
                    )
                }
                _ => {
                    if path == "/v1/push" {
                        self.pushes.fetch_add(1, Ordering::SeqCst);
                    } else if path == "/v1/pull" {
                        self.pulls.fetch_add(1, Ordering::SeqCst);
                    }
                    (
                        "403 Forbidden",
                        json!({"code": "auth.province", "message": "省级令牌不能读写记录"}),
                    )
                }
            }
        } else {
            match path {
                "/v1/session" => {
                    self.sessions.fetch_add(1, Ordering::SeqCst);
                    (
                        "200 OK",
                        json!({
                            "role": "college",
                            "college": {"id": COLLEGE_ID, "code": "4419", "name": "东莞市技师学院", "city": "东莞"},
                            "version": 1,
                        }),
                    )
                }
                "/v1/push" => {
                    self.pushes.fetch_add(1, Ordering::SeqCst);
                    let mutations = body["mutations"].as_array().cloned().unwrap_or_default();
                    self.mutations.fetch_add(mutations.len(), Ordering::SeqCst);
                    let acked = mutations
                        .iter()
                        .filter_map(|m| m["id"].as_u64())
                        .max()
                        .unwrap_or(0);
                    (
                        "200 OK",
                        json!({"acked": acked, "version": 2, "applied": mutations.len(), "conflicts": 0}),
                    )
                }
                "/v1/pull" => {
                    self.pulls.fetch_add(1, Ordering::SeqCst);
                    (
                        "200 OK",
                        json!({"rows": [], "next": null, "version": 2, "remaining": 0}),
                    )
                }
                _ => (
                    "404 Not Found",
                    json!({"code": "not_found", "message": "no such path"}),
                ),
            }
        };
        let reply = reply.to_string();
        let mut stream = reader.into_inner();
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
            reply.len()
        );
        let _ = stream.flush();
    }
}

/// The app as the worker sees it: the UI's store, and every status published.
struct TestHost {
    path: PathBuf,
    ui: Mutex<Store>,
    published: Mutex<Vec<SyncStatus>>,
    reopened: AtomicUsize,
}

impl Host for Arc<TestHost> {
    fn publish(&self, status: &SyncStatus) {
        if let Ok(mut p) = self.published.lock() {
            p.push(status.clone());
        }
    }

    fn with_ui_store(
        &self,
        f: &mut dyn FnMut(&mut Store) -> xiaoqi_core::Result<()>,
    ) -> Result<xiaoqi_core::Result<()>, AppError> {
        let mut store = self.ui.lock().map_err(|_| AppError::internal("poisoned"))?;
        Ok(f(&mut store))
    }

    fn reopen_ui_store(&self) {
        self.reopened.fetch_add(1, Ordering::SeqCst);
        if let (Ok(mut store), Ok(fresh)) = (self.ui.lock(), Store::open(&self.path)) {
            *store = fresh;
        }
    }
}

impl TestHost {
    fn new(dir: &tempfile::TempDir) -> Arc<TestHost> {
        let path = dir.path().join("sync.db");
        let ui = Store::open(&path).expect("open");
        Arc::new(TestHost {
            path,
            ui: Mutex::new(ui),
            published: Mutex::new(Vec::new()),
            reopened: AtomicUsize::new(0),
        })
    }

    fn ui<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        f(&mut self.ui.lock().expect("ui store"))
    }

    fn statuses(&self) -> Vec<SyncStatus> {
        self.published.lock().expect("published").clone()
    }

    /// Waits (up to 20 s) until a published status satisfies `ok`, and returns it.
    fn wait_for(&self, what: &str, ok: impl Fn(&SyncStatus) -> bool) -> SyncStatus {
        let start = std::time::Instant::now();
        loop {
            if let Some(s) = self.statuses().into_iter().rev().find(|s| ok(s)) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no status {what}; published: {:#?}",
                self.statuses().last()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn quick() -> Timing {
    Timing {
        period: Duration::from_secs(3600),
        debounce: Duration::from_millis(150),
        debounce_max: Duration::from_secs(2),
        poll: Duration::from_millis(25),
        backoff: Duration::from_millis(50),
        backup_check: Duration::from_secs(3600),
    }
}

fn program(name: &str) -> ProgramInput {
    serde_json::from_value(json!({"name": name, "level": "高级工", "length_years": 3}))
        .expect("program input")
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

#[test]
fn the_worker_backs_up_at_start_and_lets_go_of_the_database_for_a_restore() {
    let dir = tempfile::tempdir().expect("dir");
    let host = TestHost::new(&dir);
    host.ui(|s| s.create_program(&program("数控加工")))
        .expect("program");
    let worker = SyncWorker::start(Arc::clone(&host), host.path.clone(), quick());
    host.wait_for("unconfigured", |s| s.activity == SyncActivity::Unconfigured);
    // The daily backup, made as the worker started, before any sync.
    let folder = xiaoqi_core::backup::backups_dir(&host.path);
    let backups = xiaoqi_core::backup::list_backups(&folder).expect("list");
    assert_eq!(backups.len(), 1, "{backups:?}");
    host.ui(|s| s.create_program(&program("工业机器人应用与维护")))
        .expect("program");

    block_on(async {
        // The app's own store closes, as `AppState::with_database_closed` does …
        host.ui(|s| *s = Store::open_in_memory().expect("stand-in"));
        let paused = worker.pause().await;
        // … and with the worker's connection gone too, the restore goes through.
        let restored =
            xiaoqi_core::backup::restore(&host.path, &backups[0].path).expect("restored");
        assert!(restored.kept_aside.is_some());
        // While paused, the worker answers nothing.
        let asked = worker.sync_now();
        tokio::pin!(asked);
        assert!(
            tokio::time::timeout(Duration::from_millis(300), &mut asked)
                .await
                .is_err()
        );
        host.ui(|s| *s = Store::open(&host.path).expect("reopen"));
        drop(paused);
        let answer = tokio::time::timeout(Duration::from_secs(10), asked)
            .await
            .expect("answered once the restore is over");
        assert_eq!(
            answer.err().map(|e| e.code),
            Some("sync.not_configured".to_string())
        );
    });
    let names: Vec<String> = host
        .ui(|s| s.programs())
        .expect("programs")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["数控加工"], "the backup's programs");
}

#[test]
fn without_settings_nothing_is_sent_and_the_changes_wait() {
    let dir = tempfile::tempdir().expect("dir");
    let host = TestHost::new(&dir);
    let worker = SyncWorker::start(Arc::clone(&host), host.path.clone(), quick());
    host.wait_for("unconfigured", |s| s.activity == SyncActivity::Unconfigured);

    host.ui(|s| s.create_program(&program("数控加工")))
        .expect("program");
    let status = host.wait_for("with the edit counted", |s| s.pending > 0);
    assert_eq!(status.activity, SyncActivity::Unconfigured);

    let err = block_on(worker.sync_now()).expect_err("not configured");
    assert_eq!(err.code, "sync.not_configured");
    assert!(
        host.statuses()
            .iter()
            .all(|s| s.activity == SyncActivity::Unconfigured)
    );
}

#[test]
fn first_sync_binds_the_ui_store_and_later_edits_follow_by_themselves() {
    let (server, url) = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let host = TestHost::new(&dir);
    host.ui(|s| {
        s.create_program(&program("工业机器人应用与维护"))?;
        s.set_sync_settings(&url, Some("college-token"), Some("王老师"))
    })
    .expect("seed");
    let _worker = SyncWorker::start(Arc::clone(&host), host.path.clone(), quick());

    // At start: bound, the outbox sent, nothing waiting.
    let done = host.wait_for("after the first sync", |s| s.last_sync.is_some());
    let summary = done.last_sync.clone().expect("summary");
    assert!(summary.bound, "{summary:?}");
    assert!(summary.pushed >= 1, "{summary:?}");
    assert_eq!(done.activity, SyncActivity::Idle);
    assert_eq!(done.pending, 0);
    assert!(done.last_synced_at.is_some());
    assert_eq!(done.error, None);
    assert!(
        host.statuses()
            .iter()
            .any(|s| s.activity == SyncActivity::Syncing)
    );
    assert_eq!(server.sessions.load(Ordering::SeqCst), 2);

    // The UI's store took the server's college: what it writes now is the college's.
    let (college, programs) = host
        .ui(|s| Ok::<_, CoreError>((s.college()?, s.programs()?.len())))
        .expect("read");
    assert_eq!(college.id, COLLEGE_ID);
    assert_eq!(college.name, "东莞市技师学院");
    assert_eq!(programs, 1);
    host.ui(|s| s.create_program(&program("数控加工")))
        .expect("program after binding");
    assert_eq!(host.ui(|s| s.programs()).expect("programs").len(), 2);

    // The edit is noticed and sent after the debounce, without anyone asking.
    let pushes = server.pushes.load(Ordering::SeqCst);
    let sent = server.mutations.load(Ordering::SeqCst);
    let start = std::time::Instant::now();
    while server.pushes.load(Ordering::SeqCst) == pushes {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no push after the edit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    host.wait_for("nothing waiting", |s| {
        s.pending == 0 && s.activity == SyncActivity::Idle
    });
    assert!(server.mutations.load(Ordering::SeqCst) > sent);
}

#[test]
fn an_unreachable_server_is_offline_and_retried_quietly() {
    let port = TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let dir = tempfile::tempdir().expect("dir");
    let host = TestHost::new(&dir);
    host.ui(|s| {
        s.set_sync_settings(
            &format!("http://127.0.0.1:{port}"),
            Some("secret-token-4419"),
            None,
        )
    })
    .expect("settings");
    let worker = SyncWorker::start(Arc::clone(&host), host.path.clone(), quick());

    let offline = host.wait_for("offline", |s| s.activity == SyncActivity::Offline);
    assert_eq!(
        offline.error.as_ref().map(|e| e.code.as_str()),
        Some("sync.unreachable")
    );
    // Tried again by itself after the back-off.
    let tries = |host: &TestHost| {
        host.statuses()
            .windows(2)
            .filter(|w| {
                w[0].activity != SyncActivity::Syncing && w[1].activity == SyncActivity::Syncing
            })
            .count()
    };
    let start = std::time::Instant::now();
    while tries(&host) < 2 {
        assert!(start.elapsed() < Duration::from_secs(20), "no retry");
        std::thread::sleep(Duration::from_millis(20));
    }
    let err = block_on(worker.sync_now()).expect_err("offline");
    assert_eq!(err.code, "sync.unreachable");
    assert!(!err.message.contains("secret-token"), "{}", err.message);
}

#[test]
fn a_refused_token_stops_until_the_settings_change() {
    let (server, url) = FakeServer::start();
    server.refuse.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("dir");
    let host = TestHost::new(&dir);
    host.ui(|s| s.set_sync_settings(&url, Some("revoked"), None))
        .expect("settings");
    let timing = Timing {
        period: Duration::from_millis(50),
        ..quick()
    };
    let worker = SyncWorker::start(Arc::clone(&host), host.path.clone(), timing);

    let refused = host.wait_for("refused", |s| s.activity == SyncActivity::Error);
    assert_eq!(
        refused.error.as_ref().map(|e| e.code.as_str()),
        Some("sync.token_refused")
    );
    let asked = server.sessions.load(Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        server.sessions.load(Ordering::SeqCst),
        asked,
        "no timed retry with a refused token"
    );

    // A new token: the worker tries again at once.
    server.refuse.store(false, Ordering::SeqCst);
    host.ui(|s| s.set_sync_settings(&url, Some("fresh"), None))
        .expect("settings");
    worker.settings_changed();
    let done = host.wait_for("synced with the new token", |s| s.last_sync.is_some());
    assert_eq!(done.activity, SyncActivity::Idle);
    assert_eq!(done.error, None);
}

#[test]
fn a_database_bound_by_another_program_is_reopened_on_both_sides() {
    let (_server, url) = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let host = TestHost::new(&dir);
    let worker = SyncWorker::start(Arc::clone(&host), host.path.clone(), quick());
    host.wait_for("unconfigured", |s| s.activity == SyncActivity::Unconfigured);

    // `xiaoqi sync` binds the database while the app has it open.
    let mut cli = Store::open(&host.path).expect("open");
    let college = serde_json::from_value(json!({
        "id": COLLEGE_ID, "code": "4419", "name": "东莞市技师学院", "city": "东莞",
    }))
    .expect("college");
    assert!(cli.bind_college(&college).expect("bind"));
    drop(cli);
    assert_ne!(host.ui(|s| s.college_id().to_string()), COLLEGE_ID);

    host.ui(|s| s.set_sync_settings(&url, Some("college-token"), None))
        .expect("settings");
    worker.settings_changed();
    let done = host.wait_for("synced", |s| s.last_sync.is_some());
    assert_eq!(done.error, None);
    assert_eq!(host.reopened.load(Ordering::SeqCst), 1);
    assert_eq!(host.ui(|s| s.college_id().to_string()), COLLEGE_ID);
}

#[test]
fn the_provincial_token_is_read_only_not_refused_and_changes_nothing() {
    let (server, url) = FakeServer::start();
    server.province.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("dir");
    let host = TestHost::new(&dir);
    let college_before = host.ui(|s| s.college_id().to_string());
    host.ui(|s| s.set_sync_settings(&url, Some("province-token"), None))
        .expect("settings");
    let worker = SyncWorker::start(Arc::clone(&host), host.path.clone(), quick());

    let province = host.wait_for("the province's role", |s| {
        s.role == Some(SyncRole::Province)
    });
    assert_eq!(province.activity, SyncActivity::Idle);
    assert_eq!(province.error, None);
    assert_eq!(province.last_sync, None);
    // Asked on demand: the same, and still nothing sent or received.
    let now = block_on(worker.sync_now()).expect("the token works");
    assert_eq!(now.role, Some(SyncRole::Province));
    assert_eq!(now.activity, SyncActivity::Idle);
    assert_eq!(server.pushes.load(Ordering::SeqCst), 0);
    assert_eq!(server.pulls.load(Ordering::SeqCst), 0);
    assert_eq!(host.reopened.load(Ordering::SeqCst), 0);
    let (college, bound) = host
        .ui(|s| Ok::<_, CoreError>((s.college_id().to_string(), s.sync_state()?.bound_college)))
        .expect("state");
    assert_eq!(college, college_before);
    assert_eq!(bound, None);
    assert!(
        host.statuses()
            .iter()
            .all(|s| s.activity != SyncActivity::Error),
        "never shown as a refused token"
    );

    // A college's token saved instead: the role is unknown until the server has said, then
    // the records sync.
    server.province.store(false, Ordering::SeqCst);
    host.ui(|s| s.set_sync_settings(&url, Some("college-token"), None))
        .expect("settings");
    worker.settings_changed();
    host.wait_for("the role forgotten", |s| s.role.is_none());
    let college = host.wait_for("a college's sync", |s| s.last_sync.is_some());
    assert_eq!(college.role, Some(SyncRole::College));
    assert!(server.pulls.load(Ordering::SeqCst) > 0);
}

#[test]
fn a_college_database_given_the_provincial_token_keeps_its_records() {
    let (server, url) = FakeServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let host = TestHost::new(&dir);
    host.ui(|s| {
        s.create_program(&program("数控加工"))?;
        s.set_sync_settings(&url, Some("college-token"), None)
    })
    .expect("seed");
    let worker = SyncWorker::start(Arc::clone(&host), host.path.clone(), quick());
    host.wait_for("bound", |s| s.role == Some(SyncRole::College));

    // Saving the same settings again keeps the role.
    worker.settings_changed();
    std::thread::sleep(Duration::from_millis(50));
    assert!(
        host.statuses()
            .last()
            .is_some_and(|s| s.role == Some(SyncRole::College))
    );

    server.province.store(true, Ordering::SeqCst);
    host.ui(|s| {
        s.create_program(&program("焊接加工"))?;
        s.set_sync_settings(&url, Some("province-token"), None)
    })
    .expect("settings");
    worker.settings_changed();
    let province = host.wait_for("the province's role", |s| {
        s.role == Some(SyncRole::Province)
    });
    assert_eq!(province.error, None);
    assert_eq!(province.pending, 1, "the edit waits for a college's token");
    let (college, programs) = host
        .ui(|s| Ok::<_, CoreError>((s.college_id().to_string(), s.programs()?.len())))
        .expect("read");
    assert_eq!(college, COLLEGE_ID);
    assert_eq!(programs, 2);
}

#[test]
fn a_province_device_started_offline_still_opens_as_the_province() {
    let (server, url) = FakeServer::start();
    server.province.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("dir");
    let host = TestHost::new(&dir);
    host.ui(|s| s.set_sync_settings(&url, Some("province-token"), None))
        .expect("settings");
    let worker = SyncWorker::start(Arc::clone(&host), host.path.clone(), quick());
    host.wait_for("the province's role", |s| {
        s.role == Some(SyncRole::Province)
    });
    drop(worker);

    // The next start, with the server out of reach: the role the server gave is remembered.
    let port = TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let nobody = format!("http://127.0.0.1:{port}");
    host.ui(|s| s.set_sync_settings(&nobody, None, None))
        .expect("settings");
    let again = TestHost::new(&dir);
    let _worker = SyncWorker::start(Arc::clone(&again), again.path.clone(), quick());
    let offline = again.wait_for("offline", |s| s.activity == SyncActivity::Offline);
    assert_eq!(offline.role, Some(SyncRole::Province));
}
