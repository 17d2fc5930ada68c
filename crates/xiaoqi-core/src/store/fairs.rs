//! Job fairs (双选会) in the store: the event, its employers, positions and applications, the
//! signing that records a placement, and the fair's figures.

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use serde_json::Value;

use super::{Store, from_json_text, invalid, json_text, not_found, opt};
use crate::clock;
use crate::error::{FieldError, Result};
use crate::model::agreement::Step;
use crate::model::{
    Application, ApplicationInput, ApplicationStatus, Fair, FairEmployer, FairEmployerInput,
    FairFigures, FairInput, FairItemQuery, FairMode, Page, PlacementInput, Position, PositionInput,
    ProgramFigures,
};
use crate::schema;
use crate::validate::normalize::clean_text;

const FAIR_SELECT: &str = "SELECT f.id, f.name, f.start_date, f.end_date, f.mode, f.venue, f.notes, f.created_at, f.updated_at FROM fairs f";

const POSITION_SELECT: &str = "SELECT po.id, po.fair_id, f.name, po.employer_id, e.name, po.title, po.headcount,
        po.programs, po.salary_min, po.salary_max, po.city, po.notes, po.created_at, po.updated_at,
        (SELECT count(*) FROM applications a WHERE a.position_id = po.id AND a.deleted_at IS NULL),
        (SELECT json_group_array(p.name) FROM json_each(po.programs) j JOIN programs p ON p.id = j.value)
    FROM positions po JOIN fairs f ON f.id = po.fair_id JOIN employers e ON e.id = po.employer_id";

const APPLICATION_SELECT: &str = "SELECT a.id, a.fair_id, a.position_id, po.title, po.employer_id, e.name, a.graduate_id,
        g.name, g.student_number, pr.name, a.status, a.placement_id, a.history, a.notes, a.created_at, a.updated_at
    FROM applications a
    JOIN positions po ON po.id = a.position_id
    JOIN employers e ON e.id = po.employer_id
    JOIN graduates g ON g.id = a.graduate_id
    JOIN programs pr ON pr.id = g.program_id";

const FAIR_EMPLOYER_SELECT: &str = "SELECT fe.id, fe.fair_id, fe.employer_id, e.name, fe.booth, fe.created_at, fe.updated_at,
        (SELECT count(*) FROM positions po WHERE po.fair_id = fe.fair_id AND po.employer_id = fe.employer_id AND po.deleted_at IS NULL)
    FROM fair_employers fe JOIN employers e ON e.id = fe.employer_id";

fn fair_row(r: &Row<'_>) -> rusqlite::Result<Fair> {
    let mode: String = r.get(4)?;
    Ok(Fair {
        id: r.get(0)?,
        name: r.get(1)?,
        start_date: r.get(2)?,
        end_date: r.get(3)?,
        mode: FairMode::parse(&mode).unwrap_or(FairMode::OnSite),
        venue: r.get(5)?,
        notes: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        figures: FairFigures::default(),
    })
}

fn position_row(r: &Row<'_>) -> rusqlite::Result<Position> {
    Ok(Position {
        id: r.get(0)?,
        fair_id: r.get(1)?,
        fair: r.get(2)?,
        employer_id: r.get(3)?,
        employer: r.get(4)?,
        title: r.get(5)?,
        headcount: r.get(6)?,
        programs: from_json_text(&r.get::<_, String>(7)?),
        salary_min: r.get(8)?,
        salary_max: r.get(9)?,
        city: r.get(10)?,
        notes: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        applications: r.get(14)?,
        program_names: r
            .get::<_, Option<String>>(15)?
            .map(|t| from_json_text(&t))
            .unwrap_or_default(),
    })
}

fn application_row(r: &Row<'_>) -> rusqlite::Result<Application> {
    let status: String = r.get(10)?;
    Ok(Application {
        id: r.get(0)?,
        fair_id: r.get(1)?,
        position_id: r.get(2)?,
        position: r.get(3)?,
        employer_id: r.get(4)?,
        employer: r.get(5)?,
        graduate_id: r.get(6)?,
        graduate: r.get(7)?,
        student_number: r.get(8)?,
        program: r.get(9)?,
        status: ApplicationStatus::parse(&status).unwrap_or(ApplicationStatus::Applied),
        placement_id: r.get(11)?,
        history: from_json_text(&r.get::<_, String>(12)?),
        notes: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
    })
}

fn fair_employer_row(r: &Row<'_>) -> rusqlite::Result<FairEmployer> {
    Ok(FairEmployer {
        id: r.get(0)?,
        fair_id: r.get(1)?,
        employer_id: r.get(2)?,
        employer: r.get(3)?,
        booth: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        positions: r.get(7)?,
    })
}

/// Resolves a fair by id or exact name.
fn resolve_fair(conn: &Connection, college: &str, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM fairs WHERE college_id = ?1 AND deleted_at IS NULL AND (id = ?2 OR name = ?2)
             ORDER BY id = ?2 DESC LIMIT 1",
        )?
        .query_row((college, key.trim()), |r| r.get(0))
        .optional()?)
}

/// The fair entry of an employer, made when missing. Returns the change to apply, if any.
fn join_fair(
    conn: &Connection,
    college: &str,
    fair: &str,
    employer: &str,
) -> Result<Option<crate::change::Change>> {
    let exists: Option<String> = conn
        .prepare_cached("SELECT id FROM fair_employers WHERE fair_id = ?1 AND employer_id = ?2 AND deleted_at IS NULL")?
        .query_row((fair, employer), |r| r.get(0))
        .optional()?;
    Ok(match exists {
        Some(_) => None,
        None => Some(super::insert(
            "fair_employers",
            college,
            BTreeMap::from([
                ("fair_id".to_string(), Value::from(fair)),
                ("employer_id".to_string(), Value::from(employer)),
                ("booth".to_string(), Value::Null),
            ]),
        )),
    })
}

fn fair_columns(input: &FairInput, all: bool) -> BTreeMap<String, Value> {
    let mut m = BTreeMap::new();
    if let Some(n) = input.name.as_deref().and_then(clean_text) {
        m.insert("name".into(), Value::from(n));
    }
    let mut ignore = crate::error::FieldErrors::default();
    for (col, v) in [
        ("start_date", &input.start_date),
        ("end_date", &input.end_date),
    ] {
        if let Some(d) = v
            .as_deref()
            .and_then(|d| crate::model::placement::check_date(d, col, &mut ignore))
        {
            m.insert(col.into(), Value::from(d));
        }
    }
    if let Some(mode) = input.mode {
        m.insert("mode".into(), Value::from(mode.as_str()));
    }
    for (col, v) in [("venue", &input.venue), ("notes", &input.notes)] {
        if all || v.is_some() {
            m.insert(col.into(), opt(v.as_deref().and_then(clean_text)));
        }
    }
    m
}

/// Refuses an end date before the start date (after merging with the stored ones).
fn check_fair_dates(
    cols: &BTreeMap<String, Value>,
    old: Option<&BTreeMap<String, Value>>,
) -> Result<()> {
    let get = |c: &str| {
        cols.get(c)
            .or_else(|| old.and_then(|o| o.get(c)))
            .and_then(Value::as_str)
    };
    if let (Some(s), Some(e)) = (get("start_date"), get("end_date"))
        && e < s
    {
        return Err(invalid(
            FieldError::new(
                "end_date",
                "before_start",
                format!("结束日期 {e} 早于开始日期 {s}"),
            )
            .with("start", s)
            .with("end", e),
        ));
    }
    Ok(())
}

/// Resolves program ids or names; unknown ones are field errors of `field`.
fn program_ids(
    conn: &Connection,
    college: &str,
    list: &[String],
    field: &str,
) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    for p in list {
        match super::programs::resolve(conn, college, p)? {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => {
                return Err(invalid(
                    FieldError::new(field, "unknown", format!("找不到专业“{}”", p.trim()))
                        .with("value", p.trim()),
                ));
            }
        }
    }
    Ok(ids)
}

impl Store {
    // ---- fairs --------------------------------------------------------------------------

    /// Every fair, latest first, with its figures.
    pub fn fairs(&self) -> Result<Vec<Fair>> {
        let mut fairs: Vec<Fair> = self
            .conn
            .prepare_cached(&format!(
                "{FAIR_SELECT} WHERE f.college_id = ?1 AND f.deleted_at IS NULL ORDER BY f.start_date DESC, f.id"
            ))?
            .query_map([&self.college_id], fair_row)?
            .collect::<rusqlite::Result<_>>()?;
        for f in &mut fairs {
            f.figures = self.fair_figures(&f.id)?;
        }
        Ok(fairs)
    }

    pub fn fair(&self, key: &str) -> Result<Fair> {
        let id = resolve_fair(&self.conn, &self.college_id, key)?
            .ok_or_else(|| not_found("双选会", key))?;
        let mut f = self
            .conn
            .prepare_cached(&format!("{FAIR_SELECT} WHERE f.id = ?1"))?
            .query_row([&id], fair_row)?;
        f.figures = self.fair_figures(&f.id)?;
        Ok(f)
    }

    /// A fair's figures: employers, positions, headcount, resumes, intentions, signings —
    /// read from the trigger-kept `fair_counts`.
    pub fn fair_figures(&self, fair_id: &str) -> Result<FairFigures> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT what, n FROM fair_counts WHERE fair_id = ?1")?;
        let mut rows = stmt.query([fair_id])?;
        let mut f = FairFigures::default();
        while let Some(r) = rows.next()? {
            let what = r.get_ref(0)?.as_str().unwrap_or_default();
            let n = u32::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
            match what {
                "employers" => f.employers = n,
                "positions" => f.positions = n,
                "headcount" => f.headcount = n,
                w => {
                    if let Some(status) = w.strip_prefix("status:") {
                        f.add_applications(status, n);
                    }
                }
            }
        }
        Ok(f)
    }

    /// A fair's figures by program: applications by the applicants' program, positions by the
    /// programs they want (a position open to any program counts for none).
    pub fn fair_program_figures(&self, fair_id: &str) -> Result<Vec<ProgramFigures>> {
        let mut by: BTreeMap<String, ProgramFigures> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT g.program_id, count(*), sum(a.status IN (?2, ?3)), sum(a.status = ?3)
             FROM applications a JOIN graduates g ON g.id = a.graduate_id
             WHERE a.fair_id = ?1 AND a.deleted_at IS NULL GROUP BY g.program_id",
        )?;
        let rows = stmt.query_map(
            (
                fair_id,
                ApplicationStatus::Intention.as_str(),
                ApplicationStatus::Signed.as_str(),
            ),
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, u32>(3)?,
                ))
            },
        )?;
        for row in rows {
            let (program, resumes, intentions, signings) = row?;
            let f = by.entry(program.clone()).or_default();
            f.program_id = program;
            f.resumes = resumes;
            f.intentions = intentions;
            f.signings = signings;
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT j.value, count(*), sum(po.headcount) FROM positions po, json_each(po.programs) j
             WHERE po.fair_id = ?1 AND po.deleted_at IS NULL GROUP BY j.value",
        )?;
        for row in stmt.query_map([fair_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })? {
            let (program, positions, headcount) = row?;
            let f = by.entry(program.clone()).or_default();
            f.program_id = program;
            f.positions = positions;
            f.headcount = headcount;
        }
        let mut out: Vec<ProgramFigures> = by.into_values().collect();
        let mut names = self
            .conn
            .prepare_cached("SELECT name FROM programs WHERE id = ?1")?;
        for f in &mut out {
            f.program = names
                .query_row([&f.program_id], |r| r.get(0))
                .optional()?
                .unwrap_or_default();
        }
        out.sort_by(|a, b| b.resumes.cmp(&a.resumes).then(a.program.cmp(&b.program)));
        Ok(out)
    }

    pub fn create_fair(&mut self, input: &FairInput) -> Result<Fair> {
        input.check(true).into_result()?;
        let cols = fair_columns(input, true);
        check_fair_dates(&cols, None)?;
        let mut id = String::new();
        self.write(|_, college| {
            let c = super::insert("fairs", college, cols.clone());
            id = c.row_id.clone();
            Ok(vec![c])
        })?;
        self.fair(&id)
    }

    pub fn update_fair(&mut self, key: &str, input: &FairInput) -> Result<Fair> {
        input.check(false).into_result()?;
        let id = self.fair(key)?.id;
        self.write(|tx, college| {
            let old = super::row_columns(tx, &schema::FAIRS, college, &id)?
                .ok_or_else(|| not_found("双选会", &id))?;
            let new = fair_columns(input, false);
            check_fair_dates(&new, Some(&old))?;
            Ok(super::update("fairs", &id, &old, new).into_iter().collect())
        })?;
        self.fair(&id)
    }

    /// Deletes a fair without positions (its employer entries go with it).
    pub fn delete_fair(&mut self, key: &str) -> Result<()> {
        let f = self.fair(key)?;
        if f.figures.positions > 0 {
            return Err(invalid(
                FieldError::new(
                    "fair",
                    "in_use",
                    format!(
                        "双选会“{}”已有 {} 个岗位，不能删除",
                        f.name, f.figures.positions
                    ),
                )
                .with("count", f.figures.positions),
            ));
        }
        self.write(|tx, _| {
            let entries: Vec<String> = tx
                .prepare("SELECT id FROM fair_employers WHERE fair_id = ?1 AND deleted_at IS NULL")?
                .query_map([&f.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut changes: Vec<_> = entries
                .iter()
                .map(|e| super::delete("fair_employers", e))
                .collect();
            changes.push(super::delete("fairs", &f.id));
            Ok(changes)
        })
    }

    // ---- employers at a fair ------------------------------------------------------------

    pub fn fair_employers(&self, fair_id: &str) -> Result<Vec<FairEmployer>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{FAIR_EMPLOYER_SELECT} WHERE fe.fair_id = ?1 AND fe.college_id = ?2 AND fe.deleted_at IS NULL
             ORDER BY fe.booth IS NULL, fe.booth, e.name_pinyin"
        ))?;
        let rows = stmt.query_map((fair_id, &self.college_id), fair_employer_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn fair_employer(&self, id: &str) -> Result<FairEmployer> {
        self.conn
            .prepare_cached(&format!(
                "{FAIR_EMPLOYER_SELECT} WHERE fe.id = ?1 AND fe.college_id = ?2 AND fe.deleted_at IS NULL"
            ))?
            .query_row((id.trim(), &self.college_id), fair_employer_row)
            .optional()?
            .ok_or_else(|| not_found("参会单位", id))
    }

    /// Adds an employer to a fair (with its booth), or changes the booth of one already there.
    pub fn add_fair_employer(&mut self, input: &FairEmployerInput) -> Result<FairEmployer> {
        let fair = input
            .fair_id
            .as_deref()
            .ok_or_else(|| invalid(FieldError::new("fair_id", "required", "请选择双选会")))?;
        let fair = self.fair(fair)?.id;
        let key = input
            .employer_id
            .as_deref()
            .or(input.employer.as_deref())
            .ok_or_else(|| invalid(FieldError::new("employer", "required", "请选择用人单位")))?;
        let employer =
            super::employers::resolve(&self.conn, &self.college_id, key)?.ok_or_else(|| {
                invalid(
                    FieldError::new(
                        "employer",
                        "unknown",
                        format!("找不到用人单位“{}”", key.trim()),
                    )
                    .with("value", key.trim()),
                )
            })?;
        let booth = input.booth.as_deref().and_then(clean_text);
        let mut id = String::new();
        self.write(|tx, college| {
            let existing: Option<String> = tx
                .query_row(
                    "SELECT id FROM fair_employers WHERE fair_id = ?1 AND employer_id = ?2 AND deleted_at IS NULL",
                    (&fair, &employer),
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(e) = existing {
                id = e.clone();
                let old = super::row_columns(tx, &schema::FAIR_EMPLOYERS, college, &e)?.unwrap_or_default();
                let new = BTreeMap::from([("booth".to_string(), opt(booth.clone()))]);
                return Ok(super::update("fair_employers", &e, &old, new).into_iter().collect());
            }
            let c = super::insert(
                "fair_employers",
                college,
                BTreeMap::from([
                    ("fair_id".to_string(), Value::from(fair.clone())),
                    ("employer_id".to_string(), Value::from(employer.clone())),
                    ("booth".to_string(), opt(booth.clone())),
                ]),
            );
            id = c.row_id.clone();
            Ok(vec![c])
        })?;
        self.fair_employer(&id)
    }

    /// Takes an employer off a fair's list when it has no positions there.
    pub fn remove_fair_employer(&mut self, id: &str) -> Result<()> {
        let fe = self.fair_employer(id)?;
        if fe.positions > 0 {
            return Err(invalid(FieldError::new(
                "employer",
                "in_use",
                format!(
                    "“{}”在本场双选会还有 {} 个岗位，请先删除岗位",
                    fe.employer, fe.positions
                ),
            )));
        }
        self.write(|_, _| Ok(vec![super::delete("fair_employers", &fe.id)]))
    }

    // ---- positions ----------------------------------------------------------------------

    pub fn positions(&self, q: &FairItemQuery) -> Result<Page<Position>> {
        let mut conds = vec![
            "po.college_id = ?".to_string(),
            "po.deleted_at IS NULL".to_string(),
        ];
        let mut params = vec![SqlValue::Text(self.college_id.clone())];
        for (col, v) in [
            ("po.fair_id", &q.fair_id),
            ("po.employer_id", &q.employer_id),
        ] {
            if let Some(v) = v {
                conds.push(format!("{col} = ?"));
                params.push(SqlValue::Text(v.clone()));
            }
        }
        let filter = conds.join(" AND ");
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM positions po WHERE {filter}"))?
            .query_row(params_from_iter(&params), |r| r.get(0))?;
        let sql = format!(
            "{POSITION_SELECT} WHERE {filter} ORDER BY e.name_pinyin, po.title, po.id LIMIT {} OFFSET {}",
            q.limit.map_or(-1, i64::from),
            q.offset.unwrap_or(0)
        );
        let items = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(&params), position_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            items,
        })
    }

    pub fn position(&self, id: &str) -> Result<Position> {
        self.conn
            .prepare_cached(&format!("{POSITION_SELECT} WHERE po.id = ?1 AND po.college_id = ?2 AND po.deleted_at IS NULL"))?
            .query_row((id.trim(), &self.college_id), position_row)
            .optional()?
            .ok_or_else(|| not_found("岗位", id))
    }

    fn position_columns(
        &self,
        input: &PositionInput,
        all: bool,
    ) -> Result<BTreeMap<String, Value>> {
        input.check(all).into_result()?;
        let mut m = BTreeMap::new();
        if let Some(f) = &input.fair_id {
            let id = resolve_fair(&self.conn, &self.college_id, f)?.ok_or_else(|| {
                invalid(FieldError::new(
                    "fair_id",
                    "unknown",
                    format!("找不到双选会“{}”", f.trim()),
                ))
            })?;
            m.insert("fair_id".into(), Value::from(id));
        }
        if let Some(key) = input.employer_id.as_deref().or(input.employer.as_deref()) {
            let id =
                super::employers::resolve(&self.conn, &self.college_id, key)?.ok_or_else(|| {
                    invalid(
                        FieldError::new(
                            "employer",
                            "unknown",
                            format!("找不到用人单位“{}”", key.trim()),
                        )
                        .with("value", key.trim()),
                    )
                })?;
            m.insert("employer_id".into(), Value::from(id));
        }
        if let Some(t) = input.title.as_deref().and_then(clean_text) {
            m.insert("title".into(), Value::from(t));
        }
        if let Some(n) = input.headcount {
            m.insert("headcount".into(), Value::from(n));
        }
        if let Some(list) = &input.programs {
            m.insert(
                "programs".into(),
                json_text(&program_ids(
                    &self.conn,
                    &self.college_id,
                    list,
                    "programs",
                )?),
            );
        } else if all {
            m.insert("programs".into(), Value::from("[]"));
        }
        for (col, v) in [
            ("salary_min", input.salary_min),
            ("salary_max", input.salary_max),
        ] {
            if all || v.is_some() {
                m.insert(col.into(), opt(v));
            }
        }
        for (col, v) in [("city", &input.city), ("notes", &input.notes)] {
            if all || v.is_some() {
                m.insert(col.into(), opt(v.as_deref().and_then(clean_text)));
            }
        }
        Ok(m)
    }

    /// A new position; its employer joins the fair's list if it is not on it yet.
    pub fn create_position(&mut self, input: &PositionInput) -> Result<Position> {
        let cols = self.position_columns(input, true)?;
        let fair = cols
            .get("fair_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let employer = cols
            .get("employer_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let mut id = String::new();
        self.write(|tx, college| {
            let mut changes: Vec<_> = join_fair(tx, college, &fair, &employer)?
                .into_iter()
                .collect();
            let c = super::insert("positions", college, cols.clone());
            id = c.row_id.clone();
            changes.push(c);
            Ok(changes)
        })?;
        self.position(&id)
    }

    pub fn update_position(&mut self, id: &str, input: &PositionInput) -> Result<Position> {
        let p = self.position(id)?;
        let new = self.position_columns(input, false)?;
        if new
            .get("fair_id")
            .and_then(Value::as_str)
            .is_some_and(|f| f != p.fair_id)
        {
            return Err(invalid(FieldError::new(
                "fair_id",
                "fixed",
                "岗位不能移到另一场双选会",
            )));
        }
        let lo = new
            .get("salary_min")
            .and_then(Value::as_i64)
            .or(p.salary_min.map(i64::from));
        let hi = new
            .get("salary_max")
            .and_then(Value::as_i64)
            .or(p.salary_max.map(i64::from));
        if let (Some(lo), Some(hi)) = (lo, hi)
            && hi < lo
        {
            return Err(invalid(
                FieldError::new(
                    "salary_max",
                    "below_min",
                    format!("月薪上限 {hi} 低于下限 {lo}"),
                )
                .with("min", lo)
                .with("max", hi),
            ));
        }
        self.write(|tx, college| {
            let old = super::row_columns(tx, &schema::POSITIONS, college, &p.id)?
                .ok_or_else(|| not_found("岗位", &p.id))?;
            let mut changes: Vec<_> = match new.get("employer_id").and_then(Value::as_str) {
                Some(e) => join_fair(tx, college, &p.fair_id, e)?.into_iter().collect(),
                None => Vec::new(),
            };
            changes.extend(super::update("positions", &p.id, &old, new.clone()));
            Ok(changes)
        })?;
        self.position(&p.id)
    }

    /// Deletes a position nobody has applied to.
    pub fn delete_position(&mut self, id: &str) -> Result<()> {
        let p = self.position(id)?;
        if p.applications > 0 {
            return Err(invalid(
                FieldError::new(
                    "position",
                    "in_use",
                    format!(
                        "岗位“{}”已收到 {} 份简历，不能删除",
                        p.title, p.applications
                    ),
                )
                .with("count", p.applications),
            ));
        }
        self.write(|_, _| Ok(vec![super::delete("positions", &p.id)]))
    }

    // ---- applications -------------------------------------------------------------------

    pub fn applications(&self, q: &FairItemQuery) -> Result<Page<Application>> {
        let mut conds = vec![
            "a.college_id = ?".to_string(),
            "a.deleted_at IS NULL".to_string(),
        ];
        let mut params = vec![SqlValue::Text(self.college_id.clone())];
        for (col, v) in [
            ("a.fair_id", &q.fair_id),
            ("po.employer_id", &q.employer_id),
            ("a.position_id", &q.position_id),
            ("a.graduate_id", &q.graduate_id),
        ] {
            if let Some(v) = v {
                conds.push(format!("{col} = ?"));
                params.push(SqlValue::Text(v.clone()));
            }
        }
        if let Some(s) = q.status {
            conds.push("a.status = ?".into());
            params.push(SqlValue::Text(s.as_str().into()));
        }
        let filter = conds.join(" AND ");
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM applications a JOIN positions po ON po.id = a.position_id WHERE {filter}"
            ))?
            .query_row(params_from_iter(&params), |r| r.get(0))?;
        let sql = format!(
            "{APPLICATION_SELECT} WHERE {filter} ORDER BY a.updated_at DESC, a.id LIMIT {} OFFSET {}",
            q.limit.map_or(-1, i64::from),
            q.offset.unwrap_or(0)
        );
        let items = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(&params), application_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            items,
        })
    }

    pub fn application(&self, id: &str) -> Result<Application> {
        self.conn
            .prepare_cached(&format!("{APPLICATION_SELECT} WHERE a.id = ?1 AND a.college_id = ?2 AND a.deleted_at IS NULL"))?
            .query_row((id.trim(), &self.college_id), application_row)
            .optional()?
            .ok_or_else(|| not_found("投递记录", id))
    }

    /// A graduate's application (resume) to a position.
    pub fn create_application(&mut self, input: &ApplicationInput) -> Result<Application> {
        let position = input
            .position_id
            .as_deref()
            .ok_or_else(|| invalid(FieldError::new("position_id", "required", "请选择岗位")))?;
        let position = self.position(position)?;
        let key = input
            .graduate_id
            .as_deref()
            .or(input.graduate.as_deref())
            .ok_or_else(|| invalid(FieldError::new("graduate", "required", "请选择毕业生")))?;
        let graduate = super::graduates::find_id(&self.conn, &self.college_id, key.trim())?
            .ok_or_else(|| {
                invalid(
                    FieldError::new(
                        "graduate",
                        "unknown",
                        format!("找不到学号或编号为“{}”的毕业生", key.trim()),
                    )
                    .with("value", key.trim()),
                )
            })?;
        let status = input.status.unwrap_or(ApplicationStatus::Applied);
        if matches!(status, ApplicationStatus::Signed) {
            return Err(invalid(FieldError::new(
                "status",
                "sign_separately",
                "签约需要填写毕业去向，请先登记投递，再在投递上办理签约",
            )));
        }
        let mut id = String::new();
        self.write(|tx, college| {
            let dup: Option<String> = tx
                .query_row(
                    "SELECT id FROM applications WHERE position_id = ?1 AND graduate_id = ?2 AND deleted_at IS NULL",
                    (&position.id, &graduate),
                    |r| r.get(0),
                )
                .optional()?;
            if dup.is_some() {
                return Err(invalid(
                    FieldError::new("graduate", "duplicate", format!("该毕业生已投递过岗位“{}”", position.title))
                        .with("position", &position.title),
                ));
            }
            let c = super::insert(
                "applications",
                college,
                BTreeMap::from([
                    ("position_id".to_string(), Value::from(position.id.clone())),
                    ("graduate_id".to_string(), Value::from(graduate.clone())),
                    ("fair_id".to_string(), Value::from(position.fair_id.clone())),
                    ("status".to_string(), Value::from(status.as_str())),
                    ("placement_id".to_string(), Value::Null),
                    ("history".to_string(), json_text(&[step(status, None)])),
                    ("notes".to_string(), opt(input.notes.as_deref().and_then(clean_text))),
                ]),
            );
            id = c.row_id.clone();
            Ok(vec![c])
        })?;
        self.application(&id)
    }

    /// Moves an application forward (or declines it) and changes its notes. Signing is
    /// [`Store::sign_application`].
    pub fn update_application(
        &mut self,
        id: &str,
        input: &ApplicationInput,
    ) -> Result<Application> {
        let a = self.application(id)?;
        if input
            .position_id
            .as_deref()
            .is_some_and(|p| p != a.position_id)
            || input
                .graduate_id
                .as_deref()
                .is_some_and(|g| g != a.graduate_id)
        {
            return Err(invalid(FieldError::new(
                "position_id",
                "fixed",
                "投递的岗位和毕业生不能更改；如有误请删除后重新登记",
            )));
        }
        let mut new = BTreeMap::new();
        if let Some(to) = input.status.filter(|s| *s != a.status) {
            if !a.status.can_move_to(to) {
                let reason = if to == ApplicationStatus::Signed {
                    "签约需要填写毕业去向，请使用“签约”办理".to_string()
                } else {
                    format!("投递不能从“{}”改为“{}”", a.status.as_str(), to.as_str())
                };
                return Err(invalid(
                    FieldError::new("status", "invalid_step", reason)
                        .with("from", a.status.as_str())
                        .with("to", to.as_str()),
                ));
            }
            let mut history = a.history.clone();
            history.push(step(to, None));
            new.insert("status".to_string(), Value::from(to.as_str()));
            new.insert("history".to_string(), json_text(&history));
        }
        if let Some(n) = &input.notes {
            new.insert("notes".to_string(), opt(clean_text(n)));
        }
        self.write(|tx, college| {
            let old = super::row_columns(tx, &schema::APPLICATIONS, college, &a.id)?
                .ok_or_else(|| not_found("投递记录", &a.id))?;
            Ok(super::update("applications", &a.id, &old, new.clone())
                .into_iter()
                .collect())
        })?;
        self.application(&a.id)
    }

    /// Deletes an application that has not been signed.
    pub fn delete_application(&mut self, id: &str) -> Result<()> {
        let a = self.application(id)?;
        if a.status == ApplicationStatus::Signed {
            return Err(invalid(FieldError::new(
                "status",
                "signed",
                "已签约的投递不能删除：它的签约已登记为毕业去向",
            )));
        }
        self.write(|_, _| Ok(vec![super::delete("applications", &a.id)]))
    }

    /// Signs an application: records the graduate's destination (the position's employer, the
    /// position's title unless given) and marks the application signed, in one transaction.
    /// A second signing of the same application is refused.
    pub fn sign_application(
        &mut self,
        id: &str,
        destination: &PlacementInput,
    ) -> Result<Application> {
        let a = self.application(id)?;
        match a.status {
            ApplicationStatus::Signed => {
                return Err(invalid(
                    FieldError::new(
                        "status",
                        "already_signed",
                        format!("{}的这份投递已经签约，不能重复签约", a.graduate),
                    )
                    .with("placement_id", a.placement_id.clone().unwrap_or_default()),
                ));
            }
            ApplicationStatus::Declined => {
                return Err(invalid(FieldError::new(
                    "status",
                    "declined",
                    "这份投递已标记为未录用，不能签约",
                )));
            }
            _ => {}
        }
        if destination
            .graduate_id
            .as_deref()
            .is_some_and(|g| g != a.graduate_id)
            || destination.graduate.is_some()
        {
            return Err(invalid(FieldError::new(
                "graduate",
                "fixed",
                "签约的毕业生就是投递人，不能另行指定",
            )));
        }
        let mut input = destination.clone();
        input.graduate_id = Some(a.graduate_id.clone());
        input.employer_id = Some(a.employer_id.clone());
        input.employer = None;
        input.institution_id = None;
        input.institution = None;
        if input.position_title.is_none() {
            input.position_title = Some(a.position.clone());
        }
        if input.destination_code.is_none() {
            return Err(invalid(FieldError::new(
                "destination_code",
                "required",
                "签约请选择毕业去向（如 11 签劳动合同形式就业）",
            )));
        }
        let list = self.current_code_list()?;
        self.write(|tx, college| {
            // Checked again inside the transaction: two windows cannot both sign.
            let status: String = tx.query_row(
                "SELECT status FROM applications WHERE id = ?1",
                [&a.id],
                |r| r.get(0),
            )?;
            if status == ApplicationStatus::Signed.as_str() {
                return Err(invalid(FieldError::new(
                    "status",
                    "already_signed",
                    "这份投递已经签约，不能重复签约",
                )));
            }
            let (mut changes, placement) =
                super::placements::record_changes(tx, college, &input, &list)?;
            let mut history = a.history.clone();
            history.push(step(ApplicationStatus::Signed, None));
            let old = super::row_columns(tx, &schema::APPLICATIONS, college, &a.id)?
                .ok_or_else(|| not_found("投递记录", &a.id))?;
            let new = BTreeMap::from([
                (
                    "status".to_string(),
                    Value::from(ApplicationStatus::Signed.as_str()),
                ),
                ("placement_id".to_string(), Value::from(placement)),
                ("history".to_string(), json_text(&history)),
            ]);
            changes.extend(super::update("applications", &a.id, &old, new));
            Ok(changes)
        })?;
        self.application(&a.id)
    }
}

fn step(status: ApplicationStatus, note: Option<String>) -> Step {
    Step {
        status: status.as_str().to_string(),
        by: String::new(),
        at: clock::now(),
        note,
    }
}
