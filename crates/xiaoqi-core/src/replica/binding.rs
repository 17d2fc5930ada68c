//! The first sync binds a database to the server's college: the college id made on this device
//! gives way to the server's in every record, the outbox and `meta`, in one transaction. A bound
//! database refuses another college.

use serde_json::Value;
use xiaoqi_protocol::College;

use super::keys;
use crate::Store;
use crate::error::{CoreError, Result};
use crate::schema;

/// Columns of the college profile that the server's admin decides: a device's unsent values of
/// them give way to the server's profile at binding.
const SERVER_PROFILE: [&str; 5] = ["college_id", "name", "code", "city", "created_at"];

impl Store {
    /// Binds this database to `college` (the token's). Returns true when this call bound it,
    /// false when it was bound to it already; refuses a database bound to another college.
    pub fn bind_college(&mut self, college: &College) -> Result<bool> {
        if let Some(bound) = self.meta(keys::COLLEGE)? {
            if bound == college.id {
                return Ok(false);
            }
            return Err(CoreError::invalid(
                "token",
                "other_college",
                format!(
                    "本机数据属于另一所学校（{bound}），不能用 {}（{}）的令牌同步",
                    college.name, college.code
                ),
            ));
        }
        let old = self.college_id.clone();
        let new = college.id.as_str();
        self.writes.set(self.writes.get() + 1);
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let result = (|| -> Result<_> {
            let tx = self.conn.transaction()?;
            // Record tables first: their triggers move the derived rows (graduate_facts) along.
            let tables: Vec<&str> = schema::TABLES.iter().map(|t| t.name).collect();
            let mut derived: Vec<String> = Vec::new();
            let mut others = tx.prepare(
                "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c \
                 WHERE m.type = 'table' AND c.name = 'college_id' ORDER BY m.name",
            )?;
            for t in others.query_map([], |r| r.get::<_, String>(0))? {
                let t = t?;
                if !tables.contains(&t.as_str()) {
                    derived.push(t);
                }
            }
            drop(others);
            for t in &tables {
                tx.execute(
                    &format!("UPDATE \"{t}\" SET college_id = ?1 WHERE college_id = ?2"),
                    [new, &old],
                )?;
            }
            // Derived tables (counts, facts, the export log): their triggers may have moved rows
            // already; what is left under the old id is either moved or stale.
            for t in &derived {
                tx.execute(
                    &format!("UPDATE OR IGNORE \"{t}\" SET college_id = ?1 WHERE college_id = ?2"),
                    [new, &old],
                )?;
                tx.execute(
                    &format!("DELETE FROM \"{t}\" WHERE college_id = ?1"),
                    [&old],
                )?;
            }
            // The profile row takes the server's id; the pull brings the server's profile.
            if old != new {
                tx.execute("DELETE FROM colleges WHERE id = ?1", [new])?;
                tx.execute("UPDATE colleges SET id = ?1 WHERE id = ?2", [new, &old])?;
            }
            tx.execute(
                "UPDATE colleges SET name = ?2, code = ?3, city = ?4 WHERE id = ?1",
                (new, &college.name, &college.code, &college.city),
            )?;
            // The outbox: college ids in every change; the profile's changes keep only what
            // this device set of its own (a minimum wage, a code list).
            tx.execute(
                "UPDATE outbox SET changes = json_set(changes, '$.college_id', ?1) \
                 WHERE json_extract(changes, '$.college_id') = ?2",
                [new, &old],
            )?;
            let profile: Vec<(i64, String)> = tx
                .prepare(
                    "SELECT seq, changes FROM outbox WHERE table_name = 'colleges' AND row_id = ?1",
                )?
                .query_map([&old], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (seq, changes) in profile {
                let mut columns: serde_json::Map<String, Value> = serde_json::from_str(&changes)?;
                // An empty list (the contacts a new profile starts with) is no value of its own.
                columns.retain(|c, v| {
                    !SERVER_PROFILE.contains(&c.as_str())
                        && !v.is_null()
                        && v.as_str() != Some("[]")
                });
                if columns
                    .keys()
                    .all(|c| c == "updated_at" || c == "deleted_at")
                {
                    tx.execute("DELETE FROM outbox WHERE seq = ?1", [seq])?;
                } else {
                    tx.execute(
                        "UPDATE outbox SET row_id = ?2, op = 'update', changes = ?3 WHERE seq = ?1",
                        (seq, new, serde_json::to_string(&columns)?),
                    )?;
                }
            }
            for (k, v) in [("college_id", new), (keys::COLLEGE, new)] {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [k, v],
                )?;
            }
            tx.commit()?;
            Ok(())
        })();
        self.conn.pragma_update(None, "foreign_keys", true)?;
        result?;
        self.college_id = new.to_string();
        Ok(true)
    }
}
