//! Placements (毕业去向) in the store: one current destination per graduate, earlier ones kept
//! as history; evidence files by content hash; rule warnings; the teachers' class view.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{Store, from_json_text, invalid, json_text, not_found, opt};
use crate::change::Change;
use crate::clock;
use crate::error::{CoreError, FieldError, FieldErrors, Result};
use crate::model::employer::check_industry;
use crate::model::{
    ClassMember, ClassView, ContractType, DestinationCode, DestinationStatus, Evidence,
    EvidenceKind, Page, Placement, PlacementInput, PlacementQuery, Warning,
};
use crate::schema;
use crate::validate::normalize::clean_text;

/// Evidence files larger than this are refused (scans of a contract are far smaller).
pub const MAX_EVIDENCE_BYTES: u64 = 20 * 1024 * 1024;

const SELECT: &str = "SELECT p.id, p.graduate_id, g.name, g.student_number, pr.name, g.cohort, g.class_name,
        p.code_list, p.destination_code, d.name, d.grp, d.employed, d.wage_rule,
        p.employer_id, e.name, p.institution_id, i.name, p.position_title, p.industry, p.city,
        p.start_date, p.salary, p.contract_type, p.in_field, p.evidence, p.verified_by, p.verified_at,
        p.superseded_at, p.notes, p.created_at, p.updated_at, pr.industries, pr.position_keywords,
        e.industry
    FROM placements p
    JOIN graduates g ON g.id = p.graduate_id
    JOIN programs pr ON pr.id = g.program_id
    LEFT JOIN destination_codes d ON d.version = p.code_list AND d.code = p.destination_code
    LEFT JOIN employers e ON e.id = p.employer_id
    LEFT JOIN institutions i ON i.id = p.institution_id";

/// The program's in-field rule: industries and position keywords that match it.
pub(crate) struct FieldRule {
    pub industries: Vec<String>,
    pub keywords: Vec<String>,
}

impl FieldRule {
    /// What the rule proposes for a placement in `industry` with `title`; `None` when the rule
    /// has nothing to go on.
    pub fn propose(&self, industry: Option<&str>, title: Option<&str>) -> Option<bool> {
        let by_industry = industry
            .filter(|_| !self.industries.is_empty())
            .map(|i| self.industries.iter().any(|x| x == i));
        let by_title = title
            .filter(|_| !self.keywords.is_empty())
            .map(|t| self.keywords.iter().any(|k| t.contains(k.as_str())));
        match (by_industry, by_title) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (None, None) => None,
            _ => Some(false),
        }
    }
}

/// The rule warnings of a placement.
pub(crate) fn warnings(
    code: &str,
    wage_rule: bool,
    salary: Option<u32>,
    min_wage: Option<u32>,
    evidence: &[Evidence],
) -> Vec<Warning> {
    let mut out = Vec::new();
    if wage_rule {
        match (salary, min_wage) {
            (Some(s), Some(m)) if s < m => out.push(Warning {
                code: "placement.wage_below_minimum".into(),
                message: format!(
                    "去向代码 {code} 要求月收入不低于当地最低工资标准 {m} 元，记录的是 {s} 元"
                ),
            }),
            (None, _) => out.push(Warning {
                code: "placement.wage_missing".into(),
                message: format!(
                    "去向代码 {code} 要求核对月收入不低于当地最低工资标准，请填写月收入"
                ),
            }),
            _ => {}
        }
    }
    if !evidence.is_empty() && evidence.iter().all(|e| e.kind == EvidenceKind::Internship) {
        out.push(Warning {
            code: "placement.internship_only".into(),
            message: "实习证明不能作为就业证明，请补充劳动合同、就业协议或录用通知等材料".into(),
        });
    }
    out
}

fn from_row(r: &Row<'_>, min_wage: Option<u32>) -> rusqlite::Result<Placement> {
    let code: String = r.get(8)?;
    let wage_rule: Option<bool> = r.get(12)?;
    let contract: Option<String> = r.get(22)?;
    let evidence: Vec<Evidence> = from_json_text(&r.get::<_, String>(24)?);
    let salary: Option<u32> = r.get(21)?;
    let industry: Option<String> = r.get(18)?;
    let title: Option<String> = r.get(17)?;
    let rule = FieldRule {
        industries: from_json_text(&r.get::<_, String>(31)?),
        keywords: from_json_text(&r.get::<_, String>(32)?),
    };
    let employer_industry: Option<String> = r.get(33)?;
    let in_field_rule = rule.propose(
        industry.as_deref().or(employer_industry.as_deref()),
        title.as_deref(),
    );
    let superseded_at: Option<String> = r.get(27)?;
    Ok(Placement {
        warnings: warnings(
            &code,
            wage_rule.unwrap_or(false),
            salary,
            min_wage,
            &evidence,
        ),
        id: r.get(0)?,
        graduate_id: r.get(1)?,
        graduate: r.get(2)?,
        student_number: r.get(3)?,
        program: r.get(4)?,
        cohort: r.get(5)?,
        class_name: r.get(6)?,
        code_list: r.get(7)?,
        destination: r
            .get::<_, Option<String>>(9)?
            .unwrap_or_else(|| code.clone()),
        destination_code: code,
        destination_group: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
        employed: r.get::<_, Option<bool>>(11)?.unwrap_or(false),
        employer_id: r.get(13)?,
        employer: r.get(14)?,
        institution_id: r.get(15)?,
        institution: r.get(16)?,
        position_title: title,
        industry,
        city: r.get(19)?,
        start_date: r.get(20)?,
        salary,
        contract_type: contract.as_deref().and_then(ContractType::parse),
        in_field: r.get(23)?,
        in_field_rule,
        evidence,
        verified_by: r.get(25)?,
        verified_at: r.get(26)?,
        current: superseded_at.is_none(),
        superseded_at,
        notes: r.get(28)?,
        created_at: r.get(29)?,
        updated_at: r.get(30)?,
    })
}

/// The current placement of a graduate, if any.
pub(crate) fn current_of(conn: &Connection, graduate_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM placements WHERE graduate_id = ?1 AND deleted_at IS NULL AND superseded_at IS NULL",
        )?
        .query_row([graduate_id], |r| r.get(0))
        .optional()?)
}

/// The rule of a graduate's program.
fn rule_of(conn: &Connection, graduate_id: &str) -> Result<FieldRule> {
    let (industries, keywords): (String, String) = conn
        .prepare_cached(
            "SELECT pr.industries, pr.position_keywords FROM graduates g JOIN programs pr ON pr.id = g.program_id
             WHERE g.id = ?1",
        )?
        .query_row([graduate_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(FieldRule {
        industries: from_json_text(&industries),
        keywords: from_json_text(&keywords),
    })
}

/// Resolves and checks a placement input against the database: the columns to write. `current`
/// is the stored row on update (its graduate, code list and values fill what the input omits).
pub(crate) fn placement_columns(
    conn: &Connection,
    college: &str,
    input: &PlacementInput,
    current: Option<&BTreeMap<String, Value>>,
    code_list: &str,
) -> Result<BTreeMap<String, Value>> {
    let mut errs = input.check(current.is_none());
    let mut m = BTreeMap::new();
    let get = |col: &str| {
        current
            .and_then(|c| c.get(col))
            .and_then(Value::as_str)
            .map(str::to_string)
    };

    // The graduate: fixed once recorded.
    let graduate_key = input.graduate_id.as_deref().or(input.graduate.as_deref());
    let graduate = match graduate_key {
        Some(key) => match super::graduates::find_id(conn, college, key.trim())? {
            Some(id) => {
                if let Some(old) = get("graduate_id")
                    && old != id
                {
                    errs.push(FieldError::new(
                        "graduate",
                        "fixed",
                        "去向记录不能改到另一名毕业生名下；请为该毕业生另行登记",
                    ));
                }
                Some(id)
            }
            None => {
                errs.push(
                    FieldError::new(
                        "graduate",
                        "unknown",
                        format!("找不到学号或编号为“{}”的毕业生", key.trim()),
                    )
                    .with("value", key.trim()),
                );
                None
            }
        },
        None => get("graduate_id"),
    };

    // The destination code, in the placement's code list.
    let code_value = input
        .destination_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let list = get("code_list").unwrap_or_else(|| code_list.to_string());
    let mut dest: Option<DestinationCode> = None;
    if let Some(code) = code_value
        .map(str::to_string)
        .or_else(|| get("destination_code"))
    {
        dest = super::codes::destination(conn, &list, &code)?;
        if dest.is_none() {
            errs.push(
                FieldError::new(
                    "destination_code",
                    "unknown",
                    format!("去向代码“{code}”不在 {list} 版代码表中"),
                )
                .with("value", &code)
                .with("version", &list),
            );
        }
    }

    // Employer and institution, by id or name.
    let employer = resolve_ref(
        conn,
        college,
        input.employer_id.as_deref().or(input.employer.as_deref()),
        "employer",
        "用人单位",
        super::employers::resolve,
        &mut errs,
    )?;
    let institution = resolve_ref(
        conn,
        college,
        input
            .institution_id
            .as_deref()
            .or(input.institution.as_deref()),
        "institution",
        "科研机构",
        super::institutions::resolve,
        &mut errs,
    )?;
    let employer_after = employer.clone().unwrap_or_else(|| get("employer_id"));
    let institution_after = institution.clone().unwrap_or_else(|| get("institution_id"));
    if let Some(d) = &dest
        && d.needs_employer
        && employer_after.is_none()
        && institution_after.is_none()
    {
        errs.push(
            FieldError::new(
                "employer",
                "required",
                format!("去向“{}”需要填写用人单位（或科研机构）", d.name),
            )
            .with("code", &d.code),
        );
    }
    let industry = input
        .industry
        .as_deref()
        .map(|v| check_industry(v, "industry", &mut errs));
    errs.into_result()?;

    if current.is_none() {
        m.insert("graduate_id".into(), opt(graduate.clone()));
        m.insert("code_list".into(), Value::from(list));
        m.insert("evidence".into(), Value::from("[]"));
        m.insert("superseded_at".into(), Value::Null);
    }
    if let Some(code) = code_value {
        m.insert("destination_code".into(), Value::from(code));
    }
    let all = current.is_none();
    if all || employer.is_some() {
        m.insert("employer_id".into(), opt(employer.flatten()));
    }
    if all || institution.is_some() {
        m.insert("institution_id".into(), opt(institution.flatten()));
    }
    // Without an industry or a city, a new placement takes the employer's.
    let employer_defaults = match (&employer_after, all) {
        (Some(e), true) => conn
            .query_row(
                "SELECT industry, city FROM employers WHERE id = ?1",
                [e],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                    ))
                },
            )
            .optional()?,
        _ => None,
    };
    let (def_industry, def_city) = employer_defaults.unwrap_or_default();
    match industry {
        Some(v) => {
            m.insert("industry".into(), opt(v));
        }
        None if all => {
            m.insert("industry".into(), opt(def_industry));
        }
        None => {}
    }
    match input.city.as_deref() {
        Some(c) => {
            m.insert("city".into(), opt(clean_text(c)));
        }
        None if all => {
            m.insert("city".into(), opt(def_city));
        }
        None => {}
    }
    for (col, v) in [
        ("position_title", &input.position_title),
        ("notes", &input.notes),
    ] {
        if all || v.is_some() {
            m.insert(col.into(), opt(v.as_deref().and_then(clean_text)));
        }
    }
    if all || input.start_date.is_some() {
        let mut ignore = FieldErrors::default();
        let d = input
            .start_date
            .as_deref()
            .and_then(|d| crate::model::placement::check_date(d, "start_date", &mut ignore));
        m.insert("start_date".into(), opt(d));
    }
    if all || input.salary.is_some() {
        m.insert("salary".into(), opt(input.salary));
    }
    if all || input.contract_type.is_some() {
        m.insert(
            "contract_type".into(),
            opt(input.contract_type.map(ContractType::as_str)),
        );
    }
    match (input.in_field, &graduate) {
        (Some(f), _) => {
            m.insert("in_field".into(), Value::from(f));
        }
        (None, Some(g)) if all => {
            let industry = m.get("industry").and_then(Value::as_str);
            let title = m.get("position_title").and_then(Value::as_str);
            m.insert(
                "in_field".into(),
                opt(rule_of(conn, g)?.propose(industry, title)),
            );
        }
        _ => {}
    }
    match input.verified_by.as_deref().map(clean_text) {
        Some(Some(by)) => {
            m.insert("verified_by".into(), Value::from(by));
            m.insert("verified_at".into(), Value::from(clock::now()));
        }
        Some(None) => {
            m.insert("verified_by".into(), Value::Null);
            m.insert("verified_at".into(), Value::Null);
        }
        None if all => {
            m.insert("verified_by".into(), Value::Null);
            m.insert("verified_at".into(), Value::Null);
        }
        None => {}
    }
    Ok(m)
}

/// Resolves an optional reference: `None` when not given, `Some(None)` when cleared with an
/// empty value, `Some(Some(id))` when found; unknown names become field errors.
fn resolve_ref(
    conn: &Connection,
    college: &str,
    key: Option<&str>,
    field: &str,
    label: &str,
    resolve: fn(&Connection, &str, &str) -> Result<Option<String>>,
    errs: &mut FieldErrors,
) -> Result<Option<Option<String>>> {
    let Some(key) = key else {
        return Ok(None);
    };
    let key = key.trim();
    if key.is_empty() {
        return Ok(Some(None));
    }
    match resolve(conn, college, key)? {
        Some(id) => Ok(Some(Some(id))),
        None => {
            errs.push(
                FieldError::new(field, "unknown", format!("找不到{label}“{key}”"))
                    .with("value", key),
            );
            Ok(None)
        }
    }
}

/// The changes that record a new destination for a graduate: the current one (if any) becomes
/// history, the new one is inserted. Returns the changes and the new placement's id.
pub(crate) fn record_changes(
    conn: &Connection,
    college: &str,
    input: &PlacementInput,
    code_list: &str,
) -> Result<(Vec<Change>, String)> {
    let cols = placement_columns(conn, college, input, None, code_list)?;
    let graduate = cols
        .get("graduate_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut changes = Vec::new();
    if let Some(old) = current_of(conn, &graduate)? {
        let now = clock::now();
        changes.push(Change {
            table: "placements".into(),
            row_id: old,
            op: crate::change::Op::Update,
            columns: BTreeMap::from([
                ("superseded_at".to_string(), Value::from(now.clone())),
                ("updated_at".to_string(), Value::from(now)),
            ]),
        });
    }
    let insert = super::insert("placements", college, cols);
    let id = insert.row_id.clone();
    changes.push(insert);
    Ok((changes, id))
}

impl Store {
    fn min_wage(&self) -> Result<Option<u32>> {
        Ok(self
            .conn
            .prepare_cached("SELECT min_wage FROM colleges WHERE id = ?1")?
            .query_row([&self.college_id], |r| r.get(0))?)
    }

    /// The id of a graduate's current placement, if they have one.
    pub fn current_placement_id(&self, graduate_id: &str) -> Result<Option<String>> {
        current_of(&self.conn, graduate_id)
    }

    /// The folder evidence files are kept in, beside the database.
    pub fn evidence_dir(&self) -> Option<PathBuf> {
        self.path
            .as_deref()
            .map(|p| p.parent().unwrap_or(Path::new(".")).join("evidence"))
    }

    /// A page of placements, newest first.
    pub fn placements(&self, q: &PlacementQuery) -> Result<Page<Placement>> {
        let mut conds = vec![
            "p.college_id = ?".to_string(),
            "p.deleted_at IS NULL".to_string(),
            "g.deleted_at IS NULL".to_string(),
        ];
        let mut params = vec![SqlValue::Text(self.college_id.clone())];
        if !q.include_history {
            conds.push("p.superseded_at IS NULL".into());
        }
        if q.unverified {
            conds.push("p.verified_at IS NULL".into());
        }
        for (col, v) in [
            ("p.graduate_id", &q.graduate_id),
            ("p.employer_id", &q.employer_id),
            ("p.institution_id", &q.institution_id),
            ("g.class_name", &q.class_name),
        ] {
            if let Some(v) = v {
                conds.push(format!("{col} = ?"));
                params.push(SqlValue::Text(v.clone()));
            }
        }
        if let Some(c) = q.cohort {
            conds.push("g.cohort = ?".into());
            params.push(SqlValue::Integer(c.into()));
        }
        if let Some(classes) = self.visible_classes()? {
            conds.push(format!(
                "g.class_name IN ({})",
                vec!["?"; classes.len()].join(", ")
            ));
            params.extend(classes.iter().map(|c| SqlValue::Text(c.clone())));
        }
        let filter = conds.join(" AND ");
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM placements p JOIN graduates g ON g.id = p.graduate_id WHERE {filter}"
            ))?
            .query_row(params_from_iter(&params), |r| r.get(0))?;
        let sql = format!(
            "{SELECT} WHERE {filter} ORDER BY p.created_at DESC, p.id DESC LIMIT {} OFFSET {}",
            q.limit.map_or(-1, i64::from),
            q.offset.unwrap_or(0)
        );
        let min_wage = self.min_wage()?;
        let items = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(&params), |r| from_row(r, min_wage))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            items,
        })
    }

    pub fn placement(&self, id: &str) -> Result<Placement> {
        let min_wage = self.min_wage()?;
        let p = self
            .conn
            .prepare_cached(&format!(
                "{SELECT} WHERE p.id = ?1 AND p.college_id = ?2 AND p.deleted_at IS NULL"
            ))?
            .query_row((id.trim(), &self.college_id), |r| from_row(r, min_wage))
            .optional()?
            .ok_or_else(|| not_found("毕业去向", id))?;
        if self.visible_classes()?.is_some() {
            let class: Option<String> = self.conn.query_row(
                "SELECT class_name FROM graduates WHERE id = ?1",
                [&p.graduate_id],
                |r| r.get(0),
            )?;
            if !self.require_actor()?.sees_class(class.as_deref()) {
                return Err(not_found("毕业去向", id));
            }
        }
        Ok(p)
    }

    /// Records a graduate's destination; their current one, if any, is kept as history.
    pub fn record_placement(&mut self, input: &PlacementInput) -> Result<Placement> {
        let list = self.current_code_list()?;
        let mut id = String::new();
        self.write(|tx, college| {
            let (changes, new_id) = record_changes(tx, college, input, &list)?;
            id = new_id;
            Ok(changes)
        })?;
        self.placement(&id)
    }

    /// Corrects a placement in place (history is for real changes of destination).
    pub fn update_placement(&mut self, id: &str, input: &PlacementInput) -> Result<Placement> {
        let id = self.placement(id)?.id;
        self.write(|tx, college| {
            let old = super::row_columns(tx, &schema::PLACEMENTS, college, &id)?
                .ok_or_else(|| not_found("毕业去向", &id))?;
            let new = placement_columns(tx, college, input, Some(&old), "")?;
            Ok(super::update("placements", &id, &old, new)
                .into_iter()
                .collect())
        })?;
        self.placement(&id)
    }

    /// Deletes a placement entered by mistake; when it was the current one, the destination
    /// before it becomes current again. A placement made by a job-fair signing is refused.
    pub fn delete_placement(&mut self, id: &str) -> Result<()> {
        let p = self.placement(id)?;
        let signed: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM applications WHERE placement_id = ?1 AND deleted_at IS NULL",
                [&p.id],
                |r| r.get(0),
            )
            .optional()?;
        if signed.is_some() {
            return Err(invalid(FieldError::new(
                "placement",
                "from_signing",
                "这条去向来自双选会签约，不能单独删除；如签约有误，请在双选会中处理该投递",
            )));
        }
        self.write(|tx, _| {
            let mut changes = vec![super::delete("placements", &p.id)];
            if p.current {
                let previous: Option<String> = tx
                    .query_row(
                        "SELECT id FROM placements WHERE graduate_id = ?1 AND deleted_at IS NULL AND id <> ?2
                         ORDER BY superseded_at DESC, created_at DESC LIMIT 1",
                        (&p.graduate_id, &p.id),
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(prev) = previous {
                    changes.push(Change {
                        table: "placements".into(),
                        row_id: prev,
                        op: crate::change::Op::Update,
                        columns: BTreeMap::from([
                            ("superseded_at".to_string(), Value::Null),
                            ("updated_at".to_string(), Value::from(clock::now())),
                        ]),
                    });
                }
            }
            Ok(changes)
        })
    }

    /// Copies a file into the evidence folder (named by its SHA-256) and lists it on the
    /// placement. The same content is stored once however often it is attached.
    pub fn attach_evidence(
        &mut self,
        id: &str,
        file: &Path,
        kind: EvidenceKind,
    ) -> Result<Placement> {
        let meta = std::fs::metadata(file).map_err(|e| file_error(file, &e))?;
        check_size(meta.len())?;
        let bytes = std::fs::read(file).map_err(|e| file_error(file, &e))?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.attach_evidence_bytes(id, &name, &bytes, kind)
    }

    /// Stores `bytes` (a file named `name`, e.g. picked in the app) as evidence of a placement.
    pub fn attach_evidence_bytes(
        &mut self,
        id: &str,
        name: &str,
        bytes: &[u8],
        kind: EvidenceKind,
    ) -> Result<Placement> {
        check_size(bytes.len() as u64)?;
        let p = self.placement(id)?;
        let dir = self.evidence_dir().ok_or_else(|| {
            invalid(FieldError::new(
                "evidence",
                "no_folder",
                "内存数据库没有存放证明材料的文件夹",
            ))
        })?;
        let sha256 = hex::encode(Sha256::digest(bytes));
        std::fs::create_dir_all(&dir).map_err(|e| file_error(&dir, &e))?;
        let target = dir.join(&sha256);
        if !target.exists() {
            // Written under a temporary name and renamed, so a crash never leaves half a file.
            let tmp = dir.join(format!(".{sha256}.part"));
            std::fs::write(&tmp, bytes).map_err(|e| file_error(&tmp, &e))?;
            std::fs::rename(&tmp, &target).map_err(|e| file_error(&target, &e))?;
        }
        // Only the file's own name is kept: no folders of the person's disk.
        let name = Path::new(name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| sha256.clone());
        let mut evidence = p.evidence.clone();
        if !evidence.iter().any(|e| e.sha256 == sha256) {
            evidence.push(Evidence {
                sha256,
                name,
                kind,
                size: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
                added_at: clock::now(),
            });
        }
        let old = BTreeMap::from([("evidence".to_string(), json_text(&p.evidence))]);
        let new = BTreeMap::from([("evidence".to_string(), json_text(&evidence))]);
        self.write(|_, _| {
            Ok(super::update("placements", &p.id, &old, new)
                .into_iter()
                .collect())
        })?;
        self.placement(&p.id)
    }

    /// Removes an evidence entry from a placement (the stored file stays: another placement may
    /// list the same content).
    pub fn detach_evidence(&mut self, id: &str, sha256: &str) -> Result<Placement> {
        let p = self.placement(id)?;
        let evidence: Vec<Evidence> = p
            .evidence
            .iter()
            .filter(|e| e.sha256 != sha256)
            .cloned()
            .collect();
        let old = BTreeMap::from([("evidence".to_string(), json_text(&p.evidence))]);
        let new = BTreeMap::from([("evidence".to_string(), json_text(&evidence))]);
        self.write(|_, _| {
            Ok(super::update("placements", &p.id, &old, new)
                .into_iter()
                .collect())
        })?;
        self.placement(&p.id)
    }

    /// The teachers' view: every graduate of a class with their current destination, and the
    /// class's figures.
    pub fn class_view(&self, cohort: i32, class_name: &str) -> Result<ClassView> {
        if !self.require_actor()?.sees_class(Some(class_name)) {
            return Err(CoreError::Forbidden {
                role: crate::model::Role::Teacher.label(),
                what: format!("查看其他班级（{class_name}）"),
            });
        }
        let min_wage = self.min_wage()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT g.id, g.name, g.student_number, pr.name, p.id, p.destination_code, d.name, d.grp,
                    d.employed, coalesce(e.name, i.name), p.position_title, p.salary, p.in_field,
                    p.verified_at, d.wage_rule, p.evidence
             FROM graduates g
             JOIN programs pr ON pr.id = g.program_id
             LEFT JOIN placements p ON p.graduate_id = g.id AND p.deleted_at IS NULL AND p.superseded_at IS NULL
             LEFT JOIN destination_codes d ON d.version = p.code_list AND d.code = p.destination_code
             LEFT JOIN employers e ON e.id = p.employer_id
             LEFT JOIN institutions i ON i.id = p.institution_id
             WHERE g.college_id = ?1 AND g.class_name = ?2 AND g.cohort = ?3 AND g.deleted_at IS NULL
             ORDER BY g.student_number",
        )?;
        let members: Vec<ClassMember> = stmt
            .query_map((&self.college_id, class_name, cohort), |r| {
                let placement: Option<String> = r.get(4)?;
                let code: Option<String> = r.get(5)?;
                let verified: Option<String> = r.get(13)?;
                let salary: Option<u32> = r.get(11)?;
                let evidence: Vec<Evidence> = r
                    .get::<_, Option<String>>(15)?
                    .map(|t| from_json_text(&t))
                    .unwrap_or_default();
                let n_warnings = code.as_deref().map_or(0, |c| {
                    warnings(
                        c,
                        r.get::<_, Option<bool>>(14).ok().flatten().unwrap_or(false),
                        salary,
                        min_wage,
                        &evidence,
                    )
                    .len()
                });
                Ok(ClassMember {
                    graduate_id: r.get(0)?,
                    name: r.get(1)?,
                    student_number: r.get(2)?,
                    program: r.get(3)?,
                    status: match (&placement, &verified) {
                        (None, _) => DestinationStatus::None,
                        (Some(_), None) => DestinationStatus::Unverified,
                        (Some(_), Some(_)) => DestinationStatus::Verified,
                    },
                    placement_id: placement,
                    destination: r.get(6)?,
                    destination_group: r.get(7)?,
                    employed: r.get::<_, Option<bool>>(8)?.unwrap_or(false),
                    destination_code: code,
                    employer: r.get(9)?,
                    position_title: r.get(10)?,
                    salary,
                    in_field: r.get(12)?,
                    warnings: u32::try_from(n_warnings).unwrap_or(u32::MAX),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let count = |f: &dyn Fn(&ClassMember) -> bool| {
            u32::try_from(members.iter().filter(|m| f(m)).count()).unwrap_or(0)
        };
        Ok(ClassView {
            cohort,
            class_name: class_name.to_string(),
            total: u32::try_from(members.len()).unwrap_or(0),
            recorded: count(&|m| m.status != DestinationStatus::None),
            employed: count(&|m| m.employed),
            verified: count(&|m| m.status == DestinationStatus::Verified),
            members,
        })
    }
}

fn check_size(len: u64) -> Result<()> {
    if len > MAX_EVIDENCE_BYTES {
        return Err(invalid(
            FieldError::new("evidence", "too_large", "证明材料文件不能超过 20 MB")
                .with("size", len),
        ));
    }
    Ok(())
}

fn file_error(path: &Path, e: &std::io::Error) -> CoreError {
    invalid(
        FieldError::new(
            "evidence",
            "file",
            format!("无法读写文件 {}：{e}", path.display()),
        )
        .with("path", path.display()),
    )
}
