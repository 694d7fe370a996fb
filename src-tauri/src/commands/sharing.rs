//! Presigned links to share an object or let someone upload one, and uploading a file to
//! a link someone gave; plus the clipboard, written by the backend so the UI needs no
//! clipboard permission.

use std::path::PathBuf;
use std::time::Duration;

use s3desk_engine::sharing::{self, Expiry, Place};
use s3desk_engine::transfers::Counter;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use super::{open_bucket, CommandResult};
use crate::ipc::{ConnectionKey, ErrorPayload, SharedLink, UrlUploadProgress};
use crate::state::AppState;

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn share_download_link(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    object: String,
    version_id: Option<String>,
    expires_in_seconds: i64,
    download_as: Option<String>,
    accelerated: bool,
) -> CommandResult<SharedLink> {
    let expiry = Expiry::seconds(expires_in_seconds)?;
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let link = sharing::download_link(
        &session,
        Place { bucket: &bucket, region: &region, accelerated },
        &object,
        version_id.as_deref(),
        expiry,
        download_as.as_deref(),
    )
    .await
    .map_err(ErrorPayload::from)?;
    Ok(link.into())
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn share_upload_link(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    object: String,
    expires_in_seconds: i64,
    content_type: Option<String>,
    accelerated: bool,
) -> CommandResult<SharedLink> {
    let expiry = Expiry::seconds(expires_in_seconds)?;
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let place = Place { bucket: &bucket, region: &region, accelerated };
    let link = sharing::upload_link(&session, place, &object, expiry, content_type.as_deref())
        .await
        .map_err(ErrorPayload::from)?;
    Ok(link.into())
}

/// Checks a pasted link before anything is sent: its shape, signature and expiry.
#[tauri::command]
pub fn share_check_url(url: String) -> CommandResult<()> {
    sharing::check_put_url(&url).map(drop).map_err(ErrorPayload::from)
}

/// Uploads the file at `path` to a presigned PUT link, reporting bytes sent a few times a second.
#[tauri::command]
pub async fn share_upload_to_url(
    state: State<'_, AppState>,
    url: String,
    path: String,
    content_type: Option<String>,
    operation: String,
    on_progress: Channel<UrlUploadProgress>,
) -> CommandResult<()> {
    let path = PathBuf::from(path);
    state.granted.check_read(&path)?;
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let counter = Counter::default();
    let reporter = {
        let (counter, on_progress) = (counter.clone(), on_progress.clone());
        tauri::async_runtime::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                let _ = on_progress.send(UrlUploadProgress { bytes: counter.get(), size });
            }
        })
    };
    let cancel = state.operations.start(&operation);
    // One request, waiting its turn in the transfers' pool.
    let result = async {
        let _turn = state.pool.permit(&cancel).await?;
        sharing::upload_to_url(&url, &path, content_type.as_deref(), &counter, &cancel).await
    }
    .await;
    state.operations.finish(&operation);
    reporter.abort();
    let _ = on_progress.send(UrlUploadProgress { bytes: counter.get(), size });
    result.map_err(ErrorPayload::from)
}

/// Puts `text` (a link) on the clipboard.
#[tauri::command]
pub fn clipboard_write(app: AppHandle, text: String) -> CommandResult<()> {
    app.clipboard().write_text(text).map_err(|e| {
        ErrorPayload::from(
            s3desk_engine::Error::new(
                s3desk_engine::ErrorKind::Service { code: "Clipboard".into() },
                format!("Could not copy to the clipboard: {e}."),
            )
            .with_hint("Select the link and copy it by hand."),
        )
    })
}
