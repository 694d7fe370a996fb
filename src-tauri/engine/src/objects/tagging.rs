//! An object's tags: read, replaced as a whole (checked against S3's rules first, so a
//! refused set never touches the tags already there), removed; and one tag added to or
//! removed from many objects at once.

use aws_sdk_s3::types::{Tag, Tagging};
use futures_util::stream::{self, StreamExt};
use tokio_util::sync::CancellationToken;

use super::ObjectFailure;
use crate::error::{from_sdk, Call, Error, Result};
use crate::session::Session;

pub type Tags = Vec<(String, String)>;

/// The object's tags (of `version_id`, or of the current version), in S3's order.
pub async fn get(session: &Session, bucket: &str, region: &str, key: &str, version_id: Option<&str>) -> Result<Tags> {
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:GetObjectTagging", endpoint: &endpoint, bucket: Some(bucket), key: Some(key) };
    let out = session
        .s3_in(region)
        .get_object_tagging()
        .bucket(bucket)
        .key(key)
        .set_version_id(version_id.map(str::to_owned))
        .send()
        .await
        .map_err(|e| from_sdk(e, call))?;
    Ok(out.tag_set().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect())
}

/// The most keys [`get_many`] takes: a screenful of rows, with room to spare.
pub const MANY_AT_MOST: usize = 200;

/// The tags of each of `keys` (current versions), a few requests at a time, in the order
/// asked: for the rows a person is looking at, never for a whole bucket (hence at most
/// [`MANY_AT_MOST`] keys).
pub async fn get_many(
    session: &Session,
    bucket: &str,
    region: &str,
    keys: &[String],
) -> Result<Vec<(String, Result<Tags>)>> {
    if keys.len() > MANY_AT_MOST {
        return Err(Error::invalid("objects", format!("Ask for at most {MANY_AT_MOST} objects' tags at once.")));
    }
    Ok(stream::iter(keys.iter().cloned())
        .map(|key| async move {
            let tags = get(session, bucket, region, &key, None).await;
            (key, tags)
        })
        .buffered(8)
        .collect()
        .await)
}

/// Replaces the object's tags with `tags`; an empty set removes them all.
pub async fn set(
    session: &Session,
    bucket: &str,
    region: &str,
    key: &str,
    version_id: Option<&str>,
    tags: &[(String, String)],
) -> Result<()> {
    crate::tags::validate(tags)?;
    let endpoint = session.endpoint_label();
    let s3 = session.s3_in(region);
    if tags.is_empty() {
        let call =
            Call { permission: "s3:DeleteObjectTagging", endpoint: &endpoint, bucket: Some(bucket), key: Some(key) };
        s3.delete_object_tagging()
            .bucket(bucket)
            .key(key)
            .set_version_id(version_id.map(str::to_owned))
            .send()
            .await
            .map_err(|e| from_sdk(e, call))?;
        return Ok(());
    }
    let call = Call { permission: "s3:PutObjectTagging", endpoint: &endpoint, bucket: Some(bucket), key: Some(key) };
    let set = tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build().map_err(|e| Error::invalid("tags", e.to_string())))
        .collect::<Result<Vec<_>>>()?;
    let tagging =
        Tagging::builder().set_tag_set(Some(set)).build().map_err(|e| Error::invalid("tags", e.to_string()))?;
    s3.put_object_tagging()
        .bucket(bucket)
        .key(key)
        .set_version_id(version_id.map(str::to_owned))
        .tagging(tagging)
        .send()
        .await
        .map_err(|e| from_sdk(e, call))?;
    Ok(())
}

/// One change to make to many objects' tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Adds the tag, or gives an existing key this value.
    Put(String, String),
    Remove(String),
}

#[derive(Debug, Default)]
pub struct BulkReport {
    pub changed: u64,
    pub failures: Vec<ObjectFailure>,
    pub cancelled: bool,
}

/// Applies `change` to each of `keys`, a few at a time (read, change, check, write), with
/// the objects it could not change and why.
pub async fn change_many(
    session: &Session,
    bucket: &str,
    region: &str,
    keys: &[String],
    change: &Change,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(u64),
) -> Result<BulkReport> {
    let mut report = BulkReport::default();
    // Owned keys: a closure over borrowed ones makes the future too particular to be Send.
    let mut results = stream::iter(keys.iter().cloned())
        .map(|key| async move {
            if cancel.is_cancelled() {
                return (key, None);
            }
            let changed = async {
                let mut tags = get(session, bucket, region, &key, None).await?;
                tags.retain(|(k, _)| match change {
                    Change::Put(name, _) | Change::Remove(name) => k != name,
                });
                if let Change::Put(name, value) = change {
                    tags.push((name.clone(), value.clone()));
                }
                set(session, bucket, region, &key, None, &tags).await
            };
            let changed = changed.await;
            (key, Some(changed))
        })
        .buffer_unordered(8);
    while let Some((key, result)) = results.next().await {
        match result {
            None => report.cancelled = true,
            Some(Ok(())) => report.changed += 1,
            Some(Err(error)) => report.failures.push(ObjectFailure { key, version_id: None, error }),
        }
        on_progress(report.changed + report.failures.len() as u64);
    }
    Ok(report)
}
