//! Block Public Access: four switches that override public ACLs and public policies. A bucket
//! that never had the configuration has all four off.

use aws_sdk_s3::types::PublicAccessBlockConfiguration;

use crate::error::{from_sdk, Call, ErrorKind, Result};
use crate::session::Session;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlockPublicAccess {
    /// New public ACLs are refused.
    pub block_public_acls: bool,
    /// Existing public ACLs are ignored.
    pub ignore_public_acls: bool,
    /// New public bucket policies are refused.
    pub block_public_policy: bool,
    /// A public policy only lets AWS services and this account's principals in.
    pub restrict_public_buckets: bool,
}

impl BlockPublicAccess {
    pub const ALL: Self = Self {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };
}

pub async fn get(session: &Session, bucket: &str, region: &str) -> Result<BlockPublicAccess> {
    let endpoint = session.endpoint_label();
    let call =
        Call { permission: "s3:GetBucketPublicAccessBlock", endpoint: &endpoint, bucket: Some(bucket), key: None };
    match session.s3_in(region).get_public_access_block().bucket(bucket).send().await {
        Ok(out) => {
            Ok(out.public_access_block_configuration().map_or_else(BlockPublicAccess::default, |c| BlockPublicAccess {
                block_public_acls: c.block_public_acls() == Some(true),
                ignore_public_acls: c.ignore_public_acls() == Some(true),
                block_public_policy: c.block_public_policy() == Some(true),
                restrict_public_buckets: c.restrict_public_buckets() == Some(true),
            }))
        }
        Err(e) => {
            let error = from_sdk(e, call);
            match error.kind() {
                ErrorKind::Service { code } if code == "NoSuchPublicAccessBlockConfiguration" => {
                    Ok(BlockPublicAccess::default())
                }
                _ => Err(error),
            }
        }
    }
}

/// Saves all four switches in one call, then returns them as read back.
pub async fn put(
    session: &Session,
    bucket: &str,
    region: &str,
    wanted: BlockPublicAccess,
) -> Result<BlockPublicAccess> {
    let endpoint = session.endpoint_label();
    let call =
        Call { permission: "s3:PutBucketPublicAccessBlock", endpoint: &endpoint, bucket: Some(bucket), key: None };
    let configuration = PublicAccessBlockConfiguration::builder()
        .block_public_acls(wanted.block_public_acls)
        .ignore_public_acls(wanted.ignore_public_acls)
        .block_public_policy(wanted.block_public_policy)
        .restrict_public_buckets(wanted.restrict_public_buckets)
        .build();
    session
        .s3_in(region)
        .put_public_access_block()
        .bucket(bucket)
        .public_access_block_configuration(configuration)
        .send()
        .await
        .map_err(|e| from_sdk(e, call))?;
    get(session, bucket, region).await
}
