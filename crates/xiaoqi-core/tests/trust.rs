//! Users and roles, signing in, sessions, reveals and the hash-chained audit log, on real
//! database files.

use std::time::{Duration, Instant};

use rusqlite::Connection;
use xiaoqi_core::audit::{AuditQuery, Break};
use xiaoqi_core::model::{
    AgreementInput, CollegeInput, EmployerInput, GraduateInput, GraduateQuery, PlacementQuery,
    Role, UserInput,
};
use xiaoqi_core::{CoreError, Store};

const ADMIN_PASSWORD: &str = "校企通-admin-2026";
const TEACHER_PASSWORD: &str = "teacher-pass-1";

fn admin_input() -> UserInput {
    UserInput {
        username: Some("chen".into()),
        display_name: Some("陈思远".into()),
        password: Some(ADMIN_PASSWORD.into()),
        ..Default::default()
    }
}

/// The demo college in a file, with an administrator signed in.
fn demo_file() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = Store::open(&dir.path().join("xiaoqi.db")).expect("store");
    xiaoqi_core::demo::seed(&mut s, false).expect("demo");
    s.create_first_admin(&admin_input()).expect("first admin");
    (dir, s)
}

/// Two classes of the demo's 2024 cohort: the teacher's and another one.
fn two_classes(s: &Store) -> (String, String) {
    let facets = s.graduate_facets().expect("facets");
    assert!(facets.classes.len() >= 2, "the demo has several classes");
    (facets.classes[0].clone(), facets.classes[1].clone())
}

fn add_teacher(s: &mut Store, class: &str) {
    s.add_user(&UserInput {
        username: Some("wang".into()),
        display_name: Some("王老师".into()),
        role: Some(Role::Teacher),
        classes: Some(vec![class.to_string()]),
        password: Some(TEACHER_PASSWORD.into()),
        disabled: None,
    })
    .expect("teacher");
}

fn graduates_of(s: &Store, class: &str) -> Vec<String> {
    s.graduates(&GraduateQuery {
        class_name: Some(class.to_string()),
        limit: Some(1000),
        ..Default::default()
    })
    .expect("list")
    .items
    .into_iter()
    .map(|g| g.id)
    .collect()
}

#[test]
fn the_first_start_creates_one_administrator_who_is_signed_in() {
    let mut s = Store::open_in_memory().expect("store");
    assert!(!s.has_users().expect("users"));
    let admin = s.create_first_admin(&admin_input()).expect("admin");
    assert_eq!(admin.role, Role::Admin);
    assert_eq!(s.actor().map(|a| a.name.as_str()), Some("陈思远"));
    // A second "first" administrator is refused.
    let again = s.create_first_admin(&UserInput {
        username: Some("li".into()),
        ..admin_input()
    });
    assert!(matches!(again, Err(CoreError::Invalid(_))));
    // The password is kept as an argon2id hash, never as typed.
    let stored: String = s
        .connection()
        .query_row("SELECT password_hash FROM users", [], |r| r.get(0))
        .expect("hash");
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains(ADMIN_PASSWORD));
}

#[test]
fn a_new_user_needs_a_name_a_role_and_a_long_enough_password() {
    let mut s = Store::open_in_memory().expect("store");
    s.create_first_admin(&admin_input()).expect("admin");
    let e = s
        .add_user(&UserInput {
            username: Some("CHEN".into()),
            password: Some("short".into()),
            role: Some(Role::Teacher),
            ..Default::default()
        })
        .expect_err("refused");
    let codes: Vec<&str> = e.fields().iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "display_name.required",
            "password.too_short",
            "classes.required",
            "username.taken"
        ]
    );
    assert_eq!(s.users().expect("users").len(), 1, "nothing was added");
}

#[test]
fn wrong_passwords_lock_the_account_and_every_attempt_is_logged() {
    let mut s = Store::open_in_memory().expect("store");
    s.create_first_admin(&admin_input()).expect("admin");
    s.sign_out("user").expect("out");
    assert!(matches!(
        s.sign_in("nobody", ADMIN_PASSWORD),
        Err(CoreError::WrongPassword)
    ));
    for _ in 0..4 {
        assert!(matches!(
            s.sign_in("chen", "wrong password"),
            Err(CoreError::WrongPassword)
        ));
    }
    // The fifth wrong password locks the account; then even the right one is refused.
    assert!(matches!(
        s.sign_in("chen", "wrong password"),
        Err(CoreError::AccountLocked { .. })
    ));
    let locked = s.sign_in("chen", ADMIN_PASSWORD).expect_err("locked");
    assert!(matches!(locked, CoreError::AccountLocked { .. }));
    assert!(locked.to_string().contains("锁定"), "{locked}");
    assert!(s.actor().is_none(), "nobody is signed in");
    // Every attempt is in the log, the typed wrong password nowhere.
    let log: Vec<(String, Option<String>)> = s
        .connection()
        .prepare("SELECT action, detail FROM audit_log WHERE action LIKE 'login%' ORDER BY seq")
        .expect("sql")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("log");
    let failed = log.iter().filter(|(a, _)| a == "login_failed").count();
    assert_eq!(failed, 7, "{log:?}");
    let dump: String = s
        .connection()
        .query_row(
            "SELECT group_concat(coalesce(detail, '') || user_name) FROM audit_log",
            [],
            |r| r.get(0),
        )
        .expect("dump");
    assert!(!dump.contains("wrong password"));
}

#[test]
fn an_administrator_resets_a_locked_password_and_the_user_signs_in_again() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("xiaoqi.db");
    let mut s = Store::open(&path).expect("store");
    s.create_first_admin(&admin_input()).expect("admin");
    s.add_user(&UserInput {
        username: Some("zhao".into()),
        display_name: Some("赵老师".into()),
        role: Some(Role::Staff),
        password: Some("zhao-password".into()),
        ..Default::default()
    })
    .expect("staff");
    s.sign_out("user").expect("out");
    for _ in 0..5 {
        let _ = s.sign_in("zhao", "not it");
    }
    assert!(s.user("zhao").expect("user").locked_until.is_some());
    s.sign_in("chen", ADMIN_PASSWORD).expect("admin signs in");
    s.update_user(
        "zhao",
        &UserInput {
            password: Some("new-zhao-password".into()),
            ..Default::default()
        },
    )
    .expect("reset");
    s.sign_out("user").expect("out");
    let zhao = s.sign_in("ZHAO", "new-zhao-password").expect("signed in");
    assert_eq!(zhao.role, Role::Staff);
    assert_eq!(zhao.failed_logins, 0);
    assert!(zhao.locked_until.is_none());
}

#[test]
fn nothing_is_read_or_written_between_sessions_and_an_idle_session_ends() {
    let (_dir, mut s) = demo_file();
    s.set_idle_minutes(10).expect("setting");
    s.sign_out("user").expect("out");
    assert!(matches!(
        s.graduates(&GraduateQuery::default()),
        Err(CoreError::SignedOut)
    ));
    let before = s.pending_changes().expect("pending");
    assert!(matches!(
        s.create_graduate(&GraduateInput {
            name: Some("李明".into()),
            ..Default::default()
        }),
        Err(CoreError::SignedOut)
    ));
    assert_eq!(s.pending_changes().expect("pending"), before);

    s.sign_in("chen", ADMIN_PASSWORD).expect("in");
    let start = Instant::now();
    s.touch_session(start + Duration::from_secs(9 * 60))
        .expect("active within the idle time");
    // Nine more minutes after the last activity: still within ten.
    s.touch_session(start + Duration::from_secs(18 * 60))
        .expect("still active");
    let expired = s.touch_session(start + Duration::from_secs(29 * 60));
    assert!(matches!(expired, Err(CoreError::SessionExpired)));
    assert!(s.actor().is_none());
    let (entries, _) = {
        s.sign_in("chen", ADMIN_PASSWORD).expect("in again");
        s.audit_entries(&AuditQuery {
            action: Some("logout".into()),
            ..Default::default()
        })
        .expect("log")
    };
    assert!(
        entries
            .first()
            .and_then(|e| e.detail.as_deref())
            .is_some_and(|d| d.contains("idle")),
        "{entries:?}"
    );
}

#[test]
fn a_teacher_sees_and_edits_only_their_own_classes() {
    let (_dir, mut s) = demo_file();
    let (mine, other) = two_classes(&s);
    let my_ids = graduates_of(&s, &mine);
    let other_ids = graduates_of(&s, &other);
    assert!(!my_ids.is_empty() && !other_ids.is_empty());
    add_teacher(&mut s, &mine);
    s.sign_out("user").expect("out");
    s.sign_in("wang", TEACHER_PASSWORD).expect("teacher");

    // Lists, facets and placements hold their class only.
    let seen = s
        .graduates(&GraduateQuery {
            limit: Some(5000),
            ..Default::default()
        })
        .expect("list");
    assert_eq!(seen.total as usize, my_ids.len());
    assert!(
        seen.items
            .iter()
            .all(|g| g.class_name.as_deref() == Some(mine.as_str()))
    );
    assert_eq!(
        s.graduate_facets().expect("facets").classes,
        vec![mine.clone()]
    );
    assert!(graduates_of(&s, &other).is_empty());
    let placements = s
        .placements(&PlacementQuery {
            limit: Some(5000),
            ..Default::default()
        })
        .expect("placements");
    assert!(
        placements
            .items
            .iter()
            .all(|p| p.class_name.as_deref() == Some(mine.as_str()))
    );
    assert!(matches!(
        s.graduate(&other_ids[0]),
        Err(CoreError::NotFound { .. })
    ));
    // The names behind the school's figures are not theirs to read.
    assert!(matches!(
        s.graduates_behind(&Default::default()),
        Err(CoreError::Forbidden { .. })
    ));

    // Their own student: edited, and the edit is recorded under their name.
    let notes = GraduateInput {
        notes: Some("已电话回访".into()),
        ..Default::default()
    };
    s.update_graduate(&my_ids[0], &notes).expect("own class");
    let by: Option<String> = s
        .connection()
        .query_row(
            "SELECT user_name FROM outbox WHERE row_id = ?1 ORDER BY seq DESC LIMIT 1",
            [&my_ids[0]],
            |r| r.get(0),
        )
        .expect("outbox");
    assert_eq!(by.as_deref(), Some("王老师"));
    let outgoing = s.outgoing(100_000).expect("outgoing");
    let last = outgoing.last().expect("a mutation");
    assert_eq!(
        last.user.as_deref(),
        Some("王老师"),
        "the name travels with the change"
    );

    // Another class's student, moving one out of the class, employers, agreements: refused,
    // and nothing is written.
    let pending = s.pending_changes().expect("pending");
    for refused in [
        s.update_graduate(&other_ids[0], &notes).map(|_| ()),
        s.update_graduate(
            &my_ids[0],
            &GraduateInput {
                class_name: Some(other.clone()),
                ..Default::default()
            },
        )
        .map(|_| ()),
        s.create_employer(&EmployerInput {
            name: Some("东莞市新开制造有限公司".into()),
            ..Default::default()
        })
        .map(|_| ()),
    ] {
        let e = refused.expect_err("refused");
        assert!(
            matches!(e, CoreError::Forbidden { .. } | CoreError::NotFound { .. }),
            "{e:?}"
        );
    }
    assert_eq!(s.pending_changes().expect("pending"), pending);
}

#[test]
fn staff_may_not_change_agreements_the_college_or_export_whole_numbers() {
    let (dir, mut s) = demo_file();
    s.add_user(&UserInput {
        username: Some("zhao".into()),
        display_name: Some("赵干事".into()),
        role: Some(Role::Staff),
        password: Some("zhao-password".into()),
        ..Default::default()
    })
    .expect("staff");
    s.sign_out("user").expect("out");
    s.sign_in("zhao", "zhao-password").expect("staff");
    let agreement = s
        .agreements(&Default::default())
        .expect("agreements")
        .into_iter()
        .find(|a| a.status == xiaoqi_core::model::AgreementStatus::Draft)
        .expect("a draft agreement");
    let e = s
        .update_agreement(
            &agreement.id,
            &AgreementInput {
                title: Some("改过的标题".into()),
                ..Default::default()
            },
        )
        .expect_err("admin only");
    assert!(e.to_string().contains("不能修改合作协议"), "{e}");
    assert!(matches!(
        s.update_college(&CollegeInput {
            name: Some("别的学校".into()),
            ..Default::default()
        }),
        Err(CoreError::Forbidden { .. })
    ));
    let out = dir.path().join("graduates.xlsx");
    let e = xiaoqi_core::export::export(
        &s,
        xiaoqi_core::export::ExportKind::Graduates,
        &Default::default(),
        true,
        &out,
        None,
    )
    .expect_err("whole numbers are for administrators");
    assert!(matches!(e, CoreError::Forbidden { .. }));
    assert!(!out.exists());
    // Masked, the export goes through and is logged.
    xiaoqi_core::export::export(
        &s,
        xiaoqi_core::export::ExportKind::Graduates,
        &Default::default(),
        false,
        &out,
        None,
    )
    .expect("masked export");
    assert!(matches!(
        s.reveal_graduate(&agreement.id),
        Err(CoreError::Forbidden { .. })
    ));
    s.sign_out("user").expect("out");
    s.sign_in("chen", ADMIN_PASSWORD).expect("admin");
    let (exports, _) = s
        .audit_entries(&AuditQuery {
            action: Some("export".into()),
            ..Default::default()
        })
        .expect("log");
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].user_name, "赵干事");
    assert!(
        exports[0]
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("\"whole_ids\":false"))
    );
}

#[test]
fn an_administrators_reveal_is_logged_without_the_number_itself() {
    let (_dir, s) = demo_file();
    let g = s
        .graduates(&GraduateQuery {
            limit: Some(50),
            ..Default::default()
        })
        .expect("list")
        .items
        .into_iter()
        .find(|g| g.id_number.is_some())
        .expect("a graduate with an ID number");
    let revealed = s.reveal_graduate(&g.id).expect("reveal");
    assert_eq!(revealed.id_number, g.id_number);
    let (entries, _) = s
        .audit_entries(&AuditQuery {
            action: Some("reveal".into()),
            ..Default::default()
        })
        .expect("log");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].row_id.as_deref(), Some(g.id.as_str()));
    assert!(entries[0].fields.contains(&"id_number".to_string()));
    assert_eq!(entries[0].user_name, "陈思远");
    // No personal value anywhere in the log, though every demo graduate's insert is there.
    let id_number = g.id_number.expect("id");
    let hits: i64 = s
        .connection()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE instr(coalesce(detail, '') || fields || user_name, ?1) > 0",
            [&id_number],
            |r| r.get(0),
        )
        .expect("scan");
    assert_eq!(hits, 0);
    let inserts: i64 = s
        .connection()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'insert' AND table_name = 'graduates'",
            [],
            |r| r.get(0),
        )
        .expect("inserts");
    assert!(inserts > 1000, "every change is logged: {inserts}");
}

fn program(i: usize) -> xiaoqi_core::model::ProgramInput {
    serde_json::from_value(serde_json::json!({
        "name": format!("专业{i}"), "level": "高级工", "length_years": 3,
    }))
    .expect("program input")
}

/// Opens the file beside the store, as someone with a SQLite tool would, triggers dropped.
fn tamper(path: &std::path::Path, sql: &str) {
    let c = Connection::open(path).expect("raw");
    c.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql}"
    ))
    .expect("tamper");
}

#[test]
fn the_chain_holds_and_names_the_first_entry_edited_or_deleted() {
    for (sql, at, reason) in [
        (
            "UPDATE audit_log SET user_name = '别人' WHERE seq = 5",
            5,
            Break::Altered,
        ),
        ("DELETE FROM audit_log WHERE seq = 7", 7, Break::Missing),
        (
            "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
            -1,
            Break::Missing,
        ),
        // Its stored hash overwritten.
        (
            "UPDATE audit_log SET hash = '0000000000000000000000000000000000000000000000000000000000000001' WHERE seq = 3",
            3,
            Break::Altered,
        ),
    ] {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("xiaoqi.db");
        let mut s = Store::open(&path).expect("store");
        s.create_first_admin(&admin_input()).expect("admin");
        for i in 0..10 {
            s.create_program(&program(i)).expect("program");
        }
        let good = s.audit_verify().expect("verify");
        assert!(good.holds(), "{}", good.message());
        let last = good.entries;
        // Nobody edits through SQLite while the triggers stand.
        let raw = Connection::open(&path).expect("raw");
        assert!(
            raw.execute("DELETE FROM audit_log WHERE seq = 1", [])
                .is_err()
        );
        assert!(
            raw.execute("UPDATE audit_log SET action = 'x' WHERE seq = 1", [])
                .is_err()
        );
        drop(raw);
        drop(s);
        tamper(&path, sql);
        let s = Store::open(&path).expect("reopen");
        let v = s.audit_verify().expect("verify");
        let at = if at < 0 { last } else { at };
        assert_eq!(
            (v.broken_at, v.reason),
            (Some(at), Some(reason)),
            "{sql}: {}",
            v.message()
        );
        assert!(
            v.message().contains(&format!("第 {at} 条")),
            "{}",
            v.message()
        );
    }
}

#[test]
fn entries_put_in_another_order_break_the_chain_where_the_order_changes() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("xiaoqi.db");
    let mut s = Store::open(&path).expect("store");
    s.create_first_admin(&admin_input()).expect("admin");
    for i in 0..3 {
        s.create_program(&program(i)).expect("program");
    }
    drop(s);
    // Swap two entries' contents wholesale (each keeps a valid hash of its own): the chain
    // shows where the order no longer follows.
    tamper(
        &path,
        "UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; \
         UPDATE audit_log SET seq = 3 WHERE seq = 100;",
    );
    let v = Store::open(&path)
        .expect("reopen")
        .audit_verify()
        .expect("verify");
    assert!(!v.holds());
    assert_eq!(v.broken_at, Some(2), "{}", v.message());
}

#[test]
fn a_disabled_account_says_so_only_to_the_right_password() {
    let mut s = Store::open_in_memory().expect("store");
    s.create_first_admin(&admin_input()).expect("admin");
    s.add_user(&UserInput {
        username: Some("zhao".into()),
        display_name: Some("赵干事".into()),
        role: Some(Role::Staff),
        password: Some("zhao-password".into()),
        ..Default::default()
    })
    .expect("staff");
    s.update_user(
        "zhao",
        &UserInput {
            disabled: Some(true),
            ..Default::default()
        },
    )
    .expect("disabled");
    s.sign_out("user").expect("out");
    assert!(matches!(
        s.sign_in("zhao", "guessing"),
        Err(CoreError::WrongPassword)
    ));
    assert!(matches!(
        s.sign_in("zhao", "zhao-password"),
        Err(CoreError::AccountDisabled)
    ));
    assert!(s.actor().is_none());
}
