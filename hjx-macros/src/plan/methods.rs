//! `script:` methods that reach `shared:` fields: each one that names a shared field as
//! `self.field` (directly, or through the methods it calls on `self`) takes the shared value as
//! a hidden parameter after its receiver, and its body reaches the field there (see
//! `expr::methods`). The fields a method writes are counted by `script_writes`, shared ones
//! included, so a handler's `call` of it patches every session's spots that read them.

use syn::visit_mut::VisitMut;

use super::*;
use crate::expr::{SelfUses, SharedAccess, shared_param};

impl Planner<'_> {
    /// Checks the fields the methods name on `self`, finds the methods that reach the shared
    /// value, gives each of them the hidden parameter and rewrites every body for it.
    pub(super) fn methods(&mut self, fns: &mut [syn::ImplItemFn], script: Option<&Pos>) {
        let names: Vec<String> = fns.iter().map(|f| f.sig.ident.to_string()).collect();
        let shared: Vec<String> = self
            .refs
            .iter()
            .filter(|r| r.shared)
            .map(|r| r.name.clone())
            .collect();
        let uses: Vec<SelfUses> = fns.iter().map(|f| SelfUses::of_block(&f.block)).collect();
        for (f, found) in fns.iter_mut().zip(&uses) {
            let mut unknown = false;
            for ident in &found.fields {
                let name = ident.to_string();
                if !self.refs.iter().any(|r| r.name == name) {
                    self.unknown_self_field(ident, &f.sig.ident.to_string(), script);
                    unknown = true;
                }
            }
            if unknown {
                // The error above is the one to see: rustc's own, listing generated fields,
                // would only repeat it.
                f.block = syn::parse_quote!({ ::core::unreachable!() });
            }
        }
        let setter = |call: &str| {
            !names.iter().any(|n| n == call)
                && call
                    .strip_prefix("set_")
                    .is_some_and(|field| shared.iter().any(|s| s == field))
        };
        let mut reaches: Vec<bool> = uses
            .iter()
            .map(|found| {
                found.fields.iter().any(|i| shared.iter().any(|s| i == s))
                    || found.calls.iter().any(|c| setter(c))
            })
            .collect();
        // Through the methods they call, to a fixed point.
        loop {
            let mut changed = false;
            for (i, found) in uses.iter().enumerate() {
                let calls_one = found.calls.iter().any(|c| {
                    names
                        .iter()
                        .position(|n| n == c)
                        .is_some_and(|j| reaches[j])
                });
                if !reaches[i] && calls_one {
                    reaches[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let methods: Vec<String> = names
            .iter()
            .zip(&reaches)
            .filter(|(_, r)| **r)
            .map(|(n, _)| n.clone())
            .collect();
        for (f, reaches) in fns.iter_mut().zip(&reaches) {
            if *reaches {
                self.add_shared_param(&mut f.sig);
            }
            SharedAccess {
                fields: &shared,
                methods: &methods,
                script_fns: &names,
            }
            .visit_block_mut(&mut f.block);
        }
        let reads = self.method_reads(&names, &uses);
        self.methods = expr::Methods {
            all: names,
            shared: methods,
            reads,
        };
    }

    /// The fields each method names on `self`, with those of the methods it calls, to a fixed
    /// point: what a `{{ self.method() }}` reads.
    fn method_reads(&self, names: &[String], uses: &[SelfUses]) -> Vec<(String, FieldMask)> {
        let mut reads: Vec<FieldMask> = uses
            .iter()
            .map(|found| {
                self.refs
                    .iter()
                    .filter(|r| found.fields.iter().any(|i| *i == r.name))
                    .fold(FieldMask::EMPTY, |m, r| m | FieldMask::bit(r.bit))
            })
            .collect();
        loop {
            let mut changed = false;
            for (i, found) in uses.iter().enumerate() {
                let extra = found
                    .calls
                    .iter()
                    .filter_map(|c| names.iter().position(|n| n == c))
                    .fold(FieldMask::EMPTY, |m, j| m | reads[j]);
                if reads[i] | extra != reads[i] {
                    reads[i] |= extra;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        names.iter().cloned().zip(reads).collect()
    }

    /// Inserts the shared value after the receiver: `&mut` for a `&mut self` method, `&` for a
    /// `&self` one.
    fn add_shared_param(&mut self, sig: &mut syn::Signature) {
        let span = sig.ident.span();
        let mutable = match sig.receiver().map(|r| &*r.ty) {
            Some(syn::Type::Reference(reference)) => reference.mutability.is_some(),
            _ => {
                let message = format!(
                    "method `{}` uses `shared:` fields, so it takes `&self` or `&mut self`",
                    sig.ident
                );
                self.errors.at_rust(span, message).help(
                    "the shared value is one for every session: a method reaches it through a borrow of `self`",
                );
                return;
            }
        };
        let param = shared_param(span);
        let shared = quote::quote_spanned!(span=>
            <Self as ::hjx_runtime::__private::v1::Component>::Shared
        );
        let arg: syn::FnArg = if mutable {
            syn::parse_quote_spanned!(span=> #param: &mut #shared)
        } else {
            syn::parse_quote_spanned!(span=> #param: &#shared)
        };
        sig.inputs.insert(1, arg);
    }

    /// `self.name` in method `method` names no field: the error at the name (found in the
    /// script's text for a `.hjx` file, whose tokens carry no position of their own).
    fn unknown_self_field(&mut self, ident: &Ident, method: &str, script: Option<&Pos>) {
        let name = ident.to_string();
        let message = format!("unknown field `{name}` in method `{method}`");
        let help = self.unknown_field_help(&name);
        match script.filter(|_| self.source.is_file()) {
            Some(script) => {
                let text = &self.source.text[script.clone()];
                let at = text
                    .find(&format!("self.{name}"))
                    .map_or(script.clone(), |i| {
                        let start = script.start + i + "self.".len();
                        start..start + name.len()
                    });
                self.error(&at, message).help(help);
            }
            None => {
                self.errors.at_rust(ident.span(), message).help(help);
            }
        }
    }
}
