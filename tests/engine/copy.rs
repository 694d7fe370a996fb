//! Copy, move (rename) and restore: folders with awkward keys, the multipart copy used above
//! 5 GiB (exercised with lowered limits), and restoring an old version.

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{BucketVersioningStatus, Tag, VersioningConfiguration};
use s3desk_engine::objects::copy::{self, BucketAt, Copier, CopyItem, CopyLimits, Mode};
use s3desk_engine::parts::MIB;
use s3desk_engine::transfers::Pool;
use s3desk_engine::{ErrorKind, Session, Timeouts};
use s3desk_tests::{moto, seaweed, unique_bucket, CountOperations, Server};
use tokio_util::sync::CancellationToken;

use crate::support::session;

async fn bucket(server: &Server, objects: &[(&str, Vec<u8>)]) -> String {
    let name = unique_bucket("copy");
    let peer = server.peer();
    peer.create_bucket().bucket(&name).send().await.unwrap();
    for (key, body) in objects {
        peer.put_object().bucket(&name).key(*key).body(ByteStream::from(body.clone())).send().await.unwrap();
    }
    name
}

async fn body(server: &Server, bucket: &str, key: &str) -> Option<Vec<u8>> {
    let out = server.peer().get_object().bucket(bucket).key(key).send().await.ok()?;
    Some(out.body.collect().await.unwrap().to_vec())
}

fn item(source: &str, target: &str) -> CopyItem {
    CopyItem { source: source.into(), target: target.into() }
}

#[tokio::test]
async fn moving_a_folder_renames_every_key_under_it() {
    let server = seaweed();
    let keys = ["src/a b.txt", "src/ünï/ç+%#.txt", "src/deep/er/x.bin", "other.txt"];
    let objects: Vec<_> = keys.iter().map(|k| (*k, k.as_bytes().to_vec())).collect();
    let bucket = bucket(server, &objects).await;
    let session = session(server).await;
    let at = BucketAt { bucket: &bucket, region: "us-east-1" };

    let mut seen = Vec::new();
    let (pool, cancel) = (Pool::new(4), CancellationToken::new());
    let copier = Copier { session: &session, pool: &pool, cancel: &cancel, limits: CopyLimits::default() };
    let report =
        copy::copy(copier, at, at, &[item("src/", "dst/renamed/")], Mode::Move, |p| seen.push(p.copied)).await.unwrap();

    assert_eq!((report.progress.copied, report.progress.failed), (3, 0), "{:?}", report.failures);
    assert_eq!(seen, [1, 2, 3], "progress after each object");
    for key in &keys[..3] {
        let moved = key.replacen("src/", "dst/renamed/", 1);
        assert_eq!(body(server, &bucket, &moved).await.as_deref(), Some(key.as_bytes()), "{moved}");
        assert_eq!(body(server, &bucket, key).await, None, "{key} is gone from the old place");
    }
    assert!(body(server, &bucket, "other.txt").await.is_some(), "what was not selected stays");
}

#[tokio::test]
async fn large_objects_are_copied_part_by_part_with_metadata_and_tags() {
    let server = seaweed();
    let data: Vec<u8> = (0..12 * MIB as usize + 7).map(|i| (i * 31 % 251) as u8).collect();
    let (from, to) = (bucket(server, &[]).await, bucket(server, &[]).await);
    let peer = server.peer();
    peer.put_object()
        .bucket(&from)
        .key("model.bin")
        .content_type("application/x-model")
        .metadata("origin", "lab")
        .tagging("stage=final")
        .body(ByteStream::from(data.clone()))
        .send()
        .await
        .unwrap();

    let calls = CountOperations::default();
    let counter = calls.clone();
    let session =
        Session::open_with(server.target(), Timeouts::default(), move |s3| s3.interceptor(counter)).await.unwrap();
    // Above 5 MiB counts as "large" here, as above 5 GiB does for real.
    let limits = CopyLimits { single_request_max: 5 * MIB, part_size: 5 * MIB };
    let (pool, cancel) = (Pool::new(4), CancellationToken::new());
    let copier = Copier { session: &session, pool: &pool, cancel: &cancel, limits };
    let report = copy::copy(
        copier,
        BucketAt { bucket: &from, region: "us-east-1" },
        BucketAt { bucket: &to, region: "us-east-1" },
        &[item("model.bin", "copies/model.bin")],
        Mode::Copy,
        |_| {},
    )
    .await
    .unwrap();

    assert_eq!(report.progress.copied, 1, "{:?}", report.failures);
    assert_eq!(calls.get("UploadPartCopy"), 3, "12 MiB in 5 MiB parts");
    assert_eq!(calls.get("CopyObject"), 0);
    assert!(body(server, &to, "copies/model.bin").await == Some(data), "byte-identical");
    let head = peer.head_object().bucket(&to).key("copies/model.bin").send().await.unwrap();
    assert_eq!(head.content_type(), Some("application/x-model"));
    assert_eq!(head.metadata().and_then(|m| m.get("origin")).map(String::as_str), Some("lab"));
    let tags = peer.get_object_tagging().bucket(&to).key("copies/model.bin").send().await.unwrap();
    assert_eq!(tags.tag_set(), [Tag::builder().key("stage").value("final").build().unwrap()]);
    assert!(body(server, &from, "model.bin").await.is_some(), "a copy keeps the source");
}

#[tokio::test]
async fn copies_that_make_no_sense_are_refused_before_any_call() {
    let server = seaweed();
    let bucket = bucket(server, &[("a.txt", b"a".to_vec())]).await;
    let session = session(server).await;
    let at = BucketAt { bucket: &bucket, region: "us-east-1" };
    let (pool, cancel) = (Pool::new(4), CancellationToken::new());
    let copier = Copier { session: &session, pool: &pool, cancel: &cancel, limits: CopyLimits::default() };
    let copy =
        |items: Vec<CopyItem>| async move { copy::copy(copier, at, at, &items, Mode::Move, |_| {}).await.unwrap_err() };
    assert_eq!(copy(vec![item("a.txt", "a.txt")]).await.kind(), &ErrorKind::InvalidInput { field: "target" });
    assert_eq!(copy(vec![item("a/", "a/b/")]).await.kind(), &ErrorKind::InvalidInput { field: "target" });
    assert_eq!(copy(vec![item("missing.txt", "b.txt")]).await.kind(), &ErrorKind::NoSuchKey);
}

#[tokio::test]
async fn restoring_an_old_version_makes_it_current_again() {
    let server = moto();
    let bucket = bucket(server, &[]).await;
    let peer = server.peer();
    let enabled = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    peer.put_bucket_versioning().bucket(&bucket).versioning_configuration(enabled).send().await.unwrap();
    let mut versions = Vec::new();
    for text in ["first", "second"] {
        let out = peer.put_object().bucket(&bucket).key("doc.txt").body(ByteStream::from_static(text.as_bytes()));
        versions.push(out.send().await.unwrap().version_id.unwrap());
    }

    let session = session(server).await;
    let (pool, cancel) = (Pool::new(4), CancellationToken::new());
    let copier = Copier { session: &session, pool: &pool, cancel: &cancel, limits: CopyLimits::default() };
    copy::restore_version(copier, &bucket, "us-east-1", "doc.txt", &versions[0]).await.unwrap();

    assert_eq!(body(server, &bucket, "doc.txt").await.as_deref(), Some(&b"first"[..]));
    let listed = peer.list_object_versions().bucket(&bucket).send().await.unwrap();
    assert_eq!(listed.versions().len(), 3, "restoring adds a version and keeps the others");
}

/// Copies wait their turn in the transfers' pool: while a transfer holds every request the
/// pool allows, a copy sends nothing; cancelled while it waits, it copies nothing and fails
/// nothing.
#[tokio::test]
async fn copies_wait_their_turn_in_the_transfers_pool() {
    let server = seaweed();
    let bucket = bucket(server, &[("a.txt", b"a".to_vec()), ("b.txt", b"b".to_vec())]).await;
    let calls = CountOperations::default();
    let counter = calls.clone();
    let session =
        Session::open_with(server.target(), Timeouts::default(), move |s3| s3.interceptor(counter)).await.unwrap();
    let at = BucketAt { bucket: &bucket, region: "us-east-1" };
    let (pool, cancel) = (Pool::new(1), CancellationToken::new());
    // A transfer's request holds the pool's one place.
    let held = pool.permit(&CancellationToken::new()).await.unwrap();
    let copier = Copier { session: &session, pool: &pool, cancel: &cancel, limits: CopyLimits::default() };
    let items = [item("a.txt", "copies/a.txt")];
    let copying = copy::copy(copier, at, at, &items, Mode::Copy, |_| {});
    tokio::pin!(copying);
    let waited = tokio::time::timeout(std::time::Duration::from_millis(500), &mut copying).await;
    assert!(waited.is_err(), "the copy waits while the pool is full");
    assert_eq!(calls.get("CopyObject"), 0, "and has sent nothing");
    cancel.cancel();
    let report = copying.await.unwrap();
    assert!(report.cancelled, "{report:?}");
    assert_eq!((report.progress.copied, report.progress.failed), (0, 0), "{:?}", report.failures);
    assert_eq!(body(server, &bucket, "copies/a.txt").await, None);

    // Once the place is free, copies go.
    drop(held);
    let cancel = CancellationToken::new();
    let copier = Copier { session: &session, pool: &pool, cancel: &cancel, limits: CopyLimits::default() };
    let report = copy::copy(copier, at, at, &[item("b.txt", "copies/b.txt")], Mode::Copy, |_| {}).await.unwrap();
    assert_eq!(report.progress.copied, 1, "{:?}", report.failures);
}
