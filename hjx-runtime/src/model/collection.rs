//! In-place edits of a collection field: what a handler's `push field <- value`,
//! `remove field at index` and `remove field where |item| condition` statements call.
//!
//! Editing in place writes the field like a `set` does (every spot reading it is patched), but
//! without rebuilding the collection; a keyed `for` over it then sends one insert or remove
//! operation per item that came or went.

use std::collections::VecDeque;

/// A field a handler can `push` a `T` to. Apart from [`Collection`] so that a field that is no
/// collection is one error, at the field, not a second one at the value.
#[diagnostic::on_unimplemented(
    message = "`push` needs a collection field such as `Vec<T>`, but this field is `{Self}`",
    label = "not a collection",
    note = "`push` edits a `Vec<T>`, `VecDeque<T>` or `Rows<T>` field in place, and appends to a `Stream<T>`; write other fields with `set`"
)]
pub trait Push<T> {
    /// Appends `item` at the end.
    fn push_item(&mut self, item: T);
}

impl<T> Push<T> for Vec<T> {
    fn push_item(&mut self, item: T) {
        self.push(item);
    }
}

impl<T> Push<T> for VecDeque<T> {
    fn push_item(&mut self, item: T) {
        self.push_back(item);
    }
}

/// A field a handler can `remove` from.
#[diagnostic::on_unimplemented(
    message = "`remove` needs a collection field such as `Vec<T>`, but this field is `{Self}`",
    label = "not a collection",
    note = "`push` and `remove` edit a `Vec<T>`, `VecDeque<T>` or `Rows<T>` field in place; write other fields with `set`"
)]
pub trait Collection {
    /// What the collection holds.
    type Item;

    /// Removes the item at `index`; nothing when `index` is out of range (a binding's captured
    /// index can be stale), so a handler never panics on it.
    fn remove_at(&mut self, index: usize) -> Option<Self::Item>;

    /// Removes every item `condition` returns `true` for, keeping the others in order.
    fn remove_where(&mut self, condition: impl FnMut(&Self::Item) -> bool);
}

impl<T> Collection for Vec<T> {
    type Item = T;

    fn remove_at(&mut self, index: usize) -> Option<T> {
        (index < self.len()).then(|| self.remove(index))
    }

    fn remove_where(&mut self, mut condition: impl FnMut(&T) -> bool) {
        self.retain(|item| !condition(item));
    }
}

impl<T> Collection for VecDeque<T> {
    type Item = T;

    fn remove_at(&mut self, index: usize) -> Option<T> {
        self.remove(index)
    }

    fn remove_where(&mut self, mut condition: impl FnMut(&T) -> bool) {
        self.retain(|item| !condition(item));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_appends_and_remove_takes_out_in_place() {
        let mut list = vec![1, 2, 3];
        list.push_item(4);
        assert_eq!(list.remove_at(0), Some(1));
        assert_eq!(list.remove_at(9), None);
        list.remove_where(|n| n % 2 == 0);
        assert_eq!(list, [3]);
        let mut deque: VecDeque<u8> = VecDeque::new();
        deque.push_item(7);
        deque.push_item(8);
        deque.remove_where(|n| *n == 7);
        assert_eq!(deque.remove_at(1), None);
        assert_eq!(Vec::from(deque), [8]);
    }
}
