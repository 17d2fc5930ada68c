//! Conflicts the server recorded (`sync_conflicts`), as people review them. Resolving one is an
//! ordinary edit: the record gets the value kept, the conflict its `resolved_*` columns; both
//! sync. "Local" is the side this device wrote; when it wrote neither, the value the record holds.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Store;
use crate::change::{Change, Op};
use crate::clock;
use crate::error::{CoreError, Result};
use crate::schema;
use crate::validate::id_number::{mask_id_number, mask_phone};

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Keep {
    Local,
    Remote,
}

/// One conflict as the conflicts page and `xiaoqi conflicts list` show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncConflict {
    pub id: String,
    /// `column`, `delete` or `duplicate`.
    pub kind: String,
    pub table: String,
    pub row_id: String,
    /// What the record is, in words (a graduate's name, an employer's name …).
    pub record: Option<String>,
    pub column: Option<String>,
    /// The other row holding the same key (duplicates).
    pub other_row_id: Option<String>,
    pub other_record: Option<String>,
    /// The side this device wrote, and the other (ID and phone numbers masked unless revealed).
    pub local: ConflictSide,
    pub remote: ConflictSide,
    pub created_at: String,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
    /// `kept` (the value the record held stayed) or `lost` (the other value was restored).
    pub resolution: Option<String>,
}

/// One side of a conflict: the value, who wrote it on which device, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictSide {
    /// For a column: its value; for a delete: the deletion time or the lost update's columns
    /// (JSON); for a duplicate: the key the two rows share (on the kept side).
    pub value: Option<String>,
    pub device: Option<String>,
    pub user: Option<String>,
    pub at: Option<String>,
    /// This side is what the record held when the conflict was recorded.
    pub current: bool,
}

struct Stored {
    id: String,
    kind: String,
    table: String,
    row_id: String,
    column: Option<String>,
    other_row_id: Option<String>,
    kept: [Option<String>; 4],
    lost: [Option<String>; 4],
    created_at: String,
    resolved_at: Option<String>,
    resolved_by: Option<String>,
    resolution: Option<String>,
}

const COLUMNS: &str = "id, kind, table_name, row_id, column_name, other_row_id, \
    kept_value, kept_device, kept_user, kept_at, lost_value, lost_device, lost_user, lost_at, \
    created_at, resolved_at, resolved_by, resolution";

fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        id: r.get(0)?,
        kind: r.get(1)?,
        table: r.get(2)?,
        row_id: r.get(3)?,
        column: r.get(4)?,
        other_row_id: r.get(5)?,
        kept: [r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
        lost: [r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?],
        created_at: r.get(14)?,
        resolved_at: r.get(15)?,
        resolved_by: r.get(16)?,
        resolution: r.get(17)?,
    })
}

impl Stored {
    /// True when the local side is the lost one: this device wrote it and not the kept one.
    fn local_is_lost(&self, device: &str) -> bool {
        self.lost[1].as_deref() == Some(device) && self.kept[1].as_deref() != Some(device)
    }
    fn is_sensitive(&self) -> bool {
        matches!(self.column.as_deref(), Some("id_number" | "phone"))
    }
}

/// Masks the ID and phone numbers in a value as shown: the value itself for such a column, the
/// entries of a delete's JSON of columns otherwise.
fn masked(value: Option<String>, column_sensitive: Option<&str>) -> Option<String> {
    let v = value?;
    let mask = |col: &str, s: &str| match col {
        "id_number" => mask_id_number(s),
        "phone" => mask_phone(s),
        _ => s.to_string(),
    };
    if let Some(col) = column_sensitive {
        return Some(mask(col, &v));
    }
    match serde_json::from_str::<BTreeMap<String, Value>>(&v) {
        Ok(mut map) => {
            for (c, val) in map.iter_mut() {
                if let Value::String(s) = val {
                    *s = mask(c, s);
                }
            }
            Some(serde_json::to_string(&map).unwrap_or(v))
        }
        Err(_) => Some(v),
    }
}

/// A record's name in words, if its table has one.
fn record_label(conn: &Connection, table: &str, row_id: &str) -> Result<Option<String>> {
    let Some(def) = schema::table(table) else {
        return Ok(None);
    };
    let sql = if def.has_column("student_number") {
        format!(
            "SELECT name || '（' || student_number || '）' FROM {} WHERE id = ?1",
            def.name
        )
    } else if def.has_column("name") {
        format!("SELECT name FROM {} WHERE id = ?1", def.name)
    } else if def.has_column("number") {
        format!("SELECT number FROM {} WHERE id = ?1", def.name)
    } else {
        return Ok(None);
    };
    Ok(conn
        .query_row(&sql, [row_id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// A conflict's stored text as the column's value (the column's declared type decides).
fn typed(conn: &Connection, table: &str, column: &str, text: Option<&str>) -> Result<Value> {
    let Some(text) = text else {
        return Ok(Value::Null);
    };
    let ty: Option<String> = conn
        .query_row(
            "SELECT type FROM pragma_table_info(?1) WHERE name = ?2",
            [table, column],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match ty.as_deref() {
        Some("INTEGER") => text
            .parse::<i64>()
            .map_or_else(|_| Value::from(text), Value::from),
        Some("REAL") => text
            .parse::<f64>()
            .map_or_else(|_| Value::from(text), Value::from),
        _ => Value::from(text),
    })
}

fn update(table: &str, row_id: &str, mut columns: BTreeMap<String, Value>, now: &str) -> Change {
    columns.insert("updated_at".into(), Value::from(now));
    Change {
        table: table.into(),
        row_id: row_id.into(),
        op: Op::Update,
        columns,
    }
}

impl Store {
    fn stored_conflicts(&self, filter: &str, param: &str) -> Result<Vec<Stored>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM sync_conflicts WHERE deleted_at IS NULL {filter} ORDER BY resolved_at IS NOT NULL, created_at, id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = if filter.is_empty() {
            stmt.query_map([], stored)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        } else {
            stmt.query_map([param], stored)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(rows)
    }

    /// Every conflict, open ones first, oldest first. ID and phone numbers are masked unless
    /// `reveal`.
    pub fn conflicts(&self, reveal: bool) -> Result<Vec<SyncConflict>> {
        let device = self.device_id()?;
        let mut out = Vec::new();
        for c in self.stored_conflicts("", "")? {
            let sensitive = (!reveal && c.is_sensitive())
                .then_some(c.column.as_deref())
                .flatten();
            let side = |s: &[Option<String>; 4], current: bool| ConflictSide {
                value: if reveal {
                    s[0].clone()
                } else {
                    masked(s[0].clone(), sensitive)
                },
                device: s[1].clone(),
                user: s[2].clone(),
                at: s[3].clone(),
                current,
            };
            let (kept, lost) = (side(&c.kept, true), side(&c.lost, false));
            let (local, remote) = if c.local_is_lost(&device) {
                (lost, kept)
            } else {
                (kept, lost)
            };
            out.push(SyncConflict {
                record: record_label(&self.conn, &c.table, &c.row_id)?,
                other_record: match &c.other_row_id {
                    Some(o) => record_label(&self.conn, &c.table, o)?,
                    None => None,
                },
                id: c.id,
                kind: c.kind,
                table: c.table,
                row_id: c.row_id,
                column: c.column,
                other_row_id: c.other_row_id,
                local,
                remote,
                created_at: c.created_at,
                resolved_at: c.resolved_at,
                resolved_by: c.resolved_by,
                resolution: c.resolution,
            });
        }
        Ok(out)
    }

    /// Resolves a conflict by keeping one side; the record's edit and the conflict's resolution
    /// are written (and synced) together.
    pub fn resolve_conflict(&mut self, id: &str, keep: Keep) -> Result<()> {
        let c = self
            .stored_conflicts("AND id = ?1", id)?
            .pop()
            .ok_or_else(|| CoreError::NotFound {
                kind: "冲突",
                id: id.to_string(),
            })?;
        if c.resolved_at.is_some() {
            return Err(CoreError::invalid("id", "resolved", "这条冲突已经处理过了"));
        }
        let device = self.device_id()?;
        let keep_lost = c.local_is_lost(&device) == (keep == Keep::Local);
        let who = self.sync_user()?.unwrap_or_else(|| device.clone());
        let now = clock::now();
        self.write(|conn, _| {
            let def = schema::table(&c.table).ok_or_else(|| {
                CoreError::invalid("table", "unknown", format!("未知的数据表：{}", c.table))
            })?;
            let mut changes = Vec::new();
            match (c.kind.as_str(), keep_lost) {
                ("column", true) => {
                    let col = c
                        .column
                        .as_deref()
                        .filter(|col| def.has_column(col))
                        .ok_or_else(|| {
                            CoreError::invalid("column", "unknown", "冲突记录缺少字段名")
                        })?;
                    let value = typed(conn, def.name, col, c.lost[0].as_deref())?;
                    changes.push(update(
                        def.name,
                        &c.row_id,
                        BTreeMap::from([(col.to_string(), value)]),
                        &now,
                    ));
                }
                ("delete", true) => {
                    // The update wins after all: the row comes back with the update's values.
                    let mut columns: BTreeMap<String, Value> = c.lost[0]
                        .as_deref()
                        .and_then(|v| serde_json::from_str(v).ok())
                        .unwrap_or_default();
                    columns.retain(|col, _| {
                        def.has_column(col)
                            && !matches!(col.as_str(), "college_id" | "created_at" | "updated_at")
                    });
                    columns.insert("deleted_at".into(), Value::Null);
                    changes.push(update(def.name, &c.row_id, columns, &now));
                }
                ("duplicate", _) => {
                    // Keep one row; the other is deleted and what pointed at it moves over.
                    let (kept, dropped) = match (keep_lost, c.other_row_id.as_deref()) {
                        (false, Some(other)) => (c.row_id.as_str(), other),
                        (true, Some(other)) => (other, c.row_id.as_str()),
                        (_, None) => {
                            return Err(CoreError::invalid(
                                "id",
                                "incomplete",
                                "冲突记录缺少另一条记录",
                            ));
                        }
                    };
                    changes.extend(merge_duplicate(conn, def.name, kept, dropped, &now)?);
                }
                _ => {}
            }
            changes.push(update(
                schema::SYNC_CONFLICTS.name,
                &c.id,
                BTreeMap::from([
                    ("resolved_at".to_string(), Value::from(now.as_str())),
                    ("resolved_by".to_string(), Value::from(who.as_str())),
                    (
                        "resolution".to_string(),
                        Value::from(if keep_lost { "lost" } else { "kept" }),
                    ),
                ]),
                &now,
            ));
            Ok(changes)
        })
    }
}

/// The changes that fold `dropped` into `kept`: every live row pointing at `dropped` points at
/// `kept`, and `dropped` is deleted (unless it is gone already).
fn merge_duplicate(
    conn: &Connection,
    table: &str,
    kept: &str,
    dropped: &str,
    now: &str,
) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    for child in schema::TABLES {
        let fks: Vec<String> = conn
            .prepare("SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE \"table\" = ?2")?
            .query_map([child.name, table], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for fk in fks.iter().filter(|fk| child.has_column(fk)) {
            let ids: Vec<String> = conn
                .prepare(&format!(
                    "SELECT id FROM {} WHERE {fk} = ?1 AND deleted_at IS NULL",
                    child.name
                ))?
                .query_map([dropped], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                changes.push(update(
                    child.name,
                    &id,
                    BTreeMap::from([(fk.clone(), Value::from(kept))]),
                    now,
                ));
            }
        }
    }
    let live: bool = conn
        .query_row(
            &format!("SELECT deleted_at IS NULL FROM {table} WHERE id = ?1"),
            [dropped],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    if live {
        changes.push(Change {
            table: table.into(),
            row_id: dropped.into(),
            op: Op::Delete,
            columns: BTreeMap::from([
                ("deleted_at".to_string(), Value::from(now)),
                ("updated_at".to_string(), Value::from(now)),
            ]),
        });
    }
    Ok(changes)
}
