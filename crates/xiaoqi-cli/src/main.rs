//! `xiaoqi`: the 校企通 command line. Parses, calls xiaoqi-core, maps errors to exit codes.

mod args;
mod backup;
mod documents;
mod kinds;
mod sheets;
mod sync;
mod table;
mod trust;

use std::process::ExitCode;

use clap::Parser;
use serde::Serialize;
use serde_json::Value;
use xiaoqi_core::model::{
    AdvanceInput, AgreementStatus, CodeList, EvidenceKind, FairEmployerInput,
};
use xiaoqi_core::validate::{validate_credit_code, validate_id_number};
use xiaoqi_core::{CoreError, Store};

use args::{
    AgreementCmd, Cli, CodesCmd, CollegeCmd, Command, EmployerCmd, FairCmd, PlacementCmd,
    RecordCmd, ValidateCmd,
};
use kinds::{Kind, parse_json};

/// mimalloc: a sync or an import allocates millions of small strings and maps; glibc's
/// allocator spent a fifth of a first sync's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What ended a command: bad data or a refused step (exit 1), a usage error or the
/// environment (exit 2), a sync server out of reach (exit 3), a sync token refused (exit 4).
pub enum Failure {
    Invalid(String),
    Usage(String),
    Environment(String),
    Unreachable(String),
    TokenRefused(String),
    /// A check that answered no (verify-agreement), already said on stdout: exit 1.
    Mismatch,
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        if e.is_invalid_data() {
            Failure::Invalid(e.to_string())
        } else {
            Failure::Environment(e.to_string())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(m)) => {
            eprintln!("错误：{m}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(m) | Failure::Environment(m)) => {
            eprintln!("错误：{m}");
            ExitCode::from(2)
        }
        Err(Failure::Unreachable(m)) => {
            eprintln!("错误：{m}");
            ExitCode::from(3)
        }
        Err(Failure::TokenRefused(m)) => {
            eprintln!("错误：{m}");
            ExitCode::from(4)
        }
        Err(Failure::Mismatch) => ExitCode::from(1),
    }
}

fn db_path(cli_db: Option<std::path::PathBuf>) -> std::path::PathBuf {
    cli_db.unwrap_or_else(xiaoqi_core::paths::default_db_path)
}

fn open(cli_db: Option<std::path::PathBuf>) -> Result<Store, Failure> {
    let path = db_path(cli_db);
    let mut store = Store::open(&path).map_err(|e| Failure::Environment(e.to_string()))?;
    store.act_as(xiaoqi_core::model::Actor::command_line());
    Ok(store)
}

fn print_json<T: Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Validate(v) => validate(v),
        Command::Import {
            kind,
            file,
            dry_run,
            strict,
            json,
        } => sheets::import(
            &mut open(cli.db)?,
            &kind,
            &file,
            xiaoqi_core::import::ImportOptions { dry_run, strict },
            json,
        ),
        Command::Template { kind, file } => sheets::template(&kind, &file),
        Command::Export {
            kind,
            file,
            cohort,
            program,
            class_name,
            search,
            whole_ids,
        } => sheets::export(
            &open(cli.db)?,
            &kind,
            &file,
            xiaoqi_core::export::ExportFilter {
                cohort,
                program,
                class_name,
                search,
                ..Default::default()
            },
            whole_ids,
        ),
        Command::Report(cmd) => sheets::report(&open(cli.db)?, cmd),
        Command::Pdf(cmd) => documents::pdf(&open(cli.db)?, cmd),
        Command::VerifyAgreement {
            number,
            fingerprint,
            json,
        } => documents::verify(&open(cli.db)?, &number, &fingerprint, json),
        Command::Info { json } => {
            let path = cli
                .db
                .clone()
                .unwrap_or_else(xiaoqi_core::paths::default_db_path);
            let store = open(cli.db)?;
            let version = store.schema_version()?;
            if json {
                print_json(
                    &serde_json::json!({"database": path.display().to_string(), "schema_version": version}),
                );
            } else {
                println!("database: {}", path.display());
                println!("schema_version: {version}");
            }
            Ok(())
        }
        Command::Demo { force, if_empty } => {
            let mut store = open(cli.db)?;
            if if_empty && !store.is_empty()? {
                eprintln!("数据库里已有记录，未写入演示数据");
                return Ok(());
            }
            let summary = xiaoqi_core::demo::seed(&mut store, force)?;
            eprintln!(
                "已写入演示学校“{}”：{summary}",
                xiaoqi_core::demo::COLLEGE_NAME
            );
            Ok(())
        }
        Command::College(cmd) => college(&mut open(cli.db)?, cmd),
        Command::Programs(cmd) => record(&mut open(cli.db)?, Kind::Programs, cmd),
        Command::Graduates(cmd) => record(&mut open(cli.db)?, Kind::Graduates, cmd),
        Command::Institutions(cmd) => record(&mut open(cli.db)?, Kind::Institutions, cmd),
        Command::Positions(cmd) => record(&mut open(cli.db)?, Kind::Positions, cmd),
        Command::Applications(cmd) => record(&mut open(cli.db)?, Kind::Applications, cmd),
        Command::Placements(cmd) => placements(&mut open(cli.db)?, cmd),
        Command::Employers(cmd) => employers(&mut open(cli.db)?, cmd),
        Command::Agreements(cmd) => agreements(&mut open(cli.db)?, cmd),
        Command::Fairs(cmd) => fairs(&mut open(cli.db)?, cmd),
        Command::Codes(cmd) => codes(&mut open(cli.db)?, cmd),
        Command::Sync {
            server,
            token,
            json,
            save,
            page,
        } => sync::sync(&mut open(cli.db)?, server, token, json, save, page),
        Command::Conflicts(cmd) => sync::conflicts(&mut open(cli.db)?, cmd),
        Command::Backup { out, list, json } => {
            let path = db_path(cli.db);
            backup::backup(&open(Some(path.clone()))?, &path, out, list, json)
        }
        Command::Restore { file, json } => backup::restore(&db_path(cli.db), &file, json),
        Command::User(cmd) => trust::user(&mut open(cli.db)?, cmd),
        Command::Audit(cmd) => trust::audit(&open(cli.db)?, cmd),
        Command::Retention(cmd) => trust::retention(&mut open(cli.db)?, cmd),
    }
}

fn validate(cmd: ValidateCmd) -> Result<(), Failure> {
    let result = match cmd {
        ValidateCmd::IdNumber { value } => {
            validate_id_number(&value).map_err(|e| format!("id_number: {e}"))
        }
        ValidateCmd::CreditCode { value } => {
            validate_credit_code(&value).map_err(|e| format!("credit_code: {e}"))
        }
    };
    match result {
        Ok(v) => {
            println!("{v}");
            Ok(())
        }
        Err(reason) => Err(Failure::Invalid(reason)),
    }
}

/// Prints records as a table of the kind's columns.
fn show(kind: Kind, rows: &[Value]) {
    let columns = kind.columns();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|(_, field)| table::cell(&r[*field]))
                .collect()
        })
        .collect();
    let headers: Vec<&str> = columns.iter().map(|(h, _)| *h).collect();
    table::print(&headers, &cells);
}

/// The generic verbs.
fn record(store: &mut Store, kind: Kind, cmd: RecordCmd) -> Result<(), Failure> {
    match cmd {
        RecordCmd::List(args) => {
            let (items, total, rows) = kinds::list(store, kind, &args)?;
            if args.out.json {
                print_json(&items);
            } else {
                show(kind, &rows);
                eprintln!("共 {total} 条");
            }
        }
        RecordCmd::Get { id, out } => {
            let (v, row) = kinds::get(store, kind, &id)?;
            if out.json {
                print_json(&v);
            } else {
                show(kind, &[row]);
            }
        }
        RecordCmd::Add(input) => println!("{}", kinds::add(store, kind, &input.json)?),
        RecordCmd::Update { id, input } => {
            println!("{}", kinds::update(store, kind, &id, &input.json)?)
        }
        RecordCmd::Delete { id } => kinds::delete(store, kind, &id)?,
    }
    Ok(())
}

/// The college profile: a table of its fields (phones masked) or the whole record as JSON.
fn college(store: &mut Store, cmd: CollegeCmd) -> Result<(), Failure> {
    match cmd {
        CollegeCmd::Get { out } if out.json => print_json(&store.college()?),
        CollegeCmd::Get { .. } => {
            let c = store.college()?;
            let contacts = c
                .contacts
                .iter()
                .map(|p| {
                    let p = p.masked();
                    [Some(p.name), p.role, p.phone, p.email]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("；");
            let min_wage = c.min_wage.map(|w| w.to_string());
            let rows: Vec<Vec<String>> = [
                ("学校名称", Some(c.name.as_str())),
                ("学校代码", c.code.as_deref()),
                ("城市", c.city.as_deref()),
                ("最低工资标准", min_wage.as_deref()),
                ("去向代码表", Some(c.code_list.as_str())),
                ("统一社会信用代码", c.credit_code.as_deref()),
                ("地址", c.address.as_deref()),
                ("联系人", Some(contacts.as_str()).filter(|s| !s.is_empty())),
                ("id", Some(c.id.as_str())),
            ]
            .into_iter()
            .map(|(k, v)| vec![k.to_string(), table::or_dash(v)])
            .collect();
            table::print(&["项目", "内容"], &rows);
        }
        CollegeCmd::Update { input } => {
            println!("{}", store.update_college(&parse_json(&input.json)?)?.id)
        }
    }
    Ok(())
}

fn placements(store: &mut Store, cmd: PlacementCmd) -> Result<(), Failure> {
    match cmd {
        PlacementCmd::Record(c) => record(store, Kind::Placements, c),
        PlacementCmd::Attach { id, file, kind } => {
            let kind: EvidenceKind = serde_json::from_value(Value::String(kind.clone()))
                .map_err(|_| Failure::Usage(format!("不认识的材料类型“{kind}”")))?;
            let p = store.attach_evidence(&id, &file, kind)?;
            println!(
                "{}",
                p.evidence
                    .last()
                    .map(|e| e.sha256.as_str())
                    .unwrap_or_default()
            );
            Ok(())
        }
        PlacementCmd::Class {
            cohort,
            class_name,
            out,
        } => {
            let v = store.class_view(cohort, &class_name)?;
            if out.json {
                print_json(&v);
            } else {
                let rows: Vec<Vec<String>> = v
                    .members
                    .iter()
                    .map(|m| {
                        vec![
                            m.name.clone(),
                            m.student_number.clone(),
                            table::or_dash(m.destination.as_deref()),
                            table::or_dash(m.employer.as_deref()),
                            match m.status {
                                xiaoqi_core::model::DestinationStatus::None => "未登记",
                                xiaoqi_core::model::DestinationStatus::Unverified => "待核实",
                                xiaoqi_core::model::DestinationStatus::Verified => "已核实",
                            }
                            .to_string(),
                        ]
                    })
                    .collect();
                table::print(&["姓名", "学号", "去向", "单位", "状态"], &rows);
                eprintln!(
                    "{} 人，已登记 {}，就业 {}，已核实 {}",
                    v.total, v.recorded, v.employed, v.verified
                );
            }
            Ok(())
        }
    }
}

fn employers(store: &mut Store, cmd: EmployerCmd) -> Result<(), Failure> {
    match cmd {
        EmployerCmd::Record(c) => record(store, Kind::Employers, c),
        EmployerCmd::Merge { keep_id, drop_id } => {
            print_json(&store.merge_employers(&keep_id, &drop_id)?);
            Ok(())
        }
        EmployerCmd::Duplicates { name, credit_code } => {
            print_json(&store.employer_duplicates(Some(&name), credit_code.as_deref(), None)?);
            Ok(())
        }
    }
}

fn agreements(store: &mut Store, cmd: AgreementCmd) -> Result<(), Failure> {
    match cmd {
        AgreementCmd::Record(c) => record(store, Kind::Agreements, c),
        AgreementCmd::Advance { id, to, by, note } => {
            let to = AgreementStatus::parse(&to).ok_or_else(|| {
                Failure::Usage(format!(
                    "不认识的协议状态“{to}”；可用：草稿 审核中 已签署 履行中 已到期 已终止（或 draft in_review signed active expired terminated）"
                ))
            })?;
            let by = by
                .or_else(|| std::env::var("USER").ok())
                .or_else(|| std::env::var("USERNAME").ok())
                .unwrap_or_default();
            let a = store.advance_agreement(&id, &AdvanceInput { to, by, note })?;
            println!("{}", a.status.as_str());
            Ok(())
        }
    }
}

fn fairs(store: &mut Store, cmd: FairCmd) -> Result<(), Failure> {
    match cmd {
        FairCmd::Record(c) => record(store, Kind::Fairs, c),
        FairCmd::Sign {
            application_id,
            input,
        } => {
            let a = store.sign_application(&application_id, &parse_json(&input.json)?)?;
            println!("{}", a.placement_id.unwrap_or_default());
            Ok(())
        }
        FairCmd::AddEmployer {
            fair_id,
            employer,
            booth,
        } => {
            let fe = store.add_fair_employer(&FairEmployerInput {
                fair_id: Some(fair_id),
                employer: Some(employer),
                booth,
                ..Default::default()
            })?;
            println!("{}", fe.id);
            Ok(())
        }
    }
}

fn codes(store: &mut Store, cmd: CodesCmd) -> Result<(), Failure> {
    match cmd {
        CodesCmd::List { version, out } => {
            if let Some(v) = version {
                let codes = store.destination_codes(Some(&v))?;
                if codes.is_empty() {
                    return Err(Failure::Invalid(format!("没有载入版本 {v} 的代码表")));
                }
                if out.json {
                    print_json(&codes);
                } else {
                    let rows: Vec<Vec<String>> = codes
                        .iter()
                        .map(|c| vec![c.code.clone(), c.name.clone(), c.group.clone()])
                        .collect();
                    table::print(&["代码", "去向", "分组"], &rows);
                }
            } else if out.json {
                print_json(&store.code_lists()?);
            } else {
                let current = store.current_code_list()?;
                let rows: Vec<Vec<String>> = store
                    .code_lists()?
                    .iter()
                    .map(|l| {
                        vec![
                            l.version.clone(),
                            l.title.clone(),
                            l.codes.to_string(),
                            if l.version == current { "当前" } else { "" }.to_string(),
                        ]
                    })
                    .collect();
                table::print(&["版本", "名称", "代码数", ""], &rows);
            }
            Ok(())
        }
        CodesCmd::Load { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::Usage(format!("无法读取 {}：{e}", file.display())))?;
            let list: CodeList = parse_json(&text)?;
            let info = store.load_code_list(&list)?;
            println!("{}", info.version);
            Ok(())
        }
    }
}
