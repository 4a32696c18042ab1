//! The session whose event is being handled on this thread, for [`Store::current`].
//!
//! Handling an event (or applying a store change, a topic message or async work's result) is
//! synchronous and on one thread, so a thread-local is enough: the session enters itself for
//! the duration and the previous entry comes back when it leaves, so nesting is safe. The entry
//! is a weak reference, type-erased: [`current`] gives it back only to a caller asking for the
//! same session type.
//!
//! [`Store::current`]: crate::Store::current

use std::any::Any;
use std::cell::RefCell;
use std::sync::{Arc, Weak};

type Entry = Weak<dyn Any + Send + Sync>;

thread_local! {
    static CURRENT: RefCell<Option<Entry>> = const { RefCell::new(None) };
}

/// While alive, `current` on this thread answers with the session entered.
pub(crate) struct Entered {
    previous: Option<Entry>,
}

/// Enters `session` as the one being handled on this thread until the guard drops.
pub(crate) fn enter(session: Entry) -> Entered {
    let previous = CURRENT.with(|current| current.borrow_mut().replace(session));
    Entered { previous }
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|current| *current.borrow_mut() = previous);
    }
}

/// The session being handled on this thread, if there is one and it is a `T`.
pub(crate) fn current<T: Any + Send + Sync>() -> Option<Arc<T>> {
    let entry = CURRENT.with(|current| current.borrow().as_ref()?.upgrade())?;
    entry.downcast::<T>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_nest_and_answer_only_their_own_type() {
        let outer: Arc<String> = Arc::new("outer".to_owned());
        let inner: Arc<u32> = Arc::new(7);
        assert!(current::<String>().is_none());
        {
            let weak: Weak<String> = Arc::downgrade(&outer);
            let _outer = enter(weak);
            assert_eq!(
                current::<String>().as_deref().map(String::as_str),
                Some("outer")
            );
            {
                let weak: Weak<u32> = Arc::downgrade(&inner);
                let _inner = enter(weak);
                assert_eq!(current::<u32>().as_deref(), Some(&7));
                assert!(
                    current::<String>().is_none(),
                    "another type is not answered"
                );
            }
            assert_eq!(
                current::<String>().as_deref().map(String::as_str),
                Some("outer")
            );
        }
        assert!(current::<String>().is_none());
    }
}
