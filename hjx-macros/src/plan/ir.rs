//! The plan: the typed intermediate form between the markup and the Rust. Every dynamic spot,
//! region, list, instance, binding and handler, with the fields it reads or writes. The user's
//! own Rust (expressions, types, parameters, `script:` items) is held as `syn` syntax trees;
//! only `emit` writes tokens.

use proc_macro2::{Ident, Span};
use syn::Expr;

use super::{EmitPlan, FieldMask, HandlerId, InstanceId, InstancePlan, ListId, RegionId};

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
    /// The `script:` mount hook, when it has the hook's signature.
    pub(crate) mount: Option<super::MountHook>,
    pub(crate) style: String,
    pub(crate) scope: String,
    pub(crate) shared_mask: FieldMask,
    /// How many spots remember the text they last sent (`Spot::sent`).
    pub(crate) sent: u32,
    /// The remembered `value`, `checked` and `selected` spots, by element: an event from the
    /// element forgets what they sent. (hydration ID, index in `__hjx_sent`).
    pub(crate) forget: Vec<(u32, u32)>,
    /// Whether the markup uses hooks or client commands, which the client's second file runs.
    pub(crate) extras: bool,
    /// The file inputs bound with `on upload`, with their limits.
    pub(crate) uploads: Vec<UploadPlan>,
}

/// A file input bound with `on upload`: what the server accepts from it.
pub(crate) struct UploadPlan {
    pub(crate) hid: u32,
    pub(crate) max_bytes: u64,
    pub(crate) max_files: u32,
    /// Its `accept` attribute; empty for any type.
    pub(crate) accept: String,
}

/// A `state:` or `shared:` field.
pub(crate) struct FieldPlan {
    pub(crate) ident: Ident,
    pub(crate) ty: FieldType,
    pub(crate) init: FieldInit,
    pub(crate) shared: bool,
    pub(crate) bit: u32,
}

/// The type of a field, or of the value an event carries.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)] // compile-time data, built once per component
pub(crate) enum FieldType {
    /// As written in the markup (or in a handler's parameters).
    Written(syn::Type),
    /// Inferred from a literal.
    Inferred(Inferred),
}

impl FieldType {
    /// Whether the type is written `Load<…>` (by any path ending in `Load`): a field that holds
    /// async work, whose pending runs the component hands to the runtime.
    pub(crate) fn is_load(&self) -> bool {
        self.is_named("Load")
    }

    /// Whether the type is written `Stream<…>` (by any path ending in `Stream`): a list whose
    /// items are rendered once and not kept.
    pub(crate) fn is_stream(&self) -> bool {
        self.is_named("Stream")
    }

    /// Whether the type is written `Rows<…>`: a `Vec` that records the items changed in place.
    pub(crate) fn is_rows(&self) -> bool {
        self.is_named("Rows")
    }

    fn is_named(&self, name: &str) -> bool {
        let FieldType::Written(syn::Type::Path(path)) = self else {
            return false;
        };
        path.qself.is_none()
            && path
                .path
                .segments
                .last()
                .is_some_and(|segment| segment.ident == name)
    }
}

/// A type inferred from a `state:` literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Inferred {
    I64,
    F64,
    String,
    Bool,
    /// A list of one kind of literal.
    Vec(Box<Inferred>),
}

/// The type as a user writes it, for messages.
impl std::fmt::Display for Inferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Inferred::I64 => f.write_str("i64"),
            Inferred::F64 => f.write_str("f64"),
            Inferred::String => f.write_str("String"),
            Inferred::Bool => f.write_str("bool"),
            Inferred::Vec(item) => write!(f, "Vec<{item}>"),
        }
    }
}

/// The initial value of a field.
#[allow(clippy::large_enum_variant)] // compile-time data, built once per component
pub(crate) enum FieldInit {
    /// A Rust expression: as written, or a number literal.
    Expr(Expr),
    /// A string literal given to a `String` field: `String::from(literal)`.
    String(Expr),
    /// `true` or `false`.
    Bool(bool),
    /// A list literal: `vec![…]`.
    List(Vec<FieldInit>),
}

/// A piece of the render output.
pub(crate) enum Chunk {
    /// Markup written by the author, already escaped.
    Static(String),
    /// A value, escaped at run time.
    Value(Expr),
    /// HTML the app vouches for (`html="{{body}}"`, a `TrustedHtml`), written as it is; inside
    /// a list item, the slot that remembers its hash.
    Trusted(Expr, Option<u32>),
    /// Markup written only when a `bool` holds (a bound `checked`); inside a list item, the
    /// slot that remembers it.
    Flag(Expr, String, Option<u32>),
    /// The live branch of an `if` region.
    Region(RegionId),
    /// A `for` block's items.
    List(ListId),
    /// Inside a list item: the item's base hydration ID plus this.
    Hid(u32),
    /// Inside a list item: a value whose text hash is remembered in the slot.
    SpotValue(u32, Vec<SpotPart>),
    /// Outside list items: a value whose text hash the component remembers (in
    /// `__hjx_sent[n]`), so that a patch sends it only when it changed.
    SentValue(u32, Vec<SpotPart>),
    /// Outside list items: a boolean attribute whose state the component remembers.
    SentFlag(Expr, String, u32),
    /// A static hydration ID: the component's base plus this.
    TopHid(u32),
    /// A component instance.
    Instance(InstanceId),
    /// Where the parent's content for the named slot goes.
    Slot(String),
    /// The class a parent merges onto a root element, after its own classes.
    MergedClass,
    /// The class a parent merges onto a root element that has no class of its own.
    MergedClassAttr,
}

/// What a patch looks at, in document order.
pub(crate) enum PatchItem {
    /// A text or attribute that shows fields.
    Spot(Spot),
    /// An `if` region.
    Region(RegionId),
    /// A `for` list.
    List(ListId),
    /// A component instance.
    Instance(InstanceId),
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
    /// For a field typed `Stream<…>`, whether it is `shared:`: its items are rendered from the
    /// stream's edits, once, and not remembered.
    pub(crate) stream: Option<bool>,
    /// Whether the list is a top-level keyed `for` over a `state:` field typed `Rows<…>` whose
    /// items read nothing but the item: a patch looks at the rows changed in place alone.
    pub(crate) rows: bool,
    pub(crate) key: Option<Expr>,
    /// Every field the list's expressions or its items read.
    pub(crate) reads: FieldMask,
    /// Hydration IDs, memory slots and nested lists per item.
    pub(crate) stride: u32,
    pub(crate) slots: u32,
    pub(crate) nested: Vec<ListId>,
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
    pub(crate) arm_lists: Vec<Vec<ListId>>,
    /// Every field the region's condition or content reads.
    pub(crate) reads: FieldMask,
    /// Whether a list stands inside (its memory is per session, so the region is too).
    pub(crate) has_list: bool,
}

/// A dynamic spot: what to recompute when a field it reads changes.
pub(crate) struct Spot {
    pub(crate) hid: u32,
    /// Inside a list item: the item's slot remembering the text hash.
    pub(crate) slot: Option<u32>,
    /// Outside list items: the component's memory of the text last sent (`__hjx_sent`), for a
    /// spot that reads a per-session field and that the user cannot change in the page.
    pub(crate) sent: Option<u32>,
    pub(crate) target: SpotTarget,
    pub(crate) parts: Vec<SpotPart>,
    pub(crate) reads: FieldMask,
}

pub(crate) enum SpotTarget {
    /// The element's text content.
    Text,
    /// An attribute's value.
    Attr(String),
    /// A boolean attribute, present when the single part is `true`.
    Flag(String),
    /// The element's content as trusted HTML (`html="{{body}}"`): replaced whole.
    Html,
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
    /// Each action's key filter (`on keydown.enter`), checked again on the server.
    pub(crate) filters: Vec<Option<hjx_syntax::modifiers::KeyFilter>>,
    /// The region branches that must be showing for the element to exist.
    pub(crate) guards: Vec<Guard>,
}

/// A region's branch that must be showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Guard {
    pub(crate) region: RegionId,
    /// The branch's index in the `if` chain.
    pub(crate) branch: u8,
}

/// What a binding does when its event arrives.
pub(crate) enum Action {
    /// A handler, with the arguments the binding passes.
    Handler { handler: HandlerId, args: Vec<Expr> },
    /// `bind value <-> field` or `bind checked <-> field`.
    Bind(BindAction),
}

/// `bind value <-> field` or `bind checked <-> field`.
#[derive(Clone, Copy)]
pub(crate) struct BindAction {
    /// The field's index in `Plan::fields`.
    pub(crate) field: usize,
    /// The span of the field's name in the markup.
    pub(crate) span: Span,
    /// `checked` (a checkbox's state) rather than `value`.
    pub(crate) checked: bool,
}

/// A handler's compiled statements.
pub(crate) struct HandlerPlan {
    pub(crate) name: String,
    pub(crate) ident: Ident,
    /// The parameters, as written: `value: String`.
    pub(crate) params: Vec<syn::PatType>,
    pub(crate) body: Vec<StatementPlan>,
    pub(crate) writes: FieldMask,
}

/// An in-place edit of a collection field.
pub(crate) enum Edit {
    /// Appends the value.
    Push(Expr),
    /// Removes the item at the index, if there is one.
    RemoveAt(Expr),
    /// Removes every item the closure returns `true` for.
    RemoveWhere(Expr),
}

/// A handler's statement, checked: every name resolved, every expression rewritten.
#[allow(clippy::large_enum_variant)] // compile-time data, built once per component
pub(crate) enum StatementPlan {
    /// `set field = value`: the field's access and the new value.
    Set { target: Expr, value: Expr },
    /// `call expr`: run for its effect.
    Call(Expr),
    /// `push field <- value`, `remove field at index`, `remove field where |item| condition`:
    /// the field's access, the edit, and the field name's span.
    Edit {
        target: Expr,
        edit: Edit,
        span: Span,
    },
    /// `emit event(value)`: the event's variant in the emitted-events enum, and the access to
    /// the value it carries (cloned).
    Emit { variant: Ident, value: Option<Expr> },
    /// `log "message"`: the message's parts.
    Log(Vec<SpotPart>),
}
