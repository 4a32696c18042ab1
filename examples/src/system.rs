//! A tiny sampler of the machine's clock, load and memory, read from `/proc` where it exists
//! (zeros elsewhere), so the dashboard needs no extra crates.

use std::time::{SystemTime, UNIX_EPOCH};

/// One reading.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// UTC wall-clock time, `HH:MM:SS`.
    pub time: String,
    /// The one-minute load average as a percentage of the available cores.
    pub cpu: f64,
    /// Memory in use, in percent.
    pub memory: f64,
}

/// Reads the clock, load and memory now.
pub fn sample() -> Sample {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
        % 86_400;
    Sample {
        time: format!(
            "{:02}:{:02}:{:02} UTC",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        ),
        cpu: cpu_percent().unwrap_or(0.0),
        memory: memory_percent().unwrap_or(0.0),
    }
}

fn cpu_percent() -> Option<f64> {
    let load: f64 = std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from) as f64;
    Some((load / cores * 100.0).min(100.0))
}

fn memory_percent() -> Option<f64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = meminfo.lines().find(|line| line.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    let total = field("MemTotal:")?;
    let available = field("MemAvailable:")?;
    (total > 0.0).then(|| (1.0 - available / total) * 100.0)
}
