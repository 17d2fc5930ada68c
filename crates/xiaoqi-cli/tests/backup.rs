//! `xiaoqi backup` and `xiaoqi restore` with the built binary: what they print, their exit codes,
//! and a refused file leaving the database byte for byte as it was.

mod common;

use std::path::Path;

use common::{Db, db, fails, json, stdout, xiaoqi};

fn graduates(d: &Db) -> u64 {
    json(xiaoqi(d).args(["graduates", "list", "--json"]))
        .as_array()
        .map(|a| a.len() as u64)
        .unwrap_or(0)
}

fn add_graduate(d: &Db, number: &str) {
    stdout(xiaoqi(d).args([
        "graduates",
        "add",
        "--json",
        &format!(
            r#"{{"name":"新同学","student_number":"{number}","program":"工业机器人应用与维护","cohort":2025}}"#
        ),
    ]));
}

/// A database of the demo college and a backup of it taken with `xiaoqi backup OUT`.
fn demo_and_backup() -> (Db, std::path::PathBuf) {
    let d = db();
    stdout(xiaoqi(&d).arg("demo"));
    let out = d.path.with_file_name("备份.db");
    let printed = stdout(xiaoqi(&d).arg("backup").arg(&out));
    assert!(
        printed.contains(&format!("已备份到 {}", out.display())),
        "{printed}"
    );
    assert!(
        printed.contains(" MB）") || printed.contains(" KB）"),
        "{printed}"
    );
    (d, out)
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read")
}

#[test]
fn backup_writes_a_whole_copy_and_restore_puts_it_back() {
    let (d, out) = demo_and_backup();
    let before = graduates(&d);
    assert!(before > 1000);
    // The copy is a database the CLI opens with every record.
    let copy = Db {
        _dir: tempfile::tempdir().expect("dir"),
        path: out.clone(),
    };
    assert_eq!(graduates(&copy), before);

    add_graduate(&d, "20259001");
    assert_eq!(graduates(&d), before + 1);
    let printed = stdout(xiaoqi(&d).arg("restore").arg(&out));
    assert!(
        printed.contains(&format!("已从 {} 恢复“", out.display())),
        "{printed}"
    );
    assert!(
        printed.contains(&format!("毕业生 {before} 名")),
        "{printed}"
    );
    let aside = printed
        .lines()
        .find_map(|l| l.strip_prefix("恢复前的数据库已另存为 "))
        .expect("kept aside line")
        .to_string();
    assert!(aside.contains("xiaoqi.before-restore-"), "{aside}");
    assert_eq!(graduates(&d), before);
    let kept = Db {
        _dir: tempfile::tempdir().expect("dir"),
        path: aside.into(),
    };
    assert_eq!(graduates(&kept), before + 1);
}

#[test]
fn backup_without_out_goes_to_the_backups_folder_and_lists_there() {
    let d = db();
    let printed = stdout(xiaoqi(&d).arg("backup"));
    let folder = d.path.with_file_name("backups");
    assert!(
        printed.contains(&format!("已备份到 {}", folder.display())),
        "{printed}"
    );
    let listed = json(xiaoqi(&d).args(["backup", "--list", "--json"]));
    let list = listed.as_array().expect("list");
    assert_eq!(list.len(), 1);
    let name = list[0]["name"].as_str().expect("name");
    assert!(
        name.starts_with("xiaoqi-") && name.ends_with(".db"),
        "{name}"
    );
    assert!(folder.join(name).exists());
    assert!(list[0]["size"].as_u64().expect("size") > 0);
    let text = stdout(xiaoqi(&d).args(["backup", "--list"]));
    assert!(text.contains(name), "{text}");

    // A folder as OUT: the dated name inside it.
    let elsewhere = tempfile::tempdir().expect("dir");
    let printed = stdout(xiaoqi(&d).arg("backup").arg(elsewhere.path()));
    assert!(
        printed.contains(&elsewhere.path().join("xiaoqi-").display().to_string()),
        "{printed}"
    );
}

/// `xiaoqi restore file` fails with `code` and a message containing `says`; the database file
/// is byte for byte as it was.
fn refused(d: &Db, file: &Path, code: i32, says: &str) {
    let before = bytes(&d.path);
    let (exit, err) = fails(xiaoqi(d).arg("restore").arg(file));
    assert_eq!(exit, code, "{err}");
    assert!(err.contains(says), "{err}");
    assert!(err.contains("现有数据未改动"), "{err}");
    assert_eq!(bytes(&d.path), before, "the database is untouched");
}

#[test]
fn restore_refuses_a_bad_backup_with_the_reason_and_changes_nothing() {
    let (d, good) = demo_and_backup();
    let count = graduates(&d);
    let dir = good.parent().expect("dir").to_path_buf();

    let text = dir.join("名单.csv");
    std::fs::write(&text, "姓名,学号\n张三,2021001\n").expect("write");
    refused(&d, &text, 1, "不是校企通的备份文件");

    let cut = dir.join("cut.db");
    let all = bytes(&good);
    std::fs::write(&cut, &all[..all.len() / 3]).expect("write");
    refused(&d, &cut, 1, "不完整");

    let newer = dir.join("newer.db");
    std::fs::copy(&good, &newer).expect("copy");
    let latest = xiaoqi_core::db::migrations::latest_version();
    rusqlite::Connection::open(&newer)
        .expect("open")
        .pragma_update(None, "user_version", latest + 1)
        .expect("version");
    refused(&d, &newer, 1, "来自更新版本的校企通");

    let other = db();
    stdout(xiaoqi(&other).args([
        "college",
        "update",
        "--json",
        r#"{"name":"珠江职业技术学院"}"#,
    ]));
    let theirs = dir.join("theirs.db");
    stdout(xiaoqi(&other).arg("backup").arg(&theirs));
    refused(&d, &theirs, 1, "不能恢复另一所学校的备份");

    // A file that cannot be read: exit 2.
    let (exit, err) = fails(xiaoqi(&d).arg("restore").arg(dir.join("nowhere.db")));
    assert_eq!(exit, 2, "{err}");
    assert!(err.contains("无法读取文件"), "{err}");

    assert_eq!(graduates(&d), count);
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".part") || n.contains("before-restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn restore_refuses_while_another_program_has_the_database_open() {
    let (d, good) = demo_and_backup();
    let app = rusqlite::Connection::open(&d.path).expect("open");
    let _: i64 = app
        .query_row("SELECT count(*) FROM graduates", [], |r| r.get(0))
        .expect("read");
    let (exit, err) = fails(xiaoqi(&d).arg("restore").arg(&good));
    assert_eq!(exit, 2, "{err}");
    assert!(err.contains("正被另一个程序使用"), "{err}");
    drop(app);
    stdout(xiaoqi(&d).arg("restore").arg(&good));
}
