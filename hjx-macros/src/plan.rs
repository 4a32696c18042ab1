//! Checking names and planning the dynamic spots.
//!
//! Every dynamic spot of the layout (a text with `{{ }}`, an attribute with `{{ }}`, a bound
//! value) gets the hydration ID of its element and the set of fields it reads; every handler gets
//! the set of fields it writes. At run time an event re-renders only the spots that read a field
//! it wrote: this table is why there is no virtual DOM and no diff.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::Expr;

use crate::css::scope_css;
use crate::expr::{self, FieldRef};
use crate::source::Source;
use hjx_syntax::ast::{self, Init, Literal, Part, Pos, Template};

/// The most fields a component may have: one bit each in a `FieldSet`.
const MAX_FIELDS: usize = 128;

/// Elements that have no closing tag and no content.
const VOID_ELEMENTS: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Boolean attributes: written `disabled="{{busy}}"`, present while the value is `true`.
const BOOLEAN_ATTRS: [&str; 11] = [
    "checked",
    "disabled",
    "selected",
    "hidden",
    "readonly",
    "required",
    "open",
    "multiple",
    "autofocus",
    "novalidate",
    "inert",
];

/// Everything `emit` needs.
pub(crate) struct Plan {
    pub(crate) name: Ident,
    pub(crate) fields: Vec<FieldPlan>,
    pub(crate) render: Vec<Chunk>,
    pub(crate) patches: Vec<PatchItem>,
    pub(crate) regions: Vec<RegionPlan>,
    pub(crate) lists: Vec<ListPlan>,
    /// How many lists keep their memory in the component itself (not in an item).
    pub(crate) root_lists: usize,
    /// The first hydration ID list items may take: every static one is below it.
    pub(crate) first_dynamic_hid: u32,
    pub(crate) bindings: Vec<BindingPlan>,
    pub(crate) handlers: Vec<HandlerPlan>,
    pub(crate) instances: Vec<InstancePlan>,
    /// The names of the component's own slots (`""` for the default one).
    pub(crate) slots: Vec<String>,
    pub(crate) emits: Vec<EmitPlan>,
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
    /// Markup written only when a `bool` holds (a bound `checked`); inside a list item, the
    /// slot that remembers it.
    Flag(Expr, String, Option<u32>),
    /// The live branch of an `if` region, by index into `Plan::regions`.
    Region(usize),
    /// A `for` block's items, by index into `Plan::lists`.
    List(usize),
    /// Inside a list item: the item's base hydration ID plus this.
    Hid(u32),
    /// Inside a list item: a value whose text hash is remembered in the slot.
    SpotValue(u32, Vec<SpotPart>),
    /// A static hydration ID: the component's base plus this.
    TopHid(u32),
    /// A component instance, by index into `Plan::instances`.
    Instance(usize),
    /// Where the parent's content for the named slot goes.
    Slot(String),
    /// The class a parent merges onto a root element, after its own classes.
    MergedClass,
    /// The class a parent merges onto a root element that has no class of its own.
    MergedClassAttr,
}

/// What a patch looks at, in document order.
pub(crate) enum PatchItem {
    Spot(Spot),
    Region(usize),
    List(usize),
    Instance(usize),
}

/// A `for` block.
pub(crate) struct ListPlan {
    /// The hydration ID of the element whose children are the items.
    pub(crate) container: u32,
    /// Whether each item is wrapped in `<hjx-item>` (its markup has more than one root).
    pub(crate) wrap_items: bool,
    /// How many list items enclose this list (0 at the top level).
    pub(crate) depth: usize,
    /// Where the list's memory lives: the component's list slot, or the enclosing item's.
    pub(crate) mem: usize,
    pub(crate) item: Ident,
    pub(crate) index: Option<Ident>,
    pub(crate) iter: Expr,
    /// Whether the iterated expression is a field (`todos`) to iterate by reference.
    pub(crate) borrow_iter: bool,
    pub(crate) key: Option<Expr>,
    /// Every field the list's expressions or its items read.
    pub(crate) reads: u128,
    /// Hydration IDs, memory slots and nested lists per item.
    pub(crate) stride: u32,
    pub(crate) slots: u32,
    pub(crate) nested: Vec<usize>,
    pub(crate) render: Vec<Chunk>,
    pub(crate) patches: Vec<PatchItem>,
    pub(crate) bindings: Vec<BindingPlan>,
}

/// An `if` region: `<hjx-if data-hid>` whose content is the live branch.
pub(crate) struct RegionPlan {
    pub(crate) hid: u32,
    /// Inside a list item: the item's slot remembering the branch shown.
    pub(crate) slot: Option<u32>,
    /// Each branch's condition; `None` for `else`.
    pub(crate) conditions: Vec<Option<Expr>>,
    pub(crate) arms: Vec<Vec<Chunk>>,
    pub(crate) arm_patches: Vec<Vec<PatchItem>>,
    /// The lists directly in each branch, whose memory is cleared when another branch shows.
    pub(crate) arm_lists: Vec<Vec<usize>>,
    /// Every field the region's condition or content reads.
    pub(crate) reads: u128,
    /// Whether a list stands inside (its memory is per session, so the region is too).
    pub(crate) has_list: bool,
}

/// A dynamic spot: what to recompute when a field it reads changes.
pub(crate) struct Spot {
    pub(crate) hid: u32,
    /// Inside a list item: the item's slot remembering the text hash.
    pub(crate) slot: Option<u32>,
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
#[derive(Clone)]
pub(crate) enum SpotPart {
    Static(String),
    Value(Expr),
    /// The class a parent merges onto the component's root elements.
    MergedClass,
}

/// What one (element, event kind) runs.
pub(crate) struct BindingPlan {
    pub(crate) hid: u32,
    pub(crate) kind: &'static str,
    pub(crate) label: String,
    pub(crate) actions: Vec<Action>,
    /// The regions (index, branch) whose branch must be showing for the element to exist.
    pub(crate) guards: Vec<(usize, u8)>,
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
    imports: &[ImportInfo],
    errors: &mut Vec<syn::Error>,
) -> Option<Plan> {
    let name = component.name.as_ref()?;
    let mut planner = Planner {
        source,
        imports,
        instances: Vec::new(),
        own_slots: Vec::new(),
        emits: Vec::new(),
        emit_enum: emit_enum(&Ident::new(&name.text, source.span(&name.pos))),
        errors,
        fields: Vec::new(),
        refs: Vec::new(),
        render: Vec::new(),
        patches: Vec::new(),
        regions: Vec::new(),
        lists: Vec::new(),
        root_lists: 0,
        item: None,
        list_container: None,
        guards: Vec::new(),
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
    let style = match &component.style {
        Some(pos) => {
            let css = &source.text[pos.clone()];
            let scope = format!(
                "{}-{:08x}",
                name.text,
                hjx_syntax::fnv1a64(css.as_bytes()) as u32
            );
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
    if planner.fields.len() + planner.instances.len() > MAX_FIELDS {
        let pos = component.state.first().map_or(0..0, |f| f.name.pos.clone());
        planner.error(
            &pos,
            format!(
                "a component has at most {MAX_FIELDS} fields and component instances; this one has {}",
                planner.fields.len() + planner.instances.len()
            ),
        );
    }

    let shared_mask = planner
        .fields
        .iter()
        .filter(|f| f.shared)
        .fold(0, |m, f| m | 1 << f.bit);
    let style =
        if planner.regions.is_empty() && planner.lists.is_empty() && planner.instances.is_empty() {
            style
        } else {
            // Regions, lists and instances are wrappers that must not change the layout.
            format!("hjx-if,hjx-for,hjx-item,hjx-c{{display:contents}}{style}")
        };
    let ident = Ident::new(&name.text, source.span(&name.pos));
    Some(Plan {
        name: ident,
        fields: planner.fields,
        render: merge_static(planner.render),
        patches: planner.patches,
        regions: planner.regions,
        lists: planner.lists,
        root_lists: planner.root_lists,
        first_dynamic_hid: planner.next_hid,
        bindings: planner.bindings,
        handlers,
        instances: planner.instances,
        slots: planner.own_slots,
        emits: planner.emits,
        script_fns,
        script_items,
        style,
        scope: planner.scope,
        shared_mask,
    })
}

struct Planner<'a> {
    source: &'a Source,
    imports: &'a [ImportInfo],
    instances: Vec<InstancePlan>,
    own_slots: Vec<String>,
    emits: Vec<EmitPlan>,
    /// The enum of the events the component emits.
    emit_enum: Ident,
    errors: &'a mut Vec<syn::Error>,
    fields: Vec<FieldPlan>,
    refs: Vec<FieldRef>,
    render: Vec<Chunk>,
    patches: Vec<PatchItem>,
    regions: Vec<RegionPlan>,
    lists: Vec<ListPlan>,
    root_lists: usize,
    /// The list item being planned, if any.
    item: Option<ItemScope>,
    /// The hydration ID of the element a `for` about to be planned stands alone in.
    list_container: Option<u32>,
    /// The regions and branches enclosing what is being planned, within the current item.
    guards: Vec<(usize, u8)>,
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
        unknown(
            &format!("unknown field `{name}` {what}"),
            name,
            &self.field_names(),
            "the fields are ",
            "the component has no fields; declare one under `state:`, such as `count = 0`",
        )
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

/// What planning a list item's markup collects.
#[derive(Default)]
struct ItemScope {
    next_hid: u32,
    slots: u32,
    lists: Vec<usize>,
    bindings: Vec<BindingPlan>,
    depth: usize,
}

#[path = "plan_element.rs"]
mod element;
#[path = "plan_handlers.rs"]
mod handlers;
#[path = "plan_instance.rs"]
mod instance;
#[path = "plan_list.rs"]
mod list;

pub(crate) use instance::{EmitPlan, ImportInfo, InstancePlan, PropPlan};

/// `CardEmit`: the enum of the events `Card` emits.
pub(crate) fn emit_enum(name: &Ident) -> Ident {
    Ident::new(&format!("{name}Emit"), name.span())
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
        SpotPart::MergedClass => quote! {
            if !self.__hjx_class.is_empty() {
                __hjx_text.push(' ');
                __hjx_text.push_str(&self.__hjx_class);
            }
        },
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

/// `what`, then the help for an unknown name.
fn unknown(what: &str, name: &str, names: &[&str], listed: &str, otherwise: &str) -> String {
    format!(
        "{what}\nhelp: {}",
        hjx_syntax::unknown_help(name, names, listed, otherwise)
    )
}
