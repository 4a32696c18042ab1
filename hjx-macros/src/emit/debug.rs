//! `Debug` for the generated types, as `#[derive(Debug)]` would print them: the component and its
//! `Shared` struct with their `state:` and `shared:` fields, the emitted-events enum with its
//! variants. A field or value whose type has no `Debug` prints as `..` instead of failing to
//! compile (the runtime's `DebugField` chooses by autoref).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::rt;
use crate::plan::Plan;

/// The `Debug` impls of the component, of its `Shared` struct when it has one, and of its
/// emitted-events enum.
pub(super) fn debug_impls(plan: &Plan, shared_name: &Ident, has_shared: bool) -> TokenStream {
    let rt = rt();
    let f = Ident::new("__hjx_f", Span::mixed_site());
    let prelude = quote!(#[allow(unused_imports)] use #rt::{DebugOpaque as _, DebugViaDebug as _};);
    let debug_struct = |name: &Ident, shared: bool| {
        let label = name.to_string();
        let fields = plan
            .fields
            .iter()
            .filter(|field| field.shared == shared)
            .map(|field| {
                let ident = &field.ident;
                let label = ident.to_string();
                let label = label.trim_start_matches("r#");
                quote!(.field(#label, (&#rt::DebugField(&self.#ident)).debug_field()))
            });
        quote! {
            #[automatically_derived]
            impl ::core::fmt::Debug for #name {
                fn fmt(&self, #f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #prelude
                    #f.debug_struct(#label) #(#fields)* .finish()
                }
            }
        }
    };
    let mut out = debug_struct(&plan.name, false);
    if has_shared {
        out.extend(debug_struct(shared_name, true));
    }
    let emit_enum = super::emit_enum(&plan.name);
    let value = Ident::new("__hjx_value", Span::mixed_site());
    let arms = plan.emits.iter().map(|emit| {
        let variant = Ident::new(&emit.name, plan.name.span());
        let label = &emit.name;
        match emit.ty {
            Some(_) => quote! {
                #emit_enum::#variant(#value) => #f
                    .debug_tuple(#label)
                    .field((&#rt::DebugField(#value)).debug_field())
                    .finish(),
            },
            // An event without a value carries `()` and prints as a unit variant would.
            None => quote!(#emit_enum::#variant(_) => #f.write_str(#label),),
        }
    });
    // An enum without variants is matched through the dereference, which has no arm to bind.
    let scrutinee = if plan.emits.is_empty() {
        quote!(*self)
    } else {
        quote!(self)
    };
    out.extend(quote! {
        #[automatically_derived]
        impl ::core::fmt::Debug for #emit_enum {
            fn fmt(&self, #f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #prelude
                match #scrutinee { #(#arms)* }
            }
        }
    });
    out
}
