use serde::{Deserialize, Serialize};
use tauri::State;
use xiaoqi_core::model::{College, CollegeInput};
use xiaoqi_core::reference::{self, RefEntry};

use crate::error::CmdResult;
use crate::state::AppState;

#[derive(Debug, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub schema_version: i32,
    pub college: College,
    pub pending_changes: u32,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let db_path = state.db_path.display().to_string();
    state.with(|s| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path,
            schema_version: i32::try_from(s.schema_version()?).unwrap_or(i32::MAX),
            college: s.college()?,
            pending_changes: u32::try_from(s.pending_changes()?).unwrap_or(u32::MAX),
        })
    })
}

#[tauri::command]
#[specta::specta]
pub async fn college_update(state: State<'_, AppState>, input: CollegeInput) -> CmdResult<College> {
    state.with(|s| s.update_college(&input))
}

/// A step of the UI's own startup, in milliseconds since the page began loading.
#[derive(Debug, Deserialize, specta::Type)]
pub struct StartupMark {
    pub step: String,
    pub ms: f64,
}

/// The UI calls this once its first usable screen is shown (the sign-in page, or a page of graduates
/// when someone is signed in already, as after a reload): the log then holds
/// the startup time users feel, which `make bench-launch` reads, and the UI's steps to it.
#[tauri::command]
#[specta::specta]
pub async fn app_ready(state: State<'_, AppState>, marks: Vec<StartupMark>) -> CmdResult<()> {
    if state.first_ready() {
        let ms = state.started.elapsed().as_millis();
        let ui: Vec<String> = marks
            .iter()
            .take(32)
            .map(|m| {
                format!(
                    "{}={:.0}",
                    m.step.chars().take(40).collect::<String>(),
                    m.ms
                )
            })
            .collect();
        tracing::info!(ms, ui = %ui.join(" "), "startup: first screen shown");
    }
    Ok(())
}

/// The reference lists records point into: employer types (单位性质) and industries (行业).
#[derive(Debug, Serialize, specta::Type)]
pub struct ReferenceLists {
    pub employer_types: Vec<RefEntry>,
    pub industries: Vec<RefEntry>,
}

#[tauri::command]
#[specta::specta]
pub async fn reference_lists() -> CmdResult<ReferenceLists> {
    Ok(ReferenceLists {
        employer_types: reference::EMPLOYER_TYPES.to_vec(),
        industries: reference::INDUSTRIES.to_vec(),
    })
}
