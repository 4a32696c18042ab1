//! Polling a socket's rarely-ready futures only when they asked to be.
//!
//! An attached socket's task waits on three things at once: the client's next frame, its
//! session's queue, and its stops (shutdown, a takeover, the session's end). Most turns are the
//! client's frames; the queue and the stops are rarely ready. A plain `select!` polls all of them
//! at every turn, and polling a waiting `watch` or `Notify` future takes the lock of its waiter
//! list, which the server's shutdown signal shares with every socket. A [`Gate`] polls what it
//! guards with a waker of its own, and polls it again only once that waker fired (or after it
//! was ready, when more may be waiting).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use crate::live::sync::lock;

/// Guards one future, or one `poll_*` method, of a task.
#[derive(Debug)]
pub(crate) struct Gate {
    flag: Arc<Flag>,
    /// The task's waker as last stored in the flag: while the task's waker stays the same (it
    /// does, turn after turn), a poll takes no lock.
    stored: Option<Waker>,
}

#[derive(Debug)]
struct Flag {
    /// Whether what the gate guards must be polled at the next turn.
    woken: AtomicBool,
    /// The task's waker, woken in turn.
    task: Mutex<Option<Waker>>,
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        if let Some(task) = &*lock(&self.task) {
            task.wake_by_ref();
        }
    }
}

impl Gate {
    /// A gate whose first poll goes through.
    pub(crate) fn new() -> Gate {
        Gate {
            flag: Arc::new(Flag {
                woken: AtomicBool::new(true),
                task: Mutex::new(None),
            }),
            stored: None,
        }
    }

    /// Polls `inner` with the gate's waker if it was woken since its last poll (or was ready
    /// then); otherwise `Pending` at once. Every poll of what the gate guards must go through
    /// it, or a wake-up could go to a waker the gate does not know.
    pub(crate) fn poll<T>(
        &mut self,
        cx: &mut Context<'_>,
        inner: impl FnOnce(&mut Context<'_>) -> Poll<T>,
    ) -> Poll<T> {
        if !self
            .stored
            .as_ref()
            .is_some_and(|stored| stored.will_wake(cx.waker()))
        {
            self.stored = Some(cx.waker().clone());
            *lock(&self.flag.task) = Some(cx.waker().clone());
        }
        // After the task's waker is stored: a wake-up from now on reaches it.
        if !self.flag.woken.swap(false, Ordering::AcqRel) {
            return Poll::Pending;
        }
        let waker = Waker::from(self.flag.clone());
        let polled = inner(&mut Context::from_waker(&waker));
        if polled.is_ready() {
            self.flag.woken.store(true, Ordering::Release);
        }
        polled
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::future::poll_fn;
    use std::sync::atomic::AtomicUsize;

    /// A waker that counts its wake-ups.
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn what_a_gate_guards_is_polled_again_only_once_woken_or_after_it_was_ready() {
        let mut gate = Gate::new();
        let count = Arc::new(Count(AtomicUsize::new(0)));
        let task = Waker::from(count.clone());
        let mut cx = Context::from_waker(&task);
        let polls = Cell::new(0);
        let inner = RefCell::new(None::<Waker>);
        let pending = |cx: &mut Context<'_>| {
            polls.set(polls.get() + 1);
            *inner.borrow_mut() = Some(cx.waker().clone());
            Poll::<()>::Pending
        };
        let wake_inner = || inner.borrow_mut().take().expect("registered").wake();
        // The first poll goes through; the next ones do not, until the inner waker fires.
        assert!(gate.poll(&mut cx, pending).is_pending());
        assert!(gate.poll(&mut cx, pending).is_pending());
        assert!(gate.poll(&mut cx, pending).is_pending());
        assert_eq!(polls.get(), 1);
        wake_inner();
        assert_eq!(count.0.load(Ordering::SeqCst), 1, "the task was woken");
        assert!(gate.poll(&mut cx, pending).is_pending());
        assert_eq!(polls.get(), 2);
        // Once ready, it is polled again at the next turn.
        wake_inner();
        assert_eq!(gate.poll(&mut cx, |_| Poll::Ready(7)), Poll::Ready(7));
        assert_eq!(gate.poll(&mut cx, |_| Poll::Ready(8)), Poll::Ready(8));
        assert!(gate.poll(&mut cx, pending).is_pending());
        assert_eq!(polls.get(), 3);
        assert!(gate.poll(&mut cx, pending).is_pending());
        assert_eq!(polls.get(), 3);
    }

    #[tokio::test]
    async fn a_gated_channel_delivers_what_is_sent_after_its_receiver_waited() {
        let mut gate = Gate::new();
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<u32>(4);
        let send = tokio::spawn(async move {
            tokio::task::yield_now().await;
            sender.send(1).await.expect("open");
            sender.send(2).await.expect("open");
        });
        let mut got = Vec::new();
        while let Some(value) = poll_fn(|cx| gate.poll(cx, |cx| receiver.poll_recv(cx))).await {
            got.push(value);
        }
        send.await.expect("sent");
        assert_eq!(got, [1, 2]);
    }
}
