//! One demo college's rows, as the mutations a device would push: every synced column of each
//! row (null where the record has nothing), values in the forms the app writes (JSON lists as
//! text, booleans, dates `YYYY-MM-DD`, times RFC 3339 UTC).

use std::collections::{BTreeMap, HashSet};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use xiaoqi_protocol::indicators::{AGREEMENT_IN_FORCE, DEFAULT_CODE_LIST};
use xiaoqi_protocol::tables::{self, TableDef};
use xiaoqi_protocol::{Mutation, Op};

use super::names::{self, Business, ProgramSeed};
use super::{COHORTS, DemoOptions, EventAgreement, Spec, USER, apportion};

/// When the demo's records were made: 2025-06-30T00:00:00Z, one millisecond apart.
const BASE_MS: u64 = 1_751_241_600_000;
const PER_CLASS: u32 = 40;

struct Program {
    id: String,
    seed: ProgramSeed,
}

struct Graduate {
    id: String,
    program: usize,
    cohort: i32,
    placed: bool,
}

struct Employer {
    id: String,
    name: String,
    industry: &'static str,
    titles: &'static [&'static str],
    city: String,
}

struct Position {
    id: String,
    employer: usize,
    title: &'static str,
    salary_min: u32,
    city: String,
}

struct Gen<'a> {
    rng: ChaCha8Rng,
    ms: u64,
    college_id: &'a str,
    out: Vec<Mutation>,
}

fn pick<'s, T>(rng: &mut ChaCha8Rng, from: &'s [T]) -> &'s T {
    &from[rng.random_range(0..from.len())]
}

fn text_list<T: serde::Serialize>(items: &T) -> Value {
    Value::from(serde_json::to_string(items).unwrap_or_else(|_| "[]".into()))
}

impl Gen<'_> {
    /// A UUIDv7 from the demo's clock and seed: the same id every run.
    fn id(&mut self) -> String {
        self.ms += 1;
        let random: [u8; 10] = self.rng.random();
        uuid::Builder::from_unix_timestamp_millis(self.ms, &random)
            .into_uuid()
            .to_string()
    }

    fn now(&self) -> String {
        let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.ms) * 1_000_000)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let fmt = time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
        );
        t.format(&fmt).unwrap_or_default()
    }

    fn push(
        &mut self,
        op: Op,
        table: &str,
        row_id: &str,
        columns: BTreeMap<String, Value>,
        base: u64,
    ) {
        let id = self.out.len() as u64 + 1;
        let change_id = self.id();
        let at = self.now();
        self.out.push(Mutation {
            id,
            change_id,
            table: table.to_string(),
            row_id: row_id.to_string(),
            op,
            columns,
            base_version: base,
            at,
            user: Some(USER.to_string()),
        });
    }

    /// Inserts a row with every column of its table: `values`, the common ones, null for the rest.
    fn insert(&mut self, def: &TableDef, values: Vec<(&'static str, Value)>) -> String {
        let row_id = self.id();
        let now = self.now();
        let mut columns: BTreeMap<String, Value> = def
            .columns
            .iter()
            .map(|c| ((*c).to_string(), Value::Null))
            .collect();
        columns.insert("college_id".into(), Value::from(self.college_id));
        columns.insert("created_at".into(), Value::from(now.as_str()));
        columns.insert("updated_at".into(), Value::from(now.as_str()));
        for (c, v) in values {
            debug_assert!(def.has_column(c), "{}.{c}", def.name);
            columns.insert(c.to_string(), v);
        }
        self.push(Op::Insert, def.name, &row_id.clone(), columns, 0);
        row_id
    }
}

/// The check character of a resident ID number's first 17 digits (GB 11643).
pub fn id_check_char(first17: &[u8]) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d.saturating_sub(b'0')) * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

const CREDIT_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The check character of a unified social credit code's first 17 characters (GB 32100).
pub fn credit_check_char(first17: &[u8]) -> char {
    let mut weight = 1u32;
    let mut sum = 0u32;
    for c in first17 {
        let v = CREDIT_ALPHABET.iter().position(|a| a == c).unwrap_or(0) as u32;
        sum += v * weight;
        weight = weight * 3 % 31;
    }
    CREDIT_ALPHABET[((31 - sum % 31) % 31) as usize] as char
}

fn credit_code(rng: &mut ChaCha8Rng, division: &str) -> String {
    let mut first = format!("91{division}00");
    while first.len() < 17 {
        first.push(CREDIT_ALPHABET[rng.random_range(0..CREDIT_ALPHABET.len())] as char);
    }
    let check = credit_check_char(first.as_bytes());
    format!("{first}{check}")
}

fn in_field(program: &ProgramSeed, industry: Option<&str>, title: Option<&str>) -> bool {
    industry.is_some_and(|i| program.5.contains(&i))
        || title.is_some_and(|t| program.6.iter().any(|k| t.contains(k)))
}

fn contact(rng: &mut ChaCha8Rng, role: &str) -> Value {
    text_list(&json!([{
        "name": format!("{}经理", pick(rng, &["陈", "黄", "刘", "梁", "何", "李", "张"])),
        "role": role,
        "phone": format!("139{:08}", rng.random_range(0..100_000_000u32)),
        "email": null,
    }]))
}

fn status_history(statuses: &[&str], by: &str, at: &str) -> Value {
    let steps: Vec<Value> = statuses
        .iter()
        .map(|s| json!({"status": s, "by": by, "at": at, "note": null}))
        .collect();
    text_list(&steps)
}

/// Every mutation that makes `spec`'s college, numbered from 1.
pub fn mutations(spec: &Spec, college_id: &str, opts: &DemoOptions) -> Vec<Mutation> {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(
            opts.seed ^ (spec.index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15),
        ),
        ms: BASE_MS + spec.index as u64 * 10_000_000,
        college_id,
        out: Vec::new(),
    };
    let city = format!("{}市", spec.city);

    // The profile: the province set name, code and city; the college adds its minimum wage.
    let now = g.now();
    g.push(
        Op::Update,
        tables::COLLEGES.name,
        college_id,
        BTreeMap::from([
            ("min_wage".to_string(), Value::from(spec.min_wage)),
            ("code_list".to_string(), Value::from(DEFAULT_CODE_LIST)),
            ("updated_at".to_string(), Value::from(now)),
        ]),
        1,
    );

    let programs = programs(&mut g, spec);
    let mut graduates = graduates(&mut g, spec, &programs);
    let employers = employers(&mut g, spec, &city);
    let institutions = institutions(&mut g, spec);
    if let Some(share) = spec.fair {
        fair(&mut g, spec, share, &programs, &mut graduates, &employers);
    }
    research_placements(&mut g, spec, &programs, &mut graduates, &institutions);
    placements(&mut g, &programs, &mut graduates, &employers);
    agreements(&mut g, spec, &programs, &employers, &institutions);
    g.out
}

fn programs(g: &mut Gen<'_>, spec: &Spec) -> Vec<Program> {
    let mut seeds: Vec<ProgramSeed> = Vec::new();
    if spec.robotics {
        seeds.push(names::ROBOTICS);
    }
    if spec.ai {
        seeds.push(names::AI);
    }
    let others = g.rng.random_range(4..=7);
    let mut order: Vec<usize> = (0..names::PROGRAMS.len()).collect();
    for i in (1..order.len()).rev() {
        let j = g.rng.random_range(0..=i);
        order.swap(i, j);
    }
    seeds.extend(order.iter().take(others).map(|i| names::PROGRAMS[*i]));
    seeds
        .into_iter()
        .map(|seed| {
            let id = g.insert(
                &tables::PROGRAMS,
                vec![
                    ("name", Value::from(seed.0)),
                    ("code", Value::from(seed.1)),
                    ("level", Value::from(seed.2)),
                    ("length_years", Value::from(seed.3)),
                    ("department", Value::from(seed.4)),
                    ("industries", text_list(&seed.5)),
                    ("position_keywords", text_list(&seed.6)),
                ],
            );
            Program { id, seed }
        })
        .collect()
}

fn graduates(g: &mut Gen<'_>, spec: &Spec, programs: &[Program]) -> Vec<Graduate> {
    // AI programs take about 3 % of the province's graduates, all in the 17 AI colleges.
    let ai_share = super::AI_SHARE * super::COLLEGES as f64 / super::AI_COLLEGES as f64;
    let weights: Vec<f64> = programs
        .iter()
        .map(|p| {
            if p.seed.0 == names::AI.0 {
                ai_share * (programs.len() - 1) as f64 / (1.0 - ai_share)
            } else {
                f64::from(g.rng.random_range(60..=140u32)) / 100.0
            }
        })
        .collect();
    let mut used_ids = HashSet::new();
    let mut out = Vec::new();
    for cohort in COHORTS {
        for (pi, (p, n)) in programs
            .iter()
            .zip(apportion(spec.graduates, &weights))
            .enumerate()
        {
            let entry = cohort - i32::from(p.seed.3);
            let short: String = p.seed.0.chars().take(2).collect();
            let classes = n.div_ceil(PER_CLASS).max(1);
            for seat in 0..n {
                let class = seat / PER_CLASS + 1;
                let class_name = format!("{entry}级{short}{class}班");
                let female = g.rng.random_bool(if p.seed.4.contains("智能制造") {
                    0.2
                } else {
                    0.45
                });
                let chars = if female {
                    names::FEMALE_CHARS
                } else {
                    names::MALE_CHARS
                };
                let given = if g.rng.random_bool(0.75) {
                    format!("{}{}", pick(&mut g.rng, chars), pick(&mut g.rng, chars))
                } else {
                    (*pick(&mut g.rng, chars)).to_string()
                };
                let name = format!("{}{given}", pick(&mut g.rng, names::SURNAMES));
                let id_number = loop {
                    let first17 = format!(
                        "{}{:02}{:04}{:02}{:02}{:02}{}",
                        spec.division,
                        g.rng.random_range(1..=20u32),
                        cohort - g.rng.random_range(19..=22),
                        g.rng.random_range(1..=12u32),
                        g.rng.random_range(1..=28u32),
                        g.rng.random_range(0..100u32),
                        if female {
                            g.rng.random_range(0..5u32) * 2
                        } else {
                            g.rng.random_range(0..5u32) * 2 + 1
                        },
                    );
                    let id = format!("{first17}{}", id_check_char(first17.as_bytes()));
                    if used_ids.insert(id.clone()) {
                        break id;
                    }
                };
                let skill = match (p.seed.2, g.rng.random_range(0..10)) {
                    (_, 0) => Value::Null,
                    ("中级工", _) => Value::from("中级工"),
                    ("高级工", 1..=7) => Value::from("高级工"),
                    ("高级工", _) => Value::from("中级工"),
                    (_, 1..=6) => Value::from("技师"),
                    _ => Value::from("高级工"),
                };
                let phone = format!(
                    "1{}{:09}",
                    pick(&mut g.rng, &["3", "5", "7", "8", "9"]),
                    g.rng.random_range(0..1_000_000_000u32)
                );
                let teacher = names::TEACHERS
                    [(pi * 7 + class as usize + cohort as usize) % names::TEACHERS.len()];
                let id = g.insert(
                    &tables::GRADUATES,
                    vec![
                        ("name", Value::from(name)),
                        ("gender", Value::from(if female { "女" } else { "男" })),
                        (
                            "student_number",
                            Value::from(format!(
                                "{entry}{:02}{class:02}{:03}",
                                pi + 1,
                                seat % PER_CLASS + 1
                            )),
                        ),
                        ("id_number", Value::from(id_number)),
                        ("phone", Value::from(phone)),
                        ("program_id", Value::from(p.id.as_str())),
                        ("cohort", Value::from(cohort)),
                        ("class_name", Value::from(class_name)),
                        ("homeroom_teacher", Value::from(teacher)),
                        ("skill_level", skill),
                    ],
                );
                debug_assert!(class <= classes);
                out.push(Graduate {
                    id,
                    program: pi,
                    cohort,
                    placed: false,
                });
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn employer_row(
    g: &mut Gen<'_>,
    name: String,
    credit: String,
    employer_type: &str,
    business: Business,
    size: &str,
    city: &str,
    tags: &[&str],
) -> Employer {
    let contacts = contact(&mut g.rng, "人力资源部");
    let id = g.insert(
        &tables::EMPLOYERS,
        vec![
            ("name", Value::from(name.as_str())),
            ("credit_code", Value::from(credit)),
            ("credit_code_ok", Value::from(true)),
            ("employer_type", Value::from(employer_type)),
            ("industry", Value::from(business.1)),
            ("size", Value::from(size)),
            ("city", Value::from(city)),
            ("address", Value::from(format!("{city}（演示地址）"))),
            ("contacts", contacts),
            ("tags", text_list(&tags)),
        ],
    );
    Employer {
        id,
        name,
        industry: business.1,
        titles: business.2,
        city: city.to_string(),
    }
}

fn employers(g: &mut Gen<'_>, spec: &Spec, city: &str) -> Vec<Employer> {
    let mut out = Vec::new();
    let robotics: Business = names::BUSINESSES[0];
    let ai: Business = names::BUSINESSES[7];
    for e in &spec.event {
        match e {
            EventAgreement::HuaweiBase => out.push(employer_row(
                g,
                "华为技术有限公司".into(),
                "914403001922038216".into(),
                "39",
                ai,
                "大型",
                "东莞市",
                &["华为链群", "AI"],
            )),
            EventAgreement::Cooperation(name) => {
                let credit = credit_code(&mut g.rng, "4401");
                let business = if name.contains("人工智能") || name.contains("视觉") {
                    ai
                } else {
                    robotics
                };
                out.push(employer_row(
                    g,
                    (*name).to_string(),
                    credit,
                    "39",
                    business,
                    "大型",
                    city,
                    &["AI", "机器人"],
                ));
            }
            EventAgreement::Research(_) => {}
        }
    }
    let wanted = 16 + g.rng.random_range(0..8) + spec.fair.map_or(0, |f| f.employers as usize);
    let mut names_taken: HashSet<String> = out.iter().map(|e| e.name.clone()).collect();
    let mut codes_taken: HashSet<String> = HashSet::new();
    while out.len() < wanted {
        let brand = *pick(&mut g.rng, names::BRANDS);
        let business = *pick(&mut g.rng, names::BUSINESSES);
        // Most employers are local; some are elsewhere in the province.
        let (where_, division) = if g.rng.random_bool(0.75) {
            (spec.city, spec.division)
        } else {
            let c = pick(&mut g.rng, names::CITIES);
            (c.0, c.1)
        };
        let name = format!("{where_}{brand}{}有限公司", business.0);
        if !names_taken.insert(name.clone()) {
            if names_taken.len() > names::BRANDS.len() * names::BUSINESSES.len() / 2 {
                break;
            }
            continue;
        }
        let employer_type = match g.rng.random_range(0..100) {
            0..=71 => "39",
            72..=86 => "32",
            _ => "31",
        };
        let size = *pick(&mut g.rng, &["小型", "中型", "中型", "大型", "微型"]);
        let credit = loop {
            let c = credit_code(&mut g.rng, division);
            if codes_taken.insert(c.clone()) {
                break c;
            }
        };
        let city = format!("{where_}市");
        out.push(employer_row(
            g,
            name,
            credit,
            employer_type,
            business,
            size,
            &city,
            &[],
        ));
    }
    out
}

/// Research institutions: the event's, then others; a research college has three.
fn institutions(g: &mut Gen<'_>, spec: &Spec) -> Vec<(String, usize)> {
    let mut wanted: Vec<usize> = spec
        .event
        .iter()
        .filter_map(|e| match e {
            EventAgreement::Research(k) => Some(*k),
            _ => None,
        })
        .collect();
    let n = if spec.research > 0 {
        3
    } else {
        usize::from(g.rng.random_bool(0.5))
    };
    while wanted.len() < n {
        let k = g.rng.random_range(2..names::INSTITUTIONS.len());
        if !wanted.contains(&k) {
            wanted.push(k);
        }
    }
    wanted
        .into_iter()
        .map(|k| {
            let (name, parent, kind, city) = names::INSTITUTIONS[k];
            let contacts = contact(&mut g.rng, "科研合作办公室");
            let id = g.insert(
                &tables::INSTITUTIONS,
                vec![
                    ("name", Value::from(name)),
                    ("parent_org", parent.map_or(Value::Null, Value::from)),
                    ("kind", Value::from(kind)),
                    ("city", Value::from(city)),
                    ("credit_code_ok", Value::from(true)),
                    ("contacts", contacts),
                ],
            );
            (id, k)
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn placement(
    g: &mut Gen<'_>,
    graduate: &Graduate,
    program: &ProgramSeed,
    code: &str,
    employer: Option<&Employer>,
    institution: Option<&str>,
    title: Option<&str>,
    city: Option<&str>,
    salary: Option<u32>,
    industry: Option<&str>,
) -> String {
    let contract = match code {
        "11" => Value::from("劳动合同"),
        "10" => Value::from("就业协议"),
        _ => Value::Null,
    };
    let verified = graduate.cohort < 2025 && g.rng.random_bool(0.8);
    let at = g.now();
    let paid = salary.is_some();
    let start = paid.then(|| format!("{}-07-{:02}", graduate.cohort, g.rng.random_range(1..=28)));
    let industry = industry.or(employer.map(|e| e.industry));
    let field = (code != "70" && code != "72" && code != "801" && code != "85")
        .then(|| in_field(program, industry, title));
    let verified_by = if verified {
        Value::from(*pick(&mut g.rng, names::TEACHERS))
    } else {
        Value::Null
    };
    g.insert(
        &tables::PLACEMENTS,
        vec![
            ("graduate_id", Value::from(graduate.id.as_str())),
            ("code_list", Value::from(DEFAULT_CODE_LIST)),
            ("destination_code", Value::from(code)),
            (
                "employer_id",
                employer.map_or(Value::Null, |e| Value::from(e.id.as_str())),
            ),
            (
                "institution_id",
                institution.map_or(Value::Null, Value::from),
            ),
            ("position_title", title.map_or(Value::Null, Value::from)),
            ("industry", industry.map_or(Value::Null, Value::from)),
            ("city", city.map_or(Value::Null, Value::from)),
            ("start_date", start.map_or(Value::Null, Value::from)),
            ("salary", salary.map_or(Value::Null, Value::from)),
            ("contract_type", contract),
            ("in_field", field.map_or(Value::Null, Value::from)),
            ("evidence", Value::from("[]")),
            ("verified_by", verified_by),
            (
                "verified_at",
                if verified {
                    Value::from(at)
                } else {
                    Value::Null
                },
            ),
        ],
    )
}

/// The job fair as this college recorded it: its booths, positions, and its 2025 graduates'
/// applications at every stage; a signing records the placement.
fn fair(
    g: &mut Gen<'_>,
    spec: &Spec,
    share: super::FairShare,
    programs: &[Program],
    graduates: &mut [Graduate],
    employers: &[Employer],
) {
    let fair_id = g.insert(
        &tables::FAIRS,
        vec![
            (
                "name",
                Value::from("才聚湾区·智造未来——广东省人工智能与机器人产业技能人才双选会"),
            ),
            ("start_date", Value::from("2025-05-07")),
            ("end_date", Value::from("2025-05-21")),
            ("mode", Value::from("线上线下")),
            ("venue", Value::from("东莞（线下 1 天）＋ 线上平台（2 周）")),
            (
                "notes",
                Value::from(format!("{}组织本校毕业生参加", spec.name)),
            ),
        ],
    );
    let at_fair: Vec<usize> = (0..employers.len())
        .take(share.employers as usize)
        .collect();
    let mut positions: Vec<Position> = Vec::new();
    for (k, e) in at_fair.iter().enumerate() {
        let employer = &employers[*e];
        let booth = (k < share.on_site as usize)
            .then(|| format!("{}{:02}", ["A", "B", "C"][k / 20 % 3], k % 20 + 1));
        g.insert(
            &tables::FAIR_EMPLOYERS,
            vec![
                ("fair_id", Value::from(fair_id.as_str())),
                ("employer_id", Value::from(employer.id.as_str())),
                ("booth", booth.map_or(Value::Null, Value::from)),
            ],
        );
        let titles = employer.titles.len().min(g.rng.random_range(1..=2));
        for title in employer.titles.iter().copied().take(titles) {
            positions.push(Position {
                id: String::new(),
                employer: *e,
                title,
                salary_min: g.rng.random_range(38..62) * 100,
                city: employer.city.clone(),
            });
        }
    }
    let weights: Vec<f64> = positions
        .iter()
        .map(|_| f64::from(g.rng.random_range(50..150u32)))
        .collect();
    let heads = apportion(share.headcount, &weights);
    for (p, headcount) in positions.iter_mut().zip(heads) {
        let employer = &employers[p.employer];
        let wanted: Vec<&str> = programs
            .iter()
            .filter(|pr| {
                pr.seed.6.iter().any(|k| p.title.contains(k))
                    || pr.seed.5.contains(&employer.industry)
            })
            .take(3)
            .map(|pr| pr.id.as_str())
            .collect();
        let salary_max = p.salary_min + g.rng.random_range(10..30u32) * 100;
        p.id = g.insert(
            &tables::POSITIONS,
            vec![
                ("fair_id", Value::from(fair_id.as_str())),
                ("employer_id", Value::from(employer.id.as_str())),
                ("title", Value::from(p.title)),
                ("headcount", Value::from(headcount.max(1))),
                ("programs", text_list(&wanted)),
                ("salary_min", Value::from(p.salary_min)),
                ("salary_max", Value::from(salary_max)),
                ("city", Value::from(p.city.as_str())),
            ],
        );
    }
    if positions.is_empty() {
        return;
    }
    // Applications: distinct (position, graduate) pairs of the 2025 cohort; the signings by
    // distinct graduates.
    let cohort: Vec<usize> = (0..graduates.len())
        .filter(|i| graduates[*i].cohort == 2025)
        .collect();
    if cohort.is_empty() {
        return;
    }
    let capacity = cohort.len() * positions.len();
    let resumes = (share.resumes as usize).min(capacity);
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    let mut signed_graduates: HashSet<usize> = HashSet::new();
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(resumes);
    while order.len() < resumes {
        let gi = cohort[g.rng.random_range(0..cohort.len())];
        let pi = g.rng.random_range(0..positions.len());
        let signing = order.len() < share.signings as usize;
        if signing && signed_graduates.contains(&gi) {
            if signed_graduates.len() >= cohort.len() {
                break;
            }
            continue;
        }
        if pairs.insert((gi, pi)) {
            if signing {
                signed_graduates.insert(gi);
            }
            order.push((gi, pi));
        }
    }
    for (k, (gi, pi)) in order.into_iter().enumerate() {
        let k = k as u32;
        let status = if k < share.signings {
            "已签约"
        } else if k < share.intentions {
            "意向"
        } else {
            match g.rng.random_range(0..100) {
                0..=59 => "已投递",
                60..=84 => "已面试",
                _ => "未录用",
            }
        };
        let mut placement_id = Value::Null;
        if status == "已签约" {
            let p = &positions[pi];
            let employer = &employers[p.employer];
            let program = programs[graduates[gi].program].seed;
            let id = placement(
                g,
                &graduates[gi],
                &program,
                "11",
                Some(employer),
                None,
                Some(p.title),
                Some(&p.city),
                Some(p.salary_min + 500),
                None,
            );
            graduates[gi].placed = true;
            placement_id = Value::from(id);
        }
        let steps: Vec<&str> = if status == "已签约" {
            vec!["意向", "已签约"]
        } else {
            vec![status]
        };
        let at = g.now();
        g.insert(
            &tables::APPLICATIONS,
            vec![
                ("position_id", Value::from(positions[pi].id.as_str())),
                ("graduate_id", Value::from(graduates[gi].id.as_str())),
                ("fair_id", Value::from(fair_id.as_str())),
                ("status", Value::from(status)),
                ("placement_id", placement_id),
                ("history", status_history(&steps, "", &at)),
            ],
        );
    }
}

/// Graduates working in research institutions (科研助理, 271).
fn research_placements(
    g: &mut Gen<'_>,
    spec: &Spec,
    programs: &[Program],
    graduates: &mut [Graduate],
    institutions: &[(String, usize)],
) {
    if institutions.is_empty() {
        return;
    }
    // Spread over the college's graduates rather than the first ones.
    let mut free: Vec<usize> = (0..graduates.len())
        .filter(|i| !graduates[*i].placed)
        .collect();
    for i in (1..free.len()).rev() {
        let j = g.rng.random_range(0..=i);
        free.swap(i, j);
    }
    for i in free.into_iter().take(spec.research as usize) {
        let (inst, k) = &institutions[g.rng.random_range(0..institutions.len())];
        let city = names::INSTITUTIONS[*k].3;
        let program = programs[graduates[i].program].seed;
        let salary = g.rng.random_range(45..90) * 100;
        placement(
            g,
            &graduates[i],
            &program,
            "271",
            None,
            Some(inst),
            Some("科研助理"),
            Some(city),
            Some(salary),
            Some("M"),
        );
        graduates[i].placed = true;
    }
}

/// Destinations for the rest: nearly all of 2024, most of 2025.
fn placements(
    g: &mut Gen<'_>,
    programs: &[Program],
    graduates: &mut [Graduate],
    employers: &[Employer],
) {
    for i in 0..graduates.len() {
        if graduates[i].placed {
            continue;
        }
        let share = if graduates[i].cohort == 2024 {
            0.99
        } else {
            0.95
        };
        if !g.rng.random_bool(share) {
            continue;
        }
        let code = match g.rng.random_range(0..1000) {
            0..=589 => "11",
            590..=729 => "10",
            730..=809 => "12",
            810..=839 => "76",
            840..=854 => "75",
            855..=879 => "801",
            880..=884 => "85",
            885..=899 => "46",
            900..=904 => "502",
            905..=939 => "70",
            940..=959 => "71",
            _ => "72",
        };
        let program = programs[graduates[i].program].seed;
        // Most find work in their field.
        let matching: Vec<&Employer> = employers
            .iter()
            .filter(|e| program.5.contains(&e.industry))
            .collect();
        let employer = matches!(code, "10" | "11" | "12").then(|| {
            if !matching.is_empty() && g.rng.random_bool(0.7) {
                matching[g.rng.random_range(0..matching.len())]
            } else {
                &employers[g.rng.random_range(0..employers.len())]
            }
        });
        let title = employer.map(|e| *pick(&mut g.rng, e.titles));
        let paid = !matches!(code, "70" | "71" | "72" | "801" | "85" | "46");
        let salary = paid.then(|| {
            if matches!(code, "12" | "76") && g.rng.random_bool(0.2) {
                g.rng.random_range(15..20) * 100
            } else {
                g.rng.random_range(38..85) * 100
            }
        });
        let city = employer.map(|e| e.city.clone());
        placement(
            g,
            &graduates[i],
            &program,
            code,
            employer,
            None,
            title,
            city.as_deref(),
            salary,
            None,
        );
        graduates[i].placed = true;
    }
}

/// The college's own agreements, and those it signed at the event.
fn agreements(
    g: &mut Gen<'_>,
    spec: &Spec,
    programs: &[Program],
    employers: &[Employer],
    institutions: &[(String, usize)],
) {
    let mut seq = 0;
    let mut add = |g: &mut Gen<'_>,
                   kind: &str,
                   title: String,
                   partner: (Option<&str>, Option<&str>),
                   status: &str,
                   start: &str,
                   end: &str,
                   program_ids: Vec<&str>| {
        seq += 1;
        let year = &start[..4];
        let path: &[&str] = match status {
            "草稿" => &[],
            "审核中" => &["审核中"],
            "已签署" => &["审核中", "已签署"],
            "履行中" => &["审核中", "已签署", "履行中"],
            "已到期" => &["审核中", "已签署", "履行中", "已到期"],
            _ => &["审核中", "已签署", "履行中", "已终止"],
        };
        let at = g.now();
        let clauses: Vec<Value> = names::CLAUSES
            .iter()
            .map(|(t, b)| json!({"title": t, "body": b}))
            .collect();
        g.insert(
            &tables::AGREEMENTS,
            vec![
                (
                    "number",
                    Value::from(format!("{}-{year}-{seq:03}", spec.code)),
                ),
                ("kind", Value::from(kind)),
                ("title", Value::from(title)),
                ("employer_id", partner.0.map_or(Value::Null, Value::from)),
                ("institution_id", partner.1.map_or(Value::Null, Value::from)),
                ("programs", text_list(&program_ids)),
                ("start_date", Value::from(start)),
                ("end_date", Value::from(end)),
                ("clauses", text_list(&clauses)),
                (
                    "signatories",
                    text_list(&json!([
                        {"side": "college", "name": "校长", "title": "校长"},
                        {"side": "partner", "name": "总经理", "title": "总经理"},
                    ])),
                ),
                ("status", Value::from(status)),
                ("history", status_history(path, "校办", &at)),
            ],
        );
    };
    let first_program = |pred: &dyn Fn(&str) -> bool| -> Vec<&str> {
        programs
            .iter()
            .filter(|p| pred(p.seed.0))
            .map(|p| p.id.as_str())
            .take(2)
            .collect()
    };
    for e in &spec.event {
        match e {
            EventAgreement::Cooperation(name) => {
                let employer = employers
                    .iter()
                    .find(|x| x.name == *name)
                    .map(|x| x.id.as_str());
                add(
                    g,
                    "校企合作协议",
                    format!("{name}校企合作协议"),
                    (employer, None),
                    AGREEMENT_IN_FORCE[0],
                    "2025-05-07",
                    "2028-05-06",
                    first_program(&|n| n.contains("机器人") || n.contains("人工智能")),
                );
            }
            EventAgreement::Research(k) => {
                let inst = institutions
                    .iter()
                    .find(|(_, i)| i == k)
                    .map(|(id, _)| id.as_str());
                add(
                    g,
                    "技研合作协议",
                    format!("{}技研合作协议", names::INSTITUTIONS[*k].0),
                    (None, inst),
                    AGREEMENT_IN_FORCE[0],
                    "2025-05-07",
                    "2028-05-06",
                    first_program(&|_| true),
                );
            }
            EventAgreement::HuaweiBase => {
                let huawei = employers
                    .iter()
                    .find(|x| x.name == "华为技术有限公司")
                    .map(|x| x.id.as_str());
                add(
                    g,
                    "共建人才培养基地",
                    "数字经济人才培养基地共建协议".into(),
                    (huawei, None),
                    AGREEMENT_IN_FORCE[1],
                    "2025-05-07",
                    "2030-05-06",
                    first_program(&|n| n.contains("人工智能") || n.contains("网络")),
                );
            }
        }
    }
    let n = g.rng.random_range(2..=5);
    for _ in 0..n {
        let kind = *pick(
            &mut g.rng,
            &[
                "校企合作协议",
                "校企合作协议",
                "订单班/冠名班",
                "现代学徒制",
                "共建人才培养基地",
            ],
        );
        let status = match g.rng.random_range(0..100) {
            0..=49 => "履行中",
            50..=69 => "已签署",
            70..=84 => "已到期",
            85..=89 => "草稿",
            90..=94 => "审核中",
            _ => "已终止",
        };
        let (start, end) = if status == "已到期" {
            ("2021-09-01", "2024-08-31")
        } else {
            ("2024-09-01", "2027-08-31")
        };
        let e = &employers[g.rng.random_range(0..employers.len())];
        let p = &programs[g.rng.random_range(0..programs.len())];
        add(
            g,
            kind,
            format!("{}{kind}", e.name),
            (Some(e.id.as_str()), None),
            status,
            start,
            end,
            vec![p.id.as_str()],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_characters_follow_the_standards() {
        assert_eq!(id_check_char(b"11010519491231002"), 'X');
        assert_eq!(credit_check_char(b"91350100M000100Y4"), '3');
        assert_eq!(credit_check_char(b"91440300192203821"), '6');
    }

    #[test]
    fn every_row_carries_exactly_its_tables_columns() {
        let opts = DemoOptions {
            scale: 0.01,
            ..DemoOptions::default()
        };
        for spec in super::super::plan(&opts).iter().take(12) {
            let muts = mutations(spec, "c1", &opts);
            assert_eq!(muts, mutations(spec, "c1", &opts), "deterministic");
            let mut numbers = HashSet::new();
            let mut ids = HashSet::new();
            for (i, m) in muts.iter().enumerate() {
                assert_eq!(m.id, i as u64 + 1);
                crate::merge::check(m).expect("valid");
                let def = tables::table(&m.table).expect("synced");
                if m.op == Op::Insert {
                    let cols: Vec<&str> = m.columns.keys().map(String::as_str).collect();
                    let mut want: Vec<&str> = def.columns.to_vec();
                    want.sort_unstable();
                    assert_eq!(cols, want, "{}", m.table);
                    assert!(ids.insert(m.row_id.clone()), "row ids are unique");
                }
                if m.table == "graduates" {
                    let n = m.columns["student_number"].as_str().expect("number");
                    assert!(numbers.insert(n.to_string()), "{n} twice");
                    let id = m.columns["id_number"].as_str().expect("id");
                    assert_eq!(id.len(), 18);
                    assert_eq!(
                        id_check_char(&id.as_bytes()[..17]),
                        id.as_bytes()[17] as char
                    );
                }
            }
        }
    }
}
