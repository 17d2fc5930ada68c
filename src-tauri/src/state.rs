//! The app's state: the opened store, or why it could not be opened.

use std::path::PathBuf;
use std::sync::Mutex;

use xiaoqi_core::Store;

use crate::error::{AppError, CmdResult};

pub struct AppState {
    pub db_path: PathBuf,
    store: Mutex<Result<Store, AppError>>,
}

impl AppState {
    /// Opens the database at `db_path`; a failure is kept and reported by every command.
    pub fn open(db_path: PathBuf) -> AppState {
        let store = Store::open(&db_path).map_err(AppError::from);
        if let Err(e) = &store {
            tracing::error!(code = %e.code, "cannot open the database");
        }
        AppState {
            db_path,
            store: Mutex::new(store),
        }
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
