//! The commands the UI may invoke: thin adapters over the engine, one module per area.
//! Each takes its input and the shared state, calls the engine, and converts the result
//! and the error at the boundary.

pub mod access;
pub mod buckets;
pub mod connections;
pub mod dialogs;
pub mod drops;
pub mod objects;
pub mod sharing;
pub mod sync;
pub mod transfers;

#[cfg(test)]
mod list_test;

use std::sync::Arc;

use s3desk_engine::Session;
use tauri::State;

use crate::ipc::{ConnectionKey, ErrorPayload};
use crate::state::AppState;

pub type CommandResult<T> = Result<T, ErrorPayload>;

/// Runs a blocking engine call (file and keychain I/O) off the async runtime's threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> s3desk_engine::Result<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(f).await.expect("engine calls do not panic").map_err(ErrorPayload::from)
}

/// The connection's session, and the region to address `bucket` in.
async fn open_bucket(
    state: &AppState,
    key: ConnectionKey,
    bucket: &str,
    region: Option<String>,
) -> CommandResult<(Arc<Session>, String)> {
    let session = state.sessions.get(&state.catalog, &key.into()).await?;
    let region = region_for(&session, bucket, region).await;
    Ok((session, region))
}

/// The bucket's region as the list gave it or, when the UI does not know it, as S3 says
/// (asked once per bucket): the SDK does not follow S3's redirects to another region.
async fn region_for(session: &Session, bucket: &str, region: Option<String>) -> String {
    match region {
        Some(region) => region,
        None => s3desk_engine::buckets::locate(session, bucket).await,
    }
}

/// Cancels a long operation (emptying a bucket, deleting objects) the UI started with this id.
#[tauri::command]
pub fn operation_cancel(state: State<'_, AppState>, operation: String) {
    state.operations.cancel(&operation);
}
