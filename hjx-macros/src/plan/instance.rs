//! Planning component instances (`Card (title="About"):`) and slots.
//!
//! An instance is a field of the parent holding the child, rendered inside an `<hjx-c>` wrapper
//! that carries the parent's hydration ID. Its attributes are props, set through the child's
//! typed setters; `class` merges onto the child's root elements; `on <event> -> handler` runs a
//! parent handler for an event the child emits (or, for a DOM event, for the wrapper's element).
//! The content between the instance's children goes to the child's slots, planned as the
//! parent's own markup: its spots and bindings are the parent's.

use proc_macro2::{Ident, Span};

use super::bindings::EventBinding;
use super::element::add_class;
use super::*;
use hjx_syntax::DomEvent;
use hjx_syntax::ast::{self, Arg, Content, Node, Part};
use hjx_syntax::check::{self, Interface};

/// An imported component, as its parent's planning sees it: what its markup declares (read
/// from its `.hjx` file, so that a prop, slot or event it does not have is reported at the
/// parent's own token), and where it is compiled.
pub(crate) struct ImportInfo {
    pub(crate) alias: String,
    /// The module the imported component is compiled into.
    pub(crate) module: Ident,
    pub(crate) interface: Interface,
}

impl ImportInfo {
    /// What `component` declares, under `alias`, compiled into `module`.
    pub(crate) fn new(alias: String, module: Ident, component: &ast::Component) -> ImportInfo {
        ImportInfo {
            alias,
            module,
            interface: Interface::of(component),
        }
    }
}

/// A component instance in the markup.
pub(crate) struct InstancePlan {
    /// The child's type.
    pub(crate) ty: InstanceType,
    /// The hydration ID of the `<hjx-c>` wrapper.
    pub(crate) hid: u32,
    /// The instance's bit in the parent's field set: set when the child changed itself.
    pub(crate) bit: u32,
    pub(crate) props: Vec<PropPlan>,
    /// The class merged onto the child's root elements.
    pub(crate) class: Option<ClassPlan>,
    /// ` data-on="…"` of the wrapper, for DOM events bound on the instance.
    pub(crate) data_on: Option<String>,
    /// The content of each slot the parent fills, by slot name (`""` for the default slot).
    pub(crate) slots: Vec<SlotContent>,
    /// The handlers run for the child's events.
    pub(crate) emits: Vec<EmitHandler>,
    /// The region branches the instance stands in.
    pub(crate) guards: Vec<Guard>,
    /// Every field its props and class read.
    pub(crate) reads: FieldMask,
    /// For an instance inside a keyed `for`: one child per item.
    pub(crate) item: Option<ItemInstance>,
}

/// An instance inside a keyed `for`: the parent keeps one child per item key.
pub(crate) struct ItemInstance {
    /// The list whose items hold the instances.
    pub(crate) list: ListId,
    /// The first of the item memory slots holding the hash of each prop last set, one per prop.
    pub(crate) slot: u32,
}

/// The class a parent merges onto a child's root elements.
pub(crate) struct ClassPlan {
    pub(crate) parts: Vec<SpotPart>,
    /// The fields the class reads.
    pub(crate) reads: FieldMask,
}

/// The content a parent gives one of a child's slots.
pub(crate) struct SlotContent {
    /// The slot's name, `""` for the default slot.
    pub(crate) name: String,
    pub(crate) render: Vec<Chunk>,
}

/// A handler run when a child emits an event.
pub(crate) struct EmitHandler {
    /// The event's variant in the child's emitted-events enum.
    pub(crate) event: Ident,
    pub(crate) handler: HandlerId,
    /// Whether the handler takes the event's value.
    pub(crate) takes_value: bool,
    /// Inside a keyed `for`, the arguments written with the handler (`-> finish(todo.id)`),
    /// evaluated with the item that holds the emitting instance.
    pub(crate) args: Option<Vec<Expr>>,
}

/// The type of a child component: an imported one lives in the module of its file.
#[derive(Clone)]
pub(crate) struct InstanceType {
    pub(crate) module: Option<Ident>,
    pub(crate) name: Ident,
}

impl InstanceType {
    /// Whether `self` and `other` name one type.
    pub(crate) fn same(&self, other: &InstanceType) -> bool {
        self.name == other.name
            && self.module.as_ref().map(Ident::to_string)
                == other.module.as_ref().map(Ident::to_string)
    }
}

/// The value given to a prop.
#[allow(clippy::large_enum_variant)] // compile-time data, built once per component
pub(crate) enum PropValue {
    /// `prop="{{expr}}"`: a clone of the value.
    Clone(Expr),
    /// Any other text: a `String`, spanned at the attribute, where a type mismatch is reported.
    Text { parts: Vec<SpotPart>, span: Span },
    /// A bare flag: `true`.
    True,
}

/// One prop: `setter(value)`, re-set when a field it reads changes.
pub(crate) struct PropPlan {
    pub(crate) setter: Ident,
    pub(crate) value: PropValue,
    pub(crate) reads: FieldMask,
}

/// An event a component's handlers emit, with the type of the value it carries.
pub(crate) struct EmitPlan {
    pub(crate) name: String,
    pub(crate) ty: Option<FieldType>,
}

impl Planner<'_> {
    pub(super) fn instance(&mut self, element: &ast::Element) {
        let tag = &element.tag;
        let in_item = self.item.is_some();
        if !self.instance_in_item_allowed(element) {
            return;
        }
        if let Some(id) = &element.id {
            self.error(&id.pos, "a component instance takes no `#id`")
                .help("put the id on an element in the component's markup");
        }
        let span = self.source.span(&tag.pos);
        let info = self.imports.iter().position(|i| i.alias == tag.text);
        let ty = InstanceType {
            module: info.map(|index| self.imports[index].module.clone()),
            name: Ident::new(&tag.text, span),
        };
        let hid = self.alloc_hid();
        let bit = (self.refs.len() + self.instances.len()) as u32;
        let index = InstanceId(self.instances.len());
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
            reads: FieldMask::EMPTY,
            item: None,
        });
        if let Some(item) = &mut self.item {
            item.instances.push(index);
        }
        self.refuse_in_stream(&tag.pos, "a component cannot stand");

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
        let mut reads = FieldMask::EMPTY;
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
                        [SpotPart::Value(expr)] => PropValue::Clone(expr.clone()),
                        _ => PropValue::Text {
                            parts,
                            span: self.source.span(&value.pos),
                        },
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
                        value: PropValue::True,
                        reads: FieldMask::EMPTY,
                    });
                }
                Arg::On {
                    event,
                    modifiers,
                    handler,
                    args,
                } if DomEvent::named(&event.text).is_some() => {
                    let Some((event, modifiers)) = self.dom_event(event, modifiers) else {
                        continue;
                    };
                    if let Some(action) = self.handler_action(handler, args.as_ref()) {
                        dom_events.push(EventBinding {
                            event,
                            modifiers,
                            action,
                        });
                    }
                }
                Arg::On {
                    event,
                    modifiers,
                    handler,
                    args,
                } => {
                    if let Some(first) = modifiers.first() {
                        self.error(
                            &first.name.pos,
                            "modifiers apply to DOM events, not to a component's own events",
                        )
                        .help(
                            "handle the event as it comes: the component decides when to emit it",
                        );
                        continue;
                    }
                    if let Some(info) = info.map(|i| &self.imports[i]) {
                        let found = info.interface.check_event(&tag.text, event);
                        if self.checked(found).is_none() {
                            continue;
                        }
                    }
                    let Some(index) = self.handler_index(handler) else {
                        continue;
                    };
                    if in_item && args.is_some() {
                        // In an item, the handler's arguments read the item (`finish(todo.id)`).
                        let Some(Action::Handler { args, .. }) =
                            self.handler_action(handler, args.as_ref())
                        else {
                            continue;
                        };
                        emits.push(EmitHandler {
                            event: Ident::new(&event.text, self.source.span(&event.pos)),
                            handler: index,
                            takes_value: false,
                            args: Some(args),
                        });
                        continue;
                    }
                    if let Some(pos) = args {
                        self.error(
                            pos,
                            "the handler of a component's event gets the event's value itself",
                        )
                        .help(format!(
                            "write `on {} -> {}`; the handler takes the emitted value as its one parameter",
                            event.text, handler.text
                        ));
                        continue;
                    }
                    let arity = self
                        .handler_arity
                        .iter()
                        .find(|(n, _)| *n == handler.text)
                        .map_or(0, |(_, n)| *n);
                    if arity > 1 {
                        let message = format!(
                            "handler `{}` takes {arity} parameters, but a component's event passes one value",
                            handler.text
                        );
                        self.error(&handler.pos, message).help(
                            "give the handler one parameter, of the emitted value's type, or none",
                        );
                        continue;
                    }
                    emits.push(EmitHandler {
                        event: Ident::new(&event.text, self.source.span(&event.pos)),
                        handler: index,
                        takes_value: arity == 1,
                        args: None,
                    });
                }
                Arg::Bind { property, .. } => {
                    self.error(
                        &property.pos,
                        format!("`{}` is a component: `bind` works on inputs only", tag.text),
                    )
                    .help("pass the value as a prop (`value=\"{{field}}\"`) and set the field in a handler of an event the component emits");
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
                .inspect(|(_, r)| reads |= *r)
                .map(|(parts, reads)| ClassPlan { parts, reads })
        };
        if in_item
            && let Some(class) = &class
            && class
                .parts
                .iter()
                .any(|p| !matches!(p, SpotPart::Static(_)))
        {
            let pos = element
                .classes
                .first()
                .map_or(tag.pos.clone(), |c| c.pos.clone());
            self.error(
                &pos,
                "a component's class inside `for` cannot show values yet",
            )
            .help("give the class as a prop, and let the component put it on its elements");
        }
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
            if let Some(info) = info.map(|i| &self.imports[i]) {
                let found = info.interface.check_slot(&tag.text, &name, pos);
                if self.checked(found).is_none() {
                    continue;
                }
            }
            let render = std::mem::take(&mut self.render);
            let container = self.list_container.take();
            if let (Some(template), true) = (text_slot, name.is_empty())
                && let Some((parts, r)) = self.template(template, true)
            {
                if !r.is_empty() {
                    self.error(
                        &template.pos,
                        "a component's text content cannot show fields",
                    )
                    .help("wrap it in an element: `text: \"{{…}}\"`");
                }
                self.push_parts(&parts);
            }
            for node in nodes {
                self.node(node, false);
            }
            self.list_container = container;
            let chunks = merge_static(std::mem::replace(&mut self.render, render));
            slots.push(SlotContent {
                name,
                render: chunks,
            });
        }

        self.reads |= reads | FieldMask::bit(bit);
        let instance = &mut self.instances[index];
        instance.props = props;
        instance.class = class;
        instance.data_on = data_on;
        instance.slots = slots;
        instance.emits = emits;
        instance.reads = reads;
        if in_item {
            // One item memory slot per prop: the hash of the value last set.
            let count = instance.props.len() as u32;
            if let Some(item) = &mut self.item {
                instance.item = Some(ItemInstance {
                    list: ListId(usize::MAX),
                    slot: item.slots,
                });
                item.slots += count;
            }
        }
        self.render.push(Chunk::Instance(index));
        self.patches.push(PatchItem::Instance(index));
    }

    /// Whether an instance may stand here: at the top level, or directly in the items of a
    /// top-level keyed `for`, without slot content or a class that changes. Reports why not.
    fn instance_in_item_allowed(&mut self, element: &ast::Element) -> bool {
        let Some(item) = &self.item else {
            return true;
        };
        let tag = &element.tag;
        let (keyed, depth) = (item.keyed, item.depth);
        if !keyed {
            self.error(
                &tag.pos,
                format!(
                    "`{}` is a component: a component inside `for` needs the loop's `key:`",
                    tag.text
                ),
            )
            .help("key the items, so that each keeps its own instance across reorders: `for (todo in todos, key: todo.id):`");
            return false;
        }
        let unsupported = if depth > 1 {
            Some("inside a nested `for`")
        } else if !self.guards.is_empty() {
            Some("inside an `if` within a `for` item")
        } else if !matches!(element.content, Content::Empty) {
            Some("with slot content inside `for`")
        } else {
            None
        };
        if let Some(place) = unsupported {
            self.error(
                &tag.pos,
                format!("`{}` is a component: a component {place} is not supported yet", tag.text),
            )
            .help("place the component directly in the items of a top-level keyed `for`, without content");
            return false;
        }
        true
    }

    /// Whether an imported component has the prop `name`; reports it if not. A component
    /// defined in Rust is checked by rustc, at its setter.
    fn known_prop(&mut self, info: Option<usize>, name: &ast::Name) -> bool {
        let Some(info) = info.map(|i| &self.imports[i]) else {
            return true;
        };
        let found = info.interface.check_prop(&info.alias, name);
        self.checked(found).is_some()
    }

    /// `slot` or `slot name` in a component's layout: where the parent's content goes.
    pub(super) fn slot(&mut self, slot: &ast::SlotNode) {
        let name = slot.name.as_ref().map_or(String::new(), |n| n.text.clone());
        let pos = slot
            .name
            .as_ref()
            .map_or(slot.keyword.clone(), |n| n.pos.clone());
        if !slot.nodes.is_empty() {
            self.error(&pos, "a slot in a component's layout takes no children")
                .help("content for a child's slot goes inside the component instance: `Card:` then `  slot footer:` and the content");
            return;
        }
        if self.item.is_some() {
            self.error(
                &pos,
                "a slot cannot stand inside `for`: the parent's content would repeat",
            )
            .help("move the slot out of the loop");
            return;
        }
        if self.own_slots.contains(&name) {
            self.errors.push(check::duplicate_slot(&name, pos));
            return;
        }
        self.own_slots.push(name.clone());
        self.render.push(Chunk::Slot(name));
    }
}
