//! `render`: the component's HTML, static runs written as one string each, values escaped at
//! run time, hydration IDs on the elements that need them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Cx, html_ident, rt};
use crate::expr::{self, shared_ident};
use crate::plan::Chunk;

/// A first guess at the HTML's length, to reserve it at once.
pub(super) fn capacity(chunks: &[Chunk]) -> usize {
    chunks
        .iter()
        .map(|c| match c {
            Chunk::Static(text) => text.len(),
            _ => 8,
        })
        .sum::<usize>()
}

impl Cx<'_> {
    pub(super) fn render_chunks(&self, chunks: &[Chunk]) -> TokenStream {
        let rt = rt();
        let html = html_ident();
        let shared = shared_ident();
        let steps = chunks.iter().map(|chunk| match chunk {
            Chunk::Static(text) => quote!(#html.raw(#text);),
            Chunk::Value(value) => {
                let value = expr::shown(value);
                quote!(#html.text(&#value);)
            }
            Chunk::Trusted(value, slot) => {
                // Spanned at the expression, so that a value of another type is an error there.
                let markup =
                    quote::quote_spanned!(crate::expr::expr_span(value)=> #rt::trusted(&(#value)));
                match slot {
                    None => quote!(#html.raw(#markup);),
                    Some(slot) => {
                        let slot = Literal::usize_unsuffixed(*slot as usize);
                        quote! {{
                            let __hjx_t: &str = #markup;
                            __hjx_item.slots[#slot] = #rt::text_hash(__hjx_t);
                            #html.raw(__hjx_t);
                        }}
                    }
                }
            }
            Chunk::Flag(value, markup, None) => quote!(if #value { #html.raw(#markup); }),
            Chunk::Flag(value, markup, Some(slot)) => {
                let slot = Literal::usize_unsuffixed(*slot as usize);
                let bool_ty = super::patch::bool_at(value);
                quote! {{
                    let __hjx_v: #bool_ty = #value;
                    __hjx_item.slots[#slot] = u64::from(__hjx_v);
                    if __hjx_v { #html.raw(#markup); }
                }}
            }
            Chunk::SpotValue(slot, parts) => {
                let slot = Literal::usize_unsuffixed(*slot as usize);
                let pushes = expr::push_parts(parts);
                quote! {
                    __hjx_item.slots[#slot] = #html.spot(|mut __hjx_text: &mut #rt::String| { #pushes });
                }
            }
            Chunk::SentValue(sent, parts) => {
                let sent = Literal::usize_unsuffixed(*sent as usize);
                let pushes = expr::push_parts(parts);
                quote! {
                    self.__hjx_sent[#sent].set(#html.spot(|mut __hjx_text: &mut #rt::String| { #pushes }));
                }
            }
            Chunk::SentFlag(value, markup, sent) => {
                let sent = Literal::usize_unsuffixed(*sent as usize);
                let bool_ty = super::patch::bool_at(value);
                quote! {{
                    let __hjx_v: #bool_ty = #value;
                    self.__hjx_sent[#sent].set(u64::from(__hjx_v));
                    if __hjx_v { #html.raw(#markup); }
                }}
            }
            Chunk::Hid(hid) => {
                let hid = Literal::u32_unsuffixed(*hid);
                quote!(#html.number(__hjx_base + #hid);)
            }
            Chunk::TopHid(hid) => {
                let hid = Literal::u32_unsuffixed(*hid);
                quote!(#html.number(self.__hjx_at.get() + #hid);)
            }
            Chunk::Instance(index) if self.plan.instances[*index].item.is_some() => {
                self.item_instance_render(*index)
            }
            Chunk::Instance(index) => self.instance_render(*index),
            Chunk::Slot(name) => quote!(__hjx_slots(#name, #html);),
            Chunk::MergedClass => quote! {
                if !self.__hjx_class.is_empty() {
                    #html.raw(" ");
                    #html.text(&self.__hjx_class);
                }
            },
            Chunk::MergedClassAttr => quote! {
                if !self.__hjx_class.is_empty() {
                    #html.raw(" class=\"");
                    #html.text(&self.__hjx_class);
                    #html.raw("\"");
                }
            },
            Chunk::List(index) => self.list_render(*index),
            Chunk::Region(index) if self.plan.regions[*index].slot.is_some() => {
                self.item_region_render(*index)
            }
            Chunk::Region(index) => {
                let (branch, render) = Self::region_idents(*index);
                let memory = self.memory(*index);
                quote! {
                    let __hjx_b = self.#branch(#shared);
                    #memory.store(__hjx_b, #rt::core::sync::atomic::Ordering::Relaxed);
                    self.#render(#shared, #html, __hjx_b, __hjx_slots);
                }
            }
        });
        quote!(#(#steps)*)
    }
}
