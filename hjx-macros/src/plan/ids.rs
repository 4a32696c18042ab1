//! The plan's typed references: a set of fields, and the IDs of regions, lists, instances and
//! handlers (indexes into the plan's tables, each its own type so that one cannot stand for
//! another).

use std::ops::{BitOr, BitOrAssign, Index, IndexMut};

use super::{HandlerPlan, InstancePlan, ListPlan, RegionPlan};

/// A set of the component's fields, one bit each (at most 128): what a spot reads, what a
/// handler writes. Generated code carries it as the runtime's `FieldSet`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FieldMask(u128);

impl FieldMask {
    /// No field.
    pub(crate) const EMPTY: FieldMask = FieldMask(0);

    /// The field with bit `bit`.
    pub(crate) fn bit(bit: u32) -> FieldMask {
        FieldMask(1 << bit)
    }

    /// Whether the set holds no field.
    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The fields of `self` that are not in `other`.
    pub(crate) fn without(self, other: FieldMask) -> FieldMask {
        FieldMask(self.0 & !other.0)
    }

    /// The set as the bits generated code writes.
    /// The fields in both.
    pub(crate) fn intersection(self, other: FieldMask) -> FieldMask {
        FieldMask(self.0 & other.0)
    }

    pub(crate) fn bits(self) -> u128 {
        self.0
    }
}

impl BitOr for FieldMask {
    type Output = FieldMask;

    fn bitor(self, other: FieldMask) -> FieldMask {
        FieldMask(self.0 | other.0)
    }
}

impl BitOrAssign for FieldMask {
    fn bitor_assign(&mut self, other: FieldMask) {
        self.0 |= other.0;
    }
}

impl FromIterator<FieldMask> for FieldMask {
    fn from_iter<I: IntoIterator<Item = FieldMask>>(masks: I) -> FieldMask {
        masks.into_iter().fold(FieldMask::EMPTY, BitOr::bitor)
    }
}

macro_rules! id {
    ($(#[$doc:meta])* $name:ident indexes $($table:ty),+) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) struct $name(pub(crate) usize);

        impl $name {
            /// The index into the plan's table.
            #[allow(dead_code)] // not every kind of ID is written into names
            pub(crate) fn index(self) -> usize {
                self.0
            }
        }

        $(
            impl Index<$name> for Vec<$table> {
                type Output = $table;

                fn index(&self, id: $name) -> &$table {
                    &self[id.0]
                }
            }

            impl IndexMut<$name> for Vec<$table> {
                fn index_mut(&mut self, id: $name) -> &mut $table {
                    &mut self[id.0]
                }
            }
        )+
    };
}

id!(
    /// An `if` region: an index into `Plan::regions`.
    RegionId indexes RegionPlan, RegionScope
);
id!(
    /// A `for` list: an index into `Plan::lists`.
    ListId indexes ListPlan
);
id!(
    /// A component instance: an index into `Plan::instances`.
    InstanceId indexes InstancePlan
);
id!(
    /// A handler: an index into `Plan::handlers`.
    HandlerId indexes HandlerPlan
);

/// Where an `if` region keeps the branch it last rendered: in the session's value, or in the
/// shared value when only `shared:` fields decide it (and so do its enclosing regions').
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RegionScope {
    /// In the shared value.
    pub(crate) shared: bool,
    /// The region's slot in that value's memory.
    pub(crate) slot: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_union_and_subtract() {
        let a = FieldMask::bit(0) | FieldMask::bit(127);
        assert_eq!(a.bits(), 1 | 1 << 127);
        assert!(a.without(a).is_empty());
        assert_eq!(a.without(FieldMask::bit(0)), FieldMask::bit(127));
        let all: FieldMask = (0..3).map(FieldMask::bit).collect();
        assert_eq!(all.bits(), 0b111);
    }
}
