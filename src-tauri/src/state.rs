//! What the commands share: the catalog of connections and their open sessions.

use std::sync::{Arc, Mutex};

use s3desk_engine::connections_file::ConnectionsFile;
use s3desk_engine::keychain::Keychain;
use s3desk_engine::sandbox::Sandbox;
use s3desk_engine::transfers::{Journal, Pool};
use s3desk_engine::{paths, Catalog, Sessions};
use tauri::ipc::Channel;

use crate::ipc::DropEvent;
use crate::operations::Operations;

/// Parts or small files in flight across every transfer: what the benchmark found fast on
/// one machine without holding much memory (each is streamed, not buffered).
const POOL_SIZE: usize = 8;

pub struct AppState {
    pub catalog: Arc<Catalog>,
    pub sessions: Sessions,
    pub operations: Operations,
    /// Requests in flight for all transfers at once.
    pub pool: Pool,
    pub journal: Arc<Journal>,
    /// Where files dropped on the window are reported, once the UI has asked.
    pub drops: Mutex<Option<Channel<DropEvent>>>,
}

impl AppState {
    /// Connections in the platform's config folder (`S3DESK_CONFIG_DIR` overrides it, so
    /// tests never touch a real user's settings), secrets under the app's keychain service.
    pub fn from_env() -> Self {
        let catalog = Catalog::new(
            ConnectionsFile::in_dir(&paths::config_dir_from_env()),
            Keychain::new(paths::APP_ID),
            Sandbox::from_env(),
        );
        let journal = Journal::open(paths::journal_dir()).expect("the app's data folder can be created");
        Self {
            catalog: Arc::new(catalog),
            sessions: Sessions::default(),
            operations: Operations::default(),
            pool: Pool::new(POOL_SIZE),
            journal: Arc::new(journal),
            drops: Mutex::default(),
        }
    }
}
