//! Downloading one object to a file: into a temporary file beside the destination, in
//! ranged GETs written at their offsets (several at once above the multipart threshold),
//! each retried on its own, then renamed into place once every byte is there. An existing
//! file is replaced only when the caller says so. A download that fails continues where it
//! stopped when started again (see `partial`).

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use futures_util::stream::{self, StreamExt, TryStreamExt};

use super::journal::UnfinishedDownload;
use super::partial::{self, Partial};
use super::retry::with_retries;
use super::{Context, Counter, Journal};
use crate::catalog::ConnectionRef;
use crate::error::{from_sdk, Call, Error, ErrorKind, Result};
use crate::parts::{self, Part, MIB};

/// Bytes gathered before each write to disk, per range in flight.
const WRITE_BUFFER: usize = 512 * 1024;

/// Objects up to this size are gathered in memory and written in one go; larger ones stream
/// to disk as they arrive. A fixed bound, not a share of the part size: with 5 GiB parts, a
/// quarter part in memory per small file in flight would be gigabytes.
const GATHERED_AT_MOST: u64 = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Download {
    /// Whose download it is, so an unfinished one can be continued after a restart.
    pub connection: ConnectionRef,
    pub bucket: String,
    pub region: String,
    pub key: String,
    pub version_id: Option<String>,
    pub destination: PathBuf,
    /// Replace a file already at the destination.
    pub overwrite: bool,
    /// The size a listing gave, when known: a small object then takes a small share of the
    /// pool (the first request tells the true size either way).
    #[serde(default)]
    pub listed_size: Option<u64>,
    /// The ETag a listing gave, when known: the download is then of that content, or fails
    /// saying the object was replaced since (a sync's preview showed that version).
    #[serde(default)]
    pub listed_etag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    pub size: u64,
    pub etag: Option<String>,
    /// The ranges it came in; 0 when it came in one request.
    pub parts: u32,
}

impl Downloaded {
    fn of(size: u64, etag: Option<String>, ranges: usize) -> Self {
        Self { size, etag, parts: if ranges <= 1 { 0 } else { ranges as u32 } }
    }
}

pub async fn download(ctx: &Context<'_>, job: &Download, progress: &Counter) -> Result<Downloaded> {
    let destination = &job.destination;
    if !job.overwrite && tokio::fs::try_exists(destination).await.unwrap_or(false) {
        return Err(already_exists(destination, "already exists"));
    }
    let range_size = ctx.settings.range_size.max(1);
    let temporary = partial_path(destination);
    if let Some(partial) = Partial::find(&temporary, job, range_size).await {
        match resume(ctx, job, partial, progress).await {
            // The object changed since: what was there is gone, start afresh.
            Err(e) if replaced(&e) => progress.sub(progress.get()),
            other => return other,
        }
    }
    fresh(ctx, job, &temporary, range_size, progress).await
}

/// A download from the first byte. Above one range, the ranges on disk are recorded as
/// they land, so that a failed download can continue.
async fn fresh(
    ctx: &Context<'_>,
    job: &Download,
    temporary: &Path,
    range_size: u64,
    progress: &Counter,
) -> Result<Downloaded> {
    // The first request asks for the first range only: its answer tells the object's size
    // and ETag, so no HeadObject is needed, and a small object is done in one request.
    let permit = match job.listed_size {
        Some(size) => ctx.pool.permit_for(size, ctx.settings.part_size, ctx.cancel).await?,
        None => ctx.pool.permit(ctx.cancel).await?,
    };
    let first = with_retries(ctx.cancel, || {
        get(ctx, job, job.listed_etag.as_deref(), Some(Part { number: 1, offset: 0, length: range_size }))
    })
    .await;
    let first = match first {
        // An empty object has no byte 0 to range over.
        Err(e) if matches!(e.kind(), ErrorKind::Service { code } if code == "InvalidRange") => {
            with_retries(ctx.cancel, || get(ctx, job, None, None)).await?
        }
        other => other?,
    };
    let etag = first.e_tag().map(str::to_owned);
    let ranged = first.content_range().is_some();
    let size = match first.content_range().and_then(|r| r.rsplit_once('/')).and_then(|(_, t)| t.parse().ok()) {
        Some(total) => total,
        None => first.content_length().unwrap_or(0).max(0) as u64,
    };
    if size <= GATHERED_AT_MOST.min(range_size) && super::small(size, ctx.settings.part_size) {
        let range = ranged.then_some(Part { number: 1, offset: 0, length: size });
        let downloaded = small(ctx, job, first.body, range, temporary, Downloaded::of(size, etag, 1)).await?;
        drop(permit);
        progress.add(size);
        return Ok(downloaded);
    }

    if let Some(folder) = job.destination.parent() {
        tokio::fs::create_dir_all(folder)
            .await
            .map_err(|e| Error::local_file("Could not create the folder", folder, e))?;
    }
    let file =
        tokio::fs::File::create(temporary).await.map_err(|e| Error::local_file("Could not create", temporary, e))?;
    if let Err(e) = file.set_len(size).await {
        // No room for it (a full disk, a file size limit): nothing is left behind.
        drop(file);
        partial::discard(temporary).await;
        return Err(Error::local_file("Could not make room for", temporary, e));
    }
    drop(file);

    let plan: Vec<Part> = if ranged { parts::parts(size, range_size).collect() } else { vec![] };
    let record = match (&etag, plan.len() > 1) {
        (Some(etag), true) => {
            let record = Partial::begin(temporary, job, etag, size, range_size).await?;
            let started_ms = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
            ctx.journal.note_download(&UnfinishedDownload { job: job.clone(), size, started_ms })?;
            Some(record)
        }
        _ => None,
    };
    let sink = Sink { file: temporary, record: record.as_ref() };
    let first_part = async {
        let first_length = plan.first().map_or(size, |p| p.length);
        let mut written = 0;
        let result = write_at(first.body, sink, 0, first_length, &mut written, progress).await;
        drop(permit);
        match result {
            Ok(()) => sink.recorded(1).await,
            // The connection dropped mid-way: fetch the range again, with retries.
            Err(e) if e.kind() == &ErrorKind::Unreachable => {
                progress.sub(written);
                fetch(ctx, job, etag.as_deref(), plan.first().copied(), size, sink, progress).await
            }
            Err(e) => Err(e),
        }
    };
    let other_parts = stream::iter(plan.iter().skip(1).copied())
        .map(|part| fetch(ctx, job, etag.as_deref(), Some(part), size, sink, progress))
        .buffer_unordered(ctx.settings.concurrency.max(1))
        .try_collect::<Vec<()>>();
    let fetched = tokio::try_join!(first_part, other_parts).map(drop);
    let downloaded = Downloaded::of(size, etag, plan.len());
    settle(ctx, fetched, record, temporary, job, downloaded).await
}

/// A small object that came whole in the first answer (`range` names it, if it was asked
/// as one): gathered in memory, asked again if the connection dropped, then written.
async fn small(
    ctx: &Context<'_>,
    job: &Download,
    body: aws_sdk_s3::primitives::ByteStream,
    range: Option<Part>,
    temporary: &Path,
    downloaded: Downloaded,
) -> Result<Downloaded> {
    let size = downloaded.size;
    let body = match gather(body, size).await {
        Ok(body) => body,
        Err(_) => {
            let etag = downloaded.etag.as_deref();
            with_retries(ctx.cancel, || async { gather(get(ctx, job, etag, range).await?.body, size).await }).await?
        }
    };
    let written = write_whole(body, temporary, job, ctx.journal.download_entry(&job.destination)).await;
    if written.is_err() {
        partial::discard(temporary).await;
    }
    written.map(|()| downloaded)
}

/// Continues a download that stopped: only the ranges not on disk, all from the object
/// version the first ones came from.
async fn resume(ctx: &Context<'_>, job: &Download, partial: Partial, progress: &Counter) -> Result<Downloaded> {
    progress.add(partial.bytes_done());
    let (size, etag) = (partial.size(), partial.etag().to_owned());
    let temporary = partial_path(&job.destination);
    let sink = Sink { file: &temporary, record: Some(&partial) };
    let fetched = stream::iter(partial.missing())
        .map(|part| fetch(ctx, job, Some(&etag), Some(part), size, sink, progress))
        .buffer_unordered(ctx.settings.concurrency.max(1))
        .try_collect::<Vec<()>>()
        .await
        .map(drop);
    let downloaded = Downloaded::of(size, Some(etag), parts::parts(size, ctx.settings.range_size.max(1)).count());
    settle(ctx, fetched, Some(partial), &temporary, job, downloaded).await
}

/// Renames a complete download into place; after a failure, keeps what is on disk for the
/// next attempt where it was recorded, and deletes it when cancelled or not resumable.
async fn settle(
    ctx: &Context<'_>,
    fetched: Result<()>,
    record: Option<Partial>,
    temporary: &Path,
    job: &Download,
    downloaded: Downloaded,
) -> Result<Downloaded> {
    let finished = match fetched {
        Ok(()) => finish(temporary, &job.destination, downloaded.size, job.overwrite).await,
        Err(e) => Err(e),
    };
    match (finished, record) {
        (Ok(()), record) => {
            if let Some(record) = record {
                record.finished().await;
            }
            ctx.journal.forget_download(&job.destination);
            Ok(downloaded)
        }
        // A full disk: what is on disk is removed, or it would keep the space and fail the
        // next download to that disk too.
        (Err(e), _) if e.is_disk_full() => {
            discard(ctx.journal, &job.destination).await;
            Err(Error::new(
                ErrorKind::LocalFile,
                format!("{} could not be written: the disk is full.", job.destination.display()),
            )
            .with_hint(format!(
                "The partial download was removed to give its space back. Free {} MiB on that disk, or choose another, then download again.",
                downloaded.size.div_ceil(MIB),
            ))
            .with_source(e))
        }
        // Kept for the next attempt, with every range finished by now recorded.
        (Err(e), Some(record)) if !(e.kind() == &ErrorKind::Cancelled || replaced(&e)) => {
            let _ = record.flush().await;
            Err(e)
        }
        (Err(e), _) => {
            discard(ctx.journal, &job.destination).await;
            Err(e)
        }
    }
}

/// Deletes what an unfinished download to `destination` has on disk, and forgets it.
pub async fn discard(journal: &Journal, destination: &Path) {
    partial::discard(&partial_path(destination)).await;
    journal.forget_download(destination);
}

/// The object was replaced on the server since the download began.
fn replaced(error: &Error) -> bool {
    matches!(error.kind(), ErrorKind::Service { code } if code == "PreconditionFailed")
}

/// Where a download's bytes go: the temporary file, and the record of the ranges on disk
/// when the download can continue after a failure.
#[derive(Clone, Copy)]
struct Sink<'a> {
    file: &'a Path,
    record: Option<&'a Partial>,
}

impl Sink<'_> {
    async fn recorded(&self, number: i32) -> Result<()> {
        match self.record {
            Some(record) => record.finished_range(number).await,
            None => Ok(()),
        }
    }
}

/// One GetObject of the whole object or of one range; `If-Match` makes every range come
/// from the same object, even if it is replaced meanwhile.
async fn get(
    ctx: &Context<'_>,
    job: &Download,
    etag: Option<&str>,
    range: Option<Part>,
) -> Result<aws_sdk_s3::operation::get_object::GetObjectOutput> {
    let endpoint = ctx.session.endpoint_label();
    let call = Call { permission: "s3:GetObject", endpoint: &endpoint, bucket: Some(&job.bucket), key: Some(&job.key) };
    ctx.s3(&job.region)
        .get_object()
        .bucket(&job.bucket)
        .key(&job.key)
        .set_version_id(job.version_id.clone())
        .set_if_match(etag.map(str::to_owned))
        .set_range(range.map(|p| p.range()))
        .send()
        .await
        .map_err(|e| match from_sdk(e, call) {
            e if matches!(e.kind(), ErrorKind::Service { code } if code == "PreconditionFailed") => Error::new(
                ErrorKind::Service { code: "PreconditionFailed".into() },
                format!("{} was replaced on the server while it was being downloaded.", job.key),
            )
            .with_hint("Download it again."),
            e => e,
        })
}

/// `.NAME.s3desk-partial` beside the destination: same folder, so the rename is atomic.
fn partial_path(destination: &Path) -> PathBuf {
    let name = destination.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    destination.with_file_name(format!(".{name}.s3desk-partial"))
}

/// Fetches the whole object or one range of it into the sink at its offset, retried, and
/// records it.
async fn fetch(
    ctx: &Context<'_>,
    job: &Download,
    etag: Option<&str>,
    range: Option<Part>,
    size: u64,
    sink: Sink<'_>,
    progress: &Counter,
) -> Result<()> {
    let (offset, length) = range.map_or((0, size), |p| (p.offset, p.length));
    let permit = ctx.pool.permit(ctx.cancel).await?;
    with_retries(ctx.cancel, || async {
        let out = get(ctx, job, etag, range).await?;
        let mut written = 0;
        let result = write_at(out.body, sink, offset, length, &mut written, progress).await;
        if result.is_err() {
            // This attempt's bytes are written again by the next one.
            progress.sub(written);
        }
        result
    })
    .await?;
    // Recording may wait for a sync to disk: not while holding a request's place.
    drop(permit);
    sink.recorded(range.map_or(1, |p| p.number)).await
}

/// All of a small answer's body, in memory (its share of the pool bounds how much).
async fn gather(body: aws_sdk_s3::primitives::ByteStream, size: u64) -> Result<Vec<u8>> {
    let bytes = body.collect().await.map_err(|e| body_failed(&e))?.to_vec();
    if bytes.len() as u64 != size {
        return Err(dropped(format!("{} of {size} bytes arrived.", bytes.len())));
    }
    Ok(bytes)
}

/// A small object's bytes to its destination through the temporary file, in one trip to a
/// blocking thread (for many small files, the trips cost more than the bytes), forgetting
/// whatever an earlier, unfinished download to the same place left: its record, and its
/// `entry` in the journal.
async fn write_whole(body: Vec<u8>, temporary: &Path, job: &Download, entry: PathBuf) -> Result<()> {
    let (temporary, destination, overwrite) = (temporary.to_owned(), job.destination.clone(), job.overwrite);
    tokio::task::spawn_blocking(move || {
        let _ = std::fs::remove_file(partial::log_path(&temporary));
        let _ = std::fs::remove_file(entry);
        if let Some(folder) = destination.parent() {
            std::fs::create_dir_all(folder).map_err(|e| Error::local_file("Could not create the folder", folder, e))?;
        }
        std::fs::write(&temporary, &body).map_err(|e| Error::local_file("Could not write", &temporary, e))?;
        if !overwrite && destination.exists() {
            return Err(appeared(&destination));
        }
        std::fs::rename(&temporary, &destination)
            .map_err(|e| Error::local_file("Could not move the download to", &destination, e))
    })
    .await
    .expect("writing a file does not panic")
}

fn appeared(destination: &Path) -> Error {
    already_exists(destination, "appeared while downloading")
}

/// A download would replace a file it was not allowed to.
fn already_exists(destination: &Path, how: &str) -> Error {
    Error::new(ErrorKind::AlreadyExists, format!("{} {how}.", destination.display()))
        .with_hint("Choose another destination, or allow the download to replace the file.")
}

/// Writes one answer's body at `offset`. The network's chunks are gathered (not copied)
/// into batches of about [`WRITE_BUFFER`] bytes, each written on a blocking thread while the
/// next batch arrives: every trip to a blocking thread costs more than the bytes it writes.
async fn write_at(
    mut body: aws_sdk_s3::primitives::ByteStream,
    sink: Sink<'_>,
    offset: u64,
    length: u64,
    written: &mut u64,
    progress: &Counter,
) -> Result<()> {
    let local = |e| Error::local_file("Could not write", sink.file, e);
    let file = tokio::fs::OpenOptions::new().write(true).open(sink.file).await.map_err(local)?;
    let file = std::sync::Arc::new(file.into_std().await);
    let mut batch = Batch::default();
    let mut writing: Option<Writing> = None;
    let mut at = offset;
    let mut received = 0;
    let result = loop {
        let chunk = match body.try_next().await {
            Ok(chunk) => chunk,
            Err(e) => break Err(body_failed(&e)),
        };
        let end = chunk.is_none();
        if let Some(chunk) = chunk {
            received += chunk.len() as u64;
            batch.add(chunk);
        }
        if batch.bytes >= WRITE_BUFFER as u64 || (end && batch.bytes > 0) {
            // One batch is written while the next arrives, never two at once.
            if let Some(earlier) = writing.take() {
                if let Err(e) = landed(earlier, written, progress).await {
                    break Err(local(e));
                }
            }
            let bytes = batch.bytes;
            writing = Some((tokio::task::spawn_blocking(batch.take().write(file.clone(), at)), bytes));
            at += bytes;
        }
        if end {
            break Ok(());
        }
    };
    if let Some(last) = writing {
        landed(last, written, progress).await.map_err(local)?;
    }
    result?;
    if received != length {
        return Err(dropped(format!("{received} of {length} bytes arrived.")));
    }
    Ok(())
}

type Writing = (tokio::task::JoinHandle<std::io::Result<()>>, u64);

/// Waits for a batch's write to finish, then counts its bytes as written.
async fn landed((write, bytes): Writing, written: &mut u64, progress: &Counter) -> std::io::Result<()> {
    write.await.expect("writing a file does not panic")?;
    *written += bytes;
    progress.add(bytes);
    Ok(())
}

/// Chunks of an answer, as they came off the network, to write in one go.
#[derive(Default)]
struct Batch {
    chunks: Vec<bytes::Bytes>,
    bytes: u64,
}

impl Batch {
    fn add(&mut self, chunk: bytes::Bytes) {
        self.bytes += chunk.len() as u64;
        self.chunks.push(chunk);
    }

    fn take(&mut self) -> Self {
        std::mem::take(self)
    }

    /// The blocking write of this batch at `offset` of `file`.
    fn write(self, file: std::sync::Arc<std::fs::File>, mut offset: u64) -> impl FnOnce() -> std::io::Result<()> {
        move || {
            for chunk in self.chunks {
                write_all_at(&file, &chunk, offset)?;
                offset += chunk.len() as u64;
            }
            Ok(())
        }
    }
}

/// Writes all of `buf` at `offset` of `file` without moving a shared cursor, so that the
/// ranges in flight can write to one file at once.
#[cfg(unix)]
fn write_all_at(file: &std::fs::File, buf: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, offset)
}

#[cfg(windows)]
fn write_all_at(file: &std::fs::File, mut buf: &[u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_write(file, buf, offset)? {
            0 => return Err(std::io::ErrorKind::WriteZero.into()),
            n => {
                buf = &buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// A download cut short; `why` is the body's error (with its causes) or what arrived.
fn dropped(why: String) -> Error {
    Error::new(ErrorKind::Unreachable, "The download stopped: the connection dropped or the server stopped sending.")
        .with_hint("Check your network connection, then retry: the ranges already on disk are kept.")
        .with_detail(why)
}

fn body_failed(error: &(dyn std::error::Error + 'static)) -> Error {
    dropped(aws_smithy_types::error::display::DisplayErrorContext(error).to_string())
}

async fn finish(temporary: &Path, destination: &Path, size: u64, overwrite: bool) -> Result<()> {
    let on_disk =
        tokio::fs::metadata(temporary).await.map_err(|e| Error::local_file("Could not check", temporary, e))?;
    if on_disk.len() != size {
        return Err(Error::new(
            ErrorKind::LocalFile,
            format!("{} holds {} bytes, not {size}.", temporary.display(), on_disk.len()),
        ));
    }
    if !overwrite && tokio::fs::try_exists(destination).await.unwrap_or(false) {
        return Err(appeared(destination));
    }
    tokio::fs::rename(temporary, destination)
        .await
        .map_err(|e| Error::local_file("Could not move the download to", destination, e))
}
