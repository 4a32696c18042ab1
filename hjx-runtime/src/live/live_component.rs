//! [`LiveComponent`]: what a component does when it runs live, beyond rendering and handling.
//!
//! The model's `Component` knows nothing of sessions; these hooks receive the stores through
//! which `script:` code reaches a running instance. `hjx!` implements the trait for every
//! component, calling the `script:` functions `init(store: Store<Self>)` and
//! `init_shared(store: SharedStore<Self>)` when the markup defines them. The async mount hook,
//! which sees the page request, is the serving layer's `Mountable`: it runs before `init`.

use std::sync::Arc;

use crate::live::hub::Hub;
use crate::live::session::Session;
use crate::live::store::{ReachFn, SharedStore, Store};
use crate::model::child::{Child, Instance, KeyedInstances, Starter, item_reach};
use crate::model::component::Component;
use crate::model::field_set::FieldSet;
use crate::model::query::Query;

/// A component that can be mounted and served live: its start hooks.
pub trait LiveComponent: Component {
    /// Runs once for each new session, before its page is rendered. The macro overrides it to
    /// call a `script:` function `init(store: Store<Self>)`.
    fn start_session(store: Store<Self>) {
        let _ = store;
    }

    /// Whether the component's `script:` has a `params` hook: a change of the page's query
    /// string alone (a link to `?q=bug`, back and forward between such links) then runs it
    /// instead of mounting the page anew.
    const PARAMS: bool = false;

    /// Tells the component its page's new query. The macro overrides it to call the `script:`
    /// function `fn params(&mut self, query: &Query)`.
    fn query_changed(&mut self, query: &Query) {
        let _ = query;
    }

    /// Runs once for the component, before its first session. The macro overrides it to call a
    /// `script:` function `init_shared(store: SharedStore<Self>)`.
    fn start_shared(store: SharedStore<Self>) {
        let _ = store;
    }
}

/// Runs the component's `init_shared` the first time it is called for `hub`.
pub(crate) fn start_shared<C: LiveComponent>(hub: &Arc<Hub<C>>) {
    hub.start_once(|| C::start_shared(SharedStore::new(Arc::downgrade(hub))));
}

/// Starts the top-level child held by `P`'s field `field` (which `at` reaches) for the session
/// of `store`: runs the child's `init` with a store of its own, and its children's.
pub fn start_child<P: Component, C: Child + LiveComponent>(
    store: &Store<P>,
    field: FieldSet,
    at: fn(&mut P) -> &mut Instance<C>,
) {
    if C::INITS {
        let reach: ReachFn<P, C> = Arc::new(move |parent: &mut P| Some(at(parent)));
        C::start_session(store.child(field, reach));
    }
}

/// Has each child that an item of a keyed `for` creates (in `P`'s field `field`, which `at`
/// reaches) started for the session of `store`, on a task of its own, when its item first
/// appears: its `init` may then change it through its store without waiting on the event that
/// created it.
pub fn start_items<P: Component, C: Child + LiveComponent>(
    store: &Store<P>,
    field: FieldSet,
    at: fn(&mut P) -> &mut KeyedInstances<C>,
) {
    if !C::INITS {
        return;
    }
    let parent = store.clone();
    let starter: Starter = Arc::new(move |item: u64| {
        let reach: ReachFn<P, C> = Arc::new(item_reach(at, item));
        let child = parent.child(field, reach);
        if tokio::runtime::Handle::try_current().is_ok() {
            parent.spawn(async move { C::start_session(child) });
        } else {
            tracing::warn!(
                component = C::META.name,
                "no runtime: a list item's child was not started"
            );
        }
    });
    store.visit(|parent| {
        let _ = at(parent).starter.set(starter);
    });
}

/// Runs the component's `init` for a new session.
pub(crate) fn start_session<C: LiveComponent>(session: &Arc<Session<C>>) {
    C::start_session(Store::new(session));
}
