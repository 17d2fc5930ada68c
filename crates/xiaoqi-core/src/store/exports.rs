//! The export log: every export of personal data, local to this device (never synced).

use serde::Serialize;

use super::Store;
use crate::clock;
use crate::error::Result;

/// One logged export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportLogEntry {
    pub at: String,
    /// graduates, placements, employers or agreements.
    pub kind: String,
    pub rows: u32,
    /// ID numbers and phones written whole.
    pub whole_ids: bool,
    pub file_name: String,
    pub operator: Option<String>,
}

impl Store {
    /// Records an export (what, how many rows, whether whole IDs, the file's name, who).
    pub fn log_export(
        &self,
        kind: &str,
        rows: u32,
        whole_ids: bool,
        file_name: &str,
        operator: Option<&str>,
    ) -> Result<()> {
        let actor = self.require_actor()?.clone();
        let tx = self.conn.unchecked_transaction()?;
        crate::audit::append(
            &tx,
            &actor,
            &crate::audit::Event::new(crate::audit::Action::Export).detail(serde_json::json!({
                "kind": kind, "rows": rows, "whole_ids": whole_ids, "file": file_name,
            })),
        )?;
        tx.execute(
            "INSERT INTO export_log (id, college_id, at, kind, rows, whole_ids, file_name, operator)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            (
                clock::new_id(),
                &self.college_id,
                clock::now(),
                kind,
                rows,
                whole_ids,
                file_name,
                operator.or(Some(actor.name.as_str())),
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The latest exports, newest first.
    pub fn export_log(&self, limit: u32) -> Result<Vec<ExportLogEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, kind, rows, whole_ids, file_name, operator FROM export_log
             WHERE college_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map((&self.college_id, limit), |r| {
            Ok(ExportLogEntry {
                at: r.get(0)?,
                kind: r.get(1)?,
                rows: r.get(2)?,
                whole_ids: r.get(3)?,
                file_name: r.get(4)?,
                operator: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
