//! Run with `cargo run -p hjx-examples --example gallery -- --port 3000`.
//!
//! A drawing gallery: draw on the canvas (a JavaScript hook that sends each stroke to the
//! server), save the drawing to a gallery every visitor shares (drawn by the server as SVG),
//! and toggle the help and a compact view with client commands (no round trip).

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(hjx_examples::gallery::live()).await
}
