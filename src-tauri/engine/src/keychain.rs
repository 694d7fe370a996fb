//! Secret keys in the OS keychain: Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows. This is the only place a secret is stored. When no keychain can be
//! reached the calls fail with [`ErrorKind::KeychainUnavailable`]; there is deliberately no
//! fallback to a file.
//!
//! The calls block (D-Bus round trips on Linux): call them from a blocking thread.

use keyring::Entry;

use crate::error::{Error, ErrorKind, Result};

/// The keychain entries of one application, one per connection id.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    /// `service` separates our entries from other applications' (and the tests' from the app's).
    pub fn new(service: impl Into<String>) -> Self {
        Self { service: service.into() }
    }

    pub fn set(&self, id: &str, secret: &str) -> Result<()> {
        self.entry(id)?.set_password(secret).map_err(|e| self.error(e))
    }

    /// The secret stored for `id`; [`ErrorKind::SecretMissing`] when there is none.
    pub fn get(&self, id: &str) -> Result<String> {
        self.entry(id)?.get_password().map_err(|e| self.error(e))
    }

    /// Like [`Keychain::get`], but a missing secret is `None` rather than an error.
    pub fn find(&self, id: &str) -> Result<Option<String>> {
        match self.get(id) {
            Ok(secret) => Ok(Some(secret)),
            Err(e) if e.kind() == &ErrorKind::SecretMissing => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Removes the secret for `id`; removing one that is not there is not an error.
    pub fn delete(&self, id: &str) -> Result<()> {
        match self.entry(id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(self.error(e)),
        }
    }

    fn entry(&self, id: &str) -> Result<Entry> {
        Entry::new(&self.service, id).map_err(|e| self.error(e))
    }

    fn error(&self, e: keyring::Error) -> Error {
        match e {
            keyring::Error::NoEntry => Error::new(ErrorKind::SecretMissing, "The keychain holds no secret key for this connection.")
                .with_hint("Save the connection's secret access key again."),
            keyring::Error::NoStorageAccess(_) => Error::new(ErrorKind::KeychainUnavailable, "The OS keychain is locked or refused access.")
                .with_hint("Unlock your keychain (log in to the desktop session, or unlock it in your password manager) and try again.")
                .with_source(e),
            other => unavailable(other),
        }
    }
}

fn unavailable(e: keyring::Error) -> Error {
    let hint = if cfg!(target_os = "linux") {
        "S3 Desk keeps secret keys only in the keychain. Start a Secret Service (GNOME Keyring or KWallet) in your desktop session, then restart S3 Desk."
    } else {
        "S3 Desk keeps secret keys only in the keychain. Check that the system keychain is available, then restart S3 Desk."
    };
    Error::new(
        ErrorKind::KeychainUnavailable,
        "The OS keychain cannot be reached, so secret keys can be neither saved nor read.",
    )
    .with_hint(hint)
    .with_source(e)
}
