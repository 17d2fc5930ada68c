//! The built `xiaoqi` binary on databases of other schema versions: the oldest committed
//! fixture (`crates/xiaoqi-core/tests/fixtures`) opens upgraded; a database from a newer
//! version of 校企通 is refused with exit 2, the reason in Chinese, the file untouched.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;

use common::{Db, db, fails, json, stdout, xiaoqi};

fn latest() -> i64 {
    xiaoqi_core::db::migrations::latest_version()
}

fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../xiaoqi-core/tests/fixtures")
        .join(format!("schema-v{version}.db"))
}

/// A temporary copy of the fixture of `version`.
fn copy(version: i64) -> Db {
    let d = db();
    std::fs::copy(fixture(version), &d.path).expect("copy fixture");
    d
}

#[test]
fn a_database_of_the_first_schema_version_opens_upgraded() {
    let d = copy(1);
    let out = stdout(xiaoqi(&d).arg("info"));
    assert!(
        out.contains(&format!("schema_version: {}", latest())),
        "{out}"
    );
    let list = json(xiaoqi(&d).args(["graduates", "list", "--json"]));
    let names: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|g| g["name"].as_str())
        .collect();
    assert!(
        names.contains(&"张伟") && names.contains(&"欧阳娜娜"),
        "{names:?}"
    );
    let g: Value = json(xiaoqi(&d).args(["graduates", "get", "2021010101", "--json"]));
    assert_eq!(g["id_number"], "441900200306150019");
    assert_eq!(g["program"], "工业机器人应用与维护");
}

#[test]
fn a_database_from_a_newer_version_exits_2_and_is_left_untouched() {
    let newest = (1..=latest())
        .rev()
        .find(|v| fixture(*v).exists())
        .expect("a fixture");
    let d = copy(newest);
    let newer = latest() + 1;
    rusqlite::Connection::open(&d.path)
        .and_then(|c| c.pragma_update(None, "user_version", newer))
        .expect("newer");
    let bytes = std::fs::read(&d.path).expect("read");
    for args in [
        &["info"][..],
        &["graduates", "list"],
        &["conflicts", "list"],
    ] {
        let (code, err) = fails(xiaoqi(&d).args(args));
        assert_eq!(code, 2, "{args:?}: {err}");
        for part in [
            "更新版本的校企通",
            "请先升级",
            "文件未作任何改动",
            &format!("数据结构版本 {newer}"),
        ] {
            assert!(err.contains(part), "{args:?}: {err}");
        }
        assert!(err.contains(&d.path.display().to_string()), "{err}");
    }
    assert_eq!(
        std::fs::read(&d.path).expect("read"),
        bytes,
        "the newer database was modified"
    );
    let beside: Vec<String> = std::fs::read_dir(d.path.parent().expect("dir"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["xiaoqi.db"], "nothing was written beside it");
}
