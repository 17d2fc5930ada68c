//! `GET /v1/college/figures` and `GET /v1/province/figures`: aggregate figures, never a row.
//! Every indicator is defined in [`crate::indicators`], the same definitions the college's app
//! computes its statistics with.

use serde::{Deserialize, Serialize};

use crate::indicators::{Counts, FairFigures, ProgramField, Rates};
use crate::wire::College;

/// `?cohort=2025`: one cohort's graduates (every cohort when absent). Job fairs and agreements
/// are not cohort-bound and are always counted whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FiguresQuery {
    /// The graduating year (届).
    pub cohort: Option<i32>,
}

/// The employment indicators of a set of graduates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Indicators {
    /// The denominator: live graduates.
    pub graduates: u32,
    pub counts: Counts,
    pub rates: Rates,
    /// Employed graduates with a starting salary recorded, and its mean (CNY per month).
    pub salary_count: u32,
    pub mean_salary: Option<f64>,
}

/// How many graduates of a cohort are on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CohortCount {
    pub cohort: i32,
    pub graduates: u32,
}

/// The indicators of one program (in a college), or of every program of one name (in the
/// province).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProgramIndicators {
    /// The program's id in its college; empty in the province's figures.
    pub program_id: String,
    pub program: String,
    /// The catalog code, when recorded.
    pub code: Option<String>,
    pub field: Option<ProgramField>,
    /// Colleges running it (1 in a college's figures).
    pub colleges: u32,
    #[serde(flatten)]
    pub indicators: Indicators,
}

/// Programs of one field (industrial robotics, AI) and their graduates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldFigures {
    /// Colleges running at least one live program of the field.
    pub colleges: u32,
    pub programs: u32,
    /// Live graduate records of those programs (of the cohort asked for). The server knows
    /// students only as graduate records: a record of a cohort still to graduate is a student.
    pub graduates: u32,
}

/// Live agreements of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementCount {
    pub kind: String,
    pub total: u32,
    /// Signed or being carried out (已签署, 履行中).
    pub in_force: u32,
}

/// Employed graduates working in research institutions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResearchFigures {
    pub graduates: u32,
    /// Colleges with at least one such graduate.
    pub colleges: u32,
}

/// What the figures could not classify, so that nobody mistakes a gap for a zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Coverage {
    /// The destination code-list versions the counted placements name.
    pub code_lists: Vec<String>,
    /// Graduates whose current destination names a code the server's lists do not have (a
    /// list loaded only on the college's devices): counted as awaiting (待就业).
    pub unknown_codes: u32,
}

/// `GET /v1/college/figures`: one college's figures, equal to its app's statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CollegeFigures {
    pub college: College,
    pub cohort: Option<i32>,
    pub by_cohort: Vec<CohortCount>,
    #[serde(flatten)]
    pub indicators: Indicators,
    /// By program, by name.
    pub programs: Vec<ProgramIndicators>,
    pub robotics: FieldFigures,
    pub ai: FieldFigures,
    /// Job fairs added up (live fairs only).
    pub fairs: u32,
    pub fair_totals: FairFigures,
    /// Every kind, in the order of [`crate::indicators::AGREEMENT_KINDS`], then any other.
    pub agreements: Vec<AgreementCount>,
    pub research: ResearchFigures,
    pub coverage: Coverage,
}

/// One college's line in the province's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CollegeLine {
    pub code: String,
    pub name: String,
    pub city: Option<String>,
    #[serde(flatten)]
    pub indicators: Indicators,
    pub research: u32,
}

/// `GET /v1/province/figures`: every college's counts added up; every rate computed from the
/// sums.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProvinceFigures {
    pub cohort: Option<i32>,
    pub colleges: u32,
    pub robotics: FieldFigures,
    pub ai: FieldFigures,
    pub by_cohort: Vec<CohortCount>,
    #[serde(flatten)]
    pub indicators: Indicators,
    /// By college, by code.
    pub by_college: Vec<CollegeLine>,
    /// By program name across colleges, most graduates first.
    pub by_program: Vec<ProgramIndicators>,
    pub fairs: u32,
    pub fair_totals: FairFigures,
    pub agreements: Vec<AgreementCount>,
    pub research: ResearchFigures,
    pub coverage: Coverage,
}
