//! The home page: what needs attention.

use tauri::State;
use xiaoqi_core::model::Attention;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn attention(state: State<'_, AppState>) -> CmdResult<Attention> {
    state.with(|s| s.attention())
}
