//! 校企通 desktop: a thin Tauri shell over `xiaoqi-core`.

pub mod bindings;
pub mod cmd;
pub mod error;
pub mod state;

use state::AppState;
use tauri::Manager;

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
