//! Streams: lists whose items are rendered and sent once, then forgotten by the server.
//!
//! A `state:` or `shared:` field typed `Stream<T>` and looped over with
//! `for (line in lines, key: line.id):` shows items the way a keyed list does, but the component
//! keeps only the edits made since its last render or patch: `append`, `prepend`, `replace` and
//! `remove` queue an edit, the next patch renders each added item once into an insert operation,
//! and the edit is dropped. The page keeps the items. A log of 100,000 lines costs the server a
//! few words per session, whatever its length.
//!
//! On the client each item sits in an `<hjx-item>` whose hydration ID is the list's ID and the
//! hash of the item's key (`12.3f9k2a`), so that `replace` and `remove` find it by key alone.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use crate::model::html::Html;
use crate::model::list::{ListKey, key_hash};
use crate::model::patch::{HydrationId, PatchOp};

/// A list whose items are sent once and not kept: see the [module documentation](self).
///
/// `T` is the item, as the markup's `for` sees it. Items are found again by the hash of the
/// loop's `key:`: pass [`remove`](Stream::remove) a key of the same type as that expression.
pub struct Stream<T> {
    /// The edits not yet rendered. Behind a lock because rendering (`&self`) takes them.
    edits: Mutex<Vec<Edit<T>>>,
    /// How many items the page shows, as far as the edits tell.
    shown: usize,
    /// The most items the page keeps, if bounded: older ones are removed as new ones come.
    limit: Option<usize>,
}

/// One queued change of a stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit<T> {
    /// A new item at the end.
    Append(T),
    /// A new item at the start.
    Prepend(T),
    /// New content for the shown item with the same key.
    Replace(T),
    /// The item whose key hashes to this goes.
    Remove(u64),
    /// Every item goes.
    Clear,
    /// The child at this position goes (the oldest, past the limit).
    Trim(u32),
}

impl<T> Default for Stream<T> {
    fn default() -> Self {
        Stream {
            edits: Mutex::new(Vec::new()),
            shown: 0,
            limit: None,
        }
    }
}

impl<T> fmt::Debug for Stream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stream")
            .field("pending", &self.pending())
            .field("shown", &self.shown)
            .field("limit", &self.limit)
            .finish()
    }
}

impl<T> Stream<T> {
    /// An empty stream.
    pub fn new() -> Self {
        Stream::default()
    }

    /// Keeps at most `limit` items on the page: an append past it removes the first item, a
    /// prepend the last.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Changes the limit; it applies from the next item added.
    pub fn set_limit(&mut self, limit: Option<usize>) {
        self.limit = limit;
    }

    /// Adds `item` at the end. Its key must be new to the page: to change an item shown, use
    /// [`replace`](Stream::replace).
    pub fn append(&mut self, item: T) {
        self.edits().push(Edit::Append(item));
        self.shown += 1;
        if self.limit.is_some_and(|limit| self.shown > limit) {
            self.edits().push(Edit::Trim(0));
            self.shown -= 1;
        }
    }

    /// Adds `item` at the start. Its key must be new to the page.
    pub fn prepend(&mut self, item: T) {
        self.edits().push(Edit::Prepend(item));
        self.shown += 1;
        if self.limit.is_some_and(|limit| self.shown > limit) {
            self.shown -= 1;
            let last = u32::try_from(self.shown).unwrap_or(u32::MAX);
            self.edits().push(Edit::Trim(last));
        }
    }

    /// Adds every item at the end, in order.
    pub fn extend(&mut self, items: impl IntoIterator<Item = T>) {
        for item in items {
            self.append(item);
        }
    }

    /// Shows `item` in place of the shown item with the same key; nothing when there is none.
    pub fn replace(&mut self, item: T) {
        self.edits().push(Edit::Replace(item));
    }

    /// Removes the item whose key is `key` (of the `key:` expression's type).
    pub fn remove<K: ListKey + ?Sized>(&mut self, key: &K) {
        self.edits().push(Edit::Remove(key_hash(key)));
        self.shown = self.shown.saturating_sub(1);
    }

    /// Removes every item.
    pub fn clear(&mut self) {
        let edits = self.edits();
        edits.clear();
        edits.push(Edit::Clear);
        self.shown = 0;
    }

    /// How many items the page shows, as far as this stream's edits tell (a `remove` of a key
    /// that is not shown still counts one less).
    pub fn len(&self) -> usize {
        self.shown
    }

    /// Whether the page shows no item.
    pub fn is_empty(&self) -> bool {
        self.shown == 0
    }

    /// How many edits wait for the next render or patch.
    pub fn pending(&self) -> usize {
        self.lock().len()
    }

    fn edits(&mut self) -> &mut Vec<Edit<T>> {
        self.edits.get_mut().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Edit<T>>> {
        self.edits.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the edits for a patch, in order.
    #[doc(hidden)]
    pub fn take_edits(&self) -> Vec<Edit<T>> {
        std::mem::take(&mut *self.lock())
    }

    /// Takes the edits for a render of the whole list: the items they leave, in order (the page's
    /// earlier items are replaced by the render). `key` is the markup's key of an item.
    #[doc(hidden)]
    pub fn take_items(&self, key: impl Fn(&T) -> u64) -> Vec<T> {
        let mut items = std::collections::VecDeque::new();
        for edit in self.take_edits() {
            match edit {
                Edit::Append(item) => items.push_back(item),
                Edit::Prepend(item) => items.push_front(item),
                Edit::Replace(item) => {
                    let hash = key(&item);
                    if let Some(shown) = items.iter_mut().find(|shown| key(shown) == hash) {
                        *shown = item;
                    }
                }
                Edit::Remove(hash) => items.retain(|shown| key(shown) != hash),
                Edit::Clear => items.clear(),
                Edit::Trim(index) => {
                    items.remove(index as usize);
                }
            }
        }
        items.into()
    }
}

/// `push log <- item` in a handler appends to a stream.
impl<T> crate::model::collection::Push<T> for Stream<T> {
    fn push_item(&mut self, item: T) {
        self.append(item);
    }
}

impl<T> serde::Serialize for Stream<T> {
    /// A stream saves how many items the page shows and its limit: the items themselves are the
    /// page's, and a saved session has no pending edit.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(
            &(self.shown as u64, self.limit.map(|l| l as u64)),
            serializer,
        )
    }
}

impl<'de, T> serde::Deserialize<'de> for Stream<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (shown, limit): (u64, Option<u64>) = serde::Deserialize::deserialize(deserializer)?;
        Ok(Stream {
            edits: Mutex::new(Vec::new()),
            shown: usize::try_from(shown).unwrap_or(usize::MAX),
            limit: limit.map(|l| usize::try_from(l).unwrap_or(usize::MAX)),
        })
    }
}

/// The hydration ID of a stream item on the page: the list's, a dot, and the key's hash in
/// base 36.
pub(crate) fn item_hid(list: HydrationId, key: u64) -> String {
    let mut out = Html::new();
    write_item_hid(&mut out, list, key);
    out.into_string()
}

/// Writes [`item_hid`] into `html`.
pub(crate) fn write_item_hid(html: &mut Html, list: HydrationId, key: u64) {
    let mut digits = [0u8; 13];
    let mut at = digits.len();
    let mut rest = key;
    loop {
        at -= 1;
        digits[at] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(rest % 36) as usize];
        rest /= 36;
        if rest == 0 {
            break;
        }
    }
    html.number(list.0);
    html.raw(".");
    // Only ASCII digits and letters were written.
    html.raw(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// Opens a stream item's wrapper in `html`: `<hjx-item data-hid="…">`.
pub fn open_item(html: &mut Html, list: HydrationId, key: u64) {
    html.raw("<hjx-item data-hid=\"");
    write_item_hid(html, list, key);
    html.raw("\">");
}

/// Closes a stream item's wrapper.
pub fn close_item(html: &mut Html) {
    html.raw("</hjx-item>");
}

/// The patch operation of an edit whose item, if it has one, is rendered (`html`: the item in
/// its wrapper for an add, its content alone for a replace).
pub fn edit_op<T>(list: HydrationId, edit: &Edit<T>, key: u64, html: String) -> PatchOp {
    match edit {
        Edit::Append(_) => PatchOp::StreamAdd {
            hid: list,
            at_end: true,
            html,
        },
        Edit::Prepend(_) => PatchOp::StreamAdd {
            hid: list,
            at_end: false,
            html,
        },
        Edit::Replace(_) => PatchOp::StreamItem {
            hid: list,
            key,
            html: Some(html),
        },
        Edit::Remove(key) => PatchOp::StreamItem {
            hid: list,
            key: *key,
            html: None,
        },
        Edit::Clear => PatchOp::ReplaceHtml {
            hid: list,
            html: String::new(),
        },
        Edit::Trim(index) => PatchOp::Remove {
            hid: list,
            index: *index,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(item: &u32) -> u64 {
        key_hash(item)
    }

    #[test]
    fn a_render_shows_what_the_edits_leave_and_takes_them() {
        let mut stream = Stream::new();
        stream.append(2);
        stream.append(3);
        stream.prepend(1);
        stream.remove(&2u32);
        stream.append(4);
        assert_eq!(stream.len(), 3);
        assert_eq!(stream.take_items(key), vec![1, 3, 4]);
        assert_eq!(stream.pending(), 0);
        assert!(stream.take_items(key).is_empty());
    }

    #[test]
    fn a_limit_trims_the_far_end() {
        let mut stream = Stream::new().limit(2);
        stream.append(1);
        stream.append(2);
        stream.append(3);
        assert_eq!(stream.len(), 2);
        assert_eq!(
            stream.take_edits(),
            vec![
                Edit::Append(1),
                Edit::Append(2),
                Edit::Append(3),
                Edit::Trim(0)
            ]
        );
        stream.prepend(0);
        assert_eq!(stream.take_edits(), vec![Edit::Prepend(0), Edit::Trim(2)]);
        assert_eq!(stream.len(), 2);
    }

    #[test]
    fn clear_drops_the_pending_edits() {
        let mut stream = Stream::new();
        stream.append(1);
        stream.clear();
        stream.append(2);
        assert_eq!(stream.take_edits(), vec![Edit::Clear, Edit::Append(2)]);
        assert_eq!(stream.len(), 1);
    }

    #[test]
    fn a_saved_stream_keeps_its_count_and_limit_not_its_edits() {
        let mut stream = Stream::new().limit(5);
        stream.append(7u32);
        let bytes = rmp_serde::to_vec(&stream).expect("encodes");
        let back: Stream<u32> = rmp_serde::from_slice(&bytes).expect("decodes");
        assert_eq!((back.len(), back.limit, back.pending()), (1, Some(5), 0));
    }

    #[test]
    fn an_items_hid_is_the_lists_and_its_key_in_base_36() {
        assert_eq!(item_hid(HydrationId(12), 0), "12.0");
        assert_eq!(item_hid(HydrationId(3), 36 * 36 + 35), "3.10z");
        assert_eq!(item_hid(HydrationId(1), u64::MAX), "1.3w5e11264sgsf");
    }
}
