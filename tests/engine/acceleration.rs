//! Transfer Acceleration's status and switch against moto (which keeps the configuration),
//! and what an S3-compatible server without it answers.

use s3desk_engine::buckets::acceleration::{self, Acceleration};
use s3desk_engine::ErrorKind;
use s3desk_tests::{moto, sdk_client, seaweed, unique_bucket, Faults, FaultyProxy};

use crate::support::session;

#[tokio::test]
async fn acceleration_is_enabled_then_suspended_and_read_back() {
    let server = moto();
    let bucket = unique_bucket("fast");
    server.peer().create_bucket().bucket(&bucket).send().await.unwrap();
    let session = session(server).await;

    assert_eq!(
        acceleration::status(&session, &bucket, "us-east-1").await.unwrap(),
        Acceleration::Off,
        "never configured"
    );
    assert_eq!(acceleration::set(&session, &bucket, "us-east-1", true).await.unwrap(), Acceleration::Enabled);
    let peer = server.peer().get_bucket_accelerate_configuration().bucket(&bucket).send().await.unwrap();
    assert_eq!(peer.status().map(|s| s.as_str()), Some("Enabled"), "a peer client sees it too");
    assert_eq!(acceleration::set(&session, &bucket, "us-east-1", false).await.unwrap(), Acceleration::Suspended);

    let err = acceleration::set(&session, "dotted.bucket.name", "us-east-1", true).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidInput { field: "bucket" }, "refused before the call");
}

/// SeaweedFS takes the PUT for a CreateBucket (it ignores `?accelerate`); others answer
/// NotImplemented. Either way the person reads that the endpoint lacks the feature.
#[tokio::test]
async fn a_server_without_acceleration_says_so() {
    let server = seaweed();
    let bucket = unique_bucket("fast");
    server.peer().create_bucket().bucket(&bucket).send().await.unwrap();
    let session = session(server).await;
    match acceleration::set(&session, &bucket, "us-east-1", true).await {
        Err(e) => assert_eq!(e.message(), "This endpoint does not support Transfer Acceleration.", "{e:?}"),
        Ok(status) => panic!("SeaweedFS accepted acceleration: {status:?}"),
    }
}

#[tokio::test]
async fn the_speed_comparison_times_both_endpoints_and_leaves_nothing_behind() {
    // No local server is an accelerate endpoint: the "accelerated" client here reaches
    // SeaweedFS through a proxy slowed to 4 MiB/s, so the comparison must find it slower.
    let server = seaweed();
    let bucket = unique_bucket("fast");
    let peer = server.peer();
    peer.create_bucket().bucket(&bucket).send().await.unwrap();
    let slow = FaultyProxy::start(&server.endpoint, Faults { bytes_per_second: Some(4 << 20), ..Faults::default() });
    let slow_client = sdk_client(&slow.endpoint, &server.access_key, &server.secret_key);

    let sample = 2 << 20;
    let comparison = acceleration::compare_clients(&peer, &slow_client, &bucket, sample, "local").await.unwrap();
    assert!(comparison.accelerated < 5.0, "{comparison:?}");
    assert!(comparison.accelerated < comparison.regional, "{comparison:?}");
    let left = peer.list_objects_v2().bucket(&bucket).send().await.unwrap();
    assert_eq!(left.key_count(), Some(0), "the samples are deleted");
}

#[tokio::test]
async fn the_comparison_is_refused_where_acceleration_cannot_be_used() {
    let server = seaweed();
    let session = session(server).await;
    let err = acceleration::compare(&session, "any-bucket", "us-east-1").await.unwrap_err();
    assert!(err.message().contains("S3-compatible endpoint"), "{}", err.message());
}
