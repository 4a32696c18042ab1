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
pub(crate) struct Deferral(());

impl Deferral {
    pub(crate) fn begin() -> Deferral {
        HELD.with(|held| *held.borrow_mut() = Some(Vec::new()));
        Deferral(())
    }

    /// Runs the held-back sends, in order.
    pub(crate) fn release(self) {
        let sends = HELD
            .with(|held| held.borrow_mut().take())
            .unwrap_or_default();
        for send in sends {
            send();
        }
    }
}

impl Drop for Deferral {
    fn drop(&mut self) {
        HELD.with(|held| held.borrow_mut().take());
    }
}

/// Runs `send` now, or once the event being handled on this thread has queued its patches.
pub(crate) fn send_or_hold(send: impl FnOnce() + 'static) {
    let send: Send = Box::new(send);
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
}
