//! A WebSocket's life: wait for HELLO, check it, then serve the session it names.
//!
//! Before HELLO the socket belongs to no session: it may only PING or say HELLO. HELLO is
//! checked in order — protocol version, token signature and expiry, the token naming the session
//! in the URL, the session still existing — and each failure gets its own ERROR frame before the
//! socket closes. An attached socket then forwards client frames to the session and the
//! session's queued frames to the client, until either side goes away, a newer socket takes the session
//! over, the session ends, or the server shuts down (a going-away close).

use std::future::{Future, poll_fn};
use std::net::IpAddr;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::http::{StatusCode, header};
use tokio::sync::watch;
use tracing::Instrument;

use crate::live::session::QueueReceiver;
use crate::live::session_id::SessionId;
use crate::live::stop::StopListener;
use crate::protocol::client::ClientFrame;
use crate::protocol::{ErrorCode, VERSION, server};
use crate::serve::app::AppState;
use crate::serve::frames::{Reply, dispatch, on_frame, queued_frames};
use crate::serve::gate::Gate;
use crate::serve::log_limit::warn_limited;
use crate::serve::navigate::KeptHeaders;
use crate::serve::registry::Entry;
use crate::serve::token::TokenError;
use crate::serve::upload::Uploads;
use crate::serve::websocket::{Incoming, WebSocket, close_code};

/// Queued frames written together at most: their bytes leave the bounded queue for the
/// socket's own buffer only as fast as the client reads.
const BATCH: usize = 16;

/// Why an attached socket stops serving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The server is shutting down: close with going-away.
    Shutdown,
    /// A newer socket took the session over.
    TakenOver,
    /// The session ended (reaped, or its handler panicked).
    SessionEnded,
    /// The client went away or the connection broke.
    Gone,
    /// The page navigated to a new session, which the socket serves next.
    Navigated(SessionId),
}

/// Serves one socket from the upgrade on.
pub(crate) async fn serve_socket(
    app: Arc<AppState>,
    url_sid: String,
    address: Option<IpAddr>,
    headers: KeptHeaders,
    // Boxed: the socket task's future stays small for the session's whole life (its state
    // machine would otherwise keep the socket's bytes three times over).
    mut socket: Box<WebSocket>,
) {
    let _active = app.track_socket();
    // Before HELLO, a socket of a known client address counts against that address's small
    // budget; only a socket with a valid HELLO takes one of the server's permits. Sockets of
    // no known address (loopback, or an app served without the peer's address) take a permit
    // at once.
    let limited = address.is_some_and(|address| !address.is_loopback());
    let Some(mut by_address) = app.clients.open_socket(address, &app.config) else {
        socket_refused("too many sockets from one address");
        refuse(
            &mut socket,
            ErrorCode::Busy,
            "too many sockets from your address",
        )
        .await;
        return;
    };
    let mut permit = None;
    if !limited {
        let Ok(taken) = app.sockets.clone().try_acquire_owned() else {
            socket_refused("too many open sockets");
            refuse(&mut socket, ErrorCode::Busy, "the server is busy").await;
            return;
        };
        permit = Some(taken);
    }
    let mut shutdown = app.shutdown.listener();
    let hello = tokio::select! {
        hello = tokio::time::timeout(app.config.hello_timeout, wait_hello(&mut socket, &app)) => hello,
        () = shutdown.stopped() => {
            close(&mut socket, close_code::AWAY, "server shutting down").await;
            return;
        }
    };
    let Ok(Some((version, token, last_seq))) = hello else {
        return;
    };
    by_address.said_hello();
    if permit.is_none() {
        let Ok(taken) = app.sockets.clone().try_acquire_owned() else {
            socket_refused("too many open sockets");
            refuse(&mut socket, ErrorCode::Busy, "the server is busy").await;
            return;
        };
        permit = Some(taken);
    }
    let _permits = (permit, by_address);
    if version != VERSION {
        let message = format!("this server speaks protocol version {VERSION}, not {version}");
        refuse(&mut socket, ErrorCode::VersionMismatch, &message).await;
        return;
    }
    let sid = match app.signer.verify(&token) {
        Ok(sid) => sid,
        Err(TokenError::Invalid) => {
            refuse(
                &mut socket,
                ErrorCode::BadToken,
                "the session token is not valid",
            )
            .await;
            return;
        }
        Err(TokenError::Expired) => {
            refuse(
                &mut socket,
                ErrorCode::TokenExpired,
                "the session token has expired",
            )
            .await;
            return;
        }
    };
    if SessionId::parse(&url_sid) != Some(sid) {
        refuse(
            &mut socket,
            ErrorCode::BadToken,
            "the token is for another session",
        )
        .await;
        return;
    }
    let entry = match app.registry.get(sid) {
        Some(entry) => Some(entry),
        None => restore_saved(&app, sid, &headers).await,
    };
    let Some(mut entry) = entry else {
        refuse(
            &mut socket,
            ErrorCode::UnknownSession,
            "the session has ended; reload the page",
        )
        .await;
        return;
    };
    let mut last_seq = last_seq;
    let socket = Socket {
        ws: socket,
        headers,
        uploads: Uploads::default(),
    };
    let mut socket = socket;
    // Live navigation moves the socket on to the new page's session.
    while let Some(next) = serve_session(entry, &mut socket, last_seq, &app).await {
        let Some(next) = app.registry.get(next) else {
            return;
        };
        entry = next;
        last_seq = 0;
    }
}

/// Opens the session `sid` again from the last snapshot, if it holds it: its route's mount runs
/// with the socket's headers, then the saved state replaces what the mount loaded.
async fn restore_saved(
    app: &Arc<AppState>,
    sid: SessionId,
    headers: &KeptHeaders,
) -> Option<Entry> {
    let saved = app.take_saved(sid).await?;
    let url = saved.url.clone();
    let Some(opening) = app.routes.open(&url, headers.to_map(), None, Some(saved)) else {
        tracing::warn!(
            url,
            "a saved session's page is no longer a live route: dropped"
        );
        return None;
    };
    opening.await.ok()?;
    app.registry.get(sid)
}

/// Logs (a few lines a window) that a socket was refused.
fn socket_refused(why: &'static str) {
    warn_limited!("socket refused: {why}");
}

/// An attached socket, with the headers of its opening request: the pages it navigates to are
/// mounted with them (its cookies).
struct Socket {
    ws: Box<WebSocket>,
    headers: KeptHeaders,
    /// Its uploads in progress.
    uploads: Uploads,
}

/// Reads frames until HELLO; answers PING, refuses anything else. `None` when the client left
/// or sent a frame too large.
async fn wait_hello(socket: &mut WebSocket, app: &AppState) -> Option<(u64, String, u64)> {
    loop {
        let decoded = match socket.recv().await {
            Incoming::Binary(bytes) if bytes.len() <= app.config.max_frame => {
                ClientFrame::decode(bytes)
            }
            Incoming::Binary(_) | Incoming::TooLarge => {
                refuse(socket, ErrorCode::FrameTooLarge, "the frame is too large").await;
                return None;
            }
            Incoming::Text => {
                send_error(
                    socket,
                    ErrorCode::Malformed,
                    "frames are binary MessagePack",
                )
                .await
                .ok()?;
                continue;
            }
            Incoming::Closed => return None,
        };
        match decoded {
            Ok(ClientFrame::Hello {
                version,
                token,
                last_seq,
            }) => return Some((version, token, last_seq)),
            Ok(ClientFrame::Ping) => send(socket, server::pong()).await.ok()?,
            Ok(
                ClientFrame::Event(_)
                | ClientFrame::Navigate { .. }
                | ClientFrame::UploadStart { .. }
                | ClientFrame::Chunk { .. }
                | ClientFrame::CancelUpload { .. },
            ) => {
                send_error(
                    socket,
                    ErrorCode::EventBeforeHello,
                    "say HELLO before sending events",
                )
                .await
                .ok()?;
            }
            Err(error) => send_error(socket, ErrorCode::Malformed, &error.to_string())
                .await
                .ok()?,
        }
    }
}

/// Serves a socket attached to the session of `entry` after a valid HELLO; the ID of the
/// session it navigated to, if it did.
async fn serve_session(
    entry: Entry,
    socket: &mut Socket,
    last_seq: u64,
    app: &AppState,
) -> Option<SessionId> {
    // Entered at every poll only when a subscriber records it (see `frames::dispatch`).
    let span = match entry.session.span() {
        span if span.is_disabled() => tracing::Span::none(),
        span => span.clone(),
    };
    async move {
        // Ask any older socket of this session to step aside, then wait for it to let go.
        let mut stops = Stops::new(
            app.shutdown.listener(),
            entry.session.take_over(),
            entry.session.ended(),
        );
        let mut receiver = tokio::select! {
            receiver = entry.session.queue_receiver().lock() => receiver,
            stop = stops.wait() => {
                finish(&mut socket.ws, stop).await;
                return None;
            }
        };
        tracing::debug!(last_seq, "socket attached");
        let mut stop = Stop::Gone;
        let frames = entry.session.hello(last_seq, &mut receiver);
        if let Err(why) = send_all_or_stop(&mut socket.ws, frames, &mut stops).await {
            stop = why;
        }
        if stop == Stop::Gone {
            stop = serve_attached(&entry, socket, &mut receiver, &mut stops, app).await;
        }
        entry.session.detach();
        drop(receiver);
        tracing::debug!(?stop, "socket detached");
        if let Stop::Navigated(next) = stop {
            // The page left this session for good.
            app.registry.remove(entry.session.id());
            return Some(next);
        }
        finish(&mut socket.ws, stop).await;
        None
    }
    .instrument(span)
    .await
}

async fn serve_attached(
    entry: &Entry,
    socket: &mut Socket,
    receiver: &mut QueueReceiver,
    stops: &mut Stops,
    app: &AppState,
) -> Stop {
    // The queue is polled only once a frame was queued.
    let mut queue = Gate::new();
    loop {
        let frames = tokio::select! {
            // In this order, with no random start: the stops and the queue are gated, so
            // polling them first costs nothing until they wake; queued frames go out before the
            // client's next frame is read (client frames are rate-limited, the queue bounded).
            biased;
            stop = poll_fn(|cx| stops.poll_stop(cx)) => return stop,
            Some(queued) = poll_fn(|cx| queue.poll(cx, |cx| receiver.poll_recv(cx))) => {
                let mut frames = queued_frames(&*entry.session, queued, receiver);
                // Frames queued behind it go out in the same write, a few at a time (the
                // client's frames are read between batches).
                while frames.len() < BATCH && let Ok(next) = receiver.try_recv() {
                    frames.extend(queued_frames(&*entry.session, next, receiver));
                }
                frames
            }
            message = socket.ws.recv() => match message {
                Incoming::Binary(bytes) => {
                    let reply = on_frame(entry, bytes, app, &mut socket.uploads);
                    // Only an event under a lease (rare) waits, for its lease.
                    let reply = if matches!(reply, Reply::Leased(..)) {
                        settled(reply, entry, app).await
                    } else {
                        reply
                    };
                    match reply {
                        Reply::Frame(frame) => {
                            if let Err(stop) = send_or_stop(&mut socket.ws, frame, stops).await {
                                return stop;
                            }
                            continue;
                        }
                        Reply::Frames(frames) => frames,
                        Reply::Fatal(code, message) => {
                            refuse(&mut socket.ws, code, &message).await;
                            return Stop::Gone;
                        }
                        // Boxed: a navigation's state is large and rare, and inline it would
                        // grow every idle socket's future by a kilobyte.
                        Reply::Navigate(url) => match Box::pin(navigate(&url, entry, socket, stops, app)).await {
                            Ok(next) => {
                                // Uploads in progress were the page's that is gone.
                                socket.uploads = Uploads::default();
                                return Stop::Navigated(next);
                            }
                            Err(Some(stop)) => return stop,
                            Err(None) => continue,
                        },
                        // `settled` has run it.
                        Reply::Leased(..) => continue,
                    }
                }
                // Every frame counts against the rate limit, whatever its kind.
                Incoming::Text if !entry.allow_frame() => {
                    vec![server::error(ErrorCode::RateLimited, "too many frames; slow down")]
                }
                Incoming::Text => {
                    vec![server::error(ErrorCode::Malformed, "frames are binary MessagePack")]
                }
                Incoming::TooLarge => {
                    refuse(&mut socket.ws, ErrorCode::FrameTooLarge, "the frame is too large").await;
                    return Stop::Gone;
                }
                Incoming::Closed => return Stop::Gone,
            },
        };
        if let Err(stop) = send_all_or_stop(&mut socket.ws, frames, stops).await {
            return stop;
        }
    }
}

/// `reply`, or, for an event that runs under the lease of its component's shared value (an app
/// on several nodes), the event's answer once it has run under it. Only that rare case awaits,
/// in a boxed future, so an idle socket's future does not grow by it.
async fn settled(reply: Reply, entry: &Entry, app: &AppState) -> Reply {
    let Reply::Leased(event, lease) = reply else {
        return reply;
    };
    Box::pin(async move {
        let lease = lease.await;
        let reply = dispatch(entry, app, &event);
        if let Some(lease) = lease {
            lease.finish().await;
        }
        reply
    })
    .await
}

/// Opens the page at `url` for a NAVIGATE and sends it: the new session's ID. When the URL is
/// no live route of the app, or its mount refuses, the page is told to load it (or the
/// redirect's location) with a request of its own, and this session carries on (`Err(None)`).
async fn navigate(
    url: &str,
    from: &Entry,
    socket: &mut Socket,
    stops: &mut Stops,
    app: &AppState,
) -> Result<SessionId, Option<Stop>> {
    let from = Some(from.session.clone());
    let answer = match app.routes.open(url, socket.headers.to_map(), from, None) {
        None => server::load(url),
        Some(open) => {
            let opened = tokio::select! {
                opened = open => opened,
                stop = stops.wait() => return Err(Some(stop)),
            };
            match opened {
                Ok(opened) => {
                    tracing::debug!(url, "navigated");
                    let sid = opened.id.to_string();
                    let frame =
                        server::navigated(url, &sid, &opened.token, &opened.title, &opened.html);
                    return match send_or_stop(&mut socket.ws, frame, stops).await {
                        Ok(()) => Ok(opened.id),
                        Err(stop) => {
                            app.registry.remove(opened.id);
                            Err(Some(stop))
                        }
                    };
                }
                Err(refused) => match refused.headers().get(header::LOCATION) {
                    Some(location) if refused.status() == StatusCode::SEE_OTHER => {
                        server::navigate(location.to_str().unwrap_or("/"), true)
                    }
                    _ => server::load(url),
                },
            }
        }
    };
    send_or_stop(&mut socket.ws, answer, stops)
        .await
        .map_err(Some)?;
    Err(None)
}

/// What an attached socket waits on besides its work.
struct Stops {
    /// Waits on the three at once. Made once for the socket's attachment and kept across the
    /// loop's turns: awaiting fresh listeners at every frame would register and unregister
    /// three wakers each time.
    waiting: std::pin::Pin<Box<dyn Future<Output = Stop> + Send>>,
    /// What ended the wait, once it did.
    done: Option<Stop>,
    /// `waiting` is polled again only once one of the three woke it.
    gate: Gate,
}

impl Stops {
    fn new(
        mut shutdown: StopListener,
        mut generation: watch::Receiver<u64>,
        mut ended: StopListener,
    ) -> Stops {
        Stops {
            waiting: Box::pin(async move {
                tokio::select! {
                    () = shutdown.stopped() => Stop::Shutdown,
                    _ = generation.changed() => Stop::TakenOver,
                    () = ended.stopped() => Stop::SessionEnded,
                }
            }),
            done: None,
            gate: Gate::new(),
        }
    }

    /// Resolves when the socket must stop. Cancel-safe.
    async fn wait(&mut self) -> Stop {
        poll_fn(|cx| self.poll_stop(cx)).await
    }

    /// [`wait`](Self::wait) as a poll: `Ready` once the socket must stop.
    fn poll_stop(&mut self, cx: &mut Context<'_>) -> Poll<Stop> {
        if let Some(stop) = self.done {
            return Poll::Ready(stop);
        }
        let (waiting, gate) = (&mut self.waiting, &mut self.gate);
        let polled = gate.poll(cx, |cx| waiting.as_mut().poll(cx));
        if let Poll::Ready(stop) = polled {
            self.done = Some(stop);
        }
        polled
    }
}

/// Sends a frame unless a stop comes first (a client that never reads must not hold up
/// shutdown or a takeover).
async fn send_or_stop(
    socket: &mut WebSocket,
    frame: Vec<u8>,
    stops: &mut Stops,
) -> Result<(), Stop> {
    // The send first: one that completes at once (the usual case) never polls the stops.
    let mut sending = pin!(send(socket, frame));
    poll_fn(|cx| match sending.as_mut().poll(cx) {
        Poll::Ready(sent) => Poll::Ready(sent.map_err(|_| Stop::Gone)),
        Poll::Pending => stops.poll_stop(cx).map(Err),
    })
    .await
}

/// Sends `frames` in one write where the socket takes them, unless a stop comes first.
async fn send_all_or_stop(
    socket: &mut WebSocket,
    frames: Vec<Vec<u8>>,
    stops: &mut Stops,
) -> Result<(), Stop> {
    let mut frames = frames.into_iter();
    let Some(last) = frames.next_back() else {
        return Ok(());
    };
    for frame in frames {
        socket.queue_binary(&frame);
    }
    send_or_stop(socket, last, stops).await
}

async fn send(socket: &mut WebSocket, frame: Vec<u8>) -> std::io::Result<()> {
    socket.send(&frame).await
}

async fn send_error(socket: &mut WebSocket, code: ErrorCode, message: &str) -> std::io::Result<()> {
    tracing::debug!(%code, message, "error frame");
    send(socket, server::error(code, message)).await
}

/// Sends a fatal error and closes.
async fn refuse(socket: &mut WebSocket, code: ErrorCode, message: &str) {
    if send_error(socket, code, message).await.is_ok() {
        close(socket, close_code::POLICY, message).await;
    }
}

async fn finish(socket: &mut WebSocket, stop: Stop) {
    match stop {
        Stop::Shutdown => close(socket, close_code::AWAY, "server shutting down").await,
        Stop::TakenOver => {
            close(
                socket,
                close_code::NORMAL,
                "another tab took the session over",
            )
            .await
        }
        Stop::SessionEnded => close(socket, close_code::NORMAL, "the session has ended").await,
        Stop::Gone | Stop::Navigated(_) => {}
    }
}

async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    socket.close(code, reason).await;
}
