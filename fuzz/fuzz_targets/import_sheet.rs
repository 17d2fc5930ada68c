//! Arbitrary bytes as a chosen import file, through what the app does with it: `read_bytes`
//! (calamine for .xlsx/.xls/.xlsb/.ods, the CSV reader for .csv), then a dry-run `import_table`
//! of one kind into a real (in-memory) store, which validates every row as an import would.
//!
//! The first byte picks the file name (bit 0: .xlsx or .csv; calamine detects the workbook
//! format from the bytes, so .xls, .xlsb and .ods files go the same way) and the kind (bits 1–2).
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use xiaoqi_core::Store;
use xiaoqi_core::import::{ImportKind, ImportOptions, import_table};
use xiaoqi_core::model::{EmployerInput, GraduateInput, ProgramInput, TrainingLevel};
use xiaoqi_core::sheet::read_bytes;

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(store());
}

/// A store with a program, a graduate and an employer for rows to refer to.
fn store() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    s.create_program(&ProgramInput {
        name: Some("工业机器人应用与维护".into()),
        code: Some("0126-4".into()),
        level: Some(TrainingLevel::PreTechnician),
        length_years: Some(6),
        department: Some("智能制造系".into()),
        ..Default::default()
    })
    .expect("program");
    s.create_graduate(&GraduateInput {
        name: Some("张三".into()),
        student_number: Some("S2025001".into()),
        program: Some("工业机器人应用与维护".into()),
        cohort: Some(2025),
        ..Default::default()
    })
    .expect("graduate");
    s.create_employer(&EmployerInput {
        name: Some("东莞市精工机械有限公司".into()),
        credit_code: Some("91350100M000100Y43".into()),
        ..Default::default()
    })
    .expect("employer");
    s
}

/// libFuzzer's panic hook aborts at any panic. The importer catches calamine's (a damaged file
/// is refused as unreadable, see `sheet::read`): let those unwind to it, stop at any other.
fn let_calamine_panics_unwind() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"))
            {
                abort(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    let_calamine_panics_unwind();
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = if selector & 1 == 0 {
        "导入.xlsx"
    } else {
        "导入.csv"
    };
    let kind = ImportKind::ALL[usize::from(selector >> 1) % 4];
    let Ok(table) = read_bytes(name, bytes.to_vec()) else {
        return;
    };
    let numbers: Vec<u32> = table.rows.iter().map(|r| r.number).collect();
    STORE.with_borrow_mut(|store| {
        let pending = store.pending_changes().expect("outbox");
        let options = ImportOptions {
            dry_run: true,
            strict: false,
        };
        match import_table(store, kind, &table, options, &mut |_, _| {}) {
            Ok(report) => {
                let counted = report.inserted + report.updated + report.unchanged;
                let rows = u32::try_from(table.rows.len().saturating_sub(1)).unwrap_or(u32::MAX);
                assert_eq!(
                    counted + u32::try_from(report.rejected.len()).unwrap_or(u32::MAX),
                    rows,
                    "every data row is counted once"
                );
                for r in &report.rejected {
                    assert!(numbers[1..].contains(&r.row), "a rejected row the file has");
                    assert!(!r.problems.is_empty(), "a rejection says why");
                }
            }
            // A file is refused for what it holds, never by a failing database.
            Err(e) => assert!(e.is_invalid_data(), "import failed: {e}"),
        }
        assert_eq!(
            store.pending_changes().expect("outbox"),
            pending,
            "a dry run keeps nothing"
        );
    });
});
