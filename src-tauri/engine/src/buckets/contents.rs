//! What is in a bucket, emptying it, and deleting it. Emptying removes every object, every
//! version and delete marker, and every unfinished multipart upload (they are billed too),
//! 1000 keys per DeleteObjects call, with progress, cancellable between batches.

use std::time::{Duration, Instant};

use aws_sdk_s3::error::SdkError;
use aws_sdk_s3::operation::list_multipart_uploads::{ListMultipartUploadsError, ListMultipartUploadsOutput};
use aws_sdk_s3::operation::list_object_versions::{ListObjectVersionsError, ListObjectVersionsOutput};
use aws_sdk_s3::types::{BucketVersioningStatus, EncodingType};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use futures_util::{stream, StreamExt};
use tokio_util::sync::CancellationToken;

use crate::deletion::{delete_batch, delete_under_prefix, identifier, DeleteReport, Progress, BATCH};
use crate::error::{from_sdk, Call, Result};
use crate::listing::decoded;
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

/// How many AbortMultipartUpload calls run at once (there is no batch form).
const ABORT_CONCURRENCY: usize = 8;

/// Counts what the bucket holds, for at most `time_limit`.
pub async fn count(session: &Session, bucket: &str, region: &str, time_limit: Duration) -> Result<Contents> {
    let deadline = Instant::now() + time_limit;
    let s3 = session.s3_in(region);
    let endpoint = session.endpoint_label();
    let call = |permission| Call { permission, endpoint: &endpoint, bucket: Some(bucket), key: None };
    let mut contents = Contents { complete: true, ..Default::default() };

    if ever_versioned(session, bucket, region).await? {
        let mut markers = Markers::default();
        while let Some(page) =
            versions_page(&s3, bucket, &mut markers).await.map_err(|e| from_sdk(e, call("s3:ListBucketVersions")))?
        {
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
    while let Some(page) =
        uploads_page(&s3, bucket, &mut markers).await.map_err(|e| from_sdk(e, call("s3:ListBucketMultipartUploads")))?
    {
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
) -> Result<DeleteReport> {
    let mut report = DeleteReport::default();
    let versioned = ever_versioned(session, bucket, region).await?;
    let s3 = session.s3_in(region);
    let endpoint = session.endpoint_label();
    let call = |permission| Call { permission, endpoint: &endpoint, bucket: Some(bucket), key: None };

    // Each page of a listing becomes one DeleteObjects call.
    if versioned {
        let (list, delete) = (call("s3:ListBucketVersions"), call("s3:DeleteObjectVersion"));
        let mut markers = Markers::default();
        loop {
            if cancel.is_cancelled() {
                report.cancelled = true;
                return Ok(report);
            }
            let Some(page) = versions_page(&s3, bucket, &mut markers).await.map_err(|e| from_sdk(e, list))? else {
                break;
            };
            let versions = page.versions().iter().map(|v| (v.key(), v.version_id()));
            let delete_markers = page.delete_markers().iter().map(|m| (m.key(), m.version_id()));
            let batch = versions
                .chain(delete_markers)
                .filter_map(|(key, version)| identifier(&decoded(key?), version))
                .collect();
            delete_batch(&s3, bucket, batch, delete, &mut report).await?;
            on_progress(report.progress.clone());
        }
    } else {
        let calls = (call("s3:ListBucket"), call("s3:DeleteObject"));
        if !delete_under_prefix(&s3, bucket, "", calls, cancel, &mut on_progress, &mut report).await? {
            return Ok(report);
        }
    }

    let mut markers = Markers::default();
    loop {
        if cancel.is_cancelled() {
            report.cancelled = true;
            return Ok(report);
        }
        let Some(page) = uploads_page(&s3, bucket, &mut markers)
            .await
            .map_err(|e| from_sdk(e, call("s3:ListBucketMultipartUploads")))?
        else {
            break;
        };
        // Owned pairs: a borrowing iterator held across the awaits below would keep the
        // future from being Send.
        let aborts: Vec<(String, String)> =
            page.uploads().iter().filter_map(|u| Some((decoded(u.key()?), u.upload_id()?.to_owned()))).collect();
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
            report.progress.uploads_aborted += 1;
        }
        on_progress(report.progress.clone());
    }
    Ok(report)
}

/// Deletes the (empty) bucket.
pub async fn delete(session: &Session, bucket: &str, region: &str) -> Result<()> {
    let endpoint = session.endpoint_label();
    session.s3_in(region).delete_bucket().bucket(bucket).send().await.map_err(|e| {
        from_sdk(e, Call { permission: "s3:DeleteBucket", endpoint: &endpoint, bucket: Some(bucket), key: None })
    })?;
    Ok(())
}

/// Whether versioning is or was ever on: then versions and delete markers may exist and
/// must be listed and deleted by version id.
async fn ever_versioned(session: &Session, bucket: &str, region: &str) -> Result<bool> {
    let endpoint = session.endpoint_label();
    let out = session.s3_in(region).get_bucket_versioning().bucket(bucket).send().await.map_err(|e| {
        from_sdk(e, Call { permission: "s3:GetBucketVersioning", endpoint: &endpoint, bucket: Some(bucket), key: None })
    })?;
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
        self.key = key.map(decoded);
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
        .encoding_type(EncodingType::Url)
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
        .encoding_type(EncodingType::Url)
        .set_key_marker(markers.key.take())
        .set_upload_id_marker(markers.second.take())
        .send()
        .await?;
    markers.advance(page.is_truncated(), page.next_key_marker(), page.next_upload_id_marker());
    Ok(Some(page))
}
