//! Writes made through a store or a store listener patch the page, whether they go through the
//! generated setters or assign a field directly (`|c| c.count += 1`).

use std::time::Duration;

use hjx_runtime::{Live, SharedStore, Store, hjx};
use hjx_tests::client::{Frame, TestServer, shows};

hjx! {
    component Direct

    state:
      count = 0
      note = ""

    shared:
      ticks = 0

    script:
      fn init(store: Store<Self>) {
          let writer = store.clone();
          store.spawn(async move {
              let mut interval = tokio::time::interval(Duration::from_millis(20));
              loop {
                  interval.tick().await;
                  writer.set(|direct| direct.count += 1);
              }
          });
          store.on("touch", |direct, _event| direct.note = "touched".to_owned());
      }

      fn init_shared(store: SharedStore<Self>) {
          let ticker = store.clone();
          store.spawn(async move {
              let mut interval = tokio::time::interval(Duration::from_millis(20));
              loop {
                  interval.tick().await;
                  ticker.set(|shared| shared.ticks += 1);
              }
          });
      }

    layout:
      view:
        text: "Count: {{count}}"
        text: "Ticks: {{ticks}}"
        text: "Note: {{note}}"
        button (on click -> touch): "Touch"

    handlers:
      touch:
        log "touched"
}

/// Whether `frame` patches `hid` to a text starting with `prefix` other than `zero`.
fn moved_past(frame: &Frame, hid: u32, prefix: &str, zero: &str) -> bool {
    matches!(frame, Frame::Patches { texts, .. }
        if texts.iter().any(|(at, text)| *at == hid && text.starts_with(prefix) && text != zero))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_assigned_in_store_set_is_patched() {
    let server = TestServer::start(Live::new().mount::<Direct>("/")).await;
    let (_, mut client) = server.open("/").await;
    client
        .until(|frame| moved_past(frame, 1, "Count: ", "Count: 0"))
        .await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_assigned_in_shared_store_set_is_patched_for_every_client() {
    let server = TestServer::start(Live::new().mount::<Direct>("/")).await;
    let (_, mut a) = server.open("/").await;
    let (_, mut b) = server.open("/").await;
    a.until(|frame| moved_past(frame, 2, "Ticks: ", "Ticks: 0"))
        .await;
    b.until(|frame| moved_past(frame, 2, "Ticks: ", "Ticks: 0"))
        .await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_assigned_in_a_store_listener_is_patched() {
    let server = TestServer::start(Live::new().mount::<Direct>("/")).await;
    let (page, mut client) = server.open("/").await;
    assert!(page.body.contains("Note: </span>"));
    client.click(4).await;
    client.until(|frame| shows(frame, 3, "Note: touched")).await;
    server.shutdown().await;
}
