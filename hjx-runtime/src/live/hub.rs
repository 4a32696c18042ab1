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

use crate::live::session_id::SessionId;
use crate::live::stop::{StopListener, StopSignal};
use crate::live::sync::{lock, panic_message};
use crate::live::topics::Topics;
use crate::model::component::{Component, Tracked};
use crate::model::event::Event;
use crate::model::field_set::FieldSet;
use crate::model::patch::PatchOp;
use crate::protocol::server::EncodedOps;

/// The body of a store listener.
pub(crate) type ListenerFn<T> = Arc<dyn Fn(&mut T, &Event) + Send + Sync>;

/// A store listener: runs after the named handler, with the value it may change.
pub(crate) struct Listener<T: ?Sized> {
    pub(crate) handler: String,
    pub(crate) run: ListenerFn<T>,
}

/// A session as its hub sees it: something to send shared changes and broadcasts to.
pub(crate) trait Member<C: Component>: Send + Sync {
    /// Appends the patches of the spots that read nothing but shared fields of `dirty`: the same
    /// for every member, so they are computed once, from any one of them.
    fn shared_patch(&self, shared: &C::Shared, dirty: FieldSet, out: &mut Vec<PatchOp>);

    /// Queues one PATCHES frame for a change of the shared fields `dirty`: `shared_ops`, then
    /// the patches of the member's own spots that also read per-session fields.
    fn push_shared_change(&self, shared: &C::Shared, dirty: FieldSet, shared_ops: &EncodedOps);

    /// Queues a broadcast EVENT frame.
    fn push_event(&self, frame: Bytes);
}

/// The shared half of component `C`.
pub(crate) struct Hub<C: Component> {
    /// The shared value. Lock order: this lock first; `sessions` and a session's own lock are
    /// taken together only while it is held.
    pub(crate) shared: Mutex<C::Shared>,
    sessions: Mutex<HashMap<SessionId, Arc<dyn Member<C>>>>,
    listeners: Mutex<Vec<Listener<C::Shared>>>,
    started: Once,
    pub(crate) stop: StopSignal,
    /// The server's shutdown, which also stops the hub's tasks.
    pub(crate) shutdown: StopListener,
    /// The app's topics.
    pub(crate) topics: Topics,
    span: tracing::Span,
}

impl<C: Component> Hub<C> {
    pub(crate) fn new(shutdown: StopListener, topics: Topics) -> Hub<C> {
        Hub {
            shared: Mutex::new(C::Shared::default()),
            sessions: Mutex::new(HashMap::new()),
            listeners: Mutex::new(Vec::new()),
            started: Once::new(),
            stop: StopSignal::new(),
            shutdown,
            topics,
            span: tracing::info_span!("shared", component = C::META.name),
        }
    }

    /// Runs `start` (the component's `init_shared`) the first time it is called, never again;
    /// a panic in it is logged.
    pub(crate) fn start_once(&self, start: impl FnOnce()) {
        self.started.call_once(|| {
            if let Err(payload) = catch_unwind(AssertUnwindSafe(start)) {
                tracing::error!(
                    parent: &self.span,
                    panic = %panic_message(&*payload),
                    "init_shared panicked"
                );
            }
        });
    }

    pub(crate) fn insert(&self, id: SessionId, member: Arc<dyn Member<C>>) {
        lock(&self.sessions).insert(id, member);
    }

    pub(crate) fn remove(&self, id: SessionId) {
        lock(&self.sessions).remove(&id);
    }

    /// Sends a change of the shared fields `dirty` to every session but `origin` (which queued
    /// its own frame). The caller holds the shared lock (`shared`) and, with an origin, that
    /// session's lock. `shared_ops` are the patches of the spots that read only shared fields,
    /// when the origin has computed them already. Returns how many of those there were.
    pub(crate) fn fan_out(
        &self,
        shared: &C::Shared,
        dirty: FieldSet,
        shared_ops: Option<&EncodedOps>,
        origin: Option<SessionId>,
    ) -> usize {
        if dirty.is_empty() {
            return 0;
        }
        let sessions = lock(&self.sessions);
        let computed;
        let shared_ops = match shared_ops {
            Some(ops) => ops,
            None => {
                let mut ops = Vec::new();
                if let Some(any) = sessions.values().next() {
                    any.shared_patch(shared, dirty, &mut ops);
                }
                computed = EncodedOps::new(&ops);
                &computed
            }
        };
        for (id, member) in sessions.iter() {
            if Some(*id) != origin {
                member.push_shared_change(shared, dirty, shared_ops);
            }
        }
        shared_ops.len()
    }

    /// Applies a change made through the shared store; queues one frame per session for it.
    /// The change is given the shared value itself, so every shared field counts as written.
    pub(crate) fn apply(&self, change: impl FnOnce(&mut C::Shared)) -> bool {
        let mut shared = lock(&self.shared);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            change(&mut shared);
            shared.take_dirty();
            self.fan_out(&shared, C::META.shared, None, None)
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
