//! The engine's batches, as the window and `s3desk cp` run them, against SeaweedFS (and moto
//! for a key SeaweedFS refuses to store): a queued file cancelled before its turn is never
//! sent, a batch cancelled before it starts sends nothing, a file that fails leaves the
//! others done, a paused upload resumes to the whole object, a key that would escape the
//! chosen folder is refused and listed, a prefix of a million keys starts downloading after
//! its first page and is listed only a little ahead of the downloads.

use std::path::{Path, PathBuf};

use futures_util::stream::{self, Stream};
use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::parts::MIB;
use s3desk_engine::transfers::batch::{self, Batch, Event, Outcome, Planned, Summary, Work};
use s3desk_engine::transfers::plan::{self, Wanted};
use s3desk_engine::transfers::{Journal, ObjectOptions, Pool, Settings};
use s3desk_engine::{Operations, Session};
use s3desk_tests::{huge_listing, moto, seaweed, unique_bucket, Faults, FaultyProxy, Server};
use tokio_util::sync::CancellationToken;

use crate::support::session_with;

/// One request at a time, so queued files wait their turn.
const SETTINGS: Settings = Settings { concurrency: 1, ..crate::support::SMALL_PARTS };

/// A session, journal, pool and handles for one batch at a time.
struct Rig {
    session: Session,
    journal: Journal,
    pool: Pool,
    operations: Operations,
    _dir: tempfile::TempDir,
}

impl Rig {
    async fn new(endpoint: &str, server: &Server) -> Self {
        Self::with_keys(endpoint, &server.access_key, &server.secret_key).await
    }

    async fn with_keys(endpoint: &str, access_key: &str, secret_key: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        Self {
            session: session_with(endpoint, access_key, secret_key).await,
            journal: Journal::open(dir.path().join("journal")).unwrap(),
            pool: Pool::new(SETTINGS.concurrency),
            operations: Operations::default(),
            _dir: dir,
        }
    }

    /// Runs what `planned` yields as batch `id`, with `on` seeing every event and this rig's
    /// handles; returns the summary and every file's outcome by key.
    async fn run(
        &self,
        id: &str,
        cancel: &CancellationToken,
        planned: impl Stream<Item = Planned>,
        mut on: impl FnMut(&Event, &Operations),
    ) -> (Summary, Vec<(String, Outcome)>) {
        let batch = Batch {
            id,
            cancel,
            session: &self.session,
            settings: SETTINGS,
            pool: &self.pool,
            journal: &self.journal,
            operations: &self.operations,
        };
        let mut keys = std::collections::HashMap::new();
        let mut outcomes = Vec::new();
        let summary = batch::run(batch, planned, |events| {
            for event in events {
                on(&event, &self.operations);
                match event {
                    Event::Queued(files) => keys.extend(files.into_iter().map(|f| (f.id, f.key))),
                    Event::Finished { id, outcome } => outcomes.push((keys[&id].clone(), outcome)),
                    _ => {}
                }
            }
        })
        .await;
        outcomes.sort_by(|a, b| a.0.cmp(&b.0));
        (summary, outcomes)
    }
}

fn files(dir: &Path, count: usize, size: usize) -> Vec<PathBuf> {
    (0..count)
        .map(|n| {
            let path = dir.join(format!("f{n:02}.bin"));
            std::fs::write(&path, vec![n as u8; size]).unwrap();
            path
        })
        .collect()
}

fn uploads_of(paths: &[PathBuf], bucket: &str) -> impl Stream<Item = Planned> {
    plan::uploads(&ConnectionRef::Sandbox, paths.to_vec(), bucket, "us-east-1", "up/", &ObjectOptions::default())
}

async fn exists(server: &Server, bucket: &str, key: &str) -> bool {
    server.peer().head_object().bucket(bucket).key(key).send().await.is_ok()
}

async fn new_bucket(server: &Server) -> String {
    let name = unique_bucket("batch");
    server.peer().create_bucket().bucket(&name).send().await.unwrap();
    name
}

#[tokio::test]
async fn a_queued_file_cancelled_before_its_turn_is_never_sent() {
    let server = seaweed();
    let (rig, bucket, dir) =
        (Rig::new(&server.endpoint, server).await, new_bucket(server).await, tempfile::tempdir().unwrap());
    // 40 files through a pool of one request: the 30th waits its turn far behind the 4 started.
    let paths = files(dir.path(), 40, 64 * 1024);
    let cancel = CancellationToken::new();
    let (summary, outcomes) = rig
        .run("b1", &cancel, uploads_of(&paths, &bucket), |event, operations| {
            if let Event::Queued(files) = event {
                if let Some(thirtieth) = files.iter().find(|f| f.key == "up/f29.bin") {
                    operations.cancel(&thirtieth.id);
                }
            }
        })
        .await;
    assert_eq!((summary.done, summary.cancelled, summary.failed), (39, 1, 0), "{outcomes:?}");
    let (key, outcome) = outcomes.iter().find(|(k, _)| k == "up/f29.bin").unwrap();
    assert!(matches!(outcome, Outcome::Cancelled), "{key}: {outcome:?}");
    assert!(!exists(server, &bucket, "up/f29.bin").await, "the cancelled file was never uploaded");
    assert!(exists(server, &bucket, "up/f39.bin").await, "the files after it were");
}

#[tokio::test]
async fn a_batch_cancelled_before_it_starts_sends_nothing() {
    let server = seaweed();
    let (rig, bucket, dir) =
        (Rig::new(&server.endpoint, server).await, new_bucket(server).await, tempfile::tempdir().unwrap());
    let paths = files(dir.path(), 5, 1024);
    let cancel = rig.operations.start("b2");
    // Cancel all, pressed while the batch was still being planned.
    rig.operations.cancel("b2");
    let (summary, _) = rig.run("b2", &cancel, uploads_of(&paths, &bucket), |_, _| {}).await;
    assert_eq!((summary.done, summary.failed), (0, 0), "nothing more was planned, nothing sent: {summary:?}");
    for n in 0..5 {
        assert!(!exists(server, &bucket, &format!("up/f{n:02}.bin")).await);
    }
}

#[tokio::test]
async fn a_file_that_fails_leaves_the_others_done() {
    let server = seaweed();
    let (rig, bucket, dir) =
        (Rig::new(&server.endpoint, server).await, new_bucket(server).await, tempfile::tempdir().unwrap());
    let paths = files(dir.path(), 3, 1024);
    // Gone between the drop and its turn, as a file deleted during a drop's upload is.
    std::fs::remove_file(&paths[1]).unwrap();
    let (summary, outcomes) = rig.run("b3", &CancellationToken::new(), uploads_of(&paths, &bucket), |_, _| {}).await;
    assert_eq!((summary.done, summary.failed), (2, 1), "{outcomes:?}");
    let Outcome::Failed { error, .. } = &outcomes[1].1 else { panic!("f01 failed: {outcomes:?}") };
    assert!(error.message().contains("f01.bin"), "the error names the file: {}", error.message());
    assert!(exists(server, &bucket, "up/f00.bin").await && exists(server, &bucket, "up/f02.bin").await);
}

#[tokio::test]
async fn a_paused_upload_resumes_to_the_whole_object() {
    let server = seaweed();
    // 8 MiB/s: a 30 MiB file is mid-way when the pause comes.
    let proxy = FaultyProxy::start(&server.endpoint, Faults { bytes_per_second: Some(8 * MIB), ..Faults::default() });
    let (rig, bucket, dir) =
        (Rig::new(&proxy.endpoint, server).await, new_bucket(server).await, tempfile::tempdir().unwrap());
    let big = dir.path().join("big.bin");
    let body: Vec<u8> = (0..30 * MIB as usize).map(|i| (i % 251) as u8).collect();
    std::fs::write(&big, &body).unwrap();

    let (summary, outcomes) = rig
        .run("b4", &CancellationToken::new(), uploads_of(std::slice::from_ref(&big), &bucket), |event, operations| {
            if let Event::Progress(files) = event {
                for (id, bytes) in files {
                    if *bytes > 0 {
                        operations.pause(id);
                    }
                }
            }
        })
        .await;
    assert_eq!(summary.paused, 1, "{outcomes:?}");
    let Outcome::Paused { resumable: Some(journal_id) } = &outcomes[0].1 else {
        panic!("a resumable pause: {outcomes:?}")
    };
    assert!(!exists(server, &bucket, "up/big.bin").await, "not complete while paused");

    let entry = rig.journal.get(journal_id).expect("the paused upload is journalled");
    let resume =
        Work::Resume { id: entry.id, bucket: entry.bucket, key: entry.key, source: entry.source, size: entry.size };
    let resume = stream::iter([Planned::Work(resume)]);
    let (summary, outcomes) = rig.run("b5", &CancellationToken::new(), resume, |_, _| {}).await;
    assert_eq!(summary.done, 1, "{outcomes:?}");
    let got = server.peer().get_object().bucket(&bucket).key("up/big.bin").send().await.unwrap();
    assert!(got.body.collect().await.unwrap().into_bytes() == body, "the resumed object is the file, byte for byte");
}

/// The same file named another way (here `sub/../big.bin`; in a shell, `big.bin` against its
/// absolute path) is the same upload: the second batch resumes the first's parts.
#[tokio::test]
async fn a_paused_upload_resumes_under_another_name_for_its_file() {
    let server = seaweed();
    let proxy = FaultyProxy::start(&server.endpoint, Faults { bytes_per_second: Some(8 * MIB), ..Faults::default() });
    let (rig, bucket, dir) =
        (Rig::new(&proxy.endpoint, server).await, new_bucket(server).await, tempfile::tempdir().unwrap());
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("big.bin"), vec![9u8; 30 * MIB as usize]).unwrap();
    let roundabout = dir.path().join("sub/../big.bin");
    // Paused once the first 5 MiB part is in (its bytes sent, and some of the next).
    let pause_once = |event: &Event, operations: &Operations| {
        if let Event::Progress(files) = event {
            files.iter().filter(|(_, bytes)| *bytes > 7 * MIB).for_each(|(id, _)| operations.pause(id));
        }
    };
    let (summary, _) = rig.run("b7", &CancellationToken::new(), uploads_of(&[roundabout], &bucket), pause_once).await;
    assert_eq!(summary.paused, 1);

    let direct = dir.path().join("big.bin");
    let (summary, outcomes) = rig.run("b8", &CancellationToken::new(), uploads_of(&[direct], &bucket), |_, _| {}).await;
    let Outcome::Done { parts_sent, parts, .. } = outcomes[0].1 else { panic!("{outcomes:?}") };
    assert_eq!(summary.done, 1);
    assert!(parts_sent < parts, "only the missing parts were sent: {parts_sent} of {parts}");
    let uploads = server.peer().list_multipart_uploads().bucket(&bucket).send().await.unwrap();
    assert!(uploads.uploads().is_empty(), "the first upload was resumed, not left behind");
}

/// SeaweedFS refuses keys with `..`; moto stores them, as Amazon S3 does.
#[tokio::test]
async fn a_key_that_would_escape_the_folder_is_refused_and_listed() {
    let server = moto();
    let bucket = unique_bucket("escape");
    let peer = server.peer();
    peer.create_bucket().bucket(&bucket).send().await.unwrap();
    for key in ["docs/ok.txt", "docs/../../escape.txt"] {
        peer.put_object().bucket(&bucket).key(key).body(b"x".to_vec().into()).send().await.unwrap();
    }
    let rig = Rig::new(&server.endpoint, server).await;
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("docs");
    let cancel = CancellationToken::new();
    let wanted = Wanted { folders: vec![("docs/".to_owned(), into.clone())], ..Wanted::default() };
    let planned = plan::downloads(&rig.session, &ConnectionRef::Sandbox, &bucket, "us-east-1", wanted);
    let (summary, outcomes) = rig.run("b6", &cancel, planned, |_, _| {}).await;
    assert_eq!((summary.done, summary.failed), (1, 1), "{outcomes:?}");
    let (key, Outcome::Failed { error, .. }) = &outcomes[0] else { panic!("{outcomes:?}") };
    assert_eq!(key, "docs/../../escape.txt");
    assert!(error.message().contains("outside the chosen folder"), "{}", error.message());
    assert!(into.join("ok.txt").is_file());
    assert!(!dir.path().join("escape.txt").exists() && !dir.path().parent().unwrap().join("escape.txt").exists());
}

/// No local server holds a million keys without an hour of uploading first, so a loopback
/// endpoint makes them up (`huge_listing`: real ListObjectsV2 pages, one-byte objects).
#[tokio::test]
async fn a_million_key_prefix_starts_at_once_and_is_listed_only_a_little_ahead() {
    let huge = huge_listing(1_000_000);
    let rig = Rig::with_keys(&huge.endpoint, "key", "secret").await;
    let dir = tempfile::tempdir().unwrap();
    let wanted = Wanted { folders: vec![("big/".to_owned(), dir.path().join("big"))], ..Wanted::default() };
    let planned = plan::downloads(&rig.session, &ConnectionRef::Sandbox, "huge", "us-east-1", wanted);
    let cancel = rig.operations.start("b9");
    let began = std::time::Instant::now();
    let (mut first_start, mut queued, mut finished, mut most_ahead) = (None, 0usize, 0usize, 0usize);
    let (summary, _) = rig
        .run("b9", &cancel, planned, |event, operations| {
            match event {
                Event::Queued(files) => queued += files.len(),
                Event::Started { .. } => {
                    first_start.get_or_insert(began.elapsed());
                }
                Event::Finished { .. } => finished += 1,
                Event::Progress(_) => {}
            }
            most_ahead = most_ahead.max(queued - finished);
            if finished == 3_000 {
                operations.cancel("b9");
            }
        })
        .await;
    let first_start = first_start.expect("downloads started");
    assert!(first_start < std::time::Duration::from_secs(1), "the first download started after {first_start:?}");
    assert!(summary.done >= 3_000, "{summary:?}");
    assert!(
        most_ahead <= batch::QUEUED_AHEAD + 1_000 + 64,
        "at most a page beyond the queue's bound waits at any time: {most_ahead}"
    );
    let pages = huge.pages_served() as usize;
    assert!(pages <= queued / 1_000 + 2, "listed only as the batch took files: {pages} pages for {queued} queued");
    assert!(pages < 100, "a small part of the million keys was listed: {pages} pages");
    assert_eq!(std::fs::read(dir.path().join("big/0000000")).unwrap(), b"x");
}
