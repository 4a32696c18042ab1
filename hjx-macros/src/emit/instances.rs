//! Writing component instances: the method that sets an instance's props and renders it, the
//! method that renders the parent's content for its slots, its patch, and the event routing
//! that hands the child its events and runs the parent's handlers for the events it emits.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};

use super::{Cx, html_ident, instance_field, rt};
use crate::expr::{self, shared_ident};
use crate::plan::{
    EmitHandler, FieldMask, InstanceId, InstancePlan, InstanceType, PropPlan, PropValue,
};

fn idents(instance: InstanceId) -> (Ident, Ident, Ident) {
    let index = instance.index();
    (
        instance_field(instance),
        format_ident!("__hjx_inst_{}", index),
        format_ident!("__hjx_slot_{}", index),
    )
}

/// The method that sets the props of `instance`.
fn props_fn(instance: InstanceId) -> Ident {
    format_ident!("__hjx_props_{}", instance.index())
}

/// `child.set_prop(value)`: spanned at the prop, so that rustc reports a prop the child does
/// not have, or a value of the wrong type, at the attribute.
fn set_prop(ty: &InstanceType, prop: &PropPlan) -> TokenStream {
    let setter = &prop.setter;
    let value = &prop.value;
    let span = setter.span();
    quote_spanned!(span=> <#ty>::#setter(&mut *__hjx_c, #value);)
}

/// The closure that renders the parent's content for the instance's slots, keeping one
/// hydration ID counter between parent and child.
fn slots_closure(index: InstanceId) -> TokenStream {
    let (_, _, slot_fn) = idents(index);
    let shared = shared_ident();
    quote! {
        &|__hjx_name: &str, __hjx_h: &mut ::hjx_runtime::__private::v1::Html, __hjx_n: u32| {
            self.__hjx_next.set(__hjx_n);
            self.#slot_fn(#shared, __hjx_name, __hjx_h, __hjx_slots);
            self.__hjx_next.get()
        }
    }
}

/// The end of a child's event in its parent: the parent's handler arm runs for each event the
/// child emitted (`__hjx_emits`), then the event is handled, with the instance's field `bit`
/// and what the arms wrote as dirty (the child's own handling is `__hjx_h`).
pub(super) fn run_emits(
    ty: &InstanceType,
    bit: u32,
    arms: impl Iterator<Item = TokenStream>,
) -> TokenStream {
    let rt = rt();
    let bit = Literal::u128_unsuffixed(FieldMask::bit(bit).bits());
    quote! {
        let mut __hjx_d = #rt::FieldSet(#bit);
        type __HjxEmit = <#ty as #rt::Child>::Emit;
        for __hjx_e in __hjx_emits {
            #[allow(unreachable_patterns)]
            match __hjx_e {
                #(#arms)*
                _ => {}
            }
        }
        return ::core::result::Result::Ok(#rt::Handled { handler: __hjx_h.handler, dirty: __hjx_d });
    }
}

impl Cx<'_> {
    /// For each instance: the method setting its props and rendering it (inside its wrapper),
    /// and the method rendering the parent's content for one of its slots.
    pub(super) fn instance_fns(&self, shared_ty: &TokenStream) -> TokenStream {
        let rt = rt();
        let html = html_ident();
        let shared = shared_ident();
        let fns = self.plan.instances.iter().enumerate().map(|(index, instance)| {
            if instance.item.is_some() {
                return self.item_instance_check(InstanceId(index));
            }
            let index = InstanceId(index);
            let (field, render_fn, slot_fn) = idents(index);
            let props_fn = props_fn(index);
            let ty = &instance.ty;
            // Each prop is set in this one place, for render and patch alike, so that a prop
            // the child lacks or a value of the wrong type is one error, not one per use.
            let dirty = Ident::new("__hjx_dirty", Span::mixed_site());
            let mount = Ident::new("__hjx_mount", Span::mixed_site());
            let once = instance.props.iter().filter(|p| p.reads.is_empty()).map(|p| set_prop(ty, p));
            let always = instance.props.iter().filter(|p| !p.reads.is_empty()).map(|prop| {
                let reads = Literal::u128_unsuffixed(prop.reads.bits());
                let set = set_prop(ty, prop);
                quote!(if #dirty.intersects(#rt::FieldSet(#reads)) { #set })
            });
            // Spanned at the tag: a component that cannot be a child is one error there.
            let span = ty.name.span();
            let check = quote_spanned!(span=> ::hjx_runtime::__private::v1::embeddable::<#ty>(););
            let class = instance.class.as_ref().map(|class| {
                let class = expr::format_parts(&class.parts);
                quote!(#rt::Child::set_class(&mut *__hjx_c, #class);)
            });
            let closure = slots_closure(index);
            let arms = instance.slots.iter().map(|slot| {
                let name = &slot.name;
                let steps = self.render_chunks(&slot.render);
                quote!(#name => { #steps })
            });
            quote! {
                #[allow(unused_variables, unused_mut, clippy::all)]
                fn #render_fn(&self, #shared: &#shared_ty, #html: &mut #rt::Html, __hjx_slots: &#rt::Slots<'_>) {
                    #check
                    {
                        let mut __hjx_c = self.#field.inner.borrow_mut();
                        let #mount = !self.#field.mounted.replace(true);
                        self.#props_fn(#shared, &mut __hjx_c, #mount, #rt::FieldSet::ALL);
                        #class
                    }
                    let __hjx_n = self.#field.render(#html, self.__hjx_next.get(), #closure);
                    self.__hjx_next.set(__hjx_n);
                }

                #[allow(unused_variables, clippy::all)]
                fn #props_fn(&self, #shared: &#shared_ty, __hjx_c: &mut #ty, #mount: bool, #dirty: #rt::FieldSet) {
                    if #mount {
                        #(#once)*
                    }
                    #(#always)*
                }

                #[allow(unused_variables, clippy::all)]
                fn #slot_fn(&self, #shared: &#shared_ty, __hjx_name: &str, #html: &mut #rt::Html, __hjx_slots: &#rt::Slots<'_>) {
                    match __hjx_name {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        });
        quote!(#(#fns)*)
    }

    /// The instance inside its `<hjx-c>` wrapper.
    pub(super) fn instance_render(&self, index: InstanceId) -> TokenStream {
        let html = html_ident();
        let shared = shared_ident();
        let instance = &self.plan.instances[index];
        let (_, render_fn, _) = idents(index);
        let hid = Literal::u32_unsuffixed(instance.hid);
        let open_end = format!("\"{}>", instance.data_on.as_deref().unwrap_or(""));
        quote! {
            #html.raw("<hjx-c data-hid=\"");
            #html.number(self.__hjx_at.get() + #hid);
            #html.raw(#open_end);
            self.#render_fn(#shared, #html, __hjx_slots);
            #html.raw("</hjx-c>");
        }
    }

    /// The patch of an instance: the props whose fields changed are set again, then the child
    /// patches what changed in it. A changed `class` renders the instance again.
    pub(super) fn instance_patch(&self, index: InstanceId) -> TokenStream {
        let rt = rt();
        let shared = shared_ident();
        let dirty = Ident::new("__hjx_dirty", Span::mixed_site());
        let scope = Ident::new("__hjx_scope", Span::mixed_site());
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let instance = &self.plan.instances[index];
        let (field, render_fn, _) = idents(index);
        let watched =
            Literal::u128_unsuffixed((instance.reads | FieldMask::bit(instance.bit)).bits());
        let props_fn = props_fn(index);
        let props = instance
            .props
            .iter()
            .any(|p| !p.reads.is_empty())
            .then(|| quote!(self.#props_fn(#shared, &mut __hjx_c, false, #dirty);));
        let closure = slots_closure(index);
        let patch = quote! {
            {
                let mut __hjx_c = self.#field.inner.borrow_mut();
                #props
            }
            let __hjx_n = self.#field.patch(#out, self.__hjx_next.get(), #closure);
            self.__hjx_next.set(__hjx_n);
        };
        let body = match &instance.class {
            Some(class) if !class.reads.is_empty() => {
                let class_reads = Literal::u128_unsuffixed(class.reads.bits());
                let hid = Self::hid(instance.hid, false);
                quote! {
                    if #dirty.intersects(#rt::FieldSet(#class_reads)) {
                        let mut __hjx_region = #rt::Html::new();
                        self.#render_fn(#shared, &mut __hjx_region, __hjx_slots);
                        #out.push(#rt::PatchOp::ReplaceHtml { hid: #hid, html: __hjx_region.into_string() });
                    } else {
                        #patch
                    }
                }
            }
            _ => patch,
        };
        quote! {
            if #dirty.intersects(#rt::FieldSet(#watched)) && #scope != #rt::PatchScope::SharedOnly {
                #body
            }
        }
    }

    /// Hands an event no element of the parent binds to each instance in turn; for the one
    /// that handles it, records what the child changed and runs the parent's handlers for the
    /// events it emitted.
    pub(super) fn instance_dispatch(&self) -> TokenStream {
        let steps = self
            .plan
            .instances
            .iter()
            .enumerate()
            .map(|(index, instance)| match instance.item {
                Some(_) => self.item_instance_route(InstanceId(index), instance),
                None => self.instance_route(InstanceId(index), instance),
            });
        quote!(#(#steps)*)
    }

    fn instance_route(&self, index: InstanceId, instance: &InstancePlan) -> TokenStream {
        let rt = rt();
        let event = Ident::new("__hjx_event", Span::mixed_site());
        let (field, _, _) = idents(index);
        let ty = &instance.ty;
        let guards = self.shown(&instance.guards);
        let shown = if guards.is_empty() {
            quote!(true)
        } else {
            quote!(#(#guards)&&*)
        };
        let arms = instance.emits.iter().map(|emit| self.emit_arm(emit));
        let run_emits = run_emits(ty, instance.bit, arms);
        quote! {
            if #shown {
                let __hjx_r = #rt::Child::handle_child(self.#field.inner.get_mut(), #event);
                if let ::core::result::Result::Ok(__hjx_h) = __hjx_r {
                    self.#field.touch(__hjx_h.dirty);
                    let __hjx_emits = #rt::Child::take_emits(self.#field.inner.get_mut());
                    #run_emits
                }
            }
        }
    }

    /// The parent's handler run for one event the child emits, with the event's value if the
    /// handler takes one.
    pub(super) fn emit_arm(&self, emit: &EmitHandler) -> TokenStream {
        let rt = rt();
        let shared = shared_ident();
        let (variant, takes_value) = (&emit.event, emit.takes_value);
        let handler = &self.plan.handlers[emit.handler];
        let ident = &handler.ident;
        let writes = Literal::u128_unsuffixed(handler.writes.bits());
        // Every event carries one value (`()` when emitted without one), so one pattern
        // matches it; spanned at the event's name, where an event the child does not emit
        // is one error, with rustc's did-you-mean.
        let span = variant.span();
        let (pattern, call) = if takes_value {
            // Converted through `EventValue` to the parameter's type, spanned at the
            // event's name: a value of another type, or none, is one error there.
            let value = Ident::new("__hjx_v", span);
            let param = handler.params.first().map(|p| &p.ty);
            let value = quote_spanned!(span=>
                <_ as ::hjx_runtime::__private::v1::EventValue<#param>>::into_param(#value)
            );
            (
                quote_spanned!(span=> __HjxEmit::#variant(__hjx_v)),
                quote!(self.#ident(#shared, #value)),
            )
        } else {
            (
                quote_spanned!(span=> __HjxEmit::#variant(_)),
                quote!(self.#ident(#shared)),
            )
        };
        quote! {
            #pattern => {
                #call;
                __hjx_d.insert(#rt::FieldSet(#writes));
            }
        }
    }
}

/// A child component's type: `module::Name` for an imported one.
impl ToTokens for InstanceType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let name = &self.name;
        tokens.extend(match &self.module {
            Some(module) => quote!(#module::#name),
            None => quote!(#name),
        });
    }
}

/// The value given to a prop, spanned so that a type mismatch is reported at the attribute.
impl ToTokens for PropValue {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            PropValue::Clone(expr) => {
                let span = expr::expr_span(expr);
                quote_spanned!(span=> (#expr).clone())
            }
            PropValue::Text { parts, span } => {
                let text = expr::format_parts(parts);
                let value = Ident::new("__hjx_text_prop", *span);
                quote!({ let #value: ::std::string::String = #text; #value })
            }
            PropValue::True => quote!(true),
        });
    }
}
