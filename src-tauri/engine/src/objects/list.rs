//! Listing a bucket like a file manager: one page (up to 1000 entries) at a time, folders
//! from the delimiter, so a bucket of millions of keys is never listed up front.

use crate::deletion::BATCH;
use aws_sdk_s3::types::EncodingType;

use crate::error::{from_sdk, Call, Result};
use crate::listing::decoded;
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectEntry {
    pub key: String,
    pub size: u64,
    /// Milliseconds since the Unix epoch.
    pub last_modified_ms: Option<i64>,
    pub storage_class: Option<String>,
    pub etag: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// "Folders": the common prefixes directly under the listed prefix, each ending in `/`.
    pub folders: Vec<String>,
    pub objects: Vec<ObjectEntry>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<String>,
    /// The server said there is more but gave no way to get it (some S3-compatible stores
    /// cap listings): the listing is incomplete, and the UI says so.
    pub cut_short: bool,
}

/// One page of the keys under `prefix`. With `folders`, keys below a `/` are grouped into
/// folders (ListObjectsV2's delimiter); without, every key under the prefix is listed, for
/// searching a whole subtree.
pub async fn list_page(
    session: &Session,
    bucket: &str,
    region: &str,
    prefix: &str,
    folders: bool,
    continuation: Option<String>,
) -> Result<Page> {
    let endpoint = session.endpoint_label();
    let out = session
        .s3_in(region)
        .list_objects_v2()
        .bucket(bucket)
        .prefix(prefix)
        .encoding_type(EncodingType::Url)
        .set_delimiter(folders.then(|| "/".to_owned()))
        .set_continuation_token(continuation.clone())
        .max_keys(BATCH)
        .send()
        .await
        .map_err(|e| {
            from_sdk(e, Call { permission: "s3:ListBucket", endpoint: &endpoint, bucket: Some(bucket), key: None })
        })?;
    // Some stores repeat the last token instead of ending, or end a truncated page without
    // one: continue only with a new token, and say when the listing was cut short.
    let truncated = out.is_truncated() == Some(true);
    let next = out.next_continuation_token().filter(|t| truncated && Some(*t) != continuation.as_deref());
    Ok(Page {
        next: next.map(str::to_owned),
        cut_short: truncated && next.is_none(),
        folders: out.common_prefixes().iter().filter_map(|p| p.prefix().map(decoded)).collect(),
        objects: out
            .contents()
            .iter()
            .filter_map(|o| {
                Some(ObjectEntry {
                    key: decoded(o.key()?),
                    size: o.size().unwrap_or(0).max(0) as u64,
                    last_modified_ms: o.last_modified().and_then(|d| d.to_millis().ok()),
                    storage_class: o.storage_class().map(|c| c.as_str().to_owned()),
                    etag: o.e_tag().map(str::to_owned),
                })
            })
            .collect(),
    })
}

/// How many keys are under `prefix`, counting for at most `time_limit`; `false` when the
/// count stopped early and is a lower bound.
pub async fn count_under(
    session: &Session,
    bucket: &str,
    region: &str,
    prefix: &str,
    time_limit: std::time::Duration,
) -> Result<(u64, bool)> {
    let deadline = std::time::Instant::now() + time_limit;
    let endpoint = session.endpoint_label();
    let mut pages =
        session.s3_in(region).list_objects_v2().bucket(bucket).prefix(prefix).max_keys(BATCH).into_paginator().send();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            from_sdk(e, Call { permission: "s3:ListBucket", endpoint: &endpoint, bucket: Some(bucket), key: None })
        })?;
        count += page.contents().len() as u64;
        if std::time::Instant::now() > deadline {
            return Ok((count, false));
        }
    }
    Ok((count, true))
}
