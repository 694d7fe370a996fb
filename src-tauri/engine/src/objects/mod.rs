//! Object operations for the browser: listing by prefix, details, folders, copying, tags,
//! deleting.

pub mod copy;
mod delete;
mod details;
pub mod folders;
mod list;
pub mod tagging;
mod versions;

pub use delete::{delete, Selection, VersionOf};
pub use details::{head, ObjectDetails};
pub use list::{count_under, list_page, ObjectEntry, Page};
pub use versions::{list_versions_page, VersionCursor, VersionEntry, VersionPage};

/// An object an operation on many (delete, copy, move, tagging) could not handle, and the
/// typed error saying why; the others carry on.
#[derive(Debug)]
pub struct ObjectFailure {
    pub key: String,
    /// The version, when the operation was on versions.
    pub version_id: Option<String>,
    pub error: crate::Error,
}
