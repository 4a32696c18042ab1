//! Planning the layout's nodes: elements with their attributes, text and bindings, and `if`
//! regions, into render chunks and patch items with hydration IDs.

use proc_macro2::Ident;
use syn::Expr;

use super::*;
use crate::expr;
use hjx_syntax::ast::{self, Arg, Content, Node, Part, Pos, Template};
use hjx_syntax::{DOM_EVENTS, DomEvent, closest};

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
        if self.item.is_some() {
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
    pub(super) fn is_dynamic(&self, parts: &[SpotPart], reads: u128) -> bool {
        reads != 0 || (self.item.is_some() && parts.iter().any(|p| matches!(p, SpotPart::Value(_))))
    }

    pub(super) fn spot(&mut self, spot: Spot) {
        self.reads |= spot.reads;
        self.patches.push(PatchItem::Spot(spot));
    }

    /// Plans an `if` region: its conditions, and each branch's render and patches.
    pub(super) fn region(&mut self, if_node: &ast::If, root: bool) {
        let hid = self.alloc_hid();
        let slot = self.alloc_slot();
        // The region's index is taken now, so that bindings inside can name it.
        let index = self.regions.len();
        self.regions.push(RegionPlan {
            hid,
            slot,
            conditions: Vec::new(),
            arms: Vec::new(),
            arm_patches: Vec::new(),
            arm_lists: Vec::new(),
            reads: 0,
            has_list: false,
        });
        let outer_reads = std::mem::take(&mut self.reads);
        let lists_before = self.lists.len();
        let mut arm_lists = Vec::new();
        let mut conditions = Vec::new();
        let mut arms = Vec::new();
        let mut arm_patches = Vec::new();
        let mut ok = true;
        for branch in &if_node.branches {
            match &branch.condition {
                Some(pos) => {
                    let text = self.source.text[pos.clone()].to_owned();
                    match self.expr(&text, pos, false) {
                        Some((expr, reads)) => {
                            self.reads |= reads;
                            conditions.push(Some(expr));
                        }
                        None => ok = false,
                    }
                }
                None => conditions.push(None),
            }
            let render = std::mem::take(&mut self.render);
            let patches = std::mem::take(&mut self.patches);
            let first_list = self.lists.len();
            self.guards.push((index, arms.len() as u8));
            for node in &branch.nodes {
                self.node(node, root);
            }
            self.guards.pop();
            arm_lists.push(
                (first_list..self.lists.len())
                    .filter(|l| self.lists[*l].depth == self.depth())
                    .collect(),
            );
            arms.push(merge_static(std::mem::replace(&mut self.render, render)));
            arm_patches.push(std::mem::replace(&mut self.patches, patches));
        }
        let reads = std::mem::replace(&mut self.reads, outer_reads);
        self.reads |= reads;
        if !ok {
            return;
        }
        let has_list = self.lists.len() > lists_before;
        self.regions[index] = RegionPlan {
            hid,
            slot,
            conditions,
            arms,
            arm_patches,
            arm_lists,
            reads,
            has_list,
        };
        self.render.push(Chunk::Static("<hjx-if".into()));
        self.push_hid(hid);
        self.render.push(Chunk::Static(">".into()));
        self.render.push(Chunk::Region(index));
        self.render.push(Chunk::Static("</hjx-if>".into()));
        self.patches.push(PatchItem::Region(index));
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
            let message = format!(
                "`{tag}` is a void element: it cannot have text or children\nhelp: give it attributes only, such as `{tag} (title=\"…\")`"
            );
            self.error(&element.line, message);
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
        let mut events: Vec<(&'static str, &'static str, Pos, Action)> = Vec::new();
        for arg in &element.args {
            match arg {
                Arg::Attr { name, value } if name.text == "class" => {
                    add_class(&mut class_parts, &mut class_pos, name, value);
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
                    handler,
                    args,
                } => {
                    let Some(kind) = self.event_kind(event) else {
                        continue;
                    };
                    if let Some(action) = self.handler_action(handler, args.as_ref()) {
                        events.push((kind.0, kind.1, event.pos.clone(), action));
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
                                    let message = "a textarea with `bind value` takes its text from the field\nhelp: remove the textarea's own text";
                                    self.error(&element.line, message);
                                }
                                AttrValue::BoundText(template)
                            } else {
                                AttrValue::Bound(template)
                            };
                            attrs.push(("value".into(), field.pos.clone(), value));
                            events.push((
                                "input",
                                "Input",
                                property.pos.clone(),
                                Action::BindValue(index, self.source.span(&field.pos)),
                            ));
                        }
                        "checked" => {
                            attrs.push((
                                "checked".into(),
                                field.pos.clone(),
                                AttrValue::BoundFlag(index),
                            ));
                            events.push((
                                "change",
                                "Change",
                                property.pos.clone(),
                                Action::BindChecked(index, self.source.span(&field.pos)),
                            ));
                        }
                        other => {
                            let message = format!(
                                "cannot bind `{other}`\nhelp: bind `value` (inputs, textareas, selects) or `checked` (checkboxes)"
                            );
                            self.error(&property.pos, message);
                        }
                    }
                }
            }
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
                let message = format!("attribute `{name}` is given twice\nhelp: keep one of them");
                self.errors.push(self.source.error(pos, message));
            }
        }

        // Plan the dynamic parts before writing the tag, to know whether it needs an ID.
        let mut planned: Vec<(String, PlannedAttr)> = Vec::new();
        for (name, pos, value) in attrs {
            let planned_attr = match value {
                AttrValue::Static(text) => PlannedAttr::Static(text),
                AttrValue::Flag => PlannedAttr::Flag,
                AttrValue::BoundText(template) => match self.template(&template, false) {
                    Some((parts, reads)) => PlannedAttr::BoundText(parts, reads),
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
                    PlannedAttr::BoundFlag(expr::field_access(field, &ident), 1 << field.bit)
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
                PlannedAttr::BoundFlag(_, reads) => *reads != 0 || self.item.is_some(),
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
        for (name, attr) in planned {
            match attr {
                PlannedAttr::BoundText(parts, reads) => content_value = Some((name, parts, reads)),
                PlannedAttr::Static(text) => {
                    self.render
                        .push(Chunk::Static(format!(" {name}=\"{}\"", escape(&text))));
                }
                PlannedAttr::Flag => self.render.push(Chunk::Static(format!(" {name}"))),
                PlannedAttr::Dynamic(parts, reads) => {
                    self.render.push(Chunk::Static(format!(" {name}=\"")));
                    let slot = self.push_spot_parts(&parts, reads);
                    self.render.push(Chunk::Static("\"".into()));
                    if let (Some(hid), true) = (hid, self.is_dynamic(&parts, reads)) {
                        self.spot(Spot {
                            hid,
                            slot,
                            target: SpotTarget::Attr(name),
                            parts,
                            reads,
                        });
                    }
                }
                PlannedAttr::BoundFlag(access, reads) => {
                    let slot = self.alloc_slot();
                    self.render
                        .push(Chunk::Flag(access.clone(), format!(" {name}"), slot));
                    if let Some(hid) = hid {
                        self.spot(Spot {
                            hid,
                            slot,
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
        if let Some((name, parts, reads)) = content_value {
            let slot = self.push_spot_parts(&parts, reads);
            if let Some(hid) = hid {
                self.spot(Spot {
                    hid,
                    slot,
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
                    let slot = self.push_spot_parts(&parts, reads);
                    if let (Some(hid), true) = (hid, self.is_dynamic(&parts, reads)) {
                        self.spot(Spot {
                            hid,
                            slot,
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

    /// The DOM event `on <event>` names, or an error with the closest one.
    pub(super) fn event_kind(&mut self, event: &ast::Name) -> Option<(&'static str, &'static str)> {
        if let Some(found) = DomEvent::named(&event.text) {
            return Some((found.name, found.variant));
        }
        let names: Vec<&str> = DOM_EVENTS.iter().map(|e| e.name).collect();
        let message = super::unknown(
            &format!("unknown event `{}`", event.text),
            &event.text,
            &names,
            "the events are ",
            "",
        );
        self.error(&event.pos, message);
        None
    }

    /// The index of the handler `-> handler` names, or an error with the closest one.
    pub(super) fn handler_index(&mut self, handler: &ast::Name) -> Option<usize> {
        if let Some(index) = self.handler_names.iter().position(|h| *h == handler.text) {
            return Some(index);
        }
        let help = match closest(&handler.text, self.handler_names.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "define it under `handlers:`, as `  {}:` followed by its statements",
                handler.text
            ),
        };
        self.error(
            &handler.pos,
            format!("unknown handler `{}`\nhelp: {help}", handler.text),
        );
        None
    }

    /// The action of `-> handler(args)`.
    pub(super) fn handler_action(
        &mut self,
        handler: &ast::Name,
        args: Option<&Pos>,
    ) -> Option<Action> {
        let index = self.handler_index(handler)?;
        let call_args = self.call_args(handler, args)?;
        Some(Action::Handler(index, call_args))
    }

    /// Records what each (element, event kind) runs; several actions on one kind run in order.
    pub(super) fn add_bindings(
        &mut self,
        hid: u32,
        events: Vec<(&'static str, &'static str, Pos, Action)>,
    ) {
        for (_, kind, _, action) in events {
            let label = match &action {
                Action::Handler(index, _) => self.handler_names[*index].clone(),
                Action::BindValue(index, _) | Action::BindChecked(index, _) => {
                    format!("bind:{}", self.refs[*index].name)
                }
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
    pub(super) fn data_on(events: &[(&'static str, &'static str, Pos, Action)]) -> Option<String> {
        let mut kinds: Vec<&'static str> = Vec::new();
        for (event, _, _, _) in events {
            if !kinds.contains(event) {
                kinds.push(event);
            }
        }
        (!kinds.is_empty()).then(|| format!(" data-on=\"{}\"", kinds.join(" ")))
    }

    /// Writes a text or attribute value; inside a list item a dynamic one also records its hash
    /// in a slot of the item's memory, which is returned.
    pub(super) fn push_spot_parts(&mut self, parts: &[SpotPart], reads: u128) -> Option<u32> {
        if self.item.is_some() && self.is_dynamic(parts, reads) {
            let slot = self.alloc_slot();
            if let Some(slot) = slot {
                self.render.push(Chunk::SpotValue(slot, parts.to_vec()));
            }
            return slot;
        }
        self.push_parts(parts);
        None
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
}

#[allow(clippy::large_enum_variant)] // compile-time data, built once per attribute
enum PlannedAttr {
    Static(String),
    Flag,
    Dynamic(Vec<SpotPart>, u128),
    BoundText(Vec<SpotPart>, u128),
    BoundFlag(Expr, u128),
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
