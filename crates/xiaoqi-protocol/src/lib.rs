//! The sync contract between devices and the central server, and the official indicator
//! definitions both sides compute figures with. See `docs/sync.md` for how the pieces move; every
//! type here is what travels as JSON.

pub mod figures;
pub mod indicators;
pub mod tables;
pub mod unique;
pub mod wire;

pub use wire::*;
