//! The local store: the only code that writes record tables. Every write is one transaction
//! that applies [`Change`]s and appends each to the outbox.

pub use audit_log::Revealed;
pub use codes::{BUILTIN_CODE_LIST, CodeListInfo, DEFAULT_CODE_LIST};
pub use documents::Verification;
pub use exports::ExportLogEntry;
pub use home::EXPIRING_WITHIN_DAYS;
pub use retention::{PURGED_NAME, PurgeReport};

mod agreements;
mod audit_log;
mod codes;
mod college;
mod documents;
mod employers;
mod exports;
mod fairs;
mod graduates;
mod home;
mod institutions;
mod placements;
mod programs;
mod retention;
mod users;

pub use users::{DEFAULT_IDLE_MINUTES, LOCK_MINUTES, MAX_FAILED_LOGINS};

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};
use serde_json::Value;

use crate::change::{self, Change, Op};
use crate::error::Result;
use crate::{audit, clock, db, outbox};

pub struct Store {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    pub(crate) college_id: String,
    /// Bumped by every write of this connection (`PRAGMA data_version` covers the others).
    pub(crate) writes: Cell<u64>,
    /// Changes applied by this connection's committed writes (an import tells "updated" from
    /// "unchanged" by it).
    applied: Cell<u64>,
    /// List totals by query, valid while neither counter moves.
    counts: RefCell<HashMap<String, (i64, u64, i64)>>,
    /// Who is acting: the system until the caller says otherwise; `None` in the app between
    /// sessions, when everything is refused.
    session: Option<users::Session>,
}

impl Store {
    /// Opens (creating and migrating as needed) the database file at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = db::open(path)?;
        Self::with_connection(conn, Some(path.to_path_buf()))
    }

    /// A store on a fresh in-memory database.
    pub fn open_in_memory() -> Result<Store> {
        Self::with_connection(db::open_in_memory()?, None)
    }

    fn with_connection(conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        let mut store = Store {
            conn,
            path,
            college_id: String::new(),
            writes: Cell::new(0),
            applied: Cell::new(0),
            counts: RefCell::new(HashMap::new()),
            session: Some(users::Session::new(crate::model::Actor::system())),
        };
        store.college_id = store.ensure_college()?;
        store.ensure_code_lists()?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn college_id(&self) -> &str {
        &self.college_id
    }

    pub fn schema_version(&self) -> Result<i64> {
        db::schema_version(&self.conn)
    }

    /// Read access for queries elsewhere in the core (replay checks, benchmarks).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// True when the database holds no records besides the college profile (deleted ones count
    /// too).
    pub fn is_empty(&self) -> Result<bool> {
        for t in crate::schema::TABLES.iter().skip(1) {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {}", t.name), [], |r| {
                        r.get(0)
                    })?;
            if n > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Deletes every live record but the college profile, children first, in one transaction
    /// (the demo's `--force`). Each delete is recorded like any other change.
    pub fn delete_all_records(&mut self) -> Result<()> {
        self.write(|tx, college| {
            let mut changes = Vec::new();
            for t in crate::schema::TABLES.iter().skip(1).rev() {
                let ids: Vec<String> = tx
                    .prepare(&format!(
                        "SELECT id FROM {} WHERE college_id = ?1 AND deleted_at IS NULL",
                        t.name
                    ))?
                    .query_map([college], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                changes.extend(ids.iter().map(|id| delete(t.name, id)));
            }
            Ok(changes)
        })
    }

    /// Changes waiting in the outbox.
    pub fn pending_changes(&self) -> Result<i64> {
        outbox::pending(&self.conn)
    }

    /// Runs `build` in one immediate transaction (or inside the caller's, see `atomically`); the
    /// changes it returns are applied and appended to the outbox in that same transaction.
    /// Nothing is written if `build` fails.
    pub(crate) fn write<F>(&mut self, build: F) -> Result<()>
    where
        F: FnOnce(&Connection, &str) -> Result<Vec<Change>>,
    {
        self.writes.set(self.writes.get() + 1);
        let college = self.college_id.clone();
        let actor = self.require_actor()?.clone();
        let apply_all = |conn: &Connection| -> Result<u64> {
            let changes = build(conn, &college)?;
            for c in &changes {
                users::check_change(conn, &actor, c)?;
            }
            for c in &changes {
                change::apply(conn, c)?;
                outbox::append(conn, c, Some(&actor.name))?;
                audit::append_change(conn, &actor, c)?;
            }
            Ok(changes.len() as u64)
        };
        let n = if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = apply_all(&tx)?;
            tx.commit()?;
            n
        } else {
            // Inside `atomically`/`tentatively`: `build` checks everything before anything is
            // applied, so a refused record changes nothing and the transaction goes on (an
            // import rejects the row). A failure while applying is the database's, not the
            // record's: it fails the whole transaction. No savepoint per record, then — its
            // journal copied every page a record touched, which dominated a 10,000-row import.
            apply_all(&self.conn)?
        };
        self.applied.set(self.applied.get() + n);
        Ok(())
    }

    /// Changes applied by this connection's writes so far.
    pub(crate) fn changes_applied(&self) -> u64 {
        self.applied.get()
    }

    /// Runs `f` in one transaction: every write inside lands together or not at all. A write
    /// refused by its checks changes nothing and `f` may go on; if `f` returns an error, all
    /// is rolled back.
    pub fn atomically<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(v) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Runs `f` in one transaction and keeps its writes only when it returns `true` beside its
    /// value (a dry run or a refused strict import returns `false`).
    pub fn tentatively<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<(T, bool)>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = f(self);
        let end = match &result {
            Ok((_, true)) => "COMMIT",
            _ => "ROLLBACK",
        };
        if let Err(e) = self.conn.execute_batch(end) {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(e.into());
        }
        if end == "ROLLBACK" {
            // Writes rolled back must not leave cached totals behind.
            self.writes.set(self.writes.get() + 1);
        }
        result.map(|(v, _)| v)
    }

    /// `SELECT count(*) …` with its parameters, remembered until the database changes.
    pub(crate) fn cached_count(&self, sql: &str, params: &[rusqlite::types::Value]) -> Result<i64> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let key = format!("{sql}\u{1}{params:?}");
        if let Some(&(v, w, n)) = self.counts.borrow().get(&key)
            && v == version
            && w == self.writes.get()
        {
            return Ok(n);
        }
        let n: i64 = self
            .conn
            .prepare_cached(sql)?
            .query_row(rusqlite::params_from_iter(params), |r| r.get(0))?;
        let mut counts = self.counts.borrow_mut();
        if counts.len() > 64 {
            counts.clear();
        }
        counts.insert(key, (version, self.writes.get(), n));
        Ok(n)
    }

    /// Forgets cached list totals (benchmarks measure the uncached path with it).
    pub fn clear_caches(&self) {
        self.counts.borrow_mut().clear();
    }

    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}

/// Builds an insert change with the common columns filled in.
pub(crate) fn insert(
    table: &str,
    college_id: &str,
    mut columns: BTreeMap<String, Value>,
) -> Change {
    let now = clock::now();
    columns.insert("college_id".into(), Value::from(college_id));
    columns.insert("created_at".into(), Value::from(now.clone()));
    columns.insert("updated_at".into(), Value::from(now));
    columns.insert("deleted_at".into(), Value::Null);
    Change {
        table: table.into(),
        row_id: clock::new_id(),
        op: Op::Insert,
        columns,
    }
}

/// Builds an update change from the columns that really differ; `None` when nothing does.
pub(crate) fn update(
    table: &str,
    row_id: &str,
    old: &BTreeMap<String, Value>,
    new: BTreeMap<String, Value>,
) -> Option<Change> {
    // SQLite stores booleans as integers: `true` and a stored 1 are the same value.
    let stored = |v: &Value| match v {
        Value::Bool(b) => Value::from(i64::from(*b)),
        other => other.clone(),
    };
    let mut columns: BTreeMap<String, Value> = new
        .into_iter()
        .filter(|(k, v)| old.get(k).map(stored) != Some(stored(v)))
        .collect();
    if columns.is_empty() {
        return None;
    }
    columns.insert("updated_at".into(), Value::from(clock::now()));
    Some(Change {
        table: table.into(),
        row_id: row_id.into(),
        op: Op::Update,
        columns,
    })
}

/// Builds a soft-delete change.
pub(crate) fn delete(table: &str, row_id: &str) -> Change {
    let now = clock::now();
    let columns = BTreeMap::from([
        ("deleted_at".to_string(), Value::from(now.clone())),
        ("updated_at".to_string(), Value::from(now)),
    ]);
    Change {
        table: table.into(),
        row_id: row_id.into(),
        op: Op::Delete,
        columns,
    }
}

/// `Some(text)` → JSON string, `None` → JSON null.
pub(crate) fn opt(v: Option<impl Into<Value>>) -> Value {
    v.map(Into::into).unwrap_or(Value::Null)
}

/// A JSON list column's value as stored: the list's JSON text.
pub(crate) fn json_text<T: serde::Serialize>(v: &T) -> Value {
    Value::from(serde_json::to_string(v).unwrap_or_else(|_| "[]".into()))
}

/// Reads a JSON list column; a damaged value reads as empty rather than failing the page.
pub(crate) fn from_json_text<T: serde::de::DeserializeOwned>(text: &str) -> Vec<T> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The synced columns of a live row of `def`, as a change would carry them.
pub(crate) fn row_columns(
    conn: &Connection,
    def: &crate::schema::TableDef,
    college_id: &str,
    id: &str,
) -> Result<Option<BTreeMap<String, Value>>> {
    use rusqlite::OptionalExtension;
    use rusqlite::types::ValueRef;
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1 AND college_id = ?2 AND deleted_at IS NULL",
        def.columns.join(", "),
        def.name
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row((id, college_id), |r| {
            let mut m = BTreeMap::new();
            for (i, col) in def.columns.iter().enumerate() {
                let v = match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::from(n),
                    ValueRef::Real(f) => Value::from(f),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Value::from(String::from_utf8_lossy(t).into_owned())
                    }
                };
                m.insert((*col).to_string(), v);
            }
            Ok(m)
        })
        .optional()?)
}

/// The error for a record that does not exist (or was deleted).
pub(crate) fn not_found(kind: &'static str, id: &str) -> crate::CoreError {
    crate::CoreError::NotFound {
        kind,
        id: id.to_string(),
    }
}

/// One field error as a core error.
pub(crate) fn invalid(field: crate::FieldError) -> crate::CoreError {
    crate::CoreError::Invalid(crate::error::FieldErrors(vec![field]))
}

/// A condition (and its parameters) matching a search box value against a table's name, its
/// pinyin keys and optionally a code column: for the short partner lists.
pub(crate) fn name_search(
    alias: &str,
    raw: &str,
    code_column: Option<&str>,
) -> Option<(String, Vec<rusqlite::types::Value>)> {
    use rusqlite::types::Value as Sql;
    let t = crate::validate::normalize::clean_text(raw)?;
    let folded: String = t
        .chars()
        .map(crate::validate::normalize::fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut parts = vec![format!("instr({alias}.name, ?) > 0")];
    let mut params = vec![Sql::Text(t.clone())];
    if folded.chars().all(|c| c.is_ascii_alphabetic()) {
        let key = folded.to_ascii_lowercase();
        for col in ["name_initials", "name_pinyin"] {
            parts.push(format!("substr({alias}.{col}, 1, length(?)) = ?"));
            params.push(Sql::Text(key.clone()));
            params.push(Sql::Text(key.clone()));
        }
    }
    if let Some(col) = code_column
        && folded.chars().all(|c| c.is_ascii_alphanumeric())
    {
        let key = folded.to_ascii_uppercase();
        parts.push(format!("substr({alias}.{col}, 1, length(?)) = ?"));
        params.push(Sql::Text(key.clone()));
        params.push(Sql::Text(key));
    }
    Some((format!("({})", parts.join(" OR ")), params))
}
