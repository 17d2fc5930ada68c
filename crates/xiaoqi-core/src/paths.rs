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

/// Environment variable that overrides where the app saves the files it writes (tests).
pub const DOWNLOAD_ENV: &str = "XIAOQI_DOWNLOAD_DIR";

/// Where the app saves exports, templates and reports: `$XIAOQI_DOWNLOAD_DIR`, else the
/// person's Downloads folder, else their home folder.
pub fn downloads_dir() -> PathBuf {
    match std::env::var_os(DOWNLOAD_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => dirs::download_dir()
            .or_else(dirs::home_dir)
            .unwrap_or_else(|| PathBuf::from(".")),
    }
}

/// `dir/stem.ext`, or `dir/stem (2).ext` and so on when that name is taken. The stem's
/// characters that no file system accepts become `_`.
pub fn unused_file_name(dir: &std::path::Path, stem: &str, ext: &str) -> PathBuf {
    let stem = safe_stem(stem);
    let mut path = dir.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem} ({n}).{ext}"));
        n += 1;
    }
    path
}

/// `stem` without the characters Windows refuses in a file name (each becomes `_`).
pub fn safe_stem(stem: &str) -> String {
    stem.chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// A folder in `dir` named `name`, or `name (2)`, … when taken.
pub fn unused_dir_name(dir: &std::path::Path, name: &str) -> PathBuf {
    let name = safe_stem(name);
    let mut path = dir.join(&name);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{name} ({n})"));
        n += 1;
    }
    path
}
