//! The SQLite backend: one file, one connection, every call on the blocking pool. A push is one
//! `BEGIN IMMEDIATE` transaction, so pushes of all colleges are serialised — simple and, for one
//! province, fast enough (see `make bench`); PostgreSQL is the way past one machine.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use xiaoqi_protocol::tables::rank;
use xiaoqi_protocol::{College, Cursor, Mutation, PullReply, PushReply, Role, RowState};

use super::{Principal, PulledJson, Result, Storage, StorageError, new_token, token_hash};
use crate::clock;
use crate::figures::RawRow;
use crate::merge::{self, Loaded, Plan, StoredRow};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS colleges (
    id         TEXT PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    city       TEXT,
    version    INTEGER NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS tokens (
    hash       TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    college_id TEXT REFERENCES colleges (id),
    label      TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS devices (
    college_id TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    acked      INTEGER NOT NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (college_id, device_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rows (
    college_id TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    rank       INTEGER NOT NULL,
    columns    TEXT NOT NULL,
    meta       TEXT NOT NULL,
    PRIMARY KEY (college_id, table_name, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rows_by_version ON rows (college_id, version, rank, row_id);
CREATE TABLE IF NOT EXISTS row_keys (
    college_id TEXT NOT NULL,
    table_name TEXT NOT NULL,
    key_cols   TEXT NOT NULL,
    key_value  TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    PRIMARY KEY (college_id, table_name, key_cols, key_value, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS row_keys_row ON row_keys (college_id, table_name, row_id);
CREATE TABLE IF NOT EXISTS changes (
    college_id  TEXT NOT NULL,
    version     INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    mutation_id INTEGER NOT NULL,
    change_id   TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    op          TEXT NOT NULL,
    columns     TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (college_id, device_id, mutation_id)
) STRICT, WITHOUT ROWID;
";

#[derive(Clone)]
pub struct SqliteStorage {
    conn: Arc<tokio::sync::Mutex<Connection>>,
    /// Connections that only read (tokens, pulls, figures): WAL lets them run beside a push, so
    /// a device's token check never queues behind other colleges' pushes.
    readers: Arc<[Arc<tokio::sync::Mutex<Connection>>]>,
    next_reader: Arc<std::sync::atomic::AtomicUsize>,
}

fn db(e: impl std::fmt::Display) -> StorageError {
    StorageError::Database(e.to_string())
}

impl SqliteStorage {
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path).map_err(db)?;
        let writer = Self::init(conn)?;
        let readers = (0..2)
            .map(|_| {
                let r = Connection::open(path).map_err(db)?;
                r.execute_batch(
                    "PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32000;
                     PRAGMA mmap_size = 1073741824; PRAGMA query_only = ON;",
                )
                .map_err(db)?;
                Ok(Arc::new(tokio::sync::Mutex::new(r)))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            readers: readers.into(),
            ..writer
        })
    }

    /// One connection for everything (an in-memory database cannot be opened twice).
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory().map_err(db)?)
    }

    fn init(conn: Connection) -> Result<Self> {
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000; PRAGMA cache_size = -64000; PRAGMA mmap_size = 1073741824;",
        )
        .map_err(db)?;
        conn.execute_batch(SCHEMA).map_err(db)?;
        let conn = Arc::new(tokio::sync::Mutex::new(conn));
        Ok(Self {
            readers: vec![conn.clone()].into(),
            conn,
            next_reader: Arc::default(),
        })
    }

    /// Runs a read-only `f` on one of the reading connections, on the blocking pool.
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let i = self
            .next_reader
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            % self.readers.len();
        let mut guard = self.readers[i].clone().lock_owned().await;
        tokio::task::spawn_blocking(move || f(&mut guard))
            .await
            .map_err(db)?
    }

    /// Runs `f` on the connection on the blocking pool. Callers take turns in the order they
    /// came (tokio's mutex is fair): with 150 devices pushing at once, none waits behind
    /// latecomers, which keeps the slowest push near the queue's length.
    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let mut guard = self.conn.clone().lock_owned().await;
        tokio::task::spawn_blocking(move || f(&mut guard))
            .await
            .map_err(db)?
    }
}

fn college_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<College> {
    Ok(College {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        city: r.get(3)?,
    })
}

/// A JSON column as stored; a damaged one is an error, never an empty row.
fn json<T: serde::de::DeserializeOwned>(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn stored(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<StoredRow> {
    Ok(StoredRow {
        version: r.get::<_, i64>(first)? as u64,
        columns: json(r, first + 1)?,
        meta: {
            let text: String = r.get(first + 2)?;
            merge::decode_meta(&text).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    first + 2,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?
        },
    })
}

/// Writes a plan: rows, their keys, the log, the device's ack and the college's version.
fn write_plan(
    tx: &rusqlite::Transaction<'_>,
    college_id: &str,
    device: &str,
    plan: &Plan,
) -> Result<()> {
    let now = clock::now();
    tx.execute(
        "INSERT INTO devices (college_id, device_id, acked, seen_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO UPDATE SET acked = excluded.acked, seen_at = excluded.seen_at",
        params![college_id, device, plan.acked as i64, now],
    )
    .map_err(db)?;
    if plan.log.is_empty() {
        return Ok(());
    }
    tx.execute(
        "UPDATE colleges SET version = ?2 WHERE id = ?1",
        params![college_id, plan.version as i64],
    )
    .map_err(db)?;
    let mut put = tx
        .prepare_cached(
            "INSERT INTO rows (college_id, table_name, row_id, version, rank, columns, meta)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT DO UPDATE SET version = excluded.version, columns = excluded.columns,
                 meta = excluded.meta",
        )
        .map_err(db)?;
    let mut drop_keys = tx
        .prepare_cached(
            "DELETE FROM row_keys WHERE college_id = ?1 AND table_name = ?2 AND row_id = ?3",
        )
        .map_err(db)?;
    let mut put_key = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO row_keys (college_id, table_name, key_cols, key_value, row_id)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(db)?;
    for ((table, row_id), row) in &plan.rows {
        put.execute(params![
            college_id,
            table,
            row_id,
            row.version as i64,
            rank(table).unwrap_or(usize::MAX) as i64,
            serde_json::to_string(&row.columns).map_err(db)?,
            merge::encode_meta(&row.meta),
        ])
        .map_err(db)?;
        let keys: Vec<_> = xiaoqi_protocol::unique::keys_of(table).collect();
        if !keys.is_empty() {
            drop_keys
                .execute(params![college_id, table, row_id])
                .map_err(db)?;
            for key in keys {
                if let Some(v) = merge::key_value(key, row) {
                    put_key
                        .execute(params![college_id, table, key.columns.join(","), v, row_id])
                        .map_err(db)?;
                }
            }
        }
    }
    let mut log = tx
        .prepare_cached(
            "INSERT INTO changes (college_id, version, device_id, mutation_id, change_id,
                 table_name, row_id, op, columns, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .map_err(db)?;
    for l in &plan.log {
        log.execute(params![
            college_id,
            plan.version as i64,
            device,
            l.mutation_id as i64,
            l.change_id,
            l.table,
            l.row_id,
            serde_json::to_value(l.op)
                .map_err(db)?
                .as_str()
                .unwrap_or_default(),
            serde_json::to_string(&l.columns).map_err(db)?,
            l.at,
        ])
        .map_err(db)?;
    }
    Ok(())
}

/// Reads one page of a college's rows after `after` (by version, table rank, id), handing each
/// row's table, id, version and stored columns text to `each`; returns the college's version,
/// where the next page starts (none after the last) and how many rows are left after it.
fn read_page(
    conn: &mut Connection,
    college_id: &str,
    after: &Cursor,
    limit: u32,
    mut each: impl FnMut(String, String, u64, String) -> Result<()>,
) -> Result<(u64, Option<Cursor>, u64)> {
    let limit = limit.clamp(1, xiaoqi_protocol::MAX_PAGE);
    let tx = conn.transaction().map_err(db)?;
    let version: i64 = tx
        .query_row(
            "SELECT version FROM colleges WHERE id = ?1",
            [college_id],
            |r| r.get(0),
        )
        .map_err(db)?;
    let mut stmt = tx
        .prepare_cached(
            "SELECT table_name, row_id, rank, version, columns FROM rows
             WHERE college_id = ?1 AND (version, rank, row_id) > (?2, ?3, ?4)
             ORDER BY version, rank, row_id LIMIT ?5",
        )
        .map_err(db)?;
    let mut last = None;
    let mut q = stmt
        .query(params![
            college_id,
            after.version as i64,
            i64::from(after.rank),
            after.row_id,
            i64::from(limit)
        ])
        .map_err(db)?;
    while let Some(r) = q.next().map_err(db)? {
        let table: String = r.get(0).map_err(db)?;
        let row_id: String = r.get(1).map_err(db)?;
        let rank: i64 = r.get(2).map_err(db)?;
        // A pull needs no per-column metadata: it is not even read.
        let version = r.get::<_, i64>(3).map_err(db)? as u64;
        let columns: String = r.get(4).map_err(db)?;
        last = Some(Cursor {
            version,
            rank: rank as u32,
            row_id: row_id.clone(),
        });
        each(table, row_id, version, columns)?;
    }
    drop(q);
    drop(stmt);
    let remaining: i64 = match &last {
        Some(c) => tx
            .query_row(
                "SELECT count(*) FROM rows WHERE college_id = ?1 AND (version, rank, row_id) > (?2, ?3, ?4)",
                params![college_id, c.version as i64, i64::from(c.rank), c.row_id],
                |r| r.get(0),
            )
            .map_err(db)?,
        None => 0,
    };
    let next = if remaining > 0 { last } else { None };
    Ok((version as u64, next, remaining as u64))
}

impl Storage for SqliteStorage {
    async fn add_college(&self, code: &str, name: &str, city: Option<&str>) -> Result<College> {
        let college = College {
            id: clock::new_id(),
            code: code.trim().to_string(),
            name: name.trim().to_string(),
            city: city.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
        };
        let c = college.clone();
        self.with(move |conn| {
            let tx = conn.transaction().map_err(db)?;
            let taken: Option<String> = tx
                .query_row("SELECT name FROM colleges WHERE code = ?1", [&c.code], |r| r.get(0))
                .optional()
                .map_err(db)?;
            if let Some(other) = taken {
                return Err(StorageError::Conflict(format!(
                    "学校代码 {} 已属于 {other}",
                    c.code
                )));
            }
            let now = clock::now();
            tx.execute(
                "INSERT INTO colleges (id, code, name, city, version, created_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)",
                params![c.id, c.code, c.name, c.city, now],
            )
            .map_err(db)?;
            let plan = crate::profile::plan(&c, &now);
            write_plan(&tx, &c.id, "server", &plan)?;
            tx.commit().map_err(db)?;
            Ok(())
        })
        .await?;
        Ok(college)
    }

    async fn issue_token(&self, college_code: Option<&str>, label: Option<&str>) -> Result<String> {
        let code = college_code.map(str::to_string);
        let label = label.map(str::to_string);
        let token = new_token();
        let hash = token_hash(&token);
        self.with(move |conn| {
            let college: Option<String> = match &code {
                Some(code) => Some(
                    conn.query_row("SELECT id FROM colleges WHERE code = ?1", [code], |r| r.get(0))
                        .optional()
                        .map_err(db)?
                        .ok_or_else(|| StorageError::NotFound(format!("没有代码为 {code} 的学校")))?,
                ),
                None => None,
            };
            let role = if college.is_some() { "college" } else { "province" };
            conn.execute(
                "INSERT INTO tokens (hash, role, college_id, label, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![hash, role, college, label, clock::now()],
            )
            .map_err(db)?;
            Ok(())
        })
        .await?;
        Ok(token)
    }

    async fn revoke_token(&self, token: &str) -> Result<bool> {
        let hash = token_hash(token);
        self.with(move |conn| {
            let n = conn
                .execute(
                    "UPDATE tokens SET revoked_at = ?2 WHERE hash = ?1 AND revoked_at IS NULL",
                    params![hash, clock::now()],
                )
                .map_err(db)?;
            Ok(n > 0)
        })
        .await
    }

    async fn authenticate(&self, token: &str) -> Result<Option<Principal>> {
        let hash = token_hash(token);
        self.read(move |conn| {
            let found: Option<(String, Option<String>)> = conn
                .query_row(
                    "SELECT role, college_id FROM tokens WHERE hash = ?1 AND revoked_at IS NULL",
                    [&hash],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(db)?;
            let Some((role, college)) = found else {
                return Ok(None);
            };
            let college = match college {
                Some(id) => Some(
                    conn.query_row(
                        "SELECT id, code, name, city FROM colleges WHERE id = ?1",
                        [&id],
                        college_row,
                    )
                    .map_err(db)?,
                ),
                None => None,
            };
            let role = if role == "college" {
                Role::College
            } else {
                Role::Province
            };
            Ok(Some(Principal { role, college }))
        })
        .await
    }

    async fn version(&self, college_id: &str) -> Result<u64> {
        let id = college_id.to_string();
        self.read(move |conn| {
            let v: i64 = conn
                .query_row("SELECT version FROM colleges WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })
                .map_err(db)?;
            Ok(v as u64)
        })
        .await
    }

    async fn push(
        &self,
        college_id: &str,
        device: &str,
        mutations: Vec<Mutation>,
    ) -> Result<PushReply> {
        let college_id = college_id.to_string();
        let device = device.to_string();
        self.with(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db)?;
            let version: i64 = tx
                .query_row(
                    "SELECT version FROM colleges WHERE id = ?1",
                    [&college_id],
                    |r| r.get(0),
                )
                .map_err(db)?;
            let acked: i64 = tx
                .query_row(
                    "SELECT acked FROM devices WHERE college_id = ?1 AND device_id = ?2",
                    [&college_id, &device],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db)?
                .unwrap_or(0);
            let mut loaded = Loaded {
                version: version as u64,
                acked: acked as u64,
                rows: HashMap::new(),
            };
            {
                let mut get = tx
                    .prepare_cached(
                        "SELECT version, columns, meta FROM rows
                         WHERE college_id = ?1 AND table_name = ?2 AND row_id = ?3",
                    )
                    .map_err(db)?;
                for m in mutations.iter().filter(|m| m.id > loaded.acked) {
                    let key = (m.table.clone(), m.row_id.clone());
                    if loaded.rows.contains_key(&key) {
                        continue;
                    }
                    if let Some(row) = get
                        .query_row(params![college_id, m.table, m.row_id], |r| stored(r, 0))
                        .optional()
                        .map_err(db)?
                    {
                        loaded.rows.insert(key, row);
                    }
                }
            }
            let now = clock::now();
            let mut plan = merge::plan(
                &college_id,
                &device,
                loaded,
                &mutations,
                &now,
                &mut clock::new_id,
            )?;
            if !plan.log.is_empty() {
                let mut holders = merge::Holders::new();
                let mut find = tx
                    .prepare_cached(
                        "SELECT k.row_id, r.meta FROM row_keys k
                         JOIN rows r ON r.college_id = k.college_id AND r.table_name = k.table_name
                             AND r.row_id = k.row_id
                         WHERE k.college_id = ?1 AND k.table_name = ?2 AND k.key_cols = ?3
                             AND k.key_value = ?4
                         ORDER BY k.row_id",
                    )
                    .map_err(db)?;
                for (table, cols, value) in merge::planned_keys(&plan) {
                    let found: Vec<merge::Holder> = find
                        .query_map(params![college_id, table, cols, value], |r| {
                            Ok(merge::Holder::from_meta(
                                r.get(0)?,
                                &cols,
                                &r.get::<_, String>(1)?,
                            ))
                        })
                        .map_err(db)?
                        .collect::<rusqlite::Result<_>>()
                        .map_err(db)?;
                    if !found.is_empty() {
                        holders.insert((table, cols, value), found);
                    }
                }
                drop(find);
                merge::duplicates(&mut plan, &college_id, &holders, &now, &mut clock::new_id);
            }
            write_plan(&tx, &college_id, &device, &plan)?;
            tx.commit().map_err(db)?;
            Ok(PushReply {
                acked: plan.acked,
                version: plan.version,
                applied: plan.log.len() as u32,
                conflicts: plan.conflicts,
            })
        })
        .await
    }

    async fn pull(&self, college_id: &str, after: Cursor, limit: u32) -> Result<PullReply> {
        let college_id = college_id.to_string();
        self.read(move |conn| {
            let mut rows = Vec::new();
            let (version, next, remaining) = read_page(
                conn,
                &college_id,
                &after,
                limit,
                |table, row_id, version, text| {
                    rows.push(RowState {
                        table,
                        row_id,
                        version,
                        columns: serde_json::from_str(&text).map_err(db)?,
                    });
                    Ok(())
                },
            )?;
            Ok(PullReply {
                rows,
                next,
                version,
                remaining,
            })
        })
        .await
    }

    async fn pull_json(&self, college_id: &str, after: Cursor, limit: u32) -> Result<PulledJson> {
        let college_id = college_id.to_string();
        self.read(move |conn| {
            // The page composed from the stored text: each row's columns are checked to be
            // JSON, never parsed into values and written out again.
            let mut body = String::with_capacity(64 * 1024);
            body.push_str("{\"rows\":[");
            let mut n = 0usize;
            let (version, next, remaining) = read_page(
                conn,
                &college_id,
                &after,
                limit,
                |table, row_id, version, text| {
                    let columns: &serde_json::value::RawValue =
                        serde_json::from_str(&text).map_err(db)?;
                    if n > 0 {
                        body.push(',');
                    }
                    n += 1;
                    body.push_str("{\"table\":");
                    body.push_str(&serde_json::to_string(&table).map_err(db)?);
                    body.push_str(",\"row_id\":");
                    body.push_str(&serde_json::to_string(&row_id).map_err(db)?);
                    body.push_str(&format!(",\"version\":{version},\"columns\":"));
                    body.push_str(columns.get());
                    body.push('}');
                    Ok(())
                },
            )?;
            body.push_str("],\"next\":");
            body.push_str(&serde_json::to_string(&next).map_err(db)?);
            body.push_str(&format!(
                ",\"version\":{version},\"remaining\":{remaining}}}"
            ));
            Ok(PulledJson {
                body,
                rows: n,
                remaining,
            })
        })
        .await
    }

    async fn colleges(&self) -> Result<Vec<College>> {
        self.read(|conn| {
            let mut stmt = conn
                .prepare_cached("SELECT id, code, name, city FROM colleges ORDER BY code")
                .map_err(db)?;
            let out = stmt
                .query_map([], college_row)
                .map_err(db)?
                .collect::<rusqlite::Result<_>>()
                .map_err(db)?;
            Ok(out)
        })
        .await
    }

    async fn college_rows(
        &self,
        college_id: &str,
        tables: &'static [&'static str],
    ) -> Result<Vec<RawRow>> {
        let college_id = college_id.to_string();
        self.read(move |conn| {
            // One read transaction: one snapshot of every table.
            let tx = conn.transaction().map_err(db)?;
            let mut out = Vec::new();
            {
                let mut stmt = tx
                    .prepare_cached(
                        "SELECT row_id, columns FROM rows WHERE college_id = ?1 AND table_name = ?2",
                    )
                    .map_err(db)?;
                for table in tables {
                    let rows = stmt
                        .query_map(params![college_id, table], |r| {
                            Ok(RawRow {
                                table: (*table).to_string(),
                                row_id: r.get(0)?,
                                columns: r.get(1)?,
                            })
                        })
                        .map_err(db)?;
                    for r in rows {
                        out.push(r.map_err(db)?);
                    }
                }
            }
            tx.commit().map_err(db)?;
            Ok(out)
        })
        .await
    }
}
