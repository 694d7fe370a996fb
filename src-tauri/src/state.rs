//! What the commands share: the catalog of connections and their open sessions.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::connections_file::ConnectionsFile;
use s3desk_engine::keychain::Keychain;
use s3desk_engine::sandbox::Sandbox;
use s3desk_engine::transfers::batch::{self, Batch};
use s3desk_engine::transfers::{Journal, Pool, Prefs, Settings};
use s3desk_engine::{paths, Catalog, Operations, Session, Sessions};
use tauri::ipc::Channel;
use tokio_util::sync::CancellationToken;

use crate::commands::sync::LastPreview;
use crate::granted::Granted;
use crate::ipc::DropEvent;

pub struct AppState {
    pub catalog: Arc<Catalog>,
    pub sessions: Sessions,
    pub operations: Operations,
    pub config_dir: PathBuf,
    /// The transfer settings, and the pool of requests in flight they size.
    pub prefs: Mutex<Prefs>,
    pub pool: Pool,
    pub journal: Arc<Journal>,
    /// The paths the person dropped or chose in a dialog: all the backend reads or writes.
    pub granted: Granted,
    /// Where files dropped on the window are reported, once the UI has asked.
    pub drops: Mutex<Option<Channel<DropEvent>>>,
    /// The sync preview the window shows, kept for its run.
    pub sync_preview: LastPreview,
}

impl AppState {
    /// The settings a batch into `bucket` runs with: the saved transfer settings, through the
    /// accelerate endpoint where the bucket has it on.
    pub async fn settings_for(
        &self,
        session: &Session,
        connection: &ConnectionRef,
        bucket: &str,
        region: &str,
    ) -> Settings {
        let prefs = *self.prefs.lock().unwrap_or_else(|e| e.into_inner());
        let settings = prefs.apply(Settings::for_session(session));
        batch::settings_for(session, connection, &self.config_dir, bucket, region, settings).await
    }

    /// A batch `id` on the app's one pool, journal and handles.
    pub fn batch<'a>(
        &'a self,
        id: &'a str,
        cancel: &'a CancellationToken,
        session: &'a Session,
        settings: Settings,
    ) -> Batch<'a> {
        Batch { id, cancel, session, settings, pool: &self.pool, journal: &self.journal, operations: &self.operations }
    }

    /// Connections in the platform's config folder (`S3DESK_CONFIG_DIR` overrides it, so
    /// tests never touch a real user's settings), secrets under the app's keychain service.
    pub fn from_env() -> Self {
        let config_dir = paths::config_dir_from_env();
        let prefs = Prefs::load(&config_dir);
        let catalog =
            Catalog::new(ConnectionsFile::in_dir(&config_dir), Keychain::new(paths::APP_ID), Sandbox::from_env());
        let journal = Journal::open(paths::journal_dir()).expect("the app's data folder can be created");
        Self {
            catalog: Arc::new(catalog),
            sessions: Sessions::default(),
            operations: Operations::default(),
            config_dir,
            prefs: Mutex::new(prefs),
            pool: Pool::new(prefs.concurrency),
            journal: Arc::new(journal),
            granted: Granted::default(),
            drops: Mutex::default(),
            sync_preview: Mutex::default(),
        }
    }
}
