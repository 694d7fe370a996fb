//! What the commands share: the catalog of connections and their open sessions.

use std::sync::Arc;

use s3desk_engine::connections_file::ConnectionsFile;
use s3desk_engine::keychain::Keychain;
use s3desk_engine::sandbox::Sandbox;
use s3desk_engine::{paths, Catalog, Sessions};

use crate::operations::Operations;

pub struct AppState {
    pub catalog: Arc<Catalog>,
    pub sessions: Sessions,
    pub operations: Operations,
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
        Self { catalog: Arc::new(catalog), sessions: Sessions::default(), operations: Operations::default() }
    }
}
