//! Locking and panic helpers shared by the live and serving layers.
//!
//! A handler that panics is caught (its session ends, the server goes on), so a lock it held is
//! poisoned; the data it left is still the best state there is for everyone else, so locks are
//! taken through [`lock`], which recovers it.

use std::any::Any;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks a mutex, recovering from poisoning.
pub(crate) fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A list read at every event and rarely written (the store listeners of a session, or of a
/// component's shared value): while it is empty, as it is for most components, reading it takes
/// no lock, so the sessions of a component never write one cache line in common for it.
#[derive(Debug)]
pub(crate) struct ReadMostly<T> {
    any: AtomicBool,
    items: Mutex<Vec<T>>,
}

impl<T> Default for ReadMostly<T> {
    fn default() -> ReadMostly<T> {
        ReadMostly {
            any: AtomicBool::new(false),
            items: Mutex::new(Vec::new()),
        }
    }
}

impl<T> ReadMostly<T> {
    pub(crate) fn push(&self, item: T) {
        lock(&self.items).push(item);
        self.any.store(true, Ordering::Release);
    }

    /// What `pick` gives for each item, in order.
    pub(crate) fn pick<R>(&self, pick: impl FnMut(&T) -> Option<R>) -> Vec<R> {
        if !self.any.load(Ordering::Acquire) {
            return Vec::new();
        }
        lock(&self.items).iter().filter_map(pick).collect()
    }

    /// Whether an item passes `test`.
    pub(crate) fn any(&self, test: impl FnMut(&T) -> bool) -> bool {
        self.any.load(Ordering::Acquire) && lock(&self.items).iter().any(test)
    }
}

/// The message of a caught panic.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic payload".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_mostly_list_answers_what_was_pushed_and_nothing_while_empty() {
        let list = ReadMostly::default();
        assert!(list.pick(|n: &u32| Some(*n)).is_empty());
        assert!(!list.any(|_| true));
        list.push(1);
        list.push(2);
        list.push(3);
        assert_eq!(list.pick(|n| (n % 2 == 1).then_some(n * 10)), [10, 30]);
        assert!(list.any(|n| *n == 2));
        assert!(!list.any(|n| *n == 4));
    }

    #[test]
    fn a_panic_message_is_read_from_str_and_string_payloads() {
        let text = std::panic::catch_unwind(|| panic!("plain")).unwrap_err();
        assert_eq!(panic_message(&*text), "plain");
        let formatted = std::panic::catch_unwind(|| panic!("{} {}", "with", 2)).unwrap_err();
        assert_eq!(panic_message(&*formatted), "with 2");
        let other = std::panic::catch_unwind(|| std::panic::panic_any(7_u8)).unwrap_err();
        assert_eq!(panic_message(&*other), "unknown panic payload");
    }
}
