//! The registry of every live session of one app, whatever its component, by session ID.
//!
//! Sessions are stored type-erased ([`AnySession`]) because `/hjx/live/<sid>` does not know which
//! component a session belongs to until it looks the ID up. Each entry carries the session's rate
//! limit, so that a client's budget survives a reconnect. A reaper task ends sessions whose socket
//! has been gone longer than the grace period; it holds only a weak reference and stops with the
//! server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use crate::live::session::{AnySession, SessionStats};
use crate::live::session_id::SessionId;
use crate::live::stop::StopListener;
use crate::live::sync::lock;
use crate::serve::rate::RateLimiter;

/// A registered session, with the limit on how fast its client may send frames.
#[derive(Clone)]
pub(crate) struct Entry {
    pub(crate) session: Arc<dyn AnySession>,
    rate: Arc<Mutex<RateLimiter>>,
}

impl Entry {
    /// A session with its own rate limit, not yet registered.
    pub(crate) fn new(session: Arc<dyn AnySession>, rate: RateLimiter) -> Entry {
        Entry {
            session,
            rate: Arc::new(Mutex::new(rate)),
        }
    }

    /// Takes one token from the session's rate limit.
    pub(crate) fn allow_frame(&self) -> bool {
        lock(&self.rate).allow(Instant::now())
    }
}

/// Every session of one app.
pub(crate) struct Registry {
    sessions: Mutex<HashMap<SessionId, Entry>>,
    max_sessions: usize,
    grace: Duration,
    /// The server's shutdown, which stops the reaper.
    shutdown: StopListener,
    reaper: OnceLock<()>,
}

impl Registry {
    /// A registry of at most `max_sessions` sessions, each kept `grace` after its socket left.
    pub(crate) fn new(max_sessions: usize, grace: Duration, shutdown: StopListener) -> Registry {
        Registry {
            sessions: Mutex::new(HashMap::new()),
            max_sessions,
            grace,
            shutdown,
            reaper: OnceLock::new(),
        }
    }

    /// Registers a session unless the cap is reached.
    pub(crate) fn insert(
        self: &Arc<Self>,
        session: Arc<dyn AnySession>,
        rate: RateLimiter,
    ) -> bool {
        {
            let mut sessions = lock(&self.sessions);
            if sessions.len() >= self.max_sessions {
                return false;
            }
            sessions.insert(session.id(), Entry::new(session.clone(), rate));
        }
        self.reaper.get_or_init(|| spawn_reaper(self));
        true
    }

    /// The session with this ID, unless it is unknown or its grace period has run out.
    pub(crate) fn get(&self, id: SessionId) -> Option<Entry> {
        let entry = lock(&self.sessions).get(&id).cloned()?;
        if self.expired(&*entry.session, Instant::now()) {
            self.remove(id);
            return None;
        }
        Some(entry)
    }

    /// The session with this ID if it is registered, in its grace period or not. Takes no lock
    /// but the registry's own, so it may be called while a session's lock is held (a message
    /// sent from inside an event).
    pub(crate) fn find(&self, id: SessionId) -> Option<Arc<dyn AnySession>> {
        lock(&self.sessions)
            .get(&id)
            .map(|entry| entry.session.clone())
    }

    /// Removes and ends a session.
    pub(crate) fn remove(&self, id: SessionId) {
        let entry = lock(&self.sessions).remove(&id);
        if let Some(entry) = entry {
            entry.session.end();
        }
    }

    /// Every session, attached or in its grace period.
    pub(crate) fn sessions(&self) -> Vec<Arc<dyn AnySession>> {
        lock(&self.sessions)
            .values()
            .map(|entry| entry.session.clone())
            .collect()
    }

    /// The number of sessions, attached or in their grace period.
    pub(crate) fn len(&self) -> usize {
        lock(&self.sessions).len()
    }

    pub(crate) fn stats(&self, id: SessionId) -> Option<SessionStats> {
        let entry = lock(&self.sessions).get(&id).cloned()?;
        Some(entry.session.stats())
    }

    /// Removes and ends every session.
    pub(crate) fn end_all(&self) {
        let entries: Vec<Entry> = lock(&self.sessions).drain().map(|(_, e)| e).collect();
        for entry in entries {
            entry.session.end();
        }
    }

    fn expired(&self, session: &dyn AnySession, now: Instant) -> bool {
        session
            .idle_since()
            .is_some_and(|since| now.saturating_duration_since(since) >= self.grace)
    }

    /// Ends every session whose grace period has run out.
    fn reap(&self) {
        let now = Instant::now();
        let expired: Vec<Entry> = {
            let mut sessions = lock(&self.sessions);
            let ids: Vec<SessionId> = sessions
                .iter()
                .filter(|(_, entry)| self.expired(&*entry.session, now))
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
        for entry in expired {
            entry.session.end();
        }
    }
}

impl Drop for Registry {
    /// Ends the sessions left when the app is dropped without a shutdown: each one is referenced
    /// by its component's hub as well, so dropping the registry alone would not free it.
    fn drop(&mut self) {
        let sessions = self
            .sessions
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        for (_, entry) in sessions.drain() {
            entry.session.end();
        }
    }
}

fn spawn_reaper(registry: &Arc<Registry>) {
    let weak: Weak<Registry> = Arc::downgrade(registry);
    let period = (registry.grace / 2).clamp(Duration::from_millis(100), Duration::from_secs(5));
    let mut shutdown = registry.shutdown.clone();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                () = shutdown.stopped() => return,
            }
            match weak.upgrade() {
                Some(registry) => registry.reap(),
                None => return,
            }
        }
    });
}
