//! Server-side rendering of components (`Component::render_to_string`, what a page `GET` runs).
//!
//! - `render/counter`: the `hjx!` Counter.
//!
//! Run with `cargo bench -p hjx-bench --bench render`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hjx_bench::components::Counter;
use hjx_runtime::Component;

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    let mut counter = Counter::default();
    counter.set_count(42);
    group.bench_function("counter", |b| {
        b.iter(|| black_box(black_box(&counter).render_to_string(&())))
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
