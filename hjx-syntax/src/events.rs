//! The DOM events the markup can bind: one list, which the macro, the runtime's `EventKind`
//! and the browser client all follow.

/// A DOM event the markup can bind with `on <name> -> handler`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DomEvent {
    /// The event's DOM name, as the markup writes it: `click`.
    pub name: &'static str,
    /// The name of its variant in the runtime's `EventKind`: `Click`.
    pub variant: &'static str,
    /// Its number on the wire: its index in [`DOM_EVENTS`].
    pub code: u8,
}

/// Every DOM event the markup can bind, in wire order (`DOM_EVENTS[i].code == i`).
pub const DOM_EVENTS: [DomEvent; 11] = [
    event("click", "Click", 0),
    event("input", "Input", 1),
    event("change", "Change", 2),
    event("submit", "Submit", 3),
    event("keydown", "Keydown", 4),
    event("focus", "Focus", 5),
    event("blur", "Blur", 6),
    event("keyup", "Keyup", 7),
    event("dblclick", "Dblclick", 8),
    event("mouseenter", "Mouseenter", 9),
    event("mouseleave", "Mouseleave", 10),
];

/// The event a hook's script sends from its element (`on hook.<name> -> handler(event.value)`):
/// not a DOM event, so the browser client's DOM listeners leave it alone; the client's hook
/// layer sends it, numbered after the DOM events.
pub const HOOK_EVENT: DomEvent = event("hook", "Hook", 11);

/// The event of a file input whose files have arrived (`on upload -> saved(event.files)`): not a
/// DOM event; the client's upload layer sends the files in chunks over the socket, and the
/// server runs the binding with each file once it is whole.
pub const UPLOAD_EVENT: DomEvent = event("upload", "Upload", 12);

const fn event(name: &'static str, variant: &'static str, code: u8) -> DomEvent {
    DomEvent {
        name,
        variant,
        code,
    }
}

impl DomEvent {
    /// The DOM event the markup calls `name`, if it is one the markup can bind.
    pub fn named(name: &str) -> Option<DomEvent> {
        DOM_EVENTS
            .iter()
            .copied()
            .chain([HOOK_EVENT, UPLOAD_EVENT])
            .find(|event| event.name == name)
    }

    /// Whether it is a file input's `upload`.
    pub fn is_upload(self) -> bool {
        self == UPLOAD_EVENT
    }

    /// Whether it is a hook's event (`on hook.<name>`).
    pub fn is_hook(self) -> bool {
        self == HOOK_EVENT
    }

    /// Whether it is a key event, which key filters (`.enter`, `.ctrl`) and `.window` apply to.
    pub fn is_key(self) -> bool {
        matches!(self.name, "keydown" | "keyup")
    }

    /// The DOM event numbered `code` on the wire.
    pub fn from_code(code: u8) -> Option<DomEvent> {
        DOM_EVENTS
            .get(usize::from(code))
            .copied()
            .or([HOOK_EVENT, UPLOAD_EVENT]
                .into_iter()
                .find(|event| event.code == code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_index_and_names_are_unique() {
        for (i, event) in DOM_EVENTS.iter().enumerate() {
            assert_eq!(usize::from(event.code), i);
            assert_eq!(DomEvent::named(event.name), Some(*event));
            assert_eq!(DomEvent::from_code(event.code), Some(*event));
            assert!(event.variant.eq_ignore_ascii_case(event.name));
        }
        assert_eq!(DomEvent::named("hover"), None);
        assert_eq!(DomEvent::named("hook"), Some(HOOK_EVENT));
        assert_eq!(DomEvent::from_code(11), Some(HOOK_EVENT));
        assert_eq!(usize::from(HOOK_EVENT.code), DOM_EVENTS.len());
        assert_eq!(DomEvent::from_code(12), Some(UPLOAD_EVENT));
        assert_eq!(DomEvent::named("upload"), Some(UPLOAD_EVENT));
        assert_eq!(DomEvent::from_code(13), None);
    }
}
