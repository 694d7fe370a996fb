//! The file that holds saved connections' non-secret settings (`connections.json` in the
//! app's config folder), written atomically: a crash leaves the old list or the new one.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::connection::Connection;
use crate::error::{Error, ErrorKind, Result};

const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone)]
pub struct ConnectionsFile {
    path: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct Contents {
    version: u32,
    connections: Vec<Connection>,
}

impl ConnectionsFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// `connections.json` inside `config_dir`.
    pub fn in_dir(config_dir: &Path) -> Self {
        Self::new(config_dir.join("connections.json"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved connections; none when the file does not exist yet.
    pub fn load(&self) -> Result<Vec<Connection>> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io_error("read", e)),
        };
        let contents: Contents = serde_json::from_str(&text).map_err(|e| {
            Error::new(ErrorKind::ConfigFile, format!("The connections file {} is damaged: {e}.", self.path.display()))
                .with_hint(
                    "Fix or move the file away; S3 Desk will start with an empty list. Secrets stay in the keychain.",
                )
        })?;
        if contents.version != FORMAT_VERSION {
            return Err(Error::new(
                ErrorKind::ConfigFile,
                format!(
                    "The connections file {} was written by a newer S3 Desk (format {}).",
                    self.path.display(),
                    contents.version
                ),
            )
            .with_hint("Update S3 Desk to open it."));
        }
        Ok(contents.connections)
    }

    pub fn save(&self, connections: &[Connection]) -> Result<()> {
        let contents = Contents { version: FORMAT_VERSION, connections: connections.to_vec() };
        let mut json = serde_json::to_vec_pretty(&contents).expect("connections always serialize");
        json.push(b'\n');
        crate::atomic_file::write(&self.path, &json).map_err(|e| self.io_error("write", e))
    }

    fn io_error(&self, verb: &str, e: std::io::Error) -> Error {
        Error::new(
            ErrorKind::ConfigFile,
            format!("Could not {verb} the connections file {}: {e}.", self.path.display()),
        )
        .with_hint("Check that the folder exists and you may write to it, and that the disk is not full.")
        .with_source(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_and_loads_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let file = ConnectionsFile::in_dir(&dir.path().join("nested"));
        assert_eq!(file.load().unwrap(), vec![], "a missing file is an empty list");
        let c = Connection {
            id: "1".into(),
            name: "n".into(),
            access_key_id: "AKIA".into(),
            region: "us-east-1".into(),
            endpoint: None,
        };
        file.save(std::slice::from_ref(&c)).unwrap();
        assert_eq!(file.load().unwrap(), vec![c]);
        assert!(!file.path().with_extension("json.tmp").exists(), "the temporary file is renamed away");
    }

    #[test]
    fn a_damaged_file_is_reported_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = ConnectionsFile::in_dir(dir.path());
        fs::write(file.path(), "{not json").unwrap();
        let err = file.load().unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::ConfigFile);
        assert_eq!(fs::read_to_string(file.path()).unwrap(), "{not json", "loading never rewrites the file");
    }
}
