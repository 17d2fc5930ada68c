//! The one error type of the core, with stable codes that the boundaries (IPC, CLI) map.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

/// One field that failed validation: which field, a stable code and the reason in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldError {
    /// The field as named in the record types, e.g. `id_number`.
    pub field: String,
    /// Stable code, e.g. `id_number.check_digit`; the UI uses it as an i18n key.
    pub code: String,
    /// The reason in words, zh-CN.
    pub message: String,
    /// Values the message refers to (e.g. `expected`), for translated messages.
    pub params: BTreeMap<String, String>,
}

impl FieldError {
    /// `field` may index into a list (`contacts[2].phone`); the code leaves the index out
    /// (`contacts.phone.format`) so that it stays one i18n key, and the row goes in `params`.
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        let mut key = String::with_capacity(field.len());
        let mut depth = 0;
        for c in field.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                _ if depth == 0 => key.push(c),
                _ => {}
            }
        }
        Self {
            field: field.to_string(),
            code: format!("{key}.{code}"),
            message: message.into(),
            params: BTreeMap::new(),
        }
    }

    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_string(), value.to_string());
        self
    }
}

/// Field errors of one record, in the order the fields were checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_result(self) -> Result<(), CoreError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Invalid(self))
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The record was not saved: these fields are wrong.
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("找不到{kind}：{id}")]
    NotFound { kind: &'static str, id: String },
    #[error("无法打开 {path}：这不是一个 SQLite 数据库文件，文件未作任何改动")]
    NotADatabase { path: PathBuf },
    #[error(
        "数据库 {path} 来自更新版本的校企通（数据结构版本 {found}，本程序支持到 {supported}），请先升级程序；文件未作任何改动"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("无法打开数据库 {path}：{reason}")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("磁盘已满，本次修改没有保存，已保存的数据不受影响")]
    DiskFull,
    #[error("数据库是只读的，本次修改没有保存，已保存的数据不受影响")]
    ReadOnly,
    #[error("数据库出错：{0}")]
    Sqlite(rusqlite::Error),
    #[error("数据格式错误：{0}")]
    Json(#[from] serde_json::Error),
    /// Nobody is signed in (the app between sessions).
    #[error("请先登录")]
    SignedOut,
    /// The session ended after the idle time set in settings.
    #[error("长时间未操作，已自动退出登录，请重新登录")]
    SessionExpired,
    /// The user name is unknown or the password wrong (which one is not said).
    #[error("用户名或密码不正确")]
    WrongPassword,
    #[error("密码错误次数过多，账号已锁定至 {until}（UTC），请稍后再试或请管理员重设密码")]
    AccountLocked { until: String },
    #[error("该账号已停用，请联系管理员")]
    AccountDisabled,
    /// The actor's role may not do this.
    #[error("{role}不能{what}")]
    Forbidden { role: &'static str, what: String },
    /// A spreadsheet file that cannot be read or written.
    #[error("{0}")]
    File(#[from] crate::sheet::SheetError),
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DiskFull) => CoreError::DiskFull,
            Some(C::ReadOnly) => CoreError::ReadOnly,
            Some(C::NotADatabase) => CoreError::NotADatabase {
                path: PathBuf::new(),
            },
            _ => CoreError::Sqlite(e),
        }
    }
}

impl CoreError {
    /// Stable code for the boundary; doubles as the i18n key in the UI.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "error.invalid",
            Self::NotFound { .. } => "error.not_found",
            Self::NotADatabase { .. } => "error.not_a_database",
            Self::SchemaTooNew { .. } => "error.schema_too_new",
            Self::CannotOpen { .. } => "error.cannot_open",
            Self::DiskFull => "error.disk_full",
            Self::ReadOnly => "error.read_only",
            Self::Sqlite(_) => "error.database",
            Self::Json(_) => "error.bad_json",
            Self::File(_) => "error.file",
            Self::SignedOut => "error.signed_out",
            Self::SessionExpired => "error.session_expired",
            Self::WrongPassword => "error.wrong_password",
            Self::AccountLocked { .. } => "error.account_locked",
            Self::AccountDisabled => "error.account_disabled",
            Self::Forbidden { .. } => "error.forbidden",
        }
    }

    /// The field errors, when this is a validation failure.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Self::Invalid(f) => &f.0,
            _ => &[],
        }
    }

    /// True for errors caused by the data a person gave (CLI exit 1), false for environment errors.
    pub fn is_invalid_data(&self) -> bool {
        matches!(
            self,
            Self::Invalid(_)
                | Self::NotFound { .. }
                | Self::Json(_)
                | Self::SignedOut
                | Self::SessionExpired
                | Self::WrongPassword
                | Self::AccountLocked { .. }
                | Self::AccountDisabled
                | Self::Forbidden { .. }
        )
    }

    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        CoreError::Invalid(FieldErrors(vec![FieldError::new(field, code, message)]))
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
