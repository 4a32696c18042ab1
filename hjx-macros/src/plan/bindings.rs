//! Planning event bindings: the DOM event or handler an `on` names, the arguments it passes,
//! and what each (element, event kind) runs.

use super::*;
use hjx_syntax::ast;
use hjx_syntax::modifiers::Modifiers;
use hjx_syntax::{DomEvent, check};

impl Planner<'_> {
    /// The DOM event `on <event>.<modifiers>` names, with its modifiers checked; or an error
    /// at the event or the modifier, with the closest name.
    pub(super) fn dom_event(
        &mut self,
        event: &ast::Name,
        modifiers: &[ast::Modifier],
    ) -> Option<(DomEvent, Modifiers)> {
        let dom = self.checked(check::dom_event(event))?;
        let modifiers = self.checked(hjx_syntax::modifiers::check(dom, event, modifiers))?;
        Some((dom, modifiers))
    }

    /// The handler `-> handler` names, or an error with the closest one.
    pub(super) fn handler_index(&mut self, handler: &ast::Name) -> Option<HandlerId> {
        let names: Vec<&str> = self.handler_names.iter().map(String::as_str).collect();
        let found = check::handler(handler, &names);
        self.checked(found).map(HandlerId)
    }

    /// The action of `-> handler(args)`.
    pub(super) fn handler_action(
        &mut self,
        handler: &ast::Name,
        args: Option<&Pos>,
    ) -> Option<Action> {
        let handler_id = self.handler_index(handler)?;
        let args = self.call_args(handler, args)?;
        Some(Action::Handler {
            handler: handler_id,
            args,
        })
    }

    /// The limits of the element `hid` when `events` bind `upload`: `.max_mb(n)`, `.max_files(n)`
    /// and the element's `accept` attribute, which must be plain text (the server enforces it).
    pub(super) fn plan_uploads(
        &mut self,
        hid: u32,
        element: &ast::Element,
        events: &[EventBinding],
    ) {
        let Some(upload) = events.iter().find(|e| e.event.is_upload()) else {
            return;
        };
        self.extras = true;
        if self.item.is_some() {
            self.error(
                &element.tag.pos,
                "a file input with `on upload` cannot stand inside a `for` item yet",
            )
            .help("put the input outside the list; its handler can add the files to the list");
            return;
        }
        let mut accept = String::new();
        for arg in &element.args {
            if let ast::Arg::Attr { name, value } = arg
                && name.text == "accept"
            {
                match value.parts.as_slice() {
                    [] => {}
                    [ast::Part::Text(text)] => accept = text.clone(),
                    _ => {
                        self.error(&name.pos, "the `accept` of an upload input is plain text")
                            .help("the server checks each file against it: write the types, as `accept=\"image/*,.pdf\"`");
                    }
                }
            }
        }
        self.uploads.push(UploadPlan {
            hid,
            max_bytes: u64::from(upload.modifiers.max_mb.unwrap_or(10)) * 1024 * 1024,
            max_files: upload.modifiers.max_files.unwrap_or(10),
            accept,
        });
    }

    /// Records what each (element, event kind) runs; several actions on one kind run in order.
    pub(super) fn add_bindings(&mut self, hid: u32, events: Vec<EventBinding>) {
        for EventBinding {
            event,
            modifiers,
            action,
        } in events
        {
            let filter = modifiers.keys;
            let kind = event.variant;
            let label = match &action {
                Action::Handler { handler, .. } => self.handler_names[handler.index()].clone(),
                Action::Bind(bind) => format!("bind:{}", self.refs[bind.field].name),
            };
            let bindings = match &mut self.item {
                Some(item) => &mut item.bindings,
                None => &mut self.bindings,
            };
            match bindings.iter_mut().find(|b| b.hid == hid && b.kind == kind) {
                Some(binding) => {
                    binding.label = format!("{}+{label}", binding.label);
                    binding.actions.push(action);
                    binding.filters.push(filter);
                }
                None => bindings.push(BindingPlan {
                    hid,
                    kind,
                    label,
                    actions: vec![action],
                    filters: vec![filter],
                    guards: self.guards.clone(),
                }),
            }
        }
    }

    /// The attributes that tell the client what to send: ` data-on="click input"` for the
    /// kinds of `events` (each once), ` data-win="keydown"` for those bound on the window, and
    /// ` data-on-<kind>="…"` for the modifiers of a kind (`debounce:300`, key filters: the
    /// client sends when any binding of the kind would run).
    pub(super) fn data_on(events: &[EventBinding]) -> Option<String> {
        let mut on: Vec<&'static str> = Vec::new();
        let mut win: Vec<&'static str> = Vec::new();
        let mut out = String::new();
        for binding in events {
            let name = binding.event.name;
            if on.contains(&name) || win.contains(&name) {
                continue;
            }
            if binding.modifiers.window {
                win.push(name);
            } else {
                on.push(name);
            }
            let tokens = hjx_syntax::modifiers::data(
                events
                    .iter()
                    .filter(|other| other.event.name == name)
                    .map(|other| &other.modifiers),
            );
            if !tokens.is_empty() {
                out.push_str(&format!(" data-on-{name}=\"{}\"", tokens));
            }
        }
        if !on.is_empty() {
            out.insert_str(0, &format!(" data-on=\"{}\"", on.join(" ")));
        }
        if !win.is_empty() {
            out.push_str(&format!(" data-win=\"{}\"", win.join(" ")));
        }
        (!out.is_empty()).then_some(out)
    }
}

/// A DOM event bound on an element, and what it runs.
pub(super) struct EventBinding {
    pub(super) event: DomEvent,
    /// Its modifiers (`.debounce(300)`, `.enter`, `.window`).
    pub(super) modifiers: Modifiers,
    pub(super) action: Action,
}

impl EventBinding {
    /// A two-way binding: `value` follows `input` events, `checked` follows `change` events.
    pub(super) fn bind(bind: BindAction) -> EventBinding {
        let name = if bind.checked { "change" } else { "input" };
        EventBinding {
            event: DomEvent::named(name).unwrap_or_else(|| unreachable!("`{name}` is a DOM event")),
            modifiers: Modifiers::default(),
            action: Action::Bind(bind),
        }
    }
}
