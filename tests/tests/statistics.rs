//! The statistics dashboard and the compliance check, end to end in the real desktop app (UI
//! embedded, a real window under Xvfb, driven through `tauri-driver` + WebKitWebDriver), on the demo
//! college seeded through the `xiaoqi` CLI and with its own Downloads folder (`XIAOQI_DOWNLOAD_DIR`):
//!
//! - `dashboard_drill_down_export_and_check`: cohort 2024 chosen on 统计; the KPI cards show the
//!   employment rate with its count and the graduates as `xiaoqi report employment` computes them;
//!   a program's row in the table and then a bar of the employment-rate chart (clicked on the canvas)
//!   each list exactly as many graduates as the figure says; the chart is exported as a PNG into the
//!   Downloads folder; the 上报前检查 tab counts the warnings as `xiaoqi report compliance` does.
//!
//! Same needs as `desktop.rs` (`make e2e`); screenshots and logs go to `tests/artifacts/`.

mod harness;
mod ui;

use std::path::Path;

use harness::{
    ONE_AT_A_TIME, Session, TestResult, cli_json, ensure, files_in, new_file, run_cli, skipped,
};
use serde_json::{Value, json};
use ui::{Ui, tid};
use xiaoqi_tests::artifacts_dir;

const COHORT: i64 = 2024;
const COHORT_LABEL: &str = "2024 届";
/// The employment-rate chart's title, which is also the exported file's name.
const CHART_TITLE: &str = "各专业就业率（2024 届）";

/// A count as the UI writes it: thousands separated by commas ("1,204").
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

/// "74.0%（385 / 520）": a rate with its count, as the UI writes it.
fn rate_text(rate: f64, count: u64, total: u64) -> String {
    format!(
        "{:.1}%（{} / {}）",
        rate * 100.0,
        thousands(count),
        thousands(total)
    )
}

fn number(value: &Value, what: &str) -> Result<u64, String> {
    value
        .as_u64()
        .ok_or_else(|| format!("{what}: expected a count, got {value}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn dashboard_drill_down_export_and_check() -> TestResult {
    let name = "statistics_dashboard";
    if skipped(name) {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join(format!("{name}.db"));
    run_cli(&db, &["demo"])?;
    let session = Session::start(name, dir, db).await?;
    let downloads = session.downloads.clone();
    session
        .run(async move |ui: &Ui, db: &Path| dashboard(ui, db, &downloads).await)
        .await
}

/// The graduates listed in the drill-down drawer: waits until the drawer says `count` and lists
/// exactly that many, then closes it.
async fn drawer_lists(ui: &Ui, count: u64, what: &str) -> TestResult {
    ui.visible(&tid("stats-behind")).await?;
    // The figure in the title, the list's count below it.
    ui.wait_text_containing(".el-drawer__title", &format!("：{} 人", thousands(count)))
        .await?;
    ui.wait_text(
        &tid("stats-behind-count"),
        &format!("共 {} 人", thousands(count)),
    )
    .await?;
    ui.wait_texts(
        &tid("stats-behind-name"),
        &format!("{count} graduates listed behind {what}"),
        |names| names.len() as u64 == count,
    )
    .await?;
    Ok(())
}

async fn close_drawer(ui: &Ui) -> TestResult {
    ui.click_and_settle("[data-testid='stats-behind'] .el-drawer__close-btn")
        .await?;
    ui.wait_gone(&tid("stats-behind")).await?;
    Ok(())
}

async fn dashboard(ui: &Ui, db: &Path, downloads: &Path) -> TestResult {
    let cohort = COHORT.to_string();
    let report = cli_json(db, &["report", "employment", "--cohort", &cohort, "--json"])?;
    let graduates = number(&report["graduates"], "graduates")?;
    let employed = number(&report["counts"]["employed"], "employed")?;
    let rate = report["rates"]["employment"]
        .as_f64()
        .ok_or_else(|| format!("no employment rate in {}", report["rates"]))?;
    let programs = report["by_program"]
        .as_array()
        .ok_or("no by_program in the report")?;
    ensure(programs.len() >= 2, || {
        format!("the demo's cohort {COHORT} should have several programs: {programs:?}")
    })?;
    let employed_of = |i: usize| number(&programs[i]["counts"]["employed"], "a program's employed");

    // ---- the overview: the CLI's figures, each rate with its count -----------------------------------------
    ui.click(&tid("nav-statistics")).await?;
    ui.choose(&tid("stats-cohort"), COHORT_LABEL).await?;
    ui.wait_text(
        &tid("stats-kpi-graduates-value"),
        &format!("{} 人", thousands(graduates)),
    )
    .await?;
    ui.wait_text(
        &tid("stats-kpi-employment-value"),
        &rate_text(rate, employed, graduates),
    )
    .await?;
    let code_list = report["code_list"].as_str().unwrap_or_default();
    ui.wait_text(
        &tid("stats-code-list"),
        &format!("去向代码表 {code_list} 版"),
    )
    .await?;
    ui.screenshot("statistics-overview").await?;

    // The table by program: a program's name (a link, reachable by keyboard) opens its employed graduates.
    let first = programs[0]["program"].as_str().unwrap_or_default();
    ui.wait_texts(
        &tid("stats-program-name"),
        "the programs in the table",
        |names| names.first().is_some_and(|n| n == first),
    )
    .await?;
    ui.click(&tid("stats-program-name")).await?;
    drawer_lists(ui, employed_of(0)?, first).await?;
    close_drawer(ui).await?;

    // ---- the charts: a bar clicked on the canvas opens the graduates behind it --------------------------------
    ui.click(&tid("stats-tab-charts")).await?;
    let canvas = ui
        .visible("[data-testid='stats-chart-by-program-canvas'] canvas")
        .await?;
    let size = ui
        .wd
        .execute(
            "const c = arguments[0]; return [c.width, c.height]",
            vec![canvas.to_json()?],
        )
        .await?
        .convert::<Vec<u64>>()?;
    ensure(size.iter().all(|&v| v > 100), || {
        format!("the employment-rate chart's canvas is {size:?} pixels")
    })?;
    ui.wait_still().await?;
    ui.screenshot("statistics-charts").await?;
    // The other charts drew too (the demo has figures for all of them): a screenshot of each row.
    for chart in ["mix", "salary", "industry", "partners", "fairs"] {
        ui.wd
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' })",
                vec![json!(tid(&format!("stats-chart-{chart}")))],
            )
            .await?;
        ui.visible(&format!(
            "[data-testid='stats-chart-{chart}-canvas'] canvas"
        ))
        .await?;
        ui.screenshot(&format!("statistics-charts-{chart}")).await?;
    }

    // Where ECharts drew the second program's bar (the chart's test hook), clicked as a person would.
    let point = ui
        .wd
        .execute(
            "const host = document.querySelector(\"[data-testid='stats-chart-by-program-canvas']\");
             host.scrollIntoView({ block: 'center' });
             const p = host.xiaoqiChart && host.xiaoqiChart.pointOf(arguments[0]);
             if (!p) return null;
             const r = host.getBoundingClientRect();
             return [Math.round(r.left + p[0]), Math.round(r.top + p[1])];",
            vec![json!(1)],
        )
        .await?
        .convert::<Option<Vec<i64>>>()?
        .ok_or("the employment-rate chart has no bar for the second program")?;
    ui.wd
        .action_chain()
        .move_to(point[0], point[1])
        .click()
        .perform()
        .await?;
    let second = programs[1]["program"].as_str().unwrap_or_default();
    drawer_lists(ui, employed_of(1)?, second).await?;
    ui.wait_text_containing(".el-drawer__title", second).await?;
    ui.screenshot("statistics-drill-down").await?;
    close_drawer(ui).await?;

    // ---- the chart as a PNG in the Downloads folder ----------------------------------------------------------
    let before = files_in(downloads);
    ui.click(&tid("stats-chart-by-program-export")).await?;
    let png = new_file(downloads, &before, ".png").await?;
    let file_name = format!("校企通-{CHART_TITLE}.png");
    ensure(
        png.file_name()
            .is_some_and(|n| n.to_string_lossy() == file_name),
        || format!("the chart was saved as {}", png.display()),
    )?;
    ui.wait_text(&tid("saved-file-name"), &file_name).await?;
    let bytes = std::fs::read(&png).map_err(|e| format!("cannot read {}: {e}", png.display()))?;
    ensure(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 24,
        || format!("{} is not a PNG ({} bytes)", png.display(), bytes.len()),
    )?;
    // Kept beside the screenshots, to look at.
    std::fs::write(
        artifacts_dir().join("statistics-exported-chart.png"),
        &bytes,
    )?;
    // Drawn at twice the screen's resolution: wider than the canvas on screen.
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    ensure(u64::from(width) >= size[0] * 2 - 2, || {
        format!(
            "the PNG is {width} pixels wide, the chart {} on screen",
            size[0]
        )
    })?;

    // ---- 上报前检查: the same warnings as the CLI's check ------------------------------------------------------
    let check = cli_json(db, &["report", "compliance", "--cohort", &cohort, "--json"])?;
    let items = check["items"].as_array().ok_or("no items in the check")?;
    let counts = check["counts"]
        .as_object()
        .ok_or("no counts in the check")?;
    ui.click(&tid("stats-tab-compliance")).await?;
    ui.wait_text(
        &tid("stats-compliance-total"),
        &format!("共 {} 条提示", thousands(items.len() as u64)),
    )
    .await?;
    for (code, n) in counts {
        let n = number(n, code)?;
        ui.wait_text(
            &tid(&format!(
                "stats-compliance-count-{}",
                code.replace('.', "-")
            )),
            &thousands(n),
        )
        .await?;
    }
    let warned = number(&check["graduates_with_warnings"], "graduates_with_warnings")?;
    ui.wait_text_containing(
        &tid("stats-compliance-summary"),
        &format!("其中 {} 人有需要处理的提示", thousands(warned)),
    )
    .await?;
    ui.wait_text_containing(&tid("stats-compliance-line"), "并非官方标准")
        .await?;

    // A kind of warning as a filter: the list shows that kind only.
    if let Some((code, n)) = counts.iter().next() {
        let n = number(n, code)?;
        ui.click(&tid(&format!(
            "stats-compliance-kind-{}",
            code.replace('.', "-")
        )))
        .await?;
        ui.wait_text_containing(
            &tid("stats-compliance-total"),
            &format!("{} 条", thousands(n)),
        )
        .await?;
    }
    ui.screenshot("statistics-compliance").await?;
    Ok(())
}
