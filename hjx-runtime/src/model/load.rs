//! [`Load`]: a state field that holds the result of asynchronous work, and the [`Work`] a
//! component hands to the live layer to run it.
//!
//! A handler (or a `script:` method it calls) starts work with [`Load::start`]: the field turns
//! loading at once (so the spots that read it are patched with the handler's other changes) and
//! keeps the future as pending. After the handler returns, the live layer takes every pending
//! future (through [`Component::take_work`](crate::Component::take_work), which `hjx!` implements
//! for the fields typed `Load<…>`), runs it on a task of its own with no lock held, and applies
//! its result as one more change of the session. Each start bumps the field's generation, and a
//! result applies only while its generation is the latest: a newer start supersedes an older run.
//!
//! This module is plain data: the future is a boxed `std` future; spawning it is the live
//! layer's concern.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};

use crate::model::field_set::FieldSet;

/// A boxed future, as the live layer runs it.
pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A change to apply to a component once its work finished.
pub(crate) type Apply<C> = Box<dyn FnOnce(&mut C) + Send + 'static>;

/// How a run's panic (its message) is applied to the component.
pub(crate) type Fail<C> = Box<dyn FnOnce(&mut C, String) + Send + 'static>;

/// A started run not yet taken: its generation and its future.
type Pending<T, E> = Option<(u64, BoxFuture<Result<T, E>>)>;

/// The state of asynchronous work held in a state field: idle (never started), loading, ready
/// with a value, or failed with an error.
///
/// ```text
/// state:
///   results: Load<Vec<String>> = Load::idle()
/// script:
///   fn search(&mut self, q: String) {
///       let db = self.db.clone();
///       self.results.start(async move { db.search(&q).await.map_err(|e| e.to_string()) });
///   }
/// layout:
///   if (results.is_loading()):
///     text: "Searching…"
///   else if (results.is_failed()):
///     text.error: "{{results.error().unwrap()}}"
///   for (hit in results.value().into_iter().flatten()):
///     text: "{{hit}}"
/// ```
///
/// The error type `E` (by default `String`) must be buildable `From<String>`: a panic in the work
/// becomes `Failed` with the panic's message.
pub struct Load<T, E = String> {
    state: LoadState<T, E>,
    /// The value of the last ready run, kept while a newer run loads, for [`Load::latest`].
    previous: Option<T>,
    generation: u64,
    /// The run started and not yet taken. Only ever reached through `&mut self` (`get_mut`, no
    /// locking): the mutex is there so that a `Load` is `Sync` like any other field.
    pending: Mutex<Pending<T, E>>,
}

/// Where a [`Load`] stands, as [`Load::state`] shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadState<T, E = String> {
    /// No work has been started.
    Idle,
    /// Work is running; no result yet.
    Loading,
    /// The latest work finished with a value.
    Ready(T),
    /// The latest work failed (or panicked) with this error.
    Failed(E),
}

impl<T, E> Load<T, E> {
    /// A field with no work started.
    pub fn idle() -> Load<T, E> {
        Load {
            state: LoadState::Idle,
            previous: None,
            generation: 0,
            pending: Mutex::new(None),
        }
    }

    /// A field already ready with `value` (as a mount hook might fill it).
    pub fn ready(value: T) -> Load<T, E> {
        Load {
            state: LoadState::Ready(value),
            previous: None,
            generation: 0,
            pending: Mutex::new(None),
        }
    }

    /// A field already failed with `error` (as a mount hook whose query failed might fill it).
    pub fn failed(error: E) -> Load<T, E> {
        Load {
            state: LoadState::Failed(error),
            previous: None,
            generation: 0,
            pending: Mutex::new(None),
        }
    }

    /// Starts `work`: the field turns loading now, and the work runs once the handler that
    /// started it has returned, on a task of its own, with no lock held. Its result replaces the
    /// field's state when it finishes, unless the field was started again in the meantime: the
    /// newer start supersedes the older run, which is cancelled. The work is cancelled when the
    /// session ends; an `Err` or a panic becomes [`LoadState::Failed`].
    ///
    /// The future must be `Send + 'static`: move owned data into it (a pool's clone, the query
    /// as a `String`), never a reference to the component. Blocking code inside it belongs in
    /// `tokio::task::spawn_blocking`.
    pub fn start<F>(&mut self, work: F)
    where
        F: Future<Output = Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: From<String> + Send + 'static,
    {
        self.generation += 1;
        if let LoadState::Ready(value) = std::mem::replace(&mut self.state, LoadState::Loading) {
            self.previous = Some(value);
        }
        *self.pending_mut() = Some((self.generation, Box::pin(work)));
    }

    /// Back to idle, dropping any pending work; a running one's result is ignored.
    pub fn reset(&mut self) {
        self.generation += 1;
        self.state = LoadState::Idle;
        self.previous = None;
        *self.pending_mut() = None;
    }

    fn pending_mut(&mut self) -> &mut Pending<T, E> {
        self.pending
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Where the field stands.
    pub fn state(&self) -> &LoadState<T, E> {
        &self.state
    }

    /// Whether no work was started (or the field was reset).
    pub fn is_idle(&self) -> bool {
        matches!(self.state, LoadState::Idle)
    }

    /// Whether work is running.
    pub fn is_loading(&self) -> bool {
        matches!(self.state, LoadState::Loading)
    }

    /// Whether the latest work finished with a value.
    pub fn is_ready(&self) -> bool {
        matches!(self.state, LoadState::Ready(_))
    }

    /// Whether the latest work failed.
    pub fn is_failed(&self) -> bool {
        matches!(self.state, LoadState::Failed(_))
    }

    /// The value, once ready.
    pub fn value(&self) -> Option<&T> {
        match &self.state {
            LoadState::Ready(value) => Some(value),
            _ => None,
        }
    }

    /// The value to show: the value once ready, and while a newer run loads, the value of the
    /// run before it; `None` when idle, failed, or loading for the first time. A list of search
    /// results drawn from `latest()` stays on screen while the next query runs, instead of
    /// emptying at every keystroke.
    pub fn latest(&self) -> Option<&T> {
        match &self.state {
            LoadState::Ready(value) => Some(value),
            LoadState::Loading => self.previous.as_ref(),
            LoadState::Idle | LoadState::Failed(_) => None,
        }
    }

    /// The error, once failed.
    pub fn error(&self) -> Option<&E> {
        match &self.state {
            LoadState::Failed(error) => Some(error),
            _ => None,
        }
    }

    /// Applies the result of the run numbered `generation`; ignored (returning `false`) when a
    /// newer start or a reset superseded it.
    pub(crate) fn finish(&mut self, generation: u64, result: Result<T, E>) -> bool {
        if generation != self.generation {
            return false;
        }
        self.previous = None;
        self.state = match result {
            Ok(value) => LoadState::Ready(value),
            Err(error) => LoadState::Failed(error),
        };
        true
    }
}

/// A `Load` as a snapshot keeps it: settled. Work in flight does not survive a restart, so a
/// loading field is saved as the value it showed before (ready, or idle).
#[derive(serde::Serialize)]
enum SavedRef<'a, T, E> {
    Idle,
    Ready(&'a T),
    Failed(&'a E),
}

/// A `Load` read back from a snapshot.
#[derive(serde::Deserialize)]
enum SavedOwned<T, E> {
    Idle,
    Ready(T),
    Failed(E),
}

impl<T: serde::Serialize, E: serde::Serialize> serde::Serialize for Load<T, E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let saved = match (&self.state, &self.previous) {
            (LoadState::Ready(value), _) | (LoadState::Loading, Some(value)) => {
                SavedRef::Ready(value)
            }
            (LoadState::Failed(error), _) => SavedRef::Failed(error),
            (LoadState::Idle | LoadState::Loading, _) => SavedRef::Idle,
        };
        saved.serialize(serializer)
    }
}

impl<'de, T: serde::Deserialize<'de>, E: serde::Deserialize<'de>> serde::Deserialize<'de>
    for Load<T, E>
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match SavedOwned::deserialize(deserializer)? {
            SavedOwned::Idle => Load::idle(),
            SavedOwned::Ready(value) => Load::ready(value),
            SavedOwned::Failed(error) => Load::failed(error),
        })
    }
}

impl<T, E> Default for Load<T, E> {
    fn default() -> Self {
        Load::idle()
    }
}

impl<T: fmt::Debug, E: fmt::Debug> fmt::Debug for Load<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Load")
            .field("state", &self.state)
            .field("generation", &self.generation)
            .field("pending", &self.pending.lock().is_ok_and(|p| p.is_some()))
            .finish()
    }
}

/// Shows the state in one word, or the value or error: `{{results}}` prints `loading`, the
/// value, or the error.
impl<T: fmt::Display, E: fmt::Display> fmt::Display for Load<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.state {
            LoadState::Idle => Ok(()),
            LoadState::Loading => f.write_str("loading"),
            LoadState::Ready(value) => value.fmt(f),
            LoadState::Failed(error) => error.fmt(f),
        }
    }
}

/// Work a handler started on a field of `C`, taken from it to run: its future, and how its
/// result (or its panic) is applied to the field.
pub struct Work<C> {
    /// The field whose spots its result patches: the `Load` field, or the field of the child
    /// instance that holds it.
    pub(crate) field: FieldSet,
    /// Which `Load` it runs for, outermost first (the instance's field, then the child's): a
    /// newer run with the same key supersedes this one.
    pub(crate) key: Vec<u128>,
    /// The run's generation in its `Load`: of two runs with one key, the higher is the newer.
    pub(crate) generation: u64,
    pub(crate) run: BoxFuture<Apply<C>>,
    pub(crate) failed: Fail<C>,
}

impl<C> fmt::Debug for Work<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Work").field("field", &self.field).finish()
    }
}

impl<C: 'static> Work<C> {
    /// Takes the pending work of `load`, the field `field` of `C` that `at` reaches, into `out`.
    /// Generated code calls it for every `Load` field.
    pub fn collect<T, E>(
        load: &mut Load<T, E>,
        field: FieldSet,
        at: fn(&mut C) -> &mut Load<T, E>,
        out: &mut Vec<Work<C>>,
    ) where
        T: Send + 'static,
        E: From<String> + Send + 'static,
    {
        let Some((generation, future)) = load.pending_mut().take() else {
            return;
        };
        let run: BoxFuture<Apply<C>> = Box::pin(async move {
            let result = future.await;
            let apply: Apply<C> = Box::new(move |component: &mut C| {
                at(component).finish(generation, result);
            });
            apply
        });
        let failed: Fail<C> = Box::new(move |component: &mut C, message: String| {
            at(component).finish(generation, Err(E::from(message)));
        });
        out.push(Work {
            field,
            key: vec![field.0],
            generation,
            run,
            failed,
        });
    }
}

#[cfg(test)]
mod tests;
