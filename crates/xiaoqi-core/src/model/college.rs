//! The college this install belongs to (学校信息).

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct College {
    pub id: String,
    pub name: String,
    pub code: Option<String>,
    pub city: Option<String>,
    /// The local minimum monthly wage (最低工资标准), CNY: flexible employment paid below it is
    /// flagged.
    pub min_wage: Option<u32>,
    /// The destination code list new placements use.
    pub code_list: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Fields to set on the college profile; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct CollegeInput {
    pub name: Option<String>,
    pub code: Option<String>,
    pub city: Option<String>,
    /// CNY per month; 0 clears it.
    pub min_wage: Option<u32>,
    pub code_list: Option<String>,
}

impl CollegeInput {
    pub(crate) fn check(&self) -> FieldErrors {
        let mut errs = FieldErrors::default();
        if let Some(n) = &self.name {
            if crate::validate::normalize::clean_text(n).is_none() {
                errs.push(FieldError::new("name", "required", "请填写学校名称"));
            } else if n.chars().count() > 100 {
                errs.push(FieldError::new(
                    "name",
                    "too_long",
                    "学校名称不能超过 100 个字",
                ));
            }
        }
        if let Some(w) = self.min_wage
            && w > 100_000
        {
            errs.push(FieldError::new(
                "min_wage",
                "range",
                "最低工资标准应在 0 到 100,000 元之间",
            ));
        }
        errs
    }
}
