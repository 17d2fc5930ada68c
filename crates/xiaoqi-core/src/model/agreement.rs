//! Agreements (协议) between the college and one employer or one research institution, with
//! ordered clauses, signatories and a lifecycle whose every step records who and when.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AgreementKind {
    /// 校企合作协议, school–enterprise cooperation.
    #[serde(rename = "校企合作协议", alias = "cooperation")]
    Cooperation,
    /// 订单班/冠名班, a company-sponsored order or named class.
    #[serde(
        rename = "订单班/冠名班",
        alias = "order_class",
        alias = "订单班",
        alias = "冠名班"
    )]
    OrderClass,
    /// 现代学徒制, modern apprenticeship.
    #[serde(rename = "现代学徒制", alias = "apprenticeship")]
    Apprenticeship,
    /// 共建人才培养基地, a co-built talent-training base.
    #[serde(rename = "共建人才培养基地", alias = "training_base")]
    TrainingBase,
    /// 技研合作协议, research cooperation with a research institution.
    #[serde(rename = "技研合作协议", alias = "research")]
    Research,
}

impl AgreementKind {
    pub const ALL: [AgreementKind; 5] = [
        Self::Cooperation,
        Self::OrderClass,
        Self::Apprenticeship,
        Self::TrainingBase,
        Self::Research,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cooperation => "校企合作协议",
            Self::OrderClass => "订单班/冠名班",
            Self::Apprenticeship => "现代学徒制",
            Self::TrainingBase => "共建人才培养基地",
            Self::Research => "技研合作协议",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
    }
}

/// draft → in review → signed → active → expired or terminated (review may send it back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AgreementStatus {
    #[serde(rename = "草稿", alias = "draft")]
    Draft,
    #[serde(rename = "审核中", alias = "in_review", alias = "review")]
    InReview,
    #[serde(rename = "已签署", alias = "signed")]
    Signed,
    #[serde(rename = "履行中", alias = "active")]
    Active,
    #[serde(rename = "已到期", alias = "expired")]
    Expired,
    #[serde(rename = "已终止", alias = "terminated")]
    Terminated,
}

impl AgreementStatus {
    pub const ALL: [AgreementStatus; 6] = [
        Self::Draft,
        Self::InReview,
        Self::Signed,
        Self::Active,
        Self::Expired,
        Self::Terminated,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::InReview => "审核中",
            Self::Signed => "已签署",
            Self::Active => "履行中",
            Self::Expired => "已到期",
            Self::Terminated => "已终止",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
    }
    /// The steps allowed from this status.
    pub fn next(self) -> &'static [AgreementStatus] {
        use AgreementStatus::*;
        match self {
            Draft => &[InReview],
            InReview => &[Draft, Signed],
            Signed => &[Active, Terminated],
            Active => &[Expired, Terminated],
            Expired | Terminated => &[],
        }
    }
    /// Text, parties, dates and signatories can change only before signing.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::InReview)
    }
}

/// A titled paragraph of an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub title: String,
    pub body: String,
}

/// Who signs, for which side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// `college` (甲方, the college) or `partner` (乙方).
    pub side: Side,
    pub name: String,
    /// 职务, e.g. 校长.
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    College,
    Partner,
}

/// One lifecycle step: to which status, who took it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Step {
    pub status: String,
    pub by: String,
    pub at: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Agreement {
    pub id: String,
    /// College code + year + sequence, e.g. `G4419-2025-003`; unique, never reused.
    pub number: String,
    pub kind: AgreementKind,
    pub title: String,
    pub employer_id: Option<String>,
    pub institution_id: Option<String>,
    /// The partner's name (employer or institution).
    pub partner: String,
    /// Program ids covered.
    pub programs: Vec<String>,
    pub program_names: Vec<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub clauses: Vec<Clause>,
    pub signatories: Vec<Signatory>,
    pub status: AgreementStatus,
    pub history: Vec<Step>,
    pub notes: Option<String>,
    /// Days until the end date (negative once past); `None` without an end date.
    pub days_left: Option<i32>,
    pub created_at: String,
    pub updated_at: String,
}

/// Fields of an agreement. The partner is `employer_id`/`employer` or
/// `institution_id`/`institution` (one of them); programs by id or name. Without `clauses`, a
/// new agreement starts from its kind's template.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AgreementInput {
    #[serde(default)]
    pub kind: Option<AgreementKind>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub employer_id: Option<String>,
    #[serde(default)]
    pub employer: Option<String>,
    #[serde(default)]
    pub institution_id: Option<String>,
    #[serde(default)]
    pub institution: Option<String>,
    #[serde(default)]
    pub programs: Option<Vec<String>>,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub clauses: Option<Vec<Clause>>,
    #[serde(default)]
    pub signatories: Option<Vec<Signatory>>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl AgreementInput {
    pub(crate) fn check(&self, creating: bool) -> FieldErrors {
        let mut errs = FieldErrors::default();
        if creating && self.kind.is_none() {
            errs.push(FieldError::new("kind", "required", "请选择协议类型"));
        }
        match super::text(&self.title) {
            Some(None) => errs.push(FieldError::new("title", "required", "请填写协议名称")),
            Some(Some(t)) if t.chars().count() > 100 => errs.push(FieldError::new(
                "title",
                "too_long",
                "协议名称不能超过 100 个字",
            )),
            _ => {}
        }
        let start = self
            .start_date
            .as_deref()
            .and_then(|d| super::placement::check_date(d, "start_date", &mut errs));
        let end = self
            .end_date
            .as_deref()
            .and_then(|d| super::placement::check_date(d, "end_date", &mut errs));
        if let (Some(s), Some(e)) = (&start, &end)
            && e < s
        {
            errs.push(
                FieldError::new(
                    "end_date",
                    "before_start",
                    format!("结束日期 {e} 早于开始日期 {s}"),
                )
                .with("start", s)
                .with("end", e),
            );
        }
        if let Some(clauses) = &self.clauses {
            for (i, c) in clauses.iter().enumerate() {
                if c.title.trim().is_empty() {
                    errs.push(
                        FieldError::new(
                            &format!("clauses[{i}].title"),
                            "required",
                            format!("第 {} 条缺少标题", i + 1),
                        )
                        .with("row", i + 1),
                    );
                }
            }
        }
        if let Some(list) = &self.signatories {
            for (i, s) in list.iter().enumerate() {
                if s.name.trim().is_empty() {
                    errs.push(
                        FieldError::new(
                            &format!("signatories[{i}].name"),
                            "required",
                            format!("第 {} 位签署人缺少姓名", i + 1),
                        )
                        .with("row", i + 1),
                    );
                }
            }
        }
        errs
    }
}

/// A lifecycle step to take.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AdvanceInput {
    pub to: AgreementStatus,
    /// Who takes the step (经办人).
    pub by: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// Which agreements a list shows.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct AgreementQuery {
    pub search: Option<String>,
    pub kind: Option<AgreementKind>,
    pub status: Option<AgreementStatus>,
    pub employer_id: Option<String>,
    pub institution_id: Option<String>,
    /// Signed or active agreements ending within this many days from today.
    pub expiring_within_days: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_steps_are_allowed() {
        use AgreementStatus::*;
        assert!(Draft.next().contains(&InReview));
        assert!(!Draft.next().contains(&Signed));
        assert!(InReview.next().contains(&Draft));
        assert!(Expired.next().is_empty() && Terminated.next().is_empty());
        for s in AgreementStatus::ALL {
            assert!(!s.next().contains(&s), "{s:?} to itself");
            assert_eq!(AgreementStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(AgreementStatus::parse("in_review"), Some(InReview));
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let input = AgreementInput {
            start_date: Some("2025-09-01".into()),
            end_date: Some("2025-08-31".into()),
            ..Default::default()
        };
        let errs = input.check(false);
        assert_eq!(errs.0[0].code, "end_date.before_start");
    }
}
