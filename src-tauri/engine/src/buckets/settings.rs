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

/// Whether the bucket keeps old versions of what is replaced or deleted.
pub async fn versioning(session: &Session, bucket: &str, region: &str) -> Result<Versioning> {
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:GetBucketVersioning", endpoint: &endpoint, bucket: Some(bucket), key: None };
    let out =
        session.s3_in(region).get_bucket_versioning().bucket(bucket).send().await.map_err(|e| from_sdk(e, call))?;
    Ok(match out.status() {
        Some(BucketVersioningStatus::Enabled) => Versioning::Enabled,
        Some(BucketVersioningStatus::Suspended) => Versioning::Suspended,
        _ => Versioning::Off,
    })
}

pub async fn settings(session: &Session, bucket: &str, region: &str) -> Result<Settings> {
    let s3 = session.s3_in(region);
    let endpoint = session.endpoint_label();
    let call = |permission| Call { permission, endpoint: &endpoint, bucket: Some(bucket), key: None };
    let versioning = versioning(session, bucket, region).await?;

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

    // Whether anyone on the internet can read it, as the Permissions view decides it; `None`
    // when the endpoint will not say.
    let public = crate::access::summary::exposure(session, bucket, region).await.ok().and_then(|e| e.public);
    Ok(Settings { versioning, object_lock, public })
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
