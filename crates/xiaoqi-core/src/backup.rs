//! Backups of the local database, and restoring one.
//!
//! **A backup** is a copy made with SQLite's online backup API while the database is open: a
//! consistent snapshot (what the WAL holds included), written to `.<name>.part` beside its target
//! and renamed into place, so a crash never leaves half a file under the final name. The copy is
//! switched to the rollback journal, so it is one self-contained file.
//!
//! **Automatic backups** go into `backups/` beside the database ([`backups_dir`]), named by the
//! time in China (UTC+8, as "today" is everywhere in the app): `xiaoqi-YYYYMMDD-HHMMSS.db`.
//! [`auto_backup_if_due`] makes one when no backup in that folder is younger than
//! [`AUTO_BACKUP_EVERY`] (24 h), then [`rotate`]s: it keeps the newest backup of each of the
//! [`KEEP_DAILY`] most recent days that have one and of each of the [`KEEP_WEEKLY`] most recent
//! ISO weeks that have one, and deletes the other files of that name pattern. The rule counts
//! the days that have backups, not calendar days: a computer left off for a month keeps its
//! last backups. Backups made by hand ("backup now") land in the same folder and follow the
//! same rule at the next automatic backup.
//!
//! **A restore** ([`prepare_restore`], then [`PreparedRestore::commit`]; [`restore`] does both)
//! copies the chosen file to `.<db name>.restore.part` beside the database and checks the copy:
//! the SQLite header, a length that holds every page the header counts (a truncated copy),
//! `PRAGMA integrity_check`, `PRAGMA foreign_key_check` (tolerated in a database bound to the
//! server, where an interrupted pull leaves references the next pull completes), the schema
//! version (newer than this program: refused; older: migrated on the copy) and the college.
//!
//! The college rule: the backup's college (`meta.college_id` and its `colleges` row) must be the
//! current database's, unless the current database holds no records besides its college profile
//! (a new install, or a new computer, restoring its college's backup), is missing, or cannot be
//! read at all (the damage a restore repairs). A backup made before the first sync carries the
//! device's own college id, not the server's: it is refused on a database bound since, with its
//! own message.
//!
//! A restored database that is bound to the server's college syncs as a new device: its device
//! id is made anew and its acknowledged mutation count goes back to 0. Its outbox then goes up as
//! that device's mutations 1, 2, … (the server numbers by device, and the old device id's count
//! is ahead of the backup's: the same id would have had the server skip — and the device drop —
//! the edits made after the restore), and the pull from the backup's cursor brings back what the
//! server received since the backup. See docs/sync.md.
//!
//! Only once the copy passed every check is the current database touched: under an exclusive
//! lock (refused while another program has it open), its WAL is checkpointed, it is copied aside
//! as `<stem>.before-restore-YYYYMMDD-HHMMSS.db` with the backup API, the lock is released
//! (SQLite removes the `-wal` and `-shm` files) and the checked copy is renamed over it. A
//! database that cannot be read is kept aside byte for byte, its `-wal` too.
//!
//! Evidence files (`evidence/` beside the database) are not in the database file and not in a
//! backup.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::error::{CoreError, FieldError, FieldErrors, Result};
use crate::sheet::SheetError;
use crate::{Store, db, schema};

/// The folder beside the database that automatic backups go into.
pub const BACKUP_DIR: &str = "backups";
/// An automatic backup is made when the newest one is this old.
pub const AUTO_BACKUP_EVERY: Duration = Duration::from_secs(24 * 60 * 60);
/// Rotation keeps the newest backup of each of this many most recent days that have one …
pub const KEEP_DAILY: usize = 7;
/// … and of each of this many most recent ISO weeks that have one.
pub const KEEP_WEEKLY: usize = 4;

/// Pages copied per step of the backup API (4 MB at the default page size).
const STEP_PAGES: i32 = 1024;
/// A backup restarted by writes of other connections this many times finishes in one step.
const MAX_RESTARTS: u32 = 2;

const PREFIX: &str = "xiaoqi-";
const SUFFIX: &str = ".db";

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    pub path: PathBuf,
    /// The file's name.
    pub name: String,
    /// When it was taken, RFC 3339 UTC (from the name, for the files of the backups folder).
    pub taken_at: String,
    /// Its size in bytes.
    pub size: u64,
}

/// What a restore put in place (before [`PreparedRestore::commit`]: what it would).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreSummary {
    /// The backup's college.
    pub college_id: String,
    pub college_name: String,
    /// The backup's schema version as found, and the version it was migrated to.
    pub schema_version: i64,
    pub migrated_to: i64,
    /// Live graduates, current placements and live employers in the backup.
    pub graduates: i64,
    pub placements: i64,
    pub employers: i64,
    /// There is a current database, which the restore keeps aside.
    pub replaces_current: bool,
    /// Where the database before the restore was kept (after the commit; none when there was
    /// none).
    pub kept_aside: Option<PathBuf>,
    /// The restored database is bound to the server's college and syncs as a new device.
    pub new_device: bool,
}

/// The folder automatic backups of the database at `db_path` go into.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(BACKUP_DIR)
}

fn china(t: OffsetDateTime) -> OffsetDateTime {
    t.to_offset(UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC))
}

/// `YYYYMMDD-HHMMSS` in China's time.
fn stamp(t: OffsetDateTime) -> String {
    china(t)
        .format(time::macros::format_description!(
            "[year][month][day]-[hour][minute][second]"
        ))
        .unwrap_or_default()
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .unwrap_or_default()
}

/// The name of a backup taken at `at`: `xiaoqi-YYYYMMDD-HHMMSS.db`, China's time.
pub fn backup_file_name(at: OffsetDateTime) -> String {
    format!("{PREFIX}{}{SUFFIX}", stamp(at))
}

/// Where a backup taken now goes: `out` when it names a file; in `out` under its dated name
/// when it names a folder (an existing one, or a path ending in a separator); in the backups
/// folder of the database at `db_path` when there is no `out`.
pub fn backup_target(db_path: &Path, out: Option<&Path>) -> PathBuf {
    let name = backup_file_name(OffsetDateTime::now_utc());
    match out {
        None => backups_dir(db_path).join(name),
        Some(out) => {
            let folder = out.is_dir()
                || out
                    .as_os_str()
                    .to_string_lossy()
                    .ends_with(std::path::is_separator);
            if folder {
                out.join(name)
            } else {
                out.to_path_buf()
            }
        }
    }
}

/// When the backup named `name` was taken, if it is a backup's name.
fn taken_at(name: &str) -> Option<OffsetDateTime> {
    let s = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let t = PrimitiveDateTime::parse(
        s,
        time::macros::format_description!("[year][month][day]-[hour][minute][second]"),
    )
    .ok()?;
    Some(t.assume_offset(UtcOffset::from_hms(8, 0, 0).ok()?))
}

fn cannot_write(path: &Path, e: impl std::fmt::Display) -> CoreError {
    CoreError::File(SheetError::CannotWrite {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

fn cannot_read(path: &Path, e: impl std::fmt::Display) -> CoreError {
    CoreError::File(SheetError::CannotRead {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// The backups in `dir`, newest first (none when the folder does not exist). Only files named
/// as [`backup_file_name`] names them are listed.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupFile>> {
    Ok(entries(dir)?.into_iter().map(|(_, f)| f).collect())
}

fn entries(dir: &Path) -> Result<Vec<(OffsetDateTime, BackupFile)>> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(cannot_read(dir, e)),
    };
    let mut out = Vec::new();
    for entry in read {
        let entry = entry.map_err(|e| cannot_read(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(at) = taken_at(&name) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        out.push((
            at,
            BackupFile {
                path: entry.path(),
                taken_at: rfc3339(at),
                name,
                size: meta.len(),
            },
        ));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.name.cmp(&a.1.name)));
    Ok(out)
}

impl Store {
    /// Writes a consistent copy of this database to `target` (replacing a file there) with the
    /// online backup API, while the store stays open; see the module docs.
    pub fn backup_to(&self, target: &Path) -> Result<BackupFile> {
        if let Some(own) = self.path() {
            refuse_own_file(own, target)?;
        }
        let size = copy_database(&self.conn, target)?;
        let file = written(target, size);
        // In the log of the database backed up (after the copy: the backup holds the log up to
        // it), by whoever acts on the store — the system for the automatic daily backup.
        let actor = self
            .actor()
            .cloned()
            .unwrap_or_else(crate::model::Actor::system);
        crate::audit::append(
            &self.conn,
            &actor,
            &crate::audit::Event::new(crate::audit::Action::Backup)
                .detail(serde_json::json!({ "file": file.name, "size": file.size })),
        )?;
        Ok(file)
    }
}

/// Writes a consistent copy of the database at `db_path` to `target` through a connection of
/// its own (the app's "backup now": no lock of the app's store is held while it copies). The
/// caller records it in the audit log (`Store::record_event`), as the person who asked.
pub fn backup_database(db_path: &Path, target: &Path) -> Result<BackupFile> {
    refuse_own_file(db_path, target)?;
    let conn = open_existing(db_path)?;
    let size = copy_database(&conn, target)?;
    Ok(written(target, size))
}

/// A backup of the database at `db_path` into its backups folder, named by the time now.
pub fn backup_now(db_path: &Path) -> Result<BackupFile> {
    backup_database(db_path, &backup_target(db_path, None))
}

fn written(target: &Path, size: u64) -> BackupFile {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let at = taken_at(&name).unwrap_or_else(OffsetDateTime::now_utc);
    BackupFile {
        path: target.to_path_buf(),
        taken_at: rfc3339(at),
        name,
        size,
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn refuse_own_file(db_path: &Path, target: &Path) -> Result<()> {
    if same_file(db_path, target) {
        return Err(CoreError::invalid(
            "target",
            "is_database",
            format!(
                "{} 就是正在使用的数据库，不能把备份写在它上面",
                target.display()
            ),
        ));
    }
    Ok(())
}

/// An existing database file, opened without creating anything and without migrating.
fn open_existing(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| CoreError::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// `path` with `suffix` added to its file name (`x.db` → `x.db-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes a database file and the files SQLite keeps beside it (errors ignored: best effort).
fn remove_database_files(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

/// Copies the database of `src` to `target` with the backup API: written beside it, switched to
/// the rollback journal, synced, renamed into place. Returns the size written.
fn copy_database(src: &Connection, target: &Path) -> Result<u64> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, e))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup.db".into());
    let part = dir.join(format!(".{name}.part"));
    remove_database_files(&part);
    let result = (|| -> Result<u64> {
        let mut dst = Connection::open(&part).map_err(|e| cannot_write(&part, e))?;
        {
            let backup = Backup::new(src, &mut dst)?;
            run_backup(&backup)?;
        }
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.close().map_err(|(_, e)| CoreError::from(e))?;
        sync_file(&part)?;
        std::fs::rename(&part, target).map_err(|e| cannot_write(target, e))?;
        sync_dir(dir);
        let size = std::fs::metadata(target)
            .map_err(|e| cannot_write(target, e))?
            .len();
        Ok(size)
    })();
    if result.is_err() {
        remove_database_files(&part);
    }
    result
}

/// Steps through the backup, a few megabytes at a time. Each write of another connection
/// restarts it (SQLite's rule); after [`MAX_RESTARTS`] the rest is copied in one step, inside
/// one read transaction (in WAL mode writers go on meanwhile).
fn run_backup(backup: &Backup<'_, '_>) -> Result<()> {
    let mut restarts = 0;
    let mut remaining = i32::MAX;
    let mut busy = 0;
    loop {
        let pages = if restarts >= MAX_RESTARTS {
            -1
        } else {
            STEP_PAGES
        };
        match backup.step(pages)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {
                let now = backup.progress().remaining;
                if now > remaining {
                    restarts += 1;
                }
                remaining = now;
            }
            _ => {
                // Busy or locked: another connection holds a lock for a moment.
                busy += 1;
                if busy > 500 {
                    return Err(CoreError::Sqlite(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("数据库一直被占用，备份没有完成".into()),
                    )));
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| cannot_write(path, e))
}

/// Makes a rename in `dir` durable (Unix; elsewhere a no-op).
fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Makes a backup into the backups folder of `store`'s database when none there is younger than
/// [`AUTO_BACKUP_EVERY`] at `now`, then rotates the folder. `None` when none was due (or the
/// store is in memory). A backup dated more than an hour after `now` (a clock set back) does not
/// count as recent.
pub fn auto_backup_if_due(store: &Store, now: OffsetDateTime) -> Result<Option<BackupFile>> {
    let Some(db_path) = store.path() else {
        return Ok(None);
    };
    let dir = backups_dir(db_path);
    let every = time::Duration::try_from(AUTO_BACKUP_EVERY).unwrap_or(time::Duration::DAY);
    let recent = entries(&dir)?.iter().any(|(at, _)| {
        let age = now - *at;
        age < every && age > -time::Duration::HOUR
    });
    if recent {
        return Ok(None);
    }
    let file = store.backup_to(&dir.join(backup_file_name(now)))?;
    rotate(&dir)?;
    Ok(Some(file))
}

/// [`auto_backup_if_due`] by the system's clock (the app, at start and then hourly).
pub fn auto_backup(store: &Store) -> Result<Option<BackupFile>> {
    auto_backup_if_due(store, OffsetDateTime::now_utc())
}

/// Deletes the backups in `dir` that the rotation rule does not keep (see the module docs);
/// returns the files deleted.
pub fn rotate(dir: &Path) -> Result<Vec<PathBuf>> {
    let all = entries(dir)?;
    let keep = kept(&all);
    let mut removed = Vec::new();
    for (i, (_, f)) in all.iter().enumerate() {
        if !keep.contains(&i) {
            std::fs::remove_file(&f.path).map_err(|e| cannot_write(&f.path, e))?;
            removed.push(f.path.clone());
        }
    }
    Ok(removed)
}

/// Indexes (into `all`, newest first) of the backups the rotation keeps.
fn kept(all: &[(OffsetDateTime, BackupFile)]) -> HashSet<usize> {
    let mut keep = HashSet::new();
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    for (i, (at, _)) in all.iter().enumerate() {
        let date = china(*at).date();
        if !days.contains(&date) {
            days.push(date);
            if days.len() <= KEEP_DAILY {
                keep.insert(i);
            }
        }
        let (year, week, _) = date.to_iso_week_date();
        if !weeks.contains(&(year, week)) {
            weeks.push((year, week));
            if weeks.len() <= KEEP_WEEKLY {
                keep.insert(i);
            }
        }
    }
    keep
}

/// The current database as the college rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Current {
    /// No file (or an empty one): anything may be restored, nothing is kept aside.
    Missing,
    /// Not SQLite, or not readable as ours: anything may be restored, it is kept aside as it is.
    Unreadable,
    Readable {
        college_id: String,
        college_name: String,
        /// No records besides the college profile.
        empty: bool,
        /// Bound to the server's college.
        bound: bool,
    },
}

/// The first 100 bytes of a file (fewer when it is shorter), and its length.
fn header(path: &Path) -> std::io::Result<(Vec<u8>, u64)> {
    let mut f = std::fs::File::open(path)?;
    let len = f.metadata()?.len();
    let mut buf = vec![0u8; 100];
    let mut n = 0;
    while n < buf.len() {
        let k = f.read(&mut buf[n..])?;
        if k == 0 {
            break;
        }
        n += k;
    }
    buf.truncate(n);
    Ok((buf, len))
}

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

fn read_current(db_path: &Path) -> Current {
    match header(db_path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Current::Missing,
        Ok((_, 0)) => return Current::Missing,
        Ok((h, _)) if h.len() == 100 && h.starts_with(MAGIC) => {}
        _ => return Current::Unreadable,
    }
    match open_existing(db_path).and_then(|c| describe(&c)) {
        Ok(current) => current,
        Err(_) => Current::Unreadable,
    }
}

fn describe(conn: &Connection) -> Result<Current> {
    let meta = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    };
    let Some(college_id) = meta("college_id")? else {
        return Ok(Current::Unreadable);
    };
    let college_name: String = conn
        .query_row(
            "SELECT name FROM colleges WHERE id = ?1",
            [&college_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    let mut empty = true;
    for t in schema::TABLES.iter().skip(1) {
        let any: bool = conn
            .query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {})", t.name),
                [],
                |r| r.get(0),
            )
            // A table of a later schema version than the file's holds nothing.
            .unwrap_or(false);
        if any {
            empty = false;
            break;
        }
    }
    let bound = meta(crate::replica::keys::COLLEGE)?.is_some();
    Ok(Current::Readable {
        college_id,
        college_name,
        empty,
        bound,
    })
}

/// A restore whose copy passed every check, waiting for [`PreparedRestore::commit`]. Dropping
/// it removes the copy; the current database was not touched.
#[derive(Debug)]
pub struct PreparedRestore {
    db_path: PathBuf,
    copy: PathBuf,
    backup_path: PathBuf,
    summary: RestoreSummary,
    committed: bool,
}

impl Drop for PreparedRestore {
    fn drop(&mut self) {
        if !self.committed {
            remove_database_files(&self.copy);
        }
    }
}

/// A refused backup file: `backup.<code>` with the file's name among the params.
fn refused(code: &str, file: &Path, message: String, params: &[(&str, String)]) -> CoreError {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let mut e = FieldError::new("backup", code, message).with("file", name);
    for (k, v) in params {
        e = e.with(k, v);
    }
    CoreError::Invalid(FieldErrors(vec![e]))
}

const UNTOUCHED: &str = "没有恢复，现有数据未改动";

/// Checks `backup_path` for restoring over the database at `db_path` (see the module docs) on a
/// copy beside the database; the current database is only read.
pub fn prepare_restore(db_path: &Path, backup_path: &Path) -> Result<PreparedRestore> {
    let shown = backup_path.display().to_string();
    if same_file(db_path, backup_path) {
        return Err(refused(
            "is_current",
            backup_path,
            format!("{shown} 就是正在使用的数据库，不能用它恢复自己；{UNTOUCHED}"),
            &[],
        ));
    }
    let (head, len) = header(backup_path).map_err(|e| cannot_read(backup_path, e))?;
    if head.len() < 100 || !head.starts_with(MAGIC) {
        let why = if len == 0 {
            "文件是空的"
        } else {
            "不是 SQLite 数据库"
        };
        return Err(refused(
            "not_sqlite",
            backup_path,
            format!("{shown} 不是校企通的备份文件（{why}）；{UNTOUCHED}"),
            &[],
        ));
    }
    check_length(&head, len, backup_path)?;

    let dir = db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, e))?;
    let db_name = db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xiaoqi.db".into());
    let copy = dir.join(format!(".{db_name}.restore.part"));
    remove_database_files(&copy);
    let mut prepared = PreparedRestore {
        db_path: db_path.to_path_buf(),
        copy,
        backup_path: backup_path.to_path_buf(),
        summary: RestoreSummary {
            college_id: String::new(),
            college_name: String::new(),
            schema_version: 0,
            migrated_to: 0,
            graduates: 0,
            placements: 0,
            employers: 0,
            replaces_current: false,
            kept_aside: None,
            new_device: false,
        },
        committed: false,
    };
    std::fs::copy(backup_path, &prepared.copy).map_err(|e| cannot_write(&prepared.copy, e))?;
    // A live database chosen as the backup (another install's file) may have recent pages in its
    // WAL: the copy takes it along, and SQLite applies it when the copy opens.
    let wal = with_suffix(backup_path, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        let copy_wal = with_suffix(&prepared.copy, "-wal");
        std::fs::copy(&wal, &copy_wal).map_err(|e| cannot_write(&copy_wal, e))?;
    }
    // The copy may have changed since the checks above (a file still being written).
    let (head, len) = header(&prepared.copy).map_err(|e| cannot_read(&prepared.copy, e))?;
    check_length(&head, len, backup_path)?;

    let found = check_copy(&prepared.copy, backup_path)?;
    let current = read_current(db_path);
    check_college(&current, &found, backup_path)?;
    prepared.summary = migrate_copy(&prepared.copy, &found)?;
    prepared.summary.replaces_current = current != Current::Missing;
    Ok(prepared)
}

/// Refuses a file shorter than the pages its header counts, or not a whole number of pages.
fn check_length(head: &[u8], len: u64, shown: &Path) -> Result<()> {
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let truncated = |expected: u64| {
        refused(
            "truncated",
            shown,
            format!(
                "{} 不完整（应有 {expected} 字节，只有 {len} 字节），可能没有复制完；{UNTOUCHED}",
                shown.display()
            ),
            &[
                ("expected", expected.to_string()),
                ("actual", len.to_string()),
            ],
        )
    };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(damaged(shown, "文件头的页大小无效"));
    }
    // The page count in the header is valid when the change counter matches its stamp.
    let pages = u64::from(be32(28));
    if pages > 0 && be32(24) == be32(92) && len < pages * page_size {
        return Err(truncated(pages * page_size));
    }
    if !len.is_multiple_of(page_size) {
        return Err(truncated(len.div_ceil(page_size) * page_size));
    }
    Ok(())
}

fn damaged(shown: &Path, detail: &str) -> CoreError {
    refused(
        "damaged",
        shown,
        format!(
            "{} 已损坏（{detail}），不能用来恢复；{UNTOUCHED}",
            shown.display()
        ),
        &[("detail", detail.to_string())],
    )
}

/// What the checked copy holds.
struct Found {
    college_id: String,
    college_name: String,
    schema_version: i64,
    bound: bool,
}

fn check_copy(copy: &Path, shown: &Path) -> Result<Found> {
    let conn = open_existing(copy).map_err(|_| damaged(shown, "SQLite 无法打开它"))?;
    let corrupt = |e: rusqlite::Error| damaged(shown, &format!("完整性检查未通过：{e}"));
    let problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check(5)")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(corrupt)?;
    if problems.iter().any(|p| p != "ok") {
        return Err(damaged(
            shown,
            &format!("完整性检查未通过：{}", problems.join("；")),
        ));
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(corrupt)?;
    let supported = db::migrations::latest_version();
    if version > supported {
        return Err(refused(
            "too_new",
            shown,
            format!(
                "{} 来自更新版本的校企通（数据结构版本 {version}，本程序支持到 {supported}），请先升级本程序再恢复；{UNTOUCHED}",
                shown.display()
            ),
            &[
                ("found", version.to_string()),
                ("supported", supported.to_string()),
            ],
        ));
    }
    let not_ours = || {
        refused(
            "not_xiaoqi",
            shown,
            format!(
                "{} 是 SQLite 数据库，但不是校企通的数据（没有学校信息）；{UNTOUCHED}",
                shown.display()
            ),
            &[],
        )
    };
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'colleges')",
            [],
            |r| r.get(0),
        )
        .map_err(corrupt)?;
    if version < 1 || tables < 2 {
        return Err(not_ours());
    }
    let Current::Readable {
        college_id,
        college_name,
        bound,
        ..
    } = describe(&conn).map_err(|_| not_ours())?
    else {
        return Err(not_ours());
    };
    let has_profile: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM colleges WHERE id = ?1)",
            [&college_id],
            |r| r.get(0),
        )
        .map_err(corrupt)?;
    if !has_profile {
        return Err(not_ours());
    }
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(corrupt)?;
    if dangling > 0 {
        if bound {
            // Pulled rows are written with foreign keys unchecked: a pull interrupted before its
            // last page leaves references that the next pull completes.
            tracing::info!(
                dangling,
                "backup: references a later pull completes, in a bound database"
            );
        } else {
            return Err(damaged(
                shown,
                &format!("有 {dangling} 处记录引用了不存在的记录"),
            ));
        }
    }
    Ok(Found {
        college_id,
        college_name,
        schema_version: version,
        bound,
    })
}

fn check_college(current: &Current, found: &Found, shown: &Path) -> Result<()> {
    let Current::Readable {
        college_id,
        college_name,
        empty,
        bound,
    } = current
    else {
        return Ok(());
    };
    if *college_id == found.college_id || *empty {
        return Ok(());
    }
    let params = [
        ("backup_college", found.college_name.clone()),
        ("current_college", college_name.clone()),
    ];
    if *bound && !found.bound && found.college_name == *college_name {
        return Err(refused(
            "before_first_sync",
            shown,
            format!(
                "{} 是“{}”首次同步之前的备份：首次同步后学校编号已换成服务器的编号，这个备份不能恢复到已同步的数据上；{UNTOUCHED}",
                shown.display(),
                found.college_name
            ),
            &params,
        ));
    }
    Err(refused(
        "other_college",
        shown,
        format!(
            "{} 是“{}”的备份，本机数据属于“{}”，不能恢复另一所学校的备份；{UNTOUCHED}",
            shown.display(),
            found.college_name,
            college_name
        ),
        &params,
    ))
}

/// Migrates the checked copy, gives a bound one a new device identity, counts what it holds and
/// leaves it one self-contained file.
fn migrate_copy(copy: &Path, found: &Found) -> Result<RestoreSummary> {
    let store = Store::open(copy)?;
    let conn = store.connection();
    if found.bound {
        conn.execute(
            "DELETE FROM meta WHERE key IN (?1, ?2)",
            [crate::replica::keys::DEVICE, crate::replica::keys::ACKED],
        )?;
    }
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let summary = RestoreSummary {
        college_id: found.college_id.clone(),
        college_name: found.college_name.clone(),
        schema_version: found.schema_version,
        migrated_to: store.schema_version()?,
        graduates: count("SELECT count(*) FROM graduates WHERE deleted_at IS NULL")?,
        placements: count(
            "SELECT count(*) FROM placements WHERE deleted_at IS NULL AND superseded_at IS NULL",
        )?,
        employers: count("SELECT count(*) FROM employers WHERE deleted_at IS NULL")?,
        replaces_current: false,
        kept_aside: None,
        new_device: found.bound,
    };
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    drop(store);
    sync_file(copy)?;
    Ok(summary)
}

/// Why the current database cannot be replaced now.
fn in_use(db_path: &Path) -> CoreError {
    CoreError::CannotOpen {
        path: db_path.to_path_buf(),
        reason: "它正被另一个程序使用（校企通桌面版或另一个 xiaoqi 命令），请先关闭后再恢复；现有数据未改动".into(),
    }
}

impl PreparedRestore {
    /// What the restore will put in place.
    pub fn summary(&self) -> &RestoreSummary {
        &self.summary
    }

    /// The file being restored.
    pub fn backup_path(&self) -> &Path {
        &self.backup_path
    }

    /// The name the current database would be kept aside under if the restore happened now.
    pub fn kept_aside_name(&self) -> String {
        kept_aside_name(&self.db_path, OffsetDateTime::now_utc())
    }

    /// Keeps the current database aside and puts the checked copy in its place (see the module
    /// docs). Needs the database closed by every other connection, this program's included;
    /// refused otherwise, with nothing changed.
    pub fn commit(mut self) -> Result<RestoreSummary> {
        let db_path = self.db_path.clone();
        let now = OffsetDateTime::now_utc();
        let dir = db_path
            .parent()
            .unwrap_or_else(|| Path::new(""))
            .to_path_buf();
        let aside_path = || {
            let name = kept_aside_name(&db_path, now);
            crate::paths::unused_file_name(&dir, name.trim_end_matches(".db"), "db")
        };
        let wal = with_suffix(&db_path, "-wal");
        let mut kept_aside = None;
        let mut wal_kept = false;
        match read_current(&db_path) {
            Current::Missing => {
                // An empty file is nothing to keep; a -wal beside nothing is stale.
                if wal.exists() && !db_path.exists() {
                    let aside = aside_path();
                    copy_raw(&wal, &with_suffix(&aside, "-wal"))?;
                    wal_kept = true;
                }
            }
            Current::Unreadable => {
                let aside = aside_path();
                copy_raw(&db_path, &aside)?;
                if wal.exists() {
                    copy_raw(&wal, &with_suffix(&aside, "-wal"))?;
                    wal_kept = true;
                }
                kept_aside = Some(aside);
            }
            Current::Readable { .. } => {
                let conn = open_existing(&db_path)?;
                conn.busy_timeout(Duration::from_millis(200))?;
                conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
                if conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;").is_err() {
                    return Err(in_use(&db_path));
                }
                // Under the lock, the rule again: the database may have changed since the checks
                // (a sync binding it, records added).
                let current = describe(&conn).unwrap_or(Current::Unreadable);
                let found = Found {
                    college_id: self.summary.college_id.clone(),
                    college_name: self.summary.college_name.clone(),
                    schema_version: self.summary.schema_version,
                    bound: self.summary.new_device,
                };
                check_college(&current, &found, &self.backup_path)?;
                let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
                let aside = aside_path();
                if copy_database(&conn, &aside).is_err() {
                    // A file SQLite cannot copy page by page is kept as it is.
                    copy_raw(&db_path, &aside)?;
                    if wal.exists() {
                        copy_raw(&wal, &with_suffix(&aside, "-wal"))?;
                        wal_kept = true;
                    }
                }
                conn.close().map_err(|(_, e)| CoreError::from(e))?;
                kept_aside = Some(aside);
            }
        }
        // A non-empty -wal left beside the database would be replayed onto the new file.
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            if !wal_kept {
                return Err(in_use(&db_path));
            }
            std::fs::remove_file(&wal).map_err(|e| cannot_write(&wal, e))?;
        }
        let _ = std::fs::remove_file(&wal);
        std::fs::rename(&self.copy, &db_path).map_err(|e| cannot_write(&db_path, e))?;
        self.committed = true;
        sync_dir(&dir);
        let mut summary = self.summary.clone();
        summary.kept_aside = kept_aside;
        Ok(summary)
    }
}

fn copy_raw(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| cannot_write(to, e))?;
    sync_file(to)
}

/// The name a restore at `at` keeps the database at `db_path` aside under, in the same folder:
/// `<stem>.before-restore-YYYYMMDD-HHMMSS.db` (China's time).
pub fn kept_aside_name(db_path: &Path, at: OffsetDateTime) -> String {
    let stem = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xiaoqi".into());
    format!("{stem}.before-restore-{}.db", stamp(at))
}

/// Restores `backup_path` over the database at `db_path`: [`prepare_restore`], then
/// [`PreparedRestore::commit`]. The database must not be open elsewhere.
pub fn restore(db_path: &Path, backup_path: &Path) -> Result<RestoreSummary> {
    prepare_restore(db_path, backup_path)?.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> OffsetDateTime {
        OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).expect("time")
    }

    #[test]
    fn names_carry_chinas_time_and_read_back() {
        let t = at("2026-03-01T17:30:05Z");
        assert_eq!(backup_file_name(t), "xiaoqi-20260302-013005.db");
        assert_eq!(taken_at("xiaoqi-20260302-013005.db"), Some(t));
        assert_eq!(rfc3339(t), "2026-03-01T17:30:05Z");
        for other in [
            "xiaoqi-20260302-013005.db.part",
            ".xiaoqi-20260302-013005.db.part",
            "xiaoqi-2026-03-02.db",
            "notes.db",
        ] {
            assert_eq!(taken_at(other), None, "{other}");
        }
    }

    #[test]
    fn rotation_keeps_seven_days_and_four_weeks() {
        // Two backups a day for 60 days, newest first.
        let start = at("2026-01-01T02:00:00Z");
        let mut all: Vec<(OffsetDateTime, BackupFile)> = (0..120)
            .map(|i| {
                let t = start + time::Duration::hours(12 * i);
                (
                    t,
                    BackupFile {
                        path: PathBuf::from(backup_file_name(t)),
                        name: backup_file_name(t),
                        taken_at: rfc3339(t),
                        size: 0,
                    },
                )
            })
            .collect();
        all.reverse();
        let keep = kept(&all);
        let mut names: Vec<&str> = keep.iter().map(|&i| all[i].1.name.as_str()).collect();
        names.sort_unstable();
        names.reverse();
        // The newest of each of the last 7 days, then the newest of each earlier week of the
        // last four (2026-03-01 is a Sunday: its ISO week began on 02-23).
        assert_eq!(
            names,
            [
                "xiaoqi-20260301-220000.db",
                "xiaoqi-20260228-220000.db",
                "xiaoqi-20260227-220000.db",
                "xiaoqi-20260226-220000.db",
                "xiaoqi-20260225-220000.db",
                "xiaoqi-20260224-220000.db",
                "xiaoqi-20260223-220000.db",
                "xiaoqi-20260222-220000.db",
                "xiaoqi-20260215-220000.db",
                "xiaoqi-20260208-220000.db",
            ]
        );
    }
}
