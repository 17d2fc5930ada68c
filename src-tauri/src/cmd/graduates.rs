use serde::Serialize;
use tauri::State;
use xiaoqi_core::model::{
    Graduate, GraduateFacets, GraduateInput, GraduateQuery, GraduateRow, Page,
};
use xiaoqi_core::validate::id_number::{mask_id_number, mask_phone};

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

/// A graduate for the edit form: the ID number and phone masked, as everywhere (whole only
/// through `graduate_reveal`, for administrators, logged). The record's `id_number` and `phone`
/// are left out; a form that does not change them sends them back as `null` (kept).
#[derive(Debug, Serialize, specta::Type)]
pub struct GraduateDetail {
    pub graduate: Graduate,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
}

fn detail(mut graduate: Graduate) -> GraduateDetail {
    let id_number_masked = graduate.id_number.take().as_deref().map(mask_id_number);
    let phone_masked = graduate.phone.take().as_deref().map(mask_phone);
    GraduateDetail {
        graduate,
        id_number_masked,
        phone_masked,
    }
}

#[tauri::command]
#[specta::specta]
pub async fn graduate_get(state: State<'_, AppState>, id: String) -> CmdResult<GraduateDetail> {
    state.with(|s| s.graduate(&id)).map(detail)
}

#[tauri::command]
#[specta::specta]
pub async fn graduate_create(
    state: State<'_, AppState>,
    input: GraduateInput,
) -> CmdResult<GraduateDetail> {
    state.with(|s| s.create_graduate(&input)).map(detail)
}

#[tauri::command]
#[specta::specta]
pub async fn graduate_update(
    state: State<'_, AppState>,
    id: String,
    input: GraduateInput,
) -> CmdResult<GraduateDetail> {
    state.with(|s| s.update_graduate(&id, &input)).map(detail)
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
