//! The plan of a sync: the folder walked, the prefix listed, each name matched in NFC and
//! compared, and what the run will do with it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tokio_util::sync::CancellationToken;
use unicode_normalization::UnicodeNormalization;

use super::compare::{compare, Compare, State, Verdict};
use super::filter::Filter;
use super::local::{self, LocalFile};
use super::Problem;
use crate::buckets::{self, Versioning};
use crate::error::{Error, ErrorKind, Result};
use crate::objects;
use crate::session::Session;
use crate::transfers::plan::local_path;
use crate::transfers::Settings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The folder to the prefix.
    Up,
    /// The prefix to the folder.
    Down,
}

/// What a sync compares, and what it may do besides sending.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub compare: Compare,
    /// Delete what the destination has and the source does not.
    pub delete: bool,
    pub excludes: Vec<String>,
    pub includes: Vec<String>,
    /// Also sync names starting with `.`.
    pub hidden: bool,
    /// Follow symbolic links that stay inside the folder.
    pub follow_links: bool,
}

/// The two sides of a sync.
#[derive(Debug, Clone, Copy)]
pub struct Sides<'a> {
    pub folder: &'a Path,
    pub bucket: &'a str,
    pub region: &'a str,
    /// Empty for the whole bucket; otherwise taken as a folder (`/` added when missing).
    pub prefix: &'a str,
}

/// An object of the prefix, as the listing gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteObject {
    pub key: String,
    pub size: u64,
    pub modified_ms: i64,
    pub etag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Only the source has it: sent.
    New,
    /// Both have it, and they differ: the source's replaces the destination's.
    Changed,
    /// Only the destination has it: deleted when the sync deletes, else left.
    Extra,
    /// Both have it, the same: left alone.
    Same,
}

/// One name of the plan, with each side's state as the preview saw it (the run checks a
/// file against it before acting).
#[derive(Debug, Clone)]
pub struct Item {
    /// Relative to the folder and the prefix, `/`-separated, NFC.
    pub name: String,
    pub action: Action,
    pub local: Option<LocalFile>,
    pub remote: Option<RemoteObject>,
    /// Why it was compared by size and time though content was asked.
    pub note: Option<&'static str>,
}

impl Item {
    /// Its bytes as the preview shows them: the source's, or the destination's for an extra.
    pub fn size(&self, direction: Direction) -> u64 {
        let (local, remote) = (self.local.as_ref().map(|f| f.size), self.remote.as_ref().map(|o| o.size));
        let from_remote = match direction {
            Direction::Up => self.action == Action::Extra,
            Direction::Down => self.action != Action::Extra,
        };
        if from_remote { remote } else { local }.unwrap_or(0)
    }
}

/// Counts of a plan, as its preview shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub new: usize,
    pub changed: usize,
    pub extra: usize,
    /// Extras the run deletes (all of them when the sync deletes, else none).
    pub deleted: usize,
    pub same: usize,
    pub problems: usize,
    /// Bytes the run sends (new and changed).
    pub bytes: u64,
    /// S3 requests: those the preview made, and an estimate of those the run will make.
    pub requests_made: u64,
    pub requests_to_make: u64,
}

#[derive(Debug)]
pub struct Plan {
    pub direction: Direction,
    pub folder: PathBuf,
    pub bucket: String,
    pub region: String,
    /// With its trailing `/` (or empty).
    pub prefix: String,
    pub delete: bool,
    /// Sorted by name.
    pub items: Vec<Item>,
    pub problems: Vec<Problem>,
    pub empty_folders: usize,
    /// Deleted objects stay as versions (the bucket keeps versions).
    pub versioned: bool,
    pub totals: Totals,
}

/// Plans a sync of `sides` in `direction`: one walk of the folder, one listing of the prefix
/// (page by page, cancellable), no request per object.
pub async fn plan(
    session: &Session,
    sides: Sides<'_>,
    direction: Direction,
    options: &Options,
    settings: &Settings,
    cancel: &CancellationToken,
) -> Result<Plan> {
    let filter = Filter::new(&options.excludes, &options.includes, options.hidden)?;
    let prefix = match sides.prefix {
        "" => String::new(),
        p if p.ends_with('/') => p.to_owned(),
        p => format!("{p}/"),
    };
    let folder = sides.folder.to_owned();
    let walked = {
        let (folder, filter, follow) = (folder.clone(), filter.clone(), options.follow_links);
        let walk = move || match direction {
            // Downloading into a folder not made yet: nothing is there.
            Direction::Down if !folder.exists() => Ok(local::Walked::default()),
            _ => local::walk(&folder, &filter, follow),
        };
        tokio::task::spawn_blocking(walk).await.expect("walking a folder does not panic")?
    };
    let (remote, pages) = list(session, sides.bucket, sides.region, &prefix, &filter, cancel).await?;

    let case_insensitive = direction == Direction::Down && folder_ignores_case(&folder);
    let (compare_how, part_size, delete) = (options.compare, settings.part_size, options.delete);
    let matched = {
        let (folder, prefix) = (folder.clone(), prefix.clone());
        let matching = move || {
            let mut problems = walked.problems;
            let items = matched(walked.files, remote, direction, &folder, &prefix, case_insensitive, &mut problems)
                .into_iter()
                .map(|(name, local, remote)| judge(name, local, remote, direction, compare_how, part_size))
                .collect::<Vec<_>>();
            (items, problems, walked.empty_folders)
        };
        // Comparing content reads files: off the async runtime's threads.
        tokio::task::spawn_blocking(matching).await.expect("comparing files does not panic")
    };
    let (items, problems, empty_folders) = matched;
    let mut plan = Plan {
        direction,
        folder,
        bucket: sides.bucket.to_owned(),
        region: sides.region.to_owned(),
        prefix,
        delete,
        items,
        problems,
        empty_folders,
        versioned: false,
        totals: Totals { requests_made: pages, ..Totals::default() },
    };
    if delete && direction == Direction::Up && plan.items.iter().any(|i| i.action == Action::Extra) {
        plan.totals.requests_made += 1;
        plan.versioned =
            matches!(buckets::versioning(session, sides.bucket, sides.region).await, Ok(Versioning::Enabled));
    }
    plan.totals = totals(&plan, settings);
    Ok(plan)
}

/// Every object under `prefix` that `filter` takes, by its name below the prefix in NFC,
/// and how many list requests that took.
async fn list(
    session: &Session,
    bucket: &str,
    region: &str,
    prefix: &str,
    filter: &Filter,
    cancel: &CancellationToken,
) -> Result<(Vec<(String, RemoteObject)>, u64)> {
    let (mut found, mut pages, mut token) = (Vec::new(), 0, None);
    loop {
        let page = tokio::select! {
            page = objects::list_page(session, bucket, region, prefix, false, token) => page?,
            () = cancel.cancelled() => return Err(Error::cancelled()),
        };
        pages += 1;
        for object in page.objects {
            let Some(relative) = object.key.strip_prefix(prefix).filter(|r| !r.is_empty() && !r.ends_with('/')) else {
                continue;
            };
            let name: String = relative.nfc().collect();
            if filter.takes(&name) {
                let modified_ms = object.last_modified_ms.unwrap_or(0);
                found.push((name, RemoteObject { key: object.key, size: object.size, modified_ms, etag: object.etag }));
            }
        }
        token = page.next;
        if token.is_none() {
            return Ok((found, pages));
        }
    }
}

type Pair = (String, Option<LocalFile>, Option<RemoteObject>);

/// Pairs files and objects by name. Names that two of one side share (two keys one NFC
/// name, or differing only in case where the folder ignores case) and keys that cannot be a
/// file under the folder are problems, left out of the sync.
fn matched(
    files: Vec<LocalFile>,
    remote: Vec<(String, RemoteObject)>,
    direction: Direction,
    folder: &Path,
    prefix: &str,
    case_insensitive: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Pair> {
    let mut pairs: BTreeMap<String, (Option<LocalFile>, Option<RemoteObject>)> = BTreeMap::new();
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        let folded = fold(&file.name, case_insensitive);
        seen.entry(folded).or_default().push(file.name.clone());
        let name = file.name.clone();
        pairs.entry(name).or_default().0 = Some(file);
    }
    let mut remote_seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, object) in remote {
        if direction == Direction::Down {
            if let Err(error) = local_path(folder, prefix, &object.key) {
                problems.push(Problem { name, error });
                continue;
            }
        }
        remote_seen.entry(fold(&name, case_insensitive)).or_default().push(object.key.clone());
        pairs.entry(name).or_default().1 = Some(object);
    }
    // Keys that would be one file here (or are one name in NFC) are left alone, reported.
    for (folded, keys) in remote_seen.iter().filter(|(_, keys)| keys.len() > 1) {
        let listed = keys.join(", ");
        let why = if case_insensitive {
            "differ only in case, and this folder does not tell case apart"
        } else {
            "are one name once normalised (NFC)"
        };
        problems.push(Problem {
            name: folded.clone(),
            error: Error::new(ErrorKind::AlreadyExists, format!("The keys {listed} {why}: neither was synced."))
                .with_hint("Rename one of them in the bucket."),
        });
        pairs.retain(|name, _| fold(name, case_insensitive) != *folded);
    }
    if direction == Direction::Up {
        for (folded, names) in seen.iter().filter(|(_, names)| names.len() > 1) {
            problems.push(Problem {
                name: folded.clone(),
                error: Error::new(
                    ErrorKind::AlreadyExists,
                    format!("The files {} would be one key: neither was synced.", names.join(", ")),
                )
                .with_hint("Rename one of them."),
            });
            pairs.retain(|name, _| fold(name, case_insensitive) != *folded);
        }
    }
    pairs.into_iter().map(|(name, (local, remote))| (name, local, remote)).collect()
}

fn fold(name: &str, case_insensitive: bool) -> String {
    if case_insensitive {
        name.to_lowercase()
    } else {
        name.to_owned()
    }
}

/// What the run does with one name.
fn judge(
    name: String,
    local: Option<LocalFile>,
    remote: Option<RemoteObject>,
    direction: Direction,
    how: Compare,
    part_size: u64,
) -> Item {
    let (action, note) = match (&local, &remote, direction) {
        (Some(_), None, Direction::Up) | (None, Some(_), Direction::Down) => (Action::New, None),
        (Some(_), None, Direction::Down) | (None, Some(_), Direction::Up) => (Action::Extra, None),
        (Some(file), Some(object), _) => {
            let file_state = State { size: file.size, modified_ms: file.modified_ms, etag: None };
            let object_state =
                State { size: object.size, modified_ms: object.modified_ms, etag: object.etag.as_deref() };
            let (from, to) = match direction {
                Direction::Up => (file_state, object_state),
                Direction::Down => (object_state, file_state),
            };
            match compare(how, from, to, &file.path, part_size) {
                Verdict::Same => (Action::Same, None),
                Verdict::Changed => (Action::Changed, None),
                Verdict::SameByTime(why) => (Action::Same, Some(why)),
                Verdict::ChangedByTime(why) => (Action::Changed, Some(why)),
            }
        }
        (None, None, _) => unreachable!("a name comes from one side at least"),
    };
    Item { name, action, local, remote, note }
}

fn totals(plan: &Plan, settings: &Settings) -> Totals {
    let mut totals = Totals { problems: plan.problems.len(), ..plan.totals };
    let mut remote_deletes = 0u64;
    for item in &plan.items {
        let size = item.size(plan.direction);
        match item.action {
            Action::New | Action::Changed => {
                if item.action == Action::New {
                    totals.new += 1;
                } else {
                    totals.changed += 1;
                }
                totals.bytes += size;
                totals.requests_to_make += requests_for(plan.direction, size, settings);
            }
            Action::Extra => {
                totals.extra += 1;
                if plan.delete {
                    totals.deleted += 1;
                    remote_deletes += u64::from(plan.direction == Direction::Up);
                }
            }
            Action::Same => totals.same += 1,
        }
    }
    // DeleteObjects takes 1000 keys a request (a lone key goes as DeleteObject).
    totals.requests_to_make += remote_deletes.div_ceil(1000);
    totals
}

/// The requests sending `size` bytes takes: one PUT or GET for a small file; a multipart
/// upload's create, parts and complete; a download's ranges.
fn requests_for(direction: Direction, size: u64, settings: &Settings) -> u64 {
    match direction {
        Direction::Up if size <= settings.multipart_threshold => 1,
        Direction::Up => 2 + size.div_ceil(crate::parts::part_size(size, settings.part_size)),
        Direction::Down => size.div_ceil(settings.range_size.max(1)).max(1),
    }
}

/// Whether the folder (or, not made yet, the nearest folder above it) treats `a` and `A` as
/// one name, as macOS and Windows file systems do by default: probed with a file of its own.
fn folder_ignores_case(folder: &Path) -> bool {
    let Some(existing) = folder.ancestors().find(|f| f.is_dir()) else { return false };
    let probe = existing.join(format!(".s3desk-case-probe-{}", uuid::Uuid::new_v4().simple()));
    if std::fs::write(&probe, b"").is_err() {
        return false;
    }
    let upper = existing.join(probe.file_name().unwrap_or_default().to_string_lossy().to_uppercase());
    let ignores = upper.exists();
    let _ = std::fs::remove_file(&probe);
    ignores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, size: u64, modified_ms: i64) -> LocalFile {
        LocalFile { name: name.into(), path: PathBuf::from("/nonexistent").join(name), size, modified_ms }
    }

    fn object(key: &str, size: u64, modified_ms: i64) -> (String, RemoteObject) {
        let name = key.strip_prefix("p/").unwrap_or(key).nfc().collect();
        (name, RemoteObject { key: key.into(), size, modified_ms, etag: None })
    }

    fn plan_of(
        files: Vec<LocalFile>,
        remote: Vec<(String, RemoteObject)>,
        direction: Direction,
        ci: bool,
    ) -> (Vec<(String, Action)>, Vec<Problem>) {
        let mut problems = Vec::new();
        let pairs = matched(files, remote, direction, Path::new("/dest"), "p/", ci, &mut problems);
        let items = pairs
            .into_iter()
            .map(|(name, l, r)| judge(name, l, r, direction, Compare::SizeAndTime, 8 << 20))
            .map(|i| (i.name, i.action))
            .collect();
        (items, problems)
    }

    #[test]
    fn each_name_is_new_changed_extra_or_the_same() {
        let files = vec![file("a.txt", 1, 5_000), file("b.txt", 2, 9_000), file("c.txt", 3, 1_000)];
        let remote = vec![object("p/b.txt", 2, 2_000), object("p/c.txt", 3, 2_000), object("p/d.txt", 4, 2_000)];
        let (items, problems) = plan_of(files, remote, Direction::Up, false);
        assert!(problems.is_empty());
        assert_eq!(
            items,
            [
                ("a.txt".into(), Action::New),
                ("b.txt".into(), Action::Changed),
                ("c.txt".into(), Action::Same),
                ("d.txt".into(), Action::Extra),
            ]
        );
    }

    #[test]
    fn nfc_and_nfd_are_one_name_and_case_collisions_are_reported_not_overwritten() {
        // A file named in NFD (as macOS writes it) is the key written in NFC.
        let (items, _) = plan_of(
            vec![file("caf\u{e9}.txt", 1, 1_000)],
            vec![object("p/cafe\u{301}.txt", 1, 2_000)],
            Direction::Up,
            false,
        );
        assert_eq!(items, [("caf\u{e9}.txt".into(), Action::Same)]);

        let remote =
            vec![object("p/Photo.JPG", 1, 1_000), object("p/photo.jpg", 2, 1_000), object("p/other.jpg", 3, 1_000)];
        let (items, problems) = plan_of(Vec::new(), remote.clone(), Direction::Down, true);
        assert_eq!(items, [("other.jpg".into(), Action::New)], "neither of the two is downloaded");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].error.message().contains("differ only in case"), "{}", problems[0].error.message());
        let (items, problems) = plan_of(Vec::new(), remote, Direction::Down, false);
        assert_eq!(items.len(), 3, "a folder that tells case apart takes both");
        assert!(problems.is_empty());
    }

    #[test]
    fn a_key_that_cannot_be_a_file_here_is_a_problem() {
        let (items, problems) = plan_of(Vec::new(), vec![object("p/../escape.txt", 1, 1)], Direction::Down, false);
        assert!(items.is_empty());
        assert!(problems[0].error.message().contains("outside the chosen folder"));
    }
}
