//! Serving the router on a socket: plain HTTP, or HTTPS with rustls (ring) when given a
//! certificate and its private key.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum_server::tls_rustls::RustlsConfig;

/// A certificate chain and its private key, both PEM.
#[derive(Clone)]
pub struct Tls {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
}

impl Tls {
    /// Reads both files, saying which one could not be read.
    pub fn from_files(cert: &std::path::Path, key: &std::path::Path) -> Result<Self, String> {
        let read = |p: &std::path::Path, what: &str| {
            std::fs::read(p).map_err(|e| format!("无法读取{what} {}：{e}", p.display()))
        };
        Ok(Self {
            cert_pem: read(cert, "证书")?,
            key_pem: read(key, "私钥")?,
        })
    }
}

/// Binds `addr` (port 0 picks a free one).
pub fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, String> {
    let listener =
        std::net::TcpListener::bind(addr).map_err(|e| format!("无法监听 {addr}：{e}"))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("无法监听 {addr}：{e}"))?;
    Ok(listener)
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: std::net::TcpListener,
    app: Router,
    tls: Option<Tls>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    match tls {
        None => {
            let listener =
                tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
                .map_err(|e| e.to_string())
        }
        Some(tls) => {
            let config = RustlsConfig::from_pem(tls.cert_pem, tls.key_pem)
                .await
                .map_err(|e| format!("证书或私钥无效（需要 PEM 格式）：{e}"))?;
            let handle = axum_server::Handle::new();
            let h = handle.clone();
            tokio::spawn(async move {
                shutdown.await;
                h.graceful_shutdown(Some(Duration::from_secs(10)));
            });
            axum_server::from_tcp_rustls(listener, config)
                .map_err(|e| e.to_string())?
                .handle(handle)
                .serve(app.into_make_service())
                .await
                .map_err(|e| e.to_string())
        }
    }
}
