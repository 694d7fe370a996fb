//! The data shapes that cross between the UI and the backend, converted from and to the
//! engine's types here and nowhere else. Their TypeScript twins are generated
//! (see `bindings`), never written by hand.

use s3desk_engine::aws_profiles::{AwsEnvironment, AwsProfile};
use s3desk_engine::catalog::Listed;
use s3desk_engine::connection::{Connection, ConnectionDraft};
use s3desk_engine::identity::CallerIdentity;
use s3desk_engine::ConnectionRef;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which connection a command is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConnectionKey {
    Saved { id: String },
    AwsProfile { name: String },
    AwsEnvironment,
    Sandbox,
}

impl From<ConnectionRef> for ConnectionKey {
    fn from(connection: ConnectionRef) -> Self {
        match connection {
            ConnectionRef::Saved(id) => ConnectionKey::Saved { id },
            ConnectionRef::AwsProfile(name) => ConnectionKey::AwsProfile { name },
            ConnectionRef::AwsEnvironment => ConnectionKey::AwsEnvironment,
            ConnectionRef::Sandbox => ConnectionKey::Sandbox,
        }
    }
}

impl From<ConnectionKey> for ConnectionRef {
    fn from(key: ConnectionKey) -> Self {
        match key {
            ConnectionKey::Saved { id } => ConnectionRef::Saved(id),
            ConnectionKey::AwsProfile { name } => ConnectionRef::AwsProfile(name),
            ConnectionKey::AwsEnvironment => ConnectionRef::AwsEnvironment,
            ConnectionKey::Sandbox => ConnectionRef::Sandbox,
        }
    }
}

/// One entry of the sidebar. Holds no secret: the UI never sees one after it is entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionEntry {
    pub key: ConnectionKey,
    pub name: String,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    /// Set for S3-compatible endpoints; absent for Amazon S3.
    pub endpoint_url: Option<String>,
    pub path_style: bool,
    /// Saved connections can be edited and deleted; AWS profiles, the environment and the
    /// sandbox cannot.
    pub editable: bool,
}

impl From<Listed> for ConnectionEntry {
    fn from(listed: Listed) -> Self {
        match listed {
            Listed::Sandbox { endpoint } => Self {
                key: ConnectionKey::Sandbox,
                name: "Local sandbox".into(),
                region: Some("us-east-1".into()),
                access_key_id: None,
                endpoint_url: Some(endpoint),
                path_style: true,
                editable: false,
            },
            Listed::Saved(c) => c.into(),
            Listed::AwsProfile(p) => p.into(),
            Listed::AwsEnvironment(e) => e.into(),
        }
    }
}

impl From<Connection> for ConnectionEntry {
    fn from(c: Connection) -> Self {
        Self {
            key: ConnectionKey::Saved { id: c.id },
            name: c.name,
            region: Some(c.region),
            access_key_id: Some(c.access_key_id),
            path_style: c.endpoint.as_ref().is_some_and(|e| e.path_style),
            endpoint_url: c.endpoint.map(|e| e.url),
            editable: true,
        }
    }
}

impl From<AwsEnvironment> for ConnectionEntry {
    fn from(e: AwsEnvironment) -> Self {
        Self {
            key: ConnectionKey::AwsEnvironment,
            name: e.source.name().into(),
            region: e.region,
            access_key_id: None,
            endpoint_url: None,
            path_style: false,
            editable: false,
        }
    }
}

impl From<AwsProfile> for ConnectionEntry {
    fn from(p: AwsProfile) -> Self {
        Self {
            name: if p.is_default { format!("{} (AWS_PROFILE)", p.name) } else { p.name.clone() },
            key: ConnectionKey::AwsProfile { name: p.name },
            region: p.region,
            access_key_id: None,
            endpoint_url: None,
            path_style: false,
            editable: false,
        }
    }
}

/// The connection form's contents. Not `Debug`: it holds a secret.
#[derive(Clone, Deserialize, TS)]
pub struct ConnectionDraftInput {
    pub name: String,
    pub access_key_id: String,
    /// Empty when editing keeps the stored secret.
    pub secret_access_key: String,
    pub region: String,
    pub endpoint_url: String,
    pub path_style: bool,
}

impl From<ConnectionDraftInput> for ConnectionDraft {
    fn from(d: ConnectionDraftInput) -> Self {
        Self {
            name: d.name,
            access_key_id: d.access_key_id,
            secret_access_key: Some(d.secret_access_key).filter(|s| !s.is_empty()),
            region: d.region,
            endpoint_url: Some(d.endpoint_url).filter(|u| !u.trim().is_empty()),
            path_style: d.path_style,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    pub is_root: bool,
}

impl From<CallerIdentity> for Identity {
    fn from(i: CallerIdentity) -> Self {
        Self { account: i.account, arn: i.arn, is_root: i.is_root }
    }
}
