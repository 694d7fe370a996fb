//! The transfer settings a person chose — part size and requests in flight — kept in
//! `transfer-settings.json` in the config folder and shared by the app and the companion.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Settings;
use crate::error::{Error, ErrorKind, Result};
use crate::parts::MIB;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    /// Size of each uploaded part, and the size above which files go in parts.
    pub part_size_mib: u64,
    /// Parts or small files in flight at once, across all transfers.
    pub concurrency: usize,
}

impl Default for Prefs {
    /// What the transfer benchmark found fast here, at a few tens of MiB of memory.
    fn default() -> Self {
        Self { part_size_mib: 16, concurrency: 8 }
    }
}

impl Prefs {
    pub fn validate(&self) -> Result<()> {
        if !(5..=5120).contains(&self.part_size_mib) {
            return Err(Error::invalid("part_size_mib", "S3 takes parts of 5 MiB to 5 GiB (5120 MiB)."));
        }
        if !(1..=64).contains(&self.concurrency) {
            return Err(Error::invalid("concurrency", "Choose 1 to 64 requests at once."));
        }
        Ok(())
    }

    /// These preferences over a session's defaults (which keep the checksum choice).
    pub fn apply(&self, settings: Settings) -> Settings {
        let part_size = self.part_size_mib * MIB;
        Settings { part_size, multipart_threshold: part_size, concurrency: self.concurrency, ..settings }
    }

    /// The saved preferences; the defaults when none are saved or the file is unreadable.
    pub fn load(config_dir: &Path) -> Self {
        std::fs::read_to_string(file(config_dir))
            .ok()
            .and_then(|text| serde_json::from_str::<Prefs>(&text).ok())
            .filter(|p| p.validate().is_ok())
            .unwrap_or_default()
    }

    pub fn save(&self, config_dir: &Path) -> Result<()> {
        self.validate()?;
        let path = file(config_dir);
        let json = serde_json::to_vec_pretty(self).expect("preferences always serialize");
        crate::atomic_file::write(&path, &json).map_err(|e| {
            Error::new(
                ErrorKind::ConfigFile,
                format!("Could not save the transfer settings to {}: {e}.", path.display()),
            )
        })
    }
}

fn file(config_dir: &Path) -> PathBuf {
    config_dir.join("transfer-settings.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_preferences_round_trip_and_bad_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default(), "nothing saved yet");
        let chosen = Prefs { part_size_mib: 64, concurrency: 4 };
        chosen.save(dir.path()).unwrap();
        assert_eq!(Prefs::load(dir.path()), chosen);
        assert!(Prefs { part_size_mib: 4, concurrency: 4 }.save(dir.path()).is_err());
        assert!(Prefs { part_size_mib: 16, concurrency: 0 }.save(dir.path()).is_err());
        assert_eq!(Prefs::load(dir.path()), chosen, "a refused save changes nothing");
        std::fs::write(file(dir.path()), "{damaged").unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
    }
}
