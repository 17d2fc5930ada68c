//! Backups and restores (`xiaoqi_core::backup`): the backups folder beside the database, a
//! backup now (there, or where the person chooses in the system's save dialog), and a restore in
//! two steps: `restore_check` checks the chosen file on a copy (kept in the app's state) and says
//! what it holds; once the person confirmed, `restore_confirm` has the background sync let go of
//! its connection, closes the UI's store, keeps the current database aside, puts the copy in its
//! place and opens both again. Copies run on the blocking pool, off the store's lock.

use std::path::PathBuf;

use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use xiaoqi_core::CoreError;
use xiaoqi_core::backup::{self, BackupFile, RestoreSummary};
use xiaoqi_core::model::{Actor, Role};

use crate::error::{AppError, CmdResult};
use crate::state::AppState;
use crate::sync_worker::SyncWorker;

/// One backup file.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupEntry {
    pub name: String,
    /// When it was taken (RFC 3339).
    pub taken_at: String,
    /// Its size in bytes (at most 4 GB is told; a college's database is a few hundred MB).
    pub size: u32,
    /// Where it is.
    pub path: String,
}

/// The backups folder and what it holds, newest first.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Backups {
    pub folder: String,
    pub backups: Vec<BackupEntry>,
    /// The rotation: the newest backup of this many days and of this many weeks are kept.
    pub keep_daily: u32,
    pub keep_weekly: u32,
}

/// What a restore puts (or put) in place.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RestoreInfo {
    /// The file restored from.
    pub file: String,
    pub college_name: String,
    /// The backup's schema version, and the one it is migrated to.
    pub schema_version: i32,
    pub migrated_to: i32,
    pub graduates: u32,
    pub placements: u32,
    pub employers: u32,
    /// There is a current database, which is kept aside.
    pub replaces_current: bool,
    /// The folder the current database is kept aside in, and the name it takes (dated when the
    /// restore happens).
    pub kept_aside_folder: String,
    pub kept_aside_name: String,
    /// After `restore_confirm`: where the database before it was kept.
    pub kept_aside: Option<String>,
    /// The restored database syncs as a new device (it was bound to the server's college).
    pub new_device: bool,
}

fn entry(f: &BackupFile) -> BackupEntry {
    BackupEntry {
        name: f.name.clone(),
        taken_at: f.taken_at.clone(),
        size: u32::try_from(f.size).unwrap_or(u32::MAX),
        path: f.path.display().to_string(),
    }
}

fn clamp(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// `name`: the name the current database is (or was) kept aside under.
fn info(
    db_path: &std::path::Path,
    file: &std::path::Path,
    s: &RestoreSummary,
    name: String,
) -> RestoreInfo {
    RestoreInfo {
        file: file.display().to_string(),
        college_name: s.college_name.clone(),
        schema_version: i32::try_from(s.schema_version).unwrap_or(i32::MAX),
        migrated_to: i32::try_from(s.migrated_to).unwrap_or(i32::MAX),
        graduates: clamp(s.graduates),
        placements: clamp(s.placements),
        employers: clamp(s.employers),
        replaces_current: s.replaces_current,
        kept_aside_folder: db_path
            .parent()
            .map(|d| d.display().to_string())
            .unwrap_or_default(),
        kept_aside_name: name,
        kept_aside: s.kept_aside.as_ref().map(|p| p.display().to_string()),
        new_device: s.new_device,
    }
}

/// Backups and restores are for administrators (a backup holds every ID number whole): the
/// administrator acting, or the refusal.
fn admin_only(state: &AppState) -> CmdResult<Actor> {
    state.with(|s| s.require_role(&[Role::Admin], "备份与恢复").cloned())
}

/// Runs on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
}

/// The backups folder beside the database and its backups, newest first.
#[tauri::command]
#[specta::specta]
pub async fn backups_list(state: State<'_, AppState>) -> CmdResult<Backups> {
    admin_only(&state)?;
    let dir = backup::backups_dir(&state.db_path);
    let list = backup::list_backups(&dir).map_err(AppError::from)?;
    Ok(Backups {
        folder: dir.display().to_string(),
        backups: list.iter().map(entry).collect(),
        keep_daily: backup::KEEP_DAILY as u32,
        keep_weekly: backup::KEEP_WEEKLY as u32,
    })
}

/// Backs the database up now: into the backups folder, or, with `choose`, where the person
/// picks in the system's save dialog (`None` when they cancel it). A connection of its own
/// copies; the UI's store stays usable meanwhile.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(
    app: AppHandle,
    state: State<'_, AppState>,
    choose: bool,
) -> CmdResult<Option<BackupEntry>> {
    admin_only(&state)?;
    let db_path = state.db_path.clone();
    let target = if choose {
        let name = backup::backup_target(&db_path, None)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let picked = app
            .dialog()
            .file()
            .set_directory(xiaoqi_core::paths::downloads_dir())
            .set_file_name(&name)
            .add_filter("校企通备份", &["db"])
            .blocking_save_file();
        let Some(picked) = picked else {
            return Ok(None);
        };
        let mut path = picked
            .into_path()
            .map_err(|e| AppError::internal(format!("save dialog: {e}")))?;
        if path
            .extension()
            .is_none_or(|e| !e.eq_ignore_ascii_case("db"))
        {
            path.set_extension("db");
        }
        path
    } else {
        backup::backup_target(&db_path, None)
    };
    let file = blocking(move || backup::backup_database(&db_path, &target).map_err(AppError::from))
        .await?;
    state.with(|s| {
        s.record_event(
            xiaoqi_core::audit::Action::Backup,
            serde_json::json!({ "file": file.name, "size": file.size }),
        )
    })?;
    Ok(Some(entry(&file)))
}

/// Checks a backup for restoring: the one named `name` in the backups folder, or, without a
/// name, a file the person picks in the system's open dialog (`None` when they cancel it).
/// Refused with the reason (`backup.*` field errors) when it is not a sound backup of this
/// college; the current database is only read. The checked copy waits for `restore_confirm`.
#[tauri::command]
#[specta::specta]
pub async fn restore_check(
    app: AppHandle,
    state: State<'_, AppState>,
    name: Option<String>,
) -> CmdResult<Option<RestoreInfo>> {
    admin_only(&state)?;
    let db_path = state.db_path.clone();
    let file: PathBuf = match name {
        Some(name) => {
            // Only a file of the listing: a name from the webview never becomes a path.
            let dir = backup::backups_dir(&db_path);
            let list = backup::list_backups(&dir).map_err(AppError::from)?;
            let found = list.into_iter().find(|b| b.name == name).ok_or_else(|| {
                AppError::from(CoreError::NotFound {
                    kind: "备份",
                    id: name.clone(),
                })
            })?;
            found.path
        }
        None => {
            let picked = app
                .dialog()
                .file()
                .set_directory(backup::backups_dir(&db_path))
                .add_filter("校企通备份", &["db"])
                .add_filter("所有文件", &["*"])
                .blocking_pick_file();
            let Some(picked) = picked else {
                return Ok(None);
            };
            picked
                .into_path()
                .map_err(|e| AppError::internal(format!("open dialog: {e}")))?
        }
    };
    let (prepared, shown) = {
        let db_path = db_path.clone();
        let file = file.clone();
        blocking(move || {
            let prepared = backup::prepare_restore(&db_path, &file).map_err(AppError::from)?;
            let shown = info(
                &db_path,
                &file,
                prepared.summary(),
                prepared.kept_aside_name(),
            );
            Ok((prepared, shown))
        })
        .await?
    };
    state.keep_prepared_restore(prepared);
    Ok(Some(shown))
}

/// Puts the backup checked by `restore_check` in place of the database: the background sync
/// lets go of its connection (after the sync running, if one is), the UI's store closes, the
/// current database is kept aside, the copy goes in, and both open again. The UI reloads.
#[tauri::command]
#[specta::specta]
pub async fn restore_confirm(
    app: AppHandle,
    state: State<'_, AppState>,
    worker: State<'_, SyncWorker>,
) -> CmdResult<RestoreInfo> {
    let actor = admin_only(&state)?;
    let prepared = state.take_prepared_restore().ok_or_else(|| AppError {
        code: "backup.nothing_checked".into(),
        message: "请先选择要恢复的备份".into(),
        fields: Vec::new(),
    })?;
    let paused = worker.pause().await;
    let db_path = state.db_path.clone();
    let file = prepared.backup_path().to_path_buf();
    let result = blocking(move || {
        let state = app.state::<AppState>();
        state.with_database_closed(|| prepared.commit().map_err(AppError::from))?
    })
    .await;
    // The worker opens the database again (the restored one, or the one kept when refused).
    drop(paused);
    let summary = result?;
    tracing::info!(file = %file.display(), "backup restored");
    // The restore in the restored database's own audit log, by the administrator, who is then
    // signed out: the restored database has its own users.
    state
        .with_session_or_none(|s| {
            s.act_as(actor);
            s.record_event(
                xiaoqi_core::audit::Action::Restore,
                serde_json::json!({
                    "file": file.file_name().map(|n| n.to_string_lossy().into_owned()),
                    "kept_aside": summary.kept_aside.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()),
                    "graduates": summary.graduates,
                }),
            )?;
            s.sign_out("restore")
        })?
        .map_err(AppError::from)?;
    let name = summary
        .kept_aside
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(info(&db_path, &file, &summary, name))
}

/// Forgets a backup checked by `restore_check` (the person cancelled); its copy is removed.
#[tauri::command]
#[specta::specta]
pub async fn restore_cancel(state: State<'_, AppState>) -> CmdResult<()> {
    drop(state.take_prepared_restore());
    Ok(())
}
