//! Run with `cargo run -p hjx-examples --example counter -- --port 3000 [--data DIR]`.
//!
//! The Counter: per-session state, one button, one 14-byte patch per click.

use hjx_examples::counter::Counter;
use hjx_runtime::Live;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(Live::with_config(hjx_examples::durable_config()).mount::<Counter>("/")).await
}
