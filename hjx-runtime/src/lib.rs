//! HJX for Rust: server-authoritative live components written in `.hjx` markup.
//!
//! A component is written in `.hjx` markup inside [`hjx!`]; the macro turns it into a typed
//! struct implementing [`Component`]. The runtime serves it: the first request gets
//! server-rendered HTML with hydration IDs (`data-hid`), then a small client sends events over one
//! binary WebSocket and applies the patches the server computes.
//!
//! Modules:
//! - [`component`]: the [`Component`] trait the macro implements, events, and the field sets that
//!   drive patching.
//! - [`html`]: the HTML writer used by server-side rendering, escaping every dynamic value.
//! - [`patch`]: the patch operations sent to the client, addressed by hydration ID.

pub mod component;
pub mod html;
pub mod patch;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use component::{
    Binding, Component, ComponentMeta, Event, EventError, EventKind, EventPayload, FieldSet,
    Handled, PatchScope, Tracked,
};
pub use hjx_macros::hjx;
pub use html::Html;
pub use patch::{HydrationId, PatchOp};
