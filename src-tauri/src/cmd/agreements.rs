//! Agreements (协议) and their lifecycle.

use tauri::State;
use xiaoqi_core::model::{
    AdvanceInput, Agreement, AgreementInput, AgreementKind, AgreementQuery, Clause, templates,
};

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn agreements_list(
    state: State<'_, AppState>,
    query: AgreementQuery,
) -> CmdResult<Vec<Agreement>> {
    state.with(|s| s.agreements(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn agreement_get(state: State<'_, AppState>, id: String) -> CmdResult<Agreement> {
    state.with(|s| s.agreement(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn agreement_create(
    state: State<'_, AppState>,
    input: AgreementInput,
) -> CmdResult<Agreement> {
    state.with(|s| s.create_agreement(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn agreement_update(
    state: State<'_, AppState>,
    id: String,
    input: AgreementInput,
) -> CmdResult<Agreement> {
    state.with(|s| s.update_agreement(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn agreement_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.delete_agreement(&id))
}

/// Takes one lifecycle step, recording who and when.
#[tauri::command]
#[specta::specta]
pub async fn agreement_advance(
    state: State<'_, AppState>,
    id: String,
    step: AdvanceInput,
) -> CmdResult<Agreement> {
    state.with(|s| s.advance_agreement(&id, &step))
}

/// The clauses a new agreement of `kind` starts from.
#[tauri::command]
#[specta::specta]
pub async fn agreement_template(kind: AgreementKind) -> CmdResult<Vec<Clause>> {
    Ok(templates::clauses(kind))
}
