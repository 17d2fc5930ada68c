//! The app's state: the opened store, or why it could not be opened.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use xiaoqi_core::Store;
use xiaoqi_core::backup::PreparedRestore;
use xiaoqi_core::import::{ImportKind, ImportReport};
use xiaoqi_core::sheet::Table;

use crate::error::{AppError, CmdResult};

pub struct AppState {
    pub db_path: PathBuf,
    /// When the process began starting the app; startup time is measured from here.
    pub started: Instant,
    ready: AtomicBool,
    store: Mutex<Result<Store, AppError>>,
    /// The last import's file and report, for saving its rejected rows.
    last_import: Mutex<Option<LastImport>>,
    /// A backup checked for restoring, waiting for the person's confirmation.
    prepared_restore: Mutex<Option<PreparedRestore>>,
}

struct LastImport {
    kind: ImportKind,
    name: String,
    table: Table,
    report: ImportReport,
}

impl AppState {
    /// Opens the database at `db_path`, nobody signed in; a failure is kept and reported by
    /// every command.
    pub fn open(db_path: PathBuf, started: Instant) -> AppState {
        let store = open_signed_out(&db_path);
        if let Err(e) = &store {
            tracing::error!(code = %e.code, "cannot open the database");
        }
        AppState {
            db_path,
            started,
            ready: AtomicBool::new(false),
            store: Mutex::new(store),
            last_import: Mutex::new(None),
            prepared_restore: Mutex::new(None),
        }
    }

    /// True the first time it is called: the UI reports its first usable screen once.
    pub fn first_ready(&self) -> bool {
        !self.ready.swap(true, Ordering::Relaxed)
    }

    /// Keeps an import's file and report (replacing the one before).
    pub fn keep_last_import(
        &self,
        kind: ImportKind,
        name: String,
        table: Table,
        report: ImportReport,
    ) {
        if let Ok(mut last) = self.last_import.lock() {
            *last = Some(LastImport {
                kind,
                name,
                table,
                report,
            });
        }
    }

    /// Runs `f` on the last import, if there was one.
    pub fn with_last_import<T>(
        &self,
        f: impl FnOnce(ImportKind, &str, &Table, &ImportReport) -> T,
    ) -> Option<T> {
        let last = self.last_import.lock().ok()?;
        last.as_ref()
            .map(|l| f(l.kind, &l.name, &l.table, &l.report))
    }

    /// Runs `f` on the store as the system and hands back what it returns, core errors
    /// included; the error here is only the store being unavailable (the background sync binds
    /// the database this way, whoever is signed in).
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> T) -> CmdResult<T> {
        self.with_session_or_none(|s| s.as_system(f))
    }

    /// Runs `f` on the store whether anyone is signed in or not (signing in, the first start).
    pub fn with_session_or_none<T>(&self, f: impl FnOnce(&mut Store) -> T) -> CmdResult<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| AppError::internal("store lock poisoned"))?;
        match guard.as_mut() {
            Ok(store) => Ok(f(store)),
            Err(e) => Err(e.clone()),
        }
    }

    /// Opens the database again (a sync rewrote the college id the store caches), the person
    /// signed in staying so. A failure keeps the store as it was.
    pub fn reopen(&self) {
        let Ok(mut guard) = self.store.lock() else {
            return;
        };
        let actor = guard.as_ref().ok().and_then(|s| s.actor().cloned());
        match open_signed_out(&self.db_path) {
            Ok(mut store) => {
                if let Some(actor) = actor {
                    store.act_as(actor);
                }
                *guard = Ok(store);
            }
            Err(e) => tracing::error!(code = %e.code, "cannot reopen the database"),
        }
    }

    /// Keeps a checked backup until it is confirmed or cancelled (replacing one kept before,
    /// whose copy goes).
    pub fn keep_prepared_restore(&self, prepared: PreparedRestore) {
        if let Ok(mut kept) = self.prepared_restore.lock() {
            *kept = Some(prepared);
        }
    }

    pub fn take_prepared_restore(&self) -> Option<PreparedRestore> {
        self.prepared_restore.lock().ok()?.take()
    }

    /// Closes the store, runs `f` while this process holds no connection of it (the background
    /// sync must have let go of its own), and opens the database again, also when `f` failed,
    /// with nobody signed in (its users may differ now). Every command waits on the lock
    /// meanwhile.
    pub fn with_database_closed<T>(&self, f: impl FnOnce() -> T) -> CmdResult<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| AppError::internal("store lock poisoned"))?;
        *guard = Err(AppError {
            code: "error.cannot_open".into(),
            message: "数据库正在恢复".into(),
            fields: Vec::new(),
        });
        let out = f();
        *guard = open_signed_out(&self.db_path);
        if let Err(e) = guard.as_ref() {
            tracing::error!(code = %e.code, "cannot open the database again");
        }
        Ok(out)
    }

    /// Runs `f` on the store for the person signed in: refused when nobody is, and when they
    /// were idle longer than the setting (the session then ends), else their activity is noted.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> xiaoqi_core::Result<T>) -> CmdResult<T> {
        self.with_session_or_none(|s| {
            s.touch_session(Instant::now())?;
            f(s)
        })?
        .map_err(AppError::from)
    }
}

/// The store of the database at `path` with nobody signed in: the app acts for the person who
/// signs in, never as the system.
fn open_signed_out(path: &std::path::Path) -> Result<Store, AppError> {
    let mut store = Store::open(path).map_err(AppError::from)?;
    store.sign_out("start").map_err(AppError::from)?;
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;
    use xiaoqi_core::model::{Role, UserInput};

    fn admin() -> UserInput {
        UserInput {
            username: Some("admin".into()),
            display_name: Some("王主任".into()),
            password: Some("correct-horse-1".into()),
            ..Default::default()
        }
    }

    fn opened() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().expect("dir");
        let state = AppState::open(dir.path().join("xiaoqi.db"), Instant::now());
        (dir, state)
    }

    #[test]
    fn the_app_opens_signed_out_and_refuses_every_command_until_someone_signs_in() {
        let (_dir, state) = opened();
        let refused = state.with(|s| s.graduate_facets()).expect_err("signed out");
        assert_eq!(refused.code, "error.signed_out");
        state
            .with_session_or_none(|s| s.create_first_admin(&admin()))
            .expect("store")
            .expect("first admin");
        assert!(state.with(|s| s.graduate_facets()).is_ok());
        state
            .with_session_or_none(|s| s.sign_out("user"))
            .expect("store")
            .expect("sign out");
        let refused = state.with(|s| s.graduate_facets()).expect_err("signed out");
        assert_eq!(refused.code, "error.signed_out");
    }

    #[test]
    fn the_sync_acts_as_the_system_and_leaves_the_session_as_it_was() {
        let (_dir, state) = opened();
        let name = state
            .with_store(|s| s.actor().map(|a| a.name.clone()))
            .expect("store");
        assert_eq!(name.as_deref(), Some("系统"));
        let after = state
            .with_session_or_none(|s| s.actor().cloned())
            .expect("store");
        assert_eq!(after, None, "nobody signed in after the sync's work");
        state
            .with_session_or_none(|s| s.create_first_admin(&admin()))
            .expect("store")
            .expect("first admin");
        state.with_store(|_| ()).expect("store");
        let role = state
            .with(|s| Ok(s.require_actor()?.role))
            .expect("signed in");
        assert_eq!(role, Role::Admin);
    }

    #[test]
    fn reopening_keeps_the_person_signed_in_and_a_restore_signs_them_out() {
        let (_dir, state) = opened();
        state
            .with_session_or_none(|s| s.create_first_admin(&admin()))
            .expect("store")
            .expect("first admin");
        state.reopen();
        let name = state
            .with(|s| Ok(s.require_actor()?.name.clone()))
            .expect("still signed in");
        assert_eq!(name, "王主任");
        state
            .with_database_closed(|| ())
            .expect("closed and opened");
        let refused = state.with(|s| s.graduate_facets()).expect_err("signed out");
        assert_eq!(refused.code, "error.signed_out");
    }
}
