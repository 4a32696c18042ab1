//! What a `for` block remembers between renders, and how a changed list becomes the fewest
//! insert, remove and move operations.
//!
//! Each rendered item has a block of hydration IDs (`base .. base + stride`) allocated at run
//! time, a key (the hash of its `key:` expression, or its position when the list has none), and
//! one slot per dynamic spot or `if` inside it: the hash of the text last sent, or the branch
//! last shown. A patch compares each kept item's spots with its slots, so one changed row of
//! ten thousand costs one operation; a changed order costs the moves a longest increasing
//! subsequence cannot avoid.

use std::fmt;
use std::hash::{Hash, Hasher};

use crate::model::component::Component;
use crate::model::field_set::FieldSet;
use crate::model::patch::{HydrationId, PatchOp};
use crate::model::slots::SlotValues;

mod order;
use order::{Fenwick, longest_increasing};

/// The memory of one rendered list: its items in the order the client shows them.
#[derive(Debug, Default)]
pub struct ListMem {
    /// How many hydration IDs each item of this list takes.
    pub stride: u32,
    /// The items, in the client's order.
    pub items: Vec<ItemMem>,
}

/// The memory of one rendered list item.
#[derive(Debug)]
pub struct ItemMem {
    /// The hash of the item's key (or its position, for a list without `key:`).
    pub key: u64,
    /// The item's first hydration ID.
    pub base: u32,
    /// One value per dynamic spot or region inside the item: a text hash or a branch.
    pub slots: SlotValues,
    /// The lists nested in the item.
    pub lists: Vec<ListMem>,
}

impl ItemMem {
    /// A fresh item with `slots` empty slots and `lists` empty nested lists.
    #[inline]
    pub fn new(key: u64, base: u32, slots: usize, lists: usize) -> ItemMem {
        ItemMem {
            key,
            base,
            slots: SlotValues::new(slots),
            lists: if lists == 0 {
                Vec::new()
            } else {
                (0..lists).map(|_| ListMem::default()).collect()
            },
        }
    }

    /// Records `value` in `slot`; whether it differs from what was there.
    pub fn update(&mut self, slot: usize, value: u64) -> bool {
        std::mem::replace(&mut self.slots[slot], value) != value
    }
}

/// One step of the path from a list to the item that owns a hydration ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Which nested list of the enclosing item (0 for the outermost list).
    pub list: usize,
    /// The item's position in that list.
    pub pos: usize,
    /// The item's key hash.
    pub key: u64,
    /// The hydration ID relative to the item's base.
    pub local: u32,
}

impl ListMem {
    /// The path to the item whose own hydration IDs include `hid`, searching nested lists.
    pub fn locate(&self, hid: u32) -> Option<Vec<Step>> {
        // Items rendered together take their IDs in order, a stride apart: the item at the
        // position that spacing gives is tried first, and the walk below is for lists whose
        // items moved, arrived later, or hold lists of their own.
        if let Some(first) = self.items.first()
            && self.stride > 0
            && hid >= first.base
        {
            let pos = ((hid - first.base) / self.stride) as usize;
            if let Some(item) = self.items.get(pos)
                && hid >= item.base
                && hid - item.base < self.stride
            {
                return Some(vec![Step {
                    list: 0,
                    pos,
                    key: item.key,
                    local: hid - item.base,
                }]);
            }
        }
        for (pos, item) in self.items.iter().enumerate() {
            if hid >= item.base && hid - item.base < self.stride {
                return Some(vec![Step {
                    list: 0,
                    pos,
                    key: item.key,
                    local: hid - item.base,
                }]);
            }
            for (list, nested) in item.lists.iter().enumerate() {
                if let Some(mut path) = nested.locate(hid) {
                    path[0].list = list;
                    path.insert(
                        0,
                        Step {
                            list: 0,
                            pos,
                            key: item.key,
                            local: u32::MAX,
                        },
                    );
                    return Some(path);
                }
            }
        }
        None
    }

    /// The memory of the item at the end of `path` (from [`ListMem::locate`]).
    pub fn item_at(&self, path: &[Step]) -> Option<&ItemMem> {
        let (first, rest) = path.split_first()?;
        let mut item = self.items.get(first.pos)?;
        for step in rest {
            item = item.lists.get(step.list)?.items.get(step.pos)?;
        }
        Some(item)
    }

    /// Whether the item at the end of `path` shows branch `branch` in slot `slot`.
    pub fn shows(&self, path: &[Step], slot: usize, branch: u8) -> bool {
        self.item_at(path)
            .and_then(|item| item.slots.get(slot))
            .is_some_and(|shown| *shown == u64::from(branch))
    }

    /// Starts patching the list towards `keys`, the new items' keys in order. `None` when a key
    /// repeats: the caller re-renders the whole list.
    pub fn reconcile(&mut self, keys: &[u64]) -> Option<Reconcile> {
        let old: Vec<ItemMem> = std::mem::take(&mut self.items);
        let mut kept = vec![None; keys.len()];
        if old.len() == keys.len() && old.iter().zip(keys).all(|(item, key)| item.key == *key) {
            // The common case: same items in the same order.
            for (i, slot) in kept.iter_mut().enumerate() {
                *slot = Some(i);
            }
        } else {
            let mut index: std::collections::HashMap<u64, usize> =
                std::collections::HashMap::with_capacity(old.len());
            for (i, item) in old.iter().enumerate() {
                index.insert(item.key, i);
            }
            let mut seen = std::collections::HashSet::with_capacity(keys.len());
            for (slot, key) in kept.iter_mut().zip(keys) {
                if !seen.insert(*key) {
                    return None;
                }
                *slot = index.get(key).copied();
            }
        }
        Some(Reconcile {
            old: old.into_iter().map(Some).collect(),
            kept,
            new: (0..keys.len()).map(|_| None).collect(),
        })
    }
}

/// A list patch under way: kept items are taken out, patched and put back; new items bring
/// their HTML. [`Reconcile::finish`] emits the structural operations.
#[derive(Debug)]
pub struct Reconcile {
    old: Vec<Option<ItemMem>>,
    /// For each new position, the old position of the item kept there.
    kept: Vec<Option<usize>>,
    new: Vec<Option<(ItemMem, Option<String>)>>,
}

impl Reconcile {
    /// The memory of the item kept at new position `index`, if it was there before.
    pub fn take(&mut self, index: usize) -> Option<ItemMem> {
        let old = (*self.kept.get(index)?)?;
        self.old[old].take()
    }

    /// Puts back the memory of the item at new position `index`: patched (`html` is `None`)
    /// or newly rendered.
    pub fn put(&mut self, index: usize, item: ItemMem, html: Option<String>) {
        if let Some(slot) = self.new.get_mut(index) {
            *slot = Some((item, html));
        }
    }

    /// Emits the removes, moves and inserts that turn the client's children of `hid` into the
    /// new order, and stores the new items in `list`.
    pub fn finish(self, hid: HydrationId, list: &mut ListMem, out: &mut Vec<PatchOp>) {
        let mut kept_old = vec![false; self.old.len()];
        for old in self.kept.iter().flatten() {
            kept_old[*old] = true;
        }
        for i in (0..self.old.len()).rev() {
            if !kept_old[i] {
                out.push(PatchOp::Remove {
                    hid,
                    index: i as u32,
                });
            }
        }
        let stable = longest_increasing(&self.kept);
        let mut items = Vec::with_capacity(self.new.len());
        let mut htmls = Vec::with_capacity(self.new.len());
        for entry in self.new {
            match entry {
                Some((item, html)) => {
                    items.push(item);
                    htmls.push(html);
                }
                None => return, // the caller put back every item; nothing sensible otherwise
            }
        }
        // The client's children in order, as coordinates: a kept item stays at its old
        // position's coordinate until it moves; an item that moves or comes new is put right
        // before the item placed after it (working from the end), so each run of them gets the
        // coordinates just below the stable item (or the end) they lead up to. A Fenwick tree
        // over the coordinates gives each one's index: O(n log n), where a list of the children
        // searched and shifted for every move was quadratic in a reversal.
        let count = self.kept.len();
        if (0..count).all(|j| self.kept[j].is_some() && stable[j]) {
            // Nothing moves and nothing comes new: the kept items are already in order.
            list.items = items;
            return;
        }
        let scale = count as u64 + 1;
        let at_old = |old: usize| (old as u64 + 1) * scale;
        let mut placed = vec![0u64; count];
        let mut anchor = at_old(self.old.len());
        for j in (0..count).rev() {
            placed[j] = match self.kept[j] {
                Some(old) if stable[j] => at_old(old),
                _ => anchor - 1,
            };
            anchor = placed[j];
        }
        let mut coordinates: Vec<u64> = (0..self.old.len())
            .filter(|old| kept_old[*old])
            .map(at_old)
            .chain(placed.iter().copied())
            .collect();
        coordinates.sort_unstable();
        coordinates.dedup();
        let rank = |coordinate: u64| coordinates.partition_point(|c| *c < coordinate);
        let mut live = Fenwick::new(coordinates.len());
        for old in (0..self.old.len()).filter(|old| kept_old[*old]) {
            live.add(rank(at_old(old)), 1);
        }
        for j in (0..count).rev() {
            match self.kept[j] {
                Some(_) if stable[j] => {}
                Some(old) => {
                    let from_rank = rank(at_old(old));
                    let from = live.before(from_rank);
                    live.add(from_rank, -1);
                    let to_rank = rank(placed[j]);
                    let to = live.before(to_rank);
                    live.add(to_rank, 1);
                    if from != to {
                        out.push(PatchOp::Move {
                            hid,
                            from: from as u32,
                            to: to as u32,
                        });
                    }
                }
                None => {
                    let at_rank = rank(placed[j]);
                    let at = live.before(at_rank);
                    live.add(at_rank, 1);
                    out.push(PatchOp::Insert {
                        hid,
                        index: at as u32,
                        html: htmls[j].take().unwrap_or_default(),
                    });
                }
            }
        }
        list.items = items;
    }
}

/// The items of a `for` block, numbered.
pub fn items<L: IntoIterator>(list: L) -> std::iter::Enumerate<L::IntoIter> {
    list.into_iter().enumerate()
}

/// The hash of a list item's key, for `for (x in xs, key: x.id)`.
pub fn key_hash<K: ListKey + ?Sized>(key: &K) -> u64 {
    let mut hasher = Fnv64::default();
    key.hash(&mut hasher);
    hasher.finish()
}

/// What a `for` block's `key:` can be: any value that is `Hash`.
#[diagnostic::on_unimplemented(
    message = "a list key must be hashable, but this key is `{Self}`",
    label = "used as the `key:` of a `for` here",
    note = "key items by a field that is `Hash`, such as an id: `key: item.id`"
)]
pub trait ListKey: Hash {}

impl<T: Hash + ?Sized> ListKey for T {}

pub use crate::model::html::text_hash;

/// 64-bit FNV-1a as a `Hasher`: small, fast on short strings, and the same in every process.
struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(hjx_syntax::fnv1a64(b""))
    }
}

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = hjx_syntax::fnv1a64_extend(self.0, bytes);
    }
}

/// A deferred call on a component and its shared value.
pub type ItemRun<C> = Box<dyn FnOnce(&mut C, &mut <C as Component>::Shared)>;

/// A handler call found for an event on a list item: the item's values it needs are already
/// captured, so the call runs with the state borrowed mutably.
pub struct ItemCall<C: Component> {
    /// The handler's name, for logs and traces.
    pub handler: &'static str,
    /// The fields the call may write.
    pub dirty: FieldSet,
    /// Runs the call.
    pub run: ItemRun<C>,
}

impl<C: Component> fmt::Debug for ItemCall<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemCall")
            .field("handler", &self.handler)
            .field("dirty", &self.dirty)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies ops to a plain vector the way the client applies them to an element's children.
    fn apply(children: &mut Vec<String>, ops: &[PatchOp]) {
        for op in ops {
            match op {
                PatchOp::Remove { index, .. } => {
                    children.remove(*index as usize);
                }
                PatchOp::Insert { index, html, .. } => {
                    children.insert(*index as usize, html.clone())
                }
                PatchOp::Move { from, to, .. } => {
                    let item = children.remove(*from as usize);
                    children.insert(*to as usize, item);
                }
                other => panic!("unexpected op {other:?}"),
            }
        }
    }

    fn run(old: &[u64], new: &[u64]) -> (Vec<PatchOp>, Vec<String>) {
        let mut list = ListMem {
            stride: 1,
            items: old
                .iter()
                .map(|k| ItemMem::new(*k, *k as u32, 0, 0))
                .collect(),
        };
        let mut rec = list.reconcile(new).expect("distinct keys");
        for (i, key) in new.iter().enumerate() {
            match rec.take(i) {
                Some(item) => rec.put(i, item, None),
                None => rec.put(i, ItemMem::new(*key, 0, 0, 0), Some(key.to_string())),
            }
        }
        let mut ops = Vec::new();
        rec.finish(HydrationId(1), &mut list, &mut ops);
        let mut children: Vec<String> = old.iter().map(u64::to_string).collect();
        apply(&mut children, &ops);
        let expected: Vec<String> = new.iter().map(u64::to_string).collect();
        assert_eq!(children, expected, "ops {ops:?} do not reach the new order");
        assert_eq!(list.items.iter().map(|i| i.key).collect::<Vec<_>>(), new);
        (ops, children)
    }

    #[test]
    fn an_items_id_is_found_at_its_spaced_position_or_by_the_walk() {
        let list = |bases: &[u32]| ListMem {
            stride: 2,
            items: bases
                .iter()
                .enumerate()
                .map(|(pos, base)| ItemMem::new(pos as u64 + 100, *base, 0, 0))
                .collect(),
        };
        // Rendered together: the spacing finds it.
        let found = list(&[10, 12, 14]).locate(15).expect("found");
        assert_eq!((found[0].pos, found[0].key, found[0].local), (2, 102, 1));
        // Moved and arrived later: the walk does.
        let moved = list(&[10, 20, 12]);
        assert_eq!(moved.locate(13).expect("found")[0].pos, 2);
        assert_eq!(moved.locate(21).expect("found")[0].pos, 1);
        assert!(moved.locate(9).is_none());
        assert!(moved.locate(16).is_none());
    }

    #[test]
    fn insert_at_the_front_of_a_thousand_is_one_insert() {
        let old: Vec<u64> = (1..=1000).collect();
        let new: Vec<u64> = std::iter::once(0).chain(1..=1000).collect();
        let (ops, _) = run(&old, &new);
        assert_eq!(ops.len(), 1);
        assert!(matches!(ops[0], PatchOp::Insert { index: 0, .. }));
    }

    #[test]
    fn removing_one_is_one_remove() {
        let old: Vec<u64> = (0..1000).collect();
        let new: Vec<u64> = (0..1000).filter(|k| *k != 500).collect();
        let (ops, _) = run(&old, &new);
        assert_eq!(
            ops,
            vec![PatchOp::Remove {
                hid: HydrationId(1),
                index: 500
            }]
        );
    }

    #[test]
    fn swapping_two_rows_moves_only_those() {
        let old: Vec<u64> = (0..1000).collect();
        let mut new = old.clone();
        new.swap(1, 998);
        let (ops, _) = run(&old, &new);
        assert_eq!(ops.len(), 2, "{ops:?}");
        assert!(ops.iter().all(|op| matches!(op, PatchOp::Move { .. })));
    }

    #[test]
    fn moving_the_first_to_the_end_is_one_move() {
        let old: Vec<u64> = (0..100).collect();
        let new: Vec<u64> = (1..100).chain(std::iter::once(0)).collect();
        let (ops, _) = run(&old, &new);
        assert_eq!(
            ops,
            vec![PatchOp::Move {
                hid: HydrationId(1),
                from: 0,
                to: 99
            }]
        );
    }

    #[test]
    fn reversing_a_thousand_moves_all_but_one() {
        let old: Vec<u64> = (0..1000).collect();
        let new: Vec<u64> = old.iter().rev().copied().collect();
        let (ops, _) = run(&old, &new);
        assert_eq!(ops.len(), 999);
        assert!(ops.iter().all(|op| matches!(op, PatchOp::Move { .. })));
    }

    #[test]
    fn unchanged_keys_emit_nothing() {
        let keys: Vec<u64> = (0..10_000).collect();
        let (ops, _) = run(&keys, &keys);
        assert!(ops.is_empty());
    }

    #[test]
    fn mixed_changes_reach_the_new_order() {
        // A deterministic sweep of shuffles, inserts and removals.
        let mut seed = 0x1234_5678_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..300 {
            let old: Vec<u64> = (0..next(12)).filter(|_| next(3) > 0).collect();
            let mut new: Vec<u64> = (0..16).filter(|_| next(2) == 0).collect();
            for i in (1..new.len()).rev() {
                let j = next(i as u64 + 1) as usize;
                new.swap(i, j);
            }
            run(&old, &new);
        }
    }

    #[test]
    fn repeated_keys_ask_for_a_full_render() {
        let mut list = ListMem::default();
        assert!(list.reconcile(&[1, 2, 1]).is_none());
    }

    #[test]
    fn locate_finds_nested_items() {
        let mut outer = ListMem {
            stride: 2,
            items: vec![ItemMem::new(7, 10, 0, 1), ItemMem::new(8, 12, 0, 1)],
        };
        outer.items[1].lists[0] = ListMem {
            stride: 1,
            items: vec![ItemMem::new(3, 20, 0, 0), ItemMem::new(4, 21, 0, 0)],
        };
        assert_eq!(
            outer.locate(11),
            Some(vec![Step {
                list: 0,
                pos: 0,
                key: 7,
                local: 1
            }])
        );
        let path = outer.locate(21).expect("nested item");
        assert_eq!(path.len(), 2);
        assert_eq!((path[0].pos, path[0].key), (1, 8));
        assert_eq!(
            path[1],
            Step {
                list: 0,
                pos: 1,
                key: 4,
                local: 0
            }
        );
        assert_eq!(outer.locate(30), None);
    }
}
