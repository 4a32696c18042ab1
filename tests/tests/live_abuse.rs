//! Floods a hostile client can send, each bounded in count and time on loopback, with an honest
//! visitor during and after: a flood of pages that never open a socket, from one address and
//! from many; sockets that never say HELLO; a host the app does not serve. Each costs the
//! attacker's own budget, and the honest visitor gets a working page. (Oversized frames, text
//! frames past the rate limit and unknown event kinds are in `live_errors.rs`.)
//!
//! The tests name their clients' addresses with `X-Forwarded-For`, as a reverse proxy would:
//! the app is configured to trust that header.

use std::net::IpAddr;
use std::time::Duration;

use hjx_runtime::{Config, Live};
use hjx_tests::client::{Client, Frame, TestServer, connect_from, get, get_from, shows};
use hjx_tests::components::Counter;

const HEADER: &str = "x-forwarded-for";

fn config() -> Config {
    Config::default().client_address_header(HEADER)
}

async fn counter(config: Config) -> TestServer {
    TestServer::start(Live::with_config(config).mount::<Counter>("/")).await
}

/// An honest visitor from `ip`: the page opens, its socket attaches, a click is answered.
async fn honest_visit(server: &TestServer, ip: &str) {
    let (page, mut client) = server.open_with("/", &[(HEADER, ip)]).await;
    assert!(page.body.contains("Count: 0"));
    client.click(2).await;
    let frame = client.recv().await;
    assert!(
        shows(&frame, 1, "Count: 1"),
        "the honest visitor got {frame:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_pages_from_one_address_spends_only_that_addresses_budget() {
    let server = counter(config().address_limits(50, 8, 32)).await;
    let mut statuses = Vec::new();
    for _ in 0..300 {
        statuses.push(get(server.addr, "/", &[(HEADER, "10.0.0.1")]).await.status);
    }
    assert_eq!(statuses.iter().filter(|&&status| status == 200).count(), 50);
    assert_eq!(
        statuses.iter().filter(|&&status| status == 429).count(),
        250
    );
    assert_eq!(server.handle.session_count(), 50);
    honest_visit(&server, "10.0.0.2").await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_pages_from_many_addresses_evicts_pages_that_never_connected() {
    let server = counter(config().max_sessions(100)).await;
    // An honest visitor connected before the flood keeps its page throughout.
    let (_, mut early) = server.open_with("/", &[(HEADER, "10.9.0.1")]).await;
    for i in 0..600 {
        let ip = format!("10.1.{}.{}", i / 200, i % 200);
        let page = get(server.addr, "/", &[(HEADER, &ip)]).await;
        assert_eq!(page.status, 200, "request {i}");
    }
    assert!(server.handle.session_count() <= 100);
    honest_visit(&server, "10.9.0.2").await;
    early.click(2).await;
    assert!(shows(&early.recv().await, 1, "Count: 1"));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sockets_that_never_say_hello_take_only_their_addresses_budget() {
    // Twenty server-wide socket permits, which the flood must not take.
    let server = counter(config().max_sessions(20).address_limits(120, 8, 32)).await;
    let made_up = "0".repeat(32);
    let mut waiting = Vec::new();
    let mut refused = 0;
    for _ in 0..60 {
        let mut socket =
            Client::connect_with(server.addr, &made_up, &[(HEADER, "10.0.0.66")]).await;
        // The ninth and later get ERROR 9 at once; the first eight wait for a HELLO, and
        // answer a PING meanwhile.
        let _ = socket.try_send(&[0x91, 0x02]).await;
        match socket.recv().await {
            Frame::Pong => waiting.push(socket),
            frame => {
                assert_eq!(frame.error_code(), Some(9), "{frame:?}");
                refused += 1;
            }
        }
    }
    assert_eq!((waiting.len(), refused), (8, 52));
    honest_visit(&server, "10.0.0.2").await;
    // Once they close, the address's budget comes back.
    for socket in waiting {
        socket.close().await;
    }
    let page = get(server.addr, "/", &[(HEADER, "10.0.0.66")]).await;
    let mut again = Client::connect_with(server.addr, page.sid(), &[(HEADER, "10.0.0.66")]).await;
    again.hello(page.token(), 0).await;
    assert_eq!(again.recv().await, Frame::Ready { seq: 0 });
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_the_app_does_not_serve_gets_421_for_pages_and_sockets() {
    let server = counter(config().allow_host("127.0.0.1")).await;
    let page = get(server.addr, "/", &[("Host", "rebind.example:80")]).await;
    assert_eq!(page.status, 421);
    let served = get(server.addr, "/", &[]).await;
    assert_eq!(served.status, 200);
    let refused = Client::try_connect_with(
        server.addr,
        served.sid(),
        &[
            ("host", "rebind.example"),
            ("origin", "http://rebind.example"),
        ],
    )
    .await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 421);
        }
        Err(other) => panic!("expected an HTTP 421, got {other}"),
        Ok(_) => panic!("a handshake for another host was accepted"),
    }
    honest_visit(&server, "10.0.0.2").await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_that_never_finish_their_request_are_bounded_per_address_and_cut() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let server = counter(
        config()
            .header_timeout(Duration::from_millis(400))
            .connection_limits(20, 10_000),
    )
    .await;
    let mut slow = Vec::new();
    for _ in 0..60 {
        let mut stream = connect_from(server.addr, None).await;
        let _ = stream.write_all(b"GET / HTTP/1.1\r\nHo").await;
        slow.push(stream);
    }
    // An honest visitor from another address, during the flood.
    let other = IpAddr::from([127, 0, 0, 2]);
    let page = get_from(server.addr, "/", other).await;
    assert_eq!(page.status, 200);
    let mut client = Client::connect_from(server.addr, page.sid(), other).await;
    client.hello(page.token(), 0).await;
    assert_eq!(client.recv().await, Frame::Ready { seq: 0 });
    client.click(2).await;
    assert!(shows(&client.recv().await, 1, "Count: 1"));
    // Every slow connection ends: the 40 past the address's limit at once, the others at the
    // header timeout. Each read waits at most until then.
    let mut closed = 0;
    for mut stream in slow {
        let until_closed = async {
            let mut buffer = [0; 256];
            while let Ok(1..) = stream.read(&mut buffer).await {}
        };
        if tokio::time::timeout(Duration::from_secs(20), until_closed)
            .await
            .is_ok()
        {
            closed += 1;
        }
    }
    assert_eq!(closed, 60, "every slow connection is closed");
    honest_visit(&server, "10.0.0.3").await;
    server.shutdown().await;
}

hjx_runtime::hjx! {
    component SharedEcho

    shared:
      text = ""

    layout:
      input (bind value <-> text)
      p: "{{text}}"
}

/// An INPUT of `text` on the page's input (hydration ID 1).
fn typed(text: &str) -> Vec<u8> {
    let mut frame = vec![0x94, 0x01, 0x01, 0x01, 0xda];
    frame.extend_from_slice(&u16::try_from(text.len()).expect("short").to_be_bytes());
    frame.extend_from_slice(text.as_bytes());
    frame
}

fn outbox_config() -> Config {
    Config::default()
        .outbox_bytes(10_000)
        .rate_limit(1000.0, 1000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_socket_that_never_reads_holds_a_bounded_number_of_bytes() {
    use hjx_runtime::testing::DetachedSession;

    let (mut stalled, _) = DetachedSession::<SharedEcho>::new(outbox_config());
    let (mut writer, _) = stalled.beside(outbox_config());
    // Twenty shared texts of 3 KB each typed on another page, none of this page's frames read:
    // 120 KB of frames would wait.
    for i in 0..20 {
        let answer = writer.frame(&typed(&format!("{i:02}{}", "x".repeat(3000))));
        assert!(
            answer
                .frames
                .iter()
                .all(|f| Frame::decode(f).error_code().is_none()),
            "{:?}",
            answer
                .frames
                .iter()
                .map(|f| Frame::decode(f))
                .collect::<Vec<_>>()
        );
    }
    let waiting = stalled.outgoing();
    let bytes: usize = waiting.iter().map(Vec::len).sum();
    // What waited stayed under the bound (the frames queued before it filled), then one RESYNC
    // with the page as it is now replaced everything later.
    let (last, queued) = waiting.split_last().expect("frames");
    assert!(
        queued.iter().map(Vec::len).sum::<usize>() <= 10_000,
        "{bytes} bytes"
    );
    match Frame::decode(last) {
        Frame::Resync { html, .. } => assert!(html.contains("19xxx"), "{html}"),
        other => panic!("expected a RESYNC, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_events_answer_is_written_at_once_unless_frames_wait_before_it() {
    use hjx_runtime::testing::DetachedSession;

    let (mut page, _) = DetachedSession::<SharedEcho>::new(outbox_config());
    let (mut other, _) = page.beside(outbox_config());
    // Each frame's sequence number and the paragraph's text.
    let texts = |frame: &Frame| match frame {
        Frame::Patches { seq, texts, .. } => {
            let shown = texts.iter().filter(|(hid, _)| *hid == 2);
            (
                *seq,
                shown.map(|(_, text)| text.clone()).collect::<Vec<_>>(),
            )
        }
        other => panic!("expected patches, got {other:?}"),
    };
    // Nothing waits: the answer comes back to be written, and nothing is queued.
    let answer = page.frame(&typed("a")).frames;
    assert_eq!(answer.len(), 1);
    assert_eq!(texts(&Frame::decode(&answer[0])), (1, vec!["a".to_owned()]));
    assert!(page.outgoing().is_empty());
    // Another page's change waits in the outbox: the answer queues behind it, in sequence.
    other.frame(&typed("b"));
    assert!(page.frame(&typed("c")).frames.is_empty());
    let waiting: Vec<_> = page.outgoing().iter().map(|f| Frame::decode(f)).collect();
    assert_eq!(
        waiting.iter().map(texts).collect::<Vec<_>>(),
        [(2, vec!["b".to_owned()]), (3, vec!["c".to_owned()])]
    );
    // Drained, the next answer is written at once again.
    assert_eq!(page.frame(&typed("d")).frames.len(), 1);
}
