//! What every end-to-end test binary shares: one app session on a database of its own (the app, the driver
//! and the display, ended when the session is dropped), the `xiaoqi` CLI on that database, and small checks.
//!
//! Each test binary (`desktop.rs`, `season.rs`) declares `mod harness;` and `mod ui;` and uses a part of them.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;
use xiaoqi_tests::{Display, SKIP_E2E_ENV, TauriDriver, artifacts_dir, built_binary};

use crate::ui::Ui;

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

pub const BUILD_APP: &str = "`make build` (npm --prefix ui run build, then \
     cargo build --workspace --features tauri/custom-protocol --bins --tests)";

/// WebKitWebDriver holds one session at a time and two WebKit windows on two cores are slow:
/// the tests of one binary take turns (cargo runs the test binaries one after another).
pub static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// True when the person running the tests asked to skip them (never honoured in CI).
pub fn skipped(test: &str) -> bool {
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
pub struct Session {
    pub ui: Ui,
    pub db: PathBuf,
    /// The app's Downloads folder (`$XIAOQI_DOWNLOAD_DIR`), empty at the start: where exports,
    /// templates and the rejected rows of an import land.
    pub downloads: PathBuf,
    // Drop order: the WebDriver session (in `ui`) first, then the driver, then the display, then the files.
    _driver: TauriDriver,
    _display: Display,
    _dir: tempfile::TempDir,
}

/// The administrator every session signs in as unless told otherwise (made with the CLI when the
/// database has none), and their password.
pub const ADMIN: &str = "e2e-admin";
pub const ADMIN_NAME: &str = "测试管理员";
pub const ADMIN_PASSWORD: &str = "e2e-password-1";

impl Session {
    /// Starts the app on `db` signed in as the administrator [`ADMIN`], who is added to the
    /// database first (created by the CLI when missing) unless it has them already.
    pub async fn start(name: &str, dir: tempfile::TempDir, db: PathBuf) -> Result<Session, String> {
        ensure_admin(&db)?;
        Self::start_as(name, dir, db, ADMIN, ADMIN_PASSWORD).await
    }

    /// Starts the app on `db` and signs in as `username` on the sign-in page.
    pub async fn start_as(
        name: &str,
        dir: tempfile::TempDir,
        db: PathBuf,
        username: &str,
        password: &str,
    ) -> Result<Session, String> {
        let session = Self::start_signed_out(name, dir, db).await?;
        session
            .ui
            .sign_in(username, password)
            .await
            .map_err(|e| format!("cannot sign in as {username}: {e}"))?;
        Ok(session)
    }

    /// Starts the app on `db` (created by the app when missing) with its own home for WebKit's
    /// data, nobody signed in: it shows the sign-in page, or the first start's form.
    pub async fn start_signed_out(
        name: &str,
        dir: tempfile::TempDir,
        db: PathBuf,
    ) -> Result<Session, String> {
        let app = built_binary("xiaoqi-desktop", BUILD_APP)?;
        let home = dir.path().join("home");
        let data = home.join(".local/share");
        let config = home.join(".config");
        let cache = home.join(".cache");
        let downloads = dir.path().join("downloads");
        for d in [&data, &config, &cache, &downloads] {
            std::fs::create_dir_all(d)
                .map_err(|e| format!("cannot create {}: {e}", d.display()))?;
        }
        // The app's window is 1280×800 (tauri.conf.json); the screen leaves room around it.
        let display = Display::start(1440, 900)?;
        // Every variable given to tauri-driver reaches the app: the database, the folder files are
        // saved in, and XDG homes so WebKit's localStorage (the remembered language) starts empty and
        // never touches the real profile.
        let log = artifacts_dir().join(format!("{name}-tauri-driver.log"));
        let driver = TauriDriver::start(
            &display,
            &[
                ("XIAOQI_DB", db.as_path()),
                ("XIAOQI_DOWNLOAD_DIR", &downloads),
                ("XDG_DATA_HOME", &data),
                ("XDG_CONFIG_HOME", &config),
                ("XDG_CACHE_HOME", &cache),
            ],
            &log,
        )?;
        // reqwest (the WebDriver client) is built without a TLS crypto provider in this
        // workspace (xiaoqi-sync brings its own): give it ring's, as xiaoqi-sync does.
        let _ = rustls::crypto::ring::default_provider().install_default();
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
            downloads,
            _driver: driver,
            _display: display,
            _dir: dir,
        })
    }

    /// Runs `scenario`; on failure saves a screenshot and the page source next to the logs.
    pub async fn run<F>(self, scenario: F) -> TestResult
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
pub fn ensure(ok: bool, message: impl FnOnce() -> String) -> TestResult {
    if ok { Ok(()) } else { Err(message().into()) }
}

fn cli() -> Result<PathBuf, String> {
    built_binary("xiaoqi", BUILD_APP)
}

/// Runs the `xiaoqi` CLI on `db` and returns its stdout.
pub fn run_cli(db: &Path, args: &[&str]) -> Result<String, String> {
    run_cli_with_input(db, args, "")
}

/// Runs the `xiaoqi` CLI on `db` with `stdin` as its standard input (a password) and returns its
/// stdout.
pub fn run_cli_with_input(db: &Path, args: &[&str], stdin: &str) -> Result<String, String> {
    use std::io::Write;
    let mut child = Command::new(cli()?)
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run xiaoqi: {e}"))?;
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.as_bytes())
            .map_err(|e| format!("cannot write to xiaoqi: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("xiaoqi did not finish: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "xiaoqi {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Adds a user with the CLI (`role`: admin, staff or teacher; `classes` for a teacher).
pub fn add_user(
    db: &Path,
    username: &str,
    name: &str,
    role: &str,
    classes: &[&str],
    password: &str,
) -> Result<(), String> {
    let mut args = vec![
        "user",
        "add",
        "--username",
        username,
        "--name",
        name,
        "--role",
        role,
    ];
    for c in classes {
        args.extend(["--class", c]);
    }
    run_cli_with_input(db, &args, &format!("{password}\n")).map(|_| ())
}

/// Adds the administrator [`ADMIN`] unless the database has them already.
pub fn ensure_admin(db: &Path) -> Result<(), String> {
    if db.exists() {
        let users = cli_json(db, &["user", "list", "--json"])?;
        let known = users
            .as_array()
            .is_some_and(|u| u.iter().any(|u| u["username"] == ADMIN));
        if known {
            return Ok(());
        }
    }
    add_user(db, ADMIN, ADMIN_NAME, "admin", &[], ADMIN_PASSWORD)
}

/// Runs the `xiaoqi` CLI with `--json` output and parses what it prints.
pub fn cli_json(db: &Path, args: &[&str]) -> Result<serde_json::Value, String> {
    let out = run_cli(db, args)?;
    serde_json::from_str(&out).map_err(|e| format!("xiaoqi {args:?} printed no JSON ({e}): {out}"))
}

/// Creates a record with `xiaoqi <kind> add --json <json>` and returns its id.
pub fn cli_add(db: &Path, kind: &str, json: serde_json::Value) -> Result<String, String> {
    let out = run_cli(db, &[kind, "add", "--json", &json.to_string()])?;
    Ok(out.trim().to_string())
}

/// The names of the files in `dir` (the Downloads folder).
pub fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits for one new file in `dir` (not in `before`) whose name ends in `ext`; returns its path.
pub async fn new_file(dir: &Path, before: &BTreeSet<String>, ext: &str) -> Result<PathBuf, String> {
    let start = Instant::now();
    loop {
        let now = files_in(dir);
        let added: Vec<&String> = now.difference(before).collect();
        if let [name] = added.as_slice()
            && name.ends_with(ext)
        {
            return Ok(dir.join(name));
        }
        if start.elapsed() > Duration::from_secs(30) {
            return Err(format!(
                "no new {ext} file in {} after 30 s; it holds {now:?}",
                dir.display()
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
