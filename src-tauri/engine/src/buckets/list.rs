//! Listing buckets.

use aws_sdk_s3::types::BucketLocationConstraint;
use futures_util::{stream, StreamExt};

use crate::error::{from_sdk, Call, Result};
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketSummary {
    pub name: String,
    /// The bucket's region, when the server tells it.
    pub region: Option<String>,
    /// Creation time in milliseconds since the Unix epoch.
    pub created_ms: Option<i64>,
}

/// How many GetBucketLocation calls may run at once when ListBuckets leaves regions out.
const LOCATION_CONCURRENCY: usize = 8;

/// Every bucket the credentials own, sorted by name.
///
/// Amazon S3 includes each bucket's region in paginated ListBuckets responses; for servers
/// that leave it out, the region is asked with GetBucketLocation, a few buckets at a time.
/// An S3-compatible store that will not say either (SeaweedFS answers GetBucketLocation in
/// a shape the SDK cannot read) serves its buckets from the connection's region.
pub async fn list(session: &Session) -> Result<Vec<BucketSummary>> {
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:ListAllMyBuckets", endpoint: &endpoint, bucket: None, key: None };
    let pages: Vec<_> = session
        .s3
        .list_buckets()
        .max_buckets(1000)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| from_sdk(e, call))?;

    let buckets = pages.into_iter().flat_map(|page| page.buckets.unwrap_or_default()).map(|b| BucketSummary {
        region: b.bucket_region().map(str::to_owned),
        created_ms: b.creation_date().and_then(|d| d.to_millis().ok()),
        name: b.name.unwrap_or_default(),
    });
    let mut buckets: Vec<BucketSummary> = stream::iter(buckets)
        .map(|mut bucket| async move {
            if bucket.region.is_none() {
                bucket.region = match location(session, &bucket.name).await {
                    Some(region) => Some(region),
                    None => session.endpoint().map(|_| session.region().to_owned()),
                };
            }
            bucket
        })
        .buffer_unordered(LOCATION_CONCURRENCY)
        .collect()
        .await;
    buckets.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(buckets)
}

/// The region to address `bucket` in: where GetBucketLocation says it is, else the
/// session's own (S3-compatible stores mostly have one region). The SDK does not follow
/// S3's redirects to a bucket's region, so callers that do not know it ask here.
pub async fn locate(session: &Session, bucket: &str) -> String {
    if let Some(region) = session.known_region(bucket) {
        return region;
    }
    let region = location(session, bucket).await.unwrap_or_else(|| session.region().to_owned());
    session.remember_region(bucket, &region);
    region
}

/// The bucket's region from GetBucketLocation, or `None` when the server will not say
/// (missing permission, or a store that does not implement it): the list still shows.
async fn location(session: &Session, bucket: &str) -> Option<String> {
    let out = session.s3.get_bucket_location().bucket(bucket).send().await.ok()?;
    Some(region_of(out.location_constraint()))
}

/// S3's legacy answers: no constraint means us-east-1, and `EU` means eu-west-1.
fn region_of(constraint: Option<&BucketLocationConstraint>) -> String {
    match constraint.map(BucketLocationConstraint::as_str) {
        None | Some("") => "us-east-1".to_owned(),
        Some("EU") => "eu-west-1".to_owned(),
        Some(region) => region.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_location_answers_name_real_regions() {
        assert_eq!(region_of(None), "us-east-1");
        assert_eq!(region_of(Some(&BucketLocationConstraint::from(""))), "us-east-1");
        assert_eq!(region_of(Some(&BucketLocationConstraint::Eu)), "eu-west-1");
        assert_eq!(region_of(Some(&BucketLocationConstraint::ApSouth1)), "ap-south-1");
    }
}
