//! Run with `cargo run -p hjx-examples --example composition -- --port 3000`.
//!
//! Components inside components: cards with slots, buttons with variants, a bound text input,
//! props that follow the page's fields, and a class merged onto a child.

use hjx_examples::composition::Composition;
use hjx_runtime::Live;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(Live::new().mount::<Composition>("/")).await
}
