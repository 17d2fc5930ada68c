//! A change to one record: what the outbox stores and what replay (and later, sync) applies.
//!
//! The store never writes a record table directly: it builds a [`Change`], applies it with
//! [`apply`] and appends it to the outbox in the same transaction. Replaying the outbox onto an
//! empty database therefore reproduces the records exactly.

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CoreError, Result};
use crate::schema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Insert,
    Update,
    Delete,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
        }
    }
    pub fn parse(s: &str) -> Option<Op> {
        match s {
            "insert" => Some(Op::Insert),
            "update" => Some(Op::Update),
            "delete" => Some(Op::Delete),
            _ => None,
        }
    }
}

/// One change: the table, the row's id, the operation and the changed columns' new values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub table: String,
    pub row_id: String,
    pub op: Op,
    pub columns: BTreeMap<String, Value>,
}

pub(crate) fn to_sql(v: &Value) -> Result<SqlValue> {
    Ok(match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => {
            return Err(CoreError::invalid(
                "columns",
                "not_scalar",
                format!("不支持的值：{other}"),
            ));
        }
    })
}

/// Applies a change to the record tables (no outbox append). Unknown tables and columns are
/// refused, so a change can never name an arbitrary SQL identifier.
pub fn apply(conn: &Connection, change: &Change) -> Result<()> {
    let def = schema::table(&change.table).ok_or_else(|| {
        CoreError::invalid(
            "table",
            "unknown",
            format!("未知的数据表：{}", change.table),
        )
    })?;
    for col in change.columns.keys() {
        if !def.has_column(col) {
            return Err(CoreError::invalid(
                "columns",
                "unknown",
                format!("{} 没有字段 {col}", def.name),
            ));
        }
    }
    let mut cols: Vec<&str> = change.columns.keys().map(String::as_str).collect();
    let mut values: Vec<SqlValue> = change.columns.values().map(to_sql).collect::<Result<_>>()?;
    // Columns derived from synced ones (never sent; rebuilt wherever a change lands) go into
    // the same statement, so that each index entry is written once.
    for (col, v) in derived_columns(change) {
        cols.push(col);
        values.push(SqlValue::Text(v));
    }
    match change.op {
        Op::Insert => {
            let marks = vec!["?"; cols.len() + 1].join(", ");
            let sql = format!(
                "INSERT INTO {} (id, {}) VALUES ({marks})",
                def.name,
                cols.join(", ")
            );
            values.insert(0, SqlValue::Text(change.row_id.clone()));
            conn.prepare_cached(&sql)?
                .execute(params_from_iter(values))?;
        }
        Op::Update | Op::Delete => {
            if cols.is_empty() {
                return Ok(());
            }
            let sets: Vec<String> = cols.iter().map(|c| format!("{c} = ?")).collect();
            let sql = format!("UPDATE {} SET {} WHERE id = ?", def.name, sets.join(", "));
            values.push(SqlValue::Text(change.row_id.clone()));
            conn.prepare_cached(&sql)?
                .execute(params_from_iter(values))?;
        }
    }
    Ok(())
}

/// The derived columns a change sets: pinyin keys of a name (graduates, employers,
/// institutions) and the duplicate-detection key of an employer's name.
fn derived_columns(change: &Change) -> Vec<(&'static str, String)> {
    derived(&change.table, &change.columns)
}

/// The derived columns that setting `columns` of a row of `table` sets.
pub(crate) fn derived(t: &str, columns: &BTreeMap<String, Value>) -> Vec<(&'static str, String)> {
    let Some(Value::String(name)) = columns.get("name") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if t == schema::GRADUATES.name || t == schema::EMPLOYERS.name || t == schema::INSTITUTIONS.name
    {
        let keys = crate::search::PinyinKeys::of(name);
        out.push(("name_initials", keys.initials));
        out.push(("name_pinyin", keys.full));
    }
    if t == schema::EMPLOYERS.name {
        out.push(("name_key", crate::model::employer::name_key(name)));
    }
    out
}
