//! `s3://bucket/key` or a local path: the two ends of a `cp` or a `sync`.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Local(PathBuf),
    Remote { bucket: String, key: String },
}

impl Location {
    /// A command's source and destination, parsed (an error names the one at fault).
    pub fn ends(source: &str, destination: &str) -> Result<(Self, Self), s3desk_engine::Error> {
        let from = Self::parse(source).map_err(|m| s3desk_engine::Error::invalid("source", m))?;
        let to = Self::parse(destination).map_err(|m| s3desk_engine::Error::invalid("destination", m))?;
        Ok((from, to))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let Some(rest) = text.strip_prefix("s3://") else { return Ok(Self::Local(text.into())) };
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(format!("{text} names no bucket; write s3://BUCKET/KEY."));
        }
        Ok(Self::Remote { bucket: bucket.to_owned(), key: key.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_and_local_locations() {
        assert_eq!(
            Location::parse("s3://b/a/k e y").unwrap(),
            Location::Remote { bucket: "b".into(), key: "a/k e y".into() }
        );
        assert_eq!(Location::parse("s3://b").unwrap(), Location::Remote { bucket: "b".into(), key: "".into() });
        assert_eq!(Location::parse("./x").unwrap(), Location::Local("./x".into()));
        assert!(Location::parse("s3:///k").is_err());
    }
}
