//! The official statistics of a cohort, overall and per program, each a documented function of
//! the records. Every figure can be traced to the graduates behind it ([`Store::graduates_behind`]).
//!
//! What decides the indicators (destination groups, the shipped code list, the local-city rule,
//! the rates and their denominators, fair and agreement counts) lives in
//! `xiaoqi_protocol::indicators`, which the provincial server computes its figures with too: a
//! college's figures on the server are the ones shown here.
//!
//! # Definitions
//! - **Graduates** (the denominator): the live graduates of the cohort (and program).
//! - **Destination**: a graduate's current placement; its group comes from the code list the
//!   placement was coded with (2021 list: 协议和合同就业 10, 11, 271, 46, 5xx; 灵活就业 12, 76;
//!   创业 75; 升学 801, 802, 85; 待就业 70; 暂不就业 71, 72). A graduate with no destination
//!   counts as 待就业 (awaiting).
//! - **Employed** (就业) = contract (协议和合同就业) + flexible (灵活就业) + entrepreneurship (创业).
//! - **Employment rate** (就业率) = employed ÷ graduates; it excludes further study.
//! - Part rates: contract, flexible, entrepreneurship, further study (升学), awaiting (待就业),
//!   not seeking (暂不就业), each ÷ graduates; they add up to 1.
//! - **2024 headline rate** (落实率) = 单位就业 + 自主创业 + 自由职业 + 升学 = (employed + further
//!   study) ÷ graduates.
//! - **In-field rate** (对口就业率) = employed graduates recorded as in-field ÷ employed graduates.
//! - **Starting salary** (起薪): mean and median of the monthly salary of employed graduates who
//!   have one recorded (`salary.count` says how many).
//! - **Local employment** (本地就业): employed graduates whose work city is the college's city ÷
//!   employed graduates.
//! - **Certificates** (证书获取率): graduates holding a skill-level certificate ÷ graduates.
//! - **Distributions** by region (work city), industry (the placement's, else its employer's)
//!   and employer type, over employed graduates.
//!
//! A rate whose denominator is zero is `null`. Every rate has its count beside it.

mod compliance;
mod employment;
mod partners;

pub use compliance::{ComplianceItem, ComplianceReport, FLEXIBLE_SHARE_WARNING, ShareFlag};
pub use employment::{
    BehindRow, Distribution, EmploymentReport, GroupStats, Salary, SalaryBand, Share, StatsFilter,
};
pub use partners::PartnerOutcome;
/// The indicator definitions the provincial server computes its figures with too.
pub use xiaoqi_protocol::indicators::{Counts, Rates, StatsGroup, group_of};

#[cfg(test)]
mod tests {
    use xiaoqi_protocol::indicators::{
        AGREEMENT_IN_FORCE, AGREEMENT_KINDS, APPLICATION_INTENTION, APPLICATION_SIGNED,
    };

    use crate::model::{AgreementKind, AgreementStatus, ApplicationStatus};

    /// The shared definitions name statuses and kinds by the words the records store.
    #[test]
    fn shared_definitions_use_the_stored_words() {
        assert_eq!(ApplicationStatus::Intention.as_str(), APPLICATION_INTENTION);
        assert_eq!(ApplicationStatus::Signed.as_str(), APPLICATION_SIGNED);
        assert_eq!(
            [
                AgreementStatus::Signed.as_str(),
                AgreementStatus::Active.as_str()
            ],
            AGREEMENT_IN_FORCE
        );
        assert_eq!(
            AgreementKind::ALL.map(AgreementKind::as_str),
            AGREEMENT_KINDS
        );
    }
}
