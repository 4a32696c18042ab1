//! Planning the layout's nodes: elements with their attributes, text and bindings, into render
//! chunks and patch items with hydration IDs. `if` regions are `region`'s, event bindings
//! `bindings`'s.

use proc_macro2::Ident;
use syn::Expr;

use super::bindings::EventBinding;
use super::*;
use crate::expr;
use hjx_syntax::ast::{self, Arg, Content, Node, Part, Pos, Template};

impl Planner<'_> {
    pub(super) fn node(&mut self, node: &Node, root: bool) {
        match node {
            Node::Element(element) => self.element(element, root),
            Node::If(if_node) => self.region(if_node, root),
            Node::For(for_node) => self.list(for_node, root),
            Node::Slot(slot) => self.slot(slot),
        }
    }

    /// A hydration ID: the page's next one, or inside a list item the item's next local one.
    pub(super) fn alloc_hid(&mut self) -> u32 {
        match &mut self.item {
            Some(item) => {
                item.next_hid += 1;
                item.next_hid - 1
            }
            None => {
                self.next_hid += 1;
                self.next_hid - 1
            }
        }
    }

    /// Writes ` data-hid="N"`: static at the top level, the item's base plus N in an item.
    pub(super) fn push_hid(&mut self, hid: u32) {
        if self.item.as_ref().is_some_and(|item| item.stream) {
            // Rendered once and never patched: nothing addresses it.
        } else if self.item.is_some() {
            self.render.push(Chunk::Static(" data-hid=\"".into()));
            self.render.push(Chunk::Hid(hid));
            self.render.push(Chunk::Static("\"".into()));
        } else {
            self.render.push(Chunk::Static(" data-hid=\"".into()));
            self.render.push(Chunk::TopHid(hid));
            self.render.push(Chunk::Static("\"".into()));
        }
    }

    /// A memory slot in the current list item, if inside one.
    pub(super) fn alloc_slot(&mut self) -> Option<u32> {
        self.item.as_mut().map(|item| {
            item.slots += 1;
            item.slots - 1
        })
    }

    /// Whether a planned value must be patched: it reads a field, or, inside a list item, it
    /// may read the item.
    pub(super) fn is_dynamic(&self, parts: &[SpotPart], reads: FieldMask) -> bool {
        !reads.is_empty()
            || (self.item.is_some() && parts.iter().any(|p| matches!(p, SpotPart::Value(_))))
    }

    pub(super) fn spot(&mut self, spot: Spot) {
        self.reads |= spot.reads;
        self.patches.push(PatchItem::Spot(spot));
    }

    pub(super) fn element(&mut self, element: &ast::Element, root: bool) {
        let tag_text = element.tag.text.as_str();
        if tag_text.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.instance(element);
            return;
        }
        let tag = match tag_text {
            "view" => "div",
            "text" => "span",
            other => other,
        };
        let void = VOID_ELEMENTS.contains(&tag);
        if void && !matches!(element.content, Content::Empty) {
            self.error(
                &element.line,
                format!("`{tag}` is a void element: it cannot have text or children"),
            )
            .help(format!(
                "give it attributes only, such as `{tag} (title=\"…\")`"
            ));
        }

        // Attributes, in order: id, class, then the arguments as written.
        let mut attrs: Vec<(String, Pos, AttrValue)> = Vec::new();
        if let Some(id) = &element.id {
            attrs.push((
                "id".into(),
                id.pos.clone(),
                AttrValue::Static(id.text.clone()),
            ));
        }
        let mut class_parts: Vec<Part> = Vec::new();
        let mut class_pos = None;
        for class in &element.classes {
            if !class_parts.is_empty() {
                class_parts.push(Part::Text(" ".into()));
            }
            class_parts.push(Part::Text(class.text.clone()));
            class_pos.get_or_insert(class.pos.clone());
        }
        let mut events: Vec<EventBinding> = Vec::new();
        // Client commands, by DOM event, in order.
        let mut commands: Vec<(&'static str, Vec<hjx_syntax::commands::Command>)> = Vec::new();
        for arg in &element.args {
            match arg {
                Arg::Attr { name, value } if name.text == "hook" => {
                    // The client's hook layer finds the element by `data-hook`.
                    self.extras = true;
                    attrs.push((
                        "data-hook".into(),
                        name.pos.clone(),
                        AttrValue::Template(value.clone()),
                    ));
                }
                Arg::On {
                    event,
                    modifiers,
                    handler,
                    args,
                } if hjx_syntax::commands::is_command(&handler.text) => {
                    let Some((event, modifiers)) = self.dom_event(event, modifiers) else {
                        continue;
                    };
                    if event.is_hook() || !modifiers.is_empty() {
                        self.error(
                            &handler.pos,
                            "a client command runs on a DOM event, with no modifiers",
                        )
                        .help("write `on click -> js.toggle_class(\"#menu\", \"open\")`");
                        continue;
                    }
                    let checked =
                        hjx_syntax::commands::check(handler, &self.source.text, args.as_ref());
                    let Some(command) = self.checked(checked) else {
                        continue;
                    };
                    self.extras = true;
                    match commands.iter_mut().find(|(name, _)| *name == event.name) {
                        Some((_, list)) => list.push(command),
                        None => commands.push((event.name, vec![command])),
                    }
                }
                Arg::Attr { name, value } if name.text == "class" => {
                    add_class(&mut class_parts, &mut class_pos, name, value);
                }
                Arg::Attr { name, value } if name.text == "html" => {
                    if !matches!(element.content, Content::Empty) {
                        self.error(
                            &name.pos,
                            "an element with `html=` takes its content from it",
                        )
                        .help("remove the element's own text or children");
                    }
                    attrs.push((
                        name.text.clone(),
                        name.pos.clone(),
                        AttrValue::Trusted(value.clone()),
                    ));
                }
                Arg::Attr { name, value } => {
                    attrs.push((
                        name.text.clone(),
                        name.pos.clone(),
                        AttrValue::Template(value.clone()),
                    ));
                }
                Arg::Flag(name) => {
                    attrs.push((name.text.clone(), name.pos.clone(), AttrValue::Flag))
                }
                Arg::On {
                    event,
                    modifiers,
                    handler,
                    args,
                } => {
                    let Some((event, modifiers)) = self.dom_event(event, modifiers) else {
                        continue;
                    };
                    self.extras |= event.is_hook();
                    if let Some(action) = self.handler_action(handler, args.as_ref()) {
                        events.push(EventBinding {
                            event,
                            modifiers,
                            action,
                        });
                    }
                }
                Arg::Bind { property, field } => {
                    let Some(index) = self.refs.iter().position(|f| f.name == field.text) else {
                        self.unknown_field(&field.text, &field.pos, "in `bind`");
                        continue;
                    };
                    match property.text.as_str() {
                        "value" => {
                            let template = Template {
                                parts: vec![Part::Expr(field.text.clone(), field.pos.clone())],
                                pos: field.pos.clone(),
                            };
                            // A textarea shows its value as content; the patch sets the property.
                            let value = if tag == "textarea" {
                                if !matches!(element.content, Content::Empty) {
                                    self.error(
                                        &element.line,
                                        "a textarea with `bind value` takes its text from the field",
                                    )
                                    .help("remove the textarea's own text");
                                }
                                AttrValue::BoundText(template)
                            } else {
                                AttrValue::Bound(template)
                            };
                            attrs.push(("value".into(), field.pos.clone(), value));
                            events.push(EventBinding::bind(BindAction {
                                field: index,
                                span: self.source.span(&field.pos),
                                checked: false,
                            }));
                        }
                        "checked" => {
                            attrs.push((
                                "checked".into(),
                                field.pos.clone(),
                                AttrValue::BoundFlag(index),
                            ));
                            events.push(EventBinding::bind(BindAction {
                                field: index,
                                span: self.source.span(&field.pos),
                                checked: true,
                            }));
                        }
                        other => {
                            self.error(&property.pos, format!("cannot bind `{other}`"))
                                .help("bind `value` (inputs, textareas, selects) or `checked` (checkboxes)");
                        }
                    }
                }
            }
        }
        for (event, list) in &commands {
            attrs.push((
                format!("data-js-{event}"),
                element.tag.pos.clone(),
                AttrValue::Static(hjx_syntax::commands::data(list)),
            ));
        }
        if !class_parts.is_empty() {
            let pos = class_pos.unwrap_or(element.tag.pos.clone());
            attrs.insert(
                usize::from(element.id.is_some()),
                (
                    "class".into(),
                    pos.clone(),
                    AttrValue::Template(Template {
                        parts: class_parts,
                        pos,
                    }),
                ),
            );
        }
        for (i, (name, pos, _)) in attrs.iter().enumerate() {
            if attrs[..i].iter().any(|(other, _, _)| other == name) {
                self.errors
                    .at(pos, format!("attribute `{name}` is given twice"))
                    .help("keep one of them");
            }
        }

        // Plan the dynamic parts before writing the tag, to know whether it needs an ID.
        let mut planned: Vec<(String, PlannedAttr)> = Vec::new();
        // The attributes a `bind` writes: the page's input changes them, so they are never
        // remembered.
        let mut bound: Vec<String> = Vec::new();
        for (name, pos, value) in attrs {
            if matches!(value, AttrValue::Bound(_) | AttrValue::BoundFlag(_)) {
                bound.push(name.clone());
            }
            let planned_attr = match value {
                AttrValue::Static(text) => PlannedAttr::Static(text),
                AttrValue::Flag => PlannedAttr::Flag,
                AttrValue::BoundText(template) => match self.template(&template, false) {
                    Some((parts, reads)) => PlannedAttr::BoundText(parts, reads),
                    None => continue,
                },
                AttrValue::Trusted(template) => match self.template(&template, {
                    !matches!(template.parts.first(), Some(Part::Expr(_, p)) if *p == template.pos)
                }) {
                    Some((parts, reads)) => match parts.as_slice() {
                        [SpotPart::Value(value)] => PlannedAttr::Trusted(value.clone(), reads),
                        _ => {
                            self.error(&pos, "`html=` takes one `{{ }}` of type `TrustedHtml`, and nothing else")
                                .help("write `html=\"{{body}}\"` with a `TrustedHtml` field or expression");
                            continue;
                        }
                    },
                    None => continue,
                },
                AttrValue::Template(template) | AttrValue::Bound(template) => {
                    let in_literal = !matches!(template.parts.first(), Some(Part::Expr(_, p)) if *p == template.pos);
                    let Some((mut parts, reads)) = self.template(&template, in_literal) else {
                        continue;
                    };
                    match (BOOLEAN_ATTRS.contains(&name.as_str()), parts.as_slice()) {
                        // `disabled="{{busy}}"`: present while the value is `true`.
                        (true, [SpotPart::Value(_)]) => {
                            let Some(SpotPart::Value(value)) = parts.pop() else {
                                continue;
                            };
                            PlannedAttr::BoundFlag(value, reads)
                        }
                        _ => PlannedAttr::Dynamic(parts, reads),
                    }
                }
                AttrValue::BoundFlag(index) => {
                    let field = &self.refs[index];
                    let ident = Ident::new(&field.name, self.source.span(&pos));
                    PlannedAttr::BoundFlag(
                        expr::bound_checked(field, &ident),
                        FieldMask::bit(field.bit),
                    )
                }
            };
            planned.push((name, planned_attr));
        }
        let text = match &element.content {
            Content::Text(template) => self.template(template, true),
            _ => None,
        };
        let dynamic_text = text
            .as_ref()
            .is_some_and(|(parts, reads)| self.is_dynamic(parts, *reads));
        // A `for` alone in an element uses the element itself as the list's container.
        let holds_list = matches!(&element.content, Content::Children(c) if matches!(c.as_slice(), [Node::For(_)]));
        let needs_hid = dynamic_text
            || holds_list
            || !events.is_empty()
            || planned.iter().any(|(_, a)| match a {
                PlannedAttr::Dynamic(parts, reads) | PlannedAttr::BoundText(parts, reads) => {
                    self.is_dynamic(parts, *reads)
                }
                PlannedAttr::BoundFlag(_, reads) => !reads.is_empty() || self.item.is_some(),
                PlannedAttr::Trusted(value, reads) => {
                    self.is_dynamic(&[SpotPart::Value(value.clone())], *reads)
                }
                _ => false,
            });
        let hid = needs_hid.then(|| self.alloc_hid());

        // A parent's `class` merges onto the root elements.
        let merge_class = root && self.item.is_none();
        if merge_class {
            for (name, attr) in &mut planned {
                if let (true, PlannedAttr::Dynamic(parts, _)) = (name == "class", attr) {
                    parts.push(SpotPart::MergedClass);
                }
            }
        }
        let has_class = planned.iter().any(|(name, _)| name == "class");

        // The opening tag.
        self.render.push(Chunk::Static(format!("<{tag}")));
        if merge_class && !has_class {
            self.render.push(Chunk::MergedClassAttr);
        }
        let mut content_value = None;
        let mut trusted = None;
        for (name, attr) in planned {
            match attr {
                PlannedAttr::Trusted(value, reads) => trusted = Some((value, reads)),
                PlannedAttr::BoundText(parts, reads) => content_value = Some((name, parts, reads)),
                PlannedAttr::Static(text) => {
                    self.render
                        .push(Chunk::Static(format!(" {name}=\"{}\"", escape(&text))));
                }
                PlannedAttr::Flag => self.render.push(Chunk::Static(format!(" {name}"))),
                PlannedAttr::Dynamic(parts, reads) => {
                    self.render.push(Chunk::Static(format!(" {name}=\"")));
                    let remember = !bound.contains(&name);
                    let (slot, sent) = self.push_spot_parts(&parts, reads, remember);
                    self.forget_on_input(hid, &name, sent);
                    self.render.push(Chunk::Static("\"".into()));
                    if let (Some(hid), true) = (hid, self.is_dynamic(&parts, reads)) {
                        self.spot(Spot {
                            hid,
                            slot,
                            sent,
                            target: SpotTarget::Attr(name),
                            parts,
                            reads,
                        });
                    }
                }
                PlannedAttr::BoundFlag(access, reads) => {
                    let slot = self.alloc_slot();
                    let sent = (slot.is_none() && !bound.contains(&name))
                        .then(|| self.alloc_sent(reads))
                        .flatten();
                    self.forget_on_input(hid, &name, sent);
                    self.render.push(match sent {
                        Some(sent) => Chunk::SentFlag(access.clone(), format!(" {name}"), sent),
                        None => Chunk::Flag(access.clone(), format!(" {name}"), slot),
                    });
                    if let Some(hid) = hid {
                        self.spot(Spot {
                            hid,
                            slot,
                            sent,
                            target: SpotTarget::Flag(name),
                            parts: vec![SpotPart::Value(access)],
                            reads,
                        });
                    }
                }
            }
        }
        if let Some(hid) = hid {
            self.push_hid(hid);
            if let Some(data_on) = Self::data_on(&events) {
                self.render.push(Chunk::Static(data_on));
            }
            self.plan_uploads(hid, element, &events);
            if !events.is_empty() {
                self.refuse_in_stream(&element.tag.pos, "an element cannot bind events");
            }
            self.add_bindings(hid, events);
        }
        if root && !self.scope.is_empty() {
            self.render
                .push(Chunk::Static(format!(" data-hjx-scope=\"{}\"", self.scope)));
        }
        self.render.push(Chunk::Static(">".into()));
        if void {
            return;
        }
        if let Some((value, reads)) = trusted {
            let parts = vec![SpotPart::Value(value.clone())];
            let dynamic = self.is_dynamic(&parts, reads);
            // Inside a list item, a slot remembers the markup's hash.
            let slot = if dynamic { self.alloc_slot() } else { None };
            self.render.push(Chunk::Trusted(value, slot));
            if let (Some(hid), true) = (hid, dynamic) {
                self.spot(Spot {
                    hid,
                    slot,
                    sent: None,
                    target: SpotTarget::Html,
                    parts,
                    reads,
                });
            }
        }
        if let Some((name, parts, reads)) = content_value {
            let (slot, sent) = self.push_spot_parts(&parts, reads, false);
            if let Some(hid) = hid {
                self.spot(Spot {
                    hid,
                    slot,
                    sent,
                    target: SpotTarget::Attr(name),
                    parts,
                    reads,
                });
            }
        }
        match &element.content {
            Content::Empty => {}
            Content::Text(_) => {
                if let Some((parts, reads)) = text {
                    let (slot, sent) = self.push_spot_parts(&parts, reads, true);
                    if let (Some(hid), true) = (hid, self.is_dynamic(&parts, reads)) {
                        self.spot(Spot {
                            hid,
                            slot,
                            sent,
                            target: SpotTarget::Text,
                            parts,
                            reads,
                        });
                    }
                }
            }
            Content::Children(children) => {
                if holds_list {
                    self.list_container = hid;
                }
                for child in children {
                    self.node(child, false);
                }
            }
        }
        self.render.push(Chunk::Static(format!("</{tag}>")));
    }

    /// Writes a text or attribute value. Inside a list item a dynamic one also records its hash
    /// in a slot of the item's memory (the first index returned). Outside, one that reads a
    /// per-session field and that the page cannot change itself (`remember`) records its hash
    /// in the component's memory (the second), so that a patch leaves out a text that did not
    /// change. Spots that read only `shared:` fields are patched once for every session, and
    /// are not remembered.
    pub(super) fn push_spot_parts(
        &mut self,
        parts: &[SpotPart],
        reads: FieldMask,
        remember: bool,
    ) -> (Option<u32>, Option<u32>) {
        if self.item.is_some() && self.is_dynamic(parts, reads) {
            let slot = self.alloc_slot();
            if let Some(slot) = slot {
                self.render.push(Chunk::SpotValue(slot, parts.to_vec()));
            }
            return (slot, None);
        }
        if let Some(sent) = remember.then(|| self.alloc_sent(reads)).flatten() {
            self.render.push(Chunk::SentValue(sent, parts.to_vec()));
            return (None, Some(sent));
        }
        self.push_parts(parts);
        (None, None)
    }

    pub(super) fn push_parts(&mut self, parts: &[SpotPart]) {
        for part in parts {
            match part {
                SpotPart::Static(text) => self.render.push(Chunk::Static(escape(text))),
                SpotPart::Value(expr) => self.render.push(Chunk::Value(expr.clone())),
                SpotPart::MergedClass => self.render.push(Chunk::MergedClass),
            }
        }
    }
}

enum AttrValue {
    Static(String),
    Flag,
    Template(Template),
    Bound(Template),
    /// A bound value shown as the element's content (a textarea's).
    BoundText(Template),
    BoundFlag(usize),
    /// `html="{{body}}"`: the element's content, as trusted HTML.
    Trusted(Template),
}

#[allow(clippy::large_enum_variant)] // compile-time data, built once per attribute
enum PlannedAttr {
    Static(String),
    Flag,
    Dynamic(Vec<SpotPart>, FieldMask),
    BoundText(Vec<SpotPart>, FieldMask),
    BoundFlag(Expr, FieldMask),
    Trusted(Expr, FieldMask),
}

/// Appends a `class="…"` argument to the classes gathered so far (`.name` classes and earlier
/// `class` arguments), space separated; the first one's position stands for them all.
pub(super) fn add_class(
    parts: &mut Vec<Part>,
    pos: &mut Option<Pos>,
    name: &ast::Name,
    value: &Template,
) {
    if !parts.is_empty() {
        parts.push(Part::Text(" ".into()));
    }
    parts.extend(value.parts.iter().cloned());
    pos.get_or_insert(name.pos.clone());
}
