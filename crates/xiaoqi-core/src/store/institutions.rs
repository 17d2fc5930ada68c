//! Research institutions (科研机构) in the store.

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use serde_json::Value;

use super::{Store, from_json_text, invalid, json_text, not_found, opt};
use crate::error::{FieldError, Result};
use crate::model::institution::CleanInstitution;
use crate::model::{Contact, Institution, InstitutionInput, InstitutionKind, Page, PartnerQuery};
use crate::schema;
use crate::validate::normalize::clean_text;

const SELECT: &str = "SELECT i.id, i.name, i.parent_org, i.kind, i.city, i.contacts, i.notes, i.created_at, i.updated_at,
        (SELECT count(*) FROM placements p WHERE p.institution_id = i.id AND p.deleted_at IS NULL AND p.superseded_at IS NULL),
        (SELECT count(*) FROM agreements a WHERE a.institution_id = i.id AND a.deleted_at IS NULL),
        i.credit_code, i.credit_code_ok, i.address
    FROM institutions i";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Institution> {
    let kind: String = r.get(3)?;
    let contacts: String = r.get(5)?;
    Ok(Institution {
        id: r.get(0)?,
        name: r.get(1)?,
        parent_org: r.get(2)?,
        kind: InstitutionKind::parse(&kind).unwrap_or(InstitutionKind::ResearchCenter),
        city: r.get(4)?,
        credit_code: r.get(11)?,
        credit_code_ok: r.get(12)?,
        address: r.get(13)?,
        contacts: from_json_text(&contacts),
        notes: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        placements: r.get(9)?,
        agreements: r.get(10)?,
    })
}

/// Resolves an institution named by id or exact name.
pub(crate) fn resolve(conn: &Connection, college: &str, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM institutions WHERE college_id = ?1 AND deleted_at IS NULL AND (id = ?2 OR name = ?2)",
        )?
        .query_row((college, key.trim()), |r| r.get(0))
        .optional()?)
}

fn duplicate_name(name: &str) -> crate::CoreError {
    invalid(
        FieldError::new("name", "duplicate", format!("已有名为“{name}”的科研机构"))
            .with("name", name),
    )
}

fn columns(
    input: &InstitutionInput,
    clean: CleanInstitution,
    all: bool,
) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    if let Some(n) = input.name.as_deref().and_then(clean_text) {
        m.insert("name".into(), Value::from(n));
    }
    if let Some(k) = input.kind {
        m.insert("kind".into(), Value::from(k.as_str()));
    }
    if all || clean.credit_code.is_some() {
        m.insert("credit_code".into(), opt(clean.credit_code.flatten()));
        m.insert("credit_code_ok".into(), Value::from(clean.credit_code_ok));
    }
    for (col, v) in [
        ("parent_org", &input.parent_org),
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
            json_text(&clean.contacts.unwrap_or_default()),
        );
    }
    m
}

impl Store {
    /// The id of the live research institution named (or with the id) `name`.
    pub fn institution_id_by_name(&self, name: &str) -> Result<Option<String>> {
        resolve(&self.conn, &self.college_id, name)
    }

    pub fn institutions(&self, q: &PartnerQuery) -> Result<Page<Institution>> {
        let mut conds = vec![
            "i.college_id = ?".to_string(),
            "i.deleted_at IS NULL".to_string(),
        ];
        let mut params = vec![SqlValue::Text(self.college_id.clone())];
        if let Some((cond, p)) = q
            .search
            .as_deref()
            .and_then(|s| super::name_search("i", s, None))
        {
            conds.push(cond);
            params.extend(p);
        }
        let filter = conds.join(" AND ");
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM institutions i WHERE {filter}"
            ))?
            .query_row(params_from_iter(&params), |r| r.get(0))?;
        let sql = format!(
            "{SELECT} WHERE {filter} ORDER BY i.name_pinyin, i.id LIMIT {} OFFSET {}",
            q.limit.map_or(-1, i64::from),
            q.offset.unwrap_or(0)
        );
        let items = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(&params), from_row)?
            .map(|r| {
                r.map(|mut i| {
                    i.contacts = i.contacts.iter().map(Contact::masked).collect();
                    i
                })
            })
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            items,
        })
    }

    pub fn institution(&self, key: &str) -> Result<Institution> {
        let id = resolve(&self.conn, &self.college_id, key)?
            .ok_or_else(|| not_found("科研机构", key))?;
        Ok(self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE i.id = ?1"))?
            .query_row([&id], from_row)?)
    }

    pub fn create_institution(&mut self, input: &InstitutionInput) -> Result<Institution> {
        let (clean, errs) = input.check(true);
        errs.into_result()?;
        let name = input
            .name
            .as_deref()
            .and_then(clean_text)
            .unwrap_or_default();
        let mut row_id = String::new();
        self.write(|tx, college| {
            if resolve(tx, college, &name)?.is_some() {
                return Err(duplicate_name(&name));
            }
            let change = super::insert("institutions", college, columns(input, clean, true));
            row_id = change.row_id.clone();
            Ok(vec![change])
        })?;
        self.institution(&row_id)
    }

    pub fn update_institution(
        &mut self,
        key: &str,
        input: &InstitutionInput,
    ) -> Result<Institution> {
        let (clean, errs) = input.check(false);
        errs.into_result()?;
        let id = resolve(&self.conn, &self.college_id, key)?
            .ok_or_else(|| not_found("科研机构", key))?;
        let new = columns(input, clean, false);
        self.write(|tx, college| {
            if let Some(Value::String(n)) = new.get("name")
                && resolve(tx, college, n)?.is_some_and(|other| other != id)
            {
                return Err(duplicate_name(n));
            }
            let old = super::row_columns(tx, &schema::INSTITUTIONS, college, &id)?
                .ok_or_else(|| not_found("科研机构", &id))?;
            Ok(super::update("institutions", &id, &old, new.clone())
                .into_iter()
                .collect())
        })?;
        self.institution(&id)
    }

    /// Deletes an institution no placement or agreement points to.
    pub fn delete_institution(&mut self, key: &str) -> Result<()> {
        let i = self.institution(key)?;
        if i.placements > 0 || i.agreements > 0 {
            return Err(invalid(
                FieldError::new(
                    "institution",
                    "in_use",
                    format!(
                        "“{}”还有 {} 条毕业去向、{} 份协议指向它，不能删除",
                        i.name, i.placements, i.agreements
                    ),
                )
                .with("name", &i.name),
            ));
        }
        self.write(|_, _| Ok(vec![super::delete("institutions", &i.id)]))
    }
}
