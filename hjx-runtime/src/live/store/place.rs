//! Where a [`Store`](super::Store) reaches its component: a page's session, or a child
//! component inside one.
//!
//! A child's `init(store: Store<Self>)` gets a store whose place is its instance in its page's
//! session: what it reads and writes is the child, its patches are the child's spots, its
//! frames go to the page, and its tasks stop with the page's session.

use std::sync::{Arc, Weak};

use axum::body::Bytes;

use crate::live::hub::{Listener, ListenerFn};
use crate::live::session::Session;
use crate::live::session_id::SessionId;
use crate::live::stop::StopListener;
use crate::live::topics::{ReceiverFn, Topics};
use crate::model::child::{Child, Instance};
use crate::model::component::Component;
use crate::model::field_set::FieldSet;

/// What a store does with its page's session, whatever component the page is.
pub(crate) trait PageOps: Send + Sync {
    fn id(&self) -> SessionId;
    fn is_stopped(&self) -> bool;
    fn push_frame(self: Arc<Self>, frame: Vec<u8>);
    /// Records the URL the page moves to, for a snapshot.
    fn set_url(&self, url: &str);
    fn topics(&self) -> Topics;
    /// The session's stop and the server's shutdown, for tasks to end with.
    fn stoppers(&self) -> (StopListener, StopListener);
    /// Sends `frame` to every client of the page's component.
    fn broadcast(&self, frame: Bytes);
}

impl<C: Component> PageOps for Session<C> {
    fn id(&self) -> SessionId {
        self.id
    }

    fn is_stopped(&self) -> bool {
        self.stop.is_stopped()
    }

    fn push_frame(self: Arc<Self>, frame: Vec<u8>) {
        Session::push_frame(&self, frame);
    }

    fn set_url(&self, url: &str) {
        Session::set_url(self, url);
    }

    fn topics(&self) -> Topics {
        self.hub.topics.clone()
    }

    fn stoppers(&self) -> (StopListener, StopListener) {
        (self.stop.listener(), self.hub.shutdown.clone())
    }

    fn broadcast(&self, frame: Bytes) {
        let hub = self.hub.clone();
        crate::live::defer::send_or_hold(move || hub.broadcast(frame));
    }
}

/// A child component `C` inside a page's session: what its store does through the page.
pub(crate) trait ChildPlace<C>: Send + Sync {
    fn page(&self) -> Option<Arc<dyn PageOps>>;
    /// Runs `f` on the child, under the session's lock, with no patch; `false` when the child
    /// or the session is gone.
    fn visit(&self, f: &mut dyn FnMut(&mut C)) -> bool;
    /// Changes the child, patching every spot of it; `false` when the child or the session is
    /// gone, or `change` panicked.
    fn change(&self, change: Box<dyn FnOnce(&mut C) + '_>) -> bool;
    fn subscribe(&self, topic: &str, receive: ReceiverFn<C>) -> bool;
    fn add_listener(&self, handler: &str, run: ListenerFn<C>);
}

/// How a child's instance is found in its page's component `P`.
pub(crate) type ReachFn<P, C> = Arc<dyn Fn(&mut P) -> Option<&mut Instance<C>> + Send + Sync>;

/// The child `C` that `reach` finds in the page `P` of `session`; `field` is the page's field
/// that holds it, whose spots its changes patch.
pub(crate) struct InPage<P: Component, C: Child> {
    pub(crate) session: Weak<Session<P>>,
    pub(crate) field: FieldSet,
    pub(crate) reach: ReachFn<P, C>,
}

impl<P: Component, C: Child> InPage<P, C> {
    fn live(&self) -> Option<Arc<Session<P>>> {
        self.session
            .upgrade()
            .filter(|session| !session.stop.is_stopped())
    }
}

impl<P: Component, C: Child> ChildPlace<C> for InPage<P, C> {
    fn page(&self) -> Option<Arc<dyn PageOps>> {
        let session: Arc<dyn PageOps> = self.session.upgrade()?;
        Some(session)
    }

    fn visit(&self, f: &mut dyn FnMut(&mut C)) -> bool {
        self.live().is_some_and(|session| {
            session.with_component(|page| match (self.reach)(page) {
                Some(instance) => {
                    f(instance.inner.get_mut());
                    true
                }
                None => false,
            })
        })
    }

    fn change(&self, change: Box<dyn FnOnce(&mut C) + '_>) -> bool {
        let Some(session) = self.live() else {
            return false;
        };
        let mut found = false;
        let changed = session.change(self.field, |page| {
            if let Some(instance) = (self.reach)(page) {
                change(instance.inner.get_mut());
                instance.touch(FieldSet::ALL);
                found = true;
            }
        });
        changed && found
    }

    fn subscribe(&self, topic: &str, receive: ReceiverFn<C>) -> bool {
        self.live().is_some_and(|session| {
            session.subscribe_writing(topic, Some(super::lift(&self.reach, receive)), self.field)
        })
    }

    fn add_listener(&self, handler: &str, run: ListenerFn<C>) {
        let run: ListenerFn<P> = super::lift(&self.reach, run);
        if let Some(session) = self.live() {
            session.add_listener(
                Listener {
                    handler: handler.to_owned(),
                    run,
                },
                self.field,
            );
        }
    }
}
