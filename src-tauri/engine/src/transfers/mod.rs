//! Uploads and downloads: whole files up to a threshold, above it in parts transferred in
//! parallel, each streamed from or to its own offset on disk, so memory is bounded by the
//! number of parts in flight and never by the file's size. Every part is retried on its own;
//! multipart uploads are journalled so that a dropped network or a killed app resumes where
//! it stopped, and cancelling aborts the upload so no parts are left to bill the user.

pub mod batch;
mod download;
pub mod journal;
mod partial;
pub mod plan;
mod prefs;
mod retry;
mod sending;
mod upload;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

use crate::error::{Error, Result};
use crate::parts::MIB;
use crate::session::Session;

pub use download::{discard as discard_download, download, Download, Downloaded};
pub use journal::{Journal, JournalEntry, UnfinishedDownload};
pub use prefs::Prefs;
pub use upload::{discard, resume, upload, ObjectOptions, Upload, Uploaded, STORAGE_CLASSES};

/// How transfers are cut up and how many parts are in flight. The defaults come from the
/// benchmark (`.ci/bench.sh`) on a local server; the app's settings can change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub part_size: u64,
    /// Parts (or whole small files) in flight at once, across all transfers of a pool.
    pub concurrency: usize,
    /// Uploads up to this size go in one request. (A download always starts with one
    /// request for the first range, which tells the object's size.)
    pub multipart_threshold: u64,
    /// Bytes per ranged GET of a download. Ranges stream to disk, never into memory, so their
    /// size costs no memory; larger ones mean fewer requests (16 MiB ranges downloaded at
    /// about 0.7× the speed of 32–64 MiB ones on the local benchmark).
    pub range_size: u64,
    /// Send a CRC32C checksum with each part and check it on completion. On by default for
    /// Amazon S3; off for custom endpoints, many of which reject the SDK's checksum trailers.
    pub checksums: bool,
    /// Go through the S3 Transfer Acceleration endpoint (the bucket has it enabled).
    pub accelerate: bool,
}

impl Settings {
    pub fn for_session(session: &Session) -> Self {
        Self {
            part_size: 16 * MIB,
            concurrency: 8,
            multipart_threshold: 16 * MIB,
            range_size: 64 * MIB,
            checksums: session.endpoint().is_none(),
            accelerate: false,
        }
    }
}

/// The permits every transfer shares: a folder of small files and a big file together
/// respect one limit on requests in flight (and so on memory).
///
/// A request that moves a part or a range takes a whole permit; a small file sent whole
/// takes a quarter of one, so four times as many small files as parts fit the same bound:
/// small files are limited by round trips, not bytes. Files in parts also hold one of
/// `concurrency` file slots, so a folder of large files goes a few files at a time rather
/// than all at once, each slowly.
#[derive(Clone)]
pub struct Pool {
    shares: Arc<Semaphore>,
    large_files: Arc<Semaphore>,
    concurrency: Arc<AtomicUsize>,
}

/// Shares of the pool one part, range or large file's request takes.
const SHARES: u32 = 4;

impl Pool {
    pub fn new(concurrency: usize) -> Self {
        let concurrency = concurrency.max(1);
        Self {
            shares: Arc::new(Semaphore::new(concurrency * SHARES as usize)),
            large_files: Arc::new(Semaphore::new(concurrency)),
            concurrency: Arc::new(AtomicUsize::new(concurrency)),
        }
    }

    /// How many files to have started at once: enough for the pool to fill with small ones.
    pub fn files_at_once(&self) -> usize {
        self.concurrency.load(Ordering::Relaxed) * SHARES as usize
    }

    /// Lets `concurrency` requests run at once from now on, in the transfers running and in
    /// those to come: one pool, resized, never a second one beside it. More takes effect at
    /// once; fewer as requests in flight give their permits back (taken by a task, so this
    /// must be called within a Tokio runtime).
    pub fn resize(&self, concurrency: usize) {
        let new = concurrency.max(1);
        let old = self.concurrency.swap(new, Ordering::Relaxed);
        if new > old {
            self.shares.add_permits((new - old) * SHARES as usize);
            self.large_files.add_permits(new - old);
        } else if new < old {
            let (shares, large_files, fewer) = (self.shares.clone(), self.large_files.clone(), (old - new) as u32);
            tokio::spawn(async move {
                // Never closed, so these wait until the permits are free, then keep them.
                if let Ok(permits) = shares.acquire_many_owned(fewer * SHARES).await {
                    permits.forget();
                }
                if let Ok(permits) = large_files.acquire_many_owned(fewer).await {
                    permits.forget();
                }
            });
        }
    }

    /// Waits until a file of `size` bytes may start: at once for a small one; for one that
    /// goes in parts, when one of the file slots is free (held as long as the guard lives).
    pub async fn admit(
        &self,
        size: u64,
        settings: &Settings,
        cancel: &CancellationToken,
    ) -> Result<Option<OwnedSemaphorePermit>> {
        if size <= settings.multipart_threshold {
            return Ok(None);
        }
        acquire(&self.large_files, 1, cancel).await.map(Some)
    }

    /// A permit for one request moving a part, a range or a file that is not small, or a
    /// request outside the batches that should wait its turn with them (a server-side copy,
    /// an upload to a link).
    pub async fn permit(&self, cancel: &CancellationToken) -> Result<OwnedSemaphorePermit> {
        acquire(&self.shares, SHARES, cancel).await
    }

    /// A permit for a request moving `size` bytes whole, with parts of `part_size`.
    async fn permit_for(&self, size: u64, part_size: u64, cancel: &CancellationToken) -> Result<OwnedSemaphorePermit> {
        let shares = if small(size, part_size) { 1 } else { SHARES };
        acquire(&self.shares, shares, cancel).await
    }
}

/// A file small enough to take one share of the pool: a quarter of a part at most.
fn small(size: u64, part_size: u64) -> bool {
    size <= part_size / u64::from(SHARES)
}

/// Waits for `n` permits of `semaphore`, or fails with [`Error::cancelled`] when `cancel`
/// fires first.
async fn acquire(semaphore: &Arc<Semaphore>, n: u32, cancel: &CancellationToken) -> Result<OwnedSemaphorePermit> {
    tokio::select! {
        permit = semaphore.clone().acquire_many_owned(n) => Ok(permit.expect("the pool's semaphores are never closed")),
        () = cancel.cancelled() => Err(Error::cancelled()),
    }
}

/// Bytes transferred so far by one transfer, read by whoever shows progress.
#[derive(Debug, Clone, Default)]
pub struct Counter(Arc<AtomicU64>);

impl Counter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    pub(crate) fn add(&self, bytes: u64) {
        self.0.fetch_add(bytes, Ordering::Relaxed);
    }

    fn sub(&self, bytes: u64) {
        self.0.fetch_sub(bytes, Ordering::Relaxed);
    }
}

/// What every transfer runs with: the session, how to cut files up, the shared permits,
/// the upload journal, and the tokens that cancel or pause it.
pub struct Context<'a> {
    pub session: &'a Session,
    pub settings: Settings,
    pub pool: &'a Pool,
    pub journal: &'a Journal,
    /// Stops the transfer; a multipart upload is then aborted, unless `pause` fired first.
    pub cancel: &'a CancellationToken,
    /// Set before `cancel` to pause instead: the multipart upload and its parts are kept.
    pub pause: Option<&'a CancellationToken>,
}

impl Context<'_> {
    /// The client transfers go through: the accelerate endpoint when asked, else the region's.
    fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        if self.settings.accelerate {
            self.session.s3_accelerated(region)
        } else {
            self.session.s3_in(region)
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    #[tokio::test]
    async fn small_files_go_four_to_a_permit_and_large_files_take_turns() {
        let pool = Pool::new(2);
        let cancel = CancellationToken::new();
        let settings = Settings {
            part_size: 16 * MIB,
            concurrency: 2,
            multipart_threshold: 16 * MIB,
            range_size: 64 * MIB,
            checksums: false,
            accelerate: false,
        };
        let small = || pool.permit_for(MIB, settings.part_size, &cancel).now_or_never();
        let held: Vec<_> = (0..8).map(|_| small().expect("free").unwrap()).collect();
        assert!(small().is_none(), "2 permits hold 8 small files, not 9");
        drop(held);
        let part = pool.permit(&cancel).now_or_never().unwrap().unwrap();
        let big_whole = pool.permit_for(10 * MIB, settings.part_size, &cancel).now_or_never().unwrap().unwrap();
        assert!(pool.permit(&cancel).now_or_never().is_none(), "a part and a 10 MiB file fill 2 permits");
        drop((part, big_whole));

        let large = || pool.admit(17 * MIB, &settings, &cancel).now_or_never();
        let slots = [large().unwrap().unwrap(), large().unwrap().unwrap()];
        assert!(slots.iter().all(Option::is_some));
        assert!(large().is_none(), "a third large file waits for a slot");
        assert!(
            pool.admit(MIB, &settings, &cancel).now_or_never().unwrap().unwrap().is_none(),
            "small ones never wait"
        );
        assert_eq!(pool.files_at_once(), 8);
    }

    #[tokio::test]
    async fn a_resized_pool_is_the_same_pool_with_more_or_fewer_permits() {
        let pool = Pool::new(1);
        let cancel = CancellationToken::new();
        let held = pool.permit(&cancel).now_or_never().unwrap().unwrap();
        assert!(pool.permit(&cancel).now_or_never().is_none(), "one request at a time");
        pool.resize(3);
        let more: Vec<_> = (0..2).map(|_| pool.permit(&cancel).now_or_never().unwrap().unwrap()).collect();
        assert_eq!(pool.files_at_once(), 12);

        // Down to one: the permits in flight are taken back as they are released.
        pool.resize(1);
        drop((held, more));
        tokio::task::yield_now().await;
        let one = pool.permit(&cancel).await.unwrap();
        assert!(pool.permit(&cancel).now_or_never().is_none(), "one request at a time again");
        drop(one);
        assert_eq!(pool.files_at_once(), 4);
    }
}
