//! What a folder transfer consists of: the files under a local folder and the keys they
//! become, or the keys under a prefix and the local paths they become. Keys that would
//! land outside the chosen folder (`..`, absolute paths) are refused, never followed.

use std::path::{Component, Path, PathBuf};

use tokio_util::sync::CancellationToken;

use super::batch::{Refused, Work};
use super::{Download, ObjectOptions, Upload};
use crate::catalog::ConnectionRef;
use crate::error::{Error, Result};
use crate::objects;
use crate::session::Session;

/// Every file under `dir`, with its key: `prefix`, the folder's own name, then the path
/// inside it with `/` separators, as dragging a folder onto a bucket promises. A subfolder
/// that cannot be read is listed in `unreadable` and the rest is still found.
pub fn files_under(dir: &Path, prefix: &str) -> Walked {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut walked = Walked::default();
    walk(dir, &format!("{prefix}{name}/"), &mut walked);
    walked.files.sort_by(|a, b| a.1.cmp(&b.1));
    walked
}

/// What walking a folder found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Each file, with its key.
    pub files: Vec<(PathBuf, String)>,
    /// Each folder that could not be read, with the key prefix its files would have had.
    pub unreadable: Vec<(PathBuf, String, Error)>,
}

fn walk(dir: &Path, key_prefix: &str, walked: &mut Walked) {
    let unreadable = |e| Error::local_file("Could not read the folder", dir, e);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return walked.unreadable.push((dir.to_owned(), key_prefix.to_owned(), unreadable(e))),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return walked.unreadable.push((dir.to_owned(), key_prefix.to_owned(), unreadable(e))),
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(&path, &format!("{key_prefix}{name}/"), walked),
            // A file that cannot be read is still listed: its upload fails with the reason.
            Ok(kind) if kind.is_file() => walked.files.push((path, format!("{key_prefix}{name}"))),
            // Symbolic links and special files are skipped: following links could loop or
            // upload far more than the folder the person chose.
            Ok(_) => {}
            Err(e) => walked.unreadable.push((
                path.clone(),
                format!("{key_prefix}{name}"),
                Error::local_file("Could not read", &path, e),
            )),
        }
    }
}

/// The uploads of `paths` (files and folders a person dropped or picked) under `prefix` of
/// `bucket`, every object with `options`; folders keep their name and structure as key
/// prefixes. Unreadable folders come back refused, with their reason.
pub fn uploads(
    connection: &ConnectionRef,
    paths: &[PathBuf],
    bucket: &str,
    region: &str,
    prefix: &str,
    options: &ObjectOptions,
) -> (Vec<Work>, Vec<Refused>) {
    let (mut work, mut refused) = (Vec::new(), Vec::new());
    let upload = |source: PathBuf, key: String| {
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
    };
    for path in paths {
        // The journal knows an upload by its file: `big.bin`, `./big.bin` and its absolute
        // path are one file, so a run resumes what another left whichever way it was named.
        let path = &std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if path.is_dir() {
            let walked = files_under(path, prefix);
            work.extend(walked.files.into_iter().map(|(source, key)| upload(source, key)));
            refused.extend(walked.unreadable.into_iter().map(|(path, key, error)| Refused {
                bucket: bucket.to_owned(),
                key,
                path,
                error,
            }));
        } else {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            work.push(upload(path.clone(), format!("{prefix}{name}")));
        }
    }
    (work, refused)
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

/// The downloads of what is `wanted`, its folders listed page by page. Keys that would land
/// outside their folder are refused.
pub async fn downloads(
    session: &Session,
    connection: &ConnectionRef,
    bucket: &str,
    region: &str,
    wanted: Wanted,
    cancel: &CancellationToken,
) -> Result<(Vec<Work>, Vec<Refused>)> {
    let Wanted { objects, folders, overwrite } = wanted;
    let download = |o: WantedObject| {
        Work::Down(Download {
            connection: connection.clone(),
            bucket: bucket.to_owned(),
            region: region.to_owned(),
            key: o.key,
            version_id: o.version_id,
            destination: o.destination,
            overwrite,
            listed_size: o.size,
        })
    };
    let mut work: Vec<Work> = objects.into_iter().map(download).collect();
    let mut refused = Vec::new();
    for (prefix, dir) in &folders {
        let (found, skipped) = objects_under(session, bucket, region, prefix, dir, cancel).await?;
        work.extend(found.into_iter().map(|o| {
            download(WantedObject { key: o.key, version_id: None, destination: o.destination, size: Some(o.size) })
        }));
        refused.extend(skipped.into_iter().map(|(key, error)| Refused {
            bucket: bucket.to_owned(),
            key,
            path: dir.clone(),
            error,
        }));
    }
    Ok((work, refused))
}

/// Where the object `key`, listed under `prefix`, goes inside `dir`. Folder markers (keys
/// ending in `/`) have no file; keys whose path would leave `dir` are refused.
pub fn local_path(dir: &Path, prefix: &str, key: &str) -> Result<Option<PathBuf>> {
    let relative = key.strip_prefix(prefix).unwrap_or(key);
    if relative.is_empty() || relative.ends_with('/') {
        return Ok(None);
    }
    let path = Path::new(relative);
    if !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Error::invalid(
            "key",
            format!("The key {key} would be written outside the chosen folder, so it was skipped."),
        ));
    }
    Ok(Some(dir.join(path)))
}

/// One object of a folder download: its key, where it goes, and its listed size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectUnder {
    pub key: String,
    pub destination: PathBuf,
    pub size: u64,
}

/// Every object under `prefix`, listed page by page, with where it goes inside `dir`. Keys
/// that would land outside `dir` are left out, and come second with the reason.
pub async fn objects_under(
    session: &Session,
    bucket: &str,
    region: &str,
    prefix: &str,
    dir: &Path,
    cancel: &CancellationToken,
) -> Result<(Vec<ObjectUnder>, Vec<(String, Error)>)> {
    let (mut found, mut skipped) = (Vec::new(), Vec::new());
    let mut token = None;
    loop {
        let page = tokio::select! {
            page = objects::list_page(session, bucket, region, prefix, false, token) => page?,
            () = cancel.cancelled() => return Err(Error::cancelled()),
        };
        for object in page.objects {
            match local_path(dir, prefix, &object.key) {
                Ok(Some(destination)) => found.push(ObjectUnder { key: object.key, destination, size: object.size }),
                Ok(None) => {}
                Err(e) => skipped.push((object.key, e)),
            }
        }
        token = page.next;
        if token.is_none() {
            return Ok((found, skipped));
        }
    }
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
        let keys: Vec<String> = files_under(&root, "up/").files.into_iter().map(|(_, k)| k).collect();
        assert_eq!(keys, ["up/photos/2024/summer/ü.jpg", "up/photos/a b.jpg"]);
    }

    #[test]
    fn keys_never_escape_the_destination() {
        let dir = Path::new("/tmp/dest");
        assert_eq!(local_path(dir, "p/", "p/a/b.txt").unwrap(), Some(dir.join("a/b.txt")));
        assert_eq!(local_path(dir, "p/", "p/folder/").unwrap(), None);
        assert!(local_path(dir, "p/", "p/../../etc/passwd").is_err());
        assert!(local_path(dir, "", "/etc/passwd").is_err());
        assert!(local_path(dir, "", "a/./b").is_ok(), "`.` segments are dropped by Path, harmless");
    }
}
