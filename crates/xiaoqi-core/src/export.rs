//! Exporting lists with their current filter as .xlsx or .csv. The columns are those of the
//! import templates, so an exported file imports back unchanged. ID numbers and phones are
//! masked unless the person asks for them whole; every export is logged (`export_log`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::{
    AgreementKind, AgreementQuery, AgreementStatus, GraduateQuery, PartnerQuery, PlacementQuery,
};
use crate::reference::{employer_type_name, industry_name};
use crate::sheet::{OutSheet, SheetError, write_csv, write_xlsx};
use crate::store::Store;
use crate::validate::id_number::{mask_id_number, mask_phone};

/// What a list export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ExportKind {
    Programs,
    Graduates,
    Placements,
    Employers,
    Institutions,
    Agreements,
    Fairs,
}

impl ExportKind {
    pub const ALL: [ExportKind; 7] = [
        ExportKind::Programs,
        ExportKind::Graduates,
        ExportKind::Placements,
        ExportKind::Employers,
        ExportKind::Institutions,
        ExportKind::Agreements,
        ExportKind::Fairs,
    ];

    pub fn parse(s: &str) -> Option<ExportKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Programs => "programs",
            Self::Graduates => "graduates",
            Self::Placements => "placements",
            Self::Employers => "employers",
            Self::Institutions => "institutions",
            Self::Agreements => "agreements",
            Self::Fairs => "fairs",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Programs => "专业",
            Self::Graduates => "毕业生",
            Self::Placements => "毕业去向",
            Self::Employers => "用人单位",
            Self::Institutions => "科研机构",
            Self::Agreements => "协议",
            Self::Fairs => "双选会",
        }
    }
}

/// The filter of the list being exported: each kind reads the fields its list has.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportFilter {
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub program_id: Option<String>,
    /// Program by name (CLI).
    #[serde(default)]
    pub program: Option<String>,
    #[serde(default)]
    pub cohort: Option<i32>,
    #[serde(default)]
    pub class_name: Option<String>,
    /// Several classes (the teachers' view); with `class_name` too, either matches.
    #[serde(default)]
    pub class_names: Option<Vec<String>>,
    #[serde(default)]
    pub employer_id: Option<String>,
    /// Agreements: of this kind, in this status, signed or active and ending within these days.
    #[serde(default)]
    pub agreement_kind: Option<AgreementKind>,
    #[serde(default)]
    pub status: Option<AgreementStatus>,
    #[serde(default)]
    pub expiring_within_days: Option<u32>,
    #[serde(default)]
    pub unverified: bool,
    #[serde(default)]
    pub tag: Option<String>,
}

fn text(v: Option<impl ToString>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn masked(v: Option<&str>, whole: bool, mask: fn(&str) -> String) -> String {
    match v {
        Some(v) if whole => v.to_string(),
        Some(v) => mask(v),
        None => String::new(),
    }
}

/// Contacts in one cell: `张经理 人事 138****1234；…` (phones as the caller gives them).
fn contacts_cell(contacts: &[crate::model::Contact]) -> String {
    contacts
        .iter()
        .map(|c| {
            [Some(c.name.as_str()), c.role.as_deref(), c.phone.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// The sheet of a list. `whole` writes ID numbers and phones unmasked.
pub fn sheet(store: &Store, kind: ExportKind, f: &ExportFilter, whole: bool) -> Result<OutSheet> {
    let headers = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    Ok(match kind {
        ExportKind::Programs => OutSheet {
            name: kind.label().into(),
            headers: headers(&[
                "专业名称",
                "专业代码",
                "培养层次",
                "学制",
                "所属系部",
                "对口行业",
                "对口岗位关键词",
                "毕业生人数",
            ]),
            number_columns: vec![3, 7],
            rows: store
                .programs()?
                .into_iter()
                .map(|p| {
                    vec![
                        p.name,
                        text(p.code),
                        p.level.as_str().to_string(),
                        p.length_years.to_string(),
                        text(p.department),
                        p.industries.join("、"),
                        p.position_keywords.join("、"),
                        p.graduates.to_string(),
                    ]
                })
                .collect(),
            marks: Vec::new(),
        },
        ExportKind::Graduates => {
            let page = store.graduates(&GraduateQuery {
                search: f.search.clone(),
                program_id: f.program_id.clone(),
                program: f.program.clone(),
                cohort: f.cohort,
                class_name: f.class_name.clone(),
                ..GraduateQuery::default()
            })?;
            OutSheet {
                name: kind.label().into(),
                headers: headers(&[
                    "姓名",
                    "性别",
                    "学号",
                    "身份证号",
                    "手机号码",
                    "专业",
                    "毕业年份",
                    "班级",
                    "班主任",
                    "技能等级",
                    "备注",
                ]),
                number_columns: vec![6],
                rows: page
                    .items
                    .into_iter()
                    .map(|g| {
                        vec![
                            g.name,
                            text(g.gender.map(|x| x.as_str())),
                            g.student_number,
                            masked(g.id_number.as_deref(), whole, mask_id_number),
                            masked(g.phone.as_deref(), whole, mask_phone),
                            g.program,
                            g.cohort.to_string(),
                            text(g.class_name),
                            text(g.homeroom_teacher),
                            text(g.skill_level.map(|x| x.as_str())),
                            text(g.notes),
                        ]
                    })
                    .collect(),
                marks: Vec::new(),
            }
        }
        ExportKind::Placements => {
            let page = store.placements(&PlacementQuery {
                cohort: f.cohort,
                employer_id: f.employer_id.clone(),
                unverified: f.unverified,
                ..PlacementQuery::default()
            })?;
            let program = f.program.as_deref().map(str::trim);
            let classes: Vec<&str> = f
                .class_names
                .iter()
                .flatten()
                .map(String::as_str)
                .chain(f.class_name.as_deref())
                .collect();
            OutSheet {
                name: kind.label().into(),
                headers: headers(&[
                    "学号",
                    "姓名",
                    "专业",
                    "毕业年份",
                    "班级",
                    "毕业去向代码",
                    "毕业去向",
                    "单位名称",
                    "岗位",
                    "行业",
                    "工作地点",
                    "入职日期",
                    "起薪",
                    "合同类型",
                    "是否对口",
                    "核实人",
                    "核实时间",
                    "备注",
                ]),
                number_columns: vec![3, 12],
                rows: page
                    .items
                    .into_iter()
                    .filter(|p| program.is_none_or(|name| p.program == name))
                    .filter(|p| {
                        classes.is_empty()
                            || p.class_name
                                .as_deref()
                                .is_some_and(|c| classes.contains(&c))
                    })
                    .map(|p| {
                        vec![
                            p.student_number,
                            p.graduate,
                            p.program,
                            p.cohort.to_string(),
                            text(p.class_name),
                            p.destination_code,
                            p.destination,
                            text(p.employer.or(p.institution)),
                            text(p.position_title),
                            text(p.industry.as_deref().and_then(industry_name)),
                            text(p.city),
                            text(p.start_date),
                            text(p.salary),
                            text(p.contract_type.map(|c| c.as_str())),
                            text(p.in_field.map(|b| if b { "是" } else { "否" })),
                            text(p.verified_by),
                            text(
                                p.verified_at
                                    .map(|t| t.chars().take(10).collect::<String>()),
                            ),
                            text(p.notes),
                        ]
                    })
                    .collect(),
                marks: Vec::new(),
            }
        }
        ExportKind::Employers => {
            let page = store.employers(&PartnerQuery {
                search: f.search.clone(),
                tag: f.tag.clone(),
                ..PartnerQuery::default()
            })?;
            let mut rows = Vec::with_capacity(page.items.len());
            for e in page.items {
                // The list masks contacts' phones; a whole export reads them from the record.
                let contacts = if whole {
                    store.employer(&e.id)?.contacts
                } else {
                    e.contacts
                };
                rows.push(vec![
                    e.name,
                    text(e.credit_code),
                    text(e.employer_type.as_deref().and_then(employer_type_name)),
                    text(e.industry.as_deref().and_then(industry_name)),
                    text(e.city),
                    text(e.address),
                    text(e.size.map(|s| s.as_str())),
                    e.tags.join("、"),
                    contacts_cell(&contacts),
                    e.placements.to_string(),
                    e.agreements.to_string(),
                    text(e.notes),
                ]);
            }
            OutSheet {
                name: kind.label().into(),
                headers: headers(&[
                    "单位名称",
                    "统一社会信用代码",
                    "单位性质",
                    "行业",
                    "所在地",
                    "地址",
                    "规模",
                    "标签",
                    "联系人",
                    "在岗毕业生",
                    "协议数",
                    "备注",
                ]),
                number_columns: vec![9, 10],
                rows,
                marks: Vec::new(),
            }
        }
        ExportKind::Institutions => {
            let page = store.institutions(&PartnerQuery {
                search: f.search.clone(),
                ..PartnerQuery::default()
            })?;
            let mut rows = Vec::with_capacity(page.items.len());
            for i in page.items {
                let contacts = if whole {
                    store.institution(&i.id)?.contacts
                } else {
                    i.contacts
                };
                rows.push(vec![
                    i.name,
                    text(i.parent_org),
                    i.kind.as_str().to_string(),
                    text(i.credit_code),
                    text(i.city),
                    text(i.address),
                    contacts_cell(&contacts),
                    i.placements.to_string(),
                    i.agreements.to_string(),
                    text(i.notes),
                ]);
            }
            OutSheet {
                name: kind.label().into(),
                headers: headers(&[
                    "机构名称",
                    "所属单位",
                    "类型",
                    "统一社会信用代码",
                    "所在地",
                    "地址",
                    "联系人",
                    "在岗毕业生",
                    "协议数",
                    "备注",
                ]),
                number_columns: vec![7, 8],
                rows,
                marks: Vec::new(),
            }
        }
        ExportKind::Fairs => OutSheet {
            name: kind.label().into(),
            headers: headers(&[
                "名称",
                "开始日期",
                "结束日期",
                "形式",
                "地点",
                "参会单位",
                "岗位",
                "招聘人数",
                "简历",
                "意向",
                "签约",
                "备注",
            ]),
            number_columns: vec![5, 6, 7, 8, 9, 10],
            rows: store
                .fairs()?
                .into_iter()
                .map(|fair| {
                    let n = &fair.figures;
                    vec![
                        fair.name,
                        fair.start_date,
                        fair.end_date,
                        fair.mode.as_str().to_string(),
                        text(fair.venue),
                        n.employers.to_string(),
                        n.positions.to_string(),
                        n.headcount.to_string(),
                        n.resumes.to_string(),
                        n.intentions.to_string(),
                        n.signings.to_string(),
                        text(fair.notes),
                    ]
                })
                .collect(),
            marks: Vec::new(),
        },
        ExportKind::Agreements => {
            let items = store.agreements(&AgreementQuery {
                search: f.search.clone(),
                employer_id: f.employer_id.clone(),
                kind: f.agreement_kind,
                status: f.status,
                expiring_within_days: f.expiring_within_days,
                ..AgreementQuery::default()
            })?;
            OutSheet {
                name: kind.label().into(),
                headers: headers(&[
                    "协议编号",
                    "协议类型",
                    "名称",
                    "合作方",
                    "涉及专业",
                    "开始日期",
                    "结束日期",
                    "状态",
                    "备注",
                ]),
                number_columns: vec![],
                rows: items
                    .into_iter()
                    .map(|a| {
                        vec![
                            a.number,
                            a.kind.as_str().to_string(),
                            a.title,
                            a.partner,
                            a.program_names.join("、"),
                            text(a.start_date),
                            text(a.end_date),
                            a.status.as_str().to_string(),
                            text(a.notes),
                        ]
                    })
                    .collect(),
                marks: Vec::new(),
            }
        }
    })
}

/// Writes a sheet as .xlsx or .csv, by the file's extension.
pub fn write_sheet(path: &Path, sheet: &OutSheet) -> Result<()> {
    let ext = crate::sheet::extension(path);
    match ext.as_str() {
        "xlsx" => write_xlsx(path, std::slice::from_ref(sheet))?,
        "csv" => write_csv(path, sheet)?,
        _ => {
            return Err(CoreError::File(SheetError::UnknownFormat {
                path: path.to_path_buf(),
            }));
        }
    }
    Ok(())
}

/// Exports a list to `path` and logs it; returns the number of rows written.
pub fn export(
    store: &Store,
    kind: ExportKind,
    filter: &ExportFilter,
    whole: bool,
    path: &Path,
    operator: Option<&str>,
) -> Result<u32> {
    if whole {
        store.require_role(&[crate::model::Role::Admin], "导出完整的身份证号和手机号")?;
    }
    let sheet = sheet(store, kind, filter, whole)?;
    write_sheet(path, &sheet)?;
    let rows = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    store.log_export(kind.as_str(), rows, whole, &name, operator)?;
    Ok(rows)
}
