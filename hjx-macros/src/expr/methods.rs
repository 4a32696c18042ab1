//! `script:` methods and the `shared:` value.
//!
//! In a method, `self.field` names a `shared:` field as it names a `state:` one, as bare names do
//! in the markup. The shared value is not part of `self` (it is one value for every session), so
//! a method that reaches a shared field, directly or through the methods it calls, takes it as a
//! hidden parameter after its receiver: its `self.options` becomes an access on that parameter,
//! and each call of it on `self` (in a handler, a `{{ }}`, or another method) passes it along.

use proc_macro2::{Ident, Span};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Token};

use super::is_self;

/// The expressions in a macro's arguments, when they are comma-separated expressions
/// (`format!("{}", self.x)`, `vec![a, b]`); `None` for any other macro input.
pub(super) fn macro_args(mac: &syn::Macro) -> Option<Punctuated<Expr, Token![,]>> {
    let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
    syn::parse::Parser::parse2(parser, mac.tokens.clone()).ok()
}

/// What a method body names on `self`, macro arguments included: its field accesses and the
/// methods it calls.
#[derive(Default)]
pub(crate) struct SelfUses {
    /// `self.name` used as a field, each with its token.
    pub(crate) fields: Vec<Ident>,
    /// `self.name(…)`: the methods called on `self`.
    pub(crate) calls: Vec<String>,
}

impl SelfUses {
    /// What `block` names on `self`.
    pub(crate) fn of_block(block: &syn::Block) -> SelfUses {
        let mut uses = SelfUses::default();
        uses.visit_block_mut(&mut block.clone());
        uses
    }
}

impl VisitMut for SelfUses {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Field(field) if is_self(&field.base) => {
                if let syn::Member::Named(name) = &field.member {
                    self.fields.push(name.clone());
                }
            }
            Expr::MethodCall(call) if is_self(&call.receiver) => {
                self.calls.push(call.method.to_string());
            }
            _ => {}
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if let Some(mut args) = macro_args(mac) {
            for arg in args.iter_mut() {
                self.visit_expr_mut(arg);
            }
        }
    }
}

/// The parameter a method that reaches the shared value takes, spanned at `at` (its name).
pub(crate) fn shared_param(at: Span) -> Ident {
    Ident::new("__hjx_shared", Span::mixed_site().located_at(at))
}

/// Rewrites method bodies and markup expressions for the shared value: `self.field` of a shared
/// field becomes an access on it, `self.set_field(…)` a call of its setter, and a call on `self`
/// of a method that takes it gets it as first argument.
pub(crate) struct SharedAccess<'a> {
    /// The names of the `shared:` fields.
    pub(crate) fields: &'a [String],
    /// The methods that take the shared value.
    pub(crate) methods: &'a [String],
    /// Every `script:` method's name: a method the user named `set_x` is not a setter.
    pub(crate) script_fns: &'a [String],
}

impl SharedAccess<'_> {
    /// Whether `name` is the setter of a shared field.
    fn is_shared_setter(&self, name: &str) -> bool {
        !self.script_fns.iter().any(|f| f == name)
            && name
                .strip_prefix("set_")
                .is_some_and(|field| self.fields.iter().any(|f| f == field))
    }
}

impl VisitMut for SharedAccess<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Field(field) if is_self(&field.base) => {
                if let syn::Member::Named(name) = &field.member
                    && self.fields.iter().any(|f| name == f)
                {
                    let shared = shared_param(name.span());
                    *field.base = syn::parse_quote_spanned!(name.span()=> #shared);
                    return;
                }
            }
            Expr::MethodCall(call) if is_self(&call.receiver) => {
                let name = call.method.to_string();
                let shared = shared_param(call.method.span());
                if self.is_shared_setter(&name) {
                    *call.receiver = syn::parse_quote_spanned!(call.method.span()=> #shared);
                } else if self.methods.contains(&name) {
                    call.args.insert(0, syn::parse_quote!(#shared));
                }
            }
            _ => {}
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if let Some(mut args) = macro_args(mac) {
            for arg in args.iter_mut() {
                self.visit_expr_mut(arg);
            }
            mac.tokens = quote::ToTokens::into_token_stream(args);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn shared_fields_setters_and_methods_reach_the_shared_value() {
        let mut block: syn::Block = syn::parse_str(
            "{ self.options.push(x); self.count += 1; self.set_total(2); self.tally(); println!(\"{}\", self.options.len()); }",
        )
        .unwrap();
        let uses = SelfUses::of_block(&block);
        let fields: Vec<String> = uses.fields.iter().map(|i| i.to_string()).collect();
        assert_eq!(fields, ["options", "count", "options"]);
        assert_eq!(uses.calls, ["set_total", "tally"]);
        let fields = ["options".to_owned(), "total".to_owned()];
        let methods = ["tally".to_owned()];
        SharedAccess {
            fields: &fields,
            methods: &methods,
            script_fns: &methods,
        }
        .visit_block_mut(&mut block);
        let text = block.into_token_stream().to_string();
        assert!(text.contains("__hjx_shared . options . push (x)"), "{text}");
        assert!(text.contains("self . count += 1"), "{text}");
        assert!(text.contains("__hjx_shared . set_total (2)"), "{text}");
        assert!(text.contains("self . tally (__hjx_shared)"), "{text}");
        assert!(text.contains("__hjx_shared . options . len ()"), "{text}");
    }
}
