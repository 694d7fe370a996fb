//! What a folder transfer consists of: the files under a local folder and the keys they
//! become, or the keys under a prefix and the local paths they become. Keys that would
//! land outside the chosen folder (`..`, absolute paths) are refused, never followed.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::objects;
use crate::session::Session;

/// Every file under `dir`, with its key: `prefix`, the folder's own name, then the path
/// inside it with `/` separators, as dragging a folder onto a bucket promises.
pub fn files_under(dir: &Path, prefix: &str) -> Result<Vec<(PathBuf, String)>> {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut found = Vec::new();
    walk(dir, &format!("{prefix}{name}/"), &mut found)?;
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}

fn walk(dir: &Path, key_prefix: &str, found: &mut Vec<(PathBuf, String)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::local_file("Could not read the folder", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::local_file("Could not read the folder", dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::local_file("Could not read", &path, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            walk(&path, &format!("{key_prefix}{name}/"), found)?;
        } else if kind.is_file() {
            found.push((path, format!("{key_prefix}{name}")));
        }
        // Symbolic links and special files are skipped: following links could loop or
        // upload far more than the folder the person chose.
    }
    Ok(())
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
/// that would land outside `dir` are left out; the errors saying so come second.
pub async fn objects_under(
    session: &Session,
    bucket: &str,
    region: &str,
    prefix: &str,
    dir: &Path,
) -> Result<(Vec<ObjectUnder>, Vec<Error>)> {
    let (mut found, mut skipped) = (Vec::new(), Vec::new());
    let mut token = None;
    loop {
        let page = objects::list_page(session, bucket, region, prefix, false, token).await?;
        for object in page.objects {
            match local_path(dir, prefix, &object.key) {
                Ok(Some(destination)) => found.push(ObjectUnder { key: object.key, destination, size: object.size }),
                Ok(None) => {}
                Err(e) => skipped.push(e),
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
        let keys: Vec<String> = files_under(&root, "up/").unwrap().into_iter().map(|(_, k)| k).collect();
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
