//! Writing a `for` over a `Stream<…>` field: the render shows the items its edits leave, the
//! patch turns each edit into one operation, and neither remembers an item. Items take no
//! hydration IDs of their own (nothing patches them); each sits in an `<hjx-item>` addressed by
//! the list's ID and its key's hash.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::lists::key_hash;
use super::{Cx, html_ident, rt};
use crate::plan::ListPlan;

impl Cx<'_> {
    /// Renders the stream item bound to the list's item name into `__hjx_html`, in its wrapper
    /// when `wrap` (an add) or alone (a replace); expects `__hjx_key` bound.
    fn stream_item(&self, list: &ListPlan, wrap: bool) -> TokenStream {
        let rt = rt();
        let html = html_ident();
        let slots = Literal::usize_unsuffixed(list.slots as usize);
        let nested = Literal::usize_unsuffixed(list.nested.len());
        let container = Self::hid(list.container, false);
        let chunks = self.render_chunks(&list.render);
        let (open, close) = if wrap {
            (
                quote!(#rt::open_item(#html, #container, __hjx_key);),
                quote!(#rt::close_item(#html);),
            )
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        quote! {
            // What the item's `if`s and nested lists would remember, dropped once it is sent.
            #[allow(unused_variables, unused_mut)]
            let mut __hjx_item = #rt::ItemMem::new(__hjx_key, 0, #slots, #nested);
            #open
            #chunks
            #close
        }
    }

    /// The render of a stream: the items its edits leave, each in its wrapper.
    pub(super) fn stream_render(&self, list: &ListPlan) -> TokenStream {
        let item = &list.item;
        let iter = &list.iter;
        let key = list.key.as_ref().map(key_hash).unwrap_or_default();
        let body = self.stream_item(list, true);
        quote! {
            for #item in #iter.take_items(|#item| #key).iter() {
                let __hjx_key: u64 = #key;
                #body
            }
        }
    }

    /// The patch of a stream: one operation per edit, an added item rendered once.
    pub(super) fn stream_patch(&self, list: &ListPlan, shared: bool) -> TokenStream {
        let rt = rt();
        let html = html_ident();
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let dirty = Ident::new("__hjx_dirty", Span::mixed_site());
        let scope = Ident::new("__hjx_scope", Span::mixed_site());
        let item = &list.item;
        let iter = &list.iter;
        let key = list.key.as_ref().map(key_hash).unwrap_or_default();
        let container = Self::hid(list.container, false);
        let reads = Literal::u128_unsuffixed(list.reads.bits());
        // A shared stream's operations are the same for every page: encoded once, with the
        // spots that read only shared fields.
        let skip = if shared {
            quote!(#rt::PatchScope::SessionOnly)
        } else {
            quote!(#rt::PatchScope::SharedOnly)
        };
        let added = self.stream_item(list, true);
        let replaced = self.stream_item(list, false);
        quote! {
            if #dirty.intersects(#rt::FieldSet(#reads)) && #scope != #skip {
                for __hjx_edit in #iter.take_edits() {
                    let mut __hjx_new = #rt::Html::new();
                    let __hjx_key: u64 = {
                        let #html = &mut __hjx_new;
                        match &__hjx_edit {
                            #rt::StreamEdit::Append(#item) | #rt::StreamEdit::Prepend(#item) => {
                                let __hjx_key: u64 = #key;
                                #added
                                __hjx_key
                            }
                            #rt::StreamEdit::Replace(#item) => {
                                let __hjx_key: u64 = #key;
                                #replaced
                                __hjx_key
                            }
                            _ => 0,
                        }
                    };
                    #out.push(#rt::edit_op(#container, &__hjx_edit, __hjx_key, __hjx_new.into_string()));
                }
            }
        }
    }
}
