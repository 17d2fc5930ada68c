//! Employers (用人单位): identified by the unified social credit code, kept free of duplicates.

use serde::{Deserialize, Serialize};

use super::contact::{Contact, clean_contacts};
use crate::error::{FieldError, FieldErrors};
use crate::reference::{employer_type_code, industry_code};
use crate::validate::{CreditCodeError, normalize_identifier, validate_credit_code};

/// Employer size (企业规模).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum EmployerSize {
    #[serde(rename = "微型", alias = "micro")]
    Micro,
    #[serde(rename = "小型", alias = "small")]
    Small,
    #[serde(rename = "中型", alias = "medium")]
    Medium,
    #[serde(rename = "大型", alias = "large")]
    Large,
}

impl EmployerSize {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Micro => "微型",
            Self::Small => "小型",
            Self::Medium => "中型",
            Self::Large => "大型",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Employer {
    pub id: String,
    pub name: String,
    pub credit_code: Option<String>,
    /// False when the credit code fails its check digit and was saved with the warning accepted
    /// (some early pilot-region codes do): shown with a warning wherever the employer appears.
    pub credit_code_ok: bool,
    /// Employer type code (单位性质), e.g. `39`.
    pub employer_type: Option<String>,
    /// Section letter of GB/T 4754-2017, e.g. `C`.
    pub industry: Option<String>,
    pub size: Option<EmployerSize>,
    pub city: Option<String>,
    pub address: Option<String>,
    pub contacts: Vec<Contact>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// Current placements of graduates at this employer.
    pub placements: u32,
    /// Agreements with this employer (any state).
    pub agreements: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// Fields of an employer to create or change; absent fields stay as they are, an empty text
/// clears an optional one. `accept_warnings` saves despite a failed credit-code check digit or a
/// possible duplicate name (never despite a duplicate credit code).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct EmployerInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub credit_code: Option<String>,
    /// A code (`39`), a name (`其他企业`) or a common alias (`民营企业`).
    #[serde(default)]
    pub employer_type: Option<String>,
    /// A section letter (`C`) or its name (`制造业`).
    #[serde(default)]
    pub industry: Option<String>,
    #[serde(default)]
    pub size: Option<EmployerSize>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub contacts: Option<Vec<Contact>>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub accept_warnings: Option<bool>,
}

/// An employer input after checking: values ready to store.
#[derive(Debug, Default)]
pub(crate) struct CleanEmployer {
    pub credit_code: Option<Option<String>>,
    pub credit_code_ok: bool,
    pub employer_type: Option<Option<String>>,
    pub industry: Option<Option<String>>,
    pub contacts: Option<Vec<Contact>>,
    pub tags: Option<Vec<String>>,
}

impl EmployerInput {
    pub(crate) fn check(&self, creating: bool) -> (CleanEmployer, FieldErrors) {
        let mut errs = FieldErrors::default();
        let mut clean = CleanEmployer {
            credit_code_ok: true,
            ..Default::default()
        };
        match super::text(&self.name) {
            Some(None) => errs.push(FieldError::new("name", "required", "请填写单位名称")),
            None if creating => errs.push(FieldError::new("name", "required", "请填写单位名称")),
            Some(Some(n)) if n.chars().count() > 100 => errs.push(FieldError::new(
                "name",
                "too_long",
                "单位名称不能超过 100 个字",
            )),
            _ => {}
        }
        (clean.credit_code, clean.credit_code_ok) = clean_credit_code(
            self.credit_code.as_deref(),
            Some(self.accept_warnings == Some(true)),
            &mut errs,
        );
        if let Some(t) = &self.employer_type {
            match super::text(&Some(t.clone())).flatten() {
                None => clean.employer_type = Some(None),
                Some(v) => match employer_type_code(&v) {
                    Some(code) => clean.employer_type = Some(Some(code.to_string())),
                    None => errs.push(
                        FieldError::new(
                            "employer_type",
                            "unknown",
                            format!("不认识的单位性质“{v}”，请从列表中选择（如 国有企业、其他企业、三资企业）"),
                        )
                        .with("value", v),
                    ),
                },
            }
        }
        if let Some(t) = &self.industry {
            clean.industry = Some(check_industry(t, "industry", &mut errs));
        }
        if let Some(list) = &self.contacts {
            clean.contacts = Some(clean_contacts(list, &mut errs));
        }
        if let Some(tags) = &self.tags {
            clean.tags = Some(clean_tags(tags, &mut errs));
        }
        (clean, errs)
    }
}

/// Resolves an industry value (letter or name) for `field`; blank clears.
pub(crate) fn check_industry(raw: &str, field: &str, errs: &mut FieldErrors) -> Option<String> {
    let v = crate::validate::normalize::clean_text(raw)?;
    match industry_code(&v) {
        Some(code) => Some(code.to_string()),
        None => {
            errs.push(
                FieldError::new(
                    field,
                    "unknown",
                    format!("不认识的行业“{v}”，请填写国民经济行业门类（如 C 制造业）"),
                )
                .with("value", v),
            );
            None
        }
    }
}

/// Trims tags, drops blanks and repeats, keeps the order given.
pub(crate) fn clean_tags(tags: &[String], errs: &mut FieldErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let Some(t) = crate::validate::normalize::clean_text(t) else {
            continue;
        };
        if t.chars().count() > 20 {
            errs.push(
                FieldError::new("tags", "too_long", format!("标签“{t}”超过 20 个字"))
                    .with("value", &t),
            );
        } else if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Legal-form words at the end of a company name, longest first.
const LEGAL_FORMS: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
];

/// The part of an employer's name that tells it apart: width folded, spaces, punctuation and
/// bracketed parts removed, a leading province or city and trailing legal-form words dropped.
/// `广东省东莞市 华为技术有限公司（松山湖）` and `华为技术有限公司` share the key `华为技术`.
pub fn name_key(name: &str) -> String {
    let mut depth = 0u32;
    let mut chars: Vec<char> = Vec::new();
    for c in name.chars().map(crate::validate::normalize::fold_width) {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => chars.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    let mut key: String = chars.into_iter().collect();
    for region in ['省', '市'] {
        let cut = key
            .char_indices()
            .enumerate()
            .take(5)
            .find(|(pos, (_, c))| *pos >= 2 && *c == region)
            .map(|(_, (i, c))| i + c.len_utf8());
        if let Some(i) = cut
            && key[i..].chars().count() >= 2
        {
            key = key[i..].to_string();
        }
    }
    loop {
        let before = key.len();
        for form in LEGAL_FORMS {
            if let Some(rest) = key.strip_suffix(form)
                && rest.chars().count() >= 2
            {
                key = rest.to_string();
                break;
            }
        }
        if key.len() == before {
            break;
        }
    }
    key
}

/// True when two name keys are near-identical: equal, one letter apart, or one contained in
/// the other (keys of at least four characters).
pub fn similar_keys(a: &str, b: &str) -> bool {
    if a == b {
        return !a.is_empty();
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) < 4 {
        return false;
    }
    a.contains(b) || b.contains(a) || (la.abs_diff(lb) <= 1 && strsim::levenshtein(a, b) <= 1)
}

/// An existing employer a save may duplicate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuplicateCandidate {
    pub id: String,
    pub name: String,
    pub credit_code: Option<String>,
    /// `credit_code` (the same code: never saved twice) or `name` (a near-identical name).
    pub reason: String,
}

/// Which employers a list shows (by name pinyin order).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct PartnerQuery {
    /// Part of the name, pinyin initials or full pinyin, or the start of the credit code.
    pub search: Option<String>,
    pub tag: Option<String>,
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}

/// What merging two employers moved to the kept one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergeReport {
    pub kept: String,
    pub dropped: String,
    pub placements: u32,
    pub positions: u32,
    pub applications: u32,
    pub agreements: u32,
    pub fair_entries: u32,
}

/// Reads a credit-code input (of an employer, an institution or the college): absent stays
/// absent (`None`), blank clears (`Some(None)`), anything else is normalised and checked.
///
/// `accept_warnings` is the input's own: for a record that can keep a code failing its check
/// digit (it stores `credit_code_ok`), `Some(true)` saves such a code (the flag returned is then
/// false) and otherwise the error carries `can_accept`; `None` means the record cannot keep one,
/// and the error offers nothing. Other errors are never accepted.
pub(crate) fn clean_credit_code(
    raw: Option<&str>,
    accept_warnings: Option<bool>,
    errs: &mut FieldErrors,
) -> (Option<Option<String>>, bool) {
    let Some(raw) = raw else {
        return (None, true);
    };
    if normalize_identifier(raw).is_empty() {
        return (Some(None), true);
    }
    match validate_credit_code(raw) {
        Ok(v) => (Some(Some(v)), true),
        Err(CreditCodeError::CheckDigit { .. }) if accept_warnings == Some(true) => {
            (Some(Some(normalize_identifier(raw))), false)
        }
        Err(e) => {
            let mut fe = credit_code_error(&e);
            if accept_warnings.is_some() && matches!(e, CreditCodeError::CheckDigit { .. }) {
                // Some early codes really fail the check: the person may confirm.
                fe = fe.with("can_accept", true);
            }
            errs.push(fe);
            (None, true)
        }
    }
}

/// A credit-code error of the `credit_code` field with the values its message names.
pub(crate) fn credit_code_error(e: &CreditCodeError) -> FieldError {
    let fe = FieldError::new("credit_code", e.code(), e.to_string());
    match e {
        CreditCodeError::CheckDigit { expected, found } => {
            fe.with("expected", expected).with("found", found)
        }
        CreditCodeError::Length(n) => fe.with("length", n),
        CreditCodeError::BadChar { position, found } => {
            fe.with("position", position).with("found", found)
        }
        CreditCodeError::ScientificNotation(v) => fe.with("value", v),
        CreditCodeError::Empty => fe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_check_digit_is_saved_only_when_accepted() {
        let mut input = EmployerInput {
            name: Some("试点企业".into()),
            credit_code: Some("91350100M000100Y44".into()),
            ..Default::default()
        };
        let (_, errs) = input.check(true);
        assert_eq!(errs.0[0].code, "credit_code.check_digit");
        assert_eq!(
            errs.0[0].params.get("can_accept").map(String::as_str),
            Some("true")
        );
        input.accept_warnings = Some(true);
        let (clean, errs) = input.check(true);
        assert!(errs.is_empty());
        assert_eq!(clean.credit_code, Some(Some("91350100M000100Y44".into())));
        assert!(!clean.credit_code_ok);
        // The wrong length is never accepted.
        input.credit_code = Some("91350100M000100Y4".into());
        let (_, errs) = input.check(true);
        assert_eq!(errs.0[0].code, "credit_code.length");
    }

    #[test]
    fn name_keys_ignore_region_brackets_and_legal_forms() {
        assert_eq!(
            name_key("广东省东莞市 华为技术有限公司（松山湖）"),
            "华为技术"
        );
        assert_eq!(name_key("华为技术有限公司"), "华为技术");
        assert_eq!(name_key("ＡＢＢ（中国）有限公司"), "abb");
        assert_eq!(name_key("东莞市大族机器人股份有限公司"), "大族机器人");
        assert_eq!(name_key("市场公司"), "市场");
        assert!(similar_keys(
            &name_key("大族机器人有限公司"),
            &name_key("大族机器人股份有限公司")
        ));
        assert!(similar_keys("松山湖机器人", "松山湖机器人研究院"));
        assert!(similar_keys("拓斯达科技", "拓斯达技"));
        assert!(
            !similar_keys("华为", "华为技术"),
            "short keys must match exactly"
        );
        assert!(!similar_keys("拓斯达科技", "大疆创新科技"));
        assert!(!similar_keys("", ""));
    }

    #[test]
    fn types_and_industries_accept_names_and_aliases() {
        let input = EmployerInput {
            employer_type: Some("民营企业".into()),
            industry: Some("制造业".into()),
            tags: Some(vec![" AI ".into(), "AI".into(), "".into(), "机器人".into()]),
            ..Default::default()
        };
        let (clean, errs) = input.check(false);
        assert!(errs.is_empty(), "{errs}");
        assert_eq!(clean.employer_type, Some(Some("39".into())));
        assert_eq!(clean.industry, Some(Some("C".into())));
        assert_eq!(
            clean.tags,
            Some(vec!["AI".to_string(), "机器人".to_string()])
        );
        let bad = EmployerInput {
            employer_type: Some("个体户".into()),
            ..Default::default()
        };
        assert_eq!(bad.check(false).1.0[0].code, "employer_type.unknown");
    }
}
