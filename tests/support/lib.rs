//! Real S3 servers on loopback for the integration tests: moto for the control plane and
//! SeaweedFS for signatures and data. Each test binary starts a server the first time a test
//! asks for it, on a free port, and shares it between its tests (they use distinct bucket
//! names). A server dies with the test process however that ends: it runs under a small shell
//! guard that waits on a pipe from us and kills the server when the pipe closes.

pub mod bench;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};

/// moto accepts any keys; these are the documented example keys.
pub const MOTO_ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
pub const MOTO_SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

pub struct Server {
    pub endpoint: String,
    pub access_key: String,
    pub secret_key: String,
    // Held only so the guard's pipe stays open (and the data folder exists) while we live.
    _guard: Mutex<Child>,
    _dir: tempfile::TempDir,
}

/// The shared moto server of this test process.
pub fn moto() -> &'static Server {
    static MOTO: OnceLock<Server> = OnceLock::new();
    MOTO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let (guard, _lines) = start(&bin("moto_server"), &["-H", "127.0.0.1", "-p", &port.to_string()], &dir);
        wait_until_serving(port, &dir);
        Server {
            endpoint: format!("http://127.0.0.1:{port}"),
            access_key: MOTO_ACCESS_KEY.into(),
            secret_key: MOTO_SECRET_KEY.into(),
            _guard: Mutex::new(guard),
            _dir: dir,
        }
    })
}

/// The shared SeaweedFS server of this test process, started by `.ci/sandbox.sh` (the
/// same script that runs the app's sandbox) in a temporary folder.
pub fn seaweed() -> &'static Server {
    static SEAWEED: OnceLock<Server> = OnceLock::new();
    SEAWEED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.ci/sandbox.sh");
        let folder = dir.path().join("sandbox").display().to_string();
        let (guard, lines) = start(&script, &[&folder], &dir);
        // The script prints the address and keys once the server answers.
        let value = |name: &str| {
            let line = lines.recv_timeout(Duration::from_secs(90)).unwrap_or_else(|_| {
                panic!("sandbox.sh printed no {name}; see {}", dir.path().join("server.log").display())
            });
            line.strip_prefix(&format!("{name}=")).unwrap_or_else(|| panic!("expected {name}=…, got {line}")).to_owned()
        };
        Server {
            endpoint: value("S3DESK_SANDBOX_ENDPOINT"),
            access_key: value("S3DESK_SANDBOX_ACCESS_KEY_ID"),
            secret_key: value("S3DESK_SANDBOX_SECRET_ACCESS_KEY"),
            _guard: Mutex::new(guard),
            _dir: dir,
        }
    })
}

/// Starts `program` under a guard and returns the guard and the program's stdout lines.
/// The guard's `cat` returns when our end of its stdin closes, i.e. when this process exits
/// for any reason; the guard then stops the server and deletes its folder (the servers live
/// in statics, which are never dropped, so their `TempDir`s never clean up by themselves).
fn start(program: &Path, args: &[&str], dir: &tempfile::TempDir) -> (Child, mpsc::Receiver<String>) {
    let guard_script = r#""$@" 2>"$LOG" </dev/null & server=$!; cat >/dev/null; kill $server 2>/dev/null; wait $server; rm -rf "$DIR""#;
    let mut guard = Command::new("sh")
        .arg("-c")
        .arg(guard_script)
        .arg("guard")
        .arg(program)
        .args(args)
        .env("LOG", dir.path().join("server.log"))
        .env("DIR", dir.path())
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    let stdout = BufReader::new(guard.stdout.take().unwrap());
    let (send, receive) = mpsc::channel();
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    (guard, receive)
}

/// Waits until the server answers HTTP on `port`.
fn wait_until_serving(port: u16, dir: &tempfile::TempDir) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    while Instant::now() < deadline {
        if let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let _ = stream.write_all(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
            let mut head = [0u8; 8];
            if stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.") {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
    panic!("the S3 server on port {port} did not start within 60 s; its log:\n{log}");
}

/// A port free on loopback now (a race with other processes is possible but unlikely).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A program of the project's Python environment (`.venv/bin`, or `$S3DESK_VENV/bin`).
pub fn bin(name: &str) -> PathBuf {
    let venv = std::env::var_os("S3DESK_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv"));
    let path = venv.join("bin").join(name);
    assert!(path.exists(), "{} is missing: run .ci/setup.sh first (it makes the .venv)", path.display());
    path
}

/// A bucket name no other test of this run uses.
pub fn unique_bucket(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

impl Server {
    /// A plain SDK client for this server, to prepare and check state independently of the engine.
    pub fn peer(&self) -> aws_sdk_s3::Client {
        self.peer_in("us-east-1")
    }

    /// What a saved connection to this server resolves to in the engine.
    pub fn target(&self) -> s3desk_engine::catalog::Target {
        s3desk_engine::catalog::Target {
            name: "test".into(),
            region: "us-east-1".into(),
            endpoint: Some(s3desk_engine::connection::Endpoint { url: self.endpoint.clone(), path_style: true }),
            credentials: s3desk_engine::catalog::Credentials::Static {
                access_key_id: self.access_key.clone(),
                secret_access_key: self.secret_key.clone(),
            },
        }
    }

    /// Puts `count` one-byte objects `dir/00000.txt`… into `bucket`, 32 at a time.
    pub async fn put_many(&self, bucket: &str, count: usize) {
        use futures_util::{stream, StreamExt};
        let peer = self.peer();
        stream::iter(0..count)
            .map(|i| {
                let peer = peer.clone();
                async move {
                    peer.put_object()
                        .bucket(bucket)
                        .key(format!("dir/{i:05}.txt"))
                        .body(aws_sdk_s3::primitives::ByteStream::from_static(b"x"))
                        .send()
                        .await
                }
            })
            .buffer_unordered(32)
            .for_each(|r| async move {
                r.expect("a put to the local server succeeds");
            })
            .await;
    }

    /// The aws cli against this server with these keys and no user configuration; `args`
    /// come after `--endpoint-url`. The peer tool of the benchmarks.
    pub fn aws(&self, args: &[&str]) -> std::process::Output {
        Command::new(bin("aws"))
            .args(["--endpoint-url", &self.endpoint])
            .args(args)
            .env("AWS_ACCESS_KEY_ID", &self.access_key)
            .env("AWS_SECRET_ACCESS_KEY", &self.secret_key)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
            .expect("the aws cli runs")
    }

    /// The same, signing for `region` (moto files buckets under the signing region).
    pub fn peer_in(&self, region: &str) -> aws_sdk_s3::Client {
        client(&self.endpoint, &self.access_key, &self.secret_key, region)
    }
}

pub fn sdk_client(endpoint: &str, access_key: &str, secret_key: &str) -> aws_sdk_s3::Client {
    client(endpoint, access_key, secret_key, "us-east-1")
}

fn client(endpoint: &str, access_key: &str, secret_key: &str, region: &str) -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials_provider(Credentials::new(access_key, secret_key, None, None, "tests"))
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// A loopback HTTP server that answers every request with `status` and the XML `body`, for
/// the few answers no local S3 server gives, and keeps each request's head (request line and
/// headers) for the test to read. It lives as long as the test process.
pub struct Canned {
    pub endpoint: String,
    requests: std::sync::Arc<Mutex<Vec<String>>>,
}

impl Canned {
    /// The heads of the requests received so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

pub fn canned_http(status: &str, body: impl Into<String>) -> Canned {
    let body: String = body.into();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let requests = std::sync::Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            // Read the request head (and whatever body came with it) before answering.
            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
            let mut buf = [0u8; 16384];
            let read = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..read]);
            seen.lock().unwrap().push(request.split("\r\n\r\n").next().unwrap_or_default().to_owned());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    Canned { endpoint, requests }
}

/// Counts the S3 operations a client makes, by name (`DeleteObjects`, `ListObjectsV2`, …),
/// once per operation as the SDK serializes it, so retries are not counted twice.
#[derive(Debug, Clone, Default)]
pub struct CountOperations(std::sync::Arc<Mutex<std::collections::BTreeMap<String, usize>>>);

impl CountOperations {
    pub fn get(&self, operation: &str) -> usize {
        self.0.lock().unwrap().get(operation).copied().unwrap_or(0)
    }

    pub fn all(&self) -> std::collections::BTreeMap<String, usize> {
        self.0.lock().unwrap().clone()
    }

    /// Starts counting again from nothing.
    pub fn reset(&self) {
        self.0.lock().unwrap().clear();
    }
}

impl aws_sdk_s3::config::Intercept for CountOperations {
    fn name(&self) -> &'static str {
        "CountOperations"
    }

    fn read_before_serialization(
        &self,
        _context: &aws_sdk_s3::config::interceptors::BeforeSerializationInterceptorContextRef<'_>,
        _components: &aws_sdk_s3::config::RuntimeComponents,
        cfg: &mut aws_sdk_s3::config::ConfigBag,
    ) -> Result<(), aws_sdk_s3::error::BoxError> {
        if let Some(metadata) = cfg.load::<aws_smithy_runtime_api::client::orchestrator::Metadata>() {
            *self.0.lock().unwrap().entry(metadata.name().to_owned()).or_default() += 1;
        }
        Ok(())
    }
}

/// A TCP proxy on loopback in front of a server, that misbehaves as networks do: it can
/// cut every `drop_every`-th connection after `drop_after` bytes in either direction, and slow
/// every connection to `bytes_per_second`. For the transfer engine's reliability tests.
pub struct FaultyProxy {
    pub endpoint: String,
    dropped: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Faults {
    pub drop_every: usize,
    pub drop_after: u64,
    pub bytes_per_second: Option<u64>,
}

impl FaultyProxy {
    pub fn start(upstream: &str, faults: Faults) -> Self {
        let upstream: SocketAddr = upstream.trim_start_matches("http://").parse().expect("an http://IP:PORT endpoint");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let dropped = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = dropped.clone();
        std::thread::spawn(move || {
            for (n, client) in listener.incoming().map_while(Result::ok).enumerate() {
                let Ok(server) = TcpStream::connect(upstream) else { continue };
                let faulty = faults.drop_every > 0 && (n + 1) % faults.drop_every == 0;
                let limit = faulty.then_some(faults.drop_after);
                let (c, s) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                for (from, to) in [(client, server), (s, c)] {
                    let counter = counter.clone();
                    std::thread::spawn(move || {
                        if !pump(from, to, limit, faults.bytes_per_second) {
                            counter.fetch_add(1, Ordering::SeqCst);
                        }
                    });
                }
            }
        });
        Self { endpoint, dropped }
    }

    /// Connections cut so far.
    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::SeqCst)
    }
}

/// Copies `from` to `to` until either closes; returns `false` if it cut the connection
/// after `limit` bytes.
fn pump(mut from: TcpStream, mut to: TcpStream, limit: Option<u64>, bytes_per_second: Option<u64>) -> bool {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    let started = Instant::now();
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        total += n as u64;
        if limit.is_some_and(|l| total > l) {
            let _ = from.shutdown(std::net::Shutdown::Both);
            let _ = to.shutdown(std::net::Shutdown::Both);
            return false;
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
        if let Some(rate) = bytes_per_second {
            let due = Duration::from_secs_f64(total as f64 / rate as f64);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Write);
    true
}

/// How a [`mute`] server misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mute {
    /// Accepts each connection, reads the request, and never answers.
    NeverAnswers,
    /// Answers every request with a 200 head announcing a 10 MiB body, sends 1 KiB of it,
    /// then sends nothing more while keeping the connection open.
    StallsTheBody,
}

/// A loopback server that misbehaves as `how` says, for the one thing no real server does
/// on purpose: stop answering. Its endpoint; it lives as long as the test process.
pub fn mute(how: Mute) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            std::thread::spawn(move || {
                let mut buf = [0u8; 16384];
                let _ = stream.set_read_timeout(Some(Duration::from_millis(300)));
                let _ = stream.read(&mut buf);
                if how == Mute::StallsTheBody {
                    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 10485760\r\nETag: \"0123456789abcdef0123456789abcdef\"\r\nLast-Modified: Mon, 07 Dec 2026 00:00:00 GMT\r\n\r\n";
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(&[7u8; 1024]);
                }
                // Hold the connection open, answering nothing more, until the client gives up.
                let _ = stream.set_read_timeout(None);
                while matches!(stream.read(&mut buf), Ok(n) if n > 0) {}
            });
        }
    });
    endpoint
}

/// A loopback S3 endpoint with one bucket whose prefix `big/` holds `keys` one-byte objects,
/// made up as they are asked for: the one thing no local server holds without an hour of
/// uploading first, a listing of a million keys. It answers ListObjectsV2 a page of 1000 at
/// a time (the continuation token is the next key's number) and any GET with the byte `x`,
/// and counts the pages it has served. It lives as long as the test process.
pub struct HugeListing {
    pub endpoint: String,
    pages: std::sync::Arc<AtomicU32>,
}

impl HugeListing {
    pub fn pages_served(&self) -> u32 {
        self.pages.load(Ordering::Relaxed)
    }
}

pub fn huge_listing(keys: u32) -> HugeListing {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let pages = std::sync::Arc::new(AtomicU32::new(0));
    let served = pages.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let served = served.clone();
            std::thread::spawn(move || answer_huge_listing(stream, keys, &served));
        }
    });
    HugeListing { endpoint, pages }
}

/// Answers the requests of one keep-alive connection to a [`huge_listing`].
fn answer_huge_listing(stream: TcpStream, keys: u32, served: &AtomicU32) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header == "\r\n" {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let target = request_line.split(' ').nth(1).unwrap_or("/");
        let (status, content_type, body) = if target.contains("list-type=2") {
            served.fetch_add(1, Ordering::Relaxed);
            let from: u32 = target
                .split(['?', '&'])
                .find_map(|p| p.strip_prefix("continuation-token="))
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            ("200 OK", "application/xml", huge_listing_page(from, keys))
        } else {
            ("206 Partial Content", "application/octet-stream", "x".to_owned())
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nContent-Range: bytes 0-0/1\r\nETag: \"9dd4e461268c8034f5c8564e155c67a6\"\r\nLast-Modified: Mon, 07 Dec 2026 00:00:00 GMT\r\n\r\n",
            body.len()
        );
        if writer.write_all(head.as_bytes()).and_then(|()| writer.write_all(body.as_bytes())).is_err() {
            return;
        }
    }
}

fn huge_listing_page(from: u32, keys: u32) -> String {
    let to = (from + 1000).min(keys);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>huge</Name><Prefix>big/</Prefix><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType>",
    );
    xml += &format!("<KeyCount>{}</KeyCount><IsTruncated>{}</IsTruncated>", to - from, to < keys);
    if to < keys {
        xml += &format!("<NextContinuationToken>{to}</NextContinuationToken>");
    }
    for n in from..to {
        xml += &format!("<Contents><Key>big/{n:07}</Key><LastModified>2026-12-07T00:00:00.000Z</LastModified><ETag>\"9dd4e461268c8034f5c8564e155c67a6\"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>");
    }
    xml + "</ListBucketResult>"
}
