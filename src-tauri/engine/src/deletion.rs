//! Deleting many keys the way S3 wants it: 1000 per DeleteObjects call, progress after each
//! call, cancellable between calls, and every key S3 refuses reported with its reason.
//! Shared by emptying a bucket and deleting a folder.

use aws_sdk_s3::types::{Delete, EncodingType, ObjectIdentifier};
use tokio_util::sync::CancellationToken;

use crate::error::{from_code, from_sdk, Call, Result};
use crate::listing::decoded;
use crate::objects::ObjectFailure;

/// DeleteObjects takes at most this many keys, and listings give at most this many a page.
pub(crate) const BATCH: i32 = 1000;
/// Failures kept in full for the report; beyond this only their count.
const FAILURES_KEPT: usize = 100;

/// How far a deletion got, for a progress bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub deleted: u64,
    pub failed: u64,
    pub uploads_aborted: u64,
}

#[derive(Debug, Default)]
pub struct DeleteReport {
    pub progress: Progress,
    /// The first keys S3 refused, with its reasons (e.g. an Object Lock retention).
    pub failures: Vec<ObjectFailure>,
    /// The deletion stopped because it was cancelled; what was not reached is intact.
    pub cancelled: bool,
}

/// Deletes one batch (at most [`BATCH`] keys) and adds the outcome to `report`.
pub(crate) async fn delete_batch(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    batch: Vec<ObjectIdentifier>,
    call: Call<'_>,
    report: &mut DeleteReport,
) -> Result<()> {
    let batch_len = batch.len();
    // A key XML cannot carry (a control character) cannot go in DeleteObjects' body, and a
    // lone key needs no batch: those go one DeleteObject each.
    let (alone, batch): (Vec<_>, Vec<_>) = batch.into_iter().partition(|o| batch_len == 1 || !xml_safe(o.key()));
    for object in alone {
        let deleted = s3
            .delete_object()
            .bucket(bucket)
            .key(object.key())
            .set_version_id(object.version_id().map(str::to_owned))
            .send()
            .await;
        match deleted {
            Ok(_) => report.progress.deleted += 1,
            Err(e) => {
                if report.failures.len() < FAILURES_KEPT {
                    let error = from_sdk(e, Call { key: Some(object.key()), ..call });
                    let version_id = object.version_id().map(str::to_owned);
                    report.failures.push(ObjectFailure { key: object.key().to_owned(), version_id, error });
                }
                report.progress.failed += 1;
            }
        }
    }
    if batch.is_empty() {
        return Ok(());
    }
    let count = batch.len() as u64;
    // Some stores leave the version out of a refusal: it is the one this batch asked for.
    let asked: std::collections::HashMap<String, Option<String>> =
        batch.iter().map(|o| (o.key().to_owned(), o.version_id().map(str::to_owned))).collect();
    let delete = Delete::builder().set_objects(Some(batch)).quiet(true).build().expect("objects are set");
    let out = s3.delete_objects().bucket(bucket).delete(delete).send().await.map_err(|e| from_sdk(e, call))?;
    let errors = out.errors();
    report.progress.deleted += count - errors.len() as u64;
    report.progress.failed += errors.len() as u64;
    for refused in errors.iter().take(FAILURES_KEPT.saturating_sub(report.failures.len())) {
        let key = refused.key().unwrap_or_default();
        let error = from_code(refused.code().unwrap_or("Unknown"), refused.message(), Call { key: Some(key), ..call });
        let version_id = refused.version_id().map(str::to_owned).or_else(|| asked.get(key).cloned().flatten());
        report.failures.push(ObjectFailure { key: key.to_owned(), version_id, error });
    }
    Ok(())
}

/// Whether XML 1.0 can carry `key`: no control characters but tab, newline and return.
fn xml_safe(key: &str) -> bool {
    !key.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Deletes every current object whose key starts with `prefix`, page by page. Returns
/// `false` when cancelled (and marks the report so).
pub(crate) async fn delete_under_prefix(
    s3: &aws_sdk_s3::Client,
    bucket: &str,
    prefix: &str,
    calls: (Call<'_>, Call<'_>),
    cancel: &CancellationToken,
    on_progress: &mut impl FnMut(Progress),
    report: &mut DeleteReport,
) -> Result<bool> {
    let (list, delete) = calls;
    let mut pages = s3
        .list_objects_v2()
        .bucket(bucket)
        .prefix(prefix)
        .encoding_type(EncodingType::Url)
        .max_keys(BATCH)
        .into_paginator()
        .send();
    loop {
        if cancel.is_cancelled() {
            report.cancelled = true;
            return Ok(false);
        }
        let Some(page) = pages.next().await else { return Ok(true) };
        let page = page.map_err(|e| from_sdk(e, list))?;
        let batch = page.contents().iter().filter_map(|o| identifier(&decoded(o.key()?), None)).collect();
        delete_batch(s3, bucket, batch, delete, report).await?;
        on_progress(report.progress.clone());
    }
}

pub(crate) fn identifier(key: &str, version_id: Option<&str>) -> Option<ObjectIdentifier> {
    ObjectIdentifier::builder().key(key).set_version_id(version_id.map(str::to_owned)).build().ok()
}
