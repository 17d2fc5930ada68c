//! What a pull brings: whole rows as the server holds them, applied page by page. A page and the
//! cursor after it land in one transaction; columns with unsent local edits are left alone (the
//! edit goes up later with the version it was made on); pulled rows get no outbox entries.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;
use serde_json::Value;
use xiaoqi_protocol::{Cursor, RowState, tables};

use super::keys;
use crate::Store;
use crate::change::{derived, to_sql};
use crate::error::{CoreError, Result};
use crate::schema;

/// Columns with unsent local edits, by (table, row id).
type Pending = HashMap<(String, String), HashSet<String>>;

fn pending(conn: &Connection) -> Result<Pending> {
    let mut out: Pending = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT table_name, row_id, changes FROM outbox")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let columns: BTreeMap<String, Value> = serde_json::from_str(&r.get::<_, String>(2)?)?;
        out.entry((r.get(0)?, r.get(1)?))
            .or_default()
            .extend(columns.into_keys());
    }
    Ok(out)
}

fn refused(message: String) -> CoreError {
    CoreError::invalid("pull", "refused", message)
}

/// Writes one pulled row, leaving `skip` columns as they are.
fn upsert(
    conn: &Connection,
    row: &RowState,
    skip: Option<&HashSet<String>>,
    college: &str,
    shapes: &mut HashMap<String, (String, String)>,
    last_was_insert: &mut bool,
) -> Result<()> {
    let def = schema::table(&row.table)
        .ok_or_else(|| refused(format!("服务器发来了未知的数据表：{}", row.table)))?;
    if let Some(bad) = row.columns.keys().find(|c| !def.has_column(c)) {
        return Err(refused(format!(
            "服务器发来了未知的字段：{}.{bad}",
            def.name
        )));
    }
    if row.columns.get("college_id").and_then(Value::as_str) != Some(college) {
        return Err(refused(format!(
            "服务器发来了不属于本校的记录：{} {}",
            def.name, row.row_id
        )));
    }
    let kept = |c: &str| skip.is_none_or(|s| !s.contains(c));
    let mut cols: Vec<&str> = Vec::with_capacity(row.columns.len() + 4);
    let mut values: Vec<SqlValue> = Vec::with_capacity(row.columns.len() + 4);
    values.push(SqlValue::Text(row.row_id.clone()));
    for (c, v) in &row.columns {
        cols.push(c);
        values.push(to_sql(v)?);
    }
    let mut updated: Vec<&str> = cols.iter().copied().filter(|c| kept(c)).collect();
    if kept("name") {
        for (c, v) in derived(def.name, &row.columns) {
            cols.push(c);
            updated.push(c);
            values.push(SqlValue::Text(v));
        }
    }
    values.push(SqlValue::Integer(row.version as i64));
    // An UPDATE, then an INSERT when there was no row: not an upsert, whose conflict clause
    // would override the `INSERT OR REPLACE` of the derived tables' triggers. Rows of a table
    // mostly share one shape: its two statements are built once per page.
    let mut key = String::with_capacity(160);
    key.push_str(def.name);
    for c in &cols {
        key.push(',');
        key.push_str(c);
    }
    if updated.len() != cols.len() {
        key.push('|');
        key.push_str(&updated.join(","));
    }
    let (update_sql, insert_sql) = shapes.entry(key).or_insert_with(|| {
        let sets: Vec<String> = updated
            .iter()
            .map(|c| {
                let at = 2 + cols.iter().position(|x| x == c).unwrap_or_default();
                format!("{c} = ?{at}")
            })
            .chain(std::iter::once(format!(
                "sync_version = ?{}",
                cols.len() + 2
            )))
            .collect();
        let marks = vec!["?"; cols.len() + 2].join(", ");
        (
            format!("UPDATE {} SET {} WHERE id = ?1", def.name, sets.join(", ")),
            format!(
                "INSERT INTO {} (id, {}, sync_version) VALUES ({marks})",
                def.name,
                cols.join(", ")
            ),
        )
    });
    // Rows come in runs of new ones (a first sync) or of known ones: try what the previous row
    // needed first; either way the other statement follows when the first one finds nothing to do.
    let update = |conn: &Connection| -> Result<bool> {
        let mut stmt = conn.prepare_cached(update_sql)?;
        // Every parameter is bound by number; the ones this UPDATE leaves out are unused.
        for (i, v) in values.iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, v)?;
        }
        Ok(stmt.raw_execute()? > 0)
    };
    let insert = |conn: &Connection| -> Result<bool> {
        match conn
            .prepare_cached(insert_sql)?
            .execute(rusqlite::params_from_iter(values.iter()))
        {
            Ok(_) => Ok(true),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    };
    *last_was_insert = if *last_was_insert {
        insert(conn)? || {
            update(conn)?;
            false
        }
    } else {
        !update(conn)? && insert(conn)?
    };
    Ok(())
}

impl Store {
    /// Applies one page of a pull and moves the cursor past it, in one transaction; foreign keys
    /// are not checked while it runs (a parent may come in a later page). Returns the rows applied.
    pub fn apply_pulled(&mut self, rows: &[RowState]) -> Result<usize> {
        let Some(last) = rows.last() else {
            return Ok(0);
        };
        let college = self
            .meta(keys::COLLEGE)?
            .ok_or_else(|| refused("本机尚未与服务器上的学校绑定，不能接收数据".to_string()))?;
        let cursor = Cursor {
            version: last.version,
            rank: tables::rank(&last.table).unwrap_or_default() as u32,
            row_id: last.row_id.clone(),
        };
        self.writes.set(self.writes.get() + 1);
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let result = (|| -> Result<_> {
            let tx = self.conn.transaction()?;
            let pending = pending(&tx)?;
            let mut shapes = HashMap::new();
            let mut last_was_insert = false;
            for row in rows {
                let skip = if pending.is_empty() {
                    None
                } else {
                    pending.get(&(row.table.clone(), row.row_id.clone()))
                };
                upsert(&tx, row, skip, &college, &mut shapes, &mut last_was_insert)?;
            }
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [keys::CURSOR, &serde_json::to_string(&cursor)?],
            )?;
            // One audit entry a page: what came in from the server, counted by table (each
            // row's own edit is in the log of the device that made it).
            let mut tables = std::collections::BTreeMap::<&str, u64>::new();
            for row in rows {
                *tables.entry(row.table.as_str()).or_default() += 1;
            }
            crate::audit::append(
                &tx,
                &crate::model::Actor::system(),
                &crate::audit::Event::new(crate::audit::Action::Sync).detail(serde_json::json!({
                    "received": rows.len(), "tables": tables, "version": last.version,
                })),
            )?;
            tx.commit()?;
            Ok(rows.len())
        })();
        self.conn.pragma_update(None, "foreign_keys", true)?;
        result
    }
}
