//! 校企通 desktop: a thin Tauri shell over `xiaoqi-core`.

pub mod bindings;
pub mod cmd;
pub mod error;
pub mod state;

use state::AppState;
use tauri::Manager;

/// WebKitGTK: draw without GPU compositing. Forms and tables gain nothing from it, while
/// setting it up costs hundreds of milliseconds at launch (and fails on some drivers and VMs).
#[cfg(target_os = "linux")]
fn software_compositing(app: &tauri::App) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    for window in app.webview_windows().values() {
        let done = window.with_webview(|webview| {
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(e) = done {
            tracing::warn!("cannot set the WebKit compositing policy: {e}");
        }
    }
}

/// Logs a startup step with the time since the process began starting the app.
fn log_startup(app: &tauri::AppHandle, step: &str) {
    let ms = app.state::<AppState>().started.elapsed().as_millis();
    tracing::info!(ms, "startup: {step}");
}

/// Starts the app on the database at `$XIAOQI_DB` or the app's data directory.
pub fn run() {
    let started = std::time::Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let builder = bindings::builder();
    let db_path = xiaoqi_core::paths::default_db_path();
    tracing::info!(path = %db_path.display(), "opening database");
    let state = AppState::open(db_path, started);
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            #[cfg(target_os = "linux")]
            software_compositing(app);
            log_startup(app.handle(), "set up");
            Ok(())
        })
        .on_page_load(|webview, payload| {
            let step = match payload.event() {
                tauri::webview::PageLoadEvent::Started => "page load started",
                tauri::webview::PageLoadEvent::Finished => "page loaded",
            };
            log_startup(webview.app_handle(), step);
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("the app stopped with an error: {e}");
        std::process::exit(1);
    }
}
