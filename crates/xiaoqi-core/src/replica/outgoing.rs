//! What a push carries: the outbox in order, numbered `acked + position`, so that a retry sends
//! the same ids for the same changes; and the acknowledgement that drops what the server holds.

use xiaoqi_protocol::{Mutation, Op};

use super::keys;
use crate::Store;
use crate::error::{CoreError, Result};

fn wire_op(op: &str) -> Op {
    match op {
        "insert" => Op::Insert,
        "delete" => Op::Delete,
        _ => Op::Update,
    }
}

impl Store {
    /// The mutation id the server acknowledged last.
    pub fn sync_acked(&self) -> Result<u64> {
        self.meta_u64(keys::ACKED)
    }

    /// The oldest `max` outbox changes as mutations.
    pub fn outgoing(&self, max: usize) -> Result<Vec<Mutation>> {
        let acked = self.sync_acked()?;
        let user = self.sync_user()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT change_id, table_name, row_id, op, changes, created_at, base_version, user_name \
             FROM outbox ORDER BY seq LIMIT ?1",
        )?;
        let rows = stmt.query_map([max as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for (i, row) in rows.enumerate() {
            let (change_id, table, row_id, op, changes, at, base, by) = row?;
            out.push(Mutation {
                id: acked + i as u64 + 1,
                change_id,
                table,
                row_id,
                op: wire_op(&op),
                columns: serde_json::from_str(&changes)?,
                base_version: base.max(0) as u64,
                at,
                // Who made the change; the device's sync name for changes made before users.
                user: by.or_else(|| user.clone()),
            });
        }
        Ok(out)
    }

    /// The server holds every mutation up to `acked`: drops them from the outbox and remembers
    /// `acked`, in one transaction. Returns how many outbox rows went.
    pub fn acknowledge(&mut self, acked: u64) -> Result<u64> {
        let before = self.sync_acked()?;
        if acked < before {
            return Err(CoreError::invalid(
                "acked",
                "behind",
                format!(
                    "服务器确认的编号 {acked} 小于本机已确认的 {before}：服务器的数据可能被还原过，请联系管理员"
                ),
            ));
        }
        let n = acked - before;
        let tx = self.conn.transaction()?;
        let pending: i64 = tx.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?;
        if n > pending as u64 {
            return Err(CoreError::invalid(
                "acked",
                "ahead",
                format!("服务器确认了 {n} 条更改，本机只有 {pending} 条待同步"),
            ));
        }
        tx.execute(
            "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT ?1)",
            [n as i64],
        )?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [keys::ACKED, &acked.to_string()],
        )?;
        if n > 0 {
            crate::audit::append(
                &tx,
                &crate::model::Actor::system(),
                &crate::audit::Event::new(crate::audit::Action::Sync)
                    .detail(serde_json::json!({ "sent": n, "acked": acked })),
            )?;
        }
        tx.commit()?;
        Ok(n)
    }
}
