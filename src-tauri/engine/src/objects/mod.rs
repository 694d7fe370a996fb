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

/// An object an operation on many (copy, move, tagging) could not handle, and why; the
/// others carry on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectFailure {
    pub key: String,
    pub message: String,
}
