//! Writing `for` blocks: the item loop that renders and remembers each item, the patch that
//! reconciles the items by key and compares each kept item's spots with its memory, and the
//! dispatch that finds the item an event's hydration ID belongs to.
//!
//! Inside an item, generated code names the item's memory `__hjx_item` and its first
//! hydration ID `__hjx_base`; a nested list shadows both inside its own loop.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use super::{Cx, html_ident, rt};
use crate::expr::shared_ident;
use crate::plan::{Action, BindingPlan, FieldMask, ListId, ListPlan};

/// The hash of an item's key, spanned at the key in full, path included: a key that is not
/// hashable is reported there.
pub(super) fn key_hash(key: &syn::Expr) -> TokenStream {
    let span = crate::expr::expr_span(key);
    let key = crate::expr::borrow(key);
    quote_spanned!(span=> ::hjx_runtime::__private::v1::key_hash(#key))
}

/// The keys method of the list `index`.
fn keys_fn(index: ListId) -> Ident {
    format_ident!("__hjx_keys_{}", index.index())
}

/// Whether the list's key expression is written once, in its keys method: a top-level keyed
/// list.
fn has_keys_fn(list: &ListPlan) -> bool {
    list.key.is_some() && list.depth == 0 && list.stream.is_none()
}

impl Cx<'_> {
    /// `HydrationId(N)`, or inside an item `HydrationId(__hjx_base + N)`.
    pub(super) fn hid(hid: u32, in_item: bool) -> TokenStream {
        let rt = rt();
        let hid = Literal::u32_unsuffixed(hid);
        if in_item {
            quote!(#rt::HydrationId(__hjx_base + #hid))
        } else {
            quote!(#rt::HydrationId(self.__hjx_at.get() + #hid))
        }
    }

    /// Binds `__hjx_list` to the list's memory: a slot of the component, or of the item.
    fn bind_list(list: &ListPlan) -> TokenStream {
        let rt = rt();
        let mem = Literal::usize_unsuffixed(list.mem);
        if list.depth == 0 {
            quote! {
                let mut __hjx_guard = self.__hjx_lists[#mem].borrow_mut();
                let __hjx_list: &mut #rt::ListMem = &mut __hjx_guard;
            }
        } else {
            quote!(let __hjx_list: &mut #rt::ListMem = &mut __hjx_item.lists[#mem];)
        }
    }

    /// `for (__hjx_pos, item) in …` and the user's index name, if any.
    pub(super) fn list_loop_head(list: &ListPlan) -> (TokenStream, TokenStream) {
        Self::list_loop_head_skip(list, TokenStream::new())
    }

    /// As [`Self::list_loop_head`], the iterator followed by `adapt` (`.skip(n)`): positions
    /// stay the items' own.
    pub(super) fn list_loop_head_skip(
        list: &ListPlan,
        adapt: TokenStream,
    ) -> (TokenStream, TokenStream) {
        let item = &list.item;
        let iter = Self::list_iter(list);
        (
            quote!((__hjx_pos, #item) in #iter #adapt),
            Self::index_binding(list),
        )
    }

    /// `let index = __hjx_pos;` for the user's index name, if the loop has one.
    fn index_binding(list: &ListPlan) -> TokenStream {
        match &list.index {
            Some(index) => quote!(let #index = __hjx_pos;),
            None => TokenStream::new(),
        }
    }

    /// The numbered items of the list: `items(&todos)`.
    fn list_iter(list: &ListPlan) -> TokenStream {
        let iter = &list.iter;
        // Spanned at the expression, so that a value that is no iterator is reported there.
        let span = crate::expr::expr_span(iter);
        if list.borrow_iter {
            quote_spanned!(span=> ::hjx_runtime::__private::v1::items(&(#iter)))
        } else {
            quote_spanned!(span=> ::hjx_runtime::__private::v1::items(#iter))
        }
    }

    /// The key of the item at `__hjx_pos`. A top-level keyed list reads it from `__hjx_keys`,
    /// bound by [`Self::bind_keys`]: its key expression is written once, in its keys method.
    fn list_key(list: &ListPlan) -> TokenStream {
        match &list.key {
            Some(_) if has_keys_fn(list) => quote!(__hjx_keys[__hjx_pos]),
            Some(key) => key_hash(key),
            None => quote!(__hjx_pos as u64),
        }
    }

    /// `__hjx_keys`, the keys of a top-level keyed list's items, from its keys method.
    pub(super) fn bind_keys(list: &ListPlan, index: ListId) -> TokenStream {
        let rt = rt();
        let shared = shared_ident();
        if has_keys_fn(list) {
            let keys_fn = keys_fn(index);
            quote!(let __hjx_keys: #rt::Vec<u64> = self.#keys_fn(#shared, 0, usize::MAX);)
        } else {
            TokenStream::new()
        }
    }

    /// For each top-level keyed list, the method returning its items' keys: the one place its
    /// key expression is written, so that a mistake in it is one error, not one per use in
    /// render, patch and event dispatch.
    pub(super) fn list_keys_fns(&self, shared_ty: &TokenStream) -> TokenStream {
        let rt = rt();
        let shared = shared_ident();
        let fns = self
            .plan
            .lists
            .iter()
            .enumerate()
            .filter(|(_, list)| has_keys_fn(list))
            .filter_map(|(index, list)| {
                let key = key_hash(list.key.as_ref()?);
                let keys_fn = keys_fn(ListId(index));
                let (head, index_binding) =
                    Self::list_loop_head_skip(list, quote!(.skip(__hjx_from).take(__hjx_count)));
                Some(quote! {
                    /// The keys of the items from position `__hjx_from`, at most `__hjx_count`.
                    #[allow(unused_variables, clippy::all)]
                    fn #keys_fn(&self, #shared: &#shared_ty, __hjx_from: usize, __hjx_count: usize) -> #rt::Vec<u64> {
                        let mut __hjx_keys: #rt::Vec<u64> = #rt::Vec::new();
                        for #head {
                            #index_binding
                            __hjx_keys.push(#key);
                        }
                        __hjx_keys
                    }
                })
            });
        quote!(#(#fns)*)
    }

    /// Renders one new item into `__hjx_html`, its memory into `__hjx_item`; expects
    /// `__hjx_key` bound.
    fn item_render(&self, list: &ListPlan) -> TokenStream {
        let rt = rt();
        let html = html_ident();
        let stride = Literal::u32_unsuffixed(list.stride);
        let slots = Literal::usize_unsuffixed(list.slots as usize);
        let nested = Literal::usize_unsuffixed(list.nested.len());
        let chunks = self.render_chunks(&list.render);
        let (open, close) = if list.wrap_items {
            (
                quote!(#html.raw("<hjx-item>");),
                quote!(#html.raw("</hjx-item>");),
            )
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        quote! {
            let __hjx_base: u32 = self.__hjx_alloc(#stride);
            let mut __hjx_item = #rt::ItemMem::new(__hjx_key, __hjx_base, #slots, #nested);
            #open
            #chunks
            #close
        }
    }

    /// Renders every item into `__hjx_html`, refilling the bound `__hjx_list`.
    fn list_items(&self, list: &ListPlan, list_index: ListId) -> TokenStream {
        let stride = Literal::u32_unsuffixed(list.stride);
        let iter = &list.iter;
        // The whole list is rendered: what changed in place before is in the render.
        let forget = if list.rows {
            quote!(let _ = #iter.take_changed();)
        } else {
            TokenStream::new()
        };
        let index = Self::index_binding(list);
        let items = Self::list_iter(list);
        // Named at the expression: a value that is no iterator is reported there.
        let span = crate::expr::expr_span(iter);
        let iter_items = Ident::new("__hjx_items", span);
        let room = quote_spanned!(span=> ::core::iter::Iterator::size_hint(&#iter_items).0);
        let name = &list.item;
        let keys = Self::bind_keys(list, list_index);
        let key = Self::list_key(list);
        let item = self.item_render(list);
        let retain = self.retain_item_instances(list_index);
        quote! {
            #forget
            #keys
            __hjx_list.stride = #stride;
            __hjx_list.items.clear();
            let #iter_items = #items;
            // Room for the items the iterator says it has: one allocation, not one per doubling.
            __hjx_list.items.reserve(#room);
            for (__hjx_pos, #name) in #iter_items {
                #index
                let __hjx_key: u64 = #key;
                #item
                __hjx_list.items.push(__hjx_item);
            }
            #retain
        }
    }

    /// The render of a `for` block's items.
    pub(super) fn list_render(&self, index: ListId) -> TokenStream {
        let list = &self.plan.lists[index];
        if list.stream.is_some() {
            return self.stream_render(list);
        }
        let bind = Self::bind_list(list);
        let items = self.list_items(list, index);
        quote!({ #bind #items })
    }

    /// The patch of a `for` block: keys, then each kept item's spots and each new item's HTML,
    /// then the structural operations.
    pub(super) fn list_patch(&self, index: ListId) -> TokenStream {
        let rt = rt();
        let list = &self.plan.lists[index];
        if let Some(shared) = list.stream {
            return self.stream_patch(list, shared);
        }
        let html = html_ident();
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let bind = Self::bind_list(list);
        let (head, index_binding) = Self::list_loop_head(list);
        let key = Self::list_key(list);
        let container = Self::hid(list.container, list.depth > 0);
        let item_patches = self.patch_items(&list.patches, false);
        let item_render = self.item_render(list);
        let items = self.list_items(list, index);
        let retain = self.retain_item_instances(index);
        let keys = if has_keys_fn(list) {
            Self::bind_keys(list, index)
        } else {
            quote! {
                let mut __hjx_keys: #rt::Vec<u64> = #rt::Vec::new();
                for #head {
                    #index_binding
                    __hjx_keys.push(#key);
                }
            }
        };
        let changed = self.rows_patch(list, &item_patches, &item_render);
        let label = if list.rows {
            quote!('__hjx_rows:)
        } else {
            TokenStream::new()
        };
        let patch = quote! {
            #bind
            #changed
            #keys
            match __hjx_list.reconcile(&__hjx_keys) {
                ::core::option::Option::Some(mut __hjx_rec) => {
                    for #head {
                        #index_binding
                        match __hjx_rec.take(__hjx_pos) {
                            ::core::option::Option::Some(mut __hjx_item) => {
                                let __hjx_base = __hjx_item.base;
                                #item_patches
                                __hjx_rec.put(__hjx_pos, __hjx_item, ::core::option::Option::None);
                            }
                            ::core::option::Option::None => {
                                let __hjx_key = __hjx_keys[__hjx_pos];
                                let mut __hjx_new = #rt::Html::new();
                                let #html = &mut __hjx_new;
                                #item_render
                                __hjx_rec.put(__hjx_pos, __hjx_item, ::core::option::Option::Some(__hjx_new.into_string()));
                            }
                        }
                    }
                    __hjx_rec.finish(#container, __hjx_list, #out);
                    #retain
                }
                ::core::option::Option::None => {
                    // A key repeats: the list is rendered whole.
                    let mut __hjx_new = #rt::Html::new();
                    {
                        let #html = &mut __hjx_new;
                        #items
                    }
                    #out.push(#rt::PatchOp::ReplaceHtml { hid: #container, html: __hjx_new.into_string() });
                }
            }
        };
        if list.depth == 0 {
            let dirty = Ident::new("__hjx_dirty", Span::mixed_site());
            let scope = Ident::new("__hjx_scope", Span::mixed_site());
            let reads = Literal::u128_unsuffixed(list.reads.bits());
            quote! {
                if #dirty.intersects(#rt::FieldSet(#reads)) && #scope != #rt::PatchScope::SharedOnly {
                    #label {
                        #patch
                    }
                }
            }
        } else {
            quote!({ #patch })
        }
    }

    /// For a list over `Rows`, the patch of the rows changed in place alone and the rows
    /// appended, each rendered and inserted, when nothing else changed and each changed row
    /// still has the key the page shows; it leaves the list's patch. Otherwise the record is
    /// dropped and the whole list compared.
    fn rows_patch(
        &self,
        list: &ListPlan,
        item_patches: &TokenStream,
        item_render: &TokenStream,
    ) -> TokenStream {
        let rt = rt();
        let Some(key) = list.key.as_ref().filter(|_| list.rows) else {
            return TokenStream::new();
        };
        let key = key_hash(key);
        let item = &list.item;
        let iter = &list.iter;
        let html = html_ident();
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let container = Self::hid(list.container, false);
        let index = Self::index_binding(list);
        quote! {
            if let ::core::option::Option::Some((__hjx_rows, __hjx_kept)) = #iter.take_changed()
                && __hjx_list.items.len() == __hjx_kept
                && __hjx_kept <= (#iter).len()
                && __hjx_rows.iter().all(|__hjx_i| {
                    let #item = &(#iter)[*__hjx_i as usize];
                    #key == __hjx_list.items[*__hjx_i as usize].key
                })
            {
                for __hjx_i in __hjx_rows {
                    let __hjx_pos = __hjx_i as usize;
                    #index
                    let #item = &(#iter)[__hjx_pos];
                    let __hjx_item: &mut #rt::ItemMem = &mut __hjx_list.items[__hjx_pos];
                    let __hjx_base = __hjx_item.base;
                    #item_patches
                }
                for __hjx_pos in __hjx_kept..(#iter).len() {
                    #index
                    let #item = &(#iter)[__hjx_pos];
                    let __hjx_key: u64 = #key;
                    let mut __hjx_new = #rt::Html::new();
                    let #html = &mut __hjx_new;
                    #item_render
                    __hjx_list.items.push(__hjx_item);
                    #out.push(#rt::PatchOp::Insert {
                        hid: #container,
                        index: __hjx_pos as u32,
                        html: __hjx_new.into_string(),
                    });
                }
                break '__hjx_rows;
            }
        }
    }

    /// The part of `handle` that finds the list item an event's hydration ID belongs to and
    /// runs the handler its markup binds, with the item's values captured.
    pub(super) fn list_dispatch(&self, shared_ty: &TokenStream) -> TokenStream {
        let rt = rt();
        let event = Ident::new("__hjx_event", Span::mixed_site());
        let shared = shared_ident();
        let tops = self
            .plan
            .lists
            .iter()
            .enumerate()
            .filter(|(_, list)| list.depth == 0 && list.stream.is_none())
            .map(|(index, list)| {
                let mem = Literal::usize_unsuffixed(list.mem);
                let walk = self.dispatch_walk(ListId(index), 0, shared_ty, list.mem);
                quote! {
                    let __hjx_path = self.__hjx_lists[#mem].borrow().locate(#event.hid.0);
                    if let ::core::option::Option::Some(__hjx_path) = __hjx_path {
                        let __hjx_call: ::core::option::Option<#rt::ItemCall<Self>> = '__hjx_found: {
                            #walk
                            ::core::option::Option::None
                        };
                        return match __hjx_call {
                            ::core::option::Option::Some(__hjx_call) => {
                                (__hjx_call.run)(self, #shared);
                                ::core::result::Result::Ok(#rt::Handled { handler: __hjx_call.handler, dirty: __hjx_call.dirty })
                            }
                            ::core::option::Option::None => ::core::result::Result::Err(
                                #rt::EventError::NotBound { hid: #event.hid, kind: #event.kind },
                            ),
                        };
                    }
                }
            });
        quote!(#(#tops)*)
    }

    fn dispatch_walk(
        &self,
        index: ListId,
        depth: usize,
        shared_ty: &TokenStream,
        root_mem: usize,
    ) -> TokenStream {
        let list = &self.plan.lists[index];
        let event = Ident::new("__hjx_event", Span::mixed_site());
        let (mut head, index_binding) = Self::list_loop_head(list);
        let mut keys = Self::bind_keys(list, index);
        let mut matches = match &list.key {
            Some(_) => {
                let key = Self::list_key(list);
                quote!(#key == __hjx_step.key)
            }
            None => quote!(__hjx_pos == __hjx_step.pos),
        };
        if has_keys_fn(list) {
            // The item the page showed at the event's position is first asked for its key
            // alone: when it is still there (the common case), nothing else is walked or
            // hashed. Otherwise every key is computed and the items walked, as before.
            let rt = rt();
            let shared = shared_ident();
            let keys_fn = keys_fn(index);
            (head, _) = Self::list_loop_head_skip(list, quote!(.skip(__hjx_from)));
            keys = quote! {
                let __hjx_direct: #rt::Vec<u64> = self.#keys_fn(#shared, __hjx_step.pos, 1);
                let (__hjx_from, __hjx_keys) = if __hjx_direct.first() == ::core::option::Option::Some(&__hjx_step.key) {
                    (__hjx_step.pos, __hjx_direct)
                } else {
                    (0, self.#keys_fn(#shared, 0, usize::MAX))
                };
            };
            matches = quote!(
                __hjx_keys.get(__hjx_pos - __hjx_from)
                    == ::core::option::Option::Some(&__hjx_step.key)
            );
        }
        let d = Literal::usize_unsuffixed(depth);
        let next = Literal::usize_unsuffixed(depth + 1);
        let calls = list
            .bindings
            .iter()
            .map(|binding| self.item_call(binding, shared_ty, root_mem));
        let nested = list.nested.iter().enumerate().map(|(j, nested)| {
            let j = Literal::usize_unsuffixed(j);
            let walk = self.dispatch_walk(*nested, depth + 1, shared_ty, root_mem);
            quote!(#j => { #walk })
        });
        quote! {
            let __hjx_step = __hjx_path[#d];
            #keys
            for #head {
                #index_binding
                if !(#matches) {
                    continue;
                }
                if __hjx_path.len() == #next {
                    break '__hjx_found match (__hjx_step.local, #event.kind) {
                        #(#calls)*
                        _ => ::core::option::Option::None,
                    };
                }
                match __hjx_path[#next].list {
                    #(#nested)*
                    _ => {}
                }
                break '__hjx_found ::core::option::Option::None;
            }
        }
    }

    /// One binding of an item: captures its arguments now, runs the actions later.
    fn item_call(
        &self,
        binding: &BindingPlan,
        shared_ty: &TokenStream,
        root_mem: usize,
    ) -> TokenStream {
        let rt = rt();
        let plan = self.plan;
        let event = Ident::new("__hjx_event", Span::mixed_site());
        let shared = shared_ident();
        let this = Ident::new("__hjx_this", Span::mixed_site());
        let hid = Literal::u32_unsuffixed(binding.hid);
        let kind = Ident::new(binding.kind, Span::call_site());
        let label = &binding.label;
        let mut writes = Vec::new();
        let mut captures = Vec::new();
        let mut runs = Vec::new();
        let mut binds = false;
        let event_data = Ident::new("event", Span::call_site());
        let form = Ident::new("form", Span::call_site());
        for (a, action) in binding.actions.iter().enumerate() {
            match action {
                Action::Handler { handler, args } => {
                    let handler = &plan.handlers[*handler];
                    writes.push(handler.writes);
                    let ident = &handler.ident;
                    // Spanned at each argument, so that a type error points at the markup.
                    let names: Vec<Ident> = args
                        .iter()
                        .enumerate()
                        .map(|(i, arg)| {
                            Ident::new(&format!("__hjx_a{a}_{i}"), crate::expr::expr_span(arg))
                        })
                        .collect();
                    for (name, arg) in names.iter().zip(args) {
                        captures.push(match super::handle::form_arg(arg, &event_data) {
                            Some(form) => quote!(let #name = #form;),
                            None => {
                                let arg = crate::expr::borrow(arg);
                                quote!(let #name = ::core::clone::Clone::clone(#arg);)
                            }
                        });
                    }
                    runs.push(quote!(#this.#ident(#shared, #(#names),*);));
                }
                Action::Bind(bind) => {
                    writes.push(FieldMask::bit(plan.fields[bind.field].bit));
                    binds = true;
                    runs.push(super::handle::bind_statement(
                        plan,
                        bind,
                        &this,
                        &quote!(__hjx_payload),
                    ));
                }
            }
        }
        if binds {
            captures
                .push(quote!(let __hjx_payload = ::core::clone::Clone::clone(&#event.payload);));
        }
        // Each filtered action runs only for its key, decided before the call is deferred.
        let super::handle::Filtered {
            flags,
            actions: runs,
            dirty: writes,
            ..
        } = super::handle::filtered(runs, &writes, &binding.filters, &quote!(#event.payload));
        captures.extend(flags);
        // The element exists only while the item shows the branches around it.
        let root_mem = Literal::usize_unsuffixed(root_mem);
        let guards = binding.guards.iter().map(|guard| {
            let slot = Literal::usize_unsuffixed(
                self.plan.regions[guard.region].slot.unwrap_or_default() as usize,
            );
            let branch = Literal::u8_unsuffixed(guard.branch);
            quote!(self.__hjx_lists[#root_mem].borrow().shows(&__hjx_path, #slot, #branch))
        });
        let guard = super::handle::guard_tokens(guards.collect());
        quote! {
            (#hid, #rt::EventKind::#kind) #guard => {
                #[allow(unused_variables)]
                let #event_data = #rt::EventData::new(&#event.payload);
                #[allow(unused_variables)]
                let #form = ::core::clone::Clone::clone(&#event_data.form);
                #(#captures)*
                ::core::option::Option::Some(#rt::ItemCall {
                    handler: #label,
                    dirty: #rt::FieldSet(#writes),
                    run: #rt::Box::new(move |#this: &mut Self, #shared: &mut #shared_ty| {
                        #(#runs)*
                    }),
                })
            }
        }
    }
}
