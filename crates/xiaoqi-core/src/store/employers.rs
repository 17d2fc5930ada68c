//! Employers (用人单位) in the store: duplicate detection on every save, and a merge that moves
//! everything pointing at the dropped record to the kept one.

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use serde_json::Value;

use super::{Store, from_json_text, invalid, json_text, not_found, opt};
use crate::change::Change;
use crate::error::{CoreError, FieldError, Result};
use crate::model::employer::{CleanEmployer, name_key, similar_keys};
use crate::model::{
    Contact, DuplicateCandidate, Employer, EmployerInput, EmployerSize, MergeReport, Page,
    PartnerQuery,
};
use crate::schema;
use crate::validate::normalize::clean_text;

const SELECT: &str = "SELECT e.id, e.name, e.credit_code, e.credit_code_ok, e.employer_type, e.industry, e.size,
        e.city, e.address, e.contacts, e.tags, e.notes, e.created_at, e.updated_at,
        (SELECT count(*) FROM placements p WHERE p.employer_id = e.id AND p.deleted_at IS NULL AND p.superseded_at IS NULL),
        (SELECT count(*) FROM agreements a WHERE a.employer_id = e.id AND a.deleted_at IS NULL)
    FROM employers e";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Employer> {
    let size: Option<String> = r.get(6)?;
    let contacts: String = r.get(9)?;
    let tags: String = r.get(10)?;
    Ok(Employer {
        id: r.get(0)?,
        name: r.get(1)?,
        credit_code: r.get(2)?,
        credit_code_ok: r.get(3)?,
        employer_type: r.get(4)?,
        industry: r.get(5)?,
        size: size.as_deref().and_then(EmployerSize::parse),
        city: r.get(7)?,
        address: r.get(8)?,
        contacts: from_json_text(&contacts),
        tags: from_json_text(&tags),
        notes: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        placements: r.get(14)?,
        agreements: r.get(15)?,
    })
}

/// Resolves an employer named by id, exact name or credit code.
pub(crate) fn resolve(conn: &Connection, college: &str, key: &str) -> Result<Option<String>> {
    let key = key.trim();
    let upper = crate::validate::normalize_identifier(key);
    Ok(conn
        .prepare_cached(
            "SELECT id FROM employers WHERE college_id = ?1 AND deleted_at IS NULL
               AND (id = ?2 OR name = ?2 OR credit_code = ?3)
             ORDER BY id = ?2 DESC, name = ?2 DESC LIMIT 1",
        )?
        .query_row((college, key, upper), |r| r.get(0))
        .optional()?)
}

/// Existing employers a save of `name` / `credit_code` would duplicate (other than `except`):
/// the same credit code first, then near-identical names.
pub(crate) fn duplicates(
    conn: &Connection,
    college: &str,
    name: Option<&str>,
    credit_code: Option<&str>,
    except: Option<&str>,
) -> Result<Vec<DuplicateCandidate>> {
    let mut out = Vec::new();
    if let Some(code) = credit_code {
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, credit_code FROM employers
             WHERE college_id = ?1 AND credit_code = ?2 AND deleted_at IS NULL AND id IS NOT ?3",
        )?;
        let rows = stmt.query_map((college, code, except), |r| {
            Ok(DuplicateCandidate {
                id: r.get(0)?,
                name: r.get(1)?,
                credit_code: r.get(2)?,
                reason: "credit_code".into(),
            })
        })?;
        for c in rows {
            out.push(c?);
        }
    }
    if let Some(name) = name {
        let key = name_key(name);
        if !key.is_empty() {
            // SQL narrows to keys that could be near-identical: equal, containing or contained,
            // or one edit apart — which leaves either the first half or the rest after it
            // unchanged. Rust then applies the exact rule to those few.
            let len = key.chars().count();
            let (head, tail) = (len / 2, len.saturating_sub(len / 2 + 1).max(1));
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, credit_code, name_key FROM employers
                 WHERE college_id = ?1 AND deleted_at IS NULL AND id IS NOT ?2
                   AND (name_key = ?3 OR (length(?3) >= 4 AND length(name_key) >= 4
                        AND (instr(name_key, ?3) > 0 OR instr(?3, name_key) > 0
                             OR (abs(length(name_key) - length(?3)) <= 1
                                 AND (substr(name_key, 1, ?4) = substr(?3, 1, ?4)
                                      OR substr(name_key, -?5) = substr(?3, -?5))))))",
            )?;
            let mut rows = stmt.query((college, except, &key, head as i64, tail as i64))?;
            while let Some(r) = rows.next()? {
                let other: String = r.get_ref(3)?.as_str().unwrap_or_default().to_string();
                if !similar_keys(&key, &other) {
                    continue;
                }
                let id: String = r.get(0)?;
                if out.iter().any(|c| c.id == id) {
                    continue;
                }
                out.push(DuplicateCandidate {
                    id,
                    name: r.get(1)?,
                    credit_code: r.get(2)?,
                    reason: "name".into(),
                });
            }
        }
    }
    Ok(out)
}

/// The save-blocking error for duplicates: a credit code never repeats; a similar name only
/// blocks until the person accepts the warning.
fn duplicate_error(found: &[DuplicateCandidate], accept_warnings: bool) -> Option<CoreError> {
    if let Some(c) = found.iter().find(|c| c.reason == "credit_code") {
        return Some(invalid(
            FieldError::new(
                "credit_code",
                "duplicate",
                format!(
                    "统一社会信用代码已属于“{}”；同一单位只能登记一次，可打开该单位或合并",
                    c.name
                ),
            )
            .with("id", &c.id)
            .with("name", &c.name),
        ));
    }
    if accept_warnings {
        return None;
    }
    let c = found.first()?;
    Some(invalid(
        FieldError::new(
            "name",
            "possible_duplicate",
            format!(
                "可能与已有单位“{}”重复；确认不是同一单位后可仍然保存",
                c.name
            ),
        )
        .with("id", &c.id)
        .with("name", &c.name)
        .with("can_accept", true),
    ))
}

fn columns(input: &EmployerInput, clean: &CleanEmployer, all: bool) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    if let Some(n) = input.name.as_deref().and_then(clean_text) {
        m.insert("name".into(), Value::from(n));
    }
    if all || clean.credit_code.is_some() {
        m.insert(
            "credit_code".into(),
            opt(clean.credit_code.clone().flatten()),
        );
        m.insert("credit_code_ok".into(), Value::from(clean.credit_code_ok));
    }
    if all || clean.employer_type.is_some() {
        m.insert(
            "employer_type".into(),
            opt(clean.employer_type.clone().flatten()),
        );
    }
    if all || clean.industry.is_some() {
        m.insert("industry".into(), opt(clean.industry.clone().flatten()));
    }
    if all || input.size.is_some() {
        m.insert("size".into(), opt(input.size.map(EmployerSize::as_str)));
    }
    for (col, v) in [
        ("city", &input.city),
        ("address", &input.address),
        ("notes", &input.notes),
    ] {
        if all || v.is_some() {
            m.insert(col.into(), opt(v.as_deref().and_then(clean_text)));
        }
    }
    if all || clean.contacts.is_some() {
        m.insert(
            "contacts".into(),
            json_text(&clean.contacts.clone().unwrap_or_default()),
        );
    }
    if all || clean.tags.is_some() {
        m.insert(
            "tags".into(),
            json_text(&clean.tags.clone().unwrap_or_default()),
        );
    }
    m
}

/// Tables whose `employer_id` a merge moves, with the label of the count it reports.
const REFERENCES: &[&str] = &["placements", "positions", "agreements", "fair_employers"];

impl Store {
    /// The id of the live employer holding this (normalised) credit code.
    pub fn employer_by_code(&self, credit_code: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM employers WHERE college_id = ?1 AND credit_code = ?2 AND deleted_at IS NULL",
            )?
            .query_row((&self.college_id, credit_code), |r| r.get(0))
            .optional()?)
    }

    /// The live employer with exactly this name (trimmed): its id and credit code.
    pub fn employer_by_name(&self, name: &str) -> Result<Option<(String, Option<String>)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, credit_code FROM employers WHERE college_id = ?1 AND name = ?2 AND deleted_at IS NULL
                 ORDER BY id LIMIT 1",
            )?
            .query_row((&self.college_id, name.trim()), |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// A page of employers by name pinyin order, contacts' phones masked.
    pub fn employers(&self, q: &PartnerQuery) -> Result<Page<Employer>> {
        let mut conds = vec![
            "e.college_id = ?".to_string(),
            "e.deleted_at IS NULL".to_string(),
        ];
        let mut params = vec![SqlValue::Text(self.college_id.clone())];
        if let Some((cond, p)) = q
            .search
            .as_deref()
            .and_then(|s| super::name_search("e", s, Some("credit_code")))
        {
            conds.push(cond);
            params.extend(p);
        }
        if let Some(tag) = q.tag.as_deref().and_then(clean_text) {
            conds.push("EXISTS (SELECT 1 FROM json_each(e.tags) WHERE value = ?)".into());
            params.push(SqlValue::Text(tag));
        }
        let filter = conds.join(" AND ");
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM employers e WHERE {filter}"))?
            .query_row(params_from_iter(&params), |r| r.get(0))?;
        let sql = format!(
            "{SELECT} WHERE {filter} ORDER BY e.name_pinyin, e.id LIMIT {} OFFSET {}",
            q.limit.map_or(-1, i64::from),
            q.offset.unwrap_or(0)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let items = stmt
            .query_map(params_from_iter(&params), from_row)?
            .map(|r| {
                r.map(|mut e| {
                    e.contacts = e.contacts.iter().map(Contact::masked).collect();
                    e
                })
            })
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            items,
        })
    }

    /// One employer, whole, by id, exact name or credit code.
    pub fn employer(&self, key: &str) -> Result<Employer> {
        let id = resolve(&self.conn, &self.college_id, key)?
            .ok_or_else(|| not_found("用人单位", key))?;
        Ok(self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE e.id = ?1"))?
            .query_row([&id], from_row)?)
    }

    /// Existing employers that a save of this name or credit code would duplicate.
    pub fn employer_duplicates(
        &self,
        name: Option<&str>,
        credit_code: Option<&str>,
        except: Option<&str>,
    ) -> Result<Vec<DuplicateCandidate>> {
        let code = credit_code
            .map(crate::validate::normalize_identifier)
            .filter(|c| !c.is_empty());
        duplicates(&self.conn, &self.college_id, name, code.as_deref(), except)
    }

    pub fn create_employer(&mut self, input: &EmployerInput) -> Result<Employer> {
        let (clean, errs) = input.check(true);
        errs.into_result()?;
        let accept = input.accept_warnings == Some(true);
        let name = input.name.as_deref().and_then(clean_text);
        let code = clean.credit_code.clone().flatten();
        let mut row_id = String::new();
        self.write(|tx, college| {
            let found = duplicates(tx, college, name.as_deref(), code.as_deref(), None)?;
            if let Some(e) = duplicate_error(&found, accept) {
                return Err(e);
            }
            let change = super::insert("employers", college, columns(input, &clean, true));
            row_id = change.row_id.clone();
            Ok(vec![change])
        })?;
        self.employer(&row_id)
    }

    pub fn update_employer(&mut self, key: &str, input: &EmployerInput) -> Result<Employer> {
        let (clean, errs) = input.check(false);
        errs.into_result()?;
        let id = resolve(&self.conn, &self.college_id, key)?
            .ok_or_else(|| not_found("用人单位", key))?;
        let accept = input.accept_warnings == Some(true);
        let new = columns(input, &clean, false);
        self.write(|tx, college| {
            let old = super::row_columns(tx, &schema::EMPLOYERS, college, &id)?
                .ok_or_else(|| not_found("用人单位", &id))?;
            // Only what changes is checked again: keeping an accepted warning needs no new consent.
            let name = new
                .get("name")
                .filter(|v| Some(*v) != old.get("name"))
                .and_then(Value::as_str);
            let code = new
                .get("credit_code")
                .filter(|v| Some(*v) != old.get("credit_code"))
                .and_then(Value::as_str);
            let found = duplicates(tx, college, name, code, Some(&id))?;
            if let Some(e) = duplicate_error(&found, accept) {
                return Err(e);
            }
            let mut new = new.clone();
            if code.is_none() {
                // An unchanged code keeps its check state.
                new.remove("credit_code_ok");
            }
            Ok(super::update("employers", &id, &old, new)
                .into_iter()
                .collect())
        })?;
        self.employer(&id)
    }

    /// Deletes an employer nothing points to; otherwise refuses, naming what does and
    /// suggesting a merge.
    pub fn delete_employer(&mut self, key: &str) -> Result<()> {
        let e = self.employer(key)?;
        let mut used = Vec::new();
        for (table, label) in [
            ("placements", "毕业去向"),
            ("positions", "招聘岗位"),
            ("agreements", "协议"),
            ("fair_employers", "双选会参会记录"),
        ] {
            let n: i64 = self.conn.query_row(
                &format!(
                    "SELECT count(*) FROM {table} WHERE employer_id = ?1 AND deleted_at IS NULL"
                ),
                [&e.id],
                |r| r.get(0),
            )?;
            if n > 0 {
                used.push(format!("{n} 条{label}"));
            }
        }
        if !used.is_empty() {
            return Err(invalid(
                FieldError::new(
                    "employer",
                    "in_use",
                    format!(
                        "“{}”还有 {} 指向它，不能删除；如果它是重复单位，请把它合并到保留的单位",
                        e.name,
                        used.join("、")
                    ),
                )
                .with("name", &e.name),
            ));
        }
        self.write(|_, _| Ok(vec![super::delete("employers", &e.id)]))
    }

    /// Merges `drop` into `keep`: every placement, position, application's employer (through its
    /// position), agreement and fair entry moves to `keep`; `keep`'s empty fields take `drop`'s
    /// values, contacts and tags are united; then `drop` is deleted. One transaction.
    pub fn merge_employers(&mut self, keep: &str, drop: &str) -> Result<MergeReport> {
        let kept = self.employer(keep)?;
        let dropped = self.employer(drop)?;
        if kept.id == dropped.id {
            return Err(invalid(FieldError::new(
                "drop",
                "same",
                "保留的单位和要合并掉的单位是同一个",
            )));
        }
        let mut report = MergeReport {
            kept: kept.id.clone(),
            dropped: dropped.id.clone(),
            ..Default::default()
        };
        let report_ref = &mut report;
        self.write(|tx, college| {
            let mut changes: Vec<Change> = Vec::new();
            for table in REFERENCES {
                let def = schema::table(table).ok_or_else(|| not_found("数据表", table))?;
                let ids: Vec<String> = tx
                    .prepare(&format!(
                        "SELECT id FROM {table} WHERE employer_id = ?1 AND college_id = ?2 AND deleted_at IS NULL"
                    ))?
                    .query_map((&dropped.id, college), |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in &ids {
                    if *table == "fair_employers" {
                        // The kept employer may be at that fair already: then the entry goes.
                        let fair: String =
                            tx.query_row("SELECT fair_id FROM fair_employers WHERE id = ?1", [id], |r| r.get(0))?;
                        let both: Option<String> = tx
                            .query_row(
                                "SELECT id FROM fair_employers WHERE fair_id = ?1 AND employer_id = ?2 AND deleted_at IS NULL",
                                (&fair, &kept.id),
                                |r| r.get(0),
                            )
                            .optional()?;
                        if both.is_some() {
                            changes.push(super::delete(def.name, id));
                            report_ref.fair_entries += 1;
                            continue;
                        }
                    }
                    let old = BTreeMap::from([("employer_id".to_string(), Value::from(dropped.id.clone()))]);
                    let new = BTreeMap::from([("employer_id".to_string(), Value::from(kept.id.clone()))]);
                    changes.extend(super::update(def.name, id, &old, new));
                    match *table {
                        "placements" => report_ref.placements += 1,
                        "positions" => report_ref.positions += 1,
                        "agreements" => report_ref.agreements += 1,
                        _ => report_ref.fair_entries += 1,
                    }
                }
            }
            report_ref.applications = tx.query_row(
                "SELECT count(*) FROM applications a JOIN positions p ON p.id = a.position_id
                 WHERE p.employer_id = ?1 AND a.deleted_at IS NULL",
                [&dropped.id],
                |r| r.get(0),
            )?;
            // The dropped record goes first: the kept one may take over its credit code.
            changes.push(super::delete("employers", &dropped.id));
            let old = super::row_columns(tx, &schema::EMPLOYERS, college, &kept.id)?
                .ok_or_else(|| not_found("用人单位", &kept.id))?;
            changes.extend(super::update("employers", &kept.id, &old, merged_fields(&kept, &dropped)));
            Ok(changes)
        })?;
        Ok(report)
    }
}

/// The kept employer's fields after a merge: its own values, gaps filled from the dropped one,
/// contacts and tags united, notes of both kept.
fn merged_fields(keep: &Employer, drop: &Employer) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    let fill =
        |m: &mut BTreeMap<String, Value>, col: &str, k: &Option<String>, d: &Option<String>| {
            if k.is_none() && d.is_some() {
                m.insert(col.to_string(), opt(d.clone()));
            }
        };
    if keep.credit_code.is_none() && drop.credit_code.is_some() {
        m.insert("credit_code".into(), opt(drop.credit_code.clone()));
        m.insert("credit_code_ok".into(), Value::from(drop.credit_code_ok));
    }
    fill(
        &mut m,
        "employer_type",
        &keep.employer_type,
        &drop.employer_type,
    );
    fill(&mut m, "industry", &keep.industry, &drop.industry);
    fill(&mut m, "city", &keep.city, &drop.city);
    fill(&mut m, "address", &keep.address, &drop.address);
    if keep.size.is_none() && drop.size.is_some() {
        m.insert("size".into(), opt(drop.size.map(EmployerSize::as_str)));
    }
    let mut contacts = keep.contacts.clone();
    for c in &drop.contacts {
        if !contacts
            .iter()
            .any(|k| k.name == c.name && k.phone == c.phone)
        {
            contacts.push(c.clone());
        }
    }
    m.insert("contacts".into(), json_text(&contacts));
    let mut tags = keep.tags.clone();
    for t in &drop.tags {
        if !tags.contains(t) {
            tags.push(t.clone());
        }
    }
    m.insert("tags".into(), json_text(&tags));
    // The dropped record's name and notes stay readable on the kept one.
    let mut notes: Vec<String> = keep.notes.iter().cloned().collect();
    notes.extend(
        drop.notes
            .iter()
            .filter(|d| Some(*d) != keep.notes.as_ref())
            .cloned(),
    );
    let code = drop
        .credit_code
        .as_deref()
        .map(|c| format!("（{c}）"))
        .unwrap_or_default();
    notes.push(format!("已合并：{}{code}", drop.name));
    let notes = Some(notes.join("\n"));
    m.insert("notes".into(), opt(notes));
    m
}
