//! Agreement numbers never collide: whatever agreements are created, deleted or renumbered by a
//! change of the college code, every number ever given stays unique and well formed.

use proptest::prelude::*;
use xiaoqi_core::Store;
use xiaoqi_core::model::*;

#[derive(Debug, Clone)]
enum Step {
    Create(AgreementKind),
    Delete(u8),
    SetCollegeCode(Option<u8>),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => proptest::sample::select(AgreementKind::ALL.to_vec()).prop_map(Step::Create),
        2 => (0u8..16).prop_map(Step::Delete),
        1 => proptest::option::of(0u8..3).prop_map(Step::SetCollegeCode),
    ]
}

fn setup() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    s.create_employer(&EmployerInput {
        name: Some("东莞市松湖智能装备有限公司".into()),
        ..Default::default()
    })
    .expect("employer");
    s.create_institution(&InstitutionInput {
        name: Some("松山湖材料实验室".into()),
        kind: Some(InstitutionKind::ResearchCenter),
        ..Default::default()
    })
    .expect("institution");
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn numbers_are_unique_and_never_reused(steps in proptest::collection::vec(step(), 1..40)) {
        let mut s = setup();
        let mut given: Vec<String> = Vec::new();
        for st in &steps {
            match st {
                Step::Create(kind) => {
                    let partner = if *kind == AgreementKind::Research {
                        AgreementInput { institution: Some("松山湖材料实验室".into()), ..Default::default() }
                    } else {
                        AgreementInput { employer: Some("东莞市松湖智能装备有限公司".into()), ..Default::default() }
                    };
                    let a = s.create_agreement(&AgreementInput { kind: Some(*kind), ..partner }).expect("create");
                    prop_assert!(!given.contains(&a.number), "{} given twice", a.number);
                    let parts: Vec<&str> = a.number.rsplitn(3, '-').collect();
                    prop_assert_eq!(parts.len(), 3, "{}", a.number);
                    prop_assert!(parts[0].len() >= 3 && parts[0].chars().all(|c| c.is_ascii_digit()), "{}", a.number);
                    prop_assert_eq!(parts[1], xiaoqi_core::clock::current_year().to_string());
                    given.push(a.number);
                }
                Step::Delete(i) => {
                    let live = s.agreements(&AgreementQuery::default()).expect("list");
                    if let Some(a) = live.get(*i as usize % live.len().max(1)) {
                        s.delete_agreement(&a.id).expect("delete a draft");
                    }
                }
                Step::SetCollegeCode(code) => {
                    s.update_college(&CollegeInput {
                        code: Some(code.map(|c| format!("G441900{c}")).unwrap_or_default()),
                        ..Default::default()
                    })
                    .expect("college code");
                }
            }
        }
        let stored: i64 = s
            .connection()
            .query_row("SELECT count(DISTINCT number) FROM agreements", [], |r| r.get(0))
            .expect("count");
        prop_assert_eq!(stored as usize, given.len());
    }
}
