//! Object tags against moto and SeaweedFS: read, replace, remove, a refused set that leaves
//! the tags there untouched, and one tag changed on many objects.

use aws_sdk_s3::primitives::ByteStream;
use s3desk_engine::objects::tagging::{self, Change};
use s3desk_engine::ErrorKind;
use s3desk_tests::{moto, seaweed, unique_bucket, Server};
use tokio_util::sync::CancellationToken;

use crate::support::session;

fn tags(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

async fn bucket_with(server: &Server, keys: &[&str], tagging: Option<&str>) -> String {
    let bucket = unique_bucket("tags");
    let peer = server.peer();
    peer.create_bucket().bucket(&bucket).send().await.unwrap();
    for key in keys {
        let put = peer.put_object().bucket(&bucket).key(*key).set_tagging(tagging.map(str::to_owned));
        put.body(ByteStream::from_static(b"x")).send().await.unwrap();
    }
    bucket
}

async fn round_trip(server: &Server) {
    let bucket = bucket_with(server, &["doc.txt"], Some("stage=draft")).await;
    let session = session(server).await;
    let read = |bucket: String| {
        let session = &session;
        async move { tagging::get(session, &bucket, "us-east-1", "doc.txt", None).await.unwrap() }
    };
    assert_eq!(read(bucket.clone()).await, tags(&[("stage", "draft")]), "the Tagging header on PutObject");

    let wanted = tags(&[("stage", "final"), ("team", "data science")]);
    tagging::set(&session, &bucket, "us-east-1", "doc.txt", None, &wanted).await.unwrap();
    let mut got = read(bucket.clone()).await;
    got.sort();
    assert_eq!(got, wanted);

    let eleven: Vec<_> = (0..11).map(|i| (format!("k{i}"), "v".to_owned())).collect();
    let err = tagging::set(&session, &bucket, "us-east-1", "doc.txt", None, &eleven).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidInput { field: "tags" });
    let long = tags(&[(&"k".repeat(129), "v")]);
    assert!(tagging::set(&session, &bucket, "us-east-1", "doc.txt", None, &long).await.is_err());
    let mut kept = read(bucket.clone()).await;
    kept.sort();
    assert_eq!(kept, wanted, "a refused save leaves the tags as they were");

    tagging::set(&session, &bucket, "us-east-1", "doc.txt", None, &[]).await.unwrap();
    assert_eq!(read(bucket).await, vec![], "an empty set removes every tag");
}

#[tokio::test]
async fn tags_round_trip_on_moto() {
    round_trip(moto()).await;
}

#[tokio::test]
async fn tags_round_trip_on_seaweedfs() {
    round_trip(seaweed()).await;
}

#[tokio::test]
async fn one_tag_is_added_to_and_removed_from_many_objects() {
    let server = seaweed();
    let keys: Vec<String> = (0..20).map(|i| format!("batch/{i:02}.csv")).collect();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let bucket = bucket_with(server, &refs, Some("owner=lab")).await;
    let session = session(server).await;
    let cancel = CancellationToken::new();

    let put = Change::Put("reviewed".into(), "yes".into());
    let mut progress = Vec::new();
    let report = tagging::change_many(&session, &bucket, "us-east-1", &keys, &put, &cancel, |n| progress.push(n)).await;
    let report = report.unwrap();
    assert_eq!((report.changed, report.failures.len()), (20, 0));
    assert_eq!(progress.last(), Some(&20));
    let mut one = tagging::get(&session, &bucket, "us-east-1", "batch/07.csv", None).await.unwrap();
    one.sort();
    assert_eq!(one, tags(&[("owner", "lab"), ("reviewed", "yes")]), "the other tags stay");

    let remove = Change::Remove("owner".into());
    let report = tagging::change_many(&session, &bucket, "us-east-1", &keys, &remove, &cancel, |_| {}).await.unwrap();
    assert_eq!(report.changed, 20);
    assert_eq!(
        tagging::get(&session, &bucket, "us-east-1", "batch/19.csv", None).await.unwrap(),
        tags(&[("reviewed", "yes")])
    );

    let bad = Change::Put("bad&key".into(), "x".into());
    let report = tagging::change_many(&session, &bucket, "us-east-1", &keys[..2], &bad, &cancel, |_| {}).await.unwrap();
    assert_eq!((report.changed, report.failures.len()), (0, 2), "refused per object, with the reason");
    let error = &report.failures[0].error;
    assert!(error.message().contains("does not allow"), "{}", error.message());
}

#[tokio::test]
async fn the_tags_of_the_rows_in_view_come_back_in_order_each_with_its_own_answer() {
    let server = seaweed();
    let bucket = bucket_with(server, &["a.txt", "b.txt"], Some("team=data")).await;
    let session = session(server).await;
    let keys = ["b.txt", "missing.txt", "a.txt"].map(String::from);
    let answers = tagging::get_many(&session, &bucket, "us-east-1", &keys).await.unwrap();
    let order: Vec<&str> = answers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(order, ["b.txt", "missing.txt", "a.txt"]);
    assert_eq!(answers[0].1.as_ref().unwrap(), &tags(&[("team", "data")]));
    assert!(answers[1].1.is_err(), "a missing object fails alone");
    assert_eq!(answers[2].1.as_ref().unwrap(), &tags(&[("team", "data")]));

    let too_many: Vec<String> = (0..=tagging::MANY_AT_MOST).map(|i| format!("k{i}")).collect();
    let refused = tagging::get_many(&session, &bucket, "us-east-1", &too_many).await.unwrap_err();
    assert!(
        matches!(refused.kind(), ErrorKind::InvalidInput { .. }),
        "more than a screenful is refused before any call"
    );
}
