//! Documents as PDF: an agreement or a cohort's annual report, previewed (the bytes go to the
//! webview, which draws the pages and prints them through the system's dialog), saved to the
//! Downloads folder or where the person chooses in the system's save dialog, and every agreement
//! in force exported at once with progress. Rendering runs off the store's lock.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use xiaoqi_core::model::{AgreementQuery, AgreementStatus};
use xiaoqi_core::paths::{downloads_dir, safe_stem, unused_dir_name, unused_file_name};
use xiaoqi_core::{CoreError, FieldError};
use xiaoqi_pdf::agreement::agreement_pdf;
use xiaoqi_pdf::report::{ReportData, report_pdf};
use xiaoqi_pdf::{Missing, Pdf};

use super::files::{SavedFile, saved};
use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// A character the font lacks, drawn as a red box in the PDF.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MissingChar {
    pub char: String,
    /// `U+XXXX`.
    pub codepoint: String,
    /// The start of the text it is in.
    pub context: String,
}

/// A document to show before saving or printing.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PdfPreview {
    /// The PDF, base64-encoded.
    pub pdf_base64: String,
    pub pages: u32,
    /// The name it is saved under.
    pub file_name: String,
    /// The agreement's fingerprint (empty for a report).
    pub fingerprint: String,
    pub missing: Vec<MissingChar>,
}

/// How far a batch export is.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BatchProgress {
    pub done: u32,
    pub total: u32,
    /// The agreement being written.
    pub number: String,
}

/// An agreement the batch could not print, and why.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SkippedAgreement {
    pub number: String,
    pub partner: String,
    /// What is missing (field errors, translated by the UI).
    pub fields: Vec<FieldError>,
}

/// What a batch export wrote.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BatchReport {
    /// The folder the files are in.
    pub folder: String,
    pub saved: Vec<SavedFile>,
    pub skipped: Vec<SkippedAgreement>,
    /// Characters the font lacks, over all files.
    pub missing: Vec<MissingChar>,
}

fn missing(list: &[Missing]) -> Vec<MissingChar> {
    list.iter()
        .map(|m| MissingChar {
            char: m.ch.to_string(),
            codepoint: format!("U+{:04X}", u32::from(m.ch)),
            context: m.context.clone(),
        })
        .collect()
}

fn cannot_write(path: &Path, e: impl ToString) -> AppError {
    AppError::from(CoreError::File(
        xiaoqi_core::sheet::SheetError::CannotWrite {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
    ))
}

/// Writes beside the target and renames it into place: a crash leaves no half file.
fn write_file(path: &Path, bytes: &[u8]) -> CmdResult<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, e))?;
    }
    xiaoqi_core::sheet::write_atomically(path, bytes)
        .map_err(|e| AppError::from(CoreError::File(e)))
}

fn pdf_error(e: xiaoqi_pdf::PdfError) -> AppError {
    AppError::internal(e.to_string())
}

/// Renders on the blocking pool, off the async runtime's workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
}

/// The agreement's PDF and the name it is saved under.
async fn agreement(state: &AppState, id: &str) -> CmdResult<(Pdf, String, String)> {
    let doc = state.with(|s| s.agreement_document(id))?;
    let name = format!("{} {}.pdf", doc.number, safe_stem(&doc.title));
    let fingerprint = doc.fingerprint.clone();
    let pdf = blocking(move || agreement_pdf(&doc).map_err(pdf_error)).await?;
    Ok((pdf, name, fingerprint))
}

async fn report(state: &AppState, cohort: i32) -> CmdResult<(Pdf, String)> {
    let data = state.with(|s| ReportData::load(s, cohort))?;
    let name = format!(
        "{}{cohort}届毕业生就业质量年度报告.pdf",
        safe_stem(&data.college.name)
    );
    let pdf = blocking(move || report_pdf(&data).map_err(pdf_error)).await?;
    Ok((pdf, name))
}

fn preview(pdf: Pdf, file_name: String, fingerprint: String) -> PdfPreview {
    use base64::Engine;
    PdfPreview {
        pdf_base64: base64::engine::general_purpose::STANDARD.encode(&pdf.bytes),
        pages: u32::try_from(pdf.pages).unwrap_or(u32::MAX),
        file_name,
        fingerprint,
        missing: missing(&pdf.missing),
    }
}

/// Where to save: the Downloads folder under a name not yet taken, or the system's save dialog
/// (`None` when the person cancels it).
fn target(app: &AppHandle, file_name: &str, choose: bool) -> CmdResult<Option<PathBuf>> {
    let stem = file_name.trim_end_matches(".pdf");
    if !choose {
        return Ok(Some(unused_file_name(&downloads_dir(), stem, "pdf")));
    }
    let picked = app
        .dialog()
        .file()
        .set_directory(downloads_dir())
        .set_file_name(file_name)
        .add_filter("PDF", &["pdf"])
        .blocking_save_file();
    let Some(picked) = picked else {
        return Ok(None);
    };
    let mut path = picked
        .into_path()
        .map_err(|e| AppError::internal(format!("save dialog: {e}")))?;
    if path
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("pdf"))
    {
        path.set_extension("pdf");
    }
    Ok(Some(path))
}

/// The agreement's PDF to preview; refused with the missing party details as field errors.
#[tauri::command]
#[specta::specta]
pub async fn agreement_pdf_preview(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<PdfPreview> {
    let (pdf, name, fingerprint) = agreement(&state, &id).await?;
    Ok(preview(pdf, name, fingerprint))
}

/// Writes `pdf` where `target` says; `None` when the save dialog was cancelled.
fn save(app: &AppHandle, pdf: &Pdf, name: &str, choose: bool) -> CmdResult<Option<SavedFile>> {
    let Some(path) = target(app, name, choose)? else {
        return Ok(None);
    };
    write_file(&path, &pdf.bytes)?;
    Ok(Some(saved(&path, 0)))
}

/// Saves the agreement's PDF: to Downloads, or where the person chooses when `choose`
/// (`None` when the dialog was cancelled).
#[tauri::command]
#[specta::specta]
pub async fn agreement_pdf_save(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    choose: bool,
) -> CmdResult<Option<SavedFile>> {
    let (pdf, name, _) = agreement(&state, &id).await?;
    save(&app, &pdf, &name, choose)
}

/// The annual employment-quality report of a cohort, to preview.
#[tauri::command]
#[specta::specta]
pub async fn report_pdf_preview(state: State<'_, AppState>, cohort: i32) -> CmdResult<PdfPreview> {
    let (pdf, name) = report(&state, cohort).await?;
    Ok(preview(pdf, name, String::new()))
}

/// Saves the annual report of a cohort, as `agreement_pdf_save` does.
#[tauri::command]
#[specta::specta]
pub async fn report_pdf_save(
    app: AppHandle,
    state: State<'_, AppState>,
    cohort: i32,
    choose: bool,
) -> CmdResult<Option<SavedFile>> {
    let (pdf, name) = report(&state, cohort).await?;
    save(&app, &pdf, &name, choose)
}

/// Every agreement in force (signed or active) as a PDF in a new folder in Downloads, with
/// progress; agreements with missing party details are listed, not written.
#[tauri::command]
#[specta::specta]
pub async fn agreements_pdf_export(
    state: State<'_, AppState>,
    on_progress: Channel<BatchProgress>,
) -> CmdResult<BatchReport> {
    let mut list = Vec::new();
    for status in [AgreementStatus::Signed, AgreementStatus::Active] {
        let query = AgreementQuery {
            status: Some(status),
            ..Default::default()
        };
        list.extend(state.with(|s| s.agreements(&query))?);
    }
    list.sort_by(|a, b| a.number.cmp(&b.number));
    let today: String = xiaoqi_core::clock::now().chars().take(10).collect();
    let folder = unused_dir_name(&downloads_dir(), &format!("校企通-在约协议-{today}"));
    let total = u32::try_from(list.len()).unwrap_or(u32::MAX);
    let mut out = BatchReport {
        folder: folder.display().to_string(),
        saved: Vec::new(),
        skipped: Vec::new(),
        missing: Vec::new(),
    };
    for (i, a) in list.iter().enumerate() {
        let _ = on_progress.send(BatchProgress {
            done: u32::try_from(i).unwrap_or(u32::MAX),
            total,
            number: a.number.clone(),
        });
        match agreement(&state, &a.id).await {
            Ok((pdf, name, _)) => {
                let path = unused_file_name(&folder, name.trim_end_matches(".pdf"), "pdf");
                write_file(&path, &pdf.bytes)?;
                out.saved.push(saved(&path, 0));
                for m in missing(&pdf.missing) {
                    if !out.missing.iter().any(|o| o.char == m.char) {
                        out.missing.push(m);
                    }
                }
            }
            Err(e) if e.code == "error.invalid" => out.skipped.push(SkippedAgreement {
                number: a.number.clone(),
                partner: a.partner.clone(),
                fields: e.fields,
            }),
            Err(e) => return Err(e),
        }
    }
    let _ = on_progress.send(BatchProgress {
        done: total,
        total,
        number: String::new(),
    });
    Ok(out)
}
