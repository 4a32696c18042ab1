//! Durable sessions over real sockets: a server that stops writes every session and the shared
//! values to its data directory; the next one reads them back, and a page's socket that
//! reconnects with its old token carries on where it was, with nothing lost.

use std::path::{Path, PathBuf};
use std::time::Duration;

use hjx_runtime::{Config, Live};
use hjx_tests::client::{Client, Frame, Page, TestServer};

mod v1 {
    hjx_runtime::hjx! {
        component Notes

        state:
          count = 0
          draft = ""

        shared:
          total = 0

        layout:
          view:
            text: "Count: {{count}}"
            button (on click -> bump): "+"
            input (placeholder="Draft" bind value <-> draft)
            text: "Draft: {{draft}}"
            text: "Total: {{total}}"

        handlers:
          bump:
            set count = count + 1
            set total = total + 1
    }
}

/// The same component in a later build: a field was added, so its snapshots do not fit.
mod v2 {
    hjx_runtime::hjx! {
        component Notes

        state:
          count = 0
          draft = ""
          pinned = false

        layout:
          view:
            text: "Count: {{count}} pinned {{pinned}}"
    }
}

/// A component with a field serde cannot save: its sessions start anew after a restart.
mod handle {
    /// Not serializable.
    #[derive(Default, Debug)]
    #[allow(unreachable_pub)] // the component's public field names it
    pub struct Handle;

    hjx_runtime::hjx! {
        component Holder

        state:
          count = 0
          handle: Handle = Handle

        layout:
          button (on click -> bump): "{{count}}"

        handlers:
          bump:
            set count = count + 1
    }
}

/// A fresh data directory for one test.
fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hjx-durable-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn durable(dir: &Path) -> Live {
    Live::with_config(
        Config::default()
            .data_dir(dir)
            .snapshot_every(Duration::ZERO),
    )
}

/// Clicks `hid` `times` times, then waits for the patch showing `text`.
async fn click_until(client: &mut Client, hid: u32, times: usize, text: &str) {
    for _ in 0..times {
        client.click(hid).await;
    }
    client
        .until(|frame| hjx_tests::client::carries(frame, text))
        .await;
}

/// The page's socket reconnecting to `server` with its old token, and the RESYNC it gets.
async fn resumed(server: &TestServer, page: &Page, last_seq: u64) -> (Client, String) {
    let mut client = Client::connect(server.addr, page.sid()).await;
    client.hello(page.token(), last_seq).await;
    match client.recv().await {
        Frame::Ready { .. } => {}
        other => panic!("expected READY, got {other:?}"),
    }
    match client.recv().await {
        Frame::Resync { html, .. } => (client, html),
        other => panic!("expected RESYNC, got {other:?}"),
    }
}

/// The page's socket reconnecting to `server`, refused as an unknown session: its page loads
/// anew.
async fn refused(server: &TestServer, page: &Page) {
    let mut client = Client::connect(server.addr, page.sid()).await;
    client.hello(page.token(), 1).await;
    let frame = client.recv().await;
    assert_eq!(frame.error_code(), Some(4), "{frame:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_carries_on_after_a_restart_with_its_state_and_the_shared_values() {
    let dir = data_dir("restart");
    let server = TestServer::start(durable(&dir).mount::<v1::Notes>("/")).await;
    let (page, mut client) = server.open("/").await;
    let bump = page.hid("<button");
    let input = page.hid("<input");
    for _ in 0..7 {
        client.click(bump).await;
    }
    client.input(input, "half a thought").await;
    client
        .until(|frame| hjx_tests::client::carries(frame, "Draft: half a thought"))
        .await;
    // A second page of the same app, so that the shared total is not only this page's.
    let (other_page, mut other) = server.open("/").await;
    click_until(&mut other, other_page.hid("<button"), 1, "Total: 8").await;
    server.shutdown().await;

    let server = TestServer::start(durable(&dir).mount::<v1::Notes>("/")).await;
    let (mut client, html) = resumed(&server, &page, 8).await;
    assert!(html.contains(">Count: 7<"), "{html}");
    assert!(html.contains(">Draft: half a thought<"), "{html}");
    assert!(html.contains("value=\"half a thought\""), "{html}");
    assert!(html.contains(">Total: 8<"), "{html}");
    // It carries on: the next click counts from 7, and the total from 8.
    client.click(bump).await;
    let patch = client
        .until(|frame| hjx_tests::client::carries(frame, "Count: 8"))
        .await;
    assert!(hjx_tests::client::carries(&patch, "Total: 9"), "{patch:?}");
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_of_a_component_that_changed_shape_is_dropped_and_the_page_loads_anew() {
    let dir = data_dir("shape");
    let server = TestServer::start(durable(&dir).mount::<v1::Notes>("/")).await;
    let (page, mut client) = server.open("/").await;
    click_until(&mut client, page.hid("<button"), 1, "Count: 1").await;
    server.shutdown().await;

    let server = TestServer::start(durable(&dir).mount::<v2::Notes>("/")).await;
    refused(&server, &page).await;
    // The server serves new pages as usual.
    let fresh = server.page("/").await;
    assert!(
        fresh.body.contains("Count: 0 pinned false"),
        "{}",
        fresh.body
    );
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_component_with_a_field_serde_cannot_save_starts_anew() {
    let dir = data_dir("handle");
    let server = TestServer::start(durable(&dir).mount::<handle::Holder>("/")).await;
    let (page, mut client) = server.open("/").await;
    click_until(&mut client, page.hid("<button"), 1, "1").await;
    server.shutdown().await;

    let server = TestServer::start(durable(&dir).mount::<handle::Holder>("/")).await;
    refused(&server, &page).await;
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_periodic_snapshot_keeps_what_changed_before_a_crash() {
    let dir = data_dir("crash");
    let live = Live::with_config(
        Config::default()
            .data_dir(&dir)
            .snapshot_every(Duration::from_millis(50)),
    );
    let server = TestServer::start(live.mount::<v1::Notes>("/")).await;
    let (page, mut client) = server.open("/").await;
    click_until(&mut client, page.hid("<button"), 3, "Count: 3").await;
    // Wait for a snapshot written after the third click, then stop with no shutdown: a crash.
    let file = dir.join("sessions.snapshot");
    let written_after = std::time::SystemTime::now();
    loop {
        let modified = std::fs::metadata(&file).and_then(|meta| meta.modified());
        if modified.is_ok_and(|time| time > written_after) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill();

    let server = TestServer::start(durable(&dir).mount::<v1::Notes>("/")).await;
    let (_client, html) = resumed(&server, &page, 3).await;
    assert!(html.contains(">Count: 3<"), "{html}");
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_bound_on_disconnected_sessions_the_oldest_are_saved_and_dropped_from_memory() {
    let dir = data_dir("evicted");
    let config = Config::default()
        .data_dir(&dir)
        .snapshot_every(Duration::ZERO)
        .max_disconnected(1)
        .connect_within(Duration::from_millis(200));
    let server = TestServer::start(Live::with_config(config).mount::<v1::Notes>("/")).await;
    let mut pages = Vec::new();
    for clicks in 1..=3 {
        let (page, mut client) = server.open("/").await;
        click_until(
            &mut client,
            page.hid("<button"),
            clicks,
            &format!("Count: {clicks}"),
        )
        .await;
        client.close().await;
        pages.push(page);
    }
    // The reaper keeps one disconnected session in memory; the two oldest go to files.
    let evicted = dir.join("evicted");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while server.handle.session_count() > 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "the oldest were not evicted"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(std::fs::read_dir(&evicted).expect("evicted").count(), 2);
    // The oldest page comes back and carries on from its file.
    let (_client, html) = resumed(&server, &pages[0], 1).await;
    assert!(html.contains(">Count: 1<"), "{html}");
    assert_eq!(std::fs::read_dir(&evicted).expect("evicted").count(), 1);
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// A parent whose state includes a child's: both come back.
mod nested {
    hjx_runtime::hjx! {
        component Tally

        state:
          taps = 0

        layout:
          button.tap (on click -> tap): "taps {{taps}}"

        handlers:
          tap:
            set taps = taps + 1
    }

    hjx_runtime::hjx! {
        component Shelf

        state:
          label = "shelf"

        layout:
          p: "{{label}}"
          Tally
    }

    hjx_runtime::hjx! {
        component Frame

        state:
          bumps = 0

        layout:
          view.frame:
            button.bump (on click -> bump): "bumps {{bumps}}"
            main:
              slot

        handlers:
          bump:
            set bumps = bumps + 1
    }

    hjx_runtime::hjx! {
        component Shelves

        state:
          rows: Vec<u64> = vec![1, 2]

        layout:
          ul:
            for (row in rows, key: *row):
              li:
                Tally
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_childs_state_comes_back_with_its_parents() {
    let dir = data_dir("child");
    let server = TestServer::start(durable(&dir).mount::<nested::Shelf>("/")).await;
    let (page, mut client) = server.open("/").await;
    let tap = page.hid("<button class=\"tap\"");
    click_until(&mut client, tap, 3, "taps 3").await;
    server.shutdown().await;

    let server = TestServer::start(durable(&dir).mount::<nested::Shelf>("/")).await;
    let (mut client, html) = resumed(&server, &page, 3).await;
    assert!(html.contains(">taps 3<"), "{html}");
    click_until(&mut client, tap, 1, "taps 4").await;
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_children_of_a_keyed_list_come_back_by_their_keys() {
    let dir = data_dir("list-children");
    let server = TestServer::start(durable(&dir).mount::<nested::Shelves>("/")).await;
    let (page, mut client) = server.open("/").await;
    // The second row's button: the last `tap` on the page.
    let second = page
        .body
        .rsplit("<button class=\"tap\" data-hid=\"")
        .next()
        .and_then(|rest| rest.split('"').next())
        .and_then(|hid| hid.parse().ok())
        .expect("the second row's button");
    click_until(&mut client, second, 2, "taps 2").await;
    server.shutdown().await;

    let server = TestServer::start(durable(&dir).mount::<nested::Shelves>("/")).await;
    let (_client, html) = resumed(&server, &page, 2).await;
    let taps: Vec<&str> = html
        .match_indices("taps ")
        .map(|(at, _)| &html[at..at + 6])
        .collect();
    assert_eq!(taps, ["taps 0", "taps 2"], "{html}");
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_layouts_state_comes_back_with_its_page() {
    let dir = data_dir("layout");
    let app = |dir: &Path| durable(dir).mount_in::<nested::Frame, nested::Tally>("/");
    let server = TestServer::start(app(&dir)).await;
    let (page, mut client) = server.open("/").await;
    let bump = page.hid("<button class=\"bump\"");
    let tap = page.hid("<button class=\"tap\"");
    for _ in 0..2 {
        client.click(bump).await;
    }
    click_until(&mut client, tap, 1, "taps 1").await;
    server.shutdown().await;

    let server = TestServer::start(app(&dir)).await;
    let (_client, html) = resumed(&server, &page, 3).await;
    assert!(html.contains(">bumps 2<"), "{html}");
    assert!(html.contains(">taps 1<"), "{html}");
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_session_whose_page_does_not_come_back_in_the_grace_period_is_dropped() {
    let dir = data_dir("expired");
    let app = |dir: &Path| {
        Live::with_config(
            Config::default()
                .data_dir(dir)
                .snapshot_every(Duration::ZERO)
                .grace(Duration::from_secs(1)),
        )
        .mount::<v1::Notes>("/")
    };
    let server = TestServer::start(app(&dir)).await;
    let (page, mut client) = server.open("/").await;
    click_until(&mut client, page.hid("<button"), 1, "Count: 1").await;
    server.shutdown().await;
    // A restart that its page does not come back to within the grace period (saved times are
    // in whole seconds: wait past two).
    let server = TestServer::start(app(&dir)).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    server.shutdown().await;
    let server = TestServer::start(app(&dir)).await;
    refused(&server, &page).await;
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
