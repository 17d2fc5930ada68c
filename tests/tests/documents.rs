//! Documents as PDF, end to end in the real desktop app (UI embedded, a real window under Xvfb,
//! driven through `tauri-driver` + WebKitWebDriver), on the demo college seeded through the
//! `xiaoqi` CLI and with its own Downloads folder (`XIAOQI_DOWNLOAD_DIR`):
//!
//! - `preview_save_print_and_export`: on 协议, an agreement's row action "PDF" opens the preview:
//!   pdf.js (the real one, in WebKit, under the app's CSP) draws one canvas per page, as many as
//!   the PDF has (`pdfinfo`), with ink on them, and the fingerprint is the one `xiaoqi pdf
//!   agreement` prints; 保存到“下载” writes a PDF (`%PDF`, `pdftotext` finds the agreement's
//!   number); 打印 makes one print image per page before it calls `window.print`; 导出全部在约协议
//!   PDF writes one PDF per agreement in force (`xiaoqi agreements list --status 已签署|履行中`)
//!   into a new folder in Downloads; on 统计, 年度报告 PDF draws the cohort's report, as many pages
//!   as `xiaoqi pdf report` makes. With the college's address cleared (through the CLI), the
//!   preview lists what is missing instead of pages; 填写学校信息 opens the college profile, and
//!   once the address is saved the pages are drawn.
//!
//! Same needs as `desktop.rs` (`make e2e`) plus poppler-utils; screenshots and logs go to
//! `tests/artifacts/`.

mod harness;
mod ui;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use harness::{
    ONE_AT_A_TIME, Session, TestResult, cli_json, ensure, files_in, new_file, run_cli, skipped,
};
use serde_json::Value;
use ui::{Ui, tid};
use xiaoqi_tests::on_path;

const COHORT: i64 = 2024;
const COHORT_LABEL: &str = "2024 届";

#[tokio::test(flavor = "multi_thread")]
async fn preview_save_print_and_export() -> TestResult {
    let name = "documents_pdf";
    if skipped(name) {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join(format!("{name}.db"));
    run_cli(&db, &["demo"])?;
    let work = dir.path().join("cli");
    std::fs::create_dir_all(&work)?;
    let session = Session::start(name, dir, db).await?;
    let downloads = session.downloads.clone();
    session
        .run(async move |ui: &Ui, db: &Path| documents(ui, db, &downloads, &work).await)
        .await
}

/// A poppler tool's output for `pdf`.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> Result<String, String> {
    let program = on_path(tool, "poppler-utils")?;
    let out = Command::new(program)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .map_err(|e| format!("cannot run {tool}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{tool} {} failed: {}",
            pdf.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The number of pages of a PDF, as `pdfinfo` reads it.
fn page_count(pdf: &Path) -> Result<u64, String> {
    let program = on_path("pdfinfo", "poppler-utils")?;
    let out = Command::new(program)
        .arg(pdf)
        .output()
        .map_err(|e| format!("cannot run pdfinfo: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("pdfinfo {} says no page count:\n{text}", pdf.display()))
}

/// The agreements in force: signed (已签署) or being carried out (履行中).
fn in_force(db: &Path) -> Result<Vec<String>, String> {
    let mut numbers = Vec::new();
    for status in ["已签署", "履行中"] {
        let listed = cli_json(db, &["agreements", "list", "--status", status, "--json"])?;
        let listed = listed
            .as_array()
            .ok_or_else(|| format!("agreements list: expected an array, got {listed}"))?;
        numbers.extend(
            listed
                .iter()
                .filter_map(|a| a["number"].as_str().map(str::to_string)),
        );
    }
    Ok(numbers)
}

/// Evaluates `expression` in the page until it is truthy; returns its value.
async fn wait_js(
    ui: &Ui,
    expression: &str,
    what: &str,
    timeout: Duration,
) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
    let start = Instant::now();
    let mut last;
    loop {
        match ui
            .wd
            .execute(format!("return ({expression})"), Vec::new())
            .await
        {
            Ok(ret) => {
                last = ret.json().clone();
                let truthy = match &last {
                    Value::Null => false,
                    Value::Bool(b) => *b,
                    Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
                    Value::String(s) => !s.is_empty(),
                    _ => true,
                };
                if truthy {
                    return Ok(last);
                }
            }
            Err(e) => last = Value::String(e.to_string()),
        }
        if start.elapsed() > timeout {
            return Err(
                format!("timed out after {timeout:?} waiting for {what}; last: {last}").into(),
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the preview shows `pages` canvases, every one drawn by pdf.js, with ink on the
/// first (dark pixels, sampled).
async fn pages_drawn(ui: &Ui, pages: u64, what: &str) -> TestResult {
    let drawn = format!(
        "(() => {{ const c = document.querySelectorAll(\"[data-testid='pdf-page']\"); \
         return c.length === {pages} && Array.from(c).every((x) => x.dataset.drawn === 'true') }})()"
    );
    wait_js(
        ui,
        &drawn,
        &format!("{pages} pages of {what} drawn"),
        Duration::from_secs(120),
    )
    .await?;
    let count = ui
        .wd
        .execute(
            "return document.querySelectorAll(\"[data-testid='pdf-page']\").length",
            Vec::new(),
        )
        .await?
        .convert::<u64>()?;
    ensure(count == pages, || {
        format!("{what}: {count} canvases for {pages} pages")
    })?;
    let ink = ui
        .wd
        .execute(
            "const c = document.querySelector(\"[data-testid='pdf-page']\"); \
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
             let dark = 0; for (let i = 0; i < d.length; i += 4 * 7) if (d[i] < 100 && d[i + 3] > 0) dark++; \
             return dark",
            Vec::new(),
        )
        .await?
        .convert::<u64>()?;
    ensure(ink > 100, || {
        format!("the first page of {what} looks blank ({ink} dark pixels sampled)")
    })
}

/// The folder a batch export made in Downloads (the only directory there).
fn export_folder(downloads: &Path) -> Result<PathBuf, String> {
    let dirs: Vec<PathBuf> = std::fs::read_dir(downloads)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    match dirs.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!(
            "expected one new folder in {}, found {dirs:?}",
            downloads.display()
        )),
    }
}

async fn documents(ui: &Ui, db: &Path, downloads: &Path, work: &Path) -> TestResult {
    // ---- the agreements page: the preview of the first agreement listed --------------------------------
    ui.click(&tid("nav-agreements")).await?;
    ui.visible(&tid("agreement-row")).await?;
    let number = ui
        .visible(&tid("agreement-row-number"))
        .await?
        .text()
        .await?
        .trim()
        .to_string();
    // What the CLI makes of the same agreement: its pages and fingerprint.
    let reference = work.join("agreement.pdf");
    let said = run_cli(
        db,
        &[
            "pdf",
            "agreement",
            &number,
            &reference.display().to_string(),
        ],
    )?;
    let pages = page_count(&reference)?;
    let fingerprint = said
        .rsplit("核验指纹")
        .next()
        .map(|f| f.trim().to_string())
        .filter(|f| f.len() == 14)
        .ok_or_else(|| format!("xiaoqi pdf agreement printed no fingerprint: {said}"))?;

    ui.click(&tid("agreement-pdf")).await?;
    ui.visible(&tid("agreement-pdf-dialog")).await?;
    pages_drawn(ui, pages, &format!("agreement {number}")).await?;
    ui.wait_text(&tid("pdf-page-count"), &format!("共 {pages} 页"))
        .await?;
    ui.wait_text(&tid("pdf-fingerprint"), &format!("核验指纹 {fingerprint}"))
        .await?;
    ui.screenshot("documents-agreement-preview").await?;

    // ---- 保存到“下载” ------------------------------------------------------------------------------------
    let before = files_in(downloads);
    ui.click(&tid("pdf-save")).await?;
    let saved = new_file(downloads, &before, ".pdf").await?;
    let bytes = std::fs::read(&saved)?;
    ensure(bytes.starts_with(b"%PDF"), || {
        format!("{} is not a PDF", saved.display())
    })?;
    let text = poppler("pdftotext", &["-layout"], &saved)?;
    ensure(text.contains(&number), || {
        format!(
            "the saved PDF {} does not name agreement {number}:\n{text}",
            saved.display()
        )
    })?;
    ensure(page_count(&saved)? == pages, || {
        format!("the saved PDF has not {pages} pages")
    })?;
    ui.wait_text_containing(&tid("saved-file-name"), &number)
        .await?;
    ui.visible(&tid("saved-file-reveal")).await?;

    // ---- 打印 ---------------------------------------------------------------------------------------------
    // The system's print dialog is native (GTK here), out of WebDriver's reach: window.print is
    // replaced by a function that records what it would have printed — the print images, one
    // per page, and whether each is loaded.
    ui.wd
        .execute(
            "window.__printed = []; window.print = () => { \
               const imgs = Array.from(document.querySelectorAll(\"[data-testid='print-page']\")); \
               window.__printed.push({ count: imgs.length, loaded: imgs.every((i) => i.complete && i.naturalWidth > 0), \
                 width: imgs.length ? imgs[0].naturalWidth : 0, \
                 alone: document.body.classList.contains('pdf-printing') }); }",
            Vec::new(),
        )
        .await?;
    ui.click(&tid("pdf-print")).await?;
    let printed = wait_js(
        ui,
        "window.__printed.length > 0 && window.__printed[0]",
        "window.print to be called",
        Duration::from_secs(120),
    )
    .await?;
    ensure(
        printed["count"].as_u64() == Some(pages)
            && printed["loaded"] == true
            && printed["alone"] == true
            // A4 (595 pt) at 200 dpi: 1,653 pixels wide.
            && printed["width"].as_u64().is_some_and(|w| w > 1500),
        || format!("window.print was called with {printed} for {pages} pages"),
    )?;
    ui.click_and_settle(&tid("pdf-close")).await?;
    ui.wait_gone(&tid("agreement-pdf-dialog")).await?;

    // ---- 导出全部在约协议 PDF ---------------------------------------------------------------------------
    let numbers = in_force(db)?;
    ensure(numbers.len() >= 2, || {
        format!("the demo should have several agreements in force: {numbers:?}")
    })?;
    ui.click(&tid("agreement-pdf-export")).await?;
    ui.wait_text(
        &tid("batch-count"),
        &format!("已写入 {} 份协议 PDF", numbers.len()),
    )
    .await?;
    ensure(
        ui.wd
            .find_all(thirtyfour::By::Css(tid("batch-skipped-row")))
            .await?
            .is_empty(),
        || "the demo's agreements are complete, yet some were skipped".to_string(),
    )?;
    ui.screenshot("documents-batch-export").await?;
    let folder = export_folder(downloads)?;
    let pdfs: Vec<String> = files_in(&folder)
        .into_iter()
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    ensure(pdfs.len() == numbers.len(), || {
        format!(
            "{} holds {pdfs:?}, for the {} agreements in force {numbers:?}",
            folder.display(),
            numbers.len()
        )
    })?;
    for n in &numbers {
        ensure(pdfs.iter().any(|p| p.starts_with(n.as_str())), || {
            format!("no PDF of {n} in {pdfs:?}")
        })?;
    }
    ui.visible(&tid("batch-reveal")).await?;
    ui.click_and_settle(&tid("batch-close")).await?;
    ui.wait_gone(&tid("batch-export")).await?;

    // ---- 统计: the annual report ----------------------------------------------------------------------
    let report = work.join("report.pdf");
    run_cli(
        db,
        &[
            "pdf",
            "report",
            "--cohort",
            &COHORT.to_string(),
            &report.display().to_string(),
        ],
    )?;
    let report_pages = page_count(&report)?;
    ui.click(&tid("nav-statistics")).await?;
    ui.choose(&tid("stats-cohort"), COHORT_LABEL).await?;
    ui.visible(&tid("stats-kpi-graduates-value")).await?;
    ui.click(&tid("stats-report-pdf")).await?;
    ui.wait_text_containing(
        "[data-testid='report-pdf-dialog'] .el-dialog__title",
        &format!("{COHORT} 届毕业生就业质量年度报告"),
    )
    .await?;
    pages_drawn(ui, report_pages, &format!("the {COHORT} report")).await?;
    ui.wait_text(&tid("pdf-page-count"), &format!("共 {report_pages} 页"))
        .await?;
    ui.screenshot("documents-report-preview").await?;
    ui.click_and_settle(&tid("pdf-close")).await?;
    ui.wait_gone(&tid("report-pdf-dialog")).await?;

    // ---- refused while a party's details are missing, and completed from the refusal -----------------
    // The college's address cleared behind the app's back (as a sync from another PC might).
    run_cli(db, &["college", "update", "--json", r#"{"address": ""}"#])?;
    ui.click(&tid("nav-agreements")).await?;
    ui.click(&tid("agreement-pdf")).await?;
    ui.wait_text_containing(&tid("pdf-refused-item"), "缺少地址")
        .await?;
    ui.wait_text_containing(&tid("pdf-refused-college"), "甲方（学校）")
        .await?;
    ensure(
        ui.wd
            .find_all(thirtyfour::By::Css(tid("pdf-page")))
            .await?
            .is_empty(),
        || "a refused agreement shows pages".to_string(),
    )?;
    ui.screenshot("documents-refused").await?;
    ui.click_and_settle(&tid("pdf-fix-college")).await?;
    ui.visible(&tid("college-form")).await?;
    ui.wait_value(&tid("college-address"), "").await?;
    let address = "广东省东莞市松山湖高新技术产业开发区学府路9号";
    ui.fill(&tid("college-address"), address).await?;
    ui.click(&tid("college-save")).await?;
    ui.wait_gone(&tid("college-form")).await?;
    // Saved, the preview is made again.
    pages_drawn(ui, pages, &format!("agreement {number} once completed")).await?;
    let college = cli_json(db, &["college", "get", "--json"])?;
    ensure(college["address"] == address, || {
        format!(
            "the college's address after the fix: {}",
            college["address"]
        )
    })?;
    Ok(())
}
