//! Patch operations: how the server tells the client what changed.
//!
//! Each operation is addressed by the hydration ID (`data-hid`) of the element it changes. The
//! client applies text and attribute values as text (`textContent`, `setAttribute`), so a value
//! in a patch can never become markup; only [`PatchOp::ReplaceHtml`] and [`PatchOp::Insert`]
//! carry HTML, and that HTML comes from the server's own escaped render.

use std::cell::Cell;
use std::fmt;

/// The hydration ID of an element: the value of its `data-hid` attribute.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct HydrationId(pub u32);

impl fmt::Debug for HydrationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "h{}", self.0)
    }
}

impl fmt::Display for HydrationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

thread_local! {
    /// The operations list a session's change fills, kept between changes on each thread so
    /// that a change does not allocate it anew. Taken (and given back) rather than borrowed:
    /// a nested change on the same thread gets a fresh one.
    static OPS: Cell<Vec<PatchOp>> = const { Cell::new(Vec::new()) };
}

/// Gives the operations list back to [`scratch`], emptied, unless a large patch grew it.
pub(crate) fn give_back(mut ops: Vec<PatchOp>) {
    if ops.capacity() <= 64 {
        ops.clear();
        OPS.set(ops);
    }
}

/// An empty operations list to fill, with the capacity of the last one given back.
pub(crate) fn scratch() -> Vec<PatchOp> {
    OPS.take()
}

/// One change to the client's DOM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatchOp {
    /// Sets the element's text content.
    SetText {
        /// The element.
        hid: HydrationId,
        /// The new text (not HTML).
        text: String,
    },
    /// Sets an attribute (or, for `value` and `checked`, the property) of the element.
    SetAttr {
        /// The element.
        hid: HydrationId,
        /// The attribute's name.
        name: &'static str,
        /// The new value (not HTML).
        value: String,
    },
    /// Removes an attribute of the element (for a boolean attribute that became false).
    RemoveAttr {
        /// The element.
        hid: HydrationId,
        /// The attribute's name.
        name: &'static str,
    },
    /// Replaces the inner HTML of a region (an `if` whose branch changed).
    ReplaceHtml {
        /// The region's element.
        hid: HydrationId,
        /// The region's new HTML, rendered and escaped by the server.
        html: String,
    },
    /// Inserts a keyed list item's HTML at a position of the list's element.
    Insert {
        /// The list's element.
        hid: HydrationId,
        /// The child position the new item takes.
        index: u32,
        /// The item's HTML, rendered and escaped by the server.
        html: String,
    },
    /// Removes the child at a position of the list's element.
    Remove {
        /// The list's element.
        hid: HydrationId,
        /// The child position removed.
        index: u32,
    },
    /// Moves a child of the list's element from one position to another.
    Move {
        /// The list's element.
        hid: HydrationId,
        /// The child's position before the move.
        from: u32,
        /// The child's position after the move.
        to: u32,
    },
    /// Adds a stream item, wrapped in its `<hjx-item>`, at the start or the end of the stream's
    /// element.
    StreamAdd {
        /// The stream's element.
        hid: HydrationId,
        /// At the end (an append) or the start (a prepend).
        at_end: bool,
        /// The item's HTML, rendered and escaped by the server.
        html: String,
    },
    /// Replaces the content of a shown stream item, or removes it: the item is found by its
    /// key's hash, under the stream's element.
    StreamItem {
        /// The stream's element.
        hid: HydrationId,
        /// The hash of the item's key.
        key: u64,
        /// The item's new content; `None` removes it.
        html: Option<String>,
    },
}

impl PatchOp {
    /// The element this operation changes.
    pub fn hid(&self) -> HydrationId {
        match self {
            PatchOp::SetText { hid, .. }
            | PatchOp::SetAttr { hid, .. }
            | PatchOp::RemoveAttr { hid, .. }
            | PatchOp::ReplaceHtml { hid, .. }
            | PatchOp::Insert { hid, .. }
            | PatchOp::Remove { hid, .. }
            | PatchOp::Move { hid, .. }
            | PatchOp::StreamAdd { hid, .. }
            | PatchOp::StreamItem { hid, .. } => *hid,
        }
    }
}
