//! A server-driven dashboard (`Dashboard.hjx`): `shared:` readings that `init_shared` takes
//! every second, the last ones kept as a history list, meter widths set through `style`, a level
//! class (`ok`, `warn`, `high`) through `class`, and a load alert.

use std::time::Duration;

use hjx_runtime::{SharedStore, include_hjx};

use crate::system::{Sample, sample};

/// How many readings the history keeps.
pub const HISTORY: usize = 8;

/// One reading in the history list.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// Its sequence number: the list's key.
    pub taken: u64,
    /// When it was taken, `HH:MM:SS UTC`.
    pub time: String,
    /// CPU load in percent.
    pub cpu: f64,
}

include_hjx!("Dashboard.hjx");

impl DashboardShared {
    /// Shows `sample` as the current reading and appends it to the history.
    pub fn record(&mut self, sample: Sample) {
        let taken = self.taken + 1;
        let mut history = self.history.clone();
        history.push(Reading {
            taken,
            time: sample.time.clone(),
            cpu: sample.cpu,
        });
        let excess = history.len().saturating_sub(HISTORY);
        history.drain(..excess);
        self.set_taken(taken);
        self.set_history(history);
        self.set_time(sample.time);
        self.set_cpu(sample.cpu);
        self.set_memory(sample.memory);
    }
}

/// `ok` below 50 %, `warn` below 80 %, `high` above.
pub fn level(percent: f64) -> &'static str {
    if percent >= 80.0 {
        "high"
    } else if percent >= 50.0 {
        "warn"
    } else {
        "ok"
    }
}
