//! Importing and exporting files, end to end in the real desktop app (UI embedded, a real window
//! under Xvfb, driven through `tauri-driver` + WebKitWebDriver), on a fresh database seeded through
//! the `xiaoqi` CLI and with its own Downloads folder (`XIAOQI_DOWNLOAD_DIR`):
//!
//! - `import_graduates_then_export`: a CSV of graduates (UTF-8 with a BOM, as Excel saves it) with
//!   three good rows and one whose ID number has a wrong check digit is imported from the 毕业生
//!   page: the counts, the rejected row's number and reason, the rejected rows saved as .xlsx in the
//!   Downloads folder; the CLI then finds exactly the three good graduates. The list is exported as
//!   .xlsx, then as CSV (ID numbers masked), then as CSV with whole numbers after the confirmation.
//!
//! Same needs as `desktop.rs` (`make e2e`); screenshots and logs go to `tests/artifacts/`.

mod harness;
mod ui;

use std::path::Path;

use harness::{
    ONE_AT_A_TIME, Session, TestResult, cli_add, cli_json, ensure, files_in, new_file, skipped,
};
use serde_json::json;
use thirtyfour::prelude::*;
use ui::{Ui, tid};

const PROGRAM: &str = "工业机器人应用与维护";
const FILE_NAME: &str = "2025届毕业生名单.csv";

/// A resident ID number (GB 11643): the 17 digits and their check character.
fn id_number(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    format!("{first17}{}", CHECK[(sum % 11) as usize] as char)
}

/// The same number with a check character it cannot have.
fn wrong_check(id: &str) -> String {
    let (body, check) = id.split_at(17);
    let wrong = if check == "1" { "2" } else { "1" };
    format!("{body}{wrong}")
}

/// One graduate of the file: name, student number, ID number, phone.
struct Row {
    name: &'static str,
    number: &'static str,
    id: String,
    phone: &'static str,
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "陈小明",
            number: "2025101",
            id: id_number("44190020030115123"),
            phone: "13812345678",
        },
        // Row 3 as Excel numbers it (the header is row 1): a wrong check digit.
        Row {
            name: "周杰",
            number: "2025102",
            id: wrong_check(&id_number("44190020030220456")),
            phone: "13912345678",
        },
        Row {
            name: "林晓红",
            number: "2025103",
            id: id_number("44190020021130789"),
            phone: "13712345678",
        },
        Row {
            name: "黄志强",
            number: "2025104",
            id: id_number("44190020030505321"),
            phone: "13612345678",
        },
    ]
}

/// The file as a career office has it: UTF-8 with a BOM (what Excel writes for "CSV UTF-8").
fn write_csv(path: &Path, rows: &[Row]) -> Result<(), String> {
    // As Excel on Windows saves it: a BOM and CRLF line ends.
    let mut text = String::from("\u{feff}姓名,性别,学号,身份证号,手机号码,专业,毕业年份,班级\r\n");
    for r in rows {
        text.push_str(&format!(
            "{},男,{},{},{},{PROGRAM},2025,机器人2班\r\n",
            r.name, r.number, r.id, r.phone
        ));
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// An .xlsx file is a ZIP archive.
fn ensure_xlsx(path: &Path) -> TestResult {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    ensure(
        bytes.starts_with(b"PK\x03\x04") && bytes.len() > 200,
        || {
            format!(
                "{} is not an .xlsx file ({} bytes)",
                path.display(),
                bytes.len()
            )
        },
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn import_graduates_then_export() -> TestResult {
    let name = "files_import_export";
    if skipped(name) {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join(format!("{name}.db"));
    cli_add(
        &db,
        "programs",
        json!({ "name": PROGRAM, "code": "0126-4", "level": "高级工", "length_years": 3 }),
    )?;
    let csv = dir.path().join(FILE_NAME);
    write_csv(&csv, &rows())?;
    let session = Session::start(name, dir, db).await?;
    let downloads = session.downloads.clone();
    session
        .run(async move |ui: &Ui, db: &Path| import_export(ui, db, &csv, &downloads).await)
        .await
}

async fn import_export(ui: &Ui, db: &Path, csv: &Path, downloads: &Path) -> TestResult {
    let rows = rows();
    let good: Vec<&Row> = rows.iter().filter(|r| r.number != "2025102").collect();

    // ---- import -------------------------------------------------------------------------------------------
    ui.visible(&tid("graduate-empty")).await?;
    ui.click_and_settle(&tid("graduate-import")).await?;
    ui.wait_text_containing(&tid("import-explain"), "按学号对应")
        .await?;
    // The file chooser is the system's; WebDriver hands the path to the file input behind the button.
    let input = ui.wd.find(By::Css(tid("import-file"))).await?;
    input.send_keys(csv.display().to_string()).await?;
    ui.wait_text_containing(&tid("import-file-name"), FILE_NAME)
        .await?;
    ui.click(&tid("import-run")).await?;

    ui.wait_text(&tid("import-count-inserted"), "3").await?;
    ui.wait_text(&tid("import-count-updated"), "0").await?;
    ui.wait_text(&tid("import-count-unchanged"), "0").await?;
    ui.wait_text(&tid("import-count-rejected"), "1").await?;
    ui.wait_texts(&tid("import-rejected-row"), "one rejected row", |r| {
        r.len() == 1
    })
    .await?;
    ui.wait_text(&tid("import-rejected-line"), "3").await?;
    ui.wait_text(&tid("import-rejected-column"), "身份证号")
        .await?;
    ui.wait_text(&tid("import-rejected-value"), &rows[1].id)
        .await?;
    ui.wait_text_containing(&tid("import-rejected-reason"), "校验")
        .await?;
    ui.wait_text_containing(&tid("import-result-summary"), "下面 1 行没有导入")
        .await?;
    ui.screenshot("files-import-result").await?;

    // The rejected rows, as .xlsx in the Downloads folder, named after the file.
    let before = files_in(downloads);
    ui.click(&tid("import-save-rejected")).await?;
    let rejected = new_file(downloads, &before, ".xlsx").await?;
    ensure(
        rejected
            .file_name()
            .is_some_and(|n| n.to_string_lossy() == "2025届毕业生名单-未导入的行.xlsx"),
        || format!("rejected rows saved as {}", rejected.display()),
    )?;
    ensure_xlsx(&rejected)?;
    ui.wait_text_containing(&tid("saved-file-name"), "未导入的行")
        .await?;
    ui.visible(&tid("saved-file-reveal")).await?;

    // The notice sits in the bottom-right corner, over the dialog's buttons when the folder's
    // path wraps: put it away first, as a person would before pressing 完成 — once it has slid in
    // (a click while it moves lands where its close button no longer is).
    ui.wait_animations().await?;
    ui.click(".saved-file-notice .el-notification__closeBtn")
        .await?;
    ui.wait_gone(".saved-file-notice").await?;
    ui.click(&tid("import-done")).await?;
    ui.wait_gone(&tid("import-dialog")).await?;

    // The list reloaded with the three good graduates, their numbers masked.
    ui.wait_texts(
        &tid("graduate-row-name"),
        "the 3 imported graduates",
        |names| {
            let mut names = names.to_vec();
            names.sort();
            let mut want: Vec<String> = good.iter().map(|r| r.name.to_string()).collect();
            want.sort();
            names == want
        },
    )
    .await?;
    ui.wait_text(&tid("graduate-total"), "共 3 人").await?;

    // Exactly the three good graduates, whole numbers, in the database.
    let listed = cli_json(db, &["graduates", "list", "--json"])?;
    let listed = listed
        .as_array()
        .ok_or_else(|| format!("graduates list: expected an array, got {listed}"))?;
    let mut numbers: Vec<&str> = listed
        .iter()
        .filter_map(|g| g["student_number"].as_str())
        .collect();
    numbers.sort();
    ensure(numbers == ["2025101", "2025103", "2025104"], || {
        format!("graduates after the import: {numbers:?}")
    })?;
    for row in &good {
        let graduate = listed
            .iter()
            .find(|g| g["student_number"] == row.number)
            .ok_or_else(|| format!("{} missing", row.number))?;
        ensure(
            graduate["name"] == row.name
                && graduate["id_number"] == row.id.as_str()
                && graduate["phone"] == row.phone
                && graduate["program"] == PROGRAM
                && graduate["cohort"] == 2025
                && graduate["class_name"] == "机器人2班",
            || format!("graduate {} as imported: {graduate}", row.number),
        )?;
    }

    // ---- export -------------------------------------------------------------------------------------------
    // .xlsx, numbers masked (the default).
    let before = files_in(downloads);
    ui.click_and_settle(&tid("graduate-export")).await?;
    ui.click(&tid("graduate-export-xlsx")).await?;
    let xlsx = new_file(downloads, &before, ".xlsx").await?;
    ensure(
        xlsx.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("校企通-毕业生-")),
        || format!("export saved as {}", xlsx.display()),
    )?;
    ensure_xlsx(&xlsx)?;
    ui.wait_text_containing(&tid("saved-file-name"), "校企通-毕业生-")
        .await?;

    // CSV: readable here, so the masking can be seen.
    let before = files_in(downloads);
    ui.click_and_settle(&tid("graduate-export")).await?;
    ui.click(&tid("graduate-export-csv")).await?;
    let masked = new_file(downloads, &before, ".csv").await?;
    let text = std::fs::read_to_string(&masked)?;
    let first = &good[0];
    ensure(
        text.contains(first.name)
            && text.contains(&format!("{}**********{}", &first.id[..4], &first.id[14..]))
            && !text.contains(&first.id)
            && !text.contains(first.phone),
        || format!("the masked CSV export holds:\n{text}"),
    )?;

    // Whole numbers only after the confirmation.
    let before = files_in(downloads);
    ui.click_and_settle(&tid("graduate-export")).await?;
    ui.click(&tid("graduate-export-whole")).await?;
    // The menu stays open with the choice ticked.
    ui.visible("[data-testid='graduate-export-whole'][aria-checked='true']")
        .await?;
    ui.click(&tid("graduate-export-csv")).await?;
    ui.wait_text_containing(".el-message-box__message", "导出日志")
        .await?;
    ui.click(".el-message-box__btns .el-button--primary")
        .await?;
    ui.wait_gone(".el-message-box").await?;
    let whole = new_file(downloads, &before, ".csv").await?;
    let text = std::fs::read_to_string(&whole)?;
    ensure(
        good.iter()
            .all(|r| text.contains(&r.id) && text.contains(r.phone)),
        || format!("the whole-number CSV export holds:\n{text}"),
    )?;
    Ok(())
}
