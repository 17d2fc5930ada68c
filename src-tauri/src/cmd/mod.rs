//! Tauri commands, one module per area. Each parses, calls core, maps the error.

pub mod agreements;
pub mod app;
pub mod audit;
pub mod backup;
pub mod documents;
pub mod employers;
pub mod fairs;
pub mod files;
pub mod graduates;
pub mod home;
pub mod institutions;
pub mod placements;
pub mod programs;
pub mod province;
pub mod session;
pub mod stats;
pub mod sync;

/// Decodes a file's content sent base64-encoded by the webview (it gives bytes, not paths).
pub(crate) fn decode_base64(field: &str, content: &str) -> crate::error::CmdResult<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(content.as_bytes())
        .map_err(|e| {
            crate::error::AppError::from(xiaoqi_core::CoreError::invalid(
                field,
                "unreadable",
                format!("文件内容无法读取：{e}"),
            ))
        })
}
