use s3desk_engine::identity::caller_identity;
use s3desk_tests::{canned_http, moto, seaweed};

use crate::support::{session, session_with};

#[tokio::test]
async fn moto_answers_get_caller_identity_with_an_iam_user() {
    let server = moto();
    let found = caller_identity(&session(server).await).await.unwrap();
    let identity = found.expect("moto implements STS on the same endpoint");
    assert!(identity.arn.starts_with("arn:aws:"), "an ARN: {}", identity.arn);
    assert!(!identity.is_root, "moto's default caller is not the root user: {}", identity.arn);
}

#[tokio::test]
async fn seaweedfs_answers_get_caller_identity_too() {
    let server = seaweed();
    let found = caller_identity(&session(server).await).await.unwrap();
    let identity = found.expect("SeaweedFS 4 implements STS GetCallerIdentity on its S3 port");
    assert!(!identity.is_root, "{}", identity.arn);
}

/// Both local servers implement STS, so a store without it (most S3-compatible ones) is
/// played by a loopback responder giving the answer such stores give: 501 NotImplemented.
#[tokio::test]
async fn an_endpoint_without_sts_is_skipped_quietly() {
    let server = canned_http(
        "501 Not Implemented",
        "<Error><Code>NotImplemented</Code><Message>A header you provided implies functionality that is not implemented</Message></Error>",
    );
    let found = caller_identity(&session_with(&server.endpoint, "key", "secret").await).await;
    assert!(matches!(found, Ok(None)), "no identity and no error for a custom endpoint without STS; got {found:?}");
}

/// No local server answers with a root ARN: this is AWS's documented GetCallerIdentity
/// response with the ARN the account root user gets.
#[tokio::test]
async fn root_keys_are_recognised() {
    let server = canned_http(
        "200 OK",
        r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:root</Arn>
    <UserId>123456789012</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>"#,
    );
    let identity = caller_identity(&session_with(&server.endpoint, "key", "secret").await).await.unwrap().unwrap();
    assert!(identity.is_root, "{} is the root user", identity.arn);
    assert_eq!(identity.account, "123456789012");
}
