//! Sync: a local folder and a bucket prefix made the same, one way. First a plan, made from
//! one walk of the folder and one listing of the prefix, that says exactly what will be
//! sent, replaced, deleted and left alone, with bytes and requests; then the run, which does
//! that plan through the batch layer and nothing else: a file changed since the preview is
//! reported, not sent; an extra is deleted only when asked, and only if it is as previewed.
//! Shared by the window and `s3desk sync`.

pub mod compare;
pub mod filter;
pub mod local;
mod plan;
mod run;

pub use compare::Compare;
pub use filter::Filter;
pub use plan::{plan, Action, Direction, Item, Options, Plan, RemoteObject, Sides, Totals};
pub use run::{run, Report};

use crate::error::Error;

/// A file or key a sync cannot take, and why; the rest of the sync goes on.
#[derive(Debug)]
pub struct Problem {
    /// Relative to the folder or the prefix.
    pub name: String,
    pub error: Error,
}
