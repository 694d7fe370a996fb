//! Access control against moto (Block Public Access and bucket policies as AWS keeps them)
//! and SeaweedFS (which validates policies too).

use s3desk_engine::access::block_public::{self, BlockPublicAccess};
use s3desk_engine::access::{acl, policy, summary, templates};
use s3desk_engine::ErrorKind;
use s3desk_tests::{moto, seaweed, unique_bucket, Server};

use crate::support::session;

async fn new_bucket(server: &Server) -> String {
    let bucket = unique_bucket("access");
    server.peer().create_bucket().bucket(&bucket).send().await.unwrap();
    bucket
}

#[tokio::test]
async fn each_block_public_access_flag_round_trips() {
    let server = moto();
    let bucket = new_bucket(server).await;
    let session = session(server).await;
    assert_eq!(
        block_public::get(&session, &bucket, "us-east-1").await.unwrap(),
        BlockPublicAccess::default(),
        "none: all off"
    );

    let flags: [fn(&mut BlockPublicAccess) -> &mut bool; 4] = [
        |b| &mut b.block_public_acls,
        |b| &mut b.ignore_public_acls,
        |b| &mut b.block_public_policy,
        |b| &mut b.restrict_public_buckets,
    ];
    for flag in flags {
        let mut wanted = BlockPublicAccess::default();
        *flag(&mut wanted) = true;
        assert_eq!(block_public::put(&session, &bucket, "us-east-1", wanted).await.unwrap(), wanted, "read back");
        let peer = server.peer().get_public_access_block().bucket(&bucket).send().await.unwrap();
        let c = peer.public_access_block_configuration().unwrap();
        let seen =
            [c.block_public_acls(), c.ignore_public_acls(), c.block_public_policy(), c.restrict_public_buckets()];
        assert_eq!(seen.iter().filter(|v| **v == Some(true)).count(), 1, "exactly one flag on, as a peer sees it");
    }
    let all = block_public::put(&session, &bucket, "us-east-1", BlockPublicAccess::ALL).await.unwrap();
    assert_eq!(all, BlockPublicAccess::ALL);
}

#[tokio::test]
async fn a_policy_is_saved_read_and_deleted_and_a_bad_one_never_sent() {
    let server = moto();
    let bucket = new_bucket(server).await;
    let session = session(server).await;
    assert_eq!(policy::get(&session, &bucket, "us-east-1").await.unwrap(), None, "NoSuchBucketPolicy is no policy");

    let text = templates::cross_account(&bucket, "123456789012").unwrap();
    policy::put(&session, &bucket, "us-east-1", &text).await.unwrap();
    let saved: serde_json::Value =
        serde_json::from_str(&policy::get(&session, &bucket, "us-east-1").await.unwrap().unwrap()).unwrap();
    assert_eq!(saved["Statement"][0]["Sid"], "CrossAccountAccess");

    let other_bucket = templates::public_read_bucket("someone-elses-bucket");
    let err = policy::put(&session, &bucket, "us-east-1", &other_bucket).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidInput { field: "policy" });
    assert!(err.message().contains("does not name this bucket"), "{}", err.message());
    assert!(
        policy::get(&session, &bucket, "us-east-1").await.unwrap().unwrap().contains("CrossAccountAccess"),
        "unchanged"
    );

    policy::delete(&session, &bucket, "us-east-1").await.unwrap();
    assert_eq!(policy::get(&session, &bucket, "us-east-1").await.unwrap(), None);
}

#[tokio::test]
async fn a_policy_changed_by_another_client_is_not_overwritten() {
    let server = moto();
    let bucket = new_bucket(server).await;
    let session = session(server).await;
    let mine = templates::deny_insecure_transport(&bucket);
    policy::replace(&session, &bucket, "us-east-1", None, &mine).await.unwrap();

    // Another client saves its own policy after we read ours.
    let theirs = templates::public_read_bucket(&bucket);
    server.peer().put_bucket_policy().bucket(&bucket).policy(&theirs).send().await.unwrap();
    let edited = templates::cross_account(&bucket, "123456789012").unwrap();
    let err = policy::replace(&session, &bucket, "us-east-1", Some(&mine), &edited).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::ChangedMeanwhile);
    let saved = policy::get(&session, &bucket, "us-east-1").await.unwrap().unwrap();
    let same = |a: &str, b: &str| {
        serde_json::from_str::<serde_json::Value>(a).unwrap() == serde_json::from_str::<serde_json::Value>(b).unwrap()
    };
    assert!(same(&saved, &theirs), "their policy stays");

    policy::replace(&session, &bucket, "us-east-1", Some(&saved), &edited).await.unwrap();
    assert!(same(&policy::get(&session, &bucket, "us-east-1").await.unwrap().unwrap(), &edited), "saved once seen");
}

#[tokio::test]
async fn seaweedfs_refuses_an_invalid_policy_too_and_ours_is_caught_first() {
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let invalid = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::x/*"}]}"#;
    let direct = server.peer().put_bucket_policy().bucket(&bucket).policy(invalid).send().await;
    assert!(direct.is_err(), "the server refuses it when it is sent anyway");

    let session = session(server).await;
    let err = policy::put(&session, &bucket, "us-east-1", invalid).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidInput { field: "policy" }, "refused before the call");
    let valid = templates::deny_insecure_transport(&bucket);
    policy::put(&session, &bucket, "us-east-1", &valid).await.unwrap();
}

#[tokio::test]
async fn the_public_sentence_follows_the_policy_and_block_public_access() {
    let server = moto();
    let bucket = new_bucket(server).await;
    let session = session(server).await;
    let read = || summary::read(&session, &bucket, "us-east-1");

    let fresh = read().await.unwrap();
    assert_eq!(fresh.exposure.public, Some(false), "{}", fresh.exposure.sentence);

    policy::put(&session, &bucket, "us-east-1", &templates::public_read_bucket(&bucket)).await.unwrap();
    let public = read().await.unwrap();
    assert_eq!(
        public.exposure.sentence,
        "Public: the bucket policy lets anyone in (statement 1), and Block Public Access is off."
    );

    let restrict = BlockPublicAccess { restrict_public_buckets: true, ..BlockPublicAccess::default() };
    block_public::put(&session, &bucket, "us-east-1", restrict).await.unwrap();
    let blocked = read().await.unwrap();
    assert_eq!(blocked.exposure.public, Some(false));
    assert!(blocked.exposure.sentence.contains("restricts public buckets"), "{}", blocked.exposure.sentence);
}

#[tokio::test]
async fn the_one_object_template_lets_anyone_read_that_object_and_nothing_else() {
    // SeaweedFS enforces bucket policies for anonymous requests and answers
    // GetBucketPolicyStatus, so the sentence here rests on the server's own verdict.
    let server = seaweed();
    let bucket = new_bucket(server).await;
    let peer = server.peer();
    for key in ["poster one.png", "private.txt"] {
        let body = aws_sdk_s3::primitives::ByteStream::from_static(b"bytes");
        peer.put_object().bucket(&bucket).key(key).body(body).send().await.unwrap();
    }
    let anonymous = |key: &str| {
        let url = format!("{}/{bucket}/{}", server.endpoint, key.replace(' ', "%20"));
        let out =
            std::process::Command::new("curl").args(["-s", "-o", "/dev/null", "-w", "%{http_code}", &url]).output();
        String::from_utf8(out.unwrap().stdout).unwrap()
    };
    assert_eq!(anonymous("poster one.png"), "403", "private before the policy");

    let session = session(server).await;
    let template = templates::public_read_object(&bucket, "poster one.png");
    policy::put(&session, &bucket, "us-east-1", &template).await.unwrap();
    assert_eq!(anonymous("poster one.png"), "200");
    assert_eq!(anonymous("private.txt"), "403");
    assert_eq!(policy::is_public(&session, &bucket, "us-east-1").await.unwrap(), Some(true));
    let access = summary::read(&session, &bucket, "us-east-1").await.unwrap();
    assert_eq!(
        access.exposure.sentence,
        "Public: the bucket policy lets anyone in (statement 1), and this endpoint has no Block Public Access."
    );

    policy::delete(&session, &bucket, "us-east-1").await.unwrap();
    assert_eq!(policy::is_public(&session, &bucket, "us-east-1").await.unwrap(), None, "no policy, no verdict");
    assert_eq!(anonymous("poster one.png"), "403");
}

#[tokio::test]
async fn a_public_read_bucket_acl_is_listed_and_named_in_the_sentence() {
    let server = moto();
    let bucket = unique_bucket("access");
    let peer = server.peer();
    peer.create_bucket()
        .bucket(&bucket)
        .object_ownership(aws_sdk_s3::types::ObjectOwnership::ObjectWriter)
        .send()
        .await
        .unwrap();
    peer.put_bucket_acl().bucket(&bucket).acl(aws_sdk_s3::types::BucketCannedAcl::PublicRead).send().await.unwrap();

    let session = session(server).await;
    let access = summary::read(&session, &bucket, "us-east-1").await.unwrap();
    let grants = access.grants.unwrap();
    assert!(grants.iter().any(|g| g.grantee == "Everyone (AllUsers)" && g.permission == "READ"), "{grants:?}");
    assert!(grants.iter().any(|g| g.permission == "FULL_CONTROL" && g.group.is_none()), "the owner: {grants:?}");
    assert_eq!(access.exposure.public, Some(true));
    assert!(access.exposure.sentence.contains("an ACL grants access to AllUsers"), "{}", access.exposure.sentence);
}

#[tokio::test]
async fn object_ownership_round_trips() {
    let server = moto();
    let bucket = new_bucket(server).await;
    let session = session(server).await;
    for ownership in summary::OWNERSHIPS {
        summary::set_ownership(&session, &bucket, "us-east-1", ownership).await.unwrap();
        assert_eq!(summary::read(&session, &bucket, "us-east-1").await.unwrap().ownership.as_deref(), Some(ownership));
    }
    let err = summary::set_ownership(&session, &bucket, "us-east-1", "Whoever").await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidInput { field: "ownership" });
}

#[tokio::test]
async fn an_object_made_public_with_an_acl_lists_everyone_as_a_reader() {
    let server = moto();
    let bucket = new_bucket(server).await;
    let session = session(server).await;
    summary::set_ownership(&session, &bucket, "us-east-1", "ObjectWriter").await.unwrap();
    let peer = server.peer();
    peer.put_object()
        .bucket(&bucket)
        .key("poster.png")
        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"p"))
        .send()
        .await
        .unwrap();

    acl::make_object_public(&session, &bucket, "us-east-1", "poster.png").await.unwrap();
    let grants = acl::grants(&session, &bucket, "us-east-1", Some("poster.png")).await.unwrap();
    assert!(grants.iter().any(|g| g.grantee == "Everyone (AllUsers)" && g.permission == "READ"), "{grants:?}");
}

#[tokio::test]
async fn acls_refused_by_object_ownership_point_to_a_bucket_policy() {
    // No local server refuses ACLs for Object Ownership: this is S3's recorded answer for a
    // bucket owner enforced bucket, served from loopback.
    let canned = s3desk_tests::canned_http(
        "400 Bad Request",
        r#"<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessControlListNotSupported</Code><Message>The bucket does not allow ACLs</Message><RequestId>R</RequestId><HostId>H</HostId></Error>"#,
    );
    let session = crate::support::session_with(&canned.endpoint, "key", "secret").await;
    let err = acl::make_object_public(&session, "enforced", "us-east-1", "poster.png").await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::AclNotAllowed);
    assert!(err.hint().unwrap().contains("bucket policy"), "{:?}", err.hint());
    assert!(canned.requests().iter().any(|r| r.contains("x-amz-acl: public-read")), "{:?}", canned.requests());
}
