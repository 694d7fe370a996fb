//! Unfinished multipart uploads of a bucket: listed with their parts and bytes, aborted.

use aws_sdk_s3::primitives::ByteStream;
use s3desk_engine::multipart;
use s3desk_tests::{seaweed, unique_bucket};

use crate::support::session;

#[tokio::test]
async fn unfinished_uploads_are_listed_with_their_parts_and_aborted() {
    let server = seaweed();
    let bucket = unique_bucket("orphans");
    let peer = server.peer();
    peer.create_bucket().bucket(&bucket).send().await.unwrap();
    let mut ids = Vec::new();
    for key in ["left/behind.bin", "another.bin"] {
        let id = peer.create_multipart_upload().bucket(&bucket).key(key).send().await.unwrap().upload_id.unwrap();
        let part = vec![7u8; 5 * 1024 * 1024];
        peer.upload_part()
            .bucket(&bucket)
            .key(key)
            .upload_id(&id)
            .part_number(1)
            .body(ByteStream::from(part))
            .send()
            .await
            .unwrap();
        ids.push((key.to_owned(), id));
    }
    let session = session(server).await;

    let listed = multipart::list(&session, &bucket, "us-east-1").await.unwrap();
    let mut seen: Vec<_> = listed.iter().map(|u| (u.key.as_str(), u.parts, u.bytes)).collect();
    seen.sort();
    assert_eq!(seen, [("another.bin", Some(1), Some(5 << 20)), ("left/behind.bin", Some(1), Some(5 << 20))]);

    assert_eq!(multipart::abort(&session, &bucket, "us-east-1", &ids).await.unwrap(), 2);
    assert!(multipart::list(&session, &bucket, "us-east-1").await.unwrap().is_empty());
    assert_eq!(multipart::abort(&session, &bucket, "us-east-1", &ids[..1]).await.unwrap(), 1, "gone counts as aborted");
}
