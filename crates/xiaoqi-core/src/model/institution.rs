//! Research institutions (科研机构): university labs, research centres, enterprise R&D.

use serde::{Deserialize, Serialize};

use super::contact::{Contact, clean_contacts};
use super::employer::clean_credit_code;
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
    /// The unified social credit code the institution signs under (a university's laboratory
    /// signs under the university's).
    pub credit_code: Option<String>,
    /// False when the credit code fails its check digit and was saved with the warning accepted,
    /// as for employers.
    pub credit_code_ok: bool,
    pub address: Option<String>,
    pub contacts: Vec<Contact>,
    pub notes: Option<String>,
    /// Current placements of graduates here.
    pub placements: u32,
    pub agreements: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// Fields of an institution to create or change; absent fields stay as they are, an empty text
/// clears an optional one. `accept_warnings` saves despite a failed credit-code check digit.
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
    pub credit_code: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub contacts: Option<Vec<Contact>>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub accept_warnings: Option<bool>,
}

/// An institution input after checking: values ready to store.
#[derive(Debug, Default)]
pub(crate) struct CleanInstitution {
    pub credit_code: Option<Option<String>>,
    pub credit_code_ok: bool,
    pub contacts: Option<Vec<Contact>>,
}

impl InstitutionInput {
    pub(crate) fn check(&self, creating: bool) -> (CleanInstitution, FieldErrors) {
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
        let (credit_code, credit_code_ok) = clean_credit_code(
            self.credit_code.as_deref(),
            Some(self.accept_warnings == Some(true)),
            &mut errs,
        );
        let contacts = self.contacts.as_ref().map(|c| clean_contacts(c, &mut errs));
        (
            CleanInstitution {
                credit_code,
                credit_code_ok,
                contacts,
            },
            errs,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_are_checked_as_employers_are() {
        let mut input = InstitutionInput {
            name: Some("松山湖材料实验室".into()),
            kind: Some(InstitutionKind::ResearchCenter),
            credit_code: Some(" 91350100m000100y43 ".into()),
            ..Default::default()
        };
        let (clean, errs) = input.check(true);
        assert!(errs.is_empty(), "{errs}");
        assert_eq!(clean.credit_code, Some(Some("91350100M000100Y43".into())));
        assert!(clean.credit_code_ok);

        input.credit_code = Some("91350100M000100Y44".into());
        let (_, errs) = input.check(true);
        assert_eq!(errs.0[0].field, "credit_code");
        assert_eq!(errs.0[0].code, "credit_code.check_digit");
        assert_eq!(
            errs.0[0].params.get("can_accept").map(String::as_str),
            Some("true")
        );
        input.accept_warnings = Some(true);
        let (clean, errs) = input.check(true);
        assert!(errs.is_empty(), "{errs}");
        assert_eq!(clean.credit_code, Some(Some("91350100M000100Y44".into())));
        assert!(!clean.credit_code_ok);

        // Lost digits are never accepted; blank clears; absent leaves it.
        input.credit_code = Some("9.13501E+17".into());
        assert_eq!(
            input.check(true).1.0[0].code,
            "credit_code.scientific_notation"
        );
        input.credit_code = Some(" ".into());
        assert_eq!(input.check(false).0.credit_code, Some(None));
        input.credit_code = None;
        assert_eq!(input.check(false).0.credit_code, None);
    }
}
