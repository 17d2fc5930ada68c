//! `docs/import.md` lists exactly the headers the importer accepts.

#[test]
fn the_documented_columns_are_the_accepted_ones() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/import.md");
    let generated = xiaoqi_core::import::columns_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write docs/import.md");
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == generated,
        "docs/import.md is stale: run `UPDATE_DOCS=1 cargo test -p xiaoqi-core --test import_docs` and commit it"
    );
}
