//! Long operations the UI can cancel: `invoke` itself cannot be, so each run gets an id
//! from the UI and a cancellation token here.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio_util::sync::CancellationToken;

#[derive(Default)]
pub struct Operations {
    running: Mutex<HashMap<String, CancellationToken>>,
}

impl Operations {
    pub fn start(&self, id: &str) -> CancellationToken {
        let token = CancellationToken::new();
        self.lock().insert(id.to_owned(), token.clone());
        token
    }

    /// A run inside another (one file of a batch): cancelled with its parent, or alone.
    pub fn start_under(&self, parent: &CancellationToken, id: &str) -> CancellationToken {
        let token = parent.child_token();
        self.lock().insert(id.to_owned(), token.clone());
        token
    }

    pub fn finish(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Cancels the run `id`; one that already finished is left alone.
    pub fn cancel(&self, id: &str) {
        if let Some(token) = self.lock().get(id) {
            token.cancel();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CancellationToken>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }
}
