//! The tracker example's list page with 1,000 items: rendering the component (what the page
//! request does after its mount hook), and the whole page request over loopback HTTP (the
//! cookie check, the mount hook's SQLite query for every item, the render, a new session), with
//! the counter's page request measured in the same run as a baseline.
//!
//! Run with `cargo bench -p hjx-bench --bench tracker`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hjx_bench::server::config;
use hjx_bench::tracker::seeded;
use hjx_examples::counter::Counter;
use hjx_examples::tracker::{self, ItemList, percent_encoded};
use hjx_runtime::{Component, Live, Load, serve_router};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Items on the list page.
const ITEMS: usize = 1000;

/// `GET path` with `Connection: close` and a `Cookie`; the response's length.
async fn get(addr: std::net::SocketAddr, path: &str, cookie: &str) -> usize {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    assert!(
        raw.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&raw[..64.min(raw.len())])
    );
    raw.len()
}

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
    group.bench_function("page_request", |b| {
        b.iter(|| black_box(runtime.block_on(get(tracker_addr, "/", &cookie))))
    });
    group.bench_function("counter_page_request", |b| {
        b.iter(|| black_box(runtime.block_on(get(counter_addr, "/", ""))))
    });
    group.finish();
}

criterion_group!(benches, list_page);
criterion_main!(benches);
