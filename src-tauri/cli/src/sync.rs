//! `s3desk sync`: a folder and a prefix made the same, one way, by the engine's sync (the
//! window's). The plan is printed first (every line with `--dry-run`, which stops there);
//! `--json` prints it and the outcome as one JSON object a line, for scripts.

use s3desk_engine::catalog::ConnectionRef;
use s3desk_engine::sync::{self, Action, Compare, Direction, Options, Plan, Sides};
use s3desk_engine::{buckets, Error, Session};
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::batch_line::{until_stopped, Line, Tuning, BATCH};
use crate::location::Location;
use crate::progress::size;

#[derive(clap::Args)]
pub struct Args {
    /// A local folder, or s3://BUCKET/PREFIX.
    source: String,
    /// s3://BUCKET/PREFIX, or a local folder: the side made like the source.
    destination: String,
    /// Delete what the destination has and the source does not (after everything is sent).
    #[arg(long)]
    delete: bool,
    /// Print the plan and stop: nothing is sent or deleted.
    #[arg(long)]
    dry_run: bool,
    /// How files and objects are found the same.
    #[arg(long, value_enum, default_value_t = CompareArg::SizeTime)]
    compare: CompareArg,
    /// Leave out names matching GLOB (`*.tmp`, `node_modules`, `.git/`); repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Take only names matching GLOB; repeatable.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Also sync names starting with a dot.
    #[arg(long)]
    hidden: bool,
    /// Follow symbolic links that lead to something inside the folder.
    #[arg(long)]
    follow_links: bool,
    /// One JSON object a line: each planned name, the plan's totals, the outcome.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    tuning: Tuning,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CompareArg {
    /// Same size, and the source not newer (the default: the listing alone tells).
    SizeTime,
    /// Same content: MD5 against the object's ETag.
    Content,
    /// Same size.
    Size,
}

pub async fn run(
    session: &Session,
    connection: &ConnectionRef,
    args: Args,
    stop: &CancellationToken,
) -> Result<bool, Error> {
    let (from, to) = Location::ends(&args.source, &args.destination)?;
    let (direction, folder, bucket, prefix) = match (from, to) {
        (Location::Local(folder), Location::Remote { bucket, key }) => (Direction::Up, folder, bucket, key),
        (Location::Remote { bucket, key }, Location::Local(folder)) => (Direction::Down, folder, bucket, key),
        _ => {
            return Err(Error::invalid(
                "source",
                "One side of sync must be s3://BUCKET/PREFIX and the other a local folder.",
            ))
        }
    };
    let region = buckets::locate(session, &bucket).await;
    let settings = args.tuning.settings(session, connection, &bucket, &region).await?;
    let options = Options {
        compare: match args.compare {
            CompareArg::SizeTime => Compare::SizeAndTime,
            CompareArg::Content => Compare::Content,
            CompareArg::Size => Compare::Size,
        },
        delete: args.delete,
        excludes: args.exclude,
        includes: args.include,
        hidden: args.hidden,
        follow_links: args.follow_links,
    };
    let sides = Sides { folder: &folder, bucket: &bucket, region: &region, prefix: &prefix };
    let plan = sync::plan(session, sides, direction, &options, &settings, stop).await?;
    show_plan(&plan, args.dry_run, args.json);
    if args.dry_run {
        return Ok(plan.problems.is_empty());
    }

    let (line, mut tally) = Line::start(&settings, direction == Direction::Up)?;
    let cancel = line.operations.start(BATCH);
    let batch = line.batch(&cancel, session, settings);
    let running = sync::run(batch, connection, &plan, |events| events.into_iter().for_each(|e| tally.take(e)));
    let report = until_stopped(running, stop, &line.operations).await;
    let (parts_sent, parts) = (tally.parts_sent, tally.parts);
    let sent = line.finish(&tally, &report.transfers, "sync");
    for failure in &report.failures {
        eprintln!("not deleted: {}", failure.key);
        crate::report(&failure.error);
    }
    if report.deletes_skipped > 0 {
        eprintln!(
            "{} extras were not deleted: a sync deletes only once everything it sends is there.",
            report.deletes_skipped
        );
    }
    if plan.delete {
        eprintln!("deleted {}", report.deleted);
    }
    if args.json {
        let t = &report.transfers;
        let not_deleted = report.failures.len() + report.deletes_skipped;
        println!(
            "{}",
            json!({"done": t.done, "failed": t.failed, "stopped": t.cancelled + t.paused, "bytes": t.bytes,
                   "parts_sent": parts_sent, "parts": parts, "deleted": report.deleted, "not_deleted": not_deleted})
        );
    }
    Ok(sent && report.failures.is_empty() && report.deletes_skipped == 0 && plan.problems.is_empty())
}

/// The plan: its totals always; with `every_line`, each name that is not the same.
fn show_plan(plan: &Plan, every_line: bool, json: bool) {
    let up = plan.direction == Direction::Up;
    for item in &plan.items {
        let word = match (item.action, plan.delete) {
            (Action::New, _) => "new",
            (Action::Changed, _) => "changed",
            (Action::Extra, true) => "delete",
            (Action::Extra, false) => "extra",
            (Action::Same, _) => "same",
        };
        let size = item.size(plan.direction);
        if json {
            println!("{}", json!({"action": word, "name": item.name, "size": size}));
        } else if every_line && item.action != Action::Same {
            println!("{word:<8} {} ({})", item.name, crate::progress::size(size));
        }
    }
    for problem in &plan.problems {
        if json {
            println!("{}", json!({"action": "skipped", "name": problem.name, "why": problem.error.message()}));
        } else {
            eprintln!("skipped: {}: {}", problem.name, problem.error.message());
        }
    }
    let t = &plan.totals;
    if json {
        let totals = json!({"new": t.new, "changed": t.changed, "extra": t.extra, "deleted": t.deleted, "same": t.same,
            "problems": t.problems, "bytes": t.bytes, "requests_made": t.requests_made, "requests_to_make": t.requests_to_make});
        println!("{}", json!({ "plan": totals }));
        return;
    }
    let verb = if up { "upload" } else { "download" };
    let extras = match (t.extra, plan.delete) {
        (0, _) => String::new(),
        (n, true) => format!(", {n} to delete"),
        (n, false) => format!(", {n} extra kept (--delete deletes them)"),
    };
    eprintln!(
        "plan: {} new, {} changed ({} to {verb}){extras}, {} the same{}; {} requests made, about {} to make",
        t.new,
        t.changed,
        size(t.bytes),
        t.same,
        if t.problems == 0 { String::new() } else { format!(", {} skipped", t.problems) },
        t.requests_made,
        t.requests_to_make
    );
    if plan.versioned && t.deleted > 0 {
        eprintln!("The bucket keeps versions: deleted objects stay as older versions.");
    }
    if plan.empty_folders > 0 {
        eprintln!("{} empty folders are not synced: S3 has no folders, only keys.", plan.empty_folders);
    }
}
