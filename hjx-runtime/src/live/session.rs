//! One session: a component instance, its sequence numbers and its bounded queue of frames.
//!
//! A [`Session`] lives from the page request until its grace period runs out (or its handler
//! panics, or the server stops); sockets attach to it and detach from it. Everything that changes
//! its state — a client event, a `Store::set`, a shared change fanned out by the hub — happens
//! under the component's shared lock then the session's own lock (always in that order), and
//! queues one PATCHES frame with the next sequence number. A component without `shared:` fields
//! has no shared lock ([`Hub::lock_shared`]): its sessions never wait on each other. The queue
//! is bounded: when it is full, the frame is dropped and the socket later sends one RESYNC with
//! the full HTML instead.
//!
//! The serving layer sees a session only as an [`AnySession`]: the type-erased face that the
//! registry stores and a connection drives, whatever the component.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::Instant;

use axum::body::Bytes;
use tokio::sync::{mpsc, watch};

use crate::live::current;
use crate::live::defer::{self, Deferral};
use crate::live::hub::{FanOut, Hub, Listener, ListenerFn, Member};
use crate::live::session_id::SessionId;
use crate::live::stop::StopSignal;
use crate::live::sync::{ReadMostly, lock, panic_message};
use crate::live::topics::{Inbox, ReceiverFn};
use crate::live::work::{self, Running};
use crate::model::component::{Component, PatchScope, Tracked};
use crate::model::event::{Event, EventError};
use crate::model::field_set::FieldSet;
use crate::model::head::Head;
use crate::model::html::Html;
use crate::model::layout::{LAYOUT_BASE, LayoutSlot};
use crate::model::load::{Apply, Work};
use crate::model::patch::{self, HydrationId, PatchOp};
use crate::protocol::server::{self, EncodedOps};

/// A frame waiting in a session's queue for its socket.
#[derive(Debug)]
pub(crate) enum QueuedFrame {
    /// A PATCHES frame: replaced by a RESYNC if frames had to be dropped.
    Patches(Vec<u8>),
    /// A broadcast EVENT frame, the same bytes for every session.
    Event(Bytes),
}

mod any;
mod member;
mod outbox;
mod topics;

pub(crate) use outbox::Outbox;

pub(crate) use any::AnySession;

/// What a session reports about itself, for monitoring and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionStats {
    /// Frames waiting in the queue for the socket.
    pub queued: usize,
    /// The queue's bound.
    pub capacity: usize,
    /// Frames dropped because the queue was full.
    pub dropped: u64,
    /// Whether a RESYNC is owed because frames were dropped.
    pub resync_pending: bool,
    /// Whether a socket is attached.
    pub attached: bool,
    /// The last sequence number used.
    pub seq: u64,
}

/// The mutable part of a session, behind its lock.
struct SessionState<C> {
    component: C,
    seq: u64,
    /// A change happened while no socket was attached: the next HELLO gets a RESYNC.
    stale: bool,
    /// When the last socket detached (or the session was created).
    idle_since: Option<Instant>,
    /// The page title last rendered or sent, for components that set one (`Component::head`).
    title: Option<String>,
    /// The layout around the page, if its route has one.
    layout: Option<Box<dyn LayoutSlot>>,
}

impl<C: Component> SessionState<C> {
    /// The page's HTML: the component's, inside its layout when it has one.
    fn render(&mut self, shared: &C::Shared) -> String {
        let page = self.component.render_to_string(shared);
        match &mut self.layout {
            Some(layout) => {
                let mut html = Html::with_capacity(page.len() + 1024);
                layout.render(&page, &mut html);
                html.into_string()
            }
            None => page,
        }
    }
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
    /// Where the event's REPLY frame went; with none, the connection sends an ACK.
    pub(crate) reply: Sent,
}

/// Where a session's PATCHES or REPLY frame went.
pub(crate) enum Sent {
    /// Nowhere: nothing changed, no socket is attached, or a RESYNC is owed.
    Nothing,
    /// Into the session's queue, for its socket.
    Queued,
    /// Back to the caller: the REPLY to the socket's own event, to be written at once. Only
    /// when the queue is empty, so that nothing queued had to go first; and anything queued
    /// after it is read by the same socket task once it has written this. It saves the queue's
    /// push, the wake-up of the socket's own task (which tokio serves as a yield, waking
    /// another worker thread) and the pop.
    Direct(Vec<u8>),
}

/// The receiving end of a session's frame queue, held by its attached socket.
pub(crate) type QueueReceiver = mpsc::Receiver<QueuedFrame>;

/// Adds to `ops` the patch of the page's title (the `<title>`, hydration ID 0) when the
/// component sets one and it changed.
fn title_patch<C: Component>(state: &mut SessionState<C>, ops: &mut Vec<PatchOp>) {
    let Some(title) = state.component.head().and_then(|head| head.title) else {
        return;
    };
    if state.title.as_ref() != Some(&title) {
        ops.push(PatchOp::SetText {
            hid: HydrationId(0),
            text: title.clone(),
        });
        state.title = Some(title);
    }
}

/// A receiver of the messages of one topic.
struct Receiver<C> {
    topic: String,
    run: ReceiverFn<C>,
    /// The fields counted as written when it runs: every per-session field for the page's own
    /// receivers, the instance's field for a child's.
    dirty: FieldSet,
}

/// A session of component `C`.
pub(crate) struct Session<C: Component> {
    pub(crate) id: SessionId,
    pub(crate) hub: Arc<Hub<C>>,
    pub(crate) span: tracing::Span,
    state: Mutex<SessionState<C>>,
    attached: AtomicBool,
    /// Frames for the socket: the sending end of the queue.
    queue: mpsc::Sender<QueuedFrame>,
    /// The bytes of the frames in the queue, and their bound.
    queued_bytes: AtomicUsize,
    max_queued_bytes: usize,
    /// The receiving end of the queue, taken by the attached socket for as long as it is
    /// attached.
    queue_receiver: tokio::sync::Mutex<QueueReceiver>,
    capacity: usize,
    resync: AtomicBool,
    dropped: AtomicU64,
    /// Bumped by each socket that attaches, so that an older socket steps aside.
    generation: watch::Sender<u64>,
    pub(crate) stop: StopSignal,
    /// The store listeners, each with the fields counted as written when it runs.
    listeners: ReadMostly<(Listener<C>, FieldSet)>,
    receivers: Mutex<Vec<Receiver<C>>>,
    /// Where the session's topic messages wait, created by its first subscription.
    inbox: OnceLock<Inbox>,
    /// This session, for the tasks of its async work to come back to.
    me: Weak<Session<C>>,
    /// The async work in flight, by field.
    running: Running,
    /// The page's URL (path and query) as the browser shows it, for a snapshot. Its own lock,
    /// taken with no other held, so that a handler may move the URL.
    url: Mutex<Box<str>>,
}

impl<C: Component> Session<C> {
    /// A session of `component`, an instance already filled by its mount hook.
    pub(crate) fn new(
        id: SessionId,
        hub: Arc<Hub<C>>,
        outbox: Outbox,
        component: C,
        url: &str,
    ) -> Arc<Session<C>> {
        let capacity = outbox.frames;
        let (queue, queue_receiver) = mpsc::channel(capacity);
        Arc::new_cyclic(|me| Session {
            span: tracing::info_span!("session", sid = %id, component = C::META.name),
            id,
            hub,
            state: Mutex::new(SessionState {
                component,
                seq: 0,
                stale: false,
                idle_since: Some(Instant::now()),
                title: None,
                layout: None,
            }),
            attached: AtomicBool::new(false),
            queue,
            queued_bytes: AtomicUsize::new(0),
            max_queued_bytes: outbox.bytes,
            queue_receiver: tokio::sync::Mutex::new(queue_receiver),
            capacity,
            resync: AtomicBool::new(false),
            dropped: AtomicU64::new(0),
            generation: watch::Sender::new(0),
            stop: StopSignal::new(),
            listeners: ReadMostly::default(),
            receivers: Mutex::new(Vec::new()),
            inbox: OnceLock::new(),
            me: me.clone(),
            running: Running::default(),
            url: Mutex::new(Box::from(url)),
        })
    }

    /// Records that the browser shows `url` now: a path (`/items/5?tab=x`), or a query alone
    /// (`?q=bug`) on the same path.
    pub(crate) fn set_url(&self, url: &str) {
        let mut current = lock(&self.url);
        if url.starts_with('/') {
            *current = Box::from(url);
        } else if let Some(query) = url.strip_prefix('?') {
            let path = current.split_once('?').map_or(&**current, |(path, _)| path);
            *current = if query.is_empty() {
                Box::from(path)
            } else {
                Box::from(format!("{path}?{query}"))
            };
        }
    }

    /// The page's URL.
    pub(crate) fn url(&self) -> String {
        lock(&self.url).to_string()
    }

    /// Makes this session the one [`Store::current`](crate::Store::current) answers with on this
    /// thread, until the guard drops.
    fn enter(&self) -> current::Entered {
        let me: Weak<Session<C>> = self.me.clone();
        current::enter(me)
    }

    /// Queues a frame for the attached socket, after the patches of the event being handled
    /// (if any); dropped when no socket is attached or the queue is full.
    pub(crate) fn push_frame(self: &Arc<Self>, frame: Vec<u8>) {
        let me = Arc::downgrade(self);
        defer::send_or_hold(move || {
            if let Some(session) = me.upgrade() {
                session.push_event(Bytes::from(frame));
            }
        });
    }

    fn lock_state(&self) -> MutexGuard<'_, SessionState<C>> {
        lock(&self.state)
    }

    /// Queues a PATCHES frame of `parts` with the next sequence number. Called with the session's
    /// lock held (`state`), so sequence numbers and queue order agree.
    ///
    /// `reply` marks the frame as the answer to the client's own event (a REPLY frame), which
    /// comes back [`Sent::Direct`] when the queue is empty.
    fn push_patches(
        &self,
        state: &mut SessionState<C>,
        parts: &[&EncodedOps],
        reply: bool,
    ) -> Sent {
        if parts.iter().all(|part| part.is_empty()) {
            return Sent::Nothing;
        }
        if !self.attached.load(Ordering::Acquire) {
            state.stale = true;
            return Sent::Nothing;
        }
        if self.resync.load(Ordering::Acquire) {
            // A RESYNC is already owed; it will carry this change too.
            return Sent::Nothing;
        }
        state.seq += 1;
        if !reply {
            return self.queue_patches(server::patches(state.seq, parts));
        }
        let frame = server::reply(state.seq, parts);
        if self.queue_is_empty() {
            Sent::Direct(frame)
        } else {
            self.queue_patches(frame)
        }
    }

    fn queue_patches(&self, frame: Vec<u8>) -> Sent {
        match self.enqueue(QueuedFrame::Patches(frame)) {
            Ok(()) => Sent::Queued,
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.resync.store(true, Ordering::Release);
                self.dropped.fetch_add(1, Ordering::Relaxed);
                tracing::debug!(parent: &self.span, "queue full: dropping patches, RESYNC owed");
                Sent::Nothing
            }
            Err(mpsc::error::TrySendError::Closed(_)) => Sent::Nothing,
        }
    }

    /// Runs the handler the event is bound to, then the store listeners for that handler, and
    /// queues the resulting patches for this session and, for shared fields, every other one.
    ///
    /// A listener is given the value itself, so what it writes cannot be known field by field:
    /// once a listener of this session ran, every per-session field counts as written, and once
    /// a shared listener ran, every shared field.
    fn handle_event(&self, event: &Event, reply: bool) -> Result<EventReport, EventFailure> {
        let mut works = Vec::new();
        let outcome = self.handle_locked(event, reply, &mut works);
        // The work the handler started runs with the locks released.
        self.spawn_work(works);
        outcome
    }

    /// Whether `event` may write the `shared:` value, so that, on several nodes, it must run
    /// under the value's lease: its binding writes a shared field, or a shared listener runs
    /// after its handler. An event the page's markup does not list (a child's, an item's) is
    /// counted as one.
    pub(crate) fn may_write_shared(&self, event: &Event) -> bool {
        if event.hid.0 >= LAYOUT_BASE {
            return false;
        }
        match C::META.binding(event.hid, event.kind) {
            Some(binding) => {
                !binding.writes.intersection(C::META.shared).is_empty()
                    || self.hub.listens_to(binding.handler)
            }
            None => true,
        }
    }

    /// [`handle_event`](Self::handle_event) under the locks; the work started goes in `works`.
    fn handle_locked(
        &self,
        event: &Event,
        reply: bool,
        works: &mut Vec<Work<C>>,
    ) -> Result<EventReport, EventFailure> {
        let deferral = Deferral::begin();
        let mut later = None;
        let outcome = {
            let mut shared = self.hub.lock_shared();
            let mut state = self.lock_state();
            let state = &mut *state;
            let _current = self.enter();
            catch_unwind(AssertUnwindSafe(|| {
                if event.hid.0 >= LAYOUT_BASE
                    && let Some(layout) = &mut state.layout
                {
                    // The layout's own event: its patch goes out in this page's frames.
                    let handled = layout.handle(event)?;
                    let mut ops = Vec::new();
                    layout.patch(&mut ops);
                    let own = EncodedOps::new(&ops);
                    let reply = self.push_patches(state, &[&own], reply);
                    return Ok(EventReport {
                        handler: handled.handler,
                        patches: own.len(),
                        reply,
                    });
                }
                let handled = state.component.handle(&mut shared, event)?;
                let mut dirty = handled.dirty;
                for (listener, writes) in self.listeners_for(handled.handler) {
                    listener(&mut state.component, event);
                    dirty.insert(writes);
                }
                for listener in self.hub.listeners_for(handled.handler) {
                    listener(&mut shared, event);
                    dirty.insert(C::META.shared);
                }
                let dirty = dirty
                    .union(state.component.take_dirty())
                    .union(shared.take_dirty());
                let (patches, reply) = self.publish(&shared, state, dirty, reply, &mut later);
                *works = work::take(&mut state.component);
                Ok(EventReport {
                    handler: handled.handler,
                    patches,
                    reply,
                })
            }))
        };
        // The other sessions' frames, with the locks released; broadcasts follow them.
        self.hub.run_fan_out(later);
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

    /// Applies a change made through the store; queues one frame for it. The change is given
    /// the component itself, so every per-session field counts as written: each spot that reads
    /// one is patched, whether the change used the setters or wrote a field directly.
    pub(crate) fn apply(&self, change: impl FnOnce(&mut C)) -> bool {
        self.change(C::META.state_fields(), change)
    }

    /// Runs `change` under the locks, counting `dirty` as written, and queues the frame for
    /// it; `false` (logged) when `change` panicked.
    pub(crate) fn change(&self, dirty: FieldSet, change: impl FnOnce(&mut C)) -> bool {
        match self.change_locked(dirty, change) {
            Ok(()) => true,
            Err(payload) => {
                tracing::error!(
                    parent: &self.span,
                    panic = %panic_message(&*payload),
                    "a store change panicked"
                );
                false
            }
        }
    }

    /// Runs `f` on the component under the session's lock, with nothing patched.
    pub(crate) fn with_component<R>(&self, f: impl FnOnce(&mut C) -> R) -> R {
        f(&mut self.lock_state().component)
    }

    /// Runs `works` on tasks that stop with this session, each delivering its change to
    /// [`apply_work`](Self::apply_work). Called with no lock held.
    fn spawn_work(&self, works: Vec<Work<C>>) {
        if works.is_empty() {
            return;
        }
        let me = self.me.clone();
        let deliver: work::Deliver<C> = Arc::new(move |field, apply| {
            if let Some(session) = me.upgrade() {
                session.apply_work(field, apply);
            }
        });
        let _entered = self.span.enter();
        work::spawn(
            works,
            &self.running,
            &self.stop.listener(),
            &self.hub.shutdown,
            &deliver,
        );
    }

    /// Applies the result of async work on `field` (or its failure): one more change of the
    /// session, patching the spots that read the field (and any other field it wrote).
    pub(crate) fn apply_work(&self, field: FieldSet, apply: Apply<C>) {
        let _entered = self.span.enter();
        if self.stop.is_stopped() {
            return;
        }
        if let Err(payload) = self.change_locked(field, apply) {
            tracing::error!(
                panic = %panic_message(&*payload),
                "applying async work's result panicked"
            );
        }
    }

    /// Runs `change` under the locks and queues the frame for the fields it wrote, with `dirty`
    /// counted as written; then runs the work it started with the locks released.
    fn change_locked(
        &self,
        dirty: FieldSet,
        change: impl FnOnce(&mut C),
    ) -> Result<(), Box<dyn std::any::Any + Send>> {
        let mut works = Vec::new();
        let mut later = None;
        let outcome = {
            let shared = self.hub.lock_shared();
            let mut state = self.lock_state();
            let state = &mut *state;
            let _current = self.enter();
            catch_unwind(AssertUnwindSafe(|| {
                change(&mut state.component);
                let dirty = dirty.union(state.component.take_dirty());
                self.publish(&shared, state, dirty, false, &mut later);
                works = work::take(&mut state.component);
            }))
        };
        self.hub.run_fan_out(later);
        self.spawn_work(works);
        outcome
    }

    /// Queues this session's frame for a change of `dirty` fields, then sends the shared part of
    /// the change to every other session. The caller holds the shared lock and this session's.
    /// Returns the number of patch operations this session was sent.
    ///
    /// `reply` when the change answers the client's own event; returns the number of patch
    /// operations this session was sent and where its frame went.
    fn publish(
        &self,
        shared: &C::Shared,
        state: &mut SessionState<C>,
        dirty: FieldSet,
        reply: bool,
        later: &mut Option<FanOut<C>>,
    ) -> (usize, Sent) {
        let shared_dirty = dirty.intersection(C::META.shared);
        let mut ops = patch::scratch();
        if !shared_dirty.is_empty() {
            state
                .component
                .patch(shared, shared_dirty, PatchScope::SharedOnly, &mut ops);
            self.hub.stage(shared);
        }
        let shared_ops = EncodedOps::new(&ops);
        ops.clear();
        state
            .component
            .patch(shared, dirty, PatchScope::SessionOnly, &mut ops);
        title_patch(state, &mut ops);
        let (queued, own) = EncodedOps::scratch(&ops, |own| {
            (
                self.push_patches(state, &[&shared_ops, own], reply),
                own.len(),
            )
        });
        patch::give_back(ops);
        let sent = shared_ops.len() + own;
        *later = self
            .hub
            .fan_out(shared, shared_dirty, Some(shared_ops), Some(self.id));
        (sent, queued)
    }

    /// Puts `layout` around the page: its next render shows it.
    pub(crate) fn set_layout(&self, layout: Box<dyn LayoutSlot>) {
        self.lock_state().layout = Some(layout);
    }

    /// Reads the component's state under the session's lock.
    pub(crate) fn read<R>(&self, read: impl FnOnce(&C) -> R) -> R {
        read(&self.lock_state().component)
    }

    /// Renders the page's HTML and its head. No socket has seen this session yet, so numbering
    /// starts over. Work that the mount hook or `init` started begins now, with the locks
    /// released.
    pub(crate) fn render_page(&self) -> (String, Option<Head>) {
        let (html, head, works) = {
            let shared = self.hub.lock_shared();
            let mut state = self.lock_state();
            state.seq = 0;
            state.stale = false;
            state.component.take_dirty();
            let head = state.component.head();
            state.title = head.as_ref().and_then(|head| head.title.clone());
            let html = state.render(&shared);
            // After the render, which creates the children of list items (and their mounts).
            let works = work::take(&mut state.component);
            (html, head, works)
        };
        self.spawn_work(works);
        (html, head)
    }

    /// Adds a store listener; `dirty` are the fields counted as written when it runs.
    pub(crate) fn add_listener(&self, listener: Listener<C>, dirty: FieldSet) {
        self.listeners.push((listener, dirty));
    }

    fn listeners_for(&self, handler: &str) -> Vec<(ListenerFn<C>, FieldSet)> {
        self.listeners.pick(|(listener, dirty)| {
            (listener.handler == handler).then(|| (listener.run.clone(), *dirty))
        })
    }
}
