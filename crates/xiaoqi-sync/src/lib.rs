//! 校企通 sync client: one [`sync`] pushes this device's outbox, then pulls what the college's
//! other devices (and the server's conflict records) changed. See docs/sync.md for the design.

mod client;
mod error;

use serde::{Deserialize, Serialize};
use xiaoqi_core::Store;
use xiaoqi_protocol::{College, MAX_PAGE, MAX_PUSH, PullRequest, PushRequest};

pub use client::Client;
pub use error::SyncError;
/// The figures' types, for the callers of [`Client::province_figures`] and
/// [`Client::college_figures`].
pub use xiaoqi_protocol::figures;
pub use xiaoqi_protocol::indicators::ProgramField;
pub use xiaoqi_protocol::{Role, Session};

/// Which part of a sync is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Push,
    Pull,
}

/// How far a sync has come: `done` of `total` changes pushed or rows pulled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    pub total: u64,
}

/// What one sync moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The token's college, now this database's.
    pub college: College,
    /// This sync bound the database to the college (its first sync).
    pub bound: bool,
    /// Changes the server took from this device, and conflicts it recorded doing so.
    pub pushed: u64,
    pub conflicts: u64,
    /// Rows that came down.
    pub pulled: u64,
    /// The college's server version this device has reached.
    pub version: u64,
    /// Changes made here while the sync ran, still waiting.
    pub pending: i64,
    /// Conflicts of the college nobody has resolved.
    pub open_conflicts: i64,
}

/// Sizes of one push and one pull page.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub push: usize,
    pub page: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            push: MAX_PUSH.min(2_000),
            page: MAX_PAGE,
        }
    }
}

/// Pushes, then pulls, reporting progress as it goes.
pub async fn sync(
    store: &mut Store,
    client: &Client,
    progress: impl FnMut(Progress),
) -> Result<Report, SyncError> {
    sync_with(store, client, Limits::default(), progress).await
}

pub async fn sync_with(
    store: &mut Store,
    client: &Client,
    limits: Limits,
    mut progress: impl FnMut(Progress),
) -> Result<Report, SyncError> {
    let session = client.session().await?;
    let college = session.college.ok_or(SyncError::Province)?;
    let bound = store.bind_college(&college)?;
    let device_id = store.device_id()?;

    let total = store.pending_changes()?.max(0) as u64;
    let (mut pushed, mut conflicts) = (0u64, 0u64);
    progress(Progress {
        phase: Phase::Push,
        done: 0,
        total,
    });
    loop {
        let mutations = store.outgoing(limits.push.max(1))?;
        if mutations.is_empty() {
            break;
        }
        let sent = mutations.len() as u64;
        let reply = client
            .push(&PushRequest {
                device_id: device_id.clone(),
                mutations,
            })
            .await?;
        let dropped = store.acknowledge(reply.acked)?;
        pushed += dropped;
        conflicts += u64::from(reply.conflicts);
        tracing::debug!(sent, dropped, version = reply.version, "pushed");
        progress(Progress {
            phase: Phase::Push,
            done: pushed,
            total: total.max(pushed),
        });
        if dropped < sent {
            // The server took fewer than were sent: it answers only what it holds; go on
            // with the rest next time rather than loop.
            break;
        }
    }

    // Pages come in while the one before is written: the next page is asked for before this
    // one is applied (on a runtime with a second worker the two overlap).
    let limit = limits.page.clamp(1, MAX_PAGE);
    let fetch = |after: xiaoqi_protocol::Cursor| {
        let client = client.clone();
        tokio::spawn(async move { client.pull(&PullRequest { after, limit }).await })
    };
    let mut after = store.sync_cursor()?;
    let mut pulled = 0u64;
    let mut version;
    let mut next_page = fetch(after.clone());
    loop {
        let page = next_page.await.map_err(|e| SyncError::Unreachable {
            server: client.server().to_string(),
            reason: e.to_string(),
        })??;
        let more = match &page.next {
            Some(next) if !page.rows.is_empty() && *next > after => Some(next.clone()),
            _ => None,
        };
        let prefetch = more.clone().map(fetch);
        pulled += store.apply_pulled(&page.rows)? as u64;
        version = page.version;
        progress(Progress {
            phase: Phase::Pull,
            done: pulled,
            total: pulled + page.remaining,
        });
        match (more, prefetch) {
            (Some(next), Some(task)) => {
                after = next;
                next_page = task;
            }
            _ => break,
        }
    }
    store.record_synced(version)?;
    let state = store.sync_state()?;
    tracing::info!(pushed, pulled, conflicts, version, "synced");
    Ok(Report {
        college,
        bound,
        pushed,
        conflicts,
        pulled,
        version,
        pending: state.pending,
        open_conflicts: state.open_conflicts,
    })
}
