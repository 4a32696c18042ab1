//! The checks on names that need no Rust types: events, handlers, fields named by `set` and
//! `bind`, duplicate fields, handlers and slots, and the props, events and slots of imported
//! components.
//!
//! Each check is a function the macro calls where it meets the name (so its errors come in
//! the order of the markup's planning); [`check`] runs them all over a whole component, for
//! tools that have no compiler at hand.

use crate::ast::{Arg, Component, Content, Name, Node, Pos, Statement};
use crate::diag::{Diagnostic, Diagnostics, closest, unknown_help};
use crate::events::{DOM_EVENTS, DomEvent};

/// What a component's markup tells the components that import it: its props (the fields of
/// its `state:`), the slots of its layout (`""` for the default one) and the events its
/// handlers emit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interface {
    /// The fields of its `state:`, which a parent sets as attributes.
    pub props: Vec<String>,
    /// Its slots, in layout order; `""` is the default slot.
    pub slots: Vec<String>,
    /// The events its handlers emit, in order, possibly repeated.
    pub emits: Vec<String>,
}

impl Interface {
    /// What `component` declares.
    pub fn of(component: &Component) -> Interface {
        fn walk(nodes: &[Node], slots: &mut Vec<String>) {
            for node in nodes {
                match node {
                    Node::Slot(slot) => {
                        slots.push(slot.name.as_ref().map_or(String::new(), |n| n.text.clone()));
                    }
                    Node::Element(element) => {
                        if let Content::Children(children) = &element.content {
                            walk(children, slots);
                        }
                    }
                    Node::If(if_node) => {
                        for branch in &if_node.branches {
                            walk(&branch.nodes, slots);
                        }
                    }
                    Node::For(for_node) => walk(&for_node.nodes, slots),
                }
            }
        }
        let mut slots = Vec::new();
        if let Some(layout) = &component.layout {
            walk(&layout.nodes, &mut slots);
        }
        Interface {
            props: component
                .state
                .iter()
                .map(|f| f.name.text.clone())
                .collect(),
            slots,
            emits: component
                .handlers
                .iter()
                .flat_map(|h| &h.statements)
                .filter_map(|s| match s {
                    Statement::Emit { name, .. } => Some(name.text.clone()),
                    _ => None,
                })
                .collect(),
        }
    }

    /// An error unless the component has the prop `name`; `alias` is the parent's name for it.
    pub fn check_prop(&self, alias: &str, name: &Name) -> Result<(), Diagnostic> {
        if self.props.contains(&name.text) {
            return Ok(());
        }
        let mut error = Diagnostic::new(
            name.pos.clone(),
            format!("`{alias}` has no prop `{}`", name.text),
        );
        error.help(unknown_help(
            &name.text,
            &self.props.iter().map(String::as_str).collect::<Vec<_>>(),
            "its props: ",
            "a component's props are the fields of its `state:`",
        ));
        Err(error)
    }

    /// An error unless the component emits `event`; `alias` is the parent's name for it.
    pub fn check_event(&self, alias: &str, event: &Name) -> Result<(), Diagnostic> {
        if self.emits.contains(&event.text) {
            return Ok(());
        }
        let mut error = Diagnostic::new(
            event.pos.clone(),
            format!("`{alias}` emits no event `{}`", event.text),
        );
        error.help(unknown_help(
            &event.text,
            &self.emits.iter().map(String::as_str).collect::<Vec<_>>(),
            "events it emits: ",
            "a component emits an event with `emit name(value)` in a handler; DOM events on the instance are `click`, `input`, …",
        ));
        Err(error)
    }

    /// An error unless the component has the slot `name` (`""`: the default slot) for the
    /// parent's content at `span`; `alias` is the parent's name for it.
    pub fn check_slot(&self, alias: &str, name: &str, span: Pos) -> Result<(), Diagnostic> {
        if self.slots.iter().any(|slot| slot == name) {
            return Ok(());
        }
        let message = if name.is_empty() {
            format!("`{alias}` has no `slot`, so it cannot take children")
        } else {
            format!("`{alias}` has no slot `{name}`")
        };
        let named: Vec<&str> = self
            .slots
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        let mut error = Diagnostic::new(span, message);
        error.help(unknown_help(
            name,
            &named,
            "its named slots: ",
            "a component places its children with `slot` (or `slot name`) in its layout",
        ));
        Err(error)
    }
}

/// The DOM event `on <event>` names, or an error with the closest one.
pub fn dom_event(event: &Name) -> Result<DomEvent, Diagnostic> {
    if let Some(found) = DomEvent::named(&event.text) {
        return Ok(found);
    }
    let names: Vec<&str> = DOM_EVENTS.iter().map(|e| e.name).collect();
    let mut error = Diagnostic::new(event.pos.clone(), format!("unknown event `{}`", event.text));
    error.help(unknown_help(&event.text, &names, "the events are ", ""));
    Err(error)
}

/// The index in `handlers` of the handler `-> handler` names, or an error with the closest one.
pub fn handler(handler: &Name, handlers: &[&str]) -> Result<usize, Diagnostic> {
    if let Some(index) = handlers.iter().position(|h| *h == handler.text) {
        return Ok(index);
    }
    let help = match closest(&handler.text, handlers.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "define it under `handlers:`, as `  {}:` followed by its statements",
            handler.text
        ),
    };
    let mut error = Diagnostic::new(
        handler.pos.clone(),
        format!("unknown handler `{}`", handler.text),
    );
    error.help(help);
    Err(error)
}

/// `name` at `span` is no field of `fields`; `what` says where it stands (`in \`set\``).
pub fn unknown_field(name: &str, span: Pos, what: &str, fields: &[&str]) -> Diagnostic {
    let mut error = Diagnostic::new(span, format!("unknown field `{name}` {what}"));
    error.help(unknown_field_help(name, fields));
    error
}

/// The help for a name that is no field of `fields`: the closest field's name, or all of them.
pub fn unknown_field_help(name: &str, fields: &[&str]) -> String {
    unknown_help(
        name,
        fields,
        "the fields are ",
        "the component has no fields; declare one under `state:`, such as `count = 0`",
    )
}

/// A second field named `name`; the first one stands in `first_section` (`state:`).
pub fn duplicate_field(name: &Name, first_section: &str) -> Diagnostic {
    let mut error = Diagnostic::new(
        name.pos.clone(),
        format!("field `{}` is declared twice", name.text),
    );
    error.help(format!(
        "the first `{}` is in `{first_section}`; rename or remove one",
        name.text
    ));
    error
}

/// A second handler named `name`.
pub fn duplicate_handler(name: &Name) -> Diagnostic {
    let mut error = Diagnostic::new(
        name.pos.clone(),
        format!("handler `{}` is defined twice", name.text),
    );
    error.help("give each handler its own name, or merge their statements");
    error
}

/// A second slot named `name` (`""`: the default slot) in one layout, at `span`.
pub fn duplicate_slot(name: &str, span: Pos) -> Diagnostic {
    if name.is_empty() {
        let mut error = Diagnostic::new(span, "the layout has `slot` twice");
        error.help("a parent's content goes in one place; name the other one, as `slot footer`");
        error
    } else {
        let mut error = Diagnostic::new(span, format!("the layout has `slot {name}` twice"));
        error.help("give each slot its own name");
        error
    }
}

/// Runs every check of this module over `component`, whose imported components are
/// `imports` (each with the name the markup uses for it). A component named in the markup but
/// not imported is defined in Rust, and only the compiler knows it.
pub fn check(component: &Component, imports: &[(&str, &Interface)]) -> Diagnostics {
    let mut checker = Checker {
        imports,
        fields: Vec::new(),
        handlers: component
            .handlers
            .iter()
            .map(|h| h.name.text.as_str())
            .collect(),
        slots: Vec::new(),
        diagnostics: Diagnostics::default(),
    };
    let sections = [("state:", &component.state), ("shared:", &component.shared)];
    for (section, fields) in sections {
        for field in fields.iter() {
            match checker
                .fields
                .iter()
                .find(|(name, _)| *name == field.name.text)
            {
                Some((_, first)) => checker
                    .diagnostics
                    .push(duplicate_field(&field.name, first)),
                None => checker.fields.push((&field.name.text, section)),
            }
        }
    }
    let mut handlers: Vec<&str> = Vec::new();
    for handler in &component.handlers {
        if handlers.contains(&handler.name.text.as_str()) {
            // The first one counts; the second is not read further.
            checker.diagnostics.push(duplicate_handler(&handler.name));
            continue;
        }
        handlers.push(&handler.name.text);
        for statement in &handler.statements {
            match statement {
                Statement::Set { field, .. } => checker.field(field, "in `set`"),
                Statement::Push { field, .. } => checker.field(field, "in `push`"),
                Statement::Remove { field, .. } => checker.field(field, "in `remove`"),
                _ => {}
            }
        }
    }
    if let Some(layout) = &component.layout {
        checker.nodes(&layout.nodes);
    }
    checker.diagnostics
}

struct Checker<'a> {
    imports: &'a [(&'a str, &'a Interface)],
    /// Each field and the section it stands in.
    fields: Vec<(&'a str, &'static str)>,
    handlers: Vec<&'a str>,
    /// The component's own slots met so far.
    slots: Vec<String>,
    diagnostics: Diagnostics,
}

impl Checker<'_> {
    fn field(&mut self, field: &Name, what: &str) {
        let fields: Vec<&str> = self.fields.iter().map(|(name, _)| *name).collect();
        if !fields.contains(&field.text.as_str()) {
            self.diagnostics
                .push(unknown_field(&field.text, field.pos.clone(), what, &fields));
        }
    }

    fn handler(&mut self, name: &Name) {
        if let Err(error) = handler(name, &self.handlers) {
            self.diagnostics.push(error);
        }
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Element(element) => {
                    let interface = self
                        .imports
                        .iter()
                        .find(|(alias, _)| *alias == element.tag.text)
                        .map(|(alias, interface)| (*alias, *interface));
                    let instance = element
                        .tag
                        .text
                        .starts_with(|c: char| c.is_ascii_uppercase());
                    for arg in &element.args {
                        self.arg(arg, instance, interface);
                    }
                    if let Content::Children(children) = &element.content {
                        if let Some((alias, interface)) = interface {
                            self.slot_contents(alias, interface, &element.tag, children);
                        }
                        self.nodes(children);
                    } else if let (Some((alias, interface)), Content::Text(_)) =
                        (interface, &element.content)
                        && let Err(error) = interface.check_slot(alias, "", element.tag.pos.clone())
                    {
                        self.diagnostics.push(error);
                    }
                }
                Node::If(if_node) => {
                    for branch in &if_node.branches {
                        self.nodes(&branch.nodes);
                    }
                }
                Node::For(for_node) => self.nodes(&for_node.nodes),
                Node::Slot(slot) if slot.nodes.is_empty() => {
                    let name = slot.name.as_ref().map_or(String::new(), |n| n.text.clone());
                    if self.slots.contains(&name) {
                        let span = slot
                            .name
                            .as_ref()
                            .map_or(slot.keyword.clone(), |n| n.pos.clone());
                        self.diagnostics.push(duplicate_slot(&name, span));
                    } else {
                        self.slots.push(name);
                    }
                }
                // Content for a child's slot, checked with its instance.
                Node::Slot(slot) => self.nodes(&slot.nodes),
            }
        }
    }

    /// An argument of an element, or of a component `instance` (imported when `interface`
    /// says what it declares).
    fn arg(&mut self, arg: &Arg, instance: bool, interface: Option<(&str, &Interface)>) {
        match (arg, interface) {
            (
                Arg::On {
                    event,
                    modifiers,
                    handler,
                    ..
                },
                _,
            ) if DomEvent::named(&event.text).is_some() => {
                if let Some(dom) = DomEvent::named(&event.text)
                    && let Err(error) = crate::modifiers::check(dom, event, modifiers)
                {
                    self.diagnostics.push(error);
                }
                if crate::commands::is_command(&handler.text) {
                    if let Err(error) = crate::commands::named(handler) {
                        self.diagnostics.push(error);
                    }
                } else {
                    self.handler(handler);
                }
            }
            (Arg::On { modifiers, .. }, _) if !modifiers.is_empty() => {
                let mut error = Diagnostic::new(
                    modifiers[0].name.pos.clone(),
                    "modifiers apply to DOM events, not to a component's own events",
                );
                error.help("handle the event as it comes: the component decides when to emit it");
                self.diagnostics.push(error);
            }
            (Arg::On { event, handler, .. }, Some((alias, interface))) => {
                match interface.check_event(alias, event) {
                    Ok(()) => self.handler(handler),
                    Err(error) => self.diagnostics.push(error),
                }
            }
            (Arg::On { event, handler, .. }, None) => match dom_event(event) {
                Err(error) if !instance => self.diagnostics.push(error),
                _ => self.handler(handler),
            },
            (Arg::Bind { field, .. }, None) if !instance => self.field(field, "in `bind`"),
            (Arg::Attr { name, .. } | Arg::Flag(name), Some((alias, interface)))
                if name.text != "class" =>
            {
                if let Err(error) = interface.check_prop(alias, name) {
                    self.diagnostics.push(error);
                }
            }
            _ => {}
        }
    }

    /// The slots an instance's children fill: `slot name:` blocks, and the rest for the
    /// default slot.
    fn slot_contents(&mut self, alias: &str, interface: &Interface, tag: &Name, children: &[Node]) {
        let mut default = false;
        let mut named = Vec::new();
        for child in children {
            match child {
                Node::Slot(slot) if !slot.nodes.is_empty() => {
                    if let Some(name) = &slot.name {
                        named.push((name.text.as_str(), name.pos.clone()));
                    } else {
                        default = true;
                    }
                }
                _ => default = true,
            }
        }
        let default = default.then(|| ("", tag.pos.clone()));
        for (name, span) in default.into_iter().chain(named) {
            if let Err(error) = interface.check_slot(alias, name, span) {
                self.diagnostics.push(error);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn errors(markup: &str, imports: &[(&str, &str)]) -> Vec<String> {
        let parsed: Vec<(&str, Interface)> = imports
            .iter()
            .map(|(alias, child)| (*alias, Interface::of(&parse(child).0)))
            .collect();
        let imports: Vec<(&str, &Interface)> = parsed.iter().map(|(a, i)| (*a, i)).collect();
        let (component, diagnostics) = parse(markup);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        check(&component, &imports)
            .into_iter()
            .map(|d| format!("{}: {d}", &markup[d.span.clone()]))
            .collect()
    }

    const CARD: &str = "component Card
state:
  title = \"\"
layout:
  view:
    slot
    slot footer
handlers:
  pick:
    emit picked
";

    #[test]
    fn names_resolve_or_say_what_was_meant() {
        let markup = "component C
state:
  count = 0
shared:
  count = 1
layout:
  button (on clik -> incremnt bind value <-> cont on input -> incremnt): \"+\"
  slot
  slot
handlers:
  increment:
    set coutn = 1
  increment:
    set cuont = 2
";
        assert_eq!(
            errors(markup, &[]),
            [
                "count: field `count` is declared twice\nhelp: the first `count` is in `state:`; rename or remove one",
                "coutn: unknown field `coutn` in `set`\nhelp: did you mean `count`?",
                "increment: handler `increment` is defined twice\nhelp: give each handler its own name, or merge their statements",
                "clik: unknown event `clik`\nhelp: did you mean `click`?",
                "cont: unknown field `cont` in `bind`\nhelp: did you mean `count`?",
                "incremnt: unknown handler `incremnt`\nhelp: did you mean `increment`?",
                "slot: the layout has `slot` twice\nhelp: a parent's content goes in one place; name the other one, as `slot footer`",
            ]
        );
    }

    #[test]
    fn imported_components_are_checked_against_their_interface() {
        let card = Interface::of(&parse(CARD).0);
        assert_eq!(card.props, ["title"]);
        assert_eq!(card.slots, ["", "footer"]);
        assert_eq!(card.emits, ["picked"]);
        let markup = "component Page
layout:
  Card (titel=\"x\" on pikced -> go on click -> go):
    slot headr:
      text: \"a\"
handlers:
  go:
    set x = 1
";
        assert_eq!(
            errors(markup, &[("Card", CARD)]),
            [
                "x: unknown field `x` in `set`\nhelp: the component has no fields; declare one under `state:`, such as `count = 0`",
                "titel: `Card` has no prop `titel`\nhelp: did you mean `title`?",
                "pikced: `Card` emits no event `pikced`\nhelp: did you mean `picked`?",
                "headr: `Card` has no slot `headr`\nhelp: its named slots: `footer`",
            ]
        );
        // A component defined in Rust is the compiler's to check.
        assert!(errors(&markup.replace("set x = 1", "log \"go\""), &[]).is_empty());
    }

    #[test]
    fn every_span_it_reports_is_a_slice_of_the_markup() {
        let card = Interface::of(&parse(CARD).0);
        for markup in [
            "",
            "component X\nlayout:\n  Card (é=\"x\" on é -> é):\n    slot é:\n      t: \"a\"\n",
            "component X\nlayout:\n  b (on clik -> h bind value <-> é)\n  slot\n  slot\n",
            "component X\nhandlers:\n  h:\n    set é = 1\n  h:\n    emit x\n",
            "component X\nlayout:\n  Card: \"text\"\n  Other (on custom -> nowhere)\n",
        ] {
            let (component, _) = parse(markup);
            for diagnostic in check(&component, &[("Card", &card)]) {
                assert!(
                    markup.get(diagnostic.span.clone()).is_some(),
                    "{diagnostic:?}"
                );
            }
        }
    }
}
