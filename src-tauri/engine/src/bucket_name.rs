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
    let problems = problems(name);
    if !problems.is_empty() {
        return Err(Error::invalid("name", problems.join(" ")));
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

/// Every rule `name` breaks, each as an instruction that fixes it ("Use lowercase letters
/// only."), so a person fixes them all at once rather than one per try.
pub fn problems(name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let chars = name.chars().count();
    if !(3..=63).contains(&name.len()) {
        problems.push(format!("Use 3 to 63 characters (this name has {chars})."));
    }
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        problems.push("Use lowercase letters only.".to_owned());
    }
    let mut others: Vec<char> = name
        .chars()
        .filter(|c| !(c.is_ascii_lowercase() || c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
        .collect();
    others.sort_unstable();
    others.dedup();
    if !others.is_empty() {
        let quoted: Vec<String> = others.iter().map(|c| format!("\"{c}\"")).collect();
        problems.push(format!(
            "Replace {}: only lowercase letters, digits, hyphens and dots are allowed.",
            quoted.join(", ")
        ));
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !name.is_empty() && (!alnum(name.chars().next()) || !alnum(name.chars().last())) {
        problems.push("Start and end with a letter or digit.".to_owned());
    }
    if name.contains("..") {
        problems.push("Do not put two dots in a row.".to_owned());
    }
    if name.contains(".-") || name.contains("-.") {
        problems.push("Do not put a dot next to a hyphen.".to_owned());
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        problems.push("Do not use an IP address as the name.".to_owned());
    }
    if let Some(prefix) = RESERVED_PREFIXES.iter().find(|p| name.starts_with(**p)) {
        problems.push(format!("Do not start with \"{prefix}\": S3 reserves it."));
    }
    if let Some(suffix) = RESERVED_SUFFIXES.iter().find(|s| name.ends_with(**s)) {
        problems.push(format!("Do not end with \"{suffix}\": S3 reserves it."));
    }
    problems
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
            ("ab", "Use 3 to 63 characters (this name has 2)."),
            (&"a".repeat(64) as &str, "Use 3 to 63"),
            ("My-Bucket", "Use lowercase letters only."),
            ("my_bucket", "Replace \"_\""),
            ("my bucket", "Replace \" \""),
            ("-bucket", "Start and end with a letter or digit."),
            ("bucket-", "Start and end"),
            (".bucket", "Start and end"),
            ("my..bucket", "two dots"),
            ("my.-bucket", "dot next to a hyphen"),
            ("my-.bucket", "dot next to a hyphen"),
            ("192.168.5.4", "IP address"),
            ("xn--bucket", "\"xn--\""),
            ("sthree-bucket", "\"sthree-\""),
            ("amzn-s3-demo-bucket", "\"amzn-s3-demo-\""),
            ("bucket-s3alias", "\"-s3alias\""),
            ("bucket--ol-s3", "\"--ol-s3\""),
            ("bucket.mrap", "\".mrap\""),
            ("bucket--x-s3", "\"--x-s3\""),
            ("bucket--table-s3", "\"--table-s3\""),
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
    fn every_problem_is_named_at_once() {
        assert_eq!(
            problems("My_Bucket..-"),
            [
                "Use lowercase letters only.",
                "Replace \"_\": only lowercase letters, digits, hyphens and dots are allowed.",
                "Start and end with a letter or digit.",
                "Do not put two dots in a row.",
                "Do not put a dot next to a hyphen.",
            ]
        );
        assert_eq!(
            problems("_a"),
            [
                "Use 3 to 63 characters (this name has 2).",
                "Replace \"_\": only lowercase letters, digits, hyphens and dots are allowed.",
                "Start and end with a letter or digit.",
            ]
        );
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
