//! Placements (毕业去向): a graduate's destination, coded from a versioned code list. A graduate
//! has one current placement; recording a new destination keeps the earlier ones as history.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};

/// One destination code of a code list (毕业去向代码).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DestinationCode {
    pub code: String,
    pub name: String,
    /// 协议和合同就业, 灵活就业, 创业, 升学, 待就业 or 暂不就业 (as the list names them).
    pub group: String,
    /// Counts towards the employment rate (就业率).
    pub employed: bool,
    /// Needs pay at or above the local minimum wage (12, 76, 271 in the 2021 list).
    pub wage_rule: bool,
    /// Needs an employer or research institution.
    pub needs_employer: bool,
}

/// A versioned destination code list, as shipped in `data/` or loaded from a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct CodeList {
    pub version: String,
    pub title: String,
    pub codes: Vec<DestinationCode>,
}

/// Contract type (合同类型) of a placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ContractType {
    #[serde(
        rename = "劳动合同",
        alias = "labour_contract",
        alias = "labor_contract"
    )]
    LabourContract,
    #[serde(rename = "就业协议", alias = "employment_agreement")]
    EmploymentAgreement,
    #[serde(rename = "劳务合同", alias = "service_contract")]
    ServiceContract,
    #[serde(rename = "其他", alias = "other")]
    Other,
    #[serde(rename = "无", alias = "none")]
    None,
}

impl ContractType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LabourContract => "劳动合同",
            Self::EmploymentAgreement => "就业协议",
            Self::ServiceContract => "劳务合同",
            Self::Other => "其他",
            Self::None => "无",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
    }
}

/// What an evidence file shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum EvidenceKind {
    #[serde(
        rename = "劳动合同",
        alias = "labour_contract",
        alias = "labor_contract"
    )]
    LabourContract,
    #[serde(rename = "就业协议书", alias = "employment_agreement")]
    EmploymentAgreement,
    #[serde(rename = "录用通知", alias = "offer")]
    Offer,
    #[serde(rename = "社保缴纳证明", alias = "social_insurance")]
    SocialInsurance,
    #[serde(rename = "录取通知书", alias = "admission")]
    Admission,
    #[serde(
        rename = "营业执照",
        alias = "business_licence",
        alias = "business_license"
    )]
    BusinessLicence,
    /// 实习证明: not proof of employment.
    #[serde(rename = "实习证明", alias = "internship")]
    Internship,
    #[serde(rename = "其他", alias = "other")]
    Other,
}

/// A file kept as evidence of a placement, stored in the app's data folder by content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// SHA-256 of the content, lower-case hex: the file's name in the evidence folder.
    pub sha256: String,
    /// The file's original name.
    pub name: String,
    pub kind: EvidenceKind,
    pub size: u32,
    pub added_at: String,
}

/// A rule the placement breaks; saved anyway, shown wherever the placement appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Warning {
    /// Stable code, an i18n key: `placement.wage_below_minimum`, `placement.wage_missing`,
    /// `placement.internship_only`.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Placement {
    pub id: String,
    pub graduate_id: String,
    pub graduate: String,
    pub student_number: String,
    pub program: String,
    pub cohort: i32,
    pub class_name: Option<String>,
    /// The code list version the destination code belongs to.
    pub code_list: String,
    pub destination_code: String,
    pub destination: String,
    pub destination_group: String,
    pub employed: bool,
    pub employer_id: Option<String>,
    pub employer: Option<String>,
    pub institution_id: Option<String>,
    pub institution: Option<String>,
    pub position_title: Option<String>,
    /// Section letter of GB/T 4754-2017.
    pub industry: Option<String>,
    pub city: Option<String>,
    /// YYYY-MM-DD
    pub start_date: Option<String>,
    /// Monthly starting salary (起薪), CNY.
    pub salary: Option<u32>,
    pub contract_type: Option<ContractType>,
    /// In-field (对口), as recorded.
    pub in_field: Option<bool>,
    /// What the program's rules propose for in-field; `None` when they cannot tell.
    pub in_field_rule: Option<bool>,
    pub evidence: Vec<Evidence>,
    pub verified_by: Option<String>,
    pub verified_at: Option<String>,
    /// False for an earlier destination kept as history.
    pub current: bool,
    pub superseded_at: Option<String>,
    pub notes: Option<String>,
    pub warnings: Vec<Warning>,
    pub created_at: String,
    pub updated_at: String,
}

/// Fields of a placement. The graduate is named by `graduate_id` or `graduate` (student
/// number); the employer by `employer_id` or `employer` (name or credit code); the institution
/// by `institution_id` or `institution` (name). On update, absent fields stay as they are and an
/// empty text clears an optional one. `verified_by` with a name verifies the placement now; an
/// empty one marks it unverified again.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PlacementInput {
    #[serde(default)]
    pub graduate_id: Option<String>,
    #[serde(default)]
    pub graduate: Option<String>,
    #[serde(default)]
    pub destination_code: Option<String>,
    #[serde(default)]
    pub employer_id: Option<String>,
    #[serde(default)]
    pub employer: Option<String>,
    #[serde(default)]
    pub institution_id: Option<String>,
    #[serde(default)]
    pub institution: Option<String>,
    #[serde(default)]
    pub position_title: Option<String>,
    #[serde(default)]
    pub industry: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub salary: Option<i32>,
    #[serde(default)]
    pub contract_type: Option<ContractType>,
    #[serde(default)]
    pub in_field: Option<bool>,
    #[serde(default)]
    pub verified_by: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl PlacementInput {
    /// Checks the plain fields; references and the code are resolved by the store.
    pub(crate) fn check(&self, creating: bool) -> FieldErrors {
        let mut errs = FieldErrors::default();
        if creating && self.graduate_id.is_none() && self.graduate.is_none() {
            errs.push(FieldError::new("graduate", "required", "请选择毕业生"));
        }
        match self.destination_code.as_deref().map(str::trim) {
            Some("") => errs.push(FieldError::new(
                "destination_code",
                "required",
                "请选择毕业去向",
            )),
            None if creating => errs.push(FieldError::new(
                "destination_code",
                "required",
                "请选择毕业去向",
            )),
            _ => {}
        }
        if let Some(s) = self.salary
            && !(0..=1_000_000).contains(&s)
        {
            errs.push(
                FieldError::new("salary", "range", "月起薪应在 0 到 1,000,000 元之间")
                    .with("min", 0)
                    .with("max", 1_000_000),
            );
        }
        if let Some(d) = &self.start_date {
            check_date(d, "start_date", &mut errs);
        }
        if let Some(Some(t)) = super::text(&self.position_title)
            && t.chars().count() > 60
        {
            errs.push(FieldError::new(
                "position_title",
                "too_long",
                "岗位名称不能超过 60 个字",
            ));
        }
        errs
    }
}

/// A date as YYYY-MM-DD (blank allowed: it clears); pushes a field error otherwise.
pub(crate) fn check_date(raw: &str, field: &str, errs: &mut FieldErrors) -> Option<String> {
    let v = raw.trim();
    if v.is_empty() {
        return None;
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(v, format) {
        Ok(d) => Some(d.format(format).unwrap_or_else(|_| v.to_string())),
        Err(_) => {
            errs.push(
                FieldError::new(
                    field,
                    "date",
                    format!("日期“{v}”无效，请写成 YYYY-MM-DD（如 2025-07-01）"),
                )
                .with("value", v),
            );
            None
        }
    }
}

/// The destination status of a graduate, as the teachers' view colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DestinationStatus {
    /// No destination recorded yet.
    None,
    /// A destination recorded, not yet verified.
    Unverified,
    Verified,
}

/// One graduate of a class with their current destination (the teachers' view).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClassMember {
    pub graduate_id: String,
    pub name: String,
    pub student_number: String,
    pub program: String,
    pub status: DestinationStatus,
    pub placement_id: Option<String>,
    pub destination_code: Option<String>,
    pub destination: Option<String>,
    pub destination_group: Option<String>,
    pub employed: bool,
    pub employer: Option<String>,
    pub position_title: Option<String>,
    pub salary: Option<u32>,
    pub in_field: Option<bool>,
    pub warnings: u32,
}

/// A class's destinations: its members and its figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClassView {
    pub cohort: i32,
    pub class_name: String,
    pub members: Vec<ClassMember>,
    pub total: u32,
    /// With any destination recorded.
    pub recorded: u32,
    /// With a destination that counts as employed.
    pub employed: u32,
    pub verified: u32,
}

/// Which placements a list shows.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct PlacementQuery {
    pub graduate_id: Option<String>,
    pub employer_id: Option<String>,
    pub institution_id: Option<String>,
    pub cohort: Option<i32>,
    pub class_name: Option<String>,
    /// Only those not verified yet.
    pub unverified: bool,
    /// Earlier destinations too (history).
    pub include_history: bool,
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}
