//! What a folder transfer consists of: the files under a local folder and the keys they
//! become, or the keys under a prefix and the local paths they become, found as a batch
//! runs (a folder walked on a thread of its own, a prefix listed a page at a time) so a huge
//! one starts at once and is never held whole. Keys that would land outside the chosen
//! folder (`..`, absolute paths) are refused, never followed.

use std::path::{Path, PathBuf};

use futures_util::stream::{self, Stream, StreamExt};

use super::batch::{Planned, Refused, Work};
use super::{Download, ObjectOptions, Upload};
use crate::catalog::ConnectionRef;
use crate::error::{Error, Result};
use crate::objects;
use crate::session::Session;

/// Files a folder walk finds before it waits for the batch to take them.
const WALKED_AHEAD: usize = 1_000;

/// What a person asked to transfer, as the window and `s3desk cp` both say it.
pub enum Plan {
    /// Files and folders (dropped or picked) under a prefix, every object with the options.
    Uploads {
        paths: Vec<PathBuf>,
        prefix: String,
        options: ObjectOptions,
    },
    Downloads(Wanted),
    /// Work already known: a journalled upload to resume, a file to a key of its own.
    Given(Vec<Work>),
}

impl Plan {
    /// The files of the plan, found as the batch takes them (see [`uploads`], [`downloads`]).
    pub fn files<'a>(
        self,
        session: &'a Session,
        connection: &'a ConnectionRef,
        bucket: &'a str,
        region: &'a str,
    ) -> stream::BoxStream<'a, Planned> {
        match self {
            Plan::Uploads { paths, prefix, options } => {
                uploads(connection, paths, bucket, region, &prefix, &options).boxed()
            }
            Plan::Downloads(wanted) => downloads(session, connection, bucket, region, wanted).boxed(),
            Plan::Given(work) => stream::iter(work.into_iter().map(Planned::Work)).boxed(),
        }
    }
}

/// Every file under `dir`, in key order within each folder, given to `found` with its key:
/// `key_prefix` then the path inside `dir` with `/` separators. A subfolder that cannot be
/// read is given as an error with the key prefix its files would have had, and the rest is
/// still walked. Stops when `found` returns false.
fn walk(
    dir: &Path,
    key_prefix: &str,
    found: &mut impl FnMut(Result<(PathBuf, String), (PathBuf, String, Error)>) -> bool,
) -> bool {
    let unreadable = |e| Error::local_file("Could not read the folder", dir, e);
    let mut entries = match std::fs::read_dir(dir).and_then(|entries| entries.collect::<std::io::Result<Vec<_>>>()) {
        Ok(entries) => entries,
        Err(e) => return found(Err((dir.to_owned(), key_prefix.to_owned(), unreadable(e)))),
    };
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let going = match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(&path, &format!("{key_prefix}{name}/"), found),
            // A file that cannot be read is still listed: its upload fails with the reason.
            Ok(kind) if kind.is_file() => found(Ok((path, format!("{key_prefix}{name}")))),
            // Symbolic links and special files are skipped: following links could loop or
            // upload far more than the folder the person chose.
            Ok(_) => true,
            Err(e) => {
                let error = Error::local_file("Could not read", &path, e);
                found(Err((path.clone(), format!("{key_prefix}{name}"), error)))
            }
        };
        if !going {
            return false;
        }
    }
    true
}

/// `prefix` and the folder's own name: the key prefix of the files under `dir`, as dragging
/// a folder onto a bucket promises.
fn folder_prefix(dir: &Path, prefix: &str) -> String {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{prefix}{name}/")
}

/// The upload of the file `source` to `key`.
pub fn upload_of(
    connection: &ConnectionRef,
    source: PathBuf,
    bucket: &str,
    region: &str,
    key: String,
    options: &ObjectOptions,
) -> Work {
    // A file that cannot be read counts 0 bytes here; its upload fails with the reason.
    let size = std::fs::metadata(&source).map_or(0, |m| m.len());
    let upload = Upload {
        connection: connection.clone(),
        source,
        bucket: bucket.to_owned(),
        region: region.to_owned(),
        key,
        options: options.clone(),
    };
    Work::Up { upload, size }
}

/// The uploads of `paths` (files and folders a person dropped or picked) under `prefix` of
/// `bucket`, every object with `options`; folders keep their name and structure as key
/// prefixes, and are walked on a blocking thread as the batch takes their files. Unreadable
/// folders come as refused, with their reason. Must be called within a Tokio runtime.
pub fn uploads(
    connection: &ConnectionRef,
    paths: Vec<PathBuf>,
    bucket: &str,
    region: &str,
    prefix: &str,
    options: &ObjectOptions,
) -> impl Stream<Item = Planned> + Send + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel(WALKED_AHEAD);
    let (connection, bucket, region, prefix, options) =
        (connection.clone(), bucket.to_owned(), region.to_owned(), prefix.to_owned(), options.clone());
    tokio::task::spawn_blocking(move || {
        // Sending fails once the batch has stopped taking files: the walk stops with it.
        let mut found = |found: Result<(PathBuf, String), (PathBuf, String, Error)>| {
            let planned = match found {
                Ok((source, key)) => Planned::Work(upload_of(&connection, source, &bucket, &region, key, &options)),
                Err((path, key, error)) => Planned::Refused(Refused { bucket: bucket.clone(), key, path, error }),
            };
            tx.blocking_send(planned).is_ok()
        };
        for path in paths {
            // The journal knows an upload by its file: `big.bin`, `./big.bin` and its absolute
            // path are one file, so a run resumes what another left whichever way it was named.
            let path = std::fs::canonicalize(&path).unwrap_or(path);
            let going = if path.is_dir() {
                walk(&path, &folder_prefix(&path, &prefix), &mut found)
            } else {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                found(Ok((path, format!("{prefix}{name}"))))
            };
            if !going {
                return;
            }
        }
    });
    stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|planned| (planned, rx)) })
}

/// An object to download, and the file it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WantedObject {
    pub key: String,
    pub version_id: Option<String>,
    pub destination: PathBuf,
    /// The size its listing gave, if one did.
    pub size: Option<u64>,
}

/// What a person asked to download: objects to files, and folders (prefix, local folder)
/// with everything under them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wanted {
    pub objects: Vec<WantedObject>,
    pub folders: Vec<(String, PathBuf)>,
    /// Replace local files that exist.
    pub overwrite: bool,
}

/// The downloads of what is `wanted`, its folders listed a page at a time as the batch
/// takes their files. Keys that would land outside their folder are refused; a listing that
/// fails part-way is one refused entry for its folder, after the files already listed.
pub fn downloads<'a>(
    session: &'a Session,
    connection: &'a ConnectionRef,
    bucket: &'a str,
    region: &'a str,
    wanted: Wanted,
) -> impl Stream<Item = Planned> + 'a {
    let Wanted { objects, folders, overwrite } = wanted;
    let download = move |o: WantedObject| {
        Work::Down(Download {
            connection: connection.clone(),
            bucket: bucket.to_owned(),
            region: region.to_owned(),
            key: o.key,
            version_id: o.version_id,
            destination: o.destination,
            overwrite,
            listed_size: o.size,
            listed_etag: None,
        })
    };
    let listed = stream::iter(folders).flat_map(move |(prefix, dir)| {
        objects_under(session, bucket, region, prefix, dir).map(move |found| match found {
            Found::Object(o) => Planned::Work(download(WantedObject {
                key: o.key,
                version_id: None,
                destination: o.destination,
                size: Some(o.size),
            })),
            Found::Refused(refused) => Planned::Refused(refused),
        })
    });
    stream::iter(objects).map(move |o| Planned::Work(download(o))).chain(listed)
}

/// Where the object `key`, listed under `prefix`, goes inside `dir`. Folder markers (keys
/// ending in `/`) have no file; keys whose path would leave `dir` are refused.
pub fn local_path(dir: &Path, prefix: &str, key: &str) -> Result<Option<PathBuf>> {
    let relative = key.strip_prefix(prefix).unwrap_or(key);
    if relative.is_empty() || relative.ends_with('/') {
        return Ok(None);
    }
    if leaves_folder(relative, cfg!(windows)) {
        return Err(Error::invalid(
            "key",
            format!("The key {key} would be written outside the chosen folder, so it was skipped."),
        ));
    }
    Ok(Some(dir.join(relative.split('/').filter(|s| !s.is_empty() && *s != ".").collect::<PathBuf>())))
}

/// Whether the `/`-separated `relative` key would name a place outside its folder: a `..`
/// segment or a leading `/`, and where `windows` file names apply, a `\` (a separator
/// there) or a `:` (a drive letter, `C:x`, or a stream, `name:stream`) in any segment.
/// Checked on the key's text, not through `Path`, so Windows' rules are tested anywhere.
fn leaves_folder(relative: &str, windows: bool) -> bool {
    relative.starts_with('/')
        || relative.split('/').any(|segment| segment == ".." || (windows && segment.contains(['\\', ':'])))
}

/// One object of a folder download: its key, where it goes, and its listed size.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ObjectUnder {
    key: String,
    destination: PathBuf,
    size: u64,
}

/// What listing a folder finds: an object to download, or one that cannot be.
enum Found {
    Object(ObjectUnder),
    Refused(Refused),
}

/// Every object under `prefix`, listed a page at a time as they are taken, with where it
/// goes inside `dir`. Keys that would land outside `dir` come refused, with the reason, as
/// does a listing that fails (once, after what was listed before it).
fn objects_under<'a>(
    session: &'a Session,
    bucket: &'a str,
    region: &'a str,
    prefix: String,
    dir: PathBuf,
) -> impl Stream<Item = Found> + 'a {
    // The state: the token of the next page, `None` once there is none.
    let pages = stream::unfold(Some(None), move |token: Option<Option<String>>| {
        let (prefix, dir) = (prefix.clone(), dir.clone());
        async move {
            let page = match objects::list_page(session, bucket, region, &prefix, false, token?).await {
                Ok(page) => page,
                Err(error) => {
                    let refused = Refused { bucket: bucket.to_owned(), key: prefix, path: dir, error };
                    return Some((vec![Found::Refused(refused)], None));
                }
            };
            let found = page
                .objects
                .into_iter()
                .filter_map(|object| match local_path(&dir, &prefix, &object.key) {
                    Ok(Some(destination)) => {
                        Some(Found::Object(ObjectUnder { key: object.key, destination, size: object.size }))
                    }
                    Ok(None) => None,
                    Err(error) => Some(Found::Refused(Refused {
                        bucket: bucket.to_owned(),
                        key: object.key,
                        path: dir.clone(),
                        error,
                    })),
                })
                .collect::<Vec<_>>();
            Some((found, page.next.map(Some)))
        }
    });
    pages.flat_map(stream::iter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_becomes_keys_under_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("photos");
        std::fs::create_dir_all(root.join("2024/summer")).unwrap();
        std::fs::write(root.join("a b.jpg"), b"1").unwrap();
        std::fs::write(root.join("2024/summer/ü.jpg"), b"2").unwrap();
        let mut keys = Vec::new();
        walk(&root, &folder_prefix(&root, "up/"), &mut |found| {
            keys.push(found.unwrap().1);
            true
        });
        assert_eq!(keys, ["up/photos/2024/summer/ü.jpg", "up/photos/a b.jpg"]);
    }

    #[test]
    fn keys_never_escape_the_destination() {
        let dir = Path::new("/tmp/dest");
        assert_eq!(local_path(dir, "p/", "p/a/b.txt").unwrap(), Some(dir.join("a/b.txt")));
        assert_eq!(local_path(dir, "p/", "p/folder/").unwrap(), None);
        assert!(local_path(dir, "p/", "p/../../etc/passwd").is_err());
        assert!(local_path(dir, "p/", "p/a/..").is_err());
        assert!(local_path(dir, "", "/etc/passwd").is_err());
        assert_eq!(local_path(dir, "", "a/./b").unwrap(), Some(dir.join("a/b")), "`.` segments are dropped");
    }

    #[test]
    fn on_windows_backslashes_and_drive_letters_are_refused_too() {
        for key in ["..\\..\\evil.exe", "C:\\Windows\\evil.dll", "C:evil", "docs\\..\\..\\x", "a/name:stream"] {
            assert!(leaves_folder(key, true), "{key} leaves the folder on Windows");
            assert!(!leaves_folder(key, false), "{key} is one plain file name elsewhere");
        }
        assert!(!leaves_folder("photos/2024/a b.jpg", true));
    }
}
