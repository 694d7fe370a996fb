//! Presigned links: a GET to download one object (checked to exist first), a PUT to let
//! someone upload to one key. A link is itself a credential until it expires.

use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_s3::presigning::{PresignedRequest, PresigningConfig};

use super::expiry::{effective_expiry, Expiry};
use crate::error::{from_sdk, Call, Error, ErrorKind, Result};
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    /// When the link stops working, in milliseconds since the Unix epoch.
    pub expires_at_ms: i64,
    /// The link was made shorter than asked: the credentials that sign it expire sooner.
    pub shortened_by_credentials: bool,
    /// For upload links: a `curl` command that uploads a file with every header the link
    /// was signed for.
    pub curl: Option<String>,
}

/// A link that downloads `key` (the version given, or the current one) until it expires,
/// saved under `download_as` when given. The object is checked to exist first.
pub async fn download_link(
    session: &Session,
    bucket: &str,
    region: &str,
    key: &str,
    version_id: Option<&str>,
    expiry: Expiry,
    download_as: Option<&str>,
) -> Result<Link> {
    crate::objects::head(session, bucket, region, key, version_id).await?;
    let (config, expires_at_ms, shortened) = signing(session, expiry).await?;
    let endpoint = session.endpoint_label();
    let request = session
        .s3_in(region)
        .get_object()
        .bucket(bucket)
        .key(key)
        .set_version_id(version_id.map(str::to_owned))
        .set_response_content_disposition(download_as.filter(|n| !n.trim().is_empty()).map(super::attachment))
        .presigned(config)
        .await
        .map_err(|e| {
            from_sdk(e, Call { permission: "s3:GetObject", endpoint: &endpoint, bucket: Some(bucket), key: Some(key) })
        })?;
    Ok(Link { url: request.uri().to_owned(), expires_at_ms, shortened_by_credentials: shortened, curl: None })
}

/// A link that lets whoever holds it upload one object to `key` until it expires. With a
/// content type, the upload must send exactly that `Content-Type`.
pub async fn upload_link(
    session: &Session,
    bucket: &str,
    region: &str,
    key: &str,
    expiry: Expiry,
    content_type: Option<&str>,
) -> Result<Link> {
    if key.is_empty() || key.len() > 1024 {
        return Err(Error::invalid("key", "The key must be 1 to 1024 bytes long."));
    }
    let (config, expires_at_ms, shortened) = signing(session, expiry).await?;
    let endpoint = session.endpoint_label();
    let request = session
        .s3_in(region)
        .put_object()
        .bucket(bucket)
        .key(key)
        .set_content_type(content_type.filter(|t| !t.trim().is_empty()).map(str::to_owned))
        .presigned(config)
        .await
        .map_err(|e| {
            from_sdk(e, Call { permission: "s3:PutObject", endpoint: &endpoint, bucket: Some(bucket), key: Some(key) })
        })?;
    Ok(Link {
        url: request.uri().to_owned(),
        expires_at_ms,
        shortened_by_credentials: shortened,
        curl: Some(curl_put(&request)),
    })
}

/// The presigning configuration for `expiry`, shortened to the credentials' own expiry.
async fn signing(session: &Session, expiry: Expiry) -> Result<(PresigningConfig, i64, bool)> {
    let now = SystemTime::now();
    let (lifetime, shortened) = effective_expiry(now, expiry, session.credentials_expiry().await);
    if lifetime.is_zero() {
        return Err(Error::new(ErrorKind::ExpiredCredentials, "These temporary credentials have already expired.")
            .with_hint("Sign in again (for SSO: `aws sso login`), then make the link."));
    }
    let config = PresigningConfig::builder()
        .start_time(now)
        .expires_in(lifetime)
        .build()
        .map_err(|e| Error::invalid("expiry", format!("This expiry cannot be signed: {e}.")))?;
    let expires_at_ms = (now + lifetime).duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
    Ok((config, expires_at_ms, shortened))
}

/// `curl` uploading FILE to the link, with each header the signature covers.
fn curl_put(request: &PresignedRequest) -> String {
    let mut command = String::from("curl --fail -X PUT -T FILE");
    for (name, value) in request.headers() {
        command.push_str(&format!(" -H '{name}: {value}'"));
    }
    command.push_str(&format!(" '{}'", request.uri()));
    command
}
