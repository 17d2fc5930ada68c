//! The sync contract between devices and the central server. See `docs/sync.md` for how the
//! pieces move; every type here is what travels as JSON.

pub mod tables;
pub mod unique;
pub mod wire;

pub use wire::*;
