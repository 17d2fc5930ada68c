//! The official statistics: the employment report, the graduates behind a figure, the
//! compliance check and partner outcomes.

use tauri::State;
use xiaoqi_core::stats::{
    BehindRow, ComplianceReport, EmploymentReport, PartnerOutcome, StatsFilter,
};

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn employment_report(
    state: State<'_, AppState>,
    cohort: Option<i32>,
    program_id: Option<String>,
) -> CmdResult<EmploymentReport> {
    state.with(|s| s.employment_report(cohort, program_id.as_deref()))
}

/// The graduates a chart's bar counts.
#[tauri::command]
#[specta::specta]
pub async fn graduates_behind(
    state: State<'_, AppState>,
    filter: StatsFilter,
) -> CmdResult<Vec<BehindRow>> {
    state.with(|s| s.graduates_behind(&filter))
}

#[tauri::command]
#[specta::specta]
pub async fn compliance_report(
    state: State<'_, AppState>,
    cohort: i32,
) -> CmdResult<ComplianceReport> {
    state.with(|s| s.compliance_report(cohort))
}

#[tauri::command]
#[specta::specta]
pub async fn partner_outcomes(
    state: State<'_, AppState>,
    cohort: Option<i32>,
) -> CmdResult<Vec<PartnerOutcome>> {
    state.with(|s| s.partner_outcomes(cohort))
}
