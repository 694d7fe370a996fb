//! A saved connection: the non-secret settings of one set of S3 credentials, and the rules
//! a new or edited one must pass before anything is written.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The settings of a saved connection. The secret key is not here: it lives in the OS
/// keychain under [`Connection::id`], and this struct is what the connections file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    pub id: String,
    pub name: String,
    pub access_key_id: String,
    pub region: String,
    /// `None` for Amazon S3 itself; set for S3-compatible stores (MinIO, R2, B2, Wasabi, Ceph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Scheme, host and port, e.g. `https://s3.eu-central-003.backblazeb2.com`.
    pub url: String,
    /// Address buckets as `host/bucket` rather than `bucket.host`; most self-hosted stores need it.
    pub path_style: bool,
}

/// What the user typed into the connection form.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ConnectionDraft {
    pub name: String,
    pub access_key_id: String,
    /// Required for a new connection; `None` when editing keeps the stored secret.
    pub secret_access_key: Option<String>,
    pub region: String,
    /// Empty or `None` means Amazon S3.
    pub endpoint_url: Option<String>,
    pub path_style: bool,
}

// Never print a secret, even in a debug log.
impl std::fmt::Debug for ConnectionDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionDraft")
            .field("name", &self.name)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key.as_ref().map(|_| "redacted"))
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("path_style", &self.path_style)
            .finish()
    }
}

pub(crate) const MAX_NAME_CHARS: usize = 64;

impl ConnectionDraft {
    /// Checks every field and returns the settings to save under `id`, or the first problem
    /// found as an [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the field.
    pub fn validate(&self, id: String, is_new: bool) -> Result<Connection> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", "Give the connection a name."));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::invalid("name", format!("The name is longer than {MAX_NAME_CHARS} characters.")));
        }

        let access_key_id = self.access_key_id.trim();
        validate_access_key_id(access_key_id)?;

        match self.secret_access_key.as_deref() {
            Some(secret) => validate_secret(secret)?,
            None if is_new => return Err(Error::invalid("secret_access_key", "Enter the secret access key.")),
            None => {}
        }

        let region = self.region.trim();
        validate_region(region)?;

        let endpoint = match self.endpoint_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) => Some(Endpoint { url: normalize_endpoint(url)?, path_style: self.path_style }),
        };

        Ok(Connection {
            id,
            name: name.to_owned(),
            access_key_id: access_key_id.to_owned(),
            region: region.to_owned(),
            endpoint,
        })
    }
}

fn validate_access_key_id(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid("access_key_id", "Enter the access key id."));
    }
    // AWS key ids are 16–128 word characters; S3-compatible stores allow a little more
    // (MinIO: any printable, at least 3), so only what no server accepts is refused here.
    if key.len() < 3 || key.len() > 128 {
        return Err(Error::invalid("access_key_id", "An access key id is 3 to 128 characters long."));
    }
    if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid("access_key_id", "An access key id has no spaces in it."));
    }
    Ok(())
}

fn validate_secret(secret: &str) -> Result<()> {
    if secret.is_empty() {
        return Err(Error::invalid("secret_access_key", "Enter the secret access key."));
    }
    if secret != secret.trim() {
        return Err(Error::invalid(
            "secret_access_key",
            "The secret access key starts or ends with a space; paste it again without it.",
        ));
    }
    if secret.chars().any(char::is_control) {
        return Err(Error::invalid(
            "secret_access_key",
            "The secret access key contains a line break or control character.",
        ));
    }
    Ok(())
}

pub(crate) fn validate_region(region: &str) -> Result<()> {
    if region.is_empty() {
        return Err(Error::invalid(
            "region",
            "Enter a region, e.g. us-east-1 (S3-compatible stores often accept any, such as \"auto\").",
        ));
    }
    let well_formed = region.len() <= 64
        && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if !well_formed {
        return Err(Error::invalid("region", "A region is lowercase letters, digits and hyphens, e.g. eu-west-1."));
    }
    Ok(())
}

/// Accepts `http(s)://host[:port][/]` and returns it without the trailing slash.
pub(crate) fn normalize_endpoint(raw: &str) -> Result<String> {
    let bad = |why: &str| {
        Error::invalid(
            "endpoint_url",
            format!("The endpoint URL {why}, e.g. https://s3.example.com or http://127.0.0.1:9000."),
        )
    };
    let url = url::Url::parse(raw).map_err(|_| bad("is not a valid URL"))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(bad("must start with http:// or https://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("needs a host name"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain a user name or password (enter keys in their own fields)"));
    }
    if url.query().is_some() || url.fragment().is_some() || url.path() != "/" {
        return Err(bad("must not have a path, query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn draft() -> ConnectionDraft {
        ConnectionDraft {
            name: "Work".into(),
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: Some("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into()),
            region: "eu-west-1".into(),
            endpoint_url: None,
            path_style: false,
        }
    }

    fn field_of(d: &ConnectionDraft, is_new: bool) -> &'static str {
        match d.validate("id".into(), is_new).unwrap_err().kind() {
            ErrorKind::InvalidInput { field } => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_aws_draft_is_accepted_and_trimmed() {
        let mut d = draft();
        d.name = "  Work  ".into();
        let c = d.validate("id".into(), true).unwrap();
        assert_eq!(c.name, "Work", "surrounding spaces are not part of a name");
        assert_eq!(c.endpoint, None, "no endpoint URL means Amazon S3");
    }

    /// A change that spoils a good draft, and the field the error must name.
    type Spoil = (fn(&mut ConnectionDraft), &'static str);

    #[test]
    fn each_bad_field_is_named() {
        let cases: Vec<Spoil> = vec![
            (|d| d.name = " ".into(), "name"),
            (|d| d.name = "x".repeat(65), "name"),
            (|d| d.access_key_id = "".into(), "access_key_id"),
            (|d| d.access_key_id = "AK IA".into(), "access_key_id"),
            (|d| d.secret_access_key = Some("".into()), "secret_access_key"),
            (|d| d.secret_access_key = Some(" secret".into()), "secret_access_key"),
            (|d| d.region = "".into(), "region"),
            (|d| d.region = "EU West".into(), "region"),
            (|d| d.endpoint_url = Some("localhost:9000".into()), "endpoint_url"),
            (|d| d.endpoint_url = Some("ftp://example.com".into()), "endpoint_url"),
            (|d| d.endpoint_url = Some("https://example.com/bucket".into()), "endpoint_url"),
            (|d| d.endpoint_url = Some("https://user:pw@example.com".into()), "endpoint_url"),
        ];
        for (mutate, field) in cases {
            let mut d = draft();
            mutate(&mut d);
            assert_eq!(field_of(&d, true), field, "draft {d:?} must be refused for its {field}");
        }
    }

    #[test]
    fn a_new_connection_needs_a_secret_but_an_edit_may_keep_it() {
        let mut d = draft();
        d.secret_access_key = None;
        assert_eq!(field_of(&d, true), "secret_access_key");
        assert!(d.validate("id".into(), false).is_ok(), "editing without a new secret keeps the stored one");
    }

    #[test]
    fn endpoint_urls_are_normalised() {
        let mut d = draft();
        d.endpoint_url = Some("http://127.0.0.1:9000/".into());
        d.path_style = true;
        let c = d.validate("id".into(), true).unwrap();
        assert_eq!(c.endpoint, Some(Endpoint { url: "http://127.0.0.1:9000".into(), path_style: true }));
    }
}
