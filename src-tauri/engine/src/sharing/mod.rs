//! Sharing without sharing credentials: presigned links to download an object or to upload
//! one, honest about when they stop working, and uploading a file to a link someone gave.

mod disposition;
mod expiry;
mod links;
mod put_url;

pub use disposition::attachment;
pub use expiry::{effective_expiry, Expiry, MAX_EXPIRY};
pub use links::{download_link, upload_link, Link, Place};
pub use put_url::{check_put_url, upload_to_url};
