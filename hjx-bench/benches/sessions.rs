//! Sessions of one component served at once: does one wait on another?
//!
//! - `sessions/one_thread`: one session of the Counter takes clicks through the dispatch an
//!   attached socket runs (decode, handle, patch, encode, queue), and its queue is drained.
//! - `sessions/two_threads`: two sessions of the same component (one hub, as two pages of one
//!   app) do the same at once, each on a thread of its own. The time is per click over both: on
//!   two cores it is half of `one_thread`'s when the sessions never wait on each other.
//!
//! Run with `cargo bench -p hjx-bench --bench sessions`.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use hjx_bench::components::{CLICK_FRAME, Counter};
use hjx_runtime::Config;
use hjx_runtime::testing::DetachedSession;

/// A budget no benchmark reaches: the rate limit would otherwise answer most clicks.
fn config() -> Config {
    Config::default().rate_limit(1e12, u32::MAX)
}

/// `clicks` clicks on `session`, each answered and its frame taken off the queue.
fn clicks(session: &mut DetachedSession<Counter>, clicks: u64) {
    for _ in 0..clicks {
        let reply = session.frame(&CLICK_FRAME);
        assert!(
            reply.frames.is_empty(),
            "a click is answered by its REPLY alone"
        );
        let sent = session.outgoing();
        assert_eq!(sent.len(), 1, "one REPLY per click");
    }
}

fn sessions(c: &mut Criterion) {
    let mut group = c.benchmark_group("sessions");
    let (mut alone, _) = DetachedSession::<Counter>::new(config());
    group.bench_function("one_thread", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            clicks(&mut alone, iters);
            start.elapsed()
        })
    });
    let (mut first, _) = DetachedSession::<Counter>::new(config());
    let (mut second, _) = first.beside(config());
    group.bench_function("two_threads", |b| {
        b.iter_custom(|iters| {
            // Each thread takes half the clicks; the time is per click over both.
            let half = iters.div_ceil(2);
            let start = Instant::now();
            std::thread::scope(|scope| {
                scope.spawn(|| clicks(&mut first, half));
                scope.spawn(|| clicks(&mut second, half));
            });
            start.elapsed().mul_f64(iters as f64 / (2 * half) as f64)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3));
    targets = sessions
}
criterion_main!(benches);
