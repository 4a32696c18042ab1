//! `if` regions: which branch shows, its memory (per session, or in the shared value when
//! only `shared:` fields decide it), its render, and the patch that replaces it when the branch
//! changes.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::{Cx, html_ident, rt};
use crate::expr::shared_ident;
use crate::plan::{self, Guard, PatchItem, Plan, RegionId, RegionScope};

/// For each region: whether its memory lives in the shared value (its condition and content
/// read only `shared:` fields, and so do its enclosing regions'), and its slot there.
pub(super) fn region_scopes(plan: &Plan) -> Vec<RegionScope> {
    fn walk(
        plan: &Plan,
        items: &[PatchItem],
        parent_shared: bool,
        scopes: &mut Vec<RegionScope>,
        counts: &mut [usize; 2],
    ) {
        for item in items {
            if let PatchItem::Region(index) = item {
                let region = &plan.regions[*index];
                let shared = parent_shared
                    && !region.has_list
                    && !region.reads.is_empty()
                    && region.reads.without(plan.shared_mask).is_empty();
                let slot = counts[usize::from(shared)];
                counts[usize::from(shared)] += 1;
                scopes[*index] = RegionScope { shared, slot };
                for arm in &region.arm_patches {
                    walk(plan, arm, shared, scopes, counts);
                }
            }
        }
    }
    let mut scopes = vec![RegionScope::default(); plan.regions.len()];
    let mut counts = [0, 0];
    walk(plan, &plan.patches, true, &mut scopes, &mut counts);
    scopes
}

impl Cx<'_> {
    /// The conditions under which the top-level regions of `guards` show the branches named:
    /// one per region.
    pub(super) fn shown(&self, guards: &[Guard]) -> Vec<TokenStream> {
        let rt = rt();
        guards
            .iter()
            .map(|guard| {
                let memory = self.memory(guard.region);
                let branch = Literal::u8_unsuffixed(guard.branch);
                quote!(#memory.load(#rt::core::sync::atomic::Ordering::Relaxed) == #branch)
            })
            .collect()
    }

    /// `branch => { render it }` for each branch of a region, clearing the lists of the others.
    fn branch_arms(&self, region: &plan::RegionPlan) -> Vec<TokenStream> {
        region
            .arms
            .iter()
            .enumerate()
            .map(|(i, arm)| {
                let clear = self.clear_other_arms(region, i);
                let i = Literal::u8_unsuffixed(i as u8);
                let steps = self.render_chunks(arm);
                quote!(#i => { #clear #steps })
            })
            .collect()
    }

    /// Where region `region` remembers the branch it shows.
    pub(super) fn memory(&self, region: RegionId) -> TokenStream {
        let RegionScope { shared, slot } = self.scopes[region];
        let shared_ident = shared_ident();
        if shared {
            quote!(#shared_ident.__hjx_mem[#slot])
        } else {
            quote!(self.__hjx_mem[#slot])
        }
    }

    /// The methods that choose region `region`'s branch and render it.
    pub(super) fn region_idents(region: RegionId) -> (Ident, Ident) {
        let index = region.index();
        (
            Ident::new(&format!("__hjx_if_{index}"), Span::mixed_site()),
            Ident::new(&format!("__hjx_if_{index}_html"), Span::mixed_site()),
        )
    }

    /// Each region's branch choice and branch render, as methods.
    pub(super) fn region_fns(&self, shared_ty: &TokenStream) -> TokenStream {
        let rt = rt();
        let html = html_ident();
        let shared = shared_ident();
        let fns = self
            .plan
            .regions
            .iter()
            .enumerate()
            .filter(|(_, region)| region.slot.is_none())
            .map(|(index, region)| {
                let (branch, render) = Self::region_idents(RegionId(index));
                let choice = Self::branch_choice(region);
                let arms = self.branch_arms(region);
                quote! {
                    #[allow(unused_variables, clippy::all)]
                    fn #branch(&self, #shared: &#shared_ty) -> u8 { #choice }
                    #[allow(unused_variables, clippy::all)]
                    fn #render(&self, #shared: &#shared_ty, #html: &mut #rt::Html, branch: u8, __hjx_slots: &#rt::Slots<'_>) {
                        match branch {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            });
        quote!(#(#fns)*)
    }

    /// Clears the memory of the lists in the region's branches other than `shown`, so that no
    /// event finds their items.
    pub(super) fn clear_other_arms(&self, region: &plan::RegionPlan, shown: usize) -> TokenStream {
        let lists = region
            .arm_lists
            .iter()
            .enumerate()
            .filter(|(arm, _)| *arm != shown)
            .flat_map(|(_, lists)| lists.iter());
        let clears = lists.map(|l| {
            let list = &self.plan.lists[*l];
            let mem = Literal::usize_unsuffixed(list.mem);
            if list.depth == 0 {
                quote!(self.__hjx_lists[#mem].borrow_mut().items.clear();)
            } else {
                quote!(__hjx_item.lists[#mem].items.clear();)
            }
        });
        quote!(#(#clears)*)
    }

    /// The branch choice of a region, as an expression.
    pub(super) fn branch_choice(region: &plan::RegionPlan) -> TokenStream {
        let mut choice = quote!(u8::MAX);
        for (i, condition) in region.conditions.iter().enumerate().rev() {
            let i = Literal::u8_unsuffixed(i as u8);
            choice = match condition {
                Some(condition) => quote!(if #condition { #i } else { #choice }),
                None => quote!(#i),
            };
        }
        choice
    }

    /// Renders a region inside a list item: its live branch, remembered in the item's slot.
    pub(super) fn item_region_render(&self, index: RegionId) -> TokenStream {
        let region = &self.plan.regions[index];
        let slot = Literal::usize_unsuffixed(region.slot.unwrap_or_default() as usize);
        let choice = Self::branch_choice(region);
        let arms = self.branch_arms(region);
        quote! {{
            let __hjx_b: u8 = #choice;
            __hjx_item.slots[#slot] = u64::from(__hjx_b);
            match __hjx_b {
                #(#arms)*
                _ => {}
            }
        }}
    }

    /// Patches a region inside a list item: a changed branch replaces it, else its live
    /// branch's spots are compared with their memory.
    pub(super) fn item_region_patch(&self, index: RegionId) -> TokenStream {
        let rt = rt();
        let region = &self.plan.regions[index];
        let slot = Literal::usize_unsuffixed(region.slot.unwrap_or_default() as usize);
        let choice = Self::branch_choice(region);
        let html = html_ident();
        let out = Ident::new("__hjx_out", Span::mixed_site());
        let hid = Self::hid(region.hid, true);
        let render = self.item_region_render(index);
        let arms = region.arm_patches.iter().enumerate().map(|(i, arm)| {
            let i = Literal::u8_unsuffixed(i as u8);
            let inner = self.patch_items(arm, false);
            quote!(#i => { #inner })
        });
        quote! {{
            let __hjx_b: u8 = #choice;
            if __hjx_item.slots[#slot] != u64::from(__hjx_b) {
                let mut __hjx_region = #rt::Html::new();
                {
                    let #html = &mut __hjx_region;
                    #render
                }
                #out.push(#rt::PatchOp::ReplaceHtml { hid: #hid, html: __hjx_region.into_string() });
            } else {
                match __hjx_b {
                    #(#arms)*
                    _ => {}
                }
            }
        }}
    }
}
