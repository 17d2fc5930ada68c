//! Tauri commands, one module per area. Each parses, calls core, maps the error.

pub mod agreements;
pub mod app;
pub mod employers;
pub mod fairs;
pub mod graduates;
pub mod home;
pub mod institutions;
pub mod placements;
pub mod programs;
