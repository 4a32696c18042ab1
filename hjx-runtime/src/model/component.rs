//! The [`Component`] trait that `hjx!` implements, and the types that cross it.
//!
//! A component has per-session state (its own fields) and optionally a `Shared` value common to
//! every session of the component. Every state and shared field has a bit in a [`FieldSet`],
//! numbered at compile time. A handler reports the fields it wrote; [`Component::patch`] turns
//! that set into patch operations for exactly the dynamic spots that read one of them.
//!
//! This is the whole of what rendering, handling and patching need; the hooks that run with a
//! live session (`init`, `init_shared`) belong to the live layer's `LiveComponent`.

use crate::model::event::{Binding, Event, EventError, EventKind, Handled};
use crate::model::field_set::FieldSet;
use crate::model::head::Head;
use crate::model::html::Html;
use crate::model::load::Work;
use crate::model::patch::{HydrationId, PatchOp};
use crate::model::upload::UploadLimits;

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
    /// Whether its markup uses hooks or client commands, which the client's second file runs.
    pub extras: bool,
}

impl ComponentMeta {
    /// Whether its pages need the client's second file: it or a component its markup uses has
    /// hooks or client commands.
    pub fn needs_extras(&self) -> bool {
        self.extras || self.children.iter().any(|child| child.needs_extras())
    }

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

    /// The per-session fields: every field that is not `shared:`.
    pub fn state_fields(&self) -> FieldSet {
        FieldSet::first(self.fields.len()).difference(self.shared)
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
/// setters record the field's bit until taken. Handlers need no setters (the macro knows the
/// fields each one writes); a parent sets its children's props through them.
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

    /// Moves the work started on the component's `Load` fields since the last call into `out`,
    /// for the live layer to run. `hjx!` implements it when a `state:` field is typed `Load<…>`.
    fn take_work(&mut self, out: &mut Vec<Work<Self>>) {
        let _ = out;
    }

    /// What the page's `<head>` shows for this instance: `None` keeps the defaults (the title is
    /// the component's name). `hjx!` implements it when the `script:` defines
    /// `fn head(&self) -> Head`; the title is computed again after every change and patched when
    /// it differs.
    fn head(&self) -> Option<Head> {
        None
    }

    /// What the file input with hydration ID `hid` accepts, when `on upload` binds it: the
    /// server checks every file against it before storing a byte. `hjx!` implements it from
    /// the binding's `.max_mb(n).max_files(n)` and the input's `accept` attribute.
    fn upload_limits(&self, hid: HydrationId) -> Option<UploadLimits> {
        let _ = hid;
        None
    }

    /// A hash of the component's name and its fields' names and types, its children's shapes
    /// included: a snapshot saved by a build of another shape is not restored. `hjx!` sets it.
    const SHAPE: u64 = 0;

    /// The `shared:` fields that something patched per session reads (a spot that also reads a
    /// per-session field, a list, a region, a child's prop): a change of one of them patches
    /// each session's own spots as it reaches the session. Every field unless `hjx!` knows
    /// better; a change of the others sends every session the same operations and nothing more.
    const SHARED_READ_PER_SESSION: FieldSet = FieldSet(u128::MAX);

    /// Appends the component's state (its `state:` fields, then its children's) to `out`, for a
    /// snapshot; `false` when a field's type is not serde-serializable and the component cannot
    /// be saved. `hjx!` implements it (see the `model::snapshot` module).
    fn save(&self, out: &mut Vec<u8>) -> bool {
        let _ = out;
        false
    }

    /// Reads back state written by [`save`](Self::save), advancing `input`; `false` when the
    /// bytes do not fit (the component is then left partly restored: drop it).
    fn restore(&mut self, input: &mut &[u8]) -> bool {
        let _ = input;
        false
    }

    /// As [`save`](Self::save), for the `shared:` fields.
    fn save_shared(shared: &Self::Shared, out: &mut Vec<u8>) -> bool {
        let _ = (shared, out);
        false
    }

    /// As [`restore`](Self::restore), for the `shared:` fields.
    fn restore_shared(shared: &mut Self::Shared, input: &mut &[u8]) -> bool {
        let _ = (shared, input);
        false
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
    fn state_fields_are_the_fields_that_are_not_shared() {
        let meta = ComponentMeta {
            name: "Board",
            scope: "",
            style: "",
            fields: &["clicks", "count", "text", "ticks"],
            shared: FieldSet(0b1110),
            bindings: &[],
            children: &[],
            extras: false,
        };
        assert_eq!(meta.state_fields(), FieldSet::bit(0));
    }
}
