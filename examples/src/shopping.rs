//! A shopping list (`ShoppingList.hjx`): a keyed `for` with an `if` inside each item, removal,
//! and an `if` for the empty list.

use hjx_runtime::include_hjx;

/// One line of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Unique within the list: the `for` key.
    pub id: u64,
    /// What to buy.
    pub name: String,
    /// How many, at least 1.
    pub quantity: u32,
    /// Whether it is in the basket already.
    pub bought: bool,
}

include_hjx!("ShoppingList.hjx");

/// The list a new session starts with.
pub fn starter_items() -> Vec<Item> {
    ["Bread", "Milk", "Apples"]
        .into_iter()
        .zip(1..)
        .map(|(name, id)| Item {
            id,
            name: name.to_owned(),
            quantity: if name == "Apples" { 6 } else { 1 },
            bought: false,
        })
        .collect()
}
