//! Who may do what, end to end in the real window, on the demo college:
//! - `teacher_sees_only_their_class`: a teacher (班主任) added with the CLI signs in and finds only
//!   their class's graduates, no menu of the career office or the administrator, and no way to
//!   open those pages by address; signing out leads back to the sign-in page.
//! - `wrong_passwords_lock_the_account`: wrong passwords are refused with a clear message, the
//!   fifth locks the account (then even the right password is refused, saying until when), and
//!   the attempts are in the audit log, whose chain still holds.
//!
//! - `administrator_adds_a_teacher_and_reads_the_audit_log`: the administrator adds a teacher with
//!   a class on the Users page, finds that in the Audit page and checks the chain there; the new
//!   teacher then signs in and sees only that class.
//!
//! The first start's administrator and the administrator's reveal of a whole ID number (with its
//! audit entry) are in `desktop.rs` (`graduate_lifecycle`).

mod harness;
mod ui;

use std::path::Path;

use harness::{
    ADMIN, ADMIN_PASSWORD, ONE_AT_A_TIME, Session, TestResult, add_user, cli_json, ensure,
    ensure_admin, run_cli, skipped,
};
use ui::{Ui, tid};

const TEACHER: &str = "li-laoshi";
const TEACHER_PASSWORD: &str = "teacher-pass-1";

/// The demo college with its administrator, in a new folder.
fn demo_db(dir: &tempfile::TempDir) -> Result<std::path::PathBuf, String> {
    let db = dir.path().join("xiaoqi.db");
    run_cli(&db, &["demo"])?;
    ensure_admin(&db)?;
    Ok(db)
}

#[tokio::test(flavor = "multi_thread")]
async fn teacher_sees_only_their_class() -> TestResult {
    if skipped("teacher_sees_only_their_class") {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let (class, in_class) = a_class(&db)?;
    add_user(
        &db,
        TEACHER,
        "李老师",
        "teacher",
        &[&class],
        TEACHER_PASSWORD,
    )?;
    let session = Session::start_as("trust_teacher", dir, db, TEACHER, TEACHER_PASSWORD).await?;
    session
        .run(async move |ui: &Ui, _db: &Path| teacher(ui, &class, in_class).await)
        .await
}

async fn teacher(ui: &Ui, class: &str, in_class: usize) -> TestResult {
    ui.wait_text_containing(&tid("account-name"), "李老师")
        .await?;
    ui.wait_text_containing(&tid("account-name"), "教师")
        .await?;
    ui.wait_text(&tid("graduate-total"), &format!("共 {in_class} 人"))
        .await?;
    ui.wait_texts(
        &tid("graduate-row-class"),
        "only the teacher's class",
        |classes| !classes.is_empty() && classes.iter().all(|c| c == class),
    )
    .await?;
    ui.screenshot("trust-teacher").await?;
    // The career office's and the administrator's pages are not in the menu…
    for hidden in ["agreements", "statistics", "users", "audit", "employers"] {
        let shown = ui
            .wd
            .find_all(thirtyfour::By::Css(tid(&format!("nav-{hidden}"))))
            .await?;
        ensure(shown.is_empty(), || {
            format!("a teacher's menu shows {hidden}")
        })?;
    }
    // …nor open by address: the app goes back to the graduates.
    for page in ["#/agreements", "#/audit", "#/users"] {
        ui.wd
            .execute(&format!("window.location.hash = '{page}'"), Vec::new())
            .await?;
        ui.visible(&tid("graduate-total")).await?;
        let hash = ui.location_hash().await?;
        ensure(hash == "#/graduates", || {
            format!("a teacher opening {page} landed on {hash}")
        })?;
    }
    // Signing out leads to the sign-in page; the list is gone.
    ui.click(&tid("account-name")).await?;
    ui.click(&tid("account-signout")).await?;
    ui.visible(&tid("signin-form")).await?;
    ui.wait_gone(&tid("graduate-total")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_passwords_lock_the_account() -> TestResult {
    if skipped("wrong_passwords_lock_the_account") {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let session = Session::start_signed_out("trust_lockout", dir, db).await?;
    session.run(lockout).await
}

async fn lockout(ui: &Ui, db: &Path) -> TestResult {
    ui.visible(&tid("signin-form")).await?;
    for attempt in 1..=4 {
        refused(ui, ADMIN, &format!("wrong-{attempt}")).await?;
        ui.wait_text(&tid("signin-error"), "用户名或密码不正确")
            .await?;
        // The name stays for the next try.
        ui.wait_value(&tid("signin-username"), ADMIN).await?;
    }
    // An unknown name is refused in the same words.
    refused(ui, "nobody", "whatever-1").await?;
    ui.wait_text(&tid("signin-error"), "用户名或密码不正确")
        .await?;
    refused(ui, ADMIN, "wrong-5").await?;
    ui.wait_text_containing(&tid("signin-error"), "账号已锁定至")
        .await?;
    ui.screenshot("trust-locked").await?;
    // Locked: the right password is refused too, and nothing of the college is shown.
    refused(ui, ADMIN, ADMIN_PASSWORD).await?;
    ui.wait_text_containing(&tid("signin-error"), "账号已锁定至")
        .await?;
    ensure(
        ui.wd
            .find_all(thirtyfour::By::Css(tid("nav-graduates")))
            .await?
            .is_empty(),
        || "the menu shows while the account is locked".to_string(),
    )?;
    // The audit log holds every attempt, and its chain holds.
    let failed = cli_json(db, &["audit", "list", "--action", "login_failed", "--json"])?;
    ensure(failed["total"] == 7, || {
        format!("expected 7 refused sign-ins in the audit log: {failed}")
    })?;
    let verified = cli_json(db, &["audit", "verify", "--json"])?;
    ensure(verified["ok"] == true, || {
        format!("the audit chain broke: {verified}")
    })?;
    // An administrator's new password (CLI) unlocks it.
    harness::run_cli_with_input(
        db,
        &["user", "update", ADMIN, "--password-stdin"],
        "another-pass-1\n",
    )?;
    ui.sign_in(ADMIN, "another-pass-1").await?;
    ui.visible(&tid("graduate-total")).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn administrator_adds_a_teacher_and_reads_the_audit_log() -> TestResult {
    if skipped("administrator_adds_a_teacher_and_reads_the_audit_log") {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = demo_db(&dir)?;
    let (class, in_class) = a_class(&db)?;
    let session = Session::start("trust_users", dir, db).await?;
    session
        .run(async move |ui: &Ui, db: &Path| users_and_audit(ui, db, &class, in_class).await)
        .await
}

/// A class of the demo college and how many graduates it has (fewer than all).
fn a_class(db: &Path) -> Result<(String, usize), Box<dyn std::error::Error + Send + Sync>> {
    let graduates = cli_json(db, &["graduates", "list", "--json"])?;
    let all = graduates.as_array().cloned().unwrap_or_default();
    let class = all
        .iter()
        .find_map(|g| g["class_name"].as_str().map(str::to_string))
        .ok_or("the demo college has no class")?;
    let in_class = all.iter().filter(|g| g["class_name"] == class).count();
    ensure(in_class > 0 && in_class < all.len(), || {
        format!("class {class} has {in_class} of {} graduates", all.len())
    })?;
    Ok((class, in_class))
}

async fn users_and_audit(ui: &Ui, db: &Path, class: &str, in_class: usize) -> TestResult {
    ui.click(&tid("nav-users")).await?;
    ui.visible(&tid("user-total")).await?;
    ui.click_and_settle(&tid("user-add")).await?;
    ui.visible(&tid("user-form")).await?;
    ui.fill(&tid("user-username"), "zhao-laoshi").await?;
    ui.fill(&tid("user-display-name"), "赵老师").await?;
    ui.choose(&tid("user-role"), "教师").await?;
    ui.choose(&tid("user-classes"), class).await?;
    ui.fill(&tid("user-password"), TEACHER_PASSWORD).await?;
    ui.click_and_settle(&tid("user-save")).await?;
    ui.wait_gone(&tid("user-form")).await?;
    ui.wait_texts(
        &tid("user-row-display-name"),
        "the new teacher listed",
        |names| names.iter().any(|n| n == "赵老师"),
    )
    .await?;
    ui.wait_texts(
        &tid("user-row-classes"),
        "the teacher's class listed",
        |classes| classes.iter().any(|c| c == class),
    )
    .await?;
    ui.screenshot("trust-users").await?;
    // The audit log, in the app: the user added (by the administrator, no password in it)…
    ui.click(&tid("nav-audit")).await?;
    ui.wait_texts(
        &tid("audit-row-action"),
        "the user added in the log",
        |actions| actions.iter().any(|a| a == "用户管理"),
    )
    .await?;
    let added = cli_json(db, &["audit", "list", "--action", "user", "--json"])?;
    ensure(
        added["entries"].as_array().is_some_and(|e| {
            e.iter().any(|e| e["user_name"] == "测试管理员")
                && !added.to_string().contains(TEACHER_PASSWORD)
        }),
        || format!("no audit entry of the user added by the administrator: {added}"),
    )?;
    // …and its chain checked from the page.
    ui.click(&tid("audit-verify")).await?;
    ui.wait_text_containing(&tid("audit-verify-result"), "审计日志完整")
        .await?;
    ui.screenshot("trust-audit").await?;
    // The new teacher signs in and sees only their class.
    ui.click(&tid("account-name")).await?;
    ui.click(&tid("account-signout")).await?;
    ui.sign_in("zhao-laoshi", TEACHER_PASSWORD).await?;
    ui.wait_text(&tid("graduate-total"), &format!("共 {in_class} 人"))
        .await?;
    ui.wait_texts(
        &tid("graduate-row-class"),
        "only the teacher's class",
        |classes| !classes.is_empty() && classes.iter().all(|c| c == class),
    )
    .await?;
    Ok(())
}

/// Signs in with a password that is refused, and waits for the answer: the page empties the
/// password field when the backend said no.
async fn refused(ui: &Ui, username: &str, password: &str) -> TestResult {
    ui.fill(&tid("signin-username"), username).await?;
    ui.fill(&tid("signin-password"), password).await?;
    ui.click(&tid("signin-submit")).await?;
    ui.wait_value(&tid("signin-password"), "").await?;
    ui.visible(&tid("signin-error")).await?;
    Ok(())
}
