//! End to end over a real socket: the counter's page, HELLO, a click and the exact patch bytes.

use hjx_runtime::Live;
use hjx_tests::client::{Client, Frame, TestServer, click_frame, get};
use hjx_tests::components::Counter;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_hello_click_yields_the_documented_patch_bytes() {
    let server = TestServer::start(Live::new().mount::<Counter>("/")).await;
    let page = server.page("/").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(
        page.body
            .starts_with("<!doctype html><html><head><meta charset=\"utf-8\">")
    );
    assert!(page.body.contains(
        "<div data-hjx-root=\"Counter\"><div class=\"counter\"><p data-hid=\"1\">Count: 0</p>"
    ));
    assert!(page.body.contains(&format!(
        "<script src=\"/hjx/client-{}.js\" defer data-sid=",
        hjx_client::CLIENT_HASH
    )));
    assert_eq!(page.sid().len(), 32);

    let mut client = Client::connect(server.addr, page.sid()).await;
    client.hello(page.token(), 0).await;
    assert_eq!(client.recv_raw().await, [0x92, 0x05, 0x00], "READY [5, 0]");

    let click = click_frame(2);
    assert_eq!(click, [0x93, 0x01, 0x02, 0x00]);
    assert!(click.len() <= 12, "a click EVENT is at most 12 bytes");
    client.send(&click).await;
    let patch = client.recv_raw().await;
    // REPLY (7): the PATCHES that answer this page's own event, 14 bytes.
    assert_eq!(patch, b"\x95\x07\x01\x00\x01\xa8Count: 1");
    assert!(
        patch.len() <= 20,
        "a counter PATCHES frame is at most 20 bytes"
    );

    client.send(&click).await;
    assert_eq!(client.recv_raw().await, b"\x95\x07\x02\x00\x01\xa8Count: 2");
    client.send(&[0x91, 0x02]).await;
    assert_eq!(client.recv().await, Frame::Pong);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_script_is_served_at_an_immutable_hashed_url() {
    let server = TestServer::start(Live::new().mount::<Counter>("/")).await;
    let page = server.page("/").await;
    let start = page.body.find("<script src=\"").expect("script tag") + "<script src=\"".len();
    let path = &page.body[start..start + page.body[start..].find('"').expect("closed")];
    assert!(path.starts_with("/hjx/client-") && path.ends_with(".js"));

    let script = get(server.addr, path, &[]).await;
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(!script.body.is_empty());

    let gzipped = get(server.addr, path, &[("Accept-Encoding", "gzip, br")]).await;
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
    assert_eq!(
        get(server.addr, "/hjx/client-0000.js", &[]).await.status,
        404
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_open_sockets_with_going_away() {
    let server = TestServer::start(Live::new().mount::<Counter>("/")).await;
    let (_, mut client) = server.open("/").await;
    let handle = server.handle.clone();
    assert_eq!(handle.session_count(), 1);
    server.shutdown().await;
    assert_eq!(client.recv().await, Frame::Closed(Some(1001)));
    assert_eq!(handle.session_count(), 0);
}
