//! The S3 engine of S3 Desk: connections and their secrets, sessions, and S3 operations.
//! Plain Rust over aws-sdk-s3 with no UI dependency, shared by the desktop app and the
//! command-line companion, and tested against real S3 servers.

pub mod access;
mod atomic_file;
pub mod aws_profiles;
pub mod bucket_name;
pub mod buckets;
pub mod catalog;
pub mod connection;
pub mod connections_file;
pub mod deletion;
pub mod error;
pub mod identity;
pub mod keychain;
mod listing;
pub mod multipart;
pub mod objects;
pub mod operations;
pub mod parts;
pub mod paths;
pub mod sandbox;
pub mod session;
pub mod sharing;
pub mod sync;
pub mod tags;
pub mod transfers;

pub use catalog::{Catalog, ConnectionRef};
pub use error::{Error, ErrorKind, Result};
pub use operations::Operations;
pub use session::{Session, Sessions, Timeouts};
