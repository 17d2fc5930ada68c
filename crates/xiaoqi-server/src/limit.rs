//! Rate limits per token: a token bucket for each token, keyed by the token's SHA-256 (the token
//! itself is never kept). A request over the limit is answered 429 with `Retry-After` and the
//! shared error shape, before the token is even looked up. Requests without a token are not
//! counted: they are refused without touching the database, or are `/health` and the OpenAPI
//! document.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::HttpError;

/// A sustained rate and the burst a token may spend at once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests per second a token is given back.
    pub per_second: f64,
    /// The most requests a token may make at once (the bucket's size).
    pub burst: u32,
}

impl RateLimit {
    /// `serve`'s defaults: far above what a device syncing needs (one push and a few pulls per
    /// sync; a first sync of 50,000 rows is a dozen pages), so that 150 devices pushing 1,000
    /// edits at once are never throttled, while a runaway client is.
    pub const DEFAULT: RateLimit = RateLimit {
        per_second: 100.0,
        burst: 1000,
    };
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of every token seen lately.
pub struct Limiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<[u8; 32], Bucket>>,
}

/// Buckets kept before the full ones (which are as good as absent) are dropped.
const PRUNE_AT: usize = 4096;

impl Limiter {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `key`'s bucket; when it is empty, how long until it holds one.
    pub fn check(&self, key: [u8; 32], now: Instant) -> Result<(), Duration> {
        let RateLimit { per_second, burst } = self.limit;
        let burst = f64::from(burst.max(1));
        let refill = |b: &Bucket| {
            (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second).min(burst)
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= PRUNE_AT && !buckets.contains_key(&key) {
            buckets.retain(|_, b| refill(b) < burst);
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let tokens = refill(bucket);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            let wait = if per_second > 0.0 {
                (1.0 - tokens) / per_second
            } else {
                f64::from(u32::MAX)
            };
            Err(Duration::from_secs_f64(wait))
        }
    }
}

/// The middleware: counts the request against its token's bucket.
pub async fn enforce(State(limiter): State<Arc<Limiter>>, req: Request, next: Next) -> Response {
    if let Some(token) = crate::api::bearer(req.headers()) {
        use sha2::Digest;
        let key: [u8; 32] = sha2::Sha256::digest(token.as_bytes()).into();
        if let Err(wait) = limiter.check(key, Instant::now()) {
            let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
            tracing::warn!(retry_after = seconds, "rate limited");
            let mut response = HttpError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "sync.rate_limited",
                format!("请求过于频繁，请 {seconds} 秒后再试"),
            )
            .into_response();
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return response;
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_empties_refills_and_keeps_to_its_key() {
        let l = Limiter::new(RateLimit {
            per_second: 2.0,
            burst: 3,
        });
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.check([1; 32], t0).is_ok());
        }
        let wait = l.check([1; 32], t0).expect_err("empty");
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-9, "{wait:?}");
        assert!(
            l.check([2; 32], t0).is_ok(),
            "another key has its own bucket"
        );
        assert!(l.check([1; 32], t0 + Duration::from_millis(500)).is_ok());
        assert!(l.check([1; 32], t0 + Duration::from_millis(500)).is_err());
    }

    #[test]
    fn full_buckets_are_dropped_when_many() {
        let l = Limiter::new(RateLimit {
            per_second: 1000.0,
            burst: 1,
        });
        let t0 = Instant::now();
        for i in 0..PRUNE_AT {
            let mut key = [0u8; 32];
            key[..8].copy_from_slice(&(i as u64).to_le_bytes());
            assert!(l.check(key, t0).is_ok());
        }
        assert!(l.check([9; 32], t0 + Duration::from_secs(1)).is_ok());
        assert_eq!(l.buckets.lock().map(|b| b.len()).unwrap_or_default(), 1);
    }
}
