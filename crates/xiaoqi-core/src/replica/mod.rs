//! The device's side of sync (see docs/sync.md): what goes up from the outbox, what comes down
//! from the server, the college this database is bound to, and the conflicts people resolve.
//! Knows nothing of HTTP: `xiaoqi-sync` carries these to the server and back.

mod binding;
mod conflicts;
mod incoming;
mod outgoing;

use serde::{Deserialize, Serialize};
use xiaoqi_protocol::Cursor;

pub use conflicts::{ConflictSide, Keep, SyncConflict};

use crate::error::Result;
use crate::{Store, clock};

/// Keys in `meta` that sync keeps. The token is a secret: it is never logged or shown whole.
pub(crate) mod keys {
    pub const DEVICE: &str = "sync_device";
    pub const ACKED: &str = "sync_acked";
    pub const CURSOR: &str = "sync_cursor";
    pub const COLLEGE: &str = "sync_college";
    pub const SERVER: &str = "sync_server";
    pub const TOKEN: &str = "sync_token";
    pub const USER: &str = "sync_user";
    pub const LAST_SYNCED: &str = "sync_last_synced";
    pub const VERSION: &str = "sync_version";
    pub const ROLE: &str = "sync_role";
}

/// Where this database stands with the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncState {
    /// This database's device id (made on first use).
    pub device_id: String,
    /// The server's college this database is bound to (none before the first sync).
    pub bound_college: Option<String>,
    /// The server address and whether a token is set (the token itself is never returned).
    pub server: Option<String>,
    pub has_token: bool,
    /// Who edits on this device, as conflicts name them.
    pub user: Option<String>,
    /// Local changes waiting to be pushed.
    pub pending: i64,
    /// When the last sync ended (RFC 3339), and the server version it reached.
    pub last_synced_at: Option<String>,
    pub version: u64,
    /// Conflicts nobody has resolved yet.
    pub open_conflicts: i64,
    /// Whom the saved token speaks for, as the server last said (`college` or `province`);
    /// none until it has answered once, and again after another token is saved.
    pub role: Option<String>,
}

impl Store {
    pub(crate) fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")?
            .execute([key, value])?;
        Ok(())
    }

    fn clear_meta(&self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [key])?;
        Ok(())
    }

    fn meta_u64(&self, key: &str) -> Result<u64> {
        Ok(self
            .meta(key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or_default())
    }

    /// This database's device id: made once, kept in `meta`.
    pub fn device_id(&self) -> Result<String> {
        if let Some(id) = self.meta(keys::DEVICE)? {
            return Ok(id);
        }
        let id = clock::new_id();
        self.conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
            [keys::DEVICE, &id],
        )?;
        Ok(self.meta(keys::DEVICE)?.unwrap_or(id))
    }

    pub fn sync_state(&self) -> Result<SyncState> {
        let open_conflicts: i64 = self.conn.query_row(
            "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL AND deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(SyncState {
            device_id: self.device_id()?,
            bound_college: self.meta(keys::COLLEGE)?,
            server: self.meta(keys::SERVER)?,
            has_token: self.meta(keys::TOKEN)?.is_some(),
            user: self.meta(keys::USER)?,
            pending: self.pending_changes()?,
            last_synced_at: self.meta(keys::LAST_SYNCED)?,
            version: self.meta_u64(keys::VERSION)?,
            open_conflicts,
            role: self.meta(keys::ROLE)?,
        })
    }

    /// Remembers whom the saved token speaks for (a province device opens on the province's
    /// figures even before the server answers); `None` forgets it.
    pub fn set_sync_role(&self, role: Option<xiaoqi_protocol::Role>) -> Result<()> {
        match role {
            Some(xiaoqi_protocol::Role::College) => self.set_meta(keys::ROLE, "college"),
            Some(xiaoqi_protocol::Role::Province) => self.set_meta(keys::ROLE, "province"),
            None => self.clear_meta(keys::ROLE),
        }
    }

    /// The server address and token the app syncs with (the token stays in this database;
    /// `None` leaves it as it is, an empty string removes it).
    pub fn set_sync_settings(
        &mut self,
        server: &str,
        token: Option<&str>,
        user: Option<&str>,
    ) -> Result<()> {
        let server = server.trim().trim_end_matches('/');
        if server.is_empty() {
            self.clear_meta(keys::SERVER)?;
        } else if !(server.starts_with("http://") || server.starts_with("https://")) {
            return Err(crate::CoreError::invalid(
                "server",
                "not_url",
                "服务器地址应以 http:// 或 https:// 开头",
            ));
        } else {
            self.set_meta(keys::SERVER, server)?;
        }
        let before = self.meta(keys::TOKEN)?;
        match token.map(str::trim) {
            None => {}
            Some("") => self.clear_meta(keys::TOKEN)?,
            Some(t) => self.set_meta(keys::TOKEN, t)?,
        }
        if self.meta(keys::TOKEN)? != before {
            self.clear_meta(keys::ROLE)?;
        }
        match user.map(str::trim) {
            None => {}
            Some("") => self.clear_meta(keys::USER)?,
            Some(u) => self.set_meta(keys::USER, u)?,
        }
        Ok(())
    }

    /// The server address and token saved by [`Store::set_sync_settings`].
    pub fn sync_settings(&self) -> Result<(Option<String>, Option<String>)> {
        Ok((self.meta(keys::SERVER)?, self.meta(keys::TOKEN)?))
    }

    /// Where the next pull starts.
    pub fn sync_cursor(&self) -> Result<Cursor> {
        Ok(self
            .meta(keys::CURSOR)?
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default())
    }

    /// Records a finished sync: when, and the server version reached.
    pub fn record_synced(&self, version: u64) -> Result<()> {
        self.set_meta(keys::LAST_SYNCED, &clock::now())?;
        self.set_meta(keys::VERSION, &version.to_string())
    }

    pub(crate) fn sync_user(&self) -> Result<Option<String>> {
        self.meta(keys::USER)
    }
}

#[cfg(test)]
mod tests;
