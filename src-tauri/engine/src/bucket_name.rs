//! S3's rules for general purpose bucket names, checked before any call so the user hears
//! what is wrong while typing rather than from the server.

use crate::error::{Error, Result};

/// Prefixes and suffixes S3 reserves for its own kinds of names (access point aliases,
/// Object Lambda, directory buckets, table buckets, documentation examples…).
const RESERVED_PREFIXES: &[&str] = &["xn--", "sthree-", "sthree-configurator", "amzn-s3-demo-"];
const RESERVED_SUFFIXES: &[&str] = &["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/// A name S3 accepts; `warnings` say what the user may not expect of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedName {
    pub warnings: Vec<String>,
}

pub fn check(name: &str) -> Result<CheckedName> {
    let bad = |why: &str| Error::invalid("name", format!("A bucket name {why}."));
    let len = name.len();
    if !(3..=63).contains(&len) {
        return Err(bad(&format!("is 3 to 63 characters long; this one has {}", name.chars().count())));
    }
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.')) {
        let why = if c.is_ascii_uppercase() {
            "has no capital letters".to_owned()
        } else {
            format!("uses only lowercase letters, digits, hyphens and dots, not \"{c}\"")
        };
        return Err(bad(&why));
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !alnum(name.chars().next()) || !alnum(name.chars().last()) {
        return Err(bad("begins and ends with a letter or digit"));
    }
    if name.contains("..") {
        return Err(bad("has no two dots in a row"));
    }
    if name.contains(".-") || name.contains("-.") {
        return Err(bad("has no dot next to a hyphen"));
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return Err(bad("is not an IP address"));
    }
    if let Some(prefix) = RESERVED_PREFIXES.iter().find(|p| name.starts_with(**p)) {
        return Err(bad(&format!("cannot start with \"{prefix}\", which S3 reserves")));
    }
    if let Some(suffix) = RESERVED_SUFFIXES.iter().find(|s| name.ends_with(**s)) {
        return Err(bad(&format!("cannot end with \"{suffix}\", which S3 reserves")));
    }

    let mut warnings = Vec::new();
    if name.contains('.') {
        warnings.push(
            "Names with dots cannot use Transfer Acceleration, and HTTPS to bucket.s3.amazonaws.com fails its \
             certificate check, so clients must use path-style addresses. Hyphens avoid both."
                .to_owned(),
        );
    }
    Ok(CheckedName { warnings })
}

/// `name` with a random suffix, still within 63 characters: bucket names are global across
/// all AWS accounts, so common names are usually taken.
pub fn make_unique(name: &str) -> String {
    let suffix = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let stem: String = name.trim_end_matches(['-', '.']).chars().take(63 - suffix.len() - 1).collect();
    let stem = stem.trim_end_matches(['-', '.']);
    if stem.is_empty() {
        format!("bucket-{suffix}")
    } else {
        format!("{stem}-{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_s3_accepts() {
        for name in ["abc", "my-bucket", "logs.example.com", "a1b2c3", "0bucket9", &"a".repeat(63), "xn-a", "s3alias-x"]
        {
            assert!(check(name).is_ok(), "{name} is a valid bucket name: {:?}", check(name));
        }
    }

    #[test]
    fn names_s3_refuses_and_why() {
        let cases = [
            ("ab", "3 to 63"),
            (&"a".repeat(64) as &str, "3 to 63"),
            ("My-Bucket", "capital"),
            ("my_bucket", "\"_\""),
            ("my bucket", "\" \""),
            ("-bucket", "begins and ends"),
            ("bucket-", "begins and ends"),
            (".bucket", "begins and ends"),
            ("my..bucket", "two dots"),
            ("my.-bucket", "dot next to a hyphen"),
            ("my-.bucket", "dot next to a hyphen"),
            ("192.168.5.4", "IP address"),
            ("xn--bucket", "xn--"),
            ("sthree-bucket", "sthree-"),
            ("amzn-s3-demo-bucket", "amzn-s3-demo-"),
            ("bucket-s3alias", "-s3alias"),
            ("bucket--ol-s3", "--ol-s3"),
            ("bucket.mrap", ".mrap"),
            ("bucket--x-s3", "--x-s3"),
            ("bucket--table-s3", "--table-s3"),
            ("bücket", "\"ü\""),
        ];
        for (name, why) in cases {
            let err = check(name).expect_err(name);
            assert!(
                err.message().contains(why),
                "{name}: expected the reason to mention {why:?}, got {:?}",
                err.message()
            );
        }
    }

    #[test]
    fn dots_are_allowed_with_a_warning() {
        let checked = check("logs.example.com").unwrap();
        assert_eq!(checked.warnings.len(), 1);
        assert!(checked.warnings[0].contains("Transfer Acceleration"));
        assert!(check("logs-example").unwrap().warnings.is_empty());
    }

    #[test]
    fn unique_names_stay_valid() {
        for name in ["photos", &"a".repeat(63), "logs.example.com", "abc-"] {
            let unique = make_unique(name);
            assert!(check(&unique).is_ok(), "{unique} (from {name}) must itself be valid");
            assert_ne!(unique, name);
        }
    }
}
