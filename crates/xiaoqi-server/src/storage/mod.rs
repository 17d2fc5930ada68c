//! Where the server keeps colleges, tokens, devices, rows and the change log. Two backends pass
//! one conformance suite: SQLite (one file in the data directory, the default) and PostgreSQL.
//! The merge itself is decided in `merge`; a backend loads, calls it, and writes the plan.

use std::future::Future;

use xiaoqi_protocol::figures::{CollegeFigures, ProvinceFigures};
use xiaoqi_protocol::{College, Cursor, Mutation, PullReply, PushReply, Role};

use crate::figures::{self, RawRow};
use crate::merge::Refused;

pub mod postgres;
pub mod sqlite;

/// Whom a token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub role: Role,
    pub college: Option<College>,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("数据库错误：{0}")]
    Database(String),
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// A pull page as JSON text, with what the log line says about it.
#[derive(Debug)]
pub struct PulledJson {
    pub body: String,
    pub rows: usize,
    pub remaining: u64,
}

/// A token as issued: shown once, kept only as its SHA-256.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("xq_{}", hex(&bytes))
}

pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub trait Storage: Send + Sync + 'static {
    /// Adds a college and its profile row (version 1).
    fn add_college(
        &self,
        code: &str,
        name: &str,
        city: Option<&str>,
    ) -> impl Future<Output = Result<College>> + Send;
    /// Issues a token for a college (by code) or, with `None`, the provincial read-only token.
    fn issue_token(
        &self,
        college_code: Option<&str>,
        label: Option<&str>,
    ) -> impl Future<Output = Result<String>> + Send;
    /// Revokes a token; false when no such token was live.
    fn revoke_token(&self, token: &str) -> impl Future<Output = Result<bool>> + Send;
    fn authenticate(&self, token: &str) -> impl Future<Output = Result<Option<Principal>>> + Send;
    /// The college's current version.
    fn version(&self, college_id: &str) -> impl Future<Output = Result<u64>> + Send;
    fn push(
        &self,
        college_id: &str,
        device: &str,
        mutations: Vec<Mutation>,
    ) -> impl Future<Output = Result<PushReply>> + Send;
    fn pull(
        &self,
        college_id: &str,
        after: Cursor,
        limit: u32,
    ) -> impl Future<Output = Result<PullReply>> + Send;
    /// A pull page as the JSON the API sends (a [`PullReply`]). A backend may compose it from the
    /// rows' stored text without parsing them; by default it serializes [`Storage::pull`].
    fn pull_json(
        &self,
        college_id: &str,
        after: Cursor,
        limit: u32,
    ) -> impl Future<Output = Result<PulledJson>> + Send {
        async move {
            let reply = self.pull(college_id, after, limit).await?;
            Ok(PulledJson {
                rows: reply.rows.len(),
                remaining: reply.remaining,
                body: serde_json::to_string(&reply)
                    .map_err(|e| StorageError::Database(e.to_string()))?,
            })
        }
    }
    /// Every college, by code.
    fn colleges(&self) -> impl Future<Output = Result<Vec<College>>> + Send;
    /// The current state of a college's rows of `tables`, deleted ones included, read in one
    /// snapshot scoped to the college: for its figures, never sent to anyone.
    fn college_rows(
        &self,
        college_id: &str,
        tables: &'static [&'static str],
    ) -> impl Future<Output = Result<Vec<RawRow>>> + Send;

    /// A college's figures, computed as its app computes its statistics.
    fn college_figures(
        &self,
        college: &College,
        cohort: Option<i32>,
    ) -> impl Future<Output = Result<CollegeFigures>> + Send {
        async move {
            let rows = self.college_rows(&college.id, figures::TABLES).await?;
            Ok(count(college.clone(), rows, cohort).await?.0)
        }
    }

    /// The province's figures: every college's counts added up, rates from the sums. Colleges
    /// are read one at a time, each in its own snapshot.
    fn province_figures(
        &self,
        cohort: Option<i32>,
    ) -> impl Future<Output = Result<ProvinceFigures>> + Send {
        async move {
            let mut province = figures::Province::default();
            for college in self.colleges().await? {
                let rows = self.college_rows(&college.id, figures::TABLES).await?;
                let (_, parts) = count(college.clone(), rows, cohort).await?;
                province.add(&college, &parts);
            }
            Ok(province.figures(cohort))
        }
    }
}

/// Counts a college's rows on the blocking pool: parsing a large college's rows takes long
/// enough to hold up the pushes and pulls sharing the runtime.
async fn count(
    college: College,
    rows: Vec<RawRow>,
    cohort: Option<i32>,
) -> Result<(CollegeFigures, figures::Parts)> {
    tokio::task::spawn_blocking(move || figures::college(&college, &rows, cohort))
        .await
        .map_err(|e| StorageError::Database(e.to_string()))
}
