//! The object browser's engine: listing page by page with folders, awkward keys, details,
//! folders and deleting whole prefixes in batches.

use aws_sdk_s3::primitives::ByteStream;
use futures_util::{stream, StreamExt, TryStreamExt};
use s3desk_engine::objects::{self, folders, Selection, VersionOf};
use s3desk_engine::{ErrorKind, Session, Timeouts};
use s3desk_tests::{canned_http, moto, seaweed, unique_bucket, CountOperations, Server};
use tokio_util::sync::CancellationToken;

use crate::support::session;

async fn bucket_with(server: &Server, keys: &[String]) -> String {
    let name = unique_bucket("browse");
    let peer = server.peer();
    peer.create_bucket().bucket(&name).send().await.unwrap();
    stream::iter(keys.iter().cloned())
        .map(|key| {
            let (peer, name) = (peer.clone(), name.clone());
            async move { peer.put_object().bucket(&name).key(key).body(ByteStream::from_static(b"12345")).send().await }
        })
        .buffer_unordered(32)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    name
}

#[tokio::test]
async fn ten_thousand_nested_keys_list_page_by_page_with_folders() {
    let server = seaweed();
    let mut keys: Vec<String> = (0..10_000).map(|i| format!("data/part-{}/file-{i:05}.bin", i / 1000)).collect();
    keys.push("readme.txt".into());
    let bucket = bucket_with(server, &keys).await;
    let session = session(server).await;
    let list = |prefix: &'static str, folders: bool, token: Option<String>| {
        let (session, bucket) = (&session, &bucket);
        async move { objects::list_page(session, bucket, "us-east-1", prefix, folders, token).await.unwrap() }
    };

    let root = list("", true, None).await;
    assert_eq!(root.folders, vec!["data/"], "the top level has one folder");
    assert_eq!(root.objects.iter().map(|o| o.key.as_str()).collect::<Vec<_>>(), vec!["readme.txt"]);
    assert_eq!(root.objects[0].size, 5);
    assert!(root.next.is_none());

    let data = list("data/", true, None).await;
    assert_eq!(data.folders, (0..10).map(|i| format!("data/part-{i}/")).collect::<Vec<_>>());
    assert!(data.objects.is_empty());

    let part = list("data/part-3/", true, None).await;
    assert_eq!(part.objects.len(), 1000, "a folder of 1000 keys fills exactly one page");
    assert_eq!(part.objects[0].key, "data/part-3/file-03000.bin");

    // Without folders, the whole subtree comes 1000 keys a page.
    let (mut seen, mut pages, mut token) = (Vec::new(), 0, None);
    loop {
        let page = list("data/", false, token).await;
        assert!(page.folders.is_empty());
        pages += 1;
        seen.extend(page.objects.into_iter().map(|o| o.key));
        token = page.next;
        if token.is_none() {
            break;
        }
    }
    assert_eq!((pages, seen.len()), (10, 10_000), "10 pages of 1000");
    seen.dedup();
    assert_eq!(seen.len(), 10_000, "no key listed twice across pages");
}

#[tokio::test]
async fn awkward_keys_round_trip_through_listing_and_details() {
    let server = seaweed();
    // S3's longest key, 1024 bytes, in path segments short enough for SeaweedFS's file names.
    let long = format!("long/{}{}", format!("{}/", "d".repeat(99)).repeat(9), "f".repeat(119));
    let keys: Vec<String> = [
        "odd/with space.txt",
        "odd/ünïcødé ✓.txt",
        "odd/plus+sign",
        "odd/percent%41",
        "odd/hash#tag",
        "odd/question?mark",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([long.clone()])
    .collect();
    let bucket = bucket_with(server, &keys).await;
    let session = session(server).await;

    let odd = objects::list_page(&session, &bucket, "us-east-1", "odd/", true, None).await.unwrap();
    let mut listed: Vec<_> = odd.objects.iter().map(|o| o.key.clone()).collect();
    listed.sort();
    let mut expected: Vec<_> = keys.iter().filter(|k| k.starts_with("odd/")).cloned().collect();
    expected.sort();
    assert_eq!(listed, expected, "keys come back exactly as written");

    for key in &keys {
        let details =
            objects::head(&session, &bucket, "us-east-1", key, None).await.unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!((details.key.as_str(), details.size), (key.as_str(), 5), "HeadObject finds {key}");
    }
    assert_eq!(long.len(), 1024, "S3's longest key");
}

#[tokio::test]
async fn details_show_metadata_and_content_type() {
    let server = seaweed();
    let bucket = bucket_with(server, &[]).await;
    server
        .peer()
        .put_object()
        .bucket(&bucket)
        .key("report.csv")
        .content_type("text/csv")
        .metadata("owner", "finance")
        .body(ByteStream::from_static(b"a,b\n1,2\n"))
        .send()
        .await
        .unwrap();
    let details = objects::head(&session(server).await, &bucket, "us-east-1", "report.csv", None).await.unwrap();
    assert_eq!(details.content_type.as_deref(), Some("text/csv"));
    assert_eq!(details.metadata.get("owner").map(String::as_str), Some("finance"));
    assert_eq!(details.size, 8);
    assert!(details.etag.is_some());
}

#[tokio::test]
async fn a_missing_object_is_not_found() {
    let server = seaweed();
    let bucket = bucket_with(server, &[]).await;
    let err = objects::head(&session(server).await, &bucket, "us-east-1", "nope.txt", None).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::NoSuchKey, "HeadObject's bodiless 404 is read as a missing key: {err}");
    assert!(err.message().contains("nope.txt"), "{}", err.message());
}

#[tokio::test]
async fn deleting_a_folder_of_2500_keys_takes_three_calls() {
    let server = seaweed();
    let mut keys: Vec<String> = (0..2500).map(|i| format!("old/{:02}/{i:04}.log", i % 7)).collect();
    keys.push("keep/me.txt".into());
    let bucket = bucket_with(server, &keys).await;

    let calls = CountOperations::default();
    let counter = calls.clone();
    let session =
        Session::open_with(server.target(), Timeouts::default(), move |s3| s3.interceptor(counter)).await.unwrap();
    let selection = Selection { folders: vec!["old/".into()], ..Selection::default() };
    let report =
        objects::delete(&session, &bucket, "us-east-1", &selection, &CancellationToken::new(), |_| {}).await.unwrap();

    assert_eq!(report.progress.deleted, 2500);
    assert_eq!(calls.get("DeleteObjects"), 3, "2500 keys in batches of 1000");
    let left = objects::list_page(&session, &bucket, "us-east-1", "", false, None).await.unwrap();
    assert_eq!(
        left.objects.iter().map(|o| o.key.as_str()).collect::<Vec<_>>(),
        vec!["keep/me.txt"],
        "only the folder went"
    );
}

#[tokio::test]
async fn a_new_folder_lists_as_a_folder() {
    let server = seaweed();
    let bucket = bucket_with(server, &[]).await;
    let session = session(server).await;
    let key = folders::create(&session, &bucket, "us-east-1", "", "reports").await.unwrap();
    assert_eq!(key, "reports/");
    let root = objects::list_page(&session, &bucket, "us-east-1", "", true, None).await.unwrap();
    assert_eq!(root.folders, vec!["reports/"]);

    let err = folders::create(&session, &bucket, "us-east-1", "", "a/b").await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidInput { field: "name" });
}

/// A versioned bucket holding `doc.txt` twice ("first", then "second!") under a delete marker.
async fn doc_with_history(server: &Server) -> String {
    let bucket = unique_bucket("versions");
    let peer = server.peer();
    peer.create_bucket().bucket(&bucket).send().await.unwrap();
    let enabled = aws_sdk_s3::types::VersioningConfiguration::builder()
        .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
        .build();
    peer.put_bucket_versioning().bucket(&bucket).versioning_configuration(enabled).send().await.unwrap();
    for body in ["first", "second!"] {
        let body = ByteStream::from_static(body.as_bytes());
        peer.put_object().bucket(&bucket).key("doc.txt").body(body).send().await.unwrap();
    }
    peer.delete_object().bucket(&bucket).key("doc.txt").send().await.unwrap();
    bucket
}

#[tokio::test]
async fn versions_and_delete_markers_are_listed_newest_first() {
    let server = moto();
    let bucket = doc_with_history(server).await;
    let page = objects::list_versions_page(&session(server).await, &bucket, "us-east-1", "", true, None).await.unwrap();
    let seen: Vec<_> = page.versions.iter().map(|v| (v.key.as_str(), v.delete_marker, v.is_latest, v.size)).collect();
    assert_eq!(
        seen,
        vec![("doc.txt", true, true, 0), ("doc.txt", false, false, 7), ("doc.txt", false, false, 5)],
        "the marker is the latest; the two versions follow, newest first"
    );
    assert!(page.versions.iter().all(|v| v.version_id.is_some()));
    assert!(page.next.is_none());
}

#[tokio::test]
async fn versions_deleted_for_good_are_gone_and_a_removed_marker_brings_the_object_back() {
    let server = moto();
    let bucket = doc_with_history(server).await;
    let session = session(server).await;
    let listed = objects::list_versions_page(&session, &bucket, "us-east-1", "", true, None).await.unwrap().versions;
    let (marker, second) = (listed[0].version_id.clone().unwrap(), listed[1].version_id.clone().unwrap());

    let selection = Selection {
        versions: [marker, second]
            .into_iter()
            .map(|version_id| VersionOf { key: "doc.txt".into(), version_id })
            .collect(),
        ..Selection::default()
    };
    let report =
        objects::delete(&session, &bucket, "us-east-1", &selection, &CancellationToken::new(), |_| {}).await.unwrap();
    assert_eq!(report.progress.deleted, 2);

    let left = objects::list_versions_page(&session, &bucket, "us-east-1", "", true, None).await.unwrap().versions;
    assert_eq!(left.len(), 1, "only the first version is left: {left:?}");
    let got = server.peer().get_object().bucket(&bucket).key("doc.txt").send().await.unwrap();
    let body = got.body.collect().await.unwrap();
    assert_eq!(&body.to_vec(), b"first", "with its marker gone, the key is readable again, as the version left");
}

#[tokio::test]
async fn a_listing_the_server_cuts_short_says_so() {
    // No local server caps listings: this is the answer of a store that does (truncated,
    // with no token to continue), served from loopback.
    let canned = canned_http(
        "200 OK",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated><Contents><Key>a.txt</Key><Size>1</Size></Contents></ListBucketResult>"#,
    );
    let session = crate::support::session_with(&canned.endpoint, "key", "secret").await;
    let page = objects::list_page(&session, "b", "us-east-1", "", true, None).await.unwrap();
    assert_eq!(page.objects.len(), 1);
    assert_eq!((page.next, page.cut_short), (None, true));
}

/// Keys with control characters cannot be written in a listing's XML, and `+` and spaces are
/// how URL-encoded listings go wrong: each is listed as itself and deleted with its folder.
#[tokio::test]
async fn keys_with_control_characters_list_and_delete_as_themselves() {
    let server = seaweed();
    let bucket = unique_bucket("awkward");
    let peer = server.peer();
    peer.create_bucket().bucket(&bucket).send().await.unwrap();
    let mut keys = vec!["ctl/bell\u{7}.txt", "ctl/esc\u{1b}[0m.txt", "ctl/a b+c.txt", "ctl/100%.txt", "ctl/ü/n.txt"];
    for key in &keys {
        peer.put_object().bucket(&bucket).key(*key).body(b"x".to_vec().into()).send().await.unwrap();
    }
    let session = session(server).await;
    let page = objects::list_page(&session, &bucket, "us-east-1", "ctl/", false, None).await.unwrap();
    let mut listed: Vec<&str> = page.objects.iter().map(|o| o.key.as_str()).collect();
    listed.sort_unstable();
    keys.sort_unstable();
    assert_eq!(listed, keys);
    let folders = objects::list_page(&session, &bucket, "us-east-1", "ctl/", true, None).await.unwrap().folders;
    assert_eq!(folders, ["ctl/ü/"]);

    let lone = Selection { keys: vec!["ctl/bell\u{7}.txt".into()], ..Selection::default() };
    let report =
        objects::delete(&session, &bucket, "us-east-1", &lone, &CancellationToken::new(), |_| {}).await.unwrap();
    assert_eq!((report.progress.deleted, report.progress.failed), (1, 0), "{:?}", report.failures);
    let folder = Selection { folders: vec!["ctl/".into()], ..Selection::default() };
    let report =
        objects::delete(&session, &bucket, "us-east-1", &folder, &CancellationToken::new(), |_| {}).await.unwrap();
    assert_eq!((report.progress.deleted, report.progress.failed), (4, 0), "{:?}", report.failures);
    assert!(peer.list_objects_v2().bucket(&bucket).send().await.unwrap().contents().is_empty());
}

/// A version under Object Lock cannot be deleted: S3 refuses that one key inside a
/// DeleteObjects answer of 200, and the report gives it as the typed error every command
/// gives (here access denied), not a bare code and sentence.
#[tokio::test]
async fn a_key_s3_refuses_to_delete_comes_back_as_a_typed_error() {
    use aws_sdk_s3::types::{ObjectLockRetention, ObjectLockRetentionMode};
    let server = moto();
    let bucket = unique_bucket("locked");
    let peer = server.peer();
    peer.create_bucket().bucket(&bucket).object_lock_enabled_for_bucket(true).send().await.unwrap();
    let mut versions = Vec::new();
    for key in ["keep/locked.txt", "keep/free.txt"] {
        let put = peer.put_object().bucket(&bucket).key(key).body(b"x".to_vec().into()).send().await.unwrap();
        versions.push(VersionOf { key: key.into(), version_id: put.version_id().unwrap().into() });
    }
    let until = aws_sdk_s3::primitives::DateTime::from_secs(4_102_444_800); // 2100-01-01
    let retention =
        ObjectLockRetention::builder().mode(ObjectLockRetentionMode::Compliance).retain_until_date(until).build();
    peer.put_object_retention()
        .bucket(&bucket)
        .key("keep/locked.txt")
        .version_id(&versions[0].version_id)
        .retention(retention)
        .send()
        .await
        .unwrap();

    let session = session(server).await;
    let selection = Selection { versions, ..Selection::default() };
    let report =
        objects::delete(&session, &bucket, "us-east-1", &selection, &CancellationToken::new(), |_| {}).await.unwrap();
    assert_eq!((report.progress.deleted, report.progress.failed), (1, 1), "{:?}", report.failures);
    let failure = &report.failures[0];
    assert_eq!(failure.key, "keep/locked.txt");
    assert!(failure.version_id.is_some());
    assert!(
        matches!(failure.error.kind(), ErrorKind::AccessDenied { permission: "s3:DeleteObjectVersion" }),
        "{:?}",
        failure.error
    );
    assert!(failure.error.hint().is_some(), "with what to do about it");
    assert!(failure.error.detail().unwrap_or_default().contains("AccessDenied"), "S3's own code is kept");
}
