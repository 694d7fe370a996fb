//! How S3 splits a large object into parts, for multipart uploads and multipart copies:
//! parts of 5 MiB to 5 GiB (the last may be smaller), at most 10 000 of them.

pub const MIB: u64 = 1024 * 1024;
pub const MIN_PART_SIZE: u64 = 5 * MIB;
pub const MAX_PART_SIZE: u64 = 5 * 1024 * MIB;
pub const MAX_PARTS: u64 = 10_000;
/// S3's largest object: 5 TiB.
pub const MAX_OBJECT_SIZE: u64 = 5 * 1024 * 1024 * MIB;

/// The part size for an object of `total` bytes: `preferred` within S3's bounds, grown (in
/// whole MiB) when the object would otherwise need more than 10 000 parts.
pub fn part_size(total: u64, preferred: u64) -> u64 {
    let fits = total.div_ceil(MAX_PARTS).div_ceil(MIB) * MIB;
    preferred.max(fits).clamp(MIN_PART_SIZE, MAX_PART_SIZE)
}

/// One part: its number (from 1), where it starts, and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub number: i32,
    pub offset: u64,
    pub length: u64,
}

impl Part {
    /// The HTTP range of this part, inclusive, as UploadPartCopy and ranged GETs want it.
    pub fn range(&self) -> String {
        format!("bytes={}-{}", self.offset, self.offset + self.length - 1)
    }
}

/// The parts of an object of `total` bytes in parts of `size` bytes; one empty part for an
/// empty object.
pub fn parts(total: u64, size: u64) -> impl Iterator<Item = Part> {
    let count = total.div_ceil(size).max(1);
    (0..count).map(move |i| {
        let offset = i * size;
        Part { number: i as i32 + 1, offset, length: size.min(total - offset) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_size_respects_s3_limits() {
        assert_eq!(part_size(100 * MIB, 1), MIN_PART_SIZE, "below 5 MiB is raised");
        assert_eq!(part_size(100 * MIB, 16 * MIB), 16 * MIB, "the preference holds when it fits");
        let huge = 50 * 1024 * MIB;
        assert!(huge.div_ceil(part_size(huge, 5 * MIB)) <= MAX_PARTS, "50 GiB fits in 10 000 parts");
        assert!(MAX_OBJECT_SIZE.div_ceil(part_size(MAX_OBJECT_SIZE, 8 * MIB)) <= MAX_PARTS, "5 TiB fits too");
        assert_eq!(part_size(MAX_OBJECT_SIZE, 8 * 1024 * MIB), MAX_PART_SIZE, "never above 5 GiB");
    }

    #[test]
    fn parts_cover_the_object_exactly() {
        let all: Vec<_> = parts(12 * MIB + 3, 5 * MIB).collect();
        assert_eq!(all.len(), 3);
        assert_eq!(all[2], Part { number: 3, offset: 10 * MIB, length: 2 * MIB + 3 });
        assert_eq!(all.iter().map(|p| p.length).sum::<u64>(), 12 * MIB + 3);
        assert_eq!(all[0].range(), format!("bytes=0-{}", 5 * MIB - 1));
        assert_eq!(parts(0, 5 * MIB).collect::<Vec<_>>(), [Part { number: 1, offset: 0, length: 0 }]);
    }
}
