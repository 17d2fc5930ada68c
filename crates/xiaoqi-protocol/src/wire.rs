//! Requests and replies. Every endpoint is JSON over HTTP(S) under `/v1`; the device's token
//! goes in `Authorization: Bearer …` and decides the college, whatever a payload says.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a change does to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Insert,
    Update,
    Delete,
}

/// Who a token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// One college's devices: read and write that college's rows.
    College,
    /// The province: aggregate figures of every college, never a row.
    Province,
}

/// A college as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct College {
    pub id: String,
    pub code: String,
    pub name: String,
    pub city: Option<String>,
}

/// `GET /v1/session`: whom the token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub role: Role,
    /// The token's college (none for the province).
    pub college: Option<College>,
    /// The college's current version (0 for the province).
    pub version: u64,
}

/// One local change as a device pushes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mutation {
    /// Numbered per device 1, 2, 3 … without gaps; the server applies each id once.
    pub id: u64,
    /// The change's own id (UUIDv7), kept in the server's log.
    pub change_id: String,
    pub table: String,
    pub row_id: String,
    pub op: Op,
    /// The changed columns' new values (a delete sets `deleted_at`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub columns: BTreeMap<String, Value>,
    /// The server version of the row the device held when the edit was made (0: none). A column
    /// the server changed after it, from another device, to another value, is a conflict.
    pub base_version: u64,
    /// The device's clock when the edit was made: shown to people, never used to merge.
    pub at: String,
    /// Who made the edit, as the device knows them.
    pub user: Option<String>,
}

/// `POST /v1/push`: a device's outbox, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    /// The device's own id: 1 to 64 characters, no NUL.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = r"^[^\u0000]*$")
    )]
    pub device_id: String,
    pub mutations: Vec<Mutation>,
}

/// The reply to a push: everything up to `acked` is applied (now or by an earlier push), so the
/// device may drop those outbox rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushReply {
    pub acked: u64,
    /// The college's version after the push.
    pub version: u64,
    /// Mutations applied by this push (not skipped as already applied).
    pub applied: u32,
    /// Conflicts this push recorded.
    pub conflicts: u32,
}

/// A position in a college's rows as a pull walks them: by version, then table rank, then id.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cursor {
    pub version: u64,
    pub rank: u32,
    pub row_id: String,
}

/// `POST /v1/pull`: rows changed after `after`, at most `limit` of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullRequest {
    pub after: Cursor,
    pub limit: u32,
}

/// A row as the server holds it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowState {
    pub table: String,
    pub row_id: String,
    /// The version of the push that last changed it.
    pub version: u64,
    /// Every synced column (a deleted row has `deleted_at`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub columns: BTreeMap<String, Value>,
}

/// One page of a pull. `next` is where the following page starts; none when this was the last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullReply {
    pub rows: Vec<RowState>,
    pub next: Option<Cursor>,
    /// The college's current version.
    pub version: u64,
    /// Rows after this page still to come (for a progress bar).
    pub remaining: u64,
}

/// Every error reply: a stable code (also the app's i18n key) and the reason in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

/// The largest page a pull returns and the most mutations one push may carry.
pub const MAX_PAGE: u32 = 5_000;
pub const MAX_PUSH: usize = 5_000;
