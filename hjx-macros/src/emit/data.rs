//! The data structs: the `state:` fields (one value per session) or the `shared:` ones (one
//! value for every session), with the memory generated code keeps beside them, `Default`, the
//! setters that record changes, and `Tracked`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::{instance_field, rt};
use crate::plan::{self, InstanceId, Plan};

/// The struct holding the `state:` (or `shared:`) fields, with `Default`, setters and `Tracked`.
pub(super) fn data_struct(
    plan: &Plan,
    name: &Ident,
    shared: bool,
    dirty: &Ident,
    slots: usize,
    doc: &str,
    ok: bool,
) -> TokenStream {
    let rt = rt();
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
        if plan.sent > 0 {
            // The hash of the text each remembered spot last sent.
            let sent = plan.sent as usize;
            memory_decl.extend(quote!(__hjx_sent: [#rt::Cell<u64>; #sent],));
            memory_init.extend(quote!(__hjx_sent: [const { #rt::Cell::new(0) }; #sent],));
        }
        if !plan.lists.is_empty() {
            // What each top-level `for` rendered.
            let lists = plan.root_lists;
            memory_decl.extend(quote!(__hjx_lists: [#rt::RefCell<#rt::ListMem>; #lists],));
            memory_init.extend(quote! {
                __hjx_lists: ::core::array::from_fn(|_| ::core::default::Default::default()),
            });
            // The size of the last render, reserved by the next: its lists make it vary.
            memory_decl.extend(quote!(__hjx_size: #rt::Cell<usize>,));
            memory_init.extend(quote!(__hjx_size: #rt::Cell::new(0),));
        }
        // After an error the instances are left out: a child that failed (say, through an
        // import cycle) would only raise more errors.
        if ok {
            for (index, instance) in plan.instances.iter().enumerate() {
                let field = instance_field(InstanceId(index));
                let ty = &instance.ty;
                memory_decl.extend(match instance.item {
                    Some(_) => quote!(#field: #rt::KeyedInstances<#ty>,),
                    None => quote!(#field: #rt::Instance<#ty>,),
                });
                memory_init.extend(quote!(#field: ::core::default::Default::default(),));
            }
        }
        if !plan.emits.is_empty() {
            let emit_enum = super::emit_enum(name);
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

/// A field's type as generated code spells it: absolute paths for inferred types.
impl ToTokens for plan::FieldType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            plan::FieldType::Written(ty) => ty.to_tokens(tokens),
            plan::FieldType::Inferred(inferred) => inferred.to_tokens(tokens),
        }
    }
}

impl ToTokens for plan::Inferred {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            plan::Inferred::I64 => quote!(i64),
            plan::Inferred::F64 => quote!(f64),
            plan::Inferred::String => quote!(::std::string::String),
            plan::Inferred::Bool => quote!(bool),
            plan::Inferred::Vec(item) => quote!(::std::vec::Vec<#item>),
        });
    }
}

/// A field's initial value, in `Default::default`.
impl ToTokens for plan::FieldInit {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            plan::FieldInit::Expr(value) => quote!(#value),
            plan::FieldInit::String(value) => quote!(::std::string::String::from(#value)),
            plan::FieldInit::Bool(true) => quote!(true),
            plan::FieldInit::Bool(false) => quote!(false),
            plan::FieldInit::List(values) => quote!(::std::vec![#(#values),*]),
        });
    }
}
