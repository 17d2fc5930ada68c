//! Backups, end to end in the real desktop app (UI embedded, a real window under Xvfb, driven
//! through `tauri-driver` + WebKitWebDriver), on the demo college seeded through the `xiaoqi` CLI:
//!
//! - `restore_a_backup_from_settings`: the app makes its daily backup into `backups/` beside the
//!   database as it starts. A graduate is then added through the CLI while the app runs. On 设置,
//!   备份与恢复 lists that backup and a file in the folder that is not a backup; restoring the
//!   latter is refused with the reason and changes nothing; restoring the automatic backup asks
//!   first (the college, the counts, the name the current data is kept aside under), then the
//!   page reloads saying what was restored. The CLI finds the database as the backup had it (the
//!   graduate added after it gone) and the kept-aside database with that graduate; the app's
//!   graduates page, read from the reopened store, shows the restored records.
//!
//! Same needs as `desktop.rs` (`make e2e`); screenshots and logs go to `tests/artifacts/`.

mod harness;
mod ui;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use harness::{ONE_AT_A_TIME, Session, TestResult, cli_json, ensure, run_cli, skipped};
use ui::{Ui, tid};

/// A file in the backups folder named like a backup, which is not one.
const NOT_A_BACKUP: &str = "xiaoqi-20200101-000000.db";
const AFTER_BACKUP: &str = "20999999";

#[tokio::test(flavor = "multi_thread")]
async fn restore_a_backup_from_settings() -> TestResult {
    let name = "backups_restore";
    if skipped(name) {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("backups"))?;
    let db = data.join("xiaoqi.db");
    run_cli(&db, &["demo"])?;
    std::fs::write(
        data.join("backups").join(NOT_A_BACKUP),
        "姓名,学号\n张三,2021001\n".repeat(50),
    )?;
    let session = Session::start(name, dir, db).await?;
    session
        .run(async move |ui: &Ui, db: &Path| restore(ui, db).await)
        .await
}

fn graduates(db: &Path) -> Result<usize, String> {
    let listed = cli_json(db, &["graduates", "list", "--json"])?;
    Ok(listed.as_array().map(Vec::len).unwrap_or(0))
}

/// The daily backup the app makes as it starts (any backup but the planted file).
async fn automatic_backup(folder: &Path) -> Result<PathBuf, String> {
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(folder)
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with("xiaoqi-") && n.ends_with(".db") && n != NOT_A_BACKUP
                })
            });
        if let Some(found) = found {
            return Ok(found);
        }
        if start.elapsed() > Duration::from_secs(60) {
            return Err(format!(
                "the app made no backup in {} within 60 s",
                folder.display()
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn restore(ui: &Ui, db: &Path) -> TestResult {
    let data = db.parent().ok_or("the database has a folder")?;
    let folder = data.join("backups");
    let backup = automatic_backup(&folder).await?;
    let backed_up = graduates(&backup)?;
    ensure(backed_up > 1000, || {
        format!("the demo's backup holds {backed_up} graduates")
    })?;
    let college = cli_json(db, &["college", "get", "--json"])?["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    // A graduate added after the backup, while the app runs.
    let program = cli_json(db, &["programs", "list", "--json"])?[0]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    run_cli(
        db,
        &[
            "graduates",
            "add",
            "--json",
            &serde_json::json!({
                "name": "备份之后",
                "student_number": AFTER_BACKUP,
                "program": program,
                "cohort": 2025,
            })
            .to_string(),
        ],
    )?;
    ensure(graduates(db)? == backed_up + 1, || {
        "the graduate added after the backup".to_string()
    })?;

    // ---- 设置 → 备份与恢复 --------------------------------------------------------------------------
    ui.click(&tid("nav-settings")).await?;
    ui.visible(&tid("settings-backup")).await?;
    ui.wait_texts(&tid("backup-time"), "two backups listed", |times| {
        times.len() == 2
    })
    .await?;
    ui.wait_text_containing(&tid("backup-folder"), "backups")
        .await?;

    // The planted file (the older row): refused with the reason, nothing changes.
    into_view(ui, "backup-list").await?;
    ui.click("(//tr[@data-testid='backup-row'])[2]//*[@data-testid='backup-restore']")
        .await?;
    ui.wait_text_containing(&tid("backup-error"), "不是校企通的备份文件")
        .await?;
    ui.screenshot("backups-refused").await?;
    ensure(graduates(db)? == backed_up + 1, || {
        "a refused restore changed the database".to_string()
    })?;

    // The automatic backup: the confirmation says what will happen.
    into_view(ui, "backup-list").await?;
    ui.click("(//tr[@data-testid='backup-row'])[1]//*[@data-testid='backup-restore']")
        .await?;
    ui.visible(&tid("restore-dialog")).await?;
    let plan = ui
        .wait_text_containing(&tid("restore-plan"), &college)
        .await?;
    let count = format_thousands(backed_up);
    ensure(plan.contains(&format!("毕业生 {count} 名")), || {
        format!("the confirmation says {plan}")
    })?;
    ui.wait_text_containing(&tid("restore-kept-aside"), "xiaoqi.before-restore-")
        .await?;
    ui.screenshot("backups-confirm").await?;
    ui.click(&tid("restore-confirm")).await?;

    // The restored database has its own users: the app signs out and the administrator signs in
    // again, back on the settings page.
    ui.sign_in(harness::ADMIN, harness::ADMIN_PASSWORD).await?;
    // The page reloads and says what was restored and where the data before it went.
    let said = ui
        .wait_text_containing(&tid("backup-restored"), "恢复前的数据已另存为")
        .await?;
    ui.screenshot("backups-restored").await?;
    let aside = said
        .split("另存为")
        .nth(1)
        .map(|p| PathBuf::from(p.trim()))
        .ok_or_else(|| format!("no kept-aside path in {said}"))?;

    // The database is the backup's; the one from before is kept aside with the added graduate.
    ensure(graduates(db)? == backed_up, || {
        "the restored database does not hold the backup's graduates".to_string()
    })?;
    ensure(
        run_cli(db, &["graduates", "get", AFTER_BACKUP, "--json"]).is_err(),
        || "the graduate added after the backup is still there".to_string(),
    )?;
    ensure(aside.is_file(), || {
        format!("{} was not kept aside", aside.display())
    })?;
    ensure(graduates(&aside)? == backed_up + 1, || {
        format!("{} is not the database from before", aside.display())
    })?;
    ensure(
        run_cli(&aside, &["graduates", "get", AFTER_BACKUP, "--json"]).is_ok(),
        || "the kept-aside database lost the graduate added after the backup".to_string(),
    )?;

    // The app shows the restored records and keeps working on them.
    ui.click(&tid("nav-graduates")).await?;
    ui.wait_text(&tid("graduate-total"), &format!("共 {count} 人"))
        .await?;
    ui.fill(&tid("graduate-search"), AFTER_BACKUP).await?;
    ui.wait_text(&tid("graduate-total"), "共 0 人").await?;
    ui.fill(&tid("graduate-search"), "").await?;
    ui.wait_text(&tid("graduate-total"), &format!("共 {count} 人"))
        .await?;
    Ok(())
}

/// Scrolls the settings page (it scrolls as a whole) to the element with this test id.
async fn into_view(ui: &Ui, testid: &str) -> TestResult {
    ui.wd
        .execute(
            format!(
                "document.querySelector(\"[data-testid='{testid}']\").scrollIntoView({{ block: 'center' }})"
            ),
            Vec::new(),
        )
        .await?;
    ui.wait_still().await?;
    Ok(())
}

/// 1560 → "1,560", as the UI writes counts.
fn format_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
