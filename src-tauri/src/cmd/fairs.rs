//! Job fairs (双选会): events, their employers, positions, applications and signing.

use tauri::State;
use xiaoqi_core::model::{
    Application, ApplicationInput, Fair, FairEmployer, FairEmployerInput, FairInput, FairItemQuery,
    Page, PlacementInput, Position, PositionInput, ProgramFigures,
};

use crate::error::CmdResult;
use crate::state::AppState;

/// Every fair with its figures, latest first.
#[tauri::command]
#[specta::specta]
pub async fn fairs_list(state: State<'_, AppState>) -> CmdResult<Vec<Fair>> {
    state.with(|s| s.fairs())
}

#[tauri::command]
#[specta::specta]
pub async fn fair_get(state: State<'_, AppState>, id: String) -> CmdResult<Fair> {
    state.with(|s| s.fair(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn fair_create(state: State<'_, AppState>, input: FairInput) -> CmdResult<Fair> {
    state.with(|s| s.create_fair(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn fair_update(
    state: State<'_, AppState>,
    id: String,
    input: FairInput,
) -> CmdResult<Fair> {
    state.with(|s| s.update_fair(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn fair_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.delete_fair(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn fair_program_figures(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Vec<ProgramFigures>> {
    state.with(|s| s.fair_program_figures(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn fair_employers_list(
    state: State<'_, AppState>,
    fair_id: String,
) -> CmdResult<Vec<FairEmployer>> {
    state.with(|s| s.fair_employers(&fair_id))
}

#[tauri::command]
#[specta::specta]
pub async fn fair_employer_add(
    state: State<'_, AppState>,
    input: FairEmployerInput,
) -> CmdResult<FairEmployer> {
    state.with(|s| s.add_fair_employer(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn fair_employer_remove(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.remove_fair_employer(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn positions_list(
    state: State<'_, AppState>,
    query: FairItemQuery,
) -> CmdResult<Page<Position>> {
    state.with(|s| s.positions(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn position_create(
    state: State<'_, AppState>,
    input: PositionInput,
) -> CmdResult<Position> {
    state.with(|s| s.create_position(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn position_update(
    state: State<'_, AppState>,
    id: String,
    input: PositionInput,
) -> CmdResult<Position> {
    state.with(|s| s.update_position(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn position_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.delete_position(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn applications_list(
    state: State<'_, AppState>,
    query: FairItemQuery,
) -> CmdResult<Page<Application>> {
    state.with(|s| s.applications(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn application_create(
    state: State<'_, AppState>,
    input: ApplicationInput,
) -> CmdResult<Application> {
    state.with(|s| s.create_application(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn application_update(
    state: State<'_, AppState>,
    id: String,
    input: ApplicationInput,
) -> CmdResult<Application> {
    state.with(|s| s.update_application(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn application_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.delete_application(&id))
}

/// Signs: records the destination and marks the application signed, in one transaction.
#[tauri::command]
#[specta::specta]
pub async fn application_sign(
    state: State<'_, AppState>,
    id: String,
    destination: PlacementInput,
) -> CmdResult<Application> {
    state.with(|s| s.sign_application(&id, &destination))
}
