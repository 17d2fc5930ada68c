//! The official statistics of a cohort, overall and per program, each a documented function of
//! the records. Every figure can be traced to the graduates behind it ([`Store::graduates_behind`]).
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
    BehindRow, Counts, Distribution, EmploymentReport, GroupStats, Rates, Salary, SalaryBand,
    Share, StatsFilter, StatsGroup,
};
pub use partners::PartnerOutcome;

/// The destination group of a code list's group name; `employed` decides for names a
/// provincial list may add.
pub(crate) fn group_of(name: Option<&str>, employed: bool) -> StatsGroup {
    match name {
        None => StatsGroup::Awaiting,
        Some("协议和合同就业") => StatsGroup::Contract,
        Some("灵活就业") => StatsGroup::Flexible,
        Some("创业") => StatsGroup::Entrepreneurship,
        Some("升学") => StatsGroup::FurtherStudy,
        Some("待就业" | "未就业") => StatsGroup::Awaiting,
        Some("暂不就业") => StatsGroup::NotSeeking,
        Some(_) if employed => StatsGroup::Contract,
        Some(_) => StatsGroup::Awaiting,
    }
}
