//! The province's figures, for a computer set up with the provincial token: read from the server
//! with the saved settings. The last figures read of each cohort are kept in memory (never in the
//! database's record tables) so that a lost connection still shows them, with when they were read.
//!
//! The figures are the protocol's own types (`xiaoqi_protocol::figures`, with `specta::Type`
//! under core's `specta` feature), as `GET /v1/province/figures` sends them.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use tauri::State;
use xiaoqi_sync::figures::ProvinceFigures;
use xiaoqi_sync::{Client, SyncError};

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// The figures as the province dashboard shows them: what the server answered, and when.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ProvinceSnapshot {
    pub figures: ProvinceFigures,
    /// When they were read from the server (RFC 3339).
    pub fetched_at: String,
    /// The server they came from.
    pub server: String,
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
        figures,
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
    fn the_cache_keeps_the_last_figures_of_each_cohort_until_cleared() {
        let read: ProvinceFigures = serde_json::from_value(sample()).expect("wire");
        let snapshot = |at: &str| ProvinceSnapshot {
            figures: read.clone(),
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
