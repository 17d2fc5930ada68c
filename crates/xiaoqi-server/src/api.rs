//! The HTTP API: `router(storage)` builds it, so tests drive it without a socket.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use xiaoqi_protocol::{PullReply, PullRequest, PushReply, PushRequest, Role, Session};

use crate::error::HttpError;
use crate::storage::{Principal, Storage};

/// The largest request body (after decompression) the server reads.
pub const MAX_BODY: usize = 32 * 1024 * 1024;

pub struct AppState<S> {
    pub storage: S,
}

pub fn router<S: Storage>(storage: S) -> Router {
    let state = Arc::new(AppState { storage });
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/v1/session", get(session::<S>))
        .route("/v1/push", post(push::<S>))
        .route("/v1/pull", post(pull::<S>))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestDecompressionLayer::new())
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The caller, from `Authorization: Bearer TOKEN`.
pub struct Caller(pub Principal);

impl<S: Storage> FromRequestParts<Arc<AppState<S>>> for Caller {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState<S>>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or_else(HttpError::unauthorized)?;
        let principal = state
            .storage
            .authenticate(token)
            .await?
            .ok_or_else(HttpError::unauthorized)?;
        Ok(Caller(principal))
    }
}

impl Caller {
    /// The college a college token speaks for; the province may not read or write rows.
    fn college_id(&self) -> Result<&str, HttpError> {
        match (&self.0.role, &self.0.college) {
            (Role::College, Some(c)) => Ok(&c.id),
            _ => Err(HttpError::forbidden(
                "省级令牌只能查看汇总数据，不能读写学校的记录",
            )),
        }
    }
}

/// A JSON body, refused with the shared error shape when it does not parse.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = HttpError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(JsonRejection::BytesRejection(e)) => Err(HttpError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "sync.too_large",
                format!("请求过大或无法读取：{e}"),
            )),
            Err(e) => Err(HttpError::new(
                StatusCode::BAD_REQUEST,
                "sync.bad_request",
                format!("请求格式不正确：{}", e.body_text()),
            )),
        }
    }
}

async fn session<S: Storage>(
    State(state): State<Arc<AppState<S>>>,
    caller: Caller,
) -> Result<Json<Session>, HttpError> {
    let version = match &caller.0.college {
        Some(c) => state.storage.version(&c.id).await?,
        None => 0,
    };
    Ok(Json(Session {
        role: caller.0.role,
        college: caller.0.college,
        version,
    }))
}

async fn push<S: Storage>(
    State(state): State<Arc<AppState<S>>>,
    caller: Caller,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushReply>, HttpError> {
    let college = caller.college_id()?;
    if req.device_id.is_empty() || req.device_id.len() > 64 || req.device_id.contains('\0') {
        return Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            "sync.bad_request",
            "设备编号为空、过长或含有空字符",
        ));
    }
    if req.mutations.len() > xiaoqi_protocol::MAX_PUSH {
        return Err(HttpError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "sync.too_large",
            format!("一次最多推送 {} 条变更", xiaoqi_protocol::MAX_PUSH),
        ));
    }
    let reply = state
        .storage
        .push(college, &req.device_id, req.mutations)
        .await?;
    tracing::info!(
        applied = reply.applied,
        conflicts = reply.conflicts,
        version = reply.version,
        "push"
    );
    Ok(Json(reply))
}

async fn pull<S: Storage>(
    State(state): State<Arc<AppState<S>>>,
    caller: Caller,
    Body(req): Body<PullRequest>,
) -> Result<Json<PullReply>, HttpError> {
    let college = caller.college_id()?;
    Ok(Json(
        state.storage.pull(college, req.after, req.limit).await?,
    ))
}
