//! A batch of transfers, as the window and `s3desk cp` both run them: files are queued as
//! planning finds them (a folder walked, a prefix listed page by page), each with its cancel
//! and pause handles at once (so Cancel works on a file that has not started, and Cancel all
//! before anything has), files start a few at a time through the shared pool, and what
//! happens to each comes out as events, bundled a few times a second: a folder of small
//! files makes two events per file, and a message each would flood a window.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use futures_util::stream::{FuturesUnordered, Stream, StreamExt};
use futures_util::FutureExt;
use tokio_util::sync::CancellationToken;

use super::{download, resume, upload, Context, Counter, Download, Journal, Pool, Settings, Upload};
use crate::buckets::acceleration::{self, Acceleration};
use crate::catalog::ConnectionRef;
use crate::error::{Error, ErrorKind};
use crate::operations::Operations;
use crate::session::Session;

/// How often a batch reports the bytes of its running files.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Files queued and not yet started, at most: planning is asked for more only below this,
/// so a prefix of a million keys starts downloading after its first page and holds some
/// 20 MiB of queued files, not a million of them. (A drop of ten thousand files is queued
/// whole: the window shows its full count at once.)
pub const QUEUED_AHEAD: usize = 50_000;

/// One file of a batch.
#[derive(Debug)]
pub enum Work {
    /// An upload, with its file's size as planning found it (read there, off the batch's
    /// task: a folder of 10 000 files is 10 000 file-system calls).
    Up {
        upload: Upload,
        size: u64,
    },
    Down(Download),
    /// A journalled upload, by its journal id, with what the journal says of it.
    Resume {
        id: String,
        bucket: String,
        key: String,
        source: PathBuf,
        size: u64,
    },
}

/// What planning hands a batch, one file at a time.
#[derive(Debug)]
pub enum Planned {
    Work(Work),
    Refused(Refused),
}

/// A file the planning could not take (an unreadable folder, a key that cannot be a file
/// name): listed with the batch, and failed at once with its reason.
#[derive(Debug)]
pub struct Refused {
    pub bucket: String,
    pub key: String,
    pub path: PathBuf,
    pub error: Error,
}

impl Work {
    fn bucket(&self) -> &str {
        match self {
            Work::Up { upload, .. } => &upload.bucket,
            Work::Down(down) => &down.bucket,
            Work::Resume { bucket, .. } => bucket,
        }
    }

    fn key(&self) -> &str {
        match self {
            Work::Up { upload, .. } => &upload.key,
            Work::Down(down) => &down.key,
            Work::Resume { key, .. } => key,
        }
    }

    /// The local file: the source of an upload, the destination of a download.
    fn path(&self) -> &Path {
        match self {
            Work::Up { upload, .. } => &upload.source,
            Work::Down(down) => &down.destination,
            Work::Resume { source, .. } => source,
        }
    }

    /// Bytes, as far as known before it starts (a download's from its listing, if any).
    fn size(&self) -> u64 {
        match self {
            Work::Up { size, .. } => *size,
            Work::Down(down) => down.listed_size.unwrap_or(0),
            Work::Resume { size, .. } => *size,
        }
    }
}

/// A file as queued, before anything of it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// The batch's id, `:`, the file's number: the handle that cancels or pauses it.
    pub id: String,
    pub bucket: String,
    pub key: String,
    pub path: PathBuf,
    pub size: u64,
    /// Through the Transfer Acceleration endpoint.
    pub accelerated: bool,
}

#[derive(Debug)]
pub enum Outcome {
    Done {
        size: u64,
        /// Parts sent by this run, when the object went in parts.
        parts_sent: u32,
        parts: u32,
    },
    /// An upload that failed can be resumed when `resumable` names its journal entry.
    Failed {
        error: Error,
        resumable: Option<String>,
    },
    Cancelled,
    /// Stopped by a pause; `resumable` names the kept multipart upload, if there is one.
    Paused {
        resumable: Option<String>,
    },
}

#[derive(Debug)]
pub enum Event {
    Queued(Vec<Queued>),
    Started {
        id: String,
        size: u64,
    },
    /// The bytes moved so far by each running file.
    Progress(Vec<(String, u64)>),
    Finished {
        id: String,
        outcome: Outcome,
    },
}

/// How a batch ended, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub done: usize,
    pub failed: usize,
    pub cancelled: usize,
    pub paused: usize,
    /// Bytes of the files done.
    pub bytes: u64,
}

/// What a batch runs with. `cancel` is the batch's own token, registered under `id` in
/// `operations` by whoever started the batch before it planned anything, so that Cancel
/// all works while the batch is still being planned.
pub struct Batch<'a> {
    pub id: &'a str,
    pub cancel: &'a CancellationToken,
    pub session: &'a Session,
    pub settings: Settings,
    pub pool: &'a Pool,
    pub journal: &'a Journal,
    pub operations: &'a Operations,
}

/// The settings a batch into `bucket` runs with: `settings`, through the accelerate
/// endpoint when the bucket has Transfer Acceleration on and the connection has not declined
/// it (a bucket whose status cannot be read goes the regional way).
pub async fn settings_for(
    session: &Session,
    connection: &ConnectionRef,
    config_dir: &Path,
    bucket: &str,
    region: &str,
    settings: Settings,
) -> Settings {
    let accelerate = acceleration::used_by(config_dir, connection)
        && acceleration::unavailable(session, bucket).is_none()
        && matches!(acceleration::status(session, bucket, region).await, Ok(Acceleration::Enabled));
    Settings { accelerate, ..settings }
}

/// Runs what `planned` yields, a few files at a time, giving `events` what happens; refused
/// files are listed with the rest and fail at once. Planning is pulled only while fewer than
/// [`QUEUED_AHEAD`] files wait, and no more once the batch is cancelled. Every file has its
/// cancel and pause handles (its [`Queued::id`]) from the moment it is queued; the batch's
/// own handle and each file's are released when the batch ends.
pub async fn run(
    batch: Batch<'_>,
    planned: impl Stream<Item = Planned>,
    mut events: impl FnMut(Vec<Event>),
) -> Summary {
    let Batch { id, cancel, session, settings, pool, journal, operations } = batch;
    let outbox = Outbox::default();
    let running: Mutex<HashMap<String, Counter>> = Mutex::default();
    // Files not yet begun, with their cancel tokens: one cancelled while it waits its turn
    // (behind four large files, say) is finished at the next tick, not when its turn comes.
    let waiting: Mutex<HashMap<String, CancellationToken>> = Mutex::default();
    let shared =
        Shared { session, settings, pool, journal, operations, outbox: &outbox, running: &running, waiting: &waiting };
    let mut queue = Queue { batch: id, cancel, accelerated: settings.accelerate, numbered: 0, ready: VecDeque::new() };
    let mut summary = Summary::default();
    let mut planned = std::pin::pin!(planned);
    let mut planning = true;
    let mut started = FuturesUnordered::new();

    // Progress is read on the batch's own task, between files finishing: the reporter ends
    // with the batch, and no file's progress lands after its Finished event.
    let mut tick = tokio::time::interval(PROGRESS_EVERY);
    loop {
        while started.len() < pool.files_at_once() {
            let Some((file, work, handles)) = queue.ready.pop_front() else { break };
            started.push(run_file(shared, file, work, handles));
        }
        if !planning && queue.ready.is_empty() && started.is_empty() {
            break;
        }
        tokio::select! {
            next = planned.next(), if planning && queue.ready.len() < QUEUED_AHEAD => {
                // Take what planning has ready now (a page, a folder's files) in one go, so
                // the files queue together and the window hears of them at once.
                let mut next = next;
                loop {
                    let Some(item) = next else {
                        planning = false;
                        break;
                    };
                    summary.add(queue.take(item, &shared));
                    if queue.ready.len() >= QUEUED_AHEAD {
                        break;
                    }
                    match planned.next().now_or_never() {
                        Some(item) => next = item,
                        None => break,
                    }
                }
                outbox.flush(&mut events);
            }
            Some(counted) = started.next(), if !started.is_empty() => summary.add(counted),
            () = cancel.cancelled(), if planning => planning = false,
            _ = tick.tick() => {
                summary.cancelled += finish_cancelled_while_waiting(&waiting, operations, &outbox);
                outbox.push_progress(&running);
                outbox.flush(&mut events);
            }
        }
    }
    outbox.flush(&mut events);
    operations.finish(id);
    summary
}

/// Files queued by a batch, numbered in the order planning gave them.
struct Queue<'a> {
    batch: &'a str,
    /// The batch's token: each file's is a child of it.
    cancel: &'a CancellationToken,
    accelerated: bool,
    numbered: usize,
    /// Queued, waiting their turn to start.
    ready: VecDeque<(Queued, Work, Handles)>,
}

impl Queue<'_> {
    /// Queues one planned file with its handles, telling the outbox; a refused one fails at
    /// once, counted in what this returns.
    fn take(&mut self, item: Planned, shared: &Shared<'_>) -> Summary {
        let (bucket, key, path, size) = match &item {
            Planned::Work(work) => (work.bucket(), work.key(), work.path(), work.size()),
            Planned::Refused(r) => (r.bucket.as_str(), r.key.as_str(), r.path.as_path(), 0),
        };
        let queued = Queued {
            id: format!("{}:{}", self.batch, self.numbered),
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            path: path.to_owned(),
            size,
            accelerated: self.accelerated,
        };
        self.numbered += 1;
        shared.outbox.push_queued(queued.clone());
        match item {
            Planned::Work(work) => {
                let handles = Handles {
                    cancel: shared.operations.start_under(self.cancel, &queued.id),
                    pause: shared.operations.start_pause(&queued.id),
                };
                lock(shared.waiting).insert(queued.id.clone(), handles.cancel.clone());
                self.ready.push_back((queued, work, handles));
                Summary::default()
            }
            Planned::Refused(r) => {
                let outcome = Outcome::Failed { error: r.error, resumable: None };
                shared.outbox.push(Event::Finished { id: queued.id, outcome });
                Summary { failed: 1, ..Summary::default() }
            }
        }
    }
}

/// Finishes the files cancelled before their turn came, so the window shows them cancelled
/// now; `run_file` then skips them. Returns how many.
fn finish_cancelled_while_waiting(
    waiting: &Mutex<HashMap<String, CancellationToken>>,
    operations: &Operations,
    outbox: &Outbox,
) -> usize {
    let mut waiting = lock(waiting);
    let cancelled: Vec<String> = waiting.iter().filter(|(_, t)| t.is_cancelled()).map(|(id, _)| id.clone()).collect();
    for id in &cancelled {
        waiting.remove(id);
        operations.finish(id);
        operations.finish_pause(id);
        outbox.push(Event::Finished { id: id.clone(), outcome: Outcome::Cancelled });
    }
    cancelled.len()
}

/// What every file of a batch runs with.
#[derive(Clone, Copy)]
struct Shared<'a> {
    session: &'a Session,
    settings: Settings,
    pool: &'a Pool,
    journal: &'a Journal,
    operations: &'a Operations,
    outbox: &'a Outbox,
    running: &'a Mutex<HashMap<String, Counter>>,
    waiting: &'a Mutex<HashMap<String, CancellationToken>>,
}

/// One file, from waiting for its turn in the pool to its outcome, counted.
async fn run_file(shared: Shared<'_>, file: Queued, work: Work, handles: Handles) -> Summary {
    let Shared { session, settings, pool, journal, operations, outbox, running, waiting } = shared;
    if lock(waiting).remove(&file.id).is_none() {
        // Cancelled while it waited, and already reported so.
        return Summary::default();
    }
    let counter = Counter::default();
    let ctx = Context { session, settings, pool, journal, cancel: &handles.cancel, pause: Some(&handles.pause) };
    let result = async {
        let _slot = pool.admit(file.size, &settings, &handles.cancel).await?;
        // Started goes before any progress of the file.
        outbox.push(Event::Started { id: file.id.clone(), size: file.size });
        lock(running).insert(file.id.clone(), counter.clone());
        match &work {
            Work::Up { upload: up, .. } => upload(&ctx, up, &counter).await.map(|u| (u.size, u.parts_sent, u.parts)),
            Work::Down(down) => download(&ctx, down, &counter).await.map(|d| (d.size, d.parts, d.parts)),
            Work::Resume { id, .. } => resume(&ctx, id, &counter).await.map(|u| (u.size, u.parts_sent, u.parts)),
        }
    }
    .await;
    lock(running).remove(&file.id);
    let resumable = || match &work {
        Work::Up { upload: up, .. } => journal.find(&up.source, &up.bucket, &up.key).ok().flatten().map(|e| e.id),
        Work::Resume { id, .. } => journal.get(id).map(|e| e.id),
        Work::Down(_) => None,
    };
    let outcome = match result {
        Ok((size, parts_sent, parts)) => Outcome::Done { size, parts_sent, parts },
        Err(_) if handles.pause.is_cancelled() => Outcome::Paused { resumable: resumable() },
        Err(e) if e.kind() == &ErrorKind::Cancelled => Outcome::Cancelled,
        Err(error) => Outcome::Failed { error, resumable: resumable() },
    };
    operations.finish(&file.id);
    operations.finish_pause(&file.id);
    let counted = Summary::of(&outcome);
    outbox.push(Event::Finished { id: file.id, outcome });
    counted
}

/// A queued file's handles: its cancel token (a child of the batch's) and its pause token.
struct Handles {
    cancel: CancellationToken,
    pause: CancellationToken,
}

impl Summary {
    fn of(outcome: &Outcome) -> Self {
        match outcome {
            Outcome::Done { size, .. } => Self { done: 1, bytes: *size, ..Self::default() },
            Outcome::Failed { .. } => Self { failed: 1, ..Self::default() },
            Outcome::Cancelled => Self { cancelled: 1, ..Self::default() },
            Outcome::Paused { .. } => Self { paused: 1, ..Self::default() },
        }
    }

    fn add(&mut self, other: Self) {
        self.done += other.done;
        self.failed += other.failed;
        self.cancelled += other.cancelled;
        self.paused += other.paused;
        self.bytes += other.bytes;
    }
}

/// Events waiting to be given out together.
#[derive(Default)]
struct Outbox {
    pending: Mutex<Vec<Event>>,
}

impl Outbox {
    fn push(&self, event: Event) {
        lock(&self.pending).push(event);
    }

    /// A file queued: with the files queued just before it, when nothing came between.
    fn push_queued(&self, file: Queued) {
        let mut pending = lock(&self.pending);
        match pending.last_mut() {
            Some(Event::Queued(files)) => files.push(file),
            _ => pending.push(Event::Queued(vec![file])),
        }
    }

    /// The bytes of each running file, queued behind the events before it.
    fn push_progress(&self, running: &Mutex<HashMap<String, Counter>>) {
        let files: Vec<(String, u64)> = lock(running).iter().map(|(id, c)| (id.clone(), c.get())).collect();
        if !files.is_empty() {
            self.push(Event::Progress(files));
        }
    }

    fn flush(&self, events: &mut impl FnMut(Vec<Event>)) {
        let pending = std::mem::take(&mut *lock(&self.pending));
        if !pending.is_empty() {
            events(pending);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
