//! The generic verbs (list, get, add, update, delete) for every kind of record: parse the
//! filters and the JSON, call the store, and give back JSON values the caller prints.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use xiaoqi_core::Store;
use xiaoqi_core::model::*;

use crate::Failure;
use crate::args::ListArgs;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Programs,
    Graduates,
    Placements,
    Employers,
    Institutions,
    Agreements,
    Fairs,
    Positions,
    Applications,
}

impl Kind {
    /// The columns a terminal table shows: header and JSON field. Personal numbers only ever
    /// appear masked here.
    pub fn columns(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Programs => &[
                ("专业", "name"),
                ("代码", "code"),
                ("层次", "level"),
                ("学制", "length_years"),
                ("系部", "department"),
                ("毕业生", "graduates"),
                ("id", "id"),
            ],
            Kind::Graduates => &[
                ("姓名", "name"),
                ("性别", "gender"),
                ("学号", "student_number"),
                ("身份证号", "id_number_masked"),
                ("手机", "phone_masked"),
                ("专业", "program"),
                ("届别", "cohort"),
                ("班级", "class_name"),
                ("id", "id"),
            ],
            Kind::Placements => &[
                ("姓名", "graduate"),
                ("学号", "student_number"),
                ("去向代码", "destination_code"),
                ("去向", "destination"),
                ("单位", "employer"),
                ("岗位", "position_title"),
                ("月薪", "salary"),
                ("核实人", "verified_by"),
                ("id", "id"),
            ],
            Kind::Employers => &[
                ("单位名称", "name"),
                ("统一社会信用代码", "credit_code"),
                ("单位性质", "employer_type"),
                ("行业", "industry"),
                ("城市", "city"),
                ("在岗毕业生", "placements"),
                ("协议", "agreements"),
                ("id", "id"),
            ],
            Kind::Institutions => &[
                ("机构名称", "name"),
                ("上级单位", "parent_org"),
                ("类型", "kind"),
                ("统一社会信用代码", "credit_code"),
                ("城市", "city"),
                ("id", "id"),
            ],
            Kind::Agreements => &[
                ("编号", "number"),
                ("类型", "kind"),
                ("合作方", "partner"),
                ("状态", "status"),
                ("开始", "start_date"),
                ("结束", "end_date"),
                ("id", "id"),
            ],
            Kind::Fairs => &[
                ("名称", "name"),
                ("开始", "start_date"),
                ("结束", "end_date"),
                ("方式", "mode"),
                ("地点", "venue"),
                ("id", "id"),
            ],
            Kind::Positions => &[
                ("单位", "employer"),
                ("岗位", "title"),
                ("人数", "headcount"),
                ("月薪下限", "salary_min"),
                ("月薪上限", "salary_max"),
                ("简历", "applications"),
                ("id", "id"),
            ],
            Kind::Applications => &[
                ("姓名", "graduate"),
                ("学号", "student_number"),
                ("单位", "employer"),
                ("岗位", "position"),
                ("状态", "status"),
                ("id", "id"),
            ],
        }
    }

    /// The list filters this kind takes (`search`, `cohort` …); the others are usage errors.
    fn filters(self) -> &'static [&'static str] {
        match self {
            Kind::Programs | Kind::Fairs => &[],
            Kind::Graduates => &["search", "cohort", "program", "class"],
            Kind::Placements => &["cohort", "class", "employer", "unverified", "history"],
            Kind::Employers => &["search", "tag"],
            Kind::Institutions => &["search"],
            Kind::Agreements => &["search", "status", "employer", "expiring"],
            Kind::Positions => &["fair", "employer"],
            Kind::Applications => &["fair", "employer", "status"],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Programs => "programs",
            Kind::Graduates => "graduates",
            Kind::Placements => "placements",
            Kind::Employers => "employers",
            Kind::Institutions => "institutions",
            Kind::Agreements => "agreements",
            Kind::Fairs => "fairs",
            Kind::Positions => "positions",
            Kind::Applications => "applications",
        }
    }
}

pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|e| Failure::Invalid(format!("--json 无法解析：{e}")))
}

fn values<T: Serialize>(items: &[T]) -> Vec<Value> {
    items
        .iter()
        .map(|i| serde_json::to_value(i).unwrap_or(Value::Null))
        .collect()
}

fn value<T: Serialize>(item: &T) -> Value {
    serde_json::to_value(item).unwrap_or(Value::Null)
}

/// Refuses filters the kind does not take.
fn check_filters(kind: Kind, a: &ListArgs) -> Result<(), Failure> {
    let given = [
        ("search", a.search.is_some()),
        ("cohort", a.cohort.is_some()),
        ("program", a.program.is_some()),
        ("class", a.class_name.is_some()),
        ("fair", a.fair.is_some()),
        ("employer", a.employer.is_some()),
        ("status", a.status.is_some()),
        ("tag", a.tag.is_some()),
        ("unverified", a.unverified),
        ("history", a.history),
        ("expiring", a.expiring.is_some()),
    ];
    for (flag, set) in given {
        if set && !kind.filters().contains(&flag) {
            let takes = kind
                .filters()
                .iter()
                .map(|f| format!("--{f}"))
                .collect::<Vec<_>>();
            let takes = if takes.is_empty() {
                "无".to_string()
            } else {
                takes.join(" ")
            };
            return Err(Failure::Usage(format!(
                "{} list 不支持 --{flag}（可用的筛选：{takes}）",
                kind.name()
            )));
        }
    }
    Ok(())
}

fn employer_id(store: &Store, key: &Option<String>) -> Result<Option<String>, Failure> {
    key.as_deref()
        .map(|k| store.employer(k).map(|e| e.id))
        .transpose()
        .map_err(Failure::from)
}

fn fair_id(store: &Store, key: &Option<String>) -> Result<Option<String>, Failure> {
    key.as_deref()
        .map(|k| store.fair(k).map(|f| f.id))
        .transpose()
        .map_err(Failure::from)
}

fn parse_status<T>(
    raw: &Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, Failure> {
    raw.as_deref()
        .map(|s| parse(s).ok_or_else(|| Failure::Usage(format!("不认识的状态“{s}”"))))
        .transpose()
}

/// Applies --offset/--limit to a list the store returns whole.
fn window<T>(mut items: Vec<T>, a: &ListArgs) -> Vec<T> {
    let offset = a.offset.unwrap_or(0) as usize;
    items.drain(..offset.min(items.len()));
    if let Some(l) = a.limit {
        items.truncate(l as usize);
    }
    items
}

/// The matching records as JSON values, with the total before --limit/--offset, and the same
/// records as the table shows them (graduates masked).
pub fn list(
    store: &Store,
    kind: Kind,
    a: &ListArgs,
) -> Result<(Vec<Value>, u32, Vec<Value>), Failure> {
    check_filters(kind, a)?;
    let page = |total: u32, items: Vec<Value>| (items.clone(), total, items);
    Ok(match kind {
        Kind::Programs => {
            let all = store.programs()?;
            let total = all.len() as u32;
            page(total, values(&window(all, a)))
        }
        Kind::Graduates => {
            let p = store.graduates(&GraduateQuery {
                search: a.search.clone(),
                cohort: a.cohort,
                program: a.program.clone(),
                class_name: a.class_name.clone(),
                limit: a.limit,
                offset: a.offset,
                ..Default::default()
            })?;
            let masked: Vec<GraduateRow> = p.items.iter().cloned().map(GraduateRow::from).collect();
            (values(&p.items), p.total, values(&masked))
        }
        Kind::Placements => {
            let p = store.placements(&PlacementQuery {
                cohort: a.cohort,
                class_name: a.class_name.clone(),
                employer_id: employer_id(store, &a.employer)?,
                unverified: a.unverified,
                include_history: a.history,
                limit: a.limit,
                offset: a.offset,
                ..Default::default()
            })?;
            page(p.total, values(&p.items))
        }
        Kind::Employers => {
            let p = store.employers(&PartnerQuery {
                search: a.search.clone(),
                tag: a.tag.clone(),
                limit: a.limit,
                offset: a.offset,
            })?;
            page(p.total, values(&p.items))
        }
        Kind::Institutions => {
            let p = store.institutions(&PartnerQuery {
                search: a.search.clone(),
                limit: a.limit,
                offset: a.offset,
                ..Default::default()
            })?;
            page(p.total, values(&p.items))
        }
        Kind::Agreements => {
            let all = store.agreements(&AgreementQuery {
                search: a.search.clone(),
                status: parse_status(&a.status, AgreementStatus::parse)?,
                employer_id: employer_id(store, &a.employer)?,
                expiring_within_days: a.expiring,
                ..Default::default()
            })?;
            let total = all.len() as u32;
            page(total, values(&window(all, a)))
        }
        Kind::Fairs => {
            let all = store.fairs()?;
            let total = all.len() as u32;
            page(total, values(&window(all, a)))
        }
        Kind::Positions => {
            let p = store.positions(&FairItemQuery {
                fair_id: fair_id(store, &a.fair)?,
                employer_id: employer_id(store, &a.employer)?,
                limit: a.limit,
                offset: a.offset,
                ..Default::default()
            })?;
            page(p.total, values(&p.items))
        }
        Kind::Applications => {
            let p = store.applications(&FairItemQuery {
                fair_id: fair_id(store, &a.fair)?,
                employer_id: employer_id(store, &a.employer)?,
                status: parse_status(&a.status, ApplicationStatus::parse)?,
                limit: a.limit,
                offset: a.offset,
                ..Default::default()
            })?;
            page(p.total, values(&p.items))
        }
    })
}

/// One record as JSON, and as the table shows it.
pub fn get(store: &Store, kind: Kind, id: &str) -> Result<(Value, Value), Failure> {
    let same = |v: Value| (v.clone(), v);
    Ok(match kind {
        Kind::Programs => same(value(&store.program(id)?)),
        Kind::Graduates => {
            let g = store.graduate(id)?;
            (value(&g), value(&GraduateRow::from(g)))
        }
        Kind::Placements => same(value(&store.placement(id)?)),
        Kind::Employers => same(value(&store.employer(id)?)),
        Kind::Institutions => same(value(&store.institution(id)?)),
        Kind::Agreements => same(value(&store.agreement(id)?)),
        Kind::Fairs => {
            let f = store.fair(id)?;
            let mut v = value(&f);
            v["by_program"] = value(&store.fair_program_figures(&f.id)?);
            v["employers"] = value(&store.fair_employers(&f.id)?);
            same(v)
        }
        Kind::Positions => same(value(&store.position(id)?)),
        Kind::Applications => same(value(&store.application(id)?)),
    })
}

/// Creates a record from JSON; returns its id.
pub fn add(store: &mut Store, kind: Kind, json: &str) -> Result<String, Failure> {
    Ok(match kind {
        Kind::Programs => store.create_program(&parse_json(json)?)?.id,
        Kind::Graduates => store.create_graduate(&parse_json(json)?)?.id,
        Kind::Placements => store.record_placement(&parse_json(json)?)?.id,
        Kind::Employers => store.create_employer(&parse_json(json)?)?.id,
        Kind::Institutions => store.create_institution(&parse_json(json)?)?.id,
        Kind::Agreements => store.create_agreement(&parse_json(json)?)?.id,
        Kind::Fairs => store.create_fair(&parse_json(json)?)?.id,
        Kind::Positions => store.create_position(&parse_json(json)?)?.id,
        Kind::Applications => store.create_application(&parse_json(json)?)?.id,
    })
}

/// Changes the given fields of a record; returns its id.
pub fn update(store: &mut Store, kind: Kind, id: &str, json: &str) -> Result<String, Failure> {
    Ok(match kind {
        Kind::Programs => store.update_program(id, &parse_json(json)?)?.id,
        Kind::Graduates => store.update_graduate(id, &parse_json(json)?)?.id,
        Kind::Placements => store.update_placement(id, &parse_json(json)?)?.id,
        Kind::Employers => store.update_employer(id, &parse_json(json)?)?.id,
        Kind::Institutions => store.update_institution(id, &parse_json(json)?)?.id,
        Kind::Agreements => store.update_agreement(id, &parse_json(json)?)?.id,
        Kind::Fairs => store.update_fair(id, &parse_json(json)?)?.id,
        Kind::Positions => store.update_position(id, &parse_json(json)?)?.id,
        Kind::Applications => store.update_application(id, &parse_json(json)?)?.id,
    })
}

pub fn delete(store: &mut Store, kind: Kind, id: &str) -> Result<(), Failure> {
    match kind {
        Kind::Programs => store.delete_program(id)?,
        Kind::Graduates => store.delete_graduate(id)?,
        Kind::Placements => store.delete_placement(id)?,
        Kind::Employers => store.delete_employer(id)?,
        Kind::Institutions => store.delete_institution(id)?,
        Kind::Agreements => store.delete_agreement(id)?,
        Kind::Fairs => store.delete_fair(id)?,
        Kind::Positions => store.delete_position(id)?,
        Kind::Applications => store.delete_application(id)?,
    }
    Ok(())
}
