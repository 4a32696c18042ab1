//! The server's cost per event, measured piece by piece on the `hjx!` Counter:
//!
//! - `counter_event/handle_patch_encode`: what a session does for one click once the frame is
//!   decoded: `Component::handle`, `Component::patch` for the dirty fields, and the PATCHES frame
//!   encoded as the runtime encodes it (`EncodedOps` for the session's operations, then
//!   `protocol::server::patches` under the next sequence number).
//! - `counter_event/{handle,patch,encode}`: the three parts alone.
//! - `counter_event/decode_dispatch`: the 4-byte click frame `93 01 02 00` decoded with the
//!   runtime's `ClientFrame::decode`, then `handle`.
//!
//! - `feed_append/{stream,keyed_vec}`: a click that appends one line to a page of 10,000 lines
//!   (handle, patch, encode): `Feed` keeps them as a stream, `FeedList` in a `Vec` under a
//!   keyed `for`.
//!
//! Run with `cargo bench -p hjx-bench --bench events`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hjx_bench::components::{CLICK_FRAME, Counter, Feed, FeedList};
use hjx_runtime::protocol::client::ClientFrame;
use hjx_runtime::protocol::server::{EncodedOps, patches};
use hjx_runtime::{Component, Event, EventKind, EventPayload, HydrationId, PatchScope};

fn click() -> Event {
    Event {
        hid: HydrationId(2),
        kind: EventKind::Click,
        payload: EventPayload::None,
    }
}

/// One event as a session runs it: handle, patch the dirty spots, encode the frame.
fn handle_patch_encode<C: Component<Shared = ()>>(
    counter: &mut C,
    event: &Event,
    seq: u64,
) -> Vec<u8> {
    let Ok(handled) = counter.handle(&mut (), event) else {
        return Vec::new();
    };
    let dirty = handled.dirty.union(counter.take_dirty());
    let mut ops = Vec::new();
    counter.patch(&(), dirty, PatchScope::SessionOnly, &mut ops);
    // The runtime frames a session's own operations after the (here empty) shared ones.
    let own = EncodedOps::new(&ops);
    patches(seq, &[&EncodedOps::default(), &own])
}

fn counter_event(c: &mut Criterion) {
    let mut group = c.benchmark_group("counter_event");
    let event = click();

    let mut counter = Counter::default();
    let mut seq = 0;
    group.bench_function("handle_patch_encode", |b| {
        b.iter(|| {
            seq += 1;
            black_box(handle_patch_encode(&mut counter, black_box(&event), seq))
        })
    });

    let mut counter = Counter::default();
    group.bench_function("handle", |b| {
        b.iter(|| black_box(counter.handle(&mut (), black_box(&event))))
    });

    let mut counter = Counter::default();
    let _ = counter.handle(&mut (), &event);
    let dirty = counter
        .handle(&mut (), &event)
        .map(|handled| handled.dirty)
        .unwrap_or_default();
    group.bench_function("patch", |b| {
        b.iter(|| {
            let mut ops = Vec::new();
            counter.patch(&(), black_box(dirty), PatchScope::SessionOnly, &mut ops);
            black_box(ops)
        })
    });

    let mut ops = Vec::new();
    counter.patch(&(), dirty, PatchScope::SessionOnly, &mut ops);
    group.bench_function("encode", |b| {
        b.iter(|| {
            let own = EncodedOps::new(black_box(&ops));
            black_box(patches(2, &[&EncodedOps::default(), &own]))
        })
    });

    let mut counter = Counter::default();
    group.bench_function("decode_dispatch", |b| {
        b.iter(|| match ClientFrame::decode(black_box(&CLICK_FRAME)) {
            Ok(ClientFrame::Event(event)) => black_box(counter.handle(&mut (), &event).ok()),
            _ => None,
        })
    });
    group.finish();
}

/// One append to a page of 10,000 lines, as a stream and as a keyed list. Each page is rendered
/// first, as its session's first page is: the stream's opening lines are sent then.
fn feed_append(c: &mut Criterion) {
    let mut group = c.benchmark_group("feed_append");
    let event = click();
    let mut feed = Feed::default();
    black_box(feed.render_to_string(&()));
    let mut seq = 0;
    group.bench_function("stream", |b| {
        b.iter(|| {
            seq += 1;
            black_box(handle_patch_encode(&mut feed, black_box(&event), seq))
        })
    });
    let mut list = FeedList::default();
    black_box(list.render_to_string(&()));
    group.bench_function("keyed_vec", |b| {
        b.iter(|| {
            seq += 1;
            black_box(handle_patch_encode(&mut list, black_box(&event), seq))
        })
    });
    group.finish();
}

criterion_group!(benches, counter_event, feed_append);
criterion_main!(benches);
