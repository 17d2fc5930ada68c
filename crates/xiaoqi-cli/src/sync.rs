//! `xiaoqi sync` and `xiaoqi conflicts`: the sync client and the conflicts page, for scripts.

use std::io::IsTerminal;

use xiaoqi_core::Store;
use xiaoqi_core::replica::Keep;
use xiaoqi_sync::{Client, Phase, SyncError};

use crate::args::{ConflictsCmd, KeepArg};
use crate::{Failure, print_json, table};

impl From<SyncError> for Failure {
    fn from(e: SyncError) -> Self {
        if e.is_transient() {
            Failure::Unreachable(e.to_string())
        } else if e.is_token_refused() {
            Failure::TokenRefused(e.to_string())
        } else if let SyncError::Local(core) = e {
            core.into()
        } else {
            Failure::Invalid(e.to_string())
        }
    }
}

pub fn sync(
    store: &mut Store,
    server: Option<String>,
    token: Option<String>,
    json: bool,
    save: bool,
    page: u32,
) -> Result<(), Failure> {
    let (saved_server, saved_token) = store.sync_settings()?;
    let server = server.or(saved_server).ok_or_else(|| {
        Failure::Usage("没有服务器地址：请用 --server 给出，或在应用的设置页填写".into())
    })?;
    let token = token.or(saved_token).ok_or_else(|| {
        Failure::Usage("没有令牌：请用 --token 给出，或在应用的设置页填写".into())
    })?;
    let client = Client::new(&server, &token)?;
    // A second worker fetches the next pull page while this thread writes the current one.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::Environment(e.to_string()))?;
    let show_progress = !json && std::io::stderr().is_terminal();
    let limits = xiaoqi_sync::Limits {
        page,
        ..Default::default()
    };
    let report = runtime.block_on(xiaoqi_sync::sync_with(store, &client, limits, |p| {
        if show_progress && p.total > 0 {
            let what = match p.phase {
                Phase::Push => "上传",
                Phase::Pull => "下载",
            };
            eprint!("\r{what} {}/{}   ", p.done, p.total);
        }
    }))?;
    if show_progress {
        eprintln!();
    }
    if save {
        store.set_sync_settings(&server, Some(&token), None)?;
    }
    if json {
        print_json(&report);
    } else {
        if report.bound {
            println!(
                "本机数据已绑定到 {}（{}）",
                report.college.name, report.college.code
            );
        }
        println!(
            "上传 {} 条更改，下载 {} 条记录，新冲突 {} 条，待处理冲突 {} 条，服务器版本 {}",
            report.pushed, report.pulled, report.conflicts, report.open_conflicts, report.version
        );
    }
    Ok(())
}

pub fn conflicts(store: &mut Store, cmd: ConflictsCmd) -> Result<(), Failure> {
    match cmd {
        ConflictsCmd::List { reveal, out } => {
            let list = store.conflicts(reveal)?;
            if out.json {
                print_json(&list);
                return Ok(());
            }
            let cell = |v: &Option<String>| v.clone().unwrap_or_default();
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|c| {
                    vec![
                        c.id.clone(),
                        c.kind.clone(),
                        format!("{} {}", c.table, cell(&c.record)),
                        cell(&c.column),
                        cell(&c.local.value),
                        cell(&c.remote.value),
                        if c.resolved_at.is_some() {
                            "已处理".into()
                        } else {
                            "待处理".into()
                        },
                    ]
                })
                .collect();
            table::print(
                &[
                    "编号",
                    "类型",
                    "记录",
                    "字段",
                    "本机的值",
                    "另一方的值",
                    "状态",
                ],
                &rows,
            );
            eprintln!("共 {} 条", list.len());
            Ok(())
        }
        ConflictsCmd::Resolve { id, keep } => {
            let keep = match keep {
                KeepArg::Local => Keep::Local,
                KeepArg::Remote => Keep::Remote,
            };
            store.resolve_conflict(&id, keep)?;
            eprintln!("已处理冲突 {id}，下次同步时发送");
            Ok(())
        }
    }
}
