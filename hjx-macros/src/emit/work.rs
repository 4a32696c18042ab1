//! `take_work`: how the live layer finds the async work a handler started, one call per
//! `state:` field whose type is written `Load<…>` (by any path ending in `Load`) and one per
//! child component instance (whose own `take_work` finds its fields').

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rt;
use crate::plan::{FieldMask, InstanceId, Plan};

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
        .chain(plan.instances.iter().enumerate().map(|(index, instance)| {
            let field = super::instance_field(InstanceId(index));
            let bits = Literal::u128_unsuffixed(FieldMask::bit(instance.bit).bits());
            // An instance inside a keyed `for` is one per item.
            let holder = match instance.item {
                Some(_) => quote!(#rt::KeyedInstances),
                None => quote!(#rt::Instance),
            };
            quote! {
                #holder::take_work(
                    &mut self.#field,
                    #rt::FieldSet(#bits),
                    |component: &mut Self| &mut component.#field,
                    out,
                );
            }
        }))
        .collect();
    (!calls.is_empty()).then(|| {
        quote! {
            fn take_work(&mut self, out: &mut #rt::Vec<#rt::Work<Self>>) {
                #(#calls)*
            }
        }
    })
}
