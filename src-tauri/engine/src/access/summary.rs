//! Everything the Permissions view shows, read at once: Block Public Access, the policy, the
//! ACL's public grants, Object Ownership, and the sentence that says whether it is public.

use aws_sdk_s3::types::ObjectOwnership;

use super::acl::{self, ReadableGrant};
use super::block_public::{self, BlockPublicAccess};
use super::exposure::{self, Exposure, PublicPolicy};
use super::policy;
use crate::error::{from_sdk, Call, Error, ErrorKind, Result};
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// `None`: the endpoint has no Block Public Access.
    pub block: Option<BlockPublicAccess>,
    pub policy: Option<String>,
    /// The bucket ACL's grants; `None` when the endpoint would not say.
    pub grants: Option<Vec<ReadableGrant>>,
    /// `None`: the endpoint reports no Object Ownership (ACLs then work as before 2023).
    pub ownership: Option<String>,
    pub exposure: Exposure,
}

pub async fn read(session: &Session, bucket: &str, region: &str) -> Result<Access> {
    let reading = Reading::of(session, bucket, region).await?;
    let exposure = reading.exposure(bucket);
    Ok(Access {
        exposure,
        block: reading.block,
        policy: reading.policy.unwrap_or(None),
        grants: reading.grants,
        ownership: ownership(session, bucket, region).await,
    })
}

/// Whether the bucket is public and why, without the rest of the permissions (the bucket
/// list and the bucket panel show only this).
pub async fn exposure(session: &Session, bucket: &str, region: &str) -> Result<Exposure> {
    Ok(Reading::of(session, bucket, region).await?.exposure(bucket))
}

/// What decides whether a bucket is public, as read from the endpoint.
struct Reading {
    block: Option<BlockPublicAccess>,
    /// `Err`: the policy could not be read.
    policy: Result<Option<String>>,
    /// S3's verdict on the policy, where the endpoint gives one.
    verdict: Option<bool>,
    grants: Option<Vec<ReadableGrant>>,
}

impl Reading {
    async fn of(session: &Session, bucket: &str, region: &str) -> Result<Self> {
        let block = match block_public::get(session, bucket, region).await {
            Ok(b) => Some(b),
            Err(e) if matches!(e.kind(), ErrorKind::NotSupported | ErrorKind::Service { .. }) => None,
            Err(e) => return Err(e),
        };
        let policy = policy::get(session, bucket, region).await;
        let verdict = match &policy {
            Ok(Some(_)) => policy::is_public(session, bucket, region).await.ok().flatten(),
            _ => None,
        };
        let grants = acl::grants(session, bucket, region, None).await.ok();
        Ok(Self { block, policy, verdict, grants })
    }

    fn exposure(&self, bucket: &str) -> Exposure {
        let public_policy = match &self.policy {
            Err(_) => None,
            Ok(None) => Some(None),
            Ok(Some(text)) => Some(judge(self.verdict, public_statement(text, bucket))),
        };
        let public_groups = self.grants.as_ref().map(|grants| {
            let mut groups: Vec<String> = grants
                .iter()
                .filter_map(|g| g.group.clone())
                .filter(|group| matches!(group.as_str(), "AllUsers" | "AuthenticatedUsers"))
                .collect();
            groups.sort();
            groups.dedup();
            groups
        });
        exposure::describe(self.block, public_policy, public_groups)
    }
}

/// Whether the policy makes the bucket public: S3's verdict where the endpoint gives one
/// (GetBucketPolicyStatus weighs conditions, such as a source IP range, that our check does
/// not), else our check's. The statement named is the first our check finds.
fn judge(verdict: Option<bool>, statement: Option<usize>) -> Option<PublicPolicy> {
    match verdict {
        Some(true) => Some(PublicPolicy { statement }),
        Some(false) => None,
        None => statement.map(|n| PublicPolicy { statement: Some(n) }),
    }
}

/// The first statement that allows everyone, as the policy check finds it.
fn public_statement(text: &str, bucket: &str) -> Option<usize> {
    policy::check(text, bucket).into_iter().find(|f| f.message.contains("becomes public")).and_then(|f| f.statement)
}

/// The bucket's Object Ownership, or `None` when the endpoint does not report one.
async fn ownership(session: &Session, bucket: &str, region: &str) -> Option<String> {
    let out = session.s3_in(region).get_bucket_ownership_controls().bucket(bucket).send().await.ok()?;
    out.ownership_controls()?.rules().first().map(|r| r.object_ownership().as_str().to_owned())
}

/// Object Ownership's settings: ACLs off (the owner owns all), the owner takes objects
/// uploaded with bucket-owner-full-control, or the uploader owns what it uploads.
pub const OWNERSHIPS: [&str; 3] = ["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"];

/// Sets Object Ownership: who owns uploaded objects, and whether ACLs apply at all.
pub async fn set_ownership(session: &Session, bucket: &str, region: &str, ownership: &str) -> Result<()> {
    use aws_sdk_s3::types::{OwnershipControls, OwnershipControlsRule};
    if !OWNERSHIPS.contains(&ownership) {
        return Err(Error::invalid("ownership", format!("{ownership} is not an Object Ownership setting.")));
    }
    let endpoint = session.endpoint_label();
    let call =
        Call { permission: "s3:PutBucketOwnershipControls", endpoint: &endpoint, bucket: Some(bucket), key: None };
    let rule = OwnershipControlsRule::builder()
        .object_ownership(ObjectOwnership::from(ownership))
        .build()
        .expect("the object ownership is set");
    let controls = OwnershipControls::builder().rules(rule).build().expect("rules are set");
    session
        .s3_in(region)
        .put_bucket_ownership_controls()
        .bucket(bucket)
        .ownership_controls(controls)
        .send()
        .await
        .map_err(|e| from_sdk(e, call))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3s_verdict_on_the_policy_wins_over_ours() {
        let named = |n| Some(PublicPolicy { statement: Some(n) });
        // S3 says public: our statement is named when we found one, none otherwise.
        assert_eq!(judge(Some(true), Some(2)), named(2));
        assert_eq!(judge(Some(true), None), Some(PublicPolicy { statement: None }));
        // S3 says not public (say, a condition limits it to an IP range): not public.
        assert_eq!(judge(Some(false), Some(1)), None);
        // The endpoint gives no verdict: ours decides.
        assert_eq!(judge(None, Some(3)), named(3));
        assert_eq!(judge(None, None), None);
    }
}
