//! Versions and delete markers of the keys under a prefix, for the browser's "show
//! versions" view, one page (up to 1000 entries) at a time.

use crate::deletion::BATCH;
use aws_sdk_s3::types::EncodingType;

use crate::error::{from_sdk, Call, Result};
use crate::listing::decoded;
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionEntry {
    pub key: String,
    /// `null` for objects written while versioning was off.
    pub version_id: Option<String>,
    pub is_latest: bool,
    /// A delete marker: the key looks deleted while this is its latest version.
    pub delete_marker: bool,
    pub size: u64,
    pub last_modified_ms: Option<i64>,
}

/// Where the next page of versions starts: ListObjectVersions pages by key and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionCursor {
    pub key_marker: String,
    pub version_id_marker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionPage {
    pub folders: Vec<String>,
    /// Versions and delete markers, by key, newest first within a key.
    pub versions: Vec<VersionEntry>,
    pub next: Option<VersionCursor>,
}

pub async fn list_versions_page(
    session: &Session,
    bucket: &str,
    region: &str,
    prefix: &str,
    folders: bool,
    cursor: Option<VersionCursor>,
) -> Result<VersionPage> {
    let endpoint = session.endpoint_label();
    let out = session
        .s3_in(region)
        .list_object_versions()
        .bucket(bucket)
        .prefix(prefix)
        .encoding_type(EncodingType::Url)
        .set_delimiter(folders.then(|| "/".to_owned()))
        .set_key_marker(cursor.as_ref().map(|c| c.key_marker.clone()))
        .set_version_id_marker(cursor.and_then(|c| c.version_id_marker))
        .max_keys(BATCH)
        .send()
        .await
        .map_err(|e| {
            from_sdk(
                e,
                Call { permission: "s3:ListBucketVersions", endpoint: &endpoint, bucket: Some(bucket), key: None },
            )
        })?;
    let versions = out.versions().iter().filter_map(|v| {
        Some(VersionEntry {
            key: decoded(v.key()?),
            version_id: v.version_id().map(str::to_owned),
            is_latest: v.is_latest() == Some(true),
            delete_marker: false,
            size: v.size().unwrap_or(0).max(0) as u64,
            last_modified_ms: v.last_modified().and_then(|d| d.to_millis().ok()),
        })
    });
    let markers = out.delete_markers().iter().filter_map(|m| {
        Some(VersionEntry {
            key: decoded(m.key()?),
            version_id: m.version_id().map(str::to_owned),
            is_latest: m.is_latest() == Some(true),
            delete_marker: true,
            size: 0,
            last_modified_ms: m.last_modified().and_then(|d| d.to_millis().ok()),
        })
    });
    // S3 returns versions and markers in two lists, each newest first within a key; shown
    // together by key, the latest first, then by time (a stable sort keeps S3's order for
    // versions written in the same second).
    let mut versions: Vec<VersionEntry> = versions.chain(markers).collect();
    versions.sort_by(|a, b| {
        a.key.cmp(&b.key).then(b.is_latest.cmp(&a.is_latest)).then(b.last_modified_ms.cmp(&a.last_modified_ms))
    });
    let next = (out.is_truncated() == Some(true))
        .then(|| {
            out.next_key_marker().map(|k| VersionCursor {
                key_marker: decoded(k),
                version_id_marker: out.next_version_id_marker().map(str::to_owned),
            })
        })
        .flatten();
    Ok(VersionPage {
        folders: out.common_prefixes().iter().filter_map(|p| p.prefix().map(decoded)).collect(),
        versions,
        next,
    })
}
