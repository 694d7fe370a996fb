//! Sync of a folder the person picked (or dropped) with a prefix: a preview first, kept here
//! until it is run, so the run does exactly what the window showed.

use std::path::PathBuf;
use std::sync::Mutex;

use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::sync::{self, Direction, Plan, Sides};
use s3desk_engine::transfers::batch::Event;
use s3desk_engine::transfers::Settings;
use s3desk_engine::Error;
use tauri::ipc::Channel;
use tauri::State;

use super::{region_for, CommandResult};
use crate::ipc::{
    ConnectionKey, ErrorPayload, SyncDirection, SyncOptionsInput, SyncPlanView, SyncReportView, TransferEvent,
};
use crate::state::AppState;

/// The preview last made, with what its run needs; a new preview replaces it.
pub struct Previewed {
    id: String,
    connection: ConnectionRef,
    settings: Settings,
    plan: Plan,
}

/// The window's one preview at a time.
pub type LastPreview = Mutex<Option<Previewed>>;

/// Previews a sync of `folder` with `prefix` of `bucket`: one walk, one listing, nothing
/// sent. `operation` cancels a long listing, and is the preview's id for [`sync_run`].
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn sync_preview(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    prefix: String,
    folder: String,
    direction: SyncDirection,
    options: SyncOptionsInput,
    operation: String,
) -> CommandResult<SyncPlanView> {
    let folder = PathBuf::from(folder);
    match direction {
        SyncDirection::Up => state.granted.check_read(&folder)?,
        // Syncing down writes into the folder: one picked to download into.
        SyncDirection::Down => state.granted.check_write(&folder, Vec::new)?,
    }
    let connection = ConnectionRef::from(key);
    let session = state.sessions.get(&state.catalog, &connection).await?;
    let region = region_for(&session, &bucket, region).await;
    let settings = state.settings_for(&session, &connection, &bucket, &region).await;
    let cancel = state.operations.start(&operation);
    let sides = Sides { folder: &folder, bucket: &bucket, region: &region, prefix: &prefix };
    let planned = sync::plan(&session, sides, Direction::from(direction), &options.into(), &settings, &cancel).await;
    state.operations.finish(&operation);
    let plan = planned?;
    let id = operation;
    let view = SyncPlanView::new(id.clone(), &plan);
    *state.sync_preview.lock().unwrap_or_else(|e| e.into_inner()) = Some(Previewed { id, connection, settings, plan });
    Ok(view)
}

/// Runs the preview `id` as batch `batch` (its transfers as any batch's events), then
/// deletes the extras it listed when it said so.
#[tauri::command]
pub async fn sync_run(
    state: State<'_, AppState>,
    id: String,
    batch: String,
    on_event: Channel<Vec<TransferEvent>>,
) -> CommandResult<SyncReportView> {
    let previewed = {
        let mut last = state.sync_preview.lock().unwrap_or_else(|e| e.into_inner());
        match last.take() {
            Some(p) if p.id == id => p,
            other => {
                *last = other;
                return Err(ErrorPayload::from(
                    Error::invalid("sync", "This preview is no longer the latest one.")
                        .with_hint("Preview the sync again, then run it."),
                ));
            }
        }
    };
    let Previewed { connection, settings, plan, .. } = previewed;
    let session = state.sessions.get(&state.catalog, &connection).await?;
    let cancel = state.operations.start(&batch);
    let run = state.batch(&batch, &cancel, &session, settings);
    let report = sync::run(run, &connection, &plan, |events: Vec<Event>| {
        let _ = on_event.send(events.into_iter().map(TransferEvent::from).collect());
    })
    .await;
    Ok(report.into())
}
