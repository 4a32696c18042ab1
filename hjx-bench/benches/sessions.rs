//! Sessions of one component served at once: does one wait on another?
//!
//! - `sessions/one_thread`: one session of the Counter takes clicks through the dispatch an
//!   attached socket runs (decode, handle, patch, encode, queue), and its queue is drained.
//! - `sessions/two_threads`: two sessions of the same component (one hub, as two pages of one
//!   app) do the same at once, each on a thread of its own. The time is per click over both: on
//!   two cores it is half of `one_thread`'s when the sessions never wait on each other.
//! - `sessions/beside_a_fan_out`: one session of `Wall` clicks its own (per-session) button
//!   while, on another thread, another session keeps changing the `shared:` total, each change
//!   going out to 2,000 more sessions of the same component. The time is per own click: what a
//!   shared fan-out costs the events of the other sessions.
//!
//! Run with `cargo bench -p hjx-bench --bench sessions`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use hjx_bench::components::{CLICK_FRAME, Counter, Wall};
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
    beside_a_fan_out(&mut group);
    group.finish();
}

/// The click on `Wall`'s own button (hydration ID 4): `[1, 4, 0]`.
const OWN_CLICK: [u8; 4] = [0x93, 0x01, 0x04, 0x00];

fn beside_a_fan_out(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    // Room for every frame a run queues, so that each fan-out does its whole work.
    let roomy = || config().outbox_capacity(1 << 22).outbox_bytes(1 << 34);
    let (mut writer, html) = DetachedSession::<Wall>::new(roomy());
    assert!(
        html.contains("data-hid=\"4\""),
        "the own button is hydration ID 4: {html}"
    );
    let (mut own, _) = writer.beside(roomy());
    let others: Vec<_> = (0..2_000).map(|_| writer.beside(roomy()).0).collect();
    group.bench_function("beside_a_fan_out", |b| {
        b.iter_custom(|iters| {
            let stop = AtomicBool::new(false);
            std::thread::scope(|scope| {
                scope.spawn(|| {
                    while !stop.load(Ordering::Relaxed) {
                        let _ = writer.frame(&CLICK_FRAME);
                        let _ = writer.outgoing();
                    }
                });
                let start = Instant::now();
                for _ in 0..iters {
                    let _ = own.frame(&OWN_CLICK);
                    let _ = own.outgoing();
                }
                let elapsed = start.elapsed();
                stop.store(true, Ordering::Relaxed);
                elapsed
            })
        })
    });
    drop(others);
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3));
    targets = sessions
}
criterion_main!(benches);
