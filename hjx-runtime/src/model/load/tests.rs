use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::*;

#[derive(Default)]
struct Page {
    results: Load<u32>,
}

/// Polls a future that does not wait on anything to its end.
fn run<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the future waited"),
    }
}

fn take(page: &mut Page) -> Vec<Work<Page>> {
    let mut out = Vec::new();
    Work::collect(
        &mut page.results,
        FieldSet::bit(3),
        |p: &mut Page| &mut p.results,
        &mut out,
    );
    out
}

#[test]
fn a_new_field_is_idle_and_start_makes_it_loading_with_one_pending_run() {
    let mut page = Page::default();
    assert!(page.results.is_idle());
    assert!(take(&mut page).is_empty());
    page.results.start(async { Ok(7) });
    assert!(page.results.is_loading());
    assert_eq!(page.results.value(), None);
    let work = take(&mut page);
    assert_eq!(work.len(), 1);
    assert_eq!(work[0].field, FieldSet::bit(3));
    assert!(take(&mut page).is_empty(), "work is taken once");
}

#[test]
fn a_finished_run_makes_the_field_ready_or_failed() {
    let mut page = Page::default();
    page.results.start(async { Ok(7) });
    let work = take(&mut page).remove(0);
    let apply = run(work.run);
    apply(&mut page);
    assert!(page.results.is_ready());
    assert_eq!(page.results.value(), Some(&7));
    assert_eq!(page.results.to_string(), "7");

    page.results.start(async { Err("no database".to_owned()) });
    assert_eq!(page.results.to_string(), "loading");
    let apply = run(take(&mut page).remove(0).run);
    apply(&mut page);
    assert!(page.results.is_failed());
    assert_eq!(
        page.results.error().map(String::as_str),
        Some("no database")
    );
    assert_eq!(page.results.value(), None);
}

#[test]
fn a_newer_start_supersedes_an_older_run() {
    let mut page = Page::default();
    page.results.start(async { Ok(1) });
    let older = take(&mut page).remove(0);
    page.results.start(async { Ok(2) });
    let newer = take(&mut page).remove(0);
    run(newer.run)(&mut page);
    run(older.run)(&mut page);
    assert_eq!(
        page.results.value(),
        Some(&2),
        "the older result is dropped"
    );
}

#[test]
fn a_panic_fails_the_field_with_its_message_unless_superseded() {
    let mut page = Page::default();
    page.results.start(async { Ok(1) });
    let work = take(&mut page).remove(0);
    (work.failed)(&mut page, "boom".to_owned());
    assert_eq!(page.results.state(), &LoadState::Failed("boom".to_owned()));

    page.results.start(async { Ok(1) });
    let older = take(&mut page).remove(0);
    page.results.reset();
    (older.failed)(&mut page, "late".to_owned());
    assert!(page.results.is_idle());
}

#[test]
fn latest_keeps_the_last_value_while_a_newer_run_loads() {
    let mut page = Page::default();
    assert_eq!(page.results.latest(), None);
    page.results.start(async { Ok(1) });
    assert_eq!(
        page.results.latest(),
        None,
        "nothing to show on a first load"
    );
    run(take(&mut page).remove(0).run)(&mut page);
    assert_eq!(page.results.latest(), Some(&1));
    page.results.start(async { Ok(2) });
    page.results.start(async { Ok(3) });
    assert!(page.results.is_loading());
    assert_eq!(page.results.value(), None);
    assert_eq!(page.results.latest(), Some(&1), "kept across two starts");
    run(take(&mut page).remove(0).run)(&mut page);
    assert_eq!(page.results.latest(), Some(&3));
    page.results.start(async { Err("gone".to_owned()) });
    run(take(&mut page).remove(0).run)(&mut page);
    assert_eq!(
        page.results.latest(),
        None,
        "a failure shows no stale value"
    );
    page.results = Load::ready(4);
    page.results.reset();
    assert_eq!(page.results.latest(), None);
}
