//! The model layer: what a component is, independent of any socket or task.
//!
//! Everything here is plain data and pure functions over it (no tokio, no axum): the
//! [`Component`](component::Component) trait the macro implements, the events that reach it, the
//! set of fields a change wrote, the HTML writer that escapes every value, the patch operations
//! sent to the client, what a `for` block remembers between renders, and components inside
//! components. The layers above (protocol, live, serve) build on it; it uses none of them.

pub(crate) mod child;
pub(crate) mod collection;
pub(crate) mod component;
pub(crate) mod event;
pub(crate) mod field_set;
pub(crate) mod form;
pub(crate) mod head;
pub(crate) mod html;
pub(crate) mod layout;
pub(crate) mod list;
pub(crate) mod load;
pub(crate) mod patch;
pub(crate) mod query;
pub(crate) mod rows;
pub(crate) mod slots;
pub(crate) mod snapshot;
pub(crate) mod stream;
pub(crate) mod trusted;
pub(crate) mod upload;
