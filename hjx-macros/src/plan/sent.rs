//! The memory of what a spot outside list items last sent: which spots keep one (those that read
//! a per-session field), and which of them an event from their own element makes forget it.

use super::*;

impl Planner<'_> {
    /// A place in the component's memory of sent texts, for a spot outside list items that
    /// reads `reads`: `None` inside an item, or when it reads only `shared:` fields.
    pub(super) fn alloc_sent(&mut self, reads: FieldMask) -> Option<u32> {
        if self.item.is_some() || reads.without(self.shared_fields()).is_empty() {
            return None;
        }
        self.sent += 1;
        Some(self.sent - 1)
    }

    /// A remembered `value`, `checked` or `selected` of element `hid` is what the page's input
    /// changes: an event from the element makes the component forget it, so that the patch
    /// after that event sends it whatever it was.
    pub(super) fn forget_on_input(&mut self, hid: Option<u32>, name: &str, sent: Option<u32>) {
        if let (Some(hid), Some(sent), "value" | "checked" | "selected") = (hid, sent, name) {
            self.forget.push((hid, sent));
        }
    }

    /// The bits of the `shared:` fields.
    pub(super) fn shared_fields(&self) -> FieldMask {
        self.fields
            .iter()
            .filter(|field| field.shared)
            .fold(FieldMask::EMPTY, |mask, field| {
                mask | FieldMask::bit(field.bit)
            })
    }
}
