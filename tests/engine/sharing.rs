//! Presigned links against SeaweedFS, which checks signatures and expiry as AWS does:
//! fetched and used with curl, expired, tampered with and re-pointed; and uploads to a
//! link through the engine, finished or cancelled.

use std::process::Command;

use aws_sdk_s3::primitives::ByteStream;
use s3desk_engine::sharing::{self, Expiry, Place};
use s3desk_engine::transfers::Counter;
use s3desk_engine::ErrorKind;
use s3desk_tests::{seaweed, unique_bucket, Faults, FaultyProxy, Server};
use tokio_util::sync::CancellationToken;

use crate::support::{session, session_with};

async fn bucket_with(server: &Server, key: &str, body: &[u8]) -> String {
    let bucket = unique_bucket("share");
    let peer = server.peer();
    peer.create_bucket().bucket(&bucket).send().await.unwrap();
    peer.put_object().bucket(&bucket).key(key).body(ByteStream::from(body.to_vec())).send().await.unwrap();
    bucket
}

/// curl's status code and body for `url` (`-X PUT -T file` and headers with `args`).
fn curl(url: &str, args: &[&str]) -> (u16, Vec<u8>) {
    let output = Command::new("curl").args(["-s", "-w", "\n%{http_code}"]).args(args).arg(url).output().unwrap();
    let mut out = output.stdout;
    let split = out.iter().rposition(|&b| b == b'\n').unwrap();
    let status = String::from_utf8_lossy(&out[split + 1..]).parse().unwrap();
    out.truncate(split);
    (status, out)
}

#[tokio::test]
async fn a_download_link_gives_the_exact_bytes_under_the_chosen_name() {
    let server = seaweed();
    let body: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let bucket = bucket_with(server, "docs/report 2024.pdf", &body).await;
    let session = session(server).await;
    let expiry = Expiry::seconds(600).unwrap();
    let link = sharing::download_link(
        &session,
        Place::regional(&bucket, "us-east-1"),
        "docs/report 2024.pdf",
        None,
        expiry,
        Some("Bericht ü.pdf"),
    )
    .await
    .unwrap();
    assert!(!link.shortened_by_credentials, "long-term keys do not shorten a link");

    let (status, fetched) = curl(&link.url, &[]);
    assert_eq!(status, 200);
    assert!(fetched == body, "the exact bytes");
    let headers = Command::new("curl").args(["-s", "-D", "-", "-o", "/dev/null", &link.url]).output().unwrap();
    let headers = String::from_utf8_lossy(&headers.stdout).to_lowercase();
    assert!(headers.contains("filename*=utf-8''bericht%20%c3%bc.pdf"), "{headers}");

    let missing = sharing::download_link(&session, Place::regional(&bucket, "us-east-1"), "nope", None, expiry, None)
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), &ErrorKind::NoSuchKey, "no link for an object that is not there");
}

#[tokio::test]
async fn expired_tampered_and_re_pointed_links_are_refused() {
    let server = seaweed();
    let bucket = bucket_with(server, "secret.txt", b"s3cr3t").await;
    server
        .peer()
        .put_object()
        .bucket(&bucket)
        .key("other.txt")
        .body(ByteStream::from_static(b"o"))
        .send()
        .await
        .unwrap();
    let session = session(server).await;
    let link = |seconds| {
        sharing::download_link(
            &session,
            Place::regional(&bucket, "us-east-1"),
            "secret.txt",
            None,
            Expiry::seconds(seconds).unwrap(),
            None,
        )
    };

    let short = link(1).await.unwrap();
    assert_eq!(curl(&short.url, &[]).0, 200, "fresh");
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(curl(&short.url, &[]).0, 403, "expired after its second");

    let good = link(600).await.unwrap().url;
    let signature_at = good.find("X-Amz-Signature=").unwrap() + "X-Amz-Signature=".len();
    let mut tampered = good.clone();
    let flipped = if &good[signature_at..signature_at + 1] == "a" { "b" } else { "a" };
    tampered.replace_range(signature_at..signature_at + 1, flipped);
    assert_eq!(curl(&tampered, &[]).0, 403, "a changed signature");
    let re_pointed = good.replace("/secret.txt?", "/other.txt?");
    assert_ne!(re_pointed, good);
    assert_eq!(curl(&re_pointed, &[]).0, 403, "the same signature for another key");
}

#[tokio::test]
async fn upload_links_store_what_curl_and_the_engine_send() {
    let server = seaweed();
    let bucket = bucket_with(server, "placeholder", b"").await;
    let session = session(server).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("photo.jpg");
    std::fs::write(&file, b"jpeg bytes").unwrap();
    let expiry = Expiry::seconds(600).unwrap();
    let peer = server.peer();
    let stored = |key: &'static str| {
        let (peer, bucket) = (peer.clone(), bucket.clone());
        async move {
            peer.get_object().bucket(bucket).key(key).send().await.ok()?.body.collect().await.ok().map(|b| b.to_vec())
        }
    };

    let link = sharing::upload_link(&session, Place::regional(&bucket, "us-east-1"), "inbox/by-curl.jpg", expiry, None)
        .await
        .unwrap();
    let (status, _) = curl(&link.url, &["-X", "PUT", "-T", file.to_str().unwrap()]);
    assert_eq!(status, 200);
    assert_eq!(stored("inbox/by-curl.jpg").await.as_deref(), Some(&b"jpeg bytes"[..]));

    let link =
        sharing::upload_link(&session, Place::regional(&bucket, "us-east-1"), "inbox/by-engine.jpg", expiry, None)
            .await
            .unwrap();
    let progress = Counter::default();
    sharing::upload_to_url(&link.url, &file, None, &progress, &CancellationToken::new()).await.unwrap();
    assert_eq!(progress.get(), 10);
    assert_eq!(stored("inbox/by-engine.jpg").await.as_deref(), Some(&b"jpeg bytes"[..]));

    // Signed with a content type: the upload must send it, as the curl command shown does.
    let typed = sharing::upload_link(
        &session,
        Place::regional(&bucket, "us-east-1"),
        "inbox/typed.jpg",
        expiry,
        Some("image/jpeg"),
    )
    .await
    .unwrap();
    let curl_command = typed.curl.clone().unwrap();
    assert!(curl_command.contains("-H 'content-type: image/jpeg'"), "{curl_command}");
    let err = sharing::upload_to_url(&typed.url, &file, None, &Counter::default(), &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(err.message().contains("content type"), "{}", err.message());
    assert_eq!(stored("inbox/typed.jpg").await, None, "nothing stored half-way");
    sharing::upload_to_url(&typed.url, &file, Some("image/jpeg"), &Counter::default(), &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(stored("inbox/typed.jpg").await.as_deref(), Some(&b"jpeg bytes"[..]));
    let (status, _) = curl(&typed.url, &["-X", "PUT", "-T", file.to_str().unwrap(), "-H", "content-type: image/jpeg"]);
    assert_eq!(status, 200, "the documented curl command works");
}

#[tokio::test]
async fn an_upload_to_a_link_cancelled_half_way_stores_nothing() {
    let server = seaweed();
    let bucket = bucket_with(server, "placeholder", b"").await;
    // Through a proxy that passes 2 MiB/s, so that 8 MiB are still on their way when cancelled.
    let slow = FaultyProxy::start(&server.endpoint, Faults { bytes_per_second: Some(2 << 20), ..Faults::default() });
    let session = session_with(&slow.endpoint, &server.access_key, &server.secret_key).await;
    let link = sharing::upload_link(
        &session,
        Place::regional(&bucket, "us-east-1"),
        "inbox/big.bin",
        Expiry::seconds(600).unwrap(),
        None,
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.bin");
    std::fs::write(&file, vec![7u8; 8 << 20]).unwrap();

    let (progress, cancel) = (Counter::default(), CancellationToken::new());
    let upload = sharing::upload_to_url(&link.url, &file, None, &progress, &cancel);
    let under_way = async {
        while progress.get() == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    };
    let started = std::time::Instant::now();
    tokio::pin!(upload);
    // An upload that ends before it is under way returns its result, for the assertions.
    let result = tokio::select! {
        result = &mut upload => result,
        () = under_way => {
            cancel.cancel();
            upload.await
        }
    };
    assert_eq!(result.unwrap_err().kind(), &ErrorKind::Cancelled);
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "it stops at once, not after 4 s of sending");
    let head = server.peer().head_object().bucket(&bucket).key("inbox/big.bin").send().await;
    assert!(head.is_err(), "nothing is stored");
}
