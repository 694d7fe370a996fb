//! The shapes of a sync: what the window asks for, the preview it shows, how the run went.

use s3desk_engine::sync::{self, Action, Compare, Direction, Plan, Report};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::objects::ObjectFailure;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncDirection {
    /// The folder to the prefix.
    Up,
    /// The prefix to the folder.
    Down,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncCompare {
    SizeAndTime,
    Content,
    Size,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SyncOptionsInput {
    pub compare: SyncCompare,
    /// Delete what the destination has and the source does not.
    pub delete: bool,
    /// Globs left out (`*.tmp`, `node_modules`, `.git/`).
    pub excludes: Vec<String>,
    /// Also sync names starting with a dot.
    pub hidden: bool,
}

impl From<SyncOptionsInput> for sync::Options {
    fn from(o: SyncOptionsInput) -> Self {
        let compare = match o.compare {
            SyncCompare::SizeAndTime => Compare::SizeAndTime,
            SyncCompare::Content => Compare::Content,
            SyncCompare::Size => Compare::Size,
        };
        Self { compare, delete: o.delete, excludes: o.excludes, hidden: o.hidden, ..Self::default() }
    }
}

impl From<SyncDirection> for Direction {
    fn from(d: SyncDirection) -> Self {
        match d {
            SyncDirection::Up => Direction::Up,
            SyncDirection::Down => Direction::Down,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncAction {
    New,
    Changed,
    Extra,
    Same,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncItemView {
    pub name: String,
    pub action: SyncAction,
    /// The source's bytes (the destination's, for an extra).
    #[ts(type = "number")]
    pub size: u64,
    /// Why content was compared by size and time instead.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncTotals {
    pub new: usize,
    pub changed: usize,
    pub extra: usize,
    pub deleted: usize,
    pub same: usize,
    pub problems: usize,
    #[ts(type = "number")]
    pub bytes: u64,
    #[ts(type = "number")]
    pub requests_made: u64,
    #[ts(type = "number")]
    pub requests_to_make: u64,
}

/// A sync's preview: run it by its id, and exactly this is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncPlanView {
    pub id: String,
    pub direction: SyncDirection,
    pub totals: SyncTotals,
    pub items: Vec<SyncItemView>,
    /// Names left out, with why (keys that collide, files that cannot be read…).
    pub problems: Vec<ObjectFailure>,
    /// Deleted objects stay as older versions.
    pub versioned: bool,
    pub empty_folders: usize,
}

impl SyncPlanView {
    pub fn new(id: String, plan: &Plan) -> Self {
        let direction = match plan.direction {
            Direction::Up => SyncDirection::Up,
            Direction::Down => SyncDirection::Down,
        };
        let items = plan
            .items
            .iter()
            .map(|item| SyncItemView {
                name: item.name.clone(),
                action: match item.action {
                    Action::New => SyncAction::New,
                    Action::Changed => SyncAction::Changed,
                    Action::Extra => SyncAction::Extra,
                    Action::Same => SyncAction::Same,
                },
                size: item.size(plan.direction),
                note: item.note.map(str::to_owned),
            })
            .collect();
        let t = plan.totals;
        Self {
            id,
            direction,
            totals: SyncTotals {
                new: t.new,
                changed: t.changed,
                extra: t.extra,
                deleted: t.deleted,
                same: t.same,
                problems: t.problems,
                bytes: t.bytes,
                requests_made: t.requests_made,
                requests_to_make: t.requests_to_make,
            },
            items,
            problems: plan
                .problems
                .iter()
                .map(|p| ObjectFailure {
                    key: p.name.clone(),
                    version_id: None,
                    error: super::ErrorPayload::from(&p.error),
                })
                .collect(),
            versioned: plan.versioned,
            empty_folders: plan.empty_folders,
        }
    }
}

/// How a sync's run went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncReportView {
    pub done: usize,
    pub failed: usize,
    pub stopped: usize,
    #[ts(type = "number")]
    pub deleted: u64,
    /// Extras that could not be deleted, with why.
    pub failures: Vec<ObjectFailure>,
    /// Extras left because a transfer failed or the run was stopped.
    pub deletes_skipped: usize,
}

impl From<Report> for SyncReportView {
    fn from(r: Report) -> Self {
        Self {
            done: r.transfers.done,
            failed: r.transfers.failed,
            stopped: r.transfers.cancelled + r.transfers.paused,
            deleted: r.deleted,
            failures: r.failures.into_iter().map(ObjectFailure::from).collect(),
            deletes_skipped: r.deletes_skipped,
        }
    }
}
