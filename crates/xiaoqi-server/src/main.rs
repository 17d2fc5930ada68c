//! `xiaoqi-server`: serve the sync API, and the administrators' commands (colleges, tokens, the
//! province's figures, the demo province).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xiaoqi_protocol::figures::{CollegeFigures, Indicators, ProvinceFigures};
use xiaoqi_server::demo::DemoOptions;
use xiaoqi_server::limit::RateLimit;
use xiaoqi_server::serve::Tls;
use xiaoqi_server::storage::Storage;
use xiaoqi_server::storage::postgres::{PostgresStorage, is_postgres_url};
use xiaoqi_server::storage::sqlite::SqliteStorage;

/// mimalloc: a sync or an import allocates millions of small strings and maps; glibc's
/// allocator spent a fifth of a first sync's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Serves the sync API (HTTPS when given a certificate and its key).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8787")]
        listen: SocketAddr,
        /// Requests per second each token is given back (0: no limit).
        #[arg(long, value_name = "PER_SECOND", default_value_t = RateLimit::DEFAULT.per_second)]
        rate: f64,
        /// Requests a token may make at once.
        #[arg(long, value_name = "N", default_value_t = RateLimit::DEFAULT.burst)]
        burst: u32,
        /// The server's certificate chain (PEM); serves HTTPS with --tls-key.
        #[arg(long, value_name = "PEM", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM).
        #[arg(long, value_name = "PEM", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Prints the province's figures (or one college's), as the province's token reads them.
    Figures {
        /// One cohort's graduates (every cohort when absent).
        #[arg(long)]
        cohort: Option<i32>,
        /// One college (by code) instead of the province.
        #[arg(long)]
        college: Option<String>,
        /// JSON, as `GET /v1/province/figures` (or `/v1/college/figures`) answers.
        #[arg(long)]
        json: bool,
    },
    /// Seeds a synthetic province: 148 colleges in the seed article's proportions. Running it
    /// again writes nothing new.
    Demo {
        /// Graduates as a share of the real province's 170,000 a year.
        #[arg(long, default_value_t = DemoOptions::default().scale)]
        scale: f64,
        #[arg(long, default_value_t = DemoOptions::default().seed)]
        seed: u64,
        /// Also issues a token per college and the provincial token, printed as JSON.
        #[arg(long)]
        tokens: bool,
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
        Command::Serve {
            listen,
            rate,
            burst,
            tls_cert,
            tls_key,
        } => {
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => Some(Tls::from_files(&cert, &key)?),
                _ => None,
            };
            if !(rate.is_finite() && rate >= 0.0) {
                return Err("--rate 应为不小于 0 的数".into());
            }
            let options = xiaoqi_server::api::Options {
                rate_limit: (rate > 0.0).then_some(RateLimit {
                    per_second: rate,
                    burst: burst.max(1),
                }),
            };
            let listener = xiaoqi_server::serve::bind(listen)?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            let scheme = if tls.is_some() { "https" } else { "http" };
            tracing::info!(%addr, scheme, rate, burst, "serving");
            eprintln!("xiaoqi-server 正在监听 {scheme}://{addr}");
            let app = xiaoqi_server::router_with(storage, options);
            xiaoqi_server::serve::serve(listener, app, tls, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
        }
        Command::Figures {
            cohort,
            college,
            json,
        } => {
            let text = match college {
                Some(code) => {
                    let c = storage
                        .colleges()
                        .await
                        .map_err(|e| e.to_string())?
                        .into_iter()
                        .find(|c| c.code == code)
                        .ok_or_else(|| format!("没有代码为 {code} 的学校"))?;
                    let f = storage
                        .college_figures(&c, cohort)
                        .await
                        .map_err(|e| e.to_string())?;
                    if json {
                        serde_json::to_string_pretty(&f).map_err(|e| e.to_string())?
                    } else {
                        college_text(&f)
                    }
                }
                None => {
                    let f = storage
                        .province_figures(cohort)
                        .await
                        .map_err(|e| e.to_string())?;
                    if json {
                        serde_json::to_string_pretty(&f).map_err(|e| e.to_string())?
                    } else {
                        province_text(&f)
                    }
                }
            };
            println!("{text}");
            Ok(())
        }
        Command::Demo {
            scale,
            seed,
            tokens,
        } => {
            if !(scale.is_finite() && scale > 0.0 && scale <= 1.0) {
                return Err("--scale 应在 0 与 1 之间（1 为全省每年 17 万毕业生）".into());
            }
            let opts = DemoOptions { scale, seed };
            let started = std::time::Instant::now();
            let report = xiaoqi_server::demo::seed(&storage, &opts, |spec, applied| {
                tracing::debug!(code = %spec.code, applied, "demo college");
            })
            .await
            .map_err(|e| e.to_string())?;
            if report.applied == 0 {
                eprintln!(
                    "演示省份已在服务器上（{} 所学校），没有重复写入",
                    report.colleges.len()
                );
            } else {
                eprintln!(
                    "已写入演示省份：{} 所学校（新增 {} 所），{} 条变更，用时 {:.1} 秒",
                    report.colleges.len(),
                    report.added,
                    report.applied,
                    started.elapsed().as_secs_f64()
                );
            }
            if tokens {
                let mut colleges = Vec::with_capacity(report.colleges.len());
                for c in &report.colleges {
                    let token = storage
                        .issue_token(Some(&c.code), Some("演示"))
                        .await
                        .map_err(|e| e.to_string())?;
                    colleges.push(serde_json::json!({
                        "code": c.code, "name": c.name, "city": c.city, "token": token,
                    }));
                }
                let province = storage
                    .issue_token(None, Some("演示"))
                    .await
                    .map_err(|e| e.to_string())?;
                let out = serde_json::json!({ "province": province, "colleges": colleges });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
                );
            } else {
                for c in &report.colleges {
                    println!("{}\t{}", c.code, c.name);
                }
            }
            Ok(())
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

fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0))
}

fn indicators_line(i: &Indicators) -> String {
    let r = &i.rates;
    format!(
        "毕业生 {} 人；就业率 {}（协议和合同 {}，灵活 {}，创业 {}），升学 {}，待就业 {}，暂不就业 {}；\
         落实率 {}；对口 {}；本地 {}；证书 {}；平均起薪 {}",
        i.graduates,
        pct(r.employment),
        pct(r.contract),
        pct(r.flexible),
        pct(r.entrepreneurship),
        pct(r.further_study),
        pct(r.awaiting),
        pct(r.not_seeking),
        pct(r.headline_2024),
        pct(r.in_field),
        pct(r.local),
        pct(r.certificates),
        i.mean_salary
            .map_or_else(|| "—".to_string(), |s| format!("{s:.0} 元")),
    )
}

fn cohort_label(cohort: Option<i32>) -> String {
    cohort.map_or_else(|| "全部届别".to_string(), |c| format!("{c} 届"))
}

fn common_text(
    out: &mut Vec<String>,
    fairs: u32,
    f: &xiaoqi_protocol::indicators::FairFigures,
    agreements: &[xiaoqi_protocol::figures::AgreementCount],
    coverage: &xiaoqi_protocol::figures::Coverage,
) {
    out.push(format!(
        "双选会 {fairs} 场：用人单位 {}，岗位 {}（招聘 {} 人），简历 {}，就业意向 {}，签约 {}",
        f.employers, f.positions, f.headcount, f.resumes, f.intentions, f.signings
    ));
    out.push(format!(
        "协议：{}",
        agreements
            .iter()
            .map(|a| format!("{} {}（有效 {}）", a.kind, a.total, a.in_force))
            .collect::<Vec<_>>()
            .join("，")
    ));
    let mut note = format!("去向代码表：{}", coverage.code_lists.join("、"));
    if coverage.unknown_codes > 0 {
        note.push_str(&format!(
            "；{} 名毕业生的去向代码不在服务器的代码表中，按待就业计",
            coverage.unknown_codes
        ));
    }
    out.push(note);
}

fn province_text(f: &ProvinceFigures) -> String {
    let mut out = vec![
        format!("全省 {} 所学校，{}", f.colleges, cohort_label(f.cohort)),
        indicators_line(&f.indicators),
        format!(
            "开设工业机器人专业的学校 {} 所（{} 个专业，毕业生 {} 人）；人工智能专业 {} 所（{} 个专业，毕业生 {} 人）",
            f.robotics.colleges,
            f.robotics.programs,
            f.robotics.graduates,
            f.ai.colleges,
            f.ai.programs,
            f.ai.graduates
        ),
        format!(
            "各届毕业生：{}",
            f.by_cohort
                .iter()
                .map(|c| format!("{} 届 {} 人", c.cohort, c.graduates))
                .collect::<Vec<_>>()
                .join("，")
        ),
        format!(
            "在科研机构工作的毕业生 {} 人，来自 {} 所学校",
            f.research.graduates, f.research.colleges
        ),
    ];
    common_text(
        &mut out,
        f.fairs,
        &f.fair_totals,
        &f.agreements,
        &f.coverage,
    );
    out.push(String::new());
    out.push("按学校：代码\t学校\t毕业生\t就业率\t落实率\t对口率".into());
    for c in &f.by_college {
        out.push(format!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            c.code,
            c.name,
            c.indicators.graduates,
            pct(c.indicators.rates.employment),
            pct(c.indicators.rates.headline_2024),
            pct(c.indicators.rates.in_field)
        ));
    }
    out.push(String::new());
    out.push("按专业：专业\t学校数\t毕业生\t就业率\t落实率\t对口率".into());
    for p in &f.by_program {
        out.push(format!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            p.program,
            p.colleges,
            p.indicators.graduates,
            pct(p.indicators.rates.employment),
            pct(p.indicators.rates.headline_2024),
            pct(p.indicators.rates.in_field)
        ));
    }
    out.join("\n")
}

fn college_text(f: &CollegeFigures) -> String {
    let mut out = vec![
        format!(
            "{}（{}），{}",
            f.college.name,
            f.college.code,
            cohort_label(f.cohort)
        ),
        indicators_line(&f.indicators),
        format!(
            "各届毕业生：{}",
            f.by_cohort
                .iter()
                .map(|c| format!("{} 届 {} 人", c.cohort, c.graduates))
                .collect::<Vec<_>>()
                .join("，")
        ),
        format!("在科研机构工作的毕业生 {} 人", f.research.graduates),
    ];
    common_text(
        &mut out,
        f.fairs,
        &f.fair_totals,
        &f.agreements,
        &f.coverage,
    );
    out.push(String::new());
    out.push("按专业：专业\t毕业生\t就业率\t落实率\t对口率".into());
    for p in &f.programs {
        out.push(format!(
            "{}\t{}\t{}\t{}\t{}",
            p.program,
            p.indicators.graduates,
            pct(p.indicators.rates.employment),
            pct(p.indicators.rates.headline_2024),
            pct(p.indicators.rates.in_field)
        ));
    }
    out.join("\n")
}

#[tokio::main]
async fn main() -> ExitCode {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("XIAOQI_LOG").unwrap_or_else(|_| "info".into());
    // XIAOQI_LOG_FORMAT=json: one JSON object a line, the request's span fields included.
    if std::env::var("XIAOQI_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    } else {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    }
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::FAILURE
        }
    }
}
