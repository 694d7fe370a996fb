//! Presigned links: a GET to download one object (checked to exist first), a PUT to let
//! someone upload to one key. A link is itself a credential until it expires.

use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_s3::presigning::{PresignedRequest, PresigningConfig};

use super::expiry::{effective_expiry, Expiry};
use crate::buckets::acceleration::{self, Acceleration};
use crate::error::{from_sdk, Call, Error, ErrorKind, Result};
use crate::session::Session;

/// Where a link points: a bucket in its region, reached through the regional endpoint or,
/// for a bucket with Transfer Acceleration on, through the accelerate endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub bucket: &'a str,
    pub region: &'a str,
    pub accelerated: bool,
}

impl<'a> Place<'a> {
    pub fn regional(bucket: &'a str, region: &'a str) -> Self {
        Self { bucket, region, accelerated: false }
    }
}

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
    place: Place<'_>,
    key: &str,
    version_id: Option<&str>,
    expiry: Expiry,
    download_as: Option<&str>,
) -> Result<Link> {
    let Place { bucket, region, .. } = place;
    crate::objects::head(session, bucket, region, key, version_id).await?;
    let client = client(session, place).await?;
    let (config, expires_at_ms, shortened) = signing(session, expiry).await?;
    let endpoint = session.endpoint_label();
    let request = client
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
    place: Place<'_>,
    key: &str,
    expiry: Expiry,
    content_type: Option<&str>,
) -> Result<Link> {
    if key.is_empty() || key.len() > 1024 {
        return Err(Error::invalid("key", "The key must be 1 to 1024 bytes long."));
    }
    let bucket = place.bucket;
    let client = client(session, place).await?;
    let (config, expires_at_ms, shortened) = signing(session, expiry).await?;
    let endpoint = session.endpoint_label();
    let request = client
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

/// The client that signs for `place`. An accelerate link is made only for a bucket that has
/// acceleration on: the accelerate endpoint refuses every request for any other.
async fn client(session: &Session, place: Place<'_>) -> Result<aws_sdk_s3::Client> {
    if !place.accelerated {
        return Ok(session.s3_in(place.region));
    }
    if let Some(why) = acceleration::unavailable(session, place.bucket) {
        return Err(Error::invalid("accelerated", why));
    }
    if acceleration::status(session, place.bucket, place.region).await? != Acceleration::Enabled {
        return Err(Error::invalid(
            "accelerated",
            format!(
                "Transfer Acceleration is not on for {}, so a link through its endpoint would be refused. Turn it on in the bucket's settings, or make a regular link.",
                place.bucket
            ),
        ));
    }
    Ok(session.s3_accelerated(place.region))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::offline as session;

    #[tokio::test]
    async fn accelerate_links_are_refused_before_any_request_where_they_cannot_work() {
        // The endpoint is closed: a request would fail with Unreachable, not with these.
        let custom = session(Some("http://127.0.0.1:9")).await;
        let place = Place { bucket: "photos", region: "eu-west-1", accelerated: true };
        let err = client(&custom, place).await.unwrap_err();
        assert!(err.message().contains("S3-compatible endpoint"), "{}", err.message());

        let aws = session(None).await;
        let dotted = Place { bucket: "my.photos", region: "eu-west-1", accelerated: true };
        let err = upload_link(&aws, dotted, "k", Expiry::seconds(60).unwrap(), None).await.unwrap_err();
        assert!(err.message().contains("contain dots"), "{}", err.message());
    }
}
