//! Inputs the fuzz targets (fuzz/ at the repository root) found, each refused cleanly now. The
//! files are in tests/fixtures/fuzz/ and in the targets' corpora.

use std::path::Path;

use xiaoqi_core::sheet::{SheetError, read_bytes, read_table};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(name)
}

/// An .xls whose compound-file sector ends early made calamine 0.38 panic (a slice starting
/// past its end); the import refuses it as unreadable, from bytes (the app) and from a path
/// (the CLI).
#[test]
fn a_truncated_xls_sector_is_unreadable() {
    let path = fixture("truncated-sector.xls");
    let bytes = std::fs::read(&path).expect("fixture");
    for name in ["导入.xlsx", "导入.xls"] {
        assert!(
            matches!(
                read_bytes(name, bytes.clone()),
                Err(SheetError::Unreadable { .. })
            ),
            "{name}"
        );
    }
    assert!(matches!(
        read_table(&path),
        Err(SheetError::Unreadable { .. })
    ));
}

/// An .xls whose sector table loops made calamine 0.38 allocate until memory ran out; it is
/// refused before calamine reads it.
#[test]
fn an_xls_whose_sectors_loop_is_unreadable() {
    let path = fixture("sector-loop.xls");
    let bytes = std::fs::read(&path).expect("fixture");
    assert!(matches!(
        read_bytes("导入.xls", bytes),
        Err(SheetError::Unreadable { .. })
    ));
    assert!(matches!(
        read_table(&path),
        Err(SheetError::Unreadable { .. })
    ));
}

/// A sound .xls (the corpus's seed, as xlwt saves it) still reads.
#[test]
fn a_sound_xls_reads() {
    let bytes = std::fs::read(fixture("graduates.xls")).expect("fixture");
    let table = read_bytes("导入.xls", bytes).expect("reads");
    assert_eq!(table.rows.len(), 3);
}
