//! s3desk: the command-line companion of S3 Desk. The same engine and the same saved
//! connections as the app (secrets from the OS keychain), for scripts and power users:
//! `ls`, `cp` (multipart, parallel, resumable uploads and downloads), `rm` and `presign`.

mod cp;
mod location;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use s3desk_engine::catalog::{Catalog, ConnectionRef, Listed};
use s3desk_engine::connections_file::ConnectionsFile;
use s3desk_engine::keychain::Keychain;
use s3desk_engine::objects::{self, Selection};
use s3desk_engine::sandbox::Sandbox;
use s3desk_engine::{buckets, paths, sharing, Error, ErrorKind, Session};
use tokio_util::sync::CancellationToken;

use crate::location::Location;

#[derive(Parser)]
#[command(
    name = "s3desk",
    version,
    about = "S3 Desk on the command line: ls, cp, rm and presign over your saved connections."
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
    /// Print a presigned link: to download an object (checked to exist), or with --put to
    /// let someone upload to a key. A link is a credential until it expires.
    Presign(PresignArgs),
    /// Delete an object, or everything under a prefix with -r.
    Rm {
        location: String,
        #[arg(short, long)]
        recursive: bool,
    },
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
    if let Some(hint) = error.hint() {
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
    let cancel = CancellationToken::new();
    let on_interrupt = cancel.clone();
    // Ctrl-C cancels: multipart uploads are aborted, so nothing is left billing.
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\ncancelling…");
            on_interrupt.cancel();
        }
    });
    match command {
        Command::Connections => unreachable!("handled without a session"),
        Command::Ls { location, recursive } => ls(&session, location.as_deref(), recursive).await,
        Command::Cp(args) => cp::run(&session, connection, args, &cancel).await,
        Command::Rm { location, recursive } => rm(&session, &location, recursive, &cancel).await,
        Command::Presign(args) => presign(&session, args).await,
    }
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
        eprintln!("failed: {}: {} ({})", failure.key, failure.message, failure.code);
    }
    let deleted = report.progress.deleted;
    eprintln!("deleted {deleted} {}", if deleted == 1 { "key" } else { "keys" });
    Ok(report.failures.is_empty() && !report.cancelled)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_utc() {
        assert_eq!(super::iso_date(0), "1970-01-01 00:00:00");
        assert_eq!(super::iso_date(1_709_210_096_000), "2024-02-29 12:34:56");
    }
}
