//! Agreements (协议) in the store: numbered on creation, edited while a draft or in review,
//! moved through their lifecycle one allowed step at a time.

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use serde_json::Value;

use super::{Store, from_json_text, invalid, json_text, not_found, opt};
use crate::clock;
use crate::error::{FieldError, FieldErrors, Result};
use crate::model::{
    AdvanceInput, Agreement, AgreementInput, AgreementKind, AgreementQuery, AgreementStatus,
    Clause, Side, Signatory, Step, templates,
};
use crate::schema;
use crate::validate::normalize::clean_text;

const SELECT: &str = "SELECT a.id, a.number, a.kind, a.title, a.employer_id, a.institution_id,
        coalesce(e.name, i.name, ''), a.programs, a.start_date, a.end_date, a.clauses, a.signatories,
        a.status, a.history, a.notes, a.created_at, a.updated_at,
        (SELECT json_group_array(p.name) FROM json_each(a.programs) j JOIN programs p ON p.id = j.value)
    FROM agreements a
    LEFT JOIN employers e ON e.id = a.employer_id
    LEFT JOIN institutions i ON i.id = a.institution_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Agreement> {
    let kind: String = r.get(2)?;
    let status: String = r.get(12)?;
    let end_date: Option<String> = r.get(9)?;
    Ok(Agreement {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: AgreementKind::parse(&kind).unwrap_or(AgreementKind::Cooperation),
        title: r.get(3)?,
        employer_id: r.get(4)?,
        institution_id: r.get(5)?,
        partner: r.get(6)?,
        programs: from_json_text(&r.get::<_, String>(7)?),
        program_names: r
            .get::<_, Option<String>>(17)?
            .map(|t| from_json_text(&t))
            .unwrap_or_default(),
        start_date: r.get(8)?,
        days_left: end_date.as_deref().and_then(clock::days_until),
        end_date,
        clauses: from_json_text(&r.get::<_, String>(10)?),
        signatories: from_json_text(&r.get::<_, String>(11)?),
        status: AgreementStatus::parse(&status).unwrap_or(AgreementStatus::Draft),
        history: from_json_text(&r.get::<_, String>(13)?),
        notes: r.get(14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
    })
}

/// Resolves an agreement by id or number.
fn resolve(conn: &Connection, college: &str, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM agreements WHERE college_id = ?1 AND deleted_at IS NULL AND (id = ?2 OR number = ?2)",
        )?
        .query_row((college, key.trim()), |r| r.get(0))
        .optional()?)
}

/// The next number for the college this year: `<college code>-<year>-<sequence>`. Numbers of
/// deleted agreements count too, so a number is never given twice.
pub(crate) fn next_number(conn: &Connection, college: &str) -> Result<String> {
    let code: Option<String> =
        conn.query_row("SELECT code FROM colleges WHERE id = ?1", [college], |r| {
            r.get(0)
        })?;
    let code = code
        .map(|c| crate::validate::normalize_identifier(&c))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "XQ".into());
    let prefix = format!("{code}-{}-", clock::current_year());
    let mut stmt = conn.prepare_cached(
        "SELECT number FROM agreements WHERE college_id = ?1 AND substr(number, 1, length(?2)) = ?2",
    )?;
    let mut max = 0u32;
    for n in stmt.query_map((college, &prefix), |r| r.get::<_, String>(0))? {
        if let Ok(seq) = n?[prefix.len()..].parse::<u32>() {
            max = max.max(seq);
        }
    }
    Ok(format!("{prefix}{:03}", max + 1))
}

/// Resolves and checks an agreement input: the columns to write. `old` is the stored row on
/// update.
fn agreement_columns(
    conn: &Connection,
    college: &str,
    input: &AgreementInput,
    old: Option<&BTreeMap<String, Value>>,
) -> Result<BTreeMap<String, Value>> {
    let mut errs = input.check(old.is_none());
    let all = old.is_none();
    let mut m = BTreeMap::new();
    let kind = input.kind.or_else(|| {
        old.and_then(|o| o.get("kind"))
            .and_then(Value::as_str)
            .and_then(AgreementKind::parse)
    });

    let employer = match input
        .employer_id
        .as_deref()
        .or(input.employer.as_deref())
        .map(str::trim)
    {
        Some("") => Some(None),
        Some(k) => match super::employers::resolve(conn, college, k)? {
            Some(id) => Some(Some(id)),
            None => {
                errs.push(
                    FieldError::new("employer", "unknown", format!("找不到用人单位“{k}”"))
                        .with("value", k),
                );
                None
            }
        },
        None => None,
    };
    let institution = match input
        .institution_id
        .as_deref()
        .or(input.institution.as_deref())
        .map(str::trim)
    {
        Some("") => Some(None),
        Some(k) => match super::institutions::resolve(conn, college, k)? {
            Some(id) => Some(Some(id)),
            None => {
                errs.push(
                    FieldError::new("institution", "unknown", format!("找不到科研机构“{k}”"))
                        .with("value", k),
                );
                None
            }
        },
        None => None,
    };
    let prior = |col: &str| {
        old.and_then(|o| o.get(col))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let employer_after = employer.clone().unwrap_or_else(|| prior("employer_id"));
    let institution_after = institution
        .clone()
        .unwrap_or_else(|| prior("institution_id"));
    if let Some(kind) = kind {
        let research = kind == AgreementKind::Research;
        match (research, &employer_after, &institution_after) {
            (true, _, None) => errs.push(FieldError::new(
                "institution",
                "required",
                "技研合作协议的另一方应为科研机构，请选择科研机构",
            )),
            (false, None, _) => errs.push(FieldError::new(
                "employer",
                "required",
                format!("{}的另一方应为用人单位，请选择用人单位", kind.as_str()),
            )),
            _ => {}
        }
        if employer_after.is_some() && institution_after.is_some() {
            errs.push(FieldError::new(
                "partner",
                "both",
                "协议的另一方只能是一个用人单位或一个科研机构",
            ));
        }
    }
    let programs = match &input.programs {
        Some(list) => {
            let mut ids: Vec<String> = Vec::new();
            for p in list {
                match super::programs::resolve(conn, college, p)? {
                    Some(id) if !ids.contains(&id) => ids.push(id),
                    Some(_) => {}
                    None => errs.push(
                        FieldError::new("programs", "unknown", format!("找不到专业“{}”", p.trim()))
                            .with("value", p.trim()),
                    ),
                }
            }
            Some(ids)
        }
        None => None,
    };
    // Dates: the stored one stands in for the one not given, so an update cannot invert them.
    let mut ignore = FieldErrors::default();
    let date = |v: &Option<String>, field: &str, ignore: &mut FieldErrors| {
        v.as_deref()
            .map(|d| crate::model::placement::check_date(d, field, ignore))
    };
    let start = date(&input.start_date, "start_date", &mut ignore);
    let end = date(&input.end_date, "end_date", &mut ignore);
    if let (Some(s), Some(e)) = (
        start.clone().unwrap_or_else(|| prior("start_date")),
        end.clone().unwrap_or_else(|| prior("end_date")),
    ) && e < s
        && (input.start_date.is_none() || input.end_date.is_none())
    {
        errs.push(
            FieldError::new(
                "end_date",
                "before_start",
                format!("结束日期 {e} 早于开始日期 {s}"),
            )
            .with("start", &s)
            .with("end", &e),
        );
    }
    errs.into_result()?;

    if let Some(k) = input.kind {
        m.insert("kind".into(), Value::from(k.as_str()));
    }
    if let Some(t) = input.title.as_deref().and_then(clean_text) {
        m.insert("title".into(), Value::from(t));
    } else if all {
        // A new agreement without a title is named after its kind and partner.
        let partner: Option<String> = match (&employer_after, &institution_after) {
            (Some(e), _) => conn
                .query_row("SELECT name FROM employers WHERE id = ?1", [e], |r| {
                    r.get(0)
                })
                .optional()?,
            (_, Some(i)) => conn
                .query_row("SELECT name FROM institutions WHERE id = ?1", [i], |r| {
                    r.get(0)
                })
                .optional()?,
            _ => None,
        };
        let kind_name = kind.map(AgreementKind::as_str).unwrap_or("协议");
        m.insert(
            "title".into(),
            Value::from(format!("{}{kind_name}", partner.unwrap_or_default())),
        );
    }
    if all || employer.is_some() {
        m.insert("employer_id".into(), opt(employer.flatten()));
    }
    if all || institution.is_some() {
        m.insert("institution_id".into(), opt(institution.flatten()));
    }
    if let Some(p) = programs {
        m.insert("programs".into(), json_text(&p));
    } else if all {
        m.insert("programs".into(), Value::from("[]"));
    }
    if all || start.is_some() {
        m.insert("start_date".into(), opt(start.flatten()));
    }
    if all || end.is_some() {
        m.insert("end_date".into(), opt(end.flatten()));
    }
    match (&input.clauses, all) {
        (Some(list), _) => {
            let clean: Vec<Clause> = list
                .iter()
                .map(|c| Clause {
                    title: c.title.trim().to_string(),
                    body: c.body.trim().to_string(),
                })
                .collect();
            m.insert("clauses".into(), json_text(&clean));
        }
        (None, true) => {
            m.insert(
                "clauses".into(),
                json_text(&kind.map(templates::clauses).unwrap_or_default()),
            );
        }
        _ => {}
    }
    if let Some(list) = &input.signatories {
        let clean: Vec<Signatory> = list
            .iter()
            .map(|s| Signatory {
                side: s.side,
                name: s.name.trim().to_string(),
                title: s.title.as_deref().and_then(clean_text),
            })
            .collect();
        m.insert("signatories".into(), json_text(&clean));
    } else if all {
        m.insert("signatories".into(), Value::from("[]"));
    }
    if all || input.notes.is_some() {
        m.insert(
            "notes".into(),
            opt(input.notes.as_deref().and_then(clean_text)),
        );
    }
    Ok(m)
}

/// What a signing needs that the agreement lacks.
fn missing_for_signing(a: &Agreement) -> FieldErrors {
    let mut errs = FieldErrors::default();
    if a.start_date.is_none() {
        errs.push(FieldError::new(
            "start_date",
            "required",
            "签署前请填写开始日期",
        ));
    }
    if a.end_date.is_none() {
        errs.push(FieldError::new(
            "end_date",
            "required",
            "签署前请填写结束日期",
        ));
    }
    if a.clauses.is_empty() {
        errs.push(FieldError::new(
            "clauses",
            "required",
            "签署前请填写协议条款",
        ));
    }
    for (side, label) in [
        (Side::College, "学校（甲方）"),
        (Side::Partner, "合作方（乙方）"),
    ] {
        if !a.signatories.iter().any(|s| s.side == side) {
            errs.push(
                FieldError::new(
                    "signatories",
                    "required",
                    format!("签署前请填写{label}的签署人"),
                )
                .with(
                    "side",
                    if side == Side::College {
                        "college"
                    } else {
                        "partner"
                    },
                ),
            );
        }
    }
    errs
}

impl Store {
    /// Agreements, soonest-ending first among those with an end date, then newest.
    pub fn agreements(&self, q: &AgreementQuery) -> Result<Vec<Agreement>> {
        let mut conds = vec![
            "a.college_id = ?".to_string(),
            "a.deleted_at IS NULL".to_string(),
        ];
        let mut params = vec![SqlValue::Text(self.college_id.clone())];
        if let Some(k) = q.kind {
            conds.push("a.kind = ?".into());
            params.push(SqlValue::Text(k.as_str().into()));
        }
        if let Some(s) = q.status {
            conds.push("a.status = ?".into());
            params.push(SqlValue::Text(s.as_str().into()));
        }
        for (col, v) in [
            ("a.employer_id", &q.employer_id),
            ("a.institution_id", &q.institution_id),
        ] {
            if let Some(v) = v {
                conds.push(format!("{col} = ?"));
                params.push(SqlValue::Text(v.clone()));
            }
        }
        if let Some(days) = q.expiring_within_days {
            conds.push(format!(
                "a.status IN ('{}', '{}') AND a.end_date >= ? AND a.end_date <= ?",
                AgreementStatus::Signed.as_str(),
                AgreementStatus::Active.as_str()
            ));
            params.push(SqlValue::Text(clock::today()));
            params.push(SqlValue::Text(clock::today_plus(i64::from(days))));
        }
        if let Some(t) = q.search.as_deref().and_then(clean_text) {
            conds.push("(instr(a.title, ?) > 0 OR instr(a.number, ?) > 0 OR instr(coalesce(e.name, i.name, ''), ?) > 0)".into());
            for _ in 0..3 {
                params.push(SqlValue::Text(t.clone()));
            }
        }
        let sql = format!(
            "{SELECT} WHERE {} ORDER BY a.end_date IS NULL, a.end_date, a.created_at DESC",
            conds.join(" AND ")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(&params), from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One agreement by id or number.
    pub fn agreement(&self, key: &str) -> Result<Agreement> {
        let id =
            resolve(&self.conn, &self.college_id, key)?.ok_or_else(|| not_found("协议", key))?;
        Ok(self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE a.id = ?1"))?
            .query_row([&id], from_row)?)
    }

    /// A new agreement, as a draft with the next number; without clauses, its kind's template.
    pub fn create_agreement(&mut self, input: &AgreementInput) -> Result<Agreement> {
        let mut id = String::new();
        self.write(|tx, college| {
            let mut cols = agreement_columns(tx, college, input, None)?;
            cols.insert("number".into(), Value::from(next_number(tx, college)?));
            cols.insert(
                "status".into(),
                Value::from(AgreementStatus::Draft.as_str()),
            );
            cols.insert("history".into(), Value::from("[]"));
            let change = super::insert("agreements", college, cols);
            id = change.row_id.clone();
            Ok(vec![change])
        })?;
        self.agreement(&id)
    }

    /// Changes an agreement's text, parties or dates: only before it is signed.
    pub fn update_agreement(&mut self, key: &str, input: &AgreementInput) -> Result<Agreement> {
        let a = self.agreement(key)?;
        let only_notes = input.kind.is_none()
            && input.title.is_none()
            && input.employer_id.is_none()
            && input.employer.is_none()
            && input.institution_id.is_none()
            && input.institution.is_none()
            && input.programs.is_none()
            && input.start_date.is_none()
            && input.end_date.is_none()
            && input.clauses.is_none()
            && input.signatories.is_none();
        if !a.status.editable() && !only_notes {
            return Err(invalid(
                FieldError::new(
                    "status",
                    "locked",
                    format!(
                        "协议已{}，内容不能再修改（只能修改备注）",
                        a.status.as_str()
                    ),
                )
                .with("status", a.status.as_str()),
            ));
        }
        self.write(|tx, college| {
            let old = super::row_columns(tx, &schema::AGREEMENTS, college, &a.id)?
                .ok_or_else(|| not_found("协议", &a.id))?;
            let new = agreement_columns(tx, college, input, Some(&old))?;
            Ok(super::update("agreements", &a.id, &old, new)
                .into_iter()
                .collect())
        })?;
        self.agreement(&a.id)
    }

    /// Takes one lifecycle step, recording who and when; refuses a step the lifecycle does not
    /// allow, and a signing the agreement is not ready for.
    pub fn advance_agreement(&mut self, key: &str, step: &AdvanceInput) -> Result<Agreement> {
        let a = self.agreement(key)?;
        let Some(by) = clean_text(&step.by) else {
            return Err(invalid(FieldError::new("by", "required", "请填写经办人")));
        };
        if !a.status.next().contains(&step.to) {
            let allowed: Vec<&str> = a.status.next().iter().map(|s| s.as_str()).collect();
            let hint = if allowed.is_empty() {
                "已是最终状态".to_string()
            } else {
                format!("只能改为：{}", allowed.join("、"))
            };
            return Err(invalid(
                FieldError::new(
                    "to",
                    "invalid_step",
                    format!(
                        "协议不能从“{}”直接改为“{}”；{hint}",
                        a.status.as_str(),
                        step.to.as_str()
                    ),
                )
                .with("from", a.status.as_str())
                .with("to", step.to.as_str()),
            ));
        }
        if step.to == AgreementStatus::Signed {
            missing_for_signing(&a).into_result()?;
        }
        let mut history = a.history.clone();
        history.push(Step {
            status: step.to.as_str().to_string(),
            by,
            at: clock::now(),
            note: step.note.as_deref().and_then(clean_text),
        });
        let old = BTreeMap::from([
            ("status".to_string(), Value::from(a.status.as_str())),
            ("history".to_string(), json_text(&a.history)),
        ]);
        let new = BTreeMap::from([
            ("status".to_string(), Value::from(step.to.as_str())),
            ("history".to_string(), json_text(&history)),
        ]);
        self.write(|_, _| {
            Ok(super::update("agreements", &a.id, &old, new)
                .into_iter()
                .collect())
        })?;
        self.agreement(&a.id)
    }

    /// Deletes a draft or an agreement in review; a signed one is terminated instead.
    pub fn delete_agreement(&mut self, key: &str) -> Result<()> {
        let a = self.agreement(key)?;
        if !a.status.editable() {
            return Err(invalid(
                FieldError::new(
                    "status",
                    "locked",
                    format!(
                        "协议已{}，不能删除；如不再履行，请将其终止",
                        a.status.as_str()
                    ),
                )
                .with("status", a.status.as_str()),
            ));
        }
        self.write(|_, _| Ok(vec![super::delete("agreements", &a.id)]))
    }
}
