//! Benchmark: uploads and downloads with the companion (`s3desk cp`, i.e. the engine) beside
//! the aws cli, s5cmd and rclone, against one local SeaweedFS in one run. For a 100 MiB file,
//! a 1 GiB file and a folder of 1000 files of 64 KiB, each tool uploads and downloads; the
//! table gives MiB/s, the ratio to s5cmd and the peak RSS from `/usr/bin/time -v`. Then our
//! peak RSS for a 4 GiB file (S3DESK_BENCH_HUGE_GIB to change, 0 to skip). Client and server
//! share the machine's cores: compare ratios within one run, never times across runs.
//!
//! One run of a tool can be twice as fast as the next (the page cache, the server's volume
//! growth, the other core's load), so every tool runs S3DESK_BENCH_ROUNDS times (5 unless
//! set), the tools taking turns (each round in a new bucket, started by the next tool), and
//! the table gives each tool's median speed and its highest peak RSS.

use std::path::{Path, PathBuf};
use std::process::Command;

use s3desk_tests::bench::{
    cache_note, dir_size, measure, median, random_file, rclone_remote, remove_bucket, root, s5cmd, warm_bucket,
    with_keys, MIB,
};
use s3desk_tests::{bin, seaweed, Server};

struct Case {
    name: &'static str,
    /// A file, or a folder of files.
    source: PathBuf,
    bytes: u64,
    folder: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Tool {
    S3Desk,
    Aws,
    S5cmd,
    Rclone,
}

const TOOLS: [Tool; 4] = [Tool::S3Desk, Tool::S5cmd, Tool::Aws, Tool::Rclone];

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::S3Desk => "s3desk cp",
            Tool::Aws => "aws s3 cp",
            Tool::S5cmd => "s5cmd cp",
            Tool::Rclone => "rclone copy",
        }
    }

    /// The command that copies `from` to `to` (one of them `s3://…`), a folder when `folder`.
    fn command(self, server: &Server, from: &str, to: &str, folder: bool, scratch: &Path) -> Command {
        let command = match self {
            Tool::S3Desk => {
                let mut c = Command::new(root().join("target/release/s3desk"));
                c.args(["cp", from, to]).env("S3DESK_SANDBOX_ENDPOINT", &server.endpoint);
                c.env("S3DESK_SANDBOX_ACCESS_KEY_ID", &server.access_key);
                c.env("S3DESK_SANDBOX_SECRET_ACCESS_KEY", &server.secret_key);
                c.env("S3DESK_CONFIG_DIR", scratch.join("config")).env("S3DESK_DATA_DIR", scratch.join("data"));
                if folder {
                    c.arg("-r");
                }
                c
            }
            Tool::Aws => {
                let mut c = Command::new(bin("aws"));
                c.args(["--endpoint-url", &server.endpoint, "s3", "cp", "--only-show-errors", from, to]);
                if folder {
                    c.arg("--recursive");
                }
                c
            }
            Tool::S5cmd => {
                let mut c = Command::new(s5cmd());
                c.args(["--endpoint-url", &server.endpoint, "cp"]);
                // s5cmd copies a folder's contents by wildcard.
                if folder {
                    c.args([&format!("{from}/*"), &format!("{to}/")]);
                } else {
                    c.args([from, to]);
                }
                c
            }
            Tool::Rclone => {
                let mut c = Command::new("rclone");
                c.args([
                    if folder { "copy" } else { "copyto" },
                    &rclone_remote(from),
                    &rclone_remote(to),
                    "--s3-no-check-bucket",
                ]);
                return with_keys(c, server, Some(&server.endpoint));
            }
        };
        with_keys(command, server, None)
    }
}

/// One tool's speeds (MiB/s) over the rounds of one case, and its highest peak RSS (MiB).
#[derive(Default)]
struct Runs {
    up: Vec<f64>,
    down: Vec<f64>,
    up_rss: f64,
    down_rss: f64,
}

impl Runs {
    fn add(&mut self, up: f64, up_rss: f64, down: f64, down_rss: f64) {
        self.up.push(up);
        self.down.push(down);
        self.up_rss = self.up_rss.max(up_rss);
        self.down_rss = self.down_rss.max(down_rss);
    }
}

#[tokio::main]
async fn main() {
    let server = seaweed();
    let scratch = tempfile::tempdir_in(root().join("target")).unwrap();
    let dir = scratch.path();

    eprintln!("Preparing test files in {}…", dir.display());
    random_file(&dir.join("100MiB.bin"), 100 * MIB);
    random_file(&dir.join("1GiB.bin"), 1024 * MIB);
    let folder = dir.join("files");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..1000 {
        random_file(&folder.join(format!("f{i:04}.bin")), 64 * 1024);
    }
    let cases = [
        Case { name: "100 MiB file", source: dir.join("100MiB.bin"), bytes: 100 * MIB, folder: false },
        Case { name: "1 GiB file", source: dir.join("1GiB.bin"), bytes: 1024 * MIB, folder: false },
        Case { name: "1000 × 64 KiB", source: folder.clone(), bytes: 1000 * 64 * 1024, folder: true },
    ];

    let rounds: usize = std::env::var("S3DESK_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5).max(1);
    println!(
        "Transfers on SeaweedFS at {} (median MiB/s of {rounds} rounds; ratio to s5cmd; highest peak RSS; {})",
        server.endpoint,
        cache_note()
    );
    println!(
        "{:<15} {:<12} {:>10} {:>10} {:>10}   {:>10} {:>10} {:>10}",
        "case", "tool", "up MiB/s", "vs s5cmd", "RSS MiB", "down MiB/s", "vs s5cmd", "RSS MiB"
    );
    // S3DESK_BENCH_CASES="1 GiB file" runs only the cases it names (comma-separated).
    let only = std::env::var("S3DESK_BENCH_CASES").unwrap_or_default();
    let wanted = |case: &Case| only.is_empty() || only.split(',').any(|name| name.trim() == case.name);
    for case in cases.iter().filter(|c| wanted(c)) {
        let mib = case.bytes as f64 / MIB as f64;
        let mut runs: Vec<Runs> = TOOLS.iter().map(|_| Runs::default()).collect();
        for round in 0..rounds {
            let bucket = warm_bucket(server).await;
            // Each round another tool goes first, so that none always meets a fresh bucket.
            for n in (0..TOOLS.len()).map(|i| (i + round) % TOOLS.len()) {
                let tool = TOOLS[n];
                let remote = format!("s3://{bucket}/{n}");
                let local = case.source.to_string_lossy().into_owned();
                let (up_s, up_rss) = measure(tool.command(server, &local, &remote, case.folder, dir));
                let back = dir.join(format!("back-{n}"));
                let (down_s, down_rss) =
                    measure(tool.command(server, &remote, &back.to_string_lossy(), case.folder, dir));
                assert_eq!(dir_size(&back), case.bytes, "{} downloaded every byte of {}", tool.name(), case.name);
                let _ = std::fs::remove_dir_all(&back).or_else(|_| std::fs::remove_file(&back));
                // Each run as it goes, for whoever wants more than the medians.
                eprintln!(
                    "  {} round {round}, {}: up {:.1} MiB/s, down {:.1} MiB/s",
                    case.name,
                    tool.name(),
                    mib / up_s,
                    mib / down_s
                );
                runs[n].add(mib / up_s, up_rss, mib / down_s, down_rss);
            }
            remove_bucket(server, &bucket).await;
        }
        let s5 = &runs[TOOLS.iter().position(|t| *t == Tool::S5cmd).unwrap()];
        let (s5_up, s5_down) = (median(&s5.up), median(&s5.down));
        for (tool, runs) in TOOLS.into_iter().zip(&runs) {
            let (up, down) = (median(&runs.up), median(&runs.down));
            println!(
                "{:<15} {:<12} {up:>10.1} {:>9.2}x {:>10.1}   {down:>10.1} {:>9.2}x {:>10.1}",
                case.name,
                tool.name(),
                up / s5_up,
                runs.up_rss,
                down / s5_down,
                runs.down_rss
            );
        }
    }

    let huge_gib: u64 = std::env::var("S3DESK_BENCH_HUGE_GIB").ok().and_then(|v| v.parse().ok()).unwrap_or(4);
    if huge_gib > 0 {
        let bucket = warm_bucket(server).await;
        let huge = dir.join("huge.bin");
        random_file(&huge, huge_gib * 1024 * MIB);
        let remote = format!("s3://{bucket}/huge.bin");
        let (up_s, up_rss) = measure(Tool::S3Desk.command(server, &huge.to_string_lossy(), &remote, false, dir));
        std::fs::remove_file(&huge).unwrap();
        let (down_s, down_rss) = measure(Tool::S3Desk.command(server, &remote, &huge.to_string_lossy(), false, dir));
        let mib = (huge_gib * 1024) as f64;
        println!(
            "{huge_gib} GiB file, s3desk cp: up {:.1} MiB/s, peak RSS {up_rss:.1} MiB; down {:.1} MiB/s, peak RSS {down_rss:.1} MiB",
            mib / up_s,
            mib / down_s
        );
        remove_bucket(server, &bucket).await;
    }
}
