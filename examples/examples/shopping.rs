//! Run with `cargo run -p hjx-examples --example shopping -- --port 3000`.
//!
//! A shopping list: add items, tick them off, remove them; an empty state when there are none.

use hjx_examples::shopping::ShoppingList;
use hjx_runtime::Live;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(Live::new().mount::<ShoppingList>("/")).await
}
