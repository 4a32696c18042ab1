//! Topics: publish/subscribe by key (`item:5`), beside `shared:`.
//!
//! A session subscribes to a topic with [`Store::subscribe`](crate::Store::subscribe), giving the
//! receiver that applies a message to its state. A message published to the topic — from a
//! handler, a store, a task, or app code through [`Topics`] — reaches only the sessions
//! subscribed to it: each one runs its receivers as one more event of its own (under its own
//! lock, on its own task, never the publisher's), its written spots are patched, and its page
//! gets an EVENT frame `[1, topic, message]` for `hjx:<topic>` listeners. Every session also has
//! its own topic, [`session_topic`], by which [`Topics::send_to`] reaches it alone: such a
//! message goes straight to the session, found among the app's, so no session holds a
//! subscription for it (its inbox and task start with the first message it is sent).
//!
//! Publishing never waits on a subscriber: each has a bounded inbox, and a message that finds it
//! full is dropped for that subscriber (and logged). A session leaves every topic when it ends.
//!
//! The routing sits behind [`TopicBus`]: [`Topics::in_memory`] serves the sessions of one
//! node. On several nodes ([`Live::redis`](crate::Live)), a message is also sent to the others
//! in its MessagePack encoding ([`Message::data`]); each delivers it to its own subscribers,
//! whose receivers decode it into their type.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc;

use crate::live::cluster::Cluster;
use crate::live::session_id::SessionId;
use crate::live::sync::lock;
use crate::protocol::server;

/// One published message: its topic, its typed value (when published on this node), and its
/// encodings.
#[derive(Clone)]
pub struct Message {
    topic: Arc<str>,
    value: Option<Arc<dyn Any + Send + Sync>>,
    data: Bytes,
    frame: Bytes,
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("topic", &self.topic)
            .field("bytes", &self.data.len())
            .finish_non_exhaustive()
    }
}

impl Message {
    /// A message on `topic`; `None` when `value` cannot be encoded as MessagePack.
    pub fn new<T: Serialize + Send + Sync + 'static>(topic: &str, value: T) -> Option<Message> {
        let data = match rmp_serde::to_vec_named(&value) {
            Ok(data) => data,
            Err(error) => {
                tracing::warn!(topic, %error, "topic message cannot be encoded");
                return None;
            }
        };
        let frame = Bytes::from(server::event(topic, Some(&data)));
        Some(Message {
            topic: topic.into(),
            value: Some(Arc::new(value)),
            data: Bytes::from(data),
            frame,
        })
    }

    /// A message another node published: its encoding alone.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) fn from_elsewhere(topic: &str, data: Bytes) -> Message {
        let frame = Bytes::from(server::event(topic, Some(&data)));
        Message {
            topic: topic.into(),
            value: None,
            data,
            frame,
        }
    }

    /// The topic it was published to.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// The value, when it is a `T` published on this node.
    pub fn value<T: 'static>(&self) -> Option<&T> {
        self.value.as_ref()?.downcast_ref()
    }

    /// Whether another node published it: its value is then only in its encoding.
    pub fn is_from_elsewhere(&self) -> bool {
        self.value.is_none()
    }

    /// The value encoded as MessagePack (what a bus across nodes would carry).
    pub fn data(&self) -> &Bytes {
        &self.data
    }

    /// The EVENT frame sent to each subscribed page.
    pub(crate) fn frame(&self) -> &Bytes {
        &self.frame
    }
}

/// Where a session receives its messages: a bounded queue drained by a task of the session.
#[derive(Clone)]
pub struct Inbox {
    session: SessionId,
    queue: mpsc::Sender<Message>,
}

impl fmt::Debug for Inbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inbox")
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

/// Finds the inbox of a session of this node by its ID, starting it if need be: how a message
/// sent to one session (its topic `session:<id>`) reaches it with no subscription held.
pub(crate) type Directory = Arc<dyn Fn(SessionId) -> Option<Inbox> + Send + Sync>;

impl Inbox {
    /// An inbox for `session` and the receiving end its task drains.
    pub(crate) fn new(session: SessionId, capacity: usize) -> (Inbox, mpsc::Receiver<Message>) {
        let (queue, receiver) = mpsc::channel(capacity.max(1));
        (Inbox { session, queue }, receiver)
    }

    /// The session it belongs to.
    pub fn session(&self) -> SessionId {
        self.session
    }

    /// Queues `message` without waiting; `false` when the inbox is full or its session is gone.
    pub fn deliver(&self, message: Message) -> bool {
        match self.queue.try_send(message) {
            Ok(()) => true,
            Err(error) => {
                tracing::debug!(sid = %self.session, %error, "topic message not delivered");
                false
            }
        }
    }
}

/// Routes published messages to subscribed inboxes. [`InMemoryBus`] serves one node; a bus
/// across nodes (Redis pub/sub) implements the same four calls.
pub trait TopicBus: Send + Sync + 'static {
    /// Subscribes `inbox` (its session) to `topic`; subscribing twice is one subscription.
    fn subscribe(&self, topic: &str, inbox: Inbox);

    /// Removes every subscription of `session`.
    fn unsubscribe_all(&self, session: SessionId);

    /// Delivers `message` to every inbox subscribed to its topic, without waiting on any.
    /// Returns how many took it.
    fn publish(&self, message: Message) -> usize;

    /// The number of (topic, session) subscriptions held.
    fn subscriptions(&self) -> usize;
}

/// The bus of one node: subscriptions in a map, behind one short lock never held while
/// delivering.
#[derive(Default)]
pub struct InMemoryBus {
    routes: Mutex<Routes>,
}

impl fmt::Debug for InMemoryBus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InMemoryBus")
            .field("subscriptions", &self.subscriptions())
            .finish()
    }
}

#[derive(Default)]
struct Routes {
    by_topic: HashMap<String, HashMap<SessionId, Inbox>>,
    by_session: HashMap<SessionId, HashSet<String>>,
}

impl TopicBus for InMemoryBus {
    fn subscribe(&self, topic: &str, inbox: Inbox) {
        let mut routes = lock(&self.routes);
        routes
            .by_session
            .entry(inbox.session)
            .or_default()
            .insert(topic.to_owned());
        routes
            .by_topic
            .entry(topic.to_owned())
            .or_default()
            .insert(inbox.session, inbox);
    }

    fn unsubscribe_all(&self, session: SessionId) {
        let mut routes = lock(&self.routes);
        for topic in routes.by_session.remove(&session).unwrap_or_default() {
            if let Some(inboxes) = routes.by_topic.get_mut(&topic) {
                inboxes.remove(&session);
                if inboxes.is_empty() {
                    routes.by_topic.remove(&topic);
                }
            }
        }
    }

    fn publish(&self, message: Message) -> usize {
        let inboxes: Vec<Inbox> = lock(&self.routes)
            .by_topic
            .get(message.topic())
            .map(|inboxes| inboxes.values().cloned().collect())
            .unwrap_or_default();
        inboxes
            .iter()
            .filter(|inbox| inbox.deliver(message.clone()))
            .count()
    }

    fn subscriptions(&self) -> usize {
        lock(&self.routes)
            .by_session
            .values()
            .map(HashSet::len)
            .sum()
    }
}

/// The topics of one app: a cheap handle to publish from anywhere (a handler's store, a task,
/// app code holding [`LiveHandle::topics`](crate::LiveHandle::topics)).
#[derive(Clone)]
pub struct Topics {
    bus: Arc<dyn TopicBus>,
    /// The sessions of this node, for messages sent to one of them; set once by the app.
    directory: Arc<OnceLock<Directory>>,
    /// The other nodes, when the app runs on several; set once by the app.
    cluster: Arc<OnceLock<Arc<dyn Cluster>>>,
}

impl fmt::Debug for Topics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Topics")
            .field("subscriptions", &self.subscriptions())
            .finish()
    }
}

impl Default for Topics {
    fn default() -> Topics {
        Topics::in_memory()
    }
}

impl Topics {
    /// Topics on one node, in memory.
    pub fn in_memory() -> Topics {
        Topics::with_bus(InMemoryBus::default())
    }

    /// Topics routed by `bus`.
    pub fn with_bus(bus: impl TopicBus) -> Topics {
        Topics {
            bus: Arc::new(bus),
            directory: Arc::new(OnceLock::new()),
            cluster: Arc::new(OnceLock::new()),
        }
    }

    /// Sends every message published here to the other nodes of `cluster` too. Set once.
    pub(crate) fn join(&self, cluster: Arc<dyn Cluster>) {
        let _ = self.cluster.set(cluster);
    }

    /// Gives the topics the sessions of this node: a message to `session:<id>` goes straight
    /// to that session's inbox, so no session holds a subscription to its own topic. Set once;
    /// a second call is ignored.
    pub(crate) fn set_directory(&self, directory: Directory) {
        let _ = self.directory.set(directory);
    }

    /// Publishes `message` to `topic`: every subscribed session runs its receivers for it and
    /// its page gets the EVENT frame. Returns how many sessions of this node took it (0 when it
    /// cannot be encoded); on several nodes, the others deliver it to theirs.
    pub fn publish<T: Serialize + Send + Sync + 'static>(&self, topic: &str, message: T) -> usize {
        Message::new(topic, message).map_or(0, |message| self.deliver(message))
    }

    /// Sends `message` to one session (on its topic [`session_topic`]); `false` when it is gone.
    pub fn send_to<T: Serialize + Send + Sync + 'static>(
        &self,
        session: SessionId,
        message: T,
    ) -> bool {
        self.publish(&session_topic(session), message) > 0
    }

    /// The number of (topic, session) subscriptions. A session's own topic is not one: it is
    /// reached through the app's sessions.
    pub fn subscriptions(&self) -> usize {
        self.bus.subscriptions()
    }

    /// Delivers an encoded message; how many sessions of this node took it. A message to a
    /// session of this node (`session:<id>`) goes to its inbox alone (where its receivers of
    /// that topic run); any other goes through the bus, and to the other nodes.
    pub(crate) fn deliver(&self, message: Message) -> usize {
        match self.own_session(&message) {
            Some(inbox) => usize::from(inbox.deliver(message)),
            None => {
                if let Some(cluster) = self.cluster.get() {
                    cluster.publish(message.topic(), message.data());
                }
                self.bus.publish(message)
            }
        }
    }

    /// Delivers a message another node published to this node's sessions alone.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) fn deliver_here(&self, message: Message) -> usize {
        match self.own_session(&message) {
            Some(inbox) => usize::from(inbox.deliver(message)),
            None => self.bus.publish(message),
        }
    }

    /// The inbox of the session of this node a message to `session:<id>` is for.
    fn own_session(&self, message: &Message) -> Option<Inbox> {
        message
            .topic()
            .strip_prefix(SESSION_TOPIC)
            .and_then(SessionId::parse)
            .and_then(|session| (self.directory.get()?)(session))
    }

    pub(crate) fn subscribe(&self, topic: &str, inbox: Inbox) {
        self.bus.subscribe(topic, inbox);
    }

    pub(crate) fn unsubscribe_all(&self, session: SessionId) {
        self.bus.unsubscribe_all(session);
    }
}

/// What a session runs for a message of a topic it subscribed to.
pub(crate) type ReceiverFn<C> = Arc<dyn Fn(&mut C, &Message) + Send + Sync>;

/// A receiver that runs `receive` for messages of type `T` (decoding those another node
/// published) and skips (with a warning) any other.
pub(crate) fn typed_receiver<C: 'static, T: DeserializeOwned + Send + Sync + 'static>(
    receive: impl Fn(&mut C, &T) + Send + Sync + 'static,
) -> ReceiverFn<C> {
    Arc::new(move |component: &mut C, message: &Message| {
        if let Some(value) = message.value::<T>() {
            return receive(component, value);
        }
        if message.is_from_elsewhere()
            && let Ok(value) = rmp_serde::from_slice::<T>(message.data())
        {
            return receive(component, &value);
        }
        tracing::warn!(
            topic = message.topic(),
            expected = std::any::type_name::<T>(),
            "topic message of another type: receiver skipped"
        );
    })
}

/// The topic every session is subscribed to, by which [`Topics::send_to`] reaches it alone:
/// `session:<id>`.
pub fn session_topic(session: SessionId) -> String {
    format!("{SESSION_TOPIC}{session}")
}

/// How the topic of one session begins.
const SESSION_TOPIC: &str = "session:";

#[cfg(test)]
mod tests {
    use super::*;

    fn sid(n: u8) -> SessionId {
        SessionId::parse(&format!("{n:032x}")).expect("32 hex digits")
    }

    #[test]
    fn a_message_reaches_only_its_topics_subscribers() {
        let topics = Topics::in_memory();
        let (a, mut a_rx) = Inbox::new(sid(1), 4);
        let (b, mut b_rx) = Inbox::new(sid(2), 4);
        let (c, mut c_rx) = Inbox::new(sid(3), 4);
        topics.subscribe("item:5", a.clone());
        topics.subscribe("item:5", a);
        topics.subscribe("item:5", b);
        topics.subscribe("item:6", c);
        assert_eq!(topics.subscriptions(), 3);
        assert_eq!(topics.publish("item:5", 7_u32), 2);
        let got = a_rx.try_recv().expect("a got it");
        assert_eq!(got.topic(), "item:5");
        assert_eq!(got.value::<u32>(), Some(&7));
        assert_eq!(got.value::<i64>(), None);
        assert_eq!(b_rx.try_recv().expect("b got it").value::<u32>(), Some(&7));
        assert!(c_rx.try_recv().is_err());
        assert_eq!(topics.publish("item:7", 1_u32), 0);
    }

    #[test]
    fn unsubscribing_a_session_leaves_nothing_behind() {
        let topics = Topics::in_memory();
        let (a, _a_rx) = Inbox::new(sid(1), 4);
        let (b, _b_rx) = Inbox::new(sid(2), 4);
        topics.subscribe("item:5", a.clone());
        topics.subscribe("item:6", a);
        topics.subscribe("item:5", b);
        topics.unsubscribe_all(sid(1));
        assert_eq!(topics.subscriptions(), 1);
        topics.unsubscribe_all(sid(2));
        assert_eq!(topics.subscriptions(), 0);
        assert_eq!(topics.publish("item:5", 1_u32), 0);
    }

    #[test]
    fn a_full_inbox_drops_the_message_without_waiting() {
        let topics = Topics::in_memory();
        let (a, mut a_rx) = Inbox::new(sid(1), 1);
        let (b, mut b_rx) = Inbox::new(sid(2), 4);
        topics.subscribe("t", a);
        topics.subscribe("t", b);
        assert_eq!(topics.publish("t", 1_u32), 2);
        assert_eq!(topics.publish("t", 2_u32), 1);
        assert_eq!(a_rx.try_recv().expect("first").value::<u32>(), Some(&1));
        assert!(a_rx.try_recv().is_err());
        assert_eq!(b_rx.try_recv().expect("first").value::<u32>(), Some(&1));
        assert_eq!(b_rx.try_recv().expect("second").value::<u32>(), Some(&2));
    }

    #[test]
    fn send_to_reaches_the_sessions_own_topic() {
        let topics = Topics::in_memory();
        let (a, mut a_rx) = Inbox::new(sid(1), 4);
        topics.subscribe(&session_topic(sid(1)), a);
        assert!(topics.send_to(sid(1), "hi"));
        assert!(!topics.send_to(sid(2), "hi"));
        let got = a_rx.try_recv().expect("delivered");
        assert_eq!(got.value::<&str>(), Some(&"hi"));
        assert!(!got.data().is_empty());
    }
}
