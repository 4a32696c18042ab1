//! The `dispatch` target: client frames fed to a live session of a real component.
//!
//! The input picks a component ([`Tasks`] below, with a keyed `for` list, item handlers that
//! take the item's values, an `if` in each item, a form, a bound input and a keydown; or the
//! examples' TodoApp with its child components), an outbox size (small ones overflow into
//! RESYNC), then a run of frames: raw bytes, or events aimed at the hydration IDs of the HTML
//! the session shows now (list items included) or at the markup's bindings, with payloads of
//! every type, and the odd PING or repeated HELLO.
//!
//! After each frame: every frame the server sends decodes; a handler never panics (the
//! components' handlers do not, so a panic is the runtime's or the generated code's); a refused
//! frame (an ERROR) leaves the component's HTML as it was and queues no patch; a RESYNC carries
//! the HTML of the state it was sent in.

use hjx_examples::todo::TodoApp;
use hjx_runtime::testing::DetachedSession;
use hjx_runtime::{
    Component, Config, Event, EventKind, EventPayload, HydrationId, LiveComponent, hjx,
};

use super::encode;
use super::input::Choices;
use crate::client::Frame;

/// A row of [`Tasks`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// The list key.
    pub id: u64,
    /// What to do.
    pub title: String,
    /// Whether it is done.
    pub done: bool,
}

hjx! {
    component Tasks

    state:
      tasks: Vec<Task> = Vec::new()
      draft = ""
      next_id: u64 = 1
      last_key = ""
      log: Vec<String> = Vec::new()

    script:
      fn add(&mut self, title: String) {
          if !title.is_empty() {
              self.tasks.push(Task { id: self.next_id, title, done: false });
              self.next_id += 1;
          }
      }

    layout:
      view.tasks:
        form (on submit -> submitted(form)):
          input (name="title" bind value <-> draft on keydown -> key(event.key))
          button (type="submit"): "Add"
        text: "{{tasks.len()}} tasks, last key {{last_key}}"
        ul:
          for (task, i in tasks, key: task.id):
            li (class="{{ if task.done { \"done\" } else { \"\" } }}"):
              text: "{{i}}. {{task.title}}"
              input (type="checkbox" checked="{{task.done}}" on change -> toggle(task.id))
              if (task.done):
                button (on click -> remove(task.id)): "x"
              else:
                input (value="{{task.title}}" on change -> rename(task.id, event.value))
        button (on click -> clear): "Clear"
        ol:
          for (line in log.iter()):
            li: "{{line}}"

    handlers:
      submitted(fields: Vec<(String, String)>):
        call self.add(fields.into_iter().map(|(_, v)| v).collect::<Vec<_>>().join(" "))
        set draft = String::new()
      key(pressed: String):
        set last_key = pressed.clone()
        set log = [log.clone(), vec![pressed]].concat()
      toggle(id: u64):
        set tasks = tasks.iter().map(|t| Task { done: t.done != (t.id == id), ..t.clone() }).collect()
      rename(id: u64, title: String):
        set tasks = tasks.iter().map(|t| if t.id == id { Task { title: title.clone(), ..t.clone() } } else { t.clone() }).collect()
      remove(id: u64):
        set tasks = tasks.iter().filter(|t| t.id != id).cloned().collect()
      clear:
        set tasks = Vec::new()
        set log = Vec::new()
}

/// The most frames one input sends: enough to build up a list and act on its items.
const MAX_FRAMES: usize = 48;

/// What one run did, so that a test can tell the runs reach past the decoder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Frames sent.
    pub frames: usize,
    /// Frames answered with no error (an event handled, or a PING).
    pub accepted: usize,
    /// Frames answered with patches (or a RESYNC), at once or queued.
    pub patched: usize,
    /// Frames refused as malformed (error code 1).
    pub malformed: usize,
    /// Events refused as not bound by the markup (error code 6).
    pub not_bound: usize,
}

impl Tally {
    /// Adds another run's counts.
    pub fn add(&mut self, other: Tally) {
        self.frames += other.frames;
        self.accepted += other.accepted;
        self.patched += other.patched;
        self.malformed += other.malformed;
        self.not_bound += other.not_bound;
    }
}

/// Runs one session through the frames `data` describes, checking every answer.
pub fn dispatch(data: &[u8]) -> Tally {
    let mut input = Choices::new(data);
    match input.byte() % 2 {
        0 => run::<Tasks>(&mut input),
        _ => run::<TodoApp>(&mut input),
    }
}

fn run<C: LiveComponent>(input: &mut Choices<'_>) -> Tally {
    let mut tally = Tally::default();
    let capacity = 1 + usize::from(input.byte() % 8);
    let config = Config::default()
        .rate_limit(1e9, 1 << 30)
        .outbox_capacity(capacity);
    let (mut session, page) = DetachedSession::<C>::new(config);
    let mut html = page;
    for _ in 0..MAX_FRAMES {
        if input.is_empty() {
            break;
        }
        let bytes = next_frame::<C>(input, &html);
        let reply = session.frame(&bytes);
        let sent = session.outgoing();
        let now = session.html();
        let mut refused = false;
        let mut patched = false;
        for frame in reply.frames.iter().chain(&sent) {
            // `Frame::decode` panics on a frame the server must never send.
            match Frame::decode(frame) {
                Frame::Error { code, message } => {
                    assert_ne!(code, 10, "a handler panicked on {bytes:x?}: {message}");
                    tally.malformed += usize::from(code == 1);
                    tally.not_bound += usize::from(code == 6);
                    refused = true;
                }
                Frame::Resync { html: resent, .. } => {
                    patched = true;
                    assert_eq!(
                        resent, now,
                        "a RESYNC after {bytes:x?} is not the current HTML"
                    );
                }
                Frame::Patches { .. } => patched = true,
                _ => {}
            }
        }
        tally.frames += 1;
        tally.accepted += usize::from(!refused);
        tally.patched += usize::from(patched);
        if refused {
            assert!(
                sent.is_empty() && !patched,
                "a refused frame {bytes:x?} patched: {sent:x?}"
            );
            assert_eq!(now, html, "a refused frame {bytes:x?} changed the HTML");
        }
        if reply.closes {
            break;
        }
        html = now;
    }
    tally
}

/// The next frame to send, as the input chooses.
fn next_frame<C: Component>(input: &mut Choices<'_>, html: &str) -> Vec<u8> {
    match input.byte() % 16 {
        0 => input.bytes(64).to_vec(),
        1 => vec![0x91, 0x02],
        2 => encode::client_frame(&hjx_runtime::protocol::client::ClientFrame::Hello {
            version: 1,
            token: String::new(),
            last_seq: 0,
        }),
        3 => {
            // An event frame with a field or two of the wrong type or count.
            let mut bytes = encode::event_frame(&event::<C>(input, html), true);
            let at = usize::from(input.byte()) % bytes.len();
            bytes[at] = input.byte();
            bytes.truncate(bytes.len() - usize::from(input.byte() % 2));
            bytes
        }
        _ => {
            let event = event::<C>(input, html);
            let with_payload = !matches!(event.payload, EventPayload::None) || input.byte() < 32;
            encode::event_frame(&event, with_payload)
        }
    }
}

/// An event aimed at an element on the page, at a binding of the markup, or anywhere.
fn event<C: Component>(input: &mut Choices<'_>, html: &str) -> Event {
    let hids = hydration_ids(html);
    let bindings = C::META.bindings;
    let (hid, kind) = match input.byte() % 8 {
        0 => (HydrationId(input.u32()), kind(input)),
        1..=2 => match input.pick(bindings) {
            Some(binding) => (binding.hid, binding.kind),
            None => (HydrationId(0), kind(input)),
        },
        _ => (
            HydrationId(input.pick(&hids).copied().unwrap_or(0)),
            kind(input),
        ),
    };
    let payload = payload(input, kind);
    Event { hid, kind, payload }
}

fn kind(input: &mut Choices<'_>) -> EventKind {
    if input.byte() == 255 {
        return EventKind::Hook;
    }
    *input.pick(&EventKind::ALL).unwrap_or(&EventKind::Click)
}

/// A payload, mostly of the type the event kind carries.
fn payload(input: &mut Choices<'_>, kind: EventKind) -> EventPayload {
    let natural = match kind {
        EventKind::Input | EventKind::Change => 1,
        EventKind::Keydown | EventKind::Keyup => 3,
        EventKind::Submit => 4,
        EventKind::Hook => 6,
        // Only the server makes upload events: the client cannot send one.
        EventKind::Upload => 0,
        EventKind::Click
        | EventKind::Focus
        | EventKind::Blur
        | EventKind::Dblclick
        | EventKind::Mouseenter
        | EventKind::Mouseleave => 0,
    };
    let choice = if input.byte() < 192 {
        natural
    } else {
        input.byte() % 7
    };
    match choice {
        0 => EventPayload::None,
        1 => EventPayload::Value(text(input)),
        2 => EventPayload::Checked(input.byte() < 128),
        3 => EventPayload::Key(text(input)),
        5 => EventPayload::KeyHeld {
            key: text(input),
            held: input.byte() % 16,
        },
        6 => EventPayload::Hook {
            name: text(input),
            value: text(input),
        },
        _ => {
            let count = input.byte() % 4;
            EventPayload::Form((0..count).map(|_| (text(input), text(input))).collect())
        }
    }
}

/// A short text: a word the components react to, or input bytes.
fn text(input: &mut Choices<'_>) -> String {
    const WORDS: [&str; 6] = ["", "Enter", "Escape", "buy milk", "<b>&\"'", "all"];
    match input.byte() % 4 {
        0..=1 => (*input.pick(&WORDS).unwrap_or(&"")).to_owned(),
        _ => String::from_utf8_lossy(input.bytes(24)).into_owned(),
    }
}

/// The hydration IDs in `html`, in document order.
fn hydration_ids(html: &str) -> Vec<u32> {
    html.split("data-hid=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}
