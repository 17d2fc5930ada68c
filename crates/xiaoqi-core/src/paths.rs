//! Where the app keeps its database when nobody says otherwise.

use std::path::PathBuf;

/// The app identifier; the desktop shell's `tauri.conf.json` uses the same one.
pub const APP_ID: &str = "cn.xiaoqi.desktop";
/// File name of the local database inside the data directory.
pub const DB_FILE: &str = "xiaoqi.db";
/// Environment variable that overrides the database path (tests, portable installs).
pub const DB_ENV: &str = "XIAOQI_DB";

/// The app's own data directory (`~/.local/share/cn.xiaoqi.desktop` on Linux,
/// `%APPDATA%\cn.xiaoqi.desktop` on Windows, `~/Library/Application Support/cn.xiaoqi.desktop` on macOS).
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_ID)
}

/// The database the app and the CLI use by default: `$XIAOQI_DB`, else `data_dir()/xiaoqi.db`.
pub fn default_db_path() -> PathBuf {
    match std::env::var_os(DB_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => data_dir().join(DB_FILE),
    }
}
