//! The `hjx!` procedural macro. Use it through `hjx-runtime`, which re-exports it.
//!
//! The pipeline, one module each: [`source`] rebuilds the markup's text from the macro's tokens
//! (keeping every token's span), [`parse`] turns the text into the [`ast`], [`plan`] checks names
//! and gives every dynamic spot a hydration ID and the set of fields it reads, and [`emit`]
//! writes the Rust. Errors are [`diag`]nostics, collected across all steps.

mod css;
mod emit;
mod expr;
mod plan;
mod source;

use proc_macro::TokenStream;

/// Compiles inline `.hjx` markup into a typed component.
#[proc_macro]
pub fn hjx(input: TokenStream) -> TokenStream {
    emit::expand_inline(input.into()).into()
}

/// Compiles a `.hjx` file, named relative to the crate's root, into a typed component.
#[proc_macro]
pub fn include_hjx(input: TokenStream) -> TokenStream {
    emit::expand_file(input.into()).into()
}
