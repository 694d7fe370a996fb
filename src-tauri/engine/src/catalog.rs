//! Every connection the user can pick: saved ones (settings in the connections file, secret
//! in the keychain), profiles of the AWS shared files, the credentials the environment holds
//! (aws-config's default chain), and the local sandbox when one runs.
//!
//! Saving and deleting touch two stores, the file and the keychain; each operation either
//! changes both or leaves both as they were.

use std::sync::Mutex;

use crate::aws_profiles::{self, AwsEnvironment, AwsProfile};
use crate::connection::{Connection, ConnectionDraft, Endpoint};
use crate::connections_file::ConnectionsFile;
use crate::error::{Error, ErrorKind, Result};
use crate::keychain::Keychain;
use crate::sandbox::Sandbox;

/// Which connection an operation is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ConnectionRef {
    Saved(String),
    AwsProfile(String),
    /// The credentials the environment holds, through aws-config's default chain.
    AwsEnvironment,
    Sandbox,
}

impl ConnectionRef {
    /// A stable name for files that keep choices per connection.
    pub fn id(&self) -> String {
        match self {
            ConnectionRef::Saved(id) => format!("saved:{id}"),
            ConnectionRef::AwsProfile(name) => format!("aws-profile:{name}"),
            ConnectionRef::AwsEnvironment => "aws-environment".to_owned(),
            ConnectionRef::Sandbox => "sandbox".to_owned(),
        }
    }
}

/// What a session needs to reach a connection's S3 endpoint.
pub struct Target {
    pub name: String,
    pub region: String,
    pub endpoint: Option<Endpoint>,
    pub credentials: Credentials,
}

pub enum Credentials {
    Static {
        access_key_id: String,
        secret_access_key: String,
    },
    /// An AWS shared-config profile, resolved by aws-config (keys, SSO, role, process).
    Profile(String),
    /// aws-config's default chain: environment variables first.
    DefaultChain,
}

// Never print a secret, even in a debug log.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Static { access_key_id, .. } => write!(f, "Static({access_key_id}, secret redacted)"),
            Credentials::Profile(name) => write!(f, "Profile({name})"),
            Credentials::DefaultChain => write!(f, "DefaultChain"),
        }
    }
}

/// One entry of [`Catalog::list`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    Sandbox { endpoint: String },
    Saved(Connection),
    AwsProfile(AwsProfile),
    AwsEnvironment(AwsEnvironment),
}

pub struct Catalog {
    file: ConnectionsFile,
    keychain: Keychain,
    sandbox: Option<Sandbox>,
    /// Saves and deletes read, change and write the whole file: one at a time.
    writing: Mutex<()>,
}

impl Catalog {
    pub fn new(file: ConnectionsFile, keychain: Keychain, sandbox: Option<Sandbox>) -> Self {
        Self { file, keychain, sandbox, writing: Mutex::new(()) }
    }

    /// Every connection, in the order the sidebar shows them: the sandbox, saved
    /// connections by name, the environment's credentials, then AWS profiles by name.
    pub fn list(&self) -> Result<Vec<Listed>> {
        let mut saved = self.file.load()?;
        saved.sort_by_key(|c| c.name.to_lowercase());
        let sandbox = self.sandbox.as_ref().map(|s| Listed::Sandbox { endpoint: s.endpoint.clone() });
        Ok(sandbox
            .into_iter()
            .chain(saved.into_iter().map(Listed::Saved))
            .chain(aws_profiles::environment().map(Listed::AwsEnvironment))
            .chain(aws_profiles::list().into_iter().map(Listed::AwsProfile))
            .collect())
    }

    /// The connection a person names: `sandbox`, `env` (the environment's credentials), a
    /// saved connection's name, or an AWS profile's name (as `aws:NAME` when a saved
    /// connection has the same name).
    pub fn find(&self, name: &str) -> Result<ConnectionRef> {
        let listed = self.list()?;
        let found = listed.iter().find_map(|l| match l {
            Listed::Sandbox { .. } if name == "sandbox" => Some(ConnectionRef::Sandbox),
            Listed::AwsEnvironment(_) if name == "env" => Some(ConnectionRef::AwsEnvironment),
            Listed::Saved(c) if c.name == name => Some(ConnectionRef::Saved(c.id.clone())),
            Listed::AwsProfile(p) if p.name == name || name.strip_prefix("aws:") == Some(&p.name) => {
                Some(ConnectionRef::AwsProfile(p.name.clone()))
            }
            _ => None,
        });
        found.ok_or_else(|| {
            let names: Vec<String> = listed
                .iter()
                .map(|l| match l {
                    Listed::Sandbox { .. } => "sandbox".to_owned(),
                    Listed::AwsEnvironment(_) => "env".to_owned(),
                    Listed::Saved(c) => c.name.clone(),
                    Listed::AwsProfile(p) => format!("aws:{}", p.name),
                })
                .collect();
            Error::new(ErrorKind::ConnectionNotFound, format!("No connection is named \"{name}\".")).with_hint(format!(
                "Known connections: {}.",
                if names.is_empty() { "none".into() } else { names.join(", ") }
            ))
        })
    }

    /// Validates the draft, stores its secret in the keychain, then its settings in the file.
    pub fn create(&self, draft: &ConnectionDraft) -> Result<Connection> {
        let connection = draft.validate(uuid::Uuid::new_v4().to_string(), true)?;
        let secret = draft.secret_access_key.as_deref().expect("validate requires a secret for a new connection");
        let _guard = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let mut all = self.file.load()?;
        ensure_unique_name(&all, &connection)?;
        self.keychain.set(&connection.id, secret)?;
        all.push(connection.clone());
        if let Err(e) = self.file.save(&all) {
            // The settings were not saved: take the secret back out so nothing is left half-way.
            let _ = self.keychain.delete(&connection.id);
            return Err(e);
        }
        Ok(connection)
    }

    /// Replaces the settings of connection `id`; a draft with a secret replaces the secret too.
    pub fn update(&self, id: &str, draft: &ConnectionDraft) -> Result<Connection> {
        let connection = draft.validate(id.to_owned(), false)?;
        let _guard = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let mut all = self.file.load()?;
        let index = all.iter().position(|c| c.id == id).ok_or_else(|| not_found(id))?;
        ensure_unique_name(&all, &connection)?;

        let previous_secret = match &draft.secret_access_key {
            Some(secret) => {
                let previous = self.keychain.find(id)?;
                self.keychain.set(id, secret)?;
                Some(previous)
            }
            None => None,
        };
        all[index] = connection.clone();
        if let Err(e) = self.file.save(&all) {
            if let Some(previous) = previous_secret {
                let _ = match previous {
                    Some(old) => self.keychain.set(id, &old),
                    None => self.keychain.delete(id),
                };
            }
            return Err(e);
        }
        Ok(connection)
    }

    /// Removes connection `id` from the file and its secret from the keychain.
    pub fn delete(&self, id: &str) -> Result<()> {
        let _guard = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let mut all = self.file.load()?;
        let before = all.len();
        all.retain(|c| c.id != id);
        if all.len() == before {
            return Err(not_found(id));
        }
        // Read the secret first so that a failed file write can put it back.
        let secret = self.keychain.find(id)?;
        self.keychain.delete(id)?;
        if let Err(e) = self.file.save(&all) {
            if let Some(secret) = secret {
                let _ = self.keychain.set(id, &secret);
            }
            return Err(e);
        }
        Ok(())
    }

    /// What a session needs for `connection`, reading the secret from the keychain.
    /// Blocks on the keychain: call it from a blocking thread.
    pub fn target(&self, connection: &ConnectionRef) -> Result<Target> {
        match connection {
            ConnectionRef::Saved(id) => {
                let saved = self.file.load()?.into_iter().find(|c| &c.id == id).ok_or_else(|| not_found(id))?;
                let secret_access_key = self.keychain.get(id)?;
                Ok(Target {
                    name: saved.name,
                    region: saved.region,
                    endpoint: saved.endpoint,
                    credentials: Credentials::Static { access_key_id: saved.access_key_id, secret_access_key },
                })
            }
            ConnectionRef::AwsProfile(name) => {
                let profile =
                    aws_profiles::list().into_iter().find(|p| &p.name == name).ok_or_else(|| not_found(name))?;
                Ok(Target {
                    name: profile.name.clone(),
                    // A profile without a region still works for listing buckets; S3's global
                    // endpoint is in us-east-1.
                    region: profile.region.unwrap_or_else(|| "us-east-1".into()),
                    endpoint: None,
                    credentials: Credentials::Profile(profile.name),
                })
            }
            ConnectionRef::AwsEnvironment => {
                let environment = aws_profiles::environment().ok_or_else(|| {
                    Error::new(ErrorKind::ConnectionNotFound, "The environment holds no AWS credentials any more.")
                        .with_hint("Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY before starting S3 Desk, or pick another connection.")
                })?;
                Ok(Target {
                    name: environment.source.name().into(),
                    region: environment.region.unwrap_or_else(|| "us-east-1".into()),
                    endpoint: None,
                    credentials: Credentials::DefaultChain,
                })
            }
            ConnectionRef::Sandbox => {
                let sandbox = self.sandbox.as_ref().ok_or_else(|| {
                    Error::new(ErrorKind::ConnectionNotFound, "No local sandbox is running.")
                        .with_hint("Start S3 Desk with the README's run command, which starts the sandbox server.")
                })?;
                sandbox.target()
            }
        }
    }
}

fn ensure_unique_name(all: &[Connection], candidate: &Connection) -> Result<()> {
    let taken = all.iter().any(|c| c.id != candidate.id && c.name.to_lowercase() == candidate.name.to_lowercase());
    if taken {
        return Err(Error::new(
            ErrorKind::DuplicateName,
            format!("A connection named \"{}\" already exists.", candidate.name),
        )
        .with_hint("Choose another name, or edit the existing connection."));
    }
    Ok(())
}

fn not_found(id: &str) -> Error {
    Error::new(ErrorKind::ConnectionNotFound, format!("The connection \"{id}\" no longer exists."))
        .with_hint("It may have been deleted or its AWS profile removed; pick another connection.")
}
