//! One browser session as the load tool plays it, for HJX and for the Dioxus LiveView peer.
//!
//! - HJX (`PROTOCOL.md`): `GET` the page, read `data-sid` and `data-token` from its script tag,
//!   open `/hjx/live/<sid>`, send HELLO `[0, 1, token, 0]`, wait for READY. A click is the 4-byte
//!   EVENT `93 01 02 00`; its answer is one PATCHES frame.
//! - Dioxus LiveView 0.7: open `/ws` (the page only carries the glue script; the virtual DOM is
//!   created per socket), wait for the initial edits (a binary message whose first byte is 1).
//!   A click is the JSON text message its interpreter sends (see [`dioxus_click`]); its answer is
//!   one binary edits message. Dioxus answers every message it reads with an edits message, even
//!   one that changes nothing (37 bytes of header), so the button's element ID is found by
//!   checking that the answer carries the new text (`find_dioxus_button` in the load tool).

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use super::net::{self, OPEN_TIMEOUT, Socket, Sources};
use super::wire::{hello, input, read_tag};
use crate::components::CLICK_FRAME;

/// How long one answer may take before the session counts it as lost and stops.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// Which server a session talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// HJX, on the component at `path`.
    Hjx {
        /// `/` for the Counter, `/shared` for the SharedCounter.
        path: &'static str,
    },
    /// HJX's tracker example, its list page at `/` signed in: each "click" is a keystroke in
    /// the search box (an input event with the next query, see `tracker::query`), answered
    /// once the frame with the query's results arrives (after the one that shows it loading).
    TrackerSearch,
    /// Dioxus LiveView; clicks go to the element with this Dioxus element ID.
    Dioxus {
        /// The `data-dioxus-id` of the `+` button.
        element: u32,
    },
}

impl Target {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Target::Hjx { .. } => "hjx",
            Target::TrackerSearch => "hjx tracker search",
            Target::Dioxus { .. } => "dioxus",
        }
    }
}

/// The click Dioxus LiveView's interpreter sends for a mouse click on a button: `handleEvent`
/// serializes the `PointerEvent` a browser fires for a click (its mouse and pointer fields, then
/// the input fields every click carries) and `sendIpcMessage` wraps it in `user_event`. The
/// coordinates are those of a click on the counter's button in a default Chromium window.
pub fn dioxus_click(element: u32) -> String {
    format!(
        concat!(
            r#"{{"method":"user_event","params":{{"name":"click","data":{{"#,
            r#""alt_key":false,"button":0,"buttons":0,"client_x":61,"client_y":43,"#,
            r#""ctrl_key":false,"meta_key":false,"offset_x":11,"offset_y":9,"page_x":61,"#,
            r#""page_y":43,"screen_x":61,"screen_y":128,"shift_key":false,"pointer_id":1,"#,
            r#""width":1,"height":1,"pressure":0,"tangential_pressure":0,"tilt_x":0,"tilt_y":0,"#,
            r#""twist":0,"pointer_type":"mouse","is_primary":false,"values":[],"value":"""#,
            r#"}},"element":{},"bubbles":true}}}}"#
        ),
        element
    )
}

/// A live session and the payload bytes it has sent and received.
#[derive(Debug)]
pub struct Session {
    socket: Socket,
    target: Target,
    click: Message,
    /// Payload bytes sent (WebSocket message bodies, without framing).
    pub bytes_up: u64,
    /// Payload bytes received.
    pub bytes_down: u64,
    /// The search box's hydration ID and the keystrokes sent (the tracker search).
    search: Option<(u32, u64)>,
}

/// What came back for a frame the session sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The patch (HJX PATCHES, Dioxus edits).
    Patch,
    /// An error frame, a closed socket, or no answer in time.
    Failed,
}

impl Session {
    /// Opens a session and waits until it is ready for events.
    pub async fn open(
        sources: &Sources,
        server: SocketAddr,
        target: Target,
    ) -> io::Result<Session> {
        match target {
            Target::Hjx { .. } | Target::TrackerSearch => {
                let page = match target {
                    Target::Hjx { path } => net::get(sources, server, path, None).await?,
                    _ => net::get(sources, server, "/", Some(TRACKER_COOKIE)).await?,
                };
                let sid = data_attr(&page, "sid")?;
                let token = data_attr(&page, "token")?;
                let socket = net::websocket(sources, server, &format!("/hjx/live/{sid}")).await?;
                let mut session = Session::new(socket, target);
                if target == Target::TrackerSearch {
                    session.search = Some((search_box(&page)?, 0));
                }
                session.send(Message::binary(hello(token))).await?;
                match session.answer(OPEN_TIMEOUT).await {
                    Some(bytes) if read_tag(&bytes) == Some(5) => Ok(session),
                    _ => Err(io::Error::other("no READY after HELLO")),
                }
            }
            Target::Dioxus { .. } => {
                let socket = net::websocket(sources, server, "/ws").await?;
                let mut session = Session::new(socket, target);
                // On connect Dioxus sends the initial edits, then a document query (text, which
                // `answer` skips), then the edits of the render that follows the query. Only
                // after those is the next edits message the answer to a click.
                for _ in 0..2 {
                    if session.answer(OPEN_TIMEOUT).await.is_none() {
                        return Err(io::Error::other("no initial edits"));
                    }
                }
                Ok(session)
            }
        }
    }

    fn new(socket: Socket, target: Target) -> Session {
        let click = match target {
            Target::Hjx { .. } | Target::TrackerSearch => Message::binary(CLICK_FRAME.to_vec()),
            Target::Dioxus { element } => Message::text(dioxus_click(element)),
        };
        Session {
            socket,
            target,
            click,
            bytes_up: 0,
            bytes_down: 0,
            search: None,
        }
    }

    async fn send(&mut self, message: Message) -> io::Result<()> {
        self.bytes_up += message.len() as u64;
        self.socket.send(message).await.map_err(io::Error::other)
    }

    /// Sends one click.
    pub async fn send_click(&mut self) -> io::Result<()> {
        self.send(self.click.clone()).await
    }

    /// Sends a click (the tracker search: a keystroke) and waits for its patch (the search:
    /// its results).
    pub async fn click(&mut self) -> Answer {
        if let Some((hid, sent)) = self.search {
            self.search = Some((hid, sent + 1));
            let keystroke = input(hid, &crate::tracker::query(sent));
            if self.send(Message::binary(keystroke)).await.is_err() {
                return Answer::Failed;
            }
            return self.results().await;
        }
        if self.send_click().await.is_err() {
            return Answer::Failed;
        }
        self.next_patch(ANSWER_TIMEOUT).await
    }

    /// Reads patches until the one that shows a search's results (`N items`).
    async fn results(&mut self) -> Answer {
        let deadline = tokio::time::Instant::now() + ANSWER_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.answer(left).await {
                Some(bytes) if matches!(read_tag(&bytes), Some(0 | 7)) => {
                    if bytes.windows(6).any(|window| window == b" items") {
                        return Answer::Patch;
                    }
                }
                _ => return Answer::Failed,
            }
        }
    }

    /// Sends a click and returns the bytes of the next message that answers it.
    pub async fn click_bytes(&mut self, timeout: Duration) -> Option<Vec<u8>> {
        self.send_click().await.ok()?;
        self.answer(timeout).await
    }

    /// Waits for the next patch the server sends.
    pub async fn next_patch(&mut self, timeout: Duration) -> Answer {
        match self.answer(timeout).await {
            Some(bytes) if self.is_patch(&bytes) => Answer::Patch,
            _ => Answer::Failed,
        }
    }

    fn is_patch(&self, bytes: &[u8]) -> bool {
        match self.target {
            // PATCHES, or REPLY: the patches that answer this session's own event.
            Target::Hjx { .. } | Target::TrackerSearch => matches!(read_tag(bytes), Some(0 | 7)),
            Target::Dioxus { .. } => bytes.first() == Some(&1),
        }
    }

    /// The next binary message (Dioxus: the next edits, skipping pongs), or `None` on a closed
    /// socket or after `timeout`.
    async fn answer(&mut self, timeout: Duration) -> Option<Vec<u8>> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let message = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .ok()??
                .ok()?;
            self.bytes_down += message.len() as u64;
            match message {
                // Dioxus marks text (pongs, queries) with a first byte of 0.
                Message::Binary(bytes)
                    if !(matches!(self.target, Target::Dioxus { .. })
                        && bytes.first() == Some(&0)) =>
                {
                    return Some(bytes.to_vec());
                }
                Message::Close(_) => return None,
                _ => {}
            }
        }
    }

    /// Closes the socket (best effort).
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(1), self.socket.close(None)).await;
    }
}

/// The cookie of a user signed in to the tracker.
const TRACKER_COOKIE: &str = "tracker_user=Load";

/// The hydration ID of the tracker list page's search box.
fn search_box(page: &str) -> io::Result<u32> {
    let at = page
        .find("<input")
        .ok_or_else(|| io::Error::other("no search box on the page"))?;
    data_attr(&page[at..], "hid")?
        .parse()
        .map_err(|_| io::Error::other("the search box's hydration ID is not a number"))
}

/// The value of `data-<name>="…"` in a page.
fn data_attr<'a>(page: &'a str, name: &str) -> io::Result<&'a str> {
    let marker = format!("data-{name}=\"");
    let start = page
        .find(&marker)
        .ok_or_else(|| io::Error::other(format!("no data-{name} in the page")))?
        + marker.len();
    let len = page[start..]
        .find('"')
        .ok_or_else(|| io::Error::other("unclosed attribute"))?;
    Ok(&page[start..start + len])
}
