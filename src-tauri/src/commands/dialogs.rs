//! The native file dialogs, opened by the backend so the UI needs no dialog permission and
//! only ever learns the paths the person chose.

use tauri::{AppHandle, State};
use tauri_plugin_dialog::{DialogExt, FilePath};

use super::CommandResult;
use crate::state::AppState;

fn paths(chosen: impl IntoIterator<Item = FilePath>) -> Vec<String> {
    chosen.into_iter().filter_map(|p| p.into_path().ok()).map(|p| p.display().to_string()).collect()
}

/// Files to upload; empty when the person cancels.
#[tauri::command]
pub async fn dialog_pick_files(app: AppHandle, state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        paths(app.dialog().file().blocking_pick_files().unwrap_or_default())
    })
    .await
    .unwrap_or_default();
    state.granted.allow_reading(&chosen);
    Ok(chosen)
}

/// A folder: to upload, or to download into.
/// The folder may be uploaded, or downloaded into: the person chose it for one of them.
#[tauri::command]
pub async fn dialog_pick_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    title: String,
) -> CommandResult<Option<String>> {
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        paths(app.dialog().file().set_title(title).blocking_pick_folder())
    })
    .await
    .ok()
    .and_then(|p| p.into_iter().next());
    if let Some(folder) = &chosen {
        state.granted.allow_reading(std::slice::from_ref(folder));
        state.granted.allow_writing(folder);
    }
    Ok(chosen)
}

/// Where to save one download; the dialog itself asks before replacing a file.
#[tauri::command]
pub async fn dialog_save_file(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> CommandResult<Option<String>> {
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        paths(app.dialog().file().set_file_name(name).blocking_save_file())
    })
    .await
    .ok()
    .and_then(|p| p.into_iter().next());
    if let Some(file) = &chosen {
        state.granted.allow_writing(file);
    }
    Ok(chosen)
}
