//! Components inside components: the [`Child`] trait and the [`Instance`] a parent keeps.
//!
//! A parent's markup names a child component like an element (`Card (title="About"):`). The
//! parent holds one [`Instance`] per place in its markup, sets the child's props through its
//! generated setters, and renders, patches and routes events to the child in place.
//!
//! Hydration IDs stay unique on the page: a child's static IDs are its own numbers offset by a
//! base the parent hands it when it renders (its `at`), and the IDs it gives list items come from
//! one counter that parent and child pass to each other (its `next`). A child's patch addresses
//! only the child's elements.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use crate::model::component::Component;
use crate::model::event::{Event, EventError, Handled};
use crate::model::field_set::FieldSet;
use crate::model::html::Html;
use crate::model::load::{Apply, BoxFuture, Fail, Work};
use crate::model::patch::PatchOp;
use crate::model::snapshot;

/// What renders a parent's content into a child's `slot`: the slot's name (`""` for the
/// default slot) and the HTML to write it into.
pub type Slots<'a> = dyn Fn(&str, &mut Html) + 'a;

/// A component as another component's markup holds it. `hjx!` implements it for every
/// component; one with `shared:` fields implements it with bodies that never run, because
/// generated code checks at the markup's tag that a child has no `shared:` fields (the hidden
/// `Embeddable` trait), so that this check is the only error a misplaced component raises.
pub trait Child: Component {
    /// The events the child emits to its parent (`emit saved(value)`), one variant each.
    type Emit: 'static;

    /// How many hydration IDs the child's static markup takes, plus one: its own numbers run
    /// from 1 to `HIDS - 1`.
    const HIDS: u32;

    /// The names of the child's slots (`""` for the default `slot`).
    const SLOTS: &'static [&'static str];

    /// Whether mounting the child does anything: its `script:` has a `mount` hook, or one of
    /// its own children does. A child inside a keyed `for` that mounts is mounted when its item
    /// appears.
    const MOUNTS: bool = false;

    /// Whether starting a session runs anything for the child: its `script:` has an `init`
    /// hook, or one of its own children does.
    const INITS: bool = false;

    /// The child's hydration ID base and its next free ID for list items.
    fn hid_cells(&self) -> (&Cell<u32>, &Cell<u32>);

    /// Renders the child at its base, its slots filled by `slots`.
    fn render_child(&self, html: &mut Html, slots: &Slots<'_>);

    /// Appends the child's patch for `dirty` of its fields.
    fn patch_child(&self, dirty: FieldSet, out: &mut Vec<PatchOp>, slots: &Slots<'_>);

    /// Handles an event addressed to the child, which has no shared value.
    fn handle_child(&mut self, event: &Event) -> Result<Handled, EventError>;

    /// The events emitted by the last handler, oldest first.
    fn take_emits(&mut self) -> Vec<Self::Emit>;

    /// Sets the class the parent merges onto the child's root elements.
    fn set_class(&mut self, class: String);

    /// Swaps the state of `self` (its `state:` fields and its own top-level children's state)
    /// with `other`'s, leaving each one's render memory in place: how a child in a list is
    /// mounted away from its instance and put back.
    fn swap_state(&mut self, other: &mut Self);
}

/// How a child inside a keyed `for` is mounted when its item appears: given the child's state
/// (taken from its instance), a future that runs its mount hook with the page's context and
/// gives the state back, with the refusal's reason if the hook refused.
pub type Mounter<C> = Arc<dyn Fn(C) -> Mounting<C> + Send + Sync>;

/// A child's mount in progress: the child's state comes back with the refusal's reason, if any.
pub type Mounting<C> = std::pin::Pin<Box<dyn Future<Output = (C, Result<(), String>)> + Send>>;

/// How a child inside a keyed `for` starts for its session when its item appears: given the
/// item's key hash, runs the child's `init`.
pub type Starter = Arc<dyn Fn(u64) + Send + Sync>;

/// One child component in a parent's markup: its value, the fields its own handlers changed
/// since the parent last patched it, and whether it has been rendered yet.
pub struct Instance<C: Child> {
    /// The child.
    pub inner: RefCell<C>,
    /// Fields its handlers wrote, not yet patched.
    pub pending: Cell<FieldSet>,
    /// Whether the props written once (those that read no field) are set.
    pub mounted: Cell<bool>,
}

impl<C: Child> fmt::Debug for Instance<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instance")
            .field("component", &C::META.name)
            .field("pending", &self.pending.get())
            .field("mounted", &self.mounted.get())
            .finish_non_exhaustive()
    }
}

impl<C: Child> Default for Instance<C> {
    fn default() -> Self {
        Instance {
            inner: RefCell::new(C::default()),
            pending: Cell::new(FieldSet::EMPTY),
            mounted: Cell::new(false),
        }
    }
}

impl<C: Child> Instance<C> {
    /// Appends the child's state to a snapshot.
    pub fn save(&self, out: &mut Vec<u8>) -> bool {
        self.inner.borrow().save(out)
    }

    /// Reads the child's state back from a snapshot.
    pub fn restore(&self, input: &mut &[u8]) -> bool {
        self.inner.borrow_mut().restore(input)
    }

    /// Records fields the child's handler wrote, for the next patch.
    pub fn touch(&self, dirty: FieldSet) {
        self.pending.set(self.pending.get().union(dirty));
    }

    /// Renders the child with hydration IDs from `next` on; returns the next free ID.
    /// `slots` renders the parent's content for a slot, given the next free ID, and returns it.
    pub fn render(
        &self,
        html: &mut Html,
        next: u32,
        slots: &dyn Fn(&str, &mut Html, u32) -> u32,
    ) -> u32 {
        let mut child = self.inner.borrow_mut();
        child.take_dirty();
        self.pending.set(FieldSet::EMPTY);
        drop(child);
        let child = self.inner.borrow();
        let (at, child_next) = child.hid_cells();
        at.set(next - 1);
        child_next.set(next - 1 + C::HIDS);
        child.render_child(html, &|name, html| {
            child_next.set(slots(name, html, child_next.get()));
        });
        child_next.get()
    }

    /// Patches the child for what changed: its own handlers' writes and the props the parent
    /// set. List items it adds take IDs from `next` on; returns the next free ID.
    pub fn patch(
        &self,
        out: &mut Vec<PatchOp>,
        next: u32,
        slots: &dyn Fn(&str, &mut Html, u32) -> u32,
    ) -> u32 {
        let dirty = self
            .inner
            .borrow_mut()
            .take_dirty()
            .union(self.pending.take());
        let child = self.inner.borrow();
        let (_, child_next) = child.hid_cells();
        child_next.set(next);
        if !dirty.is_empty() {
            child.patch_child(dirty, out, &|name, html| {
                child_next.set(slots(name, html, child_next.get()));
            });
        }
        child_next.get()
    }

    /// Takes the async work the child started (on its own `Load` fields, or its children's) into
    /// `out`, as work of the parent `P`: the child's instance is the field `field` of `P`, which
    /// `at` reaches. Its result is applied to the child and patches the child's spots that read
    /// the `Load`. Generated code calls it for every instance.
    pub fn take_work<P: 'static>(
        &mut self,
        field: FieldSet,
        at: fn(&mut P) -> &mut Instance<C>,
        out: &mut Vec<Work<P>>,
    ) {
        let mut works = Vec::new();
        self.inner.get_mut().take_work(&mut works);
        for work in works {
            out.push(lift_work(work, field, &[], move |parent: &mut P| {
                Some(at(parent))
            }));
        }
    }
}

/// Gives a closure that finds a child's instance in its parent the signature `lift_work` wants
/// (the instance borrowed from the parent), which closure inference does not find alone.
fn reacher<P, C: Child, F>(reach: F) -> F
where
    F: Fn(&mut P) -> Option<&mut Instance<C>>,
{
    reach
}

/// Finds the instance of the item keyed `item` among the instances that `at` reaches in `P`.
pub(crate) fn item_reach<P: 'static, C: Child>(
    at: fn(&mut P) -> &mut KeyedInstances<C>,
    item: u64,
) -> impl Fn(&mut P) -> Option<&mut Instance<C>> + Clone + Send + Sync + 'static {
    reacher(move |parent: &mut P| {
        at(parent)
            .map
            .get_mut()
            .get_mut(&item)
            .map(|instance| &mut **instance)
    })
}

/// The work of a child, as work of its parent `P`: `reach` finds the child's instance in the
/// parent when the result arrives (none if it is gone, and the result is dropped), and the
/// result patches the parent's `field` for that instance. `item` tells apart the runs of one
/// `Load` in different instances of a list.
fn lift_work<C: Child, P: 'static>(
    work: Work<C>,
    field: FieldSet,
    item: &[u128],
    reach: impl Fn(&mut P) -> Option<&mut Instance<C>> + Clone + Send + 'static,
) -> Work<P> {
    let Work {
        field: child_field,
        mut key,
        generation,
        run,
        failed,
    } = work;
    let reach_failed = reach.clone();
    let run: BoxFuture<Apply<P>> = Box::pin(async move {
        let apply = run.await;
        let apply: Apply<P> = Box::new(move |parent: &mut P| {
            if let Some(instance) = reach(parent) {
                apply(instance.inner.get_mut());
                instance.touch(child_field);
            }
        });
        apply
    });
    let failed: Fail<P> = Box::new(move |parent: &mut P, message: String| {
        if let Some(instance) = reach_failed(parent) {
            failed(instance.inner.get_mut(), message);
            instance.touch(child_field);
        }
    });
    key.splice(0..0, std::iter::once(field.0).chain(item.iter().copied()));
    Work {
        field,
        key,
        generation,
        run,
        failed,
    }
}

/// The work that mounts a new item's child: `mount` runs the hook on the child's state, which
/// is then swapped back into the instance `reach` finds (if the item is still there), patching
/// every spot of the child; then `start` starts it. A refusal is logged: a child cannot refuse
/// its page once it is shown.
fn mount_work<C: Child, P: 'static>(
    mount: Mounting<C>,
    field: FieldSet,
    (item, start): (u64, Option<Starter>),
    reach: impl Fn(&mut P) -> Option<&mut Instance<C>> + Send + 'static,
) -> Work<P> {
    /// Mounts are never superseded: each run has a generation of its own.
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    let run: BoxFuture<Apply<P>> = Box::pin(async move {
        let (mut state, outcome) = mount.await;
        if let Err(reason) = outcome {
            tracing::warn!(
                component = C::META.name,
                %reason,
                "a list item's child refused its mount; it is shown as mounted so far"
            );
        }
        let apply: Apply<P> = Box::new(move |parent: &mut P| {
            if let Some(instance) = reach(parent) {
                instance.inner.get_mut().swap_state(&mut state);
                instance.touch(FieldSet::ALL);
                if let Some(start) = start {
                    start(item);
                }
            }
        });
        apply
    });
    let failed: Fail<P> = Box::new(move |_: &mut P, message: String| {
        tracing::error!(
            component = C::META.name,
            %message,
            "a list item's child's mount failed; it keeps its default state and is not started"
        );
    });
    Work {
        field,
        key: vec![field.0, u128::from(item), u128::MAX],
        generation: GENERATION.fetch_add(1, Ordering::Relaxed),
        run,
        failed,
    }
}

/// The instances of one component placed inside a keyed `for`: one per item, by the hash of
/// the item's key. An item's instance is created when its key first appears, keeps its state
/// while the key stays (across reorders, and across renders), and is dropped when the key
/// leaves the list.
pub struct KeyedInstances<C: Child> {
    /// The instances, by key hash.
    pub map: RefCell<HashMap<u64, Box<Instance<C>>>>,
    /// Mounts a new item's child, with its page's context: set by the parent's mount when the
    /// child mounts ([`Child::MOUNTS`]).
    pub mounter: Option<Mounter<C>>,
    /// Starts a new item's child for its session: set when the session starts, when the child
    /// has an `init` ([`Child::INITS`]).
    pub starter: OnceLock<Starter>,
    /// The keys of the instances created since work was last taken, when a mounter or starter
    /// is set, each with whether it is to be mounted (not when restored from a snapshot): they
    /// are mounted and started then.
    fresh: RefCell<Vec<(u64, bool)>>,
}

impl<C: Child> fmt::Debug for KeyedInstances<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyedInstances")
            .field("component", &C::META.name)
            .field("len", &self.map.borrow().len())
            .finish_non_exhaustive()
    }
}

impl<C: Child> Default for KeyedInstances<C> {
    fn default() -> Self {
        KeyedInstances {
            map: RefCell::new(HashMap::new()),
            mounter: None,
            starter: OnceLock::new(),
            fresh: RefCell::new(Vec::new()),
        }
    }
}

impl<C: Child> KeyedInstances<C> {
    /// Takes the async work each item's child started into `out`, as work of the parent `P`
    /// whose field `field` (which `at` reaches) holds these instances. A result is applied to
    /// the instance of the same key, and dropped if that item has left the list.
    pub fn take_work<P: 'static>(
        &mut self,
        field: FieldSet,
        at: fn(&mut P) -> &mut KeyedInstances<C>,
        out: &mut Vec<Work<P>>,
    ) {
        for (&item, instance) in self.map.get_mut().iter_mut() {
            let mut works = Vec::new();
            instance.inner.get_mut().take_work(&mut works);
            for work in works {
                out.push(lift_work(
                    work,
                    field,
                    &[u128::from(item)],
                    item_reach(at, item),
                ));
            }
        }
        let fresh = std::mem::take(self.fresh.get_mut());
        for (item, mount) in fresh {
            let Some(instance) = self.map.get_mut().get_mut(&item) else {
                continue; // the item left before its child started
            };
            let start = self.starter.get().cloned();
            let Some(mounter) = self.mounter.as_ref().filter(|_| mount) else {
                if let Some(start) = start {
                    start(item);
                }
                continue;
            };
            // The child starts once mounted, so that what its `init` changes is not undone.
            let mut state = C::default();
            instance.inner.get_mut().swap_state(&mut state);
            let reach = item_reach(at, item);
            out.push(mount_work(mounter(state), field, (item, start), reach));
        }
    }

    /// Runs `f` on the instance of the item keyed `key`, creating it (a default child) first if
    /// the key is new.
    pub fn with<R>(&self, key: u64, f: impl FnOnce(&Instance<C>) -> R) -> R {
        let mut map = self.map.borrow_mut();
        let instance = map.entry(key).or_insert_with(|| {
            if self.mounter.is_some() || self.starter.get().is_some() {
                self.fresh.borrow_mut().push((key, true));
            }
            Box::default()
        });
        f(instance)
    }

    /// Appends every item's child, with its key, to a snapshot.
    pub fn save(&self, out: &mut Vec<u8>) -> bool {
        let map = self.map.borrow();
        let mut ok = snapshot::save_u64(map.len() as u64, out);
        for (&key, instance) in map.iter() {
            ok = ok && snapshot::save_u64(key, out) && instance.save(out);
        }
        ok
    }

    /// Reads the items' children back from a snapshot. They are not mounted again (their state
    /// is the saved one); those whose component has an `init` start with the session.
    pub fn restore(&self, input: &mut &[u8]) -> bool {
        let Some(count) = snapshot::restore_u64(input) else {
            return false;
        };
        let mut map = self.map.borrow_mut();
        for _ in 0..count {
            let Some(key) = snapshot::restore_u64(input) else {
                return false;
            };
            let instance: Box<Instance<C>> = Box::default();
            if !instance.restore(input) {
                return false;
            }
            map.insert(key, instance);
            if C::INITS {
                self.fresh.borrow_mut().push((key, false));
            }
        }
        true
    }

    /// Drops the instances whose key is not among `keys`: their items left the list.
    pub fn retain(&self, keys: &[u64]) {
        let mut map = self.map.borrow_mut();
        if map.is_empty() {
            return;
        }
        let keep: std::collections::HashSet<u64> = keys.iter().copied().collect();
        map.retain(|key, _| keep.contains(key));
    }

    /// How many instances there are.
    pub fn len(&self) -> usize {
        self.map.borrow().len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.borrow().is_empty()
    }
}

/// A prop's value, hashed to tell whether an item's prop changed: see [`PropHashed`].
#[allow(missing_debug_implementations)] // a wrapper that lives for one expression
pub struct PropHash<'a, T>(pub &'a T);

/// The hash of a prop whose type is `Hash`: the prop is set again when it changes.
pub trait PropHashed {
    /// The value's hash.
    fn prop_hash(&self) -> u64;
}

impl<T: std::hash::Hash> PropHashed for PropHash<'_, T> {
    fn prop_hash(&self) -> u64 {
        crate::model::list::key_hash(self.0)
    }
}

/// The "hash" of a prop whose type is not `Hash`: a fresh number each time, so the prop is set
/// again whenever its item is patched.
pub trait PropUnhashed {
    /// A number never returned before.
    fn prop_hash(&self) -> u64;
}

impl<T> PropUnhashed for &PropHash<'_, T> {
    fn prop_hash(&self) -> u64 {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        // Never `u64::MAX`, the value of a slot not yet filled.
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % (u64::MAX - 1)
    }
}

#[cfg(test)]
// The borrow is what picks `PropHashed` or `PropUnhashed`, as in generated code.
#[allow(clippy::needless_borrow)]
mod tests {
    use super::{PropHash, PropHashed as _, PropUnhashed as _};

    #[test]
    fn a_hashable_prop_hashes_by_value() {
        let a = String::from("milk");
        let b = String::from("milk");
        let c = String::from("eggs");
        assert_eq!((&PropHash(&a)).prop_hash(), (&PropHash(&b)).prop_hash());
        assert_ne!((&PropHash(&a)).prop_hash(), (&PropHash(&c)).prop_hash());
    }

    #[test]
    fn a_prop_without_hash_differs_every_time() {
        struct Opaque;
        let value = Opaque;
        let first = (&PropHash(&value)).prop_hash();
        let second = (&PropHash(&value)).prop_hash();
        assert_ne!(first, second);
        assert_ne!(first, u64::MAX);
    }
}
