//! The local sandbox: an S3 server on loopback that the README's run command starts, offered
//! as a ready connection so the app can be tried without an AWS account. The run command
//! passes its address and its throwaway keys in the environment; they are kept in memory
//! only and never saved.

use crate::catalog::{Credentials, Target};
use crate::connection::{normalize_endpoint, Endpoint};
use crate::error::{Error, Result};

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

    /// The sandbox as a connection; an endpoint that is no URL is said to be one here,
    /// rather than as "could not reach" on the first request.
    pub(crate) fn target(&self) -> Result<Target> {
        let url = normalize_endpoint(&self.endpoint).map_err(|e| {
            Error::invalid("endpoint_url", format!("{ENDPOINT_VAR} is {:?}: {}", self.endpoint, e.message()))
                .with_hint(format!("Set {ENDPOINT_VAR} to the sandbox server's address, e.g. http://127.0.0.1:9000."))
        })?;
        Ok(Target {
            name: "Local sandbox".into(),
            region: "us-east-1".into(),
            endpoint: Some(Endpoint { url, path_style: true }),
            credentials: Credentials::Static {
                access_key_id: self.access_key_id.clone(),
                secret_access_key: self.secret_access_key.clone(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox(endpoint: &str) -> Sandbox {
        Sandbox { endpoint: endpoint.into(), access_key_id: "k".into(), secret_access_key: "s".into() }
    }

    #[test]
    fn an_endpoint_that_is_no_url_is_said_to_be_one() {
        // (Target holds the secret, so it has no Debug to unwrap_err with.)
        let Err(err) = sandbox("not a url").target() else { panic!("an endpoint that is no URL is refused") };
        assert!(err.message().starts_with("S3DESK_SANDBOX_ENDPOINT is \"not a url\""), "{}", err.message());
        let Ok(target) = sandbox("http://127.0.0.1:9000/").target() else { panic!("a URL is taken") };
        assert_eq!(target.endpoint.unwrap().url, "http://127.0.0.1:9000");
    }
}
