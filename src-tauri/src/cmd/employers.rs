//! Employers (用人单位): duplicates, merge and the partner ledger.

use tauri::State;
use xiaoqi_core::model::{
    DuplicateCandidate, Employer, EmployerInput, Ledger, MergeReport, Page, PartnerQuery,
};

use crate::error::CmdResult;
use crate::state::AppState;

/// A page of employers, contacts' phones masked.
#[tauri::command]
#[specta::specta]
pub async fn employers_list(
    state: State<'_, AppState>,
    query: PartnerQuery,
) -> CmdResult<Page<Employer>> {
    state.with(|s| s.employers(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn employer_get(state: State<'_, AppState>, id: String) -> CmdResult<Employer> {
    state.with(|s| s.employer(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn employer_create(
    state: State<'_, AppState>,
    input: EmployerInput,
) -> CmdResult<Employer> {
    state.with(|s| s.create_employer(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn employer_update(
    state: State<'_, AppState>,
    id: String,
    input: EmployerInput,
) -> CmdResult<Employer> {
    state.with(|s| s.update_employer(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn employer_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.delete_employer(&id))
}

/// Existing employers a save would duplicate, checked while the person types.
#[tauri::command]
#[specta::specta]
pub async fn employer_duplicates(
    state: State<'_, AppState>,
    name: Option<String>,
    credit_code: Option<String>,
    except: Option<String>,
) -> CmdResult<Vec<DuplicateCandidate>> {
    state
        .with(|s| s.employer_duplicates(name.as_deref(), credit_code.as_deref(), except.as_deref()))
}

#[tauri::command]
#[specta::specta]
pub async fn employers_merge(
    state: State<'_, AppState>,
    keep: String,
    drop: String,
) -> CmdResult<MergeReport> {
    state.with(|s| s.merge_employers(&keep, &drop))
}

/// What a partnership gave: agreements, placements, positions, signings.
#[tauri::command]
#[specta::specta]
pub async fn partner_ledger(
    state: State<'_, AppState>,
    employer: Option<String>,
    institution: Option<String>,
) -> CmdResult<Ledger> {
    state.with(|s| s.ledger(employer.as_deref(), institution.as_deref()))
}
