//! Background sync (docs/sync.md): one worker thread with its own tokio runtime (two workers, so
//! that a pull page is fetched while the one before is written) and its own connection to the
//! database (SQLite in WAL mode), so the UI's store is never locked
//! while the network is slow. Once a server address and a token are saved it syncs at start,
//! every few minutes, shortly after local edits and when asked; what it is doing is published to
//! the UI as [`SyncStatus`] (a typed event). An unreachable server is retried quietly with a
//! growing delay; a refused token stops the worker until the settings change.
//!
//! The provincial token syncs no records: the server says so in its session, and the worker then
//! only checks the token at the same times, publishing the role `province` (the UI shows the
//! province's figures instead of the college's pages). Nothing in the database changes.
//!
//! The first sync rewrites the database's college id, which every `Store` caches: the worker
//! binds the UI's store itself (local work under its lock, after the network call that named
//! the college), then reopens its own connection before the push and pull.
//!
//! The worker also makes the automatic daily backup (`xiaoqi_core::backup::auto_backup`) with its
//! own connection: at start, before the first sync, and then every [`Timing::backup_check`]. A
//! restore asks it to let go of its connection ([`SyncWorker::pause`]) and opens the database
//! again when the restore is over.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use xiaoqi_core::{CoreError, Store};
use xiaoqi_sync::{Client, Phase, Progress, Report, Role, SyncError};

use crate::error::AppError;

/// What the worker is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncActivity {
    /// No server address or no token saved: nothing leaves this computer.
    Unconfigured,
    /// Waiting for the next sync; the last one (if any) succeeded.
    Idle,
    Syncing,
    /// The server could not be reached; retried later by itself.
    Offline,
    /// The last sync failed for another reason (see `error`).
    Error,
}

/// Whom the saved token speaks for, as the server said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncRole {
    /// A college's computer: its records sync.
    College,
    /// The province: read-only figures of every college, no records.
    Province,
}

/// Which half of a sync is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncStep {
    Push,
    Pull,
}

/// How far the running sync is: `done` of `total` changes sent or records received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SyncProgress {
    pub step: SyncStep,
    pub done: u32,
    pub total: u32,
}

/// What the last successful sync moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SyncSummary {
    /// When it ended (RFC 3339).
    pub at: String,
    /// It was this database's first sync: the records now belong to the server's college.
    pub bound: bool,
    pub pushed: u32,
    pub pulled: u32,
    /// Conflicts the server recorded while taking this computer's changes.
    pub conflicts: u32,
}

/// Where sync stands, as the header's indicator shows it. Sent as the `sync-status` event
/// whenever it changes, and answered by `sync_status`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncStatus {
    pub activity: SyncActivity,
    /// The saved server address, and whether a token is saved (the token is never sent).
    pub server: Option<String>,
    pub has_token: bool,
    /// Whom the saved token speaks for, once the server has said (none before, or after the
    /// token changed or was refused).
    pub role: Option<SyncRole>,
    /// Local changes waiting to be sent.
    pub pending: u32,
    /// Conflicts nobody has resolved yet.
    pub open_conflicts: u32,
    /// When the last sync ended (RFC 3339); none before the first.
    pub last_synced_at: Option<String>,
    /// While syncing: how far it is (none until the first step reports).
    pub progress: Option<SyncProgress>,
    /// Why the last sync failed (`activity` offline or error); none after a success.
    pub error: Option<AppError>,
    /// What the last successful sync of this session moved.
    pub last_sync: Option<SyncSummary>,
}

impl SyncStatus {
    fn new() -> SyncStatus {
        SyncStatus {
            activity: SyncActivity::Unconfigured,
            server: None,
            has_token: false,
            role: None,
            pending: 0,
            open_conflicts: 0,
            last_synced_at: None,
            progress: None,
            error: None,
            last_sync: None,
        }
    }

    fn configured(&self) -> bool {
        self.server.is_some() && self.has_token
    }

    /// Takes what the database says (settings, counts, last sync) from `store`.
    pub fn fill_from(&mut self, store: &Store) -> xiaoqi_core::Result<()> {
        let state = store.sync_state()?;
        self.server = state.server;
        self.has_token = state.has_token;
        self.pending = clamp(state.pending);
        self.open_conflicts = clamp(state.open_conflicts);
        self.last_synced_at = state.last_synced_at;
        // What the server said the token is, remembered in the database: a province device
        // opens on the province's figures before the server answers (or while offline).
        if self.role.is_none() {
            self.role = match state.role.as_deref() {
                Some("province") => Some(SyncRole::Province),
                Some("college") => Some(SyncRole::College),
                _ => None,
            };
        }
        if self.activity != SyncActivity::Syncing {
            if !self.configured() {
                self.activity = SyncActivity::Unconfigured;
                self.error = None;
                self.role = None;
            } else if self.activity == SyncActivity::Unconfigured {
                self.activity = SyncActivity::Idle;
            }
        }
        Ok(())
    }
}

fn clamp(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

/// The app around the worker: where its status goes and the UI's own store.
pub trait Host: Send + Sync + 'static {
    /// Tells the UI what the worker is doing.
    fn publish(&self, status: &SyncStatus);
    /// Runs `f` on the UI's store (local work only: it holds that store's lock). The outer
    /// error: the UI's store is not available.
    fn with_ui_store(
        &self,
        f: &mut dyn FnMut(&mut Store) -> xiaoqi_core::Result<()>,
    ) -> Result<xiaoqi_core::Result<()>, AppError>;
    /// The database was bound to the server's college by a sync: the UI's store must be
    /// reopened (it caches the college id).
    fn reopen_ui_store(&self);
}

/// How often the worker looks and syncs.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Between syncs while everything is well.
    pub period: Duration,
    /// After the last local edit, before a sync sends it.
    pub debounce: Duration,
    /// The longest a stream of edits can put a sync off.
    pub debounce_max: Duration,
    /// How often the database is checked for new local edits.
    pub poll: Duration,
    /// The first retry after a failure; doubled after each further failure, up to `period`.
    pub backoff: Duration,
    /// How often the worker checks whether the daily backup is due.
    pub backup_check: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            period: Duration::from_secs(5 * 60),
            debounce: Duration::from_secs(10),
            debounce_max: Duration::from_secs(60),
            poll: Duration::from_secs(2),
            backoff: Duration::from_secs(15),
            backup_check: Duration::from_secs(60 * 60),
        }
    }
}

impl Timing {
    fn retry_after(&self, failures: u32) -> Duration {
        let factor = 1u32 << failures.saturating_sub(1).min(16);
        self.backoff.saturating_mul(factor).min(self.period)
    }
}

/// The outcome of a sync asked for by the UI: the status after it, or why it failed.
pub type SyncOutcome = Result<SyncStatus, AppError>;

enum Request {
    /// Sync now and answer when done.
    Now(oneshot::Sender<SyncOutcome>),
    /// The server address or token changed: a refused token may work now (a sync follows
    /// shortly).
    SettingsChanged,
    /// Something was edited here (the worker also notices by itself).
    Edited,
    /// A restore: close the database's connection, say so, and wait for `resume` (sent or
    /// dropped) before opening it again.
    Pause {
        released: oneshot::Sender<()>,
        resume: oneshot::Receiver<()>,
    },
}

/// The worker holds no connection of the database while this lives; dropping it lets the worker
/// open the database again.
pub struct Paused {
    _resume: Option<oneshot::Sender<()>>,
}

/// The handle the app keeps (Tauri state): asks the worker and reads its last status.
pub struct SyncWorker {
    tx: mpsc::UnboundedSender<Request>,
    status: Arc<Mutex<SyncStatus>>,
}

impl SyncWorker {
    /// Starts the worker thread on the database at `db_path`.
    pub fn start<H: Host>(host: H, db_path: PathBuf, timing: Timing) -> SyncWorker {
        let (tx, rx) = mpsc::unbounded_channel();
        let status = Arc::new(Mutex::new(SyncStatus::new()));
        let shared = Arc::clone(&status);
        let spawned = std::thread::Builder::new()
            .name("xiaoqi-sync".into())
            .spawn(move || {
                // Two workers: the next pull page is fetched while the current one is written.
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("xiaoqi-sync")
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        tracing::error!("sync: cannot start its runtime: {e}");
                        return;
                    }
                };
                runtime.block_on(run(host, db_path, timing, shared, rx));
            });
        if let Err(e) = spawned {
            tracing::error!("sync: cannot start its thread: {e}");
        }
        SyncWorker { tx, status }
    }

    /// The worker's last published status.
    pub fn status(&self) -> SyncStatus {
        self.status
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|_| SyncStatus::new())
    }

    /// Syncs now (after the sync running, if one is) and answers when done.
    pub async fn sync_now(&self) -> SyncOutcome {
        let (reply, answer) = oneshot::channel();
        self.tx.send(Request::Now(reply)).map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// The settings were saved.
    pub fn settings_changed(&self) {
        let _ = self.tx.send(Request::SettingsChanged);
    }

    /// Something was edited here: a sync follows shortly.
    pub fn edited(&self) {
        let _ = self.tx.send(Request::Edited);
    }

    /// Has the worker close its connection (after the sync running, if one is) and answers once
    /// it did; the worker opens the database again when the answer is dropped. A worker that
    /// stopped holds no connection: the answer comes at once.
    pub async fn pause(&self) -> Paused {
        let (released, answer) = oneshot::channel();
        let (resume, waiting) = oneshot::channel();
        let request = Request::Pause {
            released,
            resume: waiting,
        };
        if self.tx.send(request).is_err() {
            return Paused { _resume: None };
        }
        let _ = answer.await;
        Paused {
            _resume: Some(resume),
        }
    }
}

fn stopped() -> AppError {
    AppError {
        code: "sync.stopped".into(),
        message: "同步已停止：无法打开本机数据".into(),
        fields: Vec::new(),
    }
}

fn not_configured() -> AppError {
    AppError {
        code: "sync.not_configured".into(),
        message: "尚未设置同步服务器地址和令牌".into(),
        fields: Vec::new(),
    }
}

/// What a sync that did not fail did.
enum Outcome {
    /// The college's records went up and came down.
    Synced(Report),
    /// The token is the province's: nothing to sync, the token works.
    Province,
}

/// A failed sync as the worker treats it.
struct Failure {
    error: AppError,
    /// The server could not be reached, or asked to slow down (retried later, shown as offline).
    offline: bool,
    /// The token cannot sync this database: wait for new settings.
    refused: bool,
}

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Self {
        Failure {
            offline: matches!(e, SyncError::Unreachable { .. } | SyncError::Busy { .. }),
            refused: e.is_token_refused(),
            error: AppError::from(e),
        }
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure::from(SyncError::from(e))
    }
}

impl From<AppError> for Failure {
    fn from(error: AppError) -> Self {
        Failure {
            error,
            offline: false,
            refused: false,
        }
    }
}

struct Worker<H> {
    host: H,
    db_path: PathBuf,
    store: Store,
    timing: Timing,
    status: Arc<Mutex<SyncStatus>>,
    /// When the next timed sync is due (none: not planned, e.g. after a refused token).
    next_attempt: Option<Instant>,
    /// Local edits seen: the first one's time and when the debounced sync is due.
    edits: Option<(Instant, Instant)>,
    /// Failures in a row.
    failures: u32,
    /// The token was refused: no timed sync until the settings change.
    blocked: bool,
    /// `PRAGMA data_version` when last looked: moves when another connection commits.
    data_version: i64,
    /// The token the published role was learnt with (in memory only): another token saved
    /// makes the role unknown again.
    role_token: Option<String>,
    /// When to check next whether the daily backup is due.
    next_backup: Instant,
}

async fn run<H: Host>(
    host: H,
    db_path: PathBuf,
    timing: Timing,
    status: Arc<Mutex<SyncStatus>>,
    mut rx: mpsc::UnboundedReceiver<Request>,
) {
    let store = match Store::open(&db_path) {
        Ok(store) => store,
        Err(e) => {
            tracing::error!(code = e.code(), "sync: cannot open the database");
            if let Ok(mut s) = status.lock() {
                s.activity = SyncActivity::Error;
                s.error = Some(AppError::from(e));
                host.publish(&s);
            }
            return;
        }
    };
    let mut worker = Worker {
        host,
        db_path,
        store,
        timing,
        status,
        next_attempt: Some(Instant::now()),
        edits: None,
        failures: 0,
        blocked: false,
        data_version: -1,
        role_token: None,
        next_backup: Instant::now(),
    };
    worker.backup_if_due();
    worker.observe();
    worker.publish();
    loop {
        let wake = worker.next_wake();
        let mut waiters = Vec::new();
        let first = tokio::select! {
            request = rx.recv() => match request {
                Some(request) => Some(request),
                None => return,
            },
            () = tokio::time::sleep_until(wake) => None,
        };
        let mut requests: Vec<Request> = first.into_iter().collect();
        while let Ok(request) = rx.try_recv() {
            requests.push(request);
        }
        for request in requests {
            match request {
                Request::Now(reply) => waiters.push(reply),
                Request::SettingsChanged => {
                    // Shortly, not at once: a "test and sync now" right after the save is then
                    // the sync that reports what moved.
                    worker.blocked = false;
                    worker.failures = 0;
                    worker.next_attempt = Some(Instant::now() + worker.timing.debounce);
                    worker.data_version = -1;
                    worker.forget_role_of_another_token();
                }
                Request::Edited => worker.edit_seen(),
                Request::Pause { released, resume } => {
                    worker.pause(released, resume).await;
                }
            }
        }
        if Instant::now() >= worker.next_backup {
            worker.backup_if_due();
        }
        worker.observe();
        if !waiters.is_empty() || worker.due() {
            let outcome = worker.attempt().await;
            for reply in waiters {
                let _ = reply.send(outcome.clone());
            }
        }
    }
}

impl<H: Host> Worker<H> {
    fn publish(&self) {
        if let Ok(s) = self.status.lock() {
            self.host.publish(&s);
        }
    }

    fn update(&self, f: impl FnOnce(&mut SyncStatus)) {
        if let Ok(mut s) = self.status.lock() {
            f(&mut s);
        }
    }

    fn snapshot(&self) -> SyncStatus {
        self.status
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|_| SyncStatus::new())
    }

    /// Reads the database's side of the status again when another connection wrote to it;
    /// publishes the status when that changed it. More changes waiting than before means
    /// local edits: a sync follows shortly.
    fn observe(&mut self) {
        let version: i64 = self
            .store
            .connection()
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap_or(-1);
        if version == self.data_version && version != -1 {
            return;
        }
        self.data_version = version;
        let before = self.snapshot();
        let mut now = before.clone();
        if let Err(e) = now.fill_from(&self.store) {
            tracing::warn!(code = e.code(), "sync: cannot read the sync state");
            return;
        }
        if now.pending > before.pending {
            self.edit_seen();
        }
        if now != before {
            self.update(|s| *s = now);
            self.publish();
        }
    }

    /// Keeps whom the token speaks for in the database, for the next start.
    fn remember_role(&self, role: Option<Role>) {
        if let Err(e) = self.store.set_sync_role(role) {
            tracing::warn!(code = %AppError::from(e).code, "sync: cannot remember the token's role");
        }
    }

    /// The settings were saved: a role learnt with another token than the one saved now is
    /// unknown until the next sync.
    fn forget_role_of_another_token(&mut self) {
        let token = self.store.sync_settings().ok().and_then(|(_, token)| token);
        if token != self.role_token {
            self.role_token = None;
            self.update(|s| s.role = None);
            self.publish();
        }
    }

    fn province(&self) -> bool {
        self.status
            .lock()
            .is_ok_and(|s| s.role == Some(SyncRole::Province))
    }

    fn edit_seen(&mut self) {
        if self.province() {
            // The province sends nothing: an edit here waits for a college's token.
            return;
        }
        let now = Instant::now();
        let first = self.edits.map_or(now, |(first, _)| first);
        let due = (now + self.timing.debounce).min(first + self.timing.debounce_max);
        self.edits = Some((first, due));
    }

    fn configured(&self) -> bool {
        self.status.lock().is_ok_and(|s| s.configured())
    }

    /// A timed or debounced sync is due. Edits wait for the retry while the last sync failed.
    fn due(&self) -> bool {
        if !self.configured() || self.blocked {
            return false;
        }
        let now = Instant::now();
        let timed = self.next_attempt.is_some_and(|t| t <= now);
        let edited = self.failures == 0 && self.edits.is_some_and(|(_, due)| due <= now);
        timed || edited
    }

    /// The daily backup, when it is due (a failure is logged; the next check tries again).
    fn backup_if_due(&mut self) {
        self.next_backup = Instant::now() + self.timing.backup_check;
        match xiaoqi_core::backup::auto_backup(&self.store) {
            Ok(Some(file)) => {
                tracing::info!(name = %file.name, size = file.size, "backup: made the daily backup");
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(code = e.code(), "backup: the daily backup failed: {e}"),
        }
    }

    /// A restore: the database's connection closes (an empty in-memory store stands in, which
    /// has no server to sync with), the restore is told, and once it is over the database opens
    /// again and syncs shortly, as after new settings (the restored database has its own).
    async fn pause(&mut self, released: oneshot::Sender<()>, resume: oneshot::Receiver<()>) {
        match Store::open_in_memory() {
            Ok(stand_in) => self.store = stand_in,
            Err(e) => {
                tracing::error!(code = e.code(), "sync: cannot let go of the database");
                return;
            }
        }
        let _ = released.send(());
        let _ = resume.await;
        match Store::open(&self.db_path) {
            Ok(store) => self.store = store,
            Err(e) => {
                tracing::error!(code = e.code(), "sync: cannot open the database again");
                self.blocked = true;
                self.update(|s| {
                    s.activity = SyncActivity::Error;
                    s.error = Some(AppError::from(e));
                });
                self.publish();
                return;
            }
        }
        self.blocked = false;
        self.failures = 0;
        self.edits = None;
        self.next_attempt = Some(Instant::now() + self.timing.debounce);
        self.data_version = -1;
        self.role_token = None;
        self.update(|s| {
            s.role = None;
            s.error = None;
            s.last_sync = None;
            if s.activity != SyncActivity::Unconfigured {
                s.activity = SyncActivity::Idle;
            }
        });
        self.observe_now();
    }

    /// When to wake up next: the next poll, or earlier when a sync is due sooner.
    fn next_wake(&self) -> Instant {
        let mut wake = (Instant::now() + self.timing.poll).min(self.next_backup);
        if self.configured() && !self.blocked {
            if let Some(t) = self.next_attempt {
                wake = wake.min(t);
            }
            if self.failures == 0
                && let Some((_, due)) = self.edits
            {
                wake = wake.min(due);
            }
        }
        wake
    }

    /// One sync; the status says how it went either way.
    async fn attempt(&mut self) -> SyncOutcome {
        let (server, token) = match self.store.sync_settings() {
            Ok((Some(server), Some(token))) => (server, token),
            Ok(_) => {
                self.observe_now();
                return Err(not_configured());
            }
            Err(e) => return Err(AppError::from(e)),
        };
        self.update(|s| {
            s.activity = SyncActivity::Syncing;
            s.progress = None;
        });
        self.publish();
        let result = self.sync(&server, &token).await;
        let now = Instant::now();
        match result {
            Ok(Outcome::Province) => {
                tracing::info!("sync: the provincial token, nothing to sync");
                self.role_token = Some(token);
                self.remember_role(Some(Role::Province));
                self.failures = 0;
                self.blocked = false;
                self.next_attempt = Some(now + self.timing.period);
                self.edits = None;
                self.update(|s| {
                    s.activity = SyncActivity::Idle;
                    s.role = Some(SyncRole::Province);
                    s.progress = None;
                    s.error = None;
                });
            }
            Ok(Outcome::Synced(report)) => {
                tracing::info!(
                    pushed = report.pushed,
                    pulled = report.pulled,
                    conflicts = report.conflicts,
                    bound = report.bound,
                    "sync: done"
                );
                if self.ui_store_is_stale() {
                    self.host.reopen_ui_store();
                }
                self.failures = 0;
                self.blocked = false;
                self.next_attempt = Some(now + self.timing.period);
                self.edits = None;
                let summary = SyncSummary {
                    at: xiaoqi_core::clock::now(),
                    bound: report.bound,
                    pushed: clamp(report.pushed),
                    pulled: clamp(report.pulled),
                    conflicts: clamp(report.conflicts),
                };
                self.role_token = Some(token);
                self.remember_role(Some(Role::College));
                self.update(|s| {
                    s.activity = SyncActivity::Idle;
                    s.role = Some(SyncRole::College);
                    s.progress = None;
                    s.error = None;
                    s.last_sync = Some(summary);
                });
            }
            Err(failure) => {
                tracing::warn!(code = %failure.error.code, "sync: failed");
                self.edits = None;
                let activity = if failure.offline {
                    SyncActivity::Offline
                } else {
                    SyncActivity::Error
                };
                let refused = failure.refused;
                if refused {
                    self.blocked = true;
                    self.next_attempt = None;
                    self.role_token = None;
                    self.remember_role(None);
                } else {
                    self.failures = self.failures.saturating_add(1);
                    self.next_attempt = Some(now + self.timing.retry_after(self.failures));
                }
                let error = failure.error;
                self.update(|s| {
                    s.activity = activity;
                    s.progress = None;
                    s.error = Some(error);
                    // Offline, the token still speaks for whom it did.
                    if refused {
                        s.role = None;
                    }
                });
            }
        }
        self.observe_now();
        // Edits made while the sync ran are still waiting: send them shortly.
        let status = self.snapshot();
        if status.pending > 0 && status.activity == SyncActivity::Idle {
            self.edit_seen();
        }
        match &status.error {
            Some(error) => Err(error.clone()),
            None => Ok(status),
        }
    }

    /// Reads the database's side of the status whatever `PRAGMA data_version` says, and
    /// publishes it.
    fn observe_now(&mut self) {
        let mut now = self.snapshot();
        if let Err(e) = now.fill_from(&self.store) {
            tracing::warn!(code = e.code(), "sync: cannot read the sync state");
        }
        self.data_version = self
            .store
            .connection()
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap_or(-1);
        self.update(|s| *s = now);
        self.publish();
    }

    /// The UI's store caches another college id than the database's (bound since it opened).
    fn ui_store_is_stale(&self) -> bool {
        let college = self.store.college_id().to_string();
        let mut stale = false;
        let _ = self.host.with_ui_store(&mut |s| {
            stale = s.college_id() != college;
            Ok(())
        });
        stale
    }

    async fn sync(&mut self, server: &str, token: &str) -> Result<Outcome, Failure> {
        let client = Client::new(server, token)?;
        let mut bound = false;
        let bound_college = self.store.sync_state()?.bound_college;
        if bound_college
            .as_deref()
            .is_some_and(|c| c != self.store.college_id())
        {
            // Bound by another program (`xiaoqi sync`) since this connection opened.
            self.store = Store::open(&self.db_path)?;
        }
        if bound_college.is_none() {
            // The first sync: bind the UI's store under its lock (no network while it is
            // held), then reopen this connection, whose cached college id is now stale.
            let session = client.session().await?;
            if session.role == Role::Province {
                return Ok(Outcome::Province);
            }
            let college = session.college.ok_or(SyncError::Province)?;
            let mut result = Ok(false);
            self.host
                .with_ui_store(&mut |s| {
                    result = s.bind_college(&college);
                    Ok(())
                })?
                .map_err(Failure::from)?;
            bound = result?;
            self.store = Store::open(&self.db_path)?;
        }
        let Worker {
            store,
            host,
            status,
            ..
        } = self;
        let synced = xiaoqi_sync::sync(store, &client, |p: Progress| {
            if let Ok(mut s) = status.lock() {
                s.progress = Some(SyncProgress {
                    step: match p.phase {
                        Phase::Push => SyncStep::Push,
                        Phase::Pull => SyncStep::Pull,
                    },
                    done: clamp(p.done),
                    total: clamp(p.total),
                });
                host.publish(&s);
            }
        })
        .await;
        match synced {
            // A database bound to a college, now with the provincial token: it keeps its records.
            Err(SyncError::Province) => Ok(Outcome::Province),
            Err(e) => Err(e.into()),
            Ok(mut report) => {
                report.bound |= bound;
                Ok(Outcome::Synced(report))
            }
        }
    }
}

#[cfg(test)]
mod tests;
