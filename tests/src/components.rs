//! Hand-written components, shaped like the macro's output.
//!
//! - [`Counter`]: per-session `count`, a `+` button, and a `boom` button whose handler panics.
//! - [`Board`]: a shared counter with a per-session click count (a spot mixing both), a shared
//!   text set from an input, and shared ticks that `init_shared` advances on a timer. Its `init`
//!   and `init_shared` register store listeners and broadcast an event.

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use hjx_runtime::{
    Binding, Component, ComponentMeta, Event, EventError, EventKind, EventPayload, FieldSet,
    Handled, Html, HydrationId, LiveComponent, Mountable, PatchOp, PatchScope, SharedStore, Store,
    Tracked,
};

/// Whether a spot reading `reads` is patched for `dirty` in `scope`.
fn wants(reads: FieldSet, dirty: FieldSet, scope: PatchScope, shared: FieldSet) -> bool {
    reads.intersects(dirty)
        && match scope {
            PatchScope::All => true,
            PatchScope::SharedOnly => reads.is_subset(shared),
            PatchScope::SessionOnly => !reads.is_subset(shared),
        }
}

fn set_text(out: &mut Vec<PatchOp>, hid: u32, text: String) {
    out.push(PatchOp::SetText {
        hid: HydrationId(hid),
        text,
    });
}

/// A counter written by hand against the runtime's traits, plus a handler that panics.
#[derive(Debug, Default)]
pub struct Counter {
    /// The count.
    pub count: i64,
    dirty: FieldSet,
}

impl Counter {
    const COUNT: FieldSet = FieldSet::bit(0);

    /// Tracked setter.
    pub fn set_count(&mut self, value: i64) {
        self.count = value;
        self.dirty.insert(Self::COUNT);
    }
}

impl Tracked for Counter {
    fn take_dirty(&mut self) -> FieldSet {
        std::mem::take(&mut self.dirty)
    }
}

static COUNTER_META: ComponentMeta = ComponentMeta {
    name: "Counter",
    scope: "Counter-00000000",
    style: "",
    fields: &["count"],
    shared: FieldSet::EMPTY,
    bindings: &[
        Binding {
            hid: HydrationId(2),
            kind: EventKind::Click,
            handler: "increment",
            writes: Counter::COUNT,
        },
        Binding {
            hid: HydrationId(3),
            kind: EventKind::Click,
            handler: "boom",
            writes: FieldSet::EMPTY,
        },
    ],
    children: &[],
    extras: false,
};

/// The sessions whose `init` task is running: each [`Counter`] session's `init` spawns a task
/// that stays in this set until the runtime stops it.
pub static RUNNING_TASKS: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// Whether the `init` task of session `sid` is running.
pub fn task_running(sid: &str) -> bool {
    RUNNING_TASKS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .is_some_and(|running| running.contains(sid))
}

/// Keeps a session ID in [`RUNNING_TASKS`] for as long as it lives.
struct RunningTask(String);

impl RunningTask {
    fn new(sid: String) -> RunningTask {
        RUNNING_TASKS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert_with(HashSet::new)
            .insert(sid.clone());
        RunningTask(sid)
    }
}

impl Drop for RunningTask {
    fn drop(&mut self) {
        if let Some(running) = RUNNING_TASKS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            running.remove(&self.0);
        }
    }
}

/// Mountable on any app, with no mount hook.
impl<S> Mountable<S> for Counter {}

impl LiveComponent for Counter {
    fn start_session(store: Store<Self>) {
        let Some(sid) = store.session_id() else {
            return;
        };
        let running = RunningTask::new(sid.to_string());
        store.spawn(async move {
            let _running = running;
            std::future::pending::<()>().await;
        });
    }
}

impl Component for Counter {
    type Shared = ();
    const META: &'static ComponentMeta = &COUNTER_META;

    fn render(&self, _: &(), html: &mut Html) {
        html.raw("<div class=\"counter\"><p data-hid=\"1\">Count: ");
        html.text(&self.count);
        html.raw("</p><button data-hid=\"2\" data-on=\"click\">+</button>");
        html.raw("<button data-hid=\"3\" data-on=\"click\">boom</button></div>");
    }

    fn handle(&mut self, _: &mut (), event: &Event) -> Result<Handled, EventError> {
        match (event.hid.0, event.kind) {
            (2, EventKind::Click) => {
                self.count += 1;
                Ok(Handled {
                    handler: "increment",
                    dirty: Self::COUNT,
                })
            }
            (3, EventKind::Click) => panic!("boom: the test handler panics"),
            _ => Err(EventError::NotBound {
                hid: event.hid,
                kind: event.kind,
            }),
        }
    }

    fn patch(&self, _: &(), dirty: FieldSet, scope: PatchScope, out: &mut Vec<PatchOp>) {
        if wants(Self::COUNT, dirty, scope, FieldSet::EMPTY) {
            set_text(out, 1, format!("Count: {}", self.count));
        }
    }
}

/// A shared counter board: `count`, `text` and `ticks` are shared; `clicks` is per session.
#[derive(Debug, Default)]
pub struct Board {
    /// How many times this session clicked.
    pub clicks: i64,
    dirty: FieldSet,
}

/// The shared half of [`Board`].
#[derive(Debug, Default)]
pub struct BoardShared {
    /// Clicks from every session.
    pub count: i64,
    /// The last text typed by anyone.
    pub text: String,
    /// Timer ticks since start.
    pub ticks: u64,
    dirty: FieldSet,
}

impl Board {
    const CLICKS: FieldSet = FieldSet::bit(0);
    const COUNT: FieldSet = FieldSet::bit(1);
    const TEXT: FieldSet = FieldSet::bit(2);
    const TICKS: FieldSet = FieldSet::bit(3);
    const SHARED: FieldSet = FieldSet(0b1110);
    /// How often `init_shared` ticks.
    pub const TICK: Duration = Duration::from_millis(25);

    /// Tracked setter.
    pub fn set_clicks(&mut self, value: i64) {
        self.clicks = value;
        self.dirty.insert(Self::CLICKS);
    }

    fn init(store: Store<Self>) {
        // A per-session listener: every `increment` of this session counts twice in `clicks`.
        store.on("increment", |board, _event| {
            board.set_clicks(board.clicks + 1)
        });
    }

    fn init_shared(store: SharedStore<Self>) {
        let ticker = store.clone();
        store.spawn(async move {
            let mut interval = tokio::time::interval(Board::TICK);
            loop {
                interval.tick().await;
                ticker.set(|shared| shared.set_ticks(shared.ticks + 1));
            }
        });
        let announcer = store.clone();
        store.on("set_text", move |shared, _event| {
            announcer.broadcast("text-changed", &shared.text);
        });
    }
}

impl BoardShared {
    /// Tracked setter.
    pub fn set_ticks(&mut self, value: u64) {
        self.ticks = value;
        self.dirty.insert(Board::TICKS);
    }
}

impl Tracked for Board {
    fn take_dirty(&mut self) -> FieldSet {
        std::mem::take(&mut self.dirty)
    }
}

impl Tracked for BoardShared {
    fn take_dirty(&mut self) -> FieldSet {
        std::mem::take(&mut self.dirty)
    }
}

static BOARD_META: ComponentMeta = ComponentMeta {
    name: "Board",
    scope: "Board-00000000",
    style: "",
    fields: &["clicks", "count", "text", "ticks"],
    shared: Board::SHARED,
    bindings: &[
        Binding {
            hid: HydrationId(2),
            kind: EventKind::Click,
            handler: "increment",
            writes: Board::COUNT.union(Board::CLICKS),
        },
        Binding {
            hid: HydrationId(4),
            kind: EventKind::Input,
            handler: "set_text",
            writes: Board::TEXT,
        },
    ],
    children: &[],
    extras: false,
};

impl Component for Board {
    type Shared = BoardShared;
    const META: &'static ComponentMeta = &BOARD_META;

    fn render(&self, shared: &BoardShared, html: &mut Html) {
        html.raw("<div class=\"board\"><p data-hid=\"1\">Count: ");
        html.text(&shared.count);
        html.raw("</p><button data-hid=\"2\" data-on=\"click\">+</button><p data-hid=\"3\">You: ");
        html.text(&self.clicks);
        html.raw(" of ");
        html.text(&shared.count);
        html.raw("</p><input data-hid=\"4\" data-on=\"input\" value=\"");
        html.attr_value(&shared.text);
        html.raw("\"><p data-hid=\"5\">");
        html.text(&shared.text);
        html.raw("</p><p data-hid=\"6\">Ticks: ");
        html.text(&shared.ticks);
        html.raw("</p></div>");
    }

    fn handle(&mut self, shared: &mut BoardShared, event: &Event) -> Result<Handled, EventError> {
        match (event.hid.0, event.kind, &event.payload) {
            (2, EventKind::Click, _) => {
                shared.count += 1;
                self.clicks += 1;
                Ok(Handled {
                    handler: "increment",
                    dirty: Self::COUNT.union(Self::CLICKS),
                })
            }
            (4, EventKind::Input, EventPayload::Value(value)) => {
                shared.text.clone_from(value);
                Ok(Handled {
                    handler: "set_text",
                    dirty: Self::TEXT,
                })
            }
            _ => Err(EventError::NotBound {
                hid: event.hid,
                kind: event.kind,
            }),
        }
    }

    fn patch(
        &self,
        shared: &BoardShared,
        dirty: FieldSet,
        scope: PatchScope,
        out: &mut Vec<PatchOp>,
    ) {
        if wants(Self::COUNT, dirty, scope, Self::SHARED) {
            set_text(out, 1, format!("Count: {}", shared.count));
        }
        if wants(Self::CLICKS.union(Self::COUNT), dirty, scope, Self::SHARED) {
            set_text(out, 3, format!("You: {} of {}", self.clicks, shared.count));
        }
        if wants(Self::TEXT, dirty, scope, Self::SHARED) {
            out.push(PatchOp::SetAttr {
                hid: HydrationId(4),
                name: "value",
                value: shared.text.clone(),
            });
            set_text(out, 5, shared.text.clone());
        }
        if wants(Self::TICKS, dirty, scope, Self::SHARED) {
            set_text(out, 6, format!("Ticks: {}", shared.ticks));
        }
    }
}

/// Mountable on any app, with no mount hook.
impl<S> Mountable<S> for Board {}

impl LiveComponent for Board {
    fn start_session(store: Store<Self>) {
        Board::init(store);
    }

    fn start_shared(store: SharedStore<Self>) {
        Board::init_shared(store);
    }
}
