use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use s3desk_engine::buckets;
use s3desk_tests::{moto, seaweed, unique_bucket};

use crate::support::session;

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
