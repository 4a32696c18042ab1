//! Planning event bindings: the DOM event or handler an `on` names, the arguments it passes,
//! and what each (element, event kind) runs.

use super::*;
use hjx_syntax::ast;
use hjx_syntax::{DomEvent, check};

impl Planner<'_> {
    /// The DOM event `on <event>` names, or an error with the closest one.
    pub(super) fn dom_event(&mut self, event: &ast::Name) -> Option<DomEvent> {
        self.checked(check::dom_event(event))
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

    /// Records what each (element, event kind) runs; several actions on one kind run in order.
    pub(super) fn add_bindings(&mut self, hid: u32, events: Vec<EventBinding>) {
        for EventBinding { event, action } in events {
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
                }
                None => bindings.push(BindingPlan {
                    hid,
                    kind,
                    label,
                    actions: vec![action],
                    guards: self.guards.clone(),
                }),
            }
        }
    }

    /// ` data-on="click input"` for the kinds of `events`, each once.
    pub(super) fn data_on(events: &[EventBinding]) -> Option<String> {
        let mut kinds: Vec<&'static str> = Vec::new();
        for binding in events {
            if !kinds.contains(&binding.event.name) {
                kinds.push(binding.event.name);
            }
        }
        (!kinds.is_empty()).then(|| format!(" data-on=\"{}\"", kinds.join(" ")))
    }
}

/// A DOM event bound on an element, and what it runs.
pub(super) struct EventBinding {
    pub(super) event: DomEvent,
    pub(super) action: Action,
}

impl EventBinding {
    /// A two-way binding: `value` follows `input` events, `checked` follows `change` events.
    pub(super) fn bind(bind: BindAction) -> EventBinding {
        let name = if bind.checked { "change" } else { "input" };
        EventBinding {
            event: DomEvent::named(name).unwrap_or_else(|| unreachable!("`{name}` is a DOM event")),
            action: Action::Bind(bind),
        }
    }
}
