//! The HJX browser runtime, embedded into the Rust build so that users need no Node or bundler.
//!
//! [`CLIENT_JS`] is the minified client the runtime serves to browsers.

/// The minified browser client.
pub const CLIENT_JS: &str = include_str!("../js/client.min.js");
