//! The employment report of a cohort (就业率 and its parts, the 2024 headline rate, in-field
//! rate, salary, local share, certificates, distributions), overall and per program; and the
//! graduates behind any of its figures. Definitions in the module docs of [`crate::stats`].

use std::collections::{BTreeSet, HashMap};

use rusqlite::types::{Value as SqlValue, ValueRef};
use serde::{Deserialize, Serialize};

use xiaoqi_protocol::indicators::{self, Tally, city_key};

use super::{Counts, Rates, StatsGroup, group_of};
use crate::error::Result;
use crate::reference::{employer_type_name, industry_name};
use crate::store::Store;

/// Monthly starting salary (CNY) of employed graduates with one recorded.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Salary {
    pub count: u32,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// How many fall in each band of 1,000 CNY, from the lowest band with a salary to the
    /// highest (the salary chart's bars).
    pub bands: Vec<SalaryBand>,
}

/// Salaries from `min` (inclusive) to `max` (exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SalaryBand {
    pub min: u32,
    pub max: u32,
    pub count: u32,
}

/// Bands of `width` over sorted salaries.
fn bands(sorted: &[u32], width: u32) -> Vec<SalaryBand> {
    let (Some(first), Some(last)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let mut out: Vec<SalaryBand> = (first / width..=last / width)
        .map(|b| SalaryBand {
            min: b * width,
            max: (b + 1) * width,
            count: 0,
        })
        .collect();
    let start = first / width;
    for s in sorted {
        out[(s / width - start) as usize].count += 1;
    }
    out
}

/// One bar of a distribution: a key the drill-down filters by, its label, its count.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Share {
    /// City, industry letter or employer-type code; empty for "not recorded".
    pub key: String,
    pub label: String,
    pub count: u32,
    /// Of employed graduates.
    pub share: f64,
}

/// Employed graduates by region (work city), industry and employer type, largest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Distribution {
    pub region: Vec<Share>,
    pub industry: Vec<Share>,
    pub employer_type: Vec<Share>,
}

/// The figures of one program.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GroupStats {
    pub program: String,
    pub program_id: String,
    pub graduates: u32,
    pub counts: Counts,
    pub rates: Rates,
    pub salary: Salary,
    pub distributions: Distribution,
}

/// The employment report of a cohort (or of every cohort when `cohort` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EmploymentReport {
    pub cohort: Option<i32>,
    pub graduates: u32,
    /// The code-list version(s) the destinations were coded with (comma-separated).
    pub code_list: String,
    pub counts: Counts,
    pub rates: Rates,
    pub salary: Salary,
    pub distributions: Distribution,
    pub by_program: Vec<GroupStats>,
}

/// Which graduates a figure counts: the drill-down behind a chart's bar.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatsFilter {
    #[serde(default)]
    pub cohort: Option<i32>,
    #[serde(default)]
    pub program_id: Option<String>,
    #[serde(default)]
    pub group: Option<StatsGroup>,
    /// Only employed graduates (contract, flexible, entrepreneurship).
    #[serde(default)]
    pub employed: bool,
    #[serde(default)]
    pub in_field: Option<bool>,
    /// A distribution key: work city ("" for not recorded).
    #[serde(default)]
    pub region: Option<String>,
    /// A distribution key: industry letter ("" for not recorded).
    #[serde(default)]
    pub industry: Option<String>,
    /// A distribution key: employer-type code ("" for not recorded).
    #[serde(default)]
    pub employer_type: Option<String>,
    /// Graduates whose current destination is this employer (partner → outcomes).
    #[serde(default)]
    pub employer_id: Option<String>,
    /// Salary band, inclusive lower and exclusive upper bound.
    #[serde(default)]
    pub salary_min: Option<i32>,
    #[serde(default)]
    pub salary_max: Option<i32>,
}

/// One graduate of the statistics, as `graduate_facts` holds them (kept by triggers from the
/// records: see migration 3).
struct Fact<'a> {
    certificate: bool,
    group: StatsGroup,
    in_field: bool,
    salary: Option<u32>,
    /// The work city as compared (see [`city_key`]).
    city: &'a str,
    industry: &'a str,
    employer_type: &'a str,
}

/// The counts of `xiaoqi_protocol::indicators` (shared with the server's figures), plus what
/// only the app shows: the salaries for median and bands, and the distributions.
#[derive(Default)]
struct Acc {
    tally: Tally,
    salaries: Vec<u32>,
    region: HashMap<String, u32>,
    industry: HashMap<String, u32>,
    employer_type: HashMap<String, u32>,
}

fn bump(map: &mut HashMap<String, u32>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}

impl Acc {
    fn add(&mut self, f: &Fact, college_city: Option<&str>) {
        self.tally.add(
            &indicators::Fact {
                group: f.group,
                certificate: f.certificate,
                in_field: f.in_field,
                salary: f.salary,
                city: f.city,
            },
            college_city,
        );
        if !f.group.employed() {
            return;
        }
        if let Some(s) = f.salary {
            self.salaries.push(s);
        }
        bump(&mut self.region, f.city);
        bump(&mut self.industry, f.industry);
        bump(&mut self.employer_type, f.employer_type);
    }

    fn merge(&mut self, o: &Acc) {
        self.tally.merge(&o.tally);
        self.salaries.extend_from_slice(&o.salaries);
        for (mine, theirs) in [
            (&mut self.region, &o.region),
            (&mut self.industry, &o.industry),
            (&mut self.employer_type, &o.employer_type),
        ] {
            for (k, n) in theirs {
                *mine.entry(k.clone()).or_default() += n;
            }
        }
    }

    fn figures(mut self) -> (u32, Counts, Rates, Salary, Distribution) {
        let c = self.tally.counts();
        let rates = self.tally.rates();
        let n = self.tally.graduates;
        self.salaries.sort_unstable();
        let s = &self.salaries;
        let salary = Salary {
            count: self.tally.salary_count(),
            mean: self.tally.mean_salary(),
            median: (!s.is_empty()).then(|| {
                let mid = s.len() / 2;
                if s.len() % 2 == 1 {
                    f64::from(s[mid])
                } else {
                    (f64::from(s[mid - 1]) + f64::from(s[mid])) / 2.0
                }
            }),
            bands: bands(s, 1000),
        };
        let employed = c.employed;
        let shares = |map: HashMap<String, u32>, label: fn(&str) -> String| -> Vec<Share> {
            let mut v: Vec<Share> = map
                .into_iter()
                .map(|(key, count)| Share {
                    label: if key.is_empty() {
                        "未填写".to_string()
                    } else {
                        label(&key)
                    },
                    key,
                    count,
                    share: if employed > 0 {
                        f64::from(count) / f64::from(employed)
                    } else {
                        0.0
                    },
                })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
            v
        };
        let distributions = Distribution {
            region: shares(std::mem::take(&mut self.region), |k| k.to_string()),
            industry: shares(std::mem::take(&mut self.industry), |k| {
                industry_name(k).map_or_else(|| k.to_string(), |n| format!("{k} {n}"))
            }),
            employer_type: shares(std::mem::take(&mut self.employer_type), |k| match k {
                k if k == indicators::INSTITUTION_KEY => "科研机构".to_string(),
                _ => employer_type_name(k).map_or_else(|| k.to_string(), str::to_string),
            }),
        };
        (n, c, rates, salary, distributions)
    }
}

impl Store {
    /// The employment report of `cohort` (every cohort when `None`), optionally one program's.
    pub fn employment_report(
        &self,
        cohort: Option<i32>,
        program_id: Option<&str>,
    ) -> Result<EmploymentReport> {
        let college = self.college()?;
        let college_city = college
            .city
            .as_deref()
            .map(city_key)
            .filter(|c| !c.is_empty());
        let mut conds = vec!["college_id = ?".to_string()];
        let mut params = vec![SqlValue::Text(self.college_id().to_string())];
        if let Some(c) = cohort {
            conds.push("cohort = ?".into());
            params.push(SqlValue::Integer(c.into()));
        }
        if let Some(p) = program_id {
            conds.push("program_id = ?".into());
            params.push(SqlValue::Text(p.to_string()));
        }
        // One range of graduate_facts, keyed (college, cohort, program, graduate).
        let sql = format!(
            "SELECT program_id, certificate, grp, employed, in_field, salary, city, industry,
                    employer_type, code_list
             FROM graduate_facts WHERE {}",
            conds.join(" AND ")
        );
        let mut by_program: HashMap<String, Acc> = HashMap::new();
        let mut versions = BTreeSet::new();
        let mut stmt = self.connection().prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(&params))?;
        fn text(v: ValueRef<'_>) -> &str {
            match v {
                ValueRef::Text(t) => std::str::from_utf8(t).unwrap_or_default(),
                _ => "",
            }
        }
        while let Some(r) = rows.next()? {
            let group_name = match r.get_ref(2)? {
                ValueRef::Text(t) => std::str::from_utf8(t).ok(),
                _ => None,
            };
            let fact = Fact {
                certificate: r.get(1)?,
                group: group_of(group_name, r.get(3)?),
                in_field: r.get::<_, Option<bool>>(4)?.unwrap_or(false),
                salary: r.get(5)?,
                city: text(r.get_ref(6)?),
                industry: text(r.get_ref(7)?),
                employer_type: text(r.get_ref(8)?),
            };
            if let ValueRef::Text(v) = r.get_ref(9)?
                && !versions.contains(v)
            {
                versions.insert(v.to_vec());
            }
            let program = text(r.get_ref(0)?);
            match by_program.get_mut(program) {
                Some(acc) => acc.add(&fact, college_city.as_deref()),
                None => {
                    let mut acc = Acc::default();
                    acc.add(&fact, college_city.as_deref());
                    by_program.insert(program.to_string(), acc);
                }
            }
        }
        let names: HashMap<String, String> = self
            .connection()
            .prepare_cached("SELECT id, name FROM programs WHERE college_id = ?1")?
            .query_map([self.college_id()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut total = Acc::default();
        let mut programs: Vec<GroupStats> = Vec::new();
        for (id, acc) in by_program {
            total.merge(&acc);
            let (graduates, counts, rates, salary, distributions) = acc.figures();
            programs.push(GroupStats {
                program: names.get(&id).cloned().unwrap_or_default(),
                program_id: id,
                graduates,
                counts,
                rates,
                salary,
                distributions,
            });
        }
        programs.sort_by(|a, b| a.program.cmp(&b.program));
        let (graduates, counts, rates, salary, distributions) = total.figures();
        let code_list = if versions.is_empty() {
            self.current_code_list()?
        } else {
            versions
                .iter()
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .collect::<Vec<_>>()
                .join(",")
        };
        Ok(EmploymentReport {
            cohort,
            graduates,
            code_list,
            counts,
            rates,
            salary,
            distributions,
            by_program: programs,
        })
    }

    /// The graduates a figure counts (a chart's drill-down), by program and name: the same
    /// `graduate_facts` rows the figures count.
    pub fn graduates_behind(&self, f: &StatsFilter) -> Result<Vec<BehindRow>> {
        // Names of any class: not for teachers, who see their own classes' rolls instead.
        self.require_role(
            &[crate::model::Role::Admin, crate::model::Role::Staff],
            "查看全校统计背后的学生名单",
        )?;
        let mut conds = vec!["f.college_id = ?".to_string()];
        let mut params = vec![SqlValue::Text(self.college_id().to_string())];
        let mut add = |cond: &str, v: SqlValue| {
            conds.push(cond.to_string());
            params.push(v);
        };
        if let Some(c) = f.cohort {
            add("f.cohort = ?", SqlValue::Integer(c.into()));
        }
        if let Some(p) = &f.program_id {
            add("f.program_id = ?", SqlValue::Text(p.clone()));
        }
        if let Some(v) = f.in_field {
            add(
                "coalesce(f.in_field, 0) = ?",
                SqlValue::Integer(i64::from(v)),
            );
        }
        if let Some(v) = &f.employer_id {
            add("pl.employer_id = ?", SqlValue::Text(v.clone()));
        }
        if let Some(v) = f.salary_min {
            add("f.salary >= ?", SqlValue::Integer(v.into()));
        }
        if let Some(v) = f.salary_max {
            add("f.salary < ?", SqlValue::Integer(v.into()));
        }
        for (col, v) in [
            ("f.city", &f.region),
            ("f.industry", &f.industry),
            ("f.employer_type", &f.employer_type),
        ] {
            if let Some(v) = v {
                add(
                    &format!("coalesce({col}, '') = ?"),
                    SqlValue::Text(v.clone()),
                );
            }
        }
        let sql = format!(
            "SELECT g.id, g.name, g.student_number, p.name, g.cohort, g.class_name,
                    pl.destination_code, d.name, f.grp, f.employed,
                    coalesce(e.name, i.name), pl.city, f.salary, f.in_field
             FROM graduate_facts f
             JOIN graduates g ON g.id = f.graduate_id
             JOIN programs p ON p.id = f.program_id
             LEFT JOIN placements pl ON pl.graduate_id = g.id AND pl.deleted_at IS NULL AND pl.superseded_at IS NULL
             LEFT JOIN destination_codes d ON d.version = pl.code_list AND d.code = pl.destination_code
             LEFT JOIN employers e ON e.id = pl.employer_id
             LEFT JOIN institutions i ON i.id = pl.institution_id
             WHERE {} ORDER BY p.name, g.class_name, g.name_pinyin, g.student_number",
            conds.join(" AND ")
        );
        let mut stmt = self.connection().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(&params), |r| {
            let group = group_of(r.get_ref(8)?.as_str_or_null()?, r.get(9)?);
            Ok(BehindRow {
                graduate_id: r.get(0)?,
                name: r.get(1)?,
                student_number: r.get(2)?,
                program: r.get(3)?,
                cohort: r.get(4)?,
                class_name: r.get(5)?,
                destination_code: r.get(6)?,
                destination: r.get(7)?,
                group,
                employer: r.get(10)?,
                city: r.get(11)?,
                salary: r.get(12)?,
                in_field: r.get(13)?,
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            if f.group.is_some_and(|g| g != row.group) || (f.employed && !row.group.employed()) {
                continue;
            }
            out.push(row);
        }
        Ok(out)
    }
}

/// A graduate behind a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BehindRow {
    pub graduate_id: String,
    pub name: String,
    pub student_number: String,
    pub program: String,
    pub cohort: i32,
    pub class_name: Option<String>,
    pub destination_code: Option<String>,
    pub destination: Option<String>,
    pub group: StatsGroup,
    pub employer: Option<String>,
    pub city: Option<String>,
    pub salary: Option<u32>,
    pub in_field: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salary_bands_cover_every_salary() {
        let b = bands(&[1800, 4500, 4999, 5000, 7200], 1000);
        let counts: Vec<(u32, u32)> = b.iter().map(|x| (x.min, x.count)).collect();
        assert_eq!(
            counts,
            [
                (1000, 1),
                (2000, 0),
                (3000, 0),
                (4000, 2),
                (5000, 1),
                (6000, 0),
                (7000, 1)
            ]
        );
        assert!(bands(&[], 1000).is_empty());
    }
}
