//! The real desktop app, end to end: the built `xiaoqi-desktop` (UI embedded) in a real window under Xvfb,
//! driven through `tauri-driver` + WebKitWebDriver, on a fresh database.
//!
//! Needs the app built with its UI embedded (`make build`), Xvfb, WebKitWebDriver and tauri-driver:
//! `make e2e` does all of it. Screenshots and logs go to `tests/artifacts/`.
//! `XIAOQI_UPDATE_SCREENSHOT=1` also writes the README's `docs/screenshot.png` (`make screenshot`).

mod ui;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use thirtyfour::prelude::*;
use ui::{Ui, tid};
use xiaoqi_tests::{
    Display, SKIP_E2E_ENV, TauriDriver, artifacts_dir, built_binary, poll, workspace_root,
};

type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

const BUILD_APP: &str = "`make build` (npm --prefix ui run build, then \
     cargo build --workspace --features tauri/custom-protocol --bins --tests)";

/// WebKitWebDriver holds one session at a time and two WebKit windows on two cores are slow:
/// the tests here take turns.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// True when the person running the tests asked to skip them (never honoured in CI).
fn skipped(test: &str) -> bool {
    if std::env::var(SKIP_E2E_ENV).as_deref() != Ok("1") {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{SKIP_E2E_ENV}=1 is not honoured in CI: the desktop end-to-end tests must run"
    );
    eprintln!("\n*** SKIPPED desktop end-to-end test `{test}` because {SKIP_E2E_ENV}=1 ***\n");
    true
}

/// Everything one app session needs; dropping it ends the app, the driver and Xvfb.
struct Session {
    ui: Ui,
    db: PathBuf,
    // Drop order: the WebDriver session (in `ui`) first, then the driver, then the display, then the files.
    _driver: TauriDriver,
    _display: Display,
    _dir: tempfile::TempDir,
}

impl Session {
    /// Starts the app on `db` (created by the app when missing) with its own home for WebKit's data.
    async fn start(name: &str, dir: tempfile::TempDir, db: PathBuf) -> Result<Session, String> {
        let app = built_binary("xiaoqi-desktop", BUILD_APP)?;
        let home = dir.path().join("home");
        let data = home.join(".local/share");
        let config = home.join(".config");
        let cache = home.join(".cache");
        for d in [&data, &config, &cache] {
            std::fs::create_dir_all(d)
                .map_err(|e| format!("cannot create {}: {e}", d.display()))?;
        }
        // The app's window is 1280×800 (tauri.conf.json); the screen leaves room around it.
        let display = Display::start(1440, 900)?;
        // Every variable given to tauri-driver reaches the app: the database, and XDG homes so
        // WebKit's localStorage (the remembered language) starts empty and never touches the real profile.
        let log = artifacts_dir().join(format!("{name}-tauri-driver.log"));
        let driver = TauriDriver::start(
            &display,
            &[
                ("XIAOQI_DB", db.as_path()),
                ("XDG_DATA_HOME", &data),
                ("XDG_CONFIG_HOME", &config),
                ("XDG_CACHE_HOME", &cache),
            ],
            &log,
        )?;
        let mut caps = Capabilities::new();
        let options = serde_json::json!({ "application": app });
        caps.set("browserName", "wry").map_err(|e| e.to_string())?;
        caps.set("tauri:options", options)
            .map_err(|e| e.to_string())?;
        let launched = std::time::Instant::now();
        let wd = WebDriver::new(driver.url(), caps).await.map_err(|e| {
            format!(
                "tauri-driver did not start {} ({e}); see {}",
                app.display(),
                log.display()
            )
        })?;
        let ui = Ui::new(wd, name, launched);
        Ok(Session {
            ui,
            db,
            _driver: driver,
            _display: display,
            _dir: dir,
        })
    }

    /// Runs `scenario`; on failure saves a screenshot and the page source next to the logs.
    async fn run<F>(self, scenario: F) -> TestResult
    where
        F: AsyncFnOnce(&Ui, &Path) -> TestResult,
    {
        let result = scenario(&self.ui, &self.db).await;
        if let Err(e) = &result {
            let saved = self.ui.save_failure().await;
            eprintln!("{} failed: {e}\n{saved}", self.ui.name);
        }
        // End the WebDriver session cleanly; the process guards sweep up whatever remains.
        let quit = self.ui.wd.clone().quit().await;
        result?;
        quit?;
        Ok(())
    }
}

/// Fails the scenario (with screenshots, unlike a panic) when `ok` is false.
fn ensure(ok: bool, message: impl FnOnce() -> String) -> TestResult {
    if ok { Ok(()) } else { Err(message().into()) }
}

fn cli() -> Result<PathBuf, String> {
    built_binary("xiaoqi", BUILD_APP)
}

/// Runs the `xiaoqi` CLI on `db` and returns its stdout.
fn run_cli(db: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(cli()?)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run xiaoqi: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "xiaoqi {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The scenario on an empty database: a program, a graduate, pinyin search, edit with a field
/// error, delete; plus the app's language and a module that is not there yet.
#[tokio::test(flavor = "multi_thread")]
async fn graduate_lifecycle() -> TestResult {
    if skipped("graduate_lifecycle") {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("e2e.db");
    let session = Session::start("lifecycle", dir, db).await?;
    session.run(lifecycle).await
}

async fn lifecycle(ui: &Ui, db: &Path) -> TestResult {
    // The app opens on the graduates page, in Chinese, on the database it was given.
    ui.wait_text(&tid("nav-graduates"), "毕业生")
        .await
        .map_err(|e| {
            format!("{e}\n(no UI? the app must be built with the UI embedded: {BUILD_APP})")
        })?;
    poll(
        Duration::from_secs(10),
        "the app to create $XIAOQI_DB",
        || db.exists(),
    )
    .map_err(|e| {
        format!(
            "{e}: tauri-driver did not pass XIAOQI_DB={} to the app",
            db.display()
        )
    })?;
    ui.wait_text(&tid("graduate-total"), "共 0 人").await?;
    ui.visible(&tid("graduate-empty")).await?;

    // A module still to come is shown but disabled, and clicking it opens nothing.
    let statistics = ui.visible(&tid("nav-statistics")).await?;
    let class = statistics.class_name().await?.unwrap_or_default();
    ensure(class.contains("is-disabled"), || {
        format!("nav-statistics should be disabled; its class is {class:?}")
    })?;
    let _ = statistics.click().await; // WebKit may refuse to click a disabled item: either way nothing opens.
    ui.wait_still().await?; // time for a navigation, had the click started one
    let hash = ui.location_hash().await?;
    ensure(hash == "#/graduates", || {
        format!("clicking nav-statistics navigated to {hash}")
    })?;
    ui.visible(&tid("graduate-add")).await?;

    // A program (专业).
    ui.click(&tid("nav-programs")).await?;
    ui.click_and_settle(&tid("program-add")).await?;
    ui.fill(&tid("program-name"), "工业机器人应用与维护")
        .await?;
    ui.fill(&tid("program-code"), "0126-4").await?;
    ui.choose(&tid("program-level"), "预备技师").await?;
    ui.fill_number(&tid("program-length"), "6").await?;
    ui.click_and_settle(&tid("program-save")).await?;
    ui.wait_texts(
        &tid("program-row-name"),
        "the new program in the list",
        |names| names == ["工业机器人应用与维护"],
    )
    .await?;

    // A graduate, with the ID number masked in the list.
    ui.click(&tid("nav-graduates")).await?;
    ui.click_and_settle(&tid("graduate-add")).await?;
    ui.fill(&tid("graduate-name"), "张三").await?;
    ui.fill(&tid("graduate-student-number"), "2025001").await?;
    ui.fill(&tid("graduate-id-number"), "11010519491231002X")
        .await?;
    ui.choose(&tid("graduate-program"), "工业机器人应用与维护")
        .await?;
    ui.fill_number(&tid("graduate-cohort"), "2025").await?;
    ui.click_and_settle(&tid("graduate-save")).await?;
    ui.wait_texts(&tid("graduate-row-name"), "张三 in the list", |names| {
        names == ["张三"]
    })
    .await?;
    ui.wait_text(&row_of("张三", "graduate-row-id"), "1101**********002X")
        .await?;
    ui.wait_text(&tid("graduate-total"), "共 1 人").await?;

    // Search: nothing for other initials, 张三 for "zs".
    ui.fill(&tid("graduate-search"), "ls").await?;
    ui.wait_text(&tid("graduate-total"), "共 0 人").await?;
    ui.wait_texts(&tid("graduate-row-name"), "no match for `ls`", |names| {
        names.is_empty()
    })
    .await?;
    ui.fill(&tid("graduate-search"), "zs").await?;
    ui.wait_text(&tid("graduate-total"), "共 1 人").await?;
    ui.wait_texts(&tid("graduate-row-name"), "张三 found by `zs`", |names| {
        names == ["张三"]
    })
    .await?;

    // Edit: a wrong check digit is shown under the ID field and nothing is saved; the right one saves.
    ui.click_and_settle(&row_of("张三", "graduate-edit"))
        .await?;
    ui.wait_value(&tid("graduate-name"), "张三").await?; // the record has loaded into the form
    ui.wait_value(&tid("graduate-id-number"), "11010519491231002X")
        .await?;
    ui.fill(&tid("graduate-name"), "张三丰").await?;
    ui.fill(&tid("graduate-id-number"), "110105194912310021")
        .await?;
    ui.click_and_settle(&tid("graduate-save")).await?;
    let error = ui
        .wait_text_containing(
            "[data-testid='field-id_number'] .el-form-item__error",
            "校验位",
        )
        .await?;
    eprintln!("field error shown: {error}");
    ui.screenshot("lifecycle-field-error").await?;
    ui.wait_value(&tid("graduate-name"), "张三丰").await?; // what was typed is kept
    ui.fill(&tid("graduate-id-number"), "11010519491231002X")
        .await?;
    ui.click_and_settle(&tid("graduate-save")).await?;
    ui.wait_gone("[data-testid='field-id_number'] .el-form-item__error")
        .await?;
    ui.fill(&tid("graduate-search"), "").await?;
    ui.wait_texts(
        &tid("graduate-row-name"),
        "张三丰 after the edit",
        |names| names == ["张三丰"],
    )
    .await?;
    ui.wait_text(&row_of("张三丰", "graduate-row-id"), "1101**********002X")
        .await?;
    ui.screenshot("lifecycle-edited").await?;

    // Delete, after confirming.
    ui.click_and_settle(&row_of("张三丰", "graduate-delete"))
        .await?;
    ui.click(".el-message-box__btns .el-button--primary")
        .await?;
    ui.wait_texts(&tid("graduate-row-name"), "张三丰 gone", |names| {
        names.is_empty()
    })
    .await?;
    ui.wait_text(&tid("graduate-total"), "共 0 人").await?;

    // The database says the same as the window.
    let programs = run_cli(db, &["programs", "list", "--json"])?;
    ensure(
        programs.contains("工业机器人应用与维护") && programs.contains("预备技师"),
        || format!("the CLI does not see the program: {programs}"),
    )?;
    let graduates = run_cli(db, &["graduates", "list", "--json"])?;
    ensure(!graduates.contains("张三"), || {
        format!("the CLI still sees the graduate: {graduates}")
    })?;
    Ok(())
}

/// The README's screenshot: the graduates list of the demo college.
#[tokio::test(flavor = "multi_thread")]
async fn demo_screenshot() -> TestResult {
    if skipped("demo_screenshot") {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("demo.db");
    run_cli(&db, &["demo"])?;
    let session = Session::start("demo", dir, db).await?;
    session.run(demo).await
}

async fn demo(ui: &Ui, _db: &Path) -> TestResult {
    ui.wait_texts(
        &tid("graduate-row-name"),
        "a page of demo graduates",
        |names| names.len() >= 10,
    )
    .await?;
    // A measurement for the record (never asserted): app launch to a usable graduate list.
    let launch = format!(
        "launch to a usable graduate list (1,560 demo graduates): {} ms\n",
        ui.launched.elapsed().as_millis()
    );
    print!("{launch}");
    std::fs::write(artifacts_dir().join("launch.txt"), &launch)?;
    let total = ui
        .wait_text_containing(&tid("graduate-total"), "共")
        .await?;
    ensure(total.trim() != "共 0 人", || {
        "the demo database shows no graduates".to_string()
    })?;
    ui.wait_still().await?;
    let png = ui.wd.screenshot_as_png().await?;
    std::fs::write(artifacts_dir().join("screenshot.png"), &png)?;
    if std::env::var_os("XIAOQI_UPDATE_SCREENSHOT").is_some() {
        let docs = workspace_root().join("docs");
        std::fs::create_dir_all(&docs)?;
        std::fs::write(docs.join("screenshot.png"), &png)?;
        eprintln!("wrote {}", docs.join("screenshot.png").display());
    }
    Ok(())
}

/// A selector for the element `testid` in the graduates-table row whose name is `name`.
fn row_of(name: &str, testid: &str) -> String {
    format!(
        "//tr[.//*[@data-testid='graduate-row-name' and normalize-space(.)='{name}']]//*[@data-testid='{testid}']"
    )
}
