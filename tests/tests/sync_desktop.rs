//! Sync in the real desktop app, end to end: a real `xiaoqi-server` process on loopback, two PCs'
//! databases made and synced with the `xiaoqi` CLI, the same graduate's class changed on both, and
//! then the app (UI embedded, a real window under Xvfb, driven through `tauri-driver` +
//! WebKitWebDriver) opened on the second PC's database: the server is set up on the settings page
//! and tested, the conflict is shown with both values, one is kept, and a click on the header's
//! sync state sends the resolution, which the first PC then receives.
//!
//! And the province: a server seeded with the demo province (`xiaoqi-server demo`), the app on a
//! fresh database given the provincial token on the settings page, which then opens on the
//! province overview showing the figures the server prints (`xiaoqi-server figures --json`) and
//! offers no college pages.
//!
//! Needs the app built with its UI embedded and the server and CLI built (`make e2e` builds them
//! with `make build`), Xvfb, WebKitWebDriver and tauri-driver. Screenshots and logs go to
//! `tests/artifacts/`.

mod harness;
mod ui;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use harness::{
    BUILD_APP, ONE_AT_A_TIME, Session, TestResult, cli_add, cli_json, ensure, run_cli, skipped,
};
use serde_json::{Value, json};
use ui::{Ui, tid};
use xiaoqi_tests::{ProcessGroup, artifacts_dir, built_binary, free_port, wait_for_port};

const PROGRAM: &str = "工业机器人应用与维护";
const GRADUATE: &str = "张三";
const STUDENT_NUMBER: &str = "2025001";
/// The class as first entered, then as each PC changed it at the same time.
const CLASS: &str = "机器人1班";
const CLASS_A: &str = "机器人2班";
const CLASS_B: &str = "机器人3班";
/// Who works on the second PC, as the app's settings name them.
const USER_B: &str = "李老师";

/// A `xiaoqi-server` process on a free loopback port with its own data directory; dropping it
/// ends the process.
struct Server {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    _process: ProcessGroup,
}

impl Server {
    fn start(data: &Path) -> Result<Server, String> {
        let bin = built_binary("xiaoqi-server", BUILD_APP)?;
        let port = free_port();
        let log = std::fs::File::create(artifacts_dir().join("sync_desktop-server.log"))
            .map_err(|e| format!("cannot create the server's log: {e}"))?;
        let mut cmd = Command::new(&bin);
        cmd.arg("--data")
            .arg(data)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        let process = ProcessGroup::spawn("xiaoqi-server", cmd)?;
        wait_for_port(port, Duration::from_secs(20), "xiaoqi-server to listen")?;
        Ok(Server {
            bin,
            data: data.to_path_buf(),
            port,
            _process: process,
        })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Runs an admin command on the server's data; returns its stdout, trimmed.
    fn admin(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new(&self.bin)
            .arg("--data")
            .arg(&self.data)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run xiaoqi-server: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "xiaoqi-server {args:?} failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

/// `xiaoqi sync` of one PC's database; returns the report.
fn sync(db: &Path, server: &Server, token: &str) -> Result<Value, String> {
    cli_json(
        db,
        &[
            "sync",
            "--server",
            &server.url(),
            "--token",
            token,
            "--json",
        ],
    )
}

fn class_of(db: &Path, graduate: &str) -> Result<String, String> {
    let g = cli_json(db, &["graduates", "get", graduate, "--json"])?;
    Ok(g["class_name"].as_str().unwrap_or_default().to_string())
}

fn conflicts(db: &Path) -> Result<Vec<Value>, String> {
    let list = cli_json(db, &["conflicts", "list", "--json"])?;
    list.as_array()
        .cloned()
        .ok_or_else(|| format!("conflicts list: expected an array, got {list}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conflict_resolved_in_the_app_reaches_the_other_pc() -> TestResult {
    if skipped("sync_conflict") {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let work = tempfile::tempdir()?;
    let server = Server::start(&work.path().join("server"))?;
    server.admin(&[
        "college",
        "add",
        "--code",
        "4419",
        "--name",
        "东莞市技师学院",
    ])?;
    let token = server.admin(&["token", "issue", "--college", "4419"])?;
    ensure(!token.is_empty(), || "no token issued".to_string())?;

    // Two PCs of the college: A enters the graduate, both sync, B has it too.
    let a = work.path().join("A.db");
    let b = work.path().join("B.db");
    cli_add(
        &a,
        "programs",
        json!({ "name": PROGRAM, "level": "高级工", "length_years": 3 }),
    )?;
    let graduate = cli_add(
        &a,
        "graduates",
        json!({
            "name": GRADUATE, "student_number": STUDENT_NUMBER, "program": PROGRAM,
            "cohort": 2025, "class_name": CLASS,
        }),
    )?;
    let first = sync(&a, &server, &token)?;
    ensure(first["bound"] == json!(true), || {
        format!("A's first sync should bind it: {first}")
    })?;
    sync(&b, &server, &token)?;
    ensure(class_of(&b, &graduate)? == CLASS, || {
        "B did not receive the graduate".to_string()
    })?;

    // The same field changed on both PCs before either syncs: B's later push wins on the
    // server, and a conflict is recorded that both PCs receive.
    let update = |db: &Path, class: &str| {
        run_cli(
            db,
            &[
                "graduates",
                "update",
                &graduate,
                "--json",
                &json!({ "class_name": class }).to_string(),
            ],
        )
    };
    update(&a, CLASS_A)?;
    update(&b, CLASS_B)?;
    sync(&a, &server, &token)?;
    let pushed = sync(&b, &server, &token)?;
    ensure(pushed["conflicts"] == json!(1), || {
        format!("B's push should record one conflict: {pushed}")
    })?;
    sync(&a, &server, &token)?;
    let open = conflicts(&b)?;
    ensure(
        open.len() == 1 && open[0]["resolved_at"].is_null() && open[0]["column"] == "class_name",
        || format!("B should hold one open conflict on the class: {open:?}"),
    )?;
    ensure(class_of(&b, &graduate)? == CLASS_B, || {
        "B should hold its own value until the conflict is resolved".to_string()
    })?;

    // The app on B's database: resolve the conflict there, then set up the server and sync.
    let session = Session::start("sync_conflict", tempfile::tempdir()?, b.clone()).await?;
    let url = server.url();
    let result = session
        .run(async |ui: &Ui, _db: &Path| resolve_and_sync(ui, &url, &token).await)
        .await;
    result?;

    // B (read after the app closed): resolved, the kept value in the record, nothing waiting.
    let after = conflicts(&b)?;
    ensure(
        after.len() == 1
            && after[0]["resolved_at"].is_string()
            && after[0]["resolved_by"] == USER_B
            && after[0]["resolution"] == "lost",
        || format!("B's conflict should be resolved by {USER_B}, keeping A's value: {after:?}"),
    )?;
    ensure(class_of(&b, &graduate)? == CLASS_A, || {
        "B's record should hold the value kept (A's)".to_string()
    })?;
    let waiting = outbox_len(&b)?;
    ensure(waiting == 0, || {
        format!("the app should have sent the resolution: {waiting} changes still waiting")
    })?;

    // A receives the resolution from the server.
    sync(&a, &server, &token)?;
    ensure(class_of(&a, &graduate)? == CLASS_A, || {
        "A's record should hold the value kept".to_string()
    })?;
    let on_a = conflicts(&a)?;
    ensure(
        on_a.len() == 1 && on_a[0]["resolved_at"].is_string(),
        || format!("A should see the conflict resolved: {on_a:?}"),
    )?;

    // The token never reached a log.
    for log in ["sync_conflict-tauri-driver.log", "sync_desktop-server.log"] {
        let text = std::fs::read_to_string(artifacts_dir().join(log)).unwrap_or_default();
        ensure(!text.contains(&token), || {
            format!("{log} contains the token")
        })?;
    }
    Ok(())
}

/// Changes waiting in a database's outbox, as the next sync would send them.
fn outbox_len(db: &Path) -> Result<i64, String> {
    let conn =
        rusqlite::Connection::open(db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .map_err(|e| format!("cannot count the outbox: {e}"))
}

async fn resolve_and_sync(ui: &Ui, url: &str, token: &str) -> TestResult {
    ui.wait_text(&tid("nav-graduates"), "毕业生")
        .await
        .map_err(|e| {
            format!("{e}\n(no UI? the app must be built with the UI embedded: {BUILD_APP})")
        })?;
    // No server is saved in this database yet: nothing syncs, and the menu counts the conflict.
    ui.wait_text(&tid("sync-label"), "未设置同步").await?;
    ui.wait_text(&tid("nav-conflicts-badge"), "1").await?;

    // The settings: server, token and name, then "test and sync now".
    ui.click(&tid("sync-state")).await?; // not set up: the header's state opens the settings
    ui.wait_text(&tid("settings-token-state"), "未设置").await?;
    ui.fill(&tid("settings-server"), url).await?;
    ui.fill(&tid("settings-token"), token).await?;
    ui.fill(&tid("settings-user"), USER_B).await?;
    ui.click(&tid("settings-sync-now")).await?;
    ui.wait_text_containing(&tid("settings-sync-result"), "连接成功")
        .await?;
    ui.wait_text(&tid("settings-token-state"), "已设置").await?;
    ui.wait_value(&tid("settings-token"), "").await?; // the token is never shown again
    ui.wait_text_containing(&tid("sync-label"), "已同步")
        .await?;
    ui.screenshot("sync-settings").await?;

    // The conflict: the record, the field by its label, both values side by side.
    ui.click(&tid("nav-conflicts")).await?;
    ui.wait_text(
        &tid("conflict-record"),
        &format!("毕业生 · {GRADUATE}（{STUDENT_NUMBER}）"),
    )
    .await?;
    ui.wait_text(&tid("conflict-field"), "班级").await?;
    ui.wait_text(&tid("conflict-local-value"), CLASS_B).await?;
    ui.wait_text(&tid("conflict-remote-value"), CLASS_A).await?;
    ui.wait_text_containing(&tid("conflict-local"), "本机")
        .await?;
    ui.wait_text_containing(&tid("conflict-remote"), "其他电脑")
        .await?;
    ui.screenshot("sync-conflict").await?;

    // Keep the other PC's value: the conflict moves to the resolved ones, the count goes.
    ui.click(&tid("conflict-keep-remote")).await?;
    ui.visible(&tid("conflicts-empty")).await?;
    ui.wait_gone(&tid("nav-conflicts-badge")).await?;
    ui.wait_text(&tid("conflicts-resolved-title"), "已处理（1）")
        .await?;
    ui.click_and_settle(&format!(
        "{} .el-collapse-item__header",
        tid("conflicts-resolved")
    ))
    .await?;
    ui.wait_text(
        &tid("conflict-resolution"),
        &format!("已保留其他电脑的值：{CLASS_A}"),
    )
    .await?;

    // A click on the header's sync state sends it now (the app would by itself shortly).
    ui.click(&tid("sync-state")).await?;
    ui.wait_text_containing(".el-message--success", "同步完成")
        .await?;
    ui.wait_gone(&tid("sync-pending")).await?;
    ui.wait_text_containing(&tid("sync-label"), "已同步")
        .await?;
    Ok(())
}

/// A count as the UI writes it: thousands separated by commas ("3,400").
fn thousands(n: u64) -> String {
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

/// A fraction as the UI writes it, `(rate * 100).toFixed(1)`: an exact tie rounds up, as
/// JavaScript does (Rust's formatting would round it to even).
fn percent(rate: f64) -> String {
    let x = rate * 100.0;
    let tenths = x * 10.0;
    if tenths.fract() == 0.5 {
        format!("{:.1}%", tenths.ceil() / 10.0)
    } else {
        format!("{x:.1}%")
    }
}

fn count(value: &Value, what: &str) -> Result<u64, String> {
    value
        .as_u64()
        .ok_or_else(|| format!("{what}: expected a count, got {value}"))
}

/// "85.2%（2,897 / 3,400）": a rate with its count, as the UI writes it.
fn rate_text(figures: &Value, rate: &str, counted: u64, total: u64) -> Result<String, String> {
    let r = figures["rates"][rate]
        .as_f64()
        .ok_or_else(|| format!("rates.{rate}: expected a rate in {}", figures["rates"]))?;
    Ok(format!(
        "{}（{} / {}）",
        percent(r),
        thousands(counted),
        thousands(total)
    ))
}

/// What the overview's cards should say for the server's figures of one cohort.
struct Expected {
    /// "148 所", and the count alone.
    colleges: String,
    college_count: String,
    graduates: String,
    employment: String,
    headline: String,
    first_college: String,
    first_college_employment: String,
}

impl Expected {
    fn of(f: &Value) -> Result<Expected, String> {
        let graduates = count(&f["graduates"], "graduates")?;
        let employed = count(&f["counts"]["employed"], "employed")?;
        let further = count(&f["counts"]["further_study"], "further_study")?;
        let first = &f["by_college"][0];
        let first_graduates = count(&first["graduates"], "a college's graduates")?;
        let first_employed = count(&first["counts"]["employed"], "a college's employed")?;
        let colleges = thousands(count(&f["colleges"], "colleges")?);
        Ok(Expected {
            colleges: format!("{colleges} 所"),
            college_count: colleges,
            graduates: format!("{} 人", thousands(graduates)),
            employment: rate_text(f, "employment", employed, graduates)?,
            headline: rate_text(f, "headline_2024", employed + further, graduates)?,
            first_college: first["name"].as_str().unwrap_or_default().to_string(),
            first_college_employment: rate_text(
                first,
                "employment",
                first_employed,
                first_graduates,
            )?,
        })
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_provincial_token_opens_the_province_overview() -> TestResult {
    if skipped("sync_province") {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let work = tempfile::tempdir()?;
    let server = Server::start(&work.path().join("server"))?;
    let tokens: Value =
        serde_json::from_str(&server.admin(&["demo", "--scale", "0.02", "--tokens"])?)?;
    let token = tokens["province"]
        .as_str()
        .ok_or_else(|| format!("no provincial token in {tokens}"))?
        .to_string();

    // The figures the server prints: the overview opens on the latest cohort.
    let all: Value = serde_json::from_str(&server.admin(&["figures", "--json"])?)?;
    let cohort = all["by_cohort"]
        .as_array()
        .and_then(|c| c.last())
        .and_then(|c| c["cohort"].as_i64())
        .ok_or_else(|| format!("no cohort in {}", all["by_cohort"]))?;
    let latest: Value = serde_json::from_str(&server.admin(&[
        "figures",
        "--cohort",
        &cohort.to_string(),
        "--json",
    ])?)?;
    let expected = Expected::of(&latest)?;
    let every = Expected::of(&all)?;

    // A new computer: the app creates its database.
    let db = work.path().join("province.db");
    let session = Session::start("sync_province", tempfile::tempdir()?, db.clone()).await?;
    let url = server.url();
    let result = session
        .run(async |ui: &Ui, _db: &Path| {
            province_overview(ui, &url, &token, cohort, &expected, &every).await
        })
        .await;
    result?;

    // The province's computer holds no college's records and is bound to none.
    let conn = rusqlite::Connection::open(&db)?;
    let graduates: i64 = conn.query_row("SELECT count(*) FROM graduates", [], |r| r.get(0))?;
    let bound: i64 = conn.query_row(
        "SELECT count(*) FROM meta WHERE key = 'sync_college'",
        [],
        |r| r.get(0),
    )?;
    ensure(graduates == 0 && bound == 0, || {
        format!(
            "the province's database should stay empty and unbound: {graduates} graduates, bound {bound}"
        )
    })?;
    // The token never reached a log.
    for log in ["sync_province-tauri-driver.log", "sync_desktop-server.log"] {
        let text = std::fs::read_to_string(artifacts_dir().join(log)).unwrap_or_default();
        ensure(!text.contains(&token), || {
            format!("{log} contains the token")
        })?;
    }
    Ok(())
}

async fn province_overview(
    ui: &Ui,
    url: &str,
    token: &str,
    cohort: i64,
    expected: &Expected,
    every: &Expected,
) -> TestResult {
    ui.wait_text(&tid("nav-graduates"), "毕业生")
        .await
        .map_err(|e| {
            format!("{e}\n(no UI? the app must be built with the UI embedded: {BUILD_APP})")
        })?;
    ui.wait_text(&tid("sync-label"), "未设置同步").await?;

    // The settings: the server and the provincial token, then "test and sync now".
    ui.click(&tid("sync-state")).await?;
    ui.fill(&tid("settings-server"), url).await?;
    ui.fill(&tid("settings-token"), token).await?;
    ui.click(&tid("settings-sync-now")).await?;
    ui.wait_text_containing(&tid("settings-sync-result"), "省级只读令牌")
        .await?;
    ui.wait_value(&tid("settings-token"), "").await?;
    // Read-only, not a refused token; and a college's pages are gone from the menu.
    ui.wait_text(&tid("sync-label"), "省级只读").await?;
    ui.wait_text(&tid("province-badge"), "省级平台（只读）")
        .await?;
    ui.wait_gone(&tid("nav-graduates")).await?;
    ui.wait_gone(&tid("nav-statistics")).await?;

    // The overview: the server's figures of the latest cohort.
    ui.click(&tid("nav-province")).await?;
    let cohort_label = format!("{cohort} 届");
    ui.wait_text_containing(&tid("province-cohort"), &cohort_label)
        .await?;
    ui.wait_text(&tid("province-kpi-colleges-value"), &expected.colleges)
        .await?;
    ui.wait_text(&tid("province-kpi-graduates-value"), &expected.graduates)
        .await?;
    ui.wait_text(&tid("province-kpi-employment-value"), &expected.employment)
        .await?;
    ui.wait_text(&tid("province-kpi-headline-value"), &expected.headline)
        .await?;
    ui.wait_text_containing(&tid("province-fetched-at"), "数据获取于")
        .await?;
    ui.wait_text(
        &tid("stats-chart-province-top-title"),
        &format!("就业率最高的 10 所学校（{cohort_label}）"),
    )
    .await?;
    ui.visible(&tid("stats-chart-province-top-canvas")).await?;
    ui.wait_text(
        &tid("province-college-count"),
        &format!("{0} / {0} 所", expected.college_count),
    )
    .await?;
    ui.wait_text(&tid("province-college-name"), &expected.first_college)
        .await?;
    ui.wait_text(
        &tid("province-college-employment"),
        &expected.first_college_employment,
    )
    .await?;
    ui.screenshot("province-overview").await?;
    // The charts further down: destinations, cohorts, the two fields, research, fairs, agreements.
    for (chart, shot) in [
        ("province-mix", "province-charts"),
        ("province-fairs", "province-charts-2"),
    ] {
        ui.visible(&tid(&format!("stats-chart-{chart}-canvas")))
            .await?;
        ui.wd
            .execute(
                &format!(
                    "document.querySelector('[data-testid=\"stats-chart-{chart}\"]').scrollIntoView()"
                ),
                Vec::new(),
            )
            .await?;
        ui.screenshot(shot).await?;
    }

    // Every cohort at once.
    ui.choose(&tid("province-cohort"), "全部届别").await?;
    ui.wait_text(&tid("province-kpi-graduates-value"), &every.graduates)
        .await?;
    ui.wait_text(&tid("province-kpi-employment-value"), &every.employment)
        .await?;

    // A college's page asked for by its address goes back to the overview.
    ui.wd
        .execute("window.location.hash = '#/graduates'", Vec::new())
        .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut hash = String::new();
    for _ in 0..50 {
        hash = ui.location_hash().await?;
        if hash == "#/province" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    ensure(hash == "#/province", || {
        format!("a college's page should lead back to the overview, not {hash}")
    })?;
    ui.visible(&tid("province-page")).await?;
    ui.wait_gone(&tid("nav-graduates")).await?;
    Ok(())
}
