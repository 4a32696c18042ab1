//! The per-session limit on how fast a client may send frames: a token bucket, kept as one
//! atomic (the generic cell rate algorithm), so that taking a token takes no lock.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Allows `per_second` frames on average in bursts of up to `burst`.
///
/// The bucket is one instant: when it would be full again, `full_at`, in nanoseconds from
/// `start`. A frame at `now` is allowed while that instant, moved on by one frame's interval,
/// lies at most a whole bucket (`burst` intervals) after `now`.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    start: Instant,
    /// Nanoseconds a token takes to come back.
    interval: u64,
    /// Nanoseconds a full bucket takes to come back.
    bucket: u64,
    full_at: AtomicU64,
}

impl RateLimiter {
    pub(crate) fn new(per_second: f64, burst: f64) -> RateLimiter {
        // Float to integer casts saturate. A rate of zero never refills: its interval is as
        // long as a bucket of `burst` can hold without overflowing.
        let burst = (burst.max(1.0) as u64).min(u64::MAX / 2);
        let interval = ((1e9 / per_second) as u64).clamp(1, u64::MAX / (burst + 1));
        RateLimiter {
            start: Instant::now(),
            interval,
            bucket: interval * burst,
            full_at: AtomicU64::new(0),
        }
    }

    /// Takes one token if there is one.
    pub(crate) fn allow(&self, now: Instant) -> bool {
        let now =
            u64::try_from(now.saturating_duration_since(self.start).as_nanos()).unwrap_or(u64::MAX);
        let mut full_at = self.full_at.load(Ordering::Relaxed);
        loop {
            let next = full_at.max(now).saturating_add(self.interval);
            if next - now > self.bucket {
                return false;
            }
            match self.full_at.compare_exchange_weak(
                full_at,
                next,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(current) => full_at = current,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_refused_until_tokens_refill() {
        let limiter = RateLimiter::new(2.0, 3.0);
        let start = limiter.start;
        assert!((0..3).all(|_| limiter.allow(start)));
        assert!(!limiter.allow(start));
        assert!(limiter.allow(start + Duration::from_millis(500)));
        assert!(!limiter.allow(start + Duration::from_millis(500)));
        // A long pause refills the bucket, but no further than its size.
        let later = start + Duration::from_secs(60);
        assert!((0..3).all(|_| limiter.allow(later)));
        assert!(!limiter.allow(later));
    }

    #[test]
    fn the_rate_holds_on_average_past_the_burst() {
        let limiter = RateLimiter::new(50.0, 200.0);
        let start = limiter.start;
        // 1,000 frames a second for 10 s: the burst, then 50 a second.
        let allowed = (0..10_000)
            .filter(|i| limiter.allow(start + Duration::from_millis(*i)))
            .count();
        assert!((200 + 490..=200 + 510).contains(&allowed), "{allowed}");
    }

    #[test]
    fn huge_and_zero_rates_neither_overflow_nor_refill() {
        let open = RateLimiter::new(1e9, 1_073_741_824.0);
        let start = open.start;
        assert!((0..100_000).all(|_| open.allow(start)));
        let shut = RateLimiter::new(0.0, 2.0);
        let start = shut.start;
        assert!(shut.allow(start) && shut.allow(start));
        assert!(!shut.allow(start + Duration::from_secs(3600)));
    }
}
