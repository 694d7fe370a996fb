//! The shapes of the object commands.

use std::collections::BTreeMap;

use s3desk_engine::objects::copy::{self, CopyItem};
use s3desk_engine::objects::{self, tagging};
use s3desk_engine::objects::{ObjectDetails, ObjectEntry, Page, VersionCursor, VersionEntry, VersionOf, VersionPage};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ErrorPayload;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ObjectRow {
    pub key: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number | null")]
    pub last_modified_ms: Option<i64>,
    pub storage_class: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ObjectPage {
    /// Common prefixes, each ending in `/`.
    pub folders: Vec<String>,
    pub objects: Vec<ObjectRow>,
    /// Pass back to get the next page; null on the last one.
    pub next: Option<String>,
    /// The server stopped the listing without a way to continue (a store that caps listings).
    pub cut_short: bool,
}

impl From<Page> for ObjectPage {
    fn from(p: Page) -> Self {
        Self {
            folders: p.folders,
            objects: p
                .objects
                .into_iter()
                .map(|ObjectEntry { key, size, last_modified_ms, storage_class, .. }| ObjectRow {
                    key,
                    size,
                    last_modified_ms,
                    storage_class,
                })
                .collect(),
            next: p.next,
            cut_short: p.cut_short,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ObjectInfo {
    pub key: String,
    #[ts(type = "number")]
    pub size: u64,
    pub etag: Option<String>,
    pub content_type: Option<String>,
    #[ts(type = "number | null")]
    pub last_modified_ms: Option<i64>,
    pub storage_class: Option<String>,
    pub version_id: Option<String>,
    pub checksum: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

impl From<ObjectDetails> for ObjectInfo {
    fn from(d: ObjectDetails) -> Self {
        Self {
            key: d.key,
            size: d.size,
            etag: d.etag,
            content_type: d.content_type,
            last_modified_ms: d.last_modified_ms,
            storage_class: d.storage_class,
            version_id: d.version_id,
            checksum: d.checksum,
            metadata: d.metadata,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KeyCount {
    #[ts(type = "number")]
    pub keys: u64,
    /// false when counting stopped at its time limit: "at least".
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VersionRow {
    pub key: String,
    pub version_id: Option<String>,
    pub is_latest: bool,
    pub delete_marker: bool,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number | null")]
    pub last_modified_ms: Option<i64>,
}

/// One version (or delete marker) to delete for good.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct VersionToDelete {
    pub key: String,
    pub version_id: String,
}

impl From<VersionToDelete> for VersionOf {
    fn from(v: VersionToDelete) -> Self {
        Self { key: v.key, version_id: v.version_id }
    }
}

/// Where the next page of versions starts; pass it back as it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VersionsFrom {
    pub key_marker: String,
    pub version_id_marker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VersionListing {
    pub folders: Vec<String>,
    pub versions: Vec<VersionRow>,
    pub next: Option<VersionsFrom>,
}

impl From<VersionsFrom> for VersionCursor {
    fn from(v: VersionsFrom) -> Self {
        Self { key_marker: v.key_marker, version_id_marker: v.version_id_marker }
    }
}

impl From<VersionPage> for VersionListing {
    fn from(p: VersionPage) -> Self {
        Self {
            folders: p.folders,
            versions: p
                .versions
                .into_iter()
                .map(|VersionEntry { key, version_id, is_latest, delete_marker, size, last_modified_ms }| VersionRow {
                    key,
                    version_id,
                    is_latest,
                    delete_marker,
                    size,
                    last_modified_ms,
                })
                .collect(),
            next: p.next.map(|c| VersionsFrom { key_marker: c.key_marker, version_id_marker: c.version_id_marker }),
        }
    }
}

/// One thing to copy: a key to a key, or a folder (ending in `/`) to a folder.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct CopyItemInput {
    pub source: String,
    pub target: String,
}

impl From<CopyItemInput> for CopyItem {
    fn from(i: CopyItemInput) -> Self {
        Self { source: i.source, target: i.target }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CopyProgress {
    #[ts(type = "number")]
    pub copied: u64,
    #[ts(type = "number")]
    pub failed: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl From<&copy::CopyProgress> for CopyProgress {
    fn from(p: &copy::CopyProgress) -> Self {
        Self { copied: p.copied, failed: p.failed, bytes: p.bytes }
    }
}

/// One object an operation on many (delete, copy, tagging) could not handle, with the same
/// error every command gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ObjectFailure {
    pub key: String,
    pub version_id: Option<String>,
    pub error: ErrorPayload,
}

impl From<objects::ObjectFailure> for ObjectFailure {
    fn from(f: objects::ObjectFailure) -> Self {
        Self { key: f.key, version_id: f.version_id, error: f.error.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CopyReport {
    pub progress: CopyProgress,
    pub failures: Vec<ObjectFailure>,
    pub cancelled: bool,
}

impl From<copy::CopyReport> for CopyReport {
    fn from(r: copy::CopyReport) -> Self {
        Self {
            progress: (&r.progress).into(),
            failures: r.failures.into_iter().map(ObjectFailure::from).collect(),
            cancelled: r.cancelled,
        }
    }
}

/// One change to many objects' tags.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TagChangeInput {
    Put { key: String, value: String },
    Remove { key: String },
}

impl From<TagChangeInput> for tagging::Change {
    fn from(c: TagChangeInput) -> Self {
        match c {
            TagChangeInput::Put { key, value } => Self::Put(key, value),
            TagChangeInput::Remove { key } => Self::Remove(key),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TagChangeReport {
    #[ts(type = "number")]
    pub changed: u64,
    pub failures: Vec<ObjectFailure>,
    pub cancelled: bool,
}

impl From<tagging::BulkReport> for TagChangeReport {
    fn from(r: tagging::BulkReport) -> Self {
        Self {
            changed: r.changed,
            failures: r.failures.into_iter().map(ObjectFailure::from).collect(),
            cancelled: r.cancelled,
        }
    }
}

/// One object's tags for the browser's Tags column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ObjectTags {
    pub key: String,
    /// null when they could not be read; `problem` says why.
    pub tags: Option<Vec<(String, String)>>,
    pub problem: Option<String>,
}
