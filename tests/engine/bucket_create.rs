//! Creating buckets: LocationConstraint, Object Lock, versioning, ACLs and the errors, on
//! moto (which knows S3's control plane) and SeaweedFS (which checks names itself).

use aws_sdk_s3::types::{BucketVersioningStatus, ObjectLockEnabled, ObjectLockRetentionMode, Permission};
use s3desk_engine::buckets::{self, CannedAcl, CreateBucket, Ownership, Retention, RetentionMode, Versioning};
use s3desk_engine::ErrorKind;
use s3desk_tests::{canned_http, moto, seaweed, unique_bucket};

use crate::support::{session, session_with};

fn request(name: &str, region: &str) -> CreateBucket {
    CreateBucket::private(name, region)
}

#[tokio::test]
async fn location_constraint_is_right_for_every_region() {
    let server = moto();
    let session = session(server).await;
    // us-east-1 must send no LocationConstraint, every other region must send its own.
    for region in ["us-east-1", "eu-west-1", "ap-south-1", "us-west-2", "sa-east-1", "ap-northeast-3"] {
        let name = unique_bucket(&format!("loc-{region}"));
        let created =
            buckets::create(&session, &request(&name, region)).await.unwrap_or_else(|e| panic!("{region}: {e}"));
        assert_eq!(created.region, region);
        let location = server.peer_in(region).get_bucket_location().bucket(&name).send().await.unwrap();
        let constraint = location.location_constraint().map(|c| c.as_str().to_owned()).unwrap_or_default();
        let expected = if region == "us-east-1" { "" } else { region };
        assert_eq!(constraint, expected, "GetBucketLocation of a bucket made in {region}");
    }
}

#[tokio::test]
async fn object_lock_with_a_default_retention_turns_versioning_on() {
    let server = moto();
    let name = unique_bucket("locked");
    let mut req = request(&name, "eu-west-1");
    req.object_lock = true;
    req.default_retention = Some(Retention { mode: RetentionMode::Governance, days: 7 });
    buckets::create(&session(server).await, &req).await.unwrap();

    let peer = server.peer_in("eu-west-1");
    let lock = peer.get_object_lock_configuration().bucket(&name).send().await.unwrap();
    let config = lock.object_lock_configuration().expect("a lock configuration");
    assert_eq!(config.object_lock_enabled(), Some(&ObjectLockEnabled::Enabled));
    let retention = config.rule().and_then(|r| r.default_retention()).expect("a default retention");
    assert_eq!((retention.mode(), retention.days()), (Some(&ObjectLockRetentionMode::Governance), Some(7)));
    let versioning = peer.get_bucket_versioning().bucket(&name).send().await.unwrap();
    assert_eq!(versioning.status(), Some(&BucketVersioningStatus::Enabled), "Object Lock turns versioning on");

    let settings = buckets::settings(&session(server).await, &name, "eu-west-1").await.unwrap();
    assert_eq!(settings.versioning, Versioning::Enabled);
    let lock = settings.object_lock.expect("moto reports Object Lock");
    assert!(lock.enabled);
    assert_eq!(lock.default_retention, Some(Retention { mode: RetentionMode::Governance, days: 7 }));
}

#[tokio::test]
async fn versioning_on_at_creation_and_suspended_later() {
    let server = moto();
    let session = session(server).await;
    let name = unique_bucket("versioned");
    let mut req = request(&name, "eu-west-1");
    req.versioning = true;
    buckets::create(&session, &req).await.unwrap();
    assert_eq!(buckets::settings(&session, &name, "eu-west-1").await.unwrap().versioning, Versioning::Enabled);

    buckets::set_versioning(&session, &name, "eu-west-1", false).await.unwrap();
    let status = server.peer_in("eu-west-1").get_bucket_versioning().bucket(&name).send().await.unwrap();
    assert_eq!(status.status(), Some(&BucketVersioningStatus::Suspended), "S3 suspends; it never turns versioning off");
}

#[tokio::test]
async fn private_by_default_and_public_read_only_when_asked() {
    let server = moto();
    let session = session(server).await;
    let private = unique_bucket("private");
    buckets::create(&session, &request(&private, "us-east-1")).await.unwrap();
    let settings = buckets::settings(&session, &private, "us-east-1").await.unwrap();
    assert_eq!(settings.public, Some(false), "a new bucket is not public");

    let public = unique_bucket("public");
    let mut req = request(&public, "us-east-1");
    req.ownership = Ownership::ObjectWriter;
    req.acl = Some(CannedAcl::PublicRead);
    req.block_public_access = false;
    buckets::create(&session, &req).await.unwrap();
    let acl = server.peer().get_bucket_acl().bucket(&public).send().await.unwrap();
    let everyone_reads = acl.grants().iter().any(|g| {
        g.permission() == Some(&Permission::Read)
            && g.grantee().and_then(|g| g.uri()).is_some_and(|u| u.ends_with("/AllUsers"))
    });
    assert!(everyone_reads, "public-read grants READ to AllUsers: {:?}", acl.grants());
    assert_eq!(buckets::settings(&session, &public, "us-east-1").await.unwrap().public, Some(true));
}

/// moto ignores x-amz-grant-* headers, so this reads them off the request as sent, at a
/// loopback responder that accepts every call.
#[tokio::test]
async fn grants_are_sent_as_s3_expects_them() {
    let server = canned_http("200 OK", "");
    // Not us-east-1, where a HeadBucket (answered 200 here) guards against re-creating.
    let mut req = request("granted", "eu-west-1");
    req.ownership = Ownership::BucketOwnerPreferred;
    req.grant_read = Some("http://acs.amazonaws.com/groups/s3/LogDelivery".into());
    req.grant_write = Some("ann@example.com".into());
    buckets::create(&session_with(&server.endpoint, "key", "secret").await, &req).await.unwrap();

    let create = server.requests().into_iter().next().expect("CreateBucket was sent");
    let header = |name: &str| {
        create
            .lines()
            .find_map(|l| l.split_once(": ").filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.to_owned()))
    };
    assert!(create.starts_with("PUT /granted/ "), "CreateBucket is a PUT on the bucket: {create}");
    assert_eq!(header("x-amz-grant-read").as_deref(), Some(r#"uri="http://acs.amazonaws.com/groups/s3/LogDelivery""#));
    assert_eq!(header("x-amz-grant-write").as_deref(), Some(r#"emailAddress="ann@example.com""#));
    assert_eq!(header("x-amz-object-ownership").as_deref(), Some("BucketOwnerPreferred"));
}

#[tokio::test]
async fn a_name_another_account_owns_is_bucket_already_exists() {
    let server = moto();
    let name = unique_bucket("taken");
    // moto keeps accounts apart by this header: another account makes the bucket first.
    server
        .peer_in("eu-west-1")
        .create_bucket()
        .bucket(&name)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest1)
                .build(),
        )
        .customize()
        .mutate_request(|r| {
            r.headers_mut().insert("x-moto-account-id", "111111111111");
        })
        .send()
        .await
        .unwrap();

    let err = buckets::create(&session(server).await, &request(&name, "eu-west-1")).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BucketAlreadyExists, "{err}");
    assert!(err.hint().unwrap().contains("random suffix"), "the fix is offered: {:?}", err.hint());
}

#[tokio::test]
async fn creating_twice_is_already_owned_by_you() {
    let server = moto();
    let session = session(server).await;
    // us-east-1 matters most: there S3 answers a repeated CreateBucket with success.
    for region in ["eu-west-1", "us-east-1"] {
        let name = unique_bucket("twice");
        buckets::create(&session, &request(&name, region)).await.unwrap();
        let mut again = request(&name, region);
        again.versioning = true;
        let err = buckets::create(&session, &again).await.unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::BucketAlreadyOwnedByYou, "{region}: {err}");
        let versioning = buckets::settings(&session, &name, region).await.unwrap().versioning;
        assert_eq!(versioning, Versioning::Off, "{region}: the existing bucket's settings are untouched");
    }
}

#[tokio::test]
async fn invalid_names_are_refused_before_the_call_and_by_the_server_too() {
    let server = seaweed();
    let err = buckets::create(&session(server).await, &request("Not_Valid", "us-east-1")).await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidInput { field: "name" }, "our check refuses it: {err}");

    // Sent anyway, SeaweedFS refuses it as S3 does.
    let refused = server.peer().create_bucket().bucket("Not_Valid").send().await;
    let code = refused.as_ref().err().and_then(|e| aws_sdk_s3::error::ProvideErrorMetadata::code(e));
    assert_eq!(code, Some("InvalidBucketName"), "{refused:?}");
}

/// Neither local server refuses an ACL this way; these are S3's answers, as documented, to
/// an ACL that Object Ownership does not allow.
#[tokio::test]
async fn acl_refusals_are_explained() {
    for (code, message) in [
        (
            "InvalidBucketAclWithObjectOwnership",
            "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
        ),
        ("AccessControlListNotSupported", "The bucket does not allow ACLs"),
    ] {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>1</RequestId></Error>"
        );
        let server = canned_http("400 Bad Request", body);
        let mut req = request("acl-refused", "eu-west-1");
        req.ownership = Ownership::ObjectWriter;
        req.acl = Some(CannedAcl::Private);
        let err = buckets::create(&session_with(&server.endpoint, "key", "secret").await, &req).await.unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::AclNotAllowed, "{code}: {err}");
        assert!(err.hint().unwrap().contains("bucket policy"), "{code}: the fix is offered: {:?}", err.hint());
    }
}
