use std::time::Duration;

use tauri::ipc::Channel;
use tauri::State;
use tokio_util::sync::CancellationToken;

use super::{open_bucket, region_for, CommandResult};
use crate::ipc::{
    ConnectionKey, CopyItemInput, CopyProgress, CopyReport, DeleteProgress, DeleteReport, ErrorPayload, KeyCount,
    ObjectInfo, ObjectPage, ObjectTags, TagChangeInput, TagChangeReport, VersionListing, VersionToDelete, VersionsFrom,
};
use crate::state::AppState;
use s3desk_engine::objects::copy::{self, BucketAt, Copier, CopyLimits, Mode};
use s3desk_engine::objects::tagging;
use s3desk_engine::objects::{self, folders, Selection};

/// How long counting a folder's keys may take before the confirm says "at least".
const COUNT_TIME_LIMIT: Duration = Duration::from_secs(5);

#[tauri::command]
pub async fn object_list(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    prefix: String,
    folders: bool,
    continuation: Option<String>,
) -> CommandResult<ObjectPage> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let page = objects::list_page(&session, &bucket, &region, &prefix, folders, continuation)
        .await
        .map_err(ErrorPayload::from)?;
    Ok(page.into())
}

/// One page of the versions and delete markers under `prefix`.
#[tauri::command]
pub async fn object_versions(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    prefix: String,
    from: Option<VersionsFrom>,
) -> CommandResult<VersionListing> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let page = objects::list_versions_page(&session, &bucket, &region, &prefix, true, from.map(Into::into))
        .await
        .map_err(ErrorPayload::from)?;
    Ok(page.into())
}

#[tauri::command]
pub async fn object_details(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    object: String,
    version_id: Option<String>,
) -> CommandResult<ObjectInfo> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let details =
        objects::head(&session, &bucket, &region, &object, version_id.as_deref()).await.map_err(ErrorPayload::from)?;
    Ok(details.into())
}

#[tauri::command]
pub async fn object_count(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    prefix: String,
) -> CommandResult<KeyCount> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let (keys, complete) = objects::count_under(&session, &bucket, &region, &prefix, COUNT_TIME_LIMIT)
        .await
        .map_err(ErrorPayload::from)?;
    Ok(KeyCount { keys, complete })
}

#[tauri::command]
pub async fn object_folder_create(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    prefix: String,
    name: String,
) -> CommandResult<String> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    folders::create(&session, &bucket, &region, &prefix, &name).await.map_err(ErrorPayload::from)
}

/// Deletes the keys and folders, sending progress after each batch; `operation` is the UI's
/// id for this run, for `operation_cancel`.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn object_delete(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    keys: Vec<String>,
    folders: Vec<String>,
    versions: Vec<VersionToDelete>,
    operation: String,
    on_progress: Channel<DeleteProgress>,
) -> CommandResult<DeleteReport> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let cancel = state.operations.start(&operation);
    let selection = Selection { keys, folders, versions: versions.into_iter().map(Into::into).collect() };
    let result = objects::delete(&session, &bucket, &region, &selection, &cancel, |p| {
        let _ = on_progress.send(p.into());
    })
    .await;
    state.operations.finish(&operation);
    Ok(result.map_err(ErrorPayload::from)?.into())
}

/// Copies (or, with `remove_source`, moves or renames) keys and folders to `to_bucket`,
/// sending progress after each object; `operation` is the UI's id for `operation_cancel`.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn object_copy(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    to_bucket: String,
    to_region: Option<String>,
    items: Vec<CopyItemInput>,
    remove_source: bool,
    operation: String,
    on_progress: Channel<CopyProgress>,
) -> CommandResult<CopyReport> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let to_region = region_for(&session, &to_bucket, to_region).await;
    let from = BucketAt { bucket: &bucket, region: &region };
    let to = BucketAt { bucket: &to_bucket, region: &to_region };
    let items: Vec<_> = items.into_iter().map(Into::into).collect();
    let mode = if remove_source { Mode::Move } else { Mode::Copy };
    let cancel = state.operations.start(&operation);
    // Copies wait their turn in the transfers' pool: one limit on requests in flight.
    let copier = Copier { session: &session, pool: &state.pool, cancel: &cancel, limits: CopyLimits::default() };
    let result = copy::copy(copier, from, to, &items, mode, |p| {
        let _ = on_progress.send(p.into());
    })
    .await;
    state.operations.finish(&operation);
    Ok(result.map_err(ErrorPayload::from)?.into())
}

/// Makes an old version the current one again (a copy of it on top).
#[tauri::command]
pub async fn object_restore_version(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    object: String,
    version_id: String,
) -> CommandResult<()> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let cancel = CancellationToken::new();
    let copier = Copier { session: &session, pool: &state.pool, cancel: &cancel, limits: CopyLimits::default() };
    copy::restore_version(copier, &bucket, &region, &object, &version_id).await.map_err(ErrorPayload::from)
}

/// The object's tags (of a version, when given), as name and value pairs.
#[tauri::command]
pub async fn object_tags_get(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    object: String,
    version_id: Option<String>,
) -> CommandResult<Vec<(String, String)>> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    tagging::get(&session, &bucket, &region, &object, version_id.as_deref()).await.map_err(ErrorPayload::from)
}

/// The tags of the objects a person is looking at (the browser's visible rows), each with
/// its own answer: a row whose tags cannot be read says why, the others still show theirs.
#[tauri::command]
pub async fn object_tags_many(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    objects: Vec<String>,
) -> CommandResult<Vec<ObjectTags>> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let answers = tagging::get_many(&session, &bucket, &region, &objects).await.map_err(ErrorPayload::from)?;
    Ok(answers
        .into_iter()
        .map(|(key, tags)| match tags {
            Ok(tags) => ObjectTags { key, tags: Some(tags), problem: None },
            Err(e) => ObjectTags { key, tags: None, problem: Some(e.message().to_owned()) },
        })
        .collect())
}

/// Replaces the object's tags (an empty set removes them); refused before the call when S3
/// would refuse it, so the tags there are never lost by a failed save.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn object_tags_set(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    object: String,
    version_id: Option<String>,
    tags: Vec<(String, String)>,
) -> CommandResult<()> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    tagging::set(&session, &bucket, &region, &object, version_id.as_deref(), &tags).await.map_err(ErrorPayload::from)
}

/// Adds (or sets) or removes one tag on many objects, with progress and per-object failures.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn object_tags_change(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    objects: Vec<String>,
    change: TagChangeInput,
    operation: String,
    on_progress: Channel<u64>,
) -> CommandResult<TagChangeReport> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let cancel = state.operations.start(&operation);
    let change = tagging::Change::from(change);
    let result = tagging::change_many(&session, &bucket, &region, &objects, &change, &cancel, |done| {
        let _ = on_progress.send(done);
    })
    .await;
    state.operations.finish(&operation);
    Ok(result.map_err(ErrorPayload::from)?.into())
}
