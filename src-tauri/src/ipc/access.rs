//! The shapes of the access-control commands.

use s3desk_engine::access::acl::ReadableGrant;
use s3desk_engine::access::block_public::BlockPublicAccess;
use s3desk_engine::access::policy::{Finding, Severity};
use s3desk_engine::access::summary::Access;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BlockFlags {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl From<BlockPublicAccess> for BlockFlags {
    fn from(b: BlockPublicAccess) -> Self {
        Self {
            block_public_acls: b.block_public_acls,
            ignore_public_acls: b.ignore_public_acls,
            block_public_policy: b.block_public_policy,
            restrict_public_buckets: b.restrict_public_buckets,
        }
    }
}

impl From<BlockFlags> for BlockPublicAccess {
    fn from(b: BlockFlags) -> Self {
        Self {
            block_public_acls: b.block_public_acls,
            ignore_public_acls: b.ignore_public_acls,
            block_public_policy: b.block_public_policy,
            restrict_public_buckets: b.restrict_public_buckets,
        }
    }
}

/// The Permissions view of a bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AccessView {
    /// null: this endpoint has no Block Public Access.
    pub block: Option<BlockFlags>,
    /// The saved policy; null when there is none.
    pub policy: Option<String>,
    /// The bucket ACL's grants; null when the endpoint would not say.
    pub grants: Option<Vec<GrantView>>,
    /// BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter; null when not reported.
    pub ownership: Option<String>,
    pub public: Option<bool>,
    /// "Public: the bucket policy lets anyone in (statement 2), and Block Public Access is off."
    pub sentence: String,
}

/// Whether a bucket is public, in one sentence that names the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExposureView {
    /// null when the endpoint would not say enough to know.
    pub public: Option<bool>,
    pub sentence: String,
}

impl From<Access> for AccessView {
    fn from(a: Access) -> Self {
        Self {
            block: a.block.map(Into::into),
            policy: a.policy,
            grants: a.grants.map(|g| g.into_iter().map(Into::into).collect()),
            ownership: a.ownership,
            public: a.exposure.public,
            sentence: a.exposure.sentence,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PolicyFinding {
    /// An error keeps the policy from being saved; a warning asks for a second look.
    pub error: bool,
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub statement: Option<u32>,
}

impl From<Finding> for PolicyFinding {
    fn from(f: Finding) -> Self {
        Self {
            error: f.severity == Severity::Error,
            message: f.message,
            line: f.line.map(|n| n as u32),
            column: f.column.map(|n| n as u32),
            statement: f.statement.map(|n| n as u32),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PolicyTemplate {
    PublicReadBucket,
    PublicReadObject { key: String },
    CrossAccount { account_id: String },
    DenyInsecureTransport,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GrantView {
    pub grantee: String,
    pub permission: String,
}

impl From<ReadableGrant> for GrantView {
    fn from(g: ReadableGrant) -> Self {
        Self { grantee: g.grantee, permission: g.permission }
    }
}
