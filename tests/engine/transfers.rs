//! The transfer engine against SeaweedFS: multipart uploads and ranged downloads that come
//! back byte-identical, through a proxy that cuts connections, cancelled (nothing left on the
//! server), killed with SIGKILL and resumed (only the missing parts sent), and refused when
//! the file changed in between.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::parts::MIB;
use s3desk_engine::transfers::{self, Context, Counter, Download, Journal, ObjectOptions, Pool, Settings, Upload};
use s3desk_engine::{ErrorKind, Session, Timeouts};
use s3desk_tests::{seaweed, unique_bucket, CountOperations, Faults, FaultyProxy, Server};
use tokio_util::sync::CancellationToken;

use crate::support::session_with;

const SETTINGS: Settings = crate::support::SMALL_PARTS;

/// A file of `size` bytes that no two offsets of which look alike (no compression shortcuts).
fn file_of(dir: &Path, name: &str, size: usize) -> PathBuf {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ size as u64;
    let bytes: Vec<u8> = (0..size)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

async fn new_bucket(server: &Server) -> String {
    let name = unique_bucket("transfer");
    server.peer().create_bucket().bucket(&name).send().await.unwrap();
    name
}

/// What a transfer runs with besides its job: a session, a journal, a pool, a cancel token.
struct Rig {
    session: Session,
    journal: Journal,
    pool: Pool,
    cancel: CancellationToken,
}

impl Rig {
    fn new(session: Session, journal_dir: impl Into<PathBuf>, concurrency: usize) -> Self {
        let journal = Journal::open(journal_dir).unwrap();
        Self { session, journal, pool: Pool::new(concurrency), cancel: CancellationToken::new() }
    }

    /// A rig that talks to `server` directly, journalling in `dir`.
    async fn direct(server: &Server, dir: &Path, concurrency: usize) -> Self {
        let session = session_with(&server.endpoint, &server.access_key, &server.secret_key).await;
        Self::new(session, dir.join("journal"), concurrency)
    }

    /// A rig whose requests go through a proxy that passes 8 MiB/s, so a transfer of tens
    /// of MiB is still running when the test acts on it.
    async fn slow(server: &Server, dir: &Path, concurrency: usize) -> Self {
        let proxy =
            FaultyProxy::start(&server.endpoint, Faults { bytes_per_second: Some(8 * MIB), ..Faults::default() });
        let session = session_with(&proxy.endpoint, &server.access_key, &server.secret_key).await;
        Self::new(session, dir.join("journal"), concurrency)
    }

    fn ctx(&self) -> Context<'_> {
        Context {
            session: &self.session,
            settings: SETTINGS,
            pool: &self.pool,
            journal: &self.journal,
            cancel: &self.cancel,
            pause: None,
        }
    }
}

fn upload_job(source: &Path, bucket: &str, key: &str) -> Upload {
    Upload {
        connection: ConnectionRef::Sandbox,
        source: source.to_owned(),
        bucket: bucket.into(),
        region: "us-east-1".into(),
        key: key.into(),
        options: ObjectOptions::default(),
    }
}

fn download_job(bucket: &str, key: &str, destination: PathBuf) -> Download {
    Download {
        connection: ConnectionRef::Sandbox,
        bucket: bucket.into(),
        region: "us-east-1".into(),
        key: key.into(),
        version_id: None,
        destination,
        overwrite: false,
        listed_size: None,
        listed_etag: None,
    }
}

/// Runs `transfer` and calls `act` once `ready` says so. A transfer that ends before then (a
/// server error, say) returns its result at once, so the test fails on that result instead
/// of waiting for a moment that will never come.
async fn once<T>(transfer: impl std::future::Future<Output = T>, ready: impl Fn() -> bool, act: impl FnOnce()) -> T {
    let until_ready = async {
        while !ready() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::pin!(transfer);
    tokio::select! {
        result = &mut transfer => result,
        () = until_ready => {
            act();
            transfer.await
        }
    }
}

async fn unfinished_uploads(server: &Server, bucket: &str) -> usize {
    server.peer().list_multipart_uploads().bucket(bucket).send().await.unwrap().uploads().len()
}

#[tokio::test]
async fn a_large_file_goes_up_in_parallel_parts_and_comes_back_identical() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "model.bin", 23 * MIB as usize + 3);
    let calls = CountOperations::default();
    let counter = calls.clone();
    let rig = Rig::new(
        Session::open_with(server.target(), Timeouts::default(), move |s3| s3.interceptor(counter)).await.unwrap(),
        dir.path().join("journal"),
        SETTINGS.concurrency,
    );
    let ctx = rig.ctx();

    let progress = Counter::default();
    let uploaded = transfers::upload(&ctx, &upload_job(&source, &bucket, "models/model.bin"), &progress).await.unwrap();
    assert_eq!((uploaded.parts, uploaded.parts_sent), (5, 5), "23 MiB in 5 MiB parts");
    assert_eq!(calls.get("UploadPart"), 5);
    assert_eq!(progress.get(), uploaded.size);
    assert!(rig.journal.entries().unwrap().is_empty(), "a finished upload leaves the journal");
    assert_eq!(unfinished_uploads(server, &bucket).await, 0);

    let back = dir.path().join("back/model.bin");
    let downloaded =
        transfers::download(&ctx, &download_job(&bucket, "models/model.bin", back.clone()), &Counter::default())
            .await
            .unwrap();
    assert_eq!(downloaded.parts, 5, "ranged GETs in parts too");
    assert!(std::fs::read(&back).unwrap() == std::fs::read(&source).unwrap(), "byte-identical");
}

#[tokio::test]
async fn small_awkward_and_empty_files_go_up_whole_with_their_tags_and_type() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::direct(server, dir.path(), 4).await;
    let ctx = rig.ctx();

    let data = file_of(dir.path(), "data.json", 1000);
    let mut job = upload_job(&data, &bucket, "odd/ünï cødé+%#.json");
    job.options.tags = vec![("team".into(), "r&d".into())];
    assert_eq!(transfers::upload(&ctx, &job, &Counter::default()).await.unwrap().parts, 0);
    let empty = dir.path().join("empty");
    std::fs::write(&empty, b"").unwrap();
    transfers::upload(&ctx, &upload_job(&empty, &bucket, "empty"), &Counter::default()).await.unwrap();

    let peer = server.peer();
    let head = peer.head_object().bucket(&bucket).key("odd/ünï cødé+%#.json").send().await.unwrap();
    assert_eq!((head.content_length(), head.content_type()), (Some(1000), Some("application/json")));
    let tags = peer.get_object_tagging().bucket(&bucket).key("odd/ünï cødé+%#.json").send().await.unwrap();
    assert_eq!(tags.tag_set().iter().map(|t| (t.key(), t.value())).collect::<Vec<_>>(), [("team", "r&d")]);
    assert_eq!(peer.head_object().bucket(&bucket).key("empty").send().await.unwrap().content_length(), Some(0));
    let back = dir.path().join("empty.back");
    transfers::download(&ctx, &download_job(&bucket, "empty", back.clone()), &Counter::default()).await.unwrap();
    assert_eq!(std::fs::read(&back).unwrap(), b"", "an empty object downloads as an empty file");

    let long = "k".repeat(1025);
    let err = transfers::upload(&ctx, &upload_job(&data, &bucket, &long), &Counter::default()).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidInput { field: "key" });
    let missing = dir.path().join("missing");
    let err = transfers::upload(&ctx, &upload_job(&missing, &bucket, "m"), &Counter::default()).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::LocalFile);
}

#[tokio::test]
async fn transfers_survive_connections_cut_mid_request() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "big.bin", 21 * MIB as usize);
    let proxy =
        FaultyProxy::start(&server.endpoint, Faults { drop_every: 2, drop_after: 3 * MIB, bytes_per_second: None });
    let rig = Rig::new(
        session_with(&proxy.endpoint, &server.access_key, &server.secret_key).await,
        dir.path().join("journal"),
        4,
    );
    let ctx = rig.ctx();

    transfers::upload(&ctx, &upload_job(&source, &bucket, "big.bin"), &Counter::default()).await.unwrap();
    let back = dir.path().join("back.bin");
    transfers::download(&ctx, &download_job(&bucket, "big.bin", back.clone()), &Counter::default()).await.unwrap();

    assert!(proxy.dropped() > 0, "the proxy did cut connections");
    assert!(std::fs::read(&back).unwrap() == std::fs::read(&source).unwrap(), "byte-identical despite the cuts");
}

#[tokio::test]
async fn cancelling_aborts_the_upload_so_no_parts_remain() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "slow.bin", 30 * MIB as usize);
    let rig = Rig::slow(server, dir.path(), 2).await;
    let ctx = rig.ctx();

    let job = upload_job(&source, &bucket, "slow.bin");
    let progress = Counter::default();
    let result = once(transfers::upload(&ctx, &job, &progress), || progress.get() > 0, || rig.cancel.cancel()).await;

    assert_eq!(result.unwrap_err().kind(), &ErrorKind::Cancelled);
    assert_eq!(unfinished_uploads(server, &bucket).await, 0, "ListMultipartUploads shows nothing after cancel");
    assert!(rig.journal.entries().unwrap().is_empty());
}

/// This test binary, to run only the ignored test `name` (the engine in another process),
/// reaching `server` at `endpoint`; the child reads what else it needs from CHILD_* variables.
fn child(name: &str, server: &Server, endpoint: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", name, "--ignored", "--nocapture"])
        .env("CHILD_ENDPOINT", endpoint)
        .env("CHILD_ACCESS_KEY", &server.access_key)
        .env("CHILD_SECRET_KEY", &server.secret_key);
    command
}

/// The session a child made with [`child`] uses.
async fn child_session() -> Session {
    let var = |name: &str| std::env::var(name).unwrap();
    session_with(&var("CHILD_ENDPOINT"), &var("CHILD_ACCESS_KEY"), &var("CHILD_SECRET_KEY")).await
}

/// The engine in another process, uploading slowly through a throttling proxy until the
/// parent kills it. Run by [`interrupted_upload`].
#[tokio::test]
#[ignore = "run in a child process by the resume tests"]
async fn upload_until_killed() {
    let var = |name: &str| std::env::var(name).unwrap();
    let session = child_session().await;
    let rig = Rig::new(session, var("CHILD_JOURNAL"), 1);
    let ctx = Context { settings: Settings { concurrency: 1, ..SETTINGS }, ..rig.ctx() };
    let job = upload_job(Path::new(&var("CHILD_FILE")), &var("CHILD_BUCKET"), "resumed.bin");
    transfers::upload(&ctx, &job, &Counter::default()).await.unwrap();
}

/// Starts [`upload_until_killed`] in a child and SIGKILLs it once its journal records three
/// finished parts; returns the journal folder.
fn interrupted_upload(server: &Server, bucket: &str, source: &Path, dir: &Path) -> PathBuf {
    let slow = Faults { bytes_per_second: Some(10 * MIB), ..Faults::default() };
    let proxy = FaultyProxy::start(&server.endpoint, slow);
    let journal = dir.join("journal");
    let mut child: Child = child("transfers::upload_until_killed", server, &proxy.endpoint)
        .env("CHILD_JOURNAL", &journal)
        .env("CHILD_FILE", source)
        .env("CHILD_BUCKET", bucket)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let recorded = std::fs::read_dir(&journal)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|f| std::fs::read_to_string(f.path()).ok())
            .map(|text| text.lines().count().saturating_sub(1))
            .max()
            .unwrap_or(0);
        if recorded >= 3 {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the child finished before it could be killed");
        assert!(Instant::now() < deadline, "the child recorded no parts within a minute");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up.
    child.wait().unwrap();
    journal
}

#[tokio::test]
async fn a_killed_upload_resumes_sending_only_the_missing_parts() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "resumed.bin", 40 * MIB as usize);
    let journal_dir = interrupted_upload(server, &bucket, &source, dir.path());
    let entry = Journal::open(&journal_dir).unwrap().entries().unwrap().pop().expect("the killed upload is journalled");
    let journalled = entry.parts.len();
    let held = server.peer().list_parts().bucket(&bucket).key("resumed.bin").upload_id(&entry.upload_id);
    let held = held.send().await.unwrap().parts().len();
    assert!((3..8).contains(&journalled), "the child sent some parts but not all 8 ({journalled})");
    assert!(held >= journalled, "S3 holds every journalled part ({held} ≥ {journalled})");

    let calls = CountOperations::default();
    let counter = calls.clone();
    let session =
        Session::open_with(server.target(), Timeouts::default(), move |s3| s3.interceptor(counter)).await.unwrap();
    let rig = Rig::new(session, journal_dir, 4);
    let ctx = rig.ctx();
    let uploaded = transfers::resume(&ctx, &entry.id, &Counter::default()).await.unwrap();

    assert_eq!(uploaded.parts, 8);
    // SeaweedFS's ListParts gives no checksums, so a part the child sent but did not live
    // to journal is sent again: its CRC32C is needed to complete.
    assert_eq!(calls.get("UploadPart"), 8 - journalled, "only the missing parts are sent");
    assert_eq!(uploaded.parts_sent as usize, 8 - journalled);
    let back = dir.path().join("back.bin");
    transfers::download(&ctx, &download_job(&bucket, "resumed.bin", back.clone()), &Counter::default()).await.unwrap();
    assert!(std::fs::read(&back).unwrap() == std::fs::read(&source).unwrap(), "byte-identical");
    assert!(rig.journal.entries().unwrap().is_empty());
}

/// The engine in another process, downloading slowly through a throttling proxy until the
/// parent kills it. Run by [`interrupted_download`].
#[tokio::test]
#[ignore = "run in a child process by the download resume tests"]
async fn download_until_killed() {
    let var = |name: &str| std::env::var(name).unwrap();
    let session = child_session().await;
    let rig = Rig::new(session, var("CHILD_JOURNAL"), 1);
    let ctx = Context { settings: Settings { concurrency: 1, ..SETTINGS }, ..rig.ctx() };
    let job = download_job(&var("CHILD_BUCKET"), "big.bin", PathBuf::from(var("CHILD_DESTINATION")));
    transfers::download(&ctx, &job, &Counter::default()).await.unwrap();
}

/// Starts [`download_until_killed`] in a child and SIGKILLs it once three ranges are
/// recorded beside the temporary file; returns how many were recorded by then. The proxy is
/// slow enough that 40 MiB take 10 s: the first record is made after five.
fn interrupted_download(server: &Server, bucket: &str, destination: &Path) -> usize {
    let slow = Faults { bytes_per_second: Some(4 * MIB), ..Faults::default() };
    let proxy = FaultyProxy::start(&server.endpoint, slow);
    let mut child: Child = child("transfers::download_until_killed", server, &proxy.endpoint)
        .env("CHILD_JOURNAL", destination.parent().unwrap().with_file_name("child-journal"))
        .env("CHILD_BUCKET", bucket)
        .env("CHILD_DESTINATION", destination)
        .spawn()
        .unwrap();
    let log = destination.with_file_name(".big.bin.s3desk-partial.log");
    let recorded = || std::fs::read_to_string(&log).map_or(0, |text| text.matches('\n').count().saturating_sub(1));
    let deadline = Instant::now() + Duration::from_secs(60);
    while recorded() < 3 {
        assert!(child.try_wait().unwrap().is_none(), "the child finished before it could be killed");
        assert!(Instant::now() < deadline, "the child recorded no ranges within a minute");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up.
    child.wait().unwrap();
    recorded()
}

/// A session that counts its S3 operations.
async fn counted(server: &Server) -> (Session, CountOperations) {
    let calls = CountOperations::default();
    let counter = calls.clone();
    (Session::open_with(server.target(), Timeouts::default(), move |s3| s3.interceptor(counter)).await.unwrap(), calls)
}

#[tokio::test]
async fn a_killed_download_continues_with_only_the_missing_ranges() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "big.bin", 40 * MIB as usize);
    let rig = Rig::direct(server, dir.path(), 4).await;
    transfers::upload(&rig.ctx(), &upload_job(&source, &bucket, "big.bin"), &Counter::default()).await.unwrap();
    let destination = dir.path().join("down").join("big.bin");
    let recorded = interrupted_download(server, &bucket, &destination);
    assert!((3..8).contains(&recorded), "the child fetched some ranges but not all 8 ({recorded})");
    assert!(!destination.exists(), "nothing is at the destination until every byte is");
    let child_journal = Journal::open(dir.path().join("child-journal")).unwrap();
    let listed: Vec<_> = child_journal.downloads().into_iter().map(|d| d.job.destination).collect();
    assert_eq!(listed, std::slice::from_ref(&destination), "listed as unfinished, for after a restart");

    let (session, calls) = counted(server).await;
    let rig = Rig { session, journal: child_journal, pool: Pool::new(4), cancel: CancellationToken::new() };
    let progress = Counter::default();
    transfers::download(&rig.ctx(), &download_job(&bucket, "big.bin", destination.clone()), &progress).await.unwrap();
    assert!(rig.journal.downloads().is_empty(), "no longer listed once complete");
    assert_eq!(calls.get("GetObject"), 8 - recorded, "only the missing ranges are fetched");
    assert_eq!(progress.get(), 40 * MIB, "progress counts what was already there");
    assert!(std::fs::read(&destination).unwrap() == std::fs::read(&source).unwrap(), "byte-identical");
    let left: Vec<_> =
        std::fs::read_dir(destination.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left, [std::ffi::OsString::from("big.bin")], "the temporary file and its record are gone");
}

#[tokio::test]
async fn a_download_whose_object_was_replaced_meanwhile_starts_afresh() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::direct(server, dir.path(), 4).await;
    let first = file_of(dir.path(), "big.bin", 40 * MIB as usize);
    transfers::upload(&rig.ctx(), &upload_job(&first, &bucket, "big.bin"), &Counter::default()).await.unwrap();
    let destination = dir.path().join("down").join("big.bin");
    interrupted_download(server, &bucket, &destination);

    let second = file_of(dir.path(), "second.bin", 12 * MIB as usize);
    transfers::upload(&rig.ctx(), &upload_job(&second, &bucket, "big.bin"), &Counter::default()).await.unwrap();
    let progress = Counter::default();
    transfers::download(&rig.ctx(), &download_job(&bucket, "big.bin", destination.clone()), &progress).await.unwrap();
    assert!(std::fs::read(&destination).unwrap() == std::fs::read(&second).unwrap(), "the new object, whole");
    assert_eq!(progress.get(), 12 * MIB);
}

/// The engine in another process whose files may not grow past 4 MiB (RLIMIT_FSIZE: the
/// kernel refuses as a full disk would): downloads a 12 MiB object, then a small one, and
/// prints how each ended. Run by the full-disk test.
#[tokio::test]
#[ignore = "run in a child process by the full-disk test"]
async fn downloads_onto_a_full_disk() {
    let var = |name: &str| std::env::var(name).unwrap();
    let session = child_session().await;
    let dir = PathBuf::from(var("CHILD_DIR"));
    let rig = Rig::new(session, dir.join("journal"), 4);
    for key in ["big.bin", "small.txt"] {
        let job = download_job(&var("CHILD_BUCKET"), key, dir.join("down").join(key));
        match transfers::download(&rig.ctx(), &job, &Counter::default()).await {
            Ok(_) => println!("RESULT {key} done"),
            Err(e) => println!("RESULT {key} {:?}: {}", e.kind(), e.message()),
        }
    }
}

#[tokio::test]
async fn a_full_disk_fails_that_download_plainly_and_the_next_still_arrives() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::direct(server, dir.path(), 4).await;
    let big = file_of(dir.path(), "big.bin", 12 * MIB as usize);
    let small = file_of(dir.path(), "small.txt", 1000);
    for (source, key) in [(&big, "big.bin"), (&small, "small.txt")] {
        transfers::upload(&rig.ctx(), &upload_job(source, &bucket, key), &Counter::default()).await.unwrap();
    }
    // SIGXFSZ ignored (inherited through exec), so writes past the limit fail with EFBIG.
    let plain = child("transfers::downloads_onto_a_full_disk", server, &server.endpoint);
    let limited = r#"trap '' XFSZ; exec prlimit --fsize=4194304 "$@""#;
    let out = Command::new("sh")
        .args(["-c", limited, "sh"])
        .arg(plain.get_program())
        .args(plain.get_args())
        .envs(plain.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("CHILD_DIR", dir.path())
        .env("CHILD_BUCKET", &bucket)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let results: Vec<&str> = stdout.lines().filter_map(|l| l.strip_prefix("RESULT ")).collect();
    assert_eq!(results.len(), 2, "both downloads ended: {stdout}");
    assert!(results[0].starts_with("big.bin LocalFile: Could not make room for"), "{}", results[0]);
    assert!(results[0].contains("big.bin.s3desk-partial"), "names the file: {}", results[0]);
    assert_eq!(results[1], "small.txt done", "the next file carries on");
    let down = dir.path().join("down");
    assert_eq!(std::fs::read(down.join("small.txt")).unwrap(), std::fs::read(&small).unwrap());
    let left: Vec<_> = std::fs::read_dir(&down).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left, [std::ffi::OsString::from("small.txt")], "nothing half-written is left of big.bin");
}

/// A small file system of its own, mounted for a test and unmounted after it (tmpfs, as
/// root: CI's machine runs the tests as root). Unlike a file-size limit, it lets a sparse
/// file of any size be made and fails only the writes: the way a real disk fills up.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size_mib: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size_mib}M"), "tmpfs"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(mounted.success(), "mounting a {size_mib} MiB tmpfs needs root (as CI runs the tests)");
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[tokio::test]
async fn a_download_that_fills_the_disk_gives_the_space_back_and_names_the_file() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::direct(server, dir.path(), 4).await;
    let big = file_of(dir.path(), "big.bin", 30 * MIB as usize);
    let small = file_of(dir.path(), "small.bin", 6 * MIB as usize);
    for (source, key) in [(&big, "big.bin"), (&small, "small.bin")] {
        transfers::upload(&rig.ctx(), &upload_job(source, &bucket, key), &Counter::default()).await.unwrap();
    }
    let disk = SmallDisk::mount(20);
    let destination = disk.path().join("big.bin");
    let err =
        transfers::download(&rig.ctx(), &download_job(&bucket, "big.bin", destination.clone()), &Counter::default())
            .await
            .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::LocalFile);
    assert_eq!(err.message(), format!("{} could not be written: the disk is full.", destination.display()));
    assert!(err.hint().unwrap().contains("Free 30 MiB"), "{:?}", err.hint());
    let left: Vec<_> = std::fs::read_dir(disk.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(left.is_empty(), "no partial download holds the space: {left:?}");
    assert!(rig.journal.downloads().is_empty(), "nothing is offered to continue");

    // The space came back: a download that fits arrives.
    let fits = disk.path().join("small.bin");
    transfers::download(&rig.ctx(), &download_job(&bucket, "small.bin", fits.clone()), &Counter::default())
        .await
        .unwrap();
    assert_eq!(std::fs::read(&fits).unwrap(), std::fs::read(&small).unwrap());
}

#[tokio::test]
async fn a_file_changed_since_its_upload_started_is_not_resumed() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "resumed.bin", 40 * MIB as usize);
    interrupted_upload(server, &bucket, &source, dir.path());
    std::fs::OpenOptions::new().append(true).open(&source).unwrap().set_len(40 * MIB + 1).unwrap();

    let rig = Rig::direct(server, dir.path(), 4).await;
    let ctx = rig.ctx();
    let entry = rig.journal.entries().unwrap().pop().unwrap();
    let err = transfers::resume(&ctx, &entry.id, &Counter::default()).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::LocalFile);
    assert!(err.message().contains("changed since its upload started"), "{}", err.message());
    assert_eq!(rig.journal.entries().unwrap().len(), 1, "nothing was discarded silently");

    // Uploading the file again starts afresh and aborts the stale upload.
    let uploaded = transfers::upload(&ctx, &upload_job(&source, &bucket, "resumed.bin"), &Counter::default()).await;
    assert_eq!(uploaded.unwrap().parts_sent, 9);
    assert_eq!(unfinished_uploads(server, &bucket).await, 0, "the stale upload was aborted");
}

#[tokio::test]
async fn a_download_never_replaces_a_file_unless_asked() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::direct(server, dir.path(), 4).await;
    let ctx = rig.ctx();
    let source = file_of(dir.path(), "a.txt", 10);
    transfers::upload(&ctx, &upload_job(&source, &bucket, "a.txt"), &Counter::default()).await.unwrap();

    let existing = dir.path().join("mine.txt");
    std::fs::write(&existing, b"keep me").unwrap();
    let mut job = download_job(&bucket, "a.txt", existing.clone());
    let err = transfers::download(&ctx, &job, &Counter::default()).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");
    job.overwrite = true;
    transfers::download(&ctx, &job, &Counter::default()).await.unwrap();
    assert_eq!(std::fs::read(&existing).unwrap(), std::fs::read(&source).unwrap());

    let missing = download_job(&bucket, "nope", dir.path().join("n"));
    let err = transfers::download(&ctx, &missing, &Counter::default()).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::NoSuchKey);
    assert!(!dir.path().join(".n.s3desk-partial").exists());
}

#[tokio::test]
async fn a_file_that_grows_during_its_upload_is_reported() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "log.bin", 12 * MIB as usize);
    let rig = Rig::slow(server, dir.path(), 2).await;
    let ctx = rig.ctx();

    let (job, progress) = (upload_job(&source, &bucket, "log.bin"), Counter::default());
    // The file grows once its first bytes are on their way, as a log being written does.
    let grow = || {
        use std::io::Write;
        std::fs::OpenOptions::new().append(true).open(&source).unwrap().write_all(b"more lines\n").unwrap();
    };
    let result = once(transfers::upload(&ctx, &job, &progress), || progress.get() > 0, grow).await;
    let err = result.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::LocalFile);
    assert!(err.message().contains("changed while it was being uploaded"), "{}", err.message());
}

#[tokio::test]
async fn a_multipart_upload_carries_its_tags_metadata_and_type() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "table.parquet", 12 * MIB as usize);
    let rig = Rig::direct(server, dir.path(), 4).await;
    let ctx = rig.ctx();
    let mut job = upload_job(&source, &bucket, "tables/t.parquet");
    job.options = ObjectOptions {
        content_type: Some("application/vnd.apache.parquet".into()),
        metadata: [("origin".to_owned(), "lab 7".to_owned())].into(),
        tags: vec![("team".into(), "data science".into()), ("stage".into(), "v1.2:final".into())],
        ..Default::default()
    };
    assert_eq!(transfers::upload(&ctx, &job, &Counter::default()).await.unwrap().parts, 3);

    let peer = server.peer();
    let head = peer.head_object().bucket(&bucket).key("tables/t.parquet").send().await.unwrap();
    assert_eq!(head.content_type(), Some("application/vnd.apache.parquet"));
    assert_eq!(head.metadata().and_then(|m| m.get("origin")).map(String::as_str), Some("lab 7"));
    let tags = peer.get_object_tagging().bucket(&bucket).key("tables/t.parquet").send().await.unwrap();
    let mut tags: Vec<_> = tags.tag_set().iter().map(|t| (t.key(), t.value())).collect();
    tags.sort();
    assert_eq!(tags, [("stage", "v1.2:final"), ("team", "data science")]);
}

#[tokio::test]
async fn a_paused_upload_keeps_its_parts_and_resumes() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "paused.bin", 30 * MIB as usize);
    let rig = Rig::slow(server, dir.path(), 2).await;
    let pause = CancellationToken::new();
    let ctx = Context { pause: Some(&pause), ..rig.ctx() };

    let (job, progress) = (upload_job(&source, &bucket, "paused.bin"), Counter::default());
    // Once a part is sent (and journalled), so that Resume has something to skip.
    let a_part_sent = || rig.journal.entries().unwrap().iter().any(|e| !e.parts.is_empty());
    let result = once(transfers::upload(&ctx, &job, &progress), a_part_sent, || {
        pause.cancel();
        rig.cancel.cancel();
    })
    .await;
    assert_eq!(result.unwrap_err().kind(), &ErrorKind::Paused);
    assert_eq!(unfinished_uploads(server, &bucket).await, 1, "the upload is kept on the server");
    let entry = rig.journal.entries().unwrap().pop().expect("and in the journal");

    let rig = Rig::direct(server, dir.path(), 2).await;
    let ctx = rig.ctx();
    let resumed = transfers::resume(&ctx, &entry.id, &Counter::default()).await.unwrap();
    assert!(resumed.parts_sent < resumed.parts, "only what was not sent ({} of {})", resumed.parts_sent, resumed.parts);
    let back = dir.path().join("back.bin");
    transfers::download(&ctx, &download_job(&bucket, "paused.bin", back.clone()), &Counter::default()).await.unwrap();
    assert!(std::fs::read(&back).unwrap() == std::fs::read(&source).unwrap());
}

/// With the largest part size S3 allows, an object of tens of MiB counts as "small" next to
/// a part; it still streams to disk as it arrives rather than gathering in memory first:
/// its bytes land (and are counted) while it downloads, not all at the end.
#[tokio::test]
async fn a_small_download_streams_to_disk_whatever_the_part_size() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = file_of(dir.path(), "mid.bin", 24 * MIB as usize);
    let direct = Rig::direct(server, dir.path(), 4).await;
    transfers::upload(&direct.ctx(), &upload_job(&source, &bucket, "mid.bin"), &Counter::default()).await.unwrap();

    let rig = Rig::slow(server, dir.path(), 4).await;
    let huge_parts =
        Settings { part_size: 5120 * MIB, multipart_threshold: 5120 * MIB, range_size: 64 * MIB, ..SETTINGS };
    let ctx = Context { settings: huge_parts, ..rig.ctx() };
    let progress = Counter::default();
    let back = dir.path().join("back.bin");
    let mut seen_mid_way = 0;
    once(
        transfers::download(&ctx, &download_job(&bucket, "mid.bin", back.clone()), &progress),
        || progress.get() > 0,
        || seen_mid_way = progress.get(),
    )
    .await
    .unwrap();
    assert!(seen_mid_way > 0 && seen_mid_way < 24 * MIB, "bytes landed while it downloaded: {seen_mid_way}");
    assert_eq!(std::fs::read(&back).unwrap(), std::fs::read(&source).unwrap());
}
