use tauri::State;

use super::CommandResult;
use crate::ipc::{Bucket, ConnectionKey, ErrorPayload};
use crate::state::AppState;
use s3desk_engine::buckets;

#[tauri::command]
pub async fn bucket_list(state: State<'_, AppState>, key: ConnectionKey) -> CommandResult<Vec<Bucket>> {
    let session = state.sessions.get(&state.catalog, &key.into()).await?;
    let listed = buckets::list(&session).await.map_err(ErrorPayload::from)?;
    Ok(listed.into_iter().map(Bucket::from).collect())
}
