//! Writing component instances inside a keyed `for`: the parent keeps one child per item key
//! (a `KeyedInstances` field). An item's render creates its child on the key's first
//! appearance and sets every prop; a kept item's patch sets again the props whose value
//! changed (each prop's hash is remembered in the item's memory) and patches the child; the
//! list's patch and render drop the children whose key left. An event goes to the child that
//! owns its hydration ID; a handler of an event it emits may take arguments read from the item
//! that holds it (`on done -> finish(todo.id)`).

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, quote_spanned};

use super::{Cx, html_ident, instance_field, rt};
use crate::expr::{self, shared_ident};
use crate::plan::{EmitHandler, InstanceId, InstancePlan, ListId};

/// The closure a child in an item is rendered and patched with: it has no slots.
fn no_slots() -> TokenStream {
    quote!(&|_: &str, _: &mut ::hjx_runtime::__private::v1::Html, __hjx_n: u32| __hjx_n)
}

impl Cx<'_> {
    /// Sets the props of the child `__hjx_c` whose value differs from the hash its item
    /// remembers: every prop when the item is new.
    fn item_props(&self, instance: &InstancePlan) -> TokenStream {
        let rt = rt();
        let ty = &instance.ty;
        let first = instance.item.as_ref().map_or(0, |item| item.slot);
        let sets = instance.props.iter().enumerate().map(|(i, prop)| {
            let slot = Literal::usize_unsuffixed(first as usize + i);
            let setter = &prop.setter;
            let value = &prop.value;
            // Spanned at the prop, so that a prop the child lacks or a value of the wrong type
            // is reported at the attribute.
            let span = setter.span();
            let set = quote_spanned!(span=> <#ty>::#setter(&mut *__hjx_c, __hjx_v););
            quote! {{
                let __hjx_v = #value;
                let __hjx_h: u64 = {
                    #[allow(unused_imports)]
                    use #rt::{PropHashed as _, PropUnhashed as _};
                    (&#rt::PropHash(&__hjx_v)).prop_hash()
                };
                if __hjx_item.update(#slot, __hjx_h) {
                    #set
                }
            }}
        });
        quote!(#(#sets)*)
    }

    /// The checks, at the tag, of a component inside `for`: written once, in a function of
    /// their own, so that each is one error. The child must be embeddable (no `shared:`).
    pub(super) fn item_instance_check(&self, index: InstanceId) -> TokenStream {
        let ty = &self.plan.instances[index].ty;
        let span = ty.name.span();
        let check = quote::format_ident!("__hjx_check_{}", index.index());
        quote_spanned! {span=>
            #[allow(dead_code, clippy::all)]
            fn #check() {
                ::hjx_runtime::__private::v1::embeddable::<#ty>();
            }
        }
    }

    /// The instance of the item being rendered, inside its `<hjx-c>` wrapper.
    pub(super) fn item_instance_render(&self, index: InstanceId) -> TokenStream {
        let rt = rt();
        let html = html_ident();
        let instance = &self.plan.instances[index];
        let field = instance_field(index);
        let ty = &instance.ty;
        let hid = Literal::u32_unsuffixed(instance.hid);
        let open_end = format!("\"{}>", instance.data_on.as_deref().unwrap_or(""));
        let props = self.item_props(instance);
        let class = instance.class.as_ref().map(|class| {
            let class = expr::format_parts(&class.parts);
            quote!(#rt::Child::set_class(&mut *__hjx_c, #class);)
        });
        let slots = no_slots();
        quote! {
            #html.raw("<hjx-c data-hid=\"");
            #html.number(__hjx_base + #hid);
            #html.raw(#open_end);
            {
                let __hjx_n = self.#field.with(__hjx_item.key, |__hjx_inst: &#rt::Instance<#ty>| {
                    {
                        let mut __hjx_c = __hjx_inst.inner.borrow_mut();
                        #props
                        #class
                    }
                    __hjx_inst.render(#html, self.__hjx_next.get(), #slots)
                });
                self.__hjx_next.set(__hjx_n);
            }
            #html.raw("</hjx-c>");
        }
    }

    /// The patch of a kept item's instance: the props whose value changed are set again, then
    /// the child patches what changed in it.
    pub(super) fn item_instance_patch(&self, index: InstanceId) -> TokenStream {
        let rt = rt();
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let instance = &self.plan.instances[index];
        let field = instance_field(index);
        let ty = &instance.ty;
        let props = self.item_props(instance);
        let slots = no_slots();
        quote! {{
            let __hjx_n = self.#field.with(__hjx_item.key, |__hjx_inst: &#rt::Instance<#ty>| {
                {
                    let mut __hjx_c = __hjx_inst.inner.borrow_mut();
                    #props
                }
                __hjx_inst.patch(#out, self.__hjx_next.get(), #slots)
            });
            self.__hjx_next.set(__hjx_n);
        }}
    }

    /// Drops the instances of list `list` whose key is no longer among `__hjx_keys`.
    pub(super) fn retain_item_instances(&self, list: ListId) -> TokenStream {
        let drops = self
            .plan
            .instances
            .iter()
            .enumerate()
            .filter(|(_, instance)| instance.item.as_ref().is_some_and(|i| i.list == list))
            .map(|(index, _)| {
                let field = instance_field(InstanceId(index));
                quote!(self.#field.retain(&__hjx_keys);)
            });
        quote!(#(#drops)*)
    }

    /// Hands an event to the item instance that owns its hydration ID; runs the parent's
    /// handlers for the events it emitted.
    pub(super) fn item_instance_route(
        &self,
        index: InstanceId,
        instance: &InstancePlan,
    ) -> TokenStream {
        let rt = rt();
        let event = Ident::new("__hjx_event", Span::mixed_site());
        let field = instance_field(index);
        let list = instance.item.as_ref().map_or(ListId(0), |item| item.list);
        let arms = instance.emits.iter().map(|emit| match &emit.args {
            Some(args) => self.item_emit_arm(emit, args, list),
            None => self.emit_arm(emit),
        });
        let run_emits = super::instances::run_emits(&instance.ty, instance.bit, arms);
        quote! {
            let mut __hjx_found = ::core::option::Option::None;
            for (__hjx_k, __hjx_inst) in self.#field.map.get_mut().iter_mut() {
                let __hjx_r = #rt::Child::handle_child(__hjx_inst.inner.get_mut(), #event);
                if let ::core::result::Result::Ok(__hjx_h) = __hjx_r {
                    __hjx_inst.touch(__hjx_h.dirty);
                    let __hjx_emits = #rt::Child::take_emits(__hjx_inst.inner.get_mut());
                    __hjx_found = ::core::option::Option::Some((*__hjx_k, __hjx_h, __hjx_emits));
                    break;
                }
            }
            if let ::core::option::Option::Some((__hjx_key, __hjx_h, __hjx_emits)) = __hjx_found {
                #run_emits
            }
        }
    }

    /// An emitted event whose handler takes arguments read from the item keyed `__hjx_key`:
    /// the item is found by key, the arguments cloned, then the handler runs.
    fn item_emit_arm(&self, emit: &EmitHandler, args: &[syn::Expr], list: ListId) -> TokenStream {
        let rt = rt();
        let shared = shared_ident();
        let handler = &self.plan.handlers[emit.handler];
        let ident = &handler.ident;
        let writes = Literal::u128_unsuffixed(handler.writes.bits());
        let variant = &emit.event;
        let span = variant.span();
        let names: Vec<Ident> = args
            .iter()
            .enumerate()
            .map(|(i, arg)| Ident::new(&format!("__hjx_a{i}"), expr::expr_span(arg)))
            .collect();
        let clones = args.iter().map(|arg| {
            let arg = expr::borrow(arg);
            quote!(::core::clone::Clone::clone(#arg))
        });
        let plan = &self.plan.lists[list];
        let (head, index_binding) = Self::list_loop_head(plan);
        let keys = Self::bind_keys(plan, list);
        // Spanned at the event's name, where an event the child does not emit is reported.
        let pattern = quote_spanned!(span=> __HjxEmit::#variant(_));
        quote! {
            #pattern => {
                let __hjx_args = {
                    #keys
                    let mut __hjx_r = ::core::option::Option::None;
                    for #head {
                        #index_binding
                        if __hjx_keys[__hjx_pos] == __hjx_key {
                            __hjx_r = ::core::option::Option::Some((#(#clones,)*));
                            break;
                        }
                    }
                    __hjx_r
                };
                if let ::core::option::Option::Some((#(#names,)*)) = __hjx_args {
                    self.#ident(#shared, #(#names),*);
                    __hjx_d.insert(#rt::FieldSet(#writes));
                }
            }
        }
    }
}
