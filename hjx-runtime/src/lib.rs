//! HJX for Rust: server-authoritative live components written in `.hjx` markup.
//!
//! A component is written in `.hjx` markup inside [`hjx!`]; the macro turns it into a typed
//! struct implementing [`Component`]. The runtime serves it: the first request gets
//! server-rendered HTML with hydration IDs (`data-hid`), then a small client sends events over one
//! binary WebSocket and applies the patches the server computes.
//!
//! ```no_run
//! # use hjx_runtime::{Component, Live};
//! # async fn run<Counter: Component>() -> std::io::Result<()> {
//! let live = Live::new().mount::<Counter>("/");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! hjx_runtime::serve(listener, live, async { let _ = tokio::signal::ctrl_c().await; }).await
//! # }
//! ```
//!
//! Modules:
//! - [`component`]: the [`Component`] trait the macro implements, events, and the field sets that
//!   drive patching.
//! - [`child`]: components inside components.
//! - [`html`]: the HTML writer used by server-side rendering, escaping every dynamic value.
//! - [`patch`]: the patch operations sent to the client, addressed by hydration ID.
//! - [`list`]: what a `for` block remembers between renders, and the keyed list diff.
//! - [`protocol`]: the binary MessagePack frames on the WebSocket (see `PROTOCOL.md`).
//! - [`Live`], [`serve`]: mounting components on an axum router and serving it.
//! - [`Store`], [`SharedStore`]: how a component's `script:` reads and changes a live instance.
//!
//! Inside, a request creates a session (`session`, `token`), sockets attach to it (`socket`),
//! shared state and fan-out live in one hub per component (`hub`), and the registry of all
//! sessions with its grace-period reaper is the `runtime`.

pub mod child;
pub mod component;
mod config;
mod defer;
pub mod html;
mod hub;
pub mod list;
mod page;
pub mod patch;
pub mod protocol;
mod rate;
mod runtime;
mod server;
mod session;
mod socket;
mod stop;
mod store;
#[doc(hidden)]
pub mod testing;
mod token;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use child::{Child, Instance};
pub use component::{
    Binding, Component, ComponentMeta, Event, EventError, EventKind, EventPayload, FieldSet,
    Handled, PatchScope, Tracked,
};
pub use config::Config;
pub use hjx_macros::{hjx, include_hjx};
pub use html::Html;
pub use patch::{HydrationId, PatchOp};
pub use server::{Live, LiveHandle, serve, serve_router};
pub use session::SessionStats;
pub use store::{SharedStore, Store};
pub use token::SessionId;
