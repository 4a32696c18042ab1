//! Loopback connections for many sessions: source addresses spread over `127.0.0.x`, a plain
//! HTTP/1.1 GET, and the WebSocket handshake.
//!
//! One source address has about 28,000 ephemeral ports, and every session costs two connections
//! (its page and its socket) plus the TIME_WAIT the page leaves behind, so runs of 10,000 sessions
//! and more spread their connections over several loopback source addresses.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// How long opening one connection, page or socket may take before the run fails.
pub const OPEN_TIMEOUT: Duration = Duration::from_secs(30);

/// A WebSocket over a plain loopback TCP stream.
pub type Socket = WebSocketStream<TcpStream>;

/// Hands out source addresses `127.0.0.1` … `127.0.0.<count>` in turn.
#[derive(Debug)]
pub struct Sources {
    count: usize,
    next: AtomicUsize,
}

impl Sources {
    /// `count` source addresses (at least 1, at most 254).
    pub fn new(count: usize) -> Sources {
        Sources {
            count: count.clamp(1, 254),
            next: AtomicUsize::new(0),
        }
    }

    /// Connects to `server` from the next source address.
    pub async fn connect(&self, server: SocketAddr) -> io::Result<TcpStream> {
        let turn = self.next.fetch_add(1, Ordering::Relaxed) % self.count;
        let host = u8::try_from(turn + 1).unwrap_or(1);
        let socket = TcpSocket::new_v4()?;
        socket.bind(SocketAddr::from((Ipv4Addr::new(127, 0, 0, host), 0)))?;
        let stream = tokio::time::timeout(OPEN_TIMEOUT, socket.connect(server))
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "connect timed out"))??;
        stream.set_nodelay(true)?;
        Ok(stream)
    }
}

/// `GET path` with `Connection: close` (and `cookie`, if given); returns the body.
pub async fn get(
    sources: &Sources,
    server: SocketAddr,
    path: &str,
    cookie: Option<&str>,
) -> io::Result<String> {
    let mut stream = sources.connect(server).await?;
    let cookie = cookie
        .map(|cookie| format!("Cookie: {cookie}\r\n"))
        .unwrap_or_default();
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {server}\r\n{cookie}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    tokio::time::timeout(OPEN_TIMEOUT, stream.read_to_end(&mut raw))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "page timed out"))??;
    let raw = String::from_utf8_lossy(&raw);
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .ok_or_else(|| io::Error::other("no header block"))?;
    if !head.starts_with("HTTP/1.1 200") {
        let status = head.lines().next().unwrap_or_default();
        return Err(io::Error::other(format!("GET {path}: {status}")));
    }
    Ok(body.to_owned())
}

/// The load tool's WebSocket settings: a 4 KiB read buffer instead of tungstenite's 128 KiB.
///
/// Every read first zero-fills the free part of that buffer (`FrameCodec::read_in`), so with
/// the default each poll of an idle socket clears 128 KiB: that memset was most of the load
/// tool's CPU, and 128 KiB of memory per socket. Frames here are a few bytes.
fn client_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4 * 1024)
}

/// Opens a WebSocket on `path`.
pub async fn websocket(sources: &Sources, server: SocketAddr, path: &str) -> io::Result<Socket> {
    let stream = sources.connect(server).await?;
    let request = format!("ws://{server}{path}")
        .into_client_request()
        .map_err(io::Error::other)?;
    let (socket, _) = tokio::time::timeout(
        OPEN_TIMEOUT,
        tokio_tungstenite::client_async_with_config(request, stream, Some(client_config())),
    )
    .await
    .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "handshake timed out"))?
    .map_err(io::Error::other)?;
    Ok(socket)
}
