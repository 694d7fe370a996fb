//! Wrong keys and unreachable endpoints are told apart, so the UI can say which to fix.

use s3desk_engine::{buckets, ErrorKind};
use s3desk_tests::{canned_http, free_port, seaweed};

use crate::support::session_with;

#[tokio::test]
async fn a_wrong_secret_is_a_signature_mismatch() {
    let server = seaweed();
    let err =
        buckets::list(&session_with(&server.endpoint, &server.access_key, "not-the-secret").await).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::SignatureMismatch, "SeaweedFS checks SigV4 signatures: {err}");
    assert!(err.hint().unwrap().contains("secret key"), "the hint says which field to fix");
}

#[tokio::test]
async fn an_unknown_key_id_is_reported_as_such() {
    let server = seaweed();
    let err = buckets::list(&session_with(&server.endpoint, "NOSUCHKEY", &server.secret_key).await).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidAccessKey, "{err}");
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    // A port that was free a moment ago: nothing listens there.
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let err = buckets::list(&session_with(&endpoint, "key", "secret").await).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Unreachable, "{err}");
    assert!(err.message().contains(&endpoint), "the message names the endpoint: {}", err.message());
}

/// Neither local server denies ListBuckets to a key it knows, so this is S3's AccessDenied
/// answer as Amazon S3 sends it.
#[tokio::test]
async fn access_denied_names_the_permission_needed() {
    let server = canned_http(
        "403 Forbidden",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>host</HostId></Error>"#,
    );
    let err = buckets::list(&session_with(&server.endpoint, "key", "secret").await).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::AccessDenied { permission: "s3:ListAllMyBuckets" });
    assert!(err.message().contains("s3:ListAllMyBuckets"), "the sentence names the permission: {}", err.message());
}
