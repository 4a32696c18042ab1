//! Bad input over real sockets: each gets its clear ERROR (or 403), and a healthy client served
//! alongside keeps working.

use std::time::Duration;

use hjx_runtime::{Config, Live};
use hjx_tests::client::{Client, Frame, TestServer, hello_frame, shows};
use hjx_tests::components::Counter;

async fn counter(config: Config) -> TestServer {
    TestServer::start(Live::with_config(config).mount::<Counter>("/")).await
}

/// A healthy client still gets its patch.
async fn still_healthy(healthy: &mut Client, expect: &str) {
    healthy.click(2).await;
    let frame = healthy.recv().await;
    assert!(shows(&frame, 1, expect), "healthy client got {frame:?}");
}

/// Opens a socket for the page's session and sends HELLO with `token`.
async fn hello_with(server: &TestServer, sid: &str, token: &str) -> Client {
    let mut client = Client::connect(server.addr, sid).await;
    client.hello(token, 0).await;
    client
}

async fn expect_fatal(client: &mut Client, code: u8) {
    let frame = client.recv().await;
    assert_eq!(frame.error_code(), Some(code), "got {frame:?}");
    assert!(matches!(client.recv().await, Frame::Closed(_)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_foreign_and_wrong_version_hellos_are_refused() {
    let server = counter(Config::default()).await;
    let (_, mut healthy) = server.open("/").await;
    let page = server.page("/").await;
    let other = server.page("/").await;

    let forged = format!("{}.99999999999.{}", page.sid(), "ab".repeat(32));
    expect_fatal(&mut hello_with(&server, page.sid(), &forged).await, 2).await;
    expect_fatal(&mut hello_with(&server, page.sid(), "garbage").await, 2).await;
    expect_fatal(&mut hello_with(&server, page.sid(), other.token()).await, 2).await;

    let mut wrong_version = Client::connect(server.addr, page.sid()).await;
    wrong_version.send(&hello_frame(2, page.token(), 0)).await;
    expect_fatal(&mut wrong_version, 5).await;

    let unknown = "0".repeat(32);
    expect_fatal(&mut hello_with(&server, &unknown, page.token()).await, 2).await;

    still_healthy(&mut healthy, "Count: 1").await;
    // The refused attempts did not spoil the page's own session.
    let mut owner = hello_with(&server, page.sid(), page.token()).await;
    assert_eq!(owner.recv().await, Frame::Ready { seq: 0 });
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_refused_with_its_own_code() {
    let server = counter(Config::default().token_ttl(Duration::ZERO)).await;
    let page = server.page("/").await;
    expect_fatal(&mut hello_with(&server, page.sid(), page.token()).await, 3).await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_truncated_wrong_typed_text_and_unbound_frames_get_errors_not_panics() {
    let server = counter(Config::default()).await;
    let (_, mut healthy) = server.open("/").await;
    let (_, mut bad) = server.open("/").await;
    let cases: &[(&[u8], u8)] = &[
        (b"\xff\xfe garbage", 1),
        (&[0x94, 0x00, 0x01, 0xa5, b'a'], 1),
        (&[0x93, 0x01, 0xa1, b'x', 0x00], 1),
        (&[0x93, 0x01, 0x02, 0x0b], 1),
        (&[0x92, 0x07, 0x00], 1),
        (&[0x93, 0x01, 0x63, 0x00], 6),
        (&[0x93, 0x01, 0x02, 0x01], 6),
        (&[0x93, 0x01, 0x01, 0x00], 6),
        // Kinds no client sends are kinds no markup binds.
        (&[0x93, 0x01, 0x02, 0x0d], 6),
        (&[0x93, 0x01, 0x02, 0xcc, 0xff], 6),
    ];
    for (bytes, code) in cases {
        bad.send(bytes).await;
        let frame = bad.recv().await;
        assert_eq!(frame.error_code(), Some(*code), "{bytes:x?} got {frame:?}");
    }
    // Not fatal: the same session still works, and nothing changed its state.
    still_healthy(&mut bad, "Count: 1").await;
    still_healthy(&mut healthy, "Count: 1").await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_before_hello_and_an_oversized_frame_get_their_codes() {
    let server = counter(Config::default().max_frame(1024)).await;
    let (_, mut healthy) = server.open("/").await;
    let page = server.page("/").await;

    let mut early = Client::connect(server.addr, page.sid()).await;
    early.click(2).await;
    assert_eq!(early.recv().await.error_code(), Some(11));
    early.hello(page.token(), 0).await;
    assert_eq!(early.recv().await, Frame::Ready { seq: 0 });

    let mut big = vec![0x94, 0x01, 0x02, 0x01, 0xda, 0x08, 0x00];
    big.extend(std::iter::repeat_n(b'x', 2048));
    early.send(&big).await;
    expect_fatal(&mut early, 7).await;

    // Far past the limit, a frame the WebSocket layer does not even read gets the same ERROR.
    let (_, mut huge) = server.open("/").await;
    huge.send(&vec![0x91; 300 * 1024]).await;
    expect_fatal(&mut huge, 7).await;

    still_healthy(&mut healthy, "Count: 1").await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_origin_handshake_gets_403() {
    let server = counter(Config::default().allow_origin("https://trusted.example")).await;
    let (page, mut healthy) = server.open("/").await;
    let refused = Client::try_connect(server.addr, page.sid(), Some("https://evil.example")).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 403);
        }
        Err(other) => panic!("expected an HTTP 403, got {other}"),
        Ok(_) => panic!("a cross-origin handshake was accepted"),
    }
    let trusted =
        Client::try_connect(server.addr, page.sid(), Some("https://trusted.example")).await;
    assert!(trusted.is_ok());
    still_healthy(&mut healthy, "Count: 1").await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_past_the_rate_limit_are_refused() {
    let server = counter(Config::default().rate_limit(0.0, 3)).await;
    let (_, mut client) = server.open("/").await;
    for count in 1..=3 {
        still_healthy(&mut client, &format!("Count: {count}")).await;
    }
    client.click(2).await;
    assert_eq!(client.recv().await.error_code(), Some(8));
    // Text frames count too: past the limit they get ERROR 8, not a free ERROR 1 each.
    client.send_text("hello").await;
    assert_eq!(client.recv().await.error_code(), Some(8));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_session_cap_pages_get_503_and_sockets_get_busy() {
    let server = counter(Config::default().max_sessions(1)).await;
    let (page, mut healthy) = server.open("/").await;
    let refused = server.page("/").await;
    assert_eq!(refused.status, 503);
    assert!(refused.body.contains("busy"));
    let mut extra = Client::connect(server.addr, page.sid()).await;
    expect_fatal(&mut extra, 9).await;
    still_healthy(&mut healthy, "Count: 1").await;
    server.shutdown().await;
}
