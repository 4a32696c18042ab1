//! Rust expressions in markup: `{{ expr }}`, `set field = expr`.
//!
//! An expression is written over the component's fields by their bare names (`count + 1`). The
//! rewriter turns each free name that is a field into an access on the right value
//! (`self.count` for `state:`, the shared value for `shared:`), records which fields it reads,
//! and reports a free lowercase name that is no field, with the closest field's name as help.
//! Names bound inside the expression (closure parameters, `let`, `match` arms, `for`) are left
//! alone. The tokens keep the user's spans, so rustc's own type errors land on the markup.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};

use crate::plan::{FieldMask, SpotPart};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Pat, Token};

mod methods;
mod writes;

pub(crate) use methods::{SelfUses, SharedAccess, shared_param};
pub(crate) use writes::Writes;

/// The `script:` methods as expressions see them: a call on `self` of one that takes the shared
/// value passes it along.
#[derive(Default)]
pub(crate) struct Methods {
    /// Every method's name.
    pub(crate) all: Vec<String>,
    /// The methods that reach `shared:` fields, and so take the shared value.
    pub(crate) shared: Vec<String>,
    /// The fields each method names on `self`, directly or through the methods it calls: what
    /// a `{{ self.method() }}` reads.
    pub(crate) reads: Vec<(String, FieldMask)>,
}

/// Whether `expr` is the path `self`.
pub(crate) fn is_self(expr: &Expr) -> bool {
    matches!(expr, Expr::Path(p) if p.qself.is_none() && p.path.is_ident("self"))
}

/// A field as expressions see it.
pub(crate) struct FieldRef {
    pub(crate) name: String,
    pub(crate) bit: u32,
    pub(crate) shared: bool,
}

/// The identifier of the shared value inside generated methods.
pub(crate) fn shared_ident() -> Ident {
    Ident::new("__hjx_shared", Span::mixed_site())
}

/// The access to `field`, spanned at the user's `name` token.
pub(crate) fn field_access(field: &FieldRef, name: &Ident) -> Expr {
    let span = name.span();
    let member = Ident::new(&field.name, span);
    if field.shared {
        let shared = shared_ident();
        syn::parse_quote_spanned!(span=> #shared.#member)
    } else {
        syn::parse_quote_spanned!(span=> self.#member)
    }
}

/// A field bound by `bind checked`, read through `BindChecked` and spanned at the field, like
/// the handler's write: a field that is no `bool` is one error there, in the user's words.
pub(crate) fn bound_checked(field: &FieldRef, name: &Ident) -> Expr {
    let span = name.span();
    let access = field_access(field, name);
    syn::parse_quote_spanned!(span=>
        ::hjx_runtime::__private::v1::BindChecked::is_checked(&#access)
    )
}

/// A local name (a handler's parameter) as an expression.
pub(crate) fn local(name: Ident) -> Expr {
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: name.into(),
    })
}

/// What rewriting an expression found.
pub(crate) struct Rewritten {
    pub(crate) expr: Expr,
    /// The bits of the fields it reads.
    pub(crate) reads: FieldMask,
    /// Free lowercase names that are no field.
    pub(crate) unknown: Vec<Ident>,
}

/// Parses `tokens` as an expression and rewrites its field names; `locals` are names already
/// bound where the expression runs (a handler's parameters), which shadow fields. Calls of
/// `methods` that take the shared value get it.
pub(crate) fn rewrite(
    tokens: TokenStream,
    fields: &[FieldRef],
    locals: &[String],
    methods: &Methods,
) -> syn::Result<Rewritten> {
    let mut expr: Expr = syn::parse2(tokens)?;
    let mut rewriter = Rewriter {
        fields,
        methods,
        locals: locals.to_vec(),
        reads: FieldMask::EMPTY,
        unknown: Vec::new(),
    };
    rewriter.visit_expr_mut(&mut expr);
    let shared: Vec<String> = fields
        .iter()
        .filter(|f| f.shared)
        .map(|f| f.name.clone())
        .collect();
    SharedAccess {
        fields: &shared,
        methods: &methods.shared,
        script_fns: &methods.all,
    }
    .visit_expr_mut(&mut expr);
    Ok(Rewritten {
        expr,
        reads: rewriter.reads,
        unknown: rewriter.unknown,
    })
}

struct Rewriter<'a> {
    fields: &'a [FieldRef],
    methods: &'a Methods,
    locals: Vec<String>,
    reads: FieldMask,
    unknown: Vec<Ident>,
}

impl Rewriter<'_> {
    fn bind(&mut self, pat: &Pat) {
        let mut collector = PatNames(Vec::new());
        collector.visit_pat_mut(&mut pat.clone());
        self.locals.extend(collector.0);
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Path(path) = expr
            && let Some(ident) = path.path.get_ident().filter(|_| path.qself.is_none())
        {
            let name = ident.to_string();
            if !self.locals.contains(&name) {
                if let Some(field) = self.fields.iter().find(|f| f.name == name) {
                    self.reads |= FieldMask::bit(field.bit);
                    *expr = field_access(field, ident);
                    return;
                }
                if name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') && name != "self"
                {
                    self.unknown.push(ident.clone());
                }
            }
            return;
        }
        match expr {
            Expr::Field(field) if is_self(&field.base) => {
                // `self.count`, as a method body would write it: a read of the field.
                if let syn::Member::Named(name) = &field.member
                    && let Some(field) = self.fields.iter().find(|f| name == &f.name)
                {
                    self.reads |= FieldMask::bit(field.bit);
                }
            }
            Expr::MethodCall(call) if is_self(&call.receiver) => {
                // `self.total()` reads what the method names on `self`.
                let method = call.method.to_string();
                if let Some((_, reads)) = self.methods.reads.iter().find(|(n, _)| *n == method) {
                    self.reads |= *reads;
                }
                for arg in &mut call.args {
                    self.visit_expr_mut(arg);
                }
            }
            Expr::Closure(closure) => {
                let mark = self.locals.len();
                for input in &closure.inputs {
                    self.bind(input);
                }
                self.visit_expr_mut(&mut closure.body);
                self.locals.truncate(mark);
            }
            Expr::ForLoop(for_loop) => {
                self.visit_expr_mut(&mut for_loop.expr);
                let mark = self.locals.len();
                self.bind(&for_loop.pat);
                self.visit_block_mut(&mut for_loop.body);
                self.locals.truncate(mark);
            }
            Expr::Call(call) if matches!(&*call.func, Expr::Path(p) if p.path.get_ident().is_some()) =>
            {
                // `helper(x)`: the callee is a function, not a field.
                for arg in &mut call.args {
                    self.visit_expr_mut(arg);
                }
            }
            Expr::Let(let_expr) => {
                // `if let Some(x) = …`: `x` is bound in what follows.
                self.visit_expr_mut(&mut let_expr.expr);
                self.bind(&let_expr.pat);
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        let mark = self.locals.len();
        self.bind(&arm.pat);
        if let Some((_, guard)) = &mut arm.guard {
            self.visit_expr_mut(guard);
        }
        self.visit_expr_mut(&mut arm.body);
        self.locals.truncate(mark);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let mark = self.locals.len();
        for stmt in &mut block.stmts {
            match stmt {
                syn::Stmt::Local(local) => {
                    if let Some(init) = &mut local.init {
                        self.visit_expr_mut(&mut init.expr);
                        if let Some((_, diverge)) = &mut init.diverge {
                            self.visit_expr_mut(diverge);
                        }
                    }
                    self.bind(&local.pat);
                }
                other => self.visit_stmt_mut(other),
            }
        }
        self.locals.truncate(mark);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        // `format!("{:.1}", cpu)`, `vec![a, b]`: arguments that parse as expressions are
        // rewritten like any other; anything else is left as written.
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        if let Ok(mut args) = syn::parse::Parser::parse2(parser, mac.tokens.clone()) {
            for arg in args.iter_mut() {
                self.visit_expr_mut(arg);
            }
            mac.tokens = args.into_token_stream();
        }
    }
}

/// Whether any token of `tokens`, at any depth, is the identifier `name`.
pub(crate) fn has_ident(tokens: TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == name,
        proc_macro2::TokenTree::Group(group) => has_ident(group.stream(), name),
        _ => false,
    })
}

/// Collects the names a pattern binds.
struct PatNames(Vec<String>);

impl VisitMut for PatNames {
    fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
        self.0.push(pat.ident.to_string());
        visit_mut::visit_pat_ident_mut(self, pat);
    }
}

/// `&(expr)`, spanned at the expression so that a missing trait (a value that is not
/// `Display`) is reported at the markup.
pub(crate) fn borrow(expr: &Expr) -> TokenStream {
    let span = expr_span(expr);
    quote_spanned!(span=> &(#expr))
}

/// A `{{ }}` value through `shown` (a `Shown`: the value and its `Display`), spanned at the
/// expression: every text the generated code writes from a value goes through it, so that a
/// value without `Display` is one error there.
pub(crate) fn shown(expr: &Expr) -> TokenStream {
    let span = expr_span(expr);
    quote_spanned!(span=> ::hjx_runtime::__private::v1::shown(&&(#expr)))
}

/// The span of an expression's first token: where errors about the expression point.
pub(crate) fn expr_span(expr: &Expr) -> Span {
    expr.to_token_stream()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}

/// Tokens that build the `String` of a template's parts.
pub(crate) fn format_parts(parts: &[SpotPart]) -> TokenStream {
    let rt = quote!(::hjx_runtime::__private::v1);
    let pushes = push_parts(parts);
    // The static text, and room for each value: reserved once rather than grown as written.
    let capacity: usize = parts
        .iter()
        .map(|part| match part {
            SpotPart::Static(text) => text.len(),
            SpotPart::Value(_) | SpotPart::MergedClass => 16,
        })
        .sum();
    quote!({
        let mut __hjx_text = #rt::String::with_capacity(#capacity);
        #pushes
        __hjx_text
    })
}

/// Statements that append a template's parts to the `String` named `__hjx_text`.
pub(crate) fn push_parts(parts: &[SpotPart]) -> TokenStream {
    let rt = quote!(::hjx_runtime::__private::v1);
    let pushes = parts.iter().map(|part| match part {
        SpotPart::Static(text) => quote!(__hjx_text.push_str(#text);),
        SpotPart::Value(expr) => {
            // Integers and strings are written directly; any other value through its
            // `Display`, which `shown` checks (one error, at the expression).
            let shown = shown(expr);
            quote!({
                use #rt::{PushDisplay as _, PushInt as _};
                (&#shown).push_to(&mut __hjx_text);
            })
        }
        SpotPart::MergedClass => quote! {
            if !self.__hjx_class.is_empty() {
                __hjx_text.push(' ');
                __hjx_text.push_str(&self.__hjx_class);
            }
        },
    });
    quote!(#(#pushes)*)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<FieldRef> {
        vec![
            FieldRef {
                name: "count".into(),
                bit: 0,
                shared: false,
            },
            FieldRef {
                name: "items".into(),
                bit: 1,
                shared: false,
            },
            FieldRef {
                name: "cpu".into(),
                bit: 2,
                shared: true,
            },
        ]
    }

    fn run(src: &str) -> (String, FieldMask, Vec<String>) {
        let fields = fields();
        let out = rewrite(src.parse().unwrap(), &fields, &[], &Methods::default()).unwrap();
        (
            out.expr.to_token_stream().to_string(),
            out.reads,
            out.unknown.iter().map(|i| i.to_string()).collect(),
        )
    }

    #[test]
    fn rewrites_fields_and_records_reads() {
        let (expr, reads, unknown) = run("count + items.len() as i64");
        assert_eq!(expr, "self . count + self . items . len () as i64");
        assert_eq!(reads.bits(), 0b11);
        assert!(unknown.is_empty());
    }

    #[test]
    fn shared_fields_read_the_shared_value() {
        let (expr, reads, _) = run("format!(\"{:.1}\", cpu)");
        assert!(expr.contains("__hjx_shared . cpu"), "{expr}");
        assert_eq!(reads.bits(), 0b100);
    }

    #[test]
    fn locals_shadow_fields_and_unknown_names_are_reported() {
        let (expr, reads, unknown) =
            run("items.iter().map(|count| count * 2).sum::<i64>() + cont + helper(count) + MAX");
        assert!(expr.contains("| count | count * 2"), "{expr}");
        assert_eq!(reads.bits(), 0b11);
        assert_eq!(unknown, ["cont"]);
        let (_, _, unknown) = run("match items.first() { Some(x) => *x, None => 0 }");
        assert!(unknown.is_empty(), "{unknown:?}");
        let (_, _, unknown) = run("{ let y = 2; y + count }");
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn has_ident_finds_a_name_at_any_depth() {
        assert!(has_ident(quote!(f(event.form.get("a"))), "form"));
        assert!(!has_ident(quote!(f(event.value, "form")), "form"));
    }
}
