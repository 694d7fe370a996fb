use tauri::State;

use super::{blocking, CommandResult};
use crate::ipc::{ConnectionDraftInput, ConnectionEntry, ConnectionKey, ErrorPayload, Identity};
use crate::state::AppState;
use s3desk_engine::{identity, ConnectionRef};

#[tauri::command]
pub async fn connection_list(state: State<'_, AppState>) -> CommandResult<Vec<ConnectionEntry>> {
    let catalog = state.catalog.clone();
    let listed = blocking(move || catalog.list()).await?;
    Ok(listed.into_iter().map(ConnectionEntry::from).collect())
}

#[tauri::command]
pub async fn connection_create(
    state: State<'_, AppState>,
    draft: ConnectionDraftInput,
) -> CommandResult<ConnectionEntry> {
    let catalog = state.catalog.clone();
    let saved = blocking(move || catalog.create(&draft.into())).await?;
    Ok(saved.into())
}

#[tauri::command]
pub async fn connection_update(
    state: State<'_, AppState>,
    id: String,
    draft: ConnectionDraftInput,
) -> CommandResult<ConnectionEntry> {
    let catalog = state.catalog.clone();
    let key = id.clone();
    let saved = blocking(move || catalog.update(&key, &draft.into())).await?;
    state.sessions.forget(&ConnectionRef::Saved(id)).await;
    Ok(saved.into())
}

#[tauri::command]
pub async fn connection_delete(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    let catalog = state.catalog.clone();
    let key = id.clone();
    blocking(move || catalog.delete(&key)).await?;
    state.sessions.forget(&ConnectionRef::Saved(id)).await;
    Ok(())
}

/// Who the connection's keys belong to, or `null` where the endpoint has no STS.
#[tauri::command]
pub async fn connection_identity(state: State<'_, AppState>, key: ConnectionKey) -> CommandResult<Option<Identity>> {
    let session = state.sessions.get(&state.catalog, &key.into()).await?;
    let found = identity::caller_identity(&session).await.map_err(ErrorPayload::from)?;
    Ok(found.map(Identity::from))
}
