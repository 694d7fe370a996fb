//! A bucket's settings as its settings panel shows them: versioning, Object Lock, and
//! whether it is public, each read where the endpoint supports it.

use aws_sdk_s3::types::{BucketVersioningStatus, ObjectLockEnabled, ObjectLockRetentionMode, VersioningConfiguration};

use super::create::{Retention, RetentionMode};
use crate::error::{from_sdk, Call, ErrorKind, Result};
use crate::session::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versioning {
    /// Never turned on.
    Off,
    Enabled,
    /// Was on; existing versions are kept, new writes make no new versions.
    Suspended,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub versioning: Versioning,
    /// `None` when the endpoint does not say.
    pub object_lock: Option<ObjectLock>,
    /// Public per GetBucketPolicyStatus and Block Public Access; `None` when the endpoint
    /// implements neither.
    pub public: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectLock {
    pub enabled: bool,
    pub default_retention: Option<Retention>,
}

pub async fn settings(session: &Session, bucket: &str, region: &str) -> Result<Settings> {
    let s3 = session.s3_in(region);
    let endpoint = session.endpoint_label();
    let call = |permission| Call { permission, endpoint: &endpoint, bucket: Some(bucket), key: None };

    let versioning = s3
        .get_bucket_versioning()
        .bucket(bucket)
        .send()
        .await
        .map_err(|e| from_sdk(e, call("s3:GetBucketVersioning")))?;
    let versioning = match versioning.status() {
        Some(BucketVersioningStatus::Enabled) => Versioning::Enabled,
        Some(BucketVersioningStatus::Suspended) => Versioning::Suspended,
        _ => Versioning::Off,
    };

    let object_lock = match s3.get_object_lock_configuration().bucket(bucket).send().await {
        Ok(out) => out.object_lock_configuration().map(|c| ObjectLock {
            enabled: c.object_lock_enabled() == Some(&ObjectLockEnabled::Enabled),
            default_retention: c.rule().and_then(|r| r.default_retention()).and_then(|d| {
                let mode = match d.mode()? {
                    ObjectLockRetentionMode::Compliance => RetentionMode::Compliance,
                    _ => RetentionMode::Governance,
                };
                // A retention in years is shown in days.
                let days = d.days().or_else(|| d.years().map(|y| y * 365))?;
                Some(Retention { mode, days: days.max(0) as u32 })
            }),
        }),
        Err(e) => match from_sdk(e, call("s3:GetBucketObjectLockConfiguration")).kind() {
            // No configuration: Object Lock is off.
            ErrorKind::Service { code } if code == "ObjectLockConfigurationNotFoundError" => {
                Some(ObjectLock { enabled: false, default_retention: None })
            }
            _ => None,
        },
    };

    Ok(Settings { versioning, object_lock, public: is_public(session, bucket, region).await })
}

/// Whether anyone on the internet can read the bucket: a public policy (unless Block Public
/// Access restricts public buckets) or a public ACL grant (unless it ignores public ACLs).
/// `None` when the endpoint will not tell (it implements neither policy status nor ACLs).
async fn is_public(session: &Session, bucket: &str, region: &str) -> Option<bool> {
    let s3 = session.s3_in(region);
    let code_of =
        |e: &aws_sdk_s3::error::SdkError<_, _>| aws_sdk_s3::error::ProvideErrorMetadata::code(e).map(str::to_owned);

    // Missing configuration, or an endpoint without Block Public Access: nothing is blocked.
    let (ignore_public_acls, restrict_public_buckets) = match s3.get_public_access_block().bucket(bucket).send().await {
        Ok(out) => out
            .public_access_block_configuration()
            .map(|c| (c.ignore_public_acls() == Some(true), c.restrict_public_buckets() == Some(true)))
            .unwrap_or_default(),
        Err(_) => (false, false),
    };
    let policy_public = match s3.get_bucket_policy_status().bucket(bucket).send().await {
        Ok(out) => Some(out.policy_status().and_then(|s| s.is_public()).unwrap_or(false)),
        Err(e) if code_of(&e).as_deref() == Some("NoSuchBucketPolicy") => Some(false),
        Err(_) => None,
    };
    let acl_public = s3.get_bucket_acl().bucket(bucket).send().await.ok().map(|out| {
        out.grants()
            .iter()
            .filter_map(|g| g.grantee()?.uri())
            .any(|uri| uri.ends_with("/global/AllUsers") || uri.ends_with("/global/AuthenticatedUsers"))
    });

    let by_policy = policy_public.map(|p| p && !restrict_public_buckets);
    let by_acl = acl_public.map(|a| a && !ignore_public_acls);
    match (by_policy, by_acl) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        // What could not be read is blocked anyway.
        _ if restrict_public_buckets && ignore_public_acls => Some(false),
        _ => None,
    }
}

/// Turns versioning on, or suspends it (S3 cannot turn it back off once it was on).
pub async fn set_versioning(session: &Session, bucket: &str, region: &str, enabled: bool) -> Result<()> {
    let endpoint = session.endpoint_label();
    let status = if enabled { BucketVersioningStatus::Enabled } else { BucketVersioningStatus::Suspended };
    session
        .s3_in(region)
        .put_bucket_versioning()
        .bucket(bucket)
        .versioning_configuration(VersioningConfiguration::builder().status(status).build())
        .send()
        .await
        .map_err(|e| {
            from_sdk(
                e,
                Call { permission: "s3:PutBucketVersioning", endpoint: &endpoint, bucket: Some(bucket), key: None },
            )
        })?;
    Ok(())
}
