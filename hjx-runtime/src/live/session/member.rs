//! A session as its hub sees it: where shared changes and broadcasts go.

use std::sync::atomic::Ordering;

use axum::body::Bytes;

use super::{QueuedFrame, Session};
use crate::live::hub::Member;
use crate::model::component::{Component, PatchScope};
use crate::model::field_set::FieldSet;
use crate::model::patch::PatchOp;
use crate::protocol::server::EncodedOps;

impl<C: Component> Member<C> for Session<C> {
    fn shared_patch(&self, shared: &C::Shared, dirty: FieldSet, out: &mut Vec<PatchOp>) {
        self.lock_state()
            .component
            .patch(shared, dirty, PatchScope::SharedOnly, out);
    }

    fn push_shared_change(
        &self,
        shared: Option<&C::Shared>,
        dirty: FieldSet,
        shared_ops: &EncodedOps,
    ) {
        let mut state = self.lock_state();
        let mut ops = Vec::new();
        if let Some(shared) = shared {
            state
                .component
                .patch(shared, dirty, PatchScope::SessionOnly, &mut ops);
        }
        self.push_patches(&mut state, &[shared_ops, &EncodedOps::new(&ops)], false);
    }

    /// Queues the frame if a socket is attached; it is dropped when the queue is full.
    fn push_event(&self, frame: Bytes) {
        if !self.attached.load(Ordering::Acquire) {
            return;
        }
        if self.enqueue(QueuedFrame::Event(frame)).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}
