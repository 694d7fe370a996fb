//! `s3desk cp`: uploads and downloads of files and folders, planned and run by the engine's
//! batches exactly as the window runs them (the same settings, Transfer Acceleration where
//! the bucket has it on, the same journal), with the batch's events drawn as one line.

use std::path::Path;

use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::transfers::batch;
use s3desk_engine::transfers::plan::{self, Plan, Wanted, WantedObject};
use s3desk_engine::transfers::ObjectOptions;
use s3desk_engine::{buckets, Error, Session};
use tokio_util::sync::CancellationToken;

use crate::batch_line::{until_stopped, Line, Tuning, BATCH};
use crate::location::Location;

#[derive(clap::Args)]
pub struct Args {
    source: String,
    destination: String,
    /// Copy a folder and everything in it (a prefix, when downloading).
    #[arg(short, long)]
    recursive: bool,
    #[command(flatten)]
    tuning: Tuning,
    /// Replace local files that exist (downloads).
    #[arg(long)]
    overwrite: bool,
}

/// Runs `cp`; `stop` (Ctrl-C, SIGTERM) pauses it (see [`batch_line`]).
pub async fn run(
    session: &Session,
    connection: &ConnectionRef,
    args: Args,
    stop: &CancellationToken,
) -> Result<bool, Error> {
    let (from, to) = Location::ends(&args.source, &args.destination)?;
    let (upload, bucket, region, plan) = match (from, to) {
        (Location::Local(path), Location::Remote { bucket, key }) => {
            let region = buckets::locate(session, &bucket).await;
            let plan = uploads(connection, &path, &bucket, &region, &key, args.recursive)?;
            (true, bucket, region, plan)
        }
        (Location::Remote { bucket, key }, Location::Local(path)) => {
            let region = buckets::locate(session, &bucket).await;
            let wanted = downloads(&bucket, &key, &path, args.recursive, args.overwrite)?;
            (false, bucket, region, Plan::Downloads(wanted))
        }
        _ => {
            return Err(Error::invalid("source", "One side of cp must be s3://BUCKET/KEY and the other a local path."))
        }
    };

    let settings = args.tuning.settings(session, connection, &bucket, &region).await?;
    let (line, mut tally) = Line::start(&settings, upload)?;
    let cancel = line.operations.start(BATCH);
    let files = plan.files(session, connection, &bucket, &region);
    let running = batch::run(line.batch(&cancel, session, settings), files, |events| {
        events.into_iter().for_each(|e| tally.take(e))
    });
    let summary = until_stopped(running, stop, &line.operations).await;
    Ok(line.finish(&tally, &summary, "cp"))
}

fn uploads(
    connection: &ConnectionRef,
    path: &Path,
    bucket: &str,
    region: &str,
    key: &str,
    recursive: bool,
) -> Result<Plan, Error> {
    let options = ObjectOptions::default();
    if path.is_dir() {
        if !recursive {
            return Err(Error::invalid("source", format!("{} is a folder: add -r to copy it.", path.display())));
        }
        let prefix = if key.is_empty() || key.ends_with('/') { key.to_owned() } else { format!("{key}/") };
        return Ok(Plan::Uploads { paths: vec![path.to_owned()], prefix, options });
    }
    if !path.exists() {
        return Err(Error::invalid("source", format!("{} does not exist.", path.display())));
    }
    // A key ending in `/` (or none) is a folder: the file goes in it under its own name.
    if key.is_empty() || key.ends_with('/') {
        return Ok(Plan::Uploads { paths: vec![path.to_owned()], prefix: key.to_owned(), options });
    }
    // The journal knows an upload by its file, however it was named (see `plan::uploads`).
    let source = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    Ok(Plan::Given(vec![plan::upload_of(connection, source, bucket, region, key.to_owned(), &options)]))
}

/// What to download: one object to a file, or with `recursive` a prefix into a folder.
fn downloads(bucket: &str, key: &str, path: &Path, recursive: bool, overwrite: bool) -> Result<Wanted, Error> {
    if recursive {
        let prefix = if key.is_empty() || key.ends_with('/') { key.to_owned() } else { format!("{key}/") };
        return Ok(Wanted { folders: vec![(prefix, path.to_owned())], overwrite, ..Wanted::default() });
    }
    if key.is_empty() || key.ends_with('/') {
        return Err(Error::invalid("source", format!("s3://{bucket}/{key} names a folder, not an object."))
            .with_hint("Give the object's key, or add -r to download everything under it."));
    }
    let name = key.rsplit('/').next().unwrap_or(key);
    let destination = if path.is_dir() { path.join(name) } else { path.to_owned() };
    existing_folder(destination.parent())?;
    let object = WantedObject { key: key.to_owned(), version_id: None, destination, size: None };
    Ok(Wanted { objects: vec![object], overwrite, ..Wanted::default() })
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
