//! `s3desk cp`: uploads and downloads of files and folders through the engine's transfers,
//! every file of a folder sharing one pool of parallel requests.

use std::path::{Path, PathBuf};
use std::time::Instant;

use futures_util::stream::{self, StreamExt};
use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::transfers::{
    self, plan, Context, Counter, Download, Journal, ObjectOptions, Pool, Prefs, Settings, Upload,
};
use s3desk_engine::{buckets, paths, Error, Session};
use tokio_util::sync::CancellationToken;

use crate::location::Location;
use crate::progress::{size, Ticker};

#[derive(clap::Args)]
pub struct Args {
    source: String,
    destination: String,
    /// Copy a folder and everything in it (a prefix, when downloading).
    #[arg(short, long)]
    recursive: bool,
    /// Part size for large files, in MiB (S3 allows 5 to 5120); default: the app's setting.
    #[arg(long)]
    part_size: Option<u64>,
    /// Requests in flight at once (parts, or whole small files); default: the app's setting.
    #[arg(long)]
    concurrency: Option<usize>,
    /// Replace local files that exist (downloads).
    #[arg(long)]
    overwrite: bool,
}

enum Job {
    Up(Upload),
    Down(Download),
}

pub async fn run(
    session: &Session,
    connection: &ConnectionRef,
    args: Args,
    cancel: &CancellationToken,
) -> Result<bool, Error> {
    let from = Location::parse(&args.source).map_err(|m| Error::invalid("source", m))?;
    let to = Location::parse(&args.destination).map_err(|m| Error::invalid("destination", m))?;
    let jobs = match (from, to) {
        (Location::Local(path), Location::Remote { bucket, key }) => {
            let region = buckets::locate(session, &bucket).await;
            uploads(connection, &path, &bucket, &region, &key, args.recursive)?
        }
        (Location::Remote { bucket, key }, Location::Local(path)) => {
            let region = buckets::locate(session, &bucket).await;
            let template = Download {
                connection: connection.clone(),
                bucket,
                region,
                key: String::new(),
                version_id: None,
                destination: PathBuf::new(),
                overwrite: args.overwrite,
                listed_size: None,
            };
            downloads(session, &template, &key, &path, args.recursive).await?
        }
        _ => {
            return Err(Error::invalid("source", "One side of cp must be s3://BUCKET/KEY and the other a local path."))
        }
    };

    let saved = Prefs::load(&paths::config_dir_from_env());
    let prefs = Prefs {
        part_size_mib: args.part_size.unwrap_or(saved.part_size_mib),
        concurrency: args.concurrency.unwrap_or(saved.concurrency),
    };
    prefs.validate()?;
    let settings = prefs.apply(Settings::for_session(session));
    let journal = Journal::open(paths::journal_dir())?;
    let pool = Pool::new(settings.concurrency);
    let ctx = Context { session, settings, pool: &pool, journal: &journal, cancel, pause: None };
    let total: u64 = jobs.iter().map(job_size).sum();
    let progress = Counter::default();
    let ticker = Ticker::start(format!("{} files", jobs.len()), total, progress.clone());
    let started = Instant::now();

    let failures = stream::iter(jobs)
        .map(|job| {
            let (ctx, progress) = (&ctx, &progress);
            async move {
                let _admitted = match ctx.pool.admit(job_size(&job), &ctx.settings, ctx.cancel).await {
                    Ok(admitted) => admitted,
                    Err(e) => return Some((describe(&job), e)),
                };
                let result = match &job {
                    Job::Up(up) => transfers::upload(ctx, up, progress).await.map(drop),
                    Job::Down(down) => transfers::download(ctx, down, progress).await.map(drop),
                };
                result.err().map(|e| (describe(&job), e))
            }
        })
        .buffer_unordered(pool.files_at_once())
        .filter_map(|failure| async move { failure })
        .collect::<Vec<_>>()
        .await;
    ticker.stop();

    for (what, error) in &failures {
        eprintln!("failed: {what}");
        crate::report(error);
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{} in {seconds:.2} s ({}/s){}",
        size(progress.get()),
        size((progress.get() as f64 / seconds.max(0.001)) as u64),
        if failures.is_empty() { String::new() } else { format!(", {} failed", failures.len()) }
    );
    Ok(failures.is_empty())
}

fn job_size(job: &Job) -> u64 {
    match job {
        Job::Up(up) => std::fs::metadata(&up.source).map_or(0, |m| m.len()),
        // A single object's size is learnt from its first ranged GET.
        Job::Down(down) => down.listed_size.unwrap_or(0),
    }
}

fn describe(job: &Job) -> String {
    match job {
        Job::Up(up) => format!("{} → s3://{}/{}", up.source.display(), up.bucket, up.key),
        Job::Down(down) => format!("s3://{}/{} → {}", down.bucket, down.key, down.destination.display()),
    }
}

fn uploads(
    connection: &ConnectionRef,
    path: &Path,
    bucket: &str,
    region: &str,
    key: &str,
    recursive: bool,
) -> Result<Vec<Job>, Error> {
    let upload = |source: PathBuf, key: String| {
        Job::Up(Upload {
            connection: connection.clone(),
            source,
            bucket: bucket.to_owned(),
            region: region.to_owned(),
            key,
            options: ObjectOptions::default(),
        })
    };
    if path.is_dir() {
        if !recursive {
            return Err(Error::invalid("source", format!("{} is a folder: add -r to copy it.", path.display())));
        }
        let prefix = if key.is_empty() || key.ends_with('/') { key.to_owned() } else { format!("{key}/") };
        return Ok(plan::files_under(path, &prefix)?.into_iter().map(|(p, k)| upload(p, k)).collect());
    }
    let key = if key.is_empty() || key.ends_with('/') {
        format!("{key}{}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
    } else {
        key.to_owned()
    };
    Ok(vec![upload(path.to_owned(), key)])
}

/// Refuses a destination whose folder is missing before anything is downloaded (it would
/// otherwise be found only when the finished file is moved into place).
fn existing_folder(folder: Option<&Path>) -> Result<(), Error> {
    let Some(folder) = folder.filter(|f| !f.as_os_str().is_empty()) else { return Ok(()) };
    if folder.is_dir() {
        return Ok(());
    }
    Err(Error::invalid("destination", format!("The folder {} does not exist.", folder.display()))
        .with_hint("Create it first, or give a destination in a folder that exists."))
}

/// The downloads of `key` (everything under it with `recursive`) into `path`, each like
/// `template` but for its key and destination.
async fn downloads(
    session: &Session,
    template: &Download,
    key: &str,
    path: &Path,
    recursive: bool,
) -> Result<Vec<Job>, Error> {
    let (bucket, region) = (template.bucket.as_str(), template.region.as_str());
    let download = |key: String, destination: PathBuf, listed_size: Option<u64>| {
        Job::Down(Download { key, destination, listed_size, ..template.clone() })
    };
    if !recursive {
        if key.is_empty() || key.ends_with('/') {
            return Err(Error::invalid("source", format!("s3://{bucket}/{key} names a folder, not an object."))
                .with_hint("Give the object's key, or add -r to download everything under it."));
        }
        let name = key.rsplit('/').next().unwrap_or(key);
        let destination = if path.is_dir() { path.join(name) } else { path.to_owned() };
        existing_folder(destination.parent())?;
        return Ok(vec![download(key.to_owned(), destination, None)]);
    }
    let prefix = if key.is_empty() || key.ends_with('/') { key.to_owned() } else { format!("{key}/") };
    let (found, skipped) = plan::objects_under(session, bucket, region, &prefix, path).await?;
    skipped.iter().for_each(crate::report);
    Ok(found.into_iter().map(|o| download(o.key, o.destination, Some(o.size))).collect())
}
