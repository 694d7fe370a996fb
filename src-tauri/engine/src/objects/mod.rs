//! Object operations for the browser: listing by prefix, details, folders, copying, deleting.

pub mod copy;
mod delete;
mod details;
pub mod folders;
mod list;
mod versions;

pub use delete::{delete, Selection};
pub use details::{head, ObjectDetails};
pub use list::{count_under, list_page, ObjectEntry, Page};
pub use versions::{list_versions_page, VersionCursor, VersionEntry, VersionPage};
