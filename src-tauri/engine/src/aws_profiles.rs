//! The profiles of the AWS shared config and credentials files (`~/.aws/config`,
//! `~/.aws/credentials`, or where `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` point),
//! and the credentials the environment itself holds (what aws-config's default chain finds
//! before any profile). Only names, regions and sources are read here, to list them; using
//! one goes through aws-config's own loader, which understands SSO, roles and credential
//! processes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsProfile {
    pub name: String,
    /// The profile's `region`, when its config section sets one.
    pub region: Option<String>,
    /// `AWS_PROFILE` names this one, so tools such as the aws cli use it by default.
    pub is_default: bool,
}

/// Profiles from the files the environment points at, sorted by name.
pub fn list() -> Vec<AwsProfile> {
    let home = dirs::home_dir().unwrap_or_default();
    let config = env_path("AWS_CONFIG_FILE").unwrap_or_else(|| home.join(".aws/config"));
    let credentials = env_path("AWS_SHARED_CREDENTIALS_FILE").unwrap_or_else(|| home.join(".aws/credentials"));
    let selected = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".into());
    from_files(&config, &credentials, &selected)
}

/// Credentials the environment holds, as the default chain would find them first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsEnvironment {
    pub source: EnvironmentSource,
    /// `AWS_REGION` or `AWS_DEFAULT_REGION`.
    pub region: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvironmentSource {
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and perhaps `AWS_SESSION_TOKEN`).
    AccessKeys,
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN` (EKS, GitHub Actions).
    WebIdentity,
    /// `AWS_CONTAINER_CREDENTIALS_*` (ECS).
    ContainerRole,
}

impl EnvironmentSource {
    /// The connection's name, as a person recognises where the keys come from.
    pub fn name(self) -> &'static str {
        match self {
            EnvironmentSource::AccessKeys => "Environment keys",
            EnvironmentSource::WebIdentity => "Web identity role",
            EnvironmentSource::ContainerRole => "Container role",
        }
    }
}

/// The environment's credentials, if it has any: access keys in variables, a web identity
/// token (EKS, GitHub Actions), or a container role (ECS). An EC2 instance role is not
/// looked for: finding one means asking the instance metadata service, which elsewhere only
/// times out.
pub fn environment() -> Option<AwsEnvironment> {
    environment_from(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
}

pub(crate) fn environment_from(var: impl Fn(&str) -> Option<String>) -> Option<AwsEnvironment> {
    let source = if var("AWS_ACCESS_KEY_ID").is_some() && var("AWS_SECRET_ACCESS_KEY").is_some() {
        EnvironmentSource::AccessKeys
    } else if var("AWS_WEB_IDENTITY_TOKEN_FILE").is_some() && var("AWS_ROLE_ARN").is_some() {
        EnvironmentSource::WebIdentity
    } else if var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").is_some()
        || var("AWS_CONTAINER_CREDENTIALS_FULL_URI").is_some()
    {
        EnvironmentSource::ContainerRole
    } else {
        return None;
    };
    Some(AwsEnvironment { source, region: var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")) })
}

fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from)
}

pub(crate) fn from_files(config: &Path, credentials: &Path, selected: &str) -> Vec<AwsProfile> {
    let mut regions: BTreeMap<String, Option<String>> = BTreeMap::new();
    // In the config file profiles are `[profile name]` (but `[default]`); `[sso-session x]`
    // and `[services x]` sections are not profiles.
    for (section, region) in sections(&std::fs::read_to_string(config).unwrap_or_default()) {
        let name = match section.split_once(char::is_whitespace) {
            Some(("profile", name)) => name.trim().to_owned(),
            None if section == "default" => section,
            _ => continue,
        };
        regions.insert(name, region);
    }
    // In the credentials file every section is a profile, named plainly.
    for (name, _) in sections(&std::fs::read_to_string(credentials).unwrap_or_default()) {
        regions.entry(name).or_insert(None);
    }
    regions.into_iter().map(|(name, region)| AwsProfile { is_default: name == selected, name, region }).collect()
}

/// `(section name, region)` for each `[section]` of an INI-style AWS file.
fn sections(text: &str) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push((header.trim().to_owned(), None));
        } else if let (Some((key, value)), Some(last)) = (line.split_once('='), out.last_mut()) {
            if key.trim() == "region" {
                last.1 = Some(value.trim().to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_come_from_both_files_with_regions_from_config() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        let credentials = dir.path().join("credentials");
        std::fs::write(
            &config,
            "[default]\nregion = eu-west-1\n\n[profile dev]\nsso_session = corp\nregion=us-east-2\n\n[sso-session corp]\nsso_region = us-east-1\n",
        )
        .unwrap();
        std::fs::write(&credentials, "[default]\naws_access_key_id = AKIA\n[ci]\naws_access_key_id = AKIB\n").unwrap();

        let profiles = from_files(&config, &credentials, "dev");
        assert_eq!(
            profiles,
            vec![
                AwsProfile { name: "ci".into(), region: None, is_default: false },
                AwsProfile { name: "default".into(), region: Some("eu-west-1".into()), is_default: false },
                AwsProfile { name: "dev".into(), region: Some("us-east-2".into()), is_default: true },
            ],
            "sso-session sections are not profiles; credentials-only profiles are listed too"
        );
    }

    #[test]
    fn the_environment_names_where_its_credentials_come_from() {
        let with = |pairs: &'static [(&'static str, &'static str)]| {
            environment_from(|name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
        };
        assert_eq!(with(&[]), None);
        assert_eq!(with(&[("AWS_ACCESS_KEY_ID", "AKIA")]), None, "a key id without its secret is no credential");
        assert_eq!(
            with(&[("AWS_ACCESS_KEY_ID", "AKIA"), ("AWS_SECRET_ACCESS_KEY", "s"), ("AWS_DEFAULT_REGION", "eu-west-3")]),
            Some(AwsEnvironment { source: EnvironmentSource::AccessKeys, region: Some("eu-west-3".into()) })
        );
        assert_eq!(
            with(&[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"),
                ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r"),
                ("AWS_REGION", "us-west-2")
            ]),
            Some(AwsEnvironment { source: EnvironmentSource::WebIdentity, region: Some("us-west-2".into()) })
        );
        assert_eq!(
            with(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x")]).map(|e| e.source),
            Some(EnvironmentSource::ContainerRole)
        );
    }

    #[test]
    fn missing_files_mean_no_profiles() {
        let dir = tempfile::tempdir().unwrap();
        assert!(from_files(&dir.path().join("a"), &dir.path().join("b"), "default").is_empty());
    }
}
