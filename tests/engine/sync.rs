//! Sync against SeaweedFS (and moto for a versioned bucket): the plan says what the run
//! does, request for request; a second sync of what did not change makes only list requests;
//! each comparison decides as it says; nothing is deleted unasked, nor anything changed
//! since the preview; downloads take their object's time.

use std::path::Path;
use std::time::{Duration, SystemTime};

use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::sync::{self, Action, Compare, Direction, Options, Plan, Report, Sides};
use s3desk_engine::transfers::batch::Batch;
use s3desk_engine::transfers::{Journal, Pool, Settings};
use s3desk_engine::{ErrorKind, Operations, Session, Timeouts};
use s3desk_tests::{moto, seaweed, unique_bucket, CountOperations, Server};
use tokio_util::sync::CancellationToken;

const SETTINGS: Settings = crate::support::SMALL_PARTS;

/// A session whose requests are counted, with what a sync runs with.
struct Rig {
    session: Session,
    calls: CountOperations,
    journal: Journal,
    pool: Pool,
    operations: Operations,
    bucket: String,
    _dir: tempfile::TempDir,
}

impl Rig {
    async fn new(server: &Server) -> Self {
        let calls = CountOperations::default();
        let counter = calls.clone();
        let session =
            Session::open_with(server.target(), Timeouts::default(), move |s3| s3.interceptor(counter)).await.unwrap();
        let bucket = unique_bucket("sync");
        server.peer().create_bucket().bucket(&bucket).send().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        Self {
            session,
            calls,
            journal: Journal::open(dir.path().join("journal")).unwrap(),
            pool: Pool::new(SETTINGS.concurrency),
            operations: Operations::default(),
            bucket,
            _dir: dir,
        }
    }

    async fn plan(&self, folder: &Path, direction: Direction, options: &Options) -> Plan {
        let sides = Sides { folder, bucket: &self.bucket, region: "us-east-1", prefix: "backup" };
        sync::plan(&self.session, sides, direction, options, &SETTINGS, &CancellationToken::new()).await.unwrap()
    }

    async fn run(&self, plan: &Plan) -> Report {
        let cancel = self.operations.start("sync");
        let batch = Batch {
            id: "sync",
            cancel: &cancel,
            session: &self.session,
            settings: SETTINGS,
            pool: &self.pool,
            journal: &self.journal,
            operations: &self.operations,
        };
        sync::run(batch, &ConnectionRef::Sandbox, plan, |_| {}).await
    }

    /// The requests made since the last call, by operation.
    fn requests(&self) -> std::collections::BTreeMap<String, usize> {
        let all = self.calls.all();
        self.calls.reset();
        all
    }
}

fn actions(plan: &Plan) -> Vec<(String, Action)> {
    plan.items.iter().map(|i| (i.name.clone(), i.action)).collect()
}

/// Writes `body` to `path` with a modification time `seconds` from now.
fn write(path: &Path, body: &[u8], seconds: i64) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
    let when = if seconds >= 0 {
        SystemTime::now() + Duration::from_secs(seconds as u64)
    } else {
        SystemTime::now() - Duration::from_secs((-seconds) as u64)
    };
    std::fs::File::options().write(true).open(path).unwrap().set_modified(when).unwrap();
}

async fn keys(server: &Server, bucket: &str) -> Vec<String> {
    let listed = server.peer().list_objects_v2().bucket(bucket).send().await.unwrap();
    listed.contents().iter().filter_map(|o| o.key().map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_folder_synced_up_sends_what_changed_and_a_second_sync_only_lists() {
    let server = seaweed();
    let rig = Rig::new(server).await;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("photos");
    for name in ["a.jpg", "b.jpg", "2024/c.jpg", "2024/summer/d.jpg", "skip.tmp"] {
        write(&root.join(name), name.as_bytes(), -60);
    }
    let options = Options { excludes: vec!["*.tmp".into()], ..Options::default() };

    let plan = rig.plan(&root, Direction::Up, &options).await;
    assert_eq!(plan.totals.new, 4, "{:?}", actions(&plan));
    let _ = rig.requests();
    let report = rig.run(&plan).await;
    assert_eq!((report.transfers.done, report.transfers.failed), (4, 0));
    assert_eq!(
        rig.requests().get("PutObject").copied().unwrap_or(0) as u64,
        plan.totals.requests_to_make,
        "the preview counted the run's requests"
    );
    let mut stored = keys(server, &rig.bucket).await;
    stored.sort();
    assert_eq!(stored, ["backup/2024/c.jpg", "backup/2024/summer/d.jpg", "backup/a.jpg", "backup/b.jpg"]);
    let head = server.peer().head_object().bucket(&rig.bucket).key("backup/a.jpg").send().await.unwrap();
    assert!(head.metadata().is_some_and(|m| m.contains_key("mtime")), "the file's time travels with it");

    // Nothing changed: only list requests.
    let plan = rig.plan(&root, Direction::Up, &options).await;
    assert_eq!((plan.totals.same, plan.totals.new, plan.totals.changed), (4, 0, 0));
    let requests = rig.requests();
    assert_eq!(requests.keys().collect::<Vec<_>>(), ["ListObjectsV2"], "no HEAD per object: {requests:?}");

    // One changed (now, and larger), one added, one deleted locally.
    write(&root.join("a.jpg"), b"a new picture", 0);
    write(&root.join("e.jpg"), b"e", -60);
    std::fs::remove_file(root.join("b.jpg")).unwrap();
    let plan = rig.plan(&root, Direction::Up, &options).await;
    assert_eq!(
        actions(&plan).into_iter().filter(|(_, a)| *a != Action::Same).collect::<Vec<_>>(),
        [("a.jpg".into(), Action::Changed), ("b.jpg".into(), Action::Extra), ("e.jpg".into(), Action::New)]
    );
    assert_eq!(plan.totals.deleted, 0, "deleting is off unless asked");
    let report = rig.run(&plan).await;
    assert_eq!((report.transfers.done, report.deleted), (2, 0));
    assert!(keys(server, &rig.bucket).await.contains(&"backup/b.jpg".to_owned()), "the extra stays");

    let deleting = Options { delete: true, ..options };
    let plan = rig.plan(&root, Direction::Up, &deleting).await;
    assert_eq!((plan.totals.deleted, plan.totals.new + plan.totals.changed), (1, 0));
    let _ = rig.requests();
    let report = rig.run(&plan).await;
    assert_eq!(report.deleted, 1);
    assert_eq!(rig.requests().values().sum::<usize>() as u64, plan.totals.requests_to_make);
    assert!(!keys(server, &rig.bucket).await.contains(&"backup/b.jpg".to_owned()));
}

#[tokio::test]
async fn a_prefix_synced_down_takes_the_objects_times_so_the_next_sync_does_nothing() {
    let server = seaweed();
    let rig = Rig::new(server).await;
    for (key, body) in [("backup/x.csv", "1,2\n"), ("backup/deep/y.csv", "3,4\n"), ("elsewhere.csv", "no")] {
        server
            .peer()
            .put_object()
            .bucket(&rig.bucket)
            .key(key)
            .body(body.as_bytes().to_vec().into())
            .send()
            .await
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("data");
    let plan = rig.plan(&into, Direction::Down, &Options::default()).await;
    assert_eq!(plan.totals.new, 2);
    let report = rig.run(&plan).await;
    assert_eq!(report.transfers.done, 2);
    assert_eq!(std::fs::read_to_string(into.join("deep/y.csv")).unwrap(), "3,4\n");
    let head = server.peer().head_object().bucket(&rig.bucket).key("backup/x.csv").send().await.unwrap();
    let object_time = head.last_modified().unwrap().secs();
    let file_time = std::fs::metadata(into.join("x.csv")).unwrap().modified().unwrap();
    assert_eq!(
        file_time.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs() as i64,
        object_time,
        "the file has the object's time"
    );

    let plan = rig.plan(&into, Direction::Down, &Options::default()).await;
    assert_eq!((plan.totals.same, plan.totals.new, plan.totals.changed), (2, 0, 0));

    // A local file of another size is replaced; a local extra is deleted only when asked.
    write(&into.join("x.csv"), b"edited locally", -3600);
    write(&into.join("mine.txt"), b"keep?", -3600);
    let plan = rig.plan(&into, Direction::Down, &Options { delete: true, ..Options::default() }).await;
    assert_eq!(
        actions(&plan).into_iter().filter(|(_, a)| *a != Action::Same).collect::<Vec<_>>(),
        [("mine.txt".into(), Action::Extra), ("x.csv".into(), Action::Changed)]
    );
    let report = rig.run(&plan).await;
    assert_eq!((report.transfers.done, report.deleted), (1, 1), "{report:?}");
    assert_eq!(std::fs::read_to_string(into.join("x.csv")).unwrap(), "1,2\n");
    assert!(!into.join("mine.txt").exists());
}

#[tokio::test]
async fn each_comparison_decides_as_it_says() {
    let server = seaweed();
    let rig = Rig::new(server).await;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("set");
    write(&root.join("same.bin"), b"same bytes", -60);
    write(&root.join("edited.bin"), b"first text", -60);
    rig.run(&rig.plan(&root, Direction::Up, &Options::default()).await).await;
    // Touched (newer) with the same bytes; edited to other bytes of the same size and time.
    write(&root.join("same.bin"), b"same bytes", 120);
    write(&root.join("edited.bin"), b"other text", -60);

    let by = |compare| Options { compare, ..Options::default() };
    let time = rig.plan(&root, Direction::Up, &by(Compare::SizeAndTime)).await;
    assert_eq!(actions(&time), [("edited.bin".into(), Action::Same), ("same.bin".into(), Action::Changed)]);
    let content = rig.plan(&root, Direction::Up, &by(Compare::Content)).await;
    assert_eq!(
        actions(&content),
        [("edited.bin".into(), Action::Changed), ("same.bin".into(), Action::Same)],
        "never re-sends the same content"
    );
    let size = rig.plan(&root, Direction::Up, &by(Compare::Size)).await;
    assert_eq!(actions(&size), [("edited.bin".into(), Action::Same), ("same.bin".into(), Action::Same)]);
}

#[tokio::test]
async fn a_file_changed_after_the_preview_is_reported_and_nothing_is_deleted() {
    let server = seaweed();
    let rig = Rig::new(server).await;
    server
        .peer()
        .put_object()
        .bucket(&rig.bucket)
        .key("backup/old.txt")
        .body(b"old".to_vec().into())
        .send()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("notes.txt"), b"draft", -60);
    let plan = rig.plan(dir.path(), Direction::Up, &Options { delete: true, ..Options::default() }).await;
    assert_eq!((plan.totals.new, plan.totals.deleted), (1, 1));

    write(&dir.path().join("notes.txt"), b"draft, longer now", -30);
    let mut failed = Vec::new();
    let cancel = rig.operations.start("s");
    let batch = Batch {
        id: "s",
        cancel: &cancel,
        session: &rig.session,
        settings: SETTINGS,
        pool: &rig.pool,
        journal: &rig.journal,
        operations: &rig.operations,
    };
    let report = sync::run(batch, &ConnectionRef::Sandbox, &plan, |events| {
        for event in events {
            if let s3desk_engine::transfers::batch::Event::Finished {
                outcome: s3desk_engine::transfers::batch::Outcome::Failed { error, .. },
                ..
            } = event
            {
                failed.push(error);
            }
        }
    })
    .await;
    assert_eq!(report.transfers.failed, 1);
    assert_eq!(failed[0].kind(), &ErrorKind::ChangedMeanwhile);
    assert!(failed[0].message().contains("changed after the preview"), "{}", failed[0].message());
    assert_eq!(report.deletes_skipped, 1, "a sync with a failed transfer deletes nothing");
    assert_eq!(keys(server, &rig.bucket).await, ["backup/old.txt"], "nothing sent, nothing deleted");
}

#[tokio::test]
async fn deleting_in_a_versioned_bucket_is_said_to_keep_versions() {
    let server = moto();
    let rig = Rig::new(server).await;
    let enabled = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    server.peer().put_bucket_versioning().bucket(&rig.bucket).versioning_configuration(enabled).send().await.unwrap();
    server
        .peer()
        .put_object()
        .bucket(&rig.bucket)
        .key("backup/gone.txt")
        .body(b"x".to_vec().into())
        .send()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let kept = rig.plan(dir.path(), Direction::Up, &Options::default()).await;
    assert_eq!((kept.totals.extra, kept.totals.deleted, kept.versioned), (1, 0, false));
    let deleting = rig.plan(dir.path(), Direction::Up, &Options { delete: true, ..Options::default() }).await;
    assert_eq!((deleting.totals.deleted, deleting.versioned), (1, true));
    assert_eq!(rig.run(&deleting).await.deleted, 1);
    let versions = server.peer().list_object_versions().bucket(&rig.bucket).send().await.unwrap();
    assert_eq!(versions.versions().len(), 1, "the deleted object stays as a version");
}
