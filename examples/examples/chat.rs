//! Run with `cargo run -p hjx-examples --example chat -- --port 3000 [--data DIR]`.
//!
//! A chat room: shared messages, a per-session name and draft, a `user-joined` broadcast.

use hjx_examples::chat::Chat;
use hjx_runtime::Live;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(Live::with_config(hjx_examples::durable_config()).mount::<Chat>("/")).await
}
