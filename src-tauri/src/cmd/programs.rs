use tauri::State;
use xiaoqi_core::model::{Program, ProgramInput};

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn programs_list(state: State<'_, AppState>) -> CmdResult<Vec<Program>> {
    state.with(|s| s.programs())
}

#[tauri::command]
#[specta::specta]
pub async fn program_get(state: State<'_, AppState>, id: String) -> CmdResult<Program> {
    state.with(|s| s.program(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn program_create(state: State<'_, AppState>, input: ProgramInput) -> CmdResult<Program> {
    state.with(|s| s.create_program(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn program_update(
    state: State<'_, AppState>,
    id: String,
    input: ProgramInput,
) -> CmdResult<Program> {
    state.with(|s| s.update_program(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn program_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.delete_program(&id))
}
