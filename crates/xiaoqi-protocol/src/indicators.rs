//! The official indicators, defined once for the college's app (xiaoqi-core's statistics) and
//! the provincial server (its figures), so that a college's figures on the server are the figures
//! its app shows. Pure functions of a graduate's facts; no I/O.
//!
//! # Definitions
//! - **Graduates** (the denominator): the live graduates of the cohort (and program).
//! - **Destination**: a graduate's current placement; its group comes from the code list the
//!   placement was coded with ([`group_of`]; the shipped 2021 list is [`BUILTIN_CODE_LIST`]:
//!   协议和合同就业 10, 11, 271, 46, 5xx; 灵活就业 12, 76; 创业 75; 升学 801, 802, 85; 待就业 70;
//!   暂不就业 71, 72). A graduate with no destination counts as 待就业 (awaiting).
//! - **Employed** (就业) = contract + flexible + entrepreneurship; **employment rate** (就业率) =
//!   employed ÷ graduates (it excludes further study).
//! - Part rates: contract, flexible, entrepreneurship, further study, awaiting, not seeking, each
//!   ÷ graduates; they add up to 1. **2024 headline rate** (落实率) = (employed + further study) ÷
//!   graduates.
//! - **In-field rate** (对口就业率) = employed graduates recorded as in-field ÷ employed.
//! - **Local employment** = employed graduates whose work city ([`city_key`]) is the college's ÷
//!   employed. **Certificates** = graduates holding a skill-level certificate ÷ graduates.
//! - **Mean starting salary** ([`mean_salary`]) over employed graduates with a salary recorded.
//! - **In a research institution** ([`in_research`]): employed, and the destination is a research
//!   institution (a placement naming an institution and no employer) or an employer of type 20
//!   科研设计单位.
//! - **Job fairs** ([`FairFigures`]): live booths, positions and their headcount; every live
//!   application is a resume, those at 意向 or 已签约 are intentions, 已签约 are signings.
//! - **Agreements in force**: status 已签署 or 履行中 ([`AGREEMENT_IN_FORCE`]).
//! - **Program fields** ([`program_field`]): industrial robotics (名称含“机器人”) and artificial
//!   intelligence (名称含“人工智能”).
//!
//! Rates are computed from summed numerators and denominators ([`Tally::merge`]), never averaged:
//! a province's rate is its colleges' counts added up. A rate whose denominator is zero is `None`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The destination code list that ships with the app (and that the server knows).
pub const BUILTIN_CODE_LIST: &str = include_str!("../data/destination-codes-2021.json");
/// Its version: what new placements use until the college picks another.
pub const DEFAULT_CODE_LIST: &str = "2021";

/// The destination groups the statistics count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StatsGroup {
    /// 协议和合同就业
    Contract,
    /// 灵活就业
    Flexible,
    /// 创业
    Entrepreneurship,
    /// 升学
    FurtherStudy,
    /// 待就业 (and no destination)
    Awaiting,
    /// 暂不就业
    NotSeeking,
}

impl StatsGroup {
    pub const ALL: [StatsGroup; 6] = [
        StatsGroup::Contract,
        StatsGroup::Flexible,
        StatsGroup::Entrepreneurship,
        StatsGroup::FurtherStudy,
        StatsGroup::Awaiting,
        StatsGroup::NotSeeking,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// Counts towards the employment rate.
    pub fn employed(self) -> bool {
        matches!(
            self,
            StatsGroup::Contract | StatsGroup::Flexible | StatsGroup::Entrepreneurship
        )
    }
}

/// The destination group of a code list's group name (`None`: no destination); `employed`
/// (the code's own flag) decides for names a provincial list may add.
pub fn group_of(name: Option<&str>, employed: bool) -> StatsGroup {
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

#[derive(Deserialize)]
struct ListFile {
    version: String,
    codes: Vec<CodeFile>,
}

#[derive(Deserialize)]
struct CodeFile {
    code: String,
    group: String,
    employed: bool,
}

/// A destination code of a shipped list: its group name and whether it counts as employed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub group: String,
    pub employed: bool,
}

/// The codes of the lists that ship with the app, by (version, code).
fn builtin() -> &'static HashMap<(String, String), Destination> {
    static LISTS: OnceLock<HashMap<(String, String), Destination>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut out = HashMap::new();
        // A test parses the shipped list; an unreadable one would leave the map empty.
        if let Ok(list) = serde_json::from_str::<ListFile>(BUILTIN_CODE_LIST) {
            for c in list.codes {
                out.insert(
                    (list.version.clone(), c.code.trim().to_string()),
                    Destination {
                        group: c.group.trim().to_string(),
                        employed: c.employed,
                    },
                );
            }
        }
        out
    })
}

/// A code of a shipped list (`None` for a version or code the shipped lists do not have).
pub fn builtin_destination(version: &str, code: &str) -> Option<&'static Destination> {
    builtin().get(&(version.to_string(), code.trim().to_string()))
}

/// A city as compared for local employment: spaces (also full-width) removed, a leading province
/// (text up to 省, when 省 is not the first character) dropped, trailing 市 removed. The same rule
/// as the `city` of core's `graduate_facts` (migration 4's `graduate_facts_source` view).
pub fn city_key(city: &str) -> String {
    let c: String = city
        .trim_matches(' ')
        .chars()
        .filter(|c| *c != ' ' && *c != '\u{3000}')
        .collect();
    let c = match c.find('省') {
        Some(i) if i > 0 => &c[i + '省'.len_utf8()..],
        _ => c.as_str(),
    };
    c.trim_end_matches('市').to_string()
}

/// The mean of `count` salaries adding up to `sum`, rounded to cents.
pub fn mean_salary(sum: u64, count: u32) -> Option<f64> {
    (count > 0).then(|| (sum as f64 / f64::from(count) * 100.0).round() / 100.0)
}

/// The employer type of research and design units (科研设计单位).
pub const RESEARCH_EMPLOYER_TYPE: &str = "20";
/// The employer-type key core's statistics give a destination that is a research institution.
pub const INSTITUTION_KEY: &str = "institution";

/// Whether an employed graduate works in a research institution: the destination's employer type
/// as the statistics key it (`institution` for a research institution, else the employer's type).
pub fn in_research(group: StatsGroup, employer_type: &str) -> bool {
    group.employed()
        && (employer_type == INSTITUTION_KEY || employer_type == RESEARCH_EMPLOYER_TYPE)
}

/// Agreement statuses that count as in force (signed or being carried out).
pub const AGREEMENT_IN_FORCE: [&str; 2] = ["已签署", "履行中"];
/// The agreement kinds, in the order reports list them.
pub const AGREEMENT_KINDS: [&str; 5] = [
    "校企合作协议",
    "订单班/冠名班",
    "现代学徒制",
    "共建人才培养基地",
    "技研合作协议",
];

/// Application statuses: an intention (就业意向), and a signing (签约).
pub const APPLICATION_INTENTION: &str = "意向";
pub const APPLICATION_SIGNED: &str = "已签约";

/// The fields the province follows programs in.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProgramField {
    /// 工业机器人
    Robotics,
    /// 人工智能
    Ai,
}

/// The field a program belongs to, by its name.
pub fn program_field(name: &str) -> Option<ProgramField> {
    if name.contains("机器人") {
        Some(ProgramField::Robotics)
    } else if name.contains("人工智能") {
        Some(ProgramField::Ai)
    } else {
        None
    }
}

/// How many graduates each figure counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    pub employed: u32,
    pub contract: u32,
    pub flexible: u32,
    pub entrepreneurship: u32,
    pub further_study: u32,
    pub awaiting: u32,
    pub not_seeking: u32,
    /// Employed and recorded as in-field (对口).
    pub in_field: u32,
    /// Employed in the college's city.
    pub local: u32,
    /// Holding a skill-level certificate.
    pub certificates: u32,
}

/// The rates, as fractions between 0 and 1; `None` when the denominator is zero.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rates {
    pub employment: Option<f64>,
    pub contract: Option<f64>,
    pub flexible: Option<f64>,
    pub entrepreneurship: Option<f64>,
    pub further_study: Option<f64>,
    pub awaiting: Option<f64>,
    pub not_seeking: Option<f64>,
    pub headline_2024: Option<f64>,
    /// Over employed graduates.
    pub in_field: Option<f64>,
    /// Over employed graduates.
    pub local: Option<f64>,
    pub certificates: Option<f64>,
}

/// One graduate as the indicators see them.
#[derive(Debug, Clone, Copy)]
pub struct Fact<'a> {
    pub group: StatsGroup,
    pub certificate: bool,
    /// Recorded as in-field (counts only when employed).
    pub in_field: bool,
    pub salary: Option<u32>,
    /// The work city as compared ([`city_key`]); empty when not recorded.
    pub city: &'a str,
}

/// The counts behind the indicators of a set of graduates; tallies add up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub graduates: u32,
    groups: [u32; 6],
    in_field: u32,
    local: u32,
    certificates: u32,
    salary_count: u32,
    salary_sum: u64,
}

impl Tally {
    /// Counts one graduate; `college_city` is the college's city as compared ([`city_key`]).
    pub fn add(&mut self, f: &Fact<'_>, college_city: Option<&str>) {
        self.graduates += 1;
        self.groups[f.group.index()] += 1;
        if f.certificate {
            self.certificates += 1;
        }
        if !f.group.employed() {
            return;
        }
        if f.in_field {
            self.in_field += 1;
        }
        if let Some(s) = f.salary {
            self.salary_count += 1;
            self.salary_sum += u64::from(s);
        }
        if !f.city.is_empty() && college_city == Some(f.city) {
            self.local += 1;
        }
    }

    /// Adds another tally's counts.
    pub fn merge(&mut self, o: &Tally) {
        self.graduates += o.graduates;
        for i in 0..self.groups.len() {
            self.groups[i] += o.groups[i];
        }
        self.in_field += o.in_field;
        self.local += o.local;
        self.certificates += o.certificates;
        self.salary_count += o.salary_count;
        self.salary_sum += o.salary_sum;
    }

    pub fn group(&self, g: StatsGroup) -> u32 {
        self.groups[g.index()]
    }

    pub fn counts(&self) -> Counts {
        let g = |s: StatsGroup| self.group(s);
        Counts {
            employed: g(StatsGroup::Contract)
                + g(StatsGroup::Flexible)
                + g(StatsGroup::Entrepreneurship),
            contract: g(StatsGroup::Contract),
            flexible: g(StatsGroup::Flexible),
            entrepreneurship: g(StatsGroup::Entrepreneurship),
            further_study: g(StatsGroup::FurtherStudy),
            awaiting: g(StatsGroup::Awaiting),
            not_seeking: g(StatsGroup::NotSeeking),
            in_field: self.in_field,
            local: self.local,
            certificates: self.certificates,
        }
    }

    pub fn rates(&self) -> Rates {
        let c = self.counts();
        let over = |n: u32, d: u32| (d > 0).then(|| f64::from(n) / f64::from(d));
        let n = self.graduates;
        Rates {
            employment: over(c.employed, n),
            contract: over(c.contract, n),
            flexible: over(c.flexible, n),
            entrepreneurship: over(c.entrepreneurship, n),
            further_study: over(c.further_study, n),
            awaiting: over(c.awaiting, n),
            not_seeking: over(c.not_seeking, n),
            headline_2024: over(c.employed + c.further_study, n),
            in_field: over(c.in_field, c.employed),
            local: over(c.local, c.employed),
            certificates: over(c.certificates, n),
        }
    }

    /// Employed graduates with a salary recorded.
    pub fn salary_count(&self) -> u32 {
        self.salary_count
    }

    pub fn mean_salary(&self) -> Option<f64> {
        mean_salary(self.salary_sum, self.salary_count)
    }
}

/// A fair's figures, as the seed article reports them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FairFigures {
    pub employers: u32,
    pub positions: u32,
    /// Sum of the positions' headcounts.
    pub headcount: u32,
    /// Applications (投递简历).
    pub resumes: u32,
    /// Applications that reached an employment intention (就业意向) or a signing.
    pub intentions: u32,
    /// Signings (签约).
    pub signings: u32,
}

impl FairFigures {
    /// Counts `n` live applications in `status`.
    pub fn add_applications(&mut self, status: &str, n: u32) {
        self.resumes += n;
        if status == APPLICATION_INTENTION || status == APPLICATION_SIGNED {
            self.intentions += n;
        }
        if status == APPLICATION_SIGNED {
            self.signings += n;
        }
    }

    /// Adds another fair's figures.
    pub fn merge(&mut self, o: &FairFigures) {
        self.employers += o.employers;
        self.positions += o.positions;
        self.headcount += o.headcount;
        self.resumes += o.resumes;
        self.intentions += o.intentions;
        self.signings += o.signings;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_parses_and_every_group_is_known() {
        let list: ListFile = serde_json::from_str(BUILTIN_CODE_LIST).expect("shipped list");
        assert_eq!(list.version, DEFAULT_CODE_LIST);
        assert_eq!(builtin().len(), list.codes.len());
        let eleven = builtin_destination("2021", "11").expect("11");
        assert_eq!(
            group_of(Some(&eleven.group), eleven.employed),
            StatsGroup::Contract
        );
        for c in &list.codes {
            let known = matches!(
                c.group.as_str(),
                "协议和合同就业" | "灵活就业" | "创业" | "升学" | "待就业" | "暂不就业"
            );
            assert!(known, "{}: {}", c.code, c.group);
        }
        assert!(builtin_destination("2099", "11").is_none());
    }

    #[test]
    fn groups_cover_every_code_list_group() {
        assert_eq!(group_of(None, false), StatsGroup::Awaiting);
        assert_eq!(group_of(Some("升学"), false), StatsGroup::FurtherStudy);
        assert_eq!(group_of(Some("省定新类别"), true), StatsGroup::Contract);
    }

    #[test]
    fn cities_compare_without_province_or_suffix() {
        assert_eq!(city_key("广东省深圳市"), "深圳");
        assert_eq!(city_key("深圳"), "深圳");
        assert_eq!(city_key(" 东莞市 "), "东莞");
        assert_eq!(city_key("东　莞"), "东莞");
        assert_eq!(city_key("省直"), "省直");
        assert_eq!(city_key("市"), "");
    }

    #[test]
    fn rates_come_from_summed_counts() {
        let fact = |group, city| Fact {
            group,
            certificate: true,
            in_field: true,
            salary: Some(5000),
            city,
        };
        let mut a = Tally::default();
        a.add(&fact(StatsGroup::Contract, "东莞"), Some("东莞"));
        a.add(&fact(StatsGroup::Awaiting, ""), Some("东莞"));
        let mut b = Tally::default();
        b.add(&fact(StatsGroup::Flexible, "广州"), Some("东莞"));
        let mut all = a.clone();
        all.merge(&b);
        let c = all.counts();
        assert_eq!(
            (c.employed, c.local, c.in_field, c.certificates),
            (2, 1, 2, 3)
        );
        let r = all.rates();
        assert_eq!(r.employment, Some(2.0 / 3.0));
        assert_eq!(r.local, Some(0.5));
        assert_eq!(all.mean_salary(), Some(5000.0));
        assert_eq!(Tally::default().rates().employment, None);
    }

    #[test]
    fn intentions_include_signings() {
        let mut f = FairFigures::default();
        f.add_applications("已投递", 5);
        f.add_applications(APPLICATION_INTENTION, 3);
        f.add_applications(APPLICATION_SIGNED, 2);
        assert_eq!((f.resumes, f.intentions, f.signings), (10, 5, 2));
    }

    #[test]
    fn research_counts_institutions_and_research_units_when_employed() {
        assert!(in_research(StatsGroup::Contract, INSTITUTION_KEY));
        assert!(in_research(StatsGroup::Flexible, "20"));
        assert!(!in_research(StatsGroup::FurtherStudy, INSTITUTION_KEY));
        assert!(!in_research(StatsGroup::Contract, "39"));
    }
}
