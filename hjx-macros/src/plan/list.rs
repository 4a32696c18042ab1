//! Planning `for` blocks: the iterated expression and key, and each item's markup as a small
//! template of its own, whose hydration IDs are offsets from a base the runtime allocates per
//! item and whose dynamic spots remember their last value in the item's memory slots.

use syn::Expr;

use super::*;
use hjx_syntax::ast;

impl Planner<'_> {
    /// How many list items enclose what is being planned.
    pub(super) fn depth(&self) -> usize {
        self.item.as_ref().map_or(0, |item| item.depth)
    }

    pub(super) fn list(&mut self, node: &ast::For, root: bool) {
        let (container, wrapper) = match self.list_container.take() {
            Some(hid) => (hid, false),
            None => (self.alloc_hid(), true),
        };
        let iter_text = self.source.text[node.iter.clone()].to_owned();
        let iter = self.expr(&iter_text, &node.iter, false);
        let stream = self.stream_of(node, iter_text.trim());
        let rows_field = self
            .fields
            .iter()
            .find(|field| field.ident == iter_text.trim() && field.ty.is_rows() && !field.shared);
        let rows_bit = rows_field.map(|field| FieldMask::bit(field.bit));
        let top = self.item.is_none();

        let outer_locals = self.locals.len();
        for name in std::iter::once(&node.item).chain(&node.index) {
            if self.refs.iter().any(|f| f.name == name.text) {
                self.error(
                    &name.pos,
                    format!(
                        "`{}` is a field of the component; the loop's name would hide it",
                        name.text
                    ),
                )
                .help(format!(
                    "name the item otherwise, such as `{}_item`",
                    name.text
                ));
            }
            self.locals.push(name.text.clone());
        }
        let key = node.key.as_ref().map(|pos| {
            let text = self.source.text[pos.clone()].to_owned();
            self.expr(&text, pos, false)
        });

        let depth = self.depth() + 1;
        let outer_item = self.item.replace(ItemScope {
            depth,
            keyed: node.key.is_some(),
            stream: stream.is_some() || self.item.as_ref().is_some_and(|item| item.stream),
            ..ItemScope::default()
        });
        let outer_guards = std::mem::take(&mut self.guards);
        let outer_render = std::mem::take(&mut self.render);
        let outer_patches = std::mem::take(&mut self.patches);
        let outer_reads = std::mem::take(&mut self.reads);
        for child in &node.nodes {
            self.node(child, root);
        }
        let scope = std::mem::replace(&mut self.item, outer_item).unwrap_or_default();
        let render = merge_static(std::mem::replace(&mut self.render, outer_render));
        let patches = std::mem::replace(&mut self.patches, outer_patches);
        let inner_reads = std::mem::replace(&mut self.reads, outer_reads);
        self.locals.truncate(outer_locals);
        self.guards = outer_guards;

        // No key is fine; a key that failed to plan is not.
        let key = match key {
            None => Some(None),
            Some(planned) => planned.map(Some),
        };
        let (Some((iter, iter_reads)), Some(key)) = (iter, key) else {
            return;
        };
        let (key, key_reads) = match key {
            Some((key, reads)) => (Some(key), reads),
            None => (None, FieldMask::EMPTY),
        };
        if stream == Some(true) {
            self.shared_stream_reads(node, inner_reads | key_reads);
        }
        let rows = match rows_bit {
            Some(bit) => {
                top && key.is_some()
                    && scope.instances.is_empty()
                    && (inner_reads | key_reads).without(bit).is_empty()
            }
            None => false,
        };
        // A stream's items are rendered once: only a change of the stream itself patches it.
        let reads = match stream {
            Some(_) => iter_reads,
            None => iter_reads | key_reads | inner_reads,
        };
        self.reads |= reads;
        let index = ListId(self.lists.len());
        let mem = match &mut self.item {
            Some(item) => {
                item.lists.push(index);
                item.lists.len() - 1
            }
            None => {
                self.root_lists += 1;
                self.root_lists - 1
            }
        };
        for instance in &scope.instances {
            if let Some(item) = &mut self.instances[*instance].item {
                item.list = index;
            }
        }
        let span = self.source.span(&node.item.pos);
        self.lists.push(ListPlan {
            container,
            wrap_items: !matches!(node.nodes.as_slice(), [_]),
            depth: depth - 1,
            mem,
            item: Ident::new(&node.item.text, span),
            index: node
                .index
                .as_ref()
                .map(|name| Ident::new(&name.text, self.source.span(&name.pos))),
            // A field (`todos`, `group.items`) is looped over by reference; a local item
            // (`row`) already is one.
            borrow_iter: matches!(iter, Expr::Field(_)),
            stream,
            rows,
            iter,
            key,
            reads,
            stride: scope.next_hid,
            slots: scope.slots,
            nested: scope.lists,
            render,
            patches,
            bindings: scope.bindings,
        });
        if wrapper {
            self.render.push(Chunk::Static("<hjx-for".into()));
            self.push_hid(container);
            self.render.push(Chunk::Static(">".into()));
        }
        self.render.push(Chunk::List(index));
        if wrapper {
            self.render.push(Chunk::Static("</hjx-for>".into()));
        }
        self.patches.push(PatchItem::List(index));
    }
}

impl Planner<'_> {
    /// `Some(shared)` when the `for` loops over a field typed `Stream<…>`, after checking what a
    /// stream needs: a `key:`, no index, and no enclosing item.
    fn stream_of(&mut self, node: &ast::For, iter: &str) -> Option<bool> {
        let field = self
            .fields
            .iter()
            .find(|field| field.ident == iter && field.ty.is_stream())?;
        let shared = field.shared;
        if node.key.is_none() {
            self.error(&node.item.pos, "a stream's items need a `key:`")
                .help(format!(
                    "`replace` and `remove` find an item by it: `for ({} in {iter}, key: {}.id):`",
                    node.item.text, node.item.text
                ));
        }
        if let Some(index) = &node.index {
            self.error(&index.pos, "a stream's items have no index")
                .help("the server does not keep a stream's items, so it cannot number them");
        }
        if self.item.is_some() {
            self.error(&node.iter, "a stream cannot be inside a `for` item")
                .help("loop over the stream at the top level of the component, or make the item a component with a stream of its own");
        }
        Some(shared)
    }

    /// A `shared:` stream's items are rendered once for every page: they may read the item and
    /// `shared:` fields only.
    fn shared_stream_reads(&mut self, node: &ast::For, reads: FieldMask) {
        let own: Vec<String> = self
            .refs
            .iter()
            .filter(|field| !field.shared && reads.bits() & FieldMask::bit(field.bit).bits() != 0)
            .map(|field| field.name.clone())
            .collect();
        if let Some(name) = own.first() {
            self.error(
                &node.item.pos,
                format!("a `shared:` stream's items cannot read the `state:` field `{name}`"),
            )
            .help("each item is rendered once for every page: show per-page values outside the stream, or make the stream a `state:` field");
        }
    }

    /// Inside a stream's item, elements cannot bind events nor hold components: the server keeps
    /// nothing of the item to run them with.
    pub(super) fn refuse_in_stream(&mut self, pos: &ast::Pos, what: &str) {
        if self.item.as_ref().is_some_and(|item| item.stream) {
            self.error(pos, format!("{what} inside a stream's item"))
                .help("a stream's items are rendered once and not kept by the server; loop over a `Vec` with a keyed `for` for items that take events");
        }
    }
}
