//! Placements (毕业去向), the teachers' class view and the destination code lists.

use tauri::State;
use xiaoqi_core::model::{
    ClassView, DestinationCode, EvidenceKind, Page, Placement, PlacementInput, PlacementQuery,
};
use xiaoqi_core::store::CodeListInfo;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn placements_list(
    state: State<'_, AppState>,
    query: PlacementQuery,
) -> CmdResult<Page<Placement>> {
    state.with(|s| s.placements(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn placement_get(state: State<'_, AppState>, id: String) -> CmdResult<Placement> {
    state.with(|s| s.placement(&id))
}

/// Records a new destination; the graduate's current one becomes history.
#[tauri::command]
#[specta::specta]
pub async fn placement_record(
    state: State<'_, AppState>,
    input: PlacementInput,
) -> CmdResult<Placement> {
    state.with(|s| s.record_placement(&input))
}

/// Corrects a placement in place (also verifies or unverifies it).
#[tauri::command]
#[specta::specta]
pub async fn placement_update(
    state: State<'_, AppState>,
    id: String,
    input: PlacementInput,
) -> CmdResult<Placement> {
    state.with(|s| s.update_placement(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn placement_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|s| s.delete_placement(&id))
}

/// Stores a file the person picked in the app as evidence (the content comes base64-encoded:
/// the webview gives the file's bytes, not its path).
#[tauri::command]
#[specta::specta]
pub async fn placement_attach_file(
    state: State<'_, AppState>,
    id: String,
    name: String,
    content_base64: String,
    kind: EvidenceKind,
) -> CmdResult<Placement> {
    let bytes = super::decode_base64("evidence", &content_base64)?;
    state.with(|s| s.attach_evidence_bytes(&id, &name, &bytes, kind))
}

#[tauri::command]
#[specta::specta]
pub async fn placement_detach(
    state: State<'_, AppState>,
    id: String,
    sha256: String,
) -> CmdResult<Placement> {
    state.with(|s| s.detach_evidence(&id, &sha256))
}

/// The teachers' view of one class.
#[tauri::command]
#[specta::specta]
pub async fn class_view(
    state: State<'_, AppState>,
    cohort: i32,
    class_name: String,
) -> CmdResult<ClassView> {
    state.with(|s| s.class_view(cohort, &class_name))
}

/// The codes of a list (the current one without a version).
#[tauri::command]
#[specta::specta]
pub async fn destination_codes(
    state: State<'_, AppState>,
    version: Option<String>,
) -> CmdResult<Vec<DestinationCode>> {
    state.with(|s| s.destination_codes(version.as_deref()))
}

#[tauri::command]
#[specta::specta]
pub async fn code_lists(state: State<'_, AppState>) -> CmdResult<Vec<CodeListInfo>> {
    state.with(|s| s.code_lists())
}
