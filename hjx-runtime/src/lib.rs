//! HJX for Rust: server-authoritative live components written in `.hjx` markup.
//!
//! A component is written in `.hjx` markup inside [`hjx!`]; the macro turns it into a typed
//! struct implementing [`Component`]. The runtime serves it: the first request gets
//! server-rendered HTML with hydration IDs (`data-hid`), then a small client sends events over one
//! binary WebSocket and applies the patches the server computes.
//!
//! ```no_run
//! # use hjx_runtime::{Live, Mountable};
//! # async fn run<Counter: Mountable<()>>() -> std::io::Result<()> {
//! let live = Live::new().mount::<Counter>("/");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! hjx_runtime::serve(listener, live, async { let _ = tokio::signal::ctrl_c().await; }).await
//! # }
//! ```
//!
//! The crate is built in layers, each using only the ones before it:
//!
//! - **model**: the [`Component`] trait the macro implements, [`Event`]s, the [`FieldSet`]s that
//!   drive patching, the [`Load`] fields that hold async work, the [`Html`] writer that escapes every value, and the [`PatchOp`]s sent to
//!   the client. Plain data, no tasks and no I/O.
//! - [`protocol`]: the binary MessagePack frames on the WebSocket (see `PROTOCOL.md`).
//! - **live**: sessions (and the tasks that run their async work), the hub that holds each
//!   component's `shared:` value and fans changes out, and the [`Store`] and [`SharedStore`] through which `script:` code reaches a running
//!   instance ([`LiveComponent`] holds the hooks that receive them).
//! - **serve**: [`Live`] mounts components on an axum router, [`serve`] runs it; pages, the
//!   session registry, sockets, signed tokens, rate limits and [`Config`]; a component's mount
//!   hook sees the request through [`Mount`] and may [`Refuse`] it.
//!
//! What generated code needs beyond this is in a hidden, versioned module that is not part of
//! the public API.

#[doc(hidden)]
#[cfg(feature = "harness")]
pub mod harness;
mod live;
mod model;
pub mod protocol;
mod serve;
pub mod testing;

#[doc(hidden)]
pub mod __private;

pub use hjx_macros::{hjx, include_hjx};
pub use live::live_component::LiveComponent;
pub use live::session::SessionStats;
pub use live::session_id::SessionId;
pub use live::store::{SharedStore, Store};
pub use live::topics::{InMemoryBus, Inbox, Message, TopicBus, Topics, session_topic};
pub use model::child::Child;
pub use model::component::{Component, ComponentMeta, PatchScope, Tracked};
pub use model::event::{Binding, Event, EventError, EventKind, EventPayload, Handled};
pub use model::field_set::FieldSet;
pub use model::form::{Form, FormErrors, FromForm};
pub use model::head::Head;
pub use model::html::Html;
pub use model::load::{Load, LoadState, Work};
pub use model::patch::{HydrationId, PatchOp};
pub use model::query::Query;
pub use model::rows::Rows;
pub use model::stream::Stream;
pub use model::trusted::TrustedHtml;
pub use model::upload::{UploadLimits, UploadedFile};
pub use serve::config::Config;
pub use serve::mount::{Mount, Mountable, Refuse};
pub use serve::router::{Live, LiveHandle, serve, serve_router};

// Generated code names these through `__private`; compile errors name them by these paths.
#[doc(hidden)]
pub use model::child::Instance;
// What a binding's arguments name as `event` (`event.value`): rustc's messages about it (a
// misspelt `event.valu`) name `hjx_runtime::EventData`.
#[doc(hidden)]
pub use __private::v1::EventData;
#[doc(hidden)]
pub use model::list::{ListKey, items, key_hash};
