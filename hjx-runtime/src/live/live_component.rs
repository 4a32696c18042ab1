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
use crate::live::store::{SharedStore, Store};
use crate::model::component::Component;

/// A component that can be mounted and served live: its start hooks.
pub trait LiveComponent: Component {
    /// Runs once for each new session, before its page is rendered. The macro overrides it to
    /// call a `script:` function `init(store: Store<Self>)`.
    fn start_session(store: Store<Self>) {
        let _ = store;
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

/// Runs the component's `init` for a new session.
pub(crate) fn start_session<C: LiveComponent>(session: &Arc<Session<C>>) {
    C::start_session(Store::new(session));
}
