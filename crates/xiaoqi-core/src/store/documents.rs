//! Agreements as they are printed: the parties' details gathered from the college and the
//! partner's record, refused with the list of what is missing (never printed with blanks), and
//! a printed copy's fingerprint checked against the current records.

use serde::Serialize;

use super::Store;
use crate::error::{CoreError, FieldError, FieldErrors, Result};
use crate::model::document::{AgreementDocument, Party, normalize_fingerprint};
use crate::model::{Agreement, Contact, Side};

/// The outcome of checking a printed copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Verification {
    pub number: String,
    pub title: String,
    pub status: String,
    /// The fingerprint as given, normalised (`None` when it is not one).
    pub given: Option<String>,
    /// The fingerprint of the current content.
    pub current: String,
    pub matches: bool,
}

/// The first contact with a name: "name（role）" and the phone.
fn contact(list: &[Contact]) -> (String, String) {
    list.iter()
        .find(|c| !c.name.trim().is_empty())
        .map(|c| {
            let who = match c.role.as_deref().map(str::trim) {
                Some(r) if !r.is_empty() => format!("{}（{r}）", c.name.trim()),
                _ => c.name.trim().to_string(),
            };
            (who, c.phone.clone().unwrap_or_default())
        })
        .unwrap_or_default()
}

fn text(v: &Option<String>) -> String {
    v.as_deref().map(str::trim).unwrap_or_default().to_string()
}

impl Store {
    /// The agreement `key` (id or number) ready to print, or `CoreError::Invalid` listing every
    /// party detail that is missing (`college.credit_code`, `partner.address`, …).
    pub fn agreement_document(&self, key: &str) -> Result<AgreementDocument> {
        let doc = self.assemble(&self.agreement(key)?)?;
        let mut errs = FieldErrors::default();
        for (side, p) in [("college", &doc.college), ("partner", &doc.partner)] {
            for (field, value, what) in [
                ("name", &p.name, "名称"),
                ("credit_code", &p.credit_code, "统一社会信用代码"),
                ("address", &p.address, "地址"),
                ("contact", &p.contact, "联系人"),
                ("phone", &p.phone, "联系电话"),
            ] {
                if value.trim().is_empty() {
                    errs.push(
                        FieldError::new(
                            &format!("{side}.{field}"),
                            "missing",
                            format!("{}（{}）缺少{what}", p.role, party_name(p, side)),
                        )
                        .with("party", &p.role)
                        .with("name", party_name(p, side)),
                    );
                }
            }
        }
        if doc.clauses.is_empty() {
            errs.push(FieldError::new("clauses", "missing", "协议没有条款"));
        }
        if errs.is_empty() {
            Ok(doc)
        } else {
            Err(CoreError::Invalid(errs))
        }
    }

    /// Checks a printed copy: does `fingerprint` match the current content of agreement
    /// `number`?
    pub fn verify_agreement(&self, number: &str, fingerprint: &str) -> Result<Verification> {
        let a = self.agreement(number)?;
        let doc = self.assemble(&a)?;
        let given = normalize_fingerprint(fingerprint);
        Ok(Verification {
            matches: given.as_deref() == Some(doc.fingerprint.as_str()),
            number: doc.number,
            title: doc.title,
            status: a.status.as_str().to_string(),
            given,
            current: doc.fingerprint,
        })
    }

    /// The document of an agreement with whatever party details are recorded.
    fn assemble(&self, a: &Agreement) -> Result<AgreementDocument> {
        let college = self.college()?;
        let (who, phone) = contact(&college.contacts);
        let signatories = |side: Side| {
            a.signatories
                .iter()
                .filter(|s| s.side == side)
                .cloned()
                .collect::<Vec<_>>()
        };
        let college = Party {
            role: "甲方".into(),
            name: college.name.trim().to_string(),
            credit_code: text(&college.credit_code),
            address: text(&college.address),
            contact: who,
            phone,
            signatories: signatories(Side::College),
        };
        let mut partner = Party {
            role: "乙方".into(),
            name: a.partner.trim().to_string(),
            credit_code: String::new(),
            address: String::new(),
            contact: String::new(),
            phone: String::new(),
            signatories: signatories(Side::Partner),
        };
        if let Some(id) = &a.employer_id {
            let e = self.employer(id)?;
            (partner.contact, partner.phone) = contact(&e.contacts);
            partner.credit_code = text(&e.credit_code);
            partner.address = text(&e.address);
        } else if let Some(id) = &a.institution_id {
            let i = self.institution(id)?;
            (partner.contact, partner.phone) = contact(&i.contacts);
            partner.credit_code = text(&i.credit_code);
            partner.address = text(&i.address);
        }
        let mut doc = AgreementDocument {
            id: a.id.clone(),
            number: a.number.clone(),
            kind: a.kind,
            title: a.title.clone(),
            status: a.status,
            college,
            partner,
            programs: a.program_names.clone(),
            start_date: a.start_date.clone(),
            end_date: a.end_date.clone(),
            clauses: a.clauses.clone(),
            fingerprint: String::new(),
        };
        doc.fingerprint = doc.compute_fingerprint();
        Ok(doc)
    }
}

fn party_name(p: &Party, side: &str) -> String {
    if p.name.is_empty() {
        if side == "college" {
            "学院"
        } else {
            "合作方"
        }
        .to_string()
    } else {
        p.name.clone()
    }
}
