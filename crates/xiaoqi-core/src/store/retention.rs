//! Retention (PIPL: personal data kept no longer than needed): after a set number of years the
//! personal fields of a cohort's graduates are cleared — name, ID number, phone, notes, and
//! their placements' notes and evidence files — while what the statistics count (cohort,
//! program, class, gender, skill level, destination, employer, salary, city) stays, so the
//! anonymous figures of old cohorts are unchanged. A purge is an ordinary edit: it syncs, so
//! the server forgets the same fields.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::audit::Action;
use crate::error::{CoreError, Result};
use crate::model::Role;
use crate::{Store, clock};

/// What a purged graduate's name reads as.
pub const PURGED_NAME: &str = "（已清除）";
const YEARS_KEY: &str = "retention_years";

/// What a purge did, or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PurgeReport {
    /// Cohorts at or before this year were purged.
    pub up_to_cohort: i32,
    pub graduates: u32,
    pub placements: u32,
    /// Evidence files removed from the evidence folder (no longer listed by any placement).
    pub files: u32,
    pub dry_run: bool,
}

/// The changes that clear a graduate's personal fields, as (table, id, old, new) to diff.
type Clearing = (
    &'static str,
    String,
    BTreeMap<String, Value>,
    BTreeMap<String, Value>,
);

impl Store {
    /// Years after graduation that personal fields are kept; `None`: kept until deleted.
    pub fn retention_years(&self) -> Result<Option<u32>> {
        Ok(self.meta(YEARS_KEY)?.and_then(|v| v.parse().ok()))
    }

    /// Sets (1 to 50 years) or clears the retention period (administrators).
    pub fn set_retention_years(&mut self, years: Option<u32>) -> Result<()> {
        let actor = self.require_role(&[Role::Admin], "修改设置")?.clone();
        if let Some(y) = years
            && !(1..=50).contains(&y)
        {
            return Err(CoreError::invalid(
                "retention_years",
                "range",
                "保存年限应在 1 到 50 年之间",
            ));
        }
        let tx = self.conn.transaction()?;
        match years {
            Some(y) => tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                rusqlite::params![YEARS_KEY, y.to_string()],
            )?,
            None => tx.execute("DELETE FROM meta WHERE key = ?1", [YEARS_KEY])?,
        };
        crate::audit::append(
            &tx,
            &actor,
            &crate::audit::Event::new(Action::Settings)
                .fields([YEARS_KEY])
                .detail(json!({ "years": years })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Clears the personal fields of every graduate whose cohort is `years` or more before this
    /// year (the setting when `years` is `None`; nothing when neither is set), in one
    /// transaction. Administrators only. `dry_run` counts without changing anything.
    pub fn purge_personal_data(
        &mut self,
        years: Option<u32>,
        dry_run: bool,
    ) -> Result<PurgeReport> {
        self.require_role(&[Role::Admin], "清除过期的个人信息")?;
        let Some(years) = years.or(self.retention_years()?) else {
            return Err(CoreError::invalid(
                "retention_years",
                "not_set",
                "尚未设置个人信息保存年限",
            ));
        };
        if years == 0 {
            return Err(CoreError::invalid(
                "retention_years",
                "range",
                "保存年限应在 1 到 50 年之间",
            ));
        }
        let up_to = clock::current_year() - i32::try_from(years).unwrap_or(i32::MAX);
        let clearings = self.clearings(up_to)?;
        let mut report = PurgeReport {
            up_to_cohort: up_to,
            dry_run,
            ..PurgeReport::default()
        };
        for (table, ..) in &clearings {
            match *table {
                "graduates" => report.graduates += 1,
                _ => report.placements += 1,
            }
        }
        if dry_run || clearings.is_empty() {
            return Ok(report);
        }
        let evidence_before = self.listed_evidence()?;
        self.atomically(|s| {
            s.write(|_, _| {
                Ok(clearings
                    .into_iter()
                    .filter_map(|(table, id, old, new)| super::update(table, &id, &old, new))
                    .collect())
            })?;
            s.record_event(
                Action::Purge,
                json!({
                    "purge": "personal_data", "up_to_cohort": up_to,
                    "graduates": report.graduates, "placements": report.placements,
                }),
            )
        })?;
        // Files no placement lists any more, once the clearing is committed.
        let still = self.listed_evidence()?;
        if let Some(dir) = self.evidence_dir() {
            for sha in evidence_before.difference(&still) {
                let gone = std::fs::read_dir(&dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter(|f| f.file_name().to_string_lossy().starts_with(sha.as_str()))
                    .filter(|f| std::fs::remove_file(f.path()).is_ok())
                    .count();
                report.files += u32::try_from(gone).unwrap_or(0);
            }
        }
        Ok(report)
    }

    /// The graduates (and their placements) of cohorts up to `up_to` with something left to
    /// clear.
    fn clearings(&self, up_to: i32) -> Result<Vec<Clearing>> {
        let mut out: Vec<Clearing> = Vec::new();
        let mut stmt = self.conn.prepare(
            "SELECT id, name, id_number, phone, notes FROM graduates
             WHERE college_id = ?1 AND deleted_at IS NULL AND cohort <= ?2
               AND (name <> ?3 OR id_number IS NOT NULL OR phone IS NOT NULL OR notes IS NOT NULL)",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![self.college_id, up_to, PURGED_NAME],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            },
        )?;
        for row in rows {
            let (id, name, id_number, phone, notes) = row?;
            let old = BTreeMap::from([
                ("name".to_string(), Value::from(name)),
                ("id_number".to_string(), super::opt(id_number)),
                ("phone".to_string(), super::opt(phone)),
                ("notes".to_string(), super::opt(notes)),
            ]);
            let new = BTreeMap::from([
                ("name".to_string(), Value::from(PURGED_NAME)),
                ("id_number".to_string(), Value::Null),
                ("phone".to_string(), Value::Null),
                ("notes".to_string(), Value::Null),
            ]);
            out.push(("graduates", id, old, new));
        }
        let mut stmt = self.conn.prepare(
            "SELECT p.id, p.notes, p.evidence FROM placements p JOIN graduates g ON g.id = p.graduate_id
             WHERE p.college_id = ?1 AND p.deleted_at IS NULL AND g.deleted_at IS NULL
               AND g.cohort <= ?2 AND (p.notes IS NOT NULL OR p.evidence <> '[]')",
        )?;
        let rows = stmt.query_map(rusqlite::params![self.college_id, up_to], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, notes, evidence) = row?;
            let old = BTreeMap::from([
                ("notes".to_string(), super::opt(notes)),
                ("evidence".to_string(), Value::from(evidence)),
            ]);
            let new = BTreeMap::from([
                ("notes".to_string(), Value::Null),
                ("evidence".to_string(), Value::from("[]")),
            ]);
            out.push(("placements", id, old, new));
        }
        Ok(out)
    }

    /// The SHA-256 of every evidence file live placements list.
    fn listed_evidence(&self) -> Result<std::collections::BTreeSet<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT json_extract(e.value, '$.sha256') FROM placements p, json_each(p.evidence) e
             WHERE p.college_id = ?1 AND p.deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([&self.college_id], |r| r.get::<_, Option<String>>(0))?;
        let mut out = std::collections::BTreeSet::new();
        for r in rows {
            if let Some(sha) = r? {
                out.insert(sha);
            }
        }
        Ok(out)
    }
}
