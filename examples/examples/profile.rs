//! Run with `cargo run -p hjx-examples --example profile -- --port 3000`.
//!
//! A profile page of conditionals: plan, verification and follower tiers switched by buttons.

use hjx_examples::profile::Profile;
use hjx_runtime::Live;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(Live::new().mount::<Profile>("/")).await
}
