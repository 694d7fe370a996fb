//! No request waits for ever: against a loopback server that accepts connections and never
//! answers, or answers the head and then stalls the body (no real server does either on
//! purpose, so the test's own server does), every operation fails within its time limit,
//! saying that the endpoint stopped answering.

use std::future::Future;
use std::time::{Duration, Instant};

use s3desk_engine::catalog::{ConnectionRef, Credentials, Target};
use s3desk_engine::connection::Endpoint;
use s3desk_engine::parts::MIB;
use s3desk_engine::transfers::{self, Context, Counter, Download, Journal, ObjectOptions, Pool, Settings, Upload};
use s3desk_engine::{buckets, objects, Error, ErrorKind, Session, Timeouts};
use s3desk_tests::{mute, Mute};
use tokio_util::sync::CancellationToken;

/// Short limits, so the test takes seconds; the defaults are longer by the same rules.
const SHORT: Timeouts =
    Timeouts { connect: Duration::from_secs(2), answer: Duration::from_millis(500), stall: Duration::from_secs(1) };

/// However many times the SDK and the engine retry, a call gives up within this.
const GIVES_UP_WITHIN: Duration = Duration::from_secs(45);

async fn session(endpoint: &str) -> Session {
    let target = Target {
        name: "mute".into(),
        region: "us-east-1".into(),
        endpoint: Some(Endpoint { url: endpoint.into(), path_style: true }),
        credentials: Credentials::Static { access_key_id: "key".into(), secret_access_key: "secret".into() },
    };
    Session::open_with(target, SHORT, |s3| s3).await.unwrap()
}

/// `call` ends in an error within [`GIVES_UP_WITHIN`], and that error is `Unreachable`.
async fn gives_up<T: std::fmt::Debug>(what: &str, call: impl Future<Output = Result<T, Error>>) -> Error {
    let started = Instant::now();
    let result = tokio::time::timeout(GIVES_UP_WITHIN, call).await;
    let err = match result {
        Err(_) => panic!("{what} still waited after {GIVES_UP_WITHIN:?}"),
        Ok(Ok(value)) => panic!("{what} succeeded against a mute server: {value:?}"),
        Ok(Err(err)) => err,
    };
    assert_eq!(err.kind(), &ErrorKind::Unreachable, "{what}: {err}");
    eprintln!("{what}: gave up after {:.1} s: {err}", started.elapsed().as_secs_f64());
    err
}

/// A journal, pool and cancel token for transfers through a mute session.
struct Rig {
    dir: tempfile::TempDir,
    journal: Journal,
    pool: Pool,
    cancel: CancellationToken,
}

impl Rig {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path().join("journal")).unwrap();
        Self { dir, journal, pool: Pool::new(2), cancel: CancellationToken::new() }
    }

    fn ctx<'a>(&'a self, session: &'a Session) -> Context<'a> {
        Context {
            session,
            settings: settings(),
            pool: &self.pool,
            journal: &self.journal,
            cancel: &self.cancel,
            pause: None,
        }
    }
}

fn settings() -> Settings {
    Settings {
        part_size: 5 * MIB,
        concurrency: 2,
        multipart_threshold: 5 * MIB,
        range_size: 5 * MIB,
        checksums: false,
        accelerate: false,
    }
}

#[tokio::test]
async fn every_operation_gives_up_on_an_endpoint_that_never_answers() {
    let endpoint = mute(Mute::NeverAnswers);
    let session = session(&endpoint).await;
    let err = gives_up("listing buckets", buckets::list(&session)).await;
    assert!(err.message().contains("stopped answering"), "{}", err.message());
    gives_up("listing objects", objects::list_page(&session, "b", "us-east-1", "", true, None)).await;
    gives_up("reading settings", buckets::settings(&session, "b", "us-east-1")).await;

    let rig = Rig::new();
    let (dir, ctx) = (&rig.dir, rig.ctx(&session));
    for size in [1024, 12 * MIB as usize] {
        let source = dir.path().join(format!("up-{size}"));
        std::fs::write(&source, vec![1u8; size]).unwrap();
        let job = Upload {
            connection: ConnectionRef::Sandbox,
            source,
            bucket: "b".into(),
            region: "us-east-1".into(),
            key: "k".into(),
            options: ObjectOptions::default(),
        };
        gives_up(&format!("uploading {size} bytes"), transfers::upload(&ctx, &job, &Counter::default())).await;
    }
}

#[tokio::test]
async fn a_download_whose_body_stalls_gives_up() {
    let endpoint = mute(Mute::StallsTheBody);
    let session = session(&endpoint).await;
    let rig = Rig::new();
    let (dir, ctx) = (&rig.dir, rig.ctx(&session));
    let job = Download {
        connection: ConnectionRef::Sandbox,
        bucket: "b".into(),
        region: "us-east-1".into(),
        key: "k".into(),
        version_id: None,
        destination: dir.path().join("k"),
        overwrite: false,
        listed_size: None,
        listed_etag: None,
    };
    let err = gives_up("downloading", transfers::download(&ctx, &job, &Counter::default())).await;
    assert!(err.message().contains("stopped"), "{}", err.message());
    assert!(!dir.path().join("k").exists(), "no file appears from a download that never finished");
}
