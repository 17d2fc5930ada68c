//! The outbox: every change to a record table, in order, waiting to be synced.

use rusqlite::Connection;

use crate::change::{Change, Op};
use crate::clock;
use crate::error::Result;

/// One outbox row as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub seq: i64,
    pub change_id: String,
    pub change: Change,
    pub created_at: String,
}

/// Appends a change with the server version its row was at (`sync_version`; 0 for a row never
/// synced) and who made it (sent with it; `None`: the device's sync user). Call only inside the
/// transaction that applied it.
pub fn append(conn: &Connection, change: &Change, user: Option<&str>) -> Result<()> {
    let def = crate::schema::table(&change.table).ok_or_else(|| {
        crate::CoreError::invalid(
            "table",
            "unknown",
            format!("未知的数据表：{}", change.table),
        )
    })?;
    let base = if change.op == Op::Insert {
        "0".to_string()
    } else {
        format!(
            "coalesce((SELECT sync_version FROM {} WHERE id = ?3), 0)",
            def.name
        )
    };
    conn.prepare_cached(&format!(
        "INSERT INTO outbox (change_id, table_name, row_id, op, changes, created_at, user_name, \
         base_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, {base})"
    ))?
    .execute((
        clock::new_id(),
        &change.table,
        &change.row_id,
        change.op.as_str(),
        serde_json::to_string(&change.columns)?,
        clock::now(),
        user,
    ))?;
    Ok(())
}

/// Every outbox entry in order.
pub fn entries(conn: &Connection) -> Result<Vec<OutboxEntry>> {
    let mut stmt =
        conn.prepare("SELECT seq, change_id, table_name, row_id, op, changes, created_at FROM outbox ORDER BY seq")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, change_id, table, row_id, op, changes, created_at) = row?;
        out.push(OutboxEntry {
            seq,
            change_id,
            change: Change {
                table,
                row_id,
                op: Op::parse(&op).unwrap_or(Op::Update),
                columns: serde_json::from_str(&changes)?,
            },
            created_at,
        });
    }
    Ok(out)
}

/// How many changes wait to be sent.
pub fn pending(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?)
}
