//! One session: a component instance, its sequence numbers and its bounded outbox.
//!
//! A [`SessionCore`] lives from the page request until its grace period runs out (or its handler
//! panics, or the server stops); sockets attach to it and detach from it. Everything that changes
//! its state — a client event, a `Store::set`, a shared change fanned out by the hub — happens
//! under the component's shared lock then the session's own lock (always in that order), and
//! queues one PATCHES frame with the next sequence number. The queue is bounded: when it is full,
//! the frame is dropped and the socket later sends one RESYNC with the full HTML instead.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use axum::body::Bytes;
use tokio::sync::{mpsc, watch};

use crate::component::{Component, Event, EventError, FieldSet, Tracked};
use crate::defer::Deferral;
use crate::hub::{Hub, Listener, ListenerFn};
use crate::protocol::server::{self, EncodedOps};
use crate::rate::RateLimiter;
use crate::stop::StopSignal;
use crate::token::SessionId;

/// A frame waiting for the session's socket.
#[derive(Debug)]
pub(crate) enum Outgoing {
    /// A PATCHES frame: replaced by a RESYNC if frames had to be dropped.
    Patches(Vec<u8>),
    /// A broadcast EVENT frame, the same bytes for every session.
    Event(Bytes),
}

/// What a session reports about itself, for monitoring and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionStats {
    /// Frames waiting in the outbox.
    pub queued: usize,
    /// The outbox's bound.
    pub capacity: usize,
    /// Frames dropped because the outbox was full.
    pub dropped: u64,
    /// Whether a RESYNC is owed because frames were dropped.
    pub resync_pending: bool,
    /// Whether a socket is attached.
    pub attached: bool,
    /// The last sequence number used.
    pub seq: u64,
}

/// The mutable part of a session, behind its lock.
pub(crate) struct SessionState<C> {
    pub(crate) component: C,
    seq: u64,
    /// A change happened while no socket was attached: the next HELLO gets a RESYNC.
    stale: bool,
    /// When the last socket detached (or the session was created).
    idle_since: Option<Instant>,
}

/// Why an event did not complete.
pub(crate) enum EventFailure {
    NotBound(EventError),
    Panicked(String),
}

/// What handling an event did, for the event's trace span.
pub(crate) struct EventReport {
    pub(crate) handler: &'static str,
    pub(crate) patches: usize,
}

/// A session of component `C`.
pub(crate) struct SessionCore<C: Component> {
    pub(crate) id: SessionId,
    pub(crate) hub: Arc<Hub<C>>,
    pub(crate) span: tracing::Span,
    state: Mutex<SessionState<C>>,
    attached: AtomicBool,
    outbox: mpsc::Sender<Outgoing>,
    /// The receiving end, held by the attached socket for as long as it is attached.
    pub(crate) inbox: tokio::sync::Mutex<mpsc::Receiver<Outgoing>>,
    capacity: usize,
    resync: AtomicBool,
    dropped: AtomicU64,
    /// Bumped by each socket that attaches, so that an older socket steps aside.
    pub(crate) generation: watch::Sender<u64>,
    pub(crate) stop: StopSignal,
    listeners: Mutex<Vec<Listener<C>>>,
    rate: Mutex<RateLimiter>,
}

/// Locks a mutex, recovering from poisoning: a panicking handler is caught and its session
/// ended, and the data it left is still the best state there is for everyone else.
pub(crate) fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The message of a caught panic.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic payload".to_owned()
    }
}

impl<C: Component> SessionCore<C> {
    pub(crate) fn new(
        id: SessionId,
        hub: Arc<Hub<C>>,
        capacity: usize,
        rate: RateLimiter,
    ) -> SessionCore<C> {
        let (outbox, inbox) = mpsc::channel(capacity);
        SessionCore {
            span: tracing::info_span!("session", sid = %id, component = C::META.name),
            id,
            hub,
            state: Mutex::new(SessionState {
                component: C::default(),
                seq: 0,
                stale: false,
                idle_since: Some(Instant::now()),
            }),
            attached: AtomicBool::new(false),
            outbox,
            inbox: tokio::sync::Mutex::new(inbox),
            capacity,
            resync: AtomicBool::new(false),
            dropped: AtomicU64::new(0),
            generation: watch::Sender::new(0),
            stop: StopSignal::new(),
            listeners: Mutex::new(Vec::new()),
            rate: Mutex::new(rate),
        }
    }

    pub(crate) fn lock_state(&self) -> MutexGuard<'_, SessionState<C>> {
        lock(&self.state)
    }

    /// Queues a PATCHES frame of `parts` with the next sequence number. Called with the session's
    /// lock held (`state`), so sequence numbers and queue order agree.
    pub(crate) fn push_patches(&self, state: &mut SessionState<C>, parts: &[&EncodedOps]) {
        if parts.iter().all(|part| part.is_empty()) {
            return;
        }
        if !self.attached.load(Ordering::Acquire) {
            state.stale = true;
            return;
        }
        if self.resync.load(Ordering::Acquire) {
            // A RESYNC is already owed; it will carry this change too.
            return;
        }
        state.seq += 1;
        let frame = server::patches(state.seq, parts);
        if let Err(mpsc::error::TrySendError::Full(_)) =
            self.outbox.try_send(Outgoing::Patches(frame))
        {
            self.resync.store(true, Ordering::Release);
            self.dropped.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(parent: &self.span, "outbox full: dropping patches, RESYNC owed");
        }
    }

    /// Queues a broadcast EVENT frame if a socket is attached; dropped when the outbox is full.
    pub(crate) fn push_event(&self, frame: Bytes) {
        if !self.attached.load(Ordering::Acquire) {
            return;
        }
        if self.outbox.try_send(Outgoing::Event(frame)).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Runs the handler the event is bound to, then the store listeners for that handler, and
    /// queues the resulting patches for this session and, for shared fields, every other one.
    pub(crate) fn handle_event(&self, event: &Event) -> Result<EventReport, EventFailure> {
        let mut shared = lock(&self.hub.shared);
        let mut state = self.lock_state();
        let state = &mut *state;
        let deferral = Deferral::begin();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let handled = state.component.handle(&mut shared, event)?;
            for listener in self.listeners_for(handled.handler) {
                listener(&mut state.component, event);
            }
            for listener in self.hub.listeners_for(handled.handler) {
                listener(&mut shared, event);
            }
            let dirty = handled
                .dirty
                .union(state.component.take_dirty())
                .union(shared.take_dirty());
            let patches = self.hub.fan_out(&shared, dirty, Some((self, state)));
            Ok(EventReport {
                handler: handled.handler,
                patches,
            })
        }));
        match outcome {
            Ok(Ok(report)) => {
                // Broadcasts from listeners go out after the event's patches.
                deferral.release();
                Ok(report)
            }
            Ok(Err(error)) => Err(EventFailure::NotBound(error)),
            Err(payload) => Err(EventFailure::Panicked(panic_message(&*payload))),
        }
    }

    /// Applies a change made through the store; queues one frame for it.
    pub(crate) fn apply(&self, change: impl FnOnce(&mut C)) -> bool {
        let shared = lock(&self.hub.shared);
        let mut state = self.lock_state();
        let state = &mut *state;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            change(&mut state.component);
            let dirty = state.component.take_dirty();
            self.hub.fan_out(&shared, dirty, Some((self, state)));
        }));
        if let Err(payload) = outcome {
            tracing::error!(
                parent: &self.span,
                panic = %panic_message(&*payload),
                "a store change panicked"
            );
            return false;
        }
        true
    }

    /// Renders the page's HTML. No socket has seen this session yet, so numbering starts over.
    pub(crate) fn render_page(&self) -> String {
        let shared = lock(&self.hub.shared);
        let mut state = self.lock_state();
        state.seq = 0;
        state.stale = false;
        state.component.take_dirty();
        state.component.render_to_string(&shared)
    }

    /// Marks a socket attached after a valid HELLO; returns the frames that answer it: READY,
    /// and a RESYNC when the client missed something.
    pub(crate) fn hello(
        &self,
        last_seq: u64,
        inbox: &mut mpsc::Receiver<Outgoing>,
    ) -> Vec<Vec<u8>> {
        let shared = lock(&self.hub.shared);
        let mut state = self.lock_state();
        let mut missed = state.stale || last_seq != state.seq;
        while let Ok(frame) = inbox.try_recv() {
            missed |= matches!(frame, Outgoing::Patches(_));
        }
        missed |= self.resync.swap(false, Ordering::AcqRel);
        self.attached.store(true, Ordering::Release);
        state.stale = false;
        state.idle_since = None;
        let mut frames = vec![server::ready(state.seq)];
        if missed {
            state.seq += 1;
            let html = state.component.render_to_string(&shared);
            frames.push(server::resync(state.seq, &html));
        }
        frames
    }

    /// Whether a RESYNC is owed; if so, drains the queue and returns the RESYNC frame followed by
    /// the broadcast events that were waiting.
    pub(crate) fn take_resync(&self, inbox: &mut mpsc::Receiver<Outgoing>) -> Option<Vec<Vec<u8>>> {
        if !self.resync.load(Ordering::Acquire) {
            return None;
        }
        let shared = lock(&self.hub.shared);
        let mut state = self.lock_state();
        let mut events = Vec::new();
        while let Ok(frame) = inbox.try_recv() {
            if let Outgoing::Event(bytes) = frame {
                events.push(bytes.to_vec());
            }
        }
        self.resync.store(false, Ordering::Release);
        state.seq += 1;
        let html = state.component.render_to_string(&shared);
        let mut frames = vec![server::resync(state.seq, &html)];
        frames.extend(events);
        Some(frames)
    }

    /// Marks the socket gone; the grace period starts.
    pub(crate) fn detach(&self) {
        let mut state = self.lock_state();
        self.attached.store(false, Ordering::Release);
        state.idle_since = Some(Instant::now());
    }

    pub(crate) fn idle_since(&self) -> Option<Instant> {
        self.lock_state().idle_since
    }

    /// Takes one token from the session's rate limit.
    pub(crate) fn allow_frame(&self) -> bool {
        lock(&self.rate).allow(Instant::now())
    }

    pub(crate) fn add_listener(&self, listener: Listener<C>) {
        lock(&self.listeners).push(listener);
    }

    fn listeners_for(&self, handler: &str) -> Vec<ListenerFn<C>> {
        lock(&self.listeners)
            .iter()
            .filter(|listener| listener.handler == handler)
            .map(|listener| listener.run.clone())
            .collect()
    }

    pub(crate) fn stats(&self) -> SessionStats {
        let seq = self.lock_state().seq;
        SessionStats {
            queued: self.capacity - self.outbox.capacity(),
            capacity: self.capacity,
            dropped: self.dropped.load(Ordering::Relaxed),
            resync_pending: self.resync.load(Ordering::Acquire),
            attached: self.attached.load(Ordering::Acquire),
            seq,
        }
    }

    /// Ends the session: leaves the hub and stops the tasks its `init` started.
    pub(crate) fn end(&self) {
        self.hub.remove(self.id);
        self.stop.stop();
    }
}

/// The dirty fields of a change split for fan-out, exposed for the hub.
pub(crate) fn shared_part<C: Component>(dirty: FieldSet) -> FieldSet {
    dirty.intersection(C::META.shared)
}
