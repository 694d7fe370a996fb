//! Uploads and downloads as batches: the files are expanded and queued, then run a few at
//! a time through the engine (sharing the app's one pool of requests in flight), each with
//! its own cancel, while the batch sends its progress to the UI a few times a second.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use s3desk_engine::buckets::acceleration::{self, Acceleration};
use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::transfers::{self, plan, Context, Counter, Download, ObjectOptions, Pool, Prefs, Settings, Upload};
use s3desk_engine::{ErrorKind, Session};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_notification::NotificationExt;
use tokio_util::sync::CancellationToken;

use super::{blocking, open_bucket, region_for, CommandResult};
use crate::ipc::{
    ConnectionKey, DownloadFolder, DownloadObject, ErrorPayload, FileBytes, Outcome, QueuedFile, TransferEvent,
    TransferSettings, UnfinishedDownloadView, UnfinishedUpload, UploadOptionsInput,
};
use crate::state::AppState;

/// A batch that takes longer than this says so with a desktop notification when it ends:
/// by then the person has probably turned to something else.
const NOTIFY_AFTER: Duration = Duration::from_secs(30);

/// How often a batch reports the bytes of its running files.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

enum Work {
    Up(Upload),
    Down(Download),
    /// A journalled upload, by its journal id.
    Resume(String),
}

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
    let session = state.sessions.get(&state.catalog, &connection).await?;
    let region = region_for(&session, &bucket, region).await;
    let files = blocking(move || expand(&paths, &prefix)).await?;
    let work = files
        .into_iter()
        .enumerate()
        .map(|(n, (source, key, size))| {
            let file = queued(&batch, n, &bucket, &key, &source, size);
            let upload = Upload {
                connection: connection.clone(),
                source,
                bucket: bucket.clone(),
                region: region.clone(),
                key,
                options: options.clone(),
            };
            (file, Work::Up(upload))
        })
        .collect();
    let target = Target { connection: &connection, session: &session, region: &region };
    run_batch(&app, &state, target, &batch, work, &on_event).await;
    Ok(())
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
    let connection = ConnectionRef::from(key.clone());
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let mut wanted: Vec<(String, Option<String>, PathBuf, u64)> =
        objects.into_iter().map(|o| (o.key, o.version_id, PathBuf::from(o.destination), o.size)).collect();
    for folder in folders {
        // Keys that would escape the chosen folder are left out.
        let (found, _skipped) =
            plan::objects_under(&session, &bucket, &region, &folder.prefix, Path::new(&folder.destination))
                .await
                .map_err(ErrorPayload::from)?;
        wanted.extend(found.into_iter().map(|o| (o.key, None, o.destination, o.size)));
    }
    let work = wanted
        .into_iter()
        .enumerate()
        .map(|(n, (key, version_id, destination, size))| {
            let file = queued(&batch, n, &bucket, &key, &destination, size);
            let download = Download {
                connection: connection.clone(),
                bucket: bucket.clone(),
                region: region.clone(),
                key,
                version_id,
                destination,
                overwrite,
                listed_size: Some(size),
            };
            (file, Work::Down(download))
        })
        .collect();
    let target = Target { connection: &connection, session: &session, region: &region };
    run_batch(&app, &state, target, &batch, work, &on_event).await;
    Ok(())
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
    transfers::discard_download(&state.journal, Path::new(&destination)).await;
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
        ErrorPayload::from(s3desk_engine::Error::invalid(
            "upload",
            "This unfinished upload is no longer in the journal.",
        ))
    })?;
    let session = state.sessions.get(&state.catalog, &entry.connection).await?;
    let file = queued(&batch, 0, &entry.bucket, &entry.key, &entry.source, entry.size);
    let target = Target { connection: &entry.connection, session: &session, region: &entry.region };
    run_batch(&app, &state, target, &batch, vec![(file, Work::Resume(id))], &on_event).await;
    Ok(())
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

/// Where a batch goes: a connection's session, and the region of its bucket.
#[derive(Clone, Copy)]
struct Target<'a> {
    connection: &'a ConnectionRef,
    session: &'a Session,
    region: &'a str,
}

/// The pool and settings a batch runs with: those of the transfer settings when it starts,
/// through the accelerate endpoint when the bucket has Transfer Acceleration on (and the
/// connection has not declined it).
async fn setup(state: &AppState, target: Target<'_>, bucket: &str) -> (Pool, Settings) {
    let Target { connection, session, region } = target;
    let prefs = *state.prefs.lock().unwrap_or_else(|e| e.into_inner());
    let pool = state.pool.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let accelerate = acceleration::used_by(&state.config_dir, connection)
        && acceleration::unavailable(session, bucket).is_none()
        && matches!(acceleration::status(session, bucket, region).await, Ok(Acceleration::Enabled));
    (pool, Settings { accelerate, ..prefs.apply(Settings::for_session(session)) })
}

/// The transfer settings (part size, requests at once).
#[tauri::command]
pub fn transfer_settings_get(state: State<'_, AppState>) -> TransferSettings {
    (*state.prefs.lock().unwrap_or_else(|e| e.into_inner())).into()
}

/// Saves new transfer settings; batches that start from now on use them.
#[tauri::command]
pub fn transfer_settings_set(
    state: State<'_, AppState>,
    settings: TransferSettings,
) -> CommandResult<TransferSettings> {
    let prefs = Prefs::from(settings);
    prefs.save(&state.config_dir)?;
    *state.prefs.lock().unwrap_or_else(|e| e.into_inner()) = prefs;
    // Transfers running keep the pool they started with; new ones share the new size.
    *state.pool.lock().unwrap_or_else(|e| e.into_inner()) = Pool::new(prefs.concurrency);
    Ok(prefs.into())
}

/// The id under which a file's pause token is kept beside its cancel token.
fn pause_id(file: &str) -> String {
    format!("{file}:pause")
}

/// Pauses one file: stopped now, its multipart upload and parts kept for Resume. (A small
/// file or a download simply stops; Resume starts it again.)
#[tauri::command]
pub fn transfer_pause(state: State<'_, AppState>, id: String) {
    state.operations.cancel(&pause_id(&id));
    state.operations.cancel(&id);
}

fn queued(batch: &str, n: usize, bucket: &str, key: &str, path: &Path, size: u64) -> QueuedFile {
    QueuedFile {
        id: format!("{batch}:{n}"),
        bucket: bucket.to_owned(),
        key: key.to_owned(),
        path: path.display().to_string(),
        size,
        accelerated: false,
    }
}

/// The files to upload, with their keys and sizes: dropped folders are walked. A file that
/// cannot be read is still listed (size 0) so it fails visibly with its reason.
fn expand(paths: &[String], prefix: &str) -> s3desk_engine::Result<Vec<(PathBuf, String, u64)>> {
    let mut files = Vec::new();
    for path in paths.iter().map(PathBuf::from) {
        if path.is_dir() {
            files.extend(plan::files_under(&path, prefix)?);
        } else {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.push((path, format!("{prefix}{name}")));
        }
    }
    Ok(files
        .into_iter()
        .map(|(path, key)| {
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            (path, key, size)
        })
        .collect())
}

/// Runs the batch's files a few at a time, each cancellable by its id (and all by the
/// batch's), reporting what happens to each.
async fn run_batch(
    app: &AppHandle,
    state: &AppState,
    target: Target<'_>,
    batch: &str,
    work: Vec<(QueuedFile, Work)>,
    on_event: &Channel<Vec<TransferEvent>>,
) {
    let session = target.session;
    let batch_cancel = state.operations.start(batch);
    let (started, bucket) = (std::time::Instant::now(), work.first().map(|(f, _)| f.bucket.clone()));
    let (pool, settings) = setup(state, target, bucket.as_deref().unwrap_or_default()).await;
    // Each row says whether it goes through the accelerate endpoint.
    let work: Vec<_> =
        work.into_iter().map(|(file, w)| (QueuedFile { accelerated: settings.accelerate, ..file }, w)).collect();
    let outbox = Outbox::new(on_event.clone());
    outbox.push(TransferEvent::Queued { files: work.iter().map(|(f, _)| f.clone()).collect() });
    outbox.flush();
    let running: Arc<Mutex<HashMap<String, Counter>>> = Arc::default();
    let reporter = {
        let (running, outbox) = (running.clone(), outbox.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(PROGRESS_EVERY).await;
                outbox.push_progress(&running);
                outbox.flush();
            }
        })
    };
    let outcomes: Vec<Outcome> = stream::iter(work)
        .map(|(file, work)| {
            let (running, batch_cancel, pool, outbox) = (running.clone(), &batch_cancel, &pool, &outbox);
            async move {
                let cancel = state.operations.start_under(batch_cancel, &file.id);
                let pause = state.operations.start(&pause_id(&file.id));
                let ctx =
                    Context { session, settings, pool, journal: &state.journal, cancel: &cancel, pause: Some(&pause) };
                let counter = Counter::default();
                let result = async {
                    let _slot = pool.admit(file.size, &settings, &cancel).await?;
                    // Started goes before any progress of the file.
                    outbox.push(TransferEvent::Started { id: file.id.clone(), size: file.size });
                    running.lock().unwrap_or_else(|e| e.into_inner()).insert(file.id.clone(), counter.clone());
                    match &work {
                        Work::Up(up) => {
                            transfers::upload(&ctx, up, &counter).await.map(|u| (u.size, u.parts_sent, u.parts))
                        }
                        Work::Down(down) => {
                            transfers::download(&ctx, down, &counter).await.map(|d| (d.size, d.parts, d.parts))
                        }
                        Work::Resume(id) => {
                            transfers::resume(&ctx, id, &counter).await.map(|u| (u.size, u.parts_sent, u.parts))
                        }
                    }
                }
                .await;
                running.lock().unwrap_or_else(|e| e.into_inner()).remove(&file.id);
                state.operations.finish(&file.id);
                state.operations.finish(&pause_id(&file.id));
                let resumable = || match &work {
                    Work::Up(up) => state.journal.find(&up.source, &up.bucket, &up.key).ok().flatten().map(|e| e.id),
                    Work::Resume(id) => state.journal.get(id).map(|e| e.id),
                    Work::Down(_) => None,
                };
                let outcome = match result {
                    Ok((size, parts_sent, parts)) => Outcome::Done { size, parts_sent, parts },
                    Err(_) if pause.is_cancelled() => Outcome::Paused { resumable: resumable() },
                    Err(e) if e.kind() == &ErrorKind::Cancelled => Outcome::Cancelled,
                    Err(e) => Outcome::Failed { error: e.into(), resumable: resumable() },
                };
                outbox.push(TransferEvent::Finished { id: file.id, outcome: outcome.clone() });
                outcome
            }
        })
        .buffer_unordered(pool.files_at_once())
        .collect()
        .await;
    reporter.abort();
    outbox.flush();
    state.operations.finish(batch);
    if started.elapsed() >= NOTIFY_AFTER {
        notify_done(app, bucket.as_deref().unwrap_or_default(), &outcomes);
    }
}

/// A batch's events, sent to the UI together a few times a second: a folder of small files
/// makes two events per file, and a message each would keep the window from drawing.
#[derive(Clone)]
struct Outbox {
    pending: Arc<Mutex<Vec<TransferEvent>>>,
    channel: Channel<Vec<TransferEvent>>,
}

impl Outbox {
    fn new(channel: Channel<Vec<TransferEvent>>) -> Self {
        Self { pending: Arc::default(), channel }
    }

    fn push(&self, event: TransferEvent) {
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).push(event);
    }

    /// The bytes of each running file. Taken while holding the queue, so a file's progress
    /// never lands after its Finished event.
    fn push_progress(&self, running: &Mutex<HashMap<String, Counter>>) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let files: Vec<FileBytes> = running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(id, counter)| FileBytes { id: id.clone(), bytes: counter.get() })
            .collect();
        if !files.is_empty() {
            pending.push(TransferEvent::Progress { files });
        }
    }

    fn flush(&self) {
        let events = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if !events.is_empty() {
            let _ = self.channel.send(events);
        }
    }
}

/// "12 files transferred (1 failed)" as a desktop notification; where no notification
/// service runs, nothing is shown and nothing else changes.
fn notify_done(app: &AppHandle, bucket: &str, outcomes: &[Outcome]) {
    let done = outcomes.iter().filter(|o| matches!(o, Outcome::Done { .. })).count();
    let failed = outcomes.iter().filter(|o| matches!(o, Outcome::Failed { .. })).count();
    let files = |n: usize| if n == 1 { "1 file".to_owned() } else { format!("{n} files") };
    let body = match failed {
        0 => format!("{} transferred ({bucket}).", files(done)),
        _ => format!("{} transferred, {failed} failed ({bucket}): see the transfers panel.", files(done)),
    };
    let _ = app.notification().builder().title("S3 Desk: transfers finished").body(body).show();
}
