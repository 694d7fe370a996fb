//! s3desk: the command-line companion of S3 Desk. The same engine and the same saved
//! connections as the app (secrets from the OS keychain), for scripts and power users:
//! `ls`, `cp` (multipart, parallel, resumable uploads and downloads), `rm`, `presign`, and
//! `uploads` / `abort` for the multipart uploads left unfinished on the server.

mod batch_line;
mod cp;
mod location;
mod progress;
mod sync;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use s3desk_engine::catalog::{Catalog, ConnectionRef, Listed};
use s3desk_engine::connections_file::ConnectionsFile;
use s3desk_engine::keychain::Keychain;
use s3desk_engine::objects::{self, Selection};
use s3desk_engine::sandbox::Sandbox;
use s3desk_engine::{buckets, multipart, paths, sharing, Error, ErrorKind, Session};
use tokio_util::sync::CancellationToken;

use crate::location::Location;

#[derive(Parser)]
#[command(
    name = "s3desk",
    version,
    about = "S3 Desk on the command line: ls, cp, sync, rm, presign, uploads and abort over your saved connections."
)]
struct Cli {
    /// The connection: a saved connection's name, an AWS profile (`aws:NAME`), `env` (the AWS
    /// credentials of the environment), or `sandbox`.
    /// Without it, the local sandbox when one is running.
    #[arg(long, short = 'c', global = true)]
    connection: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the connections S3 Desk knows.
    Connections,
    /// List the buckets, or the folders and objects at s3://BUCKET/PREFIX.
    Ls {
        location: Option<String>,
        /// Every key under the prefix instead of one level.
        #[arg(short, long)]
        recursive: bool,
    },
    /// Upload or download a file, or a folder with -r. Large files go in parallel parts and
    /// resume where they stopped when run again after a failure.
    Cp(cp::Args),
    /// Make a prefix like a folder (or a folder like a prefix): only what is new or changed
    /// is sent; extras are deleted only with --delete. --dry-run prints the plan and stops.
    Sync(sync::Args),
    /// Print a presigned link: to download an object (checked to exist), or with --put to
    /// let someone upload to a key. A link is a credential until it expires.
    Presign(PresignArgs),
    /// Delete an object, or everything under a prefix with -r.
    Rm {
        location: String,
        #[arg(short, long)]
        recursive: bool,
    },
    /// List the multipart uploads left unfinished in s3://BUCKET: their parts are billed as
    /// storage until they are completed or aborted.
    Uploads { location: String },
    /// Abort unfinished multipart uploads: one (s3://BUCKET/KEY --upload-id ID), or all of a
    /// bucket's that are older than --older-than DAYS (0: all of them).
    Abort(AbortArgs),
}

#[derive(clap::Args)]
struct AbortArgs {
    location: String,
    /// The upload to abort, as `s3desk uploads` lists it.
    #[arg(long, conflicts_with = "older_than")]
    upload_id: Option<String>,
    /// Abort every unfinished upload started more than this many days ago.
    #[arg(long)]
    older_than: Option<u32>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let catalog = Catalog::new(
        ConnectionsFile::in_dir(&paths::config_dir_from_env()),
        Keychain::new(paths::APP_ID),
        Sandbox::from_env(),
    );
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime starts");
    let result = match cli.command {
        Command::Connections => list_connections(&catalog),
        command => connect(&catalog, cli.connection.as_deref()).and_then(|connection| {
            let target = catalog.target(&connection)?;
            runtime.block_on(async { run(Session::open(target).await?, &connection, command).await })
        }),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            report(&e);
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn report(error: &Error) {
    eprintln!("error: {}", error.message());
    // The engine's hints name no controls; where a flag of this command is the fix, say so.
    let hint = match error.kind() {
        ErrorKind::AlreadyExists => Some("Add --overwrite to replace it, or choose another destination."),
        _ => error.hint(),
    };
    if let Some(hint) = hint {
        eprintln!("       {hint}");
    }
}

fn list_connections(catalog: &Catalog) -> Result<bool, Error> {
    for listed in catalog.list()? {
        match listed {
            Listed::Sandbox { endpoint } => println!("sandbox\t{endpoint}"),
            Listed::Saved(c) => println!("{}\t{}", c.name, c.endpoint.map_or("Amazon S3".into(), |e| e.url)),
            Listed::AwsProfile(p) => println!("aws:{}\tAWS profile", p.name),
            Listed::AwsEnvironment(e) => println!("env\t{}", e.source.name()),
        }
    }
    Ok(true)
}

fn connect(catalog: &Catalog, name: Option<&str>) -> Result<ConnectionRef, Error> {
    match name {
        Some(name) => catalog.find(name),
        None if Sandbox::from_env().is_some() => Ok(ConnectionRef::Sandbox),
        None => Err(Error::new(ErrorKind::ConnectionNotFound, "Which connection? None was given.")
            .with_hint("Pass --connection NAME; `s3desk connections` lists them.")),
    }
}

async fn run(session: Session, connection: &ConnectionRef, command: Command) -> Result<bool, Error> {
    let stop = CancellationToken::new();
    tokio::spawn(stop_on_signals(stop.clone()));
    match command {
        Command::Connections => unreachable!("handled without a session"),
        Command::Ls { location, recursive } => ls(&session, location.as_deref(), recursive).await,
        Command::Cp(args) => cp::run(&session, connection, args, &stop).await,
        Command::Sync(args) => sync::run(&session, connection, args, &stop).await,
        Command::Rm { location, recursive } => rm(&session, &location, recursive, &stop).await,
        Command::Presign(args) => presign(&session, args).await,
        Command::Uploads { location } => uploads(&session, &location).await,
        Command::Abort(args) => abort(&session, args).await,
    }
}

/// Ctrl-C, or SIGTERM (systemd, `timeout`, a CI job cancelled), stops the command: `cp`
/// pauses, keeping what multipart uploads sent for the next run. A second signal ends the
/// program at once.
async fn stop_on_signals(stop: CancellationToken) {
    signal().await;
    eprintln!("\nstopping… (press Ctrl-C again to quit at once)");
    stop.cancel();
    signal().await;
    eprintln!("quit before the stop was complete");
    std::process::exit(130);
}

#[cfg(unix)]
async fn signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate()).expect("SIGTERM can be handled");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
}

#[cfg(not(unix))]
async fn signal() {
    let _ = tokio::signal::ctrl_c().await;
}

fn remote(text: &str) -> Result<(String, String), Error> {
    match Location::parse(text).map_err(|m| Error::invalid("location", m))? {
        Location::Remote { bucket, key } => Ok((bucket, key)),
        Location::Local(_) => Err(Error::invalid("location", format!("{text} is not an s3://BUCKET/KEY address."))),
    }
}

async fn ls(session: &Session, location: Option<&str>, recursive: bool) -> Result<bool, Error> {
    let Some(location) = location else {
        for bucket in buckets::list(session).await? {
            println!("{}\t{}", bucket.name, bucket.region.unwrap_or_default());
        }
        return Ok(true);
    };
    let (bucket, prefix) = remote(location)?;
    let region = buckets::locate(session, &bucket).await;
    let mut token = None;
    loop {
        let page = objects::list_page(session, &bucket, &region, &prefix, !recursive, token).await?;
        for folder in page.folders {
            println!("{:>12}  {:<20}  {folder}", "PRE", "");
        }
        for object in page.objects {
            println!(
                "{:>12}  {:<20}  {}",
                object.size,
                object.last_modified_ms.map_or(String::new(), iso_date),
                object.key
            );
        }
        token = page.next;
        if token.is_none() {
            return Ok(true);
        }
    }
}

/// Milliseconds since the epoch as `YYYY-MM-DD hh:mm:ss` UTC (civil-from-days, H. Hinnant).
fn iso_date(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}", rest / 3600, rest % 3600 / 60, rest % 60)
}

#[derive(clap::Args)]
struct PresignArgs {
    location: String,
    /// Seconds the link lives, at most 604800 (7 days).
    #[arg(long, default_value_t = 3600)]
    expires: i64,
    /// An upload link instead of a download link.
    #[arg(long)]
    put: bool,
    /// Upload links: the Content-Type the upload must send.
    #[arg(long)]
    content_type: Option<String>,
    /// Download links: the file name the download is saved under.
    #[arg(long)]
    download_as: Option<String>,
    /// Through the Transfer Acceleration endpoint (the bucket must have it on).
    #[arg(long)]
    accelerated: bool,
}

async fn presign(session: &Session, args: PresignArgs) -> Result<bool, Error> {
    let PresignArgs { location, expires, put, content_type, download_as, accelerated } = args;
    let (content_type, download_as) = (content_type.as_deref(), download_as.as_deref());
    let expiry = sharing::Expiry::seconds(expires)?;
    let (bucket, key) = remote(&location)?;
    let region = buckets::locate(session, &bucket).await;
    let place = sharing::Place { bucket: &bucket, region: &region, accelerated };
    let link = if put {
        sharing::upload_link(session, place, &key, expiry, content_type).await?
    } else {
        sharing::download_link(session, place, &key, None, expiry, download_as).await?
    };
    println!("{}", link.url);
    if link.shortened_by_credentials {
        eprintln!("note: these credentials are temporary; the link stops working when they expire, sooner than asked");
    }
    if let Some(curl) = link.curl {
        eprintln!("upload with: {curl}");
    }
    Ok(true)
}

async fn rm(session: &Session, location: &str, recursive: bool, cancel: &CancellationToken) -> Result<bool, Error> {
    let (bucket, key) = remote(location)?;
    if key.is_empty() && !recursive {
        return Err(Error::invalid("location", format!("{location} names a bucket, not an object.")).with_hint(
            format!("Give the object's key (s3://{bucket}/KEY), or add -r to delete everything in the bucket."),
        ));
    }
    let region = buckets::locate(session, &bucket).await;
    let selection = if recursive {
        let folder = if key.is_empty() || key.ends_with('/') { key } else { format!("{key}/") };
        Selection { folders: vec![folder], ..Selection::default() }
    } else {
        Selection { keys: vec![key], ..Selection::default() }
    };
    let report = objects::delete(session, &bucket, &region, &selection, cancel, |_| {}).await?;
    for failure in &report.failures {
        eprintln!("failed: {}", failure.key);
        crate::report(&failure.error);
    }
    let deleted = report.progress.deleted;
    eprintln!("deleted {deleted} {}", if deleted == 1 { "key" } else { "keys" });
    Ok(report.failures.is_empty() && !report.cancelled)
}

async fn uploads(session: &Session, location: &str) -> Result<bool, Error> {
    let (bucket, _) = remote(location)?;
    let region = buckets::locate(session, &bucket).await;
    let found = multipart::list(session, &bucket, &region).await?;
    for upload in &found {
        let count = |n: Option<u64>| n.map_or("?".to_owned(), |n| n.to_string());
        println!(
            "{}\t{}\t{}\t{} parts\t{} bytes",
            upload.key,
            upload.upload_id,
            upload.initiated_ms.map_or(String::new(), iso_date),
            count(upload.parts),
            count(upload.bytes)
        );
    }
    eprintln!("{} unfinished {} in {bucket}", found.len(), if found.len() == 1 { "upload" } else { "uploads" });
    Ok(true)
}

async fn abort(session: &Session, args: AbortArgs) -> Result<bool, Error> {
    let (bucket, key) = remote(&args.location)?;
    let region = buckets::locate(session, &bucket).await;
    let chosen: Vec<(String, String)> = match (args.upload_id, args.older_than) {
        (Some(id), _) if !key.is_empty() => vec![(key, id)],
        (Some(_), _) => return Err(Error::invalid("location", "--upload-id needs the object's key: s3://BUCKET/KEY.")),
        (None, Some(days)) => {
            multipart::started_before(multipart::list(session, &bucket, &region).await?, &key, days, now_ms())
        }
        (None, None) => {
            return Err(Error::invalid("upload_id", "Say which uploads to abort.")
                .with_hint("Give --upload-id ID (from `s3desk uploads`), or --older-than DAYS (0 for all)."))
        }
    };
    let aborted = multipart::abort(session, &bucket, &region, &chosen).await?;
    eprintln!("aborted {aborted} {}", if aborted == 1 { "upload" } else { "uploads" });
    Ok(true)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_utc() {
        assert_eq!(super::iso_date(0), "1970-01-01 00:00:00");
        assert_eq!(super::iso_date(1_709_210_096_000), "2024-02-29 12:34:56");
    }
}
