//! Writing the Rust: the only step that writes tokens. One concept a file: [`skeleton`] (the
//! types, the trait impls and the error stub), [`data`] (the data structs), [`render`],
//! [`patch`], [`regions`] (`if`), [`lists`] (`for`), [`instances`] (child components) and
//! [`handle`] (event dispatch).
//!
//! Generated code names the runtime only through `::hjx_runtime::__private::v1`, with absolute
//! paths, so a user's own `String`, `Vec` or `Option` cannot change its meaning.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::plan::{self, Plan, RegionScope};

mod data;
mod debug;
mod handle;
mod instances;
mod item_instances;
mod lists;
mod mount;
mod patch;
mod regions;
mod render;
mod skeleton;
mod snapshot;
mod streams;
#[cfg(test)]
mod tests;
mod work;

pub(crate) use skeleton::emit;

/// The path generated code reaches the runtime through.
fn rt() -> TokenStream {
    quote!(::hjx_runtime::__private::v1)
}

/// What recursive emission needs.
struct Cx<'a> {
    plan: &'a Plan,
    /// For each region: where its memory lives.
    scopes: &'a Vec<RegionScope>,
}

/// The field holding component instance `index`.
fn instance_field(instance: plan::InstanceId) -> Ident {
    let index = instance.index();
    Ident::new(&format!("__hjx_c{index}"), Span::call_site())
}

fn html_ident() -> Ident {
    Ident::new("__hjx_html", Span::mixed_site())
}

/// The place of `field`: on the shared value, or on `this` (an ident), or on `self`.
fn field_target(field: &plan::FieldPlan, shared: &Ident, span: Span, this: &Ident) -> TokenStream {
    let ident = Ident::new(&field.ident.to_string(), span);
    if field.shared {
        quote!(#shared.#ident)
    } else if this == "self" {
        quote_spanned!(span=> self.#ident)
    } else {
        quote!(#this.#ident)
    }
}

/// `CardEmit`: the enum of the events `Card` emits.
fn emit_enum(name: &Ident) -> Ident {
    Ident::new(&format!("{name}Emit"), name.span())
}
