//! Snapshots: a component's state as bytes, written when the server stops (and periodically)
//! and read back when it starts, so that a page carries on across a restart.
//!
//! `hjx!` implements [`Component::save`](crate::Component::save) and
//! [`Component::restore`](crate::Component::restore) for every component, one field after the
//! other in MessagePack. A field whose type is `serde::Serialize` and `serde::Deserialize` is
//! written; a component with a field that is not (a handle, an [`UploadedFile`]) saves nothing,
//! and its sessions start anew after a restart. Which of the two a field's type allows is picked
//! where the macro's generated code names the type, with no bound on the component: the
//! [`Saved`] and [`Restored`] wrappers call [`SaveField`] when the type allows it and fall back
//! to [`SaveNone`] when not (autoref specialization).
//!
//! Each component also has a [`shape`](crate::Component::SHAPE): a hash of its name and its
//! fields' names and types, children included. A snapshot whose shape differs from the running
//! build's (a field was added, renamed or retyped) is dropped with a log line.
//!
//! [`UploadedFile`]: crate::UploadedFile

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A field being saved: see [`SaveField`] and [`SaveNone`].
#[allow(missing_debug_implementations)] // a wrapper that lives for one expression
pub struct Saved<'a, T>(pub &'a T);

/// Saving a field whose type is serde-serializable (and deserializable, to be read back).
pub trait SaveField {
    /// Appends the field; `false` when serializing it failed.
    fn save_field(&self, out: &mut Vec<u8>) -> bool;
}

impl<T: Serialize + DeserializeOwned> SaveField for Saved<'_, T> {
    fn save_field(&self, out: &mut Vec<u8>) -> bool {
        rmp_serde::encode::write(out, self.0).is_ok()
    }
}

/// Saving a field whose type is not serde-serializable: the component cannot be saved.
pub trait SaveNone {
    /// Always `false`.
    fn save_field(&self, out: &mut Vec<u8>) -> bool;
}

impl<T> SaveNone for &Saved<'_, T> {
    fn save_field(&self, _: &mut Vec<u8>) -> bool {
        false
    }
}

/// A field being restored: see [`RestoreField`] and [`RestoreNone`].
#[allow(missing_debug_implementations)] // a wrapper that lives for one expression
pub struct Restored<'a, T>(pub &'a mut T);

/// Restoring a field whose type is serde-deserializable.
pub trait RestoreField {
    /// Reads the field from the front of `input`, advancing it; `false` when the bytes there
    /// are not a value of the field's type.
    fn restore_field(&mut self, input: &mut &[u8]) -> bool;
}

impl<T: Serialize + DeserializeOwned> RestoreField for Restored<'_, T> {
    fn restore_field(&mut self, input: &mut &[u8]) -> bool {
        match rmp_serde::decode::from_read::<_, T>(input) {
            Ok(value) => {
                *self.0 = value;
                true
            }
            Err(_) => false,
        }
    }
}

/// Restoring a field whose type is not serde-deserializable: never possible.
pub trait RestoreNone {
    /// Always `false`.
    fn restore_field(&mut self, input: &mut &[u8]) -> bool;
}

impl<T> RestoreNone for &mut Restored<'_, T> {
    fn restore_field(&mut self, _: &mut &[u8]) -> bool {
        false
    }
}

/// Combines a component's own shape hash with its children's, in order.
pub const fn shape(own: u64, children: &[u64]) -> u64 {
    let mut hash = own;
    let mut index = 0;
    while index < children.len() {
        hash = (hash ^ children[index]).wrapping_mul(0x0100_0000_01b3);
        index += 1;
    }
    hash
}

/// Appends a count or a key, for the parts of a snapshot that are not fields.
pub(crate) fn save_u64(value: u64, out: &mut Vec<u8>) -> bool {
    rmp::encode::write_uint(out, value).is_ok()
}

/// Reads a count or a key written by [`save_u64`].
pub(crate) fn restore_u64(input: &mut &[u8]) -> Option<u64> {
    rmp::decode::read_int(input).ok()
}

#[cfg(test)]
// The borrows are what pick the trait, as in generated code.
#[allow(clippy::needless_borrow)]
mod tests {
    use super::*;

    struct NotSerde;

    #[test]
    fn a_serde_field_round_trips_and_another_refuses() {
        let mut out = Vec::new();
        assert!((&Saved(&7_i64)).save_field(&mut out));
        assert!((&Saved(&"draft".to_owned())).save_field(&mut out));
        assert!(!(&Saved(&NotSerde)).save_field(&mut out));
        let mut input = out.as_slice();
        let (mut number, mut text) = (0_i64, String::new());
        assert!((&mut Restored(&mut number)).restore_field(&mut input));
        assert!((&mut Restored(&mut text)).restore_field(&mut input));
        assert_eq!((number, text.as_str()), (7, "draft"));
        assert!(input.is_empty());
        let mut other = NotSerde;
        assert!(!(&mut Restored(&mut other)).restore_field(&mut input));
    }

    #[test]
    fn bytes_of_another_type_are_refused() {
        let mut out = Vec::new();
        assert!((&Saved(&"seven".to_owned())).save_field(&mut out));
        let mut number = 0_i64;
        assert!(!(&mut Restored(&mut number)).restore_field(&mut out.as_slice()));
        assert_eq!(number, 0);
    }

    #[test]
    fn shapes_differ_by_child_and_order() {
        assert_ne!(shape(1, &[2, 3]), shape(1, &[3, 2]));
        assert_ne!(shape(1, &[]), shape(1, &[0]));
        let mut out = Vec::new();
        assert!(save_u64(300, &mut out));
        assert_eq!(restore_u64(&mut out.as_slice()), Some(300));
    }
}
