//! A session served without a socket, for fuzzing and tests: not a public API.
//!
//! [`DetachedSession`] creates a session the way a page request does, attaches it the way a
//! valid HELLO does, then feeds it client frames through the very dispatch an attached socket
//! runs (size check, rate limit, decoding, the component's event handling, patch fan-out). What
//! the socket would send back comes out as encoded server frames.

use std::fmt;
use std::sync::Arc;

use crate::component::Component;
use crate::config::Config;
use crate::hub::Hub;
use crate::rate::RateLimiter;
use crate::runtime::Runtime;
use crate::session::{SessionCore, lock};
use crate::socket::{Reply, on_frame, outgoing_frames};
use crate::store::Store;
use crate::token::SessionId;

/// One session of `C` with its socket replaced by method calls.
///
/// A component whose `init` or `init_shared` spawns tasks needs a Tokio runtime around
/// [`DetachedSession::new`]; one that does not runs anywhere.
pub struct DetachedSession<C: Component> {
    runtime: Runtime,
    session: Arc<SessionCore<C>>,
}

/// What the server answers to one client frame.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FrameReply {
    /// The frames sent straight back (PONG, ERROR), encoded.
    pub frames: Vec<Vec<u8>>,
    /// Whether the server closes the socket after sending them.
    pub closes: bool,
}

impl<C: Component> DetachedSession<C> {
    /// A new session, its page rendered (the HTML is returned) and a socket attached to it as
    /// after a HELLO with `last_seq` 0.
    pub fn new(config: Config) -> (DetachedSession<C>, String) {
        let runtime = Runtime::new(config);
        let hub = Arc::new(Hub::<C>::new(runtime.shutdown.listener()));
        hub.ensure_started();
        let config = &runtime.config;
        let rate = RateLimiter::new(config.rate_per_second, config.rate_burst);
        let session = Arc::new(SessionCore::new(
            SessionId::random(),
            hub.clone(),
            config.outbox_capacity,
            rate,
        ));
        hub.insert(session.clone());
        C::start_session(Store::new(&session));
        let page = session.render_page();
        if let Ok(mut inbox) = session.inbox.try_lock() {
            // The READY (and any RESYNC) go nowhere: a detached session starts in step.
            drop(session.hello(0, &mut inbox));
        }
        (DetachedSession { runtime, session }, page)
    }

    /// Handles one binary frame as an attached socket does.
    pub fn frame(&mut self, bytes: &[u8]) -> FrameReply {
        match on_frame(&self.session, bytes, &self.runtime) {
            Reply::Frames(frames) => FrameReply {
                frames,
                closes: false,
            },
            Reply::Fatal(code, message) => FrameReply {
                frames: vec![crate::protocol::server::error(code, &message)],
                closes: true,
            },
        }
    }

    /// Takes the frames waiting in the session's outbox (PATCHES, broadcast EVENTs, or one
    /// RESYNC when the outbox overflowed), in the order the socket would send them.
    pub fn outgoing(&mut self) -> Vec<Vec<u8>> {
        let mut frames = Vec::new();
        // Only this value ever takes the receiving end, so the lock is always free.
        if let Ok(mut inbox) = self.session.inbox.try_lock() {
            while let Ok(outgoing) = inbox.try_recv() {
                frames.extend(outgoing_frames(&self.session, outgoing, &mut inbox));
            }
        }
        frames
    }

    /// The component's HTML as a fresh render of its current state.
    pub fn html(&self) -> String {
        let shared = lock(&self.session.hub.shared);
        let state = self.session.lock_state();
        state.component.render_to_string(&shared)
    }
}

impl<C: Component> fmt::Debug for DetachedSession<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DetachedSession")
            .field("component", &C::META.name)
            .field("session", &self.session.id)
            .finish_non_exhaustive()
    }
}

impl<C: Component> Drop for DetachedSession<C> {
    fn drop(&mut self) {
        self.session.end();
    }
}
