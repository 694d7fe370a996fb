//! ACL grants as a person reads them, and making one object public with an ACL where the
//! bucket's Object Ownership allows ACLs. Where it does not (bucket owner enforced), S3
//! answers AccessControlListNotSupported, which says to use a bucket policy instead.

use aws_sdk_s3::types::{Grant, ObjectCannedAcl, Type};

use crate::error::{from_sdk, Call, ErrorKind, Result};
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadableGrant {
    /// "Everyone (AllUsers)", "Any AWS account (AuthenticatedUsers)", "Account 1234…", "you@example.com".
    pub grantee: String,
    /// READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL.
    pub permission: String,
    /// For a grant to one of S3's groups, its name: AllUsers, AuthenticatedUsers, LogDelivery.
    pub group: Option<String>,
}

/// The grants of the bucket (no key) or of one object.
pub async fn grants(session: &Session, bucket: &str, region: &str, key: Option<&str>) -> Result<Vec<ReadableGrant>> {
    let endpoint = session.endpoint_label();
    let s3 = session.s3_in(region);
    let list = match key {
        Some(key) => {
            let call =
                Call { permission: "s3:GetObjectAcl", endpoint: &endpoint, bucket: Some(bucket), key: Some(key) };
            s3.get_object_acl().bucket(bucket).key(key).send().await.map_err(|e| from_sdk(e, call))?.grants
        }
        None => {
            let call = Call { permission: "s3:GetBucketAcl", endpoint: &endpoint, bucket: Some(bucket), key: None };
            s3.get_bucket_acl().bucket(bucket).send().await.map_err(|e| from_sdk(e, call))?.grants
        }
    };
    Ok(list.unwrap_or_default().iter().map(readable).collect())
}

fn readable(grant: &Grant) -> ReadableGrant {
    let permission = grant.permission().map_or("unknown".to_owned(), |p| p.as_str().to_owned());
    let Some(grantee) = grant.grantee() else {
        return ReadableGrant { grantee: "unknown".into(), permission, group: None };
    };
    let group = match grantee.r#type() {
        Type::Group => grantee.uri().and_then(|u| u.rsplit('/').next()).map(str::to_owned),
        _ => None,
    };
    let grantee = match grantee.r#type() {
        Type::Group => match group.as_deref() {
            Some("AllUsers") => "Everyone (AllUsers)".to_owned(),
            Some("AuthenticatedUsers") => "Any AWS account (AuthenticatedUsers)".to_owned(),
            Some("LogDelivery") => "S3 log delivery".to_owned(),
            other => format!("Group {}", other.unwrap_or("unknown")),
        },
        Type::AmazonCustomerByEmail => grantee.email_address().unwrap_or("an email address").to_owned(),
        _ => match (grantee.display_name(), grantee.id()) {
            (Some(name), _) if !name.is_empty() => format!("{name} (canonical user)"),
            (_, Some(id)) => format!("Canonical user {}…", &id[..id.len().min(12)]),
            _ => "unknown".to_owned(),
        },
    };
    ReadableGrant { grantee, permission, group }
}

/// Grants everyone read access to one object with the `public-read` canned ACL.
pub async fn make_object_public(session: &Session, bucket: &str, region: &str, key: &str) -> Result<()> {
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:PutObjectAcl", endpoint: &endpoint, bucket: Some(bucket), key: Some(key) };
    session
        .s3_in(region)
        .put_object_acl()
        .bucket(bucket)
        .key(key)
        .acl(ObjectCannedAcl::PublicRead)
        .send()
        .await
        .map_err(|e| match from_sdk(e, call) {
            // Block Public Access refuses a public ACL with AccessDenied too.
            error if matches!(error.kind(), ErrorKind::AccessDenied { .. }) => error.with_hint(
                "If Block Public Access is on for this bucket or account, untick \"Block public ACLs\" and \"Ignore public ACLs\" first; otherwise the credentials need s3:PutObjectAcl.",
            ),
            error => error,
        })?;
    Ok(())
}
