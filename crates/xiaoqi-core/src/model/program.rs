//! Programs (专业): name unique per college, catalog code, training level, length, department.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};

/// Training level (培养层次) of a technical-college program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TrainingLevel {
    /// 中级工, intermediate worker.
    #[serde(rename = "中级工", alias = "intermediate")]
    Intermediate,
    /// 高级工, advanced worker.
    #[serde(rename = "高级工", alias = "advanced")]
    Advanced,
    /// 预备技师, preparatory technician (technician colleges).
    #[serde(rename = "预备技师", alias = "technician", alias = "pre_technician")]
    PreTechnician,
}

impl TrainingLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Intermediate => "中级工",
            Self::Advanced => "高级工",
            Self::PreTechnician => "预备技师",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Program {
    pub id: String,
    pub name: String,
    /// Catalog code (专业代码), e.g. `0305-4`.
    pub code: Option<String>,
    pub level: TrainingLevel,
    pub length_years: u8,
    pub department: Option<String>,
    /// Industries (GB/T 4754 section letters) where a job counts as in-field (对口).
    pub industries: Vec<String>,
    /// Words in a position title that make a job in-field, e.g. 机器人, 运维.
    pub position_keywords: Vec<String>,
    /// Graduates recorded under this program.
    pub graduates: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// Fields of a program to create or change; on update, absent fields stay as they are and an
/// empty text clears an optional field.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ProgramInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub level: Option<TrainingLevel>,
    #[serde(default)]
    pub length_years: Option<u8>,
    #[serde(default)]
    pub department: Option<String>,
    /// Section letters or names (`C`, `制造业`).
    #[serde(default)]
    pub industries: Option<Vec<String>>,
    #[serde(default)]
    pub position_keywords: Option<Vec<String>>,
}

impl ProgramInput {
    /// The in-field rule's industries as section letters (errors for unknown ones).
    pub(crate) fn industry_codes(&self, errs: &mut FieldErrors) -> Option<Vec<String>> {
        let list = self.industries.as_ref()?;
        let mut out: Vec<String> = Vec::new();
        for v in list {
            if let Some(code) = super::employer::check_industry(v, "industries", errs)
                && !out.contains(&code)
            {
                out.push(code);
            }
        }
        Some(out)
    }

    /// Checks the fields given; `creating` also requires the mandatory ones.
    pub(crate) fn check(&self, creating: bool) -> FieldErrors {
        let mut errs = FieldErrors::default();
        self.industry_codes(&mut errs);
        match super::text(&self.name) {
            Some(None) => errs.push(FieldError::new("name", "required", "请填写专业名称")),
            None if creating => errs.push(FieldError::new("name", "required", "请填写专业名称")),
            Some(Some(n)) if n.chars().count() > 60 => errs.push(FieldError::new(
                "name",
                "too_long",
                "专业名称不能超过 60 个字",
            )),
            _ => {}
        }
        if let Some(Some(code)) = super::text(&self.code) {
            let ok = code.len() <= 20
                && code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if !ok {
                errs.push(FieldError::new(
                    "code",
                    "format",
                    "专业代码只能包含字母、数字和“-”，最多 20 位",
                ));
            }
        }
        if creating && self.level.is_none() {
            errs.push(FieldError::new(
                "level",
                "required",
                "请选择培养层次（中级工、高级工或预备技师）",
            ));
        }
        match self.length_years {
            None if creating => errs.push(FieldError::new(
                "length_years",
                "required",
                "请填写学制（年）",
            )),
            Some(y) if !(1..=6).contains(&y) => errs.push(
                FieldError::new("length_years", "range", "学制应为 1 到 6 年")
                    .with("min", 1)
                    .with("max", 6),
            ),
            _ => {}
        }
        errs
    }
}
