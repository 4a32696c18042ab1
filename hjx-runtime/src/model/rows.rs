//! `Rows<T>`: a `Vec` that remembers which of its items were changed in place, so that a keyed
//! `for` over it patches those items alone.
//!
//! A keyed `for` over a `Vec` compares every item with what the page shows on each change of the
//! field: one changed row of 10,000 costs a walk of all 10,000. Over a `Rows`, a change made
//! through [`Rows::get_mut`], [`Rows::find_mut`] or `rows[i] = …` records the item's position,
//! and the next patch looks at those positions only; rows appended (`push`, `extend`) are
//! rendered alone too. Any other change of the order or the length (`insert`, `remove`,
//! `sort_by`, `iter_mut`, …) records that everything may have changed, and the next patch
//! compares the whole list as for a `Vec`.

use std::fmt;
use std::ops::{Deref, Index, IndexMut};
use std::sync::{Mutex, PoisonError};

/// A `Vec` whose in-place changes a keyed `for` patches item by item: see the
/// [module documentation](self). Reads go through `Deref<Target = [T]>` (`len`, `iter`, `get`,
/// `rows[i]`); writes through its own methods, which record what they change.
pub struct Rows<T> {
    items: Vec<T>,
    /// What changed since the last render or patch took it. Behind a lock because rendering
    /// (`&self`) takes it.
    changed: Mutex<Changed>,
}

/// The changes recorded since the last take.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Changed {
    /// The positions changed in place, in the order they were written (repeats allowed).
    rows: Vec<u32>,
    /// Whether the order or the length changed (or too many rows to list), other than by
    /// appends.
    all: bool,
    /// The length before the first append since the last take, if rows were appended.
    appended_from: Option<usize>,
}

/// More rows than this changed in place count as everything: the whole list is compared.
const MOST_ROWS: usize = 1024;

impl<T> Default for Rows<T> {
    fn default() -> Self {
        Rows::from(Vec::new())
    }
}

impl<T> From<Vec<T>> for Rows<T> {
    fn from(items: Vec<T>) -> Self {
        Rows {
            items,
            changed: Mutex::new(Changed {
                rows: Vec::new(),
                all: true,
                appended_from: None,
            }),
        }
    }
}

impl<T> FromIterator<T> for Rows<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Rows::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T: Clone> Clone for Rows<T> {
    fn clone(&self) -> Self {
        Rows::from(self.items.clone())
    }
}

impl<T: fmt::Debug> fmt::Debug for Rows<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Rows<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T> Deref for Rows<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> Index<usize> for Rows<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        &self.items[index]
    }
}

/// `rows[i] = …` and `rows[i].field = …` record row `i`.
impl<T> IndexMut<usize> for Rows<T> {
    fn index_mut(&mut self, index: usize) -> &mut T {
        self.touch(index);
        &mut self.items[index]
    }
}

impl<'a, T> IntoIterator for &'a Rows<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> IntoIterator for Rows<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<T> Rows<T> {
    /// No rows.
    pub fn new() -> Self {
        Rows::default()
    }

    fn changed(&mut self) -> &mut Changed {
        self.changed
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Records that row `index` changed in place.
    fn touch(&mut self, index: usize) {
        let changed = self.changed();
        if changed.all {
            return;
        }
        match u32::try_from(index) {
            Ok(index) if changed.rows.len() < MOST_ROWS => changed.rows.push(index),
            // Too many rows to list, or a position past the wire's: everything is compared.
            _ => self.reshape(),
        }
    }

    /// Records that rows are appended after the current last one.
    fn append(&mut self) {
        let len = self.items.len();
        let changed = self.changed();
        if !changed.all && changed.appended_from.is_none() {
            changed.appended_from = Some(len);
        }
    }

    /// Records that the order or the length changed.
    fn reshape(&mut self) {
        let changed = self.changed();
        changed.rows = Vec::new();
        changed.all = true;
    }

    /// The row at `index`, to change in place; its position is recorded.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index < self.items.len() {
            self.touch(index);
        }
        self.items.get_mut(index)
    }

    /// The first row `found` returns `true` for, to change in place; its position is recorded.
    pub fn find_mut(&mut self, found: impl FnMut(&T) -> bool) -> Option<&mut T> {
        let index = self.items.iter().position(found)?;
        self.get_mut(index)
    }

    /// Every row, to change in place: the whole list is compared at the next patch.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.reshape();
        self.items.iter_mut()
    }

    /// The `Vec` itself, for any other change: the whole list is compared at the next patch.
    pub fn vec_mut(&mut self) -> &mut Vec<T> {
        self.reshape();
        &mut self.items
    }

    /// Appends `item`: the next patch renders it alone.
    pub fn push(&mut self, item: T) {
        self.append();
        self.items.push(item);
    }

    /// Inserts `item` at `index`.
    ///
    /// # Panics
    ///
    /// When `index > len`, as `Vec::insert`.
    pub fn insert(&mut self, index: usize, item: T) {
        self.reshape();
        self.items.insert(index, item);
    }

    /// Removes the row at `index`; `None` when there is none.
    pub fn remove(&mut self, index: usize) -> Option<T> {
        if index >= self.items.len() {
            return None;
        }
        self.reshape();
        Some(self.items.remove(index))
    }

    /// Removes the last row.
    pub fn pop(&mut self) -> Option<T> {
        self.reshape();
        self.items.pop()
    }

    /// Keeps the rows `keep` returns `true` for, in order.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.reshape();
        self.items.retain(keep);
    }

    /// Removes every row.
    pub fn clear(&mut self) {
        self.reshape();
        self.items.clear();
    }

    /// Appends every item: the next patch renders them alone.
    pub fn extend(&mut self, items: impl IntoIterator<Item = T>) {
        self.append();
        self.items.extend(items);
    }

    /// Sorts the rows by `compare`, keeping equal ones in order.
    pub fn sort_by(&mut self, compare: impl FnMut(&T, &T) -> std::cmp::Ordering) {
        self.reshape();
        self.items.sort_by(compare);
    }

    /// Sorts the rows by `key`, keeping equal ones in order.
    pub fn sort_by_key<K: Ord>(&mut self, key: impl FnMut(&T) -> K) {
        self.reshape();
        self.items.sort_by_key(key);
    }

    /// Reverses the order of the rows.
    pub fn reverse(&mut self) {
        self.reshape();
        self.items.reverse();
    }

    /// Swaps two rows.
    pub fn swap(&mut self, a: usize, b: usize) {
        self.reshape();
        self.items.swap(a, b);
    }

    /// The rows, as a `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// Takes what changed since the last call: when rows only changed in place or were
    /// appended, `Some((positions, kept))`, the positions changed in place (sorted, each once,
    /// all below `kept`) and how many rows there were before the appends; `None` when
    /// everything is to be compared.
    #[doc(hidden)]
    pub fn take_changed(&self) -> Option<(Vec<u32>, usize)> {
        let len = self.items.len();
        let mut changed = self.changed.lock().unwrap_or_else(PoisonError::into_inner);
        let Changed {
            mut rows,
            all,
            appended_from,
        } = std::mem::take(&mut *changed);
        if all {
            return None;
        }
        let kept = appended_from.unwrap_or(len);
        rows.retain(|row| (*row as usize) < kept);
        rows.sort_unstable();
        rows.dedup();
        Some((rows, kept))
    }
}

/// `push rows <- item` in a handler appends, which the next patch renders alone.
impl<T> crate::model::collection::Push<T> for Rows<T> {
    fn push_item(&mut self, item: T) {
        self.push(item);
    }
}

impl<T> crate::model::collection::Collection for Rows<T> {
    type Item = T;

    fn remove_at(&mut self, index: usize) -> Option<T> {
        self.remove(index)
    }

    fn remove_where(&mut self, mut condition: impl FnMut(&T) -> bool) {
        self.retain(|item| !condition(item));
    }
}

impl<T: serde::Serialize> serde::Serialize for Rows<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(serializer)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Rows<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(Rows::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_in_place_are_listed_once_in_order() {
        let mut rows: Rows<u32> = (0..10).collect();
        assert_eq!(rows.take_changed(), None, "a new list is compared whole");
        rows[7] += 1;
        if let Some(row) = rows.get_mut(2) {
            *row = 0;
        }
        if let Some(row) = rows.find_mut(|row| *row == 8) {
            *row = 9;
        }
        assert!(rows.get_mut(99).is_none());
        assert_eq!(rows.take_changed(), Some((vec![2, 7], 10)));
        assert_eq!(rows.take_changed(), Some((vec![], 10)));
        assert_eq!(rows[7], 9);
    }

    #[test]
    fn a_change_of_shape_compares_everything() {
        let mut rows: Rows<u32> = (0..3).collect();
        let _ = rows.take_changed();
        rows[1] = 5;
        rows.insert(0, 3);
        rows[0] = 1;
        assert_eq!(rows.take_changed(), None);
        rows.iter_mut().for_each(|row| *row += 1);
        assert_eq!(rows.take_changed(), None);
        assert_eq!(rows.remove(9), None);
        assert_eq!(
            rows.take_changed(),
            Some((vec![], 4)),
            "nothing was removed"
        );
        rows.push(7);
        rows.sort_by_key(|row| *row);
        assert_eq!(rows.take_changed(), None, "appended, then sorted");
    }

    #[test]
    fn appends_are_told_by_the_length_before_them() {
        let mut rows: Rows<u32> = (0..3).collect();
        let _ = rows.take_changed();
        rows[1] = 5;
        rows.push(3);
        rows.extend([4, 5]);
        rows[4] = 9;
        assert_eq!(
            rows.take_changed(),
            Some((vec![1], 3)),
            "rows changed after the first append are new ones"
        );
    }

    #[test]
    fn too_many_rows_count_as_everything() {
        let mut rows: Rows<usize> = (0..MOST_ROWS + 1).collect();
        let _ = rows.take_changed();
        for index in 0..=MOST_ROWS {
            rows[index] += 1;
        }
        assert_eq!(rows.take_changed(), None);
    }

    #[test]
    fn rows_save_as_their_vec() {
        let rows: Rows<u32> = vec![1, 2].into();
        let bytes = rmp_serde::to_vec(&rows).expect("encodes");
        assert_eq!(bytes, rmp_serde::to_vec(&vec![1u32, 2]).expect("encodes"));
        let back: Rows<u32> = rmp_serde::from_slice(&bytes).expect("decodes");
        assert_eq!(back, rows);
    }
}
