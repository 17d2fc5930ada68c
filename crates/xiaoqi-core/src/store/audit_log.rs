//! The audit log as administrators read, check and export it, and the reveals it records.

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Action, AuditEntry, AuditQuery, Event, Verification};
use crate::error::Result;
use crate::model::Role;
use crate::sheet::OutSheet;
use crate::{CoreError, Store};

/// A graduate's personal numbers, whole: only for the roles that need them, and logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Revealed {
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

impl Store {
    /// Checks the whole chain (anyone signed in may; it shows nothing of the entries).
    pub fn audit_verify(&self) -> Result<Verification> {
        self.require_actor()?;
        audit::verify(&self.conn)
    }

    /// A page of the log, newest first, and the number of entries that match.
    pub fn audit_entries(&self, q: &AuditQuery) -> Result<(Vec<AuditEntry>, i64)> {
        self.require_role(&[Role::Admin], "查看审计日志")?;
        audit::entries(&self.conn, q)
    }

    /// Writes the entries matching `q` (all of them when no limit is given) to an .xlsx or .csv
    /// file, and records the export. Returns how many were written.
    pub fn export_audit(&self, q: &AuditQuery, path: &Path) -> Result<u32> {
        self.require_role(&[Role::Admin], "导出审计日志")?;
        let q = AuditQuery {
            limit: q.limit.or(Some(u32::MAX)),
            ..q.clone()
        };
        let (entries, _) = audit::entries(&self.conn, &q)?;
        let sheet = OutSheet {
            name: "审计日志".into(),
            headers: [
                "序号",
                "时间",
                "操作人",
                "操作",
                "数据表",
                "记录",
                "字段",
                "说明",
                "哈希",
            ]
            .map(String::from)
            .to_vec(),
            rows: entries
                .iter()
                .map(|e| {
                    vec![
                        e.seq.to_string(),
                        e.at.clone(),
                        e.user_name.clone(),
                        e.action.clone(),
                        e.table_name.clone().unwrap_or_default(),
                        e.row_id.clone().unwrap_or_default(),
                        e.fields.join(", "),
                        e.detail.clone().unwrap_or_default(),
                        e.hash.clone(),
                    ]
                })
                .collect(),
            number_columns: vec![0],
            marks: Vec::new(),
        };
        crate::export::write_sheet(path, &sheet)?;
        let rows = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.log_export("audit_log", rows, false, &name, None)?;
        Ok(rows)
    }

    /// A graduate's whole ID number and phone, for administrators, each reveal in the log.
    /// Teachers and staff see them masked only.
    pub fn reveal_graduate(&self, key: &str) -> Result<Revealed> {
        let actor = self
            .require_role(&[Role::Admin], "查看完整的身份证号和手机号")?
            .clone();
        let g = self.graduate(key)?;
        let mut fields = Vec::new();
        if g.id_number.is_some() {
            fields.push("id_number");
        }
        if g.phone.is_some() {
            fields.push("phone");
        }
        if fields.is_empty() {
            return Err(CoreError::invalid(
                "id_number",
                "none",
                "这名学生没有登记身份证号和手机号",
            ));
        }
        audit::append(
            &self.conn,
            &actor,
            &Event::new(Action::Reveal)
                .record("graduates", &g.id)
                .fields(fields),
        )?;
        Ok(Revealed {
            id_number: g.id_number,
            phone: g.phone,
        })
    }

    /// Records something done outside the store's writes (a backup, a restore, a sync) by the
    /// actor, with counts or file names in `detail` — never a personal value.
    pub fn record_event(&self, action: Action, detail: serde_json::Value) -> Result<()> {
        let actor = self.require_actor()?.clone();
        audit::append(
            &self.conn,
            &actor,
            &Event::new(action).detail(json!(detail)),
        )
    }
}
