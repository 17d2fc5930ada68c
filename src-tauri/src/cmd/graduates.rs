use tauri::State;
use xiaoqi_core::model::{
    Graduate, GraduateFacets, GraduateInput, GraduateQuery, GraduateRow, Page,
};

use crate::error::CmdResult;
use crate::state::AppState;

/// A page of graduates with personal numbers masked.
#[tauri::command]
#[specta::specta]
pub async fn graduates_list(
    state: State<'_, AppState>,
    query: GraduateQuery,
) -> CmdResult<Page<GraduateRow>> {
    state.with(|s| Ok(s.graduates(&query)?.map(GraduateRow::from)))
}

/// The whole record, for the edit form.
#[tauri::command]
#[specta::specta]
pub async fn graduate_get(state: State<'_, AppState>, id: String) -> CmdResult<Graduate> {
    state.with(|s| s.graduate(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn graduate_create(
    state: State<'_, AppState>,
    input: GraduateInput,
) -> CmdResult<Graduate> {
    state.with(|s| s.create_graduate(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn graduate_update(
    state: State<'_, AppState>,
    id: String,
    input: GraduateInput,
) -> CmdResult<Graduate> {
    state.with(|s| s.update_graduate(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn graduate_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.delete_graduate(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn graduate_facets(state: State<'_, AppState>) -> CmdResult<GraduateFacets> {
    state.with(|s| s.graduate_facets())
}
