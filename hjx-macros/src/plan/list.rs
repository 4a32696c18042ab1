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
        let reads = iter_reads | key_reads | inner_reads;
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
