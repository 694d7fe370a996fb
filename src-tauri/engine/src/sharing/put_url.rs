//! Uploading a file to a presigned PUT link someone gave: the link is checked before any
//! byte is sent (shape, signature parameters, expiry), and the server's refusals explained.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::TryStreamExt;
use tokio_util::sync::CancellationToken;

use crate::error::{Error, ErrorKind, Result};
use crate::transfers::Counter;

/// The slowest upload allowed for before an upload to a link is given up on.
const SLOWEST_BYTES_PER_SECOND: u64 = 64 * 1024;

/// The host is this machine: `localhost`, 127.0.0.0/8 or ::1.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The link as a URL, if it looks like a presigned S3 upload link that has not expired.
pub fn check_put_url(text: &str) -> Result<url::Url> {
    let malformed = |why: &str| {
        Error::invalid("url", format!("This is not a presigned S3 link: {why}."))
            .with_hint("Paste the whole link as you received it, starting with https://.")
    };
    let url = url::Url::parse(text.trim()).map_err(|e| malformed(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(malformed("it is not an http(s) address"));
    }
    // Over plain http the file would travel readable, and the link could be changed on the
    // way; only a server on this machine (a local test server) is exempt.
    if url.scheme() == "http" && !is_loopback(&url) {
        return Err(Error::invalid("url", "This link is http://, not https://: the file would be sent unencrypted.")
            .with_hint("Ask whoever sent it for an https:// link."));
    }
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let signed = query.contains_key("X-Amz-Signature") || query.contains_key("Signature");
    if !signed {
        return Err(malformed("it carries no signature (X-Amz-Signature)"));
    }
    if let (Some(date), Some(expires)) = (query.get("X-Amz-Date"), query.get("X-Amz-Expires")) {
        if let (Some(signed_at), Ok(seconds)) = (parse_amz_date(date), expires.parse::<u64>()) {
            let expired_at = signed_at + Duration::from_secs(seconds);
            if expired_at < SystemTime::now() {
                let ago = SystemTime::now().duration_since(expired_at).unwrap_or_default().as_secs();
                return Err(Error::new(
                    ErrorKind::Service { code: "ExpiredLink".into() },
                    format!("This link expired {} ago.", human(ago)),
                )
                .with_hint("Ask whoever sent it for a new link."));
            }
        }
    }
    Ok(url)
}

/// PUTs `file` to the presigned `url`, counting bytes into `progress`, until done or
/// `cancel`led. `content_type` must be the one the link was signed with, if it was signed
/// with one.
pub async fn upload_to_url(
    url: &str,
    file: &Path,
    content_type: Option<&str>,
    progress: &Counter,
    cancel: &CancellationToken,
) -> Result<()> {
    let url = check_put_url(url)?;
    let size = tokio::fs::metadata(file).await.map_err(|e| Error::local_file("Could not read", file, e))?.len();
    let opened = tokio::fs::File::open(file).await.map_err(|e| Error::local_file("Could not read", file, e))?;
    let counter = progress.clone();
    let body = tokio_util::io::ReaderStream::new(opened).inspect_ok(move |chunk| counter.add(chunk.len() as u64));
    // Time limits, as on every S3 request: an endpoint that accepts and never answers fails
    // the upload instead of holding it for ever.
    let timeouts = crate::Timeouts::default();
    let client = reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .read_timeout(timeouts.stall)
        .timeout(timeouts.answer + Duration::from_secs(size / SLOWEST_BYTES_PER_SECOND))
        .build()
        .map_err(|e| Error::new(ErrorKind::Unreachable, format!("Could not prepare the upload: {e}.")))?;
    let mut request =
        client.put(url.clone()).header(reqwest::header::CONTENT_LENGTH, size).body(reqwest::Body::wrap_stream(body));
    if let Some(content_type) = content_type.filter(|t| !t.trim().is_empty()) {
        request = request.header(reqwest::header::CONTENT_TYPE, content_type);
    }
    let host = url.host_str().unwrap_or_default().to_owned();
    // A single PUT stores all of the file or nothing: cancelled half-way, nothing is stored.
    let response = tokio::select! {
        response = request.send() => response,
        () = cancel.cancelled() => {
            return Err(Error::new(ErrorKind::Cancelled, "The upload was cancelled; nothing was stored."));
        }
    };
    let response = response.map_err(|e| {
        Error::new(ErrorKind::Unreachable, format!("Could not reach {host}: {e}."))
            .with_hint("Check your network connection; nothing was stored, so upload again.")
    })?;
    if response.status().is_success() {
        return Ok(());
    }
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    Err(refusal(status, &body))
}

/// The server's refusal of an upload to a link, as a sentence with the fix.
fn refusal(status: u16, body: &str) -> Error {
    let tag = |name: &str| {
        let open = format!("<{name}>");
        let start = body.find(&open)? + open.len();
        Some(body[start..].split(&format!("</{name}>")).next()?.to_owned())
    };
    let code = tag("Code").unwrap_or_else(|| format!("HTTP {status}"));
    let message = tag("Message").unwrap_or_default();
    let (sentence, hint) = match code.as_str() {
        "AccessDenied" if message.contains("expired") => {
            ("This link has expired.".to_owned(), "Ask whoever sent it for a new link.")
        }
        "SignatureDoesNotMatch" => (
            "The server rejected the link's signature: the link was altered, or the upload differs from what it was signed for (for example its content type).".to_owned(),
            "Use the link exactly as received, with the content type it was made for.",
        ),
        "AccessDenied" => (
            "The server refused the upload: the link's signer may lack s3:PutObject, or the link was revoked.".to_owned(),
            "Ask whoever sent it for a new link.",
        ),
        _ => (
            format!("The server refused the upload ({code}){}", if message.is_empty() { ".".into() } else { format!(": {message}") }),
            "Nothing was stored; check the link and upload again.",
        ),
    };
    Error::new(ErrorKind::Service { code }, sentence).with_hint(hint)
}

/// `20240131T235959Z` as a time.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let digits = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (y, m, d) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    let (hh, mm, ss) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
    // Days from civil (H. Hinnant).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hh * 3600 + mm * 60 + ss;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).ok()?))
}

fn human(seconds: u64) -> String {
    match seconds {
        s if s < 120 => format!("{s} seconds"),
        s if s < 7200 => format!("{} minutes", s / 60),
        s if s < 172_800 => format!("{} hours", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_checked_before_anything_is_sent() {
        assert!(check_put_url("not a url").is_err());
        assert!(check_put_url("ftp://host/b/k?X-Amz-Signature=1").is_err());
        assert!(check_put_url("https://example.com/upload").unwrap_err().message().contains("no signature"));
        let old = "https://s3.amazonaws.com/b/k?X-Amz-Date=20200101T000000Z&X-Amz-Expires=60&X-Amz-Signature=ab";
        let err = check_put_url(old).unwrap_err();
        assert!(err.message().starts_with("This link expired"), "{}", err.message());
        let fresh = "https://s3.amazonaws.com/b/k?X-Amz-Date=20990101T000000Z&X-Amz-Expires=60&X-Amz-Signature=ab";
        assert!(check_put_url(fresh).is_ok());
    }

    #[test]
    fn plain_http_only_to_this_machine() {
        let query = "?X-Amz-Date=20990101T000000Z&X-Amz-Expires=60&X-Amz-Signature=ab";
        let err = check_put_url(&format!("http://s3.example.com/b/k{query}")).unwrap_err();
        assert!(err.message().contains("not https://"), "{}", err.message());
        for local in ["http://127.0.0.1:9000", "http://localhost:9000", "http://[::1]:9000", "http://127.1.2.3"] {
            assert!(check_put_url(&format!("{local}/b/k{query}")).is_ok(), "{local}");
        }
    }

    #[test]
    fn amz_dates_parse() {
        assert_eq!(parse_amz_date("19700101T000000Z"), Some(UNIX_EPOCH));
        assert_eq!(parse_amz_date("20240229T123456Z"), Some(UNIX_EPOCH + Duration::from_secs(1_709_210_096)));
    }

    #[test]
    fn refusals_are_explained() {
        let expired = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>";
        assert_eq!(refusal(403, expired).message(), "This link has expired.");
        let signature = "<Error><Code>SignatureDoesNotMatch</Code><Message>x</Message></Error>";
        assert!(refusal(403, signature).message().contains("content type"));
        assert!(refusal(500, "").message().contains("HTTP 500"));
    }
}
