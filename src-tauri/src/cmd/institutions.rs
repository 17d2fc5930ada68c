//! Research institutions (科研机构).

use tauri::State;
use xiaoqi_core::model::{Institution, InstitutionInput, Page, PartnerQuery};

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn institutions_list(
    state: State<'_, AppState>,
    query: PartnerQuery,
) -> CmdResult<Page<Institution>> {
    state.with(|s| s.institutions(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn institution_get(state: State<'_, AppState>, id: String) -> CmdResult<Institution> {
    state.with(|s| s.institution(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn institution_create(
    state: State<'_, AppState>,
    input: InstitutionInput,
) -> CmdResult<Institution> {
    state.with(|s| s.create_institution(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn institution_update(
    state: State<'_, AppState>,
    id: String,
    input: InstitutionInput,
) -> CmdResult<Institution> {
    state.with(|s| s.update_institution(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn institution_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.delete_institution(&id))
}
