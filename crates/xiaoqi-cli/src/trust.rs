//! `xiaoqi user …` and `xiaoqi audit …`: the people who sign in to the app, and the audit log.

use std::io::BufRead;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use xiaoqi_core::Store;
use xiaoqi_core::audit::AuditQuery;
use xiaoqi_core::model::{Role, User, UserInput};

use crate::{Failure, print_json, table};

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Every user: login name, name, role, classes, locked or disabled.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a user. The password is read from the first line of standard input.
    Add {
        #[arg(long)]
        username: String,
        /// The name shown and recorded with each edit.
        #[arg(long)]
        name: String,
        /// admin (管理员) | staff (就业办工作人员) | teacher (教师).
        #[arg(long)]
        role: String,
        /// A teacher's class (repeat for each): they see and edit only these classes' graduates.
        #[arg(long = "class", value_name = "CLASS")]
        classes: Vec<String>,
    },
    /// Change a user; fields not given stay as they are.
    Update {
        /// Login name or id.
        user: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        role: Option<String>,
        /// Replaces the teacher's classes (repeat for each).
        #[arg(long = "class", value_name = "CLASS")]
        classes: Vec<String>,
        /// Set a new password, read from the first line of standard input (also unlocks).
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        #[arg(long)]
        enable: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCmd {
    /// Check the hash chain: exit 0 when every entry is intact, 1 naming the first entry that
    /// was edited or deleted.
    Verify {
        /// Print {"ok", "entries", "broken_at", "reason", "head", "message"}.
        #[arg(long)]
        json: bool,
    },
    /// The latest entries, newest first (who, when, what, which record and fields).
    List {
        #[command(flatten)]
        filter: AuditFilter,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Write the entries to FILE.xlsx or FILE.csv (the export is itself logged).
    Export {
        file: PathBuf,
        #[command(flatten)]
        filter: AuditFilter,
    },
}

#[derive(Subcommand, Debug)]
pub enum RetentionCmd {
    /// The years personal fields are kept after graduation.
    Show,
    /// Keep personal fields YEARS years after graduation (1–50), or `off` to keep them.
    Set { years: String },
    /// Clear the name, ID number, phone, notes and evidence files of graduates whose cohort is
    /// that many years past (the setting unless --years); the statistics stay as they are.
    Purge {
        #[arg(long)]
        years: Option<u32>,
        /// Count what would be cleared; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print {"up_to_cohort","graduates","placements","files","dry_run"}.
        #[arg(long)]
        json: bool,
    },
}

pub fn retention(store: &mut Store, cmd: RetentionCmd) -> Result<(), Failure> {
    match cmd {
        RetentionCmd::Show => match store.retention_years()? {
            Some(y) => println!("个人信息保存 {y} 年（毕业当年起算）"),
            None => println!("未设置保存年限：个人信息一直保存，直至删除"),
        },
        RetentionCmd::Set { years } => {
            let years = match years.trim() {
                "off" | "none" | "关闭" => None,
                y => Some(y.parse::<u32>().map_err(|_| {
                    Failure::Usage(format!("保存年限应为 1 到 50 的整数，或 off：“{y}”"))
                })?),
            };
            store.set_retention_years(years)?;
        }
        RetentionCmd::Purge {
            years,
            dry_run,
            json,
        } => {
            let r = store.purge_personal_data(years, dry_run)?;
            if json {
                print_json(&r);
            } else {
                let verb = if r.dry_run { "将清除" } else { "已清除" };
                println!(
                    "{verb} {} 届及以前 {} 名毕业生的个人信息、{} 条去向的备注和证明材料（删除文件 {} 个）",
                    r.up_to_cohort, r.graduates, r.placements, r.files
                );
            }
        }
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct AuditFilter {
    /// insert | update | delete | login | login_failed | logout | reveal | export | backup |
    /// restore | user | settings | sync
    #[arg(long)]
    action: Option<String>,
    /// Entries by this user name.
    #[arg(long)]
    user: Option<String>,
    /// Entries of this record id.
    #[arg(long)]
    record: Option<String>,
    /// From this date or time (YYYY-MM-DD or RFC 3339, UTC).
    #[arg(long)]
    from: Option<String>,
    /// Before this date or time.
    #[arg(long)]
    until: Option<String>,
}

impl AuditFilter {
    fn query(self, limit: Option<u32>) -> AuditQuery {
        AuditQuery {
            action: self.action,
            user_name: self.user,
            row_id: self.record,
            from: self.from,
            until: self.until,
            offset: None,
            limit,
        }
    }
}

fn role(s: &str) -> Result<Role, Failure> {
    Role::parse(s).ok_or_else(|| {
        Failure::Usage(format!(
            "未知的角色“{s}”：应为 admin（管理员）、staff（就业办工作人员）或 teacher（教师）"
        ))
    })
}

fn read_password() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::Environment(format!("无法从标准输入读取密码：{e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err(Failure::Usage(
            "请在标准输入的第一行给出密码（例如 echo 密码 | xiaoqi user add …）".into(),
        ));
    }
    Ok(password)
}

fn print_users(users: &[User]) {
    let rows: Vec<Vec<String>> = users
        .iter()
        .map(|u| {
            let state = if u.disabled {
                "已停用".to_string()
            } else if let Some(until) = &u.locked_until {
                format!("锁定至 {until}")
            } else {
                "正常".to_string()
            };
            vec![
                u.username.clone(),
                u.display_name.clone(),
                u.role.label().to_string(),
                u.classes.join("、"),
                table::or_dash(u.last_login_at.as_deref()),
                state,
            ]
        })
        .collect();
    table::print(
        &["登录名", "姓名", "角色", "班级", "上次登录", "状态"],
        &rows,
    );
}

pub fn user(store: &mut Store, cmd: UserCmd) -> Result<(), Failure> {
    match cmd {
        UserCmd::List { json } => {
            let users = store.users()?;
            if json {
                print_json(&users);
            } else {
                print_users(&users);
            }
        }
        UserCmd::Add {
            username,
            name,
            role: r,
            classes,
        } => {
            let input = UserInput {
                username: Some(username),
                display_name: Some(name),
                role: Some(role(&r)?),
                classes: Some(classes),
                password: Some(read_password()?),
                disabled: None,
            };
            let user = store.add_user(&input)?;
            println!("{}", user.id);
        }
        UserCmd::Update {
            user,
            name,
            role: r,
            classes,
            password_stdin,
            disable,
            enable,
        } => {
            let input = UserInput {
                username: None,
                display_name: name,
                role: r.as_deref().map(role).transpose()?,
                classes: (!classes.is_empty()).then_some(classes),
                password: password_stdin.then(read_password).transpose()?,
                disabled: if disable {
                    Some(true)
                } else if enable {
                    Some(false)
                } else {
                    None
                },
            };
            let user = store.update_user(&user, &input)?;
            print_users(std::slice::from_ref(&user));
        }
    }
    Ok(())
}

pub fn audit(store: &Store, cmd: AuditCmd) -> Result<(), Failure> {
    match cmd {
        AuditCmd::Verify { json } => {
            let v = store.audit_verify()?;
            if json {
                print_json(&serde_json::json!({
                    "ok": v.holds(),
                    "entries": v.entries,
                    "broken_at": v.broken_at,
                    "reason": v.reason,
                    "head": v.head,
                    "message": v.message(),
                }));
            } else {
                println!("{}", v.message());
            }
            if v.holds() {
                Ok(())
            } else {
                Err(Failure::Mismatch)
            }
        }
        AuditCmd::List {
            filter,
            limit,
            json,
        } => {
            let (entries, total) = store.audit_entries(&filter.query(Some(limit)))?;
            if json {
                print_json(&serde_json::json!({ "total": total, "entries": entries }));
                return Ok(());
            }
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    vec![
                        e.seq.to_string(),
                        e.at.clone(),
                        e.user_name.clone(),
                        e.action.clone(),
                        table::or_dash(e.table_name.as_deref()),
                        table::or_dash(e.row_id.as_deref()),
                        e.fields.join(","),
                    ]
                })
                .collect();
            table::print(
                &["序号", "时间", "操作人", "操作", "数据表", "记录", "字段"],
                &rows,
            );
            eprintln!("共 {total} 条，显示最新 {} 条", entries.len());
            Ok(())
        }
        AuditCmd::Export { file, filter } => {
            let n = store.export_audit(&filter.query(None), &file)?;
            eprintln!("已导出 {n} 条审计记录到 {}", file.display());
            Ok(())
        }
    }
}
