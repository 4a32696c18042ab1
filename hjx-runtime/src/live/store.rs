//! The store: how `script:` code reads and changes a live instance from outside a handler.
//!
//! A component's `init(store: Store<Self>)` runs once per session and `init_shared(store:
//! SharedStore<Self>)` once per component. Both stores can read and set values (each `set` sends
//! one PATCHES frame for every spot that reads one of the value's fields, whether the change
//! wrote them through the setters or directly), listen for a handler running
//! ([`Store::on`]), broadcast a named event to every client, and [`spawn`](Store::spawn) tasks
//! that stop when the instance goes away. A store holds only a weak reference, so keeping one in
//! a task does not keep its instance alive.
//!
//! Listeners run inside the event, under the instance's locks (a broadcast they make is sent
//! after the event's patches): change the value they are given rather than calling `set` or
//! `get`, which would wait on those same locks forever. Like `set`, a listener that ran counts
//! every field of its value as written.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Weak};

use axum::body::Bytes;
use serde::Serialize;

use crate::live::current;
use crate::live::defer;
use crate::live::hub::{Hub, Listener, ListenerFn};
use crate::live::session::Session;
use crate::live::session_id::SessionId;
use crate::live::stop::StopListener;
use crate::live::sync::lock;
use crate::live::topics::{Message, ReceiverFn, Topics, session_topic, typed_receiver};
use crate::model::child::Child;
use crate::model::component::Component;
use crate::model::event::Event;
use crate::model::field_set::FieldSet;
use crate::protocol::server;

mod place;

pub(crate) use place::ReachFn;
use place::{ChildPlace, InPage, PageOps};

/// A handle on one session's instance of `C`, given to the component's `init` (for a child
/// component, a handle on the child inside its page's session).
pub struct Store<C: Component> {
    place: Place<C>,
}

/// Where a store's component lives.
enum Place<C: Component> {
    /// The component a page mounted: the session's own.
    Page(Weak<Session<C>>),
    /// A child component inside a page's session.
    Child(Arc<dyn ChildPlace<C>>),
}

/// A handle on the shared value of `C`, given to the component's `init_shared`.
pub struct SharedStore<C: Component> {
    hub: Weak<Hub<C>>,
}

impl<C: Component> Clone for Store<C> {
    fn clone(&self) -> Self {
        Store {
            place: match &self.place {
                Place::Page(session) => Place::Page(session.clone()),
                Place::Child(child) => Place::Child(child.clone()),
            },
        }
    }
}

impl<C: Component> Clone for SharedStore<C> {
    fn clone(&self) -> Self {
        SharedStore {
            hub: self.hub.clone(),
        }
    }
}

impl<C: Component> fmt::Debug for Store<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("component", &C::META.name)
            .field("alive", &self.is_alive())
            .finish()
    }
}

impl<C: Component> fmt::Debug for SharedStore<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedStore")
            .field("component", &C::META.name)
            .field("alive", &self.is_alive())
            .finish()
    }
}

impl<C: Component> Store<C> {
    pub(crate) fn new(session: &Arc<Session<C>>) -> Store<C> {
        Store {
            place: Place::Page(Arc::downgrade(session)),
        }
    }

    /// The store of a child component inside this store's component: the child `reach` finds,
    /// held by the field `field`.
    pub(crate) fn child<D: Child>(&self, field: FieldSet, reach: ReachFn<C, D>) -> Store<D> {
        let place: Arc<dyn ChildPlace<D>> = match &self.place {
            Place::Page(session) => Arc::new(InPage {
                session: session.clone(),
                field,
                reach,
            }),
            Place::Child(parent) => Arc::new(InChild {
                parent: parent.clone(),
                reach,
            }),
        };
        Store {
            place: Place::Child(place),
        }
    }

    /// Runs `f` on the component under the session's lock, with nothing patched; `false` once
    /// it is gone.
    pub(crate) fn visit(&self, f: impl FnOnce(&mut C)) -> bool {
        match &self.place {
            Place::Page(session) => session.upgrade().is_some_and(|session| {
                session.with_component(f);
                true
            }),
            Place::Child(child) => {
                let mut f = Some(f);
                child.visit(&mut |component| {
                    if let Some(f) = f.take() {
                        f(component);
                    }
                })
            }
        }
    }

    /// The page's session, if it is still running.
    fn page(&self) -> Option<Arc<dyn PageOps>> {
        let page: Arc<dyn PageOps> = match &self.place {
            Place::Page(session) => session.upgrade()?,
            Place::Child(child) => child.page()?,
        };
        (!page.is_stopped()).then_some(page)
    }

    /// The store of the session of `C` whose event is being handled on this thread: inside a
    /// handler, a `script:` method it calls, a store listener, a topic receiver, or the
    /// application of async work's result. `None` elsewhere (a task, a mount hook, another
    /// component's handler, a child component's method: a child is part of its page's session,
    /// whose component is the page's).
    ///
    /// This is how a `script:` method reaches its session, for what a handler cannot write as
    /// state: take the store before starting work, move it into the future, and use it when
    /// the work is done (navigate to what was created, publish it, clear a draft):
    ///
    /// ```text
    /// fn create(&mut self, title: String) {
    ///     let (db, page) = (self.db.clone(), Store::<Self>::current());
    ///     self.saving.start(async move {
    ///         let id = db.insert(&title).await.map_err(|e| e.to_string())?;
    ///         if let Some(page) = page {
    ///             page.navigate(&format!("/items/{id}"));
    ///         }
    ///         Ok(id)
    ///     });
    /// }
    /// ```
    pub fn current() -> Option<Store<C>> {
        current::current::<Session<C>>().map(|session| Store::new(&session))
    }

    /// Sends the page to `url` (a path of this app or any URL), as a click on a link would,
    /// adding a history entry; the browser loads it. Inside an event it goes out after the
    /// event's patches. Returns `false` once the session has ended; a page with no socket
    /// attached at that moment does not get it.
    pub fn navigate(&self, url: &str) -> bool {
        self.go(url, false)
    }

    /// As [`navigate`](Store::navigate), but replacing the page's history entry (the way back
    /// skips the page redirected from).
    pub fn redirect(&self, url: &str) -> bool {
        self.go(url, true)
    }

    /// Moves the page's URL to `url` (a path of this page with another query: `?q=bug`)
    /// without opening it anew, adding a history entry: for state the handler has already
    /// set (a filter), so that a reload or a shared link shows the same. Back to the earlier
    /// URL runs the component's `params` hook, if it has one, or opens the page anew.
    pub fn push_url(&self, url: &str) -> bool {
        self.move_url(url, false)
    }

    /// As [`push_url`](Store::push_url), replacing the page's history entry (search as you
    /// type: one entry, not one per key).
    pub fn replace_url(&self, url: &str) -> bool {
        self.move_url(url, true)
    }

    fn move_url(&self, url: &str, replace: bool) -> bool {
        self.page().is_some_and(|page| {
            page.set_url(url);
            page.push_frame(server::url(url, replace));
            true
        })
    }

    fn go(&self, url: &str, replace: bool) -> bool {
        self.page().is_some_and(|page| {
            page.push_frame(server::navigate(url, replace));
            true
        })
    }

    /// Whether the session still exists.
    pub fn is_alive(&self) -> bool {
        self.page().is_some()
    }

    /// The session's ID (as in its page and socket URL); `None` once the session has ended.
    pub fn session_id(&self) -> Option<SessionId> {
        match &self.place {
            Place::Page(session) => session.upgrade().map(|session| session.id),
            Place::Child(child) => child.page().map(|page| page.id()),
        }
    }

    /// Reads the session's state; `None` once the session has ended.
    pub fn get<R>(&self, read: impl FnOnce(&C) -> R) -> Option<R> {
        match &self.place {
            Place::Page(session) => Some(session.upgrade()?.read(read)),
            Place::Child(child) => {
                let mut read = Some(read);
                let mut out = None;
                child.visit(&mut |component| {
                    out = read.take().map(|read| read(component));
                });
                out
            }
        }
    }

    /// Changes the session's state and sends the client one PATCHES frame for it. `change` may
    /// write fields directly (`|c| c.count = 5`) or through their setters: either way every spot
    /// that reads a per-session field is patched. Returns `false` once the session has ended (or
    /// when `change` panicked, which is logged).
    pub fn set(&self, change: impl FnOnce(&mut C)) -> bool {
        match &self.place {
            Place::Page(session) => session
                .upgrade()
                .is_some_and(|session| session.apply(change)),
            Place::Child(child) => child.change(Box::new(change)),
        }
    }

    /// Runs `listener` every time the handler named `handler` runs for this session, right
    /// after it, with the state it may change (every spot that reads a per-session field is then
    /// patched). A child's store names the handler alone, not the instance: its listener runs
    /// after a handler of that name in any component of the page.
    pub fn on(&self, handler: &str, listener: impl Fn(&mut C, &Event) + Send + Sync + 'static) {
        warn_unless_bound::<C>(handler);
        match &self.place {
            Place::Page(session) => {
                if let Some(session) = session.upgrade() {
                    session.add_listener(
                        Listener {
                            handler: handler.to_owned(),
                            run: Arc::new(listener),
                        },
                        C::META.state_fields(),
                    );
                }
            }
            Place::Child(child) => child.add_listener(handler, Arc::new(listener)),
        }
    }

    /// Sends an EVENT frame `[1, name, data]` to every connected client of the component (of
    /// the page, for a child's store); the browser dispatches `hjx:<name>` on `window`. Returns
    /// `false` if `data` cannot be encoded.
    pub fn broadcast<T: Serialize + ?Sized>(&self, name: &str, data: &T) -> bool {
        match self.page() {
            Some(page) => event_frame(name, data).is_some_and(|frame| {
                page.broadcast(Bytes::from(frame));
                true
            }),
            None => false,
        }
    }

    /// Sends an EVENT frame `[1, name, data]` to this session's page alone (the browser
    /// dispatches `hjx:<name>` on `window`, with `data` as the event's `detail`), after the
    /// patches of the event being handled. Returns `false` if `data` cannot be encoded or the
    /// session has ended; a page with no socket attached at that moment does not get it.
    pub fn push_event<T: Serialize + ?Sized>(&self, name: &str, data: &T) -> bool {
        let Some(page) = self.page() else {
            return false;
        };
        event_frame(name, data).is_some_and(|frame| {
            page.push_frame(frame);
            true
        })
    }

    /// Subscribes the session to `topic` (`item:5`): every message of type `T` published to it
    /// runs `receive` as one more event of this session, under its own lock (every spot that
    /// reads a per-session field is then patched), and reaches the page as an EVENT frame
    /// `[1, topic, message]` (`hjx:<topic>` on `window`). Call it from `init`, which runs once
    /// per session after the mount hook and before the first render. Returns `false` once the
    /// session has ended.
    pub fn subscribe<T: serde::de::DeserializeOwned + Send + Sync + 'static>(
        &self,
        topic: &str,
        receive: impl Fn(&mut C, &T) + Send + Sync + 'static,
    ) -> bool {
        match &self.place {
            Place::Page(session) => session
                .upgrade()
                .is_some_and(|session| session.subscribe(topic, Some(typed_receiver(receive)))),
            Place::Child(child) => child.subscribe(topic, typed_receiver(receive)),
        }
    }

    /// Publishes `message` to `topic`: it reaches every session subscribed to it (this one too,
    /// if subscribed), each applying it under its own lock; the publisher never waits on them.
    /// Inside a handler or listener it is sent once the event's patches are queued, and not at
    /// all if the event fails. Returns `false` if `message` cannot be encoded or the session has
    /// ended.
    pub fn publish<T: Serialize + Send + Sync + 'static>(&self, topic: &str, message: T) -> bool {
        match self.topics() {
            Some(topics) => publish(&topics, topic, message),
            None => false,
        }
    }

    /// Sends `message` to the one session `to` (another, or this one's own
    /// [`session_id`](Store::session_id)), as [`publish`](Store::publish) does to a topic:
    /// its receivers of the topic `session:<id>` run, and its page gets the EVENT frame.
    pub fn send_to<T: Serialize + Send + Sync + 'static>(&self, to: SessionId, message: T) -> bool {
        self.publish(&session_topic(to), message)
    }

    /// The app's topics, to publish from a task that outlives this handle's session; `None` once
    /// the session has ended.
    pub fn topics(&self) -> Option<Topics> {
        self.page().map(|page| page.topics())
    }

    /// Spawns a task that is stopped when the session ends (or the server shuts down).
    pub fn spawn<F>(&self, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        if let Some(page) = self.page() {
            let (stop, shutdown) = page.stoppers();
            spawn_until(task, stop, shutdown);
        }
    }
}

impl<C: Component> SharedStore<C> {
    pub(crate) fn new(hub: Weak<Hub<C>>) -> SharedStore<C> {
        SharedStore { hub }
    }

    /// Whether the component is still mounted.
    pub fn is_alive(&self) -> bool {
        self.hub.upgrade().is_some_and(|hub| !hub.stop.is_stopped())
    }

    /// Reads the shared value; `None` once the component is gone.
    pub fn get<R>(&self, read: impl FnOnce(&C::Shared) -> R) -> Option<R> {
        let hub = self.hub.upgrade()?;
        let shared = lock(&hub.shared);
        Some(read(&shared))
    }

    /// Changes the shared value and sends every session one PATCHES frame for it: every spot that
    /// reads a shared field is patched, however `change` wrote them. Changes are applied one at
    /// a time. On several nodes ([`Live::redis`](crate::Live)), the change runs on a task once
    /// this node holds the value's lock, right after this call returns.
    pub fn set(&self, change: impl FnOnce(&mut C::Shared) + Send + 'static) -> bool {
        self.hub.upgrade().is_some_and(|hub| hub.apply(change))
    }

    /// Runs `listener` every time the handler named `handler` runs in any session, right after
    /// it, with the shared value it may change (every spot that reads a shared field is then
    /// patched).
    pub fn on(
        &self,
        handler: &str,
        listener: impl Fn(&mut C::Shared, &Event) + Send + Sync + 'static,
    ) {
        warn_unless_bound::<C>(handler);
        if let Some(hub) = self.hub.upgrade() {
            hub.add_listener(Listener {
                handler: handler.to_owned(),
                run: Arc::new(listener),
            });
        }
    }

    /// Sends an EVENT frame `[1, name, data]` to every connected client of the component.
    pub fn broadcast<T: Serialize + ?Sized>(&self, name: &str, data: &T) -> bool {
        match self.hub.upgrade() {
            Some(hub) => broadcast(&hub, name, data),
            None => false,
        }
    }

    /// Publishes `message` to `topic`, as [`Store::publish`] does.
    pub fn publish<T: Serialize + Send + Sync + 'static>(&self, topic: &str, message: T) -> bool {
        match self.hub.upgrade() {
            Some(hub) => publish(&hub.topics, topic, message),
            None => false,
        }
    }

    /// The app's topics; `None` once the component is gone.
    pub fn topics(&self) -> Option<Topics> {
        self.hub.upgrade().map(|hub| hub.topics.clone())
    }

    /// Spawns a task that is stopped when the component's hub is dropped or the server shuts
    /// down.
    pub fn spawn<F>(&self, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        if let Some(hub) = self.hub.upgrade() {
            spawn_until(task, hub.stop.listener(), hub.shutdown.clone());
        }
    }
}

/// A child inside a child: its parent's place, reached one step further.
struct InChild<P: Component, C: Child> {
    parent: Arc<dyn ChildPlace<P>>,
    reach: ReachFn<P, C>,
}

impl<P: Component, C: Child> ChildPlace<C> for InChild<P, C> {
    fn page(&self) -> Option<Arc<dyn PageOps>> {
        self.parent.page()
    }

    fn visit(&self, f: &mut dyn FnMut(&mut C)) -> bool {
        let mut found = false;
        let visited = self.parent.visit(&mut |parent| {
            if let Some(instance) = (self.reach)(parent) {
                f(instance.inner.get_mut());
                found = true;
            }
        });
        visited && found
    }

    fn change(&self, change: Box<dyn FnOnce(&mut C) + '_>) -> bool {
        let reach = self.reach.clone();
        self.parent.change(Box::new(move |parent: &mut P| {
            if let Some(instance) = reach(parent) {
                change(instance.inner.get_mut());
                instance.touch(FieldSet::ALL);
            }
        }))
    }

    fn subscribe(&self, topic: &str, receive: ReceiverFn<C>) -> bool {
        self.parent.subscribe(topic, lift(&self.reach, receive))
    }

    fn add_listener(&self, handler: &str, run: ListenerFn<C>) {
        self.parent.add_listener(handler, lift(&self.reach, run));
    }
}

/// A listener or receiver of `T`, run with a value `A` (an event, a message).
pub(crate) type RunFn<T, A> = Arc<dyn Fn(&mut T, &A) + Send + Sync>;

/// `run` for the parent `P`, reaching the child and counting every field of it as written.
pub(crate) fn lift<P: 'static, C: Child, A: ?Sized + 'static>(
    reach: &ReachFn<P, C>,
    run: RunFn<C, A>,
) -> RunFn<P, A> {
    let reach = reach.clone();
    Arc::new(move |parent: &mut P, value: &A| {
        if let Some(instance) = reach(parent) {
            run(instance.inner.get_mut(), value);
            instance.touch(FieldSet::ALL);
        }
    })
}

fn broadcast<C: Component, T: Serialize + ?Sized>(hub: &Arc<Hub<C>>, name: &str, data: &T) -> bool {
    event_frame(name, data).is_some_and(|frame| {
        let frame = Bytes::from(frame);
        let hub = hub.clone();
        defer::send_or_hold(move || hub.broadcast(frame));
        true
    })
}

/// The EVENT frame `[1, name, data]`; `None` (logged) when `data` cannot be encoded.
fn event_frame<T: Serialize + ?Sized>(name: &str, data: &T) -> Option<Vec<u8>> {
    match rmp_serde::to_vec_named(data) {
        Ok(data) => Some(server::event(name, Some(&data))),
        Err(error) => {
            tracing::warn!(event = name, %error, "event data cannot be encoded");
            None
        }
    }
}

/// Encodes `message` now; delivers it now, or once the event being handled has queued its
/// patches.
fn publish<T: Serialize + Send + Sync + 'static>(topics: &Topics, topic: &str, message: T) -> bool {
    let Some(message) = Message::new(topic, message) else {
        return false;
    };
    let topics = topics.clone();
    defer::send_or_hold(move || {
        topics.deliver(message);
    });
    true
}

fn spawn_until<F>(task: F, mut stop: StopListener, mut shutdown: StopListener)
where
    F: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        tokio::select! {
            () = task => {}
            () = stop.stopped() => {}
            () = shutdown.stopped() => {}
        }
    });
}

fn warn_unless_bound<C: Component>(handler: &str) {
    if !C::META
        .bindings
        .iter()
        .any(|binding| binding.handler == handler)
    {
        tracing::warn!(
            component = C::META.name,
            handler,
            "store listener for a handler that no element binds"
        );
    }
}
