//! The paths the person handed the app: files and folders dropped on its window, and what
//! they chose in a native dialog. Uploads read only those (and what is inside a dropped or
//! picked folder); downloads write only to a file chosen in a save dialog, inside a picked
//! folder, or where an unfinished download from the journal already was. So a page that
//! misbehaves cannot have the backend read `~/.ssh` or write over `~/.bashrc`.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use s3desk_engine::Error;

#[derive(Default)]
pub struct Granted {
    read: Mutex<Vec<PathBuf>>,
    write: Mutex<Vec<PathBuf>>,
}

impl Granted {
    /// Dropped paths, and files or folders picked to upload.
    pub fn allow_reading(&self, paths: &[String]) {
        lock(&self.read).extend(paths.iter().map(PathBuf::from));
    }

    /// A file chosen to save to, or a folder picked to download into.
    pub fn allow_writing(&self, path: &str) {
        lock(&self.write).push(PathBuf::from(path));
    }

    pub fn check_read(&self, path: &Path) -> Result<(), Error> {
        if within_any(path, &lock(&self.read)) {
            return Ok(());
        }
        Err(Error::invalid("paths", format!("{} was not dropped on S3 Desk or picked in its dialog.", path.display()))
            .with_hint("Drop the file on the window, or choose it with Upload files…."))
    }

    /// `unfinished` gives the destinations of the journal's unfinished downloads, chosen in
    /// an earlier session's dialog; it is asked (the journal read) only when nothing granted
    /// this session covers `path`.
    pub fn check_write(&self, path: &Path, unfinished: impl FnOnce() -> Vec<PathBuf>) -> Result<(), Error> {
        if within_any(path, &lock(&self.write)) || unfinished().iter().any(|u| u == path) {
            return Ok(());
        }
        Err(Error::invalid("destination", format!("{} is not in a folder picked for this download.", path.display()))
            .with_hint("Choose where to save it with Download."))
    }
}

/// `path` is one of `granted` or inside one of them, with no `..` or `.` that could lead
/// it back out.
fn within_any(path: &Path, granted: &[PathBuf]) -> bool {
    let plain =
        path.components().all(|c| matches!(c, Component::Normal(_) | Component::RootDir | Component::Prefix(_)));
    plain && granted.iter().any(|g| path.starts_with(g))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_was_handed_over_and_what_is_inside_it() {
        let granted = Granted::default();
        granted.allow_reading(&["/home/ann/photos".into(), "/home/ann/notes.txt".into()]);
        granted.allow_writing("/home/ann/Downloads");
        for ok in ["/home/ann/photos", "/home/ann/photos/2024/a.jpg", "/home/ann/notes.txt"] {
            assert!(granted.check_read(Path::new(ok)).is_ok(), "{ok}");
        }
        for refused in
            ["/home/ann/.ssh/id_ed25519", "/home/ann/photos/../.bashrc", "/home/ann/photosx", "/home/ann/notes.txt2"]
        {
            assert!(granted.check_read(Path::new(refused)).is_err(), "{refused}");
        }
        assert!(granted.check_write(Path::new("/home/ann/Downloads/a.jpg"), Vec::new).is_ok());
        assert!(granted.check_write(Path::new("/home/ann/Downloads/../.bashrc"), Vec::new).is_err());
        assert!(granted.check_write(Path::new("/home/ann/photos/a.jpg"), Vec::new).is_err(), "dropped is not writable");
        let earlier = || vec![PathBuf::from("/home/ann/big.iso")];
        assert!(
            granted.check_write(Path::new("/home/ann/big.iso"), earlier).is_ok(),
            "an unfinished download continues"
        );
    }
}
