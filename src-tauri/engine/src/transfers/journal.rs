//! The journal of unfinished multipart uploads, one file per upload in the app's data
//! folder. A file starts with the upload's description, written whole (to a temporary file
//! then renamed, so a crash never leaves half of it), and gains a line per finished part.
//! A line cut short by a crash is ignored: that part is simply uploaded again. S3's own
//! ListParts stays the truth on resume; the journal is what lets us ask.
//!
//! Downloads that stopped before their end are listed here too (`*.download.json`), so they
//! can be continued after a restart; what they have on disk is recorded beside them.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::download::Download;
use super::upload::ObjectOptions;
use crate::catalog::ConnectionRef;
use crate::error::{Error, Result};

/// One multipart upload in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The journal file's name, unique per upload.
    pub id: String,
    pub connection: ConnectionRef,
    pub source: PathBuf,
    /// The source's size and modification time when the upload started: a file that
    /// changed since is not resumed.
    pub size: u64,
    pub modified_ms: i64,
    pub bucket: String,
    pub region: String,
    pub key: String,
    pub upload_id: String,
    pub part_size: u64,
    pub checksums: bool,
    pub options: ObjectOptions,
    pub started_ms: i64,
    /// Parts known finished, in the order they finished.
    #[serde(skip)]
    pub parts: Vec<PartRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartRecord {
    pub number: i32,
    pub etag: String,
    pub checksum: Option<String>,
}

/// A download that stopped before its end: its ranges on disk are kept beside the
/// destination, and downloading it again to the same place continues them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnfinishedDownload {
    #[serde(flatten)]
    pub job: Download,
    pub size: u64,
    pub started_ms: i64,
}

pub struct Journal {
    dir: PathBuf,
    /// Appends from parallel parts go one at a time, so lines never interleave.
    appending: Mutex<()>,
}

impl Journal {
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self> {
        let dir = dir.into();
        fs::create_dir_all(&dir)
            .map_err(|e| Error::local_file("Could not create the transfer journal folder", &dir, e))?;
        Ok(Self { dir, appending: Mutex::new(()) })
    }

    /// Every unfinished upload recorded, oldest first. Files that cannot be read are skipped.
    pub fn entries(&self) -> Result<Vec<JournalEntry>> {
        let listing = fs::read_dir(&self.dir).map_err(|e| Error::local_file("Could not read", &self.dir, e))?;
        let mut entries: Vec<_> = listing
            .filter_map(|f| f.ok())
            .filter(|f| f.path().extension().is_some_and(|x| x == "jsonl"))
            .filter_map(|f| read_entry(&f.path()))
            .collect();
        entries.sort_by_key(|e| e.started_ms);
        Ok(entries)
    }

    /// The unfinished upload of `source` to `bucket`/`key`, if one is recorded.
    /// The unfinished upload of `source` to `bucket`/`key`, however either path was written.
    pub fn find(&self, source: &Path, bucket: &str, key: &str) -> Result<Option<JournalEntry>> {
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
        let source = canonical(source);
        Ok(self.entries()?.into_iter().find(|e| e.bucket == bucket && e.key == key && canonical(&e.source) == source))
    }

    /// The entry `id`; none for an id the journal never gave out (which never becomes a path).
    pub fn get(&self, id: &str) -> Option<JournalEntry> {
        is_id(id).then(|| read_entry(&self.path(id))).flatten()
    }

    pub(crate) fn start(&self, entry: &JournalEntry) -> Result<()> {
        let path = self.path(&entry.id);
        let mut line = serde_json::to_vec(entry).expect("journal entries always serialize");
        line.push(b'\n');
        crate::atomic_file::write(&path, &line)
            .map_err(|e| Error::local_file("Could not write the transfer journal", &path, e))
    }

    pub(crate) fn record(&self, id: &str, part: &PartRecord) -> Result<()> {
        let path = self.path(id);
        let _one_at_a_time = self.appending.lock().unwrap_or_else(|e| e.into_inner());
        let append = || -> std::io::Result<()> {
            let mut line = serde_json::to_vec(part)?;
            line.push(b'\n');
            OpenOptions::new().append(true).open(&path)?.write_all(&line)
        };
        append().map_err(|e| Error::local_file("Could not write the transfer journal", &path, e))
    }

    /// Forgets an upload that completed or was aborted.
    pub fn remove(&self, id: &str) -> Result<()> {
        if !is_id(id) {
            return Err(Error::invalid("upload", "This is not an unfinished upload's id."));
        }
        let path = self.path(id);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::local_file("Could not update the transfer journal", &path, e))
            }
            _ => Ok(()),
        }
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.jsonl"))
    }
}

/// Ids are the UUIDs the journal makes: an id from elsewhere (a window, a command line) that
/// is anything else, such as `../../x`, names no entry and no file.
fn is_id(id: &str) -> bool {
    uuid::Uuid::try_parse(id).is_ok_and(|u| u.hyphenated().to_string() == id)
}

impl Journal {
    /// Every download left unfinished, oldest first.
    pub fn downloads(&self) -> Vec<UnfinishedDownload> {
        let mut found: Vec<UnfinishedDownload> = fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|f| f.file_name().to_string_lossy().ends_with(DOWNLOAD_SUFFIX))
            .filter_map(|f| serde_json::from_slice(&fs::read(f.path()).ok()?).ok())
            .collect();
        found.sort_by_key(|d| d.started_ms);
        found
    }

    pub(crate) fn note_download(&self, download: &UnfinishedDownload) -> Result<()> {
        let path = self.download_entry(&download.job.destination);
        let json = serde_json::to_vec(download).expect("a download always serializes");
        crate::atomic_file::write(&path, &json)
            .map_err(|e| Error::local_file("Could not write the transfer journal", &path, e))
    }

    /// Forgets the unfinished download to `destination`, if one is listed.
    pub fn forget_download(&self, destination: &Path) {
        let _ = fs::remove_file(self.download_entry(destination));
    }

    /// The file listing the unfinished download to `destination` (one per destination: a
    /// download to the same place again replaces it).
    pub(crate) fn download_entry(&self, destination: &Path) -> PathBuf {
        // FNV-1a: stable across runs and Rust versions, unlike the std hasher.
        let hash = destination
            .as_os_str()
            .as_encoded_bytes()
            .iter()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
        self.dir.join(format!("{hash:016x}{DOWNLOAD_SUFFIX}"))
    }
}

const DOWNLOAD_SUFFIX: &str = ".download.json";

fn read_entry(path: &Path) -> Option<JournalEntry> {
    let mut lines = BufReader::new(File::open(path).ok()?).lines();
    let mut entry: JournalEntry = serde_json::from_str(&lines.next()?.ok()?).ok()?;
    // A torn last line (a crash mid-append) fails to parse and ends the list.
    entry.parts = lines.map_while(|l| serde_json::from_str(&l.ok()?).ok()).collect();
    Some(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> JournalEntry {
        JournalEntry {
            id: id.into(),
            connection: ConnectionRef::Sandbox,
            source: "/data/model.bin".into(),
            size: 100,
            modified_ms: 1,
            bucket: "b".into(),
            region: "us-east-1".into(),
            key: "k".into(),
            upload_id: "u".into(),
            part_size: 10,
            checksums: false,
            options: ObjectOptions::default(),
            started_ms: 5,
            parts: vec![],
        }
    }

    const ID: &str = "0b9a3d9e-5f37-4c1e-9d55-0c3c1a6f2b10";

    #[test]
    fn parts_are_appended_and_a_torn_line_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        journal.start(&entry(ID)).unwrap();
        for number in [2, 1] {
            journal.record(ID, &PartRecord { number, etag: format!("\"e{number}\""), checksum: None }).unwrap();
        }
        // A crash in the middle of the next append.
        OpenOptions::new()
            .append(true)
            .open(dir.path().join(format!("{ID}.jsonl")))
            .unwrap()
            .write_all(b"{\"numb")
            .unwrap();

        let found = journal.find(Path::new("/data/model.bin"), "b", "k").unwrap().unwrap();
        assert_eq!(found.parts.iter().map(|p| p.number).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(found.upload_id, "u");
        assert_eq!(journal.get(ID).unwrap().upload_id, "u");
        journal.remove(ID).unwrap();
        assert!(journal.entries().unwrap().is_empty());
    }

    #[test]
    fn ids_that_are_not_the_journals_name_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path().join("journal")).unwrap();
        std::fs::write(dir.path().join("outside.jsonl"), b"{}").unwrap();
        for id in ["../outside", "/etc/passwd", "", "0B9A3D9E-5F37-4C1E-9D55-0C3C1A6F2B10"] {
            assert!(journal.get(id).is_none(), "{id}");
            assert!(journal.remove(id).is_err(), "{id}");
        }
        assert!(dir.path().join("outside.jsonl").exists(), "nothing outside the journal was touched");
    }

    #[test]
    fn unfinished_downloads_are_listed_once_per_destination_until_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        let download = |key: &str, destination: &str, started_ms| UnfinishedDownload {
            job: Download {
                connection: ConnectionRef::Sandbox,
                bucket: "b".into(),
                region: "us-east-1".into(),
                key: key.into(),
                version_id: None,
                destination: destination.into(),
                overwrite: false,
                listed_size: None,
                listed_etag: None,
            },
            size: 10,
            started_ms,
        };
        journal.note_download(&download("a", "/home/me/a.bin", 2)).unwrap();
        journal.note_download(&download("b", "/home/me/b.bin", 1)).unwrap();
        journal.note_download(&download("a2", "/home/me/a.bin", 3)).unwrap();
        let keys: Vec<String> = journal.downloads().into_iter().map(|d| d.job.key).collect();
        assert_eq!(keys, ["b", "a2"], "oldest first; the same destination listed once");
        assert!(journal.entries().unwrap().is_empty(), "not taken for uploads");
        journal.forget_download(Path::new("/home/me/b.bin"));
        assert_eq!(journal.downloads().len(), 1);
    }

    #[test]
    fn a_half_written_description_is_never_read() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("torn.jsonl"), b"{\"id\":\"torn\",\"conn").unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        assert!(journal.entries().unwrap().is_empty());
    }
}
