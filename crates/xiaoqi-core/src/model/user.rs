//! People who sign in to this copy of the app, their roles, and who is acting now.

use serde::{Deserialize, Serialize};

/// What a person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 管理员: users, agreements, settings, exports and reveals of whole ID numbers and phones.
    Admin,
    /// 就业办工作人员 (career-office staff): every record except agreements and settings.
    Staff,
    /// 班主任/教师: only the graduates and placements of their own classes.
    Teacher,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Staff => "staff",
            Self::Teacher => "teacher",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "admin" | "管理员" => Some(Self::Admin),
            "staff" | "工作人员" | "就业办" => Some(Self::Staff),
            "teacher" | "教师" | "班主任" => Some(Self::Teacher),
            _ => None,
        }
    }

    /// The role's name as people say it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "管理员",
            Self::Staff => "就业办工作人员",
            Self::Teacher => "教师",
        }
    }
}

/// A user as shown and listed: never the password hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct User {
    pub id: String,
    /// The name typed to sign in.
    pub username: String,
    /// The name shown and recorded with each edit.
    pub display_name: String,
    pub role: Role,
    /// For teachers: the classes (`class_name`) whose graduates they see and edit.
    pub classes: Vec<String>,
    /// Signed-in attempts refused since the last success.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub failed_logins: i64,
    /// Signing in is refused until then (RFC 3339 UTC), after repeated wrong passwords.
    pub locked_until: Option<String>,
    pub last_login_at: Option<String>,
    pub disabled: bool,
    pub created_at: String,
}

/// A new user, or changes to one (on update, `None` keeps a field).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UserInput {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub classes: Option<Vec<String>>,
    /// A new password (at least `MIN_PASSWORD_CHARS` characters).
    pub password: Option<String>,
    pub disabled: Option<bool>,
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Who is acting on the store: recorded in the audit log and with every change it makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Actor {
    /// The user's id; `None` for the command line and the system itself.
    pub user_id: Option<String>,
    pub name: String,
    pub role: Role,
    pub classes: Vec<String>,
}

impl Actor {
    /// The command line, run by someone with the database file in hand: an administrator,
    /// recorded under the operating-system account that ran it.
    pub fn command_line() -> Actor {
        let account = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_default();
        let name = if account.is_empty() {
            "命令行".to_string()
        } else {
            format!("命令行（{account}）")
        };
        Actor {
            user_id: None,
            name,
            role: Role::Admin,
            classes: Vec::new(),
        }
    }

    /// The app itself (automatic backups, the demo data, a sync's incoming pages).
    pub fn system() -> Actor {
        Actor {
            user_id: None,
            name: "系统".to_string(),
            role: Role::Admin,
            classes: Vec::new(),
        }
    }

    pub fn of(user: &User) -> Actor {
        Actor {
            user_id: Some(user.id.clone()),
            name: user.display_name.clone(),
            role: user.role,
            classes: user.classes.clone(),
        }
    }

    /// True when this actor may see and edit a graduate of class `class_name`.
    pub fn sees_class(&self, class_name: Option<&str>) -> bool {
        match self.role {
            Role::Teacher => class_name.is_some_and(|c| self.classes.iter().any(|k| k == c)),
            _ => true,
        }
    }
}
