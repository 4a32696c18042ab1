//! A test server on `127.0.0.1:0` and a protocol-speaking WebSocket client.
//!
//! Waits are bounded (a stuck test fails with a message instead of hanging), but no assertion
//! depends on timing: tests assert on frames, bytes and counts.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hjx_runtime::{Live, LiveHandle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The longest any single wait may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A running app on a loopback port.
#[derive(Debug)]
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its handle, for stats.
    pub handle: LiveHandle,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl TestServer {
    /// Serves `live` on `127.0.0.1:0`.
    pub async fn start<S: Clone + Send + Sync + 'static>(live: Live<S>) -> TestServer {
        let handle = live.handle();
        TestServer::start_router(live.router(), handle).await
    }

    /// Serves `live` at `addr`: a new server where an earlier one stood (a restart).
    pub async fn start_at<S: Clone + Send + Sync + 'static>(
        live: Live<S>,
        addr: SocketAddr,
    ) -> TestServer {
        let handle = live.handle();
        let listener = TcpListener::bind(addr)
            .await
            .expect("bind the same address");
        TestServer::serve(listener, live.router(), handle)
    }

    /// Serves an app's router, extended with routes of its own, on `127.0.0.1:0`.
    pub async fn start_router(router: axum::Router, handle: LiveHandle) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        TestServer::serve(listener, router, handle)
    }

    fn serve(listener: TcpListener, router: axum::Router, handle: LiveHandle) -> TestServer {
        let addr = listener.local_addr().expect("local addr");
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(hjx_runtime::serve_router(
            listener,
            router,
            handle.clone(),
            async move {
                let _ = stopped.await;
            },
        ));
        TestServer {
            addr,
            handle,
            stop: Some(stop),
            task,
        }
    }

    /// GETs a page.
    pub async fn page(&self, path: &str) -> Page {
        get(self.addr, path, &[]).await
    }

    /// GETs `path` and connects a client to the session it created, after HELLO and READY.
    pub async fn open(&self, path: &str) -> (Page, Client) {
        self.open_with(path, &[]).await
    }

    /// As [`open`](Self::open), with extra request headers (a `Cookie`) on the GET.
    pub async fn open_with(&self, path: &str, headers: &[(&str, &str)]) -> (Page, Client) {
        let page = get(self.addr, path, headers).await;
        assert_eq!(page.status, 200, "GET {path}: {}", page.body);
        // As a browser does, the socket's handshake carries the page's cookies.
        let mut client = Client::connect_with(self.addr, page.sid(), headers).await;
        client.hello(page.token(), 0).await;
        match client.recv().await {
            Frame::Ready { .. } => {}
            other => panic!("expected READY, got {other:?}"),
        }
        (page, client)
    }

    /// Stops listening at once, with no shutdown: as a crash looks to the next server (what the
    /// app holds in memory is never written).
    pub fn kill(self) {
        self.task.abort();
    }

    /// Triggers shutdown and waits for `serve` to return.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(PATIENCE, &mut self.task)
            .await
            .expect("serve returns after shutdown")
            .expect("serve task")
            .expect("serve result");
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Page {
    /// Status code.
    pub status: u16,
    /// Raw header block.
    pub headers: String,
    /// The body.
    pub body: String,
}

impl Page {
    /// The value of a `data-<name>="…"` attribute in the body.
    pub fn data(&self, name: &str) -> &str {
        let marker = format!("data-{name}=\"");
        let start = self.body.find(&marker).expect("attribute present") + marker.len();
        let len = self.body[start..].find('"').expect("attribute closed");
        &self.body[start..start + len]
    }

    /// The hydration ID of the first element whose markup starts with `start` (`<input`,
    /// `<form`, `<textarea name=\"comment\"`).
    pub fn hid(&self, start: &str) -> u32 {
        hid_of(&self.body, start)
    }

    /// The session ID from the script tag.
    pub fn sid(&self) -> &str {
        self.data("sid")
    }

    /// The session token from the script tag.
    pub fn token(&self) -> &str {
        self.data("token")
    }

    /// The value of a response header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// The hydration ID of the first element of `body` whose markup starts with `start`.
pub fn hid_of(body: &str, start: &str) -> u32 {
    let at = body
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in {body}"));
    let rest = &body[at..];
    let rest = &rest[..rest.find('>').expect("tag closed")];
    let value = rest
        .split_once("data-hid=\"")
        .unwrap_or_else(|| panic!("`{start}` has no hydration ID: {rest}"))
        .1;
    value[..value.find('"').expect("closed")]
        .parse()
        .expect("a number")
}

/// NAVIGATE `[3, url]`, or `[3, url, true]` when only the query changes.
pub fn navigate_frame(url: &str, same_path: bool) -> Vec<u8> {
    let mut frame = Vec::new();
    rmp::encode::write_array_len(&mut frame, if same_path { 3 } else { 2 }).expect("write");
    rmp::encode::write_uint(&mut frame, 3).expect("write");
    rmp::encode::write_str(&mut frame, url).expect("write");
    if same_path {
        rmp::encode::write_bool(&mut frame, true).expect("write");
    }
    frame
}

/// Whether a PATCHES frame carries `text` in any of its operations.
pub fn carries(frame: &Frame, text: &str) -> bool {
    match frame {
        Frame::Patches { texts, .. } => texts.iter().any(|(_, t)| t.contains(text)),
        _ => false,
    }
}

/// A plain HTTP/1.1 GET with `Connection: close`.
pub async fn get(addr: SocketAddr, path: &str, extra_headers: &[(&str, &str)]) -> Page {
    request(addr, "GET", path, extra_headers, "").await
}

/// A plain HTTP/1.1 POST of a urlencoded form `body` with `Connection: close`.
pub async fn post_form(
    addr: SocketAddr,
    path: &str,
    extra_headers: &[(&str, &str)],
    body: &str,
) -> Page {
    let length = body.len().to_string();
    let mut headers = vec![
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Content-Length", length.as_str()),
    ];
    headers.extend_from_slice(extra_headers);
    request(addr, "POST", path, &headers, body).await
}

/// A GET from the loopback address `source` (`127.0.0.2`): another client address than the
/// tests' usual `127.0.0.1`.
pub async fn get_from(addr: SocketAddr, path: &str, source: IpAddr) -> Page {
    let stream = connect_from(addr, Some(source)).await;
    request_on(stream, addr, "GET", path, &[], "").await
}

/// A TCP connection to `addr`, from `source` if given.
pub async fn connect_from(addr: SocketAddr, source: Option<IpAddr>) -> TcpStream {
    let Some(source) = source else {
        return TcpStream::connect(addr).await.expect("connect");
    };
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind(SocketAddr::new(source, 0))
        .expect("bind the source address");
    socket.connect(addr).await.expect("connect")
}

/// One HTTP/1.1 request with `Connection: close`, read to its end.
async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    extra_headers: &[(&str, &str)],
    body: &str,
) -> Page {
    let stream = TcpStream::connect(addr).await.expect("connect");
    request_on(stream, addr, method, path, extra_headers, body).await
}

/// One HTTP/1.1 request on `stream`, read to its end.
async fn request_on(
    mut stream: TcpStream,
    addr: SocketAddr,
    method: &str,
    path: &str,
    extra_headers: &[(&str, &str)],
    body: &str,
) -> Page {
    // A `Host` among the extra headers replaces the address's.
    let host = extra_headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .map_or_else(|| addr.to_string(), |(_, host)| (*host).to_owned());
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    let extra_headers: Vec<_> = extra_headers
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("host"))
        .collect();
    for (name, value) in extra_headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream
        .write_all(request.as_bytes())
        .await
        .expect("write request");
    let mut raw = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut raw))
        .await
        .expect("response in time")
        .expect("read response");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("header block");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status code");
    Page {
        status,
        headers: head.to_owned(),
        body: body.to_owned(),
    }
}

/// A server frame, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// `[0, seq, ops…]`, with the raw bytes.
    Patches {
        /// Sequence number.
        seq: u64,
        /// Set-text operations as `(hid, text)`; other ops as `(hid, "<op N>")`.
        texts: Vec<(u32, String)>,
        /// The frame's bytes.
        raw: Vec<u8>,
    },
    /// `[1, name, data]`.
    Event {
        /// Event name.
        name: String,
        /// The data's raw MessagePack.
        data: Vec<u8>,
    },
    /// `[2, seq, html]`.
    Resync {
        /// Sequence number.
        seq: u64,
        /// Full HTML.
        html: String,
    },
    /// `[3, code, message]`.
    Error {
        /// Error code.
        code: u8,
        /// Message.
        message: String,
    },
    /// `[4]`.
    Pong,
    /// `[5, seq]`.
    Ready {
        /// Sequence number.
        seq: u64,
    },
    /// `[8]`: the client's event was handled and changed nothing on its page.
    Ack,
    /// `[6, url, replace]`, or `[6, url, false, true]` to load the URL with a request.
    Navigate {
        /// Where the page goes.
        url: String,
        /// Whether the history entry is replaced.
        replace: bool,
        /// Whether the page must load the URL with a request of its own.
        load: bool,
    },
    /// `[10, url, replace]`: the page's URL moved with no remount.
    Url {
        /// The page's URL now.
        url: String,
        /// Whether the history entry is replaced.
        replace: bool,
    },
    /// `[9, url, sid, token, title, html]`: the page asked for, as a new session.
    Navigated {
        /// The path and query asked for.
        url: String,
        /// The new session's ID.
        sid: String,
        /// Its token.
        token: String,
        /// The page's title.
        title: String,
        /// The component's HTML.
        html: String,
    },
    /// The socket closed, with its close code if any.
    Closed(Option<u16>),
}

impl Frame {
    /// Decodes a server frame; panics on anything the server must never send.
    pub fn decode(bytes: &[u8]) -> Frame {
        let mut rd = bytes;
        let len = rmp::decode::read_array_len(&mut rd).expect("frame is an array");
        let tag: u8 = rmp::decode::read_int(&mut rd).expect("tag");
        let int = |rd: &mut &[u8]| -> u64 { rmp::decode::read_int(rd).expect("int") };
        match tag {
            // REPLY (7) is PATCHES answering the client's own event.
            0 | 7 => {
                let seq = int(&mut rd);
                let mut texts = Vec::new();
                let mut left = len - 2;
                while left > 0 {
                    let op = int(&mut rd);
                    // A stream item is addressed by text, `<list>.<key hash>`: its list's
                    // hydration ID stands for it, and the text says which item.
                    let (hid, item) = if rmp::decode::read_marker(&mut &rd[..])
                        .is_ok_and(|m| matches!(m, rmp::Marker::FixStr(_) | rmp::Marker::Str8))
                    {
                        let item = read_str(&mut rd);
                        let list = item.split('.').next().unwrap_or_default();
                        (list.parse().expect("a stream item's list"), Some(item))
                    } else {
                        (int(&mut rd) as u32, None)
                    };
                    let sint = |rd: &mut &[u8]| -> i64 { rmp::decode::read_int(rd).expect("int") };
                    let (text, values) = match (op, item) {
                        (3, Some(item)) => (format!("<item {item} {}>", read_str(&mut rd)), 3),
                        (5, Some(item)) => {
                            assert_eq!(sint(&mut rd), -1, "a stream item's remove");
                            (format!("<remove {item}>"), 3)
                        }
                        (_, Some(item)) => panic!("op {op} on the stream item {item}"),
                        (op, None) => match op {
                            0 | 3 => (read_str(&mut rd), 3),
                            1 => {
                                let name = read_str(&mut rd);
                                let value = read_str(&mut rd);
                                (format!("{name}={value}"), 4)
                            }
                            2 => (format!("-{}", read_str(&mut rd)), 3),
                            5 => (format!("<op 5 {}>", int(&mut rd)), 3),
                            4 => (format!("<op 4 {} {}>", sint(&mut rd), read_str(&mut rd)), 4),
                            6 => (format!("<op 6 {} {}>", int(&mut rd), int(&mut rd)), 4),
                            other => panic!("unknown op {other}"),
                        },
                    };
                    texts.push((hid, text));
                    left -= values;
                }
                assert!(rd.is_empty(), "trailing bytes in PATCHES");
                Frame::Patches {
                    seq,
                    texts,
                    raw: bytes.to_vec(),
                }
            }
            1 => Frame::Event {
                name: read_str(&mut rd),
                data: rd.to_vec(),
            },
            2 => Frame::Resync {
                seq: int(&mut rd),
                html: read_str(&mut rd),
            },
            3 => Frame::Error {
                code: int(&mut rd) as u8,
                message: read_str(&mut rd),
            },
            4 => Frame::Pong,
            5 => Frame::Ready { seq: int(&mut rd) },
            8 => Frame::Ack,
            6 => Frame::Navigate {
                url: read_str(&mut rd),
                replace: rmp::decode::read_bool(&mut rd).expect("bool"),
                load: len == 4 && rmp::decode::read_bool(&mut rd).expect("bool"),
            },
            10 => Frame::Url {
                url: read_str(&mut rd),
                replace: rmp::decode::read_bool(&mut rd).expect("bool"),
            },
            9 => Frame::Navigated {
                url: read_str(&mut rd),
                sid: read_str(&mut rd),
                token: read_str(&mut rd),
                title: read_str(&mut rd),
                html: read_str(&mut rd),
            },
            other => panic!("unknown server frame tag {other}"),
        }
    }

    /// The error code, if this is an ERROR frame.
    pub fn error_code(&self) -> Option<u8> {
        match self {
            Frame::Error { code, .. } => Some(*code),
            _ => None,
        }
    }
}

fn read_str(rd: &mut &[u8]) -> String {
    let len = rmp::decode::read_str_len(rd).expect("string") as usize;
    let (head, tail) = rd.split_at(len);
    *rd = tail;
    String::from_utf8(head.to_vec()).expect("utf-8")
}

/// A WebSocket client speaking the HJX protocol.
#[derive(Debug)]
pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    /// Connects to `/hjx/live/<sid>` with the page's own origin.
    pub async fn connect(addr: SocketAddr, sid: &str) -> Client {
        let origin = format!("http://{addr}");
        Client::try_connect(addr, sid, Some(&origin))
            .await
            .expect("handshake")
    }

    /// Connects with the page's own origin and these request headers (a `Cookie`).
    pub async fn connect_with(addr: SocketAddr, sid: &str, headers: &[(&str, &str)]) -> Client {
        let origin = format!("http://{addr}");
        let own: &[(&str, &str)] = &[("origin", origin.as_str())];
        let request = live_request(addr, sid, &[own, headers].concat());
        let (ws, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("handshake");
        Client { ws }
    }

    /// Connects with the page's own origin from the loopback address `source` (`127.0.0.2`).
    pub async fn connect_from(addr: SocketAddr, sid: &str, source: IpAddr) -> Client {
        let origin = format!("http://{addr}");
        let request = live_request(addr, sid, &[("origin", origin.as_str())]);
        let stream = connect_from(addr, Some(source)).await;
        let (ws, _) = tokio_tungstenite::client_async(request, MaybeTlsStream::Plain(stream))
            .await
            .expect("handshake");
        Client { ws }
    }

    /// Connects with exactly these request headers (a forged `Host`, say).
    pub async fn try_connect_with(
        addr: SocketAddr,
        sid: &str,
        headers: &[(&str, &str)],
    ) -> Result<Client, tungstenite::Error> {
        let (ws, _) = tokio_tungstenite::connect_async(live_request(addr, sid, headers)).await?;
        Ok(Client { ws })
    }

    /// Connects with this `Origin` header (or none).
    pub async fn try_connect(
        addr: SocketAddr,
        sid: &str,
        origin: Option<&str>,
    ) -> Result<Client, tungstenite::Error> {
        let origin: Vec<(&str, &str)> = origin
            .map(|origin| ("origin", origin))
            .into_iter()
            .collect();
        Client::try_connect_with(addr, sid, &origin).await
    }

    /// Sends raw bytes as one binary frame.
    pub async fn send(&mut self, bytes: &[u8]) {
        self.ws
            .send(Message::Binary(bytes.to_vec().into()))
            .await
            .expect("send");
    }

    /// Sends raw bytes as one binary frame; `false` when the socket is already gone.
    pub async fn try_send(&mut self, bytes: &[u8]) -> bool {
        self.ws
            .send(Message::Binary(bytes.to_vec().into()))
            .await
            .is_ok()
    }

    /// Sends a text frame (the protocol has none: each gets an ERROR).
    pub async fn send_text(&mut self, text: &str) {
        self.ws
            .send(Message::Text(text.to_owned().into()))
            .await
            .expect("send");
    }

    /// Sends HELLO.
    pub async fn hello(&mut self, token: &str, last_seq: u64) {
        self.send(&hello_frame(1, token, last_seq)).await;
    }

    /// Sends a click EVENT `[1, hid, 0]`.
    pub async fn click(&mut self, hid: u32) {
        self.send(&click_frame(hid)).await;
    }

    /// Sends an input EVENT `[1, hid, 1, value]`.
    pub async fn input(&mut self, hid: u32, value: &str) {
        let mut frame = event_frame(hid, 1, 1);
        rmp::encode::write_str(&mut frame, value).expect("encode");
        self.send(&frame).await;
    }

    /// Sends a submit EVENT `[1, hid, 3, [[name, value], …]]`: a form's fields in order.
    pub async fn submit(&mut self, hid: u32, fields: &[(&str, &str)]) {
        let mut frame = event_frame(hid, 3, 1);
        let len = u32::try_from(fields.len()).expect("a small form");
        rmp::encode::write_array_len(&mut frame, len).expect("encode");
        for (name, value) in fields {
            rmp::encode::write_array_len(&mut frame, 2).expect("encode");
            rmp::encode::write_str(&mut frame, name).expect("encode");
            rmp::encode::write_str(&mut frame, value).expect("encode");
        }
        self.send(&frame).await;
    }

    /// Asks for the page at `url` over this socket (NAVIGATE `[3, url]`).
    pub async fn navigate(&mut self, url: &str) {
        self.send(&navigate_frame(url, false)).await;
    }

    /// Asks for `url`, a URL of the page's own path with another query (`[3, url, true]`).
    pub async fn navigate_query(&mut self, url: &str) {
        self.send(&navigate_frame(url, true)).await;
    }

    /// The next server frame (binary, decoded) or the close.
    pub async fn recv(&mut self) -> Frame {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.ws.next())
                .await
                .expect("a frame in time");
            match message {
                Some(Ok(Message::Binary(bytes))) => return Frame::decode(&bytes),
                Some(Ok(Message::Close(frame))) => {
                    return Frame::Closed(frame.map(|frame| frame.code.into()));
                }
                Some(Ok(Message::Text(text))) => panic!("server sent text: {text}"),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Frame::Closed(None),
            }
        }
    }

    /// The next frame's raw bytes.
    pub async fn recv_raw(&mut self) -> Vec<u8> {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.ws.next())
                .await
                .expect("a frame in time");
            match message {
                Some(Ok(Message::Binary(bytes))) => return bytes.to_vec(),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                other => panic!("expected a binary frame, got {other:?}"),
            }
        }
    }

    /// Reads frames until one satisfies `found`, returning it (within [`PATIENCE`] overall).
    pub async fn until(&mut self, mut found: impl FnMut(&Frame) -> bool) -> Frame {
        let search = async {
            loop {
                let frame = self.recv().await;
                if found(&frame) {
                    return frame;
                }
                if let Frame::Closed(code) = frame {
                    panic!("socket closed ({code:?}) before the expected frame");
                }
            }
        };
        tokio::time::timeout(PATIENCE, search)
            .await
            .expect("the expected frame in time")
    }

    /// Closes the socket.
    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
        while let Some(Ok(_)) = self.ws.next().await {}
    }
}

/// The handshake request for `/hjx/live/<sid>` with these headers (each replacing any default).
fn live_request(
    addr: SocketAddr,
    sid: &str,
    headers: &[(&str, &str)],
) -> tungstenite::handshake::client::Request {
    let mut request = format!("ws://{addr}/hjx/live/{sid}")
        .into_client_request()
        .expect("request");
    for (name, value) in headers {
        request.headers_mut().insert(
            tungstenite::http::HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        );
    }
    request
}

/// `[0, version, token, last_seq]`.
pub fn hello_frame(version: u64, token: &str, last_seq: u64) -> Vec<u8> {
    let mut frame = Vec::new();
    rmp::encode::write_array_len(&mut frame, 4).expect("encode");
    rmp::encode::write_uint(&mut frame, 0).expect("encode");
    rmp::encode::write_uint(&mut frame, version).expect("encode");
    rmp::encode::write_str(&mut frame, token).expect("encode");
    rmp::encode::write_uint(&mut frame, last_seq).expect("encode");
    frame
}

/// `[1, hid, 0]`.
pub fn click_frame(hid: u32) -> Vec<u8> {
    event_frame(hid, 0, 0)
}

/// A change EVENT of a checkbox, `[1, hid, 2, checked]`.
pub fn change_frame(hid: u32, checked: bool) -> Vec<u8> {
    let mut frame = event_frame(hid, 2, 1);
    rmp::encode::write_bool(&mut frame, checked).expect("encode");
    frame
}

/// The start of an EVENT `[1, hid, kind, …]` of `fields` more fields, written next.
pub fn event_frame(hid: u32, kind: u8, fields: u32) -> Vec<u8> {
    let mut frame = Vec::new();
    rmp::encode::write_array_len(&mut frame, 3 + fields).expect("encode");
    rmp::encode::write_uint(&mut frame, 1).expect("encode");
    rmp::encode::write_uint(&mut frame, hid.into()).expect("encode");
    rmp::encode::write_uint(&mut frame, kind.into()).expect("encode");
    frame
}

/// Whether a frame shows `text` on element `hid` (as a patch or inside a RESYNC's HTML).
pub fn shows(frame: &Frame, hid: u32, text: &str) -> bool {
    match frame {
        Frame::Patches { texts, .. } => texts.iter().any(|(h, t)| *h == hid && t == text),
        Frame::Resync { html, .. } => html.contains(&format!("data-hid=\"{hid}\">{text}<")),
        _ => false,
    }
}
