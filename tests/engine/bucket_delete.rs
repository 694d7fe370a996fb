//! Counting, emptying and deleting buckets: every object, version, delete marker and
//! unfinished upload goes, 1000 keys per call, and cancelling keeps the rest.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_s3::config::interceptors::BeforeSerializationInterceptorContextRef;
use aws_sdk_s3::config::{ConfigBag, Intercept};
use aws_sdk_s3::error::BoxError;
use aws_sdk_s3::operation::delete_objects::DeleteObjectsInput;
use aws_sdk_s3::primitives::ByteStream;
use futures_util::{stream, StreamExt};
use s3desk_engine::buckets::{self, CreateBucket, Ownership};
use s3desk_engine::{ErrorKind, Session};
use s3desk_tests::{moto, seaweed, unique_bucket, Server};
use tokio_util::sync::CancellationToken;

use crate::support::{session, target};

async fn make_bucket(server: &Server, versioning: bool) -> String {
    let name = unique_bucket("empty-me");
    let request = CreateBucket {
        name: name.clone(),
        region: "us-east-1".into(),
        ownership: Ownership::BucketOwnerEnforced,
        acl: None,
        grant_read: None,
        grant_write: None,
        block_public_access: true,
        object_lock: false,
        default_retention: None,
        versioning,
    };
    buckets::create(&session(server).await, &request).await.unwrap();
    name
}

async fn put_many(server: &Server, bucket: &str, count: usize) {
    let peer = server.peer();
    stream::iter(0..count)
        .map(|i| {
            let peer = peer.clone();
            async move {
                peer.put_object().bucket(bucket).key(format!("dir/{i:05}.txt")).body(ByteStream::from_static(b"x")).send().await
            }
        })
        .buffer_unordered(32)
        .for_each(|r| async move {
            r.unwrap();
        })
        .await;
}

#[tokio::test]
async fn a_versioned_bucket_with_markers_and_uploads_is_emptied_and_deleted() {
    let server = moto();
    let name = make_bucket(server, true).await;
    let peer = server.peer();
    for body in ["one", "two"] {
        peer.put_object().bucket(&name).key("report.csv").body(ByteStream::from_static(body.as_bytes())).send().await.unwrap();
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
    let emptied = buckets::empty(&session, &name, "us-east-1", &CancellationToken::new(), |p| reports.push(p))
        .await
        .unwrap();
    assert_eq!((emptied.progress.deleted, emptied.progress.uploads_aborted), (4, 1), "{emptied:?}");
    assert!(emptied.failures.is_empty() && !emptied.cancelled);
    assert!(!reports.is_empty(), "progress was reported");

    buckets::delete(&session, &name, "us-east-1").await.unwrap();
    let head = peer.head_bucket().bucket(&name).send().await;
    assert!(head.is_err(), "the bucket is gone");
}

/// Counts DeleteObjects calls as the SDK makes them.
#[derive(Debug, Clone, Default)]
struct CountDeleteObjects(Arc<AtomicUsize>);

impl Intercept for CountDeleteObjects {
    fn name(&self) -> &'static str {
        "CountDeleteObjects"
    }

    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if context.input().downcast_ref::<DeleteObjectsInput>().is_some() {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }

}

#[tokio::test]
async fn one_thousand_and_five_objects_take_two_delete_calls() {
    let server = seaweed();
    let name = make_bucket(server, false).await;
    put_many(server, &name, 1005).await;

    let calls = CountDeleteObjects::default();
    let counter = calls.clone();
    let session = Session::open_with(target(server), move |s3| s3.interceptor(counter)).await.unwrap();
    let emptied = buckets::empty(&session, &name, "us-east-1", &CancellationToken::new(), |_| {}).await.unwrap();

    assert_eq!(emptied.progress.deleted, 1005);
    assert_eq!(calls.0.load(Ordering::SeqCst), 2, "DeleteObjects takes 1000 keys a call: 1005 keys need 2");
    buckets::delete(&session, &name, "us-east-1").await.unwrap();
}

#[tokio::test]
async fn cancelling_keeps_what_was_not_reached() {
    let server = seaweed();
    let name = make_bucket(server, false).await;
    put_many(server, &name, 1500).await;

    let session = session(server).await;
    let cancel = CancellationToken::new();
    let emptied = buckets::empty(&session, &name, "us-east-1", &cancel, |_| cancel.cancel()).await.unwrap();

    assert!(emptied.cancelled);
    assert_eq!(emptied.progress.deleted, 1000, "the batch in flight finishes; no other starts");
    let left = buckets::count(&session, &name, "us-east-1", Duration::from_secs(30)).await.unwrap();
    assert_eq!(left.objects, 500, "the rest is intact");
}
