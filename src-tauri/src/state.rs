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
    /// Opens the database at `db_path`; a failure is kept and reported by every command.
    pub fn open(db_path: PathBuf, started: Instant) -> AppState {
        let store = Store::open(&db_path).map_err(AppError::from);
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

    /// Runs `f` on the store and hands back what it returns, core errors included; the error
    /// here is only the store being unavailable (the background sync binds it this way).
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> T) -> CmdResult<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| AppError::internal("store lock poisoned"))?;
        match guard.as_mut() {
            Ok(store) => Ok(f(store)),
            Err(e) => Err(e.clone()),
        }
    }

    /// Opens the database again (a sync rewrote the college id the store caches). A failure
    /// keeps the store as it was.
    pub fn reopen(&self) {
        let Ok(mut guard) = self.store.lock() else {
            return;
        };
        match Store::open(&self.db_path) {
            Ok(store) => *guard = Ok(store),
            Err(e) => tracing::error!(code = %e.code(), "cannot reopen the database"),
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
    /// sync must have let go of its own), and opens the database again, also when `f` failed.
    /// Every command waits on the lock meanwhile.
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
        *guard = Store::open(&self.db_path).map_err(AppError::from);
        if let Err(e) = guard.as_ref() {
            tracing::error!(code = %e.code, "cannot open the database again");
        }
        Ok(out)
    }

    /// Runs `f` on the store.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> xiaoqi_core::Result<T>) -> CmdResult<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| AppError::internal("store lock poisoned"))?;
        match guard.as_mut() {
            Ok(store) => f(store).map_err(AppError::from),
            Err(e) => Err(e.clone()),
        }
    }
}
