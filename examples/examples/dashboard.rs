//! Run with `cargo run -p hjx-examples --example dashboard -- --port 3000 [--data DIR]`.
//!
//! A dashboard of `shared:` readings that `init_shared` takes every second, seen by every
//! client, with a history list, a load alert and meters sized by `style`.

use hjx_examples::dashboard::Dashboard;
use hjx_runtime::Live;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(Live::with_config(hjx_examples::durable_config()).mount::<Dashboard>("/"))
        .await
}
