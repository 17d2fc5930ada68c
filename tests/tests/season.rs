//! The graduation season, end to end in the real desktop app (UI embedded, a real window under Xvfb,
//! driven through `tauri-driver` + WebKitWebDriver): each scenario seeds a fresh database through the
//! `xiaoqi` CLI, works in the window as a teacher would, and checks the result through the CLI again.
//!
//! - `teacher_records_and_verifies_a_placement`: the teachers' view of a class, a destination recorded
//!   with its employer, the class's rate, verification in the teacher's name;
//! - `employer_duplicate_warning_and_merge`: the live duplicate warning, the refused save, saving anyway,
//!   then merging the two records into one;
//! - `agreement_from_template_to_signed`: an agreement created from its kind's template, signatories,
//!   review and signing, after which its content is locked;
//! - `job_fair_application_to_signing`: a resume at a job fair moved to an intention and signed, the fair's
//!   figures, and the destination it records in the teachers' view.
//!
//! Same needs as `desktop.rs` (`make e2e`); screenshots and logs go to `tests/artifacts/`.

mod harness;
mod ui;

use std::path::Path;

use harness::{ONE_AT_A_TIME, Session, TestResult, cli_add, cli_json, ensure, run_cli, skipped};
use serde_json::{Value, json};
use ui::{Ui, cell_in_row, in_row, item_with, tid};

const PROGRAM: &str = "工业机器人应用与维护";
const CLASS: &str = "机器人1班";
const COHORT_LABEL: &str = "2025 届";
const EMPLOYER: &str = "东莞市松湖智能装备有限公司";
/// The operator (核实人 / 经办人) the scenarios type in when the app asks.
const OPERATOR: &str = "王老师";

/// Starts the app on a fresh database that `seed` fills through the CLI first, then runs `scenario`.
async fn season_test<F>(
    name: &str,
    seed: impl FnOnce(&Path) -> Result<(), String>,
    scenario: F,
) -> TestResult
where
    F: AsyncFnOnce(&Ui, &Path) -> TestResult,
{
    if skipped(name) {
        return Ok(());
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join(format!("{name}.db"));
    seed(&db)?;
    let session = Session::start(name, dir, db).await?;
    session.run(scenario).await
}

/// The program and the graduates of cohort 2025, class 机器人1班: (name, student number).
fn seed_class(db: &Path, graduates: &[(&str, &str)]) -> Result<(), String> {
    cli_add(
        db,
        "programs",
        json!({ "name": PROGRAM, "code": "0126-4", "level": "高级工", "length_years": 3 }),
    )?;
    for (name, number) in graduates {
        cli_add(
            db,
            "graduates",
            json!({
                "name": name, "student_number": number, "program": PROGRAM,
                "cohort": 2025, "class_name": CLASS,
            }),
        )?;
    }
    Ok(())
}

fn seed_employer(db: &Path) -> Result<String, String> {
    cli_add(
        db,
        "employers",
        json!({ "name": EMPLOYER, "city": "东莞", "employer_type": "民营企业" }),
    )
}

/// A JSON array's items, or an error naming what was expected.
fn items<'a>(value: &'a Value, what: &str) -> Result<&'a Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("{what}: expected a JSON array, got {value}"))
}

/// The teachers' view on the seeded class, chosen as a teacher would (a no-op where the app chose it already).
async fn open_class(ui: &Ui) -> TestResult {
    ui.click(&tid("nav-placements")).await?;
    ui.choose(&tid("teacher-cohort"), COHORT_LABEL).await?;
    ui.choose(&tid("teacher-class"), CLASS).await?;
    // Several classes may be chosen, so the list stays open: a click elsewhere closes it.
    ui.click(".page-title").await?;
    ui.wait_gone(".el-select-dropdown__item.is-selected")
        .await?;
    Ok(())
}

// ---- 1. the teachers' view ------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn teacher_records_and_verifies_a_placement() -> TestResult {
    season_test(
        "teacher_placement",
        |db| {
            seed_class(
                db,
                &[
                    ("张三", "2025001"),
                    ("李四", "2025002"),
                    ("王五", "2025003"),
                ],
            )?;
            seed_employer(db)?;
            Ok(())
        },
        teacher_placement,
    )
    .await
}

async fn teacher_placement(ui: &Ui, db: &Path) -> TestResult {
    let status_of = |name: &str| in_row("teacher-row-name", name, "teacher-row-status");

    open_class(ui).await?;
    ui.wait_texts(
        &tid("teacher-row-name"),
        "the class's 3 graduates",
        |names| {
            let mut names = names.to_vec();
            names.sort();
            let mut want = ["张三", "李四", "王五"].map(String::from).to_vec();
            want.sort();
            names == want
        },
    )
    .await?;
    ui.wait_text(&tid("teacher-rate"), "就业率 0.0%（0 / 3）")
        .await?;
    ui.wait_texts(&tid("teacher-row-status"), "nobody recorded yet", |s| {
        s.len() == 3 && s.iter().all(|t| t == "未登记")
    })
    .await?;

    // Record 张三's destination: a labour contract at the seeded employer.
    ui.click_and_settle(&in_row("teacher-row-name", "张三", "teacher-record"))
        .await?;
    ui.visible(&tid("placement-form")).await?;
    ui.choose(&tid("placement-destination_code"), "11 签劳动合同形式就业")
        .await?;
    ui.search_choose(&tid("field-employer"), "松湖", EMPLOYER, EMPLOYER)
        .await?;
    ui.fill(&tid("placement-position_title"), "工业机器人运维员")
        .await?;
    ui.fill_number(&tid("placement-salary"), "5800").await?;
    ui.screenshot("teacher-placement-form").await?;
    ui.click_and_settle(&tid("placement-save")).await?;
    ui.wait_gone(&tid("placement-form")).await?;

    // The row and the class's figures follow.
    ui.wait_text(&status_of("张三"), "待核实").await?;
    ui.wait_text(&tid("teacher-rate"), "就业率 33.3%（1 / 3）")
        .await?;
    ui.visible(&cell_in_row("teacher-row-name", "张三", EMPLOYER))
        .await?;
    ui.visible(&cell_in_row(
        "teacher-row-name",
        "张三",
        "11 签劳动合同形式就业",
    ))
    .await?;
    ui.wait_text(&status_of("李四"), "未登记").await?;

    // Verify: the app asks for the verifier's name the first time, then shows it.
    ui.click_and_settle(&in_row("teacher-row-name", "张三", "teacher-verify"))
        .await?;
    ui.answer_prompt(OPERATOR).await?;
    ui.wait_text(&status_of("张三"), "已核实").await?;
    ui.wait_text(&tid("teacher-verified"), "已核实 1 / 1")
        .await?;
    ui.wait_text_containing(".operator", OPERATOR).await?;
    ui.screenshot("teacher-placement-verified").await?;

    // Only once: taking the verification back and verifying again asks nothing (a prompt would hold
    // the status at 待核实).
    ui.click(&in_row("teacher-row-name", "张三", "teacher-verify"))
        .await?;
    ui.wait_text(&status_of("张三"), "待核实").await?;
    ui.wait_text(&tid("teacher-verified"), "已核实 0 / 1")
        .await?;
    ui.click(&in_row("teacher-row-name", "张三", "teacher-verify"))
        .await?;
    ui.wait_text(&status_of("张三"), "已核实").await?;
    ui.wait_text(&tid("teacher-verified"), "已核实 1 / 1")
        .await?;

    // The database holds the same placement.
    let placements = cli_json(db, &["placements", "list", "--json"])?;
    let list = items(&placements, "placements list")?;
    ensure(list.len() == 1, || {
        format!(
            "expected one placement, the CLI lists {}: {placements}",
            list.len()
        )
    })?;
    let p = &list[0];
    ensure(
        p["graduate"] == "张三"
            && p["student_number"] == "2025001"
            && p["destination_code"] == "11"
            && p["employer"] == EMPLOYER
            && p["salary"] == 5800
            && p["position_title"] == "工业机器人运维员"
            && p["verified_by"] == OPERATOR,
        || format!("the stored placement differs from what was recorded: {p}"),
    )?;
    Ok(())
}

// ---- 2. employers: duplicate warning and merge ----------------------------------------------------------

const SIMILAR: &str = "松湖智能装备（东莞）有限公司";

#[tokio::test(flavor = "multi_thread")]
async fn employer_duplicate_warning_and_merge() -> TestResult {
    season_test(
        "employer_merge",
        |db| {
            seed_class(db, &[("张三", "2025001")])?;
            seed_employer(db)?;
            Ok(())
        },
        employer_merge,
    )
    .await
}

async fn employer_merge(ui: &Ui, db: &Path) -> TestResult {
    ui.click(&tid("nav-employers")).await?;
    ui.wait_texts(&tid("employer-row-name"), "the seeded employer", |names| {
        names == [EMPLOYER]
    })
    .await?;
    ui.wait_text(&tid("employer-total"), "共 1 家").await?;

    // A near-duplicate name: warned while typing, refused on save.
    ui.click_and_settle(&tid("employer-new")).await?;
    ui.fill(&tid("employer-name"), SIMILAR).await?;
    ui.wait_text_containing(&tid("employer-duplicates"), "可能与已有单位重复")
        .await?;
    ui.wait_texts(
        &tid("employer-duplicate"),
        "the existing employer named",
        |d| d.len() == 1 && d[0].contains(EMPLOYER),
    )
    .await?;
    ui.click(&tid("employer-save")).await?;
    let refusal = ui
        .wait_text_containing(
            "[data-testid='field-name'] .el-form-item__error",
            &format!("可能与已有单位“{EMPLOYER}”重复"),
        )
        .await?;
    eprintln!("save refused: {refusal}");
    ui.screenshot("employer-duplicate-refused").await?;

    // Saved once the person confirms it is another employer.
    ui.click(&tid("employer-accept-warnings")).await?;
    ui.wait_text_containing(
        "[data-testid='employer-accept-warnings'].is-checked",
        "仍然保存",
    )
    .await?;
    ui.click_and_settle(&tid("employer-save")).await?;
    ui.wait_gone(&tid("employer-form")).await?;
    ui.wait_texts(
        &tid("employer-row-name"),
        "both employers listed",
        |names| {
            names.len() == 2
                && names.iter().any(|n| n == EMPLOYER)
                && names.iter().any(|n| n == SIMILAR)
        },
    )
    .await?;
    ui.wait_text(&tid("employer-total"), "共 2 家").await?;
    // Meanwhile a destination is recorded at the new record (through the CLI): the merge must move it.
    run_cli(
        db,
        &[
            "placements",
            "add",
            "--json",
            &json!({ "graduate": "2025001", "destination_code": "11", "employer": SIMILAR, "salary": 5500 })
                .to_string(),
        ],
    )?;

    // Merge the new one into the seeded one.
    ui.click_and_settle(&in_row("employer-row-name", SIMILAR, "employer-merge"))
        .await?;
    ui.visible(&tid("employer-merge-dialog")).await?;
    ui.search_choose(&tid("employer-merge-keep"), "松湖", EMPLOYER, EMPLOYER)
        .await?;
    ui.click(&tid("employer-merge-confirm")).await?;
    let report = ui
        .wait_text_containing(
            &tid("employer-merge-report"),
            &format!("已把「{SIMILAR}」合并到「{EMPLOYER}」"),
        )
        .await?;
    eprintln!("merge report: {report}");
    ensure(report.contains("毕业去向 1 条"), || {
        format!("the merge report should count the moved placement: {report}")
    })?;
    ui.screenshot("employer-merged").await?;
    ui.click_and_settle(&tid("employer-merge-close")).await?;
    ui.wait_texts(&tid("employer-row-name"), "one employer left", |names| {
        names == [EMPLOYER]
    })
    .await?;
    ui.wait_text(&tid("employer-total"), "共 1 家").await?;

    let employers = cli_json(db, &["employers", "list", "--json"])?;
    let list = items(&employers, "employers list")?;
    ensure(list.len() == 1 && list[0]["name"] == EMPLOYER, || {
        format!("the CLI should list only {EMPLOYER}: {employers}")
    })?;
    let placements = cli_json(db, &["placements", "list", "--json"])?;
    let list = items(&placements, "placements list")?;
    ensure(list.len() == 1 && list[0]["employer"] == EMPLOYER, || {
        format!("the placement should have moved to {EMPLOYER}: {placements}")
    })?;
    Ok(())
}

// ---- 3. agreements: from the template to signed ---------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn agreement_from_template_to_signed() -> TestResult {
    season_test(
        "agreement_signed",
        |db| {
            seed_class(db, &[])?;
            seed_employer(db)?;
            Ok(())
        },
        agreement_signed,
    )
    .await
}

async fn agreement_signed(ui: &Ui, db: &Path) -> TestResult {
    let signatory = |n: usize, testid: &str| {
        format!("(//*[@data-testid='signatory-row'])[{n}]//*[@data-testid='{testid}']")
    };

    ui.click(&tid("nav-agreements")).await?;
    ui.visible(&tid("agreement-empty")).await?;
    ui.click_and_settle(&tid("agreement-new")).await?;

    // The kind shows its template's clauses; the partner is searched.
    ui.choose(&tid("field-kind"), "校企合作协议").await?;
    ui.wait_texts(
        "[data-testid='agreement-template'] li",
        "the cooperation template's clauses",
        |clauses| clauses.len() >= 5 && clauses.first().is_some_and(|c| c == "合作宗旨"),
    )
    .await?;
    ui.search_choose(&tid("field-employer"), "松湖", EMPLOYER, EMPLOYER)
        .await?;
    ui.fill_date(&tid("field-start_date"), "2026-09-01").await?;
    ui.fill_date(&tid("field-end_date"), "2029-08-31").await?;
    ui.click_and_settle(&tid("agreement-create-save")).await?;

    // The editor: a generated number, the template's clauses, a draft.
    let number = ui
        .wait_text_containing(&tid("agreement-number"), "XQ-")
        .await?;
    ensure(number.starts_with("XQ-") && number.len() > 3, || {
        format!("unexpected agreement number {number:?}")
    })?;
    ui.wait_text(&tid("agreement-status"), "草稿").await?;
    ui.wait_text(&tid("agreement-partner"), EMPLOYER).await?;
    ui.wait_texts(&tid("clause-row"), "the template's clauses", |rows| {
        rows.len() >= 5
    })
    .await?;

    // Signatories for both sides (the second row takes the side that has nobody yet).
    ui.click(&tid("signatory-add")).await?;
    ui.choose(&signatory(1, "signatory-side"), "学校（甲方）")
        .await?;
    ui.fill(&signatory(1, "signatory-name"), "李校长").await?;
    ui.fill(&signatory(1, "signatory-title"), "校长").await?;
    ui.click(&tid("signatory-add")).await?;
    ui.choose(&signatory(2, "signatory-side"), "合作方（乙方）")
        .await?;
    ui.fill(&signatory(2, "signatory-name"), "陈总").await?;
    ui.fill(&signatory(2, "signatory-title"), "总经理").await?;
    ui.visible(&tid("agreement-unsaved")).await?;
    ui.click(&tid("agreement-save")).await?;
    ui.wait_gone(&tid("agreement-unsaved")).await?;

    // Review, then signing; the operator is asked for the first step and remembered for the next.
    ui.click_and_settle(&tid("agreement-advance-in_review"))
        .await?;
    ui.visible(&tid("advance-dialog")).await?;
    ui.fill(&tid("advance-by"), OPERATOR).await?;
    ui.click_and_settle(&tid("advance-confirm")).await?;
    ui.wait_gone(&tid("advance-dialog")).await?;
    ui.wait_text(&tid("agreement-status"), "审核中").await?;

    ui.click_and_settle(&tid("agreement-advance-signed"))
        .await?;
    ui.visible(&tid("advance-dialog")).await?;
    ui.wait_value(&tid("advance-by"), OPERATOR).await?;
    ui.click_and_settle(&tid("advance-confirm")).await?;
    ui.wait_gone(&tid("advance-dialog")).await?;
    ui.wait_text(&tid("agreement-status"), "已签署").await?;
    ui.wait_texts(&tid("history-step"), "two lifecycle steps", |steps| {
        steps.len() == 2 && steps.iter().all(|s| s.contains(OPERATOR))
    })
    .await?;

    // Signed: the content is locked.
    ui.wait_text_containing(&tid("agreement-locked"), "已签署")
        .await?;
    ui.wait_gone(&tid("signatory-add")).await?;
    ui.wait_gone(&tid("clause-add")).await?;
    ui.wait_texts(
        &tid("signatory-name"),
        "the signatories, read-only",
        |names| names == ["李校长", "陈总"],
    )
    .await?;
    ui.screenshot("agreement-signed").await?;

    let agreement = cli_json(db, &["agreements", "get", &number, "--json"])?;
    let signatories = items(&agreement["signatories"], "signatories")?;
    let history = items(&agreement["history"], "history")?;
    ensure(
        agreement["status"] == "已签署"
            && agreement["partner"] == EMPLOYER
            && agreement["start_date"] == "2026-09-01"
            && agreement["end_date"] == "2029-08-31"
            && signatories.len() == 2
            && history.len() == 2
            && items(&agreement["clauses"], "clauses")?.len() >= 5,
        || format!("the stored agreement differs from the window: {agreement}"),
    )?;
    Ok(())
}

// ---- 4. a job fair: application to signing, seen in the teachers' view ----------------------------------

const FAIR: &str = "2025 届春季双选会";
const POSITION: &str = "工业机器人运维员";

#[tokio::test(flavor = "multi_thread")]
async fn job_fair_application_to_signing() -> TestResult {
    season_test(
        "fair_signing",
        |db| {
            seed_class(db, &[("张三", "2025001"), ("李四", "2025002")])?;
            seed_employer(db)?;
            let fair = cli_add(
                db,
                "fairs",
                json!({
                    "name": FAIR, "start_date": "2025-03-15", "end_date": "2025-03-15",
                    "mode": "现场", "venue": "学院体育馆",
                }),
            )?;
            cli_add(
                db,
                "positions",
                json!({
                    "fair_id": fair, "employer": EMPLOYER, "title": POSITION, "headcount": 5,
                    "programs": [PROGRAM], "salary_min": 5000, "salary_max": 7000,
                }),
            )?;
            Ok(())
        },
        fair_signing,
    )
    .await
}

async fn fair_signing(ui: &Ui, db: &Path) -> TestResult {
    let application = |testid: &str| in_row("application-row-name", "张三", testid);

    ui.click(&tid("nav-fairs")).await?;
    let card = item_with("*[@data-testid='fair-row']", "fair-row-name", FAIR);
    ui.click(&format!("{card}//*[@data-testid='fair-open']"))
        .await?;
    ui.wait_text(&tid("fair-title"), FAIR).await?;
    ui.click(&tid("fair-tab-applications")).await?;

    // A resume: the fair's position, the graduate found by student number.
    ui.click_and_settle(&tid("application-new")).await?;
    ui.choose(
        &tid("application-position"),
        &format!("{EMPLOYER} · {POSITION}"),
    )
    .await?;
    ui.search_choose(&tid("field-graduate"), "2025001", "张三", "张三（2025001）")
        .await?;
    ui.click_and_settle(&tid("application-save")).await?;
    ui.wait_gone(&tid("application-form")).await?;
    ui.wait_texts(
        &tid("application-row-name"),
        "张三's application",
        |names| names == ["张三"],
    )
    .await?;
    ui.wait_text(&application("application-row-status"), "已投递")
        .await?;
    ui.wait_text("[data-testid='fair-figure-resumes'] .figure-number", "1")
        .await?;

    // An intention, then the signing, which records the destination.
    ui.click(&application("application-move-intention")).await?;
    ui.wait_text(&application("application-row-status"), "意向")
        .await?;
    ui.click_and_settle(&application("application-sign"))
        .await?;
    ui.visible(&tid("sign-form")).await?;
    ui.wait_text_containing(&tid("sign-intro"), EMPLOYER)
        .await?;
    ui.wait_text_containing(&tid("sign-destination-code"), "11 签劳动合同形式就业")
        .await?;
    ui.fill_number(&tid("sign-salary"), "6000").await?;
    ui.click_and_settle(&tid("sign-save")).await?;
    ui.wait_gone(&tid("sign-form")).await?;
    ui.wait_text(&application("application-row-status"), "已签约")
        .await?;
    ui.wait_text("[data-testid='fair-figure-signings'] .figure-number", "1")
        .await?;
    ui.screenshot("fair-signed").await?;

    // The teachers' view shows the destination the signing recorded, still to be verified.
    open_class(ui).await?;
    ui.wait_text(
        &in_row("teacher-row-name", "张三", "teacher-row-status"),
        "待核实",
    )
    .await?;
    ui.visible(&cell_in_row("teacher-row-name", "张三", EMPLOYER))
        .await?;
    ui.wait_text(
        &in_row("teacher-row-name", "李四", "teacher-row-status"),
        "未登记",
    )
    .await?;
    ui.wait_text(&tid("teacher-rate"), "就业率 50.0%（1 / 2）")
        .await?;

    let placements = cli_json(db, &["placements", "list", "--json"])?;
    let list = items(&placements, "placements list")?;
    ensure(list.len() == 1, || {
        format!(
            "expected exactly one placement, the CLI lists {}: {placements}",
            list.len()
        )
    })?;
    let p = &list[0];
    ensure(
        p["graduate"] == "张三"
            && p["employer"] == EMPLOYER
            && p["destination_code"] == "11"
            && p["salary"] == 6000
            && p["verified_by"].is_null(),
        || format!("the placement the signing recorded differs: {p}"),
    )?;
    Ok(())
}
