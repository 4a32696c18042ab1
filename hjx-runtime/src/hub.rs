//! The hub of one component type: its shared value and every live session of it.
//!
//! Shared state is applied one change at a time under the hub's lock, so concurrent events from
//! many clients are serialized and none is lost. A change to `shared:` fields is turned into
//! patches once for the spots that read only shared fields ([`PatchScope::SharedOnly`]); those
//! encoded bytes go into every session's frame, after which each session adds the patches for
//! its own spots that mix shared and per-session fields.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, Once};

use axum::body::Bytes;

use crate::component::{Component, Event, FieldSet, PatchScope, Tracked};
use crate::protocol::server::EncodedOps;
use crate::session::{SessionCore, SessionState, lock, panic_message, shared_part};
use crate::stop::{StopListener, StopSignal};
use crate::store::SharedStore;
use crate::token::SessionId;

/// The body of a store listener.
pub(crate) type ListenerFn<T> = Arc<dyn Fn(&mut T, &Event) + Send + Sync>;

/// A store listener: runs after the named handler, with the value it may change.
pub(crate) struct Listener<T: ?Sized> {
    pub(crate) handler: String,
    pub(crate) run: ListenerFn<T>,
}

/// The shared half of component `C`.
pub(crate) struct Hub<C: Component> {
    /// The shared value. Lock order: this lock, then `sessions`, then a session's own lock.
    pub(crate) shared: Mutex<C::Shared>,
    sessions: Mutex<HashMap<SessionId, Arc<SessionCore<C>>>>,
    listeners: Mutex<Vec<Listener<C::Shared>>>,
    started: Once,
    pub(crate) stop: StopSignal,
    /// The server's shutdown, which also stops the hub's tasks.
    pub(crate) shutdown: StopListener,
    span: tracing::Span,
}

impl<C: Component> Hub<C> {
    pub(crate) fn new(shutdown: StopListener) -> Hub<C> {
        Hub {
            shared: Mutex::new(C::Shared::default()),
            sessions: Mutex::new(HashMap::new()),
            listeners: Mutex::new(Vec::new()),
            started: Once::new(),
            stop: StopSignal::new(),
            shutdown,
            span: tracing::info_span!("shared", component = C::META.name),
        }
    }

    /// Runs the component's `init_shared` once, the first time a session is created.
    pub(crate) fn ensure_started(self: &Arc<Self>) {
        self.started.call_once(|| {
            let store = SharedStore::new(Arc::downgrade(self));
            if let Err(payload) = catch_unwind(AssertUnwindSafe(|| C::start_shared(store))) {
                tracing::error!(
                    parent: &self.span,
                    panic = %panic_message(&*payload),
                    "init_shared panicked"
                );
            }
        });
    }

    pub(crate) fn insert(&self, session: Arc<SessionCore<C>>) {
        lock(&self.sessions).insert(session.id, session);
    }

    pub(crate) fn remove(&self, id: SessionId) {
        lock(&self.sessions).remove(&id);
    }

    /// Queues the patches for a change of `dirty` fields. The caller holds the shared lock
    /// (`shared`) and, when the change came from one session (`origin`), that session's lock.
    /// The origin gets every patch; every other session gets the patches of shared fields.
    /// Returns the number of operations sent to the origin (or to each session, without one).
    pub(crate) fn fan_out(
        &self,
        shared: &C::Shared,
        dirty: FieldSet,
        origin: Option<(&SessionCore<C>, &mut SessionState<C>)>,
    ) -> usize {
        let shared_dirty = shared_part::<C>(dirty);
        let sessions = lock(&self.sessions);
        let mut shared_ops = EncodedOps::default();
        if !shared_dirty.is_empty() {
            let mut ops = Vec::new();
            match &origin {
                Some((_, state)) => {
                    state
                        .component
                        .patch(shared, shared_dirty, PatchScope::SharedOnly, &mut ops);
                }
                None => {
                    if let Some(any) = sessions.values().next() {
                        any.lock_state().component.patch(
                            shared,
                            shared_dirty,
                            PatchScope::SharedOnly,
                            &mut ops,
                        );
                    }
                }
            }
            shared_ops = EncodedOps::new(&ops);
        }
        let mut sent = shared_ops.len();
        let origin_id = origin.as_ref().map(|(core, _)| core.id);
        if let Some((core, state)) = origin {
            let mut ops = Vec::new();
            state
                .component
                .patch(shared, dirty, PatchScope::SessionOnly, &mut ops);
            let own = EncodedOps::new(&ops);
            sent += own.len();
            core.push_patches(state, &[&shared_ops, &own]);
        }
        if shared_dirty.is_empty() {
            return sent;
        }
        for (id, core) in sessions.iter() {
            if Some(*id) == origin_id {
                continue;
            }
            let mut state = core.lock_state();
            let mut ops = Vec::new();
            state
                .component
                .patch(shared, shared_dirty, PatchScope::SessionOnly, &mut ops);
            core.push_patches(&mut state, &[&shared_ops, &EncodedOps::new(&ops)]);
        }
        sent
    }

    /// Applies a change made through the shared store; queues one frame per session for it.
    pub(crate) fn apply(&self, change: impl FnOnce(&mut C::Shared)) -> bool {
        let mut shared = lock(&self.shared);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            change(&mut shared);
            let dirty = shared.take_dirty();
            self.fan_out(&shared, dirty, None)
        }));
        match outcome {
            Ok(patches) => {
                tracing::trace!(parent: &self.span, patches, "shared store change");
                true
            }
            Err(payload) => {
                tracing::error!(
                    parent: &self.span,
                    panic = %panic_message(&*payload),
                    "a shared store change panicked"
                );
                false
            }
        }
    }

    /// Sends the same EVENT frame to every attached session.
    pub(crate) fn broadcast(&self, frame: Bytes) {
        for session in lock(&self.sessions).values() {
            session.push_event(frame.clone());
        }
    }

    pub(crate) fn add_listener(&self, listener: Listener<C::Shared>) {
        lock(&self.listeners).push(listener);
    }

    pub(crate) fn listeners_for(&self, handler: &str) -> Vec<ListenerFn<C::Shared>> {
        lock(&self.listeners)
            .iter()
            .filter(|listener| listener.handler == handler)
            .map(|listener| listener.run.clone())
            .collect()
    }
}

impl<C: Component> Drop for Hub<C> {
    fn drop(&mut self) {
        self.stop.stop();
    }
}
