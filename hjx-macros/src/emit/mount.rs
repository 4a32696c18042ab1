//! The hooks of a component and of the children it holds: the `Mountable` impl (how the page
//! request reaches the `mount` hooks), the session start (`init`), and what a parent needs to
//! run its children's: whether a child mounts or starts at all, and how its state is taken out
//! of its instance to be mounted away from it.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};

use super::{instance_field, rt};
use crate::plan::{FieldMask, InstanceId, InstancePlan, Plan};

/// Each child instance of `plan`, with its field.
fn instances(plan: &Plan) -> impl Iterator<Item = (&InstancePlan, proc_macro2::Ident)> {
    plan.instances
        .iter()
        .enumerate()
        .map(|(index, instance)| (instance, instance_field(InstanceId(index))))
}

/// `Mountable<State>` for the state the component's `script:` hook names, or for every `S` when
/// it has none; either way bounded by every child being mountable on the same state, whose
/// hooks run after the component's own with the same context: a top-level child's at once, a
/// list item's child's when its item appears. A component without a hook or children (or whose
/// markup has errors, so that mounting it raises no second error) implements it doing nothing.
pub(super) fn mountable(plan: &Plan, ok: bool) -> TokenStream {
    let rt = rt();
    let name = &plan.name;
    if !ok || (plan.mount.is_none() && plan.instances.is_empty()) {
        return quote! {
            #[automatically_derived]
            impl<S> #rt::Mountable<S> for #name {}
        };
    }
    let (generics, state) = match plan.mount.as_ref().and_then(|hook| hook.state.as_ref()) {
        Some(state) => (quote!(), quote!(#state)),
        None if plan.mount.is_some() => (quote!(), quote!(())),
        None => (
            quote!(<S: ::core::marker::Send + ::core::marker::Sync + 'static>),
            quote!(S),
        ),
    };
    if let (Some(hook), true) = (&plan.mount, plan.instances.is_empty()) {
        // The hook's own future, so that errors about it point at the hook.
        let ident = &hook.ident;
        let call = quote_spanned!(ident.span()=> Self::#ident(self, cx));
        let output = quote_spanned! {hook.output=>
            impl ::core::future::Future<Output = ::core::result::Result<(), #rt::Refuse>>
                + ::core::marker::Send
        };
        return quote! {
            #[automatically_derived]
            impl #rt::Mountable<#state> for #name {
                fn mount(&mut self, cx: &#rt::Mount<#state>) -> #output {
                    #call
                }
            }
        };
    }
    let own = plan.mount.as_ref().map(|hook| {
        // Errors about the future point at the hook: its name (not `Send`).
        let ident = &hook.ident;
        quote_spanned!(ident.span()=> Self::#ident(self, cx).await?;)
    });
    // For every state, each child must be mountable on it; for the state the hook names, a
    // child whose hook takes another is reported at its tag, by the call below.
    let bounds = plan.mount.is_none().then(|| {
        let tys = plan.instances.iter().map(|instance| &instance.ty);
        quote!(#(#tys: #rt::Mountable<#state>,)*)
    });
    let children = instances(plan).map(|(instance, field)| {
        let ty = &instance.ty;
        let span = ty.name.span();
        match instance.item {
            None => quote_spanned! {span=>
                #rt::Mountable::<#state>::mount(self.#field.inner.get_mut(), cx).await?;
            },
            Some(_) => quote_spanned! {span=>
                if <#ty as #rt::Child>::MOUNTS {
                    self.#field.mounter = ::core::option::Option::Some(#rt::mounter::<#ty, #state>(cx));
                }
            },
        }
    });
    let output = plan.mount.as_ref().map_or_else(
        || quote!(::core::result::Result<(), #rt::Refuse>),
        |hook| quote_spanned!(hook.output=> ::core::result::Result<(), #rt::Refuse>),
    );
    quote! {
        #[automatically_derived]
        impl #generics #rt::Mountable<#state> for #name where #bounds {
            fn mount(
                &mut self,
                cx: &#rt::Mount<#state>,
            ) -> impl ::core::future::Future<Output = #output> + ::core::marker::Send {
                async move {
                    #own
                    #(#children)*
                    ::core::result::Result::Ok(())
                }
            }
        }
    }
}

/// `LiveComponent::start_session`, when the component has an `init` or children: its own
/// `init`, then each child's with a store of the child's own (a list item's child's when its
/// item appears). When the markup has errors (`!ok`), the children are left out: their fields
/// do not exist.
pub(super) fn start_session(plan: &Plan, has_init: bool, ok: bool) -> Option<TokenStream> {
    let count = if ok { plan.instances.len() } else { 0 };
    if !has_init && count == 0 {
        return None;
    }
    let rt = rt();
    let own = has_init.then(|| quote!(Self::init(::core::clone::Clone::clone(&store));));
    let children = instances(plan).take(count).map(|(instance, field)| {
        let bits = Literal::u128_unsuffixed(FieldMask::bit(instance.bit).bits());
        let start = match instance.item {
            None => quote!(#rt::start_child),
            Some(_) => quote!(#rt::start_items),
        };
        quote!(#start(&store, #rt::FieldSet(#bits), |component: &mut Self| &mut component.#field);)
    });
    Some(quote! {
        fn start_session(store: #rt::Store<Self>) {
            #own
            #(#children)*
        }
    })
}

/// The `Child` consts saying whether the child mounts or starts at all (its own hook, or a
/// child of its own that does), and `swap_state`: the `state:` fields and the top-level
/// children's state change places, the render memory stays; a list's children stay, but the
/// context their mounts need goes with the state.
pub(super) fn child_hooks(plan: &Plan, has_init: bool) -> TokenStream {
    let rt = rt();
    let tys: Vec<_> = plan.instances.iter().map(|instance| &instance.ty).collect();
    let own_mount = plan.mount.is_some();
    let fields = plan.fields.iter().filter(|f| !f.shared).map(|f| {
        let ident = &f.ident;
        quote!(::core::mem::swap(&mut self.#ident, &mut other.#ident);)
    });
    let children = instances(plan).map(|(instance, field)| match instance.item {
        None => quote! {
            #rt::Child::swap_state(self.#field.inner.get_mut(), other.#field.inner.get_mut());
        },
        Some(_) => quote! {
            ::core::mem::swap(&mut self.#field.mounter, &mut other.#field.mounter);
        },
    });
    quote! {
        const MOUNTS: bool = #own_mount #(|| <#tys as #rt::Child>::MOUNTS)*;
        const INITS: bool = #has_init #(|| <#tys as #rt::Child>::INITS)*;
        fn swap_state(&mut self, other: &mut Self) {
            #(#fields)*
            #(#children)*
        }
    }
}
