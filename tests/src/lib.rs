//! Harness for 校企通's cross-crate tests: where the built binaries are, a private X display (Xvfb),
//! `tauri-driver`, and guards that end every process a test starts, even when the test fails.
//!
//! Standard library only; the WebDriver client lives in the tests themselves.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Set to `1` to skip the desktop end-to-end test (it says so loudly); CI never sets it.
pub const SKIP_E2E_ENV: &str = "XIAOQI_SKIP_E2E";
/// Set to `inherit` to run the app on the current `$DISPLAY` (to watch it) instead of a private Xvfb.
pub const DISPLAY_ENV: &str = "XIAOQI_E2E_DISPLAY";

/// This crate's directory: `$CARGO_MANIFEST_DIR` as `cargo test` sets it when running the test, else where
/// the crate was compiled (a target directory shared by two checkouts may hold a binary built in the other).
pub fn crate_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    let here = crate_dir();
    here.parent().map(Path::to_path_buf).unwrap_or(here)
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` (relative to the workspace root), else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

/// Where the end-to-end tests leave screenshots and logs (`tests/artifacts/`, ignored by git).
pub fn artifacts_dir() -> PathBuf {
    let dir = crate_dir().join("artifacts");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Set to `release` to drive the release build of the binaries (e.g. to measure launch time).
pub const PROFILE_ENV: &str = "XIAOQI_E2E_PROFILE";

/// A binary of this workspace built in the debug profile (or `$XIAOQI_E2E_PROFILE`), or an error
/// that says how to build it.
pub fn built_binary(name: &str, how_to_build: &str) -> Result<PathBuf, String> {
    let profile = std::env::var(PROFILE_ENV).unwrap_or_else(|_| "debug".to_string());
    let path = target_dir()
        .join(profile)
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing. Build it first with {how_to_build}\n(`make e2e` builds and tests; {SKIP_E2E_ENV}=1 skips this test outside CI)",
            path.display()
        ))
    }
}

/// A program on `$PATH`, or an error that says which package provides it.
pub fn on_path(program: &str, provided_by: &str) -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!("`{program}` is not on PATH: {provided_by} (`make deps` installs it)")
        })
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

/// Waits until something listens on `127.0.0.1:port`, or fails after `timeout`.
pub fn wait_for_port(port: u16, timeout: Duration, what: &str) -> Result<(), String> {
    poll(timeout, what, || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    })
}

/// Calls `ready` every 50 ms until it returns true; an error naming `what` after `timeout`.
pub fn poll(timeout: Duration, what: &str, mut ready: impl FnMut() -> bool) -> Result<(), String> {
    let start = Instant::now();
    loop {
        if ready() {
            return Ok(());
        }
        if start.elapsed() > timeout {
            return Err(format!("timed out after {timeout:?} waiting for {what}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A child process started in its own process group; dropping it ends the whole group
/// (SIGTERM, then SIGKILL), so grandchildren such as WebKitWebDriver and the app end too.
pub struct ProcessGroup {
    name: String,
    child: Child,
}

impl ProcessGroup {
    /// Spawns `cmd` as the leader of a new process group.
    pub fn spawn(name: &str, mut cmd: Command) -> Result<ProcessGroup, String> {
        cmd.process_group(0);
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot start {name} ({:?}): {e}", cmd.get_program()))?;
        Ok(ProcessGroup {
            name: name.to_string(),
            child,
        })
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The child's stdout, when it was piped.
    pub fn stdout(&mut self) -> Option<std::process::ChildStdout> {
        self.child.stdout.take()
    }

    /// Fails if the process has already exited.
    pub fn check_running(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Err(format!("{} exited early: {status}", self.name)),
            _ => Ok(()),
        }
    }

    fn signal_group(&self, signal: &str) {
        let _ = Command::new("kill")
            .args([signal, "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        self.signal_group("-TERM");
        let ended = poll(Duration::from_secs(3), "exit", || {
            matches!(self.child.try_wait(), Ok(Some(_)))
        });
        // The leader may be gone while others in its group linger: always sweep with SIGKILL.
        self.signal_group("-KILL");
        if ended.is_err() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The X display the app draws on: a private Xvfb (the default), or the inherited `$DISPLAY`.
pub struct Display {
    /// The value for `DISPLAY`, e.g. `:99`.
    pub name: String,
    _xvfb: Option<ProcessGroup>,
}

impl Display {
    /// Starts `Xvfb` on a display it picks itself (`-displayfd`), unless `XIAOQI_E2E_DISPLAY=inherit`
    /// and `$DISPLAY` is set.
    pub fn start(width: u32, height: u32) -> Result<Display, String> {
        if std::env::var(DISPLAY_ENV).as_deref() == Ok("inherit")
            && let Ok(name) = std::env::var("DISPLAY")
            && !name.is_empty()
        {
            return Ok(Display { name, _xvfb: None });
        }
        let xvfb = on_path("Xvfb", "Debian/Ubuntu package `xvfb`")?;
        let mut cmd = Command::new(xvfb);
        cmd.args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            &format!("{width}x{height}x24"),
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
        let mut group = ProcessGroup::spawn("Xvfb", cmd)?;
        let stdout = group.stdout().ok_or("Xvfb has no stdout")?;
        // Xvfb writes the display number once it accepts connections.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let mut reader = BufReader::new(stdout);
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep draining so Xvfb never blocks on a full pipe.
            let _ = reader.read_to_end(&mut Vec::new());
        });
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .map_err(|_| "Xvfb did not report a display within 20 s".to_string())?;
        let number: u32 = line
            .trim()
            .parse()
            .map_err(|_| format!("Xvfb reported {line:?} instead of a display number"))?;
        Ok(Display {
            name: format!(":{number}"),
            _xvfb: Some(group),
        })
    }

    /// Saves the whole screen as a PNG with ImageMagick's `import`.
    pub fn screenshot(&self, path: &Path) -> Result<(), String> {
        let import = on_path("import", "Debian/Ubuntu package `imagemagick`")?;
        let status = Command::new(import)
            .args(["-window", "root"])
            .arg(path)
            .env("DISPLAY", &self.name)
            .status()
            .map_err(|e| format!("cannot run import: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("import -window root failed: {status}"))
        }
    }
}

/// `tauri-driver` on a free port (and a free port for the WebKitWebDriver behind it), drawing on `display`.
/// Every environment variable given here reaches the app the driver launches.
pub struct TauriDriver {
    pub port: u16,
    group: ProcessGroup,
}

impl TauriDriver {
    pub fn start(
        display: &Display,
        env: &[(&str, &Path)],
        log: &Path,
    ) -> Result<TauriDriver, String> {
        let driver = on_path(
            "tauri-driver",
            "install it with `cargo install tauri-driver --locked` (~/.cargo/bin must be on PATH)",
        )?;
        on_path(
            "WebKitWebDriver",
            "Debian/Ubuntu package `webkit2gtk-driver`",
        )?;
        let port = free_port();
        let native_port = loop {
            let p = free_port();
            if p != port {
                break p;
            }
        };
        let log_file = std::fs::File::create(log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let log_err = log_file
            .try_clone()
            .map_err(|e| format!("cannot reopen {}: {e}", log.display()))?;
        let mut cmd = Command::new(driver);
        cmd.arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .env("DISPLAY", &display.name)
            // No accessibility bus under Xvfb: keep GTK from waiting for one.
            .env("NO_AT_BRIDGE", "1")
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let mut group = ProcessGroup::spawn("tauri-driver", cmd)?;
        wait_for_port(port, Duration::from_secs(20), "tauri-driver to listen")?;
        wait_for_port(
            native_port,
            Duration::from_secs(20),
            "WebKitWebDriver to listen",
        )?;
        group.check_running()?;
        Ok(TauriDriver { port, group })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.group.id()
    }
}
