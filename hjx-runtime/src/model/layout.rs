//! A layout: a component that wraps the pages of several routes (a header, a menu, a counter of
//! notifications) and keeps its state while the page inside it changes by live navigation.
//!
//! The layout is a [`Child`] whose markup has a `slot`, where the page renders. It lives in the
//! page's session, beside the page's component: its hydration IDs start at [`LAYOUT_BASE`], so
//! they never meet the page's; an event addressed to one goes to the layout, and its patches
//! go out in the page's frames. When the page navigates to another route with the same layout,
//! the layout's value moves to the new page's session.

use std::any::TypeId;

use crate::model::child::{Child, Instance};
use crate::model::event::{Event, EventError, Handled};
use crate::model::field_set::FieldSet;
use crate::model::html::Html;
use crate::model::patch::PatchOp;

/// The first hydration ID of a layout: the page's own stay below it.
pub(crate) const LAYOUT_BASE: u32 = 1 << 24;

/// A layout in a page's session, whatever its component.
pub(crate) trait LayoutSlot: Send {
    /// Renders the layout with `page` (the page's HTML) in its slot.
    fn render(&mut self, page: &str, html: &mut Html);
    /// Handles an event addressed to one of the layout's elements.
    fn handle(&mut self, event: &Event) -> Result<Handled, EventError>;
    /// Appends the patch of what changed in the layout since it was last rendered or patched.
    fn patch(&mut self, out: &mut Vec<PatchOp>);
    /// The layout's component type, to tell whether a route shares it.
    fn component(&self) -> TypeId;
    /// The layout's state for a snapshot, with its component's shape; `None` when it cannot
    /// be saved.
    fn save(&self) -> Option<(u64, Vec<u8>)>;
    /// Reads back what [`save`](Self::save) wrote; `false` (and the layout left as mounted)
    /// when the shape differs or the bytes do not fit.
    fn restore(&mut self, shape: u64, bytes: &[u8]) -> bool;
}

/// The layout `L` as a page's session holds it.
pub(crate) struct Layout<L: Child> {
    instance: Instance<L>,
    /// The next free hydration ID for the layout's list items.
    next: u32,
}

impl<L: Child> Layout<L> {
    /// The layout of value `layout`.
    pub(crate) fn new(layout: L) -> Layout<L> {
        let instance = Instance::default();
        *instance.inner.borrow_mut() = layout;
        Layout {
            instance,
            next: LAYOUT_BASE,
        }
    }
}

impl<L: Child> LayoutSlot for Layout<L> {
    fn save(&self) -> Option<(u64, Vec<u8>)> {
        let mut out = Vec::new();
        self.instance.save(&mut out).then_some((L::SHAPE, out))
    }

    fn restore(&mut self, shape: u64, bytes: &[u8]) -> bool {
        if shape != L::SHAPE {
            return false;
        }
        let mut restored = L::default();
        if !restored.restore(&mut &bytes[..]) {
            return false;
        }
        self.instance.inner.get_mut().swap_state(&mut restored);
        true
    }

    fn render(&mut self, page: &str, html: &mut Html) {
        self.next = self.instance.render(html, LAYOUT_BASE, &|_, html, next| {
            html.raw(page);
            next
        });
    }

    fn handle(&mut self, event: &Event) -> Result<Handled, EventError> {
        let handled = self.instance.inner.get_mut().handle_child(event)?;
        self.instance.touch(handled.dirty);
        // A layout has no parent to emit to.
        let _ = self.instance.inner.get_mut().take_emits();
        Ok(Handled {
            handler: handled.handler,
            dirty: FieldSet::EMPTY,
        })
    }

    fn patch(&mut self, out: &mut Vec<PatchOp>) {
        // The slot is outside the layout's dynamic parts, so a patch never renders it again.
        self.next = self.instance.patch(out, self.next, &|_, _, next| next);
    }

    fn component(&self) -> TypeId {
        TypeId::of::<L>()
    }
}
