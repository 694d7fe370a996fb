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
