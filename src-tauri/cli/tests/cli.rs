//! `s3desk` as a script runs it, against SeaweedFS on loopback (offered to it as the local
//! sandbox, the way the app's run command offers it): what it refuses before sending
//! anything, and what it says.

use std::process::{Command, Output};

use s3desk_tests::{seaweed, unique_bucket};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `s3desk ARGS` with the shared SeaweedFS as its sandbox and throwaway settings folders.
fn s3desk(args: &[&str]) -> Run {
    let server = seaweed();
    let dirs = tempfile::tempdir().unwrap();
    let Output { status, stdout, stderr } = Command::new(env!("CARGO_BIN_EXE_s3desk"))
        .args(args)
        .env("S3DESK_SANDBOX_ENDPOINT", &server.endpoint)
        .env("S3DESK_SANDBOX_ACCESS_KEY_ID", &server.access_key)
        .env("S3DESK_SANDBOX_SECRET_ACCESS_KEY", &server.secret_key)
        .env("S3DESK_CONFIG_DIR", dirs.path().join("config"))
        .env("S3DESK_DATA_DIR", dirs.path().join("data"))
        .output()
        .unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A bucket with one object, `kept.txt`, made with the aws cli.
fn bucket_with_one_object() -> String {
    let server = seaweed();
    let bucket = unique_bucket("cli");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), b"kept").unwrap();
    assert!(server.aws(&["s3", "mb", &format!("s3://{bucket}")]).status.success());
    let path = file.path().display().to_string();
    assert!(server.aws(&["s3", "cp", &path, &format!("s3://{bucket}/kept.txt")]).status.success());
    bucket
}

#[test]
fn rm_of_a_bucket_without_r_is_refused_and_deletes_nothing() {
    let bucket = bucket_with_one_object();
    let run = s3desk(&["rm", &format!("s3://{bucket}/")]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("names a bucket, not an object"), "{}", run.stderr);
    assert!(run.stderr.contains("add -r"), "{}", run.stderr);
    let listed = s3desk(&["ls", &format!("s3://{bucket}/")]);
    assert!(listed.stdout.contains("kept.txt"), "nothing was deleted: {}", listed.stdout);
}

#[test]
fn rm_of_one_key_says_1_key() {
    let bucket = bucket_with_one_object();
    let run = s3desk(&["rm", &format!("s3://{bucket}/kept.txt")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("deleted 1 key\n"), "{}", run.stderr);
}

#[test]
fn cp_of_a_folder_without_r_is_refused_plainly() {
    let bucket = bucket_with_one_object();
    let out = tempfile::tempdir().unwrap();
    let run = s3desk(&["cp", &format!("s3://{bucket}/"), &out.path().join("file").display().to_string()]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("names a folder, not an object"), "{}", run.stderr);
    assert!(!run.stderr.contains("refused the request"), "{}", run.stderr);
}

#[test]
fn cp_into_a_missing_folder_is_refused_before_downloading() {
    let bucket = bucket_with_one_object();
    let out = tempfile::tempdir().unwrap();
    let destination = out.path().join("missing/kept.txt");
    let run = s3desk(&["cp", &format!("s3://{bucket}/kept.txt"), &destination.display().to_string()]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains(&format!("The folder {} does not exist.", out.path().join("missing").display())),
        "{}",
        run.stderr
    );
    assert!(!out.path().join("missing").exists());
}
