//! The floor the load tool measures HJX against: the same WebSocket stack (axum's WebSocket
//! over tungstenite, on tokio, with the read buffer HJX uses) and no framework. It speaks just
//! enough of the protocol for `hjx-load --hjx-server` to drive it: `GET /` answers a page whose
//! script tag carries a `data-sid` and a `data-token`; on `/hjx/live/<sid>` the first binary
//! frame (HELLO) is answered with READY `[5, 0]`, and every later one with the same 14-byte
//! REPLY a counter click gets (`[7, 1, 0, 1, "Count: 1"]`). No session, no state, no parsing.
//!
//! Run it as the load tool does: `hjx-bench-echo --port 0 --exit-with-stdin`, printing
//! `listening on http://<addr>/`.

use std::io;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::WebSocketUpgrade;
use axum::extract::ws::{Message, WebSocket};
use axum::response::{Html, Response};
use axum::routing::get;
use tokio::net::TcpListener;

/// READY `[5, 0]`.
const READY: &[u8] = b"\x92\x05\x00";
/// The counter's answer to a click, 14 bytes: REPLY `[7, seq, 0, 1, "Count: 1"]`.
const REPLY: &[u8] = b"\x95\x07\x01\x00\x01\xa8Count: 1";

/// The page: a script tag with a session ID and a token, as an HJX page has.
const PAGE: &str = "<!doctype html><html><body><button>+</button>\
    <script data-sid=\"00000000000000000000000000000000\" data-token=\"echo\"></script></body></html>";

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
        .route("/hjx/live/{sid}", get(upgrade));
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    println!("listening on http://{}/", listener.local_addr()?);
    axum::serve(listener, router)
        .with_graceful_shutdown(crate::server::stopped(exit_with_stdin))
        .await
}

async fn upgrade(upgrade: WebSocketUpgrade) -> Response {
    upgrade.read_buffer_size(512).on_upgrade(echo)
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
