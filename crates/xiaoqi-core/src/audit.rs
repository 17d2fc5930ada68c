//! The audit log: every change, sign-in, reveal, export, backup and restore, append-only and
//! hash-chained. An entry names who, when, what and which record and fields — never a personal
//! value. `verify` walks the chain and names the first entry that was edited, removed or
//! reordered.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::change::{Change, Op};
use crate::clock;
use crate::error::Result;
use crate::model::user::Actor;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Columns every change carries that say nothing about what a person edited.
const BOOKKEEPING: &[&str] = &["college_id", "created_at", "updated_at", "deleted_at"];

/// What an entry records. Stored as the text of `as_str`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Insert,
    Update,
    Delete,
    Login,
    LoginFailed,
    Logout,
    Reveal,
    Export,
    Backup,
    Restore,
    User,
    Settings,
    Sync,
    Purge,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Insert => "insert",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Login => "login",
            Self::LoginFailed => "login_failed",
            Self::Logout => "logout",
            Self::Reveal => "reveal",
            Self::Export => "export",
            Self::Backup => "backup",
            Self::Restore => "restore",
            Self::User => "user",
            Self::Settings => "settings",
            Self::Sync => "sync",
            Self::Purge => "purge",
        }
    }
}

/// One event to append: `table`/`row_id` name the record it concerns, `fields` its columns,
/// `detail` anything else worth keeping (counts, a file name, a reason) — no personal values.
#[derive(Debug, Clone, Default)]
pub struct Event<'a> {
    pub action: Option<Action>,
    pub table: Option<&'a str>,
    pub row_id: Option<&'a str>,
    pub fields: Vec<String>,
    pub detail: Option<Value>,
}

impl<'a> Event<'a> {
    pub fn new(action: Action) -> Self {
        Event {
            action: Some(action),
            ..Event::default()
        }
    }
    pub fn record(mut self, table: &'a str, row_id: &'a str) -> Self {
        self.table = Some(table);
        self.row_id = Some(row_id);
        self
    }
    pub fn fields(mut self, fields: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.fields = fields.into_iter().map(Into::into).collect();
        self
    }
    pub fn detail(mut self, detail: Value) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// One stored entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditEntry {
    // Numbers stay far below 2^32; TypeScript's number holds them exactly.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub seq: i64,
    pub at: String,
    pub user_id: Option<String>,
    pub user_name: String,
    pub action: String,
    pub table_name: Option<String>,
    pub row_id: Option<String>,
    pub fields: Vec<String>,
    pub detail: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The stored text of an entry, as hashed.
struct Stored<'a> {
    seq: i64,
    at: &'a str,
    user_id: Option<&'a str>,
    user_name: &'a str,
    action: &'a str,
    table_name: Option<&'a str>,
    row_id: Option<&'a str>,
    fields: &'a str,
    detail: Option<&'a str>,
    prev_hash: &'a str,
}

impl Stored<'_> {
    /// SHA-256, lower-case hex, of the entry's stored values as one JSON array (so no value can
    /// run into the next).
    fn hash(&self) -> String {
        let text = serde_json::json!([
            self.seq,
            self.at,
            self.user_id,
            self.user_name,
            self.action,
            self.table_name,
            self.row_id,
            self.fields,
            self.detail,
            self.prev_hash,
        ])
        .to_string();
        hex::encode(Sha256::digest(text.as_bytes()))
    }
}

/// Appends `event` by `actor`. Call inside the transaction of what it records, so the entry and
/// the event land together.
pub fn append(conn: &Connection, actor: &Actor, event: &Event<'_>) -> Result<()> {
    let action = event.action.unwrap_or(Action::Settings).as_str();
    // The last entry, and the highest number ever given (entries removed from the end leave
    // it): the next number is one more, in one statement.
    let (last, prev, given): (i64, Option<String>, i64) = conn
        .prepare_cached(
            "SELECT coalesce(l.seq, 0), l.hash, \
             coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0) \
             FROM (SELECT 1) LEFT JOIN \
             (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) l",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let prev = prev.unwrap_or_else(|| GENESIS.to_string());
    let seq = last.max(given) + 1;
    let at = clock::now();
    let fields = serde_json::to_string(&event.fields)?;
    let detail = event.detail.as_ref().map(Value::to_string);
    let stored = Stored {
        seq,
        at: &at,
        user_id: actor.user_id.as_deref(),
        user_name: &actor.name,
        action,
        table_name: event.table,
        row_id: event.row_id,
        fields: &fields,
        detail: detail.as_deref(),
        prev_hash: &prev,
    };
    let hash = stored.hash();
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, user_id, user_name, action, table_name, row_id, fields, \
         detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(rusqlite::params![
        seq,
        at,
        stored.user_id,
        stored.user_name,
        action,
        event.table,
        event.row_id,
        fields,
        detail,
        prev,
        hash
    ])?;
    Ok(())
}

/// Appends the entry for a change a person made: its record and the columns it set.
pub(crate) fn append_change(conn: &Connection, actor: &Actor, change: &Change) -> Result<()> {
    let action = match change.op {
        Op::Insert => Action::Insert,
        Op::Update => Action::Update,
        Op::Delete => Action::Delete,
    };
    let fields = change
        .columns
        .keys()
        .filter(|k| !BOOKKEEPING.contains(&k.as_str()))
        .cloned();
    let event = Event::new(action)
        .record(&change.table, &change.row_id)
        .fields(fields);
    append(conn, actor, &event)
}

/// Why the chain does not hold, at the first entry where it breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Break {
    /// The entry is gone (deleted, or the log was cut short).
    Missing,
    /// Its content no longer matches its hash (edited).
    Altered,
    /// It does not follow the entry before it (reordered, or one before it replaced).
    Unlinked,
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Verification {
    /// Entries read.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub entries: i64,
    /// The first broken entry's number and why; `None` when the whole chain holds.
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub broken_at: Option<i64>,
    pub reason: Option<Break>,
    /// The hash of the last entry (to write down and compare later).
    pub head: String,
}

impl Verification {
    pub fn holds(&self) -> bool {
        self.broken_at.is_none()
    }

    /// The finding in words, zh-CN.
    pub fn message(&self) -> String {
        match (self.broken_at, self.reason) {
            (None, _) => format!(
                "审计日志完整：共 {} 条记录，哈希链无断点（末条哈希 {}）",
                self.entries,
                &self.head[..16.min(self.head.len())]
            ),
            (Some(seq), Some(Break::Missing)) => {
                format!("审计日志被改动：第 {seq} 条记录缺失（被删除）")
            }
            (Some(seq), Some(Break::Altered)) => {
                format!("审计日志被改动：第 {seq} 条记录的内容与其哈希不符（被修改）")
            }
            (Some(seq), _) => {
                format!("审计日志被改动：第 {seq} 条记录与前一条接不上（顺序被改动或前一条被替换）")
            }
        }
    }
}

/// Walks the whole log in order and checks every link.
pub fn verify(conn: &Connection) -> Result<Verification> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, user_id, user_name, action, table_name, row_id, fields, detail, \
         prev_hash, hash FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected = 1i64;
    let mut prev = GENESIS.to_string();
    let mut entries = 0i64;
    let broken = |seq: i64, reason: Break, entries: i64, head: String| Verification {
        entries,
        broken_at: Some(seq),
        reason: Some(reason),
        head,
    };
    while let Some(r) = rows.next()? {
        entries += 1;
        let seq: i64 = r.get(0)?;
        if seq != expected {
            return Ok(broken(expected.min(seq), Break::Missing, entries, prev));
        }
        let text = |i: usize| r.get::<_, Option<String>>(i);
        let (at, user_name, action, fields, prev_hash, hash) = (
            text(1)?.unwrap_or_default(),
            text(3)?.unwrap_or_default(),
            text(4)?.unwrap_or_default(),
            text(7)?.unwrap_or_default(),
            text(9)?.unwrap_or_default(),
            text(10)?.unwrap_or_default(),
        );
        let (user_id, table_name, row_id, detail) = (text(2)?, text(5)?, text(6)?, text(8)?);
        let stored = Stored {
            seq,
            at: &at,
            user_id: user_id.as_deref(),
            user_name: &user_name,
            action: &action,
            table_name: table_name.as_deref(),
            row_id: row_id.as_deref(),
            fields: &fields,
            detail: detail.as_deref(),
            prev_hash: &prev_hash,
        };
        if stored.hash() != hash {
            return Ok(broken(seq, Break::Altered, entries, prev));
        }
        if prev_hash != prev {
            return Ok(broken(seq, Break::Unlinked, entries, prev));
        }
        prev = hash;
        expected += 1;
    }
    let given: i64 = conn
        .query_row(
            "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'audit_log'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    if given >= expected {
        return Ok(broken(expected, Break::Missing, entries, prev));
    }
    Ok(Verification {
        entries,
        broken_at: None,
        reason: None,
        head: prev,
    })
}

/// Filter and page of the log, newest first.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditQuery {
    /// Only this action (`AuditEntry::action`).
    pub action: Option<String>,
    /// Only entries of this record.
    pub row_id: Option<String>,
    /// Only entries by this user name.
    pub user_name: Option<String>,
    /// Entries at or after / before these timestamps (RFC 3339 or a date `YYYY-MM-DD`).
    pub from: Option<String>,
    pub until: Option<String>,
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}

/// Entries matching `q`, newest first, and how many match in all.
pub fn entries(conn: &Connection, q: &AuditQuery) -> Result<(Vec<AuditEntry>, i64)> {
    let mut wh = vec!["1 = 1".to_string()];
    let mut params: Vec<rusqlite::types::Value> = Vec::new();
    let mut add = |clause: &str, v: &Option<String>| {
        if let Some(v) = v.as_ref().map(|v| v.trim()).filter(|v| !v.is_empty()) {
            params.push(v.to_string().into());
            wh.push(clause.replace('?', &format!("?{}", params.len())));
        }
    };
    add("action = ?", &q.action);
    add("row_id = ?", &q.row_id);
    add("user_name = ?", &q.user_name);
    add("at >= ?", &q.from);
    add("at < ?", &q.until);
    let wh = wh.join(" AND ");
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM audit_log WHERE {wh}"),
        rusqlite::params_from_iter(&params),
        |r| r.get(0),
    )?;
    let limit = q.limit.unwrap_or(100).min(10_000);
    let offset = q.offset.unwrap_or(0);
    let mut stmt = conn.prepare(&format!(
        "SELECT seq, at, user_id, user_name, action, table_name, row_id, fields, detail, \
         prev_hash, hash FROM audit_log WHERE {wh} ORDER BY seq DESC LIMIT {limit} OFFSET {offset}"
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(&params), |r| {
        let fields: String = r.get(7)?;
        Ok(AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            user_id: r.get(2)?,
            user_name: r.get(3)?,
            action: r.get(4)?,
            table_name: r.get(5)?,
            row_id: r.get(6)?,
            fields: serde_json::from_str(&fields).unwrap_or_default(),
            detail: r.get(8)?,
            prev_hash: r.get(9)?,
            hash: r.get(10)?,
        })
    })?;
    Ok((rows.collect::<rusqlite::Result<_>>()?, total))
}
