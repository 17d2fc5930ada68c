//! Research institutions (科研机构): university labs, research centres, enterprise R&D.

use serde::{Deserialize, Serialize};

use super::contact::{Contact, clean_contacts};
use crate::error::{FieldError, FieldErrors};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum InstitutionKind {
    /// 高校实验室, a university laboratory or college.
    #[serde(rename = "高校实验室", alias = "university_lab")]
    UniversityLab,
    /// 研究中心, a research centre or institute.
    #[serde(
        rename = "研究中心",
        alias = "research_center",
        alias = "research_centre"
    )]
    ResearchCenter,
    /// 企业研发机构, an enterprise R&D department.
    #[serde(rename = "企业研发机构", alias = "enterprise_rd")]
    EnterpriseRd,
}

impl InstitutionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UniversityLab => "高校实验室",
            Self::ResearchCenter => "研究中心",
            Self::EnterpriseRd => "企业研发机构",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Institution {
    pub id: String,
    pub name: String,
    /// 上级单位, e.g. 北京大学 for its College of Chemistry.
    pub parent_org: Option<String>,
    pub kind: InstitutionKind,
    pub city: Option<String>,
    pub contacts: Vec<Contact>,
    pub notes: Option<String>,
    /// Current placements of graduates here.
    pub placements: u32,
    pub agreements: u32,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct InstitutionInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub parent_org: Option<String>,
    #[serde(default)]
    pub kind: Option<InstitutionKind>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub contacts: Option<Vec<Contact>>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl InstitutionInput {
    pub(crate) fn check(&self, creating: bool) -> (Option<Vec<Contact>>, FieldErrors) {
        let mut errs = FieldErrors::default();
        match super::text(&self.name) {
            Some(None) => errs.push(FieldError::new("name", "required", "请填写机构名称")),
            None if creating => errs.push(FieldError::new("name", "required", "请填写机构名称")),
            Some(Some(n)) if n.chars().count() > 100 => errs.push(FieldError::new(
                "name",
                "too_long",
                "机构名称不能超过 100 个字",
            )),
            _ => {}
        }
        if creating && self.kind.is_none() {
            errs.push(FieldError::new(
                "kind",
                "required",
                "请选择机构类型（高校实验室、研究中心或企业研发机构）",
            ));
        }
        let contacts = self.contacts.as_ref().map(|c| clean_contacts(c, &mut errs));
        (contacts, errs)
    }
}
