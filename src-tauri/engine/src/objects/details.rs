//! One object's details, read with HeadObject when the user opens it (never per row).

use std::collections::BTreeMap;

use aws_sdk_s3::types::ChecksumMode;

use crate::error::{from_sdk, Call, Result};
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectDetails {
    pub key: String,
    pub size: u64,
    pub etag: Option<String>,
    pub content_type: Option<String>,
    pub last_modified_ms: Option<i64>,
    pub storage_class: Option<String>,
    pub version_id: Option<String>,
    /// The checksum S3 keeps for the object, as `ALGORITHM value`, when it has one.
    pub checksum: Option<String>,
    /// User metadata (`x-amz-meta-*`), without the prefix.
    pub metadata: BTreeMap<String, String>,
}

pub async fn head(
    session: &Session,
    bucket: &str,
    region: &str,
    key: &str,
    version_id: Option<&str>,
) -> Result<ObjectDetails> {
    let endpoint = session.endpoint_label();
    let out = session
        .s3_in(region)
        .head_object()
        .bucket(bucket)
        .key(key)
        .set_version_id(version_id.map(str::to_owned))
        .checksum_mode(ChecksumMode::Enabled)
        .send()
        .await
        .map_err(|e| {
            from_sdk(e, Call { permission: "s3:GetObject", endpoint: &endpoint, bucket: Some(bucket), key: Some(key) })
        })?;
    let checksum = [
        ("CRC64NVME", out.checksum_crc64_nvme()),
        ("CRC32C", out.checksum_crc32_c()),
        ("CRC32", out.checksum_crc32()),
        ("SHA256", out.checksum_sha256()),
        ("SHA1", out.checksum_sha1()),
    ]
    .into_iter()
    .find_map(|(algorithm, value)| value.map(|v| format!("{algorithm} {v}")));
    Ok(ObjectDetails {
        key: key.to_owned(),
        size: out.content_length().unwrap_or(0).max(0) as u64,
        etag: out.e_tag().map(str::to_owned),
        content_type: out.content_type().map(str::to_owned),
        last_modified_ms: out.last_modified().and_then(|d| d.to_millis().ok()),
        // HeadObject leaves the class out for STANDARD.
        storage_class: Some(out.storage_class().map_or("STANDARD", |c| c.as_str()).to_owned()),
        version_id: out.version_id().map(str::to_owned),
        checksum,
        metadata: out.metadata().cloned().unwrap_or_default().into_iter().collect(),
    })
}
