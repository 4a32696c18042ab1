//! `take_work`: how the live layer finds the async work a handler started, one call per
//! `state:` field whose type is written `Load<…>` (by any path ending in `Load`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rt;
use crate::plan::{FieldMask, Plan};

/// The `Component::take_work` method, or nothing when no per-session field is a `Load`.
pub(super) fn take_work(plan: &Plan) -> Option<TokenStream> {
    let rt = rt();
    let calls: Vec<TokenStream> = plan
        .fields
        .iter()
        .filter(|field| !field.shared && field.ty.is_load())
        .map(|field| {
            let ident = &field.ident;
            let bits = Literal::u128_unsuffixed(FieldMask::bit(field.bit).bits());
            quote! {
                #rt::Work::collect(
                    &mut self.#ident,
                    #rt::FieldSet(#bits),
                    |component: &mut Self| &mut component.#ident,
                    out,
                );
            }
        })
        .collect();
    (!calls.is_empty()).then(|| {
        quote! {
            fn take_work(&mut self, out: &mut #rt::Vec<#rt::Work<Self>>) {
                #(#calls)*
            }
        }
    })
}
