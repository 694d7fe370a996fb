//! `s3desk` as a script runs it, against SeaweedFS on loopback (offered to it as the local
//! sandbox, the way the app's run command offers it): what it refuses before sending
//! anything, and what it says.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use s3desk_tests::{seaweed, unique_bucket, Faults, FaultyProxy};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `s3desk` with SeaweedFS (or a proxy before it) as its sandbox, and settings folders (the
/// journal among them) kept from one run to the next.
struct Cli {
    endpoint: String,
    dirs: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        Self::through(&seaweed().endpoint)
    }

    fn through(endpoint: &str) -> Self {
        Self { endpoint: endpoint.to_owned(), dirs: tempfile::tempdir().unwrap() }
    }

    fn command(&self, args: &[&str]) -> Command {
        let server = seaweed();
        let mut command = Command::new(env!("CARGO_BIN_EXE_s3desk"));
        command
            .args(args)
            .env("S3DESK_SANDBOX_ENDPOINT", &self.endpoint)
            .env("S3DESK_SANDBOX_ACCESS_KEY_ID", &server.access_key)
            .env("S3DESK_SANDBOX_SECRET_ACCESS_KEY", &server.secret_key)
            .env("S3DESK_CONFIG_DIR", self.dirs.path().join("config"))
            .env("S3DESK_DATA_DIR", self.dirs.path().join("data"));
        command
    }

    fn run(&self, args: &[&str]) -> Run {
        let Output { status, stdout, stderr } = self.command(args).output().unwrap();
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }
}

fn s3desk(args: &[&str]) -> Run {
    Cli::new().run(args)
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

/// Waits until the multipart upload of `key` by `child` holds a part (and fails the test if
/// none comes within 30 s, or the child ends first).
async fn until_a_part_arrives(peer: &aws_sdk_s3::Client, bucket: &str, key: &str, child: &mut std::process::Child) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let uploads = peer.list_multipart_uploads().bucket(bucket).send().await.unwrap();
        if let Some(upload) = uploads.uploads().iter().find(|u| u.key() == Some(key)) {
            let parts =
                peer.list_parts().bucket(bucket).key(key).upload_id(upload.upload_id().unwrap()).send().await.unwrap();
            if !parts.parts().is_empty() {
                return;
            }
        }
        if Instant::now() > deadline || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            let output = std::mem::replace(child, Command::new("true").spawn().unwrap()).wait_with_output().unwrap();
            panic!("no part arrived within 30 s: {}", String::from_utf8_lossy(&output.stderr));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn sigterm_pauses_a_cp_and_the_same_cp_resumes_it() {
    let server = seaweed();
    let bucket = bucket_with_one_object();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.bin");
    let body: Vec<u8> = (0..40u32 << 20).map(|i| (i % 253) as u8).collect();
    std::fs::write(&big, &body).unwrap();
    let target = format!("s3://{bucket}/big.bin");
    let source = big.display().to_string();

    // 4 MiB/s, one request at a time: the upload is some parts in when the signal comes.
    let proxy = FaultyProxy::start(&server.endpoint, Faults { bytes_per_second: Some(4 << 20), ..Faults::default() });
    let slow = Cli::through(&proxy.endpoint);
    let mut child = slow
        .command(&["cp", "--part-size", "5", "--concurrency", "1", &source, &target])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let peer = server.peer();
    until_a_part_arrives(&peer, &bucket, "big.bin", &mut child).await;
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("run the same cp again"), "{stderr}");
    let left = peer.list_multipart_uploads().bucket(&bucket).send().await.unwrap();
    assert_eq!(left.uploads().len(), 1, "the upload is kept for the next run, not aborted");

    // The same cp again, with the same journal: it finishes, and the object is the file.
    let again =
        Cli { endpoint: server.endpoint.clone(), dirs: slow.dirs }.run(&["cp", "--part-size", "5", &source, &target]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let got = peer.get_object().bucket(&bucket).key("big.bin").send().await.unwrap();
    assert!(got.body.collect().await.unwrap().into_bytes() == body, "the resumed object is the file");
    let left = peer.list_multipart_uploads().bucket(&bucket).send().await.unwrap();
    assert!(left.uploads().is_empty(), "nothing left billing");
}

#[tokio::test]
async fn unfinished_uploads_are_listed_and_aborted() {
    let server = seaweed();
    let bucket = bucket_with_one_object();
    let peer = server.peer();
    let upload = peer.create_multipart_upload().bucket(&bucket).key("left.bin").send().await.unwrap();
    let id = upload.upload_id().unwrap();

    let listed = s3desk(&["uploads", &format!("s3://{bucket}")]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.contains("left.bin") && listed.stdout.contains(id), "{}", listed.stdout);
    let unsaid = s3desk(&["abort", &format!("s3://{bucket}")]);
    assert_ne!(unsaid.code, 0);
    assert!(unsaid.stderr.contains("Say which uploads"), "{}", unsaid.stderr);
    let aborted = s3desk(&["abort", &format!("s3://{bucket}"), "--older-than", "0"]);
    assert_eq!(aborted.code, 0, "{}", aborted.stderr);
    assert!(aborted.stderr.contains("aborted 1 upload"), "{}", aborted.stderr);
    let left = peer.list_multipart_uploads().bucket(&bucket).send().await.unwrap();
    assert!(left.uploads().is_empty());
}

#[test]
fn a_download_onto_a_file_says_to_add_overwrite() {
    let bucket = bucket_with_one_object();
    let out = tempfile::tempdir().unwrap();
    let mine = out.path().join("kept.txt");
    std::fs::write(&mine, b"mine").unwrap();
    let run = s3desk(&["cp", &format!("s3://{bucket}/kept.txt"), &mine.display().to_string()]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("already exists") && run.stderr.contains("--overwrite"), "{}", run.stderr);
    assert_eq!(std::fs::read(&mine).unwrap(), b"mine");
}

#[test]
fn sync_previews_with_dry_run_then_sends_only_what_is_new() {
    let server = seaweed();
    let bucket = bucket_with_one_object();
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.txt", "sub/b.txt", "skip.tmp"] {
        std::fs::create_dir_all(dir.path().join(name).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(name), name).unwrap();
    }
    let (folder, target) = (dir.path().display().to_string(), format!("s3://{bucket}/mirror"));
    let cli = Cli::new();
    let dry = cli.run(&["sync", "--dry-run", "--exclude", "*.tmp", &folder, &target]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(dry.stdout, "new      a.txt (5 B)\nnew      sub/b.txt (9 B)\n");
    assert!(dry.stderr.contains("plan: 2 new, 0 changed (14 B to upload), 0 the same"), "{}", dry.stderr);
    let listed = server.aws(&["s3", "ls", "--recursive", &format!("s3://{bucket}/mirror/")]);
    assert!(String::from_utf8_lossy(&listed.stdout).is_empty(), "a dry run sends nothing");

    let run = cli.run(&["sync", "--exclude", "*.tmp", &folder, &target]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = cli.run(&["sync", "--json", "--exclude", "*.tmp", &folder, &target]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let lines: Vec<serde_json::Value> = again.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["action"], "same");
    let plan = &lines[2]["plan"];
    assert_eq!(
        (plan["same"].as_u64(), plan["new"].as_u64(), plan["requests_to_make"].as_u64()),
        (Some(2), Some(0), Some(0))
    );
    assert_eq!(lines[3]["done"], 0, "nothing sent the second time");
}

/// Killed outright mid-file (no chance to pause), the same sync again resumes the file from
/// the journal: the parts already sent are not sent again, and nothing is left billing.
#[tokio::test]
async fn a_sync_killed_mid_file_resumes_where_it_stopped() {
    let server = seaweed();
    let bucket = bucket_with_one_object();
    let dir = tempfile::tempdir().unwrap();
    let body: Vec<u8> = (0..30u32 << 20).map(|i| (i % 251) as u8).collect();
    std::fs::write(dir.path().join("big.bin"), &body).unwrap();
    std::fs::write(dir.path().join("small.txt"), "small").unwrap();
    let (folder, target) = (dir.path().display().to_string(), format!("s3://{bucket}/mirror"));

    let proxy = FaultyProxy::start(&server.endpoint, Faults { bytes_per_second: Some(4 << 20), ..Faults::default() });
    let slow = Cli::through(&proxy.endpoint);
    let mut child = slow
        .command(&["sync", "--part-size", "5", "--concurrency", "1", &folder, &target])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let peer = server.peer();
    until_a_part_arrives(&peer, &bucket, "mirror/big.bin", &mut child).await;
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let again = Cli { endpoint: server.endpoint.clone(), dirs: slow.dirs };
    let run = again.run(&["sync", "--json", "--part-size", "5", &folder, &target]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = peer.get_object().bucket(&bucket).key("mirror/big.bin").send().await.unwrap();
    assert!(got.body.collect().await.unwrap().into_bytes() == body, "the resumed object is the file");
    let left = peer.list_multipart_uploads().bucket(&bucket).send().await.unwrap();
    assert!(left.uploads().is_empty(), "the first upload was resumed, not left billing");
    let outcome: serde_json::Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    let (sent, parts) = (outcome["parts_sent"].as_u64().unwrap(), outcome["parts"].as_u64().unwrap());
    assert!(parts == 6 && sent < parts, "the parts sent before the kill were not sent again: {outcome}");
}

/// `command` run as `nobody` when the tests run as root: root reads any folder, so a folder
/// made unreadable stays readable to it.
fn without_root(command: Command) -> Command {
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return command;
    }
    let mut wrapped = Command::new("setpriv");
    wrapped
        .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(command.get_program())
        .args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(v) => wrapped.env(key, v),
            None => wrapped.env_remove(key),
        };
    }
    wrapped
}

#[test]
fn a_folder_with_an_unreadable_subfolder_uploads_the_rest_and_names_it() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |path: &std::path::Path, mode| std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    let server = seaweed();
    let bucket = bucket_with_one_object();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("photos");
    for name in ["a.jpg", "ok/b.jpg", "locked/c.jpg"] {
        std::fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
        std::fs::write(root.join(name), name).unwrap();
        mode(&root.join(name), 0o644);
    }
    for folder in [dir.path(), root.as_path(), root.join("ok").as_path()] {
        mode(folder, 0o755);
    }
    mode(&root.join("locked"), 0o000);
    let cli = Cli::new();
    mode(cli.dirs.path(), 0o777);

    let source = root.display().to_string();
    let output = without_root(cli.command(&["cp", "-r", &source, &format!("s3://{bucket}/up/")])).output().unwrap();
    mode(&root.join("locked"), 0o755);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(0), "a folder was left out: {stderr}");
    assert!(stderr.contains("Could not read the folder") && stderr.contains("locked"), "{stderr}");
    let listed = server.aws(&["s3", "ls", "--recursive", &format!("s3://{bucket}/up/")]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("up/photos/a.jpg") && listed.contains("up/photos/ok/b.jpg"), "the rest went up: {listed}");
    assert!(!listed.contains("c.jpg"), "{listed}");
}
