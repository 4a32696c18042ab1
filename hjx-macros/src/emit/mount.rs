//! The `Mountable` impl: how the page request reaches the component's mount hook.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::rt;
use crate::plan::Plan;

/// `Mountable<State>` calling the `script:` hook for the state it names; `Mountable<S>` for every
/// `S`, doing nothing, for a component without one (or whose markup has errors, so that mounting
/// it raises no second error).
pub(super) fn mountable(plan: &Plan, ok: bool) -> TokenStream {
    let rt = rt();
    let name = &plan.name;
    match (&plan.mount, ok) {
        (Some(hook), true) => {
            let state = hook
                .state
                .as_ref()
                .map_or_else(|| quote!(()), |state| quote!(#state));
            let ident = &hook.ident;
            // Errors about the future point at the hook: its name (not `Send`), its return type.
            let call = quote_spanned!(ident.span()=> Self::#ident(self, cx));
            let output = quote_spanned! {hook.output=>
                impl ::core::future::Future<Output = ::core::result::Result<(), #rt::Refuse>>
                    + ::core::marker::Send
            };
            quote! {
                #[automatically_derived]
                impl #rt::Mountable<#state> for #name {
                    fn mount(
                        &mut self,
                        cx: &#rt::Mount<#state>,
                    ) -> #output {
                        #call
                    }
                }
            }
        }
        _ => quote! {
            #[automatically_derived]
            impl<S> #rt::Mountable<S> for #name {}
        },
    }
}
