//! A contact person at an employer or research institution (联系人).

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};
use crate::validate::id_number::mask_phone;
use crate::validate::normalize::clean_text;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    /// 职务, e.g. 人事经理.
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

impl Contact {
    /// The contact with its phone masked, for lists.
    pub fn masked(&self) -> Contact {
        Contact {
            phone: self.phone.as_deref().map(mask_phone),
            ..self.clone()
        }
    }
}

/// Cleans a list of contacts; errors name the field as `contacts[2].phone`.
pub(crate) fn clean_contacts(list: &[Contact], errs: &mut FieldErrors) -> Vec<Contact> {
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let n = i + 1;
        let name = clean_text(&c.name);
        let phone = c.phone.as_deref().and_then(clean_text);
        let email = c.email.as_deref().and_then(clean_text);
        let role = c.role.as_deref().and_then(clean_text);
        if name.is_none() && phone.is_none() && email.is_none() && role.is_none() {
            continue; // an empty row left in the form
        }
        let Some(name) = name else {
            errs.push(
                FieldError::new(
                    &format!("contacts[{i}].name"),
                    "required",
                    format!("第 {n} 位联系人缺少姓名"),
                )
                .with("row", n),
            );
            continue;
        };
        let phone = match phone.map(|p| super::graduate::normalize_phone(&p)) {
            Some(Ok(p)) => p,
            Some(Err(_)) => {
                errs.push(
                    FieldError::new(
                        &format!("contacts[{i}].phone"),
                        "format",
                        format!("第 {n} 位联系人的电话格式不对：手机号 11 位，座机带区号"),
                    )
                    .with("row", n),
                );
                None
            }
            None => None,
        };
        if let Some(e) = &email
            && !looks_like_email(e)
        {
            errs.push(
                FieldError::new(
                    &format!("contacts[{i}].email"),
                    "format",
                    format!("第 {n} 位联系人的邮箱格式不对"),
                )
                .with("row", n),
            );
        }
        out.push(Contact {
            name,
            role,
            phone,
            email,
        });
    }
    out
}

fn looks_like_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !e.contains(' ')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_cleaned_and_checked_row_by_row() {
        let mut errs = FieldErrors::default();
        let out = clean_contacts(
            &[
                Contact {
                    name: " 李经理 ".into(),
                    role: Some("人事经理".into()),
                    phone: Some("138 1234 5678".into()),
                    email: Some("hr@example.cn".into()),
                },
                Contact::default(),
                Contact {
                    name: "王工".into(),
                    phone: Some("12345".into()),
                    email: Some("nobody".into()),
                    ..Default::default()
                },
            ],
            &mut errs,
        );
        assert_eq!(out[0].name, "李经理");
        assert_eq!(out[0].phone.as_deref(), Some("13812345678"));
        assert_eq!(out[0].masked().phone.as_deref(), Some("138****5678"));
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["contacts[2].phone", "contacts[2].email"]);
        let codes: Vec<&str> = errs.0.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["contacts.phone.format", "contacts.email.format"]);
        assert_eq!(errs.0[0].params.get("row").map(String::as_str), Some("3"));
    }
}
