//! A session's queue of frames for its socket, bounded in frames and in bytes.

use std::sync::atomic::Ordering;

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

impl QueuedFrame {
    /// The frame's size in bytes, as the queue counts it.
    pub(crate) fn len(&self) -> usize {
        match self {
            QueuedFrame::Patches(bytes) => bytes.len(),
            QueuedFrame::Event(bytes) => bytes.len(),
        }
    }
}

impl<C: Component> Session<C> {
    /// Queues `frame` unless the queue is full, in frames or in bytes. A queued frame's bytes
    /// count until whoever takes it from the queue says so ([`dequeued`](Self::dequeued)): the
    /// queue's items stay one pointer-sized enum, so that an idle session's queue is small.
    pub(super) fn enqueue(&self, frame: QueuedFrame) -> Result<(), mpsc::error::TrySendError<()>> {
        let size = frame.len();
        let held = self.queued_bytes.fetch_add(size, Ordering::AcqRel);
        // One frame is always let in, however large, so that a big page can be sent at all.
        if held > 0 && held + size > self.max_queued_bytes {
            self.dequeued(size);
            return Err(mpsc::error::TrySendError::Full(()));
        }
        self.queue.try_send(frame).map_err(|error| {
            self.dequeued(size);
            match error {
                mpsc::error::TrySendError::Full(_) => mpsc::error::TrySendError::Full(()),
                mpsc::error::TrySendError::Closed(_) => mpsc::error::TrySendError::Closed(()),
            }
        })
    }

    /// Whether no frame waits in the queue (a frame counts from before it is pushed until the
    /// socket has taken it).
    pub(super) fn queue_is_empty(&self) -> bool {
        self.queued_bytes.load(Ordering::Acquire) == 0
    }

    /// A frame of `size` bytes left the queue.
    pub(super) fn dequeued(&self, size: usize) {
        self.queued_bytes.fetch_sub(size, Ordering::AcqRel);
    }
}
