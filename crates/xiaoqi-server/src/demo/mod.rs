//! `xiaoqi-server demo`: a synthetic province in the proportions of the seed article — 148
//! technical colleges, 63 of them with an industrial-robotics program and 17 with an AI program
//! (about 3 % of graduates, as 20,000 of 667,000 students), two cohorts of graduates (170,000 a
//! year, scaled by `--scale`), their destinations, the Dongguan two-way job fair as recorded by
//! the 67 colleges that took part (600 employers of which 345 on site, 11,000 openings, 16,560
//! resumes, 6,316 intentions, 293 signings), the agreements signed there (10 colleges × 10 AI and
//! robotics companies, 6 colleges × 7 research institutions, the digital-economy talent base of
//! 东莞市技师学院 and Huawei) beside each college's own, and 800-odd graduates of 22 colleges
//! working in research institutions.
//!
//! Everything is made from a fixed seed: the same rows (ids included) every time. Each college's
//! rows are pushed through [`Storage::push`] as one device (`xiaoqi-demo`) would push them, so
//! they are valid synced rows that devices pull like any other, and running the demo again is
//! harmless: the server skips mutation ids it already applied (a run that was interrupted is
//! completed). A college code of the demo held by a college of another name is refused.

mod college;
mod names;

use std::collections::HashMap;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use xiaoqi_protocol::College;

use crate::storage::{Storage, StorageError};

/// The device the demo's rows come from.
pub const DEVICE: &str = "xiaoqi-demo";
/// Who the demo's edits are by.
pub const USER: &str = "演示数据";
/// Marks every demo college's name.
pub const MARK: &str = "（演示）";

pub const COLLEGES: usize = 148;
pub const ROBOTICS_COLLEGES: usize = 63;
pub const AI_COLLEGES: usize = 17;
pub const FAIR_COLLEGES: usize = 67;
pub const RESEARCH_COLLEGES: usize = 22;
pub const COHORTS: [i32; 2] = [2024, 2025];
/// Graduates a year at `--scale 1`.
pub const GRADUATES_PER_YEAR: f64 = 170_000.0;
/// The share of AI students among all (20,000 of 667,000).
pub const AI_SHARE: f64 = 20_000.0 / 667_000.0;

/// The job fair's figures (seed article).
pub const FAIR_EMPLOYERS: u32 = 600;
pub const FAIR_ON_SITE: u32 = 345;
pub const FAIR_HEADCOUNT: u32 = 11_000;
pub const FAIR_RESUMES: u32 = 16_560;
pub const FAIR_INTENTIONS: u32 = 6_316;
pub const FAIR_SIGNINGS: u32 = 293;
/// Graduates working in research institutions (seed article: 800+ of 20+ colleges).
pub const RESEARCH_GRADUATES: u32 = 820;

/// How big a province to make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemoOptions {
    /// Graduates as a share of the real province's 170,000 a year (default 0.1). Counts tied
    /// to graduates (resumes, intentions, signings, research placements) shrink with it below
    /// 0.1; the colleges, programs, employers and positions do not.
    pub scale: f64,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            scale: 0.1,
            seed: 20250507,
        }
    }
}

impl DemoOptions {
    /// The factor for counts that need graduates.
    fn graduate_bound(&self) -> f64 {
        (self.scale / 0.1).min(1.0)
    }
}

/// An agreement signed at the event.
#[derive(Debug, Clone, PartialEq)]
pub enum EventAgreement {
    /// 校企合作协议 with one of the ten AI and robotics companies.
    Cooperation(&'static str),
    /// 技研合作协议 with one of the seven research institutions (by index in the list).
    Research(usize),
    /// The digital-economy talent base with Huawei.
    HuaweiBase,
}

/// One college of the demo province and its part in the article's figures.
#[derive(Debug, Clone)]
pub struct Spec {
    pub index: usize,
    pub code: String,
    pub name: String,
    pub city: &'static str,
    pub division: &'static str,
    pub min_wage: u32,
    /// Graduates per cohort.
    pub graduates: u32,
    pub robotics: bool,
    pub ai: bool,
    pub fair: Option<FairShare>,
    /// Graduates to place in research institutions.
    pub research: u32,
    pub event: Vec<EventAgreement>,
}

/// A college's part of the job fair.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FairShare {
    pub employers: u32,
    pub on_site: u32,
    pub headcount: u32,
    pub resumes: u32,
    pub intentions: u32,
    pub signings: u32,
}

/// `total` split by `weights` to whole numbers that add up to it (largest remainder).
pub fn apportion(total: u32, weights: &[f64]) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| f64::from(total) * w / sum).collect();
    let mut out: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut rest = total - out.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| {
        let (ra, rb) = (exact[*a] - exact[*a].floor(), exact[*b] - exact[*b].floor());
        rb.total_cmp(&ra).then(a.cmp(b))
    });
    for i in order {
        if rest == 0 {
            break;
        }
        out[i] += 1;
        rest -= 1;
    }
    out
}

fn shuffled(rng: &mut ChaCha8Rng, n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i);
        v.swap(i, j);
    }
    v
}

/// The province: which college is which, and its share of every figure. Pure and deterministic.
pub fn plan(opts: &DemoOptions) -> Vec<Spec> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut specs: Vec<Spec> = Vec::with_capacity(COLLEGES);
    let city_of = |name: &str| {
        names::CITIES
            .iter()
            .find(|c| c.0 == name)
            .copied()
            .unwrap_or(names::CITIES[0])
    };
    for (i, (name, city)) in names::PROVINCIAL.iter().enumerate() {
        let c = city_of(city);
        specs.push(spec(specs.len(), format!("GD4400{:02}", i + 1), name, c));
    }
    for c in names::CITIES {
        for (i, kind) in names::CITY_COLLEGES.iter().take(c.2).enumerate() {
            let name = format!("{}市{kind}", c.0);
            specs.push(spec(
                specs.len(),
                format!("GD{}{:02}", c.1, i + 1),
                &name,
                *c,
            ));
        }
    }
    debug_assert_eq!(specs.len(), COLLEGES);
    let find = |specs: &[Spec], name: &str| {
        specs
            .iter()
            .position(|s| s.name.strip_suffix(MARK) == Some(name))
    };

    // Sizes: a college has 0.4–1.6 times the average.
    let weights: Vec<f64> = (0..specs.len())
        .map(|_| rng.random_range(40..=160) as f64 / 100.0)
        .collect();
    let per_year = (GRADUATES_PER_YEAR * opts.scale).round() as u32;
    for (s, n) in specs.iter_mut().zip(apportion(per_year, &weights)) {
        s.graduates = n;
    }

    // Programs: AI colleges first in a shuffled order, robotics overlapping most of them.
    let order = shuffled(&mut rng, specs.len());
    let mut ai: Vec<usize> = order[..AI_COLLEGES].to_vec();
    let mut robotics: Vec<usize> = order[5..5 + ROBOTICS_COLLEGES].to_vec();
    for named in [names::AI_MODEL, names::HOST] {
        if let Some(i) = find(&specs, named) {
            for set in [&mut ai, &mut robotics] {
                if !set.contains(&i) {
                    set.pop();
                    set.insert(0, i);
                }
            }
        }
    }
    for i in ai {
        specs[i].ai = true;
    }
    for i in robotics {
        specs[i].robotics = true;
    }

    // The event's agreements: the named colleges, then technician colleges in shuffled order.
    let technician: Vec<usize> = shuffled(&mut rng, specs.len())
        .into_iter()
        .filter(|i| specs[*i].name.contains("技师学院"))
        .collect();
    let pick = |taken: &mut Vec<usize>, named: &[&str], n: usize| {
        let mut out: Vec<usize> = named.iter().filter_map(|n| find(&specs, n)).collect();
        for i in &technician {
            if out.len() >= n {
                break;
            }
            if !out.contains(i) && !taken.contains(i) {
                out.push(*i);
            }
        }
        taken.extend(&out);
        out
    };
    let mut taken = Vec::new();
    let cooperation = pick(&mut taken, &names::COOPERATION_NAMED, 10);
    let research = pick(&mut taken, &names::RESEARCH_NAMED, 6);
    for (k, i) in cooperation.iter().enumerate() {
        specs[*i]
            .event
            .push(EventAgreement::Cooperation(names::LEADERS[k]));
    }
    // Seven institutions for six colleges: the first college signs two.
    for k in 0..7usize {
        specs[research[k.saturating_sub(1)]]
            .event
            .push(EventAgreement::Research(k));
    }
    let host = find(&specs, names::HOST).unwrap_or(0);
    specs[host].event.push(EventAgreement::HuaweiBase);

    // Research placements: the research-agreement colleges and 16 more.
    let mut research_colleges = research.clone();
    for i in shuffled(&mut rng, specs.len()) {
        if research_colleges.len() >= RESEARCH_COLLEGES {
            break;
        }
        if !research_colleges.contains(&i) {
            research_colleges.push(i);
        }
    }
    let bound = opts.graduate_bound();
    let research_total = (f64::from(RESEARCH_GRADUATES) * bound).round() as u32;
    let w: Vec<f64> = research_colleges
        .iter()
        .map(|i| f64::from(specs[*i].graduates.max(1)))
        .collect();
    for (i, n) in research_colleges.iter().zip(apportion(research_total, &w)) {
        // Never more than a fifth of a college's graduates.
        specs[*i].research = n.min(specs[*i].graduates * 2 / 5).max(1);
    }

    // The job fair: the host and 66 more colleges.
    let mut fair = vec![host];
    for i in shuffled(&mut rng, specs.len()) {
        if fair.len() >= FAIR_COLLEGES {
            break;
        }
        if !fair.contains(&i) {
            fair.push(i);
        }
    }
    fair.sort_unstable();
    let sizes: Vec<f64> = fair
        .iter()
        .map(|i| f64::from(specs[*i].graduates.max(1)))
        .collect();
    let scaled = |n: u32| (f64::from(n) * bound).round() as u32;
    let employers = apportion(FAIR_EMPLOYERS, &sizes);
    let on_site = apportion(
        FAIR_ON_SITE,
        &employers.iter().map(|n| f64::from(*n)).collect::<Vec<_>>(),
    );
    let headcount = apportion(
        FAIR_HEADCOUNT,
        &employers.iter().map(|n| f64::from(*n)).collect::<Vec<_>>(),
    );
    let resumes = apportion(scaled(FAIR_RESUMES), &sizes);
    let by_resumes: Vec<f64> = resumes.iter().map(|n| f64::from(*n)).collect();
    let intentions = apportion(scaled(FAIR_INTENTIONS), &by_resumes);
    let signings = apportion(scaled(FAIR_SIGNINGS), &by_resumes);
    for (k, i) in fair.iter().enumerate() {
        specs[*i].fair = Some(FairShare {
            employers: employers[k],
            on_site: on_site[k].min(employers[k]),
            headcount: headcount[k],
            resumes: resumes[k],
            intentions: intentions[k].min(resumes[k]),
            signings: signings[k].min(intentions[k]).min(resumes[k]),
        });
    }
    specs
}

fn spec(
    index: usize,
    code: String,
    name: &str,
    city: (&'static str, &'static str, usize, u32),
) -> Spec {
    Spec {
        index,
        code,
        name: format!("{name}{MARK}"),
        city: city.0,
        division: city.1,
        min_wage: city.3,
        graduates: 0,
        robotics: false,
        ai: false,
        fair: None,
        research: 0,
        event: Vec::new(),
    }
}

/// What a run of the demo did.
#[derive(Debug, Clone, Default)]
pub struct DemoReport {
    pub colleges: Vec<College>,
    /// Colleges this run added (the others were there from an earlier run).
    pub added: usize,
    /// Mutations made, and how many of them the server had not applied before.
    pub mutations: u64,
    pub applied: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "学校代码 {code} 已属于“{existing}”，不是演示学校“{demo}”：演示数据不会写入真实学校，请换一个数据目录或数据库"
    )]
    CodeTaken {
        code: String,
        existing: String,
        demo: String,
    },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Seeds the demo province; `progress` hears of each college as it is done.
pub async fn seed<S: Storage>(
    storage: &S,
    opts: &DemoOptions,
    mut progress: impl FnMut(&Spec, u32) + Send,
) -> Result<DemoReport, DemoError> {
    let specs = plan(opts);
    let existing: HashMap<String, College> = storage
        .colleges()
        .await?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect();
    for s in &specs {
        if let Some(c) = existing.get(&s.code)
            && c.name != s.name
        {
            return Err(DemoError::CodeTaken {
                code: s.code.clone(),
                existing: c.name.clone(),
                demo: s.name.clone(),
            });
        }
    }
    let mut report = DemoReport::default();
    for s in &specs {
        let college = match existing.get(&s.code) {
            Some(c) => c.clone(),
            None => {
                report.added += 1;
                storage.add_college(&s.code, &s.name, Some(s.city)).await?
            }
        };
        let mutations = college::mutations(s, &college.id, opts);
        report.mutations += mutations.len() as u64;
        let mut applied = 0;
        for chunk in mutations.chunks(xiaoqi_protocol::MAX_PUSH) {
            let reply = storage.push(&college.id, DEVICE, chunk.to_vec()).await?;
            applied += reply.applied;
        }
        report.applied += u64::from(applied);
        progress(s, applied);
        report.colleges.push(college);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportioning_keeps_the_total() {
        assert_eq!(apportion(10, &[1.0, 1.0, 1.0]), [4, 3, 3]);
        assert_eq!(apportion(0, &[1.0, 2.0]), [0, 0]);
        assert_eq!(apportion(7, &[]), Vec::<u32>::new());
        let w: Vec<f64> = (1..=67).map(f64::from).collect();
        assert_eq!(apportion(16_560, &w).iter().sum::<u32>(), 16_560);
    }

    #[test]
    fn the_plan_has_the_articles_proportions() {
        let specs = plan(&DemoOptions::default());
        assert_eq!(specs.len(), COLLEGES);
        let count = |f: fn(&Spec) -> bool| specs.iter().filter(|s| f(s)).count();
        assert_eq!(count(|s| s.robotics), ROBOTICS_COLLEGES);
        assert_eq!(count(|s| s.ai), AI_COLLEGES);
        assert_eq!(count(|s| s.fair.is_some()), FAIR_COLLEGES);
        assert_eq!(count(|s| s.research > 0), RESEARCH_COLLEGES);
        let codes: std::collections::HashSet<&str> =
            specs.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes.len(), COLLEGES);
        let fair: FairShare =
            specs
                .iter()
                .filter_map(|s| s.fair)
                .fold(FairShare::default(), |mut a, f| {
                    a.employers += f.employers;
                    a.on_site += f.on_site;
                    a.headcount += f.headcount;
                    a.resumes += f.resumes;
                    a.intentions += f.intentions;
                    a.signings += f.signings;
                    a
                });
        assert_eq!(
            fair,
            FairShare {
                employers: FAIR_EMPLOYERS,
                on_site: FAIR_ON_SITE,
                headcount: FAIR_HEADCOUNT,
                resumes: FAIR_RESUMES,
                intentions: FAIR_INTENTIONS,
                signings: FAIR_SIGNINGS,
            }
        );
        let research: u32 = specs.iter().map(|s| s.research).sum();
        assert!((800..=840).contains(&research), "{research}");
        let events: Vec<&EventAgreement> = specs.iter().flat_map(|s| &s.event).collect();
        assert_eq!(events.len(), 10 + 7 + 1);
        assert_eq!(
            specs
                .iter()
                .filter(|s| s
                    .event
                    .iter()
                    .any(|e| matches!(e, EventAgreement::Research(_))))
                .count(),
            6
        );
        assert!(specs.iter().all(|s| s.name.ends_with(MARK)));
        // The colleges the article names do what it says they did.
        let named = |n: &str| {
            specs
                .iter()
                .find(|s| s.name == format!("{n}{MARK}"))
                .expect("named college")
        };
        assert!(
            named(names::HOST)
                .event
                .contains(&EventAgreement::HuaweiBase)
        );
        assert!(named(names::HOST).fair.is_some());
        assert!(named(names::AI_MODEL).ai);
        for n in names::COOPERATION_NAMED {
            assert!(
                matches!(named(n).event[..], [EventAgreement::Cooperation(_)]),
                "{n}"
            );
        }
        for n in names::RESEARCH_NAMED {
            assert!(
                named(n)
                    .event
                    .iter()
                    .all(|e| matches!(e, EventAgreement::Research(_))),
                "{n}"
            );
            assert!(named(n).research > 0);
        }
        assert_eq!(plan(&DemoOptions::default()).len(), specs.len());
    }
}
