//! Snapshots: `Component::SHAPE`, `save` and `restore` (and their `shared:` twins), one field
//! after the other, then the children's state. Whether a field's type can be saved is decided
//! where its type is named, by the runtime's `Saved`/`Restored` wrappers: a component with a
//! field that is not serde-serializable saves nothing.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::{instance_field, rt};
use crate::plan::{InstanceId, Plan};

/// The snapshot items of the `Component` impl.
pub(super) fn snapshot_items(plan: &Plan, has_shared: bool) -> TokenStream {
    let rt = rt();
    // The shape: the component's name, then each field's name, kind and type, as written.
    let mut shape = plan.name.to_string();
    for field in &plan.fields {
        let kind = if field.shared { "shared" } else { "state" };
        shape.push_str(&format!(
            ";{kind} {}: {}",
            field.ident,
            field.ty.to_token_stream()
        ));
    }
    let own = Literal::u64_suffixed(hjx_syntax::fnv1a64(shape.as_bytes()));
    let child_shapes = plan.instances.iter().map(|instance| {
        let ty = &instance.ty;
        quote!(<#ty as #rt::Component>::SHAPE)
    });
    let state: Vec<_> = plan
        .fields
        .iter()
        .filter(|f| !f.shared)
        .map(|f| &f.ident)
        .collect();
    let instances: Vec<_> = (0..plan.instances.len())
        .map(|index| instance_field(InstanceId(index)))
        .collect();
    let shared_items = has_shared.then(|| {
        let shared: Vec<_> = plan
            .fields
            .iter()
            .filter(|f| f.shared)
            .map(|f| &f.ident)
            .collect();
        quote! {
            #[allow(clippy::needless_borrow)]
            fn save_shared(shared: &Self::Shared, out: &mut #rt::Vec<u8>) -> bool {
                #[allow(unused_imports)]
                use #rt::{SaveField as _, SaveNone as _};
                true #(&& (&#rt::Saved(&shared.#shared)).save_field(out))*
            }

            #[allow(clippy::needless_borrow)]
            fn restore_shared(shared: &mut Self::Shared, input: &mut &[u8]) -> bool {
                #[allow(unused_imports)]
                use #rt::{RestoreField as _, RestoreNone as _};
                true #(&& (&mut #rt::Restored(&mut shared.#shared)).restore_field(input))*
            }
        }
    });
    quote! {
        const SHAPE: u64 = #rt::shape(#own, &[#(#child_shapes),*]);

        #[allow(clippy::needless_borrow)]
        fn save(&self, out: &mut #rt::Vec<u8>) -> bool {
            #[allow(unused_imports)]
            use #rt::{SaveField as _, SaveNone as _};
            true #(&& (&#rt::Saved(&self.#state)).save_field(out))*
                #(&& self.#instances.save(out))*
        }

        #[allow(clippy::needless_borrow)]
        fn restore(&mut self, input: &mut &[u8]) -> bool {
            #[allow(unused_imports)]
            use #rt::{RestoreField as _, RestoreNone as _};
            true #(&& (&mut #rt::Restored(&mut self.#state)).restore_field(input))*
                #(&& self.#instances.restore(input))*
        }

        #shared_items
    }
}
