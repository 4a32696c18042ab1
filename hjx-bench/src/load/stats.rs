//! What one run measured, and the medians across runs.

use std::time::Duration;

/// The figures of one timed run of clicks.
#[derive(Clone, Debug, Default)]
pub struct RunFigures {
    /// Clicks answered by a patch.
    pub events: u64,
    /// Clicks that got an error, a closed socket or no answer in time.
    pub failed: u64,
    /// From the first click sent to the last answer.
    pub elapsed: Duration,
    /// Round trips (click sent → patch read), in microseconds, sorted.
    pub latencies_us: Vec<u32>,
    /// Payload bytes sent during the run.
    pub bytes_up: u64,
    /// Payload bytes received during the run.
    pub bytes_down: u64,
    /// CPU time (user + system) the server process spent during the run, when it was spawned.
    pub server_cpu: Option<Duration>,
    /// CPU time the load tool itself spent during the run.
    pub client_cpu: Option<Duration>,
    /// The server's RSS in bytes, sampled during the run (`--rss-every`): seconds since the
    /// run's start, bytes.
    pub rss_samples: Vec<(f64, u64)>,
    /// Each session's own median round trip, in microseconds, sorted (for fairness).
    pub session_medians_us: Vec<u32>,
}

impl RunFigures {
    /// Answered events per second.
    pub fn events_per_second(&self) -> f64 {
        self.events as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `q` quantile of the round trips (0.5, 0.99, 0.999), in milliseconds.
    pub fn latency_ms(&self, q: f64) -> f64 {
        quantile(&self.latencies_us, q) / 1000.0
    }

    /// Payload bytes sent per answered event.
    pub fn up_per_event(&self) -> f64 {
        self.bytes_up as f64 / self.events.max(1) as f64
    }

    /// Payload bytes received per answered event.
    pub fn down_per_event(&self) -> f64 {
        self.bytes_down as f64 / self.events.max(1) as f64
    }

    /// Server CPU time per answered event, in microseconds (NaN when unknown).
    pub fn server_cpu_per_event_us(&self) -> f64 {
        self.per_event_us(self.server_cpu)
    }

    /// Load tool CPU time per answered event, in microseconds (NaN when unknown).
    pub fn client_cpu_per_event_us(&self) -> f64 {
        self.per_event_us(self.client_cpu)
    }

    fn per_event_us(&self, cpu: Option<Duration>) -> f64 {
        cpu.map_or(f64::NAN, |cpu| {
            cpu.as_secs_f64() * 1e6 / self.events.max(1) as f64
        })
    }

    /// Adds one session's share of the run.
    pub fn absorb(&mut self, other: RunFigures) {
        self.events += other.events;
        self.failed += other.failed;
        self.bytes_up += other.bytes_up;
        self.bytes_down += other.bytes_down;
        self.latencies_us.extend(other.latencies_us);
        self.session_medians_us.extend(other.session_medians_us);
    }

    /// The p99 of the sessions' own median round trips, in milliseconds: how far the worst
    /// served sessions are from the rest.
    pub fn fairness_ms(&self) -> f64 {
        quantile(&self.session_medians_us, 0.99) / 1000.0
    }
}

/// The `q` quantile of sorted `values` (nearest rank); 0 when empty.
pub fn quantile(sorted: &[u32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64) * q).ceil() as usize;
    f64::from(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// The median of `values` (the mean of the middle two for an even count); 0 when empty.
pub fn median(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.into_iter().collect();
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_take_the_nearest_rank() {
        let values: Vec<u32> = (1..=1000).collect();
        assert_eq!(quantile(&values, 0.5), 500.0);
        assert_eq!(quantile(&values, 0.99), 990.0);
        assert_eq!(quantile(&values, 0.999), 999.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median([3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median([4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median([]), 0.0);
    }
}
