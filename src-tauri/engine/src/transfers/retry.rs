//! Retrying one request (a part, a small file) with backoff when the failure is transient:
//! a dropped connection, a timeout, a 5xx, SlowDown. Never on cancellation, refused
//! credentials or permissions, which would fail the same way again.

use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::error::{Error, ErrorKind, Result};

/// Attempts per request, on top of the SDK's own (which retries a few times itself).
const ATTEMPTS: u32 = 6;
const FIRST_DELAY: Duration = Duration::from_millis(250);
const LONGEST_DELAY: Duration = Duration::from_secs(8);

pub(crate) async fn with_retries<T, F, Fut>(cancel: &CancellationToken, mut attempt: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut delay = FIRST_DELAY;
    for tried in 1.. {
        let result = tokio::select! {
            result = attempt() => result,
            () = cancel.cancelled() => return Err(Error::cancelled()),
        };
        match result {
            Err(e) if tried < ATTEMPTS && is_transient(e.kind()) => {
                tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    () = cancel.cancelled() => return Err(Error::cancelled()),
                }
                delay = (delay * 2).min(LONGEST_DELAY);
            }
            other => return other,
        }
    }
    unreachable!("the loop returns on the last attempt")
}

pub(crate) fn is_transient(kind: &ErrorKind) -> bool {
    match kind {
        ErrorKind::Unreachable => true,
        ErrorKind::Service { code } => {
            matches!(
                code.as_str(),
                "SlowDown" | "InternalError" | "ServiceUnavailable" | "RequestTimeout" | "Throttling"
            ) || code.starts_with("HTTP 5")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_failures_are_retried() {
        assert!(is_transient(&ErrorKind::Unreachable));
        assert!(is_transient(&ErrorKind::Service { code: "SlowDown".into() }));
        assert!(is_transient(&ErrorKind::Service { code: "HTTP 503".into() }));
        assert!(!is_transient(&ErrorKind::Cancelled));
        assert!(!is_transient(&ErrorKind::ExpiredCredentials));
        assert!(!is_transient(&ErrorKind::AccessDenied { permission: "s3:PutObject" }));
        assert!(!is_transient(&ErrorKind::Service { code: "BadDigest".into() }));
    }

    #[tokio::test(start_paused = true)]
    async fn a_transient_failure_is_retried_until_it_passes() {
        let mut calls = 0;
        let result = with_retries(&CancellationToken::new(), || {
            calls += 1;
            let fail = calls < 3;
            async move {
                if fail {
                    Err(Error::new(ErrorKind::Unreachable, "reset"))
                } else {
                    Ok(calls)
                }
            }
        })
        .await;
        assert_eq!(result.unwrap(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn access_denied_is_not_retried() {
        let mut calls = 0;
        let result: Result<()> = with_retries(&CancellationToken::new(), || {
            calls += 1;
            async { Err(Error::new(ErrorKind::AccessDenied { permission: "s3:PutObject" }, "no")) }
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls, 1);
    }
}
