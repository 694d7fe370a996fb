//! S3's rules for object tags, checked before any call so a bad set is refused with the
//! reason and nothing half-applied: at most 10 tags, unique keys, keys of 1 to 128 and values
//! of up to 256 Unicode characters, drawn from letters, digits, spaces and `+ - = . _ : / @`.

use crate::error::{Error, Result};

pub const MAX_TAGS: usize = 10;
pub const MAX_KEY_CHARS: usize = 128;
pub const MAX_VALUE_CHARS: usize = 256;

/// Checks a whole tag set as S3 would.
pub fn validate(tags: &[(String, String)]) -> Result<()> {
    if tags.len() > MAX_TAGS {
        return Err(Error::invalid(
            "tags",
            format!("An object can have at most {MAX_TAGS} tags; this set has {}.", tags.len()),
        ));
    }
    for (i, (key, value)) in tags.iter().enumerate() {
        let keys = key.chars().count();
        if keys == 0 || keys > MAX_KEY_CHARS {
            return Err(Error::invalid(
                "tags",
                format!("Tag keys must be 1 to {MAX_KEY_CHARS} characters; \"{key}\" has {keys}."),
            ));
        }
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(Error::invalid(
                "tags",
                format!("The value of tag \"{key}\" is longer than {MAX_VALUE_CHARS} characters."),
            ));
        }
        if let Some(c) = key.chars().chain(value.chars()).find(|c| !allowed(*c)) {
            return Err(Error::invalid(
                "tags",
                format!("Tag \"{key}\" contains \"{c}\", which S3 does not allow in tags."),
            )
            .with_hint("Use letters, digits, spaces and + - = . _ : / @."));
        }
        if key.starts_with("aws:") {
            return Err(Error::invalid(
                "tags",
                format!("Tag keys starting with \"aws:\" are reserved for AWS (\"{key}\")."),
            ));
        }
        if tags[..i].iter().any(|(k, _)| k == key) {
            return Err(Error::invalid("tags", format!("The tag key \"{key}\" appears twice; keys must be unique.")));
        }
    }
    Ok(())
}

fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || "+-=._:/@".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// A tag set, and what its refusal must say (`None`: accepted).
    type Case = (Vec<(String, String)>, Option<&'static str>);

    #[test]
    fn s3_limits_table() {
        let long_key = "k".repeat(129);
        let max_key = "k".repeat(128);
        let long_value = "v".repeat(257);
        let eleven: Vec<_> = (0..11).map(|i| (format!("k{i}"), String::new())).collect();
        let ten: Vec<_> = eleven[..10].to_vec();
        let cases: Vec<Case> = vec![
            (tags(&[("team", "r&d")]), Some("contains \"&\"")),
            (tags(&[("team", "data science"), ("stage", "v1.2:final/@x+y=z_")]), None),
            (tags(&[("Ünïcode", "✓")]), Some("contains \"✓\"")),
            (tags(&[("Ünïcode", "ça va")]), None),
            (tags(&[("", "x")]), Some("1 to 128")),
            (tags(&[(&long_key, "x")]), Some("1 to 128")),
            (tags(&[(&max_key, "x")]), None),
            (tags(&[("k", &long_value)]), Some("longer than 256")),
            (tags(&[("a", "1"), ("a", "2")]), Some("appears twice")),
            (tags(&[("aws:cloudformation", "x")]), Some("reserved")),
            (eleven, Some("at most 10")),
            (ten, None),
        ];
        for (set, problem) in cases {
            match (validate(&set), problem) {
                (Ok(()), None) => {}
                (Err(e), Some(p)) => assert!(e.message().contains(p), "{set:?}: {}", e.message()),
                (result, _) => panic!("{set:?}: expected {problem:?}, got {result:?}"),
            }
        }
    }
}
