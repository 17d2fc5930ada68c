//! `xiaoqi-server`: serve the sync API, and the administrators' commands.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xiaoqi_server::storage::Storage;
use xiaoqi_server::storage::postgres::{PostgresStorage, is_postgres_url};
use xiaoqi_server::storage::sqlite::SqliteStorage;

#[derive(Parser)]
#[command(name = "xiaoqi-server", version, about = "校企通 省级同步服务器")]
struct Cli {
    /// Where the server keeps its SQLite database (when no --database is given).
    #[arg(
        long,
        global = true,
        env = "XIAOQI_SERVER_DATA",
        default_value = "xiaoqi-server-data"
    )]
    data: PathBuf,
    /// A PostgreSQL database (postgres://user@host:port/dbname) instead of SQLite in --data.
    #[arg(long, global = true, env = "XIAOQI_DATABASE_URL", value_name = "URL")]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serves the sync API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8787")]
        listen: SocketAddr,
    },
    /// Colleges.
    College {
        #[command(subcommand)]
        command: CollegeCommand,
    },
    /// Device and provincial tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Subcommand)]
enum CollegeCommand {
    /// Adds a college.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        city: Option<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Issues a token and prints it (and nothing else).
    Issue {
        /// The college (by code) whose devices use the token.
        #[arg(
            long,
            required_unless_present = "province",
            conflicts_with = "province"
        )]
        college: Option<String>,
        /// The province's read-only token: aggregate figures, never a row.
        #[arg(long)]
        province: bool,
        #[arg(long)]
        label: Option<String>,
    },
    /// Revokes a token.
    Revoke { token: String },
}

fn open_sqlite(data: &std::path::Path) -> Result<SqliteStorage, String> {
    std::fs::create_dir_all(data)
        .map_err(|e| format!("无法创建数据目录 {}：{e}", data.display()))?;
    SqliteStorage::open(&data.join("server.db")).map_err(|e| e.to_string())
}

/// Opens the backend the flags name and runs the command on it.
async fn run(cli: Cli) -> Result<(), String> {
    match cli.database.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) if is_postgres_url(url) => {
            let storage = PostgresStorage::connect(url)
                .await
                .map_err(|e| e.to_string())?;
            run_on(storage, cli.command).await
        }
        Some(_) => Err(
            "--database 只接受 postgres:// 或 postgresql:// 开头的地址；使用 SQLite 时不写 --database，用 --data 指定目录"
                .into(),
        ),
        None => run_on(open_sqlite(&cli.data)?, cli.command).await,
    }
}

async fn run_on<S: Storage>(storage: S, command: Command) -> Result<(), String> {
    match command {
        Command::Serve { listen } => {
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .map_err(|e| format!("无法监听 {listen}：{e}"))?;
            tracing::info!(%listen, "serving");
            eprintln!(
                "xiaoqi-server 正在监听 http://{}",
                listener.local_addr().map_err(|e| e.to_string())?
            );
            axum::serve(listener, xiaoqi_server::router(storage))
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .map_err(|e| e.to_string())
        }
        Command::College {
            command: CollegeCommand::Add { code, name, city },
        } => {
            let c = storage
                .add_college(&code, &name, city.as_deref())
                .await
                .map_err(|e| e.to_string())?;
            println!("{}", c.id);
            Ok(())
        }
        Command::Token {
            command:
                TokenCommand::Issue {
                    college,
                    province: _,
                    label,
                },
        } => {
            let token = storage
                .issue_token(college.as_deref(), label.as_deref())
                .await
                .map_err(|e| e.to_string())?;
            println!("{token}");
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Revoke { token },
        } => {
            if storage
                .revoke_token(&token)
                .await
                .map_err(|e| e.to_string())?
            {
                eprintln!("令牌已吊销");
                Ok(())
            } else {
                Err("没有这个有效的令牌".into())
            }
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("XIAOQI_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}
