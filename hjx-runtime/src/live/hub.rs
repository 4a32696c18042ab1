//! The hub of one component type: its shared value and every live session of it.
//!
//! Shared state is applied one change at a time under the hub's lock, so concurrent events from
//! many clients are serialized and none is lost. A change to `shared:` fields is turned into
//! patches once for the spots that read only shared fields ([`PatchScope::SharedOnly`]); those
//! encoded bytes go into every session's frame, after which each session adds the patches for
//! its own spots that mix shared and per-session fields. Sending them happens after the lock is
//! released, in the changes' order (the `fan` module).

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, MutexGuard, Once, OnceLock};

use axum::body::Bytes;

use crate::live::cluster::{BoxFuture, Cluster, Finish, Lease, Linked, Stamp};
use crate::live::saved::SavedShared;
use crate::live::session_id::SessionId;
use crate::live::stop::{StopListener, StopSignal};
use crate::live::sync::{ReadMostly, lock, panic_message};
use crate::live::topics::Topics;
use crate::model::component::{Component, Tracked};
use crate::model::event::Event;
use crate::model::field_set::FieldSet;
use crate::model::patch::PatchOp;
use crate::protocol::server::EncodedOps;

mod fan;
pub(crate) use fan::FanOut;

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

    /// Queues one PATCHES frame for a change of the shared fields `dirty`: `shared_ops`, then,
    /// given the shared value, the patches of the member's own spots that also read
    /// per-session fields.
    fn push_shared_change(
        &self,
        shared: Option<&C::Shared>,
        dirty: FieldSet,
        shared_ops: &EncodedOps,
    );

    /// Queues a broadcast EVENT frame.
    fn push_event(&self, frame: Bytes);
}

/// The shared half of component `C`.
pub(crate) struct Hub<C: Component> {
    /// The shared value. Lock order: a fan-out's turn, then this lock, then `sessions` or a
    /// session's own lock (see the `fan` module).
    pub(crate) shared: Mutex<C::Shared>,
    /// The order of the fan-outs of shared changes.
    turns: Arc<fan::Turns>,
    sessions: Mutex<HashMap<SessionId, Arc<dyn Member<C>>>>,
    listeners: ReadMostly<Listener<C::Shared>>,
    started: Once,
    pub(crate) stop: StopSignal,
    /// The server's shutdown, which also stops the hub's tasks.
    pub(crate) shutdown: StopListener,
    /// The app's topics.
    pub(crate) topics: Topics,
    /// The other nodes, when the app runs on several: broadcasts reach their sessions too.
    cluster: OnceLock<Arc<dyn Cluster>>,
    /// The shared value's place in the cluster, when it has one.
    pub(crate) link: OnceLock<Linked>,
    span: tracing::Span,
}

impl<C: Component> Hub<C> {
    pub(crate) fn new(shutdown: StopListener, topics: Topics) -> Hub<C> {
        Hub {
            shared: Mutex::new(C::Shared::default()),
            turns: Arc::default(),
            sessions: Mutex::new(HashMap::new()),
            listeners: ReadMostly::default(),
            started: Once::new(),
            stop: StopSignal::new(),
            shutdown,
            topics,
            cluster: OnceLock::new(),
            link: OnceLock::new(),
            span: tracing::info_span!("shared", component = C::META.name),
        }
    }

    /// The shared value, for a change or a render: locked, so that its changes are applied one
    /// at a time; or, for a component without `shared:` fields, a value of its own, so that
    /// its sessions never wait on each other.
    pub(crate) fn lock_shared(&self) -> SharedGuard<'_, C::Shared> {
        if C::META.shared.is_empty() && std::mem::size_of::<C::Shared>() == 0 {
            SharedGuard::Unshared(C::Shared::default())
        } else {
            SharedGuard::Locked(lock(&self.shared))
        }
    }

    /// Joins the hub to the other nodes of `cluster`: its broadcasts reach their sessions, and
    /// its shared value, when it has one that serde can encode, is kept in the cluster's store.
    pub(crate) fn join(&self, cluster: Arc<dyn Cluster>) {
        if self.cluster.set(cluster.clone()).is_err() || C::META.shared.is_empty() {
            return;
        }
        if self.encode(&lock(&self.shared)).is_none() {
            tracing::error!(
                parent: &self.span,
                "the shared fields cannot be saved with serde: each node keeps a value of its own"
            );
            return;
        }
        let key = format!("{}:{:016x}", C::META.name, C::SHAPE);
        let _ = self.link.set(Linked::new(cluster, key));
    }

    /// The shared value encoded for the cluster's store.
    fn encode(&self, shared: &C::Shared) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        C::save_shared(shared, &mut out).then_some(out)
    }

    /// Takes this node's lease on the shared value, when the cluster keeps it: the value is then
    /// the newest any node wrote, and what is written before the lease ends is stored.
    pub(crate) async fn lease(self: &Arc<Self>) -> Option<HubLease<C>> {
        let linked = self.link.get()?;
        let lease = linked
            .lease(
                |stamp, bytes| self.adopt(stamp, bytes),
                || self.encode(&lock(&self.shared)),
            )
            .await;
        Some(HubLease {
            hub: self.clone(),
            lease,
        })
    }

    /// Waits until the shared value was first read from the cluster (at once when it has none).
    pub(crate) async fn ready(self: &Arc<Self>) {
        if let Some(linked) = self.link.get() {
            linked.ready.get_or_init(|| self.resync()).await;
        }
    }

    /// Settles the shared value with the cluster's: adopts a newer one, or stores this node's
    /// when the cluster has none or this node wrote while it was away.
    pub(crate) async fn resync(self: &Arc<Self>) {
        if let Some(lease) = self.lease().await {
            lease.end().await;
        }
    }

    /// Replaces the shared value with `bytes`, another node's write `stamp`, and patches every
    /// session, unless this node has seen that write or a later one. The check and the
    /// replacement are one step under the shared lock, so that an announcement that arrives
    /// late never undoes the changes this node made since.
    fn adopt(&self, stamp: Stamp, bytes: &[u8]) {
        let Some(linked) = self.link.get() else {
            return;
        };
        let mut shared = lock(&self.shared);
        if !stamp.is_news_to(linked.seen()) {
            return;
        }
        let mut fresh = C::Shared::default();
        if !C::restore_shared(&mut fresh, &mut &*bytes) {
            tracing::warn!(parent: &self.span, "a shared value from the cluster does not fit: kept this node's");
            return;
        }
        *shared = fresh;
        shared.take_dirty();
        linked.saw(stamp);
        let fan_out = self.fan_out(&shared, C::META.shared, None, None);
        drop(shared);
        let patches = self.run_fan_out(fan_out);
        tracing::trace!(parent: &self.span, version = stamp.version, patches, "shared value from another node");
    }

    /// Keeps the shared value just written, to store when the current lease ends. The caller
    /// holds the shared lock.
    pub(crate) fn stage(&self, shared: &C::Shared) {
        if let Some(linked) = self.link.get()
            && let Some(bytes) = self.encode(shared)
        {
            linked.stage(bytes);
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

    /// The fan-out of a change of the shared fields `dirty` to every session but `origin`
    /// (which queued its own frame), to run once the shared lock is released. The caller holds
    /// the shared lock (`shared`). `shared_ops` are the patches of the spots that read only
    /// shared fields, when the origin has computed them already.
    pub(crate) fn fan_out(
        &self,
        shared: &C::Shared,
        dirty: FieldSet,
        shared_ops: Option<EncodedOps>,
        origin: Option<SessionId>,
    ) -> Option<FanOut<C>> {
        if dirty.is_empty() {
            return None;
        }
        let sessions = lock(&self.sessions);
        let ops = shared_ops.unwrap_or_else(|| {
            let mut ops = Vec::new();
            if let Some(any) = sessions.values().next() {
                any.shared_patch(shared, dirty, &mut ops);
            }
            EncodedOps::new(&ops)
        });
        let members = sessions
            .iter()
            .filter(|(id, _)| Some(**id) != origin)
            .map(|(_, member)| member.clone())
            .collect();
        Some(FanOut::new(self, members, dirty, ops))
    }

    /// Runs `fan_out` (taken under the shared lock, now released); how many shared-only
    /// operations it sent each session.
    pub(crate) fn run_fan_out(&self, fan_out: Option<FanOut<C>>) -> usize {
        fan_out.map_or(0, |fan_out| {
            let patches = fan_out.patches();
            fan_out.run(self);
            patches
        })
    }

    /// Applies a change made through the shared store; queues one frame per session for it.
    /// The change is given the shared value itself, so every shared field counts as written.
    /// When the cluster keeps the value, the change runs on a task once this node holds its
    /// lease.
    pub(crate) fn apply(
        self: &Arc<Self>,
        change: impl FnOnce(&mut C::Shared) + Send + 'static,
    ) -> bool {
        if self.link.get().is_some() && tokio::runtime::Handle::try_current().is_ok() {
            let hub = self.clone();
            tokio::spawn(async move {
                let lease = hub.lease().await;
                hub.apply_here(change);
                if let Some(lease) = lease {
                    lease.end().await;
                }
            });
            return true;
        }
        self.apply_here(change)
    }

    fn apply_here(&self, change: impl FnOnce(&mut C::Shared)) -> bool {
        let outcome = {
            let mut shared = lock(&self.shared);
            catch_unwind(AssertUnwindSafe(|| {
                change(&mut shared);
                shared.take_dirty();
                self.stage(&shared);
                self.fan_out(&shared, C::META.shared, None, None)
            }))
        };
        match outcome {
            Ok(fan_out) => {
                let patches = self.run_fan_out(fan_out);
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

    /// Sends the same EVENT frame to every attached session, on every node.
    pub(crate) fn broadcast(&self, frame: Bytes) {
        if let Some(cluster) = self.cluster.get() {
            cluster.broadcast(C::META.name, &frame);
        }
        self.broadcast_here(frame);
    }

    /// Sends the EVENT frame to every attached session of this node.
    pub(crate) fn broadcast_here(&self, frame: Bytes) {
        for session in lock(&self.sessions).values() {
            session.push_event(frame.clone());
        }
    }

    /// Whether a store listener runs after the handler `handler` on the shared value.
    pub(crate) fn listens_to(&self, handler: &str) -> bool {
        self.listeners.any(|listener| listener.handler == handler)
    }

    pub(crate) fn add_listener(&self, listener: Listener<C::Shared>) {
        self.listeners.push(listener);
    }

    pub(crate) fn listeners_for(&self, handler: &str) -> Vec<ListenerFn<C::Shared>> {
        self.listeners
            .pick(|listener| (listener.handler == handler).then(|| listener.run.clone()))
    }
}

/// The shared value as [`Hub::lock_shared`] gives it.
pub(crate) enum SharedGuard<'a, T> {
    Locked(MutexGuard<'a, T>),
    /// A component without `shared:` fields: nothing to share, nothing to lock.
    Unshared(T),
}

impl<T> Deref for SharedGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            SharedGuard::Locked(guard) => guard,
            SharedGuard::Unshared(value) => value,
        }
    }
}

impl<T> DerefMut for SharedGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        match self {
            SharedGuard::Locked(guard) => guard,
            SharedGuard::Unshared(value) => value,
        }
    }
}

/// A hub's lease, held across an event that may write the shared value.
pub(crate) struct HubLease<C: Component> {
    hub: Arc<Hub<C>>,
    lease: Lease,
}

impl<C: Component> HubLease<C> {
    /// Stores what the event wrote and releases the lock.
    pub(crate) async fn end(self) {
        if let Some(linked) = self.hub.link.get() {
            linked.finish(self.lease).await;
        }
    }
}

impl<C: Component> Finish for HubLease<C> {
    fn finish(self: Box<Self>) -> BoxFuture<()> {
        Box::pin(self.end())
    }
}

/// A hub as the app sees it, whatever its component: for the cluster's messages and for
/// snapshots.
#[cfg_attr(not(feature = "redis"), allow(dead_code))]
pub(crate) trait Joined: Send + Sync {
    /// The component's name, which its broadcasts travel under.
    fn name(&self) -> &'static str;
    /// Its shared value's key, when the cluster keeps one.
    fn key(&self) -> Option<Arc<str>>;
    /// Another node's write of the shared value, announced by the cluster.
    fn changed_elsewhere(&self, stamp: Stamp, bytes: &[u8]);
    fn broadcast_here(&self, frame: Bytes);
    fn resync(self: Arc<Self>) -> BoxFuture<()>;
    fn join_cluster(&self, cluster: Arc<dyn Cluster>);
    /// The shared values, for a snapshot; `None` when the component has none that serde can
    /// save.
    fn save_shared(&self) -> Option<SavedShared>;
}

impl<C: Component> Joined for Hub<C> {
    fn name(&self) -> &'static str {
        C::META.name
    }

    fn key(&self) -> Option<Arc<str>> {
        self.link.get().map(|linked| linked.key.clone())
    }

    fn changed_elsewhere(&self, stamp: Stamp, bytes: &[u8]) {
        self.adopt(stamp, bytes);
    }

    fn broadcast_here(&self, frame: Bytes) {
        Hub::broadcast_here(self, frame);
    }

    fn resync(self: Arc<Self>) -> BoxFuture<()> {
        Box::pin(async move { Hub::resync(&self).await })
    }

    fn join_cluster(&self, cluster: Arc<dyn Cluster>) {
        self.join(cluster);
    }

    fn save_shared(&self) -> Option<SavedShared> {
        Some(SavedShared {
            component: C::META.name.to_owned(),
            shape: C::SHAPE,
            state: self.encode(&lock(&self.shared))?,
        })
    }
}

impl<C: Component> Drop for Hub<C> {
    fn drop(&mut self) {
        self.stop.stop();
    }
}
