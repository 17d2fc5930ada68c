//! What a push does to a college's rows, decided in memory: which mutations are new, the rows'
//! new states, and the conflicts found. The storage loads what a push touches, calls [`plan`],
//! then [`duplicates`] with the holders of the keys the new states take, and writes the result
//! in one transaction. See `docs/sync.md`.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use xiaoqi_protocol::tables::{self, SYNC_CONFLICTS};
use xiaoqi_protocol::unique::{UniqueKey, keys_of};
use xiaoqi_protocol::{Mutation, Op};

/// Who last wrote a column, and in which version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMeta {
    pub version: u64,
    pub device: String,
    pub user: Option<String>,
    pub at: String,
}

/// Per-column writers as stored: each distinct writer once, with the columns it wrote last
/// (a row inserted by one push has one writer for all its columns), not one entry per column.
#[derive(Serialize, Deserialize)]
struct WrittenBy {
    #[serde(rename = "w")]
    by: ColumnMeta,
    #[serde(rename = "c")]
    columns: Vec<String>,
}

/// How `meta` is stored: grouped by writer (also read: the map per column it replaced).
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredMeta {
    Grouped(Vec<WrittenBy>),
    PerColumn(BTreeMap<String, ColumnMeta>),
}

/// A row's per-column writers as stored text.
pub fn encode_meta(meta: &BTreeMap<String, ColumnMeta>) -> String {
    let mut groups: Vec<WrittenBy> = Vec::new();
    for (column, by) in meta {
        match groups.iter_mut().find(|g| g.by == *by) {
            Some(g) => g.columns.push(column.clone()),
            None => groups.push(WrittenBy {
                by: by.clone(),
                columns: vec![column.clone()],
            }),
        }
    }
    serde_json::to_string(&groups).unwrap_or_else(|_| "[]".into())
}

/// The per-column writers from their stored text.
pub fn decode_meta(text: &str) -> Result<BTreeMap<String, ColumnMeta>, serde_json::Error> {
    Ok(match serde_json::from_str(text)? {
        StoredMeta::PerColumn(map) => map,
        StoredMeta::Grouped(groups) => groups
            .into_iter()
            .flat_map(|g| {
                let by = g.by;
                g.columns.into_iter().map(move |c| (c, by.clone()))
            })
            .collect(),
    })
}

/// A row as the server keeps it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredRow {
    pub version: u64,
    pub columns: BTreeMap<String, Value>,
    pub meta: BTreeMap<String, ColumnMeta>,
}

impl StoredRow {
    pub fn is_live(&self) -> bool {
        self.columns.get("deleted_at").is_none_or(Value::is_null)
    }
}

/// A row's address within a college.
pub type RowKey = (String, String);

/// What the storage loaded for a push.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The college's version before the push.
    pub version: u64,
    /// The last mutation id of the device already applied.
    pub acked: u64,
    /// The current state of every row the push names (absent rows are new).
    pub rows: HashMap<RowKey, StoredRow>,
}

/// One applied mutation, for the change log.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub mutation_id: u64,
    pub change_id: String,
    pub table: String,
    pub row_id: String,
    pub op: Op,
    pub columns: BTreeMap<String, Value>,
    pub at: String,
}

/// What to write.
#[derive(Debug, Default)]
pub struct Plan {
    /// The college's version after the push (unchanged when nothing was new).
    pub version: u64,
    pub acked: u64,
    /// Rows to write, by address (conflict rows included).
    pub rows: BTreeMap<RowKey, StoredRow>,
    pub log: Vec<Logged>,
    pub conflicts: u32,
    /// The rows' states before the push (rows that existed).
    pub before: HashMap<RowKey, StoredRow>,
}

/// A refused push: nothing is applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("变更编号不连续：服务器已收到 {acked}，这批从 {first} 开始")]
    Gap { acked: u64, first: u64 },
    #[error("第 {id} 条变更：{reason}")]
    Invalid { id: u64, reason: String },
}

/// Checks a mutation names a synced table and its columns only, with scalar values.
pub fn check(m: &Mutation) -> Result<(), Refused> {
    let invalid = |reason: String| Refused::Invalid { id: m.id, reason };
    let def =
        tables::table(&m.table).ok_or_else(|| invalid(format!("未知的数据表 {}", m.table)))?;
    if m.row_id.is_empty() || m.row_id.len() > 64 {
        return Err(invalid("记录编号为空或过长".into()));
    }
    // No backend may store a NUL character (PostgreSQL refuses it in text and JSONB), so no
    // backend accepts one.
    let nul = [
        Some(&m.row_id),
        Some(&m.change_id),
        Some(&m.at),
        m.user.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|s| s.contains('\0'));
    if nul {
        return Err(invalid("记录编号、变更编号、时间或用户含有空字符".into()));
    }
    for (c, v) in &m.columns {
        if !def.has_column(c) {
            return Err(invalid(format!("{} 没有字段 {c}", m.table)));
        }
        if v.is_array() || v.is_object() {
            return Err(invalid(format!("字段 {c} 的值不是单个值")));
        }
        if v.as_str().is_some_and(|s| s.contains('\0')) {
            return Err(invalid(format!("字段 {c} 的值含有空字符")));
        }
    }
    Ok(())
}

/// Applies the new mutations of a batch to the loaded rows.
pub fn plan(
    college_id: &str,
    device: &str,
    loaded: Loaded,
    mutations: &[Mutation],
    now: &str,
    new_id: &mut dyn FnMut() -> String,
) -> Result<Plan, Refused> {
    let fresh: Vec<&Mutation> = mutations.iter().filter(|m| m.id > loaded.acked).collect();
    let mut expected = loaded.acked + 1;
    for m in &fresh {
        if m.id != expected {
            return Err(Refused::Gap {
                acked: expected - 1,
                first: m.id,
            });
        }
        check(m)?;
        expected += 1;
    }
    let mut plan = Plan {
        version: loaded.version,
        // Nothing new: everything up to what the server already had is acknowledged.
        acked: loaded.acked,
        ..Plan::default()
    };
    if fresh.is_empty() {
        return Ok(plan);
    }
    let version = loaded.version + 1;
    plan.version = version;
    plan.acked = expected - 1;
    let mut rows = loaded.rows;
    let mut conflicts: Vec<BTreeMap<String, Value>> = Vec::new();
    for m in fresh {
        let key = (m.table.clone(), m.row_id.clone());
        if let Some(existing) = rows.get(&key)
            && !plan.before.contains_key(&key)
        {
            plan.before.insert(key.clone(), existing.clone());
        }
        let row = rows.entry(key.clone()).or_default();
        let by = ColumnMeta {
            version,
            device: device.to_string(),
            user: m.user.clone(),
            at: m.at.clone(),
        };
        fn concurrent<'r>(
            row: &'r StoredRow,
            col: &str,
            value: &Value,
            base: u64,
            device: &str,
        ) -> Option<&'r ColumnMeta> {
            row.meta.get(col).filter(|meta| {
                meta.version > base
                    && meta.device != device
                    && row.columns.get(col).unwrap_or(&Value::Null) != value
            })
        }
        let deleting =
            m.op == Op::Delete || m.columns.get("deleted_at").is_some_and(|v| !v.is_null());
        if !row.columns.is_empty() && !row.is_live() && !deleting {
            // A delete beats a concurrent update: the update is recorded, not applied.
            let meta = row.meta.get("deleted_at").cloned();
            conflicts.push(conflict(ConflictArgs {
                kind: "delete",
                table: &m.table,
                row_id: &m.row_id,
                column: None,
                other_row: None,
                kept: row
                    .columns
                    .get("deleted_at")
                    .cloned()
                    .unwrap_or(Value::Null),
                lost: Value::from(serde_json::to_string(&m.columns).unwrap_or_default()),
                kept_by: meta.as_ref(),
                lost_by: &by,
            }));
        } else if deleting {
            let updated: BTreeMap<String, Value> = row
                .columns
                .iter()
                .filter(|(c, v)| {
                    !matches!(c.as_str(), "updated_at" | "deleted_at")
                        && concurrent(row, c, &Value::Null, m.base_version, device).is_some()
                        && !v.is_null()
                })
                .map(|(c, v)| (c.clone(), v.clone()))
                .collect();
            if let Some(meta) = updated.keys().next().and_then(|c| row.meta.get(c)).cloned() {
                conflicts.push(conflict(ConflictArgs {
                    kind: "delete",
                    table: &m.table,
                    row_id: &m.row_id,
                    column: None,
                    other_row: None,
                    kept: m.columns.get("deleted_at").cloned().unwrap_or(Value::Null),
                    lost: Value::from(serde_json::to_string(&updated).unwrap_or_default()),
                    kept_by: Some(&by),
                    lost_by: &meta,
                }));
            }
            set_columns(row, &m.columns, &by);
        } else {
            for (c, v) in &m.columns {
                if matches!(c.as_str(), "updated_at" | "created_at") {
                    continue;
                }
                if let Some(meta) = concurrent(row, c, v, m.base_version, device).cloned() {
                    conflicts.push(conflict(ConflictArgs {
                        kind: "column",
                        table: &m.table,
                        row_id: &m.row_id,
                        column: Some(c),
                        other_row: None,
                        kept: v.clone(),
                        lost: row.columns.get(c).cloned().unwrap_or(Value::Null),
                        kept_by: Some(&by),
                        lost_by: &meta,
                    }));
                }
            }
            set_columns(row, &m.columns, &by);
        }
        // The token's college, whatever the payload said.
        row.columns
            .insert("college_id".into(), Value::from(college_id));
        row.version = version;
        plan.log.push(Logged {
            mutation_id: m.id,
            change_id: m.change_id.clone(),
            table: m.table.clone(),
            row_id: m.row_id.clone(),
            op: m.op,
            columns: m.columns.clone(),
            at: m.at.clone(),
        });
        plan.rows.insert(key, row.clone());
    }
    for c in conflicts {
        add_conflict(&mut plan, college_id, c, now, new_id());
    }
    Ok(plan)
}

fn set_columns(row: &mut StoredRow, columns: &BTreeMap<String, Value>, by: &ColumnMeta) {
    for (c, v) in columns {
        row.columns.insert(c.clone(), v.clone());
        row.meta.insert(c.clone(), by.clone());
    }
}

struct ConflictArgs<'a> {
    kind: &'a str,
    table: &'a str,
    row_id: &'a str,
    column: Option<&'a str>,
    other_row: Option<&'a str>,
    kept: Value,
    lost: Value,
    kept_by: Option<&'a ColumnMeta>,
    lost_by: &'a ColumnMeta,
}

/// A value as the conflict stores it: text as is, anything else as JSON.
fn as_text(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::String(_) => v.clone(),
        other => Value::from(other.to_string()),
    }
}

fn conflict(a: ConflictArgs<'_>) -> BTreeMap<String, Value> {
    let opt = |s: Option<&str>| s.map_or(Value::Null, Value::from);
    BTreeMap::from([
        ("kind".to_string(), Value::from(a.kind)),
        ("table_name".to_string(), Value::from(a.table)),
        ("row_id".to_string(), Value::from(a.row_id)),
        ("column_name".to_string(), opt(a.column)),
        ("other_row_id".to_string(), opt(a.other_row)),
        ("kept_value".to_string(), as_text(&a.kept)),
        ("lost_value".to_string(), as_text(&a.lost)),
        (
            "kept_device".to_string(),
            opt(a.kept_by.map(|m| m.device.as_str())),
        ),
        (
            "lost_device".to_string(),
            Value::from(a.lost_by.device.as_str()),
        ),
        (
            "kept_user".to_string(),
            opt(a.kept_by.and_then(|m| m.user.as_deref())),
        ),
        ("lost_user".to_string(), opt(a.lost_by.user.as_deref())),
        ("kept_at".to_string(), opt(a.kept_by.map(|m| m.at.as_str()))),
        ("lost_at".to_string(), Value::from(a.lost_by.at.as_str())),
    ])
}

fn add_conflict(
    plan: &mut Plan,
    college_id: &str,
    mut columns: BTreeMap<String, Value>,
    now: &str,
    id: String,
) {
    for c in ["resolved_at", "resolved_by", "resolution", "deleted_at"] {
        columns.insert(c.into(), Value::Null);
    }
    columns.insert("college_id".into(), Value::from(college_id));
    columns.insert("created_at".into(), Value::from(now));
    columns.insert("updated_at".into(), Value::from(now));
    let meta = ColumnMeta {
        version: plan.version,
        device: "server".into(),
        user: None,
        at: now.to_string(),
    };
    let row = StoredRow {
        version: plan.version,
        meta: columns.keys().map(|c| (c.clone(), meta.clone())).collect(),
        columns,
    };
    plan.rows.insert((SYNC_CONFLICTS.name.to_string(), id), row);
    plan.conflicts += 1;
}

/// The value of a unique key a row takes: none when the row is not live, is excluded by the
/// key's condition, or has a null in the key.
pub fn key_value(key: &UniqueKey, row: &StoredRow) -> Option<String> {
    if !row.is_live() {
        return None;
    }
    if let Some(c) = key.while_null
        && row.columns.get(c).is_some_and(|v| !v.is_null())
    {
        return None;
    }
    let mut parts = Vec::with_capacity(key.columns.len());
    for c in key.columns {
        match row.columns.get(*c) {
            None | Some(Value::Null) => return None,
            Some(Value::String(s)) if s.is_empty() => return None,
            Some(Value::String(s)) => parts.push(s.clone()),
            Some(v) => parts.push(v.to_string()),
        }
    }
    Some(parts.join("\u{1f}"))
}

/// A row holding a unique key before a push, and who last wrote the key's (first) column.
#[derive(Debug, Clone, PartialEq)]
pub struct Holder {
    pub row_id: String,
    pub by: Option<ColumnMeta>,
}

impl Holder {
    /// A holder from its stored per-column versions (`meta`, JSON text) and the key's columns
    /// joined by ','.
    pub fn from_meta(row_id: String, key_cols: &str, meta: &str) -> Self {
        let column = key_cols.split(',').next().unwrap_or_default();
        let by = decode_meta(meta).ok().and_then(|mut m| m.remove(column));
        Holder { row_id, by }
    }
}

/// The rows holding each unique key before a push: (table, key columns joined by ',', value) →
/// holders, ids in byte order.
pub type Holders = HashMap<(String, String, String), Vec<Holder>>;

/// Records a `duplicate` conflict for each planned row that newly takes a unique key another
/// live row holds: a row from before this push (`holders`), or a row this push made earlier in
/// its order. The conflict's `kept_*` side is the new row's writer of the key's column, its
/// `lost_*` side the other row's.
pub fn duplicates(
    plan: &mut Plan,
    college_id: &str,
    holders: &Holders,
    now: &str,
    new_id: &mut dyn FnMut() -> String,
) {
    let mut taken: HashMap<(String, String, String), String> = HashMap::new();
    let mut found = Vec::new();
    for ((table, row_id), row) in &plan.rows {
        for key in keys_of(table) {
            let Some(value) = key_value(key, row) else {
                continue;
            };
            let cols = key.columns.join(",");
            let id = (table.clone(), cols.clone(), value.clone());
            let before = plan.before.get(&(table.clone(), row_id.clone()));
            let newly = before.and_then(|b| key_value(key, b)).as_deref() != Some(value.as_str());
            let earlier = taken.get(&id).cloned();
            taken.entry(id.clone()).or_insert_with(|| row_id.clone());
            if !newly {
                continue;
            }
            let column = key.columns[0];
            // Holders from before the push that this push did not move off the key; the writer
            // of their key column is what this push planned for them, else what was stored.
            let other = holders
                .get(&id)
                .into_iter()
                .flatten()
                .find_map(|o| {
                    if o.row_id == *row_id {
                        return None;
                    }
                    match plan.rows.get(&(table.clone(), o.row_id.clone())) {
                        None => Some((o.row_id.clone(), o.by.clone())),
                        Some(r) if key_value(key, r).as_deref() == Some(value.as_str()) => Some((
                            o.row_id.clone(),
                            r.meta.get(column).cloned().or(o.by.clone()),
                        )),
                        Some(_) => None,
                    }
                })
                .or_else(|| {
                    earlier.map(|e| {
                        let by = plan
                            .rows
                            .get(&(table.clone(), e.clone()))
                            .and_then(|r| r.meta.get(column).cloned());
                        (e, by)
                    })
                });
            let Some((other, other_by)) = other else {
                continue;
            };
            let unknown = || ColumnMeta {
                version: plan.version,
                device: String::new(),
                user: None,
                at: now.to_string(),
            };
            let by = row.meta.get(column).cloned().unwrap_or_else(unknown);
            let other_by = other_by.unwrap_or_else(unknown);
            found.push(conflict(ConflictArgs {
                kind: "duplicate",
                table,
                row_id,
                column: Some(column),
                other_row: Some(&other),
                kept: Value::from(value.replace('\u{1f}', " / ")),
                lost: Value::Null,
                kept_by: Some(&by),
                lost_by: &other_by,
            }));
        }
    }
    for c in found {
        add_conflict(plan, college_id, c, now, new_id());
    }
}

/// The (table, key columns, value) of every unique key the planned rows take, for the storage
/// to look up its holders.
pub fn planned_keys(plan: &Plan) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for ((table, _), row) in &plan.rows {
        for key in keys_of(table) {
            if let Some(v) = key_value(key, row) {
                out.push((table.clone(), key.columns.join(","), v));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod meta_tests {
    use super::*;

    fn by(version: u64, device: &str) -> ColumnMeta {
        ColumnMeta {
            version,
            device: device.into(),
            user: Some("王老师".into()),
            at: "2026-11-29T08:00:00.000Z".into(),
        }
    }

    #[test]
    fn writers_are_stored_once_each_and_read_back_per_column() {
        let meta = BTreeMap::from([
            ("name".to_string(), by(3, "pc-1")),
            ("phone".to_string(), by(3, "pc-1")),
            ("class_name".to_string(), by(5, "pc-2")),
        ]);
        let text = encode_meta(&meta);
        assert_eq!(text.matches("pc-1").count(), 1, "{text}");
        assert_eq!(decode_meta(&text).expect("decode"), meta);
        // The per-column form written before is still read.
        let old = serde_json::to_string(&meta).expect("json");
        assert_eq!(decode_meta(&old).expect("decode old"), meta);
        assert!(
            decode_meta("{\"name\": 1}").is_err(),
            "damaged metadata is an error"
        );
    }
}
