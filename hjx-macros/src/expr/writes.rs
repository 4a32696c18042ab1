//! Which fields a piece of Rust writes, found from its syntax: a method (or a handler's `call`)
//! counts as writing a field only where it uses the field as a place that can change.
//!
//! A field named as `self.field` (or, in rewritten markup, `__hjx_shared.field`) is written when
//! it is assigned (`=`, `+=`, …), borrowed mutably (`&mut`), the receiver of a method call, or
//! matched with a `ref mut` binding; a use as a value (an operand, an argument, a condition, a
//! `let` value, `&field`) only reads it. A receiver of a well-known read-only method
//! (`self.items.len()`) reads it too, and is rewritten to `(&self.items).len()` so that rustc
//! checks the method does take `&self`: a type whose `len` takes `&mut self` is a compile
//! error, never a write that patches nothing. `self` passed whole counts as writing every field.

use syn::visit_mut::{self, VisitMut};
use syn::{BinOp, Expr, UnOp};

use super::is_self;
use super::methods::macro_args;

/// Methods that take `&self` on the standard types: a field that is only their receiver is read.
const READ_ONLY: [&str; 21] = [
    "len",
    "is_empty",
    "iter",
    "get",
    "first",
    "last",
    "contains",
    "contains_key",
    "starts_with",
    "ends_with",
    "clone",
    "to_string",
    "to_owned",
    "as_str",
    "trim",
    "is_some",
    "is_none",
    "keys",
    "values",
    "chars",
    "as_ref",
];

/// What a method body or an expression writes.
#[derive(Default)]
pub(crate) struct Writes {
    /// Fields written, by name (possibly repeated).
    pub(crate) fields: Vec<String>,
    /// Methods called on `self` (their own writes count too).
    pub(crate) calls: Vec<String>,
    /// `self` itself was passed or used whole: any field may change.
    pub(crate) everything: bool,
}

impl Writes {
    /// What `block` writes; read-only receivers in it are rewritten as borrows.
    pub(crate) fn of_block(block: &mut syn::Block) -> Writes {
        let mut writes = Writes::default();
        writes.visit_block_mut(block);
        writes
    }

    /// What `expr` writes; read-only receivers in it are rewritten as borrows.
    pub(crate) fn of_expr(expr: &mut Expr) -> Writes {
        let mut writes = Writes::default();
        writes.value(expr);
        writes
    }

    /// `expr` used as a place that may change: the field it is rooted at is written.
    fn place(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Field(field) => {
                if let Some(name) = root_field(field) {
                    self.fields.push(name);
                } else {
                    self.place(&mut field.base);
                }
            }
            Expr::Index(index) => {
                self.place(&mut index.expr);
                self.value(&mut index.index);
            }
            Expr::Paren(inner) => self.place(&mut inner.expr),
            Expr::Group(inner) => self.place(&mut inner.expr),
            Expr::Unary(unary) if matches!(unary.op, UnOp::Deref(_)) => self.place(&mut unary.expr),
            other => self.value(other),
        }
    }

    /// `expr` used as a value: the fields it names are read, but what it contains may write.
    fn value(&mut self, expr: &mut Expr) {
        if is_place_of_field(expr) {
            // Read; an index inside it may still call or write something.
            self.index_values(expr);
            return;
        }
        self.visit_expr_mut(expr);
    }

    /// Visits the index expressions inside a field place (`self.rows[self.next()]`).
    fn index_values(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Field(field) => self.index_values(&mut field.base),
            Expr::Index(index) => {
                self.index_values(&mut index.expr);
                self.value(&mut index.index);
            }
            Expr::Paren(inner) => self.index_values(&mut inner.expr),
            Expr::Group(inner) => self.index_values(&mut inner.expr),
            _ => {}
        }
    }

    /// A `match`, `if let` or `let` on `scrutinee`: a `ref mut` binding can change it.
    fn scrutinee<'p>(
        &mut self,
        scrutinee: &mut Expr,
        pats: impl IntoIterator<Item = &'p syn::Pat>,
    ) {
        if pats.into_iter().any(binds_ref_mut) {
            self.place(scrutinee);
        } else {
            self.value(scrutinee);
        }
    }
}

impl VisitMut for Writes {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Assign(assign) => {
                self.place(&mut assign.left);
                self.value(&mut assign.right);
            }
            Expr::Binary(binary) if is_compound_assign(&binary.op) => {
                self.place(&mut binary.left);
                self.value(&mut binary.right);
            }
            Expr::Reference(reference) if reference.mutability.is_some() => {
                self.place(&mut reference.expr);
            }
            Expr::RawAddr(raw) => self.place(&mut raw.expr),
            Expr::MethodCall(call) => {
                if is_self(&call.receiver) {
                    self.calls.push(call.method.to_string());
                } else if READ_ONLY.contains(&call.method.to_string().as_str())
                    && is_place_of_field(&call.receiver)
                {
                    self.index_values(&mut call.receiver);
                    let receiver = &call.receiver;
                    let span = call.method.span();
                    *call.receiver = syn::parse_quote_spanned!(span=> (&#receiver));
                } else {
                    self.place(&mut call.receiver);
                }
                for arg in &mut call.args {
                    self.value(arg);
                }
            }
            Expr::Match(match_expr) => {
                let pats: Vec<syn::Pat> = match_expr.arms.iter().map(|a| a.pat.clone()).collect();
                self.scrutinee(&mut match_expr.expr, &pats);
                for arm in &mut match_expr.arms {
                    self.visit_arm_mut(arm);
                }
            }
            Expr::Let(let_expr) => {
                let pat = (*let_expr.pat).clone();
                self.scrutinee(&mut let_expr.expr, [&pat]);
            }
            Expr::Path(path) if path.path.is_ident("self") => self.everything = true,
            Expr::Field(_) | Expr::Index(_) if is_place_of_field(expr) => self.value(expr),
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        if let Some(init) = &mut local.init {
            let pat = local.pat.clone();
            self.scrutinee(&mut init.expr, [&pat]);
            if let Some((_, diverge)) = &mut init.diverge {
                self.value(diverge);
            }
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        // `format!("{}", self.x)`: the arguments are values; a call in them may still write.
        if let Some(mut args) = macro_args(mac) {
            for arg in args.iter_mut() {
                self.value(arg);
            }
            mac.tokens = quote::ToTokens::into_token_stream(args);
        }
    }
}

/// The field `self.field` or `__hjx_shared.field` names.
fn root_field(field: &syn::ExprField) -> Option<String> {
    let base_is = |name: &str| matches!(&*field.base, Expr::Path(p) if p.qself.is_none() && p.path.is_ident(name));
    match &field.member {
        syn::Member::Named(name) if base_is("self") || base_is("__hjx_shared") => {
            Some(name.to_string())
        }
        _ => None,
    }
}

/// Whether `expr` is a place rooted at a field: `self.a`, `self.a.b`, `self.a[i]`, `(self.a)`.
fn is_place_of_field(expr: &Expr) -> bool {
    match expr {
        Expr::Field(field) => root_field(field).is_some() || is_place_of_field(&field.base),
        Expr::Index(index) => is_place_of_field(&index.expr),
        Expr::Paren(inner) => is_place_of_field(&inner.expr),
        Expr::Group(inner) => is_place_of_field(&inner.expr),
        _ => false,
    }
}

fn is_compound_assign(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
}

/// Whether a pattern binds anything by `ref mut`.
fn binds_ref_mut(pat: &syn::Pat) -> bool {
    struct Found(bool);
    impl VisitMut for Found {
        fn visit_pat_ident_mut(&mut self, ident: &mut syn::PatIdent) {
            self.0 |= ident.by_ref.is_some() && ident.mutability.is_some();
            visit_mut::visit_pat_ident_mut(self, ident);
        }
    }
    let mut found = Found(false);
    found.visit_pat_mut(&mut pat.clone());
    found.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn writes(body: &str) -> (Vec<String>, Vec<String>, bool, String) {
        let mut block: syn::Block = syn::parse_str(body).unwrap();
        let found = Writes::of_block(&mut block);
        let text = block.into_token_stream().to_string();
        (found.fields, found.calls, found.everything, text)
    }

    #[test]
    fn assignments_mutable_borrows_and_receivers_write_values_read() {
        let (fields, calls, everything, _) = writes(
            "{ let n = self.next + 1; self.count += n; if self.flag && self.a == self.b { self.rows[self.i].done = true; }
               self.items.push(self.draft.clone()); std::mem::take(&mut self.buf); let r = &self.shown; self.tally(); }",
        );
        assert_eq!(fields, ["count", "rows", "items", "buf"]);
        assert_eq!(calls, ["tally"]);
        assert!(!everything);
    }

    #[test]
    fn read_only_receivers_read_and_are_checked_by_a_shared_borrow() {
        let (fields, _, _, text) =
            writes("{ if self.options.len() >= 3 || __hjx_shared.tags.is_empty() { return; } }");
        assert!(fields.is_empty(), "{fields:?}");
        assert!(text.contains("(& self . options) . len ()"), "{text}");
        assert!(
            text.contains("(& __hjx_shared . tags) . is_empty ()"),
            "{text}"
        );
    }

    #[test]
    fn ref_mut_bindings_macros_and_self_passed_whole() {
        let (fields, _, everything, _) = writes(
            "{ match self.sel { Some(ref mut s) => s.clear(), None => {} } if let Some(x) = self.other { x; }
               println!(\"{}\", self.shown); helper(self); }",
        );
        assert_eq!(fields, ["sel"]);
        assert!(everything);
    }
}
