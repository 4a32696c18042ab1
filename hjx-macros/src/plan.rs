//! Checking names and planning the dynamic spots.
//!
//! Every dynamic spot of the layout (a text with `{{ }}`, an attribute with `{{ }}`, a bound
//! value) gets the hydration ID of its element and the set of fields it reads; every handler gets
//! the set of fields it writes. At run time an event re-renders only the spots that read a field
//! it wrote: this table is why there is no virtual DOM and no diff.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::Expr;

use crate::ast::{self, Arg, Content, Init, Literal, Node, Part, Pos, Statement, Template};
use crate::css::scope_css;
use crate::diag::closest;
use crate::expr::{self, FieldRef};
use crate::source::Source;

/// The most fields a component may have: one bit each in a `FieldSet`.
const MAX_FIELDS: usize = 128;

/// Elements that have no closing tag and no content.
const VOID_ELEMENTS: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The DOM events markup can bind, with their `EventKind` variants.
pub(crate) const EVENTS: [(&str, &str); 7] = [
    ("click", "Click"),
    ("input", "Input"),
    ("change", "Change"),
    ("submit", "Submit"),
    ("keydown", "Keydown"),
    ("focus", "Focus"),
    ("blur", "Blur"),
];

/// Everything `emit` needs.
pub(crate) struct Plan {
    pub(crate) name: Ident,
    pub(crate) fields: Vec<FieldPlan>,
    pub(crate) render: Vec<Chunk>,
    pub(crate) patches: Vec<PatchItem>,
    pub(crate) regions: Vec<RegionPlan>,
    pub(crate) bindings: Vec<BindingPlan>,
    pub(crate) handlers: Vec<HandlerPlan>,
    pub(crate) script_fns: Vec<syn::ImplItemFn>,
    pub(crate) script_items: Vec<syn::Item>,
    pub(crate) style: String,
    pub(crate) scope: String,
    pub(crate) shared_mask: u128,
}

/// A `state:` or `shared:` field.
pub(crate) struct FieldPlan {
    pub(crate) ident: Ident,
    pub(crate) ty: TokenStream,
    pub(crate) init: TokenStream,
    pub(crate) shared: bool,
    pub(crate) bit: u32,
}

/// A piece of the render output.
pub(crate) enum Chunk {
    /// Markup written by the author, already escaped.
    Static(String),
    /// A value, escaped at run time.
    Value(Expr),
    /// Markup written only when a `bool` holds (a bound `checked`).
    Flag(Expr, &'static str),
    /// The live branch of an `if` region, by index into `Plan::regions`.
    Region(usize),
}

/// What a patch looks at, in document order.
pub(crate) enum PatchItem {
    Spot(Spot),
    Region(usize),
}

/// An `if` region: `<hjx-if data-hid>` whose content is the live branch.
pub(crate) struct RegionPlan {
    pub(crate) hid: u32,
    /// Each branch's condition; `None` for `else`.
    pub(crate) conditions: Vec<Option<Expr>>,
    pub(crate) arms: Vec<Vec<Chunk>>,
    pub(crate) arm_patches: Vec<Vec<PatchItem>>,
    /// Every field the region's condition or content reads.
    pub(crate) reads: u128,
}

/// A dynamic spot: what to recompute when a field it reads changes.
pub(crate) struct Spot {
    pub(crate) hid: u32,
    pub(crate) target: SpotTarget,
    pub(crate) parts: Vec<SpotPart>,
    pub(crate) reads: u128,
}

pub(crate) enum SpotTarget {
    /// The element's text content.
    Text,
    /// An attribute's value.
    Attr(String),
    /// A boolean attribute, present when the single part is `true`.
    Flag(String),
}

#[allow(clippy::large_enum_variant)] // compile-time data, built once per spot
pub(crate) enum SpotPart {
    Static(String),
    Value(Expr),
}

/// What one (element, event kind) runs.
pub(crate) struct BindingPlan {
    pub(crate) hid: u32,
    pub(crate) kind: &'static str,
    pub(crate) label: String,
    pub(crate) actions: Vec<Action>,
}

pub(crate) enum Action {
    /// A handler, with the arguments the binding passes.
    Handler(usize, Vec<Expr>),
    /// `bind value <-> field`: the field's index and the span of the field's name in the markup.
    BindValue(usize, Span),
    /// `bind checked <-> field`.
    BindChecked(usize, Span),
}

/// A handler's compiled statements.
pub(crate) struct HandlerPlan {
    pub(crate) name: String,
    pub(crate) ident: Ident,
    /// The parameters, as written: `value: String`.
    pub(crate) params: Vec<syn::PatType>,
    pub(crate) body: Vec<TokenStream>,
    pub(crate) writes: u128,
}

/// Checks the component and plans it. Errors go into `errors`; the plan is still made where
/// possible, so the struct can be emitted and no cascade of secondary errors follows.
pub(crate) fn plan(
    component: &ast::Component,
    source: &Source,
    errors: &mut Vec<syn::Error>,
) -> Option<Plan> {
    let name = component.name.as_ref()?;
    let mut planner = Planner {
        source,
        errors,
        fields: Vec::new(),
        refs: Vec::new(),
        render: Vec::new(),
        patches: Vec::new(),
        regions: Vec::new(),
        reads: 0,
        bindings: Vec::new(),
        next_hid: 1,
        handler_names: component
            .handlers
            .iter()
            .map(|h| h.name.text.clone())
            .collect(),
        handler_arity: Vec::new(),
        locals: Vec::new(),
        method_writes: Vec::new(),
        scope: String::new(),
    };
    planner.fields(&component.state, false);
    planner.fields(&component.shared, true);
    if planner.fields.len() > MAX_FIELDS {
        let pos = component.state.first().map_or(0..0, |f| f.name.pos.clone());
        planner.error(
            &pos,
            format!(
                "a component has at most {MAX_FIELDS} fields; this one has {}",
                planner.fields.len()
            ),
        );
    }

    let style = match &component.style {
        Some(pos) => {
            let css = &source.text[pos.clone()];
            let scope = format!("{}-{:08x}", name.text, fnv1a(css.as_bytes()) as u32);
            let scoped = scope_css(css, &scope);
            planner.scope = scope;
            scoped
        }
        None => String::new(),
    };

    let (script_fns, script_items) = planner.script(component.script.as_ref());
    planner.script_writes(&script_fns);
    let handlers = planner.handlers(&component.handlers);
    match &component.layout {
        Some(layout) => {
            for node in &layout.nodes {
                planner.node(node, true);
            }
        }
        None => {
            planner.error(
                &name.pos,
                format!("component `{}` has no `layout:` section\nhelp: add one with the markup to render, such as `layout:` then `  view: \"Hello\"`", name.text),
            );
        }
    }
    let shared_mask = planner
        .fields
        .iter()
        .filter(|f| f.shared)
        .fold(0, |m, f| m | 1 << f.bit);
    let style = if planner.regions.is_empty() {
        style
    } else {
        // Regions are wrappers that must not change the layout.
        format!("hjx-if{{display:contents}}{style}")
    };
    let ident = Ident::new(&name.text, source.span(&name.pos));
    Some(Plan {
        name: ident,
        fields: planner.fields,
        render: merge_static(planner.render),
        patches: planner.patches,
        regions: planner.regions,
        bindings: planner.bindings,
        handlers,
        script_fns,
        script_items,
        style,
        scope: planner.scope,
        shared_mask,
    })
}

struct Planner<'a> {
    source: &'a Source,
    errors: &'a mut Vec<syn::Error>,
    fields: Vec<FieldPlan>,
    refs: Vec<FieldRef>,
    render: Vec<Chunk>,
    patches: Vec<PatchItem>,
    regions: Vec<RegionPlan>,
    /// The fields read by the spots planned so far in the current region.
    reads: u128,
    bindings: Vec<BindingPlan>,
    next_hid: u32,
    handler_names: Vec<String>,
    /// Each planned handler's parameter count, by name.
    handler_arity: Vec<(String, usize)>,
    /// Names bound where the expressions being planned run.
    locals: Vec<String>,
    /// The fields each `script:` method may write, by name.
    method_writes: Vec<(String, u128)>,
    scope: String,
}

impl Planner<'_> {
    fn error(&mut self, pos: &Pos, message: impl std::fmt::Display) {
        self.errors.push(self.source.error(pos, message));
    }

    fn field_names(&self) -> Vec<&str> {
        self.refs.iter().map(|f| f.name.as_str()).collect()
    }

    fn unknown_field(&mut self, name: &str, pos: &Pos, what: &str) {
        let message = self.unknown_field_message(name, what);
        self.error(pos, message);
    }

    fn unknown_field_message(&self, name: &str, what: &str) -> String {
        let names = self.field_names();
        let help = match closest(name, names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if names.is_empty() => {
                "the component has no fields; declare one under `state:`, such as `count = 0`"
                    .to_owned()
            }
            None => format!(
                "the fields are {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        format!("unknown field `{name}` {what}\nhelp: {help}")
    }

    fn fields(&mut self, fields: &[ast::Field], shared: bool) {
        for field in fields {
            if let Some(first) = self.refs.iter().find(|f| f.name == field.name.text) {
                let section = if first.shared { "shared:" } else { "state:" };
                let message = format!(
                    "field `{}` is declared twice\nhelp: the first `{}` is in `{section}`; rename or remove one",
                    field.name.text, field.name.text
                );
                self.error(&field.name.pos, message);
                continue;
            }
            let span = self.source.span(&field.name.pos);
            let (ty, init) = match (&field.ty, &field.init) {
                (None, Init::Literal(lit)) => match self.literal(lit) {
                    Some(pair) => pair,
                    None => continue,
                },
                (Some(ty_pos), init) => {
                    let ty = match self
                        .source
                        .tokens(ty_pos)
                        .and_then(syn::parse2::<syn::Type>)
                    {
                        Ok(ty) => ty,
                        Err(err) => {
                            let message = format!(
                                "`{}` is not a Rust type: {err}",
                                &self.source.text[ty_pos.clone()]
                            );
                            self.error(ty_pos, message);
                            continue;
                        }
                    };
                    let value_pos = match init {
                        Init::Expr(pos) => pos.clone(),
                        Init::Literal(lit) => lit.pos().clone(),
                    };
                    let value = match self.source.tokens(&value_pos).and_then(syn::parse2::<Expr>) {
                        Ok(value) => value,
                        Err(err) => {
                            self.error(
                                &value_pos,
                                format!(
                                    "the initial value of `{}` is not a Rust expression: {err}",
                                    field.name.text
                                ),
                            );
                            continue;
                        }
                    };
                    let is_string_type = matches!(&ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "String"));
                    let is_str_lit =
                        matches!(&value, Expr::Lit(l) if matches!(l.lit, syn::Lit::Str(_)));
                    let init = if is_string_type && is_str_lit {
                        quote!(::std::string::String::from(#value))
                    } else {
                        quote!(#value)
                    };
                    (quote!(#ty), init)
                }
                (None, Init::Expr(_)) => continue,
            };
            let bit = self.refs.len() as u32;
            self.refs.push(FieldRef {
                name: field.name.text.clone(),
                bit,
                shared,
            });
            self.fields.push(FieldPlan {
                ident: Ident::new(&field.name.text, span),
                ty,
                init,
                shared,
                bit,
            });
        }
    }

    /// The type and initial value a literal decides.
    fn literal(&mut self, lit: &Literal) -> Option<(TokenStream, TokenStream)> {
        let lit_span = self.source.span(lit.pos());
        match lit {
            Literal::Int(text, _) => {
                let value: TokenStream = text.replace('_', "").parse().ok()?;
                let value = crate::source::respan(value, lit_span);
                Some((quote!(i64), value))
            }
            Literal::Float(text, _) => {
                let value: TokenStream = text.replace('_', "").parse().ok()?;
                let value = crate::source::respan(value, lit_span);
                Some((quote!(f64), value))
            }
            Literal::Str(value, _) => {
                let value = syn::LitStr::new(value, lit_span);
                Some((
                    quote!(::std::string::String),
                    quote!(::std::string::String::from(#value)),
                ))
            }
            Literal::Bool(value, _) => Some((
                quote!(bool),
                if *value { quote!(true) } else { quote!(false) },
            )),
            Literal::List(items, pos) => {
                let Some(first) = items.first() else {
                    self.error(pos, "cannot infer the type of an empty list\nhelp: write its type: `name: Vec<String> = Vec::new()`");
                    return None;
                };
                let kind = std::mem::discriminant(first);
                if let Some(other) = items
                    .iter()
                    .find(|item| std::mem::discriminant(*item) != kind)
                {
                    self.error(other.pos(), "a list's items must all be of one type\nhelp: make every item a number, a string or a bool, or write the field's type");
                    return None;
                }
                let mut values = Vec::new();
                let mut item_ty = quote!(());
                for item in items {
                    let (ty, value) = self.literal(item)?;
                    item_ty = ty;
                    values.push(value);
                }
                Some((
                    quote!(::std::vec::Vec<#item_ty>),
                    quote!(::std::vec![#(#values),*]),
                ))
            }
        }
    }

    /// Rewrites the expression at `pos` (whose text is `text`), reporting unknown names.
    fn expr(&mut self, text: &str, pos: &Pos, in_literal: bool) -> Option<(Expr, u128)> {
        let tokens = if in_literal {
            // Inside a string literal: parse the text and span it at the literal.
            match text.parse::<TokenStream>() {
                Ok(tokens) => Ok(crate::source::respan(tokens, self.source.span(pos))),
                Err(err) => Err(syn::Error::new(self.source.span(pos), err)),
            }
        } else {
            self.source.tokens(pos)
        };
        let result = tokens.and_then(|tokens| expr::rewrite(tokens, &self.refs, &self.locals));
        match result {
            Ok(rewritten) => {
                let mut ok = true;
                for ident in &rewritten.unknown {
                    let name = ident.to_string();
                    let message = self.unknown_field_message(&name, "in expression");
                    if self.source.is_file() || in_literal {
                        // No token of its own: point at the name inside the expression's text.
                        let at = text
                            .find(&name)
                            .map_or(pos.clone(), |i| pos.start + i..pos.start + i + name.len());
                        self.error(&at, message);
                    } else {
                        self.errors.push(syn::Error::new(ident.span(), message));
                    }
                    ok = false;
                }
                ok.then_some((rewritten.expr, rewritten.reads))
            }
            Err(err) => {
                let message = format!(
                    "`{}` is not a Rust expression: {err}\nhelp: write a Rust expression over the component's fields, such as `count + 1`",
                    text.trim()
                );
                self.error(pos, message);
                None
            }
        }
    }

    /// Plans a template's parts; `in_literal` when its expressions sit inside a string literal
    /// (and so have no tokens of their own).
    fn template(&mut self, template: &Template, in_literal: bool) -> Option<(Vec<SpotPart>, u128)> {
        let mut parts = Vec::new();
        let mut reads = 0;
        let mut ok = true;
        for part in &template.parts {
            match part {
                Part::Text(text) => parts.push(SpotPart::Static(text.clone())),
                Part::Expr(text, pos) => match self.expr(text, pos, in_literal) {
                    Some((expr, r)) => {
                        reads |= r;
                        parts.push(SpotPart::Value(expr));
                    }
                    None => ok = false,
                },
            }
        }
        ok.then_some((parts, reads))
    }

    fn handlers(&mut self, handlers: &[ast::Handler]) -> Vec<HandlerPlan> {
        let mut plans: Vec<HandlerPlan> = Vec::new();
        for handler in handlers {
            if plans.iter().any(|p| p.name == handler.name.text) {
                let message = format!(
                    "handler `{}` is defined twice\nhelp: give each handler its own name, or merge their statements",
                    handler.name.text
                );
                self.error(&handler.name.pos, message);
                continue;
            }
            let span = self.source.span(&handler.name.pos);
            let params = self.params(handler);
            self.locals = params
                .iter()
                .filter_map(|p| match &*p.pat {
                    syn::Pat::Ident(ident) => Some(ident.ident.to_string()),
                    _ => None,
                })
                .collect();
            self.handler_arity
                .push((handler.name.text.clone(), params.len()));
            let mut body = Vec::new();
            let mut writes = 0;
            for statement in &handler.statements {
                match statement {
                    Statement::Set { field, value } => {
                        let target = self.refs.iter().position(|f| f.name == field.text);
                        let Some(target) = target else {
                            self.unknown_field(&field.text, &field.pos, "in `set`");
                            continue;
                        };
                        let Some((value, _)) =
                            self.expr(&self.source.text[value.clone()], value, false)
                        else {
                            continue;
                        };
                        let ident = Ident::new(&field.text, self.source.span(&field.pos));
                        let access = expr::field_access(&self.refs[target], &ident);
                        writes |= 1 << self.refs[target].bit;
                        body.push(quote!(#access = #value;));
                    }
                    Statement::Call { expr } => {
                        let text = self.source.text[expr.clone()].to_owned();
                        let Some((call, _)) = self.expr(&text, expr, false) else {
                            continue;
                        };
                        writes |= self.call_writes(&call);
                        body.push(quote!(#call;));
                    }
                    Statement::Log { message } => {
                        let Some((parts, _)) = self.template(message, true) else {
                            continue;
                        };
                        let message = format_parts(&parts);
                        let name = &handler.name.text;
                        body.push(quote!(
                            ::hjx_runtime::__private::v1::tracing::info!(handler = #name, "{}", #message);
                        ));
                    }
                }
            }
            self.locals.clear();
            plans.push(HandlerPlan {
                params,
                name: handler.name.text.clone(),
                ident: Ident::new(&format!("__hjx_on_{}", handler.name.text), span),
                body,
                writes,
            });
        }
        plans
    }

    /// A handler's parameters: `name: Type`, comma separated.
    fn params(&mut self, handler: &ast::Handler) -> Vec<syn::PatType> {
        let Some(pos) = &handler.params else {
            return Vec::new();
        };
        let parser = |input: syn::parse::ParseStream<'_>| {
            input.parse_terminated(
                |input| {
                    Ok(syn::PatType {
                        attrs: Vec::new(),
                        pat: Box::new(syn::Pat::Ident(syn::PatIdent {
                            attrs: Vec::new(),
                            by_ref: None,
                            mutability: input.parse()?,
                            ident: input.parse()?,
                            subpat: None,
                        })),
                        colon_token: input.parse()?,
                        ty: input.parse()?,
                    })
                },
                syn::Token![,],
            )
        };
        match self
            .source
            .tokens(pos)
            .and_then(|tokens| syn::parse::Parser::parse2(parser, tokens))
        {
            Ok(params) => params.into_iter().collect(),
            Err(_) => {
                let message = format!(
                    "the parameters of handler `{}` are not `name: Type` pairs\nhelp: write them like `{}(value: String, count: u32):`",
                    handler.name.text, handler.name.text
                );
                self.error(pos, message);
                Vec::new()
            }
        }
    }

    /// The arguments an `on` binding passes, checked against the handler's parameters. In
    /// them, `event` is the event's data (`event.value`, `event.key`, `event.checked`) and
    /// `form` a submitted form's fields.
    fn call_args(&mut self, handler: &ast::Name, args: Option<&Pos>) -> Option<Vec<Expr>> {
        let arity = self
            .handler_arity
            .iter()
            .find(|(name, _)| *name == handler.text)
            .map_or(0, |(_, n)| *n);
        let mut exprs = Vec::new();
        if let Some(pos) = args {
            let text = self.source.text[pos.clone()].to_owned();
            let offset = pos.start;
            for piece in crate::lex::split_top_level(&text) {
                let piece_pos = offset + piece.start..offset + piece.end;
                let piece_text = text[piece.clone()].to_owned();
                if !piece_text.trim().is_empty() {
                    self.locals = vec!["event".to_owned(), "form".to_owned()];
                    let planned = self.expr(&piece_text, &piece_pos, false);
                    self.locals.clear();
                    exprs.push(planned?.0);
                }
            }
        }
        if exprs.len() != arity {
            let message = format!(
                "handler `{}` takes {arity} argument{}, but this binding passes {}\nhelp: pass one value per parameter, such as `on input -> {}(event.value)`",
                handler.text,
                if arity == 1 { "" } else { "s" },
                exprs.len(),
                handler.text
            );
            self.error(&handler.pos, message);
            return None;
        }
        Some(exprs)
    }

    /// The fields each `script:` method may write: those it mentions as `self.field` and those
    /// of the methods it calls on `self`, to a fixed point.
    fn script_writes(&mut self, fns: &[syn::ImplItemFn]) {
        let direct: Vec<(String, u128, Vec<String>)> = fns
            .iter()
            .map(|f| {
                let (fields, calls) = expr::mentions(f);
                let mask = fields
                    .iter()
                    .filter_map(|name| {
                        self.refs
                            .iter()
                            .find(|r| r.name == *name || format!("set_{}", r.name) == *name)
                    })
                    .fold(0u128, |m, r| m | 1 << r.bit);
                let setters = calls
                    .iter()
                    .filter_map(|c| c.strip_prefix("set_"))
                    .filter_map(|n| self.refs.iter().find(|r| r.name == n))
                    .fold(0u128, |m, r| m | 1 << r.bit);
                (f.sig.ident.to_string(), mask | setters, calls)
            })
            .collect();
        let mut writes: Vec<(String, u128)> =
            direct.iter().map(|(n, m, _)| (n.clone(), *m)).collect();
        loop {
            let mut changed = false;
            for (i, (_, _, calls)) in direct.iter().enumerate() {
                let extra = calls
                    .iter()
                    .filter_map(|c| writes.iter().find(|(n, _)| n == c))
                    .fold(0u128, |m, (_, w)| m | w);
                if writes[i].1 | extra != writes[i].1 {
                    writes[i].1 |= extra;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        self.method_writes = writes;
    }

    /// The fields a `call` may write: every field the script methods it calls may write, and
    /// the fields it names itself (a `self.items.push(…)` is a write).
    fn call_writes(&self, call: &Expr) -> u128 {
        let method = syn::ImplItemFn {
            attrs: Vec::new(),
            vis: syn::Visibility::Inherited,
            defaultness: None,
            sig: syn::parse_quote!(fn call(&mut self)),
            block: syn::parse_quote!({ #call; }),
        };
        let (fields, calls) = expr::mentions(&method);
        let own = fields
            .iter()
            .filter_map(|name| self.refs.iter().find(|r| r.name == *name))
            .fold(0u128, |m, r| m | 1 << r.bit);
        let shared_reads = {
            // `call` may also touch shared fields, which the rewriter spells `__hjx_shared.x`.
            let text = quote!(#call).to_string();
            self.refs
                .iter()
                .filter(|r| r.shared && text.contains(&format!("__hjx_shared . {}", r.name)))
                .fold(0u128, |m, r| m | 1 << r.bit)
        };
        calls
            .iter()
            .filter_map(|c| self.method_writes.iter().find(|(n, _)| n == c))
            .fold(own | shared_reads, |m, (_, w)| m | w)
    }

    fn node(&mut self, node: &Node, root: bool) {
        match node {
            Node::Element(element) => self.element(element, root),
            Node::If(if_node) => self.region(if_node, root),
        }
    }

    fn spot(&mut self, spot: Spot) {
        self.reads |= spot.reads;
        self.patches.push(PatchItem::Spot(spot));
    }

    /// Plans an `if` region: its conditions, and each branch's render and patches.
    fn region(&mut self, if_node: &ast::If, root: bool) {
        let hid = self.next_hid;
        self.next_hid += 1;
        let outer_reads = std::mem::take(&mut self.reads);
        let mut conditions = Vec::new();
        let mut arms = Vec::new();
        let mut arm_patches = Vec::new();
        let mut ok = true;
        for branch in &if_node.branches {
            match &branch.condition {
                Some(pos) => {
                    let text = self.source.text[pos.clone()].to_owned();
                    match self.expr(&text, pos, false) {
                        Some((expr, reads)) => {
                            self.reads |= reads;
                            conditions.push(Some(expr));
                        }
                        None => ok = false,
                    }
                }
                None => conditions.push(None),
            }
            let render = std::mem::take(&mut self.render);
            let patches = std::mem::take(&mut self.patches);
            for node in &branch.nodes {
                self.node(node, root);
            }
            arms.push(merge_static(std::mem::replace(&mut self.render, render)));
            arm_patches.push(std::mem::replace(&mut self.patches, patches));
        }
        let reads = std::mem::replace(&mut self.reads, outer_reads);
        self.reads |= reads;
        if !ok {
            return;
        }
        let index = self.regions.len();
        self.regions.push(RegionPlan {
            hid,
            conditions,
            arms,
            arm_patches,
            reads,
        });
        self.render
            .push(Chunk::Static(format!("<hjx-if data-hid=\"{hid}\">")));
        self.render.push(Chunk::Region(index));
        self.render.push(Chunk::Static("</hjx-if>".into()));
        self.patches.push(PatchItem::Region(index));
    }

    fn element(&mut self, element: &ast::Element, root: bool) {
        let tag_text = element.tag.text.as_str();
        if tag_text.starts_with(|c: char| c.is_ascii_uppercase()) {
            let message = format!(
                "unknown element `{tag_text}`: component instances are not supported yet\nhelp: HTML elements are lowercase, such as `view`, `text` or `button`"
            );
            self.error(&element.tag.pos, message);
            return;
        }
        let tag = match tag_text {
            "view" => "div",
            "text" => "span",
            other => other,
        };
        let void = VOID_ELEMENTS.contains(&tag);
        if void && !matches!(element.content, Content::Empty) {
            let message = format!(
                "`{tag}` is a void element: it cannot have text or children\nhelp: give it attributes only, such as `{tag} (title=\"…\")`"
            );
            self.error(&element.line, message);
        }

        // Attributes, in order: id, class, then the arguments as written.
        let mut attrs: Vec<(String, Pos, AttrValue)> = Vec::new();
        if let Some(id) = &element.id {
            attrs.push((
                "id".into(),
                id.pos.clone(),
                AttrValue::Static(id.text.clone()),
            ));
        }
        let mut class_parts: Vec<Part> = Vec::new();
        let mut class_pos = None;
        for class in &element.classes {
            if !class_parts.is_empty() {
                class_parts.push(Part::Text(" ".into()));
            }
            class_parts.push(Part::Text(class.text.clone()));
            class_pos.get_or_insert(class.pos.clone());
        }
        let mut events: Vec<(&'static str, &'static str, Pos, Action)> = Vec::new();
        for arg in &element.args {
            match arg {
                Arg::Attr { name, value } if name.text == "class" => {
                    if !class_parts.is_empty() {
                        class_parts.push(Part::Text(" ".into()));
                    }
                    class_parts.extend(value.parts.iter().cloned());
                    class_pos.get_or_insert(name.pos.clone());
                }
                Arg::Attr { name, value } => {
                    attrs.push((
                        name.text.clone(),
                        name.pos.clone(),
                        AttrValue::Template(value.clone()),
                    ));
                }
                Arg::Flag(name) => {
                    attrs.push((name.text.clone(), name.pos.clone(), AttrValue::Flag))
                }
                Arg::On {
                    event,
                    handler,
                    args,
                } => {
                    let Some(&(event_name, kind)) = EVENTS.iter().find(|(e, _)| *e == event.text)
                    else {
                        let help = match closest(&event.text, EVENTS.iter().map(|(e, _)| *e)) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!(
                                "the events are {}",
                                EVENTS
                                    .iter()
                                    .map(|(e, _)| format!("`{e}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        self.error(
                            &event.pos,
                            format!("unknown event `{}`\nhelp: {help}", event.text),
                        );
                        continue;
                    };
                    let Some(index) = self.handler_names.iter().position(|h| *h == handler.text)
                    else {
                        let help = match closest(
                            &handler.text,
                            self.handler_names.iter().map(String::as_str),
                        ) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!(
                                "define it under `handlers:`, as `  {}:` followed by its statements",
                                handler.text
                            ),
                        };
                        self.error(
                            &handler.pos,
                            format!("unknown handler `{}`\nhelp: {help}", handler.text),
                        );
                        continue;
                    };
                    let Some(call_args) = self.call_args(handler, args.as_ref()) else {
                        continue;
                    };
                    events.push((
                        event_name,
                        kind,
                        event.pos.clone(),
                        Action::Handler(index, call_args),
                    ));
                }
                Arg::Bind { property, field } => {
                    let Some(index) = self.refs.iter().position(|f| f.name == field.text) else {
                        self.unknown_field(&field.text, &field.pos, "in `bind`");
                        continue;
                    };
                    match property.text.as_str() {
                        "value" => {
                            let template = Template {
                                parts: vec![Part::Expr(field.text.clone(), field.pos.clone())],
                                pos: field.pos.clone(),
                            };
                            attrs.push((
                                "value".into(),
                                field.pos.clone(),
                                AttrValue::Bound(template),
                            ));
                            events.push((
                                "input",
                                "Input",
                                property.pos.clone(),
                                Action::BindValue(index, self.source.span(&field.pos)),
                            ));
                        }
                        "checked" => {
                            attrs.push((
                                "checked".into(),
                                field.pos.clone(),
                                AttrValue::BoundFlag(index),
                            ));
                            events.push((
                                "change",
                                "Change",
                                property.pos.clone(),
                                Action::BindChecked(index, self.source.span(&field.pos)),
                            ));
                        }
                        other => {
                            let message = format!(
                                "cannot bind `{other}`\nhelp: bind `value` (inputs, textareas, selects) or `checked` (checkboxes)"
                            );
                            self.error(&property.pos, message);
                        }
                    }
                }
            }
        }
        if !class_parts.is_empty() {
            let pos = class_pos.unwrap_or(element.tag.pos.clone());
            attrs.insert(
                usize::from(element.id.is_some()),
                (
                    "class".into(),
                    pos.clone(),
                    AttrValue::Template(Template {
                        parts: class_parts,
                        pos,
                    }),
                ),
            );
        }
        for (i, (name, pos, _)) in attrs.iter().enumerate() {
            if attrs[..i].iter().any(|(other, _, _)| other == name) {
                let message = format!("attribute `{name}` is given twice\nhelp: keep one of them");
                self.errors.push(self.source.error(pos, message));
            }
        }

        // Plan the dynamic parts before writing the tag, to know whether it needs an ID.
        let mut planned: Vec<(String, PlannedAttr)> = Vec::new();
        for (name, pos, value) in attrs {
            let planned_attr = match value {
                AttrValue::Static(text) => PlannedAttr::Static(text),
                AttrValue::Flag => PlannedAttr::Flag,
                AttrValue::Template(template) | AttrValue::Bound(template) => {
                    let in_literal = !matches!(template.parts.first(), Some(Part::Expr(_, p)) if *p == template.pos);
                    let Some((parts, reads)) = self.template(&template, in_literal) else {
                        continue;
                    };
                    PlannedAttr::Dynamic(parts, reads)
                }
                AttrValue::BoundFlag(index) => {
                    let field = &self.refs[index];
                    let ident = Ident::new(&field.name, self.source.span(&pos));
                    PlannedAttr::BoundFlag(expr::field_access(field, &ident), 1 << field.bit)
                }
            };
            planned.push((name, planned_attr));
        }
        let text = match &element.content {
            Content::Text(template) => self.template(template, true),
            _ => None,
        };
        let dynamic_text = text.as_ref().is_some_and(|(_, reads)| *reads != 0);
        let needs_hid = dynamic_text
            || !events.is_empty()
            || planned.iter().any(|(_, a)| match a {
                PlannedAttr::Dynamic(_, reads) | PlannedAttr::BoundFlag(_, reads) => *reads != 0,
                _ => false,
            });
        let hid = needs_hid.then(|| {
            let hid = self.next_hid;
            self.next_hid += 1;
            hid
        });

        // The opening tag.
        self.render.push(Chunk::Static(format!("<{tag}")));
        for (name, attr) in planned {
            match attr {
                PlannedAttr::Static(text) => {
                    self.render
                        .push(Chunk::Static(format!(" {name}=\"{}\"", escape(&text))));
                }
                PlannedAttr::Flag => self.render.push(Chunk::Static(format!(" {name}"))),
                PlannedAttr::Dynamic(parts, reads) => {
                    self.render.push(Chunk::Static(format!(" {name}=\"")));
                    self.push_parts(&parts);
                    self.render.push(Chunk::Static("\"".into()));
                    if let (Some(hid), true) = (hid, reads != 0) {
                        self.spot(Spot {
                            hid,
                            target: SpotTarget::Attr(name),
                            parts,
                            reads,
                        });
                    }
                }
                PlannedAttr::BoundFlag(access, reads) => {
                    self.render.push(Chunk::Flag(access.clone(), " checked"));
                    if let Some(hid) = hid {
                        self.spot(Spot {
                            hid,
                            target: SpotTarget::Flag(name),
                            parts: vec![SpotPart::Value(access)],
                            reads,
                        });
                    }
                }
            }
        }
        if let Some(hid) = hid {
            self.render
                .push(Chunk::Static(format!(" data-hid=\"{hid}\"")));
            let mut kinds: Vec<&'static str> = Vec::new();
            for (event, _, _, _) in &events {
                if !kinds.contains(event) {
                    kinds.push(event);
                }
            }
            if !kinds.is_empty() {
                self.render
                    .push(Chunk::Static(format!(" data-on=\"{}\"", kinds.join(" "))));
            }
            for (_, kind, _, action) in events {
                let label = match &action {
                    Action::Handler(index, _) => self.handler_names[*index].clone(),
                    Action::BindValue(index, _) | Action::BindChecked(index, _) => {
                        format!("bind:{}", self.refs[*index].name)
                    }
                };
                match self
                    .bindings
                    .iter_mut()
                    .find(|b| b.hid == hid && b.kind == kind)
                {
                    Some(binding) => {
                        binding.label = format!("{}+{label}", binding.label);
                        binding.actions.push(action);
                    }
                    None => self.bindings.push(BindingPlan {
                        hid,
                        kind,
                        label,
                        actions: vec![action],
                    }),
                }
            }
        }
        if root && !self.scope.is_empty() {
            self.render
                .push(Chunk::Static(format!(" data-hjx-scope=\"{}\"", self.scope)));
        }
        self.render.push(Chunk::Static(">".into()));
        if void {
            return;
        }
        match &element.content {
            Content::Empty => {}
            Content::Text(_) => {
                if let Some((parts, reads)) = text {
                    self.push_parts(&parts);
                    if let (Some(hid), true) = (hid, reads != 0) {
                        self.spot(Spot {
                            hid,
                            target: SpotTarget::Text,
                            parts,
                            reads,
                        });
                    }
                }
            }
            Content::Children(children) => {
                for child in children {
                    self.node(child, false);
                }
            }
        }
        self.render.push(Chunk::Static(format!("</{tag}>")));
    }

    fn push_parts(&mut self, parts: &[SpotPart]) {
        for part in parts {
            match part {
                SpotPart::Static(text) => self.render.push(Chunk::Static(escape(text))),
                SpotPart::Value(expr) => self.render.push(Chunk::Value(expr.clone())),
            }
        }
    }

    /// Splits `script:` into fns (methods of the component) and other items (module level).
    fn script(&mut self, pos: Option<&Pos>) -> (Vec<syn::ImplItemFn>, Vec<syn::Item>) {
        let Some(pos) = pos else {
            return (Vec::new(), Vec::new());
        };
        let file = match self.source.tokens(pos).and_then(syn::parse2::<syn::File>) {
            Ok(file) => file,
            Err(err) => {
                self.errors.push(err);
                return (Vec::new(), Vec::new());
            }
        };
        let mut fns = Vec::new();
        let mut items = Vec::new();
        for item in file.items {
            match item {
                syn::Item::Fn(f) => fns.push(syn::ImplItemFn {
                    attrs: f.attrs,
                    vis: f.vis,
                    defaultness: None,
                    sig: f.sig,
                    block: *f.block,
                }),
                other => items.push(other),
            }
        }
        (fns, items)
    }
}

enum AttrValue {
    Static(String),
    Flag,
    Template(Template),
    Bound(Template),
    BoundFlag(usize),
}

#[allow(clippy::large_enum_variant)] // compile-time data, built once per attribute
enum PlannedAttr {
    Static(String),
    Flag,
    Dynamic(Vec<SpotPart>, u128),
    BoundFlag(Expr, u128),
}

/// Tokens that build the `String` of a template's parts.
pub(crate) fn format_parts(parts: &[SpotPart]) -> TokenStream {
    let rt = quote!(::hjx_runtime::__private::v1);
    if let [SpotPart::Value(expr)] = parts {
        let expr = expr::borrow(expr);
        return quote!(#rt::display(#expr));
    }
    let pushes = parts.iter().map(|part| match part {
        SpotPart::Static(text) => quote!(__hjx_text.push_str(#text);),
        SpotPart::Value(expr) => {
            let expr = expr::borrow(expr);
            quote!(#rt::push_display(&mut __hjx_text, #expr);)
        }
    });
    quote!({
        let mut __hjx_text = #rt::String::new();
        #(#pushes)*
        __hjx_text
    })
}

fn merge_static(chunks: Vec<Chunk>) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    for chunk in chunks {
        match (out.last_mut(), chunk) {
            (Some(Chunk::Static(prev)), Chunk::Static(next)) => prev.push_str(&next),
            (_, chunk) => out.push(chunk),
        }
    }
    out
}

/// HTML-escapes markup text at compile time.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}
