//! Planning `if` regions: each branch's condition, render and patches, and the memory of the
//! branch shown.

use super::*;
use hjx_syntax::ast;

impl Planner<'_> {
    /// Plans an `if` region: its conditions, and each branch's render and patches.
    pub(super) fn region(&mut self, if_node: &ast::If, root: bool) {
        let hid = self.alloc_hid();
        let slot = self.alloc_slot();
        // The region's index is taken now, so that bindings inside can name it.
        let index = RegionId(self.regions.len());
        self.regions.push(RegionPlan {
            hid,
            slot,
            conditions: Vec::new(),
            arms: Vec::new(),
            arm_patches: Vec::new(),
            arm_lists: Vec::new(),
            reads: FieldMask::EMPTY,
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
            self.guards.push(Guard {
                region: index,
                branch: arms.len() as u8,
            });
            for node in &branch.nodes {
                self.node(node, root);
            }
            self.guards.pop();
            arm_lists.push(
                (first_list..self.lists.len())
                    .map(ListId)
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
}
