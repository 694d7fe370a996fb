//! The shapes of the transfer commands: what is queued, the events a batch sends while it
//! runs, and the unfinished uploads the journal offers to resume.

use s3desk_engine::transfers::batch::{self, Event, Queued};
use s3desk_engine::transfers::plan::WantedObject;
use s3desk_engine::transfers::{JournalEntry, ObjectOptions, Prefs, UnfinishedDownload};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ConnectionKey, ErrorPayload};

/// One file of a batch, as soon as the batch knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QueuedFile {
    /// Unique in the app: the batch's id, `:`, the file's number.
    pub id: String,
    pub bucket: String,
    pub key: String,
    /// The local file: the source of an upload, the destination of a download.
    pub path: String,
    /// Bytes; unknown (0) for a download until it starts.
    #[ts(type = "number")]
    pub size: u64,
    /// Sent through the S3 Transfer Acceleration endpoint.
    pub accelerated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileBytes {
    pub id: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Outcome {
    Done {
        #[ts(type = "number")]
        size: u64,
        /// Parts sent by this run, when the object went in parts.
        parts_sent: u32,
        parts: u32,
    },
    Failed {
        error: ErrorPayload,
        /// An upload that can be resumed (its journal id): the parts sent so far are kept.
        resumable: Option<String>,
    },
    Cancelled,
    /// Stopped by Pause; `resumable` names the kept multipart upload, if there is one.
    Paused {
        resumable: Option<String>,
    },
}

/// What a running batch tells the UI. Progress comes at most a few times a second, for
/// all of the batch's running files at once, so 10 000 queued files do not flood the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransferEvent {
    Queued {
        files: Vec<QueuedFile>,
    },
    Started {
        id: String,
        #[ts(type = "number")]
        size: u64,
    },
    Progress {
        files: Vec<FileBytes>,
    },
    Finished {
        id: String,
        outcome: Outcome,
    },
}

impl From<Event> for TransferEvent {
    fn from(event: Event) -> Self {
        match event {
            Event::Queued(files) => TransferEvent::Queued { files: files.into_iter().map(QueuedFile::from).collect() },
            Event::Started { id, size } => TransferEvent::Started { id, size },
            Event::Progress(files) => TransferEvent::Progress {
                files: files.into_iter().map(|(id, bytes)| FileBytes { id, bytes }).collect(),
            },
            Event::Finished { id, outcome } => TransferEvent::Finished { id, outcome: outcome.into() },
        }
    }
}

impl From<Queued> for QueuedFile {
    fn from(q: Queued) -> Self {
        Self {
            id: q.id,
            bucket: q.bucket,
            key: q.key,
            path: q.path.display().to_string(),
            size: q.size,
            accelerated: q.accelerated,
        }
    }
}

impl From<batch::Outcome> for Outcome {
    fn from(outcome: batch::Outcome) -> Self {
        match outcome {
            batch::Outcome::Done { size, parts_sent, parts } => Outcome::Done { size, parts_sent, parts },
            batch::Outcome::Failed { error, resumable } => Outcome::Failed { error: error.into(), resumable },
            batch::Outcome::Cancelled => Outcome::Cancelled,
            batch::Outcome::Paused { resumable } => Outcome::Paused { resumable },
        }
    }
}

/// What every uploaded object of a batch gets besides its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
pub struct UploadOptionsInput {
    /// `null` keeps the bucket's default (STANDARD).
    pub storage_class: Option<String>,
    /// `null` guesses from each file's extension.
    pub content_type: Option<String>,
    pub metadata: Vec<(String, String)>,
    pub tags: Vec<(String, String)>,
}

impl From<UploadOptionsInput> for ObjectOptions {
    fn from(o: UploadOptionsInput) -> Self {
        let blank = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        Self {
            content_type: blank(o.content_type),
            storage_class: blank(o.storage_class),
            metadata: o.metadata.into_iter().collect(),
            tags: o.tags,
        }
    }
}

/// An object to download and the file it goes to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct DownloadObject {
    pub key: String,
    pub version_id: Option<String>,
    pub destination: String,
    /// The size the listing showed, for progress before the download starts.
    #[ts(type = "number")]
    pub size: u64,
}

impl From<DownloadObject> for WantedObject {
    fn from(o: DownloadObject) -> Self {
        Self { key: o.key, version_id: o.version_id, destination: o.destination.into(), size: Some(o.size) }
    }
}

/// A folder (prefix) to download, with everything under it, into `destination`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct DownloadFolder {
    pub prefix: String,
    pub destination: String,
}

/// A multipart upload an earlier run left unfinished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnfinishedUpload {
    pub id: String,
    pub connection: ConnectionKey,
    pub bucket: String,
    pub region: String,
    pub key: String,
    pub source: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Bytes in the parts journalled as sent.
    #[ts(type = "number")]
    pub sent: u64,
    #[ts(type = "number")]
    pub started_ms: i64,
}

impl From<JournalEntry> for UnfinishedUpload {
    fn from(e: JournalEntry) -> Self {
        let sent = (e.parts.len() as u64 * e.part_size).min(e.size);
        Self {
            id: e.id,
            connection: e.connection.into(),
            bucket: e.bucket,
            region: e.region,
            key: e.key,
            source: e.source.display().to_string(),
            size: e.size,
            sent,
            started_ms: e.started_ms,
        }
    }
}

/// Files dragged over the window, for the drop zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DropEvent {
    Enter,
    Leave,
    Drop { paths: Vec<String> },
}

/// The transfer settings as the settings dialog shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TransferSettings {
    #[ts(type = "number")]
    pub part_size_mib: u64,
    pub concurrency: u32,
}

impl From<Prefs> for TransferSettings {
    fn from(p: Prefs) -> Self {
        Self { part_size_mib: p.part_size_mib, concurrency: p.concurrency as u32 }
    }
}

impl From<TransferSettings> for Prefs {
    fn from(s: TransferSettings) -> Self {
        Self { part_size_mib: s.part_size_mib, concurrency: s.concurrency as usize }
    }
}

/// A download an earlier run left unfinished; downloading it again continues it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnfinishedDownloadView {
    pub connection: ConnectionKey,
    pub bucket: String,
    pub region: String,
    pub key: String,
    pub version_id: Option<String>,
    pub destination: String,
    pub overwrite: bool,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number")]
    pub started_ms: i64,
}

impl From<UnfinishedDownload> for UnfinishedDownloadView {
    fn from(d: UnfinishedDownload) -> Self {
        let job = d.job;
        Self {
            connection: job.connection.into(),
            bucket: job.bucket,
            region: job.region,
            key: job.key,
            version_id: job.version_id,
            destination: job.destination.display().to_string(),
            overwrite: job.overwrite,
            size: d.size,
            started_ms: d.started_ms,
        }
    }
}
