//! A session's queue of frames for its socket, bounded in frames and in bytes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::mpsc;

use super::{QueuedFrame, Session};
use crate::model::component::Component;

/// How much a session's queue holds for its socket: frames, and bytes in all (a slow reader of
/// a page whose frames are large must not hold megabytes).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Outbox {
    pub(crate) frames: usize,
    pub(crate) bytes: usize,
}

/// A frame in a session's queue, counted in the queue's bytes until it is taken and dropped.
#[derive(Debug)]
pub(crate) struct Queued {
    pub(crate) frame: QueuedFrame,
    /// Counts the frame in the queue's bytes until dropped.
    _held: HeldBytes,
}

/// Bytes counted in a queue's total until dropped.
#[derive(Debug)]
pub(super) struct HeldBytes(pub(super) Arc<AtomicUsize>, pub(super) usize);

impl Drop for HeldBytes {
    fn drop(&mut self) {
        self.0.fetch_sub(self.1, Ordering::AcqRel);
    }
}

impl<C: Component> Session<C> {
    /// Queues `frame` unless the queue is full, in frames or in bytes.
    pub(super) fn enqueue(&self, frame: QueuedFrame) -> Result<(), mpsc::error::TrySendError<()>> {
        let size = match &frame {
            QueuedFrame::Patches(bytes) => bytes.len(),
            QueuedFrame::Event(bytes) => bytes.len(),
        };
        let held = self.queued_bytes.fetch_add(size, Ordering::AcqRel);
        let counted = HeldBytes(self.queued_bytes.clone(), size);
        // One frame is always let in, however large, so that a big page can be sent at all.
        if held > 0 && held + size > self.max_queued_bytes {
            return Err(mpsc::error::TrySendError::Full(()));
        }
        self.queue
            .try_send(Queued {
                frame,
                _held: counted,
            })
            .map_err(|error| match error {
                mpsc::error::TrySendError::Full(_) => mpsc::error::TrySendError::Full(()),
                mpsc::error::TrySendError::Closed(_) => mpsc::error::TrySendError::Closed(()),
            })
    }
}
