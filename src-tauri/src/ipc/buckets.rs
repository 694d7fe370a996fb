//! The shapes of the bucket commands.

use s3desk_engine::buckets::acceleration;
use s3desk_engine::buckets::{
    BucketSummary, CannedAcl, Contents, CreateBucket, Created, ObjectLock, Ownership, Retention, RetentionMode,
    Settings, Versioning,
};
use s3desk_engine::deletion::{self, Progress};
use s3desk_engine::multipart;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::objects::ObjectFailure;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Bucket {
    pub name: String,
    pub region: Option<String>,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number | null")]
    pub created_ms: Option<i64>,
}

impl From<BucketSummary> for Bucket {
    fn from(b: BucketSummary) -> Self {
        Self { name: b.name, region: b.region, created_ms: b.created_ms }
    }
}

/// What the create-bucket dialog knows of a name while it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NameCheck {
    /// Every rule it breaks, each as an instruction; empty when S3 would accept it.
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OwnershipChoice {
    BucketOwnerEnforced,
    BucketOwnerPreferred,
    ObjectWriter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum AclChoice {
    Private,
    PublicRead,
    PublicReadWrite,
    AuthenticatedRead,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RetentionModeChoice {
    Governance,
    Compliance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RetentionView {
    pub mode: RetentionModeChoice,
    pub days: u32,
}

/// The create-bucket dialog's contents.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct CreateBucketInput {
    pub name: String,
    pub region: String,
    pub ownership: OwnershipChoice,
    /// null sends no ACL: private.
    pub acl: Option<AclChoice>,
    /// Empty for none.
    pub grant_read: String,
    pub grant_write: String,
    pub block_public_access: bool,
    pub object_lock: bool,
    pub default_retention: Option<RetentionView>,
    pub versioning: bool,
}

impl From<CreateBucketInput> for CreateBucket {
    fn from(i: CreateBucketInput) -> Self {
        let grant = |g: String| Some(g).filter(|g| !g.trim().is_empty());
        Self {
            name: i.name.trim().to_owned(),
            region: i.region.trim().to_owned(),
            ownership: match i.ownership {
                OwnershipChoice::BucketOwnerEnforced => Ownership::BucketOwnerEnforced,
                OwnershipChoice::BucketOwnerPreferred => Ownership::BucketOwnerPreferred,
                OwnershipChoice::ObjectWriter => Ownership::ObjectWriter,
            },
            acl: i.acl.map(|a| match a {
                AclChoice::Private => CannedAcl::Private,
                AclChoice::PublicRead => CannedAcl::PublicRead,
                AclChoice::PublicReadWrite => CannedAcl::PublicReadWrite,
                AclChoice::AuthenticatedRead => CannedAcl::AuthenticatedRead,
            }),
            grant_read: grant(i.grant_read),
            grant_write: grant(i.grant_write),
            block_public_access: i.block_public_access,
            object_lock: i.object_lock,
            default_retention: i.default_retention.map(Retention::from),
            versioning: i.versioning,
        }
    }
}

impl From<RetentionView> for Retention {
    fn from(r: RetentionView) -> Self {
        let mode = match r.mode {
            RetentionModeChoice::Governance => RetentionMode::Governance,
            RetentionModeChoice::Compliance => RetentionMode::Compliance,
        };
        Self { mode, days: r.days }
    }
}

impl From<Retention> for RetentionView {
    fn from(r: Retention) -> Self {
        let mode = match r.mode {
            RetentionMode::Governance => RetentionModeChoice::Governance,
            RetentionMode::Compliance => RetentionModeChoice::Compliance,
        };
        Self { mode, days: r.days }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CreatedBucket {
    pub name: String,
    pub region: String,
    pub warnings: Vec<String>,
}

impl From<Created> for CreatedBucket {
    fn from(c: Created) -> Self {
        Self { name: c.name, region: c.region, warnings: c.warnings }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VersioningState {
    Off,
    Enabled,
    Suspended,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ObjectLockView {
    pub enabled: bool,
    pub default_retention: Option<RetentionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BucketSettings {
    pub versioning: VersioningState,
    /// null when the endpoint does not say.
    pub object_lock: Option<ObjectLockView>,
    /// null when the endpoint cannot tell.
    pub public: Option<bool>,
}

impl From<Settings> for BucketSettings {
    fn from(s: Settings) -> Self {
        Self {
            versioning: match s.versioning {
                Versioning::Off => VersioningState::Off,
                Versioning::Enabled => VersioningState::Enabled,
                Versioning::Suspended => VersioningState::Suspended,
            },
            object_lock: s.object_lock.map(|ObjectLock { enabled, default_retention }| ObjectLockView {
                enabled,
                default_retention: default_retention.map(RetentionView::from),
            }),
            public: s.public,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BucketContents {
    #[ts(type = "number")]
    pub objects: u64,
    #[ts(type = "number")]
    pub versions: u64,
    #[ts(type = "number")]
    pub delete_markers: u64,
    #[ts(type = "number")]
    pub uploads: u64,
    /// false when counting stopped at its time limit: the numbers are "at least".
    pub complete: bool,
}

impl From<Contents> for BucketContents {
    fn from(c: Contents) -> Self {
        Self {
            objects: c.objects,
            versions: c.versions,
            delete_markers: c.delete_markers,
            uploads: c.uploads,
            complete: c.complete,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeleteProgress {
    #[ts(type = "number")]
    pub deleted: u64,
    #[ts(type = "number")]
    pub failed: u64,
    #[ts(type = "number")]
    pub uploads_aborted: u64,
}

impl From<Progress> for DeleteProgress {
    fn from(p: Progress) -> Self {
        Self { deleted: p.deleted, failed: p.failed, uploads_aborted: p.uploads_aborted }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeleteReport {
    pub progress: DeleteProgress,
    /// The first keys S3 refused to delete, with its reason.
    pub failures: Vec<ObjectFailure>,
    pub cancelled: bool,
}

impl From<deletion::DeleteReport> for DeleteReport {
    fn from(e: deletion::DeleteReport) -> Self {
        Self {
            progress: e.progress.into(),
            failures: e.failures.into_iter().map(ObjectFailure::from).collect(),
            cancelled: e.cancelled,
        }
    }
}

/// A multipart upload left unfinished in a bucket (billed until aborted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnfinishedMultipart {
    pub key: String,
    pub upload_id: String,
    #[ts(type = "number | null")]
    pub initiated_ms: Option<i64>,
    /// Counted for the first 100 uploads only.
    #[ts(type = "number | null")]
    pub parts: Option<u64>,
    #[ts(type = "number | null")]
    pub bytes: Option<u64>,
}

impl From<multipart::Unfinished> for UnfinishedMultipart {
    fn from(u: multipart::Unfinished) -> Self {
        Self { key: u.key, upload_id: u.upload_id, initiated_ms: u.initiated_ms, parts: u.parts, bytes: u.bytes }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct UploadRef {
    pub key: String,
    pub upload_id: String,
}

/// Transfer Acceleration as the bucket panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AccelerationView {
    /// `off` (never configured), `enabled` or `suspended`; null when it cannot be used here.
    pub status: Option<String>,
    /// Why it cannot be used for this bucket, when it cannot.
    pub unavailable: Option<String>,
    /// This connection's transfers go through the accelerate endpoint where it is on.
    pub used_by_connection: bool,
}

/// Upload speeds of one sample through each endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AccelerationComparison {
    pub regional_mib_s: f64,
    pub accelerated_mib_s: f64,
    pub sample_bytes: u32,
}

impl AccelerationView {
    pub fn of(status: acceleration::Acceleration, used_by_connection: bool) -> Self {
        let status = match status {
            acceleration::Acceleration::Off => "off",
            acceleration::Acceleration::Enabled => "enabled",
            acceleration::Acceleration::Suspended => "suspended",
        };
        Self { status: Some(status.into()), unavailable: None, used_by_connection }
    }
}
