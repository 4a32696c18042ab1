//! The component's skeleton: its types (the data structs, the emitted-events enum, the
//! `script:` items), the `Component` and `Child` impls that tie render, patch and handle
//! together, and the error stub that stands in their place when the markup has errors.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use super::{Cx, data, debug, html_ident, regions, render, rt};
use crate::expr::shared_ident;
use crate::plan::{self, Plan};

/// The Rust of a planned component; `ok` when no error was found (otherwise only the types
/// stand, with bodies that never run, so that uses of them raise no second error).
pub(crate) fn emit(plan: &Plan, ok: bool) -> TokenStream {
    let rt = rt();
    let name = &plan.name;
    let name_str = name.to_string();
    let scopes = regions::region_scopes(plan);
    let dirty = Ident::new("__hjx_dirty", Span::mixed_site());
    let shared = shared_ident();
    let has_shared = plan.fields.iter().any(|f| f.shared);
    let shared_name = format_ident!("{}Shared", name);
    let shared_ty = if has_shared {
        quote!(#shared_name)
    } else {
        quote!(())
    };

    let session_slots = scopes.iter().filter(|scope| !scope.shared).count();
    let shared_slots = scopes.iter().filter(|scope| scope.shared).count();
    let state_struct = data::data_struct(
        plan,
        name,
        false,
        &dirty,
        session_slots,
        &format!("The `{name_str}` component, compiled from its markup: one value per session."),
        ok,
    );
    let shared_struct = has_shared.then(|| {
        data::data_struct(
            plan,
            &shared_name,
            true,
            &dirty,
            shared_slots,
            &format!("The `shared:` fields of `{name_str}`: one value for every session."),
            ok,
        )
    });

    let script_items = &plan.script_items;
    let script_fns = &plan.script_fns;
    let has_fn = |n: &str| plan.script_fns.iter().any(|f| f.sig.ident == n);
    let start_session = super::mount::start_session(plan, has_fn("init"), ok);
    let params = has_fn("params").then(|| {
        quote! {
            const PARAMS: bool = true;
            fn query_changed(&mut self, query: &#rt::Query) {
                Self::params(self, query)
            }
        }
    });
    let start_shared = has_fn("init_shared").then(
        || quote!(fn start_shared(store: #rt::SharedStore<Self>) { Self::init_shared(store) }),
    );
    // `fn head(&self) -> Head` in `script:`: the page's title, description and language.
    let head_hook = has_fn("head").then(|| {
        quote! {
            fn head(&self) -> ::core::option::Option<#rt::Head> {
                ::core::option::Option::Some(Self::head(self))
            }
        }
    });
    let mountable = super::mount::mountable(plan, ok);
    let take_work = super::work::take_work(plan);
    let upload_limits = (!plan.uploads.is_empty()).then(|| {
        let arms = plan.uploads.iter().map(|upload| {
            let hid = Literal::u32_unsuffixed(upload.hid);
            let max_bytes = Literal::u64_unsuffixed(upload.max_bytes);
            let max_files = Literal::u32_unsuffixed(upload.max_files);
            let accept = &upload.accept;
            quote! {
                #hid => ::core::option::Option::Some(#rt::UploadLimits {
                    max_bytes: #max_bytes,
                    max_files: #max_files,
                    accept: #accept,
                }),
            }
        });
        quote! {
            fn upload_limits(&self, hid: #rt::HydrationId) -> ::core::option::Option<#rt::UploadLimits> {
                match hid.0 {
                    #(#arms)*
                    _ => ::core::option::Option::None,
                }
            }
        }
    });
    let live_impl = quote! {
        #[automatically_derived]
        impl #rt::LiveComponent for #name { #start_session #start_shared #params }
        #mountable
    };
    let script_impl = (!script_fns.is_empty()).then(|| quote!(impl #name { #(#script_fns)* }));

    let emit_enum = super::emit_enum(name);
    let debug_impls = debug::debug_impls(plan, &shared_name, has_shared);

    if !ok {
        // The struct stands, so uses of it raise no second error; the bodies never run.
        let stubs = error_stubs(plan, &shared_ty);
        return quote! {
            #state_struct
            #shared_struct
            #debug_impls
            #(#script_items)*
            #script_impl
            #stubs
            #live_impl
        };
    }

    let emit_enum_def = emit_enum_def(plan);
    let cx = Cx {
        plan,
        scopes: &scopes,
    };

    let html = html_ident();
    let snapshot = super::snapshot::snapshot_items(plan, has_shared);
    let render_steps = cx.render_chunks(&plan.render);
    let capacity = render::capacity(&plan.render);
    // A component with lists reserves what its last render took, and records it.
    let render_body = if plan.lists.is_empty() {
        quote! {
            #html.reserve(#capacity);
            #render_steps
        }
    } else {
        quote! {
            let __hjx_start = #html.len();
            #html.reserve(::core::cmp::max(#capacity, self.__hjx_size.get()));
            #render_steps
            self.__hjx_size.set(#html.len() - __hjx_start);
        }
    };

    let handler_fns = cx.handler_fns(&shared_ty);
    let event = Ident::new("__hjx_event", Span::mixed_site());
    let arms = cx.handle_arms(&event);

    // patch
    let dirty_arg = Ident::new("__hjx_dirty", Span::mixed_site());
    let scope = Ident::new("__hjx_scope", Span::mixed_site());
    let out = Ident::new("__hjx_out", Span::mixed_site());
    let spots = cx.patch_items(&plan.patches, true);
    let region_fns = cx.region_fns(&shared_ty);
    let field_names = plan.fields.iter().map(|f| f.ident.to_string());
    let shared_mask = Literal::u128_unsuffixed(plan.shared_mask.bits());
    let per_session =
        Literal::u128_unsuffixed(cx.shared_read_per_session(&plan.patches, true).bits());
    let bindings = cx.binding_metas();
    let scope_str = &plan.scope;
    let style = &plan.style;
    let first = Literal::u32_unsuffixed(plan.first_dynamic_hid);
    let (alloc_fn, dispatch) = if plan.lists.is_empty() {
        (TokenStream::new(), TokenStream::new())
    } else {
        (
            quote! {
                /// Takes `n` hydration IDs for a new list item; returns the first.
                fn __hjx_alloc(&self, n: u32) -> u32 {
                    let first = self.__hjx_next.get();
                    self.__hjx_next.set(first.saturating_add(n));
                    first
                }
            },
            cx.list_dispatch(&shared_ty),
        )
    };
    let instance_fns = cx.instance_fns(&shared_ty);
    let list_keys_fns = cx.list_keys_fns(&shared_ty);
    let instance_dispatch = cx.instance_dispatch();
    let mut child_types: Vec<&plan::InstanceType> = Vec::new();
    let children_meta: Vec<TokenStream> = plan
        .instances
        .iter()
        .filter(|i| {
            let new = !child_types.iter().any(|ty| ty.same(&i.ty));
            child_types.push(&i.ty);
            new
        })
        .map(|i| {
            let ty = &i.ty;
            quote!(<#ty as #rt::Component>::META)
        })
        .collect();
    let slots_param = quote!(__hjx_slots: &#rt::Slots<'_>);
    let extras = plan.extras;
    let clear_emits = (!plan.emits.is_empty()).then(|| quote!(self.__hjx_emits.clear();));
    // An event from an element whose `value`, `checked` or `selected` is remembered: the page
    // may have changed it, so the patch after the event sends it whatever it was.
    let forget = (!plan.forget.is_empty()).then(|| {
        let mut hids: Vec<u32> = plan.forget.iter().map(|(hid, _)| *hid).collect();
        hids.dedup();
        let arms = hids.iter().map(|hid| {
            let sent = plan
                .forget
                .iter()
                .filter(|(at, _)| at == hid)
                .map(|(_, sent)| Literal::usize_unsuffixed(*sent as usize));
            let hid = Literal::u32_unsuffixed(*hid);
            quote!(#hid => { #(self.__hjx_sent[#sent].set(u64::MAX);)* })
        });
        quote! {
            match #event.hid.0.wrapping_sub(self.__hjx_at.get()) {
                #(#arms)*
                _ => {}
            }
        }
    });
    let take_emits = if plan.emits.is_empty() {
        quote!(#rt::Vec::new())
    } else {
        quote!(::core::mem::take(&mut self.__hjx_emits))
    };
    let slot_names = &plan.slots;
    let hooks = super::mount::child_hooks(plan, has_fn("init"));
    let child_impl = if has_shared {
        child_stub(plan)
    } else {
        let embeddable = embeddable(plan);
        quote! {
            #[automatically_derived]
            impl #rt::Child for #name {
                type Emit = #emit_enum;
                const HIDS: u32 = #first;
                const SLOTS: &'static [&'static str] = &[#(#slot_names),*];
                #hooks
                fn hid_cells(&self) -> (&#rt::Cell<u32>, &#rt::Cell<u32>) {
                    (&self.__hjx_at, &self.__hjx_next)
                }
                fn render_child(&self, html: &mut #rt::Html, slots: &#rt::Slots<'_>) {
                    self.__hjx_render_in(&(), html, slots);
                }
                fn patch_child(&self, dirty: #rt::FieldSet, out: &mut #rt::Vec<#rt::PatchOp>, slots: &#rt::Slots<'_>) {
                    self.__hjx_patch_in(&(), dirty, #rt::PatchScope::All, out, slots);
                }
                fn handle_child(&mut self, event: &#rt::Event) -> ::core::result::Result<#rt::Handled, #rt::EventError> {
                    #rt::Component::handle(self, &mut (), event)
                }
                fn take_emits(&mut self) -> #rt::Vec<#emit_enum> {
                    #take_emits
                }
                fn set_class(&mut self, class: #rt::String) {
                    self.__hjx_class = class;
                }
            }
            #embeddable
        }
    };

    quote! {
        #state_struct
        #shared_struct
        #debug_impls
        #emit_enum_def
        #(#script_items)*
        #script_impl

        #[doc(hidden)]
        impl #name {
            #(#handler_fns)*
            #region_fns
            #alloc_fn
            #instance_fns
            #list_keys_fns

            #[allow(unused_variables, clippy::all)]
            fn __hjx_render_in(&self, #shared: &#shared_ty, #html: &mut #rt::Html, #slots_param) {
                #render_body
            }

            #[allow(unused_variables, clippy::all)]
            fn __hjx_patch_in(
                &self,
                #shared: &#shared_ty,
                #dirty_arg: #rt::FieldSet,
                #scope: #rt::PatchScope,
                #out: &mut #rt::Vec<#rt::PatchOp>,
                #slots_param,
            ) {
                #spots
            }
        }

        #[automatically_derived]
        impl #rt::Component for #name {
            type Shared = #shared_ty;

            const META: &'static #rt::ComponentMeta = &#rt::ComponentMeta {
                name: #name_str,
                scope: #scope_str,
                style: #style,
                fields: &[#(#field_names),*],
                shared: #rt::FieldSet(#shared_mask),
                bindings: &[#(#bindings),*],
                children: &[#(#children_meta),*],
                extras: #extras,
            };

            fn render(&self, #shared: &Self::Shared, #html: &mut #rt::Html) {
                // A whole render replaces every list item the client has.
                self.__hjx_next.set(self.__hjx_at.get() + #first);
                self.__hjx_render_in(#shared, #html, &|_, _| {});
            }

            #[allow(unused_variables, unreachable_code, clippy::all)]
            fn handle(
                &mut self,
                #shared: &mut Self::Shared,
                #event: &#rt::Event,
            ) -> ::core::result::Result<#rt::Handled, #rt::EventError> {
                #clear_emits
                #forget
                match (#event.hid.0.wrapping_sub(self.__hjx_at.get()), #event.kind) {
                    #(#arms)*
                    _ => {
                        #dispatch
                        #instance_dispatch
                        ::core::result::Result::Err(#rt::EventError::NotBound { hid: #event.hid, kind: #event.kind })
                    }
                }
            }

            fn patch(
                &self,
                #shared: &Self::Shared,
                #dirty_arg: #rt::FieldSet,
                #scope: #rt::PatchScope,
                #out: &mut #rt::Vec<#rt::PatchOp>,
            ) {
                self.__hjx_patch_in(#shared, #dirty_arg, #scope, #out, &|_, _| {});
            }

            #take_work
            #upload_limits
            #head_hook
            const SHARED_READ_PER_SESSION: #rt::FieldSet = #rt::FieldSet(#per_session);

            #snapshot
        }

        #live_impl
        #child_impl
    }
}

/// The enum of the events the component emits to the component whose markup uses it.
fn emit_enum_def(plan: &Plan) -> TokenStream {
    let name = &plan.name;
    let emit_enum = super::emit_enum(name);
    let variants = plan.emits.iter().map(|e| {
        let variant = Ident::new(&e.name, name.span());
        match &e.ty {
            Some(ty) => quote!(#variant(#ty)),
            // An event emitted without a value carries `()`: every variant is a tuple variant,
            // so a parent matches each one by one pattern.
            None => quote!(#variant(())),
        }
    });
    let doc = format!("The events `{name}` emits to the component whose markup uses it.");
    quote! {
        #[doc = #doc]
        #[allow(non_camel_case_types, dead_code)]
        pub enum #emit_enum { #(#variants),* }
    }
}

/// `Child` for a component that cannot be one (it has `shared:` fields) or whose markup has
/// errors: the bodies never run. `Child` stands for every component so that a parent using it
/// wrongly gets the one error of `Embeddable` at its tag.
fn child_stub(plan: &Plan) -> TokenStream {
    let rt = rt();
    let name = &plan.name;
    let emit_enum = super::emit_enum(name);
    quote! {
        #[automatically_derived]
        impl #rt::Child for #name {
            type Emit = #emit_enum;
            const HIDS: u32 = 1;
            const SLOTS: &'static [&'static str] = &[];
            fn hid_cells(&self) -> (&#rt::Cell<u32>, &#rt::Cell<u32>) { ::core::unreachable!() }
            fn render_child(&self, _: &mut #rt::Html, _: &#rt::Slots<'_>) { ::core::unreachable!() }
            fn patch_child(&self, _: #rt::FieldSet, _: &mut #rt::Vec<#rt::PatchOp>, _: &#rt::Slots<'_>) { ::core::unreachable!() }
            fn handle_child(&mut self, _: &#rt::Event) -> ::core::result::Result<#rt::Handled, #rt::EventError> { ::core::unreachable!() }
            fn take_emits(&mut self) -> #rt::Vec<#emit_enum> { ::core::unreachable!() }
            fn set_class(&mut self, _: #rt::String) { ::core::unreachable!() }
            fn swap_state(&mut self, _: &mut Self) { ::core::unreachable!() }
        }
    }
}

/// `Embeddable`, what a parent checks at a child's tag: only a component without `shared:`
/// fields can be a child.
fn embeddable(plan: &Plan) -> Option<TokenStream> {
    let rt = rt();
    let name = &plan.name;
    let has_shared = plan.fields.iter().any(|f| f.shared);
    (!has_shared).then(|| {
        quote! {
            #[automatically_derived]
            impl #rt::Embeddable for #name {}
        }
    })
}

/// The impls of a component whose markup has errors: they stand so that uses of the component
/// raise no second error, and their bodies never run.
fn error_stubs(plan: &Plan, shared_ty: &TokenStream) -> TokenStream {
    let rt = rt();
    let name = &plan.name;
    let name_str = name.to_string();
    let emit_enum_def = emit_enum_def(plan);
    let child_stub = child_stub(plan);
    let embeddable = embeddable(plan);
    quote! {
        #[automatically_derived]
        impl #rt::Component for #name {
            type Shared = #shared_ty;
            const META: &'static #rt::ComponentMeta = &#rt::ComponentMeta {
                name: #name_str, scope: "", style: "", fields: &[], shared: #rt::FieldSet::EMPTY, bindings: &[], children: &[], extras: false,
            };
            fn render(&self, _: &Self::Shared, _: &mut #rt::Html) { ::core::unreachable!() }
            fn handle(&mut self, _: &mut Self::Shared, _: &#rt::Event) -> ::core::result::Result<#rt::Handled, #rt::EventError> { ::core::unreachable!() }
            fn patch(&self, _: &Self::Shared, _: #rt::FieldSet, _: #rt::PatchScope, _: &mut #rt::Vec<#rt::PatchOp>) { ::core::unreachable!() }
        }
        #emit_enum_def
        #child_stub
        #embeddable
    }
}
