//! The native file dialogs, opened by the backend so the UI needs no dialog permission and
//! only ever learns the paths the person chose. What they choose is granted (`granted.rs`):
//! the only paths the backend then reads or writes.

use tauri::{AppHandle, State};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use super::CommandResult;
use crate::state::AppState;

/// Runs a dialog off the async runtime's threads (it blocks until the person answers) and
/// returns the paths chosen; none when they cancel.
async fn chosen<F>(app: AppHandle, open: F) -> Vec<String>
where
    F: FnOnce(FileDialogBuilder<tauri::Wry>) -> Vec<FilePath> + Send + 'static,
{
    let picked = tauri::async_runtime::spawn_blocking(move || open(app.dialog().file())).await.unwrap_or_default();
    picked.into_iter().filter_map(|p| p.into_path().ok()).map(|p| p.display().to_string()).collect()
}

/// Files to upload; empty when the person cancels.
#[tauri::command]
pub async fn dialog_pick_files(app: AppHandle, state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    let files = chosen(app, |d| d.blocking_pick_files().unwrap_or_default()).await;
    state.granted.allow_reading(&files);
    Ok(files)
}

/// A folder to upload, or to download into: it may be read and written, as the person chose
/// it for one of them.
#[tauri::command]
pub async fn dialog_pick_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    title: String,
) -> CommandResult<Option<String>> {
    let folder = chosen(app, |d| d.set_title(title).blocking_pick_folder().into_iter().collect()).await.pop();
    if let Some(folder) = &folder {
        state.granted.allow_reading(std::slice::from_ref(folder));
        state.granted.allow_writing(folder);
    }
    Ok(folder)
}

/// Where to save one download; the dialog itself asks before replacing a file.
#[tauri::command]
pub async fn dialog_save_file(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> CommandResult<Option<String>> {
    let file = chosen(app, |d| d.set_file_name(name).blocking_save_file().into_iter().collect()).await.pop();
    if let Some(file) = &file {
        state.granted.allow_writing(file);
    }
    Ok(file)
}
