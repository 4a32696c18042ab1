//! The `hjx!` procedural macro. Use it through `hjx-runtime`, which re-exports it.
//!
//! The pipeline: `driver` reads the markup (inline tokens, laid out again as text by
//! `source`, or a `.hjx` file) and the files it imports, `hjx_syntax` parses it, `plan`
//! checks the names that need Rust and gives every dynamic spot a hydration ID and the set of
//! fields it reads, and `emit` writes the Rust. Every step's errors go into one `errors`
//! collector, which turns them into compile errors in one place.

mod css;
mod driver;
mod emit;
mod errors;
mod expr;
mod plan;
mod source;

use proc_macro::TokenStream;

/// Compiles inline `.hjx` markup into a typed component.
#[proc_macro]
pub fn hjx(input: TokenStream) -> TokenStream {
    driver::expand_inline(input.into()).into()
}

/// Compiles a `.hjx` file, named relative to the crate's root, into a typed component.
#[proc_macro]
pub fn include_hjx(input: TokenStream) -> TokenStream {
    driver::expand_file(input.into()).into()
}
