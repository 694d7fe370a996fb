//! Whether a file and an object hold the same thing, by the comparison the sync asked for.
//! Size and time and size alone use only what a listing gives (no request per object);
//! content hashes the local file, with bounded memory, and compares it with the ETag.

use std::io::Read;
use std::path::Path;

use md5::{Digest, Md5};

use crate::parts::{self, MIB};

/// How a sync decides that a file and an object are the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Compare {
    /// Same size, and the side being copied from is not newer (to the second). Uploads
    /// leave the object newer than its file, and downloads give the file the object's time,
    /// so a second sync finds them the same from the listing alone.
    #[default]
    SizeAndTime,
    /// Same content: the file's MD5 against the object's ETag (for an object sent in
    /// parts, the ETag the usual part sizes would give). An object whose ETag matches no
    /// rule is compared by size and time.
    Content,
    /// Same size: for stores that keep no useful time or checksum.
    Size,
}

/// What a comparison found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Same,
    Changed,
    /// Compared by size and time instead of content, and why.
    SameByTime(&'static str),
    ChangedByTime(&'static str),
}

impl Verdict {
    pub fn same(&self) -> bool {
        matches!(self, Verdict::Same | Verdict::SameByTime(_))
    }
}

/// One side's state: bytes, modification time, and (for objects) the ETag.
#[derive(Debug, Clone, Copy)]
pub struct State<'a> {
    pub size: u64,
    pub modified_ms: i64,
    pub etag: Option<&'a str>,
}

/// Compares `from` (the side copied from) with `to`; `file` is the local file of the pair,
/// hashed for [`Compare::Content`].
pub fn compare(how: Compare, from: State<'_>, to: State<'_>, file: &Path, part_size: u64) -> Verdict {
    if from.size != to.size {
        return Verdict::Changed;
    }
    let by_time = || from.modified_ms.div_euclid(1000) <= to.modified_ms.div_euclid(1000);
    match how {
        Compare::Size => Verdict::Same,
        Compare::SizeAndTime => {
            if by_time() {
                Verdict::Same
            } else {
                Verdict::Changed
            }
        }
        Compare::Content => {
            let etag = from.etag.or(to.etag).map(|e| e.trim_matches('"'));
            match etag.map(|etag| matches_etag(file, from.size, etag, part_size)) {
                Some(Ok(true)) => Verdict::Same,
                Some(Ok(false)) => Verdict::Changed,
                _ if by_time() => Verdict::SameByTime(why_unknown(etag)),
                _ => Verdict::ChangedByTime(why_unknown(etag)),
            }
        }
    }
}

/// Why an ETag says nothing of the content.
fn why_unknown(etag: Option<&str>) -> &'static str {
    match etag {
        None => "the store gave no ETag",
        Some(e) if e.contains('-') => "sent in parts of a size these rules do not know",
        Some(_) => "its ETag is not an MD5 (encrypted with KMS, or a store of its own kind)",
    }
}

/// Whether the file's content gives `etag`: its MD5 for an object sent whole, or the MD5 of
/// its parts' MD5s and `-N` for one sent in N parts, trying the part sizes S3 tools use.
/// `Err` when no rule applies, so the ETag says nothing about the content.
fn matches_etag(file: &Path, size: u64, etag: &str, part_size: u64) -> Result<bool, ()> {
    let (hex, parts) = match etag.split_once('-') {
        Some((hex, n)) => (hex, n.parse::<u64>().map_err(drop)?),
        None => (etag, 0),
    };
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(());
    }
    if parts == 0 {
        return Ok(md5_of(file).map_err(drop)? == hex);
    }
    // Ours, then the AWS CLI's 8 MiB, SeaweedFS/MinIO clients' 5, 16 and 64 MiB.
    let mut sizes = vec![parts::part_size(size, part_size), 8 * MIB, 5 * MIB, 16 * MIB, 64 * MIB];
    sizes.sort_unstable();
    sizes.dedup();
    sizes.retain(|p| size.div_ceil(*p) == parts);
    if sizes.is_empty() {
        return Err(());
    }
    let wanted = format!("{hex}-{parts}");
    Ok(multipart_etags(file, &sizes).map_err(drop)?.contains(&wanted))
}

/// The MD5 of the whole file, in lowercase hex.
fn md5_of(file: &Path) -> std::io::Result<String> {
    let mut hasher = Md5::new();
    read_through(file, |bytes| hasher.update(bytes))?;
    Ok(hex(&hasher.finalize()))
}

/// The multipart ETag the file would have with each part size, reading it once.
fn multipart_etags(file: &Path, part_sizes: &[u64]) -> std::io::Result<Vec<String>> {
    struct Candidate {
        part_size: u64,
        in_part: u64,
        part: Md5,
        parts: Md5,
        count: u64,
    }
    let mut candidates: Vec<Candidate> = part_sizes
        .iter()
        .map(|&part_size| Candidate { part_size, in_part: 0, part: Md5::new(), parts: Md5::new(), count: 0 })
        .collect();
    read_through(file, |bytes| {
        for c in &mut candidates {
            let mut rest = bytes;
            while !rest.is_empty() {
                let take = ((c.part_size - c.in_part) as usize).min(rest.len());
                c.part.update(&rest[..take]);
                c.in_part += take as u64;
                rest = &rest[take..];
                if c.in_part == c.part_size {
                    c.parts.update(std::mem::replace(&mut c.part, Md5::new()).finalize());
                    c.in_part = 0;
                    c.count += 1;
                }
            }
        }
    })?;
    Ok(candidates
        .into_iter()
        .map(|mut c| {
            if c.in_part > 0 {
                c.parts.update(c.part.finalize());
                c.count += 1;
            }
            format!("{}-{}", hex(&c.parts.finalize()), c.count)
        })
        .collect())
}

/// Reads `file` a MiB at a time, giving each piece to `take`.
fn read_through(file: &Path, mut take: impl FnMut(&[u8])) -> std::io::Result<()> {
    let mut file = std::fs::File::open(file)?;
    let mut buffer = vec![0u8; MIB as usize];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            return Ok(());
        }
        take(&buffer[..read]);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(size: u64, modified_ms: i64, etag: Option<&str>) -> State<'_> {
        State { size, modified_ms, etag }
    }

    #[test]
    fn size_and_time_sends_only_what_is_newer_or_resized() {
        let file = Path::new("/nonexistent");
        let how = Compare::SizeAndTime;
        assert_eq!(compare(how, state(5, 1_000, None), state(5, 2_000, None), file, 8 * MIB), Verdict::Same);
        assert_eq!(
            compare(how, state(5, 1_999, None), state(5, 1_000, None), file, 8 * MIB),
            Verdict::Same,
            "the same second"
        );
        assert_eq!(compare(how, state(5, 3_000, None), state(5, 2_000, None), file, 8 * MIB), Verdict::Changed);
        assert_eq!(compare(how, state(6, 1_000, None), state(5, 2_000, None), file, 8 * MIB), Verdict::Changed);
        assert_eq!(compare(Compare::Size, state(5, 9_000, None), state(5, 1, None), file, 8 * MIB), Verdict::Same);
    }

    #[test]
    fn content_is_compared_with_the_etag_whole_or_in_parts() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, b"hello").unwrap();
        let md5 = "5d41402abc4b2a76b9719d911017c592"; // md5("hello")
        let how = Compare::Content;
        // Newer on the sending side, yet the same content: not sent again.
        assert_eq!(compare(how, state(5, 9_000, None), state(5, 1_000, Some(md5)), &file, 8 * MIB), Verdict::Same);
        let other = "00000000000000000000000000000000";
        assert_eq!(compare(how, state(5, 1_000, None), state(5, 9_000, Some(other)), &file, 8 * MIB), Verdict::Changed);

        // 12 MiB in 8 MiB parts, as the AWS CLI sends it.
        let big = dir.path().join("big");
        let body: Vec<u8> = (0..12 * MIB as usize).map(|i| (i % 251) as u8).collect();
        std::fs::write(&big, &body).unwrap();
        let part = |range: std::ops::Range<usize>| Md5::digest(&body[range]);
        let mut parts = Md5::new();
        parts.update(part(0..8 * MIB as usize));
        parts.update(part(8 * MIB as usize..body.len()));
        let etag = format!("{}-2", hex(&parts.finalize()));
        let size = body.len() as u64;
        assert_eq!(
            compare(how, state(size, 9_000, None), state(size, 1_000, Some(&etag)), &big, 5 * MIB),
            Verdict::Same
        );
        let unknown = "0123456789abcdef0123456789abcdef-7";
        assert!(matches!(
            compare(how, state(size, 9_000, None), state(size, 1_000, Some(unknown)), &big, 5 * MIB),
            Verdict::ChangedByTime(_)
        ));
    }
}
