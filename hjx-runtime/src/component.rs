//! The [`Component`] trait that `hjx!` implements, and the types that cross it.
//!
//! A component has per-session state (its own fields) and optionally a `Shared` value common to
//! every session of the component. Every state and shared field has a bit in a [`FieldSet`],
//! numbered at compile time. A handler reports the fields it wrote; [`Component::patch`] turns
//! that set into patch operations for exactly the dynamic spots that read one of them.

use std::fmt;

use hjx_syntax::DOM_EVENTS;

use crate::html::Html;
use crate::patch::{HydrationId, PatchOp};
use crate::store::{SharedStore, Store};

/// A set of component fields, one bit per `state:` or `shared:` field, numbered at compile time.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FieldSet(pub u128);

impl FieldSet {
    /// The empty set.
    pub const EMPTY: FieldSet = FieldSet(0);
    /// The set of every field.
    pub const ALL: FieldSet = FieldSet(u128::MAX);

    /// The set holding only field number `index`.
    pub const fn bit(index: u32) -> FieldSet {
        FieldSet(1 << index)
    }

    /// Whether the set holds no field.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the two sets share at least one field.
    pub const fn intersects(self, other: FieldSet) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether every field of `self` is in `other`.
    pub const fn is_subset(self, other: FieldSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// The union of the two sets.
    pub const fn union(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 | other.0)
    }

    /// The fields of `self` that are also in `other`.
    pub const fn intersection(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & other.0)
    }

    /// The fields of `self` that are not in `other`.
    pub const fn difference(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & !other.0)
    }

    /// Adds the fields of `other` to `self`.
    pub fn insert(&mut self, other: FieldSet) {
        self.0 |= other.0;
    }
}

impl fmt::Debug for FieldSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries((0..128).filter(|i| self.0 & (1 << i) != 0))
            .finish()
    }
}

/// The kinds of DOM event a markup element can bind with `on <kind> -> handler`: one variant for
/// each of [`hjx_syntax::DOM_EVENTS`], in its order, which is the wire order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum EventKind {
    /// `click`
    Click = 0,
    /// `input`: carries the element's value.
    Input = 1,
    /// `change`: carries the element's value (or checked state).
    Change = 2,
    /// `submit`: carries the form's fields.
    Submit = 3,
    /// `keydown`: carries the key.
    Keydown = 4,
    /// `focus`
    Focus = 5,
    /// `blur`
    Blur = 6,
}

impl EventKind {
    /// Every event kind, in wire order.
    pub const ALL: [EventKind; DOM_EVENTS.len()] = [
        EventKind::Click,
        EventKind::Input,
        EventKind::Change,
        EventKind::Submit,
        EventKind::Keydown,
        EventKind::Focus,
        EventKind::Blur,
    ];

    /// The kind with this wire code, if any.
    pub fn from_code(code: u8) -> Option<EventKind> {
        EventKind::ALL.get(usize::from(code)).copied()
    }

    /// The wire code of this kind.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The DOM event name (`click`, `input`, …).
    pub const fn name(self) -> &'static str {
        DOM_EVENTS[self as usize].name
    }

    /// The kind with this DOM event name, if any.
    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

// Each variant's code is its place in `ALL` and in `DOM_EVENTS`; the test below checks the names.
const _: () = {
    let mut i = 0;
    while i < EventKind::ALL.len() {
        assert!(EventKind::ALL[i] as usize == i && DOM_EVENTS[i].code as usize == i);
        i += 1;
    }
};

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The data an event carries from the browser.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum EventPayload {
    /// No data (click, focus, blur).
    #[default]
    None,
    /// The value of the input, textarea or select (input, change).
    Value(String),
    /// The checked state of a checkbox (change).
    Checked(bool),
    /// The key pressed (keydown).
    Key(String),
    /// The form's fields in document order (submit).
    Form(Vec<(String, String)>),
}

/// A user event addressed to one bound element of a component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The hydration ID of the element the event happened on.
    pub hid: HydrationId,
    /// What happened.
    pub kind: EventKind,
    /// The data the event carries.
    pub payload: EventPayload,
}

/// What handling an event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handled {
    /// The name of the handler that ran, for logs and traces.
    pub handler: &'static str,
    /// The fields the handler wrote.
    pub dirty: FieldSet,
}

/// Why an event was refused. The component's state is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventError {
    /// No element with this hydration ID binds this event kind.
    NotBound {
        /// The hydration ID the client named.
        hid: HydrationId,
        /// The event kind the client named.
        kind: EventKind,
    },
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::NotBound { hid, kind } => write!(
                f,
                "no element with hydration ID {} binds a `{kind}` event",
                hid.0
            ),
        }
    }
}

impl std::error::Error for EventError {}

/// One `on <event> -> handler` binding in a component's markup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The hydration ID of the bound element.
    pub hid: HydrationId,
    /// The event kind bound.
    pub kind: EventKind,
    /// The handler's name.
    pub handler: &'static str,
}

/// What the macro knows about a component at compile time.
#[derive(Debug)]
pub struct ComponentMeta {
    /// The component's name (`component Counter` → `"Counter"`).
    pub name: &'static str,
    /// The scope attribute value put on the component's root elements when it has a style.
    pub scope: &'static str,
    /// The component's CSS, every selector already scoped; empty when it has no `style:`.
    pub style: &'static str,
    /// The names of the fields, indexed by their bit number.
    pub fields: &'static [&'static str],
    /// The bits of the `shared:` fields.
    pub shared: FieldSet,
    /// Every event binding of the markup.
    pub bindings: &'static [Binding],
    /// The components its markup uses, whose styles its page carries too.
    pub children: &'static [&'static ComponentMeta],
}

impl ComponentMeta {
    /// The CSS of this component and of every component its markup uses, each once. A child's
    /// comes before its parent's, so that the parent's rules for a class it merges onto the
    /// child win over the child's own.
    pub fn styles(&self) -> String {
        fn walk(meta: &ComponentMeta, seen: &mut Vec<&'static str>, out: &mut String) {
            for child in meta.children {
                walk(child, seen, out);
            }
            if !meta.style.is_empty() && !seen.contains(&meta.style) {
                seen.push(meta.style);
                out.push_str(meta.style);
            }
        }
        let mut out = String::new();
        walk(self, &mut Vec::new(), &mut out);
        out
    }

    /// The binding for this element and event kind, if the markup has one.
    pub fn binding(&self, hid: HydrationId, kind: EventKind) -> Option<&'static Binding> {
        self.bindings
            .iter()
            .find(|binding| binding.hid == hid && binding.kind == kind)
    }
}

/// Which dynamic spots [`Component::patch`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchScope {
    /// Every spot that reads a dirty field.
    All,
    /// Only the spots that read nothing but `shared:` fields: their patch is the same for every
    /// session, so it can be encoded once and sent to all.
    SharedOnly,
    /// Only the spots that read at least one per-session field.
    SessionOnly,
}

/// A value whose fields are tracked for change: writes through the generated `set_<field>`
/// setters (used by `script:` code and the store) record the field's bit until taken.
pub trait Tracked {
    /// The fields written since the last call, clearing the record.
    fn take_dirty(&mut self) -> FieldSet;
}

impl Tracked for () {
    fn take_dirty(&mut self) -> FieldSet {
        FieldSet::EMPTY
    }
}

/// A live component: what `hjx!` generates for each `component` in markup.
///
/// The runtime owns one value of `Self` per session and one `Self::Shared` per component type.
pub trait Component: Default + Tracked + Send + 'static {
    /// The component's `shared:` fields: one value for every session. `()` when it has none.
    type Shared: Default + Tracked + Send + Sync + 'static;

    /// What the macro knows about the component.
    const META: &'static ComponentMeta;

    /// Writes the component's HTML, with `data-hid` on every element that has a dynamic part or
    /// an event binding.
    fn render(&self, shared: &Self::Shared, html: &mut Html);

    /// Runs the handler bound to the event's element and kind. Refuses an event that the markup
    /// does not bind, changing nothing.
    fn handle(&mut self, shared: &mut Self::Shared, event: &Event) -> Result<Handled, EventError>;

    /// Appends the patch operations for the dynamic spots in `scope` that read a field of
    /// `dirty`, in document order.
    fn patch(
        &self,
        shared: &Self::Shared,
        dirty: FieldSet,
        scope: PatchScope,
        out: &mut Vec<PatchOp>,
    );

    /// Runs once for each new session, before its page is rendered. The macro overrides it to
    /// call a `script:` function `init(store: Store<Self>)`.
    fn start_session(store: Store<Self>) {
        let _ = store;
    }

    /// Runs once for the component, before its first session. The macro overrides it to call a
    /// `script:` function `init_shared(store: SharedStore<Self>)`.
    fn start_shared(store: SharedStore<Self>) {
        let _ = store;
    }

    /// Renders the component to a fresh HTML string.
    fn render_to_string(&self, shared: &Self::Shared) -> String {
        let mut html = Html::new();
        self.render(shared, &mut html);
        html.into_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_are_the_dom_events_in_order() {
        for (kind, event) in EventKind::ALL.into_iter().zip(DOM_EVENTS) {
            assert_eq!(format!("{kind:?}"), event.variant);
            assert_eq!(kind.name(), event.name);
            assert_eq!(kind.code(), event.code);
            assert_eq!(EventKind::from_name(event.name), Some(kind));
            assert_eq!(EventKind::from_code(event.code), Some(kind));
        }
        assert_eq!(EventKind::from_code(DOM_EVENTS.len() as u8), None);
    }
}
