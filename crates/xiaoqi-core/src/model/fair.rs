//! Job fairs (双选会): the event, its employers with their booths, positions, and applications
//! moving applied → interviewed → intention → signed. A signing creates the placement.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum FairMode {
    #[serde(rename = "现场", alias = "onsite", alias = "on_site")]
    OnSite,
    #[serde(rename = "线上", alias = "online")]
    Online,
    #[serde(rename = "线上线下", alias = "hybrid")]
    Hybrid,
}

impl FairMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnSite => "现场",
            Self::Online => "线上",
            Self::Hybrid => "线上线下",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
    }
}

/// A fair's figures, as the seed article reports them (defined with the other indicators, which
/// the provincial server adds up too).
pub use xiaoqi_protocol::indicators::FairFigures;

/// A fair's figures for one program (of the applicants; positions by the programs they want).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProgramFigures {
    pub program_id: String,
    pub program: String,
    pub positions: u32,
    pub headcount: u32,
    pub resumes: u32,
    pub intentions: u32,
    pub signings: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Fair {
    pub id: String,
    pub name: String,
    /// YYYY-MM-DD
    pub start_date: String,
    pub end_date: String,
    pub mode: FairMode,
    pub venue: Option<String>,
    pub notes: Option<String>,
    pub figures: FairFigures,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct FairInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub mode: Option<FairMode>,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl FairInput {
    pub(crate) fn check(&self, creating: bool) -> FieldErrors {
        let mut errs = FieldErrors::default();
        match super::text(&self.name) {
            Some(None) => errs.push(FieldError::new("name", "required", "请填写双选会名称")),
            None if creating => errs.push(FieldError::new("name", "required", "请填写双选会名称")),
            _ => {}
        }
        for (field, value, label) in [
            ("start_date", &self.start_date, "开始日期"),
            ("end_date", &self.end_date, "结束日期"),
        ] {
            match value.as_deref().map(str::trim) {
                Some("") => errs.push(FieldError::new(field, "required", format!("请填写{label}"))),
                None if creating => {
                    errs.push(FieldError::new(field, "required", format!("请填写{label}")))
                }
                Some(d) => {
                    super::placement::check_date(d, field, &mut errs);
                }
                None => {}
            }
        }
        if creating && self.mode.is_none() {
            errs.push(FieldError::new(
                "mode",
                "required",
                "请选择举办方式（现场、线上或线上线下）",
            ));
        }
        errs
    }
}

/// An employer taking part in a fair, with its booth (展位).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FairEmployer {
    pub id: String,
    pub fair_id: String,
    pub employer_id: String,
    pub employer: String,
    pub booth: Option<String>,
    pub positions: u32,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct FairEmployerInput {
    #[serde(default)]
    pub fair_id: Option<String>,
    #[serde(default)]
    pub employer_id: Option<String>,
    /// The employer by name or credit code.
    #[serde(default)]
    pub employer: Option<String>,
    #[serde(default)]
    pub booth: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Position {
    pub id: String,
    pub fair_id: String,
    pub fair: String,
    pub employer_id: String,
    pub employer: String,
    pub title: String,
    pub headcount: u32,
    /// Program ids wanted; empty means any.
    pub programs: Vec<String>,
    pub program_names: Vec<String>,
    /// Monthly salary range, CNY.
    pub salary_min: Option<u32>,
    pub salary_max: Option<u32>,
    pub city: Option<String>,
    pub notes: Option<String>,
    pub applications: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// Fields of a position (岗位). The employer joins the fair's employers if it has not yet.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PositionInput {
    #[serde(default)]
    pub fair_id: Option<String>,
    #[serde(default)]
    pub employer_id: Option<String>,
    #[serde(default)]
    pub employer: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub headcount: Option<i32>,
    /// Program ids or names.
    #[serde(default)]
    pub programs: Option<Vec<String>>,
    #[serde(default)]
    pub salary_min: Option<i32>,
    #[serde(default)]
    pub salary_max: Option<i32>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl PositionInput {
    pub(crate) fn check(&self, creating: bool) -> FieldErrors {
        let mut errs = FieldErrors::default();
        if creating && self.fair_id.is_none() {
            errs.push(FieldError::new("fair_id", "required", "请选择双选会"));
        }
        if creating && self.employer_id.is_none() && self.employer.is_none() {
            errs.push(FieldError::new("employer", "required", "请选择用人单位"));
        }
        match super::text(&self.title) {
            Some(None) => errs.push(FieldError::new("title", "required", "请填写岗位名称")),
            None if creating => errs.push(FieldError::new("title", "required", "请填写岗位名称")),
            _ => {}
        }
        match self.headcount {
            None if creating => {
                errs.push(FieldError::new("headcount", "required", "请填写招聘人数"))
            }
            Some(n) if !(1..=10_000).contains(&n) => errs.push(
                FieldError::new("headcount", "range", "招聘人数应在 1 到 10,000 之间")
                    .with("min", 1)
                    .with("max", 10_000),
            ),
            _ => {}
        }
        for (field, v) in [
            ("salary_min", self.salary_min),
            ("salary_max", self.salary_max),
        ] {
            if let Some(s) = v
                && !(0..=1_000_000).contains(&s)
            {
                errs.push(
                    FieldError::new(field, "range", "月薪应在 0 到 1,000,000 元之间")
                        .with("min", 0)
                        .with("max", 1_000_000),
                );
            }
        }
        if let (Some(lo), Some(hi)) = (self.salary_min, self.salary_max)
            && hi < lo
        {
            errs.push(
                FieldError::new(
                    "salary_max",
                    "below_min",
                    format!("月薪上限 {hi} 低于下限 {lo}"),
                )
                .with("min", lo)
                .with("max", hi),
            );
        }
        errs
    }
}

/// applied → interviewed → intention → signed; declined from any step before signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ApplicationStatus {
    #[serde(rename = "已投递", alias = "applied")]
    Applied,
    #[serde(rename = "已面试", alias = "interviewed")]
    Interviewed,
    #[serde(rename = "意向", alias = "intention", alias = "就业意向")]
    Intention,
    #[serde(rename = "已签约", alias = "signed")]
    Signed,
    #[serde(rename = "未录用", alias = "declined")]
    Declined,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "已投递",
            Self::Interviewed => "已面试",
            Self::Intention => "意向",
            Self::Signed => "已签约",
            Self::Declined => "未录用",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
    }
    /// Steps allowed by an update; signing goes through `sign`, which records the destination.
    pub fn can_move_to(self, to: ApplicationStatus) -> bool {
        use ApplicationStatus::*;
        match (self, to) {
            (Signed, _) | (_, Signed) => false,
            (Declined, _) => false,
            (_, Declined) => true,
            (from, to) => to > from,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Application {
    pub id: String,
    pub fair_id: String,
    pub position_id: String,
    pub position: String,
    pub employer_id: String,
    pub employer: String,
    pub graduate_id: String,
    pub graduate: String,
    pub student_number: String,
    pub program: String,
    pub status: ApplicationStatus,
    /// The placement its signing created.
    pub placement_id: Option<String>,
    pub history: Vec<super::agreement::Step>,
    pub notes: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// An application (投递简历). The graduate by `graduate_id` or `graduate` (student number).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    #[serde(default)]
    pub position_id: Option<String>,
    #[serde(default)]
    pub graduate_id: Option<String>,
    #[serde(default)]
    pub graduate: Option<String>,
    #[serde(default)]
    pub status: Option<ApplicationStatus>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Which positions or applications a list shows.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct FairItemQuery {
    pub fair_id: Option<String>,
    pub employer_id: Option<String>,
    pub position_id: Option<String>,
    pub graduate_id: Option<String>,
    pub status: Option<ApplicationStatus>,
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;

    #[test]
    fn applications_move_forward_and_sign_only_through_signing() {
        assert!(Applied.can_move_to(Interviewed));
        assert!(Applied.can_move_to(Intention));
        assert!(!Intention.can_move_to(Applied));
        assert!(!Intention.can_move_to(Signed));
        assert!(Interviewed.can_move_to(Declined));
        assert!(!Signed.can_move_to(Declined));
        assert!(!Declined.can_move_to(Applied));
    }
}
