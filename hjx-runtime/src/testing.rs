//! A session served without a socket, for fuzzing and tests: not a public API.
//!
//! [`DetachedSession`] creates a session the way a page request does, attaches it the way a
//! valid HELLO does, then feeds it client frames through the very dispatch an attached socket
//! runs (size check, rate limit, decoding, the component's event handling, patch fan-out). What
//! the socket would send back comes out as encoded server frames.

use std::fmt;
use std::sync::Arc;

use crate::live::hub::Hub;
use crate::live::live_component::{self, LiveComponent};
use crate::live::session::{AnySession, Session};
use crate::live::session_id::SessionId;
use crate::serve::app::AppState;
use crate::serve::config::Config;
use crate::serve::frames::{Reply, on_frame, queued_frames};
use crate::serve::rate::RateLimiter;
use crate::serve::registry::Entry;
use crate::serve::upload::Uploads;

/// One session of `C` with its socket replaced by method calls.
///
/// A component whose `init` or `init_shared` spawns tasks needs a Tokio runtime around
/// [`DetachedSession::new`]; one that does not runs anywhere.
pub struct DetachedSession<C: LiveComponent> {
    app: AppState,
    session: Arc<Session<C>>,
    entry: Entry,
    uploads: Uploads,
}

/// What the server answers to one client frame.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FrameReply {
    /// The frames sent straight back (PONG, ERROR), encoded.
    pub frames: Vec<Vec<u8>>,
    /// Whether the server closes the socket after sending them.
    pub closes: bool,
}

impl<C: LiveComponent> DetachedSession<C> {
    /// A new session of a default instance (no mount hook runs), its page rendered (the HTML is returned) and a socket attached to it as
    /// after a HELLO with `last_seq` 0.
    pub fn new(config: Config) -> (DetachedSession<C>, String) {
        let app = AppState::new(config);
        let hub = Arc::new(Hub::<C>::new(app.shutdown.listener(), app.topics.clone()));
        DetachedSession::on_hub(app, hub)
    }

    /// Another session of the same component beside this one: the two share the component's
    /// hub (its `shared:` value, and whatever the hub serializes), as two pages of one app do.
    pub fn beside(&self, config: Config) -> (DetachedSession<C>, String) {
        DetachedSession::on_hub(AppState::new(config), self.session.hub.clone())
    }

    fn on_hub(app: AppState, hub: Arc<Hub<C>>) -> (DetachedSession<C>, String) {
        live_component::start_shared(&hub);
        let config = &app.config;
        let rate = RateLimiter::new(config.rate_per_second, config.rate_burst);
        let id = SessionId::random();
        let session = Session::new(id, hub.clone(), config.outbox(), C::default(), "/");
        let entry = Entry::new(session.clone(), rate);
        hub.insert(id, session.clone());
        live_component::start_session(&session);
        let (page, _head) = session.render_page();
        if let Ok(mut receiver) = session.queue_receiver().try_lock() {
            // The READY (and any RESYNC) go nowhere: a detached session starts in step.
            drop(AnySession::hello(&*session, 0, &mut receiver));
        }
        (
            DetachedSession {
                app,
                session,
                entry,
                uploads: Uploads::default(),
            },
            page,
        )
    }

    /// Handles one binary frame as an attached socket does.
    pub fn frame(&mut self, bytes: &[u8]) -> FrameReply {
        let reply = match on_frame(&self.entry, bytes, &self.app, &mut self.uploads) {
            // A detached app is never on several nodes: its events need no lease.
            Reply::Leased(event, _) => {
                crate::serve::frames::dispatch(&self.entry, &self.app, &event)
            }
            reply => reply,
        };
        match reply {
            Reply::Frame(frame) => FrameReply {
                frames: vec![frame],
                closes: false,
            },
            Reply::Frames(frames) => FrameReply {
                frames,
                closes: false,
            },
            Reply::Fatal(code, message) => FrameReply {
                frames: vec![crate::protocol::server::error(code, &message)],
                closes: true,
            },
            // A detached session has no app routes to go to: the page loads the URL itself.
            Reply::Navigate(url) => FrameReply {
                frames: vec![crate::protocol::server::load(&url)],
                closes: false,
            },
            Reply::Leased(..) => unreachable!("dispatched above"),
        }
    }

    /// Takes the frames waiting in the session's outbox (PATCHES, broadcast EVENTs, or one
    /// RESYNC when the outbox overflowed), in the order the socket would send them.
    pub fn outgoing(&mut self) -> Vec<Vec<u8>> {
        let mut frames = Vec::new();
        // Only this value ever takes the receiving end, so the lock is always free.
        if let Ok(mut receiver) = self.session.queue_receiver().try_lock() {
            while let Ok(queued) = receiver.try_recv() {
                frames.extend(queued_frames(&*self.session, queued, &mut receiver));
            }
        }
        frames
    }

    /// The component's HTML as a fresh render of its current state.
    pub fn html(&self) -> String {
        AnySession::render_now(&*self.session)
    }
}

impl<C: LiveComponent> fmt::Debug for DetachedSession<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DetachedSession")
            .field("component", &C::META.name)
            .field("session", &self.session.id)
            .finish_non_exhaustive()
    }
}

impl<C: LiveComponent> Drop for DetachedSession<C> {
    fn drop(&mut self) {
        AnySession::end(&*self.session);
    }
}
