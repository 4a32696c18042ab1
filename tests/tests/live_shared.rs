//! Shared state over real sockets: fan-out, `init_shared` ticks, store listeners and broadcast,
//! and many concurrent clients.

use hjx_runtime::{Config, Live};
use hjx_tests::client::{Client, Frame, TestServer, shows};
use hjx_tests::components::Board;

fn board() -> Live {
    Live::new().mount::<Board>("/")
}

/// The PATCHES frame's operations, without its header (`[0, seq` is 3 bytes for small seqs).
fn ops(frame: &Frame) -> &[u8] {
    match frame {
        Frame::Patches { raw, .. } => &raw[3..],
        other => panic!("not PATCHES: {other:?}"),
    }
}

/// The click's patch. A tick between the page's render and the socket's attach brings a catch-up
/// patch of the shared spots first ("Count: 0"), so the test waits for the count it caused.
fn is_count_patch(frame: &Frame) -> bool {
    matches!(frame, Frame::Patches { .. }) && shows(frame, 1, "Count: 1")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_clients_click_reaches_both_with_the_same_shared_bytes() {
    let server = TestServer::start(board()).await;
    let (_, mut a) = server.open("/").await;
    let (_, mut b) = server.open("/").await;

    a.click(2).await;
    let seen_by_a = a.until(is_count_patch).await;
    let seen_by_b = b.until(is_count_patch).await;
    // The clicker's own listener (`init`) counted the click twice; the mixed spot is per session.
    assert!(shows(&seen_by_a, 3, "You: 2 of 1"), "{seen_by_a:?}");
    assert!(shows(&seen_by_b, 3, "You: 0 of 1"), "{seen_by_b:?}");
    // The shared-only spot comes first and is byte-for-byte the same in both frames.
    let shared_op = b"\x00\x01\xa8Count: 1";
    assert!(ops(&seen_by_a).starts_with(shared_op));
    assert!(ops(&seen_by_b).starts_with(shared_op));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_init_shared_tick_reaches_both_clients() {
    let server = TestServer::start(board()).await;
    let (_, mut a) = server.open("/").await;
    let (_, mut b) = server.open("/").await;
    let is_tick = |frame: &Frame| matches!(frame, Frame::Patches { texts, .. } if texts.iter().any(|(hid, t)| *hid == 6 && t.starts_with("Ticks: ")));
    let tick_a = a.until(is_tick).await;
    let tick_b = b.until(is_tick).await;
    assert_ne!(tick_a, Frame::Pong);
    assert_ne!(tick_b, Frame::Pong);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_listener_broadcasts_a_named_event_to_every_client() {
    let server = TestServer::start(board()).await;
    let (_, mut a) = server.open("/").await;
    let (_, mut b) = server.open("/").await;
    a.input(4, "hello <b>").await;
    for client in [&mut a, &mut b] {
        let patch = client.until(|frame| shows(frame, 5, "hello <b>")).await;
        assert!(shows(&patch, 4, "value=hello <b>"));
        // The listener's broadcast is sent after the event's patches.
        let event = client
            .until(|frame| matches!(frame, Frame::Event { .. }) || shows(frame, 5, "hello <b>"))
            .await;
        assert_eq!(
            event,
            Frame::Event {
                name: "text-changed".to_owned(),
                data: b"\xa9hello <b>".to_vec(),
            }
        );
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_clients_times_two_hundred_increments_end_at_ten_thousand() {
    const CLIENTS: usize = 50;
    const CLICKS: usize = 200;
    let config = Config::default().rate_limit(1e9, 1_000_000);
    let server = TestServer::start(Live::with_config(config).mount::<Board>("/")).await;
    let mut clients: Vec<Client> = Vec::new();
    for _ in 0..CLIENTS {
        clients.push(server.open("/").await.1);
    }
    let total = format!("Count: {}", CLIENTS * CLICKS);
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|mut client| {
            let total = total.clone();
            tokio::spawn(async move {
                for _ in 0..CLICKS {
                    client.click(2).await;
                }
                // Every frame after the last increment must agree; the last count seen wins.
                let mut last = String::new();
                while last != total {
                    let frame = client.recv().await;
                    match &frame {
                        Frame::Patches { texts, .. } => {
                            if let Some((_, text)) = texts.iter().find(|(hid, _)| *hid == 1) {
                                last.clone_from(text);
                            }
                        }
                        Frame::Resync { html, .. } => {
                            let start = html.find("data-hid=\"1\">").expect("count spot") + 13;
                            let end = start + html[start..].find('<').expect("closed");
                            last = html[start..end].to_owned();
                        }
                        Frame::Closed(code) => panic!("closed early: {code:?}"),
                        _ => {}
                    }
                }
                last
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("client task"), total);
    }
    server.shutdown().await;
}
