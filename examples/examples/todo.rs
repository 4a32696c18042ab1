//! Run with `cargo run -p hjx-examples --example todo -- --port 3000`.
//!
//! TodoMVC: add, toggle, toggle all, edit, remove, filter and clear completed, per session.

use hjx_examples::todo::TodoApp;
use hjx_runtime::Live;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(Live::new().mount::<TodoApp>("/")).await
}
