//! Running the work a handler started on a `Load` field.
//!
//! After an event (or a store change, or a page's first render) releases the component's
//! locks, the session hands the work it took to [`spawn`]: each run goes on a tokio task of its
//! own, holding no lock, and its result comes back through the session's `apply_work` as one
//! more change of the session, applied under its locks in order with the user's events. A newer run
//! on the same field aborts the older one (the field's generation check drops a result that
//! raced the abort); every run is aborted when its session ends or the server shuts down. A
//! panic in a run is caught by its task and applied as the field's failed state.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::task::AbortHandle;

use crate::live::stop::StopListener;
use crate::live::sync::{lock, panic_message};
use crate::model::component::Component;
use crate::model::field_set::FieldSet;
use crate::model::load::{Apply, Work};

/// The runs in flight for one session, by field: what a newer run or the session's end aborts;
/// and how many runs have not yet delivered their change (or ended without one).
#[derive(Debug, Default)]
pub(crate) struct Running(
    Mutex<HashMap<Vec<u128>, (u64, AbortHandle)>>,
    Arc<AtomicUsize>,
);

/// Counts a run as pending until it is dropped.
struct Pending(Arc<AtomicUsize>);

impl Drop for Pending {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Running {
    /// Records `run`, of `generation`, as the one in flight for the `Load` that `key` names,
    /// aborting the one it supersedes. Two events may hand their runs over in either order once
    /// their locks are released: a run older than the one recorded is aborted at once.
    fn replace(&self, key: Vec<u128>, generation: u64, run: AbortHandle) {
        let mut running = lock(&self.0);
        match running.get(&key) {
            Some((recorded, _)) if *recorded > generation => run.abort(),
            _ => {
                if let Some((_, older)) = running.insert(key, (generation, run)) {
                    older.abort();
                }
            }
        }
    }

    /// How many runs have not yet delivered their change or ended.
    #[cfg_attr(not(feature = "harness"), allow(dead_code))]
    pub(crate) fn pending(&self) -> usize {
        self.1.load(Ordering::Acquire)
    }

    /// Aborts every run in flight.
    pub(crate) fn abort_all(&self) {
        for (_, (_, run)) in lock(&self.0).drain() {
            run.abort();
        }
    }
}

/// Where a finished run's change goes: its session's `apply_work`, if the session still exists.
pub(crate) type Deliver<C> = Arc<dyn Fn(FieldSet, Apply<C>) + Send + Sync + 'static>;

/// Spawns each run of `works`, recording it in `running`; each stops when `stop` or `shutdown`
/// does, and hands its change to `deliver`. Called with no lock held. Outside a tokio runtime (a
/// component driven by hand in a test) the work is dropped and a warning logged.
pub(crate) fn spawn<C: Component>(
    works: Vec<Work<C>>,
    running: &Running,
    stop: &StopListener,
    shutdown: &StopListener,
    deliver: &Deliver<C>,
) {
    if works.is_empty() {
        return;
    }
    if tokio::runtime::Handle::try_current().is_err() {
        tracing::warn!("async work started outside a tokio runtime: dropped");
        return;
    }
    for work in works {
        let Work {
            field,
            key,
            generation,
            run,
            failed,
        } = work;
        let task = tokio::spawn(run);
        running.replace(key, generation, task.abort_handle());
        let abort = task.abort_handle();
        let mut stop = stop.clone();
        let mut shutdown = shutdown.clone();
        let deliver = deliver.clone();
        running.1.fetch_add(1, Ordering::AcqRel);
        let pending = Pending(running.1.clone());
        tokio::spawn(async move {
            let _pending = pending;
            let apply: Apply<C> = tokio::select! {
                joined = task => match joined {
                    Ok(apply) => apply,
                    Err(error) if error.is_panic() => {
                        let message = panic_message(&*error.into_panic());
                        Box::new(move |component: &mut C| failed(component, message))
                    }
                    // Aborted: superseded, or its session ended.
                    Err(_) => return,
                },
                () = stop.stopped() => { abort.abort(); return; }
                () = shutdown.stopped() => { abort.abort(); return; }
            };
            deliver(field, apply);
        });
    }
}

/// Takes the work `component` started, for [`spawn`] once the locks are released.
pub(crate) fn take<C: Component>(component: &mut C) -> Vec<Work<C>> {
    let mut works = Vec::new();
    component.take_work(&mut works);
    works
}

#[cfg(test)]
mod tests {
    use std::future::pending;

    use super::*;

    #[tokio::test]
    async fn a_newer_run_aborts_the_older_whichever_is_recorded_first() {
        let running = Running::default();
        let older = tokio::spawn(pending::<()>());
        let newer = tokio::spawn(pending::<()>());
        // The newer run's event released its locks first.
        running.replace(vec![1], 2, newer.abort_handle());
        running.replace(vec![1], 1, older.abort_handle());
        assert!(older.await.is_err_and(|error| error.is_cancelled()));
        assert!(!newer.is_finished());

        // Another `Load` (another key) is not touched; ending the session aborts it all.
        let other = tokio::spawn(pending::<()>());
        running.replace(vec![2], 1, other.abort_handle());
        running.abort_all();
        assert!(newer.await.is_err_and(|error| error.is_cancelled()));
        assert!(other.await.is_err_and(|error| error.is_cancelled()));
    }
}
