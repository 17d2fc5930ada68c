//! `xiaoqi pdf agreement|report` and `xiaoqi verify-agreement`: documents written as PDF, and a
//! printed agreement's fingerprint checked against the records.

use std::path::Path;

use xiaoqi_core::{CoreError, Store};
use xiaoqi_pdf::agreement::agreement_pdf;
use xiaoqi_pdf::report::{ReportData, report_pdf};
use xiaoqi_pdf::{Missing, Pdf};

use crate::Failure;
use crate::args::PdfCmd;

pub fn pdf(store: &Store, cmd: PdfCmd) -> Result<(), Failure> {
    match cmd {
        PdfCmd::Agreement { agreement, out } => {
            let doc = store
                .agreement_document(&agreement)
                .map_err(|e| incomplete(&agreement, e))?;
            let pdf = agreement_pdf(&doc).map_err(|e| Failure::Environment(e.to_string()))?;
            save(&pdf, &out)?;
            println!(
                "{}：{} 页，核验指纹 {}",
                out.display(),
                pdf.pages,
                doc.fingerprint
            );
            Ok(())
        }
        PdfCmd::Report { cohort, out } => {
            let data = ReportData::load(store, cohort)?;
            let pdf = report_pdf(&data).map_err(|e| Failure::Environment(e.to_string()))?;
            save(&pdf, &out)?;
            println!("{}：{} 页", out.display(), pdf.pages);
            Ok(())
        }
    }
}

/// A refusal listing every missing party detail, one a line.
fn incomplete(key: &str, e: CoreError) -> Failure {
    match e {
        CoreError::Invalid(errs) => {
            let lines: Vec<String> = errs
                .0
                .iter()
                .map(|e| format!("  - {}", e.message))
                .collect();
            Failure::Invalid(format!(
                "协议 {key} 的资料不全，未生成 PDF。请先补齐：\n{}",
                lines.join("\n")
            ))
        }
        other => other.into(),
    }
}

/// Writes the PDF beside `out` and renames it into place, so a crash leaves no half file; then
/// names on stderr the characters the font lacks.
fn save(pdf: &Pdf, out: &Path) -> Result<(), Failure> {
    xiaoqi_core::sheet::write_atomically(out, &pdf.bytes)
        .map_err(|e| Failure::Environment(e.to_string()))?;
    warn_missing(&pdf.missing);
    Ok(())
}

fn warn_missing(missing: &[Missing]) {
    if missing.is_empty() {
        return;
    }
    eprintln!("注意：以下字符字体中没有，PDF 中以红框标出，请核对原记录：");
    for m in missing {
        eprintln!("  {} (U+{:04X})，见“{}”", m.ch, u32::from(m.ch), m.context);
    }
}

/// Exit 0 when `fingerprint` matches agreement `number`'s current content, 1 when not.
pub fn verify(store: &Store, number: &str, fingerprint: &str, json: bool) -> Result<(), Failure> {
    let v = store.verify_agreement(number, fingerprint)?;
    if json {
        crate::print_json(&v);
    } else if v.matches {
        println!(
            "一致：协议 {}《{}》（{}）与记录相符，指纹 {}",
            v.number, v.title, v.status, v.current
        );
    } else if v.given.is_none() {
        println!("不一致：“{fingerprint}”不是有效的核验指纹（12 位十六进制，如 3F9A-21C0-7B4E）");
    } else {
        println!(
            "不一致：协议 {} 现在的指纹是 {}，纸质件上的 {} 与当前记录不符（协议内容已改动，或不是这份协议）",
            v.number,
            v.current,
            v.given.as_deref().unwrap_or_default()
        );
    }
    if v.matches {
        Ok(())
    } else {
        Err(Failure::Mismatch)
    }
}
