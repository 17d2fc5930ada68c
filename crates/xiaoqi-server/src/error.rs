//! The one error shape of the HTTP boundary: a status and `{code, message}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use xiaoqi_protocol::ApiError;

use crate::merge::Refused;
use crate::storage::StorageError;

#[derive(Debug)]
pub struct HttpError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl HttpError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "sync.unauthorized",
            "令牌无效或已被吊销",
        )
    }
    pub fn forbidden(message: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, "sync.forbidden", message)
    }
}

impl From<StorageError> for HttpError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::Refused(r @ Refused::Gap { .. }) => {
                Self::new(StatusCode::CONFLICT, "sync.gap", r.to_string())
            }
            StorageError::Refused(r @ Refused::Invalid { .. }) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "sync.invalid",
                r.to_string(),
            ),
            StorageError::NotFound(m) => Self::new(StatusCode::NOT_FOUND, "sync.not_found", m),
            StorageError::Conflict(m) => Self::new(StatusCode::CONFLICT, "sync.conflict", m),
            StorageError::Database(m) => {
                tracing::error!(error = %m, "storage failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "sync.server",
                    "服务器内部错误，请稍后重试",
                )
            }
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ApiError {
                code: self.code.to_string(),
                message: self.message,
            }),
        )
            .into_response()
    }
}
