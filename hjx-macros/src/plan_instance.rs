//! Planning component instances (`Card (title="About"):`) and slots.
//!
//! An instance is a field of the parent holding the child, rendered inside an `<hjx-c>` wrapper
//! that carries the parent's hydration ID. Its attributes are props, set through the child's
//! typed setters; `class` merges onto the child's root elements; `on <event> -> handler` runs a
//! parent handler for an event the child emits (or, for a DOM event, for the wrapper's element).
//! The content between the instance's children goes to the child's slots, planned as the
//! parent's own markup: its spots and bindings are the parent's.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::element::add_class;
use super::*;
use hjx_syntax::DomEvent;
use hjx_syntax::ast::{self, Arg, Content, Node, Part};

/// What a component's markup tells its parents: read from an imported `.hjx` file, so that a
/// prop, slot or event it does not have is reported at the parent's own token.
pub(crate) struct ImportInfo {
    pub(crate) alias: String,
    /// The module the imported component is compiled into.
    pub(crate) module: Ident,
    pub(crate) fields: Vec<String>,
    pub(crate) slots: Vec<String>,
    pub(crate) emits: Vec<String>,
}

impl ImportInfo {
    /// What `component` declares, under `alias`, compiled into `module`.
    pub(crate) fn new(alias: String, module: Ident, component: &ast::Component) -> ImportInfo {
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
        let emits = component
            .handlers
            .iter()
            .flat_map(|h| &h.statements)
            .filter_map(|s| match s {
                ast::Statement::Emit { name, .. } => Some(name.text.clone()),
                _ => None,
            })
            .collect();
        ImportInfo {
            alias,
            module,
            fields: component
                .state
                .iter()
                .map(|f| f.name.text.clone())
                .collect(),
            slots,
            emits,
        }
    }
}

/// A component instance in the markup.
pub(crate) struct InstancePlan {
    /// The child's type.
    pub(crate) ty: TokenStream,
    /// The hydration ID of the `<hjx-c>` wrapper.
    pub(crate) hid: u32,
    /// The instance's bit in the parent's field set: set when the child changed itself.
    pub(crate) bit: u32,
    pub(crate) props: Vec<PropPlan>,
    /// The class merged onto the child's root elements.
    pub(crate) class: Option<(Vec<SpotPart>, u128)>,
    /// ` data-on="…"` of the wrapper, for DOM events bound on the instance.
    pub(crate) data_on: Option<String>,
    /// The content of each slot the parent fills, by slot name (`""` for the default slot).
    pub(crate) slots: Vec<(String, Vec<Chunk>)>,
    /// The handlers run for the child's events: (event, handler index, whether it takes the
    /// event's value).
    pub(crate) emits: Vec<(Ident, usize, bool)>,
    /// The regions and branches the instance stands in.
    pub(crate) guards: Vec<(usize, u8)>,
    /// Every field its props and class read.
    pub(crate) reads: u128,
}

/// One prop: `setter(value)`, re-set when a field it reads changes.
pub(crate) struct PropPlan {
    pub(crate) setter: Ident,
    pub(crate) value: TokenStream,
    pub(crate) reads: u128,
}

/// An event a component's handlers emit, with the type of the value it carries.
pub(crate) struct EmitPlan {
    pub(crate) name: String,
    pub(crate) ty: Option<TokenStream>,
}

impl Planner<'_> {
    pub(super) fn instance(&mut self, element: &ast::Element) {
        let tag = &element.tag;
        if self.item.is_some() {
            let message = format!(
                "`{}` is a component: a component inside `for` is not supported yet\nhelp: write the item's markup in the `for` itself, or move the loop into the component",
                tag.text
            );
            self.error(&tag.pos, message);
            return;
        }
        if let Some(id) = &element.id {
            let message = "a component instance takes no `#id`\nhelp: put the id on an element in the component's markup";
            self.error(&id.pos, message);
        }
        let span = self.source.span(&tag.pos);
        let info = self.imports.iter().position(|i| i.alias == tag.text);
        let ty = match info {
            Some(index) => {
                let module = &self.imports[index].module;
                let name = Ident::new(&tag.text, span);
                quote!(#module::#name)
            }
            None => {
                let name = Ident::new(&tag.text, span);
                quote!(#name)
            }
        };
        let hid = self.alloc_hid();
        let bit = (self.refs.len() + self.instances.len()) as u32;
        let index = self.instances.len();
        // The index is taken now; nested instances in the slots come after it.
        self.instances.push(InstancePlan {
            ty: ty.clone(),
            hid,
            bit,
            props: Vec::new(),
            class: None,
            data_on: None,
            slots: Vec::new(),
            emits: Vec::new(),
            guards: self.guards.clone(),
            reads: 0,
        });

        let mut props = Vec::new();
        let mut class_parts: Vec<Part> = element
            .classes
            .iter()
            .flat_map(|c| [Part::Text(" ".into()), Part::Text(c.text.clone())])
            .skip(1)
            .collect();
        let mut class_pos = element.classes.first().map(|c| c.pos.clone());
        let mut dom_events = Vec::new();
        let mut emits = Vec::new();
        let mut reads = 0;
        for arg in &element.args {
            match arg {
                Arg::Attr { name, value } if name.text == "class" => {
                    add_class(&mut class_parts, &mut class_pos, name, value);
                }
                Arg::Attr { name, value } => {
                    if !self.known_prop(info, name) {
                        continue;
                    }
                    let in_literal =
                        !matches!(value.parts.first(), Some(Part::Expr(_, p)) if *p == value.pos);
                    let Some((parts, r)) = self.template(value, in_literal) else {
                        continue;
                    };
                    // `prop="{{expr}}"` passes a clone of the value; any other text is a String.
                    // Either is spanned at the attribute, where a type mismatch is reported.
                    let value = match parts.as_slice() {
                        [SpotPart::Value(expr)] => {
                            let span = crate::expr::expr_span(expr);
                            quote::quote_spanned!(span=> (#expr).clone())
                        }
                        _ => {
                            let text = format_parts(&parts);
                            let value = Ident::new("__hjx_text_prop", self.source.span(&value.pos));
                            quote!({ let #value: ::std::string::String = #text; #value })
                        }
                    };
                    reads |= r;
                    props.push(PropPlan {
                        setter: Ident::new(
                            &format!("set_{}", name.text),
                            self.source.span(&name.pos),
                        ),
                        value,
                        reads: r,
                    });
                }
                Arg::Flag(name) => {
                    if !self.known_prop(info, name) {
                        continue;
                    }
                    props.push(PropPlan {
                        setter: Ident::new(
                            &format!("set_{}", name.text),
                            self.source.span(&name.pos),
                        ),
                        value: quote!(true),
                        reads: 0,
                    });
                }
                Arg::On {
                    event,
                    handler,
                    args,
                } if DomEvent::named(&event.text).is_some() => {
                    let Some(kind) = self.event_kind(event) else {
                        continue;
                    };
                    if let Some(action) = self.handler_action(handler, args.as_ref()) {
                        dom_events.push((kind.0, kind.1, event.pos.clone(), action));
                    }
                }
                Arg::On {
                    event,
                    handler,
                    args,
                } => {
                    if let Some(info) = info.map(|i| &self.imports[i])
                        && !info.emits.contains(&event.text)
                    {
                        let message = unknown(
                            &format!("`{}` emits no event `{}`", tag.text, event.text),
                            &event.text,
                            &info.emits.iter().map(String::as_str).collect::<Vec<_>>(),
                            "events it emits: ",
                            "a component emits an event with `emit name(value)` in a handler; DOM events on the instance are `click`, `input`, …",
                        );
                        self.error(&event.pos, message);
                        continue;
                    }
                    let Some(index) = self.handler_index(handler) else {
                        continue;
                    };
                    if let Some(pos) = args {
                        let message = format!(
                            "the handler of a component's event gets the event's value itself\nhelp: write `on {} -> {}`; the handler takes the emitted value as its one parameter",
                            event.text, handler.text
                        );
                        self.error(pos, message);
                        continue;
                    }
                    let arity = self
                        .handler_arity
                        .iter()
                        .find(|(n, _)| *n == handler.text)
                        .map_or(0, |(_, n)| *n);
                    if arity > 1 {
                        let message = format!(
                            "handler `{}` takes {arity} parameters, but a component's event passes one value\nhelp: give the handler one parameter, of the emitted value's type, or none",
                            handler.text
                        );
                        self.error(&handler.pos, message);
                        continue;
                    }
                    emits.push((
                        Ident::new(&event.text, self.source.span(&event.pos)),
                        index,
                        arity == 1,
                    ));
                }
                Arg::Bind { property, .. } => {
                    let message = format!(
                        "`{}` is a component: `bind` works on inputs only\nhelp: pass the value as a prop (`value=\"{{{{field}}}}\"`) and set the field in a handler of an event the component emits",
                        tag.text
                    );
                    self.error(&property.pos, message);
                }
            }
        }
        let class = if class_parts.is_empty() {
            None
        } else {
            let pos = class_pos.unwrap_or(tag.pos.clone());
            let template = ast::Template {
                pos: pos.clone(),
                parts: class_parts,
            };
            let in_literal =
                !matches!(template.parts.first(), Some(Part::Expr(_, p)) if *p == template.pos);
            self.template(&template, in_literal)
                .inspect(|(_, r)| reads |= r)
        };
        let data_on = Self::data_on(&dom_events);
        self.add_bindings(hid, dom_events);

        // The content for the child's slots: `slot name:` blocks, and the rest for the default.
        let mut contents: Vec<(String, Pos, Vec<&Node>)> = Vec::new();
        let mut default: Vec<&Node> = Vec::new();
        let mut text_slot = None;
        match &element.content {
            Content::Empty => {}
            Content::Text(template) => text_slot = Some(template),
            Content::Children(children) => {
                for child in children {
                    match child {
                        Node::Slot(slot) if slot.name.is_some() && !slot.nodes.is_empty() => {
                            let name = slot.name.as_ref().map_or(String::new(), |n| n.text.clone());
                            let pos = slot
                                .name
                                .as_ref()
                                .map_or(slot.keyword.clone(), |n| n.pos.clone());
                            contents.push((name, pos, slot.nodes.iter().collect()));
                        }
                        other => default.push(other),
                    }
                }
            }
        }
        if !default.is_empty() || text_slot.is_some() {
            let pos = element.tag.pos.clone();
            contents.insert(0, (String::new(), pos, default));
        }
        let mut slots = Vec::new();
        for (name, pos, nodes) in contents {
            if let Some(info) = info.map(|i| &self.imports[i])
                && !info.slots.contains(&name)
            {
                let what = if name.is_empty() {
                    format!("`{}` has no `slot`, so it cannot take children", tag.text)
                } else {
                    format!("`{}` has no slot `{name}`", tag.text)
                };
                let named: Vec<&str> = info
                    .slots
                    .iter()
                    .map(String::as_str)
                    .filter(|s| !s.is_empty())
                    .collect();
                let message = unknown(
                    &what,
                    &name,
                    &named,
                    "its named slots: ",
                    "a component places its children with `slot` (or `slot name`) in its layout",
                );
                self.error(&pos, message);
                continue;
            }
            let render = std::mem::take(&mut self.render);
            let container = self.list_container.take();
            if let (Some(template), true) = (text_slot, name.is_empty())
                && let Some((parts, r)) = self.template(template, true)
            {
                if r != 0 {
                    let message = "a component's text content cannot show fields\nhelp: wrap it in an element: `text: \"{{…}}\"`";
                    self.error(&template.pos, message);
                }
                self.push_parts(&parts);
            }
            for node in nodes {
                self.node(node, false);
            }
            self.list_container = container;
            let chunks = merge_static(std::mem::replace(&mut self.render, render));
            slots.push((name, chunks));
        }

        self.reads |= reads | 1 << bit;
        let instance = &mut self.instances[index];
        instance.props = props;
        instance.class = class;
        instance.data_on = data_on;
        instance.slots = slots;
        instance.emits = emits;
        instance.reads = reads;
        self.render.push(Chunk::Instance(index));
        self.patches.push(PatchItem::Instance(index));
    }

    /// Whether an imported component has the prop `name`; reports it if not. A component
    /// defined in Rust is checked by rustc, at its setter.
    fn known_prop(&mut self, info: Option<usize>, name: &ast::Name) -> bool {
        let Some(info) = info.map(|i| &self.imports[i]) else {
            return true;
        };
        if info.fields.contains(&name.text) {
            return true;
        }
        let message = unknown(
            &format!("`{}` has no prop `{}`", info.alias, name.text),
            &name.text,
            &info.fields.iter().map(String::as_str).collect::<Vec<_>>(),
            "its props: ",
            "a component's props are the fields of its `state:`",
        );
        self.error(&name.pos, message);
        false
    }

    /// `slot` or `slot name` in a component's layout: where the parent's content goes.
    pub(super) fn slot(&mut self, slot: &ast::SlotNode) {
        let name = slot.name.as_ref().map_or(String::new(), |n| n.text.clone());
        let pos = slot
            .name
            .as_ref()
            .map_or(slot.keyword.clone(), |n| n.pos.clone());
        if !slot.nodes.is_empty() {
            let message = "a slot in a component's layout takes no children\nhelp: content for a child's slot goes inside the component instance: `Card:` then `  slot footer:` and the content";
            self.error(&pos, message);
            return;
        }
        if self.item.is_some() {
            let message = "a slot cannot stand inside `for`: the parent's content would repeat\nhelp: move the slot out of the loop";
            self.error(&pos, message);
            return;
        }
        if self.own_slots.contains(&name) {
            let message = if name.is_empty() {
                "the layout has `slot` twice\nhelp: a parent's content goes in one place; name the other one, as `slot footer`".to_owned()
            } else {
                format!("the layout has `slot {name}` twice\nhelp: give each slot its own name")
            };
            self.error(&pos, message);
            return;
        }
        self.own_slots.push(name.clone());
        self.render.push(Chunk::Slot(name));
    }
}
