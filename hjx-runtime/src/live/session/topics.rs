//! A session's side of topics: its subscriptions, the inbox their messages wait in, and the
//! task that applies each message as one more change of the session.

use std::sync::{Arc, Weak};

use crate::live::defer::Deferral;
use crate::live::hub::Member;
use crate::live::session::{Receiver, Session};
use crate::live::sync::{lock, panic_message};
use crate::live::topics::{Inbox, Message, ReceiverFn};
use crate::model::component::Component;
use crate::model::field_set::FieldSet;

impl<C: Component> Session<C> {
    /// Subscribes the session to `topic`, with `receiver` to run for its messages (none: the
    /// page alone gets them, as EVENT frames), counting every per-session field as written. The first subscription starts the task that
    /// drains the session's inbox; it stops with the session. Returns `false` outside a Tokio
    /// runtime, where no task can run.
    pub(crate) fn subscribe(
        self: &Arc<Self>,
        topic: &str,
        receiver: Option<ReceiverFn<C>>,
    ) -> bool {
        self.subscribe_writing(topic, receiver, C::META.state_fields())
    }

    /// As [`subscribe`](Self::subscribe), with `dirty` the fields the receiver counts as
    /// written (a child's instance, for a child's receiver).
    pub(crate) fn subscribe_writing(
        self: &Arc<Self>,
        topic: &str,
        receiver: Option<ReceiverFn<C>>,
        dirty: FieldSet,
    ) -> bool {
        let Some(inbox) = self.ensure_inbox() else {
            tracing::warn!(parent: &self.span, topic, "no runtime: topic not subscribed");
            return false;
        };
        if let Some(run) = receiver {
            lock(&self.receivers).push(Receiver {
                topic: topic.to_owned(),
                run,
                dirty,
            });
        }
        self.hub.topics.subscribe(topic, inbox);
        true
    }

    /// The inbox of a message sent to this session alone (its topic `session:<id>`): started,
    /// with its task, by the first such message, so a session no one writes to holds neither.
    /// `None` once the session has ended.
    pub(crate) fn own_inbox(&self) -> Option<Inbox> {
        let session = self.me.upgrade()?;
        if session.stop.is_stopped() {
            return None;
        }
        session.ensure_inbox()
    }

    /// The session's inbox, started (with the task that drains it) if it has none yet; `None`
    /// outside a Tokio runtime, where no task can run.
    fn ensure_inbox(self: &Arc<Self>) -> Option<Inbox> {
        if let Some(inbox) = self.inbox.get() {
            return Some(inbox.clone());
        }
        let runtime = tokio::runtime::Handle::try_current().ok()?;
        Some(
            self.inbox
                .get_or_init(|| self.start_inbox(&runtime))
                .clone(),
        )
    }

    fn start_inbox(self: &Arc<Self>, runtime: &tokio::runtime::Handle) -> Inbox {
        let (inbox, mut messages) = Inbox::new(self.id, self.capacity);
        let session: Weak<Session<C>> = Arc::downgrade(self);
        let mut stop = self.stop.listener();
        let mut shutdown = self.hub.shutdown.clone();
        runtime.spawn(async move {
            loop {
                let message = tokio::select! {
                    () = stop.stopped() => break,
                    () = shutdown.stopped() => break,
                    message = messages.recv() => message,
                };
                let (Some(message), Some(session)) = (message, session.upgrade()) else {
                    break;
                };
                session.receive(&message);
            }
        });
        inbox
    }

    /// Runs the receivers of the message's topic as one event of this session, queues its
    /// patches, then the message's EVENT frame for the page. A receiver is given the component
    /// itself, so once one ran every per-session field counts as written.
    fn receive(&self, message: &Message) {
        let mut dirty = FieldSet::EMPTY;
        let runs: Vec<ReceiverFn<C>> = lock(&self.receivers)
            .iter()
            .filter(|receiver| receiver.topic == message.topic())
            .map(|receiver| {
                dirty.insert(receiver.dirty);
                receiver.run.clone()
            })
            .collect();
        let deferral = Deferral::begin();
        // Work a receiver starts on a `Load` field runs once the locks are released.
        let outcome = self.change_locked(dirty, |component| {
            for run in &runs {
                run(component, message);
            }
        });
        match outcome {
            Ok(()) => {
                // After the message's patches, so page listeners see the DOM it produced.
                self.push_event(message.frame().clone());
                deferral.release();
                tracing::trace!(parent: &self.span, topic = message.topic(), "topic message");
            }
            Err(payload) => tracing::error!(
                parent: &self.span,
                topic = message.topic(),
                panic = %panic_message(&*payload),
                "a topic receiver panicked"
            ),
        }
    }
}
