//! Which paths a sync looks at: globs to exclude and to include, as `rsync` and `.gitignore`
//! users write them, and hidden files on or off.
//!
//! A pattern without `/` matches a name at any depth (`*.tmp`, `node_modules`); one ending
//! in `/` matches folders only, at any depth (`.git/`); one with a `/` inside is anchored
//! at the synced folder (`build/cache`). `*` never crosses a `/`; `**` does.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct Filter {
    excludes: GlobSet,
    includes: Option<GlobSet>,
    hidden: bool,
}

impl Filter {
    /// `hidden`: also sync files and folders whose name starts with `.`.
    pub fn new(excludes: &[String], includes: &[String], hidden: bool) -> Result<Self> {
        let includes = if includes.is_empty() { None } else { Some(set(includes, "include")?) };
        Ok(Self { excludes: set(excludes, "exclude")?, includes, hidden })
    }

    /// Whether the folder at `path` (relative, `/`-separated, no trailing `/`) is walked at
    /// all: an excluded or hidden folder is skipped whole, never listed file by file.
    pub fn enters(&self, path: &str) -> bool {
        (self.hidden || !hidden(path)) && !self.excludes.is_match(format!("{path}/"))
    }

    /// Whether the file at `path` (relative, `/`-separated) is synced.
    pub fn takes(&self, path: &str) -> bool {
        if !self.hidden && path.split('/').any(hidden_name) {
            return false;
        }
        if self.excludes.is_match(path) || parents(path).any(|folder| self.excludes.is_match(format!("{folder}/"))) {
            return false;
        }
        self.includes.as_ref().is_none_or(|includes| includes.is_match(path))
    }
}

fn hidden_name(name: &str) -> bool {
    name.starts_with('.')
}

fn hidden(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(hidden_name)
}

/// `a/b/c.txt` → `a`, `a/b`.
fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(|(at, _)| &path[..at])
}

/// The globs of `patterns`; folders are matched as their path with a trailing `/`.
fn set(patterns: &[String], flag: &'static str) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim();
        let (body, folders_only) = match trimmed.strip_suffix('/') {
            Some(body) => (body, true),
            None => (trimmed, false),
        };
        let body = body.trim_start_matches('/');
        if body.is_empty() {
            return Err(Error::invalid(flag, format!("The pattern \"{pattern}\" matches nothing.")));
        }
        let anchored = body.contains('/');
        let mut globs = Vec::new();
        let at_any_depth = |g: String| if anchored { vec![g] } else { vec![g.clone(), format!("**/{g}")] };
        if folders_only {
            globs.extend(at_any_depth(format!("{body}/")));
        } else {
            globs.extend(at_any_depth(body.to_owned()));
            globs.extend(at_any_depth(format!("{body}/")));
        }
        for glob in globs {
            let glob = GlobBuilder::new(&glob).literal_separator(true).build().map_err(|e| {
                Error::invalid(flag, format!("The pattern \"{pattern}\" is not a glob: {}.", e.kind())).with_hint(
                    "Use * for any part of a name, ** for any folders, ? for one character, [abc] for one of a set.",
                )
            })?;
            builder.add(glob);
        }
    }
    builder.build().map_err(|e| Error::invalid(flag, format!("The patterns cannot be used: {e}.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(excludes: &[&str], includes: &[&str]) -> Filter {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Filter::new(&owned(excludes), &owned(includes), false).unwrap()
    }

    #[test]
    fn names_match_at_any_depth_and_folders_take_what_they_hold() {
        let f = filter(&["*.tmp", "node_modules", ".git/", "build/cache"], &[]);
        assert!(!f.takes("a.tmp") && !f.takes("deep/er/b.tmp"));
        assert!(f.takes("a.tmpl"), "a glob matches the whole name");
        assert!(!f.takes("web/node_modules/x/index.js"));
        assert!(!f.enters("web/node_modules"));
        assert!(!f.takes("build/cache/1.bin") && f.takes("src/build/cache/1.bin"), "anchored at the folder");
        assert!(f.takes("src/main.rs"));
    }

    #[test]
    fn hidden_files_are_left_out_unless_asked() {
        let f = filter(&[], &[]);
        assert!(!f.takes(".env") && !f.takes("a/.cache/x") && !f.enters("a/.cache"));
        let with_hidden = Filter::new(&[], &[], true).unwrap();
        assert!(with_hidden.takes(".env") && with_hidden.enters(".cache"));
    }

    #[test]
    fn includes_keep_only_what_they_match() {
        let f = filter(&["drafts/"], &["*.jpg"]);
        assert!(f.takes("2024/a.jpg") && !f.takes("2024/a.png") && !f.takes("drafts/b.jpg"));
    }

    #[test]
    fn a_broken_pattern_is_refused_with_the_flag_it_came_with() {
        let err = Filter::new(&["[abc".into()], &[], false).unwrap_err();
        assert!(matches!(err.kind(), crate::ErrorKind::InvalidInput { field: "exclude" }));
        assert!(err.message().contains("[abc"), "{}", err.message());
    }
}
