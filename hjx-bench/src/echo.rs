//! The floor the load tool measures HJX against: the same WebSocket stack (axum's WebSocket
//! over tungstenite, on tokio, with the read buffer HJX uses) and no framework. It speaks just
//! enough of the protocol for `hjx-load --hjx-server` to drive it: `GET /` answers a page whose
//! script tag carries a `data-sid` and a `data-token`; on `/hjx/live/<sid>` the first binary
//! frame (HELLO) is answered with READY `[5, 0]`, and every later one with the same 14-byte
//! REPLY a counter click gets (`[7, 1, 0, 1, "Count: 1"]`). No session, no state, no parsing.
//!
//! `GET /shared` is the floor of the broadcast scenario: its sockets (`/hjx/live/<SHARED_SID>`)
//! answer a click with the REPLY and send every other `/shared` socket a 14-byte PATCHES, the
//! same bytes for all (one `Bytes`, shared), each through its socket's own channel and task, as
//! any server on this stack must.
//!
//! Run it as the load tool does: `hjx-bench-echo --port 0 --exit-with-stdin`, printing
//! `listening on http://<addr>/`.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket};
use axum::extract::{Path, WebSocketUpgrade};
use axum::response::{Html, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// READY `[5, 0]`.
const READY: &[u8] = b"\x92\x05\x00";
/// The counter's answer to a click, 14 bytes: REPLY `[7, seq, 0, 1, "Count: 1"]`.
const REPLY: &[u8] = b"\x95\x07\x01\x00\x01\xa8Count: 1";

/// The shared counter's patch to every other page, 14 bytes: PATCHES `[0, seq, 0, 1, "Total: 1"]`.
const PATCH: &[u8] = b"\x95\x00\x01\x00\x01\xa8Total: 1";

/// The page: a script tag with a session ID and a token, as an HJX page has.
const PAGE: &str = "<!doctype html><html><body><button>+</button>\
    <script data-sid=\"00000000000000000000000000000000\" data-token=\"echo\"></script></body></html>";

/// The session ID of the `/shared` page's sockets.
const SHARED_SID: &str = "11111111111111111111111111111111";

/// The `/shared` page.
const SHARED_PAGE: &str = "<!doctype html><html><body><button>+</button>\
    <script data-sid=\"11111111111111111111111111111111\" data-token=\"echo\"></script></body></html>";

/// The `/shared` sockets, each by a number of its own: where a broadcast goes.
static PEERS: Mutex<Option<HashMap<u64, mpsc::UnboundedSender<Bytes>>>> = Mutex::new(None);
static NEXT_PEER: AtomicU64 = AtomicU64::new(0);

fn peers() -> std::sync::MutexGuard<'static, Option<HashMap<u64, mpsc::UnboundedSender<Bytes>>>> {
    PEERS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs the echo server from the command line (`--port N`, `--exit-with-stdin`).
pub fn main_with(args: impl IntoIterator<Item = String>) -> io::Result<()> {
    let (port, exit_with_stdin) = crate::server::args_from(args);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(port, exit_with_stdin))
}

async fn serve(port: u16, exit_with_stdin: bool) -> io::Result<()> {
    crate::server::raise_nofile_limit();
    let router = Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route("/shared", get(|| async { Html(SHARED_PAGE) }))
        .route("/hjx/live/{sid}", get(upgrade));
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    println!("listening on http://{}/", listener.local_addr()?);
    // The socket options of the HJX server's accept loop: Nagle off, or an answer could wait
    // for the client's acknowledgement of the one before.
    let listener = listener.tap_io(|stream| {
        let _ = stream.set_nodelay(true);
    });
    axum::serve(listener, router)
        .with_graceful_shutdown(crate::server::stopped(exit_with_stdin))
        .await
}

async fn upgrade(Path(sid): Path<String>, upgrade: WebSocketUpgrade) -> Response {
    let upgrade = upgrade.read_buffer_size(512);
    if sid == SHARED_SID {
        upgrade.on_upgrade(shared)
    } else {
        upgrade.on_upgrade(echo)
    }
}

/// READY for the first frame, the counter's REPLY for every other.
async fn echo(mut socket: WebSocket) {
    let mut answer = READY;
    while let Some(Ok(message)) = socket.recv().await {
        if let Message::Binary(_) = message {
            if socket
                .send(Message::Binary(answer.to_vec().into()))
                .await
                .is_err()
            {
                return;
            }
            answer = REPLY;
        }
    }
}

/// As [`echo`], and a click sends [`PATCH`] to every other `/shared` socket.
async fn shared(mut socket: WebSocket) {
    let id = NEXT_PEER.fetch_add(1, Ordering::Relaxed);
    let (tx, mut rx) = mpsc::unbounded_channel();
    peers().get_or_insert_with(HashMap::new).insert(id, tx);
    let patch = Bytes::from_static(PATCH);
    let mut answer = READY;
    loop {
        tokio::select! {
            message = socket.recv() => match message {
                Some(Ok(Message::Binary(_))) => {
                    if answer == REPLY {
                        for (peer, tx) in peers().iter().flatten() {
                            if *peer != id {
                                let _ = tx.send(patch.clone());
                            }
                        }
                    }
                    if socket.send(Message::Binary(answer.to_vec().into())).await.is_err() {
                        break;
                    }
                    answer = REPLY;
                }
                Some(Ok(_)) => {}
                _ => break,
            },
            Some(frame) = rx.recv() => {
                if socket.send(Message::Binary(frame)).await.is_err() {
                    break;
                }
            }
        }
    }
    if let Some(peers) = peers().as_mut() {
        peers.remove(&id);
    }
}
