//! What a printed agreement shows, assembled from the records (the agreement, the college, the
//! partner), and its fingerprint: a short hash of the agreement's content printed in the foot
//! of every page, so a paper copy can be checked against the records
//! (`xiaoqi verify-agreement NUMBER FINGERPRINT`).
//!
//! The fingerprint covers what the parties agreed to: number, kind, title, each party's name
//! and credit code, programs, term, clauses and signatories. Addresses, contact people, the
//! status and its history are left out: they may change while the text stays the one signed.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{AgreementKind, AgreementStatus, Clause, Signatory};

/// One side of an agreement as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Party {
    /// 甲方 or 乙方.
    pub role: String,
    pub name: String,
    pub credit_code: String,
    pub address: String,
    /// 联系人 (with 职务 when recorded).
    pub contact: String,
    pub phone: String,
    /// Who signs for this side (法定代表人或授权代表), when recorded.
    pub signatories: Vec<Signatory>,
}

/// An agreement ready to print: every party field present (else it is refused, naming what is
/// missing).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementDocument {
    pub id: String,
    pub number: String,
    pub kind: AgreementKind,
    pub title: String,
    pub status: AgreementStatus,
    pub college: Party,
    pub partner: Party,
    pub programs: Vec<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub clauses: Vec<Clause>,
    /// 12 hexadecimal digits, upper case, grouped by four with hyphens (`3F9A-21C0-7B4E`).
    pub fingerprint: String,
}

/// The content the fingerprint is taken of, in a fixed order.
#[derive(Serialize)]
struct Content<'a> {
    number: &'a str,
    kind: &'a str,
    title: &'a str,
    parties: [(&'a str, &'a str); 2],
    programs: &'a [String],
    start_date: Option<&'a str>,
    end_date: Option<&'a str>,
    clauses: &'a [Clause],
    signatories: Vec<&'a Signatory>,
}

impl AgreementDocument {
    /// The fingerprint of this document's content.
    pub fn compute_fingerprint(&self) -> String {
        let content = Content {
            number: &self.number,
            kind: self.kind.as_str(),
            title: &self.title,
            parties: [
                (&self.college.name, &self.college.credit_code),
                (&self.partner.name, &self.partner.credit_code),
            ],
            programs: &self.programs,
            start_date: self.start_date.as_deref(),
            end_date: self.end_date.as_deref(),
            clauses: &self.clauses,
            signatories: self
                .college
                .signatories
                .iter()
                .chain(&self.partner.signatories)
                .collect(),
        };
        let json = serde_json::to_vec(&content).unwrap_or_default();
        let digest = Sha256::digest(&json);
        let hex: String = digest[..6].iter().map(|b| format!("{b:02X}")).collect();
        format!("{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12])
    }
}

/// A fingerprint as someone may type it (lower case, without hyphens, with spaces) in the
/// printed form; `None` when it cannot be one.
pub fn normalize_fingerprint(s: &str) -> Option<String> {
    let hex: String = s
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{3000}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (hex.len() == 12 && hex.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| format!("{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12]))
}

/// What a QR code on the printed copy holds: the number and the fingerprint, as they would be
/// typed after `xiaoqi verify-agreement`.
pub fn qr_payload(number: &str, fingerprint: &str) -> String {
    format!("{number} {fingerprint}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Side;

    fn party(role: &str, name: &str) -> Party {
        Party {
            role: role.into(),
            name: name.into(),
            credit_code: "91350100M000100Y43".into(),
            address: "广州市天河区".into(),
            contact: "李老师".into(),
            phone: "13800138000".into(),
            signatories: vec![Signatory {
                side: Side::College,
                name: "王校长".into(),
                title: None,
            }],
        }
    }

    fn doc() -> AgreementDocument {
        AgreementDocument {
            id: "a1".into(),
            number: "G4419001-2026-001".into(),
            kind: AgreementKind::Cooperation,
            title: "校企合作协议".into(),
            status: AgreementStatus::Draft,
            college: party("甲方", "某技师学院"),
            partner: party("乙方", "某公司"),
            programs: vec!["工业机器人应用与维护".into()],
            start_date: Some("2026-01-01".into()),
            end_date: None,
            clauses: vec![Clause {
                title: "合作内容".into(),
                body: "双方合作。".into(),
            }],
            fingerprint: String::new(),
        }
    }

    #[test]
    fn the_fingerprint_follows_the_content_and_not_the_contacts() {
        let a = doc().compute_fingerprint();
        assert_eq!(normalize_fingerprint(&a).as_deref(), Some(a.as_str()));
        assert_eq!(a.len(), 14);
        let mut b = doc();
        b.clauses[0].body.push('1');
        assert_ne!(b.compute_fingerprint(), a, "a changed clause");
        let mut c = doc();
        c.partner.credit_code = "914403001922038216".into();
        assert_ne!(c.compute_fingerprint(), a, "another partner");
        let mut d = doc();
        d.partner.address = "深圳市".into();
        d.partner.phone = "13900139000".into();
        d.status = AgreementStatus::Signed;
        assert_eq!(d.compute_fingerprint(), a, "contact details and status");
    }

    #[test]
    fn typed_fingerprints_are_read_loosely_but_not_guessed() {
        assert_eq!(
            normalize_fingerprint("3f9a 21c0 7b4e").as_deref(),
            Some("3F9A-21C0-7B4E")
        );
        assert_eq!(normalize_fingerprint("3F9A-21C0-7B4"), None);
        assert_eq!(normalize_fingerprint("3F9A-21C0-7B4G"), None);
    }
}
