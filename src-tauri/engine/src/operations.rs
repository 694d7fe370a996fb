//! Long operations that are stopped from elsewhere: a window's Cancel button (Tauri's
//! `invoke` itself cannot be cancelled), Ctrl-C in `s3desk`. Each run has an id and a
//! cancellation token kept here by that id; a file of a transfer batch has a second token
//! that pauses it instead.

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

    /// The pause token of the file `id` of a batch, kept beside its cancel token.
    pub(crate) fn start_pause(&self, id: &str) -> CancellationToken {
        self.start(&pause_id(id))
    }

    pub(crate) fn finish_pause(&self, id: &str) {
        self.finish(&pause_id(id));
    }

    /// Pauses the file `id` of a batch: it stops now, and a multipart upload keeps its parts
    /// for a later resume. (A small file or a download simply stops; running it again
    /// starts it over, or continues the download's ranges.)
    pub fn pause(&self, id: &str) {
        self.cancel(&pause_id(id));
        self.cancel(id);
    }

    /// Pauses every file of the batch `batch` (running or queued), then stops the batch:
    /// multipart uploads keep their parts and journal entries, to be resumed by running the
    /// same transfer again.
    pub fn pause_batch(&self, batch: &str) {
        let prefix = format!("{batch}:");
        let files: Vec<String> =
            self.lock().keys().filter(|id| id.starts_with(&prefix) && !id.ends_with(PAUSE_SUFFIX)).cloned().collect();
        for file in files {
            self.pause(&file);
        }
        self.cancel(batch);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CancellationToken>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }
}

const PAUSE_SUFFIX: &str = ":pause";

fn pause_id(file: &str) -> String {
    format!("{file}{PAUSE_SUFFIX}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pausing_a_batch_pauses_each_file_before_stopping_it() {
        let operations = Operations::default();
        let batch = operations.start("b");
        let (file, pause) = (operations.start_under(&batch, "b:0"), operations.start_pause("b:0"));
        let other = operations.start("c:0");
        operations.pause_batch("b");
        assert!(pause.is_cancelled() && file.is_cancelled() && batch.is_cancelled());
        assert!(!other.is_cancelled(), "another batch runs on");
    }
}
