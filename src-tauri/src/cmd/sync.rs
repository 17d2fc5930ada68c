//! Sync with the central server: its status, syncing now, its settings (the token is taken, never
//! given back), and the conflicts people resolve. The syncing itself runs in the background
//! worker (`crate::sync_worker`).

use serde::{Deserialize, Serialize};
use tauri::State;
use xiaoqi_core::replica::{Keep, SyncConflict};

use crate::cmd::province::ProvinceCache;
use crate::error::CmdResult;
use crate::state::AppState;
use crate::sync_worker::{SyncStatus, SyncWorker};

/// The sync settings as the settings page shows them.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncSettings {
    pub server: Option<String>,
    /// A token is saved (the token itself never leaves the backend).
    pub has_token: bool,
    /// Who edits on this computer, as conflicts name them.
    pub user: Option<String>,
    /// This database's device id.
    pub device_id: String,
}

/// What the settings page saves. `token`: none keeps the saved one, an empty string removes it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct SyncSettingsInput {
    pub server: String,
    pub token: Option<String>,
    pub user: Option<String>,
}

/// Where sync stands now (the database's counts read afresh).
#[tauri::command]
#[specta::specta]
pub async fn sync_status(
    state: State<'_, AppState>,
    worker: State<'_, SyncWorker>,
) -> CmdResult<SyncStatus> {
    let mut status = worker.status();
    state.with(|s| status.fill_from(s))?;
    Ok(status)
}

/// Syncs now and answers when done: the status after it, or why it failed.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(worker: State<'_, SyncWorker>) -> CmdResult<SyncStatus> {
    worker.sync_now().await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_settings_get(state: State<'_, AppState>) -> CmdResult<SyncSettings> {
    state.with(settings)
}

/// Saves the settings; the worker syncs with them shortly. Another server or token forgets the
/// province's figures read with the old ones.
#[tauri::command]
#[specta::specta]
pub async fn sync_settings_save(
    state: State<'_, AppState>,
    worker: State<'_, SyncWorker>,
    province: State<'_, ProvinceCache>,
    input: SyncSettingsInput,
) -> CmdResult<SyncSettings> {
    let (changed, saved) = state.with(|s| {
        let before = s.sync_settings()?;
        s.set_sync_settings(&input.server, input.token.as_deref(), input.user.as_deref())?;
        Ok((s.sync_settings()? != before, settings(s)?))
    })?;
    if changed {
        province.clear();
    }
    worker.settings_changed();
    Ok(saved)
}

fn settings(store: &mut xiaoqi_core::Store) -> xiaoqi_core::Result<SyncSettings> {
    let state = store.sync_state()?;
    Ok(SyncSettings {
        server: state.server,
        has_token: state.has_token,
        user: state.user,
        device_id: state.device_id,
    })
}

/// Every conflict, open ones first; ID and phone numbers masked unless `reveal`.
#[tauri::command]
#[specta::specta]
pub async fn conflicts_list(
    state: State<'_, AppState>,
    reveal: bool,
) -> CmdResult<Vec<SyncConflict>> {
    let list = state.with(|s| s.conflicts(reveal))?;
    Ok(list)
}

/// Keeps one side of a conflict; the edit is sent with the next sync, which follows shortly.
#[tauri::command]
#[specta::specta]
pub async fn conflict_resolve(
    state: State<'_, AppState>,
    worker: State<'_, SyncWorker>,
    id: String,
    keep: Keep,
) -> CmdResult<()> {
    state.with(|s| s.resolve_conflict(&id, keep))?;
    worker.edited();
    Ok(())
}
