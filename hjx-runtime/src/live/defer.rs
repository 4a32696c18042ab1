//! Holding back broadcasts made while an event is handled.
//!
//! A store listener runs inside the event, before the event's patches are queued. A broadcast it
//! makes waits here until they are, so a client-side listener for the event always sees the DOM
//! the event produced. Handling an event is synchronous and on one thread, so a thread-local
//! list is enough; an event that fails (refused or panicked) discards what it held back.

use std::cell::RefCell;

/// A held-back send.
type Send = Box<dyn FnOnce()>;

thread_local! {
    static HELD: RefCell<Option<Vec<Send>>> = const { RefCell::new(None) };
}

/// Holds back sends on this thread until [`Deferral::release`]; dropping it discards them.
/// Deferrals nest: an inner one holds its own sends, and the outer one's come back when it ends.
pub(crate) struct Deferral {
    /// Until released: the outer deferral's held sends, if one was active.
    outer: Option<Option<Vec<Send>>>,
}

impl Deferral {
    pub(crate) fn begin() -> Deferral {
        let outer = HELD.with(|held| held.borrow_mut().replace(Vec::new()));
        Deferral { outer: Some(outer) }
    }

    /// Runs the held-back sends, in order (into the outer deferral, if there is one).
    pub(crate) fn release(mut self) {
        let outer = self.outer.take().flatten();
        let sends = HELD
            .with(|held| std::mem::replace(&mut *held.borrow_mut(), outer))
            .unwrap_or_default();
        for send in sends {
            hold_or_run(send);
        }
    }
}

impl Drop for Deferral {
    fn drop(&mut self) {
        if let Some(outer) = self.outer.take() {
            HELD.with(|held| *held.borrow_mut() = outer);
        }
    }
}

/// Runs `send` now, or once the event being handled on this thread has queued its patches.
pub(crate) fn send_or_hold(send: impl FnOnce() + 'static) {
    hold_or_run(Box::new(send));
}

fn hold_or_run(send: Send) {
    let now = HELD.with(|held| match held.borrow_mut().as_mut() {
        Some(sends) => {
            sends.push(send);
            None
        }
        None => Some(send),
    });
    if let Some(send) = now {
        send();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn sends_wait_for_release_and_are_discarded_on_drop() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let push = |entry: &'static str| {
            let log = log.clone();
            move || log.borrow_mut().push(entry)
        };
        send_or_hold(push("now"));
        let deferral = Deferral::begin();
        send_or_hold(push("held"));
        log.borrow_mut().push("patches");
        deferral.release();
        let discarded = Deferral::begin();
        send_or_hold(push("discarded"));
        drop(discarded);
        send_or_hold(push("after"));
        assert_eq!(*log.borrow(), ["now", "patches", "held", "after"]);
    }

    #[test]
    fn an_inner_deferral_hands_its_sends_to_the_outer_one() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let push = |entry: &'static str| {
            let log = log.clone();
            move || log.borrow_mut().push(entry)
        };
        let outer = Deferral::begin();
        send_or_hold(push("outer"));
        let inner = Deferral::begin();
        send_or_hold(push("inner"));
        inner.release();
        let discarded = Deferral::begin();
        send_or_hold(push("discarded"));
        drop(discarded);
        send_or_hold(push("outer again"));
        log.borrow_mut().push("patches");
        outer.release();
        assert_eq!(*log.borrow(), ["patches", "outer", "inner", "outer again"]);
    }
}
