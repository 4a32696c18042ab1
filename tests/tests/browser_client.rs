//! The browser client (`hjx-client`) in real headless Chromium, against a hand-written page
//! and a scripted WebSocket peer that speaks the frames of `docs/CONTRACT.md`: no runtime,
//! no macro, so these pin the client alone.
//!
//! Run with `cargo test -p hjx-tests --test browser_client`.

mod browser_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use browser_support::{Browser, PATIENCE, with_browser};
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// The page under test: hand-written markup in the shape the macro renders.
const PAGE_BODY: &str = r#"
<div data-hjx-root="Test">
  <p id="text" data-hid="1">before</p>
  <button id="inc" data-hid="2" data-on="click"><span id="inner">+</span></button>
  <button id="unbound" data-hid="3">not bound</button>
  <input id="name" data-hid="4" data-on="input keydown" value="">
  <input id="agree" type="checkbox" data-hid="5" data-on="change">
  <form id="form" data-hid="6" data-on="submit"><input name="a" value="x"><input name="b" value="y&z"><button id="submit">go</button></form>
  <a id="link" href="/elsewhere" data-hid="7" data-on="click">link</a>
  <div id="region" data-hid="8"><i>old</i></div>
  <ul id="list" data-hid="9"><li>a</li><li>b</li><li>c</li></ul>
  <input id="focus" data-hid="10" data-on="focus blur">
  <span id="attr" data-hid="11" title="t">attr</span>
</div>"#;

/// A tiny server: the page, the client script, and every WebSocket handed to the test.
struct TestServer {
    base: String,
    sockets: mpsc::UnboundedReceiver<WebSocket>,
    page_loads: Arc<AtomicUsize>,
}

#[derive(Clone)]
struct ServerState {
    sockets: mpsc::UnboundedSender<WebSocket>,
    page_loads: Arc<AtomicUsize>,
}

async fn page(State(state): State<ServerState>) -> Html<String> {
    state.page_loads.fetch_add(1, Ordering::SeqCst);
    // Records class changes on <html> and console errors before the client runs.
    Html(format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>t</title><script>
window.classLog = []; window.errors = []; window.got = [];
new MutationObserver(() => classLog.push(document.documentElement.className))
  .observe(document.documentElement, {{ attributes: true }});
addEventListener('error', e => errors.push(String(e.message)));
const consoleError = console.error; console.error = (...a) => {{ errors.push(a.join(' ')); consoleError(...a); }};
addEventListener('hjx:toast', e => got.push(e.detail));
</script></head><body>{PAGE_BODY}
<script src="/hjx/client-{}.js" defer data-sid="s1" data-token="tok&amp;1"></script></body></html>"#,
        hjx_client::CLIENT_HASH
    ))
}

async fn client_js() -> impl IntoResponse {
    ([("content-type", "text/javascript")], hjx_client::CLIENT_JS)
}

async fn live(
    Path(sid): Path<String>,
    State(state): State<ServerState>,
    upgrade: WebSocketUpgrade,
) -> impl IntoResponse {
    assert_eq!(sid, "s1", "the client connects to /hjx/live/<data-sid>");
    upgrade.on_upgrade(move |socket| async move {
        let _ = state.sockets.send(socket);
    })
}

impl TestServer {
    async fn start() -> TestServer {
        let (tx, sockets) = mpsc::unbounded_channel();
        let page_loads = Arc::new(AtomicUsize::new(0));
        let state = ServerState {
            sockets: tx,
            page_loads: page_loads.clone(),
        };
        let app = Router::new()
            .route("/", get(page))
            .route(
                &format!("/hjx/client-{}.js", hjx_client::CLIENT_HASH),
                get(client_js),
            )
            .route("/hjx/live/{sid}", get(live))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("bound address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        TestServer {
            base,
            sockets,
            page_loads,
        }
    }

    /// The next WebSocket the page opens.
    async fn accept(&mut self) -> Peer {
        let socket = tokio::time::timeout(PATIENCE, self.sockets.recv())
            .await
            .expect("the client connects")
            .expect("server alive");
        Peer { socket }
    }

    /// Opens the page and completes the handshake; returns the peer after READY.
    async fn open(&mut self, browser: &Browser) -> Peer {
        browser.goto(&format!("{}/", self.base)).await;
        let mut peer = self.accept().await;
        assert_eq!(peer.recv().await, json!([0, 1, "tok&1", 0]), "HELLO");
        peer.send(&json!([5, 0])).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        peer
    }
}

/// The server's end of one client socket, scripted by the test.
struct Peer {
    socket: WebSocket,
}

impl Peer {
    async fn recv_bytes(&mut self) -> Vec<u8> {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.socket.recv())
                .await
                .expect("a frame from the client")
                .expect("socket open")
                .expect("socket healthy");
            match message {
                Message::Binary(bytes) => return bytes.to_vec(),
                Message::Text(text) => panic!("the client sent a text frame: {text}"),
                _ => continue,
            }
        }
    }

    async fn recv(&mut self) -> Value {
        let bytes = self.recv_bytes().await;
        rmp_serde::from_slice(&bytes).expect("the client sends valid MessagePack")
    }

    async fn send_bytes(&mut self, bytes: Vec<u8>) {
        self.socket
            .send(Message::Binary(bytes.into()))
            .await
            .expect("send to the client");
    }

    async fn send(&mut self, frame: &Value) {
        self.send_bytes(rmp_serde::to_vec(frame).expect("encodable"))
            .await;
    }

    /// Waits until the client closes this socket.
    async fn closed(mut self) {
        tokio::time::timeout(PATIENCE, async {
            while let Some(Ok(message)) = self.socket.recv().await {
                if let Message::Binary(bytes) = message {
                    let frame: Value = rmp_serde::from_slice(&bytes).unwrap_or_default();
                    assert_ne!(frame[0], json!(1), "no event on a socket being dropped");
                }
            }
        })
        .await
        .expect("the client closes the socket");
    }
}

async fn text(browser: &Browser, css: &str) -> Value {
    browser
        .js(
            "return document.querySelector(arguments[0]).textContent;",
            vec![json!(css)],
        )
        .await
}

async fn assert_no_page_errors(browser: &Browser) {
    assert_eq!(
        browser.js("return window.errors;", vec![]).await,
        json!([]),
        "page errors"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bound_events_reach_the_server_in_the_contract_shapes() {
    with_browser(|browser| async move {
        let mut server = TestServer::start().await;
        let mut peer = server.open(&browser).await;

        // A click inside the bound button is the 4-byte EVENT of the contract.
        browser.click("#inner").await;
        assert_eq!(peer.recv_bytes().await, vec![0x93, 0x01, 0x02, 0x00]);

        // Unbound elements send nothing: the next frame is the one after the unbound click.
        browser.click("#unbound").await;
        browser.click("#agree").await;
        assert_eq!(
            peer.recv().await,
            json!([1, 5, 2, true]),
            "change sends checked"
        );

        // Input is coalesced: whatever input frames arrive, the last carries the full value
        // (the field is bound to keydown too, so each key also sends one).
        browser.type_into("#name", "héllo").await;
        let mut last = peer.recv().await;
        while last != json!([1, 4, 1, "héllo"]) {
            assert_eq!((&last[0], &last[1]), (&json!(1), &json!(4)), "{last}");
            last = peer.recv().await;
        }
        browser.type_into("#name", "\u{E007}").await; // Enter
        assert_eq!(peer.recv().await, json!([1, 4, 4, "Enter"]));

        // Submit sends the form's fields and stays on the page.
        browser.click("#submit").await;
        assert_eq!(
            peer.recv().await,
            json!([1, 6, 3, [["a", "x"], ["b", "y&z"]]])
        );
        browser.click("#link").await;
        assert_eq!(peer.recv().await, json!([1, 7, 0]));

        browser.click("#focus").await;
        assert_eq!(peer.recv().await, json!([1, 10, 5]), "focus");
        browser.click("#text").await;
        assert_eq!(peer.recv().await, json!([1, 10, 6]), "blur");

        assert_eq!(
            server.page_loads.load(Ordering::SeqCst),
            1,
            "no navigation, no reload"
        );
        assert_no_page_errors(&browser).await;
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patches_apply_every_op_by_hydration_id_in_one_frame() {
    with_browser(|browser| async move {
        let mut server = TestServer::start().await;
        let mut peer = server.open(&browser).await;

        // The contract's 14-byte counter patch, byte for byte.
        let mut counter = vec![0x95, 0x00, 0x01, 0x00, 0x01, 0xa8];
        counter.extend_from_slice(b"Count: 1");
        peer.send_bytes(counter).await;
        browser.wait_for("document.querySelector('#text').textContent === 'Count: 1'").await;

        peer.send(&json!([0, 2,
            0, 1, "<b>not markup</b>",
            1, 11, "title", "new \"title\"",
            1, 11, "data-x", "1",
            2, 11, "data-x",
            3, 8, "<em id=\"em\">new</em>",
            4, 9, 1, "<li>ins</li>",
            5, 9, 0,
            6, 9, 0, 2,
            1, 4, "value", "typed by server",
            1, 5, "checked", ""
        ]))
        .await;
        browser.wait_for("document.querySelector('#em')").await;
        assert_eq!(text(&browser, "#text").await, json!("<b>not markup</b>"));
        assert_eq!(
            browser.js("return document.querySelector('#text').children.length;", vec![]).await,
            json!(0),
            "text is text, never HTML"
        );
        assert_eq!(
            browser.js("const a = document.querySelector('#attr'); return [a.title, a.hasAttribute('data-x')];", vec![]).await,
            json!(["new \"title\"", false])
        );
        // [a, b, c] → insert at 1 → [a, ins, b, c] → remove 0 → [ins, b, c] → move 0 to 2.
        assert_eq!(
            browser.js("return [...document.querySelectorAll('#list li')].map(li => li.textContent);", vec![]).await,
            json!(["b", "c", "ins"])
        );
        assert_eq!(
            browser.js("const n = document.querySelector('#name'), c = document.querySelector('#agree'); return [n.value, n.getAttribute('value'), c.checked];", vec![]).await,
            json!(["typed by server", "typed by server", true]),
            "value and checked are set as properties, so the form shows them"
        );
        peer.send(&json!([0, 3, 2, 5, "checked"])).await;
        browser.wait_for("!document.querySelector('#agree').checked").await;
        assert_no_page_errors(&browser).await;
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_focused_input_ignores_stale_echoes_but_takes_server_values() {
    with_browser(|browser| async move {
        let mut server = TestServer::start().await;
        let mut peer = server.open(&browser).await;
        // Wait for each value to reach the server, so the client has sent both for sure.
        for (keys, value) in [("abc", "abc"), ("d", "abcd")] {
            browser.type_into("#name", keys).await;
            while peer.recv().await != json!([1, 4, 1, value]) {} // keydowns pass by
        }
        // The echo of the earlier value arrives late: the user's newer text stays.
        peer.send(&json!([0, 1, 1, 4, "value", "abc", 0, 1, "marker"]))
            .await;
        browser
            .wait_for("document.querySelector('#text').textContent === 'marker'")
            .await;
        assert_eq!(
            browser
                .js("return document.querySelector('#name').value;", vec![])
                .await,
            json!("abcd")
        );
        // A value the server chose (clearing the box after a send) is applied while focused.
        peer.send(&json!([0, 2, 1, 4, "value", ""])).await;
        browser
            .wait_for("document.querySelector('#name').value === ''")
            .await;
        assert_eq!(
            browser
                .js("return document.activeElement.id;", vec![])
                .await,
            json!("name"),
            "focus stays"
        );
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sequence_gap_reconnects_with_last_seq_and_resync_replaces_the_root() {
    with_browser(|browser| async move {
        let mut server = TestServer::start().await;
        let mut peer = server.open(&browser).await;
        peer.send(&json!([0, 1, 0, 1, "one"])).await;
        peer.send(&json!([0, 1, 0, 1, "duplicate ignored"])).await;
        peer.send(&json!([0, 3, 0, 1, "after a gap"])).await;
        peer.closed().await;

        let mut peer = server.accept().await;
        assert_eq!(
            peer.recv().await,
            json!([0, 1, "tok&1", 1]),
            "HELLO resumes from seq 1"
        );
        assert_eq!(text(&browser, "#text").await, json!("one"));
        peer.send(&json!([5, 3])).await;
        peer.send(&json!([
            2,
            3,
            "<p id=\"fresh\" data-hid=\"1\">resynced</p>"
        ]))
        .await;
        browser.wait_for("document.querySelector('#fresh')").await;
        assert_eq!(
            browser
                .js(
                    "return document.querySelector('[data-hjx-root]').children.length;",
                    vec![]
                )
                .await,
            json!(1)
        );
        peer.send(&json!([0, 4, 0, 1, "patched after resync"]))
            .await;
        browser
            .wait_for("document.querySelector('#fresh').textContent === 'patched after resync'")
            .await;
        assert_no_page_errors(&browser).await;
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_frames_dispatch_custom_events_on_window() {
    with_browser(|browser| async move {
        let mut server = TestServer::start().await;
        let mut peer = server.open(&browser).await;
        let data = json!({"n": -5, "big": 4_294_967_296_u64, "f": 1.5, "s": "ünï", "l": [true, null], "m": {}});
        peer.send(&json!([1, "toast", data])).await;
        assert_eq!(browser.wait_for("window.got.length && window.got").await, json!([data]));
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_socket_shows_disconnected_then_reconnects_and_resumes() {
    with_browser(|browser| async move {
        let mut server = TestServer::start().await;
        let mut peer = server.open(&browser).await;
        peer.send(&json!([0, 1, 0, 1, "state"])).await;
        browser
            .wait_for("document.querySelector('#text').textContent === 'state'")
            .await;
        browser.js("window.classLog.length = 0;", vec![]).await;
        drop(peer); // the server kills the socket

        let mut peer = server.accept().await;
        assert_eq!(peer.recv().await, json!([0, 1, "tok&1", 1]));
        peer.send(&json!([5, 1])).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-connected')")
            .await;
        let log = browser.js("return window.classLog;", vec![]).await;
        let log: Vec<&str> = log
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let disconnected = log
            .iter()
            .position(|c| c.contains("hjx-disconnected"))
            .expect("disconnected shown");
        let connected = log
            .iter()
            .rposition(|c| c.contains("hjx-connected"))
            .expect("connected again");
        assert!(
            disconnected < connected,
            "disconnected → connected: {log:?}"
        );
        assert_eq!(
            text(&browser, "#text").await,
            json!("state"),
            "the page state survives"
        );
        assert_eq!(server.page_loads.load(Ordering::SeqCst), 1, "no reload");

        // The connection is live again: events flow.
        browser.click("#inc").await;
        assert_eq!(peer.recv().await, json!([1, 2, 0]));
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_session_reloads_the_page_once_not_in_a_loop() {
    with_browser(|browser| async move {
        let mut server = TestServer::start().await;
        let mut peer = server.open(&browser).await;
        peer.send(&json!([3, 4, "unknown session"])).await;

        // The page reloads and says HELLO afresh; the session is still unknown.
        let mut peer = server.accept().await;
        assert_eq!(peer.recv().await, json!([0, 1, "tok&1", 0]));
        assert_eq!(server.page_loads.load(Ordering::SeqCst), 2);
        browser.wait_for("document.readyState === 'complete'").await;
        browser.js("window.stillHere = true;", vec![]).await;
        peer.send(&json!([3, 4, "unknown session"])).await;
        browser
            .wait_for("document.documentElement.classList.contains('hjx-disconnected')")
            .await;
        assert_eq!(
            browser
                .js("return window.stillHere === true;", vec![])
                .await,
            json!(true),
            "no second reload"
        );
        assert_eq!(server.page_loads.load(Ordering::SeqCst), 2);
        // And it does not keep reconnecting to a session that is gone.
        assert!(
            tokio::time::timeout(Duration::from_millis(500), server.sockets.recv())
                .await
                .is_err()
        );
        browser
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_codec_round_trips_every_frame_kind_in_the_browser() {
    with_browser(|browser| async move {
        let mut server = TestServer::start().await;
        let _peer = server.open(&browser).await;
        // Server → client frames as the Rust side encodes them, decoded by the client.
        let long = "x".repeat(70_000);
        let server_frames = [
            json!([0, 1, 0, 1, "Count: 1"]),
            json!([0, 4_294_967_295_u64, 1, 300, "value", "v", 2, 65_536, "checked", 3, 1, "<p>x</p>", 4, 2, 0, "<li>é</li>", 5, 2, 1, 6, 2, 0, 1]),
            json!([1, "tick", {"count": 3, "neg": -129, "neg16": -40_000, "neg32": -3_000_000_000_i64, "f": 0.25, "nil": null, "list": [1, [2, [3]]]}]),
            json!([2, 7, "<div data-hid=\"1\">ünïcödé ✓ 😀</div>"]),
            json!([3, 4, "unknown session"]),
            json!([4]),
            json!([5, 123_456]),
            json!([2, 8, long]),
            json!([0, 9, 0, 1, "x".repeat(300)]),
        ];
        for frame in server_frames {
            let bytes = rmp_serde::to_vec(&frame).expect("encodable");
            let decoded = browser
                .js("return window.hjx.decode(new Uint8Array(arguments[0]).buffer);", vec![json!(bytes)])
                .await;
            assert_eq!(decoded, frame, "client decodes {}", &frame.to_string()[..frame.to_string().len().min(80)]);
        }
        // Client → server frames: the client's encoding equals what the Rust side encodes.
        let client_frames = [
            json!([0, 1, "token.with-sig", 0]),
            json!([0, 1, "t", 70_000]),
            json!([0, 1, "t", 5_000_000_000_u64]),
            json!([1, 3, 0]),
            json!([1, 200, 1, "typed ✓"]),
            json!([1, 65_535, 2, true]),
            json!([1, 3, 2, false]),
            json!([1, 3, 3, [["a", "1"], ["b", "x".repeat(40)]]]),
            json!([1, 3, 4, "Enter"]),
            json!([2]),
            json!([1, 3, 1, "y".repeat(300)]),
        ];
        for frame in client_frames {
            let bytes = browser.js("return window.hjx.encode(arguments[0]);", vec![frame.clone()]).await;
            let bytes: Vec<u8> = serde_json::from_value(bytes).expect("byte array");
            assert_eq!(bytes, rmp_serde::to_vec(&frame).expect("encodable"), "client encodes {frame}");
        }
        browser
    })
    .await;
}
