//! Deleting objects and whole folders (every key under a prefix), 1000 keys per call.
//! In a versioned bucket this adds delete markers, as S3's own console does: the versions
//! stay and can be restored. Chosen versions (and delete markers) can also be deleted for
//! good, by version id.

use tokio_util::sync::CancellationToken;

use crate::deletion::{delete_batch, delete_under_prefix, identifier, DeleteReport, Progress, BATCH};
use crate::error::{Call, Result};
use crate::session::Session;

/// What to delete: single keys, folders (prefixes ending in `/`) with all they hold, and
/// versions for good.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub keys: Vec<String>,
    pub folders: Vec<String>,
    pub versions: Vec<VersionOf>,
}

/// One version of a key (or one delete marker: removing it brings the version under it back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionOf {
    pub key: String,
    pub version_id: String,
}

pub async fn delete(
    session: &Session,
    bucket: &str,
    region: &str,
    selection: &Selection,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(Progress),
) -> Result<DeleteReport> {
    let s3 = session.s3_in(region);
    let endpoint = session.endpoint_label();
    let call = |permission| Call { permission, endpoint: &endpoint, bucket: Some(bucket), key: None };
    let mut report = DeleteReport::default();

    for chunk in selection.keys.chunks(BATCH as usize) {
        if cancel.is_cancelled() {
            report.cancelled = true;
            return Ok(report);
        }
        let batch = chunk.iter().filter_map(|key| identifier(key, None)).collect();
        delete_batch(&s3, bucket, batch, call("s3:DeleteObject"), &mut report).await?;
        on_progress(report.progress.clone());
    }
    for chunk in selection.versions.chunks(BATCH as usize) {
        if cancel.is_cancelled() {
            report.cancelled = true;
            return Ok(report);
        }
        let batch = chunk.iter().filter_map(|v| identifier(&v.key, Some(&v.version_id))).collect();
        delete_batch(&s3, bucket, batch, call("s3:DeleteObjectVersion"), &mut report).await?;
        on_progress(report.progress.clone());
    }
    for folder in &selection.folders {
        let calls = (call("s3:ListBucket"), call("s3:DeleteObject"));
        if !delete_under_prefix(&s3, bucket, folder, calls, cancel, &mut on_progress, &mut report).await? {
            return Ok(report);
        }
    }
    Ok(report)
}
