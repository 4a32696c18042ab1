//! The live layer: running components for connected clients, with no knowledge of HTTP.
//!
//! A [`Session`](session::Session) owns one component instance, numbers its patch frames and
//! queues them, bounded, for whichever socket is attached. A [`Hub`](hub::Hub) per component type
//! owns the `shared:` value, applies shared changes one at a time and fans them out, encoding the
//! shared part once. The [`Store`](store::Store) and [`SharedStore`](store::SharedStore) are how
//! `script:` code reaches a running instance; [`LiveComponent`](live_component::LiveComponent)
//! holds the hooks that receive them. The async work a handler starts on a `Load` field runs on
//! tasks of its own ([`work`]), each result coming back as one more change of its session.
//! Beneath these: session IDs, stop signals for every task
//! started, and the deferral that holds a listener's broadcast until its event's patches are
//! queued. [`Topics`](topics::Topics) route published messages to the sessions subscribed to
//! their key. This layer uses the model and the protocol, never the serving layer.

pub(crate) mod cluster;
pub(crate) mod current;
pub(crate) mod defer;
pub(crate) mod hub;
pub(crate) mod live_component;
pub(crate) mod saved;
pub(crate) mod session;
pub(crate) mod session_id;
pub(crate) mod stop;
pub(crate) mod store;
pub(crate) mod sync;
pub(crate) mod topics;
pub(crate) mod work;
