//! What is in a bucket, emptying it, and deleting it. Emptying removes every object, every
//! version and delete marker, and every unfinished multipart upload (they are billed too),
//! 1000 keys per DeleteObjects call, with progress, cancellable between batches.

use std::time::{Duration, Instant};

use aws_sdk_s3::error::SdkError;
use aws_sdk_s3::operation::list_multipart_uploads::{ListMultipartUploadsError, ListMultipartUploadsOutput};
use aws_sdk_s3::operation::list_object_versions::{ListObjectVersionsError, ListObjectVersionsOutput};
use aws_sdk_s3::types::{BucketVersioningStatus, Delete, ObjectIdentifier};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use futures_util::{stream, StreamExt};
use tokio_util::sync::CancellationToken;

use crate::error::{from_sdk, Call, Result};
use crate::session::Session;

/// What a bucket holds, as far as counting got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    /// Current objects (the latest version of each key, when versioned).
    pub objects: u64,
    /// Older versions of objects (only in buckets that were ever versioned).
    pub versions: u64,
    pub delete_markers: u64,
    pub uploads: u64,
    /// `false` when counting stopped at its time limit: the numbers are a lower bound.
    pub complete: bool,
}

/// One step of emptying, for a progress bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub deleted: u64,
    pub failed: u64,
    pub uploads_aborted: u64,
}

/// A key S3 would not delete, and why (e.g. an Object Lock retention).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFailure {
    pub key: String,
    pub version_id: Option<String>,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Emptied {
    pub progress: Progress,
    pub failures: Vec<KeyFailure>,
    /// Emptying stopped because it was cancelled; what was not reached is intact.
    pub cancelled: bool,
}

/// DeleteObjects takes at most this many keys.
const BATCH: i32 = 1000;
/// How many AbortMultipartUpload calls run at once (there is no batch form).
const ABORT_CONCURRENCY: usize = 8;
/// Failures kept in full for the report; beyond this only their count.
const FAILURES_KEPT: usize = 100;

/// Counts what the bucket holds, for at most `time_limit`.
pub async fn count(session: &Session, bucket: &str, region: &str, time_limit: Duration) -> Result<Contents> {
    let deadline = Instant::now() + time_limit;
    let s3 = session.s3_in(region);
    let endpoint = session.endpoint_label();
    let call = |permission| Call { permission, endpoint: &endpoint, bucket: Some(bucket) };
    let mut contents = Contents { complete: true, ..Default::default() };

    if ever_versioned(session, bucket, region).await? {
        let mut markers = Markers::default();
        while let Some(page) = versions_page(&s3, bucket, &mut markers).await.map_err(|e| from_sdk(e, call("s3:ListBucketVersions")))? {
            for version in page.versions() {
                if version.is_latest() == Some(true) {
                    contents.objects += 1;
                } else {
                    contents.versions += 1;
                }
            }
            contents.delete_markers += page.delete_markers().len() as u64;
            if Instant::now() > deadline {
                contents.complete = false;
                break;
            }
        }
    } else {
        let mut pages = s3.list_objects_v2().bucket(bucket).max_keys(BATCH).into_paginator().send();
        while let Some(page) = pages.next().await {
            contents.objects += page.map_err(|e| from_sdk(e, call("s3:ListBucket")))?.contents().len() as u64;
            if Instant::now() > deadline {
                contents.complete = false;
                break;
            }
        }
    }

    let mut markers = Markers::default();
    while let Some(page) = uploads_page(&s3, bucket, &mut markers).await.map_err(|e| from_sdk(e, call("s3:ListBucketMultipartUploads")))? {
        contents.uploads += page.uploads().len() as u64;
        if Instant::now() > deadline {
            contents.complete = false;
            break;
        }
    }
    Ok(contents)
}

/// Deletes everything in the bucket, reporting progress after each batch. Cancelling stops
/// after the batch in flight; keys S3 refuses to delete are reported, not hidden.
pub async fn empty(
    session: &Session,
    bucket: &str,
    region: &str,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(Progress),
) -> Result<Emptied> {
    let mut emptied = Emptied::default();
    let versioned = ever_versioned(session, bucket, region).await?;
    let s3 = session.s3_in(region);
    let endpoint = session.endpoint_label();
    let call = |permission| Call { permission, endpoint: &endpoint, bucket: Some(bucket) };

    // Each page of a listing becomes one DeleteObjects call.
    let (list_permission, delete_permission) =
        if versioned { ("s3:ListBucketVersions", "s3:DeleteObjectVersion") } else { ("s3:ListBucket", "s3:DeleteObject") };
    let mut markers = Markers::default();
    let mut object_pages = s3.list_objects_v2().bucket(bucket).max_keys(BATCH).into_paginator().send();
    loop {
        if cancel.is_cancelled() {
            emptied.cancelled = true;
            return Ok(emptied);
        }
        let batch: Vec<ObjectIdentifier> = if versioned {
            let Some(page) = versions_page(&s3, bucket, &mut markers).await.map_err(|e| from_sdk(e, call(list_permission)))? else {
                break;
            };
            let versions = page.versions().iter().map(|v| (v.key(), v.version_id()));
            let delete_markers = page.delete_markers().iter().map(|m| (m.key(), m.version_id()));
            versions.chain(delete_markers).filter_map(|(key, version)| identifier(key?, version)).collect()
        } else {
            let Some(page) = object_pages.next().await else { break };
            let page = page.map_err(|e| from_sdk(e, call(list_permission)))?;
            page.contents().iter().filter_map(|o| identifier(o.key()?, None)).collect()
        };
        if batch.is_empty() {
            continue;
        }
        let count = batch.len() as u64;
        let delete = Delete::builder().set_objects(Some(batch)).quiet(true).build().expect("objects are set");
        let out = s3
            .delete_objects()
            .bucket(bucket)
            .delete(delete)
            .send()
            .await
            .map_err(|e| from_sdk(e, call(delete_permission)))?;
        let errors = out.errors();
        emptied.progress.deleted += count - errors.len() as u64;
        emptied.progress.failed += errors.len() as u64;
        for error in errors.iter().take(FAILURES_KEPT.saturating_sub(emptied.failures.len())) {
            emptied.failures.push(KeyFailure {
                key: error.key().unwrap_or_default().to_owned(),
                version_id: error.version_id().map(str::to_owned),
                code: error.code().unwrap_or("Unknown").to_owned(),
                message: error.message().unwrap_or_default().to_owned(),
            });
        }
        on_progress(emptied.progress.clone());
    }

    let mut markers = Markers::default();
    loop {
        if cancel.is_cancelled() {
            emptied.cancelled = true;
            return Ok(emptied);
        }
        let Some(page) = uploads_page(&s3, bucket, &mut markers).await.map_err(|e| from_sdk(e, call("s3:ListBucketMultipartUploads")))? else {
            break;
        };
        // Owned pairs: a borrowing iterator held across the awaits below would keep the
        // future from being Send.
        let aborts: Vec<(String, String)> =
            page.uploads().iter().filter_map(|u| Some((u.key()?.to_owned(), u.upload_id()?.to_owned()))).collect();
        let results: Vec<_> = stream::iter(aborts)
            .map(|(key, upload_id)| {
                let s3 = s3.clone();
                async move { s3.abort_multipart_upload().bucket(bucket).key(key).upload_id(upload_id).send().await }
            })
            .buffer_unordered(ABORT_CONCURRENCY)
            .collect()
            .await;
        for result in results {
            result.map_err(|e| from_sdk(e, call("s3:AbortMultipartUpload")))?;
            emptied.progress.uploads_aborted += 1;
        }
        on_progress(emptied.progress.clone());
    }
    Ok(emptied)
}

/// Deletes the (empty) bucket.
pub async fn delete(session: &Session, bucket: &str, region: &str) -> Result<()> {
    let endpoint = session.endpoint_label();
    session
        .s3_in(region)
        .delete_bucket()
        .bucket(bucket)
        .send()
        .await
        .map_err(|e| from_sdk(e, Call { permission: "s3:DeleteBucket", endpoint: &endpoint, bucket: Some(bucket) }))?;
    Ok(())
}

/// Whether versioning is or was ever on: then versions and delete markers may exist and
/// must be listed and deleted by version id.
async fn ever_versioned(session: &Session, bucket: &str, region: &str) -> Result<bool> {
    let endpoint = session.endpoint_label();
    let out = session
        .s3_in(region)
        .get_bucket_versioning()
        .bucket(bucket)
        .send()
        .await
        .map_err(|e| from_sdk(e, Call { permission: "s3:GetBucketVersioning", endpoint: &endpoint, bucket: Some(bucket) }))?;
    Ok(matches!(out.status(), Some(BucketVersioningStatus::Enabled | BucketVersioningStatus::Suspended)))
}

/// Where the next page of a listing with two markers starts (ListObjectVersions,
/// ListMultipartUploads: the SDK has no paginator for these).
#[derive(Default)]
struct Markers {
    key: Option<String>,
    second: Option<String>,
    done: bool,
}

impl Markers {
    fn advance(&mut self, truncated: Option<bool>, key: Option<&str>, second: Option<&str>) {
        self.key = key.map(str::to_owned);
        self.second = second.map(str::to_owned);
        self.done = truncated != Some(true) || (self.key.is_none() && self.second.is_none());
    }
}

async fn versions_page(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    markers: &mut Markers,
) -> Result<Option<ListObjectVersionsOutput>, SdkError<ListObjectVersionsError, HttpResponse>> {
    if markers.done {
        return Ok(None);
    }
    let page = s3
        .list_object_versions()
        .bucket(bucket)
        .max_keys(BATCH)
        .set_key_marker(markers.key.take())
        .set_version_id_marker(markers.second.take())
        .send()
        .await?;
    markers.advance(page.is_truncated(), page.next_key_marker(), page.next_version_id_marker());
    Ok(Some(page))
}

async fn uploads_page(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    markers: &mut Markers,
) -> Result<Option<ListMultipartUploadsOutput>, SdkError<ListMultipartUploadsError, HttpResponse>> {
    if markers.done {
        return Ok(None);
    }
    let page = s3
        .list_multipart_uploads()
        .bucket(bucket)
        .set_key_marker(markers.key.take())
        .set_upload_id_marker(markers.second.take())
        .send()
        .await?;
    markers.advance(page.is_truncated(), page.next_key_marker(), page.next_upload_id_marker());
    Ok(Some(page))
}

fn identifier(key: &str, version_id: Option<&str>) -> Option<ObjectIdentifier> {
    ObjectIdentifier::builder().key(key).set_version_id(version_id.map(str::to_owned)).build().ok()
}
