//! The run of a sync plan: what the preview listed to send goes through the batch layer,
//! each file checked first against the state the preview saw; then, when the sync deletes
//! and every transfer went through, the extras the preview listed, each checked the same.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use futures_util::stream::{self, StreamExt};

use super::local::{self, LocalFile};
use super::plan::{Action, Direction, Item, Plan};
use crate::catalog::ConnectionRef;
use crate::error::{Error, ErrorKind};
use crate::objects::{self, ObjectFailure, Selection};
use crate::transfers::batch::{self, Batch, Event, Outcome, Planned, Refused, Summary, Work};
use crate::transfers::plan::local_path;
use crate::transfers::{Download, ObjectOptions, Upload};

/// How a run went.
#[derive(Debug, Default)]
pub struct Report {
    pub transfers: Summary,
    pub deleted: u64,
    /// Extras that could not be deleted, with why.
    pub failures: Vec<ObjectFailure>,
    /// Extras left in place because a transfer failed or the run was stopped: a sync deletes
    /// only once everything it sends is there.
    pub deletes_skipped: usize,
}

/// Runs `plan`: the transfers as one batch (`events` sees it as any batch's), then the
/// deletions. Nothing is done that the plan does not list.
pub async fn run(
    batch: Batch<'_>,
    connection: &ConnectionRef,
    plan: &Plan,
    mut events: impl FnMut(Vec<Event>),
) -> Report {
    let (session, cancel) = (batch.session, batch.cancel.clone());
    // A download gets its object's time, so that the next sync finds the two the same.
    let mut times: HashMap<PathBuf, i64> = HashMap::new();
    let mut queued: HashMap<String, PathBuf> = HashMap::new();
    let sent = plan.items.iter().filter(|i| matches!(i.action, Action::New | Action::Changed));
    let files = stream::iter(sent).map(|item| planned(plan, connection, item));
    let transfers = batch::run(batch, files, |bundle| {
        for event in &bundle {
            match event {
                Event::Queued(files) => queued.extend(files.iter().map(|f| (f.id.clone(), f.path.clone()))),
                Event::Finished { id, outcome: Outcome::Done { .. } } if plan.direction == Direction::Down => {
                    if let Some(path) = queued.get(id) {
                        let time = plan_time(plan, path, &mut times);
                        // The bytes are there either way; a time not set only costs a
                        // comparison by time the next sync would make anew.
                        let _ = time.map(|ms| set_modified(path, ms));
                    }
                }
                _ => {}
            }
        }
        events(bundle);
    })
    .await;

    let mut report = Report { transfers, ..Report::default() };
    let extras: Vec<&Item> = plan.items.iter().filter(|i| i.action == Action::Extra).collect();
    if !plan.delete || extras.is_empty() {
        return report;
    }
    if cancel.is_cancelled() || transfers.failed > 0 || transfers.cancelled + transfers.paused > 0 {
        report.deletes_skipped = extras.len();
        return report;
    }
    match plan.direction {
        Direction::Up => {
            let keys = extras.iter().filter_map(|i| i.remote.as_ref()).map(|o| o.key.clone()).collect();
            let selection = Selection { keys, ..Selection::default() };
            match objects::delete(session, &plan.bucket, &plan.region, &selection, &cancel, |_| {}).await {
                Ok(deleted) => {
                    report.deleted = deleted.progress.deleted;
                    report.failures = deleted.failures;
                }
                Err(error) => report.failures.push(ObjectFailure { key: plan.prefix.clone(), version_id: None, error }),
            }
        }
        Direction::Down => {
            for file in extras.iter().filter_map(|i| i.local.as_ref()) {
                match unchanged(file).and_then(|()| {
                    std::fs::remove_file(&file.path).map_err(|e| Error::local_file("Could not delete", &file.path, e))
                }) {
                    Ok(()) => report.deleted += 1,
                    Err(error) => {
                        report.failures.push(ObjectFailure { key: file.name.clone(), version_id: None, error })
                    }
                }
            }
        }
    }
    report
}

/// The transfer of one item, or its refusal when its file changed since the preview.
fn planned(plan: &Plan, connection: &ConnectionRef, item: &Item) -> Planned {
    let refused =
        |path: PathBuf, key: String, error| Planned::Refused(Refused { bucket: plan.bucket.clone(), key, path, error });
    match plan.direction {
        Direction::Up => {
            let file = item.local.as_ref().expect("an upload has its file");
            // A changed object keeps its key; a new one is named in NFC.
            let key = item.remote.as_ref().map_or_else(|| format!("{}{}", plan.prefix, item.name), |o| o.key.clone());
            if let Err(error) = unchanged(file) {
                return refused(file.path.clone(), key, error);
            }
            let mut options = ObjectOptions::default();
            // As rclone keeps it: other tools read the file's own time from the object.
            options.metadata.insert("mtime".into(), format!("{:.3}", file.modified_ms as f64 / 1000.0));
            let upload = Upload {
                connection: connection.clone(),
                source: file.path.clone(),
                bucket: plan.bucket.clone(),
                region: plan.region.clone(),
                key,
                options,
            };
            Planned::Work(Work::Up { upload, size: file.size })
        }
        Direction::Down => {
            let object = item.remote.as_ref().expect("a download has its object");
            let destination = match &item.local {
                Some(file) => {
                    // The file to be replaced must be as the preview saw it: local edits
                    // made since are never overwritten.
                    if let Err(error) = unchanged(file) {
                        return refused(file.path.clone(), object.key.clone(), error);
                    }
                    file.path.clone()
                }
                None => match local_path(&plan.folder, &plan.prefix, &object.key) {
                    Ok(Some(path)) => path,
                    Ok(None) => plan.folder.clone(),
                    Err(error) => return refused(plan.folder.clone(), object.key.clone(), error),
                },
            };
            Planned::Work(Work::Down(Download {
                connection: connection.clone(),
                bucket: plan.bucket.clone(),
                region: plan.region.clone(),
                key: object.key.clone(),
                version_id: None,
                destination,
                overwrite: item.action == Action::Changed,
                listed_size: Some(object.size),
                listed_etag: object.etag.clone(),
            }))
        }
    }
}

/// Refuses a file that is not as the preview saw it (size or time changed, or gone).
fn unchanged(file: &LocalFile) -> Result<(), Error> {
    let metadata = std::fs::metadata(&file.path).map_err(|e| Error::local_file("Could not read", &file.path, e))?;
    if metadata.len() == file.size && local::modified_ms(&metadata) == file.modified_ms {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::ChangedMeanwhile,
        format!("{} changed after the preview, so it was left alone.", file.path.display()),
    )
    .with_hint("Sync again to see what it would do now."))
}

/// The listed time of the object downloaded to `path`, found once by destination.
fn plan_time(plan: &Plan, path: &PathBuf, times: &mut HashMap<PathBuf, i64>) -> Option<i64> {
    if times.is_empty() {
        for item in plan.items.iter().filter(|i| matches!(i.action, Action::New | Action::Changed)) {
            let Some(object) = &item.remote else { continue };
            let destination = match &item.local {
                Some(file) => Some(file.path.clone()),
                None => local_path(&plan.folder, &plan.prefix, &object.key).ok().flatten(),
            };
            if let Some(destination) = destination {
                times.insert(destination, object.modified_ms);
            }
        }
    }
    times.get(path).copied()
}

fn set_modified(path: &PathBuf, ms: i64) -> std::io::Result<()> {
    let when = UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    std::fs::OpenOptions::new().write(true).open(path)?.set_modified(when)
}
