//! The commands the UI may invoke: thin adapters over the engine, one module per area.
//! Each takes its input and the shared state, calls the engine, and converts the result
//! and the error at the boundary.

pub mod buckets;
pub mod connections;

use crate::ipc::ErrorPayload;

pub type CommandResult<T> = Result<T, ErrorPayload>;

/// Runs a blocking engine call (file and keychain I/O) off the async runtime's threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> s3desk_engine::Result<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(f).await.expect("engine calls do not panic").map_err(ErrorPayload::from)
}
