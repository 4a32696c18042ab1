//! The registry of every live session of one app, whatever its component, by session ID.
//!
//! Sessions are stored type-erased ([`AnySession`]) because `/hjx/live/<sid>` does not know which
//! component a session belongs to until it looks the ID up. Each entry carries the session's rate
//! limit, so that a client's budget survives a reconnect.
//!
//! What the registry holds is bounded three ways. A page whose socket never attached is kept
//! only a short while ([`Limits::connect_within`]) and is the first to go when the cap is
//! reached, oldest first, so that a flood of page requests without sockets cannot lock honest
//! visitors out. A session whose socket left is kept for the grace period (minutes: a phone's
//! tab in the background); past [`Limits::max_disconnected`] of them, the oldest are dropped
//! from memory, written to the data directory first when the app has one. A reaper task does
//! this; it holds only a weak reference and stops with the server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use crate::live::saved::SavedSession;
use crate::live::session::{AnySession, SessionStats};
use crate::live::session_id::SessionId;
use crate::live::stop::StopListener;
use crate::live::sync::lock;
use crate::serve::rate::RateLimiter;

/// A registered session, with the limit on how fast its client may send frames.
#[derive(Clone)]
pub(crate) struct Entry {
    pub(crate) session: Arc<dyn AnySession>,
    rate: Arc<RateLimiter>,
}

impl Entry {
    /// A session with its own rate limit, not yet registered.
    pub(crate) fn new(session: Arc<dyn AnySession>, rate: RateLimiter) -> Entry {
        Entry {
            session,
            rate: Arc::new(rate),
        }
    }

    /// Takes one token from the session's rate limit.
    pub(crate) fn allow_frame(&self) -> bool {
        self.rate.allow(Instant::now())
    }
}

/// How many sessions a registry keeps, and for how long.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// The most sessions at once.
    pub(crate) max_sessions: usize,
    /// How long a session outlives its socket.
    pub(crate) grace: Duration,
    /// How long a page's session waits for its first socket.
    pub(crate) connect_within: Duration,
    /// The most sessions kept in memory with no socket (past their first).
    pub(crate) max_disconnected: usize,
}

/// What happens to a disconnected session dropped from memory under pressure: it is saved.
pub(crate) type EvictFn = Arc<dyn Fn(&dyn AnySession) + Send + Sync>;

/// Every session of one app.
pub(crate) struct Registry {
    sessions: Mutex<HashMap<SessionId, Entry>>,
    limits: Limits,
    /// The server's shutdown, which stops the reaper.
    shutdown: StopListener,
    reaper: OnceLock<()>,
    /// Where sessions evicted under pressure are saved, when the app has a data directory.
    evict_to: OnceLock<EvictFn>,
}

impl Registry {
    /// A registry bounded by `limits`.
    pub(crate) fn new(limits: Limits, shutdown: StopListener) -> Registry {
        Registry {
            sessions: Mutex::new(HashMap::new()),
            limits,
            shutdown,
            reaper: OnceLock::new(),
            evict_to: OnceLock::new(),
        }
    }

    /// Saves each session evicted under pressure with `evict` before it is dropped.
    pub(crate) fn evict_to(&self, evict: EvictFn) {
        let _ = self.evict_to.set(evict);
    }

    /// Whether a new session would be registered now: below the cap, or with a page that never
    /// connected to make room.
    pub(crate) fn has_room(&self) -> bool {
        let sessions = lock(&self.sessions);
        sessions.len() < self.limits.max_sessions
            || sessions
                .values()
                .any(|entry| !entry.session.ever_attached())
    }

    /// Registers a session. At the cap, the oldest page that never connected makes room; with
    /// none, the session is refused.
    pub(crate) fn insert(
        self: &Arc<Self>,
        session: Arc<dyn AnySession>,
        rate: RateLimiter,
    ) -> bool {
        let evicted = {
            let mut sessions = lock(&self.sessions);
            let evicted = if sessions.len() >= self.limits.max_sessions {
                let oldest = sessions
                    .iter()
                    .filter(|(_, entry)| !entry.session.ever_attached())
                    .filter_map(|(id, entry)| Some((entry.session.idle_since()?, *id)))
                    .min_by_key(|(since, _)| *since);
                let Some((_, oldest)) = oldest else {
                    return false;
                };
                sessions.remove(&oldest)
            } else {
                None
            };
            sessions.insert(session.id(), Entry::new(session.clone(), rate));
            evicted
        };
        if let Some(evicted) = evicted {
            evicted.session.end();
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

    /// The state of every session whose component can be saved, for a snapshot. Each session
    /// is saved under its own lock; the registry's is not held meanwhile.
    pub(crate) fn saved(&self) -> Vec<SavedSession> {
        let sessions: Vec<Arc<dyn AnySession>> = lock(&self.sessions)
            .values()
            .map(|entry| entry.session.clone())
            .collect();
        sessions
            .iter()
            .filter_map(|session| session.save())
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
        let keep = if session.ever_attached() {
            self.limits.grace
        } else {
            self.limits.connect_within
        };
        session
            .idle_since()
            .is_some_and(|since| now.saturating_duration_since(since) >= keep)
    }

    /// Ends every session past its time without a socket, then, past the bound on disconnected
    /// sessions, drops the oldest of them from memory (saved first, when the app has a data
    /// directory).
    fn reap(&self) {
        let now = Instant::now();
        let (expired, evicted) = {
            let mut sessions = lock(&self.sessions);
            let mut expired = Vec::new();
            let mut disconnected = Vec::new();
            for (id, entry) in sessions.iter() {
                if self.expired(&*entry.session, now) {
                    expired.push(*id);
                } else if let (true, Some(since)) =
                    (entry.session.ever_attached(), entry.session.idle_since())
                {
                    disconnected.push((since, *id));
                }
            }
            let over = disconnected
                .len()
                .saturating_sub(self.limits.max_disconnected);
            disconnected.sort_unstable_by_key(|(since, _)| *since);
            let expired: Vec<Entry> = expired
                .iter()
                .filter_map(|id| sessions.remove(id))
                .collect();
            let evicted: Vec<Entry> = disconnected[..over]
                .iter()
                .filter_map(|(_, id)| sessions.remove(id))
                .collect();
            (expired, evicted)
        };
        if !expired.is_empty() {
            tracing::debug!(count = expired.len(), "dropping sessions past their time");
        }
        if !evicted.is_empty() {
            tracing::info!(
                count = evicted.len(),
                saved = self.evict_to.get().is_some(),
                "too many disconnected sessions: dropping the oldest from memory"
            );
        }
        for entry in evicted {
            if let Some(evict) = self.evict_to.get() {
                evict(&*entry.session);
            }
            entry.session.end();
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
    let shortest = registry.limits.grace.min(registry.limits.connect_within);
    let period = (shortest / 2).clamp(Duration::from_millis(100), Duration::from_secs(5));
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
