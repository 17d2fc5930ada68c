//! Graduates (毕业生) in the store: create, change, delete, and the paged, sorted, searched list.

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use serde_json::Value;

use super::{Store, opt};
use crate::error::{CoreError, FieldError, FieldErrors, Result};
use crate::model::graduate::CleanGraduate;
use crate::model::{
    Gender, Graduate, GraduateFacets, GraduateInput, GraduateQuery, GraduateSort, Page, SkillLevel,
    SortOrder,
};
use crate::search::{SearchTerm, prefix_upper_bound};
use crate::validate::normalize::clean_text;

const COLUMNS: &str =
    "g.id, g.name, g.gender, g.student_number, g.id_number, g.phone, g.program_id, p.name,
    g.cohort, g.class_name, g.homeroom_teacher, g.skill_level, g.notes, g.created_at, g.updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Graduate> {
    let gender: Option<String> = r.get(2)?;
    let skill: Option<String> = r.get(11)?;
    Ok(Graduate {
        id: r.get(0)?,
        name: r.get(1)?,
        gender: gender.and_then(|g| serde_json::from_value::<Gender>(Value::String(g)).ok()),
        student_number: r.get(3)?,
        id_number: r.get(4)?,
        phone: r.get(5)?,
        program_id: r.get(6)?,
        program: r.get(7)?,
        cohort: r.get(8)?,
        class_name: r.get(9)?,
        homeroom_teacher: r.get(10)?,
        skill_level: skill
            .and_then(|s| serde_json::from_value::<SkillLevel>(Value::String(s)).ok()),
        notes: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
    })
}

pub(crate) fn find_id(conn: &Connection, college_id: &str, key: &str) -> Result<Option<String>> {
    // Two lookups, each on its own index (an OR here would scan the college's rows).
    let by_id: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM graduates WHERE id = ?1 AND college_id = ?2 AND deleted_at IS NULL",
        )?
        .query_row((key, college_id), |r| r.get(0))
        .optional()?;
    if by_id.is_some() {
        return Ok(by_id);
    }
    Ok(conn
        .prepare_cached(
            "SELECT id FROM graduates WHERE college_id = ?1 AND student_number = ?2 AND deleted_at IS NULL",
        )?
        .query_row((college_id, crate::validate::normalize_identifier(key)), |r| r.get(0))
        .optional()?)
}

/// Another live graduate holding this value in `column` (student_number or id_number).
fn taken(
    conn: &Connection,
    college_id: &str,
    column: &str,
    value: &str,
    except: Option<&str>,
) -> Result<Option<String>> {
    let sql = format!(
        "SELECT name FROM graduates WHERE college_id = ?1 AND {column} = ?2 AND deleted_at IS NULL AND id IS NOT ?3"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row((college_id, value, except), |r| r.get(0))
        .optional()?)
}

impl Store {
    /// The id of the live graduate with this student number (normalised).
    pub fn graduate_id_by_number(&self, student_number: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM graduates WHERE college_id = ?1 AND student_number = ?2 AND deleted_at IS NULL",
            )?
            .query_row((&self.college_id, student_number), |r| r.get(0))
            .optional()?)
    }

    /// A graduate by id or by student number, whole.
    pub fn graduate(&self, key: &str) -> Result<Graduate> {
        let id =
            find_id(&self.conn, &self.college_id, key)?.ok_or_else(|| CoreError::NotFound {
                kind: "毕业生",
                id: key.to_string(),
            })?;
        let sql = format!(
            "SELECT {COLUMNS} FROM graduates g JOIN programs p ON p.id = g.program_id WHERE g.id = ?1"
        );
        let g = self.conn.prepare_cached(&sql)?.query_row([&id], from_row)?;
        self.check_sees_class(g.class_name.as_deref(), key)?;
        Ok(g)
    }

    pub fn create_graduate(&mut self, input: &GraduateInput) -> Result<Graduate> {
        let id = self.insert_graduate(input)?;
        self.graduate(&id)
    }

    /// Creates a graduate and returns the new id (an import needs no read-back).
    pub(crate) fn insert_graduate(&mut self, input: &GraduateInput) -> Result<String> {
        let (clean, mut errs) = input.check(true);
        let mut row_id = String::new();
        self.write(|tx, college| {
            let program_id = resolve_program(tx, college, input, &mut errs)?;
            check_unique(tx, college, &clean, None, &mut errs)?;
            errs.into_result()?;
            let mut cols = columns(input, &clean, true);
            cols.insert("program_id".into(), opt(program_id));
            let change = super::insert("graduates", college, cols);
            row_id = change.row_id.clone();
            Ok(vec![change])
        })?;
        Ok(row_id)
    }

    pub fn update_graduate(&mut self, key: &str, input: &GraduateInput) -> Result<Graduate> {
        let current = self.graduate(key)?;
        self.change_graduate(&current, input)?;
        self.graduate(&current.id)
    }

    /// Changes the given fields of `current` (an import needs no read-back).
    pub(crate) fn change_graduate(
        &mut self,
        current: &Graduate,
        input: &GraduateInput,
    ) -> Result<()> {
        let (clean, mut errs) = input.check(false);
        let old = snapshot(current);
        let id = current.id.clone();
        self.write(|tx, college| {
            let program_id = resolve_program(tx, college, input, &mut errs)?;
            check_unique(tx, college, &clean, Some(&id), &mut errs)?;
            errs.into_result()?;
            let mut new = columns(input, &clean, false);
            if let Some(p) = program_id {
                new.insert("program_id".into(), Value::from(p));
            }
            Ok(super::update("graduates", &id, &old, new)
                .into_iter()
                .collect())
        })
    }

    /// Deletes a graduate with their destinations and job-fair applications (they describe
    /// the graduate and mean nothing without them).
    pub fn delete_graduate(&mut self, key: &str) -> Result<()> {
        let current = self.graduate(key)?;
        self.write(|tx, _| {
            let mut changes = Vec::new();
            for table in ["applications", "placements"] {
                let ids: Vec<String> = tx
                    .prepare_cached(&format!(
                        "SELECT id FROM {table} WHERE graduate_id = ?1 AND deleted_at IS NULL"
                    ))?
                    .query_map([&current.id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                changes.extend(ids.iter().map(|id| super::delete(table, id)));
            }
            changes.push(super::delete("graduates", &current.id));
            Ok(changes)
        })
    }

    /// One page of graduates, filtered, searched and sorted in SQL.
    ///
    /// A search drives the query from the matching ids (index range scans, one per key kind),
    /// so a rare term never walks the whole list. Without a search the total is a sum over the
    /// trigger-kept `graduate_counts`; with one it is cached per query until the database changes.
    pub fn graduates(&self, q: &GraduateQuery) -> Result<Page<Graduate>> {
        let college = self.college_id.as_str();
        let classes = self.visible_classes()?;
        let (filter_sql, filter_params) = filters(q, college, classes, "g.");
        let narrowed = filter_sql.len() > 1;
        let mut from = "graduates g".to_string();
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<SqlValue> = Vec::new();
        let mut total = None;
        match q.search.as_deref().and_then(SearchTerm::parse) {
            None => {
                let (sums, sum_params) = filters(q, college, classes, "");
                let sql = format!(
                    "SELECT coalesce(sum(n), 0) FROM graduate_counts WHERE {}",
                    sums.join(" AND ")
                );
                total = Some(
                    self.conn
                        .prepare_cached(&sql)?
                        .query_row(params_from_iter(sum_params.iter()), |r| r.get(0))?,
                );
            }
            Some(SearchTerm::Text(t)) => {
                conditions.push("instr(g.name, ?) > 0".into());
                params.push(SqlValue::Text(t));
            }
            Some(term) => {
                let (columns, key) = term.prefix_columns().unwrap_or_default();
                let (ids, id_params) = search_ids(columns, key, college);
                if !narrowed {
                    // The matching ids are the answer (the indexes hold live rows only).
                    total = Some(
                        self.cached_count(&format!("SELECT count(*) FROM ({ids})"), &id_params)?,
                    );
                }
                // CROSS JOIN keeps SQLite from reordering: matching ids first, then their rows.
                from = format!("({ids}) m CROSS JOIN graduates g ON g.id = m.id");
                params = id_params;
            }
        }
        conditions.extend(filter_sql);
        conditions.push("g.deleted_at IS NULL".into());
        params.extend(filter_params);
        let where_sql = conditions.join(" AND ");
        let total = match total {
            Some(n) => n,
            None => self.cached_count(
                &format!("SELECT count(*) FROM {from} WHERE {where_sql}"),
                &params,
            )?,
        };

        let dir = match q.order {
            SortOrder::Asc => "ASC",
            SortOrder::Desc => "DESC",
        };
        let order = match q.sort {
            GraduateSort::Name => format!("g.name_pinyin {dir}, g.student_number {dir}"),
            GraduateSort::StudentNumber => format!("g.student_number {dir}"),
            GraduateSort::Cohort => format!("g.cohort {dir}, g.name_pinyin, g.student_number"),
            GraduateSort::Program => format!("p.name {dir}, g.name_pinyin, g.student_number"),
            GraduateSort::ClassName => {
                format!("g.class_name {dir}, g.name_pinyin, g.student_number")
            }
            GraduateSort::UpdatedAt => format!("g.updated_at {dir}, g.id {dir}"),
        };
        let limit = q.limit.map_or(-1, i64::from);
        let offset = i64::from(q.offset.unwrap_or(0));
        let sql = format!(
            "SELECT {COLUMNS} FROM {from} JOIN programs p ON p.id = g.program_id
             WHERE {where_sql} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let items = stmt
            .query_map(params_from_iter(params.iter()), from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            items,
        })
    }

    /// Distinct cohorts and class names, for the list's filter selects.
    pub fn graduate_facets(&self) -> Result<GraduateFacets> {
        let mut s = self.conn.prepare_cached(
            "SELECT DISTINCT cohort FROM graduates WHERE college_id = ?1 AND deleted_at IS NULL ORDER BY cohort DESC",
        )?;
        let cohorts = s
            .query_map([&self.college_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut s = self.conn.prepare_cached(
            "SELECT DISTINCT class_name FROM graduates
             WHERE college_id = ?1 AND deleted_at IS NULL AND class_name IS NOT NULL ORDER BY class_name",
        )?;
        let mut classes: Vec<String> = s
            .query_map([&self.college_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(mine) = self.visible_classes()? {
            classes.retain(|c| mine.contains(c));
        }
        Ok(GraduateFacets { cohorts, classes })
    }
}

/// The filters of a query as conditions on table alias `t` (`"g."` or `""`) with their
/// parameters; the first is always the college. `classes`: a teacher's, the only ones seen.
fn filters(
    q: &GraduateQuery,
    college: &str,
    classes: Option<&[String]>,
    t: &str,
) -> (Vec<String>, Vec<SqlValue>) {
    let mut sql = vec![format!("{t}college_id = ?")];
    let mut params = vec![SqlValue::Text(college.into())];
    if let Some(classes) = classes {
        let marks = vec!["?"; classes.len()].join(", ");
        sql.push(format!("{t}class_name IN ({marks})"));
        params.extend(classes.iter().map(|c| SqlValue::Text(c.clone())));
    }
    if let Some(pid) = q.program_id.as_deref().filter(|s| !s.is_empty()) {
        sql.push(format!("{t}program_id = ?"));
        params.push(SqlValue::Text(pid.into()));
    }
    if let Some(name) = q.program.as_deref().and_then(clean_text) {
        sql.push(format!(
            "{t}program_id IN (SELECT id FROM programs WHERE college_id = ? AND (name = ? OR id = ?) AND deleted_at IS NULL)"
        ));
        params.extend([
            SqlValue::Text(college.into()),
            SqlValue::Text(name.clone()),
            SqlValue::Text(name),
        ]);
    }
    if let Some(c) = q.cohort {
        sql.push(format!("{t}cohort = ?"));
        params.push(SqlValue::Integer(c.into()));
    }
    if let Some(class) = q.class_name.as_deref().and_then(clean_text) {
        sql.push(format!("{t}class_name = ?"));
        params.push(SqlValue::Text(class));
    }
    (sql, params)
}

/// The ids whose `columns` start with `key`, as a UNION of index range scans, with their
/// parameters.
fn search_ids(columns: &[&str], key: &str, college: &str) -> (String, Vec<SqlValue>) {
    let mut params = Vec::new();
    let parts: Vec<String> = columns
        .iter()
        .map(|c| {
            let k = if *c == "student_number" || *c == "id_number" { key.to_ascii_uppercase() } else { key.to_string() };
            params.push(SqlValue::Text(college.to_string()));
            params.push(SqlValue::Text(k.clone()));
            params.push(SqlValue::Text(prefix_upper_bound(&k)));
            format!("SELECT id FROM graduates WHERE college_id = ? AND deleted_at IS NULL AND {c} >= ? AND {c} < ?")
        })
        .collect();
    (parts.join(" UNION "), params)
}

fn resolve_program(
    conn: &Connection,
    college: &str,
    input: &GraduateInput,
    errs: &mut FieldErrors,
) -> Result<Option<String>> {
    let (field, key) = match (&input.program_id, &input.program) {
        (Some(id), _) if !id.trim().is_empty() => ("program_id", id.as_str()),
        (_, Some(name)) if !name.trim().is_empty() => ("program", name.as_str()),
        (None, None) => return Ok(None),
        _ => {
            errs.push(FieldError::new("program", "required", "请选择专业"));
            return Ok(None);
        }
    };
    let found = super::programs::resolve(conn, college, key)?;
    if found.is_none() {
        errs.push(
            FieldError::new(
                field,
                "unknown",
                format!("专业“{}”不存在，请先在“专业”中添加", key.trim()),
            )
            .with("program", key.trim()),
        );
    }
    Ok(found)
}

fn check_unique(
    conn: &Connection,
    college: &str,
    clean: &CleanGraduate,
    except: Option<&str>,
    errs: &mut FieldErrors,
) -> Result<()> {
    if let Some(sn) = &clean.student_number
        && let Some(other) = taken(conn, college, "student_number", sn, except)?
    {
        errs.push(
            FieldError::new(
                "student_number",
                "duplicate",
                format!("学号 {sn} 已被 {other} 使用"),
            )
            .with("value", sn)
            .with("other", other),
        );
    }
    if let Some(Some(idn)) = &clean.id_number
        && let Some(other) = taken(conn, college, "id_number", idn, except)?
    {
        errs.push(
            FieldError::new(
                "id_number",
                "duplicate",
                format!("该身份证号已登记在 {other} 名下"),
            )
            .with("other", other),
        );
    }
    Ok(())
}

/// The stored columns of a graduate (for diffing an update).
fn snapshot(g: &Graduate) -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("name".to_string(), Value::from(g.name.clone())),
        ("gender".to_string(), opt(g.gender.map(Gender::as_str))),
        (
            "student_number".to_string(),
            Value::from(g.student_number.clone()),
        ),
        ("id_number".to_string(), opt(g.id_number.clone())),
        ("phone".to_string(), opt(g.phone.clone())),
        ("program_id".to_string(), Value::from(g.program_id.clone())),
        ("cohort".to_string(), Value::from(g.cohort)),
        ("class_name".to_string(), opt(g.class_name.clone())),
        (
            "homeroom_teacher".to_string(),
            opt(g.homeroom_teacher.clone()),
        ),
        (
            "skill_level".to_string(),
            opt(g.skill_level.map(SkillLevel::as_str)),
        ),
        ("notes".to_string(), opt(g.notes.clone())),
    ])
}

/// The columns an input sets; `all` writes absent optional fields as null (inserts).
fn columns(input: &GraduateInput, clean: &CleanGraduate, all: bool) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    if let Some(Some(n)) = &clean.name {
        m.insert("name".into(), Value::from(n.clone()));
    }
    if let Some(sn) = &clean.student_number {
        m.insert("student_number".into(), Value::from(sn.clone()));
    }
    if all || input.gender.is_some() {
        m.insert("gender".into(), opt(input.gender.map(Gender::as_str)));
    }
    if all || clean.id_number.is_some() {
        m.insert("id_number".into(), opt(clean.id_number.clone().flatten()));
    }
    if all || clean.phone.is_some() {
        m.insert("phone".into(), opt(clean.phone.clone().flatten()));
    }
    if let Some(c) = input.cohort {
        m.insert("cohort".into(), Value::from(c));
    }
    for (key, v) in [
        ("class_name", &input.class_name),
        ("homeroom_teacher", &input.homeroom_teacher),
        ("notes", &input.notes),
    ] {
        if all || v.is_some() {
            m.insert(key.into(), opt(v.as_deref().and_then(clean_text)));
        }
    }
    if all || input.skill_level.is_some() {
        m.insert(
            "skill_level".into(),
            opt(input.skill_level.map(SkillLevel::as_str)),
        );
    }
    m
}
