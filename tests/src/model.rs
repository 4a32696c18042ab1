//! A component driven in-process the way a page drives it: render, find an element in the
//! HTML, send it an event, collect the patch. The example tests use it to check behaviour and
//! patch sizes; the browser tests use it as the model whose fresh render the live DOM must
//! equal.
//!
//! Elements are found by text in the rendered HTML, not by hydration ID, because list items get
//! their IDs at run time: a model and a live page number the same item differently.

use hjx_runtime::{
    Component, Event, EventKind, EventPayload, HydrationId, PatchOp, PatchScope, Tracked,
};

/// A component with its shared value, as one session sees them.
#[derive(Debug)]
pub struct Model<C: Component> {
    /// The session's component.
    pub app: C,
    /// The component's shared value, as every session sees it.
    pub shared: C::Shared,
}

impl<C: Component> Default for Model<C> {
    fn default() -> Self {
        Model {
            app: C::default(),
            shared: C::Shared::default(),
        }
    }
}

/// Where `needle` stands in `html` at or after byte `from`.
fn position(html: &str, from: usize, needle: &str) -> usize {
    from + html[from..]
        .find(needle)
        .unwrap_or_else(|| panic!("no `{needle}` in the render\n{html}"))
}

/// The hydration ID of the start tag that contains byte `at`.
fn hid_of_tag(html: &str, at: usize) -> HydrationId {
    let start = html[..at].rfind('<').expect("inside a tag");
    let end = at + html[at..].find('>').expect("a closed tag");
    let tag = &html[start..end];
    let hid = tag
        .split_once("data-hid=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(hid, _)| hid.parse().ok())
        .unwrap_or_else(|| panic!("`{tag}` has no hydration ID"));
    HydrationId(hid)
}

/// The hydration ID of the first element whose start tag contains `needle`, after the first
/// `text` in `html` (a card's button after its label, say).
pub fn hid_after(html: &str, text: &str, needle: &str) -> HydrationId {
    hid_of_tag(html, position(html, position(html, 0, text), needle))
}

impl<C: Component> Model<C> {
    /// A fresh render of the current state (a reload would show this).
    pub fn html(&self) -> String {
        self.app.render_to_string(&self.shared)
    }

    /// The hydration ID of the first element whose start tag contains `needle`.
    pub fn hid(&self, needle: &str) -> HydrationId {
        let html = self.html();
        hid_of_tag(&html, position(&html, 0, needle))
    }

    /// The hydration ID of the first element whose start tag contains `needle`, after the
    /// first `text` in the render.
    pub fn hid_after(&self, text: &str, needle: &str) -> HydrationId {
        hid_after(&self.html(), text, needle)
    }

    /// The hydration ID of the first element whose start tag contains `needle`, inside the
    /// `<li>` row that shows the text `row`.
    pub fn row_hid(&self, row: &str, needle: &str) -> HydrationId {
        let html = self.html();
        let text = position(&html, 0, &format!(">{row}<"));
        let li = html[..text].rfind("<li").expect("the text is in a row");
        hid_of_tag(&html, position(&html, li, needle))
    }

    /// Sends `event`, which the markup must bind, and returns the patch of what it changed.
    pub fn send(
        &mut self,
        hid: HydrationId,
        kind: EventKind,
        payload: EventPayload,
    ) -> Vec<PatchOp> {
        let event = Event { hid, kind, payload };
        let handled = self
            .app
            .handle(&mut self.shared, &event)
            .unwrap_or_else(|e| panic!("{e}"));
        let dirty = handled
            .dirty
            .union(self.app.take_dirty())
            .union(self.shared.take_dirty());
        let mut ops = Vec::new();
        self.app
            .patch(&self.shared, dirty, PatchScope::All, &mut ops);
        ops
    }

    /// Clicks the element `hid`.
    pub fn click(&mut self, hid: HydrationId) -> Vec<PatchOp> {
        self.send(hid, EventKind::Click, EventPayload::None)
    }

    /// Types `value` into a bound input: the `input` event carries the whole value.
    pub fn input(&mut self, hid: HydrationId, value: &str) -> Vec<PatchOp> {
        self.send(hid, EventKind::Input, EventPayload::Value(value.to_owned()))
    }

    /// Checks or unchecks the checkbox `hid`: a `change` event with its checked state.
    pub fn check(&mut self, hid: HydrationId, checked: bool) -> Vec<PatchOp> {
        self.send(hid, EventKind::Change, EventPayload::Checked(checked))
    }

    /// Presses `key` on the element `hid`: a `keydown` event.
    pub fn key(&mut self, hid: HydrationId, key: &str) -> Vec<PatchOp> {
        self.send(hid, EventKind::Keydown, EventPayload::Key(key.to_owned()))
    }

    /// Submits the form `hid` with `fields`, in document order.
    pub fn submit(&mut self, hid: HydrationId, fields: &[(&str, &str)]) -> Vec<PatchOp> {
        let fields = fields
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        self.send(hid, EventKind::Submit, EventPayload::Form(fields))
    }
}
