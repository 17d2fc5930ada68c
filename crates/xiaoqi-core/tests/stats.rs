//! The official indicators on a hand-built cohort whose figures are worked out by hand below.
//!
//! College in 东莞, minimum wage 2,000. Cohort 2025: program A (6 graduates), program B (4).
//!
//! | who | code | group | employer (city, industry, type) | salary | in-field | certificate |
//! |-----|------|-------|----------------------------------|--------|----------|-------------|
//! | A1 | 70 → 11 | contract (70 is history) | E1 (东莞, C, 39) | 6000 | yes | yes |
//! | A2 | 10 | contract | E1 | 5000 | no | yes |
//! | A3 | 46 | contract | — | — | — | — |
//! | A4 | 801 | further study | — | — | — | — |
//! | A5 | 70 | awaiting | — | — | — | — |
//! | A6 | none | awaiting | — | — | — | — |
//! | B1 | 11 | contract | E2 (深圳, I, 32) | 8000 | yes | yes |
//! | B2 | 75 | entrepreneurship | — (city 东莞市) | — | — | — |
//! | B3 | 72 | not seeking | — | — | — | — |
//! | B4 | 12 | flexible | E2 | 1800 | yes | — |
//!
//! Plus one 2024 graduate placed at E1, who must not count in 2025.

mod common;

use xiaoqi_core::Store;
use xiaoqi_core::model::{CollegeInput, EmployerInput, GraduateInput, PlacementInput, SkillLevel};
use xiaoqi_core::stats::{StatsFilter, StatsGroup};

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn cohort() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    s.update_college(&CollegeInput {
        name: Some("测试技师学院".into()),
        city: Some("东莞市".into()),
        min_wage: Some(2000),
        ..Default::default()
    })
    .expect("college");
    common::program(&mut s, "A");
    common::program(&mut s, "B");
    for (name, program, certificate) in [
        ("A1", "A", true),
        ("A2", "A", true),
        ("A3", "A", false),
        ("A4", "A", false),
        ("A5", "A", false),
        ("A6", "A", false),
        ("B1", "B", true),
        ("B2", "B", false),
        ("B3", "B", false),
        ("B4", "B", false),
    ] {
        s.create_graduate(&GraduateInput {
            skill_level: certificate.then_some(SkillLevel::Level3),
            ..common::graduate_input(name, name, program)
        })
        .expect("graduate");
    }
    s.create_graduate(&GraduateInput {
        cohort: Some(2024),
        ..common::graduate_input("X", "X", "A")
    })
    .expect("2024 graduate");
    for (name, city, industry, kind) in [("E1", "东莞市", "C", "39"), ("E2", "深圳市", "I", "32")]
    {
        s.create_employer(&EmployerInput {
            name: Some(name.into()),
            city: Some(city.into()),
            industry: Some(industry.into()),
            employer_type: Some(kind.into()),
            ..Default::default()
        })
        .expect("employer");
    }
    let place = |s: &mut Store, who: &str, code: &str, f: PlacementInput| {
        s.record_placement(&PlacementInput {
            graduate: Some(who.into()),
            destination_code: Some(code.into()),
            ..f
        })
        .expect("placement");
    };
    let at = |employer: &str, salary: i32, in_field: Option<bool>| PlacementInput {
        employer: Some(employer.into()),
        salary: Some(salary),
        in_field,
        ..Default::default()
    };
    place(&mut s, "A1", "70", PlacementInput::default());
    place(
        &mut s,
        "A1",
        "11",
        PlacementInput {
            verified_by: Some("王老师".into()),
            ..at("E1", 6000, Some(true))
        },
    );
    place(&mut s, "A2", "10", at("E1", 5000, Some(false)));
    place(&mut s, "A3", "46", PlacementInput::default());
    place(&mut s, "A4", "801", PlacementInput::default());
    place(&mut s, "A5", "70", PlacementInput::default());
    place(&mut s, "B1", "11", at("E2", 8000, Some(true)));
    place(
        &mut s,
        "B2",
        "75",
        PlacementInput {
            city: Some("东莞市".into()),
            ..Default::default()
        },
    );
    place(&mut s, "B3", "72", PlacementInput::default());
    place(&mut s, "B4", "12", at("E2", 1800, Some(true)));
    place(&mut s, "X", "11", at("E1", 9000, Some(true)));
    assert!(common::facts_agree(s.connection()));
    s
}

#[test]
fn the_cohort_figures_are_the_hand_worked_ones() {
    let s = cohort();
    let r = s.employment_report(Some(2025), None).expect("report");
    assert_eq!(
        (r.cohort, r.graduates, r.code_list.as_str()),
        (Some(2025), 10, "2021")
    );
    let c = &r.counts;
    assert_eq!(
        (
            c.employed,
            c.contract,
            c.flexible,
            c.entrepreneurship,
            c.further_study,
            c.awaiting,
            c.not_seeking
        ),
        (6, 4, 1, 1, 1, 2, 1)
    );
    assert_eq!((c.in_field, c.local, c.certificates), (3, 3, 3));
    let x = &r.rates;
    assert!(close(x.employment, 0.6), "{x:?}");
    assert!(close(x.contract, 0.4));
    assert!(close(x.flexible, 0.1));
    assert!(close(x.entrepreneurship, 0.1));
    assert!(close(x.further_study, 0.1));
    assert!(close(x.awaiting, 0.2));
    assert!(close(x.not_seeking, 0.1));
    assert!(close(x.headline_2024, 0.7), "employed + further study");
    assert!(close(x.in_field, 0.5), "3 of the 6 employed");
    assert!(close(x.local, 0.5), "3 of the 6 employed work in 东莞");
    assert!(close(x.certificates, 0.3));
    assert_eq!(r.salary.count, 4);
    assert!(close(r.salary.mean, 5200.0));
    assert!(close(r.salary.median, 5500.0));
    let bands: Vec<(u32, u32)> = r.salary.bands.iter().map(|b| (b.min, b.count)).collect();
    assert_eq!(
        bands,
        [
            (1000, 1),
            (2000, 0),
            (3000, 0),
            (4000, 0),
            (5000, 1),
            (6000, 1),
            (7000, 0),
            (8000, 1)
        ]
    );
    let shares = |v: &[xiaoqi_core::stats::Share]| -> Vec<(String, u32)> {
        v.iter().map(|s| (s.key.clone(), s.count)).collect()
    };
    assert_eq!(
        shares(&r.distributions.region),
        [
            ("东莞".to_string(), 3),
            ("深圳".to_string(), 2),
            (String::new(), 1)
        ]
    );
    assert_eq!(
        shares(&r.distributions.industry),
        [
            (String::new(), 2),
            ("C".to_string(), 2),
            ("I".to_string(), 2)
        ]
    );
    assert_eq!(
        shares(&r.distributions.employer_type),
        [
            (String::new(), 2),
            ("32".to_string(), 2),
            ("39".to_string(), 2)
        ]
    );
    assert_eq!(r.distributions.industry[1].label, "C 制造业");
}

#[test]
fn each_program_has_its_own_figures() {
    let s = cohort();
    let r = s.employment_report(Some(2025), None).expect("report");
    let names: Vec<&str> = r.by_program.iter().map(|p| p.program.as_str()).collect();
    assert_eq!(names, ["A", "B"]);
    let a = &r.by_program[0];
    assert_eq!(
        (
            a.graduates,
            a.counts.employed,
            a.counts.contract,
            a.counts.awaiting
        ),
        (6, 3, 3, 2)
    );
    assert!(close(a.rates.employment, 0.5));
    assert!(close(a.rates.headline_2024, 4.0 / 6.0));
    assert!(close(a.rates.in_field, 1.0 / 3.0));
    assert!(close(a.rates.local, 2.0 / 3.0));
    assert!(close(a.salary.mean, 5500.0) && close(a.salary.median, 5500.0));
    let b = &r.by_program[1];
    assert_eq!(
        (
            b.graduates,
            b.counts.contract,
            b.counts.flexible,
            b.counts.entrepreneurship,
            b.counts.not_seeking
        ),
        (4, 1, 1, 1, 1)
    );
    assert!(close(b.rates.employment, 0.75));
    assert!(close(b.rates.in_field, 2.0 / 3.0));
    assert!(close(b.salary.mean, 4900.0) && close(b.salary.median, 4900.0));
    // One program alone gives the same figures as its row.
    let only_b = s
        .employment_report(Some(2025), Some(&b.program_id))
        .expect("program B");
    assert_eq!(
        (only_b.graduates, only_b.counts.clone()),
        (4, b.counts.clone())
    );
}

#[test]
fn every_cohort_together_and_an_empty_cohort() {
    let s = cohort();
    let all = s.employment_report(None, None).expect("all");
    assert_eq!((all.graduates, all.counts.employed), (11, 7));
    let empty = s.employment_report(Some(2030), None).expect("empty");
    assert_eq!(empty.graduates, 0);
    assert_eq!(empty.rates.employment, None, "no denominator, no rate");
    assert_eq!(empty.salary.mean, None);
    assert!(empty.by_program.is_empty());
}

#[test]
fn the_graduates_behind_a_figure_are_the_ones_it_counts() {
    let s = cohort();
    let names = |f: StatsFilter| -> Vec<String> {
        let mut v: Vec<String> = s
            .graduates_behind(&f)
            .expect("behind")
            .into_iter()
            .map(|r| r.name)
            .collect();
        v.sort();
        v
    };
    let base = StatsFilter {
        cohort: Some(2025),
        ..Default::default()
    };
    assert_eq!(
        names(StatsFilter {
            group: Some(StatsGroup::Contract),
            ..base.clone()
        }),
        ["A1", "A2", "A3", "B1"]
    );
    assert_eq!(
        names(StatsFilter {
            group: Some(StatsGroup::Awaiting),
            ..base.clone()
        }),
        ["A5", "A6"],
        "no destination counts as awaiting"
    );
    assert_eq!(
        names(StatsFilter {
            employed: true,
            region: Some("东莞".into()),
            ..base.clone()
        }),
        ["A1", "A2", "B2"]
    );
    assert_eq!(
        names(StatsFilter {
            employed: true,
            industry: Some(String::new()),
            ..base.clone()
        }),
        ["A3", "B2"]
    );
    assert_eq!(
        names(StatsFilter {
            salary_min: Some(5000),
            salary_max: Some(6000),
            ..base.clone()
        }),
        ["A2"]
    );
    assert_eq!(
        names(StatsFilter {
            employed: true,
            in_field: Some(true),
            ..base
        }),
        ["A1", "B1", "B4"]
    );
}

#[test]
fn the_compliance_check_lists_each_graduates_warnings() {
    let s = cohort();
    let r = s.compliance_report(2025).expect("compliance");
    assert_eq!(
        (r.graduates, r.graduates_with_warnings),
        (10, 9),
        "only A5 is clear"
    );
    let counts: Vec<(&str, u32)> = r.counts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        counts,
        [
            ("compliance.no_destination", 1),
            ("compliance.no_evidence", 7),
            ("compliance.unverified", 7),
            ("placement.wage_below_minimum", 1),
        ]
    );
    let low = r
        .items
        .iter()
        .find(|i| i.code == "placement.wage_below_minimum")
        .expect("wage warning");
    assert_eq!(low.name, "B4");
    let none = r
        .items
        .iter()
        .find(|i| i.code == "compliance.no_destination")
        .expect("no destination");
    assert_eq!(none.name, "A6");
    // B: 2 of 3 employed in flexible work or entrepreneurship; A: none.
    assert_eq!(r.flags.len(), 1);
    assert_eq!(
        (
            r.flags[0].program.as_str(),
            r.flags[0].flexible,
            r.flags[0].employed
        ),
        ("B", 2, 3)
    );
}

#[test]
fn partner_outcomes_count_the_cohorts_current_placements() {
    let s = cohort();
    let v = s.partner_outcomes(Some(2025)).expect("partners");
    let rows: Vec<(&str, u32, u32, Option<f64>)> = v
        .iter()
        .map(|p| (p.employer.as_str(), p.placed, p.in_field, p.mean_salary))
        .collect();
    assert_eq!(
        rows,
        [("E1", 2, 1, Some(5500.0)), ("E2", 2, 2, Some(4900.0))]
    );
    // A partner's bar lists the graduates it counts.
    for p in &v {
        let behind = s
            .graduates_behind(&StatsFilter {
                cohort: Some(2025),
                employer_id: Some(p.employer_id.clone()),
                ..Default::default()
            })
            .expect("behind");
        assert_eq!(behind.len() as u32, p.placed, "{}", p.employer);
    }
    let all = s.partner_outcomes(None).expect("all cohorts");
    assert_eq!(all[0].placed, 3, "E1 with the 2024 graduate");
}
