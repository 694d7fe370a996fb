//! Unfinished multipart uploads of a bucket: parts a crashed client (or another tool) left
//! behind, invisible in listings yet billed as storage until aborted.

use aws_sdk_s3::types::EncodingType;
use futures_util::stream::{self, StreamExt};

use crate::error::{from_sdk, Call, Result};
use crate::listing::decoded;
use crate::session::Session;

/// How many uploads get their parts counted (one ListParts each) in one listing.
const DETAILED: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    pub key: String,
    pub upload_id: String,
    pub initiated_ms: Option<i64>,
    /// Parts and bytes held, for the first uploads listed; `None` beyond them.
    pub parts: Option<u64>,
    pub bytes: Option<u64>,
}

/// Every unfinished upload of the bucket, oldest first, the first 100 with their parts counted.
pub async fn list(session: &Session, bucket: &str, region: &str) -> Result<Vec<Unfinished>> {
    let s3 = session.s3_in(region);
    let endpoint = session.endpoint_label();
    let call =
        Call { permission: "s3:ListBucketMultipartUploads", endpoint: &endpoint, bucket: Some(bucket), key: None };
    // ListMultipartUploads has no paginator in the SDK: follow its markers by hand.
    let (mut found, mut key_marker, mut upload_id_marker) = (Vec::new(), None, None);
    loop {
        let page = s3
            .list_multipart_uploads()
            .bucket(bucket)
            .encoding_type(EncodingType::Url)
            .set_key_marker(key_marker.take())
            .set_upload_id_marker(upload_id_marker.take())
            .send()
            .await
            .map_err(|e| from_sdk(e, call))?;
        found.extend(page.uploads().iter().filter_map(|u| {
            Some(Unfinished {
                key: decoded(u.key()?),
                upload_id: u.upload_id()?.to_owned(),
                initiated_ms: u.initiated().and_then(|d| d.to_millis().ok()),
                parts: None,
                bytes: None,
            })
        }));
        if page.is_truncated() != Some(true) || page.next_key_marker().is_none() {
            break;
        }
        key_marker = page.next_key_marker().map(decoded);
        upload_id_marker = page.next_upload_id_marker().map(str::to_owned);
    }
    found.sort_by_key(|u| u.initiated_ms);
    let counted: Vec<Unfinished> = stream::iter(found.drain(..found.len().min(DETAILED)))
        .map(|mut upload| {
            let s3 = s3.clone();
            async move {
                let mut parts = s3
                    .list_parts()
                    .bucket(bucket)
                    .key(&upload.key)
                    .upload_id(&upload.upload_id)
                    .into_paginator()
                    .send();
                let (mut count, mut bytes) = (0u64, 0u64);
                while let Some(Ok(page)) = parts.next().await {
                    count += page.parts().len() as u64;
                    bytes += page.parts().iter().map(|p| p.size().unwrap_or(0).max(0) as u64).sum::<u64>();
                }
                upload.parts = Some(count);
                upload.bytes = Some(bytes);
                upload
            }
        })
        .buffered(8)
        .collect()
        .await;
    Ok(counted.into_iter().chain(found).collect())
}

/// The uploads under `prefix` started at least `days` days before `now_ms` (0: all of them),
/// as (key, upload id) for [`abort`]. One whose start the store did not say is kept.
pub fn started_before(uploads: Vec<Unfinished>, prefix: &str, days: u32, now_ms: i64) -> Vec<(String, String)> {
    let cutoff = now_ms - i64::from(days) * 86_400_000;
    uploads
        .into_iter()
        .filter(|u| u.key.starts_with(prefix) && u.initiated_ms.is_some_and(|t| t <= cutoff))
        .map(|u| (u.key, u.upload_id))
        .collect()
}

/// Aborts the uploads (key, upload id); one already gone counts as aborted.
pub async fn abort(session: &Session, bucket: &str, region: &str, uploads: &[(String, String)]) -> Result<u64> {
    let s3 = session.s3_in(region);
    let endpoint = session.endpoint_label();
    let mut aborted = 0;
    for (key, upload_id) in uploads {
        let call =
            Call { permission: "s3:AbortMultipartUpload", endpoint: &endpoint, bucket: Some(bucket), key: Some(key) };
        match s3.abort_multipart_upload().bucket(bucket).key(key).upload_id(upload_id).send().await {
            Ok(_) => aborted += 1,
            Err(e) if aws_sdk_s3::error::ProvideErrorMetadata::code(&e) == Some("NoSuchUpload") => aborted += 1,
            Err(e) => return Err(from_sdk(e, call)),
        }
    }
    Ok(aborted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_older_than_the_cutoff_under_the_prefix_are_chosen() {
        let day = 86_400_000;
        let upload = |key: &str, id: &str, initiated_ms| Unfinished {
            key: key.into(),
            upload_id: id.into(),
            initiated_ms,
            parts: None,
            bytes: None,
        };
        let now = 100 * day;
        let uploads = vec![
            upload("logs/old.bin", "1", Some(now - 8 * day)),
            upload("logs/new.bin", "2", Some(now - day)),
            upload("other/old.bin", "3", Some(now - 9 * day)),
            upload("logs/unknown.bin", "4", None),
        ];
        assert_eq!(started_before(uploads.clone(), "logs/", 7, now), [("logs/old.bin".into(), "1".into())]);
        assert_eq!(started_before(uploads, "", 0, now).len(), 3, "0 days: every upload whose start is known");
    }
}
