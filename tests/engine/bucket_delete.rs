//! Counting, emptying and deleting buckets: every object, version, delete marker and
//! unfinished upload goes, 1000 keys per call, and cancelling keeps the rest.

use std::time::Duration;

use aws_sdk_s3::primitives::ByteStream;
use s3desk_engine::buckets::{self, CreateBucket};
use s3desk_engine::{ErrorKind, Session, Timeouts};
use s3desk_tests::{moto, seaweed, unique_bucket, CountOperations, Server};
use tokio_util::sync::CancellationToken;

use crate::support::session;

async fn make_bucket(server: &Server, versioning: bool) -> String {
    let name = unique_bucket("empty-me");
    let request = CreateBucket { versioning, ..CreateBucket::private(name.clone(), "us-east-1") };
    buckets::create(&session(server).await, &request).await.unwrap();
    name
}

#[tokio::test]
async fn a_versioned_bucket_with_markers_and_uploads_is_emptied_and_deleted() {
    let server = moto();
    let name = make_bucket(server, true).await;
    let peer = server.peer();
    for body in ["one", "two"] {
        peer.put_object()
            .bucket(&name)
            .key("report.csv")
            .body(ByteStream::from_static(body.as_bytes()))
            .send()
            .await
            .unwrap();
    }
    peer.put_object().bucket(&name).key("gone.txt").body(ByteStream::from_static(b"x")).send().await.unwrap();
    peer.delete_object().bucket(&name).key("gone.txt").send().await.unwrap();
    peer.create_multipart_upload().bucket(&name).key("big.bin").send().await.unwrap();

    let session = session(server).await;
    let contents = buckets::count(&session, &name, "us-east-1", Duration::from_secs(30)).await.unwrap();
    assert_eq!(
        (contents.objects, contents.versions, contents.delete_markers, contents.uploads, contents.complete),
        (1, 2, 1, 1, true),
        "current report.csv; its old version and gone.txt's; gone.txt's marker; one upload: {contents:?}"
    );

    let err = buckets::delete(&session, &name, "us-east-1").await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BucketNotEmpty, "{err}");
    assert!(err.hint().unwrap().contains("old versions"), "the hint says what still counts: {:?}", err.hint());

    let mut reports = Vec::new();
    let emptied =
        buckets::empty(&session, &name, "us-east-1", &CancellationToken::new(), |p| reports.push(p)).await.unwrap();
    assert_eq!((emptied.progress.deleted, emptied.progress.uploads_aborted), (4, 1), "{emptied:?}");
    assert!(emptied.failures.is_empty() && !emptied.cancelled);
    assert!(!reports.is_empty(), "progress was reported");

    buckets::delete(&session, &name, "us-east-1").await.unwrap();
    let head = peer.head_bucket().bucket(&name).send().await;
    assert!(head.is_err(), "the bucket is gone");
}

#[tokio::test]
async fn one_thousand_and_five_objects_take_two_delete_calls() {
    let server = seaweed();
    let name = make_bucket(server, false).await;
    server.put_many(&name, 1005).await;

    let calls = CountOperations::default();
    let counter = calls.clone();
    let session =
        Session::open_with(server.target(), Timeouts::default(), move |s3| s3.interceptor(counter)).await.unwrap();
    let emptied = buckets::empty(&session, &name, "us-east-1", &CancellationToken::new(), |_| {}).await.unwrap();

    assert_eq!(emptied.progress.deleted, 1005);
    assert_eq!(
        calls.get("DeleteObjects"),
        2,
        "DeleteObjects takes 1000 keys a call: 1005 keys need 2: {:?}",
        calls.all()
    );
    assert_eq!(calls.get("DeleteObject"), 0, "never one call per key");
    buckets::delete(&session, &name, "us-east-1").await.unwrap();
}

#[tokio::test]
async fn cancelling_keeps_what_was_not_reached() {
    let server = seaweed();
    let name = make_bucket(server, false).await;
    server.put_many(&name, 1500).await;

    let session = session(server).await;
    let cancel = CancellationToken::new();
    let emptied = buckets::empty(&session, &name, "us-east-1", &cancel, |_| cancel.cancel()).await.unwrap();

    assert!(emptied.cancelled);
    assert_eq!(emptied.progress.deleted, 1000, "the batch in flight finishes; no other starts");
    let left = buckets::count(&session, &name, "us-east-1", Duration::from_secs(30)).await.unwrap();
    assert_eq!(left.objects, 500, "the rest is intact");
}
