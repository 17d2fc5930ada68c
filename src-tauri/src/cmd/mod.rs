//! Tauri commands, one module per area. Each parses, calls core, maps the error.

pub mod app;
pub mod graduates;
pub mod programs;
