//! Benchmark: emptying and deleting a bucket of 10 000 objects (S3DESK_BENCH_OBJECTS to
//! change it) with the engine, beside `aws s3 rb --force`, against the same local SeaweedFS
//! in the same run. Prints the S3 calls each made and the time each took; the ratio is what
//! compares, not the absolute times (client and server share the machine's cores).

use std::collections::BTreeMap;
use std::time::Instant;

use s3desk_engine::{buckets, Session, Timeouts};
use s3desk_tests::{seaweed, unique_bucket, CountOperations};
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() {
    let objects: usize = std::env::var("S3DESK_BENCH_OBJECTS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let server = seaweed();
    eprintln!("SeaweedFS at {}; {objects} objects per bucket", server.endpoint);

    let ours_bucket = filled_bucket(objects).await;
    let counter = CountOperations::default();
    let session = Session::open_with(server.target(), Timeouts::default(), {
        let counter = counter.clone();
        move |s3| s3.interceptor(counter)
    })
    .await
    .expect("a session with static keys");
    let started = Instant::now();
    let emptied = buckets::empty(&session, &ours_bucket, "us-east-1", &CancellationToken::new(), |_| {})
        .await
        .expect("emptying succeeds");
    buckets::delete(&session, &ours_bucket, "us-east-1").await.expect("deleting succeeds");
    let ours = started.elapsed();
    assert_eq!(emptied.progress.deleted as usize, objects, "every object was deleted");

    // The aws cli twice: timed as people run it, then with --debug to count its calls
    // (its debug logging would slow the timed run).
    let (theirs, _) = aws_rb(&filled_bucket(objects).await, false);
    let (_, aws_calls) = aws_rb(&filled_bucket(objects).await, true);

    println!("Emptying and deleting a bucket of {objects} objects on SeaweedFS");
    println!("{:<22} {:>8} {:>10}  calls", "tool", "seconds", "vs engine");
    println!("{:<22} {:>8.2} {:>10}  {}", "s3desk engine", ours.as_secs_f64(), "1.00x", describe(&counter.all()));
    println!(
        "{:<22} {:>8.2} {:>9.2}x  {}",
        "aws s3 rb --force",
        theirs.as_secs_f64(),
        theirs.as_secs_f64() / ours.as_secs_f64(),
        describe(&aws_calls)
    );
}

/// Runs `aws s3 rb --force` on `bucket`; returns its time and, with `debug`, its calls.
fn aws_rb(bucket: &str, debug: bool) -> (std::time::Duration, BTreeMap<String, usize>) {
    let target = format!("s3://{bucket}");
    let mut args = vec!["s3", "rb", target.as_str(), "--force"];
    if debug {
        args.push("--debug");
    }
    let started = Instant::now();
    let output = seaweed().aws(&args);
    let elapsed = started.elapsed();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "aws s3 rb failed: {}", log.lines().last().unwrap_or(""));
    (elapsed, aws_operations(&log))
}

/// A new bucket holding `objects` one-byte objects.
async fn filled_bucket(objects: usize) -> String {
    let server = seaweed();
    let name = unique_bucket("bench-empty");
    server.peer().create_bucket().bucket(&name).send().await.expect("the bucket is created");
    server.put_many(&name, objects).await;
    name
}

/// Operation counts from the aws cli's `--debug` log.
fn aws_operations(log: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for name in log.lines().filter_map(|l| l.split("Making request for OperationModel(name=").nth(1)?.split(')').next())
    {
        *counts.entry(name.to_owned()).or_default() += 1;
    }
    counts
}

fn describe(calls: &BTreeMap<String, usize>) -> String {
    let total: usize = calls.values().sum();
    let each: Vec<String> = calls.iter().map(|(name, n)| format!("{name} {n}")).collect();
    format!("{total} ({})", each.join(", "))
}
