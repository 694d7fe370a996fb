//! Where S3 Desk keeps its files. The app and the command-line companion both use these,
//! so they share one list of connections.

use std::path::PathBuf;

/// The app's bundle identifier; also the name of its folders and its keychain service.
pub const APP_ID: &str = "dev.s3desk.app";

/// The folder for settings: `$XDG_CONFIG_HOME/dev.s3desk.app` on Linux,
/// `~/Library/Application Support/dev.s3desk.app` on macOS, `%APPDATA%\dev.s3desk.app` on Windows.
pub fn config_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join(APP_ID))
}

/// The folder for settings, unless `S3DESK_CONFIG_DIR` names another (tests and scripts
/// use it so they never touch a person's real settings).
pub fn config_dir_from_env() -> PathBuf {
    std::env::var_os("S3DESK_CONFIG_DIR").map(Into::into).or_else(config_dir).unwrap_or_else(|| ".".into())
}

/// The folder for state the app keeps between runs (the upload journal):
/// `$XDG_DATA_HOME/dev.s3desk.app` on Linux, unless `S3DESK_DATA_DIR` names another.
pub fn data_dir_from_env() -> PathBuf {
    std::env::var_os("S3DESK_DATA_DIR")
        .map(Into::into)
        .or_else(|| dirs::data_dir().map(|d| d.join(APP_ID)))
        .unwrap_or_else(|| ".".into())
}

/// Where unfinished multipart uploads are journalled, shared by the app and the companion.
pub fn journal_dir() -> PathBuf {
    data_dir_from_env().join("uploads")
}
