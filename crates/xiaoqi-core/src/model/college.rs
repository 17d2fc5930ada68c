//! The college this install belongs to (学校信息).

use serde::{Deserialize, Serialize};

use super::contact::{Contact, clean_contacts};
use super::employer::clean_credit_code;
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
    /// The college's unified social credit code (a public institution's begins with 12), as
    /// 甲方 of its agreements.
    pub credit_code: Option<String>,
    pub address: Option<String>,
    /// Who the college's agreements name as its contact (the first with a name).
    pub contacts: Vec<Contact>,
    pub created_at: String,
    pub updated_at: String,
}

/// Fields to set on the college profile; absent fields stay as they are, an empty text clears
/// an optional one. A credit code failing its check digit is refused: the college keeps no
/// `credit_code_ok` to show such a code with its warning, as employers and institutions do.
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
    #[serde(default)]
    pub credit_code: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub contacts: Option<Vec<Contact>>,
}

/// A college input after checking: values ready to store.
#[derive(Debug, Default)]
pub(crate) struct CleanCollege {
    pub credit_code: Option<Option<String>>,
    pub contacts: Option<Vec<Contact>>,
}

impl CollegeInput {
    pub(crate) fn check(&self) -> (CleanCollege, FieldErrors) {
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
        let (credit_code, _) = clean_credit_code(self.credit_code.as_deref(), None, &mut errs);
        let contacts = self.contacts.as_ref().map(|c| clean_contacts(c, &mut errs));
        (
            CleanCollege {
                credit_code,
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
    fn the_colleges_credit_code_and_contacts_are_checked() {
        let input = CollegeInput {
            credit_code: Some(" 12441900 mb2c51730 8".into()),
            contacts: Some(vec![Contact {
                name: " 陈思远 ".into(),
                role: Some("就业办主任".into()),
                phone: Some("0769-2289 6100".into()),
                email: None,
            }]),
            ..Default::default()
        };
        let (clean, errs) = input.check();
        assert!(errs.is_empty(), "{errs}");
        assert_eq!(clean.credit_code, Some(Some("12441900MB2C517308".into())));
        let contacts = clean.contacts.expect("contacts");
        assert_eq!(contacts[0].name, "陈思远");
        assert_eq!(contacts[0].phone.as_deref(), Some("0769-22896100"));

        // A failed check digit is refused, with no offer to keep it.
        let bad = CollegeInput {
            credit_code: Some("91350100M000100Y44".into()),
            contacts: Some(vec![Contact {
                phone: Some("12345".into()),
                ..Default::default()
            }]),
            ..Default::default()
        };
        let (_, errs) = bad.check();
        let found: Vec<(&str, &str)> = errs
            .0
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("credit_code", "credit_code.check_digit"),
                ("contacts[0].name", "contacts.name.required")
            ]
        );
        assert!(!errs.0[0].params.contains_key("can_accept"));
        // Blank clears.
        let blank = CollegeInput {
            credit_code: Some("".into()),
            ..Default::default()
        };
        assert_eq!(blank.check().0.credit_code, Some(None));
    }
}
