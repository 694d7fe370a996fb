//! Uploads and downloads as batches, run by the engine (`transfers::batch`): these commands
//! plan them from what the window sends, and turn the batch's events into Channel messages.

use std::path::{Path, PathBuf};
use std::time::Duration;

use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::transfers::batch::{self, Event, Summary, Work};
use s3desk_engine::transfers::plan::{Plan, Wanted, WantedObject};
use s3desk_engine::transfers::{self, Context, ObjectOptions, Pool, Prefs, Settings};
use s3desk_engine::{Error, ErrorKind};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_notification::NotificationExt;
use tokio_util::sync::CancellationToken;

use super::{blocking, region_for, CommandResult};
use crate::ipc::{
    ConnectionKey, DownloadFolder, DownloadObject, ErrorPayload, TransferEvent, TransferSettings,
    UnfinishedDownloadView, UnfinishedUpload, UploadOptionsInput,
};
use crate::state::AppState;

/// A batch that takes longer than this says so with a desktop notification when it ends:
/// by then the person has probably turned to something else.
const NOTIFY_AFTER: Duration = Duration::from_secs(30);

/// Uploads files and folders (dropped or picked) under `prefix`; a folder keeps its name
/// and structure as key prefixes.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn transfer_upload(
    app: AppHandle,
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    prefix: String,
    paths: Vec<String>,
    options: UploadOptionsInput,
    batch: String,
    on_event: Channel<Vec<TransferEvent>>,
) -> CommandResult<()> {
    let options = ObjectOptions::from(options);
    options.validate()?;
    let connection = ConnectionRef::from(key);
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    for path in &paths {
        state.granted.check_read(path)?;
    }
    let plan = Plan::Uploads { paths, prefix, options };
    run_batch(&app, &state, &connection, &bucket, region, &batch, &on_event, plan).await
}

/// Downloads objects to the files chosen for them, and folders with everything under them.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn transfer_download(
    app: AppHandle,
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    objects: Vec<DownloadObject>,
    folders: Vec<DownloadFolder>,
    overwrite: bool,
    batch: String,
    on_event: Channel<Vec<TransferEvent>>,
) -> CommandResult<()> {
    let connection = ConnectionRef::from(key);
    let objects: Vec<WantedObject> = objects.into_iter().map(WantedObject::from).collect();
    let folders: Vec<(String, PathBuf)> = folders.into_iter().map(|f| (f.prefix, f.destination.into())).collect();
    let unfinished = || state.journal.downloads().into_iter().map(|d| d.job.destination).collect();
    for destination in objects.iter().map(|o| &o.destination).chain(folders.iter().map(|(_, d)| d)) {
        state.granted.check_write(destination, unfinished)?;
    }
    let plan = Plan::Downloads(Wanted { objects, folders, overwrite });
    run_batch(&app, &state, &connection, &bucket, region, &batch, &on_event, plan).await
}

/// The multipart uploads an earlier run (of the app or the companion) left unfinished.
#[tauri::command]
pub async fn transfer_unfinished(state: State<'_, AppState>) -> CommandResult<Vec<UnfinishedUpload>> {
    let journal = state.journal.clone();
    let entries = blocking(move || journal.entries()).await?;
    Ok(entries.into_iter().map(Into::into).collect())
}

/// The downloads an earlier run left unfinished.
#[tauri::command]
pub async fn transfer_unfinished_downloads(state: State<'_, AppState>) -> CommandResult<Vec<UnfinishedDownloadView>> {
    let journal = state.journal.clone();
    let found = blocking(move || Ok(journal.downloads())).await?;
    Ok(found.into_iter().map(Into::into).collect())
}

/// Deletes what an unfinished download has on disk, and forgets it.
#[tauri::command]
pub async fn transfer_discard_download(state: State<'_, AppState>, destination: String) -> CommandResult<()> {
    // Only what the journal lists as an unfinished download is deleted.
    let destination = Path::new(&destination);
    if state.journal.downloads().iter().any(|d| d.job.destination == destination) {
        transfers::discard_download(&state.journal, destination).await;
    }
    Ok(())
}

/// Resumes an unfinished upload, sending only the parts the server does not hold.
#[tauri::command]
pub async fn transfer_resume(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    batch: String,
    on_event: Channel<Vec<TransferEvent>>,
) -> CommandResult<()> {
    let entry = state.journal.get(&id).ok_or_else(|| {
        ErrorPayload::from(Error::invalid("upload", "This unfinished upload is no longer in the journal."))
    })?;
    let region = Some(entry.region.clone());
    let work = Work::Resume {
        id,
        bucket: entry.bucket.clone(),
        key: entry.key.clone(),
        source: entry.source.clone(),
        size: entry.size,
    };
    run_batch(&app, &state, &entry.connection, &entry.bucket, region, &batch, &on_event, Plan::Given(vec![work])).await
}

/// Aborts an unfinished upload on the server (its parts stop being billed) and forgets it.
#[tauri::command]
pub async fn transfer_discard(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    let Some(entry) = state.journal.get(&id) else { return Ok(()) };
    let session = state.sessions.get(&state.catalog, &entry.connection).await?;
    let cancel = CancellationToken::new();
    // One abort request: the regional endpoint does, whatever the bucket's acceleration.
    let pool = Pool::new(1);
    let settings = Settings::for_session(&session);
    let ctx =
        Context { session: &session, settings, pool: &pool, journal: &state.journal, cancel: &cancel, pause: None };
    transfers::discard(&ctx, &id).await.map_err(ErrorPayload::from)
}

/// The transfer settings (part size, requests at once).
#[tauri::command]
pub fn transfer_settings_get(state: State<'_, AppState>) -> TransferSettings {
    (*state.prefs.lock().unwrap_or_else(|e| e.into_inner())).into()
}

/// Saves new transfer settings: batches that start from now on use the part size, and every
/// transfer, running or to come, the number of requests at once. (Async: resizing the pool
/// down takes permits back on the runtime.)
#[tauri::command]
pub async fn transfer_settings_set(
    state: State<'_, AppState>,
    settings: TransferSettings,
) -> CommandResult<TransferSettings> {
    let prefs = Prefs::from(settings);
    prefs.save(&state.config_dir)?;
    *state.prefs.lock().unwrap_or_else(|e| e.into_inner()) = prefs;
    // The one pool, resized: transfers running and those to come share the new size.
    state.pool.resize(prefs.concurrency);
    Ok(prefs.into())
}

/// Pauses one file: stopped now, its multipart upload and parts kept for Resume. (A small
/// file or a download simply stops; Resume starts it again.)
#[tauri::command]
pub fn transfer_pause(state: State<'_, AppState>, id: String) {
    state.operations.pause(&id);
}

/// Plans and runs one batch. The batch's handle exists before anything else, so Cancel all
/// works while its bucket's region and settings are looked up (a batch cancelled then ends
/// quietly, with nothing queued) and while its folders are walked or listed.
#[allow(clippy::too_many_arguments)]
async fn run_batch(
    app: &AppHandle,
    state: &AppState,
    connection: &ConnectionRef,
    bucket: &str,
    region: Option<String>,
    id: &str,
    on_event: &Channel<Vec<TransferEvent>>,
    plan: Plan,
) -> CommandResult<()> {
    let cancel = state.operations.start(id);
    let prepared = async {
        let session = state.sessions.get(&state.catalog, connection).await?;
        let region = region_for(&session, bucket, region).await;
        let settings = state.settings_for(&session, connection, bucket, &region).await;
        Ok::<_, Error>((session, region, settings))
    };
    let prepared = tokio::select! {
        prepared = prepared => prepared,
        () = cancel.cancelled() => Err(Error::cancelled()),
    };
    let (session, region, settings) = match prepared {
        Ok(prepared) => prepared,
        Err(e) => {
            state.operations.finish(id);
            return if e.kind() == &ErrorKind::Cancelled { Ok(()) } else { Err(e.into()) };
        }
    };
    let started = std::time::Instant::now();
    let batch = state.batch(id, &cancel, &session, settings);
    let files = plan.files(&session, connection, bucket, &region);
    let summary = batch::run(batch, files, |events: Vec<Event>| {
        let _ = on_event.send(events.into_iter().map(TransferEvent::from).collect());
    })
    .await;
    if started.elapsed() >= NOTIFY_AFTER {
        notify_done(app, bucket, summary);
    }
    Ok(())
}

/// "12 files transferred (1 failed)" as a desktop notification; where no notification
/// service runs, nothing is shown and nothing else changes.
fn notify_done(app: &AppHandle, bucket: &str, summary: Summary) {
    let files = |n: usize| if n == 1 { "1 file".to_owned() } else { format!("{n} files") };
    let body = match summary.failed {
        0 => format!("{} transferred ({bucket}).", files(summary.done)),
        failed => format!("{} transferred, {failed} failed ({bucket}): see the transfers panel.", files(summary.done)),
    };
    let _ = app.notification().builder().title("S3 Desk: transfers finished").body(body).show();
}
