//! Writing the Rust: the struct, its setters, and its `Component` implementation.
//!
//! Generated code names the runtime only through `::hjx_runtime::__private::v1`, with absolute
//! paths, so a user's own `String`, `Vec` or `Option` cannot change its meaning.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::expr::{self, shared_ident};
use crate::plan::{self, Action, Chunk, PatchItem, Plan, SpotTarget};
use crate::source::Source;

#[path = "emit_instance.rs"]
mod instance;
#[path = "emit_list.rs"]
mod list;

/// Expands `hjx! { … }`.
pub(crate) fn expand_inline(input: TokenStream) -> TokenStream {
    let source = Source::inline(input);
    expand(&source)
}

/// Expands `include_hjx!("path/to/File.hjx")`. Like `include_str!`, the path is relative to the
/// file that invokes the macro; the file is tracked so that editing it rebuilds the crate.
pub(crate) fn expand_file(input: TokenStream) -> TokenStream {
    let path: syn::LitStr = match syn::parse2(input) {
        Ok(path) => path,
        Err(err) => {
            let message = format!(
                "{err}\nhelp: name a `.hjx` file relative to this source file: `include_hjx!(\"Counter.hjx\")`"
            );
            return syn::Error::new(err.span(), message).into_compile_error();
        }
    };
    let base = crate::source::base_dir(path.span());
    let full = base.join(path.value());
    let text = match std::fs::read_to_string(&full) {
        Ok(text) => text,
        Err(err) => {
            let message = format!(
                "cannot read `{}`: {err}\nhelp: the path is relative to the source file that invokes `include_hjx!`",
                path.value()
            );
            return syn::Error::new(path.span(), message).into_compile_error();
        }
    };
    let dir = full
        .parent()
        .map_or_else(|| base.clone(), std::path::Path::to_path_buf);
    let source = Source::file(text, path.value(), path.span(), dir);
    let code = expand(&source);
    let full = full.to_string_lossy().into_owned();
    quote! {
        #code
        // Tracks the file: editing it rebuilds the crate.
        const _: &[u8] = ::core::include_bytes!(#full);
    }
}

fn expand(source: &Source) -> TokenStream {
    expand_within(source, &mut Vec::new())
}

/// Expands a component; `importing` holds the files of the components importing it, to
/// report an import cycle instead of recursing forever.
fn expand_within(source: &Source, importing: &mut Vec<std::path::PathBuf>) -> TokenStream {
    let (component, diags) = hjx_syntax::parse(&source.text);
    let mut errors: Vec<syn::Error> = diags
        .into_vec()
        .iter()
        .map(|d| source.error(&d.span, d))
        .collect();
    let mut children = Vec::new();
    let mut infos: Vec<plan::ImportInfo> = Vec::new();
    if let Some(name) = &component.name {
        for import in &component.imports {
            if infos.iter().any(|i| i.alias == import.alias.text) {
                continue; // reported by the parser
            }
            if let Some((code, info)) =
                import_component(source, name, import, importing, &mut errors)
            {
                children.push(code);
                infos.push(info);
            }
        }
    }
    let plan = plan::plan(&component, source, &infos, &mut errors);
    let ok = errors.is_empty();
    let errors = errors.into_iter().map(|e| e.into_compile_error());
    let code = plan.map(|plan| emit(&plan, ok));
    quote!(#(#errors)* #(#children)* #code)
}

/// Compiles the `.hjx` file an import names into a module of its own beside the importing
/// component, and reads what it declares. Errors in the file name the file, line and column.
fn import_component(
    source: &Source,
    parent: &hjx_syntax::ast::Name,
    import: &hjx_syntax::ast::Import,
    importing: &mut Vec<std::path::PathBuf>,
    errors: &mut Vec<syn::Error>,
) -> Option<(TokenStream, plan::ImportInfo)> {
    let full = source.dir.join(&import.path);
    let text = match std::fs::read_to_string(&full) {
        Ok(text) => text,
        Err(err) => {
            let message = format!(
                "cannot read `{}`: {err}\nhelp: an import's path is relative to the file holding the markup",
                import.path
            );
            errors.push(source.error(&import.path_pos, message));
            return None;
        }
    };
    let canonical = full.canonicalize().unwrap_or_else(|_| full.clone());
    if importing.contains(&canonical) {
        let message = format!(
            "`{}` imports itself, through the components it imports\nhelp: a component cannot contain itself; break the cycle",
            import.path
        );
        errors.push(source.error(&import.path_pos, message));
        return None;
    }
    let (child, _) = hjx_syntax::parse(&text);
    if let Some(name) = child.name.as_ref().filter(|n| n.text != import.alias.text) {
        let message = format!(
            "`{}` defines component `{}`, not `{}`\nhelp: import it as `{} from \"{}\"`",
            import.path, name.text, import.alias.text, name.text, import.path
        );
        errors.push(source.error(&import.alias.pos, message));
        return None;
    }
    let module = Ident::new(
        &format!("__hjx_{}_{}", parent.text, import.alias.text),
        source.span(&parent.pos),
    );
    let info = plan::ImportInfo::new(import.alias.text.clone(), module.clone(), &child);
    let dir = full
        .parent()
        .map_or_else(|| source.dir.clone(), std::path::Path::to_path_buf);
    let child_source = Source::file(
        text,
        import.path.clone(),
        source.span(&import.path_pos),
        dir,
    );
    importing.push(canonical);
    let code = expand_within(&child_source, importing);
    importing.pop();
    let tracked = full.to_string_lossy().into_owned();
    Some((
        quote! {
            #[doc(hidden)]
            #[allow(non_snake_case)]
            pub mod #module {
                #[allow(unused_imports)]
                use super::*;
                #code
                // Tracks the file: editing it rebuilds the crate.
                const _: &[u8] = ::core::include_bytes!(#tracked);
            }
        },
        info,
    ))
}

fn emit(plan: &Plan, ok: bool) -> TokenStream {
    let rt = quote!(::hjx_runtime::__private::v1);
    let name = &plan.name;
    let name_str = name.to_string();
    let scopes = region_scopes(plan);
    let dirty = Ident::new("__hjx_dirty", Span::mixed_site());
    let shared = shared_ident();
    let has_shared = plan.fields.iter().any(|f| f.shared);
    let shared_name = format_ident!("{}Shared", name);
    let shared_ty = if has_shared {
        quote!(#shared_name)
    } else {
        quote!(())
    };

    let session_slots = scopes.iter().filter(|(shared, _)| !shared).count();
    let shared_slots = scopes.iter().filter(|(shared, _)| *shared).count();
    let state_struct = data_struct(
        plan,
        name,
        false,
        &dirty,
        session_slots,
        &format!("The `{name_str}` component, compiled from its markup: one value per session."),
        ok,
    );
    let shared_struct = has_shared.then(|| {
        data_struct(
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
    let start_session = has_fn("init")
        .then(|| quote!(fn start_session(store: #rt::Store<Self>) { Self::init(store) }));
    let start_shared = has_fn("init_shared").then(
        || quote!(fn start_shared(store: #rt::SharedStore<Self>) { Self::init_shared(store) }),
    );
    let script_impl = (!script_fns.is_empty()).then(|| quote!(impl #name { #(#script_fns)* }));

    let emit_enum = plan::emit_enum(name);
    let emit_enum_def = (!has_shared || !plan.emits.is_empty()).then(|| {
        let variants = plan.emits.iter().map(|e| {
            let variant = Ident::new(&e.name, name.span());
            match &e.ty {
                Some(ty) => quote!(#variant(#ty)),
                None => quote!(#variant),
            }
        });
        let doc = format!("The events `{name_str}` emits to the component whose markup uses it.");
        quote! {
            #[doc = #doc]
            #[allow(non_camel_case_types, dead_code)]
            pub enum #emit_enum { #(#variants),* }
        }
    });
    let child_impl_stub = (!has_shared).then(|| {
        quote! {
            #[automatically_derived]
            impl #rt::Child for #name {
                type Emit = #emit_enum;
                const HIDS: u32 = 1;
                const SLOTS: &'static [&'static str] = &[];
                fn hid_cells(&self) -> (&#rt::Cell<u32>, &#rt::Cell<u32>) { ::core::unreachable!() }
                fn render_child(&self, _: &mut #rt::Html, _: &#rt::Slots<'_>) { ::core::unreachable!() }
                fn patch_child(&self, _: #rt::FieldSet, _: &mut #rt::Vec<#rt::PatchOp>, _: &#rt::Slots<'_>) { ::core::unreachable!() }
                fn take_emits(&mut self) -> #rt::Vec<#emit_enum> { ::core::unreachable!() }
                fn set_class(&mut self, _: #rt::String) { ::core::unreachable!() }
            }
        }
    });

    if !ok {
        // The struct stands, so uses of it raise no second error; the bodies never run.
        return quote! {
            #state_struct
            #shared_struct
            #(#script_items)*
            #script_impl
            #[automatically_derived]
            impl #rt::Component for #name {
                type Shared = #shared_ty;
                const META: &'static #rt::ComponentMeta = &#rt::ComponentMeta {
                    name: #name_str, scope: "", style: "", fields: &[], shared: #rt::FieldSet::EMPTY, bindings: &[], children: &[],
                };
                fn render(&self, _: &Self::Shared, _: &mut #rt::Html) { ::core::unreachable!() }
                fn handle(&mut self, _: &mut Self::Shared, _: &#rt::Event) -> ::core::result::Result<#rt::Handled, #rt::EventError> { ::core::unreachable!() }
                fn patch(&self, _: &Self::Shared, _: #rt::FieldSet, _: #rt::PatchScope, _: &mut #rt::Vec<#rt::PatchOp>) { ::core::unreachable!() }
            }
            #emit_enum_def
            #child_impl_stub
        };
    }

    let cx = Cx {
        plan,
        scopes: &scopes,
    };

    // render
    let html = html_ident();
    let render_steps = cx.render_chunks(&plan.render);
    let capacity = plan
        .render
        .iter()
        .map(|c| match c {
            Chunk::Static(text) => text.len(),
            _ => 8,
        })
        .sum::<usize>();

    // handlers
    let handler_fns = plan.handlers.iter().map(|handler| {
        let ident = &handler.ident;
        let body = &handler.body;
        let params = &handler.params;
        let doc = format!("Runs the `{}` handler.", handler.name);
        quote! {
            #[doc = #doc]
            #[allow(dead_code, unused_variables, clippy::all)]
            fn #ident(&mut self, #shared: &mut #shared_ty, #(#params),*) { #(#body)* }
        }
    });

    // handle
    let event = Ident::new("__hjx_event", Span::mixed_site());
    let arms = plan.bindings.iter().map(|binding| {
        let hid = Literal::u32_unsuffixed(binding.hid);
        let kind = Ident::new(binding.kind, Span::call_site());
        let label = &binding.label;
        let mut writes = 0u128;
        let actions: Vec<TokenStream> = binding
            .actions
            .iter()
            .map(|action| match action {
                Action::Handler(index, args) => {
                    let handler = &plan.handlers[*index];
                    writes |= handler.writes;
                    let ident = &handler.ident;
                    if args.is_empty() {
                        quote!(self.#ident(#shared);)
                    } else {
                        // What the arguments may name: the event's data and a form's fields.
                        let event_data = Ident::new("event", Span::call_site());
                        let form = Ident::new("form", Span::call_site());
                        let text = quote!(#(#args)*).to_string();
                        let form_binding = text
                            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .any(|word| word == "form")
                            .then(|| quote!(let #form = ::core::clone::Clone::clone(&#event_data.form);));
                        quote! {
                            let #event_data = #rt::EventData::new(&#event.payload);
                            #form_binding
                            self.#ident(#shared, #(#args),*);
                        }
                    }
                }
                Action::BindValue(index, span) | Action::BindChecked(index, span) => {
                    writes |= 1 << plan.fields[*index].bit;
                    let this = Ident::new("self", Span::call_site());
                    bind_statement(plan, action, *index, *span, &this, &quote!(#event.payload))
                }
            })
            .collect();
        let writes = Literal::u128_unsuffixed(writes);
        // The element exists only while the regions around it show its branch.
        let guard = guard_tokens(cx.shown(&binding.guards));
        quote! {
            (#hid, #rt::EventKind::#kind) #guard => {
                #(#actions)*
                ::core::result::Result::Ok(#rt::Handled { handler: #label, dirty: #rt::FieldSet(#writes) })
            }
        }
    });

    // patch
    let dirty_arg = Ident::new("__hjx_dirty", Span::mixed_site());
    let scope = Ident::new("__hjx_scope", Span::mixed_site());
    let out = Ident::new("__hjx_out", Span::mixed_site());
    let spots = cx.patch_items(&plan.patches, true);
    let region_fns = cx.region_fns(&shared_ty);
    let field_names = plan.fields.iter().map(|f| f.ident.to_string());
    let shared_mask = Literal::u128_unsuffixed(plan.shared_mask);
    let bindings = plan.bindings.iter().map(|binding| {
        let hid = Literal::u32_unsuffixed(binding.hid);
        let kind = Ident::new(binding.kind, Span::call_site());
        let label = &binding.label;
        quote!(#rt::Binding { hid: #rt::HydrationId(#hid), kind: #rt::EventKind::#kind, handler: #label })
    });
    let scope_str = &plan.scope;
    let style = &plan.style;
    let handler_fns: Vec<TokenStream> = handler_fns.collect();
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
    let instance_dispatch = cx.instance_dispatch();
    let mut child_types: Vec<String> = Vec::new();
    let children_meta: Vec<TokenStream> = plan
        .instances
        .iter()
        .filter(|i| {
            let ty = i.ty.to_string();
            let new = !child_types.contains(&ty);
            child_types.push(ty);
            new
        })
        .map(|i| {
            let ty = &i.ty;
            quote!(<#ty as #rt::Component>::META)
        })
        .collect();
    let slots_param = quote!(__hjx_slots: &#rt::Slots<'_>);
    let clear_emits = (!plan.emits.is_empty()).then(|| quote!(self.__hjx_emits.clear();));
    let take_emits = if plan.emits.is_empty() {
        quote!(#rt::Vec::new())
    } else {
        quote!(::core::mem::take(&mut self.__hjx_emits))
    };
    let slot_names = &plan.slots;
    let child_impl = (!has_shared).then(|| {
        quote! {
            #[automatically_derived]
            impl #rt::Child for #name {
                type Emit = #emit_enum;
                const HIDS: u32 = #first;
                const SLOTS: &'static [&'static str] = &[#(#slot_names),*];
                fn hid_cells(&self) -> (&#rt::Cell<u32>, &#rt::Cell<u32>) {
                    (&self.__hjx_at, &self.__hjx_next)
                }
                fn render_child(&self, html: &mut #rt::Html, slots: &#rt::Slots<'_>) {
                    self.__hjx_render_in(&(), html, slots);
                }
                fn patch_child(&self, dirty: #rt::FieldSet, out: &mut #rt::Vec<#rt::PatchOp>, slots: &#rt::Slots<'_>) {
                    self.__hjx_patch_in(&(), dirty, #rt::PatchScope::All, out, slots);
                }
                fn take_emits(&mut self) -> #rt::Vec<#emit_enum> {
                    #take_emits
                }
                fn set_class(&mut self, class: #rt::String) {
                    self.__hjx_class = class;
                }
            }
        }
    });

    quote! {
        #state_struct
        #shared_struct
        #emit_enum_def
        #(#script_items)*
        #script_impl

        #[doc(hidden)]
        impl #name {
            #(#handler_fns)*
            #region_fns
            #alloc_fn
            #instance_fns

            #[allow(unused_variables, clippy::all)]
            fn __hjx_render_in(&self, #shared: &#shared_ty, #html: &mut #rt::Html, #slots_param) {
                #html.reserve(#capacity);
                #render_steps
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

            #start_session
            #start_shared
        }

        #child_impl
    }
}

/// The statement of a `bind` action: the event's value (or checked state) written into the
/// field, on `this` (`self`, or a deferred call's receiver); `payload` is the event's payload.
fn bind_statement(
    plan: &Plan,
    action: &Action,
    index: usize,
    span: Span,
    this: &Ident,
    payload: &TokenStream,
) -> TokenStream {
    let rt = quote!(::hjx_runtime::__private::v1);
    let target = field_target(&plan.fields[index], &shared_ident(), span, this);
    if matches!(action, Action::BindChecked(..)) {
        quote! {
            if let #rt::EventPayload::Checked(checked) = &#payload {
                #target = *checked;
            }
        }
    } else {
        // Spanned at the field, so that a field that is no `String` is reported there.
        let set = quote_spanned!(span=> #rt::BindValue::bind_value(&mut #target, value));
        quote! {
            if let #rt::EventPayload::Value(value) = &#payload {
                #set;
            }
        }
    }
}

/// `if a && b` for a match arm, or nothing when there is no condition.
fn guard_tokens(conditions: Vec<TokenStream>) -> TokenStream {
    if conditions.is_empty() {
        TokenStream::new()
    } else {
        quote!(if #(#conditions)&&*)
    }
}

/// The field holding component instance `index`.
fn instance_field(index: usize) -> Ident {
    Ident::new(&format!("__hjx_c{index}"), Span::call_site())
}

fn html_ident() -> Ident {
    Ident::new("__hjx_html", Span::mixed_site())
}

/// For each region: whether its memory lives in the shared value (its condition and content
/// read only `shared:` fields, and so do its enclosing regions'), and its slot there.
fn region_scopes(plan: &Plan) -> Vec<(bool, usize)> {
    fn walk(
        plan: &Plan,
        items: &[PatchItem],
        parent_shared: bool,
        scopes: &mut Vec<Option<(bool, usize)>>,
        counts: &mut [usize; 2],
    ) {
        for item in items {
            if let PatchItem::Region(index) = item {
                let region = &plan.regions[*index];
                let shared = parent_shared
                    && !region.has_list
                    && region.reads != 0
                    && region.reads & !plan.shared_mask == 0;
                let slot = counts[usize::from(shared)];
                counts[usize::from(shared)] += 1;
                scopes[*index] = Some((shared, slot));
                for arm in &region.arm_patches {
                    walk(plan, arm, shared, scopes, counts);
                }
            }
        }
    }
    let mut scopes = vec![None; plan.regions.len()];
    let mut counts = [0, 0];
    walk(plan, &plan.patches, true, &mut scopes, &mut counts);
    scopes
        .into_iter()
        .map(|s| s.unwrap_or((false, 0)))
        .collect()
}

/// What recursive emission needs.
struct Cx<'a> {
    plan: &'a Plan,
    scopes: &'a [(bool, usize)],
}

impl Cx<'_> {
    /// The conditions under which the top-level regions `guards` (index, branch) show the
    /// branches named: one per region.
    fn shown(&self, guards: &[(usize, u8)]) -> Vec<TokenStream> {
        let rt = quote!(::hjx_runtime::__private::v1);
        guards
            .iter()
            .map(|(region, branch)| {
                let memory = self.memory(*region);
                let branch = Literal::u8_unsuffixed(*branch);
                quote!(#memory.load(#rt::core::sync::atomic::Ordering::Relaxed) == #branch)
            })
            .collect()
    }

    /// `branch => { render it }` for each branch of a region, clearing the lists of the others.
    fn branch_arms(&self, region: &plan::RegionPlan) -> Vec<TokenStream> {
        region
            .arms
            .iter()
            .enumerate()
            .map(|(i, arm)| {
                let clear = self.clear_other_arms(region, i);
                let i = Literal::u8_unsuffixed(i as u8);
                let steps = self.render_chunks(arm);
                quote!(#i => { #clear #steps })
            })
            .collect()
    }

    fn memory(&self, index: usize) -> TokenStream {
        let (shared, slot) = self.scopes[index];
        let shared_ident = shared_ident();
        if shared {
            quote!(#shared_ident.__hjx_mem[#slot])
        } else {
            quote!(self.__hjx_mem[#slot])
        }
    }

    fn region_idents(index: usize) -> (Ident, Ident) {
        (
            Ident::new(&format!("__hjx_if_{index}"), Span::mixed_site()),
            Ident::new(&format!("__hjx_if_{index}_html"), Span::mixed_site()),
        )
    }

    fn render_chunks(&self, chunks: &[Chunk]) -> TokenStream {
        let rt = quote!(::hjx_runtime::__private::v1);
        let html = html_ident();
        let shared = shared_ident();
        let steps = chunks.iter().map(|chunk| match chunk {
            Chunk::Static(text) => quote!(#html.raw(#text);),
            Chunk::Value(value) => {
                let value = expr::borrow(value);
                quote!(#html.text(#value);)
            }
            Chunk::Flag(value, markup, None) => quote!(if #value { #html.raw(#markup); }),
            Chunk::Flag(value, markup, Some(slot)) => {
                let slot = Literal::usize_unsuffixed(*slot as usize);
                quote! {{
                    let __hjx_v: bool = #value;
                    __hjx_item.slots[#slot] = u64::from(__hjx_v);
                    if __hjx_v { #html.raw(#markup); }
                }}
            }
            Chunk::SpotValue(slot, parts) => {
                let slot = Literal::usize_unsuffixed(*slot as usize);
                let text = plan::format_parts(parts);
                quote! {{
                    let __hjx_t: #rt::String = #text;
                    __hjx_item.slots[#slot] = #rt::text_hash(&__hjx_t);
                    #html.text(&__hjx_t);
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

    fn patch_items(&self, items: &[PatchItem], parent_shared: bool) -> TokenStream {
        let rt = quote!(::hjx_runtime::__private::v1);
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
            PatchItem::Instance(index) => self.instance_patch(*index),
            PatchItem::Spot(spot) => {
                let hid = Self::hid(spot.hid, false);
                let reads = Literal::u128_unsuffixed(spot.reads);
                let in_scope = scope_check(parent_shared && spot.reads & !self.plan.shared_mask == 0);
                let op = match &spot.target {
                    SpotTarget::Text => {
                        let text = plan::format_parts(&spot.parts);
                        quote!(#rt::PatchOp::SetText { hid: #hid, text: #text })
                    }
                    SpotTarget::Attr(name) => {
                        let value = plan::format_parts(&spot.parts);
                        quote!(#rt::PatchOp::SetAttr { hid: #hid, name: #name, value: #value })
                    }
                    SpotTarget::Flag(name) => {
                        let Some(plan::SpotPart::Value(value)) = spot.parts.first() else {
                            return TokenStream::new();
                        };
                        quote! {
                            if #value {
                                #rt::PatchOp::SetAttr { hid: #hid, name: #name, value: #rt::String::new() }
                            } else {
                                #rt::PatchOp::RemoveAttr { hid: #hid, name: #name }
                            }
                        }
                    }
                };
                quote! {
                    if #dirty_arg.intersects(#rt::FieldSet(#reads)) && #in_scope {
                        #out.push(#op);
                    }
                }
            }
            PatchItem::Region(index) => {
                let region = &self.plan.regions[*index];
                let (region_shared, _) = self.scopes[*index];
                let hid = Self::hid(region.hid, false);
                let reads = Literal::u128_unsuffixed(region.reads);
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

    /// A dynamic spot inside a list item: patched when its text differs from the memory.
    fn item_spot(&self, spot: &plan::Spot) -> TokenStream {
        let rt = quote!(::hjx_runtime::__private::v1);
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let hid = Self::hid(spot.hid, true);
        let slot = Literal::usize_unsuffixed(spot.slot.unwrap_or_default() as usize);
        match &spot.target {
            SpotTarget::Text | SpotTarget::Attr(_) => {
                let text = plan::format_parts(&spot.parts);
                let op = match &spot.target {
                    SpotTarget::Attr(name) => {
                        quote!(#rt::PatchOp::SetAttr { hid: #hid, name: #name, value: __hjx_t })
                    }
                    _ => quote!(#rt::PatchOp::SetText { hid: #hid, text: __hjx_t }),
                };
                quote! {{
                    let __hjx_t: #rt::String = #text;
                    if __hjx_item.update(#slot, #rt::text_hash(&__hjx_t)) {
                        #out.push(#op);
                    }
                }}
            }
            SpotTarget::Flag(name) => {
                let Some(plan::SpotPart::Value(value)) = spot.parts.first() else {
                    return TokenStream::new();
                };
                quote! {{
                    let __hjx_v: bool = #value;
                    if __hjx_item.update(#slot, u64::from(__hjx_v)) {
                        #out.push(if __hjx_v {
                            #rt::PatchOp::SetAttr { hid: #hid, name: #name, value: #rt::String::new() }
                        } else {
                            #rt::PatchOp::RemoveAttr { hid: #hid, name: #name }
                        });
                    }
                }}
            }
        }
    }

    /// Each region's branch choice and branch render, as methods.
    fn region_fns(&self, shared_ty: &TokenStream) -> TokenStream {
        let rt = quote!(::hjx_runtime::__private::v1);
        let html = html_ident();
        let shared = shared_ident();
        let fns = self
            .plan
            .regions
            .iter()
            .enumerate()
            .filter(|(_, region)| region.slot.is_none())
            .map(|(index, region)| {
                let (branch, render) = Self::region_idents(index);
                let choice = Self::branch_choice(region);
                let arms = self.branch_arms(region);
                quote! {
                    #[allow(unused_variables, clippy::all)]
                    fn #branch(&self, #shared: &#shared_ty) -> u8 { #choice }
                    #[allow(unused_variables, clippy::all)]
                    fn #render(&self, #shared: &#shared_ty, #html: &mut #rt::Html, branch: u8, __hjx_slots: &#rt::Slots<'_>) {
                        match branch {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            });
        quote!(#(#fns)*)
    }
}

/// The place of `field`: on the shared value, or on `this` (an ident), or on `self`.
fn field_target(field: &plan::FieldPlan, shared: &Ident, span: Span, this: &Ident) -> TokenStream {
    let ident = Ident::new(&field.ident.to_string(), span);
    if field.shared {
        quote!(#shared.#ident)
    } else if this == "self" {
        quote_spanned!(span=> self.#ident)
    } else {
        quote!(#this.#ident)
    }
}

/// The struct holding the `state:` (or `shared:`) fields, with `Default`, setters and `Tracked`.
fn data_struct(
    plan: &Plan,
    name: &Ident,
    shared: bool,
    dirty: &Ident,
    slots: usize,
    doc: &str,
    ok: bool,
) -> TokenStream {
    let rt = quote!(::hjx_runtime::__private::v1);
    // The branch each `if` region last rendered, to tell a branch change from a change inside.
    let (mut memory_decl, mut memory_init) = if slots == 0 {
        (TokenStream::new(), TokenStream::new())
    } else {
        (
            quote!(__hjx_mem: [#rt::core::sync::atomic::AtomicU8; #slots],),
            quote!(__hjx_mem: [const { #rt::core::sync::atomic::AtomicU8::new(u8::MAX) }; #slots],),
        )
    };
    if !shared {
        // Hydration IDs: the base of the static ones (0 unless the component is a child) and
        // the next one for list items and child components.
        let first = Literal::u32_unsuffixed(plan.first_dynamic_hid);
        memory_decl.extend(quote! {
            __hjx_at: #rt::Cell<u32>,
            __hjx_next: #rt::Cell<u32>,
            __hjx_class: #rt::String,
        });
        memory_init.extend(quote! {
            __hjx_at: #rt::Cell::new(0),
            __hjx_next: #rt::Cell::new(#first),
            __hjx_class: #rt::String::new(),
        });
        if !plan.lists.is_empty() {
            // What each top-level `for` rendered.
            let lists = plan.root_lists;
            memory_decl.extend(quote!(__hjx_lists: [#rt::RefCell<#rt::ListMem>; #lists],));
            memory_init.extend(quote! {
                __hjx_lists: ::core::array::from_fn(|_| ::core::default::Default::default()),
            });
        }
        // After an error the instances are left out: a child that failed (say, through an
        // import cycle) would only raise more errors.
        if ok {
            for (index, instance) in plan.instances.iter().enumerate() {
                let field = instance_field(index);
                let ty = &instance.ty;
                memory_decl.extend(quote!(#field: #rt::Instance<#ty>,));
                memory_init.extend(quote!(#field: ::core::default::Default::default(),));
            }
        }
        if !plan.emits.is_empty() {
            let emit_enum = plan::emit_enum(name);
            memory_decl.extend(quote!(__hjx_emits: #rt::Vec<#emit_enum>,));
            memory_init.extend(quote!(__hjx_emits: #rt::Vec::new(),));
        }
    }
    let fields: Vec<_> = plan.fields.iter().filter(|f| f.shared == shared).collect();
    let decls = fields.iter().map(|f| {
        let ident = &f.ident;
        let ty = &f.ty;
        let doc = format!("The `{ident}` field.");
        quote!(#[doc = #doc] pub #ident: #ty,)
    });
    let inits = fields.iter().map(|f| {
        let ident = &f.ident;
        let init = &f.init;
        quote!(#ident: #init,)
    });
    let setters = fields.iter().map(|f| {
        let ident = &f.ident;
        let ty = &f.ty;
        let setter = format_ident!("set_{}", ident);
        let bit = Literal::u32_unsuffixed(f.bit);
        let doc = format!("Sets `{ident}`, recording the change so that the page is patched.");
        quote! {
            #[doc = #doc]
            pub fn #setter(&mut self, value: #ty) {
                self.#ident = value;
                self.#dirty.insert(#rt::FieldSet::bit(#bit));
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub struct #name {
            #(#decls)*
            #dirty: #rt::FieldSet,
            #memory_decl
        }

        #[automatically_derived]
        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self { #(#inits)* #dirty: #rt::FieldSet::EMPTY, #memory_init }
            }
        }

        #[allow(dead_code, clippy::all)]
        impl #name {
            #(#setters)*
        }

        #[automatically_derived]
        impl #rt::Tracked for #name {
            fn take_dirty(&mut self) -> #rt::FieldSet {
                ::core::mem::take(&mut self.#dirty)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTER: &str = r#"
        component Counter

        state:
          count = 0

        layout:
          view.counter:
            text: "Count: {{count}}"
            button (on click -> increment): "+"

        handlers:
          increment:
            set count = count + 1
    "#;

    fn rustfmt(code: &str) -> String {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut child = Command::new("rustfmt")
            .args(["--edition", "2024", "--emit", "stdout"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("rustfmt runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(code.as_bytes())
            .expect("write to rustfmt");
        let out = child.wait_with_output().expect("rustfmt finishes");
        assert!(out.status.success(), "rustfmt failed on:\n{code}");
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// The generated Rust for the seed's Counter is pinned: readable output is part of quality.
    /// Run with `HJX_BLESS=1` to accept a change.
    #[test]
    fn counter_expansion_matches_the_snapshot() {
        let tokens: TokenStream = COUNTER.parse().expect("markup lexes");
        let expanded = rustfmt(&expand_inline(tokens).to_string());
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/snapshots/counter.expanded.rs"
        );
        if std::env::var_os("HJX_BLESS").is_some() {
            std::fs::write(path, &expanded).expect("write snapshot");
        }
        let expected =
            std::fs::read_to_string(path).expect("snapshot exists; run with HJX_BLESS=1");
        assert_eq!(
            expanded, expected,
            "generated code changed; run with HJX_BLESS=1 to accept"
        );
    }
}
