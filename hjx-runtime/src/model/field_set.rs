//! [`FieldSet`]: the set of component fields a change wrote or a dynamic spot reads.
//!
//! Every `state:` and `shared:` field of a component has a bit, numbered at compile time. A
//! handler reports the fields it wrote as a set; each dynamic spot of the markup knows the set it
//! reads; the two intersect to decide what is patched.

use std::fmt;

/// A set of component fields, one bit per `state:` or `shared:` field, numbered at compile time.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FieldSet(pub u128);

impl FieldSet {
    /// The empty set.
    pub const EMPTY: FieldSet = FieldSet(0);
    /// The set of every field.
    pub const ALL: FieldSet = FieldSet(u128::MAX);

    /// The set holding only field number `index`.
    pub const fn bit(index: u32) -> FieldSet {
        FieldSet(1 << index)
    }

    /// The set of fields number `0` to `count - 1` (every field, from 128 on).
    pub const fn first(count: usize) -> FieldSet {
        if count >= 128 {
            FieldSet::ALL
        } else {
            FieldSet((1 << count) - 1)
        }
    }

    /// Whether the set holds no field.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the two sets share at least one field.
    pub const fn intersects(self, other: FieldSet) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether every field of `self` is in `other`.
    pub const fn is_subset(self, other: FieldSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// The union of the two sets.
    pub const fn union(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 | other.0)
    }

    /// The fields of `self` that are also in `other`.
    pub const fn intersection(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & other.0)
    }

    /// The fields of `self` that are not in `other`.
    pub const fn difference(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & !other.0)
    }

    /// Adds the fields of `other` to `self`.
    pub fn insert(&mut self, other: FieldSet) {
        self.0 |= other.0;
    }
}

impl fmt::Debug for FieldSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries((0..128).filter(|i| self.0 & (1 << i) != 0))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_holds_the_lowest_fields_and_every_field_from_128_on() {
        assert_eq!(FieldSet::first(0), FieldSet::EMPTY);
        assert_eq!(FieldSet::first(3), FieldSet(0b111));
        assert_eq!(FieldSet::first(127), FieldSet(u128::MAX >> 1));
        assert_eq!(FieldSet::first(128), FieldSet::ALL);
        assert_eq!(FieldSet::first(500), FieldSet::ALL);
    }
}
