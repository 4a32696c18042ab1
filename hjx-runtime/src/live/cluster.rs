//! Several nodes: how a component's `shared:` value, the topics and the broadcasts reach the
//! other nodes of an app.
//!
//! The live layer sees the other nodes only through [`Cluster`]; the serving layer's Redis link
//! implements it. A shared value lives in the cluster's store with a [`Stamp`]; a node writes it
//! only while it holds the value's lock, taken before the event or store change that may write
//! it ([`Hub::lease`](crate::live::hub::Hub::lease)). Holding the lock, the node first adopts a
//! newer value another node wrote, then runs the change, then writes the new value (which the
//! store announces to every node) and releases the lock: writes to one value are serialized
//! across nodes, so no increment is lost. While more of its leases are queued, a node keeps the
//! lock for them (at most 10 ms and 64 leases) and stores their writes once, at the end; then it
//! lets the other nodes have a turn.
//!
//! When the cluster cannot be reached, a node goes on serving its own sessions with its own
//! value; once it is back, the hub settles the value (`Hub::resync`): a node whose offline writes
//! find the value as it last saw it writes them, and any node that finds a newer one adopts it.

// Only the serving layer's Redis link (feature `redis`) makes a cluster.
#![cfg_attr(not(feature = "redis"), allow(dead_code))]

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::live::sync::lock;

/// How long a node keeps a shared value's lock for the leases queued behind one another on it,
/// and how many it runs under one lock: their writes are stored once, when the lock is released.
const BATCH_TIME: Duration = Duration::from_millis(10);
const BATCH_LEASES: u32 = 64;
/// How long a node that released a lock with leases still queued waits before asking for it
/// again, so that another node's turn comes.
const YIELD: Duration = Duration::from_millis(2);

/// A future the cluster's calls return.
pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Which write of a shared value this is: the value's epoch (new each time the store starts it
/// anew) and the number of writes since.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Stamp {
    pub(crate) epoch: u64,
    pub(crate) version: u64,
}

impl Stamp {
    /// Whether a value stamped `self` is one this node, having seen `seen`, should adopt: any
    /// other epoch, or a later write of the same.
    pub(crate) fn is_news_to(self, seen: Option<Stamp>) -> bool {
        seen.is_none_or(|seen| seen.epoch != self.epoch || seen.version < self.version)
    }
}

/// What the cluster's store holds of a shared value when a node takes its lock.
pub(crate) enum Found {
    /// Nothing: no node wrote it yet, or the store lost it. This node's value stands.
    Missing,
    /// The write this node last saw.
    Same,
    /// Another write: the node adopts it.
    Other(Stamp, Bytes),
}

/// The outcome of asking for a shared value's lock.
pub(crate) enum Locked {
    /// Held until released with `token`.
    Held { token: u64, found: Found },
    /// The cluster cannot be reached (or the lock was not free in time): the change runs on
    /// this node alone.
    Unreachable,
}

/// The other nodes, as the live layer uses them.
pub(crate) trait Cluster: Send + Sync + 'static {
    /// Takes the lock of the shared value `key`, telling what the store holds against `seen`.
    fn lock(self: Arc<Self>, key: Arc<str>, seen: Option<Stamp>) -> BoxFuture<Locked>;

    /// Releases the lock `token` of `key`, first storing `write` (and announcing it to every
    /// node). Returns the new write's stamp; `None` when nothing was written.
    fn unlock(
        self: Arc<Self>,
        key: Arc<str>,
        token: u64,
        write: Option<Vec<u8>>,
    ) -> BoxFuture<Option<Stamp>>;

    /// Sends a topic's message (its MessagePack encoding) to the other nodes.
    fn publish(&self, topic: &str, data: &[u8]);

    /// Sends a broadcast EVENT frame of component `key` to the other nodes' sessions of it.
    fn broadcast(&self, key: &str, frame: &[u8]);
}

/// A shared value linked to a cluster: its key, the last write this node saw, and the writes
/// waiting for the lock.
pub(crate) struct Linked {
    pub(crate) cluster: Arc<dyn Cluster>,
    /// `<component>:<shape>`: builds of another shape keep values of their own.
    pub(crate) key: Arc<str>,
    seen: Mutex<Option<Stamp>>,
    /// One lease at a time per node: the sessions of a node queue here, not at the store.
    gate: Arc<tokio::sync::Mutex<()>>,
    /// The value written under the current lease, encoded, to store when it is released.
    staged: Mutex<Option<Vec<u8>>>,
    /// Whether this node wrote while the cluster was unreachable.
    offline: AtomicBool,
    /// The cluster's lock while this node keeps it for a batch of leases.
    kept: Mutex<Option<Kept>>,
    /// The leases of this node asked for and not yet ended (or given up).
    waiting: Arc<AtomicUsize>,
    /// Set once the value was first read from the cluster (or that failed).
    pub(crate) ready: tokio::sync::OnceCell<()>,
}

impl Linked {
    pub(crate) fn new(cluster: Arc<dyn Cluster>, key: String) -> Linked {
        Linked {
            cluster,
            key: key.into(),
            seen: Mutex::new(None),
            gate: Arc::default(),
            staged: Mutex::new(None),
            offline: AtomicBool::new(false),
            kept: Mutex::new(None),
            waiting: Arc::default(),
            ready: tokio::sync::OnceCell::new(),
        }
    }

    pub(crate) fn seen(&self) -> Option<Stamp> {
        *lock(&self.seen)
    }

    pub(crate) fn saw(&self, stamp: Stamp) {
        let mut seen = lock(&self.seen);
        if stamp.is_news_to(*seen) {
            *seen = Some(stamp);
        }
    }

    /// Keeps `bytes` (the value just written) to store when the lease is released.
    pub(crate) fn stage(&self, bytes: Vec<u8>) {
        *lock(&self.staged) = Some(bytes);
    }

    /// Waits for this node's turn, then for the cluster's lock (kept from the lease before when
    /// this node still holds it). `adopt` is given a newer value found there (and records its
    /// stamp); `ours` is asked
    /// for this node's value when the store has none, or when this node wrote while the
    /// cluster was away and the store still holds what it last saw.
    pub(crate) async fn lease(
        &self,
        adopt: impl FnOnce(Stamp, &[u8]),
        ours: impl FnOnce() -> Option<Vec<u8>>,
    ) -> Lease {
        let counted = Counted::new(&self.waiting);
        let turn = self.gate.clone().lock_owned().await;
        if let Some(kept) = lock(&self.kept).as_mut() {
            // Still this node's: no other node wrote since.
            kept.leases += 1;
            return Lease {
                token: Some(kept.token),
                _turn: turn,
                _counted: counted,
            };
        }
        // A write staged outside a lease is stale once another node's value is adopted.
        lock(&self.staged).take();
        let token = match self
            .cluster
            .clone()
            .lock(self.key.clone(), self.seen())
            .await
        {
            Locked::Unreachable => None,
            Locked::Held { token, found } => {
                match found {
                    Found::Other(stamp, bytes) => {
                        if self.offline.swap(false, Ordering::Relaxed) {
                            tracing::warn!(
                                key = &*self.key,
                                "another node wrote this shared value while the cluster was away: its value replaces this node's"
                            );
                        }
                        adopt(stamp, &bytes);
                    }
                    // The store has no value (it started anew): a node that never saw one
                    // (its first page) or wrote while the store was away stores its own; any
                    // other keeps its value until one is written.
                    Found::Missing => {
                        let wrote = self.offline.swap(false, Ordering::Relaxed);
                        if (wrote || self.seen().is_none())
                            && let Some(bytes) = ours()
                        {
                            self.stage(bytes);
                        }
                    }
                    Found::Same => {
                        if self.offline.swap(false, Ordering::Relaxed)
                            && let Some(bytes) = ours()
                        {
                            self.stage(bytes);
                        }
                    }
                }
                *lock(&self.kept) = Some(Kept {
                    token,
                    since: Instant::now(),
                    leases: 1,
                });
                Some(token)
            }
        };
        Lease {
            token,
            _turn: turn,
            _counted: counted,
        }
    }

    /// Ends `lease`. While more leases of this node are queued (for at most [`BATCH_TIME`] and
    /// [`BATCH_LEASES`]), the lock is kept for the next; otherwise what was staged is stored and
    /// the lock released.
    pub(crate) async fn finish(&self, lease: Lease) {
        // Leases of this node besides this one, waiting for their turn.
        let queued = self.waiting.load(Ordering::Acquire) > 1;
        let Some(token) = lease.token else {
            if lock(&self.staged).take().is_some() {
                self.offline.store(true, Ordering::Relaxed);
            }
            return;
        };
        {
            let mut kept = lock(&self.kept);
            let batch_open = kept.as_ref().is_some_and(|kept| {
                kept.since.elapsed() < BATCH_TIME && kept.leases < BATCH_LEASES
            });
            if queued && batch_open {
                return;
            }
            *kept = None;
        }
        let staged = lock(&self.staged).take();
        let wrote = staged.is_some();
        match self
            .cluster
            .clone()
            .unlock(self.key.clone(), token, staged)
            .await
        {
            Some(stamp) => self.saw(stamp),
            None if wrote => self.offline.store(true, Ordering::Relaxed),
            None => {}
        }
        if queued {
            // This node's turn (`lease`'s gate) is still held: the others' comes first.
            tokio::time::sleep(YIELD).await;
        }
    }
}

/// Counts one lease of a node from when it is asked for until it ends or is given up.
struct Counted(Arc<AtomicUsize>);

impl Counted {
    fn new(count: &Arc<AtomicUsize>) -> Counted {
        count.fetch_add(1, Ordering::AcqRel);
        Counted(count.clone())
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The cluster's lock, kept across the leases of one batch.
struct Kept {
    token: u64,
    since: Instant,
    leases: u32,
}

/// This node's turn to write a shared value, and the cluster's lock when it could be taken.
pub(crate) struct Lease {
    token: Option<u64>,
    _turn: tokio::sync::OwnedMutexGuard<()>,
    _counted: Counted,
}

/// A lease to end once an event has run: what the serving layer holds across a dispatch.
pub(crate) trait Finish: Send {
    fn finish(self: Box<Self>) -> BoxFuture<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_news_in_another_epoch_or_later_in_the_same() {
        let seen = Some(Stamp {
            epoch: 7,
            version: 3,
        });
        let at = |epoch, version| Stamp { epoch, version };
        assert!(at(7, 4).is_news_to(seen));
        assert!(!at(7, 3).is_news_to(seen));
        assert!(!at(7, 2).is_news_to(seen));
        assert!(at(8, 1).is_news_to(seen));
        assert!(at(7, 1).is_news_to(None));
    }
}
