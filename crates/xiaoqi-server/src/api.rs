//! The HTTP API: `router(storage)` builds it, so tests drive it without a socket. Every route is
//! described in `openapi.rs` (served at `/v1/openapi.json`); a test keeps the two in step.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tracing::Instrument;
use tracing::field::{Empty, display};
use xiaoqi_protocol::figures::{CollegeFigures, FiguresQuery, ProvinceFigures};
use xiaoqi_protocol::{PullReply, PullRequest, PushReply, PushRequest, Role, Session};

use crate::error::HttpError;
use crate::limit::{Limiter, RateLimit};
use crate::storage::{Principal, Storage};

/// The largest request body (after decompression) the server reads.
pub const MAX_BODY: usize = 32 * 1024 * 1024;

/// The largest change number, version or cursor a request may carry: both databases keep them
/// as signed 64-bit integers (the document's `int64`), and a larger one would wrap around.
pub const MAX_COUNTER: u64 = i64::MAX as u64;

/// The longest device id, in characters (the document's `maxLength`).
pub const MAX_DEVICE_ID: usize = 64;

pub struct AppState<S> {
    pub storage: S,
}

/// How the router is set up beyond its storage.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Requests per token; none: unlimited (tests that drive the router in process).
    pub rate_limit: Option<RateLimit>,
}

/// Every route: its path and what answers each method. The OpenAPI document lists the same
/// paths and methods (`openapi::tests`).
pub fn routes<S: Storage>() -> Vec<(&'static str, MethodRouter<Arc<AppState<S>>>)> {
    vec![
        ("/health", get(health)),
        ("/v1/openapi.json", get(crate::openapi::serve)),
        ("/v1/session", get(session::<S>)),
        ("/v1/push", post(push::<S>)),
        ("/v1/pull", post(pull::<S>)),
        ("/v1/college/figures", get(college_figures::<S>)),
        ("/v1/province/figures", get(province_figures::<S>)),
    ]
}

/// The API without rate limits.
pub fn router<S: Storage>(storage: S) -> Router {
    router_with(storage, Options::default())
}

pub fn router_with<S: Storage>(storage: S, options: Options) -> Router {
    let state = Arc::new(AppState { storage });
    let mut app = routes::<S>()
        .into_iter()
        .fold(Router::new(), |r, (path, m)| r.route(path, m));
    if let Some(limit) = options.rate_limit {
        let limiter = Arc::new(Limiter::new(limit));
        app = app.layer(middleware::from_fn_with_state(
            limiter,
            crate::limit::enforce,
        ));
    }
    app.layer(middleware::from_fn(log_request))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestDecompressionLayer::new())
        // The fastest level of each: a pull page is compressed once per device, on a CPU
        // shared by every college.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Fastest))
        .with_state(state)
}

/// One span per request: method, route (the pattern, never the query), and once known the
/// college and device; one event when it ends with the status and the latency. Neither the
/// token nor anything of a row's contents is ever recorded.
async fn log_request(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_string();
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        route = %route,
        role = Empty,
        college_id = Empty,
        device_id = Empty,
    );
    let started = Instant::now();
    let response = next.run(req).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, latency_ms, "request failed");
        } else {
            tracing::info!(status, latency_ms, "request");
        }
    });
    response
}

/// The bearer token of a request, as sent.
pub fn bearer(parts: &axum::http::HeaderMap) -> Option<&str> {
    parts
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 256)
}

/// The caller, from `Authorization: Bearer TOKEN`.
pub struct Caller(pub Principal);

impl<S: Storage> FromRequestParts<Arc<AppState<S>>> for Caller {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState<S>>,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or_else(HttpError::unauthorized)?;
        let principal = state
            .storage
            .authenticate(token)
            .await?
            .ok_or_else(HttpError::unauthorized)?;
        let span = tracing::Span::current();
        let role = match principal.role {
            Role::College => "college",
            Role::Province => "province",
        };
        span.record("role", display(role));
        if let Some(c) = &principal.college {
            span.record("college_id", display(&c.id));
        }
        Ok(Caller(principal))
    }
}

impl Caller {
    /// The college a college token speaks for; the province may not read or write rows.
    fn college(&self) -> Result<&xiaoqi_protocol::College, HttpError> {
        match (&self.0.role, &self.0.college) {
            (Role::College, Some(c)) => Ok(c),
            _ => Err(HttpError::forbidden(
                "省级令牌只能查看汇总数据，不能读写学校的记录",
            )),
        }
    }

    fn college_id(&self) -> Result<&str, HttpError> {
        self.college().map(|c| c.id.as_str())
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

/// Query parameters, refused with the shared error shape when they do not parse.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|q| Params(q.0))
            .map_err(|e| {
                HttpError::new(
                    StatusCode::BAD_REQUEST,
                    "sync.bad_request",
                    format!("查询参数不正确：{}", e.body_text()),
                )
            })
    }
}

/// Whether the server answers.
#[utoipa::path(get, path = "/health", tag = "server",
    responses((status = 200, description = "服务器在运行", body = String, content_type = "text/plain")))]
pub async fn health() -> &'static str {
    "ok"
}

/// Whom the token belongs to, and the college's current version.
#[utoipa::path(get, path = "/v1/session", tag = "sync", security(("token" = [])),
    responses(
        (status = 200, description = "令牌所属的学校与其当前版本", body = Session),
        (status = 401, description = "令牌无效或已被吊销", body = xiaoqi_protocol::ApiError),
        (status = 429, description = "请求过于频繁", body = xiaoqi_protocol::ApiError),
    ))]
pub async fn session<S: Storage>(
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

/// Pushes a device's outbox: applied in one transaction with one new version, or refused whole.
#[utoipa::path(post, path = "/v1/push", tag = "sync", security(("token" = [])),
    request_body = PushRequest,
    responses(
        (status = 200, description = "已应用（或此前已应用）到 acked 为止的变更", body = PushReply),
        (status = 400, description = "请求格式不正确", body = xiaoqi_protocol::ApiError),
        (status = 401, description = "令牌无效或已被吊销", body = xiaoqi_protocol::ApiError),
        (status = 403, description = "省级令牌不能写记录", body = xiaoqi_protocol::ApiError),
        (status = 409, description = "变更编号不连续，什么也没有写入", body = xiaoqi_protocol::ApiError),
        (status = 413, description = "请求过大", body = xiaoqi_protocol::ApiError),
        (status = 422, description = "未知的数据表或字段，什么也没有写入", body = xiaoqi_protocol::ApiError),
        (status = 429, description = "请求过于频繁", body = xiaoqi_protocol::ApiError),
    ))]
pub async fn push<S: Storage>(
    State(state): State<Arc<AppState<S>>>,
    caller: Caller,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushReply>, HttpError> {
    let college = caller.college_id()?;
    check_push(&req)?;
    tracing::Span::current().record("device_id", display(&req.device_id));
    let mutations = req.mutations.len();
    let reply = state
        .storage
        .push(college, &req.device_id, req.mutations)
        .await?;
    tracing::info!(
        mutations,
        applied = reply.applied,
        conflicts = reply.conflicts,
        acked = reply.acked,
        version = reply.version,
        "push"
    );
    Ok(Json(reply))
}

/// What the server checks of a push body before the storage merges it (the merge then checks
/// each new mutation, `merge::check`): public for the fuzz target of push bodies (fuzz/).
pub fn check_push(req: &PushRequest) -> Result<(), HttpError> {
    if req.device_id.is_empty()
        || req.device_id.chars().count() > MAX_DEVICE_ID
        || req.device_id.contains('\0')
    {
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
    if req
        .mutations
        .iter()
        .any(|m| m.id > MAX_COUNTER || m.base_version > MAX_COUNTER)
    {
        return Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            "sync.bad_request",
            format!("变更编号与版本最大为 {MAX_COUNTER}"),
        ));
    }
    Ok(())
}

/// Pulls the college's rows changed after a cursor, one page at a time.
#[utoipa::path(post, path = "/v1/pull", tag = "sync", security(("token" = [])),
    request_body = PullRequest,
    responses(
        (status = 200, description = "一页记录与下一页的位置", body = PullReply),
        (status = 400, description = "请求格式不正确", body = xiaoqi_protocol::ApiError),
        (status = 401, description = "令牌无效或已被吊销", body = xiaoqi_protocol::ApiError),
        (status = 403, description = "省级令牌不能读记录", body = xiaoqi_protocol::ApiError),
        (status = 429, description = "请求过于频繁", body = xiaoqi_protocol::ApiError),
    ))]
pub async fn pull<S: Storage>(
    State(state): State<Arc<AppState<S>>>,
    caller: Caller,
    Body(req): Body<PullRequest>,
) -> Result<axum::response::Response, HttpError> {
    use axum::response::IntoResponse;
    let college = caller.college_id()?;
    if req.after.version > MAX_COUNTER {
        return Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            "sync.bad_request",
            format!("版本最大为 {MAX_COUNTER}"),
        ));
    }
    let page = state
        .storage
        .pull_json(college, req.after, req.limit)
        .await?;
    tracing::info!(rows = page.rows, remaining = page.remaining, "pull");
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        page.body,
    )
        .into_response())
}

/// The token's college's figures: the same indicators its app shows.
#[utoipa::path(get, path = "/v1/college/figures", tag = "figures", security(("token" = [])),
    params(FiguresQuery),
    responses(
        (status = 200, description = "本校的汇总数据", body = CollegeFigures),
        (status = 400, description = "查询参数不正确", body = xiaoqi_protocol::ApiError),
        (status = 401, description = "令牌无效或已被吊销", body = xiaoqi_protocol::ApiError),
        (status = 403, description = "省级令牌请用 /v1/province/figures", body = xiaoqi_protocol::ApiError),
        (status = 429, description = "请求过于频繁", body = xiaoqi_protocol::ApiError),
    ))]
pub async fn college_figures<S: Storage>(
    State(state): State<Arc<AppState<S>>>,
    caller: Caller,
    Params(q): Params<FiguresQuery>,
) -> Result<Json<CollegeFigures>, HttpError> {
    let college = caller.college()?;
    Ok(Json(
        state.storage.college_figures(college, q.cohort).await?,
    ))
}

/// The province's figures, every college added up (the provincial token only).
#[utoipa::path(get, path = "/v1/province/figures", tag = "figures", security(("token" = [])),
    params(FiguresQuery),
    responses(
        (status = 200, description = "全省的汇总数据", body = ProvinceFigures),
        (status = 400, description = "查询参数不正确", body = xiaoqi_protocol::ApiError),
        (status = 401, description = "令牌无效或已被吊销", body = xiaoqi_protocol::ApiError),
        (status = 403, description = "只有省级令牌能查看全省数据", body = xiaoqi_protocol::ApiError),
        (status = 429, description = "请求过于频繁", body = xiaoqi_protocol::ApiError),
    ))]
pub async fn province_figures<S: Storage>(
    State(state): State<Arc<AppState<S>>>,
    caller: Caller,
    Params(q): Params<FiguresQuery>,
) -> Result<Json<ProvinceFigures>, HttpError> {
    if caller.0.role != Role::Province {
        return Err(HttpError::forbidden("只有省级令牌能查看全省汇总数据"));
    }
    Ok(Json(state.storage.province_figures(q.cohort).await?))
}
