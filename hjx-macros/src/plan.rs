//! Checking names and planning the dynamic spots: the markup's syntax tree in, the typed plan
//! (`ir`) out, for `emit` to write.
//!
//! The checks on names that need no Rust types are `hjx_syntax::check`'s, called where the
//! planning meets each name; the ones that need Rust (names inside expressions, types) are
//! here. Every dynamic spot of the layout (a text with `{{ }}`, an attribute with `{{ }}`, a bound
//! value) gets the hydration ID of its element and the set of fields it reads; every handler gets
//! the set of fields it writes. At run time an event re-renders only the spots that read a field
//! it wrote: this table is why there is no virtual DOM and no diff.

use proc_macro2::Ident;
use syn::Expr;

use crate::css::scope_css;
use crate::errors::Errors;
use crate::expr::{self, FieldRef};
use crate::source::Source;
use hjx_syntax::ast::{self, Part, Pos, Template};
use hjx_syntax::{Diagnostic, check};

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

/// Checks the component and plans it. Errors go into `errors`; the plan is still made where
/// possible, so the struct can be emitted and no cascade of secondary errors follows.
pub(crate) fn plan(
    component: &ast::Component,
    source: &Source,
    imports: &[ImportInfo],
    errors: &mut Errors,
) -> Option<Plan> {
    let name = component.name.as_ref()?;
    let mut planner = Planner {
        source,
        imports,
        instances: Vec::new(),
        own_slots: Vec::new(),
        emits: Vec::new(),
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
        reads: FieldMask::EMPTY,
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
        methods: expr::Methods::default(),
        scope: String::new(),
        extras: false,
        uploads: Vec::new(),
        sent: 0,
        forget: Vec::new(),
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

    let (mut script_fns, script_items) = planner.script(component.script.as_ref());
    planner.script_writes(&mut script_fns);
    planner.methods(&mut script_fns, component.script.as_ref());
    let mount = planner.mount_hook(&script_fns);
    let handlers = planner.handlers(&component.handlers);
    // A missing layout is the parser's to report.
    if let Some(layout) = &component.layout {
        for node in &layout.nodes {
            planner.node(node, true);
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

    let shared_mask = planner.shared_fields();
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
        mount,
        style,
        scope: planner.scope,
        shared_mask,
        sent: planner.sent,
        forget: planner.forget,
        extras: planner.extras,
        uploads: planner.uploads,
    })
}

struct Planner<'a> {
    source: &'a Source,
    imports: &'a [ImportInfo],
    instances: Vec<InstancePlan>,
    own_slots: Vec<String>,
    emits: Vec<EmitPlan>,
    errors: &'a mut Errors,
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
    guards: Vec<Guard>,
    /// The fields read by the spots planned so far in the current region.
    reads: FieldMask,
    bindings: Vec<BindingPlan>,
    next_hid: u32,
    handler_names: Vec<String>,
    /// Each planned handler's parameter count, by name.
    handler_arity: Vec<(String, usize)>,
    /// Names bound where the expressions being planned run.
    locals: Vec<String>,
    /// The fields each `script:` method may write, by name.
    method_writes: Vec<(String, FieldMask)>,
    /// The `script:` methods, and those that take the shared value.
    methods: expr::Methods,
    scope: String,
    /// Whether the markup uses the client's second file: hooks or client commands.
    extras: bool,
    /// The file inputs bound with `on upload`.
    uploads: Vec<UploadPlan>,
    /// How many spots remember the text they last sent.
    sent: u32,
    /// The remembered spots an event from their element forgets: (hydration ID, memory).
    forget: Vec<(u32, u32)>,
}

impl Planner<'_> {
    /// Records an error at markup position `pos`; add help to what it returns.
    fn error(&mut self, pos: &Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.errors.at(pos, message)
    }

    fn field_names(&self) -> Vec<&str> {
        self.refs.iter().map(|f| f.name.as_str()).collect()
    }

    /// The value a check found, or `None` with its error recorded.
    fn checked<T>(&mut self, found: Result<T, Diagnostic>) -> Option<T> {
        found.map_err(|error| self.errors.push(error)).ok()
    }

    fn unknown_field(&mut self, name: &str, pos: &Pos, what: &str) {
        let error = check::unknown_field(name, pos.clone(), what, &self.field_names());
        self.errors.push(error);
    }

    /// The help for an unknown field: the closest field's name, or all of them.
    fn unknown_field_help(&self, name: &str) -> String {
        check::unknown_field_help(name, &self.field_names())
    }

    /// Rewrites the expression at `pos` (whose text is `text`), reporting unknown names.
    fn expr(&mut self, text: &str, pos: &Pos, in_literal: bool) -> Option<(Expr, FieldMask)> {
        let tokens = self.source.expr_tokens(text, pos, in_literal);
        let result = tokens
            .and_then(|tokens| expr::rewrite(tokens, &self.refs, &self.locals, &self.methods));
        match result {
            Ok(rewritten) => {
                let mut ok = true;
                for ident in &rewritten.unknown {
                    let name = ident.to_string();
                    let message = format!("unknown field `{name}` in expression");
                    let help = self.unknown_field_help(&name);
                    if self.source.is_file() || in_literal {
                        // No token of its own: point at the name inside the expression's text.
                        let at = text
                            .find(&name)
                            .map_or(pos.clone(), |i| pos.start + i..pos.start + i + name.len());
                        self.error(&at, message).help(help);
                    } else {
                        self.errors.at_rust(ident.span(), message).help(help);
                    }
                    ok = false;
                }
                ok.then_some((rewritten.expr, rewritten.reads))
            }
            Err(err) => {
                self.error(
                    pos,
                    format!("`{}` is not a Rust expression: {err}", text.trim()),
                )
                .help("write a Rust expression over the component's fields, such as `count + 1`");
                None
            }
        }
    }

    /// Plans a template's parts; `in_literal` when its expressions sit inside a string literal
    /// (and so have no tokens of their own).
    fn template(
        &mut self,
        template: &Template,
        in_literal: bool,
    ) -> Option<(Vec<SpotPart>, FieldMask)> {
        let mut parts = Vec::new();
        let mut reads = FieldMask::EMPTY;
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
                self.errors.syn(err);
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
    lists: Vec<ListId>,
    bindings: Vec<BindingPlan>,
    depth: usize,
    /// Whether the list has a `key:`.
    keyed: bool,
    /// Whether the item is a stream's (or inside one): rendered once, with no hydration ID.
    stream: bool,
    /// The component instances inside the item, told their list once it is planned.
    instances: Vec<InstanceId>,
}

mod bindings;
mod element;
mod fields;
mod handlers;
mod ids;
mod instance;
mod ir;
mod list;
mod methods;
mod mount;
mod region;
mod sent;

pub(crate) use ids::{FieldMask, HandlerId, InstanceId, ListId, RegionId, RegionScope};
pub(crate) use instance::{
    EmitHandler, EmitPlan, ImportInfo, InstancePlan, InstanceType, PropPlan, PropValue,
};
pub(crate) use ir::*;
pub(crate) use mount::MountHook;

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
