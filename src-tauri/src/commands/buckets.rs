use std::time::Duration;

use tauri::ipc::Channel;
use tauri::State;

use super::{open_bucket, region_for, CommandResult};
use crate::ipc::{
    AccelerationComparison, AccelerationView, Bucket, BucketContents, BucketSettings, ConnectionKey, CreateBucketInput,
    CreatedBucket, DeleteProgress, DeleteReport, ErrorPayload, NameCheck, UnfinishedMultipart, UploadRef,
};
use crate::state::AppState;
use s3desk_engine::buckets::acceleration;
use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::{bucket_name, buckets, multipart};

/// How long counting a bucket's contents may take before the confirm says "at least".
const COUNT_TIME_LIMIT: Duration = Duration::from_secs(10);

#[tauri::command]
pub async fn bucket_list(state: State<'_, AppState>, key: ConnectionKey) -> CommandResult<Vec<Bucket>> {
    let session = state.sessions.get(&state.catalog, &key.into()).await?;
    let listed = buckets::list(&session).await.map_err(ErrorPayload::from)?;
    Ok(listed.into_iter().map(Bucket::from).collect())
}

#[tauri::command]
pub fn bucket_name_check(name: String) -> NameCheck {
    match bucket_name::check(&name) {
        Ok(checked) => NameCheck { problems: Vec::new(), warnings: checked.warnings },
        Err(_) => NameCheck { problems: bucket_name::problems(&name), warnings: Vec::new() },
    }
}

#[tauri::command]
pub fn bucket_name_unique(name: String) -> String {
    bucket_name::make_unique(&name)
}

#[tauri::command]
pub async fn bucket_create(
    state: State<'_, AppState>,
    key: ConnectionKey,
    request: CreateBucketInput,
) -> CommandResult<CreatedBucket> {
    let session = state.sessions.get(&state.catalog, &key.into()).await?;
    let created = buckets::create(&session, &request.into()).await.map_err(ErrorPayload::from)?;
    Ok(created.into())
}

#[tauri::command]
pub async fn bucket_settings(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
) -> CommandResult<BucketSettings> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let settings = buckets::settings(&session, &bucket, &region).await.map_err(ErrorPayload::from)?;
    Ok(settings.into())
}

#[tauri::command]
pub async fn bucket_set_versioning(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    enabled: bool,
) -> CommandResult<()> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    buckets::set_versioning(&session, &bucket, &region, enabled).await.map_err(ErrorPayload::from)
}

#[tauri::command]
pub async fn bucket_count(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
) -> CommandResult<BucketContents> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let contents = buckets::count(&session, &bucket, &region, COUNT_TIME_LIMIT).await.map_err(ErrorPayload::from)?;
    Ok(contents.into())
}

/// Empties the bucket, sending progress after each batch. `operation` is the UI's id for
/// this run, for `operation_cancel`.
#[tauri::command]
pub async fn bucket_empty(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    operation: String,
    on_progress: Channel<DeleteProgress>,
) -> CommandResult<DeleteReport> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let cancel = state.operations.start(&operation);
    let result = buckets::empty(&session, &bucket, &region, &cancel, |progress| {
        // A closed window drops the channel; emptying goes on regardless.
        let _ = on_progress.send(progress.into());
    })
    .await;
    state.operations.finish(&operation);
    Ok(result.map_err(ErrorPayload::from)?.into())
}

#[tauri::command]
pub async fn bucket_delete(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
) -> CommandResult<()> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    buckets::delete(&session, &bucket, &region).await.map_err(ErrorPayload::from)
}

/// The bucket's unfinished multipart uploads, the first 100 with their parts and bytes.
#[tauri::command]
pub async fn bucket_unfinished_uploads(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
) -> CommandResult<Vec<UnfinishedMultipart>> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let listed = multipart::list(&session, &bucket, &region).await.map_err(ErrorPayload::from)?;
    Ok(listed.into_iter().map(Into::into).collect())
}

/// Aborts unfinished uploads, so their parts stop being billed; returns how many went.
#[tauri::command]
pub async fn bucket_abort_uploads(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    uploads: Vec<UploadRef>,
) -> CommandResult<u64> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let uploads: Vec<_> = uploads.into_iter().map(|u| (u.key, u.upload_id)).collect();
    multipart::abort(&session, &bucket, &region, &uploads).await.map_err(ErrorPayload::from)
}

/// Transfer Acceleration: its status, or why it cannot be used for this bucket.
#[tauri::command]
pub async fn bucket_acceleration(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
) -> CommandResult<AccelerationView> {
    let connection = ConnectionRef::from(key);
    let session = state.sessions.get(&state.catalog, &connection).await?;
    let used = acceleration::used_by(&state.config_dir, &connection);
    if let Some(why) = acceleration::unavailable(&session, &bucket) {
        return Ok(AccelerationView { status: None, unavailable: Some(why), used_by_connection: used });
    }
    let region = region_for(&session, &bucket, region).await;
    let status = acceleration::status(&session, &bucket, &region).await.map_err(ErrorPayload::from)?;
    Ok(AccelerationView::of(status, used))
}

/// Enables or suspends Transfer Acceleration; returns the status read back.
#[tauri::command]
pub async fn bucket_set_acceleration(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    enabled: bool,
) -> CommandResult<AccelerationView> {
    let used = acceleration::used_by(&state.config_dir, &key.clone().into());
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let status = acceleration::set(&session, &bucket, &region, enabled).await.map_err(ErrorPayload::from)?;
    Ok(AccelerationView::of(status, used))
}

/// Whether this connection's transfers use the accelerate endpoint where a bucket has it on.
#[tauri::command]
pub fn connection_use_acceleration(state: State<'_, AppState>, key: ConnectionKey, used: bool) -> CommandResult<()> {
    acceleration::set_used_by(&state.config_dir, &key.into(), used).map_err(ErrorPayload::from)
}

/// Uploads one sample through each endpoint and reports both speeds.
#[tauri::command]
pub async fn bucket_compare_acceleration(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
) -> CommandResult<AccelerationComparison> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let speeds = acceleration::compare(&session, &bucket, &region).await.map_err(ErrorPayload::from)?;
    Ok(AccelerationComparison {
        regional_mib_s: speeds.regional,
        accelerated_mib_s: speeds.accelerated,
        sample_bytes: acceleration::SAMPLE_BYTES as u32,
    })
}
