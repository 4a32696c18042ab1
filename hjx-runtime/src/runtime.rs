//! The state one [`Live`](crate::Live) app shares between its routes: configuration, the token
//! signer, the registry of every session (of any component), and the shutdown signal.
//!
//! Sessions are stored type-erased ([`LiveSession`]) because `/hjx/live/<sid>` does not know
//! which component a session belongs to until it looks the ID up. A reaper task drops sessions
//! whose socket has been gone longer than the grace period; it holds only a weak reference and
//! stops with the server.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use axum::extract::ws::WebSocket;
use tokio::sync::{Semaphore, watch};

use crate::component::Component;
use crate::config::Config;
use crate::session::{SessionCore, SessionStats, lock};
use crate::stop::StopSignal;
use crate::token::{SessionId, TokenSigner};

/// A session of some component, as the registry sees it.
pub(crate) trait LiveSession: Send + Sync {
    /// Serves an attached socket after a valid HELLO, until it closes.
    fn attach(
        self: Arc<Self>,
        socket: WebSocket,
        last_seq: u64,
        runtime: Arc<Runtime>,
    ) -> Pin<Box<dyn Future<Output = ()> + Send>>;
    fn idle_since(&self) -> Option<Instant>;
    fn end(&self);
    fn stats(&self) -> SessionStats;
}

impl<C: Component> LiveSession for SessionCore<C> {
    fn attach(
        self: Arc<Self>,
        socket: WebSocket,
        last_seq: u64,
        runtime: Arc<Runtime>,
    ) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(crate::socket::run_attached(self, socket, last_seq, runtime))
    }

    fn idle_since(&self) -> Option<Instant> {
        SessionCore::idle_since(self)
    }

    fn end(&self) {
        SessionCore::end(self);
    }

    fn stats(&self) -> SessionStats {
        SessionCore::stats(self)
    }
}

/// Shared by every route of one app.
pub(crate) struct Runtime {
    pub(crate) config: Config,
    pub(crate) signer: TokenSigner,
    sessions: Mutex<HashMap<SessionId, Arc<dyn LiveSession>>>,
    /// Caps open sockets, including those that have not said HELLO yet.
    pub(crate) sockets: Arc<Semaphore>,
    pub(crate) shutdown: StopSignal,
    /// The number of open sockets, so that shutdown can wait for them to close.
    active: watch::Sender<usize>,
    reaper: OnceLock<()>,
}

/// Counts one open socket for as long as it lives.
pub(crate) struct ActiveSocket(Arc<Runtime>);

impl Drop for ActiveSocket {
    fn drop(&mut self) {
        self.0.active.send_modify(|count| *count -= 1);
    }
}

impl Runtime {
    pub(crate) fn new(config: Config) -> Runtime {
        let key = config.secret.unwrap_or_else(TokenSigner::random_key);
        Runtime {
            signer: TokenSigner::new(key, config.token_ttl),
            sockets: Arc::new(Semaphore::new(config.max_sessions.max(1))),
            config,
            sessions: Mutex::new(HashMap::new()),
            shutdown: StopSignal::new(),
            active: watch::Sender::new(0),
            reaper: OnceLock::new(),
        }
    }

    /// Registers a session unless the cap is reached.
    pub(crate) fn insert(self: &Arc<Self>, id: SessionId, session: Arc<dyn LiveSession>) -> bool {
        {
            let mut sessions = lock(&self.sessions);
            if sessions.len() >= self.config.max_sessions {
                return false;
            }
            sessions.insert(id, session);
        }
        self.reaper.get_or_init(|| spawn_reaper(self));
        true
    }

    /// The session with this ID, unless it is unknown or its grace period has run out.
    pub(crate) fn get(&self, id: SessionId) -> Option<Arc<dyn LiveSession>> {
        let session = lock(&self.sessions).get(&id).cloned()?;
        if self.expired(&*session, Instant::now()) {
            self.remove(id);
            return None;
        }
        Some(session)
    }

    /// Removes and ends a session.
    pub(crate) fn remove(&self, id: SessionId) {
        let session = lock(&self.sessions).remove(&id);
        if let Some(session) = session {
            session.end();
        }
    }

    pub(crate) fn session_count(&self) -> usize {
        lock(&self.sessions).len()
    }

    pub(crate) fn stats(&self, id: SessionId) -> Option<SessionStats> {
        let session = lock(&self.sessions).get(&id).cloned()?;
        Some(session.stats())
    }

    fn expired(&self, session: &dyn LiveSession, now: Instant) -> bool {
        session
            .idle_since()
            .is_some_and(|since| now.saturating_duration_since(since) >= self.config.grace)
    }

    /// Drops every session whose grace period has run out.
    fn reap(&self) {
        let now = Instant::now();
        let expired: Vec<Arc<dyn LiveSession>> = {
            let mut sessions = lock(&self.sessions);
            let ids: Vec<SessionId> = sessions
                .iter()
                .filter(|(_, session)| self.expired(&***session, now))
                .map(|(id, _)| *id)
                .collect();
            ids.iter().filter_map(|id| sessions.remove(id)).collect()
        };
        if !expired.is_empty() {
            tracing::debug!(
                count = expired.len(),
                "dropping sessions past their grace period"
            );
        }
        for session in expired {
            session.end();
        }
    }

    pub(crate) fn track_socket(self: &Arc<Self>) -> ActiveSocket {
        self.active.send_modify(|count| *count += 1);
        ActiveSocket(self.clone())
    }

    /// Closes every socket with a going-away frame, waits (up to `patience`) for them to close,
    /// then ends every session so that their tasks stop.
    pub(crate) async fn shut_down(&self, patience: Duration) {
        self.shutdown.stop();
        let mut active = self.active.subscribe();
        let _ = tokio::time::timeout(patience, active.wait_for(|count| *count == 0)).await;
        let sessions: Vec<_> = lock(&self.sessions).drain().map(|(_, s)| s).collect();
        for session in sessions {
            session.end();
        }
    }
}

impl Drop for Runtime {
    /// Ends the sessions left when the app is dropped without a shutdown: each one is referenced
    /// by its component's hub as well, so dropping the registry alone would not free it.
    fn drop(&mut self) {
        let sessions = self
            .sessions
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        for (_, session) in sessions.drain() {
            session.end();
        }
    }
}

fn spawn_reaper(runtime: &Arc<Runtime>) {
    let weak: Weak<Runtime> = Arc::downgrade(runtime);
    let period =
        (runtime.config.grace / 2).clamp(Duration::from_millis(100), Duration::from_secs(5));
    let mut shutdown = runtime.shutdown.listener();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                () = shutdown.stopped() => return,
            }
            match weak.upgrade() {
                Some(runtime) => runtime.reap(),
                None => return,
            }
        }
    });
}
