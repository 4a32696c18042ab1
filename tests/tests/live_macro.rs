//! The runtime serving components compiled by `hjx!` (the example apps' components), end to end
//! over real sockets.

use std::time::Duration;

use hjx_examples::chat::Chat;
use hjx_examples::counter::Counter;
use hjx_runtime::{Live, SharedStore, Store, hjx};
use hjx_tests::client::{Frame, TestServer, carries, shows};

hjx! {
    component Dashboard

    state:
      seen = 0

    shared:
      ticks = 0
      clicks = 0

    script:
      fn init_shared(store: SharedStore<Self>) {
          let ticker = store.clone();
          store.spawn(async move {
              let mut interval = tokio::time::interval(Duration::from_millis(20));
              loop {
                  interval.tick().await;
                  ticker.set(|shared| shared.set_ticks(shared.ticks + 1));
              }
          });
      }

      fn init(store: Store<Self>) {
          let announcer = store.clone();
          store.on("bump", move |dashboard, _event| {
              dashboard.set_seen(dashboard.seen + 1);
              announcer.broadcast("bumped", &dashboard.seen);
          });
      }

    layout:
      view.dashboard:
        text: "Ticks: {{ticks}}"
        button (on click -> bump): "Clicked {{clicks}} times"
        text: "You clicked {{seen}} of {{clicks}}"

    handlers:
      bump:
        set clicks = clicks + 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_macro_counter_patches_with_the_documented_fourteen_bytes() {
    let server = TestServer::start(Live::new().mount::<Counter>("/")).await;
    let (page, mut client) = server.open("/").await;
    assert!(page.body.contains(
        "<span data-hid=\"1\">Count: 0</span><button data-hid=\"2\" data-on=\"click\">+</button>"
    ));
    client.send(&[0x93, 0x01, 0x02, 0x00]).await;
    assert_eq!(client.recv_raw().await, b"\x95\x07\x01\x00\x01\xa8Count: 1");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_macro_dashboard_shows_clicks_and_ticks_to_both_clients() {
    let server = TestServer::start(Live::new().mount::<Dashboard>("/")).await;
    let (_, mut a) = server.open("/").await;
    let (_, mut b) = server.open("/").await;

    let is_tick = |frame: &Frame| matches!(frame, Frame::Patches { texts, .. } if texts.iter().any(|(hid, text)| *hid == 1 && text.starts_with("Ticks: ")));
    a.until(is_tick).await;
    b.until(is_tick).await;

    a.click(2).await;
    // The store listener (`init`) wrote the per-session `seen` through its tracked setter.
    let mine = a.until(|frame| shows(frame, 3, "You clicked 1 of 1")).await;
    assert!(shows(&mine, 2, "Clicked 1 times"));
    let theirs = b.until(|frame| shows(frame, 2, "Clicked 1 times")).await;
    assert!(shows(&theirs, 3, "You clicked 0 of 1"));
    // The listener's broadcast is held back until the event's patches are queued: it comes
    // after them, with nothing between but (possibly) timer ticks.
    let bumped = b
        .until(|frame| {
            matches!(frame, Frame::Event { .. } | Frame::Patches { .. }) && !is_tick(frame)
        })
        .await;
    assert_eq!(
        bumped,
        Frame::Event {
            name: "bumped".to_owned(),
            data: vec![0x01]
        }
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_macro_chat_shares_messages_keeps_drafts_and_broadcasts_joins() {
    let server = TestServer::start(Live::new().mount::<Chat>("/")).await;
    let (page, mut ada) = server.open("/").await;
    let (_, mut bob) = server.open("/").await;
    let name = page.hid("<input class=\"name\"");
    let join = page.hid("<button class=\"join\"");
    let draft = page.hid("<input class=\"draft\"");
    let send = page.hid("<button class=\"send\"");

    ada.input(name, "Ada").await;
    ada.until(|frame| shows(frame, name, "value=Ada")).await;
    ada.click(join).await;
    for client in [&mut ada, &mut bob] {
        let joined = client.until(|frame| carries(frame, "1 joined")).await;
        assert!(carries(&joined, "* Ada joined"), "{joined:?}");
        let event = client
            .until(|frame| matches!(frame, Frame::Event { .. }))
            .await;
        assert_eq!(
            event,
            Frame::Event {
                name: "user-joined".to_owned(),
                data: b"\xa3Ada".to_vec()
            }
        );
    }

    // A draft is per session: Bob's typing reaches only Bob; his message reaches both.
    bob.input(draft, "hi").await;
    bob.until(|frame| shows(frame, draft, "value=hi")).await;
    bob.click(send).await;
    for client in [&mut ada, &mut bob] {
        let sent = client.until(|frame| carries(frame, ": hi")).await;
        assert!(!shows(&sent, draft, "value=hi"));
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_message_is_one_small_insert_however_long_the_log_and_the_history_is_bounded() {
    use hjx_examples::chat::{HISTORY, MAX_MESSAGE};

    // Past the default rate limit's burst otherwise: 440 frames as fast as the test sends them.
    let config = hjx_runtime::Config::default().rate_limit(100_000.0, 100_000);
    let server = TestServer::start(Live::with_config(config).mount::<Chat>("/")).await;
    let (page, mut ada) = server.open("/").await;
    let (_, mut reader) = server.open("/").await;
    let draft = page.hid("<input class=\"draft\"");
    let send = page.hid("<button class=\"send\"");
    let long = "x".repeat(1000);
    let mut last_size = 0;
    for i in 0..HISTORY + 20 {
        ada.input(draft, &format!("{i} {long}")[..MAX_MESSAGE])
            .await;
        ada.click(send).await;
        let frame = reader.until(|frame| carries(frame, "xxxx")).await;
        if let Frame::Patches { raw, .. } = &frame {
            last_size = raw.len();
        }
    }
    // One message of 500 characters is one insert (and, past the history, one remove): its
    // frame is the line and a few bytes, not the log.
    assert!(
        last_size < MAX_MESSAGE + 64,
        "a message's frame is {last_size} bytes"
    );
    let html = server.page("/").await.body;
    assert_eq!(html.matches("</li>").count(), HISTORY);
    // Too long: refused with the reason, nothing posted.
    ada.input(draft, &"y".repeat(MAX_MESSAGE + 1)).await;
    ada.click(send).await;
    ada.until(|frame| carries(frame, "A message has at most 500 characters."))
        .await;
    assert!(!server.page("/").await.body.contains("yyyy"));
    server.shutdown().await;
}
