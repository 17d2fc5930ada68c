//! Backups and restores on real files: a backup of an open store is whole, a bad backup is
//! refused with the current database byte for byte as it was, a good one replaces the data and
//! keeps the old database aside, and the automatic backups rotate by an injected clock.

mod common;

use std::path::{Path, PathBuf};

use common::{dump, graduate_input, program};
use rusqlite::Connection;
use time::OffsetDateTime;
use xiaoqi_core::backup::{
    self, BackupFile, KEEP_DAILY, RestoreSummary, auto_backup_if_due, backup_file_name,
    list_backups, prepare_restore, restore,
};
use xiaoqi_core::model::{CollegeInput, GraduateQuery};
use xiaoqi_core::{CoreError, Store};

/// A database at `dir/xiaoqi.db` of the college `name` with `n` graduates.
fn college(dir: &Path, name: &str, n: usize) -> (PathBuf, Store) {
    let path = dir.join("xiaoqi.db");
    let mut store = Store::open(&path).expect("open");
    store
        .update_college(&CollegeInput {
            name: Some(name.into()),
            ..Default::default()
        })
        .expect("college");
    add_graduates(&mut store, 0, n);
    (path, store)
}

fn add_graduates(store: &mut Store, from: usize, n: usize) {
    if store.programs().expect("programs").is_empty() {
        program(store, "工业机器人应用与维护");
    }
    for i in from..from + n {
        store
            .create_graduate(&graduate_input(
                &format!("学生{i}"),
                &format!("2025{i:04}"),
                "工业机器人应用与维护",
            ))
            .expect("graduate");
    }
}

fn graduates(path: &Path) -> u32 {
    Store::open(path)
        .expect("open")
        .graduates(&GraduateQuery::default())
        .expect("list")
        .total
}

/// Every file in `dir` (not folders), sorted, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().expect("type").is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    out.sort();
    out
}

fn field_code(e: &CoreError) -> String {
    e.fields()
        .first()
        .map(|f| f.code.clone())
        .unwrap_or_else(|| e.code().to_string())
}

fn sqlite_header_byte(path: &Path, at: usize) -> u8 {
    std::fs::read(path).expect("read")[at]
}

#[test]
fn a_backup_of_an_open_store_holds_what_its_wal_holds_and_is_one_file() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, store) = college(dir.path(), "粤湾技师学院", 300);
    let wal = dir.path().join("xiaoqi.db-wal");
    assert!(
        std::fs::metadata(&wal).expect("wal").len() > 0,
        "the records are still in the WAL"
    );
    let out = dir.path().join("copies").join("today.db");
    let file = store.backup_to(&out).expect("backup");
    assert_eq!(file.path, out);
    assert_eq!(file.size, std::fs::metadata(&out).expect("size").len());

    // One self-contained file in the rollback journal (header bytes 18 and 19 are 1), nothing
    // beside it.
    assert_eq!(sqlite_header_byte(&out, 18), 1);
    assert_eq!(sqlite_header_byte(&out, 19), 1);
    let names: Vec<String> = files(&dir.path().join("copies"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["today.db"]);

    // Every record, exactly, and a sound file.
    let copy = Connection::open(&out).expect("open copy");
    assert_eq!(dump(&copy), dump(store.connection()));
    let ok: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
    drop(copy);
    drop(store);
    assert_eq!(graduates(&out), 300);
    assert_eq!(graduates(&path), 300);
}

#[test]
fn another_installs_live_database_is_restored_with_what_its_wal_holds() {
    // The file of another computer's database, copied with its -wal while that app ran.
    let other = tempfile::tempdir().expect("dir");
    let (live, store) = college(other.path(), "粤湾技师学院", 25);
    let wal = other.path().join("xiaoqi.db-wal");
    assert!(std::fs::metadata(&wal).expect("wal").len() > 0);
    let carried = tempfile::tempdir().expect("dir");
    let file = carried.path().join("xiaoqi.db");
    std::fs::copy(&live, &file).expect("copy");
    std::fs::copy(&wal, carried.path().join("xiaoqi.db-wal")).expect("copy wal");
    drop(store);

    let data = tempfile::tempdir().expect("dir");
    let db = data.path().join("xiaoqi.db");
    let summary = restore(&db, &file).expect("restore");
    assert_eq!(summary.graduates, 25);
    assert_eq!(graduates(&db), 25);
}

#[test]
fn a_backup_is_never_written_over_the_database_itself() {
    let dir = tempfile::tempdir().expect("dir");
    let (path, store) = college(dir.path(), "粤湾技师学院", 3);
    let e = store.backup_to(&path).expect_err("refused");
    assert_eq!(field_code(&e), "target.is_database");
    drop(store);
    assert_eq!(graduates(&path), 3);
}

/// The current database of the refusal tests (closed, so its bytes can be compared) and a good
/// backup of it.
struct Fixture {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    db: PathBuf,
    good: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path().to_path_buf();
    let data = root.join("data");
    std::fs::create_dir_all(&data).expect("data dir");
    let (db, mut store) = college(&data, "粤湾技师学院", 40);
    let good = root.join("good.db");
    store.backup_to(&good).expect("backup");
    add_graduates(&mut store, 40, 5);
    drop(store);
    Fixture {
        _dir: dir,
        dir: data,
        db,
        good,
    }
}

/// Restoring `file` is refused with `code`; the data folder is byte for byte as it was and the
/// database opens with its 45 graduates.
fn assert_refused(f: &Fixture, file: &Path, code: &str) -> CoreError {
    let before = files(&f.dir);
    let e = restore(&f.db, file).expect_err("refused");
    assert_eq!(field_code(&e), code, "{e}");
    assert!(e.to_string().contains("现有数据未改动"), "{e}");
    assert_eq!(files(&f.dir), before, "the data folder is untouched");
    assert_eq!(graduates(&f.db), 45);
    e
}

#[test]
fn a_truncated_backup_is_refused_and_nothing_changes() {
    let f = fixture();
    let bytes = std::fs::read(&f.good).expect("read");
    let cut = f.dir.join("../cut.db");
    // Cut at a page boundary (the header still counts every page) and mid-page.
    std::fs::write(&cut, &bytes[..bytes.len() / 2 / 4096 * 4096]).expect("write");
    let e = assert_refused(&f, &cut, "backup.truncated");
    assert!(e.to_string().contains("不完整"), "{e}");
    std::fs::write(&cut, &bytes[..bytes.len() - 1000]).expect("write");
    assert_refused(&f, &cut, "backup.truncated");
}

#[test]
fn a_file_that_is_not_sqlite_or_empty_is_refused() {
    let f = fixture();
    let text = f.dir.join("../名单.db");
    std::fs::write(&text, "姓名,学号\n张三,2021001\n".repeat(200)).expect("write");
    let e = assert_refused(&f, &text, "backup.not_sqlite");
    assert!(e.to_string().contains("不是校企通的备份文件"), "{e}");
    assert_eq!(
        e.fields()[0].params.get("file").map(String::as_str),
        Some("名单.db")
    );
    let empty = f.dir.join("../empty.db");
    std::fs::write(&empty, "").expect("write");
    let e = assert_refused(&f, &empty, "backup.not_sqlite");
    assert!(e.to_string().contains("文件是空的"), "{e}");
}

#[test]
fn a_damaged_backup_fails_the_integrity_check_and_is_refused() {
    let f = fixture();
    let mut bytes = std::fs::read(&f.good).expect("read");
    // Scribble over every page after the first few, keeping the length.
    for page in bytes.chunks_mut(4096).skip(3) {
        for (i, b) in page.iter_mut().enumerate().skip(8) {
            *b = (i % 251) as u8;
        }
    }
    let bad = f.dir.join("../bad.db");
    std::fs::write(&bad, &bytes).expect("write");
    let e = assert_refused(&f, &bad, "backup.damaged");
    assert!(e.to_string().contains("已损坏"), "{e}");
}

#[test]
fn dangling_references_are_refused_unless_a_pull_will_complete_them() {
    let f = fixture();
    let dangling = f.dir.join("../dangling.db");
    std::fs::copy(&f.good, &dangling).expect("copy");
    let conn = Connection::open(&dangling).expect("open");
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; UPDATE graduates SET program_id = 'gone' WHERE rowid = 1;",
    )
    .expect("dangle");
    drop(conn);
    let e = assert_refused(&f, &dangling, "backup.damaged");
    assert!(e.to_string().contains("引用了不存在的记录"), "{e}");

    // Bound to the server, the same file is a pull interrupted before its last page: the next
    // pull brings what the references name.
    Connection::open(&dangling)
        .expect("open")
        .execute(
            "INSERT INTO meta (key, value) SELECT 'sync_college', value FROM meta WHERE key = 'college_id'",
            [],
        )
        .expect("bind");
    assert!(restore(&f.db, &dangling).expect("restored").new_device);
}

#[test]
fn another_sqlite_database_is_not_a_backup() {
    let f = fixture();
    let other = f.dir.join("../other.db");
    let conn = Connection::open(&other).expect("open");
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1); PRAGMA user_version = 3;")
        .expect("other");
    drop(conn);
    assert_refused(&f, &other, "backup.not_xiaoqi");
}

#[test]
fn a_backup_from_a_newer_program_is_refused() {
    let f = fixture();
    let newer = f.dir.join("../newer.db");
    std::fs::copy(&f.good, &newer).expect("copy");
    let latest = xiaoqi_core::db::migrations::latest_version();
    Connection::open(&newer)
        .expect("open")
        .pragma_update(None, "user_version", latest + 1)
        .expect("version");
    let e = assert_refused(&f, &newer, "backup.too_new");
    assert_eq!(
        e.fields()[0].params.get("found"),
        Some(&(latest + 1).to_string())
    );
    assert!(e.to_string().contains("请先升级本程序"), "{e}");
}

#[test]
fn another_colleges_backup_is_refused_over_a_database_with_records() {
    let f = fixture();
    let other_dir = tempfile::tempdir().expect("dir");
    let (_, other) = college(other_dir.path(), "珠江职业技术学院", 2);
    let theirs = f.dir.join("../theirs.db");
    other.backup_to(&theirs).expect("backup");
    let e = assert_refused(&f, &theirs, "backup.other_college");
    assert!(
        e.to_string()
            .contains("是“珠江职业技术学院”的备份，本机数据属于“粤湾技师学院”"),
        "{e}"
    );
}

#[test]
fn a_backup_made_before_the_first_sync_is_refused_over_the_bound_database() {
    // The same college's name under the device's own id, the current database bound to the
    // server's id (as the first sync leaves it).
    let f = fixture();
    let device_dir = tempfile::tempdir().expect("dir");
    let (_, before_sync) = college(device_dir.path(), "粤湾技师学院", 2);
    let early = f.dir.join("../early.db");
    before_sync.backup_to(&early).expect("backup");
    let conn = Connection::open(&f.db).expect("open");
    conn.execute(
        "INSERT INTO meta (key, value) SELECT 'sync_college', value FROM meta WHERE key = 'college_id'",
        [],
    )
    .expect("bind");
    drop(conn);
    let e = assert_refused(&f, &early, "backup.before_first_sync");
    assert!(e.to_string().contains("首次同步之前的备份"), "{e}");
}

#[test]
fn the_database_itself_is_not_a_backup_of_itself() {
    let f = fixture();
    assert_refused(&f, &f.db, "backup.is_current");
}

#[test]
fn a_missing_backup_file_is_an_unreadable_file() {
    let f = fixture();
    let before = files(&f.dir);
    let e = restore(&f.db, &f.dir.join("../nowhere.db")).expect_err("refused");
    assert_eq!(e.code(), "error.file");
    assert!(!e.is_invalid_data());
    assert_eq!(files(&f.dir), before);
}

#[test]
fn a_good_restore_replaces_the_data_and_keeps_the_old_database_aside() {
    let f = fixture();
    let summary: RestoreSummary = restore(&f.db, &f.good).expect("restore");
    assert_eq!(summary.college_name, "粤湾技师学院");
    assert_eq!(summary.graduates, 40);
    assert_eq!(summary.placements, 0);
    assert_eq!(
        summary.migrated_to,
        xiaoqi_core::db::migrations::latest_version()
    );
    assert!(summary.replaces_current);
    assert!(!summary.new_device);
    let aside = summary.kept_aside.clone().expect("kept aside");
    assert_eq!(aside.parent(), Some(f.dir.as_path()));
    let name = aside.file_name().expect("name").to_string_lossy();
    assert!(
        name.starts_with("xiaoqi.before-restore-") && name.ends_with(".db"),
        "{name}"
    );

    // The database holds the backup's 40 graduates; the old one, aside, its 45.
    assert_eq!(graduates(&f.db), 40);
    assert_eq!(graduates(&aside), 45);
    // Nothing half-done is left in the data folder.
    let mut names: Vec<String> = files(&f.dir).into_iter().map(|(n, _)| n).collect();
    names.retain(|n| !n.ends_with("-shm") && !n.ends_with("-wal"));
    assert_eq!(names.len(), 2, "{names:?}");
    // The restored database takes new records as usual.
    let mut store = Store::open(&f.db).expect("open");
    add_graduates(&mut store, 100, 1);
    assert_eq!(
        store
            .graduates(&GraduateQuery::default())
            .expect("list")
            .total,
        41
    );
}

#[test]
fn a_restore_waits_for_the_database_to_be_closed_and_changes_nothing_meanwhile() {
    let f = fixture();
    let store = Store::open(&f.db).expect("open");
    // The checks run while the app's store is open …
    let prepared = prepare_restore(&f.db, &f.good).expect("checked");
    assert_eq!(prepared.summary().graduates, 40);
    // … the swap does not.
    let e = prepared.commit().expect_err("in use");
    assert_eq!(e.code(), "error.cannot_open");
    assert!(e.to_string().contains("正被另一个程序使用"), "{e}");
    assert_eq!(
        store
            .graduates(&GraduateQuery::default())
            .expect("list")
            .total,
        45
    );
    drop(store);
    assert_eq!(graduates(&f.db), 45);
    let leftovers: Vec<String> = files(&f.dir)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.contains("part") || n.contains("before-restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Closed, the same restore goes through.
    assert_eq!(restore(&f.db, &f.good).expect("restore").graduates, 40);
}

#[test]
fn a_new_install_restores_any_colleges_backup_and_a_missing_database_too() {
    let src = tempfile::tempdir().expect("dir");
    let (_, store) = college(src.path(), "珠江职业技术学院", 7);
    let file = src.path().join("珠江.db");
    store.backup_to(&file).expect("backup");

    // A fresh database: only its own college profile.
    let fresh = tempfile::tempdir().expect("dir");
    let db = fresh.path().join("xiaoqi.db");
    drop(Store::open(&db).expect("fresh"));
    let summary = restore(&db, &file).expect("restore");
    assert_eq!(summary.college_name, "珠江职业技术学院");
    assert!(summary.kept_aside.is_some());
    let restored = Store::open(&db).expect("open");
    assert_eq!(restored.college_id(), store.college_id());
    assert_eq!(
        restored.college().expect("college").name,
        "珠江职业技术学院"
    );

    // No database at all: nothing to keep aside.
    let none = tempfile::tempdir().expect("dir");
    let db = none.path().join("sub").join("xiaoqi.db");
    let summary = restore(&db, &file).expect("restore");
    assert!(!summary.replaces_current);
    assert_eq!(summary.kept_aside, None);
    assert_eq!(graduates(&db), 7);
}

#[test]
fn a_database_that_cannot_be_read_is_kept_aside_as_it_was() {
    let src = tempfile::tempdir().expect("dir");
    let (_, store) = college(src.path(), "粤湾技师学院", 3);
    let file = src.path().join("good.db");
    store.backup_to(&file).expect("backup");
    let data = tempfile::tempdir().expect("dir");
    let db = data.path().join("xiaoqi.db");
    let garbage = b"not a database any more".repeat(100);
    std::fs::write(&db, &garbage).expect("write");
    let summary = restore(&db, &file).expect("restore");
    let aside = summary.kept_aside.expect("kept");
    assert_eq!(std::fs::read(aside).expect("read"), garbage);
    assert_eq!(graduates(&db), 3);
}

#[test]
fn an_older_backup_is_migrated_on_the_copy() {
    let src = tempfile::tempdir().expect("dir");
    let old = src.path().join("old.db");
    let mut conn = Connection::open(&old).expect("open");
    let version = 5;
    xiaoqi_core::db::migrations::migrate_to(&mut conn, version).expect("old schema");
    conn.execute_batch(
        "INSERT INTO colleges (id, college_id, name, created_at, updated_at)
             VALUES ('c1', 'c1', '粤湾技师学院', 't', 't');
         INSERT INTO meta (key, value) VALUES ('college_id', 'c1');
         INSERT INTO programs (id, college_id, name, level, length_years, created_at, updated_at)
             VALUES ('p1', 'c1', '数控加工', '高级工', 3, 't', 't');",
    )
    .expect("seed");
    drop(conn);
    let before = std::fs::read(&old).expect("read");

    let data = tempfile::tempdir().expect("dir");
    let db = data.path().join("xiaoqi.db");
    drop(Store::open(&db).expect("fresh"));
    let summary = restore(&db, &old).expect("restore");
    assert_eq!(summary.schema_version, version);
    assert_eq!(
        summary.migrated_to,
        xiaoqi_core::db::migrations::latest_version()
    );
    let store = Store::open(&db).expect("open");
    assert_eq!(store.college_id(), "c1");
    assert_eq!(store.programs().expect("programs")[0].name, "数控加工");
    // The chosen file itself is never changed.
    assert_eq!(std::fs::read(&old).expect("read"), before);
}

#[test]
fn a_restored_bound_database_syncs_as_a_new_device_and_keeps_its_outbox() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, store) = college(dir.path(), "粤湾技师学院", 4);
    let pending = store.pending_changes().expect("pending");
    let device = store.device_id().expect("device");
    store
        .connection()
        .execute_batch(
            "INSERT INTO meta (key, value) SELECT 'sync_college', value FROM meta WHERE key = 'college_id';
             INSERT INTO meta (key, value) VALUES ('sync_acked', '12');",
        )
        .expect("bound");
    assert_eq!(store.sync_acked().expect("acked"), 12);
    let file = dir.path().join("bound.db");
    store.backup_to(&file).expect("backup");
    drop(store);
    let summary = restore(&db, &file).expect("restore");
    assert!(summary.new_device);
    let restored = Store::open(&db).expect("open");
    assert_ne!(restored.device_id().expect("device"), device);
    assert_eq!(restored.sync_acked().expect("acked"), 0);
    assert_eq!(restored.pending_changes().expect("pending"), pending);
}

const HOUR: time::Duration = time::Duration::HOUR;

#[test]
fn automatic_backups_come_daily_and_rotate_by_the_injected_clock() {
    let dir = tempfile::tempdir().expect("dir");
    let (db, store) = college(dir.path(), "粤湾技师学院", 2);
    let folder = backup::backups_dir(&db);
    assert_eq!(folder, dir.path().join("backups"));
    let start = OffsetDateTime::parse(
        "2026-01-01T01:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .expect("time");

    // At start, then not again within the day, then once the newest is 24 hours old.
    let first: BackupFile = auto_backup_if_due(&store, start)
        .expect("backup")
        .expect("due at start");
    assert_eq!(first.name, backup_file_name(start));
    assert_eq!(first.name, "xiaoqi-20260101-090000.db");
    assert_eq!(
        auto_backup_if_due(&store, start + HOUR).expect("check"),
        None
    );
    assert_eq!(
        auto_backup_if_due(&store, start + 23 * HOUR).expect("check"),
        None
    );
    assert!(
        auto_backup_if_due(&store, start + 24 * HOUR)
            .expect("backup")
            .is_some()
    );

    // The app checked every 6 hours for 60 days: one backup a day, the folder rotated.
    let mut made = 2;
    for k in 5..=(60 * 4) {
        if auto_backup_if_due(&store, start + 6 * k * HOUR)
            .expect("check")
            .is_some()
        {
            made += 1;
        }
    }
    assert_eq!(made, 61);
    let kept: Vec<String> = list_backups(&folder)
        .expect("list")
        .into_iter()
        .map(|b| b.name)
        .collect();
    // 2026-03-02 in China is a Monday: the last 7 days, then the newest of each earlier week
    // among the last four (02-16…02-22 and 02-09…02-15).
    assert_eq!(
        kept,
        [
            "xiaoqi-20260302-090000.db",
            "xiaoqi-20260301-090000.db",
            "xiaoqi-20260228-090000.db",
            "xiaoqi-20260227-090000.db",
            "xiaoqi-20260226-090000.db",
            "xiaoqi-20260225-090000.db",
            "xiaoqi-20260224-090000.db",
            "xiaoqi-20260222-090000.db",
            "xiaoqi-20260215-090000.db",
        ]
    );
    assert!(kept.len() >= KEEP_DAILY);
    // A file of another name in the folder is left alone; every kept backup is whole.
    std::fs::write(folder.join("说明.txt"), "x").expect("write");
    auto_backup_if_due(&store, start + 61 * 24 * HOUR)
        .expect("backup")
        .expect("due");
    assert!(folder.join("说明.txt").exists());
    drop(store);
    for b in list_backups(&folder).expect("list") {
        assert_eq!(graduates(&b.path), 2, "{}", b.name);
    }
}
