//! Helpers shared by the CLI tests: a temporary database and the built binary on it.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

pub struct Db {
    pub _dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
}

pub fn db() -> Db {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("xiaoqi.db");
    Db { _dir: dir, path }
}

pub fn xiaoqi(db: &Db) -> Command {
    let mut c = Command::cargo_bin("xiaoqi").expect("binary");
    c.arg("--db").arg(&db.path).env_remove("XIAOQI_DB");
    c
}

pub fn stdout(c: &mut Command) -> String {
    let out = c.output().expect("run");
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

pub fn json(c: &mut Command) -> Value {
    serde_json::from_str(&stdout(c)).expect("json")
}

/// Runs and returns (exit code, stderr).
pub fn fails(c: &mut Command) -> (i32, String) {
    let out = c.output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
