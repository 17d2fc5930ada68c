//! 校企通 desktop: a thin Tauri shell over `xiaoqi-core`.

pub mod bindings;
pub mod cmd;
pub mod error;
pub mod state;
pub mod sync_worker;

use state::AppState;
use sync_worker::{Host, SyncStatus, SyncWorker, Timing};
use tauri::Manager;
use tauri_specta::Event;

/// The background sync's view of the app: status events to the webview, the UI's own store.
struct AppHost(tauri::AppHandle);

impl Host for AppHost {
    fn publish(&self, status: &SyncStatus) {
        if let Err(e) = status.emit(&self.0) {
            tracing::warn!("sync: cannot send the status to the window: {e}");
        }
    }

    fn with_ui_store(
        &self,
        f: &mut dyn FnMut(&mut xiaoqi_core::Store) -> xiaoqi_core::Result<()>,
    ) -> Result<xiaoqi_core::Result<()>, error::AppError> {
        self.0.state::<AppState>().with_store(f)
    }

    fn reopen_ui_store(&self) {
        self.0.state::<AppState>().reopen();
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
    let state = AppState::open(db_path.clone(), started);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(cmd::province::ProvinceCache::default())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let worker = SyncWorker::start(
                AppHost(app.handle().clone()),
                db_path.clone(),
                Timing::default(),
            );
            app.manage(worker);
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
