//! `patch`: for the fields an event changed, the ops that bring the page up to date. Each
//! dynamic spot is recomputed only when a field it reads changed.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::{Cx, rt};
use crate::expr::{self, shared_ident};
use crate::plan::{self, FieldMask, PatchItem, SpotTarget};

impl Cx<'_> {
    pub(super) fn patch_items(&self, items: &[PatchItem], parent_shared: bool) -> TokenStream {
        let rt = rt();
        let dirty_arg = Ident::new("__hjx_dirty", Span::mixed_site());
        let scope = Ident::new("__hjx_scope", Span::mixed_site());
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let shared = shared_ident();
        let scope_check = |shared_only: bool| {
            if shared_only {
                quote!(#scope != #rt::PatchScope::SessionOnly)
            } else {
                quote!(#scope != #rt::PatchScope::SharedOnly)
            }
        };
        let steps = items.iter().map(|item| match item {
            PatchItem::Spot(spot) if spot.slot.is_some() => self.item_spot(spot),
            PatchItem::List(index) => self.list_patch(*index),
            PatchItem::Region(index) if self.plan.regions[*index].slot.is_some() => {
                self.item_region_patch(*index)
            }
            PatchItem::Instance(index) if self.plan.instances[*index].item.is_some() => {
                self.item_instance_patch(*index)
            }
            PatchItem::Instance(index) => self.instance_patch(*index),
            PatchItem::Spot(spot) => {
                let hid = Self::hid(spot.hid, false);
                let reads = Literal::u128_unsuffixed(spot.reads.bits());
                let in_scope = scope_check(self.patched_once(spot, parent_shared));
                let when = quote!(#dirty_arg.intersects(#rt::FieldSet(#reads)) && #in_scope);
                if let Some(sent) = spot.sent {
                    return self.sent_spot(spot, sent, &when);
                }
                let op = match &spot.target {
                    SpotTarget::Text => {
                        let text = expr::format_parts(&spot.parts);
                        quote!(#rt::PatchOp::SetText { hid: #hid, text: #text })
                    }
                    SpotTarget::Attr(name) => {
                        let value = expr::format_parts(&spot.parts);
                        quote!(#rt::PatchOp::SetAttr { hid: #hid, name: #name, value: #value })
                    }
                    SpotTarget::Html => {
                        let Some(plan::SpotPart::Value(value)) = spot.parts.first() else {
                            return TokenStream::new();
                        };
                        let markup = quote::quote_spanned!(crate::expr::expr_span(value)=> #rt::trusted(&(#value)));
                        quote!(#rt::PatchOp::ReplaceHtml { hid: #hid, html: #rt::String::from(#markup) })
                    }
                    SpotTarget::Flag(name) => {
                        let Some(plan::SpotPart::Value(value)) = spot.parts.first() else {
                            return TokenStream::new();
                        };
                        let bool_ty = bool_at(value);
                        let op = flag_op(&hid, name);
                        quote!({
                            let __hjx_v: #bool_ty = #value;
                            #op
                        })
                    }
                };
                quote! {
                    if #when {
                        #out.push(#op);
                    }
                }
            }
            PatchItem::Region(index) => {
                let region = &self.plan.regions[*index];
                let region_shared = self.scopes[*index].shared;
                let hid = Self::hid(region.hid, false);
                let reads = Literal::u128_unsuffixed(region.reads.bits());
                let in_scope = scope_check(region_shared);
                let memory = self.memory(*index);
                let (branch, render) = Self::region_idents(*index);
                let relaxed = quote!(#rt::core::sync::atomic::Ordering::Relaxed);
                let arms = region.arm_patches.iter().enumerate().map(|(i, arm)| {
                    let i = Literal::u8_unsuffixed(i as u8);
                    let inner = self.patch_items(arm, region_shared);
                    quote!(#i => { #inner })
                });
                quote! {
                    if #dirty_arg.intersects(#rt::FieldSet(#reads)) {
                        let __hjx_b = self.#branch(#shared);
                        let __hjx_shown = #memory.load(#relaxed);
                        if #in_scope && __hjx_shown != __hjx_b {
                            // The branch changed: one op replaces the region.
                            #memory.store(__hjx_b, #relaxed);
                            let mut __hjx_region = #rt::Html::new();
                            self.#render(#shared, &mut __hjx_region, __hjx_b, __hjx_slots);
                            #out.push(#rt::PatchOp::ReplaceHtml { hid: #hid, html: __hjx_region.into_string() });
                        } else if __hjx_shown == __hjx_b {
                            match __hjx_b {
                                #(#arms)*
                                _ => {}
                            }
                        }
                    }
                }
            }
        });
        quote!(#(#steps)*)
    }

    /// Whether a spot outside list items is patched once for every session (in the scope
    /// `SharedOnly`): it reads nothing but shared fields, in a shared region or none.
    fn patched_once(&self, spot: &plan::Spot, parent_shared: bool) -> bool {
        parent_shared && spot.reads.without(self.plan.shared_mask).is_empty()
    }

    /// The `shared:` fields read by what `items` patch in each session on its own (the scope
    /// `SessionOnly`): spots that also read a per-session field, lists (but `shared:` streams),
    /// regions of their own, and children. A change of the other shared fields sends every
    /// session the same operations and nothing else.
    pub(super) fn shared_read_per_session(
        &self,
        items: &[PatchItem],
        parent_shared: bool,
    ) -> FieldMask {
        let shared = self.plan.shared_mask;
        let reads = items
            .iter()
            .map(|item| match item {
                // Inside list items: their list counts.
                PatchItem::Spot(spot) if spot.slot.is_some() => FieldMask::EMPTY,
                PatchItem::Spot(spot) if self.patched_once(spot, parent_shared) => FieldMask::EMPTY,
                PatchItem::Spot(spot) => spot.reads,
                PatchItem::List(index) => {
                    let list = &self.plan.lists[*index];
                    if list.stream == Some(true) {
                        FieldMask::EMPTY
                    } else {
                        list.reads
                    }
                }
                PatchItem::Region(index) => {
                    let region = &self.plan.regions[*index];
                    let region_shared = self.scopes[*index].shared;
                    let arms: FieldMask = region
                        .arm_patches
                        .iter()
                        .map(|arm| self.shared_read_per_session(arm, region_shared))
                        .collect();
                    if region_shared {
                        arms
                    } else {
                        region.reads | arms
                    }
                }
                PatchItem::Instance(index) => self.plan.instances[*index].reads,
            })
            .collect::<FieldMask>();
        reads.intersection(shared)
    }

    /// A spot outside list items that remembers what it sent (`__hjx_sent[sent]`): when `when`
    /// holds, patched only if its text (or flag) differs from that.
    fn sent_spot(&self, spot: &plan::Spot, sent: u32, when: &TokenStream) -> TokenStream {
        let rt = rt();
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let hid = Self::hid(spot.hid, false);
        let sent = Literal::usize_unsuffixed(sent as usize);
        match &spot.target {
            SpotTarget::Flag(name) => {
                let Some(plan::SpotPart::Value(value)) = spot.parts.first() else {
                    return TokenStream::new();
                };
                let op = flag_op(&hid, name);
                let bool_ty = bool_at(value);
                quote! {
                    if #when {
                        let __hjx_v: #bool_ty = #value;
                        if self.__hjx_sent[#sent].replace(u64::from(__hjx_v)) != u64::from(__hjx_v) {
                            #out.push(#op);
                        }
                    }
                }
            }
            target => {
                let text = expr::format_parts(&spot.parts);
                let op = text_op(target, &hid);
                quote! {
                    if #when {
                        let __hjx_t: #rt::String = #text;
                        let __hjx_h = #rt::text_hash(&__hjx_t);
                        if self.__hjx_sent[#sent].replace(__hjx_h) != __hjx_h {
                            #out.push(#op);
                        }
                    }
                }
            }
        }
    }

    /// A dynamic spot inside a list item: patched when its text differs from the memory.
    fn item_spot(&self, spot: &plan::Spot) -> TokenStream {
        let rt = rt();
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let hid = Self::hid(spot.hid, true);
        let slot = Literal::usize_unsuffixed(spot.slot.unwrap_or_default() as usize);
        match &spot.target {
            SpotTarget::Text | SpotTarget::Attr(_) => {
                let text = expr::format_parts(&spot.parts);
                let op = text_op(&spot.target, &hid);
                quote! {{
                    let __hjx_t: #rt::String = #text;
                    if __hjx_item.update(#slot, #rt::text_hash(&__hjx_t)) {
                        #out.push(#op);
                    }
                }}
            }
            SpotTarget::Html => {
                let Some(plan::SpotPart::Value(value)) = spot.parts.first() else {
                    return TokenStream::new();
                };
                let markup =
                    quote::quote_spanned!(crate::expr::expr_span(value)=> #rt::trusted(&(#value)));
                quote! {{
                    let __hjx_t: &str = #markup;
                    if __hjx_item.update(#slot, #rt::text_hash(__hjx_t)) {
                        #out.push(#rt::PatchOp::ReplaceHtml { hid: #hid, html: #rt::String::from(__hjx_t) });
                    }
                }}
            }
            SpotTarget::Flag(name) => {
                let Some(plan::SpotPart::Value(value)) = spot.parts.first() else {
                    return TokenStream::new();
                };
                let op = flag_op(&hid, name);
                let bool_ty = bool_at(value);
                quote! {{
                    let __hjx_v: #bool_ty = #value;
                    if __hjx_item.update(#slot, u64::from(__hjx_v)) {
                        #out.push(#op);
                    }
                }}
            }
        }
    }
}

/// The op that sets a text or attribute spot of element `hid` to the string `__hjx_t`.
fn text_op(target: &SpotTarget, hid: &TokenStream) -> TokenStream {
    let rt = rt();
    match target {
        SpotTarget::Attr(name) => {
            quote!(#rt::PatchOp::SetAttr { hid: #hid, name: #name, value: __hjx_t })
        }
        _ => quote!(#rt::PatchOp::SetText { hid: #hid, text: __hjx_t }),
    }
}

/// The op that sets boolean attribute `name` of element `hid` as `__hjx_v` says.
fn flag_op(hid: &TokenStream, name: &str) -> TokenStream {
    let rt = rt();
    quote! {
        if __hjx_v {
            #rt::PatchOp::SetAttr { hid: #hid, name: #name, value: #rt::String::new() }
        } else {
            #rt::PatchOp::RemoveAttr { hid: #hid, name: #name }
        }
    }
}

/// `bool`, spanned at `value`: a value of another type is an error there alone.
pub(super) fn bool_at(value: &syn::Expr) -> TokenStream {
    quote::quote_spanned!(crate::expr::expr_span(value)=> bool)
}
