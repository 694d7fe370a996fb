//! The local side of a sync: every file under the folder with its size and modification
//! time, read on a blocking thread. Names are compared in Unicode NFC, as keys written on
//! Linux and Windows are (macOS file systems may give NFD): `café` is one name either way.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use unicode_normalization::UnicodeNormalization;

use super::filter::Filter;
use super::Problem;
use crate::error::Error;

/// A file under the synced folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFile {
    /// Relative to the folder, `/`-separated, in NFC: what it is matched with keys by.
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
    /// Milliseconds since the Unix epoch.
    pub modified_ms: i64,
}

/// What walking the folder found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Sorted by name.
    pub files: Vec<LocalFile>,
    pub problems: Vec<Problem>,
    /// Folders with nothing in them: S3 has no folders, so they are not synced.
    pub empty_folders: usize,
}

/// Every file under `root` that `filter` takes. Symbolic links are skipped unless
/// `follow_links`, and then only those that lead to something inside `root`.
pub fn walk(root: &Path, filter: &Filter, follow_links: bool) -> Result<Walked, Error> {
    let metadata = std::fs::metadata(root).map_err(|e| Error::local_file("Could not read the folder", root, e))?;
    if !metadata.is_dir() {
        return Err(Error::invalid("source", format!("{} is not a folder.", root.display())));
    }
    let canonical_root = std::fs::canonicalize(root).map_err(|e| Error::local_file("Could not read", root, e))?;
    let mut walked = Walked::default();
    let mut walker = Walker { root: &canonical_root, filter, follow_links, walked: &mut walked };
    walker.folder(root, "");
    walked.files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(walked)
}

struct Walker<'a> {
    root: &'a Path,
    filter: &'a Filter,
    follow_links: bool,
    walked: &'a mut Walked,
}

impl Walker<'_> {
    fn folder(&mut self, dir: &Path, prefix: &str) {
        let entries = match std::fs::read_dir(dir).and_then(|e| e.collect::<std::io::Result<Vec<_>>>()) {
            Ok(entries) => entries,
            Err(e) => {
                let error = Error::local_file("Could not read the folder", dir, e);
                return self.walked.problems.push(Problem { name: prefix.trim_end_matches('/').to_owned(), error });
            }
        };
        if entries.is_empty() && !prefix.is_empty() {
            self.walked.empty_folders += 1;
        }
        for entry in entries {
            let path = entry.path();
            let Some(raw) = entry.file_name().to_str().map(str::to_owned) else {
                let error = Error::invalid(
                    "source",
                    format!("{} has a name that is not Unicode, so it cannot be a key.", path.display()),
                );
                self.walked
                    .problems
                    .push(Problem { name: format!("{prefix}{}", entry.file_name().to_string_lossy()), error });
                continue;
            };
            let name = format!("{prefix}{}", raw.nfc().collect::<String>());
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(e) => {
                    let error = Error::local_file("Could not read", &path, e);
                    self.walked.problems.push(Problem { name, error });
                    continue;
                }
            };
            let followed = if kind.is_symlink() { self.link_inside(&path) } else { None };
            let is_dir = kind.is_dir() || followed.as_ref().is_some_and(|m| m.is_dir());
            let is_file = kind.is_file() || followed.as_ref().is_some_and(|m| m.is_file());
            if is_dir {
                if self.filter.enters(&name) {
                    self.folder(&path, &format!("{name}/"));
                }
            } else if is_file && self.filter.takes(&name) {
                let metadata = match followed.map_or_else(|| entry.metadata(), Ok) {
                    Ok(metadata) => metadata,
                    Err(e) => {
                        let error = Error::local_file("Could not read", &path, e);
                        self.walked.problems.push(Problem { name, error });
                        continue;
                    }
                };
                self.walked.files.push(LocalFile {
                    name,
                    path,
                    size: metadata.len(),
                    modified_ms: modified_ms(&metadata),
                });
            }
        }
    }

    /// What the link at `path` leads to, when links are followed and it stays inside the
    /// synced folder (a link out of it, or in a loop, is skipped).
    fn link_inside(&self, path: &Path) -> Option<std::fs::Metadata> {
        if !self.follow_links {
            return None;
        }
        let target = std::fs::canonicalize(path).ok()?;
        if !target.starts_with(self.root) || path.starts_with(&target) {
            return None;
        }
        std::fs::metadata(&target).ok()
    }
}

/// A file's modification time in milliseconds since the epoch (0 when the system has none).
pub fn modified_ms(metadata: &std::fs::Metadata) -> i64 {
    metadata.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_sorted_with_nfc_names_and_hidden_ones_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/empty")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("b/z.txt"), "z").unwrap();
        std::fs::write(root.join("cafe\u{301}.txt"), "nfd").unwrap();
        std::fs::write(root.join(".git/HEAD"), "ref").unwrap();
        std::os::unix::fs::symlink("/etc/hostname", root.join("outside")).unwrap();
        let walked = walk(root, &Filter::new(&[], &[], false).unwrap(), true).unwrap();
        let names: Vec<&str> = walked.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["b/z.txt", "caf\u{e9}.txt"], "NFC, hidden and a link out of the folder left out");
        assert_eq!(walked.empty_folders, 1);
        assert_eq!(walked.files[0].size, 1);
    }

    #[test]
    fn a_link_inside_the_folder_is_followed_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("real.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("real.txt"), root.join("alias.txt")).unwrap();
        let filter = Filter::new(&[], &[], false).unwrap();
        assert_eq!(walk(root, &filter, false).unwrap().files.len(), 1);
        assert_eq!(walk(root, &filter, true).unwrap().files.len(), 2);
    }
}
