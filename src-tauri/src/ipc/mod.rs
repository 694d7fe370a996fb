//! The boundary between the UI and the backend: the shapes and the error that cross it.

mod error;
mod shapes;

pub use error::ErrorPayload;
pub use shapes::{Bucket, ConnectionDraftInput, ConnectionEntry, ConnectionKey, Identity};

#[cfg(test)]
mod bindings;
