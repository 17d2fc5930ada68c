//! Users, signing in and out, and what each role may do. The store always acts as someone
//! ([`Actor`]): the command line and the system as administrators, the app as the person signed
//! in — and as nobody between sessions, when every read and write is refused.

use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::json;

use crate::audit::{self, Action, Event};
use crate::change::Change;
use crate::error::{CoreError, Result};
use crate::model::user::{Actor, MIN_PASSWORD_CHARS, Role, User, UserInput};
use crate::{Store, clock};

/// Wrong passwords in a row before the account is locked.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// How long a locked account stays locked.
pub const LOCK_MINUTES: i64 = 15;
/// Minutes without activity after which a session ends, unless settings say otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 15;
const IDLE_KEY: &str = "session_idle_minutes";

/// The person signed in, and when they last did something.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub(crate) actor: Actor,
    last_seen: Instant,
}

impl Session {
    pub(crate) fn new(actor: Actor) -> Self {
        Session {
            actor,
            last_seen: Instant::now(),
        }
    }
}

const USER_COLUMNS: &str = "id, username, display_name, role, classes, failed_logins, \
    locked_until, last_login_at, disabled_at, created_at";

fn user_from_row(r: &Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(3)?;
    let classes: String = r.get(4)?;
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Teacher),
        classes: serde_json::from_str(&classes).unwrap_or_default(),
        failed_logins: r.get(5)?,
        locked_until: r.get(6)?,
        last_login_at: r.get(7)?,
        disabled: r.get::<_, Option<String>>(8)?.is_some(),
        created_at: r.get(9)?,
    })
}

fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| CoreError::invalid("password", "hash", format!("无法保存密码：{e}")))
}

fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A PHC string of a password nobody has: verified against when the user name is unknown, so
/// an unknown name takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password(&clock::new_id()).unwrap_or_default())
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(CoreError::invalid(
            "password",
            "too_short",
            format!("密码至少 {MIN_PASSWORD_CHARS} 个字符"),
        ));
    }
    Ok(())
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Store {
    /// Who is acting now; `None` when the app is between sessions.
    pub fn actor(&self) -> Option<&Actor> {
        self.session.as_ref().map(|s| &s.actor)
    }

    /// Acts as `actor` from now on (the command line sets itself; tests set a teacher).
    pub fn act_as(&mut self, actor: Actor) {
        self.session = Some(Session::new(actor));
    }

    /// The actor, or the refusal every call makes when nobody is signed in.
    pub fn require_actor(&self) -> Result<&Actor> {
        self.actor().ok_or(CoreError::SignedOut)
    }

    /// Runs `f` as the system (a sync binding the database, say), then goes back to whoever was
    /// acting, their idle clock untouched.
    pub fn as_system<T>(&mut self, f: impl FnOnce(&mut Store) -> T) -> T {
        let saved = self.session.replace(Session::new(Actor::system()));
        let out = f(self);
        self.session = saved;
        out
    }

    /// Refuses unless the actor's role is one of `roles`; `what` says what was refused.
    pub fn require_role(&self, roles: &[Role], what: &str) -> Result<&Actor> {
        let actor = self.require_actor()?;
        if roles.contains(&actor.role) {
            Ok(actor)
        } else {
            Err(CoreError::Forbidden {
                role: actor.role.label(),
                what: what.to_string(),
            })
        }
    }

    /// The classes the actor is limited to (`Some` for teachers), or `None` when they see every
    /// graduate. Refused when nobody is signed in.
    pub(crate) fn visible_classes(&self) -> Result<Option<&[String]>> {
        let actor = self.require_actor()?;
        Ok((actor.role == Role::Teacher).then_some(actor.classes.as_slice()))
    }

    /// Refuses (as not found) a graduate of a class the actor does not see.
    pub(crate) fn check_sees_class(&self, class_name: Option<&str>, key: &str) -> Result<()> {
        if self.require_actor()?.sees_class(class_name) {
            Ok(())
        } else {
            Err(CoreError::NotFound {
                kind: "毕业生",
                id: key.to_string(),
            })
        }
    }

    /// True when this database has no users yet: the app's first start creates the
    /// administrator.
    pub fn has_users(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?)
    }

    /// Creates the first administrator and signs them in. Refused once any user exists.
    pub fn create_first_admin(&mut self, input: &UserInput) -> Result<User> {
        if self.has_users()? {
            return Err(CoreError::invalid(
                "username",
                "first_admin_exists",
                "已经有管理员了，请用已有账号登录",
            ));
        }
        let input = UserInput {
            role: Some(Role::Admin),
            classes: Some(Vec::new()),
            ..input.clone()
        };
        let user = self.insert_user(&input, &Actor::system())?;
        self.sign_in_as(&user, "first_admin")?;
        Ok(user)
    }

    /// Adds a user (administrators only).
    pub fn add_user(&mut self, input: &UserInput) -> Result<User> {
        let actor = self.require_role(&[Role::Admin], "管理用户")?.clone();
        self.insert_user(input, &actor)
    }

    fn insert_user(&mut self, input: &UserInput, actor: &Actor) -> Result<User> {
        let mut errors = crate::error::FieldErrors::default();
        let username = clean(&input.username);
        let display_name = clean(&input.display_name);
        if username.is_none() {
            errors.push(crate::FieldError::new(
                "username",
                "required",
                "请填写登录名",
            ));
        }
        if display_name.is_none() {
            errors.push(crate::FieldError::new(
                "display_name",
                "required",
                "请填写姓名",
            ));
        }
        let role = input.role;
        if role.is_none() {
            errors.push(crate::FieldError::new("role", "required", "请选择角色"));
        }
        match input.password.as_deref() {
            None => errors.push(crate::FieldError::new("password", "required", "请设置密码")),
            Some(p) => {
                if let Err(CoreError::Invalid(e)) = check_password(p) {
                    errors.0.extend(e.0);
                }
            }
        }
        let classes = clean_classes(input.classes.as_deref().unwrap_or_default());
        if role == Some(Role::Teacher) && classes.is_empty() {
            errors.push(crate::FieldError::new(
                "classes",
                "required",
                "教师账号至少要有一个班级",
            ));
        }
        if let Some(u) = &username
            && self.user_by_username(u)?.is_some()
        {
            errors.push(crate::FieldError::new(
                "username",
                "taken",
                format!("登录名“{u}”已被使用"),
            ));
        }
        errors.into_result()?;
        let (Some(username), Some(display_name), Some(role), Some(password)) =
            (username, display_name, role, input.password.as_deref())
        else {
            return Err(CoreError::invalid("username", "required", "请填写登录名"));
        };
        let hash = hash_password(password)?;
        let id = clock::new_id();
        let now = clock::now();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO users (id, username, display_name, role, classes, password_hash, \
             created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            rusqlite::params![
                id,
                username,
                display_name,
                role.as_str(),
                serde_json::to_string(&classes)?,
                hash,
                now
            ],
        )?;
        audit::append(
            &tx,
            actor,
            &Event::new(Action::User)
                .record("users", &id)
                .fields(["username", "display_name", "role", "classes", "password"])
                .detail(json!({"op": "add", "role": role.as_str()})),
        )?;
        tx.commit()?;
        self.user(&id)
    }

    /// Changes a user (administrators only; anyone may change their own password with
    /// [`Store::change_own_password`]). An administrator cannot take away the last
    /// administrator's role or disable them.
    pub fn update_user(&mut self, key: &str, input: &UserInput) -> Result<User> {
        let actor = self.require_role(&[Role::Admin], "管理用户")?.clone();
        let old = self.user(key)?;
        let mut fields: Vec<&str> = Vec::new();
        let mut errors = crate::error::FieldErrors::default();
        let display_name = clean(&input.display_name).unwrap_or(old.display_name.clone());
        if display_name != old.display_name {
            fields.push("display_name");
        }
        let role = input.role.unwrap_or(old.role);
        if role != old.role {
            fields.push("role");
        }
        let classes = input
            .classes
            .as_deref()
            .map(clean_classes)
            .unwrap_or(old.classes.clone());
        if classes != old.classes {
            fields.push("classes");
        }
        if role == Role::Teacher && classes.is_empty() {
            errors.push(crate::FieldError::new(
                "classes",
                "required",
                "教师账号至少要有一个班级",
            ));
        }
        let disabled = input.disabled.unwrap_or(old.disabled);
        if disabled != old.disabled {
            fields.push("disabled");
        }
        let hash = match input.password.as_deref() {
            Some(p) => {
                if let Err(CoreError::Invalid(e)) = check_password(p) {
                    errors.0.extend(e.0);
                }
                fields.push("password");
                Some(p)
            }
            None => None,
        };
        if old.role == Role::Admin
            && (role != Role::Admin || disabled)
            && self.active_admins()? <= 1
        {
            errors.push(crate::FieldError::new(
                "role",
                "last_admin",
                "这是唯一的管理员，不能改为其他角色或停用",
            ));
        }
        errors.into_result()?;
        let hash = hash.map(hash_password).transpose()?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE users SET display_name = ?2, role = ?3, classes = ?4, \
             password_hash = coalesce(?5, password_hash), \
             disabled_at = CASE WHEN ?6 THEN coalesce(disabled_at, ?7) ELSE NULL END, \
             failed_logins = CASE WHEN ?5 IS NULL THEN failed_logins ELSE 0 END, \
             locked_until = CASE WHEN ?5 IS NULL THEN locked_until ELSE NULL END, \
             updated_at = ?7 WHERE id = ?1",
            rusqlite::params![
                old.id,
                display_name,
                role.as_str(),
                serde_json::to_string(&classes)?,
                hash,
                disabled,
                clock::now()
            ],
        )?;
        if !fields.is_empty() {
            audit::append(
                &tx,
                &actor,
                &Event::new(Action::User)
                    .record("users", &old.id)
                    .fields(fields.iter().copied())
                    .detail(json!({"op": "update"})),
            )?;
        }
        tx.commit()?;
        self.user(&old.id)
    }

    /// The person signed in changes their own password, giving the current one.
    pub fn change_own_password(&mut self, current: &str, new: &str) -> Result<()> {
        let actor = self.require_actor()?.clone();
        let Some(id) = actor.user_id.clone() else {
            return Err(CoreError::invalid(
                "password",
                "no_account",
                "命令行没有账号密码；请用 user update 修改用户的密码",
            ));
        };
        let stored: String = self.conn.query_row(
            "SELECT password_hash FROM users WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        if !password_matches(current, &stored) {
            return Err(CoreError::invalid(
                "current_password",
                "wrong",
                "当前密码不正确",
            ));
        }
        check_password(new)?;
        let hash = hash_password(new)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
            rusqlite::params![id, hash, clock::now()],
        )?;
        audit::append(
            &tx,
            &actor,
            &Event::new(Action::User)
                .record("users", &id)
                .fields(["password"])
                .detail(json!({"op": "own_password"})),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every user, administrators first, by login name.
    pub fn users(&self) -> Result<Vec<User>> {
        self.require_role(&[Role::Admin], "查看用户")?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY \
             CASE role WHEN 'admin' THEN 0 WHEN 'staff' THEN 1 ELSE 2 END, lower(username)"
        ))?;
        let rows = stmt.query_map([], user_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A user by id or login name.
    pub fn user(&self, key: &str) -> Result<User> {
        let found = self
            .conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
                [key],
                user_from_row,
            )
            .optional()?;
        match found {
            Some(u) => Ok(u),
            None => self.user_by_username(key)?.ok_or(CoreError::NotFound {
                kind: "用户",
                id: key.to_string(),
            }),
        }
    }

    fn user_by_username(&self, username: &str) -> Result<Option<User>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE lower(username) = lower(?1)"),
                [username.trim()],
                user_from_row,
            )
            .optional()?)
    }

    fn active_admins(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// Signs in with a login name and password. A wrong password counts against the account;
    /// after [`MAX_FAILED_LOGINS`] in a row it is locked for [`LOCK_MINUTES`] minutes. Every
    /// attempt is in the audit log.
    pub fn sign_in(&mut self, username: &str, password: &str) -> Result<User> {
        let found = self.user_by_username(username)?;
        let stored: Option<String> = match &found {
            Some(u) => self
                .conn
                .query_row(
                    "SELECT password_hash FROM users WHERE id = ?1",
                    [&u.id],
                    |r| r.get(0),
                )
                .optional()?,
            None => None,
        };
        let matches = password_matches(password, stored.as_deref().unwrap_or(decoy_hash()));
        let now = clock::now();
        let Some(user) = found else {
            self.log_failed_sign_in(None, username, "unknown_user")?;
            return Err(CoreError::WrongPassword);
        };
        if let Some(until) = user.locked_until.as_deref().filter(|u| *u > now.as_str()) {
            self.log_failed_sign_in(Some(&user), username, "locked")?;
            return Err(CoreError::AccountLocked {
                until: until.to_string(),
            });
        }
        if !matches {
            let failed = user.failed_logins + 1;
            let lock = (failed >= MAX_FAILED_LOGINS).then(|| clock::now_plus_minutes(LOCK_MINUTES));
            let tx = self.conn.transaction()?;
            tx.execute(
                "UPDATE users SET failed_logins = ?2, locked_until = coalesce(?3, locked_until) \
                 WHERE id = ?1",
                rusqlite::params![user.id, if lock.is_some() { 0 } else { failed }, lock],
            )?;
            audit::append(
                &tx,
                &Actor::of(&user),
                &Event::new(Action::LoginFailed)
                    .record("users", &user.id)
                    .detail(json!({"reason": "wrong_password", "failed": failed, "locked": lock.is_some()})),
            )?;
            tx.commit()?;
            return Err(match lock {
                Some(until) => CoreError::AccountLocked { until },
                None => CoreError::WrongPassword,
            });
        }
        // Only the right password learns that the account is disabled.
        if user.disabled {
            self.log_failed_sign_in(Some(&user), username, "disabled")?;
            return Err(CoreError::AccountDisabled);
        }
        self.sign_in_as(&user, "password")?;
        self.user(&user.id)
    }

    fn log_failed_sign_in(&mut self, user: Option<&User>, typed: &str, reason: &str) -> Result<()> {
        let actor = match user {
            Some(u) => Actor::of(u),
            None => Actor {
                user_id: None,
                // The typed name, cut short: it may be someone's password typed in the wrong box.
                name: typed.trim().chars().take(32).collect(),
                role: Role::Teacher,
                classes: Vec::new(),
            },
        };
        let event = Event::new(Action::LoginFailed).detail(json!({ "reason": reason }));
        let event = match user {
            Some(u) => event.record("users", &u.id),
            None => event,
        };
        audit::append(&self.conn, &actor, &event)
    }

    fn sign_in_as(&mut self, user: &User, how: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ?2 WHERE id = ?1",
            rusqlite::params![user.id, clock::now()],
        )?;
        audit::append(
            &tx,
            &Actor::of(user),
            &Event::new(Action::Login)
                .record("users", &user.id)
                .detail(json!({ "how": how })),
        )?;
        tx.commit()?;
        self.session = Some(Session::new(Actor::of(user)));
        Ok(())
    }

    /// Ends the session (`reason`: `user` or `idle`); afterwards everything is refused until
    /// someone signs in.
    pub fn sign_out(&mut self, reason: &str) -> Result<()> {
        if let Some(session) = self.session.take()
            && session.actor.user_id.is_some()
        {
            audit::append(
                &self.conn,
                &session.actor,
                &Event::new(Action::Logout).detail(json!({ "reason": reason })),
            )?;
        }
        Ok(())
    }

    /// The idle time after which a session ends, in minutes (settings).
    pub fn idle_minutes(&self) -> Result<u32> {
        Ok(self
            .meta(IDLE_KEY)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_IDLE_MINUTES))
    }

    /// Sets the idle time (administrators; 1 to 480 minutes).
    pub fn set_idle_minutes(&mut self, minutes: u32) -> Result<()> {
        let actor = self.require_role(&[Role::Admin], "修改设置")?.clone();
        if !(1..=480).contains(&minutes) {
            return Err(CoreError::invalid(
                "idle_minutes",
                "range",
                "自动退出时间应在 1 到 480 分钟之间",
            ));
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            rusqlite::params![IDLE_KEY, minutes.to_string()],
        )?;
        audit::append(
            &tx,
            &actor,
            &Event::new(Action::Settings)
                .fields([IDLE_KEY])
                .detail(json!({ "minutes": minutes })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Called before each thing a signed-in person does, at `now`: ends the session when it was
    /// idle longer than the setting (refusing with [`CoreError::SessionExpired`]), else notes the
    /// activity. Sessions of the command line and the system never expire.
    pub fn touch_session(&mut self, now: Instant) -> Result<()> {
        let idle = Duration::from_secs(u64::from(self.idle_minutes()?) * 60);
        let Some(session) = self.session.as_mut() else {
            return Err(CoreError::SignedOut);
        };
        if session.actor.user_id.is_none() {
            return Ok(());
        }
        if now.saturating_duration_since(session.last_seen) > idle {
            self.sign_out("idle")?;
            return Err(CoreError::SessionExpired);
        }
        session.last_seen = now;
        Ok(())
    }
}

/// Refuses a change the actor may not make: teachers change only graduates and placements
/// of their classes; agreements and the college profile are for administrators.
pub(crate) fn check_change(conn: &Connection, actor: &Actor, change: &Change) -> Result<()> {
    let forbid = |what: &str| CoreError::Forbidden {
        role: actor.role.label(),
        what: what.to_string(),
    };
    match (actor.role, change.table.as_str()) {
        (Role::Admin, _) => Ok(()),
        (_, "agreements") => Err(forbid("修改合作协议")),
        (_, "colleges") => Err(forbid("修改学校信息")),
        (Role::Staff, _) => Ok(()),
        (Role::Teacher, "graduates") => {
            let old: Option<Option<String>> = conn
                .query_row(
                    "SELECT class_name FROM graduates WHERE id = ?1",
                    [&change.row_id],
                    |r| r.get(0),
                )
                .optional()?;
            let new = change
                .columns
                .get("class_name")
                .map(|v| v.as_str().map(str::to_string));
            let ok = old
                .iter()
                .chain(new.iter())
                .all(|c| actor.sees_class(c.as_deref()));
            if ok {
                Ok(())
            } else {
                Err(forbid("修改其他班级的学生"))
            }
        }
        (Role::Teacher, "placements") => {
            let graduate = match change.columns.get("graduate_id").and_then(|v| v.as_str()) {
                Some(g) => Some(g.to_string()),
                None => conn
                    .query_row(
                        "SELECT graduate_id FROM placements WHERE id = ?1",
                        [&change.row_id],
                        |r| r.get(0),
                    )
                    .optional()?,
            };
            let class: Option<String> = match graduate {
                Some(g) => conn
                    .query_row("SELECT class_name FROM graduates WHERE id = ?1", [g], |r| {
                        r.get(0)
                    })
                    .optional()?
                    .flatten(),
                None => None,
            };
            if actor.sees_class(class.as_deref()) {
                Ok(())
            } else {
                Err(forbid("登记其他班级学生的去向"))
            }
        }
        (Role::Teacher, _) => Err(forbid("修改学生和去向以外的记录")),
    }
}

/// Class names trimmed, without blanks or repeats, in the order given.
fn clean_classes(classes: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in classes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if !out.iter().any(|k| k == c) {
            out.push(c.to_string());
        }
    }
    out
}
