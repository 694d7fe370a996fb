//! Bucket operations: listing, creating with the right settings, reading and changing
//! settings, and emptying and deleting.

pub mod acceleration;
mod contents;
mod create;
mod list;
mod settings;

pub use contents::{count, delete, empty, Contents};
pub use create::{create, grantee_header, CannedAcl, CreateBucket, Created, Ownership, Retention, RetentionMode};
pub use list::{list, locate, BucketSummary};
pub use settings::{set_versioning, settings, versioning, ObjectLock, Settings, Versioning};
