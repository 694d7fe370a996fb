//! Uploading one file: one PutObject up to the multipart threshold; above it a multipart
//! upload whose parts are streamed from their offsets in the file, several at once, each
//! retried on its own and journalled when done.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_s3::primitives::{ByteStream, Length};
use aws_sdk_s3::types::{ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use super::journal::{JournalEntry, PartRecord};
use super::retry::{is_transient, with_retries};
use super::sending::Sending;
use super::{Context, Counter};
use crate::catalog::ConnectionRef;
use crate::error::{from_sdk, Call, Error, ErrorKind, Result};
use crate::parts::{self, Part, MAX_OBJECT_SIZE};

/// What the new object gets besides its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectOptions {
    /// Guessed from the file's extension when not given.
    pub content_type: Option<String>,
    pub storage_class: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub tags: Vec<(String, String)>,
}

/// Storage classes S3 accepts on upload.
pub const STORAGE_CLASSES: [&str; 8] = [
    "STANDARD",
    "INTELLIGENT_TIERING",
    "STANDARD_IA",
    "ONEZONE_IA",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
    "REDUCED_REDUNDANCY",
];
/// S3 allows 2 KB of user metadata (names and values) per object.
const MAX_METADATA_BYTES: usize = 2048;

impl ObjectOptions {
    /// Checks the options as S3 would, before anything is uploaded.
    pub fn validate(&self) -> Result<()> {
        if let Some(class) = &self.storage_class {
            if !STORAGE_CLASSES.contains(&class.as_str()) {
                return Err(Error::invalid("storage_class", format!("{class} is not a storage class S3 knows.")));
            }
        }
        let mut bytes = 0;
        for (name, value) in &self.metadata {
            // Names travel as `x-amz-meta-NAME` headers: HTTP token characters only.
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) {
                return Err(Error::invalid(
                    "metadata",
                    format!("The metadata name \"{name}\" must be letters, digits, \"-\", \"_\" or \".\"."),
                ));
            }
            if !value.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
                return Err(Error::invalid("metadata", format!("The value of \"{name}\" must be printable ASCII.")));
            }
            bytes += name.len() + value.len();
        }
        if bytes > MAX_METADATA_BYTES {
            return Err(Error::invalid(
                "metadata",
                format!("User metadata is limited to 2 KB; this is {bytes} bytes."),
            ));
        }
        crate::tags::validate(&self.tags)
    }
}

/// One file to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub connection: ConnectionRef,
    pub source: PathBuf,
    pub bucket: String,
    pub region: String,
    pub key: String,
    pub options: ObjectOptions,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uploaded {
    pub size: u64,
    pub etag: Option<String>,
    /// Parts of the object (0 when it went in one request).
    pub parts: u32,
    /// Parts sent by this run: fewer than `parts` when an earlier run had sent some.
    pub parts_sent: u32,
}

/// Uploads `job`. A multipart upload of the same file to the same key that an earlier run
/// left unfinished is resumed; if the file changed since, that upload is aborted and a new
/// one started.
pub async fn upload(ctx: &Context<'_>, job: &Upload, progress: &Counter) -> Result<Uploaded> {
    if job.key.is_empty() || job.key.len() > 1024 {
        return Err(Error::invalid(
            "key",
            format!("The key for {} must be 1 to 1024 bytes long.", job.source.display()),
        ));
    }
    let (size, modified_ms) = stat(&job.source).await?;
    if size > MAX_OBJECT_SIZE {
        return Err(Error::invalid("source", format!("{} is larger than S3's limit of 5 TiB.", job.source.display())));
    }
    let uploaded = if size <= ctx.settings.multipart_threshold {
        put_whole(ctx, job, size, progress).await?
    } else {
        let earlier = ctx.journal.find(&job.source, &job.bucket, &job.key)?;
        match earlier {
            Some(earlier) if (earlier.size, earlier.modified_ms) == (size, modified_ms) => {
                send_parts(ctx, earlier, true, progress).await?
            }
            earlier => {
                if let Some(earlier) = earlier {
                    // Its parts hold the file as it was; they can never make the file as it is.
                    abort(ctx, &earlier).await;
                }
                let entry = create(ctx, job, size, modified_ms).await?;
                send_parts(ctx, entry, false, progress).await?
            }
        }
    };
    if stat(&job.source).await? != (size, modified_ms) {
        return Err(Error::new(
            ErrorKind::LocalFile,
            format!(
                "{} changed while it was being uploaded: the copy in S3 may mix old and new content.",
                job.source.display()
            ),
        )
        .with_hint("Upload it again once the file is no longer being written."));
    }
    Ok(uploaded)
}

/// Resumes the journalled upload `id`, sending only the parts S3 does not hold yet. A
/// source file that changed since is refused, not resumed.
pub async fn resume(ctx: &Context<'_>, id: &str, progress: &Counter) -> Result<Uploaded> {
    let entry = ctx
        .journal
        .get(id)
        .ok_or_else(|| Error::invalid("upload", "This unfinished upload is no longer in the journal."))?;
    let (size, modified_ms) = stat(&entry.source).await?;
    if (size, modified_ms) != (entry.size, entry.modified_ms) {
        return Err(Error::new(
            ErrorKind::LocalFile,
            format!("{} changed since its upload started, so it was not resumed.", entry.source.display()),
        )
        .with_hint("Upload the file again to start afresh; the unfinished upload is then discarded."));
    }
    send_parts(ctx, entry, true, progress).await
}

/// Aborts an unfinished upload and forgets it, so S3 stops billing its parts.
pub async fn discard(ctx: &Context<'_>, id: &str) -> Result<()> {
    if let Some(entry) = ctx.journal.get(id) {
        abort(ctx, &entry).await;
    }
    Ok(())
}

async fn stat(path: &Path) -> Result<(u64, i64)> {
    let meta = tokio::fs::metadata(path).await.map_err(|e| Error::local_file("Could not read", path, e))?;
    if !meta.is_file() {
        return Err(Error::invalid("source", format!("{} is not a file.", path.display())));
    }
    let modified = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_millis());
    Ok((meta.len(), modified as i64))
}

/// A body of `length` bytes from `offset` in `path`, read as it is sent (and again on a retry).
async fn file_body(path: &Path, offset: u64, length: u64) -> Result<ByteStream> {
    ByteStream::read_from().path(path).offset(offset).length(Length::Exact(length)).build().await.map_err(|e| {
        Error::new(ErrorKind::LocalFile, format!("Could not read {}: {e}.", path.display()))
            .with_hint("Check that the file still exists and did not shrink while it was uploaded.")
    })
}

fn content_type(job: &Upload) -> Option<String> {
    job.options.content_type.clone().or_else(|| mime_guess::from_path(&job.source).first_raw().map(str::to_owned))
}

fn tagging(tags: &[(String, String)]) -> Option<String> {
    (!tags.is_empty()).then(|| url::form_urlencoded::Serializer::new(String::new()).extend_pairs(tags).finish())
}

/// Sets what [`ObjectOptions`] holds on a PutObject or CreateMultipartUpload request.
macro_rules! with_options {
    ($request:expr, $job:expr) => {
        $request
            .set_content_type(content_type($job))
            .set_storage_class($job.options.storage_class.as_deref().map(Into::into))
            .set_metadata(Some($job.options.metadata.clone().into_iter().collect::<HashMap<_, _>>()))
            .set_tagging(tagging(&$job.options.tags))
    };
}

fn call<'a>(endpoint: &'a str, bucket: &'a str, key: &'a str) -> Call<'a> {
    Call { permission: "s3:PutObject", endpoint, bucket: Some(bucket), key: Some(key) }
}

async fn put_whole(ctx: &Context<'_>, job: &Upload, size: u64, progress: &Counter) -> Result<Uploaded> {
    let s3 = ctx.s3(&job.region);
    let endpoint = ctx.session.endpoint_label();
    let _permit = ctx.pool.permit_for(size, ctx.settings.part_size, ctx.cancel).await?;
    let sending = Sending::new(progress);
    let out = with_retries(ctx.cancel, || async {
        let body = sending.counted(file_body(&job.source, 0, size).await?);
        let request = s3.put_object().bucket(&job.bucket).key(&job.key).body(body);
        let request = with_options!(request, job)
            .content_length(size as i64)
            .set_checksum_algorithm(ctx.settings.checksums.then_some(ChecksumAlgorithm::Crc32C));
        request
            .customize()
            .config_override(ctx.session.with_body(size))
            .send()
            .await
            .map_err(|e| from_sdk(e, call(&endpoint, &job.bucket, &job.key)))
    })
    .await;
    let out = sending.settle(out, size)?;
    Ok(Uploaded { size, etag: out.e_tag, parts: 0, parts_sent: 0 })
}

async fn create(ctx: &Context<'_>, job: &Upload, size: u64, modified_ms: i64) -> Result<JournalEntry> {
    let s3 = ctx.s3(&job.region);
    let endpoint = ctx.session.endpoint_label();
    let request = s3.create_multipart_upload().bucket(&job.bucket).key(&job.key);
    let request =
        with_options!(request, job).set_checksum_algorithm(ctx.settings.checksums.then_some(ChecksumAlgorithm::Crc32C));
    let out = with_retries(ctx.cancel, || async {
        request.clone().send().await.map_err(|e| from_sdk(e, call(&endpoint, &job.bucket, &job.key)))
    })
    .await?;
    let entry = JournalEntry {
        id: uuid::Uuid::new_v4().to_string(),
        connection: job.connection.clone(),
        source: job.source.clone(),
        size,
        modified_ms,
        bucket: job.bucket.clone(),
        region: job.region.clone(),
        key: job.key.clone(),
        upload_id: out.upload_id.unwrap_or_default(),
        part_size: parts::part_size(size, ctx.settings.part_size),
        checksums: ctx.settings.checksums,
        options: job.options.clone(),
        started_ms: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64),
        parts: vec![],
    };
    if let Err(e) = ctx.journal.start(&entry) {
        abort(ctx, &entry).await;
        return Err(e);
    }
    Ok(entry)
}

/// Sends the parts S3 does not hold yet, then completes the upload and checks the result.
/// On a transient failure the upload is kept for a later resume; on any other it is aborted.
async fn send_parts(ctx: &Context<'_>, entry: JournalEntry, resuming: bool, progress: &Counter) -> Result<Uploaded> {
    let held = if resuming { held_parts(ctx, &entry).await? } else { HashMap::new() };
    let plan: Vec<Part> = parts::parts(entry.size, entry.part_size).collect();
    // A part counts as sent when S3 holds all of it and, with checksums, its checksum is
    // known: CompleteMultipartUpload needs it, and some servers leave it out of ListParts.
    let (done, missing): (Vec<Part>, Vec<Part>) = plan.iter().partition(|p| {
        held.get(&p.number)
            .is_some_and(|(record, length)| *length == p.length && (!entry.checksums || record.checksum.is_some()))
    });
    progress.add(done.iter().map(|p| p.length).sum());
    let mut records: Vec<PartRecord> = done.iter().map(|p| held[&p.number].0.clone()).collect();
    let parts_sent = missing.len() as u32;

    let sent = stream::iter(missing)
        .map(|part| send_part(ctx, &entry, part, progress))
        .buffer_unordered(ctx.settings.concurrency.max(1))
        .try_collect::<Vec<_>>()
        .await;
    let result = match sent {
        Ok(new) => {
            records.extend(new);
            complete(ctx, &entry, records).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(etag) => {
            ctx.journal.remove(&entry.id)?;
            Ok(Uploaded { size: entry.size, etag, parts: plan.len() as u32, parts_sent })
        }
        Err(e) if is_transient(e.kind()) => Err(e.with_hint(
            "The parts sent so far are kept: run the upload again once the connection is back, and it resumes.",
        )),
        // Paused: stopped like a cancel, but the upload and its parts are kept for Resume.
        Err(e) if e.kind() == &ErrorKind::Cancelled && ctx.pause.is_some_and(|p| p.is_cancelled()) => {
            Err(Error::new(ErrorKind::Paused, "Paused.").with_hint("Resume sends only the parts not sent yet."))
        }
        Err(e) => {
            abort(ctx, &entry).await;
            Err(e)
        }
    }
}

/// The parts S3 already holds for this upload, with their sizes: S3 is the truth, the
/// journal only says which upload to ask about.
async fn held_parts(ctx: &Context<'_>, entry: &JournalEntry) -> Result<HashMap<i32, (PartRecord, u64)>> {
    let s3 = ctx.s3(&entry.region);
    let endpoint = ctx.session.endpoint_label();
    let call = Call { permission: "s3:ListMultipartUploadParts", ..call(&endpoint, &entry.bucket, &entry.key) };
    let mut pages =
        s3.list_parts().bucket(&entry.bucket).key(&entry.key).upload_id(&entry.upload_id).into_paginator().send();
    let mut held = HashMap::new();
    while let Some(page) = pages.next().await {
        let page = match page.map_err(|e| from_sdk(e, call)) {
            Err(e) if matches!(e.kind(), ErrorKind::Service { code } if code == "NoSuchUpload") => {
                ctx.journal.remove(&entry.id)?;
                return Err(Error::new(
                    ErrorKind::Service { code: "NoSuchUpload".into() },
                    format!("The unfinished upload of {} is gone from the server (aborted or expired).", entry.key),
                )
                .with_hint("Upload the file again."));
            }
            other => other?,
        };
        for part in page.parts() {
            let (Some(number), Some(etag)) = (part.part_number(), part.e_tag()) else { continue };
            let journalled = entry.parts.iter().find(|r| r.number == number && r.etag == etag);
            let checksum = part.checksum_crc32_c().map(str::to_owned).or_else(|| journalled?.checksum.clone());
            let record = PartRecord { number, etag: etag.to_owned(), checksum };
            held.insert(number, (record, part.size().unwrap_or(0).max(0) as u64));
        }
    }
    Ok(held)
}

async fn send_part(ctx: &Context<'_>, entry: &JournalEntry, part: Part, progress: &Counter) -> Result<PartRecord> {
    let s3 = ctx.s3(&entry.region);
    let endpoint = ctx.session.endpoint_label();
    let _permit = ctx.pool.permit(ctx.cancel).await?;
    let sending = Sending::new(progress);
    let record = with_retries(ctx.cancel, || async {
        let out = s3
            .upload_part()
            .bucket(&entry.bucket)
            .key(&entry.key)
            .upload_id(&entry.upload_id)
            .part_number(part.number)
            .content_length(part.length as i64)
            .set_checksum_algorithm(entry.checksums.then_some(ChecksumAlgorithm::Crc32C))
            .body(sending.counted(file_body(&entry.source, part.offset, part.length).await?))
            .customize()
            .config_override(ctx.session.with_body(part.length))
            .send()
            .await
            .map_err(|e| from_sdk(e, call(&endpoint, &entry.bucket, &entry.key)))?;
        Ok(PartRecord { number: part.number, etag: out.e_tag.unwrap_or_default(), checksum: out.checksum_crc32_c })
    })
    .await;
    let record = sending.settle(record, part.length)?;
    ctx.journal.record(&entry.id, &record)?;
    Ok(record)
}

/// Completes the upload and checks that the object is what was sent: its size, and the
/// part count S3 writes into a multipart ETag (`…-N`).
async fn complete(ctx: &Context<'_>, entry: &JournalEntry, mut records: Vec<PartRecord>) -> Result<Option<String>> {
    let s3 = ctx.s3(&entry.region);
    let endpoint = ctx.session.endpoint_label();
    let call = call(&endpoint, &entry.bucket, &entry.key);
    records.sort_by_key(|r| r.number);
    let count = records.len();
    let parts = records
        .into_iter()
        .map(|r| CompletedPart::builder().part_number(r.number).e_tag(r.etag).set_checksum_crc32_c(r.checksum).build())
        .collect();
    let request = s3
        .complete_multipart_upload()
        .bucket(&entry.bucket)
        .key(&entry.key)
        .upload_id(&entry.upload_id)
        .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build());
    let out = with_retries(ctx.cancel, || async {
        request
            .clone()
            .customize()
            .config_override(ctx.session.slow_answer())
            .send()
            .await
            .map_err(|e| from_sdk(e, call))
    })
    .await?;

    let head = s3.head_object().bucket(&entry.bucket).key(&entry.key).send().await.map_err(|e| from_sdk(e, call))?;
    let size = head.content_length().unwrap_or(-1);
    let etag_parts = out.e_tag().and_then(|t| t.trim_matches('"').rsplit_once('-')).map(|(_, n)| n.to_owned());
    if size != entry.size as i64 || etag_parts.is_some_and(|n| n != count.to_string()) {
        return Err(Error::new(
            ErrorKind::Service { code: "VerificationFailed".into() },
            format!("{} was uploaded, but the server reports {size} bytes in it instead of {}.", entry.key, entry.size),
        )
        .with_hint("Upload the file again."));
    }
    Ok(out.e_tag)
}

/// Aborts the upload on the server (so its parts stop being billed) and forgets it. It
/// runs after a cancel, so it has its own token: retried while the failure is transient,
/// within the session's time limits. A failure leaves the journal entry, so the transfers
/// list can offer it again.
async fn abort(ctx: &Context<'_>, entry: &JournalEntry) {
    let s3 = ctx.s3(&entry.region);
    let endpoint = ctx.session.endpoint_label();
    let call = Call { permission: "s3:AbortMultipartUpload", ..call(&endpoint, &entry.bucket, &entry.key) };
    let request = s3.abort_multipart_upload().bucket(&entry.bucket).key(&entry.key).upload_id(&entry.upload_id);
    let aborted = with_retries(&CancellationToken::new(), || async {
        match request.clone().send().await {
            // Gone already: nothing is billed either way.
            Err(e) if aws_sdk_s3::error::ProvideErrorMetadata::code(&e) != Some("NoSuchUpload") => {
                Err(from_sdk(e, call))
            }
            _ => Ok(()),
        }
    })
    .await;
    if aborted.is_ok() {
        let _ = ctx.journal.remove(&entry.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked_as_s3_would() {
        let ok = ObjectOptions {
            storage_class: Some("STANDARD_IA".into()),
            metadata: [("origin".to_owned(), "lab 7".to_owned())].into(),
            tags: vec![("team".into(), "data".into())],
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
        let field = |o: ObjectOptions| match o.validate().unwrap_err().kind() {
            ErrorKind::InvalidInput { field } => *field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(ObjectOptions { storage_class: Some("FAST".into()), ..ok.clone() }), "storage_class");
        assert_eq!(field(ObjectOptions { metadata: [("a b".into(), "x".into())].into(), ..ok.clone() }), "metadata");
        assert_eq!(field(ObjectOptions { metadata: [("a".into(), "ü".into())].into(), ..ok.clone() }), "metadata");
        assert_eq!(
            field(ObjectOptions { metadata: [("a".into(), "x".repeat(2048))].into(), ..ok.clone() }),
            "metadata"
        );
        assert_eq!(field(ObjectOptions { tags: vec![("a&b".into(), "x".into())], ..ok }), "tags");
    }
}
