//! 校企通 core: the domain, its validation and the local store. Knows nothing of Tauri, HTTP
//! or PDF. See ARCHITECTURE.md at the repository root for the invariants this crate keeps.

pub mod audit;
pub mod backup;
pub mod change;
pub mod clock;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod import;
pub mod model;
pub mod outbox;
pub mod paths;
pub mod reference;
pub mod replica;
pub mod schema;
pub mod search;
pub mod sheet;
pub mod stats;
pub mod store;
pub mod validate;

pub use error::{CoreError, FieldError, Result};
pub use store::Store;
