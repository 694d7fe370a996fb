//! Sessions for the local servers, built through the engine as the app builds them.

use s3desk_engine::catalog::{Credentials, Target};
use s3desk_engine::connection::Endpoint;
use s3desk_engine::parts::MIB;
use s3desk_engine::transfers::Settings;
use s3desk_engine::Session;

use s3desk_tests::Server;

/// Small parts, so a test file of tens of MiB has several; four requests at once.
pub const SMALL_PARTS: Settings = Settings {
    part_size: 5 * MIB,
    concurrency: 4,
    multipart_threshold: 5 * MIB,
    range_size: 5 * MIB,
    checksums: true,
    accelerate: false,
};

pub async fn session(server: &Server) -> Session {
    Session::open(server.target()).await.expect("a session with static keys opens without a network call")
}

/// A session to `endpoint` with these keys, for servers that are not a [`Server`].
pub async fn session_with(endpoint: &str, access_key: &str, secret_key: &str) -> Session {
    Session::open(Target {
        name: "test".into(),
        region: "us-east-1".into(),
        endpoint: Some(Endpoint { url: endpoint.into(), path_style: true }),
        credentials: Credentials::Static { access_key_id: access_key.into(), secret_access_key: secret_key.into() },
    })
    .await
    .expect("a session with static keys opens without a network call")
}

/// Runs the `#[ignore]`d test `name` of this binary in a child process with `env` changed,
/// for what is chosen once per process (the keychain store, the AWS config files), and
/// fails if the child's test fails.
pub fn run_in_child(name: &str, env: &[(&str, &str)]) {
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command.args(["--exact", name, "--ignored", "--nocapture", "--test-threads=1"]);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{name} failed in the child:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("1 passed"), "{name} ran in the child:\n{stdout}");
}
