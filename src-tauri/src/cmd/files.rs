//! Files in and out: imports (the chosen file's bytes come base64-encoded, with progress on a
//! channel), import templates, the rejected rows of the last import, list exports and chart
//! images. Files the app writes go to the Downloads folder under a name not yet taken; the UI
//! shows where and can reveal it.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;
use xiaoqi_core::export::{ExportFilter, ExportKind};
use xiaoqi_core::import::{
    ImportKind, ImportOptions, ImportReport, import_table, rejected_rows_xlsx, template_xlsx,
};
use xiaoqi_core::paths::{downloads_dir, unused_file_name};
use xiaoqi_core::sheet::{read_bytes, write_xlsx};
use xiaoqi_core::store::ExportLogEntry;

use super::decode_base64;
use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// How far an import is.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// A file the app wrote.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SavedFile {
    pub path: String,
    pub name: String,
    /// Rows written, for tables.
    pub rows: u32,
}

pub(crate) fn saved(path: &Path, rows: u32) -> SavedFile {
    SavedFile {
        path: path.display().to_string(),
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        rows,
    }
}

pub(crate) fn today() -> String {
    xiaoqi_core::clock::now().chars().take(10).collect()
}

/// A new file in the Downloads folder, the folder made if missing.
pub(crate) fn new_file(stem: &str, ext: &str) -> CmdResult<PathBuf> {
    let dir = downloads_dir();
    std::fs::create_dir_all(&dir).map_err(|e| {
        AppError::from(xiaoqi_core::CoreError::File(
            xiaoqi_core::sheet::SheetError::CannotWrite {
                path: dir.clone(),
                reason: e.to_string(),
            },
        ))
    })?;
    Ok(unused_file_name(&dir, stem, ext))
}

/// Imports a chosen file. The file and its report are kept for `import_report_save`.
#[tauri::command]
#[specta::specta]
pub async fn import_run(
    state: State<'_, AppState>,
    kind: ImportKind,
    name: String,
    content_base64: String,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> CmdResult<ImportReport> {
    let bytes = decode_base64("file", &content_base64)?;
    let table =
        read_bytes(&name, bytes).map_err(|e| AppError::from(xiaoqi_core::CoreError::File(e)))?;
    let mut progress = |done: usize, total: usize| {
        let _ = on_progress.send(ImportProgress {
            done: u32::try_from(done).unwrap_or(u32::MAX),
            total: u32::try_from(total).unwrap_or(u32::MAX),
        });
    };
    let report = state.with(|s| import_table(s, kind, &table, options, &mut progress))?;
    state.keep_last_import(kind, name, table, report.clone());
    Ok(report)
}

/// Saves the rejected rows of the last import as .xlsx, the bad cells filled red.
#[tauri::command]
#[specta::specta]
pub async fn import_report_save(state: State<'_, AppState>) -> CmdResult<SavedFile> {
    let (kind, name, sheet) = state
        .with_last_import(|kind, name, table, report| {
            (kind, name.to_string(), rejected_rows_xlsx(table, report))
        })
        .ok_or_else(|| AppError::internal("no import to report on"))?;
    let stem = Path::new(&name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| kind.label().to_string());
    let path = new_file(&format!("{stem}-未导入的行"), "xlsx")?;
    write_xlsx(&path, std::slice::from_ref(&sheet))
        .map_err(|e| AppError::from(xiaoqi_core::CoreError::File(e)))?;
    Ok(saved(
        &path,
        u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX),
    ))
}

/// Saves the import template of a kind.
#[tauri::command]
#[specta::specta]
pub async fn import_template_save(kind: ImportKind) -> CmdResult<SavedFile> {
    let path = new_file(&format!("校企通-{}导入模板", kind.label()), "xlsx")?;
    write_xlsx(&path, &template_xlsx(kind))
        .map_err(|e| AppError::from(xiaoqi_core::CoreError::File(e)))?;
    Ok(saved(&path, 0))
}

/// Exports a list with its filter as .xlsx or .csv (`format`); ID numbers and phones whole
/// only when `whole_ids` (the export log records it).
#[tauri::command]
#[specta::specta]
pub async fn export_save(
    state: State<'_, AppState>,
    kind: ExportKind,
    filter: ExportFilter,
    whole_ids: bool,
    csv: bool,
    operator: Option<String>,
) -> CmdResult<SavedFile> {
    let path = new_file(
        &format!("校企通-{}-{}", kind.label(), today()),
        if csv { "csv" } else { "xlsx" },
    )?;
    // Without a name from the UI, the login name is what the export log can tell.
    let operator = operator
        .filter(|o| !o.trim().is_empty())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok());
    let rows = state.with(|s| {
        xiaoqi_core::export::export(s, kind, &filter, whole_ids, &path, operator.as_deref())
    })?;
    Ok(saved(&path, rows))
}

/// The latest exports, newest first.
#[tauri::command]
#[specta::specta]
pub async fn export_log(state: State<'_, AppState>) -> CmdResult<Vec<ExportLogEntry>> {
    state.with(|s| s.export_log(200))
}

/// Saves a chart as PNG (the image comes base64-encoded from the chart).
#[tauri::command]
#[specta::specta]
pub async fn chart_png_save(title: String, png_base64: String) -> CmdResult<SavedFile> {
    let data = png_base64
        .strip_prefix("data:image/png;base64,")
        .unwrap_or(&png_base64);
    let bytes = decode_base64("image", data)?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(AppError::from(xiaoqi_core::CoreError::invalid(
            "image",
            "not_png",
            "图表图片不是 PNG 格式",
        )));
    }
    let path = new_file(&format!("校企通-{title}"), "png")?;
    std::fs::write(&path, bytes).map_err(|e| {
        AppError::from(xiaoqi_core::CoreError::File(
            xiaoqi_core::sheet::SheetError::CannotWrite {
                path: path.clone(),
                reason: e.to_string(),
            },
        ))
    })?;
    Ok(saved(&path, 0))
}

/// Shows a file the app saved in the system's file manager. Only files in the Downloads
/// folder: a path from the UI is never trusted further.
#[tauri::command]
#[specta::specta]
pub async fn reveal_file(path: String) -> CmdResult<()> {
    let path = PathBuf::from(path);
    let dir = downloads_dir();
    let inside = match (path.canonicalize(), dir.canonicalize()) {
        (Ok(p), Ok(d)) => p.starts_with(&d) && p.is_file(),
        _ => false,
    };
    if !inside {
        return Err(AppError::from(xiaoqi_core::CoreError::invalid(
            "path",
            "outside",
            "只能打开校企通保存在“下载”文件夹里的文件",
        )));
    }
    let folder = path.parent().unwrap_or(&dir).to_path_buf();
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(&folder)
        .spawn()
        .map_err(|e| AppError::internal(format!("cannot open the folder: {e}")))?;
    Ok(())
}
