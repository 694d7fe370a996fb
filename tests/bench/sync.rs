//! Benchmark: folder sync with the companion (`s3desk sync`, i.e. the engine) beside
//! `s5cmd sync`, `aws s3 sync` and `rclone sync`, against one local SeaweedFS in one run,
//! every request counted at a proxy in front of it. A tree of 10 000 files (S3DESK_BENCH_SYNC_FILES
//! to change), 1 KiB to 8 MiB, three folders deep; each tool, in turn and in a bucket of
//! its own, syncs it up (everything new), again (nothing changed), and after 1 % of the
//! files changed, 1 % added and 1 % deleted (extras deleted); then down into an empty
//! folder, again, and after the same changes made on the server. The table gives wall time,
//! the ratio to s5cmd, the requests by kind and the peak RSS from `/usr/bin/time -v`.
//!
//! Every tool runs as its users run it, with its defaults: rclone, for one, reads each
//! object's modification time with a HEAD when the sizes match.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use s3desk_tests::bench::{
    cache_note, measure, random_file, rclone_remote, remove_bucket, root, s5cmd, warm_bucket, with_keys, CountingProxy,
    MIB,
};
use s3desk_tests::{bin, seaweed, Server};

#[derive(Clone, Copy, PartialEq)]
enum Tool {
    S3Desk,
    S5cmd,
    Aws,
    Rclone,
}

const TOOLS: [Tool; 4] = [Tool::S3Desk, Tool::S5cmd, Tool::Aws, Tool::Rclone];

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::S3Desk => "s3desk sync",
            Tool::S5cmd => "s5cmd sync",
            Tool::Aws => "aws s3 sync",
            Tool::Rclone => "rclone sync",
        }
    }

    /// The command that makes `to` like `from` (one of them `s3://BUCKET/PREFIX`), deleting
    /// extras when `delete` (rclone's sync always does).
    fn command(self, server: &Server, endpoint: &str, from: &str, to: &str, delete: bool, scratch: &Path) -> Command {
        let command = match self {
            Tool::S3Desk => {
                let mut c = Command::new(root().join("target/release/s3desk"));
                c.arg("sync").args(delete.then_some("--delete")).args([from, to]);
                c.env("S3DESK_SANDBOX_ENDPOINT", endpoint);
                c.env("S3DESK_SANDBOX_ACCESS_KEY_ID", &server.access_key);
                c.env("S3DESK_SANDBOX_SECRET_ACCESS_KEY", &server.secret_key);
                c.env("S3DESK_CONFIG_DIR", scratch.join("config")).env("S3DESK_DATA_DIR", scratch.join("data"));
                c
            }
            Tool::S5cmd => {
                let mut c = Command::new(s5cmd());
                c.args(["--endpoint-url", endpoint, "sync"]).args(delete.then_some("--delete"));
                // s5cmd syncs a prefix's contents by wildcard.
                if from.starts_with("s3://") {
                    c.args([format!("{from}/*"), format!("{to}/")]);
                } else {
                    c.args([format!("{from}/"), format!("{to}/")]);
                }
                c
            }
            Tool::Aws => {
                let mut c = Command::new(bin("aws"));
                c.args(["--endpoint-url", endpoint, "s3", "sync", "--only-show-errors", from, to]);
                c.args(delete.then_some("--delete"));
                c
            }
            Tool::Rclone => {
                let mut c = Command::new("rclone");
                c.args(["sync", &rclone_remote(from), &rclone_remote(to), "--s3-no-check-bucket"]);
                return with_keys(c, server, Some(endpoint));
            }
        };
        with_keys(command, server, None)
    }
}

/// The tree's files: relative path and size, the same every run.
fn tree(files: usize) -> Vec<(String, u64)> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..files)
        .map(|n| {
            // Mostly small files, some larger, a few of several MiB.
            let size = match next() % 100 {
                0 => MIB + next() % (7 * MIB),
                1..=9 => 64 * 1024 + next() % (MIB - 64 * 1024),
                _ => 1024 + next() % (63 * 1024),
            };
            (format!("d{}/e{}/f{n:05}.bin", n % 10, (n / 10) % 10), size)
        })
        .collect()
}

/// Writes `files` under `dir`, each with the same old modification time.
fn write_tree(dir: &Path, files: &[(String, u64)]) {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600); // 2026-01-01
    for (name, size) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        random_file(&path, *size);
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(old).unwrap();
    }
}

/// 1 % changed (another size, now), 1 % added, 1 % deleted: the names touched, to undo.
fn change_local(dir: &Path, files: &[(String, u64)]) -> Vec<String> {
    let step = 100;
    let mut touched = Vec::new();
    for (n, (name, size)) in files.iter().enumerate().filter(|(n, _)| n % step == 0) {
        random_file(&dir.join(name), size + 1);
        touched.push(name.clone());
        let added = format!("added/a{n:05}.bin");
        std::fs::create_dir_all(dir.join("added")).unwrap();
        random_file(&dir.join(&added), 4096);
        touched.push(added);
    }
    for (name, _) in files.iter().skip(1).step_by(step) {
        std::fs::remove_file(dir.join(name)).unwrap();
        touched.push(name.clone());
    }
    touched
}

/// The same changes made on the server, under `prefix` of `bucket`, past the proxy.
async fn change_remote(server: &Server, bucket: &str, prefix: &str, files: &[(String, u64)]) {
    let peer = server.peer();
    for (n, (name, size)) in files.iter().enumerate().filter(|(n, _)| n % 100 == 2) {
        let body = vec![n as u8; (*size + 1) as usize];
        peer.put_object().bucket(bucket).key(format!("{prefix}/{name}")).body(body.into()).send().await.unwrap();
        let added = format!("{prefix}/added-remote/r{n:05}.bin");
        peer.put_object().bucket(bucket).key(added).body(vec![1u8; 4096].into()).send().await.unwrap();
    }
    for (name, _) in files.iter().skip(3).step_by(100) {
        peer.delete_object().bucket(bucket).key(format!("{prefix}/{name}")).send().await.unwrap();
    }
}

struct Row {
    case: &'static str,
    tool: Tool,
    seconds: f64,
    requests: String,
    total: u64,
    rss: f64,
}

#[tokio::main]
async fn main() {
    let server = seaweed();
    let proxy = CountingProxy::start(&server.endpoint);
    let files: usize = std::env::var("S3DESK_BENCH_SYNC_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let scratch = tempfile::tempdir_in(root().join("target")).unwrap();
    let (dir, base) = (scratch.path(), scratch.path().join("tree"));
    let listing = tree(files);
    let bytes: u64 = listing.iter().map(|(_, s)| s).sum();
    eprintln!("Preparing {files} files ({} MiB) in {}…", bytes / MIB, base.display());
    write_tree(&base, &listing);

    let mut rows = Vec::new();
    let mut run = |case: &'static str, tool: Tool, command: Command| {
        let _ = proxy.take();
        let (seconds, rss) = measure(command);
        let (counts, total) = proxy.take();
        let requests = counts.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ");
        rows.push(Row { case, tool, seconds, requests, total, rss });
    };
    for tool in TOOLS {
        let bucket = warm_bucket(server).await;
        let remote = format!("s3://{bucket}/tree");
        let local = base.to_string_lossy().into_owned();
        let command = |from: &str, to: &str, delete| tool.command(server, &proxy.endpoint, from, to, delete, dir);
        run("up: all new", tool, command(&local, &remote, false));
        run("up: no change", tool, command(&local, &remote, false));
        let touched = change_local(&base, &listing);
        run("up: 1% chg/add/del", tool, command(&local, &remote, true));
        // Back to the tree as it was, for the next tool.
        for name in touched {
            let _ = std::fs::remove_file(base.join(&name));
        }
        let _ = std::fs::remove_dir_all(base.join("added"));
        let undo: Vec<(String, u64)> = listing.iter().filter(|(n, _)| !base.join(n).exists()).cloned().collect();
        write_tree(&base, &undo);

        let down = dir.join(format!("down-{}", tool.name().replace(' ', "-")));
        let down_path = down.to_string_lossy().into_owned();
        run("down: all new", tool, command(&remote, &down_path, false));
        run("down: no change", tool, command(&remote, &down_path, false));
        change_remote(server, &bucket, "tree", &listing).await;
        run("down: 1% chg/add/del", tool, command(&remote, &down_path, true));
        std::fs::remove_dir_all(&down).unwrap();
        remove_bucket(server, &bucket).await;
    }

    println!(
        "Sync of {files} files ({} MiB) on SeaweedFS at {} (one run each; ratio to s5cmd; requests counted at a proxy; {})",
        bytes / MIB,
        server.endpoint,
        cache_note()
    );
    println!(
        "{:<22} {:<12} {:>9} {:>9} {:>9} {:>8}   requests",
        "case", "tool", "seconds", "vs s5cmd", "requests", "RSS MiB"
    );
    let cases: Vec<&str> = rows.iter().map(|r| r.case).fold(Vec::new(), |mut v, c| {
        if !v.contains(&c) {
            v.push(c);
        }
        v
    });
    for case in cases {
        let s5 = rows.iter().find(|r| r.case == case && r.tool == Tool::S5cmd).map_or(f64::NAN, |r| r.seconds);
        for row in rows.iter().filter(|r| r.case == case) {
            println!(
                "{:<22} {:<12} {:>9.2} {:>8.2}x {:>9} {:>8.1}   {}",
                row.case,
                row.tool.name(),
                row.seconds,
                s5 / row.seconds,
                row.total,
                row.rss,
                row.requests
            );
        }
    }
}
