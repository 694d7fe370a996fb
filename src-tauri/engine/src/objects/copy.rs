//! Copying, moving and renaming objects and folders, within a bucket or across buckets, and
//! restoring an old version by copying it over the current one. S3 has no rename: a move is a
//! copy, then a delete of the sources whose copy succeeded, so a failure never loses data.

use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart, EncodingType};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use tokio_util::sync::CancellationToken;

use super::ObjectFailure;
use crate::deletion::{delete_batch, identifier, DeleteReport, BATCH};
use crate::error::{from_sdk, Call, Error, ErrorKind, Result};
use crate::listing::decoded;
use crate::parts::{self, MIB};
use crate::session::Session;
use crate::transfers::Pool;

/// CopyObject copies objects of up to 5 GiB; larger ones are copied part by part.
pub const COPY_OBJECT_LIMIT: u64 = 5 * 1024 * MIB;
/// Objects started at once, and parts of one large object started at once: each request
/// then waits for its turn in the transfers' pool, so copies and transfers together keep
/// one limit on requests in flight. Copies run inside S3: they cost requests, not bandwidth.
const CONCURRENT_COPIES: usize = 8;
const CONCURRENT_PARTS: usize = 8;
const COPY_PART_SIZE: u64 = 512 * MIB;

/// Characters kept as they are in `x-amz-copy-source`: the unreserved ones and `/`.
const COPY_SOURCE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// A bucket and the region its requests go to.
#[derive(Debug, Clone, Copy)]
pub struct BucketAt<'a> {
    pub bucket: &'a str,
    pub region: &'a str,
}

/// What every copy request goes through: the session, the pool of requests it shares with
/// transfers, the cancel token, and when large objects go part by part.
#[derive(Clone, Copy)]
pub struct Copier<'a> {
    pub session: &'a Session,
    pub pool: &'a Pool,
    pub cancel: &'a CancellationToken,
    pub limits: CopyLimits,
}

/// One thing to copy and where it goes: a key to a key, or a folder (both ending in `/`)
/// with everything under it to another folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyItem {
    pub source: String,
    pub target: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Copy,
    /// Copy, then delete each source whose copy succeeded.
    Move,
}

/// When a copy switches from CopyObject to a multipart copy, and its part size. Tests lower
/// them to exercise the multipart path without 5 GiB objects.
#[derive(Debug, Clone, Copy)]
pub struct CopyLimits {
    pub single_request_max: u64,
    pub part_size: u64,
}

impl Default for CopyLimits {
    fn default() -> Self {
        Self { single_request_max: COPY_OBJECT_LIMIT, part_size: COPY_PART_SIZE }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyProgress {
    pub copied: u64,
    pub failed: u64,
    pub bytes: u64,
}

#[derive(Debug, Default)]
pub struct CopyReport {
    pub progress: CopyProgress,
    pub failures: Vec<ObjectFailure>,
    pub cancelled: bool,
}

/// One object to copy, with its size (which decides how it is copied).
struct Job {
    source: String,
    target: String,
    size: u64,
}

/// Copies or moves `items` from one bucket to another (or the same one).
pub async fn copy(
    copier: Copier<'_>,
    from: BucketAt<'_>,
    to: BucketAt<'_>,
    items: &[CopyItem],
    mode: Mode,
    mut on_progress: impl FnMut(&CopyProgress),
) -> Result<CopyReport> {
    let session = copier.session;
    for item in items {
        check_item(item, from.bucket == to.bucket)?;
    }
    let endpoint = session.endpoint_label();
    let source_s3 = session.s3_in(from.region);
    let list = Call { permission: "s3:ListBucket", endpoint: &endpoint, bucket: Some(from.bucket), key: None };
    let mut report = CopyReport::default();

    for item in items {
        if !item.source.ends_with('/') {
            let size = super::head(session, from.bucket, from.region, &item.source, None).await?.size;
            let job = Job { source: item.source.clone(), target: item.target.clone(), size };
            if !run_batch(copier, from, to, vec![job], mode, &mut report, &mut on_progress).await? {
                break;
            }
            continue;
        }
        let mut pages = source_s3
            .list_objects_v2()
            .bucket(from.bucket)
            .prefix(&item.source)
            .encoding_type(EncodingType::Url)
            .max_keys(BATCH)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| from_sdk(e, list))?;
            let jobs = page
                .contents()
                .iter()
                .filter_map(|o| {
                    let key = decoded(o.key()?);
                    Some(Job {
                        source: key.clone(),
                        target: format!("{}{}", item.target, &key[item.source.len()..]),
                        size: o.size().unwrap_or(0).max(0) as u64,
                    })
                })
                .collect();
            if !run_batch(copier, from, to, jobs, mode, &mut report, &mut on_progress).await? {
                return Ok(report);
            }
        }
    }
    Ok(report)
}

/// Restores `version_id` of `key`: copies that version over the current one, which becomes
/// the newest version. The versions in between stay.
pub async fn restore_version(
    copier: Copier<'_>,
    bucket: &str,
    region: &str,
    key: &str,
    version_id: &str,
) -> Result<()> {
    let size = super::head(copier.session, bucket, region, key, Some(version_id)).await?.size;
    let at = BucketAt { bucket, region };
    copy_object(copier, at, key, Some(version_id), size, at, key).await
}

fn check_item(item: &CopyItem, same_bucket: bool) -> Result<()> {
    let (source, target) = (item.source.as_str(), item.target.as_str());
    if target.is_empty() || target == "/" {
        return Err(Error::invalid("target", "Give the copy a name."));
    }
    if target.len() > 1024 {
        return Err(Error::invalid("target", "The new key is longer than S3's limit of 1024 bytes."));
    }
    if source.ends_with('/') != target.ends_with('/') {
        return Err(Error::invalid("target", "A folder can only be copied to a folder, and an object to an object."));
    }
    if same_bucket && source == target {
        return Err(Error::invalid(
            "target",
            format!("{target} is where it already is; choose another name or folder."),
        ));
    }
    if same_bucket && source.ends_with('/') && target.starts_with(source) {
        return Err(Error::invalid("target", format!("The folder {source} cannot be copied into itself.")));
    }
    Ok(())
}

/// Copies a batch of jobs, several at once, then (when moving) deletes the sources that were
/// copied. Returns `false` when cancelled; errors that would fail every key end the whole run.
async fn run_batch(
    copier: Copier<'_>,
    from: BucketAt<'_>,
    to: BucketAt<'_>,
    jobs: Vec<Job>,
    mode: Mode,
    report: &mut CopyReport,
    on_progress: &mut impl FnMut(&CopyProgress),
) -> Result<bool> {
    let cancel = copier.cancel;
    if cancel.is_cancelled() {
        report.cancelled = true;
        return Ok(false);
    }
    let mut copied = Vec::new();
    let mut results = stream::iter(jobs)
        .map(|job| async move {
            let result = copy_object(copier, from, &job.source, None, job.size, to, &job.target).await;
            (job, result)
        })
        .buffer_unordered(CONCURRENT_COPIES);
    while let Some((job, result)) = results.next().await {
        match result {
            Ok(()) => {
                report.progress.copied += 1;
                report.progress.bytes += job.size;
                copied.push(job.source);
            }
            Err(e) if ends_the_run(e.kind()) => return Err(e),
            // Cancelled while waiting for its turn: not reached, so where it was.
            Err(e) if e.kind() == &ErrorKind::Cancelled => continue,
            Err(e) => {
                report.progress.failed += 1;
                report.failures.push(ObjectFailure { key: job.source, version_id: None, error: e });
            }
        }
        on_progress(&report.progress);
    }
    if mode == Mode::Move {
        delete_sources(copier.session, from, copied, report).await?;
    }
    report.cancelled = cancel.is_cancelled();
    Ok(!report.cancelled)
}

async fn delete_sources(
    session: &Session,
    from: BucketAt<'_>,
    keys: Vec<String>,
    report: &mut CopyReport,
) -> Result<()> {
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:DeleteObject", endpoint: &endpoint, bucket: Some(from.bucket), key: None };
    let mut deleted = DeleteReport::default();
    let batch = keys.iter().filter_map(|k| identifier(k, None)).collect();
    delete_batch(&session.s3_in(from.region), from.bucket, batch, call, &mut deleted).await?;
    report.failures.extend(deleted.failures.into_iter().map(|f| {
        let message = format!("Copied, but the original could not be deleted: {}", f.error.message());
        ObjectFailure { error: f.error.with_message(message), ..f }
    }));
    Ok(())
}

/// Errors that are not about one key: carrying on would only repeat them for every key.
fn ends_the_run(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Unreachable
            | ErrorKind::NoSuchBucket
            | ErrorKind::InvalidAccessKey
            | ErrorKind::SignatureMismatch
            | ErrorKind::ExpiredCredentials
    )
}

/// Copies one object: with CopyObject up to the single-request limit, else part by part.
async fn copy_object(
    copier: Copier<'_>,
    from: BucketAt<'_>,
    key: &str,
    version_id: Option<&str>,
    size: u64,
    to: BucketAt<'_>,
    target: &str,
) -> Result<()> {
    let Copier { session, pool, cancel, limits } = copier;
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:PutObject", endpoint: &endpoint, bucket: Some(to.bucket), key: Some(target) };
    let source = copy_source(from.bucket, key, version_id);
    let s3 = session.s3_in(to.region);
    if size <= limits.single_request_max {
        let _turn = pool.permit(cancel).await?;
        s3.copy_object()
            .copy_source(source)
            .bucket(to.bucket)
            .key(target)
            .customize()
            .config_override(session.slow_answer())
            .send()
            .await
            .map_err(|e| from_sdk(e, call))?;
        return Ok(());
    }

    // A multipart copy starts a new object: metadata and tags are carried over by hand.
    let details = super::head(session, from.bucket, from.region, key, version_id).await?;
    let tags = session
        .s3_in(from.region)
        .get_object_tagging()
        .bucket(from.bucket)
        .key(key)
        .set_version_id(version_id.map(str::to_owned))
        .send()
        .await
        .map_err(|e| {
            from_sdk(e, Call { permission: "s3:GetObjectTagging", bucket: Some(from.bucket), key: Some(key), ..call })
        })?;
    let tagging: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(tags.tag_set().iter().map(|t| (t.key(), t.value())))
        .finish();
    let upload = s3
        .create_multipart_upload()
        .bucket(to.bucket)
        .key(target)
        .set_content_type(details.content_type)
        .set_metadata(Some(details.metadata.into_iter().collect()))
        .set_tagging(Some(tagging).filter(|t| !t.is_empty()))
        .send()
        .await
        .map_err(|e| from_sdk(e, call))?;
    let upload_id = upload.upload_id().unwrap_or_default().to_owned();

    let part_size = parts::part_size(size, limits.part_size);
    let copied: Result<Vec<CompletedPart>> = stream::iter(parts::parts(size, part_size))
        .map(|part| {
            let (s3, source, upload_id) = (&s3, &source, &upload_id);
            async move {
                let _turn = pool.permit(cancel).await?;
                let out = s3
                    .upload_part_copy()
                    .bucket(to.bucket)
                    .key(target)
                    .upload_id(upload_id)
                    .part_number(part.number)
                    .copy_source(source)
                    .copy_source_range(part.range())
                    .customize()
                    .config_override(session.slow_answer())
                    .send()
                    .await
                    .map_err(|e| from_sdk(e, call))?;
                let etag = out.copy_part_result().and_then(|r| r.e_tag()).map(str::to_owned);
                Ok(CompletedPart::builder().part_number(part.number).set_e_tag(etag).build())
            }
        })
        .buffered(CONCURRENT_PARTS)
        .try_collect()
        .await;
    let completed = match copied {
        Ok(parts) => {
            let done = CompletedMultipartUpload::builder().set_parts(Some(parts)).build();
            s3.complete_multipart_upload()
                .bucket(to.bucket)
                .key(target)
                .upload_id(&upload_id)
                .multipart_upload(done)
                .customize()
                .config_override(session.slow_answer())
                .send()
                .await
                .map(drop)
                .map_err(|e| from_sdk(e, call))
        }
        Err(e) => Err(e),
    };
    if completed.is_err() {
        // Parts already copied would be billed until aborted.
        let _ = s3.abort_multipart_upload().bucket(to.bucket).key(target).upload_id(&upload_id).send().await;
    }
    completed
}

/// `x-amz-copy-source`: the bucket, the URL-encoded key, and the version when there is one.
fn copy_source(bucket: &str, key: &str, version_id: Option<&str>) -> String {
    let key = utf8_percent_encode(key, COPY_SOURCE);
    match version_id {
        Some(v) => format!("{bucket}/{key}?versionId={}", utf8_percent_encode(v, NON_ALPHANUMERIC)),
        None => format!("{bucket}/{key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_source_encodes_the_key_but_keeps_slashes() {
        assert_eq!(copy_source("b", "a dir/ü+%#?.txt", None), "b/a%20dir/%C3%BC%2B%25%23%3F.txt");
        assert_eq!(copy_source("b", "k", Some("3/L4kq")), "b/k?versionId=3%2FL4kq");
    }

    #[test]
    fn items_that_cannot_be_copied_are_refused_first() {
        let item = |s: &str, t: &str| CopyItem { source: s.into(), target: t.into() };
        assert!(check_item(&item("a.txt", "a.txt"), true).is_err(), "onto itself");
        assert!(check_item(&item("a.txt", "a.txt"), false).is_ok(), "same key, other bucket");
        assert!(check_item(&item("docs/", "docs/old/"), true).is_err(), "a folder into itself");
        assert!(check_item(&item("docs/", "archive/docs/"), true).is_ok());
        assert!(check_item(&item("docs/", "x.txt"), true).is_err(), "folder to object");
        assert!(check_item(&item("a", ""), true).is_err(), "no name");
        assert!(check_item(&item("a", &"k".repeat(1025)), true).is_err(), "too long");
    }
}
