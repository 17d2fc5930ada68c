//! Agreements as printed: party details gathered from the records, refused with every missing
//! detail named (both sides at once), and a printed copy's fingerprint checked.

use xiaoqi_core::model::{AgreementInput, AgreementKind, Clause, Contact, EmployerInput};
use xiaoqi_core::{CoreError, Store};

fn demo() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    xiaoqi_core::demo::seed(&mut s, false).expect("demo");
    s
}

#[test]
fn every_demo_agreement_has_complete_party_data() {
    let s = demo();
    for a in s.agreements(&Default::default()).expect("list") {
        let doc = s.agreement_document(&a.number).expect("complete");
        assert_eq!(doc.college.role, "甲方");
        assert_eq!(doc.partner.role, "乙方");
        assert_eq!(doc.partner.name, a.partner);
        assert_eq!(doc.clauses, a.clauses);
        assert_eq!(doc.fingerprint, doc.compute_fingerprint());
        let v = s
            .verify_agreement(&a.number, &doc.fingerprint)
            .expect("verify");
        assert!(v.matches);
    }
}

#[test]
fn missing_party_details_are_listed_for_both_sides() {
    let mut s = demo();
    let bare = s
        .create_employer(&EmployerInput {
            name: Some("东莞某新材料有限公司".into()),
            contacts: Some(vec![Contact {
                name: "赵经理".into(),
                ..Default::default()
            }]),
            ..Default::default()
        })
        .expect("employer");
    let a = s
        .create_agreement(&AgreementInput {
            kind: Some(AgreementKind::Cooperation),
            title: Some("校企合作协议".into()),
            employer_id: Some(bare.id.clone()),
            ..Default::default()
        })
        .expect("agreement");
    s.update_college(&xiaoqi_core::model::CollegeInput {
        address: Some(String::new()),
        ..Default::default()
    })
    .expect("college");
    let Err(CoreError::Invalid(errs)) = s.agreement_document(&a.number) else {
        panic!("printed with blanks");
    };
    let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "college.address",
            "partner.credit_code",
            "partner.address",
            "partner.phone"
        ]
    );
    assert!(
        errs.0[1]
            .message
            .contains("乙方（东莞某新材料有限公司）缺少统一社会信用代码")
    );
    assert_eq!(errs.0[0].code, "college.address.missing");
    // The record itself is untouched and still verifiable.
    let v = s
        .verify_agreement(&a.number, "0000-0000-0000")
        .expect("verify");
    assert!(!v.matches);
}

#[test]
fn a_clause_edited_after_printing_no_longer_verifies() {
    let mut s = demo();
    let draft = s
        .agreements(&Default::default())
        .expect("list")
        .into_iter()
        .find(|a| a.status.editable())
        .expect("a draft");
    let printed = s.agreement_document(&draft.id).expect("doc").fingerprint;
    let mut clauses = draft.clauses.clone();
    clauses.push(Clause {
        title: "补充条款".into(),
        body: "乙方每年接收实习生不少于 20 名。".into(),
    });
    s.update_agreement(
        &draft.id,
        &AgreementInput {
            clauses: Some(clauses),
            ..Default::default()
        },
    )
    .expect("edit");
    let v = s.verify_agreement(&draft.number, &printed).expect("verify");
    assert!(!v.matches);
    assert_ne!(v.current, printed);
    assert_eq!(v.given.as_deref(), Some(printed.as_str()));
}
