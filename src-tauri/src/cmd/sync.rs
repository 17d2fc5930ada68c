//! Sync with the central server: its status, syncing now, its settings (the token is taken, never
//! given back), and the conflicts people resolve. The syncing itself runs in the background
//! worker (`crate::sync_worker`).

use serde::{Deserialize, Serialize};
use tauri::State;
use xiaoqi_core::replica::{Conflict, Keep};

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

/// A conflict as the conflicts page shows it (`xiaoqi_core::replica::Conflict`, under names of
/// its own in the bindings: core's `Side` would collide with the agreements' `Side`).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncConflict {
    pub id: String,
    /// `column`, `delete` or `duplicate`.
    pub kind: String,
    pub table: String,
    pub row_id: String,
    /// What the record is, in words (a graduate's name and student number …).
    pub record: Option<String>,
    pub column: Option<String>,
    /// The other row holding the same key (duplicates).
    pub other_row_id: Option<String>,
    pub other_record: Option<String>,
    /// The side this computer wrote, and the other one.
    pub local: ConflictSide,
    pub remote: ConflictSide,
    pub created_at: String,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
    /// `kept` (the value the record held stayed) or `lost` (the other value was restored).
    pub resolution: Option<String>,
}

/// One side of a conflict: the value, who wrote it on which device, and when.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ConflictSide {
    pub value: Option<String>,
    pub device: Option<String>,
    pub user: Option<String>,
    pub at: Option<String>,
    /// This side is what the record held when the conflict was recorded.
    pub current: bool,
}

/// Core's side of a conflict (its type is not exported by name) as a [`ConflictSide`].
macro_rules! side {
    ($s:expr) => {{
        let s = $s;
        ConflictSide {
            value: s.value,
            device: s.device,
            user: s.user,
            at: s.at,
            current: s.current,
        }
    }};
}

impl From<Conflict> for SyncConflict {
    fn from(c: Conflict) -> Self {
        SyncConflict {
            id: c.id,
            kind: c.kind,
            table: c.table,
            row_id: c.row_id,
            record: c.record,
            column: c.column,
            other_row_id: c.other_row_id,
            other_record: c.other_record,
            local: side!(c.local),
            remote: side!(c.remote),
            created_at: c.created_at,
            resolved_at: c.resolved_at,
            resolved_by: c.resolved_by,
            resolution: c.resolution,
        }
    }
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
    Ok(list.into_iter().map(SyncConflict::from).collect())
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
