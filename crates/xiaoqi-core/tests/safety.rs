//! A database that is not ours, too new, or full: clear errors, nothing lost or overwritten.

mod common;

use common::{graduate_input, program};
use xiaoqi_core::model::GraduateQuery;
use xiaoqi_core::{CoreError, Store};

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("notes.db");
    let content = "姓名,学号\n张三,2021001\n".repeat(100);
    std::fs::write(&path, &content).expect("write");
    let e = Store::open(&path).err().expect("refused");
    assert!(matches!(e, CoreError::NotADatabase { .. }), "{e}");
    assert!(e.to_string().contains("不是一个 SQLite 数据库"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), content);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "no -wal or -shm files were created: {names:?}"
    );
}

#[test]
fn a_database_from_a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("new.db");
    {
        let c = rusqlite::Connection::open(&path).expect("create");
        c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .expect("future");
    }
    let before = std::fs::read(&path).expect("read");
    let e = Store::open(&path).err().expect("refused");
    match &e {
        CoreError::SchemaTooNew {
            found, supported, ..
        } => {
            assert_eq!(*found, 999);
            assert_eq!(*supported, xiaoqi_core::db::migrations::latest_version());
        }
        other => panic!("unexpected {other}"),
    }
    assert!(e.to_string().contains("更新版本"));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_full_disk_fails_the_write_cleanly_and_keeps_what_was_saved() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("full.db");
    let mut s = Store::open(&path).expect("open");
    program(&mut s, "汽车维修");
    s.create_graduate(&graduate_input("张三", "2021001", "汽车维修"))
        .expect("saved");
    // Cap the file at its current size: the next page SQLite needs makes the disk "full".
    let pages: i64 = s
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("pages");
    s.connection()
        .pragma_update(None, "max_page_count", pages)
        .expect("cap");
    let mut saw_full = false;
    for i in 0..500 {
        let mut g = graduate_input("李四", &format!("F{i:04}"), "汽车维修");
        g.notes = Some("备注".repeat(200));
        match s.create_graduate(&g) {
            Ok(_) => {}
            Err(CoreError::DiskFull) => {
                saw_full = true;
                break;
            }
            Err(other) => panic!("unexpected {other}"),
        }
    }
    assert!(saw_full, "the capped database never filled up");
    drop(s);
    let s = Store::open(&path).expect("reopen");
    let ok: String = s
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
    assert_eq!(s.graduate("2021001").expect("kept").name, "张三");
    let total = s.graduates(&GraduateQuery::default()).expect("list").total as i64;
    let outboxed: i64 = s
        .connection()
        .query_row(
            "SELECT count(*) FROM outbox WHERE table_name = 'graduates'",
            [],
            |r| r.get(0),
        )
        .expect("outbox");
    assert_eq!(
        total, outboxed,
        "every saved graduate has its outbox entry and no more"
    );
}

/// Unmounts the tmpfs when the test ends, however it ends.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
fn a_really_full_disk_fails_the_write_cleanly_and_keeps_what_was_saved() {
    if !is_root() {
        eprintln!("SKIPPED: mounting a small tmpfs needs root (CI runs as root)");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).expect("mkdir");
    let status = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&disk)
        .status()
        .expect("mount");
    assert!(status.success(), "mount a 1 MiB tmpfs");
    let _mount = Mount(disk.clone());
    let path = disk.join("xiaoqi.db");
    let mut s = Store::open(&path).expect("open");
    program(&mut s, "汽车维修");
    let mut saved = Vec::new();
    let mut failure = None;
    for i in 0..5_000 {
        let mut g = graduate_input("李四", &format!("F{i:04}"), "汽车维修");
        g.notes = Some("备注".repeat(100));
        match s.create_graduate(&g) {
            Ok(g) => saved.push(g.student_number),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let failure = failure.expect("the 1 MiB disk never filled up");
    assert!(matches!(failure, CoreError::DiskFull), "{failure}");
    assert!(failure.to_string().contains("磁盘已满"));
    drop(s);
    // Everything saved before the disk filled is still there, whole.
    let s = Store::open(&path).expect("reopen");
    let ok: String = s
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
    let total = s.graduates(&GraduateQuery::default()).expect("list").total as usize;
    assert_eq!(total, saved.len());
    assert!(total > 0, "some graduates were saved first");
}
