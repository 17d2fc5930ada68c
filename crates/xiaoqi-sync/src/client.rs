//! The server's API as calls: session, push, pull, and the aggregate figures. The token goes in
//! the Authorization header and nowhere else (never in the URL, a log line or an error message).

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use xiaoqi_protocol::figures::{CollegeFigures, ProvinceFigures};
use xiaoqi_protocol::{ApiError, PullReply, PullRequest, PushReply, PushRequest, Session};

use crate::SyncError;

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    server: String,
    token: String,
}

/// Makes ring the process's TLS crypto provider (reqwest is built without one).
fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    /// A client for `server` (`http://` or `https://`, without `/v1`).
    pub fn new(server: &str, token: &str) -> Result<Client, SyncError> {
        Self::with_root_certificate(server, token, None)
    }

    /// As [`Client::new`], also trusting the PEM certificate given (a province's own CA).
    pub fn with_root_certificate(
        server: &str,
        token: &str,
        pem: Option<&[u8]>,
    ) -> Result<Client, SyncError> {
        install_crypto_provider();
        let server = server.trim().trim_end_matches('/').to_string();
        let unreachable = |reason: String| SyncError::Unreachable {
            server: server.clone(),
            reason,
        };
        if !(server.starts_with("http://") || server.starts_with("https://")) {
            return Err(unreachable("地址应以 http:// 或 https:// 开头".into()));
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(120))
            .user_agent(concat!("xiaoqi/", env!("CARGO_PKG_VERSION")));
        if let Some(pem) = pem {
            let cert = reqwest::Certificate::from_pem(pem)
                .map_err(|e| unreachable(format!("证书无法读取：{e}")))?;
            builder = builder.add_root_certificate(cert);
        }
        let http = builder
            .build()
            .map_err(|e| unreachable(format!("无法建立连接：{e}")))?;
        Ok(Client {
            http,
            server,
            token: token.trim().to_string(),
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    pub async fn session(&self) -> Result<Session, SyncError> {
        self.send(self.http.get(self.url("/v1/session"))).await
    }

    pub async fn push(&self, request: &PushRequest) -> Result<PushReply, SyncError> {
        self.post("/v1/push", request).await
    }

    pub async fn pull(&self, request: &PullRequest) -> Result<PullReply, SyncError> {
        self.post("/v1/pull", request).await
    }

    /// `GET /v1/province/figures`: every college added up, of one cohort (every cohort when
    /// `None`). The provincial token only: a college's token is refused (403).
    pub async fn province_figures(
        &self,
        cohort: Option<i32>,
    ) -> Result<ProvinceFigures, SyncError> {
        let url = self.url(&with_cohort("/v1/province/figures", cohort));
        self.send(self.http.get(url)).await
    }

    /// `GET /v1/college/figures`: the token's college's figures (a college token only; the
    /// provincial token is refused).
    pub async fn college_figures(&self, cohort: Option<i32>) -> Result<CollegeFigures, SyncError> {
        let url = self.url(&with_cohort("/v1/college/figures", cohort));
        self.send(self.http.get(url)).await
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server)
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, SyncError> {
        self.send(self.http.post(self.url(path)).json(body)).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, SyncError> {
        let unreachable = |e: reqwest::Error| SyncError::Unreachable {
            server: self.server.clone(),
            reason: describe(&e),
        };
        let reply = request
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(unreachable)?;
        let status = reply.status();
        if status.is_success() {
            return reply.json::<T>().await.map_err(unreachable);
        }
        if status.as_u16() == 429 {
            let seconds = reply
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1);
            return Err(SyncError::Busy { seconds });
        }
        let body = reply.bytes().await.map_err(unreachable)?;
        let error: ApiError = serde_json::from_slice(&body).unwrap_or_else(|_| ApiError {
            code: format!("http.{}", status.as_u16()),
            message: String::from_utf8_lossy(&body).chars().take(200).collect(),
        });
        Err(match status.as_u16() {
            401 | 403 => SyncError::TokenRefused(error.message),
            // A proxy or load balancer with no server behind it.
            502..=504 => SyncError::Unreachable {
                server: self.server.clone(),
                reason: format!("服务器暂时不可用（{status}）"),
            },
            s if s >= 500 => SyncError::Server {
                status: s,
                message: error.message,
            },
            _ => SyncError::Refused {
                code: error.code,
                message: error.message,
            },
        })
    }
}

/// `path?cohort=N` (a number: nothing to escape), or `path` alone.
fn with_cohort(path: &str, cohort: Option<i32>) -> String {
    match cohort {
        Some(c) => format!("{path}?cohort={c}"),
        None => path.to_string(),
    }
}

/// A transport error in words, without the URL's query or any header.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "等待回应超时".into()
    } else if e.is_connect() {
        "无法连接（网络未连通或服务器未启动）".into()
    } else if e.is_decode() {
        "服务器的回应无法读取".into()
    } else {
        let mut reason = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            reason = format!("{reason}: {s}");
            source = s.source();
        }
        reason
    }
}
