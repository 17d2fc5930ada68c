//! The one error shape the UI receives: `{code, message, fields}`. `code` is an i18n key.

use serde::Serialize;
use xiaoqi_core::{CoreError, FieldError};
use xiaoqi_sync::SyncError;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct AppError {
    /// Stable code and i18n key, e.g. `error.invalid`.
    pub code: String,
    /// The reason in words (zh-CN), for logs and as a fallback.
    pub message: String,
    /// Field errors when `code` is `error.invalid`; empty otherwise.
    pub fields: Vec<FieldError>,
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        AppError {
            code: e.code().to_string(),
            message: e.to_string(),
            fields: e.fields().to_vec(),
        }
    }
}

/// A failed sync: its stable code (`sync.unreachable`, `sync.token_refused`, …, or the server's
/// own) and the reason in words; a local failure keeps the store's code and field errors.
impl From<SyncError> for AppError {
    fn from(e: SyncError) -> Self {
        let code = e.code().to_string();
        match e {
            SyncError::Local(core) if code == "sync.local" => AppError::from(core),
            e => AppError {
                code,
                message: e.to_string(),
                fields: Vec::new(),
            },
        }
    }
}

impl AppError {
    pub fn internal(message: impl Into<String>) -> Self {
        AppError {
            code: "error.internal".into(),
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

pub type CmdResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;
    use xiaoqi_core::model::GraduateInput;

    #[test]
    fn the_error_json_is_pinned() {
        let mut store = xiaoqi_core::Store::open_in_memory().expect("store");
        let err = store
            .create_graduate(&GraduateInput {
                id_number: Some("110105194912310021".into()),
                ..Default::default()
            })
            .expect_err("invalid");
        let json = serde_json::to_value(AppError::from(err)).expect("json");
        let id_err = json["fields"]
            .as_array()
            .and_then(|f| f.iter().find(|e| e["field"] == "id_number"))
            .cloned()
            .expect("id_number error");
        assert_eq!(json["code"], "error.invalid");
        assert!(
            json["message"]
                .as_str()
                .is_some_and(|m| m.contains("id_number"))
        );
        assert_eq!(
            id_err,
            serde_json::json!({
                "field": "id_number",
                "code": "id_number.check_digit",
                "message": "身份证号校验位错误：应为 X，实际为 1",
                "params": {"expected": "X", "found": "1"}
            })
        );
        let mut keys: Vec<&String> = json
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        keys.sort();
        assert_eq!(
            keys,
            ["code", "fields", "message"],
            "exactly these keys, nothing else"
        );
    }

    #[test]
    fn sync_errors_keep_their_code() {
        let offline = AppError::from(SyncError::Unreachable {
            server: "http://127.0.0.1:9".into(),
            reason: "无法连接".into(),
        });
        assert_eq!(offline.code, "sync.unreachable");
        assert!(offline.fields.is_empty());
        let refused = AppError::from(SyncError::TokenRefused("令牌已吊销".into()));
        assert_eq!(refused.code, "sync.token_refused");
        let other = AppError::from(SyncError::Local(CoreError::invalid(
            "token",
            "other_college",
            "本机数据属于另一所学校",
        )));
        assert_eq!(other.code, "sync.other_college");
        let local = AppError::from(SyncError::Local(CoreError::DiskFull));
        assert_eq!(local.code, "error.disk_full");
    }

    #[test]
    fn environment_errors_have_no_fields() {
        let json = serde_json::to_value(AppError::from(CoreError::DiskFull)).expect("json");
        assert_eq!(json["code"], "error.disk_full");
        assert_eq!(json["fields"], serde_json::json!([]));
    }
}
