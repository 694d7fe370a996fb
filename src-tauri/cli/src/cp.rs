//! `s3desk cp`: uploads and downloads of files and folders, planned and run by the engine's
//! batches exactly as the window runs them (the same settings, Transfer Acceleration where
//! the bucket has it on, the same journal), with the batch's events drawn as one line.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::transfers::batch::{self, Batch, Event, Outcome};
use s3desk_engine::transfers::plan::{self, Plan, Wanted, WantedObject};
use s3desk_engine::transfers::{Journal, ObjectOptions, Pool, Prefs, Settings};
use s3desk_engine::{buckets, paths, Error, Operations, Session};
use tokio_util::sync::CancellationToken;

use crate::location::Location;
use crate::progress::{size, Ticker};

#[derive(clap::Args)]
pub struct Args {
    source: String,
    destination: String,
    /// Copy a folder and everything in it (a prefix, when downloading).
    #[arg(short, long)]
    recursive: bool,
    /// Part size for large files, in MiB (S3 allows 5 to 5120); default: the app's setting.
    #[arg(long)]
    part_size: Option<u64>,
    /// Requests in flight at once (parts, or whole small files); default: the app's setting.
    #[arg(long)]
    concurrency: Option<usize>,
    /// Replace local files that exist (downloads).
    #[arg(long)]
    overwrite: bool,
}

/// Runs `cp`. `stop` (Ctrl-C, SIGTERM) pauses the batch: what multipart uploads sent stays
/// on the server and in the journal, and running the same command again resumes it.
pub async fn run(
    session: &Session,
    connection: &ConnectionRef,
    args: Args,
    stop: &CancellationToken,
) -> Result<bool, Error> {
    let saved = Prefs::load(&paths::config_dir_from_env());
    let prefs = Prefs {
        part_size_mib: args.part_size.unwrap_or(saved.part_size_mib),
        concurrency: args.concurrency.unwrap_or(saved.concurrency),
    };
    prefs.validate()?;
    let from = Location::parse(&args.source).map_err(|m| Error::invalid("source", m))?;
    let to = Location::parse(&args.destination).map_err(|m| Error::invalid("destination", m))?;
    let (upload, bucket, region, plan) = match (from, to) {
        (Location::Local(path), Location::Remote { bucket, key }) => {
            let region = buckets::locate(session, &bucket).await;
            let plan = uploads(connection, &path, &bucket, &region, &key, args.recursive)?;
            (true, bucket, region, plan)
        }
        (Location::Remote { bucket, key }, Location::Local(path)) => {
            let region = buckets::locate(session, &bucket).await;
            let wanted = downloads(&bucket, &key, &path, args.recursive, args.overwrite)?;
            (false, bucket, region, Plan::Downloads(wanted))
        }
        _ => {
            return Err(Error::invalid("source", "One side of cp must be s3://BUCKET/KEY and the other a local path."))
        }
    };

    let config_dir = paths::config_dir_from_env();
    let settings = prefs.apply(Settings::for_session(session));
    let settings = batch::settings_for(session, connection, &config_dir, &bucket, &region, settings).await;
    let journal = Journal::open(paths::journal_dir())?;
    let (pool, operations) = (Pool::new(settings.concurrency), Operations::default());
    let shown = Shown::default();
    let ticker = Ticker::start(shown.files.clone(), shown.total.clone(), shown.done.clone());
    let started = Instant::now();
    let cancel = operations.start(BATCH);
    let batch = Batch {
        id: BATCH,
        cancel: &cancel,
        session,
        settings,
        pool: &pool,
        journal: &journal,
        operations: &operations,
    };
    let mut tally = Tally::new(shown.clone(), upload);
    let summary = {
        let files = plan.files(session, connection, &bucket, &region);
        let running = batch::run(batch, files, |events| events.into_iter().for_each(|e| tally.take(e)));
        tokio::pin!(running);
        tokio::select! {
            summary = &mut running => summary,
            () = stop.cancelled() => {
                operations.pause_batch(BATCH);
                running.await
            }
        }
    };
    ticker.stop();

    for (what, error) in &tally.failures {
        eprintln!("failed: {what}");
        crate::report(error);
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{} in {seconds:.2} s ({}/s){}{}",
        size(summary.bytes),
        size((summary.bytes as f64 / seconds.max(0.001)) as u64),
        if summary.failed == 0 { String::new() } else { format!(", {} failed", summary.failed) },
        if summary.cancelled + summary.paused == 0 {
            String::new()
        } else {
            format!(", {} stopped: run the same cp again to continue", summary.cancelled + summary.paused)
        },
    );
    if summary.paused > 0 {
        eprintln!("Multipart uploads keep the parts sent so far; `s3desk abort` discards them instead.");
    }
    Ok(summary.failed == 0 && summary.cancelled == 0 && summary.paused == 0)
}

/// The batch's id among its files' handles.
const BATCH: &str = "cp";

/// What the progress line shows: files queued so far, bytes moved so far, of how many.
#[derive(Clone, Default)]
struct Shown {
    files: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    done: Arc<AtomicU64>,
}

/// Follows a batch's events: the progress line's figures, and each failure to report.
struct Tally {
    shown: Shown,
    /// Uploads (local → s3) or downloads.
    upload: bool,
    /// Each file by id: its local path and bucket/key, for a failure's line.
    names: HashMap<String, String>,
    /// Bytes of the files finished, and of each running one.
    finished: u64,
    running: HashMap<String, u64>,
    failures: Vec<(String, Error)>,
}

impl Tally {
    fn new(shown: Shown, upload: bool) -> Self {
        Self { shown, upload, names: HashMap::new(), finished: 0, running: HashMap::new(), failures: Vec::new() }
    }

    fn take(&mut self, event: Event) {
        match event {
            Event::Queued(files) => {
                self.shown.files.fetch_add(files.len() as u64, Ordering::Relaxed);
                for f in files {
                    self.shown.total.fetch_add(f.size, Ordering::Relaxed);
                    let (local, remote) = (f.path.display(), format!("s3://{}/{}", f.bucket, f.key));
                    let name =
                        if self.upload { format!("{local} → {remote}") } else { format!("{remote} → {local}") };
                    self.names.insert(f.id, name);
                }
            }
            // A download's size is known once it starts.
            Event::Started { id, size } => {
                self.running.insert(id, 0);
                self.shown.total.fetch_max(self.finished + size, Ordering::Relaxed);
            }
            Event::Progress(files) => self.running.extend(files),
            Event::Finished { id, outcome } => {
                self.running.remove(&id);
                match outcome {
                    Outcome::Done { size, .. } => self.finished += size,
                    Outcome::Failed { error, .. } => {
                        self.failures.push((self.names.remove(&id).unwrap_or(id), error));
                    }
                    Outcome::Cancelled | Outcome::Paused { .. } => {}
                }
            }
        }
        self.shown.done.store(self.finished + self.running.values().sum::<u64>(), Ordering::Relaxed);
    }
}

fn uploads(
    connection: &ConnectionRef,
    path: &Path,
    bucket: &str,
    region: &str,
    key: &str,
    recursive: bool,
) -> Result<Plan, Error> {
    let options = ObjectOptions::default();
    if path.is_dir() {
        if !recursive {
            return Err(Error::invalid("source", format!("{} is a folder: add -r to copy it.", path.display())));
        }
        let prefix = if key.is_empty() || key.ends_with('/') { key.to_owned() } else { format!("{key}/") };
        return Ok(Plan::Uploads { paths: vec![path.to_owned()], prefix, options });
    }
    if !path.exists() {
        return Err(Error::invalid("source", format!("{} does not exist.", path.display())));
    }
    // A key ending in `/` (or none) is a folder: the file goes in it under its own name.
    if key.is_empty() || key.ends_with('/') {
        return Ok(Plan::Uploads { paths: vec![path.to_owned()], prefix: key.to_owned(), options });
    }
    // The journal knows an upload by its file, however it was named (see `plan::uploads`).
    let source = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    Ok(Plan::Given(vec![plan::upload_of(connection, source, bucket, region, key.to_owned(), &options)]))
}

/// What to download: one object to a file, or with `recursive` a prefix into a folder.
fn downloads(bucket: &str, key: &str, path: &Path, recursive: bool, overwrite: bool) -> Result<Wanted, Error> {
    if recursive {
        let prefix = if key.is_empty() || key.ends_with('/') { key.to_owned() } else { format!("{key}/") };
        return Ok(Wanted { folders: vec![(prefix, path.to_owned())], overwrite, ..Wanted::default() });
    }
    if key.is_empty() || key.ends_with('/') {
        return Err(Error::invalid("source", format!("s3://{bucket}/{key} names a folder, not an object."))
            .with_hint("Give the object's key, or add -r to download everything under it."));
    }
    let name = key.rsplit('/').next().unwrap_or(key);
    let destination = if path.is_dir() { path.join(name) } else { path.to_owned() };
    existing_folder(destination.parent())?;
    let object = WantedObject { key: key.to_owned(), version_id: None, destination, size: None };
    Ok(Wanted { objects: vec![object], overwrite, ..Wanted::default() })
}

/// Refuses a destination whose folder is missing before anything is downloaded (it would
/// otherwise be found only when the finished file is moved into place).
fn existing_folder(folder: Option<&Path>) -> Result<(), Error> {
    let Some(folder) = folder.filter(|f| !f.as_os_str().is_empty()) else { return Ok(()) };
    if folder.is_dir() {
        return Ok(());
    }
    Err(Error::invalid("destination", format!("The folder {} does not exist.", folder.display()))
        .with_hint("Create it first, or give a destination in a folder that exists."))
}
