//! The serving layer: HTTP and WebSockets, through axum.
//!
//! [`router`] mounts components on an axum `Router` and serves it; a page request ([`page`])
//! creates a session, registers it in the app's [`registry`] and signs a [`token`] for it; a
//! socket's [`connection`] checks that token in HELLO and then drives the session, within the
//! per-session [`rate`] limit and the app's [`config`], on the [`websocket`] its [`upgrade`]
//! opened. The app's shared state is in [`app`].
//! This is the only layer that knows about HTTP; it uses the live layer and those below it.

pub(crate) mod app;
pub(crate) mod clients;
pub(crate) mod config;
pub(crate) mod connection;
pub(crate) mod durable;
pub(crate) mod frames;
pub(crate) mod gate;
pub(crate) mod listen;
pub(crate) mod log_limit;
pub(crate) mod mount;
pub(crate) mod navigate;
pub(crate) mod open;
pub(crate) mod page;
pub(crate) mod rate;
#[cfg(feature = "redis")]
pub(crate) mod redis;
pub(crate) mod registry;
pub(crate) mod router;
pub(crate) mod token;
pub(crate) mod upgrade;
pub(crate) mod upload;
pub(crate) mod websocket;
