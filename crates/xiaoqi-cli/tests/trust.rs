//! `xiaoqi user …` and `xiaoqi audit verify|list|export` as an administrator runs them: users
//! added with their password from standard input, every command's edits in the audit log under
//! the account that ran it, and a tampered log caught with exit 1 naming the entry.

mod common;

use common::*;

fn add_user(d: &Db, args: &[&str], password: &str) -> String {
    stdout(
        xiaoqi(d)
            .args(["user", "add"])
            .args(args)
            .write_stdin(format!("{password}\n")),
    )
    .trim()
    .to_string()
}

#[test]
fn users_are_added_listed_and_their_passwords_never_shown() {
    let d = db();
    add_user(
        &d,
        &["--username", "chen", "--name", "陈思远", "--role", "admin"],
        "admin-password-1",
    );
    add_user(
        &d,
        &[
            "--username",
            "wang",
            "--name",
            "王老师",
            "--role",
            "教师",
            "--class",
            "机器人1班",
            "--class",
            "机器人2班",
        ],
        "teacher-password",
    );
    let users = json(xiaoqi(&d).args(["user", "list", "--json"]));
    let users = users.as_array().expect("list");
    assert_eq!(users.len(), 2);
    assert_eq!(users[1]["role"], "teacher");
    assert_eq!(
        users[1]["classes"],
        serde_json::json!(["机器人1班", "机器人2班"])
    );
    let text = stdout(xiaoqi(&d).args(["user", "list"]));
    assert!(text.contains("王老师") && text.contains("教师"), "{text}");
    assert!(!text.contains("teacher-password"));
    assert!(!users.iter().any(|u| u.to_string().contains("argon2")));

    // A teacher without a class, a short password, an unknown role: refused, named.
    let (code, err) = fails(
        xiaoqi(&d)
            .args([
                "user",
                "add",
                "--username",
                "li",
                "--name",
                "李老师",
                "--role",
                "teacher",
            ])
            .write_stdin("short\n"),
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("密码至少 8 个字符") && err.contains("至少要有一个班级"),
        "{err}"
    );
    let (code, err) = fails(
        xiaoqi(&d)
            .args([
                "user",
                "add",
                "--username",
                "li",
                "--name",
                "李",
                "--role",
                "boss",
            ])
            .write_stdin("long-enough-pw\n"),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("未知的角色"), "{err}");
    // The last administrator cannot be demoted.
    let (code, err) = fails(xiaoqi(&d).args(["user", "update", "chen", "--role", "staff"]));
    assert_eq!(code, 1);
    assert!(err.contains("唯一的管理员"), "{err}");
}

#[test]
fn audit_verify_passes_on_a_used_database_and_names_an_edited_or_deleted_entry() {
    let d = db();
    stdout(xiaoqi(&d).arg("demo"));
    add_user(
        &d,
        &["--username", "chen", "--name", "陈思远", "--role", "admin"],
        "admin-password-1",
    );
    let out = stdout(xiaoqi(&d).args(["audit", "verify"]));
    assert!(out.contains("审计日志完整"), "{out}");
    let v = json(xiaoqi(&d).args(["audit", "verify", "--json"]));
    assert_eq!(v["ok"], true);
    let entries = v["entries"].as_i64().expect("entries");
    assert!(entries > 1000, "the demo's inserts are logged: {entries}");

    // The command line's edits are recorded under the account that ran it.
    let list = json(xiaoqi(&d).args(["audit", "list", "--action", "user", "--json"]));
    let by = list["entries"][0]["user_name"].as_str().expect("name");
    assert!(by.starts_with("命令行"), "{by}");

    // The log exported is itself logged.
    let file = d.path.with_file_name("审计日志.xlsx");
    let (code, err) = fails(xiaoqi(&d).args(["audit", "export"]).arg(&file));
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata(&file).expect("written").len() > 1000);
    let exports = json(xiaoqi(&d).args(["audit", "list", "--action", "export", "--json"]));
    assert_eq!(exports["total"], 1);

    // Someone edits entry 42 with a SQLite tool (the triggers dropped first).
    let raw = rusqlite::Connection::open(&d.path).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_name = '别人' WHERE seq = 42;",
    )
    .expect("tamper");
    drop(raw);
    let out = xiaoqi(&d).args(["audit", "verify"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("第 42 条") && text.contains("被修改"),
        "{text}"
    );
    let v = json_exit(xiaoqi(&d).args(["audit", "verify", "--json"]), 1);
    assert_eq!(
        (v["ok"].clone(), v["broken_at"].clone(), v["reason"].clone()),
        (
            serde_json::json!(false),
            serde_json::json!(42),
            serde_json::json!("altered")
        )
    );
}

#[test]
fn a_deleted_entry_is_named_and_the_command_exits_1() {
    let d = db();
    add_user(
        &d,
        &["--username", "chen", "--name", "陈思远", "--role", "admin"],
        "admin-password-1",
    );
    for name in ["数控技术", "工业机器人应用与维护", "人工智能技术应用"] {
        stdout(xiaoqi(&d).args([
            "programs",
            "add",
            "--json",
            &format!(r#"{{"name":"{name}","level":"高级工","length_years":3}}"#),
        ]));
    }
    let raw = rusqlite::Connection::open(&d.path).expect("raw");
    raw.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;")
        .expect("tamper");
    drop(raw);
    let out = xiaoqi(&d).args(["audit", "verify"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("第 3 条记录缺失"), "{text}");
}

/// Runs, expects exit `code`, parses stdout as JSON.
fn json_exit(c: &mut assert_cmd::Command, code: i32) -> serde_json::Value {
    let out = c.output().expect("run");
    assert_eq!(out.status.code(), Some(code));
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn retention_is_set_and_old_cohorts_purged_from_the_command_line() {
    let d = db();
    stdout(xiaoqi(&d).arg("demo"));
    let (code, err) = fails(xiaoqi(&d).args(["retention", "purge"]));
    assert_eq!(code, 1);
    assert!(err.contains("尚未设置"), "{err}");
    stdout(xiaoqi(&d).args(["retention", "set", "1"]));
    assert!(stdout(xiaoqi(&d).args(["retention", "show"])).contains("保存 1 年"));
    let dry = json(xiaoqi(&d).args(["retention", "purge", "--dry-run", "--json"]));
    assert_eq!(dry["dry_run"], true);
    let n = dry["graduates"].as_u64().expect("count");
    assert!(n > 0);
    let done = json(xiaoqi(&d).args(["retention", "purge", "--json"]));
    assert_eq!(done["graduates"].as_u64(), Some(n));
    let purged = json(xiaoqi(&d).args(["audit", "list", "--action", "purge", "--json"]));
    assert_eq!(purged["total"], 1);
    let (code, err) = fails(xiaoqi(&d).args(["retention", "set", "many"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn backups_and_restores_are_in_the_audit_log() {
    let d = db();
    stdout(xiaoqi(&d).arg("demo"));
    let file = d.path.with_file_name("备份.db");
    stdout(xiaoqi(&d).arg("backup").arg(&file));
    let backups = json(xiaoqi(&d).args(["audit", "list", "--action", "backup", "--json"]));
    assert_eq!(backups["total"], 1, "{backups}");
    assert!(
        backups["entries"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("备份.db"))
    );
    stdout(xiaoqi(&d).arg("restore").arg(&file));
    // The restored database holds its own log up to the backup, then the restore.
    let restores = json(xiaoqi(&d).args(["audit", "list", "--action", "restore", "--json"]));
    assert_eq!(restores["total"], 1, "{restores}");
    let by = restores["entries"][0]["user_name"].as_str().expect("who");
    assert!(by.starts_with("命令行"), "{by}");
    stdout(xiaoqi(&d).args(["audit", "verify"]));
}
