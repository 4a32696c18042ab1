//! Run with `cargo run -p hjx-examples --example contact -- --port 3000`.
//!
//! A contact form: bound name, email and message, a live preview, a submit button enabled once
//! the form is complete, and a thank-you after submit.

use hjx_examples::contact::ContactForm;
use hjx_runtime::Live;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    hjx_examples::run(Live::new().mount::<ContactForm>("/")).await
}
