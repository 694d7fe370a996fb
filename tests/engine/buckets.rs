use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use s3desk_engine::buckets;
use s3desk_engine::ErrorKind;
use s3desk_tests::{canned_http, moto, seaweed, unique_bucket};

use crate::support::{session, session_with};

#[tokio::test]
async fn lists_buckets_with_their_regions_on_moto() {
    let server = moto();
    let peer = server.peer();
    let (here, there) = (unique_bucket("list-use1"), unique_bucket("list-euw1"));
    peer.create_bucket().bucket(&here).send().await.unwrap();
    peer.create_bucket()
        .bucket(&there)
        .create_bucket_configuration(
            CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::EuWest1).build(),
        )
        .send()
        .await
        .unwrap();

    let listed = buckets::list(&session(server).await).await.unwrap();

    let find = |name: &str| listed.iter().find(|b| b.name == name).unwrap_or_else(|| panic!("{name} is listed"));
    assert_eq!(find(&here).region.as_deref(), Some("us-east-1"));
    assert_eq!(
        find(&there).region.as_deref(),
        Some("eu-west-1"),
        "a bucket made with a LocationConstraint lists in that region"
    );
    assert!(find(&here).created_ms.is_some(), "ListBuckets gives a creation date");
    let mut names: Vec<_> = listed.iter().map(|b| b.name.clone()).collect();
    names.sort();
    assert_eq!(names, listed.iter().map(|b| b.name.clone()).collect::<Vec<_>>(), "buckets come sorted by name");
}

#[tokio::test]
async fn lists_buckets_on_seaweedfs() {
    let server = seaweed();
    let peer = server.peer();
    let name = unique_bucket("list-weed");
    peer.create_bucket().bucket(&name).send().await.unwrap();

    let listed = buckets::list(&session(server).await).await.unwrap();

    let bucket = listed.iter().find(|b| b.name == name).expect("the bucket made by a peer client is listed");
    assert_eq!(
        bucket.region.as_deref(),
        Some("us-east-1"),
        "SeaweedFS names no region in ListBuckets nor GetBucketLocation: the connection's region stands in"
    );
}

/// A 200 whose body is not S3's answer (a moto release answered GetBucketVersioning with
/// another root element). No local server sends one on purpose, so a loopback responder
/// does: the error says the answer could not be read and names the operation, never that
/// the server refused anything.
#[tokio::test]
async fn an_unreadable_200_says_so_and_names_the_operation() {
    let server =
        canned_http("200 OK", r#"<?xml version="1.0"?><NotVersioning><Status>Enabled</Status></NotVersioning>"#);
    let session = session_with(&server.endpoint, "key", "secret").await;
    let err = buckets::settings(&session, "any", "us-east-1").await.unwrap_err();

    assert_eq!(err.kind(), &ErrorKind::UnreadableAnswer);
    assert_eq!(err.message(), "The server answered GetBucketVersioning (HTTP 200), but its answer could not be read.");
    assert!(!err.message().contains("refused"), "{}", err.message());
    let detail = err.detail().expect("the raw answer's problem is kept for the details");
    assert!(detail.starts_with("GetBucketVersioning: HTTP 200, no S3 error code."), "{detail}");
    assert!(detail.contains("NotVersioning"), "the parser's reason names what came back: {detail}");
}
