//! The audit log (administrators read, check and export it), the reveal of a graduate's whole
//! personal numbers it records, and the retention period of personal data.

use serde::Serialize;
use tauri::State;
use xiaoqi_core::audit::{AuditEntry, AuditQuery, Verification};
use xiaoqi_core::store::{PurgeReport, Revealed};

use super::files::{SavedFile, new_file, saved, today};
use crate::error::CmdResult;
use crate::state::AppState;

/// A page of the log, newest first, and how many entries match in all.
#[derive(Debug, Serialize, specta::Type)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: u32,
}

#[tauri::command]
#[specta::specta]
pub async fn audit_list(state: State<'_, AppState>, query: AuditQuery) -> CmdResult<AuditPage> {
    state.with(|s| {
        let (entries, total) = s.audit_entries(&query)?;
        Ok(AuditPage {
            entries,
            total: u32::try_from(total).unwrap_or(u32::MAX),
        })
    })
}

/// What checking the hash chain found, and the finding in words.
#[derive(Debug, Serialize, specta::Type)]
pub struct AuditCheck {
    pub verification: Verification,
    pub message: String,
}

#[tauri::command]
#[specta::specta]
pub async fn audit_verify(state: State<'_, AppState>) -> CmdResult<AuditCheck> {
    state.with(|s| {
        let verification = s.audit_verify()?;
        let message = verification.message();
        Ok(AuditCheck {
            verification,
            message,
        })
    })
}

/// Exports the entries matching `query` (all of them, not one page) into the Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn audit_export(
    state: State<'_, AppState>,
    query: AuditQuery,
    csv: bool,
) -> CmdResult<SavedFile> {
    let path = new_file(
        &format!("校企通-审计日志-{}", today()),
        if csv { "csv" } else { "xlsx" },
    )?;
    let query = AuditQuery {
        offset: None,
        limit: None,
        ..query
    };
    let rows = state.with(|s| s.export_audit(&query, &path))?;
    Ok(saved(&path, rows))
}

/// A graduate's whole ID number and phone (administrators; the reveal is logged).
#[tauri::command]
#[specta::specta]
pub async fn graduate_reveal(state: State<'_, AppState>, id: String) -> CmdResult<Revealed> {
    state.with(|s| s.reveal_graduate(&id))
}

/// Years after graduation that personal fields are kept (`None`: until deleted).
#[tauri::command]
#[specta::specta]
pub async fn retention_get(state: State<'_, AppState>) -> CmdResult<Option<u32>> {
    state.with(|s| s.retention_years())
}

#[tauri::command]
#[specta::specta]
pub async fn retention_set(state: State<'_, AppState>, years: Option<u32>) -> CmdResult<()> {
    state.with(|s| s.set_retention_years(years))
}

/// Clears the personal fields of the cohorts past the retention period (administrators); with
/// `dry_run`, only counts what would be cleared.
#[tauri::command]
#[specta::specta]
pub async fn retention_purge(state: State<'_, AppState>, dry_run: bool) -> CmdResult<PurgeReport> {
    state.with(|s| s.purge_personal_data(None, dry_run))
}
