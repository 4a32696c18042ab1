//! The face of a session that the serving layer sees, whatever its component: what the
//! registry keeps and what a connection drives.

use std::any::TypeId;
use std::sync::atomic::Ordering;
use std::time::Instant;

use tokio::sync::watch;

use crate::live::cluster::{BoxFuture, Finish};
use crate::live::live_component::LiveComponent;
use crate::live::saved::{SavedLayout, SavedSession};
use crate::live::session::{
    EventFailure, EventReport, QueueReceiver, QueuedFrame, Session, SessionStats,
};
use crate::live::session_id::SessionId;
use crate::live::stop::StopListener;
use crate::live::topics::Inbox;
use crate::model::event::Event;
use crate::model::layout::LayoutSlot;
use crate::model::patch::HydrationId;
use crate::model::query::Query;
use crate::model::upload::UploadLimits;
use crate::protocol::server;

/// A session of any component, as the serving layer sees it: what the registry keeps and what a
/// connection drives. Every method takes the session's own locks; none is held on return.
pub(crate) trait AnySession: Send + Sync {
    /// The session's ID.
    fn id(&self) -> SessionId;

    /// The session's trace span, the parent of its events' spans.
    fn span(&self) -> &tracing::Span;

    /// The receiving end of the frame queue. A socket holds its lock while attached, so a newer
    /// socket of the same session waits for the older one to let go.
    fn queue_receiver(&self) -> &tokio::sync::Mutex<QueueReceiver>;

    /// Announces a newly attaching socket: an older one sees its generation change and steps
    /// aside. Returns the new socket's view of the generation.
    fn take_over(&self) -> watch::Receiver<u64>;

    /// Resolves once the session has ended.
    fn ended(&self) -> StopListener;

    /// Whether a socket ever attached to the session: a page that never connected is the
    /// cheapest to drop.
    fn ever_attached(&self) -> bool;

    /// Runs the handler the event is bound to and queues the resulting patches.
    fn dispatch(&self, event: &Event) -> Result<EventReport, EventFailure>;

    /// When the app runs on several nodes and `event` may write the `shared:` value: the lease
    /// to take before [`dispatch`](Self::dispatch) and end after it. `None` otherwise.
    fn lease(&self, event: &Event) -> Option<BoxFuture<Option<Box<dyn Finish>>>>;

    /// As [`dispatch`](Self::dispatch), for an event the server made (a finished upload): its
    /// patches are not the answer to one of the page's events.
    fn dispatch_server(&self, event: &Event) -> Result<EventReport, EventFailure>;

    /// The page's HTML as a fresh render of its current state (the layout's too).
    fn render_now(&self) -> String;

    /// How many runs of async work have not yet delivered their change.
    #[cfg_attr(not(feature = "harness"), allow(dead_code))]
    fn work_pending(&self) -> usize;

    /// The component type of the layout around the page, if it has one.
    fn layout_type(&self) -> Option<TypeId>;

    /// Takes the layout around the page, to move it to the page navigated to.
    fn take_layout(&self) -> Option<Box<dyn LayoutSlot>>;

    /// Puts a layout taken with [`take_layout`](Self::take_layout) back.
    fn put_layout(&self, layout: Box<dyn LayoutSlot>);

    /// What the file input `hid` accepts, when the component binds it with `on upload`.
    fn upload_limits(&self, hid: HydrationId) -> Option<UploadLimits>;

    /// Marks a socket attached after a valid HELLO; returns the frames that answer it: READY,
    /// and a RESYNC when the client missed something.
    fn hello(&self, last_seq: u64, receiver: &mut QueueReceiver) -> Vec<Vec<u8>>;

    /// Whether a RESYNC is owed; if so, drains the queue and returns the RESYNC frame followed by
    /// the broadcast events that were waiting.
    fn take_resync(&self, receiver: &mut QueueReceiver) -> Option<Vec<Vec<u8>>>;

    /// Marks the socket gone; the grace period starts.
    fn detach(&self);

    /// Since when no socket has been attached; `None` while one is.
    fn idle_since(&self) -> Option<Instant>;

    /// What the session reports about its socket and queue.
    fn stats(&self) -> SessionStats;

    /// Ends the session: leaves the hub and stops the tasks its `init` started.
    fn end(&self);

    /// Tells the component that its page's query is now `query`, when it has a `params` hook,
    /// and queues `then` (the frame that moves the page's URL) after the patches; `false` when
    /// it has none, and the page must be mounted anew.
    fn change_query(&self, query: &str, then: Vec<u8>) -> bool;

    /// Where a message sent to this session alone goes, started by the first one; `None` once
    /// it has ended.
    fn inbox(&self) -> Option<Inbox>;

    /// A frame of `bytes` was taken from the queue: it no longer counts against its bound.
    fn dequeued(&self, bytes: usize);

    /// The session as a snapshot keeps it; `None` when its component cannot be saved.
    fn save(&self) -> Option<SavedSession>;

    /// Has the next HELLO answered with a RESYNC: the session was restored from a snapshot,
    /// and what the page shows may come from another build.
    fn mark_stale(&self);
}

impl<C: LiveComponent> AnySession for Session<C> {
    fn id(&self) -> SessionId {
        self.id
    }

    fn span(&self) -> &tracing::Span {
        &self.span
    }

    fn queue_receiver(&self) -> &tokio::sync::Mutex<QueueReceiver> {
        &self.queue_receiver
    }

    fn take_over(&self) -> watch::Receiver<u64> {
        self.generation.send_modify(|generation| *generation += 1);
        self.generation.subscribe()
    }

    fn ever_attached(&self) -> bool {
        *self.generation.borrow() > 0
    }

    fn ended(&self) -> StopListener {
        self.stop.listener()
    }

    fn dispatch(&self, event: &Event) -> Result<EventReport, EventFailure> {
        self.handle_event(event, true)
    }

    fn dispatch_server(&self, event: &Event) -> Result<EventReport, EventFailure> {
        self.handle_event(event, false)
    }

    fn lease(&self, event: &Event) -> Option<BoxFuture<Option<Box<dyn Finish>>>> {
        self.hub.link.get()?;
        if !self.may_write_shared(event) {
            return None;
        }
        let hub = self.hub.clone();
        Some(Box::pin(async move {
            let lease = hub.lease().await?;
            Some(Box::new(lease) as Box<dyn Finish>)
        }))
    }

    fn render_now(&self) -> String {
        let shared = self.hub.lock_shared();
        self.lock_state().render(&shared)
    }

    fn work_pending(&self) -> usize {
        self.running.pending()
    }

    fn layout_type(&self) -> Option<TypeId> {
        self.lock_state()
            .layout
            .as_ref()
            .map(|layout| layout.component())
    }

    fn take_layout(&self) -> Option<Box<dyn LayoutSlot>> {
        self.lock_state().layout.take()
    }

    fn put_layout(&self, layout: Box<dyn LayoutSlot>) {
        self.set_layout(layout);
    }

    fn upload_limits(&self, hid: HydrationId) -> Option<UploadLimits> {
        self.with_component(|component| component.upload_limits(hid))
    }

    fn hello(&self, last_seq: u64, receiver: &mut QueueReceiver) -> Vec<Vec<u8>> {
        let shared = self.hub.lock_shared();
        let mut state = self.lock_state();
        let mut missed = state.stale || last_seq != state.seq;
        while let Ok(frame) = receiver.try_recv() {
            self.dequeued(frame.len());
            missed |= matches!(frame, QueuedFrame::Patches(_));
        }
        missed |= self.resync.swap(false, Ordering::AcqRel);
        self.attached.store(true, Ordering::Release);
        state.stale = false;
        state.idle_since = None;
        let mut frames = vec![server::ready(state.seq)];
        if missed {
            state.seq += 1;
            let html = state.render(&shared);
            frames.push(server::resync(state.seq, &html));
        }
        frames
    }

    fn take_resync(&self, receiver: &mut QueueReceiver) -> Option<Vec<Vec<u8>>> {
        if !self.resync.load(Ordering::Acquire) {
            return None;
        }
        let shared = self.hub.lock_shared();
        let mut state = self.lock_state();
        let mut events = Vec::new();
        while let Ok(frame) = receiver.try_recv() {
            self.dequeued(frame.len());
            if let QueuedFrame::Event(bytes) = frame {
                events.push(bytes.to_vec());
            }
        }
        self.resync.store(false, Ordering::Release);
        state.seq += 1;
        let html = state.render(&shared);
        let mut frames = vec![server::resync(state.seq, &html)];
        frames.extend(events);
        Some(frames)
    }

    fn detach(&self) {
        let mut state = self.lock_state();
        self.attached.store(false, Ordering::Release);
        state.idle_since = Some(Instant::now());
    }

    fn idle_since(&self) -> Option<Instant> {
        self.lock_state().idle_since
    }

    fn stats(&self) -> SessionStats {
        let seq = self.lock_state().seq;
        SessionStats {
            queued: self.capacity - self.queue.capacity(),
            capacity: self.capacity,
            dropped: self.dropped.load(Ordering::Relaxed),
            resync_pending: self.resync.load(Ordering::Acquire),
            attached: self.attached.load(Ordering::Acquire),
            seq,
        }
    }

    fn inbox(&self) -> Option<Inbox> {
        self.own_inbox()
    }

    fn change_query(&self, query: &str, then: Vec<u8>) -> bool {
        if !C::PARAMS {
            return false;
        }
        self.set_url(&format!("?{query}"));
        let query = Query::new(query);
        let changed = self.change(C::META.state_fields(), |component| {
            component.query_changed(&query);
        });
        if let (true, Some(me)) = (changed, self.me.upgrade()) {
            me.push_frame(then);
        }
        changed
    }

    fn save(&self) -> Option<SavedSession> {
        let mut state = Vec::new();
        let session = self.lock_state();
        if !session.component.save(&mut state) {
            return None;
        }
        let layout = session
            .layout
            .as_ref()
            .and_then(|layout| layout.save())
            .map(|(shape, state)| SavedLayout { shape, state });
        drop(session);
        Some(SavedSession {
            id: self.id.to_string(),
            url: self.url(),
            component: C::META.name.to_owned(),
            shape: C::SHAPE,
            state,
            layout,
            saved_at: crate::live::saved::unix_now(),
        })
    }

    fn dequeued(&self, bytes: usize) {
        Session::dequeued(self, bytes);
    }

    fn mark_stale(&self) {
        self.lock_state().stale = true;
    }

    fn end(&self) {
        self.hub.remove(self.id);
        self.hub.topics.unsubscribe_all(self.id);
        self.stop.stop();
        self.running.abort_all();
    }
}
