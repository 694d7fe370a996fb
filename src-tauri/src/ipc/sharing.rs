//! The shapes of the sharing commands.

use s3desk_engine::sharing::Link;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SharedLink {
    pub url: String,
    #[ts(type = "number")]
    pub expires_at_ms: i64,
    /// Shorter than asked: the signing credentials are temporary and expire first.
    pub shortened_by_credentials: bool,
    /// Upload links: a curl command that works with this link.
    pub curl: Option<String>,
}

impl From<Link> for SharedLink {
    fn from(l: Link) -> Self {
        Self {
            url: l.url,
            expires_at_ms: l.expires_at_ms,
            shortened_by_credentials: l.shortened_by_credentials,
            curl: l.curl,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UrlUploadProgress {
    #[ts(type = "number")]
    pub bytes: u64,
    #[ts(type = "number")]
    pub size: u64,
}
