//! What the home page and a partner's page show: work that needs attention, and what a
//! partnership gave.

use serde::Serialize;

use super::{Agreement, Fair, Placement};

/// What needs attention now (the home page).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Attention {
    /// The current cohort: the latest graduation year up to this year.
    pub cohort: Option<i32>,
    pub cohort_graduates: u32,
    /// Graduates of the current cohort without a destination.
    pub without_destination: u32,
    /// Current placements (all cohorts) not verified yet.
    pub unverified: u32,
    /// Signed or active agreements ending within 60 days, soonest first.
    pub expiring: Vec<Agreement>,
    /// Fairs not over yet, soonest first.
    pub upcoming_fairs: Vec<Fair>,
}

/// What a partner (employer or research institution) gave: the partner → outcome ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Ledger {
    pub agreements: Vec<Agreement>,
    /// Current placements of graduates with this partner.
    pub placements: Vec<Placement>,
    /// Fair positions offered (employers only).
    pub positions: u32,
    pub headcount: u32,
    pub resumes: u32,
    pub signings: u32,
}
