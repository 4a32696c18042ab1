//! Server-side rendering and list patching of `hjx!` components.
//!
//! - `render/counter`: the Counter's HTML (`Component::render_to_string`, what a page `GET`
//!   runs).
//! - `render/table_1000_rows`: a keyed table of 1,000 rows (`lists::Table`).
//! - `keyed_list/one_changed_row_of_10000`: one row's label changed in a keyed table of 10,000
//!   rows, then `Component::patch` for the `rows` field (the keyed diff visits every item) and the
//!   PATCHES frame encoded, as a session does after the handler.
//! - `keyed_list/one_changed_row_of_10000_rows`: the same over `Rows` (`lists::RowsTable`): the
//!   write records its row, and the patch looks at that row alone.
//! - `keyed_list/append_to_10000{,_rows}`: one row appended to a keyed table of 10,000 (and
//!   more, as the samples append), then the patch and its frame: over a `Vec` the keyed diff
//!   compares every row; over `Rows` the new row is rendered alone.
//! - `keyed_list/item_event_on_the_last_of_10000`: a click on the button of the last of 10,000
//!   keyed rows, `Component::handle` finding the row it was rendered for.
//! - `keyed_list/reverse_{1000,10000}`: the rows of a keyed table reversed, then the patch (the
//!   moves a longest increasing subsequence cannot avoid: all but one) and its frame. Ten times the
//!   rows should cost about ten times the time, not a hundred.
//!
//! Run with `cargo bench -p hjx-bench --bench render`.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use hjx_bench::components::Counter;
use hjx_bench::lists::{PickTable, Row, RowsTable, Table, field, row, rows};
use hjx_runtime::protocol::server::{EncodedOps, patches};
use hjx_runtime::{
    Component, Event, EventKind, EventPayload, FieldSet, HydrationId, PatchScope, Tracked,
};

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    let mut counter = Counter::default();
    counter.set_count(42);
    group.bench_function("counter", |b| {
        b.iter(|| black_box(black_box(&counter).render_to_string(&())))
    });
    let mut table = Table::default();
    table.set_rows(rows(1_000));
    group.bench_function("table_1000_rows", |b| {
        b.iter(|| black_box(black_box(&table).render_to_string(&())))
    });
    group.finish();
}

/// The patch of `dirty` and its PATCHES frame, as a session sends it after a handler.
fn patch_frame<C: Component<Shared = ()>>(component: &C, dirty: FieldSet, seq: u64) -> Vec<u8> {
    let mut ops = Vec::new();
    component.patch(&(), dirty, PatchScope::SessionOnly, &mut ops);
    let own = EncodedOps::new(&ops);
    patches(seq, &[&EncodedOps::default(), &own])
}

/// The time of `iters` rows appended (`push`) to a fresh table of 10,000 (`fill`), each
/// followed by the patch of the `rows` field and its frame.
fn appends<C: Component<Shared = ()>>(
    iters: u64,
    fill: impl Fn(&mut C, Vec<Row>),
    push: impl Fn(&mut C, Row),
) -> std::time::Duration {
    let mut table = C::default();
    fill(&mut table, rows(10_000));
    let _ = table.take_dirty();
    let _ = table.render_to_string(&());
    let dirty = field::<C>("rows");
    let start = Instant::now();
    for id in 0..iters {
        push(&mut table, row(10_000 + id));
        black_box(patch_frame(&table, dirty, id));
    }
    start.elapsed()
}

fn keyed_list(c: &mut Criterion) {
    let mut group = c.benchmark_group("keyed_list");
    let mut table = Table::default();
    table.set_rows(rows(10_000));
    let _ = table.take_dirty();
    // The page render fills the list's memory that patches are computed against.
    let _ = table.render_to_string(&());
    let dirty = field::<Table>("rows");
    let mut flip = false;
    let mut seq = 0;
    group.bench_function("one_changed_row_of_10000", |b| {
        b.iter(|| {
            // The change itself (one label written in place) is part of the figure: ~20 ns.
            flip = !flip;
            table.rows[5_000].label = if flip { "changed" } else { "row 5000" }.to_owned();
            seq += 1;
            black_box(patch_frame(&table, dirty, seq))
        })
    });
    // The same over `Rows`: the change records its row, and the patch looks at it alone.
    let mut table = RowsTable::default();
    table.set_rows(rows(10_000).into());
    let _ = table.take_dirty();
    let _ = table.render_to_string(&());
    let dirty = field::<RowsTable>("rows");
    group.bench_function("one_changed_row_of_10000_rows", |b| {
        b.iter(|| {
            flip = !flip;
            table.rows[5_000].label = if flip { "changed" } else { "row 5000" }.to_owned();
            seq += 1;
            black_box(patch_frame(&table, dirty, seq))
        })
    });
    group.bench_function("append_to_10000", |b| {
        b.iter_custom(|iters| {
            appends(
                iters,
                |table: &mut Table, rows| table.set_rows(rows),
                |table, row| table.rows.push(row),
            )
        })
    });
    group.bench_function("append_to_10000_rows", |b| {
        b.iter_custom(|iters| {
            appends(
                iters,
                |table: &mut RowsTable, rows| table.set_rows(rows.into()),
                |table, row| table.rows.push(row),
            )
        })
    });
    let dirty = field::<Table>("rows");
    // An item's event: a click on the last row's button of 10,000, found by its hydration ID.
    let mut picks = PickTable::default();
    picks.set_rows(rows(10_000));
    let _ = picks.take_dirty();
    let html = picks.render_to_string(&());
    let last = html
        .rsplit("<button data-hid=\"")
        .next()
        .and_then(|rest| rest.split('"').next())
        .and_then(|hid| hid.parse().ok())
        .expect("the last row's button");
    let click = Event {
        hid: HydrationId(last),
        kind: EventKind::Click,
        payload: EventPayload::None,
    };
    group.bench_function("item_event_on_the_last_of_10000", |b| {
        b.iter(|| black_box(picks.handle(&mut (), &click).map(|handled| handled.dirty)))
    });
    for count in [1_000, 10_000] {
        let mut table = Table::default();
        table.set_rows(rows(count));
        let _ = table.take_dirty();
        let _ = table.render_to_string(&());
        let mut seq = 0;
        group.bench_function(format!("reverse_{count}"), |b| {
            b.iter(|| {
                table.rows.reverse();
                seq += 1;
                black_box(patch_frame(&table, dirty, seq))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, render, keyed_list);
criterion_main!(benches);
