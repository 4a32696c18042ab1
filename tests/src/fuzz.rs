//! The bodies of the fuzz targets, shared by `fuzz/` (cargo-fuzz, nightly) and the replay test
//! that runs their corpus and a fixed-seed batch of random inputs on stable
//! (`tests/tests/fuzz_replay.rs`).
//!
//! Each target takes arbitrary bytes and panics only when the code under test breaks one of its
//! promises: no panic on any input, a clear error frame for anything refused, refused events
//! change nothing, every frame the server sends is well formed.
//!
//! - [`frame()`]: the client-frame decoder.
//! - [`dispatch()`]: frames fed to a live session of a real component.
//! - [`syntax()`]: the `.hjx` parser and its name checks (`hjx_syntax`).

pub mod dispatch;
mod encode;
pub mod frame;
mod input;
pub mod syntax;

pub use dispatch::dispatch;
pub use frame::frame;
pub use syntax::syntax;
