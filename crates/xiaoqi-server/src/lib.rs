//! The central sync server: colleges' devices push and pull through it; the province reads
//! aggregate figures. `router` is the HTTP API; `storage` keeps the data; `merge` decides what
//! a push does. See `docs/sync.md`.

pub mod api;
pub mod clock;
pub mod demo;
pub mod error;
pub mod figures;
pub mod limit;
pub mod merge;
pub mod openapi;
pub mod profile;
pub mod serve;
pub mod storage;

pub use api::{router, router_with};
