//! Who uses the app: the first start's administrator, signing in and out, one's own password,
//! the idle time, and (administrators) the users of this copy of the app.

use serde::Serialize;
use tauri::State;
use xiaoqi_core::model::{User, UserInput};

use crate::error::CmdResult;
use crate::state::AppState;

/// Where the app stands before anything else is shown.
#[derive(Debug, Serialize, specta::Type)]
pub struct SessionStatus {
    /// False on the first start: the administrator must be created before anything else.
    pub has_users: bool,
    /// The person signed in, if anyone is.
    pub user: Option<User>,
    /// Minutes without activity after which the session ends.
    pub idle_minutes: u32,
    /// The college's name, for the sign-in page.
    pub college_name: String,
}

#[tauri::command]
#[specta::specta]
pub async fn session_status(state: State<'_, AppState>) -> CmdResult<SessionStatus> {
    state
        .with_session_or_none(|s| -> xiaoqi_core::Result<SessionStatus> {
            let user = match s.actor().and_then(|a| a.user_id.clone()) {
                Some(id) => Some(s.user(&id)?),
                None => None,
            };
            Ok(SessionStatus {
                has_users: s.has_users()?,
                user,
                idle_minutes: s.idle_minutes()?,
                college_name: s.college()?.name,
            })
        })?
        .map_err(Into::into)
}

/// The first start: creates the administrator and signs them in.
#[tauri::command]
#[specta::specta]
pub async fn session_create_first_admin(
    state: State<'_, AppState>,
    input: UserInput,
) -> CmdResult<User> {
    state
        .with_session_or_none(|s| s.create_first_admin(&input))?
        .map_err(Into::into)
}

#[tauri::command]
#[specta::specta]
pub async fn session_sign_in(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> CmdResult<User> {
    state
        .with_session_or_none(|s| {
            // Whoever was signed in goes first: one person at a time.
            s.sign_out("user")?;
            s.sign_in(&username, &password)
        })?
        .map_err(Into::into)
}

/// Ends the session; `idle` when the window saw no activity for the idle time.
#[tauri::command]
#[specta::specta]
pub async fn session_sign_out(state: State<'_, AppState>, idle: bool) -> CmdResult<()> {
    state
        .with_session_or_none(|s| s.sign_out(if idle { "idle" } else { "user" }))?
        .map_err(Into::into)
}

/// Notes activity in the window (typing in a form sends no command), so the session does not
/// end under someone who is working.
#[tauri::command]
#[specta::specta]
pub async fn session_touch(state: State<'_, AppState>) -> CmdResult<()> {
    state.with(|_| Ok(()))
}

#[tauri::command]
#[specta::specta]
pub async fn session_change_password(
    state: State<'_, AppState>,
    current: String,
    new_password: String,
) -> CmdResult<()> {
    state.with(|s| s.change_own_password(&current, &new_password))
}

/// Sets the idle time (administrators).
#[tauri::command]
#[specta::specta]
pub async fn session_idle_set(state: State<'_, AppState>, minutes: u32) -> CmdResult<()> {
    state.with(|s| s.set_idle_minutes(minutes))
}

#[tauri::command]
#[specta::specta]
pub async fn users_list(state: State<'_, AppState>) -> CmdResult<Vec<User>> {
    state.with(|s| s.users())
}

#[tauri::command]
#[specta::specta]
pub async fn user_add(state: State<'_, AppState>, input: UserInput) -> CmdResult<User> {
    state.with(|s| s.add_user(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn user_update(
    state: State<'_, AppState>,
    id: String,
    input: UserInput,
) -> CmdResult<User> {
    state.with(|s| s.update_user(&id, &input))
}
