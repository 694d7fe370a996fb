//! The local sandbox: an S3 server on loopback that the README's run command starts, offered
//! as a ready connection so the app can be tried without an AWS account. The run command
//! passes its address and its throwaway keys in the environment; they are kept in memory
//! only and never saved.

use crate::catalog::{Credentials, Target};
use crate::connection::Endpoint;

pub const ENDPOINT_VAR: &str = "S3DESK_SANDBOX_ENDPOINT";
pub const ACCESS_KEY_VAR: &str = "S3DESK_SANDBOX_ACCESS_KEY_ID";
pub const SECRET_KEY_VAR: &str = "S3DESK_SANDBOX_SECRET_ACCESS_KEY";

#[derive(Clone)]
pub struct Sandbox {
    pub endpoint: String,
    access_key_id: String,
    secret_access_key: String,
}

impl Sandbox {
    /// The sandbox described by the environment, if all three variables are set.
    pub fn from_env() -> Option<Self> {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        Some(Self {
            endpoint: var(ENDPOINT_VAR)?,
            access_key_id: var(ACCESS_KEY_VAR)?,
            secret_access_key: var(SECRET_KEY_VAR)?,
        })
    }

    pub(crate) fn target(&self) -> Target {
        Target {
            name: "Local sandbox".into(),
            region: "us-east-1".into(),
            endpoint: Some(Endpoint { url: self.endpoint.clone(), path_style: true }),
            credentials: Credentials::Static {
                access_key_id: self.access_key_id.clone(),
                secret_access_key: self.secret_access_key.clone(),
            },
        }
    }
}
