//! Folders: S3 has none, so a folder is a zero-byte object whose key ends in `/`, which
//! makes the prefix show up in listings while it is still empty.

use aws_sdk_s3::primitives::ByteStream;

use crate::error::{from_sdk, Call, Error, Result};
use crate::session::Session;

/// Creates the folder `name` under `prefix` (which is empty or ends in `/`); returns its key.
pub async fn create(session: &Session, bucket: &str, region: &str, prefix: &str, name: &str) -> Result<String> {
    let name = name.trim().trim_end_matches('/');
    if name.is_empty() {
        return Err(Error::invalid("name", "Give the folder a name."));
    }
    if name.contains('/') {
        return Err(Error::invalid(
            "name",
            "A folder name cannot contain \"/\"; create the folders one level at a time.",
        ));
    }
    let key = format!("{prefix}{name}/");
    if key.len() > 1024 {
        return Err(Error::invalid("name", "The folder's full key would be longer than S3's limit of 1024 bytes."));
    }
    let endpoint = session.endpoint_label();
    session
        .s3_in(region)
        .put_object()
        .bucket(bucket)
        .key(&key)
        .body(ByteStream::from_static(b""))
        .send()
        .await
        .map_err(|e| {
            from_sdk(e, Call { permission: "s3:PutObject", endpoint: &endpoint, bucket: Some(bucket), key: None })
        })?;
    Ok(key)
}
