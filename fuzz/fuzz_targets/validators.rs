//! Arbitrary text through the validators of typed and imported values: resident ID numbers,
//! unified social credit codes, phones, industry and employer-type codes, fingerprints, employer
//! name keys, Excel's number display; then through the forms (graduate, placement with its
//! destination code and date, employer) of a real in-memory store, each in a rolled-back
//! transaction. Never a panic, and what is accepted is accepted again in its normalised form.
//!
//! For the forms the text is split at tabs: name, student number, ID number, phone, destination
//! code, start date, industry, credit code, employer type.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use xiaoqi_core::Store;
use xiaoqi_core::model::document::normalize_fingerprint;
use xiaoqi_core::model::employer::{name_key, similar_keys};
use xiaoqi_core::model::graduate::normalize_phone;
use xiaoqi_core::model::{
    EmployerInput, GraduateInput, PlacementInput, ProgramInput, TrainingLevel,
};
use xiaoqi_core::reference::{employer_type_code, industry_code};
use xiaoqi_core::sheet::excel_general;
use xiaoqi_core::validate::credit_code::credit_check_char;
use xiaoqi_core::validate::id_number::{
    id_check_char, looks_scientific, mask_id_number, mask_phone,
};
use xiaoqi_core::validate::{
    IdNumberError, normalize_identifier, validate_credit_code, validate_id_number,
};

const PROGRAM: &str = "工业机器人应用与维护";
const GRADUATE: &str = "S2025001";

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(store());
}

fn store() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    s.create_program(&ProgramInput {
        name: Some(PROGRAM.into()),
        code: Some("0126-4".into()),
        level: Some(TrainingLevel::PreTechnician),
        length_years: Some(6),
        department: Some("智能制造系".into()),
        ..Default::default()
    })
    .expect("program");
    s.create_graduate(&GraduateInput {
        name: Some("张三".into()),
        student_number: Some(GRADUATE.into()),
        program: Some(PROGRAM.into()),
        cohort: Some(2025),
        ..Default::default()
    })
    .expect("graduate");
    s
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    identifiers(&text);
    codes(&text);
    numbers(data);
    STORE.with_borrow_mut(|store| forms(store, &text));
});

fn identifiers(s: &str) {
    let normal = normalize_identifier(s);
    assert_eq!(normalize_identifier(&normal), normal, "normalising twice");
    assert!(!normal.chars().any(char::is_whitespace));
    let _ = looks_scientific(s);

    match validate_id_number(s) {
        Ok(v) => {
            assert_eq!(v, normal);
            assert_eq!(v.len(), 18);
            assert_eq!(validate_id_number(&v).as_ref(), Ok(&v), "accepted again");
            assert_eq!(v.chars().last(), Some(id_check_char(&v.as_bytes()[..17])));
            assert_eq!(mask_id_number(&v).chars().count(), 18);
        }
        Err(IdNumberError::BadCheckChar(c)) => {
            assert_eq!(normal.chars().last(), Some(c), "the check character named");
        }
        Err(IdNumberError::NonDigit { position, found }) => {
            assert_eq!(
                normal.chars().nth(position - 1),
                Some(found),
                "the character named"
            );
        }
        Err(_) => {}
    }
    match validate_credit_code(s) {
        Ok(v) => {
            assert_eq!(v, normal);
            assert_eq!(validate_credit_code(&v).as_ref(), Ok(&v), "accepted again");
            assert_eq!(v.chars().last(), credit_check_char(&v.as_bytes()[..17]));
        }
        Err(xiaoqi_core::validate::CreditCodeError::BadChar { position, found }) => {
            assert_eq!(
                normal.chars().nth(position - 1),
                Some(found),
                "the character named"
            );
        }
        Err(_) => {}
    }
    match normalize_phone(s) {
        Ok(Some(p)) => assert_eq!(normalize_phone(&p), Ok(Some(p.clone())), "accepted again"),
        Ok(None) => assert!(normal.chars().all(|c| c == '(' || c == ')')),
        Err(_) => {}
    }
    let _ = mask_phone(s);
    let _ = mask_id_number(s);
    if let Some(f) = normalize_fingerprint(s) {
        assert_eq!(
            normalize_fingerprint(&f).as_ref(),
            Some(&f),
            "accepted again"
        );
    }
}

fn codes(s: &str) {
    if let Some(c) = industry_code(s) {
        assert_eq!(industry_code(c), Some(c), "a code names itself");
    }
    if let Some(c) = employer_type_code(s) {
        assert_eq!(employer_type_code(c), Some(c), "a code names itself");
    }
    let key = name_key(s);
    assert_eq!(similar_keys(&key, &key), !key.is_empty());
    let (a, b) = s.split_at(
        s.char_indices()
            .nth(s.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    assert_eq!(
        similar_keys(&name_key(a), &name_key(b)),
        similar_keys(&name_key(b), &name_key(a))
    );
}

/// Excel's General display of any number reads back as that number (to its 15 digits).
fn numbers(data: &[u8]) {
    for chunk in data.chunks_exact(8) {
        let n = f64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let shown = excel_general(n);
        if !n.is_finite() {
            continue;
        }
        let back: f64 = shown
            .parse()
            .unwrap_or_else(|_| panic!("{n:e} shown as {shown:?}"));
        // Rounded to 15 digits, the largest numbers read back as infinity.
        if back.is_infinite() && n.abs() > 1.797_693_134_862_31e308 {
            continue;
        }
        let tolerance = 1e-13 * n.abs().max(1.0);
        assert!((back - n).abs() <= tolerance, "{n:e} shown as {shown:?}");
    }
}

fn forms(store: &mut Store, text: &str) {
    let mut f = text.split('\t').map(str::to_string);
    let mut next = || f.next();
    let (name, student_number, id_number, phone) = (next(), next(), next(), next());
    let (code, date, industry, credit_code, employer_type) =
        (next(), next(), next(), next(), next());

    let graduate = GraduateInput {
        name: name.clone(),
        student_number: student_number.clone(),
        id_number: id_number.clone(),
        phone: phone.clone(),
        program: Some(PROGRAM.into()),
        cohort: Some(2025),
        ..Default::default()
    };
    if let Some(g) = rolled_back(store, |s| s.create_graduate(&graduate)) {
        if let Some(raw) = id_number
            .as_deref()
            .filter(|r| !normalize_identifier(r).is_empty())
        {
            assert_eq!(g.id_number.as_ref(), validate_id_number(raw).ok().as_ref());
        }
        let again = GraduateInput {
            name: Some(g.name.clone()),
            student_number: Some(g.student_number.clone()),
            id_number: g.id_number.clone(),
            phone: g.phone.clone(),
            program: Some(PROGRAM.into()),
            cohort: Some(2025),
            ..Default::default()
        };
        let g2 = rolled_back(store, |s| s.create_graduate(&again)).expect("accepted again");
        assert_eq!(
            (&g2.name, &g2.student_number, &g2.id_number, &g2.phone),
            (&g.name, &g.student_number, &g.id_number, &g.phone)
        );
    }

    let placement = PlacementInput {
        graduate: Some(GRADUATE.into()),
        destination_code: code.or(name),
        start_date: date,
        industry: industry.clone(),
        city: student_number,
        ..Default::default()
    };
    if let Some(p) = rolled_back(store, |s| s.record_placement(&placement)) {
        let codes = store.destination_codes(None).expect("codes");
        assert!(
            codes.iter().any(|c| c.code == p.destination_code),
            "a listed code"
        );
        let again = PlacementInput {
            graduate: Some(GRADUATE.into()),
            destination_code: Some(p.destination_code.clone()),
            start_date: p.start_date.clone(),
            industry: p.industry.clone(),
            city: p.city.clone(),
            ..Default::default()
        };
        let p2 = rolled_back(store, |s| s.record_placement(&again)).expect("accepted again");
        assert_eq!(
            (&p2.destination_code, &p2.start_date, &p2.industry),
            (&p.destination_code, &p.start_date, &p.industry)
        );
    }

    let employer = EmployerInput {
        name: Some(text.chars().take(40).collect()),
        credit_code,
        industry,
        employer_type,
        accept_warnings: Some(true),
        ..Default::default()
    };
    if let Some(e) = rolled_back(store, |s| s.create_employer(&employer))
        && e.credit_code_ok
        && let Some(code) = &e.credit_code
    {
        assert_eq!(
            validate_credit_code(code).as_ref(),
            Ok(code),
            "accepted again"
        );
    }
}

/// Runs `f` in a transaction that is rolled back; a refusal must be for the data, never the
/// database's.
fn rolled_back<T>(
    store: &mut Store,
    f: impl FnOnce(&mut Store) -> xiaoqi_core::Result<T>,
) -> Option<T> {
    let result = store.tentatively(|s| Ok((f(s), false)));
    match result.expect("transaction") {
        Ok(v) => Some(v),
        Err(e) => {
            assert!(e.is_invalid_data(), "refused by the database: {e}");
            None
        }
    }
}
