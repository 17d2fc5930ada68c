//! The demo college can print every one of its agreements: both parties have a valid credit
//! code, an address and a contact with a phone, the same on every seeding.

use xiaoqi_core::Store;
use xiaoqi_core::model::{AgreementQuery, Contact};
use xiaoqi_core::validate::validate_credit_code;

fn demo() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    xiaoqi_core::demo::seed(&mut s, false).expect("demo");
    s
}

/// (name, credit code, address, first contact) of a party.
type PartyData = (String, String, String, Contact);

fn party(
    what: &str,
    name: &str,
    code: Option<&str>,
    ok: bool,
    address: Option<&str>,
    contacts: &[Contact],
) -> PartyData {
    let code = code.unwrap_or_else(|| panic!("{what} {name} has no credit code"));
    assert_eq!(
        validate_credit_code(code).as_deref(),
        Ok(code),
        "{what} {name}: {code}"
    );
    assert!(ok, "{what} {name}: credit code marked as failing its check");
    let address = address
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| panic!("{what} {name} has no address"));
    let contact = contacts
        .iter()
        .find(|c| !c.name.trim().is_empty() && c.phone.is_some())
        .unwrap_or_else(|| panic!("{what} {name} has no contact with a phone"));
    (
        name.to_string(),
        code.to_string(),
        address.to_string(),
        contact.clone(),
    )
}

/// The college's party data, then each agreement's (by number) partner's.
fn parties(s: &Store) -> (PartyData, Vec<(String, PartyData)>) {
    let c = s.college().expect("college");
    let college = party(
        "college",
        &c.name,
        c.credit_code.as_deref(),
        true,
        c.address.as_deref(),
        &c.contacts,
    );
    let mut agreements = s
        .agreements(&AgreementQuery::default())
        .expect("agreements");
    agreements.sort_by(|a, b| a.number.cmp(&b.number));
    let partners = agreements
        .iter()
        .map(|a| {
            let p = match (&a.employer_id, &a.institution_id) {
                (Some(id), _) => {
                    let e = s.employer(id).expect("employer");
                    party(
                        "employer",
                        &e.name,
                        e.credit_code.as_deref(),
                        e.credit_code_ok,
                        e.address.as_deref(),
                        &e.contacts,
                    )
                }
                (None, Some(id)) => {
                    let i = s.institution(id).expect("institution");
                    party(
                        "institution",
                        &i.name,
                        i.credit_code.as_deref(),
                        i.credit_code_ok,
                        i.address.as_deref(),
                        &i.contacts,
                    )
                }
                (None, None) => panic!("agreement {} has no partner", a.number),
            };
            (a.number.clone(), p)
        })
        .collect();
    (college, partners)
}

#[test]
fn every_demo_agreement_has_both_parties_details_the_same_on_every_seeding() {
    let s = demo();
    let (college, partners) = parties(&s);
    let (_, code, address, contact) = &college;
    assert!(
        code.starts_with("12441900"),
        "a public institution in Dongguan: {code}"
    );
    let city = s.college().expect("college").city.expect("city");
    assert!(address.starts_with(&city), "{address} is not in {city}");
    assert!(contact.role.is_some(), "{contact:?}");
    assert!(partners.len() >= 30, "{}", partners.len());
    assert!(
        partners
            .iter()
            .any(|(_, (name, ..))| name.contains("北京大学")),
        "research agreements are printed too"
    );

    let (college2, partners2) = parties(&demo());
    assert_eq!(college, college2);
    assert_eq!(partners, partners2);
}
