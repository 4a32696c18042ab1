//! `take_work`: how the live layer finds the async work a handler started, one call per
//! `state:` field whose type is written `Load<…>` (by any path ending in `Load`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rt;
use crate::plan::{FieldMask, FieldType, Plan};

/// Whether a field's written type is a `Load<…>`.
fn is_load(ty: &FieldType) -> bool {
    let FieldType::Written(syn::Type::Path(path)) = ty else {
        return false;
    };
    path.qself.is_none()
        && path
            .path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "Load")
}

/// The `Component::take_work` method, or nothing when no per-session field is a `Load`.
pub(super) fn take_work(plan: &Plan) -> Option<TokenStream> {
    let rt = rt();
    let calls: Vec<TokenStream> = plan
        .fields
        .iter()
        .filter(|field| !field.shared && is_load(&field.ty))
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
