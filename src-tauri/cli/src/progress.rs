//! One line of progress on the terminal, redrawn a few times a second: bytes, total,
//! speed. Nothing is drawn when stderr is not a terminal (scripts, benchmarks).

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

pub struct Ticker {
    task: Option<JoinHandle<()>>,
}

impl Ticker {
    /// Draws `done` of `total` bytes of `files`, all kept up to date by whoever moves them
    /// (files and total grow while a folder is still being walked or listed).
    pub fn start(files: Arc<AtomicU64>, total: Arc<AtomicU64>, done: Arc<AtomicU64>) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self { task: None };
        }
        let task = tokio::spawn(async move {
            let started = Instant::now();
            loop {
                tokio::time::sleep(Duration::from_millis(250)).await;
                let (done, total) = (done.load(Ordering::Relaxed), total.load(Ordering::Relaxed));
                let files = match files.load(Ordering::Relaxed) {
                    1 => "1 file".to_owned(),
                    n => format!("{n} files"),
                };
                let speed = done as f64 / started.elapsed().as_secs_f64().max(0.001);
                eprint!("\r{files}: {} of {} ({}/s)   ", size(done), size(total), size(speed as u64));
                let _ = std::io::stderr().flush();
            }
        });
        Self { task: Some(task) }
    }

    pub fn stop(self) {
        if let Some(task) = self.task {
            task.abort();
            eprint!("\r\x1b[2K");
        }
    }
}

pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
