//! What can stop a sync, in words the office can act on. Nothing local is changed by a sync
//! that fails before its first acknowledged push or applied page; one that fails later keeps
//! what it finished (each step is its own transaction) and the next sync goes on from there.

use xiaoqi_core::CoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No answer from the server: offline, wrong address, server down.
    #[error("连不上同步服务器 {server}：{reason}。本机数据未改动，联网后再同步即可")]
    Unreachable { server: String, reason: String },
    /// The server asks this device to slow down (too many requests with its token).
    #[error("同步服务器繁忙，请 {seconds} 秒后再试（会自动重试）")]
    Busy { seconds: u64 },
    /// The server refused the token (unknown, revoked, or not a college's).
    #[error("服务器拒绝了这个令牌：{0}。请向管理员索取新的令牌")]
    TokenRefused(String),
    /// The provincial token reads figures; it has no college to sync.
    #[error("这是省级只读令牌，只能查看全省汇总数据，不能同步学校的记录")]
    Province,
    /// The server refused the request itself (a gap, bad data): nothing was applied.
    #[error("服务器拒绝了同步请求（{code}）：{message}")]
    Refused { code: String, message: String },
    /// The server failed while answering.
    #[error("同步服务器出错（{status}）：{message}。稍后再试")]
    Server { status: u16, message: String },
    /// This database: another college's, or a local failure.
    #[error(transparent)]
    Local(#[from] CoreError),
}

impl SyncError {
    /// A stable code for scripts and the app's i18n.
    pub fn code(&self) -> &str {
        match self {
            SyncError::Unreachable { .. } => "sync.unreachable",
            SyncError::TokenRefused(_) => "sync.token_refused",
            SyncError::Province => "sync.province_token",
            SyncError::Busy { .. } => "sync.rate_limited",
            SyncError::Refused { code, .. } => code,
            SyncError::Server { .. } => "sync.server",
            SyncError::Local(e) if is_other_college(e) => "sync.other_college",
            SyncError::Local(_) => "sync.local",
        }
    }

    /// The token cannot sync this database: refused by the server, provincial, or another
    /// college's.
    pub fn is_token_refused(&self) -> bool {
        match self {
            SyncError::TokenRefused(_) | SyncError::Province => true,
            SyncError::Local(e) => is_other_college(e),
            _ => false,
        }
    }

    /// Worth trying again later without anyone changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Unreachable { .. } | SyncError::Server { .. }
        )
    }
}

fn is_other_college(e: &CoreError) -> bool {
    matches!(e, CoreError::Invalid(f) if f.0.iter().any(|f| f.code == "token.other_college"))
}
