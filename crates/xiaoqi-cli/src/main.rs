//! `xiaoqi`: the 校企通 command line. Parses, calls xiaoqi-core, maps errors to exit codes.

mod args;
mod table;

use std::process::ExitCode;

use clap::Parser;
use serde::Serialize;
use xiaoqi_core::model::{GraduateQuery, GraduateRow};
use xiaoqi_core::validate::{validate_credit_code, validate_id_number};
use xiaoqi_core::{CoreError, Store};

use args::{Cli, Command, GraduateCmd, ProgramCmd, ValidateCmd};

/// What ended a command: bad data (exit 1) or the environment (exit 2).
enum Failure {
    Invalid(String),
    Environment(String),
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
        Err(Failure::Environment(m)) => {
            eprintln!("错误：{m}");
            ExitCode::from(2)
        }
    }
}

fn open(cli_db: Option<std::path::PathBuf>) -> Result<Store, Failure> {
    let path = cli_db.unwrap_or_else(xiaoqi_core::paths::default_db_path);
    Store::open(&path).map_err(|e| Failure::Environment(e.to_string()))
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|e| Failure::Invalid(format!("--json 无法解析：{e}")))
}

fn print_json<T: Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Validate(v) => validate(v),
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
                "已写入演示学校“{}”：{} 个专业，{} 届，{} 名毕业生",
                xiaoqi_core::demo::COLLEGE_NAME,
                summary.programs,
                summary.cohorts,
                summary.graduates
            );
            Ok(())
        }
        Command::Programs(cmd) => programs(&mut open(cli.db)?, cmd),
        Command::Graduates(cmd) => graduates(&mut open(cli.db)?, cmd),
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

fn programs(store: &mut Store, cmd: ProgramCmd) -> Result<(), Failure> {
    let show = |list: &[xiaoqi_core::model::Program], json: bool| {
        if json {
            print_json(&list);
        } else {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        table::or_dash(p.code.as_deref()),
                        p.level.as_str().to_string(),
                        p.length_years.to_string(),
                        table::or_dash(p.department.as_deref()),
                        p.graduates.to_string(),
                        p.id.clone(),
                    ]
                })
                .collect();
            table::print(
                &["专业", "代码", "层次", "学制", "系部", "毕业生", "id"],
                &rows,
            );
        }
    };
    match cmd {
        ProgramCmd::List(out) => show(&store.programs()?, out.json),
        ProgramCmd::Get { id, out } => {
            let p = store.program(&id)?;
            if out.json {
                print_json(&p)
            } else {
                show(&[p], false)
            }
        }
        ProgramCmd::Add(input) => {
            println!("{}", store.create_program(&parse_json(&input.json)?)?.id)
        }
        ProgramCmd::Update { id, input } => println!(
            "{}",
            store.update_program(&id, &parse_json(&input.json)?)?.id
        ),
        ProgramCmd::Delete { id } => store.delete_program(&id)?,
    }
    Ok(())
}

fn graduates(store: &mut Store, cmd: GraduateCmd) -> Result<(), Failure> {
    let show = |list: Vec<xiaoqi_core::model::Graduate>, json: bool| {
        if json {
            print_json(&list);
            return;
        }
        let rows: Vec<Vec<String>> = list
            .into_iter()
            .map(GraduateRow::from)
            .map(|g| {
                vec![
                    g.name,
                    g.gender.map_or("-", |x| x.as_str()).to_string(),
                    g.student_number,
                    table::or_dash(g.id_number_masked.as_deref()),
                    table::or_dash(g.phone_masked.as_deref()),
                    g.program,
                    g.cohort.to_string(),
                    table::or_dash(g.class_name.as_deref()),
                    g.id,
                ]
            })
            .collect();
        table::print(
            &[
                "姓名",
                "性别",
                "学号",
                "身份证号",
                "手机",
                "专业",
                "届别",
                "班级",
                "id",
            ],
            &rows,
        );
    };
    match cmd {
        GraduateCmd::List {
            search,
            cohort,
            program,
            class_name,
            limit,
            offset,
            out,
        } => {
            let page = store.graduates(&GraduateQuery {
                search,
                cohort,
                program,
                class_name,
                limit,
                offset,
                ..Default::default()
            })?;
            let total = page.total;
            show(page.items, out.json);
            if !out.json {
                eprintln!("共 {total} 人");
            }
        }
        GraduateCmd::Get { id, out } => {
            let g = store.graduate(&id)?;
            if out.json {
                print_json(&g)
            } else {
                show(vec![g], false)
            }
        }
        GraduateCmd::Add(input) => {
            println!("{}", store.create_graduate(&parse_json(&input.json)?)?.id)
        }
        GraduateCmd::Update { id, input } => println!(
            "{}",
            store.update_graduate(&id, &parse_json(&input.json)?)?.id
        ),
        GraduateCmd::Delete { id } => store.delete_graduate(&id)?,
    }
    Ok(())
}
