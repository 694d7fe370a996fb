//! Transfer Acceleration's status and switch against moto (which keeps the configuration),
//! and what an S3-compatible server without it answers.

use s3desk_engine::buckets::acceleration::{self, Acceleration};
use s3desk_engine::ErrorKind;
use s3desk_tests::{moto, seaweed, unique_bucket};

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
