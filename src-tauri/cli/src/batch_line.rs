//! What `cp` and `sync` share: the settings a batch runs with (the app's, or the flags'),
//! the progress line drawn from the batch's events, the failures reported at the end, and a
//! stop (Ctrl-C, SIGTERM) that pauses the batch: what multipart uploads sent stays on the
//! server and in the journal, and running the same command again resumes it.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::transfers::batch::{self, Batch, Event, Outcome, Summary};
use s3desk_engine::transfers::{Journal, Pool, Prefs, Settings};
use s3desk_engine::{paths, Error, Operations, Session};
use tokio_util::sync::CancellationToken;

use crate::progress::{size, Ticker};

/// The batch's id among its files' handles.
pub const BATCH: &str = "batch";

/// How a batch sends: the app's settings unless a flag says otherwise.
#[derive(clap::Args)]
pub struct Tuning {
    /// Part size for large files, in MiB (S3 allows 5 to 5120); default: the app's setting.
    #[arg(long)]
    part_size: Option<u64>,
    /// Requests in flight at once (parts, or whole small files); default: the app's setting.
    #[arg(long)]
    concurrency: Option<usize>,
}

impl Tuning {
    /// The settings of a batch into (or out of) `bucket`, with Transfer Acceleration where the
    /// bucket has it on, exactly as the window would run it.
    pub async fn settings(
        &self,
        session: &Session,
        connection: &ConnectionRef,
        bucket: &str,
        region: &str,
    ) -> Result<Settings, Error> {
        let config_dir = paths::config_dir_from_env();
        let saved = Prefs::load(&config_dir);
        let prefs = Prefs {
            part_size_mib: self.part_size.unwrap_or(saved.part_size_mib),
            concurrency: self.concurrency.unwrap_or(saved.concurrency),
        };
        prefs.validate()?;
        let settings = prefs.apply(Settings::for_session(session));
        Ok(batch::settings_for(session, connection, &config_dir, bucket, region, settings).await)
    }
}

/// A running batch's pool, journal and handles, and its progress line.
pub struct Line {
    pub operations: Operations,
    pool: Pool,
    journal: Journal,
    ticker: Ticker,
    started: Instant,
}

impl Line {
    /// The line, and the tally that follows the batch's events for it. `upload`: the batch
    /// sends local files (names its failures local → s3).
    pub fn start(settings: &Settings, upload: bool) -> Result<(Self, Tally), Error> {
        let shown = Shown::default();
        let line = Self {
            pool: Pool::new(settings.concurrency),
            journal: Journal::open(paths::journal_dir())?,
            operations: Operations::default(),
            ticker: Ticker::start(shown.files.clone(), shown.total.clone(), shown.done.clone()),
            started: Instant::now(),
        };
        Ok((line, Tally::new(shown, upload)))
    }

    /// The batch [`BATCH`], cancelled by `cancel` (from `self.operations.start(BATCH)`).
    pub fn batch<'a>(&'a self, cancel: &'a CancellationToken, session: &'a Session, settings: Settings) -> Batch<'a> {
        Batch {
            id: BATCH,
            cancel,
            session,
            settings,
            pool: &self.pool,
            journal: &self.journal,
            operations: &self.operations,
        }
    }

    /// Clears the progress line and reports how the batch went; `command` is what to run
    /// again to continue. Whether everything went through.
    pub fn finish(self, tally: &Tally, summary: &Summary, command: &str) -> bool {
        self.ticker.stop();
        for (what, error) in &tally.failures {
            eprintln!("failed: {what}");
            crate::report(error);
        }
        let seconds = self.started.elapsed().as_secs_f64();
        eprintln!(
            "{} in {seconds:.2} s ({}/s){}{}",
            size(summary.bytes),
            size((summary.bytes as f64 / seconds.max(0.001)) as u64),
            if summary.failed == 0 { String::new() } else { format!(", {} failed", summary.failed) },
            if summary.cancelled + summary.paused == 0 {
                String::new()
            } else {
                format!(", {} stopped: run the same {command} again to continue", summary.cancelled + summary.paused)
            },
        );
        if summary.paused > 0 {
            eprintln!("Multipart uploads keep the parts sent so far; `s3desk abort` discards them instead.");
        }
        summary.failed == 0 && summary.cancelled == 0 && summary.paused == 0
    }
}

/// Runs `running` (a batch registered as [`BATCH`] in `operations`) to its end; `stop`
/// pauses it, and it then ends with its files paused.
pub async fn until_stopped<T>(
    running: impl Future<Output = T>,
    stop: &CancellationToken,
    operations: &Operations,
) -> T {
    tokio::pin!(running);
    tokio::select! {
        done = &mut running => done,
        () = stop.cancelled() => {
            operations.pause_batch(BATCH);
            running.await
        }
    }
}

/// What the progress line shows: files queued so far, bytes moved so far, of how many.
#[derive(Clone, Default)]
pub struct Shown {
    files: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    done: Arc<AtomicU64>,
}

/// Follows a batch's events: the progress line's figures, and each failure to report.
pub struct Tally {
    shown: Shown,
    /// Uploads (local → s3) or downloads.
    upload: bool,
    /// Each file by id: its local path and bucket/key, for a failure's line.
    names: HashMap<String, String>,
    /// Bytes of the files finished, and of each running one.
    finished: u64,
    running: HashMap<String, u64>,
    failures: Vec<(String, Error)>,
    /// Of the files that went in parts: the parts this run sent, and all their parts (a
    /// resumed upload sends fewer).
    pub parts_sent: u64,
    pub parts: u64,
}

impl Tally {
    fn new(shown: Shown, upload: bool) -> Self {
        Self {
            shown,
            upload,
            names: HashMap::new(),
            finished: 0,
            running: HashMap::new(),
            failures: Vec::new(),
            parts_sent: 0,
            parts: 0,
        }
    }

    pub fn take(&mut self, event: Event) {
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
                    Outcome::Done { size, parts_sent, parts } => {
                        self.finished += size;
                        self.parts_sent += u64::from(parts_sent);
                        self.parts += u64::from(parts);
                    }
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
