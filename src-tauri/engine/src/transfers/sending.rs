//! Upload progress as the bytes leave, not when a request ends: a part of 16 MiB on a slow
//! link would otherwise hold its file's bar still for a minute, then jump.
//!
//! A request's body is wrapped so that each chunk the HTTP client takes is counted. A
//! request can be sent more than once (our retries, and the SDK's own, which rebuilds the
//! body): each new attempt first takes back what the one before it counted, so a file's
//! progress never counts a byte twice.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

use super::Counter;
use crate::error::Result;

/// The bytes of one request body (a part, or a whole small file) on their way out.
#[derive(Clone)]
pub(super) struct Sending {
    progress: Counter,
    /// Counted by the current attempt.
    attempt: Arc<AtomicU64>,
}

impl Sending {
    pub fn new(progress: &Counter) -> Self {
        Self { progress: progress.clone(), attempt: Arc::default() }
    }

    /// `body`, counted as it is sent. The count restarts whenever the body is (re)built.
    pub fn counted(&self, body: ByteStream) -> ByteStream {
        let sending = self.clone();
        ByteStream::new(body.into_inner().map_preserve_contents(move |inner| {
            sending.take_back();
            SdkBody::from_body_1_x(Counted { inner, sending: sending.clone() })
        }))
    }

    /// Once the request is over: on success the progress holds exactly `length` bytes for
    /// it (whatever the client buffered), on failure none.
    pub fn settle<T>(&self, result: Result<T>, length: u64) -> Result<T> {
        if result.is_ok() {
            self.progress.add(length);
        }
        self.take_back();
        result
    }

    fn take_back(&self) {
        self.progress.sub(self.attempt.swap(0, Ordering::Relaxed));
    }

    fn count(&self, bytes: u64) {
        self.attempt.fetch_add(bytes, Ordering::Relaxed);
        self.progress.add(bytes);
    }
}

struct Counted {
    inner: SdkBody,
    sending: Sending,
}

impl Body for Counted {
    type Data = Bytes;
    type Error = aws_smithy_types::body::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<Frame<Bytes>, Self::Error>>> {
        let frame = ready!(Pin::new(&mut self.inner).poll_frame(cx));
        if let Some(data) = frame.as_ref().and_then(|f| f.as_ref().ok()).and_then(Frame::data_ref) {
            self.sending.count(data.len() as u64);
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn drain(body: ByteStream) -> usize {
        body.collect().await.unwrap().into_bytes().len()
    }

    #[tokio::test]
    async fn bytes_count_as_they_are_read_and_a_retry_takes_back_the_attempt_before() {
        let progress = Counter::default();
        let sending = Sending::new(&progress);
        // The SDK keeps a copy of the body before each attempt, to retry with.
        let first = sending.counted(ByteStream::from(vec![1u8; 1000])).into_inner();
        let kept = first.try_clone().unwrap();
        assert_eq!(drain(ByteStream::new(first)).await, 1000);
        assert_eq!(progress.get(), 1000, "counted while read");

        let _kept_for_a_third = kept.try_clone().unwrap();
        assert_eq!(progress.get(), 0, "the second attempt's copy takes the first attempt back");
        drain(ByteStream::new(kept)).await;
        assert_eq!(progress.get(), 1000);

        // Our own retry builds a new body: the same.
        let again = sending.counted(ByteStream::from(vec![1u8; 1000]));
        assert_eq!(progress.get(), 0);
        drain(again).await;
        let settled: Result<()> = sending.settle(Ok(()), 1000);
        assert!(settled.is_ok());
        assert_eq!(progress.get(), 1000, "exactly the body's length once settled");
    }

    #[tokio::test]
    async fn a_failed_request_counts_nothing() {
        let progress = Counter::default();
        let sending = Sending::new(&progress);
        drain(sending.counted(ByteStream::from(vec![1u8; 300]))).await;
        let failed: Result<()> = sending.settle(Err(crate::error::Error::new(crate::ErrorKind::Cancelled, "x")), 300);
        assert!(failed.is_err());
        assert_eq!(progress.get(), 0);
    }
}
