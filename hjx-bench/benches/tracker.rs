//! The tracker example's list page with 1,000 items: rendering the component (what the page
//! request does after its mount hook), and the whole page request over loopback HTTP (the
//! cookie check, the mount hook's SQLite query for every item, the render, a new session), with
//! the counter's page request measured in the same run as a baseline.
//!
//! Run with `cargo bench -p hjx-bench --bench tracker`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hjx_bench::load::net::{self, Sources};
use hjx_bench::server::config;
use hjx_bench::tracker::seeded;
use hjx_examples::counter::Counter;
use hjx_examples::tracker::{self, ItemList, percent_encoded};
use hjx_runtime::{Component, Live, Load, serve_router};
use tokio::net::TcpListener;

/// Items on the list page.
const ITEMS: usize = 1000;

fn list_page(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (_file, db) = runtime.block_on(seeded(ITEMS));
    let items = runtime.block_on(db.items("")).expect("query");
    assert_eq!(items.len(), ITEMS);

    let mut page = ItemList::default();
    page.set_user("Ada".to_owned());
    page.set_items(Load::ready(items));
    let html = page.render_to_string(&());
    println!("output_bytes tracker list, {ITEMS} items: {}", html.len());

    // The app and, as a baseline, the counter, each on a loopback port of its own.
    let (tracker_addr, counter_addr) = runtime.block_on(async {
        // Every request starts a session that no socket attaches to: a short grace period ends
        // them as fast as the benchmark makes them.
        let config = config().grace(Duration::from_millis(500));
        let (router, handle) = tracker::app_with(config.clone(), db.clone());
        let tracker = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let tracker_addr = tracker.local_addr().expect("addr");
        tokio::spawn(serve_router(
            tracker,
            router,
            handle,
            std::future::pending(),
        ));
        let counter = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let counter_addr = counter.local_addr().expect("addr");
        let live = Live::with_config(config).mount::<Counter>("/");
        tokio::spawn(serve_router(
            counter,
            live.router(),
            live.handle(),
            std::future::pending(),
        ));
        (tracker_addr, counter_addr)
    });
    let cookie = format!("{}={}", tracker::USER_COOKIE, percent_encoded("Ada"));

    let mut group = c.benchmark_group("tracker_list_1000_items");
    group.sample_size(30);
    group.bench_function("render", |b| {
        b.iter(|| black_box(page.render_to_string(&())))
    });
    // The load tool's page request: `Connection: close`, the body read to its end, 200 required.
    let sources = Sources::new(1);
    let get = |addr, cookie| {
        let page = runtime.block_on(net::get(&sources, addr, "/", cookie));
        page.expect("the page").len()
    };
    group.bench_function("page_request", |b| {
        b.iter(|| black_box(get(tracker_addr, Some(cookie.as_str()))))
    });
    group.bench_function("counter_page_request", |b| {
        b.iter(|| black_box(get(counter_addr, None)))
    });
    group.finish();
}

criterion_group!(benches, list_page);
criterion_main!(benches);
