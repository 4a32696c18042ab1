//! The `hjx!` procedural macro. Use it through `hjx-runtime`, which re-exports it.

use proc_macro::TokenStream;

/// Compiles inline `.hjx` markup into a typed component.
#[proc_macro]
pub fn hjx(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}
