//! Crash safety: the real `xiaoqi` process SIGKILLed in the middle of a write (the demo, one
//! transaction), an import (one transaction) and a sync (a page and its cursor per
//! transaction), at several moments. Afterwards the file passes `PRAGMA integrity_check`, every
//! transaction is there whole or not at all (each record with its outbox and audit entries, the
//! derived counts matching, an import's rows all or none), the audit chain holds, and the next
//! run finishes the work.

mod syncing;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use syncing::{Server, assert_same, cli_bin, dump, scalar, synced};

/// Moments after the start at which the process is killed: during opening and migrating, and
/// at different points of the work.
const MOMENTS_MS: &[u64] = &[20, 150, 400, 900, 1600];

fn count(db: &Path, sql: &str) -> i64 {
    scalar(db, sql).and_then(|v| v.parse().ok()).unwrap_or(-1)
}

fn run_ok(db: &Path, args: &[&str]) -> String {
    let out = Command::new(cli_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("xiaoqi runs");
    assert!(
        out.status.success(),
        "xiaoqi {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Starts `xiaoqi --db DB ARGS…`, SIGKILLs it after `ms` (if still running); true when it was
/// killed rather than finished.
fn kill_after(db: &Path, args: &[&str], ms: u64) -> bool {
    let mut child = Command::new(cli_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("xiaoqi starts");
    std::thread::sleep(Duration::from_millis(ms));
    let finished = child.try_wait().expect("status").is_some();
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    !finished
}

/// What must hold after any crash. `synced`: rows may have come from the server (no outbox
/// entry of their own).
fn sound(db: &Path, synced: bool) {
    if !db.exists() {
        return;
    }
    assert_eq!(
        scalar(db, "PRAGMA integrity_check").as_deref(),
        Some("ok"),
        "integrity_check of {}",
        db.display()
    );
    assert_eq!(
        count(db, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    // Opening it again works (and completes a migration cut short).
    let info = run_ok(db, &["info", "--json"]);
    assert!(info.contains("schema_version"), "{info}");
    // Derived counts agree with the records.
    assert_eq!(
        count(db, "SELECT coalesce(sum(n), 0) FROM graduate_counts"),
        count(
            db,
            "SELECT count(*) FROM graduates WHERE deleted_at IS NULL"
        ),
        "graduate_counts"
    );
    assert_eq!(
        count(db, "SELECT count(*) FROM graduate_facts"),
        count(
            db,
            "SELECT count(*) FROM graduates WHERE deleted_at IS NULL"
        ),
        "graduate_facts"
    );
    if !synced {
        // Each record came with its outbox entry and its audit entry, in one transaction.
        for t in xiaoqi_protocol::tables::TABLES {
            if t.name == "sync_conflicts" {
                continue;
            }
            let rows = count(db, &format!("SELECT count(*) FROM {}", t.name));
            let outbox = count(
                db,
                &format!(
                    "SELECT count(*) FROM outbox WHERE op = 'insert' AND table_name = '{}'",
                    t.name
                ),
            );
            let audit = count(
                db,
                &format!(
                    "SELECT count(*) FROM audit_log WHERE action = 'insert' AND table_name = '{}'",
                    t.name
                ),
            );
            assert_eq!((rows, outbox, audit), (rows, rows, rows), "{}", t.name);
        }
    }
    let out = Command::new(cli_bin())
        .arg("--db")
        .arg(db)
        .args(["audit", "verify"])
        .output()
        .expect("verify");
    assert!(
        out.status.success(),
        "audit chain after the crash: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_write_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let whole = dir.path().join("whole.db");
    run_ok(&whole, &["demo"]);
    let all = count(&whole, "SELECT count(*) FROM graduates");
    assert!(all > 1000);
    let mut killed = 0;
    for (i, ms) in MOMENTS_MS.iter().enumerate() {
        let db = dir.path().join(format!("demo-{i}.db"));
        killed += usize::from(kill_after(&db, &["demo"], *ms));
        sound(&db, false);
        let n = count(&db, "SELECT count(*) FROM graduates");
        assert!(
            n == 0 || n == all,
            "{n} of {all} graduates after a kill at {ms} ms"
        );
        // Running it again completes the work.
        if n == 0 {
            run_ok(&db, &["demo"]);
        }
        assert_eq!(count(&db, "SELECT count(*) FROM graduates"), all);
        sound(&db, false);
    }
    assert!(
        killed >= 2,
        "most kills landed while the demo was being written"
    );
}

#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("毕业生.csv");
    let mut text = String::from("姓名,学号,专业,毕业年份,班级,手机\n");
    const ROWS: i64 = 8000;
    for i in 0..ROWS {
        text.push_str(&format!(
            "学生{i},2026{i:06},数控加工,2026,数控{}班,139{:08}\n",
            i % 20 + 1,
            i
        ));
    }
    std::fs::write(&csv, text).expect("csv");
    let csv = csv.to_string_lossy().into_owned();
    let prepare = |db: &Path| {
        run_ok(
            db,
            &[
                "programs",
                "add",
                "--json",
                r#"{"name":"数控加工","level":"高级工","length_years":3}"#,
            ],
        );
    };
    let mut killed = 0;
    for (i, ms) in MOMENTS_MS.iter().enumerate() {
        let db = dir.path().join(format!("import-{i}.db"));
        prepare(&db);
        killed += usize::from(kill_after(&db, &["import", "graduates", &csv], ms + 100));
        sound(&db, false);
        let n = count(&db, "SELECT count(*) FROM graduates");
        assert!(
            n == 0 || n == ROWS,
            "{n} of {ROWS} rows after a kill at {ms} ms"
        );
        run_ok(&db, &["import", "graduates", &csv]);
        assert_eq!(count(&db, "SELECT count(*) FROM graduates"), ROWS);
        sound(&db, false);
    }
    assert!(killed >= 2, "most kills landed during the import");
}

#[test]
fn a_sync_killed_at_any_moment_leaves_a_sound_database_that_resumes() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(&dir.path().join("server"));
    let token = server.college("4401", "广州市技师学院");
    let source = dir.path().join("source.db");
    run_ok(&source, &["demo"]);
    synced(&source, &server.url(), &token);
    for (i, ms) in MOMENTS_MS.iter().enumerate() {
        let db = dir.path().join(format!("device-{i}.db"));
        kill_after(
            &db,
            &[
                "sync",
                "--server",
                &server.url(),
                "--token",
                &token,
                "--page",
                "300",
            ],
            ms + 200,
        );
        sound(&db, true);
        synced(&db, &server.url(), &token);
        sound(&db, true);
        assert_same(
            &dump(&source),
            &dump(&db),
            "after a sync killed and resumed",
        );
    }
}
