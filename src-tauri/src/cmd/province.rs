//! The province's figures, for a computer set up with the provincial token: read from the server
//! with the saved settings. The last figures read of each cohort are kept in memory (never in the
//! database's record tables) so that a lost connection still shows them, with when they were read.
//!
//! The types below are the JSON of `GET /v1/province/figures` (`xiaoqi_protocol::figures`) under
//! the same names and fields: the protocol's own types derive no `specta::Type`, so the bindings
//! are generated from these. A unit test keeps the two shapes equal.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use tauri::State;
use xiaoqi_core::model::fair::FairFigures;
use xiaoqi_core::stats::{Counts, Rates};
use xiaoqi_sync::figures as wire;
use xiaoqi_sync::{Client, SyncError};

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// The employment indicators of a set of graduates.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CohortCount {
    pub cohort: i32,
    pub graduates: u32,
}

/// The fields the province follows programs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ProgramField {
    /// 工业机器人
    Robotics,
    /// 人工智能
    Ai,
}

/// Every program of one name across the province.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ProgramIndicators {
    /// Empty in the province's figures (a program's id is its college's).
    pub program_id: String,
    pub program: String,
    /// The catalog code, when recorded.
    pub code: Option<String>,
    pub field: Option<ProgramField>,
    /// Colleges running it.
    pub colleges: u32,
    #[serde(flatten)]
    pub indicators: Indicators,
}

/// Programs of one field (industrial robotics, AI) and their graduates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FieldFigures {
    /// Colleges running at least one live program of the field.
    pub colleges: u32,
    pub programs: u32,
    /// Live graduate records of those programs (of the cohort asked for).
    pub graduates: u32,
}

/// Live agreements of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AgreementCount {
    pub kind: String,
    pub total: u32,
    /// Signed or being carried out (已签署, 履行中).
    pub in_force: u32,
}

/// Employed graduates working in research institutions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ResearchFigures {
    pub graduates: u32,
    /// Colleges with at least one such graduate.
    pub colleges: u32,
}

/// What the figures could not classify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Coverage {
    /// The destination code-list versions the counted placements name.
    pub code_lists: Vec<String>,
    /// Graduates whose destination code the server's lists do not have (counted as awaiting).
    pub unknown_codes: u32,
}

/// One college's line in the province's figures.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct CollegeLine {
    pub code: String,
    pub name: String,
    pub city: Option<String>,
    #[serde(flatten)]
    pub indicators: Indicators,
    /// Its graduates working in research institutions.
    pub research: u32,
}

/// Every college's counts added up; every rate computed from the sums.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ProvinceFigures {
    /// The cohort counted (every cohort when none).
    pub cohort: Option<i32>,
    pub colleges: u32,
    pub robotics: FieldFigures,
    pub ai: FieldFigures,
    /// Graduates of every cohort, whatever cohort was asked for.
    pub by_cohort: Vec<CohortCount>,
    #[serde(flatten)]
    pub indicators: Indicators,
    /// By college, by code.
    pub by_college: Vec<CollegeLine>,
    /// By program name across colleges, most graduates first.
    pub by_program: Vec<ProgramIndicators>,
    /// Job fairs and their totals (not cohort-bound).
    pub fairs: u32,
    pub fair_totals: FairFigures,
    /// Agreements by kind (not cohort-bound).
    pub agreements: Vec<AgreementCount>,
    pub research: ResearchFigures,
    pub coverage: Coverage,
}

/// The figures as the province dashboard shows them: what the server answered, and when.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ProvinceSnapshot {
    pub figures: ProvinceFigures,
    /// When they were read from the server (RFC 3339).
    pub fetched_at: String,
    /// The server they came from.
    pub server: String,
}

impl From<wire::Indicators> for Indicators {
    fn from(i: wire::Indicators) -> Self {
        Indicators {
            graduates: i.graduates,
            counts: i.counts,
            rates: i.rates,
            salary_count: i.salary_count,
            mean_salary: i.mean_salary,
        }
    }
}

impl From<wire::FieldFigures> for FieldFigures {
    fn from(f: wire::FieldFigures) -> Self {
        FieldFigures {
            colleges: f.colleges,
            programs: f.programs,
            graduates: f.graduates,
        }
    }
}

impl From<wire::ProvinceFigures> for ProvinceFigures {
    fn from(f: wire::ProvinceFigures) -> Self {
        use xiaoqi_sync::ProgramField as Field;
        ProvinceFigures {
            cohort: f.cohort,
            colleges: f.colleges,
            robotics: f.robotics.into(),
            ai: f.ai.into(),
            by_cohort: f
                .by_cohort
                .into_iter()
                .map(|c| CohortCount {
                    cohort: c.cohort,
                    graduates: c.graduates,
                })
                .collect(),
            indicators: f.indicators.into(),
            by_college: f
                .by_college
                .into_iter()
                .map(|c| CollegeLine {
                    code: c.code,
                    name: c.name,
                    city: c.city,
                    indicators: c.indicators.into(),
                    research: c.research,
                })
                .collect(),
            by_program: f
                .by_program
                .into_iter()
                .map(|p| ProgramIndicators {
                    program_id: p.program_id,
                    program: p.program,
                    code: p.code,
                    field: p.field.map(|field| match field {
                        Field::Robotics => ProgramField::Robotics,
                        Field::Ai => ProgramField::Ai,
                    }),
                    colleges: p.colleges,
                    indicators: p.indicators.into(),
                })
                .collect(),
            fairs: f.fairs,
            fair_totals: f.fair_totals,
            agreements: f
                .agreements
                .into_iter()
                .map(|a| AgreementCount {
                    kind: a.kind,
                    total: a.total,
                    in_force: a.in_force,
                })
                .collect(),
            research: ResearchFigures {
                graduates: f.research.graduates,
                colleges: f.research.colleges,
            },
            coverage: Coverage {
                code_lists: f.coverage.code_lists,
                unknown_codes: f.coverage.unknown_codes,
            },
        }
    }
}

/// The last figures read, per cohort (`None`: every cohort), in memory only.
#[derive(Default)]
pub struct ProvinceCache(Mutex<HashMap<Option<i32>, ProvinceSnapshot>>);

impl ProvinceCache {
    pub fn get(&self, cohort: Option<i32>) -> Option<ProvinceSnapshot> {
        self.0.lock().ok()?.get(&cohort).cloned()
    }

    pub fn put(&self, cohort: Option<i32>, snapshot: ProvinceSnapshot) {
        if let Ok(mut cache) = self.0.lock() {
            cache.insert(cohort, snapshot);
        }
    }

    /// Forgets every figure (another server or token was saved).
    pub fn clear(&self) {
        if let Ok(mut cache) = self.0.lock() {
            cache.clear();
        }
    }
}

fn not_configured() -> AppError {
    AppError {
        code: "sync.not_configured".into(),
        message: "尚未设置同步服务器地址和令牌".into(),
        fields: Vec::new(),
    }
}

/// Reads the province's figures of `cohort` from `server` with `token`.
pub async fn fetch(
    server: &str,
    token: &str,
    cohort: Option<i32>,
) -> Result<ProvinceSnapshot, SyncError> {
    let client = Client::new(server, token)?;
    let figures = client.province_figures(cohort).await?;
    Ok(ProvinceSnapshot {
        figures: figures.into(),
        fetched_at: xiaoqi_core::clock::now(),
        server: client.server().to_string(),
    })
}

/// Reads the province's figures of a cohort (every cohort when none) from the saved server with
/// the saved token, and keeps them as the last ones read. Fails as a sync would: the server out
/// of reach (`sync.unreachable`), the token refused (`sync.token_refused`, a college's token
/// included), none saved (`sync.not_configured`).
#[tauri::command]
#[specta::specta]
pub async fn province_figures(
    state: State<'_, AppState>,
    cache: State<'_, ProvinceCache>,
    cohort: Option<i32>,
) -> CmdResult<ProvinceSnapshot> {
    let (Some(server), Some(token)) = state.with(|s| s.sync_settings())? else {
        return Err(not_configured());
    };
    let snapshot = fetch(&server, &token, cohort).await.map_err(|e| {
        tracing::warn!(code = e.code(), "province figures: not read");
        AppError::from(e)
    })?;
    cache.put(cohort, snapshot.clone());
    Ok(snapshot)
}

/// The last figures of a cohort read since the app started, if any (no network).
#[tauri::command]
#[specta::specta]
pub async fn province_figures_cached(
    cache: State<'_, ProvinceCache>,
    cohort: Option<i32>,
) -> CmdResult<Option<ProvinceSnapshot>> {
    Ok(cache.get(cohort))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// A province's figures as the server sends them, every part filled.
    fn sample() -> Value {
        let indicators = |graduates: u32, employed: u32| {
            json!({
                "graduates": graduates,
                "counts": {
                    "employed": employed, "contract": employed - 1, "flexible": 1,
                    "entrepreneurship": 0, "further_study": 1, "awaiting": graduates - employed - 1,
                    "not_seeking": 0, "in_field": employed / 2, "local": 1, "certificates": graduates,
                },
                "rates": {
                    "employment": f64::from(employed) / f64::from(graduates),
                    "contract": 0.5, "flexible": 0.125, "entrepreneurship": 0.0,
                    "further_study": 0.125, "awaiting": 0.25, "not_seeking": 0.0,
                    "headline_2024": 0.875, "in_field": 0.5, "local": null, "certificates": 1.0,
                },
                "salary_count": employed,
                "mean_salary": 5921.5,
            })
        };
        let mut province = json!({
            "cohort": 2025,
            "colleges": 2,
            "robotics": {"colleges": 1, "programs": 1, "graduates": 4},
            "ai": {"colleges": 1, "programs": 2, "graduates": 3},
            "by_cohort": [{"cohort": 2024, "graduates": 10}, {"cohort": 2025, "graduates": 8}],
            "by_college": [],
            "by_program": [],
            "fairs": 1,
            "fair_totals": {"employers": 345, "positions": 7000, "headcount": 11000,
                            "resumes": 16560, "intentions": 6316, "signings": 293},
            "agreements": [{"kind": "校企合作协议", "total": 10, "in_force": 8}],
            "research": {"graduates": 2, "colleges": 1},
            "coverage": {"code_lists": ["2021"], "unknown_codes": 0},
        });
        let mut college =
            json!({"code": "4419", "name": "东莞市技师学院", "city": "东莞", "research": 2});
        let mut program = json!({"program_id": "", "program": "人工智能技术应用", "code": "0227-3",
                                 "field": "ai", "colleges": 1});
        for (target, i) in [
            (&mut province, indicators(8, 4)),
            (&mut college, indicators(8, 4)),
            (&mut program, indicators(3, 2)),
        ] {
            if let (Some(t), Some(i)) = (target.as_object_mut(), i.as_object()) {
                t.extend(i.clone());
            }
        }
        province["by_college"] = json!([college]);
        province["by_program"] = json!([program]);
        province
    }

    #[test]
    fn the_bindings_types_say_what_the_server_sends() {
        let sent = sample();
        let read: wire::ProvinceFigures = serde_json::from_value(sent.clone()).expect("wire");
        let shown = serde_json::to_value(ProvinceFigures::from(read)).expect("json");
        assert_eq!(shown, sent);
    }

    #[test]
    fn the_cache_keeps_the_last_figures_of_each_cohort_until_cleared() {
        let read: wire::ProvinceFigures = serde_json::from_value(sample()).expect("wire");
        let snapshot = |at: &str| ProvinceSnapshot {
            figures: ProvinceFigures::from(read.clone()),
            fetched_at: at.into(),
            server: "http://127.0.0.1:8787".into(),
        };
        let cache = ProvinceCache::default();
        assert_eq!(cache.get(Some(2025)), None);
        cache.put(Some(2025), snapshot("2025-05-07T08:00:00Z"));
        cache.put(Some(2025), snapshot("2025-05-07T09:00:00Z"));
        cache.put(None, snapshot("2025-05-07T10:00:00Z"));
        assert_eq!(
            cache.get(Some(2025)).map(|s| s.fetched_at),
            Some("2025-05-07T09:00:00Z".into())
        );
        assert!(cache.get(None).is_some());
        assert_eq!(cache.get(Some(2024)), None);
        cache.clear();
        assert_eq!(cache.get(Some(2025)), None);
        assert_eq!(cache.get(None), None);
    }

    #[test]
    fn without_a_server_nothing_is_asked_and_the_error_says_so() {
        // A port nothing listens on.
        let port = std::net::TcpListener::bind(("127.0.0.1", 0))
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let err = tauri::async_runtime::block_on(fetch(
            &format!("http://127.0.0.1:{port}"),
            "xq_secret-token",
            Some(2025),
        ))
        .expect_err("nothing listens there");
        let app = AppError::from(err);
        assert_eq!(app.code, "sync.unreachable");
        assert!(!app.message.contains("secret-token"), "{}", app.message);
        assert_eq!(not_configured().code, "sync.not_configured");
    }
}
