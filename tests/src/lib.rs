//! Cross-crate test suites for HJX live in `tests/`; this library holds what they share.
//!
//! - [`components`]: hand-written `impl Component` test components (what `hjx!` generates, kept
//!   by hand so the runtime's tests do not depend on the macro).
//! - [`client`]: a test server on `127.0.0.1:0`, a raw HTTP GET, and a WebSocket client that
//!   speaks the binary protocol and decodes server frames.
//! - [`model`]: a component driven in-process the way a page drives it, the oracle the
//!   example and browser tests compare against.
//! - [`tracker`]: the tracker example on a temporary database file.
//! - [`streams`]: the page the stream tests share.
//! - [`redis`]: a real `redis-server` on a free loopback port, for the multi-node tests.
//! - [`fuzz`]: the bodies of the fuzz targets, shared by `fuzz/` and the replay test.

pub mod client;
pub mod components;
pub mod fuzz;
pub mod model;
pub mod redis;
pub mod streams;
pub mod tracker;
