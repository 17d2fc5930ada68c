//! `import`, `template`, `export` and `report`: files in and out, and the official statistics.

use std::io::Write;
use std::path::Path;

use xiaoqi_core::Store;
use xiaoqi_core::export::{ExportFilter, ExportKind};
use xiaoqi_core::import::{ImportKind, ImportOptions, import_file, template_xlsx};
use xiaoqi_core::sheet::write_xlsx;
use xiaoqi_core::stats::{EmploymentReport, Rates};

use crate::args::ReportCmd;
use crate::{Failure, print_json, table};

fn import_kind(kind: &str) -> Result<ImportKind, Failure> {
    ImportKind::parse(kind).ok_or_else(|| {
        Failure::Usage(format!(
            "不认识的导入类型“{kind}”：可用 programs、graduates、placements、employers"
        ))
    })
}

/// Imports a file; exit 0 when it ran, 1 when --strict refused, 2 when the file cannot be read.
pub fn import(
    store: &mut Store,
    kind: &str,
    file: &Path,
    options: ImportOptions,
    json: bool,
) -> Result<(), Failure> {
    let kind = import_kind(kind)?;
    let mut progress = |done: usize, total: usize| {
        if total >= 1000 && (done.is_multiple_of(1000) || done == total) {
            eprintln!("已处理 {done}/{total} 行");
            let _ = std::io::stderr().flush();
        }
    };
    // Any failure here is about the file (unreadable, not this kind's columns) or the database.
    let report = import_file(store, kind, file, options, &mut progress)
        .map_err(|e| Failure::Environment(e.to_string()))?;
    if json {
        // The contracted shape: the four fields of each rejected row, no more.
        let rejected: Vec<serde_json::Value> = report
            .rejected
            .iter()
            .map(|r| {
                serde_json::json!({"row": r.row, "column": r.column, "value": r.value, "reason": r.reason})
            })
            .collect();
        print_json(&serde_json::json!({
            "inserted": report.inserted,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": rejected,
        }));
    } else {
        if !report.rejected.is_empty() {
            let rows: Vec<Vec<String>> = report
                .rejected
                .iter()
                .map(|r| {
                    vec![
                        r.row.to_string(),
                        r.column.clone(),
                        r.value.clone(),
                        r.reason.clone(),
                    ]
                })
                .collect();
            table::print(&["行", "列", "值", "原因"], &rows);
        }
        let verb = if options.dry_run {
            "（试运行，未保存）"
        } else {
            ""
        };
        println!(
            "{}：新增 {}，更新 {}，未变 {}，拒绝 {} 行{verb}",
            kind.label(),
            report.inserted,
            report.updated,
            report.unchanged,
            report.rejected.len()
        );
    }
    if options.strict && !report.rejected.is_empty() {
        return Err(Failure::Invalid(format!(
            "有 {} 行被拒绝，按 --strict 未导入任何一行",
            report.rejected.len()
        )));
    }
    Ok(())
}

pub fn template(kind: &str, file: &Path) -> Result<(), Failure> {
    let kind = import_kind(kind)?;
    write_xlsx(file, &template_xlsx(kind)).map_err(|e| Failure::Environment(e.to_string()))?;
    println!("{}", file.display());
    Ok(())
}

pub fn export(
    store: &Store,
    kind: &str,
    file: &Path,
    mut filter: ExportFilter,
    whole_ids: bool,
) -> Result<(), Failure> {
    let kind = ExportKind::parse(kind).ok_or_else(|| {
        Failure::Usage(format!(
            "不认识的导出类型“{kind}”：可用 programs、graduates、placements、employers、institutions、agreements、fairs"
        ))
    })?;
    if let Some(name) = filter.program.as_deref() {
        // Placements filter by the program's name; graduates resolve it themselves.
        filter.program = Some(store.program(name)?.name);
    }
    let operator = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok();
    let rows =
        xiaoqi_core::export::export(store, kind, &filter, whole_ids, file, operator.as_deref())
            .map_err(|e| match e {
                xiaoqi_core::CoreError::File(_) => Failure::Environment(e.to_string()),
                other => Failure::from(other),
            })?;
    eprintln!("已导出 {rows} 行{}到 {}", kind.label(), file.display());
    Ok(())
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0))
}

fn rate_rows(r: &Rates) -> [(&'static str, Option<f64>); 9] {
    [
        ("就业率", r.employment),
        ("协议和合同就业率", r.contract),
        ("灵活就业率", r.flexible),
        ("创业率", r.entrepreneurship),
        ("升学率", r.further_study),
        ("待就业率", r.awaiting),
        ("暂不就业率", r.not_seeking),
        ("落实率（2024 口径）", r.headline_2024),
        ("对口就业率", r.in_field),
    ]
}

fn print_employment(r: &EmploymentReport) {
    let cohort = r
        .cohort
        .map_or_else(|| "全部".to_string(), |c| format!("{c} 届"));
    println!(
        "{cohort}毕业生 {} 人，就业 {} 人（去向代码表 {}）",
        r.graduates, r.counts.employed, r.code_list
    );
    let mut headers = vec!["专业", "人数"];
    headers.extend(rate_rows(&r.rates).iter().map(|(h, _)| *h));
    headers.extend(["平均起薪", "起薪中位数"]);
    let row = |name: &str, n: u32, rates: &Rates, s: &xiaoqi_core::stats::Salary| {
        let mut v = vec![name.to_string(), n.to_string()];
        v.extend(rate_rows(rates).iter().map(|(_, x)| percent(*x)));
        v.push(s.mean.map_or_else(|| "—".into(), |m| format!("{m:.0}")));
        v.push(s.median.map_or_else(|| "—".into(), |m| format!("{m:.0}")));
        v
    };
    let mut rows: Vec<Vec<String>> = r
        .by_program
        .iter()
        .map(|p| row(&p.program, p.graduates, &p.rates, &p.salary))
        .collect();
    rows.push(row("合计", r.graduates, &r.rates, &r.salary));
    table::print(&headers, &rows);
}

pub fn report(store: &Store, cmd: ReportCmd) -> Result<(), Failure> {
    match cmd {
        ReportCmd::Employment {
            cohort,
            program,
            json,
        } => {
            let program_id = match program {
                Some(p) => Some(store.program(&p)?.id),
                None => None,
            };
            let r = store.employment_report(cohort, program_id.as_deref())?;
            if json {
                print_json(&r);
            } else {
                print_employment(&r);
            }
        }
        ReportCmd::Compliance { cohort, json } => {
            let r = store.compliance_report(cohort)?;
            if json {
                print_json(&r);
            } else {
                let rows: Vec<Vec<String>> = r
                    .items
                    .iter()
                    .map(|i| {
                        vec![
                            i.name.clone(),
                            i.student_number.clone(),
                            i.program.clone(),
                            table::or_dash(i.class_name.as_deref()),
                            i.message.clone(),
                        ]
                    })
                    .collect();
                table::print(&["姓名", "学号", "专业", "班级", "提醒"], &rows);
                for f in &r.flags {
                    println!(
                        "专业“{}”：就业 {} 人中灵活就业和创业 {} 人（{}），高于 {}，上报前请核实",
                        f.program,
                        f.employed,
                        f.flexible,
                        percent(Some(f.share)),
                        percent(Some(r.share_line))
                    );
                }
                println!(
                    "{} 届 {} 人，{} 人有待处理的提醒",
                    r.cohort, r.graduates, r.graduates_with_warnings
                );
            }
        }
    }
    Ok(())
}
