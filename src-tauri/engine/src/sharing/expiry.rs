//! How long a link lives: at most 7 days (SigV4's limit), and never longer than the
//! credentials that sign it. The SDK does not shorten a link signed with temporary
//! credentials, so a 7-day link made with a 1-hour session token would die after an hour.

use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// SigV4 presigned URLs live at most 7 days.
pub const MAX_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

/// The link's lifetime as asked for, checked against S3's bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiry(Duration);

impl Expiry {
    pub fn seconds(seconds: i64) -> Result<Self> {
        if seconds <= 0 {
            return Err(Error::invalid("expiry", "A link must live at least one second."));
        }
        let asked = Duration::from_secs(seconds as u64);
        if asked > MAX_EXPIRY {
            return Err(Error::invalid(
                "expiry",
                "A link can live at most 7 days: S3's signatures (SigV4) allow no longer.",
            )
            .with_hint("Choose 7 days or less, and share a new link when it expires."));
        }
        Ok(Self(asked))
    }

    pub fn duration(self) -> Duration {
        self.0
    }
}

/// When a link asked to live `asked` from `now` really stops working, given when the signing
/// credentials expire (if they do), and whether it was shortened because of them.
pub fn effective_expiry(now: SystemTime, asked: Expiry, credentials_expire: Option<SystemTime>) -> (Duration, bool) {
    let wanted = asked.duration();
    match credentials_expire.map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)) {
        Some(left) if left < wanted => (left, true),
        _ => (wanted, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_bounds() {
        assert!(Expiry::seconds(0).is_err());
        assert!(Expiry::seconds(-5).is_err());
        assert!(Expiry::seconds(1).is_ok());
        assert!(Expiry::seconds(7 * 24 * 3600).is_ok());
        let err = Expiry::seconds(7 * 24 * 3600 + 1).unwrap_err();
        assert!(err.message().contains("at most 7 days"));
    }

    #[test]
    fn temporary_credentials_shorten_the_link() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let day = Expiry::seconds(24 * 3600).unwrap();
        let in_ten_minutes = now + Duration::from_secs(600);
        assert_eq!(effective_expiry(now, day, Some(in_ten_minutes)), (Duration::from_secs(600), true));
        assert_eq!(effective_expiry(now, day, None), (Duration::from_secs(24 * 3600), false), "long-term keys");
        let five = Expiry::seconds(300).unwrap();
        assert_eq!(effective_expiry(now, five, Some(in_ten_minutes)), (Duration::from_secs(300), false));
        assert_eq!(effective_expiry(now, five, Some(now - Duration::from_secs(1))), (Duration::ZERO, true), "expired");
    }
}
