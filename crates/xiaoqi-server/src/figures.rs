//! The province's figures, computed from the rows the server holds with the indicator
//! definitions of `xiaoqi_protocol::indicators` — the ones the college's app computes its
//! statistics with, so that a college's figures here equal those its app shows.
//!
//! A college's figures are made from its rows (one snapshot, read by the storage); the province's
//! add up the colleges' counts and compute every rate from the sums, never from an average of
//! rates. How the records map to the app's `graduate_facts`:
//! - a graduate counts while live, in its `cohort` and `program_id`; a certificate is a
//!   `skill_level` that is not null;
//! - its destination is its live placement that is not superseded (with two — a duplicate
//!   conflict not yet resolved — the later-made one, by id); the group comes from the placement's
//!   `code_list` and `destination_code` in the lists the server knows (the shipped ones); a code
//!   it does not know counts as awaiting, as the app counts a code missing from its lists, and is
//!   reported in `coverage.unknown_codes`;
//! - the employer type is `institution` for a placement naming a research institution and no
//!   employer, else its employer's type (deleted employers included, as in the app).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;
use serde_json::Value;
use xiaoqi_protocol::College;
use xiaoqi_protocol::figures::{
    AgreementCount, CohortCount, CollegeFigures, CollegeLine, Coverage, FieldFigures, Indicators,
    ProgramIndicators, ProvinceFigures, ResearchFigures,
};
use xiaoqi_protocol::indicators::{
    AGREEMENT_IN_FORCE, AGREEMENT_KINDS, DEFAULT_CODE_LIST, Fact, FairFigures, INSTITUTION_KEY,
    ProgramField, Tally, builtin_destination, city_key, group_of, in_research, program_field,
};

/// The tables the figures read.
pub const TABLES: &[&str] = &[
    "colleges",
    "programs",
    "graduates",
    "employers",
    "placements",
    "agreements",
    "fairs",
    "fair_employers",
    "positions",
    "applications",
];

/// A row as the storage hands it to the figures: its columns as JSON text.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub table: String,
    pub row_id: String,
    pub columns: String,
}

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

fn live(deleted_at: &Value) -> bool {
    deleted_at.is_null()
}

fn int(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
}

/// SQLite's truth: a non-zero number or true.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        _ => false,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CollegeCols {
    city: Value,
    code_list: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProgramCols {
    name: Value,
    code: Value,
    deleted_at: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GraduateCols {
    program_id: Value,
    cohort: Value,
    skill_level: Value,
    deleted_at: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EmployerCols {
    employer_type: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PlacementCols {
    graduate_id: Value,
    code_list: Value,
    destination_code: Value,
    employer_id: Value,
    institution_id: Value,
    in_field: Value,
    salary: Value,
    city: Value,
    superseded_at: Value,
    deleted_at: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AgreementCols {
    kind: Value,
    status: Value,
    deleted_at: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FairItemCols {
    fair_id: Value,
    headcount: Value,
    status: Value,
    deleted_at: Value,
}

fn parse<T: for<'de> Deserialize<'de> + Default>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_default()
}

/// What a college's figures are made of, kept for adding colleges up.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    total: Tally,
    by_cohort: BTreeMap<i32, u32>,
    /// By program id: name, code, and the tally.
    programs: Vec<(String, String, Option<String>, Tally)>,
    robotics: FieldFigures,
    ai: FieldFigures,
    fairs: u32,
    fair_totals: FairFigures,
    agreements: BTreeMap<String, (u32, u32)>,
    research: u32,
    code_lists: BTreeSet<String>,
    unknown_codes: u32,
}

fn indicators(t: &Tally) -> Indicators {
    Indicators {
        graduates: t.graduates,
        counts: t.counts(),
        rates: t.rates(),
        salary_count: t.salary_count(),
        mean_salary: t.mean_salary(),
    }
}

fn agreement_list(by_kind: &BTreeMap<String, (u32, u32)>) -> Vec<AgreementCount> {
    let mut out: Vec<AgreementCount> = AGREEMENT_KINDS
        .iter()
        .map(|k| {
            let (total, in_force) = by_kind.get(*k).copied().unwrap_or_default();
            AgreementCount {
                kind: (*k).to_string(),
                total,
                in_force,
            }
        })
        .collect();
    for (k, (total, in_force)) in by_kind {
        if !AGREEMENT_KINDS.contains(&k.as_str()) {
            out.push(AgreementCount {
                kind: k.clone(),
                total: *total,
                in_force: *in_force,
            });
        }
    }
    out
}

fn cohorts(by_cohort: &BTreeMap<i32, u32>) -> Vec<CohortCount> {
    by_cohort
        .iter()
        .map(|(cohort, graduates)| CohortCount {
            cohort: *cohort,
            graduates: *graduates,
        })
        .collect()
}

/// Computes one college's figures from its rows.
pub fn college(college: &College, rows: &[RawRow], cohort: Option<i32>) -> (CollegeFigures, Parts) {
    let mut by_table: HashMap<&str, Vec<&RawRow>> = HashMap::new();
    for r in rows {
        by_table.entry(r.table.as_str()).or_default().push(r);
    }
    let of = |t: &str| by_table.get(t).map(Vec::as_slice).unwrap_or_default();

    let profile: CollegeCols = of("colleges")
        .iter()
        .find(|r| r.row_id == college.id)
        .map(|r| parse(&r.columns))
        .unwrap_or_default();
    let college_city = text(&profile.city)
        .or(college.city.as_deref())
        .map(city_key)
        .filter(|c| !c.is_empty());

    // Programs: names (deleted ones too, as the app names a graduate's program) and fields.
    let mut program_names: HashMap<&str, (String, Option<String>)> = HashMap::new();
    let mut field_programs: HashMap<&str, ProgramField> = HashMap::new();
    let mut parts = Parts::default();
    for r in of("programs") {
        let p: ProgramCols = parse(&r.columns);
        let name = text(&p.name).unwrap_or_default().to_string();
        let code = text(&p.code).filter(|c| !c.is_empty()).map(str::to_string);
        if live(&p.deleted_at)
            && let Some(field) = program_field(&name)
        {
            field_programs.insert(&r.row_id, field);
            match field {
                ProgramField::Robotics => parts.robotics.programs += 1,
                ProgramField::Ai => parts.ai.programs += 1,
            }
        }
        program_names.insert(&r.row_id, (name, code));
    }

    let employer_types: HashMap<&str, String> = of("employers")
        .iter()
        .map(|r| {
            let e: EmployerCols = parse(&r.columns);
            (
                r.row_id.as_str(),
                text(&e.employer_type).unwrap_or_default().to_string(),
            )
        })
        .collect();

    // Each graduate's current destination: the later-made one when there are two.
    let mut current: HashMap<String, (&str, PlacementCols)> = HashMap::new();
    for r in of("placements") {
        let p: PlacementCols = parse(&r.columns);
        if !live(&p.deleted_at) || !p.superseded_at.is_null() {
            continue;
        }
        let Some(g) = text(&p.graduate_id).map(str::to_string) else {
            continue;
        };
        match current.get(&g) {
            Some((id, _)) if *id >= r.row_id.as_str() => {}
            _ => {
                current.insert(g, (r.row_id.as_str(), p));
            }
        }
    }

    let mut tallies: HashMap<String, Tally> = HashMap::new();
    for r in of("graduates") {
        let g: GraduateCols = parse(&r.columns);
        if !live(&g.deleted_at) {
            continue;
        }
        let (Some(program), Some(year)) = (text(&g.program_id), int(&g.cohort)) else {
            continue;
        };
        let Ok(year) = i32::try_from(year) else {
            continue;
        };
        *parts.by_cohort.entry(year).or_default() += 1;
        if cohort.is_some_and(|c| c != year) {
            continue;
        }
        match field_programs.get(program) {
            Some(ProgramField::Robotics) => parts.robotics.graduates += 1,
            Some(ProgramField::Ai) => parts.ai.graduates += 1,
            None => {}
        }
        let placement = current.get(&r.row_id).map(|(_, p)| p);
        let (mut group_name, mut employed) = (None, false);
        let (mut in_field, mut salary, mut city, mut employer_type) =
            (false, None, String::new(), "");
        if let Some(p) = placement {
            let version = text(&p.code_list).unwrap_or_default();
            let code = text(&p.destination_code).unwrap_or_default();
            parts.code_lists.insert(version.to_string());
            match builtin_destination(version, code) {
                Some(d) => {
                    group_name = Some(d.group.as_str());
                    employed = d.employed;
                }
                None => parts.unknown_codes += 1,
            }
            in_field = truthy(&p.in_field);
            salary = int(&p.salary).and_then(|s| u32::try_from(s).ok());
            city = text(&p.city).map(city_key).unwrap_or_default();
            employer_type = if !p.institution_id.is_null() && p.employer_id.is_null() {
                INSTITUTION_KEY
            } else {
                text(&p.employer_id)
                    .and_then(|e| employer_types.get(e))
                    .map_or("", String::as_str)
            };
        }
        let group = group_of(group_name, employed);
        let fact = Fact {
            group,
            certificate: !g.skill_level.is_null(),
            in_field,
            salary,
            city: &city,
        };
        if in_research(group, employer_type) {
            parts.research += 1;
        }
        parts.total.add(&fact, college_city.as_deref());
        match tallies.get_mut(program) {
            Some(t) => t.add(&fact, college_city.as_deref()),
            None => {
                let mut t = Tally::default();
                t.add(&fact, college_city.as_deref());
                tallies.insert(program.to_string(), t);
            }
        }
    }
    parts.robotics.colleges = u32::from(parts.robotics.programs > 0);
    parts.ai.colleges = u32::from(parts.ai.programs > 0);
    if parts.code_lists.is_empty() {
        parts.code_lists.insert(
            text(&profile.code_list)
                .unwrap_or(DEFAULT_CODE_LIST)
                .to_string(),
        );
    }
    let mut programs: Vec<(String, String, Option<String>, Tally)> = tallies
        .into_iter()
        .map(|(id, t)| {
            let (name, code) = program_names.get(id.as_str()).cloned().unwrap_or_default();
            (id, name, code, t)
        })
        .collect();
    programs.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    parts.programs = programs;

    // Job fairs: the live items of live fairs.
    let fairs: BTreeSet<&str> = of("fairs")
        .iter()
        .filter(|r| live(&parse::<FairItemCols>(&r.columns).deleted_at))
        .map(|r| r.row_id.as_str())
        .collect();
    parts.fairs = u32::try_from(fairs.len()).unwrap_or(u32::MAX);
    for table in ["fair_employers", "positions", "applications"] {
        for r in of(table) {
            let item: FairItemCols = parse(&r.columns);
            if !live(&item.deleted_at) || !text(&item.fair_id).is_some_and(|f| fairs.contains(f)) {
                continue;
            }
            let f = &mut parts.fair_totals;
            match table {
                "fair_employers" => f.employers += 1,
                "positions" => {
                    f.positions += 1;
                    f.headcount += int(&item.headcount)
                        .and_then(|h| u32::try_from(h).ok())
                        .unwrap_or(0);
                }
                _ => f.add_applications(text(&item.status).unwrap_or_default(), 1),
            }
        }
    }

    for r in of("agreements") {
        let a: AgreementCols = parse(&r.columns);
        if !live(&a.deleted_at) {
            continue;
        }
        let entry = parts
            .agreements
            .entry(text(&a.kind).unwrap_or_default().to_string())
            .or_default();
        entry.0 += 1;
        if text(&a.status).is_some_and(|s| AGREEMENT_IN_FORCE.contains(&s)) {
            entry.1 += 1;
        }
    }

    let figures = CollegeFigures {
        college: college.clone(),
        cohort,
        by_cohort: cohorts(&parts.by_cohort),
        indicators: indicators(&parts.total),
        programs: parts
            .programs
            .iter()
            .map(|(id, name, code, t)| ProgramIndicators {
                program_id: id.clone(),
                program: name.clone(),
                code: code.clone(),
                field: program_field(name),
                colleges: 1,
                indicators: indicators(t),
            })
            .collect(),
        robotics: parts.robotics.clone(),
        ai: parts.ai.clone(),
        fairs: parts.fairs,
        fair_totals: parts.fair_totals.clone(),
        agreements: agreement_list(&parts.agreements),
        research: ResearchFigures {
            graduates: parts.research,
            colleges: u32::from(parts.research > 0),
        },
        coverage: Coverage {
            code_lists: parts.code_lists.iter().cloned().collect(),
            unknown_codes: parts.unknown_codes,
        },
    };
    (figures, parts)
}

/// Adds colleges' figures up into the province's.
#[derive(Default)]
pub struct Province {
    colleges: u32,
    total: Tally,
    by_cohort: BTreeMap<i32, u32>,
    by_college: Vec<CollegeLine>,
    /// By program name: code, colleges, tally.
    programs: BTreeMap<String, (Option<String>, u32, Tally)>,
    robotics: FieldFigures,
    ai: FieldFigures,
    fairs: u32,
    fair_totals: FairFigures,
    agreements: BTreeMap<String, (u32, u32)>,
    research: ResearchFigures,
    code_lists: BTreeSet<String>,
    unknown_codes: u32,
}

fn add_field(sum: &mut FieldFigures, f: &FieldFigures) {
    sum.colleges += f.colleges;
    sum.programs += f.programs;
    sum.graduates += f.graduates;
}

impl Province {
    pub fn add(&mut self, college: &College, parts: &Parts) {
        self.colleges += 1;
        self.total.merge(&parts.total);
        for (c, n) in &parts.by_cohort {
            *self.by_cohort.entry(*c).or_default() += n;
        }
        self.by_college.push(CollegeLine {
            code: college.code.clone(),
            name: college.name.clone(),
            city: college.city.clone(),
            indicators: indicators(&parts.total),
            research: parts.research,
        });
        for (_, name, code, t) in &parts.programs {
            let entry = self
                .programs
                .entry(name.trim().to_string())
                .or_insert_with(|| (None, 0, Tally::default()));
            if entry.0.is_none() {
                entry.0.clone_from(code);
            }
            entry.1 += 1;
            entry.2.merge(t);
        }
        add_field(&mut self.robotics, &parts.robotics);
        add_field(&mut self.ai, &parts.ai);
        self.fairs += parts.fairs;
        self.fair_totals.merge(&parts.fair_totals);
        for (k, (total, in_force)) in &parts.agreements {
            let e = self.agreements.entry(k.clone()).or_default();
            e.0 += total;
            e.1 += in_force;
        }
        self.research.graduates += parts.research;
        self.research.colleges += u32::from(parts.research > 0);
        self.code_lists.extend(parts.code_lists.iter().cloned());
        self.unknown_codes += parts.unknown_codes;
    }

    pub fn figures(mut self, cohort: Option<i32>) -> ProvinceFigures {
        self.by_college.sort_by(|a, b| a.code.cmp(&b.code));
        let mut by_program: Vec<ProgramIndicators> = self
            .programs
            .into_iter()
            .map(|(name, (code, colleges, t))| ProgramIndicators {
                program_id: String::new(),
                field: program_field(&name),
                program: name,
                code,
                colleges,
                indicators: indicators(&t),
            })
            .collect();
        by_program.sort_by(|a, b| {
            b.indicators
                .graduates
                .cmp(&a.indicators.graduates)
                .then_with(|| a.program.cmp(&b.program))
        });
        ProvinceFigures {
            cohort,
            colleges: self.colleges,
            robotics: self.robotics,
            ai: self.ai,
            by_cohort: cohorts(&self.by_cohort),
            indicators: indicators(&self.total),
            by_college: self.by_college,
            by_program,
            fairs: self.fairs,
            fair_totals: self.fair_totals,
            agreements: agreement_list(&self.agreements),
            research: self.research,
            coverage: Coverage {
                code_lists: self.code_lists.into_iter().collect(),
                unknown_codes: self.unknown_codes,
            },
        }
    }
}
