//! Events: what the browser reports ([`Event`], [`EventKind`], [`EventPayload`]), how markup
//! binds them to handlers ([`Binding`]), and what handling one did ([`Handled`], [`EventError`]).

use std::fmt;

use hjx_syntax::{DOM_EVENTS, HOOK_EVENT, UPLOAD_EVENT};

use crate::model::field_set::FieldSet;
use crate::model::patch::HydrationId;
use crate::model::upload::UploadedFile;

/// The kinds of DOM event a markup element can bind with `on <kind> -> handler`: one variant for
/// each of [`hjx_syntax::DOM_EVENTS`], in its order, which is the wire order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum EventKind {
    /// `click`
    Click = 0,
    /// `input`: carries the element's value.
    Input = 1,
    /// `change`: carries the element's value (or checked state).
    Change = 2,
    /// `submit`: carries the form's fields.
    Submit = 3,
    /// `keydown`: carries the key.
    Keydown = 4,
    /// `focus`
    Focus = 5,
    /// `blur`
    Blur = 6,
    /// `keyup`: carries the key.
    Keyup = 7,
    /// `dblclick`
    Dblclick = 8,
    /// `mouseenter`
    Mouseenter = 9,
    /// `mouseleave`
    Mouseleave = 10,
    /// A hook's event (`on hook.<name>`), sent by the element's hook script: carries the
    /// event's name and a text value.
    Hook = 11,
    /// A file input's files have arrived (`on upload`): the server makes this event once a
    /// file is whole; it carries the file.
    Upload = 12,
}

impl EventKind {
    /// Every event kind, in wire order.
    pub const ALL: [EventKind; DOM_EVENTS.len()] = [
        EventKind::Click,
        EventKind::Input,
        EventKind::Change,
        EventKind::Submit,
        EventKind::Keydown,
        EventKind::Focus,
        EventKind::Blur,
        EventKind::Keyup,
        EventKind::Dblclick,
        EventKind::Mouseenter,
        EventKind::Mouseleave,
    ];

    /// The kind with this wire code, if any.
    pub fn from_code(code: u8) -> Option<EventKind> {
        match EventKind::ALL.get(usize::from(code)) {
            Some(kind) => Some(*kind),
            None if code == HOOK_EVENT.code => Some(EventKind::Hook),
            None => (code == UPLOAD_EVENT.code).then_some(EventKind::Upload),
        }
    }

    /// The wire code of this kind.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The DOM event name (`click`, `input`, …).
    pub const fn name(self) -> &'static str {
        match self {
            EventKind::Hook => HOOK_EVENT.name,
            EventKind::Upload => UPLOAD_EVENT.name,
            _ => DOM_EVENTS[self as usize].name,
        }
    }

    /// The kind with this DOM event name (or `hook`), if any.
    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL
            .into_iter()
            .chain([EventKind::Hook, EventKind::Upload])
            .find(|kind| kind.name() == name)
    }
}

// Each variant's code is its place in `ALL` and in `DOM_EVENTS`; the test below checks the names.
const _: () = {
    let mut i = 0;
    while i < EventKind::ALL.len() {
        assert!(EventKind::ALL[i] as usize == i && DOM_EVENTS[i].code as usize == i);
        i += 1;
    }
};

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The data an event carries from the browser.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum EventPayload {
    /// No data (click, focus, blur).
    #[default]
    None,
    /// The value of the input, textarea or select (input, change).
    Value(String),
    /// The checked state of a checkbox (change).
    Checked(bool),
    /// The key pressed or released (keydown, keyup), as the DOM's `key`.
    Key(String),
    /// The key pressed or released with modifier keys held: the mask has bit 1 for ctrl, 2 for
    /// shift, 4 for alt and 8 for meta (`hjx_syntax::modifiers::MODIFIER_KEYS`).
    KeyHeld {
        /// The DOM's `key`.
        key: String,
        /// The modifier keys held.
        held: u8,
    },
    /// The form's fields in document order (submit).
    Form(Vec<(String, String)>),
    /// Files arrived whole from a file input (upload).
    Files(Vec<UploadedFile>),
    /// A hook's event: its name (`on hook.<name>`) and value.
    Hook {
        /// The event's name.
        name: String,
        /// Its value, as text (a hook sends structured values as JSON).
        value: String,
    },
}

/// A user event addressed to one bound element of a component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The hydration ID of the element the event happened on.
    pub hid: HydrationId,
    /// What happened.
    pub kind: EventKind,
    /// The data the event carries.
    pub payload: EventPayload,
}

/// What handling an event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handled {
    /// The name of the handler that ran, for logs and traces.
    pub handler: &'static str,
    /// The fields the handler wrote.
    pub dirty: FieldSet,
}

/// Why an event was refused. The component's state is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventError {
    /// No element with this hydration ID binds this event kind.
    NotBound {
        /// The hydration ID the client named.
        hid: HydrationId,
        /// The event kind the client named.
        kind: EventKind,
    },
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::NotBound { hid, kind } => write!(
                f,
                "no element with hydration ID {} binds a `{kind}` event",
                hid.0
            ),
        }
    }
}

impl std::error::Error for EventError {}

/// One `on <event> -> handler` binding in a component's markup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The hydration ID of the bound element.
    pub hid: HydrationId,
    /// The event kind bound.
    pub kind: EventKind,
    /// The handler's name.
    pub handler: &'static str,
    /// Every field the binding's actions may write (a handler's `set`s and the methods it
    /// calls, a `bind`'s field): an event that writes no `shared:` field needs no cluster lock.
    pub writes: FieldSet,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_are_the_dom_events_in_order() {
        for (kind, event) in EventKind::ALL.into_iter().zip(DOM_EVENTS) {
            assert_eq!(format!("{kind:?}"), event.variant);
            assert_eq!(kind.name(), event.name);
            assert_eq!(kind.code(), event.code);
            assert_eq!(EventKind::from_name(event.name), Some(kind));
            assert_eq!(EventKind::from_code(event.code), Some(kind));
        }
        assert_eq!(
            EventKind::from_code(DOM_EVENTS.len() as u8),
            Some(EventKind::Hook)
        );
        assert_eq!(EventKind::from_name("hook"), Some(EventKind::Hook));
        assert_eq!(
            EventKind::from_code(DOM_EVENTS.len() as u8 + 1),
            Some(EventKind::Upload)
        );
        assert_eq!(EventKind::from_code(DOM_EVENTS.len() as u8 + 2), None);
    }
}
