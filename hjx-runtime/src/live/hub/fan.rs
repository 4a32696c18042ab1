//! Fan-outs run after the shared lock is released, one at a time, in the order of the changes.
//!
//! A change of `shared:` fields is applied, and its shared-only patches encoded, under the
//! shared lock; sending them to every other session happens after the lock is released, so that
//! the sessions' own events (which take the lock to read the shared value) are not held up for
//! the length of a fan-out to thousands of sessions. Each change takes a ticket under the lock,
//! and its fan-out waits for the fan-outs of the tickets before it: every session gets the
//! changes in the order they were made.
//!
//! A session whose own spots read a changed shared field (`Component::SHARED_READ_PER_SESSION`)
//! has them patched during the fan-out, under the shared lock taken for that session alone,
//! with the value as it is then (never older than the change).
//!
//! Lock order: a fan-out's turn, then the shared lock, then a session's own lock. A change takes
//! its ticket under the shared lock but waits for its turn only after releasing it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use super::{Hub, Member};
use crate::live::sync::lock;
use crate::model::component::Component;
use crate::model::field_set::FieldSet;
use crate::protocol::server::EncodedOps;

/// The order of a hub's fan-outs: tickets taken under the shared lock, turns taken in order.
#[derive(Debug, Default)]
pub(crate) struct Turns {
    issued: AtomicU64,
    next: Mutex<u64>,
    ready: Condvar,
}

impl Turns {
    /// The next ticket. Taken under the shared lock, so tickets follow the changes' order.
    fn ticket(&self) -> u64 {
        self.issued.fetch_add(1, Ordering::Relaxed)
    }

    /// Waits for `ticket`'s turn, runs `run`, and hands the turn to the next ticket.
    fn in_turn(&self, ticket: u64, run: impl FnOnce()) {
        let mut next = lock(&self.next);
        while *next != ticket {
            next = self
                .ready
                .wait(next)
                .unwrap_or_else(PoisonError::into_inner);
        }
        run();
        *next += 1;
        drop(next);
        self.ready.notify_all();
    }
}

/// A change's fan-out, taken under the shared lock: run it with [`FanOut::run`] once the lock
/// is released. Dropped without running, it still hands its turn on.
pub(crate) struct FanOut<C: Component> {
    members: Vec<Arc<dyn Member<C>>>,
    dirty: FieldSet,
    ops: EncodedOps,
    ticket: u64,
    turns: Arc<Turns>,
    ran: bool,
}

impl<C: Component> FanOut<C> {
    /// The fan-out of a change of the shared fields `dirty` to every session of `hub` but
    /// `origin`; `ops` are the patches of the spots that read only shared fields. The caller
    /// holds the shared lock.
    pub(super) fn new(
        hub: &Hub<C>,
        members: Vec<Arc<dyn Member<C>>>,
        dirty: FieldSet,
        ops: EncodedOps,
    ) -> FanOut<C> {
        FanOut {
            members,
            dirty,
            ops,
            ticket: hub.turns.ticket(),
            turns: hub.turns.clone(),
            ran: false,
        }
    }

    /// How many shared-only patch operations each session is sent.
    pub(crate) fn patches(&self) -> usize {
        self.ops.len()
    }

    /// Queues the change's frame for every session, after the fan-outs of earlier changes.
    /// Called with no lock held.
    pub(crate) fn run(mut self, hub: &Hub<C>) {
        self.ran = true;
        let turns = self.turns.clone();
        turns.in_turn(self.ticket, || {
            let own_spots = self.dirty.intersects(C::SHARED_READ_PER_SESSION);
            for member in &self.members {
                if own_spots {
                    let shared = hub.lock_shared();
                    member.push_shared_change(Some(&shared), self.dirty, &self.ops);
                } else {
                    member.push_shared_change(None, self.dirty, &self.ops);
                }
            }
        });
    }
}

impl<C: Component> Drop for FanOut<C> {
    fn drop(&mut self) {
        if !self.ran {
            self.turns.in_turn(self.ticket, || {});
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    #[test]
    fn fan_outs_run_in_the_order_of_their_tickets() {
        let turns = Arc::new(Turns::default());
        let tickets: Vec<u64> = (0..4).map(|_| turns.ticket()).collect();
        let (ran, order) = mpsc::channel();
        // Asked for in reverse: each waits for the ones before it.
        let waiting: Vec<_> = tickets
            .iter()
            .rev()
            .map(|ticket| {
                let (turns, ran, ticket) = (turns.clone(), ran.clone(), *ticket);
                let handle = thread::spawn(move || {
                    turns.in_turn(ticket, || ran.send(ticket).unwrap_or_default())
                });
                // Give each thread the time to start waiting before the next is asked.
                thread::sleep(Duration::from_millis(20));
                handle
            })
            .collect();
        for handle in waiting {
            handle.join().expect("no panic");
        }
        drop(ran);
        assert_eq!(order.iter().collect::<Vec<_>>(), tickets);
    }

    #[test]
    fn a_turn_left_unused_is_handed_on() {
        let turns = Turns::default();
        let first = turns.ticket();
        let second = turns.ticket();
        turns.in_turn(first, || {});
        let mut ran = false;
        turns.in_turn(second, || ran = true);
        assert!(ran);
        assert_eq!(*lock(&turns.next), 2);
    }
}
