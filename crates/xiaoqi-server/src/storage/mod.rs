//! Where the server keeps colleges, tokens, devices, rows and the change log. Two backends pass
//! one conformance suite: SQLite (one file in the data directory, the default) and PostgreSQL.
//! The merge itself is decided in `merge`; a backend loads, calls it, and writes the plan.

use std::future::Future;

use xiaoqi_protocol::{College, Cursor, Mutation, PullReply, PushReply, Role};

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
}
