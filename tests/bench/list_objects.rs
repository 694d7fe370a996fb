//! Benchmark: listing a bucket of 100 000 keys (S3DESK_BENCH_KEYS to change it) with the
//! engine, page by page as the browser does, beside `aws s3 ls --recursive`, against the
//! same local SeaweedFS in the same run. Prints the time to the first page (what a person
//! waits for before seeing rows) and to the full count.

use std::time::Instant;

use s3desk_engine::{objects, Session};
use s3desk_tests::{seaweed, unique_bucket};

#[tokio::main]
async fn main() {
    let keys: usize = std::env::var("S3DESK_BENCH_KEYS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let server = seaweed();
    let bucket = unique_bucket("bench-list");
    server.peer().create_bucket().bucket(&bucket).send().await.expect("the bucket is created");
    eprintln!("Putting {keys} keys into {bucket} on SeaweedFS at {}…", server.endpoint);
    server.put_many(&bucket, keys).await;

    let session = Session::open(server.target()).await.expect("a session with static keys");
    let started = Instant::now();
    let (mut first_page, mut listed, mut pages, mut token) = (None, 0usize, 0usize, None);
    loop {
        let page =
            objects::list_page(&session, &bucket, "us-east-1", "dir/", false, token).await.expect("listing succeeds");
        first_page.get_or_insert_with(|| started.elapsed());
        listed += page.objects.len();
        pages += 1;
        token = page.next;
        if token.is_none() {
            break;
        }
    }
    let ours = started.elapsed();
    assert_eq!(listed, keys, "every key was listed");

    let started = Instant::now();
    let output = server.aws(&["s3", "ls", "--recursive", &format!("s3://{bucket}/dir/")]);
    let theirs = started.elapsed();
    assert!(output.status.success(), "aws s3 ls failed: {}", String::from_utf8_lossy(&output.stderr));
    let aws_listed = String::from_utf8_lossy(&output.stdout).lines().count();
    assert_eq!(aws_listed, keys, "the aws cli listed every key");

    println!("Listing {keys} keys on SeaweedFS ({pages} pages of up to 1000)");
    println!("{:<26} {:>12} {:>10} {:>10}", "tool", "first page", "all keys", "vs engine");
    println!(
        "{:<26} {:>10.0}ms {:>9.2}s {:>10}",
        "s3desk engine",
        first_page.expect("one page at least").as_secs_f64() * 1000.0,
        ours.as_secs_f64(),
        "1.00x"
    );
    println!(
        "{:<26} {:>12} {:>9.2}s {:>9.2}x",
        "aws s3 ls --recursive",
        "n/a",
        theirs.as_secs_f64(),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
}
