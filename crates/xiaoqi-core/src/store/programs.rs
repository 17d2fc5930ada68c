//! Programs (专业) in the store.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::Value;

use super::{Store, opt};
use crate::error::{CoreError, FieldError, Result};
use crate::model::{Program, ProgramInput, TrainingLevel};
use crate::validate::normalize::clean_text;

const SELECT: &str = "SELECT p.id, p.name, p.code, p.level, p.length_years, p.department, p.created_at, p.updated_at,
        p.industries, p.position_keywords,
        (SELECT coalesce(sum(c.n), 0) FROM graduate_counts c WHERE c.program_id = p.id)
    FROM programs p";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Program> {
    let level: String = r.get(3)?;
    Ok(Program {
        id: r.get(0)?,
        name: r.get(1)?,
        code: r.get(2)?,
        level: TrainingLevel::parse(&level).unwrap_or(TrainingLevel::Advanced),
        length_years: r.get(4)?,
        department: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
        industries: super::from_json_text(&r.get::<_, String>(8)?),
        position_keywords: super::from_json_text(&r.get::<_, String>(9)?),
        graduates: r.get(10)?,
    })
}

/// The live program with this name, if any (other than `except`).
fn id_by_name(
    conn: &Connection,
    college_id: &str,
    name: &str,
    except: Option<&str>,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM programs WHERE college_id = ?1 AND name = ?2 AND deleted_at IS NULL AND id IS NOT ?3",
        )?
        .query_row((college_id, name, except), |r| r.get(0))
        .optional()?)
}

/// Resolves a program named by id or by name to its id.
pub(crate) fn resolve(conn: &Connection, college_id: &str, key: &str) -> Result<Option<String>> {
    let by_id: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM programs WHERE college_id = ?1 AND id = ?2 AND deleted_at IS NULL",
        )?
        .query_row((college_id, key), |r| r.get(0))
        .optional()?;
    match by_id {
        Some(id) => Ok(Some(id)),
        None => id_by_name(conn, college_id, key.trim(), None),
    }
}

impl Store {
    /// The id of the live program with exactly this name (trimmed).
    pub fn program_id_by_name(&self, name: &str) -> Result<Option<String>> {
        id_by_name(&self.conn, &self.college_id, name.trim(), None)
    }

    /// Every program of the college, by catalog code then name.
    pub fn programs(&self) -> Result<Vec<Program>> {
        let sql = format!(
            "{SELECT} WHERE p.college_id = ?1 AND p.deleted_at IS NULL ORDER BY p.code IS NULL, p.code, p.name"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([&self.college_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A program by id or by name.
    pub fn program(&self, key: &str) -> Result<Program> {
        let id =
            resolve(&self.conn, &self.college_id, key)?.ok_or_else(|| CoreError::NotFound {
                kind: "专业",
                id: key.to_string(),
            })?;
        let sql = format!("{SELECT} WHERE p.id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([&id], from_row)?)
    }

    pub fn create_program(&mut self, input: &ProgramInput) -> Result<Program> {
        input.check(true).into_result()?;
        let name = input
            .name
            .as_deref()
            .and_then(clean_text)
            .unwrap_or_default();
        let mut row_id = String::new();
        self.write(|tx, college| {
            if id_by_name(tx, college, &name, None)?.is_some() {
                return Err(duplicate_name(&name));
            }
            let change = super::insert("programs", college, columns(input, true));
            row_id = change.row_id.clone();
            Ok(vec![change])
        })?;
        self.program(&row_id)
    }

    pub fn update_program(&mut self, key: &str, input: &ProgramInput) -> Result<Program> {
        input.check(false).into_result()?;
        let current = self.program(key)?;
        let old = super::row_columns(
            &self.conn,
            &crate::schema::PROGRAMS,
            &self.college_id,
            &current.id,
        )?
        .unwrap_or_default();
        let new = columns(input, false);
        let id = current.id.clone();
        self.write(|tx, college| {
            if let Some(Value::String(n)) = new.get("name")
                && id_by_name(tx, college, n, Some(&id))?.is_some()
            {
                return Err(duplicate_name(n));
            }
            Ok(super::update("programs", &id, &old, new.clone())
                .into_iter()
                .collect())
        })?;
        self.program(&current.id)
    }

    /// Deletes a program that no graduate refers to.
    pub fn delete_program(&mut self, key: &str) -> Result<()> {
        let current = self.program(key)?;
        if current.graduates > 0 {
            return Err(CoreError::Invalid(crate::error::FieldErrors(vec![
                FieldError::new(
                    "program",
                    "in_use",
                    format!(
                        "专业“{}”下还有 {} 名毕业生，不能删除；请先把他们转到其他专业",
                        current.name, current.graduates
                    ),
                )
                .with("count", current.graduates),
            ])));
        }
        self.write(|_, _| Ok(vec![super::delete("programs", &current.id)]))
    }
}

fn duplicate_name(name: &str) -> CoreError {
    CoreError::Invalid(crate::error::FieldErrors(vec![
        FieldError::new("name", "duplicate", format!("已有名为“{name}”的专业")).with("name", name),
    ]))
}

/// The columns an input sets; `all` includes absent optional fields as null (for inserts).
fn columns(input: &ProgramInput, all: bool) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    if let Some(n) = input.name.as_deref().and_then(clean_text) {
        m.insert("name".into(), Value::from(n));
    }
    if all || input.code.is_some() {
        let code = input
            .code
            .as_deref()
            .and_then(clean_text)
            .map(|c| c.to_ascii_uppercase());
        m.insert("code".into(), opt(code));
    }
    if let Some(l) = input.level {
        m.insert("level".into(), Value::from(l.as_str()));
    }
    if let Some(y) = input.length_years {
        m.insert("length_years".into(), Value::from(y));
    }
    if all || input.department.is_some() {
        m.insert(
            "department".into(),
            opt(input.department.as_deref().and_then(clean_text)),
        );
    }
    let mut ignore = crate::error::FieldErrors::default();
    if let Some(codes) = input.industry_codes(&mut ignore) {
        m.insert("industries".into(), super::json_text(&codes));
    } else if all {
        m.insert("industries".into(), Value::from("[]"));
    }
    if let Some(words) = &input.position_keywords {
        m.insert(
            "position_keywords".into(),
            super::json_text(&crate::model::employer::clean_tags(words, &mut ignore)),
        );
    } else if all {
        m.insert("position_keywords".into(), Value::from("[]"));
    }
    m
}
