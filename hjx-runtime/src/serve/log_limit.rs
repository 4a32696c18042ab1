//! Repeated warnings, rate-limited: a flood of refused requests logs a few lines and a count,
//! not one line each (27,000 lines in one flood otherwise).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// How many lines one call site logs per window.
const LINES: u64 = 5;
/// The window, in seconds.
const WINDOW: u64 = 10;

/// `tracing::warn!` at most a few lines a window from this call site, each with the field
/// `suppressed`: how many lines were left out before it.
macro_rules! warn_limited {
    ($($arg:tt)+) => {{
        static LIMIT: $crate::serve::log_limit::LogLimit =
            $crate::serve::log_limit::LogLimit::new();
        if let Some(suppressed) = LIMIT.allow() {
            ::tracing::warn!(suppressed, $($arg)+);
        }
    }};
}

pub(crate) use warn_limited;

/// The budget of one call site ([`warn_limited!`] makes one each).
#[derive(Debug)]
pub(crate) struct LogLimit {
    /// The window's start (Unix seconds) in the high 32 bits, lines logged in it in the low.
    state: AtomicU64,
    /// Lines left out since the last one logged.
    suppressed: AtomicU64,
}

impl LogLimit {
    pub(crate) const fn new() -> LogLimit {
        LogLimit {
            state: AtomicU64::new(0),
            suppressed: AtomicU64::new(0),
        }
    }

    /// Whether to log a line now; if so, how many were left out before it.
    pub(crate) fn allow(&self) -> Option<u64> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        self.allow_at(now)
    }

    fn allow_at(&self, now: u64) -> Option<u64> {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            let (start, count) = (state >> 32, state & 0xffff_ffff);
            let next = if now.saturating_sub(start) >= WINDOW {
                (now << 32) | 1
            } else if count < LINES {
                state + 1
            } else {
                self.suppressed.fetch_add(1, Ordering::Relaxed);
                return None;
            };
            match self.state.compare_exchange_weak(
                state,
                next,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(self.suppressed.swap(0, Ordering::Relaxed)),
                Err(actual) => state = actual,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_lines_a_window_then_the_count_of_those_left_out() {
        let limit = LogLimit::new();
        let logged = (0..1000).filter(|_| limit.allow_at(100).is_some()).count();
        assert_eq!(logged, 5);
        assert_eq!(limit.allow_at(110), Some(995));
        assert_eq!(limit.allow_at(111), Some(0));
    }
}
